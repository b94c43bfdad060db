/* SPDX-License-Identifier: MIT */
/* cmd_score.c — `vigil score`: GOSPA and id switches of tracks against truth.
 *
 * One options table drives getopt_long and --help. The scoring itself is score/; this
 * file reads the arguments, runs it and prints one JSON object (formats.md, "Scores"). */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmds.h"
#include "score/score.h"

enum { OPT_TRUTH = 1000, OPT_TRACKS, OPT_C, OPT_P, OPT_SCANS, OPT_PER_TIME };

struct opt {
    const char *name;
    int has_arg;
    int key;
    const char *metavar;
    const char *help;
};

static const struct opt opts[] = {
    {"truth", 1, OPT_TRUTH, "FILE", "ground truth, truth.jsonl (required)"},
    {"tracks", 1, OPT_TRACKS, "FILE", "tracker output, tracks.jsonl (required)"},
    {"c", 1, OPT_C, "M", "GOSPA cut-off distance in metres, > 0 (default 10)"},
    {"p", 1, OPT_P, "P", "GOSPA order, >= 1 (default 1)"},
    {"scans", 1, OPT_SCANS, "FILE",
     "detections.jsonl: also score at its 'scan' times (empty times score 0)"},
    {"per-time", 1, OPT_PER_TIME, "FILE", "also write one JSON line per scored time to FILE"},
    {"help", 0, 'h', NULL, "show this help and exit"},
};
#define N_OPTS (sizeof opts / sizeof opts[0])

static void usage(FILE *f)
{
    fprintf(f, "usage: vigil score --truth FILE --tracks FILE [--c M] [--p P] [--scans FILE]\n"
               "                   [--per-time FILE]\n\n"
               "Scores tracks against truth with GOSPA (Rahmathullah, Garcia-Fernandez &\n"
               "Svensson, FUSION 2017; alpha = 2) on 3-D positions, at every time that has\n"
               "truth or tracks (or a scan marker, with --scans), and counts id switches.\n"
               "Tentative tracks are not scored; confirmed and coasting tracks are.\n\n"
               "Options:\n");
    for (size_t k = 0; k < N_OPTS; k++) {
        char lhs[40];
        snprintf(lhs, sizeof lhs, "--%s%s%s", opts[k].name, opts[k].metavar ? " " : "",
                 opts[k].metavar ? opts[k].metavar : "");
        fprintf(f, "  %-18s %s\n", lhs, opts[k].help);
    }
    fprintf(f, "\nOutput: one JSON object on stdout: gospa (mean over scored times, m),\n"
               "gospa_localisation, gospa_missed, gospa_false (means of the terms inside the\n"
               "p-th power sum: sum of d^p over assigned pairs with d < c, and c^p/2 per\n"
               "missed truth and per false track, in m^p; for p = 1 they add up to gospa),\n"
               "mean_missed_n, mean_false_n, mean_assigned_n (objects per time), c, p, alpha,\n"
               "times (how many were scored) and id_switches.\n\n"
               "Exit status: 0 scored, 1 an input could not be read or is malformed,\n"
               "2 bad usage.\n");
}

/* A number option: finite, and > lo (strict) or >= lo. 0, or 2 after printing why. */
static int parse_num(const char *name, const char *s, double lo, int strict, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || !isfinite(v)) {
        fprintf(stderr, "vigil score: --%s: '%s' is not a finite number\n", name, s);
        return 2;
    }
    if (strict ? !(v > lo) : !(v >= lo)) {
        fprintf(stderr, "vigil score: --%s: %s must be %s %g\n", name, s, strict ? ">" : ">=",
                lo);
        return 2;
    }
    *out = v;
    return 0;
}

static int write_time(void *ctx, const struct vg_score_time *st)
{
    FILE *f = ctx;
    json_t *o = json_pack("{s:f, s:f, s:f, s:f, s:f, s:i, s:i, s:i, s:i, s:i, s:i}",
                          "t", st->t, "gospa", st->g.gospa, "localisation", st->g.loc_term,
                          "missed", st->g.missed_term, "false", st->g.false_term,
                          "missed_n", st->g.missed_n, "false_n", st->g.false_n,
                          "assigned_n", st->g.assigned_n, "truths", st->truths,
                          "tracks", st->tracks, "id_switches", st->id_switches);
    if (!o)
        return VG_ENOMEM;
    int rc = json_dumpf(o, f, JSON_COMPACT | JSON_PRESERVE_ORDER) || fputc('\n', f) == EOF;
    json_decref(o);
    return rc ? VG_EIO : 0;
}

static int print_result(const struct vg_score_result *r, const struct vg_score_set *truth,
                        const struct vg_score_set *tracks, size_t n_scans)
{
    json_t *o = json_pack("{s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:i, s:I, s:I,"
                          " s:I, s:I, s:I, s:I}",
                          "gospa", r->gospa, "gospa_localisation", r->loc_term,
                          "gospa_missed", r->missed_term, "gospa_false", r->false_term,
                          "mean_missed_n", r->missed_n, "mean_false_n", r->false_n,
                          "mean_assigned_n", r->assigned_n, "c", r->c, "p", r->p,
                          "alpha", r->alpha, "times", (json_int_t)r->times,
                          "id_switches", (json_int_t)r->id_switches,
                          "truth_objects", (json_int_t)truth->n,
                          "track_objects", (json_int_t)tracks->n,
                          "tentative_lines", (json_int_t)tracks->n_t_only,
                          "scan_times", (json_int_t)n_scans);
    if (!o)
        return 1;
    int bad = json_dumpf(o, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER) ||
              fputc('\n', stdout) == EOF || fflush(stdout) == EOF;
    json_decref(o);
    if (bad)
        fprintf(stderr, "vigil score: cannot write the result to stdout\n");
    return bad;
}

/* Reads the inputs, scores, prints. 0 or 1. */
static int run(const char *truth_path, const char *tracks_path, const char *scans_path,
               const char *per_time_path, const struct vg_score_params *prm)
{
    struct vg_score_set truth, tracks;
    vg_score_set_init(&truth);
    vg_score_set_init(&tracks);
    double *scans = NULL;
    size_t n_scans = 0;
    FILE *pt = NULL;
    struct vg_diag d = {""};
    int status = 1;

    if (vg_truth_read(truth_path, &truth, &d) || vg_tracks_read(tracks_path, &tracks, &d) ||
        (scans_path && vg_scan_times_read(scans_path, &scans, &n_scans, &d))) {
        fprintf(stderr, "vigil score: %s\n", d.msg);
        goto out;
    }
    if (per_time_path && !(pt = fopen(per_time_path, "w"))) {
        fprintf(stderr, "vigil score: %s: %s\n", per_time_path, strerror(errno));
        goto out;
    }
    struct vg_score_result res;
    int rc = vg_score_run(&truth, &tracks, scans, n_scans, prm, pt ? write_time : NULL, pt,
                          &res, &d);
    int close_failed = pt && fclose(pt) == EOF;
    pt = NULL;
    if (rc == VG_EIO || close_failed) {
        fprintf(stderr, "vigil score: %s: write error\n", per_time_path);
        goto out;
    }
    if (rc) {
        fprintf(stderr, "vigil score: %s\n", d.msg[0] ? d.msg : vg_strerror(rc));
        goto out;
    }
    status = print_result(&res, &truth, &tracks, n_scans);
out:
    if (pt)
        fclose(pt);
    free(scans);
    vg_score_set_fini(&truth);
    vg_score_set_fini(&tracks);
    return status;
}

int vg_cmd_score(int argc, char **argv)
{
    struct option lopts[N_OPTS + 1];
    for (size_t k = 0; k < N_OPTS; k++)
        lopts[k] = (struct option){opts[k].name, opts[k].has_arg ? required_argument
                                                                 : no_argument,
                                   NULL, opts[k].key};
    lopts[N_OPTS] = (struct option){0, 0, 0, 0};

    const char *truth = NULL, *tracks = NULL, *scans = NULL, *per_time = NULL;
    struct vg_score_params prm;
    vg_score_params_default(&prm);
    optind = 1;
    opterr = 0;
    int ch, rc;
    while ((ch = getopt_long(argc, argv, ":h", lopts, NULL)) != -1) {
        switch (ch) {
        case OPT_TRUTH:
            truth = optarg;
            break;
        case OPT_TRACKS:
            tracks = optarg;
            break;
        case OPT_C:
            if ((rc = parse_num("c", optarg, 0.0, 1, &prm.c)))
                return rc;
            break;
        case OPT_P:
            if ((rc = parse_num("p", optarg, 1.0, 0, &prm.p)))
                return rc;
            break;
        case OPT_SCANS:
            scans = optarg;
            break;
        case OPT_PER_TIME:
            per_time = optarg;
            break;
        case 'h':
            usage(stdout);
            return 0;
        case ':':
            fprintf(stderr, "vigil score: option '%s' needs a value\n", argv[optind - 1]);
            return 2;
        default:
            fprintf(stderr, "vigil score: unknown or ambiguous option '%s'"
                            " (see 'vigil score --help')\n",
                    argv[optind - 1]);
            return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "vigil score: unexpected argument '%s'\n", argv[optind]);
        return 2;
    }
    if (!truth || !tracks) {
        fprintf(stderr, "vigil score: --%s FILE is required (see 'vigil score --help')\n",
                truth ? "tracks" : "truth");
        return 2;
    }
    return run(truth, tracks, scans, per_time, &prm);
}
