/* SPDX-License-Identifier: MIT */
/* jpda.h — probabilistic data association: JPDA marginal association probabilities
 * (associator_jpda.c) and the (J)PDA state update with its likelihood pieces
 * (updater_pda.c). Track-internal (vg__ prefix); the tracker composes them as
 *
 *     for each gated pair (t, j):  d², log det S  ← vg__pda_distance(det j, track t)
 *                                  lr_tj = vg__pda_lr(P_D, λ, nz, d², log det S)
 *     per track:                   w_t0 = 1 − P_D P_G
 *     β_tj, β_t0                   ← vg__jpda_marginals(...)
 *     per track:                   vg__pda_update(its gated detections, their β, β_t0)
 *
 * Notation as in Bar-Shalom, Willett & Tian, Tracking and Data Fusion (2011), ch. 6:
 * P_D detection probability, P_G gate probability, λ clutter spatial density (per unit
 * volume of measurement space: m³ for xyz, m·rad² for range/az/el, and so on). */
#ifndef VG_TRACK_JPDA_H
#define VG_TRACK_JPDA_H

#include <stddef.h>
#include <stdint.h>

#include "sense/detection.h"
#include "track/internal.h"

/* ---- associator_jpda.c ---- */

/* One gated (track, detection) pair. */
struct vg__jpda_pair {
    int32_t trk;  /* track index, 0 ≤ trk < ntrk */
    int32_t det;  /* detection index, 0 ≤ det < ndet */
    double lr;    /* likelihood ratio l = P_D N(y; 0, S) / λ, finite, ≥ 0 */
};

enum vg__jpda_method {
    VG__JPDA_AUTO = 0, /* exact when a cluster has ≤ max_events joint events (bounded by
                          Π (1 + degree) over its tracks or its detections), else BP */
    VG__JPDA_EXACT,    /* always enumerate (VG_ERANGE if a cluster's bound exceeds
                          max_events) */
    VG__JPDA_BP        /* always loopy belief propagation (exact on acyclic clusters) */
};

struct vg__jpda_stats {           /* counts since init (or since the caller zeroed them) */
    uint64_t clusters;            /* independent clusters seen */
    uint64_t closed_form;         /* clusters of one track (the PDAF's closed form) */
    uint64_t exact;               /* clusters enumerated */
    uint64_t bp;                  /* clusters solved by belief propagation */
    uint64_t bp_iterations;       /* BP sweeps in total */
    uint64_t bp_unconverged;      /* BP clusters that hit bp_max_iter (result still used) */
    uint64_t bp_fallbacks;        /* enumerations whose products left the double range */
};

/* Workspace and settings. Plain data: vg__jpda_init, then set the settings if the
 * defaults do not suit, call vg__jpda_marginals any number of times, vg__jpda_fini.
 * Buffers only grow; after the largest problem has been seen nothing is allocated. */
struct vg__jpda {
    /* Settings (vg__jpda_init writes the defaults). */
    int method;                   /* enum vg__jpda_method; default AUTO */
    double max_events;            /* AUTO/EXACT: enumeration limit, default 1e5 */
    int bp_max_iter;              /* BP sweeps at most, default 200 */
    double bp_tol;                /* BP stops when no message changes by more than this
                                     (messages lie in (0, 1]), default 1e-6 */
    struct vg__jpda_stats stats;
    /* Workspace (private). */
    struct vg__clusters cl;            /* the independent problems (cluster.c) */
    int32_t *loc, *lt, *ld;            /* global → local index map, local → global */
    size_t loc_cap, lt_cap, ld_cap;
    int32_t *rstart, *redge, *cstart, *cedge, *eside; /* cluster adjacency (CSR) */
    size_t rstart_cap, redge_cap, cstart_cap, cedge_cap, eside_cap;
    double *w, *w0, *acc, *acc0, *mu, *nu; /* weights, accumulators, BP messages */
    size_t w_cap, w0_cap, acc_cap, acc0_cap, mu_cap, nu_cap;
    unsigned char *used;               /* enumeration: column taken */
    size_t used_cap;
};

void vg__jpda_init(struct vg__jpda *j);
void vg__jpda_fini(struct vg__jpda *j); /* safe twice, and after init alone */

/* Marginal association probabilities of JPDA (Fortmann, Bar-Shalom & Scheffe 1983) for
 * ntrk tracks and ndet detections, given the gated pairs and each track's miss weight
 * w0[t] = 1 − P_D P_G (finite, > 0). Writes OUT beta[k] = P(pair k is the true
 * association) for every pair and OUT beta0[t] = P(track t detected nothing) for every
 * track, so that beta0[t] + Σ_{k: trk = t} beta[k] = 1 and Σ_{k: det = j} beta[k] ≤ 1.
 * A track with no pair gets beta0 = 1. Pairs may come in any order; each (trk, det) at
 * most once (not checked). Deterministic: the same input gives the same output, bit for
 * bit. Returns 0, VG_EINVAL (index out of range, lr or w0 invalid, bad
 * settings, more than INT32_MAX of anything), VG_ERANGE (EXACT method and a cluster over
 * max_events) or VG_ENOMEM; on error beta and beta0 are unspecified. */
int vg__jpda_marginals(struct vg__jpda *j, size_t ntrk, size_t ndet,
                       const struct vg__jpda_pair *pairs, size_t npairs, const double *w0,
                       double *beta, double *beta0);

/* ---- updater_pda.c ---- */

#define VG__PDA_NX_MAX 9 /* largest state the PDA update takes (6: CV, 7: IMM with ω) */

/* Squared Mahalanobis distance d² = y' S⁻¹ y and log det S of det against the state
 * (x[nx], P[nx·nx]), 6 ≤ nx ≤ VG__PDA_NX_MAX; the measurement model reads x[0..6) and H
 * gets zero columns for the rest. Equals vg__kf_distance for nx = 6. logdet_s may be
 * NULL. Returns 0, VG_EINVAL (nx), VG_ERANGE / VG_EUNSUPPORTED (measurement model) or
 * VG_ENOTSPD. */
int vg__pda_distance(const struct vg_detection *det, const double sensor_pos[3], int nx,
                     const double *x, const double *P, double *d2, double *logdet_s);

/* Likelihood ratio of a gated pair, l = P_D N(y; 0, S) / λ, from its d² and log det S:
 *     ln l = ln P_D − (d² + log det S + nz ln 2π) / 2 − ln λ.
 * pd in (0, 1], clutter_density λ > 0 in the measurement's units (else NaN, which
 * vg__jpda_marginals rejects); capped at e⁷⁰⁰ so that it stays finite. */
double vg__pda_lr(double pd, double clutter_density, int nz, double d2, double logdet_s);

/* (J)PDA update of one track (x[nx], P[nx·nx], 6 ≤ nx ≤ VG__PDA_NX_MAX) by its n gated
 * detections dets[0..n) of one sensor scan, with association probabilities beta[0..n)
 * and beta0 (β0 + Σ β = 1 within 1e-6, each in [0, 1]). All detections must share the
 * kind, flags and nz of dets[0], whose measurement model and R give the one S and K:
 *     ẑ = h(x), S = H P H' + R, K = P H' S⁻¹, y_j = z_j − ẑ, y = Σ β_j y_j,
 *     x⁺ = x + K y,
 *     P⁺ = β0 P + (1 − β0) P_c + K (Σ β_j y_j y_j' − y y') K',
 * P_c the Joseph-form Kalman posterior (Bar-Shalom, Willett & Tian 2011, §6.4; the PDAF of
 * Bar-Shalom & Tse 1975). n = 0 (then β0 must be 1) leaves the state as it is. Returns 0,
 * VG_EINVAL (arguments), or a measurement-model / VG_ENOTSPD error with the state
 * unchanged. */
int vg__pda_update(const struct vg_detection *const *dets, const double *beta, size_t n,
                   double beta0, const double sensor_pos[3], int nx, double *x, double *P);

#endif
