/* SPDX-License-Identifier: MIT */
/* predictor_cv.c — Kalman predictor for the nearly-constant-velocity model.
 *
 * Per axis, state [p, v], transition F = [[1, T], [0, 1]] and the discretised continuous
 * white-noise acceleration of spectral density q (Bar-Shalom, Li & Kirubarajan, Estimation
 * with Applications to Tracking and Navigation, 2001, §6.2.2, eq. 6.2.2-12):
 *     Q = q [[T³/3, T²/2], [T²/2, T]],
 * the model Stone Soup calls ConstantVelocity. The 6-D prediction P' = F P F' + Q is
 * written in 3×3 blocks (pp, pv, vv) so it costs ~150 flops instead of two 6×6 products:
 *     Ppp' = Ppp + T (Ppv + Pvp) + T² Pvv + Qpp,  Ppv' = Ppv + T Pvv + Qpv,  Pvv' = Pvv + Qvv.
 * Because Q(T1 + T2) = F(T2) Q(T1) F(T2)' + Q(T2) for this model, predicting once over a gap
 * equals predicting scan by scan: a coasting track need not be advanced every scan.
 * A negative T (a report older than the state) predicts backwards: x(t−τ) = F(−τ)(x(t) − w),
 * whose noise F(−τ) Q(τ) F(−τ)' = q [[τ³/3, −τ²/2], [−τ²/2, τ]] is still positive
 * semi-definite; the code writes Q with τ = |T| and the cross term's sign following T. */
#include <math.h>

#include "track/internal.h"

void vg__cv_predict(const double x[VG_NX], const double P[VG_NX * VG_NX], double dt,
                    double q_h, double q_v, double xo[VG_NX], double Po[VG_NX * VG_NX])
{
    double T = dt, aT = fabs(dt);
    for (int i = 0; i < 3; i++) {
        xo[i] = x[i] + T * x[i + 3];
        xo[i + 3] = x[i + 3];
    }
    /* Blocks: rows/cols 0..2 position, 3..5 velocity. */
    for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
            double pp = P[i * 6 + j], pv = P[i * 6 + j + 3];
            double vp = P[(i + 3) * 6 + j], vv = P[(i + 3) * 6 + j + 3];
            Po[i * 6 + j] = pp + T * (pv + vp) + T * T * vv;
            Po[i * 6 + j + 3] = pv + T * vv;
            Po[(i + 3) * 6 + j] = vp + T * vv;
            Po[(i + 3) * 6 + j + 3] = vv;
        }
    }
    for (int i = 0; i < 3; i++) {
        double q = i < 2 ? q_h : q_v;
        Po[i * 6 + i] += q * aT * aT * aT / 3.0;
        double qpv = q * T * aT / 2.0; /* sign of T: the cross term follows the direction */
        Po[i * 6 + i + 3] += qpv;
        Po[(i + 3) * 6 + i] += qpv;
        Po[(i + 3) * 6 + i + 3] += q * aT;
    }
}
