/* SPDX-License-Identifier: MIT */
/* exercise.c — the exercise scorer (definitions in exercise.h): tracks matched to truth as
 * they come, everything else judged at the end.
 *
 * Per emission the confirmed and coasting tracks are assigned to the live objects (gate,
 * distance cost, optimal assignment: base/assign.h) and kept as samples (track, t, position,
 * object, class). The rest waits for vg_exercise_finish, for two reasons: a late report
 * makes the tracker emit a past time again, superseding what it said then, so first
 * confirmations, confusion counts and GOSPA are taken from the last emission of each time
 * only; and the pipeline raises an alert while the tracks of its time are still on their way
 * (publish/coalesce.h holds an emission until the time moves on), so alerts are recorded as
 * they come and judged against the samples sorted by (track, t) — a binary search finds the
 * alert track's latest emission at or before the raise. Memory: one sample per confirmed
 * track per emission (56 bytes; 20 tracks at 7 emissions a second is 28 MB an hour),
 * nothing per tentative track. */
#include "score/exercise.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess/assessor.h"
#include "base/chi2.h"
#include "base/grow.h"
#include "base/mat.h"
#include "base/sort.h"

struct vg_exercise {
    const struct vg_scenario *sc;
    const struct vg_sim_output *sim;
    struct vg_exercise_params prm;
    double gate2;                 /* χ²(3) quantile of gate_p */
    struct vg_assign as;
    double *opos;                 /* positions of the objects alive at t, 3 per object */
    size_t opos_cap;
    uint32_t *oidx;               /* their indices */
    size_t oidx_cap;
    double *tchol;                /* per scored track: Cholesky factor of its position
                                     covariance (3×3), or NAN in [0] if not SPD */
    size_t tchol_cap;
    double *cost;                 /* tracks × (objects + tracks) */
    size_t cost_cap;
    int *match;                   /* track → column of the assignment */
    size_t match_cap;
    struct vg_exercise_sample *samples;
    size_t nsamples, samples_cap;
    double *first_conf;           /* per object: first time a track was on it (NAN) */
    uint64_t *first_track;        /* per object: that track */
    double *emit_t;               /* per emission: its time */
    size_t nemit, emit_cap;
    struct vg_exercise_alert *alerts;
    size_t nalerts, alerts_cap;
    size_t *alert_m0;             /* per alert: first of its members in members[] */
    size_t alert_m0_cap;
    uint64_t *members;
    size_t nmembers, members_cap;
    int finished;
};

void vg_exercise_params_default(struct vg_exercise_params *p)
{
    p->match_m = 50.0;
    p->gate_p = 0.99;
    p->match_max_m = 250.0;
    p->gospa_c = 50.0;
    p->gospa_p = 1.0;
    p->pd_min = 0.1;
}

void vg_exercise_result_init(struct vg_exercise_result *r)
{
    memset(r, 0, sizeof *r);
    r->drone_bird_accuracy = NAN;
}

void vg_exercise_result_fini(struct vg_exercise_result *r)
{
    free(r->hostiles);
    free(r->alerts);
    free(r->gospa_t);
    free(r->samples);
    vg_exercise_result_init(r);
}

int vg_exercise_new(struct vg_exercise **out, const struct vg_scenario *sc,
                    const struct vg_sim_output *sim, const struct vg_exercise_params *prm,
                    struct vg_diag *d)
{
    *out = NULL;
    struct vg_exercise_params p;
    if (prm)
        p = *prm;
    else
        vg_exercise_params_default(&p);
    if (!(isfinite(p.match_m) && p.match_m > 0.0))
        return vg_diag_set(d, VG_EINVAL, "match_m %g: must be finite and > 0", p.match_m);
    if (!(isfinite(p.match_max_m) && p.match_max_m >= p.match_m))
        return vg_diag_set(d, VG_EINVAL, "match_max_m %g: must be finite and >= match_m",
                           p.match_max_m);
    if (!(p.gate_p >= 0.0 && p.gate_p < 1.0))
        return vg_diag_set(d, VG_EINVAL, "gate_p %g: must be in [0, 1)", p.gate_p);
    if (!(isfinite(p.gospa_c) && p.gospa_c > 0.0))
        return vg_diag_set(d, VG_EINVAL, "gospa_c %g: must be finite and > 0", p.gospa_c);
    if (!(isfinite(p.gospa_p) && p.gospa_p >= 1.0))
        return vg_diag_set(d, VG_EINVAL, "gospa_p %g: must be finite and >= 1", p.gospa_p);
    if (!(p.pd_min > 0.0 && p.pd_min <= 1.0))
        return vg_diag_set(d, VG_EINVAL, "pd_min %g: must be in (0, 1]", p.pd_min);
    struct vg_exercise *ex = calloc(1, sizeof *ex);
    size_t n = sim->nobjects ? sim->nobjects : 1;
    if (ex) {
        ex->first_conf = malloc(n * sizeof *ex->first_conf);
        ex->first_track = calloc(n, sizeof *ex->first_track);
    }
    if (!ex || !ex->first_conf || !ex->first_track) {
        vg_exercise_free(ex);
        return vg_diag_set(d, VG_ENOMEM, "out of memory");
    }
    for (size_t k = 0; k < sim->nobjects; k++)
        ex->first_conf[k] = NAN;
    ex->sc = sc;
    ex->sim = sim;
    ex->prm = p;
    ex->gate2 = p.gate_p > 0.0 ? vg_chi2_quantile(p.gate_p, 3) : 0.0;
    vg_assign_init(&ex->as);
    *out = ex;
    return 0;
}

void vg_exercise_free(struct vg_exercise *ex)
{
    if (!ex)
        return;
    vg_assign_fini(&ex->as);
    free(ex->opos);
    free(ex->oidx);
    free(ex->tchol);
    free(ex->cost);
    free(ex->match);
    free(ex->samples);
    free(ex->first_conf);
    free(ex->first_track);
    free(ex->emit_t);
    free(ex->alerts);
    free(ex->alert_m0);
    free(ex->members);
    free(ex);
}

static int cls_of(int c)
{
    return c >= 0 && c < VG_CLASS_COUNT ? c : VG_CLASS_UNKNOWN;
}

/* May track j (its position, the Cholesky factor of its position covariance) be on an
 * object at o? Cost: the distance, or INFINITY. */
static double pair_cost(const struct vg_exercise *ex, const double *x, const double *l,
                        const double *o)
{
    double v[3] = {o[0] - x[0], o[1] - x[1], o[2] - x[2]};
    double d = sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    if (d <= ex->prm.match_m)
        return d;
    if (d <= ex->prm.match_max_m && !isnan(l[0]) && vg_mat_chol_mahal2(l, v, 3) <= ex->gate2)
        return d;
    return INFINITY;
}

/* The assignment of the nt scored tracks (samples s) to the no live objects: rows are
 * tracks, columns the objects and then one "on nothing" column per track, costing
 * match_max_m (no less than any allowed pair) on its own row and forbidden on the others,
 * so every track can stay unassigned. Sets s[j].object. */
static int assign(struct vg_exercise *ex, struct vg_exercise_sample *s, size_t nt, size_t no)
{
    size_t cols = no + nt;
    VG_GROW(ex->cost, ex->cost_cap, nt * cols);
    VG_GROW(ex->match, ex->match_cap, nt);
    for (size_t j = 0; j < nt; j++) {
        double *row = ex->cost + j * cols;
        for (size_t i = 0; i < no; i++)
            row[i] = pair_cost(ex, s[j].pos, ex->tchol + 9 * j, ex->opos + 3 * i);
        for (size_t k = 0; k < nt; k++)
            row[no + k] = k == j ? ex->prm.match_max_m : INFINITY;
    }
    int rc = vg_assign_solve(&ex->as, ex->cost, (int)nt, (int)cols, ex->match);
    if (rc)
        return rc;
    for (size_t j = 0; j < nt; j++)
        s[j].object = (size_t)ex->match[j] < no ? (int32_t)ex->oidx[ex->match[j]] : -1;
    return 0;
}

int vg_exercise_tracks(struct vg_exercise *ex, double t, const struct vg_track *trk, size_t n)
{
    if (!isfinite(t) || ex->finished)
        return VG_EINVAL;
    if (ex->nemit >= UINT32_MAX)
        return VG_ERANGE;
    const struct vg_sim_output *sim = ex->sim;
    size_t no = 0, nt = 0;
    VG_GROW(ex->opos, ex->opos_cap, 3 * (sim->nobjects ? sim->nobjects : 1));
    VG_GROW(ex->oidx, ex->oidx_cap, sim->nobjects ? sim->nobjects : 1);
    VG_GROW(ex->tchol, ex->tchol_cap, 9 * (n ? n : 1));
    VG_GROW(ex->samples, ex->samples_cap, ex->nsamples + n + 1); /* never NULL below */
    VG_GROW(ex->emit_t, ex->emit_cap, ex->nemit + 1);
    if (n > INT_MAX / 2 || sim->nobjects > INT_MAX / 2)
        return VG_ERANGE;
    for (size_t k = 0; k < sim->nobjects; k++) {
        double vel[3];
        if (vg_sim_object_state(&sim->objects[k], t, ex->opos + 3 * no, vel))
            ex->oidx[no++] = (uint32_t)k;
    }
    struct vg_exercise_sample *s = ex->samples + ex->nsamples;
    for (size_t i = 0; i < n; i++) {
        if (trk[i].status == VG_TRACK_TENTATIVE)
            continue;
        double pp[9], *l = ex->tchol + 9 * nt;
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 3; c++)
                pp[3 * r + c] = trk[i].P[VG_NX * r + c];
        if (vg_mat_chol(l, pp, 3))
            l[0] = NAN;
        s[nt] = (struct vg_exercise_sample){
            .track = trk[i].id, .t = t, .emission = (uint32_t)ex->nemit, .object = -1,
            .status = trk[i].status,
            .cls = (uint8_t)(trk[i].assessed ? cls_of(trk[i].cls) : VG_CLASS_UNKNOWN)};
        memcpy(s[nt].pos, trk[i].x, sizeof s[nt].pos);
        nt++;
    }
    int rc = nt ? assign(ex, s, nt, no) : 0;
    if (rc)
        return rc;
    ex->emit_t[ex->nemit++] = t;
    ex->nsamples += nt;
    return 0;
}

int vg_exercise_alert(struct vg_exercise *ex, const struct vg_alert *e, const uint64_t *members,
                      size_t nmembers)
{
    if (ex->finished)
        return VG_EINVAL;
    if (e->state != VG_ALERT_RAISED)
        return 0;
    VG_GROW(ex->alerts, ex->alerts_cap, ex->nalerts + 1);
    VG_GROW(ex->alert_m0, ex->alert_m0_cap, ex->nalerts + 1);
    VG_GROW(ex->members, ex->members_cap, ex->nmembers + nmembers + 1);
    struct vg_exercise_alert *a = &ex->alerts[ex->nalerts];
    memset(a, 0, sizeof *a);
    memcpy(a->id, e->id, sizeof a->id);
    a->id[sizeof a->id - 1] = '\0';
    a->t = e->t;
    a->track = e->track;
    a->zone = e->zone;
    a->swarm = (e->track & VG_ALERT_SWARM_BIT) != 0;
    a->nmembers = a->swarm ? nmembers : 0;
    a->object = -1;
    ex->alert_m0[ex->nalerts] = ex->nmembers;
    if (a->swarm && nmembers)
        memcpy(ex->members + ex->nmembers, members, nmembers * sizeof *members);
    ex->nmembers += a->nmembers;
    ex->nalerts++;
    return 0;
}

static int by_track_time(const void *pa, const void *pb)
{
    const struct vg_exercise_sample *a = pa, *b = pb;
    if (a->track != b->track)
        return a->track < b->track ? -1 : 1;
    return a->t < b->t ? -1 : a->t > b->t;
}

/* The object track was on at its latest emission at or before t, or -1. */
static int32_t on_object(const struct vg_exercise_sample *s, size_t n, uint64_t track, double t)
{
    size_t lo = 0, hi = n; /* first sample after (track, t) */
    double tt = t + VG_SCORE_T_TOL;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s[mid].track < track || (s[mid].track == track && s[mid].t <= tt))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo > 0 && s[lo - 1].track == track ? s[lo - 1].object : -1;
}

/* Credit hostile h with alert a at its time, if it is the earliest. */
static void credit(struct vg_exercise_hostile *h, const struct vg_exercise_alert *a)
{
    if (!isnan(h->t_alerted) && !(a->t < h->t_alerted))
        return;
    h->t_alerted = a->t;
    memcpy(h->alert, a->id, sizeof h->alert);
    h->alert_swarm = a->swarm;
}

static void judge_alerts(struct vg_exercise *ex, struct vg_exercise_result *r, const int *hidx)
{
    const struct vg_sim_object *obj = ex->sim->objects;
    for (size_t i = 0; i < ex->nalerts; i++) {
        struct vg_exercise_alert *a = &ex->alerts[i];
        if (!a->swarm) {
            a->object = on_object(ex->samples, ex->nsamples, a->track, a->t);
            a->hostile = a->object >= 0 && obj[a->object].hostile && hidx[a->object] >= 0;
            if (a->hostile)
                credit(&r->hostiles[hidx[a->object]], a);
        } else {
            for (size_t m = 0; m < a->nmembers; m++) {
                uint64_t tid = ex->members[ex->alert_m0[i] + m];
                int32_t o = on_object(ex->samples, ex->nsamples, tid, a->t);
                if (o < 0)
                    continue;
                int h = obj[o].hostile && hidx[o] >= 0;
                if (a->object < 0 || (h && !a->hostile))
                    a->object = o;
                if (h) {
                    a->hostile = 1;
                    credit(&r->hostiles[hidx[o]], a);
                }
            }
        }
        r->false_alerts += !a->hostile;
    }
}

struct emission {
    double t;
    uint32_t i;
};

static int by_time_then_order(const void *pa, const void *pb)
{
    const struct emission *a = pa, *b = pb;
    if (a->t != b->t)
        return a->t < b->t ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

/* Of the emissions at one time only the last counts: the tracker emits a time again when it
 * re-processes a batch for a late report, and the later emission is its better word. Drops
 * the samples of the others, then takes first confirmation and confusion from what is left.
 * *final (malloc'd, the caller frees it) gets per emission 0 (superseded), 1 (final, no
 * scored track) or 2 (final, with scored tracks). */
static int settle(struct vg_exercise *ex, struct vg_exercise_result *r, uint8_t **final)
{
    size_t n = ex->nemit ? ex->nemit : 1;
    struct emission *e = malloc(n * sizeof *e);
    uint8_t *f = *final = calloc(n, 1);
    if (!e || !f) {
        free(e);
        return VG_ENOMEM;
    }
    for (size_t i = 0; i < ex->nemit; i++)
        e[i] = (struct emission){ex->emit_t[i], (uint32_t)i};
    if (ex->nemit)
        qsort(e, ex->nemit, sizeof *e, by_time_then_order);
    for (size_t k = 0; k < ex->nemit; k++)
        f[e[k].i] = k + 1 == ex->nemit || e[k + 1].t != e[k].t;
    free(e);
    size_t kept = 0;
    for (size_t i = 0; i < ex->nsamples; i++) {
        const struct vg_exercise_sample *smp = &ex->samples[i];
        if (!f[smp->emission])
            continue;
        f[smp->emission] = 2;
        ex->samples[kept++] = *smp;
        if (smp->object < 0)
            continue;
        uint32_t k = (uint32_t)smp->object;
        r->confusion[cls_of(ex->sim->objects[k].cls)][smp->cls]++;
        if (isnan(ex->first_conf[k]) || smp->t < ex->first_conf[k]) {
            ex->first_conf[k] = smp->t;
            ex->first_track[k] = smp->track;
        }
    }
    ex->nsamples = kept;
    return 0;
}

struct series {
    struct vg_exercise_gospa *v;
    size_t n, cap;
};

static int on_time(void *ctx, const struct vg_score_time *st)
{
    struct series *s = ctx;
    VG_GROW(s->v, s->cap, s->n + 1);
    s->v[s->n++] = (struct vg_exercise_gospa){st->t, st->g.gospa, st->g.loc_term,
                                              st->g.missed_term, st->g.false_term, st->truths,
                                              st->tracks};
    return 0;
}

/* Is t one of the sorted times[n], to the scorer's tolerance? */
static int at_scan(const double *times, size_t n, double t)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (times[mid] < t - VG_SCORE_T_TOL)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && times[lo] <= t + VG_SCORE_T_TOL;
}

static int score_gospa(struct vg_exercise *ex, struct vg_exercise_result *r, const uint8_t *final,
                       struct vg_diag *d)
{
    const struct vg_sim_output *sim = ex->sim;
    struct vg_score_set truth, tracks;
    vg_score_set_init(&truth);
    vg_score_set_init(&tracks);
    double *scan_t = malloc((sim->nscans ? sim->nscans : 1) * sizeof *scan_t);
    struct series s = {NULL, 0, 0};
    int rc = scan_t ? 0 : VG_ENOMEM;
    size_t nscan = 0;
    for (size_t i = 0; !rc && i < sim->ndets; i++)
        if (sim->dets[i].kind == VG_DET_SCAN && nscan < sim->nscans)
            scan_t[nscan++] = sim->dets[i].t;
    if (scan_t)
        qsort(scan_t, nscan, sizeof *scan_t, vg_cmp_double);
    for (size_t i = 0; !rc && i < sim->ntruth; i++)
        rc = vg_score_set_add(&truth, sim->truth[i].t, sim->truth[i].pos,
                              sim->objects[sim->truth[i].object].id, 0);
    /* Tracks at the scan-marker times, where truth is sampled: an emission between them (a
     * rotating radar processed by implicit sectors, tracker_input.c) has no truth to be
     * scored against, and would count every track there as false. */
    for (size_t i = 0; !rc && i < ex->nsamples; i++) {
        if (!at_scan(scan_t, nscan, ex->samples[i].t))
            continue;
        char id[24];
        snprintf(id, sizeof id, "%llu", (unsigned long long)ex->samples[i].track);
        rc = vg_score_set_add(&tracks, ex->samples[i].t, ex->samples[i].pos, id, 0);
    }
    for (size_t i = 0; !rc && i < ex->nemit; i++)
        if (final[i] == 1 && at_scan(scan_t, nscan, ex->emit_t[i])) /* tracks, none confirmed */
            rc = vg_score_set_add_time(&tracks, ex->emit_t[i]);
    if (rc) {
        vg_diag_set(d, rc, "scoring: %s", vg_strerror(rc));
    } else {
        struct vg_score_params prm;
        vg_score_params_default(&prm);
        prm.c = ex->prm.gospa_c;
        prm.p = ex->prm.gospa_p;
        rc = vg_score_run(&truth, &tracks, scan_t, nscan, &prm, on_time, &s, &r->gospa, d);
        if (rc == VG_ENOMEM)
            vg_diag_set(d, rc, "scoring: out of memory");
    }
    if (!rc) {
        r->gospa_t = s.v;
        r->ngospa_t = s.n;
    } else {
        free(s.v);
    }
    free(scan_t);
    vg_score_set_fini(&truth);
    vg_score_set_fini(&tracks);
    return rc;
}

/* Each hostile's second look (exercise.h): its second report with range, or a bearing
 * crossing another sensor's bearing of it from at most TRIANGULATE_S before, whichever is
 * first. The sim's reports are in time order (late reports aside), so each hostile's are
 * walked once; the second plot is the second smallest plot time whatever the order. */
#define TRIANGULATE_S 1.0

static void second_looks(const struct vg_sim_output *sim, struct vg_exercise_result *r,
                         const int *hidx)
{
    for (size_t j = 0; j < r->nhostiles; j++) {
        struct vg_exercise_hostile *h = &r->hostiles[j];
        double p1 = INFINITY, p2 = INFINITY, tri = INFINITY;
        double last_b = NAN, other_b = NAN; /* latest bearing; latest of another sensor */
        uint32_t last_s = UINT32_MAX;
        for (size_t i = 0; i < sim->ndets; i++) {
            const struct vg_detection *d = &sim->dets[i];
            int32_t k = sim->det_object[i];
            if (k < 0 || hidx[k] != (int)j)
                continue;
            if (d->kind == VG_DET_BEARING) {
                double pair = d->sensor != last_s ? last_b : other_b;
                if (fabs(d->t - pair) <= TRIANGULATE_S && d->t < tri)
                    tri = fmax(d->t, pair);
                if (d->sensor != last_s) {
                    other_b = last_b;
                    last_s = d->sensor;
                }
                last_b = d->t;
            } else if (d->kind != VG_DET_SCAN) {
                if (d->t < p1) {
                    p2 = p1;
                    p1 = d->t;
                } else if (d->t < p2) {
                    p2 = d->t;
                }
            }
        }
        double t = fmin(p2, tri);
        h->t_second_look = isfinite(t) ? t : NAN;
    }
}

/* First truth time per object (NAN: never alive at a truth time), first detection, and the
 * hostiles' first detectable times. */
static int hostiles(struct vg_exercise *ex, struct vg_exercise_result *r, int *hidx)
{
    const struct vg_sim_output *sim = ex->sim;
    size_t nh = 0;
    double *first_truth = malloc((sim->nobjects ? sim->nobjects : 1) * sizeof *first_truth);
    if (!first_truth)
        return VG_ENOMEM;
    for (size_t k = 0; k < sim->nobjects; k++) {
        first_truth[k] = NAN;
        hidx[k] = -1;
    }
    for (size_t i = 0; i < sim->ntruth; i++)
        if (isnan(first_truth[sim->truth[i].object]))
            first_truth[sim->truth[i].object] = sim->truth[i].t;
    for (size_t k = 0; k < sim->nobjects; k++)
        nh += sim->objects[k].hostile && !isnan(first_truth[k]);
    r->hostiles = calloc(nh ? nh : 1, sizeof *r->hostiles);
    if (!r->hostiles) {
        free(first_truth);
        return VG_ENOMEM;
    }
    for (size_t k = 0; k < sim->nobjects; k++) {
        const struct vg_sim_object *o = &sim->objects[k];
        if (!o->hostile || isnan(first_truth[k]))
            continue;
        struct vg_exercise_hostile *h = &r->hostiles[r->nhostiles];
        hidx[k] = (int)r->nhostiles++;
        h->object = (uint32_t)k;
        memcpy(h->id, o->id, sizeof h->id);
        h->cls = (uint8_t)cls_of(o->cls);
        h->t_start = o->t_start;
        h->t_detectable = h->t_detected = h->t_alerted = h->t_zone = h->t_second_look = NAN;
        h->t_confirmed = ex->first_conf[k];
        h->track = ex->first_track[k];
        h->zone = -1;
        vg_exercise_zone_reached(ex->sc, sim, (uint32_t)k, &h->t_zone, &h->zone);
    }
    free(first_truth);
    for (size_t i = 0; i < sim->ndets; i++) {
        int32_t k = sim->det_object[i];
        if (k < 0 || hidx[k] < 0)
            continue;
        struct vg_exercise_hostile *h = &r->hostiles[hidx[k]];
        if (isnan(h->t_detected) || sim->dets[i].t < h->t_detected)
            h->t_detected = sim->dets[i].t;
    }
    second_looks(sim, r, hidx);
    for (size_t i = 0; i < sim->ntruth; i++) {
        const struct vg_sim_truth *tr = &sim->truth[i];
        int hk = hidx[tr->object];
        if (hk < 0 || !isnan(r->hostiles[hk].t_detectable))
            continue;
        double pd = vg_exercise_best_pd(ex->sc, &sim->objects[tr->object], tr->t, tr->pos);
        if (pd >= ex->prm.pd_min)
            r->hostiles[hk].t_detectable = tr->t;
    }
    for (size_t j = 0; j < r->nhostiles; j++) {
        struct vg_exercise_hostile *h = &r->hostiles[j];
        if (!isnan(h->t_detected) && !(h->t_detectable <= h->t_detected))
            h->t_detectable = h->t_detected;
    }
    return 0;
}

static void derive(struct vg_exercise_result *r)
{
    for (size_t j = 0; j < r->nhostiles; j++) {
        struct vg_exercise_hostile *h = &r->hostiles[j];
        double span = h->t_zone - h->t_detectable;
        h->lead_s = h->t_zone - h->t_alerted;
        h->lead_fraction = span > 0.0 ? h->lead_s / span : NAN;
        h->detect_to_alert_s = h->t_alerted - h->t_detected;
        h->look_to_alert_s = h->t_alerted - h->t_second_look;
        r->never_alerted += isnan(h->t_alerted);
    }
    r->false_alerts_per_hour = r->duration_s > 0.0
                                   ? (double)r->false_alerts / (r->duration_s / 3600.0)
                                   : NAN;
    uint64_t right = 0, all = 0;
    for (int c = VG_CLASS_DRONE; c <= VG_CLASS_BIRD; c++)
        for (int k = 0; k < VG_CLASS_COUNT; k++) {
            all += r->confusion[c][k];
            right += k == c ? r->confusion[c][k] : 0;
        }
    r->drone_bird_n = all;
    r->drone_bird_accuracy = all ? (double)right / (double)all : NAN;
}

int vg_exercise_finish(struct vg_exercise *ex, struct vg_exercise_result *r, struct vg_diag *d)
{
    if (ex->finished)
        return vg_diag_set(d, VG_EINVAL, "exercise already finished");
    ex->finished = 1;
    const struct vg_scenario *sc = ex->sc;
    vg_exercise_result_init(r);
    snprintf(r->scenario, sizeof r->scenario, "%s", sc->name);
    r->seed = sc->seed;
    r->duration_s = sc->duration_s;
    r->prm = ex->prm;
    uint8_t *final = NULL;
    int *hidx = malloc((ex->sim->nobjects ? ex->sim->nobjects : 1) * sizeof *hidx);
    int rc = hidx ? settle(ex, r, &final) : VG_ENOMEM;
    if (!rc)
        rc = hostiles(ex, r, hidx);
    if (rc) {
        free(hidx);
        free(final);
        vg_exercise_result_fini(r);
        return vg_diag_set(d, rc, "out of memory");
    }
    if (ex->nsamples) /* qsort's base may not be NULL, even for no elements */
        qsort(ex->samples, ex->nsamples, sizeof *ex->samples, by_track_time);
    judge_alerts(ex, r, hidx);
    free(hidx);
    derive(r);
    rc = score_gospa(ex, r, final, d);
    free(final);
    if (rc) {
        vg_exercise_result_fini(r);
        return rc;
    }
    r->alerts = ex->alerts;
    r->nalerts = ex->nalerts;
    r->samples = ex->samples;
    r->nsamples = ex->nsamples;
    ex->alerts = NULL;
    ex->samples = NULL;
    ex->nalerts = ex->nsamples = ex->alerts_cap = ex->samples_cap = 0;
    return 0;
}
