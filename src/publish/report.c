/* SPDX-License-Identifier: MIT */
/* report.c — the exercise report: one self-contained HTML page (see report.h).
 *
 * Border posts have no internet, so the page carries everything itself: inline CSS, inline
 * SVG figures (report_map.c, report_plots.c), no script and no external resource — it opens
 * from a USB stick in any browser and prints as it shows. Order: the summary an officer
 * reads first, the map, the per-attacker timeline and table, the lead bars, the false
 * alerts, GOSPA, classification, and last the exact definitions of every number. */
#include <math.h>
#include <stdio.h>

#include "publish/report.h"
#include "publish/report_plots.h"
#include "publish/report_svg.h"

static const char css[] =
    "body{font-family:sans-serif;margin:24px auto;max-width:960px;color:#222;line-height:1.4}"
    "h1{font-size:22px;margin-bottom:4px}h2{font-size:17px;margin-top:32px;"
    "border-bottom:1px solid #ccc}.meta{color:#555;margin-top:0}"
    "table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:3px 8px;"
    "text-align:right}th{background:#f3f3f3}td.l,th.l{text-align:left}"
    "td.diag{background:#e3f1e3;font-weight:bold}td.bad,.bad{color:#b00;fill:#b00;"
    "font-weight:bold}td.good{color:#060}dt{font-weight:bold;margin-top:6px}dd{margin-left:20px}"
    "svg{display:block;margin:8px 0}svg text{font-family:sans-serif;font-size:12px;fill:#222}"
    ".grid{stroke:#e6e6e6}.frame{fill:none;stroke:#888}.tick{font-size:11px;fill:#555}"
    ".label{font-size:12px}.row-label{font-weight:bold}"
    ".zone{fill:#fde7c8;stroke:#e08a00;stroke-width:1.5}.zone-label{font-size:11px;fill:#9a5a00}"
    ".t-hostile{fill:none;stroke:#d62728;stroke-width:2.2}"
    ".t-bird{fill:none;stroke:#2ca02c;stroke-width:1;opacity:.55}"
    ".t-other{fill:none;stroke:#8c564b;stroke-width:1.2;opacity:.8}"
    ".k-hostile{fill:none;stroke:#1f3b99;stroke-width:1.4;stroke-dasharray:6 3}"
    ".k-other{fill:none;stroke:#6baed6;stroke-width:1;stroke-dasharray:3 3}"
    ".a-true{fill:#ff7f0e;stroke:#000}.a-false{fill:#e377c2;stroke:#000}"
    ".impact{stroke:#d62728;stroke-width:2;fill:none}.sensor{fill:#333}"
    ".hostile-label{fill:#b00;font-weight:bold}.sensor-label{font-size:11px;fill:#333}"
    ".flight{stroke:#bbb;stroke-width:3}.leadband{fill:#d62728;opacity:.2}"
    ".m-detectable{fill:#fff;stroke:#555;stroke-width:1.5}.m-detected{fill:#555}"
    ".m-confirmed{fill:#1f3b99}.m-alerted{fill:#ff7f0e;stroke:#000}.m-zone{fill:#d62728}"
    ".avail{fill:#ddd}.lead{fill:#d62728}"
    ".g-total{fill:none;stroke:#000;stroke-width:1.6}.g-loc{fill:none;stroke:#1f77b4}"
    ".g-missed{fill:none;stroke:#ff7f0e}.g-false{fill:none;stroke:#9467bd}";

/* "12.3" or "–" for a time that never came. */
static void cell_num(FILE *f, double v, const char *fmt, const char *cls)
{
    fprintf(f, "<td%s%s%s>", cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "");
    if (isfinite(v))
        fprintf(f, fmt, v);
    else
        fputs("&ndash;", f);
    fputs("</td>", f);
}

static void row_text(FILE *f, const char *name, const char *value)
{
    fputs("<tr><th class=\"l\">", f);
    vg__html_text(f, name);
    fputs("</th><td class=\"l\">", f);
    vg__html_text(f, value);
    fputs("</td></tr>\n", f);
}

static void summary(FILE *f, const struct vg_exercise_result *r)
{
    char v[160];
    double fsum = 0, fmin = INFINITY, lsum = 0;
    size_t fn = 0, ln = 0;
    for (size_t i = 0; i < r->nhostiles; i++) {
        const struct vg_exercise_hostile *h = &r->hostiles[i];
        if (isfinite(h->lead_fraction)) {
            fsum += h->lead_fraction;
            fmin = fmin < h->lead_fraction ? fmin : h->lead_fraction;
            fn++;
        }
        if (isfinite(h->lead_s)) {
            lsum += h->lead_s;
            ln++;
        }
    }
    fputs("<h2 id=\"summary\">Summary</h2>\n<table>\n", f);
    snprintf(v, sizeof v, "%zu of %zu alerted (%zu never)", r->nhostiles - r->never_alerted,
             r->nhostiles, r->never_alerted);
    row_text(f, "Hostile objects", v);
    if (ln)
        snprintf(v, sizeof v, "%.1f s mean over %zu alerted", lsum / (double)ln, ln);
    else
        snprintf(v, sizeof v, "none");
    row_text(f, "Alert lead before the zone", v);
    if (fn)
        snprintf(v, sizeof v, "%.0f %% mean, %.0f %% lowest", 100.0 * fsum / (double)fn,
                 100.0 * fmin);
    else
        snprintf(v, sizeof v, "none");
    row_text(f, "Lead fraction (of the time the sensors gave)", v);
    snprintf(v, sizeof v, "%zu of %zu raised (%.1f per hour)", r->false_alerts, r->nalerts,
             r->false_alerts_per_hour);
    row_text(f, "False alerts", v);
    snprintf(v, sizeof v, "%.1f m mean over %zu times (localisation %.1f, missed %.1f, "
                          "false %.1f)", r->gospa.gospa, r->gospa.times, r->gospa.loc_term,
             r->gospa.missed_term, r->gospa.false_term);
    char name[48];
    snprintf(name, sizeof name, "GOSPA (c = %g m, p = %g)", r->gospa.c, r->gospa.p);
    row_text(f, name, v);
    if (isfinite(r->drone_bird_accuracy))
        snprintf(v, sizeof v, "%.1f %% of %llu track-times", 100.0 * r->drone_bird_accuracy,
                 (unsigned long long)r->drone_bird_n);
    else
        snprintf(v, sizeof v, "no tracks on drones or birds");
    row_text(f, "Drone-vs-bird accuracy", v);
    fputs("</table>\n", f);
}

/* Times around detection to hundredths: a fast sensor's looks are a quarter-second apart,
 * and detection to alert is judged against a second. */
static void hostile_table(FILE *f, const struct vg_scenario *sc,
                          const struct vg_exercise_result *r)
{
    fputs("<table>\n<tr><th class=\"l\">object</th><th>launch s</th><th>first detectable s</th>"
          "<th>first detected s</th><th>confirmed s</th><th>first alert s</th>"
          "<th class=\"l\">alert</th><th>zone reached s</th><th class=\"l\">zone</th>"
          "<th>lead s</th><th>lead fraction</th><th>detection to alert s</th>"
          "<th>second look to alert s</th></tr>\n", f);
    for (size_t i = 0; i < r->nhostiles; i++) {
        const struct vg_exercise_hostile *h = &r->hostiles[i];
        fputs("<tr><td class=\"l\">", f);
        vg__html_text(f, h->id);
        fputs("</td>", f);
        cell_num(f, h->t_start, "%.1f", NULL);
        cell_num(f, h->t_detectable, "%.2f", NULL);
        cell_num(f, h->t_detected, "%.2f", NULL);
        cell_num(f, h->t_confirmed, "%.2f", NULL);
        cell_num(f, h->t_alerted, "%.2f", isfinite(h->t_alerted) ? NULL : "bad");
        fputs("<td class=\"l\">", f);
        vg__html_text(f, h->alert[0] ? h->alert : "never");
        fputs(h->alert_swarm ? " (swarm)</td>" : "</td>", f);
        cell_num(f, h->t_zone, "%.1f", NULL);
        fputs("<td class=\"l\">", f);
        vg__html_text(f, h->zone >= 0 ? sc->site.zones[h->zone].id : "-");
        fputs("</td>", f);
        cell_num(f, h->lead_s, "%.1f", h->lead_s > 0 ? "good" : isfinite(h->lead_s) ? "bad"
                                                                                    : NULL);
        cell_num(f, 100.0 * h->lead_fraction, "%.0f %%", NULL);
        cell_num(f, h->detect_to_alert_s, "%.2f", NULL);
        cell_num(f, h->look_to_alert_s, "%.2f", NULL);
        fputs("</tr>\n", f);
    }
    fputs("</table>\n", f);
}

static void false_alerts(FILE *f, const struct vg_scenario *sc, const struct vg_sim_output *sim,
                         const struct vg_exercise_result *r)
{
    if (r->false_alerts == 0) {
        fprintf(f, "<p>None of the %zu alerts raised was false.</p>\n", r->nalerts);
        return;
    }
    fputs("<table>\n<tr><th class=\"l\">alert</th><th>raised s</th><th class=\"l\">zone</th>"
          "<th class=\"l\">track</th><th class=\"l\">what it was</th></tr>\n", f);
    for (size_t i = 0; i < r->nalerts; i++) {
        const struct vg_exercise_alert *a = &r->alerts[i];
        if (a->hostile)
            continue;
        fputs("<tr><td class=\"l\">", f);
        vg__html_text(f, a->id);
        fputs("</td>", f);
        cell_num(f, a->t, "%.1f", NULL);
        fputs("<td class=\"l\">", f);
        vg__html_text(f, a->zone >= 0 && (size_t)a->zone < sc->site.nzones
                             ? sc->site.zones[a->zone].id : "-");
        if (a->swarm)
            fprintf(f, "</td><td class=\"l\">swarm of %zu</td><td class=\"l\">", a->nmembers);
        else
            fprintf(f, "</td><td class=\"l\">%llu</td><td class=\"l\">",
                    (unsigned long long)a->track);
        if (a->object >= 0) {
            vg__html_text(f, sim->objects[a->object].id);
            fprintf(f, " (%s%s)", sim->objects[a->object].hostile ? "hostile " : "",
                    vg_class_name(sim->objects[a->object].cls));
        } else {
            fputs("nothing real: clutter or a false track", f);
        }
        fputs("</td></tr>\n", f);
    }
    fputs("</table>\n", f);
}

static void confusion(FILE *f, const struct vg_exercise_result *r)
{
    int used[VG_CLASS_COUNT] = {0};
    uint64_t total = 0;
    for (int c = 0; c < VG_CLASS_COUNT; c++)
        for (int k = 0; k < VG_CLASS_COUNT; k++)
            if (r->confusion[c][k]) {
                used[c] = used[k] = 1;
                total += r->confusion[c][k];
            }
    used[VG_CLASS_UNKNOWN] = 1;
    if (!total) {
        fputs("<p>No confirmed track was on any object.</p>\n", f);
        return;
    }
    fputs("<table>\n<tr><th class=\"l\">true class &darr; / track class &rarr;</th>", f);
    for (int k = 0; k < VG_CLASS_COUNT; k++)
        if (used[k])
            fprintf(f, "<th>%s</th>", vg_class_name(k));
    fputs("<th>track-times</th></tr>\n", f);
    for (int c = 0; c < VG_CLASS_COUNT; c++) {
        uint64_t row = 0;
        for (int k = 0; k < VG_CLASS_COUNT; k++)
            row += r->confusion[c][k];
        if (!row)
            continue;
        fprintf(f, "<tr><th class=\"l\">%s</th>", vg_class_name(c));
        for (int k = 0; k < VG_CLASS_COUNT; k++)
            if (used[k])
                fprintf(f, "<td%s>%llu <small>(%.0f %%)</small></td>",
                        k == c ? " class=\"diag\"" : "", (unsigned long long)r->confusion[c][k],
                        100.0 * (double)r->confusion[c][k] / (double)row);
        fprintf(f, "<td>%llu</td></tr>\n", (unsigned long long)row);
    }
    fputs("</table>\n", f);
}

static void definitions(FILE *f, const struct vg_exercise_result *r)
{
    fprintf(f,
        "<h2 id=\"definitions\">Definitions</h2>\n<dl>\n"
        "<dt>On an object</dt><dd>At each processed time the confirmed and coasting tracks are "
        "assigned one to one to the live objects, minimising the summed 3-D distance. A track "
        "may take an object within %g m of it, or one inside its own %g %% position gate (its "
        "covariance) up to %g m away; an assigned track is on its object.</dd>\n"
        "<dt>First detectable</dt><dd>The first truth time at which some sensor's detection "
        "probability for the object, by the simulator's own sensor models, was at least %g "
        "(never later than the first detection).</dd>\n"
        "<dt>First detected</dt><dd>The earliest detection the simulator attributes to the "
        "object.</dd>\n"
        "<dt>Track confirmed</dt><dd>The first time a confirmed or coasting track was on it.</dd>\n"
        "<dt>First alert</dt><dd>The earliest raised alert whose track was on it at the raise "
        "time, or a swarm alert with a member track on it.</dd>\n"
        "<dt>Zone reached</dt><dd>An FPV's impact time when it ends inside a zone; another "
        "hostile's first truth time inside a zone.</dd>\n"
        "<dt>Lead</dt><dd>Zone reached &minus; first alert. <b>Lead fraction</b>: lead / "
        "(zone reached &minus; first detectable). <b>Detection to alert</b>: first alert "
        "&minus; first detected.</dd>\n"
        "<dt>False alert</dt><dd>A raised alert whose track was on no hostile object when "
        "raised (a bird, a friendly drone, an aircraft, clutter); a swarm alert none of whose "
        "members was on a hostile. Per hour of simulated time.</dd>\n"
        "<dt>GOSPA</dt><dd>Rahmathullah, Garc&iacute;a-Fern&aacute;ndez &amp; Svensson (2017), "
        "&alpha; = 2, c = %g m, p = %g, on 3-D positions of the confirmed and coasting tracks, "
        "averaged over the scored times.</dd>\n"
        "<dt>Confusion, drone-vs-bird accuracy</dt><dd>Counted over every time a track was on "
        "an object (track-times): the object's true class against the class the pipeline gave "
        "the track. Accuracy: the share of drone and bird track-times named correctly "
        "(unknown counts as wrong).</dd>\n</dl>\n",
        r->prm.match_m, 100.0 * r->prm.gate_p, r->prm.match_max_m, r->prm.pd_min, r->gospa.c,
        r->gospa.p);
}

int vg_report_html(FILE *f, const struct vg_scenario *sc, const struct vg_sim_output *sim,
                   const struct vg_exercise_result *r)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<title>Vigil exercise: ", f);
    vg__html_text(f, r->scenario);
    fprintf(f, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>Exercise report: ", css);
    vg__html_text(f, r->scenario);
    size_t nbirds = 0;
    for (size_t k = 0; k < sim->nobjects; k++)
        nbirds += sim->objects[k].cls == VG_CLASS_BIRD;
    fprintf(f, "</h1>\n<p class=\"meta\">Seed %llu, %.0f s simulated; %zu objects (%zu hostile, "
               "%zu birds); %zu sensors, %zu protected zones. Written by vigil exercise.</p>\n",
            (unsigned long long)r->seed, r->duration_s, sim->nobjects, r->nhostiles, nbirds,
            sc->site.nsensors, sc->site.nzones);
    summary(f, r);
    fputs("<h2 id=\"map\">Map</h2>\n<p>Site frame: metres east and north of the origin. Hover "
          "a marker for its details.</p>\n", f);
    int rc = vg__report_map(f, sc, sim, r);
    fputs("<h2 id=\"timeline\">Hostile objects</h2>\n", f);
    if (!rc)
        rc = vg__report_timeline(f, r);
    hostile_table(f, sc, r);
    fputs("<h2 id=\"lead\">Alert lead</h2>\n", f);
    if (!rc)
        rc = vg__report_leads(f, r);
    fputs("<h2 id=\"false-alerts\">False alerts</h2>\n", f);
    false_alerts(f, sc, sim, r);
    fputs("<h2 id=\"gospa\">Tracking accuracy (GOSPA)</h2>\n", f);
    if (!rc)
        rc = vg__report_gospa(f, r);
    fprintf(f, "<p>Mean %.1f m over %zu scored times: localisation %.1f, missed %.1f, false "
               "%.1f; %ld track id switches.</p>\n", r->gospa.gospa, r->gospa.times,
            r->gospa.loc_term, r->gospa.missed_term, r->gospa.false_term, r->gospa.id_switches);
    fputs("<h2 id=\"classification\">Classification</h2>\n", f);
    confusion(f, r);
    if (isfinite(r->drone_bird_accuracy))
        fprintf(f, "<p>Drone-vs-bird accuracy: <b>%.1f %%</b> of %llu track-times.</p>\n",
                100.0 * r->drone_bird_accuracy, (unsigned long long)r->drone_bird_n);
    definitions(f, r);
    fputs("</body>\n</html>\n", f);
    if (rc)
        return rc;
    return ferror(f) ? VG_EIO : 0;
}
