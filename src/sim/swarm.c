/* SPDX-License-Identifier: MIT */
/* swarm.c — synthetic swarms for benchmarks (see swarm.h). */
#include "sim/swarm.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/rng.h"

void vg_swarm_params_default(struct vg_swarm_params *p, int targets)
{
    p->targets = targets;
    p->clutter_ratio = 1.0;
    p->scans = 100;
    p->dt = 1.0;
    p->q = 0.005;
    p->sigma = 0.5;
    p->pd = 0.9;
    p->seed = 2025;
}

static struct vg_detection report(double t, uint32_t sensor, const double p[3], double sigma)
{
    struct vg_detection d;
    memset(&d, 0, sizeof d);
    d.t = t;
    d.sensor = sensor;
    d.kind = VG_DET_XYZ;
    d.nz = 3;
    for (int i = 0; i < 3; i++)
        d.z[i] = p[i];
    d.R[0] = d.R[4] = sigma * sigma;
    d.R[8] = 1e-6; /* planar scene, as swarm100 */
    return d;
}

int vg_swarm_generate(const struct vg_swarm_params *p, uint32_t sensor,
                      struct vg_detection **dets, size_t *n)
{
    *dets = NULL;
    *n = 0;
    if (p->targets < 1 || p->scans < 1 || !(p->dt > 0) || !(p->sigma > 0))
        return VG_EINVAL;
    double side = 1000.0 * sqrt(p->targets / 100.0);
    double lambda = p->clutter_ratio * p->targets;
    size_t cap = (size_t)p->scans * (size_t)(p->targets + lambda + 6.0 * sqrt(lambda + 1) + 2);
    struct vg_detection *out = malloc(cap * sizeof *out);
    double *x = malloc((size_t)p->targets * 4 * sizeof *x);
    if (!out || !x) {
        free(out);
        free(x);
        return VG_ENOMEM;
    }
    struct vg_rng r;
    vg_rng_seed(&r, p->seed);
    for (int k = 0; k < p->targets; k++) {
        double *s = x + 4 * k;
        s[0] = vg_rng_range(&r, -side / 2, side / 2);
        s[1] = vg_rng_range(&r, -side / 2, side / 2);
        s[2] = sqrt(0.5) * vg_rng_normal(&r);
        s[3] = sqrt(0.5) * vg_rng_normal(&r);
    }
    /* Exact sampling of the CV model's discrete noise: per axis [p, v] ~ N(0, Q), Q from
     * q·[[T³/3, T²/2], [T²/2, T]] by its Cholesky factor. */
    double T = p->dt, q11 = p->q * T * T * T / 3, q12 = p->q * T * T / 2, q22 = p->q * T;
    double l11 = sqrt(q11), l21 = q12 / l11, l22 = sqrt(q22 - l21 * l21);
    size_t m = 0;
    for (int scan = 0; scan < p->scans; scan++) {
        double t = scan * T;
        for (int k = 0; k < p->targets; k++) {
            double *s = x + 4 * k;
            if (scan > 0)
                for (int ax = 0; ax < 2; ax++) {
                    double a = vg_rng_normal(&r), b = vg_rng_normal(&r);
                    s[ax] += T * s[ax + 2] + l11 * a;
                    s[ax + 2] += l21 * a + l22 * b;
                }
            if (vg_rng_uniform(&r) < p->pd && m < cap) {
                double z[3] = {s[0] + p->sigma * vg_rng_normal(&r),
                               s[1] + p->sigma * vg_rng_normal(&r), 0.0};
                out[m++] = report(t, sensor, z, p->sigma);
            }
        }
        unsigned nc = vg_rng_poisson(&r, lambda);
        for (unsigned c = 0; c < nc && m < cap; c++) {
            double z[3] = {vg_rng_range(&r, -side, side), vg_rng_range(&r, -side, side), 0.0};
            out[m++] = report(t, sensor, z, p->sigma);
        }
        if (m < cap) {
            struct vg_detection mk;
            memset(&mk, 0, sizeof mk);
            mk.t = t;
            mk.sensor = sensor;
            mk.kind = VG_DET_SCAN;
            out[m++] = mk;
        }
    }
    free(x);
    *dets = out;
    *n = m;
    return 0;
}
