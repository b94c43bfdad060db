/* SPDX-License-Identifier: MIT */
/* test_exercise_goals.c — the defence goals of the built-in exercises (issue 4), measured on
 * every one of them through `vigil exercise`:
 *   - every hostile alerted, each with at least 90 % of its possible lead time (from the
 *     first moment any sensor could see it to its zone);
 *   - drone-vs-bird labelling right for at least 98 % of confirmed-track time;
 *   - no false alert in the four attack exercises;
 *   - false alerts: ≤ 1 per simulated 24 h. The bird-heavy dawn hour is held at none on its
 *     own seed; over 61 seeds of it (61 simulated hours: 4105 and 1-60) this release raises
 *     none. With the 1 Hz rotating radar the exercises had before, 24 seeded hours raised
 *     none and 60 raised 2 before its last fix (a contested update's kinematics are no
 *     evidence of class; seeds 11 and 49: young tracks chaining birds' plots in a flock
 *     over the radar); at the start of this work, 2 in 12.
 *   - detection to alert ≤ 1 s for every hostile. The exercises' radar is a staring one
 *     (four looks a second): a young track is confirmed by its second plot (unambiguous
 *     Doppler plots, tracker confirm_fast) or its M-of-N, or by two direction finders'
 *     bearings crossing on it, and alerted in the same batch.
 * The same engine behind a 1 Hz rotating radar (case_rotating_radar: the single-FPV exercise
 * with the radar swapped) cannot alert within a second of the radar's first plot: the second
 * plot comes a revolution later, and the sector it falls in closes up to 1/8 s after it.
 * That bound is held there (and the part after the second look, the engine's own, at a
 * sector), so that a regression of the rotating path fails too.
 * The dawn hour (200 birds, 3600 s) takes a minute under the sanitizers' Debug build and is
 * run in optimised builds only. */
#include "test.h"

#include <jansson.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char tmpdir[256];

/* Runs `vigil exercise` on scenarios/exercise-NAME.yaml, or on FILE when given, into
 * tmpdir/NAME. */
static int run_exercise_file(const char *name, const char *file, json_t **score)
{
    char cmd[2048], path[600], scn[600];
    const char *bin = getenv("VIGIL_BIN");
    if (file)
        snprintf(scn, sizeof scn, "%s", file);
    else
        snprintf(scn, sizeof scn, "scenarios/exercise-%s.yaml", name);
    snprintf(cmd, sizeof cmd, "%s exercise %s -o %s/%s -q >%s/%s.log 2>&1",
             bin ? bin : "./build/vigil", scn, tmpdir, name, tmpdir, name);
    int st = system(cmd);
    if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        fprintf(stderr, "  vigil exercise %s failed (see %s/%s.log)\n", name, tmpdir, name);
        return -1;
    }
    snprintf(path, sizeof path, "%s/%s/score.json", tmpdir, name);
    json_error_t e;
    *score = json_load_file(path, 0, &e);
    return *score ? 0 : -1;
}

static int run_exercise(const char *name, json_t **score)
{
    return run_exercise_file(name, NULL, score);
}

static double num(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Checks one attack exercise; adds its detection-to-alert delays to all[]. */
static double false_total;

static void attack(const char *name, double *all, size_t *nall, double *looks, size_t *nlooks)
{
    json_t *s = NULL;
    CHECK(run_exercise(name, &s) == 0);
    if (!s)
        return;
    double hostiles = num(s, "hostiles");
    CHECK(hostiles >= 1);
    CHECK_NEAR(num(s, "hostiles_alerted"), hostiles, 0);
    CHECK(json_array_size(json_object_get(s, "never_alerted")) == 0);
    const json_t *frac = json_object_get(s, "lead_fraction");
    const json_t *dta = json_object_get(s, "detection_to_alert_s");
    const json_t *lta = json_object_get(s, "second_look_to_alert_s");
    CHECK_INT(json_object_size(frac), (size_t)hostiles);
    const char *id;
    const json_t *v;
    json_object_foreach((json_t *)frac, id, v) {
        CHECK(json_number_value(v) >= 0.90);
        double d = json_number_value(json_object_get(dta, id));
        CHECK(d >= 0.0);
        if (*nall < 64)
            all[(*nall)++] = d;
        double l = json_number_value(json_object_get(lta, id));
        CHECK(l >= 0.0 && l <= d);
        if (*nlooks < 64)
            looks[(*nlooks)++] = l;
    }
    false_total += num(s, "false_alerts");
    CHECK(num(s, "drone_bird_accuracy") >= 0.98);
    printf("  %-12s %2.0f hostiles, lead fraction min %.3f, accuracy %.4f, false alerts %.0f\n",
           name, hostiles, num(s, "lead_fraction_min"), num(s, "drone_bird_accuracy"),
           num(s, "false_alerts"));
    json_decref(s);
}

static void case_attack_exercises(void)
{
    static const char *const names[] = {"single-fpv", "swarm12", "fibre-rid", "helicopter"};
    double all[64], looks[64];
    size_t n = 0, nl = 0;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        attack(names[i], all, &n, looks, &nl);
    CHECK(n >= 17);
    if (n == 0)
        return;
    qsort(all, n, sizeof *all, cmp_double);
    double median = n % 2 ? all[n / 2] : 0.5 * (all[n / 2 - 1] + all[n / 2]);
    printf("  detection to alert over %zu hostiles: min %.2f s, median %.2f s, max %.2f s "
           "(goal <= 1 s)\n", n, all[0], median, all[n - 1]);
    CHECK(all[n - 1] <= 1.0);
    /* The engine's own part: from the moment the sensors had located the attacker twice
     * (its second plot, or two direction finders' crossing bearings). */
    CHECK_INT(nl, n);
    if (nl == 0)
        return;
    qsort(looks, nl, sizeof *looks, cmp_double);
    double lmed = nl % 2 ? looks[nl / 2] : 0.5 * (looks[nl / 2 - 1] + looks[nl / 2]);
    printf("  second look to alert: min %.2f s, median %.2f s, max %.2f s\n", looks[0], lmed,
           looks[nl - 1]);
    CHECK(looks[nl - 1] <= 1.0);
    printf("  false alerts in the attack exercises: %.0f\n", false_total);
    CHECK_NEAR(false_total, 0, 0);
}

/* The single-FPV exercise with its staring radar swapped for a 1 Hz rotating one closing
 * eight sectors: every other line of the file as it is. */
static void case_rotating_radar(void)
{
    char out[600];
    snprintf(out, sizeof out, "%s/rotating.yaml", tmpdir);
    FILE *in = fopen("scenarios/exercise-single-fpv.yaml", "r");
    FILE *o = fopen(out, "w");
    CHECK(in != NULL && o != NULL);
    if (!in || !o) {
        if (in)
            fclose(in);
        if (o)
            fclose(o);
        return;
    }
    char line[512];
    int in_radars = 0, scan = 0, rate = 0;
    while (fgets(line, sizeof line, in)) {
        if (strncmp(line, "radars:", 7) == 0)
            in_radars = 1;
        else if (line[0] != ' ' && line[0] != '#' && line[0] != '\n')
            in_radars = 0;
        if (in_radars && strstr(line, "scan: electronic")) {
            fputs("    scan: rotating\n    sectors: 8\n", o);
            scan++;
        } else if (in_radars && strstr(line, "rate_hz: 4")) {
            fputs("    rate_hz: 1\n", o);
            rate++;
        } else {
            fputs(line, o);
        }
    }
    fclose(in);
    CHECK(fclose(o) == 0);
    CHECK_INT(scan, 1); /* the exercise file still has the radar this test swaps */
    CHECK_INT(rate, 1);
    json_t *s = NULL;
    CHECK(run_exercise_file("rotating", out, &s) == 0);
    if (!s)
        return;
    CHECK_NEAR(num(s, "hostiles_alerted"), num(s, "hostiles"), 0);
    CHECK_NEAR(num(s, "false_alerts"), 0, 0);
    const json_t *dta = json_object_get(s, "detection_to_alert_s");
    const json_t *lta = json_object_get(s, "second_look_to_alert_s");
    const char *id;
    const json_t *v;
    CHECK(json_object_size(dta) == 1);
    json_object_foreach((json_t *)dta, id, v) {
        double d = json_number_value(v), l = json_number_value(json_object_get(lta, id));
        printf("  rotating 1 Hz radar: %s detection to alert %.3f s, second look to alert "
               "%.3f s (a revolution and at most a sector: <= 1.125 s)\n", id, d, l);
        CHECK(d >= 0.0 && d <= 1.0 + 0.125 + 0.01);
        CHECK(l >= 0.0 && l <= 0.125 + 0.01);
    }
    json_decref(s);
}

static void case_dawn_birds(void)
{
#ifndef NDEBUG
    printf("  (dawn-birds: optimised builds only)\n");
#else
    json_t *s = NULL;
    CHECK(run_exercise("dawn-birds", &s) == 0);
    if (!s)
        return;
    CHECK_NEAR(num(s, "hostiles"), 0, 0);
    double per_hour = num(s, "false_alerts_per_hour");
    printf("  dawn-birds: %.0f false alerts in the hour (goal <= 1 per 24 h), accuracy %.4f\n",
           num(s, "false_alerts"), num(s, "drone_bird_accuracy"));
    CHECK_NEAR(per_hour, 0, 0);
    CHECK(num(s, "drone_bird_accuracy") >= 0.98);
    json_decref(s);
#endif
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/vigil-goals-XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    RUN(case_attack_exercises);
    RUN(case_rotating_radar);
    RUN(case_dawn_birds);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "  could not remove %s\n", tmpdir);
    return test_report();
}
