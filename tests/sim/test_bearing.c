/* SPDX-License-Identifier: MIT */
/* test_bearing.c — the bearing-only sensors (sim/bearing.c): RF direction finders and
 * acoustic arrays — who they report (emitting FPVs only; drones but never birds), what the
 * RF reports say about the emitter, bearing noise against the configured sigma, the
 * acoustic range limit and propagation delay (checked by bisection, independently of the
 * model's fixed-point iteration), detection probability, and false bearings.
 *
 * Statistical checks use bounds of 4.5 standard errors over thousands of samples from fixed
 * seeds, so they are deterministic and still fail on a wrong model (a sigma in degrees for
 * radians, bearings to where the drone is instead of where it was heard). */
#include "test.h"

#include "sim/sim_fixture.h"

#include "sim/bearing.h"
#include "sim/scenario.h"
#include "sim/sim.h"

#define PI 3.14159265358979323846
#define DEG (PI / 180.0)

static double wrap_pi(double a)
{
    while (a > PI)
        a -= 2 * PI;
    while (a <= -PI)
        a += 2 * PI;
    return a;
}

/* True az, el of pos seen from sensor position s. */
static void direction(const double s[3], const double pos[3], double *az, double *el)
{
    double de = pos[0] - s[0], dn = pos[1] - s[1], du = pos[2] - s[2];
    *az = atan2(de, dn);
    *el = atan2(du, hypot(de, dn));
}

static double dist(const double a[3], const double b[3])
{
    return hypot(hypot(a[0] - b[0], a[1] - b[1]), a[2] - b[2]);
}

/* The bearing sensor that made detection det (sensors after the radars in the site). */
static const struct vg_sim_bearing_sensor *sensor_of(const struct vg_scenario *sc,
                                                     const struct vg_detection *det)
{
    return det->sensor >= sc->nradars ? &sc->bearing_sensors[det->sensor - sc->nradars] : NULL;
}

/* Emission time by bisection on f(te) = t − te − |p(te) − s|/c, decreasing in te for an
 * object slower than sound. */
static double emission_time(const struct vg_sim_object *o, const double s[3], double c,
                            double t)
{
    double lo = t - 100.0, hi = t;
    for (int i = 0; i < 200; i++) {
        double mid = 0.5 * (lo + hi), p[3], v[3];
        vg_sim_object_state(o, mid, p, v);
        if (t - mid - dist(p, s) / c > 0)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

/* A far-off radar that sees nothing (a scenario needs one), then the sensors under test. */
#define HEAD                                                                                   \
    "name: b\nseed: 3\nduration_s: 120\nsite:\n  origin: {lat: 48, lon: 22}\n"                 \
    "radars:\n  - id: r\n    position: [90000, 0, 0]\n    rate_hz: 1\n    range_max_m: 100\n" \
    "    pd: {ref: 0.9, range_m: 50}\n    sigma: {range_m: 5, az_deg: 0.5, el_deg: 0.5}\n"

#define FPV(id, link, launch, aim, extra)                                                      \
    "  - type: fpv\n    id: " id "\n    link: " link "\n    launch: " launch "\n"              \
    "    aim: " aim "\n    speed_mps: 45\n    height_m: 80\n    climb_deg: 10\n"               \
    "    dive: {start_m: 300, angle_deg: 20}\n    max_g: 20\n" extra

/* Five FPVs, one per link, crossing around a direction finder and an acoustic array at the
 * origin, and a flock of birds right over them. */
static const char *const links_yaml =
    HEAD "sensors:\n"
         "  - id: df\n    type: rf\n    position: [0, 0, 5]\n    rate_hz: 10\n"
         "    range_m: 5000\n    pd: 1\n    sigma: {az_deg: 3, el_deg: 2}\n"
         "  - id: ac\n    type: acoustic\n    position: [0, 0, 2]\n    rate_hz: 10\n"
         "    range_m: 800\n    pd: 1\n    sigma: {az_deg: 4, el_deg: 3}\n"
         "targets:\n" FPV("fpv-a", "analog-video", "[-3000, 300, 0]", "[2500, 200, 0]", "")
             FPV("fpv-e", "elrs", "[300, -3000, 0]", "[200, 2500, 0]", "    launch_s: 5\n")
                 FPV("fpv-d", "dji-ocusync", "[3000, -400, 0]", "[-2500, 100, 0]",
                     "    band_mhz: 5745\n    launch_s: 10\n")
                     FPV("fpv-f", "fibre", "[-2500, -2500, 0]", "[1800, 1800, 0]", "")
                         FPV("fpv-x", "autonomous", "[2500, 2500, 0]", "[-1800, -1800, 0]",
                             "    launch_s: 3\n")
         "  - type: flock\n    id: f\n    count: 10\n    centre: [0, 100]\n    radius_m: 100\n"
         "    height_m: [30, 120]\n    speed_mps: [5, 12]\n";

/* Who is reported by whom, and the emitter each RF report names. */
static void case_who_is_sensed(void)
{
    struct vg_scenario sc;
    struct vg_sim_output out;
    CHECK(parse(&sc, links_yaml) == 0);
    CHECK(run(&sc, &out) == 0);
    size_t rf[8] = {0}, ac[8] = {0}, rf_birds = 0, ac_birds = 0;
    for (size_t i = 0; i < out.ndets; i++) {
        const struct vg_detection *det = &out.dets[i];
        const struct vg_sim_bearing_sensor *s = sensor_of(&sc, det);
        int32_t obj = out.det_object[i];
        if (!s || det->kind != VG_DET_BEARING) {
            CHECK(out.det_emitter[i].link == VG_LINK_NONE);
            continue;
        }
        CHECK(obj >= 0); /* no clutter configured */
        if (obj < 0)
            continue;
        const struct vg_sim_object *o = &out.objects[obj];
        if (s->type == VG_SENSOR_RF) {
            if (o->kind == VG_SIM_BIRD)
                rf_birds++;
            else
                rf[obj]++;
            CHECK(vg_link_emits(o->link));
            CHECK_INT(out.det_emitter[i].link, o->link);
            CHECK(out.det_emitter[i].band_mhz == o->band_mhz);
        } else {
            if (o->kind == VG_SIM_BIRD)
                ac_birds++;
            else
                ac[obj]++;
            CHECK_INT(out.det_emitter[i].link, VG_LINK_NONE);
        }
    }
    /* FPVs are objects 0..4 in file order: analog, elrs, dji, fibre, autonomous. */
    for (int k = 0; k < 3; k++)
        CHECK(rf[k] > 300);
    CHECK_INT(rf[3], 0);
    CHECK_INT(rf[4], 0);
    for (int k = 0; k < 5; k++)
        CHECK(ac[k] > 50); /* every drone is heard, whatever its link */
    CHECK_INT(rf_birds, 0);
    CHECK_INT(ac_birds, 0);
    CHECK(out.objects[0].band_mhz == 5800 && out.objects[1].band_mhz == 915 &&
          out.objects[2].band_mhz == 5745 && out.objects[3].band_mhz == 0 &&
          out.objects[4].band_mhz == 0);
    CHECK(out.objects[3].link == VG_LINK_FIBRE && out.objects[4].link == VG_LINK_AUTONOMOUS);
    CHECK(out.objects[5].link == VG_LINK_NONE);
    CHECK(out.nbearings == out.ntarget); /* the far radar saw nothing */
    vg_sim_output_fini(&out);
    vg_scenario_fini(&sc);
}

/* Bearing errors: zero mean and the configured sigma, per sensor kind and component; the
 * acoustic reference is where the drone was when the sound left it; R = diag(σ²). */
static void case_bearing_noise(void)
{
    struct vg_scenario sc;
    struct vg_sim_output out;
    CHECK(parse(&sc, links_yaml) == 0);
    CHECK(run(&sc, &out) == 0);
    for (int kind = 0; kind < 2; kind++) {
        const struct vg_sim_bearing_sensor *s = &sc.bearing_sensors[kind];
        double sigma[2] = {s->sigma_az_deg * DEG, s->sigma_el_deg * DEG};
        double sum[2] = {0}, sum2[2] = {0};
        size_t n = 0;
        for (size_t i = 0; i < out.ndets; i++) {
            const struct vg_detection *det = &out.dets[i];
            if (sensor_of(&sc, det) != s || det->kind != VG_DET_BEARING)
                continue;
            const struct vg_sim_object *o = &out.objects[out.det_object[i]];
            double te = s->type == VG_SENSOR_ACOUSTIC
                            ? emission_time(o, s->pos, s->sound_mps, det->t)
                            : det->t;
            double pos[3], vel[3], az, el;
            vg_sim_object_state(o, te, pos, vel);
            direction(s->pos, pos, &az, &el);
            CHECK_INT(det->nz, 2);
            CHECK((det->flags & ~VG_DET_HAS_EMITTER) == VG_DET_HAS_EL);
            CHECK(!(det->flags & VG_DET_HAS_EMITTER) == !vg_link_emits(out.det_emitter[i].link));
            double e[2] = {wrap_pi(det->z[0] - az), det->z[1] - el};
            for (int k = 0; k < 2; k++) {
                sum[k] += e[k];
                sum2[k] += e[k] * e[k];
                CHECK_NEAR(det->R[k * 2 + k], sigma[k] * sigma[k], 1e-12 * sigma[k] * sigma[k]);
            }
            CHECK(det->R[1] == 0 && det->R[2] == 0);
            CHECK(det->z[0] >= 0 && det->z[0] < 2 * PI);
            n++;
        }
        CHECK(n > (kind == 0 ? 3000u : 800u));
        for (int k = 0; k < 2; k++) {
            double mean = sum[k] / (double)n, sd = sqrt(sum2[k] / (double)n - mean * mean);
            CHECK(fabs(mean) < 4.5 * sigma[k] / sqrt((double)n));
            CHECK(fabs(sd / sigma[k] - 1) < 4.5 / sqrt(2.0 * (double)n));
        }
    }
    vg_sim_output_fini(&out);
    vg_scenario_fini(&sc);
}

/* A fast FPV crossing 300 m from an acoustic array with a sharp (0.05°) bearing: every
 * bearing points where the drone was |p(te) − s|/c earlier (te by bisection), never beyond
 * range_m from there, and not where it is at t (v/c = 0.29 rad off abeam); the array goes on
 * hearing the drone after its impact, for as long as the sound is on its way; Pd 0.7 within
 * range. */
static void case_acoustic_delay_and_range(void)
{
    static const char *yaml =
        HEAD "sensors:\n"
             "  - id: ac\n    type: acoustic\n    position: [0, 0, 2]\n    rate_hz: 40\n"
             "    range_m: 500\n    pd: 0.7\n    sigma: {az_deg: 0.05, el_deg: 0.05}\n"
             "targets:\n"
             "  - type: fpv\n    id: fast\n    link: fibre\n    launch: [-3000, 300, 0]\n"
             "    aim: [400, 300, 0]\n    speed_mps: 100\n    height_m: 50\n"
             "    climb_deg: 10\n    dive: {start_m: 300, angle_deg: 10}\n    max_g: 20\n";
    struct vg_scenario sc;
    struct vg_sim_output out;
    CHECK(parse(&sc, yaml) == 0);
    CHECK(run(&sc, &out) == 0);
    const struct vg_sim_bearing_sensor *s = &sc.bearing_sensors[0];
    const struct vg_sim_object *o = &out.objects[0];
    size_t n = 0, after_impact = 0;
    double max_range = 0, max_now_err = 0, max_delay_err = 0, max_err = 0;
    for (size_t i = 0; i < out.ndets; i++) {
        const struct vg_detection *det = &out.dets[i];
        if (det->kind != VG_DET_BEARING)
            continue;
        double te = emission_time(o, s->pos, s->sound_mps, det->t), p[3], v[3], q[3], az, el;
        CHECK(vg_sim_object_state(o, te, p, v)); /* flying when the sound left it */
        after_impact += !vg_sim_object_state(o, det->t, q, v);
        double r = dist(p, s->pos);
        max_range = fmax(max_range, r);
        max_delay_err = fmax(max_delay_err, fabs((det->t - te) - r / s->sound_mps));
        direction(s->pos, p, &az, &el);
        max_err = fmax(max_err, fmax(fabs(wrap_pi(det->z[0] - az)), fabs(det->z[1] - el)));
        direction(s->pos, q, &az, &el);
        max_now_err = fmax(max_now_err, fabs(wrap_pi(det->z[0] - az)));
        /* The model's own answer agrees with the bisection. */
        double pm[3];
        int alive;
        CHECK_NEAR(vg_bearing_source(s, o, det->t, pm, &alive), te, 1e-8);
        n++;
    }
    CHECK(max_range <= s->range_m && max_range > 0.97 * s->range_m);
    CHECK(max_delay_err < 1e-8);
    CHECK(max_err < 5 * 0.05 * DEG);
    CHECK(max_now_err > 0.2); /* the instantaneous direction is far off */
    CHECK(after_impact > 0);  /* heard after impact: the aim point is 300 m away */

    /* Pd: the intervals whose source is within range, times pd. */
    double in_range = 0;
    for (long k = 1; k <= (long)(sc.duration_s * 40 + 1e-9); k++) {
        double t = (double)k / 40, p[3];
        int alive;
        vg_bearing_source(s, o, t, p, &alive);
        double rel[3] = {p[0] - s->pos[0], p[1] - s->pos[1], p[2] - s->pos[2]};
        in_range += alive && vg_bearing_covers(s, rel);
    }
    CHECK(in_range > 250);
    CHECK(fabs((double)n - 0.7 * in_range) < 4.5 * sqrt(in_range * 0.7 * 0.3));
    fprintf(stderr, "  %zu bearings in %.0f intervals in range, %zu after impact\n", n,
            in_range, after_impact);
    vg_sim_output_fini(&out);
    vg_scenario_fini(&sc);
}

/* False bearings: Poisson(rate · P) per interval, uniform in azimuth, elevation within the
 * coverage; an RF one names one of the emitting links on its default band. Markers end every
 * interval, unless the sensor is set not to send them. */
static void case_false_bearings(void)
{
    static const char *yaml =
        HEAD "sensors:\n"
             "  - id: df\n    type: rf\n    position: [0, 0, 5]\n    rate_hz: 2\n"
             "    range_m: 5000\n    sigma: {az_deg: 3}\n    clutter_rate_hz: 3\n"
             "  - id: ac\n    type: acoustic\n    position: [0, 0, 2]\n    period_s: 0.5\n"
             "    range_m: 500\n    el_min_deg: 5\n    el_max_deg: 60\n"
             "    sigma: {az_deg: 4, el_deg: 5}\n    clutter_rate_hz: 1\n    markers: false\n";
    struct vg_scenario sc;
    struct vg_sim_output out;
    CHECK(parse(&sc, yaml) == 0);
    sc.duration_s = 2000;
    CHECK(run(&sc, &out) == 0);
    size_t count[2] = {0}, markers[2] = {0}, links[VG_LINK_COUNT] = {0};
    double az_sum[2] = {0};
    for (size_t i = 0; i < out.ndets; i++) {
        const struct vg_detection *det = &out.dets[i];
        const struct vg_sim_bearing_sensor *s = sensor_of(&sc, det);
        if (!s)
            continue;
        int k = s->type == VG_SENSOR_ACOUSTIC;
        if (det->kind == VG_DET_SCAN) {
            markers[k]++;
            continue;
        }
        CHECK_INT(out.det_object[i], VG_SIM_CLUTTER);
        count[k]++;
        az_sum[k] += det->z[0];
        CHECK(det->z[0] >= 0 && det->z[0] < 2 * PI);
        CHECK_INT(det->nz, 1 + k);
        if (k == 1)
            CHECK(det->z[1] >= 5 * DEG && det->z[1] <= 60 * DEG);
        if (k == 0) {
            int l = out.det_emitter[i].link;
            CHECK(vg_link_emits(l) && out.det_emitter[i].band_mhz == vg_link_band_mhz(l));
            links[l < VG_LINK_COUNT ? l : 0]++;
        }
    }
    CHECK_INT(markers[0], 4000);
    CHECK_INT(markers[1], 0);
    CHECK_INT(out.nclutter, count[0] + count[1]);
    double expect = 3.0 * 2000; /* rate × duration */
    CHECK(fabs((double)count[0] - expect) < 4.5 * sqrt(expect));
    expect = 1.0 * 2000;
    CHECK(fabs((double)count[1] - expect) < 4.5 * sqrt(expect));
    for (int k = 0; k < 2; k++) /* uniform azimuth: mean π, sd π/√3 */
        CHECK(fabs(az_sum[k] / (double)count[k] - PI) < 4.5 * PI / sqrt(3.0 * (double)count[k]));
    for (int l = 0; l < 3; l++)
        CHECK(fabs((double)links[l] - (double)count[0] / 3) < 4.5 * sqrt((double)count[0] * 2 / 9));
    vg_sim_output_fini(&out);
    vg_scenario_fini(&sc);
}

/* The geometry helpers against known answers. */
static void case_geometry(void)
{
    double z[2];
    double north_up[3] = {0, 100, 100}, west[3] = {-50, 0, 0};
    CHECK_NEAR(vg_bearing_true(north_up, z), 100 * sqrt(2.0), 1e-9);
    CHECK_NEAR(z[0], 0, 1e-15);
    CHECK_NEAR(z[1], PI / 4, 1e-15);
    vg_bearing_true(west, z);
    CHECK_NEAR(z[0], 1.5 * PI, 1e-15);
    struct vg_sim_bearing_sensor s;
    memset(&s, 0, sizeof s);
    s.range_m = 120;
    s.el_min_deg = 0;
    s.el_max_deg = 40;
    double in[3] = {0, 100, 50}, too_high[3] = {0, 50, 100}, too_far[3] = {0, 121, 0};
    double below[3] = {0, 50, -1};
    CHECK(vg_bearing_covers(&s, in));
    CHECK(!vg_bearing_covers(&s, too_high));
    CHECK(!vg_bearing_covers(&s, too_far));
    CHECK(!vg_bearing_covers(&s, below));
}

int main(void)
{
    RUN(case_geometry);
    RUN(case_who_is_sensed);
    RUN(case_bearing_noise);
    RUN(case_acoustic_delay_and_range);
    RUN(case_false_bearings);
    return test_report();
}
