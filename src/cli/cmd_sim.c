/* SPDX-License-Identifier: MIT */
/* cmd_sim.c — `vigil sim`: play a scenario into truth, detections and site files.
 *
 * One options table drives getopt_long and --help. The work is sim/: load the YAML scenario,
 * run it in memory (radars, RF direction finders, acoustic arrays; biases and link delays),
 * write the three files; this file reads the arguments, reports errors as
 * the library wrote them and prints a one-line summary on stderr. A run of the built-in
 * scenarios takes milliseconds; a long one (an hour of hundreds of birds) shows its progress
 * once it has taken a second, and announces the writing of millions of lines. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cmds.h"
#include "cli/common.h"
#include "cli/sim_live.h"
#include "sim/scenario.h"
#include "sim/sim.h"

enum { OPT_SEED = 1000, OPT_LIVE, OPT_SPEED, OPT_EPOCH, OPT_SET };

/* Writing takes about 6 µs a line (shortest round-trip numbers): past this many lines it takes
 * over a second, and a notice says what is going on before the summary. */
#define WRITE_NOTICE_LINES 200000

struct opt {
    const char *name;
    int has_arg;
    int key;
    const char *metavar;
    const char *help;
};

static const struct opt opts[] = {
    {"output", 1, 'o', "DIR", "write the files into DIR, created if missing (required)"},
    {"seed", 1, OPT_SEED, "N", "use seed N (0 to 2^64-1) instead of the scenario's"},
    {"quiet", 0, 'q', NULL, "no summary line"},
    {"live", 0, OPT_LIVE, NULL, "send the detections to a running engine instead of files"},
    {"config", 1, 'c', "FILE", "--live: the engine's config (its [input] sections)"},
    {"set", 1, OPT_SET, "KEY=VAL", "--live: override a config key, as vigil run --set"},
    {"speed", 1, OPT_SPEED, "X", "--live: X times real time; 0 as fast as possible (1)"},
    {"epoch", 1, OPT_EPOCH, "T", "--live: add T to times (default: UNIX time at start)"},
    {"help", 0, 'h', NULL, "show this help and exit"},
};
#define N_OPTS (sizeof opts / sizeof opts[0])

static void usage(FILE *f)
{
    fprintf(f, "usage: vigil sim SCENARIO.yaml -o DIR [--seed N] [-q]\n"
               "       vigil sim SCENARIO.yaml --live --config FILE [--speed X] [--epoch T]\n\n"
               "Simulates a scenario (docs/scenario.md): FPV attackers and bird flocks seen by\n"
               "radars, RF direction finders and acoustic arrays, with noise, missed\n"
               "detections, clutter, sensor biases and reporting delays. Writes, in DIR:\n"
               "  truth.jsonl       every live object at every scan-marker time\n"
               "  detections.jsonl  polar and bearing detections and scan markers, in\n"
               "                    arrival order (time order without delays)\n"
               "  site.geojson      the origin, the sensors and the protected zones\n"
               "The same scenario and seed give byte-identical files.\n\n"
               "With --live, the detections go instead to the engine of `vigil run --config\n"
               "FILE` over its sockets, each sensor to the [input] naming it (else the first\n"
               "input without a sensor), in the input's format and transport, at their arrival\n"
               "times (x speed). Times are the scenario's plus T (live feeds carry UNIX time).\n\n"
               "Options:\n");
    for (size_t k = 0; k < N_OPTS; k++) {
        char lhs[48], shortopt[8] = "    ";
        if (opts[k].key < 256)
            snprintf(shortopt, sizeof shortopt, "-%c, ", opts[k].key);
        snprintf(lhs, sizeof lhs, "%s--%s%s%s", shortopt, opts[k].name,
                 opts[k].metavar ? " " : "", opts[k].metavar ? opts[k].metavar : "");
        fprintf(f, "  %-20s %s\n", lhs, opts[k].help);
    }
    fprintf(f, "\nExit status: 0 written, 1 the scenario is invalid or a file could not be\n"
               "written, 2 bad usage.\n");
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0->tv_nsec);
}

/* Progress on stderr once a run has taken over a second, at most every quarter second. */
struct progress {
    struct timespec t0;
    double last;  /* when it was last shown, s since t0 */
    int shown;
};

static void show_progress(void *ctx, double fraction)
{
    struct progress *p = ctx;
    double now = seconds_since(&p->t0);
    if (now < 1.0 || (now - p->last < 0.25 && fraction < 1.0))
        return;
    fprintf(stderr, "\rvigil sim: simulating ... %3.0f%%", 100.0 * fraction);
    if (fraction >= 1.0)
        fputc('\n', stderr);
    p->last = now;
    p->shown = 1;
}

int vg_cmd_sim(int argc, char **argv)
{
    struct option lopts[N_OPTS + 1];
    char shorts[2 * N_OPTS + 1] = "";
    for (size_t k = 0; k < N_OPTS; k++) {
        lopts[k] = (struct option){opts[k].name, opts[k].has_arg, NULL, opts[k].key};
        if (opts[k].key < 256)
            snprintf(shorts + strlen(shorts), sizeof shorts - strlen(shorts), "%c%s",
                     opts[k].key, opts[k].has_arg ? ":" : "");
    }
    memset(&lopts[N_OPTS], 0, sizeof lopts[N_OPTS]);

    const char *dir = NULL, *config = NULL, *sets[64];
    size_t nsets = 0;
    int live = 0, has_epoch = 0;
    double speed = 1.0, epoch = 0.0;
    uint64_t seed = 0;
    int has_seed = 0, quiet = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, shorts, lopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            dir = optarg;
            break;
        case OPT_SEED:
            if (vg_cli_parse_seed(optarg, &seed) < 0) {
                fprintf(stderr, "vigil sim: --seed: '%s' is not an integer from 0 to 2^64-1\n",
                        optarg);
                return 2;
            }
            has_seed = 1;
            break;
        case 'q':
            quiet = 1;
            break;
        case OPT_LIVE:
            live = 1;
            break;
        case 'c':
            config = optarg;
            break;
        case OPT_SET:
            if (nsets == 64) {
                fprintf(stderr, "vigil sim: at most 64 --set options\n");
                return 2;
            }
            sets[nsets++] = optarg;
            break;
        case OPT_SPEED:
        case OPT_EPOCH: {
            char *end;
            double v = strtod(optarg, &end);
            if (end == optarg || *end || !(v >= 0 && v <= (c == OPT_SPEED ? 1e6 : 1e10))) {
                fprintf(stderr, "vigil sim: --%s '%s' must be a number %s\n",
                        c == OPT_SPEED ? "speed" : "epoch", optarg,
                        c == OPT_SPEED ? "in [0, 1e6]" : "in [0, 1e10]");
                return 2;
            }
            if (c == OPT_SPEED)
                speed = v;
            else
                epoch = v, has_epoch = 1;
            break;
        }
        case 'h':
            usage(stdout);
            return 0;
        default:
            fprintf(stderr, "Try 'vigil sim --help'.\n");
            return 2;
        }
    }
    if (live && optind == argc - 1 && !config) {
        fprintf(stderr, "vigil sim: --live needs --config FILE\nTry 'vigil sim --help'.\n");
        return 2;
    }
    if (optind != argc - 1 || ((!dir || !*dir) && !live)) {
        fprintf(stderr, "vigil sim: %s\n",
                optind >= argc  ? "missing SCENARIO.yaml"
                : optind < argc - 1 ? "more than one scenario given"
                                    : "missing -o DIR");
        fprintf(stderr, "usage: vigil sim SCENARIO.yaml -o DIR [--seed N] [-q]\n"
                        "Try 'vigil sim --help'.\n");
        return 2;
    }

    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct vg_scenario sc;
    struct vg_sim_output out;
    struct vg_diag d;
    vg_scenario_init(&sc);
    vg_sim_output_init(&out);
    int rc = vg_scenario_load(&sc, argv[optind], &d);
    if (rc == 0 && has_seed)
        sc.seed = seed;
    struct progress prog = {.t0 = t0};
    if (rc == 0)
        rc = vg_sim_run_progress(&sc, &out, quiet ? NULL : show_progress, &prog, &d);
    if (rc < 0 && prog.shown)
        fputc('\n', stderr);
    if (rc == 0 && live) {
        struct timespec now;
        clock_gettime(CLOCK_REALTIME, &now);
        struct vg_sim_live_options lo = {config, sets, nsets, speed,
                                         has_epoch ? epoch
                                                   : (double)now.tv_sec + 1e-9 * now.tv_nsec,
                                         10.0, quiet};
        int st = vg_sim_live_send(&sc, &out, &lo);
        vg_sim_output_fini(&out);
        vg_scenario_fini(&sc);
        return st;
    }
    if (rc == 0 && !quiet && out.ndets + out.ntruth > WRITE_NOTICE_LINES)
        fprintf(stderr, "vigil sim: %s: simulated in %.1f s; writing %zu lines to %s/ ...\n",
                sc.name, seconds_since(&t0), out.ndets + out.ntruth, dir);
    if (rc == 0)
        rc = vg_sim_write(&sc, &out, dir, &d);
    if (rc < 0) {
        fprintf(stderr, "vigil sim: %s\n", d.msg);
    } else if (!quiet) {
        size_t hostile = 0;
        for (size_t i = 0; i < out.nobjects; i++)
            hostile += out.objects[i].hostile;
        char bearings[48] = "";
        if (out.nbearings)
            snprintf(bearings, sizeof bearings, ", %zu bearings", out.nbearings);
        fprintf(stderr,
                "vigil sim: %s (seed %llu): %zu objects (%zu hostile), %zu detections "
                "(%zu of objects, %zu clutter%s), %zu scans%s, %zu truth lines at %zu times, "
                "%.2f s -> %s/\n",
                sc.name, (unsigned long long)sc.seed, out.nobjects, hostile,
                out.ntarget + out.nclutter, out.ntarget, out.nclutter, bearings, out.nscans,
                out.delayed ? ", delayed" : "", out.ntruth, out.ntimes, seconds_since(&t0), dir);
    }
    vg_sim_output_fini(&out);
    vg_scenario_fini(&sc);
    return rc < 0 ? 1 : 0;
}
