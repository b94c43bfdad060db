/* SPDX-License-Identifier: MIT */
/* alerts.c — the alert lifecycle with hysteresis (see alerts.h).
 *
 * State per (track, zone) pair: a small record that exists from the first time the pair is
 * observed above clear_threat until it is cleared (or, never raised, falls back). Pairs are
 * kept sorted by (track, zone) in one array, so a step is a linear pass and events come in
 * a stable order; the array only grows. A typical site has tens of threats at once; a
 * swarm of hundreds still costs microseconds per step. */
#include "assess/alerts.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"
#include "sense/jsonl_write.h"

#define F(field) offsetof(struct vg_alert_config, field)

const struct vg_cfg_entry vg_alert_cfg[] = {
    {"raise_threat", VG_CFG_DOUBLE, F(raise_threat), 0.6, 0.0, 1.0, "",
     "Threat score that raises an alert once held for raise_hold_s."},
    {"clear_threat", VG_CFG_DOUBLE, F(clear_threat), 0.4, 0.0, 1.0, "",
     "Threat score below which a raised alert clears once held for clear_hold_s."},
    {"raise_hold_s", VG_CFG_DOUBLE, F(raise_hold_s), 0.0, 0.0, 60.0, "s",
     "Time the score must stay at or above raise_threat before the alert is raised."},
    {"raise_lead_frac", VG_CFG_DOUBLE, F(raise_lead_frac), 0.0, 0.0, 0.5, "",
     "Or hold for this fraction of the time to zone, if longer: a threat a minute out is "
     "watched a little longer before it alarms, one seconds out not at all."},
    {"raise_hold_max_s", VG_CFG_DOUBLE, F(raise_hold_max_s), 3.0, 0.0, 60.0, "s",
     "The most that raise_lead_frac may hold an alert back."},
    {"clear_hold_s", VG_CFG_DOUBLE, F(clear_hold_s), 5.0, 0.0, 600.0, "s",
     "Time below clear_threat (or without assessment) before the alert clears."},
    {"critical_ttz_s", VG_CFG_DOUBLE, F(critical_ttz_s), 20.0, 0.0, 3600.0, "s",
     "Time to zone at or below which an alert is critical rather than a warning."},
    {"update_ttz_s", VG_CFG_DOUBLE, F(update_ttz_s), 5.0, 0.0, 3600.0, "s",
     "Change of time to zone that warrants an update event."},
    {"update_min_s", VG_CFG_DOUBLE, F(update_min_s), 5.0, 0.0, 3600.0, "s",
     "Least time between two update events of one alert (level changes always go)."},
};
const size_t vg_alert_cfg_count = sizeof vg_alert_cfg / sizeof vg_alert_cfg[0];

void vg_alert_config_default(struct vg_alert_config *c)
{
    vg_cfg_defaults(c, vg_alert_cfg, vg_alert_cfg_count);
}

struct pair {
    struct vg_alert al;     /* the alert (valid fields once raised) */
    int raised;             /* an alert is live for this pair */
    int seen;               /* observed at the current step */
    double above_since;     /* first time of the current run at or above raise; NAN if none */
    double below_since;     /* first time of the current run below clear; NAN if none */
    double t_event;         /* time of the last event */
    double ttz_event;       /* time to zone at the last event */
    int level_event;        /* level at the last event */
};

struct vg_alerts {
    struct vg_alert_config cfg;
    vg_alert_emit_fn emit;
    void *user;
    struct pair *p;
    size_t n, cap;
    uint64_t next_id;
};

int vg_alerts_new(struct vg_alerts **out, const struct vg_alert_config *cfg,
                  vg_alert_emit_fn emit, void *user, struct vg_diag *d)
{
    *out = NULL;
    if (!(cfg->clear_threat <= cfg->raise_threat))
        return vg_diag_set(d, VG_EINVAL, "clear_threat (%g) must not exceed raise_threat (%g)",
                           cfg->clear_threat, cfg->raise_threat);
    struct vg_alerts *a = calloc(1, sizeof *a);
    if (!a)
        return vg_diag_set(d, VG_ENOMEM, "out of memory");
    a->cfg = *cfg;
    a->emit = emit;
    a->user = user;
    a->next_id = 1;
    *out = a;
    return 0;
}

void vg_alerts_free(struct vg_alerts *a)
{
    if (!a)
        return;
    free(a->p);
    free(a);
}

static int cmp_key(uint64_t t1, int z1, uint64_t t2, int z2)
{
    if (t1 != t2)
        return t1 < t2 ? -1 : 1;
    return (z1 > z2) - (z1 < z2);
}

/* Index of the pair, or of where it would go (*found = 0). */
static size_t locate(const struct vg_alerts *a, uint64_t track, int zone, int *found)
{
    size_t lo = 0, hi = a->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = cmp_key(a->p[mid].al.track, a->p[mid].al.zone, track, zone);
        if (c == 0) {
            *found = 1;
            return mid;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    *found = 0;
    return lo;
}

int vg_alerts_observe(struct vg_alerts *a, double t, uint64_t track, int zone, double threat,
                      double time_to_zone_s)
{
    if (!isfinite(threat) || !isfinite(t) || isnan(time_to_zone_s))
        return VG_EINVAL;
    int found;
    size_t i = locate(a, track, zone, &found);
    if (!found) {
        if (threat < a->cfg.clear_threat)
            return 0; /* nothing to remember: no run above, no alert */
        VG_GROW(a->p, a->cap, a->n + 1);
        memmove(a->p + i + 1, a->p + i, (a->n - i) * sizeof *a->p);
        a->n++;
        struct pair *q = &a->p[i];
        memset(q, 0, sizeof *q);
        q->al.track = track;
        q->al.zone = zone;
        q->above_since = q->below_since = NAN;
    }
    struct pair *q = &a->p[i];
    q->seen = 1;
    q->al.threat = threat;
    q->al.time_to_zone_s = time_to_zone_s;
    if (threat >= a->cfg.raise_threat) {
        if (isnan(q->above_since))
            q->above_since = t;
    } else {
        q->above_since = NAN;
    }
    if (threat < a->cfg.clear_threat) {
        if (isnan(q->below_since))
            q->below_since = t;
    } else {
        q->below_since = NAN;
    }
    return 0;
}

/* How long the score must hold before an alert goes up. Every alert costs the operator
 * attention, and a spurious one (a bird whose track jumped between flock members for a few
 * scans) costs trust; every second of holding costs defence time. A fixed share of the time
 * to zone prices that second by what is left: waiting 2 s on a drone 60 s out costs 3 % of
 * its lead and filters the tracks whose threat does not last, while one 5 s out is raised at
 * once. */
static double raise_hold(const struct vg_alert_config *c, const struct vg_alert *al)
{
    double h = c->raise_lead_frac * al->time_to_zone_s;
    h = h < c->raise_hold_max_s ? h : c->raise_hold_max_s; /* also for an infinite ttz */
    return h > c->raise_hold_s ? h : c->raise_hold_s;
}

static void send(struct vg_alerts *a, struct pair *q, int state, double t)
{
    q->al.state = state;
    q->al.t = t;
    q->t_event = t;
    q->ttz_event = q->al.time_to_zone_s;
    q->level_event = q->al.level;
    if (a->emit)
        a->emit(a->user, &q->al);
}

int vg_alerts_step(struct vg_alerts *a, double t)
{
    const struct vg_alert_config *c = &a->cfg;
    size_t w = 0;
    for (size_t i = 0; i < a->n; i++) {
        struct pair *q = &a->p[i];
        if (!q->seen) {
            /* Not assessed at this time (track gone, or no longer heading in): no threat. */
            q->al.threat = 0.0;
            q->above_since = NAN;
            if (isnan(q->below_since))
                q->below_since = t;
        }
        q->seen = 0;
        q->al.level = q->al.time_to_zone_s <= c->critical_ttz_s ? VG_ALERT_CRITICAL
                                                                : VG_ALERT_WARNING;
        int keep = 1;
        if (!q->raised) {
            if (!isnan(q->above_since) && t - q->above_since >= raise_hold(c, &q->al)) {
                q->raised = 1;
                snprintf(q->al.id, sizeof q->al.id, "a-%llu", (unsigned long long)a->next_id++);
                q->al.t_raised = t;
                send(a, q, VG_ALERT_RAISED, t);
            } else if (!isnan(q->below_since)) {
                keep = 0; /* fell back before it was ever raised */
            }
        } else if (!isnan(q->below_since) && t - q->below_since >= c->clear_hold_s) {
            send(a, q, VG_ALERT_CLEARED, t);
            keep = 0;
        } else if (q->al.level != q->level_event ||
                   (t - q->t_event >= c->update_min_s &&
                    fabs(q->al.time_to_zone_s - q->ttz_event) > c->update_ttz_s)) {
            send(a, q, VG_ALERT_UPDATED, t);
        }
        if (keep) {
            if (w != i)
                a->p[w] = *q;
            w++;
        }
    }
    a->n = w;
    return 0;
}

int vg_alerts_ack(struct vg_alerts *a, const char *id, const char *who, double t)
{
    for (size_t i = 0; i < a->n; i++) {
        struct pair *q = &a->p[i];
        if (q->raised && strcmp(q->al.id, id) == 0) {
            q->al.acknowledged = 1;
            q->al.t_ack = t;
            snprintf(q->al.ack_by, sizeof q->al.ack_by, "%s", who ? who : "");
            send(a, q, VG_ALERT_ACKNOWLEDGED, t);
            return 0;
        }
    }
    return VG_ENOENT;
}

size_t vg_alerts_live(const struct vg_alerts *a)
{
    size_t n = 0;
    for (size_t i = 0; i < a->n; i++)
        n += a->p[i].raised;
    return n;
}

const char *vg_alert_level_name(int level)
{
    return level == VG_ALERT_CRITICAL ? "critical" : "warning";
}

const char *vg_alert_state_name(int state)
{
    static const char *const names[] = {"raised", "updated", "acknowledged", "cleared"};
    return state >= 0 && state <= VG_ALERT_CLEARED ? names[state] : "?";
}

int vg_alert_write_jsonl(FILE *f, const struct vg_alert *e, const char *zone_id,
                         const struct vg_advice *advice, size_t n, const uint64_t *members,
                         size_t nmembers)
{
    fprintf(f, "{\"t\":%.17g,\"id\":\"%s\",", e->t, e->id);
    if (members || (e->track >> 63)) {
        /* A swarm: no single track; its members instead. */
        fputs("\"track\":null,\"swarm\":true,\"members\":[", f);
        for (size_t i = 0; i < nmembers; i++)
            fprintf(f, i ? ",%llu" : "%llu", (unsigned long long)members[i]);
        fputs("],\"zone\":", f);
    } else {
        fprintf(f, "\"track\":%llu,\"zone\":", (unsigned long long)e->track);
    }
    vg_jsonl_write_string(f, zone_id);
    fprintf(f, ",\"level\":\"%s\",\"state\":\"%s\",\"threat\":%.4f,\"time_to_zone_s\":",
            vg_alert_level_name(e->level), vg_alert_state_name(e->state), e->threat);
    if (isfinite(e->time_to_zone_s))
        fprintf(f, "%.3f", e->time_to_zone_s);
    else
        fputs("null", f);
    if (e->acknowledged) {
        fputs(",\"acknowledged_by\":", f);
        vg_jsonl_write_string(f, e->ack_by);
        fprintf(f, ",\"acknowledged_t\":%.17g", e->t_ack);
    }
    fputs(",\"advice\":[", f);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ",{\"effector\":" : "{\"effector\":", f);
        vg_jsonl_write_string(f, advice[i].effector);
        fputs(",\"effect\":", f);
        vg_jsonl_write_string(f, advice[i].effect);
        fputc('}', f);
    }
    fputs("]}\n", f);
    return ferror(f) ? VG_EIO : 0;
}
