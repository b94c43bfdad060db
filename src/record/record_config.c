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

#include <jansson.h>
#include <math.h>

#include "engine/pipeline.h"
#include "record/internal.h"
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
        char *enu = rc ? NULL : vg__site_enu_text(site);
        if (!rc)
            rc = enu ? vg_recorder_meta(r, "site_enu", enu) : VG_ENOMEM;
        free(enu);
    }
    return rc;
}

/* The site's ENU numbers, exact. The GeoJSON in "site" stores positions as lat/lon/h, and
 * converting them back to ENU differs from the original in the last bits (1e-12 m): enough
 * for a re-run's tracks to differ in their last bits too. So the ENU positions of sensors,
 * effectors and zone vertices are also kept as they were, %.17g, and laid over the site read
 * from the GeoJSON (matched by id). */
char *vg__site_enu_text(const struct vg_site *s)
{
    json_t *o = json_object(), *sen = json_array(), *zon = json_array(), *eff = json_array();
    json_object_set_new(o, "sensors", sen);
    json_object_set_new(o, "zones", zon);
    json_object_set_new(o, "effectors", eff);
    for (size_t i = 0; i < s->nsensors; i++)
        json_array_append_new(sen, json_pack("{s:s,s:[f,f,f]}", "id", s->sensors[i].id, "pos",
                                             s->sensors[i].pos[0], s->sensors[i].pos[1],
                                             s->sensors[i].pos[2]));
    for (size_t i = 0; i < s->neffectors; i++)
        json_array_append_new(eff, json_pack("{s:s,s:[f,f,f]}", "id", s->effectors[i].id,
                                             "pos", s->effectors[i].pos[0],
                                             s->effectors[i].pos[1], s->effectors[i].pos[2]));
    for (size_t i = 0; i < s->nzones; i++) {
        json_t *pts = json_array();
        for (size_t k = 0; k < 2 * s->zones[i].npts; k++)
            json_array_append_new(pts, json_real(s->zones[i].pts[k]));
        json_array_append_new(zon, json_pack("{s:s,s:o}", "id", s->zones[i].id, "pts", pts));
    }
    char *text = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(17));
    json_decref(o);
    return text;
}

/* Lay the exact positions over site (a site read from the recording's GeoJSON). Entries
 * that do not match an id or a zone's vertex count, or that are more than a centimetre from
 * what the GeoJSON says (a damaged or edited file: the exact value is only ever the same
 * position's last bits), are ignored: the GeoJSON then stands. */
static void lay(double *dst, const json_t *v)
{
    double x = json_number_value(v);
    if (json_is_number(v) && fabs(x - *dst) <= 0.01)
        *dst = x;
}

void vg__site_enu_apply(struct vg_site *s, const char *text)
{
    json_error_t e;
    json_t *o = json_loads(text, 0, &e), *v;
    size_t i;
    json_array_foreach(json_object_get(o, "sensors"), i, v) {
        int k = vg_site_find_sensor(s, json_string_value(json_object_get(v, "id")) ?
                                           json_string_value(json_object_get(v, "id")) : "");
        json_t *p = json_object_get(v, "pos");
        if (k >= 0 && json_array_size(p) == 3)
            for (int j = 0; j < 3; j++)
                lay(&s->sensors[k].pos[j], json_array_get(p, (size_t)j));
    }
    json_array_foreach(json_object_get(o, "effectors"), i, v) {
        const char *id = json_string_value(json_object_get(v, "id"));
        json_t *p = json_object_get(v, "pos");
        for (size_t k = 0; id && k < s->neffectors; k++)
            if (!strcmp(s->effectors[k].id, id) && json_array_size(p) == 3)
                for (int j = 0; j < 3; j++)
                    lay(&s->effectors[k].pos[j], json_array_get(p, (size_t)j));
    }
    json_array_foreach(json_object_get(o, "zones"), i, v) {
        const char *id = json_string_value(json_object_get(v, "id"));
        json_t *p = json_object_get(v, "pts");
        for (size_t k = 0; id && k < s->nzones; k++)
            if (!strcmp(s->zones[k].id, id) && json_array_size(p) == 2 * s->zones[k].npts)
                for (size_t j = 0; j < 2 * s->zones[k].npts; j++)
                    lay(&s->zones[k].pts[j], json_array_get(p, j));
    }
    json_decref(o);
}
