/* SPDX-License-Identifier: MIT */
/* asterix.c — libFuzzer target for the ASTERIX decoder (sense/decoder_asterix.c).
 *
 * Each input is one UDP payload (Cat 048, 034, 015 or any other category), decoded with its
 * description on, twice: against an empty site (radars added as "SAC/SIC", placed by
 * I034/120) and with the input's sensor option naming a declared radar. Besides ASan/UBSan it checks what the decoder promises: a
 * message naming a byte offset for every error, a description that is valid JSON, and
 * detections a tracker can take (finite, angles in range, positive variances, a sensor of
 * the site), each of which survives the Cat 048 encoder and decodes back to one detection. */
#include <jansson.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "sense/decoder.h"

#define CHECK(c)                \
    do {                        \
        if (!(c))               \
            __builtin_trap();   \
    } while (0)

#define PI 3.14159265358979323846

extern const struct vg_decoder_ops vg_decoder_asterix;

struct fz {
    void *st;
    void *st2;               /* a second decoder for the round trip (no re-entry) */
    const struct vg_site *site;
    int ndesc, ndet;
    int nested;
};

static void on_describe(void *u, const char *json, size_t len)
{
    struct fz *f = u;
    json_error_t e;
    json_t *o = json_loadb(json, len, 0, &e);
    CHECK(o != NULL);
    json_decref(o);
    f->ndesc++;
}

static void on_nested(void *u, const struct vg_detection *det)
{
    (void)det;
    ((struct fz *)u)->nested++;
}

static void on_emit(void *u, const struct vg_detection *det)
{
    struct fz *f = u;
    f->ndet++;
    CHECK(isfinite(det->t));
    CHECK(det->sensor < f->site->nsensors);
    CHECK(det->kind == VG_DET_POLAR || det->kind == VG_DET_SCAN || det->kind == VG_DET_BEARING ||
          det->kind == VG_DET_XYZ);
    CHECK(det->nz <= VG_DET_NZ_MAX);
    for (int i = 0; i < det->nz; i++) {
        CHECK(isfinite(det->z[i]));
        CHECK(det->R[i * det->nz + i] > 0 && isfinite(det->R[i * det->nz + i]));
    }
    int has_el = (det->flags & VG_DET_HAS_EL) != 0, has_rr = (det->flags & VG_DET_HAS_RR) != 0;
    if (det->kind == VG_DET_BEARING) {
        CHECK(det->nz == 1 + has_el && det->z[0] >= 0 && det->z[0] < 2 * PI);
        CHECK(!has_el || fabs(det->z[1]) <= PI / 2);
    }
    if (det->kind == VG_DET_XYZ)
        CHECK(det->nz == 3);
    if (det->kind != VG_DET_POLAR)
        return;
    CHECK(det->nz == 2 + has_el + has_rr);
    CHECK(det->z[0] >= 0 && det->z[1] >= 0 && det->z[1] < 2 * PI);
    if (has_el)
        CHECK(fabs(det->z[2]) <= PI / 2);
    uint8_t buf[64];
    struct vg_diag d;
    int n = vg_decoder_asterix.encode(f->st, det, buf, sizeof buf, &d);
    CHECK(n > 0 || n == VG_EINVAL);
    if (n > 0) {
        struct fz g = {f->st2, NULL, f->site, 0, 0, 0};
        struct vg_decode_io io = {on_nested, NULL, NULL, &g, det->t};
        CHECK(vg_decoder_asterix.decode(f->st2, buf, (size_t)n, &io, &d) == 1);
        CHECK(g.nested == 1);
    }
}

static void run(const uint8_t *data, size_t size, const char *sensor)
{
    struct vg_site site;
    vg_site_init(&site);
    struct vg_sensor r = {.id = "radar-1", .type = VG_SENSOR_RADAR, .declared = 1};
    r.h_m = 100;
    vg_site_add_sensor(&site, &r);
    struct vg_decoder_options o = {.sensor = sensor};
    struct vg_diag d;
    struct fz f = {NULL, NULL, &site, 0, 0, 0};
    CHECK(vg_decoder_asterix.open(&f.st, &site, &o, &d) == 0);
    CHECK(vg_decoder_asterix.open(&f.st2, &site, &o, &d) == 0);
    struct vg_decode_io io = {on_emit, on_describe, NULL, &f, 1700000000.0};
    d.msg[0] = '\0';
    int rc = vg_decoder_asterix.decode(f.st, data, size, &io, &d);
    CHECK(f.ndesc == 1);
    if (rc < 0)
        CHECK(!strncmp(d.msg, "byte ", 5));
    else
        CHECK(rc == f.ndet);
    vg_decoder_asterix.close(f.st);
    vg_decoder_asterix.close(f.st2);
    vg_site_fini(&site);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 65535)
        return 0;
    run(data, size, NULL);
    run(data, size, "radar-1");
    return 0;
}
