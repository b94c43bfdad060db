/* SPDX-License-Identifier: MIT */
/* cmd_bench.c — `vigil bench`: tracker throughput, per-scan latency and memory.
 *
 * Measured the way Stone Soup's reference figures were taken (shared/reference/stonesoup):
 * detections are read into memory first, then only the tracker runs — from detections in
 * memory to tracks in memory, with no output written. The run is repeated until at least
 * --min-seconds have passed; throughput is the median repetition, latency percentiles are
 * over every scan of every repetition. Peak RSS is the process's high-water mark. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "base/site.h"
#include "cli/cmds.h"
#include "cli/common.h"
#include "sense/jsonl.h"
#include "track/track.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double percentile(const double *sorted, size_t n, double q)
{
    if (n == 0)
        return 0.0;
    double pos = q * (double)(n - 1);
    size_t i = (size_t)pos;
    double f = pos - (double)i;
    return i + 1 < n ? sorted[i] * (1 - f) + sorted[i + 1] * f : sorted[i];
}

struct bench_result {
    const char *scenario;
    size_t detections, scans;
    double us_per_det, dets_per_s, scan_p50_ms, scan_p99_ms, scan_max_ms;
    long peak_rss_kb;
    size_t tracks_max;
    int reps;
};

static void usage(FILE *f)
{
    fprintf(f,
            "usage: vigil bench [--scenario DIR] [--config FILE] [--json] [--min-seconds S]\n\n"
            "Benchmark the tracker: detections per second, microseconds per detection,\n"
            "per-scan latency (median, p99) and peak memory. DIR holds detections.jsonl and\n"
            "optionally site.geojson. Without --scenario, the reference scenario swarm100\n"
            "(../shared/reference/stonesoup/swarm100, or $VIGIL_SHARED/reference/...) is run.\n\n"
            "  -s, --scenario DIR   scenario directory (repeatable)\n"
            "  -c, --config FILE    tracker settings (see 'vigil track --help')\n"
            "      --set KEY=VAL    override one setting (repeatable)\n"
            "  -j, --json           one JSON object per scenario on stdout (formats.md)\n"
            "  -m, --min-seconds S  repeat each scenario for at least S seconds (default 2)\n"
            "  -h, --help           this text\n");
}

static int run_one(const char *dir, const struct vg_tracker_config *cfg, double min_s,
                   struct bench_result *res)
{
    char path[4096];
    struct vg_diag d;
    struct vg_site site;
    vg_site_init(&site);
    snprintf(path, sizeof path, "%s/site.geojson", dir);
    FILE *probe = fopen(path, "r");
    if (probe) {
        fclose(probe);
        if (vg_site_load(&site, path, &d)) {
            fprintf(stderr, "vigil bench: %s\n", d.msg);
            return 1;
        }
    }
    snprintf(path, sizeof path, "%s/detections.jsonl", dir);
    struct vg_detection *det = NULL;
    size_t n = 0;
    if (vg_jsonl_read_all(path, &site, VG_JSONL_AUTO_SENSOR, &det, &n, &d)) {
        fprintf(stderr, "vigil bench: %s\n", d.msg);
        vg_site_fini(&site);
        return 1;
    }
    size_t nscan = 0, nmeas = 0;
    for (size_t i = 0; i < n; i++)
        nscan += det[i].kind == VG_DET_SCAN;
    nmeas = n - nscan;
    size_t lat_cap = nscan ? nscan * 64 : 1, nlat = 0;
    double *lat = malloc(lat_cap * sizeof *lat);
    double *rep_us = malloc(64 * sizeof *rep_us);
    int reps = 0, status = 0;
    double t_all = now_s();
    while (reps < 64 && (reps < 3 || now_s() - t_all < min_s)) {
        struct vg_tracker *tr;
        if (vg_tracker_new(&tr, cfg, &site, &d)) {
            fprintf(stderr, "vigil bench: %s\n", d.msg);
            status = 1;
            break;
        }
        double t0 = now_s(), tscan = t0;
        for (size_t i = 0; i < n; i++) {
            if (vg_tracker_add(tr, &det[i])) {
                fprintf(stderr, "vigil bench: tracker failed at %s:%u\n", path, det[i].src_line);
                status = 1;
                break;
            }
            if (det[i].kind == VG_DET_SCAN) {
                double t1 = now_s();
                if (nlat < lat_cap)
                    lat[nlat++] = (t1 - tscan) * 1e3;
                tscan = t1;
            }
        }
        vg_tracker_flush(tr);
        double el = now_s() - t0;
        struct vg_tracker_stats st;
        vg_tracker_get_stats(tr, &st);
        if (st.live_max > res->tracks_max)
            res->tracks_max = st.live_max;
        vg_tracker_free(tr);
        if (status)
            break;
        rep_us[reps++] = el * 1e6 / (double)(nmeas ? nmeas : 1);
    }
    if (!status) {
        qsort(rep_us, (size_t)reps, sizeof *rep_us, cmp_double);
        qsort(lat, nlat, sizeof *lat, cmp_double);
        res->scenario = dir;
        res->detections = nmeas;
        res->scans = nscan;
        res->reps = reps;
        res->us_per_det = percentile(rep_us, (size_t)reps, 0.5);
        res->dets_per_s = 1e6 / res->us_per_det;
        res->scan_p50_ms = percentile(lat, nlat, 0.5);
        res->scan_p99_ms = percentile(lat, nlat, 0.99);
        res->scan_max_ms = nlat ? lat[nlat - 1] : 0.0;
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        res->peak_rss_kb = ru.ru_maxrss;
    }
    free(lat);
    free(rep_us);
    free(det);
    vg_site_fini(&site);
    return status;
}

/* The scenario's name for the report: its directory's last component, JSON-escaped. */
static void scenario_name(const char *dir, char *out, size_t cap)
{
    size_t len = strlen(dir);
    while (len > 1 && dir[len - 1] == '/')
        len--;
    size_t b = len;
    while (b > 0 && dir[b - 1] != '/')
        b--;
    size_t w = 0;
    for (size_t i = b; i < len && w + 7 < cap; i++) {
        unsigned char ch = (unsigned char)dir[i];
        if (ch == '"' || ch == '\\')
            w += (size_t)snprintf(out + w, cap - w, "\\%c", ch);
        else if (ch < 0x20)
            w += (size_t)snprintf(out + w, cap - w, "\\u%04x", ch);
        else
            out[w++] = (char)ch;
    }
    out[w] = '\0';
}

int vg_cmd_bench(int argc, char **argv)
{
    static const struct option opts[] = {
        {"scenario", required_argument, NULL, 's'}, {"config", required_argument, NULL, 'c'},
        {"set", required_argument, NULL, 'S'},      {"json", no_argument, NULL, 'j'},
        {"min-seconds", required_argument, NULL, 'm'}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *dirs[32];
    int ndirs = 0, json = 0;
    double min_s = 2.0;
    struct vg_tracker_config cfg;
    vg_tracker_config_default(&cfg);
    struct vg_diag d;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "s:c:jm:h", opts, NULL)) != -1) {
        switch (c) {
        case 's':
            if (ndirs == 32) {
                fprintf(stderr, "vigil bench: at most 32 scenarios\n");
                return 2;
            }
            dirs[ndirs++] = optarg;
            break;
        case 'c':
            if (vg_cfg_load(&cfg, vg_tracker_cfg, vg_tracker_cfg_count, optarg, &d)) {
                fprintf(stderr, "vigil bench: %s\n", d.msg);
                return 2;
            }
            break;
        case 'S':
            if (vg_cli_set_option(&cfg, vg_tracker_cfg, vg_tracker_cfg_count, optarg, &d)) {
                fprintf(stderr, "vigil bench: --set %s\n", d.msg);
                return 2;
            }
            break;
        case 'j':
            json = 1;
            break;
        case 'm': {
            char *end;
            min_s = strtod(optarg, &end);
            if (end == optarg || *end || !(min_s >= 0 && min_s <= 3600)) {
                fprintf(stderr, "vigil bench: --min-seconds '%s' must be a number in [0, 3600]\n",
                        optarg);
                return 2;
            }
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
        fprintf(stderr, "vigil bench: unexpected argument '%s'\n", argv[optind]);
        return 2;
    }
    static char deflt[4096];
    if (ndirs == 0) {
        const char *root = getenv("VIGIL_SHARED");
        snprintf(deflt, sizeof deflt, "%s/reference/stonesoup/swarm100",
                 root ? root : "../shared");
        dirs[ndirs++] = deflt;
    }
    int status = 0;
    for (int i = 0; i < ndirs; i++) {
        struct bench_result r;
        memset(&r, 0, sizeof r);
        if (!json)
            fprintf(stderr, "vigil bench: running %s ...\n", dirs[i]);
        fflush(stdout);
        if (run_one(dirs[i], &cfg, min_s, &r)) {
            status = 1;
            continue;
        }
        char name[256];
        scenario_name(r.scenario, name, sizeof name);
        if (json)
            printf("{\"scenario\":\"%s\",\"detections\":%zu,\"scans\":%zu,"
                   "\"us_per_detection\":%.4f,\"detections_per_s\":%.0f,\"scan_ms_p50\":%.4f,"
                   "\"scan_ms_p99\":%.4f,\"scan_ms_max\":%.4f,\"peak_rss_kb\":%ld,"
                   "\"tracks_max\":%zu,\"repetitions\":%d}\n",
                   name, r.detections, r.scans, r.us_per_det, r.dets_per_s, r.scan_p50_ms,
                   r.scan_p99_ms, r.scan_max_ms, r.peak_rss_kb, r.tracks_max, r.reps);
        else
            printf("%s\n  detections       %zu in %zu scans\n"
                   "  throughput       %.0f detections/s  (%.3f us per detection, median of "
                   "%d runs)\n"
                   "  scan latency     p50 %.3f ms   p99 %.3f ms   max %.3f ms\n"
                   "  peak memory      %ld kB RSS\n  tracks           at most %zu live\n",
                   r.scenario, r.detections, r.scans, r.dets_per_s, r.us_per_det, r.reps,
                   r.scan_p50_ms, r.scan_p99_ms, r.scan_max_ms, r.peak_rss_kb, r.tracks_max);
        fflush(stdout);
    }
    return status;
}
