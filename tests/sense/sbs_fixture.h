/* SPDX-License-Identifier: MIT */
/* sbs_fixture.h — what test_sbs.c and test_sbs_dump1090.c share: a decoder run that collects
 * detections and descriptions, and the check of a run against ../shared's expected.json
 * (the summary of dump1090-mutability's own output for modes1_2m4.bin). */
#ifndef VG_TEST_SBS_FIXTURE_H
#define VG_TEST_SBS_FIXTURE_H

#include <jansson.h>
#include <stdint.h>
#include <string.h>

#include "sense/decoder.h"
#include "sense/sbs.h"
#include "test.h"

#define RUN_DET_MAX 1024

struct sbs_run {
    struct vg_site site;
    const struct vg_decoder_ops *ops;
    void *st;
    struct vg_detection det[RUN_DET_MAX];
    size_t ndet;
    size_t ndesc, bad_desc;     /* descriptions seen, and those that were not JSON objects */
    double alt_min, alt_max;    /* over the descriptions' altitude_ft */
    size_t nalt;
};

static void run_emit(void *u, const struct vg_detection *det)
{
    struct sbs_run *r = u;
    if (r->ndet < RUN_DET_MAX)
        r->det[r->ndet] = *det;
    r->ndet++;
}

static void run_describe(void *u, const char *json, size_t len)
{
    struct sbs_run *r = u;
    json_error_t e;
    json_t *o = json_loadb(json, len, JSON_REJECT_DUPLICATES, &e);
    r->ndesc++;
    if (!json_is_object(o)) {
        r->bad_desc++;
        fprintf(stderr, "not a JSON object: %.*s (%s)\n", (int)len, json, e.text);
    }
    json_t *alt = json_object_get(o, "altitude_ft");
    if (json_is_number(alt)) {
        double a = json_number_value(alt);
        if (r->nalt++ == 0 || a < r->alt_min)
            r->alt_min = a;
        if (r->nalt == 1 || a > r->alt_max)
            r->alt_max = a;
    }
    json_decref(o);
}

/* A site with its origin in the Strait of Sicily, near the recording's aircraft. */
static void sbs_run_open(struct sbs_run *r, const struct vg_decoder_options *o)
{
    memset(r, 0, sizeof *r);
    vg_site_init(&r->site);
    CHECK_INT(vg_enu_frame_init(&r->site.frame, 37.0, 13.8, 0.0), 0);
    r->ops = vg_decoder_find("sbs");
    CHECK(r->ops != NULL);
    struct vg_decoder_options none = {0};
    struct vg_diag d = {""};
    int rc = r->ops->open(&r->st, &r->site, o ? o : &none, &d);
    CHECK_INT(rc, 0);
    if (rc < 0)
        fprintf(stderr, "open: %s\n", d.msg);
}

static int sbs_run_unit(struct sbs_run *r, const char *buf, size_t len, double t_rx,
                        struct vg_diag *d)
{
    struct vg_decode_io io = {run_emit, run_describe, NULL, r, t_rx};
    return r->ops->decode(r->st, (const uint8_t *)buf, len, &io, d);
}

static void sbs_run_close(struct sbs_run *r)
{
    r->ops->close(r->st);
    vg_site_fini(&r->site);
}

/* Whole file into a NUL-terminated malloc'd buffer (caller frees), or NULL. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t n = 0, cap = 0, k;
    do {
        if (n + 65536 + 1 > cap) {
            char *nb = realloc(buf, cap = (n + 65536) * 2 + 1);
            if (!nb) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
        }
        k = fread(buf + n, 1, cap - n - 1, f);
        n += k;
    } while (k > 0);
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

static double num_at(json_t *o, const char *a, const char *b)
{
    json_t *x = json_object_get(o, a);
    if (b)
        x = json_object_get(x, b);
    CHECK(json_is_number(x));
    return json_number_value(x);
}

/* The run against expected.json: line counts by type, the one aircraft with its callsign and
 * squawk, its positions (first and last to 1e-5 degrees, and their altitudes), the altitude
 * range over all lines, and formats.md's adsb defaults on every detection. */
static void sbs_check_expected(struct sbs_run *r, const struct vg_sbs_counts *c)
{
    json_error_t e;
    json_t *x = json_load_file(test_shared("testdata/adsb/expected.json"), 0, &e);
    CHECK(x != NULL);
    if (!x) {
        fprintf(stderr, "expected.json: %s\n", e.text);
        return;
    }
    CHECK_INT(c->lines - c->empty, num_at(x, "sbs_lines", NULL));
    CHECK_INT(c->malformed, 0);
    json_t *by = json_object_get(x, "lines_by_type");
    uint64_t total = 0;
    for (int tt = 1; tt <= 8; tt++) {
        char key[8];
        snprintf(key, sizeof key, "MSG,%d", tt);
        json_t *n = json_object_get(by, key);
        CHECK_INT(c->msg[tt], n ? json_integer_value(n) : 0);
        total += c->msg[tt];
    }
    CHECK_INT(total, num_at(x, "sbs_lines", NULL));
    CHECK_INT(c->aircraft, num_at(x, "aircraft_count", NULL));
    json_t *a = json_array_get(json_object_get(x, "aircraft"), 0);
    const char *icao_s = json_string_value(json_object_get(a, "icao"));
    CHECK(icao_s != NULL);
    uint32_t icao = icao_s ? (uint32_t)strtoul(icao_s, NULL, 16) : 0;
    struct vg_sbs_aircraft ac;
    CHECK_INT(vg_sbs_aircraft_get(r->st, icao, &ac), 0);
    const char *cs = json_string_value(json_object_get(a, "callsign"));
    const char *sq = json_string_value(json_array_get(json_object_get(a, "squawks"), 0));
    CHECK(cs && !strcmp(ac.callsign, cs));
    CHECK(sq && !strcmp(ac.squawk, sq));
    size_t npos = (size_t)num_at(a, "positions", NULL);
    CHECK_INT(r->ndet, npos);
    CHECK_INT(ac.positions, npos);
    CHECK_INT(c->positions, npos);
    CHECK_NEAR(r->alt_min, num_at(a, "altitude_ft_min", NULL), 0);
    CHECK_NEAR(r->alt_max, num_at(a, "altitude_ft_max", NULL), 0);
    CHECK_INT(r->bad_desc, 0);
    char id[8];
    snprintf(id, sizeof id, "%06x", (unsigned)icao);
    for (size_t i = 0; i < r->ndet && i < RUN_DET_MAX; i++) {
        const struct vg_detection *det = &r->det[i];
        CHECK_INT(det->kind, VG_DET_ADSB);
        CHECK_INT(det->nz, 3);
        CHECK(!strcmp(det->coop_id, id));
        CHECK_NEAR(det->R[0], 15.0 * 15.0, 1e-9);
        CHECK_NEAR(det->R[4], 15.0 * 15.0, 1e-9);
        CHECK_NEAR(det->R[8], 100.0 * 100.0, 1e-9);
        CHECK_NEAR(det->R[1] + det->R[2] + det->R[3] + det->R[5] + det->R[6] + det->R[7], 0, 0);
        CHECK(det->sensor < r->site.nsensors);
    }
    if (r->ndet == npos && npos > 0) {
        static const char *const which[2] = {"first_position", "last_position"};
        for (int k = 0; k < 2; k++) {
            const struct vg_detection *det = &r->det[k ? npos - 1 : 0];
            double lat, lon, h;
            vg_enu_to_geo(&r->site.frame, det->z, &lat, &lon, &h);
            CHECK_NEAR(lat, num_at(a, which[k], "lat"), 1e-5);
            CHECK_NEAR(lon, num_at(a, which[k], "lon"), 1e-5);
            CHECK_NEAR(h / 0.3048, num_at(a, which[k], "alt_ft"), 1e-3);
        }
    }
    json_decref(x);
}

#endif
