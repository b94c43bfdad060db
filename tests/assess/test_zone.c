/* SPDX-License-Identifier: MIT */
/* test_zone.c — point in polygon, prism, distance and centroid of a zone.
 *
 * Known answers on a square and a concave L (points inside, outside, on edges, on vertices,
 * on the line of a horizontal edge, where the crossing test's ray runs through vertices), both
 * windings; then random star-shaped (concave) polygons against an independent test — the
 * winding number by summed angles — and distances against dense sampling of the boundary;
 * centroids of known shapes, also 10⁶ m from the origin; and bad input, which must return
 * VG_EINVAL without touching the output. */
#include "test.h"

#include "assess/zone.h"
#include "base/angle.h"
#include "base/rng.h"

static double square_pts[] = {0, 0, 10, 0, 10, 10, 0, 10};
static double square_cw[] = {0, 0, 0, 10, 10, 10, 10, 0};
/* L: [0,20]×[0,10] ∪ [0,10]×[10,20]; the reflex vertex is (10, 10). */
static double ell_pts[] = {0, 0, 20, 0, 20, 10, 10, 10, 10, 20, 0, 20};
static double ell_cw[] = {0, 20, 10, 20, 10, 10, 20, 10, 20, 0, 0, 0};

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

static int inside2(const struct vg_zone *z, double e, double n)
{
    const double p[2] = {e, n};
    int in = -1;
    CHECK_INT(vg_zone_contains_2d(z, p, &in), 0);
    return in;
}

struct pip_case {
    const char *name;
    double e, n;
    int square, ell; /* expected in the square and in the L */
};

static const struct pip_case pip_cases[] = {
    {"centre", 5, 5, 1, 1},
    {"notch of the L", 15, 15, 0, 0},
    {"upper arm", 5, 15, 0, 1},
    {"right arm", 15, 5, 0, 1},
    {"vertex (0,0)", 0, 0, 1, 1},
    {"vertex (10,10): square corner, L reflex", 10, 10, 1, 1},
    {"vertex (0,10)", 0, 10, 1, 1},
    {"edge e=10 mid", 10, 5, 1, 1},
    {"edge n=0 mid", 5, 0, 1, 1},
    {"L edge n=10 (20..10)", 15, 10, 0, 1},
    {"L edge e=10 (10..20)", 10, 15, 0, 1},
    {"ray along the L's horizontal edge, from inside", 5, 10, 1, 1},
    {"ray through two vertices, from outside", -5, 10, 0, 0},
    {"ray through vertex (0,0), from outside", -5, 0, 0, 0},
    {"ray through vertex (20,0)", 25, 0, 0, 0},
    {"just outside an edge", 10 + 1e-6, 5, 0, 1},
    {"just outside a vertex", -1e-6, -1e-6, 0, 0},
    {"within the boundary's thickness", -1e-10, 5, 1, 1},
    {"far away", 1e6, -1e6, 0, 0},
    {"on the line of an edge, beyond it", 0, 25, 0, 0},
};

static void case_pip_table(void)
{
    struct vg_zone sq = mkzone(square_pts, 4, 0, 100), sqw = mkzone(square_cw, 4, 0, 100);
    struct vg_zone el = mkzone(ell_pts, 6, 0, 100), elw = mkzone(ell_cw, 6, 0, 100);
    for (size_t i = 0; i < sizeof pip_cases / sizeof pip_cases[0]; i++) {
        const struct pip_case *c = &pip_cases[i];
        test_current = c->name;
        CHECK_INT(inside2(&sq, c->e, c->n), c->square);
        CHECK_INT(inside2(&sqw, c->e, c->n), c->square);
        CHECK_INT(inside2(&el, c->e, c->n), c->ell);
        CHECK_INT(inside2(&elw, c->e, c->n), c->ell);
    }
}

static void case_prism(void)
{
    struct vg_zone z = mkzone(ell_pts, 6, 5, 50);
    static const struct {
        double p[3];
        int in;
    } cases[] = {
        {{5, 5, 20}, 1},  {{5, 5, 5}, 1},    {{5, 5, 50}, 1},        {{5, 5, 50 + 1e-9}, 0},
        {{5, 5, 4.9}, 0}, {{15, 15, 20}, 0}, {{10, 10, 50}, 1},      {{20, 0, 5}, 1},
        {{5, 5, -1e9}, 0}, {{-1, 5, 20}, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int in = -1;
        CHECK_INT(vg_zone_contains(&z, cases[i].p, &in), 0);
        CHECK_INT(in, cases[i].in);
    }
    /* An unbounded slab: floor −∞, ceiling +∞. */
    struct vg_zone u = mkzone(square_pts, 4, -INFINITY, INFINITY);
    int in = -1;
    CHECK_INT(vg_zone_contains(&u, (const double[3]){5, 5, -1e8}, &in), 0);
    CHECK_INT(in, 1);
    /* (25, 25) is nearest the L's vertices (20, 10) and (10, 20), both √250 away. */
    struct vg_zone el = mkzone(ell_pts, 6, 0, 100);
    double d = -1;
    CHECK_INT(vg_zone_distance(&el, (const double[2]){25, 25}, &d), 0);
    CHECK_NEAR(d, sqrt(250.0), 1e-12);
}

/* Independent inside test: winding number by the sum of the signed angles each edge
 * subtends (|sum| ≈ 2π inside a simple polygon, ≈ 0 outside). Not used near the boundary. */
static int winding_inside(const double *pts, size_t n, double e, double nn)
{
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        size_t k = (i + 1) % n;
        double ax = pts[2 * i] - e, ay = pts[2 * i + 1] - nn;
        double bx = pts[2 * k] - e, by = pts[2 * k + 1] - nn;
        sum += atan2(ax * by - ay * bx, ax * bx + ay * by);
    }
    return fabs(sum) > VG_PI;
}

/* A star-shaped polygon around (cx, cy): n sorted angles, radii in [r0, r1] (concave). */
static void random_star(struct vg_rng *r, double *pts, size_t n, double cx, double cy,
                        double r0, double r1)
{
    for (size_t i = 0; i < n; i++) {
        double a = 2.0 * VG_PI * ((double)i + vg_rng_range(r, 0.05, 0.95)) / (double)n;
        double rad = vg_rng_range(r, r0, r1);
        pts[2 * i] = cx + rad * cos(a);
        pts[2 * i + 1] = cy + rad * sin(a);
    }
}

static double brute_boundary_dist(const double *pts, size_t n, double e, double nn,
                                  int steps)
{
    double best = INFINITY;
    for (size_t i = 0; i < n; i++) {
        size_t k = (i + 1) % n;
        for (int s = 0; s <= steps; s++) {
            double f = (double)s / steps;
            double x = pts[2 * i] + f * (pts[2 * k] - pts[2 * i]);
            double y = pts[2 * i + 1] + f * (pts[2 * k + 1] - pts[2 * i + 1]);
            best = fmin(best, hypot(x - e, y - nn));
        }
    }
    return best;
}

static void case_random_against_winding(void)
{
    struct vg_rng r;
    vg_rng_seed(&r, 20240611);
    double pts[2 * 40];
    int compared = 0, inside = 0, mismatch = 0, dist_bad = 0;
    for (int poly = 0; poly < 100; poly++) {
        size_t n = 3 + (size_t)(vg_rng_uniform(&r) * 38.0);
        double cx = vg_rng_range(&r, -500, 500), cy = vg_rng_range(&r, -500, 500);
        random_star(&r, pts, n, cx, cy, 50, 400);
        struct vg_zone z = mkzone(pts, n, 0, 100);
        for (int k = 0; k < 200; k++) {
            double p[2] = {cx + vg_rng_range(&r, -420, 420), cy + vg_rng_range(&r, -420, 420)};
            int steps = 200;
            double bd = brute_boundary_dist(pts, n, p[0], p[1], steps);
            if (bd < 1e-3)
                continue; /* the winding sum is the unreliable one there */
            int want = winding_inside(pts, n, p[0], p[1]), got = -1;
            double d = -1.0;
            CHECK_INT(vg_zone_contains_2d(&z, p, &got), 0);
            CHECK_INT(vg_zone_distance(&z, p, &d), 0);
            mismatch += got != want;
            compared++;
            inside += want;
            /* Distance: 0 inside; outside, the sampled boundary is no nearer than the exact
             * distance and at most half a sample spacing farther. */
            double spacing = 0.0;
            for (size_t i = 0; i < n; i++)
                spacing = fmax(spacing, hypot(pts[2 * ((i + 1) % n)] - pts[2 * i],
                                              pts[2 * ((i + 1) % n) + 1] - pts[2 * i + 1]) /
                                            steps);
            if (want ? d != 0.0 : !(d <= bd + 1e-9 && bd <= d + spacing / 2 + 1e-9))
                dist_bad++;
        }
    }
    CHECK_INT(mismatch, 0);
    CHECK_INT(dist_bad, 0);
    CHECK(compared > 19000);
    CHECK(inside > 3000 && inside < compared - 3000); /* both answers were exercised */
    fprintf(stderr, "  %d random points, %d inside, %d mismatches\n", compared, inside,
            mismatch);
}

static void case_distance_table(void)
{
    struct vg_zone sq = mkzone(square_pts, 4, 0, 100), el = mkzone(ell_pts, 6, 0, 100);
    static const struct {
        int ell;
        double p[2], d;
    } cases[] = {
        {0, {5, 5}, 0},       {0, {15, 5}, 5},   {0, {13, 14}, 5},  {0, {10, 3}, 0},
        {0, {-3, -4}, 5},     {1, {15, 15}, 5},  {1, {12, 11}, 1},  {1, {11, 12}, 1},
        {1, {10, 10}, 0},     {1, {-2, 10}, 2},  {1, {10, 25}, 5},  {1, {20.5, 5}, 0.5},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double d = -1;
        CHECK_INT(vg_zone_distance(cases[i].ell ? &el : &sq, cases[i].p, &d), 0);
        CHECK_NEAR(d, cases[i].d, 1e-12);
    }
}

static void case_centroid(void)
{
    double c[2];
    struct vg_zone sq = mkzone(square_pts, 4, 0, 1), sqw = mkzone(square_cw, 4, 0, 1);
    CHECK_INT(vg_zone_centroid(&sq, c), 0);
    CHECK_NEAR(c[0], 5, 1e-12);
    CHECK_NEAR(c[1], 5, 1e-12);
    CHECK_INT(vg_zone_centroid(&sqw, c), 0);
    CHECK_NEAR(c[0], 5, 1e-12);
    CHECK_NEAR(c[1], 5, 1e-12);
    /* L: 200 m² at (10, 5) and 100 m² at (5, 15) → (2500/300, 2500/300); the vertex mean
     * would be (10, 10), so this tells the area centroid from the easy answer. */
    struct vg_zone el = mkzone(ell_pts, 6, 0, 1);
    CHECK_INT(vg_zone_centroid(&el, c), 0);
    CHECK_NEAR(c[0], 2500.0 / 300.0, 1e-12);
    CHECK_NEAR(c[1], 2500.0 / 300.0, 1e-12);
    /* The same L a million metres away: shifted, not degraded. */
    double far[12];
    for (int i = 0; i < 12; i++)
        far[i] = ell_pts[i] + (i % 2 ? -1e6 : 1e6);
    struct vg_zone fz = mkzone(far, 6, 0, 1);
    CHECK_INT(vg_zone_centroid(&fz, c), 0);
    CHECK_NEAR(c[0], 1e6 + 2500.0 / 300.0, 1e-8);
    CHECK_NEAR(c[1], -1e6 + 2500.0 / 300.0, 1e-8);
    /* Triangle: the mean of its vertices. */
    double tri[] = {0, 0, 30, 0, 0, 60};
    struct vg_zone t = mkzone(tri, 3, 0, 1);
    CHECK_INT(vg_zone_centroid(&t, c), 0);
    CHECK_NEAR(c[0], 10, 1e-12);
    CHECK_NEAR(c[1], 20, 1e-12);
    /* Collinear (zero area): the vertex mean, not a division by zero. */
    double line[] = {0, 0, 10, 10, 20, 20, 30, 30};
    struct vg_zone l = mkzone(line, 4, 0, 1);
    CHECK_INT(vg_zone_centroid(&l, c), 0);
    CHECK_NEAR(c[0], 15, 1e-12);
    CHECK_NEAR(c[1], 15, 1e-12);
}

static void case_degenerate_rings(void)
{
    /* Repeated vertices and a zero-area ring must still answer consistently. */
    double rep[] = {0, 0, 10, 0, 10, 0, 10, 10, 0, 10, 0, 0};
    struct vg_zone z = mkzone(rep, 6, 0, 1);
    CHECK_INT(inside2(&z, 5, 5), 1);
    CHECK_INT(inside2(&z, 10, 0), 1);
    CHECK_INT(inside2(&z, 11, 0), 0);
    double line[] = {0, 0, 10, 0, 20, 0};
    struct vg_zone l = mkzone(line, 3, 0, 1);
    CHECK_INT(inside2(&l, 5, 0), 1); /* on its boundary */
    CHECK_INT(inside2(&l, 5, 1), 0);
}

static void case_bad_input(void)
{
    double c[2] = {-7, -7}, d = -7;
    int in = -7;
    const double p2[2] = {1, 1}, p3[3] = {1, 1, 1};
    const double nan2[2] = {NAN, 1}, inf3[3] = {1, 1, INFINITY};
    struct vg_zone two = mkzone(square_pts, 2, 0, 1);
    CHECK_INT(vg_zone_check(&two), VG_EINVAL);
    CHECK_INT(vg_zone_contains_2d(&two, p2, &in), VG_EINVAL);
    CHECK_INT(vg_zone_contains(&two, p3, &in), VG_EINVAL);
    CHECK_INT(vg_zone_distance(&two, p2, &d), VG_EINVAL);
    CHECK_INT(vg_zone_centroid(&two, c), VG_EINVAL);
    struct vg_zone null_pts = mkzone(NULL, 4, 0, 1);
    CHECK_INT(vg_zone_contains_2d(&null_pts, p2, &in), VG_EINVAL);
    double nanv[] = {0, 0, 10, 0, NAN, 10, 0, 10};
    struct vg_zone nz = mkzone(nanv, 4, 0, 1);
    CHECK_INT(vg_zone_distance(&nz, p2, &d), VG_EINVAL);
    double huge[] = {0, 0, 1e300, 0, 0, 10};
    struct vg_zone hz = mkzone(huge, 3, 0, 1);
    CHECK_INT(vg_zone_centroid(&hz, c), VG_EINVAL);
    struct vg_zone upside = mkzone(square_pts, 4, 10, 5), flat = mkzone(square_pts, 4, 5, 5);
    struct vg_zone nanfloor = mkzone(square_pts, 4, NAN, 5);
    CHECK_INT(vg_zone_check(&upside), VG_EINVAL);
    CHECK_INT(vg_zone_check(&flat), VG_EINVAL);
    CHECK_INT(vg_zone_contains(&nanfloor, p3, &in), VG_EINVAL);
    struct vg_zone ok = mkzone(square_pts, 4, 0, 1);
    CHECK_INT(vg_zone_check(&ok), 0);
    CHECK_INT(vg_zone_check(NULL), VG_EINVAL);
    CHECK_INT(vg_zone_contains_2d(&ok, nan2, &in), VG_EINVAL);
    CHECK_INT(vg_zone_contains(&ok, inf3, &in), VG_EINVAL);
    CHECK_INT(vg_zone_contains(&ok, NULL, &in), VG_EINVAL);
    CHECK_INT(vg_zone_contains(&ok, p3, NULL), VG_EINVAL);
    CHECK_INT(vg_zone_distance(&ok, p2, NULL), VG_EINVAL);
    CHECK_INT(vg_zone_centroid(&ok, NULL), VG_EINVAL);
    /* Outputs are written only on success. */
    CHECK_INT(in, -7);
    CHECK(d == -7 && c[0] == -7 && c[1] == -7);
}

int main(void)
{
    RUN(case_pip_table);
    RUN(case_prism);
    RUN(case_random_against_winding);
    RUN(case_distance_table);
    RUN(case_centroid);
    RUN(case_degenerate_rings);
    RUN(case_bad_input);
    return test_report();
}
