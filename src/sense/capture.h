/* SPDX-License-Identifier: MIT */
/* capture.h — frames from pcap and pcapng files (libpcap), and the UDP payload inside them.
 *
 * Wire-format decoders take bytes; this file is how `vigil decode` and the tests get those
 * bytes out of real captures. libpcap (Debian's libpcap-dev) reads both classic pcap and
 * pcapng (pcap_open_offline), so Vigil carries no file-format parser of its own. */
#ifndef VG_SENSE_CAPTURE_H
#define VG_SENSE_CAPTURE_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct vg_capture;

struct vg_frame {
    uint64_t number;      /* 1-based frame number, as Wireshark counts */
    double t;             /* capture time, UNIX seconds */
    int linktype;         /* DLT_* of the file (pcap_datalink) */
    const uint8_t *data;  /* captured bytes, valid until the next vg_capture_next */
    size_t len;           /* captured length (≤ the original length on the wire) */
    size_t wire_len;      /* original length; > len when the capture was snapped */
};

/* Open PATH (pcap or pcapng). 0 or a negative VG_E* with d = "PATH: reason". */
int vg_capture_open(struct vg_capture **c, const char *path, struct vg_diag *d);
/* 1 with *f filled, 0 at the end, or a negative VG_E* (d = "PATH: frame N: reason"). */
int vg_capture_next(struct vg_capture *c, struct vg_frame *f, struct vg_diag *d);
void vg_capture_close(struct vg_capture *c);

struct vg_udp {
    const uint8_t *payload;
    size_t len;
    size_t offset;        /* payload's byte offset in the frame */
    uint16_t src_port, dst_port;
    uint8_t src_addr[16], dst_addr[16]; /* IPv4 in the first 4 bytes */
    int ip_version;       /* 4 or 6 */
};

/* The UDP datagram inside a frame of link type Ethernet (with 802.1Q/802.1ad tags), Linux
 * cooked (SLL, SLL2), BSD loopback (NULL/LOOP) or raw IP. Every length is checked against
 * the captured bytes; IPv4 fragments other than the first and non-UDP packets are
 * VG_EUNSUPPORTED, truncated headers VG_ETRUNC (d = reason with the byte offset). */
int vg_capture_udp(const struct vg_frame *f, struct vg_udp *u, struct vg_diag *d);

#endif
