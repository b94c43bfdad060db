/* SPDX-License-Identifier: MIT */
/* mat.c — Cholesky factorisation and what is built on it: SPD solve, inverse, Mahalanobis
 * norm and log-determinant.
 *
 * Every matrix the tracker factors is a covariance (P, S = H P H' + R), so Cholesky is the
 * only factorisation Vigil needs: n³/6 multiply-adds instead of LU's n³/3, no pivoting, and
 * it doubles as the check that a covariance is still symmetric positive definite — a filter
 * that has diverged fails here with VG_ENOTSPD instead of gating on garbage. For a 6×6 state
 * that is 36 multiply-adds and 6 square roots.
 *
 * All scratch is a fixed VG_MAT_MAX² array on the stack (12² doubles = 1152 bytes), so these
 * calls never allocate and outputs may alias inputs where mat.h says so: results are built in
 * scratch and written out last, so on failure the output is left untouched.
 *
 * Only the lower triangle of an SPD input is read (as LAPACK dpotrf with UPLO='L'); the upper
 * triangle is checked for NaN and infinity only. Callers keep matrices symmetric with
 * vg_mat_symmetrize(). */
#include "base/mat.h"

#include "base/err.h"

#include <float.h>
#include <math.h>

/* Row-oriented Cholesky–Banachiewicz form of Golub & Van Loan, Matrix Computations, 4th ed.,
 * Alg. 4.2.1: for j = 0..n-1,
 *     d_j  = a_jj − Σ_{k<j} l_jk²,           l_jj = √d_j,
 *     l_ij = (a_ij − Σ_{k<j} l_ik l_jk) / l_jj   for i > j.
 * The pivot d_j equals 1 / ((A_{0..j,0..j})⁻¹)_jj, so d_j ≤ n·ε·a_jj means the leading block
 * has a condition number beyond 1 / (n·ε) in the scale-free sense (the test is invariant under
 * diagonal scaling D A D): the matrix is singular to working precision and its "inverse"
 * would be rounding noise. Such a pivot is rejected like a negative one. The negated
 * comparison also rejects NaN. */
static int chol_into(double *w, const double *a, int n)
{
    for (int i = 0; i < n * n; i++)
        if (!isfinite(a[i]))
            return VG_ENOTSPD;
    for (int j = 0; j < n; j++) {
        double d = a[j * n + j];
        for (int k = 0; k < j; k++)
            d -= w[j * n + k] * w[j * n + k];
        if (!(d > (double)n * DBL_EPSILON * fmax(a[j * n + j], 0.0)))
            return VG_ENOTSPD;
        double ljj = sqrt(d);
        w[j * n + j] = ljj;
        for (int i = j + 1; i < n; i++) {
            double s = a[i * n + j];
            for (int k = 0; k < j; k++)
                s -= w[i * n + k] * w[j * n + k];
            w[i * n + j] = s / ljj;
        }
        for (int i = 0; i < j; i++)
            w[i * n + j] = 0.0;
    }
    return 0;
}

int vg_mat_chol(double *l, const double *a, int n)
{
    assert(n >= 0 && n <= VG_MAT_MAX);
    double w[VG_MAT_MAX * VG_MAT_MAX];
    int rc = chol_into(w, a, n);
    if (rc < 0)
        return rc;
    for (int i = 0; i < n * n; i++)
        l[i] = w[i];
    return 0;
}

/* A x = b column by column: forward substitution L y = b, then back substitution L' x = y.
 * Each column is copied into y before its x is written, so x may alias b. */
int vg_mat_spd_solve(double *x, const double *a, const double *b, int n, int m)
{
    assert(n >= 0 && n <= VG_MAT_MAX && m >= 0);
    double l[VG_MAT_MAX * VG_MAT_MAX];
    int rc = chol_into(l, a, n);
    if (rc < 0)
        return rc;
    for (int c = 0; c < m; c++) {
        double y[VG_MAT_MAX];
        for (int i = 0; i < n; i++) {
            double s = b[i * m + c];
            for (int k = 0; k < i; k++)
                s -= l[i * n + k] * y[k];
            y[i] = s / l[i * n + i];
        }
        for (int i = n - 1; i >= 0; i--) {
            double s = y[i];
            for (int k = i + 1; k < n; k++)
                s -= l[k * n + i] * y[k];
            y[i] = s / l[i * n + i];
        }
        for (int i = 0; i < n; i++)
            x[i * m + c] = y[i];
    }
    return 0;
}

/* A⁻¹ = L⁻ᵀ L⁻¹ (Golub & Van Loan §4.2.9 / LAPACK dpotri). M = L⁻¹ is lower triangular:
 *     m_jj = 1 / l_jj,   m_ij = −(Σ_{k=j}^{i-1} l_ik m_kj) / l_ii   for i > j;
 * then (A⁻¹)_ij = Σ_{k ≥ max(i,j)} m_ki m_kj. Only j ≤ i is computed and mirrored, so the
 * result is exactly symmetric. */
int vg_mat_spd_inv(double *ai, const double *a, int n)
{
    assert(n >= 0 && n <= VG_MAT_MAX);
    double l[VG_MAT_MAX * VG_MAT_MAX];
    int rc = chol_into(l, a, n);
    if (rc < 0)
        return rc;
    double mi[VG_MAT_MAX * VG_MAT_MAX];
    for (int j = 0; j < n; j++) {
        mi[j * n + j] = 1.0 / l[j * n + j];
        for (int i = j + 1; i < n; i++) {
            double s = 0.0;
            for (int k = j; k < i; k++)
                s += l[i * n + k] * mi[k * n + j];
            mi[i * n + j] = -s / l[i * n + i];
        }
    }
    for (int i = 0; i < n; i++)
        for (int j = 0; j <= i; j++) {
            double s = 0.0;
            for (int k = i; k < n; k++)
                s += mi[k * n + i] * mi[k * n + j];
            ai[i * n + j] = ai[j * n + i] = s;
        }
    return 0;
}

/* v' S⁻¹ v = v' L⁻ᵀ L⁻¹ v = |y|² with L y = v: one forward substitution, n²/2 multiply-adds. */
double vg_mat_chol_mahal2(const double *l, const double *v, int n)
{
    assert(n >= 0 && n <= VG_MAT_MAX);
    double y[VG_MAT_MAX];
    double d2 = 0.0;
    for (int i = 0; i < n; i++) {
        double s = v[i];
        for (int k = 0; k < i; k++)
            s -= l[i * n + k] * y[k];
        y[i] = s / l[i * n + i];
        d2 += y[i] * y[i];
    }
    return d2;
}

/* det S = det L · det L' = Π l_ii², so log det S = 2 Σ log l_ii; summing logs rather than
 * taking the log of the product avoids overflow and underflow for extreme scales. */
double vg_mat_chol_logdet(const double *l, int n)
{
    assert(n >= 0 && n <= VG_MAT_MAX);
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += log(l[i * n + i]);
    return 2.0 * s;
}
