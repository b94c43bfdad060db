/* SPDX-License-Identifier: MIT */
/* cluster.c — independent association problems: the connected components of the bipartite
 * graph that gated pairs draw between tracks and detections.
 *
 * Union-find with path halving over tracks [0, ntrk) and detections [ntrk, ntrk + ndet),
 * then a counting sort of the pairs by their component's root, so that each component's
 * pairs are consecutive and components come in root order — deterministic whatever the
 * input order (Blackman & Popoli 1999, §6.2: clusters are solved independently). Both the
 * GNN and the JPDA associators split their work this way. Buffers only grow. */
#include <string.h>

#include "base/grow.h"
#include "track/internal.h"

void vg__clusters_init(struct vg__clusters *c)
{
    memset(c, 0, sizeof *c);
}

void vg__clusters_fini(struct vg__clusters *c)
{
    free(c->parent);
    free(c->order);
    free(c->start);
    memset(c, 0, sizeof *c);
}

static int32_t find(int32_t *parent, int32_t i)
{
    while (parent[i] != i) {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    return i;
}

/* A pair's track and detection: the first two int32 fields of the caller's pair struct. */
static const int32_t *pair_at(const void *pairs, size_t stride, size_t k)
{
    return (const int32_t *)((const char *)pairs + k * stride);
}

int vg__clusters_build(struct vg__clusters *c, size_t ntrk, size_t ndet, const void *pairs,
                       size_t npairs, size_t stride)
{
    size_t nn = ntrk + ndet;
    VG_GROW(c->parent, c->parent_cap, nn ? nn : 1);
    VG_GROW(c->order, c->order_cap, npairs ? npairs : 1);
    VG_GROW(c->start, c->start_cap, nn + 1);
    for (size_t i = 0; i < nn; i++)
        c->parent[i] = (int32_t)i;
    for (size_t k = 0; k < npairs; k++) {
        const int32_t *p = pair_at(pairs, stride, k);
        int32_t a = find(c->parent, p[0]), b = find(c->parent, (int32_t)ntrk + p[1]);
        if (a != b)
            c->parent[a < b ? b : a] = a < b ? a : b;
    }
    memset(c->start, 0, (nn + 1) * sizeof *c->start);
    for (size_t k = 0; k < npairs; k++)
        c->start[find(c->parent, pair_at(pairs, stride, k)[0]) + 1]++;
    for (size_t i = 0; i < nn; i++)
        c->start[i + 1] += c->start[i];
    for (size_t k = 0; k < npairs; k++) {
        int32_t r = find(c->parent, pair_at(pairs, stride, k)[0]);
        c->order[c->start[r]++] = (int32_t)k;
    }
    /* start[r] now holds the end of component r's pairs in order[]. */
    c->nn = nn;
    c->r = 0;
    c->b = 0;
    return 0;
}

int vg__clusters_next(struct vg__clusters *c, const int32_t **idx, size_t *n)
{
    while (c->r < c->nn) {
        size_t e = (size_t)c->start[c->r++];
        if (e > c->b) {
            *idx = c->order + c->b;
            *n = e - c->b;
            c->b = e;
            return 1;
        }
    }
    return 0;
}
