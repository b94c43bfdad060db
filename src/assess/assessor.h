/* SPDX-License-Identifier: MIT */
/* assessor.h — the assess stage: tracks and their identity in, alerts with advice out.
 *
 * At each processed time the assessor takes the live tracks (from the tracker's emit) and,
 * per track, what identify/ says (probability of a drone, cooperative or not), and for
 * every (confirmed track, zone) pair computes inside / time to zone (approach.c), closest
 * approach, the threat score (threat.c), the swarms converging on each zone, and drives the
 * alert lifecycle (alerts.c). Each event reaches the caller with the countermeasure advice
 * for its track (effectors whose reach opens before the zone is reached; RF jamming only
 * with an RF link heard) and, for a swarm alert, its members. */
#ifndef VG_ASSESS_ASSESSOR_H
#define VG_ASSESS_ASSESSOR_H

#include <stddef.h>
#include <stdint.h>

#include "assess/alerts.h"
#include "assess/approach.h"
#include "assess/threat.h"
#include "base/site.h"
#include "track/track.h"

/* Swarm alerts use this bit in their "track" field: SWARM | zone index. */
#define VG_ALERT_SWARM_BIT (1ull << 63)

struct vg_assessor_config {
    struct vg_approach_config approach;
    struct vg_threat_config threat;
    struct vg_alert_config alert;
    double suspect_p_drone;  /* a track is a suspect drone above this P(drone) */
    double swarm_window_s;   /* suspects arriving at one zone within this form a swarm... */
    int swarm_min;           /* ...when there are at least this many */
};

void vg_assessor_config_default(struct vg_assessor_config *c);

/* What identify/ says of one track (parallel to the tracks array of a step). */
struct vg_track_identity {
    double p_drone;          /* 0..1 */
    int cooperative;         /* correlated with Remote ID / ADS-B */
};

/* One event with its advice and, for a swarm, its members. Valid during the call only. */
typedef void (*vg_assess_emit_fn)(void *user, const struct vg_alert *e, const char *zone_id,
                                  const struct vg_advice *advice, size_t nadvice,
                                  const uint64_t *members, size_t nmembers);

struct vg_assessor;

/* site must outlive the assessor. 0, VG_ENOMEM, or VG_EINVAL with d set. */
int vg_assessor_new(struct vg_assessor **out, const struct vg_assessor_config *cfg,
                    const struct vg_site *site, vg_assess_emit_fn emit, void *user,
                    struct vg_diag *d);
void vg_assessor_free(struct vg_assessor *as);

/* Assess the tracks at time t (tracks predicted to t, as the tracker emits them); id may
 * be NULL (every track then a drone of unknown cooperation: P = 1). 0 or VG_ENOMEM. */
int vg_assessor_step(struct vg_assessor *as, double t, const struct vg_track *trk, size_t n,
                     const struct vg_track_identity *id);

/* An operator acknowledges an alert. 0 or VG_ENOENT. */
int vg_assessor_ack(struct vg_assessor *as, const char *alert_id, const char *who, double t);

/* Score of the most threatening (track, zone) pair per track at the last step, in the
 * order of that step's tracks (0 for tracks assessed as no threat). Valid until the next
 * step; NULL before the first. */
const double *vg_assessor_scores(const struct vg_assessor *as, size_t *n);

#endif
