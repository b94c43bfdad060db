/* SPDX-License-Identifier: MIT */
/* bench_live.c — `vigil bench --live`: the live engine's ingest rate and latency over
 * loopback UDP.
 *
 * A synthetic swarm (sim/swarm.h: N targets, as many clutter reports, scan markers) is
 * encoded once as formats.md JSON lines by the jsonl decoder's encoder and packed into
 * datagrams of at most 1400 bytes (whole lines, ~9 detections each). For each offered rate,
 * a fresh engine (engine/live.h: one UDP input, SO_RCVBUF 64 MiB, the tracker settings of
 * the bench) runs on this thread's loop while a sender thread paces the datagrams at that
 * many detections per second. A rate is sustained when every line sent was read (no kernel
 * drop: /proc/net/udp's counter for the socket, and units read = lines sent) and the engine
 * had caught up within 100 ms of the last datagram (else the backlog sits in the socket
 * buffer, where the engine's latency clock, started at the read, does not see it).
 *
 * Latency is the engine's own histogram: per detection, from the read of its datagram to
 * the first track output after it entered the pipeline; and per scan, from the read of the
 * datagram holding the scan marker to the output that scan closed. A detection waits in
 * the tracker for its scan to close, so the per-detection figure includes the arrival time
 * of the rest of its scan (scan size / rate); the per-scan figure is the engine's own
 * processing time. With --live-output the tracks are also formatted as JSON lines to
 * /dev/null inside the measured path. */
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <uv.h>

#include "base/log.h"
#include "cli/bench.h"
#include "engine/pipeline.h"
#include "engine/live.h"
#include "engine/live_output.h"
#include "sense/jsonl.h"
#include "sim/swarm.h"

#define DGRAM 1400u

struct stream {
    uint8_t *bytes;        /* every datagram, back to back */
    size_t *off;           /* datagram i is bytes[off[i] .. off[i+1]) */
    uint32_t *cum;         /* lines in datagrams 0 .. i inclusive */
    size_t n;              /* datagrams */
    size_t lines, dets;    /* lines (scan markers included) and detections */
};

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int build_stream(int targets, size_t want_lines, struct stream *s)
{
    struct vg_site site;
    vg_site_init(&site);
    struct vg_sensor sen;
    memset(&sen, 0, sizeof sen);
    snprintf(sen.id, sizeof sen.id, "s");
    int si = vg_site_add_sensor(&site, &sen);
    struct vg_swarm_params prm;
    vg_swarm_params_default(&prm, targets);
    prm.dt = 0.1; /* a 10 Hz sensor */
    size_t per_scan = (size_t)(targets * (prm.pd + prm.clutter_ratio)) + 1;
    prm.scans = (int)(want_lines / per_scan) + 2;
    struct vg_detection *det = NULL;
    size_t n = 0;
    memset(s, 0, sizeof *s);
    const struct vg_decoder_ops *dec = vg_decoder_find("jsonl");
    void *enc = NULL;
    struct vg_diag d;
    int rc = -1;
    if (si < 0 || vg_swarm_generate(&prm, (uint32_t)si, &det, &n) || !dec ||
        dec->open(&enc, &site, NULL, &d))
        goto out;
    s->bytes = malloc(n * 160 + DGRAM);
    s->off = malloc((n + 2) * sizeof *s->off);
    s->cum = malloc((n + 1) * sizeof *s->cum);
    if (!s->bytes || !s->off || !s->cum)
        goto out;
    size_t pos = 0, start = 0;
    s->off[0] = 0;
    for (size_t i = 0; i < n; i++) {
        uint8_t line[512];
        int len = dec->encode(enc, &det[i], line, sizeof line, &d);
        if (len <= 0)
            goto out;
        if (pos - start + (size_t)len > DGRAM) { /* close the datagram: lines stay whole */
            s->cum[s->n] = (uint32_t)s->lines;
            s->off[++s->n] = pos;
            start = pos;
        }
        if (pos + (size_t)len > n * 160 + DGRAM)
            goto out;
        memcpy(s->bytes + pos, line, (size_t)len);
        pos += (size_t)len;
        s->lines++;
        s->dets += det[i].kind != VG_DET_SCAN;
    }
    s->cum[s->n] = (uint32_t)s->lines;
    s->off[++s->n] = pos;
    rc = 0;
out:
    if (enc)
        dec->close(enc);
    free(det);
    vg_site_fini(&site);
    return rc;
}

struct trial {
    const struct stream *s;
    size_t ndgram;         /* datagrams to send this trial */
    double rate;           /* detections per second offered */
    int port;
    uv_async_t done;
    double t_send0, t_send1;
    int send_errors;
};

/* The sender thread: datagram i at t0 + (lines before it) / rate. */
static void sender(void *arg)
{
    struct trial *tr = arg;
    const struct stream *s = tr->s;
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in a;
    uv_ip4_addr("127.0.0.1", tr->port, &a);
    int big = 8 << 20;
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &big, sizeof big);
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a)) {
        tr->send_errors++;
        uv_async_send(&tr->done);
        return;
    }
    /* Lines, not detections, pace it: a scan marker costs the engine a line too. */
    double lines_per_s = tr->rate * (double)s->lines / (double)s->dets;
    double t0 = mono();
    tr->t_send0 = t0;
    for (size_t i = 0; i < tr->ndgram; i++) {
        double due = t0 + (i ? s->cum[i - 1] : 0) / lines_per_s;
        /* Sleep until due, never spin: on a small machine a spinning sender would take
         * the core the engine needs. Datagrams that fell due meanwhile go at once. */
        double ahead = due - mono();
        if (ahead > 0) {
            struct timespec ts = {(time_t)ahead, (long)((ahead - (double)(time_t)ahead) * 1e9)};
            nanosleep(&ts, NULL);
        }
        if (send(fd, s->bytes + s->off[i], s->off[i + 1] - s->off[i], 0) < 0)
            tr->send_errors++;
    }
    tr->t_send1 = mono();
    close(fd);
    uv_async_send(&tr->done);
}

struct watch {
    struct vg_live *e;
    struct trial *tr;
    uv_timer_t timer;
    size_t lines_sent;
    uint64_t last_units;
    double t_last_change, t_caught_up;
    int sender_done;
    uint64_t kernel_drops;
};

static void on_watch(uv_timer_t *t)
{
    struct watch *w = t->data;
    struct vg_live_input_stats st;
    vg_live_input_stats(w->e, 0, &st);
    double now = mono();
    if (st.dec.units != w->last_units) {
        w->last_units = st.dec.units;
        w->t_last_change = now;
    }
    if (!w->sender_done)
        return;
    w->kernel_drops = st.kernel_drops;
    int all = st.dec.units >= w->lines_sent;
    if (all && w->t_caught_up == 0)
        w->t_caught_up = now;
    if (all || now - w->t_last_change > 0.5) { /* everything, or nothing more will come */
        uv_timer_stop(t);
        uv_close((uv_handle_t *)t, NULL);
        uv_close((uv_handle_t *)&w->tr->done, NULL);
        vg_live_stop(w->e);
    }
}

static void on_sender_done(uv_async_t *a)
{
    struct watch *w = a->data;
    w->sender_done = 1;
}

struct live_result {
    double rate, achieved, backlog_s;
    size_t sent, received;
    uint64_t kernel_drops, malformed, emissions;
    struct vg_live_latency det, scan;
    int sustained;
};

static int run_trial(const struct stream *s, const struct vg_tracker_config *tcfg, double rate,
                     double seconds, int with_output, struct live_result *r)
{
    static struct vg_live_config cfg;
    vg_live_config_default(&cfg);
    cfg.stats_interval_s = 0;
    cfg.final_counters = 0;
    cfg.pipeline.tracker = *tcfg;
    cfg.pipeline.assess = 0;
    struct vg_live_input_config *in = &cfg.inputs[cfg.ninputs++];
    snprintf(in->name, sizeof in->name, "bench");
    in->dec = vg_decoder_find("jsonl");
    in->transport = VG_LIVE_UDP;
    snprintf(in->address, sizeof in->address, "127.0.0.1");
    snprintf(in->sensor, sizeof in->sensor, "s");
    in->rcvbuf = 64 << 20;
    in->max_connections = 1;
    if (with_output) {
        struct vg_live_output_config *o = &cfg.outputs[cfg.noutputs++];
        snprintf(o->name, sizeof o->name, "tracks");
        o->kind = vg_live_output_find("tracks-jsonl");
        o->transport = VG_LIVE_FILE;
        snprintf(o->path, sizeof o->path, "/dev/null");
    }
    /* Enough datagrams for `seconds` at this rate. */
    size_t want = (size_t)(rate * seconds), nd = 0;
    while (nd < s->n && (nd ? s->cum[nd - 1] : 0) * (double)s->dets / (double)s->lines < want)
        nd++;
    uv_loop_t loop;
    uv_loop_init(&loop);
    struct vg_live *e = NULL;
    struct vg_diag d;
    struct trial tr = {s, nd, rate, 0, {0}, 0, 0, 0};
    struct watch w = {0};
    int rc = vg_live_new(&e, &cfg, &loop, &d);
    if (!rc)
        rc = vg_live_start(e, 0, &d);
    uv_thread_t th;
    if (!rc) {
        tr.port = vg_live_input_port(e, 0);
        w.e = e;
        w.tr = &tr;
        w.lines_sent = s->cum[nd - 1];
        w.t_last_change = mono();
        uv_async_init(&loop, &tr.done, on_sender_done);
        tr.done.data = &w;
        uv_timer_init(&loop, &w.timer);
        w.timer.data = &w;
        uv_timer_start(&w.timer, on_watch, 5, 5);
        uv_thread_create(&th, sender, &tr);
        uv_run(&loop, UV_RUN_DEFAULT);
        uv_thread_join(&th);
        struct vg_live_input_stats st;
        vg_live_input_stats(e, 0, &st);
        r->rate = rate;
        r->sent = w.lines_sent;
        r->received = st.dec.units;
        r->malformed = st.dec.malformed;
        r->kernel_drops = w.kernel_drops;
        r->emissions = vg_live_emissions(e);
        double t_end = w.t_caught_up ? w.t_caught_up : w.t_last_change;
        r->backlog_s = t_end > tr.t_send1 ? t_end - tr.t_send1 : 0.0;
        r->achieved = (double)st.dec.decoded / (t_end - tr.t_send0);
        vg_live_latency(e, &r->det);
        vg_live_latency_scan(e, &r->scan);
        /* Sustained: no loss, and caught up within 100 ms (5 ms watch resolution). */
        r->sustained = r->received == r->sent && r->kernel_drops == 0 && tr.send_errors == 0 &&
                       r->malformed == 0 && r->backlog_s < 0.1;
    } else {
        fprintf(stderr, "vigil bench: %s\n", d.msg);
    }
    vg_live_free(e);
    uv_loop_close(&loop);
    return rc ? 1 : 0;
}

static void count_emit(void *user, double t, const struct vg_track *trk, size_t n)
{
    (void)t;
    (void)trk;
    *(size_t *)user += n;
}

/* Where the time goes, on this machine now: the jsonl decoder alone on the stream's lines,
 * and the pipeline alone on the decoded detections (both in memory, no sockets), in µs per
 * line / detection. Their sum bounds what the engine can ingest on one core. */
static void breakdown(const struct stream *s, const struct vg_tracker_config *tcfg,
                      size_t nlines, double *parse_us, double *pipe_us)
{
    *parse_us = *pipe_us = NAN;
    struct vg_site site;
    vg_site_init(&site);
    const struct vg_decoder_ops *dec = vg_decoder_find("jsonl");
    void *st = NULL;
    struct vg_diag d;
    struct vg_detection *det = malloc(nlines * sizeof *det);
    size_t ndet = 0;
    if (!det || dec->open(&st, &site, NULL, &d)) {
        free(det);
        return;
    }
    double t0 = mono();
    const uint8_t *p = s->bytes, *end = s->bytes + s->off[s->n];
    for (size_t i = 0; i < nlines && p < end; i++) {
        const uint8_t *nl = memchr(p, '\n', (size_t)(end - p));
        struct vg_diag dd;
        struct vg_detection one; /* what jsonl's decode does, without the callback */
        if (vg_jsonl_parse_detection((const char *)p, (size_t)(nl - p), &site,
                                     VG_JSONL_AUTO_SENSOR, &one, &dd) == 1)
            det[ndet++] = one;
        p = nl + 1;
    }
    double t1 = mono();
    *parse_us = (t1 - t0) * 1e6 / (double)nlines;
    dec->close(st);
    struct vg_pipeline_config pc;
    vg_pipeline_config_default(&pc);
    pc.tracker = *tcfg;
    pc.assess = 0;
    struct vg_pipeline *pl;
    size_t ntrk = 0;
    if (!vg_pipeline_new(&pl, &pc, &site, count_emit, &ntrk, NULL, NULL, &d)) {
        size_t nmeas = 0;
        t0 = mono();
        for (size_t i = 0; i < ndet; i++) {
            vg_pipeline_add(pl, &det[i]);
            nmeas += det[i].kind != VG_DET_SCAN;
        }
        vg_pipeline_flush(pl);
        *pipe_us = (mono() - t0) * 1e6 / (double)(nmeas ? nmeas : 1);
        vg_pipeline_free(pl);
    }
    free(det);
    vg_site_fini(&site);
}

static void print_live(const struct live_result *r, int targets, int json)
{
    if (json)
        printf("{\"scenario\":\"live-udp-jsonl-swarm-%d\",\"offered_detections_per_s\":%.0f,"
               "\"detections_per_s\":%.0f,\"lines_sent\":%zu,\"lines_received\":%zu,"
               "\"kernel_drops\":%llu,\"backlog_s\":%.4f,\"sustained\":%s,\"emissions\":%llu,"
               "\"latency_ms_p50\":%.4f,\"latency_ms_p95\":%.4f,\"latency_ms_p99\":%.4f,"
               "\"latency_ms_max\":%.4f,\"scan_latency_ms_p50\":%.4f,"
               "\"scan_latency_ms_p95\":%.4f,\"scan_latency_ms_p99\":%.4f}\n",
               targets, r->rate, r->achieved, r->sent, r->received,
               (unsigned long long)r->kernel_drops, r->backlog_s,
               r->sustained ? "true" : "false", (unsigned long long)r->emissions, r->det.p50_ms,
               r->det.p95_ms, r->det.p99_ms, r->det.max_ms, r->scan.p50_ms, r->scan.p95_ms,
               r->scan.p99_ms);
    else
        printf("  offered %7.0f det/s: ingested %7.0f det/s, %zu/%zu lines, %llu kernel "
               "drops, backlog %.3f s -> %s\n"
               "      detection->output p50 %.3f p95 %.3f p99 %.3f ms;  scan close->output "
               "p50 %.3f p95 %.3f p99 %.3f ms\n",
               r->rate, r->achieved, r->received, r->sent, (unsigned long long)r->kernel_drops,
               r->backlog_s, r->sustained ? "sustained" : "NOT sustained", r->det.p50_ms,
               r->det.p95_ms, r->det.p99_ms, r->scan.p50_ms, r->scan.p95_ms, r->scan.p99_ms);
    fflush(stdout);
}

int vg_bench_live(const struct vg_tracker_config *cfg, double rate, double seconds, int targets,
                  int with_output, int json)
{
    static const double ladder[] = {50e3, 100e3, 150e3, 200e3, 250e3, 300e3, 400e3, 500e3};
    size_t nrates = rate > 0 ? 1 : sizeof ladder / sizeof ladder[0];
    double top = rate > 0 ? rate : ladder[nrates - 1];
    struct stream s;
    fprintf(stderr, "vigil bench: live: encoding a swarm of %d targets (+ as much clutter, "
                    "10 Hz scans) as JSON lines ...\n", targets);
    if (build_stream(targets, (size_t)(top * seconds * 1.05) + 1, &s)) {
        fprintf(stderr, "vigil bench: cannot build the datagram stream\n");
        return 1;
    }
    if (!json)
        printf("live engine, loopback UDP, jsonl, swarm of %d (%zu lines in %zu datagrams of "
               "<= %u bytes, %.1f lines each)%s\n", targets, s.lines, s.n, DGRAM,
               (double)s.lines / (double)s.n, with_output ? ", tracks as JSON lines" : "");
    int level = vg_log_level();
    vg_log_set_level(VG_LOG_ERROR);
    double parse_us, pipe_us;
    size_t nb = s.lines < 200000 ? s.lines : 200000;
    breakdown(&s, cfg, nb, &parse_us, &pipe_us);
    if (json)
        printf("{\"scenario\":\"live-breakdown-swarm-%d\",\"jsonl_us_per_line\":%.3f,"
               "\"pipeline_us_per_detection\":%.3f,\"bound_detections_per_s\":%.0f}\n",
               targets, parse_us, pipe_us,
               1e6 / (parse_us * (double)s.lines / (double)s.dets + pipe_us));
    else
        printf("  in memory, one core: jsonl decode %.2f us/line, pipeline %.2f us/detection "
               "-> at most %.0f detections/s\n", parse_us, pipe_us,
               1e6 / (parse_us * (double)s.lines / (double)s.dets + pipe_us));
    int status = 0;
    double best = 0;
    for (size_t i = 0; i < nrates; i++) {
        struct live_result r;
        memset(&r, 0, sizeof r);
        double q = rate > 0 ? rate : ladder[i];
        fprintf(stderr, "vigil bench: live: %.0f detections/s for %.1f s ...\n", q, seconds);
        if (run_trial(&s, cfg, q, seconds, with_output, &r)) {
            status = 1;
            break;
        }
        print_live(&r, targets, json);
        if (!r.sustained)
            break;
        best = q;
    }
    if (!json && rate <= 0)
        printf("  highest sustained rate tried: %.0f detections/s\n", best);
    vg_log_set_level(level);
    free(s.bytes);
    free(s.off);
    free(s.cum);
    return status;
}
