/* SPDX-License-Identifier: MIT */
/* coalesce.c — one emission per time for file outputs (see coalesce.h). */
#include "publish/coalesce.h"

#include <stdlib.h>
#include <string.h>

#include "base/err.h"

void vg_emit_coalesce_init(struct vg_emit_coalesce *c, vg_tracker_emit_fn sink, void *user)
{
    memset(c, 0, sizeof *c);
    c->sink = sink;
    c->user = user;
}

void vg_emit_coalesce_fini(struct vg_emit_coalesce *c)
{
    free(c->buf);
    memset(c, 0, sizeof *c);
}

void vg_emit_coalesce_push(void *user, double t, const struct vg_track *trk, size_t n)
{
    struct vg_emit_coalesce *c = user;
    if (c->have && t != c->t)
        c->sink(c->user, c->t, c->buf, c->n);
    if (n > c->cap) {
        size_t cap = c->cap ? c->cap : 64;
        while (cap < n)
            cap *= 2;
        struct vg_track *b = realloc(c->buf, cap * sizeof *b);
        if (!b) {
            c->err = VG_ENOMEM;
            c->have = 0;
            return;
        }
        c->buf = b;
        c->cap = cap;
    }
    if (n)
        memcpy(c->buf, trk, n * sizeof *trk);
    c->n = n;
    c->t = t;
    c->have = 1;
}

int vg_emit_coalesce_finish(struct vg_emit_coalesce *c)
{
    if (c->have)
        c->sink(c->user, c->t, c->buf, c->n);
    c->have = 0;
    return c->err;
}
