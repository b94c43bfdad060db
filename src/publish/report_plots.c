/* SPDX-License-Identifier: MIT */
/* report_plots.c — the exercise report's time figures: the per-attacker timeline, the lead
 * bars and GOSPA over time (the map is report_map.c).
 *
 * The timeline and the bars share one row per hostile, in the result's order, so an
 * attacker is on the same line in both. Every marker carries a <title>, the browser's own
 * tooltip, so exact times are one hover away without a script. */
#include <math.h>
#include <stdio.h>

#include "publish/report_plots.h"
#include "publish/report_svg.h"

#define W 900
#define ML 110.0  /* room for the ids */
#define MR 40.0
#define ROW 32.0

static void mark_at(FILE *f, const struct vg__axis *ax, double t, double y, int shape,
                    const char *cls, const char *id, const char *what)
{
    if (!isfinite(t))
        return;
    char tip[128];
    snprintf(tip, sizeof tip, "%s %s at %.1f s", id, what, t);
    vg__svg_mark(f, shape, vg__axis_px(ax, t), y, 5, cls, tip);
}

int vg__report_timeline(FILE *f, const struct vg_exercise_result *r)
{
    static const struct vg__legend legend[] = {
        {"flight", "flight", -1},
        {"alert lead", "leadband", VG__MARK_SQUARE},
        {"first detectable", "m-detectable", VG__MARK_CIRCLE},
        {"first detected", "m-detected", VG__MARK_CIRCLE},
        {"track confirmed", "m-confirmed", VG__MARK_SQUARE},
        {"first alert", "m-alerted", VG__MARK_TRIANGLE},
        {"zone reached", "m-zone", VG__MARK_BAR},
    };
    size_t n = r->nhostiles ? r->nhostiles : 1;
    double top = 50.0, ph = ROW * (double)n;
    int h = (int)(top + ph + 48);
    struct vg__axis ax = {0.0, r->duration_s > 0 ? r->duration_s : 1.0, ML, W - MR};
    struct vg__axis ay = {0.0, (double)n, top + ph, top};
    vg__svg_open(f, W, h, "Timeline of each hostile object");
    vg__svg_legend(f, ML, 4, legend, sizeof legend / sizeof legend[0], 4, 170);
    vg__svg_axes(f, &ax, &ay, 12, 0, "time since scenario start, s", NULL);
    for (size_t i = 0; i < r->nhostiles; i++) {
        const struct vg_exercise_hostile *hs = &r->hostiles[i];
        double y = top + ROW * ((double)i + 0.5);
        vg__svg_text(f, ML - 8, y + 4, "end", "row-label", hs->id);
        double t1 = isfinite(hs->t_zone) ? hs->t_zone : ax.hi;
        double t0 = hs->t_start > 0 ? hs->t_start : 0.0;
        fprintf(f, "<line class=\"flight\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
                vg__axis_px(&ax, t0), y, vg__axis_px(&ax, t1 < ax.hi ? t1 : ax.hi), y);
        if (isfinite(hs->t_alerted) && isfinite(hs->t_zone) && hs->t_zone > hs->t_alerted) {
            double x0 = vg__axis_px(&ax, hs->t_alerted), x1 = vg__axis_px(&ax, hs->t_zone);
            fprintf(f, "<rect class=\"leadband\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                       "height=\"12\"><title>", x0, y - 6, x1 - x0);
            vg__html_text(f, hs->id);
            fprintf(f, ": alert %.1f s before the zone</title></rect>\n", hs->lead_s);
        }
        mark_at(f, &ax, hs->t_zone, y, VG__MARK_BAR, "m-zone", hs->id, "reached its zone");
        /* Sensing above the line, the track on it, the alert below: the four often fall
         * within seconds of each other. */
        mark_at(f, &ax, hs->t_detectable, y - 8, VG__MARK_CIRCLE, "m-detectable", hs->id,
                "first detectable");
        mark_at(f, &ax, hs->t_detected, y - 8, VG__MARK_CIRCLE, "m-detected", hs->id,
                "first detected");
        mark_at(f, &ax, hs->t_confirmed, y, VG__MARK_SQUARE, "m-confirmed", hs->id,
                "track confirmed");
        mark_at(f, &ax, hs->t_alerted, y + 8, VG__MARK_TRIANGLE, "m-alerted", hs->id,
                "first alert");
        if (!isfinite(hs->t_alerted))
            vg__svg_text(f, vg__axis_px(&ax, t1 < ax.hi ? t1 : ax.hi) + 6, y + 4, "start",
                         "bad", "never alerted");
    }
    vg__svg_close(f);
    return 0;
}

int vg__report_leads(FILE *f, const struct vg_exercise_result *r)
{
    size_t n = r->nhostiles ? r->nhostiles : 1;
    double top = 30.0, ph = ROW * (double)n, span = 1.0;
    for (size_t i = 0; i < r->nhostiles; i++) {
        const struct vg_exercise_hostile *h = &r->hostiles[i];
        double a = h->t_zone - h->t_detectable;
        span = isfinite(a) && a > span ? a : span;
        span = isfinite(h->lead_s) && h->lead_s > span ? h->lead_s : span;
    }
    struct vg__axis ax = {0.0, span, ML, W - MR - 180};
    vg__axis_round(&ax, 8);
    struct vg__axis ay = {0.0, (double)n, top + ph, top};
    static const struct vg__legend legend[] = {
        {"time from first detectable to zone", "avail", VG__MARK_SQUARE},
        {"alert lead (first alert to zone)", "lead", VG__MARK_SQUARE},
    };
    vg__svg_open(f, W, (int)(top + ph + 48), "Alert lead time per hostile object");
    vg__svg_legend(f, ML, 4, legend, 2, 2, 280);
    vg__svg_axes(f, &ax, &ay, 8, 0, "seconds before the zone was reached", NULL);
    for (size_t i = 0; i < r->nhostiles; i++) {
        const struct vg_exercise_hostile *h = &r->hostiles[i];
        double y = top + ROW * ((double)i + 0.5), x0 = vg__axis_px(&ax, 0.0);
        double avail = h->t_zone - h->t_detectable;
        char text[96];
        vg__svg_text(f, ML - 8, y + 4, "end", "row-label", h->id);
        if (isfinite(avail) && avail > 0)
            fprintf(f, "<rect class=\"avail\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                       "height=\"16\"/>\n", x0, y - 8, vg__axis_px(&ax, avail) - x0);
        if (isfinite(h->lead_s) && h->lead_s > 0)
            fprintf(f, "<rect class=\"lead\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                       "height=\"10\"/>\n", x0, y - 5, vg__axis_px(&ax, h->lead_s) - x0);
        double xt = vg__axis_px(&ax, isfinite(avail) && avail > 0 ? avail : 0.0) + 6;
        const char *cls = NULL;
        if (!isfinite(h->t_zone)) {
            snprintf(text, sizeof text, "did not reach a zone");
        } else if (!isfinite(h->lead_s)) {
            snprintf(text, sizeof text, "never alerted");
            cls = "bad";
        } else if (h->lead_s <= 0) {
            snprintf(text, sizeof text, "alerted %.1f s after it arrived", -h->lead_s);
            cls = "bad";
        } else if (isfinite(h->lead_fraction)) {
            snprintf(text, sizeof text, "%.1f s (%.0f %% of %.1f s)", h->lead_s,
                     100.0 * h->lead_fraction, avail);
        } else {
            snprintf(text, sizeof text, "%.1f s", h->lead_s);
        }
        vg__svg_text(f, xt, y + 4, "start", cls, text);
    }
    vg__svg_close(f);
    return 0;
}

int vg__report_gospa(FILE *f, const struct vg_exercise_result *r)
{
    double top = 30.0, ph = 240.0, ymax = 1.0;
    for (size_t i = 0; i < r->ngospa_t; i++)
        ymax = isfinite(r->gospa_t[i].gospa) && r->gospa_t[i].gospa > ymax ? r->gospa_t[i].gospa
                                                                           : ymax;
    struct vg__axis ax = {0.0, r->duration_s > 0 ? r->duration_s : 1.0, 70.0, W - MR};
    struct vg__axis ay = {0.0, ymax, top + ph, top};
    vg__axis_round(&ay, 6);
    static const struct vg__legend legend[] = {
        {"GOSPA", "g-total", -1},
        {"localisation", "g-loc", -1},
        {"missed objects", "g-missed", -1},
        {"false tracks", "g-false", -1},
    };
    char ylabel[64];
    snprintf(ylabel, sizeof ylabel, "GOSPA (c = %g m, p = %g), m", r->gospa.c, r->gospa.p);
    vg__svg_open(f, W, (int)(top + ph + 50), "GOSPA over time");
    vg__svg_legend(f, 70.0, 4, legend, 4, 4, 160);
    vg__svg_axes(f, &ax, &ay, 12, 6, "time since scenario start, s", ylabel);
    static const char *cls[4] = {"g-loc", "g-missed", "g-false", "g-total"};
    for (int k = 0; k < 4; k++) {
        struct vg__poly p;
        vg__poly_begin(&p, f, cls[k], 0.5, NULL);
        for (size_t i = 0; i < r->ngospa_t; i++) {
            const struct vg_exercise_gospa *g = &r->gospa_t[i];
            double v = k == 0 ? g->loc : k == 1 ? g->missed : k == 2 ? g->false_ : g->gospa;
            vg__poly_point(&p, vg__axis_px(&ax, g->t), vg__axis_px(&ay, v));
        }
        vg__poly_end(&p);
    }
    vg__svg_close(f);
    return 0;
}
