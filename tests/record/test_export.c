/* SPDX-License-Identifier: MIT */
/* test_export.c — GeoJSON and KML of a known recording.
 *
 * Three tracks fly known straight lines over a site with a zone, one seen only once; a single
 * alert and a swarm alert are raised. GeoJSON is read back with jansson: one LineString per
 * track (a Point for the track seen once) whose [lon, lat, alt] vertices equal the ENU states
 * converted through the site's frame, whose "times" are the emission times; alerts as Points
 * at their track's position at the event (the swarm alert at the zone's centroid), with
 * their fields; a window keeps only what is inside it. KML is checked well formed by xmllint
 * (libxml2-utils) when it is installed, and for its TimeSpans (ISO 8601 from the recording's
 * start_unix) and Placemark count. */
#include <jansson.h>
#include <math.h>
#include <sys/wait.h>

#include "test.h"

#include "record/export.h"
#include "rec_fixture.h"

#define START_UNIX 1790000000.0 /* 2026-09-21T14:13:20Z */

static const char *path;
static struct vg_site site;

static void track_at(uint64_t id, double t, struct vg_track *k)
{
    memset(k, 0, sizeof *k);
    k->id = id;
    k->status = VG_TRACK_CONFIRMED;
    k->t = t;
    k->x[0] = 100.0 * (double)id + 20.0 * t;
    k->x[1] = -300.0 + 10.0 * t;
    k->x[2] = 50.0 + (double)id;
    for (int i = 0; i < VG_NX; i++)
        k->P[i * VG_NX + i] = 4.0;
    k->assessed = 1;
    k->cls = VG_CLASS_DRONE;
    k->threat = (float)(0.1 * t);
    k->cooperative = id == 2;
    if (id == 2)
        snprintf(k->coop_id, sizeof k->coop_id, "UAS <&> 2");
}

static void make_recording(void)
{
    path = tmp_db(0);
    fixture_site(&site);
    struct vg_zone z;
    memset(&z, 0, sizeof z);
    snprintf(z.id, sizeof z.id, "post");
    snprintf(z.name, sizeof z.name, "Post");
    z.ceiling_m = 300;
    z.priority = 1;
    static double pts[8] = {-50, -50, 50, -50, 50, 50, -50, 50};
    z.npts = 4;
    z.pts = pts;
    site.zones = &z;
    site.nzones = 1;
    struct vg_recorder_opts o;
    vg_recorder_opts_default(&o);
    o.site = &site;
    struct vg_recorder *r = NULL;
    struct vg_diag d;
    CHECK(vg_recorder_open(&r, path, &o, &d) == 0);
    char start[32];
    snprintf(start, sizeof start, "%.3f", START_UNIX);
    vg_recorder_meta(r, "time_base", "scenario");
    vg_recorder_meta(r, "start_unix", start);
    vg_recorder_meta(r, "scenario", "export & <test>");
    char *enu = NULL;
    {
        size_t len;
        FILE *f = open_memstream(&enu, &len);
        vg_site_write_geojson(&site, f);
        fclose(f);
    }
    vg_recorder_meta(r, "site", enu);
    free(enu);
    for (int s = 0; s <= 10; s++) {
        double t = 0.5 * s;
        struct vg_track k[3];
        size_t n = 0;
        track_at(1, t, &k[n++]);
        track_at(2, t, &k[n++]);
        if (s == 4)
            track_at(3, t, &k[n++]);
        vg_recorder_tracks(r, t, k, n);
        if (s == 6) {
            struct vg_alert a;
            memset(&a, 0, sizeof a);
            snprintf(a.id, sizeof a.id, "a-1");
            a.track = 2;
            a.state = VG_ALERT_RAISED;
            a.t = t;
            a.threat = 0.75;
            a.time_to_zone_s = INFINITY;
            struct vg_advice adv = {"jam-1", "rf-link"};
            vg_recorder_alert(r, &a, "post", &adv, 1, NULL, 0);
            snprintf(a.id, sizeof a.id, "a-2");
            a.track = VG_ALERT_SWARM_BIT;
            uint64_t m[2] = {1, 2};
            vg_recorder_alert(r, &a, "post", NULL, 0, m, 2);
        }
    }
    CHECK(vg_recorder_close(r) == 0);
    site.zones = NULL;
    site.nzones = 0;
}

static json_t *geojson(double from, double to)
{
    struct vg_replay *rp = NULL;
    struct vg_diag d;
    CHECK(vg_replay_open(&rp, path, &d) == 0);
    if (!rp)
        return NULL;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    CHECK(vg_export_geojson(rp, from, to, f, &d) == 0);
    fclose(f);
    vg_replay_close(rp);
    json_error_t e;
    json_t *o = json_loads(buf, 0, &e);
    if (!o)
        fprintf(stderr, "  GeoJSON line %d: %s\n", e.line, e.text);
    free(buf);
    return o;
}

static const json_t *feature(const json_t *fc, const char *kind, const char *key, long long v,
                             const char *sv)
{
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(fc, "features"), i, f) {
        json_t *p = json_object_get(f, "properties");
        if (strcmp(json_string_value(json_object_get(p, "kind")), kind))
            continue;
        json_t *x = json_object_get(p, key);
        if ((sv && json_is_string(x) && !strcmp(json_string_value(x), sv)) ||
            (!sv && json_is_integer(x) && json_integer_value(x) == v))
            return f;
    }
    return NULL;
}

static void case_geojson(void)
{
    json_t *fc = geojson(-INFINITY, INFINITY);
    CHECK(fc != NULL);
    if (!fc)
        return;
    CHECK(!strcmp(json_string_value(json_object_get(fc, "type")), "FeatureCollection"));
    CHECK_INT(json_array_size(json_object_get(fc, "features")), 5);
    for (uint64_t id = 1; id <= 2; id++) {
        const json_t *f = feature(fc, "track", "track", (long long)id, NULL);
        CHECK(f != NULL);
        if (!f)
            continue;
        const json_t *g = json_object_get(f, "geometry");
        CHECK(!strcmp(json_string_value(json_object_get(g, "type")), "LineString"));
        const json_t *c = json_object_get(g, "coordinates");
        const json_t *times = json_object_get(json_object_get(f, "properties"), "times");
        CHECK_INT(json_array_size(c), 11);
        CHECK_INT(json_array_size(times), 11);
        for (size_t s = 0; s < json_array_size(c); s++) {
            double t = json_number_value(json_array_get(times, s));
            CHECK(t == 0.5 * (double)s);
            struct vg_track k;
            track_at(id, t, &k);
            double lat, lon, h;
            vg_enu_to_geo(&site.frame, k.x, &lat, &lon, &h);
            const json_t *v = json_array_get(c, s);
            CHECK_NEAR(json_number_value(json_array_get(v, 0)), lon, 1e-9);
            CHECK_NEAR(json_number_value(json_array_get(v, 1)), lat, 1e-9);
            CHECK_NEAR(json_number_value(json_array_get(v, 2)), h, 1e-3);
        }
        const json_t *p = json_object_get(f, "properties");
        CHECK(!strcmp(json_string_value(json_object_get(p, "class")), "drone"));
        CHECK(!strcmp(json_string_value(json_object_get(p, "start")), "2026-09-21T14:13:20.000Z"));
        CHECK(!strcmp(json_string_value(json_object_get(p, "end")), "2026-09-21T14:13:25.000Z"));
        CHECK_NEAR(json_number_value(json_object_get(p, "threat_max")), 0.5, 1e-4);
        if (id == 2)
            CHECK(!strcmp(json_string_value(json_object_get(p, "coop_id")), "UAS <&> 2"));
    }
    const json_t *once = feature(fc, "track", "track", 3, NULL);
    CHECK(once && !strcmp(json_string_value(json_object_get(json_object_get(once, "geometry"),
                                                            "type")), "Point"));
    /* The single alert at track 2's position at t = 3. */
    const json_t *a = feature(fc, "alert", "id", 0, "a-1");
    CHECK(a != NULL);
    if (a) {
        struct vg_track k;
        track_at(2, 3.0, &k);
        double lat, lon, h;
        vg_enu_to_geo(&site.frame, k.x, &lat, &lon, &h);
        const json_t *c = json_object_get(json_object_get(a, "geometry"), "coordinates");
        CHECK_NEAR(json_number_value(json_array_get(c, 0)), lon, 1e-9);
        CHECK_NEAR(json_number_value(json_array_get(c, 1)), lat, 1e-9);
        const json_t *p = json_object_get(a, "properties");
        CHECK(json_integer_value(json_object_get(p, "track")) == 2);
        CHECK(json_is_null(json_object_get(p, "time_to_zone_s")));
        CHECK(!strcmp(json_string_value(json_object_get(json_array_get(
                          json_object_get(p, "advice"), 0), "effect")), "rf-link"));
        CHECK(!strcmp(json_string_value(json_object_get(p, "time")), "2026-09-21T14:13:23.000Z"));
    }
    /* The swarm alert at the zone's centroid (the origin), with its members. */
    const json_t *s = feature(fc, "alert", "id", 0, "a-2");
    CHECK(s != NULL);
    if (s) {
        const json_t *c = json_object_get(json_object_get(s, "geometry"), "coordinates");
        CHECK_NEAR(json_number_value(json_array_get(c, 0)), 22.30, 1e-9);
        CHECK_NEAR(json_number_value(json_array_get(c, 1)), 48.62, 1e-9);
        const json_t *p = json_object_get(s, "properties");
        CHECK(json_is_true(json_object_get(p, "swarm")));
        CHECK_INT(json_array_size(json_object_get(p, "members")), 2);
    }
    json_decref(fc);
    /* A window: t in [1, 2] has tracks 1 and 2 with three vertices each, and no alert. */
    fc = geojson(1.0, 2.0);
    CHECK(fc && json_array_size(json_object_get(fc, "features")) == 3);
    const json_t *f = fc ? feature(fc, "track", "track", 1, NULL) : NULL;
    CHECK(f && json_array_size(json_object_get(json_object_get(f, "geometry"),
                                               "coordinates")) == 3);
    json_decref(fc);
}

static size_t count(const char *text, const char *what)
{
    size_t n = 0;
    for (const char *p = text; (p = strstr(p, what)) != NULL; p += strlen(what))
        n++;
    return n;
}

static void case_kml(void)
{
    struct vg_replay *rp = NULL;
    struct vg_diag d;
    CHECK(vg_replay_open(&rp, path, &d) == 0);
    if (!rp)
        return;
    char kml[300];
    snprintf(kml, sizeof kml, "%s.kml", path);
    FILE *f = fopen(kml, "w");
    CHECK(vg_export_kml(rp, -INFINITY, INFINITY, f, &d) == 0);
    fclose(f);
    vg_replay_close(rp);
    f = fopen(kml, "r");
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    CHECK(strstr(buf, "<kml xmlns=\"http://www.opengis.net/kml/2.2\">") != NULL);
    CHECK(strstr(buf, "export &amp; &lt;test&gt;") != NULL);
    CHECK(strstr(buf, "UAS &lt;&amp;&gt; 2") != NULL);
    /* Paths (3), markers (tracks 1 and 2: one per second of 5 s, plus the last: 6 each;
     * track 3: 1), alerts (2). */
    CHECK_INT(count(buf, "<Placemark>"), 3 + 6 + 6 + 1 + 2);
    CHECK_INT(count(buf, "<TimeStamp><when>2026-09-21T14:13:23.000Z</when></TimeStamp>"), 2);
    CHECK(strstr(buf, "<TimeSpan><begin>2026-09-21T14:13:20.000Z</begin><end>"
                      "2026-09-21T14:13:25.000Z</end></TimeSpan>") != NULL);
    if (system("command -v xmllint >/dev/null 2>&1") == 0) {
        char cmd[400];
        snprintf(cmd, sizeof cmd, "xmllint --noout %s", kml);
        int st = system(cmd);
        CHECK(st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0);
    } else {
        fprintf(stderr, "  xmllint not installed (scripts/deps.sh: libxml2-utils): not run\n");
    }
    remove(kml);
}

int main(void)
{
    make_recording();
    RUN(case_geojson);
    RUN(case_kml);
    rm_db(path);
    vg_site_fini(&site);
    return test_report();
}
