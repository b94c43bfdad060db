/* SPDX-License-Identifier: MIT */
/* test_sapient_protoc.c — SAPIENT against protoc, the reference protobuf implementation, as
 * the peer: what Vigil writes (Registration, StatusReport, DetectionReports, RegistrationAck)
 * is read back by `protoc --decode` from proto/sapient, and messages written by hand in text
 * format and encoded by `protoc --encode` are decoded by Vigil into the expected detections.
 * The expected values come from the test's own inputs and from base/geo (itself checked
 * against PROJ), never from Vigil's SAPIENT code. */
#include <math.h>

#include "sapient_util.h"

#define D2R (3.14159265358979323846 / 180.0)
#define NODE "3f2504e0-4f89-41d3-9a0c-0305e82c3301"

/* Origin near a border post; one declared radar 120 m east, 40 m north, 3 m up. */
static void make_site(struct vg_site *s)
{
    vg_site_init(s);
    CHECK_INT(vg_enu_frame_init(&s->frame, 51.0, -1.5, 100.0), 0);
    struct vg_sensor r = {.id = "radar-1", .type = VG_SENSOR_RADAR, .declared = 1,
                          .pos = {120, 40, 3}};
    vg_enu_to_geo(&s->frame, r.pos, &r.lat_deg, &r.lon_deg, &r.h_m);
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

/* Splits a buffer of length-prefixed messages; returns how many, with offsets and lengths. */
static int split(const uint8_t *buf, size_t n, size_t off[], size_t len[], int max)
{
    int k = 0;
    for (size_t p = 0; p + 4 <= n && k < max; k++) {
        len[k] = le32(buf + p);
        off[k] = p + 4;
        if (off[k] + len[k] > n)
            return -1;
        p = off[k] + len[k];
    }
    return k;
}

static void case_hello_read_by_protoc(void)
{
    struct vg_site site;
    make_site(&site);
    void *st = open_with(&site, "radar-1");
    uint8_t buf[4096];
    struct vg_diag d = {""};
    int n = vg_decoder_sapient.hello(st, buf, sizeof buf, &d);
    CHECK(n > 8);
    size_t off[4], len[4];
    CHECK_INT(split(buf, (size_t)n, off, len, 4), 2);
    CHECK_INT(off[1] + len[1], n);
    static char text[1 << 16];
    CHECK_INT(protoc_decode(buf + off[0], len[0], text, sizeof text), 0);
    CHECK(strstr(text, "registration {") != NULL);
    CHECK(strstr(text, "node_type: NODE_TYPE_RADAR") != NULL);
    CHECK(strstr(text, "icd_version: \"BSI Flex 335 v2.0\"") != NULL);
    CHECK(strstr(text, "short_name: \"radar-1\"") != NULL);
    CHECK(strstr(text, "mode_name: \"default\"") != NULL);
    CHECK(strstr(text, "tracking_type: TRACKING_TYPE_NONE") != NULL);
    CHECK(strstr(text, "range_bearing_units: RANGE_BEARING_COORDINATE_SYSTEM_DEGREES_M") != NULL);
    CHECK(strstr(text, "region_type: REGION_TYPE_AREA_OF_INTEREST") != NULL);
    CHECK(strstr(text, "manufacturer: \"Vigil\"") != NULL);
    CHECK(strstr(text, "category: \"Detection\"") != NULL);
    /* The node id is a UUID, the same in both messages. */
    const char *id = strstr(text, "node_id: \"");
    CHECK(id && id[10 + 36] == '"' && id[18] == '-' && id[23] == '-');
    char idline[64] = "";
    if (id)
        snprintf(idline, sizeof idline, "%.47s", id);
    CHECK_INT(protoc_decode(buf + off[1], len[1], text, sizeof text), 0);
    CHECK(strstr(text, idline) != NULL);
    CHECK(strstr(text, "system: SYSTEM_OK") != NULL);
    CHECK_NEAR(text_num(text, "node_location", "x"), site.sensors[0].lon_deg, 1e-9);
    CHECK_NEAR(text_num(text, "node_location", "y"), site.sensors[0].lat_deg, 1e-9);
    CHECK_NEAR(text_num(text, "node_location", "z"), site.sensors[0].h_m, 1e-6);
    CHECK(strstr(text, "datum: LOCATION_DATUM_WGS84_E") != NULL);
    vg_decoder_sapient.close(st);
    vg_site_fini(&site);
}

static void case_detections_read_by_protoc(void)
{
    struct vg_site site;
    make_site(&site);
    void *st = open_with(&site, "radar-1");
    struct vg_diag d = {""};
    uint8_t buf[4096];
    static char text[1 << 16];

    struct vg_detection p = {.t = 1700000012.25, .sensor = 0, .kind = VG_DET_POLAR, .nz = 3,
                             .flags = VG_DET_HAS_EL | VG_DET_HAS_HINT | VG_DET_HAS_EMITTER |
                                      VG_DET_HAS_SNR,
                             .z = {1520.3, 43.2 * D2R, 2.1 * D2R}, .class_hint = VG_CLASS_DRONE,
                             .class_p = 0.9f, .band_mhz = 5800.0f, .snr_db = 17.5f};
    p.R[0] = 25.0;
    p.R[4] = (0.5 * D2R) * (0.5 * D2R);
    p.R[8] = (0.25 * D2R) * (0.25 * D2R);
    int n = vg_decoder_sapient.encode(st, &p, buf, sizeof buf, &d);
    CHECK(n > 4);
    CHECK_INT(le32(buf), n - 4);
    CHECK_INT(protoc_decode(buf + 4, (size_t)n - 4, text, sizeof text), 0);
    CHECK(strstr(text, "detection_report {") != NULL);
    CHECK(strstr(text, "coordinate_system: RANGE_BEARING_COORDINATE_SYSTEM_DEGREES_M") != NULL);
    CHECK(strstr(text, "datum: RANGE_BEARING_DATUM_TRUE") != NULL);
    CHECK_NEAR(text_num(text, "range_bearing", "range"), 1520.3, 1e-9);
    CHECK_NEAR(text_num(text, "range_bearing", "azimuth"), 43.2, 1e-9);
    CHECK_NEAR(text_num(text, "range_bearing", "elevation"), 2.1, 1e-9);
    CHECK_NEAR(text_num(text, "range_bearing", "range_error"), 5.0, 1e-9);
    CHECK_NEAR(text_num(text, "range_bearing", "azimuth_error"), 0.5, 1e-9);
    CHECK_NEAR(text_num(text, "range_bearing", "elevation_error"), 0.25, 1e-9);
    CHECK(strstr(text, "type: \"UAV\"") != NULL);
    CHECK_NEAR(text_num(text, "classification", "confidence"), 0.9, 1e-6);
    CHECK_NEAR(text_num(text, "signal", "centre_frequency"), 5.8e9, 1e3);
    CHECK_NEAR(text_num(text, "signal", "amplitude"), 17.5, 1e-6);
    CHECK_INT((long)text_num(text, "timestamp", "seconds"), 1700000012);
    CHECK_INT((long)text_num(text, "timestamp", "nanos"), 250000000);
    /* report_id and object_id: 26-character ULIDs, different. */
    const char *r = strstr(text, "report_id: \""), *o = strstr(text, "object_id: \"");
    CHECK(r && o && r[12 + 26] == '"' && o[12 + 26] == '"' && strncmp(r + 12, o + 12, 26));
    /* A ULID's first 10 base32 digits are its milliseconds since 1970 (ulid/spec). */
    static const char b32[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    long long ms = 0;
    for (int i = 0; r && i < 10; i++) {
        const char *q = strchr(b32, r[12 + i]);
        CHECK(q != NULL && r[12 + i] != '\0');
        ms = ms * 32 + (q ? q - b32 : 0);
    }
    CHECK_INT(ms, 1700000012250LL);

    /* A position: WGS-84 degrees whose ENU is the detection's (geo.h is PROJ-checked). */
    struct vg_detection x = {.t = 5.0, .kind = VG_DET_XYZ, .nz = 3, .z = {-850.0, 1210.0, 95.0}};
    x.R[0] = x.R[4] = 16.0;
    x.R[8] = 36.0;
    n = vg_decoder_sapient.encode(st, &x, buf, sizeof buf, &d);
    CHECK(n > 4);
    CHECK_INT(protoc_decode(buf + 4, (size_t)n - 4, text, sizeof text), 0);
    double lat, lon, h;
    vg_enu_to_geo(&site.frame, x.z, &lat, &lon, &h);
    CHECK_NEAR(text_num(text, "location", "x"), lon, 1e-12);
    CHECK_NEAR(text_num(text, "location", "y"), lat, 1e-12);
    CHECK_NEAR(text_num(text, "location", "z"), h, 1e-9);
    CHECK_NEAR(text_num(text, "location", "z_error"), 6.0, 1e-9);
    /* 4 m east in degrees of longitude: 4 / ((N + h) cos φ · π/180), N the prime vertical
     * radius a / √(1 − e² sin² φ); 4 m north: 4 / ((M + h) · π/180), M = a(1 − e²)/(…)^1.5. */
    double e2 = 0.00669437999014, sl = sin(lat * D2R), w = sqrt(1 - e2 * sl * sl);
    double N = 6378137.0 / w, M = 6378137.0 * (1 - e2) / (w * w * w);
    CHECK_NEAR(text_num(text, "location", "x_error"), 4.0 / ((N + h) * cos(lat * D2R) * D2R),
               1e-13);
    CHECK_NEAR(text_num(text, "location", "y_error"), 4.0 / ((M + h) * D2R), 1e-13);
    CHECK(strstr(text, "coordinate_system: LOCATION_COORDINATE_SYSTEM_LAT_LNG_DEG_M") != NULL);

    /* A scan marker has no SAPIENT form. */
    struct vg_detection scan = {.t = 6.0, .kind = VG_DET_SCAN};
    CHECK_INT(vg_decoder_sapient.encode(st, &scan, buf, sizeof buf, &d), 0);
    /* Too small a buffer. */
    CHECK_INT(vg_decoder_sapient.encode(st, &p, buf, 20, &d), VG_ERANGE);
    vg_decoder_sapient.close(st);
    vg_site_fini(&site);
}

static void case_ack_read_by_protoc(void)
{
    struct vg_site site;
    make_site(&site);
    void *st = open_with(&site, NULL);
    static uint8_t msg[8192];
    static char text[1 << 16];
    long n = protoc_encode("timestamp { seconds: 1700000000 }\n"
                           "node_id: \"" NODE "\"\n"
                           "registration { node_definition { node_type: NODE_TYPE_RADAR }\n"
                           "  icd_version: \"BSI Flex 335 v2.0\" name: \"Acme radar\"\n"
                           "  short_name: \"acme-1\" capabilities { category: \"a\" type: \"b\" }\n"
                           "  config_data { manufacturer: \"Acme\" model: \"R1\" } }\n",
                           msg, sizeof msg);
    CHECK(n > 0);
    struct cap c;
    struct vg_diag d;
    CHECK_INT(feed(st, msg, (size_t)n, &c, &d), 0);
    CHECK_INT(c.nreplies, 1);
    CHECK_INT(le32(c.reply), c.nreply - 4);
    CHECK_INT(protoc_decode(c.reply + 4, c.nreply - 4, text, sizeof text), 0);
    CHECK(strstr(text, "registration_ack {") != NULL);
    CHECK(strstr(text, "acceptance: true") != NULL);
    CHECK(strstr(text, "destination_id: \"" NODE "\"") != NULL);
    CHECK(strstr(text, "timestamp {") != NULL);
    vg_decoder_sapient.close(st);
    vg_site_fini(&site);
}

/* Hand-written reports, encoded by protoc, decoded by Vigil. */
static const struct report_case {
    const char *name, *report;
    int kind, nz;
    unsigned flags;
    double z[3], sd[3];
    int cls;
    double p, band;
} report_cases[] = {
    {"range-bearing, degrees and km",
     "range_bearing { range: 1.5 azimuth: 90 elevation: 10 range_error: 0.004\n"
     "  azimuth_error: 0.5 elevation_error: 1.5\n"
     "  coordinate_system: RANGE_BEARING_COORDINATE_SYSTEM_DEGREES_KM\n"
     "  datum: RANGE_BEARING_DATUM_TRUE }\n"
     "classification { type: \"Air Vehicle\" confidence: 0.9\n"
     "  sub_class { type: \"UAV\" confidence: 0.7 level: 1\n"
     "    sub_class { type: \"Rotary Wing\" level: 2 } } }\n"
     "classification { type: \"Bird\" confidence: 0.2 }\n"
     "signal { amplitude: -60 centre_frequency: 5.8e9 }\n",
     VG_DET_POLAR, 3, VG_DET_HAS_EL | VG_DET_HAS_HINT | VG_DET_HAS_EMITTER,
     {1500, 90 * D2R, 10 * D2R}, {4, 0.5 * D2R, 1.5 * D2R}, VG_CLASS_DRONE, 0.7, 5800},
    {"bearing in radians, no errors",
     "range_bearing { azimuth: -0.5 elevation: 0.1\n"
     "  coordinate_system: RANGE_BEARING_COORDINATE_SYSTEM_RADIANS_M\n"
     "  datum: RANGE_BEARING_DATUM_TRUE }\n"
     "classification { type: \"human\" }\n",
     VG_DET_BEARING, 2, VG_DET_HAS_EL | VG_DET_HAS_HINT,
     {2 * 3.14159265358979323846 - 0.5, 0.1}, {1 * D2R, 1 * D2R}, VG_CLASS_PERSON, 0.8, 0},
    {"range without elevation is a bearing",
     "range_bearing { range: 800 azimuth: 370 azimuth_error: 2\n"
     "  coordinate_system: RANGE_BEARING_COORDINATE_SYSTEM_DEGREES_M\n"
     "  datum: RANGE_BEARING_DATUM_TRUE }\n",
     VG_DET_BEARING, 1, 0, {10 * D2R}, {2 * D2R}, -1, 0, 0},
};

static void case_reports_from_protoc(void)
{
    for (size_t i = 0; i < sizeof report_cases / sizeof *report_cases; i++) {
        const struct report_case *rc = &report_cases[i];
        struct vg_site site;
        make_site(&site);
        void *st = open_with(&site, NULL);
        static uint8_t msg[8192];
        static char text[8192];
        long n = protoc_encode("node_id: \"" NODE "\" registration { short_name: \"radar-1\" }",
                               msg, sizeof msg);
        struct cap c;
        struct vg_diag d;
        CHECK_INT(feed(st, msg, (size_t)n, &c, &d), 0);
        snprintf(text, sizeof text, "timestamp { seconds: 1700000100 nanos: 500000000 }\n"
                 "node_id: \"" NODE "\"\ndetection_report { report_id: \"01HX\" "
                 "object_id: \"01HY\"\n%s}\n", rc->report);
        n = protoc_encode(text, msg, sizeof msg);
        CHECK(n > 0);
        int got = feed(st, msg, (size_t)n, &c, &d);
        if (got != 1)
            fprintf(stderr, "  %s: %d %s\n", rc->name, got, d.msg);
        CHECK_INT(got, 1);
        CHECK_INT(c.ndet, 1);
        const struct vg_detection *det = &c.det[0];
        CHECK_INT(det->sensor, 0); /* by short_name */
        CHECK_INT(det->kind, rc->kind);
        CHECK_INT(det->nz, rc->nz);
        CHECK_INT(det->flags, rc->flags);
        CHECK_NEAR(det->t, 1700000100.5, 1e-6);
        for (int k = 0; k < rc->nz; k++) {
            CHECK_NEAR(det->z[k], rc->z[k], 1e-9);
            CHECK_NEAR(sqrt(det->R[k * rc->nz + k]), rc->sd[k], 1e-9);
        }
        if (rc->cls >= 0) {
            CHECK_INT(det->class_hint, rc->cls);
            CHECK_NEAR(det->class_p, rc->p, 1e-6);
        }
        if (rc->band > 0)
            CHECK_NEAR(det->band_mhz, rc->band, 1e-3);
        vg_decoder_sapient.close(st);
        vg_site_fini(&site);
    }
}

/* A location in radians, from an undeclared node that reports its own position first. */
static void case_location_and_status_from_protoc(void)
{
    struct vg_site site;
    make_site(&site);
    void *st = open_with(&site, NULL);
    static uint8_t msg[8192];
    struct cap c;
    struct vg_diag d;
    long n = protoc_encode("node_id: \"" NODE "\" registration { node_definition { node_type: "
                           "NODE_TYPE_PASSIVE_RF } short_name: \"not-in-site\" }", msg, sizeof msg);
    CHECK_INT(feed(st, msg, (size_t)n, &c, &d), 0);
    CHECK_INT(site.nsensors, 2);
    CHECK(strncmp(site.sensors[1].id, NODE, sizeof site.sensors[1].id - 1) == 0);
    CHECK_INT(site.sensors[1].type, VG_SENSOR_RF);
    CHECK_INT(site.sensors[1].declared, 0);

    const char *rb = "node_id: \"" NODE "\" detection_report { range_bearing { azimuth: 30 "
                     "coordinate_system: RANGE_BEARING_COORDINATE_SYSTEM_DEGREES_M "
                     "datum: RANGE_BEARING_DATUM_TRUE } }";
    n = protoc_encode(rb, msg, sizeof msg);
    CHECK_INT(feed(st, msg, (size_t)n, &c, &d), VG_EUNKSENSOR); /* position unknown yet */
    CHECK_INT(c.ndet, 0);

    n = protoc_encode("node_id: \"" NODE "\" status_report { system: SYSTEM_OK mode: \"scan\" "
                      "node_location { x: -1.49 y: 51.01 z: 130 "
                      "coordinate_system: LOCATION_COORDINATE_SYSTEM_LAT_LNG_DEG_M "
                      "datum: LOCATION_DATUM_WGS84_E } }", msg, sizeof msg);
    CHECK_INT(feed(st, msg, (size_t)n, &c, &d), 0);
    double want[3];
    vg_enu_from_geo(&site.frame, 51.01, -1.49, 130, want);
    for (int k = 0; k < 3; k++)
        CHECK_NEAR(site.sensors[1].pos[k], want[k], 1e-6);
    n = protoc_encode(rb, msg, sizeof msg);
    CHECK_INT(feed(st, msg, (size_t)n, &c, &d), 1);
    CHECK_INT(c.det[0].sensor, 1);
    CHECK_NEAR(c.det[0].z[0], 30 * D2R, 1e-12);

    /* Latitude/longitude in radians, geoid heights: σ_u gains 50 m in quadrature. */
    n = protoc_encode("node_id: \"" NODE "\" detection_report { location { "
                      "x: -0.026 y: 0.8902 z: 250 z_error: 5 "
                      "coordinate_system: LOCATION_COORDINATE_SYSTEM_LAT_LNG_RAD_M "
                      "datum: LOCATION_DATUM_WGS84_G } }", msg, sizeof msg);
    CHECK_INT(feed(st, msg, (size_t)n, &c, &d), 1);
    vg_enu_from_geo(&site.frame, 0.8902 / D2R, -0.026 / D2R, 250, want);
    CHECK_INT(c.det[0].kind, VG_DET_XYZ);
    for (int k = 0; k < 3; k++)
        CHECK_NEAR(c.det[0].z[k], want[k], 1e-6);
    CHECK_NEAR(c.det[0].R[8], 25.0 + 2500.0, 1e-9);
    CHECK_NEAR(c.det[0].R[0], 100.0, 1e-9); /* default 10 m */
    vg_decoder_sapient.close(st);
    vg_site_fini(&site);
}

int main(void)
{
    if (system("protoc --version > /dev/null 2>&1") != 0) {
        fprintf(stderr, "protoc not found: the SAPIENT peer tests need protobuf-compiler\n");
        return 1;
    }
    RUN(case_hello_read_by_protoc);
    RUN(case_detections_read_by_protoc);
    RUN(case_ack_read_by_protoc);
    RUN(case_reports_from_protoc);
    RUN(case_location_and_status_from_protoc);
    return test_report();
}
