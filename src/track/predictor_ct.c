/* SPDX-License-Identifier: MIT */
/* predictor_ct.c — Kalman predictors on the IMM's 7-D state [e, n, u, ve, vn, vu, ω]:
 * nearly-coordinated turn, and nearly-constant velocity carrying ω along.
 *
 * Coordinated turn in the horizontal plane with turn rate ω (rad/s, positive
 * counter-clockwise seen from above, i.e. from east towards north), constant-velocity
 * vertical channel (Bar-Shalom, Li & Kirubarajan 2001, §11.7.1, eq. 11.7.1-4, with the
 * turn rate as a state, §11.7.2):
 *     e'  = e + (sin ωT / ω) ve − ((1 − cos ωT) / ω) vn
 *     n'  = n + ((1 − cos ωT) / ω) ve + (sin ωT / ω) vn
 *     ve' = cos ωT · ve − sin ωT · vn,   vn' = sin ωT · ve + cos ωT · vn
 *     u'  = u + T vu,   vu' = vu,   ω' = ω
 * The covariance is propagated with the Jacobian F = ∂f/∂x at the prior mean (EKF), whose
 * ω column is written out below; as ω → 0 the terms use their Taylor limits so the model
 * becomes CV continuously. Process noise: continuous white acceleration q on every axis as
 * in the CV model, plus a turn-rate random walk of density q_ω: Q_ωω = q_ω·T.
 * The CV variant leaves ω unchanged with no noise of its own: within an IMM, ω only
 * matters to the CT model, and mixing hands the CV models the CT model's estimate. */
#include <math.h>
#include <string.h>

#include "base/mat.h"
#include "track/imm.h"

/* Q of continuous white acceleration on the three position/velocity pairs of a 7-D state. */
static void add_q(double *P, double T, double q_h, double q_v)
{
    double aT = fabs(T);
    for (int i = 0; i < 3; i++) {
        double q = i < 2 ? q_h : q_v;
        P[i * 7 + i] += q * aT * aT * aT / 3.0;
        P[i * 7 + i + 3] += q * T * aT / 2.0;
        P[(i + 3) * 7 + i] += q * T * aT / 2.0;
        P[(i + 3) * 7 + i + 3] += q * aT;
    }
}

static void propagate(const double *F, const double *P, double *Po)
{
    double FP[49];
    vg_mat_mul(FP, F, P, 7, 7, 7);
    vg_mat_mul_bt(Po, FP, F, 7, 7, 7);
}

void vg__cv7_predict(const double *x, const double *P, double T, double q_h, double q_v,
                     double *xo, double *Po)
{
    double F[49] = {0};
    for (int i = 0; i < 7; i++)
        F[i * 7 + i] = 1.0;
    for (int i = 0; i < 3; i++)
        F[i * 7 + i + 3] = T;
    vg_mat_mul(xo, F, x, 7, 7, 1);
    propagate(F, P, Po);
    add_q(Po, T, q_h, q_v);
    vg_mat_symmetrize(Po, 7);
}

void vg__ct_predict(const double *x, const double *P, double T, double q_h, double q_v,
                    double q_w, double *xo, double *Po)
{
    double w = x[6], ve = x[3], vn = x[4];
    double wT = w * T, s = sin(wT), c = cos(wT);
    /* a = sin(ωT)/ω, b = (1 − cos ωT)/ω and their ω-derivatives, with series near 0. */
    double a, b, da, db;
    if (fabs(wT) < 1e-4) {
        a = T * (1.0 - wT * wT / 6.0);
        b = T * (wT / 2.0 - wT * wT * wT / 24.0);
        da = -T * T * T * w / 3.0;
        db = T * T / 2.0 - T * T * T * T * w * w / 8.0;
    } else {
        a = s / w;
        b = (1.0 - c) / w;
        da = (T * c - a) / w;
        db = (T * s - b) / w;
    }
    xo[0] = x[0] + a * ve - b * vn;
    xo[1] = x[1] + b * ve + a * vn;
    xo[2] = x[2] + T * x[5];
    xo[3] = c * ve - s * vn;
    xo[4] = s * ve + c * vn;
    xo[5] = x[5];
    xo[6] = w;
    double F[49] = {0};
    for (int i = 0; i < 7; i++)
        F[i * 7 + i] = 1.0;
    F[0 * 7 + 3] = a;
    F[0 * 7 + 4] = -b;
    F[0 * 7 + 6] = da * ve - db * vn;
    F[1 * 7 + 3] = b;
    F[1 * 7 + 4] = a;
    F[1 * 7 + 6] = db * ve + da * vn;
    F[2 * 7 + 5] = T;
    F[3 * 7 + 3] = c;
    F[3 * 7 + 4] = -s;
    F[3 * 7 + 6] = -T * (s * ve + c * vn);
    F[4 * 7 + 3] = s;
    F[4 * 7 + 4] = c;
    F[4 * 7 + 6] = T * (c * ve - s * vn);
    propagate(F, P, Po);
    add_q(Po, T, q_h, q_v);
    Po[48] += q_w * fabs(T);
    vg_mat_symmetrize(Po, 7);
}
