/* SPDX-License-Identifier: MIT */
/* threat.c — threat score, swarm grouping and countermeasure advice (see threat.h).
 *
 * The score multiplies factors each in [0, 1], so that any one of them can veto: a bird is
 * no threat however fast it closes, a drone 10 minutes out is not urgent however hostile.
 *   class:        P(drone) from identify/;
 *   cooperation:  a drone broadcasting Remote ID / seen on ADS-B is identified and
 *                 accountable: coop_factor (0.2) of a hidden one — still scored, since a
 *                 registered drone entering a zone is still an intrusion;
 *   urgency:      1 inside the zone; exp(−t/τ) for a predicted entry at t. τ = 300 s keeps
 *                 any drone heading in within the look-ahead (an FPV 5 km out at 45 m/s
 *                 arrives in 110 s: urgency 0.69) above the raise threshold, so the alert
 *                 comes at first confirmation — every second of lead is defence time
 *                 (DESIGN.md) — while the level turns critical near the zone (alerts.c); a
 *                 track not heading in keeps e⁻¹·exp(−d/d₀) (d its closest approach,
 *                 d₀ = 200 m): at most 0.37, so passing traffic never raises an alert;
 *   speed:        min(1, 0.5 + 0.5 v/v_fast): hovering drones matter (surveillance,
 *                 dropping munitions) but a fast approach is the FPV signature;
 *   priority:     1/priority of the zone.
 * Swarms: tracks into one zone sorted by arrival; a maximal run whose arrivals span at
 * most window_s with min_members or more is one swarm (a coordinated attack saturates the
 * defence even if each member alone would be handled). */
#include "assess/threat.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void vg_threat_config_default(struct vg_threat_config *c)
{
    c->tau_s = 300.0;
    c->cpa_scale_m = 200.0;
    c->coop_factor = 0.2;
    c->fast_mps = 30.0;
}

double vg_threat_score(const struct vg_threat_config *c, const struct vg_threat_in *in)
{
    double p = in->p_drone < 0 ? 0 : in->p_drone > 1 ? 1 : in->p_drone;
    if (in->cooperative)
        p *= c->coop_factor;
    double urgency;
    if (in->inside)
        urgency = 1.0;
    else if (isfinite(in->time_to_zone_s) && in->time_to_zone_s >= 0)
        urgency = exp(-in->time_to_zone_s / c->tau_s);
    else
        urgency = exp(-1.0) * exp(-(isfinite(in->cpa_m) ? in->cpa_m : 1e9) / c->cpa_scale_m);
    double speed = 0.5 + 0.5 * (in->speed_mps > 0 ? in->speed_mps : 0) / c->fast_mps;
    if (speed > 1)
        speed = 1;
    double prio = in->priority >= 1 ? 1.0 / in->priority : 1.0;
    double s = p * urgency * speed * prio;
    return isfinite(s) ? s : 0.0;
}

struct item {
    size_t i;
    int zone;
    double t;
};

static int by_zone_time(const void *a, const void *b)
{
    const struct item *x = a, *y = b;
    if (x->zone != y->zone)
        return x->zone < y->zone ? -1 : 1;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

int vg_swarm_group(const struct vg_swarm_in *in, size_t n, double window_s, int min_members,
                   int *group)
{
    for (size_t i = 0; i < n; i++)
        group[i] = -1;
    struct item *it = malloc((n ? n : 1) * sizeof *it);
    if (!it)
        return -1;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(in[i].time_to_zone_s))
            it[m++] = (struct item){i, in[i].zone, in[i].time_to_zone_s};
    qsort(it, m, sizeof *it, by_zone_time);
    int ng = 0;
    size_t b = 0;
    while (b < m) {
        /* Grow a run while arrivals stay within the window of its first member. */
        size_t e = b + 1;
        while (e < m && it[e].zone == it[b].zone && it[e].t - it[b].t <= window_s)
            e++;
        if ((int)(e - b) >= min_members) {
            for (size_t k = b; k < e; k++)
                group[it[k].i] = ng;
            ng++;
            b = e;
        } else {
            b++;
        }
    }
    free(it);
    return ng;
}

static const char *effect_of(const char *type, int rf_link_seen)
{
    if (!strcmp(type, "rf-jammer"))
        return rf_link_seen ? "rf-link" : NULL;
    if (!strcmp(type, "gnss-jammer"))
        return rf_link_seen ? NULL : "gnss-navigation";
    if (!strcmp(type, "interceptor"))
        return "intercept";
    if (!strcmp(type, "gun"))
        return "kinetic";
    if (!strcmp(type, "laser"))
        return "directed-energy";
    if (!strcmp(type, "net"))
        return "capture";
    return NULL;
}

size_t vg_advise(const struct vg_effector_in *eff, size_t neff, double time_to_zone_s,
                 int rf_link_seen, struct vg_advice *out, size_t cap)
{
    size_t n = 0;
    double deadline = isfinite(time_to_zone_s) ? time_to_zone_s : INFINITY;
    for (size_t i = 0; i < neff && n < cap; i++) {
        const char *effect = effect_of(eff[i].type, rf_link_seen);
        if (!effect || !(eff[i].t_in < deadline) || !(eff[i].t_out >= 0.0))
            continue;
        snprintf(out[n].effector, sizeof out[n].effector, "%s", eff[i].id);
        snprintf(out[n].effect, sizeof out[n].effect, "%s", effect);
        n++;
    }
    return n;
}
