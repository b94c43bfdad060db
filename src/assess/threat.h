/* SPDX-License-Identifier: MIT */
/* threat.h — how dangerous a track is to a zone, which tracks form a swarm, and which
 * effectors can engage in time. Pure functions on numbers the other parts compute (class
 * probabilities from identify/, time to zone and effector reach from the approach
 * geometry), so the rules can be read, tested and tuned in one place. */
#ifndef VG_ASSESS_THREAT_H
#define VG_ASSESS_THREAT_H

#include <stddef.h>
#include <stdint.h>

#include "assess/alerts.h"

/* What the score is computed from, for one (track, zone) pair. */
struct vg_threat_in {
    double p_drone;        /* identify/: probability the track is a drone, 0..1 */
    int cooperative;       /* 1: correlated with Remote ID / ADS-B (identified, not hidden) */
    int inside;            /* 1: the track is inside the zone now */
    double time_to_zone_s; /* predicted entry time; INFINITY if not heading in */
    double cpa_m;          /* closest approach to the zone if not entering, m (0 inside) */
    double speed_mps;      /* horizontal speed */
    int priority;          /* zone priority, 1 highest */
};

struct vg_threat_config {
    double tau_s;          /* urgency time scale: urgency = exp(−time_to_zone / tau_s) (300 s) */
    double cpa_scale_m;    /* a track passing at this distance keeps e⁻¹ of the urgency of
                              one heading in at the same time */
    double coop_factor;    /* cooperative drones count this much of a hidden one */
    double fast_mps;       /* speed above which an approach counts fully (FPV cruise) */
};

void vg_threat_config_default(struct vg_threat_config *c);

/* Threat score in [0, 1]: P(drone) × (cooperative discount) × urgency × speed factor ×
 * priority weight (1/priority). See threat.c for each factor's reasoning. */
double vg_threat_score(const struct vg_threat_config *c, const struct vg_threat_in *in);

/* Swarm grouping: among n suspect tracks heading into zones (zone index, time to zone),
 * tracks into one zone whose arrival times fall within window_s of each other form a
 * swarm when there are at least min_members. Writes group[i] = swarm number (0, 1, ...)
 * or −1, and returns the number of swarms. Order-independent. */
struct vg_swarm_in {
    uint64_t track;
    int zone;
    double time_to_zone_s;  /* finite for tracks heading in */
};
int vg_swarm_group(const struct vg_swarm_in *in, size_t n, double window_s, int min_members,
                   int *group);

/* Countermeasure advice. */
struct vg_effector_in {
    const char *id;
    const char *type;       /* rf-jammer, gnss-jammer, interceptor, gun, laser, net */
    double t_in, t_out;     /* window the track is within the effector's range (+∞: never) */
};
/* Effectors that can act on the track before it reaches its zone (t_in < time_to_zone;
 * inside the zone already: t_in ≤ 0 i.e. in range now), with their effect. An RF jammer is
 * advised only when an RF control link was seen on the track (a fibre-optic or autonomous
 * FPV is immune to it); a GNSS jammer only when none was seen (it acts on satellite
 * navigation, i.e. autonomous flight). Returns the pieces written (≤ cap). */
size_t vg_advise(const struct vg_effector_in *eff, size_t neff, double time_to_zone_s,
                 int rf_link_seen, struct vg_advice *out, size_t cap);

#endif
