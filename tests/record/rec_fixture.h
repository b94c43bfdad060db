/* SPDX-License-Identifier: MIT */
/* rec_fixture.h — what the recording tests share: temporary recordings, a site, records of
 * every kind filled with awkward values (random doubles, every flag, INFINITY, the swarm bit),
 * and a sink that keeps everything a replay delivers, for field-by-field comparison. */
#ifndef VG_TESTS_REC_FIXTURE_H
#define VG_TESTS_REC_FIXTURE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/rng.h"
#include "record/recorder.h"
#include "record/replay.h"

/* A fresh path under /tmp (the file and its -wal/-shm removed). Static buffer per slot. */
static inline const char *tmp_db(int slot)
{
    static char buf[4][256];
    snprintf(buf[slot], sizeof buf[slot], "/tmp/vg_rec_%d_%d.db", (int)getpid(), slot);
    char side[300];
    unlink(buf[slot]);
    snprintf(side, sizeof side, "%s-wal", buf[slot]);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", buf[slot]);
    unlink(side);
    return buf[slot];
}

static inline void rm_db(const char *path)
{
    char side[300];
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}

/* Two declared sensors (a radar at 100 m east, an RF finder) at a site near Uzhhorod. */
static inline void fixture_site(struct vg_site *site)
{
    vg_site_init(site);
    vg_enu_frame_init(&site->frame, 48.62, 22.30, 120.0);
    struct vg_sensor s = {.id = "radar-1", .type = VG_SENSOR_RADAR, .declared = 1,
                          .pos = {100.0, 0.0, 5.0}};
    vg_site_add_sensor(site, &s);
    struct vg_sensor q = {.id = "rf-1", .type = VG_SENSOR_RF, .declared = 1};
    vg_site_add_sensor(site, &q);
}

static inline double rnd(struct vg_rng *g, double a, double b)
{
    return a + (b - a) * vg_rng_uniform(g);
}

/* Detection i of a set covering every kind and every optional field. */
static inline void fixture_detection(struct vg_rng *g, int i, struct vg_detection *d)
{
    memset(d, 0, sizeof *d);
    d->t = 0.5 * i + rnd(g, 0, 0.01);
    d->sensor = (uint32_t)(i % 2);
    d->kind = (uint8_t)(i % VG_DET_KIND_COUNT);
    static const int nz[VG_DET_KIND_COUNT] = {3, 4, 2, 3, 3, 0};
    d->nz = (uint8_t)nz[d->kind];
    for (int k = 0; k < d->nz; k++)
        d->z[k] = rnd(g, -1e3, 1e3);
    /* R symmetric positive definite (diagonally dominant), with correlations. */
    for (int a = 0; a < d->nz; a++)
        for (int b = 0; b <= a; b++)
            d->R[a * d->nz + b] = d->R[b * d->nz + a] = a == b ? rnd(g, 5, 10) : rnd(g, -1, 1);
    d->src_line = (uint32_t)i + 1;
    if (d->kind == VG_DET_POLAR)
        d->flags |= VG_DET_HAS_EL | VG_DET_HAS_RR | VG_DET_HAS_SNR | VG_DET_HAS_RCS |
                    VG_DET_HAS_HINT;
    if (d->kind == VG_DET_BEARING) {
        d->flags |= VG_DET_HAS_EL | VG_DET_HAS_EMITTER;
        d->band_mhz = 5800.25f;
        d->link = (uint8_t)(i % 2 ? VG_LINK_ELRS : VG_LINK_NONE);
    }
    if (d->kind == VG_DET_ADSB) {
        snprintf(d->coop_id, sizeof d->coop_id, "4ca%03x", i);
        d->flags |= VG_DET_HAS_COOP_VEL;
        for (int k = 0; k < 3; k++)
            d->coop_vel[k] = (float)rnd(g, -80, 80);
    }
    if (d->kind == VG_DET_REMOTEID) {
        snprintf(d->coop_id, sizeof d->coop_id, "UAS-%d \"x\"", i);
        d->flags |= VG_DET_HAS_COOP_VEL | VG_DET_HAS_COOP_OP;
        for (int k = 0; k < 3; k++)
            d->coop_vel[k] = (float)rnd(g, -20, 20);
        d->coop_op[0] = (float)rnd(g, -500, 500);
        d->coop_op[1] = (float)rnd(g, -500, 500);
    }
    d->snr_db = (float)rnd(g, 0, 30);
    d->rcs_dbsm = (float)rnd(g, -30, 0);
    d->class_hint = VG_CLASS_DRONE;
    d->class_p = (float)rnd(g, 0, 1);
    if (!(d->flags & VG_DET_HAS_SNR))
        d->snr_db = 0;
    if (!(d->flags & VG_DET_HAS_RCS))
        d->rcs_dbsm = 0;
    if (!(d->flags & VG_DET_HAS_HINT)) {
        d->class_hint = 0;
        d->class_p = 0;
    }
}

static inline void fixture_track(struct vg_rng *g, uint64_t id, double t, struct vg_track *k)
{
    memset(k, 0, sizeof *k);
    k->id = id;
    k->status = (uint8_t)(id % 3);
    k->nhist = (uint8_t)(id % 250);
    k->misses = (uint16_t)(id % 7);
    k->hist = 0x80000001u ^ (uint32_t)id;
    k->hits = (uint32_t)(id * 3);
    k->last_sensor = (uint32_t)(id % 2);
    k->link = (uint8_t)(id % VG_LINK_COUNT);
    k->t = t;
    k->t_first = t - rnd(g, 0, 10);
    for (int i = 0; i < VG_NX; i++)
        k->x[i] = rnd(g, -2000, 2000);
    k->x[2] = rnd(g, 0, 300);
    for (int i = 0; i < VG_NX * VG_NX; i++)
        k->P[i] = rnd(g, -50, 50); /* not symmetric on purpose: stored whole */
    k->assessed = 1;
    k->cls = (uint8_t)(id % VG_CLASS_COUNT);
    k->cooperative = (int8_t)((int)(id % 3) - 1);
    for (int c = 0; c < VG_CLASS_COUNT; c++)
        k->p_class[c] = (float)rnd(g, 0, 1);
    k->threat = (float)rnd(g, 0, 1);
    if (k->cooperative > 0)
        snprintf(k->coop_id, sizeof k->coop_id, "4ca%03llx", (unsigned long long)id);
}

static inline int same_bits(const void *a, const void *b, size_t n)
{
    return memcmp(a, b, n) == 0;
}

static inline int same_detection(const struct vg_detection *a, const struct vg_detection *b)
{
    int ok = a->t == b->t && a->sensor == b->sensor && a->kind == b->kind && a->nz == b->nz &&
             a->flags == b->flags && same_bits(a->z, b->z, a->nz * sizeof a->z[0]) &&
             same_bits(a->R, b->R, (size_t)(a->nz * a->nz) * sizeof a->R[0]) &&
             a->src_line == b->src_line && !strcmp(a->coop_id, b->coop_id);
    if (a->flags & VG_DET_HAS_SNR)
        ok = ok && a->snr_db == b->snr_db;
    if (a->flags & VG_DET_HAS_RCS)
        ok = ok && a->rcs_dbsm == b->rcs_dbsm;
    if (a->flags & VG_DET_HAS_HINT)
        ok = ok && a->class_hint == b->class_hint && a->class_p == b->class_p;
    if (a->flags & VG_DET_HAS_COOP_VEL)
        ok = ok && same_bits(a->coop_vel, b->coop_vel, sizeof a->coop_vel);
    if (a->flags & VG_DET_HAS_COOP_OP)
        ok = ok && same_bits(a->coop_op, b->coop_op, sizeof a->coop_op);
    if (a->flags & VG_DET_HAS_EMITTER)
        ok = ok && a->band_mhz == b->band_mhz && a->link == b->link;
    return ok;
}

static inline int same_track_all(const struct vg_track *a, const struct vg_track *b)
{
    return a->id == b->id && a->status == b->status && a->nhist == b->nhist &&
           a->misses == b->misses && a->hist == b->hist && a->hits == b->hits &&
           a->last_sensor == b->last_sensor && a->link == b->link &&
           same_bits(&a->t, &b->t, 8) && same_bits(&a->t_first, &b->t_first, 8) &&
           same_bits(a->x, b->x, sizeof a->x) && same_bits(a->P, b->P, sizeof a->P) &&
           a->assessed == b->assessed && a->cls == b->cls && a->cooperative == b->cooperative &&
           same_bits(a->p_class, b->p_class, sizeof a->p_class) && a->threat == b->threat &&
           !strcmp(a->coop_id, b->coop_id);
}

/* Everything a replay delivered, in order. kind: 'd', 't' (one per emission), 'a', 'c'. */
struct got {
    char kind;
    double t;
    struct vg_detection det;
    char sensor[VG_ID_MAX];
    struct vg_track *trk;
    size_t n;
    struct vg_record_alert *al;
    char who[64], what[64], alert_id[32], detail[128];
};

struct collect {
    struct got *g;
    size_t n, cap;
    struct vg_replay_progress last;
    int nprogress;
    int progress_monotone;
};

static inline struct got *collect_push(struct collect *c, char kind, double t)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 256;
        c->g = realloc(c->g, c->cap * sizeof *c->g);
    }
    struct got *x = &c->g[c->n++];
    memset(x, 0, sizeof *x);
    x->kind = kind;
    x->t = t;
    return x;
}

static inline void col_det(void *u, const struct vg_detection *d, const struct vg_site *s)
{
    struct got *x = collect_push(u, 'd', d->t);
    x->det = *d;
    snprintf(x->sensor, sizeof x->sensor, "%s", s->sensors[d->sensor].id);
}

/* Empty emissions are not kept: a recording has no rows for them, so playback has none
 * (a re-run passes them on as the pipeline emits them). */
static inline void col_tracks(void *u, double t, const struct vg_track *trk, size_t n)
{
    if (n == 0)
        return;
    struct got *x = collect_push(u, 't', t);
    x->trk = malloc((n ? n : 1) * sizeof *trk);
    memcpy(x->trk, trk, n * sizeof *trk);
    x->n = n;
}

static inline void col_alert(void *u, const struct vg_record_alert *al)
{
    struct got *x = collect_push(u, 'a', al->a.t);
    x->al = malloc(sizeof *al);
    *x->al = *al;
}

static inline void col_action(void *u, const struct vg_record_action *ac)
{
    struct got *x = collect_push(u, 'c', ac->t);
    snprintf(x->who, sizeof x->who, "%s", ac->who);
    snprintf(x->what, sizeof x->what, "%s", ac->what);
    snprintf(x->alert_id, sizeof x->alert_id, "%s", ac->alert_id);
    snprintf(x->detail, sizeof x->detail, "%s", ac->detail);
}

static inline void col_progress(void *u, const struct vg_replay_progress *p)
{
    struct collect *c = u;
    if (c->nprogress == 0)
        c->progress_monotone = 1;
    if (c->nprogress && p->fraction < c->last.fraction)
        c->progress_monotone = 0;
    c->last = *p;
    c->nprogress++;
}

static inline struct vg_replay_sink collect_sink(struct collect *c)
{
    struct vg_replay_sink s = {col_det, col_tracks, col_alert, col_action, col_progress, c};
    return s;
}

static inline void collect_free(struct collect *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->g[i].trk);
        free(c->g[i].al);
    }
    free(c->g);
    memset(c, 0, sizeof *c);
}

#endif
