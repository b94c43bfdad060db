/* SPDX-License-Identifier: MIT */
/* test_approach_cpa.c — closest approach to a zone and to a point, effector reach.
 *
 * Known answers (a path parallel to an edge: the earliest time of a flat minimum; a corner
 * passed at √50 m; a crossing and an overflight: 0; the horizon and a receding path clamp the
 * time; the L's notch), then random concave zones and paths against dense sampling: with the
 * distance 1-Lipschitz in position, the sampled minimum lies between the exact one and the
 * exact one plus |v| dt / 2, which bounds the check. Effector windows: head-on, starting in
 * range, tangent, a miss by 1 mm, clipped by the horizon, beyond it, receding, 3-D, and
 * "can it engage before the zone" both ways; random paths against sampled membership. */
#include "test.h"

#include "assess/approach.h"
#include "assess/zone.h"
#include "base/rng.h"

static double square_pts[] = {0, 0, 100, 0, 100, 100, 0, 100};
static double ell_pts[] = {0, 0, 200, 0, 200, 100, 100, 100, 100, 200, 0, 200};

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

static const struct {
    const char *name;
    int ell;
    double x[6], t, d;
} cpa_cases[] = {
    {"parallel above the top edge", 0, {-100, 150, 10, 10, 0, 0}, 10, 50},
    {"parallel beside the east edge", 0, {200, 0, 10, 0, 10, 0}, 0, 100},
    {"past the corner", 0, {85, 125, 10, 5, -5, 0}, 4, 7.0710678118654755 /* √50 */},
    {"crossing", 0, {-100, 50, 10, 10, 0, 0}, 10, 0},
    {"overflying the ceiling", 0, {-100, 50, 60, 10, 0, 0}, 10, 0},
    {"clipped by the horizon", 0, {-2000, 50, 10, 10, 0, 0}, 120, 800},
    {"receding", 0, {-100, 50, 10, -10, 0, 0}, 0, 100},
    {"hovering", 0, {-100, 50, 10, 0, 0, 0}, 0, 100},
    {"inside", 0, {50, 50, 10, 10, 0, 0}, 0, 0},
    {"L: leaving the notch", 1, {150, 150, 10, 10, 10, 0}, 0, 50},
    {"L: past the upper arm", 1, {300, 300, 10, -10, 0, 0}, 20, 100},
};

static void case_zone_cpa_table(void)
{
    struct vg_zone sq = mkzone(square_pts, 4, 0, 50), el = mkzone(ell_pts, 6, 0, 100);
    for (size_t i = 0; i < sizeof cpa_cases / sizeof cpa_cases[0]; i++) {
        test_current = cpa_cases[i].name;
        double t = -1, d = -1;
        CHECK_INT(vg_approach_zone_cpa(cpa_cases[i].ell ? &el : &sq, cpa_cases[i].x, NULL, &t,
                                       &d), 0);
        CHECK_NEAR(t, cpa_cases[i].t, 1e-9);
        CHECK_NEAR(d, cpa_cases[i].d, 1e-9);
    }
}

static double seg_dist(const double *a, const double *b, double px, double py)
{
    double dx = b[0] - a[0], dy = b[1] - a[1], s = 0;
    if (dx != 0 || dy != 0)
        s = fmin(1, fmax(0, ((px - a[0]) * dx + (py - a[1]) * dy) / (dx * dx + dy * dy)));
    return hypot(px - a[0] - s * dx, py - a[1] - s * dy);
}

/* Independent horizontal distance: 0 inside (winding number), else to the nearest edge. */
static double brute_dist(const double *pts, size_t n, double e, double nn)
{
    double sum = 0.0, d = INFINITY;
    for (size_t i = 0; i < n; i++) {
        size_t k = (i + 1) % n;
        double ax = pts[2 * i] - e, ay = pts[2 * i + 1] - nn;
        double bx = pts[2 * k] - e, by = pts[2 * k + 1] - nn;
        sum += atan2(ax * by - ay * bx, ax * bx + ay * by);
        d = fmin(d, seg_dist(&pts[2 * i], &pts[2 * k], e, nn));
    }
    return fabs(sum) > 3.14159265358979 ? 0.0 : d;
}

static void case_zone_cpa_brute_force(void)
{
    struct vg_rng r;
    vg_rng_seed(&r, 11);
    double pts[2 * 16];
    const double dt = 0.01, H = 60;
    struct vg_approach_config cfg;
    vg_approach_config_default(&cfg);
    cfg.horizon_s = H;
    int zero = 0, positive = 0;
    for (int c = 0; c < 300; c++) {
        size_t n = 3 + (size_t)(vg_rng_uniform(&r) * 14.0);
        for (size_t i = 0; i < n; i++) {
            double a = 6.283185307179586 * ((double)i + vg_rng_range(&r, 0.05, 0.95)) / n;
            double rad = vg_rng_range(&r, 100, 500);
            pts[2 * i] = rad * cos(a), pts[2 * i + 1] = rad * sin(a);
        }
        struct vg_zone z = mkzone(pts, n, 0, 200);
        double brg = vg_rng_range(&r, 0, 6.283185307179586), rng = vg_rng_range(&r, 600, 3000);
        double hdg = brg + 3.14159265358979 + vg_rng_range(&r, -0.6, 0.6);
        double spd = vg_rng_range(&r, 5, 60);
        double x[6] = {rng * cos(brg), rng * sin(brg), 50, spd * cos(hdg), spd * sin(hdg), 0};
        double t = -1, d = -1;
        CHECK_INT(vg_approach_zone_cpa(&z, x, &cfg, &t, &d), 0);
        double best = INFINITY;
        long ns = (long)(H / dt + 0.5);
        for (long i = 0; i <= ns; i++) {
            double ti = (double)i * dt;
            best = fmin(best, brute_dist(pts, n, x[0] + x[3] * ti, x[1] + x[4] * ti));
        }
        CHECK(d <= best + 1e-9 && best <= d + spd * dt / 2 + 1e-9);
        CHECK(t >= 0 && t <= H);
        /* The reported time is where the reported distance is reached. */
        CHECK_NEAR(brute_dist(pts, n, x[0] + x[3] * t, x[1] + x[4] * t), d, 1e-6);
        zero += d == 0.0;
        positive += d > 0.0;
    }
    fprintf(stderr, "  300 paths: %d cross, %d pass by\n", zero, positive);
    CHECK(zero > 30 && positive > 30);
}

static void case_point_cpa(void)
{
    static const struct {
        double x[6], c[3];
        int dims;
        double t, d;
    } cases[] = {
        {{-100, 10, 0, 10, 0, 0}, {0, 0, 0}, 3, 10, 10},
        {{-100, 10, 30, 10, 0, 0}, {0, 0, 0}, 3, 10, 31.622776601683793 /* √1000 */},
        {{-100, 10, 30, 10, 0, 0}, {0, 0, 0}, 2, 10, 10},
        {{-100, 10, 30, 10, 0, -3}, {0, 0, 0}, 3, 10, 10}, /* u = 0 at t = 10 */
        {{-2000, 10, 0, 10, 0, 0}, {0, 0, 0}, 3, 120, 800.06249755878443 /* √(800² + 10²) */},
        {{100, 10, 0, 10, 0, 0}, {0, 0, 0}, 3, 0, 100.49875621120890 /* √(100² + 10²) */},
        {{100, 10, 0, 0, 0, 0}, {0, 0, 0}, 2, 0, 100.49875621120890 /* √(100² + 10²) */},
        {{0, 0, 500, 0, 0, -10}, {0, 0, 0}, 2, 0, 0}, /* horizontal: at the point already */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double t = -1, d = -1;
        CHECK_INT(vg_approach_point_cpa(cases[i].x, cases[i].c, cases[i].dims, NULL, &t, &d),
                  0);
        CHECK_NEAR(t, cases[i].t, 1e-12);
        CHECK_NEAR(d, cases[i].d, 1e-9);
    }
    /* Random paths against sampling (3-D and horizontal). */
    struct vg_rng r;
    vg_rng_seed(&r, 5);
    for (int k = 0; k < 500; k++) {
        double x[6], c[3], t, d;
        for (int i = 0; i < 3; i++) {
            x[i] = vg_rng_range(&r, -3000, 3000);
            x[i + 3] = vg_rng_range(&r, -60, 60);
            c[i] = vg_rng_range(&r, -500, 500);
        }
        int dims = 2 + k % 2;
        CHECK_INT(vg_approach_point_cpa(x, c, dims, NULL, &t, &d), 0);
        double best = INFINITY, speed = 0;
        for (int i = 0; i < dims; i++)
            speed += x[i + 3] * x[i + 3];
        for (int s = 0; s <= 12000; s++) {
            double ts = s * 0.01, d2 = 0;
            for (int i = 0; i < dims; i++)
                d2 += pow(x[i] + x[i + 3] * ts - c[i], 2);
            best = fmin(best, sqrt(d2));
        }
        CHECK(d <= best + 1e-9 && best <= d + sqrt(speed) * 0.005 + 1e-9);
    }
}

static void case_effector_window(void)
{
    struct vg_effector ef;
    memset(&ef, 0, sizeof ef);
    ef.range_m = 100;
    static const struct {
        const char *name;
        double x[6], t_in, t_out;
    } cases[] = {
        {"head-on", {-200, 0, 0, 10, 0, 0}, 10, 30},
        {"in range now", {0, 0, 0, 10, 0, 0}, 0, 10},
        {"tangent", {-200, 100, 0, 10, 0, 0}, 20, 20},
        {"miss by 1 mm", {-200, 100.001, 0, 10, 0, 0}, INFINITY, INFINITY},
        {"clipped by the horizon", {-1250, 0, 0, 10, 0, 0}, 115, 120},
        {"beyond the horizon", {-2000, 0, 0, 10, 0, 0}, INFINITY, INFINITY},
        {"receding", {200, 0, 0, 10, 0, 0}, INFINITY, INFINITY},
        {"3-D: 60 m above the line", {-200, 0, 60, 10, 0, 0}, 12, 28},
        {"hovering in range", {50, 0, 0, 0, 0, 0}, 0, 120},
        {"hovering out of range", {150, 0, 0, 0, 0, 0}, INFINITY, INFINITY},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        test_current = cases[i].name;
        double a = -1, b = -1;
        CHECK_INT(vg_approach_effector_window(&ef, cases[i].x, NULL, &a, &b), 0);
        if (cases[i].t_in == INFINITY) {
            CHECK(a == INFINITY && b == INFINITY);
        } else {
            CHECK_NEAR(a, cases[i].t_in, 1e-6);
            CHECK_NEAR(b, cases[i].t_out, 1e-6);
        }
    }
    test_current = "random against sampling";
    struct vg_rng r;
    vg_rng_seed(&r, 3);
    int bad = 0, nonempty = 0;
    for (int k = 0; k < 500; k++) {
        double x[6], a, b;
        for (int i = 0; i < 3; i++) {
            ef.pos[i] = vg_rng_range(&r, -200, 200);
            x[i] = vg_rng_range(&r, -3000, 3000);
            x[i + 3] = vg_rng_range(&r, -60, 60);
        }
        ef.range_m = vg_rng_range(&r, 200, 3000);
        CHECK_INT(vg_approach_effector_window(&ef, x, NULL, &a, &b), 0);
        nonempty += a < INFINITY;
        for (int s = 0; s <= 1200; s++) {
            double t = s * 0.1, d2 = 0;
            for (int i = 0; i < 3; i++)
                d2 += pow(x[i] + x[i + 3] * t - ef.pos[i], 2);
            int in = d2 <= ef.range_m * ef.range_m;
            if (fabs(t - a) > 1e-6 && fabs(t - b) > 1e-6 && in != (t >= a && t <= b))
                bad++;
        }
    }
    fprintf(stderr, "  500 paths, %d reach an effector\n", nonempty);
    CHECK_INT(bad, 0);
    CHECK(nonempty > 60 && nonempty < 440);
}

/* "Can it engage before the track reaches its zone": t_in < time to zone. */
static void case_engage_before_zone(void)
{
    struct vg_zone sq = mkzone(square_pts, 4, 0, 50);
    const double x[6] = {-1000, 50, 10, 10, 0, 0};
    struct vg_zone_entry e;
    CHECK_INT(vg_approach_entry(&sq, x, NULL, NULL, &e), 0);
    CHECK_NEAR(e.t_s, 100, 1e-9);
    struct vg_effector gun = {.pos = {50, 50, 0}, .range_m = 300};
    struct vg_effector net = {.pos = {50, 50, 0}, .range_m = 30};
    double a, b;
    CHECK_INT(vg_approach_effector_window(&gun, x, NULL, &a, &b), 0);
    CHECK_NEAR(a, (1050 - sqrt(300.0 * 300 - 100)) / 10, 1e-9);
    CHECK(a < e.t_s);
    CHECK_INT(vg_approach_effector_window(&net, x, NULL, &a, &b), 0);
    CHECK_NEAR(a, (1050 - sqrt(30.0 * 30 - 100)) / 10, 1e-9);
    CHECK(!(a < e.t_s));
}

static void case_bad_input(void)
{
    struct vg_zone sq = mkzone(square_pts, 4, 0, 50), two = mkzone(square_pts, 2, 0, 50);
    const double x[6] = {-100, 50, 10, 10, 0, 0}, nanx[6] = {-100, 50, 10, 10, NAN, 0};
    const double c[3] = {0, 0, 0}, nanc[3] = {0, NAN, 0};
    struct vg_effector ef = {.range_m = 100}, neg = {.range_m = -1}, nanr = {.range_m = NAN};
    struct vg_approach_config bad;
    vg_approach_config_default(&bad);
    bad.horizon_s = -5;
    double t = -7, d = -7;
    CHECK_INT(vg_approach_zone_cpa(&two, x, NULL, &t, &d), VG_EINVAL);
    CHECK_INT(vg_approach_zone_cpa(&sq, nanx, NULL, &t, &d), VG_EINVAL);
    CHECK_INT(vg_approach_zone_cpa(&sq, x, &bad, &t, &d), VG_EINVAL);
    CHECK_INT(vg_approach_zone_cpa(&sq, x, NULL, NULL, &d), VG_EINVAL);
    CHECK_INT(vg_approach_point_cpa(nanx, c, 3, NULL, &t, &d), VG_EINVAL);
    CHECK_INT(vg_approach_point_cpa(x, nanc, 3, NULL, &t, &d), VG_EINVAL);
    CHECK_INT(vg_approach_point_cpa(x, c, 4, NULL, &t, &d), VG_EINVAL);
    CHECK_INT(vg_approach_point_cpa(x, NULL, 3, NULL, &t, &d), VG_EINVAL);
    CHECK_INT(vg_approach_effector_window(&neg, x, NULL, &t, &d), VG_EINVAL);
    CHECK_INT(vg_approach_effector_window(&nanr, x, NULL, &t, &d), VG_EINVAL);
    CHECK_INT(vg_approach_effector_window(NULL, x, NULL, &t, &d), VG_EINVAL);
    CHECK_INT(vg_approach_effector_window(&ef, nanx, NULL, &t, &d), VG_EINVAL);
    CHECK_INT(vg_approach_effector_window(&ef, x, &bad, &t, &d), VG_EINVAL);
    CHECK_INT(vg_approach_effector_window(&ef, x, NULL, &t, NULL), VG_EINVAL);
    ef.pos[2] = INFINITY;
    CHECK_INT(vg_approach_effector_window(&ef, x, NULL, &t, &d), VG_EINVAL);
    CHECK(t == -7 && d == -7); /* untouched on error */
}

int main(void)
{
    RUN(case_zone_cpa_table);
    RUN(case_zone_cpa_brute_force);
    RUN(case_point_cpa);
    RUN(case_effector_window);
    RUN(case_engage_before_zone);
    RUN(case_bad_input);
    return test_report();
}
