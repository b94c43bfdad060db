/* SPDX-License-Identifier: MIT */
/* replay_rerun.c — the recorded detections through a new pipeline, compared with what was
 * recorded (see replay.h).
 *
 * Input order is the recording order (ORDER BY seq), detections and operator actions merged,
 * because that is the order the engine processed them in: a late report must stay late for
 * the tracker to treat it as it did, and an acknowledgement changes the assessor's later
 * events. An action "ack" with an alert id is applied to the new assessor. The new emissions
 * are coalesced one per time (publish/coalesce.h), as `vigil track/exercise --record` record
 * them, and each is compared with the next recorded emission in time order: same time, same
 * tracks in the same order, every field of struct vg_track bit for bit. Alerts likewise. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "publish/coalesce.h"
#include "record/internal.h"
#include "record/recorder.h"
#include "record/replay_internal.h"

struct rerun {
    struct vg_replay *rp;
    const struct vg_replay_sink *sink;
    struct vg_replay_compare *cmp;
    struct vg__cursor rtrk, ral;        /* recorded tracks and alerts of the window */
    int rec_loaded;                     /* rp->emit holds the next recorded emission */
    double rec_t;
    size_t rec_n;
    struct vg_record_alert *old, *cur;  /* recorded / new alert */
    struct vg_pipeline *pl;
    struct vg_diag *d;
    int err;
};

static void differ(struct rerun *r, double t)
{
    if (isnan(r->cmp->first_diff_t))
        r->cmp->first_diff_t = t;
}

static int same_f64(const double *a, const double *b, size_t n)
{
    return memcmp(a, b, n * sizeof *a) == 0;
}

static int same_track(const struct vg_track *a, const struct vg_track *b)
{
    return a->id == b->id && a->status == b->status && a->nhist == b->nhist &&
           a->misses == b->misses && a->hist == b->hist && a->hits == b->hits &&
           a->last_sensor == b->last_sensor && a->link == b->link &&
           same_f64(&a->t, &b->t, 1) && same_f64(&a->t_first, &b->t_first, 1) &&
           same_f64(a->x, b->x, VG_NX) && same_f64(a->P, b->P, VG_NX * VG_NX) &&
           a->assessed == b->assessed && a->cls == b->cls && a->cooperative == b->cooperative &&
           !memcmp(a->p_class, b->p_class, sizeof a->p_class) &&
           !memcmp(&a->threat, &b->threat, sizeof a->threat) &&
           (a->cooperative <= 0 || !strcmp(a->coop_id, b->coop_id));
}

static int load_recorded(struct rerun *r)
{
    if (r->rec_loaded || !r->rtrk.has)
        return r->rec_loaded;
    if ((r->err = vg__read_emission(r->rp, &r->rtrk, &r->rec_t, &r->rec_n, r->d)))
        return 0;
    r->cmp->emissions_recorded++;
    r->rec_loaded = 1;
    return 1;
}

static void on_tracks(void *user, double t, const struct vg_track *trk, size_t n)
{
    struct rerun *r = user;
    if (r->err)
        return;
    if (r->sink->tracks)
        r->sink->tracks(r->sink->user, t, trk, n);
    struct vg_replay_compare *c = r->cmp;
    if (n == 0)
        return; /* an empty emission leaves no row to compare with */
    c->emissions++;
    /* Recorded emissions before this one have no new counterpart. */
    while (load_recorded(r) && r->rec_t < t) {
        c->tracks_missing += r->rec_n;
        differ(r, r->rec_t);
        r->rec_loaded = 0;
    }
    if (r->err)
        return;
    if (!r->rec_loaded || r->rec_t != t) {
        c->tracks_missing += n;
        differ(r, t);
        return;
    }
    size_t m = n < r->rec_n ? n : r->rec_n;
    for (size_t i = 0; i < m; i++) {
        const struct vg_track *old = &r->rp->emit[i];
        if (same_track(&trk[i], old)) {
            c->tracks_equal++;
            continue;
        }
        c->tracks_differ++;
        differ(r, t);
        if (trk[i].id == old->id) {
            double dx = trk[i].x[0] - old->x[0], dy = trk[i].x[1] - old->x[1],
                   dz = trk[i].x[2] - old->x[2], e = sqrt(dx * dx + dy * dy + dz * dz);
            if (e > c->max_pos_diff_m)
                c->max_pos_diff_m = e;
        }
    }
    if (n != r->rec_n) {
        c->tracks_missing += n > r->rec_n ? n - r->rec_n : r->rec_n - n;
        differ(r, t);
    }
    r->rec_loaded = 0;
}

static int same_alert(const struct vg_record_alert *a, const struct vg_record_alert *b)
{
    const struct vg_alert *x = &a->a, *y = &b->a;
    if (strcmp(x->id, y->id) || x->track != y->track || x->zone != y->zone ||
        x->level != y->level || x->state != y->state || !same_f64(&x->t, &y->t, 1) ||
        !same_f64(&x->threat, &y->threat, 1) || strcmp(a->zone_id, b->zone_id) ||
        x->acknowledged != y->acknowledged || strcmp(x->ack_by, y->ack_by) ||
        a->nadvice != b->nadvice || a->nmembers != b->nmembers || a->swarm != b->swarm)
        return 0;
    /* time to zone: INFINITY is recorded as NULL and comes back INFINITY */
    if (!(x->time_to_zone_s == y->time_to_zone_s) &&
        !same_f64(&x->time_to_zone_s, &y->time_to_zone_s, 1))
        return 0;
    for (size_t i = 0; i < a->nadvice; i++)
        if (strcmp(a->advice[i].effector, b->advice[i].effector) ||
            strcmp(a->advice[i].effect, b->advice[i].effect))
            return 0;
    return !memcmp(a->members, b->members, a->nmembers * sizeof a->members[0]);
}

static void on_alert(void *user, const struct vg_alert *e, const char *zone_id,
                     const struct vg_advice *adv, size_t nadv, const uint64_t *mem,
                     size_t nmem)
{
    struct rerun *r = user;
    if (r->err)
        return;
    struct vg_record_alert *al = r->cur;
    al->a = *e;
    snprintf(al->zone_id, sizeof al->zone_id, "%s", zone_id ? zone_id : "");
    al->nadvice = nadv < VG_RECORD_ADVICE_MAX ? nadv : VG_RECORD_ADVICE_MAX;
    if (al->nadvice)
        memcpy(al->advice, adv, al->nadvice * sizeof *adv);
    al->swarm = mem != NULL || (e->track & VG_ALERT_SWARM_BIT) != 0;
    al->nmembers = nmem < VG_RECORD_MEMBERS_MAX ? nmem : VG_RECORD_MEMBERS_MAX;
    if (al->nmembers) /* memcpy from NULL is undefined even for 0 bytes */
        memcpy(al->members, mem, al->nmembers * sizeof *mem);
    if (r->sink->alert)
        r->sink->alert(r->sink->user, al);
    r->cmp->alerts++;
    if (!r->ral.has) {
        differ(r, e->t);
        return;
    }
    struct vg_diag rd;
    if (vg__row_alert(r->ral.st, r->old, &rd)) {
        r->err = vg_diag_set(r->d, VG_EPARSE, "%s: alerts %s", r->rp->path, rd.msg);
        return;
    }
    r->cmp->alerts_recorded++;
    if (same_alert(al, r->old))
        r->cmp->alerts_equal++;
    else
        differ(r, e->t);
    r->err = vg__cursor_next(r->rp, &r->ral, r->d);
}

static int make_pipeline(struct vg_replay *rp, const struct vg_replay_opts *o,
                         struct vg_emit_coalesce *co, struct rerun *r, struct vg_diag *d)
{
    struct vg_pipeline_config pc;
    if (o->config) {
        pc = *o->config;
    } else {
        vg_pipeline_config_default(&pc);
        const char *text = vg_replay_meta(rp, "config");
        struct vg_diag cd;
        if (text && vg_record_config_parse(&pc, text, &cd))
            return vg_diag_set(d, VG_EPARSE, "%s: recorded %s", rp->path, cd.msg);
        const char *assess = vg_replay_meta(rp, "assess");
        if (assess)
            pc.assess = strcmp(assess, "0") != 0;
    }
    struct vg_diag pd;
    int rc = vg_pipeline_new(&r->pl, &pc, &rp->site, vg_emit_coalesce_push, co, on_alert, r,
                             &pd);
    if (rc)
        return vg_diag_set(d, rc, "%s: re-run: %s", rp->path, pd.msg);
    return 0;
}

#define BYSEQ(cols, tab) "SELECT " cols " FROM " tab " WHERE t >= ?1 AND t <= ?2 ORDER BY seq"
#define BYT(cols, tab) "SELECT " cols " FROM " tab " WHERE t >= ?1 AND t <= ?2 ORDER BY t, seq"

/* Feed one detection row (the cursor's) to the pipeline and the sink. */
static int feed_detection(struct rerun *r, struct vg__cursor *c)
{
    struct vg_detection det;
    const char *sensor;
    struct vg_diag rd;
    if (vg__row_detection(c->st, &det, &sensor, &rd))
        return vg_diag_set(r->d, VG_EPARSE, "%s: detections %s", r->rp->path, rd.msg);
    int idx = vg__replay_sensor(r->rp, sensor);
    if (idx < 0)
        return vg_diag_set(r->d, idx, "%s: sensor '%s': %s", r->rp->path, sensor,
                           vg_strerror(idx));
    det.sensor = (uint32_t)idx;
    if (r->sink->detection)
        r->sink->detection(r->sink->user, &det, &r->rp->site);
    int rc = vg_pipeline_add(r->pl, &det);
    if (rc)
        return vg_diag_set(r->d, rc, "%s: re-run: detection at t = %.17g (%s): %s",
                           r->rp->path, det.t, sensor, vg_strerror(rc));
    return 0;
}

static void feed_action(struct rerun *r, struct vg__cursor *c)
{
    struct vg_record_action ac;
    vg__row_action(c->st, &ac);
    struct vg_assessor *as = vg_pipeline_assessor(r->pl);
    if (as && !strcmp(ac.what, "ack") && ac.alert_id[0])
        vg_assessor_ack(as, ac.alert_id, ac.who, ac.t); /* an unknown id: nothing to ack */
    if (r->sink->action)
        r->sink->action(r->sink->user, &ac);
}

int vg__replay_rerun(struct vg_replay *rp, const struct vg_replay_opts *o,
                     const struct vg_replay_sink *sink, struct vg_replay_compare *cmp,
                     struct vg_diag *d)
{
    struct vg_replay_compare local;
    struct rerun r;
    memset(&r, 0, sizeof r);
    r.rp = rp;
    r.sink = sink;
    r.d = d;
    r.cmp = cmp ? cmp : &local;
    memset(r.cmp, 0, sizeof *r.cmp);
    r.cmp->first_diff_t = NAN;
    struct vg_emit_coalesce co;
    vg_emit_coalesce_init(&co, on_tracks, &r);
    struct vg__cursor in[2];
    memset(in, 0, sizeof in);
    struct vg__pace pace;
    double lo, hi;
    vg__window(rp, o, &lo, &hi);
    vg__pace_init(&pace, o, lo, hi);
    r.old = malloc(sizeof *r.old);
    r.cur = malloc(sizeof *r.cur);
    int rc = r.old && r.cur ? 0 : vg_diag_set(d, VG_ENOMEM, "%s: out of memory", rp->path);
    if (!rc)
        rc = make_pipeline(rp, o, &co, &r, d);
    if (!rc)
        rc = vg__cursor_open(rp, &in[0], BYSEQ(VG__DET_COLS, "detections"), o->from, o->to, d);
    if (!rc)
        rc = vg__cursor_open(rp, &in[1], BYSEQ(VG__ACTION_COLS, "actions"), o->from, o->to, d);
    if (!rc)
        rc = vg__cursor_open(rp, &r.rtrk, BYT(VG__TRK_COLS, "tracks"), o->from, o->to, d);
    if (!rc)
        rc = vg__cursor_open(rp, &r.ral, BYT(VG__ALERT_COLS, "alerts"), o->from, o->to, d);
    while (!rc && !r.err && (in[0].has || in[1].has)) {
        int k = !in[0].has || (in[1].has && in[1].seq < in[0].seq);
        double t = in[k].t;
        vg__pace_wait(&pace, t);
        if (k == 0)
            rc = feed_detection(&r, &in[0]);
        else
            feed_action(&r, &in[1]);
        if (!rc)
            rc = vg__cursor_next(rp, &in[k], d);
        vg__pace_done(&pace, sink, t, 1, 0);
    }
    if (!rc && !r.err) {
        if ((rc = vg_pipeline_flush(r.pl)) || (rc = vg_emit_coalesce_finish(&co)))
            vg_diag_set(d, rc, "%s: re-run: %s", rp->path, vg_strerror(rc));
    }
    if (!rc && r.err)
        rc = r.err;
    /* What is left of the recording had no new counterpart. */
    while (!rc && load_recorded(&r)) {
        r.cmp->tracks_missing += r.rec_n;
        differ(&r, r.rec_t);
        r.rec_loaded = 0;
    }
    while (!rc && r.ral.has) {
        r.cmp->alerts_recorded++;
        differ(&r, r.ral.t);
        rc = vg__cursor_next(rp, &r.ral, d);
    }
    if (!rc && r.err)
        rc = r.err;
    if (!rc)
        vg__pace_done(&pace, sink, pace.t_latest, 0, 1);
    for (int k = 0; k < 2; k++)
        vg__cursor_close(&in[k]);
    vg__cursor_close(&r.rtrk);
    vg__cursor_close(&r.ral);
    vg_pipeline_free(r.pl);
    vg_emit_coalesce_fini(&co);
    free(r.old);
    free(r.cur);
    return rc;
}
