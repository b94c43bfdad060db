/* SPDX-License-Identifier: MIT */
/* tracks_jsonl.h — write tracks as JSON lines (formats.md "Tracks"). */
#ifndef VG_PUBLISH_TRACKS_JSONL_H
#define VG_PUBLISH_TRACKS_JSONL_H

#include <stddef.h>
#include <stdio.h>

#include "track/track.h"

/* One line per track: t, id, status, pos, vel, cov (6×6 row-major, state order
 * e, n, u, ve, vn, vu). Returns 0 or VG_EIO. */
int vg_tracks_jsonl_write(FILE *f, double t, const struct vg_track *trk, size_t n);

#endif
