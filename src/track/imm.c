/* SPDX-License-Identifier: MIT */
/* imm.c — interacting multiple model estimator (Blom & Bar-Shalom, IEEE TAC 1988;
 * Bar-Shalom, Li & Kirubarajan 2001, §11.6.6).
 *
 * One cycle from time t to t + T:
 *   1. mixing probabilities  μ_{i|j} = p_ij μ_i / c̄_j,  c̄_j = Σ_i p_ij μ_i
 *   2. mixed initial conditions  x0_j = Σ_i μ_{i|j} x_i,
 *      P0_j = Σ_i μ_{i|j} (P_i + (x_i − x0_j)(x_i − x0_j)')
 *   3. model-matched prediction of (x0_j, P0_j) by model j over T
 *   4. update of each model with the measurement; likelihood Λ_j = N(y_j; 0, S_j)
 *   5. mode probabilities μ_j ∝ Λ_j c̄_j
 *   6. output combination (moment matching)
 * Steps 1–3 are vg__imm_predict, 4–5 vg__imm_update, 6 vg__imm_combine, so the tracker can
 * predict for gating without updating and coast through misses (μ_j = c̄_j then).
 * Report intervals vary (several sensors, misses), so the transition matrix is that of a
 * continuous-time Markov chain with mean sojourn time τ_j in model j over the interval T:
 *     p_jj = exp(−T/τ_j),  p_ij = (1 − p_ii)/(M − 1) for i ≠ j,
 * which reduces to the usual fixed matrix for a fixed scan period. */
#include "track/imm.h"

#include <math.h>
#include <string.h>

void vg__imm_start(const struct vg_tracker_config *cfg, const double x[VG_NX],
                   const double P[VG_NX * VG_NX], struct vg__imm *imm)
{
    memset(imm, 0, sizeof *imm);
    for (int j = 0; j < VG_IMM_MODELS; j++) {
        for (int a = 0; a < VG_NX; a++) {
            imm->x[j][a] = x[a];
            for (int b = 0; b < VG_NX; b++)
                imm->P[j][a * VG_IMM_NX + b] = P[a * VG_NX + b];
        }
        imm->P[j][VG_IMM_NX * VG_IMM_NX - 1] = cfg->init_turn_sigma * cfg->init_turn_sigma;
    }
    imm->mu[0] = 0.8;
    imm->mu[1] = 0.1;
    imm->mu[2] = 0.1;
}

static void transition(const struct vg_tracker_config *cfg, double T, double p[3][3])
{
    double tau[3] = {cfg->imm_sojourn_cv_s, cfg->imm_sojourn_ct_s, cfg->imm_sojourn_man_s};
    for (int i = 0; i < 3; i++) {
        double stay = exp(-fabs(T) / tau[i]);
        for (int j = 0; j < 3; j++)
            p[i][j] = i == j ? stay : (1.0 - stay) / 2.0;
    }
}

void vg__imm_predict(const struct vg_tracker_config *cfg, const struct vg__imm *in, double T,
                     struct vg__imm *out)
{
    enum { N = VG_IMM_NX };
    double p[3][3], cbar[3];
    transition(cfg, T, p);
    for (int j = 0; j < 3; j++) {
        cbar[j] = 0.0;
        for (int i = 0; i < 3; i++)
            cbar[j] += p[i][j] * in->mu[i];
    }
    for (int j = 0; j < 3; j++) {
        double x0[N] = {0}, P0[N * N] = {0};
        double w[3];
        for (int i = 0; i < 3; i++)
            w[i] = cbar[j] > 0 ? p[i][j] * in->mu[i] / cbar[j] : (i == j);
        for (int i = 0; i < 3; i++)
            for (int a = 0; a < N; a++)
                x0[a] += w[i] * in->x[i][a];
        for (int i = 0; i < 3; i++) {
            if (w[i] == 0.0)
                continue;
            double d[N];
            for (int a = 0; a < N; a++)
                d[a] = in->x[i][a] - x0[a];
            for (int a = 0; a < N; a++)
                for (int b = 0; b < N; b++)
                    P0[a * N + b] += w[i] * (in->P[i][a * N + b] + d[a] * d[b]);
        }
        switch (j) {
        case 0:
            vg__cv7_predict(x0, P0, T, cfg->q_h, cfg->q_v, out->x[j], out->P[j]);
            break;
        case 1:
            vg__ct_predict(x0, P0, T, cfg->q_ct, cfg->q_v, cfg->q_turn, out->x[j], out->P[j]);
            break;
        default:
            vg__cv7_predict(x0, P0, T, cfg->q_manoeuvre, cfg->q_manoeuvre, out->x[j],
                            out->P[j]);
            break;
        }
        out->mu[j] = cbar[j];
    }
}

int vg__imm_update(const struct vg_detection *det, const double sensor_pos[3],
                   struct vg__imm *imm)
{
    struct vg__imm up = *imm;
    double loglik[3], best = -INFINITY;
    int ok = 0;
    for (int j = 0; j < 3; j++) {
        double d2, logdet;
        if (vg__kf_update_nx(det, sensor_pos, up.x[j], up.P[j], VG_IMM_NX, &d2, &logdet)) {
            memcpy(up.x[j], imm->x[j], sizeof up.x[j]);
            memcpy(up.P[j], imm->P[j], sizeof up.P[j]);
            loglik[j] = -INFINITY;
            continue;
        }
        /* The (2π)^(nz/2) factor is common to all models and cancels. */
        loglik[j] = -0.5 * (d2 + logdet);
        if (loglik[j] > best)
            best = loglik[j];
        ok = 1;
    }
    if (!ok)
        return VG_ERANGE;
    double sum = 0.0;
    for (int j = 0; j < 3; j++) {
        up.mu[j] = imm->mu[j] * exp(loglik[j] - best);
        sum += up.mu[j];
    }
    /* A floor keeps every model alive: a model at μ = 0 could never come back. */
    for (int j = 0; j < 3; j++) {
        up.mu[j] = up.mu[j] / sum;
        if (up.mu[j] < 1e-6)
            up.mu[j] = 1e-6;
    }
    sum = up.mu[0] + up.mu[1] + up.mu[2];
    for (int j = 0; j < 3; j++)
        up.mu[j] /= sum;
    *imm = up;
    return 0;
}

void vg__imm_combine(const struct vg__imm *imm, double x[VG_NX], double P[VG_NX * VG_NX])
{
    enum { N = VG_IMM_NX };
    memset(x, 0, VG_NX * sizeof *x);
    memset(P, 0, VG_NX * VG_NX * sizeof *P);
    for (int j = 0; j < 3; j++)
        for (int a = 0; a < VG_NX; a++)
            x[a] += imm->mu[j] * imm->x[j][a];
    for (int j = 0; j < 3; j++) {
        double d[VG_NX];
        for (int a = 0; a < VG_NX; a++)
            d[a] = imm->x[j][a] - x[a];
        for (int a = 0; a < VG_NX; a++)
            for (int b = 0; b < VG_NX; b++)
                P[a * VG_NX + b] += imm->mu[j] * (imm->P[j][a * N + b] + d[a] * d[b]);
    }
}
