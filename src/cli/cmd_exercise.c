/* SPDX-License-Identifier: MIT */
/* cmd_exercise.c — `vigil exercise`: a scenario played through the whole pipeline and scored
 * as an exercise (score/exercise.h), with a report.
 *
 * sim/ plays the scenario into memory; the detections go, in arrival order, through the same
 * pipeline `vigil track --alerts` runs (track → identify → assess); its tracks (one emission
 * per time) and alert events are written to DIR and fed to the scorer, which judges them
 * against the truth at the end. The CLI only wires and formats: every number comes from the
 * scoring library. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmds.h"
#include "cli/common.h"
#include "engine/pipeline.h"
#include "publish/coalesce.h"
#include "publish/report.h"
#include "publish/tracks_jsonl.h"
#include "record/recorder.h"
#include "score/exercise.h"
#include "sim/sim.h"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: vigil exercise SCENARIO.yaml -o DIR [--config FILE] [--seed N]\n"
            "                      [--set KEY=VAL] [--record REC.db] [-q]\n\n"
            "Simulate a scenario, run the pipeline on it (track, identify, assess) and score\n"
            "it as an exercise: per attacker when it was first detectable, detected, confirmed\n"
            "and alerted, and the alert's lead before it reached its zone; false alerts; GOSPA;\n"
            "classification. Writes to DIR:\n"
            "  score.json      the scores (one JSON object)\n"
            "  report.html     one self-contained page: map, timelines, plots, tables\n"
            "  alerts.jsonl    every alert event;  tracks.jsonl  every track at every time\n"
            "  truth.jsonl, detections.jsonl, site.geojson  (as 'vigil sim' writes them)\n\n"
            "  -o, --output DIR    where to write (created if missing)\n"
            "  -c, --config FILE   settings, 'key = value' lines: any key of the tracker\n"
            "                      ('vigil track --help'), the classifier or the alerts\n"
            "                      (raise_threat, raise_hold_s, ...)\n"
            "      --set KEY=VAL   override one such setting (repeatable)\n"
            "      --seed N        override the scenario's seed\n"
            "      --record REC.db record the run (detections, tracks, alerts, site, settings)\n"
            "                      for vigil replay and vigil export\n"
            "  -q, --quiet         no summary on stdout\n"
            "  -h, --help          this text\n\n"
            "A confirmed track is on an object when the optimal assignment at that time pairs\n"
            "them (within 50 m, or inside the track's own 99 %% gate up to 250 m); an alert is\n"
            "false when its track is on no attacker when it is raised. report.html ends with\n"
            "the exact definitions.\n");
}

struct run {
    struct vg_exercise *ex;
    FILE *tracks, *alerts;
    int err;
    struct vg_recorder *rec;   /* --record, or NULL */
};

static void on_tracks(void *user, double t, const struct vg_track *trk, size_t n)
{
    struct run *r = user;
    if (r->err)
        return;
    if (r->rec)
        vg_recorder_tracks(r->rec, t, trk, n);
    if ((r->err = vg_tracks_jsonl_write(r->tracks, t, trk, n)) == 0)
        r->err = vg_exercise_tracks(r->ex, t, trk, n);
}

static void on_alert(void *user, const struct vg_alert *e, const char *zone_id,
                     const struct vg_advice *adv, size_t nadv, const uint64_t *mem, size_t nmem)
{
    struct run *r = user;
    if (r->err)
        return;
    if (r->rec)
        vg_recorder_alert(r->rec, e, zone_id, adv, nadv, mem, nmem);
    if ((r->err = vg_alert_write_jsonl(r->alerts, e, zone_id, adv, nadv, mem, nmem)) == 0)
        r->err = vg_exercise_alert(r->ex, e, mem, nmem);
}

static FILE *open_in(const char *dir, const char *name, char *path, size_t cap)
{
    snprintf(path, cap, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        fprintf(stderr, "vigil exercise: %s: %s\n", path, strerror(errno));
    return f;
}

static int close_file(FILE *f, const char *dir, const char *name, int status)
{
    if (f && fclose(f) && status == 0) {
        fprintf(stderr, "vigil exercise: %s/%s: write error\n", dir, name);
        return 1;
    }
    return status;
}

static void print_time(const char *fmt, double v)
{
    if (isfinite(v))
        printf(fmt, v);
    else
        printf("%*s", (int)strlen("-999.9"), "-");
}

static void summary(const struct vg_scenario *sc, const struct vg_exercise_result *r,
                    const char *dir)
{
    printf("Vigil exercise: %s (seed %llu, %.0f s) — %zu attacker%s\n\n", r->scenario,
           (unsigned long long)r->seed, r->duration_s, r->nhostiles, r->nhostiles == 1 ? "" : "s");
    printf("Attacker   detectable detected confirmed  alerted  zone at  lead s  lead %%  "
           "det→alert s  look→alert s\n");
    for (size_t i = 0; i < r->nhostiles; i++) {
        const struct vg_exercise_hostile *h = &r->hostiles[i];
        printf("%-10s ", h->id);
        print_time("%6.1f", h->t_detectable);
        printf("     ");
        print_time("%6.1f", h->t_detected);
        printf("    ");
        print_time("%6.1f", h->t_confirmed);
        printf("  ");
        print_time("%6.1f", h->t_alerted);
        printf("  ");
        print_time("%6.1f", h->t_zone);
        printf("  ");
        print_time("%6.1f", h->lead_s);
        printf("  ");
        print_time("%5.0f", 100.0 * h->lead_fraction);
        printf("   ");
        print_time("%6.1f", h->detect_to_alert_s);
        printf("       ");
        print_time("%5.2f", h->look_to_alert_s);
        printf("%s%s\n", h->zone >= 0 ? "  " : "", h->zone >= 0 ? sc->site.zones[h->zone].id : "");
    }
    printf("\nAlerts    %zu raised; %zu false (%.1f per hour); %zu of %zu attackers never "
           "alerted\n", r->nalerts, r->false_alerts, r->false_alerts_per_hour, r->never_alerted,
           r->nhostiles);
    printf("Tracking  GOSPA (c = %.0f m, p = %.0f) %.1f per time over %zu times: "
           "localisation %.1f, missed %.1f, false %.1f\n",
           r->gospa.c, r->gospa.p, r->gospa.gospa, r->gospa.times, r->gospa.loc_term,
           r->gospa.missed_term, r->gospa.false_term);
    if (isfinite(r->drone_bird_accuracy))
        printf("Identity  drone-vs-bird accuracy %.1f %% over %llu track-times on drones and "
               "birds\n", 100.0 * r->drone_bird_accuracy, (unsigned long long)r->drone_bird_n);
    printf("Files     %s/{score.json,report.html,alerts.jsonl,tracks.jsonl,truth.jsonl,"
           "detections.jsonl,site.geojson}\n", dir);
}

/* Simulate, run the pipeline, score; the result is left in res. */
static int play(const struct vg_scenario *sc, const struct vg_pipeline_config *pc,
                const struct vg_sim_output *sim, const char *dir, const char *rec_path,
                struct vg_exercise_result *res)
{
    struct vg_diag d;
    char path[4096];
    struct run r = {NULL, NULL, NULL, 0, NULL};
    struct vg_pipeline *pl = NULL;
    struct vg_emit_coalesce co;
    vg_emit_coalesce_init(&co, on_tracks, &r);
    int status = 1, rc;
    if (vg_exercise_new(&r.ex, sc, sim, NULL, &d) ||
        vg_pipeline_new(&pl, pc, &sc->site, vg_emit_coalesce_push, &co, on_alert, &r, &d)) {
        fprintf(stderr, "vigil exercise: %s\n", d.msg);
        goto done;
    }
    if (rec_path) {
        /* Offline: the recorder may make this run wait for the disk (BLOCK), never drop. */
        struct vg_recorder_opts ro;
        vg_recorder_opts_default(&ro);
        ro.site = &sc->site;
        ro.flags = VG_RECORDER_TRUNCATE | VG_RECORDER_BLOCK;
        if (vg_recorder_open(&r.rec, rec_path, &ro, &d) ||
            vg_recorder_meta_run(r.rec, sc->name, &sc->site, pc)) {
            fprintf(stderr, "vigil exercise: %s\n", r.rec ? "--record: out of memory" : d.msg);
            goto done;
        }
    }
    if (!(r.tracks = open_in(dir, "tracks.jsonl", path, sizeof path)) ||
        !(r.alerts = open_in(dir, "alerts.jsonl", path, sizeof path)))
        goto done;
    for (size_t i = 0; i < sim->ndets && !r.err; i++) {
        if (r.rec)
            vg_recorder_detection(r.rec, &sim->dets[i], &sc->site);
        if ((rc = vg_pipeline_add(pl, &sim->dets[i]))) {
            fprintf(stderr, "vigil exercise: pipeline: %s\n", vg_strerror(rc));
            goto done;
        }
    }
    if ((rc = vg_pipeline_flush(pl)) || (rc = vg_emit_coalesce_finish(&co)) || (rc = r.err)) {
        fprintf(stderr, "vigil exercise: %s\n", vg_strerror(rc));
        goto done;
    }
    if (vg_exercise_finish(r.ex, res, &d)) {
        fprintf(stderr, "vigil exercise: %s\n", d.msg);
        goto done;
    }
    status = 0;
done:
    vg_pipeline_free(pl);
    vg_emit_coalesce_fini(&co);
    vg_exercise_free(r.ex);
    if (r.rec) {
        struct vg_recorder_stats rs;
        vg_recorder_stats(r.rec, &rs);
        if (vg_recorder_close(r.rec) && status == 0) {
            fprintf(stderr, "vigil exercise: --record: %s\n", rs.last_msg);
            status = 1;
        }
    }
    status = close_file(r.tracks, dir, "tracks.jsonl", status);
    return close_file(r.alerts, dir, "alerts.jsonl", status);
}

static int write_reports(const struct vg_scenario *sc, const struct vg_sim_output *sim,
                         const struct vg_exercise_result *res, const char *dir)
{
    char path[4096];
    FILE *f = open_in(dir, "score.json", path, sizeof path);
    int rc = f ? vg_report_score_json(f, sc, sim, res) : VG_EIO;
    int status = rc ? 1 : 0;
    if (rc && f)
        fprintf(stderr, "vigil exercise: %s: %s\n", path, vg_strerror(rc));
    status = close_file(f, dir, "score.json", status);
    if (status)
        return status;
    f = open_in(dir, "report.html", path, sizeof path);
    rc = f ? vg_report_html(f, sc, sim, res) : VG_EIO;
    status = rc ? 1 : 0;
    if (rc && f)
        fprintf(stderr, "vigil exercise: %s: %s\n", path, vg_strerror(rc));
    return close_file(f, dir, "report.html", status);
}

int vg_cmd_exercise(int argc, char **argv)
{
    static const struct option opts[] = {
        {"output", required_argument, NULL, 'o'}, {"config", required_argument, NULL, 'c'},
        {"seed", required_argument, NULL, 'S'},   {"set", required_argument, NULL, 'K'},
        {"quiet", no_argument, NULL, 'q'},        {"help", no_argument, NULL, 'h'},
        {"record", required_argument, NULL, 'r'}, {NULL, 0, NULL, 0},
    };
    const char *dir = NULL, *rec_path = NULL;
    uint64_t seed = 0;
    int have_seed = 0, quiet = 0, c;
    struct vg_pipeline_config pc;
    vg_pipeline_config_default(&pc);
    /* The simulator's reports come in arrival order from one source: a rotating radar that
     * marks only whole scans is processed by sector all the same (tracker_input.c), as a
     * radar sending sector markers would be; a delayed one is left to its markers. */
    pc.tracker.implicit_sectors = 1;
    struct vg_diag d;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:c:qh", opts, NULL)) != -1) {
        switch (c) {
        case 'o':
            dir = optarg;
            break;
        case 'c':
            if (vg_pipeline_config_load(&pc, optarg, &d)) {
                fprintf(stderr, "vigil exercise: %s\n", d.msg);
                return 2;
            }
            break;
        case 'K':
            if (vg_pipeline_config_set(&pc, optarg, &d)) {
                fprintf(stderr, "vigil exercise: --set %s\n", d.msg);
                return 2;
            }
            break;
        case 'S':
            if (vg_cli_parse_seed(optarg, &seed)) {
                fprintf(stderr, "vigil exercise: --seed '%s' is not a non-negative integer\n",
                        optarg);
                return 2;
            }
            have_seed = 1;
            break;
        case 'q':
            quiet = 1;
            break;
        case 'r':
            rec_path = optarg;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (optind != argc - 1 || !dir) {
        fprintf(stderr, "vigil exercise: %s\n",
                optind >= argc ? "missing SCENARIO file" :
                optind < argc - 1 ? "more than one SCENARIO file" : "missing -o DIR");
        usage(stderr);
        return 2;
    }
    struct vg_scenario sc;
    vg_scenario_init(&sc);
    if (vg_scenario_load(&sc, argv[optind], &d)) {
        fprintf(stderr, "vigil exercise: %s\n", d.msg);
        return 1;
    }
    if (have_seed)
        sc.seed = seed;
    if (sc.site.nzones == 0)
        fprintf(stderr, "vigil exercise: warning: %s has no protected zones: no alerts, no "
                        "lead times\n", argv[optind]);
    struct vg_sim_output sim;
    vg_sim_output_init(&sim);
    struct vg_exercise_result res;
    vg_exercise_result_init(&res);
    int status = 1;
    if (vg_sim_run(&sc, &sim, &d) || vg_sim_write(&sc, &sim, dir, &d)) {
        fprintf(stderr, "vigil exercise: %s\n", d.msg);
        goto done;
    }
    if ((status = play(&sc, &pc, &sim, dir, rec_path, &res)) != 0)
        goto done;
    if ((status = write_reports(&sc, &sim, &res, dir)) != 0)
        goto done;
    if (!quiet)
        summary(&sc, &res, dir);
done:
    vg_exercise_result_fini(&res);
    vg_sim_output_fini(&sim);
    vg_scenario_fini(&sc);
    return status;
}
