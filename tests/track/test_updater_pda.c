/* SPDX-License-Identifier: MIT */
/* test_updater_pda.c — the (J)PDA update against textbook algebra and the Kalman update,
 * and the consistency of a PDAF in clutter by Monte Carlo NEES.
 *
 * Known answers: one detection with β0 = 0 is the Kalman update (vg__kf_update); β0 = 1
 * leaves the state as it was; for several detections and any β the update equals
 *     x⁺ = x + K Σ β_j y_j,
 *     P⁺ = β0 P + (1 − β0)(P − K S K') + K (Σ β_j y_j y_j' − y y') K'
 * computed here with an explicit Gauss–Jordan inverse of S (Bar-Shalom, Willett & Tian
 * 2011, §6.4), for 6- and 7-dimensional states (the 7th, a turn rate, correlated with the
 * rest); and P⁺ stays symmetric positive definite whatever the β's.
 *
 * Consistency: a PDAF follows one CV target seen in xyz (σ = 10 m) with P_D = 0.9, among
 * uniform Poisson clutter, gated at P_G = 0.99, its β's from vg__jpda_marginals (one
 * track: the closed form) and its likelihood ratios from vg__pda_distance and vg__pda_lr.
 * Clutter is drawn in the box |y_i| ≤ √(γ S_ii) around the predicted measurement, which
 * holds the whole gate ellipsoid y' S⁻¹ y ≤ γ — the same, for the filter, as clutter
 * everywhere. The NEES of the runs that kept the target, averaged over them and 50 steps,
 * is compared with the 95 % interval [χ²₀.₀₂₅(6N) / N, χ²₀.₉₇₅(6N) / N] (N runs kept; see
 * test_updater_kf.c); lost runs are counted and bounded (case_pdaf_nees says how many). */
#include "test.h"

#include "base/angle.h"
#include "base/chi2.h"
#include "base/err.h"
#include "base/mat.h"
#include "base/rng.h"
#include "track/internal.h"
#include "track/jpda.h"

#define NXM 7
#define NZ VG_DET_NZ_MAX
#define MAXJ 8

/* ---- explicit algebra ---- */

static void mul(double *c, const double *a, const double *b, int n, int m, int p)
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < p; j++) {
            double s = 0.0;
            for (int k = 0; k < m; k++)
                s += a[i * m + k] * b[k * p + j];
            c[i * p + j] = s;
        }
}

static void transpose(double *at, const double *a, int n, int m)
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < m; j++)
            at[j * n + i] = a[i * m + j];
}

/* Gauss–Jordan inverse with partial pivoting. */
static void gj_inverse(double *ai, const double *a0, int n)
{
    double a[NZ * NZ];
    memcpy(a, a0, sizeof(double) * (size_t)(n * n));
    for (int i = 0; i < n * n; i++)
        ai[i] = (i / n == i % n);
    for (int j = 0; j < n; j++) {
        int p = j;
        for (int i = j + 1; i < n; i++)
            if (fabs(a[i * n + j]) > fabs(a[p * n + j]))
                p = i;
        for (int k = 0; k < n && p != j; k++) {
            double t = a[j * n + k];
            a[j * n + k] = a[p * n + k];
            a[p * n + k] = t;
            t = ai[j * n + k];
            ai[j * n + k] = ai[p * n + k];
            ai[p * n + k] = t;
        }
        double piv = a[j * n + j];
        for (int k = 0; k < n; k++) {
            a[j * n + k] /= piv;
            ai[j * n + k] /= piv;
        }
        for (int i = 0; i < n; i++) {
            double f = a[i * n + j];
            for (int k = 0; k < n && i != j; k++) {
                a[i * n + k] -= f * a[j * n + k];
                ai[i * n + k] -= f * ai[j * n + k];
            }
        }
    }
}

static double rel_diff(const double *a, const double *b, int n)
{
    double d = 0.0, s = 0.0;
    for (int i = 0; i < n; i++) {
        d = fmax(d, fabs(a[i] - b[i]));
        s = fmax(s, fabs(b[i]));
    }
    return s > 0 ? d / s : d;
}

/* A well-conditioned covariance: position σ ≈ 20 m, velocity ≈ 4 m/s, ω ≈ 0.1 rad/s. */
static void rand_p(struct vg_rng *r, double *P, int nx)
{
    double B[NXM * NXM], s[NXM] = {20, 20, 10, 4, 4, 2, 0.1};
    for (int i = 0; i < nx * nx; i++)
        B[i] = 0.4 * vg_rng_normal(r);
    for (int i = 0; i < nx; i++)
        for (int j = 0; j < nx; j++) {
            double v = (i == j);
            for (int k = 0; k < nx; k++)
                v += B[i * nx + k] * B[j * nx + k];
            P[i * nx + j] = s[i] * s[j] * v;
        }
}

static int is_spd(const double *P, int nx)
{
    double L[NXM * NXM];
    for (int i = 0; i < nx; i++)
        for (int j = 0; j < i; j++)
            if (P[i * nx + j] != P[j * nx + i])
                return 0;
    return vg_mat_chol(L, P, nx) == 0;
}

static const double SENSOR[3] = {-50, 80, 5};

static const struct {
    const char *name;
    int kind;
    unsigned flags;
    int nz;
    double sig[NZ];
} kinds[] = {
    {"xyz", VG_DET_XYZ, 0, 3, {10, 10, 15}},
    {"polar r/az/el", VG_DET_POLAR, VG_DET_HAS_EL, 3, {5, 0.01, 0.01}},
    {"polar r/az/el/rr", VG_DET_POLAR, VG_DET_HAS_EL | VG_DET_HAS_RR, 4, {5, 0.01, 0.01, 0.5}},
};

/* A random state 0.5–5 km from the sensor and n detections scattered about ẑ by 2σ. */
static void setup(struct vg_rng *r, size_t c, int nx, double *x, double *P,
                  struct vg_detection *dets, int n)
{
    double range = vg_rng_range(r, 500, 5000), az = vg_rng_range(r, 0, 2 * VG_PI);
    x[0] = SENSOR[0] + range * sin(az);
    x[1] = SENSOR[1] + range * cos(az);
    x[2] = SENSOR[2] + vg_rng_range(r, 20, 500);
    for (int i = 3; i < 6; i++)
        x[i] = vg_rng_range(r, -30, 30);
    if (nx > 6)
        x[6] = vg_rng_range(r, -0.2, 0.2);
    rand_p(r, P, nx);
    struct vg__meas m;
    memset(dets, 0, sizeof *dets * (size_t)n);
    for (int j = 0; j < n; j++) {
        struct vg_detection *d = &dets[j];
        d->kind = (uint8_t)kinds[c].kind;
        d->flags = (uint16_t)kinds[c].flags;
        d->nz = (uint8_t)kinds[c].nz;
        for (int i = 0; i < d->nz; i++)
            d->R[i * d->nz + i] = kinds[c].sig[i] * kinds[c].sig[i];
        CHECK_INT(vg__meas_predict(d, SENSOR, x, &m), 0);
        for (int i = 0; i < d->nz; i++)
            d->z[i] = m.zhat[i] + 2.0 * kinds[c].sig[i] * vg_rng_normal(r);
    }
}

/* Random β's with β0 + Σ β = 1. */
static double rand_beta(struct vg_rng *r, double *beta, int n)
{
    double b0 = vg_rng_uniform(r), s = b0;
    for (int j = 0; j < n; j++)
        s += beta[j] = vg_rng_uniform(r);
    for (int j = 0; j < n; j++)
        beta[j] /= s;
    return b0 / s;
}

/* The textbook PDA update (standard-form P_c) with an explicit S⁻¹. */
static void textbook(const struct vg_detection *dets, const double *beta, int n, double b0,
                     int nx, double *x, double *P)
{
    struct vg__meas m;
    vg__meas_predict(&dets[0], SENSOR, x, &m);
    int nz = m.nz;
    double H[NZ * NXM] = {0}, Ht[NXM * NZ], PHt[NXM * NZ], S[NZ * NZ], Si[NZ * NZ];
    for (int i = 0; i < nz; i++)
        for (int k = 0; k < 6; k++)
            H[i * nx + k] = m.H[i * 6 + k];
    transpose(Ht, H, nz, nx);
    mul(PHt, P, Ht, nx, nx, nz);
    mul(S, H, PHt, nz, nx, nz);
    for (int i = 0; i < nz * nz; i++)
        S[i] += dets[0].R[i];
    gj_inverse(Si, S, nz);
    double K[NXM * NZ], Kt[NZ * NXM], y[NZ] = {0}, D[NZ * NZ] = {0}, yj[NZ];
    mul(K, PHt, Si, nx, nz, nz);
    transpose(Kt, K, nx, nz);
    for (int j = 0; j < n; j++) {
        vg__meas_innovation(&dets[j], &m, yj);
        for (int a = 0; a < nz; a++) {
            y[a] += beta[j] * yj[a];
            for (int b = 0; b < nz; b++)
                D[a * nz + b] += beta[j] * yj[a] * yj[b];
        }
    }
    for (int a = 0; a < nz; a++)
        for (int b = 0; b < nz; b++)
            D[a * nz + b] -= y[a] * y[b];
    double Ky[NXM], KS[NXM * NZ], KSKt[NXM * NXM], KD[NXM * NZ], KDKt[NXM * NXM];
    mul(Ky, K, y, nx, nz, 1);
    mul(KS, K, S, nx, nz, nz);
    mul(KSKt, KS, Kt, nx, nz, nx);
    mul(KD, K, D, nx, nz, nz);
    mul(KDKt, KD, Kt, nx, nz, nx);
    for (int i = 0; i < nx; i++)
        x[i] += Ky[i];
    for (int i = 0; i < nx * nx; i++)
        P[i] = b0 * P[i] + (1 - b0) * (P[i] - KSKt[i]) + KDKt[i];
}

static void case_one_detection_is_kf(void)
{
    struct vg_rng r;
    vg_rng_seed(&r, 1975);
    for (size_t c = 0; c < sizeof kinds / sizeof kinds[0]; c++) {
        double worst = 0;
        for (int trial = 0; trial < 200; trial++) {
            double x[6], P[36], xk[6], Pk[36], one = 1.0;
            struct vg_detection det;
            setup(&r, c, 6, x, P, &det, 1);
            memcpy(xk, x, sizeof x);
            memcpy(Pk, P, sizeof P);
            const struct vg_detection *dp = &det;
            CHECK_INT(vg__pda_update(&dp, &one, 1, 0.0, SENSOR, 6, x, P), 0);
            CHECK_INT(vg__kf_update(&det, SENSOR, xk, Pk), 0);
            worst = fmax(worst, fmax(rel_diff(x, xk, 6), rel_diff(P, Pk, 36)));
        }
        fprintf(stderr, "  %-18s PDA − KF %.1e\n", kinds[c].name, worst);
        CHECK(worst < 1e-13);
    }
}

static void case_beta0_one_keeps_state(void)
{
    struct vg_rng r;
    vg_rng_seed(&r, 1);
    for (size_t c = 0; c < sizeof kinds / sizeof kinds[0]; c++)
        for (int nx = 6; nx <= 7; nx++) {
            double x[NXM], P[NXM * NXM], x0[NXM], P0[NXM * NXM], beta[3] = {0, 0, 0};
            struct vg_detection dets[3];
            const struct vg_detection *dp[3] = {&dets[0], &dets[1], &dets[2]};
            setup(&r, c, nx, x, P, dets, 3);
            memcpy(x0, x, sizeof x);
            memcpy(P0, P, sizeof P);
            CHECK_INT(vg__pda_update(dp, beta, 3, 1.0, SENSOR, nx, x, P), 0);
            CHECK(memcmp(x, x0, sizeof(double) * (size_t)nx) == 0);
            CHECK(memcmp(P, P0, sizeof(double) * (size_t)(nx * nx)) == 0);
            CHECK_INT(vg__pda_update(dp, beta, 0, 1.0, SENSOR, nx, x, P), 0); /* none gated */
            CHECK(memcmp(x, x0, sizeof(double) * (size_t)nx) == 0);
        }
}

static void case_textbook_and_spd(void)
{
    struct vg_rng r;
    vg_rng_seed(&r, 2011);
    for (size_t c = 0; c < sizeof kinds / sizeof kinds[0]; c++)
        for (int nx = 6; nx <= 7; nx++) {
            double wx = 0, wp = 0;
            int spd = 1;
            for (int trial = 0; trial < 300; trial++) {
                int n = 1 + (int)(vg_rng_next(&r) % MAXJ);
                double x[NXM], P[NXM * NXM], xt[NXM], Pt[NXM * NXM], beta[MAXJ];
                struct vg_detection dets[MAXJ];
                const struct vg_detection *dp[MAXJ];
                setup(&r, c, nx, x, P, dets, n);
                for (int j = 0; j < n; j++)
                    dp[j] = &dets[j];
                double b0 = rand_beta(&r, beta, n);
                if (trial % 3 == 0) { /* one hypothesis certain, the others 0 */
                    for (int j = 0; j < n; j++)
                        beta[j] = j == n - 1;
                    b0 = 0.0;
                }
                memcpy(xt, x, sizeof x);
                memcpy(Pt, P, sizeof P);
                textbook(dets, beta, n, b0, nx, xt, Pt);
                CHECK_INT(vg__pda_update(dp, beta, (size_t)n, b0, SENSOR, nx, x, P), 0);
                wx = fmax(wx, rel_diff(x, xt, nx));
                wp = fmax(wp, rel_diff(P, Pt, nx * nx));
                spd &= is_spd(P, nx);
            }
            fprintf(stderr, "  %-18s nx %d: x %.1e  P %.1e  SPD %s\n", kinds[c].name, nx, wx,
                    wp, spd ? "yes" : "NO");
            CHECK(wx < 1e-10);
            CHECK(wp < 1e-9);
            CHECK(spd);
        }
}

/* Distance and likelihood: nx = 6 equals vg__kf_distance; a 7th component changes
 * nothing (S reads P's leading 6 × 6 block); the likelihood ratio matches N(y; 0, S). */
static void case_distance_and_lr(void)
{
    struct vg_rng r;
    vg_rng_seed(&r, 7);
    for (size_t c = 0; c < sizeof kinds / sizeof kinds[0]; c++) {
        double x[NXM], P[NXM * NXM], P6[36], d2, ld, d2k, ldk, d27, ld7;
        struct vg_detection det;
        setup(&r, c, 7, x, P, &det, 1);
        for (int i = 0; i < 6; i++)
            for (int j = 0; j < 6; j++)
                P6[i * 6 + j] = P[i * 7 + j];
        CHECK_INT(vg__pda_distance(&det, SENSOR, 6, x, P6, &d2, &ld), 0);
        CHECK_INT(vg__kf_distance(&det, SENSOR, x, P6, &d2k, &ldk), 0);
        CHECK_INT(vg__pda_distance(&det, SENSOR, 7, x, P, &d27, &ld7), 0);
        CHECK_NEAR(d2, d2k, 1e-12 * d2k);
        CHECK_NEAR(ld, ldk, 1e-12 * fabs(ldk));
        CHECK_NEAR(d27, d2k, 1e-12 * d2k);
        CHECK_NEAR(ld7, ldk, 1e-12 * fabs(ldk));
        /* N(y; 0, S) = exp(−d²/2) / √((2π)^nz det S), written out. */
        double want = 0.9 * exp(-0.5 * d2) / sqrt(pow(2 * VG_PI, det.nz) *
                                                  exp(ld)) / 1e-7;
        double lr = vg__pda_lr(0.9, 1e-7, det.nz, d2, ld);
        CHECK_NEAR(lr, want, 1e-12 * want);
    }
    CHECK(isnan(vg__pda_lr(0.0, 1.0, 3, 1, 1)) && isnan(vg__pda_lr(0.5, 0.0, 3, 1, 1)));
    CHECK(isfinite(vg__pda_lr(1.0, 1e-320, 3, 0, 0)));
}

static void case_errors_leave_state_unchanged(void)
{
    struct vg_rng r;
    vg_rng_seed(&r, 3);
    double x[NXM], P[NXM * NXM], x0[NXM], P0[NXM * NXM], beta[2] = {0.3, 0.3};
    struct vg_detection dets[2];
    const struct vg_detection *dp[2] = {&dets[0], &dets[1]};
    setup(&r, 0, 7, x, P, dets, 2);
    memcpy(x0, x, sizeof x);
    memcpy(P0, P, sizeof P);
    CHECK_INT(vg__pda_update(dp, beta, 2, 0.5, SENSOR, 7, x, P), VG_EINVAL); /* Σ = 1.1 */
    CHECK_INT(vg__pda_update(dp, beta, 2, 0.4, SENSOR, 5, x, P), VG_EINVAL); /* nx */
    CHECK_INT(vg__pda_update(dp, beta, 0, 0.4, SENSOR, 7, x, P), VG_EINVAL); /* β0 ≠ 1 */
    double neg[2] = {-0.1, 0.7};
    CHECK_INT(vg__pda_update(dp, neg, 2, 0.4, SENSOR, 7, x, P), VG_EINVAL);
    dets[1].kind = VG_DET_POLAR;
    CHECK_INT(vg__pda_update(dp, beta, 2, 0.4, SENSOR, 7, x, P), VG_EINVAL); /* mixed */
    dets[1].kind = VG_DET_XYZ;
    double Pz[NXM * NXM] = {0};
    for (int i = 0; i < 9; i++)
        dets[0].R[i] = i % 4 == 0 ? -1.0 : 0.0; /* with P = 0, S = R is not SPD */
    CHECK_INT(vg__pda_update(dp, beta, 2, 0.4, SENSOR, 7, x, Pz), VG_ENOTSPD);
    CHECK_INT(vg__pda_distance(&dets[0], SENSOR, 7, x, Pz, &beta[0], NULL), VG_ENOTSPD);
    CHECK(memcmp(x, x0, sizeof x) == 0 && memcmp(P, P0, sizeof P) == 0);
}

/* ---- PDAF in clutter: Monte Carlo NEES ---- */

#define RUNS 300
#define STEPS 50
#define MAXC 4096

static const double SIG = 10.0, Q = 1.0, PD = 0.9, PG = 0.99;

static void truth_step(struct vg_rng *r, double x[6])
{
    double l11 = sqrt(1.0 / 3.0), l21 = 0.5 / l11, l22 = sqrt(1.0 - l21 * l21);
    for (int i = 0; i < 3; i++) {
        double n1 = vg_rng_normal(r), n2 = vg_rng_normal(r);
        x[i] += x[i + 3] + sqrt(Q) * l11 * n1;
        x[i + 3] += sqrt(Q) * (l21 * n1 + l22 * n2);
    }
}

struct pdaf_out {
    double nees, lo, hi;   /* average NEES of the runs that kept the target; interval */
    double clutter_in_gate; /* gated clutter points per scan, same runs */
    int outside, lost, kept, fails;
};

/* One scan: the target's detection with P_D and Poisson clutter of density lam in the
 * box around ẑ that holds the gate; gating, β's, PDA update of (x, P). Returns the
 * number of gated clutter points, or −1 if a call failed. */
static int pdaf_scan(struct vg_rng *r, struct vg__jpda *j, double lam, const double *xt,
                     double *x, double *P)
{
    static struct vg_detection dets[MAXC];
    static const struct vg_detection *dp[MAXC];
    static struct vg__jpda_pair pairs[MAXC];
    static double beta[MAXC];
    const double origin[3] = {0, 0, 0};
    double gamma = vg_chi2_quantile(PG, 3), w0 = 1.0 - PD * PG, h[3], vol = 1.0;
    for (int i = 0; i < 3; i++) {
        h[i] = sqrt(gamma * (P[i * 6 + i] + SIG * SIG)); /* the gate's extent on axis i */
        vol *= 2.0 * h[i];
    }
    unsigned nc = vg_rng_poisson(r, lam * vol);
    int nd = 0, rc = 0, gated_clutter = 0;
    for (unsigned c = 0; c <= nc && nd < MAXC; c++) { /* c == nc: the target */
        struct vg_detection *d = &dets[nd];
        memset(d, 0, sizeof *d);
        d->kind = VG_DET_XYZ;
        d->nz = 3;
        for (int i = 0; i < 3; i++) {
            d->R[i * 4] = SIG * SIG;
            d->z[i] = c == nc ? xt[i] + SIG * vg_rng_normal(r)
                              : x[i] + vg_rng_range(r, -h[i], h[i]);
        }
        if (c < nc || vg_rng_uniform(r) < PD)
            nd++;
    }
    size_t np = 0;
    for (int d = 0; d < nd; d++) {
        double d2, ld;
        rc |= vg__pda_distance(&dets[d], origin, 6, x, P, &d2, &ld);
        if (d2 < gamma) {
            gated_clutter += d < (int)nc;
            pairs[np] = (struct vg__jpda_pair){0, (int32_t)np, 0.0};
            pairs[np].lr = vg__pda_lr(PD, lam > 0 ? lam : 1e-300, 3, d2, ld);
            dp[np++] = &dets[d];
        }
    }
    double b0;
    rc |= vg__jpda_marginals(j, 1, np, pairs, np, &w0, beta, &b0);
    rc |= vg__pda_update(dp, beta, np, b0, origin, 6, x, P);
    return rc ? -1 : gated_clutter;
}

/* Monte Carlo at clutter density lam (per m³). A run is lost once its NEES exceeds 100
 * (the truth far outside the filter's 6-D 1 − 10⁻¹⁹ region) or its position variance
 * 10⁴ m² (a gate balloon); lost runs are counted and left out of the NEES average, as
 * track-loss studies do (Bar-Shalom, Li & Kirubarajan 2001, §5.4; Bar-Shalom, Willett
 * & Tian 2011, ch. 6). */
static struct pdaf_out pdaf_mc(double lam, uint64_t seed)
{
    static double sum[STEPS];
    memset(sum, 0, sizeof sum);
    struct vg_rng r;
    vg_rng_seed(&r, seed);
    struct vg__jpda j;
    vg__jpda_init(&j);
    struct pdaf_out o = {0};
    double gated = 0;
    const double s0[6] = {15, 15, 15, 3, 3, 1};
    for (int run = 0; run < RUNS; run++) {
        double xt[6], x[6], P[36] = {0}, nees[STEPS], clutter = 0;
        for (int i = 0; i < 3; i++) {
            xt[i] = vg_rng_range(&r, -1000, 1000);
            xt[i + 3] = vg_rng_range(&r, -20, 20);
        }
        for (int i = 0; i < 6; i++) {
            P[i * 6 + i] = s0[i] * s0[i];
            x[i] = xt[i] + s0[i] * vg_rng_normal(&r);
        }
        int k;
        for (k = 0; k < STEPS; k++) {
            double xp[6], Pp[36], L[36], e[6];
            truth_step(&r, xt);
            vg__cv_predict(x, P, 1.0, Q, Q, xp, Pp);
            int nc = pdaf_scan(&r, &j, lam, xt, xp, Pp);
            o.fails += nc < 0;
            clutter += nc;
            memcpy(x, xp, sizeof x);
            memcpy(P, Pp, sizeof P);
            for (int i = 0; i < 6; i++)
                e[i] = xt[i] - x[i];
            nees[k] = vg_mat_chol(L, P, 6) ? INFINITY : vg_mat_chol_mahal2(L, e, 6);
            if (nees[k] > 100 || fmax(P[0], fmax(P[7], P[14])) > 1e4)
                break;
        }
        if (k < STEPS) {
            o.lost++;
            continue;
        }
        o.kept++;
        gated += clutter;
        for (k = 0; k < STEPS; k++)
            sum[k] += nees[k];
    }
    o.lo = vg_chi2_quantile(0.025, 6 * o.kept) / o.kept;
    o.hi = vg_chi2_quantile(0.975, 6 * o.kept) / o.kept;
    for (int k = 0; k < STEPS; k++) {
        double a = sum[k] / o.kept;
        o.nees += a / STEPS;
        o.outside += a < o.lo || a > o.hi;
    }
    o.clutter_in_gate = gated / ((double)o.kept * STEPS);
    vg__jpda_fini(&j);
    return o;
}

/* Clutter levels: none (the PDAF is then a gated KF, w0 = 0.109 aside), moderate
 * (≈ 0.4 clutter points per gate) and about one per gate. Over seeds 1–30 the NEES of the
 * runs that kept the target was 5.96–6.24, 5.91–6.32 and 5.85–6.20: inside the interval
 * every time. The PDAF's failure in clutter is loss instead — a miss, or the target just
 * beyond the gate, while clutter lies near the prediction: seeds 1–30 lost 0–1, 5–21
 * and 15–44 runs of 300 in 50 scans (the one loss without clutter: a 2·10⁻⁶ NEES tail,
 * the target then outside the gate while the error outgrew it). Counting lost runs up to
 * their loss, the NEES is 6.2–6.9 and 6.5–7.5 with clutter: the known optimism of the
 * PDAF is in the runs that go wrong. The loss bounds are ~1.5× the worst seen. */
static void case_pdaf_nees(void)
{
    static const struct {
        const char *name;
        double lam;      /* clutter per m³ */
        int check_nees;  /* assert the 95 % interval */
        int max_lost;    /* of RUNS */
    } lv[] = {
        {"no clutter", 0.0, 1, 1},
        {"moderate clutter 1e-6 /m³", 1e-6, 1, 30},
        {"clutter 2e-6 /m³", 2e-6, 1, 66},
    };
    for (size_t c = 0; c < sizeof lv / sizeof lv[0]; c++) {
        struct pdaf_out o = pdaf_mc(lv[c].lam, 1983 + c);
        fprintf(stderr, "  %-26s NEES %.3f, interval [%.3f, %.3f]: %s; %2d/%d steps "
                        "outside; %.2f clutter per gate; %d/%d runs lost\n",
                lv[c].name, o.nees, o.lo, o.hi,
                o.nees >= o.lo && o.nees <= o.hi ? "inside" : "OUTSIDE", o.outside, STEPS,
                o.clutter_in_gate, o.lost, RUNS);
        CHECK_INT(o.fails, 0);
        CHECK(o.lost <= lv[c].max_lost);
        if (lv[c].check_nees)
            CHECK(o.nees >= o.lo && o.nees <= o.hi);
    }
}

int main(void)
{
    RUN(case_one_detection_is_kf);
    RUN(case_beta0_one_keeps_state);
    RUN(case_textbook_and_spd);
    RUN(case_distance_and_lr);
    RUN(case_errors_leave_state_unchanged);
    RUN(case_pdaf_nees);
    return test_report();
}
