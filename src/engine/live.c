/* SPDX-License-Identifier: MIT */
/* live.c — the live engine's loop and lifecycle (live.h): build, run, shut down cleanly.
 *
 * One thread, one libuv loop. Decoded detections go into the pipeline synchronously, in the
 * read callback; the pipeline's emissions and alert events go to every output at once, and
 * each output's sink is flushed at the end of the emission (one UDP datagram batch, one file
 * flush). There is therefore no queue between input and tracker that could fill: back-
 * pressure shows up as the kernel's socket buffers filling (counted as UDP kernel drops, or
 * TCP flow control slowing the sender), and the latency histogram shows the time from a
 * datagram's read to the track output that follows it.
 *
 * Shutdown (SIGINT, SIGTERM or vg_live_stop): inputs are closed first (a TCP stream's last
 * unterminated line is still decoded), the pipeline is flushed (its pending scans are
 * processed and emitted), the output kinds close (flushing what they hold), files are
 * closed, TCP clients get up to drain_s to take what is queued, and the final counters are
 * logged; the loop then has no handles left and returns. A second signal closes everything
 * at once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess/assessor.h"
#include "base/log.h"
#include "engine/live_internal.h"

int vg__live_input_start(struct live_input *in, struct vg_diag *d);

static void flush_sinks(struct vg_live *e)
{
    for (size_t i = 0; i < e->nout; i++)
        if (e->out[i].open)
            vg__live_sink_flush(&e->out[i].sink);
}

static void on_tracks(void *user, double t, const struct vg_track *trk, size_t n)
{
    struct vg_live *e = user;
    e->emissions++;
    e->t_emit = t;
    e->t_emit_ns = vg__live_mono_ns();
    e->tracks_out += n;
    e->live_tracks = n;
    for (size_t i = 0; i < e->nout; i++)
        if (e->out[i].open && e->out[i].ops->tracks)
            e->out[i].ops->tracks(e->out[i].state, t, trk, n);
    flush_sinks(e);
    /* Every detection read before this output and already in the pipeline is counted as
     * delivered by it (the detection being added now, if any, is not: see ingest). */
    uint64_t now = vg__live_mono_ns();
    for (size_t i = 0; i < e->ring_n; i++)
        vg__hist_add(&e->lat_det, now - e->ring[i]);
    e->ring_n = 0;
    if (e->adding_scan)
        vg__hist_add(&e->lat_scan, now - e->adding_ns);
}

static void on_alert(void *user, const struct vg_alert *ev, const char *zone_id,
                     const struct vg_advice *adv, size_t nadv, const uint64_t *mem, size_t nmem)
{
    struct vg_live *e = user;
    e->alerts_out++;
    if (ev->state == VG_ALERT_RAISED)
        vg_log_info("alert %s raised: track %llu, zone %s, threat %.2f", ev->id,
                    (unsigned long long)ev->track, zone_id, ev->threat);
    for (size_t i = 0; i < e->nout; i++)
        if (e->out[i].open && e->out[i].ops->alert)
            e->out[i].ops->alert(e->out[i].state, ev, zone_id, adv, nadv, mem, nmem);
    flush_sinks(e);
}

int vg__live_ingest(struct vg_live *e, struct live_input *in, const struct vg_detection *det,
                    uint64_t read_ns)
{
    if (e->stopped_pipeline)
        return 1;
    if (in->sensor >= 0 && det->sensor != (uint32_t)in->sensor) {
        /* The input is bound to one sensor: a report of another is a wiring mistake. */
        return 2;
    }
    for (size_t i = 0; i < e->nout; i++)
        if (e->out[i].open && e->out[i].ops->detection)
            e->out[i].ops->detection(e->out[i].state, det);
    e->adding_ns = read_ns;
    e->adding_scan = det->kind == VG_DET_SCAN;
    int rc = vg_pipeline_add(e->pl, det);
    e->adding_scan = 0;
    if (rc) {
        if (e->pipeline_errors++ == 0 || rc == VG_ENOMEM)
            vg_log_error("input %s: pipeline: %s", in->cfg->name, vg_strerror(rc));
        return 1;
    }
    if (det->kind != VG_DET_SCAN) {
        if (e->ring_n == VG__LAT_RING) {
            e->ring_n = 0; /* no output for 65536 detections: measure from the next ones */
            e->unmeasured += VG__LAT_RING;
        }
        e->ring[e->ring_n++] = read_ns;
    }
    return 0;
}

static void on_stats(uv_timer_t *t)
{
    vg_live_log_counters(t->data, 0);
}

static void on_drain_timeout(uv_timer_t *t)
{
    struct vg_live *e = t->data;
    for (size_t i = 0; i < e->nout; i++)
        vg__live_sink_force_close(&e->out[i].sink);
    uv_close((uv_handle_t *)&e->drain_timer, NULL);
}

static void on_signal(uv_signal_t *s, int signum)
{
    struct vg_live *e = s->data;
    if (e->stopping) {
        vg_log_warn("signal %d again: closing at once", signum);
        if (e->have_drain && !uv_is_closing((uv_handle_t *)&e->drain_timer))
            on_drain_timeout(&e->drain_timer);
        return;
    }
    vg_log_info("signal %d: shutting down", signum);
    vg_live_stop(e);
}

void vg_live_stop(struct vg_live *e)
{
    if (!e || e->stopping)
        return;
    e->stopping = 1;
    for (size_t i = 0; i < e->nin; i++)
        vg__live_input_close(&e->in[i]);
    if (e->pl && !e->stopped_pipeline) {
        int rc = vg_pipeline_flush(e->pl);
        if (rc)
            vg_log_error("pipeline flush: %s", vg_strerror(rc));
    }
    e->stopped_pipeline = 1;
    for (size_t i = 0; i < e->nout; i++) {
        struct live_output *o = &e->out[i];
        if (o->open && o->ops->close)
            o->ops->close(o->state);
        o->open = 0;
        o->state = NULL;
        vg__live_sink_close(&o->sink);
    }
    if (e->have_stats && !uv_is_closing((uv_handle_t *)&e->stats_timer))
        uv_close((uv_handle_t *)&e->stats_timer, NULL);
    if (e->have_metrics && !uv_is_closing((uv_handle_t *)&e->metrics))
        uv_close((uv_handle_t *)&e->metrics, NULL);
    if (e->have_signals) {
        /* Keep the handlers (a second signal forces), but let the loop end without them. */
        uv_unref((uv_handle_t *)&e->sigint);
        uv_unref((uv_handle_t *)&e->sigterm);
    }
    int clients = 0;
    for (size_t i = 0; i < e->nout; i++)
        clients += e->out[i].sink.clients != NULL;
    if (clients && uv_timer_init(e->loop, &e->drain_timer) == 0) {
        e->have_drain = 1;
        e->drain_timer.data = e;
        uv_timer_start(&e->drain_timer, on_drain_timeout, (uint64_t)(e->cfg.drain_s * 1000), 0);
        uv_unref((uv_handle_t *)&e->drain_timer); /* the clients keep the loop alive */
    }
    if (e->t_start_ns && e->cfg.final_counters)
        vg_live_log_counters(e, 1);
}

int vg_live_new(struct vg_live **out, const struct vg_live_config *cfg, uv_loop_t *loop,
                struct vg_diag *d)
{
    *out = NULL;
    struct vg_live *e = calloc(1, sizeof *e);
    if (!e || !(e->ring = malloc(VG__LAT_RING * sizeof *e->ring))) {
        free(e);
        return vg_diag_set(d, VG_ENOMEM, "out of memory");
    }
    e->loop = loop;
    e->cfg = *cfg;
    e->metrics_port = -1;
    vg_site_init(&e->site);
    *out = e; /* from here on the caller frees with vg_live_free, whatever happens */
    int rc;
    if (e->cfg.site[0] && (rc = vg_site_load(&e->site, e->cfg.site, d)))
        return rc;
    if ((rc = vg_pipeline_new(&e->pl, &e->cfg.pipeline, &e->site, on_tracks, e, on_alert, e, d)))
        return rc;
    if (e->cfg.site[0] && e->site.nzones == 0)
        vg_log_info("site %s has no zones: no threat assessment or alerts", e->cfg.site);
    for (size_t i = 0; i < e->cfg.ninputs; i++) {
        struct live_input *in = &e->in[e->nin++];
        in->e = e;
        in->cfg = &e->cfg.inputs[i];
        in->index = i;
        if ((rc = vg__live_input_open(in, d)))
            return rc;
    }
    for (size_t i = 0; i < e->cfg.noutputs; i++) {
        struct live_output *o = &e->out[e->nout++];
        o->cfg = &e->cfg.outputs[i];
        o->ops = o->cfg->kind;
        o->sink.e = e;
        o->sink.cfg = o->cfg;
        if ((rc = vg__live_sink_open(&o->sink, d)))
            return rc;
        struct vg_live_output_ctx ctx = {o->cfg->name, &e->site, loop,
                                         o->ops->no_sink ? NULL : &o->sink, o->cfg,
                                         e, &o->sink.st};
        if ((rc = o->ops->open(&o->state, &ctx, d)))
            return rc;
        o->open = 1;
        for (size_t k = 0; k < o->cfg->nkv; k++)
            if (!o->cfg->kv[k].used)
                vg_log_warn("output %s: key '%s' (line %d) not used by kind %s", o->cfg->name,
                            o->cfg->kv[k].key, o->cfg->kv[k].line, o->ops->name);
    }
    if (e->cfg.metrics_port >= 0 && (rc = vg__live_metrics_open(e, d)))
        return rc;
    return 0;
}

int vg_live_start(struct vg_live *e, int handle_signals, struct vg_diag *d)
{
    int rc;
    e->t_start_ns = vg__live_mono_ns();
    if (handle_signals) {
        uv_signal_init(e->loop, &e->sigint);
        uv_signal_init(e->loop, &e->sigterm);
        e->have_signals = 1;
        e->sigint.data = e->sigterm.data = e;
        uv_signal_start(&e->sigint, on_signal, SIGINT);
        uv_signal_start(&e->sigterm, on_signal, SIGTERM);
    }
    if (e->cfg.stats_interval_s > 0) {
        uv_timer_init(e->loop, &e->stats_timer);
        e->have_stats = 1;
        e->stats_timer.data = e;
        uint64_t ms = (uint64_t)(e->cfg.stats_interval_s * 1000.0);
        uv_timer_start(&e->stats_timer, on_stats, ms, ms);
    }
    for (size_t i = 0; i < e->nin; i++)
        if ((rc = vg__live_input_start(&e->in[i], d)))
            return rc;
    for (size_t i = 0; i < e->nout; i++) {
        const struct live_output *o = &e->out[i];
        if (o->cfg->transport == VG_LIVE_TCP_SERVER)
            vg_log_info("output %s: %s on tcp %s:%d", o->cfg->name, o->ops->name,
                        o->cfg->address, o->sink.port);
        else if (o->cfg->transport == VG_LIVE_UDP)
            vg_log_info("output %s: %s to udp %s:%d", o->cfg->name, o->ops->name,
                        o->cfg->address, o->cfg->port);
        else if (o->cfg->transport == VG_LIVE_FILE)
            vg_log_info("output %s: %s to %s", o->cfg->name, o->ops->name, o->cfg->path);
        else if (o->cfg->path[0])
            vg_log_info("output %s: %s into %s", o->cfg->name, o->ops->name, o->cfg->path);
        else
            vg_log_info("output %s: %s", o->cfg->name, o->ops->name);
    }
    if (e->have_metrics)
        vg_log_info("metrics: GET http://%s:%d/metrics", e->cfg.metrics_address, e->metrics_port);
    vg_log_info("running: %zu inputs, %zu outputs", e->nin, e->nout);
    return 0;
}

static void close_walk(uv_handle_t *h, void *arg)
{
    (void)arg;
    if (!uv_is_closing(h))
        uv_close(h, NULL);
}

void vg_live_free(struct vg_live *e)
{
    if (!e)
        return;
    int logged = e->t_start_ns != 0;
    e->t_start_ns = 0; /* no final counters from a stop made here */
    vg_live_stop(e);
    e->t_start_ns = logged;
    for (size_t i = 0; i < e->nout; i++)
        vg__live_sink_force_close(&e->out[i].sink);
    if (e->have_signals) {
        uv_close((uv_handle_t *)&e->sigint, NULL);
        uv_close((uv_handle_t *)&e->sigterm, NULL);
        e->have_signals = 0;
    }
    if (e->have_drain && !uv_is_closing((uv_handle_t *)&e->drain_timer))
        uv_close((uv_handle_t *)&e->drain_timer, NULL);
    /* Whatever is still open on the loop belongs to this engine (it owns the loop's use). */
    uv_walk(e->loop, close_walk, NULL);
    uv_run(e->loop, UV_RUN_DEFAULT);
    for (size_t i = 0; i < e->nin; i++)
        vg__live_input_free(&e->in[i]);
    for (size_t i = 0; i < e->nout; i++)
        vg__live_sink_free(&e->out[i].sink);
    vg_pipeline_free(e->pl);
    vg_site_fini(&e->site);
    free(e->ring);
    free(e);
}

int vg_live_input_port(const struct vg_live *e, size_t i)
{
    return i < e->nin ? e->in[i].port : -1;
}

int vg_live_output_port(const struct vg_live *e, size_t i)
{
    return i < e->nout ? e->out[i].sink.port : -1;
}

int vg_live_metrics_port(const struct vg_live *e) { return e->metrics_port; }

const struct vg_live_config *vg_live_config_of(const struct vg_live *e) { return &e->cfg; }

double vg_live_time(const struct vg_live *e)
{
    if (!e->t_emit_ns)
        return vg__live_unix_s();
    return e->t_emit + 1e-9 * (double)(vg__live_mono_ns() - e->t_emit_ns);
}

int vg_live_operator_action(struct vg_live *e, const char *who, const char *what,
                            const char *alert_id, const char *detail)
{
    double t = vg_live_time(e);
    int rc = 0;
    if (!strcmp(what, "ack")) {
        struct vg_assessor *as = e->stopped_pipeline ? NULL : vg_pipeline_assessor(e->pl);
        rc = as ? vg_assessor_ack(as, alert_id ? alert_id : "", who ? who : "", t) : VG_ENOENT;
    }
    char full[320];
    snprintf(full, sizeof full, "%s%s%s", detail ? detail : "", detail && *detail && rc ? "; " : "",
             rc ? "refused: no such live alert" : "");
    vg_log_info("operator %s: %s %s%s%s", who ? who : "", what, alert_id ? alert_id : "",
                detail && *detail ? " " : "", full);
    for (size_t i = 0; i < e->nout; i++)
        if (e->out[i].open && e->out[i].ops->action)
            e->out[i].ops->action(e->out[i].state, t, who, what, alert_id, full);
    flush_sinks(e);
    return rc;
}
