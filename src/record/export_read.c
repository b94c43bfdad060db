/* SPDX-License-Identifier: MIT */
/* export_read.c — the recording read as whole tracks and placed alerts, for the exporters.
 *
 * Tracks are read `ORDER BY id, t` (SQLite sorts the window; an export is offline) so that one
 * track's vertices arrive together and only one track is held at a time. Positions come from
 * the lat/lon/alt columns, or from the site's frame when the recorder had no site. An alert is
 * placed at its track's position at the event time (the same emission, looked up on the time
 * index), or at its zone's centroid for a swarm alert. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "record/export_internal.h"
#include "record/internal.h"

static int grow(struct vg__xtrack *x)
{
    if (x->n < x->cap)
        return 0;
    size_t cap = x->cap ? 2 * x->cap : 64;
    double *t = realloc(x->t, cap * sizeof *t);
    if (!t)
        return VG_ENOMEM;
    x->t = t;
    double *g = realloc(x->geo, 3 * cap * sizeof *g);
    if (!g)
        return VG_ENOMEM;
    x->geo = g;
    x->cap = cap;
    return 0;
}

static void to_geo(const struct vg_replay *rp, const double enu[3], double geo[3])
{
    vg_enu_to_geo(&rp->site.frame, enu, &geo[1], &geo[0], &geo[2]);
}

int vg__export_tracks(struct vg_replay *rp, double from, double to, vg__xtrack_fn fn,
                      void *user, struct vg_diag *d)
{
    static const char sql[] = "SELECT seq, t, id, e, n, u, lon, lat, alt_m, class, status, "
                              "threat, coop_id FROM tracks WHERE t >= ?1 AND t <= ?2 "
                              "ORDER BY id, t, seq";
    struct vg__cursor c;
    struct vg__xtrack x;
    memset(&x, 0, sizeof x);
    int rc = vg__cursor_open(rp, &c, sql, from, to, d);
    while (!rc && c.has) {
        uint64_t id = (uint64_t)sqlite3_column_int64(c.st, 2);
        if (x.n && id != x.id) {
            if ((rc = fn(user, &x)))
                break;
            x.n = 0;
        }
        if (x.n == 0) {
            x.id = id;
            x.threat_max = 0;
            x.coop_id[0] = '\0';
        }
        if ((rc = grow(&x))) {
            vg_diag_set(d, rc, "%s: out of memory", rp->path);
            break;
        }
        double *g = &x.geo[3 * x.n];
        if (sqlite3_column_type(c.st, 6) != SQLITE_NULL) {
            for (int i = 0; i < 3; i++)
                g[i] = sqlite3_column_double(c.st, 6 + i);
        } else {
            double enu[3];
            for (int i = 0; i < 3; i++)
                enu[i] = sqlite3_column_double(c.st, 3 + i);
            to_geo(rp, enu, g);
        }
        x.t[x.n++] = c.t;
        const char *cls = (const char *)sqlite3_column_text(c.st, 9);
        const char *st = (const char *)sqlite3_column_text(c.st, 10);
        const char *coop = (const char *)sqlite3_column_text(c.st, 12);
        snprintf(x.cls, sizeof x.cls, "%s", cls ? cls : "unknown");
        snprintf(x.status, sizeof x.status, "%s", st ? st : "");
        if (coop && *coop)
            snprintf(x.coop_id, sizeof x.coop_id, "%s", coop);
        x.threat_max = fmax(x.threat_max, sqlite3_column_double(c.st, 11));
        rc = vg__cursor_next(rp, &c, d);
    }
    if (!rc && x.n)
        rc = fn(user, &x);
    vg__cursor_close(&c);
    free(x.t);
    free(x.geo);
    return rc;
}

/* Centroid of a zone's vertices, WGS-84. */
static void zone_geo(const struct vg_replay *rp, int zone, double geo[3])
{
    geo[0] = geo[1] = geo[2] = NAN;
    if (zone < 0 || (size_t)zone >= rp->site.nzones || rp->site.zones[zone].npts == 0)
        return;
    const struct vg_zone *z = &rp->site.zones[zone];
    double enu[3] = {0, 0, z->floor_m};
    for (size_t i = 0; i < z->npts; i++) {
        enu[0] += z->pts[2 * i] / (double)z->npts;
        enu[1] += z->pts[2 * i + 1] / (double)z->npts;
    }
    to_geo(rp, enu, geo);
}

int vg__export_alerts(struct vg_replay *rp, double from, double to, vg__xalert_fn fn,
                      void *user, struct vg_diag *d)
{
    static const char sql[] = "SELECT " VG__ALERT_COLS " FROM alerts WHERE t >= ?1 AND "
                              "t <= ?2 ORDER BY t, seq";
    static const char pos_sql[] = "SELECT lon, lat, alt_m, e, n, u FROM tracks WHERE t <= ?1 "
                                  "AND id = ?2 ORDER BY t DESC LIMIT 1";
    struct vg__cursor c;
    sqlite3_stmt *pos = NULL;
    struct vg_record_alert *al = malloc(sizeof *al);
    if (!al)
        return vg_diag_set(d, VG_ENOMEM, "%s: out of memory", rp->path);
    int rc = vg__cursor_open(rp, &c, sql, from, to, d);
    if (!rc && sqlite3_prepare_v2(rp->db, pos_sql, -1, &pos, NULL) != SQLITE_OK)
        rc = vg_diag_set(d, VG_EIO, "%s: %s", rp->path, sqlite3_errmsg(rp->db));
    while (!rc && c.has) {
        struct vg_diag rd;
        if (vg__row_alert(c.st, al, &rd)) {
            rc = vg_diag_set(d, VG_EPARSE, "%s: alerts %s", rp->path, rd.msg);
            break;
        }
        double geo[3] = {NAN, NAN, NAN};
        if (al->swarm) {
            zone_geo(rp, al->a.zone, geo);
        } else {
            sqlite3_reset(pos);
            sqlite3_bind_double(pos, 1, al->a.t);
            sqlite3_bind_int64(pos, 2, (sqlite3_int64)al->a.track);
            if (sqlite3_step(pos) == SQLITE_ROW) {
                if (sqlite3_column_type(pos, 0) != SQLITE_NULL) {
                    for (int i = 0; i < 3; i++)
                        geo[i] = sqlite3_column_double(pos, i);
                } else {
                    double enu[3];
                    for (int i = 0; i < 3; i++)
                        enu[i] = sqlite3_column_double(pos, 3 + i);
                    to_geo(rp, enu, geo);
                }
            }
        }
        if ((rc = fn(user, al, geo)))
            break;
        rc = vg__cursor_next(rp, &c, d);
    }
    sqlite3_finalize(pos);
    vg__cursor_close(&c);
    free(al);
    return rc;
}

void vg__export_iso(const struct vg_replay *rp, double t, char *buf, size_t cap)
{
    const char *base = vg_replay_meta(rp, "time_base");
    const char *start = vg_replay_meta(rp, "start_unix");
    double epoch = 0;
    if (base && !strcmp(base, "scenario") && start) {
        char *end;
        double v = strtod(start, &end);
        if (end != start && isfinite(v))
            epoch = v;
    }
    double u = epoch + t;
    if (!isfinite(u) || u < 0 || u > 253402300799.0) /* year 9999 */
        u = 0;
    double whole = floor(u);
    int ms = (int)lround((u - whole) * 1000.0);
    if (ms >= 1000) {
        whole += 1;
        ms -= 1000;
    }
    time_t s = (time_t)whole;
    struct tm tm;
    gmtime_r(&s, &tm);
    char day[24];
    strftime(day, sizeof day, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(buf, cap, "%s.%03dZ", day, ms);
}
