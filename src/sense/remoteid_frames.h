/* SPDX-License-Identifier: MIT */
/* remoteid_frames.h — where the Remote ID payload sits in a captured link-layer frame.
 *
 * F3411-22a §5.4.6 (Bluetooth) and §5.4.7 (Wi-Fi) put a one-byte message counter and then a
 * message (Bluetooth 4 legacy advertising) or a message pack (everything else) into:
 *   - an 802.11 beacon: vendor-specific element 221, OUI FA:0B:BC (ASD-STAN), type 0x0D;
 *   - a Wi-Fi NAN service discovery frame (public action, vendor specific, Wi-Fi Alliance OUI
 *     50:6F:9A type 0x13): the service descriptor attribute of service ID 88:69:19:9D:92:09
 *     (the first 6 bytes of SHA-256("org.opendroneid.remoteid")), in its service info;
 *   - Bluetooth LE advertising data: AD type 0x16 (service data, 16-bit UUID) with UUID
 *     0xFFFA (ASTM) and application code 0x0D, in ADV_IND / ADV_NONCONN_IND / ADV_SCAN_IND
 *     (legacy) or AUX_ADV_IND (extended, after its extended header).
 * Link types (pcap's LINKTYPE_* numbers): 802.11 with radiotap (127), bare 802.11 (105),
 * the nRF Sniffer for Bluetooth LE (272, protocol versions 1-3 and the legacy 0xBEEF form),
 * Bluetooth LE link layer (251) and with its pseudo-header (256).
 *
 * Every length from the wire is checked against the bytes in hand before it is used. */
#ifndef VG_SENSE_REMOTEID_FRAMES_H
#define VG_SENSE_REMOTEID_FRAMES_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "sense/remoteid.h"

#define VG_DLT_IEEE802_11 105
#define VG_DLT_IEEE802_11_RADIO 127
#define VG_DLT_BLUETOOTH_LE_LL 251
#define VG_DLT_BLUETOOTH_LE_LL_WITH_PHDR 256
#define VG_DLT_NORDIC_BLE 272

enum vg_rid_transport {
    VG_RID_TR_BEACON = 0, /* Wi-Fi beacon */
    VG_RID_TR_NAN,        /* Wi-Fi NAN service discovery */
    VG_RID_TR_BT4,        /* Bluetooth LE legacy advertising: one message */
    VG_RID_TR_BT5,        /* Bluetooth LE extended advertising: a pack */
};

struct vg_rid_frame {
    int transport;            /* enum vg_rid_transport */
    uint8_t mac[6];           /* transmitter: 802.11 address 2 or the BLE AdvA, in the order
                                 it is printed (aa:bb:..:ff); zero when absent */
    int has_mac;
    int crc;                  /* 1 good, 0 bad (sniffer's flag, radiotap's bad-FCS flag or our
                                 own BLE CRC-24 check), -1 not known */
    int has_rssi;
    int rssi_dbm;             /* radiotap antenna signal or the sniffer's RSSI */
    uint8_t counter;          /* the ODID message counter */
    const uint8_t *payload;   /* the message or pack after the counter, inside the frame */
    size_t len;               /* bytes of it (for a pack: up to the end of its container) */
    size_t offset;            /* payload's byte offset in the frame */
};

/* Find the Remote ID payload in one frame of link type linktype. Returns 1 with *f filled,
 * 0 when the frame is well formed but carries no Remote ID (another beacon, a data frame),
 * or a negative VG_E* with d = "byte N: reason": VG_ETRUNC (a header or a length field runs
 * past the frame), VG_EPARSE, VG_EUNSUPPORTED (an unknown link type or header version).
 * A frame whose CRC is known bad is still parsed, with f->crc = 0: the caller chooses. */
int vg_rid_frame_find(int linktype, const uint8_t *buf, size_t len, struct vg_rid_frame *f,
                      struct vg_diag *d);

/* Bluetooth LE CRC-24 (Core v5.3 Vol 6 Part B §3.1.1) of pdu[0..n) with the advertising
 * channel's initial value 0x555555, in the byte order the CRC follows the PDU on air and in
 * captures: 1 if crc[0..3) matches. */
int vg_rid_ble_crc_ok(const uint8_t *pdu, size_t n, const uint8_t crc[3]);

/* Message i of payload p found in frame f (m NULL: the payload is an empty pack) as one JSON
 * object with README.md's keys (no newline, NUL-terminated) in buf. Returns its length, or
 * VG_ERANGE when cap is too small (2 kB always suffices). */
int vg_rid_describe(const struct vg_rid_frame *f, const struct vg_rid_payload *p,
                    const struct vg_rid_msg *m, size_t i, char *buf, size_t cap);

#endif
