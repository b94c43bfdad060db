/* SPDX-License-Identifier: MIT */
/* live_out_cop.c — the `cop` output kind of the live engine: the operator's common operating
 * picture (publish/cop.h, docs/cop.md) served by the engine.
 *
 * Each emission's confirmed and coasting tracks go to the COP (tentative ones are mostly
 * clutter an operator need not see), which copies them into its latest-picture slot and
 * sends at most max_rate_hz frames a second from its own thread; alert events go to its live
 * set. A 100 ms timer on the engine's loop drains the operators' actions: each goes to
 * vg_live_operator_action, which acknowledges in the assessor ("ack") and hands the action,
 * done or refused, to every output (the recorder keeps who, from where, when, what). A clear
 * is the operator's decision to drop the alert from the picture: the kind then hides the
 * assessor's later events for that alert until the assessor itself clears it (a renewed
 * threat raises a new alert), as `vigil demo` does.
 * Keys: bind (127.0.0.1), port (8080; 0: any, logged), state_dir (the token's directory;
 * default [engine] state_dir, else the XDG state directory), tls_cert, tls_key (HTTPS/WSS
 * when both), tiles (a tile URL template), title, max_rate_hz (10). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "base/log.h"
#include "engine/live_output.h"
#include "publish/cop.h"

#define POLL_MS 100
#define LIVE_MAX VG_COP_ALERTS
#define CLEARED_MAX 64

struct live_alert {
    struct vg_alert a;
    char zone[VG_ID_MAX];
};

struct cop_out {
    struct vg_cop *cop;
    struct vg_live *e;
    uv_timer_t timer;
    int have_timer;
    struct live_alert al[LIVE_MAX];
    size_t nal;
    char cleared[CLEARED_MAX][VG_ALERT_ID_MAX];
    size_t ncleared;
    char name[VG_LIVE_NAME_MAX];
    char bind[VG_LIVE_NAME_MAX];
    char state_dir[VG_LIVE_PATH_MAX], cert[VG_LIVE_PATH_MAX], key[VG_LIVE_PATH_MAX];
    char tiles[VG_LIVE_PATH_MAX], title[VG_LIVE_PATH_MAX];
};

static const char *const cop_keys[] = {"bind",  "state_dir", "tls_cert",    "tls_key",
                                       "tiles", "title",     "max_rate_hz", NULL};

static void on_action(void *user, const struct vg_cop_action *a)
{
    struct cop_out *o = user;
    char detail[160];
    snprintf(detail, sizeof detail, "from %s at UNIX %.3f", a->peer, a->t_wall);
    vg_live_operator_action(o->e, a->who, a->op == VG_COP_ACK ? "ack" : "clear", a->alert,
                            detail);
}

static void on_poll(uv_timer_t *t)
{
    struct cop_out *o = t->data;
    vg_cop_poll_actions(o->cop, on_action, o);
}

static int path_key(const struct vg_live_output_ctx *ctx, const char *key, char *out,
                    size_t cap, struct vg_diag *d)
{
    int rc = vg_live_output_path(ctx, key, out, cap);
    return rc < 0 ? vg_diag_set(d, rc, "output %s: %s: path too long", ctx->name, key) : 0;
}

static void cop_close(void *state);

static int cop_open_in(struct cop_out *o, const struct vg_live_output_ctx *ctx,
                       struct vg_diag *d);

/* On failure the engine does not call close: free what was made here. */
static int cop_open(void **state, const struct vg_live_output_ctx *ctx, struct vg_diag *d)
{
    struct cop_out *o = calloc(1, sizeof *o);
    if (!o)
        return vg_diag_set(d, VG_ENOMEM, "out of memory");
    int rc = cop_open_in(o, ctx, d);
    if (rc)
        cop_close(o);
    else
        *state = o;
    return rc;
}

static int cop_open_in(struct cop_out *o, const struct vg_live_output_ctx *ctx,
                       struct vg_diag *d)
{
    struct vg_live_output_config *c = ctx->cfg;
    o->e = ctx->engine;
    snprintf(o->name, sizeof o->name, "%s", c->name);
    struct vg_cop_config cc;
    vg_cop_config_default(&cc);
    const char *v;
    int rc;
    if ((v = vg_live_output_key(c, "bind"))) {
        snprintf(o->bind, sizeof o->bind, "%s", v);
        cc.bind = o->bind;
    }
    if (c->port >= 0)
        cc.port = c->port;
    const struct vg_live_config *lc = vg_live_config_of(ctx->engine);
    snprintf(o->state_dir, sizeof o->state_dir, "%s", lc->state_dir);
    if ((rc = path_key(ctx, "state_dir", o->state_dir, sizeof o->state_dir, d)) ||
        (rc = path_key(ctx, "tls_cert", o->cert, sizeof o->cert, d)) ||
        (rc = path_key(ctx, "tls_key", o->key, sizeof o->key, d)))
        return rc;
    cc.state_dir = o->state_dir[0] ? o->state_dir : NULL;
    if (!o->cert[0] != !o->key[0])
        return vg_diag_set(d, VG_EINVAL, "output %s: tls_cert and tls_key go together",
                           c->name);
    cc.tls_cert = o->cert[0] ? o->cert : NULL;
    cc.tls_key = o->key[0] ? o->key : NULL;
    if ((v = vg_live_output_key(c, "tiles"))) {
        snprintf(o->tiles, sizeof o->tiles, "%s", v);
        cc.tile_url = o->tiles;
    }
    if ((v = vg_live_output_key(c, "title"))) {
        snprintf(o->title, sizeof o->title, "%s", v);
        cc.title = o->title;
    }
    if ((v = vg_live_output_key(c, "max_rate_hz"))) {
        char *end;
        cc.max_rate_hz = strtod(v, &end);
        if (end == v || *end || !(cc.max_rate_hz >= 0.1 && cc.max_rate_hz <= 100))
            return vg_diag_set(d, VG_EINVAL, "output %s: max_rate_hz: '%s' is not in "
                               "[0.1, 100]", c->name, v);
    }
    struct vg_diag sub;
    if ((rc = vg_cop_start(&o->cop, &cc, ctx->site, &sub)))
        return vg_diag_set(d, rc, "output %s: %s", c->name, sub.msg);
    if ((rc = uv_timer_init(ctx->loop, &o->timer)))
        return vg_diag_set(d, VG_EIO, "output %s: %s", c->name, uv_strerror(rc));
    o->have_timer = 1;
    o->timer.data = o;
    uv_timer_start(&o->timer, on_poll, POLL_MS, POLL_MS);
    char url[512], sd[VG_LIVE_PATH_MAX];
    vg_cop_url(o->cop, url, sizeof url);
    vg_log_info("output %s: operator picture %s (token in %s/cop.token%s)", c->name, url,
                cc.state_dir ? cc.state_dir : vg_cop_state_dir(sd, sizeof sd),
                vg_cop_token_created(o->cop) ? ", created now" : "");
    return 0;
}

static void cop_tracks(void *state, double t, const struct vg_track *trk, size_t n)
{
    struct cop_out *o = state;
    vg_cop_publish(o->cop, t, trk, n); /* out of memory: the picture keeps what fits */
}

static int find_live(const struct cop_out *o, const char *id)
{
    for (size_t i = 0; i < o->nal; i++)
        if (!strcmp(o->al[i].a.id, id))
            return (int)i;
    return -1;
}

static int find_cleared(const struct cop_out *o, const char *id)
{
    for (size_t i = 0; i < o->ncleared; i++)
        if (!strcmp(o->cleared[i], id))
            return (int)i;
    return -1;
}

static void cop_alert(void *state, const struct vg_alert *e, const char *zone_id,
                      const struct vg_advice *adv, size_t nadv, const uint64_t *members,
                      size_t nmembers)
{
    struct cop_out *o = state;
    int c = find_cleared(o, e->id);
    if (c >= 0) { /* cleared by an operator: not shown again; forgotten at its own clear */
        if (e->state == VG_ALERT_CLEARED)
            memcpy(o->cleared[c], o->cleared[--o->ncleared], VG_ALERT_ID_MAX);
        return;
    }
    int k = find_live(o, e->id);
    if (e->state == VG_ALERT_CLEARED) {
        if (k >= 0)
            o->al[k] = o->al[--o->nal];
    } else if (k >= 0 || o->nal < LIVE_MAX) {
        if (k < 0)
            k = (int)o->nal++;
        o->al[k].a = *e;
        snprintf(o->al[k].zone, sizeof o->al[k].zone, "%s", zone_id ? zone_id : "");
    }
    vg_cop_on_alert(o->cop, e, zone_id, adv, nadv, members, nmembers);
}

/* An operator's clear (from this picture or any console): drop the alert from the picture. */
static void cop_action(void *state, double t, const char *who, const char *what,
                       const char *alert_id, const char *detail)
{
    (void)detail;
    struct cop_out *o = state;
    if (strcmp(what, "clear") || !alert_id)
        return;
    int k = find_live(o, alert_id);
    if (k < 0 || o->ncleared == CLEARED_MAX)
        return;
    struct live_alert x = o->al[k];
    o->al[k] = o->al[--o->nal];
    x.a.state = VG_ALERT_CLEARED;
    x.a.t = t;
    if (!x.a.acknowledged) { /* whoever clears it has seen it */
        x.a.acknowledged = 1;
        snprintf(x.a.ack_by, sizeof x.a.ack_by, "%s", who ? who : "");
        x.a.t_ack = t;
    }
    snprintf(o->cleared[o->ncleared++], VG_ALERT_ID_MAX, "%s", x.a.id);
    vg_cop_on_alert(o->cop, &x.a, x.zone, NULL, 0, NULL, 0);
}

static void timer_closed(uv_handle_t *h)
{
    free(h->data);
}

static void cop_close(void *state)
{
    struct cop_out *o = state;
    if (!o)
        return;
    if (o->cop) {
        struct vg_cop_stats st;
        vg_cop_get_stats(o->cop, &st);
        vg_log_info("output %s: %llu pictures, %llu frames sent, %llu skipped, %llu requests "
                    "refused, %llu operator actions", o->name, (unsigned long long)st.frames,
                    (unsigned long long)st.sent, (unsigned long long)st.skipped,
                    (unsigned long long)st.refused, (unsigned long long)st.actions);
        vg_cop_stop(o->cop);
        o->cop = NULL;
    }
    if (o->have_timer) { /* the state goes with the timer's handle */
        o->timer.data = o;
        uv_close((uv_handle_t *)&o->timer, timer_closed);
        return;
    }
    free(o);
}

const struct vg_live_output_ops vg__live_out_cop = {
    .name = "cop",
    .no_sink = 1,
    .keys = cop_keys,
    .open = cop_open,
    .tracks = cop_tracks,
    .alert = cop_alert,
    .action = cop_action,
    .close = cop_close,
};
