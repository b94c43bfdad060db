/* SPDX-License-Identifier: MIT */
/* jsonl.h — the detections reader: formats.md "Detections" (JSON lines) into vg_detection.
 *
 * Kinds read: xyz, polar, bearing, adsb, remoteid and scan. Angles in the file are degrees;
 * in struct vg_detection they are radians, z and R alike (R = diag(sigma²), or the file's
 * `cov` scaled by the same units, which wins over `sigma`). Fields the reader does not know
 * (e.g. `truth`) are ignored; optional fields given as null count as absent. Times are
 * reported as they are, sorted or not.
 *
 * adsb: `icao` (6 hex digits; coop_id, in lower case), optional `callsign` (1-8 of A-Z, 0-9,
 * space) and `squawk` (4 octal digits), checked and not kept; `lat`, `lon` (degrees),
 * `alt_m` (ellipsoidal) or `alt_baro_m` (pressure altitude, used as a height when alt_m is
 * absent), optional `vel` [ve, vn, vu] m/s (coop_vel). remoteid: `uas_id` (1-20 printable
 * ASCII characters, not all spaces; coop_id), `lat`, `lon`, `alt_m`, optional `vel`, optional
 * `operator` {lat, lon} (coop_op: its [e, n], taken at the origin's height). z = [e, n, u] m
 * from lat, lon, alt through the site's frame (within 1000 km of its origin; heights in
 * [-1000, 100000] m, |vel| components ≤ 2000 m/s). R: `sigma` [se, sn, su] or `cov` in m;
 * without them, for ADS-B from `nacp` 1-11 (DO-260B: σh = EPU/2.448, σv = VEPU/1.96 for
 * NACp 9-11), else σ = 15 m horizontal and 30 m vertical (100 m from alt_baro_m); for Remote
 * ID σ = 10 m horizontal, 15 m vertical. The sensor needs no declared position.
 *
 * Each line is parsed with jansson (libjansson, as for the site file): the issue asks for a
 * maintained JSON library from Debian, and reading is outside the tracker's no-allocation hot
 * path, since the tracker and the benchmark take detections already in memory. The tree of a
 * line is freed (json_decref) before the next line is read. Duplicate keys (at any depth),
 * NaN, Infinity, numbers that overflow a double, \u0000, nesting deeper than 32 levels and
 * lines longer than 1 MiB (1048576 bytes, the line end not counted; VG_ERANGE, and the reader
 * does not buffer the rest) are errors. A syntax error's reason carries jansson's message and
 * byte position ("invalid JSON at byte 17: ..."). jansson reads numbers whatever LC_NUMERIC
 * is. */
#ifndef VG_SENSE_JSONL_H
#define VG_SENSE_JSONL_H

#include <stddef.h>

#include "base/err.h"
#include "base/site.h"
#include "sense/detection.h"

/* An unknown sensor id on an xyz, adsb, remoteid or scan line is added to the site
 * (declared = 0, type unknown, at the origin): they need no sensor position. On polar and
 * bearing lines an unknown or undeclared sensor is always VG_EUNKSENSOR, since their geometry
 * needs it. */
#define VG_JSONL_AUTO_SENSOR (1u << 0)

/* Parse one line of len bytes (no NUL needed; a trailing "\n" or "\r\n" is fine).
 * Returns 1 with *det filled (src_line = 0), 0 for a blank or '#' comment line, or a
 * negative VG_E* with d->msg = the reason only (the caller adds "FILE:LINE: "). */
int vg_jsonl_parse_detection(const char *line, size_t len, struct vg_site *site,
                             unsigned flags, struct vg_detection *det, struct vg_diag *d);

/* A streaming reader over a file ("-" reads stdin). Opaque; a line over 1 MiB is an error. */
struct vg_jsonl_reader;

/* The site must outlive the reader. Returns 0 or a negative VG_E* (d = "PATH: reason"). */
int vg_jsonl_reader_open(struct vg_jsonl_reader **r, const char *path, struct vg_site *site,
                         unsigned flags, struct vg_diag *d);

/* Returns 1 with *det filled (src_line = its line number), 0 at end of file, or a negative
 * VG_E* with d = "PATH:LINE: reason". After a bad line the reader stays usable: the next call
 * continues with the following line (so a live engine can count and skip). */
int vg_jsonl_reader_next(struct vg_jsonl_reader *r, struct vg_detection *det,
                         struct vg_diag *d);

void vg_jsonl_reader_free(struct vg_jsonl_reader *r); /* NULL is a no-op */

/* Read a whole file into memory, stopping at the first bad line. On success *out holds *n
 * detections (scan markers included) and belongs to the caller, who frees it with free();
 * on error *out is NULL, *n is 0 and d = "PATH:LINE: reason". */
int vg_jsonl_read_all(const char *path, struct vg_site *site, unsigned flags,
                      struct vg_detection **out, size_t *n, struct vg_diag *d);

#endif
