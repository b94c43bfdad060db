/* SPDX-License-Identifier: MIT */
/* test_sim_radar_features.c — three radar options of the simulator (docs/scenario.md):
 *   - sectors: a rotating radar closes each scan in n sector markers, marker k at
 *     ts + (k+1)·P/n with sector [k, k+1)·360/n degrees, the last at the scan's end; each plot
 *     falls in the sector of the marker that closes it; no random draw changes, so the plots
 *     are those of sectors: 1, which is the whole-scan output;
 *   - report_rcs: rcs_dbsm − true RCS at high SNR is 10·log10 of an Exp(1) variate (Swerling I,
 *     one look): mean −10γ/ln 10 = −2.507 dB, sd (10/ln 10)·π/√6 = 5.570 dB, and turning it on
 *     changes nothing else;
 *   - micro_doppler: the true class is hinted with frequency p_correct (binomial bounds), the
 *     wrong one is drone ↔ bird, nothing below min_snr_db, nothing on clutter, nothing else
 *     changed; bad values name file:line. */
#include <stdint.h>

#include "test.h"

#include "sim/sim_fixture.h"

#include "base/rng.h"
#include "sim/radar.h"

#define PI 3.14159265358979323846
#define DEG (PI / 180.0)
#define EULER_GAMMA 0.57721566490153286

/* Lines 1-20, then the rotating radar's extra keys (EXTRA), then an electronic radar, the
 * targets. EXTRA is the radar's option text; OTHER the electronic radar's. */
#define HEAD                                                                                   \
    "name: t\nseed: %d\nduration_s: %g\n"                                                      \
    "site:\n  origin: {lat: 48.6105, lon: 22.3120, h: 120}\n"                                  \
    "radars:\n  - id: r1\n    position: [0, -20, 8]\n    scan: rotating\n"                     \
    "    rate_hz: 3\n    start_s: 0.1\n    range_min_m: 30\n    range_max_m: 5000\n"           \
    "    el_min_deg: -5\n    el_max_deg: 60\n"                                                 \
    "    pd: {ref: 0.9, range_m: 3000, rcs_dbsm: -15, pfa: 1.0e-6}\n"                          \
    "    sigma: {range_m: 5, az_deg: 0.5, el_deg: 0.5, rr_mps: 0.3}\n"                         \
    "    clutter_per_scan: 3\n"
#define TAIL                                                                                   \
    "  - id: r2\n    position: [300, 200, 5]\n    scan: electronic\n    rate_hz: 2\n"          \
    "    range_max_m: 4000\n    pd: {ref: 0.8, range_m: 2500}\n"                               \
    "    sigma: {range_m: 8, az_deg: 1, el_deg: 1}\n    clutter_per_scan: 2\n    sectors: 8\n" \
    "%s"                                                                                       \
    "targets:\n"                                                                               \
    "  - type: fpv\n    id: fpv-1\n    launch: [2600, 500, 0]\n    launch_s: 2\n"              \
    "    speed_mps: 45\n    height_m: 80\n    aim: [0, 0, 0]\n    rcs_dbsm: %g\n"              \
    "    weave: {type: sine, amplitude_m: 15, period_s: 6}\n"                                  \
    "    dive: {start_m: 300, angle_deg: 30}\n"                                                \
    "  - type: fpv\n    id: fpv-2\n    launch: [-1500, 1800, 0]\n    launch_s: 5\n"            \
    "    speed_mps: 30\n    height_m: 60\n    aim: [0, 0, 0]\n"                                \
    "    dive: {start_m: 200, angle_deg: 40}\n"                                                \
    "  - type: flock\n    id: gulls\n    count: 8\n    centre: [600, 900]\n    radius_m: 80\n" \
    "    height_m: [30, 120]\n    speed_mps: [6, 14]\n    heading_deg: 250\n"

struct opts {
    int seed;
    double duration_s;
    const char *r1;      /* extra keys of the rotating radar */
    const char *r2;      /* extra keys of the electronic radar */
    double fpv_rcs;      /* fpv-1's RCS, dBsm */
};

static int make(struct vg_scenario *sc, const struct opts *o)
{
    static char text[8192];
    snprintf(text, sizeof text, HEAD "%s" TAIL, o->seed, o->duration_s, o->r1 ? o->r1 : "",
             o->r2 ? o->r2 : "", o->fpv_rcs);
    return parse(sc, text);
}

static struct opts base(void)
{
    return (struct opts){.seed = 5, .duration_s = 40, .r1 = "", .r2 = "", .fpv_rcs = -15};
}

/* Azimuth of object oi from radar r at time t, rad in [0, 2π). */
static double true_az(const struct vg_sim_output *out, const struct vg_sim_radar *r, int32_t oi,
                      double t)
{
    double pos[3], vel[3], rel[3], z[4];
    vg_sim_object_state(&out->objects[oi], t, pos, vel);
    for (int i = 0; i < 3; i++)
        rel[i] = pos[i] - r->pos[i];
    vg_radar_polar(rel, vel, z);
    return z[1];
}

static int in_sector(double az, double from, double to, double eps)
{
    double w = fmod(to - from + 4 * PI, 2 * PI), off = fmod(az - from + 4 * PI, 2 * PI);
    return off <= w + eps || off >= 2 * PI - eps;
}

/* ---- sectors ---------------------------------------------------------------------------- */

static void sector_markers(void)
{
    struct opts o = base();
    o.r1 = "    sectors: 8\n";
    struct vg_scenario sc;
    struct vg_sim_output out;
    vg_sim_output_init(&out);
    CHECK(make(&sc, &o) == 0);
    CHECK_INT(sc.radars[0].sectors, 8);
    CHECK_INT(sc.radars[1].sectors, 1); /* electronic: always whole */
    CHECK(run(&sc, &out) == 0);
    const struct vg_sim_radar *r = &sc.radars[0];
    double P = r->period_s;
    size_t m1 = 0, m2 = 0, plots = 0, bad_t = 0, bad_z = 0, bad_plot = 0;
    for (size_t i = 0; i < out.ndets; i++) {
        const struct vg_detection *d = &out.dets[i];
        if (d->kind == VG_DET_SCAN && d->sensor == 1) {
            CHECK_INT(d->nz, 0);
            m2++;
        }
        if (d->kind != VG_DET_SCAN || d->sensor != 0)
            continue;
        long k = (long)(m1 / 8);
        int j = (int)(m1 % 8);
        double ts = r->start_s + (double)k * P;
        /* The last marker is the scan's end to the bit, as a whole-scan marker; the others
         * at (j+1)/8 of the period. */
        if (j == 7)
            bad_t += d->t != r->start_s + (double)(k + 1) * P;
        else
            bad_t += fabs(d->t - (ts + (j + 1) * P / 8)) > 1e-12;
        bad_z += d->nz != 2 || fabs(d->z[0] - 2 * PI * j / 8) > 1e-12 ||
                 fabs(d->z[1] - (j == 7 ? 0.0 : 2 * PI * (j + 1) / 8)) > 1e-12;
        m1++;
    }
    long nscans = (long)floor((sc.duration_s - r->start_s) / P + 1e-9);
    CHECK_INT(m1, 8 * nscans);
    CHECK_INT(m2, (long)floor(sc.duration_s / sc.radars[1].period_s + 1e-9));
    CHECK_INT(out.nscans, m1 + m2);
    CHECK_INT(bad_t, 0);
    CHECK_INT(bad_z, 0);
    /* Each plot of r1 is closed by the first r1 marker at or after it, and that marker's
     * sector holds the plot's azimuth: the object's true one (the beam found it there), and
     * for clutter the reported one (its time comes from it). */
    for (size_t i = 0; i < out.ndets; i++) {
        const struct vg_detection *d = &out.dets[i];
        if (d->kind == VG_DET_SCAN || d->sensor != 0)
            continue;
        const struct vg_detection *mk = NULL;
        for (size_t j = i + 1; j < out.ndets && !mk; j++)
            if (out.dets[j].kind == VG_DET_SCAN && out.dets[j].sensor == 0)
                mk = &out.dets[j];
        CHECK(mk != NULL);
        if (!mk)
            break;
        double az = out.det_object[i] >= 0 ? true_az(&out, r, out.det_object[i], d->t) : d->z[1];
        plots++;
        int ok = d->t <= mk->t && d->t > mk->t - P / 8 * (1 + 1e-9) &&
                 in_sector(az, mk->z[0], mk->z[1], 1e-9);
        bad_plot += !ok;
        if (!ok && bad_plot < 5)
            fprintf(stderr, "  plot t %.6f az %.4f deg: marker t %.6f [%g, %g]\n", d->t,
                    az / DEG, mk->t, mk->z[0] / DEG, mk->z[1] / DEG);
    }
    fprintf(stderr, "  %zu r1 markers, %zu r1 plots, %zu outside their marker's sector\n", m1,
            plots, bad_plot);
    CHECK(plots > 300);
    CHECK_INT(bad_plot, 0);
    vg_sim_output_fini(&out);
    vg_scenario_fini(&sc);
}

/* The same detection, but for src_line (its line in detections.jsonl, which the added
 * markers move). */
static int same_det(const struct vg_sim_output *a, size_t i, const struct vg_sim_output *b,
                    size_t j)
{
    struct vg_detection x = a->dets[i], y = b->dets[j];
    x.src_line = y.src_line = 0;
    return memcmp(&x, &y, sizeof x) == 0 &&
           a->det_object[i] == b->det_object[j] && a->det_arrival[i] == b->det_arrival[j];
}

/* sectors: 1 is the whole-scan output (also when the key is absent), and sectors: n changes
 * only the markers: every plot, in the same order, and truth at the common times. */
static void sectors_draw_nothing(void)
{
    struct opts o = base();
    struct vg_scenario s0, s1, s8;
    struct vg_sim_output o0, o1, o8;
    vg_sim_output_init(&o0);
    vg_sim_output_init(&o1);
    vg_sim_output_init(&o8);
    CHECK(make(&s0, &o) == 0);
    o.r1 = "    sectors: 1\n";
    CHECK(make(&s1, &o) == 0);
    o.r1 = "    sectors: 8\n";
    CHECK(make(&s8, &o) == 0);
    CHECK(run(&s0, &o0) == 0 && run(&s1, &o1) == 0 && run(&s8, &o8) == 0);

    CHECK_INT(o1.ndets, o0.ndets);
    CHECK_INT(o1.ntruth, o0.ntruth);
    size_t diff = 0;
    for (size_t i = 0; i < o0.ndets && i < o1.ndets; i++)
        diff += !same_det(&o0, i, &o1, i);
    for (size_t i = 0; i < o0.ntruth && i < o1.ntruth; i++)
        diff += memcmp(&o0.truth[i], &o1.truth[i], sizeof o0.truth[i]) != 0;
    CHECK_INT(diff, 0);
    /* A whole-scan marker ends its scan at start + (k+1)·P to the bit (the times truth is
     * sampled at and a scorer matches). */
    const struct vg_sim_radar *r = &s1.radars[0];
    long k = 0;
    for (size_t i = 0; i < o1.ndets; i++)
        if (o1.dets[i].kind == VG_DET_SCAN && o1.dets[i].sensor == 0) {
            CHECK(o1.dets[i].t == r->start_s + (double)(k + 1) * r->period_s);
            CHECK_INT(o1.dets[i].nz, 0);
            k++;
        }

    /* sectors: 8 — the same plots in the same order, 7 more markers per r1 scan. */
    size_t j = 0, plots = 0, extra = 0, whole = 0;
    diff = 0;
    for (size_t i = 0; i < o8.ndets; i++) {
        const struct vg_detection *d = &o8.dets[i];
        int marker = d->kind == VG_DET_SCAN && d->sensor == 0;
        while (j < o1.ndets && o1.dets[j].kind == VG_DET_SCAN && o1.dets[j].sensor == 0 &&
               o1.dets[j].t < d->t)
            j++;
        if (marker) {
            /* The sector marker that ends a scan has the whole-scan marker's time. */
            if (j < o1.ndets && o1.dets[j].kind == VG_DET_SCAN && o1.dets[j].sensor == 0 &&
                o1.dets[j].t == d->t) {
                CHECK(fabs(d->z[1]) < 1e-15); /* ... and ends at north */
                whole++;
                j++;
            } else {
                extra++;
            }
            continue;
        }
        if (j >= o1.ndets) {
            diff++;
            continue;
        }
        plots++;
        if (!same_det(&o8, i, &o1, j) && diff++ < 3)
            fprintf(stderr, "  #%zu (t %.9f kind %d sensor %u) is not #%zu (t %.9f kind %d "
                            "sensor %u)\n", i, d->t, d->kind, d->sensor, j, o1.dets[j].t,
                    o1.dets[j].kind, o1.dets[j].sensor);
        j++;
    }
    CHECK_INT(diff, 0);
    CHECK_INT(whole, k);
    CHECK_INT(extra, 7 * k);
    CHECK_INT(plots + k, o1.ndets);
    CHECK_INT(o8.ntarget, o1.ntarget);
    CHECK_INT(o8.nclutter, o1.nclutter);
    /* Truth: sampled at every marker time, so at more times; at the whole-scan times, the
     * same. */
    size_t common = 0;
    diff = 0;
    for (size_t a = 0, b = 0; a < o1.ntruth; a++) {
        while (b < o8.ntruth && (o8.truth[b].t < o1.truth[a].t ||
                                 (o8.truth[b].t == o1.truth[a].t &&
                                  o8.truth[b].object < o1.truth[a].object)))
            b++;
        if (b < o8.ntruth && memcmp(&o8.truth[b], &o1.truth[a], sizeof o1.truth[a]) == 0)
            common++;
        else
            diff++;
    }
    CHECK_INT(diff, 0);
    CHECK_INT(common, o1.ntruth);
    CHECK(o8.ntruth > o1.ntruth);
    fprintf(stderr, "  %zu plots unchanged, %zu whole-scan markers, %zu sector markers added\n",
            plots, whole, extra);
    vg_sim_output_fini(&o0);
    vg_sim_output_fini(&o1);
    vg_sim_output_fini(&o8);
    vg_scenario_fini(&s0);
    vg_scenario_fini(&s1);
    vg_scenario_fini(&s8);
}

/* ---- RCS estimates -------------------------------------------------------------------- */

#define RCS_MEAN (-10.0 * EULER_GAMMA / log(10.0))          /* −2.507 dB */
#define RCS_SD (10.0 / log(10.0) * PI / sqrt(6.0))          /* 5.570 dB */

struct moments {
    size_t n;
    double sum, sum2, lin, below0; /* Σx, Σx², Σ10^(x/10), #(x < 0) */
};

static void add(struct moments *m, double x)
{
    m->n++;
    m->sum += x;
    m->sum2 += x * x;
    m->lin += pow(10.0, x / 10.0);
    m->below0 += x < 0.0;
}

/* Mean and sd within 4.5 standard errors: a correct model fails once in ~10⁵. ln E of an
 * Exp(1) E is Gumbel-distributed (of the minimum), excess kurtosis 12/5, so the sd's standard
 * error is sd·√((κ − 1)/4n) with κ = 5.4. */
static void check_moments(const struct moments *m, const char *what)
{
    double n = (double)m->n, mean = m->sum / n;
    double sd = sqrt((m->sum2 - n * mean * mean) / (n - 1));
    double se_mean = RCS_SD / sqrt(n), se_sd = RCS_SD * sqrt((5.4 - 1.0) / (4.0 * n));
    double p0 = 1.0 - exp(-1.0); /* P(10·log10 E < 0) = P(E < 1) */
    fprintf(stderr, "  %s: %zu plots, rcs_dbsm − true: mean %.3f dB (model %.3f ± %.3f), "
                    "sd %.3f dB (model %.3f ± %.3f), mean of the linear ratio %.4f, "
                    "below 0 dB %.4f (model %.4f)\n",
            what, m->n, mean, RCS_MEAN, se_mean, sd, RCS_SD, se_sd, m->lin / n, m->below0 / n,
            p0);
    CHECK_NEAR(mean, RCS_MEAN, 4.5 * se_mean);
    CHECK_NEAR(sd, RCS_SD, 4.5 * se_sd);
    CHECK_NEAR(m->lin / n, 1.0, 4.5 / sqrt(n)); /* Exp(1): mean 1, sd 1 */
    CHECK_NEAR(m->below0 / n, p0, 4.5 * sqrt(p0 * (1 - p0) / n));
}

/* The radar model on its own: many looks at one strong target (SNR ≈ 48 dB: the threshold
 * cuts off E < 3·10⁻⁴, which moves the mean by < 0.01 dB). */
static void rcs_model(void)
{
    struct vg_scenario sc;
    struct opts o = base();
    o.r1 = "    report_rcs: true\n";
    CHECK(make(&sc, &o) == 0);
    const struct vg_sim_radar *r = &sc.radars[0];
    CHECK_INT(r->report_rcs, 1);
    CHECK_INT(sc.radars[1].report_rcs, 0);
    struct vg_rng rng;
    vg_rng_seed(&rng, 77);
    const double rel[3] = {300, 900, 60}, vel[3] = {10, -5, 0}, rcs = 3.0;
    CHECK(10 * log10(vg_radar_snr(r, sqrt(300 * 300 + 900 * 900 + 60 * 60), rcs)) > 45);
    struct moments m = {0};
    size_t missed = 0;
    for (int i = 0; i < 40000; i++) {
        struct vg_detection det;
        if (!vg_radar_observe(r, &rng, rel, vel, rcs, &det)) {
            missed++;
            continue;
        }
        CHECK(det.flags & VG_DET_HAS_RCS);
        add(&m, det.rcs_dbsm - rcs);
    }
    CHECK(missed < 40);
    check_moments(&m, "model, one target at 950 m");
    /* Without report_rcs the same looks carry none. */
    vg_rng_seed(&rng, 77);
    struct vg_detection det;
    CHECK(vg_radar_observe(&sc.radars[1], &rng, rel, vel, rcs, &det));
    CHECK(!(det.flags & VG_DET_HAS_RCS));
    vg_scenario_fini(&sc);
}

/* Through the simulator: fpv-1's plots from the rotating radar (SNR ≥ 35 dB kept: the
 * threshold's cut is then below 0.02 dB), a few hundred of them. */
static void rcs_in_simulation(void)
{
    struct vg_scenario sc;
    struct vg_sim_output out;
    vg_sim_output_init(&out);
    struct opts o = base();
    o.r1 = "    report_rcs: true\n";
    o.fpv_rcs = 5.0;
    o.duration_s = 60;
    CHECK(make(&sc, &o) == 0);
    CHECK(run(&sc, &out) == 0);
    struct moments m = {0};
    size_t clutter = 0, flagged_r2 = 0;
    for (size_t i = 0; i < out.ndets; i++) {
        const struct vg_detection *d = &out.dets[i];
        if (d->kind == VG_DET_SCAN)
            continue;
        if (d->sensor == 1) {
            flagged_r2 += (d->flags & VG_DET_HAS_RCS) != 0;
            continue;
        }
        CHECK(d->flags & VG_DET_HAS_RCS); /* every plot of r1, clutter too */
        CHECK(d->rcs_dbsm >= -80 && d->rcs_dbsm <= 80);
        int32_t oi = out.det_object[i];
        clutter += oi < 0;
        if (oi < 0 || strcmp(out.objects[oi].id, "fpv-1") != 0)
            continue;
        /* Mean SNR at the plot's true range; keep the strong ones (a cut on the mean, not
         * on the drawn power, so the sample's distribution is not distorted). */
        double pos[3], vel[3], rel[3];
        vg_sim_object_state(&out.objects[oi], d->t, pos, vel);
        for (int k = 0; k < 3; k++)
            rel[k] = pos[k] - sc.radars[0].pos[k];
        double range = sqrt(rel[0] * rel[0] + rel[1] * rel[1] + rel[2] * rel[2]);
        if (10 * log10(vg_radar_snr(&sc.radars[0], range, out.objects[oi].rcs_dbsm)) < 35)
            continue;
        add(&m, d->rcs_dbsm - out.objects[oi].rcs_dbsm);
    }
    CHECK(m.n > 150);
    CHECK(clutter > 50);
    CHECK_INT(flagged_r2, 0);
    if (m.n > 1)
        check_moments(&m, "simulation, fpv-1");
    vg_sim_output_fini(&out);
    vg_scenario_fini(&sc);
}

/* Detections (and truth) of two runs that differ, the flags in clear_flags and, if asked,
 * rcs_dbsm or the class hint set aside. */
static size_t differences(const struct vg_sim_output *a, const struct vg_sim_output *b,
                          unsigned clear_flags, int clear_rcs, int clear_hint)
{
    size_t diff = a->ndets != b->ndets || a->ntruth != b->ntruth;
    for (size_t i = 0; i < a->ndets && i < b->ndets; i++) {
        struct vg_detection x = a->dets[i], y = b->dets[i];
        x.flags &= (uint16_t)~clear_flags;
        y.flags &= (uint16_t)~clear_flags;
        if (clear_rcs)
            x.rcs_dbsm = y.rcs_dbsm = 0;
        if (clear_hint) {
            x.class_hint = y.class_hint = 0;
            x.class_p = y.class_p = 0;
        }
        diff += memcmp(&x, &y, sizeof x) != 0 || a->det_object[i] != b->det_object[i] ||
                a->det_arrival[i] != b->det_arrival[i];
    }
    for (size_t i = 0; i < a->ntruth && i < b->ntruth; i++)
        diff += memcmp(&a->truth[i], &b->truth[i], sizeof a->truth[i]) != 0;
    return diff;
}

static void rcs_changes_nothing_else(void)
{
    struct vg_scenario s0, s1;
    struct vg_sim_output o0, o1;
    vg_sim_output_init(&o0);
    vg_sim_output_init(&o1);
    struct opts o = base();
    o.r1 = "    sectors: 4\n    micro_doppler: {p_correct: 0.9}\n";
    CHECK(make(&s0, &o) == 0);
    o.r1 = "    sectors: 4\n    micro_doppler: {p_correct: 0.9}\n    report_rcs: true\n";
    o.r2 = "    report_rcs: true\n";
    CHECK(make(&s1, &o) == 0);
    CHECK(run(&s0, &o0) == 0 && run(&s1, &o1) == 0);
    size_t with = 0;
    for (size_t i = 0; i < o1.ndets; i++)
        with += (o1.dets[i].flags & VG_DET_HAS_RCS) != 0;
    CHECK(with == o1.ntarget + o1.nclutter);
    CHECK_INT(differences(&o0, &o1, VG_DET_HAS_RCS, 1, 0), 0);
    CHECK(differences(&o0, &o1, 0, 0, 0) > 0); /* the comparison sees rcs_dbsm */
    vg_sim_output_fini(&o0);
    vg_sim_output_fini(&o1);
    vg_scenario_fini(&s0);
    vg_scenario_fini(&s1);
}

/* ---- micro-Doppler hints ---------------------------------------------------------------- */

static void micro_doppler_hints(void)
{
    static const double pc[] = {0.8, 1.0, 0.35};
    for (int c = 0; c < 3; c++) {
        struct vg_scenario sc;
        struct vg_sim_output out;
        vg_sim_output_init(&out);
        struct opts o = base();
        char r1[128];
        snprintf(r1, sizeof r1, "    micro_doppler: {p_correct: %g, min_snr_db: 20}\n", pc[c]);
        o.r1 = r1;
        o.seed = 11 + c;
        CHECK(make(&sc, &o) == 0);
        CHECK_NEAR(sc.radars[0].md_p_correct, pc[c], 0);
        CHECK_NEAR(sc.radars[0].md_min_snr_db, 20, 0);
        CHECK_NEAR(sc.radars[1].md_p_correct, 0, 0);
        CHECK(run(&sc, &out) == 0);
        size_t n = 0, right = 0, swapped = 0, other = 0, weak = 0, weak_hinted = 0;
        size_t clutter = 0, clutter_hinted = 0, r2_hinted = 0, bad_p = 0, drone = 0, bird = 0;
        for (size_t i = 0; i < out.ndets; i++) {
            const struct vg_detection *d = &out.dets[i];
            int hinted = (d->flags & VG_DET_HAS_HINT) != 0;
            if (d->kind == VG_DET_SCAN)
                continue;
            if (d->sensor == 1) {
                r2_hinted += hinted;
                continue;
            }
            int32_t oi = out.det_object[i];
            if (oi < 0) {
                clutter++;
                clutter_hinted += hinted;
                continue;
            }
            if (d->snr_db < 20) {
                weak++;
                weak_hinted += hinted;
                continue;
            }
            CHECK(hinted);
            if (!hinted)
                continue;
            int cls = out.objects[oi].cls;
            n++;
            drone += cls == VG_CLASS_DRONE;
            bird += cls == VG_CLASS_BIRD;
            bad_p += d->class_p != (float)pc[c];
            if (d->class_hint == cls)
                right++;
            else if ((cls == VG_CLASS_DRONE && d->class_hint == VG_CLASS_BIRD) ||
                     (cls == VG_CLASS_BIRD && d->class_hint == VG_CLASS_DRONE))
                swapped++;
            else
                other++;
        }
        double f = (double)right / (double)n, se = sqrt(pc[c] * (1 - pc[c]) / (double)n);
        fprintf(stderr, "  p_correct %.2f: %zu hinted plots (%zu drone, %zu bird), right %.4f "
                        "(± %.4f), %zu swapped drone/bird, %zu weak plots unhinted, %zu clutter\n",
                pc[c], n, drone, bird, f, se, swapped, weak, clutter);
        CHECK(n > 300 && drone > 100 && bird > 100 && weak > 50 && clutter > 50);
        CHECK(fabs(f - pc[c]) <= 4.5 * se + 1e-12); /* binomial, ~10⁻⁵ false alarm */
        CHECK_INT(right + swapped, n);              /* drones and birds only here */
        CHECK_INT(other, 0);
        CHECK_INT(weak_hinted, 0);
        CHECK_INT(clutter_hinted, 0);
        CHECK_INT(r2_hinted, 0);
        CHECK_INT(bad_p, 0);
        vg_sim_output_fini(&out);
        vg_scenario_fini(&sc);
    }
}

/* Hints draw from their own stream: every plot as without them. */
static void micro_doppler_changes_nothing_else(void)
{
    struct vg_scenario s0, s1;
    struct vg_sim_output o0, o1;
    vg_sim_output_init(&o0);
    vg_sim_output_init(&o1);
    struct opts o = base();
    CHECK(make(&s0, &o) == 0);
    o.r1 = "    micro_doppler: {p_correct: 0.7, min_snr_db: 10}\n";
    o.r2 = "    micro_doppler: {p_correct: 0.6}\n";
    CHECK(make(&s1, &o) == 0);
    CHECK(run(&s0, &o0) == 0 && run(&s1, &o1) == 0);
    CHECK_INT(differences(&o0, &o1, VG_DET_HAS_HINT, 0, 1), 0);
    CHECK(differences(&o0, &o1, 0, 0, 0) > 0);
    vg_sim_output_fini(&o0);
    vg_sim_output_fini(&o1);
    vg_scenario_fini(&s0);
    vg_scenario_fini(&s1);
}

/* ---- scenario errors -------------------------------------------------------------------- */

static void yaml_errors(void)
{
    static const struct {
        const char *keys; /* r1's extra keys */
        int dline;        /* line of the fault, relative to the keys' first */
        const char *msg;
    } cases[] = {
        {"    micro_doppler: {p_correct: 0}\n", 0, "p_correct"},
        {"    micro_doppler: {p_correct: 1.5}\n", 0, "p_correct"},
        {"    micro_doppler: {p_correct: -0.2}\n", 0, "p_correct"},
        {"    micro_doppler: {p_correct: .nan}\n", 0, "p_correct"},
        {"    micro_doppler:\n      min_snr_db: 10\n", 1, "missing 'micro_doppler.p_correct'"},
        {"    micro_doppler:\n      p_correct: 2\n", 1, "p_correct"},
        {"    micro_doppler: {p_correct: 0.9, min_snr_db: 500}\n", 0, "min_snr_db"},
        {"    micro_doppler: 0.9\n", 0, "micro_doppler"},
        {"    sectors: 0\n", 0, "sectors"},
        {"    sectors: 257\n", 0, "sectors"},
        {"    sectors: 2.5\n", 0, "sectors"},
        {"    report_rcs: maybe\n", 0, "report_rcs"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct opts o = base();
        o.r1 = cases[i].keys;
        char text[8192];
        snprintf(text, sizeof text, HEAD "%s" TAIL, o.seed, o.duration_s, o.r1, "", o.fpv_rcs);
        int line = 1;
        for (const char *p = text; *p && p < strstr(text, cases[i].keys); p++)
            line += *p == '\n';
        struct vg_scenario sc;
        struct vg_diag d;
        memset(&d, 0, sizeof d);
        vg_scenario_init(&sc);
        int rc = vg_scenario_parse(&sc, "t.yaml", text, strlen(text), &d);
        char prefix[32];
        snprintf(prefix, sizeof prefix, "t.yaml:%d: ", line + cases[i].dline);
        int ok = rc < 0 && strncmp(d.msg, prefix, strlen(prefix)) == 0 &&
                 strstr(d.msg, cases[i].msg) != NULL;
        CHECK(ok);
        if (!ok)
            fprintf(stderr, "  case %zu: rc %d, want '%s...%s', got '%s'\n", i, rc, prefix,
                    cases[i].msg, d.msg);
        vg_scenario_fini(&sc);
    }
    /* The bounds themselves are allowed. */
    const char *fine[] = {"    micro_doppler: {p_correct: 1}\n",
                          "    micro_doppler: {p_correct: 1.0e-9, min_snr_db: -20}\n",
                          "    sectors: 256\n    report_rcs: false\n"};
    for (size_t i = 0; i < 3; i++) {
        struct opts o = base();
        o.r1 = fine[i];
        struct vg_scenario sc;
        CHECK(make(&sc, &o) == 0);
        vg_scenario_fini(&sc);
    }
}

int main(void)
{
    RUN(sector_markers);
    RUN(sectors_draw_nothing);
    RUN(rcs_model);
    RUN(rcs_in_simulation);
    RUN(rcs_changes_nothing_else);
    RUN(micro_doppler_hints);
    RUN(micro_doppler_changes_nothing_else);
    RUN(yaml_errors);
    return test_report();
}
