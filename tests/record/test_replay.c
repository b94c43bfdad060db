/* SPDX-License-Identifier: MIT */
/* test_replay.c — playback and re-run of a real recording: the swarm exercise simulated,
 * run through the pipeline and recorded in-process (an operator acknowledges the first alert
 * two seconds after it is raised, and that action is recorded too), with every emission and
 * alert also kept in memory as the reference.
 *   - playback delivers every detection (matched to the simulator's by line number), every
 *     emission and alert equal to the reference, in time order;
 *   - a window delivers exactly the reference's records inside it;
 *   - pacing: two seconds of recording at speed 4 take half a second; progress is monotone
 *     and ends at 1;
 *   - re-run: the recorded detections and the acknowledgement through a new pipeline built
 *     from the recording's own site and settings give every track and alert back bit for bit;
 *   - and the comparison can fail: a changed setting, or one detection deleted from the file,
 *     shows up as differences; a damaged row (a covariance blob cut short, a detection's R
 *     zeroed) is a clean "seq N" error. */
#include <math.h>
#include <sqlite3.h>
#include <time.h>

#include "test.h"

#include "engine/pipeline.h"
#include "publish/coalesce.h"
#include "rec_fixture.h"
#include "sim/scenario.h"
#include "sim/sim.h"

struct ref {
    struct vg_recorder *rec;
    struct vg_pipeline *pl;
    struct got *emit;          /* reference emissions ('t') and alerts ('a') in order */
    struct collect c;
    char first_alert[16];
    double t_first_alert;
    int acked, nack_events;
};

static struct vg_scenario sc;
static struct vg_sim_output sim;
static struct ref ref;
static const char *path;

static void ref_tracks(void *u, double t, const struct vg_track *trk, size_t n)
{
    struct ref *r = u;
    vg_recorder_tracks(r->rec, t, trk, n);
    if (n)
        col_tracks(&r->c, t, trk, n);
}

static void ref_alert(void *u, const struct vg_alert *e, const char *zone,
                      const struct vg_advice *adv, size_t na, const uint64_t *m, size_t nm)
{
    struct ref *r = u;
    vg_recorder_alert(r->rec, e, zone, adv, na, m, nm);
    struct vg_record_alert al;
    memset(&al, 0, sizeof al);
    al.a = *e;
    snprintf(al.zone_id, sizeof al.zone_id, "%s", zone);
    if (na)
        memcpy(al.advice, adv, na * sizeof *adv);
    al.nadvice = na;
    if (nm)
        memcpy(al.members, m, nm * sizeof *m);
    al.nmembers = nm;
    col_alert(&r->c, &al);
    if (!r->first_alert[0] && e->state == VG_ALERT_RAISED) {
        snprintf(r->first_alert, sizeof r->first_alert, "%s", e->id);
        r->t_first_alert = e->t;
    }
    r->nack_events += e->state == VG_ALERT_ACKNOWLEDGED;
}

static int record_reference(void)
{
    struct vg_diag d;
    vg_scenario_init(&sc);
    vg_sim_output_init(&sim);
    if (vg_scenario_load(&sc, "scenarios/exercise-swarm12.yaml", &d) ||
        vg_sim_run(&sc, &sim, &d)) {
        fprintf(stderr, "  %s\n", d.msg);
        return -1;
    }
    path = tmp_db(0);
    struct vg_recorder_opts o;
    vg_recorder_opts_default(&o);
    o.site = &sc.site;
    o.flags = VG_RECORDER_BLOCK;
    struct vg_pipeline_config pc;
    vg_pipeline_config_default(&pc);
    pc.tracker.q_h = 3.0000000000000004; /* not what %g would print: the exact text matters */
    if (vg_recorder_open(&ref.rec, path, &o, &d) ||
        vg_recorder_meta_run(ref.rec, sc.name, &sc.site, &pc)) {
        fprintf(stderr, "  %s\n", d.msg);
        return -1;
    }
    struct vg_emit_coalesce co;
    vg_emit_coalesce_init(&co, ref_tracks, &ref);
    if (vg_pipeline_new(&ref.pl, &pc, &sc.site, vg_emit_coalesce_push, &co, ref_alert, &ref,
                        &d)) {
        fprintf(stderr, "  %s\n", d.msg);
        return -1;
    }
    for (size_t i = 0; i < sim.ndets; i++) {
        const struct vg_detection *det = &sim.dets[i];
        if (ref.first_alert[0] && !ref.acked && det->t >= ref.t_first_alert + 2.0) {
            CHECK(vg_assessor_ack(vg_pipeline_assessor(ref.pl), ref.first_alert, "op-7",
                                  det->t) == 0);
            vg_recorder_action(ref.rec, det->t, "op-7", "ack", ref.first_alert, "10.1.2.3");
            ref.acked = 1;
        }
        vg_recorder_detection(ref.rec, det, &sc.site);
        vg_pipeline_add(ref.pl, det);
    }
    vg_pipeline_flush(ref.pl);
    vg_emit_coalesce_finish(&co);
    vg_pipeline_free(ref.pl);
    vg_emit_coalesce_fini(&co);
    struct vg_recorder_stats st;
    vg_recorder_stats(ref.rec, &st);
    CHECK_INT(st.dropped, 0);
    CHECK(vg_recorder_close(ref.rec) == 0);
    CHECK(ref.acked && ref.nack_events >= 1);
    return 0;
}

/* Tracks equal as recorded: a non-cooperative track's coop_id is not kept (see
 * record_rows.c). */
static int same_recorded(const struct vg_track *a, const struct vg_track *b)
{
    struct vg_track x = *a, y = *b;
    if (x.cooperative <= 0)
        x.coop_id[0] = y.coop_id[0] = '\0';
    return same_track_all(&x, &y);
}

static int same_alert(const struct vg_record_alert *a, const struct vg_record_alert *b)
{
    return !strcmp(a->a.id, b->a.id) && a->a.track == b->a.track && a->a.state == b->a.state &&
           a->a.level == b->a.level && a->a.t == b->a.t && a->a.threat == b->a.threat &&
           a->a.time_to_zone_s == b->a.time_to_zone_s && a->nadvice == b->nadvice &&
           a->nmembers == b->nmembers && !strcmp(a->zone_id, b->zone_id) &&
           !memcmp(a->members, b->members, a->nmembers * sizeof a->members[0]) &&
           a->a.acknowledged == b->a.acknowledged && !strcmp(a->a.ack_by, b->a.ack_by);
}

/* The reference's emissions and alerts with t in [from, to] against what a run delivered:
 * each kind in its own order (time order merges them differently from the recording order,
 * where an emission is passed on only when the next time's alerts are out). */
static void compare_kind(const struct collect *got, double from, double to, char kind)
{
    size_t j = 0, n = 0, bad = 0;
    for (size_t i = 0; i < ref.c.n; i++) {
        const struct got *want = &ref.c.g[i];
        if (want->kind != kind || want->t < from || want->t > to)
            continue;
        while (j < got->n && got->g[j].kind != kind)
            j++;
        if (j == got->n) {
            bad++;
            break;
        }
        const struct got *x = &got->g[j++];
        n++;
        if (x->t != want->t) {
            if (!bad)
                fprintf(stderr, "  first difference: %c at %.17g, want %.17g\n", kind, x->t,
                        want->t);
            bad++;
            continue;
        }
        if (kind == 't') {
            if (x->n != want->n) {
                bad++;
                continue;
            }
            for (size_t k = 0; k < x->n; k++)
                bad += !same_recorded(&x->trk[k], &want->trk[k]);
        } else {
            bad += !same_alert(x->al, want->al);
        }
    }
    while (j < got->n && got->g[j].kind != kind)
        j++;
    CHECK(j == got->n); /* nothing more than the reference */
    CHECK_INT(bad, 0);
    CHECK(n > 10);
}

static void compare_outputs(const struct collect *got, double from, double to)
{
    compare_kind(got, from, to, 't');
    compare_kind(got, from, to, 'a');
}

static void case_playback(void)
{
    struct vg_replay *rp = NULL;
    struct vg_diag d;
    CHECK(vg_replay_open(&rp, path, &d) == 0);
    if (!rp)
        return;
    struct collect c = {0};
    struct vg_replay_sink sink = collect_sink(&c);
    CHECK(vg_replay_run(rp, NULL, &sink, NULL, &d) == 0);
    compare_outputs(&c, -INFINITY, INFINITY);
    /* Time order, and every detection once, equal to the simulator's. */
    size_t ndet = 0, bad = 0, order = 0, nack = 0;
    static unsigned char seen[1 << 20];
    memset(seen, 0, sizeof seen);
    for (size_t i = 0; i < c.n; i++) {
        if (i && c.g[i].t < c.g[i - 1].t)
            order++;
        if (c.g[i].kind == 'c')
            nack += !strcmp(c.g[i].what, "ack") && !strcmp(c.g[i].who, "op-7") &&
                    !strcmp(c.g[i].detail, "10.1.2.3");
        if (c.g[i].kind != 'd')
            continue;
        ndet++;
        uint32_t line = c.g[i].det.src_line;
        size_t k = 0;
        while (k < sim.ndets && sim.dets[k].src_line != line)
            k++;
        if (k == sim.ndets || line >= sizeof seen || seen[line]++) {
            bad++;
            continue;
        }
        struct vg_detection want = sim.dets[k];
        bad += strcmp(c.g[i].sensor, sc.site.sensors[want.sensor].id) != 0;
        want.sensor = c.g[i].det.sensor;
        bad += !same_detection(&c.g[i].det, &want);
    }
    CHECK_INT(ndet, sim.ndets);
    CHECK_INT(bad, 0);
    CHECK_INT(order, 0);
    CHECK_INT(nack, 1);
    collect_free(&c);
    vg_replay_close(rp);
}

static void case_window(void)
{
    struct vg_replay *rp = NULL;
    struct vg_diag d;
    CHECK(vg_replay_open(&rp, path, &d) == 0);
    if (!rp)
        return;
    struct collect c = {0};
    struct vg_replay_sink sink = collect_sink(&c);
    struct vg_replay_opts o;
    vg_replay_opts_default(&o);
    o.from = 30.0;
    o.to = 60.0;
    CHECK(vg_replay_run(rp, &o, &sink, NULL, &d) == 0);
    compare_outputs(&c, 30.0, 60.0);
    size_t ndet = 0, want = 0, outside = 0;
    for (size_t i = 0; i < c.n; i++) {
        ndet += c.g[i].kind == 'd';
        outside += c.g[i].t < 30.0 || c.g[i].t > 60.0;
    }
    for (size_t i = 0; i < sim.ndets; i++)
        want += sim.dets[i].t >= 30.0 && sim.dets[i].t <= 60.0;
    CHECK_INT(ndet, want);
    CHECK_INT(outside, 0);
    collect_free(&c);
    /* A window with nothing in it; a window the wrong way round. */
    o.from = 1e6;
    o.to = 2e6;
    CHECK(vg_replay_run(rp, &o, &sink, NULL, &d) == 0);
    CHECK_INT(c.n, 0);
    o.from = 5;
    o.to = 4;
    CHECK(vg_replay_run(rp, &o, &sink, NULL, &d) == VG_EINVAL);
    collect_free(&c);
    vg_replay_close(rp);
}

static double wall(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void case_speed(void)
{
    struct vg_replay *rp = NULL;
    struct vg_diag d;
    CHECK(vg_replay_open(&rp, path, &d) == 0);
    if (!rp)
        return;
    struct collect c = {0};
    struct vg_replay_sink sink = collect_sink(&c);
    struct vg_replay_opts o;
    vg_replay_opts_default(&o);
    o.from = 40.0;
    o.to = 42.0;
    o.speed = 4.0;
    double w0 = wall();
    CHECK(vg_replay_run(rp, &o, &sink, NULL, &d) == 0);
    double took = wall() - w0;
    CHECK(c.n > 10);
    double span = c.g[c.n - 1].t - c.g[0].t;
    fprintf(stderr, "  speed 4: %.3f s of recording in %.3f s\n", span, took);
    CHECK(took >= span / 4.0 - 0.005);
    CHECK(took <= span / 4.0 + 0.5);
    CHECK(c.nprogress >= 1 && c.progress_monotone);
    CHECK(c.last.done && c.last.fraction == 1.0);
    collect_free(&c);
    /* Speed 0: the whole recording as fast as it reads; the rate printed for the docs. */
    o.from = -INFINITY;
    o.to = INFINITY;
    o.speed = 0;
    w0 = wall();
    CHECK(vg_replay_run(rp, &o, &sink, NULL, &d) == 0);
    took = wall() - w0;
    CHECK(c.last.done && c.last.records > 30000);
    fprintf(stderr, "  speed 0: %llu records (a track row counts one) in %.3f s: %.0f "
                    "records/s, %.0f s of recording per second\n",
            (unsigned long long)c.last.records, took, c.last.records / took, 110.0 / took);
    collect_free(&c);
    vg_replay_close(rp);
}

static void case_rerun(void)
{
    struct vg_replay *rp = NULL;
    struct vg_diag d;
    CHECK(vg_replay_open(&rp, path, &d) == 0);
    if (!rp)
        return;
    struct collect c = {0};
    struct vg_replay_sink sink = collect_sink(&c);
    struct vg_replay_opts o;
    vg_replay_opts_default(&o);
    o.rerun = 1;
    struct vg_replay_compare cmp;
    CHECK(vg_replay_run(rp, &o, &sink, &cmp, &d) == 0);
    size_t rows = 0, nal = 0;
    for (size_t i = 0; i < ref.c.n; i++) {
        rows += ref.c.g[i].kind == 't' ? ref.c.g[i].n : 0;
        nal += ref.c.g[i].kind == 'a';
    }
    fprintf(stderr, "  re-run: %llu emissions, %llu rows equal, %llu differ, %llu unmatched; "
                    "alerts %llu equal of %zu\n", (unsigned long long)cmp.emissions,
            (unsigned long long)cmp.tracks_equal, (unsigned long long)cmp.tracks_differ,
            (unsigned long long)cmp.tracks_missing, (unsigned long long)cmp.alerts_equal, nal);
    CHECK_INT(cmp.tracks_equal, rows);
    CHECK_INT(cmp.tracks_differ, 0);
    CHECK_INT(cmp.tracks_missing, 0);
    CHECK_INT(cmp.alerts_equal, nal);
    CHECK_INT(cmp.alerts, nal);
    CHECK(isnan(cmp.first_diff_t));
    compare_outputs(&c, -INFINITY, INFINITY); /* the sink got the new ones: the same */
    collect_free(&c);

    /* A changed setting changes the tracks, and the comparison says so. */
    struct vg_pipeline_config pc;
    vg_pipeline_config_default(&pc);
    CHECK(vg_record_config_parse(&pc, vg_replay_meta(rp, "config"), &d) == 0);
    CHECK(pc.tracker.q_h == 3.0000000000000004);
    pc.tracker.q_h *= 1.5;
    o.config = &pc;
    CHECK(vg_replay_run(rp, &o, NULL, &cmp, &d) == 0);
    CHECK(cmp.tracks_differ + cmp.tracks_missing > 0);
    CHECK(isfinite(cmp.first_diff_t));
    vg_replay_close(rp);

    /* One detection missing from the recording: the re-run no longer matches. */
    sqlite3 *db;
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    CHECK(sqlite3_exec(db, "BEGIN; CREATE TEMP TABLE keep AS SELECT * FROM detections WHERE "
                           "seq = (SELECT seq FROM detections WHERE kind = 'polar' AND t > 50 "
                           "ORDER BY seq LIMIT 1); DELETE FROM detections WHERE seq IN "
                           "(SELECT seq FROM keep); COMMIT;", NULL, NULL, NULL) == SQLITE_OK);
    CHECK(vg_replay_open(&rp, path, &d) == 0);
    o.config = NULL;
    CHECK(rp && vg_replay_run(rp, &o, NULL, &cmp, &d) == 0);
    CHECK(cmp.tracks_differ + cmp.tracks_missing > 0);
    CHECK(cmp.first_diff_t > 50.0);
    vg_replay_close(rp);
    CHECK(sqlite3_exec(db, "INSERT INTO detections SELECT * FROM keep", NULL, NULL, NULL) ==
          SQLITE_OK);
    sqlite3_close(db);
}

static void case_damaged_row(void)
{
    sqlite3 *db;
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    CHECK(sqlite3_exec(db, "UPDATE tracks SET P = x'0102' WHERE seq = (SELECT min(seq) FROM "
                           "tracks WHERE t > 70)", NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(db);
    struct vg_replay *rp = NULL;
    struct vg_diag d;
    CHECK(vg_replay_open(&rp, path, &d) == 0);
    CHECK(rp && vg_replay_run(rp, NULL, NULL, NULL, &d) == VG_EPARSE);
    CHECK(strstr(d.msg, "seq ") && strstr(d.msg, "P blob is neither"));
    fprintf(stderr, "  damaged: %s\n", d.msg);
    vg_replay_close(rp);
    /* A detection whose R is no longer positive definite (or absurd) never reaches a
     * pipeline: the re-run stops with the row's seq. */
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    CHECK(sqlite3_exec(db, "UPDATE detections SET R = zeroblob(length(R)) WHERE seq = (SELECT "
                           "min(seq) FROM detections WHERE kind = 'polar' AND t > 30)", NULL,
                           NULL, NULL) == SQLITE_OK);
    sqlite3_close(db);
    CHECK(vg_replay_open(&rp, path, &d) == 0);
    struct vg_replay_opts o;
    vg_replay_opts_default(&o);
    o.rerun = 1;
    CHECK(rp && vg_replay_run(rp, &o, NULL, NULL, &d) == VG_EPARSE);
    CHECK(strstr(d.msg, "does not fit its kind") != NULL);
    vg_replay_close(rp);
}

int main(void)
{
    if (record_reference()) {
        CHECK(!"the reference recording");
        return test_report();
    }
    RUN(case_playback);
    RUN(case_window);
    RUN(case_speed);
    RUN(case_rerun);
    RUN(case_damaged_row);
    collect_free(&ref.c);
    vg_sim_output_fini(&sim);
    vg_scenario_fini(&sc);
    rm_db(path);
    return test_report();
}
