/* SPDX-License-Identifier: MIT */
/* jsonl_write.h — the detections writer: struct vg_detection → one formats.md JSON line.
 *
 * The inverse of sense/jsonl.h: angles go back from radians to degrees (z, sigma and cov
 * alike), the sensor index back to its string id, and numbers are printed in the shortest
 * form that reads back to the same double, so a file written here and read by
 * vg_jsonl_parse_detection() gives the detection it came from — exactly, except the
 * positions of adsb and remoteid reports, which go through lat/lon and come back within
 * about a nanometre. */
#ifndef VG_SENSE_JSONL_WRITE_H
#define VG_SENSE_JSONL_WRITE_H

#include <stddef.h>
#include <stdio.h>

#include "base/site.h"
#include "sense/detection.h"

/* Longest text vg_jsonl_format_double() writes, with its NUL. */
#define VG_JSONL_NUM_MAX 32

/* Write x into buf (at least VG_JSONL_NUM_MAX bytes) as the shortest of %.15g, %.16g and
 * %.17g that strtod reads back exactly, always with a '.' or exponent ("12.0", not "12"), so
 * every reader sees a float. Returns the length, or VG_ERANGE if x is not finite (JSON has
 * no NaN or infinity). Needs LC_NUMERIC "C". */
int vg_jsonl_format_double(char *buf, double x);

/* Write det as one line ending in "\n", with "sensor" = site->sensors[det->sensor].id and,
 * when truth_id is not NULL, a debugging field "truth" (an object id or "clutter"; readers
 * ignore it). sigma is written from R's diagonal, or cov (n×n) when R has off-diagonal
 * terms. All kinds; snr_db, rcs_dbsm and class_hint/p when flagged. adsb and remoteid are
 * written as formats.md has them: "icao" or "uas_id" from coop_id, "lat", "lon" and "alt_m"
 * converted from z through site->frame, "vel" from coop_vel with VG_DET_HAS_COOP_VEL, and a
 * remoteid's "operator" {"lat", "lon"} from coop_op with VG_DET_HAS_COOP_OP (at the origin's
 * height, as sense/jsonl.h reads it); sigma in metres.
 * Returns 0; VG_EINVAL for a sensor index outside the site, a non-finite value, a polar or
 * bearing detection whose nz does not match its flags, a scan's sector that is empty (nz = 2,
 * from = to), or a coop_id, callsign or squawk that the reader would reject; VG_EIO if the write fails. Nothing is written on an error other
 * than VG_EIO. */
int vg_jsonl_write_detection(FILE *f, const struct vg_site *site, const struct vg_detection *det,
                             const char *truth_id);

/* Fields a line may carry beyond the detection itself (formats.md; readers that do not know
 * them ignore them). vg_jsonl_extra_init() sets all absent. */
struct vg_jsonl_extra {
    const char *truth;        /* "truth": an object id or "clutter" (debugging); NULL: absent */
    double arrival;           /* "arrival": when the report reached the receiver, s, in the
                                 time base of t; NAN: absent */
    const char *link;         /* "emitter": {"band_mhz", "link"} of an RF report; NULL: absent */
    double band_mhz;          /* with link: the emitter's carrier, MHz, > 0 */
    const char *callsign;     /* adsb only: "callsign", 1-8 of A-Z, 0-9, space; NULL: absent */
    const char *squawk;       /* adsb only: "squawk", 4 octal digits; NULL: absent */
};

void vg_jsonl_extra_init(struct vg_jsonl_extra *x);

/* vg_jsonl_write_detection with the extra fields of x (NULL: none): "arrival" follows "t",
 * "emitter" follows the measurement, "truth" ends the line. Also VG_EINVAL for an arrival
 * that is not finite or a band that is not finite and positive. */
int vg_jsonl_write_detection_ex(FILE *f, const struct vg_site *site,
                                const struct vg_detection *det, const struct vg_jsonl_extra *x);

/* Append s to f as a JSON string literal (quotes, escapes, control characters as \u00XX).
 * Returns 0 or VG_EIO. Shared with the other JSON lines writers. */
int vg_jsonl_write_string(FILE *f, const char *s);

#endif
