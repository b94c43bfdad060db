/* SPDX-License-Identifier: MIT */
/* live.h — the live engine: sensor feeds in over UDP and TCP, tracks and alerts out, on one
 * libuv event loop (`vigil run --config FILE`).
 *
 * Each [input] is a transport (UDP socket, TCP server, TCP client) and a wire format (a
 * decoder from sense/decoders.c by name). Units cut by the decoder's framing are decoded
 * into detections, which go straight into the pipeline (engine/pipeline.h: scan assembly,
 * late reports, classification, assessment) on the loop's thread: nothing is queued between
 * decoder and tracker, so a detection is in the tracker within microseconds of its read.
 * Each [output] is a kind from the output table (live_output.h: tracks or alerts as JSON
 * lines, ASTERIX Cat 062, the SQLite recorder, the operator picture), the byte kinds over a
 * transport (file, UDP, TCP server) that never blocks the loop: slow TCP clients and full
 * UDP socket buffers lose whole units, counted. Without a record output the loader adds one
 * ([engine] record, default STATE_DIR/run.db; record = off to disable).
 *
 * The configuration file (docs/run.md) has sections:
 *   [engine]          site, log_level, stats_interval_s, metrics_port, metrics_address,
 *                     record, state_dir
 *   [pipeline]        tracker, classifier and alert settings (engine/pipeline.h); such keys
 *                     may also stand before any section
 *   [input NAME]      format, transport, address, port, sensor, linktype, ...
 *   [output NAME]     kind, transport, path | address + port, ...
 * Errors read "FILE:LINE: reason". */
#ifndef VG_ENGINE_LIVE_H
#define VG_ENGINE_LIVE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/err.h"
#include "engine/pipeline.h"
#include "sense/decoder.h"

#define VG_LIVE_NAME_MAX 64
#define VG_LIVE_PATH_MAX 1024
#define VG_LIVE_MAX_INPUTS 64
#define VG_LIVE_MAX_OUTPUTS 32
#define VG_LIVE_MAX_KV 32

enum vg_live_transport {
    VG_LIVE_UDP = 0,      /* input: bind address:port; output: send to address:port */
    VG_LIVE_TCP_SERVER,   /* listen on address:port; any number of peers */
    VG_LIVE_TCP_CLIENT,   /* input only: connect to address:port, reconnect with back-off */
    VG_LIVE_FILE,         /* output only: append to path */
    VG_LIVE_NONE,         /* output kinds that do their own I/O (a web server, a database) */
};

const char *vg_live_transport_name(int t);
int vg_live_transport_from_name(const char *s); /* or -1 */

/* One `key = value` of a section, kept for the output kinds' own keys. */
struct vg_live_kv {
    char key[VG_LIVE_NAME_MAX];
    char value[VG_LIVE_PATH_MAX];
    int line;                 /* line in the file; 0 for --set */
    int used;                 /* consumed by the engine or the kind */
};

struct vg_live_input_config {
    char name[VG_LIVE_NAME_MAX];
    int line;                 /* of its [input] header */
    const struct vg_decoder_ops *dec;
    int transport;            /* UDP, TCP_SERVER or TCP_CLIENT */
    char address[VG_LIVE_NAME_MAX]; /* bind or connect address (default 127.0.0.1) */
    int port;                 /* 0: any (bind only) */
    char sensor[VG_LIVE_NAME_MAX];  /* site sensor id, or "" (the decoder decides) */
    int linktype;             /* FRAME framing's DLT_* (0: the format's default) */
    int rcvbuf;               /* UDP: SO_RCVBUF bytes to ask for (0: the system's) */
    double reconnect_min_s, reconnect_max_s; /* TCP client back-off bounds */
    int max_connections;      /* TCP server: peers at once */
};

struct vg_live_output_ops; /* live_output.h */

struct vg_live_output_config {
    char name[VG_LIVE_NAME_MAX];
    int line;
    const struct vg_live_output_ops *kind;
    int transport;            /* FILE, UDP, TCP_SERVER, or NONE for kinds with their own I/O */
    char path[VG_LIVE_PATH_MAX];
    char address[VG_LIVE_NAME_MAX];
    int port;
    size_t client_buffer;     /* TCP server: bytes queued per client before units are lost */
    int max_clients;
    size_t datagram_max;      /* UDP: bytes per datagram (lines are packed up to it) */
    struct vg_live_kv kv[VG_LIVE_MAX_KV]; /* every key of the section, for the kind */
    size_t nkv;
};

struct vg_live_config {
    char path[VG_LIVE_PATH_MAX];    /* the file, for messages */
    char site[VG_LIVE_PATH_MAX];    /* site.geojson ("" = none: xyz sensors only) */
    int log_level;                  /* base/log.h */
    double stats_interval_s;        /* counters logged this often (0: never) */
    char metrics_address[VG_LIVE_NAME_MAX];
    int metrics_port;               /* -1: no endpoint; 0: any free port */
    int malformed_log_per_s;        /* malformed-unit warnings per input per second */
    double drain_s;                 /* at shutdown: how long TCP clients get to take the rest */
    int final_counters;             /* log the counters at shutdown, whatever the level (1) */
    char dir[VG_LIVE_PATH_MAX];     /* the file's directory ("" for text in memory) */
    char state_dir[VG_LIVE_PATH_MAX]; /* [engine] state_dir: the default recording and the
                                       COP's token live here ("": vg_cop_state_dir) */
    char record[VG_LIVE_PATH_MAX];  /* [engine] record: the default recording's path, "off",
                                       or "" (STATE_DIR/run.db); used when no [output] is a
                                       record kind (the loader then adds one) */
    struct vg_pipeline_config pipeline;
    struct vg_live_input_config inputs[VG_LIVE_MAX_INPUTS];
    size_t ninputs;
    struct vg_live_output_config outputs[VG_LIVE_MAX_OUTPUTS];
    size_t noutputs;
};

void vg_live_config_default(struct vg_live_config *c);

/* Read FILE, apply the overrides ("KEY=VALUE": a pipeline key, engine.KEY, input.NAME.KEY or
 * output.NAME.KEY) and check everything. Relative paths in the file are taken from the
 * file's directory. 0, or a negative VG_E* with d = "FILE:LINE: reason" ("--set K=V: reason"
 * for an override). */
int vg_live_config_load(struct vg_live_config *c, const char *path, const char *const *sets,
                        size_t nsets, struct vg_diag *d);
/* The same from text in memory (name stands for the file; relative paths stay as they are). */
int vg_live_config_parse(struct vg_live_config *c, const char *name, const char *text,
                         size_t len, const char *const *sets, size_t nsets, struct vg_diag *d);

/* The resolved configuration as a loadable file (for --check). */
void vg_live_config_write(FILE *f, const struct vg_live_config *c);

/* The input that carries sensor id `sensor`: the one naming it, else the first input with
 * no sensor; -1 if none. */
int vg_live_config_input_for(const struct vg_live_config *c, const char *sensor);

/* ---- the engine ---- */

struct vg_live;

/* Per-input counters (the decoder's, plus the transport's). */
struct vg_live_input_stats {
    struct vg_decoder_stats dec;
    uint64_t connections;     /* TCP peers accepted / connections made */
    uint64_t disconnects;
    uint64_t overlong;        /* units longer than unit_max (also in dec.malformed) */
    uint64_t kernel_drops;    /* UDP: datagrams the kernel dropped (SO_RXQ_OVFL-style, from
                                 /proc/net/udp), when known */
};

struct vg_live_output_stats {
    uint64_t units;           /* lines or messages handed to the transport */
    uint64_t bytes;
    uint64_t dropped;         /* units lost: slow client, full socket buffer, write error */
    uint64_t clients;         /* TCP clients accepted */
};

/* Arrival → track-output latency histogram (see live_metrics.c). */
struct vg_live_latency {
    uint64_t count;
    double p50_ms, p95_ms, p99_ms, max_ms;
};

/* Build the engine on loop: load the site, open the pipeline, bind every input and output.
 * Nothing runs until the loop does. 0 or a negative VG_E* with d naming the input/output. */
struct uv_loop_s;
int vg_live_new(struct vg_live **out, const struct vg_live_config *cfg, struct uv_loop_s *loop,
                struct vg_diag *d);
/* Start inputs, timers and (handle_signals) SIGINT/SIGTERM handling. */
int vg_live_start(struct vg_live *e, int handle_signals, struct vg_diag *d);
/* Begin a clean shutdown (as SIGTERM does): stop the inputs, flush the pipeline, flush and
 * close the outputs; the loop then runs out of handles. Safe to call twice. */
void vg_live_stop(struct vg_live *e);
/* After the loop has returned. NULL is a no-op. */
void vg_live_free(struct vg_live *e);

/* The bound port of input/output i (for port 0), or -1. */
int vg_live_input_port(const struct vg_live *e, size_t i);
int vg_live_output_port(const struct vg_live *e, size_t i);
int vg_live_metrics_port(const struct vg_live *e);

void vg_live_input_stats(const struct vg_live *e, size_t i, struct vg_live_input_stats *st);
void vg_live_output_stats(const struct vg_live *e, size_t i, struct vg_live_output_stats *st);
void vg_live_latency(const struct vg_live *e, struct vg_live_latency *l);
/* From the read of a datagram holding a scan marker to the track output that scan closed. */
void vg_live_latency_scan(const struct vg_live *e, struct vg_live_latency *l);
uint64_t vg_live_emissions(const struct vg_live *e);

/* The configuration the engine runs (for output kinds: the pipeline settings, the state
 * directory, the file's directory). */
const struct vg_live_config *vg_live_config_of(const struct vg_live *e);

/* The engine's time now, in its time base (the sensors' clock): the last emission's time
 * plus the monotonic time since, or the UNIX time before the first emission. */
double vg_live_time(const struct vg_live *e);

/* An operator's action (from the operator picture, or any console): "ack" acknowledges the
 * alert in the pipeline's assessor (its "acknowledged" event then reaches every output);
 * every action, done or refused, is then handed to every output's action hook (the
 * recorder keeps who, what, which alert, when and detail: from where). Returns 0, or
 * VG_ENOENT when an ack names no live alert (or the engine does not assess). */
int vg_live_operator_action(struct vg_live *e, const char *who, const char *what,
                            const char *alert_id, const char *detail);

/* All counters as one JSON object (the metrics endpoint's body), into buf. Returns the
 * length (truncated output is still valid JSON only if it fits; cap ≥ 64 KiB is ample). */
size_t vg_live_metrics_json(const struct vg_live *e, char *buf, size_t cap);
/* The counters as log lines (info), or the final summary (always printed). */
void vg_live_log_counters(const struct vg_live *e, int final);

#endif
