/* SPDX-License-Identifier: MIT */
/* test_site.c — site.geojson loading, validation messages and the write/load round trip. */
#include <math.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/site.h"
#include "test.h"

static char tmpdir[64];

/* Writes text to tmpdir/name and returns the path (static buffer). */
static const char *write_tmp(const char *name, const char *text)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
    return path;
}

#define ORIGIN "\"origin\":[-1.5,51.25,100]"
#define SENSOR "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\"," \
               "\"coordinates\":[-1.5,51.25,112.5]},\"properties\":{\"kind\":\"sensor\"," \
               "\"id\":\"radar-1\",\"type\":\"radar\",\"range_m\":5000,\"fov\":[300,60]," \
               "\"rate_hz\":1,\"vendor\":\"x\"}}"
#define SENSOR2 "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\"," \
                "\"coordinates\":[-1.49,51.26]},\"properties\":{\"kind\":\"sensor\"," \
                "\"id\":\"rf-1\",\"type\":\"rf\"}}"
#define ZONE "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":" \
             "[[[-1.501,51.249],[-1.499,51.249],[-1.499,51.251],[-1.501,51.251]," \
             "[-1.501,51.249]]]},\"properties\":{\"kind\":\"zone\",\"id\":\"gate-north\"," \
             "\"name\":\"North gate\",\"floor_m\":0,\"ceiling_m\":150,\"priority\":1}}"
#define EFFECTOR "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\"," \
                 "\"coordinates\":[-1.502,51.2505,101]},\"properties\":{\"kind\":\"effector\"," \
                 "\"id\":\"jam-1\",\"type\":\"rf-jammer\",\"range_m\":1500}}"
#define OTHER "{\"type\":\"Feature\",\"geometry\":{\"type\":\"LineString\",\"coordinates\":" \
              "[[-1.5,51.2],[-1.4,51.3]]},\"properties\":{\"kind\":\"road\"}}"
#define NOPROPS "{\"type\":\"Feature\",\"geometry\":null,\"properties\":null}"

static const char good[] = "{\"type\":\"FeatureCollection\"," ORIGIN ",\"features\":["
    SENSOR "," SENSOR2 "," ZONE "," EFFECTOR "," OTHER "," NOPROPS "]}";

static void check_good_site(const struct vg_site *s)
{
    CHECK_NEAR(s->frame.lon0_deg, -1.5, 0);
    CHECK_NEAR(s->frame.lat0_deg, 51.25, 0);
    CHECK_NEAR(s->frame.h0_m, 100, 0);
    CHECK_INT(s->nsensors, 2);
    CHECK_INT(s->nzones, 1);
    CHECK_INT(s->neffectors, 1);
    if (s->nsensors != 2 || s->nzones != 1 || s->neffectors != 1)
        return;
    const struct vg_sensor *r = &s->sensors[0];
    CHECK(strcmp(r->id, "radar-1") == 0);
    CHECK_INT(r->type, VG_SENSOR_RADAR);
    CHECK_NEAR(r->pos[0], 0, 1e-6);
    CHECK_NEAR(r->pos[1], 0, 1e-6);
    CHECK_NEAR(r->pos[2], 12.5, 1e-6);
    CHECK_NEAR(r->range_m, 5000, 0);
    CHECK_NEAR(r->fov_deg[0], 300, 0);
    CHECK_NEAR(r->fov_deg[1], 60, 0);
    CHECK_NEAR(r->rate_hz, 1, 0);
    CHECK_INT(r->declared, 1);
    const struct vg_sensor *rf = &s->sensors[1];
    CHECK(strcmp(rf->id, "rf-1") == 0);
    CHECK_INT(rf->type, VG_SENSOR_RF);
    CHECK_NEAR(rf->h_m, 100, 0); /* 2-D point: the origin's height */
    /* 0.01° of longitude at 51.25° N is about 697 m east; 0.01° of latitude about 1113 m. */
    CHECK_NEAR(rf->pos[0], 697.4, 1.0);
    CHECK_NEAR(rf->pos[1], 1113, 1.0);
    CHECK(rf->pos[2] < 0 && rf->pos[2] > -1); /* the Earth curves away */
    const struct vg_zone *z = &s->zones[0];
    CHECK(strcmp(z->id, "gate-north") == 0);
    CHECK(strcmp(z->name, "North gate") == 0);
    CHECK_INT(z->npts, 4); /* closing vertex dropped */
    CHECK_NEAR(z->ceiling_m, 150, 0);
    CHECK_INT(z->priority, 1);
    CHECK_NEAR(z->pts[0], -69.7, 0.2);
    CHECK_NEAR(z->pts[1], -111.3, 0.2);
    const struct vg_effector *e = &s->effectors[0];
    CHECK(strcmp(e->id, "jam-1") == 0);
    CHECK(strcmp(e->type, "rf-jammer") == 0);
    CHECK_NEAR(e->range_m, 1500, 0);
    CHECK_NEAR(e->h_m, 101, 0);
}

static void site_load_good(void)
{
    struct vg_site s;
    struct vg_diag d = {""};
    vg_site_init(&s);
    int rc = vg_site_load(&s, write_tmp("good.geojson", good), &d);
    CHECK_INT(rc, 0);
    if (rc < 0)
        fprintf(stderr, "  %s\n", d.msg);
    check_good_site(&s);
    CHECK_INT(vg_site_find_sensor(&s, "rf-1"), 1);
    CHECK_INT(vg_site_find_sensor(&s, "nope"), -1);
    vg_site_fini(&s);
    vg_site_fini(&s); /* safe twice */
}

static void compare_sites(const struct vg_site *a, const struct vg_site *b)
{
    CHECK_NEAR(a->frame.lat0_deg, b->frame.lat0_deg, 0);
    CHECK_NEAR(a->frame.lon0_deg, b->frame.lon0_deg, 0);
    CHECK_NEAR(a->frame.h0_m, b->frame.h0_m, 0);
    CHECK_INT(a->nzones, b->nzones);
    CHECK_INT(a->neffectors, b->neffectors);
    size_t k = 0;
    for (size_t i = 0; i < a->nsensors; i++) {
        const struct vg_sensor *x = &a->sensors[i];
        if (!x->declared)
            continue;
        CHECK(k < b->nsensors);
        if (k >= b->nsensors)
            return;
        const struct vg_sensor *y = &b->sensors[k++];
        CHECK(strcmp(x->id, y->id) == 0);
        CHECK_INT(x->type, y->type);
        for (int j = 0; j < 3; j++)
            CHECK_NEAR(x->pos[j], y->pos[j], 1e-6);
        CHECK_NEAR(x->range_m, y->range_m, 0);
        CHECK_NEAR(x->fov_deg[0], y->fov_deg[0], 0);
        CHECK_NEAR(x->fov_deg[1], y->fov_deg[1], 0);
        CHECK_NEAR(x->rate_hz, y->rate_hz, 0);
        CHECK_INT(y->declared, 1);
    }
    CHECK_INT(k, b->nsensors);
    for (size_t i = 0; i < a->nzones && i < b->nzones; i++) {
        const struct vg_zone *x = &a->zones[i], *y = &b->zones[i];
        CHECK(strcmp(x->id, y->id) == 0);
        CHECK(strcmp(x->name, y->name) == 0);
        CHECK_NEAR(x->floor_m, y->floor_m, 0);
        CHECK_NEAR(x->ceiling_m, y->ceiling_m, 0);
        CHECK_INT(x->priority, y->priority);
        CHECK_INT(x->npts, y->npts);
        for (size_t j = 0; j < 2 * x->npts && x->npts == y->npts; j++)
            CHECK_NEAR(x->pts[j], y->pts[j], 1e-6);
    }
    for (size_t i = 0; i < a->neffectors && i < b->neffectors; i++) {
        const struct vg_effector *x = &a->effectors[i], *y = &b->effectors[i];
        CHECK(strcmp(x->id, y->id) == 0);
        CHECK(strcmp(x->type, y->type) == 0);
        CHECK_NEAR(x->range_m, y->range_m, 0);
        for (int j = 0; j < 3; j++)
            CHECK_NEAR(x->pos[j], y->pos[j], 1e-6);
    }
}

/* Write s, load it back into a fresh site, compare. */
static void round_trip(const struct vg_site *s, const char *name)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (!f)
        return;
    CHECK_INT(vg_site_write_geojson(s, f), 0);
    fclose(f);
    struct vg_site b;
    struct vg_diag d = {""};
    vg_site_init(&b);
    int rc = vg_site_load(&b, path, &d);
    CHECK_INT(rc, 0);
    if (rc < 0)
        fprintf(stderr, "  %s\n", d.msg);
    compare_sites(s, &b);
    vg_site_fini(&b);
}

static void site_round_trip(void)
{
    struct vg_site s;
    struct vg_diag d = {""};
    vg_site_init(&s);
    CHECK_INT(vg_site_load(&s, write_tmp("rt.geojson", good), &d), 0);
    /* An implicit sensor must not be written. */
    struct vg_sensor imp = {.id = "implicit", .declared = 0};
    CHECK_INT(vg_site_add_sensor(&s, &imp), 2);
    round_trip(&s, "rt-out.geojson");
    vg_site_fini(&s);
}

/* A site built in ENU only (as the simulator does), far from the origin: the writer works
 * from pos and pts, and the zone vertices come back to the micrometre. */
static void site_round_trip_enu(void)
{
    struct vg_site s;
    vg_site_init(&s);
    CHECK_INT(vg_enu_frame_init(&s.frame, -33.9, 151.2, 42.0), 0);
    struct vg_sensor a = {.id = "acoustic-\"7\"", .type = VG_SENSOR_ACOUSTIC,
                          .pos = {30000.25, -20000.5, 3.0}, .declared = 1};
    CHECK_INT(vg_site_add_sensor(&s, &a), 0);
    static double pts[] = {40000, 40000, 41000, 40000, 41000, 41500, 39990.5, 41000.125};
    struct vg_zone z = {.id = "far", .name = "Far zone é", .floor_m = -5, .ceiling_m = 400,
                        .priority = 3, .npts = 4, .pts = pts};
    struct vg_effector e = {.id = "net-1", .type = "net", .pos = {-5, 7, 2}, .range_m = 80};
    s.zones = &z;
    s.nzones = 1;
    s.effectors = &e;
    s.neffectors = 1;
    round_trip(&s, "enu.geojson");
    s.zones = NULL; /* not ours to free */
    s.nzones = 0;
    s.effectors = NULL;
    s.neffectors = 0;
    vg_site_fini(&s);
}

static void site_write_rejects_nan(void)
{
    struct vg_site s;
    vg_site_init(&s);
    struct vg_sensor a = {.id = "a", .pos = {NAN, 0, 0}, .declared = 1};
    CHECK_INT(vg_site_add_sensor(&s, &a), 0);
    FILE *f = tmpfile();
    CHECK_INT(vg_site_write_geojson(&s, f), VG_EINVAL);
    fclose(f);
    vg_site_fini(&s);
}

static void site_add_sensor(void)
{
    struct vg_site s;
    vg_site_init(&s);
    struct vg_sensor a = {.id = "a"};
    for (int i = 0; i < 100; i++) {
        snprintf(a.id, sizeof a.id, "s%d", i);
        CHECK_INT(vg_site_add_sensor(&s, &a), i);
    }
    CHECK_INT(vg_site_add_sensor(&s, &a), VG_EEXIST);
    struct vg_sensor bad = {.id = ""};
    CHECK_INT(vg_site_add_sensor(&s, &bad), VG_EINVAL);
    memset(bad.id, 'x', sizeof bad.id); /* no terminator */
    CHECK_INT(vg_site_add_sensor(&s, &bad), VG_EINVAL);
    struct vg_sensor badtype = {.id = "t", .type = VG_SENSOR_TYPE_COUNT};
    CHECK_INT(vg_site_add_sensor(&s, &badtype), VG_EINVAL);
    CHECK_INT(vg_site_find_sensor(&s, "s99"), 99);
    vg_site_fini(&s);
}

static void site_type_names(void)
{
    for (int t = 0; t < VG_SENSOR_TYPE_COUNT; t++)
        CHECK_INT(vg_sensor_type_from_name(vg_sensor_type_name(t)), t);
    CHECK_INT(vg_sensor_type_from_name("lidar"), -1);
    CHECK(strcmp(vg_sensor_type_name(-1), "?") == 0);
}

static void site_missing_file(void)
{
    struct vg_site s;
    struct vg_diag d = {""};
    vg_site_init(&s);
    CHECK_INT(vg_site_load(&s, "/nonexistent/site.geojson", &d), VG_ENOENT);
    CHECK(strstr(d.msg, "/nonexistent/site.geojson: ") == d.msg);
    vg_site_fini(&s);
}

/* Each malformed variant: the features (after the good sensor) and the expected message. */
static const struct bad_case {
    const char *name;
    const char *text;   /* whole file */
    const char *expect; /* substring of the message after "PATH: " */
} bad_cases[] = {
#define FC(features) "{\"type\":\"FeatureCollection\"," ORIGIN ",\"features\":[" features "]}"
#define PT(coords, props) SENSOR ",{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\"," \
    "\"coordinates\":" coords "},\"properties\":" props "}"
#define PG(rings, props) SENSOR ",{\"type\":\"Feature\",\"geometry\":{\"type\":\"Polygon\"," \
    "\"coordinates\":" rings "},\"properties\":" props "}"
#define SQ "[[[-1.5,51.25],[-1.49,51.25],[-1.49,51.26],[-1.5,51.26],[-1.5,51.25]]]"
#define P0 "[-1.5,51.25]"
    {"not json", "{\"type\":", ":1:"},
    {"trailing garbage", FC(SENSOR) "x", "end of file expected"},
    {"top array", "[]", "top level is not a JSON object"},
    {"no type", "{\"origin\":[0,0],\"features\":[]}", "'type' is not \"FeatureCollection\""},
    {"no origin", "{\"type\":\"FeatureCollection\",\"features\":[]}", "'origin'"},
    {"origin short", "{\"type\":\"FeatureCollection\",\"origin\":[1],\"features\":[]}",
     "'origin' is not a position"},
    {"origin lat", "{\"type\":\"FeatureCollection\",\"origin\":[0,91],\"features\":[]}",
     "latitude 91 is outside"},
    {"origin string", "{\"type\":\"FeatureCollection\",\"origin\":[0,\"1\"],\"features\":[]}",
     "not a number"},
    {"no features", "{\"type\":\"FeatureCollection\"," ORIGIN "}", "'features'"},
    {"duplicate key", "{\"type\":\"FeatureCollection\"," ORIGIN "," ORIGIN ",\"features\":[]}",
     "duplicate object key"},
    {"feature not object", FC(SENSOR ",3"), "feature 1: not an object"},
    {"feature type", FC(SENSOR ",{\"type\":\"Thing\"}"), "feature 1: 'type' is not \"Feature\""},
    {"kind not string", FC(PT(P0, "{\"kind\":1}")), "feature 1: 'kind' is not a string"},
    {"sensor no id", FC(PT(P0, "{\"kind\":\"sensor\",\"type\":\"rf\"}")),
     "feature 1: 'id' is missing"},
    {"sensor id number", FC(PT(P0, "{\"kind\":\"sensor\",\"id\":7}")),
     "feature 1: 'id' is not a string"},
    {"sensor id empty", FC(PT(P0, "{\"kind\":\"sensor\",\"id\":\"\"}")),
     "feature 1: 'id' is empty"},
    {"sensor id long", FC(PT(P0, "{\"kind\":\"sensor\",\"id\":"
                                      "\"abcdefghijklmnopqrstuvwxyz0123456\"}")),
     "feature 1: 'id' is longer than 31 bytes"},
    {"sensor id control", FC(PT(P0, "{\"kind\":\"sensor\",\"id\":\"a\\nb\"}")),
     "feature 1: 'id' contains control characters"},
    {"sensor duplicate", FC(PT(P0, "{\"kind\":\"sensor\",\"id\":\"radar-1\"}")),
     "feature 1 (id 'radar-1'): duplicate sensor id"},
    {"sensor type", FC(PT(P0, "{\"kind\":\"sensor\",\"id\":\"s\",\"type\":\"lidar\"}")),
     "feature 1 (id 's'): unknown sensor type 'lidar'"},
    {"sensor range", FC(PT(P0, "{\"kind\":\"sensor\",\"id\":\"s\",\"range_m\":-1}")),
     "feature 1 (id 's'): 'range_m' = -1 is outside"},
    {"sensor range string", FC(PT(P0, "{\"kind\":\"sensor\",\"id\":\"s\","
                                           "\"range_m\":\"5\"}")),
     "feature 1 (id 's'): 'range_m' is not a number"},
    {"sensor fov", FC(PT(P0, "{\"kind\":\"sensor\",\"id\":\"s\",\"fov\":[1]}")),
     "feature 1 (id 's'): 'fov' is not [az_from, az_to]"},
    {"sensor fov range", FC(PT(P0, "{\"kind\":\"sensor\",\"id\":\"s\",\"fov\":[1,999]}")),
     "feature 1 (id 's'): 'fov' holds a value"},
    {"sensor polygon", FC(PG(SQ, "{\"kind\":\"sensor\",\"id\":\"s\"}")),
     "feature 1 (id 's'): geometry is not a Point"},
    {"sensor no geometry", FC(SENSOR ",{\"type\":\"Feature\",\"properties\":{\"kind\":"
                                     "\"sensor\",\"id\":\"s\"}}"),
     "feature 1 (id 's'): 'geometry' is missing"},
    {"sensor lon", FC(PT("[181,0]", "{\"kind\":\"sensor\",\"id\":\"s\"}")),
     "feature 1 (id 's'): Point coordinates: longitude 181 is outside [-180, 180]"},
    {"sensor lat", FC(PT("[0,-90.5]", "{\"kind\":\"sensor\",\"id\":\"s\"}")),
     "feature 1 (id 's'): Point coordinates: latitude -90.5 is outside"},
    {"sensor 4d", FC(PT("[0,0,0,0]", "{\"kind\":\"sensor\",\"id\":\"s\"}")),
     "feature 1 (id 's'): Point coordinates is not a position"},
    {"sensor height", FC(PT("[0,0,1e300]", "{\"kind\":\"sensor\",\"id\":\"s\"}")),
     "feature 1 (id 's'): Point coordinates: height"},
    {"sensor coords null", FC(PT("null", "{\"kind\":\"sensor\",\"id\":\"s\"}")),
     "feature 1 (id 's'): Point coordinates is not a position"},
    {"sensor far", FC(PT("[0,0]", "{\"kind\":\"sensor\",\"id\":\"s\"}")),
     "feature 1 (id 's'): Point is 5"},
    {"zone vertex far", FC(PG("[[" P0 ",[-1.4,51.3],[-1.5,40]," P0 "]]", "{\"kind\":\"zone\","
                                                               "\"id\":\"z\",\"ceiling_m\":10}")),
     "feature 1 (id 'z'): Polygon vertex 2 is 12"},
    {"effector no type", FC(PT(P0, "{\"kind\":\"effector\",\"id\":\"e\",\"range_m\":5}")),
     "feature 1 (id 'e'): 'type' is missing"},
    {"effector type long", FC(PT(P0, "{\"kind\":\"effector\",\"id\":\"e\",\"type\":"
                                          "\"a-very-long-effector\",\"range_m\":5}")),
     "feature 1 (id 'e'): 'type' is longer than 15 bytes"},
    {"effector no range", FC(PT(P0, "{\"kind\":\"effector\",\"id\":\"e\",\"type\":\"gun\"}")),
     "feature 1 (id 'e'): 'range_m' is missing"},
    {"effector duplicate", FC(PT(P0, "{\"kind\":\"effector\",\"id\":\"e\",\"type\":\"gun\","
                                          "\"range_m\":5}") ","
                              "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\","
                              "\"coordinates\":" P0 "},\"properties\":{\"kind\":\"effector\","
                              "\"id\":\"e\",\"type\":\"net\",\"range_m\":5}}"),
     "feature 2 (id 'e'): duplicate effector id"},
    {"zone point", FC(PT(P0, "{\"kind\":\"zone\",\"id\":\"z\",\"ceiling_m\":10}")),
     "feature 1 (id 'z'): geometry is not a Polygon"},
    {"zone no ceiling", FC(PG(SQ, "{\"kind\":\"zone\",\"id\":\"z\"}")),
     "feature 1 (id 'z'): 'ceiling_m' is missing"},
    {"zone ceiling below floor", FC(PG(SQ, "{\"kind\":\"zone\",\"id\":\"z\",\"floor_m\":50,"
                                           "\"ceiling_m\":10}")),
     "feature 1 (id 'z'): 'ceiling_m' 10 is not above 'floor_m' 50"},
    {"zone priority", FC(PG(SQ, "{\"kind\":\"zone\",\"id\":\"z\",\"ceiling_m\":10,"
                                "\"priority\":1.5}")),
     "feature 1 (id 'z'): 'priority' 1.5 is not an integer"},
    {"zone priority zero", FC(PG(SQ, "{\"kind\":\"zone\",\"id\":\"z\",\"ceiling_m\":10,"
                                     "\"priority\":0}")),
     "feature 1 (id 'z'): 'priority' = 0 is outside [1, 1000]"},
    {"zone name number", FC(PG(SQ, "{\"kind\":\"zone\",\"id\":\"z\",\"ceiling_m\":10,"
                                   "\"name\":5}")),
     "feature 1 (id 'z'): 'name' is not a string"},
    {"zone two vertices", FC(PG("[[" P0 ",[-1.4,51.3]," P0 "]]", "{\"kind\":\"zone\",\"id\":\"z\","
                                                         "\"ceiling_m\":10}")),
     "feature 1 (id 'z'): Polygon ring has fewer than 3 distinct vertices"},
    {"zone too short", FC(PG("[[" P0 ",[-1.4,51.3]]]", "{\"kind\":\"zone\",\"id\":\"z\","
                                                "\"ceiling_m\":10}")),
     "feature 1 (id 'z'): Polygon ring has fewer than 3 vertices"},
    {"zone flat", FC(PG("[[[-1.5,51.25],[-1.5,51.26],[-1.5,51.27],[-1.5,51.25]]]",
                        "{\"kind\":\"zone\",\"id\":\"z\",\"ceiling_m\":10}")),
     "feature 1 (id 'z'): Polygon has zero area"},
    {"zone holes", FC(PG("[[[0,0],[1,0],[1,1],[0,0]],[[0.1,0.1],[0.2,0.1],[0.2,0.2],"
                         "[0.1,0.1]]]", "{\"kind\":\"zone\",\"id\":\"z\",\"ceiling_m\":10}")),
     "feature 1 (id 'z'): Polygon has holes"},
    {"zone no rings", FC(PG("[]", "{\"kind\":\"zone\",\"id\":\"z\",\"ceiling_m\":10}")),
     "feature 1 (id 'z'): Polygon coordinates are not an array of rings"},
    {"zone vertex bad", FC(PG("[[" P0 ",[-1.4,51.3],[\"x\",1]," P0 "]]", "{\"kind\":\"zone\","
                                                               "\"id\":\"z\",\"ceiling_m\":10}")),
     "feature 1 (id 'z'): Polygon vertex 2 holds a value that is not a number"},
    {"zone duplicate", FC(PG(SQ, "{\"kind\":\"zone\",\"id\":\"z\",\"ceiling_m\":10}") ","
                          "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Polygon\","
                          "\"coordinates\":" SQ "},\"properties\":{\"kind\":\"zone\","
                          "\"id\":\"z\",\"ceiling_m\":10}}"),
     "feature 2 (id 'z'): duplicate zone id"},
};

static void site_bad_cases(void)
{
    for (size_t i = 0; i < sizeof bad_cases / sizeof *bad_cases; i++) {
        const struct bad_case *c = &bad_cases[i];
        struct vg_site s;
        struct vg_diag d = {""};
        vg_site_init(&s);
        struct vg_sensor keep = {.id = "keep"};
        vg_site_add_sensor(&s, &keep);
        const char *path = write_tmp("bad.geojson", c->text);
        int rc = vg_site_load(&s, path, &d);
        int ok = rc < 0 && strncmp(d.msg, path, strlen(path)) == 0 &&
                 strstr(d.msg, c->expect) != NULL;
        CHECK(ok);
        if (!ok)
            fprintf(stderr, "  case '%s': rc %d, msg '%s', expected '%s'\n", c->name, rc, d.msg,
                    c->expect);
        /* A failed load leaves the site as it was. */
        CHECK_INT(s.nsensors, 1);
        CHECK_INT(s.nzones, 0);
        /* The same from memory. */
        struct vg_diag d2 = {""};
        rc = vg_site_load_buffer(&s, path, c->text, strlen(c->text), &d2);
        CHECK(rc < 0 && strcmp(d.msg, d2.msg) == 0);
        vg_site_fini(&s);
    }
}

/* Fuzzer find, 2026-11-21 (fuzz_site, round trip): a zone 1e-8 degrees thin loaded, was
 * written back flattened by rounding, and the rewrite no longer loaded. Such slivers are
 * now refused at load with a clear message. */
static void site_regress_sliver(void)
{
    struct vg_site s;
    vg_site_init(&s);
    struct vg_diag d;
    int rc = vg_site_load(&s, "fuzz/corpus/site/regress-2026-11-21-sliver", &d);
    CHECK(rc < 0);
    CHECK(strstr(d.msg, "zero area") != NULL && strstr(d.msg, "gate-north") != NULL);
    vg_site_fini(&s);
}

int main(void)
{
    RUN(site_regress_sliver);
    snprintf(tmpdir, sizeof tmpdir, "/tmp/vigil-site-XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    RUN(site_load_good);
    RUN(site_round_trip);
    RUN(site_round_trip_enu);
    RUN(site_write_rejects_nan);
    RUN(site_add_sensor);
    RUN(site_type_names);
    RUN(site_missing_file);
    RUN(site_bad_cases);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    return test_report();
}
