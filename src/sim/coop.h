/* SPDX-License-Identifier: MIT */
/* coop.h — the simulated cooperative receivers' model (sim/coop.c): ADS-B ground stations
 * and Remote ID receivers — whom they hear, when each object's updates come, and the error of
 * what the object says about itself.
 *
 * Public so that tests can hold generated reports against the model that made them. */
#ifndef VG_SIM_COOP_H
#define VG_SIM_COOP_H

#include <stdint.h>

#include "base/rng.h"
#include "sense/detection.h"
#include "sim/scenario.h"
#include "sim/sim.h"

/* Whether receiver r can hear object o at all: an ADS-B receiver objects with a transponder,
 * a Remote ID receiver objects that broadcast Remote ID; nothing else, ever. */
int vg_coop_hears(const struct vg_sim_coop_receiver *r, const struct vg_sim_object *o);

/* Radio horizon between antennas h1_m and h2_m above the ground (negative heights count as
 * 0), m: √(2·k·R·h1) + √(2·k·R·h2) with the standard 4/3 Earth (k·R = 8495 km), 4.12 km·√h. */
double vg_coop_horizon_m(double h1_m, double h2_m);

/* Whether a broadcast from an object at pos (ENU m) reaches r: within range_m and within the
 * radio horizon of the two heights. */
int vg_coop_reaches(const struct vg_sim_coop_receiver *r, const double pos[3]);

/* Seed of the random stream of object id at a receiver whose own stream seed is rx_seed: a
 * hash of the id, so an object's updates do not change when other objects are added. */
uint64_t vg_coop_seed(uint64_t rx_seed, const char *id);

/* One received update of o at its true state (pos, vel): det's kind (adsb or remoteid), nz,
 * z = pos + N(0, diag(σh², σh², σv²)), R = that diagonal, coop_vel = vel + N(0, σvel²) per
 * axis, coop_id, and a Remote ID operator's position (as broadcast, no noise); not t or
 * sensor. */
void vg_coop_observe(const struct vg_sim_coop_receiver *r, struct vg_rng *rng,
                     const struct vg_sim_object *o, const double pos[3], const double vel[3],
                     struct vg_detection *det);

#endif
