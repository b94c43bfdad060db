/* SPDX-License-Identifier: MIT */
/* test_cli_replay.c — `vigil exercise/track --record`, `vigil replay` and `vigil export` end to
 * end, through the binary named by $VIGIL_BIN.
 *
 * The single-FPV exercise is recorded; replaying the recording writes tracks.jsonl and
 * alerts.jsonl byte for byte as the exercise wrote them, and so does a re-run of the pipeline
 * on the recorded detections (--rerun --check exits 0), while a re-run with a changed setting
 * is caught (--check exits 1). A window keeps exactly the exercise's lines inside it. `vigil
 * track --record` likewise. The exports load (GeoJSON with jansson; KML with xmllint if
 * installed). A file that is not a recording, and bad usage, fail with a clear message. */
#include "test.h"

#include <jansson.h>
#include <stdarg.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char dir[256];
static char out_path[512];
static const char *text;

static int vigil(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Run `vigil ARGS` with stdout+stderr in a file (text); the exit status, -1 on a signal. */
static int vigil(const char *fmt, ...)
{
    static char buf[1 << 16];
    char args[3000], cmd[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof args, fmt, ap);
    va_end(ap);
    const char *bin = getenv("VIGIL_BIN");
    snprintf(cmd, sizeof cmd, "%s %s >%s 2>&1", bin ? bin : "./build/vigil", args, out_path);
    int st = system(cmd);
    FILE *f = fopen(out_path, "r");
    size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    buf[n] = '\0';
    if (f)
        fclose(f);
    text = buf;
    if (st == -1 || !WIFEXITED(st))
        return -1;
    return WEXITSTATUS(st);
}

static int same_files(const char *a, const char *b)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "cmp -s %s/%s %s/%s", dir, a, dir, b);
    int st = system(cmd);
    if (st != 0)
        fprintf(stderr, "  %s and %s differ\n", a, b);
    return st == 0;
}

/* Lines of dir/name with t in [from, to], and lines outside. */
static void count_t(const char *name, double from, double to, size_t *in, size_t *out)
{
    char p[600];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "r");
    *in = *out = 0;
    static char line[1 << 16];
    while (f && fgets(line, sizeof line, f)) {
        json_error_t e;
        json_t *o = json_loads(line, 0, &e);
        double t = json_number_value(json_object_get(o, "t"));
        if (t >= from && t <= to)
            (*in)++;
        else
            (*out)++;
        json_decref(o);
    }
    if (f)
        fclose(f);
}

static void case_exercise_replay(void)
{
    CHECK(vigil("exercise scenarios/exercise-single-fpv.yaml -o %s/ex --record %s/ex.db -q",
                dir, dir) == 0);
    CHECK(vigil("replay %s/ex.db -o %s/tr.jsonl --alerts %s/al.jsonl -q", dir, dir, dir) == 0);
    CHECK(same_files("tr.jsonl", "ex/tracks.jsonl"));
    CHECK(same_files("al.jsonl", "ex/alerts.jsonl"));
    /* Progress and records/s on stderr without -q. */
    CHECK(vigil("replay %s/ex.db -o /dev/null", dir) == 0);
    CHECK(strstr(text, "100.0 %") && strstr(text, "records/s"));
    /* Recording again over the same file replaces it. */
    CHECK(vigil("exercise scenarios/exercise-single-fpv.yaml -o %s/ex --record %s/ex.db -q",
                dir, dir) == 0);
    CHECK(vigil("replay %s/ex.db -o %s/tr.jsonl -q", dir, dir) == 0);
    CHECK(same_files("tr.jsonl", "ex/tracks.jsonl"));
}

static void case_rerun(void)
{
    CHECK(vigil("replay %s/ex.db --rerun --check -o %s/tr2.jsonl --alerts %s/al2.jsonl", dir,
                dir, dir) == 0);
    CHECK(strstr(text, "identical") != NULL);
    CHECK(same_files("tr2.jsonl", "ex/tracks.jsonl"));
    CHECK(same_files("al2.jsonl", "ex/alerts.jsonl"));
    CHECK(vigil("replay %s/ex.db --rerun --check --set q_h=9 -o /dev/null", dir) == 1);
    CHECK(strstr(text, "first difference") != NULL);
    CHECK(vigil("replay %s/ex.db --check -o /dev/null", dir) == 2); /* --check needs --rerun */
}

static void case_window(void)
{
    CHECK(vigil("replay %s/ex.db --from 20 --to 30.5 -o %s/w.jsonl -q", dir, dir) == 0);
    size_t in, out, want, rest;
    count_t("w.jsonl", 20.0, 30.5, &in, &out);
    count_t("ex/tracks.jsonl", 20.0, 30.5, &want, &rest);
    CHECK(in > 0);
    CHECK_INT(out, 0);
    CHECK_INT(in, want);
    CHECK(vigil("replay %s/ex.db --from 30 --to 20", dir) == 2);
    CHECK(vigil("replay %s/ex.db --speed -1", dir) == 2);
}

static void case_track_record(void)
{
    CHECK(vigil("track %s/ex/detections.jsonl --site %s/ex/site.geojson -o %s/t3.jsonl "
                "--alerts %s/a3.jsonl --record %s/t.db -q", dir, dir, dir, dir, dir) == 0);
    CHECK(vigil("replay %s/t.db -o %s/t4.jsonl --alerts %s/a4.jsonl --detections %s/d4.jsonl "
                "-q", dir, dir, dir, dir) == 0);
    CHECK(same_files("t4.jsonl", "t3.jsonl"));
    CHECK(same_files("a4.jsonl", "a3.jsonl"));
    size_t n4, x4, n0, x0;
    count_t("d4.jsonl", -1e9, 1e9, &n4, &x4);
    count_t("ex/detections.jsonl", -1e9, 1e9, &n0, &x0);
    CHECK_INT(n4, n0);
    CHECK(vigil("replay %s/t.db --rerun --check -o %s/t5.jsonl -q", dir, dir) == 0);
    CHECK(same_files("t5.jsonl", "t3.jsonl"));
}

static void case_export(void)
{
    CHECK(vigil("export %s/ex.db --geojson %s/x.geojson --kml %s/x.kml", dir, dir, dir) == 0);
    char p[600];
    snprintf(p, sizeof p, "%s/x.geojson", dir);
    json_error_t e;
    json_t *o = json_load_file(p, 0, &e);
    CHECK(o && json_array_size(json_object_get(o, "features")) > 1);
    json_decref(o);
    if (system("command -v xmllint >/dev/null 2>&1") == 0) {
        char cmd[700];
        snprintf(cmd, sizeof cmd, "xmllint --noout %s/x.kml", dir);
        CHECK(system(cmd) == 0);
    }
    CHECK(vigil("export %s/ex.db --from 10 --to 20 --geojson -", dir) == 0);
    CHECK(strncmp(text, "{\"type\":\"FeatureCollection\"", 27) == 0);
    CHECK(vigil("export %s/ex.db", dir) == 2);
}

static void case_errors(void)
{
    CHECK(vigil("replay %s/ex/site.geojson", dir) == 1);
    CHECK(strstr(text, "not a Vigil recording") != NULL);
    CHECK(vigil("export %s/ex/site.geojson --kml /dev/null", dir) == 1);
    CHECK(strstr(text, "not a Vigil recording") != NULL);
    CHECK(vigil("replay %s/missing.db", dir) == 1);
    /* --record never overwrites a file that is not a recording. */
    CHECK(vigil("exercise scenarios/exercise-single-fpv.yaml -o %s/ex2 --record "
                "%s/ex/site.geojson -q", dir, dir) == 1);
    CHECK(strstr(text, "not a Vigil recording") != NULL);
    CHECK(vigil("replay") == 2);
    CHECK(vigil("replay --help") == 0 && strstr(text, "usage: vigil replay"));
    CHECK(vigil("export --help") == 0 && strstr(text, "usage: vigil export"));
    CHECK(vigil("exercise --help") == 0 && strstr(text, "--record"));
    CHECK(vigil("track --help") == 0 && strstr(text, "--record"));
}

static void nap_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* The HTTP status of GET path on 127.0.0.1:port, with the token as a Bearer (or none). */
static int http_status(int port, const char *path, const char *token)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    char req[512], resp[64] = "";
    int n = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s%s%s"
                     "Connection: close\r\n\r\n", path, token ? "Authorization: Bearer " : "",
                     token ? token : "", token ? "\r\n" : "");
    int code = -1;
    if (write(fd, req, (size_t)n) == n && read(fd, resp, sizeof resp - 1) > 12)
        code = atoi(resp + 9); /* "HTTP/1.1 200" */
    close(fd);
    return code;
}

/* The replay on the operator picture: the URL with its token is printed, the site is served
 * with the token and refused without it, and the run ends by itself with --exit. */
static void case_cop(void)
{
    CHECK(vigil("exercise scenarios/exercise-single-fpv.yaml -o %s/cx --record %s/cx.db -q",
                dir, dir) == 0);
    char cmd[2000], url_file[600];
    snprintf(url_file, sizeof url_file, "%s/cop.out", dir);
    const char *bin = getenv("VIGIL_BIN");
    snprintf(cmd, sizeof cmd, "%s replay %s/cx.db --cop --port 0 --state-dir %s/st --speed 30 "
             "--exit -q >%s 2>&1 &", bin ? bin : "./build/vigil", dir, dir, url_file);
    CHECK(system(cmd) == 0);
    int port = -1;
    char token[80] = "";
    for (int i = 0; i < 100 && port < 0; i++) {
        nap_ms(50);
        FILE *f = fopen(url_file, "r");
        char line[512];
        if (f && fgets(line, sizeof line, f)) {
            const char *p = strstr(line, "127.0.0.1:"), *t = strstr(line, "token=");
            if (p && t) {
                port = atoi(p + 10);
                sscanf(t + 6, "%64[0-9a-f]", token);
            }
        }
        if (f)
            fclose(f);
    }
    CHECK(port > 0 && strlen(token) == 64);
    CHECK_INT(http_status(port, "/api/site", NULL), 401);
    CHECK_INT(http_status(port, "/api/site", "0000"), 401);
    CHECK_INT(http_status(port, "/api/site", token), 200);
    /* 90 s at 30x: done in about 3 s, then the server is gone. */
    int gone = 0;
    for (int i = 0; i < 200 && !gone; i++) {
        nap_ms(50);
        gone = http_status(port, "/api/site", token) < 0;
    }
    CHECK(gone);
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/vg_cli_replay_%d", (int)getpid());
    snprintf(out_path, sizeof out_path, "%s/out.txt", dir);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "mkdir -p %s", dir);
    if (system(cmd) != 0)
        return 1;
    RUN(case_exercise_replay);
    RUN(case_rerun);
    RUN(case_window);
    RUN(case_track_record);
    RUN(case_export);
    RUN(case_errors);
    RUN(case_cop);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "  could not remove %s\n", dir);
    return test_report();
}
