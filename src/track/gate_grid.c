/* SPDX-License-Identifier: MIT */
/* gate_grid.c — coarse gate: a spatial hash of detection positions.
 *
 * Checking every track against every detection costs O(tracks × detections): 10⁸ chi-square
 * tests per scan at 10,000 targets. Instead detections are hashed into square columns once per
 * batch (O(n)), and each track visits only the cells its gate's bounding box overlaps; the
 * exact Mahalanobis gate is applied to what it finds. Cells are keyed by their packed
 * integer coordinates in an open-addressing table with linear probing, sized to a power of
 * two at least twice the number of points, so a lookup is one or two probes. Points in a
 * cell are chained through next[]. Buffers only grow: no allocation in steady state. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "track/internal.h"

#define CELL_BIAS (1 << 20)   /* cell coordinates are clamped to ±2²⁰ (±10⁶ cells) */
#define EMPTY_KEY UINT64_MAX
#define MAX_BOX_CELLS 4096    /* a bigger box visits every occupied slot instead */

void vg__grid_init(struct vg__grid *g)
{
    memset(g, 0, sizeof *g);
}

void vg__grid_fini(struct vg__grid *g)
{
    free(g->keys);
    free(g->heads);
    free(g->next);
    memset(g, 0, sizeof *g);
}

/* Clamped so that a far or non-finite coordinate (a prediction over an absurd time step
 * overflows to inf and NaN; the deleter then ends that track) is still a cell: converting
 * NaN or ±inf to an integer is undefined. NaN fails both tests and lands in the first. */
static int64_t cell_of(double v, double cell)
{
    double c = floor(v / cell);
    if (!(c > -CELL_BIAS + 1))
        c = -CELL_BIAS + 1;
    if (!(c < CELL_BIAS - 2))
        c = CELL_BIAS - 2;
    return (int64_t)c;
}

/* Cells are columns: (east, north) only. Air pictures are wide and shallow (kilometres
 * across, hundreds of metres deep), so a third index would mostly multiply the probes of
 * each query without separating many points. */
static uint64_t pack(int64_t ix, int64_t iy)
{
    return ((uint64_t)(ix + CELL_BIAS) << 32) | (uint64_t)(iy + CELL_BIAS);
}

static size_t slot_of(uint64_t key, size_t mask)
{
    /* Fibonacci hashing spreads neighbouring cells over the table. */
    return (size_t)((key * 0x9e3779b97f4a7c15ULL) >> 17) & mask;
}

int vg__grid_build(struct vg__grid *g, const double *pos, size_t n, double cell_m)
{
    size_t cap = 16;
    while (cap < 2 * n)
        cap <<= 1;
    if (cap > g->cap) {
        uint64_t *k = realloc(g->keys, cap * sizeof *k);
        if (!k)
            return VG_ENOMEM;
        g->keys = k;
        int32_t *h = realloc(g->heads, cap * sizeof *h);
        if (!h)
            return VG_ENOMEM;
        g->heads = h;
        g->cap = cap;
    }
    if (n > g->next_cap) {
        int32_t *nx = realloc(g->next, n * sizeof *nx);
        if (!nx)
            return VG_ENOMEM;
        g->next = nx;
        g->next_cap = n;
    }
    /* Use only the first `cap` slots of a possibly larger table: clearing stays O(n). */
    g->cell_m = cell_m;
    size_t mask = cap - 1;
    memset(g->keys, 0xff, cap * sizeof *g->keys);
    for (size_t i = 0; i < n; i++) {
        const double *p = pos + 3 * i;
        uint64_t key = pack(cell_of(p[0], cell_m), cell_of(p[1], cell_m));
        size_t s = slot_of(key, mask);
        while (g->keys[s] != EMPTY_KEY && g->keys[s] != key)
            s = (s + 1) & mask;
        if (g->keys[s] == EMPTY_KEY) {
            g->keys[s] = key;
            g->next[i] = -1;
        } else {
            g->next[i] = g->heads[s];
        }
        g->heads[s] = (int32_t)i;
    }
    g->mask = mask;
    return 0;
}

size_t vg__grid_query(const struct vg__grid *g, const double c[3], double r,
                      vg__grid_visit_fn fn, void *user)
{
    double cell = g->cell_m;
    int64_t lo[2], hi[2];
    double cells = 1.0;
    for (int k = 0; k < 2; k++) {
        lo[k] = cell_of(c[k] - r, cell);
        hi[k] = cell_of(c[k] + r, cell);
        cells *= (double)(hi[k] - lo[k] + 1);
    }
    size_t mask = g->mask;
    if (cells > MAX_BOX_CELLS) {
        for (size_t s = 0; s <= mask; s++)
            if (g->keys[s] != EMPTY_KEY)
                for (int32_t i = g->heads[s]; i >= 0; i = g->next[i])
                    fn(user, i);
        return mask + 1;
    }
    size_t visited = 0;
    for (int64_t ix = lo[0]; ix <= hi[0]; ix++)
        for (int64_t iy = lo[1]; iy <= hi[1]; iy++) {
            uint64_t key = pack(ix, iy);
            size_t s = slot_of(key, mask);
            visited++;
            while (g->keys[s] != EMPTY_KEY) {
                if (g->keys[s] == key) {
                    for (int32_t i = g->heads[s]; i >= 0; i = g->next[i])
                        fn(user, i);
                    break;
                }
                s = (s + 1) & mask;
            }
        }
    return visited;
}
