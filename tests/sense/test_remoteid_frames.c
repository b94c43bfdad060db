/* SPDX-License-Identifier: MIT */
/* test_remoteid_frames.c — Remote ID found and decoded in three real captures (Wi-Fi beacon,
 * Wi-Fi NAN, Bluetooth 5 long range through an nRF sniffer) and compared, message by message
 * and field by field, with what the Wireshark opendroneid dissector printed for the same frames
 * (../shared/testdata/remoteid/expected.jsonl, cross-checked there with opendroneid-core-c).
 * Also: the totals of expected_counts.json, our BLE CRC-24 against the sniffer's verdict, and
 * every frame cut at every length (run under ASan for the out-of-bounds part). */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/geo.h"
#include "sense/capture.h"
#include "sense/decoder.h"
#include "sense/remoteid.h"
#include "sense/remoteid_frames.h"
#include "test.h"

#define DIR "testdata/remoteid/"
static const char *const files[3] = {"odid_wifi_sample.pcap", "odid_wifi_bcn_sample.pcap",
                                     "odid_bt5_lr_sample.pcapng"};

/* expected.jsonl, loaded once: lines of one file and frame are consecutive there. */
static json_t **lines;
static size_t nlines;

static void load_expected(void)
{
    FILE *f = fopen(test_shared(DIR "expected.jsonl"), "r");
    CHECK(f != NULL);
    if (!f)
        return;
    char buf[8192];
    size_t cap = 0;
    while (fgets(buf, sizeof buf, f)) {
        json_error_t e;
        json_t *j = json_loads(buf, 0, &e);
        CHECK(j != NULL);
        if (!j)
            continue;
        if (nlines == cap) {
            cap = cap ? 2 * cap : 2048;
            lines = realloc(lines, cap * sizeof *lines);
        }
        lines[nlines++] = j;
    }
    fclose(f);
}

/* A value of ours against the dissector's: numbers within tol, null = unknown. */
static int same(json_t *ours, json_t *exp, double tol)
{
    if (json_is_null(exp))
        return json_is_null(ours);
    if (json_is_number(exp))
        return json_is_number(ours) &&
               fabs(json_number_value(ours) - json_number_value(exp)) <= tol;
    return json_equal(ours, exp);
}

struct totals {
    long by_type[16];      /* messages in CRC-good frames */
    long transports[3];    /* beacon, nan, bt: messages in CRC-good frames */
    long odid_frames_good; /* CRC-good (or unflagged) frames with Remote ID */
    long frames;
    long crc_checked, crc_agree;
    long compared_fields, compared_msgs;
};

/* Our messages of one frame against the expected lines [a, b) of that frame. */
static void compare_frame(const char *file, uint64_t frame, const struct vg_rid_frame *f,
                          const struct vg_rid_payload *p, const struct vg_rid_msg *m, size_t a,
                          size_t b, struct totals *t)
{
    size_t k = 0; /* our message index */
    for (size_t i = a; i < b; i++) {
        json_t *e = lines[i];
        char buf[2048];
        json_t *pi = json_object_get(e, "pack_index");
        int empty = json_is_null(pi);
        if (!empty && k >= p->nmsgs) {
            fprintf(stderr, "%s frame %llu: expected more messages than %zu\n", file,
                    (unsigned long long)frame, p->nmsgs);
            CHECK(0);
            return;
        }
        int n = vg_rid_describe(f, p, empty ? NULL : &m[k], k, buf, sizeof buf);
        CHECK(n > 0);
        json_error_t je;
        json_t *ours = json_loadb(buf, (size_t)(n > 0 ? n : 0), 0, &je);
        CHECK(ours != NULL);
        if (!ours)
            return;
        const char *key;
        json_t *v;
        json_object_foreach(e, key, v) {
            size_t kl = strlen(key);
            if (!strcmp(key, "file") || !strcmp(key, "frame"))
                continue;
            /* Display labels (status_name ...) are the dissector's wording, not fields; the
             * message type's name is compared. */
            if (kl > 5 && !strcmp(key + kl - 5, "_name") && strcmp(key, "msg_type_name"))
                continue;
            double tol = strstr(key, "lat") || strstr(key, "lon") ? 1e-7 : 1e-6;
            json_t *o = json_object_get(ours, key);
            t->compared_fields++;
            if (!o || !same(o, v, tol)) {
                char *es = json_dumps(v, JSON_ENCODE_ANY), *os = o ? json_dumps(o, JSON_ENCODE_ANY)
                                                                   : NULL;
                fprintf(stderr, "%s frame %llu pack_index %lld: '%s' ours %s, dissector %s\n",
                        file, (unsigned long long)frame, (long long)json_integer_value(pi), key,
                        os ? os : "(absent)", es);
                free(es);
                free(os);
                CHECK(0);
            }
        }
        json_decref(ours);
        if (!empty) {
            t->compared_msgs++;
            k++;
        }
    }
    CHECK_INT(k, p->nmsgs); /* no message of ours that the dissector did not have */
}

static void one_file(int fi, struct totals *t)
{
    const char *file = files[fi];
    struct vg_capture *c;
    struct vg_diag d;
    char path[8192];
    snprintf(path, sizeof path, "%s%s", test_shared(DIR), file);
    int rc = vg_capture_open(&c, path, &d);
    CHECK_INT(rc, 0);
    if (rc < 0)
        return;
    /* The lines of this file. */
    size_t first = nlines, last = nlines;
    for (size_t i = 0; i < nlines; i++)
        if (!strcmp(json_string_value(json_object_get(lines[i], "file")), file)) {
            if (first == nlines)
                first = i;
            last = i + 1;
        }
    size_t li = first;
    struct vg_frame fr;
    while ((rc = vg_capture_next(c, &fr, &d)) == 1) {
        t->frames++;
        size_t a = li;
        while (li < last && json_integer_value(json_object_get(lines[li], "frame")) ==
                                (json_int_t)fr.number)
            li++;
        struct vg_rid_frame f;
        int found = vg_rid_frame_find(fr.linktype, fr.data, fr.len, &f, &d);
        if (fr.linktype == VG_DLT_NORDIC_BLE && fr.len > 22 + 2) {
            /* Our CRC-24 against the sniffer's flag (byte 8, bit 0); the PDU starts after the
             * 17-byte header, the access address and the Coding Indicator. */
            const uint8_t *pdu = fr.data + 22;
            size_t pl = pdu[1];
            if (22 + 2 + pl + 3 <= fr.len) {
                t->crc_checked++;
                t->crc_agree += vg_rid_ble_crc_ok(pdu, 2 + pl, pdu + 2 + pl) == (fr.data[8] & 1);
            }
        }
        json_t *crc = li > a ? json_object_get(lines[a], "crc_ok") : NULL;
        int bad = crc && json_is_false(crc);
        if (bad) { /* the sniffer's flag, surfaced */
            CHECK(found < 0 || f.crc == 0);
            continue;
        }
        if (li == a) { /* the dissector saw no Remote ID here */
            CHECK(found <= 0);
            continue;
        }
        CHECK_INT(found, 1);
        if (found != 1)
            continue;
        struct vg_rid_msg m[VG_RID_PACK_MAX];
        struct vg_rid_payload p;
        rc = vg_rid_decode_payload(f.payload, f.len, m, &p, &d);
        CHECK_INT(rc, 0);
        if (rc < 0) {
            fprintf(stderr, "%s frame %llu: %s\n", file, (unsigned long long)fr.number, d.msg);
            continue;
        }
        compare_frame(file, fr.number, &f, &p, m, a, li, t);
        t->odid_frames_good++;
        for (size_t i = 0; i < p.nmsgs; i++) {
            t->by_type[m[i].type]++;
            t->transports[f.transport >= VG_RID_TR_BT4 ? 2 : f.transport]++;
        }
    }
    CHECK_INT(rc, 0);
    vg_capture_close(c);
}

static json_t *counts;

static void case_captures(void)
{
    for (int fi = 0; fi < 3; fi++) {
        struct totals t = {0};
        one_file(fi, &t);
        json_t *e = json_object_get(counts, files[fi]);
        CHECK(e != NULL);
        if (!e)
            continue;
        CHECK_INT(t.frames, json_integer_value(json_object_get(e, "frames_total")));
        CHECK_INT(t.odid_frames_good,
                  json_integer_value(json_object_get(e, "frames_with_odid")) -
                      json_integer_value(json_object_get(e, "frames_with_odid_crc_bad")));
        json_t *bt = json_object_get(e, "messages_by_type_crc_ok");
        long total = 0;
        for (int ty = 0; ty < 16; ty++) {
            char k[4];
            snprintf(k, sizeof k, "%d", ty);
            json_t *x = json_object_get(bt, k);
            CHECK_INT(t.by_type[ty], x ? json_integer_value(x) : 0);
            total += t.by_type[ty];
        }
        /* Transports: every message of the Wi-Fi files; for Bluetooth, the CRC-good ones. */
        json_t *tr = json_object_get(e, "transports");
        static const char *const tn[3] = {"beacon", "nan", "bt"};
        for (int i = 0; i < 2; i++) {
            json_t *x = json_object_get(tr, tn[i]);
            CHECK_INT(t.transports[i], x ? json_integer_value(x) : 0);
        }
        CHECK_INT(t.transports[2], fi == 2 ? total : 0);
        if (fi == 2) {
            CHECK_INT(t.crc_checked, 274);
            CHECK_INT(t.crc_agree, t.crc_checked);
        }
        fprintf(stderr, "  %s: %ld frames, %ld with Remote ID (CRC good), %ld messages, %ld "
                "fields compared\n", files[fi], t.frames, t.odid_frames_good, t.compared_msgs,
                t.compared_fields);
        CHECK(t.compared_fields > 0);
    }
}

/* Every frame cut at every length, in a heap block of exactly that size (so ASan sees any
 * read past it): an error, no Remote ID, or messages that lie wholly inside the cut. */
static void case_truncated(void)
{
    long cuts = 0, errors = 0;
    for (int fi = 0; fi < 3; fi++) {
        struct vg_capture *c;
        struct vg_diag d;
        char path[8192];
        snprintf(path, sizeof path, "%s%s", test_shared(DIR), files[fi]);
        if (vg_capture_open(&c, path, &d) < 0) {
            CHECK(0);
            continue;
        }
        struct vg_frame fr;
        while (vg_capture_next(c, &fr, &d) == 1) {
            for (size_t n = 0; n < fr.len; n++) {
                uint8_t *b = malloc(n ? n : 1);
                memcpy(b, fr.data, n);
                struct vg_rid_frame f;
                int rc = vg_rid_frame_find(fr.linktype, b, n, &f, &d);
                cuts++;
                if (rc == 1) {
                    struct vg_rid_msg m[VG_RID_PACK_MAX];
                    struct vg_rid_payload p;
                    CHECK(f.offset + f.len <= n);
                    rc = vg_rid_decode_payload(f.payload, f.len, m, &p, &d);
                    if (rc == 0)
                        CHECK(f.offset + (p.pack ? 3 : 0) +
                                  (p.pack ? p.pack_qty : 1) * (size_t)VG_RID_MSG_SIZE <= n);
                }
                if (rc < 0) {
                    errors++;
                    CHECK(d.msg[0] != '\0');
                }
                /* An nRF sniffer frame states its own length: any cut is an error. */
                if (fr.linktype == VG_DLT_NORDIC_BLE)
                    CHECK(rc < 0);
                free(b);
            }
        }
        vg_capture_close(c);
    }
    fprintf(stderr, "  %ld cuts, %ld errors\n", cuts, errors);
    CHECK(cuts > 80000);
}

/* The Bluetooth LE CRC-24 written independently of the decoder's (Core Vol 6 Part B §3.1.1,
 * in the direct form: input bits most significant first after reversing each byte,
 * polynomial 0x00065B, the initial 0x555555, then the register bit-reversed). Checked on the
 * real frames below before it is trusted to make new ones. */
static uint32_t crc24(const uint8_t *p, size_t n)
{
    uint32_t r = 0x555555;
    for (size_t i = 0; i < n; i++)
        for (int b = 0; b < 8; b++) {
            unsigned in = (p[i] >> b) & 1, top = (r >> 23) & 1;
            r = (r << 1) & 0xFFFFFF;
            if (in ^ top)
                r ^= 0x00065B;
        }
    uint32_t rev = 0;
    for (int b = 0; b < 24; b++)
        if (r & 1u << b)
            rev |= 1u << (23 - b);
    return rev;
}

struct dsink {
    int n;
    char id[24];
};
static void demit(void *user, const struct vg_detection *det)
{
    struct dsink *s = user;
    s->n++;
    memcpy(s->id, det->coop_id, sizeof s->id);
}

/* One frame through a fresh remoteid decoder of link type lt. */
static int decode_with(int lt, const uint8_t *b, size_t n, struct dsink *s)
{
    struct vg_site site;
    vg_site_init(&site);
    vg_enu_frame_init(&site.frame, 45.5443876, -122.9726866, 137.0); /* near the drone */
    const struct vg_decoder_ops *ops = vg_decoder_find("remoteid");
    struct vg_decoder_options o = {.linktype = lt};
    void *st;
    struct vg_diag d;
    int rc = ops->open(&st, &site, &o, &d);
    CHECK_INT(rc, 0);
    if (rc == 0) {
        struct vg_decode_io io = {demit, NULL, NULL, s, 1621633931.0};
        rc = ops->decode(st, b, n, &io, &d);
        ops->close(st);
    }
    vg_site_fini(&site);
    return rc;
}

/* The other Bluetooth link types, made from a real AUX_ADV_IND (nRF frame 100, LE Coded):
 * bare link layer (251: access address, PDU, CRC; our CRC decides), with the pseudo-header
 * (256: its flags decide, and its PHY bits say whether a Coding Indicator follows the access
 * address), and a legacy ADV_NONCONN_IND carrying one Location message (Bluetooth 4). */
static void case_bt_linktypes(void)
{
    char path[8192];
    snprintf(path, sizeof path, "%s%s", test_shared(DIR), files[2]);
    struct vg_capture *c;
    struct vg_diag d;
    if (vg_capture_open(&c, path, &d) < 0) {
        CHECK(0);
        return;
    }
    struct vg_frame fr;
    long agree = 0, frames = 0;
    uint8_t ll[300];
    size_t lln = 0;
    struct vg_rid_frame ref;
    uint8_t refp[300];
    size_t refn = 0;
    while (vg_capture_next(c, &fr, &d) == 1) {
        const uint8_t *pdu = fr.data + 22;
        size_t pl = pdu[1];
        uint32_t got = pdu[2 + pl] | (uint32_t)pdu[3 + pl] << 8 | (uint32_t)pdu[4 + pl] << 16;
        frames++;
        agree += (crc24(pdu, 2 + pl) == got) == (fr.data[8] & 1);
        if (fr.number == 100) {
            CHECK_INT(vg_rid_frame_find(fr.linktype, fr.data, fr.len, &ref, &d), 1);
            refn = ref.len < sizeof refp ? ref.len : sizeof refp;
            memcpy(refp, ref.payload, refn); /* the frame's bytes go with the capture */
            memcpy(ll, fr.data + 17, 4); /* access address; the CI at 21 is dropped */
            memcpy(ll + 4, pdu, 2 + pl + 3);
            lln = 4 + 2 + pl + 3;
        }
    }
    vg_capture_close(c);
    CHECK_INT(agree, frames);
    CHECK(lln > 0);
    if (!lln)
        return;
    struct vg_rid_frame f;
    CHECK_INT(vg_rid_frame_find(VG_DLT_BLUETOOTH_LE_LL, ll, lln, &f, &d), 1);
    CHECK_INT(f.crc, 1);
    CHECK_INT(f.transport, VG_RID_TR_BT5);
    CHECK(f.len == refn && !memcmp(f.payload, refp, refn));
    CHECK(!memcmp(f.mac, ref.mac, 6));
    struct dsink s = {0};
    CHECK_INT(decode_with(VG_DLT_BLUETOOTH_LE_LL, ll, lln, &s), 0);
    ll[60] ^= 0x10; /* one bit in the advertising data */
    CHECK_INT(vg_rid_frame_find(VG_DLT_BLUETOOTH_LE_LL, ll, lln, &f, &d), 1);
    CHECK_INT(f.crc, 0);
    CHECK_INT(decode_with(VG_DLT_BLUETOOTH_LE_LL, ll, lln, &s), VG_ECRC);
    ll[60] ^= 0x10;

    /* Pseudo-header: channel, signal, noise, AA offenses, reference AA, flags. */
    uint8_t ph[320] = {9, 0xC5, 0, 0, 0xD6, 0xBE, 0x89, 0x8E};
    uint16_t flags = 0x0001 | 0x0002 | 0x0400 | 0x0800 | 0x8000; /* CRC checked+valid, Coded */
    ph[8] = (uint8_t)flags;
    ph[9] = (uint8_t)(flags >> 8);
    memcpy(ph + 10, ll, 4);
    ph[14] = 0; /* CI: S8 */
    memcpy(ph + 15, ll + 4, lln - 4);
    CHECK_INT(vg_rid_frame_find(VG_DLT_BLUETOOTH_LE_LL_WITH_PHDR, ph, 11 + lln, &f, &d), 1);
    CHECK_INT(f.crc, 1);
    CHECK_INT(f.rssi_dbm, -59);
    CHECK(f.len == refn && !memcmp(f.payload, refp, refn));
    ph[9] &= (uint8_t)~0x08; /* CRC checked, not valid */
    CHECK_INT(vg_rid_frame_find(VG_DLT_BLUETOOTH_LE_LL_WITH_PHDR, ph, 11 + lln, &f, &d), 1);
    CHECK_INT(f.crc, 0);

    /* Legacy ADV_NONCONN_IND (TxAdd random): AdvA, then service data 0xFFFA, app code 0x0D,
     * counter 7 and the Location message of odid_wifi_sample frame 5 (31 bytes: a full
     * legacy advertising data field). */
    static const uint8_t loc[25] = {0x10, 0x02, 0x6c, 0x52, 0x7e, 0x97, 0x9f, 0x25, 0x1b,
                                    0xe6, 0xea, 0xb3, 0xb6, 0x00, 0x00, 0xaa, 0x09, 0x98,
                                    0x08, 0x39, 0x41, 0x00, 0x00, 0x0a, 0x00};
    uint8_t adv[4 + 2 + 37 + 3] = {0xD6, 0xBE, 0x89, 0x8E, 0x42, 37,
                                   0x66, 0x55, 0x44, 0x33, 0x22, 0xC1, /* AdvA, LSB first */
                                   30, 0x16, 0xFA, 0xFF, 0x0D, 7};
    memcpy(adv + 18, loc, 25);
    uint32_t crc = crc24(adv + 4, 2 + 37);
    adv[43] = (uint8_t)crc;
    adv[44] = (uint8_t)(crc >> 8);
    adv[45] = (uint8_t)(crc >> 16);
    CHECK_INT(vg_rid_frame_find(VG_DLT_BLUETOOTH_LE_LL, adv, sizeof adv, &f, &d), 1);
    CHECK_INT(f.transport, VG_RID_TR_BT4);
    CHECK_INT(f.crc, 1);
    CHECK_INT(f.counter, 7);
    CHECK_INT(f.len, 25);
    CHECK(!memcmp(f.payload, loc, 25));
    static const uint8_t mac[6] = {0xC1, 0x22, 0x33, 0x44, 0x55, 0x66};
    CHECK(!memcmp(f.mac, mac, 6));
    memset(&s, 0, sizeof s);
    CHECK_INT(decode_with(VG_DLT_BLUETOOTH_LE_LL, adv, sizeof adv, &s), 1);
    CHECK(!strcmp(s.id, "c1:22:33:44:55:66")); /* no Basic ID heard: the address */
    /* The same advertising PDU behind an nRF sniffer v3 header (LE 1M: no CI). */
    uint8_t nrf[17 + sizeof adv] = {1, (uint8_t)(10 + sizeof adv), 0, 3, 0x34, 0x12, 0x02,
                                    10, 0x01, 37, 60, 0, 0, 1, 2, 3, 4};
    memcpy(nrf + 17, adv, sizeof adv);
    CHECK_INT(vg_rid_frame_find(VG_DLT_NORDIC_BLE, nrf, sizeof nrf, &f, &d), 1);
    CHECK_INT(f.transport, VG_RID_TR_BT4);
    CHECK_INT(f.rssi_dbm, -60);
    CHECK(!memcmp(f.payload, loc, 25));
    nrf[8] = 0x00; /* the sniffer says CRC bad */
    CHECK_INT(decode_with(VG_DLT_NORDIC_BLE, nrf, sizeof nrf, &s), VG_ECRC);
    CHECK_INT(vg_rid_frame_find(VG_DLT_NORDIC_BLE, nrf, sizeof nrf - 1, &f, &d), VG_ETRUNC);
}

int main(void)
{
    load_expected();
    json_error_t e;
    counts = json_load_file(test_shared(DIR "expected_counts.json"), 0, &e);
    CHECK(counts != NULL);
    CHECK_INT(nlines, 1343);
    RUN(case_captures);
    RUN(case_truncated);
    RUN(case_bt_linktypes);
    for (size_t i = 0; i < nlines; i++)
        json_decref(lines[i]);
    free(lines);
    json_decref(counts);
    return test_report();
}
