/* SPDX-License-Identifier: MIT */
/* updater_pda.c — the (J)PDA state update of one track, and the likelihood pieces the
 * JPDA association needs, for states of 6 (CV) or more (IMM: 7, with ω) components.
 *
 * Given the track's gated detections j = 1..n of one sensor scan and their association
 * probabilities β_j (β_0: none is the target's), PDA replaces the Gaussian mixture of the
 * n + 1 hypotheses' posteriors by one Gaussian with its mean and covariance (Bar-Shalom &
 * Tse 1975; Bar-Shalom, Willett & Tian, Tracking and Data Fusion, 2011, §6.4):
 *     ẑ = h(x),  S = H P H' + R,  K = P H' S⁻¹,  y_j = z_j − ẑ (angles wrapped),
 *     y = Σ β_j y_j,  x⁺ = x + K y,
 *     P⁺ = β_0 P + (1 − β_0) P_c + K (Σ β_j y_j y_j' − y y') K',
 *     P_c = (I − K H) P (I − K H)' + K R K'               (Joseph form, as updater_kf.c).
 * All detections of a scan are at one time and share one S: the model and R of the first
 * are used. The spread term is formed as Σ β_j d_j d_j' + s (1 − s) ȳ ȳ' with s = Σ β_j,
 * ȳ = y / s, d_j = y_j − ȳ (the same matrix, since Σ β_j d_j = 0), a sum of positive
 * semidefinite terms, so P⁺ is SPD in floating point too.
 *
 * The measurement models (measure.c) read x[0..6) and give H with six columns; a longer
 * state pads H with zero columns, so P H' = P[:, 0..6) H' and S needs only P's leading
 * 6×6 block. Everything is on the stack: nx ≤ VG__PDA_NX_MAX, nz ≤ VG_DET_NZ_MAX. */
#include <math.h>
#include <string.h>

#include "base/err.h"
#include "base/mat.h"
#include "track/internal.h"
#include "track/jpda.h"

#define NXM VG__PDA_NX_MAX
#define NZM VG_DET_NZ_MAX
#define NH 6 /* columns of the measurement models' H */
#define LN_2PI 1.8378770664093454836

/* PHt[nx×nz] = P H' (H padded with zero columns) and S = H P H' + R. */
static void innovation_cov(const struct vg__meas *m, const double *R, int nx, const double *P,
                           double *PHt, double *S)
{
    int nz = m->nz;
    for (int i = 0; i < nx; i++)
        for (int r = 0; r < nz; r++) {
            double s = 0.0;
            for (int k = 0; k < NH; k++)
                s += P[i * nx + k] * m->H[r * NH + k];
            PHt[i * nz + r] = s;
        }
    for (int r = 0; r < nz; r++)
        for (int c = 0; c < nz; c++) {
            double s = 0.0;
            for (int k = 0; k < NH; k++)
                s += m->H[r * NH + k] * PHt[k * nz + c];
            S[r * nz + c] = s + R[r * nz + c];
        }
}

int vg__pda_distance(const struct vg_detection *det, const double sensor_pos[3], int nx,
                     const double *x, const double *P, double *d2, double *logdet_s)
{
    if (nx < NH || nx > NXM)
        return VG_EINVAL;
    struct vg__meas m;
    int rc = vg__meas_predict(det, sensor_pos, x, &m);
    if (rc)
        return rc;
    double PHt[NXM * NZM], S[NZM * NZM], L[NZM * NZM], y[NZM];
    innovation_cov(&m, det->R, nx, P, PHt, S);
    rc = vg_mat_chol(L, S, m.nz);
    if (rc)
        return rc;
    vg__meas_innovation(det, &m, y);
    *d2 = vg_mat_chol_mahal2(L, y, m.nz);
    if (logdet_s)
        *logdet_s = vg_mat_chol_logdet(L, m.nz);
    return 0;
}

double vg__pda_lr(double pd, double clutter_density, int nz, double d2, double logdet_s)
{
    if (!(pd > 0.0) || !(clutter_density > 0.0))
        return NAN;
    double ln = log(pd) - 0.5 * (d2 + logdet_s + nz * LN_2PI) - log(clutter_density);
    return exp(fmin(ln, 700.0)); /* finite (≤ e⁷⁰⁰) even for an absurdly small λ */
}

/* Checks the β's and that every detection shares dets[0]'s measurement model. */
static int check_args(const struct vg_detection *const *dets, const double *beta, size_t n,
                      double beta0, int nx)
{
    if (nx < NH || nx > NXM || !(beta0 >= 0.0 && beta0 <= 1.0))
        return VG_EINVAL;
    double s = beta0;
    for (size_t j = 0; j < n; j++) {
        if (!(beta[j] >= 0.0 && beta[j] <= 1.0))
            return VG_EINVAL;
        s += beta[j];
        if (dets[j]->kind != dets[0]->kind || dets[j]->flags != dets[0]->flags ||
            dets[j]->nz != dets[0]->nz)
            return VG_EINVAL;
    }
    return fabs(s - 1.0) <= 1e-6 ? 0 : VG_EINVAL;
}

int vg__pda_update(const struct vg_detection *const *dets, const double *beta, size_t n,
                   double beta0, const double sensor_pos[3], int nx, double *x, double *P)
{
    int rc = check_args(dets, beta, n, beta0, nx);
    if (rc || n == 0)
        return rc;
    const struct vg_detection *d0 = dets[0];
    struct vg__meas m;
    rc = vg__meas_predict(d0, sensor_pos, x, &m);
    if (rc)
        return rc;
    int nz = m.nz;
    double PHt[NXM * NZM], S[NZM * NZM], HPt[NZM * NXM], Kt[NZM * NXM], K[NXM * NZM];
    innovation_cov(&m, d0->R, nx, P, PHt, S);
    /* K' = S⁻¹ (P H')' (S symmetric), solved as nz × nx. */
    vg_mat_transpose(HPt, PHt, nx, nz);
    rc = vg_mat_spd_solve(Kt, S, HPt, nz, nx);
    if (rc)
        return rc;
    vg_mat_transpose(K, Kt, nz, nx);

    /* Combined innovation y = Σ β_j y_j, then the spread M about ȳ = y / s. */
    double y[NZM] = {0}, yj[NZM], s = 0.0;
    for (size_t j = 0; j < n; j++) {
        vg__meas_innovation(dets[j], &m, yj);
        for (int i = 0; i < nz; i++)
            y[i] += beta[j] * yj[i];
        s += beta[j];
    }
    double ybar[NZM], M[NZM * NZM];
    for (int i = 0; i < nz; i++)
        ybar[i] = s > 0.0 ? y[i] / s : 0.0;
    double cs = s * (1.0 - s) > 0.0 ? s * (1.0 - s) : 0.0;
    for (int a = 0; a < nz; a++)
        for (int b = 0; b < nz; b++)
            M[a * nz + b] = cs * ybar[a] * ybar[b];
    for (size_t j = 0; j < n; j++) {
        if (beta[j] == 0.0)
            continue;
        vg__meas_innovation(dets[j], &m, yj);
        for (int i = 0; i < nz; i++)
            yj[i] -= ybar[i];
        for (int a = 0; a < nz; a++)
            for (int b = 0; b < nz; b++)
                M[a * nz + b] += beta[j] * yj[a] * yj[b];
    }

    /* Joseph-form P_c with A = I − K H (H padded: columns ≥ 6 of K H are zero). */
    double A[NXM * NXM], AP[NXM * NXM], Pc[NXM * NXM], KR[NXM * NZM], KRKt[NXM * NXM];
    for (int i = 0; i < nx; i++)
        for (int c = 0; c < nx; c++) {
            double v = 0.0;
            if (c < NH)
                for (int k = 0; k < nz; k++)
                    v += K[i * nz + k] * m.H[k * NH + c];
            A[i * nx + c] = (i == c) - v;
        }
    vg_mat_mul(AP, A, P, nx, nx, nx);
    vg_mat_mul_bt(Pc, AP, A, nx, nx, nx);
    vg_mat_mul(KR, K, d0->R, nx, nz, nz);
    vg_mat_mul_bt(KRKt, KR, K, nx, nz, nx);
    double KM[NXM * NZM], KMKt[NXM * NXM];
    vg_mat_mul(KM, K, M, nx, nz, nz);
    vg_mat_mul_bt(KMKt, KM, K, nx, nz, nx);
    for (int i = 0; i < nx * nx; i++)
        P[i] = beta0 * P[i] + (1.0 - beta0) * (Pc[i] + KRKt[i]) + KMKt[i];
    vg_mat_symmetrize(P, nx);
    for (int i = 0; i < nx; i++) {
        double v = 0.0;
        for (int k = 0; k < nz; k++)
            v += K[i * nz + k] * y[k];
        x[i] += v;
    }
    return 0;
}
