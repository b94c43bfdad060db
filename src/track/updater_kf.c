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
#include <math.h>
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

/* The innovation covariance S is at most 4×4: Cholesky and its solves are written here for a
 * dimension known at compile time (dispatched by nz), which the compiler unrolls; the
 * general routines of base/mat.c loop on a run-time n and cost several times more for these
 * sizes. Same algorithm (Golub & Van Loan Alg. 4.2.1) and same rejection of a pivot that is
 * not positive or not finite. */
static inline __attribute__((always_inline)) int chol_n(double *L, const double *S, const int n)
{
    for (int j = 0; j < n; j++) {
        double d = S[j * n + j];
        for (int k = 0; k < j; k++)
            d -= L[j * n + k] * L[j * n + k];
        if (!(d > 0.0) || !isfinite(d))
            return VG_ENOTSPD;
        double ljj = sqrt(d);
        L[j * n + j] = ljj;
        for (int i = j + 1; i < n; i++) {
            double v = S[i * n + j];
            for (int k = 0; k < j; k++)
                v -= L[i * n + k] * L[j * n + k];
            L[i * n + j] = v / ljj;
        }
        for (int i = 0; i < j; i++)
            L[i * n + j] = 0.0;
    }
    return 0;
}

/* d² = y' S⁻¹ y = |L⁻¹ y|² by forward substitution. */
static inline __attribute__((always_inline)) double mahal_n(const double *L, const double *y,
                                                            const int n)
{
    double w[VG_DET_NZ_MAX], d2 = 0.0;
    for (int i = 0; i < n; i++) {
        double v = y[i];
        for (int k = 0; k < i; k++)
            v -= L[i * n + k] * w[k];
        w[i] = v / L[i * n + i];
        d2 += w[i] * w[i];
    }
    return d2;
}

/* X = S⁻¹ B for B n×m (columns solved together), from S's factor L. */
static inline __attribute__((always_inline)) void solve_n(const double *L, const double *B,
                                                          double *X, const int n, const int m)
{
    for (int c = 0; c < m; c++) {
        double w[VG_DET_NZ_MAX];
        for (int i = 0; i < n; i++) {
            double v = B[i * m + c];
            for (int k = 0; k < i; k++)
                v -= L[i * n + k] * w[k];
            w[i] = v / L[i * n + i];
        }
        for (int i = n - 1; i >= 0; i--) {
            double v = w[i];
            for (int k = i + 1; k < n; k++)
                v -= L[k * n + i] * X[k * m + c];
            X[i * m + c] = v / L[i * n + i];
        }
    }
}

static double logdet_n(const double *L, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += log(L[i * n + i]);
    return 2.0 * s;
}

/* Factor S and return d² (and log det S), for nz known by the switch. */
static int factor(const double *S, const double *y, int nz, double *L, double *d2)
{
    int rc;
    switch (nz) {
    case 1:
        rc = chol_n(L, S, 1);
        if (!rc) *d2 = mahal_n(L, y, 1);
        return rc;
    case 2:
        rc = chol_n(L, S, 2);
        if (!rc) *d2 = mahal_n(L, y, 2);
        return rc;
    case 3:
        rc = chol_n(L, S, 3);
        if (!rc) *d2 = mahal_n(L, y, 3);
        return rc;
    case 4:
        rc = chol_n(L, S, 4);
        if (!rc) *d2 = mahal_n(L, y, 4);
        return rc;
    default:
        return VG_EINVAL;
    }
}

static void solve(const double *L, const double *B, double *X, int nz, const int nx)
{
    switch (nz) {
    case 1: solve_n(L, B, X, 1, nx); break;
    case 2: solve_n(L, B, X, 2, nx); break;
    case 3: solve_n(L, B, X, 3, nx); break;
    default: solve_n(L, B, X, 4, nx); break;
    }
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
    if (rc)
        return rc;
    vg__meas_innovation(det, &m, y);
    if ((rc = factor(S, y, m.nz, L, d2)))
        return rc;
    if (logdet_s)
        *logdet_s = logdet_n(L, m.nz);
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
    double y[VG_DET_NZ_MAX], dd;
    vg__meas_innovation(det, &m, y);
    if ((rc = factor(S, y, nz, L, &dd)))
        return rc;
    if (d2)
        *d2 = dd;
    if (logdet_s)
        *logdet_s = logdet_n(L, nz);
    /* K' = S⁻¹ (P H')'  (S symmetric), solved as nz × nx. */
    double HPt[VG_DET_NZ_MAX * VG_NX_MAX] = {0}, Kt[VG_DET_NZ_MAX * VG_NX_MAX];
    double K[VG_NX_MAX * VG_DET_NZ_MAX];
    vg_mat_transpose(HPt, PHt, nx, nz);
    solve(L, HPt, Kt, nz, nx);
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
