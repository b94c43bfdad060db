/* SPDX-License-Identifier: MIT */
/* rng.h — seeded, reproducible random numbers for the simulator, tests and benchmarks.
 *
 * xoshiro256** (Blackman & Vigna, "Scrambled linear pseudorandom number generators",
 * ACM TOMS 2021) seeded through splitmix64: fast, 256-bit state, passes BigCrush, and
 * identical output on every platform, so a scenario seed reproduces its files exactly.
 * Plain data, no globals: each consumer owns its generator. */
#ifndef VG_RNG_H
#define VG_RNG_H

#include <stdint.h>

struct vg_rng {
    uint64_t s[4];
};

void vg_rng_seed(struct vg_rng *r, uint64_t seed);
uint64_t vg_rng_next(struct vg_rng *r);
double vg_rng_uniform(struct vg_rng *r);                 /* [0, 1) with 53 random bits */
double vg_rng_range(struct vg_rng *r, double lo, double hi); /* [lo, hi) */
double vg_rng_normal(struct vg_rng *r);                  /* N(0, 1) */
unsigned vg_rng_poisson(struct vg_rng *r, double lambda); /* Poisson(lambda), lambda ≥ 0 */

#endif
