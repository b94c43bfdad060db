/* SPDX-License-Identifier: MIT */
/* site.c — the site table: load and write site.geojson, look up and add sensors.
 *
 * A site file is small (tens to hundreds of features) and read once at start, so it is parsed
 * with jansson into a tree and checked field by field; what is hot later (sensor lookup by
 * index, zone vertices in ENU metres) is laid out in plain arrays. Every value is checked
 * before use: JSON type, finite numbers, lat/lon ranges, id length and uniqueness, polygons
 * with at least three vertices and an area of at least 1 m² (not a sliver). Messages name the feature by its index
 * in "features" and its id. The loader builds a separate site and hands it over only on
 * success, so a failed load leaves the caller's site as it was.
 *
 * Format: formats.md "Site" (RFC 7946 FeatureCollection plus the foreign member "origin"). */
#include "base/site.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define H_MAX_M 1e6    /* |ellipsoidal height| accepted in a file: anything beyond is garbage */
#define DIST_MAX_M 1e6 /* farthest position from the origin: a site is a local frame, and an
                        * ENU plane 1000 km across is already far from the ground */

static const char *const type_names[VG_SENSOR_TYPE_COUNT] = {
    "unknown", "radar", "rf", "acoustic", "eo", "adsb", "remoteid",
};

const char *vg_sensor_type_name(int type)
{
    return type >= 0 && type < VG_SENSOR_TYPE_COUNT ? type_names[type] : "?";
}

int vg_sensor_type_from_name(const char *name)
{
    for (int i = 0; i < VG_SENSOR_TYPE_COUNT; i++)
        if (strcmp(type_names[i], name) == 0)
            return i;
    return -1;
}

void vg_site_init(struct vg_site *s)
{
    memset(s, 0, sizeof *s);
    vg_enu_frame_init(&s->frame, 0.0, 0.0, 0.0);
}

void vg_site_fini(struct vg_site *s)
{
    free(s->sensors);
    for (size_t i = 0; s->zones && i < s->nzones; i++)
        free(s->zones[i].pts);
    free(s->zones);
    free(s->effectors);
    memset(s, 0, sizeof *s);
}

int vg_site_find_sensor(const struct vg_site *s, const char *id)
{
    for (size_t i = 0; i < s->nsensors; i++)
        if (strcmp(s->sensors[i].id, id) == 0)
            return (int)i;
    return -1;
}

int vg_site_add_sensor(struct vg_site *s, const struct vg_sensor *sen)
{
    if (!memchr(sen->id, '\0', sizeof sen->id) || sen->id[0] == '\0' || sen->type < 0 ||
        sen->type >= VG_SENSOR_TYPE_COUNT)
        return VG_EINVAL;
    if (vg_site_find_sensor(s, sen->id) >= 0)
        return VG_EEXIST;
    if (s->nsensors >= INT32_MAX)
        return VG_EFULL;
    if (s->nsensors == s->sensors_cap) {
        size_t cap = s->sensors_cap ? 2 * s->sensors_cap : 8;
        struct vg_sensor *p = realloc(s->sensors, cap * sizeof *p);
        if (!p)
            return VG_ENOMEM;
        s->sensors = p;
        s->sensors_cap = cap;
    }
    s->sensors[s->nsensors] = *sen;
    return (int)s->nsensors++;
}

/* ---- loading ---------------------------------------------------------------------------- */

/* Where we are in the file, for messages. */
struct ctx {
    const char *name;   /* file name as given */
    long feature;       /* index in "features", or -1 at the top level */
    const char *id;     /* the feature's id once known, else NULL */
    struct vg_diag *d;
};

static int fail(const struct ctx *c, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(const struct ctx *c, int rc, const char *fmt, ...)
{
    char why[VG_DIAG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    if (c->feature < 0)
        return vg_diag_set(c->d, rc, "%s: %s", c->name, why);
    if (c->id)
        return vg_diag_set(c->d, rc, "%s: feature %ld (id '%s'): %s", c->name, c->feature,
                           c->id, why);
    return vg_diag_set(c->d, rc, "%s: feature %ld: %s", c->name, c->feature, why);
}

/* A number property in [lo, hi]. Absent or null: 0 and *out untouched, or an error if
 * required. */
static int get_num(const struct ctx *c, const json_t *obj, const char *key, int required,
                   double lo, double hi, double *out)
{
    const json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v))
        return required ? fail(c, VG_EPARSE, "'%s' is missing", key) : 0;
    if (!json_is_number(v))
        return fail(c, VG_EPARSE, "'%s' is not a number", key);
    double x = json_number_value(v);
    if (!isfinite(x) || x < lo || x > hi)
        return fail(c, VG_ERANGE, "'%s' = %.17g is outside [%g, %g]", key, x, lo, hi);
    *out = x;
    return 0;
}

/* A string property of 1..cap-1 bytes without control characters. */
static int get_str(const struct ctx *c, const json_t *obj, const char *key, int required,
                   char *out, size_t cap)
{
    const json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v))
        return required ? fail(c, VG_EPARSE, "'%s' is missing", key) : 0;
    if (!json_is_string(v))
        return fail(c, VG_EPARSE, "'%s' is not a string", key);
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    if (n == 0)
        return fail(c, VG_EPARSE, "'%s' is empty", key);
    if (n >= cap)
        return fail(c, VG_ERANGE, "'%s' is longer than %zu bytes", key, cap - 1);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return fail(c, VG_EPARSE, "'%s' contains control characters", key);
    memcpy(out, s, n + 1);
    return 0;
}

/* A GeoJSON position [lon, lat] or [lon, lat, h]; *h is left alone when absent. */
static int get_position(const struct ctx *c, const json_t *pos, const char *what, double *lon,
                        double *lat, double *h)
{
    size_t n = json_array_size(pos);
    if (!json_is_array(pos) || n < 2 || n > 3)
        return fail(c, VG_EPARSE, "%s is not a position [lon, lat] or [lon, lat, h]", what);
    double v[3];
    for (size_t i = 0; i < n; i++) {
        const json_t *x = json_array_get(pos, i);
        if (!json_is_number(x))
            return fail(c, VG_EPARSE, "%s holds a value that is not a number", what);
        v[i] = json_number_value(x);
        if (!isfinite(v[i]))
            return fail(c, VG_ERANGE, "%s holds a value that is not finite", what);
    }
    if (v[0] < -180.0 || v[0] > 180.0)
        return fail(c, VG_ERANGE, "%s: longitude %.17g is outside [-180, 180]", what, v[0]);
    if (v[1] < -90.0 || v[1] > 90.0)
        return fail(c, VG_ERANGE, "%s: latitude %.17g is outside [-90, 90]", what, v[1]);
    if (n == 3 && fabs(v[2]) > H_MAX_M)
        return fail(c, VG_ERANGE, "%s: height %.17g m is outside [-%g, %g]", what, v[2],
                    H_MAX_M, H_MAX_M);
    *lon = v[0];
    *lat = v[1];
    if (n == 3)
        *h = v[2];
    return 0;
}

/* The feature's geometry, which must be of type gtype; returns its "coordinates". */
static int get_geometry(const struct ctx *c, const json_t *feat, const char *gtype,
                        const json_t **coords)
{
    const json_t *g = json_object_get(feat, "geometry");
    if (!json_is_object(g))
        return fail(c, VG_EPARSE, "'geometry' is missing or not an object");
    const char *t = json_string_value(json_object_get(g, "type"));
    if (!t || strcmp(t, gtype) != 0)
        return fail(c, VG_EPARSE, "geometry is not a %s", gtype);
    *coords = json_object_get(g, "coordinates");
    return 0;
}

static int check_distance(const struct ctx *c, const double enu[3], const char *what)
{
    double r = sqrt(enu[0] * enu[0] + enu[1] * enu[1] + enu[2] * enu[2]);
    if (!(r <= DIST_MAX_M))
        return fail(c, VG_ERANGE, "%s is %.0f km from the origin (at most %.0f)", what,
                    r / 1e3, DIST_MAX_M / 1e3);
    return 0;
}

/* A Point's position: geodetic as given (h defaults to the origin's), and in ENU. */
static int get_point(const struct ctx *c, const json_t *feat, const struct vg_enu_frame *f,
                     double *lat, double *lon, double *h, double enu[3])
{
    const json_t *coords = NULL;
    int rc = get_geometry(c, feat, "Point", &coords);
    if (rc < 0)
        return rc;
    *h = f->h0_m;
    if ((rc = get_position(c, coords, "Point coordinates", lon, lat, h)) < 0)
        return rc;
    vg_enu_from_geo(f, *lat, *lon, *h, enu);
    return check_distance(c, enu, "Point");
}

static int load_sensor(const struct ctx *c, struct vg_site *s, const json_t *feat,
                       const json_t *props)
{
    struct vg_sensor sen = {.declared = 1};
    int rc = get_str(c, props, "id", 1, sen.id, sizeof sen.id);
    if (rc < 0)
        return rc;
    struct ctx cc = *c;
    cc.id = sen.id;
    char type[16] = "unknown";
    if ((rc = get_str(&cc, props, "type", 0, type, sizeof type)) < 0)
        return rc;
    if ((sen.type = vg_sensor_type_from_name(type)) < 0)
        return fail(&cc, VG_EPARSE, "unknown sensor type '%s'", type);
    if ((rc = get_num(&cc, props, "range_m", 0, 0.0, 1e9, &sen.range_m)) < 0 ||
        (rc = get_num(&cc, props, "rate_hz", 0, 0.0, 1e9, &sen.rate_hz)) < 0 ||
        (rc = get_num(&cc, props, "bias_range_m", 0, -1e4, 1e4, &sen.bias_range_m)) < 0 ||
        (rc = get_num(&cc, props, "bias_az_deg", 0, -180.0, 180.0, &sen.bias_az_deg)) < 0 ||
        (rc = get_num(&cc, props, "bias_el_deg", 0, -90.0, 90.0, &sen.bias_el_deg)) < 0)
        return rc;
    const json_t *fov = json_object_get(props, "fov");
    if (fov && !json_is_null(fov)) {
        if (!json_is_array(fov) || json_array_size(fov) != 2)
            return fail(&cc, VG_EPARSE, "'fov' is not [az_from, az_to]");
        for (size_t i = 0; i < 2; i++) {
            const json_t *x = json_array_get(fov, i);
            double v = json_number_value(x);
            if (!json_is_number(x) || !isfinite(v) || v < -360.0 || v > 360.0)
                return fail(&cc, VG_ERANGE, "'fov' holds a value that is not in [-360, 360]");
            sen.fov_deg[i] = v;
        }
    }
    if ((rc = get_point(&cc, feat, &s->frame, &sen.lat_deg, &sen.lon_deg, &sen.h_m,
                        sen.pos)) < 0)
        return rc;
    rc = vg_site_add_sensor(s, &sen);
    if (rc == VG_EEXIST)
        return fail(&cc, rc, "duplicate sensor id");
    return rc < 0 ? fail(&cc, rc, "%s", vg_strerror(rc)) : 0;
}

static int load_effector(const struct ctx *c, struct vg_site *s, const json_t *feat,
                         const json_t *props)
{
    struct vg_effector *e = &s->effectors[s->neffectors];
    memset(e, 0, sizeof *e);
    int rc = get_str(c, props, "id", 1, e->id, sizeof e->id);
    if (rc < 0)
        return rc;
    struct ctx cc = *c;
    cc.id = e->id;
    for (size_t i = 0; i < s->neffectors; i++)
        if (strcmp(s->effectors[i].id, e->id) == 0)
            return fail(&cc, VG_EEXIST, "duplicate effector id");
    if ((rc = get_str(&cc, props, "type", 1, e->type, sizeof e->type)) < 0 ||
        (rc = get_num(&cc, props, "range_m", 1, 0.0, 1e9, &e->range_m)) < 0 ||
        (rc = get_point(&cc, feat, &s->frame, &e->lat_deg, &e->lon_deg, &e->h_m, e->pos)) < 0)
        return rc;
    s->neffectors++;
    return 0;
}

/* True if a ring of n [e, n] vertices encloses no area: twice its signed area (shoelace
 * formula) is below 1e-9 of its bounding box's squared diagonal, i.e. rounding noise of
 * collinear points. */
static int ring_is_flat(const double *p, size_t n)
{
    double a = 0.0, lo[2] = {p[0], p[1]}, hi[2] = {p[0], p[1]};
    for (size_t i = 0, j = n - 1; i < n; j = i++) {
        a += p[2 * j] * p[2 * i + 1] - p[2 * i] * p[2 * j + 1];
        for (int k = 0; k < 2; k++) {
            lo[k] = fmin(lo[k], p[2 * i + k]);
            hi[k] = fmax(hi[k], p[2 * i + k]);
        }
    }
    /* Flat: less than 1 m² (a is twice the area), or a sliver thinner than a millionth of
     * its extent. Both margins are far above what the geodetic round trip moves a vertex
     * (nanometres), so a zone that loads also loads again after vg_site_write_geojson
     * (a fuzzer find, 2026-11-21: a 1e-9-relative sliver that the rewrite flattened). */
    double de = hi[0] - lo[0], dn = hi[1] - lo[1];
    return fabs(a) < 2.0 || fabs(a) <= 1e-6 * (de * de + dn * dn);
}

static int load_zone(const struct ctx *c, struct vg_site *s, const json_t *feat,
                     const json_t *props)
{
    struct vg_zone *z = &s->zones[s->nzones];
    memset(z, 0, sizeof *z);
    int rc = get_str(c, props, "id", 1, z->id, sizeof z->id);
    if (rc < 0)
        return rc;
    struct ctx cc = *c;
    cc.id = z->id;
    for (size_t i = 0; i < s->nzones; i++)
        if (strcmp(s->zones[i].id, z->id) == 0)
            return fail(&cc, VG_EEXIST, "duplicate zone id");
    memcpy(z->name, z->id, sizeof z->id); /* name defaults to the id */
    double prio = 1.0;
    if ((rc = get_str(&cc, props, "name", 0, z->name, sizeof z->name)) < 0 ||
        (rc = get_num(&cc, props, "floor_m", 0, -H_MAX_M, H_MAX_M, &z->floor_m)) < 0 ||
        (rc = get_num(&cc, props, "ceiling_m", 1, -H_MAX_M, H_MAX_M, &z->ceiling_m)) < 0 ||
        (rc = get_num(&cc, props, "priority", 0, 1.0, 1000.0, &prio)) < 0)
        return rc;
    if (z->ceiling_m <= z->floor_m)
        return fail(&cc, VG_ERANGE, "'ceiling_m' %g is not above 'floor_m' %g", z->ceiling_m,
                    z->floor_m);
    if (prio != floor(prio))
        return fail(&cc, VG_EPARSE, "'priority' %g is not an integer", prio);
    z->priority = (int)prio;

    const json_t *rings;
    if ((rc = get_geometry(&cc, feat, "Polygon", &rings)) < 0)
        return rc;
    if (!json_is_array(rings) || json_array_size(rings) == 0)
        return fail(&cc, VG_EPARSE, "Polygon coordinates are not an array of rings");
    if (json_array_size(rings) > 1)
        return fail(&cc, VG_EUNSUPPORTED, "Polygon has holes, which Vigil does not support");
    const json_t *ring = json_array_get(rings, 0);
    size_t n = json_array_size(ring);
    if (!json_is_array(ring) || n < 3)
        return fail(&cc, VG_EPARSE, "Polygon ring has fewer than 3 vertices");
    double *pts = malloc(n * 2 * sizeof *pts);
    if (!pts)
        return fail(&cc, VG_ENOMEM, "out of memory");
    double lon0 = 0, lat0 = 0;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        double lon, lat, h = s->frame.h0_m, enu[3];
        char what[48];
        snprintf(what, sizeof what, "Polygon vertex %zu", i);
        if ((rc = get_position(&cc, json_array_get(ring, i), what, &lon, &lat, &h)) < 0) {
            free(pts);
            return rc;
        }
        if (i == 0) {
            lon0 = lon;
            lat0 = lat;
        } else if (i == n - 1 && lon == lon0 && lat == lat0) {
            break; /* the closing vertex RFC 7946 repeats */
        }
        /* The polygon lies at the origin's height: floor and ceiling are relative to it. */
        vg_enu_from_geo(&s->frame, lat, lon, s->frame.h0_m, enu);
        if ((rc = check_distance(&cc, enu, what)) < 0) {
            free(pts);
            return rc;
        }
        pts[2 * m] = enu[0];
        pts[2 * m + 1] = enu[1];
        m++;
    }
    if (m < 3 || ring_is_flat(pts, m)) {
        free(pts);
        return fail(&cc, VG_EPARSE, m < 3 ? "Polygon ring has fewer than 3 distinct vertices"
                                          : "Polygon has zero area (under 1 m², or a sliver)");
    }
    z->pts = pts;
    z->npts = m;
    s->nzones++;
    return 0;
}

static int load_feature(struct ctx *c, struct vg_site *s, const json_t *feat)
{
    if (!json_is_object(feat))
        return fail(c, VG_EPARSE, "not an object");
    const char *t = json_string_value(json_object_get(feat, "type"));
    if (!t || strcmp(t, "Feature") != 0)
        return fail(c, VG_EPARSE, "'type' is not \"Feature\"");
    const json_t *props = json_object_get(feat, "properties");
    if (!json_is_object(props))
        return 0; /* no properties (null is legal GeoJSON): nothing Vigil knows */
    const json_t *kind = json_object_get(props, "kind");
    if (!kind)
        return 0;
    if (!json_is_string(kind))
        return fail(c, VG_EPARSE, "'kind' is not a string");
    const char *k = json_string_value(kind);
    if (strcmp(k, "sensor") == 0)
        return load_sensor(c, s, feat, props);
    if (strcmp(k, "zone") == 0)
        return load_zone(c, s, feat, props);
    if (strcmp(k, "effector") == 0)
        return load_effector(c, s, feat, props);
    return 0; /* a kind added by a newer writer */
}

static int load_root(struct ctx *c, struct vg_site *s, const json_t *root)
{
    if (!json_is_object(root))
        return fail(c, VG_EPARSE, "top level is not a JSON object");
    const char *t = json_string_value(json_object_get(root, "type"));
    if (!t || strcmp(t, "FeatureCollection") != 0)
        return fail(c, VG_EPARSE, "'type' is not \"FeatureCollection\"");
    const json_t *origin = json_object_get(root, "origin");
    if (!origin)
        return fail(c, VG_EPARSE, "'origin' [lon, lat, h] is missing");
    double lon, lat, h = 0.0;
    int rc = get_position(c, origin, "'origin'", &lon, &lat, &h);
    if (rc < 0)
        return rc;
    if (vg_enu_frame_init(&s->frame, lat, lon, h) < 0)
        return fail(c, VG_ERANGE, "'origin' is out of range");
    const json_t *feats = json_object_get(root, "features");
    if (!json_is_array(feats))
        return fail(c, VG_EPARSE, "'features' is missing or not an array");
    size_t n = json_array_size(feats);
    /* Zones and effectors get the feature count as an upper bound: one allocation each. */
    if (n && (!(s->zones = calloc(n, sizeof *s->zones)) ||
              !(s->effectors = calloc(n, sizeof *s->effectors))))
        return fail(c, VG_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        c->feature = (long)i;
        if ((rc = load_feature(c, s, json_array_get(feats, i))) < 0)
            return rc;
    }
    return 0;
}

/* Takes the jansson result of either loader; frees it. */
static int load_json(struct vg_site *s, const char *name, json_t *root, const json_error_t *je,
                     struct vg_diag *d)
{
    if (!root)
        return vg_diag_set(d, VG_EPARSE, "%s:%d:%d: %s", name, je->line, je->column, je->text);
    struct ctx c = {.name = name, .feature = -1, .d = d};
    struct vg_site tmp;
    vg_site_init(&tmp);
    int rc = load_root(&c, &tmp, root);
    json_decref(root);
    if (rc < 0) {
        vg_site_fini(&tmp);
        return rc;
    }
    vg_site_fini(s);
    *s = tmp;
    return 0;
}

int vg_site_load(struct vg_site *s, const char *path, struct vg_diag *d)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return vg_diag_set(d, -errno, "%s: %s", path, strerror(errno));
    json_error_t je;
    json_t *root = json_loadf(f, JSON_REJECT_DUPLICATES, &je);
    int io = ferror(f);
    fclose(f);
    if (io) {
        json_decref(root);
        return vg_diag_set(d, VG_EIO, "%s: read error", path);
    }
    return load_json(s, path, root, &je, d);
}

int vg_site_load_buffer(struct vg_site *s, const char *name, const char *buf, size_t len,
                        struct vg_diag *d)
{
    json_error_t je;
    json_t *root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
    return load_json(s, name, root, &je, d);
}

/* ---- writing ---------------------------------------------------------------------------- */

/* The geodetic point at the origin's height whose ENU east and north are e, n: the inverse of
 * what load_zone does. A few fixed-point steps on the up coordinate converge to well under a
 * micrometre within hundreds of kilometres, because "up" there is nearly the local normal. */
static void zone_vertex_geo(const struct vg_enu_frame *f, double e, double n, double *lat,
                            double *lon)
{
    double enu[3] = {e, n, 0.0}, h;
    for (int i = 0; i < 4; i++) {
        vg_enu_to_geo(f, enu, lat, lon, &h);
        enu[2] += f->h0_m - h;
    }
    vg_enu_to_geo(f, enu, lat, lon, &h);
}

/* A Point from the ENU position. The geodetic fields are written instead when they still
 * describe pos to a micrometre (a loaded site), so a file read and written keeps its digits. */
static json_t *point_geometry(const struct vg_enu_frame *f, const double pos[3], double lat,
                              double lon, double h)
{
    double enu[3];
    vg_enu_from_geo(f, lat, lon, h, enu);
    if (!(fabs(enu[0] - pos[0]) + fabs(enu[1] - pos[1]) + fabs(enu[2] - pos[2]) < 1e-6))
        vg_enu_to_geo(f, pos, &lat, &lon, &h);
    return json_pack("{s:s, s:[f, f, f]}", "type", "Point", "coordinates", lon, lat, h);
}

static json_t *zone_geometry(const struct vg_enu_frame *f, const struct vg_zone *z)
{
    json_t *ring = json_array();
    for (size_t i = 0; ring && i <= z->npts; i++) {
        size_t k = i % z->npts; /* repeat the first vertex to close the ring */
        double lat, lon;
        zone_vertex_geo(f, z->pts[2 * k], z->pts[2 * k + 1], &lat, &lon);
        if (json_array_append_new(ring, json_pack("[f, f]", lon, lat)) < 0) {
            json_decref(ring);
            return NULL;
        }
    }
    return json_pack("{s:s, s:[o]}", "type", "Polygon", "coordinates", ring);
}

/* Writes one feature line; takes ownership of geometry and props (either may be NULL after a
 * failed json_pack, which is reported as VG_EINVAL). */
static int write_feature(FILE *f, int *first, json_t *geometry, json_t *props)
{
    json_t *feat = json_pack("{s:s, s:o, s:o}", "type", "Feature", "geometry", geometry,
                             "properties", props);
    if (!feat)
        return VG_EINVAL;
    char *text = json_dumps(feat, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
    json_decref(feat);
    if (!text)
        return VG_ENOMEM;
    fprintf(f, "%s%s", *first ? "" : ",\n", text);
    free(text);
    *first = 0;
    return 0;
}

int vg_site_write_geojson(const struct vg_site *s, FILE *f)
{
    const struct vg_enu_frame *fr = &s->frame;
    json_t *origin = json_pack("[f, f, f]", fr->lon0_deg, fr->lat0_deg, fr->h0_m);
    char *otext = origin ? json_dumps(origin, JSON_COMPACT | JSON_REAL_PRECISION(17)) : NULL;
    json_decref(origin);
    if (!otext)
        return VG_EINVAL;
    fprintf(f, "{\"type\":\"FeatureCollection\",\"origin\":%s,\"features\":[\n", otext);
    free(otext);

    int first = 1, rc = 0;
    for (size_t i = 0; rc == 0 && i < s->nsensors; i++) {
        const struct vg_sensor *x = &s->sensors[i];
        if (!x->declared)
            continue;
        rc = write_feature(f, &first, point_geometry(fr, x->pos, x->lat_deg, x->lon_deg, x->h_m),
                           json_pack("{s:s, s:s, s:s, s:f, s:[f, f], s:f, s:f, s:f, s:f}",
                                     "kind", "sensor", "id", x->id, "type",
                                     vg_sensor_type_name(x->type), "range_m", x->range_m, "fov",
                                     x->fov_deg[0], x->fov_deg[1], "rate_hz", x->rate_hz,
                                     "bias_range_m", x->bias_range_m, "bias_az_deg",
                                     x->bias_az_deg, "bias_el_deg", x->bias_el_deg));
    }
    for (size_t i = 0; rc == 0 && i < s->nzones; i++) {
        const struct vg_zone *z = &s->zones[i];
        if (z->npts < 3)
            return VG_EINVAL;
        rc = write_feature(f, &first, zone_geometry(fr, z),
                           json_pack("{s:s, s:s, s:s, s:f, s:f, s:i}", "kind", "zone", "id",
                                     z->id, "name", z->name, "floor_m", z->floor_m,
                                     "ceiling_m", z->ceiling_m, "priority", z->priority));
    }
    for (size_t i = 0; rc == 0 && i < s->neffectors; i++) {
        const struct vg_effector *e = &s->effectors[i];
        rc = write_feature(f, &first, point_geometry(fr, e->pos, e->lat_deg, e->lon_deg, e->h_m),
                           json_pack("{s:s, s:s, s:s, s:f}", "kind", "effector", "id", e->id,
                                     "type", e->type, "range_m", e->range_m));
    }
    if (rc < 0)
        return rc;
    fprintf(f, "\n]}\n");
    return ferror(f) ? VG_EIO : 0;
}
