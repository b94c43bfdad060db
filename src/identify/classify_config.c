/* SPDX-License-Identifier: MIT */
/* classify_config.c — the classifier's settings table: names, defaults, bounds and meaning.
 *
 * Defaults: evidence fades with a 20 s time constant, so a label rests on roughly the last
 * half minute and a track mislabelled at birth (a bird's first two-point velocity can read
 * 30 m/s) recovers within a few seconds of honest evidence; speed and climb count once per
 * 2 s (a 1 Hz radar track's successive estimates share most of their data), so a steady
 * ratio Λ per observation settles at a log-odds of ≈ 10·Λ, bounded at 12 nats (odds of
 * 160,000:1); height and heading variance, weak and persistent, count once per 8 s (≈ 2.5·Λ). The heading's variance is taken over the last 8 s of states stored
 * at least 0.5 s apart (16 slots hold 7.5 s) and needs 3 s of them. */
#include <math.h>
#include <stddef.h>

#include "identify/classify.h"

#define F(field) offsetof(struct vg_classifier, field)

const struct vg_cfg_entry vg_classifier_cfg[] = {
    {"tau_s", VG_CFG_DOUBLE, F(tau_s), 20.0, 0.1, 1e9, "s",
     "Forgetting: evidence fades toward the prior with this time constant."},
    {"kin_corr_s", VG_CFG_DOUBLE, F(kin_corr_s), 2.0, 0.01, 600.0, "s",
     "Speed and climb evidence counts as one observation per this time, pro rata."},
    {"slow_corr_s", VG_CFG_DOUBLE, F(slow_corr_s), 8.0, 0.01, 600.0, "s",
     "Height and heading-variance evidence counts as one observation per this time."},
    {"report_corr_s", VG_CFG_DOUBLE, F(report_corr_s), 1.0, 0.01, 600.0, "s",
     "Each kind of report evidence (RCS, hint, emitter) counts once per this time."},
    {"window_s", VG_CFG_DOUBLE, F(window_s), 8.0, 0.5, 600.0, "s",
     "Window of track states over which the heading variance is taken."},
    {"hist_dt_s", VG_CFG_DOUBLE, F(hist_dt_s), 0.5, 0.01, 60.0, "s",
     "Least spacing of the track states kept (16 per track)."},
    {"min_span_s", VG_CFG_DOUBLE, F(min_span_s), 3.0, 0.1, 600.0, "s",
     "The heading variance needs states spanning at least this long."},
    {"llr_max", VG_CFG_DOUBLE, F(llr_max), 12.0, 0.1, 100.0, "nats",
     "Largest log-odds of the best class against any other."},
    {"ground_u_m", VG_CFG_DOUBLE, F(ground_u_m), 0.0, -1e4, 1e4, "m",
     "Height of the ground in the site frame's up axis (flat ground)."},
    /* The priors are base rates: what a new track over a site most likely is before any
     * evidence. Birds outnumber everything else a surveillance radar tracks by far (a dawn
     * hour at a border post: hundreds of birds, a hostile drone on a rare day), so a drone
     * must be shown by evidence that accumulates — one wrong micro-Doppler label or one
     * jumpy velocity estimate on a bird's young track must not make it a suspect. Measured
     * on the built-in exercises (issue 4 note): drone 0.3 / bird 0.3 gave 6-14 false alerts
     * in the dawn hour, 0.05 / 0.6 gives 3-4, with no change in any attacker's alert time. */
    {"prior_unknown", VG_CFG_DOUBLE, F(prior_unknown), 0.15, 1e-6, 1.0, "",
     "Prior weight of the remainder class (none of drone, bird, aircraft)."},
    {"prior_drone", VG_CFG_DOUBLE, F(prior_drone), 0.05, 1e-6, 1.0, "",
     "Prior weight of drone (weights are normalised): a base rate, small."},
    {"prior_bird", VG_CFG_DOUBLE, F(prior_bird), 0.6, 1e-6, 1.0, "",
     "Prior weight of bird: most of what a radar tracks."},
    {"prior_aircraft", VG_CFG_DOUBLE, F(prior_aircraft), 0.2, 1e-6, 1.0, "",
     "Prior weight of manned aircraft."},
    {"vel_sigma_mps", VG_CFG_DOUBLE, F(vel_sigma_mps), 2.0, 0.0, 1000.0, "m/s",
     "Velocity error per axis assumed when a state comes without covariance."},
    {"pos_sigma_m", VG_CFG_DOUBLE, F(pos_sigma_m), 10.0, 0.0, 1e5, "m",
     "Position error per axis assumed when a state comes without covariance."},
    {"hint_trust", VG_CFG_DOUBLE, F(hint_trust), 0.8, 0.0, 1.0, "",
     "Weight of a sensor's own class probability p (the rest is a uniform guess)."},
    {"emitter_lr", VG_CFG_DOUBLE, F(emitter_lr), 20.0, 1.0, 1e6, "",
     "Likelihood ratio drone : anything else of one report of a drone link."},
    {"g_speed", VG_CFG_DOUBLE, F(g_speed), 1.0, 0.0, 10.0, "", "Gain of the speed evidence."},
    {"g_height", VG_CFG_DOUBLE, F(g_height), 1.0, 0.0, 10.0, "", "Gain of the height evidence."},
    {"g_climb", VG_CFG_DOUBLE, F(g_climb), 1.0, 0.0, 10.0, "",
     "Gain of the vertical-speed evidence."},
    {"g_heading", VG_CFG_DOUBLE, F(g_heading), 1.0, 0.0, 10.0, "",
     "Gain of the heading-variance (trajectory regularity) evidence."},
    {"g_rcs", VG_CFG_DOUBLE, F(g_rcs), 1.0, 0.0, 10.0, "", "Gain of the RCS evidence."},
    {"g_hint", VG_CFG_DOUBLE, F(g_hint), 1.0, 0.0, 10.0, "",
     "Gain of sensors' class hints."},
    {"g_emitter", VG_CFG_DOUBLE, F(g_emitter), 1.0, 0.0, 10.0, "",
     "Gain of the RF emitter evidence."},
    /* A track's first velocity is the difference of two plots that the tracker paired on
     * position alone; among birds, or a bird and a noise plot, the pair is often of two
     * objects and the "speed" that of nobody (measured on the dawn-birds exercise: a track
     * born in a flock 200 m from the radar read 55 m/s, dived at 27 m/s, and was called a
     * drone on its first update). Speed and climb are therefore scored with an outlier
     * model, p(v | c) = (1 − ε)·p_c(v) + ε·U(v), ε the probability that the velocity is
     * not one object's: half at the first update, halving with each one after (each plot
     * that fits the pairing makes a coincidence less likely), never below 2 % — and back to
     * half when the track comes out of a gap of missed scans, whose grown gate may have
     * caught another object (dawn-birds: a bird's track coasting 100 m from the post took
     * a plot 120 m away, read 54 m/s and was called a drone in one update). The bound
     * this puts on one observation's ratio is what ε says: about 1/ε times the best
     * class's density against the flat one's. */
    {"kin_young", VG_CFG_DOUBLE, F(kin_young), 0.5, 0.0, 1.0, "",
     "P(velocity not one object's) at a track's first update; halves with each update."},
    {"kin_outlier", VG_CFG_DOUBLE, F(kin_outlier), 0.02, 0.0, 1.0, "",
     "The least P(velocity not one object's): mis-association on an old track."},
};

const size_t vg_classifier_cfg_count = sizeof vg_classifier_cfg / sizeof vg_classifier_cfg[0];

void vg_classifier_default(struct vg_classifier *cls)
{
    vg_cfg_defaults(cls, vg_classifier_cfg, vg_classifier_cfg_count);
}

int vg_classifier_check(const struct vg_classifier *cls, struct vg_diag *d)
{
    for (size_t i = 0; i < vg_classifier_cfg_count; i++) {
        const struct vg_cfg_entry *e = &vg_classifier_cfg[i];
        if (e->type != VG_CFG_DOUBLE)
            continue;
        double v = *(const double *)((const char *)cls + e->offset);
        if (!(v >= e->min && v <= e->max))
            return vg_diag_set(d, VG_EINVAL, "%s: %g outside [%g, %g]", e->key, v, e->min,
                               e->max);
    }
    /* Every prior is > 0 (bounds above): log-odds against the remainder stay finite. */
    return 0;
}
