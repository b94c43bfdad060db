/* SPDX-License-Identifier: MIT */
/* test_updater_kf.c — the KF/EKF update against textbook algebra, and filter consistency by
 * Monte Carlo NEES and NIS.
 *
 * Known answers: on a well-conditioned case the Joseph-form update must equal the textbook
 *     S = H P H' + R,  K = P H' S⁻¹,  x⁺ = x + K y,  P⁺ = (I − K H) P
 * computed here with an explicit Gauss–Jordan inverse (not the Cholesky code the updater
 * uses), and the distance must equal y' S⁻¹ y and log det S.
 *
 * Consistency (Bar-Shalom, Li & Kirubarajan 2001, §5.4.2): with N independent runs, the
 * normalised estimation error squared ε = x̃' P⁻¹ x̃ summed over runs is χ²(6N) at each
 * step when the filter's model matches the truth, so its run average lies in
 *     [χ²₀.₀₂₅(6N) / N, χ²₀.₉₇₅(6N) / N]
 * with probability 0.95; likewise the normalised innovation squared ν' S⁻¹ ν with dof nz N.
 * Each scenario (N = 200 runs × 50 steps, T = 1 s) checks (a) the average over all steps and
 * runs against that interval — the average of the per-step averages varies less than any one
 * of them, so this is a conservative 95 % test — and (b) that at least 85 % of the per-step
 * averages fall inside it (about 95 % expected; 85 % or fewer happens with probability
 * < 0.5 % for independent steps). The scenarios: xyz reports, and a polar radar with
 * σ = 5 m, 0.3°, 0.3° (and 0.5 m/s range rate) on targets 1–5 km away, where the EKF's
 * linearisation error (r σθ² / 2 ≈ 0.07 m at 5 km) is negligible beside the noise. A filter
 * whose q is 10× too small (or too large) must fail: that shows the test has power. */
#include "test.h"

#include "base/angle.h"
#include "base/chi2.h"
#include "base/err.h"
#include "base/mat.h"
#include "base/rng.h"
#include "track/internal.h"

#define NX VG_NX
#define NZ VG_DET_NZ_MAX

/* ---- explicit algebra, independent of base/mat.c's Cholesky ---- */

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

/* Gauss–Jordan inverse with partial pivoting; returns the determinant. */
static double gj_inverse(double *ai, const double *a0, int n)
{
    double a[NZ * NZ];
    memcpy(a, a0, sizeof(double) * (size_t)(n * n));
    for (int i = 0; i < n * n; i++)
        ai[i] = (i / n == i % n);
    double det = 1.0;
    for (int j = 0; j < n; j++) {
        int p = j;
        for (int i = j + 1; i < n; i++)
            if (fabs(a[i * n + j]) > fabs(a[p * n + j]))
                p = i;
        if (p != j) {
            det = -det;
            for (int k = 0; k < n; k++) {
                double t = a[j * n + k];
                a[j * n + k] = a[p * n + k];
                a[p * n + k] = t;
                t = ai[j * n + k];
                ai[j * n + k] = ai[p * n + k];
                ai[p * n + k] = t;
            }
        }
        double piv = a[j * n + j];
        det *= piv;
        for (int k = 0; k < n; k++) {
            a[j * n + k] /= piv;
            ai[j * n + k] /= piv;
        }
        for (int i = 0; i < n; i++) {
            if (i == j)
                continue;
            double f = a[i * n + j];
            for (int k = 0; k < n; k++) {
                a[i * n + k] -= f * a[j * n + k];
                ai[i * n + k] -= f * ai[j * n + k];
            }
        }
    }
    return det;
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

/* A well-conditioned state covariance: position σ ≈ 20 m, velocity ≈ 4 m/s, correlated. */
static void rand_p(struct vg_rng *r, double P[NX * NX])
{
    double B[NX * NX], s[NX] = {20, 20, 10, 4, 4, 2};
    for (int i = 0; i < NX * NX; i++)
        B[i] = 0.4 * vg_rng_normal(r);
    for (int i = 0; i < NX; i++)
        for (int j = 0; j < NX; j++) {
            double v = (i == j);
            for (int k = 0; k < NX; k++)
                v += B[i * NX + k] * B[j * NX + k];
            P[i * NX + j] = s[i] * s[j] * v;
        }
}

/* ---- known answers ---- */

/* Textbook update of (x, P) by det with Jacobian/prediction m; writes the standard-form and
 * the Joseph-form posterior, the distance and log det S. */
static void textbook(const struct vg_detection *det, const struct vg__meas *m, const double *x,
                     const double *P, double *xs, double *Pstd, double *Pjos, double *d2,
                     double *logdet)
{
    int nz = m->nz;
    double Ht[NX * NZ], PHt[NX * NZ], S[NZ * NZ], Si[NZ * NZ], K[NX * NZ], y[NZ];
    transpose(Ht, m->H, nz, NX);
    mul(PHt, P, Ht, NX, NX, nz);
    mul(S, m->H, PHt, nz, NX, nz);
    for (int i = 0; i < nz * nz; i++)
        S[i] += det->R[i];
    *logdet = log(gj_inverse(Si, S, nz));
    mul(K, PHt, Si, NX, nz, nz);
    vg__meas_innovation(det, m, y);
    double Siy[NZ];
    mul(Siy, Si, y, nz, nz, 1);
    *d2 = 0;
    for (int i = 0; i < nz; i++)
        *d2 += y[i] * Siy[i];
    double Ky[NX];
    mul(Ky, K, y, NX, nz, 1);
    for (int i = 0; i < NX; i++)
        xs[i] = x[i] + Ky[i];
    double A[NX * NX], At[NX * NX], AP[NX * NX], Kt[NZ * NX], KR[NX * NZ];
    mul(A, K, m->H, NX, nz, NX);
    for (int i = 0; i < NX * NX; i++)
        A[i] = (i / NX == i % NX) - A[i];
    mul(Pstd, A, P, NX, NX, NX);
    memcpy(AP, Pstd, sizeof AP);
    transpose(At, A, NX, NX);
    mul(Pjos, AP, At, NX, NX, NX);
    transpose(Kt, K, NX, nz);
    mul(KR, K, det->R, NX, nz, nz);
    double KRKt[NX * NX];
    mul(KRKt, KR, Kt, NX, nz, NX);
    for (int i = 0; i < NX * NX; i++)
        Pjos[i] += KRKt[i];
}

static const struct {
    const char *name;
    int kind;
    unsigned flags;
    int nz;
    double sig[NZ]; /* measurement sigmas (R diagonal) */
    double corr;    /* correlation between components 0 and 1 */
} tb_cases[] = {
    {"xyz, diagonal R", VG_DET_XYZ, 0, 3, {10, 10, 15}, 0.0},
    {"xyz, correlated R", VG_DET_XYZ, 0, 3, {8, 12, 20}, 0.6},
    {"polar r/az", VG_DET_POLAR, 0, 2, {5, 0.01}, 0.0},
    {"polar r/az/el", VG_DET_POLAR, VG_DET_HAS_EL, 3, {5, 0.01, 0.01}, 0.0},
    {"polar r/az/el/rr", VG_DET_POLAR, VG_DET_HAS_EL | VG_DET_HAS_RR, 4, {5, 0.01, 0.01, 0.5},
     0.0},
    {"polar r/az/rr, correlated", VG_DET_POLAR, VG_DET_HAS_RR, 3, {5, 0.01, 0.5}, 0.3},
};

static void case_textbook_update(void)
{
    struct vg_rng r;
    vg_rng_seed(&r, 1960);
    const double s[3] = {-50, 80, 5};
    for (size_t c = 0; c < sizeof tb_cases / sizeof tb_cases[0]; c++) {
        double worst_x = 0, worst_p = 0, worst_j = 0, worst_d = 0;
        for (int trial = 0; trial < 200; trial++) {
            struct vg_detection det;
            memset(&det, 0, sizeof det);
            det.kind = (uint8_t)tb_cases[c].kind;
            det.flags = (uint16_t)tb_cases[c].flags;
            det.nz = (uint8_t)tb_cases[c].nz;
            int nz = det.nz;
            for (int i = 0; i < nz; i++)
                det.R[i * nz + i] = tb_cases[c].sig[i] * tb_cases[c].sig[i];
            det.R[1] = det.R[nz] = tb_cases[c].corr * tb_cases[c].sig[0] * tb_cases[c].sig[1];
            double x[NX], P[NX * NX];
            double range = vg_rng_range(&r, 500, 5000), az = vg_rng_range(&r, 0, 2 * VG_PI);
            x[0] = s[0] + range * sin(az);
            x[1] = s[1] + range * cos(az);
            x[2] = s[2] + vg_rng_range(&r, 20, 500);
            for (int i = 3; i < NX; i++)
                x[i] = vg_rng_range(&r, -30, 30);
            rand_p(&r, P);
            struct vg__meas m;
            CHECK_INT(vg__meas_predict(&det, s, x, &m), 0);
            for (int i = 0; i < nz; i++)
                det.z[i] = m.zhat[i] + 2.0 * tb_cases[c].sig[i] * vg_rng_normal(&r);
            double xs[NX], Pstd[NX * NX], Pjos[NX * NX], d2w, ldw, d2, ld;
            textbook(&det, &m, x, P, xs, Pstd, Pjos, &d2w, &ldw);
            CHECK_INT(vg__kf_distance(&det, s, x, P, &d2, &ld), 0);
            CHECK_INT(vg__kf_update(&det, s, x, P), 0);
            worst_x = fmax(worst_x, rel_diff(x, xs, NX));
            worst_p = fmax(worst_p, rel_diff(P, Pstd, NX * NX));
            worst_j = fmax(worst_j, rel_diff(Pjos, Pstd, NX * NX));
            worst_d = fmax(worst_d, fabs(d2 - d2w) / d2w + fabs(ld - ldw) / fabs(ldw));
        }
        fprintf(stderr, "  %-28s x %.1e  P %.1e  Joseph−standard %.1e  d2/logdet %.1e\n",
                tb_cases[c].name, worst_x, worst_p, worst_j, worst_d);
        CHECK(worst_x < 1e-10);
        CHECK(worst_p < 1e-9);
        CHECK(worst_j < 1e-9);
        CHECK(worst_d < 1e-10);
    }
}

static void case_errors_leave_state_unchanged(void)
{
    struct vg_detection det;
    memset(&det, 0, sizeof det);
    det.kind = VG_DET_XYZ;
    det.nz = 3;
    for (int i = 0; i < 3; i++)
        det.R[i * 3 + i] = -1.0; /* not a covariance; with P = 0, S is not SPD */
    double s[3] = {0}, x[NX] = {1, 2, 3, 4, 5, 6}, P[NX * NX] = {0}, d2;
    double x0[NX], P0[NX * NX];
    memcpy(x0, x, sizeof x);
    memcpy(P0, P, sizeof P);
    CHECK_INT(vg__kf_distance(&det, s, x, P, &d2, NULL), VG_ENOTSPD);
    CHECK_INT(vg__kf_update(&det, s, x, P), VG_ENOTSPD);
    CHECK(memcmp(x, x0, sizeof x) == 0 && memcmp(P, P0, sizeof P) == 0);
    det.kind = VG_DET_ADSB; /* a kind the tracker does not use */;
    det.nz = 1;
    CHECK_INT(vg__kf_update(&det, s, x, P), VG_EUNSUPPORTED);
    CHECK(memcmp(x, x0, sizeof x) == 0);
}

/* ---- Monte Carlo consistency ---- */

enum { MEAS_XYZ, MEAS_POLAR, MEAS_POLAR_RR };

struct mc {
    const char *name;
    int meas;
    double q_true, q_filt; /* m²/s³, same on every axis */
};

struct mc_out {
    double nees, nis;          /* averages over runs and steps */
    int nees_out, nis_out;     /* steps whose run average is outside the interval */
    double nees_lo, nees_hi, nis_lo, nis_hi;
    int nz, fails;
    double rmin, rmax;         /* polar: true range from the radar, m */
};

#define RUNS 200
#define STEPS 50
#define T_S 1.0

static const double SENSOR[3] = {300.0, -200.0, 15.0};
static const double SIG_XYZ = 10.0;
static const double SIG_POLAR[4] = {5.0, 0.3 * VG_DEG, 0.3 * VG_DEG, 0.5};

/* Truth step: x ← F x + w with w ~ N(0, q Q(T)) per axis, drawn through the 2×2 Cholesky
 * factor of [[T³/3, T²/2], [T²/2, T]]. */
static void truth_step(struct vg_rng *r, double x[NX], double q)
{
    double l11 = sqrt(T_S * T_S * T_S / 3.0), l21 = T_S * T_S / 2.0 / l11;
    double l22 = sqrt(T_S - l21 * l21);
    for (int i = 0; i < 3; i++) {
        double n1 = vg_rng_normal(r), n2 = vg_rng_normal(r);
        x[i] += T_S * x[i + 3] + sqrt(q) * l11 * n1;
        x[i + 3] += sqrt(q) * (l21 * n1 + l22 * n2);
    }
}

/* The measurement of the true state, written out here rather than taken from measure.c. */
static void measure(struct vg_rng *r, int meas, const double x[NX], struct vg_detection *det)
{
    memset(det, 0, sizeof *det);
    if (meas == MEAS_XYZ) {
        det->kind = VG_DET_XYZ;
        det->nz = 3;
        for (int i = 0; i < 3; i++) {
            det->z[i] = x[i] + SIG_XYZ * vg_rng_normal(r);
            det->R[i * 3 + i] = SIG_XYZ * SIG_XYZ;
        }
        return;
    }
    double d[3] = {x[0] - SENSOR[0], x[1] - SENSOR[1], x[2] - SENSOR[2]};
    double rho = hypot(d[0], d[1]), rng = sqrt(rho * rho + d[2] * d[2]);
    double h[4] = {rng, atan2(d[0], d[1]), atan2(d[2], rho),
                   (d[0] * x[3] + d[1] * x[4] + d[2] * x[5]) / rng};
    det->kind = VG_DET_POLAR;
    det->flags = VG_DET_HAS_EL | (meas == MEAS_POLAR_RR ? VG_DET_HAS_RR : 0);
    det->nz = meas == MEAS_POLAR_RR ? 4 : 3;
    int nz = det->nz;
    for (int i = 0; i < nz; i++) {
        det->z[i] = h[i] + SIG_POLAR[i] * vg_rng_normal(r);
        det->R[i * nz + i] = SIG_POLAR[i] * SIG_POLAR[i];
    }
    det->z[1] = vg_wrap_2pi(det->z[1]);
}

static void initial_truth(struct vg_rng *r, int meas, double x[NX])
{
    if (meas == MEAS_XYZ) {
        for (int i = 0; i < 3; i++) {
            x[i] = vg_rng_range(r, -1000, 1000);
            x[i + 3] = vg_rng_range(r, -20, 20);
        }
        return;
    }
    /* 2–3.5 km from the radar at ≤ 20 m/s: after 50 s still within about 1–5 km. */
    double range = vg_rng_range(r, 2000, 3500), az = vg_rng_range(r, 0, 2 * VG_PI);
    double hdg = vg_rng_range(r, 0, 2 * VG_PI), speed = vg_rng_range(r, 5, 20);
    x[0] = SENSOR[0] + range * sin(az);
    x[1] = SENSOR[1] + range * cos(az);
    x[2] = SENSOR[2] + vg_rng_range(r, 100, 400);
    x[3] = speed * sin(hdg);
    x[4] = speed * cos(hdg);
    x[5] = vg_rng_range(r, -2, 2);
}

static double nees_of(const double *xt, const double *x, const double *P)
{
    double L[NX * NX], e[NX];
    for (int i = 0; i < NX; i++)
        e[i] = xt[i] - x[i];
    if (vg_mat_chol(L, P, NX))
        return INFINITY;
    return vg_mat_chol_mahal2(L, e, NX);
}

static struct mc_out monte_carlo(const struct mc *c, uint64_t seed)
{
    struct vg_rng r;
    vg_rng_seed(&r, seed);
    static double nees_sum[STEPS], nis_sum[STEPS];
    memset(nees_sum, 0, sizeof nees_sum);
    memset(nis_sum, 0, sizeof nis_sum);
    struct mc_out o;
    memset(&o, 0, sizeof o);
    o.nz = c->meas == MEAS_XYZ ? 3 : c->meas == MEAS_POLAR ? 3 : 4;
    o.rmin = INFINITY;
    /* Initial sigmas: the filter starts consistent, x̂₀ ~ N(x₀, P₀). */
    const double s0[NX] = {15, 15, 15, 3, 3, 1};
    for (int run = 0; run < RUNS; run++) {
        double xt[NX], x[NX], P[NX * NX] = {0};
        initial_truth(&r, c->meas, xt);
        for (int i = 0; i < NX; i++) {
            P[i * NX + i] = s0[i] * s0[i];
            x[i] = xt[i] + s0[i] * vg_rng_normal(&r);
        }
        for (int k = 0; k < STEPS; k++) {
            double xp[NX], Pp[NX * NX], d2;
            truth_step(&r, xt, c->q_true);
            vg__cv_predict(x, P, T_S, c->q_filt, c->q_filt, xp, Pp);
            struct vg_detection det;
            measure(&r, c->meas, xt, &det);
            double rt = sqrt(pow(xt[0] - SENSOR[0], 2) + pow(xt[1] - SENSOR[1], 2) +
                             pow(xt[2] - SENSOR[2], 2));
            o.rmin = fmin(o.rmin, rt);
            o.rmax = fmax(o.rmax, rt);
            if (vg__kf_distance(&det, SENSOR, xp, Pp, &d2, NULL) ||
                vg__kf_update(&det, SENSOR, xp, Pp)) {
                o.fails++;
                continue;
            }
            memcpy(x, xp, sizeof x);
            memcpy(P, Pp, sizeof P);
            nis_sum[k] += d2;
            nees_sum[k] += nees_of(xt, x, P);
        }
    }
    o.nees_lo = vg_chi2_quantile(0.025, NX * RUNS) / RUNS;
    o.nees_hi = vg_chi2_quantile(0.975, NX * RUNS) / RUNS;
    o.nis_lo = vg_chi2_quantile(0.025, o.nz * RUNS) / RUNS;
    o.nis_hi = vg_chi2_quantile(0.975, o.nz * RUNS) / RUNS;
    for (int k = 0; k < STEPS; k++) {
        double a = nees_sum[k] / RUNS, b = nis_sum[k] / RUNS;
        o.nees += a / STEPS;
        o.nis += b / STEPS;
        o.nees_out += a < o.nees_lo || a > o.nees_hi;
        o.nis_out += b < o.nis_lo || b > o.nis_hi;
    }
    fprintf(stderr,
            "  %-34s NEES %.3f in [%.3f, %.3f], %2d/%d steps outside; "
            "NIS %.3f in [%.3f, %.3f], %2d/%d outside\n",
            c->name, o.nees, o.nees_lo, o.nees_hi, o.nees_out, STEPS, o.nis, o.nis_lo, o.nis_hi,
            o.nis_out, STEPS);
    if (c->meas != MEAS_XYZ)
        fprintf(stderr, "  %-34s true range %.0f to %.0f m\n", "", o.rmin, o.rmax);
    return o;
}

static const struct mc consistent[] = {
    {"KF, xyz, sigma 10 m, q 1", MEAS_XYZ, 1.0, 1.0},
    {"EKF, polar r/az/el, q 0.5", MEAS_POLAR, 0.5, 0.5},
    {"EKF, polar r/az/el/rr, q 0.5", MEAS_POLAR_RR, 0.5, 0.5},
};

static void case_nees_nis_consistent(void)
{
    for (size_t c = 0; c < sizeof consistent / sizeof consistent[0]; c++) {
        struct mc_out o = monte_carlo(&consistent[c], 5400 + c);
        CHECK_INT(o.fails, 0);
        CHECK(o.nees >= o.nees_lo && o.nees <= o.nees_hi);
        CHECK(o.nis >= o.nis_lo && o.nis <= o.nis_hi);
        CHECK(o.nees_out <= STEPS * 15 / 100);
        CHECK(o.nis_out <= STEPS * 15 / 100);
        if (consistent[c].meas != MEAS_XYZ) /* the geometry the header promises */
            CHECK(o.rmin > 1000 && o.rmax < 5000);
    }
}

/* The same test must reject a mis-tuned filter, else it proves nothing. */
static const struct {
    struct mc mc;
    int too_small; /* 1: q too small, NEES above the interval; 0: too large, below */
} mistuned[] = {
    {{"KF, xyz, q 10x too small", MEAS_XYZ, 1.0, 0.1}, 1},
    {{"EKF, polar r/az/el/rr, q 10x too small", MEAS_POLAR_RR, 0.5, 0.05}, 1},
    {{"KF, xyz, q 10x too large", MEAS_XYZ, 1.0, 10.0}, 0},
};

static void case_nees_rejects_mistuned_q(void)
{
    for (size_t c = 0; c < sizeof mistuned / sizeof mistuned[0]; c++) {
        struct mc_out o = monte_carlo(&mistuned[c].mc, 5400 + c);
        if (mistuned[c].too_small)
            CHECK(o.nees > o.nees_hi);
        else
            CHECK(o.nees < o.nees_lo);
        CHECK(o.nees_out > STEPS / 2);
    }
}

int main(void)
{
    RUN(case_textbook_update);
    RUN(case_errors_leave_state_unchanged);
    RUN(case_nees_nis_consistent);
    RUN(case_nees_rejects_mistuned_q);
    return test_report();
}
