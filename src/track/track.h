/* SPDX-License-Identifier: MIT */
/* track.h — the multi-target tracker's public face: tracks, settings and the tracker.
 *
 * The tracker is composed of parts a tracking engineer recognises (Stone Soup's vocabulary):
 * a constant-velocity motion model and Kalman predictor (predictor_cv.c), measurement models
 * for xyz, polar and bearing reports (measure.c) with a KF/EKF updater (updater_kf.c), an IMM
 * of CV, coordinated-turn and manoeuvre models (imm.c), bearing triangulation for new tracks
 * (initiator_bearing.c), a spatial-grid
 * gate followed by a chi-square gate (gate_grid.c), global-nearest-neighbour association
 * solved optimally per independent cluster (associator_gnn.c), M-of-N initiation
 * (initiator_mofn.c), deletion on misses or covariance growth (deleter.c), and the tracker
 * that assembles sensor scans and sequences those parts (tracker.c).
 *
 * State: x = [e, n, u, ve, vn, vu] in the site's ENU frame (m, m/s), covariance P (6×6). */
#ifndef VG_TRACK_H
#define VG_TRACK_H

#include <stddef.h>
#include <stdint.h>

#include "base/config.h"
#include "base/site.h"
#include "sense/detection.h"

#define VG_NX 6

enum vg_track_status { VG_TRACK_TENTATIVE = 0, VG_TRACK_CONFIRMED, VG_TRACK_COASTING };

struct vg_track {
    uint64_t id;        /* unique, increasing from 1 */
    uint8_t status;     /* enum vg_track_status */
    uint8_t nhist;      /* scans seen since initiation, saturating at 255 */
    uint16_t misses;    /* consecutive scans that covered the track without a detection */
    uint32_t hist;      /* hit (1) / miss (0) of the last 32 covering scans, newest bit 0 */
    uint32_t hits;      /* detections used, in total */
    uint32_t last_sensor; /* sensor of the last update */
    uint8_t located;    /* hits that located it, saturating: plots (range and angles),
                           a triangulation counting 2 (two sensors' rays), later two
                           sensors' bearings crossing at it 1; a bearing alone nothing */
    uint8_t plots;      /* tentative: unambiguous plots of sensors that see everything
                           (radar, EO), saturating; 255 once any hit was ambiguous */
    uint32_t ray_sensor; /* sensor of the last bearing not yet paired with another
                            sensor's (UINT32_MAX none): two sensors' rays crossing at the
                            track locate it once more */
    double ray_t;       /* s, that bearing's time */
    uint8_t crowded;    /* the last update's report was contested: inside another
                           track's gate, or (tentative) not alone among the reports
                           around the prediction — its pairing may be two objects' */
    uint8_t link;       /* enum vg_link: last RF control/video link heard on the track,
                           VG_LINK_NONE if none (fibre-optic, autonomous, or not a drone) */
    double t;           /* s, time of x and P (the last update, or initiation) */
    double t_first;     /* s, initiation time */
    double var0;        /* m², largest position variance at initiation (a triangulation
                           far out starts hundreds of metres wide) */
    double x[VG_NX];    /* e, n, u (m); ve, vn, vu (m/s); ENU */
    double P[VG_NX * VG_NX];
    /* Filled downstream (engine/pipeline.c) on emitted copies; the tracker leaves them 0. */
    uint8_t assessed;   /* 1 when the fields below are set */
    uint8_t cls;        /* enum vg_class: the most probable */
    int8_t cooperative; /* −1 unknown, 0 no, 1 yes (Remote ID / ADS-B) */
    float p_class[VG_CLASS_COUNT]; /* class probabilities */
    float threat;       /* highest threat score over the zones, 0..1 */
    char coop_id[24];   /* cooperative identity (ICAO address, UAS ID) when cooperative */
};

const char *vg_track_status_name(int status);

/* Settings. Defaults suit small drones seen by a surveillance radar; the table in
 * tracker_config.c documents each and drives the config file parser and --help. */
struct vg_tracker_config {
    double q_h;            /* horizontal white-acceleration spectral density, m²/s³ */
    double q_v;            /* vertical white-acceleration spectral density, m²/s³ */
    double gate_prob;      /* chi-square gate probability per measurement */
    double init_speed_sigma; /* horizontal velocity sigma of a new track, m/s */
    double init_vz_sigma;  /* vertical velocity sigma of a new track, m/s */
    int confirm_m;         /* M hits ... */
    int confirm_n;         /* ... within the first N covering scans confirm a track */
    int confirm_fast;      /* 1: two unambiguous plots on consecutive scans also confirm */
    int implicit_sectors;  /* 1: a rotating radar that marks only whole scans is processed
                              by sector all the same, its beam found from its plots */
    int delete_misses;     /* consecutive misses that delete a confirmed track */
    double delete_pos_sigma_m; /* delete when the position sigma (√ of the largest axis
                                  variance) exceeds this */
    double max_speed;      /* tentative tracks faster than this are dropped, m/s */
    int suppress_init_near_tracks; /* no new track from a detection inside a confirmed
                                      track's gate */
    int imm;               /* 1: IMM of CV, coordinated turn and manoeuvre; 0: CV alone */
    double q_ct;           /* coordinated-turn model's white acceleration, m²/s³ */
    double q_turn;         /* turn-rate random walk density, rad²/s³ */
    double q_manoeuvre;    /* manoeuvre model's white acceleration, m²/s³ */
    double init_turn_sigma; /* turn-rate sigma of a new track, rad/s */
    double imm_sojourn_cv_s, imm_sojourn_ct_s, imm_sojourn_man_s; /* mean time in a model */
    double late_lag_s;     /* reports up to this late are re-processed in their scan, s */
    int emit_final;        /* emit what an in-order run would (late_lag_s later) instead of
                              every batch as processed (see tracker_input.c) */
    double bearing_window_s;     /* bearings of several sensors this close in time may be
                                    triangulated into a new track, s */
    double bearing_max_range_m;  /* farthest plausible triangulated range, m */
    double bearing_min_cross_deg; /* smallest crossing angle of two bearings, degrees */
    int bearing_min_count;       /* bearings (one per sensor) a new track needs */
    int jpda;              /* confirmed tracks: JPDA (soft, all gated reports) instead of GNN */
    double pd;             /* detection probability assumed by JPDA */
};

extern const struct vg_cfg_entry vg_tracker_cfg[];
extern const size_t vg_tracker_cfg_count;

/* Default settings (the table's defaults). */
void vg_tracker_config_default(struct vg_tracker_config *cfg);

struct vg_tracker_stats {
    uint64_t detections;   /* measurements processed */
    uint64_t scans;        /* scan markers received */
    uint64_t batches;      /* batches processed */
    uint64_t unsupported;  /* detections of kinds this tracker cannot use (counted, skipped) */
    uint64_t late;         /* reports that arrived after their scan's marker (used, late) */
    uint64_t late_old;     /* of those, older than the window: used on arrival, on their own */
    uint64_t updates;      /* track updates */
    uint64_t tracks_created, tracks_confirmed, tracks_deleted;
    size_t live, live_max; /* live tracks now / at most */
};

struct vg_tracker; /* opaque */

/* Called after each processed batch with every live track predicted to time t (the
 * batch's time). The array belongs to the tracker and is valid only during the call. */
typedef void (*vg_tracker_emit_fn)(void *user, double t, const struct vg_track *tracks,
                                   size_t n);

/* site must outlive the tracker; sensors added to it later (implicit xyz sensors) are
 * picked up. Returns 0, VG_ENOMEM or VG_EINVAL (bad settings, message in d). */
int vg_tracker_new(struct vg_tracker **out, const struct vg_tracker_config *cfg,
                   const struct vg_site *site, struct vg_diag *d);
void vg_tracker_free(struct vg_tracker *tr);

void vg_tracker_on_emit(struct vg_tracker *tr, vg_tracker_emit_fn fn, void *user);

/* Called whenever a track is updated with a report (GNN: the assigned one; JPDA: the
 * report with the largest weight), and once for the report that starts a track (then
 * trk->hits is 1 and trk->x is only the initial state, not an estimate), so that later
 * stages see each report's signature (RCS, class hint, emitter) with the track it went to. Called for the processing whose
 * tracks are emitted: the live one, or with emit_final the committed one (late_lag_s
 * later) — never while re-processing. */
typedef void (*vg_tracker_update_fn)(void *user, const struct vg_track *trk,
                                     const struct vg_detection *det);
void vg_tracker_on_update(struct vg_tracker *tr, vg_tracker_update_fn fn, void *user);

/* Feed one detection in arrival order. A `scan` marker closes its sensor's batch, which
 * is then processed; sensors that never send markers have a batch closed when their
 * report time changes. Returns 0, VG_ENOMEM, or VG_EINVAL (unknown sensor index). */
int vg_tracker_add(struct vg_tracker *tr, const struct vg_detection *det);

/* Process every pending batch (end of input). */
int vg_tracker_flush(struct vg_tracker *tr);

void vg_tracker_get_stats(const struct vg_tracker *tr, struct vg_tracker_stats *st);

/* Bytes the tracker holds (its tables and scratch; the GNN solver's small workspace aside). */
size_t vg_tracker_memory(const struct vg_tracker *tr);

/* The live tracks as last updated (not predicted). Valid until the next add/flush. */
const struct vg_track *vg_tracker_tracks(const struct vg_tracker *tr, size_t *n);

#endif
