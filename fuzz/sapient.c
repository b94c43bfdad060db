/* SPDX-License-Identifier: MIT */
/* sapient.c — libFuzzer target for the SAPIENT session (sense/sapient*.c).
 *
 * Each input is what a TCP peer sends: SapientMessages each after a 4-byte little-endian
 * length. The units go, in order, through one session (so registration state carries from
 * message to message) against a fresh site with one declared radar, with describe and reply
 * wired as `vigil decode` and the live server wire them. A length over the decoder's bound
 * ends the stream, as the server would drop the connection. Besides ASan/UBSan it checks what
 * a detection promises downstream (finite z and R, angles in range, a known sensor), that
 * every error has a message, that describe's JSON is one object, and that each detection
 * can be encoded back. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "sense/sapient.h"

#define CHECK(c)                \
    do {                        \
        if (!(c))               \
            __builtin_trap();   \
    } while (0)

struct out {
    struct vg_site *site;
    void *st;
    int ndet;
};

static void on_det(void *u, const struct vg_detection *det)
{
    struct out *o = u;
    CHECK(isfinite(det->t));
    CHECK(det->kind < VG_DET_KIND_COUNT && det->nz <= VG_DET_NZ_MAX);
    CHECK(det->sensor < o->site->nsensors);
    for (int i = 0; i < det->nz; i++) {
        CHECK(isfinite(det->z[i]));
        CHECK(det->R[i * det->nz + i] > 0 && isfinite(det->R[i * det->nz + i]));
    }
    if (det->kind == VG_DET_POLAR || det->kind == VG_DET_BEARING) {
        int a = det->kind == VG_DET_POLAR;
        CHECK(det->z[a] >= 0 && det->z[a] < 2 * 3.14159265358979323846);
        if (det->flags & VG_DET_HAS_EL)
            CHECK(fabs(det->z[a + 1]) <= 3.14159265358979323846 / 2);
    }
    if (det->flags & VG_DET_HAS_HINT)
        CHECK(det->class_hint < VG_CLASS_COUNT && det->class_p >= 0 && det->class_p <= 1);
    uint8_t buf[2048];
    struct vg_diag d = {""};
    CHECK(vg_decoder_sapient.encode(o->st, det, buf, sizeof buf, &d) > 0);
    o->ndet++;
}

static void on_describe(void *u, const char *json, size_t len)
{
    (void)u;
    CHECK(len >= 2 && json[0] == '{' && json[len - 1] == '}');
    CHECK(memchr(json, '\0', len) == NULL);
}

static int on_reply(void *u, const void *buf, size_t len)
{
    (void)u;
    const uint8_t *b = buf;
    CHECK(len >= 4 && ((size_t)b[0] | (size_t)b[1] << 8 | (size_t)b[2] << 16 |
                       (size_t)b[3] << 24) == len - 4);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct vg_site site;
    vg_site_init(&site);
    struct vg_sensor r = {.id = "radar-1", .type = VG_SENSOR_RADAR, .declared = 1};
    vg_site_add_sensor(&site, &r);
    struct vg_decoder_options opt = {.name = "fuzz"};
    struct vg_diag d = {""};
    struct out o = {&site, NULL, 0};
    CHECK(vg_decoder_sapient.open(&o.st, &site, &opt, &d) == 0);
    struct vg_decode_io io = {on_det, on_describe, on_reply, &o, 1700000000.0};
    for (size_t p = 0; size - p >= 4;) {
        size_t len = (size_t)data[p] | (size_t)data[p + 1] << 8 | (size_t)data[p + 2] << 16 |
                     (size_t)data[p + 3] << 24;
        p += 4;
        if (len > vg_decoder_sapient.unit_max || len > size - p)
            break;
        d.msg[0] = '\0';
        int before = o.ndet;
        int rc = vg_decoder_sapient.decode(o.st, data + p, len, &io, &d);
        CHECK(rc <= 1 && rc >= -4100);
        CHECK(o.ndet - before == (rc > 0 ? rc : 0));
        if (rc < 0)
            CHECK(d.msg[0] != '\0');
        p += len;
    }
    vg_decoder_sapient.close(o.st);
    vg_site_fini(&site);
    return 0;
}
