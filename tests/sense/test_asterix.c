/* SPDX-License-Identifier: MIT */
/* test_asterix.c — the ASTERIX decoder against a real radar capture decoded by tshark, on
 * every truncation of its payloads, on hand-made malformed blocks, and in a round trip
 * through its own Cat 048 encoder. */
#define _DEFAULT_SOURCE 1
#include "test.h"

#include <jansson.h>
#include <unistd.h>

#include "sense/asterix.h"
#include "sense/capture.h"
#include "sense/decoder.h"
#include "sense/asterix_expected.h"
#include "tshark.h"

#define D2R (3.14159265358979323846 / 180.0)
#define PCAP "testdata/asterix/cat_034_048.pcap"

extern const struct vg_decoder_ops vg_decoder_asterix;

/* What one decode call produced. */
struct sink {
    struct vg_detection det[64];
    int ndet, nscan;
    char *json;          /* last description (malloc'd copy) */
};

static void on_det(void *u, const struct vg_detection *d)
{
    struct sink *s = u;
    if (s->ndet < 64)
        s->det[s->ndet] = *d;
    s->ndet++;
    s->nscan += d->kind == VG_DET_SCAN;
}

static void on_describe(void *u, const char *json, size_t len)
{
    struct sink *s = u;
    free(s->json);
    s->json = malloc(len + 1);
    memcpy(s->json, json, len);
    s->json[len] = '\0';
}

static int decode(void *st, const uint8_t *buf, size_t len, double t_rx, struct sink *s,
                  struct vg_diag *d)
{
    struct vg_decode_io io = {on_det, on_describe, NULL, s, t_rx};
    s->ndet = s->nscan = 0;
    d->msg[0] = '\0';
    return vg_decoder_asterix.decode(st, buf, len, &io, d);
}

/* The capture's radars, declared: SAC 25, SICs of the README, at a plausible site. */
static void radar_site(struct vg_site *site)
{
    static const int sics[] = {11, 12, 13, 14, 201, 204, 205};
    vg_site_init(site);
    vg_enu_frame_init(&site->frame, 45.8, 16.0, 120.0);
    for (size_t i = 0; i < sizeof sics / sizeof sics[0]; i++) {
        struct vg_sensor s = {.type = VG_SENSOR_RADAR, .declared = 1};
        snprintf(s.id, sizeof s.id, "25/%d", sics[i]);
        s.lat_deg = 45.8 + 0.1 * (double)i;
        s.lon_deg = 16.0;
        s.h_m = 300.0;
        vg_enu_from_geo(&site->frame, s.lat_deg, s.lon_deg, s.h_m, s.pos);
        CHECK(vg_site_add_sensor(site, &s) >= 0);
    }
}

/* Every frame's UDP payload through the decoder: records vs expected.jsonl, the counts of
 * expected_counts.json, and one detection per plot of a placed radar. plots12: SIC 12's
 * plots after frame 17 (see capture_matches_tshark). */
static void run_capture(struct vg_site *sitep, int *ndet_out, int *nscan_out, int *plots12)
{
    struct vg_site site = *sitep;
    struct ax_expected x;
    CHECK_INT(ax_expected_load(&x), 0);
    CHECK_INT(x.n, 128);
    void *st;
    struct vg_diag d;
    CHECK_INT(vg_decoder_asterix.open(&st, &site, NULL, &d), 0);
    struct vg_capture *cap;
    CHECK_INT(vg_capture_open(&cap, test_shared(PCAP), &d), 0);
    struct vg_frame f;
    struct sink s = {0};
    int packets = 0, blocks48 = 0, blocks34 = 0, rec48 = 0, rec34 = 0, ndet = 0, nscan = 0;
    int malformed = 0;
    while (cap && vg_capture_next(cap, &f, &d) == 1) {
        struct vg_udp u;
        CHECK_INT(vg_capture_udp(&f, &u, &d), 0);
        packets++;
        int rc = decode(st, u.payload, u.len, f.t, &s, &d);
        if (rc < 0) {
            malformed++;
            fprintf(stderr, "  frame %llu: %s\n", (unsigned long long)f.number, d.msg);
            continue;
        }
        ndet += s.ndet;
        nscan += s.nscan;
        for (int i = 0; i < s.ndet && i < 64; i++) {
            const struct vg_detection *det = &s.det[i];
            CHECK(det->sensor < site.nsensors);
            /* The date comes from the capture's time: 2016-05-05, ToD 07:35:54-56. */
            CHECK(fabs(det->t - f.t) < 5.0);
        }
        json_error_t e;
        json_t *o = json_loads(s.json, 0, &e);
        CHECK(o != NULL);
        json_t *bl = json_object_get(o, "blocks");
        for (size_t b = 0; b < json_array_size(bl); b++) {
            json_t *blk = json_array_get(bl, b);
            int cat = ax_int(blk, "cat");
            json_t *recs = json_object_get(blk, "records");
            blocks48 += cat == 48;
            blocks34 += cat == 34;
            for (size_t r = 0; r < json_array_size(recs); r++) {
                json_t *rec = json_array_get(recs, r);
                rec48 += cat == 48;
                rec34 += cat == 34;
                if (cat == 48)
                    ax_expected_check(&x, (int)f.number, (int)b + 1, (int)r + 1, rec);
            }
        }
        json_decref(o);
    }
    vg_capture_close(cap);
    /* expected_counts.json */
    CHECK_INT(packets, 100);
    CHECK_INT(malformed, 0);
    CHECK_INT(blocks48, 86);
    CHECK_INT(blocks34, 34);
    CHECK_INT(rec48, 128);
    CHECK_INT(rec34, 34);
    for (int i = 0; i < x.n; i++)
        CHECK_INT(x.matched[i], 1);
    *ndet_out = ndet;
    *nscan_out = nscan;
    *plots12 = 0;
    for (int i = 0; i < x.n; i++)
        *plots12 += ax_int(x.line[i], "sic") == 12 && json_object_get(x.line[i], "rho_nm") &&
                    ax_int(x.line[i], "packet") > 17;
    ax_expected_free(&x);
    free(s.json);
    vg_decoder_asterix.close(st);
    *sitep = site;
}

static void capture_matches_tshark(void)
{
    int ndet, nscan, plots12;
    struct vg_site site;
    vg_site_init(&site);
    run_capture(&site, &ndet, &nscan, &plots12);
    /* No site: the radars are undeclared and their plots may not reach a tracker — except
     * SIC 12's, whose Cat 034 gives its position in I034/120 (tshark: 43.5710263252258 N,
     * 16.4060640335083 E, 780 m; first in frame 17, after that frame's plots). SIC 12 sends
     * sector crossings every 11.25° and north markers: once placed, its north marker of
     * frame 17 closes the sector [326.25°, 0°] begun by the crossing of frame 15; the
     * crossings of frames 79-84 (07:35:56.26 and .41, from the second source) are older than
     * that marker and close nothing. */
    CHECK_INT(nscan, 1);
    CHECK_INT(ndet - nscan, plots12);
    CHECK(plots12 > 0);
    int k = vg_site_find_sensor(&site, "25/12");
    CHECK(k >= 0);
    if (k >= 0) {
        CHECK_NEAR(site.sensors[k].lat_deg, 43.5710263252258, 1e-9);
        CHECK_NEAR(site.sensors[k].lon_deg, 16.4060640335083, 1e-9);
        CHECK_NEAR(site.sensors[k].h_m, 780, 0);
        CHECK_INT(site.sensors[k].declared, 0);
    }
    CHECK_INT(site.nsensors, 7);
    vg_site_fini(&site);
}

static void capture_detections_with_site(void)
{
    int ndet, nscan, plots12;
    struct vg_site site;
    radar_site(&site);
    run_capture(&site, &ndet, &nscan, &plots12);
    CHECK_INT(site.nsensors, 7);
    vg_site_fini(&site);
    /* 126 of the 128 records have an I048/040 plot (README: packets 5 and 6 are TYP 0
     * without one). The Cat 034 sector crossings (tshark: SIC 13 at 135°, 146.25°, 157.5°,
     * 168.75°; SIC 12 at 315°, 326.25°, north, then late copies; SIC 11 at 157.5°, 168.75°;
     * SIC 14 at 168.75°, 180°; SIC 205 at 348.75°, 0°; SIC 201 and 204 once each) close a
     * sector each from the second crossing of a radar on, repeats and late copies nothing:
     * 3 + 2 + 1 + 1 + 1 = 8 sector markers. */
    CHECK_INT(ndet - nscan, 126);
    CHECK_INT(nscan, 8);
}

/* The elevation derived from FL: the point at (range, az, el) from the sensor must be at the
 * flight level's height, checked through the WGS-84 ellipsoid (base/geo), not the decoder's
 * sphere. Known record: packet 1, FL 330, RHO 197.68359375 NM, THETA 340.13671875°. */
static void elevation_from_flight_level(void)
{
    struct vg_site site;
    radar_site(&site);
    void *st;
    struct vg_diag d;
    CHECK_INT(vg_decoder_asterix.open(&st, &site, NULL, &d), 0);
    struct vg_capture *cap;
    CHECK_INT(vg_capture_open(&cap, test_shared(PCAP), &d), 0);
    struct vg_frame f;
    struct vg_udp u;
    CHECK_INT(vg_capture_next(cap, &f, &d), 1);
    CHECK_INT(vg_capture_udp(&f, &u, &d), 0);
    struct sink s = {0};
    CHECK_INT(decode(st, u.payload, u.len, f.t, &s, &d), 1);
    const struct vg_detection *det = &s.det[0];
    CHECK_INT(det->kind, VG_DET_POLAR);
    CHECK(det->flags & VG_DET_HAS_EL);
    CHECK_NEAR(det->z[0], 197.68359375 * 1852.0, 1e-6);
    CHECK_NEAR(det->z[1], 340.13671875 * D2R, 1e-12);
    const struct vg_sensor *sen = &site.sensors[det->sensor];
    CHECK(!strcmp(sen->id, "25/201"));
    /* In the radar's own local frame (its horizon, its north). */
    double r = det->z[0], az = det->z[1], el = det->z[2];
    double p[3] = {r * cos(el) * sin(az), r * cos(el) * cos(az), r * sin(el)};
    struct vg_enu_frame local;
    vg_enu_frame_init(&local, sen->lat_deg, sen->lon_deg, sen->h_m);
    double lat, lon, h;
    vg_enu_to_geo(&local, p, &lat, &lon, &h);
    /* Sphere vs ellipsoid over 366 km: the curvature drop is ~10.5 km, the radius of
     * curvature differs from the mean by < 0.5 %: < 60 m. */
    CHECK_NEAR(h, 330 * 100 * 0.3048, 60.0);
    CHECK(det->R[0] > 0 && det->R[4] > 0 && det->R[8] > 0);
    free(s.json);
    vg_capture_close(cap);
    vg_decoder_asterix.close(st);
    vg_site_fini(&site);
}

/* Every payload cut at every length, in a buffer of exactly that size (ASan sees any read
 * past it): an error unless the cut falls on a block boundary, never a crash. */
static void every_truncation(void)
{
    struct vg_site site;
    radar_site(&site);
    void *st;
    struct vg_diag d;
    CHECK_INT(vg_decoder_asterix.open(&st, &site, NULL, &d), 0);
    struct vg_capture *cap;
    CHECK_INT(vg_capture_open(&cap, test_shared(PCAP), &d), 0);
    struct vg_frame f;
    struct sink s = {0};
    int cuts = 0, bad_ok = 0, bad_err = 0;
    while (cap && vg_capture_next(cap, &f, &d) == 1) {
        struct vg_udp u;
        if (vg_capture_udp(&f, &u, &d))
            continue;
        size_t ends[16], nends = 0, pos = 0;
        struct vg_asterix_block b;
        while (vg_asterix_next_block(u.payload, u.len, &pos, &b, &d) == 1 && nends < 16)
            ends[nends++] = pos;
        for (size_t len = 0; len < u.len; len++) {
            uint8_t *cut = malloc(len ? len : 1);
            memcpy(cut, u.payload, len);
            int rc = decode(st, cut, len, f.t, &s, &d);
            free(cut);
            int boundary = 0;
            for (size_t i = 0; i < nends; i++)
                boundary |= ends[i] == len;
            cuts++;
            if (boundary && rc < 0)
                bad_err++;
            if (!boundary && rc >= 0)
                bad_ok++;
            if (rc < 0 && strncmp(d.msg, "byte ", 5))
                bad_err++; /* every error names its byte offset */
        }
    }
    CHECK(cuts > 5000);
    CHECK_INT(bad_ok, 0);
    CHECK_INT(bad_err, 0);
    free(s.json);
    vg_capture_close(cap);
    vg_decoder_asterix.close(st);
    vg_site_fini(&site);
}

/* A good Cat 048 block written by hand from the spec: SAC 7, SIC 9, ToD 1 s, TYP 1 (PSR),
 * RHO 1 NM, THETA 90°. */
#define GOOD48 0x30, 0x00, 0x0E, 0xF0, 7, 9, 0, 0, 0x80, 0x20, 0x01, 0x00, 0x40, 0x00

static const struct bad_case {
    const char *name;
    uint8_t bytes[40];
    size_t len;
    int rc;           /* expected return: negative error, or detections */
    const char *at;   /* the message starts with this ("byte N:") */
    int ndet;         /* detections emitted anyway (sync kept) */
} bad_cases[] = {
    {"good block", {GOOD48}, 14, 1, NULL, 1},
    {"header cut", {0x30, 0x00}, 2, VG_ETRUNC, "byte 0:", 0},
    {"LEN < 3", {0x30, 0x00, 0x02}, 3, VG_EPARSE, "byte 1:", 0},
    {"LEN past the end", {0x30, 0x00, 0x10, 0x80}, 4, VG_ETRUNC, "byte 1:", 0},
    {"empty block", {0x30, 0x00, 0x03}, 3, VG_EPARSE, "byte 0:", 0},
    {"FSPEC of 5 octets", {0x30, 0x00, 0x08, 1, 1, 1, 1, 0x80}, 8, VG_EPARSE, "byte 7:", 0},
    {"SP length 0", {0x30, 0x00, 0x08, 1, 1, 1, 0x04, 0x00}, 8, VG_EPARSE, "byte 7:", 0},
    {"I048/120 spare subfield", {0x30, 0x00, 0x07, 1, 1, 0x04, 0x20}, 7, VG_EPARSE, "byte 6:", 0},
    {"I048/020 extension past the block", {0x30, 0x00, 0x05, 0x20, 0x01}, 5, VG_ETRUNC,
     "byte 4:", 0},
    {"I048/250 REP past the block", {0x30, 0x00, 0x07, 0x01, 0x40, 0x02, 0}, 7, VG_ETRUNC,
     "byte 5:", 0},
    {"bad block, then a good one", {0x30, 0x00, 0x08, 1, 1, 1, 1, 0x80, GOOD48}, 22,
     VG_EPARSE, "byte 7:", 1},
    {"good block, then a truncated one", {GOOD48, 0x30, 0x00, 0x05, 0x20, 0x01}, 19,
     VG_ETRUNC, "byte 18:", 1},
    {"Cat 062 skipped, then a good block", {62, 0x00, 0x04, 0x00, GOOD48}, 18, 1, NULL, 1},
    {"Cat 034 record cut", {0x22, 0x00, 0x06, 0xE0, 25, 11}, 6, VG_ETRUNC, "byte 6:", 0},
    {"empty datagram", {0}, 0, VG_ETRUNC, "byte 0:", 0},
};

static void malformed_blocks(void)
{
    struct vg_site site;
    vg_site_init(&site);
    struct vg_sensor sen = {.id = "7/9", .type = VG_SENSOR_RADAR, .declared = 1};
    CHECK_INT(vg_site_add_sensor(&site, &sen), 0);
    void *st;
    struct vg_diag d;
    CHECK_INT(vg_decoder_asterix.open(&st, &site, NULL, &d), 0);
    struct sink s = {0};
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        const struct bad_case *c = &bad_cases[i];
        test_current = c->name;
        uint8_t *b = malloc(c->len ? c->len : 1);
        memcpy(b, c->bytes, c->len);
        int rc = decode(st, b, c->len, 1e9, &s, &d);
        free(b);
        CHECK_INT(rc, c->rc);
        CHECK_INT(s.ndet, c->ndet);
        if (c->at && strncmp(d.msg, c->at, strlen(c->at)))
            fprintf(stderr, "  %s: message '%s', expected '%s...'\n", c->name, d.msg, c->at);
        CHECK(!c->at || !strncmp(d.msg, c->at, strlen(c->at)));
        if (c->ndet) {
            CHECK_NEAR(s.det[0].z[0], 1852.0, 1e-9);
            CHECK_NEAR(s.det[0].z[1], 90 * D2R, 1e-12);
            CHECK_INT(s.det[0].nz, 2); /* no height: no elevation */
        }
        /* The description is valid JSON even for a malformed unit. */
        json_error_t e;
        json_t *o = json_loads(s.json ? s.json : "", 0, &e);
        CHECK(o != NULL);
        CHECK((rc < 0) == (json_object_get(o, "error") != NULL));
        json_decref(o);
    }
    test_current = "malformed_blocks";
    free(s.json);
    vg_decoder_asterix.close(st);
    vg_site_fini(&site);
}

/* Encode → decode gives the detection back within the LSBs: RHO 1/256 NM, THETA 360/2^16°,
 * ToD 1/128 s, height 25 ft (so elevation 12.5 ft / r). Also the ToD's day around midnight. */
static void round_trip(void)
{
    struct vg_site site;
    vg_site_init(&site);
    vg_enu_frame_init(&site.frame, 50.0, 8.0, 100.0);
    struct vg_sensor sen = {.id = "7/9", .type = VG_SENSOR_RADAR, .declared = 1};
    sen.lat_deg = 50.01;
    sen.lon_deg = 8.0;
    sen.h_m = 180.0;
    vg_enu_from_geo(&site.frame, sen.lat_deg, sen.lon_deg, sen.h_m, sen.pos);
    CHECK_INT(vg_site_add_sensor(&site, &sen), 0);
    void *st;
    struct vg_diag d;
    CHECK_INT(vg_decoder_asterix.open(&st, &site, NULL, &d), 0);
    struct sink s = {0};
    static const double cases[][4] = {
        /* t (UNIX s), range m, az deg, el deg */
        {1700000000.123, 2345.6, 123.4, 3.2},
        {1700000000.5, 150.0, 359.999, 25.0},
        {1700000000.5, 9000.0, 0.0, -1.0},
        {1700000000.5, 470000.0, 271.3, 0.5},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct vg_detection det = {.t = cases[i][0], .sensor = 0, .kind = VG_DET_POLAR,
                                   .nz = 3, .flags = VG_DET_HAS_EL};
        det.z[0] = cases[i][1];
        det.z[1] = cases[i][2] * D2R;
        det.z[2] = cases[i][3] * D2R;
        uint8_t buf[64];
        int n = vg_decoder_asterix.encode(st, &det, buf, sizeof buf, &d);
        CHECK(n > 0);
        CHECK_INT(vg_decoder_asterix.encode(st, &det, buf, 5, &d), VG_ERANGE);
        CHECK_INT(decode(st, buf, (size_t)n, det.t + 0.3, &s, &d), 1);
        const struct vg_detection *g = &s.det[0];
        CHECK_INT(g->kind, VG_DET_POLAR);
        CHECK_INT(g->sensor, 0);
        CHECK_NEAR(g->t, det.t, 1.0 / 256 + 1e-6);
        CHECK_NEAR(g->z[0], det.z[0], 1852.0 / 512 + 1e-9);
        double daz = remainder(g->z[1] - det.z[1], 2 * 3.14159265358979323846);
        CHECK_NEAR(daz, 0, 360.0 / 65536 / 2 * D2R + 1e-12);
        CHECK(g->flags & VG_DET_HAS_EL);
        /* Height error ≤ 12.5 ft; range quantisation moves the angle by ~δr tan(el)/r. */
        double tol = (12.5 * 0.3048 / cos(det.z[2]) + 1852.0 / 512 * fabs(tan(det.z[2]))) /
                     det.z[0] * 1.01;
        CHECK_NEAR(g->z[2], det.z[2], tol);
    }
    /* 256 NM does not fit RHO. */
    struct vg_detection far = {.t = 10, .kind = VG_DET_POLAR, .nz = 2, .z = {256 * 1852.0, 0}};
    uint8_t buf[64];
    CHECK_INT(vg_decoder_asterix.encode(st, &far, buf, sizeof buf, &d), VG_EINVAL);
    /* A bearing has no Cat 048 form. */
    struct vg_detection brg = {.t = 10, .kind = VG_DET_BEARING, .nz = 1};
    CHECK_INT(vg_decoder_asterix.encode(st, &brg, buf, sizeof buf, &d), 0);
    /* A scan marker is a Cat 034 north marker. */
    struct vg_detection scan = {.t = 1700000001.0, .kind = VG_DET_SCAN};
    int n = vg_decoder_asterix.encode(st, &scan, buf, sizeof buf, &d);
    CHECK(n > 0);
    CHECK_INT(decode(st, buf, (size_t)n, scan.t + 0.1, &s, &d), 1);
    CHECK_INT(s.nscan, 1);
    CHECK_NEAR(s.det[0].t, scan.t, 1e-9);
    /* Midnight: ToD 23:59:59.99 received at 00:00:00.1 is the day before, and ToD 00:00:00.5
     * received at 23:59:59.9 the day after. */
    double day = 86400.0 * 19000;
    struct vg_detection late = {.t = day - 0.01, .kind = VG_DET_POLAR, .nz = 2, .z = {1000, 1}};
    n = vg_decoder_asterix.encode(st, &late, buf, sizeof buf, &d);
    CHECK_INT(decode(st, buf, (size_t)n, day + 0.1, &s, &d), 1);
    CHECK_NEAR(s.det[0].t, day - 0.01, 1.0 / 256);
    struct vg_detection early = {.t = day + 0.5, .kind = VG_DET_POLAR, .nz = 2, .z = {1000, 1}};
    n = vg_decoder_asterix.encode(st, &early, buf, sizeof buf, &d);
    CHECK_INT(decode(st, buf, (size_t)n, day - 0.1, &s, &d), 1);
    CHECK_NEAR(s.det[0].t, day + 0.5, 1.0 / 256);
    free(s.json);
    vg_decoder_asterix.close(st);
    vg_site_fini(&site);
}

/* The input's sensor option maps every SAC/SIC to it; an unknown one fails at open. */
static void sensor_option(void)
{
    struct vg_site site;
    vg_site_init(&site);
    struct vg_sensor sen = {.id = "radar-1", .type = VG_SENSOR_RADAR, .declared = 1};
    CHECK_INT(vg_site_add_sensor(&site, &sen), 0);
    void *st;
    struct vg_diag d;
    struct vg_decoder_options o = {.sensor = "nope"};
    CHECK_INT(vg_decoder_asterix.open(&st, &site, &o, &d), VG_EUNKSENSOR);
    o.sensor = "radar-1";
    CHECK_INT(vg_decoder_asterix.open(&st, &site, &o, &d), 0);
    static const uint8_t good[] = {GOOD48};
    struct sink s = {0};
    CHECK_INT(decode(st, good, sizeof good, 0, &s, &d), 1);
    CHECK_INT(s.det[0].sensor, 0);
    CHECK_NEAR(s.det[0].t, 1.0, 0); /* no arrival time: the time of day itself */
    CHECK_INT(site.nsensors, 1);   /* nothing added */
    free(s.json);
    vg_decoder_asterix.close(st);
    vg_site_fini(&site);
}

/* A feed of many SAC/SICs adds at most 64 undeclared radars to the site. */
static void undeclared_radars_capped(void)
{
    struct vg_site site;
    vg_site_init(&site);
    void *st;
    struct vg_diag d;
    CHECK_INT(vg_decoder_asterix.open(&st, &site, NULL, &d), 0);
    uint8_t buf[100 * 14];
    for (int i = 0; i < 100; i++) {
        const uint8_t b[14] = {GOOD48};
        memcpy(buf + 14 * i, b, 14);
        buf[14 * i + 5] = (uint8_t)i; /* SIC */
    }
    struct sink s = {0};
    CHECK_INT(decode(st, buf, sizeof buf, 0, &s, &d), 0);
    CHECK_INT(site.nsensors, 64);
    CHECK(strstr(s.json, "too many undeclared radars") != NULL);
    free(s.json);
    vg_decoder_asterix.close(st);
    vg_site_fini(&site);
}

/* What the encoder writes (for `vigil sim --live`), read by tshark: no malformed or expert
 * mark, and the detection's values within the LSBs. */
static void tshark_reads_encoded_cat048(void)
{
    if (!tshark_available()) {
        fprintf(stderr, "  tshark is not installed: it is the independent peer of this test "
                        "(Debian: apt-get install tshark)\n");
        CHECK(!"tshark available");
        return;
    }
    struct vg_site site;
    vg_site_init(&site);
    struct vg_sensor sen = {.id = "25/201", .type = VG_SENSOR_RADAR, .declared = 1};
    sen.h_m = 50.0;
    CHECK_INT(vg_site_add_sensor(&site, &sen), 0);
    void *st;
    struct vg_diag d;
    CHECK_INT(vg_decoder_asterix.open(&st, &site, NULL, &d), 0);
    enum { N = 40 };
    static uint8_t dg[N + 1][64];
    const uint8_t *pl[N + 1];
    size_t len[N + 1];
    struct vg_detection det[N];
    for (int i = 0; i < N; i++) {
        struct vg_detection x = {.t = 1700000000.0 + 0.37 * i, .kind = VG_DET_POLAR, .nz = 3,
                                 .flags = VG_DET_HAS_EL};
        x.z[0] = 300.0 + 711.3 * i;
        x.z[1] = fmod(9.1 * i, 360.0) * D2R;
        x.z[2] = (1.0 + 0.2 * i) * D2R;
        det[i] = x;
        int n = vg_decoder_asterix.encode(st, &x, dg[i], sizeof dg[i], &d);
        CHECK(n > 0);
        len[i] = n > 0 ? (size_t)n : 0;
        pl[i] = dg[i];
    }
    struct vg_detection scan = {.t = 1700000020.25, .kind = VG_DET_SCAN};
    int n = vg_decoder_asterix.encode(st, &scan, dg[N], sizeof dg[N], &d);
    CHECK(n > 0);
    len[N] = n > 0 ? (size_t)n : 0;
    pl[N] = dg[N];
    char path[] = "/tmp/vigil-048-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    CHECK_INT(tshark_write_pcap(path, pl, len, N + 1, 8600), 0);
    struct tshark_out o;
    CHECK_INT(tshark_read(path, "udp.port==8600,asterix", "asterix.message", &o), 0);
    unlink(path);
    CHECK_INT(o.problems, 0);
    CHECK_INT(o.n, N + 1);
    for (int i = 0; i < N && i < o.n; i++) {
        const struct tshark_rec *r = &o.rec[i];
        double tod = fmod(det[i].t, 86400.0);
        CHECK_NEAR(tshark_num(r, "asterix.048_010_SAC"), 25, 0);
        CHECK_NEAR(tshark_num(r, "asterix.048_010_SIC"), 201, 0);
        CHECK_NEAR(tshark_num(r, "asterix.048_140_VALUE"), tod, 1.0 / 256 + 1e-9);
        CHECK_NEAR(tshark_num(r, "asterix.048_020_TYP"), 1, 0);
        CHECK_NEAR(tshark_num(r, "asterix.048_040_RHO"), det[i].z[0] / 1852, 1.0 / 512 + 1e-9);
        double th = tshark_num(r, "asterix.048_040_THETA");
        CHECK_NEAR(fabs(remainder(th - det[i].z[1] / D2R, 360.0)), 0, 360.0 / 65536 / 2 + 1e-9);
        /* The 3D height the detection implies: sensor height + r sin(el) + r²cos²(el)/2Re
         * (the spherical-Earth geometry to first order in r/Re). */
        double r0 = det[i].z[0], el = det[i].z[2];
        double h = 50.0 + r0 * sin(el) + r0 * r0 * cos(el) * cos(el) / (2 * 6371008.8);
        CHECK_NEAR(tshark_num(r, "asterix.048_110_3DH"), h / 0.3048, 12.5 + 0.5);
    }
    if (o.n == N + 1) {
        CHECK_NEAR(tshark_num(&o.rec[N], "asterix.034_000_VALUE"), 1, 0);
        CHECK_NEAR(tshark_num(&o.rec[N], "asterix.034_030_VALUE"), fmod(scan.t, 86400), 0);
    }
    tshark_free(&o);
    vg_decoder_asterix.close(st);
    vg_site_fini(&site);
}

int main(void)
{
    RUN(capture_matches_tshark);
    RUN(capture_detections_with_site);
    RUN(elevation_from_flight_level);
    RUN(every_truncation);
    RUN(malformed_blocks);
    RUN(round_trip);
    RUN(sensor_option);
    RUN(undeclared_radars_capped);
    RUN(tshark_reads_encoded_cat048);
    return test_report();
}
