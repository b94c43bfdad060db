/* SPDX-License-Identifier: MIT */
/* sim_objects.c — the scenario's objects and their trajectories, built once before a run.
 *
 * FPVs first (scenario order), then the birds flock by flock, then the aircraft and the hobby
 * drones (scenario order): the order fixes the index every detection's det_object refers to,
 * and a scenario without aircraft or hobby drones numbers its objects as before they existed.
 * Aircraft and hobby drones fly routes (sim/target_route.c) whose pieces are too large for
 * the object's union (10 KB against 0.5 KB), so their paths live in the same allocation, after
 * the objects: one free() releases both, and 100 000 birds cost no route memory. */
#include "sim/sim.h"

#include <math.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sim/internal.h"

/* An upper bound on an FPV's speed V·√(1 + y'² + z'²) (target_fpv.c's pieces): |y'| ≤ A·k in
 * the weave and ≤ 1.5·A/D + A·k in the dive (|h01'| ≤ 1.5, |h11'| ≤ 1, |y_D| ≤ A,
 * |dy/dx|_D ≤ A·k); |z'| ≤ tan(climb) = 1.5·|Δh|/Lc in the climb and ≤ tanγ + 1.5·Δh/D in
 * the dive (|h10'| ≤ 1). Loose, and only used to skip far objects. */
static double fpv_vmax(const struct vg_fpv_path *p)
{
    double D = p->dive_len, y1 = p->amp * p->k + 1.5 * p->amp / D;
    double z_climb = p->climb_len > 0.0 ? 1.5 * fabs(p->h_cruise - p->h0) / p->climb_len : 0.0;
    double z_dive = p->tan_dive + 1.5 * fabs(p->h_cruise - p->h_aim) / D;
    double z1 = z_climb > z_dive ? z_climb : z_dive;
    return p->v * sqrt(1.0 + y1 * y1 + z1 * z1);
}

/* Identity and equipment shared by aircraft and hobby drones. */
static void route_object(struct vg_sim_object *o, const char *id, int cls, int kind,
                         int hostile, double rcs_dbsm, const struct vg_route_path *path,
                         const struct vg_sim_route *r)
{
    memcpy(o->id, id, sizeof o->id);
    o->cls = (uint8_t)cls;
    o->kind = (uint8_t)kind;
    o->hostile = (uint8_t)hostile;
    o->link = VG_LINK_NONE;
    o->rcs_dbsm = rcs_dbsm;
    o->path.route = path;
    o->t_start = path->t0;
    o->t_end = path->t_end < r->end_s ? path->t_end : r->end_s;
    o->vmax_mps = path->v;
}

static int add_routes(const struct vg_scenario *sc, struct vg_sim_object *obj,
                      struct vg_route_path *paths, struct vg_diag *d)
{
    struct vg_diag why;
    for (size_t i = 0; i < sc->naircraft; i++) {
        const struct vg_sim_aircraft *c = &sc->aircraft[i];
        int rc = vg_route_path_init(&paths[i], &c->route, &why);
        if (rc < 0)
            return vg_diag_set(d, rc, "aircraft '%s': %s", c->id, why.msg);
        struct vg_sim_object *o = &obj[i];
        route_object(o, c->id, VG_CLASS_AIRCRAFT, VG_SIM_AIRCRAFT, c->hostile, c->rcs_dbsm,
                     &paths[i], &c->route);
        if (c->adsb) {
            o->coop = VG_SIM_COOP_ADSB;
            memcpy(o->coop_id, c->icao, sizeof c->icao);
            memcpy(o->callsign, c->callsign, sizeof o->callsign);
            memcpy(o->squawk, c->squawk, sizeof o->squawk);
        }
    }
    for (size_t i = 0; i < sc->nhobbies; i++) {
        const struct vg_sim_hobby *c = &sc->hobbies[i];
        struct vg_route_path *p = &paths[sc->naircraft + i];
        int rc = vg_route_path_init(p, &c->route, &why);
        if (rc < 0)
            return vg_diag_set(d, rc, "hobby '%s': %s", c->id, why.msg);
        struct vg_sim_object *o = &obj[sc->naircraft + i];
        route_object(o, c->id, VG_CLASS_DRONE, VG_SIM_HOBBY, c->hostile, c->rcs_dbsm, p,
                     &c->route);
        o->link = (uint8_t)c->link;
        o->band_mhz = vg_link_emits(c->link) ? c->band_mhz : 0.0;
        if (c->remoteid) {
            o->coop = VG_SIM_COOP_REMOTEID | (c->has_operator ? VG_SIM_COOP_OPERATOR : 0u);
            memcpy(o->coop_id, c->uas_id, sizeof o->coop_id);
            memcpy(o->op, c->operator_pos, sizeof o->op);
        }
    }
    return 0;
}

int vg_sim_objects(const struct vg_scenario *sc, struct vg_sim_object **objects, size_t *n,
                   struct vg_diag *d)
{
    size_t nroutes = sc->naircraft + sc->nhobbies, total = sc->nfpvs + nroutes;
    for (size_t i = 0; i < sc->nflocks; i++)
        total += (size_t)sc->flocks[i].count;
    *objects = NULL;
    *n = 0;
    /* Objects, then the route paths at an offset aligned for them. */
    size_t al = alignof(struct vg_route_path);
    size_t off = (total * sizeof(struct vg_sim_object) + al - 1) / al * al;
    if (total > SIZE_MAX / 2 / sizeof(struct vg_sim_object) ||
        nroutes > (SIZE_MAX / 2 - off) / sizeof(struct vg_route_path))
        return vg_diag_set(d, VG_ENOMEM, "out of memory for %zu objects", total);
    char *block = calloc(1, off + nroutes * sizeof(struct vg_route_path) + 1);
    struct vg_sim_object *obj = (struct vg_sim_object *)(void *)block;
    struct vg_route_path *paths = (struct vg_route_path *)(void *)(block + off);
    struct vg_bird_path *birds = NULL;
    if (!block)
        return vg_diag_set(d, VG_ENOMEM, "out of memory for %zu objects", total);
    size_t k = 0;
    for (size_t i = 0; i < sc->nfpvs; i++, k++) {
        const struct vg_sim_fpv *c = &sc->fpvs[i];
        struct vg_sim_object *o = &obj[k];
        struct vg_diag why;
        int rc = vg_fpv_path_init(&o->path.fpv, c,
                                  vg__stream_seed(sc->seed, VG__STREAM_FPV, (uint32_t)i), &why);
        if (rc < 0) {
            free(block);
            return vg_diag_set(d, rc, "fpv '%s': %s", c->id, why.msg);
        }
        memcpy(o->id, c->id, sizeof o->id);
        o->cls = VG_CLASS_DRONE;
        o->hostile = (uint8_t)c->hostile;
        o->kind = VG_SIM_FPV;
        o->link = (uint8_t)c->link;
        o->band_mhz = vg_link_emits(c->link) ? c->band_mhz : 0.0;
        o->rcs_dbsm = c->rcs_dbsm;
        o->t_start = o->path.fpv.t0;
        o->t_end = o->path.fpv.t_end;
        o->vmax_mps = fpv_vmax(&o->path.fpv);
    }
    for (size_t i = 0; i < sc->nflocks; i++) {
        const struct vg_sim_flock *c = &sc->flocks[i];
        struct vg_bird_path *p = realloc(birds, (size_t)c->count * sizeof *p);
        if (!p) {
            free(birds);
            free(block);
            return vg_diag_set(d, VG_ENOMEM, "out of memory for flock '%s'", c->id);
        }
        birds = p;
        struct vg_rng rng;
        vg_rng_seed(&rng, vg__stream_seed(sc->seed, VG__STREAM_FLOCK, (uint32_t)i));
        vg_flock_init(birds, c, &rng);
        for (int b = 0; b < c->count; b++, k++) {
            struct vg_sim_object *o = &obj[k];
            snprintf(o->id, sizeof o->id, "bird-%zu", k - sc->nfpvs + 1);
            o->cls = VG_CLASS_BIRD;
            o->hostile = (uint8_t)c->hostile;
            o->kind = VG_SIM_BIRD;
            o->link = VG_LINK_NONE;
            o->rcs_dbsm = c->rcs_dbsm;
            o->t_start = 0.0;
            o->t_end = INFINITY;
            o->vmax_mps = c->speed_mps[1]; /* target_bird.c keeps every speed in the band */
            o->path.bird = birds[b];
        }
    }
    free(birds);
    int rc = add_routes(sc, obj + k, paths, d);
    if (rc < 0) {
        free(block);
        return rc;
    }
    *objects = obj;
    *n = total;
    return 0;
}
