/* SPDX-License-Identifier: MIT */
/* test_cli.c — the `vigil` command end to end: help, the sim → track → score chain through
 * files, and clear errors naming the place for bad input (never a crash: exit 1 or 2, and a
 * message on stderr). Runs the binary named by $VIGIL_BIN (set by CTest). */
#include "test.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char tmpdir[256];
static char out_path[512];

/* Run `vigil ARGS`, capturing stdout+stderr in a file; returns the exit status, or -1 if it
 * died of a signal (a crash). *text gets the output (static buffer). */
static int vigil(const char *args, const char **text)
{
    static char buf[65536];
    char cmd[4096];
    const char *bin = getenv("VIGIL_BIN");
    snprintf(cmd, sizeof cmd, "%s %s >%s 2>&1", bin ? bin : "./build/vigil", args, out_path);
    int st = system(cmd);
    FILE *f = fopen(out_path, "r");
    size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    buf[n] = '\0';
    if (f)
        fclose(f);
    if (text)
        *text = buf;
    if (st == -1 || !WIFEXITED(st))
        return -1;
    return WEXITSTATUS(st);
}

static void write_file(const char *name, const char *content)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", tmpdir, name);
    FILE *f = fopen(p, "w");
    CHECK(f != NULL);
    if (f) {
        fputs(content, f);
        fclose(f);
    }
}

static void help_for_every_command(void)
{
    static const char *cmds[] = {"demo", "sim", "track", "score", "bench"};
    const char *out;
    static char top[8192];
    CHECK_INT(vigil("--help", &out), 0);
    snprintf(top, sizeof top, "%s", out);
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        CHECK(strstr(top, cmds[i]) != NULL);
        char args[64], want[64];
        snprintf(args, sizeof args, "%s --help", cmds[i]);
        snprintf(want, sizeof want, "usage: vigil %s", cmds[i]);
        CHECK_INT(vigil(args, &out), 0);
        CHECK(strstr(out, want) != NULL);
    }
    CHECK_INT(vigil("frobnicate", &out), 2);
    CHECK(strstr(out, "unknown command 'frobnicate'") != NULL);
    CHECK_INT(vigil("", NULL), 2);
    CHECK_INT(vigil("track --bogus-option x", NULL), 2);
}

static void sim_track_score_chain(void)
{
    char args[2048];
    const char *out;
    snprintf(args, sizeof args, "sim scenarios/single-fpv.yaml -q -o %s/sf", tmpdir);
    CHECK_INT(vigil(args, &out), 0);
    snprintf(args, sizeof args, "track %s/sf/detections.jsonl --site %s/sf/site.geojson -o "
                                "%s/sf/tracks.jsonl", tmpdir, tmpdir, tmpdir);
    CHECK_INT(vigil(args, &out), 0);
    CHECK(strstr(out, "confirmed") != NULL);
    snprintf(args, sizeof args, "score --truth %s/sf/truth.jsonl --tracks %s/sf/tracks.jsonl "
                                "--c 50", tmpdir, tmpdir);
    CHECK_INT(vigil(args, &out), 0);
    const char *g = strstr(out, "\"gospa\":");
    CHECK(g != NULL);
    if (g) {
        double v = strtod(g + 8, NULL);
        /* One FPV among light clutter, radar σ ≈ 5 m and 0.5°: a working tracker scores far
         * below the all-missed cost of c/2 = 25 per time; a broken one does not. */
        fprintf(stderr, "  single-fpv GOSPA (c = 50) %.2f\n", v);
        CHECK(v >= 0.0 && v < 12.0);
    }
    CHECK(strstr(out, "\"id_switches\":") != NULL);
    CHECK(strstr(out, "\"alpha\":2") != NULL);

    /* With the site's zones: alerts, and tracks with class and threat. */
    snprintf(args, sizeof args, "track %s/sf/detections.jsonl --site %s/sf/site.geojson -o "
                                "%s/sf/tracks.jsonl --alerts %s/sf/alerts.jsonl",
             tmpdir, tmpdir, tmpdir, tmpdir);
    CHECK_INT(vigil(args, &out), 0);
    char path[600], line[4096];
    snprintf(path, sizeof path, "%s/sf/alerts.jsonl", tmpdir);
    FILE *f = fopen(path, "r");
    CHECK(f != NULL);
    int raised = 0, cleared = 0;
    while (f && fgets(line, sizeof line, f)) {
        raised += strstr(line, "\"state\":\"raised\"") != NULL;
        cleared += strstr(line, "\"state\":\"cleared\"") != NULL;
        CHECK(strstr(line, "\"zone\":\"post\"") != NULL);
    }
    if (f)
        fclose(f);
    CHECK_INT(raised, 1); /* the one FPV, once */
    CHECK(cleared <= 1);
    snprintf(path, sizeof path, "%s/sf/tracks.jsonl", tmpdir);
    f = fopen(path, "r");
    int drone = 0;
    while (f && fgets(line, sizeof line, f))
        drone += strstr(line, "\"class\":\"drone\"") != NULL && strstr(line, "\"threat\":") != NULL;
    if (f)
        fclose(f);
    CHECK(drone > 10);
    /* --alerts without zones is refused with a clear message. */
    snprintf(args, sizeof args, "track %s/sf/detections.jsonl -o %s/sf/t2.jsonl --alerts "
                                "%s/sf/a2.jsonl", tmpdir, tmpdir, tmpdir);
    CHECK_INT(vigil(args, &out), 1);
    CHECK(strstr(out, "--alerts needs --site") != NULL);
}

static void bad_detections_name_the_line(void)
{
    const char *out;
    char args[1024];
    write_file("bad.jsonl", "{\"t\":0,\"sensor\":\"s\",\"kind\":\"xyz\",\"pos\":[1,2,3],\"sigma\":[1,1,1]}\n"
                            "{\"t\":1,\"sensor\":\"s\",\"kind\":\"xyz\",\"pos\":[1,2],\"sigma\":[1,1,1]}\n");
    snprintf(args, sizeof args, "track %s/bad.jsonl -o %s/t.jsonl", tmpdir, tmpdir);
    CHECK_INT(vigil(args, &out), 1);
    CHECK(strstr(out, "bad.jsonl:2:") != NULL);

    write_file("nan.jsonl", "{\"t\":0,\"sensor\":\"s\",\"kind\":\"xyz\",\"pos\":[NaN,2,3],\"sigma\":[1,1,1]}\n");
    snprintf(args, sizeof args, "track %s/nan.jsonl -o %s/t.jsonl", tmpdir, tmpdir);
    CHECK_INT(vigil(args, &out), 1);
    CHECK(strstr(out, "nan.jsonl:1:") != NULL);

    write_file("polar.jsonl", "{\"t\":0,\"sensor\":\"radar-9\",\"kind\":\"polar\",\"range\":100,"
                              "\"az\":10,\"el\":1,\"sigma\":[5,0.5,0.5]}\n");
    snprintf(args, sizeof args, "track %s/polar.jsonl -o %s/t.jsonl", tmpdir, tmpdir);
    CHECK_INT(vigil(args, &out), 1);
    CHECK(strstr(out, "polar.jsonl:1:") != NULL && strstr(out, "radar-9") != NULL);

    snprintf(args, sizeof args, "track %s/missing.jsonl -o %s/t.jsonl", tmpdir, tmpdir);
    CHECK_INT(vigil(args, &out), 1);
    CHECK(strstr(out, "missing.jsonl") != NULL);
}

static void bad_site_and_config(void)
{
    const char *out;
    char args[1024];
    write_file("ok.jsonl", "{\"t\":0,\"sensor\":\"s\",\"kind\":\"xyz\",\"pos\":[1,2,3],\"sigma\":[1,1,1]}\n");
    write_file("site.geojson", "{\"type\":\"FeatureCollection\",\"origin\":[22,48,100],"
                               "\"features\":[{\"type\":\"Feature\"");
    snprintf(args, sizeof args, "track %s/ok.jsonl --site %s/site.geojson -o %s/t.jsonl", tmpdir,
             tmpdir, tmpdir);
    CHECK_INT(vigil(args, &out), 1);
    CHECK(strstr(out, "site.geojson") != NULL);

    write_file("bad.conf", "q_h = 1\n\ngate_prob = 2\n");
    snprintf(args, sizeof args, "track %s/ok.jsonl --config %s/bad.conf -o %s/t.jsonl", tmpdir,
             tmpdir, tmpdir);
    CHECK_INT(vigil(args, &out), 2);
    CHECK(strstr(out, "bad.conf:3:") != NULL && strstr(out, "gate_prob") != NULL);

    write_file("typo.conf", "q_horizontal = 1\n");
    snprintf(args, sizeof args, "track %s/ok.jsonl --config %s/typo.conf -o %s/t.jsonl", tmpdir,
             tmpdir, tmpdir);
    CHECK_INT(vigil(args, &out), 2);
    CHECK(strstr(out, "typo.conf:1:") != NULL && strstr(out, "q_horizontal") != NULL);

    write_file("bad.yaml", "name: x\nseed: 1\nduration_s: -5\n");
    snprintf(args, sizeof args, "sim %s/bad.yaml -o %s/x", tmpdir, tmpdir);
    CHECK_INT(vigil(args, &out), 1);
    CHECK(strstr(out, "bad.yaml:") != NULL);
}

static void bench_json_has_the_fields(void)
{
    const char *out;
    char args[1024];
    snprintf(args, sizeof args, "bench --json --min-seconds 0 --scenario %s/sf", tmpdir);
    CHECK_INT(vigil(args, &out), 0);
    static const char *fields[] = {"\"scenario\"", "\"detections\"", "\"scans\"",
                                   "\"us_per_detection\"", "\"detections_per_s\"",
                                   "\"scan_ms_p50\"", "\"scan_ms_p99\"", "\"peak_rss_kb\"",
                                   "\"tracks_max\""};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        CHECK(strstr(out, fields[i]) != NULL);
}

static void bench_scaling_and_plot(void)
{
    const char *out;
    char args[1024], path[600];
    snprintf(path, sizeof path, "%s/scaling.svg", tmpdir);
    snprintf(args, sizeof args, "bench --json --min-seconds 0 --scaling --realtime "
                                "--max-targets 320 --svg %s", path);
    CHECK_INT(vigil(args, &out), 0);
    CHECK(strstr(out, "\"scenario\":\"swarm-100\"") != NULL);
    CHECK(strstr(out, "\"scenario\":\"swarm-316\"") != NULL);
    CHECK(strstr(out, "\"scenario\":\"swarm-1000\"") == NULL); /* above the maximum */
    CHECK(strstr(out, "\"us_per_detection_loglog_slope\"") != NULL);
    CHECK(strstr(out, "\"scenario\":\"realtime-320-at-10Hz\"") != NULL);
    CHECK(strstr(out, "\"realtime\":true") != NULL);
    FILE *f = fopen(path, "r");
    CHECK(f != NULL);
    if (f) {
        char head[64] = "";
        CHECK(fgets(head, sizeof head, f) != NULL);
        CHECK(strncmp(head, "<svg", 4) == 0);
        fclose(f);
    }
    CHECK_INT(vigil("bench --max-targets 5", &out), 2);
    /* --set is checked (and applied over the built-in settings) in every mode. */
    CHECK_INT(vigil("bench --set confirm_m=50 --min-seconds 0 --max-targets 100", &out), 2);
    CHECK(strstr(out, "confirm_m") != NULL);
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/vigil-test-cli-XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    snprintf(out_path, sizeof out_path, "%s/out.txt", tmpdir);
    RUN(help_for_every_command);
    RUN(sim_track_score_chain);
    RUN(bad_detections_name_the_line);
    RUN(bad_site_and_config);
    RUN(bench_json_has_the_fields);
    RUN(bench_scaling_and_plot);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    return test_report();
}
