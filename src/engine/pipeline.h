/* SPDX-License-Identifier: MIT */
/* pipeline.h — the stages wired together: detections in; tracks with class and threat, and
 * alerts with advice, out. The offline commands (track, demo) and, later, the live engine
 * drive the same pipeline, so what an exercise scores is what an operator would see. */
#ifndef VG_ENGINE_PIPELINE_H
#define VG_ENGINE_PIPELINE_H

#include "assess/assessor.h"
#include "base/site.h"
#include "identify/classify.h"
#include "track/track.h"

struct vg_pipeline_config {
    struct vg_tracker_config tracker;
    struct vg_classifier classifier;
    struct vg_assessor_config assessor;
    int assess;               /* run the assess stage (needs zones in the site) */
};

void vg_pipeline_config_default(struct vg_pipeline_config *c);

/* Settings of every stage from one `key = value` file (tracker, classifier and alert keys;
 * "FILE:LINE: reason"), or one "KEY=VALUE" (--set). 0 or an error with d set. */
int vg_pipeline_config_load(struct vg_pipeline_config *c, const char *path, struct vg_diag *d);
int vg_pipeline_config_set(struct vg_pipeline_config *c, const char *kv, struct vg_diag *d);
/* Every setting of every stage, as a loadable file with each key's meaning. */
void vg_pipeline_config_write(FILE *f, const struct vg_pipeline_config *c);

struct vg_pipeline;

/* site must outlive the pipeline. tracks: every emission, tracks with their identity and
 * threat filled (assessed = 1); alerts: every alert event (may be NULL). */
int vg_pipeline_new(struct vg_pipeline **out, const struct vg_pipeline_config *cfg,
                    const struct vg_site *site, vg_tracker_emit_fn tracks, void *tracks_user,
                    vg_assess_emit_fn alerts, void *alerts_user, struct vg_diag *d);
void vg_pipeline_free(struct vg_pipeline *p);

int vg_pipeline_add(struct vg_pipeline *p, const struct vg_detection *det);
int vg_pipeline_flush(struct vg_pipeline *p);

struct vg_tracker *vg_pipeline_tracker(struct vg_pipeline *p);
struct vg_assessor *vg_pipeline_assessor(struct vg_pipeline *p); /* NULL without assess */

#endif
