/* SPDX-License-Identifier: MIT */
/* jsonl.c — libFuzzer target for the detections reader (sense/jsonl.c).
 *
 * Each input is one line, parsed against a fresh site with two declared sensors, once
 * strictly and once with VG_JSONL_AUTO_SENSOR. Besides ASan/UBSan, it checks what a
 * detection promises downstream: finite z and R, nz within bounds, az in [0, 2π), el within
 * ±π/2, positive variances, a scan's sector (if any) non-empty in [0, 2π), and a message for
 * every error. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "sense/jsonl.h"

#define CHECK(c)                \
    do {                        \
        if (!(c))               \
            __builtin_trap();   \
    } while (0)

static void check_detection(const struct vg_detection *det, const struct vg_site *site)
{
    CHECK(isfinite(det->t));
    CHECK(det->kind < VG_DET_KIND_COUNT);
    CHECK(det->nz <= VG_DET_NZ_MAX);
    CHECK(det->sensor < site->nsensors);
    if (det->kind == VG_DET_SCAN) { /* no measurement, or a non-empty sector in [0, 2π) */
        CHECK(det->nz == 0 || det->nz == 2);
        for (int i = 0; i < det->nz; i++)
            CHECK(det->z[i] >= 0 && det->z[i] < 2 * 3.14159265358979323846);
        CHECK(det->nz == 0 || det->z[0] != det->z[1]);
        return;
    }
    for (int i = 0; i < det->nz; i++) {
        CHECK(isfinite(det->z[i]));
        CHECK(det->R[i * det->nz + i] > 0);
        for (int j = 0; j < det->nz; j++)
            CHECK(isfinite(det->R[i * det->nz + j]));
    }
    if (det->kind == VG_DET_POLAR || det->kind == VG_DET_BEARING) {
        int a = det->kind == VG_DET_POLAR;
        CHECK(det->z[a] >= 0 && det->z[a] < 2 * 3.14159265358979323846);
        if (det->flags & VG_DET_HAS_EL)
            CHECK(fabs(det->z[a + 1]) <= 3.14159265358979323846 / 2);
        CHECK(site->sensors[det->sensor].declared);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    for (unsigned flags = 0; flags <= VG_JSONL_AUTO_SENSOR; flags += VG_JSONL_AUTO_SENSOR) {
        struct vg_site site;
        vg_site_init(&site);
        struct vg_sensor r = {.id = "radar-1", .type = VG_SENSOR_RADAR, .declared = 1};
        struct vg_sensor f = {.id = "rf-1", .type = VG_SENSOR_RF, .declared = 1};
        vg_site_add_sensor(&site, &r);
        vg_site_add_sensor(&site, &f);
        struct vg_detection det;
        struct vg_diag d = {""};
        int rc = vg_jsonl_parse_detection((const char *)data, size, &site, flags, &det, &d);
        CHECK(rc >= VG_EPARSE - 100 && rc <= 1);
        if (rc == 1)
            check_detection(&det, &site);
        if (rc < 0)
            CHECK(d.msg[0] != '\0');
        vg_site_fini(&site);
    }
    return 0;
}
