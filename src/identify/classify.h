/* SPDX-License-Identifier: MIT */
/* classify.h — per-track class probabilities (drone, bird, manned aircraft, unknown) from
 * kinematics and signatures.
 *
 * Hypotheses are enum vg_class's first four values: VG_CLASS_UNKNOWN is the remainder ("none
 * of these": ground movers, clutter, whatever the models do not describe), VG_CLASS_DRONE,
 * VG_CLASS_BIRD and VG_CLASS_AIRCRAFT (manned). Person and vehicle keep probability 0 here.
 *
 * Recursive Bayes in log-odds, with forgetting. Per track, l_c = log P(c | evidence) up to
 * a constant common to every c, and between times t0 < t1
 *     forget:   l_c ← l0_c + exp(−(t1 − t0)/tau_s)·(l_c − l0_c)     (l0 = log prior)
 *     evidence: l_c ← l_c + w·g_f·log p_f(z | c)    (each feature's ratio capped at 1000:1)
 *     bound:    l_c ← max(l_c − max_h l_h, −llr_max)
 * so old evidence fades with time constant tau_s (a track mislabelled early recovers), and
 * no class is ever held more than e^llr_max times less likely than the best. g_f is the
 * feature's gain (1 by default). w = min(1, Δt/τc), with Δt the time since the last
 * evidence of that kind and τc its correlation time: a track's successive estimates and a
 * window's features overlap, so evidence of one kind counts as at most one independent
 * observation per τc, whatever the update rate. Under a steady log-likelihood ratio Λ per
 * observation, a log-odds settles at Λ·tau_s/τc (within the bound). τc is short (2 s) for
 * speed and climb, which change within seconds and decide; long (8 s, the window) for
 * height and heading variance, which a target keeps for long and which are weak cues — a
 * weak cue counted every 2 s would harden into a confident label by repetition alone.
 *
 * Features (identify/likelihood.c has each model, its numbers and their sources):
 *  - from the track (vg_classify_state): the newest estimate's 3-D speed, vertical speed
 *    and height above ground (a tracker's estimate is already an average, and its
 *    covariance says how good it is), and the heading's circular variance over the last
 *    window_s (trajectory regularity, a deliberately weak cue);
 *  - from a report (vg_classify_report): RCS (rcs_dbsm), a sensor's class hint with its p,
 *    and an RF emitter associated with the track (a drone control or video link: strong
 *    evidence for drone; no emitter: no evidence, since fibre-optic and autonomous drones
 *    are silent and a direction finder misses).
 * Features come from a ring buffer of the track's last VG_CLASS_HIST states, at least
 * hist_dt_s apart (the newest slot follows the latest update): time windows, not counts.
 *
 * Memory: struct vg_class_state is plain data of fixed size (about 600 bytes), owned by the
 * caller beside its track; no call allocates. */
#ifndef VG_IDENTIFY_CLASSIFY_H
#define VG_IDENTIFY_CLASSIFY_H

#include <stddef.h>
#include <stdint.h>

#include "base/config.h"
#include "base/err.h"
#include "sense/detection.h"

#define VG_CLASS_NHYP 4  /* hypotheses: enum vg_class values 0 .. 3 */
#define VG_CLASS_HIST 16 /* track states kept per track */

/* What an RF report says about its emitter (formats.md "emitter": link). */
enum vg_emitter {
    VG_EMITTER_NONE = 0,   /* no emitter in the report: no evidence */
    VG_EMITTER_DRONE_LINK, /* a drone control or video link (ELRS, analog video, OcuSync, ...) */
    VG_EMITTER_OTHER       /* something else that transmits: not a bird, little more */
};

/* Maps a formats.md link name ("analog-video", "elrs", "dji-ocusync", ...) to enum
 * vg_emitter: NULL or "" → NONE, a known drone link → DRONE_LINK, anything else → OTHER. */
int vg_emitter_from_link(const char *link);

/* Settings; the table in classify_config.c has each one's default, bounds and meaning. */
struct vg_classifier {
    double tau_s;          /* forgetting time constant, s */
    double kin_corr_s;     /* correlation time of speed and climb evidence, s */
    double slow_corr_s;    /* correlation time of height and heading-variance evidence, s */
    double report_corr_s;  /* correlation time of report evidence (RCS, hint, emitter), s */
    double window_s;       /* feature window, s */
    double hist_dt_s;      /* least spacing of stored states, s */
    double min_span_s;     /* heading variance needs states spanning this, s */
    double llr_max;        /* largest log-odds between two classes, nats */
    double ground_u_m;     /* ground height in the site's ENU up, m (flat-ground model) */
    double prior_unknown, prior_drone, prior_bird, prior_aircraft; /* normalised on use */
    double vel_sigma_mps;  /* velocity error per axis when no covariance is given, m/s */
    double pos_sigma_m;    /* position error per axis when no covariance is given, m */
    double hint_trust;     /* weight of a sensor's own p (1 − trust: a uniform guess) */
    double emitter_lr;     /* likelihood ratio drone : other of one drone-link report */
    double g_speed, g_height, g_climb, g_heading, g_rcs, g_hint, g_emitter; /* gains ≥ 0 */
    double kin_young;      /* P(a track's velocity is not one object's) at its first update;
                              halves with each further update ... */
    double kin_outlier;    /* ... down to this */
};

extern const struct vg_cfg_entry vg_classifier_cfg[];
extern const size_t vg_classifier_cfg_count;

void vg_classifier_default(struct vg_classifier *cls);

/* 0, or VG_EINVAL with "key: reason" in d (a value outside its table bounds). */
int vg_classifier_check(const struct vg_classifier *cls, struct vg_diag *d);

/* One stored track state. */
struct vg_class_sample {
    double t;    /* s */
    float x[6];  /* e, n, u (m), ve, vn, vu (m/s), ENU */
};

/* Per-track state: plain data, caller-owned, fixed size. */
struct vg_class_state {
    double l[VG_CLASS_NHYP]; /* log posterior, nats, shifted to max 0; each ≥ −llr_max */
    double t;                /* s, time the forgetting last ran to (−inf: never) */
    double t_kin, t_slow, t_rcs, t_hint, t_rf; /* s, last evidence of each kind (−inf: none) */
    double t_push;           /* s, time of the newest state pushed as a new slot */
    struct vg_class_sample hist[VG_CLASS_HIST]; /* ring buffer, newest at head */
    uint8_t head, nhist;     /* newest slot, slots used (≤ VG_CLASS_HIST) */
    uint32_t nkin, nrep;     /* evidence steps taken from states and from reports */
    uint32_t streak;         /* states since the track's birth or its last gap (see
                                vg_class_state_gap): how far its velocity is one object's */
};

/* Start a track at the prior. cls must have passed vg_classifier_check. */
void vg_class_state_init(struct vg_class_state *st, const struct vg_classifier *cls);

/* Evidence from a track estimate x = [e, n, u, ve, vn, vu] (ENU m, m/s) at time t, with its
 * 6×6 covariance P (row-major; NULL: vel_sigma_mps and pos_sigma_m). Feed updated states
 * (not predictions); a t not after the last one adds nothing. Returns 0, or VG_EINVAL for a
 * non-finite t, an x beyond ±1e9 or a P beyond ±1e18 (the state is left unchanged). */
int vg_classify_state(const struct vg_classifier *cls, struct vg_class_state *st, double t,
                      const double x[6], const double *P);

/* The track's next state follows a gap — scans that covered it without a detection —
 * so the report that ends the gap was associated in a grown gate, and may be another
 * object's: its velocity is weighed as a young track's again (kin_young). */
void vg_class_state_gap(struct vg_class_state *st);

/* A track's first plot, before it has a velocity: its range rate rr (m/s) as the radial
 * part of an unknown velocity (likelihood.c: a gull does not close at 45 m/s). Counted as
 * speed evidence (kin_corr_s, g_speed, the outlier floor kin_outlier); the state's own
 * speed takes over from the second update, so pass only the plot that started the track.
 * Returns 0, or VG_EINVAL for a non-finite t or rr. */
int vg_classify_radial(const struct vg_classifier *cls, struct vg_class_state *st, double t,
                       double rr);

/* Evidence from one report associated with the track: its RCS (VG_DET_HAS_RCS; taken as
 * detected above rcs_floor_dbsm, from rcs_floor.h, or NAN when unknown), class hint
 * (VG_DET_HAS_HINT) and emitter (enum vg_emitter, 0 for none). Each kind counts at most once
 * per report_corr_s; a report not after the last of its kind adds nothing. A drone link is
 * strong evidence, so pass it only for an unambiguous association: a bearing without range
 * fits every track on its line (tests/identify/test_classify_sim.c gives a bearing only to
 * the one confirmed track inside its 3σ gate; nearest-in-azimuth labelled 2.3 % of
 * border-post's bird time drone). Returns 0, or VG_EINVAL for a non-finite det->t. */
int vg_classify_report(const struct vg_classifier *cls, struct vg_class_state *st,
                       const struct vg_detection *det, int emitter, double rcs_floor_dbsm);

/* OUT: p[c] for every enum vg_class (sums to 1; person and vehicle 0). */
void vg_class_probs(const struct vg_class_state *st, double p[VG_CLASS_COUNT]);

/* The most probable class; *p (may be NULL) gets its probability. */
int vg_class_best(const struct vg_class_state *st, double *p);

#endif
