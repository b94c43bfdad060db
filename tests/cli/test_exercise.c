/* SPDX-License-Identifier: MIT */
/* test_exercise.c — `vigil exercise` end to end: the border-post attack simulated, tracked,
 * assessed and scored, its score.json read back field by field, its report.html checked for
 * the shape an offline browser needs (doctype, inline SVG, every attacker named, nothing
 * loaded from outside, scenario text escaped), and the single-FPV scenario for its zone.
 * Runs the binary named by $VIGIL_BIN (set by CTest) from the repository root. The lead
 * fractions are printed, for the record. */
#include "test.h"

#include <jansson.h>
#include <sys/wait.h>
#include <unistd.h>

static char tmpdir[256];
static char out_path[512];

/* Run `vigil ARGS` with stdout+stderr in a file; the exit status, or -1 on a signal. */
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

/* The whole file (caller frees), or NULL. */
static char *slurp(const char *dir, const char *name)
{
    char path[600];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (buf) {
        size_t got = fread(buf, 1, (size_t)n, f);
        buf[got] = '\0';
    }
    fclose(f);
    return buf;
}

static size_t count(const char *text, const char *what)
{
    size_t n = 0;
    for (const char *p = text; (p = strstr(p, what)) != NULL; p += strlen(what))
        n++;
    return n;
}

static json_t *load_score(const char *dir)
{
    char path[600];
    snprintf(path, sizeof path, "%s/score.json", dir);
    json_error_t e;
    json_t *o = json_load_file(path, 0, &e);
    if (!o)
        fprintf(stderr, "  %s:%d: %s\n", path, e.line, e.text);
    return o;
}

static double num(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

static const char *str(const json_t *o, const char *key)
{
    const char *v = json_string_value(json_object_get(o, key));
    return v ? v : "";
}

static const char *const fpvs[] = {"fpv-1", "fpv-2", "fpv-3", "fpv-4", "fpv-5"};

static void score_json_has_the_fields(const char *dir)
{
    json_t *s = load_score(dir);
    CHECK(s != NULL);
    if (!s)
        return;
    CHECK(!strcmp(str(s, "scenario"), "border-post"));
    CHECK_NEAR(num(s, "seed"), 20240611, 0);
    CHECK_NEAR(num(s, "duration_s"), 120, 0);
    CHECK_NEAR(num(s, "hostiles"), 5, 0);
    json_t *lead = json_object_get(s, "first_alert_lead_s");
    json_t *frac = json_object_get(s, "lead_fraction");
    json_t *dta = json_object_get(s, "detection_to_alert_s");
    json_t *tl = json_object_get(s, "timeline");
    CHECK(json_is_object(lead) && json_is_object(frac) && json_is_object(dta) &&
          json_is_object(tl));
    CHECK_INT(json_object_size(lead), 5);
    fprintf(stderr, "  border-post lead fractions:");
    for (size_t i = 0; i < 5; i++) {
        double l = num(lead, fpvs[i]), fr = num(frac, fpvs[i]), d = num(dta, fpvs[i]);
        json_t *t = json_object_get(tl, fpvs[i]);
        fprintf(stderr, " %s %.2f (%.1f s)", fpvs[i], fr, l);
        CHECK(l > 0);             /* every attacker alerted before it arrived */
        CHECK(fr > 0 && fr <= 1); /* the lead fits in the time the sensors gave */
        CHECK(d >= 0);
        double det = num(t, "first_detectable_s"), seen = num(t, "first_detected_s");
        double alert = num(t, "first_alert_s"), zone = num(t, "zone_reached_s");
        CHECK(det <= seen && seen <= alert && alert < zone);
        double look = num(t, "second_look_s"); /* located twice: no sooner than seen */
        CHECK(seen <= look);
        CHECK_NEAR(num(json_object_get(s, "second_look_to_alert_s"), fpvs[i]), alert - look,
                   1e-6);
        CHECK(num(t, "launch_s") <= det);
        CHECK_NEAR(zone - alert, l, 1e-6);
        CHECK_NEAR(l / (zone - det), fr, 1e-6);
        CHECK(json_is_string(json_object_get(t, "zone")));
    }
    fprintf(stderr, "\n");
    CHECK(!strcmp(str(json_object_get(tl, "fpv-3"), "zone"),
                  "depot"));
    json_t *never = json_object_get(s, "never_alerted");
    CHECK(json_is_array(never) && json_array_size(never) == 0);
    CHECK_NEAR(num(s, "hostiles_alerted"), 5, 0);
    double fa = num(s, "false_alerts"), raised = num(s, "alerts_raised");
    CHECK(fa >= 0 && fa <= raised);
    CHECK_NEAR(num(s, "false_alerts_per_hour"), fa / (120.0 / 3600.0), 1e-9);
    CHECK_INT(json_array_size(json_object_get(s, "false_alert_list")), (size_t)fa);
    fprintf(stderr, "  border-post: %.0f alerts raised, %.0f false; GOSPA %.1f; "
                    "drone-vs-bird accuracy %.3f\n", raised, fa, num(s, "gospa"),
            num(s, "drone_bird_accuracy"));
    double g = num(s, "gospa");
    CHECK(g > 0);
    CHECK_NEAR(num(s, "gospa_localisation") + num(s, "gospa_missed") + num(s, "gospa_false"), g,
               1e-6 * g); /* p = 1: the parts add up */
    CHECK_NEAR(num(s, "c"), 50, 0);
    CHECK_NEAR(num(s, "p"), 1, 0);
    CHECK_NEAR(num(s, "alpha"), 2, 0);
    CHECK(num(s, "times") > 100);
    double acc = num(s, "drone_bird_accuracy");
    CHECK(acc >= 0.8 && acc <= 1.0);
    json_t *conf = json_object_get(s, "confusion");
    CHECK(json_is_object(json_object_get(conf, "drone")) &&
          json_is_object(json_object_get(conf, "bird")));
    CHECK(num(json_object_get(conf, "drone"), "drone") > 0);
    json_decref(s);
}

static void report_html_is_whole(const char *dir)
{
    char *h = slurp(dir, "report.html");
    CHECK(h != NULL);
    if (!h)
        return;
    CHECK(!strncmp(h, "<!DOCTYPE html>", 15));
    size_t n = strlen(h);
    CHECK(n > 16 && !strcmp(h + n - 8, "</html>\n"));
    CHECK(n < 1000000); /* paths thinned and cut at the frame: a page, not a data dump */
    CHECK(count(h, "<svg") >= 4 && count(h, "<svg") == count(h, "</svg>"));
    CHECK(count(h, "<table") == count(h, "</table>"));
    CHECK(count(h, "<polyline") > 10);
    for (size_t i = 0; i < 5; i++)
        CHECK(strstr(h, fpvs[i]) != NULL);
    /* Self-contained: no script, no stylesheet or image from anywhere. */
    CHECK(!strstr(h, "<script") && !strstr(h, "<link") && !strstr(h, "<img"));
    CHECK(!strstr(h, "https://") && !strstr(h, "href=\"http"));
    CHECK_INT(count(h, "http://"), count(h, "xmlns=\"http://www.w3.org/2000/svg\""));
    CHECK(strstr(h, "Border post") != NULL && strstr(h, "Fuel depot") != NULL);
    CHECK(strstr(h, "GOSPA") != NULL && strstr(h, "Definitions") != NULL);
    free(h);
}

static void other_files_written(const char *dir)
{
    static const char *names[] = {"alerts.jsonl", "tracks.jsonl", "truth.jsonl",
                                  "detections.jsonl", "site.geojson"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char *t = slurp(dir, names[i]);
        CHECK(t && *t);
        if (t && i == 0)
            CHECK(count(t, "\"state\":\"raised\"") >= 5);
        if (t && i == 1)
            CHECK(strstr(t, "\"class\":\"drone\"") != NULL);
        free(t);
    }
}

static void border_post(void)
{
    char dir[300], args[1024];
    const char *out;
    snprintf(dir, sizeof dir, "%s/bp", tmpdir);
    snprintf(args, sizeof args, "exercise scenarios/border-post.yaml -o %s", dir);
    CHECK_INT(vigil(args, &out), 0);
    CHECK(strstr(out, "fpv-5") != NULL && strstr(out, "GOSPA") != NULL);
    score_json_has_the_fields(dir);
    report_html_is_whole(dir);
    other_files_written(dir);
}

/* One FPV onto the zone "post": alerted with a lead, and the same seed gives the same scores. */
static void single_fpv_zone(void)
{
    char args[1024];
    const char *out;
    snprintf(args, sizeof args, "exercise scenarios/single-fpv.yaml -q -o %s/sf1", tmpdir);
    CHECK_INT(vigil(args, &out), 0);
    CHECK(out[0] == '\0'); /* -q */
    snprintf(args, sizeof args, "exercise scenarios/single-fpv.yaml -q -o %s/sf2", tmpdir);
    CHECK_INT(vigil(args, NULL), 0);
    char d1[300], d2[300];
    snprintf(d1, sizeof d1, "%s/sf1", tmpdir);
    snprintf(d2, sizeof d2, "%s/sf2", tmpdir);
    char *a = slurp(d1, "score.json"), *b = slurp(d2, "score.json");
    CHECK(a && b && !strcmp(a, b));
    free(a);
    free(b);
    json_t *s = load_score(d1);
    CHECK(s != NULL);
    if (!s)
        return;
    json_t *t = json_object_get(json_object_get(s, "timeline"), "fpv-1");
    CHECK(!strcmp(str(t, "zone"), "post"));
    double zone = num(t, "zone_reached_s"), alert = num(t, "first_alert_s");
    CHECK(zone > 2 && zone < 60);
    CHECK(alert < zone);
    double fr = num(json_object_get(s, "lead_fraction"), "fpv-1");
    fprintf(stderr, "  single-fpv lead fraction %.2f, lead %.1f s\n", fr, zone - alert);
    CHECK(fr > 0.5 && fr <= 1.0);
    CHECK_NEAR(num(s, "false_alerts"), 0, 0);
    json_decref(s);
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

/* Text from the scenario is escaped in the page; settings reach every stage. */
static void escaping_settings_and_usage(void)
{
    char *sc = slurp(".", "scenarios/single-fpv.yaml");
    CHECK(sc != NULL);
    if (!sc)
        return;
    char *name = strstr(sc, "name: single-fpv");
    CHECK(name != NULL);
    static char text[8192];
    if (name) {
        snprintf(text, sizeof text, "%.*sname: \"<b>&'x'\"%s", (int)(name - sc), sc,
                 name + strlen("name: single-fpv"));
        write_file("odd.yaml", text);
    }
    free(sc);
    write_file("ok.conf", "# settings of three stages\nconfirm_m = 2   # tracker\n"
                          "raise_threat = 0.65\ntau_s = 20\n");
    write_file("bad.conf", "confirm_m = 2\nno_such_key = 1\n");
    char args[1024];
    const char *out;
    snprintf(args, sizeof args, "exercise %s/odd.yaml -q -o %s/odd --config %s/ok.conf "
                                "--seed 5 --set raise_hold_s=0", tmpdir, tmpdir, tmpdir);
    CHECK_INT(vigil(args, &out), 0);
    char dir[300];
    snprintf(dir, sizeof dir, "%s/odd", tmpdir);
    char *h = slurp(dir, "report.html");
    CHECK(h && strstr(h, "&lt;b&gt;&amp;&#39;x&#39;") && !strstr(h, "<b>&'x'"));
    free(h);
    json_t *s = load_score(dir);
    CHECK(s && !strcmp(str(s, "scenario"), "<b>&'x'"));
    CHECK_NEAR(num(s, "seed"), 5, 0);
    json_decref(s);

    snprintf(args, sizeof args, "exercise %s/odd.yaml -o %s/x --config %s/bad.conf", tmpdir,
             tmpdir, tmpdir);
    CHECK_INT(vigil(args, &out), 2);
    CHECK(strstr(out, "bad.conf:2:") && strstr(out, "no_such_key"));
    snprintf(args, sizeof args, "exercise %s/odd.yaml -o %s/x --set raise_threat=7", tmpdir,
             tmpdir);
    CHECK_INT(vigil(args, &out), 2);
    CHECK(strstr(out, "raise_threat") != NULL);
    CHECK_INT(vigil("exercise scenarios/single-fpv.yaml", &out), 2);
    CHECK(strstr(out, "missing -o DIR") != NULL);
    CHECK_INT(vigil("exercise -o /nonexistent-dir", &out), 2);
    snprintf(args, sizeof args, "exercise %s/none.yaml -o %s/x", tmpdir, tmpdir);
    CHECK_INT(vigil(args, &out), 1);
    CHECK_INT(vigil("exercise --help", &out), 0);
    CHECK(strstr(out, "usage: vigil exercise") != NULL);
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/vigil-test-exercise-XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    snprintf(out_path, sizeof out_path, "%s/out.txt", tmpdir);
    RUN(border_post);
    RUN(single_fpv_zone);
    RUN(escaping_settings_and_usage);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    return test_report();
}
