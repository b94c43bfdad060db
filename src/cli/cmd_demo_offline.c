/* SPDX-License-Identifier: MIT */
/* cmd_demo_offline.c — `vigil demo --offline`: the built-in border-post attack, simulated,
 * tracked and scored, with a summary (the live picture is cmd_demo_live.c).
 *
 * The whole chain in one process: sim/ plays the scenario into memory, the tracker runs on
 * the detections in arrival order exactly as `vigil track` would, score/ compares the
 * confirmed tracks with truth, and a summary says per attacker when it was first detected,
 * when a track was confirmed on it and how much of its flight a track held. With -o DIR the
 * files of every stage are written too, for `vigil track` / `vigil score` to reproduce. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmds.h"
#include "cli/common.h"
#include "cli/demo.h"
#include "publish/coalesce.h"
#include "publish/tracks_jsonl.h"
#include "score/score.h"
#include "sim/sim.h"
#include "engine/pipeline.h"
#include "track/track.h"

extern const unsigned char vg_scenario_border_post_yaml[];
extern const size_t vg_scenario_border_post_yaml_len;

#define HOLD_M 50.0 /* a confirmed track within this of an object "holds" it */
#define ALERT_M 150.0 /* an alert's track within this of an object is on it */

#define MAX_PENDING 256

struct follow {          /* per simulated object */
    double first_alert;  /* s, first alert raised on a track holding it (NAN if never) */
    double first_det;    /* s, first detection of it (NAN if none) */
    double first_conf;   /* s, first time a confirmed track held it (NAN if never) */
    uint64_t track_id;   /* the track that held it last */
    int id_changes;      /* times the holding track changed */
    int alive_times;     /* processed times while alive and detected at least once */
    int held_times;      /* of those, times held */
};

struct pending_alert {   /* raised at a step whose tracks come with its emission */
    uint64_t track;
    double t;
    int group;           /* alerts counter value: one per alert, shared by swarm members */
};

struct demo {
    struct pending_alert pend[MAX_PENDING];
    int npend;
    size_t alerts, false_alerts;
    const struct vg_sim_output *sim;
    struct follow *fl;
    struct vg_score_set *tracks;
    FILE *tracks_out;
    int err;
};

static void on_alert(void *user, const struct vg_alert *e, const char *zone_id,
                     const struct vg_advice *adv, size_t nadv, const uint64_t *mem, size_t nmem)
{
    struct demo *dm = user;
    (void)zone_id;
    (void)adv;
    (void)nadv;
    if (e->state != VG_ALERT_RAISED)
        return;
    int g = (int)dm->alerts++;
    if (!mem && dm->npend < MAX_PENDING)
        dm->pend[dm->npend++] = (struct pending_alert){e->track, e->t, g};
    for (size_t i = 0; i < nmem && dm->npend < MAX_PENDING; i++)
        dm->pend[dm->npend++] = (struct pending_alert){mem[i], e->t, g};
}

/* Credit each alert raised at this step to the hostile object its track is on (the nearest
 * within HOLD_M), or count it false. */
/* Whether the track is on a hostile object at t (the nearest object within ALERT_M: a
 * track just confirmed 3 km out is ±30 m across the beam), crediting its first alert. */
static int credit(struct demo *dm, double t, const struct vg_track *trk, size_t n,
                  uint64_t track, double t_alert)
{
    const struct vg_track *k = NULL;
    for (size_t i = 0; i < n && !k; i++)
        if (trk[i].id == track)
            k = &trk[i];
    size_t best = dm->sim->nobjects;
    double bd = ALERT_M;
    for (size_t o = 0; k && o < dm->sim->nobjects; o++) {
        double pos[3], vel[3];
        if (!vg_sim_object_state(&dm->sim->objects[o], t, pos, vel))
            continue;
        double dd = hypot(hypot(k->x[0] - pos[0], k->x[1] - pos[1]), k->x[2] - pos[2]);
        if (dd < bd) {
            bd = dd;
            best = o;
        }
    }
    if (best == dm->sim->nobjects || !dm->sim->objects[best].hostile)
        return 0;
    if (isnan(dm->fl[best].first_alert))
        dm->fl[best].first_alert = t_alert;
    return 1;
}

/* Resolve the alerts raised at t against the tracks emitted at t (later ones wait): an
 * alert is on no attacker when its track — for a swarm, every member — is on none. */
static void resolve_alerts(struct demo *dm, double t, const struct vg_track *trk, size_t n)
{
    int keep = 0;
    for (int a = 0; a < dm->npend;) {
        if (dm->pend[a].t != t) {
            dm->pend[keep++] = dm->pend[a++];
            continue;
        }
        int g = dm->pend[a].group, hostile = 0;
        for (; a < dm->npend && dm->pend[a].group == g; a++)
            hostile |= credit(dm, t, trk, n, dm->pend[a].track, dm->pend[a].t);
        dm->false_alerts += !hostile;
    }
    dm->npend = keep;
}

static void on_emit(void *user, double t, const struct vg_track *trk, size_t n)
{
    struct demo *dm = user;
    resolve_alerts(dm, t, trk, n);
    char id[32];
    int any = 0;
    for (size_t i = 0; i < n; i++) {
        if (trk[i].status == VG_TRACK_TENTATIVE)
            continue;
        snprintf(id, sizeof id, "%llu", (unsigned long long)trk[i].id);
        dm->err |= vg_score_set_add(dm->tracks, t, trk[i].x, id, 0);
        any = 1;
    }
    if (!any)
        dm->err |= vg_score_set_add_time(dm->tracks, t);
    if (dm->tracks_out)
        dm->err |= vg_tracks_jsonl_write(dm->tracks_out, t, trk, n);
    for (size_t k = 0; k < dm->sim->nobjects; k++) {
        struct follow *f = &dm->fl[k];
        double pos[3], vel[3];
        if (!vg_sim_object_state(&dm->sim->objects[k], t, pos, vel) || !(t >= f->first_det))
            continue;
        f->alive_times++;
        double best = ALERT_M;
        const struct vg_track *hold = NULL;
        for (size_t i = 0; i < n; i++) {
            if (trk[i].status == VG_TRACK_TENTATIVE)
                continue;
            double d = hypot(hypot(trk[i].x[0] - pos[0], trk[i].x[1] - pos[1]),
                             trk[i].x[2] - pos[2]);
            if (d < best) {
                best = d;
                hold = &trk[i];
            }
        }
        if (!hold)
            continue;
        /* Confirmed on it: the nearest confirmed track within ALERT_M (as alerts are
         * credited); held: within HOLD_M. */
        if (isnan(f->first_conf))
            f->first_conf = t;
        if (best >= HOLD_M)
            continue;
        f->held_times++;
        if (f->track_id && hold->id != f->track_id)
            f->id_changes++;
        f->track_id = hold->id;
    }
}

static void print_summary(const struct vg_scenario *sc, const struct vg_sim_output *sim,
                          const struct follow *fl, const struct vg_tracker_stats *st,
                          const struct vg_score_result *res, size_t alerts, size_t false_alerts)
{
    size_t nbirds = 0;
    int bird_alive = 0, bird_held = 0;
    for (size_t k = 0; k < sim->nobjects; k++)
        if (sim->objects[k].kind == VG_SIM_BIRD) {
            nbirds++;
            bird_alive += fl[k].alive_times;
            bird_held += fl[k].held_times;
        }
    printf("Vigil demo: %s — %zu FPV attackers among %zu birds, %zu radars and %zu bearing "
           "sensors, %.0f s\n\n",
           sc->name, sim->nobjects - nbirds, nbirds, sc->nradars, sc->nbearing_sensors,
           sc->duration_s);
    printf("Sensed    %zu detections (%zu of objects, %zu clutter; %zu of them bearings) in "
           "%zu sensor scans\n",
           sim->ntarget + sim->nclutter, sim->ntarget, sim->nclutter, sim->nbearings,
           sim->nscans);
    printf("Tracked   %llu tracks started, %llu confirmed, at most %zu live at once\n\n",
           (unsigned long long)st->tracks_created, (unsigned long long)st->tracks_confirmed,
           st->live_max);
    printf("Attacker  link          launched  first seen  track confirmed  alerted (lead)    "
           "reaches zone  held\n");
    for (size_t k = 0; k < sim->nobjects; k++) {
        const struct vg_sim_object *o = &sim->objects[k];
        const struct follow *f = &fl[k];
        if (o->kind != VG_SIM_FPV)
            continue;
        char seen[16] = "never", conf[32] = "never", zone[16] = "-", alert[32] = "never";
        if (!isnan(f->first_det))
            snprintf(seen, sizeof seen, "%.1f s", f->first_det);
        if (!isnan(f->first_conf))
            snprintf(conf, sizeof conf, "%.1f s (+%.1f)", f->first_conf,
                     f->first_conf - f->first_det);
        if (isfinite(o->t_end))
            snprintf(zone, sizeof zone, "%.1f s", o->t_end);
        if (!isnan(f->first_alert))
            snprintf(alert, sizeof alert, "%.1f s (%.0f s)", f->first_alert,
                     isfinite(o->t_end) ? o->t_end - f->first_alert : 0.0);
        printf("%-9s %-12s %6.1f s  %-10s  %-15s  %-16s  %-12s  %3.0f %%\n", o->id,
               vg_link_name(o->link), o->t_start, seen, conf, alert, zone,
               f->alive_times ? 100.0 * f->held_times / f->alive_times : 0.0);
    }
    printf("\nBirds     held %.0f %% of the time after first detection\n",
           bird_alive ? 100.0 * bird_held / bird_alive : 0.0);
    printf("Alerts    %zu raised (swarm alerts included); %zu on no attacker\n", alerts,
           false_alerts);
    printf("Score     GOSPA (c = %.0f m, p = %.0f) %.1f per time over %zu times: "
           "localisation %.1f,\n          %.2f objects missed and %.2f false tracks per time, "
           "%ld id switches\n",
           res->c, res->p, res->gospa, res->times, res->loc_term, res->missed_n, res->false_n,
           res->id_switches);
    printf("\n'confirmed': the first confirmed track within %.0f m of it (a track just confirmed\n"
           "3 km out is some 30 m off across the beam); 'held': the times after its first\n"
           "detection with a confirmed track within %.0f m. -o DIR keeps every stage's files.\n",
           ALERT_M, HOLD_M);
}

int vg_cli_demo_offline(const struct vg_demo_opts *o)
{
    const char *sc_path = o->scenario, *dir = o->dir;
    struct vg_diag d;
    struct vg_scenario sc;
    vg_scenario_init(&sc);
    int rc = sc_path ? vg_scenario_load(&sc, sc_path, &d)
                     : vg_scenario_parse(&sc, "border-post.yaml (built in)",
                                         (const char *)vg_scenario_border_post_yaml,
                                         vg_scenario_border_post_yaml_len, &d);
    if (rc) {
        fprintf(stderr, "vigil demo: %s\n", d.msg);
        return 1;
    }
    if (o->have_seed)
        sc.seed = o->seed;
    int status = 1;
    struct vg_sim_output sim;
    vg_sim_output_init(&sim);
    struct vg_score_set truth, tracks;
    vg_score_set_init(&truth);
    vg_score_set_init(&tracks);
    struct vg_pipeline *pl = NULL;
    struct vg_tracker *tr = NULL;
    struct follow *fl = NULL;
    double *scan_t = NULL;
    static struct demo dm;
    memset(&dm, 0, sizeof dm);
    dm.sim = &sim;
    dm.tracks = &tracks;
    struct vg_emit_coalesce co;
    vg_emit_coalesce_init(&co, NULL, NULL);

    if ((rc = vg_sim_run(&sc, &sim, &d))) {
        fprintf(stderr, "vigil demo: %s\n", d.msg);
        goto done;
    }
    if (dir) {
        char path[4096];
        if ((rc = vg_sim_write(&sc, &sim, dir, &d))) {
            fprintf(stderr, "vigil demo: %s\n", d.msg);
            goto done;
        }
        snprintf(path, sizeof path, "%s/tracks.jsonl", dir);
        if (!(dm.tracks_out = fopen(path, "w"))) {
            fprintf(stderr, "vigil demo: %s: %s\n", path, strerror(errno));
            goto done;
        }
    }
    fl = calloc(sim.nobjects ? sim.nobjects : 1, sizeof *fl);
    scan_t = malloc((sim.nscans ? sim.nscans : 1) * sizeof *scan_t);
    if (!fl || !scan_t) {
        fprintf(stderr, "vigil demo: out of memory\n");
        goto done;
    }
    for (size_t k = 0; k < sim.nobjects; k++)
        fl[k].first_det = fl[k].first_conf = fl[k].first_alert = NAN;
    dm.fl = fl;
    vg_emit_coalesce_init(&co, on_emit, &dm);
    if (vg_pipeline_new(&pl, &o->pcfg, &sc.site, vg_emit_coalesce_push, &co, on_alert, &dm, &d)) {
        fprintf(stderr, "vigil demo: %s\n", d.msg);
        goto done;
    }
    tr = vg_pipeline_tracker(pl);
    size_t nscan = 0;
    for (size_t i = 0; i < sim.ndets; i++) {
        int32_t obj = sim.det_object[i];
        if (obj >= 0 && isnan(fl[obj].first_det))
            fl[obj].first_det = sim.dets[i].t;
        if (sim.dets[i].kind == VG_DET_SCAN)
            scan_t[nscan++] = sim.dets[i].t;
        if ((rc = vg_pipeline_add(pl, &sim.dets[i]))) {
            fprintf(stderr, "vigil demo: tracker: %s\n", vg_strerror(rc));
            goto done;
        }
    }
    if ((rc = vg_pipeline_flush(pl)) || (rc = vg_emit_coalesce_finish(&co)) || dm.err) {
        fprintf(stderr, "vigil demo: %s\n", rc ? vg_strerror(rc) : "out of memory or write error");
        goto done;
    }
    for (size_t i = 0; i < sim.ntruth; i++)
        if (vg_score_set_add(&truth, sim.truth[i].t, sim.truth[i].pos,
                             sim.objects[sim.truth[i].object].id, 0)) {
            fprintf(stderr, "vigil demo: out of memory\n");
            goto done;
        }
    struct vg_score_params prm;
    vg_score_params_default(&prm);
    prm.c = HOLD_M;
    struct vg_score_result res;
    if (vg_score_run(&truth, &tracks, scan_t, nscan, &prm, NULL, NULL, &res, &d)) {
        fprintf(stderr, "vigil demo: %s\n", d.msg);
        goto done;
    }
    struct vg_tracker_stats st;
    vg_tracker_get_stats(tr, &st);
    print_summary(&sc, &sim, fl, &st, &res, dm.alerts, dm.false_alerts);
    if (dir)
        printf("Files     %s/{site.geojson,truth.jsonl,detections.jsonl,tracks.jsonl}\n", dir);
    status = 0;
done:
    if (dm.tracks_out && fclose(dm.tracks_out) && status == 0) {
        fprintf(stderr, "vigil demo: write error in %s\n", dir);
        status = 1;
    }
    vg_pipeline_free(pl);
    vg_emit_coalesce_fini(&co);
    free(fl);
    free(scan_t);
    vg_score_set_fini(&truth);
    vg_score_set_fini(&tracks);
    vg_sim_output_fini(&sim);
    vg_scenario_fini(&sc);
    return status;
}
