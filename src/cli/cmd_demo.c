/* SPDX-License-Identifier: MIT */
/* cmd_demo.c — `vigil demo`: the showcase. By default the built-in swarm exercise (twelve
 * FPVs from two directions among thirty birds) is simulated at real time, looping, through
 * the whole pipeline, and shown on the operator picture (COP) at http://127.0.0.1:8080
 * (cmd_demo_live.c). `--offline` (or -o DIR) keeps the earlier behaviour: the border-post
 * attack simulated, tracked and scored at full speed, with a summary (cmd_demo_offline.c). */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmds.h"
#include "cli/common.h"
#include "cli/demo.h"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: vigil demo [--port N] [--bind ADDR] [--speed X] [--duration S] [--no-browser]\n"
            "                  [--state-dir DIR] [--tls-cert PEM --tls-key PEM] [--tiles URL]\n"
            "                  [--basemap IMG --basemap-bounds S,W,N,E]\n"
            "                  [--record FILE | --no-record]\n"
            "       vigil demo --offline [-o DIR]\n"
            "       (both: [--scenario FILE.yaml] [--config FILE] [--seed N])\n\n"
            "Live (the default): simulate the built-in swarm exercise (twelve FPVs from two\n"
            "directions among thirty birds) at real time, looping, track, classify and assess\n"
            "it, and show it on the operator picture: open the printed URL (it carries the\n"
            "access token) in a browser. Ctrl-C stops.\n\n"
            "Offline: simulate the built-in border-post attack (five FPVs, one of them\n"
            "fibre-optic, among twenty birds), track it, score it and print a summary.\n\n"
            "  -p, --port N         COP port (default 8080; 0: any free port)\n"
            "  -b, --bind ADDR      COP address (default 127.0.0.1: this machine only)\n"
            "      --speed X        simulated seconds per second (default 1)\n"
            "      --duration S     stop after S seconds (default: run until stopped)\n"
            "      --no-browser     do not try to open a browser\n"
            "      --state-dir DIR  where the access token is kept (default\n"
            "                       $XDG_STATE_HOME/vigil, ~/.local/state/vigil)\n"
            "      --tls-cert PEM   serve HTTPS/WSS with this certificate...\n"
            "      --tls-key PEM    ...and key\n"
            "      --tiles URL      map tiles ({z}/{x}/{y}) when a tile server is reachable\n"
            "      --basemap IMG    a map image of the site (.png, .jpg, .webp)...\n"
            "      --basemap-bounds S,W,N,E  ...and its edges in degrees\n"
            "      --record FILE    record each run to this SQLite file (run N >= 2: FILE-N;\n"
            "                       default STATE_DIR/demo.db; see 'vigil replay')\n"
            "      --no-record      do not record\n"
            "      --offline        the offline summary instead of the live picture\n"
            "  -o, --output DIR     offline: also write truth, detections, site and tracks files\n"
            "  -s, --scenario FILE  play this scenario instead (see docs/scenario.md)\n"
            "  -c, --config FILE    settings of every stage (see 'vigil track --help')\n"
            "      --seed N         override the scenario's seed\n"
            "  -h, --help           this text\n");
}

int vg_cmd_demo(int argc, char **argv)
{
    enum { O_SEED = 256, O_SPEED, O_DURATION, O_NOBROWSER, O_STATE, O_CERT, O_KEY, O_TILES,
           O_OFFLINE, O_BASEMAP, O_BOUNDS, O_RECORD, O_NORECORD };
    static const struct option opts[] = {
        {"scenario", required_argument, NULL, 's'}, {"config", required_argument, NULL, 'c'},
        {"output", required_argument, NULL, 'o'},   {"seed", required_argument, NULL, O_SEED},
        {"port", required_argument, NULL, 'p'},     {"bind", required_argument, NULL, 'b'},
        {"speed", required_argument, NULL, O_SPEED},
        {"duration", required_argument, NULL, O_DURATION},
        {"no-browser", no_argument, NULL, O_NOBROWSER},
        {"state-dir", required_argument, NULL, O_STATE},
        {"tls-cert", required_argument, NULL, O_CERT}, {"tls-key", required_argument, NULL, O_KEY},
        {"tiles", required_argument, NULL, O_TILES}, {"offline", no_argument, NULL, O_OFFLINE},
        {"basemap", required_argument, NULL, O_BASEMAP},
        {"basemap-bounds", required_argument, NULL, O_BOUNDS},
        {"record", required_argument, NULL, O_RECORD},
        {"no-record", no_argument, NULL, O_NORECORD},
        {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0},
    };
    struct vg_demo_opts o;
    memset(&o, 0, sizeof o);
    vg_pipeline_config_default(&o.pcfg);
    o.bind = "127.0.0.1";
    o.port = 8080;
    o.speed = 1.0;
    o.open_browser = 1;
    int offline = 0, c;
    double v;
    struct vg_diag d;
    optind = 1;
    while ((c = getopt_long(argc, argv, "s:c:o:p:b:h", opts, NULL)) != -1) {
        switch (c) {
        case 's':
            o.scenario = optarg;
            break;
        case 'c':
            if (vg_pipeline_config_load(&o.pcfg, optarg, &d)) {
                fprintf(stderr, "vigil demo: %s\n", d.msg);
                return 2;
            }
            break;
        case 'o':
            o.dir = optarg;
            offline = 1;
            break;
        case O_SEED:
            if (vg_cli_parse_seed(optarg, &o.seed)) {
                fprintf(stderr, "vigil demo: --seed '%s' is not a non-negative integer\n", optarg);
                return 2;
            }
            o.have_seed = 1;
            break;
        case 'p':
            if (vg_cli_parse_double(optarg, 0, 65535, &v) || v != floor(v)) {
                fprintf(stderr, "vigil demo: --port '%s' is not a port (0 to 65535)\n", optarg);
                return 2;
            }
            o.port = (int)v;
            break;
        case 'b':
            o.bind = optarg;
            break;
        case O_SPEED:
            if (vg_cli_parse_double(optarg, 0.01, 100, &o.speed)) {
                fprintf(stderr, "vigil demo: --speed '%s': a number from 0.01 to 100\n", optarg);
                return 2;
            }
            break;
        case O_DURATION:
            if (vg_cli_parse_double(optarg, 0, 1e7, &o.duration_s)) {
                fprintf(stderr, "vigil demo: --duration '%s': seconds, ≥ 0\n", optarg);
                return 2;
            }
            break;
        case O_RECORD:
            o.record = optarg;
            break;
        case O_NORECORD:
            o.no_record = 1;
            break;
        case O_NOBROWSER:
            o.open_browser = 0;
            break;
        case O_STATE:
            o.state_dir = optarg;
            break;
        case O_CERT:
            o.tls_cert = optarg;
            break;
        case O_KEY:
            o.tls_key = optarg;
            break;
        case O_TILES:
            o.tiles = optarg;
            break;
        case O_OFFLINE:
            offline = 1;
            break;
        case O_BASEMAP:
            o.basemap = optarg;
            break;
        case O_BOUNDS: {
            char *p = optarg, *end;
            int k = 0;
            for (; k < 4; k++) {
                o.basemap_bounds[k] = strtod(p, &end);
                if (end == p || !isfinite(o.basemap_bounds[k]) || (*end != ',' && k < 3) ||
                    (k == 3 && *end))
                    break;
                p = end + 1;
            }
            if (k < 4) {
                fprintf(stderr, "vigil demo: --basemap-bounds '%s': expected S,W,N,E in "
                        "degrees\n", optarg);
                return 2;
            }
            o.have_bounds = 1;
            break;
        }
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (optind != argc) {
        fprintf(stderr, "vigil demo: unexpected argument '%s'\n", argv[optind]);
        return 2;
    }
    if (!o.basemap != !o.have_bounds) {
        fprintf(stderr, "vigil demo: --basemap and --basemap-bounds go together\n");
        return 2;
    }
    if (!o.tls_cert != !o.tls_key) {
        fprintf(stderr, "vigil demo: --tls-cert and --tls-key go together\n");
        return 2;
    }
    return offline ? vg_cli_demo_offline(&o) : vg_cli_demo_live(&o);
}
