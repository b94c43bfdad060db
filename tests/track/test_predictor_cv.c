/* SPDX-License-Identifier: MIT */
/* test_predictor_cv.c — the constant-velocity Kalman predictor against explicit 6×6 algebra.
 *
 * predictor_cv.c writes P' = F P F' + Q in 3×3 blocks to save flops; here F and Q are built
 * in full, per Bar-Shalom, Li & Kirubarajan 2001 eq. 6.2.2-12,
 *     F(T) = [[I, T I], [0, I]],  Q(T) per axis = q [[T³/3, T²/2], [T²/2, T]],
 * and the product is formed with plain triple loops. Then the model's defining property is
 * checked, Q(T1 + T2) = F(T2) Q(T1) F(T2)' + Q(T2) — one prediction over a gap equals the
 * scan-by-scan chain — and a backward prediction (report older than the state) must give
 * F(−τ)(P + Q(τ))F(−τ)', which is positive definite. */
#include "test.h"

#include "base/mat.h"
#include "base/rng.h"
#include "track/internal.h"

#define N VG_NX

static void build_f(double F[N * N], double T)
{
    memset(F, 0, sizeof(double) * N * N);
    for (int i = 0; i < N; i++)
        F[i * N + i] = 1.0;
    for (int i = 0; i < 3; i++)
        F[i * N + i + 3] = T;
}

static void build_q(double Q[N * N], double T, double q_h, double q_v)
{
    memset(Q, 0, sizeof(double) * N * N);
    for (int i = 0; i < 3; i++) {
        double q = i < 2 ? q_h : q_v;
        Q[i * N + i] = q * T * T * T / 3.0;
        Q[i * N + i + 3] = Q[(i + 3) * N + i] = q * T * T / 2.0;
        Q[(i + 3) * N + i + 3] = q * T;
    }
}

/* c = a b for 6×6 (c must not alias). */
static void mul(double *c, const double *a, const double *b)
{
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            double s = 0.0;
            for (int k = 0; k < N; k++)
                s += a[i * N + k] * b[k * N + j];
            c[i * N + j] = s;
        }
}

/* out = F P F' + Q */
static void explicit_predict(const double *P, double T, const double *Q, double *out)
{
    double F[N * N], Ft[N * N], FP[N * N];
    build_f(F, T);
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++)
            Ft[i * N + j] = F[j * N + i];
    mul(FP, F, P);
    mul(out, FP, Ft);
    for (int i = 0; i < N * N; i++)
        out[i] += Q[i];
}

/* A state covariance: B B' + diag, scaled like positions (10² m²) and velocities (m²/s²). */
static void rand_p(struct vg_rng *r, double P[N * N])
{
    double B[N * N], s[N] = {30, 30, 10, 5, 5, 2};
    for (int i = 0; i < N * N; i++)
        B[i] = vg_rng_normal(r);
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            double v = 0.0;
            for (int k = 0; k < N; k++)
                v += B[i * N + k] * B[j * N + k];
            P[i * N + j] = s[i] * s[j] * (v + (i == j ? 0.5 : 0.0));
        }
}

static double max_abs(const double *a, int n)
{
    double m = 0.0;
    for (int i = 0; i < n; i++)
        m = fabs(a[i]) > m ? fabs(a[i]) : m;
    return m;
}

/* Largest |a − b| relative to the largest |b|. */
static double rel_diff(const double *a, const double *b, int n)
{
    double d = 0.0;
    for (int i = 0; i < n; i++)
        d = fabs(a[i] - b[i]) > d ? fabs(a[i] - b[i]) : d;
    double s = max_abs(b, n);
    return s > 0 ? d / s : d;
}

static const struct {
    const char *name;
    double dt, q_h, q_v;
    int zero_p; /* 1: P = 0, so P' is Q alone */
} known[] = {
    {"one second, defaults", 1.0, 50.0, 10.0, 0},
    {"Q alone, T = 1", 1.0, 50.0, 10.0, 1},
    {"Q alone, T = 2.5", 2.5, 3.0, 0.5, 1},
    {"short step", 0.05, 50.0, 10.0, 0},
    {"long coast", 30.0, 1.0, 0.1, 0},
    {"no process noise", 4.0, 0.0, 0.0, 0},
    {"zero step", 0.0, 50.0, 10.0, 0},
    {"vertical only", 1.0, 0.0, 7.0, 1},
};

static void case_known_f_and_q(void)
{
    struct vg_rng r;
    vg_rng_seed(&r, 6221);
    for (size_t c = 0; c < sizeof known / sizeof known[0]; c++) {
        double x[N], P[N * N], Q[N * N], want[N * N], xo[N], Po[N * N];
        for (int i = 0; i < N; i++)
            x[i] = vg_rng_range(&r, -1000.0, 1000.0) / (i < 3 ? 1.0 : 20.0);
        if (known[c].zero_p)
            memset(P, 0, sizeof P);
        else
            rand_p(&r, P);
        build_q(Q, known[c].dt, known[c].q_h, known[c].q_v);
        explicit_predict(P, known[c].dt, Q, want);
        vg__cv_predict(x, P, known[c].dt, known[c].q_h, known[c].q_v, xo, Po);
        double e = rel_diff(Po, want, N * N);
        if (!(e < 1e-13))
            fprintf(stderr, "  case '%s': relative error of P' %.3g\n", known[c].name, e);
        CHECK(e < 1e-13);
        for (int i = 0; i < 3; i++) {
            CHECK_NEAR(xo[i], x[i] + known[c].dt * x[i + 3], 1e-9);
            CHECK_NEAR(xo[i + 3], x[i + 3], 0.0);
        }
    }
    /* One hand-computed entry set: q = 6, T = 2 gives Q = 6 [[8/3, 2], [2, 2]] per axis. */
    double x[N] = {0}, P[N * N] = {0}, xo[N], Po[N * N];
    vg__cv_predict(x, P, 2.0, 6.0, 3.0, xo, Po);
    CHECK_NEAR(Po[0 * N + 0], 16.0, 1e-12);
    CHECK_NEAR(Po[0 * N + 3], 12.0, 1e-12);
    CHECK_NEAR(Po[3 * N + 3], 12.0, 1e-12);
    CHECK_NEAR(Po[2 * N + 2], 8.0, 1e-12);
    CHECK_NEAR(Po[2 * N + 5], 6.0, 1e-12);
    CHECK_NEAR(Po[5 * N + 5], 6.0, 1e-12);
    CHECK_NEAR(Po[0 * N + 1], 0.0, 0.0); /* axes are independent */
    CHECK_NEAR(Po[0 * N + 4], 0.0, 0.0);
}

/* Q(T1 + T2) = F(T2) Q(T1) F(T2)' + Q(T2): the noise of one long step equals the chain. */
static void case_q_additivity(void)
{
    static const double steps[][2] = {{1.0, 1.0}, {0.3, 2.7}, {5.0, 0.01}, {0.001, 0.002},
                                      {12.0, 18.0}};
    for (size_t c = 0; c < sizeof steps / sizeof steps[0]; c++) {
        double T1 = steps[c][0], T2 = steps[c][1];
        double Q1[N * N], Q2[N * N], Q12[N * N], chain[N * N];
        build_q(Q1, T1, 50.0, 10.0);
        build_q(Q2, T2, 50.0, 10.0);
        build_q(Q12, T1 + T2, 50.0, 10.0);
        explicit_predict(Q1, T2, Q2, chain);
        CHECK(rel_diff(chain, Q12, N * N) < 1e-13);
    }
}

/* Predicting over a gap once equals predicting scan by scan, through vg__cv_predict itself. */
static void case_gap_equals_steps(void)
{
    struct vg_rng r;
    vg_rng_seed(&r, 1717);
    static const struct {
        const char *name;
        double total;
        int nsteps;
    } gaps[] = {{"2 halves", 2.0, 2}, {"10 scans", 10.0, 10}, {"100 short", 1.0, 100},
                {"uneven", 7.3, 3}};
    for (size_t c = 0; c < sizeof gaps / sizeof gaps[0]; c++) {
        double x[N], P[N * N], xa[N], Pa[N * N], xb[N], Pb[N * N], xt[N], Pt[N * N];
        for (int i = 0; i < N; i++)
            x[i] = vg_rng_range(&r, -500.0, 500.0);
        rand_p(&r, P);
        vg__cv_predict(x, P, gaps[c].total, 20.0, 4.0, xa, Pa);
        memcpy(xb, x, sizeof x);
        memcpy(Pb, P, sizeof P);
        /* Uneven steps that still sum to the total; the last takes what is left. */
        double left = gaps[c].total;
        int n = gaps[c].nsteps;
        for (int k = 0; k < n; k++) {
            double dt = k == n - 1 ? left : left * (k % 2 ? 0.3 : 1.0 / (n - k));
            vg__cv_predict(xb, Pb, dt, 20.0, 4.0, xt, Pt);
            memcpy(xb, xt, sizeof xt);
            memcpy(Pb, Pt, sizeof Pt);
            left -= dt;
        }
        double ex = rel_diff(xb, xa, N), ep = rel_diff(Pb, Pa, N * N);
        if (!(ex < 1e-12 && ep < 1e-11))
            fprintf(stderr, "  gap '%s': x error %.3g, P error %.3g\n", gaps[c].name, ex, ep);
        CHECK(ex < 1e-12);
        CHECK(ep < 1e-11);
    }
}

/* A report older than the state: P' = F(−τ) (P + Q(τ)) F(−τ)', positive definite, and the
 * process noise term F(−τ) Q(τ) F(−τ)' = q [[τ³/3, −τ²/2], [−τ²/2, τ]] per axis. */
static void case_backward_positive_definite(void)
{
    struct vg_rng r;
    vg_rng_seed(&r, 4242);
    static const double taus[] = {0.01, 0.2, 1.0, 3.0, 30.0};
    for (size_t c = 0; c < sizeof taus / sizeof taus[0]; c++) {
        double tau = taus[c];
        double x[N], P[N * N], Q[N * N], PQ[N * N], want[N * N], zero[N * N] = {0};
        double xo[N], Po[N * N], L[N * N];
        for (int i = 0; i < N; i++)
            x[i] = vg_rng_range(&r, -100.0, 100.0);
        rand_p(&r, P);
        build_q(Q, tau, 50.0, 10.0);
        for (int i = 0; i < N * N; i++)
            PQ[i] = P[i] + Q[i];
        explicit_predict(PQ, -tau, zero, want);
        vg__cv_predict(x, P, -tau, 50.0, 10.0, xo, Po);
        CHECK(rel_diff(Po, want, N * N) < 1e-12);
        CHECK(vg_mat_chol(L, Po, N) == 0);
        for (int i = 0; i < 3; i++)
            CHECK_NEAR(xo[i], x[i] - tau * x[i + 3], 1e-9);
        /* Noise alone (P = 0) is itself positive definite: det = q² τ⁴ / 12 per axis. */
        vg__cv_predict(x, zero, -tau, 50.0, 10.0, xo, Po);
        CHECK(vg_mat_chol(L, Po, N) == 0);
        CHECK_NEAR(Po[0 * N + 3], -50.0 * tau * tau / 2.0, 1e-12 * (1 + tau * tau * 50));
        CHECK_NEAR(Po[0 * N + 0], 50.0 * tau * tau * tau / 3.0, 1e-12 * (1 + tau * tau * tau * 50));
        /* Backward then forward returns the mean, and only adds uncertainty: P'' − P ⪰ 0. */
        double xb[N], Pb[N * N], D[N * N];
        vg__cv_predict(x, P, -tau, 50.0, 10.0, xo, Po);
        vg__cv_predict(xo, Po, tau, 50.0, 10.0, xb, Pb);
        for (int i = 0; i < N; i++)
            CHECK_NEAR(xb[i], x[i], 1e-9);
        for (int i = 0; i < N * N; i++)
            D[i] = Pb[i] - P[i];
        for (int i = 0; i < N; i++)
            D[i * N + i] += 1e-9 * max_abs(Pb, N * N); /* semi-definite: allow rounding */
        CHECK(vg_mat_chol(L, D, N) == 0);
    }
}

int main(void)
{
    RUN(case_known_f_and_q);
    RUN(case_q_additivity);
    RUN(case_gap_equals_steps);
    RUN(case_backward_positive_definite);
    return test_report();
}
