/* SPDX-License-Identifier: MIT */
/* radar.h — the simulated radar's detection model (sim/radar.c): geometry, Pd, noise, clutter.
 *
 * Public so that tests can hold generated detections against the model that made them. */
#ifndef VG_SIM_RADAR_H
#define VG_SIM_RADAR_H

#include "base/rng.h"
#include "sense/detection.h"
#include "sim/scenario.h"

/* True polar coordinates of a target at rel = pos − radar position with velocity vel (ENU):
 * z = [range m, az rad in [0, 2π) clockwise from north, el rad, range rate m/s (+ receding)]. */
void vg_radar_polar(const double rel[3], const double vel[3], double z[4]);

/* Mean signal-to-noise ratio (linear) of a target of rcs_dbsm at range_m. */
double vg_radar_snr(const struct vg_sim_radar *r, double range_m, double rcs_dbsm);

/* Detection probability of a target of rcs_dbsm at rel; 0 outside the range and elevation
 * coverage. */
double vg_radar_pd(const struct vg_sim_radar *r, const double rel[3], double rcs_dbsm);

/* Time at which a rotating radar's beam, at north at scan start ts, points at az_rad. */
double vg_radar_beam_time(const struct vg_sim_radar *r, double ts, double az_rad);

/* One look at a target: draws the detection with probability vg_radar_pd() and, if it is
 * detected, fills det's measurement (z = true + bias + noise, R, snr_db, flags; not t or
 * sensor) and returns 1; returns 0 for a miss. */
int vg_radar_observe(const struct vg_sim_radar *r, struct vg_rng *rng, const double rel[3],
                     const double vel[3], double rcs_dbsm, struct vg_detection *det);

/* One false detection uniform in the radar's measurement space (see radar.c), z and R and
 * snr_db filled; its azimuth is z[1], from which the caller derives the time. */
void vg_radar_clutter(const struct vg_sim_radar *r, struct vg_rng *rng, struct vg_detection *det);

#endif
