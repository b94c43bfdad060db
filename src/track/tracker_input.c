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
 * Sectors of a rotating radar (implicit_sectors; docs/tracker.md has the measurements). A
 * rotating radar that marks only whole scans (a north marker; many feeds send no sector
 * crossings) would have each plot wait up to a revolution for its batch, and a new track up
 * to one more for its second plot: for a drone at 45 m/s, 45 m and a second of warning
 * lost. But a rotating beam reports a plot at azimuth az at the time t it points there, and
 * its north marker says when it points north: with the declared rate the beam's azimuth is
 * known at any time, β(t) = 2π·rate·(t − t0) from the anchoring marker t0. Each polar plot
 * is tested against it (within 3σ of its azimuth plus 1°); plots that came before the
 * anchor are kept and tested when it comes. ROT_BAD disagreeing plots, more than 1 in 16
 * (an electronic radar reports at its scan's end whatever the azimuth), or a marker off
 * the revolutions, rule the sensor out for good. At a marker, once agreeing plots older
 * than the late-report window (what is known of them can no longer change, so the decision
 * is the same whatever order the reports came in) lie in ROT_BINS of the ROT_SECTORS
 * sectors, the sectors start there, nothing of the scan left waiting. Sector m ends at
 * t0 + m/(ROT_SECTORS·rate); it is closed, as by a Cat 034 sector crossing, before any
 * report with a later time is taken, so batches go in time order; a plot of a closed sector
 * is a late report, as with real sector markers. A sensor whose report comes more than a
 * sector's time behind the newest of any sensor (a delayed feed) is left to its markers for
 * good: the others would close its sectors before its plots came. That is decided on
 * arrival, so the option is off by default (a live engine's inputs overtake each other);
 * vigil exercise, whose reports come from one source in arrival order, turns it on.
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
    for (size_t i = 0; i < tr->npend; i++) {
        free(tr->pend[i].det);
        free(tr->pend[i].rot_pre);
    }
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

#define ROT_SECTORS VG__ROT_SECTORS
#define ROT_BINS 4                    /* sectors that must hold agreeing plots */
#define ROT_BAD 8                     /* disagreeing plots that rule the sensor out */
#define ROT_PRE 1024                  /* plots kept until the first marker */

/* Revolutions of the sensor's beam at time t since its anchoring north marker. */
static double beam_turns(const struct pending *p, double rate, double t)
{
    return rate * (t - p->rot_t0);
}

/* A plot (time t, azimuth az, tolerance tol) of a sensor that marks whole scans, tested
 * against the beam its markers imply: at north at the anchoring marker, turning clockwise
 * at the declared rate. */
static void rotation_plot(struct pending *p, double rate, double t, double az, double tol)
{
    double turns = beam_turns(p, rate, t);
    double off = vg_wrap_pi(az - 2.0 * VG_PI * (turns - floor(turns)));
    if (fabs(off) > tol) {
        /* An electronic scan reports at its end, whatever the azimuth: ruled out at once.
         * A rotating one, now and then (a timestamp off): tolerated while rare. */
        if (++p->rot_bad >= ROT_BAD && p->rot_bad * 16 > p->rot_good) {
            p->rot_off = 1;
            p->rot_on = 0;
        }
        return;
    }
    p->rot_good++;
    int bin = (int)(vg_wrap_2pi(az) / (2.0 * VG_PI) * ROT_SECTORS);
    bin = bin < 0 ? 0 : bin >= ROT_SECTORS ? ROT_SECTORS - 1 : bin;
    if (!(p->rot_bin_t[bin] <= t)) /* NaN (never) or later */
        p->rot_bin_t[bin] = t;
}

/* A polar plot of a sensor that may rotate: tested, or kept until the first marker anchors
 * the beam (the first to arrive may not be the first in time: kept, every plot is tested
 * whatever the order they came in). */
static void rotation_report(struct pending *p, double rate, const struct vg_detection *det)
{
    double tol = 3.0 * sqrt(det->R[1 * det->nz + 1]) + 1.0 * VG_DEG;
    if (p->rot_anchored) {
        rotation_plot(p, rate, det->t, det->z[1], tol);
        return;
    }
    if (p->nrot_pre >= ROT_PRE)
        return; /* a sensor with this many plots and no marker yet: the rest untested */
    if (!p->rot_pre && !(p->rot_pre = malloc(ROT_PRE * sizeof *p->rot_pre)))
        return; /* out of memory: the plot is untested, nothing else changes */
    p->rot_pre[p->nrot_pre][0] = det->t;
    p->rot_pre[p->nrot_pre][1] = det->z[1];
    p->rot_pre[p->nrot_pre][2] = tol;
    p->nrot_pre++;
}

/* A whole scan of a sensor (no sectors of its own) was just closed at t: the first anchors
 * the beam; once ROT_BINS sectors hold agreeing plots older than the late-report window
 * (what has been seen of them can no longer change: the decision is the same whatever order
 * the reports came in), the sectors start here, with nothing of the scan left waiting, so
 * that every batch is processed in time order. */
static void whole_scan_closed(struct vg_tracker *tr, struct pending *p, double rate, double t)
{
    if (p->rot_on || p->rot_off || rate <= 0 || !tr->cfg.implicit_sectors)
        return;
    if (!p->rot_anchored) {
        p->rot_anchored = 1;
        p->rot_t0 = t;
        for (int i = 0; i < ROT_SECTORS; i++)
            p->rot_bin_t[i] = NAN;
        for (size_t i = 0; i < p->nrot_pre; i++)
            rotation_plot(p, rate, p->rot_pre[i][0], p->rot_pre[i][1], p->rot_pre[i][2]);
        free(p->rot_pre);
        p->rot_pre = NULL;
        p->nrot_pre = 0;
        return;
    }
    double turns = beam_turns(p, rate, t);
    if (fabs(turns - floor(turns + 0.5)) * 360.0 > 1.0) { /* not a revolution later */
        p->rot_off = 1;
        return;
    }
    double upto = t - tr->cfg.late_lag_s;
    int bins = 0;
    for (int i = 0; i < ROT_SECTORS; i++)
        bins += p->rot_bin_t[i] <= upto;
    if (bins < ROT_BINS)
        return;
    p->rot_on = 1;
    p->rot_m = floor(turns * ROT_SECTORS + 0.5);
}

/* A scan marker, of the sensor's own (real) or standing for a sector crossing it did not
 * send (implicit sectors, above). */
static int scan_marker(struct vg_tracker *tr, const struct vg_detection *det, int real)
{
    struct pending *p = &tr->pend[det->sensor];
    if (real)
        tr->in_scans++;
    double rate = tr->site->sensors[det->sensor].rate_hz;
    struct vg__sector sec = {0.0, 0.0, 0.0};
    if (det->nz == 2) { /* a sector of a rotating scan: its marker closes that sector */
        sec.from = det->z[0];
        sec.width = vg_wrap_2pi(det->z[1] - det->z[0]);
        if (real) {
            p->sends_sectors = 1;
            p->rot_on = 0;
        }
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
    int rc = close_batch(tr, det->sensor, det->t, sec.width > 0.0 ? &sec : NULL);
    if (!rc && real && det->nz != 2 && !p->sends_sectors)
        whole_scan_closed(tr, p, rate, det->t);
    return rc;
}

/* Closes the implicit sectors that ended by time t (at most a revolution's): sector m ends
 * at rot_t0 + m / (ROT_SECTORS · rate), when the beam is at m·360°/ROT_SECTORS. */
static int close_sectors(struct vg_tracker *tr, uint32_t s, double rate, double t)
{
    struct pending *p = &tr->pend[s];
    double m_now = floor(beam_turns(p, rate, t) * ROT_SECTORS + 1e-6); /* at it is past it */
    if (m_now - p->rot_m > ROT_SECTORS)
        p->rot_m = m_now - ROT_SECTORS;
    for (int i = 0; i < ROT_SECTORS && p->rot_m < m_now; i++) {
        double m = p->rot_m + 1.0;
        if (m == p->rot_m) { /* a time so far out that sectors no longer count (a corrupt
                                timestamp): jump there, close nothing */
            p->rot_m = m_now;
            break;
        }
        struct vg_detection mk;
        memset(&mk, 0, sizeof mk);
        mk.kind = VG_DET_SCAN;
        mk.sensor = s;
        mk.t = p->rot_t0 + m / (ROT_SECTORS * rate);
        mk.nz = 2;
        mk.z[0] = vg_wrap_2pi(2.0 * VG_PI * (m - 1.0) / ROT_SECTORS);
        mk.z[1] = vg_wrap_2pi(2.0 * VG_PI * m / ROT_SECTORS);
        p->rot_m = m;
        int rc = scan_marker(tr, &mk, 0);
        if (rc)
            return rc;
    }
    return 0;
}

/* Implicit sectors, for each report: a delayed feed ruled out, a polar plot tested against
 * its sensor's beam, then every sector of every rotating sensor that ended by this report's
 * time closed, as its sector markers would have come, in time order with everything else (a
 * plot of one of them arriving after is a late report, re-processed into its sector). */
static int implicit_sectors(struct vg_tracker *tr, const struct vg_detection *det)
{
    struct pending *p = &tr->pend[det->sensor];
    double rate = tr->site->sensors[det->sensor].rate_hz;
    /* A report more than a sector's time behind the newest: a delayed feed, whose sectors
     * the others' reports would close before its plots came (each a late report). Decided
     * on arrival, which is why the option is off for the live engine. */
    if (rate > 0 && !p->rot_off && det->t < tr->in_newest - 1.0 / (ROT_SECTORS * rate)) {
        p->rot_off = 1;
        p->rot_on = 0;
    }
    if (det->t > tr->in_newest)
        tr->in_newest = det->t;
    if (rate > 0 && !p->rot_off && !p->sends_sectors && det->kind == VG_DET_POLAR &&
        det->nz >= 2 && isfinite(det->z[1]))
        rotation_report(p, rate, det);
    for (uint32_t s = 0; s < tr->npend; s++) {
        int rc = tr->pend[s].rot_on
                     ? close_sectors(tr, s, tr->site->sensors[s].rate_hz, det->t)
                     : 0;
        if (rc)
            return rc;
    }
    return 0;
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
    double rate = tr->site->sensors[det->sensor].rate_hz;
    if (tr->cfg.implicit_sectors && isfinite(det->t) && (rc = implicit_sectors(tr, det)))
        return rc;
    if (det->kind == VG_DET_SCAN) {
        if (p->rot_on && det->nz != 2 && !p->sends_sectors) {
            /* Its north marker: a sector boundary, closed above (formats.md's "tracks at
             * every scan time" holds: that sector's batch is at this time). A marker off the
             * beam's revolutions means the rate or the anchor was wrong: whole scans again. */
            double turns = beam_turns(p, rate, det->t);
            if (fabs(turns - floor(turns + 0.5)) * 360.0 <= 1.0) {
                tr->in_scans++;
                return 0;
            }
            p->rot_on = 0;
            p->rot_off = 1;
        }
        return scan_marker(tr, det, 1);
    }
    if (p->sends_markers && det->t <= p->closed_t && !marker_pending(tr, det->sensor, det->t))
        return late_report(tr, det);
    if (!p->sends_markers && p->n > 0) {
        /* No marker seen from this sensor (yet): a sensor with a declared scan rate has its
         * scan closed once a report arrives a full period (plus, with the late-report window,
         * the window) after the batch began — until its first marker shows it sends them;
         * any other sensor, at each new report time. */
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
