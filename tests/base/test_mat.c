/* SPDX-License-Identifier: MIT */
/* test_mat.c — small-matrix helpers: known products, known Cholesky factors, and solve,
 * inverse, Mahalanobis norm and log-determinant checked by residuals and by independent
 * explicit formulas on seeded random SPD matrices of every size from 1 to 9 (and VG_MAT_MAX).
 *
 * Residual bounds follow Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed.,
 * Thm 10.4: the computed Cholesky solution satisfies (A + ΔA) x = b with
 * ‖ΔA‖ ≤ γ_{3n+1} n ‖A‖, so ‖b − A x‖ / (‖A‖ ‖x‖) is a few n² ε; a wrong algorithm gives O(1). */
#include "test.h"

#include "base/err.h"
#include "base/mat.h"
#include "base/rng.h"

#include <float.h>

#define NMAX VG_MAT_MAX

static double frob(const double *a, int n, int m)
{
    double s = 0.0;
    for (int i = 0; i < n * m; i++)
        s += a[i] * a[i];
    return sqrt(s);
}

/* A = D (B B' + n/10 I) D with B standard normal and D = diag(10^k), k ∈ [-3, 3]: SPD,
 * moderately conditioned in the scale-free sense, but with the 1e12 spread of magnitudes that
 * position and velocity variances have in one state covariance. */
static void rand_spd(struct vg_rng *r, double *a, int n)
{
    double b[NMAX * NMAX], d[NMAX];
    for (int i = 0; i < n * n; i++)
        b[i] = vg_rng_normal(r);
    vg_mat_mul_bt(a, b, b, n, n, n);
    for (int i = 0; i < n; i++) {
        a[i * n + i] += 0.1 * n;
        d[i] = pow(10.0, vg_rng_range(r, -3.0, 3.0));
    }
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            a[i * n + j] *= d[i] * d[j];
    vg_mat_symmetrize(a, n);
}

/* Independent determinant by Gaussian elimination with partial pivoting. */
static double det_gauss(const double *a0, int n)
{
    double a[NMAX * NMAX];
    memcpy(a, a0, sizeof(double) * (size_t)(n * n));
    double det = 1.0;
    for (int j = 0; j < n; j++) {
        int p = j;
        for (int i = j + 1; i < n; i++)
            if (fabs(a[i * n + j]) > fabs(a[p * n + j]))
                p = i;
        if (p != j) {
            for (int k = 0; k < n; k++) {
                double t = a[j * n + k];
                a[j * n + k] = a[p * n + k];
                a[p * n + k] = t;
            }
            det = -det;
        }
        det *= a[j * n + j];
        for (int i = j + 1; i < n; i++) {
            double f = a[i * n + j] / a[j * n + j];
            for (int k = j; k < n; k++)
                a[i * n + k] -= f * a[j * n + k];
        }
    }
    return det;
}

static void case_mul_known(void)
{
    const double a[6] = {1, 2, 3, 4, 5, 6};       /* 2×3 */
    const double b[6] = {7, 8, 9, 10, 11, 12};    /* 3×2 */
    const double ab[4] = {58, 64, 139, 154};      /* 2×2 */
    const double ba[9] = {39, 54, 69, 49, 68, 87, 59, 82, 105};
    double c[9];
    vg_mat_mul(c, a, b, 2, 3, 2);
    for (int i = 0; i < 4; i++)
        CHECK_NEAR(c[i], ab[i], 0.0);
    vg_mat_mul(c, b, a, 3, 2, 3);
    for (int i = 0; i < 9; i++)
        CHECK_NEAR(c[i], ba[i], 0.0);
    /* 1×1 and a row times a column. */
    const double x[1] = {-2.5}, y[1] = {4};
    vg_mat_mul(c, x, y, 1, 1, 1);
    CHECK_NEAR(c[0], -10.0, 0.0);
    vg_mat_mul(c, a, b, 1, 3, 1); /* (1 2 3)·(7 8 9)' with b read as 3×1 */
    CHECK_NEAR(c[0], 1 * 7 + 2 * 8 + 3 * 9, 0.0);
}

static void case_mul_bt_known(void)
{
    const double a[6] = {1, 2, 3, 4, 5, 6};    /* 2×3 */
    const double b[6] = {7, 9, 11, 8, 10, 12}; /* 2×3, the transpose of case_mul_known's b */
    const double ab[4] = {58, 64, 139, 154};
    double c[4];
    vg_mat_mul_bt(c, a, b, 2, 3, 2);
    for (int i = 0; i < 4; i++)
        CHECK_NEAR(c[i], ab[i], 0.0);
    /* a a' is symmetric: (14 32; 32 77). */
    vg_mat_mul_bt(c, a, a, 2, 3, 2);
    CHECK_NEAR(c[0], 14.0, 0.0);
    CHECK_NEAR(c[1], 32.0, 0.0);
    CHECK_NEAR(c[2], 32.0, 0.0);
    CHECK_NEAR(c[3], 77.0, 0.0);
}

static void case_transpose_known(void)
{
    const double a[6] = {1, 2, 3, 4, 5, 6}; /* 2×3 */
    const double at[6] = {1, 4, 2, 5, 3, 6};
    double t[6], tt[6];
    vg_mat_transpose(t, a, 2, 3);
    for (int i = 0; i < 6; i++)
        CHECK_NEAR(t[i], at[i], 0.0);
    vg_mat_transpose(tt, t, 3, 2);
    for (int i = 0; i < 6; i++)
        CHECK_NEAR(tt[i], a[i], 0.0);
}

static void case_symmetrize(void)
{
    double a[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    const double s[9] = {1, 3, 5, 3, 5, 7, 5, 7, 9};
    vg_mat_symmetrize(a, 3);
    for (int i = 0; i < 9; i++)
        CHECK_NEAR(a[i], s[i], 0.0);
}

/* Known factors: the classic 3×3 example whose factor is all integers, a 1×1, a diagonal
 * matrix, and a 4×4 built as L L' from an integer L. Also l aliasing a. */
static void case_chol_known(void)
{
    const double a3[9] = {4, 12, -16, 12, 37, -43, -16, -43, 98};
    const double l3[9] = {2, 0, 0, 6, 1, 0, -8, 5, 3};
    double l[16];
    for (int i = 0; i < 9; i++)
        l[i] = -1.0; /* the upper triangle must come back zeroed */
    CHECK_INT(vg_mat_chol(l, a3, 3), 0);
    for (int i = 0; i < 9; i++)
        CHECK_NEAR(l[i], l3[i], 1e-14);

    const double a1[1] = {9.0};
    CHECK_INT(vg_mat_chol(l, a1, 1), 0);
    CHECK_NEAR(l[0], 3.0, 0.0);

    const double ad[4] = {4.0, 0.0, 0.0, 1e-6};
    CHECK_INT(vg_mat_chol(l, ad, 2), 0);
    CHECK_NEAR(l[0], 2.0, 0.0);
    CHECK_NEAR(l[1], 0.0, 0.0);
    CHECK_NEAR(l[2], 0.0, 0.0);
    CHECK_NEAR(l[3], 1e-3, 1e-18);

    const double l4[16] = {3, 0, 0, 0, -1, 2, 0, 0, 4, 1, 5, 0, 2, -3, 1, 1};
    double a4[16];
    vg_mat_mul_bt(a4, l4, l4, 4, 4, 4);
    CHECK_INT(vg_mat_chol(a4, a4, 4), 0); /* in place */
    for (int i = 0; i < 16; i++)
        CHECK_NEAR(a4[i], l4[i], 1e-13);
}

/* Random SPD of each size: L L' reproduces A, L is lower triangular with a positive
 * diagonal, and factoring the L L' of a random L returns that L. */
static void case_chol_random(void)
{
    struct vg_rng r;
    vg_rng_seed(&r, 0xC401E5C1ULL);
    for (int n = 1; n <= NMAX; n++) {
        if (n > 9 && n < NMAX)
            continue;
        for (int rep = 0; rep < 20; rep++) {
            double a[NMAX * NMAX], l[NMAX * NMAX], llt[NMAX * NMAX];
            rand_spd(&r, a, n);
            CHECK_INT(vg_mat_chol(l, a, n), 0);
            vg_mat_mul_bt(llt, l, l, n, n, n);
            double err = 0.0;
            for (int i = 0; i < n * n; i++)
                err = fmax(err, fabs(llt[i] - a[i]) /
                                    sqrt(a[(i / n) * n + i / n] * a[(i % n) * n + i % n]));
            CHECK(err <= 8.0 * n * DBL_EPSILON);
            for (int i = 0; i < n; i++) {
                CHECK(l[i * n + i] > 0.0);
                for (int j = i + 1; j < n; j++)
                    CHECK_NEAR(l[i * n + j], 0.0, 0.0);
            }

            double l0[NMAX * NMAX] = {0};
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < i; j++)
                    l0[i * n + j] = vg_rng_normal(&r);
                l0[i * n + i] = vg_rng_range(&r, 0.5, 2.0);
            }
            vg_mat_mul_bt(a, l0, l0, n, n, n);
            CHECK_INT(vg_mat_chol(l, a, n), 0);
            for (int i = 0; i < n * n; i++)
                CHECK_NEAR(l[i], l0[i], 1e-9);
        }
    }
}

/* A x = B for 1..3 right-hand sides; normwise backward error ‖B − A X‖ / (‖A‖ ‖X‖), the same
 * with x aliasing b, and forward error against a planted solution. */
static void case_solve_random(void)
{
    struct vg_rng r;
    vg_rng_seed(&r, 0x501BEULL);
    double worst = 0.0;
    for (int n = 1; n <= NMAX; n++) {
        if (n > 9 && n < NMAX)
            continue;
        for (int m = 1; m <= 3; m++)
            for (int rep = 0; rep < 20; rep++) {
                double a[NMAX * NMAX], x0[NMAX * 3], b[NMAX * 3], x[NMAX * 3], ax[NMAX * 3];
                rand_spd(&r, a, n);
                for (int i = 0; i < n * m; i++)
                    x0[i] = vg_rng_normal(&r);
                vg_mat_mul(b, a, x0, n, n, m);
                CHECK_INT(vg_mat_spd_solve(x, a, b, n, m), 0);
                vg_mat_mul(ax, a, x, n, n, m);
                for (int i = 0; i < n * m; i++)
                    ax[i] -= b[i];
                double be = frob(ax, n, m) / (frob(a, n, n) * frob(x, n, m));
                worst = fmax(worst, be);
                CHECK(be <= (3.0 * n + 1.0) * n * DBL_EPSILON);

                /* Aliased: the solution overwrites b and must be identical. */
                double xb[NMAX * 3];
                memcpy(xb, b, sizeof(double) * (size_t)(n * m));
                CHECK_INT(vg_mat_spd_solve(xb, a, xb, n, m), 0);
                for (int i = 0; i < n * m; i++)
                    CHECK_NEAR(xb[i], x[i], 0.0);

                /* Forward error against the planted solution, weighted by √a_ii so the
                 * 1e12 spread of scales drops out: bounded by κ(Â) n ε with κ(Â) ≤ ~41. */
                double num = 0.0, den = 0.0;
                for (int i = 0; i < n; i++)
                    for (int c = 0; c < m; c++) {
                        double w = sqrt(a[i * n + i]);
                        num += pow(w * (x[i * m + c] - x0[i * m + c]), 2);
                        den += pow(w * x0[i * m + c], 2);
                    }
                CHECK(sqrt(num) <= 1e-11 * sqrt(den));
            }
    }
    fprintf(stderr, "  worst solve backward error %.3g (eps %.3g)\n", worst, DBL_EPSILON);
}

/* A⁻¹: exact symmetry, residual ‖A Ai − I‖ against the conditioning bound n² ε κ(A)
 * (κ estimated as ‖A‖_F ‖Ai‖_F), equality with a column-by-column solve, and aliasing. */
static void case_inv_random(void)
{
    struct vg_rng r;
    vg_rng_seed(&r, 0x1A5E25EULL);
    for (int n = 1; n <= NMAX; n++) {
        if (n > 9 && n < NMAX)
            continue;
        for (int rep = 0; rep < 20; rep++) {
            double a[NMAX * NMAX], ai[NMAX * NMAX], p[NMAX * NMAX], eye[NMAX * NMAX] = {0};
            rand_spd(&r, a, n);
            CHECK_INT(vg_mat_spd_inv(ai, a, n), 0);
            for (int i = 0; i < n; i++)
                for (int j = 0; j < i; j++)
                    CHECK(ai[i * n + j] == ai[j * n + i]);

            /* Scale-free residual: with D the diagonal scaling, D⁻¹ (A Ai) D = Â Âi. */
            vg_mat_mul(p, a, ai, n, n, n);
            double kappa = frob(a, n, n) * frob(ai, n, n);
            double res = 0.0;
            for (int i = 0; i < n; i++) {
                eye[i * n + i] = 1.0;
                for (int j = 0; j < n; j++) {
                    double sij = sqrt(a[i * n + i] / a[j * n + j]);
                    res = fmax(res, fabs(p[i * n + j] - (i == j)) / sij);
                }
            }
            CHECK(res <= 4.0 * n * n * DBL_EPSILON * kappa);

            double x[NMAX * NMAX];
            CHECK_INT(vg_mat_spd_solve(x, a, eye, n, n), 0);
            for (int i = 0; i < n * n; i++)
                CHECK_NEAR(ai[i], x[i], 1e-9 * frob(ai, n, n));

            CHECK_INT(vg_mat_spd_inv(a, a, n), 0); /* in place */
            for (int i = 0; i < n * n; i++)
                CHECK_NEAR(a[i], ai[i], 0.0);
        }
    }
    /* 2×2 closed form: (a b; b d)⁻¹ = (d −b; −b a) / (a d − b²). */
    const double s[4] = {4.0, 1.5, 1.5, 2.0};
    double si[4];
    CHECK_INT(vg_mat_spd_inv(si, s, 2), 0);
    const double det = 4.0 * 2.0 - 1.5 * 1.5;
    CHECK_NEAR(si[0], 2.0 / det, 1e-15);
    CHECK_NEAR(si[1], -1.5 / det, 1e-15);
    CHECK_NEAR(si[2], -1.5 / det, 1e-15);
    CHECK_NEAR(si[3], 4.0 / det, 1e-15);
}

/* Not SPD: negative and zero pivots, indefinite, singular (exactly and to working precision),
 * NaN and infinity anywhere. Every entry point rejects, and the output is left untouched. */
static void case_not_spd(void)
{
    static const struct {
        const char *name;
        int n;
        double a[9];
    } bad[] = {
        {"negative 1x1", 1, {-1.0}},
        {"zero 1x1", 1, {0.0}},
        {"negative definite", 2, {-2.0, 0.0, 0.0, -3.0}},
        {"indefinite", 2, {1.0, 2.0, 2.0, 1.0}},
        {"second pivot negative", 3, {4, 2, 0, 2, 1, 0, 0, 0, 1}},
        {"singular", 2, {1.0, 1.0, 1.0, 1.0}},
        {"singular to precision", 2, {1.0, 1.0, 1.0, 1.0 + DBL_EPSILON}},
        {"rank 2 of 3", 3, {1, 2, 3, 2, 4, 6, 3, 6, 9}},
        {"zero matrix", 3, {0}},
        {"NaN diagonal", 2, {NAN, 0.0, 0.0, 1.0}},
        {"NaN lower", 2, {1.0, 0.0, NAN, 1.0}},
        {"NaN upper", 2, {1.0, NAN, 0.0, 1.0}},
        {"inf diagonal", 2, {1.0, 0.0, 0.0, INFINITY}},
        {"-inf upper", 3, {1, 0, -INFINITY, 0, 1, 0, 0, 0, 1}},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        int n = bad[k].n;
        double out[9], b[3] = {1.0, 2.0, 3.0};
        for (int i = 0; i < 9; i++)
            out[i] = 42.0;
        test_current = bad[k].name;
        CHECK_INT(vg_mat_chol(out, bad[k].a, n), VG_ENOTSPD);
        CHECK_INT(vg_mat_spd_inv(out, bad[k].a, n), VG_ENOTSPD);
        CHECK_INT(vg_mat_spd_solve(out, bad[k].a, b, n, 1), VG_ENOTSPD);
        for (int i = 0; i < 9; i++)
            CHECK_NEAR(out[i], 42.0, 0.0);
    }
    test_current = "case_not_spd";
    /* Just inside: a tiny but well-separated pivot is accepted. */
    const double ok[4] = {1.0, 1.0, 1.0, 1.0 + 1e-8};
    double l[4];
    CHECK_INT(vg_mat_chol(l, ok, 2), 0);
    CHECK_NEAR(l[3], 1e-4, 1e-11);
}

/* v' S⁻¹ v from the factor against the 2×2 closed form, against v · (S⁻¹ v) from an explicit
 * inverse on random sizes, and a whitened vector whose norm is known by construction. */
static void case_mahal2(void)
{
    const double s[4] = {4.0, 1.5, 1.5, 2.0}, v[2] = {1.0, -2.0};
    double l[NMAX * NMAX];
    CHECK_INT(vg_mat_chol(l, s, 2), 0);
    /* v' S⁻¹ v = (d v0² − 2 b v0 v1 + a v1²) / (a d − b²) = (2 + 6 + 16) / 5.75 */
    CHECK_NEAR(vg_mat_chol_mahal2(l, v, 2), 24.0 / 5.75, 1e-14);

    struct vg_rng r;
    vg_rng_seed(&r, 0x3A4A1ULL);
    for (int n = 1; n <= 9; n++)
        for (int rep = 0; rep < 20; rep++) {
            double a[NMAX * NMAX], ai[NMAX * NMAX], x[NMAX], aix[NMAX];
            rand_spd(&r, a, n);
            for (int i = 0; i < n; i++)
                x[i] = vg_rng_normal(&r) * sqrt(a[i * n + i]);
            CHECK_INT(vg_mat_chol(l, a, n), 0);
            CHECK_INT(vg_mat_spd_inv(ai, a, n), 0);
            vg_mat_mul(aix, ai, x, n, n, 1);
            double want = 0.0;
            for (int i = 0; i < n; i++)
                want += x[i] * aix[i];
            double got = vg_mat_chol_mahal2(l, x, n);
            CHECK(got >= 0.0);
            CHECK_NEAR(got, want, 1e-9 * fmax(1.0, want));

            /* x = L z has x' S⁻¹ x = z' z exactly in exact arithmetic. */
            double z[NMAX], lz[NMAX], zz = 0.0;
            for (int i = 0; i < n; i++) {
                z[i] = vg_rng_normal(&r);
                zz += z[i] * z[i];
            }
            vg_mat_mul(lz, l, z, n, n, 1);
            CHECK_NEAR(vg_mat_chol_mahal2(l, lz, n), zz, 1e-10 * fmax(1.0, zz));
        }
    /* The zero vector is at distance zero. */
    const double zero[2] = {0.0, 0.0};
    CHECK_INT(vg_mat_chol(l, s, 2), 0);
    CHECK_NEAR(vg_mat_chol_mahal2(l, zero, 2), 0.0, 0.0);
}

/* log det S from the factor against closed forms (2×2, diagonal, the integer 3×3 whose
 * factor has diagonal 2, 1, 3) and against Gaussian elimination on random sizes, including
 * scales whose plain determinant would underflow. */
static void case_logdet(void)
{
    double l[NMAX * NMAX];
    const double s[4] = {4.0, 1.5, 1.5, 2.0};
    CHECK_INT(vg_mat_chol(l, s, 2), 0);
    CHECK_NEAR(vg_mat_chol_logdet(l, 2), log(5.75), 1e-14);

    const double a3[9] = {4, 12, -16, 12, 37, -43, -16, -43, 98};
    CHECK_INT(vg_mat_chol(l, a3, 3), 0);
    CHECK_NEAR(vg_mat_chol_logdet(l, 3), log(36.0), 1e-13);

    double d[NMAX * NMAX] = {0};
    double want = 0.0;
    for (int i = 0; i < NMAX; i++) {
        d[i * NMAX + i] = 1e-30; /* det = 1e-360 underflows; its log does not */
        want += log(1e-30);
    }
    CHECK_INT(vg_mat_chol(l, d, NMAX), 0);
    CHECK_NEAR(vg_mat_chol_logdet(l, NMAX), want, 1e-12 * fabs(want));

    struct vg_rng r;
    vg_rng_seed(&r, 0x10DE7ULL);
    for (int n = 1; n <= 9; n++)
        for (int rep = 0; rep < 20; rep++) {
            double a[NMAX * NMAX];
            rand_spd(&r, a, n);
            double det = det_gauss(a, n);
            CHECK(det > 0.0);
            CHECK_INT(vg_mat_chol(l, a, n), 0);
            CHECK_NEAR(vg_mat_chol_logdet(l, n), log(det), 1e-10 * fmax(1.0, fabs(log(det))));
        }
}

int main(void)
{
    RUN(case_mul_known);
    RUN(case_mul_bt_known);
    RUN(case_transpose_known);
    RUN(case_symmetrize);
    RUN(case_chol_known);
    RUN(case_chol_random);
    RUN(case_solve_random);
    RUN(case_inv_random);
    RUN(case_not_spd);
    RUN(case_mahal2);
    RUN(case_logdet);
    return test_report();
}
