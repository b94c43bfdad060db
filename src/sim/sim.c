/* SPDX-License-Identifier: MIT */
/* sim.c — the simulator's time loop: radar scans over closed-form trajectories, then truth.
 *
 * Trajectories are pure functions of time (sim/target.h), so there is no global clock to
 * step: each radar's scans are played one after the other, each object asked for its state
 * at the instant the beam passes it, and the detections of all radars are then sorted by
 * time (ties keep generation order: a radar's detections before its own marker). Truth is
 * sampled afterwards at every distinct marker time. Work is O(radars × scans × objects), a
 * few million state evaluations per second; the output arrays are the only memory that grows.
 *
 * Random streams (internal.h): one per FPV weave, per flock and per radar, each seeded from
 * the scenario seed, so the streams are independent of each other and of the loop order. */
#include "sim/sim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/internal.h"
#include "sim/radar.h"

enum { STREAM_FPV = 1, STREAM_FLOCK = 2, STREAM_RADAR = 3 };

int vg_sim_object_state(const struct vg_sim_object *o, double t, double pos[3], double vel[3])
{
    if (o->kind == VG_SIM_FPV)
        vg_fpv_path_eval(&o->path.fpv, t, pos, vel, NULL);
    else
        vg_bird_path_eval(&o->path.bird, t, pos, vel, NULL);
    return t >= o->t_start && t < o->t_end;
}

void vg_sim_output_init(struct vg_sim_output *o)
{
    memset(o, 0, sizeof *o);
}

void vg_sim_output_fini(struct vg_sim_output *o)
{
    free(o->objects);
    free(o->dets);
    free(o->det_object);
    free(o->truth);
    memset(o, 0, sizeof *o);
}

int vg_sim_objects(const struct vg_scenario *sc, struct vg_sim_object **objects, size_t *n,
                   struct vg_diag *d)
{
    size_t total = sc->nfpvs;
    for (size_t i = 0; i < sc->nflocks; i++)
        total += (size_t)sc->flocks[i].count;
    *objects = NULL;
    *n = 0;
    struct vg_sim_object *obj = calloc(total ? total : 1, sizeof *obj);
    struct vg_bird_path *birds = NULL;
    if (!obj)
        return vg_diag_set(d, VG_ENOMEM, "out of memory for %zu objects", total);
    size_t k = 0;
    for (size_t i = 0; i < sc->nfpvs; i++, k++) {
        const struct vg_sim_fpv *c = &sc->fpvs[i];
        struct vg_sim_object *o = &obj[k];
        struct vg_diag why;
        int rc = vg_fpv_path_init(&o->path.fpv, c,
                                  vg__stream_seed(sc->seed, STREAM_FPV, (uint32_t)i), &why);
        if (rc < 0) {
            free(obj);
            return vg_diag_set(d, rc, "fpv '%s': %s", c->id, why.msg);
        }
        memcpy(o->id, c->id, sizeof o->id);
        o->cls = VG_CLASS_DRONE;
        o->hostile = (uint8_t)c->hostile;
        o->kind = VG_SIM_FPV;
        o->rcs_dbsm = c->rcs_dbsm;
        o->t_start = o->path.fpv.t0;
        o->t_end = o->path.fpv.t_end;
    }
    for (size_t i = 0; i < sc->nflocks; i++) {
        const struct vg_sim_flock *c = &sc->flocks[i];
        struct vg_bird_path *p = realloc(birds, (size_t)c->count * sizeof *p);
        if (!p) {
            free(birds);
            free(obj);
            return vg_diag_set(d, VG_ENOMEM, "out of memory for flock '%s'", c->id);
        }
        birds = p;
        struct vg_rng rng;
        vg_rng_seed(&rng, vg__stream_seed(sc->seed, STREAM_FLOCK, (uint32_t)i));
        vg_flock_init(birds, c, &rng);
        for (int b = 0; b < c->count; b++, k++) {
            struct vg_sim_object *o = &obj[k];
            snprintf(o->id, sizeof o->id, "bird-%zu", k - sc->nfpvs + 1);
            o->cls = VG_CLASS_BIRD;
            o->hostile = (uint8_t)c->hostile;
            o->kind = VG_SIM_BIRD;
            o->rcs_dbsm = c->rcs_dbsm;
            o->t_start = 0.0;
            o->t_end = INFINITY;
            o->path.bird = birds[b];
        }
    }
    free(birds);
    *objects = obj;
    *n = total;
    return 0;
}

/* Detections as generated, before sorting. */
struct pending {
    struct vg_detection det;
    int32_t object;
    size_t seq; /* generation order: the tie-break that keeps the sort deterministic */
};

struct run {
    const struct vg_scenario *sc;
    struct vg_sim_output *out;
    struct pending *p;
    size_t n, cap;
    vg_sim_progress_fn *progress;
    void *ctx;
    double scans_total;         /* of all radars, for the progress fraction */
};

/* Scans of a radar that end within the duration; the epsilon absorbs rounding of the
 * division (120 s at 10 Hz is 1200 scans, not 1199). */
static long scan_count(const struct vg_scenario *sc, const struct vg_sim_radar *r)
{
    double n = floor((sc->duration_s - r->start_s) / r->period_s + 1e-9);
    return n > 0 ? (long)n : 0;
}

static struct vg_detection *push(struct run *r, int32_t object)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 4096;
        struct pending *p = realloc(r->p, cap * sizeof *p);
        if (!p)
            return NULL;
        r->p = p;
        r->cap = cap;
    }
    struct pending *e = &r->p[r->n];
    memset(e, 0, sizeof *e);
    e->object = object;
    e->seq = r->n++;
    return &e->det;
}

/* When a radar sees an object during the scan [ts, te]: an electronic scan reports it at te;
 * a rotating beam at the instant it points at the object's azimuth, found by fixed-point
 * iteration t ← ts + az(p(t))/2π·P. The object's angular rate is far below the beam's (a
 * drone at 500 m and 50 m/s turns 6°/s, a 1 Hz radar 360°/s), so each step shrinks the error
 * ~60-fold and three steps are exact to rounding; a target straddling north may settle on
 * either end of the scan, which is also what a real radar does. */
static double look_time(const struct vg_sim_radar *r, const struct vg_sim_object *o, double ts,
                        double te)
{
    if (r->scan == VG_SCAN_ELECTRONIC)
        return te;
    double t = ts, pos[3], vel[3], rel[3], z[4];
    for (int it = 0; it < 4; it++) {
        vg_sim_object_state(o, t, pos, vel);
        for (int i = 0; i < 3; i++)
            rel[i] = pos[i] - r->pos[i];
        vg_radar_polar(rel, vel, z);
        double tn = vg_radar_beam_time(r, ts, z[1]), step = fabs(tn - t);
        t = tn;
        if (step < 1e-9) /* a nanosecond: converged */
            break;
    }
    return t;
}

static int play_radar(struct run *run, uint32_t ri)
{
    const struct vg_sim_radar *r = &run->sc->radars[ri];
    const struct vg_sim_output *out = run->out;
    struct vg_rng rng;
    vg_rng_seed(&rng, vg__stream_seed(run->sc->seed, STREAM_RADAR, ri));
    double P = r->period_s;
    long nscans = scan_count(run->sc, r);
    for (long k = 0; k < nscans; k++) {
        if (run->progress && k % 64 == 0)
            run->progress(run->ctx, (double)run->out->nscans / run->scans_total);
        double ts = r->start_s + (double)k * P, te = r->start_s + (double)(k + 1) * P;
        for (size_t oi = 0; oi < out->nobjects; oi++) {
            const struct vg_sim_object *o = &out->objects[oi];
            if (o->t_start > te || o->t_end <= ts)
                continue;
            double t = look_time(r, o, ts, te), pos[3], vel[3], rel[3];
            if (!vg_sim_object_state(o, t, pos, vel))
                continue;
            for (int i = 0; i < 3; i++)
                rel[i] = pos[i] - r->pos[i];
            struct vg_detection det;
            if (!vg_radar_observe(r, &rng, rel, vel, o->rcs_dbsm, &det))
                continue;
            struct vg_detection *e = push(run, (int32_t)oi);
            if (!e)
                return VG_ENOMEM;
            *e = det;
            e->t = t;
            e->sensor = ri;
            run->out->ntarget++;
        }
        unsigned nclutter = vg_rng_poisson(&rng, r->clutter_per_scan);
        for (unsigned c = 0; c < nclutter; c++) {
            struct vg_detection *e = push(run, VG_SIM_CLUTTER);
            if (!e)
                return VG_ENOMEM;
            vg_radar_clutter(r, &rng, e);
            e->t = r->scan == VG_SCAN_ELECTRONIC ? te : vg_radar_beam_time(r, ts, e->z[1]);
            e->sensor = ri;
        }
        run->out->nclutter += nclutter;
        struct vg_detection *m = push(run, VG_SIM_CLUTTER);
        if (!m)
            return VG_ENOMEM;
        m->t = te;
        m->sensor = ri;
        m->kind = VG_DET_SCAN;
        run->out->nscans++;
    }
    return 0;
}

static int by_time(const void *a, const void *b)
{
    const struct pending *x = a, *y = b;
    if (x->det.t != y->det.t)
        return x->det.t < y->det.t ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Sort the pending detections into out->dets and out->det_object. */
static int collect(struct run *run)
{
    struct vg_sim_output *out = run->out;
    qsort(run->p, run->n, sizeof *run->p, by_time);
    out->dets = malloc((run->n ? run->n : 1) * sizeof *out->dets);
    out->det_object = malloc((run->n ? run->n : 1) * sizeof *out->det_object);
    if (!out->dets || !out->det_object)
        return VG_ENOMEM;
    for (size_t i = 0; i < run->n; i++) {
        out->dets[i] = run->p[i].det;
        out->dets[i].src_line = (uint32_t)(i + 1);
        out->det_object[i] = run->p[i].object;
    }
    out->ndets = run->n;
    return 0;
}

/* Truth of every live object at every distinct scan-marker time. */
static int sample_truth(struct vg_sim_output *out)
{
    size_t cap = 0;
    double last = -INFINITY;
    for (size_t i = 0; i < out->ndets; i++) {
        const struct vg_detection *m = &out->dets[i];
        if (m->kind != VG_DET_SCAN || m->t == last)
            continue;
        last = m->t;
        out->ntimes++;
        for (size_t oi = 0; oi < out->nobjects; oi++) {
            struct vg_sim_truth tr = {.t = m->t, .object = (uint32_t)oi};
            if (!vg_sim_object_state(&out->objects[oi], m->t, tr.pos, tr.vel))
                continue;
            if (out->ntruth == cap) {
                cap = cap ? 2 * cap : 4096;
                struct vg_sim_truth *p = realloc(out->truth, cap * sizeof *p);
                if (!p)
                    return VG_ENOMEM;
                out->truth = p;
            }
            out->truth[out->ntruth++] = tr;
        }
    }
    return 0;
}

int vg_sim_run_progress(const struct vg_scenario *sc, struct vg_sim_output *out,
                        vg_sim_progress_fn *fn, void *ctx, struct vg_diag *d)
{
    vg_sim_output_init(out);
    int rc = vg_sim_objects(sc, &out->objects, &out->nobjects, d);
    if (rc < 0)
        return rc;
    struct run run = {.sc = sc, .out = out, .progress = fn, .ctx = ctx, .scans_total = 1};
    for (size_t i = 0; i < sc->nradars; i++)
        run.scans_total += (double)scan_count(sc, &sc->radars[i]);
    for (uint32_t ri = 0; rc == 0 && ri < sc->nradars; ri++)
        rc = play_radar(&run, ri);
    if (rc == 0)
        rc = collect(&run);
    free(run.p);
    if (rc == 0)
        rc = sample_truth(out);
    if (rc < 0) {
        vg_sim_output_fini(out);
        return vg_diag_set(d, rc, "%s: out of memory", sc->name);
    }
    if (fn)
        fn(ctx, 1.0);
    return 0;
}

int vg_sim_run(const struct vg_scenario *sc, struct vg_sim_output *out, struct vg_diag *d)
{
    return vg_sim_run_progress(sc, out, NULL, NULL, d);
}
