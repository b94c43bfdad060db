/* SPDX-License-Identifier: MIT */
/* scenario_yaml.c — read and check a YAML scenario (docs/scenario.md) into struct vg_scenario.
 *
 * libyaml loads the file into a node tree (a scenario is a few hundred lines, read once);
 * each mapping is then checked against its table below — the tables are the schema, and
 * docs/scenario.md repeats their docs — and the checks that span fields follow: ids unique,
 * zones that exist, a band only for a link that emits, and every FPV's geometry built once
 * (sim/target_fpv.c) so that a run cannot fail on the scenario's content. The sensors'
 * tables and checks are in scenario_sensors.c, the aircraft's and hobby drones' in
 * scenario_vehicles.c; the site's effectors are read here, for site.geojson.
 * Every message reads "FILE:LINE: WHAT: reason" with the line of the offending key. */
#include "sim/scenario.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/scenario_yaml.h"
#include "sim/target.h"

#define FILE_MAX (16u << 20) /* a scenario file larger than 16 MiB is not a scenario */
#define OBJECTS_MAX 1000000  /* FPVs and birds together */
#define COORD_MAX VG__COORD_MAX

#define Y_NUM VG__Y_NUMF

/* ---- the schema ------------------------------------------------------------------------- */

struct top_in {
    char name[64];
    uint64_t seed;
    double duration_s;
};

static const struct vg__yfield top_fields[] = {
    {"name", VG__Y_TEXT, offsetof(struct top_in, name), VG__Y_REQUIRED, 0, 0, 0, NULL, 64,
     "scenario name, for messages and the summary"},
    {"seed", VG__Y_U64, offsetof(struct top_in, seed), VG__Y_REQUIRED, 0, 0, 0, NULL, 0,
     "random seed: the same seed gives byte-identical output"},
    Y_NUM("duration_s", struct top_in, duration_s, VG__Y_REQUIRED | VG__Y_GT, 0, 0, 86400,
          "simulated time from 0, s"),
    {"site", VG__Y_NODE, 0, VG__Y_REQUIRED, 0, 0, 0, NULL, 0, "origin and zones"},
    {"radars", VG__Y_NODE, 0, 0, 0, 0, 0, NULL, 0,
     "list of radars (a site may have none: passive sensors only)"},
    {"sensors", VG__Y_NODE, 0, 0, 0, 0, 0, NULL, 0,
     "list of RF direction finders, acoustic arrays, ADS-B and Remote ID receivers"},
    {"targets", VG__Y_NODE, 0, 0, 0, 0, 0, NULL, 0,
     "list of FPVs, bird flocks, aircraft and hobby drones"},
};
static const struct vg__ytable top_table = {top_fields, sizeof top_fields / sizeof *top_fields};

static const struct vg__yfield site_fields[] = {
    {"origin", VG__Y_NODE, 0, VG__Y_REQUIRED, 0, 0, 0, NULL, 0, "{lat, lon, h}: ENU origin"},
    {"zones", VG__Y_NODE, 0, 0, 0, 0, 0, NULL, 0, "list of protected zones"},
    {"effectors", VG__Y_NODE, 0, 0, 0, 0, 0, NULL, 0,
     "list of countermeasures: jammers, interceptors, nets ..."},
};
static const struct vg__ytable site_table = {site_fields, 3};

struct origin_in {
    double lat, lon, h;
};
static const struct vg__yfield origin_fields[] = {
    Y_NUM("lat", struct origin_in, lat, VG__Y_REQUIRED, 0, -90, 90, "WGS-84 latitude, deg"),
    Y_NUM("lon", struct origin_in, lon, VG__Y_REQUIRED, 0, -180, 180, "WGS-84 longitude, deg"),
    Y_NUM("h", struct origin_in, h, 0, 0, -1000, 10000, "ellipsoidal height, m"),
};
static const struct vg__ytable origin_table = {origin_fields, 3};

static const struct vg__yfield zone_fields[] = {
    {"id", VG__Y_ID, offsetof(struct vg_zone, id), VG__Y_REQUIRED, 0, 0, 0, NULL, 0,
     "unique zone id"},
    {"name", VG__Y_TEXT, offsetof(struct vg_zone, name), 0, 0, 0, 0, NULL, 64,
     "display name (default: the id)"},
    {"priority", VG__Y_INT, offsetof(struct vg_zone, priority), 0, 1, 1, 1000, NULL, 0,
     "1 = highest"},
    Y_NUM("floor_m", struct vg_zone, floor_m, 0, 0, -COORD_MAX, COORD_MAX,
          "bottom, m above the origin's height"),
    Y_NUM("ceiling_m", struct vg_zone, ceiling_m, VG__Y_REQUIRED, 0, -COORD_MAX, COORD_MAX,
          "top, m above the origin's height"),
    {"polygon", VG__Y_NODE, 0, VG__Y_REQUIRED, 0, 0, 0, NULL, 0,
     "at least 3 [e, n] vertices, ENU m, not closed"},
};
static const struct vg__ytable zone_table = {zone_fields, sizeof zone_fields / sizeof *zone_fields};

/* The effector types of formats.md (site.geojson's `type`), in that order. */
static const char *const effector_names[] = {"rf-jammer", "gnss-jammer", "interceptor", "gun",
                                             "laser", "net", NULL};

struct effector_in {
    struct vg_effector e;
    int type;
};

static const struct vg__yfield effector_fields[] = {
    {"id", VG__Y_ID, offsetof(struct effector_in, e.id), VG__Y_REQUIRED, 0, 0, 0, NULL, 0,
     "unique effector id, as named in alerts' advice"},
    {"type", VG__Y_ENUM, offsetof(struct effector_in, type), VG__Y_REQUIRED, 0, 0, 0,
     effector_names, 0, "rf-jammer, gnss-jammer, interceptor, gun, laser or net"},
    {"position", VG__Y_VEC3, offsetof(struct effector_in, e.pos), VG__Y_REQUIRED, 0, -COORD_MAX,
     COORD_MAX, NULL, 0, "[e, n, u] ENU m"},
    Y_NUM("range_m", struct effector_in, e.range_m, VG__Y_REQUIRED | VG__Y_GT, 0, 0, COORD_MAX,
          "effective range, m"),
};
static const struct vg__ytable effector_table = {effector_fields, 4};

enum { TARGET_FPV, TARGET_FLOCK, TARGET_AIRCRAFT, TARGET_HOBBY };
static const char *const target_names[] = {"fpv", "flock", "aircraft", "hobby", NULL};
static const char *const weave_names[] = {"none", "sine", "random", NULL};
/* In enum vg_link order; "none" (birds) is not a value an FPV may take. */
static const char *const link_names[] = {"analog-video", "elrs",       "dji-ocusync",
                                         "fibre",        "autonomous", NULL};
static const double link_band_mhz[] = {5800, 915, 2400};

double vg_link_band_mhz(int link)
{
    return vg_link_emits(link) ? link_band_mhz[link] : 0.0;
}

struct fpv_in {
    struct vg_sim_fpv f;
    int type;
};

static const struct vg__yfield weave_fields[] = {
    {"type", VG__Y_ENUM, offsetof(struct fpv_in, f.weave), 0, VG_WEAVE_SINE, 0, 0, weave_names,
     0, "none, sine, or random turns"},
    Y_NUM("amplitude_m", struct fpv_in, f.weave_amp_m, VG__Y_REQUIRED, 0, 0, 1000,
          "lateral offset amplitude A, m"),
    Y_NUM("period_s", struct fpv_in, f.weave_period_s, VG__Y_REQUIRED | VG__Y_GT, 8, 0, 1000,
          "weave period T, s: lateral acceleration <= A*(2*pi/T)^2"),
};
static const struct vg__ytable weave_table = {weave_fields,
                                              sizeof weave_fields / sizeof *weave_fields};

static const struct vg__yfield dive_fields[] = {
    Y_NUM("start_m", struct fpv_in, f.dive_start_m, VG__Y_REQUIRED | VG__Y_GT, 0, 0, COORD_MAX,
          "horizontal distance from the aim point where the dive begins, m"),
    Y_NUM("angle_deg", struct fpv_in, f.dive_angle_deg, VG__Y_REQUIRED | VG__Y_GT | VG__Y_LT, 0,
          0, 90, "flight-path angle below horizontal at impact, deg"),
};
static const struct vg__ytable dive_table = {dive_fields, 2};

static const struct vg__yfield fpv_fields[] = {
    {"type", VG__Y_ENUM, offsetof(struct fpv_in, type), VG__Y_REQUIRED, 0, 0, 0, target_names,
     0, "fpv"},
    {"id", VG__Y_ID, offsetof(struct fpv_in, f.id), VG__Y_REQUIRED, 0, 0, 0, NULL, 0,
     "object id in truth and detections"},
    {"hostile", VG__Y_BOOL, offsetof(struct fpv_in, f.hostile), 0, 1, 0, 0, NULL, 0,
     "an attacker (default true)"},
    Y_NUM("rcs_dbsm", struct fpv_in, f.rcs_dbsm, 0, -15, -100, 100,
          "mean radar cross-section, dBsm"),
    {"launch", VG__Y_VEC3, offsetof(struct fpv_in, f.launch), VG__Y_REQUIRED, 0, -COORD_MAX,
     COORD_MAX, NULL, 0, "launch point [e, n, u], ENU m"},
    Y_NUM("launch_s", struct fpv_in, f.launch_s, 0, 0, 0, 86400, "launch time, s"),
    Y_NUM("speed_mps", struct fpv_in, f.speed_mps, VG__Y_REQUIRED | VG__Y_GT, 0, 0, 150,
          "along-track cruise speed, m/s"),
    Y_NUM("height_m", struct fpv_in, f.height_m, VG__Y_REQUIRED | VG__Y_GT, 0, 0, 10000,
          "cruise height, ENU up m"),
    Y_NUM("climb_deg", struct fpv_in, f.climb_deg, VG__Y_GT, 20, 0, 80,
          "steepest climb angle after launch, deg"),
    {"zone", VG__Y_ID, offsetof(struct fpv_in, f.zone), 0, 0, 0, 0, NULL, 0,
     "target zone id: aim at its centroid on its floor (or give aim)"},
    {"aim", VG__Y_VEC3, offsetof(struct fpv_in, f.aim), 0, 0, -COORD_MAX, COORD_MAX, NULL, 0,
     "impact point [e, n, u], ENU m (or give zone)"},
    {"weave", VG__Y_MAP, 0, 0, 0, 0, 0, &weave_table, 0, "lateral weaving (default none)"},
    {"dive", VG__Y_MAP, 0, VG__Y_REQUIRED, 0, 0, 0, &dive_table, 0, "terminal dive"},
    Y_NUM("max_g", struct fpv_in, f.max_g, VG__Y_GT, 3, 0, 50,
          "acceleration limit the path must respect, g"),
    {"link", VG__Y_ENUM, offsetof(struct fpv_in, f.link), 0, VG_LINK_ANALOG_VIDEO, 0, 0,
     link_names, 0, "radio link: fibre and autonomous FPVs emit nothing an RF DF can see"},
    Y_NUM("band_mhz", struct fpv_in, f.band_mhz, VG__Y_GT, 0, 0, 100000,
          "carrier of an emitting link, MHz (default 5800, 915, 2400 by link)"),
};
static const struct vg__ytable fpv_table = {fpv_fields, sizeof fpv_fields / sizeof *fpv_fields};

struct flock_in {
    struct vg_sim_flock f;
    int type;
};

static const struct vg__yfield flock_fields[] = {
    {"type", VG__Y_ENUM, offsetof(struct flock_in, type), VG__Y_REQUIRED, 0, 0, 0, target_names,
     0, "flock"},
    {"id", VG__Y_ID, offsetof(struct flock_in, f.id), VG__Y_REQUIRED, 0, 0, 0, NULL, 0,
     "flock name for messages; birds are bird-1, bird-2, ..."},
    {"hostile", VG__Y_BOOL, offsetof(struct flock_in, f.hostile), 0, 0, 0, 0, NULL, 0,
     "default false"},
    Y_NUM("rcs_dbsm", struct flock_in, f.rcs_dbsm, 0, -25, -100, 100,
          "mean radar cross-section of one bird, dBsm"),
    {"count", VG__Y_INT, offsetof(struct flock_in, f.count), VG__Y_REQUIRED, 0, 1, OBJECTS_MAX,
     NULL, 0, "birds in the flock"},
    {"centre", VG__Y_VEC2, offsetof(struct flock_in, f.centre), VG__Y_REQUIRED, 0, -COORD_MAX,
     COORD_MAX, NULL, 0, "flock centre at t = 0, [e, n] ENU m"},
    Y_NUM("radius_m", struct flock_in, f.radius_m, VG__Y_REQUIRED | VG__Y_GT, 0, 0, 1e4,
          "birds stay within this of the flock centre, m"),
    {"height_m", VG__Y_VEC2, offsetof(struct flock_in, f.height_m),
     VG__Y_REQUIRED | VG__Y_ORDERED, 0, 0, 1e4, NULL, 0, "[low, high] flight heights, ENU up m"},
    {"speed_mps", VG__Y_VEC2, offsetof(struct flock_in, f.speed_mps),
     VG__Y_REQUIRED | VG__Y_ORDERED | VG__Y_GT, 0, 0, 100, NULL, 0,
     "[low, high]: every bird's speed stays in this band, m/s"},
    Y_NUM("heading_deg", struct flock_in, f.heading_deg, 0, 0, 0, 360,
          "mean drift direction, clockwise from north, deg"),
};
static const struct vg__ytable flock_table = {flock_fields,
                                              sizeof flock_fields / sizeof *flock_fields};

/* ---- reading ---------------------------------------------------------------------------- */

/* Area centroid of a polygon (shoelace): C = Σ (p_i + p_i+1)·cross_i / (6A). */
static void centroid(const struct vg_zone *z, double *e, double *n)
{
    double a = 0.0, cx = 0.0, cy = 0.0;
    for (size_t i = 0, j = z->npts - 1; i < z->npts; j = i++) {
        const double *p = &z->pts[2 * j], *q = &z->pts[2 * i];
        double cr = p[0] * q[1] - q[0] * p[1];
        a += cr;
        cx += (p[0] + q[0]) * cr;
        cy += (p[1] + q[1]) * cr;
    }
    *e = cx / (3.0 * a);
    *n = cy / (3.0 * a);
}

static int load_zone(const struct vg__yctx *c, yaml_node_t *map, struct vg_site *site)
{
    struct vg_zone *z = &site->zones[site->nzones];
    memset(z, 0, sizeof *z);
    vg__y_defaults(&zone_table, z);
    struct vg__yseen seen;
    int rc = vg__y_map(c, map, &zone_table, z, &seen);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < site->nzones; i++)
        if (strcmp(site->zones[i].id, z->id) == 0)
            return vg__y_fail(c, vg__y_line(map), VG_EEXIST, "duplicate zone id");
    if (!(seen.bits & (1ull << vg__y_index(&zone_table, "name"))))
        memcpy(z->name, z->id, sizeof z->id);
    if (!(z->ceiling_m > z->floor_m))
        return vg__y_fail(c, seen.line[vg__y_index(&zone_table, "ceiling_m")], VG_ERANGE,
                          "'ceiling_m' %g must be above 'floor_m' %g", z->ceiling_m, z->floor_m);
    yaml_node_t *poly = seen.node[vg__y_index(&zone_table, "polygon")];
    if (poly->type != YAML_SEQUENCE_NODE || vg__y_seq_len(poly) < 3 || vg__y_seq_len(poly) > 100000)
        return vg__y_fail(c, vg__y_line(poly), VG_EPARSE,
                          "'polygon' must be a list of 3 or more [e, n] vertices");
    size_t n = vg__y_seq_len(poly);
    double *pts = malloc(2 * n * sizeof *pts);
    if (!pts)
        return vg__y_fail(c, vg__y_line(poly), VG_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++)
        if ((rc = vg__y_vec(c, vg__y_item(c, poly, i), "polygon", 2, -COORD_MAX, COORD_MAX,
                            &pts[2 * i])) < 0) {
            free(pts);
            return rc;
        }
    z->pts = pts;
    z->npts = n;
    double area2 = 0.0;
    for (size_t i = 0, j = n - 1; i < n; j = i++)
        area2 += pts[2 * j] * pts[2 * i + 1] - pts[2 * i] * pts[2 * j + 1];
    site->nzones++; /* owned by the site from here, freed with it */
    if (area2 == 0.0)
        return vg__y_fail(c, vg__y_line(poly), VG_EPARSE, "'polygon' has zero area");
    return 0;
}

/* `site.effectors`: written to site.geojson (vg_site_write_geojson) for the assessor's
 * advice; the simulator does not fire them. */
static int load_effectors(const struct vg__yctx *c, yaml_node_t *list, struct vg_site *site)
{
    int rc = vg__y_need_list(c, list, "effectors");
    if (rc < 0)
        return rc;
    size_t n = vg__y_seq_len(list);
    site->effectors = calloc(n ? n : 1, sizeof *site->effectors);
    if (!site->effectors)
        return vg__y_fail(c, vg__y_line(list), VG_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *map = vg__y_item(c, list, i);
        struct vg__yctx ec = vg__y_entry_ctx(c, map, "effector", i);
        struct effector_in in;
        memset(&in, 0, sizeof in);
        vg__y_defaults(&effector_table, &in);
        if ((rc = vg__y_map(&ec, map, &effector_table, &in, NULL)) < 0)
            return rc;
        for (size_t k = 0; k < site->neffectors; k++)
            if (strcmp(site->effectors[k].id, in.e.id) == 0)
                return vg__y_fail(&ec, vg__y_line(map), VG_EEXIST, "duplicate effector id");
        snprintf(in.e.type, sizeof in.e.type, "%s", effector_names[in.type]);
        vg_enu_to_geo(&site->frame, in.e.pos, &in.e.lat_deg, &in.e.lon_deg, &in.e.h_m);
        site->effectors[site->neffectors++] = in.e;
    }
    return 0;
}

static int load_site(const struct vg__yctx *c, yaml_node_t *node, struct vg_site *site)
{
    struct vg__yctx sc = *c;
    snprintf(sc.what, sizeof sc.what, "site");
    struct vg__yseen seen;
    int rc = vg__y_map(&sc, node, &site_table, NULL, &seen);
    if (rc < 0)
        return rc;
    struct origin_in o;
    vg__y_defaults(&origin_table, &o);
    yaml_node_t *on = seen.node[0];
    snprintf(sc.what, sizeof sc.what, "site origin");
    if ((rc = vg__y_map(&sc, on, &origin_table, &o, NULL)) < 0)
        return rc;
    if (vg_enu_frame_init(&site->frame, o.lat, o.lon, o.h) < 0)
        return vg__y_fail(&sc, vg__y_line(on), VG_ERANGE, "not a valid WGS-84 point");
    yaml_node_t *zones = seen.node[1];
    snprintf(sc.what, sizeof sc.what, "site");
    if (zones && (rc = vg__y_need_list(&sc, zones, "zones")) < 0)
        return rc;
    size_t n = zones ? vg__y_seq_len(zones) : 0;
    site->zones = calloc(n ? n : 1, sizeof *site->zones);
    if (!site->zones)
        return vg__y_fail(c, vg__y_line(node), VG_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *zn = vg__y_item(c, zones, i);
        struct vg__yctx zc = vg__y_entry_ctx(c, zn, "zone", i);
        if ((rc = load_zone(&zc, zn, site)) < 0)
            return rc;
    }
    yaml_node_t *effectors = seen.node[2];
    return effectors ? load_effectors(&sc, effectors, site) : 0;
}

static int load_fpv(const struct vg__yctx *c, yaml_node_t *map, struct vg_scenario *sc)
{
    struct fpv_in in;
    memset(&in, 0, sizeof in);
    vg__y_defaults(&fpv_table, &in);
    struct vg__yseen seen;
    int rc = vg__y_map(c, map, &fpv_table, &in, &seen);
    if (rc < 0)
        return rc;
    struct vg_sim_fpv *f = &in.f;
    if (!(seen.bits & (1ull << vg__y_index(&fpv_table, "weave"))))
        f->weave = VG_WEAVE_NONE;
    int i_zone = vg__y_index(&fpv_table, "zone"), i_aim = vg__y_index(&fpv_table, "aim");
    int has_zone = (seen.bits >> i_zone) & 1, has_aim = (seen.bits >> i_aim) & 1;
    if (has_zone == has_aim)
        return vg__y_fail(c, has_zone ? seen.line[i_aim > i_zone ? i_aim : i_zone]
                                      : vg__y_line(map),
                          VG_EINVAL, "give the target as 'zone' or 'aim', %s",
                          has_zone ? "not both" : "one of them is missing");
    if (has_zone) {
        const struct vg_zone *z = NULL;
        for (size_t i = 0; i < sc->site.nzones; i++)
            if (strcmp(sc->site.zones[i].id, f->zone) == 0)
                z = &sc->site.zones[i];
        if (!z)
            return vg__y_fail(c, seen.line[i_zone], VG_EINVAL, "unknown zone '%s'", f->zone);
        centroid(z, &f->aim[0], &f->aim[1]);
        f->aim[2] = z->floor_m;
    }
    for (size_t i = 0; i < sc->nfpvs; i++)
        if (strcmp(sc->fpvs[i].id, f->id) == 0)
            return vg__y_fail(c, vg__y_line(map), VG_EEXIST, "duplicate fpv id");
    int i_band = vg__y_index(&fpv_table, "band_mhz");
    if (((seen.bits >> i_band) & 1) && !vg_link_emits(f->link))
        return vg__y_fail(c, seen.line[i_band], VG_EINVAL,
                          "'band_mhz' given for a '%s' link, which emits nothing",
                          vg_link_name(f->link));
    if (!((seen.bits >> i_band) & 1))
        f->band_mhz = vg_link_band_mhz(f->link);
    f->line = vg__y_line(map);
    struct vg_fpv_path path;
    struct vg_diag why;
    if ((rc = vg_fpv_path_init(&path, f, 0, &why)) < 0)
        return vg__y_fail(c, vg__y_line(map), rc, "%s", why.msg);
    sc->fpvs[sc->nfpvs++] = *f;
    return 0;
}

static int load_flock(const struct vg__yctx *c, yaml_node_t *map, struct vg_scenario *sc,
                      size_t *nbirds)
{
    struct flock_in in;
    memset(&in, 0, sizeof in);
    vg__y_defaults(&flock_table, &in);
    int rc = vg__y_map(c, map, &flock_table, &in, NULL);
    if (rc < 0)
        return rc;
    if (*nbirds + sc->nfpvs + (size_t)in.f.count > OBJECTS_MAX)
        return vg__y_fail(c, vg__y_line(map), VG_ERANGE, "more than %d objects in the scenario",
                          OBJECTS_MAX);
    *nbirds += (size_t)in.f.count;
    in.f.line = vg__y_line(map);
    sc->flocks[sc->nflocks++] = in.f;
    return 0;
}

/* An object id (an FPV's, an aircraft's or a hobby drone's) must be unique among them, and
 * "bird-N" names every bird, so none may take one of those names. */
static int check_id(const struct vg__yctx *c, const struct vg_scenario *sc, size_t nbirds,
                    const char *what, const char *id, int line)
{
    char *end;
    unsigned long k = strncmp(id, "bird-", 5) == 0 && id[5] >= '1' && id[5] <= '9'
                          ? strtoul(id + 5, &end, 10)
                          : 0;
    if (k > 0 && *end == '\0' && k <= nbirds)
        return vg__y_fail(c, line, VG_EEXIST,
                          "%s '%s': the id is taken by a bird (birds are bird-1..bird-%zu)", what,
                          id, nbirds);
    int before = 0; /* entries with this id earlier in the file: the later one is wrong */
    for (size_t i = 0; i < sc->nfpvs; i++)
        before += strcmp(sc->fpvs[i].id, id) == 0 && sc->fpvs[i].line < line;
    for (size_t i = 0; i < sc->naircraft; i++)
        before += strcmp(sc->aircraft[i].id, id) == 0 && sc->aircraft[i].line < line;
    for (size_t i = 0; i < sc->nhobbies; i++)
        before += strcmp(sc->hobbies[i].id, id) == 0 && sc->hobbies[i].line < line;
    if (before)
        return vg__y_fail(c, line, VG_EEXIST, "%s '%s': duplicate object id", what, id);
    return 0;
}

static int check_names(const struct vg__yctx *c, const struct vg_scenario *sc, size_t nbirds)
{
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < sc->nfpvs; i++)
        rc = check_id(c, sc, nbirds, "fpv", sc->fpvs[i].id, sc->fpvs[i].line);
    for (size_t i = 0; rc == 0 && i < sc->naircraft; i++)
        rc = check_id(c, sc, nbirds, "aircraft", sc->aircraft[i].id, sc->aircraft[i].line);
    for (size_t i = 0; rc == 0 && i < sc->nhobbies; i++)
        rc = check_id(c, sc, nbirds, "hobby", sc->hobbies[i].id, sc->hobbies[i].line);
    return rc;
}

static int load_targets(const struct vg__yctx *c, yaml_node_t *list, struct vg_scenario *sc)
{
    int rc = vg__y_need_list(c, list, "targets");
    if (rc < 0)
        return rc;
    size_t n = vg__y_seq_len(list), nbirds = 0;
    sc->fpvs = calloc(n ? n : 1, sizeof *sc->fpvs);
    sc->flocks = calloc(n ? n : 1, sizeof *sc->flocks);
    sc->aircraft = calloc(n ? n : 1, sizeof *sc->aircraft);
    sc->hobbies = calloc(n ? n : 1, sizeof *sc->hobbies);
    if (!sc->fpvs || !sc->flocks || !sc->aircraft || !sc->hobbies)
        return vg__y_fail(c, vg__y_line(list), VG_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *map = vg__y_item(c, list, i);
        struct vg__yctx tc = vg__y_entry_ctx(c, map, "target", i);
        yaml_node_t *tn = vg__y_get(c->doc, map, "type");
        int type = -1;
        if (map->type != YAML_MAPPING_NODE)
            return vg__y_fail(&tc, vg__y_line(map), VG_EPARSE, "must be a mapping (key: value)");
        if (!tn)
            return vg__y_fail(&tc, vg__y_line(map), VG_EPARSE,
                              "missing 'type' (fpv, flock, aircraft or hobby)");
        for (int k = 0; target_names[k]; k++)
            if (vg__y_scalar(tn) && strcmp(vg__y_scalar(tn), target_names[k]) == 0)
                type = k;
        if (type < 0)
            return vg__y_fail(&tc, vg__y_line(tn), VG_EPARSE,
                              "'type' must be one of fpv, flock, aircraft, hobby");
        tc = vg__y_entry_ctx(c, map, target_names[type], i);
        rc = type == TARGET_FPV        ? load_fpv(&tc, map, sc)
             : type == TARGET_FLOCK    ? load_flock(&tc, map, sc, &nbirds)
             : type == TARGET_AIRCRAFT ? vg__load_aircraft(&tc, map, sc)
                                       : vg__load_hobby(&tc, map, sc);
        if (rc < 0)
            return rc;
        if (nbirds + sc->nfpvs + sc->naircraft + sc->nhobbies > OBJECTS_MAX)
            return vg__y_fail(&tc, vg__y_line(map), VG_ERANGE,
                              "more than %d objects in the scenario", OBJECTS_MAX);
    }
    return check_names(c, sc, nbirds);
}

static int load_root(const struct vg__yctx *c, yaml_node_t *root, struct vg_scenario *sc)
{
    struct top_in top;
    memset(&top, 0, sizeof top);
    struct vg__yseen seen;
    int rc = vg__y_map(c, root, &top_table, &top, &seen);
    if (rc < 0)
        return rc;
    memcpy(sc->name, top.name, sizeof sc->name);
    sc->seed = top.seed;
    sc->duration_s = top.duration_s;
    yaml_node_t *radars = seen.node[vg__y_index(&top_table, "radars")];
    if ((rc = load_site(c, seen.node[vg__y_index(&top_table, "site")], &sc->site)) < 0 ||
        (radars && (rc = vg__load_radars(c, radars, sc)) < 0))
        return rc;
    yaml_node_t *sensors = seen.node[vg__y_index(&top_table, "sensors")];
    if (sensors && (rc = vg__load_sensors(c, sensors, sc)) < 0)
        return rc;
    if (sc->site.nsensors == 0)
        return vg__y_fail(c, vg__y_line(root), VG_EPARSE,
                          "no sensor: give 'radars' or 'sensors' (or both)");
    yaml_node_t *targets = seen.node[vg__y_index(&top_table, "targets")];
    return targets ? load_targets(c, targets, sc) : 0;
}

/* ---- entry points ----------------------------------------------------------------------- */

void vg_scenario_init(struct vg_scenario *sc)
{
    memset(sc, 0, sizeof *sc);
    vg_site_init(&sc->site);
}

void vg_scenario_fini(struct vg_scenario *sc)
{
    vg_site_fini(&sc->site);
    free(sc->radars);
    free(sc->bearing_sensors);
    free(sc->coop_receivers);
    free(sc->fpvs);
    free(sc->flocks);
    free(sc->aircraft);
    free(sc->hobbies);
    memset(sc, 0, sizeof *sc);
}

int vg_scenario_parse(struct vg_scenario *sc, const char *name, const char *text, size_t len,
                      struct vg_diag *d)
{
    yaml_parser_t parser;
    yaml_document_t doc;
    if (!yaml_parser_initialize(&parser))
        return vg_diag_set(d, VG_ENOMEM, "%s: out of memory", name);
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    if (!yaml_parser_load(&parser, &doc)) {
        int rc = parser.error == YAML_MEMORY_ERROR ? VG_ENOMEM : VG_EPARSE;
        if (parser.context)
            vg_diag_set(d, rc, "%s:%zu: YAML syntax: %s (%s, line %zu)", name,
                        parser.problem_mark.line + 1, parser.problem ? parser.problem : "error",
                        parser.context, parser.context_mark.line + 1);
        else
            vg_diag_set(d, rc, "%s:%zu: YAML syntax: %s", name, parser.problem_mark.line + 1,
                        parser.problem ? parser.problem : "error");
        yaml_parser_delete(&parser);
        return rc;
    }
    struct vg__yctx c = {.file = name, .doc = &doc, .d = d};
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    struct vg_scenario tmp;
    vg_scenario_init(&tmp);
    int rc = root ? load_root(&c, root, &tmp)
                  : vg_diag_set(d, VG_EPARSE, "%s:1: the scenario is empty", name);
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    if (rc < 0) {
        vg_scenario_fini(&tmp);
        return rc;
    }
    *sc = tmp;
    return 0;
}

int vg_scenario_load(struct vg_scenario *sc, const char *path, struct vg_diag *d)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return vg_diag_set(d, -errno, "%s: %s", path, strerror(errno));
    char *buf = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    for (;;) {
        if (n == cap) {
            char *p = cap < FILE_MAX ? realloc(buf, cap ? 2 * cap : 65536) : NULL;
            if (!p) {
                rc = cap < FILE_MAX ? VG_ENOMEM : VG_ERANGE;
                break;
            }
            buf = p;
            cap = cap ? 2 * cap : 65536;
        }
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
    }
    if (rc == 0 && ferror(f))
        rc = errno ? -errno : VG_EIO; /* EISDIR for a directory */
    fclose(f);
    if (rc == 0)
        rc = vg_scenario_parse(sc, path, buf, n, d);
    else
        vg_diag_set(d, rc, "%s: %s", path,
                    rc == VG_ERANGE ? "larger than 16 MiB: not a scenario" : vg_strerror(rc));
    free(buf);
    return rc;
}
