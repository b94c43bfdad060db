/* SPDX-License-Identifier: MIT */
/* bearing.c — simulated RF direction finders and acoustic arrays: bearings, no range.
 *
 * Both report once per interval (its end time t) a bearing to every object they sense within
 * range_m and the elevation coverage, each with probability pd (a cookie-cutter: the same pd
 * anywhere inside; the range is the end of coverage, not a fall-off).
 *  - An RF direction finder senses drones (FPVs and hobby drones) whose link emits (analog
 *    video, ELRS, OcuSync) — not fibre-optic or autonomous ones, nor birds or manned aircraft
 *    — at the speed of light: the bearing is to where the drone is at t.
 *  - An acoustic array hears every drone's rotors, never birds, and not manned aircraft (a
 *    drone detector's classifier rejects their signature), at the speed of sound c: what it
 *    hears at t left the drone at te with
 *        t − te = |p(te) − s| / c,
 *    solved by the fixed-point iteration te ← t − |p(te) − s|/c from te = t. The map is a
 *    contraction with factor |v|/c (a 50 m/s drone: 0.15), so each step gains almost a
 *    digit; it stops at a nanosecond. The bearing and the range check are to p(te), and the
 *    drone must have been flying at te (the sound of an impact still arrives after it).
 * Noise: z = true + bias + N(0, σ²) per component, azimuth folded into [0, 2π), elevation
 * clamped to ±π/2; R = diag(σ²). Bearings carry elevation only when sigma_el_deg > 0.
 * False bearings: Poisson(clutter_rate_hz · P) per interval, uniform in azimuth and in
 * [el_min, el_max], so a tracker's clutter density is
 *     κ = clutter_rate_hz · P / (2π · (el_max − el_min))  per rad² per interval
 * (per rad, 2π, for azimuth-only sensors). They carry no bias: they come from nowhere. */
#include "sim/bearing.h"

#include <math.h>
#include <string.h>

#include "sim/internal.h"

double vg_bearing_true(const double rel[3], double z[2])
{
    double ground = hypot(rel[0], rel[1]);
    double az = atan2(rel[0], rel[1]);
    z[0] = az < 0.0 ? az + 2.0 * VG__PI : az;
    z[1] = atan2(rel[2], ground);
    return hypot(ground, rel[2]);
}

int vg_bearing_covers(const struct vg_sim_bearing_sensor *s, const double rel[3])
{
    double z[2], r = vg_bearing_true(rel, z);
    return r > 0.0 && r <= s->range_m && z[1] >= s->el_min_deg * VG__DEG &&
           z[1] <= s->el_max_deg * VG__DEG;
}

int vg_bearing_senses(const struct vg_sim_bearing_sensor *s, const struct vg_sim_object *o)
{
    if (o->cls != VG_CLASS_DRONE)
        return 0;
    return s->type == VG_SENSOR_ACOUSTIC || vg_link_emits(o->link);
}

double vg_bearing_source(const struct vg_sim_bearing_sensor *s, const struct vg_sim_object *o,
                         double t, double pos[3], int *alive)
{
    double vel[3], te = t;
    *alive = vg_sim_object_state(o, t, pos, vel);
    if (s->type != VG_SENSOR_ACOUSTIC)
        return t;
    for (int it = 0; it < 60; it++) {
        double d = hypot(hypot(pos[0] - s->pos[0], pos[1] - s->pos[1]), pos[2] - s->pos[2]);
        double tn = t - d / s->sound_mps, step = fabs(tn - te);
        te = tn;
        *alive = vg_sim_object_state(o, te, pos, vel);
        if (step < 1e-9)
            break;
    }
    return te;
}

/* nz, flags and R = diag(σ²) of the sensor's bearings; every other field zero (a caller's
 * record on the stack holds no stale bytes into the output). */
static void set_layout(const struct vg_sim_bearing_sensor *s, struct vg_detection *det)
{
    double sa = s->sigma_az_deg * VG__DEG, se = s->sigma_el_deg * VG__DEG;
    memset(det, 0, sizeof *det);
    det->kind = VG_DET_BEARING;
    det->nz = s->sigma_el_deg > 0.0 ? 2 : 1;
    det->flags = det->nz == 2 ? VG_DET_HAS_EL : 0;
    det->R[0] = sa * sa;
    if (det->nz == 2)
        det->R[3] = se * se;
}

static void fold(struct vg_detection *det)
{
    det->z[0] = fmod(det->z[0], 2.0 * VG__PI);
    det->z[0] += det->z[0] < 0.0 ? 2.0 * VG__PI : 0.0;
    if (det->nz == 2)
        det->z[1] = fmax(-VG__PI / 2, fmin(VG__PI / 2, det->z[1]));
}

int vg_bearing_observe(const struct vg_sim_bearing_sensor *s, struct vg_rng *rng,
                       const double rel[3], struct vg_detection *det)
{
    if (!vg_bearing_covers(s, rel) || !(vg_rng_uniform(rng) < s->pd))
        return 0;
    double z[2];
    vg_bearing_true(rel, z);
    set_layout(s, det);
    det->z[0] = z[0] + s->bias.az_deg * VG__DEG + sqrt(det->R[0]) * vg_rng_normal(rng);
    if (det->nz == 2)
        det->z[1] = z[1] + s->bias.el_deg * VG__DEG + sqrt(det->R[3]) * vg_rng_normal(rng);
    fold(det);
    return 1;
}

void vg_bearing_clutter(const struct vg_sim_bearing_sensor *s, struct vg_rng *rng,
                        struct vg_detection *det)
{
    set_layout(s, det);
    det->z[0] = vg_rng_range(rng, 0.0, 2.0 * VG__PI);
    if (det->nz == 2)
        det->z[1] = vg_rng_range(rng, s->el_min_deg, s->el_max_deg) * VG__DEG;
}
