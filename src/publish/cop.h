/* SPDX-License-Identifier: MIT */
/* cop.h — the operator's common operating picture: an HTTP + WebSocket server (libwebsockets).
 *
 * What it serves: the page (web/, embedded in the binary with Leaflet from Debian's
 * libjs-leaflet: a border post has no internet), the site as GeoJSON (/api/site), and the
 * picture over a WebSocket (/ws): every published set of tracks with the live alerts, as
 * compact JSON (docs/cop.md "Wire"). The operator acknowledges and clears alerts on the
 * page; those actions come back to the engine through vg_cop_poll_actions.
 *
 * Threads. The COP runs its own service thread with its own lws context. The engine never
 * waits on a browser: vg_cop_publish copies the tracks into a "latest picture" slot under a
 * mutex (no allocation once the slot has grown) and wakes the service thread with
 * lws_cancel_service; the service thread turns the newest picture into one frame and offers
 * it to every client. A client still busy with an earlier frame skips to the newest one when
 * it is ready: nothing queues per client. Actions go the other way through a bounded queue
 * that the engine drains when it likes. Why not share the engine's libuv loop: Debian's lws
 * loads its event-loop back-ends as plugins at run time, lws's foreign-loop teardown order is
 * delicate, and a slow serialisation or a stuck TLS handshake would then stall tracking; a
 * thread keeps the two apart with one lock held for a copy.
 *
 * Security (docs/cop.md): a random token (32 bytes from /dev/urandom, hex) created on first
 * start in the state directory with mode 0600 is required on every request — HTTP by
 * "Authorization: Bearer", "?token=" or the HttpOnly, SameSite=Strict cookie the page load
 * sets (so the page's own scripts, styles and images load); the WebSocket by "?token=" or
 * Authorization only (no cookie, so another site's page cannot open it in the operator's
 * browser) and a same-origin Origin. Compared in constant time. Wrong or missing: HTTP 401,
 * the WebSocket upgrade refused. Loopback by default; TLS when a certificate and key are
 * given. */
#ifndef VG_PUBLISH_COP_H
#define VG_PUBLISH_COP_H

#include <stddef.h>
#include <stdint.h>

#include "assess/alerts.h"
#include "base/err.h"
#include "base/site.h"
#include "track/track.h"

#define VG_COP_TOKEN_HEX 64 /* 32 random bytes as lowercase hex */

struct vg_cop_config {
    const char *bind;         /* address to listen on; NULL: "127.0.0.1" */
    int port;                 /* TCP port; 0: pick a free one (see vg_cop_port) */
    const char *state_dir;    /* holds the token file "cop.token"; NULL: vg_cop_state_dir */
    const char *token;        /* use this token instead of the file's (tests); NULL: file */
    const char *tls_cert;     /* PEM certificate and key paths: HTTPS/WSS when both set */
    const char *tls_key;
    const char *tile_url;     /* a map tile URL template ({z}/{x}/{y}); NULL: grid only */
    const char *basemap;      /* a site-supplied map image (PNG, JPEG or WebP, ≤ 64 MB) */
    double basemap_bounds[4]; /* its south, west, north, east edges, degrees */
    const char *title;        /* shown on the page; NULL: the site's origin */
    double max_rate_hz;       /* frames sent at most this often; 0: 10 */
};

void vg_cop_config_default(struct vg_cop_config *c);

/* The default state directory: $XDG_STATE_HOME/vigil, else $HOME/.local/state/vigil (the
 * XDG default), else ./vigil-state. Written into buf; returns buf. */
char *vg_cop_state_dir(char *buf, size_t cap);

/* Read DIR/cop.token, or create it (mode 0600, DIR created 0700 if missing) with a new
 * token from /dev/urandom. out gets the 64 hex digits and a NUL; *created is 1 when it was
 * new. A file readable by others, or not 64 hex digits, is refused (VG_EINVAL). */
int vg_cop_token_load(const char *dir, char out[VG_COP_TOKEN_HEX + 1], int *created,
                      struct vg_diag *d);

/* Constant-time comparison of a presented token with the expected one (length included):
 * 1 if equal. */
int vg_cop_token_equal(const char *presented, size_t len, const char *expected);

struct vg_cop;

/* Start serving: binds, loads or creates the token, snapshots the site's GeoJSON, starts
 * the service thread. The site is read only during the call. 0 or VG_E* with d set
 * ("COP: cannot listen on 127.0.0.1:8080", "COP: <dir>/cop.token: ..."). */
int vg_cop_start(struct vg_cop **out, const struct vg_cop_config *cfg, const struct vg_site *site,
                 struct vg_diag *d);
/* Stop the thread, close every connection, free everything. NULL is a no-op. */
void vg_cop_stop(struct vg_cop *cop);

int vg_cop_port(const struct vg_cop *cop);        /* the port listened on */
const char *vg_cop_token(const struct vg_cop *cop); /* the token (64 hex digits) */
int vg_cop_token_created(const struct vg_cop *cop); /* 1 if this start created it */
/* The page's URL with its token, e.g. "http://127.0.0.1:8080/?token=…". */
void vg_cop_url(const struct vg_cop *cop, char *buf, size_t cap);

/* The latest picture: tracks (class and threat filled, as the pipeline emits them) at
 * engine time t (s). Tentative tracks are not shown (an operator sees what the tracker
 * believes; every caller wants that, so it is done here once). Copied; the array may be
 * reused after the call. Never blocks on a client. 0 or VG_ENOMEM (the slot could not grow:
 * the picture is kept to what fits). */
int vg_cop_publish(struct vg_cop *cop, double t, const struct vg_track *tracks, size_t n);

/* Alert events, exactly as the assessor emits them (a vg_assess_emit_fn: pass the COP as
 * user). The COP keeps the live set: raised/updated/acknowledged replace the alert's entry,
 * cleared removes it. Members and advice are kept (at most VG_COP_MEMBERS / VG_COP_ADVICE). */
#define VG_COP_MEMBERS 32
#define VG_COP_ADVICE 4
#define VG_COP_ALERTS 256 /* live alerts kept at most (oldest cleared first past that) */
void vg_cop_on_alert(void *cop, const struct vg_alert *e, const char *zone_id,
                     const struct vg_advice *advice, size_t nadvice, const uint64_t *members,
                     size_t nmembers);

/* Forget every alert and track (a new run of an exercise). */
void vg_cop_reset(struct vg_cop *cop);

/* An operator's action, authenticated by the token of the WebSocket it came on. */
enum vg_cop_op { VG_COP_ACK = 0, VG_COP_CLEAR };

struct vg_cop_action {
    int op;                          /* enum vg_cop_op */
    char alert[VG_ALERT_ID_MAX];     /* the alert's id */
    char who[VG_ALERT_WHO_MAX];      /* the operator's name as the page gave it */
    char peer[48];                   /* the client's address */
    double t_wall;                   /* s since the epoch (CLOCK_REALTIME) when received */
};

#define VG_COP_ACTIONS 64 /* queued actions at most; past that the page is told "busy" */

/* Hand every queued action to cb, oldest first, outside the lock. Returns the count. */
size_t vg_cop_poll_actions(struct vg_cop *cop, void (*cb)(void *user,
                           const struct vg_cop_action *a), void *user);

/* Counters for tests and benchmarks. */
struct vg_cop_stats {
    uint64_t published;   /* vg_cop_publish calls */
    uint64_t frames;      /* pictures serialised */
    uint64_t sent;        /* frames written to clients */
    uint64_t skipped;     /* frames a busy client did not get (it got a newer one) */
    uint64_t refused;     /* requests refused for a missing or wrong token */
    uint64_t actions;     /* actions queued */
    size_t last_bytes;    /* size of the last frame */
    double frame_us_max;  /* longest serialisation, µs */
    double frame_us_sum;  /* total serialisation time, µs */
    int clients;          /* WebSocket clients now */
};
void vg_cop_get_stats(struct vg_cop *cop, struct vg_cop_stats *st);

#endif
