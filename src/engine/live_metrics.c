/* SPDX-License-Identifier: MIT */
/* live_metrics.c — the live engine's counters: latency histograms, the periodic log line,
 * and GET /metrics (JSON) on a loopback HTTP listener.
 *
 * The endpoint is a plain libuv TCP listener that answers one request per connection with
 * HTTP/1.0 semantics and closes: enough for curl, a Prometheus json-exporter or a health
 * check, with no HTTP library in the engine. It binds 127.0.0.1 unless configured
 * otherwise, reads at most 4 KiB of request, and answers anything but GET /metrics with 404.
 *
 * Latency: each detection's read time waits in a ring until the next track output; then
 * (now − read) goes into a log-linear histogram (32 sub-buckets per octave: percentiles
 * within 3 %), with no allocation and O(1) per detection. */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/log.h"
#include "engine/live_internal.h"

uint64_t vg__live_mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

double vg__live_unix_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Bucket of v ns: values below 32 exactly; above, octave e (2^e ≤ v < 2^(e+1)) split into 32. */
static size_t bucket(uint64_t v)
{
    if (v < VG__HIST_SUB)
        return (size_t)v;
    int e = 63 - __builtin_clzll(v);          /* ≥ 5 */
    size_t sub = (size_t)(v >> (e - 5)) & (VG__HIST_SUB - 1);
    size_t b = (size_t)(e - 4) * VG__HIST_SUB + sub;
    return b < VG__HIST_EXP * VG__HIST_SUB ? b : VG__HIST_EXP * VG__HIST_SUB - 1;
}

/* The middle of bucket b, ns. */
static double bucket_mid(size_t b)
{
    if (b < VG__HIST_SUB)
        return (double)b;
    int e = (int)(b / VG__HIST_SUB) + 4;
    double lo = ldexp((double)(VG__HIST_SUB + b % VG__HIST_SUB), e - 5);
    return lo + ldexp(0.5, e - 5);
}

void vg__hist_add(struct vg__hist *h, uint64_t ns)
{
    h->b[bucket(ns)]++;
    h->count++;
    if (ns > h->max_ns)
        h->max_ns = ns;
}

double vg__hist_quantile_ms(const struct vg__hist *h, double q)
{
    if (!h->count)
        return 0.0;
    uint64_t rank = (uint64_t)ceil(q * (double)h->count), seen = 0;
    if (rank < 1)
        rank = 1;
    for (size_t b = 0; b < VG__HIST_EXP * VG__HIST_SUB; b++) {
        seen += h->b[b];
        if (seen >= rank) {
            double v = bucket_mid(b);
            return (v > (double)h->max_ns ? (double)h->max_ns : v) * 1e-6;
        }
    }
    return (double)h->max_ns * 1e-6;
}

void vg__hist_summary(const struct vg__hist *h, struct vg_live_latency *l)
{
    l->count = h->count;
    l->p50_ms = vg__hist_quantile_ms(h, 0.50);
    l->p95_ms = vg__hist_quantile_ms(h, 0.95);
    l->p99_ms = vg__hist_quantile_ms(h, 0.99);
    l->max_ms = (double)h->max_ns * 1e-6;
}

void vg_live_input_stats(const struct vg_live *e, size_t i, struct vg_live_input_stats *st)
{
    *st = e->in[i].st;
    if (e->in[i].ino)
        st->kernel_drops = vg__live_udp_drops(e->in[i].ino);
}

void vg_live_output_stats(const struct vg_live *e, size_t i, struct vg_live_output_stats *st)
{
    *st = e->out[i].sink.st;
}

void vg_live_latency(const struct vg_live *e, struct vg_live_latency *l)
{
    vg__hist_summary(&e->lat_det, l);
}

void vg_live_latency_scan(const struct vg_live *e, struct vg_live_latency *l)
{
    vg__hist_summary(&e->lat_scan, l);
}

uint64_t vg_live_emissions(const struct vg_live *e) { return e->emissions; }

struct out {
    char *buf;
    size_t cap, len;
};

static void put(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct out *o, const char *fmt, ...)
{
    if (o->len >= o->cap)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(o->buf + o->len, o->cap - o->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        o->len = o->len + (size_t)n < o->cap ? o->len + (size_t)n : o->cap - 1;
}

static void put_lat(struct out *o, const char *name, const struct vg__hist *h)
{
    struct vg_live_latency l;
    vg__hist_summary(h, &l);
    put(o, "\"%s\":{\"count\":%" PRIu64 ",\"p50_ms\":%.4f,\"p95_ms\":%.4f,\"p99_ms\":%.4f,"
           "\"max_ms\":%.4f}", name, l.count, l.p50_ms, l.p95_ms, l.p99_ms, l.max_ms);
}

size_t vg_live_metrics_json(const struct vg_live *e, char *buf, size_t cap)
{
    struct out o = {buf, cap, 0};
    if (!cap)
        return 0;
    buf[0] = '\0';
    double up = (double)(vg__live_mono_ns() - e->t_start_ns) * 1e-9;
    put(&o, "{\"uptime_s\":%.3f,\"emissions\":%" PRIu64 ",\"tracks_out\":%" PRIu64
            ",\"alerts_out\":%" PRIu64 ",\"live_tracks\":%zu,\"pipeline_errors\":%" PRIu64 ",",
        up, e->emissions, e->tracks_out, e->alerts_out, e->live_tracks, e->pipeline_errors);
    put_lat(&o, "latency_detection", &e->lat_det);
    put(&o, ",");
    put_lat(&o, "latency_scan", &e->lat_scan);
    put(&o, ",\"inputs\":[");
    for (size_t i = 0; i < e->nin; i++) {
        struct vg_live_input_stats st;
        vg_live_input_stats(e, i, &st);
        const struct live_input *in = &e->in[i];
        put(&o, "%s{\"name\":\"%s\",\"format\":\"%s\",\"transport\":\"%s\",\"port\":%d,"
                "\"units\":%" PRIu64 ",\"bytes\":%" PRIu64 ",\"decoded\":%" PRIu64
                ",\"malformed\":%" PRIu64 ",\"overlong\":%" PRIu64 ",\"dropped\":%" PRIu64
                ",\"skipped\":%" PRIu64 ",\"connections\":%" PRIu64 ",\"connected\":%zu"
                ",\"kernel_drops\":%" PRIu64 "}",
            i ? "," : "", in->cfg->name, in->cfg->dec->name,
            vg_live_transport_name(in->cfg->transport), in->port, st.dec.units, st.dec.bytes,
            st.dec.decoded, st.dec.malformed, st.overlong, st.dec.dropped, st.dec.skipped,
            st.connections, in->nconns, st.kernel_drops);
    }
    put(&o, "],\"outputs\":[");
    for (size_t i = 0; i < e->nout; i++) {
        const struct live_output *out = &e->out[i];
        const struct vg_live_output_stats *st = &out->sink.st;
        put(&o, "%s{\"name\":\"%s\",\"kind\":\"%s\",\"transport\":\"%s\",\"units\":%" PRIu64
                ",\"bytes\":%" PRIu64 ",\"dropped\":%" PRIu64 ",\"clients\":%" PRIu64
                ",\"connected\":%zu}",
            i ? "," : "", out->cfg->name, out->ops->name,
            vg_live_transport_name(out->cfg->transport), st->units, st->bytes, st->dropped,
            st->clients, out->sink.nclients);
    }
    put(&o, "]}");
    return o.len;
}

void vg_live_log_counters(const struct vg_live *e, int final)
{
    /* The final summary is shown whatever the level (-q included). */
    if (!final && !vg_log_enabled(VG_LOG_INFO))
        return;
    void (*say)(int, const char *, ...) = final ? vg_log_always : vg_log;
    int level = VG_LOG_INFO;
    const char *tag = final ? "final" : "stats";
    struct vg_live_latency l;
    vg__hist_summary(&e->lat_det, &l);
    say(level, "%s: %" PRIu64 " emissions, %zu live tracks, %" PRIu64 " alert events; "
                  "detection->output latency p50 %.3f ms p99 %.3f ms (%" PRIu64 ")",
           tag, e->emissions, e->live_tracks, e->alerts_out, l.p50_ms, l.p99_ms, l.count);
    for (size_t i = 0; i < e->nin; i++) {
        struct vg_live_input_stats st;
        vg_live_input_stats(e, i, &st);
        say(level, "%s: input %s: %" PRIu64 " units, %" PRIu64 " bytes, %" PRIu64
                      " detections, %" PRIu64 " malformed (%" PRIu64 " over-long), %" PRIu64
                      " dropped, %" PRIu64 " skipped, %" PRIu64 " connections, %" PRIu64
                      " kernel drops",
               tag, e->in[i].cfg->name, st.dec.units, st.dec.bytes, st.dec.decoded,
               st.dec.malformed, st.overlong, st.dec.dropped, st.dec.skipped, st.connections,
               st.kernel_drops);
    }
    for (size_t i = 0; i < e->nout; i++) {
        const struct vg_live_output_stats *st = &e->out[i].sink.st;
        say(level, "%s: output %s: %" PRIu64 " units, %" PRIu64 " bytes, %" PRIu64
                      " dropped, %" PRIu64 " clients",
               tag, e->out[i].cfg->name, st->units, st->bytes, st->dropped, st->clients);
    }
}

/* ---- GET /metrics ---- */

struct http_conn {
    uv_tcp_t tcp;
    struct vg_live *e;
    char req[4096];
    size_t len;
    uv_write_t wr;
    char *resp;
    int answered;
};

static void http_closed(uv_handle_t *h)
{
    struct http_conn *c = h->data;
    free(c->resp);
    free(c);
}

static void http_written(uv_write_t *w, int status)
{
    (void)status;
    struct http_conn *c = w->data;
    uv_close((uv_handle_t *)&c->tcp, http_closed);
}

static void http_alloc(uv_handle_t *h, size_t hint, uv_buf_t *buf)
{
    (void)hint;
    struct http_conn *c = h->data;
    *buf = uv_buf_init(c->req + c->len, (unsigned)(sizeof c->req - 1 - c->len));
}

static void http_answer(struct http_conn *c)
{
    enum { BODY = 1 << 18 };
    c->answered = 1;
    uv_read_stop((uv_stream_t *)&c->tcp);
    c->resp = malloc(BODY + 256);
    if (!c->resp) {
        uv_close((uv_handle_t *)&c->tcp, http_closed);
        return;
    }
    c->req[c->len] = '\0';
    int ok = !strncmp(c->req, "GET /metrics ", 13) || !strncmp(c->req, "GET /metrics?", 13);
    char *body = c->resp + 256;
    size_t blen = ok ? vg_live_metrics_json(c->e, body, BODY - 1)
                     : (size_t)snprintf(body, BODY, "{\"error\":\"try GET /metrics\"}");
    if (ok)
        body[blen++] = '\n';
    char head[256];
    int hl = snprintf(head, sizeof head,
                      "HTTP/1.0 %s\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n"
                      "Connection: close\r\n\r\n", ok ? "200 OK" : "404 Not Found", blen);
    memcpy(body - hl, head, (size_t)hl);
    uv_buf_t b = uv_buf_init(body - hl, (unsigned)((size_t)hl + blen));
    c->wr.data = c;
    if (uv_write(&c->wr, (uv_stream_t *)&c->tcp, &b, 1, http_written))
        uv_close((uv_handle_t *)&c->tcp, http_closed);
}

static void http_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf)
{
    (void)buf;
    struct http_conn *c = s->data;
    if (nread < 0) {
        uv_close((uv_handle_t *)&c->tcp, http_closed);
        return;
    }
    c->len += (size_t)nread;
    c->req[c->len] = '\0';
    if (strstr(c->req, "\r\n\r\n") || strstr(c->req, "\n\n") || c->len >= sizeof c->req - 1)
        http_answer(c);
}

static void http_accept(uv_stream_t *server, int status)
{
    struct vg_live *e = server->data;
    if (status < 0)
        return;
    struct http_conn *c = calloc(1, sizeof *c);
    if (!c)
        return;
    c->e = e;
    uv_tcp_init(e->loop, &c->tcp);
    c->tcp.data = c;
    if (uv_accept(server, (uv_stream_t *)&c->tcp) || e->stopping) {
        uv_close((uv_handle_t *)&c->tcp, http_closed);
        return;
    }
    uv_read_start((uv_stream_t *)&c->tcp, http_alloc, http_read);
}

int vg__live_metrics_open(struct vg_live *e, struct vg_diag *d)
{
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    if (uv_ip4_addr(e->cfg.metrics_address, e->cfg.metrics_port, (struct sockaddr_in *)&ss) &&
        uv_ip6_addr(e->cfg.metrics_address, e->cfg.metrics_port, (struct sockaddr_in6 *)&ss))
        return vg_diag_set(d, VG_EINVAL, "metrics: bad address %s", e->cfg.metrics_address);
    int rc = uv_tcp_init(e->loop, &e->metrics);
    if (rc)
        return vg_diag_set(d, rc, "metrics: %s", uv_strerror(rc));
    e->have_metrics = 1;
    e->metrics.data = e;
    if ((rc = uv_tcp_bind(&e->metrics, (const struct sockaddr *)&ss, 0)) ||
        (rc = uv_listen((uv_stream_t *)&e->metrics, 16, http_accept)))
        return vg_diag_set(d, rc, "metrics: listen on tcp %s:%d: %s", e->cfg.metrics_address,
                           e->cfg.metrics_port, uv_strerror(rc));
    struct sockaddr_storage b;
    int len = sizeof b;
    if (!uv_tcp_getsockname(&e->metrics, (struct sockaddr *)&b, &len))
        e->metrics_port = ntohs(b.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&b)->sin6_port
                                                        : ((struct sockaddr_in *)&b)->sin_port);
    return 0;
}
