/* SPDX-License-Identifier: MIT */
/* test_cli_run_outputs.c — the live engine's recorder, ASTERIX Cat 062 and operator-picture
 * outputs, from the outside: `vigil run` ($VIGIL_BIN) as a child on loopback.
 *
 *  - the crash test: `vigil sim --live` drives the engine (one TCP input, the scenario's
 *    arrival order) at 8 x real time; the engine is killed with SIGKILL mid-exercise, a
 *    moment unrelated to the radar's scans. The recording must pass PRAGMA integrity_check,
 *    its detections must be exactly the first N the simulator sent (times compared with the
 *    simulator's own detections.jsonl, in order), and N must cover every detection the
 *    engine had decoded 100 ms before the kill. That lower bound comes from the engine's
 *    GET /metrics, sampled every ~20 ms: a sample's count was read by the engine before it
 *    answered, so the sample's time (taken after the answer arrived) is a safe upper bound
 *    of when those detections were handed to the recorder. The recorder commits every 50 ms
 *    (docs/record.md), which leaves 50 ms of margin for a slow commit on a loaded machine;
 *    the test prints how old the newest sample covered by the recording was.
 *  - asterix062 over UDP: every datagram is whole Cat 062 data blocks of at most 1400
 *    bytes; tshark (the independent peer) decodes every record without a problem, with the
 *    configured SAC/SIC, and the number of records at each time of day equals the number of
 *    tracks the engine emitted at that time (its tracks-jsonl output beside).
 *  - cop: GET /api/site is 401 without the token and 200 with it (plain-socket HTTP); an
 *    acknowledgement sent over the WebSocket (RFC 6455 client, not libwebsockets) reaches the
 *    assessor (the alerts output shows the "acknowledged" event with the operator's name)
 *    and the recording (actions table: who, what, alert, from where), as does another
 *    operator's clear; in process, an ack the assessor refuses (no such live alert) is
 *    recorded too, saying so.
 *  - recording by default: without a record output the engine records to STATE_DIR/run.db
 *    ([engine] state_dir, else $XDG_STATE_HOME/vigil); `record = PATH` moves it; `record =
 *    off` records nothing. */
#define _DEFAULT_SOURCE 1 /* libpcap's u_char (tshark.h) */
#include "test.h"

#include <math.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <uv.h>

#include "base/log.h"
#include "engine/live.h"
#include "live_fixture.h"
#include "publish/wsclient.h"
#include "tshark.h"

static char tmp[256];

static int vigil(const char *args, char **out)
{
    return lf_vigil(tmp, args, out);
}

/* `vigil ARGS...` in the background, output to log. */
static pid_t spawn(const char *log, const char *const *argv)
{
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(fd, 1);
        dup2(fd, 2);
        execv(lf_bin(), (char *const *)argv);
        _exit(127);
    }
    return pid;
}

static long long db_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *q;
    long long v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK) {
        if (sqlite3_step(q) == SQLITE_ROW)
            v = sqlite3_column_int64(q, 0);
        sqlite3_finalize(q);
    }
    return v;
}

static void db_text(sqlite3 *db, const char *sql, char *out, size_t cap)
{
    sqlite3_stmt *q;
    out[0] = '\0';
    if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK) {
        if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0))
            snprintf(out, cap, "%s", (const char *)sqlite3_column_text(q, 0));
        sqlite3_finalize(q);
    }
}

/* The times of the detections file's lines, in order. */
static double *line_times(const char *path, size_t *n)
{
    char *txt = lf_slurp(path, NULL);
    size_t cap = 4096;
    double *t = malloc(cap * sizeof *t);
    *n = 0;
    for (char *line = txt ? strtok(txt, "\n") : NULL; line; line = strtok(NULL, "\n")) {
        if (*n == cap)
            t = realloc(t, (cap *= 2) * sizeof *t);
        const char *p = strstr(line, "\"t\":");
        t[(*n)++] = p ? strtod(p + 4, NULL) : NAN;
    }
    free(txt);
    return t;
}

static char exdir[512]; /* the exercise, simulated once: site.geojson, detections.jsonl */

static void simulate_exercise(void)
{
    char args[1024];
    snprintf(exdir, sizeof exdir, "%s/ex", tmp);
    snprintf(args, sizeof args, "sim scenarios/exercise-single-fpv.yaml -q -o %s", exdir);
    CHECK_INT(vigil(args, NULL), 0);
}

/* ---- the crash test ---- */

struct sample {
    double t;
    long long decoded;
};

static void crash_keeps_the_recording(void)
{
    char conf[600], log[600], slog[600], text[2048], db[600], path[600];
    int pi = lf_free_port(SOCK_STREAM), pm = lf_free_port(SOCK_STREAM);
    snprintf(conf, sizeof conf, "%s/crash.conf", tmp);
    snprintf(db, sizeof db, "%s/crash.db", tmp);
    snprintf(text, sizeof text,
             "[engine]\nsite = ex/site.geojson\nmetrics_port = %d\nstats_interval_s = 0\n"
             "[input all]\nformat = jsonl\ntransport = tcp-server\nport = %d\n"
             "[output rec]\nkind = record\npath = crash.db\n", pm, pi);
    lf_write_file(conf, text);
    snprintf(log, sizeof log, "%s/crash.log", tmp);
    struct lf_engine e;
    CHECK_INT(lf_start(&e, conf, log, NULL), 0);
    if (e.pid <= 0)
        return;
    snprintf(slog, sizeof slog, "%s/crash-sim.log", tmp);
    const char *argv[] = {"vigil", "sim", "scenarios/exercise-single-fpv.yaml", "--live",
                          "--config", conf, "--epoch", "0", "--speed", "8", NULL};
    double t0 = lf_now();
    pid_t sim = spawn(slog, argv);
    /* Scenario time 40 s (the FPV inbound, its alert raised at 11 s): 5 s at 8 x. The kill
     * time is the wall clock's, unrelated to the radar's 1 s scans (at 8 x: 125 ms). */
    static struct sample s[1024];
    size_t ns = 0;
    for (;;) { /* the kill follows the last sample at once */
        const char *m = lf_metrics(pm);
        long long dec = lf_input_counter(m, "all", "decoded");
        if (dec >= 0 && ns < 1024)
            s[ns++] = (struct sample){lf_now(), dec};
        if (lf_now() - t0 >= 5.0)
            break;
        lf_sleep(0.02);
    }
    double t_kill = lf_now();
    kill(e.pid, SIGKILL);
    int st;
    waitpid(e.pid, &st, 0);
    e.pid = -1;
    CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
    kill(sim, SIGTERM);
    waitpid(sim, NULL, 0);

    /* The bound: the newest sample taken at least 100 ms before the kill. */
    long long bound = -1;
    for (size_t i = 0; i < ns; i++)
        if (s[i].t <= t_kill - 0.100)
            bound = s[i].decoded;
    CHECK(ns > 50 && bound > 100);

    sqlite3 *h = NULL;
    CHECK(sqlite3_open_v2(db, &h, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK);
    char ok[64];
    db_text(h, "PRAGMA integrity_check", ok, sizeof ok);
    CHECK(!strcmp(ok, "ok"));
    long long n = db_int(h, "SELECT count(*) FROM detections");
    /* Gap-free: one sequence over every table, 1..max, with nothing missing. */
    long long rows = db_int(h, "SELECT (SELECT count(*) FROM detections) + (SELECT count(*) "
                               "FROM tracks) + (SELECT count(*) FROM alerts) + (SELECT "
                               "count(*) FROM actions)");
    long long maxseq = db_int(h, "SELECT max(m) FROM (SELECT max(seq) m FROM detections UNION "
                                 "ALL SELECT max(seq) FROM tracks UNION ALL SELECT max(seq) "
                                 "FROM alerts)");
    long long minseq = db_int(h, "SELECT min(m) FROM (SELECT min(seq) m FROM detections UNION "
                                 "ALL SELECT min(seq) FROM tracks UNION ALL SELECT min(seq) "
                                 "FROM alerts)");
    CHECK(rows > 0 && maxseq - minseq + 1 == rows);
    /* Exactly the first n detections the simulator sent, in order. */
    snprintf(path, sizeof path, "%s/detections.jsonl", exdir);
    size_t nf;
    double *ft = line_times(path, &nf);
    sqlite3_stmt *q;
    size_t i = 0, same = 0;
    if (sqlite3_prepare_v2(h, "SELECT t FROM detections ORDER BY seq", -1, &q, NULL) ==
        SQLITE_OK) {
        for (; sqlite3_step(q) == SQLITE_ROW && i < nf; i++)
            same += fabs(sqlite3_column_double(q, 0) - ft[i]) < 1e-9;
        sqlite3_finalize(q);
    }
    CHECK_INT(same, n);
    CHECK(n < (long long)nf); /* mid-exercise */
    /* The newest sample the recording covers, and how old it was at the kill. */
    double age = INFINITY;
    for (size_t k = 0; k < ns; k++)
        if (s[k].decoded <= n)
            age = t_kill - s[k].t;
    fprintf(stderr, "  killed at %.2f s (scenario ~%.0f s): %lld detections recorded of %lld "
                    "decoded at the last sample; every detection decoded %.0f ms before the "
                    "kill is on disk (bound: 100 ms, %lld detections); %lld track rows, %lld "
                    "alert events\n", t_kill - t0, (t_kill - t0) * 8, n, s[ns - 1].decoded,
            age * 1000, bound, db_int(h, "SELECT count(*) FROM tracks"),
            db_int(h, "SELECT count(*) FROM alerts"));
    CHECK(n >= bound);
    CHECK(db_int(h, "SELECT count(*) FROM tracks") > 100);
    CHECK(db_int(h, "SELECT count(*) FROM alerts WHERE state = 'raised'") >= 1);
    char tb[32];
    db_text(h, "SELECT value FROM meta WHERE key = 'time_base'", tb, sizeof tb);
    CHECK(!strcmp(tb, "unix"));
    sqlite3_close(h);
    free(ft);
    /* And vigil replay reads it. */
    char args[1400];
    snprintf(args, sizeof args, "replay %s -q -o %s/crash-replay.jsonl", db, tmp);
    CHECK_INT(vigil(args, NULL), 0);
}

/* ---- asterix062 ---- */

static int cmp_ll(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x < y ? -1 : x > y;
}

static void asterix_over_udp(void)
{
    if (!tshark_available()) {
        fprintf(stderr, "  tshark is not installed: it is this test's independent peer\n");
        CHECK(!"tshark available");
        return;
    }
    char conf[600], log[600], text[2048], path[600];
    int pi = lf_free_port(SOCK_STREAM);
    int uo = socket(AF_INET, SOCK_DGRAM, 0), big = 16 << 20;
    struct sockaddr_in ua;
    memset(&ua, 0, sizeof ua);
    ua.sin_family = AF_INET;
    ua.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t ul = sizeof ua;
    if (setsockopt(uo, SOL_SOCKET, 33 /* SO_RCVBUFFORCE (root) */, &big, sizeof big))
        setsockopt(uo, SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
    CHECK(bind(uo, (struct sockaddr *)&ua, sizeof ua) == 0 &&
          getsockname(uo, (struct sockaddr *)&ua, &ul) == 0);
    snprintf(conf, sizeof conf, "%s/ast.conf", tmp);
    snprintf(text, sizeof text,
             "[engine]\nsite = ex/site.geojson\nstats_interval_s = 0\nrecord = off\n"
             "[input all]\nformat = jsonl\ntransport = tcp-server\nport = %d\n"
             "[output ast]\nkind = asterix062\ntransport = udp\nport = %d\nsac = 7\nsic = 9\n"
             "[output t]\nkind = tracks-jsonl\ntransport = file\npath = ast-tracks.jsonl\n",
             pi, ntohs(ua.sin_port));
    lf_write_file(conf, text);
    snprintf(log, sizeof log, "%s/ast.log", tmp);
    struct lf_engine e;
    CHECK_INT(lf_start(&e, conf, log, NULL), 0);
    if (e.pid <= 0)
        return;
    /* The exercise's detections over TCP at 60 x real time, the datagrams read meanwhile. */
    enum { MAXD = 8192 };
    static uint8_t *dg[MAXD];
    static size_t dlen[MAXD];
    size_t nd = 0;
    static uint8_t rbuf[65536];
    snprintf(path, sizeof path, "%s/detections.jsonl", exdir);
    char *dets = lf_slurp(path, NULL);
    int fd = lf_connect(pi);
    CHECK(fd >= 0);
    double t0 = lf_now();
    for (char *line = dets ? strtok(dets, "\n") : NULL; line; line = strtok(NULL, "\n")) {
        double due = t0 + strtod(strstr(line, "\"t\":") + 4, NULL) / 60.0;
        size_t n = strlen(line);
        line[n++] = '\n';
        lf_send_all(fd, line, n);
        do {
            ssize_t k;
            while (nd < MAXD && (k = recv(uo, rbuf, sizeof rbuf, MSG_DONTWAIT)) > 0) {
                dg[nd] = malloc((size_t)k);
                memcpy(dg[nd], rbuf, (size_t)k);
                dlen[nd++] = (size_t)k;
            }
            if (lf_now() < due)
                lf_sleep(0.002);
        } while (lf_now() < due);
    }
    free(dets);
    close(fd);
    lf_sleep(0.3);
    CHECK_INT(lf_stop(&e, NULL), 0);
    ssize_t k;
    while (nd < MAXD && (k = recv(uo, rbuf, sizeof rbuf, MSG_DONTWAIT)) > 0) {
        dg[nd] = malloc((size_t)k);
        memcpy(dg[nd], rbuf, (size_t)k);
        dlen[nd++] = (size_t)k;
    }
    close(uo);
    /* Every datagram: whole Cat 062 blocks (CAT, LEN), at most 1400 bytes. */
    size_t bad = 0, blocks = 0;
    for (size_t i = 0; i < nd; i++) {
        size_t off = 0;
        while (off + 3 <= dlen[i] && dg[i][off] == 62) {
            size_t len = (size_t)dg[i][off + 1] << 8 | dg[i][off + 2];
            if (len < 3 || off + len > dlen[i])
                break;
            off += len;
            blocks++;
        }
        bad += off != dlen[i] || dlen[i] > 1400;
    }
    CHECK(nd > 100);
    CHECK_INT(bad, 0);
    /* tshark's records against the tracks the engine emitted, per time of day (1/128 s). */
    snprintf(path, sizeof path, "%s/ast.pcap", tmp);
    CHECK_INT(tshark_write_pcap(path, (const uint8_t *const *)dg, dlen, nd, 8600), 0);
    struct tshark_out o;
    CHECK_INT(tshark_read(path, "udp.port==8600,asterix", "asterix.message", &o), 0);
    long long *ka = malloc(((size_t)o.n + 1) * sizeof *ka);
    int sacsic = 0;
    for (int i = 0; i < o.n; i++) {
        ka[i] = llround(tshark_num(&o.rec[i], "asterix.062_070_VALUE") * 128);
        sacsic += tshark_num(&o.rec[i], "asterix.062_010_SAC") == 7 &&
                  tshark_num(&o.rec[i], "asterix.062_010_SIC") == 9;
    }
    snprintf(path, sizeof path, "%s/ast-tracks.jsonl", tmp);
    size_t nt;
    double *tt = line_times(path, &nt);
    long long *kb = malloc((nt + 1) * sizeof *kb);
    for (size_t i = 0; i < nt; i++)
        kb[i] = llround(fmod(tt[i], 86400.0) * 128);
    qsort(ka, (size_t)o.n, sizeof *ka, cmp_ll);
    qsort(kb, nt, sizeof *kb, cmp_ll);
    fprintf(stderr, "  %zu datagrams, %zu Cat 062 blocks, %d records decoded by tshark (%d "
                    "problems); the engine emitted %zu track states\n", nd, blocks, o.n,
            o.problems, nt);
    CHECK_INT(o.frames, (int)nd);
    CHECK_INT(o.problems, 0);
    CHECK_INT(sacsic, o.n);
    CHECK_INT(o.n, (int)nt);
    CHECK(o.n == (int)nt && !memcmp(ka, kb, nt * sizeof *ka));
    free(ka);
    free(kb);
    free(tt);
    tshark_free(&o);
    for (size_t i = 0; i < nd; i++)
        free(dg[i]);
}

/* ---- cop ---- */

static void cop_auth_and_ack_recorded(void)
{
    char conf[600], log[600], text[2048], path[600];
    int pi = lf_free_port(SOCK_STREAM), pm = lf_free_port(SOCK_STREAM);
    snprintf(conf, sizeof conf, "%s/cop.conf", tmp);
    snprintf(text, sizeof text,
             "[engine]\nsite = ex/site.geojson\nstats_interval_s = 0\nmetrics_port = %d\n"
             "state_dir = cop-state\nrecord = cop.db\n"
             "[input all]\nformat = jsonl\ntransport = tcp-server\nport = %d\n"
             "[output cop]\nkind = cop\nport = 0\ntitle = Test post\n"
             "[output a]\nkind = alerts-jsonl\ntransport = file\npath = cop-alerts.jsonl\n",
             pm, pi);
    lf_write_file(conf, text);
    snprintf(log, sizeof log, "%s/cop.log", tmp);
    struct lf_engine e;
    CHECK_INT(lf_start(&e, conf, log, NULL), 0);
    if (e.pid <= 0)
        return;
    /* The URL with its token, as logged once at start. */
    char *lg = lf_slurp(log, NULL);
    const char *u = lg ? strstr(lg, "operator picture http://127.0.0.1:") : NULL;
    int port = 0;
    char token[80] = "";
    if (u)
        sscanf(u, "operator picture http://127.0.0.1:%d/?token=%64[0-9a-f]", &port, token);
    free(lg);
    CHECK(port > 0 && strlen(token) == 64);
    /* The token file is the one in the state directory, 0600. */
    struct stat sb;
    snprintf(path, sizeof path, "%s/cop-state/cop.token", tmp);
    CHECK(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0600);
    char head[4096], hdr[256], *body = NULL;
    size_t blen;
    CHECK_INT(http_get(port, "/api/site", NULL, head, sizeof head, NULL, NULL), 401);
    snprintf(hdr, sizeof hdr, "Authorization: Bearer %s\r\n", token);
    CHECK_INT(http_get(port, "/api/site", hdr, head, sizeof head, &body, &blen), 200);
    CHECK(body && strstr(body, "FeatureCollection") && strstr(body, "post"));
    free(body);
    char wpath[200];
    snprintf(wpath, sizeof wpath, "/ws?token=%s", token);
    int ws = -1;
    CHECK_INT(ws_open(port, "/ws", NULL, &ws), 401);
    CHECK_INT(ws_open(port, wpath, NULL, &ws), 101);
    /* The first 40 s of the exercise: alert a-1 raised at 11 s and still live. */
    snprintf(path, sizeof path, "%s/detections.jsonl", exdir);
    char *dets = lf_slurp(path, NULL);
    int fd = lf_connect(pi);
    size_t sent = 0;
    for (char *line = dets ? strtok(dets, "\n") : NULL; line; line = strtok(NULL, "\n")) {
        if (strtod(strstr(line, "\"t\":") + 4, NULL) >= 40)
            break;
        size_t n = strlen(line);
        line[n++] = '\n';
        lf_send_all(fd, line, n);
        sent++;
    }
    free(dets);
    for (double t0 = lf_now(); lf_now() - t0 < 10; lf_sleep(0.05))
        if (lf_input_counter(lf_metrics(pm), "all", "decoded") == (long long)sent)
            break;
    /* A frame shows the live alert; then the operator acknowledges it, and tries an
     * alert that does not exist. */
    char *fb = NULL;
    size_t fcap = 0;
    int seen = 0;
    for (int i = 0; i < 50 && !seen; i++)
        seen = ws_read(ws, &fb, &fcap, 3000) > 0 && strstr(fb, "a-1");
    CHECK(seen);
    CHECK(!ws_send_text(ws, "{\"op\":\"ack\",\"alert\":\"a-1\",\"who\":\"Sgt Petrova\"}"));
    snprintf(path, sizeof path, "%s/cop-alerts.jsonl", tmp);
    int acked = 0;
    for (double t0 = lf_now(); lf_now() - t0 < 5 && !acked; lf_sleep(0.05)) {
        char *al = lf_slurp(path, NULL);
        acked = al && strstr(al, "\"state\":\"acknowledged\"") && strstr(al, "Sgt Petrova");
        free(al);
    }
    CHECK(acked);
    /* Another operator clears it from the picture: the next frames no longer carry it. */
    CHECK(!ws_send_text(ws, "{\"op\":\"clear\",\"alert\":\"a-1\",\"who\":\"Cpl Nowak\"}"));
    lg = NULL;
    for (double t0 = lf_now(); lf_now() - t0 < 5; lf_sleep(0.05)) {
        free(lg);
        lg = lf_slurp(log, NULL);
        if (lg && strstr(lg, "operator Cpl Nowak: clear a-1"))
            break;
    }
    CHECK(lg && strstr(lg, "operator Sgt Petrova: ack a-1 from 127.0.0.1") &&
          strstr(lg, "operator Cpl Nowak: clear a-1 from 127.0.0.1"));
    free(lg);
    free(fb);
    close(ws);
    close(fd);
    CHECK_INT(lf_stop(&e, NULL), 0);
    sqlite3 *h = NULL;
    snprintf(path, sizeof path, "%s/cop.db", tmp);
    CHECK(sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK);
    CHECK_INT(db_int(h, "SELECT count(*) FROM actions WHERE who = 'Sgt Petrova' AND what = "
                        "'ack' AND alert_id = 'a-1' AND detail LIKE 'from 127.0.0.1% at UNIX %' "
                        "AND detail NOT LIKE '%refused%'"), 1);
    CHECK_INT(db_int(h, "SELECT count(*) FROM actions WHERE who = 'Cpl Nowak' AND what = "
                        "'clear' AND alert_id = 'a-1' AND detail LIKE 'from 127.0.0.1%'"), 1);
    CHECK_INT(db_int(h, "SELECT count(*) FROM alerts WHERE alert_id = 'a-1' AND state = "
                        "'acknowledged' AND ack_by = 'Sgt Petrova'"), 1);
    /* The action's time is the engine's (the scenario's clock here, --epoch 0 like). */
    CHECK(db_int(h, "SELECT count(*) FROM actions WHERE t BETWEEN 39 AND 60") == 2);
    CHECK_INT(db_int(h, "SELECT count(*) FROM detections"), sent);
    sqlite3_close(h);
}

/* ---- an action refused by the assessor is still recorded (in process) ---- */

static void refused_action_recorded(void)
{
    char text[1024], db[600];
    snprintf(db, sizeof db, "%s/inproc.db", tmp);
    snprintf(text, sizeof text,
             "[engine]\nstats_interval_s = 0\n[input u]\nformat = jsonl\ntransport = udp\n"
             "port = 0\n[output rec]\nkind = record\npath = %s\ntruncate = true\n", db);
    static struct vg_live_config cfg;
    vg_live_config_default(&cfg);
    cfg.final_counters = 0;
    vg_log_set_level(VG_LOG_WARN);
    struct vg_diag d;
    CHECK_INT(vg_live_config_parse(&cfg, "inproc.conf", text, strlen(text), NULL, 0, &d), 0);
    uv_loop_t loop;
    uv_loop_init(&loop);
    struct vg_live *e = NULL;
    CHECK_INT(vg_live_new(&e, &cfg, &loop, &d), 0);
    CHECK_INT(vg_live_start(e, 0, &d), 0);
    CHECK_INT(vg_live_operator_action(e, "Cpl Nowak", "ack", "a-99", "console 3"), VG_ENOENT);
    CHECK_INT(vg_live_operator_action(e, "Cpl Nowak", "clear", "a-98", "console 3"), 0);
    double t = vg_live_time(e), now = (double)time(NULL);
    CHECK(fabs(t - now) < 2); /* no emission yet: UNIX time */
    vg_live_stop(e);
    uv_run(&loop, UV_RUN_DEFAULT);
    vg_live_free(e);
    uv_loop_close(&loop);
    sqlite3 *h = NULL;
    CHECK(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK);
    CHECK_INT(db_int(h, "SELECT count(*) FROM actions WHERE who = 'Cpl Nowak' AND what = 'ack' "
                        "AND alert_id = 'a-99' AND detail = 'console 3; refused: no such live "
                        "alert'"), 1);
    CHECK_INT(db_int(h, "SELECT count(*) FROM actions WHERE what = 'clear' AND detail = "
                        "'console 3'"), 1);
    sqlite3_close(h);
}

/* ---- recording by default ---- */

static void record_default_and_off(void)
{
    char conf[600], log[600], text[1024], args[1400], path[600], *out = NULL;
    int pi = lf_free_port(SOCK_STREAM), pm = lf_free_port(SOCK_STREAM);
    static const char good[] = "{\"t\":1.0,\"sensor\":\"s\",\"kind\":\"xyz\",\"pos\":[1,2,3],"
                               "\"sigma\":[1,1,1]}\n";
    /* No state_dir: $XDG_STATE_HOME/vigil/run.db (set by main). */
    snprintf(conf, sizeof conf, "%s/def0.conf", tmp);
    snprintf(text, sizeof text, "[input all]\nformat = jsonl\ntransport = udp\nport = %d\n", pi);
    lf_write_file(conf, text);
    snprintf(args, sizeof args, "run --config %s --check", conf);
    CHECK_INT(vigil(args, &out), 0);
    snprintf(path, sizeof path, "path = %s/xdg/vigil/run.db", tmp);
    CHECK(out && strstr(out, "[output record]") && strstr(out, "kind = record") &&
          strstr(out, path));
    free(out);
    for (int off = 0; off < 2; off++) {
        snprintf(conf, sizeof conf, "%s/def%d.conf", tmp, off + 1);
        snprintf(text, sizeof text,
                 "[engine]\nstate_dir = sd%d\nmetrics_port = %d\n%s"
                 "[input all]\nformat = jsonl\ntransport = tcp-server\nport = %d\n",
                 off, pm, off ? "record = off\n" : "", pi);
        lf_write_file(conf, text);
        snprintf(args, sizeof args, "run --config %s --check", conf);
        CHECK_INT(vigil(args, &out), 0);
        CHECK(out && (strstr(out, "kind = record") != NULL) == !off);
        CHECK(out && (strstr(out, "record = off") != NULL) == off);
        free(out);
        snprintf(log, sizeof log, "%s/def%d.log", tmp, off + 1);
        struct lf_engine e;
        CHECK_INT(lf_start(&e, conf, log, NULL), 0);
        if (e.pid <= 0)
            return;
        int fd = lf_connect(pi);
        for (int i = 0; i < 3; i++)
            lf_send_all(fd, good, sizeof good - 1);
        for (double t0 = lf_now(); lf_now() - t0 < 5; lf_sleep(0.05))
            if (lf_input_counter(lf_metrics(pm), "all", "decoded") == 3)
                break;
        close(fd);
        CHECK_INT(lf_stop(&e, NULL), 0);
        snprintf(path, sizeof path, "%s/sd%d/run.db", tmp, off);
        struct stat sb;
        if (off) {
            CHECK(stat(path, &sb) != 0);
            continue;
        }
        sqlite3 *h = NULL;
        CHECK(sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK);
        CHECK_INT(db_int(h, "SELECT count(*) FROM detections WHERE sensor = 's'"), 3);
        sqlite3_close(h);
        char *lg = lf_slurp(log, NULL);
        CHECK(lg && strstr(lg, "output record: record into ") &&
              strstr(lg, "final: output record: 6 units, 0 bytes, 0 dropped"));
        free(lg);
    }
    /* record = PATH: relative to the file's directory. */
    snprintf(conf, sizeof conf, "%s/def3.conf", tmp);
    snprintf(text, sizeof text,
             "[engine]\nrecord = rec/here.db\n"
             "[input all]\nformat = jsonl\ntransport = udp\nport = %d\n", pi);
    lf_write_file(conf, text);
    snprintf(args, sizeof args, "run --config %s --check", conf);
    CHECK_INT(vigil(args, &out), 0);
    snprintf(path, sizeof path, "path = %s/rec/here.db", tmp);
    CHECK(out && strstr(out, path));
    free(out);
    /* The kinds' own keys are checked. */
    snprintf(text, sizeof text,
             "[input all]\nformat = jsonl\ntransport = udp\nport = %d\n"
             "[output a]\nkind = asterix062\ntransport = udp\nport = 9\nsac = 300\n", pi);
    lf_write_file(conf, text);
    snprintf(log, sizeof log, "%s/def3.log", tmp);
    struct lf_engine e;
    CHECK(lf_start(&e, conf, log, NULL) != 0);
    char *lg = lf_slurp(log, NULL);
    CHECK(lg && strstr(lg, "output a: sac: '300' is not an integer in [0, 255]"));
    free(lg);
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    (void)lf_udp;
    snprintf(tmp, sizeof tmp, "/tmp/vigil-test-runout-XXXXXX");
    if (!mkdtemp(tmp)) {
        perror("mkdtemp");
        return 1;
    }
    char xdg[300];
    snprintf(xdg, sizeof xdg, "%s/xdg", tmp);
    setenv("XDG_STATE_HOME", xdg, 1); /* default recordings and tokens stay in tmp */
    RUN(simulate_exercise);
    RUN(crash_keeps_the_recording);
    RUN(asterix_over_udp);
    RUN(cop_auth_and_ack_recorded);
    RUN(refused_action_recorded);
    RUN(record_default_and_off);
    int rc = test_report();
    if (rc == 0) {
        char cmd[300];
        snprintf(cmd, sizeof cmd, "rm -rf %s", tmp);
        if (system(cmd) != 0)
            fprintf(stderr, "could not remove %s\n", tmp);
    }
    return rc;
}
