/* SPDX-License-Identifier: MIT */
/* bench_svg.c — the scaling series as an SVG page: two log-log panels, µs per detection and
 * per-scan p99 latency against the number of targets. Hand-written SVG (a page of lines,
 * circles and text) so that the report opens in any browser with nothing else installed. */
#include <math.h>
#include <stdio.h>

#include "cli/bench.h"

#define W 420   /* panel width, px */
#define H 300   /* panel height */
#define ML 70   /* left margin for labels */
#define MB 50   /* bottom margin */

struct axis {
    double lo, hi; /* log10 range */
};

static struct axis log_axis(const double *v, int n)
{
    double lo = INFINITY, hi = -INFINITY;
    for (int i = 0; i < n; i++) {
        double l = log10(v[i] > 0 ? v[i] : 1e-9);
        lo = l < lo ? l : lo;
        hi = l > hi ? l : hi;
    }
    struct axis a = {floor(lo), ceil(hi)};
    if (a.hi <= a.lo)
        a.hi = a.lo + 1;
    return a;
}

static double px(struct axis a, double v, double len)
{
    return (log10(v) - a.lo) / (a.hi - a.lo) * len;
}

static void panel(FILE *f, int ox, const char *title, const char *ylabel, const double *x,
                  const double *y, int n)
{
    struct axis ax = log_axis(x, n), ay = log_axis(y, n);
    fprintf(f, "<g transform=\"translate(%d,20)\">\n", ox);
    fprintf(f, "<text x=\"%d\" y=\"0\" font-size=\"14\" font-weight=\"bold\">%s</text>\n", ML,
            title);
    fprintf(f, "<rect x=\"%d\" y=\"10\" width=\"%d\" height=\"%d\" fill=\"none\" "
               "stroke=\"#888\"/>\n", ML, W, H);
    for (double e = ax.lo; e <= ax.hi + 1e-9; e += 1) {
        double gx = ML + px(ax, pow(10, e), W);
        fprintf(f, "<line x1=\"%.1f\" y1=\"10\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>"
                   "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%g</text>\n",
                gx, gx, 10 + H, gx, 10 + H + 15, pow(10, e));
    }
    for (double e = ay.lo; e <= ay.hi + 1e-9; e += 1) {
        double gy = 10 + H - px(ay, pow(10, e), H);
        fprintf(f, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                   "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%g</text>\n",
                ML, gy, ML + W, gy, ML - 5, gy + 4, pow(10, e));
    }
    fprintf(f, "<polyline fill=\"none\" stroke=\"#c03\" stroke-width=\"2\" points=\"");
    for (int i = 0; i < n; i++)
        fprintf(f, "%.1f,%.1f ", ML + px(ax, x[i], W), 10 + H - px(ay, y[i], H));
    fprintf(f, "\"/>\n");
    for (int i = 0; i < n; i++)
        fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#c03\"><title>%g targets: "
                   "%.4g</title></circle>\n",
                ML + px(ax, x[i], W), 10 + H - px(ay, y[i], H), x[i], y[i]);
    fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">targets "
               "(clutter reports per scan: as many)</text>\n", ML + W / 2, 10 + H + 35);
    fprintf(f, "<text transform=\"translate(15,%d) rotate(-90)\" font-size=\"12\" "
               "text-anchor=\"middle\">%s</text>\n</g>\n", 10 + H / 2, ylabel);
}

int vg_bench_svg(FILE *f, const struct bench_result *r, int n)
{
    double x[16], us[16], p99[16];
    if (n > 16)
        n = 16;
    for (int i = 0; i < n; i++) {
        x[i] = r[i].targets;
        us[i] = r[i].us_per_det;
        p99[i] = r[i].scan_p99_ms;
    }
    int width = 2 * (ML + W + 30);
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
               "font-family=\"sans-serif\">\n<rect width=\"100%%\" height=\"100%%\" "
               "fill=\"white\"/>\n", width, H + MB + 40);
    panel(f, 0, "Tracker time per detection", "microseconds per detection", x, us, n);
    panel(f, ML + W + 30, "Per-scan latency, 99th percentile", "milliseconds per scan", x,
          p99, n);
    fprintf(f, "</svg>\n");
    return ferror(f) ? -1 : 0;
}
