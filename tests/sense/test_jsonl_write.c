/* SPDX-License-Identifier: MIT */
/* test_jsonl_write.c — the detections writer: known lines per kind, units back to degrees,
 * shortest round-trip numbers, escaping, refusals that write nothing, the extra fields
 * (arrival, emitter) and a round trip through the reader (sense/jsonl.c). */
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
    d.kind = VG_DET_ADSB;
    CHECK(write_line(&site, &d, NULL, line, sizeof line) == VG_EUNSUPPORTED && line[0] == '\0');
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

int main(void)
{
    RUN(case_known_lines);
    RUN(case_refusals_write_nothing);
    RUN(case_extra_fields);
    RUN(case_shortest_numbers);
    RUN(case_round_trip_through_reader);
    return test_report();
}
