/* SPDX-License-Identifier: MIT */
/* score.c — GOSPA and id switches over a run: group by time, score each time, average.
 *
 * Scored times are the union of truth times, track times and any extra times (the scan
 * markers of the detections: the tracker was asked about those times, so a time with
 * neither truth nor tracks scores 0 and still counts in the mean — the way Stone Soup's
 * reference figures were averaged). Times closer than t_tol to the first time of a group
 * are one time, so a tracker that rounds its timestamps still lines up with the truth.
 *
 * Id switches: for each truth object, the track id of its last assignment with d < c is
 * kept; a later assignment to a different track id is one switch. Times at which the
 * object is unassigned do not reset it, so losing a track and picking the object up with a
 * new one counts, as it should: the operator sees a new id. */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/sort.h"
#include "score/score.h"

void vg_score_params_default(struct vg_score_params *prm)
{
    prm->c = 10.0;
    prm->p = 1.0;
    prm->t_tol = VG_SCORE_T_TOL;
}

static void append(double *a, size_t *k, const double *src, size_t n)
{
    if (n) {
        memcpy(a + *k, src, n * sizeof *a);
        *k += n;
    }
}

/* All times of both sets and the extras, sorted, into a new array (*out, caller frees). */
static int all_times(const struct vg_score_set *x, const struct vg_score_set *y,
                     const double *extra, size_t n_extra, double **out, size_t *n)
{
    size_t total = x->n + x->n_t_only + y->n + y->n_t_only + n_extra;
    double *a = malloc((total ? total : 1) * sizeof *a);
    if (!a)
        return VG_ENOMEM;
    size_t k = 0;
    append(a, &k, x->t, x->n);
    append(a, &k, x->t_only, x->n_t_only);
    append(a, &k, y->t, y->n);
    append(a, &k, y->t_only, y->n_t_only);
    append(a, &k, extra, n_extra);
    qsort(a, total, sizeof *a, vg_cmp_double);
    *out = a;
    *n = total;
    return 0;
}

/* -1 filled array of n ints (at least one), or NULL. */
static int *minus_ones(size_t n)
{
    int *a = malloc((n ? n : 1) * sizeof *a);
    if (a)
        for (size_t k = 0; k < n; k++)
            a[k] = -1;
    return a;
}

static void swap_objects(struct vg_score_set *s, size_t i, size_t j)
{
    double t = s->t[i];
    s->t[i] = s->t[j];
    s->t[j] = t;
    for (int c = 0; c < 3; c++) {
        double p = s->pos[3 * i + c];
        s->pos[3 * i + c] = s->pos[3 * j + c];
        s->pos[3 * j + c] = p;
    }
    int id = s->id[i];
    s->id[i] = s->id[j];
    s->id[j] = id;
    unsigned line = s->line[i];
    s->line[i] = s->line[j];
    s->line[j] = line;
}

/* One time's objects, s's [from, to) (sorted by time): an id met at two different raw
 * times of the group keeps its later entry, which is the object's newest state (an engine
 * that processed two sensors' batches 1e-16 s apart emitted a track at both); kept entries
 * are swapped to the end of the range and *first is where they start. The same id twice at
 * the very same time is a malformed file: VG_EPARSE naming the line. seen[id] holds the
 * last group each id was met in, at[id] its kept entry. */
static int one_per_id(struct vg_score_set *s, size_t from, size_t to, int *seen, int *at,
                      int group, size_t *first, struct vg_diag *d)
{
    size_t w = to;
    for (size_t k = to; k-- > from;) {
        int id = s->id[k];
        if (seen[id] == group) {
            if (s->t[k] == s->t[at[id]]) { /* named by the later of the two lines */
                unsigned l1 = s->line[k], l2 = s->line[at[id]];
                return vg_diag_set(d, VG_EPARSE, "%s:%u: id '%s' appears twice at t = %.9g s",
                                   s->path[0] ? s->path : "(input)", l1 > l2 ? l1 : l2,
                                   s->names[id], s->t[k]);
            }
            continue; /* an older state of an object kept at a later time */
        }
        seen[id] = group;
        swap_objects(s, k, --w);
        at[id] = (int)w;
    }
    *first = w;
    return 0;
}

int vg_score_run(struct vg_score_set *truth, struct vg_score_set *tracks,
                 const double *extra_t, size_t n_extra, const struct vg_score_params *prm,
                 int (*on_time)(void *ctx, const struct vg_score_time *st), void *ctx,
                 struct vg_score_result *out, struct vg_diag *d)
{
    double c = prm->c, p = prm->p, tol = prm->t_tol;
    if (!(isfinite(c) && c > 0.0))
        return vg_diag_set(d, VG_EINVAL, "cut-off c = %g is not a finite number > 0", c);
    if (!(isfinite(p) && p >= 1.0))
        return vg_diag_set(d, VG_EINVAL, "order p = %g is not a finite number >= 1", p);
    if (!(isfinite(tol) && tol >= 0.0))
        return vg_diag_set(d, VG_EINVAL, "time tolerance %g is not finite and >= 0", tol);
    for (size_t k = 0; k < n_extra; k++)
        if (!isfinite(extra_t[k]))
            return vg_diag_set(d, VG_EINVAL, "extra time %zu is not finite", k);
    memset(out, 0, sizeof *out);
    out->c = c;
    out->p = p;
    out->alpha = VG_GOSPA_ALPHA;

    int rc = vg_score_set_sort(truth);
    if (!rc)
        rc = vg_score_set_sort(tracks);
    if (rc)
        return vg_diag_set(d, rc, "sorting by time: %s", vg_strerror(rc));

    struct vg_gospa_ws ws;
    vg_gospa_init(&ws);
    double *times = NULL;
    size_t n_times = 0;
    int *t2e = minus_ones(truth->n), *last = minus_ones((size_t)truth->nnames);
    int *seen_x = minus_ones((size_t)truth->nnames), *seen_y = minus_ones((size_t)tracks->nnames);
    int *at_x = minus_ones((size_t)truth->nnames), *at_y = minus_ones((size_t)tracks->nnames);
    rc = t2e && last && seen_x && seen_y && at_x && at_y ? 0 : VG_ENOMEM;
    if (!rc)
        rc = all_times(truth, tracks, extra_t, n_extra, &times, &n_times);
    if (rc) {
        vg_diag_set(d, rc, "scoring: %s", vg_strerror(rc));
        goto out;
    }

    double sum_g = 0, sum_loc = 0, sum_mis = 0, sum_fal = 0;
    double sum_mn = 0, sum_fn = 0, sum_an = 0;
    size_t a = 0, b = 0, k = 0;
    for (int group = 0; k < n_times; group++) {
        /* One group: times within tol of its first; objects up to its last time. */
        double t0 = times[k];
        size_t e = k;
        while (e + 1 < n_times && times[e + 1] - t0 <= tol)
            e++;
        double t1 = times[e];
        k = e + 1;
        size_t a0 = a, b0 = b;
        while (a < truth->n && truth->t[a] <= t1)
            a++;
        while (b < tracks->n && tracks->t[b] <= t1)
            b++;
        rc = one_per_id(truth, a0, a, seen_x, at_x, group, &a0, d);
        if (!rc)
            rc = one_per_id(tracks, b0, b, seen_y, at_y, group, &b0, d);
        if (rc)
            goto out;

        if (a - a0 > INT_MAX || b - b0 > INT_MAX) {
            rc = vg_diag_set(d, VG_ERANGE, "scoring t = %.9g s: too many objects", t0);
            goto out;
        }
        struct vg_score_time st = {.t = t0, .truths = (int)(a - a0), .tracks = (int)(b - b0)};
        rc = vg_gospa_step(&ws, c, p, st.truths ? truth->pos + 3 * a0 : NULL, st.truths,
                           st.tracks ? tracks->pos + 3 * b0 : NULL, st.tracks, &st.g, t2e);
        if (rc) {
            vg_diag_set(d, rc, "scoring t = %.9g s: %s", t0, vg_strerror(rc));
            goto out;
        }
        for (int i = 0; i < st.truths; i++) {
            if (t2e[i] < 0)
                continue;
            int obj = truth->id[a0 + (size_t)i], tid = tracks->id[b0 + (size_t)t2e[i]];
            if (last[obj] >= 0 && last[obj] != tid)
                st.id_switches++;
            last[obj] = tid;
        }
        out->id_switches += st.id_switches;
        out->times++;
        sum_g += st.g.gospa;
        sum_loc += st.g.loc_term;
        sum_mis += st.g.missed_term;
        sum_fal += st.g.false_term;
        sum_mn += st.g.missed_n;
        sum_fn += st.g.false_n;
        sum_an += st.g.assigned_n;
        if (on_time && (rc = on_time(ctx, &st)) != 0)
            goto out;
    }
    if (out->times) {
        double n = (double)out->times;
        out->gospa = sum_g / n;
        out->loc_term = sum_loc / n;
        out->missed_term = sum_mis / n;
        out->false_term = sum_fal / n;
        out->missed_n = sum_mn / n;
        out->false_n = sum_fn / n;
        out->assigned_n = sum_an / n;
    }
out:
    vg_gospa_fini(&ws);
    free(times);
    free(t2e);
    free(last);
    free(seen_x);
    free(seen_y);
    free(at_x);
    free(at_y);
    return rc;
}
