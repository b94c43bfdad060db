/* SPDX-License-Identifier: MIT */
/* cop_serve.h — struct vg_cop and the functions its files (cop.c: shared state and the
 * thread; cop_serve.c: HTTP and WebSocket; cop_start.c: start and stop) call in each other.
 * Internal to src/publish/. */
#ifndef VG_PUBLISH_COP_SERVE_H
#define VG_PUBLISH_COP_SERVE_H

#include <libwebsockets.h>
#include <pthread.h>

#include "publish/cop_internal.h"

struct vg__cop_client;

struct vg_cop {
    /* Fixed after start. */
    struct lws_context *ctx;
    struct lws_protocols protocols[2];
    char token[VG_COP_TOKEN_HEX + 1];
    int token_created;
    int port, tls;
    char bind[64];
    struct vg_enu_frame site_frame;
    char *site_json;          /* /api/site body */
    size_t site_len;
    char *config_json;        /* /api/config body (has the token: sent only when authorised) */
    size_t config_len;
    char *basemap;            /* /api/basemap body, or NULL */
    size_t basemap_len;
    const char *basemap_type;
    char csp[512];            /* Content-Security-Policy of every response */
    double period_s;          /* 1 / max_rate_hz */
    pthread_t thread;
    int stop;                 /* atomic: the thread ends */

    /* Shared with the engine, under mu. */
    pthread_mutex_t mu;
    struct vg__cop_track *pend;  /* the latest picture */
    size_t npend, pend_cap;
    double t_pend;
    uint64_t pend_seq;           /* bumped by every publish (and reset) */
    struct vg__cop_alert *al;    /* live alerts, in the order raised */
    size_t nal;
    int alerts_dirty;
    struct vg_cop_action act[VG_COP_ACTIONS]; /* ring */
    size_t act_head, nact;
    struct vg_cop_stats st;

    /* The service thread's own. */
    struct vg__cop_track *work;
    size_t nwork, work_cap;
    double t_work;
    uint64_t taken_seq;
    struct vg__cop_alert *al_work;
    struct vg__cop_buf frame;    /* the newest frame, LWS_PRE bytes of headroom */
    uint64_t frame_seq;          /* its number (from 1); clients remember the last sent */
    double t_last_frame;         /* CLOCK_MONOTONIC s */
    lws_sorted_usec_list_t sul;  /* fires when a held picture is due */
    int timer_armed;
    struct vg__cop_client *clients; /* WebSocket clients, a list */
};

double vg__cop_now(int clock);
#define VG__COP_RX_MAX 1024  /* the largest action message, bytes */
extern const size_t vg__cop_client_size; /* lws per-session data of that protocol */
int vg__cop_callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
                     size_t len); /* the one lws protocol's callback (cop_serve.c) */
void vg__cop_take_picture(struct vg_cop *cop);
void vg__cop_clients_writable(struct vg_cop *cop);
int vg__cop_queue_action(struct vg_cop *cop, const struct vg_cop_action *a);
int vg__cop_thread_start(struct vg_cop *cop);
void vg__cop_thread_stop(struct vg_cop *cop);

#endif
