/* SPDX-License-Identifier: MIT */
/* internal.h — the tracker's parts, shared by the files of track/ (vg__ prefix).
 *
 * Each part has one verb, after Stone Soup: the predictor predicts, the measurement model
 * predicts a measurement and its Jacobian, the updater updates, the gate finds candidate
 * pairs, the associator assigns, the initiator initiates, the deleter decides deletion. */
#ifndef VG_TRACK_INTERNAL_H
#define VG_TRACK_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "base/assign.h"
#include "track/track.h"

#define VG_NX_MAX 7 /* IMM models carry [p, v, ω] */

/* ---- predictor_cv.c: constant velocity, continuous white-noise acceleration ---- */
void vg__cv_predict(const double x[VG_NX], const double P[VG_NX * VG_NX], double dt,
                    double q_h, double q_v, double xo[VG_NX], double Po[VG_NX * VG_NX]);

/* ---- measure.c: measurement models h(x), Jacobian H = ∂h/∂x, innovation ---- */
struct vg__meas {
    int nz;                                /* components */
    double zhat[VG_DET_NZ_MAX];            /* predicted measurement h(x) */
    double H[VG_DET_NZ_MAX * VG_NX];       /* Jacobian at x */
};
/* Predict the measurement of det's kind from state x by a sensor at sensor_pos (ENU m).
 * Returns 0, or VG_ERANGE when the geometry is singular (target on the sensor, or straight
 * above it for azimuth), or VG_EUNSUPPORTED for kinds the tracker does not use. */
int vg__meas_predict(const struct vg_detection *det, const double sensor_pos[3],
                     const double x[VG_NX], struct vg__meas *m);
/* y = z − ẑ with angle components wrapped to (−π, π]. */
void vg__meas_innovation(const struct vg_detection *det, const struct vg__meas *m,
                         double y[VG_DET_NZ_MAX]);
/* The detection's position in ENU and the trace of its position covariance (m²), for the
 * spatial index and for starting tracks. Returns 0 or VG_EUNSUPPORTED. */
int vg__meas_position(const struct vg_detection *det, const double sensor_pos[3],
                      double pos[3], double Ppos[9]);

/* ---- updater_kf.c: Kalman / extended Kalman update, Joseph form ---- */
/* Squared Mahalanobis distance of the innovation and log det S, from state (x, P).
 * Returns 0 or VG_ENOTSPD / VG_ERANGE. */
int vg__kf_distance(const struct vg_detection *det, const double sensor_pos[3],
                    const double x[VG_NX], const double P[VG_NX * VG_NX], double *d2,
                    double *logdet_s);
/* Update (x, P) in place with det. Returns 0 or an error with the state unchanged. */
int vg__kf_update(const struct vg_detection *det, const double sensor_pos[3],
                  double x[VG_NX], double P[VG_NX * VG_NX]);
/* The same for a state of dimension nx (6 or 7; measurement models read the first six),
 * also returning d² and log det S when the pointers are not NULL. On error (x, P) may be
 * partly written: callers keep a copy. */
int vg__kf_update_nx(const struct vg_detection *det, const double sensor_pos[3], double *x,
                     double *P, int nx, double *d2, double *logdet_s);
int vg__kf_distance_nx(const struct vg_detection *det, const double sensor_pos[3],
                       const double *x, const double *P, int nx, double *d2, double *logdet_s);

/* ---- gate_grid.c: spatial hash of detection positions ---- */
struct vg__grid {
    double cell_m;         /* edge of a square cell (columns in east, north) */
    uint64_t *keys;        /* open-addressing table of packed cell coordinates */
    int32_t *heads;        /* first point of each occupied slot, −1 if empty */
    size_t cap;            /* slots allocated, a power of two */
    size_t mask;           /* active slots − 1 for the current build */
    int32_t *next;         /* next point in the same cell, −1 ends */
    size_t next_cap;
};
void vg__grid_init(struct vg__grid *g);
void vg__grid_fini(struct vg__grid *g);
/* Index n points (pos[i*3..]) in cells of cell_m. 0 or VG_ENOMEM. */
int vg__grid_build(struct vg__grid *g, const double *pos, size_t n, double cell_m);
/* Call fn(user, i) for every point in a cell overlapping the box centre ± r.
 * Returns the number of cells visited. */
typedef void (*vg__grid_visit_fn)(void *user, int32_t i);
size_t vg__grid_query(const struct vg__grid *g, const double c[3], double r,
                      vg__grid_visit_fn fn, void *user);

/* ---- cluster.c: independent association problems ---- */
struct vg__clusters {
    int32_t *parent;           /* union-find over tracks then detections */
    size_t parent_cap;
    int32_t *order, *start;    /* pairs sorted by component; component ends */
    size_t order_cap, start_cap;
    size_t nn, r, b;           /* nodes; iteration: next root, next pair */
};
void vg__clusters_init(struct vg__clusters *c);
void vg__clusters_fini(struct vg__clusters *c);
/* Split npairs pairs — structs of `stride` bytes whose first two fields are int32 track and
 * detection indices — into components. 0 or VG_ENOMEM. */
int vg__clusters_build(struct vg__clusters *c, size_t ntrk, size_t ndet, const void *pairs,
                       size_t npairs, size_t stride);
/* The next component: *idx[0..*n) are its pairs' indices. Returns 0 when none is left. */
int vg__clusters_next(struct vg__clusters *c, const int32_t **idx, size_t *n);

/* ---- associator_gnn.c: GNN, optimal assignment per independent cluster ---- */
struct vg__pair {
    int32_t trk;   /* track index (in the caller's list) */
    int32_t det;   /* detection index */
    double cost;   /* < miss cost of the track */
};
struct vg__gnn {
    struct vg_assign solver;
    struct vg__clusters cl;    /* the independent problems */
    int32_t *lt, *ld, *map;    /* cluster-local track and detection lists, reverse map */
    size_t lt_cap, ld_cap, map_cap;
    double *cost;              /* cluster cost matrix */
    size_t cost_cap;
    int *sol;
    size_t sol_cap;
};
void vg__gnn_init(struct vg__gnn *g);
void vg__gnn_fini(struct vg__gnn *g);
/* Given ntrk tracks, ndet detections and the gated pairs, with miss cost `miss` for every
 * track, write trk_det[t] = detection assigned to track t or −1. 0 or VG_ENOMEM. */
int vg__gnn_associate(struct vg__gnn *g, size_t ntrk, size_t ndet, const struct vg__pair *pairs,
                      size_t npairs, double miss, int32_t *trk_det);

/* ---- initiator_mofn.c and deleter.c ---- */
void vg__initiate(const struct vg_tracker_config *cfg, const struct vg_detection *det,
                  const double sensor_pos[3], const double pos[3], const double Ppos[9],
                  struct vg_track *trk);
/* After a covering scan (hit or miss): returns 1 if a tentative track is now confirmed. */
int vg__mofn_confirm(const struct vg_tracker_config *cfg, const struct vg_track *trk);
/* Returns 1 if the track should be deleted (P is its covariance predicted to now; looked:
 * the batch's sensor covered it, so that its miss and M-of-N rules apply too). */
int vg__delete_check(const struct vg_tracker_config *cfg, const struct vg_track *trk,
                     const double P[VG_NX * VG_NX], int looked);

#endif
