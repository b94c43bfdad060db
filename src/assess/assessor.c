/* SPDX-License-Identifier: MIT */
/* assessor.c — the assess stage (see assessor.h): geometry, score, swarms, lifecycle,
 * advice, in that order at each processed time.
 *
 * Cost: tracks × zones entry computations (≈ 0.3 µs each on a 20-vertex zone), plus the
 * effector windows of the tracks that have an event. Buffers grow with the track count and
 * are reused. Tentative tracks are not assessed: an alert on a clutter pair would be a
 * false alert, and M-of-N confirmation costs one or two scans — well inside an FPV's lead. */
#include "assess/assessor.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"

#define MAX_ADVICE 16

struct last {                /* what the last step knew of a track, for advice */
    uint64_t id;
    double x[6];
    int rf_link;
};

struct vg_assessor {
    struct vg_assessor_config cfg;
    const struct vg_site *site;
    vg_assess_emit_fn emit;
    void *user;
    struct vg_alerts *alerts;
    double t;                /* time of the current step */
    struct last *last;       /* the step's tracks, sorted by id for lookup */
    size_t nlast, last_cap;
    double *score;           /* per track of the step */
    size_t score_cap, nscore;
    struct vg_swarm_in *sw;  /* suspect (track, zone) pairs heading in */
    size_t nsw, sw_cap;
    int *group;
    size_t group_cap;
    uint64_t *members;       /* members of the swarm being emitted */
    size_t members_cap;
};

void vg_assessor_config_default(struct vg_assessor_config *c)
{
    vg_approach_config_default(&c->approach);
    vg_threat_config_default(&c->threat);
    vg_alert_config_default(&c->alert);
    c->suspect_p_drone = 0.7;
    c->swarm_window_s = 30.0;
    c->swarm_min = 3;
}

static const struct last *find_last(const struct vg_assessor *as, uint64_t id)
{
    size_t lo = 0, hi = as->nlast;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (as->last[mid].id == id)
            return &as->last[mid];
        if (as->last[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* Advice for a track heading into a zone at time_to_zone_s. */
static size_t advise(const struct vg_assessor *as, const struct last *l, double ttz,
                     struct vg_advice *out)
{
    struct vg_effector_in eff[MAX_ADVICE];
    size_t ne = 0;
    for (size_t i = 0; i < as->site->neffectors && ne < MAX_ADVICE; i++) {
        const struct vg_effector *e = &as->site->effectors[i];
        double tin, tout;
        if (vg_approach_effector_window(e, l->x, &as->cfg.approach, &tin, &tout) != 0)
            continue;
        eff[ne++] = (struct vg_effector_in){e->id, e->type, tin, tout};
    }
    int rf = l->rf_link != VG_LINK_NONE && vg_link_emits(l->rf_link);
    return vg_advise(eff, ne, ttz, rf, out, MAX_ADVICE);
}

static void on_alert(void *user, const struct vg_alert *e)
{
    struct vg_assessor *as = user;
    const char *zone_id = e->zone >= 0 && (size_t)e->zone < as->site->nzones
                              ? as->site->zones[e->zone].id : "?";
    struct vg_advice adv[MAX_ADVICE];
    size_t nadv = 0, nm = 0;
    if (e->track & VG_ALERT_SWARM_BIT) {
        /* Members: this step's suspects heading into the zone in the swarm's group. */
        for (size_t i = 0; i < as->nsw; i++)
            if (as->sw[i].zone == e->zone && as->group[i] >= 0 && nm < as->members_cap)
                as->members[nm++] = as->sw[i].track;
    } else if (e->state != VG_ALERT_CLEARED) {
        const struct last *l = find_last(as, e->track);
        if (l)
            nadv = advise(as, l, e->time_to_zone_s, adv);
    }
    if (as->emit)
        as->emit(as->user, e, zone_id, adv, nadv, nm ? as->members : NULL, nm);
}

int vg_assessor_new(struct vg_assessor **out, const struct vg_assessor_config *cfg,
                    const struct vg_site *site, vg_assess_emit_fn emit, void *user,
                    struct vg_diag *d)
{
    *out = NULL;
    for (size_t z = 0; z < site->nzones; z++)
        if (vg_zone_check(&site->zones[z]))
            return vg_diag_set(d, VG_EINVAL, "zone '%s' is not a valid polygon",
                               site->zones[z].id);
    struct vg_assessor *as = calloc(1, sizeof *as);
    if (!as)
        return vg_diag_set(d, VG_ENOMEM, "out of memory");
    as->cfg = *cfg;
    as->site = site;
    as->emit = emit;
    as->user = user;
    int rc = vg_alerts_new(&as->alerts, &cfg->alert, on_alert, as, d);
    if (rc) {
        free(as);
        return rc;
    }
    *out = as;
    return 0;
}

void vg_assessor_free(struct vg_assessor *as)
{
    if (!as)
        return;
    vg_alerts_free(as->alerts);
    free(as->last);
    free(as->score);
    free(as->sw);
    free(as->group);
    free(as->members);
    free(as);
}

static int by_id(const void *a, const void *b)
{
    const struct last *x = a, *y = b;
    return (x->id > y->id) - (x->id < y->id);
}

int vg_assessor_step(struct vg_assessor *as, double t, const struct vg_track *trk, size_t n,
                     const struct vg_track_identity *id)
{
    const struct vg_assessor_config *c = &as->cfg;
    as->t = t;
    VG_GROW(as->last, as->last_cap, n ? n : 1);
    VG_GROW(as->score, as->score_cap, n ? n : 1);
    size_t nz = as->site->nzones;
    VG_GROW(as->sw, as->sw_cap, n * (nz ? nz : 1) + 1);
    as->nlast = as->nsw = 0;
    as->nscore = n;
    for (size_t i = 0; i < n; i++) {
        const struct vg_track *k = &trk[i];
        as->score[i] = 0.0;
        if (k->status == VG_TRACK_TENTATIVE)
            continue;
        struct last *l = &as->last[as->nlast++];
        l->id = k->id;
        memcpy(l->x, k->x, sizeof l->x);
        l->rf_link = k->link;
        double p = id ? id[i].p_drone : 1.0;
        int coop = id ? id[i].cooperative : 0;
        for (size_t z = 0; z < nz; z++) {
            const struct vg_zone *zone = &as->site->zones[z];
            struct vg_zone_entry en;
            if (vg_approach_entry(zone, k->x, k->P, &c->approach, &en))
                continue; /* a state the geometry refuses (NaN): not assessed */
            double cpa_t = INFINITY, cpa = 0.0, ttz = en.t_s;
            if (en.face == VG_ENTRY_NONE) {
                if (vg_approach_zone_cpa(zone, k->x, &c->approach, &cpa_t, &cpa))
                    cpa = INFINITY;
                /* The straight-line path misses, but by less than its own uncertainty: a
                 * weaving drone's velocity vector swings across the zone from scan to scan,
                 * so a near miss within 3σ of the predicted cross-track position at the
                 * closest approach (σ² = σ²_pos + t² σ²_vel, horizontal) counts as heading
                 * in, arriving at the closest-approach time. */
                double s2 = 0.5 * (k->P[0] + k->P[7]) + cpa_t * cpa_t * 0.5 * (k->P[21] + k->P[28]);
                if (isfinite(cpa) && cpa <= 3.0 * sqrt(s2))
                    ttz = cpa_t;
            }
            struct vg_threat_in in = {p, coop, en.face == VG_ENTRY_INSIDE, ttz, cpa,
                                      hypot(k->x[3], k->x[4]), zone->priority};
            double s = vg_threat_score(&c->threat, &in);
            if (s > as->score[i])
                as->score[i] = s;
            int rc = vg_alerts_observe(as->alerts, t, k->id, (int)z, s, ttz);
            if (rc)
                return rc;
            if (p >= c->suspect_p_drone && !coop && isfinite(ttz))
                as->sw[as->nsw++] = (struct vg_swarm_in){k->id, (int)z, ttz};
        }
    }
    qsort(as->last, as->nlast, sizeof *as->last, by_id);
    /* Swarms: one pseudo-pair per zone, scored as urgently as its nearest member. */
    VG_GROW(as->group, as->group_cap, as->nsw ? as->nsw : 1);
    VG_GROW(as->members, as->members_cap, as->nsw ? as->nsw : 1);
    int ng = vg_swarm_group(as->sw, as->nsw, c->swarm_window_s, c->swarm_min, as->group);
    if (ng < 0)
        return VG_ENOMEM;
    for (size_t z = 0; z < nz; z++) {
        double first = INFINITY;
        for (size_t i = 0; i < as->nsw; i++)
            if (as->sw[i].zone == (int)z && as->group[i] >= 0 && as->sw[i].time_to_zone_s < first)
                first = as->sw[i].time_to_zone_s;
        if (!isfinite(first))
            continue;
        double s = exp(-first / c->threat.tau_s);
        s = s > 0.99 ? 0.99 : s < c->alert.raise_threat ? c->alert.raise_threat : s;
        int rc = vg_alerts_observe(as->alerts, t, VG_ALERT_SWARM_BIT | z, (int)z, s, first);
        if (rc)
            return rc;
    }
    return vg_alerts_step(as->alerts, t);
}

int vg_assessor_ack(struct vg_assessor *as, const char *alert_id, const char *who, double t)
{
    return vg_alerts_ack(as->alerts, alert_id, who, t);
}

const double *vg_assessor_scores(const struct vg_assessor *as, size_t *n)
{
    *n = as->nscore;
    return as->nscore ? as->score : NULL;
}
