/* SPDX-License-Identifier: MIT */
/* target_bird.c — bird flocks: slow, smooth wandering with individuals loosely together.
 *
 * Each bird's velocity is its flock's drift plus sums of sinusoids with random phases and
 * frequencies — the spectral representation of a stationary random process (Shinozuka &
 * Deodatis 1991, Appl. Mech. Rev. 44:191), used here instead of an Ornstein–Uhlenbeck
 * integration because it is smooth (C^∞), can be evaluated at any time in any order with no
 * stored history, and its excursions are bounded by construction:
 *     v_a(t) = drift_a + Σ_k amp_ak·cos(ω_ak·t + φ_ak),
 *     p_a(t) = p0_a + drift_a·t + Σ_k (amp_ak/ω_ak)·sin(ω_ak·t + φ_ak).
 * With the speed band [lo, hi], mean S = (lo + hi)/2 and half-width Δ = (hi − lo)/2, the
 * drift has speed S and the deviation budget Δ is split three ways:
 *  - flock wander, shared by the flock, horizontal: Σ amp ≤ 0.5Δ/√2 per axis (|dev| ≤ 0.5Δ),
 *    periods 40–120 s: the flock's heading meanders slowly;
 *  - each bird's own horizontal motion about the flock centre: Σ amp ≤ 0.3Δ/√2 per axis,
 *    with ω ≥ 0.6Δ/R so that Σ amp/ω ≤ R/(2√2) per axis, i.e. within R/2 of its base
 *    offset, itself drawn uniformly in a disc of radius R/2: always within R of the centre;
 *  - each bird's climb and descent: Σ amp ≤ 0.2Δ, with ω large enough that the excursion
 *    stays within a quarter of the height band, about a base height drawn inside the band.
 * |v − drift| ≤ 0.5Δ + 0.3Δ + 0.2Δ = Δ, so by the triangle inequality every bird's speed
 * stays in [lo, hi]. A flock's centre is `centre` at t = 0 (the wander terms are offset). */
#include "sim/target.h"

#include <math.h>
#include <string.h>

#include "sim/internal.h"

enum { FLOCK_WAVES = 3, OWN_WAVES = 3 };

/* k waves on one axis from slot `first`: equal velocity amplitudes summing to amp_sum,
 * frequencies uniform in [w_lo, 2·w_lo], phases uniform. */
static void draw_waves(struct vg_bird_path *b, int axis, int first, int k, double amp_sum,
                       double w_lo, struct vg_rng *rng)
{
    for (int i = first; i < first + k; i++) {
        b->amp[axis][i] = amp_sum / k;
        b->omega[axis][i] = w_lo * (1.0 + vg_rng_uniform(rng));
        b->phase[axis][i] = 2.0 * VG__PI * vg_rng_uniform(rng);
    }
}

/* Largest excursion Σ amp/ω of an axis's waves from slot first on. */
static double excursion(const struct vg_bird_path *b, int axis, int first)
{
    double m = 0.0;
    for (int i = first; i < VG_BIRD_WAVES; i++)
        if (b->amp[axis][i] > 0.0)
            m += b->amp[axis][i] / b->omega[axis][i];
    return m;
}

void vg_flock_init(struct vg_bird_path *birds, const struct vg_sim_flock *c,
                   struct vg_rng *rng)
{
    double lo = c->speed_mps[0], hi = c->speed_mps[1];
    double S = 0.5 * (lo + hi), delta = 0.5 * (hi - lo), R = c->radius_m;
    double hdg = c->heading_deg * VG__DEG;

    /* The flock's own wander, copied into every bird. */
    struct vg_bird_path flock;
    memset(&flock, 0, sizeof flock);
    flock.drift[0] = S * sin(hdg);
    flock.drift[1] = S * cos(hdg);
    for (int a = 0; a < 2; a++)
        for (int i = 0; i < FLOCK_WAVES; i++) {
            flock.amp[a][i] = 0.5 * delta / sqrt(2.0) / FLOCK_WAVES;
            flock.omega[a][i] = 2.0 * VG__PI / vg_rng_range(rng, 40.0, 120.0);
            flock.phase[a][i] = 2.0 * VG__PI * vg_rng_uniform(rng);
        }

    double band = c->height_m[1] - c->height_m[0];
    double w_own = fmax(2.0 * VG__PI / 120.0, R > 0.0 ? 0.6 * delta / R : 0.0);
    double w_up = band > 0.0 ? fmax(2.0 * VG__PI / 60.0, 0.2 * delta / (0.25 * band)) : 1.0;
    for (int n = 0; n < c->count; n++) {
        struct vg_bird_path *b = &birds[n];
        *b = flock;
        for (int a = 0; a < 2; a++)
            draw_waves(b, a, FLOCK_WAVES, OWN_WAVES, 0.3 * delta / sqrt(2.0), w_own, rng);
        draw_waves(b, 2, 0, OWN_WAVES, band > 0.0 ? 0.2 * delta : 0.0, w_up, rng);

        /* Base offset uniform in the disc of radius R/2 (√u for uniform area). */
        double r = 0.5 * R * sqrt(vg_rng_uniform(rng)), th = 2.0 * VG__PI * vg_rng_uniform(rng);
        double m_up = excursion(b, 2, 0);
        b->p0[0] = c->centre[0] + r * sin(th);
        b->p0[1] = c->centre[1] + r * cos(th);
        b->p0[2] = vg_rng_range(rng, c->height_m[0] + m_up, c->height_m[1] - m_up);
        /* Shift by the flock wander's value at t = 0 so the centre starts at `centre`. */
        for (int a = 0; a < 2; a++)
            for (int i = 0; i < FLOCK_WAVES; i++)
                b->p0[a] -= b->amp[a][i] / b->omega[a][i] * sin(b->phase[a][i]);
    }
}

void vg_bird_path_eval(const struct vg_bird_path *b, double t, double pos[3], double vel[3],
                       double acc[3])
{
    for (int a = 0; a < 3; a++) {
        double p = b->p0[a] + b->drift[a] * t, v = b->drift[a], ac = 0.0;
        for (int i = 0; i < VG_BIRD_WAVES; i++) {
            double A = b->amp[a][i];
            if (A == 0.0)
                continue;
            double w = b->omega[a][i], arg = w * t + b->phase[a][i];
            double sn = sin(arg), cs = cos(arg);
            p += A / w * sn;
            v += A * cs;
            ac -= A * w * sn;
        }
        pos[a] = p;
        vel[a] = v;
        if (acc)
            acc[a] = ac;
    }
}
