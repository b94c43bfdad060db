/* SPDX-License-Identifier: MIT */
/* export.h — a recording's time window as GeoJSON or KML, for GIS tools and Google Earth.
 *
 * Tracks become one line each (RFC 7946 LineString of [lon, lat, alt] — a Point for a track
 * seen once), with the time of every vertex and the track's properties (class, status,
 * highest threat, cooperative identity, first and last time); alerts become Points at their
 * track's position at the event (a swarm alert: at its zone's centroid) with the
 * alerts.jsonl fields. In KML (OGC 07-147r2) each track is a path with a TimeSpan and a
 * moving marker — one Point per second of track life, each with the TimeSpan until the next —
 * so Google Earth's time slider plays the picture back; alerts have a TimeStamp.
 *
 * Times: a recording of time base "unix" holds UNIX times; an offline one ("scenario") holds
 * seconds since its start, placed at its "start_unix" metadata for the calendar times KML
 * needs (ISO 8601, UTC, milliseconds). */
#ifndef VG_RECORD_EXPORT_H
#define VG_RECORD_EXPORT_H

#include <stdio.h>

#include "record/replay.h"

/* Write the window [from, to] (±INFINITY: everything) to f. 0, VG_EIO, or an error reading
 * the recording with d set. */
int vg_export_geojson(struct vg_replay *rp, double from, double to, FILE *f,
                      struct vg_diag *d);
int vg_export_kml(struct vg_replay *rp, double from, double to, FILE *f, struct vg_diag *d);

#endif
