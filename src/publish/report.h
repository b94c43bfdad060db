/* SPDX-License-Identifier: MIT */
/* report.h — an exercise's results as files: score.json (report_json.c) and one
 * self-contained report.html (report.c, drawing with report_svg.c and report_plots.c).
 *
 * Both read a finished result (score/exercise.h) with the scenario and the simulator's
 * output it was scored on; neither allocates more than a few small scratch arrays. Text that
 * comes from the scenario (its name, object, zone and sensor ids) is escaped: JSON-escaped in
 * score.json, HTML-escaped in the page. */
#ifndef VG_PUBLISH_REPORT_H
#define VG_PUBLISH_REPORT_H

#include <stdio.h>

#include "score/exercise.h"
#include "sim/scenario.h"
#include "sim/sim.h"

/* One JSON object and a newline (the fields are listed in report_json.c). Times and
 * quantities that did not happen are null. 0, VG_ENOMEM or VG_EIO. */
int vg_report_score_json(FILE *f, const struct vg_scenario *sc, const struct vg_sim_output *sim,
                         const struct vg_exercise_result *r);

/* The HTML page: summary, map, per-attacker timeline, lead bars, false alerts, GOSPA over
 * time, confusion matrix. Inline CSS and SVG only: no script, no external resource.
 * 0, VG_ENOMEM or VG_EIO. */
int vg_report_html(FILE *f, const struct vg_scenario *sc, const struct vg_sim_output *sim,
                   const struct vg_exercise_result *r);

#endif
