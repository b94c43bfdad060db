/* SPDX-License-Identifier: MIT */
/* test_approach.c — time to zone: known answers, brute force, bad input.
 *
 * Known answers on a square, a concave L and a zero-area ring: head-on, through vertices,
 * along an edge, grazing a corner, parallel just outside and just within the boundary's
 * thickness, starting inside or on the boundary, through floor and ceiling, over the top, out
 * of the slab before the wall, at and beyond the horizon, into and past the L's notch. Then
 * random concave prisms and rays (a third aimed at vertices) against dense sampling of the
 * path (10 ms) with an independent inside test (winding number + slab), the first crossing
 * refined by bisection and compared to 1e-6 s. The σ and its Monte Carlo check are in
 * test_approach_sigma.c; closest approach and effector reach in test_approach_cpa.c. */
#include "test.h"

#include "assess/approach.h"
#include "assess/zone.h"
#include "base/rng.h"

static double square_pts[] = {0, 0, 100, 0, 100, 100, 0, 100};
static double ell_pts[] = {0, 0, 200, 0, 200, 100, 100, 100, 100, 200, 0, 200};
static double line_pts[] = {0, 0, 100, 0, 50, 0}; /* zero area: all edges on one line */

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

#define ANY -2 /* edge not checked (a vertex shared by two edges crossed alike) */
#define INF INFINITY

struct entry_case {
    const char *name;
    int ell;      /* 0: square [0,100]², floor 0, ceiling 50; 1: L, floor 0, ceiling 100;
                     2: the zero-area ring, floor 0, ceiling 50 */
    double x[6];
    double t;     /* expected entry time, INF if none within 120 s */
    int face, edge;
};

static const struct entry_case entry_cases[] = {
    {"head-on west wall", 0, {-100, 50, 10, 10, 0, 0}, 10, VG_ENTRY_WALL, 3},
    {"inside", 0, {50, 50, 10, 5, 5, 0}, 0, VG_ENTRY_INSIDE, -1},
    {"on the wall, leaving", 0, {0, 50, 10, -10, 0, 0}, 0, VG_ENTRY_INSIDE, -1},
    {"through vertex (0,0)", 0, {-100, -100, 10, 10, 10, 0}, 10, VG_ENTRY_WALL, ANY},
    {"along edge n=0: the squarely crossed wall", 0, {-100, 0, 10, 10, 0, 0}, 10,
     VG_ENTRY_WALL, 3},
    {"grazing corner (100,100)", 0, {0, 200, 10, 10, -10, 0}, 10, VG_ENTRY_WALL, ANY},
    {"parallel 1 m outside", 0, {-100, -1, 10, 10, 0, 0}, INF, VG_ENTRY_NONE, -1},
    {"parallel 1e-10 m outside (on)", 0, {-100, -1e-10, 10, 10, 0, 0}, 10, VG_ENTRY_WALL, 3},
    {"moving away", 0, {-100, 50, 10, -10, 0, 0}, INF, VG_ENTRY_NONE, -1},
    {"beyond the horizon", 0, {-2000, 50, 10, 10, 0, 0}, INF, VG_ENTRY_NONE, -1},
    {"at the horizon", 0, {-1200, 50, 10, 10, 0, 0}, 120, VG_ENTRY_WALL, 3},
    {"up through the floor", 0, {50, 50, -100, 0, 0, 10}, 10, VG_ENTRY_FLOOR, -1},
    {"down through the ceiling", 0, {50, 50, 150, 0, 0, -10}, 10, VG_ENTRY_CEILING, -1},
    {"over the top", 0, {-100, 50, 60, 10, 0, 0}, INF, VG_ENTRY_NONE, -1},
    {"descending, in through the ceiling", 0, {-100, 50, 80, 10, 0, -2}, 15, VG_ENTRY_CEILING,
     -1},
    {"climbing, in at the wall's foot", 0, {-100, 50, -10, 10, 0, 1}, 10, VG_ENTRY_FLOOR, -1},
    {"climbs out of the slab first", 0, {-100, 50, 40, 10, 0, 2}, INF, VG_ENTRY_NONE, -1},
    {"hovering outside", 0, {-100, 50, 10, 0, 0, 0}, INF, VG_ENTRY_NONE, -1},
    {"hovering inside", 0, {10, 50, 10, 0, 0, 0}, 0, VG_ENTRY_INSIDE, -1},
    {"creeping at 1e-300 m/s", 0, {-1e-3, 50, 10, 1e-300, 1e-300, 0}, INF, VG_ENTRY_NONE, -1},
    {"creeping, 1 nm off", 0, {-1e-9, 50, 10, 1e-200, 0, 0}, 0, VG_ENTRY_INSIDE, -1},
    {"vertical, beside the zone", 0, {-100, 50, -100, 0, 0, 10}, INF, VG_ENTRY_NONE, -1},
    {"L: into the notch from the north", 1, {150, 300, 10, 0, -10, 0}, 20, VG_ENTRY_WALL, 2},
    {"L: into the notch from the east", 1, {300, 150, 10, -10, 0, 0}, 20, VG_ENTRY_WALL, 3},
    {"L: from the notch to the reflex vertex", 1, {150, 150, 10, -10, -10, 0}, 5,
     VG_ENTRY_WALL, ANY},
    {"L: along the notch's edge line", 1, {300, 100, 10, -10, 0, 0}, 10, VG_ENTRY_WALL, 1},
    {"L: out of the notch", 1, {150, 150, 10, 10, 10, 0}, INF, VG_ENTRY_NONE, -1},
    {"L: across the notch's mouth", 1, {250, 250, 10, -10, 0, 0}, INF, VG_ENTRY_NONE, -1},
    {"flat ring: along its line (grazing)", 2, {-100, 0, 10, 10, 0, 0}, 10, VG_ENTRY_WALL, ANY},
    {"flat ring: across it", 2, {25, -100, 10, 0, 10, 0}, 10, VG_ENTRY_WALL, ANY},
    {"flat ring: parallel beside it", 2, {-100, 1e-3, 10, 10, 0, 0}, INF, VG_ENTRY_NONE, -1},
};

static void case_entry_table(void)
{
    struct vg_zone zones[3] = {mkzone(square_pts, 4, 0, 50), mkzone(ell_pts, 6, 0, 100),
                               mkzone(line_pts, 3, 0, 50)};
    const double P[36] = {[0] = 100, [7] = 100, [14] = 100, [21] = 9, [28] = 9, [35] = 9};
    for (size_t i = 0; i < sizeof entry_cases / sizeof entry_cases[0]; i++) {
        const struct entry_case *c = &entry_cases[i];
        test_current = c->name;
        struct vg_zone_entry e;
        CHECK_INT(vg_approach_entry(&zones[c->ell], c->x, P, NULL, &e), 0);
        CHECK_INT(e.face, c->face);
        if (c->edge != ANY)
            CHECK_INT(e.edge, c->edge);
        if (c->t == INF) {
            CHECK(e.t_s == INF && e.sigma_s == INF && isnan(e.pos[0]));
            continue;
        }
        CHECK_NEAR(e.t_s, c->t, 1e-9);
        for (int k = 0; k < 3; k++)
            CHECK_NEAR(e.pos[k], c->x[k] + c->x[k + 3] * c->t, 1e-7);
        if (c->face == VG_ENTRY_INSIDE)
            CHECK(e.sigma_s == 0.0);
        else if (c->ell == 2 && c->x[4] == 0.0) /* along the face: no speed across it */
            CHECK(e.sigma_s == INF);
        else
            CHECK(e.sigma_s > 0.0 && e.sigma_s < INF);
    }
}

/* ---- Brute force: dense sampling with an independent inside test ---- */

static int winding_inside(const double *pts, size_t n, double e, double nn)
{
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        size_t k = (i + 1) % n;
        double ax = pts[2 * i] - e, ay = pts[2 * i + 1] - nn;
        double bx = pts[2 * k] - e, by = pts[2 * k + 1] - nn;
        sum += atan2(ax * by - ay * bx, ax * bx + ay * by);
    }
    return fabs(sum) > 3.14159265358979;
}

static int brute_inside(const struct vg_zone *z, const double x[6], double t)
{
    double u = x[2] + x[5] * t;
    return u >= z->floor_m && u <= z->ceiling_m &&
           winding_inside(z->pts, z->npts, x[0] + x[3] * t, x[1] + x[4] * t);
}

static double seg_dist(const double *a, const double *b, double px, double py)
{
    double dx = b[0] - a[0], dy = b[1] - a[1], s = 0;
    if (dx != 0 || dy != 0)
        s = fmin(1, fmax(0, ((px - a[0]) * dx + (py - a[1]) * dy) / (dx * dx + dy * dy)));
    return hypot(px - a[0] - s * dx, py - a[1] - s * dy);
}

static double boundary_dist(const struct vg_zone *z, double px, double py)
{
    double d = INFINITY;
    for (size_t i = 0; i < z->npts; i++)
        d = fmin(d, seg_dist(&z->pts[2 * i], &z->pts[2 * ((i + 1) % z->npts)], px, py));
    return d;
}

static void random_star(struct vg_rng *r, double *pts, size_t n, double r0, double r1)
{
    for (size_t i = 0; i < n; i++) {
        double a = 2.0 * 3.14159265358979 * ((double)i + vg_rng_range(r, 0.05, 0.95)) / n;
        double rad = vg_rng_range(r, r0, r1);
        pts[2 * i] = rad * cos(a);
        pts[2 * i + 1] = rad * sin(a);
    }
}

static void case_entry_brute_force(void)
{
    struct vg_rng r;
    vg_rng_seed(&r, 7);
    double pts[2 * 16];
    const double dt = 0.01, H = 60;
    struct vg_approach_config cfg;
    vg_approach_config_default(&cfg);
    cfg.horizon_s = H;
    int n_cases = 0, hits = 0, bisected = 0, inside0 = 0, between = 0, grazes = 0;
    int vertex_rays = 0, on_vertex = 0;
    for (int c = 0; c < 400; c++) {
        size_t n = 3 + (size_t)(vg_rng_uniform(&r) * 14.0);
        random_star(&r, pts, n, 100, 500);
        struct vg_zone z = mkzone(pts, n, 0, 200);
        /* Aim at a vertex (a third of the time) or a random point, from 100–2000 m away. */
        double aim[2] = {vg_rng_range(&r, -400, 400), vg_rng_range(&r, -400, 400)};
        if (c % 3 == 0) {
            size_t k = (size_t)(vg_rng_uniform(&r) * n);
            aim[0] = pts[2 * k], aim[1] = pts[2 * k + 1];
        }
        double brg = vg_rng_range(&r, 0, 6.283185307179586), rng = vg_rng_range(&r, 100, 2000);
        double spd = vg_rng_range(&r, 20, 60), x[6];
        x[0] = aim[0] + rng * cos(brg), x[1] = aim[1] + rng * sin(brg);
        x[2] = vg_rng_range(&r, -100, 300);
        double tt = rng / spd;
        x[3] = (aim[0] - x[0]) / tt, x[4] = (aim[1] - x[1]) / tt;
        x[5] = (vg_rng_range(&r, -50, 250) - x[2]) / tt;
        if (c % 7 == 0) /* some start over the zone, in the slab */
            x[0] = aim[0], x[1] = aim[1], x[2] = 100;
        struct vg_zone_entry e;
        CHECK_INT(vg_approach_entry(&z, x, NULL, &cfg, &e), 0);
        n_cases++;
        if (c % 7 == 0 && c % 3 == 0) {
            /* Starting on a vertex, in the slab: on the boundary is inside. (The winding
             * sum is undefined there, so no sampling.) */
            CHECK(e.face == VG_ENTRY_INSIDE && e.t_s == 0.0);
            on_vertex++;
            continue;
        }
        /* First inside sample. */
        long k = -1, ns = (long)(H / dt + 0.5);
        for (long i = 0; i <= ns && k < 0; i++)
            if (brute_inside(&z, x, (double)i * dt))
                k = i;
        if (e.t_s < INF) {
            hits++;
            /* The entry point is on the prism's boundary (or the start is inside)... */
            double bd = boundary_dist(&z, e.pos[0], e.pos[1]);
            double ud = fmin(fabs(e.pos[2] - z.floor_m), fabs(e.pos[2] - z.ceiling_m));
            int over = bd <= 1e-6 || winding_inside(pts, n, e.pos[0], e.pos[1]);
            CHECK(over && e.pos[2] >= -1e-6 && e.pos[2] <= 200 + 1e-6);
            CHECK(e.t_s == 0.0 || bd <= 1e-6 || ud <= 1e-6);
            /* ...and no sample before it is inside. */
            CHECK(k < 0 || (double)k * dt >= e.t_s - 1e-9);
        }
        /* A ray aimed at a vertex touches it (if the slab allows): entry by then. */
        double u_aim = x[2] + x[5] * tt;
        if (c % 3 == 0 && u_aim >= 0 && u_aim <= 200 && tt <= H) {
            CHECK(e.t_s <= tt + 1e-9);
            vertex_rays++;
        }
        if (k < 0) {
            /* Sampling saw nothing: only a touch between samples may be reported — a graze
             * of the aimed-at vertex, or (rarely) a corner clipped between two samples. */
            if (c % 3 == 0 && e.t_s < INF && fabs(e.t_s - tt) < 1e-6)
                grazes++;
            else
                between += e.t_s < INF;
            continue;
        }
        CHECK(e.t_s <= (double)k * dt + 1e-9); /* nothing the samples saw was missed */
        if (k == 0) {
            inside0++;
            CHECK(e.t_s == 0.0);
            continue;
        }
        if (e.t_s <= (double)(k - 1) * dt)
            continue; /* a brief excursion between earlier samples: checked above */
        double lo = (double)(k - 1) * dt, hi = (double)k * dt;
        for (int it = 0; it < 40; it++) {
            double mid = 0.5 * (lo + hi);
            if (brute_inside(&z, x, mid))
                hi = mid;
            else
                lo = mid;
        }
        CHECK_NEAR(e.t_s, hi, 1e-6);
        bisected++;
    }
    fprintf(stderr, "  %d rays: %d enter, %d inside at 0 (%d on a vertex), %d bisected to 1e-6 s; "
            "%d aimed at a vertex, %d only graze it; %d other touches between samples\n",
            n_cases, hits, inside0, on_vertex, bisected, vertex_rays, grazes, between);
    /* All kinds were exercised. */
    CHECK(bisected > 150 && inside0 > 10 && hits < n_cases && vertex_rays > 50 && grazes > 5);
    CHECK(between <= 2);
}


static void case_bad_input(void)
{
    struct vg_zone sq = mkzone(square_pts, 4, 0, 50), two = mkzone(square_pts, 2, 0, 50);
    const double x[6] = {-100, 50, 10, 10, 0, 0}, nanx[6] = {-100, NAN, 10, 10, 0, 0};
    const double fast[6] = {-100, 50, 10, 1e300, 0, 0};
    double P[36] = {[0] = 1, [7] = 1, [14] = 1, [21] = 1, [28] = 1, [35] = 1};
    struct vg_zone_entry e = {.t_s = -7};
    struct vg_approach_config bad;
    vg_approach_config_default(&bad);
    CHECK_INT(vg_approach_entry(&two, x, P, NULL, &e), VG_EINVAL);
    CHECK_INT(vg_approach_entry(&sq, nanx, P, NULL, &e), VG_EINVAL);
    CHECK_INT(vg_approach_entry(&sq, fast, P, NULL, &e), VG_EINVAL);
    CHECK_INT(vg_approach_entry(&sq, NULL, P, NULL, &e), VG_EINVAL);
    CHECK_INT(vg_approach_entry(&sq, x, P, NULL, NULL), VG_EINVAL);
    P[9] = NAN;
    CHECK_INT(vg_approach_entry(&sq, x, P, NULL, &e), VG_EINVAL);
    P[9] = 0;
    bad.horizon_s = 0;
    CHECK_INT(vg_approach_entry(&sq, x, P, &bad, &e), VG_EINVAL);
    bad.horizon_s = NAN;
    CHECK_INT(vg_approach_entry(&sq, x, P, &bad, &e), VG_EINVAL);
    bad.horizon_s = INFINITY;
    CHECK_INT(vg_approach_entry(&sq, x, P, &bad, &e), VG_EINVAL);
    bad.horizon_s = 60;
    bad.q_h = -1;
    CHECK_INT(vg_approach_entry(&sq, x, P, &bad, &e), VG_EINVAL);
    bad.q_h = 0;
    bad.q_v = NAN;
    CHECK_INT(vg_approach_entry(&sq, x, P, &bad, &e), VG_EINVAL);
    CHECK(e.t_s == -7); /* untouched on error */
    CHECK_INT(vg_approach_entry(&sq, x, P, NULL, &e), 0);
}

int main(void)
{
    RUN(case_entry_table);
    RUN(case_entry_brute_force);
    RUN(case_bad_input);
    return test_report();
}
