/* SPDX-License-Identifier: MIT */
/* report_plots.h — the figures of the exercise report, each one <svg> element: the map
 * (report_map.c) and the timeline, lead bars and GOSPA plot (report_plots.c). They use the
 * CSS classes report.c defines. Each returns 0 or VG_ENOMEM (scratch arrays). */
#ifndef VG_PUBLISH_REPORT_PLOTS_H
#define VG_PUBLISH_REPORT_PLOTS_H

#include <stdio.h>

#include "score/exercise.h"
#include "sim/scenario.h"
#include "sim/sim.h"

/* Truth paths, confirmed tracks, alerts, zones and sensors in the site's ENU plane. */
int vg__report_map(FILE *f, const struct vg_scenario *sc, const struct vg_sim_output *sim,
                   const struct vg_exercise_result *r);

/* Per hostile: its flight, and when it was detectable, detected, confirmed, alerted and
 * reached its zone. */
int vg__report_timeline(FILE *f, const struct vg_exercise_result *r);

/* Per hostile: the alert's lead as a bar over the time the sensors gave. */
int vg__report_leads(FILE *f, const struct vg_exercise_result *r);

/* GOSPA and its parts over time. */
int vg__report_gospa(FILE *f, const struct vg_exercise_result *r);

/* The position of track at its latest sample at or before t (1), else 0. */
int vg__report_track_at(const struct vg_exercise_result *r, uint64_t track, double t,
                        double pos[3]);

#endif
