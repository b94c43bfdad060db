/* SPDX-License-Identifier: MIT */
/* test_sbs.c — the SBS-1 decoder: dump1090-mutability's real output (expected.sbs) against
 * its summary (expected.json), state across lines, time, the encoder read back, and bad
 * lines (a table with the byte offset each must name, and every line truncated at every
 * length). */
#include <stdlib.h>

#include "base/angle.h"
#include "sbs_fixture.h"

/* Feed buf line by line as a LINE framing would ("\n" or "\r\n" stripped). t_rx = 0: no
 * arrival time; t_rx > 0: t_rx + i * step for line i. Returns the malformed lines. */
static int feed(struct sbs_run *r, const char *buf, size_t len, double t_rx, double step)
{
    int bad = 0;
    size_t i = 0, line = 0;
    while (i < len) {
        const char *nl = memchr(buf + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - buf) : len, n = e - i;
        if (n > 0 && buf[i + n - 1] == '\r')
            n--;
        struct vg_diag d = {""};
        int rc = sbs_run_unit(r, buf + i, n, t_rx > 0 ? t_rx + (double)line * step : 0, &d);
        if (rc < 0) {
            bad++;
            fprintf(stderr, "line %zu: %s\n", line + 1, d.msg);
        }
        line++;
        i = e + 1;
    }
    return bad;
}

/* The k-th comma-separated field (1-based) of a line, copied into out. */
static void field_of(const char *line, int k, char *out, size_t cap)
{
    const char *p = line;
    for (int i = 1; i < k && p; i++)
        p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL;
    size_t n = p ? strcspn(p, ",\r\n") : 0;
    if (n >= cap)
        n = cap - 1;
    memcpy(out, p ? p : "", n);
    out[n] = '\0';
}

/* Byte offset of field k (1-based) in line: after the (k-1)-th comma. */
static size_t field_off(const char *line, int k)
{
    size_t off = 0;
    for (int i = 1; i < k; i++)
        off += strcspn(line + off, ",") + 1;
    return off;
}

/* Seconds since 1970-01-01 of "YYYY/MM/DD" and "HH:MM:SS.mmm", counted day by day here
 * (independently of the decoder's civil-date formula). */
static double utc_of(const char *date, const char *tod)
{
    int y = atoi(date), mo = atoi(date + 5), dd = atoi(date + 8);
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    long days = 0;
    for (int k = 1970; k < y; k++)
        days += 365 + ((k % 4 == 0 && k % 100 != 0) || k % 400 == 0);
    for (int k = 1; k < mo; k++)
        days += mdays[k - 1] + (k == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
    days += dd - 1;
    return (double)days * 86400 + atoi(tod) * 3600 + atoi(tod + 3) * 60 + atof(tod + 6);
}

/* The lines of expected.sbs (pointers into buf, NUL-terminated in place, CR dropped). */
static size_t split_lines(char *buf, size_t len, char **lines, size_t cap)
{
    size_t n = 0;
    for (char *p = buf; p < buf + len && n < cap;) {
        char *nl = memchr(p, '\n', (size_t)(buf + len - p));
        char *e = nl ? nl : buf + len;
        if (e > p && e[-1] == '\r')
            e[-1] = '\0';
        *e = '\0';
        lines[n++] = p;
        p = e + 1;
    }
    return n;
}

#define LINES_MAX 400

static void case_expected_sbs(void)
{
    size_t len;
    char *buf = slurp(test_shared("testdata/adsb/expected.sbs"), &len);
    CHECK(buf != NULL);
    if (!buf)
        return;
    struct sbs_run r;
    sbs_run_open(&r, NULL);
    CHECK_INT(feed(&r, buf, len, 0, 0), 0);
    struct vg_sbs_counts c;
    vg_sbs_counts(r.st, &c);
    sbs_check_expected(&r, &c);

    /* Each position against its own line, read here by a plain split: time from fields 7-8
     * (read as UTC), velocity from the last MSG,4 before it (kt, deg, ft/min → ENU m/s). */
    char *lines[LINES_MAX];
    size_t nl = split_lines(buf, len, lines, LINES_MAX), k = 0;
    double gs = -1, trk = 0, vr = 0;
    for (size_t i = 0; i < nl; i++) {
        char f[16][32];
        for (int j = 0; j < 16; j++)
            field_of(lines[i], j == 0 ? 2 : j, f[j], sizeof f[j]);
        char lat[32], lon[32], vrs[32];
        field_of(lines[i], 15, lat, sizeof lat);
        field_of(lines[i], 16, lon, sizeof lon);
        field_of(lines[i], 17, vrs, sizeof vrs);
        if (!strcmp(f[0], "4")) {
            gs = atof(f[13]);
            trk = atof(f[14]);
            vr = atof(vrs);
        }
        if (!lat[0] || k >= r.ndet)
            continue;
        const struct vg_detection *det = &r.det[k++];
        CHECK_INT(det->src_line, i + 1);
        CHECK_NEAR(det->t, utc_of(f[7], f[8]), 1e-6);
        double lat_d, lon_d, h;
        vg_enu_to_geo(&r.site.frame, det->z, &lat_d, &lon_d, &h);
        CHECK_NEAR(lat_d, atof(lat), 1e-9);
        CHECK_NEAR(lon_d, atof(lon), 1e-9);
        CHECK_NEAR(h, atof(f[12]) * 0.3048, 1e-6);
        CHECK(gs >= 0 && (det->flags & VG_DET_HAS_COOP_VEL));
        double v = gs * 1852.0 / 3600.0;
        CHECK_NEAR(det->coop_vel[0], v * sin(trk * VG_DEG), 1e-3);
        CHECK_NEAR(det->coop_vel[1], v * cos(trk * VG_DEG), 1e-3);
        CHECK_NEAR(det->coop_vel[2], vr * 0.3048 / 60.0, 1e-4);
    }
    CHECK_INT(k, r.ndet);
    sbs_run_close(&r);

    /* With arrival times, those are the detections' times. */
    size_t len2;
    char *buf2 = slurp(test_shared("testdata/adsb/expected.sbs"), &len2);
    sbs_run_open(&r, NULL);
    CHECK_INT(feed(&r, buf2, len2, 1.8e9, 0.25), 0);
    for (size_t i = 0; i < r.ndet && i < RUN_DET_MAX; i++)
        CHECK_NEAR(r.det[i].t, 1.8e9 + (r.det[i].src_line - 1) * 0.25, 1e-6);
    vg_sbs_counts(r.st, &c);
    CHECK_INT(c.positions, 75);
    /* 0.25 s a line: some MSG,4 are then more than 5 s before the next position. */
    size_t nvel = 0;
    for (size_t i = 0; i < r.ndet && i < RUN_DET_MAX; i++)
        nvel += (r.det[i].flags & VG_DET_HAS_COOP_VEL) != 0;
    CHECK(nvel > 0 && nvel <= r.ndet);
    sbs_run_close(&r);
    free(buf2);
    free(buf);
}

/* Several lines in one unit (LF or CRLF) decode as they do one by one. */
static void case_multiline_unit(void)
{
    size_t len;
    char *buf = slurp(test_shared("testdata/adsb/expected.sbs"), &len);
    CHECK(buf != NULL);
    if (!buf)
        return;
    size_t cut = 0;
    for (int i = 0; i < 30; i++)
        cut += strcspn(buf + cut, "\n") + 1;
    struct sbs_run a, b;
    sbs_run_open(&a, NULL);
    sbs_run_open(&b, NULL);
    struct vg_diag d = {""};
    int n = sbs_run_unit(&a, buf, cut, 0, &d);
    CHECK_INT(feed(&b, buf, cut, 0, 0), 0);
    CHECK_INT(n, b.ndet);
    CHECK(n >= 3);
    CHECK_INT(a.ndet, b.ndet);
    for (size_t i = 0; i < a.ndet && i < b.ndet; i++)
        CHECK(!memcmp(a.det[i].z, b.det[i].z, sizeof a.det[i].z));
    /* LF only, and no line end after the last line. */
    char *lf = malloc(cut);
    size_t m = 0;
    for (size_t i = 0; i + 1 < cut; i++)
        if (buf[i] != '\r')
            lf[m++] = buf[i];
    sbs_run_close(&a);
    sbs_run_open(&a, NULL);
    CHECK_INT(sbs_run_unit(&a, lf, m, 0, &d), n);
    struct vg_sbs_counts ca, cb;
    vg_sbs_counts(a.st, &ca);
    vg_sbs_counts(b.st, &cb);
    CHECK_INT(ca.lines, 30);
    CHECK_INT(ca.lines, cb.lines);
    /* A bad line among good ones: the good ones still emit, the error names its byte. */
    const char *mix = "MSG,3,1,1,4D2023,1,,,,,,22875,,,37.1,13.8,,,,,,\r\n"
                      "MSG,3,1,1,4D2023,1,,,,,,2x875,,,37.1,13.8,,,,,,\r\n"
                      "MSG,3,1,1,4D2023,1,,,,,,22875,,,37.1,13.8,,,,,,\r\n";
    size_t before = a.ndet;
    CHECK_INT(sbs_run_unit(&a, mix, strlen(mix), 1, &d), VG_EPARSE);
    CHECK_INT(a.ndet - before, 2);
    char want[32];
    snprintf(want, sizeof want, "byte %zu:", strcspn(mix, "\n") + 1 + field_off(mix, 12));
    CHECK(!strncmp(d.msg, want, strlen(want)));
    sbs_run_close(&a);
    sbs_run_close(&b);
    free(lf);
    free(buf);
}

struct bad_case {
    const char *name, *line;
    int rc;
    int field;  /* the field whose offset the message names; 0: use off */
    size_t off; /* END: the line's end */
};

#define END ((size_t)-1)

static const struct bad_case bad_cases[] = {
    {"altitude letters", "MSG,3,1,1,4D2023,1,,,,,,2x875,,,37.1,13.8,,,,,,", VG_EPARSE, 12, 0},
    {"altitude exponent", "MSG,3,1,1,4D2023,1,,,,,,1e3,,,37.1,13.8,,,,,,", VG_EPARSE, 12, 0},
    {"altitude nan", "MSG,3,1,1,4D2023,1,,,,,,nan,,,37.1,13.8,,,,,,", VG_EPARSE, 12, 0},
    {"altitude hex", "MSG,3,1,1,4D2023,1,,,,,,0x10,,,37.1,13.8,,,,,,", VG_EPARSE, 12, 0},
    {"altitude two signs", "MSG,3,1,1,4D2023,1,,,,,,--5,,,,,,,,,,", VG_EPARSE, 12, 0},
    {"altitude point", "MSG,3,1,1,4D2023,1,,,,,,.,,,,,,,,,,", VG_EPARSE, 12, 0},
    {"altitude too high", "MSG,3,1,1,4D2023,1,,,,,,200000,,,,,,,,,,", VG_ERANGE, 12, 0},
    {"altitude H only", "MSG,3,1,1,4D2023,1,,,,,,H,,,,,,,,,,", VG_EPARSE, 12, 0},
    {"latitude 91", "MSG,3,1,1,4D2023,1,,,,,,22875,,,91,13.8,,,,,,", VG_ERANGE, 15, 0},
    {"longitude 181", "MSG,3,1,1,4D2023,1,,,,,,22875,,,37,181,,,,,,", VG_ERANGE, 16, 0},
    {"latitude alone", "MSG,3,1,1,4D2023,1,,,,,,22875,,,37.1,,,,,,,", VG_EPARSE, 16, 0},
    {"longitude alone", "MSG,3,1,1,4D2023,1,,,,,,22875,,,,13.8,,,,,,", VG_EPARSE, 15, 0},
    {"ground speed negative", "MSG,4,1,1,4D2023,1,,,,,,,-5,158,,,0,,,,,", VG_ERANGE, 13, 0},
    {"track 361", "MSG,4,1,1,4D2023,1,,,,,,,389,361,,,0,,,,,", VG_ERANGE, 14, 0},
    {"vertical rate", "MSG,4,1,1,4D2023,1,,,,,,,389,158,,,-1920.5.5,,,,,", VG_EPARSE, 17, 0},
    {"squawk 8", "MSG,6,1,1,4D2023,1,,,,,,,,,,,,0118,0,0,0,", VG_EPARSE, 18, 0},
    {"squawk short", "MSG,6,1,1,4D2023,1,,,,,,,,,,,,011,0,0,0,", VG_EPARSE, 18, 0},
    {"flag 2", "MSG,6,1,1,4D2023,1,,,,,,,,,,,,0112,2,0,0,", VG_EPARSE, 19, 0},
    {"on ground word", "MSG,8,1,1,4D2023,1,,,,,,,,,,,,,,,,yes", VG_EPARSE, 22, 0},
    {"callsign lower", "MSG,1,1,1,4D2023,1,,,,,amc421,,,,,,,,,,,", VG_EPARSE, 11, 0},
    {"callsign long", "MSG,1,1,1,4D2023,1,,,,,AMC4210000,,,,,,,,,,,", VG_EPARSE, 11, 0},
    {"icao short", "MSG,8,1,1,4D202,1,,,,,,,,,,,,,,,,", VG_EPARSE, 5, 0},
    {"icao not hex", "MSG,8,1,1,4D202G,1,,,,,,,,,,,,,,,,", VG_EPARSE, 5, 0},
    {"icao missing", "MSG,8,1,1,,1,,,,,,,,,,,,,,,,", VG_EPARSE, 5, 0},
    {"icao 7 digits", "MSG,8,1,1,14D2023,1,,,,,,,,,,,,,,,,", VG_EPARSE, 5, 0},
    {"type unknown", "MSX,8,1,1,4D2023,1,,,,,,,,,,,,,,,,", VG_EPARSE, 1, 0},
    {"transmission 9", "MSG,9,1,1,4D2023,1,,,,,,,,,,,,,,,,", VG_ERANGE, 2, 0},
    {"transmission 0", "MSG,0,1,1,4D2023,1,,,,,,,,,,,,,,,,", VG_ERANGE, 2, 0},
    {"transmission empty", "MSG,,1,1,4D2023,1,,,,,,,,,,,,,,,,", VG_EPARSE, 2, 0},
    {"transmission 3.5", "MSG,3.5,1,1,4D2023,1,,,,,,,,,,,,,,,,", VG_EPARSE, 2, 0},
    {"session word", "MSG,8,x,1,4D2023,1,,,,,,,,,,,,,,,,", VG_EPARSE, 3, 0},
    {"date month 13", "MSG,8,1,1,4D2023,1,2026/13/21,11:08:35.418,,,,,,,,,,,,,,", VG_EPARSE, 7, 0},
    {"date 29 Feb 2026", "MSG,8,1,1,4D2023,1,2026/02/29,11:08:35.418,,,,,,,,,,,,,,", VG_EPARSE, 7,
     0},
    {"time 25 h", "MSG,8,1,1,4D2023,1,2026/11/21,25:08:35.418,,,,,,,,,,,,,,", VG_EPARSE, 8, 0},
    {"time without date", "MSG,8,1,1,4D2023,1,,11:08:35.418,,,,,,,,,,,,,,", VG_EPARSE, 7, 0},
    {"logged time bad", "MSG,8,1,1,4D2023,1,,,2026/11/21,11:08:3x,,,,,,,,,,,,", VG_EPARSE, 10, 0},
    {"too many fields", "MSG,8,1,1,4D2023,1,,,,,,,,,,,,,,,,0,", VG_EPARSE, 23, 0},
    {"far too many fields", "MSG,8,1,1,4D2023,1,,,,,,,,,,,,,,,,,,,,,,,,,,,,", VG_EPARSE, 23, 0},
    {"21 fields", "MSG,8,1,1,4D2023,1,,,,,,,,,,,,,,,", VG_EPARSE, 0, END},
    {"AIR 9 fields", "AIR,,496,2286,4CA4E5,27215,2010/02/19,18:06:07.710,2010/02/19", VG_EPARSE, 0,
     END},
    {"control byte", "MSG,8,1,1,4D2023,1,,,,,,\t,,,,,,,,,,", VG_EPARSE, 0, 24},
    {"non-ASCII", "MSG,1,1,1,4D2023,1,,,,,\xc3\x84MC421,,,,,,,,,,,", VG_EPARSE, 0, 23},
    {"NUL", "MSG,1,1,1,4D2023,1,,,,,\0AMC,,,,,,,,,,,", VG_EPARSE, 0, 23},
    {"far from the site", "MSG,3,1,1,4D2023,1,,,,,,22875,,,-37.1,13.8,,,,,,", VG_ERANGE, 1, 0},
};

static void case_malformed(void)
{
    struct sbs_run r;
    sbs_run_open(&r, NULL);
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        const struct bad_case *b = &bad_cases[i];
        test_current = b->name;
        /* The NUL case's length comes from its text past the NUL. */
        size_t n = strlen(b->line);
        if (!strcmp(b->name, "NUL"))
            n += 1 + strlen(b->line + n + 1);
        struct vg_diag d = {""};
        size_t before = r.ndet;
        int rc = sbs_run_unit(&r, b->line, n, 0, &d);
        CHECK_INT(rc, b->rc);
        CHECK_INT(r.ndet, before);
        size_t off = b->field ? field_off(b->line, b->field) : b->off == END ? n : b->off;
        if (b->field == 23) /* the comma that opens the 23rd field */
            off--;
        char want[32];
        snprintf(want, sizeof want, "byte %zu: ", off);
        if (strncmp(d.msg, want, strlen(want)) != 0) {
            fprintf(stderr, "  %s: want '%s...', got '%s'\n", b->name, want, d.msg);
            CHECK(0);
        }
    }
    test_current = "case_malformed";
    struct vg_sbs_counts c;
    vg_sbs_counts(r.st, &c);
    CHECK_INT(c.malformed, sizeof bad_cases / sizeof bad_cases[0]);
    CHECK_INT(c.lines, sizeof bad_cases / sizeof bad_cases[0]);
    /* Over-long: one line, and one unit. */
    char big[5000];
    memset(big, ',', sizeof big);
    memcpy(big, "MSG", 3);
    struct vg_diag d = {""};
    CHECK_INT(sbs_run_unit(&r, big, 300, 0, &d), VG_ERANGE);
    CHECK(!strncmp(d.msg, "byte 256: line of 300 bytes", 27));
    CHECK_INT(sbs_run_unit(&r, big, sizeof big, 0, &d), VG_ERANGE);
    CHECK(!strncmp(d.msg, "byte 4096: unit of 5000 bytes", 29));
    CHECK_INT(r.ops->unit_max, 4096);
    sbs_run_close(&r);
}

/* Every line of expected.sbs cut at every length, and every byte replaced by a few others:
 * never a crash, a message for each error, every line counted. */
static void case_truncated_and_mutated(void)
{
    size_t len;
    char *buf = slurp(test_shared("testdata/adsb/expected.sbs"), &len);
    CHECK(buf != NULL);
    if (!buf)
        return;
    char *lines[LINES_MAX];
    size_t nl = split_lines(buf, len, lines, LINES_MAX);
    struct sbs_run r;
    sbs_run_open(&r, NULL);
    uint64_t calls = 0, bad = 0, nomsg = 0;
    static const char subst[] = {',', 'Z', '-', '.', '9', '~', '\r', '\0'};
    for (size_t i = 0; i < nl; i++) {
        size_t n = strlen(lines[i]);
        char tmp[VG_SBS_LINE_MAX];
        for (size_t k = 0; k <= n; k++) {
            struct vg_diag d = {""};
            int rc = sbs_run_unit(&r, lines[i], k, 0, &d);
            calls++;
            bad += rc < 0;
            nomsg += rc < 0 && strncmp(d.msg, "byte ", 5) != 0;
        }
        for (size_t k = 0; k < n && n <= sizeof tmp; k++)
            for (size_t s = 0; s < sizeof subst; s++) {
                memcpy(tmp, lines[i], n);
                tmp[k] = subst[s];
                struct vg_diag d = {""};
                int rc = sbs_run_unit(&r, tmp, n, 0, &d);
                calls++;
                bad += rc < 0;
                nomsg += rc < 0 && strncmp(d.msg, "byte ", 5) != 0;
            }
    }
    struct vg_sbs_counts c;
    vg_sbs_counts(r.st, &c);
    CHECK_INT(c.lines, calls);
    CHECK_INT(c.malformed, bad);
    CHECK_INT(nomsg, 0);
    CHECK(bad > calls / 4);
    CHECK_INT(r.bad_desc, 0);
    for (size_t i = 0; i < r.ndet && i < RUN_DET_MAX; i++)
        CHECK(isfinite(r.det[i].z[0]) && isfinite(r.det[i].z[1]) && isfinite(r.det[i].z[2]));
    sbs_run_close(&r);
    free(buf);
}

static int unit(struct sbs_run *r, const char *line, double t)
{
    struct vg_diag d = {""};
    int rc = sbs_run_unit(r, line, strlen(line), t, &d);
    if (rc < 0)
        fprintf(stderr, "  '%s': %s\n", line, d.msg);
    return rc;
}

/* Real lines dump1090 and BaseStation write, and the state kept across them. */
static void case_lines_and_state(void)
{
    struct sbs_run r;
    sbs_run_open(&r, NULL);
    struct vg_sbs_counts c;
    struct vg_sbs_aircraft a;
    /* dump1090's heartbeat, a bare CR, and BaseStation's session records (Barebones42). */
    CHECK_INT(unit(&r, "", 1), 0);
    CHECK_INT(unit(&r, "\r", 1), 0);
    CHECK_INT(unit(&r, "SEL,,496,2286,4CA4E5,27215,2010/02/19,18:06:07.710,2010/02/19,"
                       "18:06:07.710,RYR1427", 1), 0);
    CHECK_INT(unit(&r, "ID,,496,7162,405637,27928,2010/02/19,18:06:07.115,2010/02/19,"
                       "18:06:07.115,EZY691A", 1), 0);
    CHECK_INT(unit(&r, "AIR,,496,2286,4CA4E5,27215,2010/02/19,18:06:07.710,2010/02/19,"
                       "18:06:07.710", 1), 0);
    CHECK_INT(unit(&r, "STA,,5,179,400AE7,10103,2008/11/28,14:58:51.153,2008/11/28,"
                       "14:58:51.153,RM", 1), 0);
    CHECK_INT(unit(&r, "CLK,,496,-1,,-1,2010/02/19,18:18:19.036,2010/02/19,18:18:19.036", 1),
              0);
    vg_sbs_counts(r.st, &c);
    CHECK_INT(c.empty, 2);
    for (int t = VG_SBS_SEL; t <= VG_SBS_CLK; t++)
        CHECK_INT(c.other[t], 1);
    CHECK_INT(c.aircraft, 0);
    CHECK_INT(r.ndesc, 5);
    /* MSG,8 with almost nothing; a callsign with trailing spaces; a squawk. */
    CHECK_INT(unit(&r, "MSG,8,1,1,4D2023,1,,,,,,,,,,,,,,,,", 10), 0);
    CHECK_INT(unit(&r, "MSG,1,1,1,4D2023,1,,,,,AMC421  ,,,,,,,,,,,", 10), 0);
    CHECK_INT(unit(&r, "MSG,6,1,1,4D2023,1,,,,,,,,,,,,0112,0,0,0,", 10), 0);
    CHECK_INT(vg_sbs_aircraft_get(r.st, 0x4D2023, &a), 0);
    CHECK(!strcmp(a.callsign, "AMC421"));
    CHECK(!strcmp(a.squawk, "0112"));
    CHECK_INT(vg_sbs_aircraft_get(r.st, 0x4D2024, &a), VG_ENOENT);
    CHECK_INT(unit(&r, "MSG,1,1,1,4D2023,1,,,,,AMC421    ,,,,,,,,,,,", 10), 0); /* 10 wide */
    CHECK_INT(vg_sbs_aircraft_get(r.st, 0x4D2023, &a), 0);
    CHECK(!strcmp(a.callsign, "AMC421"));
    /* A position with no altitude anywhere: skipped and counted. */
    CHECK_INT(unit(&r, "MSG,3,1,1,4D2023,1,,,,,,,,,37.1,13.8,,,,,,0", 10), 0);
    vg_sbs_counts(r.st, &c);
    CHECK_INT(c.no_altitude, 1);
    /* An altitude (MSG,5), then a position without one 4.9 s later takes it; 5.1 s: not. */
    CHECK_INT(unit(&r, "MSG,5,1,1,4D2023,1,,,,,,23375,,,,,,,0,,0,", 10), 0);
    CHECK_INT(unit(&r, "MSG,3,1,1,4D2023,1,,,,,,,,,37.1,13.8,,,,,,0", 14.9), 1);
    double lat, lon, h;
    vg_enu_to_geo(&r.site.frame, r.det[r.ndet - 1].z, &lat, &lon, &h);
    CHECK_NEAR(h, 23375 * 0.3048, 1e-6);
    CHECK_INT(unit(&r, "MSG,3,1,1,4D2023,1,,,,,,,,,37.1,13.8,,,,,,0", 15.1), 0);
    /* Velocity rides on positions for 5 s; without a vertical rate, vu = 0. */
    CHECK_INT(unit(&r, "MSG,4,1,1,4D2023,1,,,,,,,400,90,,,,,,,,0", 20), 0);
    CHECK_INT(unit(&r, "MSG,3,1,1,4D2023,1,,,,,,20000,,,37.1,13.8,,,,,,0", 25), 1);
    const struct vg_detection *det = &r.det[r.ndet - 1];
    CHECK(det->flags & VG_DET_HAS_COOP_VEL);
    CHECK_NEAR(det->coop_vel[0], 400 * 1852.0 / 3600, 1e-3);
    CHECK_NEAR(det->coop_vel[1], 0, 1e-3);
    CHECK_NEAR(det->coop_vel[2], 0, 0);
    CHECK_INT(unit(&r, "MSG,3,1,1,4D2023,1,,,,,,20000,,,37.1,13.8,,,,,,0", 25.01), 1);
    CHECK(!(r.det[r.ndet - 1].flags & VG_DET_HAS_COOP_VEL));
    CHECK(!strcmp(r.det[r.ndet - 1].coop_id, "4d2023"));
    /* GNSS altitude (dump1090 --gnss): σv 30 m. */
    CHECK_INT(unit(&r, "MSG,3,1,1,4D2023,1,,,,,,1000H,,,37.1,13.8,,,,,,0", 26), 1);
    CHECK_NEAR(r.det[r.ndet - 1].R[8], 900, 1e-9);
    /* A surface position without altitude sits at the origin's height. */
    CHECK_INT(unit(&r, "MSG,2,1,1,3C6444,1,,,,,,,12,270,37.01,13.81,,,,,,-1", 26), 1);
    vg_enu_to_geo(&r.site.frame, r.det[r.ndet - 1].z, &lat, &lon, &h);
    CHECK_NEAR(h, 0, 1e-6);
    CHECK_NEAR(lat, 37.01, 1e-9);
    /* A non-ICAO address ("~", dump1090-fa/readsb): counted, no detection. */
    CHECK_INT(unit(&r, "MSG,3,1,1,~ABCDEF,1,,,,,,20000,,,37.1,13.8,,,,,,0", 26), 0);
    vg_sbs_counts(r.st, &c);
    CHECK_INT(c.non_icao, 1);
    CHECK_INT(c.aircraft, 2);
    /* Not heard for more than 60 s: forgotten. */
    CHECK_INT(unit(&r, "MSG,8,1,1,4D2023,1,,,,,,,,,,,,,,,,0", 86.02), 0);
    CHECK_INT(vg_sbs_aircraft_get(r.st, 0x4D2023, &a), 0);
    CHECK(!strcmp(a.callsign, ""));
    CHECK(!a.has_alt && !a.has_vel);
    vg_sbs_counts(r.st, &c);
    CHECK_INT(c.expired, 1);
    CHECK_INT(c.malformed, 0);
    sbs_run_close(&r);
}

/* A full table evicts the least recently heard aircraft; lookups stay right through many
 * evictions (backward-shift deletion). */
static void case_table(void)
{
    struct sbs_run r;
    sbs_run_open(&r, NULL);
    enum { N = 5000, KEEP = 1024 };
    char line[64];
    for (uint32_t i = 0; i < N; i++) {
        uint32_t icao = (i * 0x9E3779u + 0x123u) & 0xFFFFFF; /* odd multiplier: distinct */
        snprintf(line, sizeof line, "MSG,8,1,1,%06X,1,,,,,,,,,,,,,,,,", (unsigned)icao);
        CHECK_INT(unit(&r, line, 1 + i * 0.001), 0);
    }
    struct vg_sbs_counts c;
    vg_sbs_counts(r.st, &c);
    CHECK_INT(c.aircraft, KEEP);
    CHECK_INT(c.evicted, N - KEEP);
    int found = 0, gone = 0;
    struct vg_sbs_aircraft a;
    for (uint32_t i = 0; i < N; i++) {
        uint32_t icao = (i * 0x9E3779u + 0x123u) & 0xFFFFFF;
        int rc = vg_sbs_aircraft_get(r.st, icao, &a);
        if (i >= N - KEEP)
            found += rc == 0;
        else
            gone += rc == VG_ENOENT;
    }
    CHECK_INT(found, KEEP);
    CHECK_INT(gone, N - KEEP);
    sbs_run_close(&r);
}

/* encode writes what decode reads back (and what dump1090 writes: 22 fields, CRLF). */
static void case_encode(void)
{
    struct sbs_run r;
    sbs_run_open(&r, NULL);
    struct vg_detection det = {.t = 1795000000.123, .kind = VG_DET_ADSB, .nz = 3,
                               .z = {1234.5, -5678.9, 3000.0}, .coop_id = "4d2023",
                               .flags = VG_DET_HAS_COOP_VEL, .coop_vel = {50, -20, 3}};
    uint8_t buf[512];
    struct vg_diag d = {""};
    int n = r.ops->encode(r.st, &det, buf, sizeof buf, &d);
    CHECK(n > 0);
    if (n <= 0)
        return;
    buf[n] = '\0';
    const char *s = (const char *)buf;
    CHECK(!strncmp(s, "MSG,4,1,1,4D2023,1,", 19));
    const char *second = strstr(s, "\r\nMSG,3,1,1,4D2023,1,");
    CHECK(second != NULL);
    CHECK(n >= 2 && !strcmp(s + n - 2, "\r\n"));
    int commas = 0;
    for (const char *p = s; p < (second ? second : s); p++)
        commas += *p == ',';
    CHECK_INT(commas, 21);
    /* Read back as one unit, with no arrival time: the line's time. */
    int k = sbs_run_unit(&r, s, (size_t)n, 0, &d);
    CHECK_INT(k, 1);
    if (k == 1) {
        const struct vg_detection *g = &r.det[0];
        for (int i = 0; i < 2; i++)
            CHECK_NEAR(g->z[i], det.z[i], 0.15);
        CHECK_NEAR(g->z[2], det.z[2], 0.16);
        CHECK_NEAR(g->t, det.t, 1e-3);
        CHECK(g->flags & VG_DET_HAS_COOP_VEL);
        CHECK_NEAR(g->coop_vel[0], 50, 0.8);
        CHECK_NEAR(g->coop_vel[1], -20, 0.8);
        CHECK_NEAR(g->coop_vel[2], 3, 0.01);
        CHECK(!strcmp(g->coop_id, "4d2023"));
    }
    /* Without a velocity: one MSG,3 line. */
    det.flags = 0;
    n = r.ops->encode(r.st, &det, buf, sizeof buf, &d);
    CHECK(n > 0 && !strncmp((const char *)buf, "MSG,3,", 6));
    CHECK(n > 0 && memchr(buf, '\n', (size_t)n) == buf + n - 1);
    /* What has no SBS form, and what cannot be written. */
    det.kind = VG_DET_POLAR;
    CHECK_INT(r.ops->encode(r.st, &det, buf, sizeof buf, &d), 0);
    det.kind = VG_DET_ADSB;
    CHECK_INT(r.ops->encode(r.st, &det, buf, 20, &d), VG_ERANGE);
    memcpy(det.coop_id, "4d20", 5);
    CHECK_INT(r.ops->encode(r.st, &det, buf, sizeof buf, &d), VG_EINVAL);
    memcpy(det.coop_id, "abcdef", 7);
    det.t = -1;
    CHECK_INT(r.ops->encode(r.st, &det, buf, sizeof buf, &d), VG_ERANGE);
    det.t = 10.5; /* offline time: 1970/01/01, read back the same */
    n = r.ops->encode(r.st, &det, buf, sizeof buf, &d);
    CHECK(n > 0);
    size_t before = r.ndet;
    CHECK_INT(sbs_run_unit(&r, (const char *)buf, (size_t)n, 0, &d), 1);
    CHECK(r.ndet == before + 1 && fabs(r.det[before].t - 10.5) < 1e-9);
    sbs_run_close(&r);
}

static const char *str_of(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

static void case_describe(void)
{
    struct vg_sbs_line l;
    struct vg_diag d = {""};
    const char *line = "MSG,3,1,1,4D2023,1,2026/11/21,11:08:35.437,2026/11/21,11:08:35.475,,"
                       "22875,,,37.10156,13.78474,,,,,,-1";
    CHECK_INT(vg_sbs_parse(line, strlen(line), 0, &l, &d), 0);
    char json[640];
    int n = vg_sbs_describe(&l, json, sizeof json);
    CHECK(n > 0);
    json_t *o = n > 0 ? json_loadb(json, (size_t)n, 0, NULL) : NULL;
    CHECK(json_is_object(o));
    CHECK(!strcmp(str_of(o, "type"), "MSG"));
    CHECK_INT(json_integer_value(json_object_get(o, "transmission_type")), 3);
    CHECK(!strcmp(str_of(o, "icao"), "4D2023"));
    CHECK_NEAR(json_number_value(json_object_get(o, "altitude_ft")), 22875, 0);
    CHECK_NEAR(json_number_value(json_object_get(o, "lat")), 37.10156, 0);
    CHECK_NEAR(json_number_value(json_object_get(o, "lon")), 13.78474, 0);
    CHECK(json_is_true(json_object_get(o, "on_ground")));
    CHECK(json_object_get(o, "callsign") == NULL);
    CHECK_NEAR(json_number_value(json_object_get(o, "time_generated")),
               utc_of("2026/11/21", "11:08:35.437"), 1e-3);
    json_decref(o);
    CHECK_INT(vg_sbs_describe(&l, json, 20), VG_ERANGE);
    line = "STA,,5,179,400AE7,10103,2008/11/28,14:58:51.153,2008/11/28,14:58:51.153,R\"M";
    CHECK_INT(vg_sbs_parse(line, strlen(line), 0, &l, &d), 0);
    n = vg_sbs_describe(&l, json, sizeof json);
    o = n > 0 ? json_loadb(json, (size_t)n, 0, NULL) : NULL;
    CHECK(!strcmp(str_of(o, "status"), "R\"M"));
    json_decref(o);
}

/* Which sensor the detections name. */
static void case_sensor(void)
{
    struct sbs_run r;
    const char *line = "MSG,3,1,1,4D2023,1,,,,,,22875,,,37.1,13.8,,,,,,";
    sbs_run_open(&r, NULL); /* no ADS-B sensor in the site: an implicit "adsb" */
    CHECK_INT(unit(&r, line, 1), 1);
    CHECK(r.ndet == 1 && !strcmp(r.site.sensors[r.det[0].sensor].id, "adsb"));
    CHECK(r.ndet == 1 && !r.site.sensors[r.det[0].sensor].declared);
    sbs_run_close(&r);
    struct vg_decoder_options o = {.sensor = "feeder-2"};
    sbs_run_open(&r, &o);
    CHECK_INT(unit(&r, line, 1), 1);
    CHECK(r.ndet == 1 && !strcmp(r.site.sensors[r.det[0].sensor].id, "feeder-2"));
    CHECK(r.ndet == 1 && r.site.sensors[r.det[0].sensor].type == VG_SENSOR_ADSB);
    sbs_run_close(&r);
    /* The site's own ADS-B receiver. */
    memset(&r, 0, sizeof r);
    vg_site_init(&r.site);
    vg_enu_frame_init(&r.site.frame, 37.0, 13.8, 0.0);
    struct vg_sensor rad = {.id = "radar-1", .type = VG_SENSOR_RADAR, .declared = 1};
    struct vg_sensor rx = {.id = "rx-1", .type = VG_SENSOR_ADSB, .declared = 1};
    vg_site_add_sensor(&r.site, &rad);
    vg_site_add_sensor(&r.site, &rx);
    r.ops = vg_decoder_find("sbs");
    struct vg_decoder_options none = {0};
    struct vg_diag d = {""};
    CHECK_INT(r.ops->open(&r.st, &r.site, &none, &d), 0);
    CHECK_INT(unit(&r, line, 1), 1);
    CHECK_INT(r.det[0].sensor, 1);
    CHECK_INT(r.site.nsensors, 2);
    sbs_run_close(&r);
    CHECK_INT(vg_decoder_find("sbs")->framing, VG_FRAMING_LINE);
}

int main(void)
{
    RUN(case_expected_sbs);
    RUN(case_multiline_unit);
    RUN(case_malformed);
    RUN(case_truncated_and_mutated);
    RUN(case_lines_and_state);
    RUN(case_table);
    RUN(case_encode);
    RUN(case_describe);
    RUN(case_sensor);
    return test_report();
}
