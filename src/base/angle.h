/* SPDX-License-Identifier: MIT */
/* angle.h — π and the angle conversions every stage needs (strict C11 has no M_PI). */
#ifndef VG_ANGLE_H
#define VG_ANGLE_H

#include <math.h>

#define VG_PI 3.14159265358979323846
#define VG_DEG (VG_PI / 180.0) /* one degree in radians */

/* a wrapped to (−π, π]. */
static inline double vg_wrap_pi(double a)
{
    a = fmod(a, 2.0 * VG_PI);
    if (a > VG_PI)
        a -= 2.0 * VG_PI;
    else if (a <= -VG_PI)
        a += 2.0 * VG_PI;
    return a;
}

/* a wrapped to [0, 2π). */
static inline double vg_wrap_2pi(double a)
{
    a = fmod(a, 2.0 * VG_PI);
    if (a < 0)
        a += 2.0 * VG_PI;
    return a >= 2.0 * VG_PI ? 0.0 : a;
}

#endif
