/* SPDX-License-Identifier: MIT */
/* target.h — how simulated objects move: closed-form trajectories, evaluable at any time.
 *
 * Every path here is a pure function of time (no integration, no history), so the radar
 * model can ask for a target's state at the exact instant its beam passes, in any order, and
 * the same seed gives the same numbers run after run. Positions are continuous with
 * continuous velocity (C¹); accelerations are bounded and the bounds are stated where the
 * path is built (target_fpv.c, target_bird.c, target_route.c). */
#ifndef VG_SIM_TARGET_H
#define VG_SIM_TARGET_H

#include <stdint.h>

#include "base/err.h"
#include "base/rng.h"
#include "sim/scenario.h"

/* An FPV attack run, parametrised by the along-track distance s = V·(t − t0) from launch:
 * climb to cruise height, cruise with a lateral weave, terminal dive onto the aim point. */
struct vg_fpv_path {
    double t0, t_end;         /* launch and impact time, s */
    double v;                 /* along-track speed V, m/s */
    double start[3];          /* launch point, ENU m */
    double u[2], w[2];        /* unit vectors along track and to its left (horizontal) */
    double len;               /* horizontal launch-to-aim distance, m */
    double h0, h_cruise, h_aim; /* launch, cruise and impact heights, ENU up m */
    double climb_len;         /* along-track length of the climb, m (0: none) */
    double dive_len;          /* along-track length of the dive, m */
    double tan_dive;          /* tangent of the impact flight-path angle */
    int weave;                /* enum vg_weave */
    double amp, k;            /* weave amplitude A (m) and wavenumber k = 2π/(V·T) (1/m) */
    uint64_t weave_seed;      /* VG_WEAVE_RANDOM: the random offsets are hashed from this */
    double dive_y, dive_dy;   /* lateral offset (m) and dy/ds at the dive start */
    double a_cruise;          /* largest acceleration in cruise, V²·A·k² = A·(2π/T)², m/s² */
    double a_bound;           /* bound on the acceleration anywhere on the path, m/s² */
};

/* Build the path of cfg (launch, speed, aim, weave, dive). Fails with VG_ERANGE and the
 * reason in why (no place prefix) when the geometry does not fit: the climb and the dive
 * longer than the run, a dive profile that would climb back, or an acceleration bound above
 * cfg->max_g. The check is seed-independent (it uses the weave's worst case). */
int vg_fpv_path_init(struct vg_fpv_path *p, const struct vg_sim_fpv *cfg, uint64_t weave_seed,
                     struct vg_diag *why);

/* State at time t (clamped to [t0, t_end]); acc may be NULL. */
void vg_fpv_path_eval(const struct vg_fpv_path *p, double t, double pos[3], double vel[3],
                      double acc[3]);

/* A bird: its flock's drift plus sums of sinusoids (a spectral Gaussian-like process):
 * pos_a(t) = p0_a + drift_a·t + Σ_k (amp_ak/ω_ak)·sin(ω_ak·t + φ_ak), per ENU axis a. */
#define VG_BIRD_WAVES 6
struct vg_bird_path {
    double p0[3];             /* ENU m */
    double drift[3];          /* flock mean velocity, m/s (drift[2] = 0) */
    double amp[3][VG_BIRD_WAVES];   /* velocity amplitude, m/s (0: unused) */
    double omega[3][VG_BIRD_WAVES]; /* angular frequency, rad/s, > 0 */
    double phase[3][VG_BIRD_WAVES]; /* rad */
};

/* Fill birds[0 .. cfg->count) for one flock, drawing from rng. Every bird's speed stays in
 * cfg->speed_mps, its height in cfg->height_m, and its horizontal distance from the flock's
 * centre within cfg->radius_m (the centre being cfg->centre at t = 0). */
void vg_flock_init(struct vg_bird_path *birds, const struct vg_sim_flock *cfg,
                   struct vg_rng *rng);

void vg_bird_path_eval(const struct vg_bird_path *b, double t, double pos[3], double vel[3],
                       double acc[3]);

/* A route (scenario.h struct vg_sim_route) as pieces in the distance s = V·(t − t0) along it:
 * straight legs and circular turns, at constant height (sim/target_route.c). */
#define VG_ROUTE_PIECES (2 * VG_SIM_ROUTE_MAX)
struct vg_route_piece {
    double s0, len;           /* where along the route the piece starts, and its length, m */
    double p[2];              /* leg: its start; turn: its centre, ENU [e, n] m */
    double u[2];              /* leg: unit direction */
    double r;                 /* turn: radius, m; 0 for a leg */
    double phi0;              /* turn: angle of the radius to the entry point, rad from east,
                                 counter-clockwise */
    double dir;               /* turn: +1 counter-clockwise (a left turn), −1 clockwise */
};

struct vg_route_path {
    double t0;                /* time at s = 0 (the route's start_s), s */
    double t_end;             /* the end of an open route (t0 + len/V), else INFINITY, s */
    double v, h;              /* ground speed V, m/s, and height, ENU up m */
    double len;               /* length of the route (of one circuit of a loop), m */
    int loop;                 /* 1: s is taken modulo len */
    int npieces;
    double a_turn;            /* V²/r in the turns: the largest acceleration, m/s² */
    struct vg_route_piece piece[VG_ROUTE_PIECES];
};

/* Expand a lawn-mower route (legs, spacing, length, heading about its centre) into its
 * waypoints, as a loop; other kinds are left as they are. VG_ERANGE with why for a pattern
 * with more than VG_SIM_ROUTE_MAX waypoints or an odd number of legs. */
int vg_route_expand(struct vg_sim_route *r, struct vg_diag *why);

/* Build the path of an expanded route. Fails with VG_ERANGE and the reason in why when the
 * geometry does not fit: two waypoints on top of each other, a turn back of 180°, turns that
 * do not fit between their waypoints at radius V²/(max_g·g0), an orbit tighter than that
 * radius. The turns' acceleration is max_g·g0 exactly, the legs' 0. */
int vg_route_path_init(struct vg_route_path *p, const struct vg_sim_route *cfg,
                       struct vg_diag *why);

/* State at time t (clamped to [t0, t_end] for an open route; a loop goes on for ever from
 * its start and is clamped at t0 only); acc may be NULL. */
void vg_route_path_eval(const struct vg_route_path *p, double t, double pos[3], double vel[3],
                        double acc[3]);

#endif
