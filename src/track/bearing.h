/* SPDX-License-Identifier: MIT */
/* bearing.h — initiation of tracks from the bearings of several sensors (initiator_bearing.c).
 *
 * A bearing (RF direction finder, acoustic array, EO camera) has no range, so one report
 * cannot start a track: the initiator keeps recent unassociated bearings for a window and
 * triangulates a new one with those of other sensors whose rays nearly meet. The result is
 * a position and its covariance, which vg__initiate turns into a tentative track as for any
 * other first detection. Names are vg__ (shared by the files of track/). */
#ifndef VG_TRACK_BEARING_H
#define VG_TRACK_BEARING_H

#include <stddef.h>
#include <stdint.h>

#include "sense/detection.h"

#define VG__BEARING_SET_MAX 8 /* bearings (one per sensor) in one triangulation, at most */

/* One buffered bearing: the detection as reported and where its sensor stood. */
struct vg__bearing_obs {
    struct vg_detection det;  /* kind VG_DET_BEARING, nz 1 or 2 */
    double s[3];              /* sensor position, ENU m */
};

/* Plain data, caller-allocated: vg__bearing_init_setup, then _offer/_expire, then _fini.
 * The fields after the setup arguments have defaults a caller may change after setup. */
struct vg__bearing_init {
    double window_s;          /* s, > 0: bearings older than this against the newest go */
    double max_range_m;       /* m, > 0: farthest plausible horizontal range from a sensor */
    double max_speed;         /* m/s, ≥ 0: target speed bounding motion between bearings */
    double min_cross_rad;     /* rad, (0, π/2): smallest crossing angle of two rays */
    double gate_prob;         /* χ² test probability for residuals (default 0.99) */
    int min_bearings;         /* 2..VG__BEARING_SET_MAX: bearings a candidate needs
                                 (default 2; 3 where three sensors overlap removes ghosts
                                 of pairs, at the cost of area seen by two only) */
    size_t max_obs;           /* buffer bound; a full buffer drops its oldest (default 1024) */
    struct vg__bearing_obs *obs; /* buffered bearings, arrival order; owned */
    size_t nobs, cap;
    uint64_t dropped;         /* bearings dropped because the buffer was full */
    uint64_t expired;         /* bearings that left the window unused */
    uint64_t formed;          /* triangulations returned */
    int last_n;               /* bearings in the last triangulation returned */
    double last_chi2;         /* its χ² of angular residuals (0 when exactly determined) */
    int last_dof;             /* and that χ²'s degrees of freedom */
    double gate_p_cached;     /* private: gate_prob the thresholds below were computed for */
    double gate_chi2[2 * VG__BEARING_SET_MAX + 1]; /* private: χ² threshold by dof */
};

/* window_s and max_range_m > 0, max_speed ≥ 0, 0 < min_cross_deg < 90. Allocates nothing. */
void vg__bearing_init_setup(struct vg__bearing_init *b, double window_s, double max_range_m,
                            double max_speed, double min_cross_deg);
/* Frees the buffer; safe on a zeroed struct and twice. */
void vg__bearing_init_fini(struct vg__bearing_init *b);

/* Offer an unassociated bearing det measured from sensor_pos (ENU m). Bearings older than
 * det->t − window_s are expired first. Returns 1 and fills OUT: pos[3], Ppos[9] (ENU, at
 * det->t) when det completes a triangulation — its partners are then consumed — 0 when det
 * was buffered, VG_EINVAL for a malformed bearing (wrong kind, nz not matching
 * VG_DET_HAS_EL, R not positive, values not finite; nothing changed) or VG_ENOMEM (det not
 * buffered). */
int vg__bearing_init_offer(struct vg__bearing_init *b, const struct vg_detection *det,
                           const double sensor_pos[3], double pos[3], double Ppos[9]);

/* Drop bearings older than t_now − window_s. */
void vg__bearing_init_expire(struct vg__bearing_init *b, double t_now);

#endif
