/* SPDX-License-Identifier: MIT */
/* tracker_impl.h — the tracker's own state, shared by tracker.c (processing one batch) and
 * tracker_input.c (assembling batches, late reports and re-processing). Not a public API. */
#ifndef VG_TRACK_TRACKER_IMPL_H
#define VG_TRACK_TRACKER_IMPL_H

#include "base/grow.h"
#include <stdlib.h>

#include "base/err.h"
#include "track/bearing.h"
#include "track/imm.h"
#include "track/jpda.h"
#include "track/internal.h"


#define VG__ROT_SECTORS 16          /* implicit sectors of a rotating radar, a revolution */

struct pending {                    /* one sensor's open batch */
    struct vg_detection *det;
    size_t n, cap;
    double tmin, tmax;              /* earliest and latest report time in the batch */
    double closed_t;                /* time of the latest scan marker, −∞ before the first */
    double period;                  /* scan period: declared rate, else learned from the
                                       markers (smallest gap seen); 0 = not known yet */
    double mk[32];                  /* times of the latest markers, a ring */
    size_t nmk, mk_next;
    int sends_markers;              /* has this sensor ever closed a scan with a marker? */
    int sends_sectors;              /* has it closed a sector with a marker of its own? */
    /* Implicit sectors of a rotating radar that marks whole scans (tracker_input.c,
     * "Sectors of a rotating radar"): its beam at north at rot_t0, turning at its rate. */
    int rot_anchored, rot_on, rot_off; /* anchored; sectors started; ruled out for good */
    double rot_t0;                  /* s: the anchoring marker */
    double rot_bin_t[VG__ROT_SECTORS]; /* per sector: earliest plot agreeing with the beam */
    uint32_t rot_good, rot_bad;     /* plots agreeing, disagreeing */
    double rot_m;                   /* index of the last sector boundary closed */
    double (*rot_pre)[3];           /* plots before the anchor: t, az, tolerance (owned) */
    size_t nrot_pre;
};

struct pred {                       /* a track predicted to a time, cached for gating */
    double t;
    double x[VG_NX];
    double P[VG_NX * VG_NX];
};

/* The state that processing batches changes: the tracks and their counters. The tracker
 * keeps two: the live one, and (once reports have been seen out of order) the committed
 * one, the state after every batch older than the late-report window (tracker_input.c). */
struct core {
    struct vg_track *trk;            /* tracks, dense, in id order */
    size_t ntrk, trk_cap;
    struct vg__imm *imm;             /* per track, parallel to trk (with cfg.imm) */
    size_t imm_cap;
    uint64_t next_id;
    struct vg_tracker_stats st;
    struct vg__bearing_init binit;   /* unassociated bearings awaiting triangulation */
};

/* A processed batch kept for re-processing while it is younger than late_lag_s. */
/* The part of its coverage a batch's scan swept: a rotating sensor's sector (a `scan` marker
 * with a sector, detection.h), or all of it (width 0). */
struct vg__sector {
    double from, width;              /* rad, clockwise from north; width 0: the whole scan */
    double dt;                       /* s, time the sensor takes to sweep it */
};

struct logged {
    uint32_t sensor;
    struct vg__sector sec;
    int late;                        /* a late report's own batch (see process_batch) */
    double tb;                       /* batch time */
    uint64_t seq;                    /* processing order: ties in tb keep it */
    struct vg_detection *det;        /* reports, owned, reused when the slot is recycled */
    size_t n, cap;
};

struct vg_tracker {
    struct vg_tracker_config cfg;
    const struct vg_site *site;
    double gamma[VG_DET_NZ_MAX + 1]; /* χ² gate threshold by measurement dimension */

    struct core c;                   /* the live tracks */

    /* Late reports (tracker_input.c). */
    int reorder;                     /* reports have arrived out of order: window kept */
    int dirty;                       /* a late report joined a logged batch: replay due */
    int replaying;                   /* re-processing the window: never emit */
    int committing;                  /* processing on the committed copy */
    struct core committed;           /* state after every batch that left the window */
    struct logged *win;              /* processed batches in (tb, seq) order; slots beyond
                                        nwin are free but keep their buffers */
    size_t nwin, win_cap;
    uint64_t seq;
    double tb_max;                   /* newest batch time processed */
    uint64_t in_scans, in_late, in_late_old; /* input counters, outside the cores */
    double in_newest;                /* s: the newest report time of any sensor */

    struct pending *pend;            /* by sensor index */
    size_t npend;

    vg_tracker_emit_fn emit;
    void *emit_user;
    vg_tracker_update_fn on_update;  /* a track took a report (identify/ listens) */
    void *on_update_user;
    struct vg_track *out;            /* emitted copies, predicted to the batch time */
    size_t out_cap;

    /* Batch scratch, reused. */
    double *dpos;                    /* detection positions, 3 per detection */
    double *dvar;                    /* largest position variance of each detection (step 1);
                                        for bearings, the gate likelihood sum (step 3) */
    uint8_t *dflag;                  /* DF_* below */
    size_t d_cap;
    struct pred *pred;               /* per track, at the batch time */
    double *radius;                  /* per track, gate box half-width */
    uint8_t *dead;                   /* per track: delete at the end of the batch */
    int32_t *trk_det;                /* per track: assigned detection or −1 */
    int32_t *stage;                  /* tracks taking part in a stage */
    size_t t_cap;
    struct vg__pair *pairs;
    size_t pairs_cap;
    int32_t *bidx;                   /* bearing reports of the batch (gated by brute force) */
    size_t nb, bidx_cap;
    double *sorted;                  /* radii, for the cell-size median */
    size_t sorted_cap;
    struct vg__grid grid;
    struct vg__gnn gnn;
    struct vg__jpda jpda;            /* with cfg.jpda: marginals for confirmed tracks */
    struct vg__jpda_pair *jp;        /* JPDA scratch, per pair / per stage track */
    double *jbeta, *jbeta0, *jw0, *jlam;
    size_t jp_cap, jt_cap;
};

/* DF_AMBIG: a bearing whose assigned track explains less than BEARING_OWN_MIN of the
 * likelihood of all the tracks in its gate (tracker.c) — its signature goes to nobody. */
/* DF_GATED: inside some track's gate this batch; DF_SHARED: inside two or more.
 * DF_HELD: assigned to a confirmed or coasting track (the first association stage). */
enum {
    DF_SKIP = 1, DF_USED = 2, DF_IN_GATE = 4, DF_BEARING = 8, DF_AMBIG = 16, DF_GATED = 32,
    DF_SHARED = 64, DF_HELD = 128
};

/* trk_det value: the track was updated by the JPDA stage (a hit). */
#define VG__UPDATED_BY_JPDA (-2)
/* trk_det value: updated by the JPDA stage, but more likely not detected (β0 ≥ ½): a miss. */
#define VG__UPDATED_NO_HIT (-3)

/* Whether updates made now are the ones the output shows: the live processing, or — when
 * the output is the final one and the window is kept — the committed processing. Update
 * listeners (identify/) are called only then, so their per-track state follows the
 * tracks they will see emitted, ids included. */
static inline int vg__tracker_reports_updates(const struct vg_tracker *tr)
{
    if (tr->replaying)
        return 0;
    return tr->cfg.emit_final && tr->reorder ? tr->committing : !tr->committing;
}

/* tracker.c */
/* Track i's combined estimate predicted to t (6-D). */
void vg__tracker_predict(const struct vg_tracker *tr, size_t i, double t, double *x, double *P);
/* tracker_jpda.c: associate and update the stage's tracks with the np gated pairs by JPDA. */
int vg__tracker_jpda(struct vg_tracker *tr, const struct vg_detection *det, size_t ndet,
                     const double *spos, size_t nstage, size_t np);
int vg__tracker_process_batch(struct vg_tracker *tr, uint32_t sensor,
                              const struct vg_detection *det, size_t ndet, double tb, int late,
                              const struct vg__sector *sec);
/* Deep copy of a core into another (whose buffers are reused). 0 or VG_ENOMEM. */
int vg__core_copy(struct core *dst, const struct core *src);
void vg__core_fini(struct core *c);

/* tracker_input.c */
void vg__tracker_input_fini(struct vg_tracker *tr);

#endif
