/* SPDX-License-Identifier: MIT */
/* gospa.c — GOSPA between truth and estimates at one time (α = 2).
 *
 * Rahmathullah, García-Fernández & Svensson, "Generalized optimal sub-pattern assignment
 * metric", FUSION 2017: for α = 2 the paper writes the metric as an assignment problem,
 *     d^p = min over γ  Σ_{(i,j)∈γ} d(x_i, y_j)^p + c^p/2 (|X| + |Y| − 2|γ|),
 * γ ranging over partial assignments and only pairs with d < c being worth assigning.
 *
 * Why no padding is needed: with the cost min(d, c)^p, a pair at distance >= c costs c^p,
 * exactly what leaving both ends unassigned costs (c^p/2 + c^p/2). So it is optimal to pair
 * as many objects as the smaller set has, and the optimum is the full assignment of the
 * smaller set into the larger with cost min(d, c)^p, plus c^p/2 per object of the larger
 * set left over; pairs at d >= c are then reported as one missed and one false. Solving the
 * min(|X|, |Y|) × max(|X|, |Y|) problem is the padded (|X| + |Y|) square problem's optimum
 * on a smaller matrix. The solver is base/assign.c (Jonker–Volgenant, Crouse 2016). */
#include <math.h>
#include <stdlib.h>

#include "score/score.h"

void vg_gospa_init(struct vg_gospa_ws *w)
{
    vg_assign_init(&w->assign);
    w->cost = NULL;
    w->cost_cap = 0;
    w->match = NULL;
    w->match_cap = 0;
}

void vg_gospa_fini(struct vg_gospa_ws *w)
{
    vg_assign_fini(&w->assign);
    free(w->cost);
    free(w->match);
    vg_gospa_init(w);
}

static int all_finite(const double *v, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (!isfinite(v[k]))
            return 0;
    return 1;
}

static int grow(struct vg_gospa_ws *w, size_t cells, size_t rows)
{
    if (cells > w->cost_cap) {
        double *nc = malloc(cells * sizeof *nc);
        if (!nc)
            return VG_ENOMEM;
        free(w->cost);
        w->cost = nc;
        w->cost_cap = cells;
    }
    if (rows > w->match_cap) {
        int *nm = malloc(rows * sizeof *nm);
        if (!nm)
            return VG_ENOMEM;
        free(w->match);
        w->match = nm;
        w->match_cap = rows;
    }
    return 0;
}

/* d^p from the squared distance, exact for the common orders 1 and 2. */
static double pow_p(double d2, double p)
{
    if (p == 1.0)
        return sqrt(d2);
    if (p == 2.0)
        return d2;
    return pow(sqrt(d2), p);
}

static double dist2(const double *a, const double *b)
{
    double dx = a[0] - b[0], dy = a[1] - b[1], dz = a[2] - b[2];
    return dx * dx + dy * dy + dz * dz;
}

int vg_gospa_step(struct vg_gospa_ws *w, double c, double p, const double *truth, int nt,
                  const double *est, int ne, struct vg_gospa *out, int *truth_to_est)
{
    if (!(isfinite(c) && c > 0.0 && isfinite(p) && p >= 1.0) || nt < 0 || ne < 0)
        return VG_EINVAL;
    if ((nt > 0 && !truth) || (ne > 0 && !est))
        return VG_EINVAL;
    if (!all_finite(truth, 3 * (size_t)nt) || !all_finite(est, 3 * (size_t)ne))
        return VG_EINVAL;

    /* Rows are the smaller set, so that every row can be assigned. */
    int swap = nt > ne;
    const double *rp = swap ? est : truth, *cp = swap ? truth : est;
    int rows = swap ? ne : nt, cols = swap ? nt : ne;
    if (rows > 0 && (size_t)cols > ((size_t)-1 / sizeof(double)) / (size_t)rows)
        return VG_ENOMEM;
    int rc = grow(w, (size_t)rows * (size_t)cols, (size_t)rows);
    if (rc)
        return rc;

    double c2 = c * c, cp_p = pow_p(c2, p);
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++) {
            double d2 = dist2(rp + 3 * i, cp + 3 * j);
            w->cost[(size_t)i * cols + j] = d2 < c2 ? pow_p(d2, p) : cp_p;
        }
    /* Every entry is finite, so the problem is always feasible. */
    rc = vg_assign_solve(&w->assign, w->cost, rows, cols, w->match);
    if (rc)
        return rc;

    if (truth_to_est)
        for (int i = 0; i < nt; i++)
            truth_to_est[i] = -1;
    double loc = 0.0;
    int assigned = 0;
    for (int i = 0; i < rows; i++) {
        int j = w->match[i];
        double d2 = dist2(rp + 3 * i, cp + 3 * j);
        if (!(d2 < c2))
            continue;
        loc += pow_p(d2, p);
        assigned++;
        if (truth_to_est) {
            if (swap)
                truth_to_est[j] = i;
            else
                truth_to_est[i] = j;
        }
    }
    out->assigned_n = assigned;
    out->missed_n = nt - assigned;
    out->false_n = ne - assigned;
    out->loc_term = loc;
    out->missed_term = 0.5 * cp_p * out->missed_n;
    out->false_term = 0.5 * cp_p * out->false_n;
    double sum = loc + out->missed_term + out->false_term;
    out->gospa = p == 1.0 ? sum : p == 2.0 ? sqrt(sum) : pow(sum, 1.0 / p);
    return 0;
}
