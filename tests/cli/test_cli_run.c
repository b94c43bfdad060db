/* SPDX-License-Identifier: MIT */
/* test_cli_run.c — `vigil run` (the live engine) and `vigil sim --live` over real loopback
 * sockets, from the outside: the binary ($VIGIL_BIN) as a child process, free ports, SIGTERM.
 *
 *  - configuration: --check resolves and prints; bad lines are named FILE:LINE (unknown
 *    format, unknown key, out-of-range pipeline key); --set overrides;
 *  - a simulated three-radar scenario sent as JSON lines over UDP (two inputs) and TCP (one),
 *    tracks read from a TCP output while sending: every input's units are all decoded, and
 *    the confirmed tracks lie on the simulator's truth (independent of the engine);
 *  - malformed datagrams and lines, an over-long TCP line (dropped up to its newline; the
 *    next line decodes) and a flood of garbage: counted per input in GET /metrics, the warning
 *    log rate-limited, the engine still answering; SIGTERM: exit 0 with final counters;
 *  - end to end: `vigil sim --live` into a running engine gives the tracks and alerts that
 *    the offline pipeline (`vigil track`) gives on the same detections. Over one TCP input the
 *    arrival order is the file's, so the files must be byte-identical; over three inputs (UDP
 *    and TCP, at 20 x real time) the interleaving of sockets can differ from the file's order
 *    (by more when the engine falls behind, as under ASan: a TCP read takes a whole chunk
 *    of lines while datagrams wait), which the tracker's late-report re-processing absorbs
 *    (emit_final, late_lag_s = 10 s on both sides), so the check is that 98 % of
 *    the offline confirmed track states have a live one at the same time within 1 m, and the
 *    alerts raised are the same in number and zone. */
#include "test.h"

#include "live_fixture.h"

static char tmp[256];

static int vigil(const char *args, char **out)
{
    return lf_vigil(tmp, args, out);
}

/* ---- configuration ---- */

static void config_check_and_errors(void)
{
    char conf[512], args[1024], *out = NULL;
    snprintf(conf, sizeof conf, "%s/c.conf", tmp);
    lf_write_file(conf, "[engine]\nlog_level = warn\n\n[input r1]\nformat = jsonl\n"
                     "transport = udp\nport = 4999\nsensor = r1\n\n[output t]\n"
                     "kind = tracks-jsonl\ntransport = tcp-server\nport = 0\n[pipeline]\n"
                     "q_h = 7\n");
    snprintf(args, sizeof args, "run --config %s --check --set input.r1.port=5123", conf);
    CHECK_INT(vigil(args, &out), 0);
    CHECK(out && strstr(out, "[input r1]") && strstr(out, "port = 5123") &&
          strstr(out, "q_h = 7") && strstr(out, "kind = tracks-jsonl"));
    free(out);

    static const struct {
        const char *text, *want;
    } bad[] = {
        {"[input a]\nformat = nosuch\ntransport = udp\nport = 1\n", "c2.conf:2: format: unknown "
                                                                     "format 'nosuch'"},
        {"[input a]\nformat = jsonl\ntransport = udp\nport = 1\nfrobs = 2\n",
         "c2.conf:5: unknown key 'frobs'"},
        {"gate_prob = 2\n[input a]\nformat = jsonl\ntransport = udp\nport = 1\n",
         "c2.conf:1: gate_prob"},
        {"[input a]\nformat = jsonl\ntransport = carrier-pigeon\nport = 1\n",
         "c2.conf:3: transport"},
        {"[input a]\nformat = jsonl\ntransport = udp\n", "c2.conf:1: [input a]: no port"},
        {"[input a]\nformat = jsonl\ntransport = udp\nport = 1\n[output o]\nkind = x\n",
         "c2.conf:6: kind: unknown output kind 'x'"},
        {"[engine]\nsite\n", "c2.conf:2: expected 'key = value'"},
        {"[engine]\n", "no [input NAME]"},
    };
    snprintf(conf, sizeof conf, "%s/c2.conf", tmp);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        lf_write_file(conf, bad[i].text);
        snprintf(args, sizeof args, "run --config %s --check", conf);
        CHECK_INT(vigil(args, &out), 2);
        if (!out || !strstr(out, bad[i].want))
            fprintf(stderr, "  case %zu: want '%s', got: %s", i, bad[i].want, out ? out : "");
        CHECK(out && strstr(out, bad[i].want));
        free(out);
    }
    snprintf(conf, sizeof conf, "%s/c.conf", tmp);
    snprintf(args, sizeof args, "run --config %s --check --set engine.bogus=1", conf);
    CHECK_INT(vigil(args, &out), 2);
    CHECK(out && strstr(out, "--set: unknown key 'bogus'"));
    free(out);
    CHECK_INT(vigil("run --help", &out), 0);
    CHECK(out && strstr(out, "usage: vigil run") && strstr(out, "jsonl"));
    free(out);
}

/* ---- tracks follow the truth ---- */

struct truth {
    double t, pos[3];
};

static double num_after(const char *line, const char *key)
{
    const char *p = strstr(line, key);
    return p ? strtod(p + strlen(key), NULL) : NAN;
}

static struct truth *load_truth(const char *path, size_t *n)
{
    char *txt = lf_slurp(path, NULL);
    size_t cap = 1024;
    struct truth *t = malloc(cap * sizeof *t);
    *n = 0;
    for (char *line = txt ? strtok(txt, "\n") : NULL; line; line = strtok(NULL, "\n")) {
        if (*n == cap)
            t = realloc(t, (cap *= 2) * sizeof *t);
        const char *p = strstr(line, "\"pos\":[");
        if (!p)
            continue;
        t[*n].t = num_after(line, "\"t\":");
        char *end;
        t[*n].pos[0] = strtod(p + 7, &end);
        t[*n].pos[1] = strtod(end + 1, &end);
        t[*n].pos[2] = strtod(end + 1, &end);
        (*n)++;
    }
    free(txt);
    return t;
}

/* Confirmed track lines of text; of those, how many lie within tol of a truth object at
 * their time (truth sorted by t). */
static void tracks_on_truth(const char *text, const struct truth *tr, size_t ntr, double tol,
                            size_t *confirmed, size_t *on_truth)
{
    *confirmed = *on_truth = 0;
    for (const char *line = text; line && *line;) {
        const char *nl = strchr(line, '\n');
        if (!nl)
            break;
        const char *st = strstr(line, "\"status\":\"");
        if (st && st < nl && !strncmp(st + 10, "confirmed\"", 10)) {
            double t = num_after(line, "\"t\":");
            const char *p = strstr(line, "\"pos\":[");
            char *end;
            double x = strtod(p + 7, &end), y = strtod(end + 1, &end), z = strtod(end + 1, &end);
            double best = INFINITY;
            int truth_then = 0;
            for (size_t i = 0; i < ntr; i++)
                if (fabs(tr[i].t - t) < 1e-6) {
                    double dx = tr[i].pos[0] - x, dy = tr[i].pos[1] - y, dz = tr[i].pos[2] - z;
                    double dd = sqrt(dx * dx + dy * dy + dz * dz);
                    best = dd < best ? dd : best;
                    truth_then = 1;
                }
            /* States at times with truth (the scan markers'); a radar processed by implicit
             * sectors is also emitted between them, with nothing to compare. */
            *confirmed += truth_then;
            *on_truth += truth_then && best < tol;
        }
        line = nl + 1;
    }
}

/* Whatever the UDP output's datagrams hold now, appended to b; each must be whole lines,
 * packed up to 1400 bytes (a longer line alone). */
static void take_udp(int fd, struct lf_buf *b, size_t *datagrams, size_t *bad)
{
    static char dgram[65536];
    ssize_t k;
    while ((k = recv(fd, dgram, sizeof dgram, MSG_DONTWAIT)) > 0) {
        (*datagrams)++;
        const char *nl = memchr(dgram, '\n', (size_t)k);
        *bad += dgram[k - 1] != '\n' || (k > 1400 && nl != dgram + k - 1);
        if (b->cap - b->n < (size_t)k + 1) {
            b->cap = b->cap * 2 + (size_t)k + (1 << 20);
            b->p = realloc(b->p, b->cap);
        }
        memcpy(b->p + b->n, dgram, (size_t)k);
        b->n += (size_t)k;
    }
}

static void udp_tcp_inputs_tcp_output(void)
{
    char dir[512], args[1024], conf[600], log[600], path[600];
    snprintf(dir, sizeof dir, "%s/mr", tmp);
    snprintf(args, sizeof args, "sim scenarios/multi-radar.yaml -q -o %s", dir);
    CHECK_INT(vigil(args, NULL), 0);
    int p1 = lf_free_port(SOCK_DGRAM), p2 = lf_free_port(SOCK_STREAM),
        p3 = lf_free_port(SOCK_DGRAM), pt = lf_free_port(SOCK_STREAM),
        pm = lf_free_port(SOCK_STREAM), ps = lf_free_port(SOCK_STREAM);
    /* A UDP tracks consumer: our socket, bound before the engine sends to it. */
    int uo = socket(AF_INET, SOCK_DGRAM, 0), big = 16 << 20;
    struct sockaddr_in ua;
    memset(&ua, 0, sizeof ua);
    ua.sin_family = AF_INET;
    ua.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t ul = sizeof ua;
    int forced = !setsockopt(uo, SOL_SOCKET, 33 /* SO_RCVBUFFORCE (root) */, &big, sizeof big);
    if (!forced) /* capped at rmem_max: our socket may drop some, so compare less */
        setsockopt(uo, SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
    CHECK(bind(uo, (struct sockaddr *)&ua, sizeof ua) == 0 &&
          getsockname(uo, (struct sockaddr *)&ua, &ul) == 0);
    snprintf(conf, sizeof conf, "%s/mr.conf", tmp);
    char text[2048];
    snprintf(text, sizeof text,
             "[engine]\nsite = mr/site.geojson\nmetrics_port = %d\nstats_interval_s = 0.5\n"
             "[input r1]\nformat = jsonl\ntransport = udp\nport = %d\nsensor = r1\n"
             "rcvbuf = 4194304\n"
             "[input r2]\nformat = jsonl\ntransport = tcp-server\nport = %d\nsensor = r2\n"
             "[input other]\nformat = jsonl\ntransport = udp\nport = %d\nrcvbuf = 4194304\n"
             "[output tracks]\nkind = tracks-jsonl\ntransport = tcp-server\nport = %d\n"
             "[output slow]\nkind = tracks-jsonl\ntransport = tcp-server\nport = %d\n"
             "client_buffer = 4096\n"
             "[output udp]\nkind = tracks-jsonl\ntransport = udp\nport = %d\n",
             pm, p1, p2, p3, pt, ps, ntohs(ua.sin_port));
    lf_write_file(conf, text);
    snprintf(log, sizeof log, "%s/mr.log", tmp);
    struct lf_engine e;
    CHECK_INT(lf_start(&e, conf, log, NULL), 0);
    if (e.pid <= 0)
        return;
    int trk = lf_connect(pt), u1 = lf_udp(p1), u3 = lf_udp(p3), t2 = lf_connect(p2);
    CHECK(trk >= 0 && u1 >= 0 && u3 >= 0 && t2 >= 0);
    /* A client that never reads: it must cost the others nothing. */
    int slow = lf_connect_rcvbuf(ps, 4096);
    struct lf_buf udp_tracks = {0};
    size_t datagrams = 0, dgram_bad = 0;
    lf_sleep(0.1); /* the engine accepts the tracks client before the first emission */
    snprintf(path, sizeof path, "%s/detections.jsonl", dir);
    char *dets = lf_slurp(path, NULL);
    struct lf_buf tracks = {0};
    size_t sent[3] = {0};
    char pack[2][1400];
    size_t plen[2] = {0};
    int fds[2] = {u1, u3};
    double t_start = lf_now();
    for (char *line = dets ? strtok(dets, "\n") : NULL; line; line = strtok(NULL, "\n")) {
        int k = strstr(line, "\"sensor\":\"r1\"") ? 0 : strstr(line, "\"sensor\":\"r2\"") ? 1 : 2;
        size_t n = strlen(line);
        line[n++] = '\n'; /* (strtok's NUL: the next token starts after it) */
        sent[k]++;
        /* In the file's (arrival) order across the sockets: what waits for another
         * socket's datagram goes first. */
        for (int u = 0; u < 2; u++)
            if (plen[u] && u != (k == 0 ? 0 : k == 2 ? 1 : -1))
                send(fds[u], pack[u], plen[u], 0), plen[u] = 0;
        if (k == 1) {
            CHECK(lf_send_all(t2, line, n) == 0);
        } else { /* several lines per datagram, never cut */
            int u = k == 0 ? 0 : 1;
            if (plen[u] + n > sizeof pack[u]) {
                send(fds[u], pack[u], plen[u], 0);
                plen[u] = 0;
            }
            memcpy(pack[u] + plen[u], line, n);
            plen[u] += n;
        }
        /* At 50 x real time, as sensors would send (not faster than the engine reads,
         * which would reorder the sockets' reports by more than late_lag_s). */
        double due = t_start + num_after(line, "\"t\":") / 50.0;
        if (due > lf_now()) {
            for (int u = 0; u < 2; u++)
                if (plen[u])
                    send(fds[u], pack[u], plen[u], 0), plen[u] = 0;
            while (lf_now() < due) {
                lf_drain(trk, &tracks, due - lf_now());
                take_udp(uo, &udp_tracks, &datagrams, &dgram_bad);
            }
        }
    }
    for (int u = 0; u < 2; u++)
        if (plen[u])
            send(fds[u], pack[u], plen[u], 0);
    free(dets);
    /* Everything sent is decoded (no loss on loopback at this rate). */
    const char *m = NULL;
    for (double t0 = lf_now(); lf_now() - t0 < 10; lf_sleep(0.05)) {
        lf_drain(trk, &tracks, 0.0);
        m = lf_metrics(pm);
        if (lf_input_counter(m, "r1", "decoded") == (long long)sent[0] &&
            lf_input_counter(m, "r2", "decoded") == (long long)sent[1] &&
            lf_input_counter(m, "other", "decoded") == (long long)sent[2])
            break;
    }
    fprintf(stderr, "  sent r1 %zu, r2 %zu, other %zu; metrics: %.300s...\n", sent[0], sent[1],
            sent[2], m ? m : "(none)");
    CHECK_INT(lf_input_counter(m, "r1", "decoded"), sent[0]);
    CHECK_INT(lf_input_counter(m, "r2", "decoded"), sent[1]);
    CHECK_INT(lf_input_counter(m, "other", "decoded"), sent[2]);
    CHECK_INT(lf_input_counter(m, "r2", "connections"), 1);
    CHECK_INT(lf_input_counter(m, "r1", "malformed"), 0);
    /* The stalled client lost lines (counted), the reading one none. */
    fprintf(stderr, "  slow client: %lld lines dropped; reading client: %lld\n",
            lf_input_counter(m, "slow", "dropped"), lf_input_counter(m, "tracks", "dropped"));
    CHECK(lf_input_counter(m, "slow", "dropped") > 0);
    CHECK_INT(lf_input_counter(m, "tracks", "dropped"), 0);
    CHECK_INT(lf_input_counter(m, "udp", "dropped"), 0);
    close(slow);
    close(t2);
    close(u1);
    close(u3);
    double took = 0;
    int pid_status = lf_stop(&e, &took);
    CHECK_INT(pid_status, 0);
    CHECK(took < 5.0);
    while (lf_drain(trk, &tracks, 1.0)) /* the rest, then EOF: the engine closed us */
        ;
    close(trk);
    char *lg = lf_slurp(log, NULL);
    CHECK(lg && strstr(lg, "final: input r1:") && strstr(lg, "final: output tracks:") &&
          strstr(lg, "signal 15"));
    free(lg);
    snprintf(path, sizeof path, "%s/tcp-tracks.jsonl", dir);
    lf_write_file(path, tracks.p ? tracks.p : "");
    snprintf(path, sizeof path, "%s/truth.jsonl", dir);
    size_t ntr, confirmed, on;
    struct truth *tr = load_truth(path, &ntr);
    tracks_on_truth(tracks.p, tr, ntr, 40.0, &confirmed, &on);
    fprintf(stderr, "  %zu bytes of tracks; %zu confirmed track states, %zu within 40 m of "
                    "truth\n", tracks.n, confirmed, on);
    CHECK(confirmed > 200);
    CHECK(on >= confirmed * 9 / 10);
    /* The UDP output carried the same lines (our socket buffer holds what came at the end). */
    take_udp(uo, &udp_tracks, &datagrams, &dgram_bad);
    close(uo);
    fprintf(stderr, "  udp output: %zu datagrams, %zu bytes (tcp: %zu bytes), %zu malformed\n",
            datagrams, udp_tracks.n, tracks.n, dgram_bad);
    CHECK_INT(dgram_bad, 0);
    if (forced)
        CHECK(udp_tracks.n == tracks.n && !memcmp(udp_tracks.p, tracks.p, tracks.n));
    else
        CHECK(udp_tracks.n > 0 && udp_tracks.n <= tracks.n);
    CHECK(datagrams > 0 && datagrams < tracks.n / 1000 + 10 + tracks.n / 1400 * 2);
    free(udp_tracks.p);
    free(tr);
    free(tracks.p);
}

/* ---- bad input is counted, the engine goes on ---- */

static void malformed_counted_engine_survives(void)
{
    char conf[600], log[600], text[1024];
    int pu = lf_free_port(SOCK_DGRAM), pt = lf_free_port(SOCK_STREAM),
        pm = lf_free_port(SOCK_STREAM);
    snprintf(conf, sizeof conf, "%s/bad.conf", tmp);
    snprintf(text, sizeof text,
             "[engine]\nmetrics_port = %d\nmalformed_log_per_s = 5\n"
             "[input u]\nformat = jsonl\ntransport = udp\nport = %d\nrcvbuf = 8388608\n"
             "[input t]\nformat = jsonl\ntransport = tcp-server\nport = %d\n", pm, pu, pt);
    lf_write_file(conf, text);
    snprintf(log, sizeof log, "%s/bad.log", tmp);
    struct lf_engine e;
    CHECK_INT(lf_start(&e, conf, log, NULL), 0);
    if (e.pid <= 0)
        return;
    static const char good[] = "{\"t\":1.0,\"sensor\":\"s\",\"kind\":\"xyz\",\"pos\":[1,2,3],"
                               "\"sigma\":[1,1,1]}\n";
    int u = lf_udp(pu);
    /* One datagram: a good line, a bad one, a good one without its newline. */
    char dg[512];
    int n = snprintf(dg, sizeof dg, "%s{\"t\":2,\"kind\":\"xyz\"}\n%.*s", good,
                     (int)strlen(good) - 1, good);
    send(u, dg, (size_t)n, 0);
    for (int i = 0; i < 300; i++) { /* a flood of garbage */
        send(u, "\x01\x02garbage", 9, 0);
        if (i % 50 == 49)
            lf_sleep(0.005); /* within the socket buffer: this case is about the decoder */
    }
    int t = lf_connect(pt);
    /* A bad line, an over-long line (over jsonl's 1 MiB unit limit), then a good line. */
    lf_send_all(t, "not json\n", 9);
    size_t big = (1u << 20) + 4096;
    char *junk = malloc(big);
    memset(junk, 'x', big);
    CHECK(lf_send_all(t, junk, big) == 0);
    free(junk);
    lf_send_all(t, "\n", 1);
    lf_send_all(t, good, sizeof good - 1);
    const char *m = NULL;
    for (double t0 = lf_now(); lf_now() - t0 < 10; lf_sleep(0.05)) {
        m = lf_metrics(pm);
        if (lf_input_counter(m, "t", "decoded") == 1 && lf_input_counter(m, "u", "units") == 303)
            break;
    }
    CHECK_INT(lf_input_counter(m, "u", "units"), 303);
    CHECK_INT(lf_input_counter(m, "u", "decoded"), 2);
    CHECK_INT(lf_input_counter(m, "u", "malformed"), 301);
    CHECK_INT(lf_input_counter(m, "t", "units"), 3);
    CHECK_INT(lf_input_counter(m, "t", "malformed"), 2);
    CHECK_INT(lf_input_counter(m, "t", "overlong"), 1);
    CHECK_INT(lf_input_counter(m, "t", "decoded"), 1);
    CHECK_INT(lf_input_counter(m, "t", "connected"), 1);
    close(t);
    close(u);
    CHECK_INT(lf_stop(&e, NULL), 0);
    char *lg = lf_slurp(log, NULL);
    int warns = 0;
    for (const char *p = lg; p && (p = strstr(p, " warn  input u:")); p++)
        warns++;
    fprintf(stderr, "  %d warnings logged for 301 malformed UDP units\n", warns);
    CHECK(warns >= 5 && warns <= 30); /* burst of 10 plus 5/s: a flood cannot fill the disk */
    CHECK(lg && strstr(lg, "input u: 127.0.0.1:") && strstr(lg, "unit 2: 'pos' is missing"));
    CHECK(lg && strstr(lg, "longer than the jsonl unit limit of 1048576 bytes"));
    CHECK(lg && strstr(lg, "final: input t: 3 units"));
    free(lg);
}

/* ---- vigil sim --live against the offline pipeline ---- */

struct state {
    double t;
    unsigned long long id;
    double pos[3];
};

static int by_time_id(const void *a, const void *b)
{
    const struct state *x = a, *y = b;
    if (fabs(x->t - y->t) > 1e-9)
        return x->t < y->t ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

static struct state *confirmed_states(const char *path, size_t *n)
{
    char *txt = lf_slurp(path, NULL);
    size_t cap = 1024;
    struct state *s = malloc(cap * sizeof *s);
    *n = 0;
    for (char *line = txt ? strtok(txt, "\n") : NULL; line; line = strtok(NULL, "\n")) {
        if (!strstr(line, "\"status\":\"confirmed\""))
            continue;
        if (*n == cap)
            s = realloc(s, (cap *= 2) * sizeof *s);
        s[*n].t = num_after(line, "\"t\":");
        s[*n].id = (unsigned long long)num_after(line, "\"id\":");
        const char *p = strstr(line, "\"pos\":[");
        char *end;
        s[*n].pos[0] = strtod(p + 7, &end);
        s[*n].pos[1] = strtod(end + 1, &end);
        s[*n].pos[2] = strtod(end + 1, &end);
        (*n)++;
    }
    free(txt);
    return s;
}

static int count_raised(const char *path, const char *zone)
{
    char *txt = lf_slurp(path, NULL);
    int n = 0;
    for (char *line = txt ? strtok(txt, "\n") : NULL; line; line = strtok(NULL, "\n"))
        n += strstr(line, "\"state\":\"raised\"") && (!zone || strstr(line, zone));
    free(txt);
    return n;
}

/* three_inputs: 0 one tcp-server input, 1 three inputs, 2 one tcp-client input (the engine
 * dials `vigil sim`, which listens: the engine starts first, fails, backs off, reconnects). */
static void sim_live_matches_offline(const char *scenario, const char *name, int three_inputs)
{
    char dir[512], args[4096], conf[600], log[600], text[2048];
    snprintf(dir, sizeof dir, "%s/%s", tmp, name);
    snprintf(args, sizeof args, "sim %s -q -o %s", scenario, dir);
    CHECK_INT(vigil(args, NULL), 0);
    int p1 = lf_free_port(SOCK_STREAM), p2 = lf_free_port(SOCK_DGRAM),
        p3 = lf_free_port(SOCK_DGRAM);
    snprintf(conf, sizeof conf, "%s/%s.conf", tmp, name);
    int n = snprintf(text, sizeof text,
                     "[engine]\nsite = %s/site.geojson\nstats_interval_s = 0\n"
                     "[pipeline]\nemit_final = true\nlate_lag_s = 10\n"
                     "[output t]\nkind = tracks-jsonl\ntransport = file\npath = %s/live-tracks.jsonl\n"
                     "[output a]\nkind = alerts-jsonl\ntransport = file\npath = %s/live-alerts.jsonl\n",
                     name, name, name);
    if (three_inputs == 2)
        snprintf(text + n, sizeof text - (size_t)n,
                 "[input all]\nformat = jsonl\ntransport = tcp-client\nport = %d\n"
                 "reconnect_min_s = 0.05\nreconnect_max_s = 0.2\n", p1);
    else if (three_inputs)
        snprintf(text + n, sizeof text - (size_t)n,
                 "[input r2]\nformat = jsonl\ntransport = tcp-server\nport = %d\nsensor = r2\n"
                 "[input r1]\nformat = jsonl\ntransport = udp\nport = %d\nsensor = r1\n"
                 "rcvbuf = 4194304\n"
                 "[input rest]\nformat = jsonl\ntransport = udp\nport = %d\nrcvbuf = 4194304\n",
                 p1, p2, p3);
    else
        snprintf(text + n, sizeof text - (size_t)n,
                 "[input all]\nformat = jsonl\ntransport = tcp-server\nport = %d\n", p1);
    lf_write_file(conf, text);
    snprintf(log, sizeof log, "%s/%s.log", tmp, name);
    struct lf_engine e;
    CHECK_INT(lf_start(&e, conf, log, "--log-level=info"), 0);
    if (e.pid <= 0)
        return;
    char *out = NULL;
    snprintf(args, sizeof args, "sim %s --live --config %s --epoch 0 --speed %s", scenario, conf,
             three_inputs == 1 ? "20" : "0");
    CHECK_INT(vigil(args, &out), 0);
    fprintf(stderr, "  %s", out ? out : "");
    free(out);
    lf_sleep(0.3); /* the last datagrams reach the engine before SIGTERM */
    CHECK_INT(lf_stop(&e, NULL), 0);
    snprintf(args, sizeof args, "track %s/detections.jsonl --site %s/site.geojson -o "
                                "%s/off-tracks.jsonl -a %s/off-alerts.jsonl -q --set late_lag_s=10",
             dir, dir, dir, dir);
    CHECK_INT(vigil(args, NULL), 0);
    char a[700], b[700];
    snprintf(a, sizeof a, "%s/live-tracks.jsonl", dir);
    snprintf(b, sizeof b, "%s/off-tracks.jsonl", dir);
    size_t na, nb, matched = 0;
    struct state *sa = confirmed_states(a, &na), *sb = confirmed_states(b, &nb);
    for (size_t i = 0, j0 = 0; i < nb; i++) {
        while (j0 < na && sa[j0].t < sb[i].t - 1e-9)
            j0++;
        for (size_t j = j0; j < na && sa[j].t <= sb[i].t + 1e-9; j++) {
            double dx = sa[j].pos[0] - sb[i].pos[0], dy = sa[j].pos[1] - sb[i].pos[1],
                   dz = sa[j].pos[2] - sb[i].pos[2];
            if (dx * dx + dy * dy + dz * dz < 1.0) {
                matched++;
                break;
            }
        }
    }
    /* Distinct live states (time, track): no more than offline. Live also emits a time
     * again when a report arrives after its scan (or implicit sector: tracker_input.c) was
     * processed, which an in-order run never has to: those repeats are counted apart. */
    struct state *u = malloc((na ? na : 1) * sizeof *u);
    size_t distinct = 0;
    if (u) {
        memcpy(u, sa, na * sizeof *u);
        qsort(u, na, sizeof *u, by_time_id);
        for (size_t j = 0; j < na; j++)
            distinct += j == 0 || by_time_id(&u[j - 1], &u[j]) != 0;
        free(u);
    }
    fprintf(stderr, "  %s: offline %zu confirmed track states, live %zu (%zu distinct), %zu "
                    "matched\n", name, nb, na, distinct, matched);
    CHECK(nb > 20);
    CHECK(matched >= nb * 98 / 100);
    CHECK(distinct <= nb + nb / 50);
    CHECK(na <= nb + nb / 5);
    if (three_inputs != 1) { /* one stream in file order: the very same bytes */
        char *fa = lf_slurp(a, NULL), *fb = lf_slurp(b, NULL);
        CHECK(fa && fb && !strcmp(fa, fb));
        free(fa);
        free(fb);
    }
    snprintf(a, sizeof a, "%s/live-alerts.jsonl", dir);
    snprintf(b, sizeof b, "%s/off-alerts.jsonl", dir);
    int ra = count_raised(a, NULL), rb = count_raised(b, NULL);
    fprintf(stderr, "  alerts raised: live %d, offline %d\n", ra, rb);
    CHECK(rb >= 1);
    CHECK_INT(ra, rb);
    CHECK_INT(count_raised(a, "\"zone\":\"post\""), count_raised(b, "\"zone\":\"post\""));
    free(sa);
    free(sb);
}

static void sim_live_single_tcp(void)
{
    sim_live_matches_offline("scenarios/single-fpv.yaml", "sf", 0);
}

static void sim_live_tcp_client(void)
{
    char log[600];
    sim_live_matches_offline("scenarios/single-fpv.yaml", "sfc", 2);
    snprintf(log, sizeof log, "%s/sfc.log", tmp);
    char *lg = lf_slurp(log, NULL);
    CHECK(lg && strstr(lg, "reconnecting to 127.0.0.1:") && strstr(lg, "connected to 127.0.0.1:"));
    CHECK(lg && strstr(lg, "1 connections"));
    free(lg);
}

static void sim_live_three_inputs(void)
{
    sim_live_matches_offline("scenarios/multi-radar.yaml", "mr3", 1);
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    snprintf(tmp, sizeof tmp, "/tmp/vigil-test-run-XXXXXX");
    if (!mkdtemp(tmp)) {
        perror("mkdtemp");
        return 1;
    }
    char xdg[300]; /* the engine records by default into $XDG_STATE_HOME/vigil: keep it here */
    snprintf(xdg, sizeof xdg, "%s/xdg", tmp);
    setenv("XDG_STATE_HOME", xdg, 1);
    RUN(config_check_and_errors);
    RUN(udp_tcp_inputs_tcp_output);
    RUN(malformed_counted_engine_survives);
    RUN(sim_live_single_tcp);
    RUN(sim_live_tcp_client);
    RUN(sim_live_three_inputs);
    int rc = test_report();
    if (rc == 0) {
        char cmd[300];
        snprintf(cmd, sizeof cmd, "rm -rf %s", tmp);
        if (system(cmd) != 0)
            fprintf(stderr, "could not remove %s\n", tmp);
    }
    return rc;
}
