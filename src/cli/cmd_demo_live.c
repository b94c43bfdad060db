/* SPDX-License-Identifier: MIT */
/* cmd_demo_live.c — `vigil demo`: the swarm exercise live on the operator picture.
 *
 * The scenario (built in: scenarios/exercise-swarm12.yaml) is simulated for a whole run up
 * front (about 0.2 s of CPU for 110 s of exercise), then its detections are fed to the
 * pipeline as their arrival times come due on the wall clock (× --speed), exactly as a live
 * engine would receive them; each run ends with the scenario and the next starts with the
 * next seed. Ten times a second the latest tracks (confirmed and coasting: tentative ones
 * are mostly clutter an operator need not see), carried forward on their velocity to now,
 * go to the COP, and the operators' actions come back: an acknowledgement goes to the
 * assessor, whose "acknowledged" event confirms it on the page; a clear is the operator's
 * decision to drop the alert from the picture, so the assessor's later updates of that
 * alert are no longer shown (a renewed threat after its own clear raises a new alert).
 *
 * Recording: each run goes into an SQLite recording (src/record/; --record PATH, default
 * STATE_DIR/demo.db, run N ≥ 2 in demo-N.db; --no-record): every detection as received,
 * every emission (one per time, through the coalescer, as `vigil exercise --record` keeps
 * them, so `vigil replay --rerun` reproduces them), every alert event and every operator
 * action with who, from where and when. */
#include <math.h>
#include <signal.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "base/grow.h"
#include "cli/demo.h"
#include "publish/coalesce.h"
#include "publish/cop.h"
#include "record/recorder.h"
#include "sim/sim.h"

extern const unsigned char vg_scenario_exercise_swarm12_yaml[];
extern const size_t vg_scenario_exercise_swarm12_yaml_len;
extern char **environ;

#define TICK_S 0.1          /* publish period: 10 pictures a second */
#define CARRY_MAX_S 2.0     /* carry a track forward at most this far past its emission */
#define LIVE_MAX 256        /* live alerts remembered for an operator's clear */
#define CLEARED_MAX 64      /* alerts cleared by an operator, still live in the assessor */

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

struct live_alert {
    struct vg_alert a;
    char zone[VG_ID_MAX];
};

struct live {
    struct vg_cop *cop;
    struct vg_pipeline *pl;
    double sim_t;                   /* now, in scenario seconds */
    struct vg_track *last;          /* the latest emission */
    size_t nlast, last_cap;
    double t_last;
    struct vg_track *pub;           /* what is published: carried forward */
    size_t pub_cap;
    struct live_alert al[LIVE_MAX];
    size_t nal;
    char cleared[CLEARED_MAX][VG_ALERT_ID_MAX];
    size_t ncleared;
    size_t raised, acked, op_cleared;
    int err;
    struct vg_recorder *rec;        /* this run's recording, or NULL */
    struct vg_emit_coalesce co;     /* emissions to the recorder, one per time */
};

static void record_tracks(void *user, double t, const struct vg_track *trk, size_t n)
{
    struct live *lv = user;
    if (lv->rec)
        vg_recorder_tracks(lv->rec, t, trk, n); /* a full queue drops and counts */
}

/* The project's grow-only array (base/grow.h) for the demo's two track buffers. */
static int grow(struct vg_track **p, size_t *cap, size_t n)
{
    VG_GROW(*p, *cap, n);
    return 0;
}

static void on_tracks(void *user, double t, const struct vg_track *trk, size_t n)
{
    struct live *lv = user;
    vg_emit_coalesce_push(&lv->co, t, trk, n);
    if (grow(&lv->last, &lv->last_cap, n)) {
        lv->err = VG_ENOMEM;
        return;
    }
    if (n)
        memcpy(lv->last, trk, n * sizeof *trk);
    lv->nlast = n;
    lv->t_last = t;
}

static int find_live(const struct live *lv, const char *id)
{
    for (size_t i = 0; i < lv->nal; i++)
        if (!strcmp(lv->al[i].a.id, id))
            return (int)i;
    return -1;
}

static int find_cleared(const struct live *lv, const char *id)
{
    for (size_t i = 0; i < lv->ncleared; i++)
        if (!strcmp(lv->cleared[i], id))
            return (int)i;
    return -1;
}

static void say(const struct live *lv, const struct vg_alert *e, const char *zone,
                const char *what)
{
    char target[40];
    if (e->track & VG_ALERT_SWARM_BIT)
        snprintf(target, sizeof target, "swarm");
    else
        snprintf(target, sizeof target, "track %llu", (unsigned long long)e->track);
    printf("  t = %6.1f s  %-4s %-12s %s %s -> %s%s%s\n", lv->sim_t, e->id, what,
           vg_alert_level_name(e->level), target, zone,
           e->acknowledged ? ", acknowledged by " : "", e->acknowledged ? e->ack_by : "");
    fflush(stdout);
}

static void on_alert(void *user, const struct vg_alert *e, const char *zone_id,
                     const struct vg_advice *adv, size_t nadv, const uint64_t *mem, size_t nmem)
{
    struct live *lv = user;
    if (lv->rec)
        vg_recorder_alert(lv->rec, e, zone_id, adv, nadv, mem, nmem);
    int c = find_cleared(lv, e->id);
    if (c >= 0) { /* cleared by an operator: not shown again; forgotten at its own clear */
        if (e->state == VG_ALERT_CLEARED)
            memcpy(lv->cleared[c], lv->cleared[--lv->ncleared], VG_ALERT_ID_MAX);
        return;
    }
    int k = find_live(lv, e->id);
    if (e->state == VG_ALERT_CLEARED) {
        if (k >= 0)
            lv->al[k] = lv->al[--lv->nal];
    } else if (k >= 0 || lv->nal < LIVE_MAX) {
        if (k < 0)
            k = (int)lv->nal++;
        lv->al[k].a = *e;
        snprintf(lv->al[k].zone, sizeof lv->al[k].zone, "%s", zone_id ? zone_id : "");
    }
    if (e->state == VG_ALERT_RAISED)
        lv->raised++;
    if (e->state != VG_ALERT_UPDATED)
        say(lv, e, zone_id ? zone_id : "", vg_alert_state_name(e->state));
    vg_cop_on_alert(lv->cop, e, zone_id, adv, nadv, mem, nmem);
}

static void on_action(void *user, const struct vg_cop_action *a)
{
    struct live *lv = user;
    if (lv->rec) {
        char detail[160];
        snprintf(detail, sizeof detail, "from %s at UNIX %.3f", a->peer, a->t_wall);
        vg_recorder_action(lv->rec, lv->sim_t, a->who, a->op == VG_COP_ACK ? "ack" : "clear",
                           a->alert, detail);
    }
    int k = find_live(lv, a->alert);
    if (a->op == VG_COP_ACK) {
        struct vg_assessor *as = vg_pipeline_assessor(lv->pl);
        int rc = as ? vg_assessor_ack(as, a->alert, a->who, lv->sim_t) : VG_ENOENT;
        if (rc)
            printf("  t = %6.1f s  %-4s acknowledgement by %s (%s) refused: not live\n",
                   lv->sim_t, a->alert, a->who, a->peer);
        else
            lv->acked++;
        return;
    }
    if (k < 0 || lv->ncleared == CLEARED_MAX)
        return;
    struct live_alert x = lv->al[k];
    lv->al[k] = lv->al[--lv->nal];
    x.a.state = VG_ALERT_CLEARED;
    x.a.t = lv->sim_t;
    if (!x.a.acknowledged) { /* whoever clears it has seen it */
        x.a.acknowledged = 1;
        snprintf(x.a.ack_by, sizeof x.a.ack_by, "%s", a->who);
        x.a.t_ack = lv->sim_t;
    }
    snprintf(lv->cleared[lv->ncleared++], VG_ALERT_ID_MAX, "%s", x.a.id);
    lv->op_cleared++;
    printf("  t = %6.1f s  %-4s cleared by %s (%s)\n", lv->sim_t, x.a.id, a->who, a->peer);
    fflush(stdout);
    vg_cop_on_alert(lv->cop, &x.a, x.zone, NULL, 0, NULL, 0);
}

/* The latest emission's tracks, carried forward to now (the COP leaves out the tentative). */
static int publish(struct live *lv)
{
    if (grow(&lv->pub, &lv->pub_cap, lv->nlast))
        return VG_ENOMEM;
    double dt = lv->sim_t - lv->t_last;
    dt = dt < 0 ? 0 : dt > CARRY_MAX_S ? CARRY_MAX_S : dt;
    size_t n = 0;
    for (size_t i = 0; i < lv->nlast; i++) {
        struct vg_track *k = &lv->pub[n++];
        *k = lv->last[i];
        for (int j = 0; j < 3; j++)
            k->x[j] += k->x[j + 3] * dt;
    }
    return vg_cop_publish(lv->cop, lv->sim_t, lv->pub, n);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void sleep_until(double t)
{
    double d = t - now_s();
    if (d <= 0)
        return;
    struct timespec ts = {(time_t)d, (long)((d - floor(d)) * 1e9)};
    nanosleep(&ts, NULL); /* a signal cuts it short: the loop checks the flag */
}

/* Open the page on a desktop; nothing happens (and nothing is said) without one. */
static pid_t open_browser(const char *url)
{
    if (!getenv("DISPLAY") && !getenv("WAYLAND_DISPLAY"))
        return 0;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    char *argv[] = {"xdg-open", (char *)url, NULL};
    pid_t pid = 0;
    if (posix_spawnp(&pid, "xdg-open", &fa, NULL, argv, environ))
        pid = 0;
    posix_spawn_file_actions_destroy(&fa);
    return pid;
}

/* One run of the scenario; 0, 1 on failure. */
static int run_once(struct live *lv, const struct vg_scenario *sc, const struct vg_demo_opts *o,
                    double wall0, const char *rec_path)
{
    struct vg_sim_output sim;
    vg_sim_output_init(&sim);
    struct vg_diag d;
    int status = 1;
    if (vg_sim_run(sc, &sim, &d)) {
        fprintf(stderr, "vigil demo: %s\n", d.msg);
        goto done;
    }
    if (vg_pipeline_new(&lv->pl, &o->pcfg, &sc->site, on_tracks, lv, on_alert, lv, &d)) {
        fprintf(stderr, "vigil demo: %s\n", d.msg);
        goto done;
    }
    vg_emit_coalesce_init(&lv->co, record_tracks, lv);
    if (rec_path) {
        /* Live: the recorder never holds the run up; a full queue drops and counts. */
        struct vg_recorder_opts ro;
        vg_recorder_opts_default(&ro);
        ro.site = &sc->site;
        ro.flags = VG_RECORDER_TRUNCATE;
        if (vg_recorder_open(&lv->rec, rec_path, &ro, &d) ||
            vg_recorder_meta_run(lv->rec, sc->name, &sc->site, &o->pcfg)) {
            fprintf(stderr, "vigil demo: --record: %s\n", lv->rec ? "out of memory" : d.msg);
            goto done;
        }
        printf("Recording to %s\n", rec_path);
        fflush(stdout);
    }
    lv->nlast = 0;
    lv->nal = 0;
    lv->ncleared = 0;
    lv->sim_t = 0;
    vg_cop_reset(lv->cop);
    double run0 = now_s(), next = run0;
    size_t i = 0;
    while (!stop_requested) {
        lv->sim_t = (now_s() - run0) * o->speed;
        for (; i < sim.ndets && sim.det_arrival[i] <= lv->sim_t; i++) {
            if (lv->rec)
                vg_recorder_detection(lv->rec, &sim.dets[i], &sc->site);
            int rc = vg_pipeline_add(lv->pl, &sim.dets[i]);
            if (rc) {
                fprintf(stderr, "vigil demo: pipeline: %s\n", vg_strerror(rc));
                goto done;
            }
        }
        vg_cop_poll_actions(lv->cop, on_action, lv);
        if (lv->err || publish(lv)) {
            fprintf(stderr, "vigil demo: out of memory\n");
            goto done;
        }
        if (lv->sim_t >= sc->duration_s)
            break;
        if (o->duration_s > 0 && now_s() - wall0 >= o->duration_s)
            stop_requested = 1;
        next += TICK_S;
        sleep_until(next);
    }
    status = 0;
done:
    if (lv->pl && vg_pipeline_flush(lv->pl) == 0)
        vg_emit_coalesce_finish(&lv->co);
    vg_pipeline_free(lv->pl);
    lv->pl = NULL;
    vg_emit_coalesce_fini(&lv->co);
    if (lv->rec) {
        struct vg_recorder_stats rs;
        vg_recorder_stats(lv->rec, &rs);
        if (vg_recorder_close(lv->rec))
            fprintf(stderr, "vigil demo: %s: the recording could not be completed\n", rec_path);
        else if (rs.dropped)
            fprintf(stderr, "vigil demo: %s: %llu records dropped (queue full)\n", rec_path,
                    (unsigned long long)rs.dropped);
        lv->rec = NULL;
    }
    vg_sim_output_fini(&sim);
    return status;
}

int vg_cli_demo_live(const struct vg_demo_opts *o)
{
    struct vg_scenario sc;
    vg_scenario_init(&sc);
    struct vg_diag d;
    int rc = o->scenario ? vg_scenario_load(&sc, o->scenario, &d)
                         : vg_scenario_parse(&sc, "exercise-swarm12.yaml (built in)",
                                             (const char *)vg_scenario_exercise_swarm12_yaml,
                                             vg_scenario_exercise_swarm12_yaml_len, &d);
    if (rc) {
        fprintf(stderr, "vigil demo: %s\n", d.msg);
        return 1;
    }
    if (o->have_seed)
        sc.seed = o->seed;
    uint64_t seed0 = sc.seed;

    struct vg_cop_config cfg;
    vg_cop_config_default(&cfg);
    cfg.bind = o->bind;
    cfg.port = o->port;
    cfg.state_dir = o->state_dir;
    cfg.tls_cert = o->tls_cert;
    cfg.tls_key = o->tls_key;
    cfg.tile_url = o->tiles;
    cfg.basemap = o->basemap;
    memcpy(cfg.basemap_bounds, o->basemap_bounds, sizeof cfg.basemap_bounds);
    cfg.title = sc.name;
    static struct live lv; /* large (the alert tables): not on the stack */
    memset(&lv, 0, sizeof lv);
    if (vg_cop_start(&lv.cop, &cfg, &sc.site, &d)) {
        fprintf(stderr, "vigil demo: %s\n", d.msg);
        vg_scenario_fini(&sc);
        return 1;
    }
    char url[256], dir[4096];
    vg_cop_url(lv.cop, url, sizeof url);
    printf("Vigil demo: %s live, %.0f s a run, looping, at %g× real time\n", sc.name,
           sc.duration_s, o->speed);
    printf("Operator picture: %s\n", url);
    printf("  (the token is kept in %s/cop.token%s; loopback only unless --bind)\n",
           o->state_dir ? o->state_dir : vg_cop_state_dir(dir, sizeof dir),
           vg_cop_token_created(lv.cop) ? ", created now" : "");
    printf("Ctrl-C stops.\n");
    fflush(stdout);
    pid_t browser = o->open_browser ? open_browser(url) : 0;

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    stop_requested = 0;
    double wall0 = now_s();
    int status = 0, runs = 0;
    char rec0[4200];
    const char *record = NULL;
    if (!o->no_record) {
        if (o->record)
            snprintf(rec0, sizeof rec0, "%s", o->record);
        else /* the state directory exists: vg_cop_start made it for the token */
            snprintf(rec0, sizeof rec0, "%s/demo.db",
                     o->state_dir ? o->state_dir : vg_cop_state_dir(dir, sizeof dir));
        record = rec0;
    }
    while (!stop_requested && status == 0) {
        sc.seed = seed0 + (uint64_t)runs;
        if (runs)
            printf("Run %d (seed %llu)\n", runs + 1, (unsigned long long)sc.seed);
        char rec_path[4200];
        const char *rp = NULL;
        if (record) {
            if (runs == 0) {
                snprintf(rec_path, sizeof rec_path, "%s", record);
            } else { /* demo.db → demo-2.db */
                const char *dot = strrchr(record, '.'), *slash = strrchr(record, '/');
                int stem = dot && (!slash || dot > slash) ? (int)(dot - record)
                                                          : (int)strlen(record);
                snprintf(rec_path, sizeof rec_path, "%.*s-%d%s", stem, record, runs + 1,
                         record + stem);
            }
            rp = rec_path;
        }
        status = run_once(&lv, &sc, o, wall0, rp);
        runs++;
    }
    struct vg_cop_stats st;
    vg_cop_get_stats(lv.cop, &st);
    vg_cop_stop(lv.cop);
    printf("Vigil demo: %d run%s, %llu pictures, %llu frames sent; alerts %zu raised, %zu "
           "acknowledged and %zu cleared by operators\n", runs, runs == 1 ? "" : "s",
           (unsigned long long)st.frames, (unsigned long long)st.sent, lv.raised, lv.acked,
           lv.op_cleared);
    if (browser > 0)
        waitpid(browser, NULL, WNOHANG);
    free(lv.last);
    free(lv.pub);
    vg_scenario_fini(&sc);
    return status;
}
