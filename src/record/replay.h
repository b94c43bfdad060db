/* SPDX-License-Identifier: MIT */
/* replay.h — play a recording back: a time window, in time order, at a speed, into sinks.
 *
 * The four kinds of record (detections, track emissions, alert events, operator actions) are
 * read by four cursors on their time indexes and merged on (t, seq): time order, and for equal
 * times the order in which the engine handed them to the recorder (a scan's detections, then
 * the tracks emitted for it, then its alerts). Pacing: a record at time t is delivered when
 * (t − t_first) / speed of wall-clock time has passed since the first one (speed 0: at once).
 * Progress (fraction of the window, records per second) goes to a callback about twice a
 * second.
 *
 * Re-run (opts.rerun): the recorded detections, in the order they were recorded (arrival
 * order: late reports stay late, as the engine saw them), are fed to a new pipeline built
 * from the recording's own site and exact settings (metadata "site", "config", "assess"), its
 * emissions coalesced one per time as the recorders of vigil track/exercise record them.
 * The new tracks and alerts go to the sinks instead of the recorded ones, and each new
 * emission and alert is compared with the recorded one in turn: with the same settings and a
 * window from the start, every track must come back bit for bit (that checks that every input
 * was recorded). A window that starts later starts the tracker cold, so differences there
 * are expected and only reported. */
#ifndef VG_RECORD_REPLAY_H
#define VG_RECORD_REPLAY_H

#include <stddef.h>
#include <stdint.h>

#include "assess/alerts.h"
#include "base/site.h"
#include "engine/pipeline.h"
#include "sense/detection.h"
#include "track/track.h"

#define VG_RECORD_ADVICE_MAX 32
#define VG_RECORD_MEMBERS_MAX 1024

/* One recorded alert event, as the assessor emitted it. */
struct vg_record_alert {
    struct vg_alert a;
    char zone_id[VG_ID_MAX];
    struct vg_advice advice[VG_RECORD_ADVICE_MAX];
    size_t nadvice;
    int swarm;                  /* a swarm alert: pass members (not NULL) to writers */
    uint64_t members[VG_RECORD_MEMBERS_MAX];
    size_t nmembers;
};

/* One operator action; the strings are valid during the callback only. */
struct vg_record_action {
    double t;
    const char *who, *what, *alert_id, *detail; /* never NULL ("" when absent) */
};

struct vg_replay_progress {
    double t;                 /* time of the latest record delivered */
    double fraction;          /* of the window, 0..1 */
    uint64_t records;         /* delivered so far (a track emission counts its rows) */
    double records_per_s;     /* so far, wall clock */
    double elapsed_s;         /* wall clock */
    int done;                 /* 1 on the last call */
};

/* Where a replay goes: a table of callbacks, any of which may be NULL. The COP and the file
 * writers of vigil replay are such sinks. */
struct vg_replay_sink {
    void (*detection)(void *user, const struct vg_detection *det, const struct vg_site *site);
    /* One emission (every live track at t); the array is valid during the call only. */
    void (*tracks)(void *user, double t, const struct vg_track *trk, size_t n);
    void (*alert)(void *user, const struct vg_record_alert *al);
    void (*action)(void *user, const struct vg_record_action *ac);
    void (*progress)(void *user, const struct vg_replay_progress *p);
    void *user;
};

struct vg_replay_opts {
    double from, to;          /* window on t, inclusive; ±INFINITY: the whole recording */
    double speed;             /* 1 = recorded pace, 10 = ten times faster, 0 = at once */
    int rerun;                /* run the pipeline again on the detections (see above) */
    const struct vg_pipeline_config *config; /* rerun settings; NULL: the recording's own */
};

void vg_replay_opts_default(struct vg_replay_opts *o);

/* What a re-run found against the recording. */
struct vg_replay_compare {
    uint64_t emissions, emissions_recorded; /* new / recorded emissions in the window */
    uint64_t tracks_equal;    /* track rows equal in every field, bit for bit */
    uint64_t tracks_differ;   /* rows present in both but not equal */
    uint64_t tracks_missing;  /* recorded rows with no new counterpart, or extra new ones */
    double max_pos_diff_m;    /* largest position difference of a track present in both */
    uint64_t alerts, alerts_recorded, alerts_equal;
    double first_diff_t;      /* time of the first difference, NAN if none */
};

struct vg_replay; /* opaque: an open recording */

/* Open a recording for reading. A file that is not a Vigil recording, or of another schema,
 * is an error with d saying which. 0, VG_ENOENT, VG_EINVAL, VG_EUNSUPPORTED, VG_EIO. */
int vg_replay_open(struct vg_replay **out, const char *path, struct vg_diag *d);
void vg_replay_close(struct vg_replay *rp); /* NULL is a no-op */

/* The recording's site (from its "site" metadata; an empty site at 0, 0, 0 without), with
 * sensors met in detections added as the run meets them. Valid until close. */
const struct vg_site *vg_replay_site(const struct vg_replay *rp);

/* A metadata value, or NULL. Valid until close. */
const char *vg_replay_meta(const struct vg_replay *rp, const char *key);

/* Time span of the recording (all kinds): 0, or VG_ENOENT if it holds no record. */
int vg_replay_span(struct vg_replay *rp, double *t_min, double *t_max);

/* Play the window into sink. cmp (may be NULL) gets the re-run comparison. Returns 0 or an
 * error with d set (a malformed row: "PATH: seq N: reason"). */
int vg_replay_run(struct vg_replay *rp, const struct vg_replay_opts *opts,
                  const struct vg_replay_sink *sink, struct vg_replay_compare *cmp,
                  struct vg_diag *d);

#endif
