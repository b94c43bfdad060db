/* SPDX-License-Identifier: MIT */
/* approach.h — where a track is heading: time to a zone and its uncertainty, the chance of
 * entering within a lead time, closest approach to a zone or a point, effector reach.
 *
 * Motion model: the tracker's constant-velocity prediction (track/predictor_cv.c), a straight
 * line p(t) = p + v t from the state x = [e, n, u, ve, vn, vu] (ENU m, m/s; struct vg_track).
 * Times are seconds after the state's time (vg_track.t), over a horizon H (default 120 s)
 * beyond which a CV prediction is not worth much: an FPV at 45 m/s covers 5.4 km in 120 s.
 *
 * Everything is exact geometry on that line — ray against polygon edges and the floor and
 * ceiling planes, ray against sphere — not sampling; the only approximation is the
 * first-order (delta-method) spread of the entry time, whose derivation and limits are in
 * approach.c. Each call is O(npts), allocates nothing and touches no global state, so the
 * pipeline can call it per track and zone; all take the same config (NULL: the defaults).
 * Every function returns 0 or VG_EINVAL (bad zone, NULL output, non-finite or absurd input:
 * |position| > VG_ZONE_COORD_MAX m, |velocity| > VG_APPROACH_SPEED_MAX m/s) and writes its
 * outputs only on success.
 *
 * "Can effector E engage before track T reaches zone Z" is then
 *     vg_approach_effector_window(E, x, cfg, &t_in, &t_out) == 0 && t_in < entry.t_s. */
#ifndef VG_ASSESS_APPROACH_H
#define VG_ASSESS_APPROACH_H

#include "assess/zone.h"
#include "base/site.h"

#define VG_APPROACH_HORIZON_S 120.0 /* default look-ahead, s */
#define VG_APPROACH_HORIZON_MAX 1e6 /* longest horizon accepted, s */
#define VG_APPROACH_SPEED_MAX 1e5   /* largest |velocity component| accepted, m/s */

struct vg_approach_config {
    double horizon_s; /* look-ahead H, s; 0 < H ≤ VG_APPROACH_HORIZON_MAX; default 120 */
    double q_h, q_v;  /* white-acceleration densities (m²/s³, horizontal and vertical, as the
                         tracker's), adding q τ³/3 to the predicted position variance in the
                         entry time's σ; ≥ 0 and finite; default 0: the state's P alone */
};

void vg_approach_config_default(struct vg_approach_config *cfg);

enum vg_entry_face {
    VG_ENTRY_NONE = 0, /* does not enter within the horizon */
    VG_ENTRY_INSIDE,   /* inside (or on the boundary) already */
    VG_ENTRY_WALL,     /* enters through a side wall (an edge of the polygon) */
    VG_ENTRY_FLOOR,    /* rises through the floor */
    VG_ENTRY_CEILING   /* descends through the ceiling */
};

struct vg_zone_entry {
    double t_s;     /* first time in the closed prism, s: 0 if inside now; INFINITY if none */
    double sigma_s; /* 1σ of t_s, first order, s: 0 if INSIDE; INFINITY if NONE or if the
                       path runs along the face it enters by (grazing) */
    double pos[3];  /* entry point, ENU m; NaN if NONE */
    int face;       /* enum vg_entry_face */
    int edge;       /* WALL: edge from pts[edge] to pts[edge + 1 mod npts]; else −1 */
};

/* When does the predicted path x first touch the closed prism z, within the horizon, and how
 * uncertain is that time given the state covariance P (6×6 row-major; NULL: zero)?
 * A path that only touches an edge, a vertex or the ceiling and leaves counts as entering
 * (the zone is closed). */
int vg_approach_entry(const struct vg_zone *z, const double x[6], const double P[36],
                      const struct vg_approach_config *cfg, struct vg_zone_entry *out);

/* Probability of being in the zone by within_s seconds, from a Gaussian on the entry time,
 * N(t_s, sigma_s²): 1 if INSIDE, 0 if NONE, ½ if sigma_s is infinite (grazing). It is
 * conditional on the mean path's entry face: a track whose mean path misses the zone by less
 * than its spread gets 0, one whose path crosses near a corner is over-confident. Meant for
 * within_s ≤ the horizon. NaN for a NULL entry or a NaN within_s. */
double vg_approach_entry_prob(const struct vg_zone_entry *e, double within_s);

/* Closest horizontal approach of the path to the polygon over [0, H]: *t_s the earliest
 * time of least distance, *dist_m that distance (0 if the path crosses or overflies the
 * polygon: then *t_s is the first time over it). Exact: the least distance between the
 * path segment and each edge is found at an end point of one of them. */
int vg_approach_zone_cpa(const struct vg_zone *z, const double x[6],
                         const struct vg_approach_config *cfg, double *t_s, double *dist_m);

/* Closest approach to the point c (ENU m) over [0, H], closed form
 * t* = clamp(−(p − c)·v / |v|², 0, H), in dims = 2 (horizontal: c[2] unused) or 3. */
int vg_approach_point_cpa(const double x[6], const double c[3], int dims,
                          const struct vg_approach_config *cfg, double *t_s, double *dist_m);

/* Time window within [0, H] during which the path is within ef->range_m of ef->pos (3-D,
 * ray–sphere intersection): [*t_in_s, *t_out_s], *t_in_s = 0 if in range now, both INFINITY
 * if never in range within the horizon. VG_EINVAL also for a negative or NaN range. */
int vg_approach_effector_window(const struct vg_effector *ef, const double x[6],
                                const struct vg_approach_config *cfg, double *t_in_s,
                                double *t_out_s);

#endif
