/* SPDX-License-Identifier: MIT */
/* test_gospa.c — GOSPA against an independent brute force and hand-computed cases; the
 * truth/tracks/scan readers on good and malformed files; a run's times, means and id
 * switches on constructed examples. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/rng.h"
#include "score/score.h"
#include "test.h"

#define MAXO 6

/* Independent brute force: every partial assignment, GOSPA straight from the paper. */

struct bf {
    const double *x, *y;
    int nx, ny;
    double c, p;
    int used[MAXO];
};

static double bf_dist(const double *a, const double *b)
{
    return sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) +
                (a[2] - b[2]) * (a[2] - b[2]));
}

/* Minimum over assignments of truths i.. of Σ d(x,y)^p over pairs (any distance: pairs at
 * d >= c are simply never better than leaving both out) + c^p/2 per unassigned object. */
static double bf_rec(struct bf *s, int i)
{
    double half = pow(s->c, s->p) / 2.0;
    if (i == s->nx) {
        int left = 0;
        for (int j = 0; j < s->ny; j++)
            left += !s->used[j];
        return half * left;
    }
    double best = half + bf_rec(s, i + 1); /* truth i missed */
    for (int j = 0; j < s->ny; j++) {
        if (s->used[j])
            continue;
        s->used[j] = 1;
        double v = pow(bf_dist(s->x + 3 * i, s->y + 3 * j), s->p) + bf_rec(s, i + 1);
        s->used[j] = 0;
        if (v < best)
            best = v;
    }
    return best;
}

static double bf_gospa(const double *x, int nx, const double *y, int ny, double c, double p)
{
    struct bf s = {x, y, nx, ny, c, p, {0}};
    return pow(bf_rec(&s, 0), 1.0 / p);
}

static void case_random_vs_brute_force(void)
{
    struct vg_rng g;
    vg_rng_seed(&g, 2017);
    struct vg_gospa_ws ws;
    vg_gospa_init(&ws);
    const double ps[] = {1.0, 2.0, 1.5};
    for (int trial = 0; trial < 6000; trial++) {
        int nx = (int)(vg_rng_next(&g) % (MAXO + 1)), ny = (int)(vg_rng_next(&g) % (MAXO + 1));
        double c = trial % 4 == 0 ? 3.0 : 10.0, p = ps[trial % 3];
        double x[3 * MAXO], y[3 * MAXO];
        for (int k = 0; k < 3 * nx; k++)
            x[k] = vg_rng_range(&g, -20.0, 20.0);
        for (int j = 0; j < ny; j++) {
            /* Half the estimates near some truth, the rest anywhere (often beyond c). */
            if (nx > 0 && vg_rng_uniform(&g) < 0.5) {
                int i = (int)(vg_rng_next(&g) % (unsigned)nx);
                for (int k = 0; k < 3; k++)
                    y[3 * j + k] = x[3 * i + k] + 4.0 * vg_rng_normal(&g);
            } else {
                for (int k = 0; k < 3; k++)
                    y[3 * j + k] = vg_rng_range(&g, -20.0, 20.0);
            }
        }
        struct vg_gospa r;
        int t2e[MAXO];
        CHECK_INT(vg_gospa_step(&ws, c, p, x, nx, y, ny, &r, t2e), 0);
        double want = bf_gospa(x, nx, y, ny, c, p);
        CHECK_NEAR(r.gospa, want, 1e-9);
        /* The parts add up to the p-th power, and describe the assignment reported. */
        CHECK_NEAR(r.loc_term + r.missed_term + r.false_term, pow(want, p), 1e-9);
        CHECK_INT(r.assigned_n + r.missed_n, nx);
        CHECK_INT(r.assigned_n + r.false_n, ny);
        CHECK_NEAR(r.missed_term, pow(c, p) / 2 * r.missed_n, 1e-9);
        CHECK_NEAR(r.false_term, pow(c, p) / 2 * r.false_n, 1e-9);
        double loc = 0.0;
        int assigned = 0, seen[MAXO] = {0};
        for (int i = 0; i < nx; i++) {
            if (t2e[i] < 0)
                continue;
            CHECK(t2e[i] < ny && !seen[t2e[i]]);
            seen[t2e[i]] = 1;
            double dd = bf_dist(x + 3 * i, y + 3 * t2e[i]);
            CHECK(dd < c);
            loc += pow(dd, p);
            assigned++;
        }
        CHECK_INT(assigned, r.assigned_n);
        CHECK_NEAR(loc, r.loc_term, 1e-9);
        if (test_failures > 20)
            break;
    }
    vg_gospa_fini(&ws);
}

/* Hand-computed cases. */

struct known {
    const char *name;
    double c, p;
    int nx, ny;
    double x[9], y[9];
    double gospa, loc, missed, false_;
    int assigned;
};

static void case_known(void)
{
    const struct known cases[] = { /* automatic: sqrt() in an initialiser */
        {"empty", 10, 1, 0, 0, {0}, {0}, 0, 0, 0, 0, 0},
        {"all missed p1", 10, 1, 3, 0, {0, 0, 0, 5, 5, 5, 9, 9, 9}, {0}, 15, 0, 15, 0, 0},
        {"all missed p2", 10, 2, 3, 0, {0, 0, 0, 5, 5, 5, 9, 9, 9}, {0}, sqrt(150), 0, 150, 0,
         0},
        {"all false p1", 10, 1, 0, 2, {0}, {1, 2, 3, 4, 5, 6}, 10, 0, 0, 10, 0},
        {"pair 3-4-5 p1", 10, 1, 1, 1, {0, 0, 0}, {3, 4, 0}, 5, 5, 0, 0, 1},
        {"pair 3-4-5 p2", 10, 2, 1, 1, {0, 0, 0}, {3, 4, 0}, 5, 25, 0, 0, 1},
        {"pair on up axis", 10, 1, 1, 1, {1, 1, 1}, {1, 1, 4}, 3, 3, 0, 0, 1},
        {"pair beyond c p1", 10, 1, 1, 1, {0, 0, 0}, {0, 0, 12}, 10, 0, 5, 5, 0},
        {"pair beyond c p2", 10, 2, 1, 1, {0, 0, 0}, {0, 0, 12}, 10, 0, 50, 50, 0},
        {"pair at exactly c", 10, 1, 1, 1, {0, 0, 0}, {10, 0, 0}, 10, 0, 5, 5, 0},
        /* Truth 0 at 0, truth 1 at 6; one estimate at 4: pairing with truth 1 (d = 2) beats
         * truth 0 (d = 4). 2 + 5 (truth 0 missed). */
        {"nearest wins", 10, 1, 2, 1, {0, 0, 0, 6, 0, 0}, {4, 0, 0}, 7, 2, 5, 0, 1},
        /* Greedy would pair estimate 0 with truth 1 (d = 1) and leave truth 0 at d = 9;
         * optimal: 0–0 (d = 2) and 1–1 (d = 2) = 4. */
        {"optimal not greedy", 10, 1, 2, 2, {0, 0, 0, 3, 0, 0}, {2, 0, 0, 5, 0, 0}, 4, 4, 0, 0,
         2},
        {"small c", 1, 1, 2, 2, {0, 0, 0, 3, 0, 0}, {0.5, 0, 0, 9, 0, 0}, 1.5, 0.5, 0.5, 0.5, 1},
    };
    struct vg_gospa_ws ws;
    vg_gospa_init(&ws);
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const struct known *t = &cases[k];
        test_current = t->name;
        struct vg_gospa r;
        CHECK_INT(vg_gospa_step(&ws, t->c, t->p, t->x, t->nx, t->y, t->ny, &r, NULL), 0);
        CHECK_NEAR(r.gospa, t->gospa, 1e-12);
        CHECK_NEAR(r.loc_term, t->loc, 1e-12);
        CHECK_NEAR(r.missed_term, t->missed, 1e-12);
        CHECK_NEAR(r.false_term, t->false_, 1e-12);
        CHECK_INT(r.assigned_n, t->assigned);
    }
    test_current = "case_known";
    double x[3] = {0, 0, 0}, bad[3] = {0, NAN, 0};
    struct vg_gospa r;
    CHECK_INT(vg_gospa_step(&ws, 0.0, 1, x, 1, x, 1, &r, NULL), VG_EINVAL);
    CHECK_INT(vg_gospa_step(&ws, INFINITY, 1, x, 1, x, 1, &r, NULL), VG_EINVAL);
    CHECK_INT(vg_gospa_step(&ws, 10, 0.5, x, 1, x, 1, &r, NULL), VG_EINVAL);
    CHECK_INT(vg_gospa_step(&ws, 10, 1, x, 1, bad, 1, &r, NULL), VG_EINVAL);
    vg_gospa_fini(&ws);
}

/* Readers. */

/* Writes text to a fresh temporary file whose name goes into path[64]. */
static void write_tmp(char path[64], const char *text)
{
    strcpy(path, "/tmp/vg_test_score_XXXXXX");
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0)
        return;
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
}

/* "PATH:LINE: " prefix present in msg. */
static int has_place(const char *msg, const char *path, int line)
{
    char want[128];
    snprintf(want, sizeof want, "%s:%d: ", path, line);
    return strncmp(msg, want, strlen(want)) == 0;
}

static void case_readers_good(void)
{
    char path[64];
    write_tmp(path, "# truth\n"
                    "\n"
                    "{\"t\":1.0,\"id\":\"fpv-3\",\"class\":\"drone\",\"hostile\":true,"
                    "\"pos\":[1,2,3],\"vel\":[0,0,0],\"extra\":{\"x\":1}}\n"
                    "   \n"
                    "{\"t\":0.5,\"id\":7,\"pos\":[4,5,6]}\n"
                    "{\"t\":1.0,\"id\":\"fpv-3b\",\"pos\":[0,0,-1]}\r\n");
    struct vg_score_set s;
    vg_score_set_init(&s);
    struct vg_diag d = {""};
    CHECK_INT(vg_truth_read(path, &s, &d), 0);
    CHECK_INT(s.n, 3);
    CHECK_INT(s.nnames, 3);
    CHECK_NEAR(s.t[0], 0.5, 0); /* sorted by time */
    CHECK(!strcmp(s.names[s.id[0]], "7"));
    CHECK_INT(s.line[0], 5);
    CHECK_NEAR(s.pos[3 * 1 + 2], 3.0, 0);
    CHECK(!strcmp(s.names[s.id[2]], "fpv-3b"));
    vg_score_set_fini(&s);
    unlink(path);

    write_tmp(path, "{\"t\":0,\"id\":17,\"status\":\"confirmed\",\"pos\":[1,2,3]}\n"
                    "{\"t\":0,\"id\":18,\"status\":\"tentative\",\"pos\":[1,2,3]}\n"
                    "{\"t\":2,\"id\":19,\"status\":\"tentative\",\"pos\":[1,2,3]}\n"
                    "{\"t\":1,\"id\":17,\"status\":\"coasting\",\"pos\":[1,2,4],\"cov\":[]}\n");
    vg_score_set_init(&s);
    CHECK_INT(vg_tracks_read(path, &s, &d), 0);
    CHECK_INT(s.n, 2);
    CHECK_INT(s.nnames, 1);
    CHECK_INT(s.lines, 4);
    CHECK_INT(s.n_t_only, 2); /* tentative: times kept, objects not scored */
    CHECK_NEAR(s.t_only[1], 2.0, 0);
    vg_score_set_fini(&s);
    unlink(path);

    write_tmp(path, "{\"t\":0.0,\"sensor\":\"s\",\"kind\":\"xyz\",\"pos\":[1,2,0]}\n"
                    "{\"t\":0.0,\"sensor\":\"s\",\"kind\":\"scan\"}\n"
                    "# comment\n"
                    "{\"t\":5.0,\"sensor\":\"s\",\"kind\":\"scan\"}\n");
    double *times;
    size_t n;
    CHECK_INT(vg_scan_times_read(path, &times, &n, &d), 0);
    CHECK_INT(n, 2);
    if (n == 2)
        CHECK_NEAR(times[1], 5.0, 0);
    free(times);
    unlink(path);
}

struct bad_line {
    const char *name;
    int tracks; /* 0 truth, 1 tracks, 2 scans */
    const char *line;
};

static void case_readers_reject(void)
{
    static const struct bad_line cases[] = {
        {"invalid json", 0, "{\"t\":1,\"id\":\"a\",\"pos\":[1,2,3]"},
        {"not an object", 0, "[1,2,3]"},
        {"trailing garbage", 0, "{\"t\":1,\"id\":\"a\",\"pos\":[1,2,3]} x"},
        {"duplicate key", 0, "{\"t\":1,\"t\":2,\"id\":\"a\",\"pos\":[1,2,3]}"},
        {"missing t", 0, "{\"id\":\"a\",\"pos\":[1,2,3]}"},
        {"t is text", 0, "{\"t\":\"1\",\"id\":\"a\",\"pos\":[1,2,3]}"},
        {"missing id", 0, "{\"t\":1,\"pos\":[1,2,3]}"},
        {"id real", 0, "{\"t\":1,\"id\":1.5,\"pos\":[1,2,3]}"},
        {"id null", 0, "{\"t\":1,\"id\":null,\"pos\":[1,2,3]}"},
        {"missing pos", 0, "{\"t\":1,\"id\":\"a\"}"},
        {"pos 2-d", 0, "{\"t\":1,\"id\":\"a\",\"pos\":[1,2]}"},
        {"pos text", 0, "{\"t\":1,\"id\":\"a\",\"pos\":[1,\"2\",3]}"},
        {"pos object", 0, "{\"t\":1,\"id\":\"a\",\"pos\":{\"e\":1}}"},
        {"pos overflow", 0, "{\"t\":1,\"id\":\"a\",\"pos\":[1,2,1e999]}"},
        {"missing status", 1, "{\"t\":1,\"id\":3,\"pos\":[1,2,3]}"},
        {"bad status", 1, "{\"t\":1,\"id\":3,\"status\":\"deleted\",\"pos\":[1,2,3]}"},
        {"status number", 1, "{\"t\":1,\"id\":3,\"status\":1,\"pos\":[1,2,3]}"},
        {"tentative bad pos", 1, "{\"t\":1,\"id\":3,\"status\":\"tentative\",\"pos\":[1]}"},
        {"scan without t", 2, "{\"sensor\":\"s\",\"kind\":\"scan\"}"},
        {"scan bad json", 2, "{\"sensor\":\"s\",\"kind\":\"scan\",}"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const struct bad_line *c = &cases[k];
        test_current = c->name;
        /* Two good lines and a comment first, so the bad line is line 4. */
        const char *good = c->tracks == 2 ? "{\"t\":0,\"sensor\":\"s\",\"kind\":\"scan\"}\n"
                           : c->tracks     ? "{\"t\":0,\"id\":1,\"status\":\"confirmed\","
                                             "\"pos\":[0,0,0]}\n"
                                           : "{\"t\":0,\"id\":\"z\",\"pos\":[0,0,0]}\n";
        char text[512], path[64];
        snprintf(text, sizeof text, "%s# c\n%s%s\n%s", good, good, c->line, good);
        write_tmp(path, text);
        struct vg_diag d = {""};
        struct vg_score_set s;
        vg_score_set_init(&s);
        int rc;
        if (c->tracks == 2) {
            double *times;
            size_t n;
            rc = vg_scan_times_read(path, &times, &n, &d);
            free(times);
        } else {
            rc = c->tracks ? vg_tracks_read(path, &s, &d) : vg_truth_read(path, &s, &d);
        }
        CHECK_INT(rc, VG_EPARSE);
        CHECK(has_place(d.msg, path, 4));
        if (!has_place(d.msg, path, 4))
            fprintf(stderr, "  message: %s\n", d.msg);
        vg_score_set_fini(&s);
        unlink(path);
    }
    test_current = "case_readers_reject";
    struct vg_diag d = {""};
    struct vg_score_set s;
    vg_score_set_init(&s);
    CHECK_INT(vg_truth_read("/nonexistent/truth.jsonl", &s, &d), VG_ENOENT);
    CHECK(strstr(d.msg, "/nonexistent/truth.jsonl") != NULL);
    vg_score_set_fini(&s);
}

/* A run. */

static void add(struct vg_score_set *s, double t, double e, double n, const char *id)
{
    const double pos[3] = {e, n, 0.0};
    CHECK_INT(vg_score_set_add(s, t, pos, id, 0), 0);
}

struct collect {
    int n;
    double t[16];
    int switches[16];
};

static int collect_time(void *ctx, const struct vg_score_time *st)
{
    struct collect *c = ctx;
    if (c->n < 16) {
        c->t[c->n] = st->t;
        c->switches[c->n] = st->id_switches;
    }
    c->n++;
    return 0;
}

static void case_id_switches(void)
{
    struct vg_score_set x, y;
    vg_score_set_init(&x);
    vg_score_set_init(&y);
    /* Truth A at e = 0, truth B at e = 100, for t = 0..6. */
    for (int t = 0; t <= 6; t++) {
        add(&x, t, 0, 0, "A");
        add(&x, t, 100, 0, "B");
    }
    /* A: 1, 1, 2 (switch), none, 2 (no switch: same id after a gap), 1 (switch), 1. */
    add(&y, 0, 1, 0, "1");
    add(&y, 1, 1, 0, "1");
    add(&y, 2, 1, 0, "2");
    add(&y, 4, 1, 0, "2");
    add(&y, 5, 1, 0, "1");
    add(&y, 6, 1, 0, "1");
    /* B: 3, then 3 beyond c with 4 near (switch), then 4 and 3 both near: the optimal
     * assignment keeps the nearer one (4), no switch. */
    add(&y, 0, 100, 1, "3");
    add(&y, 1, 100, 50, "3");
    add(&y, 1, 100, 2, "4");
    add(&y, 2, 100, 1, "4");
    add(&y, 2, 100, 3, "3");
    struct vg_score_params prm;
    vg_score_params_default(&prm);
    struct vg_score_result r;
    struct collect col = {0};
    struct vg_diag d = {""};
    CHECK_INT(vg_score_run(&x, &y, NULL, 0, &prm, collect_time, &col, &r, &d), 0);
    CHECK_INT(r.id_switches, 3);
    CHECK_INT(r.times, 7);
    CHECK_INT(col.n, 7);
    const int want[7] = {0, 1, 1, 0, 0, 1, 0};
    for (int k = 0; k < 7 && k < col.n; k++) {
        CHECK_NEAR(col.t[k], k, 0);
        CHECK_INT(col.switches[k], want[k]);
    }
    vg_score_set_fini(&x);
    vg_score_set_fini(&y);
}

static void case_times_and_means(void)
{
    struct vg_score_set x, y;
    vg_score_set_init(&x);
    vg_score_set_init(&y);
    /* Truth at t = 0 and 1; tracks at t = 0 (d = 2) and at 1 + 4e-7 (same time within 1e-6,
     * d = 4), and a track alone at t = 1.5 (false). Scans add t = 2 and 3 (empty: 0). */
    add(&x, 0, 0, 0, "a");
    add(&x, 1, 0, 0, "a");
    add(&y, 0, 2, 0, "9");
    add(&y, 1 + 4e-7, 0, 4, "9");
    add(&y, 1.5, 50, 50, "9");
    CHECK_INT(vg_score_set_add_time(&y, 3.0), 0); /* a tentative-only line at a scan time */
    const double scans[] = {3.0, 2.0, 0.0, 1.0};
    struct vg_score_params prm;
    vg_score_params_default(&prm);
    struct vg_score_result r;
    struct vg_diag d = {""};
    CHECK_INT(vg_score_run(&x, &y, scans, 4, &prm, NULL, NULL, &r, &d), 0);
    CHECK_INT(r.times, 5); /* 0, 1, 1.5, 2, 3 */
    CHECK_NEAR(r.gospa, (2.0 + 4.0 + 5.0) / 5, 1e-12);
    CHECK_NEAR(r.loc_term, 6.0 / 5, 1e-12);
    CHECK_NEAR(r.false_term, 5.0 / 5, 1e-12);
    CHECK_NEAR(r.missed_term, 0.0, 1e-12);
    CHECK_NEAR(r.false_n, 1.0 / 5, 1e-12);
    CHECK_NEAR(r.assigned_n, 2.0 / 5, 1e-12);
    CHECK_INT(r.alpha, 2);
    CHECK_INT(r.id_switches, 0);

    /* Without scans, and p = 2: times 0, 1, 1.5, 3 (the tentative line's time). */
    prm.p = 2;
    CHECK_INT(vg_score_run(&x, &y, NULL, 0, &prm, NULL, NULL, &r, &d), 0);
    CHECK_INT(r.times, 4);
    CHECK_NEAR(r.gospa, (2.0 + 4.0 + sqrt(50.0)) / 4, 1e-12);
    CHECK_NEAR(r.loc_term, (4.0 + 16.0) / 4, 1e-12);
    CHECK_NEAR(r.false_term, 50.0 / 4, 1e-12);

    /* A track 1e-5 s late is another time: truth missed at 1, track false at 1.00001. */
    add(&y, 1 + 1e-5, 0, 0, "9");
    prm.p = 1;
    CHECK_INT(vg_score_run(&x, &y, NULL, 0, &prm, NULL, NULL, &r, &d), 0);
    CHECK_INT(r.times, 5);

    /* The same id twice at one time is an error naming the line. */
    add(&x, 0, 5, 5, "a");
    x.line[x.n - 1] = 42;
    snprintf(x.path, sizeof x.path, "truth.jsonl");
    CHECK_INT(vg_score_run(&x, &y, NULL, 0, &prm, NULL, NULL, &r, &d), VG_EPARSE);
    CHECK(!strncmp(d.msg, "truth.jsonl:42: ", 16));
    prm.c = -1;
    CHECK_INT(vg_score_run(&x, &y, NULL, 0, &prm, NULL, NULL, &r, &d), VG_EINVAL);
    vg_score_set_fini(&x);
    vg_score_set_fini(&y);

    /* Nothing at all: no times, means 0. */
    vg_score_set_init(&x);
    vg_score_set_init(&y);
    vg_score_params_default(&prm);
    CHECK_INT(vg_score_run(&x, &y, NULL, 0, &prm, NULL, NULL, &r, &d), 0);
    CHECK_INT(r.times, 0);
    CHECK_NEAR(r.gospa, 0.0, 0);
    vg_score_set_fini(&x);
    vg_score_set_fini(&y);
}

/* Two batches 1e-16 s apart (one sensor's 6 × 0.1 s, another's 0.1 + 0.5 s) are one time,
 * and an engine emits its tracks at both: each id is scored once, at its later state; only
 * the same id twice at the very same time is an error. */
static void case_one_state_per_time(void)
{
    struct vg_score_set x, y;
    vg_score_set_init(&x);
    vg_score_set_init(&y);
    double t0 = 0.1 + 0.5, t1 = 6 * 0.1; /* 0.6 and 0.6000000000000001 */
    CHECK(t1 > t0);
    add(&x, t0, 0, 0, "a");
    add(&x, t1, 0, 1, "a"); /* truth sampled at both marker times: the later kept */
    add(&x, t1, 300, 0, "b");
    add(&y, t1, 0, 4, "7"); /* listed first, but the later state */
    add(&y, t0, 0, 9, "7");
    add(&y, t0, 300, 2, "8");
    struct vg_score_params prm;
    vg_score_params_default(&prm);
    struct vg_score_result r;
    struct vg_diag d = {""};
    CHECK_INT(vg_score_run(&x, &y, NULL, 0, &prm, NULL, NULL, &r, &d), 0);
    CHECK_INT(r.times, 1);
    CHECK_NEAR(r.assigned_n, 2.0, 0);
    CHECK_NEAR(r.false_n, 0.0, 0);
    CHECK_NEAR(r.gospa, 3.0 + 2.0, 1e-9); /* a at (0, 1) to 7 at (0, 4); b to 8 */
    CHECK_INT(r.id_switches, 0);
    vg_score_set_fini(&x);
    vg_score_set_fini(&y);

    /* The same id twice at one raw time stays an error, naming the line. */
    vg_score_set_init(&x);
    vg_score_set_init(&y);
    add(&x, t0, 0, 0, "a");
    add(&x, t1, 0, 1, "a");
    add(&x, t1, 0, 2, "a");
    x.line[x.n - 1] = 7;
    snprintf(x.path, sizeof x.path, "truth.jsonl");
    CHECK_INT(vg_score_run(&x, &y, NULL, 0, &prm, NULL, NULL, &r, &d), VG_EPARSE);
    CHECK(strstr(d.msg, "truth.jsonl:") != NULL && strstr(d.msg, "'a'") != NULL);
    vg_score_set_fini(&x);
    vg_score_set_fini(&y);
}

/* Stone Soup reference data: truth against itself scores 0, against nothing scores c/2 per
 * truth object per scan, averaged over every scan (formats.md, reference README). */
static void case_reference_truth(void)
{
    struct vg_score_set x, self, none;
    vg_score_set_init(&x);
    vg_score_set_init(&self);
    vg_score_set_init(&none);
    struct vg_diag d = {""};
    const char *truth = test_shared("reference/stonesoup/tut10/run-000/truth.jsonl");
    int rc = vg_truth_read(truth, &x, &d);
    if (rc == VG_ENOENT) {
        fprintf(stderr, "  (skipped: %s)\n", d.msg);
        return;
    }
    CHECK_INT(rc, 0);
    CHECK_INT(vg_truth_read(truth, &self, &d), 0);
    double *scans = NULL;
    size_t n_scans = 0;
    CHECK_INT(vg_scan_times_read(test_shared("reference/stonesoup/tut10/run-000/detections.jsonl"),
                                 &scans, &n_scans, &d),
              0);
    CHECK_INT(n_scans, 20);
    struct vg_score_params prm;
    vg_score_params_default(&prm);
    struct vg_score_result r;
    CHECK_INT(vg_score_run(&x, &self, scans, n_scans, &prm, NULL, NULL, &r, &d), 0);
    CHECK_INT(r.times, 20);
    CHECK_NEAR(r.gospa, 0.0, 1e-12);
    CHECK_INT(r.id_switches, 0);
    CHECK_INT(vg_score_run(&x, &none, scans, n_scans, &prm, NULL, NULL, &r, &d), 0);
    CHECK_INT(r.times, 20);
    CHECK_NEAR(r.missed_n, (double)x.n / 20, 1e-12);
    CHECK_NEAR(r.gospa, 5.0 * (double)x.n / 20, 1e-12);
    free(scans);
    vg_score_set_fini(&x);
    vg_score_set_fini(&self);
    vg_score_set_fini(&none);
}

int main(void)
{
    RUN(case_random_vs_brute_force);
    RUN(case_known);
    RUN(case_readers_good);
    RUN(case_readers_reject);
    RUN(case_id_switches);
    RUN(case_times_and_means);
    RUN(case_one_state_per_time);
    RUN(case_reference_truth);
    return test_report();
}
