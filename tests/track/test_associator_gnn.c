/* SPDX-License-Identifier: MIT */
/* test_associator_gnn.c — GNN association against exhaustive search.
 *
 * The associator splits the gated pairs into independent clusters, shortcuts single pairs
 * and stars, and solves the rest with the assignment solver. Whatever the shortcut, the
 * answer must be a minimum of
 *     Σ cost(t, d) over assigned pairs + miss × (tracks left unassigned)
 * over all one-to-one partial assignments that use gated pairs only. Small problems (up to
 * 6 × 6) are enumerated exhaustively — thousands per shape below; larger geometric scenes are
 * checked against one unclustered solve of the full [C | diag(miss)] matrix. One workspace
 * serves every problem, so reuse across calls of different sizes is tested too. */
#include "test.h"

#include "base/assign.h"
#include "base/rng.h"
#include "track/internal.h"

#define SMALL 6
#define BIG_T 80
#define BIG_D 100

/* Exhaustive minimum over tracks t.. given the detections already used. */
static double brute(const double *c, int nt, int nd, double miss, int t, unsigned used)
{
    if (t == nt)
        return 0.0;
    double best = miss + brute(c, nt, nd, miss, t + 1, used);
    for (int d = 0; d < nd; d++) {
        if ((used >> d) & 1u || isinf(c[t * nd + d]))
            continue;
        double v = c[t * nd + d] + brute(c, nt, nd, miss, t + 1, used | (1u << d));
        if (v < best)
            best = v;
    }
    return best;
}

/* Checks the answer is a one-to-one assignment over gated pairs; returns its cost or NAN. */
static double cost_of(const double *c, int nt, int nd, double miss, const int32_t *trk_det)
{
    double sum = 0.0;
    unsigned char used[BIG_D] = {0};
    for (int t = 0; t < nt; t++) {
        int32_t d = trk_det[t];
        if (d == -1) {
            sum += miss;
            continue;
        }
        if (d < 0 || d >= nd || used[d] || isinf(c[t * nd + d]))
            return NAN;
        used[d] = 1;
        sum += c[t * nd + d];
    }
    return sum;
}

enum { GEN_SPARSE, GEN_DENSE, GEN_CLUSTERS, GEN_STAR_TRACK, GEN_STAR_DET, GEN_SINGLES,
       GEN_NONE, GEN_TIES, GEN_NEAR_MISS };

static const struct {
    const char *name;
    int gen;
    double miss;
} shapes[] = {
    {"sparse random", GEN_SPARSE, 1.0},
    {"dense random", GEN_DENSE, 1.0},
    {"several clusters", GEN_CLUSTERS, 1.0},
    {"star: one track, many detections", GEN_STAR_TRACK, 1.0},
    {"star: one detection, many tracks", GEN_STAR_DET, 1.0},
    {"single pairs", GEN_SINGLES, 1.0},
    {"no pairs", GEN_NONE, 1.0},
    {"tied costs", GEN_TIES, 1.0},
    {"costs just under the miss", GEN_NEAR_MISS, 1.0},
    {"dense, miss cost 7.5", GEN_DENSE, 7.5},
};

/* Fills c[nt×nd] (INFINITY = not gated) for one problem of the given shape. */
static void generate(struct vg_rng *r, int gen, double miss, int *nt, int *nd, double *c)
{
    *nt = (int)(vg_rng_next(r) % (SMALL + 1));
    *nd = (int)(vg_rng_next(r) % (SMALL + 1));
    int ntt = *nt, ndd = *nd;
    for (int k = 0; k < ntt * ndd; k++)
        c[k] = INFINITY;
    int group_t[SMALL], group_d[SMALL];
    for (int t = 0; t < ntt; t++)
        group_t[t] = (int)(vg_rng_next(r) % 3);
    for (int d = 0; d < ndd; d++)
        group_d[d] = (int)(vg_rng_next(r) % 3);
    int star = ntt ? (int)(vg_rng_next(r) % (unsigned)ntt) : 0;
    int star_d = ndd ? (int)(vg_rng_next(r) % (unsigned)ndd) : 0;
    for (int t = 0; t < ntt; t++)
        for (int d = 0; d < ndd; d++) {
            int gated;
            switch (gen) {
            case GEN_SPARSE:
                gated = vg_rng_uniform(r) < 0.25;
                break;
            case GEN_CLUSTERS:
                gated = group_t[t] == group_d[d] && vg_rng_uniform(r) < 0.8;
                break;
            case GEN_STAR_TRACK:
                gated = t == star;
                break;
            case GEN_STAR_DET:
                gated = d == star_d;
                break;
            case GEN_SINGLES:
                gated = t == d;
                break;
            case GEN_NONE:
                gated = 0;
                break;
            default:
                gated = vg_rng_uniform(r) < 0.85;
            }
            if (!gated)
                continue;
            if (gen == GEN_TIES)
                c[t * ndd + d] = 0.25 * (double)(1 + vg_rng_next(r) % 3);
            else if (gen == GEN_NEAR_MISS)
                c[t * ndd + d] = miss * (1.0 - 1e-3 * vg_rng_uniform(r)) - 1e-12;
            else
                c[t * ndd + d] = miss * vg_rng_range(r, 1e-6, 1.0);
        }
}

/* The gated entries of c as a pair list in random order. */
static size_t to_pairs(struct vg_rng *r, const double *c, int nt, int nd, struct vg__pair *p)
{
    size_t n = 0;
    for (int t = 0; t < nt; t++)
        for (int d = 0; d < nd; d++)
            if (!isinf(c[t * nd + d]))
                p[n++] = (struct vg__pair){t, d, c[t * nd + d]};
    for (size_t i = n; i > 1; i--) {
        size_t j = vg_rng_next(r) % i;
        struct vg__pair tmp = p[i - 1];
        p[i - 1] = p[j];
        p[j] = tmp;
    }
    return n;
}

static void case_small_vs_brute_force(void)
{
    struct vg_rng r;
    vg_rng_seed(&r, 1966);
    struct vg__gnn g;
    vg__gnn_init(&g);
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        int bad = 0, assigned = 0, problems = 3000;
        for (int k = 0; k < problems; k++) {
            int nt, nd;
            double c[SMALL * SMALL];
            struct vg__pair pairs[SMALL * SMALL];
            int32_t trk_det[SMALL + 1];
            generate(&r, shapes[s].gen, shapes[s].miss, &nt, &nd, c);
            size_t np = to_pairs(&r, c, nt, nd, pairs);
            trk_det[nt] = 12345; /* guard: nothing past ntrk is written */
            int rc = vg__gnn_associate(&g, (size_t)nt, (size_t)nd, pairs, np, shapes[s].miss,
                                       trk_det);
            double want = brute(c, nt, nd, shapes[s].miss, 0, 0);
            double got = rc == 0 ? cost_of(c, nt, nd, shapes[s].miss, trk_det) : NAN;
            for (int t = 0; t < nt; t++)
                assigned += trk_det[t] >= 0;
            if (rc != 0 || !(fabs(got - want) <= 1e-9 * (1 + want)) || trk_det[nt] != 12345) {
                if (bad++ < 3) {
                    fprintf(stderr, "  %s, problem %d (%d×%d, %zu pairs): rc %d, cost %.12g, "
                                    "optimum %.12g\n",
                            shapes[s].name, k, nt, nd, np, rc, got, want);
                    for (size_t i = 0; i < np; i++)
                        fprintf(stderr, "    pair t%d d%d %.6f\n", pairs[i].trk, pairs[i].det,
                                pairs[i].cost);
                    for (int t = 0; t < nt; t++)
                        fprintf(stderr, "    track %d -> %d\n", t, trk_det[t]);
                }
            }
        }
        fprintf(stderr, "  %-36s %d problems, %d assignments, %d wrong\n", shapes[s].name,
                problems, assigned, bad);
        CHECK_INT(bad, 0);
    }
    vg__gnn_fini(&g);
    vg__gnn_fini(&g); /* safe twice */
}

/* Geometric scenes: tracks and detections scattered in a plane, gated within a radius, so
 * clusters of many sizes appear; the reference is one solve of the whole problem. */
static void case_large_vs_unclustered_solve(void)
{
    struct vg_rng r;
    vg_rng_seed(&r, 2016);
    struct vg__gnn g;
    vg__gnn_init(&g);
    struct vg_assign ref;
    vg_assign_init(&ref);
    static double c[BIG_T * BIG_D], full[BIG_T * (BIG_D + BIG_T)];
    static struct vg__pair pairs[BIG_T * BIG_D];
    int32_t trk_det[BIG_T];
    int sol[BIG_T], bad = 0;
    size_t max_pairs = 0;
    for (int k = 0; k < 300; k++) {
        int nt = 1 + (int)(vg_rng_next(&r) % BIG_T), nd = (int)(vg_rng_next(&r) % (BIG_D + 1));
        double tp[BIG_T][2], dp[BIG_D][2], gate = vg_rng_range(&r, 0.02, 0.25);
        for (int t = 0; t < nt; t++)
            tp[t][0] = vg_rng_uniform(&r), tp[t][1] = vg_rng_uniform(&r);
        for (int d = 0; d < nd; d++)
            dp[d][0] = vg_rng_uniform(&r), dp[d][1] = vg_rng_uniform(&r);
        int cols = nd + nt;
        for (int t = 0; t < nt; t++) {
            for (int d = 0; d < nd; d++) {
                double dx = tp[t][0] - dp[d][0], dy = tp[t][1] - dp[d][1];
                double d2 = (dx * dx + dy * dy) / (gate * gate);
                c[t * nd + d] = d2 < 1.0 ? d2 : INFINITY;
                full[t * cols + d] = c[t * nd + d];
            }
            for (int j = 0; j < nt; j++)
                full[t * cols + nd + j] = j == t ? 1.0 : INFINITY;
        }
        size_t np = to_pairs(&r, c, nt, nd, pairs);
        max_pairs = np > max_pairs ? np : max_pairs;
        CHECK_INT(vg__gnn_associate(&g, (size_t)nt, (size_t)nd, pairs, np, 1.0, trk_det), 0);
        CHECK_INT(vg_assign_solve(&ref, full, nt, cols, sol), 0);
        double want = 0.0;
        for (int t = 0; t < nt; t++)
            want += full[t * cols + sol[t]];
        double got = cost_of(c, nt, nd, 1.0, trk_det);
        if (!(fabs(got - want) <= 1e-9 * (1 + want)) && bad++ < 3)
            fprintf(stderr, "  scene %d (%d×%d, %zu pairs): cost %.12g, optimum %.12g\n", k, nt,
                    nd, np, got, want);
    }
    fprintf(stderr, "  300 scenes up to %d×%d, up to %zu pairs, %d wrong\n", BIG_T, BIG_D,
            max_pairs, bad);
    CHECK_INT(bad, 0);
    vg_assign_fini(&ref);
    vg__gnn_fini(&g);
}

/* Hand-made cases where the greedy answer is wrong or the miss matters. */
static void case_known_answers(void)
{
    static const struct {
        const char *name;
        int nt, nd;
        struct vg__pair p[6];
        int np;
        int32_t want[3];
    } known[] = {
        {"greedy would steal", 2, 2, {{0, 0, 0.1}, {0, 1, 0.2}, {1, 0, 0.15}}, 3, {1, 0, -1}},
        {"one detection, the cheaper track takes it", 2, 1, {{0, 0, 0.9}, {1, 0, 0.8}}, 2,
         {-1, 0, -1}},
        {"chain of three", 3, 3,
         {{0, 0, 0.5}, {0, 1, 0.1}, {1, 1, 0.1}, {1, 2, 0.5}, {2, 2, 0.1}}, 5, {0, 1, 2}},
        {"unpaired track and detection", 3, 3, {{1, 2, 0.3}}, 1, {-1, 2, -1}},
        {"no pairs", 3, 2, {{0, 0, 0}}, 0, {-1, -1, -1}},
    };
    struct vg__gnn g;
    vg__gnn_init(&g);
    for (size_t c = 0; c < sizeof known / sizeof known[0]; c++) {
        int32_t out[3] = {99, 99, 99};
        CHECK_INT(vg__gnn_associate(&g, (size_t)known[c].nt, (size_t)known[c].nd, known[c].p,
                                    (size_t)known[c].np, 1.0, out), 0);
        for (int t = 0; t < known[c].nt; t++) {
            if (out[t] != known[c].want[t])
                fprintf(stderr, "  case '%s': track %d -> %d, want %d\n", known[c].name, t,
                        out[t], known[c].want[t]);
            CHECK_INT(out[t], known[c].want[t]);
        }
    }
    vg__gnn_fini(&g);
}

int main(void)
{
    RUN(case_known_answers);
    RUN(case_small_vs_brute_force);
    RUN(case_large_vs_unclustered_solve);
    return test_report();
}
