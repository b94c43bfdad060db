/* SPDX-License-Identifier: MIT */
/* live_out_record.c — the `record` output kind of the live engine: everything the engine
 * saw and said into an SQLite recording (record/recorder.h, docs/record.md).
 *
 * Every detection handed to the pipeline, every emission (one per time: the coalescer
 * passes an emission on when the time moves on, as `vigil exercise --record` does, so that
 * `vigil replay --rerun` gives the same tracks), every alert event and every operator
 * action, plus the run's metadata (site, exact pipeline settings, time base "unix", the
 * configuration file). The engine's thread only copies records into the recorder's bounded
 * queue; a writer thread commits them every 50 ms. The queue is never waited for (no
 * VG_RECORDER_BLOCK): a record it cannot take is dropped and counted in the output's
 * `dropped` (metrics and final counters), `units` counting the records queued. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/log.h"
#include "engine/live_output.h"
#include "publish/coalesce.h"
#include "record/recorder.h"

struct rec_out {
    struct vg_recorder *rec;
    struct vg_emit_coalesce co;
    const struct vg_site *site;
    struct vg_live_output_stats *st;
    char name[VG_LIVE_NAME_MAX];
    char path[VG_LIVE_PATH_MAX];
};

static const char *const rec_keys[] = {"truncate", "queue", "commit_ms", NULL};

static void count(struct rec_out *o, int rc, uint64_t n)
{
    if (rc)
        o->st->dropped += n;
    else
        o->st->units += n;
}

static void rec_tracks_sink(void *user, double t, const struct vg_track *trk, size_t n)
{
    struct rec_out *o = user;
    count(o, vg_recorder_tracks(o->rec, t, trk, n), n);
}

/* The directories above path, as `mkdir -p` (0700: a recording is the post's log). */
static int make_parents(const char *path)
{
    char buf[VG_LIVE_PATH_MAX];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0700) && errno != EEXIST)
            return -errno;
        *p = '/';
    }
    return 0;
}

static int parse_num(const char *v, double lo, double hi, double *out)
{
    char *end;
    double x = v ? strtod(v, &end) : 0;
    if (!v || end == v || *end || !(x >= lo && x <= hi))
        return VG_EINVAL;
    *out = x;
    return 0;
}

static void rec_close(void *state);

static int rec_open_in(struct rec_out *o, const struct vg_live_output_ctx *ctx,
                       struct vg_diag *d);

/* On failure the engine does not call close: free what was made here. */
static int rec_open(void **state, const struct vg_live_output_ctx *ctx, struct vg_diag *d)
{
    struct rec_out *o = calloc(1, sizeof *o);
    if (!o)
        return vg_diag_set(d, VG_ENOMEM, "out of memory");
    vg_emit_coalesce_init(&o->co, rec_tracks_sink, o);
    int rc = rec_open_in(o, ctx, d);
    if (rc)
        rec_close(o);
    else
        *state = o;
    return rc;
}

static int rec_open_in(struct rec_out *o, const struct vg_live_output_ctx *ctx,
                       struct vg_diag *d)
{
    struct vg_live_output_config *c = ctx->cfg;
    const struct vg_live_config *lc = vg_live_config_of(ctx->engine);
    struct vg_recorder_opts ro;
    vg_recorder_opts_default(&ro);
    ro.site = ctx->site;
    const char *v;
    double x;
    if ((v = vg_live_output_key(c, "truncate"))) {
        if (!strcmp(v, "true") || !strcmp(v, "1"))
            ro.flags |= VG_RECORDER_TRUNCATE;
        else if (strcmp(v, "false") && strcmp(v, "0"))
            return vg_diag_set(d, VG_EINVAL, "output %s: truncate: '%s' is not true or false",
                               c->name, v);
    }
    if ((v = vg_live_output_key(c, "queue"))) {
        if (parse_num(v, 1024, 1 << 24, &x))
            return vg_diag_set(d, VG_EINVAL, "output %s: queue: '%s' is not a number of "
                               "records in [1024, 16777216]", c->name, v);
        ro.queue_slots = (size_t)x;
    }
    if ((v = vg_live_output_key(c, "commit_ms"))) {
        if (parse_num(v, 1, 10000, &x))
            return vg_diag_set(d, VG_EINVAL, "output %s: commit_ms: '%s' is not in [1, 10000]",
                               c->name, v);
        ro.commit_ms = x;
    }
    if (!c->path[0])
        return vg_diag_set(d, VG_EINVAL, "output %s: kind record needs path (the .db file)",
                           c->name);
    o->site = ctx->site;
    o->st = ctx->stats;
    snprintf(o->name, sizeof o->name, "%s", c->name);
    snprintf(o->path, sizeof o->path, "%s", c->path);
    int rc = make_parents(o->path);
    if (rc)
        return vg_diag_set(d, rc, "output %s: cannot create the directory of %s: %s", c->name,
                           o->path, vg_strerror(rc));
    struct vg_diag sub;
    if ((rc = vg_recorder_open(&o->rec, o->path, &ro, &sub)))
        return vg_diag_set(d, rc, "output %s: %s", c->name, sub.msg);
    char src[VG_LIVE_PATH_MAX + 16];
    snprintf(src, sizeof src, "vigil run %s", lc->path);
    rc = vg_recorder_meta_run(o->rec, NULL, ctx->site, &lc->pipeline);
    /* Live feeds carry their own clock (UNIX time from real sensors and from `vigil sim
     * --live` unless --epoch 0). */
    if (!rc)
        rc = vg_recorder_meta(o->rec, "time_base", "unix");
    if (!rc)
        rc = vg_recorder_meta(o->rec, "source", src);
    if (rc)
        return vg_diag_set(d, rc, "output %s: %s: %s", c->name, o->path, vg_strerror(rc));
    return 0;
}

static void rec_detection(void *state, const struct vg_detection *det)
{
    struct rec_out *o = state;
    count(o, vg_recorder_detection(o->rec, det, o->site), 1);
}

static void rec_tracks(void *state, double t, const struct vg_track *trk, size_t n)
{
    struct rec_out *o = state;
    vg_emit_coalesce_push(&o->co, t, trk, n);
}

static void rec_alert(void *state, const struct vg_alert *e, const char *zone_id,
                      const struct vg_advice *adv, size_t nadv, const uint64_t *members,
                      size_t nmembers)
{
    struct rec_out *o = state;
    count(o, vg_recorder_alert(o->rec, e, zone_id, adv, nadv, members, nmembers), 1);
}

static void rec_action(void *state, double t, const char *who, const char *what,
                       const char *alert_id, const char *detail)
{
    struct rec_out *o = state;
    count(o, vg_recorder_action(o->rec, t, who, what, alert_id, detail), 1);
}

static void rec_close(void *state)
{
    struct rec_out *o = state;
    if (!o)
        return;
    if (o->rec) {
        vg_emit_coalesce_finish(&o->co); /* the last emission held (after the flush) */
        struct vg_recorder_stats rs;
        int rc = vg_recorder_sync(o->rec);
        vg_recorder_stats(o->rec, &rs);
        if (vg_recorder_close(o->rec) || rc)
            vg_log_error("output %s: %s: the recording could not be completed (%s)", o->name,
                         o->path, rs.last_msg[0] ? rs.last_msg : vg_strerror(rc ? rc : VG_EIO));
        vg_log_info("output %s: %s: %llu detections, %llu track rows, %llu alert events, "
                    "%llu actions written; %llu dropped (queue full), %llu commits, slowest "
                    "%.1f ms", o->name, o->path, (unsigned long long)rs.written[0],
                    (unsigned long long)rs.written[1], (unsigned long long)rs.written[2],
                    (unsigned long long)rs.written[3], (unsigned long long)rs.dropped,
                    (unsigned long long)rs.commits, rs.commit_ms_max);
        if (rs.dropped)
            vg_log_warn("output %s: %llu records dropped: the disk could not keep up (a "
                        "larger queue or a faster disk)", o->name,
                        (unsigned long long)rs.dropped);
    }
    vg_emit_coalesce_fini(&o->co);
    free(o);
}

const struct vg_live_output_ops vg__live_out_record = {
    .name = "record",
    .no_sink = 1,
    .keys = rec_keys,
    .open = rec_open,
    .tracks = rec_tracks,
    .alert = rec_alert,
    .detection = rec_detection,
    .action = rec_action,
    .close = rec_close,
};
