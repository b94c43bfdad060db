/* SPDX-License-Identifier: MIT */
/* test_sim.c — the simulator: reproducibility, FPV and bird kinematics, the radar model's
 * noise, Pd and clutter statistics, scan markers and truth times, written files, and the
 * scenario loader's errors on malformed files.
 *
 * Statistical checks use bounds of 4–5 standard errors over thousands of samples from fixed
 * seeds, so they are deterministic and still fail on a wrong model (a sigma in degrees for
 * radians, an R² fall-off for R⁴, clutter per radar instead of per scan). */
#include <jansson.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test.h"

#include "sim/sim_fixture.h"

#include "sense/jsonl.h"
#include "sim/radar.h"
#include "sim/scenario.h"
#include "sim/sim.h"

#define PI 3.14159265358979323846
#define DEG (PI / 180.0)

/* ---- helpers ---------------------------------------------------------------------------- */

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        char *p = realloc(buf, cap *= 2);
        if (!p)
            free(buf);
        buf = p;
    }
    fclose(f);
    *len = n;
    return buf;
}

/* 1 if both files exist and hold the same bytes. */
static int same_file(const char *a, const char *b)
{
    size_t na, nb;
    char *x = slurp(a, &na), *y = slurp(b, &nb);
    int same = x && y && na == nb && memcmp(x, y, na) == 0;
    free(x);
    free(y);
    return same;
}

static void remove_dir(const char *dir)
{
    static const char *const names[] = {"truth.jsonl", "detections.jsonl", "site.geojson"};
    char p[512];
    for (int i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        unlink(p);
    }
    rmdir(dir);
}

static int write_run(const struct vg_scenario *sc, const struct vg_sim_output *out,
                     const char *dir)
{
    struct vg_diag d;
    int rc = vg_sim_write(sc, out, dir, &d);
    if (rc < 0)
        fprintf(stderr, "  write: %s\n", d.msg);
    return rc;
}

static int inside(const struct vg_zone *z, double e, double n)
{
    int in = 0;
    for (size_t i = 0, j = z->npts - 1; i < z->npts; j = i++) {
        const double *a = &z->pts[2 * i], *b = &z->pts[2 * j];
        if ((a[1] > n) != (b[1] > n) && e < (b[0] - a[0]) * (n - a[1]) / (b[1] - a[1]) + a[0])
            in = !in;
    }
    return in;
}

static const struct vg_zone *zone(const struct vg_scenario *sc, const char *id)
{
    for (size_t i = 0; i < sc->site.nzones; i++)
        if (strcmp(sc->site.zones[i].id, id) == 0)
            return &sc->site.zones[i];
    return NULL;
}

static double wrap_pi(double a)
{
    while (a > PI)
        a -= 2 * PI;
    while (a <= -PI)
        a += 2 * PI;
    return a;
}

/* ---- reproducibility -------------------------------------------------------------------- */

static void case_same_seed_same_bytes(void)
{
    struct vg_scenario sc;
    struct vg_sim_output a, b, c;
    CHECK(load(&sc, "scenarios/border-post.yaml") == 0);
    char da[] = "/tmp/vigil-sim-XXXXXX", db[] = "/tmp/vigil-sim-XXXXXX",
         dc[] = "/tmp/vigil-sim-XXXXXX";
    CHECK(mkdtemp(da) && mkdtemp(db) && mkdtemp(dc));
    CHECK(run(&sc, &a) == 0 && write_run(&sc, &a, da) == 0);
    CHECK(run(&sc, &b) == 0 && write_run(&sc, &b, db) == 0);
    sc.seed += 1;
    CHECK(run(&sc, &c) == 0 && write_run(&sc, &c, dc) == 0);
    char pa[128], pb[128], pc[128];
    static const char *const names[] = {"truth.jsonl", "detections.jsonl", "site.geojson"};
    for (int i = 0; i < 3; i++) {
        snprintf(pa, sizeof pa, "%s/%s", da, names[i]);
        snprintf(pb, sizeof pb, "%s/%s", db, names[i]);
        snprintf(pc, sizeof pc, "%s/%s", dc, names[i]);
        CHECK(same_file(pa, pb));
        /* Another seed moves birds, weaves and noise; the site does not depend on it. */
        CHECK(same_file(pa, pc) == (i == 2));
    }
    CHECK(a.ndets > 1000 && a.ntruth > 1000);
    vg_sim_output_fini(&a);
    vg_sim_output_fini(&b);
    vg_sim_output_fini(&c);
    vg_scenario_fini(&sc);
    remove_dir(da);
    remove_dir(db);
    remove_dir(dc);
}

/* ---- FPV kinematics --------------------------------------------------------------------- */

static void case_fpv_reaches_zone(void)
{
    struct vg_scenario sc;
    struct vg_sim_output out;
    CHECK(load(&sc, "scenarios/border-post.yaml") == 0);
    CHECK(run(&sc, &out) == 0);
    CHECK_INT(sc.nfpvs, 5);
    for (size_t i = 0; i < sc.nfpvs && i < out.nobjects; i++) {
        const struct vg_sim_object *o = &out.objects[i];
        const struct vg_zone *z = zone(&sc, sc.fpvs[i].zone);
        CHECK(z != NULL);
        if (!z)
            continue;
        double pos[3], vel[3];
        CHECK(vg_sim_object_state(o, o->t_end - 1e-6, pos, vel) == 1);
        CHECK(vg_sim_object_state(o, o->t_end, pos, vel) == 0);
        CHECK(inside(z, pos[0], pos[1]));
        CHECK_NEAR(pos[2], z->floor_m, 1e-9);
        CHECK(o->t_end < sc.duration_s); /* every attack ends within the scenario */
        /* Its truth: only while alive, and the last sample within 0.5 s of flight of impact. */
        double last_t = -1, last[3] = {0};
        for (size_t k = 0; k < out.ntruth; k++)
            if (out.truth[k].object == i) {
                CHECK(out.truth[k].t >= o->t_start && out.truth[k].t < o->t_end);
                last_t = out.truth[k].t;
                memcpy(last, out.truth[k].pos, sizeof last);
            }
        CHECK(last_t > o->t_end - 0.5 - 1e-9);
        double vmax = sc.fpvs[i].speed_mps / cos(sc.fpvs[i].dive_angle_deg * DEG) * 1.2;
        CHECK(hypot(hypot(last[0] - pos[0], last[1] - pos[1]), last[2] - pos[2]) <= 0.5 * vmax);
    }
    vg_sim_output_fini(&out);
    vg_scenario_fini(&sc);
}

/* Cruise speed within [V, V·√(1 + (A·k)²)] and reaching the top (sine weave); velocity the
 * derivative of position; acceleration (finite differences of velocity) within the path's
 * bound and max_g everywhere, and equal to A·(2π/T)² at the weave's peaks. */
static void case_fpv_speed_and_acceleration(void)
{
    struct vg_scenario sc;
    struct vg_sim_output out;
    CHECK(load(&sc, "scenarios/border-post.yaml") == 0);
    CHECK(run(&sc, &out) == 0);
    const double h = 1e-3;
    for (size_t i = 0; i < sc.nfpvs && i < out.nobjects; i++) {
        const struct vg_sim_object *o = &out.objects[i];
        const struct vg_fpv_path *p = &o->path.fpv;
        const struct vg_sim_fpv *cfg = &sc.fpvs[i];
        double V = cfg->speed_mps, Ak = cfg->weave_amp_m * 2 * PI / (V * cfg->weave_period_s);
        double t_cruise0 = p->t0 + p->climb_len / V, t_cruise1 = p->t0 + (p->len - p->dive_len) / V;
        double a_cruise = cfg->weave_amp_m * pow(2 * PI / cfg->weave_period_s, 2);
        double smin = INFINITY, smax = 0, acc_max = 0, acc_cruise = 0, vel_err = 0;
        for (double t = p->t0 + h; t < p->t_end - h; t += 0.01) {
            double p0[3], p1[3], v0[3], v1[3], v[3], x[3];
            vg_sim_object_state(o, t - h, p0, v0);
            vg_sim_object_state(o, t + h, p1, v1);
            vg_sim_object_state(o, t, x, v);
            double fd[3], a[3];
            for (int k = 0; k < 3; k++) {
                fd[k] = (p1[k] - p0[k]) / (2 * h);
                a[k] = (v1[k] - v0[k]) / (2 * h);
            }
            double speed = sqrt(fd[0] * fd[0] + fd[1] * fd[1] + fd[2] * fd[2]);
            double an = sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
            vel_err = fmax(vel_err, hypot(hypot(fd[0] - v[0], fd[1] - v[1]), fd[2] - v[2]));
            acc_max = fmax(acc_max, an);
            if (t > t_cruise0 + h && t < t_cruise1 - h) {
                smin = fmin(smin, speed);
                smax = fmax(smax, speed);
                acc_cruise = fmax(acc_cruise, an);
            }
        }
        /* The pieces join with continuous velocity but a step in acceleration, where a central
         * difference is off by up to (step)·h/4: hence the a_bound·h allowance. */
        CHECK(vel_err < p->a_bound * h);
        CHECK(smin >= V * (1 - 1e-6));
        CHECK(smax <= V * sqrt(1 + Ak * Ak) * (1 + 1e-6));
        CHECK(acc_max <= p->a_bound * 1.001 + 1e-6);
        CHECK(acc_max <= cfg->max_g * VG_G0);
        CHECK(acc_cruise <= a_cruise * 1.001);
        CHECK_NEAR(p->a_cruise, a_cruise, 1e-9 * a_cruise);
        if (cfg->weave == VG_WEAVE_SINE) {
            CHECK(smax >= V * sqrt(1 + Ak * Ak) * (1 - 1e-4));
            CHECK(acc_cruise >= a_cruise * 0.999);
        } else {
            CHECK(acc_cruise >= a_cruise * 0.2); /* random turns: some turning, within bound */
        }
    }
    vg_sim_output_fini(&out);
    vg_scenario_fini(&sc);
}

/* ---- birds ------------------------------------------------------------------------------ */

static void case_birds_bounded(void)
{
    struct vg_scenario sc;
    struct vg_sim_output out;
    CHECK(load(&sc, "scenarios/border-post.yaml") == 0);
    CHECK(run(&sc, &out) == 0);
    size_t first = sc.nfpvs, nbirds = 0;
    for (size_t f = 0; f < sc.nflocks; f++) {
        const struct vg_sim_flock *fl = &sc.flocks[f];
        double smin = INFINITY, smax = 0, hmin = INFINITY, hmax = -INFINITY, spread = 0;
        double r0 = 0;
        for (double t = 0; t <= sc.duration_s; t += 0.25) {
            for (int b = 0; b < fl->count; b++) {
                double pos[3], vel[3];
                CHECK(vg_sim_object_state(&out.objects[first + b], t, pos, vel) == 1);
                double s = sqrt(vel[0] * vel[0] + vel[1] * vel[1] + vel[2] * vel[2]);
                smin = fmin(smin, s);
                smax = fmax(smax, s);
                hmin = fmin(hmin, pos[2]);
                hmax = fmax(hmax, pos[2]);
                if (t == 0)
                    r0 = fmax(r0, hypot(pos[0] - fl->centre[0], pos[1] - fl->centre[1]));
                for (int c = 0; c < b; c++) {
                    double q[3], w[3];
                    vg_sim_object_state(&out.objects[first + c], t, q, w);
                    spread = fmax(spread, hypot(pos[0] - q[0], pos[1] - q[1]));
                }
            }
        }
        CHECK(smin >= fl->speed_mps[0] && smax <= fl->speed_mps[1]);
        CHECK(smax - smin > 0.2 * (fl->speed_mps[1] - fl->speed_mps[0])); /* they do wander */
        CHECK(hmin >= fl->height_m[0] && hmax <= fl->height_m[1]);
        CHECK(r0 <= fl->radius_m);
        CHECK(spread <= 2 * fl->radius_m && spread > 0.2 * fl->radius_m);
        /* The construction's guarantee, tighter than sampling can show: the drift is the band's
         * middle and the wave amplitudes, worst case aligned, stay within its half-width. */
        double mid = 0.5 * (fl->speed_mps[0] + fl->speed_mps[1]);
        double half = 0.5 * (fl->speed_mps[1] - fl->speed_mps[0]);
        for (int b = 0; b < fl->count; b++) {
            const struct vg_bird_path *bp = &out.objects[first + b].path.bird;
            double sum[3] = {0, 0, 0};
            for (int a = 0; a < 3; a++)
                for (int w = 0; w < VG_BIRD_WAVES; w++)
                    sum[a] += bp->amp[a][w];
            CHECK_NEAR(hypot(bp->drift[0], bp->drift[1]), mid, 1e-12 * mid);
            CHECK(hypot(sum[0], sum[1]) + sum[2] <= half * (1 + 1e-12));
            CHECK(hypot(sum[0], sum[1]) + sum[2] >= half * 0.999); /* and use it all */
        }
        for (int b = 0; b < fl->count; b++) {
            char id[32];
            snprintf(id, sizeof id, "bird-%zu", nbirds + (size_t)b + 1);
            CHECK(strcmp(out.objects[first + b].id, id) == 0);
            CHECK(out.objects[first + b].cls == VG_CLASS_BIRD && !out.objects[first + b].hostile);
        }
        first += (size_t)fl->count;
        nbirds += (size_t)fl->count;
    }
    CHECK_INT(nbirds, 20);
    CHECK_INT(out.nobjects, 25);
    vg_sim_output_fini(&out);
    vg_scenario_fini(&sc);
}

/* ---- the radar model -------------------------------------------------------------------- */

/* A radar at the origin and a flock of 30 birds about 1 km north-east, 300 scans. */
#define STAT_SCENARIO(scan, pd, range_max, clutter, flock_centre, count)                       \
    "name: stats\nseed: 7\nduration_s: 300\n"                                                  \
    "site:\n  origin: {lat: 48, lon: 22}\n"                                                    \
    "radars:\n  - id: r\n    position: [0, 0, 0]\n    scan: " scan "\n    rate_hz: 1\n"       \
    "    range_max_m: " range_max "\n    el_min_deg: -10\n    el_max_deg: 80\n"               \
    "    pd: " pd "\n"                                                                         \
    "    sigma: {range_m: 5, az_deg: 0.5, el_deg: 0.5, rr_mps: 0.3}\n"                         \
    "    clutter_per_scan: " clutter "\n"                                                      \
    "targets:\n  - type: flock\n    id: f\n    count: " count "\n    centre: " flock_centre   \
    "\n    radius_m: 200\n    height_m: [50, 150]\n    speed_mps: [5, 15]\n    heading_deg: 45\n"

static void case_measurement_noise(void)
{
    static const char *modes[] = {
        STAT_SCENARIO("electronic", "{ref: 0.999, range_m: 1000, rcs_dbsm: -25}", "5000", "0",
                      "[700, 700]", "30"),
        STAT_SCENARIO("rotating", "{ref: 0.999, range_m: 1000, rcs_dbsm: -25}", "5000", "0",
                      "[700, 700]", "30"),
    };
    for (int m = 0; m < 2; m++) {
        struct vg_scenario sc;
        struct vg_sim_output out;
        CHECK(parse(&sc, modes[m]) == 0);
        CHECK(run(&sc, &out) == 0);
        const struct vg_sim_radar *r = &sc.radars[0];
        double sigma[4] = {r->sigma_range_m, r->sigma_az_deg * DEG, r->sigma_el_deg * DEG,
                           r->sigma_rr_mps};
        double sum[4] = {0}, sum2[4] = {0};
        size_t n = 0;
        for (size_t i = 0; i < out.ndets; i++) {
            const struct vg_detection *det = &out.dets[i];
            if (det->kind != VG_DET_POLAR || out.det_object[i] < 0)
                continue;
            double pos[3], vel[3], z[4];
            CHECK(vg_sim_object_state(&out.objects[out.det_object[i]], det->t, pos, vel));
            vg_radar_polar(pos, vel, z); /* the radar is at the origin */
            CHECK_INT(det->nz, 4);
            for (int k = 0; k < 4; k++) {
                double e = k == 1 ? wrap_pi(det->z[k] - z[k]) : det->z[k] - z[k];
                sum[k] += e;
                sum2[k] += e * e;
                CHECK_NEAR(det->R[k * 4 + k], sigma[k] * sigma[k], 1e-12 * sigma[k] * sigma[k]);
            }
            n++;
        }
        CHECK(n > 8000); /* 30 birds × 300 scans at Pd ≈ 1 */
        for (int k = 0; k < 4; k++) {
            double mean = sum[k] / (double)n, sd = sqrt(sum2[k] / (double)n - mean * mean);
            CHECK(fabs(mean) < 4.5 * sigma[k] / sqrt((double)n));
            CHECK(fabs(sd / sigma[k] - 1) < 4.5 / sqrt(2.0 * (double)n));
        }
        vg_sim_output_fini(&out);
        vg_scenario_fini(&sc);
    }
}

static void case_pd_model(void)
{
    /* Known answers: Pd = pd_ref at the reference; the Swerling I curve at 2× range
     * (SNR_ref = ln 1e-6 / ln 0.9 − 1 = 130.126, /16 = 8.133, Pd = exp(−13.8155/9.133)),
     * and 10 dB more RCS at the reference range (Pd = exp(−13.8155/1302.26)). */
    struct vg_sim_radar r;
    memset(&r, 0, sizeof r);
    r.range_min_m = 30;
    r.range_max_m = 5000;
    r.el_min_deg = -5;
    r.el_max_deg = 60;
    r.pd_ref = 0.9;
    r.pd_range_m = 2000;
    r.pd_rcs_dbsm = -15;
    r.pfa = 1e-6;
    double at_ref[3] = {0, 2000, 0}, at_2x[3] = {4000 * sin(0.3), 4000 * cos(0.3), 0};
    double too_far[3] = {0, 5001, 0}, too_close[3] = {20, 0, 0}, too_low[3] = {0, 1000, -200};
    CHECK_NEAR(vg_radar_pd(&r, at_ref, -15), 0.9, 1e-12);
    CHECK_NEAR(vg_radar_pd(&r, at_2x, -15), 0.2203094, 1e-6);
    CHECK_NEAR(vg_radar_pd(&r, at_ref, -5), 0.9894472, 1e-6); /* +10 dB */
    CHECK(vg_radar_pd(&r, too_far, 20) == 0.0);
    CHECK(vg_radar_pd(&r, too_close, 20) == 0.0);
    CHECK(vg_radar_pd(&r, too_low, 20) == 0.0);

    /* Detection rate against the model: birds at 1–2.5 km where Pd runs from ~0.95 to ~0.2. */
    struct vg_scenario sc;
    struct vg_sim_output out;
    CHECK(parse(&sc, STAT_SCENARIO("electronic", "{ref: 0.5, range_m: 1800, rcs_dbsm: -25}",
                                   "5000", "0", "[0, 1700]", "40")) == 0);
    sc.flocks[0].radius_m = 700;
    CHECK(run(&sc, &out) == 0);
    double expect[2] = {0}, var[2] = {0}, got[2] = {0};
    size_t scans = 0;
    for (size_t i = 0; i < out.ndets; i++) {
        const struct vg_detection *det = &out.dets[i];
        if (det->kind == VG_DET_POLAR) {
            double pos[3], vel[3];
            vg_sim_object_state(&out.objects[out.det_object[i]], det->t, pos, vel);
            got[hypot(hypot(pos[0], pos[1]), pos[2]) > 1800]++;
            continue;
        }
        scans++;
        for (size_t o = 0; o < out.nobjects; o++) {
            double pos[3], vel[3];
            vg_sim_object_state(&out.objects[o], det->t, pos, vel);
            double p = vg_radar_pd(&sc.radars[0], pos, out.objects[o].rcs_dbsm);
            int far = hypot(hypot(pos[0], pos[1]), pos[2]) > 1800;
            expect[far] += p;
            var[far] += p * (1 - p);
        }
    }
    CHECK_INT(scans, 300);
    for (int b = 0; b < 2; b++) {
        CHECK(var[b] > 100); /* both bins are far from Pd 0 or 1 */
        CHECK(fabs(got[b] - expect[b]) < 4.5 * sqrt(var[b]));
    }
    vg_sim_output_fini(&out);
    vg_scenario_fini(&sc);
}

static void case_clutter(void)
{
    struct vg_scenario sc;
    struct vg_sim_output out;
    CHECK(parse(&sc, STAT_SCENARIO("rotating", "{ref: 0.9, range_m: 1000}", "3000", "4",
                                   "[0, 0]", "1")) == 0);
    sc.nflocks = 0; /* clutter only */
    sc.duration_s = 3000;
    sc.radars[0].range_min_m = 100;
    CHECK(run(&sc, &out) == 0);
    const struct vg_sim_radar *r = &sc.radars[0];
    double sum = 0, sum2 = 0, ts = 0;
    unsigned count = 0;
    size_t scans = 0;
    for (size_t i = 0; i < out.ndets; i++) {
        const struct vg_detection *det = &out.dets[i];
        if (det->kind == VG_DET_SCAN) {
            sum += count;
            sum2 += (double)count * count;
            count = 0;
            scans++;
            ts = det->t;
            continue;
        }
        count++;
        CHECK_INT(out.det_object[i], VG_SIM_CLUTTER);
        CHECK(det->z[0] >= r->range_min_m && det->z[0] <= r->range_max_m);
        CHECK(det->z[2] >= r->el_min_deg * DEG && det->z[2] <= r->el_max_deg * DEG);
        CHECK(fabs(det->z[3]) <= r->clutter_rr_max_mps);
        /* Rotating: reported when the beam points at its azimuth, within its scan. */
        CHECK_NEAR(det->t, ts + det->z[1] / (2 * PI) * r->period_s, 1e-9);
    }
    CHECK_INT(scans, 3000);
    CHECK_INT(out.nclutter, out.ndets - scans);
    double mean = sum / (double)scans, v = sum2 / (double)scans - mean * mean;
    CHECK(fabs(mean - 4.0) < 4.5 * sqrt(4.0 / (double)scans));
    CHECK(fabs(v / 4.0 - 1) < 0.12); /* Poisson: variance = mean */
    vg_sim_output_fini(&out);
    vg_scenario_fini(&sc);
}

/* ---- scans and truth times ---------------------------------------------------------------- */

static void case_scan_markers_and_truth_times(void)
{
    struct vg_scenario sc;
    struct vg_sim_output out;
    CHECK(load(&sc, "scenarios/border-post.yaml") == 0);
    CHECK(run(&sc, &out) == 0);
    CHECK_INT(out.ndets, out.nscans + out.nclutter + out.ntarget);
    CHECK(out.nclutter > 0 && out.ntarget > 0);
    for (size_t ri = 0; ri < sc.nradars; ri++) {
        const struct vg_sim_radar *r = &sc.radars[ri];
        long want = (long)floor((sc.duration_s - r->start_s) / r->period_s + 1e-9), k = 0;
        double prev = r->start_s;
        for (size_t i = 0; i < out.ndets; i++) {
            const struct vg_detection *det = &out.dets[i];
            if (det->sensor != ri)
                continue;
            if (det->kind == VG_DET_SCAN) {
                k++;
                CHECK(det->t == r->start_s + (double)k * r->period_s);
                prev = det->t;
            } else {
                /* In the scan that the next marker closes: an electronic scan reports at its
                 * end; a rotating beam at north at the start points at the detection's
                 * azimuth (within its noise: 5 sigma) at its time. */
                CHECK(det->t >= prev && det->t <= prev + r->period_s);
                if (r->scan == VG_SCAN_ELECTRONIC) {
                    CHECK(det->t == prev + r->period_s);
                } else {
                    double beam = (det->t - prev) / r->period_s * 2 * PI;
                    CHECK(fabs(wrap_pi(beam - det->z[1])) <= 5 * r->sigma_az_deg * DEG);
                }
            }
        }
        CHECK_INT(k, want);
    }
    for (size_t i = 1; i < out.ndets; i++)
        CHECK(out.dets[i].t >= out.dets[i - 1].t);
    CHECK_INT(out.dets[out.ndets - 1].kind, VG_DET_SCAN);

    /* Truth times are exactly the distinct marker times, each with every live object. */
    size_t ti = 0, times = 0;
    double last = -1;
    for (size_t i = 0; i < out.ndets; i++) {
        double t = out.dets[i].t;
        if (out.dets[i].kind != VG_DET_SCAN || t == last)
            continue;
        last = t;
        times++;
        size_t alive = 0;
        for (size_t o = 0; o < out.nobjects; o++) {
            double p[3], v[3];
            alive += (size_t)vg_sim_object_state(&out.objects[o], t, p, v);
        }
        size_t lines = 0;
        while (ti < out.ntruth && out.truth[ti].t == t) {
            lines++;
            ti++;
        }
        CHECK_INT(lines, alive);
    }
    CHECK_INT(ti, out.ntruth);
    CHECK_INT(times, out.ntimes);
    /* r1 at 1, 2, ..., 120 s; r2 at 1.5, ..., 119.5 s; the direction finder at 1.25, ...,
     * 119.25 s; the acoustic arrays at 0.6, 1.1, ..., 119.6 s and 0.85, ..., 119.85 s. */
    CHECK_INT(times, 120 + 119 + 119 + 239 + 239);
    vg_sim_output_fini(&out);
    vg_scenario_fini(&sc);
}

/* ---- the files read back ------------------------------------------------------------------ */

static void case_files_read_back(void)
{
    struct vg_scenario sc;
    struct vg_sim_output out;
    struct vg_diag d;
    CHECK(load(&sc, "scenarios/single-fpv.yaml") == 0);
    CHECK(run(&sc, &out) == 0);
    char dir[] = "/tmp/vigil-sim-XXXXXX", path[256];
    CHECK(mkdtemp(dir) != NULL);
    char sub[160];
    snprintf(sub, sizeof sub, "%s/a/b", dir); /* parents are created too */
    CHECK(write_run(&sc, &out, sub) == 0);

    struct vg_site site;
    vg_site_init(&site);
    snprintf(path, sizeof path, "%s/site.geojson", sub);
    CHECK(vg_site_load(&site, path, &d) == 0);
    CHECK_INT(site.nsensors, 1);
    CHECK_INT(site.nzones, 1);
    CHECK(site.nsensors == 1 && site.sensors[0].type == VG_SENSOR_RADAR &&
          site.sensors[0].declared && fabs(site.sensors[0].pos[2] - 8) < 1e-6 &&
          site.sensors[0].rate_hz == 1.0 && site.sensors[0].range_m == 4000.0);

    struct vg_detection *dets = NULL;
    size_t n = 0;
    snprintf(path, sizeof path, "%s/detections.jsonl", sub);
    CHECK(vg_jsonl_read_all(path, &site, 0, &dets, &n, &d) == 0);
    CHECK_INT(n, out.ndets);
    for (size_t i = 0; i < n && i < out.ndets; i++) {
        const struct vg_detection *a = &out.dets[i], *b = &dets[i];
        CHECK(a->t == b->t && a->kind == b->kind && a->nz == b->nz && a->sensor == b->sensor);
        for (int k = 0; k < a->nz && k < b->nz; k++) {
            CHECK_NEAR(b->z[k], a->z[k], 1e-12 * fmax(1, fabs(a->z[k])));
            CHECK_NEAR(b->R[k * a->nz + k], a->R[k * a->nz + k], 1e-12 * a->R[k * a->nz + k]);
        }
    }
    free(dets);

    /* Truth: every value back to the same double, and its times are marker times. */
    snprintf(path, sizeof path, "%s/truth.jsonl", sub);
    FILE *f = fopen(path, "r");
    CHECK(f != NULL);
    char line[1024];
    size_t k = 0;
    while (f && fgets(line, sizeof line, f)) {
        json_error_t je;
        json_t *j = json_loads(line, 0, &je);
        CHECK(j != NULL);
        if (j && k < out.ntruth) {
            const struct vg_sim_truth *tr = &out.truth[k];
            CHECK(json_real_value(json_object_get(j, "t")) == tr->t);
            CHECK(strcmp(json_string_value(json_object_get(j, "id")), "fpv-1") == 0);
            CHECK(strcmp(json_string_value(json_object_get(j, "class")), "drone") == 0);
            CHECK(json_is_true(json_object_get(j, "hostile")));
            for (int c = 0; c < 3; c++) {
                CHECK(json_real_value(json_array_get(json_object_get(j, "pos"), c)) ==
                      tr->pos[c]);
                CHECK(json_real_value(json_array_get(json_object_get(j, "vel"), c)) ==
                      tr->vel[c]);
            }
            CHECK(tr->t == floor(tr->t)); /* the 1 Hz radar's marker times */
        }
        json_decref(j);
        k++;
    }
    if (f)
        fclose(f);
    CHECK_INT(k, out.ntruth);
    CHECK(k > 30);

    vg_site_fini(&site);
    remove_dir(sub);
    snprintf(path, sizeof path, "%s/a", dir);
    rmdir(path);
    rmdir(dir);
    vg_sim_output_fini(&out);
    vg_scenario_fini(&sc);
}

/* ---- malformed scenarios ------------------------------------------------------------------ */

#define TOP "name: t\nseed: 1\nduration_s: 10\n" /* lines 1-3 */
#define SITE                                                                                   \
    "site:\n  origin: {lat: 48, lon: 22}\n  zones:\n    - id: post\n      ceiling_m: 100\n"    \
    "      polygon: [[-50, -40], [50, -40], [50, 40], [-50, 40]]\n" /* lines 4-9 */
#define RADAR_A "radars:\n  - id: r1\n    position: [0, 0, 5]\n" /* lines 10-12 */
#define RATE "    rate_hz: 1\n"                                    /* line 13 */
#define RADAR_B                                                                                \
    "    range_max_m: 4000\n    pd: {ref: 0.9, range_m: 3000}\n"                               \
    "    sigma: {range_m: 5, az_deg: 0.5, el_deg: 0.5}\n" /* lines 14-16 */
#define RADAR RADAR_A RATE RADAR_B
#define FPV_A "targets:\n  - type: fpv\n    id: fpv-1\n    launch: [2000, 0, 0]\n" /* 17-20 */
#define SPEED "    speed_mps: 45\n"                                               /* 21 */
#define FPV_B "    height_m: 80\n    zone: post\n    dive: {start_m: 300, angle_deg: 30}\n"
#define FPV FPV_A SPEED FPV_B /* lines 17-24; extra keys start at line 25 */
#define FLOCK(extra)                                                                           \
    "  - type: flock\n    id: f\n    count: 3\n    centre: [0, 500]\n    radius_m: 30\n"        \
    "    height_m: [20, 50]\n" extra

static void case_malformed_scenarios(void)
{
    static const struct {
        const char *name, *yaml;
        int line;
        const char *msg;
    } cases[] = {
        {"valid", TOP SITE RADAR FPV, 0, NULL},
        {"valid with flock", TOP SITE RADAR FPV FLOCK("    speed_mps: [5, 10]\n"), 0, NULL},
        {"passive sensors only", TOP SITE "sensors:\n  - id: df1\n    type: rf\n"
                                           "    position: [0, 0, 5]\n    rate_hz: 1\n"
                                           "    range_m: 5000\n    pd: 0.9\n"
                                           "    sigma: {az_deg: 3}\n" FPV, 0, NULL},
        {"no sensor", TOP SITE FPV, 1, "no sensor: give 'radars' or 'sensors'"},
        {"bad syntax", TOP SITE RADAR_A "    rate_hz: [1, 2\n" RADAR_B, 14, "YAML syntax"},
        {"tab indent", TOP "site:\n\torigin: 1\n", 5, "YAML syntax"},
        {"empty file", "", 1, "empty"},
        {"not a mapping", "- a\n- b\n", 1, "must be a mapping"},
        {"missing duration", "name: t\nseed: 1\n" SITE RADAR, 1, "missing 'duration_s'"},
        {"missing radar field", TOP SITE RADAR_A RATE "    pd: {ref: 0.9, range_m: 3000}\n"
                                                      "    sigma: {range_m: 5, az_deg: 0.5, "
                                                      "el_deg: 0.5}\n",
         11, "radar 'r1': missing 'range_max_m'"},
        {"missing nested field", TOP SITE RADAR_A RATE "    range_max_m: 4000\n"
                                                       "    pd: {ref: 0.9}\n    sigma: {range_m: "
                                                       "5, az_deg: 0.5, el_deg: 0.5}\n",
         15, "missing 'pd.range_m'"},
        {"rate zero", TOP SITE RADAR_A "    rate_hz: 0\n" RADAR_B, 13,
         "radar 'r1': 'rate_hz' must be > 0"},
        {"rate and period", TOP SITE RADAR_A RATE "    period_s: 1\n" RADAR_B, 14,
         "not both"},
        {"no rate", TOP SITE RADAR_A RADAR_B, 11, "missing 'rate_hz'"},
        {"duplicate key", TOP SITE RADAR_A RATE RATE RADAR_B, 14, "duplicate key 'rate_hz'"},
        {"wrong type", TOP SITE RADAR FPV_A "    speed_mps: fast\n" FPV_B, 21,
         "fpv 'fpv-1': 'speed_mps' must be a number, not 'fast'"},
        {"quoted number", TOP SITE RADAR FPV_A "    speed_mps: \"45\"\n" FPV_B, 21,
         "must be a number"},
        {"list for number", TOP SITE RADAR FPV_A "    speed_mps: [45]\n" FPV_B, 21,
         "must be a number, not a list"},
        {"negative speed", TOP SITE RADAR FPV_A "    speed_mps: -45\n" FPV_B, 21,
         "'speed_mps' must be > 0, not -45"},
        {"unknown key", TOP SITE RADAR FPV "    colour: red\n", 25, "unknown key 'colour'"},
        {"unknown nested key", TOP SITE RADAR FPV "    weave: {amplitude_m: 5, period: 8}\n",
         25, "unknown key 'weave.period'"},
        {"unknown zone", TOP SITE RADAR FPV_A SPEED "    height_m: 80\n    zone: gate\n"
                                                    "    dive: {start_m: 300, angle_deg: 30}\n",
         23, "unknown zone 'gate'"},
        {"zone and aim", TOP SITE RADAR FPV "    aim: [0, 0, 0]\n", 25, "not both"},
        {"weave too strong", TOP SITE RADAR FPV "    weave: {amplitude_m: 50, period_s: 2}\n",
         18, "the climb and weave need up to"},
        {"dive too hard", TOP SITE RADAR FPV_A SPEED "    height_m: 80\n    zone: post\n"
                                                     "    dive: {start_m: 150, angle_deg: 20}\n",
         18, "the dive needs up to 3.4"},
        {"dive too steep", TOP SITE RADAR FPV_A SPEED "    height_m: 80\n    zone: post\n"
                                                      "    dive: {start_m: 300, angle_deg: 60}\n",
         18, "too steep"},
        {"run too short", TOP SITE RADAR "targets:\n  - type: fpv\n    id: fpv-1\n"
                                         "    launch: [400, 0, 0]\n" SPEED FPV_B,
         18, "too short"},
        {"bad enum", TOP SITE RADAR FPV "    weave: {type: zigzag, amplitude_m: 5, period_s: 8}\n",
         25, "must be one of none, sine, random"},
        {"bad id", TOP SITE RADAR FPV_A SPEED FPV_B "  - type: fpv\n    id: \"a b\"\n", 26,
         "may only contain"},
        {"bad type", TOP SITE RADAR "targets:\n  - type: helicopter\n", 18,
         "'type' must be one of fpv, flock"},
        {"missing type", TOP SITE RADAR "targets:\n  - id: x\n", 18, "missing 'type'"},
        {"negative seed", "name: t\nseed: -1\nduration_s: 10\n" SITE RADAR, 2,
         "'seed' must be an integer"},
        {"reversed band", TOP SITE RADAR "targets:\n" FLOCK("    speed_mps: [10, 5]\n"), 24,
         "low <= high"},
        {"zero speed band", TOP SITE RADAR "targets:\n" FLOCK("    speed_mps: [0, 5]\n"), 24,
         "must be > 0"},
        {"fpv named like a bird", TOP SITE RADAR FPV_A SPEED FPV_B
         "  - type: fpv\n    id: bird-2\n    launch: [0, 2000, 0]\n" SPEED FPV_B
             FLOCK("    speed_mps: [5, 10]\n"),
         25, "taken by a bird"},
        {"duplicate radar", TOP SITE RADAR "  - id: r1\n    position: [0, 0, 5]\n" RATE RADAR_B,
         17, "duplicate radar id"},
        {"ceiling below floor", TOP "site:\n  origin: {lat: 48, lon: 22}\n  zones:\n"
                                    "    - id: post\n      floor_m: 50\n      ceiling_m: 10\n"
                                    "      polygon: [[0, 0], [1, 0], [0, 1]]\n" RADAR,
         9, "zone 'post': 'ceiling_m' 10 must be above 'floor_m' 50"},
        {"two-vertex polygon", TOP "site:\n  origin: {lat: 48, lon: 22}\n  zones:\n"
                                   "    - id: post\n      ceiling_m: 10\n"
                                   "      polygon: [[0, 0], [1, 0]]\n" RADAR,
         9, "3 or more"},
        {"latitude", TOP "site:\n  origin: {lat: 91, lon: 22}\n" RADAR, 5,
         "'lat' must be <= 90"},
        {"empty radars", TOP SITE "radars: []\n", 10, "'radars' is empty"},
        {"radars not a list", TOP SITE "radars: {id: r1}\n", 10, "'radars' must be a list"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct vg_scenario sc;
        struct vg_diag d;
        memset(&d, 0, sizeof d);
        vg_scenario_init(&sc);
        int rc = vg_scenario_parse(&sc, "t.yaml", cases[i].yaml, strlen(cases[i].yaml), &d);
        if (!cases[i].msg) {
            CHECK(rc == 0);
            if (rc < 0)
                fprintf(stderr, "  case '%s': %s\n", cases[i].name, d.msg);
            vg_scenario_fini(&sc);
            continue;
        }
        char prefix[32];
        snprintf(prefix, sizeof prefix, "t.yaml:%d: ", cases[i].line);
        int ok = rc < 0 && strncmp(d.msg, prefix, strlen(prefix)) == 0 &&
                 strstr(d.msg, cases[i].msg) != NULL;
        CHECK(ok);
        if (!ok)
            fprintf(stderr, "  case '%s': rc %d, message '%s'\n", cases[i].name, rc, d.msg);
        /* A failed load leaves the scenario empty. */
        CHECK(sc.nradars == 0 && sc.nfpvs == 0 && sc.site.nzones == 0 && sc.site.nsensors == 0);
        vg_scenario_fini(&sc);
    }

    struct vg_scenario sc;
    struct vg_diag d;
    vg_scenario_init(&sc);
    CHECK(vg_scenario_load(&sc, "scenarios/no-such-file.yaml", &d) == VG_ENOENT);
    CHECK(strncmp(d.msg, "scenarios/no-such-file.yaml: ", 29) == 0);
    vg_scenario_fini(&sc);
}

/* Marker times equal but for rounding (a 10 Hz radar's 6 × 0.1 s, a 2 Hz array's 0.1 + 0.5 s)
 * are one truth time: no object twice within a microsecond (the scorer takes times that
 * close as one and would find the object twice in it). */
static void case_truth_times_merge_rounding(void)
{
    static const char yaml[] =
        TOP SITE RADAR_A "    scan: electronic\n    rate_hz: 10\n" RADAR_B
        "sensors:\n  - id: ac1\n    type: acoustic\n    position: [500, 0, 2]\n"
        "    rate_hz: 2\n    start_s: 0.1\n    range_m: 500\n    pd: 0.85\n"
        "    sigma: {az_deg: 4}\n" FPV;
    struct vg_scenario sc;
    struct vg_diag d;
    vg_scenario_init(&sc);
    int rc = vg_scenario_parse(&sc, "t.yaml", yaml, strlen(yaml), &d);
    CHECK(rc == 0);
    if (rc < 0) {
        fprintf(stderr, "  %s\n", d.msg);
        vg_scenario_fini(&sc);
        return;
    }
    struct vg_sim_output out;
    CHECK(run(&sc, &out) == 0);
    CHECK(6 * 0.1 != 0.1 + 0.5); /* the premise: the two sums differ in the last bit */
    CHECK_INT(out.ntimes, 100); /* the radar's 0.1 ... 10 s; the array's all among them */
    for (size_t i = 0; i < out.ntruth; i++)
        for (size_t j = i + 1; j < out.ntruth && out.truth[j].t - out.truth[i].t < 1e-6; j++)
            CHECK(out.truth[j].object != out.truth[i].object);
    vg_sim_output_fini(&out);
    vg_scenario_fini(&sc);
}

/* The shipped scenarios say what the brief asks of them. */
static void case_shipped_scenarios(void)
{
    struct vg_scenario sc;
    CHECK(load(&sc, "scenarios/border-post.yaml") == 0);
    CHECK_INT(sc.nfpvs, 5);
    CHECK_INT(sc.nflocks, 3);
    for (size_t i = 0; i < sc.nfpvs; i++) {
        const struct vg_sim_fpv *f = &sc.fpvs[i];
        double dist = hypot(f->launch[0] - f->aim[0], f->launch[1] - f->aim[1]);
        CHECK(dist >= 2000 && dist <= 4000);
        CHECK(f->launch_s < 60 && f->speed_mps >= 35 && f->speed_mps <= 55 && f->hostile);
        CHECK(f->weave != VG_WEAVE_NONE);
    }
    const struct vg_zone *post = zone(&sc, "post");
    CHECK(post && post->floor_m == 0 && post->ceiling_m == 150);
    vg_scenario_fini(&sc);
    CHECK(load(&sc, "scenarios/single-fpv.yaml") == 0);
    CHECK_INT(sc.nfpvs, 1);
    vg_scenario_fini(&sc);
}

int main(void)
{
    RUN(case_same_seed_same_bytes);
    RUN(case_fpv_reaches_zone);
    RUN(case_fpv_speed_and_acceleration);
    RUN(case_birds_bounded);
    RUN(case_measurement_noise);
    RUN(case_pd_model);
    RUN(case_clutter);
    RUN(case_scan_markers_and_truth_times);
    RUN(case_files_read_back);
    RUN(case_malformed_scenarios);
    RUN(case_truth_times_merge_rounding);
    RUN(case_shipped_scenarios);
    return test_report();
}
