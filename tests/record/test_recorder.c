/* SPDX-License-Identifier: MIT */
/* test_recorder.c — the recorder: every record kind round-trips bit for bit (detections of
 * every kind and flag, tracks with a full non-symmetric covariance, alerts with advice, swarm
 * members and an infinite time to zone, operator actions, metadata); the tracks' lat/lon/alt
 * columns against the site's frame; the schema stamp; a foreign or newer database and a text
 * file refused with a clear sentence, and left untouched; the queue-full path (writer held
 * by another connection's write lock) drops and counts without blocking; VG_RECORDER_TRUNCATE;
 * appending continues the sequence; and the crash test: a child records a simulated exercise
 * at real time and is killed with SIGKILL mid-run; the database passes integrity_check and
 * holds every detection handed over more than 100 ms before the kill. Throughput is printed
 * (records/s for detections and track rows), for the record, not asserted. */
#include <math.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <time.h>

#include "test.h"

#include "engine/pipeline.h"
#include "publish/coalesce.h"
#include "rec_fixture.h"
#include "sim/scenario.h"
#include "sim/sim.h"

static double wall(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

#define NDET 60
#define NEMIT 5
#define NTRK 7

static void case_roundtrip(void)
{
    const char *path = tmp_db(0);
    struct vg_site site;
    fixture_site(&site);
    struct vg_rng g;
    vg_rng_seed(&g, 7);
    struct vg_recorder_opts o;
    vg_recorder_opts_default(&o);
    o.site = &site;
    struct vg_recorder *r = NULL;
    struct vg_diag d;
    CHECK(vg_recorder_open(&r, path, &o, &d) == 0);
    if (!r)
        return;
    static struct vg_detection det[NDET];
    static struct vg_track trk[NEMIT][NTRK];
    for (int i = 0; i < NDET; i++) {
        fixture_detection(&g, i, &det[i]);
        CHECK(vg_recorder_detection(r, &det[i], &site) == 0);
        if (i % 12 == 11) {
            int e = i / 12;
            for (int k = 0; k < NTRK; k++)
                fixture_track(&g, (uint64_t)(e * 3 + k + 1), det[i].t, &trk[e][k]);
            CHECK(vg_recorder_tracks(r, det[i].t, trk[e], NTRK) == 0);
        }
    }
    struct vg_alert a;
    memset(&a, 0, sizeof a);
    snprintf(a.id, sizeof a.id, "a-1");
    a.track = 5;
    a.zone = 0;
    a.level = VG_ALERT_CRITICAL;
    a.state = VG_ALERT_RAISED;
    a.t = det[20].t;
    a.t_raised = a.t;
    a.threat = 0.8312345678901;
    a.time_to_zone_s = 14.25;
    struct vg_advice adv[2] = {{"jam-1", "rf-link"}, {"net <&>", "capture"}};
    CHECK(vg_recorder_alert(r, &a, "gate-north", adv, 2, NULL, 0) == 0);
    struct vg_alert s = a;
    snprintf(s.id, sizeof s.id, "a-2");
    s.track = VG_ALERT_SWARM_BIT | 0;
    s.state = VG_ALERT_ACKNOWLEDGED;
    s.acknowledged = 1;
    snprintf(s.ack_by, sizeof s.ack_by, "op \"1\"");
    s.t_ack = a.t + 1;
    s.time_to_zone_s = INFINITY;
    uint64_t mem[3] = {3, 9, 12};
    CHECK(vg_recorder_alert(r, &s, "gate-north", NULL, 0, mem, 3) == 0);
    CHECK(vg_recorder_action(r, a.t + 1, "op-1", "ack", "a-1", "console 10.0.0.5") == 0);
    CHECK(vg_recorder_action(r, a.t + 2, NULL, "note", NULL, NULL) == 0);
    CHECK(vg_recorder_meta(r, "scenario", "round trip") == 0);
    CHECK(vg_recorder_meta(r, "scenario", "round trip 2") == 0); /* the latest wins */
    CHECK(vg_recorder_sync(r) == 0);
    struct vg_recorder_stats st;
    vg_recorder_stats(r, &st);
    CHECK_INT(st.written[0], NDET);
    CHECK_INT(st.written[1], NEMIT * NTRK);
    CHECK_INT(st.written[2], 2);
    CHECK_INT(st.written[3], 2);
    CHECK_INT(st.dropped, 0);
    CHECK(vg_recorder_close(r) == 0);

    /* The file itself: stamp, WAL, lat/lon against the frame. */
    sqlite3 *db;
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    sqlite3_stmt *q;
    sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &q, NULL);
    CHECK(sqlite3_step(q) == SQLITE_ROW && sqlite3_column_int(q, 0) == VG_RECORD_SCHEMA_VERSION);
    sqlite3_finalize(q);
    sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &q, NULL);
    CHECK(sqlite3_step(q) == SQLITE_ROW && !strcmp((const char *)sqlite3_column_text(q, 0), "wal"));
    sqlite3_finalize(q);
    sqlite3_prepare_v2(db, "SELECT e, n, u, lat, lon, alt_m FROM tracks", -1, &q, NULL);
    int rows = 0;
    while (sqlite3_step(q) == SQLITE_ROW) {
        double enu[3] = {sqlite3_column_double(q, 0), sqlite3_column_double(q, 1),
                         sqlite3_column_double(q, 2)}, lat, lon, h;
        vg_enu_to_geo(&site.frame, enu, &lat, &lon, &h);
        CHECK_NEAR(sqlite3_column_double(q, 3), lat, 1e-12);
        CHECK_NEAR(sqlite3_column_double(q, 4), lon, 1e-12);
        CHECK_NEAR(sqlite3_column_double(q, 5), h, 1e-6);
        CHECK(fabs(lat - 48.62) < 0.05 && fabs(lon - 22.30) < 0.05);
        rows++;
    }
    sqlite3_finalize(q);
    CHECK_INT(rows, NEMIT * NTRK);
    sqlite3_close(db);

    /* Read back through a replay: values equal, in the order handed over. */
    struct vg_replay *rp = NULL;
    CHECK(vg_replay_open(&rp, path, &d) == 0);
    if (!rp)
        return;
    CHECK(vg_replay_meta(rp, "scenario") && !strcmp(vg_replay_meta(rp, "scenario"),
                                                     "round trip 2"));
    struct collect c = {0};
    struct vg_replay_sink sink = collect_sink(&c);
    CHECK(vg_replay_run(rp, NULL, &sink, NULL, &d) == 0);
    int nd = 0, ne = 0, na = 0, nc = 0;
    for (size_t i = 0; i < c.n; i++) {
        struct got *x = &c.g[i];
        if (x->kind == 'd' && nd < NDET) {
            struct vg_detection want = det[nd];
            CHECK(!strcmp(x->sensor, site.sensors[want.sensor].id));
            want.sensor = x->det.sensor; /* indices may differ; the id must not */
            CHECK(same_detection(&x->det, &want));
            nd++;
        } else if (x->kind == 't' && ne < NEMIT) {
            CHECK_INT(x->n, NTRK);
            for (size_t k = 0; k < x->n && k < NTRK; k++)
                CHECK(same_track_all(&x->trk[k], &trk[ne][k]));
            ne++;
        } else if (x->kind == 'a') {
            const struct vg_record_alert *al = x->al;
            const struct vg_alert *want = na == 0 ? &a : &s;
            CHECK(!strcmp(al->a.id, want->id));
            CHECK(al->a.track == want->track);
            CHECK(al->a.level == want->level && al->a.state == want->state);
            CHECK(al->a.threat == want->threat && al->a.t == want->t);
            CHECK(al->a.time_to_zone_s == want->time_to_zone_s);
            CHECK(al->a.acknowledged == want->acknowledged);
            CHECK(!strcmp(al->a.ack_by, want->ack_by));
            CHECK(!strcmp(al->zone_id, "gate-north"));
            if (na == 0) {
                CHECK(!al->swarm);
                CHECK_INT(al->nadvice, 2);
                CHECK(!strcmp(al->advice[1].effector, "net <&>"));
                CHECK(!strcmp(al->advice[1].effect, "capture"));
            } else {
                CHECK(al->swarm);
                CHECK_INT(al->nmembers, 3);
                CHECK(al->members[2] == 12);
                CHECK(al->a.t_ack == s.t_ack);
            }
            na++;
        } else if (x->kind == 'c') {
            if (nc == 0) {
                CHECK(!strcmp(x->who, "op-1") && !strcmp(x->what, "ack"));
                CHECK(!strcmp(x->alert_id, "a-1") && !strcmp(x->detail, "console 10.0.0.5"));
            } else {
                CHECK(!strcmp(x->who, "") && !strcmp(x->what, "note"));
            }
            nc++;
        }
    }
    CHECK_INT(nd, NDET);
    CHECK_INT(ne, NEMIT);
    CHECK_INT(na, 2);
    CHECK_INT(nc, 2);
    collect_free(&c);
    vg_replay_close(rp);
    vg_site_fini(&site);
    rm_db(path);
}

/* A file that is not a Vigil recording is refused, by writer and reader, and not changed. */
static void case_foreign(void)
{
    struct vg_diag d;
    struct vg_recorder *r = NULL;
    struct vg_replay *rp = NULL;
    const char *path = tmp_db(1);
    sqlite3 *db;
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    sqlite3_exec(db, "CREATE TABLE invoices(id INTEGER); INSERT INTO invoices VALUES(1);",
                 NULL, NULL, NULL);
    sqlite3_close(db);
    CHECK(vg_recorder_open(&r, path, NULL, &d) == VG_EINVAL);
    CHECK(strstr(d.msg, "not a Vigil recording") != NULL);
    CHECK(strstr(d.msg, path) != NULL);
    CHECK(vg_replay_open(&rp, path, &d) == VG_EINVAL);
    CHECK(strstr(d.msg, "not a Vigil recording") != NULL);
    struct vg_recorder_opts o;
    vg_recorder_opts_default(&o);
    o.flags = VG_RECORDER_TRUNCATE;
    CHECK(vg_recorder_open(&r, path, &o, &d) == VG_EINVAL); /* never emptied */
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    sqlite3_stmt *q;
    sqlite3_prepare_v2(db, "SELECT count(*) FROM invoices", -1, &q, NULL);
    CHECK(sqlite3_step(q) == SQLITE_ROW && sqlite3_column_int(q, 0) == 1);
    sqlite3_finalize(q);
    sqlite3_close(db);
    rm_db(path);

    /* A text file. */
    FILE *f = fopen(path, "w");
    fputs("{\"t\":0.0,\"sensor\":\"s\",\"kind\":\"scan\"}\n", f);
    fclose(f);
    CHECK(vg_replay_open(&rp, path, &d) == VG_EINVAL);
    CHECK(strstr(d.msg, "not a Vigil recording") != NULL);
    CHECK(vg_recorder_open(&r, path, NULL, &d) == VG_EINVAL);
    rm_db(path);

    /* A recording of a newer schema. */
    CHECK(vg_recorder_open(&r, path, NULL, &d) == 0);
    vg_recorder_close(r);
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL);
    sqlite3_close(db);
    CHECK(vg_replay_open(&rp, path, &d) == VG_EUNSUPPORTED);
    CHECK(strstr(d.msg, "schema 99") && strstr(d.msg, "newer"));
    CHECK(vg_recorder_open(&r, path, NULL, &d) == VG_EUNSUPPORTED);
    rm_db(path);

    /* Missing file for reading; an empty database is not a recording. */
    CHECK(vg_replay_open(&rp, "/nonexistent/dir/x.db", &d) == VG_ENOENT);
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    sqlite3_close(db);
    CHECK(vg_replay_open(&rp, path, &d) == VG_EINVAL);
    rm_db(path);
}

/* Appending continues the sequence; TRUNCATE empties a recording. */
static void case_append_truncate(void)
{
    const char *path = tmp_db(1);
    struct vg_site site;
    fixture_site(&site);
    struct vg_rng g;
    vg_rng_seed(&g, 3);
    struct vg_detection det;
    struct vg_diag d;
    for (int run = 0; run < 3; run++) {
        struct vg_recorder_opts o;
        vg_recorder_opts_default(&o);
        o.flags = run == 2 ? VG_RECORDER_TRUNCATE : 0;
        struct vg_recorder *r = NULL;
        CHECK(vg_recorder_open(&r, path, &o, &d) == 0);
        if (!r)
            return;
        for (int i = 0; i < 10; i++) {
            fixture_detection(&g, i + 10 * run, &det);
            vg_recorder_detection(r, &det, &site);
        }
        CHECK(vg_recorder_close(r) == 0);
    }
    sqlite3 *db;
    sqlite3_open(path, &db);
    sqlite3_stmt *q;
    sqlite3_prepare_v2(db, "SELECT count(*), min(seq), max(seq) FROM detections", -1, &q, NULL);
    CHECK(sqlite3_step(q) == SQLITE_ROW);
    CHECK_INT(sqlite3_column_int(q, 0), 10); /* the third run truncated the first two */
    CHECK_INT(sqlite3_column_int(q, 1), 1);
    sqlite3_finalize(q);
    sqlite3_close(db);
    rm_db(path);
    vg_site_fini(&site);
}

/* With the writer stuck behind another connection's write lock, a small queue fills: calls
 * return VG_EFULL at once, drops are counted, and nothing is lost once the lock goes. */
static void case_queue_full(void)
{
    const char *path = tmp_db(2);
    struct vg_site site;
    fixture_site(&site);
    struct vg_diag d;
    struct vg_recorder_opts o;
    vg_recorder_opts_default(&o);
    o.queue_slots = 16;
    struct vg_recorder *r = NULL;
    CHECK(vg_recorder_open(&r, path, &o, &d) == 0);
    if (!r)
        return;
    sqlite3 *lock;
    CHECK(sqlite3_open(path, &lock) == SQLITE_OK);
    CHECK(sqlite3_exec(lock, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK);
    struct vg_rng g;
    vg_rng_seed(&g, 5);
    struct vg_detection det;
    int full = 0, n = 2000;
    double slowest = 0;
    for (int i = 0; i < n; i++) {
        fixture_detection(&g, i, &det);
        double t0 = wall();
        int rc = vg_recorder_detection(r, &det, &site);
        double dt = wall() - t0;
        slowest = dt > slowest ? dt : slowest;
        full += rc == VG_EFULL;
        CHECK(rc == 0 || rc == VG_EFULL);
        if (i == n / 2) {
            struct timespec ts = {0, 20 * 1000 * 1000};
            nanosleep(&ts, NULL); /* the writer is surely stuck by now */
        }
    }
    struct vg_track trk[40];
    for (int k = 0; k < 40; k++)
        fixture_track(&g, (uint64_t)k + 1, 1.0, &trk[k]);
    CHECK(vg_recorder_tracks(r, 1.0, trk, 40) == VG_EFULL); /* more than the queue: all or none */
    struct vg_recorder_stats st;
    vg_recorder_stats(r, &st);
    CHECK(full > n / 2);
    CHECK_INT(st.dropped, full + 40);
    CHECK(st.depth_max <= 16);
    fprintf(stderr, "  queue full: %d of %d detections dropped and counted, slowest call "
                    "%.1f us\n", full, n, 1e6 * slowest);
    CHECK(slowest < 0.05); /* never waited for the writer (which waits up to 2 s for the lock) */
    sqlite3_exec(lock, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(lock);
    CHECK(vg_recorder_sync(r) == 0);
    vg_recorder_stats(r, &st);
    CHECK_INT(st.written[0] + st.lost, (uint64_t)(n - full));
    CHECK_INT(st.lost, 0);
    CHECK(vg_recorder_close(r) == 0);
    rm_db(path);
    vg_site_fini(&site);
}

/* Sustained rates of the writer, printed for docs/record.md. */
static void case_throughput(void)
{
    const char *path = tmp_db(2);
    struct vg_site site;
    fixture_site(&site);
    struct vg_rng g;
    vg_rng_seed(&g, 11);
    struct vg_diag d;
    struct vg_recorder_opts o;
    vg_recorder_opts_default(&o);
    o.site = &site;
    o.flags = VG_RECORDER_BLOCK; /* measure the writer, not the drops */
    struct vg_recorder *r = NULL;
    CHECK(vg_recorder_open(&r, path, &o, &d) == 0);
    if (!r)
        return;
    enum { ND = 200000, NE = 1000, NT = 200 };
    struct vg_detection det;
    fixture_detection(&g, 1, &det);
    double t0 = wall();
    for (int i = 0; i < ND; i++) {
        det.t = i * 1e-3;
        vg_recorder_detection(r, &det, &site);
    }
    vg_recorder_sync(r);
    double t1 = wall();
    static struct vg_track trk[NT];
    for (int k = 0; k < NT; k++)
        fixture_track(&g, (uint64_t)k + 1, 0, &trk[k]);
    for (int e = 0; e < NE; e++)
        vg_recorder_tracks(r, e * 0.1, trk, NT);
    vg_recorder_sync(r);
    double t2 = wall();
    struct vg_recorder_stats st;
    vg_recorder_stats(r, &st);
    CHECK_INT(st.written[0], ND);
    CHECK_INT(st.written[1], NE * NT);
    CHECK_INT(st.dropped, 0);
    fprintf(stderr, "  writer: %.0f detections/s, %.0f track rows/s; %llu commits, slowest "
                    "commit %.1f ms\n", ND / (t1 - t0), NE * NT / (t2 - t1),
            (unsigned long long)st.commits, st.commit_ms_max);
    CHECK(vg_recorder_close(r) == 0);
    rm_db(path);
    vg_site_fini(&site);
}

/* ---- the crash test */

struct progress {
    uint64_t ndet;          /* detections handed to the recorder so far */
    uint64_t ntick;         /* ticks (an action every 10 ms of waiting) handed over so far */
    double wall;            /* CLOCK_MONOTONIC when the last was handed over, s */
    double t;               /* its time */
};

struct child_ctx {
    struct vg_recorder *rec;
};

static void child_tracks(void *u, double t, const struct vg_track *trk, size_t n)
{
    vg_recorder_tracks(((struct child_ctx *)u)->rec, t, trk, n);
}

static void child_alert(void *u, const struct vg_alert *e, const char *zone,
                        const struct vg_advice *adv, size_t na, const uint64_t *m, size_t nm)
{
    vg_recorder_alert(((struct child_ctx *)u)->rec, e, zone, adv, na, m, nm);
}

/* The child: the swarm exercise through the pipeline, fast up to t_fast, then at real time by
 * arrival, recording everything; a progress record down the pipe after each detection. */
static void child(const char *path, int fd, double t_fast)
{
    struct vg_scenario sc;
    struct vg_sim_output sim;
    struct vg_diag d;
    vg_scenario_init(&sc);
    vg_sim_output_init(&sim);
    if (vg_scenario_load(&sc, "scenarios/exercise-swarm12.yaml", &d) || vg_sim_run(&sc, &sim, &d))
        _exit(3);
    struct child_ctx cx;
    struct vg_recorder_opts o;
    vg_recorder_opts_default(&o);
    o.site = &sc.site;
    if (vg_recorder_open(&cx.rec, path, &o, &d))
        _exit(4);
    struct vg_pipeline_config pc;
    vg_pipeline_config_default(&pc);
    vg_recorder_meta_run(cx.rec, sc.name, &sc.site, &pc);
    struct vg_emit_coalesce co;
    vg_emit_coalesce_init(&co, child_tracks, &cx);
    struct vg_pipeline *pl;
    if (vg_pipeline_new(&pl, &pc, &sc.site, vg_emit_coalesce_push, &co, child_alert, &cx, &d))
        _exit(5);
    double w0 = 0;
    uint64_t ntick = 0;
    for (size_t i = 0; i < sim.ndets; i++) {
        double arr = sim.det_arrival[i];
        if (arr >= t_fast) {
            if (w0 == 0)
                w0 = wall() - (arr - t_fast);
            /* Wait for the report's arrival; meanwhile a tick every 10 ms, so that the
             * recording's newest record measures the loss to the millisecond, whatever the
             * radar's scan rhythm. */
            double due = w0 + (arr - t_fast), now;
            while ((now = wall()) < due) {
                double s = fmin(due - now, 0.010);
                struct timespec ts = {0, (long)(s * 1e9)};
                nanosleep(&ts, NULL);
                vg_recorder_action(cx.rec, t_fast + (wall() - w0), "test", "tick", NULL, NULL);
                ntick++;
                struct progress p = {i, ntick, wall(), sim.dets[i].t};
                if (write(fd, &p, sizeof p) != sizeof p)
                    _exit(6);
            }
        }
        vg_recorder_detection(cx.rec, &sim.dets[i], &sc.site);
        vg_pipeline_add(pl, &sim.dets[i]);
        struct progress p = {i + 1, ntick, wall(), sim.dets[i].t};
        if (write(fd, &p, sizeof p) != sizeof p)
            _exit(6);
    }
    _exit(0); /* not reached in the test: killed first */
}

static void case_crash(void)
{
    const char *path = tmp_db(3);
    int fds[2];
    CHECK(pipe(fds) == 0);
    const double t_fast = 20.0, run_s = 1.5;
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        child(path, fds[1], t_fast);
    }
    close(fds[1]);
    /* Read progress until the child has recorded run_s seconds at real time, then kill. */
    static struct progress log[200000];
    size_t nlog = 0;
    double kill_wall = 0;
    for (;;) {
        struct progress p;
        ssize_t got = read(fds[0], &p, sizeof p);
        if (got != (ssize_t)sizeof p)
            break;
        if (nlog < sizeof log / sizeof log[0])
            log[nlog++] = p;
        if (p.t >= t_fast + run_s) {
            /* Kill at a moment that has nothing to do with the radar's scans or the commits. */
            struct timespec ts = {0, 237 * 1000 * 1000};
            nanosleep(&ts, NULL);
            kill(pid, SIGKILL);
            kill_wall = wall();
            break;
        }
    }
    /* What the child wrote before it died is still in the pipe. */
    struct progress p;
    while (read(fds[0], &p, sizeof p) == (ssize_t)sizeof p)
        if (nlog < sizeof log / sizeof log[0])
            log[nlog++] = p;
    close(fds[0]);
    int status;
    waitpid(pid, &status, 0);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    CHECK(kill_wall > 0 && nlog > 100);

    sqlite3 *db;
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    sqlite3_stmt *q;
    sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &q, NULL);
    CHECK(sqlite3_step(q) == SQLITE_ROW &&
          !strcmp((const char *)sqlite3_column_text(q, 0), "ok"));
    sqlite3_finalize(q);
    sqlite3_prepare_v2(db, "SELECT count(*), max(t) FROM detections", -1, &q, NULL);
    CHECK(sqlite3_step(q) == SQLITE_ROW);
    uint64_t ndb = (uint64_t)sqlite3_column_int64(q, 0);
    double tdb = sqlite3_column_double(q, 1);
    sqlite3_finalize(q);
    /* A prefix of what was handed over, without holes: sequence numbers 1..N all present. */
    sqlite3_prepare_v2(db, "SELECT (SELECT count(*) FROM detections) + (SELECT count(*) FROM "
                       "tracks) + (SELECT count(*) FROM alerts) + (SELECT count(*) FROM actions), "
                       "(SELECT max(m) FROM (SELECT max(seq) m FROM detections UNION ALL SELECT "
                       "max(seq) FROM tracks UNION ALL SELECT max(seq) FROM alerts UNION ALL "
                       "SELECT max(seq) FROM actions))", -1, &q, NULL);
    CHECK(sqlite3_step(q) == SQLITE_ROW);
    CHECK_INT(sqlite3_column_int64(q, 0), sqlite3_column_int64(q, 1));
    sqlite3_finalize(q);
    sqlite3_prepare_v2(db, "SELECT count(*) FROM tracks", -1, &q, NULL);
    CHECK(sqlite3_step(q) == SQLITE_ROW && sqlite3_column_int(q, 0) > 0);
    sqlite3_finalize(q);
    sqlite3_prepare_v2(db, "SELECT count(*) FROM actions WHERE what = 'tick'", -1, &q, NULL);
    CHECK(sqlite3_step(q) == SQLITE_ROW);
    uint64_t ticks = (uint64_t)sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    sqlite3_close(db);
    /* Every detection handed over at least 100 ms before the kill is on disk. */
    uint64_t need = 0, need_ticks = 0, handed = 0, handed_ticks = 0;
    double first_lost = NAN, last_kept = NAN;
    for (size_t i = 0; i < nlog; i++) {
        if (log[i].wall <= kill_wall - 0.100) {
            need = log[i].ndet;
            need_ticks = log[i].ntick;
        }
        handed = log[i].ndet;
        handed_ticks = log[i].ntick;
        if (log[i].ntick <= ticks && log[i].ndet <= ndb)
            last_kept = log[i].wall;
        else if (isnan(first_lost))
            first_lost = log[i].wall;
    }
    fprintf(stderr, "  crash: killed at t = %.3f s; on disk %llu of %llu detections (newest "
                    "t = %.3f s) and %llu of %llu ticks; the newest record on disk was handed "
                    "over %.0f ms before the kill, the oldest lost one %.0f ms before it\n",
            log[nlog - 1].t, (unsigned long long)ndb, (unsigned long long)handed, tdb,
            (unsigned long long)ticks, (unsigned long long)handed_ticks,
            1e3 * (kill_wall - last_kept), isnan(first_lost) ? 0.0 : 1e3 * (kill_wall - first_lost));
    CHECK(ndb >= need && ticks >= need_ticks);
    CHECK(ndb <= handed && ticks <= handed_ticks);
    CHECK(need_ticks > 50);
    /* The recording is readable as it is (a replay recovers the WAL). */
    struct vg_replay *rp = NULL;
    struct vg_diag d;
    CHECK(vg_replay_open(&rp, path, &d) == 0);
    double a, b;
    CHECK(rp && vg_replay_span(rp, &a, &b) == 0 && b >= t_fast);
    vg_replay_close(rp);
    rm_db(path);
}

int main(void)
{
    RUN(case_roundtrip);
    RUN(case_foreign);
    RUN(case_append_truncate);
    RUN(case_queue_full);
    RUN(case_throughput);
    RUN(case_crash);
    return test_report();
}
