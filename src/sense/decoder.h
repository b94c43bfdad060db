/* SPDX-License-Identifier: MIT */
/* decoder.h — one interface for every wire format, so the live engine, `vigil decode` and the
 * fuzzers drive all of them the same way.
 *
 * A transport (UDP socket, TCP stream, capture file) cuts its bytes into units by the
 * format's framing — one datagram, one text line, or one length-prefixed message — and hands
 * each unit to the format's decode(). The decoder turns it into zero or more detections
 * (struct vg_detection, formats.md's meaning) and, optionally, a JSON description of what the
 * unit held in the format's own terms (for `vigil decode`). Malformed units are reported with
 * a negative VG_E* and a reason naming the byte offset; the caller counts and skips them. A
 * decoder keeps whatever state its format needs across units (SBS callsigns, a SAPIENT
 * session's registration, Remote ID packs) in its own state. */
#ifndef VG_SENSE_DECODER_H
#define VG_SENSE_DECODER_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/site.h"
#include "sense/detection.h"

enum vg_framing {
    VG_FRAMING_DATAGRAM = 0, /* one unit per UDP datagram (or captured UDP payload) */
    VG_FRAMING_LINE,         /* one unit per text line; "\n" or "\r\n" stripped */
    VG_FRAMING_LEN32LE,      /* 4-byte little-endian length, then that many bytes */
    VG_FRAMING_FRAME,        /* one link-layer frame (802.11 with radiotap, Bluetooth LE):
                                from a capture file, or one per datagram of a UDP feed of
                                frames; its link type is vg_decoder_options.linktype */
};

/* Per-unit counters an input keeps (and the metrics endpoint shows). */
struct vg_decoder_stats {
    uint64_t units;       /* datagrams, lines or messages received */
    uint64_t bytes;
    uint64_t decoded;     /* detections emitted */
    uint64_t malformed;   /* units rejected by the decoder */
    uint64_t dropped;     /* detections lost downstream (queue full, unknown sensor) */
    uint64_t skipped;     /* well-formed units that carry no detection (e.g. service messages) */
};

/* Where a decoder's output goes. Everything is valid during the call only. */
struct vg_decode_io {
    /* Each detection decoded from the unit. */
    void (*emit)(void *user, const struct vg_detection *det);
    /* The unit described as one JSON object (no newline), or NULL when not asked for. */
    void (*describe)(void *user, const char *json, size_t len);
    /* Bytes back to the peer on a stream transport (e.g. a SAPIENT RegistrationAck), or
     * NULL where there is no way back; returns 0 or a negative VG_E*. */
    int (*reply)(void *user, const void *buf, size_t len);
    void *user;
    double t_rx;          /* arrival (or capture) time, UNIX seconds */
};

/* Options of one input, from the engine's config (all may be empty/zero). */
struct vg_decoder_options {
    const char *sensor;   /* site sensor id the input feeds, or NULL: the decoder decides
                             (e.g. by ASTERIX SAC/SIC or a SAPIENT node id) */
    const char *name;     /* the input's name, for messages */
    int linktype;         /* VG_FRAMING_FRAME: the frames' DLT_* link type (pcap's numbers);
                             0 = the format's default */
};

struct vg_decoder_ops {
    const char *name;     /* "jsonl", "asterix", "sbs", "remoteid", "sapient" */
    int framing;          /* enum vg_framing on a stream transport */
    size_t unit_max;      /* largest unit accepted, bytes; longer ones are malformed */
    /* 0 with *state set, or a negative VG_E* with d. site outlives the state and may gain
     * sensors (a decoder may add undeclared sensors as jsonl does). */
    int (*open)(void **state, struct vg_site *site, const struct vg_decoder_options *o,
                struct vg_diag *d);
    /* Decode one unit. Returns the number of detections emitted (≥ 0), or a negative VG_E*
     * with d = "byte N: reason" (the caller prefixes input name / file and frame). */
    int (*decode)(void *state, const uint8_t *buf, size_t len, const struct vg_decode_io *io,
                  struct vg_diag *d);
    void (*close)(void *state);
    /* Optional (NULL if the format cannot be written): one detection as one unit of the
     * format, for `vigil sim --live` and round-trip tests. Returns the bytes written, 0 when
     * the detection has no form in this format (e.g. a bearing in ADS-B), or a negative
     * VG_E* (VG_ERANGE: cap too small). */
    int (*encode)(void *state, const struct vg_detection *det, uint8_t *buf, size_t cap,
                  struct vg_diag *d);
    /* Optional: bytes a sender writes first on a new stream connection (e.g. SAPIENT's
     * Registration); same returns as encode. */
    int (*hello)(void *state, uint8_t *buf, size_t cap, struct vg_diag *d);
};

/* The decoder of a format by name, or NULL. */
const struct vg_decoder_ops *vg_decoder_find(const char *name);
/* Every decoder, NULL-terminated (for --help and the docs test). */
extern const struct vg_decoder_ops *const vg_decoders[];

#endif
