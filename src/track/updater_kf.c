/* SPDX-License-Identifier: MIT */
/* updater_kf.c — Kalman update for linear (xyz) and, with the Jacobian at the predicted
 * state, extended Kalman update for polar measurements.
 *
 *     ẑ = h(x),  y = z − ẑ (angles wrapped),  S = H P H' + R,
 *     K = P H' S⁻¹,  x⁺ = x + K y,
 *     P⁺ = (I − K H) P (I − K H)' + K R K'        (Joseph form)
 * The Joseph form keeps P⁺ symmetric positive definite in floating point whatever K is
 * (Bucy & Joseph 1968; Stone Soup's KalmanUpdater offers it as an option — here it is the
 * only form, the cost being ~2×6³ flops). S is factored once by Cholesky; K comes from two
 * triangular solves rather than an explicit inverse. */
#include <string.h>

#include "base/mat.h"
#include "track/internal.h"

int vg__kf_distance(const struct vg_detection *det, const double sensor_pos[3],
                    const double x[VG_NX], const double P[VG_NX * VG_NX], double *d2,
                    double *logdet_s)
{
    struct vg__meas m;
    int rc = vg__meas_predict(det, sensor_pos, x, &m);
    if (rc)
        return rc;
    int nz = m.nz;
    double PHt[VG_NX * VG_DET_NZ_MAX], S[VG_DET_NZ_MAX * VG_DET_NZ_MAX];
    vg_mat_mul_bt(PHt, P, m.H, VG_NX, VG_NX, nz);
    vg_mat_mul(S, m.H, PHt, nz, VG_NX, nz);
    for (int i = 0; i < nz * nz; i++)
        S[i] += det->R[i];
    double L[VG_DET_NZ_MAX * VG_DET_NZ_MAX], y[VG_DET_NZ_MAX];
    rc = vg_mat_chol(L, S, nz);
    if (rc)
        return rc;
    vg__meas_innovation(det, &m, y);
    *d2 = vg_mat_chol_mahal2(L, y, nz);
    if (logdet_s)
        *logdet_s = vg_mat_chol_logdet(L, nz);
    return 0;
}

int vg__kf_update(const struct vg_detection *det, const double sensor_pos[3],
                  double x[VG_NX], double P[VG_NX * VG_NX])
{
    struct vg__meas m;
    int rc = vg__meas_predict(det, sensor_pos, x, &m);
    if (rc)
        return rc;
    int nz = m.nz;
    double PHt[VG_NX * VG_DET_NZ_MAX], S[VG_DET_NZ_MAX * VG_DET_NZ_MAX];
    vg_mat_mul_bt(PHt, P, m.H, VG_NX, VG_NX, nz);
    vg_mat_mul(S, m.H, PHt, nz, VG_NX, nz);
    for (int i = 0; i < nz * nz; i++)
        S[i] += det->R[i];
    /* K' = S⁻¹ (P H')'  (S symmetric), solved as nz×6. */
    double HPt[VG_DET_NZ_MAX * VG_NX], Kt[VG_DET_NZ_MAX * VG_NX], K[VG_NX * VG_DET_NZ_MAX];
    vg_mat_transpose(HPt, PHt, VG_NX, nz);
    rc = vg_mat_spd_solve(Kt, S, HPt, nz, VG_NX);
    if (rc)
        return rc;
    vg_mat_transpose(K, Kt, nz, VG_NX);
    double y[VG_DET_NZ_MAX];
    vg__meas_innovation(det, &m, y);
    for (int i = 0; i < VG_NX; i++) {
        double s = 0;
        for (int k = 0; k < nz; k++)
            s += K[i * nz + k] * y[k];
        x[i] += s;
    }
    /* Joseph form. A = I − K H. */
    double A[VG_NX * VG_NX], AP[VG_NX * VG_NX], KR[VG_NX * VG_DET_NZ_MAX];
    vg_mat_mul(A, K, m.H, VG_NX, nz, VG_NX);
    for (int i = 0; i < VG_NX * VG_NX; i++)
        A[i] = -A[i];
    for (int i = 0; i < VG_NX; i++)
        A[i * VG_NX + i] += 1.0;
    vg_mat_mul(AP, A, P, VG_NX, VG_NX, VG_NX);
    vg_mat_mul_bt(P, AP, A, VG_NX, VG_NX, VG_NX);
    vg_mat_mul(KR, K, det->R, VG_NX, nz, nz);
    double KRKt[VG_NX * VG_NX];
    vg_mat_mul_bt(KRKt, KR, K, VG_NX, nz, VG_NX);
    for (int i = 0; i < VG_NX * VG_NX; i++)
        P[i] += KRKt[i];
    vg_mat_symmetrize(P, VG_NX);
    return 0;
}
