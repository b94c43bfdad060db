/* SPDX-License-Identifier: MIT */
/* test_jsonl_sector.c — a scan marker's "sector" (formats.md: a rotating sensor closing its
 * scan sector by sector, as ASTERIX Cat 034 sector crossings do): read into z = [from, to]
 * radians in [0, 2π), written back in degrees, exact round trips, and every refusal — wrong
 * count, a value outside [0, 360], an empty sector, a sector on a line that is not a scan —
 * by the reader and, for the empty sector, by the writer too. */
#include <stdint.h>

#include "test.h"

#include "base/rng.h"
#include "sense/jsonl.h"
#include "sense/jsonl_write.h"

#define PI 3.14159265358979323846
#define D2R (PI / 180.0)

static void make_site(struct vg_site *s)
{
    vg_site_init(s);
    struct vg_sensor r = {.id = "radar-1", .type = VG_SENSOR_RADAR, .declared = 1};
    CHECK_INT(vg_site_add_sensor(s, &r), 0);
}

#define SCAN "{\"t\":10.125,\"sensor\":\"radar-1\",\"kind\":\"scan\""

static const struct {
    const char *line;
    double from_deg, to_deg; /* where z must be, degrees in [0, 360) */
} good[] = {
    {SCAN ",\"sector\":[0,45]}", 0, 45},
    {SCAN ",\"sector\":[45.0,90.0]}", 45, 90},
    {SCAN ",\"sector\":[315,0]}", 315, 0},        /* the last sector of eight, ending north */
    {SCAN ",\"sector\":[350,10]}", 350, 10},      /* through north */
    {SCAN ",\"sector\":[360,45]}", 0, 45},        /* 360 is north */
    {SCAN ",\"sector\":[0,359.5]}", 0, 359.5},    /* all but half a degree */
    {SCAN ",\"sector\":[1.40625,2.8125]}", 1.40625, 2.8125}, /* one of 256 */
};

static void sector_good(void)
{
    struct vg_site site;
    make_site(&site);
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        struct vg_detection det;
        struct vg_diag d = {""};
        int rc = vg_jsonl_parse_detection(good[i].line, strlen(good[i].line), &site, 0, &det, &d);
        CHECK_INT(rc, 1);
        if (rc != 1) {
            fprintf(stderr, "  %s: %s\n", good[i].line, d.msg);
            continue;
        }
        CHECK_INT(det.kind, VG_DET_SCAN);
        CHECK_INT(det.nz, 2);
        CHECK_NEAR(det.t, 10.125, 0);
        CHECK_NEAR(det.z[0], good[i].from_deg * D2R, 1e-15);
        CHECK_NEAR(det.z[1], good[i].to_deg * D2R, 1e-15);
        CHECK(det.z[0] >= 0 && det.z[0] < 2 * PI && det.z[1] >= 0 && det.z[1] < 2 * PI);
    }
    /* A marker without a sector (or with a null one) is a whole scan, as before. */
    const char *whole[] = {SCAN "}", SCAN ",\"sector\":null}"};
    for (int i = 0; i < 2; i++) {
        struct vg_detection det;
        struct vg_diag d = {""};
        CHECK_INT(vg_jsonl_parse_detection(whole[i], strlen(whole[i]), &site, 0, &det, &d), 1);
        CHECK_INT(det.nz, 0);
    }
    /* A null sector on a line of another kind is absent, not an error. */
    const char *x = "{\"t\":1,\"sensor\":\"radar-1\",\"kind\":\"xyz\",\"pos\":[1,2,3],"
                    "\"sigma\":[1,1,1],\"sector\":null}";
    struct vg_detection det;
    struct vg_diag d = {""};
    CHECK_INT(vg_jsonl_parse_detection(x, strlen(x), &site, 0, &det, &d), 1);
    vg_site_fini(&site);
}

static const struct {
    const char *line;
    int rc;
    const char *msg; /* the whole message */
} bad[] = {
    {SCAN ",\"sector\":[45]}", VG_EPARSE, "'sector' has 1 values, not 2 [from, to] degrees"},
    {SCAN ",\"sector\":[]}", VG_EPARSE, "'sector' has 0 values, not 2 [from, to] degrees"},
    {SCAN ",\"sector\":[0,45,90]}", VG_EPARSE, "'sector' has more than 2 values"},
    {SCAN ",\"sector\":45}", VG_EPARSE, "'sector' is not an array"},
    {SCAN ",\"sector\":[0,\"45\"]}", VG_EPARSE, "'sector' holds a value that is not a number"},
    {SCAN ",\"sector\":[-1,45]}", VG_ERANGE, "'sector' value -1 is outside [0, 360]"},
    {SCAN ",\"sector\":[0,360.5]}", VG_ERANGE, "'sector' value 360.5 is outside [0, 360]"},
    {SCAN ",\"sector\":[-0.000001,45]}", VG_ERANGE, "'sector' value -1e-06 is outside [0, 360]"},
    {SCAN ",\"sector\":[0,1e999]}", VG_ERANGE, "real number overflow"},
    {SCAN ",\"sector\":[45,45]}", VG_ERANGE,
     "'sector' [45, 45] is empty (a whole scan has none)"},
    {SCAN ",\"sector\":[0,360]}", VG_ERANGE,
     "'sector' [0, 360] is empty (a whole scan has none)"},
    {SCAN ",\"sector\":[360,0]}", VG_ERANGE,
     "'sector' [360, 0] is empty (a whole scan has none)"},
    {"{\"t\":1,\"sensor\":\"radar-1\",\"kind\":\"xyz\",\"pos\":[1,2,3],\"sigma\":[1,1,1],"
     "\"sector\":[0,45]}", VG_EPARSE, "'sector' belongs on scan lines only"},
    {"{\"t\":1,\"sensor\":\"radar-1\",\"kind\":\"polar\",\"range\":100,\"az\":10,\"el\":1,"
     "\"sigma\":[1,1,1],\"sector\":[0,45]}", VG_EPARSE, "'sector' belongs on scan lines only"},
    /* Even a malformed sector: the kind's rule is the first said. */
    {"{\"t\":1,\"sensor\":\"radar-1\",\"kind\":\"bearing\",\"az\":10,\"sigma\":[1],"
     "\"sector\":[400]}", VG_EPARSE, "'sector' belongs on scan lines only"},
};

static void sector_bad(void)
{
    struct vg_site site;
    make_site(&site);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct vg_detection det;
        struct vg_diag d = {""};
        int rc = vg_jsonl_parse_detection(bad[i].line, strlen(bad[i].line), &site, 0, &det, &d);
        CHECK_INT(rc, bad[i].rc);
        CHECK(strstr(d.msg, bad[i].msg) != NULL);
        if (rc != bad[i].rc || !strstr(d.msg, bad[i].msg))
            fprintf(stderr, "  %s\n  -> %d '%s'\n", bad[i].line, rc, d.msg);
    }
    /* Every proper prefix of a sector line is an error, never a detection. */
    const char *l = SCAN ",\"sector\":[337.5,0.0]}";
    for (size_t k = 0; k < strlen(l); k++) {
        char buf[128];
        memcpy(buf, l, k);
        struct vg_detection det;
        struct vg_diag d = {""};
        CHECK(vg_jsonl_parse_detection(buf, k, &site, 0, &det, &d) <= 0);
    }
    vg_site_fini(&site);
}

static int write_line(const struct vg_site *site, const struct vg_detection *det, char *out,
                      size_t cap)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    int rc = vg_jsonl_write_detection(f, site, det, NULL);
    fclose(f);
    snprintf(out, cap, "%s", buf ? buf : "");
    free(buf);
    return rc;
}

static struct vg_detection marker(double t, double from, double to)
{
    struct vg_detection m;
    memset(&m, 0, sizeof m);
    m.t = t;
    m.kind = VG_DET_SCAN;
    m.nz = 2;
    m.z[0] = from;
    m.z[1] = to;
    return m;
}

/* Circular distance of two angles, rad. */
static double circ(double a, double b)
{
    double d = fmod(fabs(a - b), 2 * PI);
    return d > PI ? 2 * PI - d : d;
}

static void sector_write(void)
{
    struct vg_site site;
    make_site(&site);
    char line[512];

    /* Known lines: the eight sectors as sim/sim.c makes them (2π·k/8), in degrees, and no
     * sigma or cov (a marker measures nothing). */
    for (int k = 0; k < 8; k++) {
        struct vg_detection m = marker(0.125 * (k + 1), 2 * PI * k / 8,
                                       k == 7 ? 0.0 : 2 * PI * (k + 1) / 8);
        CHECK_INT(write_line(&site, &m, line, sizeof line), 0);
        char want[256], t[VG_JSONL_NUM_MAX];
        CHECK(vg_jsonl_format_double(t, 0.125 * (k + 1)) > 0);
        snprintf(want, sizeof want,
                 "{\"t\":%s,\"sensor\":\"radar-1\",\"kind\":\"scan\",\"sector\":[%.1f,%.1f]}\n",
                 t, 45.0 * k, k == 7 ? 0.0 : 45.0 * (k + 1));
        CHECK(strcmp(line, want) == 0);
        if (strcmp(line, want) != 0)
            fprintf(stderr, "  got  %s  want %s", line, want);
    }
    /* Angles outside [0, 2π) are written in [0, 360). */
    struct vg_detection m = marker(1, -PI / 2, 5 * PI / 2);
    CHECK_INT(write_line(&site, &m, line, sizeof line), 0);
    CHECK(strstr(line, "\"sector\":[270.0,90.0]}") != NULL);
    /* A whole-scan marker stays as it was. */
    m.nz = 0;
    CHECK_INT(write_line(&site, &m, line, sizeof line), 0);
    CHECK(strcmp(line, "{\"t\":1.0,\"sensor\":\"radar-1\",\"kind\":\"scan\"}\n") == 0);

    /* Refusals write nothing: an empty sector (which the reader would refuse), a value that
     * is not finite, a count other than 0 or 2. */
    const double empty[][2] = {{0.5, 0.5}, {0.0, 2 * PI}, {2 * PI, 0.0}, {-PI, PI}, {NAN, 1.0},
                             {1.0, INFINITY}};
    for (size_t i = 0; i < sizeof empty / sizeof *empty; i++) {
        m = marker(1, empty[i][0], empty[i][1]);
        strcpy(line, "untouched");
        CHECK_INT(write_line(&site, &m, line, sizeof line), VG_EINVAL);
        CHECK(line[0] == '\0');
    }
    m = marker(1, 0.1, 0.2);
    m.nz = 1;
    CHECK_INT(write_line(&site, &m, line, sizeof line), VG_EINVAL);
    m.nz = 3;
    CHECK_INT(write_line(&site, &m, line, sizeof line), VG_EINVAL);
    vg_site_fini(&site);
}

/* Random sectors written and read back: z again (to the bit where a decimal of at most 17
 * digits can say it, else within an ulp — jsonl_write.h), and the sector the same. */
static void sector_round_trip(void)
{
    struct vg_site site;
    make_site(&site);
    struct vg_rng r;
    vg_rng_seed(&r, 34);
    int exact = 0, n = 0;
    for (int i = 0; i < 20000; i++) {
        double a = vg_rng_range(&r, 0, 2 * PI), b = vg_rng_range(&r, 0, 2 * PI);
        if (i % 4 == 0) { /* the simulator's sectors: multiples of 2π/n, the last to 0 */
            int j = (i / 4) % 16;
            a = 2 * PI * j / 16;
            b = j == 15 ? 0.0 : 2 * PI * (j + 1) / 16;
        }
        struct vg_detection m = marker(vg_rng_range(&r, 0, 1e5), a, b);
        char line[512];
        int rc = write_line(&site, &m, line, sizeof line);
        if (circ(a, b) < 1e-9) {
            CHECK(rc == VG_EINVAL || rc == 0);
            continue;
        }
        CHECK_INT(rc, 0);
        struct vg_detection back;
        struct vg_diag d = {""};
        rc = vg_jsonl_parse_detection(line, strlen(line), &site, 0, &back, &d);
        CHECK_INT(rc, 1);
        if (rc != 1) {
            fprintf(stderr, "  %s  -> %s\n", line, d.msg);
            break;
        }
        n++;
        CHECK_INT(back.nz, 2);
        CHECK(back.t == m.t);
        CHECK(circ(back.z[0], a) <= 1e-15 && circ(back.z[1], b) <= 1e-15);
        exact += back.z[0] == a && back.z[1] == b;
    }
    fprintf(stderr, "  %d of %d sector round trips exact to the bit\n", exact, n);
    CHECK(n > 19000);
    CHECK(exact > n * 3 / 4); /* ~0.9 per angle: two angles ~0.8 */
    vg_site_fini(&site);
}

int main(void)
{
    RUN(sector_good);
    RUN(sector_bad);
    RUN(sector_write);
    RUN(sector_round_trip);
    return test_report();
}
