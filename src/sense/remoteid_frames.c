/* SPDX-License-Identifier: MIT */
/* remoteid_frames.c — the Remote ID payload in Wi-Fi and Bluetooth LE frames; see
 * remoteid_frames.h for the containers (F3411-22a §5.4.6-5.4.7).
 *
 * Each layer is parsed as (pointer, remaining length) and every field is read only after a
 * check that it lies inside the frame; errors name the byte offset from the frame's start. */
#include "sense/remoteid_frames.h"

#include <string.h>

static unsigned le16(const uint8_t *p) { return (unsigned)p[0] | (unsigned)p[1] << 8; }
static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static const uint8_t OUI_ASD_STAN[3] = {0xFA, 0x0B, 0xBC};
static const uint8_t OUI_WFA[3] = {0x50, 0x6F, 0x9A};
static const uint8_t NAN_SERVICE_ID[6] = {0x88, 0x69, 0x19, 0x9D, 0x92, 0x09};
#define ODID_APP_CODE 0x0D     /* F3411 message counter follows this byte / OUI type */
#define ODID_BT_UUID 0xFFFAu   /* ASTM International's 16-bit service UUID */
#define BLE_ADV_AA 0x8E89BED6u /* advertising physical channel access address */

#define TRUNC(d, base, at, what)                                                               \
    vg_diag_set(d, VG_ETRUNC, "byte %zu: %s truncated", (size_t)((at) - (base)), what)

/* ---- Wi-Fi ------------------------------------------------------------------------------- */

/* Counter and payload from the bytes of a Remote ID container (vendor IE body after its type,
 * NAN service info). */
static int set_payload(struct vg_rid_frame *f, const uint8_t *frame, const uint8_t *p,
                       size_t n, struct vg_diag *d)
{
    if (n < 1)
        return TRUNC(d, frame, p, "Remote ID message counter");
    f->counter = p[0];
    f->payload = p + 1;
    f->len = n - 1;
    f->offset = (size_t)(p + 1 - frame);
    return 1;
}

/* Information elements of a beacon body: vendor specific (221) with the ASD-STAN OUI and
 * type 0x0D. A frame without it carries no Remote ID (0). */
static int beacon_ies(const uint8_t *frame, const uint8_t *p, size_t n, struct vg_rid_frame *f,
                      struct vg_diag *d)
{
    while (n > 0) {
        if (n < 2)
            return TRUNC(d, frame, p, "information element header");
        unsigned id = p[0], len = p[1];
        if (len > n - 2)
            return vg_diag_set(d, VG_ETRUNC, "byte %zu: element %u of %u bytes runs past the "
                               "frame", (size_t)(p - frame), id, len);
        if (id == 221 && len >= 4 && !memcmp(p + 2, OUI_ASD_STAN, 3) && p[5] == ODID_APP_CODE) {
            f->transport = VG_RID_TR_BEACON;
            return set_payload(f, frame, p + 6, len - 4, d);
        }
        p += 2 + len;
        n -= 2 + len;
    }
    return 0;
}

/* NAN attributes of a service discovery frame: the service descriptor attribute (0x03) of
 * the ODID service ID; its service info is the counter and the pack (NAN spec v3.1 §9.5.3.2:
 * service ID, instance ID, requestor instance ID, service control, then binding bitmap,
 * matching filter, service response filter and service info as the control bits say). */
static int nan_attributes(const uint8_t *frame, const uint8_t *p, size_t n,
                          struct vg_rid_frame *f, struct vg_diag *d)
{
    while (n > 0) {
        if (n < 3)
            return TRUNC(d, frame, p, "NAN attribute header");
        unsigned id = p[0];
        size_t len = le16(p + 1);
        if (len > n - 3)
            return vg_diag_set(d, VG_ETRUNC, "byte %zu: NAN attribute %u of %zu bytes runs "
                               "past the frame", (size_t)(p - frame), id, len);
        const uint8_t *a = p + 3;
        if (id == 0x03 && len >= 9 && !memcmp(a, NAN_SERVICE_ID, 6)) {
            unsigned ctrl = a[8];
            size_t o = 9;
            if (ctrl & 0x40) /* binding bitmap */
                o += 2;
            for (unsigned bit = 0x04; bit <= 0x08; bit <<= 1) { /* matching, response filters */
                if (!(ctrl & bit))
                    continue;
                if (o >= len)
                    return TRUNC(d, frame, a + o, "NAN service filter");
                o += 1 + (size_t)a[o];
            }
            if (!(ctrl & 0x10))
                return 0; /* no service info: nothing broadcast */
            if (o >= len)
                return TRUNC(d, frame, a + o, "NAN service info length");
            size_t si = a[o];
            if (si > len - o - 1)
                return vg_diag_set(d, VG_ETRUNC, "byte %zu: NAN service info of %zu bytes runs "
                                   "past its attribute", (size_t)(a + o - frame), si);
            f->transport = VG_RID_TR_NAN;
            return set_payload(f, frame, a + o + 1, si, d);
        }
        p += 3 + len;
        n -= 3 + len;
    }
    return 0;
}

/* An 802.11 frame (IEEE 802.11-2020 §9.3.3): management beacons and public action frames. */
static int ieee80211(const uint8_t *frame, const uint8_t *p, size_t n, struct vg_rid_frame *f,
                     struct vg_diag *d)
{
    if (n < 2)
        return TRUNC(d, frame, p, "802.11 frame control");
    unsigned ver = p[0] & 3, type = (p[0] >> 2) & 3, subtype = p[0] >> 4;
    if (ver != 0)
        return vg_diag_set(d, VG_EUNSUPPORTED, "byte %zu: 802.11 protocol version %u",
                           (size_t)(p - frame), ver);
    if (type != 0 || (subtype != 8 && subtype != 13 && subtype != 14))
        return 0; /* not a beacon or an action frame */
    size_t hdr = 24 + ((p[1] & 0x80) ? 4 : 0); /* +HT control when the order bit is set */
    if (n < hdr)
        return TRUNC(d, frame, p, "802.11 management header");
    memcpy(f->mac, p + 10, 6); /* address 2: the transmitter */
    f->has_mac = 1;
    if (p[1] & 0x40)
        return 0; /* protected: not a broadcast */
    const uint8_t *b = p + hdr;
    size_t bn = n - hdr;
    if (subtype == 8) {
        if (bn < 12)
            return TRUNC(d, frame, b, "beacon fixed fields");
        return beacon_ies(frame, b + 12, bn - 12, f, d);
    }
    /* Public action (category 4), vendor specific (action 9), WFA OUI, NAN (type 0x13). */
    if (bn < 2 || b[0] != 4 || b[1] != 9)
        return 0;
    if (bn < 6)
        return TRUNC(d, frame, b, "public action vendor header");
    if (memcmp(b + 2, OUI_WFA, 3) || b[5] != 0x13)
        return 0;
    return nan_attributes(frame, b + 6, bn - 6, f, d);
}

/* Radiotap (radiotap.org): version 0, pad, length, then present words (bit 31 chains more).
 * Of its fields only Flags (FCS at the end, bad FCS) and the antenna signal are used; they
 * are the first ones after TSFT, each aligned to its own size from the header's start. */
static int radiotap(const uint8_t *p, size_t n, struct vg_rid_frame *f, struct vg_diag *d)
{
    if (n < 8)
        return TRUNC(d, p, p, "radiotap header");
    if (p[0] != 0)
        return vg_diag_set(d, VG_EUNSUPPORTED, "byte 0: radiotap version %u", p[0]);
    size_t rlen = le16(p + 2);
    if (rlen < 8 || rlen > n)
        return vg_diag_set(d, VG_ETRUNC, "byte 2: radiotap length %zu, frame %zu bytes", rlen,
                           n);
    uint32_t present = le32(p + 4);
    size_t o = 8;
    for (uint32_t w = present; w & 0x80000000u; o += 4) {
        if (o + 4 > rlen)
            return TRUNC(d, p, p + o, "radiotap present bitmap");
        w = le32(p + o);
    }
    /* bit: size, alignment — 0 TSFT 8/8, 1 flags 1, 2 rate 1, 3 channel 4/2, 4 FHSS 2/1,
     * 5 antenna signal 1 (dBm, signed). */
    static const unsigned size[6] = {8, 1, 1, 4, 2, 1}, align[6] = {8, 1, 1, 2, 1, 1};
    unsigned flags = 0;
    for (unsigned bit = 0; bit < 6; bit++) {
        if (!(present & 1u << bit))
            continue;
        o = (o + align[bit] - 1) / align[bit] * align[bit];
        if (o + size[bit] > rlen)
            return TRUNC(d, p, p + o, "radiotap field");
        if (bit == 1)
            flags = p[o];
        if (bit == 5) {
            f->rssi_dbm = (int8_t)p[o];
            f->has_rssi = 1;
        }
        o += size[bit];
    }
    size_t body = n - rlen;
    if (flags & 0x10) { /* the frame ends with its 4-byte FCS */
        if (body < 4)
            return TRUNC(d, p, p + n, "802.11 FCS");
        body -= 4;
    }
    if (flags & 0x40) /* the receiver found the FCS bad */
        f->crc = 0;
    else if (flags & 0x10)
        f->crc = 1;
    return ieee80211(p, p + rlen, body, f, d);
}

/* ---- Bluetooth LE ------------------------------------------------------------------------- */

int vg_rid_ble_crc_ok(const uint8_t *pdu, size_t n, const uint8_t crc[3])
{
    /* The LFSR of Core Vol 6 Part B §3.1.1 (x^24 + x^10 + x^9 + x^6 + x^4 + x^3 + x + 1), fed
     * least significant bit first: in this reflected form the polynomial is 0xDA6000 and the
     * initial value 0x555555 bit-reversed is 0xAAAAAA. The register's low byte goes out first
     * (checked against the nRF sniffer's verdict on all 274 frames of odid_bt5_lr_sample). */
    uint32_t s = 0xAAAAAA;
    for (size_t i = 0; i < n; i++)
        for (int b = 0; b < 8; b++) {
            unsigned in = (pdu[i] >> b) & 1;
            s = ((s ^ in) & 1) ? (s >> 1) ^ 0xDA6000 : s >> 1;
        }
    uint32_t got = (uint32_t)crc[0] | (uint32_t)crc[1] << 8 | (uint32_t)crc[2] << 16;
    return got == s;
}

/* Advertising data (Core Vol 3 Part C §11): length-type-value structures; service data with
 * the 16-bit UUID 0xFFFA and application code 0x0D holds the counter and a message or pack. */
static int ad_structures(const uint8_t *frame, const uint8_t *p, size_t n,
                         struct vg_rid_frame *f, struct vg_diag *d)
{
    while (n > 0) {
        size_t len = p[0];
        if (len == 0)
            return 0; /* the rest is padding (§11: early termination) */
        if (len > n - 1)
            return vg_diag_set(d, VG_ETRUNC, "byte %zu: AD structure of %zu bytes runs past "
                               "the PDU", (size_t)(p - frame), len);
        if (p[1] == 0x16 && len >= 4 && le16(p + 2) == ODID_BT_UUID && p[4] == ODID_APP_CODE)
            return set_payload(f, frame, p + 5, len - 4, d);
        p += 1 + len;
        n -= 1 + len;
    }
    return 0;
}

static void ble_addr(struct vg_rid_frame *f, const uint8_t *a)
{
    for (int i = 0; i < 6; i++) /* sent little-endian, printed most significant byte first */
        f->mac[i] = a[5 - i];
    f->has_mac = 1;
}

/* An advertising physical channel packet from its access address on: AA (4), the Coding
 * Indicator (1, LE Coded PHY only), PDU header (2), payload, CRC (3) (Core Vol 6 Part B
 * §2.1, §2.3). crc_known: the capture's own verdict in f->crc, else our CRC-24 check. */
static int ble_ll(const uint8_t *frame, const uint8_t *p, size_t n, int coded, int crc_known,
                  struct vg_rid_frame *f, struct vg_diag *d)
{
    if (n < 4)
        return TRUNC(d, frame, p, "access address");
    if (le32(p) != BLE_ADV_AA)
        return 0; /* a data channel packet */
    size_t o = 4 + (coded ? 1 : 0);
    if (n < o + 2)
        return TRUNC(d, frame, p + o, "advertising PDU header");
    const uint8_t *pdu = p + o;
    unsigned type = pdu[0] & 15;
    size_t plen = pdu[1];
    if (n - o - 2 < plen + 3)
        return vg_diag_set(d, VG_ETRUNC, "byte %zu: advertising PDU of %zu bytes and its CRC "
                           "run past the frame", (size_t)(pdu - frame), plen);
    if (!crc_known)
        f->crc = vg_rid_ble_crc_ok(pdu, 2 + plen, pdu + 2 + plen);
    const uint8_t *pl = pdu + 2;
    if (type == 0 || type == 2 || type == 6) { /* ADV_IND, ADV_NONCONN_IND, ADV_SCAN_IND */
        if (plen < 6 || plen > 37)
            return vg_diag_set(d, VG_EPARSE, "byte %zu: legacy advertising PDU of %zu bytes "
                               "(6-37)", (size_t)(pdu + 1 - frame), plen);
        ble_addr(f, pl);
        f->transport = VG_RID_TR_BT4;
        return ad_structures(frame, pl + 6, plen - 6, f, d);
    }
    if (type != 7)
        return 0; /* scan requests, connection requests: no advertising data */
    /* Common extended advertising payload (§2.3.4): extended header length (6 bits) and
     * AdvMode, the flags byte, then the fields the flags announce, in this order. */
    if (plen < 1)
        return TRUNC(d, frame, pl, "extended header length");
    size_t eh = pl[0] & 63;
    if (eh > plen - 1)
        return vg_diag_set(d, VG_ETRUNC, "byte %zu: extended header of %zu bytes runs past the "
                           "PDU", (size_t)(pl - frame), eh);
    if (eh > 0) {
        static const unsigned fsize[7] = {6, 6, 1, 2, 3, 18, 1}; /* AdvA TargetA CTEInfo ADI
                                                                    AuxPtr SyncInfo TxPower */
        unsigned flags = pl[1];
        size_t fo = 2;
        for (unsigned bit = 0; bit < 7; bit++) {
            if (!(flags & 1u << bit))
                continue;
            if (fo + fsize[bit] > 1 + eh)
                return vg_diag_set(d, VG_EPARSE, "byte %zu: extended header fields overrun its "
                                   "length %zu", (size_t)(pl + fo - frame), eh);
            if (bit == 0)
                ble_addr(f, pl + fo);
            fo += fsize[bit];
        }
    }
    f->transport = VG_RID_TR_BT5;
    return ad_structures(frame, pl + 1 + eh, plen - 1 - eh, f, d);
}

/* nRF Sniffer for Bluetooth LE (LINKTYPE_NORDIC_BLE): board ID, a UART header whose form
 * depends on the protocol version, then the event packet header (length, flags, channel,
 * RSSI, event counter, time) and the link-layer packet. Flags bit 0: CRC good; bits 4-6: PHY
 * (2 = LE Coded, whose packets carry the Coding Indicator). */
static int nordic(const uint8_t *p, size_t n, struct vg_rid_frame *f, struct vg_diag *d)
{
    size_t o, plen_total;
    unsigned ver;
    if (n >= 2 && p[0] == 0xBE && p[1] == 0xEF) {
        /* Legacy: marker, packet ID, counter (2), unused (2), payload length (1), then a
         * fixed 9-byte event header (no length byte). */
        if (n < 8)
            return TRUNC(d, p, p, "nRF sniffer legacy header");
        ver = 0;
        if (p[2] != 0x06)
            return 0;
        plen_total = 8 + (size_t)p[7];
        o = 8;
    } else {
        if (n < 7)
            return TRUNC(d, p, p, "nRF sniffer header");
        ver = p[3];
        if (ver == 1) {
            plen_total = 1 + (size_t)p[1] + p[2]; /* header length (after the board ID) */
        } else if (ver == 2 || ver == 3) {
            plen_total = 7 + (size_t)le16(p + 1);
        } else {
            return vg_diag_set(d, VG_EUNSUPPORTED, "byte 3: nRF sniffer protocol version %u",
                               ver);
        }
        unsigned id = p[6];
        if (ver == 1 && p[1] != 6)
            return vg_diag_set(d, VG_EPARSE, "byte 1: nRF sniffer v1 header length %u, not 6",
                               p[1]);
        /* Version 3: 0x02 advertising, 0x06 data channel; before it 0x06 for both. */
        if (ver == 3 ? id != 0x02 : id != 0x06)
            return 0;
        o = 7;
    }
    if (plen_total != n)
        return vg_diag_set(d, n < plen_total ? VG_ETRUNC : VG_EPARSE,
                           "byte %zu: nRF sniffer says %zu bytes, the frame has %zu",
                           n < plen_total ? n : plen_total, plen_total, n);
    size_t ev = 9;
    if (ver != 0) {
        if (o >= n)
            return TRUNC(d, p, p + o, "nRF event header length");
        ev = p[o];
        if (ev < 10)
            return vg_diag_set(d, VG_EPARSE, "byte %zu: nRF event header length %zu < 10", o,
                               ev);
        o++;
        ev--;
    }
    if (n - o < ev)
        return TRUNC(d, p, p + o, "nRF event header");
    unsigned flags = p[o];
    f->crc = flags & 1;
    f->rssi_dbm = -(int)p[o + 2];
    f->has_rssi = 1;
    int coded = ((flags >> 4) & 7) == 2;
    return ble_ll(p, p + o + ev, n - o - ev, coded, 1, f, d);
}

/* LINKTYPE_BLUETOOTH_LE_LL_WITH_PHDR: channel, signal, noise, AA offenses, reference AA (4),
 * flags (2): 0x0400 CRC checked, 0x0800 CRC valid, 0xC000 PHY (2 = LE Coded). */
static int ble_phdr(const uint8_t *p, size_t n, struct vg_rid_frame *f, struct vg_diag *d)
{
    if (n < 10)
        return TRUNC(d, p, p, "LE pseudo-header");
    unsigned flags = le16(p + 8);
    if (flags & 0x0002) {
        f->rssi_dbm = (int8_t)p[1];
        f->has_rssi = 1;
    }
    int checked = (flags & 0x0400) != 0;
    if (checked)
        f->crc = (flags & 0x0800) != 0;
    return ble_ll(p, p + 10, n - 10, (flags >> 14) == 2, checked, f, d);
}

int vg_rid_frame_find(int linktype, const uint8_t *buf, size_t len, struct vg_rid_frame *f,
                      struct vg_diag *d)
{
    memset(f, 0, sizeof *f);
    f->crc = -1;
    switch (linktype) {
    case VG_DLT_IEEE802_11_RADIO:
        return radiotap(buf, len, f, d);
    case VG_DLT_IEEE802_11:
        return ieee80211(buf, buf, len, f, d);
    case VG_DLT_NORDIC_BLE:
        return nordic(buf, len, f, d);
    case VG_DLT_BLUETOOTH_LE_LL:
        return ble_ll(buf, buf, len, 0, 0, f, d);
    case VG_DLT_BLUETOOTH_LE_LL_WITH_PHDR:
        return ble_phdr(buf, len, f, d);
    default:
        return vg_diag_set(d, VG_EUNSUPPORTED, "link type %d carries no Remote ID here "
                           "(802.11: 105, 127; Bluetooth LE: 251, 256, 272)", linktype);
    }
}
