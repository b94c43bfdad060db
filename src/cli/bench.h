/* SPDX-License-Identifier: MIT */
/* bench.h — results of `vigil bench` and their plot. */
#ifndef VG_CLI_BENCH_H
#define VG_CLI_BENCH_H

#include <stddef.h>
#include <stdio.h>

struct bench_result {
    char scenario[256];     /* name, JSON-safe */
    int targets;            /* synthetic swarms: N (0 for files) */
    double budget_ms;       /* synthetic swarms: the scan period */
    size_t tracker_bytes;
    size_t detections, scans;
    double us_per_det, dets_per_s, scan_p50_ms, scan_p99_ms, scan_max_ms;
    long peak_rss_kb;
    size_t tracks_max;
    int reps;
};

/* An SVG page plotting µs per detection and per-scan p99 latency against the number of
 * targets (log-log), for the scaling series. Returns 0 or -1 on a write error. */
int vg_bench_svg(FILE *f, const struct bench_result *r, int n);

/* `vigil bench --live` (bench_live.c): the live engine over loopback UDP at `rate`
 * detections/s (0: a ladder of rates up to the first not sustained), each for `seconds`. */
struct vg_tracker_config;
int vg_bench_live(const struct vg_tracker_config *cfg, double rate, double seconds, int targets,
                  int with_output, int json);

#endif
