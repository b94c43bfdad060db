/* SPDX-License-Identifier: MIT */
/* bearing.h — the simulated bearing-only sensors' model (sim/bearing.c): RF direction
 * finders and acoustic arrays — who they sense, the propagation delay of sound, noise, bias
 * and false bearings.
 *
 * Public so that tests can hold generated bearings against the model that made them. */
#ifndef VG_SIM_BEARING_H
#define VG_SIM_BEARING_H

#include "base/rng.h"
#include "sense/detection.h"
#include "sim/scenario.h"
#include "sim/sim.h"

/* True direction of rel = target − sensor position (ENU m): z = [az rad in [0, 2π) clockwise
 * from north, el rad]; returns the range, m. */
double vg_bearing_true(const double rel[3], double z[2]);

/* Whether a source at rel is within the sensor's range and elevation coverage. */
int vg_bearing_covers(const struct vg_sim_bearing_sensor *s, const double rel[3]);

/* Whether the sensor can sense object o at all: an RF direction finder a drone (FPV or hobby
 * drone) whose link emits, an acoustic array any drone (birds and aircraft are not heard). */
int vg_bearing_senses(const struct vg_sim_bearing_sensor *s, const struct vg_sim_object *o);

/* Where object o was when it sent what the sensor receives at t: for an acoustic array the
 * emission time te solving t − te = |p(te) − s|/c (fixed-point iteration, see bearing.c), for
 * an RF direction finder te = t. Fills pos (ENU m) and returns te; *alive says whether o was
 * alive at te (an object that was not alive then sent nothing). */
double vg_bearing_source(const struct vg_sim_bearing_sensor *s, const struct vg_sim_object *o,
                         double t, double pos[3], int *alive);

/* One look at a source at rel (as vg_bearing_source gave it): 0 outside the coverage or on a
 * miss (probability 1 − pd); else 1, with det's measurement filled — z = true bearing + bias +
 * Gaussian noise, R = diag(σ²), kind and flags (not t or sensor). */
int vg_bearing_observe(const struct vg_sim_bearing_sensor *s, struct vg_rng *rng,
                       const double rel[3], struct vg_detection *det);

/* One false bearing, uniform in azimuth and (when elevation is reported) in the elevation
 * coverage. */
void vg_bearing_clutter(const struct vg_sim_bearing_sensor *s, struct vg_rng *rng,
                        struct vg_detection *det);

#endif
