/* SPDX-License-Identifier: MIT */
/* assign.c — rectangular linear assignment by shortest augmenting paths (Jonker–Volgenant).
 *
 * Follows D. F. Crouse, "On implementing 2D rectangular assignment algorithms", IEEE TAES
 * 52(4), 2016, Algorithm 4 (as in SciPy's rectangular_lsap.cpp). Rows are added one at a
 * time; for each, a Dijkstra-like search over reduced costs
 *     r(i, j) = cost(i, j) - u(i) - v(j) >= 0
 * finds the cheapest alternating path from the new row to a free column, which is then
 * flipped, and the duals u (rows) and v (columns) are updated so that reduced costs stay
 * non-negative and assigned pairs stay tight. Each search is O(n m), so the whole is
 * O(n² m). A +INFINITY cost never becomes the cheapest step; if the search reaches only
 * infinite distances, no feasible assignment exists (Crouse §IV).
 *
 * Ties between equally short paths prefer a free column, which ends the search early.
 * The workspace is one block carved into arrays sized by its capacity, so a reserved
 * workspace serves any smaller problem without allocating. */
#include "base/assign.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"

/* Arrays carved out of the workspace block for a capacity of R rows and C columns. */
struct arrays {
    double *u;            /* [R] row duals */
    double *v;            /* [C] column duals */
    double *dist;         /* [C] shortest path cost to each column in the current search */
    int *path;            /* [C] row preceding each column on its shortest path */
    int *col4row;         /* [R] column assigned to each row, -1 if none */
    int *row4col;         /* [C] row assigned to each column, -1 if none */
    int *remaining;       /* [C] columns not yet scanned in the current search */
    unsigned char *sr;    /* [R] row reached in the current search */
    unsigned char *sc;    /* [C] column scanned in the current search */
};

static size_t block_size(int rows, int cols)
{
    size_t r = (size_t)rows, c = (size_t)cols;
    return sizeof(double) * (r + 2 * c) + sizeof(int) * (r + 3 * c) + (r + c);
}

static void carve(const struct vg_assign *a, struct arrays *w)
{
    size_t r = (size_t)a->cap_rows, c = (size_t)a->cap_cols;
    double *d = a->buf;
    w->u = d;
    w->v = d + r;
    w->dist = d + r + c;
    int *i = (int *)(d + r + 2 * c);
    w->path = i;
    w->col4row = i + c;
    w->row4col = i + c + r;
    w->remaining = i + 2 * c + r;
    unsigned char *b = (unsigned char *)(i + 3 * c + r);
    w->sr = b;
    w->sc = b + r;
}

void vg_assign_init(struct vg_assign *a)
{
    a->buf = NULL;
    a->cap_rows = 0;
    a->cap_cols = 0;
}

void vg_assign_fini(struct vg_assign *a)
{
    free(a->buf);
    vg_assign_init(a);
}

int vg_assign_reserve(struct vg_assign *a, int rows, int cols)
{
    if (rows < 0 || cols < 0)
        return VG_EINVAL;
    if (rows <= a->cap_rows && cols <= a->cap_cols)
        return 0;
    int r = rows > a->cap_rows ? rows : a->cap_rows;
    int c = cols > a->cap_cols ? cols : a->cap_cols;
    /* 8(r + 2c) + 4(r + 3c) + (r + c) <= 16 (r + 3c) bytes: refuse anything that overflows. */
    if ((size_t)r + 3 * (size_t)c > SIZE_MAX / 16)
        return VG_ENOMEM;
    void *nb = malloc(block_size(r, c));
    if (!nb)
        return VG_ENOMEM;
    free(a->buf);
    a->buf = nb;
    a->cap_rows = r;
    a->cap_cols = c;
    return 0;
}

/* One Dijkstra search from row `start` over reduced costs. Returns the free column that ends
 * the shortest augmenting path, or -1 if every reachable column is at infinite distance.
 * *min_out is the length of that path. Crouse 2016, Algorithm 4, steps 1–4. */
static int augment_path(const double *cost, int n, int m, struct arrays *w, int start,
                        double *min_out)
{
    int nrem = m;
    for (int k = 0; k < m; k++) {
        w->remaining[k] = m - k - 1;
        w->dist[k] = INFINITY;
        w->sc[k] = 0;
    }
    memset(w->sr, 0, (size_t)n);

    double min_val = 0.0;
    int i = start, sink = -1;
    while (sink < 0) {
        w->sr[i] = 1;
        int best = -1;
        double lowest = INFINITY;
        const double *row = cost + (size_t)i * (size_t)m;
        for (int k = 0; k < nrem; k++) {
            int j = w->remaining[k];
            double r = min_val + row[j] - w->u[i] - w->v[j];
            if (r < w->dist[j]) {
                w->path[j] = i;
                w->dist[j] = r;
            }
            if (w->dist[j] < lowest || (w->dist[j] == lowest && w->row4col[j] < 0)) {
                lowest = w->dist[j];
                best = k;
            }
        }
        min_val = lowest;
        if (best < 0 || min_val == INFINITY)
            return -1;
        int j = w->remaining[best];
        if (w->row4col[j] < 0)
            sink = j;
        else
            i = w->row4col[j];
        w->sc[j] = 1;
        w->remaining[best] = w->remaining[--nrem];
    }
    *min_out = min_val;
    return sink;
}

int vg_assign_solve(struct vg_assign *a, const double *cost, int n, int m, int *row_to_col)
{
    if (n < 0 || m < 0 || n > m)
        return VG_EINVAL;
    if (n == 0)
        return 0;
    if (!cost || !row_to_col)
        return VG_EINVAL;
    size_t nm = (size_t)n * (size_t)m;
    for (size_t k = 0; k < nm; k++)
        if (isnan(cost[k]) || cost[k] == -INFINITY)
            return VG_EINVAL;
    int rc = vg_assign_reserve(a, n, m);
    if (rc)
        return rc;

    struct arrays w;
    carve(a, &w);
    for (int i = 0; i < n; i++) {
        w.u[i] = 0.0;
        w.col4row[i] = -1;
    }
    for (int j = 0; j < m; j++) {
        w.v[j] = 0.0;
        w.row4col[j] = -1;
    }

    for (int cur = 0; cur < n; cur++) {
        double min_val = 0.0;
        int sink = augment_path(cost, n, m, &w, cur, &min_val);
        if (sink < 0)
            return VG_EINVAL;

        /* Dual update (Crouse eq. 14–15): keeps reduced costs >= 0 and assigned pairs tight. */
        w.u[cur] += min_val;
        for (int i = 0; i < n; i++)
            if (w.sr[i] && i != cur)
                w.u[i] += min_val - w.dist[w.col4row[i]];
        for (int j = 0; j < m; j++)
            if (w.sc[j])
                w.v[j] -= min_val - w.dist[j];

        /* Flip the alternating path back from the sink to the new row. */
        for (int j = sink;;) {
            int i = w.path[j];
            w.row4col[j] = i;
            int prev = w.col4row[i];
            w.col4row[i] = j;
            j = prev;
            if (i == cur)
                break;
        }
    }
    memcpy(row_to_col, w.col4row, sizeof(int) * (size_t)n);
    return 0;
}
