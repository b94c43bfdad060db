/* SPDX-License-Identifier: MIT */
/* internal.h — names shared by the files of identify/ (not part of the public API).
 *
 * The likelihood models (likelihood.c) return, for each hypothesis c = 0 .. 3 (enum
 * vg_class: unknown, drone, bird, aircraft), log p(z | c): a log density for a continuous
 * feature, a log probability for a discrete one. Continuous features take the standard
 * deviation of their own estimation error, which is convolved into every mixture
 * component, so a noisy estimate gives a flatter — less decisive — likelihood. */
#ifndef VG_IDENTIFY_INTERNAL_H
#define VG_IDENTIFY_INTERNAL_H

#include "identify/classify.h"

/* 3-D speed v (m/s) with error sd; eps: probability that v is no one object's (the
 * outlier model of classify_config.c, flat over 0..SPEED_MAX). */
void vg__lik_speed(double v, double sd, double eps, double out[VG_CLASS_NHYP]);
/* One plot's range rate rr (m/s) as a radial part of the speed (direction unknown); eps as
 * for speed. */
void vg__lik_radial(double rr, double eps, double out[VG_CLASS_NHYP]);
/* Height above ground h (m) with error sd. */
void vg__lik_height(double h, double sd, double out[VG_CLASS_NHYP]);
/* Vertical speed vz (m/s, + up) with error sd; eps as for speed (flat over ±CLIMB_MAX). */
void vg__lik_climb(double vz, double sd, double eps, double out[VG_CLASS_NHYP]);
/* Circular variance of the horizontal heading over a window, in [0, 1], and the part that
 * estimation noise alone would give (about σv²/(2·v²)). */
void vg__lik_heading(double var, double noise, double out[VG_CLASS_NHYP]);
/* One radar look's RCS, dBsm, detected above floor_dbsm (NAN: floor unknown, no
 * truncation; a floor above the look is ignored). */
void vg__lik_rcs(double rcs_dbsm, double floor_dbsm, double out[VG_CLASS_NHYP]);
/* A sensor's class hint (enum vg_class) with its probability p and our trust in it. Returns
 * 0, or −1 when the hint carries no information (unknown, or out of range). */
int vg__lik_hint(int hint, double p, double trust, double out[VG_CLASS_NHYP]);
/* An emitter (enum vg_emitter) seen in a report; lr: drone-link likelihood ratio. Returns
 * 0, or −1 for VG_EMITTER_NONE (no evidence). */
int vg__lik_emitter(int emitter, double lr, double out[VG_CLASS_NHYP]);

#endif
