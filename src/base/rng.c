/* SPDX-License-Identifier: MIT */
/* rng.c — xoshiro256** with splitmix64 seeding; normal and Poisson variates on top. */
#include "base/rng.h"

#include <math.h>

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void vg_rng_seed(struct vg_rng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&seed);
}

uint64_t vg_rng_next(struct vg_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double vg_rng_uniform(struct vg_rng *r)
{
    return (double)(vg_rng_next(r) >> 11) * 0x1.0p-53;
}

double vg_rng_range(struct vg_rng *r, double lo, double hi)
{
    return lo + (hi - lo) * vg_rng_uniform(r);
}

/* Marsaglia's polar method; the second variate is discarded so the generator stays
 * stateless beyond its 256 bits (reproducibility matters more than the 2× here). */
double vg_rng_normal(struct vg_rng *r)
{
    double u, v, s;
    do {
        u = 2.0 * vg_rng_uniform(r) - 1.0;
        v = 2.0 * vg_rng_uniform(r) - 1.0;
        s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    return u * sqrt(-2.0 * log(s) / s);
}

/* Knuth's multiplication method for small lambda; for large lambda a normal
 * approximation with continuity correction (clutter counts of thousands per scan). */
unsigned vg_rng_poisson(struct vg_rng *r, double lambda)
{
    if (!(lambda > 0.0))
        return 0;
    if (lambda > 60.0) {
        double x = floor(lambda + sqrt(lambda) * vg_rng_normal(r) + 0.5);
        return x < 0.0 ? 0u : (unsigned)x;
    }
    double limit = exp(-lambda), p = 1.0;
    unsigned k = 0;
    for (;;) {
        p *= vg_rng_uniform(r);
        if (p <= limit)
            return k;
        k++;
    }
}
