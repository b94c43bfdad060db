/* SPDX-License-Identifier: MIT */
/* export_internal.h — what the GeoJSON and KML writers share: the recording read as whole
 * tracks (export_read.c) and alerts with a position, and calendar time. */
#ifndef VG_RECORD_EXPORT_INTERNAL_H
#define VG_RECORD_EXPORT_INTERNAL_H

#include <stdint.h>

#include "record/replay_internal.h"

/* One track over the window: its vertices (time, WGS-84) and summary. */
struct vg__xtrack {
    uint64_t id;
    size_t n, cap;
    double *t, *geo;              /* n times; n × [lon, lat, alt] */
    char cls[16], status[16];     /* at its last update */
    double threat_max;
    char coop_id[24];             /* last non-empty */
};

typedef int (*vg__xtrack_fn)(void *user, const struct vg__xtrack *tr);

/* Every track in the window in id order, one call each. 0, the callback's non-zero return,
 * or an error with d set. */
int vg__export_tracks(struct vg_replay *rp, double from, double to, vg__xtrack_fn fn,
                      void *user, struct vg_diag *d);

/* One alert event with where it happened (NAN lon/lat when unknown). */
typedef int (*vg__xalert_fn)(void *user, const struct vg_record_alert *al, const double geo[3]);
int vg__export_alerts(struct vg_replay *rp, double from, double to, vg__xalert_fn fn,
                      void *user, struct vg_diag *d);

/* ISO 8601 UTC with milliseconds ("2026-11-21T15:10:18.250Z") of recorded time t. buf ≥ 32. */
void vg__export_iso(const struct vg_replay *rp, double t, char *buf, size_t cap);

#endif
