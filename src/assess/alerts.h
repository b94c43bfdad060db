/* SPDX-License-Identifier: MIT */
/* alerts.h — the alert lifecycle: raised → updated → acknowledged → cleared.
 *
 * An alert is one (track, zone) pair judged a threat. The assessment upstream gives, at each
 * processed time, a threat score in [0, 1] and a time to zone for every pair it considers;
 * this module turns that stream into operator events with hysteresis, so a score that
 * hovers at a threshold does not flap: an alert is raised only after the score stayed at or
 * above raise_threat for raise_hold_s, and cleared only after it stayed below the lower
 * clear_threat (or the pair was no longer assessed — the track ended) for clear_hold_s.
 * "updated" events are sent when the level changes, or when the time to zone has moved by
 * more than update_ttz_s since the last event, at most every update_min_s. An operator's
 * acknowledgement is recorded (who, when) and survives later updates; it never clears. */
#ifndef VG_ASSESS_ALERTS_H
#define VG_ASSESS_ALERTS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/config.h"
#include "base/err.h"

enum vg_alert_level { VG_ALERT_WARNING = 0, VG_ALERT_CRITICAL };
enum vg_alert_state { VG_ALERT_RAISED = 0, VG_ALERT_UPDATED, VG_ALERT_ACKNOWLEDGED,
                      VG_ALERT_CLEARED };

struct vg_alert_config {
    double raise_threat;   /* score that raises an alert, after raise_hold_s */
    double clear_threat;   /* score below which it clears, after clear_hold_s (< raise) */
    double raise_hold_s;   /* s the score must hold before raising (0: at once) */
    double raise_lead_frac; /* ...or this fraction of the time to zone, if longer... */
    double raise_hold_max_s; /* ...up to this: a far threat is confirmed, a near one not */
    double clear_hold_s;   /* s below clear_threat (or unassessed) before clearing */
    double critical_ttz_s; /* time to zone at or below which the level is critical, s */
    double update_ttz_s;   /* time-to-zone change that warrants an update, s */
    double update_min_s;   /* at most one update per alert this often, s (level changes
                              are always sent) */
};

extern const struct vg_cfg_entry vg_alert_cfg[];
extern const size_t vg_alert_cfg_count;
void vg_alert_config_default(struct vg_alert_config *c);

#define VG_ALERT_ID_MAX 16
#define VG_ALERT_WHO_MAX 32

/* One alert as the events describe it. */
struct vg_alert {
    char id[VG_ALERT_ID_MAX];   /* "a-1", "a-2", ... */
    uint64_t track;
    int zone;                   /* index into the site's zones */
    int level;                  /* enum vg_alert_level */
    int state;                  /* enum vg_alert_state of the event being emitted */
    double t;                   /* event time, s */
    double t_raised;            /* s */
    double threat;              /* latest score */
    double time_to_zone_s;      /* latest; INFINITY if not heading into the zone */
    int acknowledged;           /* 1 once an operator acknowledged it */
    char ack_by[VG_ALERT_WHO_MAX];
    double t_ack;
};

typedef void (*vg_alert_emit_fn)(void *user, const struct vg_alert *event);

struct vg_alerts; /* opaque */

int vg_alerts_new(struct vg_alerts **out, const struct vg_alert_config *cfg,
                  vg_alert_emit_fn emit, void *user, struct vg_diag *d);
void vg_alerts_free(struct vg_alerts *a);

/* The assessment of one (track, zone) pair at time t. Pairs not observed at a step count as
 * no threat. Returns 0 or VG_ENOMEM / VG_EINVAL (non-finite threat). */
int vg_alerts_observe(struct vg_alerts *a, double t, uint64_t track, int zone, double threat,
                      double time_to_zone_s);

/* Close time t: raise, update or clear, emitting events in (track, zone) order. */
int vg_alerts_step(struct vg_alerts *a, double t);

/* An operator acknowledges alert `id` at t. Emits an "acknowledged" event.
 * Returns 0, or VG_ENOENT (no such live alert). */
int vg_alerts_ack(struct vg_alerts *a, const char *id, const char *who, double t);

/* Live alerts (raised, not cleared). */
size_t vg_alerts_live(const struct vg_alerts *a);

const char *vg_alert_level_name(int level);
const char *vg_alert_state_name(int state);

/* Countermeasure advice for an alert: an effector that can engage and with what effect. */
struct vg_advice {
    char effector[32];          /* the site effector's id */
    char effect[24];            /* "rf-link", "gnss", "kinetic", "net", "laser", ... */
};

/* One alerts.jsonl line (formats.md "Alerts"), zone named by its id, with n pieces of
 * advice; a swarm alert (track with the top bit set, see assessor.h) writes "track": null,
 * "swarm": true and its members. Strings are JSON-escaped. 0 or VG_EIO. */
int vg_alert_write_jsonl(FILE *f, const struct vg_alert *e, const char *zone_id,
                         const struct vg_advice *advice, size_t n, const uint64_t *members,
                         size_t nmembers);

#endif
