/* SPDX-License-Identifier: MIT */
/* scenario_vehicles.c — the scenario's other traffic: `aircraft` and `hobby` targets.
 *
 * Manned aircraft and hobby drones fly routes (sim/target_route.c): waypoints, an orbit or a
 * lawn-mower survey, at constant speed and height, turning at max_g. Each entry is checked
 * against its table (docs/scenario.md repeats their docs), then the keys of its pattern (an
 * orbit has a centre and a radius, a survey its legs, a route its waypoints; no key of
 * another pattern), its equipment (an ADS-B transponder's ICAO address, callsign and squawk;
 * a Remote ID's UAS ID and operator) checked as the standards write them, and its path built
 * once so that a run cannot fail on it. Messages read "FILE:LINE: aircraft 'x': reason". */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/scenario_yaml.h"
#include "sim/target.h"

#define COORD_MAX VG__COORD_MAX

static const char *const target_names[] = {"fpv", "flock", "aircraft", "hobby", NULL};
static const char *const pattern_names[] = {"waypoints", "loiter", "lawnmower", NULL};
/* In enum vg_link order, as for FPVs. */
static const char *const link_names[] = {"analog-video", "elrs",       "dji-ocusync",
                                         "fibre",        "autonomous", NULL};

/* ---- the schema ------------------------------------------------------------------------- */

struct aircraft_in {
    struct vg_sim_aircraft a;
    int type;
};

static const struct vg__yfield adsb_fields[] = {
    {"icao", VG__Y_TEXT, offsetof(struct aircraft_in, a.icao), VG__Y_REQUIRED, 0, 0, 0, NULL, 8,
     "24-bit ICAO address, 6 hex digits"},
    {"callsign", VG__Y_TEXT, offsetof(struct aircraft_in, a.callsign), 0, 0, 0, 0, NULL, 9,
     "flight identification, 1-8 of A-Z, 0-9 and space"},
    {"squawk", VG__Y_TEXT, offsetof(struct aircraft_in, a.squawk), 0, 0, 0, 0, NULL, 5,
     "Mode A code, 4 octal digits"},
};
static const struct vg__ytable adsb_table = {adsb_fields, 3};

/* The route keys both kinds share, for struct st with its route at member m. */
#define ROUTE_TIMES(st, m)                                                                     \
    VG__Y_NUMF("start_s", st, m.start_s, 0, 0, -86400, 86400,                                  \
               "time at the start of the route, s (negative: already under way at 0)"),        \
    VG__Y_NUMF("end_s", st, m.end_s, 0, 0, -86400, 86400,                                      \
               "gone from this time, s (default: at the end of the route, or never)")

static const struct vg__yfield aircraft_fields[] = {
    {"type", VG__Y_ENUM, offsetof(struct aircraft_in, type), VG__Y_REQUIRED, 0, 0, 0,
     target_names, 0, "aircraft"},
    {"id", VG__Y_ID, offsetof(struct aircraft_in, a.id), VG__Y_REQUIRED, 0, 0, 0, NULL, 0,
     "object id in truth and detections"},
    {"hostile", VG__Y_BOOL, offsetof(struct aircraft_in, a.hostile), 0, 0, 0, 0, NULL, 0,
     "default false"},
    VG__Y_NUMF("rcs_dbsm", struct aircraft_in, a.rcs_dbsm, 0, 10, -100, 100,
               "mean radar cross-section, dBsm"),
    {"route", VG__Y_NODE, 0, VG__Y_REQUIRED, 0, 0, 0, NULL, 0,
     "list of 2 or more [e, n] waypoints, ENU m, flown by"},
    {"loop", VG__Y_BOOL, offsetof(struct aircraft_in, a.route.loop), 0, 0, 0, 0, NULL, 0,
     "fly the route round and round, back to the first waypoint (default false)"},
    VG__Y_NUMF("speed_mps", struct aircraft_in, a.route.speed_mps, VG__Y_REQUIRED | VG__Y_GT, 0,
               0, 350, "ground speed, m/s"),
    VG__Y_NUMF("height_m", struct aircraft_in, a.route.height_m, VG__Y_REQUIRED | VG__Y_GT, 0,
               0, 15000, "height, ENU up m"),
    ROUTE_TIMES(struct aircraft_in, a.route),
    VG__Y_NUMF("max_g", struct aircraft_in, a.route.max_g, VG__Y_GT, 0.3, 0, 9,
               "turn acceleration, g: turn radius speed^2 / (max_g g0)"),
    {"adsb", VG__Y_MAP, 0, 0, 0, 0, 0, &adsb_table, 0,
     "{icao, callsign, squawk}: an ADS-B transponder (default none: non-cooperative)"},
};
static const struct vg__ytable aircraft_table = {
    aircraft_fields, sizeof aircraft_fields / sizeof *aircraft_fields};

struct hobby_in {
    struct vg_sim_hobby h;
    int type;
};

static const struct vg__yfield rid_fields[] = {
    {"uas_id", VG__Y_TEXT, offsetof(struct hobby_in, h.uas_id), VG__Y_REQUIRED, 0, 0, 0, NULL,
     21, "UAS ID (serial number or registration), 1-20 printable ASCII characters"},
    {"operator", VG__Y_VEC2, offsetof(struct hobby_in, h.operator_pos), 0, 0, -COORD_MAX,
     COORD_MAX, NULL, 0, "operator position [e, n], ENU m (default: not broadcast)"},
};
static const struct vg__ytable rid_table = {rid_fields, 2};

static const struct vg__yfield hobby_fields[] = {
    {"type", VG__Y_ENUM, offsetof(struct hobby_in, type), VG__Y_REQUIRED, 0, 0, 0, target_names,
     0, "hobby"},
    {"id", VG__Y_ID, offsetof(struct hobby_in, h.id), VG__Y_REQUIRED, 0, 0, 0, NULL, 0,
     "object id in truth and detections"},
    {"hostile", VG__Y_BOOL, offsetof(struct hobby_in, h.hostile), 0, 0, 0, 0, NULL, 0,
     "default false"},
    VG__Y_NUMF("rcs_dbsm", struct hobby_in, h.rcs_dbsm, 0, -17, -100, 100,
               "mean radar cross-section, dBsm"),
    {"pattern", VG__Y_ENUM, offsetof(struct hobby_in, h.route.kind), VG__Y_REQUIRED, 0, 0, 0,
     pattern_names, 0, "waypoints, loiter or lawnmower"},
    {"route", VG__Y_NODE, 0, 0, 0, 0, 0, NULL, 0,
     "waypoints: list of 2 or more [e, n] waypoints, ENU m"},
    {"loop", VG__Y_BOOL, offsetof(struct hobby_in, h.route.loop), 0, 1, 0, 0, NULL, 0,
     "waypoints: fly round and round (default true)"},
    {"centre", VG__Y_VEC2, offsetof(struct hobby_in, h.route.centre), 0, 0, -COORD_MAX,
     COORD_MAX, NULL, 0, "loiter: orbit centre; lawnmower: centre of the area, [e, n] ENU m"},
    VG__Y_NUMF("radius_m", struct hobby_in, h.route.radius_m, VG__Y_GT, 0, 0, 1e5,
               "loiter: orbit radius, m"),
    {"clockwise", VG__Y_BOOL, offsetof(struct hobby_in, h.route.clockwise), 0, 1, 0, 0, NULL, 0,
     "loiter: orbit clockwise seen from above (default true)"},
    {"legs", VG__Y_INT, offsetof(struct hobby_in, h.route.legs), 0, 0, 2, VG_SIM_ROUTE_MAX / 2,
     NULL, 0, "lawnmower: number of parallel legs, even"},
    VG__Y_NUMF("length_m", struct hobby_in, h.route.length_m, VG__Y_GT, 0, 0, 1e5,
               "lawnmower: leg length, m"),
    VG__Y_NUMF("spacing_m", struct hobby_in, h.route.spacing_m, VG__Y_GT, 0, 0, 1e5,
               "lawnmower: distance between legs, m"),
    VG__Y_NUMF("heading_deg", struct hobby_in, h.route.heading_deg, 0, 90, 0, 360,
               "lawnmower: direction of the first leg, clockwise from north, deg"),
    VG__Y_NUMF("speed_mps", struct hobby_in, h.route.speed_mps, VG__Y_REQUIRED | VG__Y_GT, 0, 0,
               40, "ground speed, m/s"),
    VG__Y_NUMF("height_m", struct hobby_in, h.route.height_m, VG__Y_REQUIRED | VG__Y_GT, 0, 0,
               1000, "height, ENU up m"),
    ROUTE_TIMES(struct hobby_in, h.route),
    VG__Y_NUMF("max_g", struct hobby_in, h.route.max_g, VG__Y_GT, 0.5, 0, 5,
               "turn acceleration, g: turn radius speed^2 / (max_g g0)"),
    {"link", VG__Y_ENUM, offsetof(struct hobby_in, h.link), 0, VG_LINK_DJI_OCUSYNC, 0, 0,
     link_names, 0, "radio link (default dji-ocusync): what RF direction finders hear"},
    VG__Y_NUMF("band_mhz", struct hobby_in, h.band_mhz, VG__Y_GT, 0, 0, 100000,
               "carrier of an emitting link, MHz (default 5800, 915, 2400 by link)"),
    {"remoteid", VG__Y_MAP, 0, 0, 0, 0, 0, &rid_table, 0,
     "{uas_id, operator}: broadcasts ASTM F3411 Remote ID (default: does not)"},
};
static const struct vg__ytable hobby_table = {hobby_fields,
                                              sizeof hobby_fields / sizeof *hobby_fields};

/* ---- reading ---------------------------------------------------------------------------- */

/* Whether s has n_min..n_max characters, each in set (NULL: printable ASCII), and, with
 * nonblank, one that is not a space: the rules sense/jsonl.c reads them back with. */
static int text_ok(const char *s, size_t n_min, size_t n_max, const char *set, int nonblank)
{
    size_t n = strlen(s);
    int blank = 1;
    if (n < n_min || n > n_max)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (set ? !strchr(set, c) : c < 0x20 || c > 0x7e)
            return 0;
        blank &= c == ' ';
    }
    return !(nonblank && blank);
}

/* The route's waypoints from a list of [e, n]. */
static int read_route(const struct vg__yctx *c, yaml_node_t *list, struct vg_sim_route *r)
{
    int rc = vg__y_need_list(c, list, "route");
    if (rc < 0)
        return rc;
    size_t n = vg__y_seq_len(list);
    if (n < 2 || n > VG_SIM_ROUTE_MAX)
        return vg__y_fail(c, vg__y_line(list), VG_ERANGE,
                          "'route' must have 2 to %d [e, n] waypoints, not %zu",
                          VG_SIM_ROUTE_MAX, n);
    for (size_t i = 0; i < n; i++)
        if ((rc = vg__y_vec(c, vg__y_item(c, list, i), "route", 2, -COORD_MAX, COORD_MAX,
                            r->pts[i])) < 0)
            return rc;
    r->npts = (int)n;
    return 0;
}

/* end_s when given (after start_s), else INFINITY; then the path, built once to check it. */
static int finish_route(const struct vg__yctx *c, int line, const struct vg__ytable *t,
                        const struct vg__yseen *seen, struct vg_sim_route *r)
{
    int i_end = vg__y_index(t, "end_s");
    if (!((seen->bits >> i_end) & 1))
        r->end_s = INFINITY;
    else if (!(r->end_s > r->start_s))
        return vg__y_fail(c, seen->line[i_end], VG_ERANGE,
                          "'end_s' %g must be after 'start_s' %g", r->end_s, r->start_s);
    struct vg_diag why;
    int rc = vg_route_expand(r, &why);
    struct vg_route_path *path = malloc(sizeof *path); /* 10 KB: not on the stack */
    if (!path)
        return vg__y_fail(c, line, VG_ENOMEM, "out of memory");
    if (rc == 0)
        rc = vg_route_path_init(path, r, &why);
    free(path);
    return rc < 0 ? vg__y_fail(c, line, rc, "%s", why.msg) : 0;
}

int vg__load_aircraft(const struct vg__yctx *c, yaml_node_t *map, struct vg_scenario *sc)
{
    struct aircraft_in in;
    memset(&in, 0, sizeof in);
    vg__y_defaults(&aircraft_table, &in);
    struct vg__yseen seen;
    int rc = vg__y_map(c, map, &aircraft_table, &in, &seen);
    if (rc < 0)
        return rc;
    struct vg_sim_aircraft *a = &in.a;
    a->route.kind = VG_ROUTE_WAYPOINTS;
    if ((rc = read_route(c, seen.node[vg__y_index(&aircraft_table, "route")], &a->route)) < 0)
        return rc;
    int i_adsb = vg__y_index(&aircraft_table, "adsb"), l_adsb = seen.line[i_adsb];
    a->adsb = (seen.bits >> i_adsb) & 1;
    if (a->adsb) {
        if (!text_ok(a->icao, 6, 6, "0123456789abcdefABCDEF", 0))
            return vg__y_fail(c, l_adsb, VG_EINVAL,
                              "'adsb.icao' must be 6 hex digits (a 24-bit address)");
        for (int i = 0; i < 6; i++)
            a->icao[i] = (char)(a->icao[i] | 0x20); /* lower case, as readers keep it */
        if (a->callsign[0] && !text_ok(a->callsign, 1, 8, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ",
                                       1))
            return vg__y_fail(c, l_adsb, VG_EINVAL,
                              "'adsb.callsign' must be 1 to 8 of A-Z, 0-9 and space");
        if (a->squawk[0] && !text_ok(a->squawk, 4, 4, "01234567", 0))
            return vg__y_fail(c, l_adsb, VG_EINVAL, "'adsb.squawk' must be 4 octal digits");
    }
    a->line = vg__y_line(map);
    if ((rc = finish_route(c, a->line, &aircraft_table, &seen, &a->route)) < 0)
        return rc;
    sc->aircraft[sc->naircraft++] = *a;
    return 0;
}

/* Keys that belong to one pattern only, by pattern (enum vg_route_kind): given elsewhere,
 * they are an error; the required ones must be there. */
static const struct {
    const char *key;
    int pattern;
    int required;
} pattern_keys[] = {
    {"route", VG_ROUTE_WAYPOINTS, 1},   {"loop", VG_ROUTE_WAYPOINTS, 0},
    {"radius_m", VG_ROUTE_LOITER, 1},   {"clockwise", VG_ROUTE_LOITER, 0},
    {"legs", VG_ROUTE_LAWNMOWER, 1},    {"length_m", VG_ROUTE_LAWNMOWER, 1},
    {"spacing_m", VG_ROUTE_LAWNMOWER, 1}, {"heading_deg", VG_ROUTE_LAWNMOWER, 0},
};

static int check_pattern(const struct vg__yctx *c, yaml_node_t *map, const struct vg__yseen *s,
                         int pattern)
{
    for (size_t i = 0; i < sizeof pattern_keys / sizeof *pattern_keys; i++) {
        int k = vg__y_index(&hobby_table, pattern_keys[i].key), has = (s->bits >> k) & 1;
        if (has && pattern_keys[i].pattern != pattern)
            return vg__y_fail(c, s->line[k], VG_EINVAL, "'%s' is a key of pattern %s, not %s",
                              pattern_keys[i].key, pattern_names[pattern_keys[i].pattern],
                              pattern_names[pattern]);
        if (!has && pattern_keys[i].required && pattern_keys[i].pattern == pattern)
            return vg__y_fail(c, vg__y_line(map), VG_EPARSE, "missing '%s' (pattern %s)",
                              pattern_keys[i].key, pattern_names[pattern]);
    }
    int k = vg__y_index(&hobby_table, "centre");
    if (pattern != VG_ROUTE_WAYPOINTS && !((s->bits >> k) & 1))
        return vg__y_fail(c, vg__y_line(map), VG_EPARSE, "missing 'centre' (pattern %s)",
                          pattern_names[pattern]);
    if (pattern == VG_ROUTE_WAYPOINTS && ((s->bits >> k) & 1))
        return vg__y_fail(c, s->line[k], VG_EINVAL,
                          "'centre' is a key of patterns loiter and lawnmower, not waypoints");
    return 0;
}

int vg__load_hobby(const struct vg__yctx *c, yaml_node_t *map, struct vg_scenario *sc)
{
    struct hobby_in in;
    memset(&in, 0, sizeof in);
    vg__y_defaults(&hobby_table, &in);
    struct vg__yseen seen;
    int rc = vg__y_map(c, map, &hobby_table, &in, &seen);
    if (rc < 0)
        return rc;
    struct vg_sim_hobby *h = &in.h;
    struct vg_sim_route *r = &h->route;
    if ((rc = check_pattern(c, map, &seen, r->kind)) < 0)
        return rc;
    if (r->kind == VG_ROUTE_WAYPOINTS &&
        (rc = read_route(c, seen.node[vg__y_index(&hobby_table, "route")], r)) < 0)
        return rc;
    if (r->kind != VG_ROUTE_WAYPOINTS)
        r->loop = 1;
    int i_band = vg__y_index(&hobby_table, "band_mhz");
    if (((seen.bits >> i_band) & 1) && !vg_link_emits(h->link))
        return vg__y_fail(c, seen.line[i_band], VG_EINVAL,
                          "'band_mhz' given for a '%s' link, which emits nothing",
                          vg_link_name(h->link));
    if (!((seen.bits >> i_band) & 1))
        h->band_mhz = vg_link_band_mhz(h->link);
    int i_rid = vg__y_index(&hobby_table, "remoteid");
    h->remoteid = (seen.bits >> i_rid) & 1;
    if (h->remoteid) {
        if (!text_ok(h->uas_id, 1, 20, NULL, 1))
            return vg__y_fail(c, seen.line[i_rid], VG_EINVAL,
                              "'remoteid.uas_id' must be 1 to 20 printable ASCII characters");
        yaml_node_t *rn = seen.node[i_rid];
        h->has_operator = vg__y_get(c->doc, rn, "operator") != NULL;
    }
    h->line = vg__y_line(map);
    if ((rc = finish_route(c, h->line, &hobby_table, &seen, r)) < 0)
        return rc;
    sc->hobbies[sc->nhobbies++] = *h;
    return 0;
}
