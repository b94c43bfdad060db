/* SPDX-License-Identifier: MIT */
/* pipeline.c — decode → associate → estimate → identify → assess, one way (see pipeline.h).
 *
 * identify/ listens to the tracker's updates (each report with the track it went to) and
 * keeps one classification state per track id, in an open-addressing table that grows with
 * the live track count; states of tracks no longer emitted are dropped at the next
 * emission. At each emission the tracks are copied, their identity and threat filled, the
 * assessor stepped, and the enriched tracks handed on. */
#include "engine/pipeline.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"
#include "identify/cooperative.h"
#include "identify/rcs_floor.h"

struct slot {
    uint64_t id;              /* 0: empty */
    uint32_t stamp;           /* emission that last saw it */
    struct vg_class_state st;
};

struct vg_pipeline {
    struct vg_pipeline_config cfg;
    const struct vg_site *site;
    struct vg_tracker *tr;
    struct vg_assessor *as;
    vg_tracker_emit_fn tracks;
    void *tracks_user;
    struct slot *tab;         /* power-of-two table, linear probing */
    size_t cap, used;
    uint32_t stamp;
    struct vg_track *out;     /* enriched copies of an emission */
    size_t out_cap;
    struct vg_track_identity *id;
    size_t id_cap;
    struct vg_coop coop;      /* ADS-B and Remote ID identities */
    struct vg_rcs_floor floor; /* radars' detection thresholds, for unbiased RCS evidence */
    int *match;
    size_t match_cap;
    int err;
};

void vg_pipeline_config_default(struct vg_pipeline_config *c)
{
    vg_tracker_config_default(&c->tracker);
    vg_classifier_default(&c->classifier);
    vg_assessor_config_default(&c->assessor);
    c->assess = 1;
}

static size_t groups(struct vg_pipeline_config *c, struct vg_cfg_group g[3])
{
    g[0] = (struct vg_cfg_group){&c->tracker, vg_tracker_cfg, vg_tracker_cfg_count};
    g[1] = (struct vg_cfg_group){&c->classifier, vg_classifier_cfg, vg_classifier_cfg_count};
    g[2] = (struct vg_cfg_group){&c->assessor.alert, vg_alert_cfg, vg_alert_cfg_count};
    return 3;
}

int vg_pipeline_config_load(struct vg_pipeline_config *c, const char *path, struct vg_diag *d)
{
    struct vg_cfg_group g[3];
    return vg_cfg_load_groups(g, groups(c, g), path, d);
}

int vg_pipeline_config_set(struct vg_pipeline_config *c, const char *kv, struct vg_diag *d)
{
    char key[256];
    const char *eq = strchr(kv, '=');
    if (!eq || (size_t)(eq - kv) >= sizeof key)
        return vg_diag_set(d, VG_EINVAL, "'%s': expected KEY=VALUE", kv);
    memcpy(key, kv, (size_t)(eq - kv));
    key[eq - kv] = '\0';
    struct vg_cfg_group g[3];
    return vg_cfg_set_groups(g, groups(c, g), key, eq + 1, d);
}

void vg_pipeline_config_write(FILE *f, const struct vg_pipeline_config *c)
{
    fputs("# ---- tracker\n", f);
    vg_cfg_write(f, &c->tracker, vg_tracker_cfg, vg_tracker_cfg_count);
    fputs("# ---- classifier (identify/)\n", f);
    vg_cfg_write(f, &c->classifier, vg_classifier_cfg, vg_classifier_cfg_count);
    fputs("# ---- alerts (assess/)\n", f);
    vg_cfg_write(f, &c->assessor.alert, vg_alert_cfg, vg_alert_cfg_count);
}

static size_t hash(uint64_t id, size_t mask)
{
    return (size_t)((id * 0x9e3779b97f4a7c15ULL) >> 20) & mask;
}

static int rehash(struct vg_pipeline *p, size_t cap)
{
    struct slot *t = calloc(cap, sizeof *t);
    if (!t)
        return VG_ENOMEM;
    for (size_t i = 0; i < p->cap; i++)
        if (p->tab[i].id) {
            size_t s = hash(p->tab[i].id, cap - 1);
            while (t[s].id)
                s = (s + 1) & (cap - 1);
            t[s] = p->tab[i];
        }
    free(p->tab);
    p->tab = t;
    p->cap = cap;
    return 0;
}

/* The classification state of track id, created at the prior if new. NULL: no memory. */
static struct vg_class_state *state_of(struct vg_pipeline *p, uint64_t id)
{
    if (2 * (p->used + 1) > p->cap && rehash(p, p->cap ? 2 * p->cap : 256))
        return NULL;
    size_t s = hash(id, p->cap - 1);
    while (p->tab[s].id && p->tab[s].id != id)
        s = (s + 1) & (p->cap - 1);
    if (!p->tab[s].id) {
        p->tab[s].id = id;
        p->tab[s].stamp = p->stamp;
        vg_class_state_init(&p->tab[s].st, &p->cfg.classifier);
        p->used++;
    }
    return &p->tab[s].st;
}

static void on_update(void *user, const struct vg_track *trk, const struct vg_detection *det)
{
    struct vg_pipeline *p = user;
    struct vg_class_state *st = state_of(p, trk->id);
    if (!st) {
        p->err = VG_ENOMEM;
        return;
    }
    /* trk->misses still counts the scans missed before this hit (tracker.c resets it
     * after the update). After missed scans the velocity may be two objects' plots paired,
     * and the classifier's doubt of it returns. After an update whose report was contested
     * (trk->crowded: a young track in a flock) it is as likely no one object's as one's:
     * the state's kinematics are not evidence at all, only the report's signature is
     * (dawn-birds: tracks chaining birds' plots 100-200 m over the radar read 37-68 m/s
     * climbing 20 m/s and raised false alerts on seeds 11 and 49). A track's first report
     * (hits 1) brings its signature and its range rate only: its state is the initial
     * guess, not an estimate. */
    if (trk->misses > 0 || trk->crowded)
        vg_class_state_gap(st);
    if (trk->hits > 1 && !trk->crowded)
        vg_classify_state(&p->cfg.classifier, st, trk->t, trk->x, trk->P);
    else if (det->kind == VG_DET_POLAR && (det->flags & VG_DET_HAS_RR))
        vg_classify_radial(&p->cfg.classifier, st, det->t, det->z[det->nz - 1]);
    int em = VG_EMITTER_NONE;
    if (det->flags & VG_DET_HAS_EMITTER)
        em = vg_link_emits(det->link) && det->link != VG_LINK_OTHER ? VG_EMITTER_DRONE_LINK
                                                                    : VG_EMITTER_OTHER;
    vg_classify_report(&p->cfg.classifier, st, det, em, vg_rcs_floor_dbsm(&p->floor, det));
}

/* Empty slot i of the linear-probing table by backward shift (Knuth, TAOCP vol. 3,
 * §6.4, Algorithm R): later members of the probe run move up, so lookups never need
 * tombstones and nothing is reallocated. */
static void remove_slot(struct vg_pipeline *p, size_t i)
{
    size_t mask = p->cap - 1, j = i;
    for (;;) {
        j = (j + 1) & mask;
        if (!p->tab[j].id)
            break;
        size_t k = hash(p->tab[j].id, mask); /* where tab[j] would like to be */
        /* Move it into i unless its home lies cyclically in (i, j]. */
        int home_between = i <= j ? (k > i && k <= j) : (k > i || k <= j);
        if (!home_between) {
            p->tab[i] = p->tab[j];
            i = j;
        }
    }
    p->tab[i].id = 0;
    p->used--;
}

/* Drop the states of tracks the last emission no longer had (deleted tracks). In place:
 * the table is scanned once per emission and never reallocated here. */
static int prune(struct vg_pipeline *p)
{
    for (size_t i = 0; i < p->cap;) {
        if (p->tab[i].id && p->tab[i].stamp != p->stamp)
            remove_slot(p, i); /* slot i may now hold a shifted entry: look again */
        else
            i++;
    }
    return 0;
}

static int emit_enriched(struct vg_pipeline *p, double t, const struct vg_track *trk, size_t n)
{
    VG_GROW(p->out, p->out_cap, n ? n : 1);
    VG_GROW(p->id, p->id_cap, n ? n : 1);
    VG_GROW(p->match, p->match_cap, n ? n : 1);
    int rc = vg_coop_match(&p->coop, t, trk, n, p->match);
    if (rc)
        return rc;
    p->stamp++;
    for (size_t i = 0; i < n; i++) {
        struct vg_track *o = &p->out[i];
        *o = trk[i];
        struct vg_class_state *st = state_of(p, o->id);
        if (!st)
            return VG_ENOMEM;
        /* A vouching identity is strong class evidence: ADS-B flies on manned aircraft,
         * Remote ID on drones. */
        const struct vg_coop_entry *ce = p->match[i] >= 0 ? &p->coop.e[p->match[i]] : NULL;
        if (ce) {
            struct vg_detection hint;
            memset(&hint, 0, sizeof hint);
            hint.t = t;
            hint.flags = VG_DET_HAS_HINT;
            hint.class_hint = ce->kind == VG_DET_ADSB ? VG_CLASS_AIRCRAFT : VG_CLASS_DRONE;
            hint.class_p = 0.99f;
            vg_classify_report(&p->cfg.classifier, st, &hint, VG_EMITTER_NONE, NAN);
        }
        /* mark it seen this emission */
        size_t s = hash(o->id, p->cap - 1);
        while (p->tab[s].id != o->id)
            s = (s + 1) & (p->cap - 1);
        p->tab[s].stamp = p->stamp;
        double pc[VG_CLASS_COUNT];
        vg_class_probs(st, pc);
        for (int c = 0; c < VG_CLASS_COUNT; c++)
            o->p_class[c] = (float)pc[c];
        double pbest;
        int best = vg_class_best(st, &pbest);
        /* Named only when likelier than not: a new track stays "unknown". */
        o->cls = (uint8_t)(pbest >= 0.5 ? best : VG_CLASS_UNKNOWN);
        o->cooperative = o->status == VG_TRACK_TENTATIVE ? -1 : ce != NULL;
        if (ce)
            snprintf(o->coop_id, sizeof o->coop_id, "%s", ce->id);
        else
            o->coop_id[0] = '\0';
        o->assessed = 1;
        p->id[i] = (struct vg_track_identity){pc[VG_CLASS_DRONE], ce != NULL};
    }
    if (p->as) {
        rc = vg_assessor_step(p->as, t, p->out, n, p->id);
        if (rc)
            return rc;
        size_t ns;
        const double *sc = vg_assessor_scores(p->as, &ns);
        for (size_t i = 0; i < n && sc && i < ns; i++)
            p->out[i].threat = (float)sc[i];
    }
    if (p->tracks)
        p->tracks(p->tracks_user, t, p->out, n);
    return prune(p);
}

static void on_emit(void *user, double t, const struct vg_track *trk, size_t n)
{
    struct vg_pipeline *p = user;
    int rc = emit_enriched(p, t, trk, n);
    if (rc && !p->err)
        p->err = rc;
}

int vg_pipeline_new(struct vg_pipeline **out, const struct vg_pipeline_config *cfg,
                    const struct vg_site *site, vg_tracker_emit_fn tracks, void *tracks_user,
                    vg_assess_emit_fn alerts, void *alerts_user, struct vg_diag *d)
{
    *out = NULL;
    int rc = vg_classifier_check(&cfg->classifier, d);
    if (rc)
        return rc;
    struct vg_pipeline *p = calloc(1, sizeof *p);
    if (!p)
        return vg_diag_set(d, VG_ENOMEM, "out of memory");
    p->cfg = *cfg;
    p->site = site;
    p->tracks = tracks;
    p->tracks_user = tracks_user;
    struct vg_coop_config cc;
    vg_coop_config_default(&cc);
    vg_coop_init(&p->coop, &cc);
    vg_rcs_floor_init(&p->floor);
    if ((rc = vg_tracker_new(&p->tr, &cfg->tracker, site, d)) ||
        (cfg->assess && site->nzones &&
         (rc = vg_assessor_new(&p->as, &cfg->assessor, site, alerts, alerts_user, d)))) {
        vg_pipeline_free(p);
        return rc;
    }
    vg_tracker_on_emit(p->tr, on_emit, p);
    vg_tracker_on_update(p->tr, on_update, p);
    *out = p;
    return 0;
}

void vg_pipeline_free(struct vg_pipeline *p)
{
    if (!p)
        return;
    vg_tracker_free(p->tr);
    vg_assessor_free(p->as);
    free(p->tab);
    free(p->out);
    free(p->id);
    free(p->match);
    vg_coop_fini(&p->coop);
    vg_rcs_floor_fini(&p->floor);
    free(p);
}

int vg_pipeline_add(struct vg_pipeline *p, const struct vg_detection *det)
{
    /* Cooperative reports are identities, not detections: they go to the correlator. */
    int rc;
    if (det->kind == VG_DET_ADSB || det->kind == VG_DET_REMOTEID)
        rc = vg_coop_report(&p->coop, det);
    else if (!(rc = vg_rcs_floor_observe(&p->floor, det)))
        rc = vg_tracker_add(p->tr, det);
    return rc ? rc : p->err;
}

int vg_pipeline_flush(struct vg_pipeline *p)
{
    int rc = vg_tracker_flush(p->tr);
    return rc ? rc : p->err;
}

struct vg_tracker *vg_pipeline_tracker(struct vg_pipeline *p)
{
    return p->tr;
}

struct vg_assessor *vg_pipeline_assessor(struct vg_pipeline *p)
{
    return p->as;
}
