/* SPDX-License-Identifier: MIT */
/* tracker_input.c — what arrives, in the order it arrives: scan assembly, late reports and
 * re-processing.
 *
 * Registration. A sensor's declared biases (site file: bias_range_m, bias_az_deg,
 * bias_el_deg) are subtracted from each report on arrival.
 *
 * Scans. Each sensor has an open batch. Its `scan` marker closes the reports with time ≤ the
 * marker's (later ones — the next scan's, arrived early — stay open); a sensor that sends no
 * markers has its batch closed by time (see vg_tracker_add). A closed batch is processed at
 * once, so output follows input with no added latency.
 *
 * Late reports. Radio links and UDP deliver reports late and out of order. A report that
 * arrives after its scan was closed is still used (issue 3: "used, not dropped"), by buffered
 * re-processing: while reports arrive in order nothing extra is done; from the first report
 * seen out of order on, the tracker keeps every processed batch younger than late_lag_s
 * (default 2 s) and a second, committed copy of the tracks — the state after every batch
 * older than that. A late report joins the logged batch of its own scan; before the next
 * batch is processed the live tracks are rebuilt from the committed copy by re-processing
 * the window in time order, silently, so the next output reflects the late report as if it
 * had come on time. Batches leaving the window are applied to the committed copy. The cost
 * once reordering is seen: every batch is processed twice (live and committed) plus the
 * replays, ~ window / scan period batches each — the price of exact re-processing; a late
 * report older than the window is used at once as a batch of its own (counted in
 * stats.late), the filters predicting backwards to its time.
 * (The alternative, retrodiction with out-of-sequence measurement updates — Bar-Shalom,
 * IEEE TAES 2002 — updates only the tracks and cannot start or confirm tracks from late
 * reports, which re-processing does.) */
#include <math.h>
#include <string.h>

#include "base/angle.h"
#include "track/tracker_impl.h"

static int ensure_pending(struct vg_tracker *tr, size_t nsensors)
{
    if (nsensors <= tr->npend)
        return 0;
    struct pending *p = realloc(tr->pend, nsensors * sizeof *p);
    if (!p)
        return VG_ENOMEM;
    memset(p + tr->npend, 0, (nsensors - tr->npend) * sizeof *p);
    tr->pend = p;
    tr->npend = nsensors;
    return 0;
}

void vg__tracker_input_fini(struct vg_tracker *tr)
{
    for (size_t i = 0; i < tr->npend; i++)
        free(tr->pend[i].det);
    free(tr->pend);
    for (size_t i = 0; i < tr->win_cap; i++)
        free(tr->win[i].det);
    free(tr->win);
    vg__core_fini(&tr->committed);
}

/* ---- the window of processed batches ---- */

/* Keep a copy of a processed batch, in (tb, seq) order. */
static int log_batch(struct vg_tracker *tr, uint32_t sensor, const struct vg_detection *det,
                     size_t n, double tb, int late, const struct vg__sector *sec)
{
    if (tr->nwin == tr->win_cap) {
        size_t cap = tr->win_cap ? 2 * tr->win_cap : 16;
        struct logged *w = realloc(tr->win, cap * sizeof *w);
        if (!w)
            return VG_ENOMEM;
        memset(w + tr->win_cap, 0, (cap - tr->win_cap) * sizeof *w);
        tr->win = w;
        tr->win_cap = cap;
    }
    struct logged slot = tr->win[tr->nwin]; /* a free slot, with its buffer */
    VG_GROW(slot.det, slot.cap, n ? n : 1);
    if (n)
        memcpy(slot.det, det, n * sizeof *det);
    slot.n = n;
    slot.sensor = sensor;
    slot.tb = tb;
    slot.late = late;
    slot.sec = sec ? *sec : (struct vg__sector){0.0, 0.0, 0.0};
    slot.seq = tr->seq++;
    size_t k = tr->nwin;
    while (k > 0 && tr->win[k - 1].tb > tb) {
        tr->win[k] = tr->win[k - 1];
        k--;
    }
    tr->win[k] = slot;
    tr->nwin++;
    return 0;
}

/* Process a batch on the committed tracks, quietly. */
static int commit_batch(struct vg_tracker *tr, const struct logged *b)
{
    struct core live = tr->c;
    tr->c = tr->committed;
    tr->committing = 1;
    int rc = vg__tracker_process_batch(tr, b->sensor, b->det, b->n, b->tb, b->late, &b->sec);
    tr->committing = 0;
    tr->committed = tr->c;
    tr->c = live;
    return rc;
}

/* Apply the batches that left the window (all of them with mark = +∞) to the committed
 * tracks. */
static int commit_before(struct vg_tracker *tr, double mark)
{
    size_t k = 0;
    while (k < tr->nwin && tr->win[k].tb < mark) {
        int rc = commit_batch(tr, &tr->win[k]);
        if (rc)
            return rc;
        k++;
    }
    if (k == 0)
        return 0;
    /* Rotate the committed slots (and their buffers) to the free end. */
    struct logged tmp[16];
    while (k > 0) {
        size_t m = k < 16 ? k : 16;
        memcpy(tmp, tr->win, m * sizeof *tmp);
        memmove(tr->win, tr->win + m, (tr->win_cap - m) * sizeof *tr->win);
        memcpy(tr->win + tr->win_cap - m, tmp, m * sizeof *tmp);
        tr->nwin -= m;
        k -= m;
    }
    return 0;
}

/* Rebuild the live tracks: committed copy + every logged batch in time order, quietly. */
static int replay(struct vg_tracker *tr)
{
    tr->dirty = 0;
    int rc = vg__core_copy(&tr->c, &tr->committed);
    tr->replaying = 1;
    for (size_t k = 0; k < tr->nwin && !rc; k++) {
        const struct logged *b = &tr->win[k];
        rc = vg__tracker_process_batch(tr, b->sensor, b->det, b->n, b->tb, b->late, &b->sec);
    }
    tr->replaying = 0;
    return rc;
}

/* Process a closed batch live (after any replay that is due), and log it. */
static int run_batch(struct vg_tracker *tr, uint32_t sensor, const struct vg_detection *det,
                     size_t n, double tb, int late, const struct vg__sector *sec)
{
    int rc;
    if (tr->dirty && (rc = replay(tr)))
        return rc;
    if ((rc = vg__tracker_process_batch(tr, sensor, det, n, tb, late, sec)))
        return rc;
    if (tb > tr->tb_max)
        tr->tb_max = tb;
    if (!tr->reorder)
        return 0;
    if ((rc = log_batch(tr, sensor, det, n, tb, late, sec)))
        return rc;
    return commit_before(tr, tr->tb_max - tr->cfg.late_lag_s);
}

/* A report that arrived after its scan was closed. */
static int late_report(struct vg_tracker *tr, const struct vg_detection *det)
{
    tr->in_late++;
    if (tr->cfg.late_lag_s > 0 && !tr->reorder) {
        /* First reordering seen: from now on keep the window. What came before is final. */
        int rc = vg__core_copy(&tr->committed, &tr->c);
        if (rc)
            return rc;
        tr->reorder = 1;
    }
    if (tr->reorder) {
        /* Join the logged scan of its sensor that it belongs to: the earliest one closed
         * at or after its time. */
        for (size_t k = 0; k < tr->nwin; k++) {
            struct logged *b = &tr->win[k];
            if (b->sensor != det->sensor || b->late || b->tb < det->t)
                continue;
            VG_GROW(b->det, b->cap, b->n + 1);
            b->det[b->n++] = *det;
            tr->dirty = 1;
            return 0;
        }
    }
    /* Older than the window (or no window): use it now, on its own. */
    tr->in_late_old++;
    return run_batch(tr, det->sensor, det, 1, det->t, 1, NULL);
}

/* ---- scan assembly ---- */

/* Process the sensor's pending reports of the scan ending at tb — time in (tb − period, tb],
 * or ≤ tb while the period is unknown — as one batch at tb. Later ones (the next scan's,
 * arrived early) stay pending; so do earlier ones whose own marker is still on its way,
 * unless they are so old (beyond the late-report window) that it is presumed lost. */
static int close_batch(struct vg_tracker *tr, uint32_t s, double tb,
                       const struct vg__sector *sec)
{
    struct pending *p = &tr->pend[s];
    double lo = p->period > 0 ? tb - p->period * (1.0 - 1e-9) : -INFINITY;
    double stale = p->period > 0 ? lo - p->period - tr->cfg.late_lag_s : -INFINITY;
    size_t k = 0, o = 0;
    int rc = 0;
    /* Stale reports first (their marker was lost): a batch of their own. */
    for (size_t i = 0; i < p->n; i++)
        if (p->det[i].t <= stale) {
            struct vg_detection tmp = p->det[o];
            p->det[o++] = p->det[i];
            p->det[i] = tmp;
        }
    if (o) {
        double tmax = p->det[0].t;
        for (size_t i = 1; i < o; i++)
            tmax = p->det[i].t > tmax ? p->det[i].t : tmax;
        rc = run_batch(tr, s, p->det, o, tmax, 0, NULL);
        if (p->n > o)
            memmove(p->det, p->det + o, (p->n - o) * sizeof *p->det);
        p->n -= o;
    }
    for (size_t i = 0; i < p->n; i++)
        if (p->det[i].t <= tb && p->det[i].t > lo) {
            struct vg_detection tmp = p->det[k];
            p->det[k++] = p->det[i];
            p->det[i] = tmp;
        }
    if (!rc)
        rc = run_batch(tr, s, p->det, k, tb, 0, sec);
    if (p->n > k)
        memmove(p->det, p->det + k, (p->n - k) * sizeof *p->det);
    p->n -= k;
    p->tmin = p->tmax = 0.0;
    for (size_t i = 0; i < p->n; i++) {
        if (i == 0 || p->det[i].t < p->tmin)
            p->tmin = p->det[i].t;
        if (i == 0 || p->det[i].t > p->tmax)
            p->tmax = p->det[i].t;
    }
    return rc;
}

/* Is the scan that a report at time t belongs to still open (its marker not yet seen,
 * though a later one was)? Only answerable when the period is known: the scan's marker is
 * the first at or after t, and it is open if no marker at or after t has closed a batch
 * whose window (tb − period, tb] contains t. The ring holds the last 32 markers; a sector
 * radar sends many (32 sectors at 1 Hz: 32 a second, fewer than the late-report window
 * spans), so the batches logged for re-processing are asked too — else a report whose
 * marker was seen and has left the ring would wait as pending and be processed, once stale,
 * as a batch of its own that charges misses all round. */
static int marker_pending(const struct vg_tracker *tr, uint32_t s, double t)
{
    const struct pending *p = &tr->pend[s];
    if (p->period <= 0)
        return 0;
    double lo = t + p->period * (1.0 - 1e-9); /* a marker in [t, lo) closed t's window */
    for (size_t i = 0; i < p->nmk; i++)
        if (p->mk[i] >= t && p->mk[i] < lo)
            return 0;
    for (size_t k = 0; tr->reorder && k < tr->nwin; k++) {
        const struct logged *b = &tr->win[k];
        if (b->sensor == s && !b->late && b->tb >= t && b->tb < lo)
            return 0;
    }
    return 1;
}

/* Registration: remove the sensor's known biases from a copy of its report. */
static void register_report(const struct vg_sensor *sen, struct vg_detection *d)
{
    if (d->kind == VG_DET_POLAR) {
        d->z[0] -= sen->bias_range_m;
        d->z[1] = vg_wrap_2pi(d->z[1] - sen->bias_az_deg * VG_DEG);
        if (d->flags & VG_DET_HAS_EL)
            d->z[2] -= sen->bias_el_deg * VG_DEG;
    } else if (d->kind == VG_DET_BEARING) {
        d->z[0] = vg_wrap_2pi(d->z[0] - sen->bias_az_deg * VG_DEG);
        if (d->flags & VG_DET_HAS_EL)
            d->z[1] -= sen->bias_el_deg * VG_DEG;
        if (sen->type == VG_SENSOR_ACOUSTIC)
            d->flags |= VG_DET_ACOUSTIC;
    }
}

int vg_tracker_add(struct vg_tracker *tr, const struct vg_detection *report)
{
    if (report->sensor >= tr->site->nsensors)
        return VG_EINVAL;
    struct vg_detection corrected = *report;
    register_report(&tr->site->sensors[report->sensor], &corrected);
    const struct vg_detection *det = &corrected;
    int rc = ensure_pending(tr, tr->site->nsensors);
    if (rc)
        return rc;
    struct pending *p = &tr->pend[det->sensor];
    if (det->kind == VG_DET_SCAN) {
        tr->in_scans++;
        double rate = tr->site->sensors[det->sensor].rate_hz;
        struct vg__sector sec = {0.0, 0.0, 0.0};
        if (det->nz == 2) { /* a sector of a rotating scan: its marker closes that sector */
            sec.from = det->z[0];
            sec.width = vg_wrap_2pi(det->z[1] - det->z[0]);
        }
        double part = sec.width > 0.0 ? sec.width / (2.0 * VG_PI) : 1.0;
        if (rate > 0)
            p->period = part / rate;
        else if (p->sends_markers && det->t != p->closed_t) {
            double gap = fabs(det->t - p->closed_t);
            if (p->period == 0 || gap < p->period)
                p->period = gap;
        }
        if (!p->sends_markers || det->t > p->closed_t)
            p->closed_t = det->t;
        p->sends_markers = 1;
        p->mk[p->mk_next] = det->t;
        p->mk_next = (p->mk_next + 1) % 32;
        if (p->nmk < 32)
            p->nmk++;
        sec.dt = p->period;
        return close_batch(tr, det->sensor, det->t, sec.width > 0.0 ? &sec : NULL);
    }
    if (p->sends_markers && det->t <= p->closed_t && !marker_pending(tr, det->sensor, det->t))
        return late_report(tr, det);
    if (!p->sends_markers && p->n > 0) {
        /* No marker seen from this sensor (yet): a sensor with a declared scan rate has its
         * scan closed once a report arrives a full period (plus, with the late-report window,
         * the window) after the batch began — until its first marker shows it sends them;
         * any other sensor, at each new report time. */
        double rate = tr->site->sensors[det->sensor].rate_hz;
        double wait = rate > 0 ? 1.0 / rate : 0.0;
        if (tr->reorder && rate > 0)
            wait += tr->cfg.late_lag_s; /* its first marker may be late too */
        int close = rate > 0 ? det->t - p->tmin >= wait : det->t != p->tmax;
        if (close && (rc = close_batch(tr, det->sensor, p->tmax, NULL)))
            return rc;
    }
    VG_GROW(p->det, p->cap, p->n + 1);
    p->det[p->n++] = *det;
    if (p->n == 1 || det->t > p->tmax)
        p->tmax = det->t;
    if (p->n == 1 || det->t < p->tmin)
        p->tmin = det->t;
    return 0;
}

int vg_tracker_flush(struct vg_tracker *tr)
{
    int rc;
    /* Close open batches oldest first. */
    for (;;) {
        size_t best = tr->npend;
        for (size_t s = 0; s < tr->npend; s++)
            if (tr->pend[s].n && (best == tr->npend || tr->pend[s].tmax < tr->pend[best].tmax))
                best = s;
        if (best == tr->npend)
            break;
        if ((rc = close_batch(tr, (uint32_t)best, tr->pend[best].tmax, NULL)))
            return rc;
    }
    if (!tr->reorder)
        return 0;
    /* End of input: nothing more can be late. Commit the whole window; the committed copy
     * is then the final state, and becomes the live one. */
    if ((rc = commit_before(tr, INFINITY)))
        return rc;
    tr->dirty = 0;
    return vg__core_copy(&tr->c, &tr->committed);
}
