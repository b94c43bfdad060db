/* SPDX-License-Identifier: MIT */
/* cmd_export.c — `vigil export`: a recording's window as GeoJSON and/or KML files. */
#include <float.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmds.h"
#include "cli/common.h"
#include "record/export.h"
#include "record/replay.h"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: vigil export REC.db [--from T] [--to T] [--geojson FILE] [--kml FILE]\n\n"
            "Write a recording's tracks (one line each, with the time of every vertex) and\n"
            "alerts (points at the track's position) for GIS tools and Google Earth: GeoJSON\n"
            "(RFC 7946) and/or KML 2.2 with TimeSpan/TimeStamp, so Google Earth's time slider\n"
            "plays the picture back. At least one of --geojson and --kml.\n\n"
            "  -g, --geojson FILE  GeoJSON FeatureCollection to FILE ('-': stdout)\n"
            "  -k, --kml FILE      KML document to FILE ('-': stdout)\n"
            "      --from T, --to T  the window, in the recording's time (s); default all\n"
            "  -h, --help          this text\n");
}

typedef int (*export_fn)(struct vg_replay *, double, double, FILE *, struct vg_diag *);

static int write_one(struct vg_replay *rp, export_fn fn, const char *path, double from,
                     double to)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "w") : stdout;
    if (!f) {
        fprintf(stderr, "vigil export: %s: %s\n", path, strerror(errno));
        return 1;
    }
    struct vg_diag d;
    int rc = fn(rp, from, to, f, &d);
    if (rc)
        fprintf(stderr, "vigil export: %s: %s\n", path, d.msg);
    if ((f == stdout ? fflush(f) : fclose(f)) && !rc) {
        fprintf(stderr, "vigil export: %s: write error\n", path);
        rc = VG_EIO;
    }
    return rc ? 1 : 0;
}

int vg_cmd_export(int argc, char **argv)
{
    static const struct option opts[] = {
        {"geojson", required_argument, NULL, 'g'}, {"kml", required_argument, NULL, 'k'},
        {"from", required_argument, NULL, 'F'},    {"to", required_argument, NULL, 'T'},
        {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0},
    };
    const char *geojson = NULL, *kml = NULL;
    double from = -INFINITY, to = INFINITY;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "g:k:h", opts, NULL)) != -1) {
        switch (c) {
        case 'g': geojson = optarg; break;
        case 'k': kml = optarg; break;
        case 'F':
        case 'T':
            if (vg_cli_parse_double(optarg, -DBL_MAX, DBL_MAX, c == 'F' ? &from : &to)) {
                fprintf(stderr, "vigil export: --%s '%s' is not a time in seconds\n",
                        c == 'F' ? "from" : "to", optarg);
                return 2;
            }
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (optind != argc - 1 || (!geojson && !kml) || from > to) {
        fprintf(stderr, "vigil export: %s\n",
                optind >= argc ? "missing REC.db" : optind < argc - 1 ? "more than one recording"
                : from > to ? "--from is after --to" : "give --geojson FILE and/or --kml FILE");
        usage(stderr);
        return 2;
    }
    struct vg_diag d;
    struct vg_replay *rp = NULL;
    if (vg_replay_open(&rp, argv[optind], &d)) {
        fprintf(stderr, "vigil export: %s\n", d.msg);
        return 1;
    }
    int status = 0;
    if (geojson)
        status = write_one(rp, vg_export_geojson, geojson, from, to);
    if (kml && !status)
        status = write_one(rp, vg_export_kml, kml, from, to);
    vg_replay_close(rp);
    return status;
}
