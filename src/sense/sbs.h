/* SPDX-License-Identifier: MIT */
/* sbs.h — ADS-B as SBS-1 BaseStation text lines (dump1090 / readsb port 30003).
 *
 * The format: one CSV line per Mode S message, CRLF-terminated, as Kinetic's BaseStation
 * "Barebones42" socket data defines it and dump1090 writes it (modesSendSBSOutput):
 *   1 message type (MSG, SEL, ID, AIR, STA, CLK)   2 transmission type (MSG: 1-8)
 *   3 session id   4 aircraft id   5 ICAO address (6 hex; dump1090-fa/readsb: "~" + 6 hex
 *   for a non-ICAO address)   6 flight id   7-8 date/time the message was received
 *   9-10 date/time the line was written (both the feeder's local clock, no zone)
 *   11 callsign   12 altitude (ft, barometric; dump1090 --gnss: "NNNNH" = GNSS height)
 *   13 ground speed (kt)   14 track (deg true)   15 lat   16 lon (deg WGS-84)
 *   17 vertical rate (ft/min)   18 squawk (4 octal digits)   19 squawk-change alert
 *   20 emergency   21 SPI (ident)   22 on ground    (flags: -1 true, 0 false, empty unknown)
 * MSG lines have exactly 22 fields; SEL/ID/AIR/STA/CLK lines 10 or 11 (Barebones42's
 * examples). The decoder (vg_decoder_sbs, sbs.c) keeps per-aircraft state across lines and
 * emits VG_DET_ADSB detections for positions; see sbs.c for what emits what. */
#ifndef VG_SENSE_SBS_H
#define VG_SENSE_SBS_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

#define VG_SBS_LINE_MAX 256 /* longest line accepted, bytes (dump1090 writes < 160) */
#define VG_SBS_FIELDS 22    /* fields of a MSG line */

enum vg_sbs_type { VG_SBS_MSG = 0, VG_SBS_SEL, VG_SBS_ID, VG_SBS_AIR, VG_SBS_STA, VG_SBS_CLK,
                   VG_SBS_TYPE_COUNT };

/* Which optional fields a line held (struct vg_sbs_line.has). */
#define VG_SBS_HAS_SESSION (1u << 0)
#define VG_SBS_HAS_AIRCRAFT (1u << 1)
#define VG_SBS_HAS_ICAO (1u << 2)
#define VG_SBS_HAS_FLIGHT (1u << 3)
#define VG_SBS_HAS_TGEN (1u << 4)  /* fields 7-8 */
#define VG_SBS_HAS_TLOG (1u << 5)  /* fields 9-10 */
#define VG_SBS_HAS_CALLSIGN (1u << 6)
#define VG_SBS_HAS_ALT (1u << 7)
#define VG_SBS_HAS_GS (1u << 8)
#define VG_SBS_HAS_TRACK (1u << 9)
#define VG_SBS_HAS_POS (1u << 10)  /* lat and lon, always together */
#define VG_SBS_HAS_VR (1u << 11)
#define VG_SBS_HAS_SQUAWK (1u << 12)
#define VG_SBS_HAS_ALERT (1u << 13)
#define VG_SBS_HAS_EMERGENCY (1u << 14)
#define VG_SBS_HAS_SPI (1u << 15)
#define VG_SBS_HAS_GROUND (1u << 16)
#define VG_SBS_HAS_TEXT (1u << 17) /* field 11 of a SEL/ID/STA line */

/* One line, parsed and range-checked. */
struct vg_sbs_line {
    int type;             /* enum vg_sbs_type */
    int tt;               /* MSG transmission type 1-8; 0 for the other types */
    unsigned has;         /* VG_SBS_HAS_* */
    long session, aircraft, flight; /* fields 3, 4, 6 (dump1090: 1, 1, 1) */
    uint32_t icao;        /* 24-bit address */
    int non_icao;         /* 1: written "~XXXXXX" (TIS-B/ADS-R/anonymous, not an ICAO address) */
    double t_gen, t_log;  /* fields 7-8 and 9-10 read as UTC, UNIX seconds */
    char callsign[9];     /* trailing spaces removed; A-Z, 0-9, space */
    char text[17];        /* SEL/ID: callsign, STA: status (PL, RM, AD, OK, ...) */
    double alt_ft;        /* barometric, or GNSS with alt_gnss */
    int alt_gnss;         /* altitude written "NNNNH" (dump1090 --gnss): GNSS height */
    double gs_kt;         /* ground speed, kt, [0, 4000] */
    double track_deg;     /* track over ground, deg true, [0, 360] */
    double lat_deg, lon_deg;
    double vr_fpm;        /* vertical rate, ft/min, |vr| ≤ 40000 */
    char squawk[5];       /* 4 octal digits */
    uint8_t alert, emergency, spi, on_ground; /* 0/1 when the HAS_ bit is set */
};

/* Parse one line (no CR/LF; a trailing "\r" is tolerated). Returns 0, or VG_EPARSE /
 * VG_ERANGE with d = "byte N: field F (name) ..." where N is base + the 0-based offset of the
 * bad field in buf (base: where the line starts in a larger unit, else 0). The empty line is
 * VG_EPARSE too (the decoder skips it before calling this). */
int vg_sbs_parse(const char *buf, size_t len, size_t base, struct vg_sbs_line *out,
                 struct vg_diag *d);

/* "MSG", "SEL", ... */
const char *vg_sbs_type_name(int type);

/* Write one line as a JSON object (the fields present, by name) into buf; returns the
 * length (< cap) or VG_ERANGE if cap is too small (512 is always enough). */
int vg_sbs_describe(const struct vg_sbs_line *l, char *buf, size_t cap);

/* Counters of one decoder state (vg_decoder_sbs), for tests and metrics. */
struct vg_sbs_counts {
    uint64_t lines;        /* lines seen, empty ones included */
    uint64_t empty;        /* empty lines (dump1090's heartbeat is a bare CRLF) */
    uint64_t malformed;
    uint64_t msg[9];       /* good MSG lines by transmission type (index 1-8) */
    uint64_t other[VG_SBS_TYPE_COUNT]; /* good non-MSG lines by type (understood, skipped) */
    uint64_t positions;    /* detections emitted */
    uint64_t no_altitude;  /* positions skipped: no altitude on the line or recent */
    uint64_t non_icao;     /* lines skipped: "~" addresses */
    uint64_t expired;      /* aircraft forgotten after SBS_STALE_S without a line */
    uint64_t evicted;      /* aircraft pushed out of a full table (least recently heard) */
    uint32_t aircraft;     /* aircraft in the table now */
};

/* What the decoder keeps about one aircraft (vg_sbs_aircraft_get). */
struct vg_sbs_aircraft {
    uint32_t icao;
    double t_last;         /* detection-time of the last line, s */
    char callsign[9];      /* "" until an MSG,1 */
    char squawk[5];        /* "" until an MSG,5/6 */
    int has_alt, alt_gnss;  /* alt_gnss: the last altitude was a GNSS height ("NNNNH") */
    double alt_ft, t_alt;
    int has_vel;           /* ground speed and track heard */
    double gs_kt, track_deg, t_vel;
    int has_vr;
    double vr_fpm, t_vr;
    uint64_t positions;    /* detections emitted for it */
};

/* state is a vg_decoder_sbs state (from its open). */
void vg_sbs_counts(const void *state, struct vg_sbs_counts *out);
/* 0 with *out, or VG_ENOENT if the aircraft is not in the table. */
int vg_sbs_aircraft_get(const void *state, uint32_t icao, struct vg_sbs_aircraft *out);

#endif
