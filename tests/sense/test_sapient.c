/* SPDX-License-Identifier: MIT */
/* test_sapient.c — the SAPIENT session: handshake and its refusals, sensor mapping, what is
 * skipped, describe's JSON, and bad input (every truncation, the length bound, strings and
 * arrays over their bounds, random bytes). Messages are made by protoc from text (see
 * sapient_util.h) so that the bytes do not come from the code under test. */
#include <jansson.h>
#include <math.h>

#include "sapient_util.h"

#define NODE "3f2504e0-4f89-41d3-9a0c-0305e82c3301"
#define OTHER "9a1b8c7d-0000-4000-8000-00000000beef"
#define RB "range_bearing { range: 900 azimuth: 45 elevation: 3 " \
           "coordinate_system: RANGE_BEARING_COORDINATE_SYSTEM_DEGREES_M " \
           "datum: RANGE_BEARING_DATUM_TRUE }"

static void make_site(struct vg_site *s)
{
    vg_site_init(s);
    struct vg_sensor r = {.id = "radar-1", .type = VG_SENSOR_RADAR, .declared = 1};
    CHECK_INT(vg_site_add_sensor(s, &r), 0);
}

static void *open_with(struct vg_site *site, const char *sensor)
{
    struct vg_decoder_options o = {.sensor = sensor, .name = "test"};
    struct vg_diag d = {""};
    void *st = NULL;
    CHECK_INT(vg_decoder_sapient.open(&st, site, &o, &d), 0);
    return st;
}

static uint8_t msg[1 << 18];

/* protoc's bytes for a text message (static buffer). */
static size_t enc(const char *text)
{
    long n = protoc_encode(text, msg, sizeof msg);
    CHECK(n >= 0);
    return n < 0 ? 0 : (size_t)n;
}

static const char *reg_text(const char *node, const char *short_name)
{
    static char t[512];
    snprintf(t, sizeof t, "timestamp { seconds: 1700000000 } node_id: \"%s\" registration { "
             "node_definition { node_type: NODE_TYPE_RADAR } short_name: \"%s\" }", node,
             short_name);
    return t;
}

static const char *det_text(const char *node)
{
    static char t[512];
    snprintf(t, sizeof t, "node_id: \"%s\" detection_report { report_id: \"r\" object_id: \"o\" "
             "%s }", node, RB);
    return t;
}

static void case_handshake(void)
{
    struct vg_site site;
    make_site(&site);
    void *st = open_with(&site, NULL);
    struct cap c;
    struct vg_diag d;
    static char text[8192];

    /* A report before the registration: dropped, not answered. */
    size_t n = enc(det_text(NODE));
    CHECK_INT(feed(st, msg, n, &c, &d), VG_EUNKSENSOR);
    CHECK(strstr(d.msg, "before its registration") != NULL);
    CHECK_INT(c.ndet, 0);
    CHECK_INT(c.nreplies, 0);
    /* A status report before registration likewise. */
    n = enc("node_id: \"" NODE "\" status_report { system: SYSTEM_OK }");
    CHECK_INT(feed(st, msg, n, &c, &d), VG_EUNKSENSOR);

    /* A registration whose node_id is no UUID: refused with a reason. */
    n = enc(reg_text("radar\\001one", "x"));
    CHECK_INT(feed(st, msg, n, &c, &d), VG_EPARSE);
    CHECK(strstr(d.msg, "'radar?one' is not a UUID") != NULL); /* control bytes not logged */
    CHECK_INT(c.nreplies, 1);
    CHECK_INT(protoc_decode(c.reply + 4, c.nreply - 4, text, sizeof text), 0);
    CHECK(strstr(text, "acceptance: false") != NULL);
    CHECK(strstr(text, "ack_response_reason: \"node_id is not a UUID\"") != NULL);

    /* The registration: accepted; then the report is a detection. */
    n = enc(reg_text(NODE, "radar-1"));
    CHECK_INT(feed(st, msg, n, &c, &d), 0);
    CHECK_INT(c.nreplies, 1);
    CHECK_INT(protoc_decode(c.reply + 4, c.nreply - 4, text, sizeof text), 0);
    CHECK(strstr(text, "acceptance: true") != NULL);
    n = enc(det_text(NODE));
    CHECK_INT(feed(st, msg, n, &c, &d), 1);
    CHECK_INT(c.ndet, 1);
    CHECK_INT(c.det[0].sensor, 0);
    CHECK_NEAR(c.det[0].t, 1700000000.0, 0); /* no timestamp: the arrival time */

    /* Another node on this connection: refused, both as registration and as report. */
    n = enc(reg_text(OTHER, "radar-2"));
    CHECK_INT(feed(st, msg, n, &c, &d), VG_EPARSE);
    CHECK(c.nreplies == 1 && protoc_decode(c.reply + 4, c.nreply - 4, text, sizeof text) == 0 &&
          strstr(text, "acceptance: false"));
    n = enc(det_text(OTHER));
    CHECK_INT(feed(st, msg, n, &c, &d), VG_EPARSE);
    CHECK_INT(c.ndet, 0);

    /* Re-registration of the same node: acknowledged again. */
    n = enc(reg_text(NODE, "radar-1"));
    CHECK_INT(feed(st, msg, n, &c, &d), 0);
    CHECK_INT(c.nreplies, 1);

    /* Services: understood, no detection. */
    n = enc("node_id: \"" NODE "\" task_ack { task_id: \"t\" task_status: TASK_STATUS_ACCEPTED }");
    CHECK_INT(feed(st, msg, n, &c, &d), 0);
    n = enc("node_id: \"" NODE "\" alert { alert_id: \"a\" description: \"intruder\" }");
    CHECK_INT(feed(st, msg, n, &c, &d), 0);

    /* Goodbye ends the session. */
    n = enc("node_id: \"" NODE "\" status_report { system: SYSTEM_GOODBYE }");
    CHECK_INT(feed(st, msg, n, &c, &d), 0);
    n = enc(det_text(NODE));
    CHECK_INT(feed(st, msg, n, &c, &d), VG_EUNKSENSOR);
    vg_decoder_sapient.close(st);
    vg_site_fini(&site);
}

static void case_sensor_mapping(void)
{
    struct vg_site site;
    make_site(&site);
    struct vg_sensor named = {.id = "3f2504e0-4f89-41d3-9a0c-0305e82", .type = VG_SENSOR_EO,
                              .declared = 1, .pos = {5, 6, 7}};
    CHECK_INT(vg_site_add_sensor(&site, &named), 1);
    struct cap c;
    struct vg_diag d;
    /* The node id (as far as a site id holds it) wins over the short name. */
    void *st = open_with(&site, NULL);
    size_t n = enc(reg_text(NODE, "radar-1"));
    CHECK_INT(feed(st, msg, n, &c, &d), 0);
    n = enc(det_text(NODE));
    CHECK_INT(feed(st, msg, n, &c, &d), 1);
    CHECK_INT(c.det[0].sensor, 1);
    vg_decoder_sapient.close(st);
    /* The input's sensor option wins over both. */
    st = open_with(&site, "radar-1");
    n = enc(reg_text(NODE, "whatever"));
    CHECK_INT(feed(st, msg, n, &c, &d), 0);
    n = enc(det_text(NODE));
    CHECK_INT(feed(st, msg, n, &c, &d), 1);
    CHECK_INT(c.det[0].sensor, 0);
    vg_decoder_sapient.close(st);
    /* An unknown sensor option is refused at open. */
    struct vg_decoder_options o = {.sensor = "nope"};
    void *bad = NULL;
    CHECK_INT(vg_decoder_sapient.open(&bad, &site, &o, &d), VG_EUNKSENSOR);
    CHECK_INT(site.nsensors, 2);
    vg_site_fini(&site);
}

static void case_unsupported(void)
{
    static const struct {
        const char *report;
        int rc;
    } cases[] = {
        {"location { x: 500000 y: 5650000 coordinate_system: LOCATION_COORDINATE_SYSTEM_UTM_M "
         "datum: LOCATION_DATUM_WGS84_E }", VG_EUNSUPPORTED},
        {"location { x: 1 y: 2 datum: LOCATION_DATUM_WGS84_E }", VG_EPARSE},
        {"location { x: 1 y: 2 coordinate_system: LOCATION_COORDINATE_SYSTEM_LAT_LNG_DEG_M }",
         VG_EPARSE},
        {"location { x: 1 y: 95 coordinate_system: LOCATION_COORDINATE_SYSTEM_LAT_LNG_DEG_M "
         "datum: LOCATION_DATUM_WGS84_E }", VG_ERANGE},
        {"location { x: 1 y: 2 x_error: -1 coordinate_system: "
         "LOCATION_COORDINATE_SYSTEM_LAT_LNG_DEG_M datum: LOCATION_DATUM_WGS84_E }", VG_ERANGE},
        {"range_bearing { azimuth: 10 coordinate_system: RANGE_BEARING_COORDINATE_SYSTEM_DEGREES_M "
         "datum: RANGE_BEARING_DATUM_MAGNETIC }", VG_EUNSUPPORTED},
        {"range_bearing { azimuth: 10 datum: RANGE_BEARING_DATUM_TRUE }", VG_EPARSE},
        {"range_bearing { range: 5 coordinate_system: RANGE_BEARING_COORDINATE_SYSTEM_DEGREES_M "
         "datum: RANGE_BEARING_DATUM_TRUE }", VG_EPARSE},
        {"range_bearing { azimuth: 1 elevation: 95 coordinate_system: "
         "RANGE_BEARING_COORDINATE_SYSTEM_DEGREES_M datum: RANGE_BEARING_DATUM_TRUE }", VG_ERANGE},
        {"report_id: \"no location\"", VG_EPARSE},
        /* fuzzer find 2026-11-21: an error whose square overflowed R */
        {"range_bearing { range: 5 azimuth: 1 elevation: 1 range_error: 1e300 coordinate_system: "
         "RANGE_BEARING_COORDINATE_SYSTEM_DEGREES_M datum: RANGE_BEARING_DATUM_TRUE }", VG_ERANGE},
        {"range_bearing { azimuth: 1 azimuth_error: 400 coordinate_system: "
         "RANGE_BEARING_COORDINATE_SYSTEM_DEGREES_M datum: RANGE_BEARING_DATUM_TRUE }", VG_ERANGE},
    };
    struct vg_site site;
    make_site(&site);
    void *st = open_with(&site, "radar-1");
    struct cap c;
    struct vg_diag d;
    size_t n = enc(reg_text(NODE, "radar-1"));
    CHECK_INT(feed(st, msg, n, &c, &d), 0);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char t[1024];
        snprintf(t, sizeof t, "node_id: \"" NODE "\" detection_report { %s }", cases[i].report);
        n = enc(t);
        int rc = feed(st, msg, n, &c, &d);
        if (rc != cases[i].rc)
            fprintf(stderr, "  case %zu: %d (%s)\n", i, rc, d.msg);
        CHECK_INT(rc, cases[i].rc);
        CHECK_INT(c.ndet, 0);
        CHECK(d.msg[0] != '\0');
    }
    vg_decoder_sapient.close(st);
    vg_site_fini(&site);
}

static void case_describe(void)
{
    struct vg_site site;
    make_site(&site);
    void *st = open_with(&site, NULL);
    struct cap c;
    struct vg_diag d;
    size_t n = enc(reg_text(NODE, "radar-1"));
    CHECK_INT(feed(st, msg, n, &c, &d), 0);
    json_error_t e;
    json_t *j = json_loads(c.json, 0, &e);
    CHECK(j != NULL);
    CHECK(!strcmp(json_string_value(json_object_get(j, "timestamp")), "2023-11-14T22:13:20Z"));
    CHECK(!strcmp(json_string_value(json_object_get(j, "node_id")), NODE));
    json_t *nd = json_object_get(json_object_get(j, "registration"), "node_definition");
    CHECK(!strcmp(json_string_value(json_object_get(json_array_get(nd, 0), "node_type")),
                  "NODE_TYPE_RADAR"));
    json_decref(j);

    n = enc("timestamp { seconds: 1700000001 nanos: 250000000 } node_id: \"" NODE "\" "
            "detection_report { report_id: \"r\\\"1\" object_id: \"o\" " RB
            " classification { type: \"UAV\" confidence: 0.5 } "
            "enu_velocity { east_rate: 3 north_rate: -4 } colour: \"gr\\303\\274n\\377\" }");
    CHECK_INT(feed(st, msg, n, &c, &d), 1);
    j = json_loads(c.json, 0, &e);
    CHECK(j != NULL);
    if (!j)
        fprintf(stderr, "  %s\n  %s\n", c.json, e.text);
    json_t *r = json_object_get(j, "detection_report");
    CHECK(!strcmp(json_string_value(json_object_get(j, "timestamp")),
                  "2023-11-14T22:13:21.250Z"));
    CHECK(!strcmp(json_string_value(json_object_get(r, "report_id")), "r\"1"));
    json_t *rb = json_object_get(r, "range_bearing");
    CHECK_NEAR(json_number_value(json_object_get(rb, "range")), 900, 0);
    CHECK(!strcmp(json_string_value(json_object_get(rb, "datum")), "RANGE_BEARING_DATUM_TRUE"));
    json_t *cl = json_array_get(json_object_get(r, "classification"), 0);
    CHECK(!strcmp(json_string_value(json_object_get(cl, "type")), "UAV"));
    CHECK_NEAR(json_number_value(json_object_get(cl, "confidence")), 0.5, 0);
    CHECK_NEAR(json_number_value(json_object_get(json_object_get(r, "enu_velocity"),
                                                 "north_rate")), -4, 0);
    /* "grün" then a byte that is not UTF-8. */
    CHECK(!strcmp(json_string_value(json_object_get(r, "colour")), "gr\xc3\xbcn\xef\xbf\xbd"));
    json_decref(j);
    vg_decoder_sapient.close(st);
    vg_site_fini(&site);
}

/* Every prefix of valid messages: an error or a well-formed shorter message, never a crash
 * (ASan watches the reads). A prefix cut inside a field is malformed. */
static void case_truncations(void)
{
    struct vg_site site;
    make_site(&site);
    void *st = open_with(&site, "radar-1");
    struct cap c;
    struct vg_diag d;
    static uint8_t reg[4096], det[4096];
    size_t nreg = enc(reg_text(NODE, "radar-1"));
    memcpy(reg, msg, nreg);
    size_t ndet = enc("timestamp { seconds: 1700000001 } node_id: \"" NODE "\" "
                      "detection_report { report_id: \"r\" object_id: \"o\" " RB
                      " classification { type: \"Air Vehicle\" sub_class { type: \"UAV\" "
                      "level: 1 } } signal { amplitude: 1 centre_frequency: 2.4e9 } }");
    memcpy(det, msg, ndet);
    CHECK_INT(feed(st, reg, nreg, &c, &d), 0);
    int malformed = 0;
    for (size_t k = 0; k < ndet; k++) {
        /* Copied to a buffer of exactly k bytes so that ASan sees any read past the end. */
        uint8_t *cut = malloc(k ? k : 1);
        memcpy(cut, det, k);
        int rc = feed(st, cut, k, &c, &d);
        free(cut);
        CHECK(rc <= 1);
        if (rc < 0) {
            malformed++;
            CHECK(d.msg[0] != '\0');
        }
        if (rc == 1)
            CHECK(isfinite(c.det[0].z[0]) && isfinite(c.det[0].R[0]));
    }
    /* Cut inside the detection_report (its length says more): all malformed but k = 0. */
    CHECK(malformed >= (int)ndet - 1 - 1);
    CHECK_INT(feed(st, det, ndet, &c, &d), 1);
    vg_decoder_sapient.close(st);
    vg_site_fini(&site);
}

static void case_bounds(void)
{
    struct vg_site site;
    make_site(&site);
    void *st = open_with(&site, "radar-1");
    struct cap c;
    struct vg_diag d;
    size_t n = enc(reg_text(NODE, "radar-1"));
    CHECK_INT(feed(st, msg, n, &c, &d), 0);
    /* Over the unit bound. */
    uint8_t *big = calloc(1, VG_SAPIENT_UNIT_MAX + 1);
    CHECK_INT(feed(st, big, VG_SAPIENT_UNIT_MAX + 1, &c, &d), VG_ERANGE);
    free(big);
    CHECK_INT(vg_decoder_sapient.framing, VG_FRAMING_LEN32LE);
    CHECK_INT(vg_decoder_sapient.unit_max, 1 << 20);
    /* A node_id longer than its 63 bytes; 17 classifications (16 kept): malformed. */
    char t[4096] = "node_id: \"";
    for (int i = 0; i < 70; i++)
        strcat(t, "a");
    strcat(t, "\" status_report { }");
    n = enc(t);
    CHECK_INT(feed(st, msg, n, &c, &d), VG_EPARSE);
    snprintf(t, sizeof t, "node_id: \"" NODE "\" detection_report { " RB);
    for (int i = 0; i < 17; i++)
        strcat(t, " classification { type: \"UAV\" }");
    strcat(t, " }");
    n = enc(t);
    CHECK_INT(feed(st, msg, n, &c, &d), VG_EPARSE);
    /* Fields Vigil skips may be as long as the unit: a 100 kB additional_information. */
    char *longtext = malloc(110000);
    snprintf(longtext, 110000, "node_id: \"" NODE "\" detection_report { " RB
             " associated_file { type: \"image\" url: \"http://x\" } } "
             "additional_information: \"");
    size_t l = strlen(longtext);
    memset(longtext + l, 'z', 100000);
    strcpy(longtext + l + 100000, "\"");
    n = enc(longtext);
    free(longtext);
    CHECK(n > 100000);
    CHECK_INT(feed(st, msg, n, &c, &d), 1);
    /* No content; an empty message. */
    n = enc("node_id: \"" NODE "\"");
    CHECK_INT(feed(st, msg, n, &c, &d), VG_EPARSE);
    CHECK_INT(feed(st, msg, 0, &c, &d), VG_EPARSE);
    vg_decoder_sapient.close(st);
    vg_site_fini(&site);
}

/* Random bytes and randomly mutated valid messages: counted, never a crash. */
static void case_random(void)
{
    struct vg_site site;
    make_site(&site);
    void *st = open_with(&site, "radar-1");
    struct cap c;
    struct vg_diag d;
    static uint8_t reg[4096], det[4096], buf[4096];
    size_t nreg = enc(reg_text(NODE, "radar-1"));
    memcpy(reg, msg, nreg);
    size_t ndet = enc(det_text(NODE));
    memcpy(det, msg, ndet);
    uint64_t x = 0x9e3779b97f4a7c15ull;
    int bad = 0, good = 0;
    for (int i = 0; i < 20000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        size_t n;
        if (i % 2) {
            n = x % 300;
            for (size_t k = 0; k < n; k++)
                x ^= x << 13, x ^= x >> 7, x ^= x << 17, buf[k] = (uint8_t)x;
        } else {
            const uint8_t *src = i % 4 ? det : reg;
            n = i % 4 ? ndet : nreg;
            memcpy(buf, src, n);
            for (int m = 0; m < 3; m++)
                x ^= x << 13, x ^= x >> 7, x ^= x << 17, buf[x % n] ^= (uint8_t)(x >> 32);
        }
        int rc = feed(st, buf, n, &c, &d);
        bad += rc < 0;
        good += rc >= 0;
        if (rc == 1)
            CHECK(c.ndet == 1 && isfinite(c.det[0].z[0]));
        if (i % 100 == 0)
            feed(st, reg, nreg, &c, &d); /* stay registered */
    }
    CHECK(bad > 10000);
    CHECK(good > 100);
    fprintf(stderr, "  random: %d malformed, %d accepted\n", bad, good);
    vg_decoder_sapient.close(st);
    vg_site_fini(&site);
}

int main(void)
{
    if (system("protoc --version > /dev/null 2>&1") != 0) {
        fprintf(stderr, "protoc not found: the SAPIENT tests need protobuf-compiler\n");
        return 1;
    }
    RUN(case_handshake);
    RUN(case_sensor_mapping);
    RUN(case_unsupported);
    RUN(case_describe);
    RUN(case_truncations);
    RUN(case_bounds);
    RUN(case_random);
    return test_report();
}
