/* SPDX-License-Identifier: MIT */
/* cooperative.h — who says who they are: ADS-B (manned aircraft) and ASTM F3411 Remote ID
 * (drones) reports correlated with tracks.
 *
 * A cooperative report is not a detection of the tracker's: it is a claim, by the object,
 * of its identity and position. The correlator keeps the latest report of each identity,
 * and at each processed time pairs each recent identity with the confirmed track that
 * explains its claimed position best (χ² on position, the track's covariance plus the
 * report's stated accuracy plus the drift over the report's age), one track per identity
 * and one identity per track, nearest first. */
#ifndef VG_IDENTIFY_COOPERATIVE_H
#define VG_IDENTIFY_COOPERATIVE_H

#include <stddef.h>

#include "sense/detection.h"
#include "track/track.h"

struct vg_coop_config {
    double max_age_s;      /* a report older than this no longer vouches, s */
    double gate_chi2;      /* χ²(3) gate on position */
    double drift_mps;      /* unexplained speed between report and track time, m/s */
};

void vg_coop_config_default(struct vg_coop_config *c);

struct vg_coop_entry {
    char id[24];           /* ICAO address or UAS ID */
    int kind;              /* VG_DET_ADSB or VG_DET_REMOTEID */
    double t;              /* time of the latest report */
    double pos[3];         /* ENU m */
    double var;            /* position variance per axis, m² (from the report's R) */
    double vel[3];         /* ENU m/s when has_vel */
    int has_vel;
};

struct vg__coop_cand;

struct vg_coop {
    struct vg_coop_config cfg;
    struct vg_coop_entry *e;
    size_t n, cap;         /* entries; grows, entries expire */
    struct vg__coop_cand *cand; /* matching scratch, grow-only */
    size_t cand_cap;
    unsigned char *taken;
    size_t taken_cap;
};

void vg_coop_init(struct vg_coop *c, const struct vg_coop_config *cfg);
void vg_coop_fini(struct vg_coop *c);

/* Take one adsb/remoteid report. 0, VG_EINVAL (other kind, empty id), VG_ENOMEM. */
int vg_coop_report(struct vg_coop *c, const struct vg_detection *det);

/* Pair identities with the n tracks at time t: match[i] = index of the entry vouching for
 * track i, or −1. Tentative tracks are never matched. Expired entries are dropped. */
int vg_coop_match(struct vg_coop *c, double t, const struct vg_track *trk, size_t n,
                  int *match);

#endif
