/* SPDX-License-Identifier: MIT */
/* test_approach_sigma.c — the entry time's first-order σ: by hand, and by Monte Carlo.
 *
 * By hand: σ² = nᵀ P_pos(τ) n / (nᵀv)² for a wall, the ceiling and an oblique crossing, with
 * and without white-noise acceleration; the entry probability's Gaussian at known points.
 * Monte Carlo: 20,000 states drawn from N(x, P), each one's exact entry time from
 * vg_approach_entry, their spread against the first-order σ (within 10 %), their mean
 * against the second-order mean τ + nᵀ Ppv(τ) n / (nᵀv)² (within 0.05σ) and the fraction in
 * by T against vg_approach_entry_prob (within 0.03, at T = τ − σ, τ, τ + σ): an FPV 2 km
 * out at 45 m/s with a radar track's P (σ 10 m, 3 m/s per axis, position–velocity
 * correlation 0.5), the same at 30° to the wall, a dive through the ceiling; and white-noise
 * acceleration (no P) with paths integrated by the exact increments of the integrated Wiener
 * process. */
#include "test.h"

#include "assess/approach.h"
#include "assess/zone.h"
#include "base/mat.h"
#include "base/rng.h"

#define INF INFINITY

static double square_pts[] = {0, 0, 100, 0, 100, 100, 0, 100};

static struct vg_zone mkzone(double *pts, size_t n, double floor_m, double ceiling_m)
{
    struct vg_zone z;
    memset(&z, 0, sizeof z);
    z.pts = pts;
    z.npts = n;
    z.floor_m = floor_m;
    z.ceiling_m = ceiling_m;
    return z;
}

/* σ by hand for the head-on case: n = (−1, 0, 0) or (1, 0, 0), w = 10 m/s, τ = 10 s,
 * σ² = (Ppp + 2τ Ppv + τ² Pvv + q τ³/3) / w². */
static void case_sigma_known(void)
{
    struct vg_zone sq = mkzone(square_pts, 4, 0, 50);
    const double x[6] = {-100, 50, 10, 10, 0, 0};
    double P[36] = {0};
    P[0] = 100, P[3] = P[18] = 15, P[21] = 9, P[7] = 1e6, P[28] = 1e6; /* north: ignored */
    struct vg_zone_entry e;
    CHECK_INT(vg_approach_entry(&sq, x, P, NULL, &e), 0);
    CHECK_NEAR(e.sigma_s, sqrt(100 + 2 * 10 * 15 + 100 * 9) / 10, 1e-12);
    struct vg_approach_config cfg;
    vg_approach_config_default(&cfg);
    cfg.q_h = 2.0;
    cfg.q_v = 50.0; /* vertical noise must not reach a wall crossing */
    CHECK_INT(vg_approach_entry(&sq, x, NULL, &cfg, &e), 0);
    CHECK_NEAR(e.sigma_s, sqrt(2.0 * 1000 / 3) / 10, 1e-12);
    /* Ceiling: n = (0, 0, 1), w = 10, only the vertical terms count. */
    const double xc[6] = {50, 50, 150, 3, 0, -10};
    CHECK_INT(vg_approach_entry(&sq, xc, P, &cfg, &e), 0);
    CHECK_NEAR(e.sigma_s, sqrt(50.0 * 1000 / 3) / 10, 1e-12);
    /* Oblique, 45° into the west wall at (0, 30): only the speed across it counts, w = ve. */
    const double xo[6] = {-100, -70, 10, 10, 10, 0};
    double Pi[36] = {[0] = 4, [7] = 4, [14] = 4};
    CHECK_INT(vg_approach_entry(&sq, xo, Pi, NULL, &e), 0);
    CHECK_INT(e.edge, 3);
    CHECK_NEAR(e.sigma_s, 2.0 / 10.0, 1e-12);
}

static void case_prob(void)
{
    struct vg_zone_entry e = {.t_s = 20, .sigma_s = 4, .face = VG_ENTRY_WALL, .edge = 0};
    CHECK_NEAR(vg_approach_entry_prob(&e, 20), 0.5, 1e-15);
    CHECK_NEAR(vg_approach_entry_prob(&e, 24), 0.841344746068543, 1e-12);
    CHECK_NEAR(vg_approach_entry_prob(&e, 12), 0.022750131948179, 1e-12);
    e.sigma_s = 0;
    CHECK(vg_approach_entry_prob(&e, 19.999) == 0.0 && vg_approach_entry_prob(&e, 20) == 1.0);
    e.sigma_s = INF; /* grazing: a coin toss */
    CHECK(vg_approach_entry_prob(&e, 0) == 0.5 && vg_approach_entry_prob(&e, 1e6) == 0.5);
    e.face = VG_ENTRY_INSIDE;
    CHECK(vg_approach_entry_prob(&e, 0) == 1.0);
    e.face = VG_ENTRY_NONE;
    e.t_s = INF;
    CHECK(vg_approach_entry_prob(&e, 1e9) == 0.0);
    CHECK(isnan(vg_approach_entry_prob(&e, NAN)) && isnan(vg_approach_entry_prob(NULL, 1)));
}

/* ---- Monte Carlo of the entry time's σ ---- */

struct mc_case {
    const char *name;
    double zone[8]; /* a rectangle, counter-clockwise */
    double floor_m, ceiling_m;
    double x[6];
    double sp, sv, rho; /* per-axis σ of position, velocity, and their correlation */
    int axis;           /* the face's normal: 0 east (the west wall), 2 up (the ceiling) */
};

static const struct mc_case mc_cases[] = {
    /* FPV 2 km out at 45 m/s heading for a 2 km-wide site; 400 m up so that the vertical
     * spread (3 m/s × 44 s) does not take samples under the floor. */
    {"FPV 2 km out, head-on", {0, -1000, 1000, -1000, 1000, 1000, 0, 1000}, 0, 1500,
     {-2000, 0, 400, 45, 0, 0}, 10, 3, 0.5, 0},
    {"FPV 2 km out, 30° oblique", {0, -2000, 1000, -2000, 1000, 2000, 0, 2000}, 0, 1500,
     {-2000, -1154.7, 400, 38.971, 22.5, 0}, 10, 3, 0.5, 0},
    {"FPV diving through the ceiling", {-2000, -2000, 2000, -2000, 2000, 2000, -2000, 2000},
     0, 100, {-500, 0, 1000, 20, 0, -30}, 10, 3, 0.5, 2},
};

static void case_sigma_monte_carlo(void)
{
    struct vg_rng r;
    vg_rng_seed(&r, 42);
    enum { NS = 20000 };
    static double taus[NS];
    for (size_t c = 0; c < sizeof mc_cases / sizeof mc_cases[0]; c++) {
        const struct mc_case *m = &mc_cases[c];
        test_current = m->name;
        double pts[8];
        memcpy(pts, m->zone, sizeof pts);
        struct vg_zone z = mkzone(pts, 4, m->floor_m, m->ceiling_m);
        double P[36] = {0}, L[36];
        for (int i = 0; i < 3; i++) {
            P[i * 6 + i] = m->sp * m->sp;
            P[(i + 3) * 6 + i + 3] = m->sv * m->sv;
            P[i * 6 + i + 3] = P[(i + 3) * 6 + i] = m->rho * m->sp * m->sv;
        }
        CHECK_INT(vg_mat_chol(L, P, 6), 0);
        struct vg_zone_entry e;
        CHECK_INT(vg_approach_entry(&z, m->x, P, NULL, &e), 0);
        CHECK(e.t_s > 0 && e.t_s < INF);
        int nhit = 0;
        double sum = 0;
        for (int s = 0; s < NS; s++) {
            double g[6], xs[6];
            for (int i = 0; i < 6; i++)
                g[i] = vg_rng_normal(&r);
            for (int i = 0; i < 6; i++) {
                xs[i] = m->x[i];
                for (int j = 0; j <= i; j++)
                    xs[i] += L[i * 6 + j] * g[j];
            }
            struct vg_zone_entry es;
            CHECK_INT(vg_approach_entry(&z, xs, NULL, NULL, &es), 0);
            if (es.t_s < INF) {
                taus[nhit++] = es.t_s;
                sum += es.t_s;
            }
        }
        double mean = sum / nhit, var = 0;
        for (int s = 0; s < nhit; s++)
            var += (taus[s] - mean) * (taus[s] - mean);
        double sd = sqrt(var / (nhit - 1));
        fprintf(stderr, "  %s: tau %.3f s, sigma %.3f s; MC (%d/%d enter) mean %.3f, sd %.3f\n",
                m->name, e.t_s, e.sigma_s, nhit, NS, mean, sd);
        CHECK(nhit >= NS * 99 / 100);
        CHECK_NEAR(sd / e.sigma_s, 1.0, 0.10);
        /* The mean is later than the mean path's time by the second-order term
         * nᵀ Ppv(τ) n / (nᵀv)², Ppv(τ) = Ppv + τ Pvv (approach.c); 0.05σ is 7 MC standard
         * errors, and less than the bias itself in the last case below. */
        double w = m->x[3 + m->axis];
        double bias = (m->rho * m->sp * m->sv + e.t_s * m->sv * m->sv) / (w * w);
        CHECK_NEAR(mean, e.t_s + bias, 0.05 * e.sigma_s);
        for (int k = -1; k <= 1; k++) {
            double T = e.t_s + k * e.sigma_s;
            int within = 0;
            for (int s = 0; s < nhit; s++)
                within += taus[s] <= T;
            CHECK_NEAR(vg_approach_entry_prob(&e, T), (double)within / NS, 0.03);
        }
    }
}

/* White-noise acceleration, no state covariance: paths integrated with the exact increments
 * of the integrated Wiener process, per axis N(0, q [[dt³/3, dt²/2], [dt²/2, dt]]). */
static void case_sigma_process_noise(void)
{
    struct vg_rng r;
    vg_rng_seed(&r, 99);
    struct vg_zone z = mkzone((double[8]){0, -1000, 1000, -1000, 1000, 1000, 0, 1000}, 4, 0,
                              1500);
    const double x[6] = {-2000, 0, 400, 45, 0, 0}, q = 1.0, dt = 0.05;
    struct vg_approach_config cfg;
    vg_approach_config_default(&cfg);
    cfg.q_h = q;
    struct vg_zone_entry e;
    CHECK_INT(vg_approach_entry(&z, x, NULL, &cfg, &e), 0);
    double a = sqrt(q * dt * dt * dt / 3), b = q * dt * dt / 2 / a; /* Cholesky of Q(dt) */
    double c = sqrt(q * dt - b * b), sum = 0, sum2 = 0;
    const int ns = 4000;
    for (int s = 0; s < ns; s++) {
        double p = x[0], v = x[3], t = 0;
        while (p < 0 && t < 200) {
            double g1 = vg_rng_normal(&r), g2 = vg_rng_normal(&r);
            double pn = p + v * dt + a * g1;
            double vn = v + b * g1 + c * g2;
            if (pn >= 0) { /* crossed in this step: linear interpolation */
                t += dt * (0 - p) / (pn - p);
                p = pn;
                break;
            }
            p = pn, v = vn, t += dt;
        }
        sum += t;
        sum2 += t * t;
    }
    double mean = sum / ns, sd = sqrt((sum2 - ns * mean * mean) / (ns - 1));
    fprintf(stderr, "  q = 1: tau %.3f s, sigma %.3f s; MC mean %.3f, sd %.3f\n", e.t_s,
            e.sigma_s, mean, sd);
    CHECK_NEAR(e.sigma_s, sqrt(q * pow(2000.0 / 45, 3) / 3) / 45, 1e-9);
    CHECK_NEAR(sd / e.sigma_s, 1.0, 0.10);
    /* Second-order bias from Q's position–velocity term q τ²/2: here 0.13σ. */
    CHECK_NEAR(mean, e.t_s + q * e.t_s * e.t_s / 2 / (45.0 * 45.0), 0.05 * e.sigma_s);
}

int main(void)
{
    RUN(case_sigma_known);
    RUN(case_prob);
    RUN(case_sigma_monte_carlo);
    RUN(case_sigma_process_noise);
    return test_report();
}
