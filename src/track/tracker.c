/* SPDX-License-Identifier: MIT */
/* tracker.c — the multi-target tracker: assembles each sensor's scan and runs the parts.
 *
 * One batch (a sensor's scan, closed by its `scan` marker, or a report time of a sensor
 * that sends none) is processed as Stone Soup's MultiTargetTracker does, in stages:
 *   1. predict every track to the batch time (predictor_cv.c) and hash the detections
 *      into a grid (gate_grid.c);
 *   2. gate: each confirmed track visits the cells its gate box overlaps; a pair survives
 *      when its squared Mahalanobis distance is below the χ²(nz) quantile of gate_prob
 *      (measure.c, updater_kf.c);
 *   3. associate confirmed tracks first (associator_gnn.c), then tentative tracks with what
 *      is left, so a tentative track never steals a confirmed track's detection;
 *   4. update assigned tracks at each detection's own time (a rotating radar's reports in
 *      one scan differ in time by up to its period);
 *   5. count a miss for every track the sensor covered but did not see; confirm (M-of-N),
 *      delete (deleter.c);
 *   6. start tentative tracks from detections nobody claimed (initiator_mofn.c), except
 *      those inside a confirmed track's gate — usually a second echo of the same object;
 *   7. emit every live track predicted to the batch time.
 * Memory: the track table and every scratch array grow geometrically and are reused, so
 * after warm-up nothing is allocated per detection or per scan. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/angle.h"
#include "base/chi2.h"
#include "base/err.h"
#include "track/tracker_impl.h"



static void core_setup(struct core *c, const struct vg_tracker_config *cfg)
{
    c->next_id = 1;
    vg__bearing_init_setup(&c->binit, cfg->bearing_window_s, cfg->bearing_max_range_m,
                           cfg->max_speed, cfg->bearing_min_cross_deg);
    c->binit.min_bearings = cfg->bearing_min_count;
}

int vg_tracker_new(struct vg_tracker **out, const struct vg_tracker_config *cfg,
                   const struct vg_site *site, struct vg_diag *d)
{
    *out = NULL;
    if (cfg->confirm_m > cfg->confirm_n)
        return vg_diag_set(d, VG_EINVAL, "confirm_m (%d) must not exceed confirm_n (%d)",
                           cfg->confirm_m, cfg->confirm_n);
    struct vg_tracker *tr = calloc(1, sizeof *tr);
    if (!tr)
        return vg_diag_set(d, VG_ENOMEM, "out of memory");
    tr->cfg = *cfg;
    tr->in_newest = -INFINITY;
    tr->site = site;
    for (int k = 1; k <= VG_DET_NZ_MAX; k++)
        tr->gamma[k] = vg_chi2_quantile(cfg->gate_prob, k);
    vg__grid_init(&tr->grid);
    vg__gnn_init(&tr->gnn);
    vg__jpda_init(&tr->jpda);
    /* Final output must equal an in-order run from the first report on, so keep the window
     * from the start (otherwise only once reports are seen out of order). */
    tr->reorder = cfg->emit_final && cfg->late_lag_s > 0;
    core_setup(&tr->c, cfg);
    core_setup(&tr->committed, cfg);
    *out = tr;
    return 0;
}

void vg_tracker_free(struct vg_tracker *tr)
{
    if (!tr)
        return;
    vg__tracker_input_fini(tr);
    vg__core_fini(&tr->c);
    free(tr->out);
    free(tr->dpos);
    free(tr->dvar);
    free(tr->dflag);
    free(tr->pred);
    free(tr->radius);
    free(tr->dead);
    free(tr->trk_det);
    free(tr->stage);
    free(tr->pairs);
    free(tr->sorted);
    free(tr->bidx);
    vg__jpda_fini(&tr->jpda);
    free(tr->jp);
    free(tr->jbeta);
    free(tr->jbeta0);
    free(tr->jw0);
    free(tr->jlam);
    vg__grid_fini(&tr->grid);
    vg__gnn_fini(&tr->gnn);
    free(tr);
}

void vg_tracker_on_update(struct vg_tracker *tr, vg_tracker_update_fn fn, void *user)
{
    tr->on_update = fn;
    tr->on_update_user = user;
}

void vg_tracker_on_emit(struct vg_tracker *tr, vg_tracker_emit_fn fn, void *user)
{
    tr->emit = fn;
    tr->emit_user = user;
}

void vg_tracker_get_stats(const struct vg_tracker *tr, struct vg_tracker_stats *st)
{
    *st = tr->c.st;
    st->scans = tr->in_scans;
    st->late = tr->in_late;
    st->late_old = tr->in_late_old;
    st->live = tr->c.ntrk;
}

size_t vg_tracker_memory(const struct vg_tracker *tr)
{
    const struct core *cs[2] = {&tr->c, &tr->committed};
    size_t b = sizeof *tr;
    for (int k = 0; k < 2; k++)
        b += cs[k]->trk_cap * sizeof(struct vg_track) + cs[k]->imm_cap * sizeof(struct vg__imm) +
             cs[k]->binit.cap * sizeof(struct vg__bearing_obs);
    for (size_t i = 0; i < tr->npend; i++)
        b += sizeof tr->pend[i] + tr->pend[i].cap * sizeof(struct vg_detection);
    for (size_t i = 0; i < tr->win_cap; i++)
        b += sizeof tr->win[i] + tr->win[i].cap * sizeof(struct vg_detection);
    b += tr->out_cap * sizeof *tr->out + tr->d_cap * (sizeof(double) * 2 + 1);
    b += tr->t_cap * (sizeof(struct pred) + sizeof(double) * 2 + 1 + 3 * sizeof(int32_t));
    b += tr->pairs_cap * sizeof *tr->pairs + tr->bidx_cap * sizeof *tr->bidx;
    b += tr->grid.cap * (sizeof(uint64_t) + sizeof(int32_t)) + tr->grid.next_cap * sizeof(int32_t);
    return b;
}

const struct vg_track *vg_tracker_tracks(const struct vg_tracker *tr, size_t *n)
{
    *n = tr->c.ntrk;
    return tr->c.trk;
}

void vg__core_fini(struct core *c)
{
    free(c->trk);
    free(c->imm);
    vg__bearing_init_fini(&c->binit);
    memset(c, 0, sizeof *c);
}


int vg__core_copy(struct core *dst, const struct core *src)
{
    VG_GROW(dst->trk, dst->trk_cap, src->ntrk ? src->ntrk : 1);
    if (src->imm)
        VG_GROW(dst->imm, dst->imm_cap, src->ntrk ? src->ntrk : 1);
    if (src->ntrk)
        memcpy(dst->trk, src->trk, src->ntrk * sizeof *src->trk);
    if (src->imm && src->ntrk)
        memcpy(dst->imm, src->imm, src->ntrk * sizeof *src->imm);
    dst->ntrk = src->ntrk;
    dst->next_id = src->next_id;
    dst->st = src->st;
    /* The bearing buffer: scalars by value, observations into dst's own array. */
    struct vg__bearing_init b = src->binit;
    b.obs = dst->binit.obs;
    b.cap = dst->binit.cap;
    VG_GROW(b.obs, b.cap, src->binit.nobs ? src->binit.nobs : 1);
    if (src->binit.nobs)
        memcpy(b.obs, src->binit.obs, src->binit.nobs * sizeof *b.obs);
    dst->binit = b;
    return 0;
}

/* ---- the track's filter: CV Kalman, or IMM ---- */

/* Track i's estimate predicted to time t (x, P: 6-D combined). */
void vg__tracker_predict(const struct vg_tracker *tr, size_t i, double t, double *x, double *P)
{
    const struct vg_track *k = &tr->c.trk[i];
    if (tr->cfg.imm) {
        struct vg__imm pr;
        vg__imm_predict(&tr->cfg, &tr->c.imm[i], t - k->t, &pr);
        vg__imm_combine(&pr, x, P);
    } else {
        vg__cv_predict(k->x, k->P, t - k->t, tr->cfg.q_h, tr->cfg.q_v, x, P);
    }
}

/* Predict track i to det's time and update it with det. 0, or an error with the track
 * unchanged. */
static int update_track(struct vg_tracker *tr, size_t i, const struct vg_detection *det,
                        const double *spos)
{
    struct vg_track *k = &tr->c.trk[i];
    if (tr->cfg.imm) {
        struct vg__imm pr;
        vg__imm_predict(&tr->cfg, &tr->c.imm[i], det->t - k->t, &pr);
        int rc = vg__imm_update(det, spos, &pr);
        if (rc)
            return rc;
        tr->c.imm[i] = pr;
        vg__imm_combine(&pr, k->x, k->P);
    } else {
        double x[VG_NX], P[VG_NX * VG_NX];
        vg__cv_predict(k->x, k->P, det->t - k->t, tr->cfg.q_h, tr->cfg.q_v, x, P);
        int rc = vg__kf_update(det, spos, x, P);
        if (rc)
            return rc;
        memcpy(k->x, x, sizeof x);
        memcpy(k->P, P, sizeof P);
    }
    k->t = det->t;
    return 0;
}

/* ---- gating ---- */

struct gate_ctx {
    struct vg_tracker *tr;
    const struct vg_detection *det;
    const double *spos;
    int32_t ti;        /* track index */
    int32_t si;        /* its index in the stage list (the associator's numbering) */
    int err;
    size_t *npairs;
};

/* The track's prediction at the detection's time: the cached one at the batch time when
 * the times agree (all reports of an electronically scanned radar), else computed. */
static const struct pred *pred_at(struct vg_tracker *tr, int32_t ti, double t, struct pred *tmp)
{
    if (tr->pred[ti].t == t)
        return &tr->pred[ti];
    vg__tracker_predict(tr, (size_t)ti, t, tmp->x, tmp->P);
    tmp->t = t;
    return tmp;
}

static int push_pair(struct vg_tracker *tr, size_t *np, struct vg__pair pr)
{
    VG_GROW(tr->pairs, tr->pairs_cap, *np + 1);
    tr->pairs[(*np)++] = pr;
    return 0;
}

static void gate_visit(void *user, int32_t di)
{
    struct gate_ctx *c = user;
    struct vg_tracker *tr = c->tr;
    if (c->err || (tr->dflag[di] & (DF_SKIP | DF_USED)))
        return;
    const struct vg_detection *det = &c->det[di];
    struct pred tmp;
    const struct pred *p = pred_at(tr, c->ti, det->t, &tmp);
    double d2;
    if (vg__kf_distance(det, c->spos, p->x, p->P, &d2, NULL) != 0)
        return;
    double g = tr->gamma[det->nz];
    if (!(d2 < g))
        return;
    /* Cost normalised by the gate so that reports of different dimension compare; every
     * gated pair is cheaper than the miss (cost 1). */
    c->err = push_pair(tr, c->npairs, (struct vg__pair){c->si, di, d2 / g});
    /* Reports inside more than one gate, for the two-plot confirmation (confirm_fast). */
    tr->dflag[di] |= (tr->dflag[di] & DF_GATED) ? DF_SHARED : DF_GATED;
}

/* A bearing carries signature evidence (an RF link heard, a class hint) as well as an
 * angle. The assignment gives the angle to one track, but when several tracks lie along the
 * ray the evidence is as likely to belong to any of them: a drone's video link on the bearing
 * of a bird flying in front of it would make the bird a drone. So a bearing whose assigned
 * track holds less than BEARING_OWN_MIN of the gated likelihood Σ exp(−d²/2) (the GNN form of
 * the association probability, Bar-Shalom, Willett & Tian 2011, §6.2, with equal gate volumes)
 * updates the track's kinematics but hands on no signature. */
#define BEARING_OWN_MIN 0.9

static void mark_ambiguous_bearings(struct vg_tracker *tr, const struct vg_detection *det,
                                    size_t np, const int32_t *assigned)
{
    for (size_t k = 0; k < np; k++) {
        const struct vg__pair *pr = &tr->pairs[k];
        if (tr->dflag[pr->det] & DF_BEARING)
            tr->dvar[pr->det] += exp(-0.5 * pr->cost * tr->gamma[det[pr->det].nz]);
    }
    for (size_t k = 0; k < np; k++) {
        const struct vg__pair *pr = &tr->pairs[k];
        if (!(tr->dflag[pr->det] & DF_BEARING) || assigned[pr->trk] != pr->det)
            continue;
        double own = exp(-0.5 * pr->cost * tr->gamma[det[pr->det].nz]);
        if (own < BEARING_OWN_MIN * tr->dvar[pr->det])
            tr->dflag[pr->det] |= DF_AMBIG;
    }
}

/* Two-plot confirmation (confirm_fast). M-of-N waits for a third hit because two reports
 * may pair by chance; the chance is that of an extraneous report falling in the gate, i.e.
 * the expected number of other reports there. The track-score test of Blackman & Popoli
 * (1999, §6.2, sequential probability ratio) confirms as soon as the likelihood ratio of
 * "one object" against "chance" passes (1 − β)/α; for a radar plot with range rate, the
 * second plot of a 1 Hz scan falls in a gate of ~10⁻⁷ of the measurement space, so against a
 * few false plots per scan the ratio passes at the second plot by orders of magnitude —
 * unless the neighbourhood is crowded (a flock, a swarm, clutter near the radar), which is
 * exactly when a gate holds more than one report. So: a tentative track whose hits so far
 * are two radar plots with range rate, on consecutive covering scans with no miss between,
 * each the only report in the track's gate and in no other track's gate, and the second
 * the only report in the gate scaled by CROWD_GATES (so that the gate's emptiness is not
 * luck: dense clutter leaves small gates empty by chance often enough to confirm noise
 * tracks), is confirmed at the second; any crowded pairing leaves it to M-of-N. Bearings on the
 * way neither help nor spoil (they update the track but are not counted). */
/* The crowd test behind it: λ·V, the expected number of extraneous reports in the gate of
 * volume V, is bounded from the reports around the track. The neighbourhood is the gate
 * itself scaled by CROWD_GATES on every axis of the measurement (range, azimuth, elevation,
 * range rate: 3⁴ = 81 gate volumes); holding only the track's own plot, it says that λ·V is
 * of the order of 1/81 or less. Only plots with range rate qualify: in four dimensions the
 * neighbourhood is selective (a bird beside a drone differs in range rate by tens of m/s),
 * while in two or three it would have to span many gate widths to say as much. */
#define CROWD_GATES 3.0

struct crowd {
    struct vg_tracker *tr;
    const struct vg_detection *det;
    const double *spos;
    int32_t ti;
    int n;
};

static void crowd_visit(void *user, int32_t i)
{
    struct crowd *w = user;
    const struct vg_detection *d = &w->det[i];
    if (w->n >= 2 || (w->tr->dflag[i] & (DF_BEARING | DF_SKIP)))
        return; /* two is a crowd: the callers ask "alone or not" */
    struct pred tmp;
    const struct pred *p = pred_at(w->tr, w->ti, d->t, &tmp);
    double d2;
    if (vg__kf_distance(d, w->spos, p->x, p->P, &d2, NULL) != 0 ||
        d2 >= CROWD_GATES * CROWD_GATES * w->tr->gamma[d->nz])
        return;
    /* A plot that an established track holds, outside this track's own gate, is that
     * object's, not a second candidate for this one: a swarm flying in file 120 m apart is
     * not a crowd to its newest member (its track could not have taken the plot, and its
     * first plot was nobody's, or it would not have started a track). */
    if ((w->tr->dflag[i] & DF_HELD) && d2 >= w->tr->gamma[d->nz])
        return;
    w->n++;
}

/* Reports of the batch (bearings aside) inside track i's gate scaled by CROWD_GATES,
 * counted up to 2. */
static int crowd_count(struct vg_tracker *tr, size_t i, const struct vg_detection *det,
                       const double *spos)
{
    struct crowd w = {tr, det, spos, (int32_t)i, 0};
    vg__grid_query(&tr->grid, tr->pred[i].x, CROWD_GATES * tr->radius[i], crowd_visit, &w);
    return w.n;
}

static int counts_misses(const struct vg_sensor *s);

/* A plot the two-plot rule may count: a sensor that sees everything, with range rate. */
static int doppler_plot(const struct vg_sensor *sen, const struct vg_detection *d)
{
    return counts_misses(sen) && d->kind == VG_DET_POLAR && (d->flags & VG_DET_HAS_RR) &&
           d->nz == 4;
}

/* A bearing on track k: with another sensor's bearing from at most bearing_window_s before,
 * crossing at the track at bearing_min_cross_deg or more, the two rays locate it once (as
 * they would start a track: initiator_bearing.c) — a plot and two direction finders' rays
 * through it are two locations, a plot and one finder's rays are one. A pair is used once. */
static void crossing_ray(struct vg_tracker *tr, struct vg_track *k, uint32_t sensor, double t)
{
    uint32_t o = k->ray_sensor;
    if (o != UINT32_MAX && o != sensor && t - k->ray_t <= tr->cfg.bearing_window_s &&
        o < tr->site->nsensors) {
        const double *a = tr->site->sensors[o].pos, *b = tr->site->sensors[sensor].pos;
        double ua = atan2(k->x[0] - a[0], k->x[1] - a[1]);
        double ub = atan2(k->x[0] - b[0], k->x[1] - b[1]);
        double cross = fabs(sin(ua - ub)); /* sin of the crossing angle, either way round */
        if (cross >= sin(tr->cfg.bearing_min_cross_deg * VG_PI / 180.0)) {
            if (k->located < UINT8_MAX)
                k->located++;
            k->ray_sensor = UINT32_MAX;
            return;
        }
    }
    k->ray_sensor = sensor;
    k->ray_t = t;
}

static int fast_confirm(const struct vg_tracker_config *cfg, const struct vg_track *k)
{
    if (!cfg->confirm_fast || k->plots != 2 || k->nhist > 32)
        return 0;
    uint32_t all = k->nhist == 32 ? UINT32_MAX : (1u << k->nhist) - 1u;
    return (k->hist & all) == all;
}

/* Gate the stage's tracks against the batch, associate, and record assignments in
 * trk_det (by track index). Detections inside any gate get DF_IN_GATE when mark_gate. */
static int gate_and_associate(struct vg_tracker *tr, const struct vg_detection *det,
                              size_t ndet, const double *spos, size_t nstage, int mark_gate,
                              int jpda)
{
    size_t np = 0;
    struct gate_ctx c = {tr, det, spos, 0, 0, 0, &np};
    for (size_t k = 0; k < nstage; k++) {
        c.ti = tr->stage[k];
        c.si = (int32_t)k;
        vg__grid_query(&tr->grid, tr->pred[c.ti].x, tr->radius[c.ti], gate_visit, &c);
        /* Bearings have no position to index: each is tried against every track. */
        for (size_t b = 0; b < tr->nb; b++)
            gate_visit(&c, tr->bidx[b]);
        if (c.err)
            return c.err;
    }
    if (mark_gate)
        for (size_t k = 0; k < np; k++)
            tr->dflag[tr->pairs[k].det] |= DF_IN_GATE;
    if (jpda)
        return vg__tracker_jpda(tr, det, ndet, spos, nstage, np);
    /* The associator numbers tracks by stage position; trk_det is reused as its output
     * and then scattered back to track indices through stage[]. */
    int32_t *assigned = tr->trk_det + tr->c.ntrk; /* second half of the buffer */
    int rc = vg__gnn_associate(&tr->gnn, nstage, ndet, tr->pairs, np, 1.0, assigned);
    if (rc)
        return rc;
    for (size_t k = 0; k < nstage; k++) {
        tr->trk_det[tr->stage[k]] = assigned[k];
        if (assigned[k] >= 0)
            tr->dflag[assigned[k]] |= DF_USED;
    }
    if (tr->nb)
        mark_ambiguous_bearings(tr, det, np, assigned);
    return 0;
}

/* ---- the batch ---- */

/* Does a scan without a report of an object there mean a miss? Only for sensors that see
 * whatever flies: an RF direction finder hears only emitters (not birds, not fibre-optic
 * or autonomous drones), an acoustic array only motors, a cooperative receiver only
 * transponders — their silence says nothing about the others. */
static int counts_misses(const struct vg_sensor *s)
{
    return s->type == VG_SENSOR_RADAR || s->type == VG_SENSOR_EO ||
           s->type == VG_SENSOR_UNKNOWN;
}

static int covers(const struct vg_sensor *s, const double pos[3])
{
    double de = pos[0] - s->pos[0], dn = pos[1] - s->pos[1], du = pos[2] - s->pos[2];
    if (s->range_m > 0 && de * de + dn * dn + du * du > s->range_m * s->range_m)
        return 0;
    if (s->fov_deg[0] != s->fov_deg[1]) {
        double az = atan2(de, dn) * 180.0 / VG_PI;
        double span = fmod(s->fov_deg[1] - s->fov_deg[0] + 720.0, 360.0);
        double off = fmod(az - s->fov_deg[0] + 720.0, 360.0);
        if (off > span)
            return 0;
    }
    return 1;
}

/* Does a sector batch charge the track its miss? Each rotation must charge a track once,
 * and only after the beam has had its chance at the target; but the sector the target's plot
 * comes in is the target's, not the track's, and they differ near an edge (a track estimated
 * at 44.9° whose target, at 45.1°, is plotted in the next sector's batch would be charged by
 * this one, then hit by the next: a false miss each rotation, and a tentative track on an edge
 * never confirmed). So the azimuths charged are the sector's, moved back by half a sector:
 * [from − w/2, to − w/2) — a partition of the circle for equal sectors. A track there whose
 * target is within w/2 of the estimate was plotted in this batch (a hit), or in the one
 * before: updated within two sector times, not charged. */
static int swept(const struct vg_sensor *s, const struct vg__sector *sec,
                 const struct vg_track *k, const double pos[3], double tb)
{
    if (!sec || sec->width <= 0.0)
        return 1;
    if (tb - k->t < 2.0 * sec->dt)
        return 0;
    double az = vg_wrap_2pi(atan2(pos[0] - s->pos[0], pos[1] - s->pos[1]));
    return vg_wrap_2pi(az - sec->from + 0.5 * sec->width) < sec->width;
}

static double median(double *v, size_t n)
{
    /* Quickselect (Hoare); n is small relative to the rest of the batch's work. */
    size_t lo = 0, hi = n - 1, k = n / 2;
    while (lo < hi) {
        double pivot = v[(lo + hi) / 2];
        size_t i = lo, j = hi;
        while (i <= j) {
            while (v[i] < pivot)
                i++;
            while (v[j] > pivot)
                j--;
            if (i <= j) {
                double t = v[i];
                v[i] = v[j];
                v[j] = t;
                i++;
                if (j == 0)
                    break;
                j--;
            }
        }
        if (k <= j)
            hi = j;
        else if (k >= i)
            lo = i;
        else
            break;
    }
    return v[k];
}

static int reserve_batch(struct vg_tracker *tr, size_t ndet)
{
    VG_GROW(tr->dpos, tr->d_cap, 3 * ndet);
    size_t dcap = tr->d_cap; /* dvar/dflag follow dpos's capacity */
    double *dv = realloc(tr->dvar, dcap * sizeof *dv);
    if (!dv)
        return VG_ENOMEM;
    tr->dvar = dv;
    uint8_t *df = realloc(tr->dflag, dcap);
    if (!df)
        return VG_ENOMEM;
    tr->dflag = df;
    return 0;
}

static int reserve_tracks(struct vg_tracker *tr, size_t n)
{
    if (n <= tr->t_cap)
        return 0;
    size_t cap = tr->t_cap ? tr->t_cap : 64;
    while (cap < n)
        cap *= 2;
    struct pred *p = realloc(tr->pred, cap * sizeof *p);
    if (!p)
        return VG_ENOMEM;
    tr->pred = p;
    double *r = realloc(tr->radius, cap * sizeof *r);
    if (!r)
        return VG_ENOMEM;
    tr->radius = r;
    uint8_t *dd = realloc(tr->dead, cap);
    if (!dd)
        return VG_ENOMEM;
    tr->dead = dd;
    int32_t *td = realloc(tr->trk_det, 2 * cap * sizeof *td);
    if (!td)
        return VG_ENOMEM;
    tr->trk_det = td;
    int32_t *sg = realloc(tr->stage, cap * sizeof *sg);
    if (!sg)
        return VG_ENOMEM;
    tr->stage = sg;
    double *so = realloc(tr->sorted, cap * sizeof *so);
    if (!so)
        return VG_ENOMEM;
    tr->sorted = so;
    tr->t_cap = cap;
    return 0;
}

static int emit_tracks(struct vg_tracker *tr, double tb)
{
    /* Live output: every batch as processed. Final output (emit_final): once reports have
     * come out of order, only batches leaving the late-report window, from the committed
     * copy — what an in-order run would have emitted, lag seconds later. */
    if (!tr->emit || tr->replaying)
        return 0;
    if (tr->committing ? !tr->cfg.emit_final : tr->cfg.emit_final && tr->reorder)
        return 0;
    VG_GROW(tr->out, tr->out_cap, tr->c.ntrk ? tr->c.ntrk : 1);
    for (size_t i = 0; i < tr->c.ntrk; i++) {
        struct vg_track *o = &tr->out[i];
        *o = tr->c.trk[i];
        vg__tracker_predict(tr, i, tb, o->x, o->P);
        o->t = tb;
    }
    tr->emit(tr->emit_user, tb, tr->out, tr->c.ntrk);
    return 0;
}

/* late: the reports arrived after their sensor's scan was closed, so the scan's misses are
 * already counted; they can only add hits. */
int vg__tracker_process_batch(struct vg_tracker *tr, uint32_t sensor,
                              const struct vg_detection *det, size_t ndet, double tb, int late,
                              const struct vg__sector *sec)
{
    const struct vg_sensor *sen = &tr->site->sensors[sensor];
    const double *spos = sen->pos;
    int rc;
    tr->c.st.batches++;
    if ((rc = reserve_batch(tr, ndet ? ndet : 1)) || (rc = reserve_tracks(tr, tr->c.ntrk + ndet + 1)))
        return rc;

    /* 1. Detection positions; the largest position variance and time offset bound the gate
     *    boxes below. */
    double dvar_max = 0.0, dt_span = 0.0;
    int nz_max = 1;
    tr->nb = 0;
    if (ndet)
        VG_GROW(tr->bidx, tr->bidx_cap, ndet);
    vg__bearing_init_expire(&tr->c.binit, tb);
    for (size_t j = 0; j < ndet; j++) {
        double Ppos[9];
        tr->dflag[j] = 0;
        if (det[j].kind == VG_DET_BEARING) {
            /* Far outside any gate box: the grid never offers it; gated by brute force. */
            tr->dflag[j] = DF_BEARING;
            tr->dpos[3 * j] = tr->dpos[3 * j + 1] = tr->dpos[3 * j + 2] = 1e12;
            tr->dvar[j] = 0.0;
            tr->bidx[tr->nb++] = (int32_t)j;
            tr->c.st.detections++;
            if (fabs(det[j].t - tb) > dt_span)
                dt_span = fabs(det[j].t - tb);
            continue;
        }
        if (vg__meas_position(&det[j], spos, tr->dpos + 3 * j, Ppos) != 0) {
            tr->dflag[j] = DF_SKIP;
            tr->c.st.unsupported++;
            tr->dpos[3 * j] = tr->dpos[3 * j + 1] = tr->dpos[3 * j + 2] = 0.0;
            continue;
        }
        tr->c.st.detections++;
        /* The grid's boxes are horizontal: the largest horizontal variance bounds them. */
        tr->dvar[j] = Ppos[0] > Ppos[4] ? Ppos[0] : Ppos[4];
        if (det[j].nz > nz_max)
            nz_max = det[j].nz;
        if (tr->dvar[j] > dvar_max)
            dvar_max = tr->dvar[j];
        if (fabs(det[j].t - tb) > dt_span)
            dt_span = fabs(det[j].t - tb);
    }

    /* Predict every track to the batch time; gate half-widths from trace bounds
     * (trace ≥ largest eigenvalue, so the box contains the ellipsoid). */
    /* A gate d² < γ with S = H P H' + R reaches sqrt(γ S_ee) along east (and likewise north)
     * in position; S_ee ≤ P_ee + R_ee, and the boxes take the larger of east and north. */
    double gmax = tr->gamma[nz_max];
    size_t nconf = 0;
    for (size_t i = 0; i < tr->c.ntrk; i++) {
        struct vg_track *k = &tr->c.trk[i];
        struct pred *p = &tr->pred[i];
        vg__tracker_predict(tr, i, tb, p->x, p->P);
        p->t = tb;
        double tpp = p->P[0] > p->P[7] ? p->P[0] : p->P[7];
        double tvv = p->P[21] > p->P[28] ? p->P[21] : p->P[28];
        double speed = sqrt(p->x[3] * p->x[3] + p->x[4] * p->x[4] + p->x[5] * p->x[5]);
        tr->radius[i] = sqrt(gmax * (tpp + dt_span * dt_span * tvv + dvar_max)) +
                        speed * dt_span;
        tr->dead[i] = 0;
        tr->trk_det[i] = -1;
        if (k->status != VG_TRACK_TENTATIVE)
            tr->sorted[nconf++] = tr->radius[i];
    }
    size_t nold = tr->c.ntrk;

    if (ndet > 0 && nold > 0) {
        /* Cells about the size of a typical confirmed gate: a box then spans ~2³ cells. */
        size_t nr = nconf;
        if (nr == 0) {
            for (size_t i = 0; i < nold; i++)
                tr->sorted[i] = tr->radius[i];
            nr = nold;
        }
        double cell = 2.0 * median(tr->sorted, nr);
        if (!(cell > 1.0))
            cell = 1.0;
        if ((rc = vg__grid_build(&tr->grid, tr->dpos, ndet, cell)))
            return rc;
        /* 2–3. Confirmed and coasting tracks first, then tentative ones. */
        size_t ns = 0;
        for (size_t i = 0; i < nold; i++)
            if (tr->c.trk[i].status != VG_TRACK_TENTATIVE)
                tr->stage[ns++] = (int32_t)i;
        if ((rc = gate_and_associate(tr, det, ndet, spos, ns, tr->cfg.suppress_init_near_tracks,
                                     tr->cfg.jpda)))
            return rc;
        for (size_t j = 0; j < ndet; j++)
            if (tr->dflag[j] & DF_USED)
                tr->dflag[j] |= DF_HELD;
        ns = 0;
        for (size_t i = 0; i < nold; i++)
            if (tr->c.trk[i].status == VG_TRACK_TENTATIVE)
                tr->stage[ns++] = (int32_t)i;
        if (ns && (rc = gate_and_associate(tr, det, ndet, spos, ns, 0, 0)))
            return rc;
    }

    /* 4–5. Update, or count a miss where the sensor looked; confirm; delete. */
    for (size_t i = 0; i < nold; i++) {
        struct vg_track *k = &tr->c.trk[i];
        int32_t dj = tr->trk_det[i];
        int hit = dj == VG__UPDATED_BY_JPDA;
        k->crowded = 0;
        if (hit) {
            k->hits++;
            k->last_sensor = sensor;
            tr->c.st.updates++;
        } else if (dj >= 0) {
            /* The crowd around a young track's prediction, before the update moves the
             * state (after it, the scaled gate is the updated covariance's: a few metres,
             * empty). It serves the two-plot rule, and tells identify/ that this update may
             * have paired two objects' plots (its velocity is then no one object's). */
            int crowd = k->status == VG_TRACK_TENTATIVE && !(tr->dflag[dj] & DF_BEARING)
                            ? crowd_count(tr, i, det, spos)
                            : 0;
            k->crowded = !(tr->dflag[dj] & DF_BEARING) &&
                         (crowd > 1 || (tr->dflag[dj] & DF_SHARED)); /* a bearing's gate
                                        holds every track on its line: no pairing doubt */
            if (update_track(tr, i, &det[dj], spos) == 0) {
                k->hits++;
                k->last_sensor = sensor;
                tr->c.st.updates++;
                hit = 1;
                if (!(tr->dflag[dj] & DF_BEARING) && k->located < UINT8_MAX)
                    k->located++;
                else if ((tr->dflag[dj] & DF_BEARING) && !(tr->dflag[dj] & DF_AMBIG))
                    crossing_ray(tr, k, sensor, det[dj].t);
                /* Alone: no other report in the gate scaled by CROWD_GATES (so none in the
                 * gate itself: the scaled gate holds it) and in no other track's gate. */
                if (tr->cfg.confirm_fast && k->status == VG_TRACK_TENTATIVE &&
                    counts_misses(sen) && k->plots < 255) {
                    int alone = doppler_plot(sen, &det[dj]) && !(tr->dflag[dj] & DF_SHARED) &&
                                crowd <= 1;
                    k->plots = alone ? (uint8_t)(k->plots + 1) : 255;
                }
                int ambig = tr->dflag[dj] & DF_AMBIG;
                if ((det[dj].flags & VG_DET_HAS_EMITTER) && !ambig)
                    k->link = det[dj].link;
                if (tr->on_update && vg__tracker_reports_updates(tr)) {
                    if (ambig) {
                        struct vg_detection bare = det[dj];
                        bare.flags &= (uint16_t)~(VG_DET_HAS_EMITTER | VG_DET_HAS_HINT |
                                                  VG_DET_HAS_RCS);
                        tr->on_update(tr->on_update_user, k, &bare);
                    } else {
                        tr->on_update(tr->on_update_user, k, &det[dj]);
                    }
                }
            } else {
                tr->dflag[dj] &= (uint8_t)~DF_USED; /* let it start a track instead */
            }
        }
        if (!hit && (late || !counts_misses(sen) || !covers(sen, tr->pred[i].x) ||
                     !swept(sen, sec, k, tr->pred[i].x, tb))) {
            /* the sensor did not look there (or its scan was counted already) */
            if (vg__delete_check(&tr->cfg, k, tr->pred[i].P, 0))
                tr->dead[i] = 1;
            continue;
        }
        if (late) {
            k->hist |= 1u; /* the scan this report belongs to was a hit after all */
            k->misses = 0;
        } else {
            k->hist = (k->hist << 1) | (uint32_t)hit;
            if (k->nhist < 255)
                k->nhist++;
            /* Misses count the scans of sensors that see whatever flies. A passive sensor's
             * report (an RF or acoustic bearing) keeps a track's angle but says nothing of
             * whether anything is still where the radar keeps not finding it: without this,
             * a drone's track outlives the drone by feeding on other emitters' bearings. */
            if (!hit)
                k->misses = (uint16_t)(k->misses < UINT16_MAX ? k->misses + 1 : k->misses);
            else if (counts_misses(sen))
                k->misses = 0;
        }
        if (k->status == VG_TRACK_TENTATIVE) {
            double v2 = k->x[3] * k->x[3] + k->x[4] * k->x[4] + k->x[5] * k->x[5];
            if (hit && v2 > tr->cfg.max_speed * tr->cfg.max_speed) {
                tr->dead[i] = 1;
                continue;
            }
            /* Confirmation also needs the object located twice: one plot and bearings of
             * one direction finder are a noise plot's track as often as an object's (seen
             * in the dawn-birds exercise: a clutter plot 130 m from the radar and two false
             * RF bearings made a 60 m/s "drone"). */
            if (k->located >= 2 &&
                (vg__mofn_confirm(&tr->cfg, k) || (hit && fast_confirm(&tr->cfg, k)))) {
                k->status = VG_TRACK_CONFIRMED;
                tr->c.st.tracks_confirmed++;
            }
        } else {
            k->status = hit ? VG_TRACK_CONFIRMED : VG_TRACK_COASTING;
        }
        if (vg__delete_check(&tr->cfg, k, hit ? k->P : tr->pred[i].P, 1))
            tr->dead[i] = 1;
    }

    /* 6. New tentative tracks from what nobody claimed. */
    for (size_t j = 0; j < ndet; j++) {
        if (tr->dflag[j] & (DF_SKIP | DF_USED | DF_IN_GATE))
            continue;
        if ((rc = reserve_tracks(tr, tr->c.ntrk + 1)))
            return rc;
        VG_GROW(tr->c.trk, tr->c.trk_cap, tr->c.ntrk + 1);
        if (tr->cfg.imm)
            VG_GROW(tr->c.imm, tr->c.imm_cap, tr->c.ntrk + 1);
        struct vg_track *k = &tr->c.trk[tr->c.ntrk];
        memset(k, 0, sizeof *k); /* a recycled slot: no field may carry a dead track's bytes */
        double Ppos[9], pos[3];
        if (tr->dflag[j] & DF_BEARING) {
            /* A bearing starts a track only once rays of other sensors cross it. */
            int got = vg__bearing_init_offer(&tr->c.binit, &det[j], spos, pos, Ppos);
            if (got < 0)
                return got == VG_ENOMEM ? got : 0;
            if (got == 0)
                continue;
        } else {
            vg__meas_position(&det[j], spos, pos, Ppos);
        }
        vg__initiate(&tr->cfg, &det[j], spos, pos, Ppos, k);
        if (tr->cfg.imm)
            vg__imm_start(&tr->cfg, k->x, k->P, &tr->c.imm[tr->c.ntrk]);
        k->id = tr->c.next_id++;
        k->last_sensor = sensor;
        k->located = (tr->dflag[j] & DF_BEARING) ? 2 : 1;
        k->plots = doppler_plot(sen, &det[j]) && !(tr->dflag[j] & (DF_GATED | DF_BEARING)) ? 1
                                                                                      : 255;
        tr->dead[tr->c.ntrk] = 0;
        tr->c.ntrk++;
        tr->c.st.tracks_created++;
        if (vg__mofn_confirm(&tr->cfg, k)) { /* M = 1 */
            k->status = VG_TRACK_CONFIRMED;
            tr->c.st.tracks_confirmed++;
        }
        /* The first report's signature is evidence too (its RCS may say "noise plot"). */
        if (tr->on_update && vg__tracker_reports_updates(tr) && !(tr->dflag[j] & DF_AMBIG))
            tr->on_update(tr->on_update_user, k, &det[j]);
    }

    /* Compact: keep order (ids stay sorted, output stays stable). */
    size_t w = 0;
    for (size_t i = 0; i < tr->c.ntrk; i++) {
        if (tr->dead[i]) {
            tr->c.st.tracks_deleted++;
            continue;
        }
        if (w != i) {
            tr->c.trk[w] = tr->c.trk[i];
            if (tr->cfg.imm)
                tr->c.imm[w] = tr->c.imm[i];
        }
        w++;
    }
    tr->c.ntrk = w;
    if (w > tr->c.st.live_max)
        tr->c.st.live_max = w;

    return emit_tracks(tr, tb);
}

