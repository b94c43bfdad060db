/* SPDX-License-Identifier: MIT */
/* cop.c — the COP's state shared between the engine and the service thread, and the thread.
 *
 * Three things cross threads, each under the one mutex and each bounded: the latest picture
 * (two track arrays swapped, so the engine's copy and the thread's serialisation never touch
 * the same memory), the live alert set (at most VG_COP_ALERTS), and the action queue (a ring
 * of VG_COP_ACTIONS). The thread makes at most max_rate_hz frames a second: a publish that
 * comes sooner is held and sent when the period is up (a timer), so a burst of tracker
 * emissions costs one frame. HTTP and WebSocket handling is in cop_serve.c. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "assess/assessor.h"
#include "publish/cop_serve.h"

void vg_cop_config_default(struct vg_cop_config *c)
{
    memset(c, 0, sizeof *c);
    c->bind = "127.0.0.1";
    c->port = 8080;
    c->max_rate_hz = 10.0;
}

double vg__cop_now(int clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int vg_cop_publish(struct vg_cop *cop, double t, const struct vg_track *tracks, size_t n)
{
    int rc = 0;
    pthread_mutex_lock(&cop->mu);
    if (n > cop->pend_cap) {
        size_t cap = cop->pend_cap ? cop->pend_cap : 64;
        while (cap < n)
            cap *= 2;
        struct vg__cop_track *p = realloc(cop->pend, cap * sizeof *p);
        if (p) {
            cop->pend = p;
            cop->pend_cap = cap;
        } else {
            n = cop->pend_cap;
            rc = VG_ENOMEM;
        }
    }
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        const struct vg_track *k = &tracks[i];
        if (k->status == VG_TRACK_TENTATIVE)
            continue;
        struct vg__cop_track *o = &cop->pend[m++];
        o->id = k->id;
        memcpy(o->x, k->x, sizeof o->x);
        o->threat = k->assessed ? k->threat : 0.0f;
        o->cls = k->assessed ? k->cls : VG_CLASS_UNKNOWN;
        o->status = k->status;
        o->link = k->link;
        o->coop = k->assessed ? k->cooperative : -1;
        /* The identity only when correlated (the field is not cleared otherwise). */
        if (o->coop == 1) {
            memcpy(o->coop_id, k->coop_id, sizeof o->coop_id);
            o->coop_id[sizeof o->coop_id - 1] = '\0';
        } else {
            o->coop_id[0] = '\0';
        }
    }
    cop->npend = m;
    cop->t_pend = t;
    cop->pend_seq++;
    cop->st.published++;
    pthread_mutex_unlock(&cop->mu);
    lws_cancel_service(cop->ctx);
    return rc;
}

static struct vg__cop_alert *find_alert(struct vg_cop *cop, const char *id)
{
    for (size_t i = 0; i < cop->nal; i++)
        if (!strcmp(cop->al[i].a.id, id))
            return &cop->al[i];
    return NULL;
}

void vg_cop_on_alert(void *user, const struct vg_alert *e, const char *zone_id,
                     const struct vg_advice *advice, size_t nadvice, const uint64_t *members,
                     size_t nmembers)
{
    struct vg_cop *cop = user;
    pthread_mutex_lock(&cop->mu);
    struct vg__cop_alert *x = find_alert(cop, e->id);
    if (e->state == VG_ALERT_CLEARED) {
        if (x) { /* keep the order: the page lists alerts as raised */
            size_t i = (size_t)(x - cop->al);
            memmove(x, x + 1, (cop->nal - i - 1) * sizeof *x);
            cop->nal--;
        }
    } else {
        if (!x) {
            if (cop->nal == VG_COP_ALERTS) { /* full: the oldest goes */
                memmove(cop->al, cop->al + 1, (cop->nal - 1) * sizeof *cop->al);
                cop->nal--;
            }
            x = &cop->al[cop->nal++];
            memset(x, 0, sizeof *x);
        }
        x->a = *e;
        snprintf(x->zone, sizeof x->zone, "%s", zone_id ? zone_id : "");
        /* Acknowledged events repeat no advice or members: keep those of the last event. */
        if (e->state != VG_ALERT_ACKNOWLEDGED || nadvice || nmembers) {
            x->nadv = nadvice < VG_COP_ADVICE ? nadvice : VG_COP_ADVICE;
            if (x->nadv)
                memcpy(x->adv, advice, x->nadv * sizeof *advice);
            x->nmem = nmembers < VG_COP_MEMBERS ? nmembers : VG_COP_MEMBERS;
            if (x->nmem)
                memcpy(x->mem, members, x->nmem * sizeof *members);
            x->nmem_total = nmembers;
        }
    }
    cop->alerts_dirty = 1;
    pthread_mutex_unlock(&cop->mu);
    lws_cancel_service(cop->ctx);
}

void vg_cop_reset(struct vg_cop *cop)
{
    pthread_mutex_lock(&cop->mu);
    cop->npend = 0;
    cop->pend_seq++;
    cop->nal = 0;
    cop->alerts_dirty = 1;
    pthread_mutex_unlock(&cop->mu);
    lws_cancel_service(cop->ctx);
}

int vg__cop_queue_action(struct vg_cop *cop, const struct vg_cop_action *a)
{
    int rc = 0;
    pthread_mutex_lock(&cop->mu);
    if (cop->nact == VG_COP_ACTIONS) {
        rc = VG_EFULL;
    } else {
        cop->act[(cop->act_head + cop->nact) % VG_COP_ACTIONS] = *a;
        cop->nact++;
        cop->st.actions++;
    }
    pthread_mutex_unlock(&cop->mu);
    return rc;
}

size_t vg_cop_poll_actions(struct vg_cop *cop, void (*cb)(void *user,
                           const struct vg_cop_action *a), void *user)
{
    struct vg_cop_action batch[VG_COP_ACTIONS];
    pthread_mutex_lock(&cop->mu);
    size_t n = cop->nact;
    for (size_t i = 0; i < n; i++)
        batch[i] = cop->act[(cop->act_head + i) % VG_COP_ACTIONS];
    cop->act_head = (cop->act_head + n) % VG_COP_ACTIONS;
    cop->nact = 0;
    pthread_mutex_unlock(&cop->mu);
    for (size_t i = 0; i < n; i++)
        cb(user, &batch[i]);
    return n;
}

void vg_cop_get_stats(struct vg_cop *cop, struct vg_cop_stats *st)
{
    pthread_mutex_lock(&cop->mu);
    *st = cop->st;
    pthread_mutex_unlock(&cop->mu);
}

/* Service thread: take the newest picture if there is one, serialise it, offer it to every
 * client. Called on every wake-up; respects the frame period with a timer. */
static void frame_due(lws_sorted_usec_list_t *sul);

void vg__cop_take_picture(struct vg_cop *cop)
{
    double now = vg__cop_now(CLOCK_MONOTONIC);
    pthread_mutex_lock(&cop->mu);
    int fresh = cop->pend_seq != cop->taken_seq || cop->alerts_dirty;
    if (!fresh) {
        pthread_mutex_unlock(&cop->mu);
        return;
    }
    if (now - cop->t_last_frame < cop->period_s) {
        pthread_mutex_unlock(&cop->mu);
        if (!cop->timer_armed) {
            cop->timer_armed = 1;
            double wait = cop->period_s - (now - cop->t_last_frame);
            lws_sul_schedule(cop->ctx, 0, &cop->sul, frame_due,
                             (lws_usec_t)(wait * 1e6) + 1);
        }
        return;
    }
    if (cop->pend_seq != cop->taken_seq) { /* swap the slot with the thread's array */
        struct vg__cop_track *p = cop->work;
        size_t cap = cop->work_cap;
        cop->work = cop->pend;
        cop->work_cap = cop->pend_cap;
        cop->nwork = cop->npend;
        cop->t_work = cop->t_pend;
        cop->pend = p;
        cop->pend_cap = cap;
        cop->npend = 0;
        cop->taken_seq = cop->pend_seq;
    }
    size_t nal = cop->nal;
    memcpy(cop->al_work, cop->al, nal * sizeof *cop->al);
    cop->alerts_dirty = 0;
    pthread_mutex_unlock(&cop->mu);

    cop->t_last_frame = now;
    double t0 = vg__cop_now(CLOCK_MONOTONIC);
    cop->frame_seq++;
    vg__cop_frame_write(&cop->frame, cop->frame_seq, cop->t_work, vg__cop_now(CLOCK_REALTIME),
                        &cop->site_frame, cop->work, cop->nwork, cop->al_work, nal);
    double us = 1e6 * (vg__cop_now(CLOCK_MONOTONIC) - t0);
    pthread_mutex_lock(&cop->mu);
    cop->st.frames++;
    cop->st.last_bytes = cop->frame.n;
    cop->st.frame_us_sum += us;
    if (us > cop->st.frame_us_max)
        cop->st.frame_us_max = us;
    pthread_mutex_unlock(&cop->mu);
    vg__cop_clients_writable(cop);
}

static void frame_due(lws_sorted_usec_list_t *sul)
{
    struct vg_cop *cop = lws_container_of(sul, struct vg_cop, sul);
    cop->timer_armed = 0;
    vg__cop_take_picture(cop);
}

static void *service(void *arg)
{
    struct vg_cop *cop = arg;
    while (!__atomic_load_n(&cop->stop, __ATOMIC_ACQUIRE))
        if (lws_service(cop->ctx, 0) < 0)
            break;
    return NULL;
}

int vg__cop_thread_start(struct vg_cop *cop)
{
    return pthread_create(&cop->thread, NULL, service, cop) ? VG_ENOMEM : 0;
}

void vg__cop_thread_stop(struct vg_cop *cop)
{
    __atomic_store_n(&cop->stop, 1, __ATOMIC_RELEASE);
    lws_cancel_service(cop->ctx);
    pthread_join(cop->thread, NULL);
}
