/* SPDX-License-Identifier: MIT */
/* test_gate_grid.c — the spatial hash against a brute-force box test.
 *
 * The grid is a coarse gate: it may hand back extra points from the cells a box overlaps,
 * but it must never miss a point inside the box (a missed detection is a lost track) and
 * never hand one back twice (it would be gated and paired twice). Each case below builds a
 * seeded random point set and runs random queries of many sizes, comparing the visits with
 * |p − c|∞ ≤ r point by point: negative coordinates, points exactly on cell boundaries,
 * everything in one cell, far points clamped to the edge cells, and boxes big enough to take
 * the visit-every-slot fallback (more than 4096 cells). */
#include "test.h"

#include "base/rng.h"
#include "track/internal.h"

#define MAXP 4000

struct visits {
    int count[MAXP];
    size_t total;
};

static void on_visit(void *user, int32_t i)
{
    struct visits *v = user;
    if (i >= 0 && i < MAXP)
        v->count[i]++;
    v->total++;
}

static int in_box(const double *p, const double c[3], double r)
{
    return fabs(p[0] - c[0]) <= r && fabs(p[1] - c[1]) <= r && fabs(p[2] - c[2]) <= r;
}

enum { PTS_UNIFORM, PTS_NEGATIVE, PTS_LATTICE, PTS_ONE_CELL, PTS_FAR, PTS_CLUSTERS };

static const struct {
    const char *name;
    int pts;
    size_t n;
    double cell, span; /* cell edge; points within ±span */
    double rmax;       /* query half-widths up to this */
} cases[] = {
    {"empty", PTS_UNIFORM, 0, 10.0, 1000, 500},
    {"one point", PTS_UNIFORM, 1, 10.0, 100, 200},
    {"uniform, small cells", PTS_UNIFORM, 3000, 5.0, 200, 60},
    {"uniform, cell ~ box", PTS_UNIFORM, 2000, 50.0, 1000, 80},
    {"uniform, big cells", PTS_UNIFORM, 500, 1000.0, 3000, 2000},
    {"negative quadrant", PTS_NEGATIVE, 1500, 20.0, 1500, 300},
    {"lattice on cell edges", PTS_LATTICE, 1000, 10.0, 50, 25},
    {"all in one cell", PTS_ONE_CELL, 300, 100.0, 10, 50},
    {"far points clamped", PTS_FAR, 400, 1.0, 1e12, 1e6},
    {"tight clusters", PTS_CLUSTERS, 3000, 2.0, 20000, 10},
    {"huge boxes, fallback", PTS_UNIFORM, 1000, 1.0, 500, 1000},
};

static void make_points(struct vg_rng *r, int kind, size_t n, double span, double cell,
                        double *pos)
{
    for (size_t i = 0; i < n; i++) {
        double *p = pos + 3 * i;
        for (int k = 0; k < 3; k++) {
            switch (kind) {
            case PTS_NEGATIVE:
                p[k] = -vg_rng_range(r, 0, span);
                break;
            case PTS_LATTICE: /* exactly on cell boundaries, both signs */
                p[k] = cell * (double)((int)(vg_rng_next(r) % 11) - 5);
                break;
            case PTS_ONE_CELL:
                p[k] = vg_rng_range(r, 0.0, 0.999 * cell);
                break;
            case PTS_FAR: /* a mix of huge and ordinary coordinates */
                p[k] = vg_rng_uniform(r) < 0.5 ? vg_rng_range(r, -span, span)
                                               : vg_rng_range(r, -1e3, 1e3);
                break;
            case PTS_CLUSTERS: /* 30 clusters of ~100 points within a few metres */
                p[k] = span * sin((double)(i % 30) * (k + 1)) + vg_rng_normal(r);
                break;
            default:
                p[k] = vg_rng_range(r, -span, span);
            }
        }
    }
}

static void case_queries_match_brute_force(void)
{
    static double pos[3 * MAXP];
    static struct visits v;
    struct vg_rng r;
    vg_rng_seed(&r, 77);
    struct vg__grid g;
    vg__grid_init(&g);
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        size_t n = cases[c].n;
        make_points(&r, cases[c].pts, n, cases[c].span, cases[c].cell, pos);
        CHECK_INT(vg__grid_build(&g, pos, n, cases[c].cell), 0);
        size_t inside = 0, extra = 0, missed = 0, twice = 0;
        int fallback = 0;
        for (int q = 0; q < 300; q++) {
            double ctr[3], rr;
            if (n && q % 3 == 0) { /* centred on a point, so boxes are rarely empty */
                size_t j = vg_rng_next(&r) % n;
                for (int k = 0; k < 3; k++)
                    ctr[k] = pos[3 * j + k] + vg_rng_range(&r, -1, 1) * cases[c].cell;
            } else {
                for (int k = 0; k < 3; k++)
                    ctr[k] = vg_rng_range(&r, -cases[c].span, cases[c].span);
            }
            /* Half-widths from zero to rmax, log-spread, plus exact zero and cell multiples. */
            if (q % 17 == 0)
                rr = 0.0;
            else if (q % 13 == 0)
                rr = cases[c].cell * (double)(1 + q % 4);
            else
                rr = cases[c].rmax * pow(10.0, -3.0 * vg_rng_uniform(&r));
            memset(&v, 0, sizeof v);
            size_t cells = vg__grid_query(&g, ctr, rr, on_visit, &v);
            if (cells == g.mask + 1 && rr > 8 * cases[c].cell)
                fallback++;
            for (size_t i = 0; i < n; i++) {
                int in = in_box(pos + 3 * i, ctr, rr);
                inside += in;
                missed += in && v.count[i] == 0;
                twice += v.count[i] > 1;
                extra += !in && v.count[i] == 1;
            }
        }
        fprintf(stderr, "  %-24s %6zu inside, %7zu extra, %zu missed, %zu twice, %d fallback\n",
                cases[c].name, inside, extra, missed, twice, fallback);
        CHECK_INT(missed, 0);
        CHECK_INT(twice, 0);
        if (strstr(cases[c].name, "fallback"))
            CHECK(fallback > 0);
    }
    vg__grid_fini(&g);
}

/* Known cell counts (cells are columns in east and north): a box inside one cell visits one
 * cell; a box around a corner, four. */
static void case_cells_visited(void)
{
    double pos[3] = {5, 5, 5};
    struct vg__grid g;
    vg__grid_init(&g);
    CHECK_INT(vg__grid_build(&g, pos, 1, 10.0), 0);
    struct visits *v = calloc(1, sizeof *v);
    double c1[3] = {5, 5, 5}, c2[3] = {0, 0, 0}, c3[3] = {-25, 5, 5};
    CHECK_INT(vg__grid_query(&g, c1, 1.0, on_visit, v), 1);
    CHECK_INT(v->count[0], 1);
    CHECK_INT(vg__grid_query(&g, c2, 1.0, on_visit, v), 4);
    CHECK_INT(v->count[0], 2);
    CHECK_INT(vg__grid_query(&g, c3, 1.0, on_visit, v), 1); /* cell −3: empty */
    CHECK_INT(v->count[0], 2);
    CHECK_INT(vg__grid_query(&g, c2, 25.0, on_visit, v), 6 * 6);
    free(v);
    vg__grid_fini(&g);
}

/* Rebuilding with fewer points reuses the buffers, and no stale slot of the bigger build
 * is seen — not even by the fallback that walks the whole table. */
static void case_rebuild_reuses_buffers(void)
{
    static double pos[3 * MAXP];
    static struct visits v;
    struct vg_rng r;
    vg_rng_seed(&r, 2024);
    make_points(&r, PTS_UNIFORM, MAXP, 1000, 10, pos);
    struct vg__grid g;
    vg__grid_init(&g);
    CHECK_INT(vg__grid_build(&g, pos, MAXP, 10.0), 0);
    const void *keys = g.keys, *heads = g.heads, *next = g.next;
    size_t cap = g.cap, next_cap = g.next_cap;
    static const size_t smaller[] = {1000, 5, 0, 3999, 17};
    for (size_t s = 0; s < sizeof smaller / sizeof smaller[0]; s++) {
        size_t n = smaller[s];
        /* Different points each time so that stale cells would show. */
        make_points(&r, PTS_UNIFORM, n, 1000, 10, pos);
        CHECK_INT(vg__grid_build(&g, pos, n, 10.0), 0);
        CHECK(g.keys == keys && g.heads == heads && g.next == next);
        CHECK_INT(g.cap, cap);
        CHECK_INT(g.next_cap, next_cap);
        double c[3] = {0, 0, 0};
        memset(&v, 0, sizeof v);
        vg__grid_query(&g, c, 1e5, on_visit, &v); /* fallback: every point once */
        CHECK_INT(v.total, n);
        for (size_t i = 0; i < n; i++)
            CHECK_INT(v.count[i], 1);
        for (int q = 0; q < 50 && n; q++) {
            size_t j = vg_rng_next(&r) % n;
            memset(&v, 0, sizeof v);
            vg__grid_query(&g, pos + 3 * j, 15.0, on_visit, &v);
            CHECK_INT(v.count[j], 1);
            size_t stale = 0; /* visits of an index that only an older build had */
            for (size_t i = n; i < (size_t)MAXP; i++)
                stale += (size_t)v.count[i];
            CHECK_INT(stale, 0);
        }
    }
    vg__grid_fini(&g);
    CHECK(g.keys == NULL && g.cap == 0);
    vg__grid_fini(&g); /* twice is harmless */
}

/* A prediction over an absurd time step (a fuzzed report 1e210 s on) overflows to ±inf and
 * NaN: its query must still be defined behaviour (UBSan checks the casts) and visit nothing
 * or a clamped edge cell's points, never crash. Found by fuzz_recording. */
static void case_non_finite_queries(void)
{
    static double pos[3 * 100];
    static struct visits v;
    struct vg_rng r;
    vg_rng_seed(&r, 7);
    make_points(&r, PTS_UNIFORM, 100, 1000, 10, pos);
    struct vg__grid g;
    vg__grid_init(&g);
    CHECK_INT(vg__grid_build(&g, pos, 100, 10.0), 0);
    const double bad[][4] = {{NAN, 0, 0, 10},       {0, NAN, 0, 10},  {0, 0, 0, NAN},
                             {INFINITY, 0, 0, 10},  {-INFINITY, 0, 0, 10},
                             {0, 0, 0, INFINITY},   {-1.5e211, 3e211, 0, 5e210}};
    for (size_t q = 0; q < sizeof bad / sizeof bad[0]; q++) {
        memset(&v, 0, sizeof v);
        vg__grid_query(&g, bad[q], bad[q][3], on_visit, &v);
        for (size_t i = 0; i < 100; i++)
            CHECK(v.count[i] <= 1); /* never twice */
    }
    vg__grid_fini(&g);
}

int main(void)
{
    RUN(case_queries_match_brute_force);
    RUN(case_cells_visited);
    RUN(case_rebuild_reuses_buffers);
    RUN(case_non_finite_queries);
    return test_report();
}
