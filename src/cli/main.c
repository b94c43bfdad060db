/* SPDX-License-Identifier: MIT */
/* main.c — `vigil`: dispatch to a subcommand from one table, which also drives --help. */
#include <stdio.h>
#include <string.h>

#include "cli/cmds.h"

struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
};

static const struct command commands[] = {
    {"demo", vg_cmd_demo, "the swarm exercise live on the operator picture (--offline: summary)"},
    {"sim", vg_cmd_sim, "simulate a scenario: write truth, detections and site files"},
    {"track", vg_cmd_track, "track detections from a JSON lines file, write tracks"},
    {"score", vg_cmd_score, "score tracks against truth (GOSPA)"},
    {"bench", vg_cmd_bench, "benchmark the tracker (detections/s, latency, memory)"},
    {"exercise", vg_cmd_exercise, "simulate, track, assess and score an exercise; HTML report"},
    {"decode", vg_cmd_decode, "decode a sensor feed (capture or raw file) to JSON lines"},
    {"replay", vg_cmd_replay, "play a recording back (tracks, alerts), or re-run it"},
    {"export", vg_cmd_export, "a recording's tracks and alerts as GeoJSON or KML"},
    {"run", vg_cmd_run, "run the live engine: sensor feeds in, tracks and alerts out"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: vigil COMMAND [ARGS]\n\n"
               "Vigil — counter-drone sensing, tracking and threat assessment.\n\n"
               "Commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\nRun 'vigil COMMAND --help' for a command's options; 'man vigil' for more.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("vigil 0.1.0\n");
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "vigil: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
