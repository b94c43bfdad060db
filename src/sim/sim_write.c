/* SPDX-License-Identifier: MIT */
/* sim_write.c — a run's files: truth.jsonl, detections.jsonl and site.geojson (formats.md).
 *
 * Detections are written in the output's order, arrival order; with delays every line
 * carries its "arrival" (t stays the measurement time), RF bearings their "emitter", ADS-B
 * reports the aircraft's "callsign" and "squawk" when it has them, and cooperative reports
 * their position as lat, lon, alt_m through the site's frame (sense/jsonl_write.h).
 * Times and values are printed in the shortest form that reads back to the same double
 * (vg_jsonl_format_double), so a truth time and the scan marker it was sampled at are the
 * same text and the same number in any reader. */
#include "sim/sim.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "sense/jsonl_write.h"

static int put_vec(FILE *f, const char *key, const double v[3])
{
    char a[VG_JSONL_NUM_MAX], b[VG_JSONL_NUM_MAX], c[VG_JSONL_NUM_MAX];
    if (vg_jsonl_format_double(a, v[0]) < 0 || vg_jsonl_format_double(b, v[1]) < 0 ||
        vg_jsonl_format_double(c, v[2]) < 0)
        return VG_EINVAL;
    return fprintf(f, ",\"%s\":[%s,%s,%s]", key, a, b, c) < 0 ? VG_EIO : 0;
}

int vg_sim_write_truth(FILE *f, const struct vg_sim_output *out)
{
    for (size_t i = 0; i < out->ntruth; i++) {
        const struct vg_sim_truth *tr = &out->truth[i];
        const struct vg_sim_object *o = &out->objects[tr->object];
        char t[VG_JSONL_NUM_MAX];
        int rc = vg_jsonl_format_double(t, tr->t) < 0 ? VG_EINVAL : 0;
        if (rc == 0 && fprintf(f, "{\"t\":%s,\"id\":", t) < 0)
            rc = VG_EIO;
        if (rc == 0)
            rc = vg_jsonl_write_string(f, o->id);
        if (rc == 0 && fprintf(f, ",\"class\":\"%s\",\"hostile\":%s", vg_class_name(o->cls),
                               o->hostile ? "true" : "false") < 0)
            rc = VG_EIO;
        if (rc == 0)
            rc = put_vec(f, "pos", tr->pos);
        if (rc == 0)
            rc = put_vec(f, "vel", tr->vel);
        if (rc == 0 && fputs("}\n", f) == EOF)
            rc = VG_EIO;
        if (rc < 0)
            return rc;
    }
    return 0;
}

int vg_sim_write_detections(FILE *f, const struct vg_site *site, const struct vg_sim_output *out)
{
    for (size_t i = 0; i < out->ndets; i++) {
        const struct vg_detection *det = &out->dets[i];
        int32_t obj = out->det_object[i];
        struct vg_jsonl_extra x;
        vg_jsonl_extra_init(&x);
        x.truth = det->kind == VG_DET_SCAN ? NULL : obj >= 0 ? out->objects[obj].id : "clutter";
        if (out->delayed)
            x.arrival = out->det_arrival[i];
        if (vg_link_emits(out->det_emitter[i].link)) {
            x.link = vg_link_name(out->det_emitter[i].link);
            x.band_mhz = out->det_emitter[i].band_mhz;
        }
        if (det->kind == VG_DET_ADSB && obj >= 0) { /* what the transponder also sends */
            const struct vg_sim_object *o = &out->objects[obj];
            x.callsign = o->callsign[0] ? o->callsign : NULL;
            x.squawk = o->squawk[0] ? o->squawk : NULL;
        }
        int rc = vg_jsonl_write_detection_ex(f, site, det, &x);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* mkdir -p: create dir and any missing parents. */
static int make_dirs(const char *dir)
{
    char path[4096];
    size_t n = strlen(dir);
    if (n == 0 || n >= sizeof path)
        return VG_EINVAL;
    memcpy(path, dir, n + 1);
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(path, 0777) < 0 && errno != EEXIST)
            return -errno;
        *p = '/';
    }
    if (mkdir(path, 0777) < 0 && errno != EEXIST)
        return -errno;
    struct stat st;
    if (stat(path, &st) < 0)
        return -errno;
    return S_ISDIR(st.st_mode) ? 0 : -ENOTDIR;
}

enum which { TRUTH, DETECTIONS, SITE };

static int write_file(const struct vg_scenario *sc, const struct vg_sim_output *out,
                      const char *dir, const char *name, enum which w, struct vg_diag *d)
{
    char path[4096];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path)
        return vg_diag_set(d, VG_EINVAL, "%s/%s: path too long", dir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        return vg_diag_set(d, -errno, "%s: %s", path, strerror(errno));
    int rc = w == TRUTH        ? vg_sim_write_truth(f, out)
             : w == DETECTIONS ? vg_sim_write_detections(f, &sc->site, out)
                               : vg_site_write_geojson(&sc->site, f);
    if (fclose(f) != 0 && rc == 0)
        rc = VG_EIO;
    if (rc < 0)
        return vg_diag_set(d, rc, "%s: %s", path, vg_strerror(rc));
    return 0;
}

int vg_sim_write(const struct vg_scenario *sc, const struct vg_sim_output *out, const char *dir,
                 struct vg_diag *d)
{
    int rc = make_dirs(dir);
    if (rc < 0)
        return vg_diag_set(d, rc, "%s: cannot create directory: %s", dir, vg_strerror(rc));
    if ((rc = write_file(sc, out, dir, "truth.jsonl", TRUTH, d)) < 0 ||
        (rc = write_file(sc, out, dir, "detections.jsonl", DETECTIONS, d)) < 0 ||
        (rc = write_file(sc, out, dir, "site.geojson", SITE, d)) < 0)
        return rc;
    return 0;
}
