/* SPDX-License-Identifier: MIT */
/* coalesce.h — one emission per time for file outputs.
 *
 * The tracker emits after every batch. Two sensors closing scans at the same instant (or a
 * late report processed at a scan's time) give two emissions at one t, the second
 * superseding the first; a tracks file must hold each track once per time (formats.md), so
 * writers hold the latest emission and pass it on when the time moves on, or at the end. */
#ifndef VG_PUBLISH_COALESCE_H
#define VG_PUBLISH_COALESCE_H

#include <stddef.h>

#include "track/track.h"

struct vg_emit_coalesce {
    vg_tracker_emit_fn sink;   /* receives one emission per time */
    void *user;
    int have;                  /* an emission is held */
    double t;                  /* its time */
    struct vg_track *buf;      /* its tracks, owned */
    size_t n, cap;
    int err;                   /* VG_ENOMEM once a copy failed (the emission is then lost) */
};

void vg_emit_coalesce_init(struct vg_emit_coalesce *c, vg_tracker_emit_fn sink, void *user);
void vg_emit_coalesce_fini(struct vg_emit_coalesce *c);
/* A vg_tracker_emit_fn: pass the coalescer as user. */
void vg_emit_coalesce_push(void *c, double t, const struct vg_track *trk, size_t n);
/* Pass on the held emission (end of input). Returns 0 or the error seen. */
int vg_emit_coalesce_finish(struct vg_emit_coalesce *c);

#endif
