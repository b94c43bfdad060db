/* SPDX-License-Identifier: MIT */
/* internal.h — names shared by the files of sim/ only. */
#ifndef VG_SIM_INTERNAL_H
#define VG_SIM_INTERNAL_H

#include <math.h>
#include <stdint.h>

#define VG__PI 3.14159265358979323846 /* M_PI is not in strict C11 */
#define VG__DEG (VG__PI / 180.0)         /* radians per degree */

/* The splitmix64 finaliser (Steele, Lea & Flood, OOPSLA 2014): a bijective 64-bit mix, used
 * to derive independent seeds and hashed random values from one scenario seed. */
static inline uint64_t vg__mix64(uint64_t z)
{
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Seed of random stream `index` of kind `tag` under the scenario seed: streams are separate,
 * so adding clutter to a radar does not move the birds, and vice versa. */
static inline uint64_t vg__stream_seed(uint64_t seed, uint32_t tag, uint32_t index)
{
    return vg__mix64(vg__mix64(seed) ^ vg__mix64(((uint64_t)tag << 32) | index));
}

/* The random streams' tags (vg__stream_seed): one kind of stream each. */
enum {
    VG__STREAM_FPV = 1,     /* an FPV's random weave, per FPV */
    VG__STREAM_FLOCK = 2,   /* a flock's birds, per flock */
    VG__STREAM_RADAR = 3,   /* a radar's detections and clutter, per radar */
    VG__STREAM_BEARING = 4, /* a bearing sensor's bearings and clutter, per sensor */
    VG__STREAM_DELAY = 5,   /* a sensor's link delays, per site sensor */
    VG__STREAM_COOP = 6,    /* a cooperative receiver's updates, per receiver and object */
    VG__STREAM_MICRODOPPLER = 7 /* a radar's micro-Doppler class hints, per radar: apart
                                   from its plots, so turning hints on moves no plot */
};

#endif
