/* SPDX-License-Identifier: MIT */
/* mat.h — small dense row-major matrices of doubles, sized by the caller.
 *
 * Tracking works on 3..9-dimensional states and 1..4-dimensional measurements, so these
 * helpers take plain arrays plus their dimensions. The hot ones are static inline: called
 * with constant dimensions (6×6 for the CV state) the compiler unrolls them and keeps
 * everything on the stack — no allocation, no generic matrix objects. Dimensions above
 * VG_MAT_MAX are a programming error (asserted), never data-driven.
 *
 * Conventions: `c = a b` writes into c, which must not alias a or b. */
#ifndef VG_MAT_H
#define VG_MAT_H

#include <assert.h>

#define VG_MAT_MAX 12 /* largest dimension the fixed scratch buffers hold */

/* c[n×p] = a[n×m] · b[m×p] */
static inline void vg_mat_mul(double *restrict c, const double *restrict a,
                              const double *restrict b, int n, int m, int p)
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < p; j++) {
            double s = 0.0;
            for (int k = 0; k < m; k++)
                s += a[i * m + k] * b[k * p + j];
            c[i * p + j] = s;
        }
}

/* c[n×p] = a[n×m] · b[p×m]' */
static inline void vg_mat_mul_bt(double *restrict c, const double *restrict a,
                                 const double *restrict b, int n, int m, int p)
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < p; j++) {
            double s = 0.0;
            for (int k = 0; k < m; k++)
                s += a[i * m + k] * b[j * m + k];
            c[i * p + j] = s;
        }
}

/* at[m×n] = a[n×m]' */
static inline void vg_mat_transpose(double *restrict at, const double *restrict a, int n, int m)
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < m; j++)
            at[j * n + i] = a[i * m + j];
}

/* a[n×n] = (a + a') / 2, to remove rounding asymmetry after covariance updates. */
static inline void vg_mat_symmetrize(double *a, int n)
{
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++) {
            double s = 0.5 * (a[i * n + j] + a[j * n + i]);
            a[i * n + j] = a[j * n + i] = s;
        }
}

/* Cholesky factor: a[n×n] = L L' with L lower triangular written to l (upper part zeroed).
 * Returns 0, or VG_ENOTSPD if a is not symmetric positive definite (a pivot ≤ 0 or NaN).
 * l may alias a. (Golub & Van Loan, Matrix Computations, 4th ed., Alg. 4.2.1.) */
int vg_mat_chol(double *l, const double *a, int n);

/* Solve a x = b for x[n×m], a[n×n] SPD, by Cholesky and two triangular solves.
 * x may alias b. Returns 0 or VG_ENOTSPD. */
int vg_mat_spd_solve(double *x, const double *a, const double *b, int n, int m);

/* ai = a⁻¹ for SPD a[n×n] (result exactly symmetric). ai may alias a. 0 or VG_ENOTSPD. */
int vg_mat_spd_inv(double *ai, const double *a, int n);

/* Given the Cholesky factor l of S, returns the squared Mahalanobis norm v' S⁻¹ v
 * by one forward substitution (cheaper than forming S⁻¹). */
double vg_mat_chol_mahal2(const double *l, const double *v, int n);

/* log det(S) from its Cholesky factor l: 2 Σ log l_ii. */
double vg_mat_chol_logdet(const double *l, int n);

#endif
