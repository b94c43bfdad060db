/* SPDX-License-Identifier: MIT */
/* export_kml.c — a recording's window as KML 2.2 (OGC 07-147r2) that Google Earth plays.
 *
 * Per track a Folder with the path (a LineString Placemark whose TimeSpan is the track's
 * life, so it appears when the track starts) and a moving marker: Point Placemarks at most
 * one per second of track time, each with a TimeSpan from its time to the next marker's, so
 * at any instant of the time slider exactly one marker per live track shows. Alerts are Point
 * Placemarks with a TimeStamp. Coordinates are lon,lat,alt (§16.9), altitudeMode absolute
 * (heights are ellipsoidal; KML's are above the geoid — tens of metres apart, noted in
 * docs/record.md). Text is XML-escaped; xmllint checks the output in the tests. */
#include <math.h>
#include <string.h>

#include "record/export.h"
#include "record/export_internal.h"

#define MARKER_STEP_S 1.0

static void esc(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&apos;", f); break;
        default:
            /* XML 1.0 forbids most control characters, even escaped. */
            if ((unsigned char)*s >= 0x20 || *s == '\t' || *s == '\n')
                fputc(*s, f);
        }
    }
}

static void data(FILE *f, const char *name, const char *value)
{
    fprintf(f, "<Data name=\"%s\"><value>", name);
    esc(f, value);
    fputs("</value></Data>", f);
}

static void coord(FILE *f, const double *g)
{
    fprintf(f, "%.9f,%.9f,%.3f", g[0], g[1], g[2]);
}

struct out {
    FILE *f;
    const struct vg_replay *rp;
};

static void span(FILE *f, const struct vg_replay *rp, double a, double b)
{
    char x[32], y[32];
    vg__export_iso(rp, a, x, sizeof x);
    vg__export_iso(rp, b, y, sizeof y);
    fprintf(f, "<TimeSpan><begin>%s</begin><end>%s</end></TimeSpan>", x, y);
}

static int track(void *user, const struct vg__xtrack *x)
{
    struct out *o = user;
    FILE *f = o->f;
    char buf[64];
    double t0 = x->t[0], t1 = x->t[x->n - 1];
    fprintf(f, "<Folder><name>track %llu (%s)</name>\n", (unsigned long long)x->id, x->cls);
    fprintf(f, "<Placemark><name>track %llu</name>", (unsigned long long)x->id);
    span(f, o->rp, t0, t1);
    fputs("<styleUrl>#path</styleUrl><ExtendedData>", f);
    snprintf(buf, sizeof buf, "%llu", (unsigned long long)x->id);
    data(f, "track", buf);
    data(f, "class", x->cls);
    data(f, "status", x->status);
    snprintf(buf, sizeof buf, "%.4f", x->threat_max);
    data(f, "threat_max", buf);
    if (x->coop_id[0])
        data(f, "coop_id", x->coop_id);
    fputs("</ExtendedData>", f);
    if (x->n > 1) {
        fputs("<LineString><altitudeMode>absolute</altitudeMode><coordinates>", f);
        for (size_t i = 0; i < x->n; i++) {
            if (i)
                fputc(' ', f);
            coord(f, &x->geo[3 * i]);
        }
        fputs("</coordinates></LineString>", f);
    } else {
        fputs("<Point><altitudeMode>absolute</altitudeMode><coordinates>", f);
        coord(f, x->geo);
        fputs("</coordinates></Point>", f);
    }
    fputs("</Placemark>\n", f);
    /* The moving marker: vertices at least MARKER_STEP_S apart, each shown until the next. */
    size_t i = 0;
    while (i < x->n) {
        size_t j = i + 1;
        while (j < x->n && x->t[j] - x->t[i] < MARKER_STEP_S)
            j++;
        double end = j < x->n ? x->t[j] : t1;
        fprintf(f, "<Placemark><name>%llu</name>", (unsigned long long)x->id);
        span(f, o->rp, x->t[i], end > x->t[i] ? end : x->t[i]);
        fputs("<styleUrl>#marker</styleUrl><Point><altitudeMode>absolute</altitudeMode>"
              "<coordinates>", f);
        coord(f, &x->geo[3 * i]);
        fputs("</coordinates></Point></Placemark>\n", f);
        i = j;
    }
    fputs("</Folder>\n", f);
    return ferror(f) ? VG_EIO : 0;
}

static int alert(void *user, const struct vg_record_alert *al, const double geo[3])
{
    struct out *o = user;
    FILE *f = o->f;
    const struct vg_alert *e = &al->a;
    char when[32], buf[64];
    vg__export_iso(o->rp, e->t, when, sizeof when);
    fputs("<Placemark><name>", f);
    esc(f, e->id);
    fprintf(f, " %s (%s)</name><TimeStamp><when>%s</when></TimeStamp>",
            vg_alert_state_name(e->state), vg_alert_level_name(e->level), when);
    fputs("<styleUrl>#alert</styleUrl><ExtendedData>", f);
    data(f, "id", e->id);
    data(f, "state", vg_alert_state_name(e->state));
    data(f, "level", vg_alert_level_name(e->level));
    data(f, "zone", al->zone_id);
    if (al->swarm) {
        snprintf(buf, sizeof buf, "%zu", al->nmembers);
        data(f, "swarm_members", buf);
    } else {
        snprintf(buf, sizeof buf, "%llu", (unsigned long long)e->track);
        data(f, "track", buf);
    }
    snprintf(buf, sizeof buf, "%.4f", e->threat);
    data(f, "threat", buf);
    if (isfinite(e->time_to_zone_s)) {
        snprintf(buf, sizeof buf, "%.1f", e->time_to_zone_s);
        data(f, "time_to_zone_s", buf);
    }
    for (size_t i = 0; i < al->nadvice; i++) {
        char name[32];
        snprintf(name, sizeof name, "advice_%zu", i + 1);
        char v[64];
        snprintf(v, sizeof v, "%s: %s", al->advice[i].effector, al->advice[i].effect);
        data(f, name, v);
    }
    fputs("</ExtendedData>", f);
    if (isfinite(geo[0]) && isfinite(geo[1])) {
        fputs("<Point><altitudeMode>absolute</altitudeMode><coordinates>", f);
        coord(f, geo);
        fputs("</coordinates></Point>", f);
    }
    fputs("</Placemark>\n", f);
    return ferror(f) ? VG_EIO : 0;
}

int vg_export_kml(struct vg_replay *rp, double from, double to, FILE *f, struct vg_diag *d)
{
    struct out o = {f, rp};
    const char *name = vg_replay_meta(rp, "scenario");
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document><name>Vigil recording",
          f);
    if (name) {
        fputs(": ", f);
        esc(f, name);
    }
    fputs("</name>\n"
          "<Style id=\"path\"><LineStyle><color>ff00a5ff</color><width>2</width></LineStyle>"
          "</Style>\n"
          "<Style id=\"marker\"><IconStyle><scale>0.6</scale></IconStyle></Style>\n"
          "<Style id=\"alert\"><IconStyle><color>ff0000ff</color><scale>1.2</scale>"
          "</IconStyle></Style>\n<Folder><name>Tracks</name>\n", f);
    int rc = vg__export_tracks(rp, from, to, track, &o, d);
    if (!rc) {
        fputs("</Folder>\n<Folder><name>Alerts</name>\n", f);
        rc = vg__export_alerts(rp, from, to, alert, &o, d);
    }
    if (rc == VG_EIO)
        vg_diag_set(d, rc, "write error");
    if (rc)
        return rc;
    fputs("</Folder>\n</Document>\n</kml>\n", f);
    return ferror(f) ? vg_diag_set(d, VG_EIO, "write error") : 0;
}
