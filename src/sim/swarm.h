/* SPDX-License-Identifier: MIT */
/* swarm.h — synthetic swarms for benchmarks: N targets with clutter in proportion.
 *
 * The Stone Soup swarm100 reference scaled: targets uniform in a square whose side grows
 * with √N (constant density: 100 per km²), nearly-constant velocity with q, position reports
 * σ = 0.5 m with P_D = 0.9, and Poisson clutter of mean N per scan uniform over a square of
 * twice the side (as swarm100: 100 targets in 1 km², 100 clutter in 4 km²). Generated in
 * memory, seeded; a scan marker closes every scan. */
#ifndef VG_SIM_SWARM_H
#define VG_SIM_SWARM_H

#include <stddef.h>
#include <stdint.h>

#include "base/site.h"
#include "sense/detection.h"

struct vg_swarm_params {
    int targets;            /* N ≥ 1 */
    double clutter_ratio;   /* mean clutter reports per scan = ratio · N */
    int scans;              /* ≥ 1 */
    double dt;              /* scan period, s */
    double q;               /* process noise, m²/s³ */
    double sigma;           /* position report σ per axis, m */
    double pd;              /* detection probability */
    uint64_t seed;
};

void vg_swarm_params_default(struct vg_swarm_params *p, int targets);

/* Generate into *dets (caller frees) for sensor index `sensor` of the site. */
int vg_swarm_generate(const struct vg_swarm_params *p, uint32_t sensor,
                      struct vg_detection **dets, size_t *n);

#endif
