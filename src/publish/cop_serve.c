/* SPDX-License-Identifier: MIT */
/* cop_serve.c — the COP's HTTP and WebSocket side on libwebsockets: authorisation, the
 * page's files, /api/site and /api/config, picture frames out and operator actions in.
 *
 * Everything here runs on the COP's service thread (cop.c). One lws protocol handles both
 * the HTTP requests and the WebSocket at /ws, so a browser's plain `new WebSocket(url)`
 * (no sub-protocol) lands here. HTTP bodies are all owned by the COP (embedded files, the
 * site and config snapshots) and go out 16 kB per writable callback; a WebSocket client gets
 * the newest frame when it can take one (lws holds at most one partly sent frame per
 * connection), so a slow client costs skipped frames, never memory. Actions are JSON
 * messages of at most 1 kB: {"op":"ack"|"clear","alert":"a-3","who":"name"}. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include "publish/cop_serve.h"

#define CHUNK 16384
#define RX_MAX VG__COP_RX_MAX
#define REPLIES 4
#define SNDBUF (256 * 1024) /* per client, bytes (Linux doubles it) */

struct vg__cop_client {              /* lws per-session data: an HTTP request or a client */
    struct vg__cop_client *next;     /* WebSocket clients only */
    struct lws *wsi;
    int is_ws;
    const char *body;                /* HTTP: the response body (not owned) */
    size_t len, off;
    uint64_t sent_seq;               /* WebSocket: last frame sent */
    char peer[48];
    char rx[RX_MAX + 1];
    size_t nrx;
    int rx_over;                     /* the message being received is too long */
    char reply[REPLIES][200];        /* replies to actions, sent before the next frame */
    int nreply;
};

const size_t vg__cop_client_size = sizeof(struct vg__cop_client);

static struct vg_cop *cop_of(struct lws *wsi)
{
    return lws_context_user(lws_get_context(wsi));
}

/* The token presented by Authorization: Bearer, ?token= or (HTTP only) the cookie; the first
 * one present decides. 1 if it is the right one. */
static int authorised(struct lws *wsi, const struct vg_cop *cop, int allow_cookie)
{
    char buf[256];
    int n = lws_hdr_total_length(wsi, WSI_TOKEN_HTTP_AUTHORIZATION);
    if (n > 0) {
        if (n >= (int)sizeof buf || lws_hdr_copy(wsi, buf, sizeof buf,
                                                 WSI_TOKEN_HTTP_AUTHORIZATION) < 0)
            return 0;
        n = (int)strlen(buf);
        return n > 7 && !strncasecmp(buf, "Bearer ", 7) &&
               vg_cop_token_equal(buf + 7, (size_t)n - 7, cop->token);
    }
    const char *v = lws_get_urlarg_by_name(wsi, "token=", buf, sizeof buf);
    if (v)
        return vg_cop_token_equal(v, strlen(v), cop->token);
    size_t max = sizeof buf;
    if (allow_cookie && !lws_http_cookie_get(wsi, "vigil_token", buf, &max))
        return vg_cop_token_equal(buf, max, cop->token);
    return 0;
}

/* A WebSocket's Origin, when a browser sends one, must be this server (Host): another
 * site's page is not to drive the picture even if it learnt the token. */
static int same_origin(struct lws *wsi)
{
    char origin[256], host[256];
    if (lws_hdr_total_length(wsi, WSI_TOKEN_ORIGIN) <= 0)
        return 1; /* not a browser */
    if (lws_hdr_copy(wsi, origin, sizeof origin, WSI_TOKEN_ORIGIN) < 0 ||
        lws_hdr_copy(wsi, host, sizeof host, WSI_TOKEN_HOST) < 0)
        return 0;
    const char *o = strstr(origin, "://");
    return o && !strcasecmp(o + 3, host);
}

/* Send the status line and headers; the body follows from HTTP_WRITEABLE. */
static int respond(struct lws *wsi, struct vg__cop_client *c, unsigned status, const char *type,
                   const char *body, size_t len, int set_cookie)
{
    struct vg_cop *cop = cop_of(wsi);
    unsigned char hdr[LWS_PRE + 2048], *start = hdr + LWS_PRE, *p = start;
    unsigned char *end = hdr + sizeof hdr - 1;
    char cookie[160];
    if (lws_add_http_common_headers(wsi, status, type, len, &p, end))
        return -1;
#define HDR(name, value)                                                                \
    if (lws_add_http_header_by_name(wsi, (const unsigned char *)name,                   \
                                    (const unsigned char *)(value), (int)strlen(value), \
                                    &p, end))                                           \
    return -1
    HDR("content-security-policy:", cop->csp);
    HDR("x-content-type-options:", "nosniff");
    HDR("x-frame-options:", "DENY");
    HDR("referrer-policy:", "no-referrer");
    HDR("cache-control:", "no-store");
    if (status == HTTP_STATUS_UNAUTHORIZED)
        HDR("www-authenticate:", "Bearer realm=\"vigil\"");
    if (set_cookie) {
        /* A session cookie for the page's own files; SameSite=Strict keeps other sites'
         * requests from carrying it. */
        snprintf(cookie, sizeof cookie, "vigil_token=%s; Path=/; HttpOnly; SameSite=Strict%s",
                 cop->token, cop->tls ? "; Secure" : "");
        HDR("set-cookie:", cookie);
    }
#undef HDR
    if (lws_finalize_write_http_header(wsi, start, &p, end))
        return -1;
    c->body = body;
    c->len = len;
    c->off = 0;
    if (len == 0)
        return lws_http_transaction_completed(wsi) ? -1 : 0;
    lws_callback_on_writable(wsi);
    return 0;
}

static int http_request(struct lws *wsi, struct vg__cop_client *c, const char *path)
{
    struct vg_cop *cop = cop_of(wsi);
    static const char unauth[] = "401: a token is required (see docs/cop.md)\n";
    static const char notfound[] = "404: not found\n";
    static const char method[] = "405: only GET\n";
    memset(c, 0, sizeof *c);
    c->wsi = wsi;
    if (lws_hdr_total_length(wsi, WSI_TOKEN_GET_URI) <= 0)
        return respond(wsi, c, 405, "text/plain", method, sizeof method - 1, 0);
    if (!authorised(wsi, cop, 1)) {
        pthread_mutex_lock(&cop->mu);
        cop->st.refused++;
        pthread_mutex_unlock(&cop->mu);
        return respond(wsi, c, HTTP_STATUS_UNAUTHORIZED, "text/plain", unauth,
                       sizeof unauth - 1, 0);
    }
    if (!strcmp(path, "/api/site"))
        return respond(wsi, c, 200, "application/geo+json", cop->site_json, cop->site_len, 0);
    if (!strcmp(path, "/api/config"))
        return respond(wsi, c, 200, "application/json", cop->config_json, cop->config_len, 0);
    if (!strcmp(path, "/api/basemap") && cop->basemap)
        return respond(wsi, c, 200, cop->basemap_type, cop->basemap, cop->basemap_len, 0);
    if (!strcmp(path, "/favicon.ico")) /* browsers ask whatever the page says */
        return respond(wsi, c, 204, "image/x-icon", "", 0, 0);
    const struct vg__cop_file *f = vg__cop_file_find(path);
    if (!f)
        return respond(wsi, c, 404, "text/plain", notfound, sizeof notfound - 1, 0);
    return respond(wsi, c, 200, f->type, (const char *)f->data, *f->len, !strcmp(path, "/"));
}

static int http_writable(struct lws *wsi, struct vg__cop_client *c)
{
    unsigned char buf[LWS_PRE + CHUNK];
    if (!c->body || c->off >= c->len)
        return 0;
    size_t n = c->len - c->off < CHUNK ? c->len - c->off : CHUNK;
    memcpy(buf + LWS_PRE, c->body + c->off, n);
    c->off += n;
    int last = c->off == c->len;
    if (lws_write(wsi, buf + LWS_PRE, n, last ? LWS_WRITE_HTTP_FINAL : LWS_WRITE_HTTP) != (int)n)
        return -1;
    if (last) {
        c->body = NULL;
        return lws_http_transaction_completed(wsi) ? -1 : 0;
    }
    lws_callback_on_writable(wsi);
    return 0;
}

void vg__cop_clients_writable(struct vg_cop *cop)
{
    uint64_t skipped = 0;
    for (struct vg__cop_client *c = cop->clients; c; c = c->next) {
        /* The previous frame never went out to this client: it will not now. */
        skipped += cop->frame_seq > 1 && c->sent_seq < cop->frame_seq - 1;
        lws_callback_on_writable(c->wsi);
    }
    if (skipped) {
        pthread_mutex_lock(&cop->mu);
        cop->st.skipped += skipped;
        pthread_mutex_unlock(&cop->mu);
    }
}

static void add_reply(struct vg__cop_client *c, const char *op, const char *alert,
                      const char *status, const char *error)
{
    if (c->nreply == REPLIES)
        return; /* a client that floods actions loses replies, not memory */
    json_t *o = json_pack("{s:s, s:s, s:s, s:s}", "type", "action", "op", op, "alert", alert,
                          "status", status);
    if (o && error)
        json_object_set_new(o, "error", json_string(error));
    char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
    if (s && strlen(s) < sizeof c->reply[0])
        snprintf(c->reply[c->nreply++], sizeof c->reply[0], "%s", s);
    free(s);
    json_decref(o);
}

static void on_action(struct vg_cop *cop, struct vg__cop_client *c)
{
    struct vg_cop_action a;
    const char *error = NULL;
    int ok = vg__cop_action_parse(c->rx, c->nrx, &a, &error) == 0;
    if (ok) {
        int live = 0;
        pthread_mutex_lock(&cop->mu);
        for (size_t i = 0; i < cop->nal && !live; i++)
            live = !strcmp(cop->al[i].a.id, a.alert);
        pthread_mutex_unlock(&cop->mu);
        if (!live)
            error = "no such live alert";
    }
    if (!error) {
        snprintf(a.peer, sizeof a.peer, "%s", c->peer);
        a.t_wall = vg__cop_now(CLOCK_REALTIME);
        if (vg__cop_queue_action(cop, &a))
            error = "busy: too many actions waiting";
    }
    add_reply(c, a.op == VG_COP_ACK ? "ack" : a.op == VG_COP_CLEAR ? "clear" : "?", a.alert,
              error ? "error" : "queued", error);
}

static int ws_writable(struct lws *wsi, struct vg__cop_client *c)
{
    struct vg_cop *cop = cop_of(wsi);
    if (lws_send_pipe_choked(wsi)) {
        lws_callback_on_writable(wsi);
        return 0;
    }
    if (c->nreply) {
        unsigned char buf[LWS_PRE + sizeof c->reply[0]];
        size_t n = strlen(c->reply[0]);
        memcpy(buf + LWS_PRE, c->reply[0], n);
        memmove(c->reply[0], c->reply[1], (size_t)(REPLIES - 1) * sizeof c->reply[0]);
        c->nreply--;
        if (lws_write(wsi, buf + LWS_PRE, n, LWS_WRITE_TEXT) < (int)n)
            return -1;
        lws_callback_on_writable(wsi);
        return 0;
    }
    if (cop->frame_seq == 0 || c->sent_seq == cop->frame_seq || cop->frame.oom)
        return 0;
    c->sent_seq = cop->frame_seq;
    size_t n = cop->frame.n;
    if (lws_write(wsi, (unsigned char *)vg__cop_buf_data(&cop->frame), n, LWS_WRITE_TEXT) <
        (int)n)
        return -1;
    pthread_mutex_lock(&cop->mu);
    cop->st.sent++;
    pthread_mutex_unlock(&cop->mu);
    return 0;
}

static void client_remove(struct vg_cop *cop, struct vg__cop_client *c)
{
    for (struct vg__cop_client **pp = &cop->clients; *pp; pp = &(*pp)->next)
        if (*pp == c) {
            *pp = c->next;
            pthread_mutex_lock(&cop->mu);
            cop->st.clients--;
            pthread_mutex_unlock(&cop->mu);
            return;
        }
}

int vg__cop_callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
                     size_t len)
{
    struct vg__cop_client *c = user;
    struct vg_cop *cop = wsi ? cop_of(wsi) : NULL;
    switch (reason) {
    case LWS_CALLBACK_EVENT_WAIT_CANCELLED:
        if (cop)
            vg__cop_take_picture(cop);
        return 0;
    case LWS_CALLBACK_HTTP:
        return http_request(wsi, c, in);
    case LWS_CALLBACK_HTTP_WRITEABLE:
        return http_writable(wsi, c);
    case LWS_CALLBACK_HTTP_CONFIRM_UPGRADE: {
        char uri[64];
        int ok = lws_hdr_copy(wsi, uri, sizeof uri, WSI_TOKEN_GET_URI) > 0 &&
                 !strcmp(uri, "/ws") && authorised(wsi, cop, 0) && same_origin(wsi);
        if (ok)
            return 0;
        pthread_mutex_lock(&cop->mu);
        cop->st.refused++;
        pthread_mutex_unlock(&cop->mu);
        /* Refused with a status the client can read, then closed. */
        lws_return_http_status(wsi, HTTP_STATUS_UNAUTHORIZED, "WebSocket refused: token");
        return 1;
    }
    case LWS_CALLBACK_ESTABLISHED:
        memset(c, 0, sizeof *c);
        c->wsi = wsi;
        c->is_ws = 1;
        lws_get_peer_simple(wsi, c->peer, sizeof c->peer);
        {
            /* A bounded kernel send buffer: what waits there for a slow client is a stale
             * picture, and past it the client skips to the newest frame (ws_writable). */
            int sndbuf = SNDBUF;
            setsockopt(lws_get_socket_fd(wsi), SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
        }
        c->next = cop->clients;
        cop->clients = c;
        pthread_mutex_lock(&cop->mu);
        cop->st.clients++;
        pthread_mutex_unlock(&cop->mu);
        lws_callback_on_writable(wsi);
        return 0;
    case LWS_CALLBACK_SERVER_WRITEABLE:
        return ws_writable(wsi, c);
    case LWS_CALLBACK_RECEIVE:
        if (lws_is_first_fragment(wsi)) {
            c->nrx = 0;
            c->rx_over = 0;
        }
        if (c->nrx + len > RX_MAX)
            c->rx_over = 1;
        else {
            memcpy(c->rx + c->nrx, in, len);
            c->nrx += len;
        }
        if (lws_is_final_fragment(wsi) && !lws_remaining_packet_payload(wsi)) {
            if (c->rx_over)
                add_reply(c, "?", "", "error", "message too long");
            else
                on_action(cop, c);
            lws_callback_on_writable(wsi);
        }
        return 0;
    case LWS_CALLBACK_CLOSED:
        client_remove(cop, c);
        return 0;
    default:
        return 0;
    }
}
