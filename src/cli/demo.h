/* SPDX-License-Identifier: MIT */
/* demo.h — `vigil demo`'s two halves: the live picture (cmd_demo_live.c, the default) and the
 * offline summary (cmd_demo_offline.c, --offline), with the options cmd_demo.c parsed. */
#ifndef VG_CLI_DEMO_H
#define VG_CLI_DEMO_H

#include <stdint.h>

#include "engine/pipeline.h"

struct vg_demo_opts {
    const char *scenario;         /* a YAML scenario instead of the built-in one, or NULL */
    struct vg_pipeline_config pcfg;
    uint64_t seed;
    int have_seed;
    const char *dir;              /* offline: -o DIR */
    /* Live. */
    const char *bind;             /* COP address (127.0.0.1) */
    int port;                     /* COP port (8080; 0: any free one) */
    const char *state_dir;        /* token file's directory, NULL: the default */
    const char *tls_cert, *tls_key;
    const char *tiles;            /* map tile URL template, or NULL */
    const char *basemap;          /* a map image, or NULL */
    double basemap_bounds[4];     /* its south, west, north, east edges */
    int have_bounds;
    double speed;                 /* simulated seconds per second */
    double duration_s;            /* stop after this many seconds, 0: run until stopped */
    int open_browser;             /* try xdg-open on the URL when there is a display */
    const char *record;           /* live: recording path (run N ≥ 2: PATH-N), or NULL */
    int no_record;                /* live: --no-record */
};

int vg_cli_demo_offline(const struct vg_demo_opts *o);
int vg_cli_demo_live(const struct vg_demo_opts *o);

#endif
