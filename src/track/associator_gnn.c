/* SPDX-License-Identifier: MIT */
/* associator_gnn.c — global nearest neighbour: the jointly cheapest assignment of
 * detections to tracks, solved optimally inside each independent cluster.
 *
 * Tracks and detections linked by a gated pair form a bipartite graph; its connected
 * components (found by union-find with path halving) are independent assignment problems
 * (Blackman & Popoli 1999, §6.2). Most components in practice are one track and one
 * detection, resolved without a solver; the rest go to the shortest-augmenting-path
 * (Jonker–Volgenant) solver in base/assign.c. A miss is an explicit hypothesis, as in
 * Stone Soup's GNNWith2DAssignment: each track i gets a private column with the finite
 * miss cost, all other miss columns forbidden, so a feasible assignment always exists:
 *     cost (nt × (nd + nt)) = [ C | diag(miss) with +∞ elsewhere ].
 * All buffers grow monotonically and are reused: no allocation in steady state. */
#include "base/grow.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "track/internal.h"


void vg__gnn_init(struct vg__gnn *g)
{
    memset(g, 0, sizeof *g);
    vg_assign_init(&g->solver);
    vg__clusters_init(&g->cl);
}

void vg__gnn_fini(struct vg__gnn *g)
{
    vg_assign_fini(&g->solver);
    vg__clusters_fini(&g->cl);
    free(g->lt);
    free(g->ld);
    free(g->map);
    free(g->cost);
    free(g->sol);
    memset(g, 0, sizeof *g);
}

/* Solve one cluster given its pairs pairs[idx[0..np)]. map[] has ntrk + ndet entries, all −1
 * on entry and on exit: map[t] is track t's local row, map[ntrk + d] detection d's column. */
static int solve_cluster(struct vg__gnn *g, size_t ntrk, const struct vg__pair *pairs,
                         const int32_t *idx, size_t np, double miss, int32_t *trk_det)
{
    if (np == 1) {
        trk_det[pairs[idx[0]].trk] = pairs[idx[0]].det;
        return 0;
    }
    /* A star (one track, or one detection) needs no solver: take its cheapest pair. */
    int32_t t0 = pairs[idx[0]].trk, d0 = pairs[idx[0]].det;
    int one_trk = 1, one_det = 1;
    for (size_t k = 1; k < np; k++) {
        one_trk &= pairs[idx[k]].trk == t0;
        one_det &= pairs[idx[k]].det == d0;
    }
    if (one_trk || one_det) {
        size_t best = 0;
        for (size_t k = 1; k < np; k++)
            if (pairs[idx[k]].cost < pairs[idx[best]].cost)
                best = k;
        trk_det[pairs[idx[best]].trk] = pairs[idx[best]].det;
        return 0;
    }
    size_t nt = 0, nd = 0;
    VG_GROW(g->lt, g->lt_cap, np);
    VG_GROW(g->ld, g->ld_cap, np);
    for (size_t k = 0; k < np; k++) {
        const struct vg__pair *p = &pairs[idx[k]];
        if (g->map[p->trk] < 0) {
            g->map[p->trk] = (int32_t)nt;
            g->lt[nt++] = p->trk;
        }
        if (g->map[ntrk + (size_t)p->det] < 0) {
            g->map[ntrk + (size_t)p->det] = (int32_t)nd;
            g->ld[nd++] = p->det;
        }
    }
    size_t cols = nd + nt;
    VG_GROW(g->cost, g->cost_cap, nt * cols);
    VG_GROW(g->sol, g->sol_cap, nt);
    for (size_t i = 0; i < nt * cols; i++)
        g->cost[i] = INFINITY;
    for (size_t i = 0; i < nt; i++)
        g->cost[i * cols + nd + i] = miss;
    for (size_t k = 0; k < np; k++) {
        const struct vg__pair *p = &pairs[idx[k]];
        g->cost[(size_t)g->map[p->trk] * cols + (size_t)g->map[ntrk + (size_t)p->det]] = p->cost;
    }
    int rc = vg_assign_solve(&g->solver, g->cost, (int)nt, (int)cols, g->sol);
    if (rc == 0)
        for (size_t i = 0; i < nt; i++)
            if ((size_t)g->sol[i] < nd)
                trk_det[g->lt[i]] = g->ld[g->sol[i]];
    for (size_t i = 0; i < nt; i++)
        g->map[g->lt[i]] = -1;
    for (size_t j = 0; j < nd; j++)
        g->map[ntrk + (size_t)g->ld[j]] = -1;
    return rc;
}

int vg__gnn_associate(struct vg__gnn *g, size_t ntrk, size_t ndet, const struct vg__pair *pairs,
                      size_t npairs, double miss, int32_t *trk_det)
{
    for (size_t t = 0; t < ntrk; t++)
        trk_det[t] = -1;
    if (npairs == 0)
        return 0;
    size_t nn = ntrk + ndet;
    VG_GROW(g->map, g->map_cap, nn);
    for (size_t i = 0; i < nn; i++)
        g->map[i] = -1;
    int rc = vg__clusters_build(&g->cl, ntrk, ndet, pairs, npairs, sizeof *pairs);
    const int32_t *idx;
    size_t n;
    while (rc == 0 && vg__clusters_next(&g->cl, &idx, &n))
        rc = solve_cluster(g, ntrk, pairs, idx, n, miss, trk_det);
    return rc;
}
