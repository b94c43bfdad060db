/* SPDX-License-Identifier: MIT */
/* imm.h — the interacting multiple model filter of the tracker (track/ internal).
 *
 * Models share the 7-D state [e, n, u, ve, vn, vu, ω]: 0 = nearly constant velocity with
 * the tracker's q_h/q_v, 1 = coordinated turn (q_ct, turn-rate noise q_turn), 2 = high
 * acceleration manoeuvre (CV with q_manoeuvre: a weaving, pulling-up or diving FPV).
 * The combined estimate (first six components) is what the rest of the tracker sees. */
#ifndef VG_TRACK_IMM_H
#define VG_TRACK_IMM_H

#include "track/internal.h"

#define VG_IMM_MODELS 3
#define VG_IMM_NX 7

struct vg__imm {
    double mu[VG_IMM_MODELS];                      /* mode probabilities, sum 1 */
    double x[VG_IMM_MODELS][VG_IMM_NX];            /* per-model means */
    double P[VG_IMM_MODELS][VG_IMM_NX * VG_IMM_NX]; /* per-model covariances */
};

/* 7-D predictors (predictor_ct.c). */
void vg__cv7_predict(const double *x, const double *P, double T, double q_h, double q_v,
                     double *xo, double *Po);
void vg__ct_predict(const double *x, const double *P, double T, double q_h, double q_v,
                    double q_w, double *xo, double *Po);

/* Start from a 6-D estimate: every model gets it, ω = 0 with the configured sigma. */
void vg__imm_start(const struct vg_tracker_config *cfg, const double x[VG_NX],
                   const double P[VG_NX * VG_NX], struct vg__imm *imm);
/* Mix (Markov transition over T from the models' mean sojourn times) and predict each
 * model by T: out = the predicted IMM. */
void vg__imm_predict(const struct vg_tracker_config *cfg, const struct vg__imm *in, double T,
                     struct vg__imm *out);
/* Update a predicted IMM with det: each model by (E)KF, then mode probabilities by the
 * models' likelihoods. Returns 0, or an error (no model could use det) with imm unchanged. */
int vg__imm_update(const struct vg_detection *det, const double sensor_pos[3],
                   struct vg__imm *imm);
/* Moment-matched combination: x = Σ μj xj, P = Σ μj (Pj + (xj − x)(xj − x)'), first six
 * components. */
void vg__imm_combine(const struct vg__imm *imm, double x[VG_NX], double P[VG_NX * VG_NX]);

#endif
