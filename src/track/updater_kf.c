/* SPDX-License-Identifier: MIT */
/* updater_kf.c — Kalman update for linear (xyz) and, with the Jacobian at the predicted
 * state, extended Kalman update for polar and bearing measurements.
 *
 *     ẑ = h(x),  y = z − ẑ (angles wrapped),  S = H P H' + R,
 *     K = P H' S⁻¹,  x⁺ = x + K y,
 *     P⁺ = (I − K H) P (I − K H)' + K R K'        (Joseph form)
 * The Joseph form keeps P⁺ symmetric positive definite in floating point whatever K is
 * (Bucy & Joseph 1968; Stone Soup's KalmanUpdater offers it as an option — here it is the
 * only form, the cost being ~2·n³ flops). S is factored once by Cholesky; K comes from
 * triangular solves rather than an explicit inverse.
 *
 * The state may be the tracker's 6-D [p, v] or an IMM model's 7-D [p, v, ω]: measurement
 * models read only the first six components, so H gets zero columns beyond them. The
 * update also returns d² = y' S⁻¹ y and log det S, from which an IMM computes each model's
 * likelihood N(y; 0, S) = exp(−d²/2) / √((2π)^nz det S). */
#include <string.h>

#include "base/mat.h"
#include "track/internal.h"

/* ẑ, H (nz × nx, zero-padded) and S at state (x, P) of dimension nx. A position report's
 * H = [I 0] only selects: P H' is P's first three columns and H P H' its top-left block,
 * copied rather than multiplied (most reports in a dense scene are positions). */
static inline __attribute__((always_inline)) int
predict_meas(const struct vg_detection *det, const double sensor_pos[3], const double *x,
             const double *P, const int nx, struct vg__meas *m, double *Hn, double *PHt,
             double *S)
{
    if (det->kind == VG_DET_XYZ) {
        m->nz = 3;
        for (int i = 0; i < 3; i++) {
            m->zhat[i] = x[i];
            for (int j = 0; j < nx; j++)
                Hn[i * nx + j] = i == j;
        }
        for (int i = 0; i < nx; i++)
            for (int j = 0; j < 3; j++)
                PHt[i * 3 + j] = P[i * nx + j];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                S[i * 3 + j] = P[i * nx + j] + det->R[i * 3 + j];
        return 0;
    }
    int rc = vg__meas_predict(det, sensor_pos, x, m);
    if (rc)
        return rc;
    int nz = m->nz;
    for (int i = 0; i < nz; i++)
        for (int j = 0; j < nx; j++)
            Hn[i * nx + j] = j < VG_NX ? m->H[i * VG_NX + j] : 0.0;
    vg_mat_mul_bt(PHt, P, Hn, nx, nx, nz);
    vg_mat_mul(S, Hn, PHt, nz, nx, nz);
    for (int i = 0; i < nz * nz; i++)
        S[i] += det->R[i];
    return 0;
}

static inline __attribute__((always_inline)) int
distance_impl(const struct vg_detection *det, const double sensor_pos[3], const double *x,
              const double *P, const int nx, double *d2, double *logdet_s)
{
    struct vg__meas m;
    double Hn[VG_DET_NZ_MAX * VG_NX_MAX], PHt[VG_NX_MAX * VG_DET_NZ_MAX];
    double S[VG_DET_NZ_MAX * VG_DET_NZ_MAX], L[VG_DET_NZ_MAX * VG_DET_NZ_MAX];
    double y[VG_DET_NZ_MAX];
    int rc = predict_meas(det, sensor_pos, x, P, nx, &m, Hn, PHt, S);
    if (rc || (rc = vg_mat_chol(L, S, m.nz)))
        return rc;
    vg__meas_innovation(det, &m, y);
    *d2 = vg_mat_chol_mahal2(L, y, m.nz);
    if (logdet_s)
        *logdet_s = vg_mat_chol_logdet(L, m.nz);
    return 0;
}

int vg__kf_distance_nx(const struct vg_detection *det, const double sensor_pos[3],
                       const double *x, const double *P, int nx, double *d2, double *logdet_s)
{
    /* Constant dimensions let the compiler unroll the small products. */
    return nx == VG_NX ? distance_impl(det, sensor_pos, x, P, VG_NX, d2, logdet_s)
                       : distance_impl(det, sensor_pos, x, P, VG_NX_MAX, d2, logdet_s);
}

int vg__kf_distance(const struct vg_detection *det, const double sensor_pos[3],
                    const double x[VG_NX], const double P[VG_NX * VG_NX], double *d2,
                    double *logdet_s)
{
    return vg__kf_distance_nx(det, sensor_pos, x, P, VG_NX, d2, logdet_s);
}

static inline __attribute__((always_inline)) int
update_impl(const struct vg_detection *det, const double sensor_pos[3], double *x, double *P,
            const int nx, double *d2, double *logdet_s)
{
    struct vg__meas m;
    double Hn[VG_DET_NZ_MAX * VG_NX_MAX], PHt[VG_NX_MAX * VG_DET_NZ_MAX];
    double S[VG_DET_NZ_MAX * VG_DET_NZ_MAX], L[VG_DET_NZ_MAX * VG_DET_NZ_MAX];
    int rc = predict_meas(det, sensor_pos, x, P, nx, &m, Hn, PHt, S);
    if (rc)
        return rc;
    int nz = m.nz;
    if ((rc = vg_mat_chol(L, S, nz)))
        return rc;
    double y[VG_DET_NZ_MAX];
    vg__meas_innovation(det, &m, y);
    if (d2)
        *d2 = vg_mat_chol_mahal2(L, y, nz);
    if (logdet_s)
        *logdet_s = vg_mat_chol_logdet(L, nz);
    /* K' = S⁻¹ (P H')'  (S symmetric), solved as nz × nx. */
    double HPt[VG_DET_NZ_MAX * VG_NX_MAX], Kt[VG_DET_NZ_MAX * VG_NX_MAX];
    double K[VG_NX_MAX * VG_DET_NZ_MAX];
    vg_mat_transpose(HPt, PHt, nx, nz);
    if ((rc = vg_mat_spd_solve(Kt, S, HPt, nz, nx)))
        return rc;
    vg_mat_transpose(K, Kt, nz, nx);
    for (int i = 0; i < nx; i++) {
        double s = 0;
        for (int k = 0; k < nz; k++)
            s += K[i * nz + k] * y[k];
        x[i] += s;
    }
    /* Joseph form. A = I − K H. */
    double A[VG_NX_MAX * VG_NX_MAX], AP[VG_NX_MAX * VG_NX_MAX];
    double KR[VG_NX_MAX * VG_DET_NZ_MAX], KRKt[VG_NX_MAX * VG_NX_MAX];
    vg_mat_mul(A, K, Hn, nx, nz, nx);
    for (int i = 0; i < nx * nx; i++)
        A[i] = -A[i];
    for (int i = 0; i < nx; i++)
        A[i * nx + i] += 1.0;
    vg_mat_mul(AP, A, P, nx, nx, nx);
    vg_mat_mul_bt(P, AP, A, nx, nx, nx);
    vg_mat_mul(KR, K, det->R, nx, nz, nz);
    vg_mat_mul_bt(KRKt, KR, K, nx, nz, nx);
    for (int i = 0; i < nx * nx; i++)
        P[i] += KRKt[i];
    vg_mat_symmetrize(P, nx);
    return 0;
}

int vg__kf_update_nx(const struct vg_detection *det, const double sensor_pos[3], double *x,
                     double *P, int nx, double *d2, double *logdet_s)
{
    return nx == VG_NX ? update_impl(det, sensor_pos, x, P, VG_NX, d2, logdet_s)
                       : update_impl(det, sensor_pos, x, P, VG_NX_MAX, d2, logdet_s);
}

int vg__kf_update(const struct vg_detection *det, const double sensor_pos[3],
                  double x[VG_NX], double P[VG_NX * VG_NX])
{
    double xx[VG_NX], PP[VG_NX * VG_NX];
    memcpy(xx, x, sizeof xx);
    memcpy(PP, P, sizeof PP);
    int rc = vg__kf_update_nx(det, sensor_pos, xx, PP, VG_NX, NULL, NULL);
    if (rc == 0) {
        memcpy(x, xx, sizeof xx);
        memcpy(P, PP, sizeof PP);
    }
    return rc;
}
