/* SPDX-License-Identifier: MIT */
/* test_cop.c — the operator picture's server, through its sockets as a browser would use it:
 * the token file (0600, reused, refused when others can read it), 401 without or with a
 * wrong token on HTTP and a refused WebSocket upgrade, the page and Leaflet served byte for
 * byte as in web/ and libjs-leaflet, the site as GeoJSON that loads back, 1,000 tracks at
 * 10 Hz reaching a client at ≥ 8 frames/s with a slow client beside it skipping frames, and
 * an alert acknowledged from the WebSocket reaching the engine with its operator's name.
 * The client (wsclient.h) is written from RFC 6455, not with libwebsockets.
 *
 * `test_publish_test_cop --serve PORT SECONDS` serves the same 1,000 moving tracks (and an
 * alert) for the browser test's timing of the page (tests/ui). */
#include "test.h"

#include <jansson.h>
#include <pthread.h>
#include <sys/stat.h>
#include <time.h>

#include "assess/assessor.h"
#include "publish/cop.h"
#include "sim/scenario.h"
#include "wsclient.h"

#define NTRACKS 1000

/* libwebsockets 4.1.6 (Debian 12) leaks 72 bytes when its vhost cannot bind (the port-in-use
 * case below, lws_create_context failing): its own allocation, freed by no call of its API.
 * LeakSanitizer reads this hook in the ASan build; elsewhere it is an unused function. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libwebsockets.so\n";
}

static char tmpdir[256];
static struct vg_scenario sc;

static const char *js(json_t *v)
{
    const char *s = json_string_value(v);
    return s ? s : "";
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)len + 1);
    *n = b ? fread(b, 1, (size_t)len, f) : 0;
    fclose(f);
    return b;
}

/* Synthetic tracks: circles of radius 200 m to 3 km around the origin at 20 m/s. */
static void synth(struct vg_track *trk, size_t n, double t)
{
    for (size_t i = 0; i < n; i++) {
        struct vg_track *k = &trk[i];
        memset(k, 0, sizeof *k);
        double r = 200.0 + 2800.0 * (double)i / (double)n, w = 20.0 / r;
        double a = w * t + 0.37 * (double)i;
        k->id = 1000 + i;
        k->status = VG_TRACK_CONFIRMED;
        k->x[0] = r * cos(a);
        k->x[1] = r * sin(a);
        k->x[2] = 50.0 + (double)(i % 100);
        k->x[3] = -r * w * sin(a);
        k->x[4] = r * w * cos(a);
        k->assessed = 1;
        k->cls = i % 10 == 0 ? VG_CLASS_DRONE : VG_CLASS_BIRD;
        k->cooperative = 0;
        k->threat = i % 10 == 0 ? 0.5f + 0.4f * (float)(i % 7) / 7.0f : 0.0f;
        k->link = VG_LINK_NONE;
    }
    trk[1].cls = VG_CLASS_AIRCRAFT;
    trk[1].cooperative = 1;
    snprintf(trk[1].coop_id, sizeof trk[1].coop_id, "4b1805");
}

static struct vg_cop *start(const char *state)
{
    struct vg_cop_config cfg;
    vg_cop_config_default(&cfg);
    cfg.port = 0;
    cfg.state_dir = state;
    struct vg_cop *cop = NULL;
    struct vg_diag d;
    int rc = vg_cop_start(&cop, &cfg, &sc.site, &d);
    if (rc)
        fprintf(stderr, "  %s\n", d.msg);
    CHECK_INT(rc, 0);
    return cop;
}

static void token_file(void)
{
    char dir[512], path[600], tok[VG_COP_TOKEN_HEX + 1], again[VG_COP_TOKEN_HEX + 1];
    int created = -1;
    struct vg_diag d;
    snprintf(dir, sizeof dir, "%s/state/nested", tmpdir);
    CHECK_INT(vg_cop_token_load(dir, tok, &created, &d), 0);
    CHECK_INT(created, 1);
    CHECK_INT(strlen(tok), 64);
    CHECK(strspn(tok, "0123456789abcdef") == 64);
    snprintf(path, sizeof path, "%s/cop.token", dir);
    struct stat st;
    CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
    CHECK(stat(dir, &st) == 0 && (st.st_mode & 0777) == 0700);
    CHECK_INT(vg_cop_token_load(dir, again, &created, &d), 0);
    CHECK_INT(created, 0);
    CHECK(!strcmp(tok, again));
    /* Two fresh tokens differ (256 random bits each). */
    char dir2[512], other[VG_COP_TOKEN_HEX + 1];
    snprintf(dir2, sizeof dir2, "%s/state2", tmpdir);
    CHECK_INT(vg_cop_token_load(dir2, other, &created, &d), 0);
    CHECK(strcmp(tok, other) != 0);
    /* Readable by others: refused, and the message says what to do. */
    chmod(path, 0644);
    CHECK(vg_cop_token_load(dir, again, &created, &d) == VG_EINVAL);
    CHECK(strstr(d.msg, "readable by others") != NULL);
    chmod(path, 0600);
    FILE *f = fopen(path, "w");
    if (f) {
        fputs("not-a-token\n", f);
        fclose(f);
    }
    CHECK(vg_cop_token_load(dir, again, &created, &d) == VG_EINVAL);
    /* Constant-time equality: right, wrong last digit, prefix, longer. */
    CHECK(vg_cop_token_equal(tok, 64, tok));
    char wrong[65];
    memcpy(wrong, tok, 65);
    wrong[63] = wrong[63] == 'a' ? 'b' : 'a';
    CHECK(!vg_cop_token_equal(wrong, 64, tok));
    CHECK(!vg_cop_token_equal(tok, 63, tok));
    CHECK(!vg_cop_token_equal("", 0, tok));
}

static void http_auth_and_files(void)
{
    char state[512];
    snprintf(state, sizeof state, "%s/s-http", tmpdir);
    struct vg_cop *cop = start(state);
    if (!cop)
        return;
    int port = vg_cop_port(cop);
    CHECK(port > 0);
    CHECK_INT(vg_cop_token_created(cop), 1);
    char tok[VG_COP_TOKEN_HEX + 1]; /* a copy: the COP's own goes with it */
    snprintf(tok, sizeof tok, "%s", vg_cop_token(cop));
    char head[8192], hdr[512], path[512];
    char *body = NULL;
    size_t blen = 0;

    CHECK_INT(http_get(port, "/", NULL, head, sizeof head, NULL, NULL), 401);
    CHECK(find_ci(head, "www-authenticate: Bearer") != NULL);
    CHECK_INT(http_get(port, "/api/site", NULL, head, sizeof head, NULL, NULL), 401);
    CHECK_INT(http_get(port, "/cop.js", "Authorization: Bearer 0123\r\n", head, sizeof head,
                       NULL, NULL), 401);
    snprintf(path, sizeof path, "/?token=%.63sx", tok);
    CHECK_INT(http_get(port, path, NULL, head, sizeof head, NULL, NULL), 401);
    CHECK_INT(http_get(port, "/", "Cookie: vigil_token=abc\r\n", head, sizeof head, NULL,
                       NULL), 401);

    /* The page, by Bearer: byte for byte web/index.html. */
    snprintf(hdr, sizeof hdr, "Authorization: Bearer %s\r\n", tok);
    CHECK_INT(http_get(port, "/", hdr, head, sizeof head, &body, &blen), 200);
    size_t flen = 0;
    char *file = slurp("web/index.html", &flen);
    CHECK(file && body && blen == flen && !memcmp(body, file, flen));
    CHECK(find_ci(head, "content-security-policy: default-src 'self'") != NULL);
    free(file);
    free(body);
    /* By ?token=: the cookie for the page's files is set, HttpOnly and SameSite=Strict. */
    snprintf(path, sizeof path, "/?token=%s", tok);
    CHECK_INT(http_get(port, path, NULL, head, sizeof head, NULL, NULL), 200);
    const char *ck = find_ci(head, "set-cookie: vigil_token=");
    CHECK(ck && strstr(ck, "HttpOnly") && strstr(ck, "SameSite=Strict"));
    /* By the cookie: Leaflet as Debian ships it. */
    snprintf(hdr, sizeof hdr, "Cookie: other=1; vigil_token=%s\r\n", tok);
    CHECK_INT(http_get(port, "/leaflet/leaflet.js", hdr, head, sizeof head, &body, &blen), 200);
    file = slurp("/usr/share/javascript/leaflet/leaflet.min.js", &flen);
    CHECK(file && body && blen == flen && !memcmp(body, file, flen));
    free(file);
    free(body);
    CHECK_INT(http_get(port, "/leaflet/images/layers.png", hdr, head, sizeof head, NULL, NULL),
              200);
    CHECK_INT(http_get(port, "/etc/passwd", hdr, head, sizeof head, NULL, NULL), 404);

    /* The site loads back with the same zones, sensors and effectors. */
    CHECK_INT(http_get(port, "/api/site", hdr, head, sizeof head, &body, &blen), 200);
    struct vg_site back;
    vg_site_init(&back);
    struct vg_diag d;
    CHECK_INT(vg_site_load_buffer(&back, "api/site", body ? body : "", blen, &d), 0);
    CHECK_INT(back.nzones, sc.site.nzones);
    CHECK_INT(back.neffectors, sc.site.neffectors);
    size_t declared = 0;
    for (size_t i = 0; i < sc.site.nsensors; i++)
        declared += sc.site.sensors[i].declared;
    CHECK_INT(back.nsensors, declared);
    CHECK(back.nzones > 0 && !strcmp(back.zones[0].id, sc.site.zones[0].id));
    CHECK_NEAR(back.frame.lat0_deg, sc.site.frame.lat0_deg, 1e-9);
    vg_site_fini(&back);
    free(body);
    /* The config carries the token (only to those who have it). */
    CHECK_INT(http_get(port, "/api/config", hdr, head, sizeof head, &body, &blen), 200);
    CHECK(body && strstr(body, tok));
    free(body);

    /* WebSocket: refused without, with a wrong, with only the cookie, or from another
     * origin; accepted with the token. */
    int fd;
    CHECK_INT(ws_open(port, "/ws", NULL, &fd), 401);
    snprintf(path, sizeof path, "/ws?token=%.63sx", tok);
    CHECK_INT(ws_open(port, path, NULL, &fd), 401);
    CHECK_INT(ws_open(port, "/ws", hdr, &fd), 401);
    snprintf(path, sizeof path, "/ws?token=%s", tok);
    CHECK_INT(ws_open(port, path, "Origin: http://evil.example\r\n", &fd), 401);
    snprintf(head, sizeof head, "Origin: http://127.0.0.1:%d\r\n", port);
    CHECK_INT(ws_open(port, path, head, &fd), 101);
    if (fd >= 0)
        close(fd);
    snprintf(hdr, sizeof hdr, "Authorization: Bearer %s\r\n", tok);
    CHECK_INT(ws_open(port, "/ws", hdr, &fd), 101);
    if (fd >= 0)
        close(fd);
    struct vg_cop_stats st;
    vg_cop_get_stats(cop, &st);
    CHECK(st.refused >= 9);
    vg_cop_stop(cop);

    /* A second start reuses the token; with a basemap, it is served as given. */
    struct vg_cop_config cfg;
    vg_cop_config_default(&cfg);
    cfg.port = 0;
    cfg.state_dir = state;
    cfg.basemap = "/usr/share/javascript/leaflet/images/layers.png";
    double bounds[4] = {48.60, 22.30, 48.62, 22.33};
    memcpy(cfg.basemap_bounds, bounds, sizeof bounds);
    CHECK_INT(vg_cop_start(&cop, &cfg, &sc.site, &d), 0);
    CHECK(cop && vg_cop_token_created(cop) == 0);
    if (cop) {
        snprintf(hdr, sizeof hdr, "Authorization: Bearer %s\r\n", tok);
        CHECK_INT(http_get(vg_cop_port(cop), "/api/basemap", hdr, head, sizeof head, &body,
                           &blen), 200);
        file = slurp(cfg.basemap, &flen);
        CHECK(file && body && blen == flen && !memcmp(body, file, flen));
        CHECK(find_ci(head, "content-type: image/png") != NULL);
        free(file);
        free(body);
        CHECK_INT(http_get(vg_cop_port(cop), "/api/config", hdr, head, sizeof head, &body,
                           &blen), 200);
        CHECK(body && strstr(body, "\"basemap\":[[48.6"));
        free(body);
    }
    vg_cop_stop(cop);
    /* Bounds upside down, or a file that is not an image: refused at start. */
    double flipped[4] = {48.62, 22.30, 48.60, 22.33};
    memcpy(cfg.basemap_bounds, flipped, sizeof flipped);
    CHECK(vg_cop_start(&cop, &cfg, &sc.site, &d) == VG_EINVAL && cop == NULL);
    CHECK(strstr(d.msg, "bounds") != NULL);
    cfg.basemap = "web/index.html";
    memcpy(cfg.basemap_bounds, bounds, sizeof bounds);
    CHECK(vg_cop_start(&cop, &cfg, &sc.site, &d) == VG_EINVAL && cop == NULL);
    /* Port in use: a clear refusal. */
    struct vg_cop *first = start(state);
    if (first) {
        cfg.basemap = NULL;
        cfg.port = vg_cop_port(first);
        CHECK(vg_cop_start(&cop, &cfg, &sc.site, &d) != 0 && cop == NULL);
        CHECK(strstr(d.msg, "cannot listen") != NULL);
        vg_cop_stop(first);
    }
}

/* The next picture frame as JSON; or, when reply is given, NULL with an action reply in
 * *reply if that comes first. */
static json_t *next_frame(int fd, char **buf, size_t *cap, json_t **reply)
{
    for (;;) {
        long n = ws_read(fd, buf, cap, 3000);
        if (n < 0)
            return NULL;
        json_t *m = json_loadb(*buf, (size_t)n, 0, NULL);
        const char *type = m ? json_string_value(json_object_get(m, "type")) : NULL;
        if (type && !strcmp(type, "picture"))
            return m;
        if (reply && type && !strcmp(type, "action")) {
            json_decref(*reply);
            *reply = m;
            return NULL;
        }
        json_decref(m);
    }
}

struct pub {
    struct vg_cop *cop;
    double seconds, rate_hz;
    int done;
};

static void *publisher(void *arg)
{
    struct pub *p = arg;
    struct vg_track *trk = malloc(NTRACKS * sizeof *trk);
    double t0 = now_s();
    for (int k = 0; trk; k++) {
        double t = (double)k / p->rate_hz;
        if (t > p->seconds)
            break;
        while (now_s() - t0 < t)
            nanosleep(&(struct timespec){0, 1000000}, NULL);
        synth(trk, NTRACKS, t);
        vg_cop_publish(p->cop, t, trk, NTRACKS);
    }
    free(trk);
    __atomic_store_n(&p->done, 1, __ATOMIC_RELEASE);
    return NULL;
}

static void thousand_tracks(void)
{
    char state[512], path[512];
    snprintf(state, sizeof state, "%s/s-load", tmpdir);
    struct vg_cop *cop = start(state);
    if (!cop)
        return;
    int port = vg_cop_port(cop), fd, slow = socket(AF_INET, SOCK_STREAM, 0);
    snprintf(path, sizeof path, "/ws?token=%s", vg_cop_token(cop));
    CHECK_INT(ws_open(port, path, NULL, &fd), 101);
    /* A slow client: a 4 kB receive buffer it never reads. */
    int small = 4096;
    setsockopt(slow, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    char req[1024];
    snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: "
             "Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: "
             "13\r\n\r\n", path);
    CHECK(connect(slow, (struct sockaddr *)&a, sizeof a) == 0 && !send_all(slow, req, strlen(req)));

    struct pub p = {cop, 3.0, 10.0, 0};
    pthread_t th;
    pthread_create(&th, NULL, publisher, &p);
    char *buf = NULL;
    size_t cap = 0, bytes = 0;
    int frames = 0, moved = 0;
    double t_first = 0, t_last = 0, lat_prev = NAN;
    json_t *last = NULL;
    while (!__atomic_load_n(&p.done, __ATOMIC_ACQUIRE) || frames == 0) {
        json_t *m = next_frame(fd, &buf, &cap, NULL);
        if (!m)
            break;
        json_t *tr = json_object_get(m, "tracks");
        if (json_array_size(tr) != NTRACKS) { /* the empty picture before the first publish */
            json_decref(m);
            continue;
        }
        double now = now_s();
        if (!frames)
            t_first = now;
        t_last = now;
        frames++;
        bytes += strlen(buf);
        double lat = json_real_value(json_array_get(json_array_get(tr, 0), 4));
        moved += !isnan(lat_prev) && lat != lat_prev;
        lat_prev = lat;
        json_decref(last);
        last = m;
    }
    pthread_join(th, NULL);
    double fps = frames > 1 ? (frames - 1) / (t_last - t_first) : 0;
    struct vg_cop_stats st;
    vg_cop_get_stats(cop, &st);
    fprintf(stderr, "  1000 tracks at 10 Hz: %d frames, %.1f frames/s, %.0f bytes/frame "
            "(%.1f per track); server %.0f us/frame mean, %.0f max; slow client skipped %llu\n",
            frames, fps, frames ? (double)bytes / frames : 0.0,
            frames ? (double)bytes / frames / NTRACKS : 0.0,
            st.frames ? st.frame_us_sum / (double)st.frames : 0.0, st.frame_us_max,
            (unsigned long long)st.skipped);
    CHECK(frames >= 25);
    CHECK(fps >= 8.0);
    CHECK(moved >= frames - 2);
    CHECK(st.skipped > 0);           /* the slow client got fewer frames, not a queue */
    CHECK(frames && (double)bytes / frames < 100.0 * NTRACKS);
    /* The last frame: the last picture published, positions in WGS-84 within 0.2 m of the
     * ENU truth (flat-earth check: 1° lat = 111,132 m, 1° lon = 111,320 m · cos lat). */
    struct vg_track trk[NTRACKS];
    json_t *tr = json_object_get(last, "tracks");
    double t = json_number_value(json_object_get(last, "t"));
    synth(trk, NTRACKS, t);
    double lat0 = sc.site.frame.lat0_deg, lon0 = sc.site.frame.lon0_deg, worst = 0;
    for (size_t i = 0; i < json_array_size(tr); i++) {
        json_t *k = json_array_get(tr, i);
        CHECK_INT(json_integer_value(json_array_get(k, 0)), trk[i].id);
        double n = (json_number_value(json_array_get(k, 4)) - lat0) * 111132.0;
        double e = (json_number_value(json_array_get(k, 5)) - lon0) * 111320.0 *
                   cos(lat0 * 3.14159265358979323846 / 180.0);
        double err = hypot(e - trk[i].x[0], n - trk[i].x[1]);
        /* Flat earth is good to ~1e-3 of the distance at 3 km: compare the offsets. */
        double tol = 0.2 + 2e-3 * hypot(trk[i].x[0], trk[i].x[1]);
        if (err > tol && err > worst)
            worst = err;
    }
    CHECK(worst == 0);
    json_t *k1 = json_array_get(tr, 1);
    CHECK_INT(json_array_size(k1), 13);
    CHECK(!strcmp(js(json_array_get(k1, 12)), "4b1805"));
    json_decref(last);
    free(buf);
    close(fd);
    close(slow);
    vg_cop_stop(cop);
}

struct got {
    int n;
    struct vg_cop_action a;
};

static void on_action(void *user, const struct vg_cop_action *a)
{
    struct got *g = user;
    g->n++;
    g->a = *a;
}

static void alerts_and_actions(void)
{
    char state[512], path[512];
    snprintf(state, sizeof state, "%s/s-alerts", tmpdir);
    struct vg_cop *cop = start(state);
    if (!cop)
        return;
    int fd;
    snprintf(path, sizeof path, "/ws?token=%s", vg_cop_token(cop));
    CHECK_INT(ws_open(vg_cop_port(cop), path, NULL, &fd), 101);
    struct vg_alert e;
    memset(&e, 0, sizeof e);
    snprintf(e.id, sizeof e.id, "a-7");
    e.track = 42;
    e.level = VG_ALERT_CRITICAL;
    e.state = VG_ALERT_RAISED;
    e.t = e.t_raised = 12.5;
    e.threat = 0.91;
    e.time_to_zone_s = 31.2;
    struct vg_advice adv[1] = {{"jam-1", "rf-link"}};
    vg_cop_on_alert(cop, &e, "post", adv, 1, NULL, 0);
    /* A swarm alert with members. */
    struct vg_alert s = e;
    snprintf(s.id, sizeof s.id, "a-8");
    s.track = VG_ALERT_SWARM_BIT | 0;
    uint64_t mem[3] = {42, 43, 44};
    vg_cop_on_alert(cop, &s, "post", NULL, 0, mem, 3);

    char *buf = NULL;
    size_t cap = 0;
    json_t *reply = NULL, *m = NULL, *al = NULL;
    for (int i = 0; i < 20 && json_array_size(al) < 2; i++) {
        json_decref(m);
        m = next_frame(fd, &buf, &cap, NULL);
        al = json_object_get(m, "alerts");
    }
    CHECK_INT(json_array_size(al), 2);
    json_t *a0 = json_array_get(al, 0), *a1 = json_array_get(al, 1);
    CHECK(!strcmp(js(json_object_get(a0, "id")), "a-7"));
    CHECK(!strcmp(js(json_object_get(a0, "level")), "critical"));
    CHECK_NEAR(json_number_value(json_object_get(a0, "ttz")), 31.2, 1e-9);
    CHECK(json_is_null(json_object_get(a0, "ack")));
    CHECK(!strcmp(js(json_array_get(json_array_get(json_object_get(a0,
                  "advice"), 0), 1)), "rf-link"));
    CHECK(json_is_true(json_object_get(a1, "swarm")));
    CHECK_INT(json_array_size(json_object_get(a1, "members")), 3);
    json_decref(m);

    /* The operator acknowledges: queued, and the engine gets who. */
    CHECK(!ws_send_text(fd, "{\"op\":\"ack\",\"alert\":\"a-7\",\"who\":\"Sgt Petrova\"}"));
    for (int i = 0; i < 20 && !reply; i++)
        json_decref(next_frame(fd, &buf, &cap, &reply));
    CHECK(reply && !strcmp(js(json_object_get(reply, "status")), "queued"));
    struct got g = {0};
    CHECK_INT(vg_cop_poll_actions(cop, on_action, &g), 1);
    CHECK_INT(g.n, 1);
    CHECK_INT(g.a.op, VG_COP_ACK);
    CHECK(!strcmp(g.a.alert, "a-7") && !strcmp(g.a.who, "Sgt Petrova"));
    CHECK(!strcmp(g.a.peer, "127.0.0.1"));
    CHECK(fabs(g.a.t_wall - (double)time(NULL)) < 5);
    CHECK_INT(vg_cop_poll_actions(cop, on_action, &g), 0);
    /* Refused actions: unknown alert, bad op, control characters in the name, not JSON. */
    static const char *bad[] = {
        "{\"op\":\"ack\",\"alert\":\"a-99\",\"who\":\"x\"}",
        "{\"op\":\"fire\",\"alert\":\"a-7\",\"who\":\"x\"}",
        "{\"op\":\"ack\",\"alert\":\"a-7\",\"who\":\"x\\u0007y\"}",
        "{\"op\":\"ack\",\"alert\":\"a-7\",\"who\":\"\"}",
        "{\"op\":\"ack\",\"alert\":\"a-7\",\"who\":\"x\\u0000y\"}",
        "{\"op\":\"ack\",\"alert\":\"a 7\",\"who\":\"x\"}",
        "{\"op\":\"ack\",\"alert\":\"a-7\",\"who\":\"0123456789012345678901234567890123\"}",
        "not json",
    };
    for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++) {
        json_decref(reply);
        reply = NULL;
        CHECK(!ws_send_text(fd, bad[b]));
        for (int i = 0; i < 20 && !reply; i++)
            json_decref(next_frame(fd, &buf, &cap, &reply));
        CHECK(reply && !strcmp(js(json_object_get(reply, "status")),
                               "error"));
    }
    CHECK_INT(vg_cop_poll_actions(cop, on_action, &g), 0);

    /* The engine confirms: the picture shows who acknowledged; a clear removes it. */
    e.state = VG_ALERT_ACKNOWLEDGED;
    e.acknowledged = 1;
    snprintf(e.ack_by, sizeof e.ack_by, "Sgt Petrova");
    e.t_ack = 14.0;
    vg_cop_on_alert(cop, &e, "post", NULL, 0, NULL, 0);
    const char *by = NULL;
    m = NULL;
    for (int i = 0; i < 20 && !by; i++) {
        json_decref(m);
        m = next_frame(fd, &buf, &cap, NULL);
        json_t *ack = json_object_get(json_array_get(json_object_get(m, "alerts"), 0), "ack");
        by = json_string_value(json_object_get(ack, "by"));
    }
    CHECK(by && !strcmp(by, "Sgt Petrova"));
    /* ...with its advice kept from the raise. */
    CHECK_INT(json_array_size(json_object_get(json_array_get(json_object_get(m, "alerts"), 0),
                                              "advice")), 1);
    json_decref(m);
    e.state = VG_ALERT_CLEARED;
    vg_cop_on_alert(cop, &e, "post", NULL, 0, NULL, 0);
    size_t nal = 2;
    for (int i = 0; i < 20 && nal != 1; i++) {
        m = next_frame(fd, &buf, &cap, NULL);
        nal = json_array_size(json_object_get(m, "alerts"));
        json_decref(m);
    }
    CHECK_INT(nal, 1);
    json_decref(reply);
    free(buf);
    close(fd);
    vg_cop_stop(cop);
}

/* Identities come from the air: bytes that are not UTF-8 must not break a frame, and a
 * track that is not cooperative carries none (whatever its coop_id field holds). */
static void strings_from_the_air(void)
{
    char state[512], path[512];
    snprintf(state, sizeof state, "%s/s-air", tmpdir);
    struct vg_cop *cop = start(state);
    if (!cop)
        return;
    int fd;
    snprintf(path, sizeof path, "/ws?token=%s", vg_cop_token(cop));
    CHECK_INT(ws_open(vg_cop_port(cop), path, NULL, &fd), 101);
    struct vg_track trk[2];
    synth(trk, 2, 0.0);
    static const char air[] = "ID\xbe\xc3(\xed\xa0\x80\"x"; /* stray, cut, surrogate */
    memcpy(trk[1].coop_id, air, sizeof air);
    trk[0].cooperative = 0;
    memset(trk[0].coop_id, 0xbe, sizeof trk[0].coop_id); /* not cleared, not terminated */
    vg_cop_publish(cop, 1.0, trk, 2);
    char *buf = NULL;
    size_t cap = 0;
    json_t *m = NULL;
    for (int i = 0; i < 10 && json_array_size(json_object_get(m, "tracks")) != 2; i++) {
        json_decref(m);
        m = next_frame(fd, &buf, &cap, NULL);
    }
    json_t *tr = json_object_get(m, "tracks");
    CHECK_INT(json_array_size(tr), 2);
    CHECK_INT(json_array_size(json_array_get(tr, 0)), 12);
    CHECK(!strcmp(js(json_array_get(json_array_get(tr, 1), 12)),
                  "ID\xef\xbf\xbd\xef\xbf\xbd(\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"x"));
    json_decref(m);
    free(buf);
    close(fd);
    vg_cop_stop(cop);
}

/* For the browser test: serve 1,000 moving tracks and one alert until SECONDS are up. */
static int serve(int port, double seconds)
{
    struct vg_cop_config cfg;
    vg_cop_config_default(&cfg);
    cfg.port = port;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/vigil-cop-serve-XXXXXX");
    if (!mkdtemp(tmpdir))
        return 1;
    cfg.state_dir = tmpdir;
    struct vg_cop *cop = NULL;
    struct vg_diag d;
    if (vg_cop_start(&cop, &cfg, &sc.site, &d)) {
        fprintf(stderr, "%s\n", d.msg);
        return 1;
    }
    char url[256];
    vg_cop_url(cop, url, sizeof url);
    printf("COP %s\n", url);
    fflush(stdout);
    struct vg_alert e;
    memset(&e, 0, sizeof e);
    snprintf(e.id, sizeof e.id, "a-1");
    e.track = 1000;
    e.level = VG_ALERT_CRITICAL;
    e.threat = 0.9;
    e.time_to_zone_s = 40;
    vg_cop_on_alert(cop, &e, sc.site.nzones ? sc.site.zones[0].id : "", NULL, 0, NULL, 0);
    struct pub p = {cop, seconds, 10.0, 0};
    publisher(&p);
    vg_cop_stop(cop);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
    return system(cmd) ? 1 : 0;
}

int main(int argc, char **argv)
{
    struct vg_diag d;
    vg_scenario_init(&sc);
    if (vg_scenario_load(&sc, "scenarios/exercise-swarm12.yaml", &d)) {
        fprintf(stderr, "%s\n", d.msg);
        return 1;
    }
    if (argc == 4 && !strcmp(argv[1], "--serve")) {
        int rc = serve(atoi(argv[2]), atof(argv[3]));
        vg_scenario_fini(&sc);
        return rc;
    }
    snprintf(tmpdir, sizeof tmpdir, "/tmp/vigil-test-cop-XXXXXX");
    CHECK(mkdtemp(tmpdir) != NULL);
    RUN(token_file);
    RUN(http_auth_and_files);
    RUN(thousand_tracks);
    RUN(alerts_and_actions);
    RUN(strings_from_the_air);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "  could not remove %s\n", tmpdir);
    vg_scenario_fini(&sc);
    return test_report();
}
