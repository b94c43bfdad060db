/* SPDX-License-Identifier: MIT */
/* cmd_bench.c — `vigil bench`: tracker throughput, per-scan latency and memory.
 *
 * Measured the way Stone Soup's reference figures were taken (shared/reference/stonesoup):
 * detections are read into memory first, then only the tracker runs — from detections in
 * memory to tracks in memory, with no output written. The run is repeated until at least
 * --min-seconds have passed; throughput is the median repetition, latency percentiles are
 * over every scan of every repetition. Peak RSS is the process's high-water mark. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "base/site.h"
#include "base/sort.h"
#include "cli/cmds.h"
#include "cli/bench.h"
#include "cli/common.h"
#include "sense/jsonl.h"
#include "sim/swarm.h"
#include "track/track.h"

extern const unsigned char vg_scenario_stonesoup_swarm100_conf[];
extern const size_t vg_scenario_stonesoup_swarm100_conf_len;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
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


static void usage(FILE *f)
{
    fprintf(f,
            "usage: vigil bench [--scenario DIR] [--scaling] [--realtime] [--config FILE]\n"
            "                   [--json] [--svg FILE] [--min-seconds S] [--max-targets N]\n\n"
            "Benchmark the tracker: detections per second, microseconds per detection,\n"
            "per-scan latency (median, p99) and memory. DIR holds detections.jsonl and\n"
            "optionally site.geojson. Without a scenario option the built-in set runs:\n"
            "the Stone Soup reference swarm100 (../shared/reference/stonesoup/swarm100, or\n"
            "$VIGIL_SHARED/reference/...), the scaling series and the real-time test. Without\n"
            "--scenario or --config, swarm100's tracker settings are used\n"
            "(scenarios/stonesoup-swarm100.conf, built in).\n\n"
            "  -s, --scenario DIR   scenario directory (repeatable)\n"
            "      --scaling        synthetic swarms of 100 to N targets (x3.16 steps), as many\n"
            "                       clutter reports per scan, 1 s scans; prints the log-log\n"
            "                       slope of time per detection against targets\n"
            "      --realtime       N targets + N clutter reports per scan at 10 Hz: is the\n"
            "                       p99 scan latency within the 100 ms scan period?\n"
            "      --max-targets N  N for the two above (default 10000)\n"
            "      --live           the live engine instead: detections/s ingested from\n"
            "                       loopback UDP (JSON lines, ~9 per datagram) without loss,\n"
            "                       and latency from datagram read to track output\n"
            "      --rate R         --live: offer R detections/s (default: 50k, 100k, ...\n"
            "                       up to the first rate not sustained)\n"
            "      --seconds S      --live: each rate for S seconds (default 2)\n"
            "      --targets N      --live: swarm size (default 100; as much clutter)\n"
            "      --live-output    --live: also format the tracks as JSON lines\n"
            "      --svg FILE       plot the scaling series (SVG)\n"
            "  -c, --config FILE    tracker settings (see 'vigil track --help')\n"
            "      --set KEY=VAL    override one setting (repeatable)\n"
            "  -j, --json           one JSON object per scenario on stdout (formats.md)\n"
            "  -m, --min-seconds S  repeat each scenario for at least S seconds (default 2)\n"
            "  -h, --help           this text\n");
}

/* Time the tracker on detections already in memory (see the header comment). */
static int measure(const struct vg_detection *det, size_t n, const struct vg_site *site,
                   const struct vg_tracker_config *cfg, double min_s, struct bench_result *res)
{
    struct vg_diag d;
    size_t nscan = 0;
    for (size_t i = 0; i < n; i++)
        nscan += det[i].kind == VG_DET_SCAN;
    size_t nmeas = n - nscan;
    size_t lat_cap = (nscan ? nscan : 1) * 64, nlat = 0;
    double *lat = malloc(lat_cap * sizeof *lat);
    double rep_us[64];
    int reps = 0, status = 0;
    if (!lat)
        return 1;
    double t_all = now_s();
    while (reps < 64 && (reps < 3 || now_s() - t_all < min_s)) {
        struct vg_tracker *tr;
        if (vg_tracker_new(&tr, cfg, site, &d)) {
            fprintf(stderr, "vigil bench: %s\n", d.msg);
            status = 1;
            break;
        }
        double t0 = now_s(), tscan = t0;
        for (size_t i = 0; i < n && !status; i++) {
            if (vg_tracker_add(tr, &det[i])) {
                fprintf(stderr, "vigil bench: tracker failed at report %zu\n", i);
                status = 1;
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
        size_t mem = vg_tracker_memory(tr);
        if (mem > res->tracker_bytes)
            res->tracker_bytes = mem;
        vg_tracker_free(tr);
        if (status)
            break;
        rep_us[reps++] = el * 1e6 / (double)(nmeas ? nmeas : 1);
    }
    if (!status) {
        qsort(rep_us, (size_t)reps, sizeof *rep_us, vg_cmp_double);
        qsort(lat, nlat, sizeof *lat, vg_cmp_double);
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
    return status;
}

/* A scenario directory: detections.jsonl and optionally site.geojson. */
static int run_dir(const char *dir, const struct vg_tracker_config *cfg, double min_s,
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
    int status = 1;
    if (vg_jsonl_read_all(path, &site, VG_JSONL_AUTO_SENSOR, &det, &n, &d))
        fprintf(stderr, "vigil bench: %s\n", d.msg);
    else
        status = measure(det, n, &site, cfg, min_s, res);
    free(det);
    vg_site_fini(&site);
    return status;
}

/* A synthetic swarm (sim/swarm.h) of `targets` with as many clutter reports per scan. */
static int run_swarm(int targets, double dt, int scans, const struct vg_tracker_config *cfg,
                     double min_s, struct bench_result *res)
{
    struct vg_site site;
    vg_site_init(&site);
    struct vg_sensor sen;
    memset(&sen, 0, sizeof sen);
    snprintf(sen.id, sizeof sen.id, "s");
    int si = vg_site_add_sensor(&site, &sen);
    struct vg_swarm_params prm;
    vg_swarm_params_default(&prm, targets);
    prm.dt = dt;
    prm.scans = scans;
    struct vg_detection *det;
    size_t n;
    int status = 1;
    if (si < 0 || vg_swarm_generate(&prm, (uint32_t)si, &det, &n))
        fprintf(stderr, "vigil bench: cannot generate a swarm of %d\n", targets);
    else {
        status = measure(det, n, &site, cfg, min_s, res);
        free(det);
    }
    res->targets = targets;
    res->budget_ms = dt * 1e3;
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

static void print_result(const struct bench_result *r, int json)
{
    if (json) {
        printf("{\"scenario\":\"%s\",\"detections\":%zu,\"scans\":%zu,"
               "\"us_per_detection\":%.4f,\"detections_per_s\":%.0f,\"scan_ms_p50\":%.4f,"
               "\"scan_ms_p99\":%.4f,\"scan_ms_max\":%.4f,\"peak_rss_kb\":%ld,"
               "\"tracks_max\":%zu,\"tracker_bytes\":%zu,\"bytes_per_track\":%.0f,"
               "\"repetitions\":%d",
               r->scenario, r->detections, r->scans, r->us_per_det, r->dets_per_s,
               r->scan_p50_ms, r->scan_p99_ms, r->scan_max_ms, r->peak_rss_kb, r->tracks_max,
               r->tracker_bytes, r->tracks_max ? (double)r->tracker_bytes / r->tracks_max : 0.0,
               r->reps);
        if (r->targets)
            printf(",\"targets\":%d,\"scan_budget_ms\":%.1f,\"realtime\":%s", r->targets,
                   r->budget_ms, r->scan_p99_ms < r->budget_ms ? "true" : "false");
        printf("}\n");
    } else {
        printf("%s\n  detections       %zu in %zu scans\n"
               "  throughput       %.0f detections/s  (%.3f us per detection, median of "
               "%d runs)\n"
               "  scan latency     p50 %.3f ms   p99 %.3f ms   max %.3f ms\n"
               "  memory           %ld kB peak RSS; tracker %zu kB, %.0f B per track (%zu "
               "tracks at most, tentative included)\n",
               r->scenario, r->detections, r->scans, r->dets_per_s, r->us_per_det, r->reps,
               r->scan_p50_ms, r->scan_p99_ms, r->scan_max_ms, r->peak_rss_kb,
               r->tracker_bytes / 1024, r->tracks_max ? (double)r->tracker_bytes / r->tracks_max
                                                      : 0.0, r->tracks_max);
        if (r->targets)
            printf("  real time        scan period %.0f ms: p99 %s\n", r->budget_ms,
                   r->scan_p99_ms < r->budget_ms ? "within it" : "OVER it");
    }
    fflush(stdout);
}

/* Least-squares slope of log(us per detection) against log(targets): 0 means flat. */
static double loglog_slope(const struct bench_result *r, int n)
{
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (int i = 0; i < n; i++) {
        double x = log(r[i].targets), y = log(r[i].us_per_det);
        sx += x, sy += y, sxx += x * x, sxy += x * y;
    }
    return (n * sxy - sx * sy) / (n * sxx - sx * sx);
}

int vg_cmd_bench(int argc, char **argv)
{
    static const struct option opts[] = {
        {"scenario", required_argument, NULL, 's'}, {"config", required_argument, NULL, 'c'},
        {"set", required_argument, NULL, 'S'},      {"json", no_argument, NULL, 'j'},
        {"min-seconds", required_argument, NULL, 'm'}, {"scaling", no_argument, NULL, 'L'},
        {"realtime", no_argument, NULL, 'R'},       {"svg", required_argument, NULL, 'G'},
        {"max-targets", required_argument, NULL, 'T'}, {"help", no_argument, NULL, 'h'},
        {"live", no_argument, NULL, 'V'},           {"rate", required_argument, NULL, 'r'},
        {"seconds", required_argument, NULL, 'W'},  {"targets", required_argument, NULL, 'N'},
        {"live-output", no_argument, NULL, 'O'},
        {NULL, 0, NULL, 0},
    };
    const char *dirs[32], *svg = NULL;
    int ndirs = 0, json = 0, scaling = 0, realtime = 0, explicit_set = 0, max_targets = 10000;
    int have_config = 0, nsets = 0;
    const char *sets[32];
    double min_s = 2.0, live_rate = 0, live_s = 2.0;
    int live = 0, live_targets = 100, live_output = 0;
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
            explicit_set = 1;
            break;
        case 'c':
            if (vg_cfg_load(&cfg, vg_tracker_cfg, vg_tracker_cfg_count, optarg, &d)) {
                fprintf(stderr, "vigil bench: %s\n", d.msg);
                return 2;
            }
            have_config = 1;
            break;
        case 'S':
            /* Applied after the settings files (below), so that they override those. */
            if (nsets == 32) {
                fprintf(stderr, "vigil bench: at most 32 --set options\n");
                return 2;
            }
            sets[nsets++] = optarg;
            break;
        case 'j':
            json = 1;
            break;
        case 'L':
            scaling = explicit_set = 1;
            break;
        case 'R':
            realtime = explicit_set = 1;
            break;
        case 'G':
            svg = optarg;
            break;
        case 'T':
        case 'm': {
            char *end;
            double v = strtod(optarg, &end);
            int ok = end != optarg && !*end;
            if (c == 'm' && ok && v >= 0 && v <= 3600) {
                min_s = v;
                break;
            }
            if (c == 'T' && ok && v >= 100 && v <= 1e6) {
                max_targets = (int)v;
                break;
            }
            fprintf(stderr, "vigil bench: %s '%s' must be a number in %s\n",
                    c == 'm' ? "--min-seconds" : "--max-targets", optarg,
                    c == 'm' ? "[0, 3600]" : "[100, 1000000]");
            return 2;
        }
        case 'V':
            live = 1;
            break;
        case 'O':
            live_output = 1;
            break;
        case 'r':
        case 'W':
        case 'N': {
            char *end;
            double v = strtod(optarg, &end);
            double lo = c == 'r' ? 1 : c == 'W' ? 0.1 : 1, hi = c == 'r' ? 1e7 : c == 'W' ? 60 : 1e5;
            if (end == optarg || *end || !(v >= lo && v <= hi)) {
                fprintf(stderr, "vigil bench: --%s '%s' must be a number in [%g, %g]\n",
                        c == 'r' ? "rate" : c == 'W' ? "seconds" : "targets", optarg, lo, hi);
                return 2;
            }
            if (c == 'r')
                live_rate = v;
            else if (c == 'W')
                live_s = v;
            else
                live_targets = (int)v;
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
    if (ndirs == 0 && !have_config) {
        /* Without a scenario of the user's, every scene is the built-in set's (the Stone
         * Soup swarm100, or the synthetic swarms of --scaling, --realtime, --live, which are
         * its kind): swarm100's settings, built in — whichever of them were asked for. */
        if (vg_cfg_parse(&cfg, vg_tracker_cfg, vg_tracker_cfg_count,
                         "stonesoup-swarm100.conf (built in)",
                         (const char *)vg_scenario_stonesoup_swarm100_conf,
                         vg_scenario_stonesoup_swarm100_conf_len, &d)) {
            fprintf(stderr, "vigil bench: %s\n", d.msg);
            return 1;
        }
    }
    for (int i = 0; i < nsets; i++)
        if (vg_cli_set_option(&cfg, vg_tracker_cfg, vg_tracker_cfg_count, sets[i], &d)) {
            fprintf(stderr, "vigil bench: --set %s\n", d.msg);
            return 2;
        }
    if (live)
        return vg_bench_live(&cfg, live_rate, live_s, live_targets, live_output, json);
    if (!explicit_set) {
        /* The built-in set: the Stone Soup reference, the scaling series, real time. */
        const char *root = getenv("VIGIL_SHARED");
        snprintf(deflt, sizeof deflt, "%s/reference/stonesoup/swarm100",
                 root ? root : "../shared");
        FILE *probe;
        char det[4200];
        snprintf(det, sizeof det, "%s/detections.jsonl", deflt);
        if ((probe = fopen(det, "r"))) {
            fclose(probe);
            dirs[ndirs++] = deflt;
        } else {
            fprintf(stderr, "vigil bench: %s not found (set VIGIL_SHARED): skipping swarm100\n",
                    det);
        }
        scaling = realtime = 1;
    }
    int status = 0;
    for (int i = 0; i < ndirs; i++) {
        struct bench_result r;
        memset(&r, 0, sizeof r);
        scenario_name(dirs[i], r.scenario, sizeof r.scenario);
        fprintf(stderr, "vigil bench: %s ...\n", dirs[i]);
        if (run_dir(dirs[i], &cfg, min_s, &r)) {
            status = 1;
            continue;
        }
        print_result(&r, json);
    }
    /* Scaling: 100 → max targets with clutter in proportion, 1 s scans. */
    struct bench_result series[16];
    int nseries = 0;
    if (scaling) {
        for (double nt = 100; nt <= max_targets * 1.0001 && nseries < 16; nt *= sqrt(10.0)) {
            struct bench_result *r = &series[nseries];
            memset(r, 0, sizeof *r);
            int targets = (int)(nt + 0.5);
            snprintf(r->scenario, sizeof r->scenario, "swarm-%d", targets);
            fprintf(stderr, "vigil bench: %s (%d targets, %d clutter per scan) ...\n",
                    r->scenario, targets, targets);
            int scans = targets >= 3000 ? 30 : 100;
            if (run_swarm(targets, 1.0, scans, &cfg, min_s, r)) {
                status = 1;
                break;
            }
            print_result(r, json);
            nseries++;
        }
        if (nseries >= 2) {
            double slope = loglog_slope(series, nseries);
            if (json)
                printf("{\"scenario\":\"scaling\",\"points\":%d,\"us_per_detection_loglog_slope\""
                       ":%.4f}\n", nseries, slope);
            else
                printf("scaling: time per detection grows as targets^%.3f from %d to %d "
                       "targets (0 = flat)\n", slope, series[0].targets,
                       series[nseries - 1].targets);
        }
    }
    if (realtime) {
        struct bench_result r;
        memset(&r, 0, sizeof r);
        int targets = max_targets;
        snprintf(r.scenario, sizeof r.scenario, "realtime-%d-at-10Hz", targets);
        fprintf(stderr, "vigil bench: %s (%d targets + %d clutter per scan, 10 Hz) ...\n",
                r.scenario, targets, targets);
        if (run_swarm(targets, 0.1, 50, &cfg, min_s, &r))
            status = 1;
        else
            print_result(&r, json);
    }
    if (svg && nseries >= 2) {
        FILE *f = fopen(svg, "w");
        if (!f || vg_bench_svg(f, series, nseries) || fclose(f)) {
            fprintf(stderr, "vigil bench: %s: cannot write\n", svg);
            status = 1;
        } else {
            fprintf(stderr, "vigil bench: plot written to %s\n", svg);
        }
    }
    return status;
}
