/* SPDX-License-Identifier: MIT */
/* cmd_run.c — `vigil run`: the live engine (engine/live.h) from a configuration file, until
 * SIGINT or SIGTERM. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <uv.h>

#include "base/log.h"
#include "cli/cmds.h"
#include "engine/live.h"
#include "engine/live_output.h"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: vigil run --config FILE [--set KEY=VALUE]... [--check]\n"
            "                 [--log-level LEVEL] [-q] [-v]\n\n"
            "Run the live engine: sensor feeds in over UDP and TCP (each input a transport\n"
            "and a wire format), tracks and alerts out (JSON lines or ASTERIX Cat 062 to\n"
            "files, UDP, TCP servers; the operator picture), until SIGINT or SIGTERM, which\n"
            "stop the inputs, flush the pipeline and the outputs, log the final counters and\n"
            "exit 0. Everything is recorded to SQLite by default ([engine] record, default\n"
            "STATE_DIR/run.db; record = off to disable). docs/run.md describes the file.\n\n"
            "  -c, --config FILE     engine configuration ([engine], [pipeline],\n"
            "                        [input NAME], [output NAME] sections)\n"
            "  -S, --set KEY=VALUE   override one setting (repeatable): a pipeline key,\n"
            "                        engine.KEY, input.NAME.KEY or output.NAME.KEY\n"
            "      --check           validate, print the resolved configuration, exit\n"
            "      --log-level L     error, warn, info (default) or debug\n"
            "  -q, --quiet           log errors and warnings only\n"
            "  -v, --verbose         log debug messages too\n"
            "  -h, --help            this text\n\n"
            "Input formats in this build:");
    for (size_t i = 0; vg_decoders[i]; i++)
        fprintf(f, " %s", vg_decoders[i]->name);
    fprintf(f, "\nOutput kinds in this build:");
    for (size_t i = 0; vg_live_outputs[i]; i++)
        fprintf(f, " %s", vg_live_outputs[i]->name);
    fprintf(f, "\nTransports: udp, tcp-server, tcp-client (inputs); file, udp, tcp-server "
               "(outputs).\n\nExit status: 0 after a clean shutdown (or a valid --check), 1 "
               "the engine could\nnot start, 2 bad usage or configuration.\n");
}

int vg_cmd_run(int argc, char **argv)
{
    enum { OPT_CHECK = 1000, OPT_LEVEL };
    static const struct option opts[] = {
        {"config", required_argument, NULL, 'c'}, {"set", required_argument, NULL, 'S'},
        {"check", no_argument, NULL, OPT_CHECK},  {"log-level", required_argument, NULL, OPT_LEVEL},
        {"quiet", no_argument, NULL, 'q'},        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
    };
    const char *path = NULL, *sets[64];
    size_t nsets = 0;
    int check = 0, level = -1, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "c:S:qvh", opts, NULL)) != -1) {
        switch (c) {
        case 'c':
            path = optarg;
            break;
        case 'S':
            if (nsets == 64) {
                fprintf(stderr, "vigil run: at most 64 --set options\n");
                return 2;
            }
            sets[nsets++] = optarg;
            break;
        case OPT_CHECK:
            check = 1;
            break;
        case OPT_LEVEL:
            if ((level = vg_log_level_from_name(optarg)) < 0) {
                fprintf(stderr, "vigil run: --log-level '%s': error, warn, info or debug\n",
                        optarg);
                return 2;
            }
            break;
        case 'q':
            level = VG_LOG_WARN;
            break;
        case 'v':
            level = VG_LOG_DEBUG;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            fprintf(stderr, "Try 'vigil run --help'.\n");
            return 2;
        }
    }
    if (optind != argc || !path) {
        fprintf(stderr, "vigil run: %s\nTry 'vigil run --help'.\n",
                optind != argc ? "unexpected argument" : "missing --config FILE");
        return 2;
    }
    static struct vg_live_config cfg; /* large (paths of every section): not on the stack */
    struct vg_diag d;
    vg_live_config_default(&cfg);
    if (vg_live_config_load(&cfg, path, sets, nsets, &d)) {
        fprintf(stderr, "vigil run: %s\n", d.msg);
        return 2;
    }
    vg_log_set_level(level >= 0 ? level : cfg.log_level);
    if (check) {
        vg_live_config_write(stdout, &cfg);
        return 0;
    }
    uv_loop_t loop;
    if (uv_loop_init(&loop)) {
        fprintf(stderr, "vigil run: cannot create the event loop\n");
        return 1;
    }
    struct vg_live *e = NULL;
    int status = 0;
    if (vg_live_new(&e, &cfg, &loop, &d) || vg_live_start(e, 1, &d)) {
        vg_log_error("%s", d.msg);
        status = 1;
    } else {
        uv_run(&loop, UV_RUN_DEFAULT);
    }
    vg_live_free(e);
    uv_loop_close(&loop);
    return status;
}
