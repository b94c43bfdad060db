/* SPDX-License-Identifier: MIT */
/* test_jsonl_write.c — the detections writer: known lines per kind, units back to degrees,
 * shortest round-trip numbers, escaping, refusals that write nothing, the extra fields
 * (arrival, emitter, callsign, squawk) and round trips through the reader (sense/jsonl.c),
 * cooperative reports (adsb, remoteid) through lat/lon included. */
#include <stdint.h>

#include "test.h"

#include "base/rng.h"
#include "sense/jsonl.h"
#include "sense/jsonl_write.h"

#define DEG (3.14159265358979323846 / 180.0)

static void make_site(struct vg_site *site)
{
    vg_site_init(site);
    struct vg_sensor s = {.id = "radar-1", .type = VG_SENSOR_RADAR, .declared = 1};
    CHECK(vg_site_add_sensor(site, &s) == 0);
    struct vg_sensor q = {.id = "we\"ird", .type = VG_SENSOR_RF, .declared = 1};
    CHECK(vg_site_add_sensor(site, &q) == 1);
}

/* Write one detection into a string; returns the writer's code. */
static int write_line(const struct vg_site *site, const struct vg_detection *det,
                      const char *truth, char *out, size_t cap)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    int rc = vg_jsonl_write_detection(f, site, det, truth);
    fclose(f);
    snprintf(out, cap, "%s", buf ? buf : "");
    free(buf);
    return rc;
}

static struct vg_detection polar(void)
{
    struct vg_detection d;
    memset(&d, 0, sizeof d);
    d.t = 12.5;
    d.kind = VG_DET_POLAR;
    d.nz = 4;
    d.flags = VG_DET_HAS_EL | VG_DET_HAS_RR | VG_DET_HAS_SNR;
    d.z[0] = 1520.3;
    d.z[1] = 43.25 * DEG;
    d.z[2] = 2.0 * DEG;
    d.z[3] = -35.0;
    double s[4] = {5, 0.5 * DEG, 0.5 * DEG, 0.3};
    for (int i = 0; i < 4; i++)
        d.R[i * 4 + i] = s[i] * s[i];
    d.snr_db = 17.5f;
    return d;
}

static void case_known_lines(void)
{
    struct vg_site site;
    make_site(&site);
    char line[1024];

    struct vg_detection d = polar();
    CHECK(write_line(&site, &d, "fpv-1", line, sizeof line) == 0);
    CHECK(strcmp(line, "{\"t\":12.5,\"sensor\":\"radar-1\",\"kind\":\"polar\",\"range\":1520.3,"
                       "\"az\":43.25,\"el\":2.0,\"rr\":-35.0,\"sigma\":[5.0,0.5,0.5,0.3],"
                       "\"snr_db\":17.5,\"truth\":\"fpv-1\"}\n") == 0);
    if (strstr(line, "43.25") == NULL)
        fprintf(stderr, "  got %s", line);

    /* Without range rate and with a negative azimuth: back into [0, 360). */
    d.nz = 3;
    d.flags = VG_DET_HAS_EL;
    d.z[1] = -90.0 * DEG;
    double R3[9] = {25, 0, 0, 0, 1e-4, 0, 0, 0, 1e-4};
    memcpy(d.R, R3, sizeof R3);
    CHECK(write_line(&site, &d, NULL, line, sizeof line) == 0);
    CHECK(strcmp(line, "{\"t\":12.5,\"sensor\":\"radar-1\",\"kind\":\"polar\",\"range\":1520.3,"
                       "\"az\":270.0,\"el\":2.0,\"sigma\":[5.0,0.5729577951308232,"
                       "0.5729577951308232]}\n") == 0);

    struct vg_detection x;
    memset(&x, 0, sizeof x);
    x.t = 0;
    x.kind = VG_DET_XYZ;
    x.nz = 3;
    x.z[0] = 10.1;
    x.z[1] = -3;
    x.z[2] = 0;
    x.R[0] = x.R[4] = 1;
    x.R[8] = 1e-4;
    x.flags = VG_DET_HAS_HINT | VG_DET_HAS_RCS;
    x.class_hint = VG_CLASS_BIRD;
    x.class_p = 0.75f;
    x.rcs_dbsm = -20.5f;
    CHECK(write_line(&site, &x, "clutter", line, sizeof line) == 0);
    CHECK(strcmp(line, "{\"t\":0.0,\"sensor\":\"radar-1\",\"kind\":\"xyz\",\"pos\":[10.1,-3.0,"
                       "0.0],\"sigma\":[1.0,1.0,0.01],\"rcs_dbsm\":-20.5,\"class_hint\":\"bird\","
                       "\"p\":0.75,\"truth\":\"clutter\"}\n") == 0);

    /* A full covariance is written as cov, in degrees where the components are angles. */
    struct vg_detection b;
    memset(&b, 0, sizeof b);
    b.t = 1;
    b.sensor = 1;
    b.kind = VG_DET_BEARING;
    b.nz = 2;
    b.flags = VG_DET_HAS_EL;
    b.z[0] = 120 * DEG;
    b.z[1] = 10 * DEG;
    b.R[0] = 4 * DEG * DEG;
    b.R[1] = b.R[2] = 1 * DEG * DEG;
    b.R[3] = 9 * DEG * DEG;
    CHECK(write_line(&site, &b, "a\"b\\c\nd", line, sizeof line) == 0);
    CHECK(strcmp(line, "{\"t\":1.0,\"sensor\":\"we\\\"ird\",\"kind\":\"bearing\",\"az\":120.0,"
                       "\"el\":10.0,\"cov\":[4.0,1.0,1.0,9.0],\"truth\":\"a\\\"b\\\\c\\u000ad\"}\n")
          == 0);
    if (strstr(line, "cov") == NULL)
        fprintf(stderr, "  got %s", line);

    struct vg_detection s;
    memset(&s, 0, sizeof s);
    s.t = 3.25;
    s.kind = VG_DET_SCAN;
    CHECK(write_line(&site, &s, NULL, line, sizeof line) == 0);
    CHECK(strcmp(line, "{\"t\":3.25,\"sensor\":\"radar-1\",\"kind\":\"scan\"}\n") == 0);
    vg_site_fini(&site);
}

static void case_refusals_write_nothing(void)
{
    struct vg_site site;
    make_site(&site);
    char line[1024];
    struct vg_detection d = polar();
    d.sensor = 2;
    CHECK(write_line(&site, &d, NULL, line, sizeof line) == VG_EINVAL && line[0] == '\0');
    d = polar();
    d.z[0] = NAN;
    CHECK(write_line(&site, &d, NULL, line, sizeof line) == VG_EINVAL && line[0] == '\0');
    d = polar();
    d.t = INFINITY;
    CHECK(write_line(&site, &d, NULL, line, sizeof line) == VG_EINVAL && line[0] == '\0');
    d = polar();
    d.flags &= (uint16_t)~VG_DET_HAS_EL; /* formats.md: polar needs el */
    CHECK(write_line(&site, &d, NULL, line, sizeof line) == VG_EINVAL && line[0] == '\0');
    d = polar();
    d.R[5] = 0;
    CHECK(write_line(&site, &d, NULL, line, sizeof line) == VG_EINVAL && line[0] == '\0');
    d = polar();
    d.kind = VG_DET_ADSB; /* nz 4: not a position */
    memcpy(d.coop_id, "abc123", 7);
    CHECK(write_line(&site, &d, NULL, line, sizeof line) == VG_EINVAL && line[0] == '\0');
    d = polar();
    d.kind = 77;
    CHECK(write_line(&site, &d, NULL, line, sizeof line) == VG_EINVAL && line[0] == '\0');
    vg_site_fini(&site);
}

/* Write with extras into a string; returns the writer's code. */
static int write_ex(const struct vg_site *site, const struct vg_detection *det,
                    const struct vg_jsonl_extra *x, char *out, size_t cap)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    int rc = vg_jsonl_write_detection_ex(f, site, det, x);
    fclose(f);
    snprintf(out, cap, "%s", buf ? buf : "");
    free(buf);
    return rc;
}

/* "arrival" after "t", "emitter" after the measurement, "truth" last; refusals of a
 * non-finite arrival or band write nothing; the reader ignores the extras. */
static void case_extra_fields(void)
{
    struct vg_site site;
    make_site(&site);
    char line[1024];
    struct vg_detection b;
    memset(&b, 0, sizeof b);
    b.t = 12.5;
    b.sensor = 1;
    b.kind = VG_DET_BEARING;
    b.nz = 1;
    b.z[0] = 120 * DEG;
    b.R[0] = 9 * DEG * DEG;
    struct vg_jsonl_extra x;
    vg_jsonl_extra_init(&x);
    CHECK(write_ex(&site, &b, &x, line, sizeof line) == 0);
    CHECK(strcmp(line, "{\"t\":12.5,\"sensor\":\"we\\\"ird\",\"kind\":\"bearing\",\"az\":120.0,"
                       "\"sigma\":[3.0]}\n") == 0);
    CHECK(write_ex(&site, &b, NULL, line, sizeof line) == 0 && strstr(line, "arrival") == NULL);
    x.arrival = 13.75;
    x.link = "analog-video";
    x.band_mhz = 5800;
    x.truth = "fpv-1";
    CHECK(write_ex(&site, &b, &x, line, sizeof line) == 0);
    CHECK(strcmp(line, "{\"t\":12.5,\"arrival\":13.75,\"sensor\":\"we\\\"ird\",\"kind\":"
                       "\"bearing\",\"az\":120.0,\"sigma\":[3.0],\"emitter\":{\"band_mhz\":"
                       "5800.0,\"link\":\"analog-video\"},\"truth\":\"fpv-1\"}\n") == 0);
    if (!strstr(line, "emitter"))
        fprintf(stderr, "  got %s", line);
    struct vg_detection back;
    struct vg_diag diag;
    CHECK(vg_jsonl_parse_detection(line, strlen(line), &site, 0, &back, &diag) == 1);
    CHECK(back.t == b.t && back.kind == VG_DET_BEARING && back.nz == 1 && back.z[0] == b.z[0]);
    /* A marker can be delayed too. */
    struct vg_detection s;
    memset(&s, 0, sizeof s);
    s.t = 3.0;
    s.kind = VG_DET_SCAN;
    vg_jsonl_extra_init(&x);
    x.arrival = 4.5;
    CHECK(write_ex(&site, &s, &x, line, sizeof line) == 0);
    CHECK(strcmp(line, "{\"t\":3.0,\"arrival\":4.5,\"sensor\":\"radar-1\",\"kind\":\"scan\"}\n")
          == 0);
    x.arrival = INFINITY;
    CHECK(write_ex(&site, &s, &x, line, sizeof line) == VG_EINVAL && line[0] == '\0');
    vg_jsonl_extra_init(&x);
    x.link = "elrs";
    x.band_mhz = 0;
    CHECK(write_ex(&site, &b, &x, line, sizeof line) == VG_EINVAL && line[0] == '\0');
    x.band_mhz = NAN;
    CHECK(write_ex(&site, &b, &x, line, sizeof line) == VG_EINVAL && line[0] == '\0');
    vg_site_fini(&site);
}

static void case_shortest_numbers(void)
{
    char buf[VG_JSONL_NUM_MAX];
    static const struct {
        double x;
        const char *s;
    } known[] = {
        {12, "12.0"}, {0.1, "0.1"}, {-0.0, "-0.0"}, {1e300, "1e+300"}, {1.0 / 3, "0.3333333333333333"},
        {2.5e-7, "2.5e-07"}, {123456789012345678.0, "1.2345678901234568e+17"},
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        int n = vg_jsonl_format_double(buf, known[i].x);
        CHECK(n == (int)strlen(known[i].s) && strcmp(buf, known[i].s) == 0);
    }
    CHECK(vg_jsonl_format_double(buf, NAN) == VG_ERANGE);
    CHECK(vg_jsonl_format_double(buf, -INFINITY) == VG_ERANGE);
    struct vg_rng rng;
    vg_rng_seed(&rng, 5);
    int bad = 0;
    for (int i = 0; i < 20000; i++) {
        uint64_t bits = vg_rng_next(&rng);
        double x;
        memcpy(&x, &bits, sizeof x);
        if (!isfinite(x))
            continue;
        int n = vg_jsonl_format_double(buf, x);
        bad += n <= 0 || n >= VG_JSONL_NUM_MAX || strtod(buf, NULL) != x ||
               !strpbrk(buf, ".e");
    }
    CHECK_INT(bad, 0);
}

static void case_round_trip_through_reader(void)
{
    struct vg_site site;
    make_site(&site);
    struct vg_rng rng;
    vg_rng_seed(&rng, 11);
    for (int i = 0; i < 500; i++) {
        struct vg_detection d = polar(), back;
        d.t = vg_rng_range(&rng, 0, 1e5);
        d.z[0] = vg_rng_range(&rng, 0, 5000);
        d.z[1] = vg_rng_range(&rng, 0, 2 * 3.14159265358979323846);
        d.z[2] = vg_rng_range(&rng, -1.5, 1.5);
        d.z[3] = vg_rng_range(&rng, -60, 60);
        char line[1024];
        struct vg_diag diag;
        CHECK(write_line(&site, &d, "x", line, sizeof line) == 0);
        CHECK(vg_jsonl_parse_detection(line, strlen(line), &site, 0, &back, &diag) == 1);
        CHECK(back.t == d.t && back.kind == d.kind && back.nz == 4 && back.sensor == 0);
        CHECK(back.flags == d.flags);
        for (int k = 0; k < 4; k++) {
            CHECK_NEAR(back.z[k], d.z[k], 1e-12 * fmax(1, fabs(d.z[k])));
            CHECK_NEAR(back.R[k * 4 + k], d.R[k * 4 + k], 1e-12 * d.R[k * 4 + k]);
        }
        CHECK(back.snr_db == d.snr_db);
    }
    vg_site_fini(&site);
}

/* An ADS-B report of z (ENU m) with sigma [15, 15, 30]. */
static struct vg_detection adsb(double e, double n, double u)
{
    struct vg_detection d;
    memset(&d, 0, sizeof d);
    d.t = 7.5;
    d.kind = VG_DET_ADSB;
    d.nz = 3;
    d.z[0] = e;
    d.z[1] = n;
    d.z[2] = u;
    d.R[0] = d.R[4] = 225;
    d.R[8] = 900;
    memcpy(d.coop_id, "4ca1f3", 7);
    return d;
}

static struct vg_detection remoteid(double e, double n, double u)
{
    struct vg_detection d = adsb(e, n, u);
    d.kind = VG_DET_REMOTEID;
    memset(d.coop_id, 0, sizeof d.coop_id);
    memcpy(d.coop_id, "1581F4XFA22B0012ABCD", 20);
    d.R[0] = d.R[4] = 100;
    d.R[8] = 225;
    return d;
}

/* formats.md's adsb and remoteid lines, from a site at 0 N, 0 E, 0 m, whose origin is exactly
 * lat 0, lon 0, alt_m 0 (elsewhere the last digits depend on the geodetic conversion);
 * callsign and squawk come from the extras, adsb only. */
static void case_coop_known_lines(void)
{
    struct vg_site site;
    make_site(&site);
    char line[1024];
    struct vg_detection d = adsb(0, 0, 0);
    d.flags = VG_DET_HAS_COOP_VEL;
    d.coop_vel[0] = 50.5f;
    d.coop_vel[1] = -20;
    d.coop_vel[2] = 0.25f;
    struct vg_jsonl_extra x;
    vg_jsonl_extra_init(&x);
    x.callsign = "EIN12A";
    x.squawk = "7000";
    x.truth = "heli-1";
    CHECK(write_ex(&site, &d, &x, line, sizeof line) == 0);
    CHECK(strcmp(line, "{\"t\":7.5,\"sensor\":\"radar-1\",\"kind\":\"adsb\",\"icao\":\"4ca1f3\","
                       "\"callsign\":\"EIN12A\",\"squawk\":\"7000\",\"lat\":0.0,\"lon\":0.0,"
                       "\"alt_m\":0.0,\"vel\":[50.5,-20.0,0.25],\"sigma\":[15.0,15.0,30.0],"
                       "\"truth\":\"heli-1\"}\n") == 0);
    if (!strstr(line, "\"lat\":0.0"))
        fprintf(stderr, "  got %s", line);
    d.flags = 0;
    CHECK(write_ex(&site, &d, NULL, line, sizeof line) == 0);
    CHECK(strcmp(line, "{\"t\":7.5,\"sensor\":\"radar-1\",\"kind\":\"adsb\",\"icao\":\"4ca1f3\","
                       "\"lat\":0.0,\"lon\":0.0,\"alt_m\":0.0,\"sigma\":[15.0,15.0,30.0]}\n")
          == 0);

    struct vg_detection r = remoteid(0, 0, 0);
    r.flags = VG_DET_HAS_COOP_OP;
    CHECK(write_ex(&site, &r, &x, line, sizeof line) == 0); /* callsign, squawk: adsb only */
    CHECK(strcmp(line, "{\"t\":7.5,\"sensor\":\"radar-1\",\"kind\":\"remoteid\",\"uas_id\":"
                       "\"1581F4XFA22B0012ABCD\",\"lat\":0.0,\"lon\":0.0,\"alt_m\":0.0,"
                       "\"operator\":{\"lat\":0.0,\"lon\":0.0},\"sigma\":[10.0,10.0,15.0],"
                       "\"truth\":\"heli-1\"}\n") == 0);
    if (!strstr(line, "operator"))
        fprintf(stderr, "  got %s", line);
    vg_site_fini(&site);
}

static void case_coop_refusals(void)
{
    struct vg_site site;
    make_site(&site);
    char line[1024];
    struct vg_jsonl_extra x;
    static const char *const bad_icao[] = {"abc12", "abc1234", "abc12g", "", " abc12"};
    for (size_t i = 0; i < sizeof bad_icao / sizeof *bad_icao; i++) {
        struct vg_detection d = adsb(10, 20, 300);
        memset(d.coop_id, 0, sizeof d.coop_id);
        memcpy(d.coop_id, bad_icao[i], strlen(bad_icao[i]));
        CHECK(write_ex(&site, &d, NULL, line, sizeof line) == VG_EINVAL && line[0] == '\0');
    }
    static const char *const bad_uas[] = {"", "   ", "123456789012345678901", "a\tb",
                                          "caf\xc3\xa9"};
    for (size_t i = 0; i < sizeof bad_uas / sizeof *bad_uas; i++) {
        struct vg_detection d = remoteid(10, 20, 30);
        memset(d.coop_id, 0, sizeof d.coop_id);
        memcpy(d.coop_id, bad_uas[i], strlen(bad_uas[i]));
        CHECK(write_ex(&site, &d, NULL, line, sizeof line) == VG_EINVAL && line[0] == '\0');
    }
    struct vg_detection d = remoteid(10, 20, 30);
    memset(d.coop_id, 'A', sizeof d.coop_id); /* not NUL-terminated */
    CHECK(write_ex(&site, &d, NULL, line, sizeof line) == VG_EINVAL && line[0] == '\0');
    d = remoteid(10, 20, 30);
    d.flags = VG_DET_HAS_COOP_OP;
    d.coop_op[1] = NAN;
    CHECK(write_ex(&site, &d, NULL, line, sizeof line) == VG_EINVAL && line[0] == '\0');
    d = adsb(10, 20, 30);
    d.flags = VG_DET_HAS_COOP_VEL;
    d.coop_vel[2] = INFINITY;
    CHECK(write_ex(&site, &d, NULL, line, sizeof line) == VG_EINVAL && line[0] == '\0');
    d.coop_vel[2] = 2500;
    CHECK(write_ex(&site, &d, NULL, line, sizeof line) == VG_EINVAL && line[0] == '\0');
    d = adsb(10, NAN, 30);
    CHECK(write_ex(&site, &d, NULL, line, sizeof line) == VG_EINVAL && line[0] == '\0');
    d = adsb(10, 20, 30);
    d.nz = 2;
    CHECK(write_ex(&site, &d, NULL, line, sizeof line) == VG_EINVAL && line[0] == '\0');
    d = adsb(10, 20, 30);
    d.R[8] = 0;
    CHECK(write_ex(&site, &d, NULL, line, sizeof line) == VG_EINVAL && line[0] == '\0');
    static const char *const bad_call[] = {"", "ABCDEFGHI", "ein12a", "    ", "A-1"};
    for (size_t i = 0; i < sizeof bad_call / sizeof *bad_call; i++) {
        vg_jsonl_extra_init(&x);
        x.callsign = bad_call[i];
        d = adsb(10, 20, 30);
        CHECK(write_ex(&site, &d, &x, line, sizeof line) == VG_EINVAL && line[0] == '\0');
    }
    static const char *const bad_squawk[] = {"", "700", "70000", "7800", "12a4"};
    for (size_t i = 0; i < sizeof bad_squawk / sizeof *bad_squawk; i++) {
        vg_jsonl_extra_init(&x);
        x.squawk = bad_squawk[i];
        d = adsb(10, 20, 30);
        CHECK(write_ex(&site, &d, &x, line, sizeof line) == VG_EINVAL && line[0] == '\0');
    }
    vg_site_fini(&site);
}

/* Random ADS-B and Remote ID reports at a real site, written and read back: positions through
 * lat/lon/alt_m within a nanometre-scale tolerance, everything else exactly. */
static void case_coop_round_trip(void)
{
    struct vg_site site;
    make_site(&site);
    CHECK(vg_enu_frame_init(&site.frame, 48.6105, 22.3120, 120) == 0);
    struct vg_rng rng;
    vg_rng_seed(&rng, 23);
    double worst = 0.0, worst_op = 0.0;
    int op_exact = 0, nop = 0;
    for (int i = 0; i < 2000; i++) {
        int rid = i & 1;
        double span = rid ? 3000 : 100000;
        struct vg_detection d = rid ? remoteid(0, 0, 0) : adsb(0, 0, 0), back;
        d.t = vg_rng_range(&rng, 0, 3600);
        d.z[0] = vg_rng_range(&rng, -span, span);
        d.z[1] = vg_rng_range(&rng, -span, span);
        d.z[2] = vg_rng_range(&rng, rid ? 0 : 100, rid ? 150 : 12000);
        for (int k = 0; k < 3; k++)
            d.R[4 * k] = vg_rng_range(&rng, 1, 900);
        if (vg_rng_uniform(&rng) < 0.7) {
            d.flags |= VG_DET_HAS_COOP_VEL;
            for (int k = 0; k < 3; k++)
                d.coop_vel[k] = (float)vg_rng_range(&rng, -300, 300);
        }
        if (rid && vg_rng_uniform(&rng) < 0.7) {
            d.flags |= VG_DET_HAS_COOP_OP;
            d.coop_op[0] = (float)vg_rng_range(&rng, -span, span);
            d.coop_op[1] = (float)vg_rng_range(&rng, -span, span);
        }
        if (rid)
            snprintf(d.coop_id, sizeof d.coop_id, "UAS %d", i);
        char line[1024];
        struct vg_diag diag = {""};
        CHECK(write_ex(&site, &d, NULL, line, sizeof line) == 0);
        int rc = vg_jsonl_parse_detection(line, strlen(line), &site, 0, &back, &diag);
        CHECK(rc == 1);
        if (rc != 1) {
            fprintf(stderr, "  %s: %s", diag.msg, line);
            continue;
        }
        CHECK(back.t == d.t && back.kind == d.kind && back.nz == 3 && back.flags == d.flags);
        CHECK(strcmp(back.coop_id, d.coop_id) == 0);
        for (int k = 0; k < 3; k++) {
            worst = fmax(worst, fabs(back.z[k] - d.z[k]));
            CHECK_NEAR(back.R[4 * k], d.R[4 * k], 1e-12 * d.R[4 * k]);
            CHECK(back.coop_vel[k] == d.coop_vel[k]);
        }
        CHECK(back.R[1] == 0 && back.R[5] == 0 && back.R[6] == 0);
        if (d.flags & VG_DET_HAS_COOP_OP) {
            nop++;
            op_exact += back.coop_op[0] == d.coop_op[0] && back.coop_op[1] == d.coop_op[1];
            for (int k = 0; k < 2; k++)
                worst_op = fmax(worst_op, fabs(back.coop_op[k] - d.coop_op[k]));
        }
    }
    fprintf(stderr, "  position error %.2g m, operator %.2g m (%d of %d exact)\n", worst,
            worst_op, op_exact, nop);
    CHECK(worst < 1e-6);
    CHECK(worst_op <= 5e-4); /* a float's ulp at 3 km is 2.4e-4 m */
    CHECK(op_exact >= nop - nop / 100);
    vg_site_fini(&site);
}

int main(void)
{
    RUN(case_known_lines);
    RUN(case_refusals_write_nothing);
    RUN(case_extra_fields);
    RUN(case_shortest_numbers);
    RUN(case_round_trip_through_reader);
    RUN(case_coop_known_lines);
    RUN(case_coop_refusals);
    RUN(case_coop_round_trip);
    return test_report();
}
