/* SPDX-License-Identifier: MIT */
/* record_config.c — the metadata a re-run needs: exact settings and the site, as text.
 *
 * The documented settings file (vg_pipeline_config_write) prints doubles with %g, six digits:
 * a setting given as 0.123456789 would come back different and a re-run would drift. Here
 * every value of the three settings tables (tracker, classifier, alerts) is printed with
 * %.17g, which strtod reads back to the same double, in the same `key = value` syntax, so the
 * ordinary parser (vg_cfg_parse_groups) reads it. Settings outside those tables (approach,
 * threat and swarm parameters) are the built-in defaults in every run that goes through
 * vg_pipeline_config_default, and are not recorded. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine/pipeline.h"
#include "record/recorder.h"

static size_t groups(struct vg_pipeline_config *c, struct vg_cfg_group g[3])
{
    g[0] = (struct vg_cfg_group){&c->tracker, vg_tracker_cfg, vg_tracker_cfg_count};
    g[1] = (struct vg_cfg_group){&c->classifier, vg_classifier_cfg, vg_classifier_cfg_count};
    g[2] = (struct vg_cfg_group){&c->assessor.alert, vg_alert_cfg, vg_alert_cfg_count};
    return 3;
}

char *vg_record_config_text(const struct vg_pipeline_config *c)
{
    struct vg_cfg_group g[3];
    size_t ng = groups((struct vg_pipeline_config *)c, g);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    for (size_t k = 0; k < ng; k++)
        for (size_t i = 0; i < g[k].n; i++) {
            const struct vg_cfg_entry *e = &g[k].tab[i];
            const char *p = (const char *)g[k].target + e->offset;
            if (e->type == VG_CFG_DOUBLE)
                fprintf(f, "%s = %.17g\n", e->key, *(const double *)p);
            else if (e->type == VG_CFG_INT)
                fprintf(f, "%s = %d\n", e->key, *(const int *)p);
            else
                fprintf(f, "%s = %s\n", e->key, *(const int *)p ? "true" : "false");
        }
    if (fclose(f)) {
        free(buf);
        return NULL;
    }
    return buf;
}

int vg_record_config_parse(struct vg_pipeline_config *c, const char *text, struct vg_diag *d)
{
    struct vg_cfg_group g[3];
    return vg_cfg_parse_groups(g, groups(c, g), "config", text, strlen(text), d);
}

int vg_recorder_meta_run(struct vg_recorder *r, const char *scenario,
                         const struct vg_site *site, const struct vg_pipeline_config *c)
{
    char num[64];
    int rc = vg_recorder_meta(r, "version", "vigil 0.1.0");
    snprintf(num, sizeof num, "%.3f", (double)time(NULL));
    if (!rc)
        rc = vg_recorder_meta(r, "start_unix", num);
    if (!rc)
        rc = vg_recorder_meta(r, "time_base", "scenario");
    if (!rc && scenario)
        rc = vg_recorder_meta(r, "scenario", scenario);
    if (!rc && c) {
        char *cfg = vg_record_config_text(c);
        rc = cfg ? vg_recorder_meta(r, "config", cfg) : VG_ENOMEM;
        free(cfg);
        if (!rc)
            rc = vg_recorder_meta(r, "assess", c->assess ? "1" : "0");
    }
    if (!rc && site) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        if (!f)
            return VG_ENOMEM;
        rc = vg_site_write_geojson(site, f);
        if (fclose(f) && !rc)
            rc = VG_EIO;
        if (!rc)
            rc = vg_recorder_meta(r, "site", buf);
        free(buf);
    }
    return rc;
}
