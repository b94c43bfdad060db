/* SPDX-License-Identifier: MIT */
/* test_coop.c — cooperative traffic in the simulator: aircraft and hobby drones on routes
 * (sim/target_route.c), ADS-B and Remote ID receivers (sim/coop.c), effectors in the site, the
 * scenario keys for all of them, and the built-in exercises (scenarios/exercise-*.yaml).
 *
 * Only equipped objects are reported, by the right receiver; the position and velocity errors
 * have the configured σ (4-5 standard errors over thousands of updates from fixed seeds); the
 * loss rate is the configured one; identities, callsigns, squawks and operator positions are
 * carried into memory and through the files; routes keep their speed, height, corridor and
 * acceleration bound; the loader names FILE:LINE for every bad key. */
#include <unistd.h>

#include "test.h"

#include "sim/sim_fixture.h"

#include "base/site.h"
#include "sense/jsonl.h"
#include "sim/coop.h"
#include "sim/scenario.h"
#include "sim/sim.h"
#include "sim/target.h"

#define PI 3.14159265358979323846
#define DEG (PI / 180.0)
#define G0 9.80665

static int find_object(const struct vg_sim_output *out, const char *id)
{
    for (size_t i = 0; i < out->nobjects; i++)
        if (strcmp(out->objects[i].id, id) == 0)
            return (int)i;
    return -1;
}

/* ---- routes ----------------------------------------------------------------------------- */

/* Distance from p to the segment a-b (horizontal). */
static double seg_dist(const double p[2], const double a[2], const double b[2])
{
    double de = b[0] - a[0], dn = b[1] - a[1], L2 = de * de + dn * dn;
    double u = L2 > 0 ? ((p[0] - a[0]) * de + (p[1] - a[1]) * dn) / L2 : 0;
    u = u < 0 ? 0 : u > 1 ? 1 : u;
    return hypot(p[0] - a[0] - u * de, p[1] - a[1] - u * dn);
}

/* A helicopter route: from the first waypoint at t0 to the last at t0 + len/V, at constant
 * speed and height, velocity continuous (the finite difference of position is the velocity),
 * acceleration max_g·g0 in the turns and 0 on the legs, within the corridor the fly-by turns
 * allow around the polyline: r·(1 − cos(θ/2)) from the legs at a corner of turn θ. */
static void case_helicopter_path(void)
{
    struct vg_sim_route r;
    memset(&r, 0, sizeof r);
    r.kind = VG_ROUTE_WAYPOINTS;
    double pts[5][2] = {{-6000, 1500}, {-1000, 600}, {1500, 900}, {3000, -1500}, {6000, -400}};
    r.npts = 5;
    memcpy(r.pts, pts, sizeof pts);
    r.speed_mps = 55;
    r.height_m = 300;
    r.start_s = -20;
    r.end_s = INFINITY;
    r.max_g = 0.3;
    struct vg_route_path *p = malloc(sizeof *p);
    struct vg_diag why;
    CHECK(p && vg_route_path_init(p, &r, &why) == 0);
    if (!p)
        return;
    double rad = 55.0 * 55.0 / (0.3 * G0), corridor = 0, legs = 0, cut = 0;
    for (int i = 1; i < 4; i++) {
        double a[2] = {pts[i][0] - pts[i - 1][0], pts[i][1] - pts[i - 1][1]};
        double b[2] = {pts[i + 1][0] - pts[i][0], pts[i + 1][1] - pts[i][1]};
        double th = fabs(atan2(a[0] * b[1] - a[1] * b[0], a[0] * b[0] + a[1] * b[1]));
        corridor = fmax(corridor, rad * (1 - cos(th / 2))); /* the turn's mid-point */
        cut += 2 * rad * tan(th / 2) - rad * th; /* a turn is shorter than its two tangents */
    }
    for (int i = 0; i < 4; i++)
        legs += hypot(pts[i + 1][0] - pts[i][0], pts[i + 1][1] - pts[i][1]);
    CHECK_NEAR(p->len, legs - cut, 1e-6 * legs);
    CHECK_NEAR(p->t_end, -20 + p->len / 55, 1e-9);
    CHECK(!p->loop && p->npieces == 7);
    double pos[3], vel[3], acc[3], prev[3], worst_fd = 0, worst_out = 0, amax = 0;
    vg_route_path_eval(p, -20, pos, vel, acc);
    CHECK(pos[0] == -6000 && pos[1] == 1500 && pos[2] == 300);
    vg_route_path_eval(p, p->t_end, pos, vel, acc);
    CHECK_NEAR(pos[0], 6000, 1e-6);
    CHECK_NEAR(pos[1], -400, 1e-6);
    vg_route_path_eval(p, p->t_end + 100, pos, vel, acc); /* clamped at the end */
    CHECK_NEAR(pos[0], 6000, 1e-6);
    double dt = 0.01;
    vg_route_path_eval(p, -20, prev, vel, acc);
    for (double t = -20 + dt; t <= p->t_end; t += dt) {
        vg_route_path_eval(p, t, pos, vel, acc);
        CHECK_NEAR(hypot(vel[0], vel[1]), 55, 1e-9);
        CHECK(pos[2] == 300 && vel[2] == 0);
        double a = hypot(acc[0], acc[1]);
        amax = fmax(amax, a);
        CHECK(a < 1e-9 || fabs(a - 0.3 * G0) < 1e-9);
        for (int i = 0; i < 2; i++) /* a difference is off the velocity by ≤ amax·dt/2 */
            worst_fd = fmax(worst_fd, fabs((pos[i] - prev[i]) / dt - vel[i]) - 0.15 * G0 * dt);
        double d = 1e30;
        for (int i = 0; i < 4; i++)
            d = fmin(d, seg_dist(pos, pts[i], pts[i + 1]));
        worst_out = fmax(worst_out, d);
        memcpy(prev, pos, sizeof prev);
    }
    CHECK_NEAR(amax, 0.3 * G0, 1e-9);
    CHECK(worst_fd < 1e-6);               /* no jump in position or velocity */
    CHECK(worst_out <= corridor + 1e-6);  /* within the turns' corridor */
    CHECK(corridor > 10 && worst_out > 0.9 * corridor); /* and it does cut the corners */
    free(p);
}

/* An orbit stays on its circle at its speed; a lawn-mower survey stays inside its area, joins
 * up at the end of each circuit, and a loop starts where its first turn ends. */
static void case_loiter_and_lawnmower(void)
{
    struct vg_sim_route r;
    memset(&r, 0, sizeof r);
    r.kind = VG_ROUTE_LOITER;
    r.centre[0] = 600;
    r.centre[1] = -700;
    r.radius_m = 80;
    r.clockwise = 1;
    r.speed_mps = 8;
    r.height_m = 60;
    r.end_s = INFINITY;
    r.max_g = 0.5;
    struct vg_route_path *p = malloc(sizeof *p);
    struct vg_diag why;
    if (!p)
        return;
    CHECK(vg_route_path_init(p, &r, &why) == 0);
    CHECK(p->loop && isinf(p->t_end));
    double pos[3], vel[3], acc[3];
    vg_route_path_eval(p, 0, pos, vel, acc);
    CHECK_NEAR(pos[0], 600, 1e-9);
    CHECK_NEAR(pos[1], -620, 1e-9); /* due north of the centre */
    CHECK(vel[0] > 7.99);           /* clockwise: heading east there */
    for (double t = 0; t < 500; t += 0.37) {
        vg_route_path_eval(p, t, pos, vel, acc);
        CHECK_NEAR(hypot(pos[0] - 600, pos[1] + 700), 80, 1e-9);
        CHECK_NEAR(hypot(vel[0], vel[1]), 8, 1e-12);
        CHECK_NEAR(hypot(acc[0], acc[1]), 64.0 / 80, 1e-12);
    }
    r.radius_m = 10; /* 6.4 m/s² > 0.5 g */
    CHECK(vg_route_path_init(p, &r, &why) == VG_ERANGE && strstr(why.msg, "needs 0.65 g"));

    memset(&r, 0, sizeof r);
    r.kind = VG_ROUTE_LAWNMOWER;
    r.centre[0] = -800;
    r.centre[1] = -900;
    r.legs = 6;
    r.spacing_m = 50;
    r.length_m = 300;
    r.heading_deg = 90;
    r.speed_mps = 10;
    r.height_m = 80;
    r.end_s = INFINITY;
    r.max_g = 0.5;
    CHECK(vg_route_expand(&r, &why) == 0);
    CHECK(r.npts == 12 && r.loop);
    CHECK_NEAR(r.pts[0][0], -950, 1e-9); /* first leg west to east, southernmost... */
    CHECK_NEAR(r.pts[0][1], -775, 1e-9); /* ... heading 90: its right is south */
    CHECK_NEAR(r.pts[11][0], -950, 1e-9);
    CHECK_NEAR(r.pts[11][1], -1025, 1e-9);
    CHECK(vg_route_path_init(p, &r, &why) == 0);
    double circuit = p->len / 10, prev[3];
    vg_route_path_eval(p, 0, prev, vel, acc);
    int inside = 1;
    for (double t = 0.05; t < 3 * circuit; t += 0.05) {
        vg_route_path_eval(p, t, pos, vel, acc);
        inside &= pos[0] >= -950 - 1e-9 && pos[0] <= -650 + 1e-9 && pos[1] >= -1025 - 1e-9 &&
                  pos[1] <= -775 + 1e-9;
        CHECK(hypot(pos[0] - prev[0], pos[1] - prev[1]) <= 10 * 0.05 + 1e-9);
        CHECK(hypot(acc[0], acc[1]) <= 0.5 * G0 + 1e-9);
        memcpy(prev, pos, sizeof prev);
    }
    CHECK(inside);
    double a[3], b[3];
    vg_route_path_eval(p, circuit - 1e-7, a, vel, acc);
    vg_route_path_eval(p, circuit + 1e-7, b, vel, acc);
    CHECK(hypot(a[0] - b[0], a[1] - b[1]) < 1e-5); /* the circuit closes */
    r.legs = 5;
    CHECK(vg_route_expand(&r, &why) == VG_ERANGE && strstr(why.msg, "must be even"));
    free(p);
}

/* ---- the receivers ----------------------------------------------------------------------- */

#define TOP "name: t\nseed: 11\nduration_s: 600\nsite:\n  origin: {lat: 48.6, lon: 22.3, h: 120}\n"
#define RADAR                                                                                  \
    "radars:\n  - id: r1\n    position: [0, 0, 8]\n    rate_hz: 1\n    range_max_m: 5000\n"    \
    "    pd: {ref: 0.9, range_m: 3000}\n    sigma: {range_m: 5, az_deg: 0.5, el_deg: 0.5}\n"
/* TOP and RADAR are lines 1-12. */

/* Every kind of object, equipped and not, and every kind of sensor. */
static const char mixed[] = TOP RADAR
    "sensors:\n"
    "  - {id: adsb-1, type: adsb, position: [0, 0, 12], rate_hz: 1, jitter_s: 0.2,\n"
    "     range_m: 100000, sigma: {horizontal_m: 20, vertical_m: 40, vel_mps: 2}, loss: 0.2}\n"
    "  - {id: df1, type: rf, position: [0, 0, 10], rate_hz: 1, start_s: 0.5, range_m: 6000,\n"
    "     sigma: {az_deg: 3}}\n"
    "  - {id: rid-1, type: remoteid, position: [0, 0, 10], period_s: 2, jitter_s: 0,\n"
    "     range_m: 3000, sigma: {horizontal_m: 5, vertical_m: 8, vel_mps: 0.5}, loss: 0.05}\n"
    "  - {id: ac1, type: acoustic, position: [300, 300, 2], rate_hz: 1, start_s: 0.3,\n"
    "     range_m: 2000, sigma: {az_deg: 4}}\n"
    "targets:\n"
    "  - {type: aircraft, id: heli-1, loop: true,\n"
    "     route: [[-3000, 0], [0, 2000], [3000, 0], [0, -2000]],\n"
    "     speed_mps: 50, height_m: 300, adsb: {icao: 4CA1F3, callsign: HEMS12, squawk: '0020'}}\n"
    "  - {type: aircraft, id: cessna, route: [[-4000, -2000], [4000, -1000]], speed_mps: 60,\n"
    "     height_m: 800, start_s: -40}\n"
    "  - {type: hobby, id: mavic-1, pattern: loiter, centre: [600, -700], radius_m: 80,\n"
    "     speed_mps: 8, height_m: 60,\n"
    "     remoteid: {uas_id: 1581F4XFA22B0012ABCD, operator: [520, -760]}}\n"
    "  - {type: hobby, id: survey-1, pattern: lawnmower, centre: [-800, -900], legs: 6,\n"
    "     spacing_m: 50, length_m: 300, speed_mps: 10, height_m: 80,\n"
    "     remoteid: {uas_id: 'M300 SURVEY #7'}}\n"
    "  - {type: hobby, id: quiet-1, pattern: waypoints, route: [[200, 200], [400, 200],\n"
    "     [400, 400]], speed_mps: 6, height_m: 40, link: fibre}\n"
    "  - {type: fpv, id: fpv-1, launch: [2500, 0, 0], launch_s: 100, speed_mps: 40,\n"
    "     height_m: 60, aim: [0, 0, 0], dive: {start_m: 300, angle_deg: 30}}\n"
    "  - {type: flock, id: gulls, count: 5, centre: [500, 1500], radius_m: 50,\n"
    "     height_m: [30, 100], speed_mps: [5, 10]}\n";

/* Only equipped objects are reported, each by its own kind of receiver, with no markers and
 * no false reports; identities go with them; the other sensors see what they should. */
static void case_only_equipped_report(void)
{
    struct vg_scenario sc;
    struct vg_sim_output out;
    CHECK(parse(&sc, mixed) == 0);
    CHECK_INT(sc.ncoop_receivers, 2);
    CHECK_INT(sc.nbearing_sensors, 2);
    CHECK(sc.site.nsensors == 5 && sc.site.sensors[3].type == VG_SENSOR_ADSB &&
          sc.site.sensors[4].type == VG_SENSOR_REMOTEID && sc.site.sensors[1].type == VG_SENSOR_RF);
    CHECK(run(&sc, &out) == 0);
    CHECK_INT(out.nobjects, 1 + 5 + 2 + 3);
    int heli = find_object(&out, "heli-1"), cessna = find_object(&out, "cessna");
    int mavic = find_object(&out, "mavic-1"), survey = find_object(&out, "survey-1");
    int quiet = find_object(&out, "quiet-1");
    CHECK(heli == 6 && cessna == 7 && mavic == 8 && survey == 9 && quiet == 10);
    CHECK(out.objects[heli].cls == VG_CLASS_AIRCRAFT && !out.objects[heli].hostile);
    CHECK(out.objects[mavic].cls == VG_CLASS_DRONE && !out.objects[mavic].hostile);
    CHECK(out.objects[mavic].link == VG_LINK_DJI_OCUSYNC && out.objects[mavic].band_mhz == 2400);
    CHECK(out.objects[heli].rcs_dbsm == 10 && out.objects[mavic].rcs_dbsm == -17);
    size_t per[16] = {0}, radar[16] = {0}, rf[16] = {0}, ac[16] = {0}, coop = 0, markers[5] = {0};
    for (size_t i = 0; i < out.ndets; i++) {
        const struct vg_detection *d = &out.dets[i];
        int o = out.det_object[i];
        if (d->kind == VG_DET_SCAN) {
            markers[d->sensor]++;
            continue;
        }
        if (o >= 0 && d->sensor == 0)
            radar[o]++;
        if (o >= 0 && d->sensor == 1)
            rf[o]++;
        if (o >= 0 && d->sensor == 2)
            ac[o]++;
        if (d->sensor < 3)
            continue;
        coop++;
        CHECK(o >= 0);
        if (o < 0)
            continue;
        per[o]++;
        CHECK(d->kind == (d->sensor == 3 ? VG_DET_ADSB : VG_DET_REMOTEID));
        CHECK(d->nz == 3 && (d->flags & VG_DET_HAS_COOP_VEL));
        CHECK(strcmp(d->coop_id, o == heli ? "4ca1f3" : o == mavic ? "1581F4XFA22B0012ABCD"
                                                                  : "M300 SURVEY #7") == 0);
        int op = (d->flags & VG_DET_HAS_COOP_OP) != 0;
        CHECK(op == (o == mavic));
        if (op)
            CHECK(d->coop_op[0] == 520.0f && d->coop_op[1] == -760.0f);
        CHECK(d->t >= 0 && d->t <= 600);
    }
    CHECK_INT(coop, out.ncoop);
    CHECK(markers[3] == 0 && markers[4] == 0 && markers[0] == 600 && markers[1] == 599);
    for (size_t o = 0; o < out.nobjects; o++) {
        int equipped = (int)o == heli || (int)o == mavic || (int)o == survey;
        CHECK(equipped ? per[o] > 100 : per[o] == 0);
    }
    CHECK(radar[heli] > 300 && radar[cessna] > 50 && radar[mavic] > 100); /* radar: everyone */
    CHECK(rf[mavic] > 300 && rf[survey] > 300 && rf[find_object(&out, "fpv-1")] > 20);
    CHECK(rf[heli] == 0 && rf[cessna] == 0 && rf[quiet] == 0);           /* fibre: silent */
    CHECK(ac[quiet] > 100 && ac[heli] == 0 && ac[cessna] == 0);          /* drones only */
    for (size_t o = 0; o < 5; o++)
        CHECK(rf[1 + o] == 0 && ac[1 + o] == 0); /* birds */
    CHECK(strcmp(out.objects[heli].callsign, "HEMS12") == 0 &&
          strcmp(out.objects[heli].squawk, "0020") == 0);
    CHECK(out.objects[cessna].coop == 0 && out.objects[cessna].coop_id[0] == '\0');
    CHECK(out.objects[cessna].t_start == -40);
    vg_sim_output_fini(&out);
    vg_scenario_fini(&sc);
}

/* Long runs of one aircraft and one drone for the statistics: 3000 s at 2 Hz. */
static const char stats[] = TOP RADAR
    "sensors:\n"
    "  - {id: adsb-1, type: adsb, position: [0, 0, 12], rate_hz: 2, jitter_s: 0.1,\n"
    "     range_m: 100000, sigma: {horizontal_m: 20, vertical_m: 40, vel_mps: 2}, loss: 0.3}\n"
    "  - {id: rid-1, type: remoteid, position: [0, 0, 10], rate_hz: 2, jitter_s: 0,\n"
    "     range_m: 3000, sigma: {horizontal_m: 5, vertical_m: 8, vel_mps: 0.5}, loss: 0.05}\n"
    "targets:\n"
    "  - {type: aircraft, id: heli-1, loop: true,\n"
    "     route: [[-3000, 0], [0, 2000], [3000, 0], [0, -2000]],\n"
    "     speed_mps: 50, height_m: 300, adsb: {icao: 4ca1f3}}\n"
    "  - {type: hobby, id: mavic-1, pattern: loiter, centre: [600, -700], radius_m: 80,\n"
    "     speed_mps: 8, height_m: 60, remoteid: {uas_id: X1}}\n";

/* The position and velocity errors are Gaussian with the configured σ per axis (mean 0 and
 * the standard deviation within 5 standard errors), and R states them; the loss rate is the
 * configured one; updates keep their schedule: φ + k·P within ±jitter. */
static void case_noise_loss_schedule(void)
{
    char text[sizeof stats + 16];
    snprintf(text, sizeof text, "%s", stats);
    char *dur = strstr(text, "duration_s: 600");
    if (dur)
        memcpy(dur, "duration_s: 3e3", 15);
    struct vg_scenario sc;
    struct vg_sim_output out;
    CHECK(parse(&sc, text) == 0);
    CHECK(run(&sc, &out) == 0);
    for (int rx = 0; rx < 2; rx++) {
        const struct vg_sim_coop_receiver *r = &sc.coop_receivers[rx];
        double sd[4] = {r->sigma_h_m, r->sigma_h_m, r->sigma_v_m, r->sigma_vel_mps};
        double sum[6] = {0}, sum2[6] = {0}, first = -1, prev = -1, lo = 1e9, hi = -1e9;
        size_t n = 0;
        int schedule_ok = 1;
        for (size_t i = 0; i < out.ndets; i++) {
            const struct vg_detection *d = &out.dets[i];
            if (d->sensor != 1 + (uint32_t)rx)
                continue;
            double pos[3], vel[3];
            CHECK(vg_sim_object_state(&out.objects[out.det_object[i]], d->t, pos, vel));
            for (int k = 0; k < 3; k++) {
                double e = (d->z[k] - pos[k]) / sd[k], v = (d->coop_vel[k] - vel[k]) / sd[3];
                sum[k] += e;
                sum2[k] += e * e;
                sum[3 + k] += v;
                sum2[3 + k] += v * v;
                CHECK(d->R[4 * k] == sd[k] * sd[k]);
            }
            /* Update k lies in [φ + kP − j, φ + kP + j]: relative to the first, the offset
             * from a whole number of periods is within ±2j. */
            if (first < 0)
                first = d->t;
            double off = fmod(d->t - first + 0.25 * r->period_s, r->period_s) - 0.25 * r->period_s;
            lo = fmin(lo, off);
            hi = fmax(hi, off);
            schedule_ok &= prev < 0 || d->t >= prev;
            prev = d->t;
            n++;
        }
        double slots = sc.duration_s / r->period_s, keep = 1 - r->loss;
        fprintf(stderr, "  %s: %zu updates of %.0f slots (%.3f kept, %.3f expected), offsets "
                "[%.3f, %.3f] s\n", r->id, n, slots, n / slots, keep, lo, hi);
        CHECK(fabs(n / slots - keep) < 5 * sqrt(keep * (1 - keep) / slots) + 1.0 / slots);
        CHECK(n > 4000);
        for (int k = 0; k < 6 && n; k++) {
            double mean = sum[k] / n, var = sum2[k] / n - mean * mean;
            CHECK(fabs(mean) < 5 / sqrt((double)n));
            CHECK(fabs(sqrt(var) - 1) < 5 / sqrt(2.0 * n));
        }
        CHECK(schedule_ok);
        CHECK(lo >= -2 * r->jitter_s - 1e-9 && hi <= 2 * r->jitter_s + 1e-9);
        if (r->jitter_s == 0)
            CHECK(hi - lo < 1e-6); /* no jitter: exactly periodic */
        else
            CHECK(hi - lo > r->jitter_s); /* the jitter is used */
    }
    vg_sim_output_fini(&out);
    vg_scenario_fini(&sc);
}

/* Coverage: nothing beyond range_m, nor beyond the radio horizon of a low aircraft. */
static void case_range_and_horizon(void)
{
    static const char text[] = TOP RADAR
        "sensors:\n"
        "  - {id: near, type: adsb, position: [0, 0, 10], rate_hz: 1, range_m: 15000}\n"
        "  - {id: far, type: adsb, position: [0, 0, 10], rate_hz: 1, range_m: 200000}\n"
        "targets:\n"
        "  - {type: aircraft, id: low, route: [[-60000, 0], [60000, 0]], start_s: -300,\n"
        "     speed_mps: 200, height_m: 30, adsb: {icao: abcdef}}\n";
    struct vg_scenario sc;
    struct vg_sim_output out;
    CHECK(parse(&sc, text) == 0);
    CHECK(run(&sc, &out) == 0);
    double horizon = vg_coop_horizon_m(10, 30), max_near = 0, max_far = 0;
    CHECK_NEAR(horizon, 4121.8 * (sqrt(10) + sqrt(30)), 5);
    size_t beyond_near = 0;
    for (size_t i = 0; i < out.ndets; i++) {
        const struct vg_detection *d = &out.dets[i];
        double pos[3], vel[3];
        vg_sim_object_state(&out.objects[0], d->t, pos, vel);
        double r = hypot(pos[0], pos[1]);
        if (d->sensor == 1)
            max_near = fmax(max_near, hypot(r, pos[2] - 10));
        if (d->sensor == 2) {
            max_far = fmax(max_far, r);
            beyond_near += r > 15000;
        }
    }
    fprintf(stderr, "  farthest: %.0f m (range 15000), %.0f m (horizon %.0f)\n", max_near,
            max_far, horizon);
    CHECK(max_near <= 15000 && max_near > 14000);
    CHECK(max_far <= horizon && max_far > horizon - 500 && beyond_near > 50);
    vg_sim_output_fini(&out);
    vg_scenario_fini(&sc);
}

/* The files: site.geojson declares the receivers and the effectors; detections.jsonl holds
 * adsb and remoteid lines with callsign, squawk and operator, which read back (through the
 * site's frame) to the reports in memory. */
static void case_files(void)
{
    static const char effectors[] =
        "  effectors:\n"
        "    - {id: jam-1, type: rf-jammer, position: [0, -20, 10], range_m: 1500}\n"
        "    - {id: net-1, type: net, position: [20, 0, 3], range_m: 300}\n";
    char text[sizeof mixed + sizeof effectors];
    const char *radars = strstr(mixed, "radars:");
    snprintf(text, sizeof text, "%.*s%s%s", (int)(radars - mixed), mixed, effectors, radars);
    struct vg_scenario sc;
    struct vg_sim_output out;
    struct vg_diag d;
    CHECK(parse(&sc, text) == 0);
    CHECK(run(&sc, &out) == 0);
    char dir[] = "/tmp/vigil-coop-XXXXXX", path[256];
    CHECK(mkdtemp(dir) != NULL);
    CHECK(vg_sim_write(&sc, &out, dir, &d) == 0);

    struct vg_site site;
    vg_site_init(&site);
    snprintf(path, sizeof path, "%s/site.geojson", dir);
    CHECK(vg_site_load(&site, path, &d) == 0);
    CHECK_INT(site.nsensors, 5);
    CHECK(site.nsensors == 5 && site.sensors[3].type == VG_SENSOR_ADSB &&
          strcmp(site.sensors[3].id, "adsb-1") == 0 && site.sensors[3].range_m == 100000 &&
          site.sensors[4].type == VG_SENSOR_REMOTEID && site.sensors[4].rate_hz == 0.5);
    CHECK_INT(site.neffectors, 2);
    if (site.neffectors == 2) {
        const struct vg_effector *j = &site.effectors[0], *n = &site.effectors[1];
        CHECK(strcmp(j->id, "jam-1") == 0 && strcmp(j->type, "rf-jammer") == 0 &&
              j->range_m == 1500);
        CHECK(strcmp(n->id, "net-1") == 0 && strcmp(n->type, "net") == 0 && n->range_m == 300);
        CHECK_NEAR(j->pos[1], -20, 1e-6);
        CHECK_NEAR(j->pos[2], 10, 1e-6);
        CHECK_NEAR(n->pos[0], 20, 1e-6);
    }

    struct vg_detection *dets = NULL;
    size_t n = 0;
    snprintf(path, sizeof path, "%s/detections.jsonl", dir);
    CHECK(vg_jsonl_read_all(path, &site, 0, &dets, &n, &d) == 0);
    CHECK_INT(n, out.ndets);
    size_t ncoop = 0, nop = 0;
    double worst = 0;
    for (size_t i = 0; i < n && i < out.ndets; i++) {
        const struct vg_detection *a = &out.dets[i], *b = &dets[i];
        CHECK(a->t == b->t && a->kind == b->kind && a->sensor == b->sensor);
        if (a->kind != VG_DET_ADSB && a->kind != VG_DET_REMOTEID)
            continue;
        ncoop++;
        CHECK(strcmp(a->coop_id, b->coop_id) == 0 && a->flags == b->flags && b->nz == 3);
        for (int k = 0; k < 3; k++) {
            worst = fmax(worst, fabs(a->z[k] - b->z[k]));
            CHECK(a->coop_vel[k] == b->coop_vel[k]);
            CHECK_NEAR(b->R[4 * k], a->R[4 * k], 1e-12 * a->R[4 * k]);
        }
        if (a->flags & VG_DET_HAS_COOP_OP) {
            nop++;
            CHECK(a->coop_op[0] == b->coop_op[0] && a->coop_op[1] == b->coop_op[1]);
        }
    }
    CHECK(ncoop == out.ncoop && ncoop > 500 && nop > 100);
    CHECK(worst < 1e-6);
    free(dets);

    /* The line itself, as formats.md has it. */
    FILE *f = fopen(path, "r");
    char line[2048];
    size_t adsb = 0, with_call = 0, rid_op = 0;
    while (f && fgets(line, sizeof line, f)) {
        if (strstr(line, "\"kind\":\"adsb\"")) {
            adsb++;
            with_call += strstr(line, "\"icao\":\"4ca1f3\",\"callsign\":\"HEMS12\","
                                      "\"squawk\":\"0020\",\"lat\":") != NULL;
            CHECK(strstr(line, "\"alt_m\":") && strstr(line, "\"vel\":[") &&
                  strstr(line, "\"truth\":\"heli-1\""));
        }
        if (strstr(line, "\"uas_id\":\"1581F4XFA22B0012ABCD\""))
            rid_op += strstr(line, "\"operator\":{\"lat\":48.") != NULL;
    }
    if (f)
        fclose(f);
    CHECK(adsb > 100 && with_call == adsb && rid_op > 100);
    vg_site_fini(&site);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0);
    vg_sim_output_fini(&out);
    vg_scenario_fini(&sc);
}

/* Adding objects or a receiver changes no other object's updates (streams seeded from ids). */
static void case_streams(void)
{
    struct vg_scenario a, b;
    struct vg_sim_output oa, ob;
    static const char extra[] =
        "  - {type: aircraft, id: other, route: [[-500, -500], [500, 600]], speed_mps: 40,\n"
        "     height_m: 200, adsb: {icao: 123abc}}\n";
    char text[sizeof mixed + sizeof extra];
    const char *fpv = strstr(mixed, "  - {type: fpv");
    snprintf(text, sizeof text, "%.*s%s%s", (int)(fpv - mixed), mixed, extra, fpv);
    CHECK(parse(&a, mixed) == 0 && parse(&b, text) == 0);
    CHECK(run(&a, &oa) == 0 && run(&b, &ob) == 0);
    size_t na = 0, nb = 0, same = 1;
    size_t i = 0, j = 0;
    for (;;) {
        while (i < oa.ndets && !(oa.dets[i].sensor == 3 && !strcmp(oa.dets[i].coop_id, "4ca1f3")))
            i++;
        while (j < ob.ndets && !(ob.dets[j].sensor == 3 && !strcmp(ob.dets[j].coop_id, "4ca1f3")))
            j++;
        if (i == oa.ndets || j == ob.ndets)
            break;
        same &= oa.dets[i].t == ob.dets[j].t && oa.dets[i].z[0] == ob.dets[j].z[0];
        na++, nb++, i++, j++;
    }
    CHECK(same && na > 100 && i == oa.ndets && j == ob.ndets);
    vg_sim_output_fini(&oa);
    vg_sim_output_fini(&ob);
    vg_scenario_fini(&a);
    vg_scenario_fini(&b);
}

/* ---- malformed scenarios ------------------------------------------------------------------ */

#define SITE "name: t\nseed: 1\nduration_s: 10\nsite:\n  origin: {lat: 48, lon: 22}\n" /* 1-5 */
#define SENS "sensors:\n" /* line 13; an entry on line 14 */
#define TGT "targets:\n"  /* line 13; an entry on line 14 */
#define HELI "  - {type: aircraft, id: h1, speed_mps: 50, height_m: 300, "
#define HOBBY "  - {type: hobby, id: d1, speed_mps: 8, height_m: 60, "
#define ADSB_RX "  - {id: a1, type: adsb, position: [0, 0, 5], rate_hz: 1, range_m: 1000, "

static void case_malformed(void)
{
    static const struct {
        const char *name, *yaml;
        int line;
        const char *msg;
    } cases[] = {
        {"valid", TOP RADAR SENS ADSB_RX "loss: 0.1}\n" TGT HELI "route: [[0, 0], [1000, 0]]}\n"
                  HOBBY "pattern: loiter, centre: [0, 0], radius_m: 50}\n",
         0, NULL},
        {"valid effectors", SITE
                            "  effectors:\n    - {id: e1, type: gnss-jammer, position: [0, 0, 1],"
                            " range_m: 800}\n" RADAR, 0, NULL},
        {"jitter above half", TOP RADAR SENS ADSB_RX "jitter_s: 0.6}\n", 14,
         "adsb receiver 'a1': 'jitter_s' 0.6 must be at most half the update interval (1 s)"},
        {"loss one", TOP RADAR SENS ADSB_RX "loss: 1}\n", 14, "'loss' must be < 1, not 1"},
        {"loss negative", TOP RADAR SENS ADSB_RX "loss: -0.1}\n", 14, "'loss' must be >= 0"},
        {"receiver no range", TOP RADAR SENS "  - {id: a1, type: remoteid, position: [0, 0, 5], "
                                             "rate_hz: 1}\n", 14,
         "remoteid receiver 'a1': missing 'range_m'"},
        {"receiver no rate", TOP RADAR SENS "  - {id: a1, type: adsb, position: [0, 0, 5], "
                                            "range_m: 1}\n", 14,
         "adsb receiver 'a1': missing 'rate_hz' (or 'period_s')"},
        {"receiver bearing sigma", TOP RADAR SENS ADSB_RX "sigma: {az_deg: 3}}\n", 14,
         "unknown key 'sigma.az_deg'"},
        {"receiver zero sigma", TOP RADAR SENS ADSB_RX "sigma: {horizontal_m: 0}}\n", 14,
         "'sigma.horizontal_m' must be > 0, not 0"},
        {"receiver markers", TOP RADAR SENS ADSB_RX "markers: true}\n", 14,
         "unknown key 'markers'"},
        {"receiver bias", TOP RADAR SENS ADSB_RX "bias: {az_deg: 1}}\n", 14, "unknown key 'bias'"},
        {"sensor type", TOP RADAR SENS "  - {id: a1, type: mlat}\n", 14,
         "sensor 'a1': 'type' must be one of rf, acoustic, adsb, remoteid"},
        {"receiver id of radar", TOP RADAR SENS "  - {id: r1, type: adsb, position: [0, 0, 5], "
                                               "rate_hz: 1, range_m: 1}\n", 14,
         "adsb receiver 'r1': duplicate sensor id (ids are unique among all sensors)"},
        {"receiver id of a df", TOP RADAR SENS
         "  - {id: x, type: rf, position: [0, 0, 5], rate_hz: 1, range_m: 1, sigma: {az_deg: 3}}\n"
         "  - {id: x, type: remoteid, position: [0, 0, 5], rate_hz: 1, range_m: 1}\n",
         15, "remoteid receiver 'x': duplicate sensor id"},
        {"target type", TOP RADAR TGT "  - {type: balloon, id: b}\n", 14,
         "'type' must be one of fpv, flock, aircraft, hobby"},
        {"aircraft no route", TOP RADAR TGT HELI "adsb: {icao: abcdef}}\n", 14,
         "aircraft 'h1': missing 'route'"},
        {"aircraft one waypoint", TOP RADAR TGT HELI "route: [[0, 0]]}\n", 14,
         "'route' must have 2 to 64 [e, n] waypoints, not 1"},
        {"aircraft waypoint 3-D", TOP RADAR TGT HELI "route: [[0, 0], [1, 2, 3]]}\n", 14,
         "'route' must be a list of 2 numbers"},
        {"aircraft same waypoint", TOP RADAR TGT HELI "route: [[0, 0], [0, 0.5]]}\n", 14,
         "waypoints 1 and 2 are less than 1 m apart"},
        {"aircraft turns back", TOP RADAR TGT HELI "route: [[0, 0], [5000, 0], [0, 10]]}\n", 14,
         "the route turns back at waypoint 2"},
        {"aircraft tight turns", TOP RADAR TGT HELI
         "route: [[0, 0], [5000, 0], [5000, 300], [0, 300]]}\n", 14,
         "the turns at waypoints 2 and 3 need"},
        {"aircraft too fast", TOP RADAR TGT "  - {type: aircraft, id: h1, speed_mps: 400, "
                                            "height_m: 300, route: [[0, 0], [1000, 0]]}\n", 14,
         "'speed_mps' must be <= 350, not 400"},
        {"aircraft end before start", TOP RADAR TGT HELI "route: [[0, 0], [1000, 0]], "
                                                         "start_s: 10, end_s: 5}\n", 14,
         "'end_s' 5 must be after 'start_s' 10"},
        {"icao short", TOP RADAR TGT HELI "route: [[0, 0], [1000, 0]], adsb: {icao: 4ca1f}}\n", 14,
         "'adsb.icao' must be 6 hex digits (a 24-bit address)"},
        {"icao not hex", TOP RADAR TGT HELI "route: [[0, 0], [1000, 0]], adsb: {icao: 4ca1fg}}\n",
         14, "'adsb.icao' must be 6 hex digits"},
        {"icao long", TOP RADAR TGT HELI "route: [[0, 0], [1000, 0]], adsb: {icao: 4ca1f3a9}}\n",
         14, "'adsb.icao' must be a text of at most 7 bytes"},
        {"icao missing", TOP RADAR TGT HELI "route: [[0, 0], [1000, 0]], adsb: {squawk: '7000'}}\n",
         14, "missing 'adsb.icao'"},
        {"callsign lower", TOP RADAR TGT HELI "route: [[0, 0], [1000, 0]], "
                                              "adsb: {icao: abcdef, callsign: hems12}}\n", 14,
         "'adsb.callsign' must be 1 to 8 of A-Z, 0-9 and space"},
        {"squawk 8", TOP RADAR TGT HELI "route: [[0, 0], [1000, 0]], "
                                        "adsb: {icao: abcdef, squawk: '7800'}}\n", 14,
         "'adsb.squawk' must be 4 octal digits"},
        {"hobby no pattern", TOP RADAR TGT HOBBY "centre: [0, 0]}\n", 14,
         "hobby 'd1': missing 'pattern'"},
        {"hobby bad pattern", TOP RADAR TGT HOBBY "pattern: hover}\n", 14,
         "'pattern' must be one of waypoints, loiter, lawnmower, not 'hover'"},
        {"loiter no radius", TOP RADAR TGT HOBBY "pattern: loiter, centre: [0, 0]}\n", 14,
         "missing 'radius_m' (pattern loiter)"},
        {"loiter no centre", TOP RADAR TGT HOBBY "pattern: loiter, radius_m: 50}\n", 14,
         "missing 'centre' (pattern loiter)"},
        {"loiter with legs", TOP RADAR TGT HOBBY "pattern: loiter, centre: [0, 0], radius_m: 50, "
                                                 "legs: 4}\n", 14,
         "'legs' is a key of pattern lawnmower, not loiter"},
        {"loiter too tight", TOP RADAR TGT HOBBY "pattern: loiter, centre: [0, 0], radius_m: 5}\n",
         14, "an orbit of radius 5 m at 8 m/s needs 1.31 g, above max_g 0.5"},
        {"waypoints with centre", TOP RADAR TGT HOBBY "pattern: waypoints, centre: [0, 0], "
                                                      "route: [[0, 0], [100, 0]]}\n", 14,
         "'centre' is a key of patterns loiter and lawnmower, not waypoints"},
        {"waypoints loop of two", TOP RADAR TGT HOBBY "pattern: waypoints, "
                                                      "route: [[0, 0], [100, 0]]}\n", 14,
         "a loop needs at least 3 waypoints"},
        {"lawnmower odd legs", TOP RADAR TGT HOBBY "pattern: lawnmower, centre: [0, 0], legs: 5, "
                                                   "spacing_m: 50, length_m: 300}\n", 14,
         "'legs' 5 must be even, from 2 to 32"},
        {"lawnmower no spacing", TOP RADAR TGT HOBBY "pattern: lawnmower, centre: [0, 0], "
                                                     "legs: 4, length_m: 300}\n", 14,
         "missing 'spacing_m' (pattern lawnmower)"},
        {"lawnmower tight", TOP RADAR TGT HOBBY "pattern: lawnmower, centre: [0, 0], legs: 4, "
                                                "spacing_m: 20, length_m: 300}\n", 14,
         "the turns at waypoints 2 and 3 need 26 m of the 20 m between them"},
        {"hobby too fast", TOP RADAR TGT "  - {type: hobby, id: d1, speed_mps: 45, height_m: 60, "
                                         "pattern: loiter, centre: [0, 0], radius_m: 500}\n", 14,
         "'speed_mps' must be <= 40, not 45"},
        {"hobby band on fibre", TOP RADAR TGT HOBBY "pattern: loiter, centre: [0, 0], "
                                                    "radius_m: 50, link: fibre, band_mhz: 2400}\n",
         14, "'band_mhz' given for a 'fibre' link, which emits nothing"},
        {"uas id long", TOP RADAR TGT HOBBY "pattern: loiter, centre: [0, 0], radius_m: 50, "
                                            "remoteid: {uas_id: 1581F4XFA22B0012ABCDE}}\n", 14,
         "'remoteid.uas_id' must be a text of at most 20 bytes"},
        {"uas id blank", TOP RADAR TGT HOBBY "pattern: loiter, centre: [0, 0], radius_m: 50, "
                                             "remoteid: {uas_id: '   '}}\n", 14,
         "'remoteid.uas_id' must be 1 to 20 printable ASCII characters"},
        {"uas id missing", TOP RADAR TGT HOBBY "pattern: loiter, centre: [0, 0], radius_m: 50, "
                                               "remoteid: {operator: [0, 0]}}\n", 14,
         "missing 'remoteid.uas_id'"},
        {"operator 3-D", TOP RADAR TGT HOBBY "pattern: loiter, centre: [0, 0], radius_m: 50, "
                                             "remoteid: {uas_id: X, operator: [0, 0, 0]}}\n", 14,
         "'remoteid.operator' must be a list of 2 numbers"},
        {"duplicate object id", TOP RADAR TGT HELI "route: [[0, 0], [1000, 0]]}\n"
                                "  - {type: hobby, id: h1, speed_mps: 8, height_m: 60, "
                                "pattern: loiter, centre: [0, 0], radius_m: 50}\n", 15,
         "hobby 'h1': duplicate object id"},
        {"aircraft named like a bird", TOP RADAR TGT
         "  - {type: flock, id: f, count: 2, centre: [0, 0], radius_m: 5, height_m: [10, 20],"
         " speed_mps: [5, 8]}\n"
         "  - {type: aircraft, id: bird-2, speed_mps: 50, height_m: 300, "
         "route: [[0, 0], [1000, 0]]}\n", 15,
         "aircraft 'bird-2': the id is taken by a bird"},
        {"effector type", SITE
                          "  effectors:\n    - {id: e1, type: missile, position: [0, 0, 1], "
                          "range_m: 800}\n" RADAR, 7,
         "effector 'e1': 'type' must be one of rf-jammer, gnss-jammer, interceptor, gun, laser, "
         "net, not 'missile'"},
        {"effector duplicate", SITE
                               "  effectors:\n    - {id: e1, type: net, position: [0, 0, 1], "
                               "range_m: 800}\n    - {id: e1, type: gun, position: [0, 0, 1], "
                               "range_m: 80}\n" RADAR, 8,
         "effector 'e1': duplicate effector id"},
        {"effector no range", SITE
                              "  effectors:\n    - {id: e1, type: net, position: [0, 0, 1]}\n"
                              RADAR,
         7, "effector 'e1': missing 'range_m'"},
        {"effector zero range", SITE
                                "  effectors:\n    - {id: e1, type: net, position: [0, 0, 1], "
                                "range_m: 0}\n" RADAR,
         7, "'range_m' must be > 0, not 0"},
        {"effectors not a list", SITE
                                 "  effectors: {id: e1}\n" RADAR,
         6, "'effectors' must be a list"},
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
        vg_scenario_fini(&sc);
    }
}

/* ---- the built-in exercises --------------------------------------------------------------- */

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

/* Smallest horizontal distance from (e, n) to any zone (0 inside one). */
static double zone_distance(const struct vg_site *s, double e, double n)
{
    double best = 1e30;
    for (size_t k = 0; k < s->nzones; k++) {
        const struct vg_zone *z = &s->zones[k];
        if (inside(z, e, n))
            return 0;
        for (size_t i = 0, j = z->npts - 1; i < z->npts; j = i++) {
            double p[2] = {e, n};
            best = fmin(best, seg_dist(p, &z->pts[2 * j], &z->pts[2 * i]));
        }
    }
    return best;
}

static const struct vg_effector *effector(const struct vg_site *s, const char *type)
{
    for (size_t i = 0; i < s->neffectors; i++)
        if (strcmp(s->effectors[i].type, type) == 0)
            return &s->effectors[i];
    return NULL;
}

static int has_sensor(const struct vg_site *s, int type)
{
    for (size_t i = 0; i < s->nsensors; i++)
        if (s->sensors[i].type == type)
            return 1;
    return 0;
}

/* What every exercise shares: two zones, an RF jammer of ~1.5 km and a net of ~300 m, a
 * radar; and it runs. */
static int exercise(const char *path, struct vg_scenario *sc, struct vg_sim_output *out)
{
    if (load(sc, path) < 0)
        return -1;
    const struct vg_effector *jam = effector(&sc->site, "rf-jammer"), *net = effector(&sc->site,
                                                                                      "net");
    CHECK(sc->site.nzones == 2 && jam && net);
    CHECK(jam && jam->range_m == 1500 && net && net->range_m == 300);
    CHECK(has_sensor(&sc->site, VG_SENSOR_RADAR));
    if (run(sc, out) < 0) {
        vg_scenario_fini(sc);
        return -1;
    }
    return 0;
}

static void case_exercise_single_fpv(void)
{
    struct vg_scenario sc;
    struct vg_sim_output out;
    if (exercise("scenarios/exercise-single-fpv.yaml", &sc, &out) < 0)
        return;
    CHECK(sc.nfpvs == 1 && sc.fpvs[0].hostile && vg_link_emits(sc.fpvs[0].link));
    CHECK(has_sensor(&sc.site, VG_SENSOR_RF) && has_sensor(&sc.site, VG_SENSOR_ACOUSTIC));
    CHECK(sc.naircraft == 0 && sc.nhobbies == 0);
    CHECK(out.objects[0].t_end < sc.duration_s); /* it reaches the post within the run */
    vg_sim_output_fini(&out);
    vg_scenario_fini(&sc);
}

/* Twelve FPVs from two directions, launched within ~20 s, among birds. */
static void case_exercise_swarm12(void)
{
    struct vg_scenario sc;
    struct vg_sim_output out;
    if (exercise("scenarios/exercise-swarm12.yaml", &sc, &out) < 0)
        return;
    CHECK_INT(sc.nfpvs, 12);
    double first = 1e9, last = -1;
    int east = 0, north_west = 0, birds = 0;
    for (size_t i = 0; i < sc.nfpvs; i++) {
        const struct vg_sim_fpv *f = &sc.fpvs[i];
        CHECK(f->hostile);
        first = fmin(first, f->launch_s);
        last = fmax(last, f->launch_s);
        double az = atan2(f->launch[0], f->launch[1]) / DEG;
        east += az > 60 && az < 120;
        north_west += az > -60 && az < -20;
        CHECK(out.objects[i].t_end < sc.duration_s);
    }
    for (size_t i = 0; i < sc.nflocks; i++)
        birds += sc.flocks[i].count;
    CHECK(east == 6 && north_west == 6);
    CHECK(last - first <= 21);
    CHECK(birds >= 20 && sc.nflocks >= 2);
    vg_sim_output_fini(&out);
    vg_scenario_fini(&sc);
}

/* Fibre-optic FPVs, which the RF direction finder never reports, among three Remote ID hobby
 * drones that the Remote ID receiver does report and that stay out of the zones. */
static void case_exercise_fibre_rid(void)
{
    struct vg_scenario sc;
    struct vg_sim_output out;
    if (exercise("scenarios/exercise-fibre-rid.yaml", &sc, &out) < 0)
        return;
    CHECK(sc.nfpvs >= 2 && sc.nhobbies == 3);
    for (size_t i = 0; i < sc.nfpvs; i++)
        CHECK(sc.fpvs[i].link == VG_LINK_FIBRE && sc.fpvs[i].hostile);
    for (size_t i = 0; i < sc.nhobbies; i++)
        CHECK(sc.hobbies[i].remoteid && !sc.hobbies[i].hostile);
    CHECK(has_sensor(&sc.site, VG_SENSOR_REMOTEID) && has_sensor(&sc.site, VG_SENSOR_RF));
    size_t rid[8] = {0}, rf_fpv = 0;
    for (size_t i = 0; i < out.ndets; i++) {
        int o = out.det_object[i];
        const struct vg_sensor *s = &sc.site.sensors[out.dets[i].sensor];
        if (o >= 0 && s->type == VG_SENSOR_REMOTEID && o < 8)
            rid[o]++;
        rf_fpv += o >= 0 && s->type == VG_SENSOR_RF && out.objects[o].kind == VG_SIM_FPV;
    }
    CHECK_INT(rf_fpv, 0);
    double closest = 1e30;
    for (size_t i = 0; i < out.ntruth; i++) {
        const struct vg_sim_object *o = &out.objects[out.truth[i].object];
        if (o->kind == VG_SIM_HOBBY)
            closest = fmin(closest, zone_distance(&sc.site, out.truth[i].pos[0],
                                                  out.truth[i].pos[1]));
    }
    fprintf(stderr, "  hobby drones: closest approach to a zone %.0f m\n", closest);
    CHECK(closest > 500);
    for (size_t o = 0; o < out.nobjects; o++)
        CHECK(out.objects[o].kind == VG_SIM_HOBBY ? rid[o] > 50 : rid[o] == 0);
    vg_sim_output_fini(&out);
    vg_scenario_fini(&sc);
}

/* A manned helicopter with ADS-B crosses the area (and an FPV attacks during it). */
static void case_exercise_helicopter(void)
{
    struct vg_scenario sc;
    struct vg_sim_output out;
    if (exercise("scenarios/exercise-helicopter.yaml", &sc, &out) < 0)
        return;
    CHECK(sc.naircraft == 1 && sc.aircraft[0].adsb && !sc.aircraft[0].hostile);
    CHECK(has_sensor(&sc.site, VG_SENSOR_ADSB));
    int heli = find_object(&out, sc.aircraft[0].id);
    CHECK(heli >= 0);
    if (heli < 0)
        return;
    double w = 1e30, e = -1e30, closest = 1e30, speed = sc.aircraft[0].route.speed_mps;
    for (size_t i = 0; i < out.ntruth; i++)
        if ((int)out.truth[i].object == heli) {
            const double *p = out.truth[i].pos;
            w = fmin(w, p[0]);
            e = fmax(e, p[0]);
            closest = fmin(closest, hypot(p[0], p[1]));
            CHECK(p[2] >= 100 && p[2] <= 1500);
        }
    size_t adsb = 0;
    for (size_t i = 0; i < out.ndets; i++)
        adsb += out.det_object[i] == heli && out.dets[i].kind == VG_DET_ADSB;
    fprintf(stderr, "  helicopter from e = %.0f to %.0f m, %.0f m from the post at its closest, "
            "%zu ADS-B reports\n", w, e, closest, adsb);
    CHECK(w < -4000 && e > 4000 && closest < 1500);
    CHECK(speed >= 40 && speed <= 70);
    CHECK(adsb > 0.8 * sc.duration_s);
    CHECK(sc.nfpvs <= 1);
    vg_sim_output_fini(&out);
    vg_scenario_fini(&sc);
}

/* An hour of 200 birds in several flocks; nothing hostile; truth at the radar's 4 Hz looks. */
static void case_exercise_dawn_birds(void)
{
    struct vg_scenario sc;
    struct vg_sim_output out;
    if (exercise("scenarios/exercise-dawn-birds.yaml", &sc, &out) < 0)
        return;
    int birds = 0;
    for (size_t i = 0; i < sc.nflocks; i++)
        birds += sc.flocks[i].count;
    CHECK(birds == 200 && sc.nflocks >= 4 && sc.duration_s == 3600);
    CHECK(sc.nfpvs == 0 && sc.naircraft == 0 && sc.nhobbies == 0);
    size_t hostile = 0, seen = 0;
    for (size_t i = 0; i < out.nobjects; i++)
        hostile += out.objects[i].hostile;
    for (size_t i = 0; i < out.ndets; i++)
        seen += out.det_object[i] >= 0;
    CHECK_INT(hostile, 0);
    CHECK_INT(out.ntimes, 3600 * 4); /* the staring radar's looks; the other two sensors
                                         end their intervals on whole seconds, among them */
    CHECK(seen > 50000); /* the birds are in radar cover for much of the hour */
    vg_sim_output_fini(&out);
    vg_scenario_fini(&sc);
}

int main(void)
{
    RUN(case_helicopter_path);
    RUN(case_loiter_and_lawnmower);
    RUN(case_only_equipped_report);
    RUN(case_noise_loss_schedule);
    RUN(case_range_and_horizon);
    RUN(case_files);
    RUN(case_streams);
    RUN(case_malformed);
    RUN(case_exercise_single_fpv);
    RUN(case_exercise_swarm12);
    RUN(case_exercise_fibre_rid);
    RUN(case_exercise_helicopter);
    RUN(case_exercise_dawn_birds);
    return test_report();
}
