/* SPDX-License-Identifier: MIT */
/* live_internal.h — what the live engine's files (live*.c) share; not a public interface. */
#ifndef VG_ENGINE_LIVE_INTERNAL_H
#define VG_ENGINE_LIVE_INTERNAL_H

#include <stdint.h>
#include <uv.h>

#include "engine/live.h"
#include "engine/live_output.h"

int vg__live_config_parse_dir(struct vg_live_config *c, const char *name, const char *dir,
                              const char *text, size_t len, const char *const *sets,
                              size_t nsets, struct vg_diag *d);

/* ---- latency histogram (live_metrics.c) ----
 * Log-linear: 32 sub-buckets per power of two of nanoseconds, so a percentile is within
 * 1/32 ≈ 3 % of the true value, over 1 ns .. 2⁴⁰ ns (18 min) in 41 × 32 counters (10 kB). */
#define VG__HIST_SUB 32
#define VG__HIST_EXP 41
struct vg__hist {
    uint64_t b[VG__HIST_EXP * VG__HIST_SUB];
    uint64_t count;
    uint64_t max_ns;
};
void vg__hist_add(struct vg__hist *h, uint64_t ns);
double vg__hist_quantile_ms(const struct vg__hist *h, double q);
void vg__hist_summary(const struct vg__hist *h, struct vg_live_latency *l);

/* Monotonic nanoseconds (latency) and UNIX seconds (t_rx). */
uint64_t vg__live_mono_ns(void);
double vg__live_unix_s(void);

/* ---- inputs (live_input.c) ---- */
struct live_input;

struct live_conn {                   /* one TCP stream: an accepted peer or our connection */
    uv_tcp_t tcp;                    /* first: the handle's data is the conn */
    uv_connect_t connect;
    struct live_input *in;
    void *dec;                       /* the decoder's state for this stream */
    uint8_t *buf;                    /* bytes not yet cut into units */
    size_t len, cap;
    int skipping;                    /* LINE: dropping the rest of an over-long line */
    int connected;
    uint64_t unit_no;                /* units of this stream, from 1 */
    char peer[96];
    struct live_conn *next;
};

struct live_input {
    struct vg_live *e;
    const struct vg_live_input_config *cfg;
    size_t index;
    int sensor;                      /* site index the input is bound to, or -1 */
    uv_udp_t udp;
    uv_tcp_t listener;
    uv_timer_t retry;                /* TCP client: reconnect */
    int have_udp, have_listener, have_retry;
    double backoff_s;
    void *dec;                       /* UDP: the input's one decoder state */
    uint8_t *rbuf;                   /* UDP: receive buffer */
    uint64_t unit_no;                /* UDP: units of the input, from 1 */
    struct live_conn *conns;
    size_t nconns;
    int port;                        /* bound port */
    uint64_t ino;                    /* UDP socket inode, for /proc/net/udp drops */
    struct vg_live_input_stats st;
    /* Malformed-unit warnings: a token bucket of malformed_log_per_s per second, burst 10. */
    double rl_tokens;
    uint64_t rl_last_ns;
    uint64_t suppressed;
};

int vg__live_input_open(struct live_input *in, struct vg_diag *d);
void vg__live_input_close(struct live_input *in);
void vg__live_input_free(struct live_input *in);
uint64_t vg__live_udp_drops(uint64_t ino);

/* ---- output transports (live_sink.c) ---- */
struct sink_client;

struct vg_live_sink {
    struct vg_live *e;
    struct vg_live_output_config *cfg;
    FILE *file;
    uv_udp_t udp;
    uv_tcp_t listener;
    int have_udp, have_listener;
    struct sockaddr_storage dest;
    uint8_t *dgram;                  /* UDP: units packed into the next datagram */
    size_t dlen;
    struct sink_client *clients;
    size_t nclients;
    int draining;
    int port;
    struct vg_live_output_stats st;
};

int vg__live_sink_open(struct vg_live_sink *s, struct vg_diag *d);
void vg__live_sink_flush(struct vg_live_sink *s);     /* end of an emission or alert */
void vg__live_sink_close(struct vg_live_sink *s);     /* flush, then drain TCP clients */
void vg__live_sink_force_close(struct vg_live_sink *s);
void vg__live_sink_free(struct vg_live_sink *s);

/* ---- the engine (live.c) ---- */
struct live_output {
    struct vg_live_output_config *cfg;
    const struct vg_live_output_ops *ops;
    void *state;
    int open;
    struct vg_live_sink sink;
};

#define VG__LAT_RING (1u << 16)

struct vg_live {
    uv_loop_t *loop;
    struct vg_live_config cfg;
    struct vg_site site;
    struct vg_pipeline *pl;
    struct live_input in[VG_LIVE_MAX_INPUTS];
    size_t nin;
    struct live_output out[VG_LIVE_MAX_OUTPUTS];
    size_t nout;
    uv_signal_t sigint, sigterm;
    uv_timer_t stats_timer, drain_timer;
    uv_tcp_t metrics;
    int have_signals, have_stats, have_drain, have_metrics;
    int metrics_port;
    int stopping, stopped_pipeline;
    uint64_t emissions, tracks_out, alerts_out;
    uint64_t pipeline_errors;
    size_t live_tracks;
    double t_emit;                   /* the last emission's time (engine time base) */
    uint64_t t_emit_ns;              /* and when it was made (monotonic; 0: none yet) */
    uint64_t t_start_ns;
    /* Latency: each detection's read time waits here until the next emission. */
    uint64_t *ring;
    size_t ring_n;
    uint64_t unmeasured;             /* read times lost to a full ring */
    uint64_t adding_ns;              /* read time of the detection being added */
    int adding_scan;
    struct vg__hist lat_det;         /* detection read → the next track output after it */
    struct vg__hist lat_scan;        /* scan marker read → the track output it closed */
};

/* A decoded detection: bound-sensor check, then the pipeline. read_ns: its datagram's or
 * chunk's read time. Returns 0, 1 if dropped by the pipeline, 2 if the input is bound to
 * another sensor. */
int vg__live_ingest(struct vg_live *e, struct live_input *in, const struct vg_detection *det,
                    uint64_t read_ns);

/* The metrics HTTP endpoint (live_metrics.c). */
int vg__live_metrics_open(struct vg_live *e, struct vg_diag *d);

#endif
