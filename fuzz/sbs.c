/* SPDX-License-Identifier: MIT */
/* sbs.c — libFuzzer target for the SBS-1 BaseStation decoder (sense/sbs.c).
 *
 * The input is a stream: it is split into lines at "\n" as a LINE framing would (a trailing
 * "\r" left for the decoder), and the lines go one by one through one decoder state, so the
 * per-aircraft table is exercised across lines; the arrival time of a line is taken from its
 * first byte so that altitude, velocity and expiry windows are crossed. Then the whole input
 * goes through a fresh state as one unit. Besides ASan/UBSan it checks what the decoder
 * promises: finite z and R with R's diagonal positive, a 6-digit lower-case ICAO coop_id, a
 * message naming a byte for every error, descriptions that are JSON objects, counters that
 * add up, and that every detection encodes to lines that decode back to one detection. */
#include <jansson.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "sense/decoder.h"
#include "sense/sbs.h"

#define CHECK(c)                \
    do {                        \
        if (!(c))               \
            __builtin_trap();   \
    } while (0)

struct ctx {
    const struct vg_decoder_ops *ops;
    void *st, *back;          /* the decoder under test; a second one reading encode's lines */
    struct vg_site *site;
    int emitted;
    struct vg_detection got;  /* what back emitted */
    int ngot;
};

static void on_back(void *u, const struct vg_detection *det)
{
    struct ctx *c = u;
    c->got = *det;
    c->ngot++;
}

static void on_emit(void *u, const struct vg_detection *det)
{
    struct ctx *c = u;
    c->emitted++;
    CHECK(det->kind == VG_DET_ADSB && det->nz == 3);
    CHECK(det->sensor < c->site->nsensors);
    CHECK(isfinite(det->t));
    for (int i = 0; i < 3; i++) {
        CHECK(isfinite(det->z[i]));
        CHECK(det->R[4 * i] > 0 && isfinite(det->R[4 * i]));
        CHECK(isfinite(det->coop_vel[i]));
    }
    CHECK(strlen(det->coop_id) == 6 && strspn(det->coop_id, "0123456789abcdef") == 6);
    /* Encode and read back through a second state: one detection, near the same place. */
    uint8_t buf[512];
    struct vg_diag d = {""};
    int n = c->ops->encode(c->st, det, buf, sizeof buf, &d);
    if (n < 0) { /* only a time or a height SBS cannot hold */
        CHECK(n == VG_ERANGE && d.msg[0]);
        return;
    }
    CHECK(n > 0 && (size_t)n < sizeof buf);
    struct vg_decode_io io = {on_back, NULL, NULL, c, det->t > 0 ? det->t : 0};
    c->ngot = 0;
    int rc = c->ops->decode(c->back, buf, (size_t)n, &io, &d);
    CHECK(rc == 1 || rc == VG_ERANGE); /* ERANGE: rounding across the 1000 km limit */
    CHECK(c->ngot == (rc == 1));
    if (rc == 1) {
        CHECK(hypot(c->got.z[0] - det->z[0], c->got.z[1] - det->z[1]) < 1.0);
        CHECK(fabs(c->got.z[2] - det->z[2]) < 0.2);
        CHECK(!strcmp(c->got.coop_id, det->coop_id));
    }
}

static void on_describe(void *u, const char *json, size_t len)
{
    (void)u;
    json_t *o = json_loadb(json, len, 0, NULL);
    CHECK(json_is_object(o));
    json_decref(o);
}

static int decode(struct ctx *c, const uint8_t *p, size_t n, double t_rx)
{
    struct vg_decode_io io = {on_emit, on_describe, NULL, c, t_rx};
    struct vg_diag d = {""};
    int rc = c->ops->decode(c->st, p, n, &io, &d);
    CHECK(rc >= VG_EPARSE - 100 && rc <= (int)n + 1);
    if (rc < 0)
        CHECK(!strncmp(d.msg, "byte ", 5));
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct vg_site site;
    vg_site_init(&site);
    vg_enu_frame_init(&site.frame, 37.0, 13.8, 0.0);
    struct ctx c = {.ops = vg_decoder_find("sbs"), .site = &site};
    struct vg_decoder_options o = {0};
    struct vg_diag d = {""};
    CHECK(c.ops && c.ops->open(&c.st, &site, &o, &d) == 0);
    CHECK(c.ops->open(&c.back, &site, &o, &d) == 0);
    uint64_t lines = 0, bad = 0;
    double t = 1.0;
    for (size_t i = 0; i < size;) {
        const uint8_t *nl = memchr(data + i, '\n', size - i);
        size_t e = nl ? (size_t)(nl - data) : size;
        if (e > i)
            t += data[i] * 0.5; /* 0-127 s on: windows of 5 and 60 s are crossed */
        bad += decode(&c, data + i, e - i, (e > i && data[i] & 1) ? t : 0) < 0;
        lines++;
        i = e + 1;
    }
    struct vg_sbs_counts k;
    vg_sbs_counts(c.st, &k);
    CHECK(k.lines == lines && k.malformed == bad);
    CHECK(k.positions == (uint64_t)c.emitted);
    CHECK(k.aircraft <= 1024);
    uint64_t good = k.empty + k.malformed;
    for (int i = 0; i < 9; i++)
        good += k.msg[i];
    for (int i = 0; i < VG_SBS_TYPE_COUNT; i++)
        good += k.other[i];
    CHECK(good == k.lines);
    c.ops->close(c.st);

    /* The whole input as one unit, fresh state. */
    CHECK(c.ops->open(&c.st, &site, &o, &d) == 0);
    decode(&c, data, size, 0);
    c.ops->close(c.st);
    c.ops->close(c.back);
    vg_site_fini(&site);
    return 0;
}
