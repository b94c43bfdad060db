/* SPDX-License-Identifier: MIT */
/* cop.c — libFuzzer target for what the operator picture (src/publish/cop*.c) reads from and
 * writes to a browser.
 *
 * Byte 0 chooses. Even: the rest is an action message off the WebSocket
 * (vg__cop_action_parse); an accepted one must have a valid op, an alert id of letters,
 * digits, '-' or '_' and a 1..31-byte name with no control characters. Odd: the rest fills
 * tracks (raw doubles: NaN, ±inf and huge values included) and an alert whose strings are
 * raw bytes; the frame written from them must always parse as JSON (invalid UTF-8 becomes
 * U+FFFD), valid UTF-8 strings must come back unchanged, and each number written with
 * vg__cop_buf_fixed must read back within half a unit of its last decimal. */
#include <jansson.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "assess/assessor.h"
#include "publish/cop_internal.h"

#define CHECK(c)                \
    do {                        \
        if (!(c))               \
            __builtin_trap();   \
    } while (0)

static void action(const uint8_t *p, size_t n)
{
    struct vg_cop_action a;
    const char *error = NULL;
    if (vg__cop_action_parse((const char *)p, n, &a, &error)) {
        CHECK(error != NULL);
        return;
    }
    CHECK(a.op == VG_COP_ACK || a.op == VG_COP_CLEAR);
    size_t na = strlen(a.alert), nw = strlen(a.who);
    CHECK(na > 0 && na < VG_ALERT_ID_MAX && nw > 0 && nw < VG_ALERT_WHO_MAX);
    for (size_t i = 0; i < na; i++)
        CHECK((a.alert[i] >= '0' && a.alert[i] <= '9') || (a.alert[i] >= 'a' && a.alert[i] <= 'z')
              || (a.alert[i] >= 'A' && a.alert[i] <= 'Z') || a.alert[i] == '-' ||
              a.alert[i] == '_');
    for (size_t i = 0; i < nw; i++)
        CHECK((unsigned char)a.who[i] >= 0x20 && a.who[i] != 0x7f);
}

static size_t take(const uint8_t **p, size_t *n, void *out, size_t want)
{
    size_t k = *n < want ? *n : want;
    memset(out, 0, want);
    memcpy(out, *p, k);
    *p += k;
    *n -= k;
    return k;
}

static int utf8_ok(const char *s)
{
    json_t *j = json_string(s);
    json_decref(j);
    return j != NULL;
}

static void frame(const uint8_t *p, size_t n)
{
    struct vg__cop_track trk[4];
    struct vg__cop_alert al;
    memset(trk, 0, sizeof trk);
    memset(&al, 0, sizeof al);
    size_t nt = 0;
    int strings_ok = 1;
    for (; nt < 4 && n >= 6 * sizeof(double); nt++) {
        take(&p, &n, trk[nt].x, sizeof trk[nt].x);
        uint8_t small[4];
        take(&p, &n, small, sizeof small);
        trk[nt].id = small[0];
        trk[nt].cls = small[1];
        trk[nt].status = small[2];
        trk[nt].link = small[3];
        trk[nt].coop = 1;
        take(&p, &n, &trk[nt].threat, sizeof trk[nt].threat);
        take(&p, &n, trk[nt].coop_id, sizeof trk[nt].coop_id - 1);
    }
    take(&p, &n, al.zone, sizeof al.zone - 1);
    take(&p, &n, al.a.ack_by, sizeof al.a.ack_by - 1);
    take(&p, &n, &al.a.time_to_zone_s, sizeof al.a.time_to_zone_s);
    al.a.acknowledged = 1;
    snprintf(al.a.id, sizeof al.a.id, "a-1");
    strings_ok &= utf8_ok(al.zone) && utf8_ok(al.a.ack_by);

    struct vg_enu_frame fr;
    vg_enu_frame_init(&fr, 48.61, 22.31, 120);
    struct vg__cop_buf b;
    vg__cop_buf_init(&b, 16);
    vg__cop_frame_write(&b, 1, 1.5, 1.7e9, &fr, trk, nt, &al, 1);
    if (!b.oom) {
        json_error_t err;
        json_t *j = json_loads(vg__cop_buf_data(&b), 0, &err);
        CHECK(j != NULL);
        CHECK(json_array_size(json_object_get(j, "tracks")) == nt);
        json_t *a0 = json_array_get(json_object_get(j, "alerts"), 0);
        if (strings_ok)
            CHECK(!strcmp(json_string_value(json_object_get(a0, "zone")), al.zone));
        json_decref(j);
    }
    /* Numbers: each track's first coordinate at 0..8 decimals. */
    for (size_t i = 0; i < nt; i++) {
        double v = trk[i].x[0];
        for (int dec = 0; dec <= 8; dec++) {
            vg__cop_buf_reset(&b);
            vg__cop_buf_fixed(&b, v, dec);
            if (b.oom)
                break;
            if (!isfinite(v)) {
                CHECK(!strcmp(vg__cop_buf_data(&b), "null"));
                break;
            }
            double back = strtod(vg__cop_buf_data(&b), NULL);
            CHECK(fabs(back - v) <= 0.5 * pow(10, -dec) * (1 + 1e-9) + fabs(v) * 1e-15);
        }
    }
    vg__cop_buf_fini(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0 || size > 4096)
        return 0;
    if (data[0] % 2 == 0)
        action(data + 1, size - 1);
    else
        frame(data + 1, size - 1);
    return 0;
}
