/* SPDX-License-Identifier: MIT */
/* cmd_track.c — `vigil track`: detections file in, tracks file out. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "base/site.h"
#include "cli/cmds.h"
#include "cli/common.h"
#include "publish/coalesce.h"
#include "publish/tracks_jsonl.h"
#include "record/recorder.h"
#include "sense/jsonl.h"
#include "engine/pipeline.h"
#include "track/track.h"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: vigil track DETECTIONS.jsonl [--site SITE.geojson] [--config FILE]\n"
            "                   [--record REC.db] -o TRACKS.jsonl\n\n"
            "Run the multi-target tracker over a detections file (formats.md) and write every\n"
            "live track at every processed time. DETECTIONS may be '-' for stdin, TRACKS '-'\n"
            "for stdout. Reports may be out of order: those up to late_lag_s late are\n"
            "re-processed in their own scan (emit_final is on here: the file holds each scan\n"
            "as re-processed).\n\n"
            "  -s, --site FILE     site.geojson: sensor positions (needed for polar reports)\n"
            "  -c, --config FILE   tracker settings, 'key = value' lines (see below)\n"
            "  -o, --output FILE   tracks.jsonl to write (with class, p_class, threat)\n"
            "  -a, --alerts FILE   alerts.jsonl to write: threats to the site's zones, with\n"
            "                      countermeasure advice (needs --site with zones)\n"
            "      --set KEY=VAL   override one setting (repeatable)\n"
            "      --record REC.db record the run (detections, tracks, alerts, site, settings)\n"
            "                      for vigil replay and vigil export\n"
            "  -q, --quiet         no summary on stderr\n"
            "  -h, --help          this text\n\n"
            "Settings (tracker, classifier, alerts) and their defaults:\n");
    struct vg_pipeline_config cfg;
    vg_pipeline_config_default(&cfg);
    vg_pipeline_config_write(f, &cfg);
}

struct writer {
    FILE *f;
    int err;
    FILE *alerts;          /* alerts.jsonl, or NULL */
    size_t nalerts;        /* alerts raised */
    struct vg_recorder *rec; /* --record, or NULL */
};

static void on_alert(void *user, const struct vg_alert *e, const char *zone_id,
                     const struct vg_advice *adv, size_t nadv, const uint64_t *mem, size_t nmem)
{
    struct writer *w = user;
    w->nalerts += e->state == VG_ALERT_RAISED;
    if (w->rec)
        vg_recorder_alert(w->rec, e, zone_id, adv, nadv, mem, nmem);
    if (w->alerts && !w->err)
        w->err = vg_alert_write_jsonl(w->alerts, e, zone_id, adv, nadv, mem, nmem);
}

static void on_emit(void *user, double t, const struct vg_track *trk, size_t n)
{
    struct writer *w = user;
    if (w->rec)
        vg_recorder_tracks(w->rec, t, trk, n);
    if (!w->err)
        w->err = vg_tracks_jsonl_write(w->f, t, trk, n);
}

int vg_cmd_track(int argc, char **argv)
{
    static const struct option opts[] = {
        {"site", required_argument, NULL, 's'},   {"config", required_argument, NULL, 'c'},
        {"output", required_argument, NULL, 'o'}, {"set", required_argument, NULL, 'S'},
        {"quiet", no_argument, NULL, 'q'},        {"help", no_argument, NULL, 'h'},
        {"alerts", required_argument, NULL, 'a'}, {"record", required_argument, NULL, 'r'},
        {NULL, 0, NULL, 0},
    };
    const char *site_path = NULL, *out_path = NULL;
    int quiet = 0;
    struct vg_pipeline_config pcfg;
    vg_pipeline_config_default(&pcfg);
    /* A file is read at once: write what an in-order run would, late reports included. */
    pcfg.tracker.emit_final = 1;
    const char *alerts_path = NULL, *rec_path = NULL;
    struct vg_diag d;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "s:c:o:a:qh", opts, NULL)) != -1) {
        switch (c) {
        case 's':
            site_path = optarg;
            break;
        case 'c':
            if (vg_pipeline_config_load(&pcfg, optarg, &d)) {
                fprintf(stderr, "vigil track: %s\n", d.msg);
                return 2;
            }
            break;
        case 'S':
            if (vg_pipeline_config_set(&pcfg, optarg, &d)) {
                fprintf(stderr, "vigil track: --set %s\n", d.msg);
                return 2;
            }
            break;
        case 'o':
            out_path = optarg;
            break;
        case 'a':
            alerts_path = optarg;
            break;
        case 'r':
            rec_path = optarg;
            break;
        case 'q':
            quiet = 1;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (optind != argc - 1 || !out_path) {
        fprintf(stderr, "vigil track: %s\n",
                optind >= argc ? "missing DETECTIONS file" :
                optind < argc - 1 ? "more than one DETECTIONS file" : "missing -o TRACKS");
        usage(stderr);
        return 2;
    }
    const char *det_path = argv[optind];

    struct vg_site site;
    vg_site_init(&site);
    if (site_path && vg_site_load(&site, site_path, &d)) {
        fprintf(stderr, "vigil track: %s\n", d.msg);
        return 1;
    }
    int status = 1;
    struct vg_jsonl_reader *rd = NULL;
    struct vg_pipeline *pl = NULL;
    struct vg_tracker *tr = NULL;
    struct writer w = {NULL, 0, NULL, 0, NULL};
    FILE *out = NULL;
    struct vg_emit_coalesce co;
    vg_emit_coalesce_init(&co, NULL, NULL);
    if (vg_jsonl_reader_open(&rd, det_path, &site, VG_JSONL_AUTO_SENSOR, &d)) {
        fprintf(stderr, "vigil track: %s\n", d.msg);
        goto done;
    }
    out = strcmp(out_path, "-") ? fopen(out_path, "w") : stdout;
    if (!out) {
        fprintf(stderr, "vigil track: %s: %s\n", out_path, strerror(errno));
        goto done;
    }
    w.f = out;
    if (alerts_path) {
        if (!site_path || site.nzones == 0) {
            fprintf(stderr, "vigil track: --alerts needs --site with protected zones\n");
            goto done;
        }
        if (!(w.alerts = fopen(alerts_path, "w"))) {
            fprintf(stderr, "vigil track: %s: %s\n", alerts_path, strerror(errno));
            goto done;
        }
    }
    if (rec_path) {
        /* Offline: the recorder may make this run wait for the disk (BLOCK), never drop. */
        struct vg_recorder_opts ro;
        vg_recorder_opts_default(&ro);
        ro.site = &site;
        ro.flags = VG_RECORDER_TRUNCATE | VG_RECORDER_BLOCK;
        if (vg_recorder_open(&w.rec, rec_path, &ro, &d) ||
            vg_recorder_meta_run(w.rec, NULL, &site, &pcfg) ||
            vg_recorder_meta(w.rec, "source", det_path)) {
            fprintf(stderr, "vigil track: %s\n", w.rec ? "--record: out of memory" : d.msg);
            goto done;
        }
    }
    vg_emit_coalesce_init(&co, on_emit, &w);
    if (vg_pipeline_new(&pl, &pcfg, &site, vg_emit_coalesce_push, &co, on_alert, &w, &d)) {
        fprintf(stderr, "vigil track: %s\n", d.msg);
        goto done;
    }
    tr = vg_pipeline_tracker(pl);
    struct vg_detection det;
    int rc;
    while ((rc = vg_jsonl_reader_next(rd, &det, &d)) == 1) {
        if (w.rec)
            vg_recorder_detection(w.rec, &det, &site);
        if ((rc = vg_pipeline_add(pl, &det))) {
            fprintf(stderr, "vigil track: %s:%u: %s\n", det_path, det.src_line, vg_strerror(rc));
            goto done;
        }
        if (w.err)
            break;
    }
    if (rc < 0) {
        fprintf(stderr, "vigil track: %s\n", d.msg);
        goto done;
    }
    if ((rc = vg_pipeline_flush(pl)) || (rc = vg_emit_coalesce_finish(&co))) {
        fprintf(stderr, "vigil track: %s\n", vg_strerror(rc));
        goto done;
    }
    if (w.err || fflush(out)) {
        fprintf(stderr, "vigil track: %s: write error\n", out_path);
        goto done;
    }
    if (!quiet) {
        struct vg_tracker_stats st;
        vg_tracker_get_stats(tr, &st);
        fprintf(stderr,
                "vigil track: %llu detections in %llu scans; %llu tracks started, %llu "
                "confirmed, %zu live at the end (at most %zu)\n",
                (unsigned long long)st.detections, (unsigned long long)st.scans,
                (unsigned long long)st.tracks_created, (unsigned long long)st.tracks_confirmed,
                st.live, st.live_max);
        if (st.late)
            fprintf(stderr, "vigil track: %llu reports arrived after their scan closed and were "
                            "re-processed (%llu older than late_lag_s, used on arrival)\n",
                    (unsigned long long)st.late, (unsigned long long)st.late_old);
        if (st.unsupported)
            fprintf(stderr, "vigil track: warning: %llu detections of kinds this tracker "
                            "does not use (adsb, remoteid: identification comes later) were "
                            "skipped\n",
                    (unsigned long long)st.unsupported);
        if (alerts_path)
            fprintf(stderr, "vigil track: %zu alerts raised, written to %s\n", w.nalerts,
                    alerts_path);
    }
    status = 0;
done:
    if (out && out != stdout && fclose(out) && status == 0) {
        fprintf(stderr, "vigil track: %s: write error\n", out_path);
        status = 1;
    }
    vg_pipeline_free(pl);
    if (w.alerts && fclose(w.alerts) && status == 0) {
        fprintf(stderr, "vigil track: %s: write error\n", alerts_path);
        status = 1;
    }
    vg_emit_coalesce_fini(&co);
    if (w.rec) {
        struct vg_recorder_stats rs;
        vg_recorder_stats(w.rec, &rs);
        if (vg_recorder_close(w.rec) && status == 0) {
            fprintf(stderr, "vigil track: --record: %s\n", rs.last_msg);
            status = 1;
        }
    }
    vg_jsonl_reader_free(rd);
    vg_site_fini(&site);
    return status;
}
