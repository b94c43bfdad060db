/* SPDX-License-Identifier: MIT */
/* export_geojson.c — a recording's window as one RFC 7946 FeatureCollection.
 *
 * Coordinates are [lon, lat, alt] (RFC 7946 §3.1.1), WGS-84, with 9 decimals of a degree
 * (0.1 mm) and millimetres of height. A track's feature carries "times" parallel to its
 * coordinates (recorded seconds) and "start"/"end" as ISO 8601; an alert's feature the
 * alerts.jsonl fields. Features come as tracks in id order, then alerts in time order. */
#include <math.h>

#include "record/export.h"
#include "record/export_internal.h"
#include "sense/jsonl_write.h"

struct out {
    FILE *f;
    const struct vg_replay *rp;
    int first;
};

static void num(FILE *f, double v)
{
    char b[VG_JSONL_NUM_MAX];
    if (vg_jsonl_format_double(b, v) < 0)
        fputs("null", f);
    else
        fputs(b, f);
}

static void sep(struct out *o)
{
    fputs(o->first ? "\n" : ",\n", o->f);
    o->first = 0;
}

static void position(FILE *f, const double *g)
{
    fprintf(f, "[%.9f,%.9f,%.3f]", g[0], g[1], g[2]);
}

static int track(void *user, const struct vg__xtrack *x)
{
    struct out *o = user;
    FILE *f = o->f;
    char a[32], b[32];
    sep(o);
    fprintf(f, "{\"type\":\"Feature\",\"id\":\"track-%llu\",\"geometry\":{\"type\":\"%s\","
               "\"coordinates\":", (unsigned long long)x->id, x->n > 1 ? "LineString" : "Point");
    if (x->n == 1) {
        position(f, x->geo);
    } else {
        fputc('[', f);
        for (size_t i = 0; i < x->n; i++) {
            if (i)
                fputc(',', f);
            position(f, &x->geo[3 * i]);
        }
        fputc(']', f);
    }
    vg__export_iso(o->rp, x->t[0], a, sizeof a);
    vg__export_iso(o->rp, x->t[x->n - 1], b, sizeof b);
    fprintf(f, "},\"properties\":{\"kind\":\"track\",\"track\":%llu,\"class\":\"%s\","
               "\"status\":\"%s\",\"threat_max\":%.4f,\"start\":\"%s\",\"end\":\"%s\",",
            (unsigned long long)x->id, x->cls, x->status, x->threat_max, a, b);
    if (x->coop_id[0]) {
        fputs("\"coop_id\":", f);
        vg_jsonl_write_string(f, x->coop_id);
        fputc(',', f);
    }
    fputs("\"times\":[", f);
    for (size_t i = 0; i < x->n; i++) {
        if (i)
            fputc(',', f);
        num(f, x->t[i]);
    }
    fputs("]}}", f);
    return ferror(f) ? VG_EIO : 0;
}

static int alert(void *user, const struct vg_record_alert *al, const double geo[3])
{
    struct out *o = user;
    FILE *f = o->f;
    const struct vg_alert *e = &al->a;
    int swarm = al->swarm;
    char when[32];
    vg__export_iso(o->rp, e->t, when, sizeof when);
    sep(o);
    fputs("{\"type\":\"Feature\",\"geometry\":", f);
    if (isfinite(geo[0]) && isfinite(geo[1])) {
        fputs("{\"type\":\"Point\",\"coordinates\":", f);
        position(f, geo);
        fputc('}', f);
    } else {
        fputs("null", f);
    }
    fputs(",\"properties\":{\"kind\":\"alert\",\"id\":", f);
    vg_jsonl_write_string(f, e->id);
    fputs(",\"t\":", f);
    num(f, e->t);
    fprintf(f, ",\"time\":\"%s\",\"state\":\"%s\",\"level\":\"%s\",\"zone\":", when,
            vg_alert_state_name(e->state), vg_alert_level_name(e->level));
    vg_jsonl_write_string(f, al->zone_id);
    if (swarm) {
        fputs(",\"track\":null,\"swarm\":true,\"members\":[", f);
        for (size_t i = 0; i < al->nmembers; i++)
            fprintf(f, i ? ",%llu" : "%llu", (unsigned long long)al->members[i]);
        fputc(']', f);
    } else {
        fprintf(f, ",\"track\":%llu", (unsigned long long)e->track);
    }
    fputs(",\"threat\":", f);
    num(f, e->threat);
    fputs(",\"time_to_zone_s\":", f);
    num(f, e->time_to_zone_s);
    fputs(",\"advice\":[", f);
    for (size_t i = 0; i < al->nadvice; i++) {
        fputs(i ? ",{\"effector\":" : "{\"effector\":", f);
        vg_jsonl_write_string(f, al->advice[i].effector);
        fputs(",\"effect\":", f);
        vg_jsonl_write_string(f, al->advice[i].effect);
        fputc('}', f);
    }
    fputs("]}}", f);
    return ferror(f) ? VG_EIO : 0;
}

int vg_export_geojson(struct vg_replay *rp, double from, double to, FILE *f, struct vg_diag *d)
{
    struct out o = {f, rp, 1};
    fputs("{\"type\":\"FeatureCollection\",\"features\":[", f);
    int rc = vg__export_tracks(rp, from, to, track, &o, d);
    if (!rc)
        rc = vg__export_alerts(rp, from, to, alert, &o, d);
    if (rc == VG_EIO)
        vg_diag_set(d, rc, "write error");
    if (rc)
        return rc;
    fputs("\n]}\n", f);
    return ferror(f) ? vg_diag_set(d, VG_EIO, "write error") : 0;
}
