/* SPDX-License-Identifier: MIT */
/* test_rcs_floor.c — RCS evidence conditioned on detection (identify/rcs_floor.c and the
 * truncated RCS model of likelihood.c).
 *
 * The simulator's radar (sim/radar.c) reports each detected look's RCS from its echo power;
 * near the edge of its cover only the looks that happened to be strong cross the threshold,
 * so a gull's detected looks read like a drone's. The cases: the threshold estimated from
 * the plots' SNRs and the floor formula; each class's truncated model is a density on
 * [floor, ∞) (integrates to 1); and on the radar's own looks, the mean evidence per look
 * points the right way for a gull and a drone near and far — and points the wrong way for
 * the far gull without the correction, so the test can tell the two apart. */
#include "test.h"

#include <string.h>

#include "base/rng.h"
#include "identify/internal.h"
#include "identify/rcs_floor.h"
#include "sim/radar.h"

/* The exercises' drone radar: Pd 0.9 for −15 dBsm at 3 km, Pfa 1e−6. */
static void radar(struct vg_sim_radar *r)
{
    memset(r, 0, sizeof *r);
    r->period_s = 1.0;
    r->range_min_m = 30.0;
    r->range_max_m = 8000.0;
    r->el_min_deg = -5.0;
    r->el_max_deg = 60.0;
    r->pd_ref = 0.9;
    r->pd_range_m = 3000.0;
    r->pd_rcs_dbsm = -15.0;
    r->pfa = 1e-6;
    r->sigma_range_m = 5.0;
    r->sigma_az_deg = 0.5;
    r->sigma_el_deg = 0.5;
    r->sigma_rr_mps = 0.3;
    r->report_rcs = 1;
    r->clutter_rr_max_mps = 60.0;
}

static void threshold_and_floor(void)
{
    struct vg_sim_radar r;
    radar(&r);
    struct vg_rng rng;
    vg_rng_seed(&rng, 5);
    struct vg_rcs_floor f;
    vg_rcs_floor_init(&f);
    struct vg_detection det;
    /* Too few plots: no floor yet. */
    vg_radar_clutter(&r, &rng, &det);
    det.sensor = 3;
    CHECK(vg_rcs_floor_observe(&f, &det) == 0);
    CHECK(isnan(vg_rcs_floor_dbsm(&f, &det)));
    double t_db = 10.0 * log10(-log(r.pfa)); /* the simulator's threshold: P > −ln Pfa */
    for (int i = 0; i < 400; i++) {
        vg_radar_clutter(&r, &rng, &det);
        det.sensor = 3;
        CHECK(vg_rcs_floor_observe(&f, &det) == 0);
    }
    fprintf(stderr, "  threshold %.3f dB, lowest SNR of 401 noise plots %.3f dB\n", t_db,
            f.s[3].snr_min_db);
    CHECK(f.s[3].snr_min_db >= t_db - 1e-4 && f.s[3].snr_min_db < t_db + 0.05);
    /* A strong plot's floor: σ̂·(T − 1)/(P − 1). */
    det.snr_db = 30.0f;
    det.rcs_dbsm = -10.0f;
    double T = pow(10.0, f.s[3].snr_min_db / 10.0);
    CHECK_NEAR(vg_rcs_floor_dbsm(&f, &det), -10.0 + 10.0 * log10((T - 1.0) / 999.0), 1e-4);
    /* Another sensor has seen nothing; a plot without SNR or RCS has no floor. */
    det.sensor = 1;
    CHECK(isnan(vg_rcs_floor_dbsm(&f, &det)));
    det.sensor = 3;
    det.flags &= (uint16_t)~VG_DET_HAS_SNR;
    CHECK(isnan(vg_rcs_floor_dbsm(&f, &det)));
    /* An absurd sensor index is not followed, and costs nothing. */
    det.flags |= VG_DET_HAS_SNR;
    det.sensor = 1u << 30;
    CHECK(vg_rcs_floor_observe(&f, &det) == 0);
    CHECK(isnan(vg_rcs_floor_dbsm(&f, &det)));
    vg_rcs_floor_fini(&f);
}

/* ∫ p(x | c, x > x₀) dx over [x₀, x₀ + 120 dB] by the trapezoid rule: 1 for every class. */
static void truncated_is_a_density(void)
{
    const double floors[] = {-40.0, -25.0, -17.8, -5.0, 20.0};
    for (size_t k = 0; k < sizeof floors / sizeof floors[0]; k++) {
        double x0 = floors[k], sum[VG_CLASS_NHYP] = {0}, ll[VG_CLASS_NHYP];
        const double dx = 0.01;
        for (double x = x0; x <= x0 + 120.0; x += dx) {
            vg__lik_rcs(x, x0, ll);
            double w = x == x0 ? 0.5 : 1.0;
            for (int h = 0; h < VG_CLASS_NHYP; h++)
                sum[h] += w * exp(ll[h]) * dx;
        }
        for (int h = 0; h < VG_CLASS_NHYP; h++) {
            if (fabs(sum[h] - 1.0) > 0.01)
                fprintf(stderr, "  floor %.1f class %d: integral %.4f\n", x0, h, sum[h]);
            CHECK_NEAR(sum[h], 1.0, 0.01);
        }
    }
    /* No floor, or one above the look (inconsistent): the untruncated model. */
    double a[VG_CLASS_NHYP], b[VG_CLASS_NHYP];
    vg__lik_rcs(-20.0, NAN, a);
    vg__lik_rcs(-20.0, -19.0, b);
    for (int h = 0; h < VG_CLASS_NHYP; h++)
        CHECK_NEAR(a[h], b[h], 1e-12);
}

/* Mean drone-vs-bird log-likelihood ratio per detected look of a target of rcs at range. */
static double mean_llr(const struct vg_sim_radar *r, const struct vg_rcs_floor *f, double rcs,
                       double range, int use_floor, size_t *nlooks)
{
    struct vg_rng rng;
    vg_rng_seed(&rng, 11);
    const double rel[3] = {range * 0.6, range * 0.8, 0.0}, vel[3] = {0, 0, 0};
    double sum = 0.0;
    size_t n = 0;
    for (int i = 0; i < 200000 && n < 4000; i++) {
        struct vg_detection det;
        if (!vg_radar_observe(r, &rng, rel, vel, rcs, &det))
            continue;
        det.sensor = 0;
        double ll[VG_CLASS_NHYP];
        vg__lik_rcs(det.rcs_dbsm, use_floor ? vg_rcs_floor_dbsm(f, &det) : NAN, ll);
        sum += ll[VG_CLASS_DRONE] - ll[VG_CLASS_BIRD];
        n++;
    }
    *nlooks = n;
    return n ? sum / (double)n : NAN;
}

static void evidence_points_the_right_way(void)
{
    struct vg_sim_radar r;
    radar(&r);
    struct vg_rng rng;
    vg_rng_seed(&rng, 9);
    struct vg_rcs_floor f;
    vg_rcs_floor_init(&f);
    for (int i = 0; i < 200; i++) { /* a few scans of noise plots set the threshold */
        struct vg_detection det;
        vg_radar_clutter(&r, &rng, &det);
        det.sensor = 0;
        CHECK(vg_rcs_floor_observe(&f, &det) == 0);
    }
    static const struct {
        const char *what;
        double rcs, range;
        int drone;
    } cases[] = {
        {"gull, 1.5 km", -25.0, 1500.0, 0},
        {"gull, 4.5 km", -25.0, 4500.0, 0},
        {"drone, 1.5 km", -15.0, 1500.0, 1},
        {"drone, 4.5 km", -15.0, 4500.0, 1},
        {"drone, 6.5 km", -15.0, 6500.0, 1},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        size_t n0, n1;
        double raw = mean_llr(&r, &f, cases[k].rcs, cases[k].range, 0, &n0);
        double fixed = mean_llr(&r, &f, cases[k].rcs, cases[k].range, 1, &n1);
        fprintf(stderr, "  %-14s %4zu looks: drone:bird per look %+.3f nats uncorrected, "
                        "%+.3f conditioned on detection\n",
                cases[k].what, n1, raw, fixed);
        CHECK(n1 >= 200);
        if (cases[k].drone) /* near the floor a look says little, but never "bird" */
            CHECK(fixed > 0.0);
        else
            CHECK(fixed < -0.1);
    }
    /* The bias the correction removes: uncorrected, the far gull reads as a drone. */
    size_t n;
    CHECK(mean_llr(&r, &f, -25.0, 4500.0, 0, &n) > 0.3);
    vg_rcs_floor_fini(&f);
}

int main(void)
{
    RUN(threshold_and_floor);
    RUN(truncated_is_a_density);
    RUN(evidence_points_the_right_way);
    return test_report();
}
