/* SPDX-License-Identifier: MIT */
/* exercise_truth.c — what the truth alone says of an attacker: when some sensor could first
 * have seen it, and when it reached a zone (the definitions are in exercise.h).
 *
 * Detectability is asked of the simulator's own sensor models, not of a second copy of them,
 * so that "could have been seen" and "was seen" cannot disagree by construction: the radar's
 * Swerling-I Pd (sim/radar.c) at the object's true position and RCS, and a bearing sensor's
 * cookie-cutter pd inside its coverage (sim/bearing.c), for an acoustic array at the point
 * the sound it hears left the object. */
#include "score/exercise.h"

#include <math.h>

#include "assess/zone.h"
#include "sim/bearing.h"
#include "sim/radar.h"

double vg_exercise_best_pd(const struct vg_scenario *sc, const struct vg_sim_object *o, double t,
                           const double pos[3])
{
    double best = 0.0, rel[3];
    for (size_t i = 0; i < sc->nradars; i++) {
        const struct vg_sim_radar *r = &sc->radars[i];
        for (int a = 0; a < 3; a++)
            rel[a] = pos[a] - r->pos[a];
        double pd = vg_radar_pd(r, rel, o->rcs_dbsm);
        best = pd > best ? pd : best;
    }
    for (size_t j = 0; j < sc->nbearing_sensors; j++) {
        const struct vg_sim_bearing_sensor *s = &sc->bearing_sensors[j];
        if (!vg_bearing_senses(s, o) || !(s->pd > best))
            continue;
        double src[3];
        int alive;
        vg_bearing_source(s, o, t, src, &alive);
        if (!alive)
            continue;
        for (int a = 0; a < 3; a++)
            rel[a] = src[a] - s->pos[a];
        if (vg_bearing_covers(s, rel))
            best = s->pd;
    }
    return best;
}

/* The first zone of the site containing p, or -1. */
static int zone_at(const struct vg_site *site, const double p[3])
{
    for (size_t z = 0; z < site->nzones; z++) {
        int inside = 0;
        if (vg_zone_contains(&site->zones[z], p, &inside) == 0 && inside)
            return (int)z;
    }
    return -1;
}

int vg_exercise_zone_reached(const struct vg_scenario *sc, const struct vg_sim_output *sim,
                             uint32_t k, double *t, int *zone)
{
    const struct vg_sim_object *o = &sim->objects[k];
    if (o->kind == VG_SIM_FPV) {
        double pos[3], vel[3];
        if (!(o->t_end <= sc->duration_s))
            return 0;
        vg_sim_object_state(o, o->t_end, pos, vel); /* clamped: the impact point */
        int z = zone_at(&sc->site, pos);
        if (z < 0)
            return 0;
        *t = o->t_end;
        *zone = z;
        return 1;
    }
    for (size_t i = 0; i < sim->ntruth; i++) {
        if (sim->truth[i].object != k)
            continue;
        int z = zone_at(&sc->site, sim->truth[i].pos);
        if (z >= 0) {
            *t = sim->truth[i].t;
            *zone = z;
            return 1;
        }
    }
    return 0;
}
