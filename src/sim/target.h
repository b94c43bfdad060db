/* SPDX-License-Identifier: MIT */
/* target.h — how simulated objects move: closed-form trajectories, evaluable at any time.
 *
 * Every path here is a pure function of time (no integration, no history), so the radar
 * model can ask for a target's state at the exact instant its beam passes, in any order, and
 * the same seed gives the same numbers run after run. Positions are continuous with
 * continuous velocity (C¹); accelerations are bounded and the bounds are stated where the
 * path is built (target_fpv.c, target_bird.c). */
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

#endif
