/* SPDX-License-Identifier: MIT */
/* internal.h — geometry shared by the files of assess/ (vg__ prefix).
 *
 * These work on a ring already accepted by vg_zone_check (n ≥ 3, finite vertices) and on
 * finite points; the public functions in zone.h and approach.h check before calling them. */
#ifndef VG_ASSESS_INTERNAL_H
#define VG_ASSESS_INTERNAL_H

#include <stddef.h>

/* Squared distance (m²) from (px, py) to the segment (ax, ay)–(bx, by). */
double vg__seg_dist2(double ax, double ay, double bx, double by, double px, double py);

/* 1 if (px, py) lies in the closed polygon pts (n × [e, n]), boundary within VG_ZONE_EPS_M. */
int vg__poly_contains(const double *pts, size_t n, double px, double py);

/* Horizontal distance (m) from (px, py) to the closed polygon: 0 inside or on it. */
double vg__poly_distance(const double *pts, size_t n, double px, double py);

#endif
