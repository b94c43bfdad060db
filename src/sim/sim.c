/* SPDX-License-Identifier: MIT */
/* sim.c — the simulator's time loop: sensor scans over closed-form trajectories, link delays,
 * then truth.
 *
 * Trajectories are pure functions of time (sim/target.h), so there is no global clock to
 * step: each sensor's scans (a bearing sensor's reporting intervals) are played one after
 * the other, each object asked for its state at the instant the sensor looks at it (the
 * beam passes it; the sound it makes now left it range/c ago), all radars first, then the
 * bearing sensors. Each report and marker is then given its arrival time — its time plus a
 * draw of its sensor's link delay, taken in the sensor's time order (a FIFO link holds a
 * report until the one before it is through) — and all are sorted by arrival, then time
 * (ties keep generation order: a sensor's detections before its own marker). Without delays
 * arrival is time, and the order is time order. Truth is sampled afterwards at every distinct
 * marker time (of any sensor). Work is O(sensors × scans × objects), a few million state
 * evaluations per second; the output arrays are the only memory that grows.
 *
 * Cooperative receivers (ADS-B, Remote ID) come last: each object they hear is reported on
 * its own update schedule (sim/coop.h), with no markers.
 *
 * Random streams (internal.h): one per FPV weave, per flock, per radar, per bearing sensor,
 * per cooperative receiver and object, and per sensor's link delay, each seeded from the
 * scenario seed, so the streams are independent of each other and of the loop order: adding a
 * direction finder, a receiver or a delay changes no radar report. */
#include "sim/sim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/sort.h"
#include "sim/bearing.h"
#include "sim/coop.h"
#include "sim/internal.h"
#include "sim/radar.h"


int vg_sim_object_state(const struct vg_sim_object *o, double t, double pos[3], double vel[3])
{
    if (o->kind == VG_SIM_FPV)
        vg_fpv_path_eval(&o->path.fpv, t, pos, vel, NULL);
    else if (o->kind == VG_SIM_BIRD)
        vg_bird_path_eval(&o->path.bird, t, pos, vel, NULL);
    else
        vg_route_path_eval(o->path.route, t, pos, vel, NULL);
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
    free(o->det_arrival);
    free(o->det_emitter);
    free(o->truth);
    memset(o, 0, sizeof *o);
}

/* Detections as generated, before sorting. */
struct pending {
    struct vg_detection det;
    int32_t object;
    struct vg_sim_emitter em;
    double arrival;
    size_t seq; /* generation order: the tie-break that keeps the sorts deterministic */
};

struct run {
    const struct vg_scenario *sc;
    struct vg_sim_output *out;
    struct pending *p;
    size_t n, cap;
    vg_sim_progress_fn *progress;
    void *ctx;
    double scans_done, scans_total; /* of all sensors, for the progress fraction */
};

/* Scans (or intervals) of a sensor that end within the duration; the epsilon absorbs rounding
 * of the division (120 s at 10 Hz is 1200 scans, not 1199). */
static long scan_count(const struct vg_scenario *sc, double start_s, double period_s)
{
    double n = floor((sc->duration_s - start_s) / period_s + 1e-9);
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
    e->em.link = VG_LINK_NONE;
    e->seq = r->n++;
    return &e->det;
}

static int push_marker(struct run *r, double t, uint32_t sensor)
{
    struct vg_detection *m = push(r, VG_SIM_CLUTTER);
    if (!m)
        return VG_ENOMEM;
    m->t = t;
    m->sensor = sensor;
    m->kind = VG_DET_SCAN;
    r->out->nscans++;
    return 0;
}

/* A rotating radar's scan [ts, te] closed sector by sector: marker k at ts + (k+1)·P/n
 * for the azimuths [k, k+1)·2π/n the beam swept (north at ts, as vg_radar_beam_time). The
 * last is at te itself, the scan's end as computed for n = 1 (ts + P differs from
 * start + (k+1)·P in the last bit for a third of the scans when P is not dyadic). */
static int push_sector_markers(struct run *r, double ts, double te, double P, int n,
                               uint32_t sensor)
{
    for (int k = 0; k < n; k++) {
        if (push_marker(r, k + 1 == n ? te : ts + (double)(k + 1) * P / n, sensor) < 0)
            return VG_ENOMEM;
        if (n > 1) {
            struct vg_detection *m = &r->p[r->n - 1].det;
            m->nz = 2;
            m->z[0] = 2.0 * VG__PI * k / n;
            m->z[1] = k + 1 == n ? 0.0 : 2.0 * VG__PI * (k + 1) / n;
        }
    }
    return 0;
}

static void tick(struct run *run, long k)
{
    run->scans_done++;
    if (run->progress && k % 64 == 0)
        run->progress(run->ctx, run->scans_done / run->scans_total);
}

/* When a radar sees an object during the scan [ts, te]: an electronic scan reports it at te;
 * a rotating beam at the instant it points at the object's azimuth (as the radar measures
 * it: with its azimuth bias), found by fixed-point iteration t ← ts + az(p(t))/2π·P. The
 * object's angular rate is far below the beam's (a drone at 500 m and 50 m/s turns 6°/s, a
 * 1 Hz radar 360°/s), so each step shrinks the error ~60-fold and three steps are exact to
 * rounding; a target straddling north may settle on either end of the scan, which is also
 * what a real radar does. */
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
        double az = z[1] + r->bias.az_deg * VG__DEG; /* bias within ±π: one fold at most */
        az = az < 0.0 ? az + 2.0 * VG__PI : az >= 2.0 * VG__PI ? az - 2.0 * VG__PI : az;
        double tn = vg_radar_beam_time(r, ts, az), step = fabs(tn - t);
        t = tn;
        if (step < 1e-9) /* a nanosecond: converged */
            break;
    }
    return t;
}

/* Whether object o is sure to stay beyond radar r's range for the scans from ts on: then
 * *skip is how many (≥ 1) it may skip. Within a scan the object moves at most vmax·P, so at
 * distance d at ts it stays out of range for ⌊(d − range − 1 m)/(vmax·P)⌋ scans. A skipped
 * object would have been reported by nobody and drawn no random number (vg_radar_observe
 * draws only inside the coverage), so the output is the same as without skipping; a bird
 * 10 km out costs one evaluation every few hundred scans instead of five every scan. */
static int out_of_range(const struct vg_sim_radar *r, const struct vg_sim_object *o, double ts,
                        long *skip)
{
    double pos[3], vel[3], d2 = 0.0;
    vg_sim_object_state(o, ts, pos, vel);
    for (int i = 0; i < 3; i++)
        d2 += (pos[i] - r->pos[i]) * (pos[i] - r->pos[i]);
    double gap = sqrt(d2) - r->range_max_m - 1.0, step = o->vmax_mps * r->period_s;
    if (!(gap > step))
        return 0;
    double n = gap / step;
    *skip = n < 1e9 ? (long)n : 1000000000L;
    return 1;
}

/* A micro-Doppler classifier's verdict on a strong enough plot: the object's class with
 * probability p_correct, else one of the others it is confused with (drone ↔ bird, the two
 * a blade-flash / wing-beat classifier separates; anything else → unknown), reported with
 * p_correct as its confidence. */
static void micro_doppler_hint(const struct vg_sim_radar *r, struct vg_rng *rng, int cls,
                               struct vg_detection *det)
{
    int hint = cls;
    if (vg_rng_uniform(rng) >= r->md_p_correct)
        hint = cls == VG_CLASS_DRONE ? VG_CLASS_BIRD
               : cls == VG_CLASS_BIRD ? VG_CLASS_DRONE
                                      : VG_CLASS_UNKNOWN;
    det->class_hint = (uint8_t)hint;
    det->class_p = (float)r->md_p_correct;
    det->flags |= VG_DET_HAS_HINT;
}

static int play_radar(struct run *run, uint32_t ri)
{
    const struct vg_sim_radar *r = &run->sc->radars[ri];
    const struct vg_sim_output *out = run->out;
    struct vg_rng rng, md_rng;
    vg_rng_seed(&rng, vg__stream_seed(run->sc->seed, VG__STREAM_RADAR, ri));
    vg_rng_seed(&md_rng, vg__stream_seed(run->sc->seed, VG__STREAM_MICRODOPPLER, ri));
    double P = r->period_s;
    long nscans = scan_count(run->sc, r->start_s, P);
    long *next = calloc(out->nobjects ? out->nobjects : 1, sizeof *next); /* next scan to look */
    if (!next)
        return VG_ENOMEM;
    for (long k = 0; k < nscans; k++) {
        tick(run, k);
        double ts = r->start_s + (double)k * P, te = r->start_s + (double)(k + 1) * P;
        for (size_t oi = 0; oi < out->nobjects; oi++) {
            const struct vg_sim_object *o = &out->objects[oi];
            long skip;
            if (o->t_start > te || o->t_end <= ts || k < next[oi])
                continue;
            if (out_of_range(r, o, ts, &skip)) {
                next[oi] = k + skip;
                continue;
            }
            double t = look_time(r, o, ts, te), pos[3], vel[3], rel[3];
            if (!vg_sim_object_state(o, t, pos, vel))
                continue;
            for (int i = 0; i < 3; i++)
                rel[i] = pos[i] - r->pos[i];
            struct vg_detection det;
            if (!vg_radar_observe(r, &rng, rel, vel, o->rcs_dbsm, &det))
                continue;
            if (r->md_p_correct > 0.0 && det.snr_db >= r->md_min_snr_db)
                micro_doppler_hint(r, &md_rng, o->cls, &det);
            struct vg_detection *e = push(run, (int32_t)oi);
            if (!e)
                goto nomem;
            *e = det;
            e->t = t;
            e->sensor = ri;
            run->out->ntarget++;
        }
        unsigned nclutter = vg_rng_poisson(&rng, r->clutter_per_scan);
        for (unsigned c = 0; c < nclutter; c++) {
            struct vg_detection *e = push(run, VG_SIM_CLUTTER);
            if (!e)
                goto nomem;
            vg_radar_clutter(r, &rng, e);
            e->t = r->scan == VG_SCAN_ELECTRONIC ? te : vg_radar_beam_time(r, ts, e->z[1]);
            e->sensor = ri;
        }
        run->out->nclutter += nclutter;
        int nsec = r->scan == VG_SCAN_ROTATING ? r->sectors : 1;
        if (push_sector_markers(run, ts, te, P, nsec, ri) < 0)
            goto nomem;
    }
    free(next);
    return 0;
nomem:
    free(next);
    return VG_ENOMEM;
}

/* A bearing sensor's intervals: a bearing to each object it senses, false bearings, and the
 * interval's marker if it sends them. RF reports name their emitter; a false one gets a link
 * drawn uniformly from the emitting ones, on its default band. */
static int play_bearing(struct run *run, uint32_t j)
{
    const struct vg_sim_bearing_sensor *s = &run->sc->bearing_sensors[j];
    const struct vg_sim_output *out = run->out;
    uint32_t si = (uint32_t)(run->sc->nradars + j);
    int rf = s->type == VG_SENSOR_RF;
    double travel = rf ? 0.0 : s->range_m / s->sound_mps; /* longest propagation delay */
    struct vg_rng rng;
    vg_rng_seed(&rng, vg__stream_seed(run->sc->seed, VG__STREAM_BEARING, j));
    double P = s->period_s;
    long n = scan_count(run->sc, s->start_s, P);
    for (long k = 0; k < n; k++) {
        tick(run, k);
        double te = s->start_s + (double)(k + 1) * P;
        for (size_t oi = 0; oi < out->nobjects; oi++) {
            const struct vg_sim_object *o = &out->objects[oi];
            if (!vg_bearing_senses(s, o) || o->t_start > te || o->t_end + travel < te)
                continue;
            double pos[3], rel[3];
            int alive;
            vg_bearing_source(s, o, te, pos, &alive);
            if (!alive)
                continue;
            for (int i = 0; i < 3; i++)
                rel[i] = pos[i] - s->pos[i];
            struct vg_detection det;
            if (!vg_bearing_observe(s, &rng, rel, &det))
                continue;
            struct vg_detection *e = push(run, (int32_t)oi);
            if (!e)
                return VG_ENOMEM;
            *e = det;
            e->t = te;
            e->sensor = si;
            if (rf)
                run->p[run->n - 1].em = (struct vg_sim_emitter){o->band_mhz, o->link};
            run->out->ntarget++;
            run->out->nbearings++;
        }
        unsigned nclutter = vg_rng_poisson(&rng, s->clutter_rate_hz * P);
        for (unsigned c = 0; c < nclutter; c++) {
            struct vg_detection *e = push(run, VG_SIM_CLUTTER);
            if (!e)
                return VG_ENOMEM;
            vg_bearing_clutter(s, &rng, e);
            e->t = te;
            e->sensor = si;
            if (rf) {
                int link = (int)(vg_rng_uniform(&rng) * (VG_LINK_DJI_OCUSYNC + 1));
                run->p[run->n - 1].em = (struct vg_sim_emitter){vg_link_band_mhz(link), link};
            }
        }
        run->out->nclutter += nclutter;
        run->out->nbearings += nclutter;
        if (s->markers && push_marker(run, te, si) < 0)
            return VG_ENOMEM;
    }
    return 0;
}

/* A cooperative receiver's updates: each object it hears on the object's own schedule
 * (sim/coop.c), none lost to coverage or chance reported; no markers, no false reports. */
static int play_coop(struct run *run, uint32_t k)
{
    const struct vg_scenario *sc = run->sc;
    const struct vg_sim_coop_receiver *r = &sc->coop_receivers[k];
    const struct vg_sim_output *out = run->out;
    uint32_t si = (uint32_t)(sc->nradars + sc->nbearing_sensors + k);
    uint64_t rx_seed = vg__stream_seed(sc->seed, VG__STREAM_COOP, k);
    double P = r->period_s;
    for (size_t oi = 0; oi < out->nobjects; oi++) {
        const struct vg_sim_object *o = &out->objects[oi];
        if (!vg_coop_hears(r, o))
            continue;
        struct vg_rng rng;
        vg_rng_seed(&rng, vg_coop_seed(rx_seed, o->id));
        double phase = vg_rng_range(&rng, 0.0, P);
        /* Slot k at phase + k·P; the first one that may fall in the object's life. */
        double k0 = floor((fmax(o->t_start, 0.0) - r->jitter_s - phase) / P);
        for (double m = k0 > 0.0 ? k0 : 0.0;; m++) {
            double slot = phase + m * P;
            if (slot - r->jitter_s > sc->duration_s || slot - r->jitter_s >= o->t_end)
                break;
            double t = slot + vg_rng_range(&rng, -r->jitter_s, r->jitter_s);
            int lost = vg_rng_uniform(&rng) < r->loss;
            double pos[3], vel[3];
            if (lost || t < 0.0 || t > sc->duration_s || !vg_sim_object_state(o, t, pos, vel) ||
                !vg_coop_reaches(r, pos))
                continue;
            struct vg_detection *e = push(run, (int32_t)oi);
            if (!e)
                return VG_ENOMEM;
            vg_coop_observe(r, &rng, o, pos, vel, e);
            e->t = t;
            e->sensor = si;
            run->out->ntarget++;
            run->out->ncoop++;
        }
    }
    return 0;
}

/* The link delay of site sensor i. */
static const struct vg_sim_delay *delay_of(const struct vg_scenario *sc, uint32_t i)
{
    if (i < sc->nradars)
        return &sc->radars[i].delay;
    i -= (uint32_t)sc->nradars;
    return i < sc->nbearing_sensors ? &sc->bearing_sensors[i].delay
                                    : &sc->coop_receivers[i - sc->nbearing_sensors].delay;
}

static int by_sensor_time(const void *a, const void *b)
{
    const struct pending *x = a, *y = b;
    if (x->det.sensor != y->det.sensor)
        return x->det.sensor < y->det.sensor ? -1 : 1;
    if (x->det.t != y->det.t)
        return x->det.t < y->det.t ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Arrival = t + max(0, mean + U[−jitter, jitter]), drawn in each sensor's time order from its
 * own stream; a FIFO link also waits for the report before it. */
static void assign_arrivals(struct run *run)
{
    const struct vg_scenario *sc = run->sc;
    int any = 0;
    for (uint32_t i = 0; i < sc->site.nsensors; i++) {
        const struct vg_sim_delay *dl = delay_of(sc, i);
        any |= dl->mean_s > 0.0 || dl->jitter_s > 0.0;
    }
    for (size_t i = 0; i < run->n; i++)
        run->p[i].arrival = run->p[i].det.t;
    if (!any)
        return;
    qsort(run->p, run->n, sizeof *run->p, by_sensor_time);
    for (size_t i = 0; i < run->n;) {
        uint32_t si = run->p[i].det.sensor;
        const struct vg_sim_delay *dl = delay_of(sc, si);
        struct vg_rng rng;
        vg_rng_seed(&rng, vg__stream_seed(sc->seed, VG__STREAM_DELAY, si));
        double last = -INFINITY;
        for (; i < run->n && run->p[i].det.sensor == si; i++) {
            struct pending *e = &run->p[i];
            if (dl->mean_s > 0.0 || dl->jitter_s > 0.0) {
                double d = dl->mean_s + vg_rng_range(&rng, -dl->jitter_s, dl->jitter_s);
                e->arrival = e->det.t + (d > 0.0 ? d : 0.0);
                if (dl->in_order && e->arrival < last)
                    e->arrival = last;
                last = e->arrival;
            }
            run->out->delayed |= e->arrival > e->det.t;
        }
    }
}

static int by_arrival(const void *a, const void *b)
{
    const struct pending *x = a, *y = b;
    if (x->arrival != y->arrival)
        return x->arrival < y->arrival ? -1 : 1;
    if (x->det.t != y->det.t)
        return x->det.t < y->det.t ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Sort the pending detections by arrival into the output's arrays. */
static int collect(struct run *run)
{
    struct vg_sim_output *out = run->out;
    assign_arrivals(run);
    qsort(run->p, run->n, sizeof *run->p, by_arrival);
    size_t n = run->n ? run->n : 1;
    out->dets = malloc(n * sizeof *out->dets);
    out->det_object = malloc(n * sizeof *out->det_object);
    out->det_arrival = malloc(n * sizeof *out->det_arrival);
    out->det_emitter = malloc(n * sizeof *out->det_emitter);
    if (!out->dets || !out->det_object || !out->det_arrival || !out->det_emitter)
        return VG_ENOMEM;
    for (size_t i = 0; i < run->n; i++) {
        out->dets[i] = run->p[i].det;
        out->dets[i].src_line = (uint32_t)(i + 1);
        out->det_object[i] = run->p[i].object;
        out->det_arrival[i] = run->p[i].arrival;
        out->det_emitter[i] = run->p[i].em;
        if (vg_link_emits(run->p[i].em.link)) { /* what an RF DF reports, in the record too */
            out->dets[i].flags |= VG_DET_HAS_EMITTER;
            out->dets[i].link = (uint8_t)run->p[i].em.link;
            out->dets[i].band_mhz = (float)run->p[i].em.band_mhz;
        }
    }
    out->ndets = run->n;
    return 0;
}

#define SAME_TIME_S 1e-6 /* marker times closer than this are one truth time */

/* Truth of every live object at every distinct scan-marker time, in time order. */
static int sample_truth(struct vg_sim_output *out)
{
    size_t nt = 0, cap = 0;
    double *times = malloc((out->nscans ? out->nscans : 1) * sizeof *times);
    if (!times)
        return VG_ENOMEM;
    for (size_t i = 0; i < out->ndets; i++)
        if (out->dets[i].kind == VG_DET_SCAN)
            times[nt++] = out->dets[i].t;
    qsort(times, nt, sizeof *times, vg_cmp_double);
    double kept = -INFINITY;
    for (size_t k = 0; k < nt; k++) {
        /* Marker times that differ by rounding alone (one sensor's 6 × 0.1 s, another's
         * 0.1 + 0.5 s) are one time: readers group times closer than a microsecond (the
         * scorer's VG_SCORE_T_TOL), and an object twice in one group is an error there. */
        if (times[k] - kept < SAME_TIME_S)
            continue;
        kept = times[k];
        out->ntimes++;
        for (size_t oi = 0; oi < out->nobjects; oi++) {
            struct vg_sim_truth tr = {.t = times[k], .object = (uint32_t)oi};
            if (!vg_sim_object_state(&out->objects[oi], times[k], tr.pos, tr.vel))
                continue;
            if (out->ntruth == cap) {
                cap = cap ? 2 * cap : 4096;
                struct vg_sim_truth *p = realloc(out->truth, cap * sizeof *p);
                if (!p) {
                    free(times);
                    return VG_ENOMEM;
                }
                out->truth = p;
            }
            out->truth[out->ntruth++] = tr;
        }
    }
    free(times);
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
        run.scans_total += (double)scan_count(sc, sc->radars[i].start_s, sc->radars[i].period_s);
    for (size_t i = 0; i < sc->nbearing_sensors; i++)
        run.scans_total += (double)scan_count(sc, sc->bearing_sensors[i].start_s,
                                              sc->bearing_sensors[i].period_s);
    for (uint32_t ri = 0; rc == 0 && ri < sc->nradars; ri++)
        rc = play_radar(&run, ri);
    for (uint32_t j = 0; rc == 0 && j < sc->nbearing_sensors; j++)
        rc = play_bearing(&run, j);
    for (uint32_t k = 0; rc == 0 && k < sc->ncoop_receivers; k++)
        rc = play_coop(&run, k);
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
