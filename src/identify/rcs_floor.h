/* SPDX-License-Identifier: MIT */
/* rcs_floor.h — the smallest RCS a radar could have reported for a plot: its detection floor.
 *
 * A radar reports only echoes that crossed its detection threshold, so the RCS measured on
 * the plots of a weak target far out is biased up to the threshold: a gull (−25 dBsm) seen at
 * 4.5 km by a radar that needs −18 dBsm there is reported at −17, the RCS of a small drone.
 * The classifier removes the bias by conditioning each look on having been detected
 * (likelihood.c, truncated RCS model), which needs the floor of that look:
 *     σ_min = σ̂ · (T − 1)/(P − 1)      (power ratios; dB: rcs + 10·log10 of it)
 * from the plot's own RCS σ̂ and echo power P (its SNR, in units of the noise) and the
 * radar's threshold T. T is rarely published in a plot stream, but every plot lies above it
 * and noise plots lie just above it, so the lowest SNR the sensor has reported estimates it
 * (from below: the estimate only weakens the correction, never overdoes it). */
#ifndef VG_IDENTIFY_RCS_FLOOR_H
#define VG_IDENTIFY_RCS_FLOOR_H

#include <stddef.h>
#include <stdint.h>

#include "sense/detection.h"

/* Plots a sensor must have reported (with an SNR) before its threshold is estimated. */
#define VG_RCS_FLOOR_MIN_PLOTS 20
/* Sensors beyond this index are not followed (their looks are used without correction). */
#define VG_RCS_FLOOR_MAX_SENSORS 4096

struct vg_rcs_floor_sensor {
    float snr_min_db; /* lowest SNR reported, dB */
    uint32_t n;       /* plots with an SNR seen */
};

struct vg_rcs_floor {
    struct vg_rcs_floor_sensor *s; /* by sensor index */
    size_t n, cap;                 /* entries in use (sensor indices seen + 1), allocated */
};

void vg_rcs_floor_init(struct vg_rcs_floor *f);
void vg_rcs_floor_fini(struct vg_rcs_floor *f);

/* Note a detection's SNR (those without VG_DET_HAS_SNR, or with a non-finite one, are
 * ignored). Returns 0 or VG_ENOMEM. */
int vg_rcs_floor_observe(struct vg_rcs_floor *f, const struct vg_detection *det);

/* The detection floor of det's RCS, dBsm: ≤ det->rcs_dbsm; NAN when unknown (no RCS or
 * SNR on the plot, or too few plots of its sensor seen yet). */
double vg_rcs_floor_dbsm(const struct vg_rcs_floor *f, const struct vg_detection *det);

#endif
