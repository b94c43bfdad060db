/* SPDX-License-Identifier: MIT */
/* replay.c — a recording played back in time order, paced, into sinks (see replay.h).
 *
 * Four cursors, one per table, each `WHERE t BETWEEN from AND to ORDER BY t, seq` on the
 * table's time index (the index carries the rowid seq, so SQLite reads it in order without a
 * sort), merged on (t, seq). A track emission is the run of rows sharing its `emit` number;
 * it is delivered as one call. The re-run lives in replay_rerun.c. */
#include "record/replay.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "record/internal.h"
#include "record/replay_internal.h"

void vg_replay_opts_default(struct vg_replay_opts *o)
{
    memset(o, 0, sizeof *o);
    o->from = -INFINITY;
    o->to = INFINITY;
    o->speed = 0.0;
}

static int load_meta(struct vg_replay *rp, struct vg_diag *d)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(rp->db, "SELECT key, value FROM meta ORDER BY key", -1, &st,
                                NULL);
    if (rc != SQLITE_OK)
        return vg_diag_set(d, vg__record_sqlite_err(rc), "%s: %s", rp->path,
                           sqlite3_errmsg(rp->db));
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (rp->nmeta == rp->meta_cap) {
            size_t cap = rp->meta_cap ? 2 * rp->meta_cap : 16;
            struct vg__meta *m = realloc(rp->meta, cap * sizeof *m);
            if (!m)
                break;
            rp->meta = m;
            rp->meta_cap = cap;
        }
        const char *k = (const char *)sqlite3_column_text(st, 0);
        const char *v = (const char *)sqlite3_column_text(st, 1);
        struct vg__meta *m = &rp->meta[rp->nmeta];
        m->key = strdup(k ? k : "");
        m->value = strdup(v ? v : "");
        if (!m->key || !m->value) {
            free(m->key);
            free(m->value);
            break;
        }
        rp->nmeta++;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return vg_diag_set(d, rc == SQLITE_ROW ? VG_ENOMEM : vg__record_sqlite_err(rc),
                           "%s: reading metadata: %s", rp->path,
                           rc == SQLITE_ROW ? "out of memory" : sqlite3_errmsg(rp->db));
    return 0;
}

int vg_replay_open(struct vg_replay **out, const char *path, struct vg_diag *d)
{
    *out = NULL;
    struct vg_replay *rp = calloc(1, sizeof *rp);
    if (!rp)
        return vg_diag_set(d, VG_ENOMEM, "%s: out of memory", path);
    snprintf(rp->path, sizeof rp->path, "%s", path);
    vg_site_init(&rp->site);
    int rc = vg__record_db_open(&rp->db, path, VG__DB_READ, 0, d);
    if (!rc)
        rc = load_meta(rp, d);
    const char *site = rc ? NULL : vg_replay_meta(rp, "site");
    if (site) {
        struct vg_diag sd;
        char name[600];
        snprintf(name, sizeof name, "%s: site", path);
        if ((rc = vg_site_load_buffer(&rp->site, name, site, strlen(site), &sd)))
            vg_diag_set(d, rc, "%s", sd.msg);
        const char *enu = vg_replay_meta(rp, "site_enu");
        if (!rc && enu)
            vg__site_enu_apply(&rp->site, enu);
    }
    if (rc) {
        vg_replay_close(rp);
        return rc;
    }
    *out = rp;
    return 0;
}

void vg_replay_close(struct vg_replay *rp)
{
    if (!rp)
        return;
    sqlite3_close(rp->db);
    for (size_t i = 0; i < rp->nmeta; i++) {
        free(rp->meta[i].key);
        free(rp->meta[i].value);
    }
    free(rp->meta);
    free(rp->emit);
    vg_site_fini(&rp->site);
    free(rp);
}

const struct vg_site *vg_replay_site(const struct vg_replay *rp)
{
    return &rp->site;
}

const char *vg_replay_meta(const struct vg_replay *rp, const char *key)
{
    for (size_t i = 0; i < rp->nmeta; i++)
        if (!strcmp(rp->meta[i].key, key))
            return rp->meta[i].value;
    return NULL;
}

int vg_replay_span(struct vg_replay *rp, double *t_min, double *t_max)
{
    static const char *const sql =
        "SELECT min(a), max(b) FROM (SELECT min(t) a, max(t) b FROM detections UNION ALL "
        "SELECT min(t), max(t) FROM tracks UNION ALL SELECT min(t), max(t) FROM alerts "
        "UNION ALL SELECT min(t), max(t) FROM actions)";
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(rp->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return vg__record_sqlite_err(rc);
    rc = VG_ENOENT;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
        *t_min = sqlite3_column_double(st, 0);
        *t_max = sqlite3_column_double(st, 1);
        rc = 0;
    }
    sqlite3_finalize(st);
    return rc;
}

/* The site index of a recorded sensor id; an id the site lacks is added as an implicit
 * sensor at the origin, as the detections reader does (sense/jsonl.h). */
int vg__replay_sensor(struct vg_replay *rp, const char *id)
{
    int i = vg_site_find_sensor(&rp->site, id);
    if (i >= 0)
        return i;
    struct vg_sensor s;
    memset(&s, 0, sizeof s);
    snprintf(s.id, sizeof s.id, "%s", id);
    s.lat_deg = rp->site.frame.lat0_deg;
    s.lon_deg = rp->site.frame.lon0_deg;
    s.h_m = rp->site.frame.h0_m;
    return vg_site_add_sensor(&rp->site, &s);
}

int vg__cursor_open(struct vg_replay *rp, struct vg__cursor *c, const char *sql, double from,
                    double to, struct vg_diag *d)
{
    memset(c, 0, sizeof c[0]);
    int rc = sqlite3_prepare_v2(rp->db, sql, -1, &c->st, NULL);
    if (rc != SQLITE_OK)
        return vg_diag_set(d, vg__record_sqlite_err(rc), "%s: %s", rp->path,
                           sqlite3_errmsg(rp->db));
    /* ±INFINITY binds as such, but keep the window finite and ordered for the planner. */
    sqlite3_bind_double(c->st, 1, isfinite(from) ? from : -1e300);
    sqlite3_bind_double(c->st, 2, isfinite(to) ? to : 1e300);
    return vg__cursor_next(rp, c, d);
}

int vg__cursor_next(struct vg_replay *rp, struct vg__cursor *c, struct vg_diag *d)
{
    int rc = sqlite3_step(c->st);
    if (rc == SQLITE_ROW) {
        c->has = 1;
        c->seq = sqlite3_column_int64(c->st, 0);
        c->t = sqlite3_column_double(c->st, 1);
        return 0;
    }
    c->has = 0;
    if (rc == SQLITE_DONE)
        return 0;
    return vg_diag_set(d, vg__record_sqlite_err(rc), "%s: %s", rp->path,
                       sqlite3_errmsg(rp->db));
}

void vg__cursor_close(struct vg__cursor *c)
{
    sqlite3_finalize(c->st);
    c->st = NULL;
    c->has = 0;
}

/* Read the emission starting at the cursor's row into rp->emit; the cursor ends on the
 * row after it. */
int vg__read_emission(struct vg_replay *rp, struct vg__cursor *c, double *t, size_t *n,
                      struct vg_diag *d)
{
    int64_t emit0 = -1;
    *n = 0;
    while (c->has) {
        double tt, geo[3];
        int64_t emit;
        struct vg_track k;
        struct vg_diag rd;
        if (vg__row_track(c->st, &tt, &emit, &k, geo, &rd))
            return vg_diag_set(d, VG_EPARSE, "%s: tracks %s", rp->path, rd.msg);
        if (emit0 >= 0 && emit != emit0)
            break;
        emit0 = emit;
        *t = tt;
        if (*n == rp->emit_cap) {
            size_t cap = rp->emit_cap ? 2 * rp->emit_cap : 256;
            struct vg_track *e = realloc(rp->emit, cap * sizeof *e);
            if (!e)
                return vg_diag_set(d, VG_ENOMEM, "%s: out of memory", rp->path);
            rp->emit = e;
            rp->emit_cap = cap;
        }
        rp->emit[(*n)++] = k;
        int rc = vg__cursor_next(rp, c, d);
        if (rc)
            return rc;
    }
    return 0;
}

static double wall_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void vg__pace_init(struct vg__pace *p, const struct vg_replay_opts *o, double lo, double hi)
{
    memset(p, 0, sizeof *p);
    p->speed = o->speed;
    p->lo = lo;
    p->hi = hi;
    p->wall0 = wall_s();
    p->t0 = NAN;
    p->last_report = p->wall0;
}

void vg__pace_wait(struct vg__pace *p, double t)
{
    if (isnan(p->t0)) {
        p->t0 = t;
        p->wall0 = wall_s();
    }
    if (!(p->speed > 0) || t <= p->t0)
        return;
    double due = p->wall0 + (t - p->t0) / p->speed, now = wall_s();
    if (due > now) {
        double s = due - now;
        struct timespec ts = {(time_t)s, (long)((s - floor(s)) * 1e9)};
        nanosleep(&ts, NULL);
    }
}

void vg__pace_done(struct vg__pace *p, const struct vg_replay_sink *sink, double t,
                   uint64_t nrec, int done)
{
    p->records += nrec;
    if (nrec && (!p->have_latest || t > p->t_latest)) {
        p->t_latest = t;
        p->have_latest = 1;
    }
    double now = wall_s();
    if (!sink || !sink->progress || (!done && now - p->last_report < 0.5))
        return;
    p->last_report = now;
    struct vg_replay_progress pr;
    pr.t = p->t_latest;
    pr.fraction = done ? 1.0 : p->hi > p->lo ? (p->t_latest - p->lo) / (p->hi - p->lo) : 0.0;
    pr.fraction = fmin(fmax(pr.fraction, 0.0), 1.0);
    pr.records = p->records;
    pr.elapsed_s = now - p->wall0;
    pr.records_per_s = pr.elapsed_s > 0 ? (double)p->records / pr.elapsed_s : 0.0;
    pr.done = done;
    sink->progress(sink->user, &pr);
}

/* The window clipped to the recording. */
void vg__window(struct vg_replay *rp, const struct vg_replay_opts *o, double *lo, double *hi)
{
    double a = 0, b = 0;
    if (vg_replay_span(rp, &a, &b)) {
        *lo = *hi = 0;
        return;
    }
    *lo = fmax(a, o->from);
    *hi = fmin(b, o->to);
}

#define SEL(cols, tab) "SELECT " cols " FROM " tab " WHERE t >= ?1 AND t <= ?2 ORDER BY t, seq"

static int play(struct vg_replay *rp, const struct vg_replay_opts *o,
                const struct vg_replay_sink *sink, struct vg_diag *d)
{
    static const char *const sql[4] = {
        SEL(VG__DET_COLS, "detections"), SEL(VG__TRK_COLS, "tracks"),
        SEL(VG__ALERT_COLS, "alerts"), SEL(VG__ACTION_COLS, "actions"),
    };
    struct vg__cursor c[4];
    memset(c, 0, sizeof c);
    struct vg__pace pace;
    double lo, hi;
    vg__window(rp, o, &lo, &hi);
    vg__pace_init(&pace, o, lo, hi);
    struct vg_record_alert *al = malloc(sizeof *al);
    int rc = al ? 0 : vg_diag_set(d, VG_ENOMEM, "%s: out of memory", rp->path);
    for (int k = 0; k < 4 && !rc; k++)
        rc = vg__cursor_open(rp, &c[k], sql[k], o->from, o->to, d);
    while (!rc) {
        int k = -1;
        for (int j = 0; j < 4; j++)
            if (c[j].has && (k < 0 || c[j].t < c[k].t || (c[j].t == c[k].t &&
                                                           c[j].seq < c[k].seq)))
                k = j;
        if (k < 0)
            break;
        double t = c[k].t;
        uint64_t nrec = 1;
        vg__pace_wait(&pace, t);
        if (k == 0) {
            struct vg_detection det;
            const char *sensor;
            struct vg_diag rd;
            if (vg__row_detection(c[0].st, &det, &sensor, &rd)) {
                rc = vg_diag_set(d, VG_EPARSE, "%s: detections %s", rp->path, rd.msg);
                break;
            }
            int idx = vg__replay_sensor(rp, sensor);
            if (idx < 0) {
                rc = vg_diag_set(d, idx, "%s: sensor '%s': %s", rp->path, sensor,
                                 vg_strerror(idx));
                break;
            }
            det.sensor = (uint32_t)idx;
            if (sink->detection)
                sink->detection(sink->user, &det, &rp->site);
            rc = vg__cursor_next(rp, &c[0], d);
        } else if (k == 1) {
            size_t n;
            if ((rc = vg__read_emission(rp, &c[1], &t, &n, d)))
                break;
            if (sink->tracks)
                sink->tracks(sink->user, t, rp->emit, n);
            nrec = n;
        } else if (k == 2) {
            struct vg_diag rd;
            if (vg__row_alert(c[2].st, al, &rd)) {
                rc = vg_diag_set(d, VG_EPARSE, "%s: alerts %s", rp->path, rd.msg);
                break;
            }
            if (sink->alert)
                sink->alert(sink->user, al);
            rc = vg__cursor_next(rp, &c[2], d);
        } else {
            struct vg_record_action ac;
            vg__row_action(c[3].st, &ac);
            if (sink->action)
                sink->action(sink->user, &ac);
            rc = vg__cursor_next(rp, &c[3], d);
        }
        vg__pace_done(&pace, sink, t, nrec, 0);
    }
    if (!rc)
        vg__pace_done(&pace, sink, pace.t_latest, 0, 1);
    for (int k = 0; k < 4; k++)
        vg__cursor_close(&c[k]);
    free(al);
    return rc;
}

int vg_replay_run(struct vg_replay *rp, const struct vg_replay_opts *opts,
                  const struct vg_replay_sink *sink, struct vg_replay_compare *cmp,
                  struct vg_diag *d)
{
    struct vg_replay_opts o;
    if (opts)
        o = *opts;
    else
        vg_replay_opts_default(&o);
    static const struct vg_replay_sink none;
    if (!sink)
        sink = &none;
    if (isnan(o.from) || isnan(o.to) || o.from > o.to || !(o.speed >= 0) || isinf(o.speed))
        return vg_diag_set(d, VG_EINVAL, "%s: window [%g, %g] or speed %g is not valid",
                           rp->path, o.from, o.to, o.speed);
    if (cmp) {
        memset(cmp, 0, sizeof *cmp);
        cmp->first_diff_t = NAN;
    }
    return o.rerun ? vg__replay_rerun(rp, &o, sink, cmp, d) : play(rp, &o, sink, d);
}
