/* SPDX-License-Identifier: MIT */
/* remoteid.c — libFuzzer target for Remote ID (sense/remoteid*.c, decoder_remoteid.c).
 *
 * The first input byte picks what the rest is: 0-4 a frame of link type 127 (802.11 with
 * radiotap), 105 (802.11), 272 (nRF sniffer), 251 (BLE LL) or 256 (BLE LL with pseudo-header),
 * fed to a fresh remoteid decoder with describe on; 5 a bare Remote ID payload (message or
 * pack). Besides ASan/UBSan it checks what callers rely on: every error has a message, a
 * found payload lies inside the frame, detections are finite with positive variances and an
 * identity, descriptions are JSON objects, and encode(decode(bytes)) is a fixed point. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "sense/decoder.h"
#include "sense/remoteid.h"
#include "sense/remoteid_frames.h"

#define CHECK(c)                \
    do {                        \
        if (!(c))               \
            __builtin_trap();   \
    } while (0)

static const int linktypes[5] = {VG_DLT_IEEE802_11_RADIO, VG_DLT_IEEE802_11, VG_DLT_NORDIC_BLE,
                                 VG_DLT_BLUETOOTH_LE_LL, VG_DLT_BLUETOOTH_LE_LL_WITH_PHDR};

static void emit(void *user, const struct vg_detection *det)
{
    (void)user;
    CHECK(det->kind == VG_DET_REMOTEID && det->nz == 3);
    CHECK(isfinite(det->t));
    for (int i = 0; i < 3; i++) {
        CHECK(isfinite(det->z[i]));
        CHECK(det->R[4 * i] > 0 && isfinite(det->R[4 * i]));
        CHECK(isfinite(det->coop_vel[i]));
    }
    CHECK(det->coop_id[0] != '\0' && memchr(det->coop_id, 0, sizeof det->coop_id));
}

static void describe(void *user, const char *json, size_t len)
{
    (void)user;
    CHECK(len >= 2 && json[0] == '{' && json[len - 1] == '}' && json[len] == '\0');
}

static void frame(int linktype, const uint8_t *data, size_t size)
{
    struct vg_rid_frame f;
    struct vg_diag d = {""};
    int rc = vg_rid_frame_find(linktype, data, size, &f, &d);
    CHECK(rc >= -5000 && rc <= 1);
    if (rc < 0)
        CHECK(d.msg[0] != '\0');
    if (rc == 1)
        CHECK(f.payload >= data && f.offset + f.len <= size && f.payload == data + f.offset);

    struct vg_site site;
    vg_site_init(&site);
    vg_enu_frame_init(&site.frame, 45.5443876, -122.9726866, 137.0);
    const struct vg_decoder_ops *ops = vg_decoder_find("remoteid");
    struct vg_decoder_options o = {.linktype = linktype};
    void *st;
    CHECK(ops->open(&st, &site, &o, &d) == 0);
    struct vg_decode_io io = {emit, describe, NULL, NULL, 1621633931.0};
    d.msg[0] = '\0';
    rc = ops->decode(st, data, size, &io, &d);
    if (rc < 0)
        CHECK(d.msg[0] != '\0');
    ops->close(st);
    vg_site_fini(&site);
}

static void payload(const uint8_t *data, size_t size)
{
    struct vg_rid_msg m[VG_RID_PACK_MAX];
    struct vg_rid_payload p;
    struct vg_diag d = {""};
    int rc = vg_rid_decode_payload(data, size, m, &p, &d);
    if (rc < 0) {
        CHECK(d.msg[0] != '\0');
        return;
    }
    CHECK(p.nmsgs <= VG_RID_PACK_MAX);
    for (size_t i = 0; i < p.nmsgs; i++) {
        uint8_t a[VG_RID_MSG_SIZE], b[VG_RID_MSG_SIZE];
        struct vg_rid_msg again;
        CHECK(vg_rid_encode_msg(&m[i], a) == 0);
        CHECK(vg_rid_decode_msg(a, sizeof a, &again, &d) == 0);
        CHECK(vg_rid_encode_msg(&again, b) == 0);
        CHECK(!memcmp(a, b, sizeof a));
        CHECK(again.type == m[i].type);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned sel = data[0] % 6;
    if (sel < 5)
        frame(linktypes[sel], data + 1, size - 1);
    else
        payload(data + 1, size - 1);
    return 0;
}
