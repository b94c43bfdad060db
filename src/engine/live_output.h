/* SPDX-License-Identifier: MIT */
/* live_output.h — what the live engine publishes to: a table of output kinds.
 *
 * An output kind turns the pipeline's tracks and alert events into something: JSON lines
 * (live_output.c), ASTERIX Cat 062 (live_out_asterix.c), the SQLite recorder
 * (live_out_record.c), the web operator picture (live_out_cop.c); each is one entry in
 * vg_live_outputs[] (live_output.c). A kind that produces bytes writes them as
 * units (one line, one ASTERIX data block) to the sink the engine gives it, which carries
 * them over the output's transport: a file, UDP datagrams (units packed up to datagram_max
 * bytes), or a TCP server any number of clients connect to. A kind with its own I/O (a web
 * server on the loop, a database) declares no_sink and uses ctx->loop. Calls come on the
 * loop's thread; none may block: the sink drops what it cannot take, counted. */
#ifndef VG_ENGINE_LIVE_OUTPUT_H
#define VG_ENGINE_LIVE_OUTPUT_H

#include <stddef.h>
#include <stdint.h>

#include "assess/alerts.h"
#include "base/err.h"
#include "base/site.h"
#include "engine/live.h"
#include "sense/detection.h"
#include "track/track.h"

struct vg_live_sink;

/* Hand one unit (a line with its "\n", a message) to the transport. Never blocks: a unit
 * that cannot be taken whole is dropped and counted. Returns 0 or VG_EFULL (dropped
 * everywhere). */
int vg_live_sink_write(struct vg_live_sink *s, const void *buf, size_t len);

/* What a kind gets at open. */
struct vg_live_output_ctx {
    const char *name;                 /* the output's name, for messages */
    const struct vg_site *site;
    struct uv_loop_s *loop;
    struct vg_live_sink *sink;        /* NULL for no_sink kinds */
    struct vg_live_output_config *cfg; /* transport settings and the section's keys */
    struct vg_live *engine;           /* for vg_live_operator_action, vg_live_config_of */
    struct vg_live_output_stats *stats; /* the output's counters (the sink keeps them for
                                          byte kinds; a no_sink kind counts its own here) */
};

/* A kind's own key (not a transport key) as written, or NULL; marks it used, so keys no
 * kind took can be reported as unknown. */
const char *vg_live_output_key(struct vg_live_output_config *c, const char *key);

struct vg_live_output_ops {
    const char *name;        /* "tracks-jsonl", "alerts-jsonl", ... */
    int no_sink;             /* 1: does its own I/O (transport must be none) */
    const char *const *keys; /* its own keys, NULL-terminated (or NULL: none) */
    int (*open)(void **state, const struct vg_live_output_ctx *ctx, struct vg_diag *d);
    /* Every emission of the pipeline (tracks with class and threat), or NULL. */
    void (*tracks)(void *state, double t, const struct vg_track *trk, size_t n);
    /* Every alert event, or NULL. */
    void (*alert)(void *state, const struct vg_alert *e, const char *zone_id,
                  const struct vg_advice *adv, size_t nadv, const uint64_t *members,
                  size_t nmembers);
    /* Every detection handed to the pipeline (after the input's sensor check), or NULL. */
    void (*detection)(void *state, const struct vg_detection *det);
    /* Every operator action (vg_live_operator_action): t in engine time; what "ack",
     * "clear", ...; detail says from where and whether it was refused. Or NULL. */
    void (*action)(void *state, double t, const char *who, const char *what,
                   const char *alert_id, const char *detail);
    /* Flush and free (the sink is still open during the call). */
    void (*close)(void *state);
};

/* A kind's own path key (marked used), a relative path taken from the configuration file's
 * directory, into out. 1 if written, 0 if the key is absent (out untouched), VG_ERANGE if
 * too long. */
int vg_live_output_path(const struct vg_live_output_ctx *ctx, const char *key, char *out,
                        size_t cap);

const struct vg_live_output_ops *vg_live_output_find(const char *name);
extern const struct vg_live_output_ops *const vg_live_outputs[]; /* NULL-terminated */

#endif
