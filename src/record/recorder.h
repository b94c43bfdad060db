/* SPDX-License-Identifier: MIT */
/* recorder.h — everything the engine saw and said, into one SQLite file, without ever
 * making the engine wait for the disk.
 *
 * The engine's thread only copies a record into a bounded queue of fixed slots allocated at
 * open (detections and tracks: no allocation per call; alerts, actions and metadata are rare
 * and carry one small heap payload). A writer thread drains the queue into the database in
 * transactions that it commits at most commit_ms (default 50 ms) after the first record of
 * the transaction was taken, so a record handed over at time a is on disk (in the WAL,
 * through the kernel's page cache) by about a + commit_ms + the commit's own time. When the
 * queue is full the record is dropped and counted (stats.dropped), never waited for.
 *
 * Durability (SQLite WAL, synchronous = NORMAL, https://sqlite.org/wal.html and
 * https://sqlite.org/pragma.html#pragma_synchronous): a commit is a write() into the -wal
 * file, without fsync; fsync happens at checkpoints. So a crash of the process (SIGKILL, a
 * segfault, OOM kill) loses only what was not yet committed — the last commit_ms or so; the
 * file is always consistent. A power loss or kernel panic may also lose commits made since
 * the last checkpoint (a checkpointer thread runs one every second), but still leaves a
 * consistent database: rolled back to a checkpoint, never corrupted.
 *
 * What is recorded, and why in typed columns (docs/record.md has the schema): detections as
 * the struct vg_detection fields themselves (z and R as little-endian float64 blobs, in the
 * struct's units: radians for angles), with the sensor's id as text. A formats.md JSON line
 * would round-trip adsb/remoteid positions only to a nanometre (they go through lat/lon), and
 * a re-run must see bit-identical inputs to give bit-identical tracks (replay.h --rerun);
 * the JSON line can always be written from the columns (vigil replay --detections). Tracks
 * likewise keep every field of struct vg_track (state, full 6×6 covariance, class
 * probabilities, threat, cooperative identity) plus lat/lon/alt from the site's frame, so
 * exports need no site. Alerts keep the alerts.jsonl fields with their advice and swarm
 * members (as JSON text); operator actions who, what, which alert and from where; and
 * metadata as key/value text (site GeoJSON, exact settings, version, start time, scenario).
 * Every row carries a recording-wide sequence number (its rowid), so records of equal time
 * keep the order in which they were handed over. */
#ifndef VG_RECORD_RECORDER_H
#define VG_RECORD_RECORDER_H

#include <stddef.h>
#include <stdint.h>

#include "assess/alerts.h"
#include "base/err.h"
#include "base/site.h"
#include "sense/detection.h"
#include "track/track.h"

/* The schema this build writes and reads (PRAGMA user_version). */
#define VG_RECORD_SCHEMA_VERSION 1
/* PRAGMA application_id of a Vigil recording: "VGL1" as a big-endian 32-bit integer. */
#define VG_RECORD_APP_ID 0x56474c31

/* open flags */
#define VG_RECORDER_TRUNCATE (1u << 0) /* an existing Vigil recording is emptied first (a file
                                          that is not one is never touched: VG_EINVAL) */
#define VG_RECORDER_BLOCK (1u << 1)    /* offline runs only: wait for room in the queue
                                          instead of dropping (the live engine never sets it;
                                          an emission larger than the queue is still dropped) */

struct vg_recorder_opts {
    size_t queue_slots;      /* records the queue holds; 0: 32768 (~15 MB) */
    double commit_ms;        /* longest a record waits in an open transaction; 0: 50 ms */
    const struct vg_site *site; /* frame for the tracks' lat/lon/alt (copied at open);
                                   NULL: those columns are NULL */
    unsigned flags;          /* VG_RECORDER_* */
};

void vg_recorder_opts_default(struct vg_recorder_opts *o);

struct vg_recorder_stats {
    uint64_t queued;         /* records accepted into the queue */
    uint64_t dropped;        /* records refused because the queue was full */
    uint64_t written[5];     /* committed: detections, track rows, alerts, actions, meta */
    uint64_t lost;           /* records taken from the queue whose transaction failed */
    uint64_t commits;        /* transactions committed */
    uint64_t checkpoints;    /* WAL checkpoints done (by the checkpointer thread) */
    size_t depth, depth_max; /* records in the queue now / at most */
    double commit_ms_max;    /* slowest commit (COMMIT statement alone), ms */
    int last_error;          /* 0, or the last VG_E* the writer met (message in last_msg) */
    char last_msg[160];
};

struct vg_recorder; /* opaque */

/* Open or create the recording at path and start its writer thread. An existing file must be
 * a Vigil recording of this schema (application_id and user_version): a newer schema or a
 * foreign database is VG_EUNSUPPORTED / VG_EINVAL with d naming the file and what it is.
 * New records are appended to an existing recording unless VG_RECORDER_TRUNCATE.
 * opts may be NULL (defaults). 0, VG_ENOMEM, VG_EIO, VG_EINVAL or VG_EUNSUPPORTED. */
int vg_recorder_open(struct vg_recorder **out, const char *path,
                     const struct vg_recorder_opts *opts, struct vg_diag *d);

/* Hand over one detection as decoded (site: its sensor table names det->sensor; the id is
 * copied). 0, or VG_EFULL when the queue was full (counted), VG_EINVAL for a sensor index
 * outside the site. Never blocks on the disk. */
int vg_recorder_detection(struct vg_recorder *r, const struct vg_detection *det,
                          const struct vg_site *site);

/* One emission: n tracks at time t, as the pipeline emits them. All or nothing: if the queue
 * cannot take n more, none is queued and n are counted dropped (VG_EFULL). */
int vg_recorder_tracks(struct vg_recorder *r, double t, const struct vg_track *trk, size_t n);

/* One alert event as assessor.h's vg_assess_emit_fn gives it. zone_id may be NULL. */
int vg_recorder_alert(struct vg_recorder *r, const struct vg_alert *e, const char *zone_id,
                      const struct vg_advice *advice, size_t nadvice, const uint64_t *members,
                      size_t nmembers);

/* An operator action: who ("operator id"), what ("ack", "engage", ...), the alert it is
 * about (NULL: none) and detail (e.g. the console's address, "from where"). Strings are
 * copied; NULL counts as empty. */
int vg_recorder_action(struct vg_recorder *r, double t, const char *who, const char *what,
                       const char *alert_id, const char *detail);

/* Metadata: key → value text, the latest value of a key wins. Conventional keys (docs/record.md):
 * "version", "start_unix", "time_base" ("scenario" or "unix"), "scenario", "site" (GeoJSON),
 * "config" (vg_record_config_text), "assess", "source". */
int vg_recorder_meta(struct vg_recorder *r, const char *key, const char *value);

void vg_recorder_stats(struct vg_recorder *r, struct vg_recorder_stats *st);

/* Block until every record queued so far is committed (tests, orderly shutdown). 0 or the
 * writer's last error. */
int vg_recorder_sync(struct vg_recorder *r);

/* Drain the queue, commit, stop the writer, checkpoint and close. NULL is a no-op. Returns 0
 * or the writer's last error (the file is closed either way). */
int vg_recorder_close(struct vg_recorder *r);

/* Settings of the pipeline as exact "key = value" text (every double with %.17g, unlike the
 * documented config file's %g), for the "config" metadata a re-run reads back. The caller
 * frees the string. NULL on allocation failure. */
struct vg_pipeline_config;
char *vg_record_config_text(const struct vg_pipeline_config *c);
/* Parse that text over c. 0 or an error with d set. */
int vg_record_config_parse(struct vg_pipeline_config *c, const char *text, struct vg_diag *d);

/* Record the metadata of an offline run: version, start time, time base "scenario", scenario
 * name (may be NULL), the site's GeoJSON, the exact config and whether it assesses. */
int vg_recorder_meta_run(struct vg_recorder *r, const char *scenario,
                         const struct vg_site *site, const struct vg_pipeline_config *c);

#endif
