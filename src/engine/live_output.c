/* SPDX-License-Identifier: MIT */
/* live_output.c — the output kinds of the live engine (live_output.h), and the two simplest:
 * tracks and alerts as formats.md JSON lines.
 *
 * Both write through the existing writers (publish/tracks_jsonl.h, assess/alerts.h), which
 * print to a FILE: here a memory stream (open_memstream) rewound before each emission, so
 * its buffer grows to the largest emission once and is reused, and each line is handed to
 * the sink as one unit (UDP then packs whole lines into datagrams). To add a kind (ASTERIX
 * Cat 062, the SQLite recorder, the operator picture), write its ops and add one line to
 * the table at the end of this file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "engine/live_output.h"
#include "publish/tracks_jsonl.h"

struct jsonl_out {
    struct vg_live_sink *sink;
    const char *name;
    FILE *ms;
    char *buf;
    size_t size;
    uint64_t errors;
};

static int jsonl_open(void **state, const struct vg_live_output_ctx *ctx, struct vg_diag *d)
{
    struct jsonl_out *o = calloc(1, sizeof *o);
    if (!o)
        return vg_diag_set(d, VG_ENOMEM, "out of memory");
    o->sink = ctx->sink;
    o->name = ctx->name;
    if (!(o->ms = open_memstream(&o->buf, &o->size))) {
        free(o);
        return vg_diag_set(d, VG_ENOMEM, "output %s: out of memory", ctx->name);
    }
    *state = o;
    return 0;
}

/* The memory stream's text since the rewind, one unit per line. */
static void jsonl_ship(struct jsonl_out *o, int rc)
{
    long len = ftell(o->ms);
    if (rc || fflush(o->ms) || len < 0) {
        if (o->errors++ == 0)
            vg_log_error("output %s: cannot format (%s)", o->name, vg_strerror(rc ? rc : VG_EIO));
        return;
    }
    const char *p = o->buf, *end = o->buf + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *stop = nl ? nl + 1 : end;
        vg_live_sink_write(o->sink, p, (size_t)(stop - p));
        p = stop;
    }
}

static void tracks_jsonl(void *state, double t, const struct vg_track *trk, size_t n)
{
    struct jsonl_out *o = state;
    rewind(o->ms);
    jsonl_ship(o, vg_tracks_jsonl_write(o->ms, t, trk, n));
}

static void alerts_jsonl(void *state, const struct vg_alert *e, const char *zone_id,
                         const struct vg_advice *adv, size_t nadv, const uint64_t *members,
                         size_t nmembers)
{
    struct jsonl_out *o = state;
    rewind(o->ms);
    jsonl_ship(o, vg_alert_write_jsonl(o->ms, e, zone_id, adv, nadv, members, nmembers));
}

static void jsonl_close(void *state)
{
    struct jsonl_out *o = state;
    if (!o)
        return;
    fclose(o->ms);
    free(o->buf);
    free(o);
}

static const struct vg_live_output_ops tracks_jsonl_ops = {
    .name = "tracks-jsonl",
    .open = jsonl_open,
    .tracks = tracks_jsonl,
    .close = jsonl_close,
};

static const struct vg_live_output_ops alerts_jsonl_ops = {
    .name = "alerts-jsonl",
    .open = jsonl_open,
    .alert = alerts_jsonl,
    .close = jsonl_close,
};

/* One file each: live_out_asterix.c, live_out_record.c, live_out_cop.c. */
extern const struct vg_live_output_ops vg__live_out_asterix062, vg__live_out_record,
    vg__live_out_cop;

const struct vg_live_output_ops *const vg_live_outputs[] = {
    &tracks_jsonl_ops,
    &alerts_jsonl_ops,
    &vg__live_out_asterix062,
    &vg__live_out_record,
    &vg__live_out_cop,
    NULL,
};

const struct vg_live_output_ops *vg_live_output_find(const char *name)
{
    for (size_t i = 0; vg_live_outputs[i]; i++)
        if (!strcmp(vg_live_outputs[i]->name, name))
            return vg_live_outputs[i];
    return NULL;
}
