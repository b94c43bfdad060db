/* SPDX-License-Identifier: MIT */
/* target_fpv.c — an FPV attack run: climb, weaving cruise, terminal dive, impact.
 *
 * The path is written in the along-track distance s = V·(t − t0), with V the cruise speed,
 * over a straight base line from the launch point to the aim point (unit vector u, left
 * normal w, length len). Horizontal position is start + s·u + y(s)·w, height is z(s). Since
 * s grows linearly with time,
 *     vel = V·(u + y'·w, z'),    acc = V²·(y''·w, z''),
 * so every acceleration below is V² times a second derivative in s, and bounding y'' and z''
 * bounds the acceleration exactly. An FPV pilot holds the throttle: the along-track speed is
 * V throughout, and the total speed is V·√(1 + y'² + z'²).
 *
 * Pieces (each C¹, joined with matching value and slope, so velocity is continuous):
 *  - climb, s in [0, Lc]: z = h0 + Δh·h01(s/Lc), the cubic Hermite step h01(σ) = 3σ² − 2σ³
 *    with zero slope at both ends. Its steepest slope is 1.5·Δh/Lc, so Lc = 1.5·|Δh|/tan(climb)
 *    keeps the climb angle within climb_deg; |z''| ≤ 6·|Δh|/Lc².
 *  - weave, until the dive: sine y = A·sin(k·s), k = 2π/(V·T), i.e. y = A·sin(2πt/T) in time,
 *    whose lateral acceleration is V²·A·k²·|sin| ≤ A·(2π/T)². The random weave joins random
 *    offsets o_j in [−A, A] at every half wavelength L = π/k with half-cosine steps
 *    y = o_j + (o_j+1 − o_j)·(1 − cos πτ)/2: zero slope at the joins, |y'| ≤ 2A·π/(2L) = A·k
 *    and |y''| ≤ 2A·π²/(2L²) = A·k², the same bounds as the sine.
 *  - dive, the last D metres (ξ = x/D, x = len − s the distance to go): cubic Hermite
 *    profiles from the state at the dive start to the aim point.
 *      height  z = z_a + h10(ξ)·D·tanγ + h01(ξ)·(H − z_a),  h10(ξ) = ξ³ − 2ξ² + ξ,
 *    level at the dive start (ξ = 1) and descending at the dive angle γ at impact (ξ = 0).
 *    It is monotone (never climbs back) iff tanγ ≤ 3·(H − z_a)/D (Fritsch & Carlson 1980,
 *    SIAM J. Numer. Anal. 17:238, with slopes 0 and tanγ against the mean slope (H−z_a)/D).
 *    z_ξξ = D·tanγ·(6ξ − 4) + (H − z_a)·(6 − 12ξ) is linear in ξ, so |z''| is largest at an
 *    end: max(|6(H−z_a) − 4D·tanγ|, |6(H−z_a) − 2D·tanγ|)/D².
 *      lateral y = h01(ξ)·y_D + h11(ξ)·D·(dy/dx)_D,  h11(ξ) = ξ³ − ξ²,
 *    from the weave's offset and slope at the dive start to zero offset and slope at impact;
 *    |y_ξξ| ≤ 6·|y_D| + 4·D·|dy/dx| ≤ 6A + 4D·A·k.
 * The run ends at s = len, on the aim point, at t_end = t0 + len/V. */
#include "sim/target.h"

#include <math.h>
#include <string.h>

#include "sim/internal.h"

/* Cubic Hermite basis on [0, 1] with first and second derivatives. */
static void h01(double x, double *f, double *d1, double *d2)
{
    *f = x * x * (3.0 - 2.0 * x);
    *d1 = 6.0 * x * (1.0 - x);
    *d2 = 6.0 - 12.0 * x;
}

static void h10(double x, double *f, double *d1, double *d2)
{
    *f = x * (x - 1.0) * (x - 1.0);
    *d1 = (3.0 * x - 1.0) * (x - 1.0);
    *d2 = 6.0 * x - 4.0;
}

static void h11(double x, double *f, double *d1, double *d2)
{
    *f = x * x * (x - 1.0);
    *d1 = x * (3.0 * x - 2.0);
    *d2 = 6.0 * x - 2.0;
}

/* Random weave offset at join j: 0 at launch, else uniform in [−A, A] from a hash of the
 * path's seed, so any join can be evaluated without the ones before it. */
static double weave_node(const struct vg_fpv_path *p, double j)
{
    if (j <= 0.0)
        return 0.0;
    uint64_t h = vg__mix64(p->weave_seed ^ vg__mix64((uint64_t)j));
    double u01 = (double)(h >> 11) * 0x1.0p-53;
    return p->amp * (2.0 * u01 - 1.0);
}

/* Lateral offset of the weave at along-track distance s and its first two s-derivatives. */
static void weave(const struct vg_fpv_path *p, double s, double y[3])
{
    if (p->weave == VG_WEAVE_SINE) {
        double sn = sin(p->k * s), cs = cos(p->k * s);
        y[0] = p->amp * sn;
        y[1] = p->amp * p->k * cs;
        y[2] = -p->amp * p->k * p->k * sn;
    } else if (p->weave == VG_WEAVE_RANDOM) {
        double half = VG__PI / p->k; /* half a wavelength */
        double j = floor(s / half), tau = s / half - j;
        double o0 = weave_node(p, j), dy = weave_node(p, j + 1.0) - o0;
        y[0] = o0 + dy * 0.5 * (1.0 - cos(VG__PI * tau));
        y[1] = dy * VG__PI / (2.0 * half) * sin(VG__PI * tau);
        y[2] = dy * VG__PI * VG__PI / (2.0 * half * half) * cos(VG__PI * tau);
    } else {
        y[0] = y[1] = y[2] = 0.0;
    }
}

int vg_fpv_path_init(struct vg_fpv_path *p, const struct vg_sim_fpv *c, uint64_t weave_seed,
                     struct vg_diag *why)
{
    memset(p, 0, sizeof *p);
    double de = c->aim[0] - c->launch[0], dn = c->aim[1] - c->launch[1];
    double len = hypot(de, dn), V = c->speed_mps;
    if (!(len >= 1.0))
        return vg_diag_set(why, VG_ERANGE, "launch point is on top of the aim point");
    double dh_climb = c->height_m - c->launch[2], dh_dive = c->height_m - c->aim[2];
    if (!(dh_dive > 0.0))
        return vg_diag_set(why, VG_ERANGE,
                           "'height_m' %g is not above the aim point's height %g",
                           c->height_m, c->aim[2]);
    double climb_len = 1.5 * fabs(dh_climb) / tan(c->climb_deg * VG__DEG);
    double D = c->dive_start_m;
    if (climb_len + D > len)
        return vg_diag_set(why, VG_ERANGE,
                           "the run is %.0f m long, too short for the climb (%.0f m at "
                           "climb_deg %g) and the dive (dive.start_m %g)",
                           len, climb_len, c->climb_deg, D);
    double tan_g = tan(c->dive_angle_deg * VG__DEG);
    if (tan_g > 3.0 * dh_dive / D)
        return vg_diag_set(why, VG_ERANGE,
                           "'dive.angle_deg' %g is too steep for a dive from %g m starting "
                           "%g m out: at most %.1f deg, or start the dive closer",
                           c->dive_angle_deg, dh_dive, D, atan(3.0 * dh_dive / D) / VG__DEG);

    p->t0 = c->launch_s;
    p->t_end = c->launch_s + len / V;
    p->v = V;
    memcpy(p->start, c->launch, sizeof p->start);
    p->u[0] = de / len;
    p->u[1] = dn / len;
    p->w[0] = -p->u[1];
    p->w[1] = p->u[0];
    p->len = len;
    p->h0 = c->launch[2];
    p->h_cruise = c->height_m;
    p->h_aim = c->aim[2];
    p->climb_len = climb_len;
    p->dive_len = D;
    p->tan_dive = tan_g;
    p->weave = c->weave_amp_m > 0.0 ? c->weave : VG_WEAVE_NONE;
    p->amp = p->weave != VG_WEAVE_NONE ? c->weave_amp_m : 0.0;
    p->k = 2.0 * VG__PI / (V * c->weave_period_s);
    p->weave_seed = weave_seed;
    double y[3];
    weave(p, len - D, y);
    p->dive_y = y[0];
    p->dive_dy = y[1];

    /* Bounds from the header's formulas, with the weave's worst case at the dive start. */
    double V2 = V * V, A = p->amp, k = p->k;
    double a_weave = V2 * A * k * k;
    double a_climb = climb_len > 0.0 ? V2 * 6.0 * fabs(dh_climb) / (climb_len * climb_len) : 0;
    double a_dive_lat = V2 * (6.0 * A + 4.0 * D * A * k) / (D * D);
    double a_dive_up = V2 * fmax(fabs(6.0 * dh_dive - 4.0 * D * tan_g),
                                 fabs(6.0 * dh_dive - 2.0 * D * tan_g)) / (D * D);
    double a_first = hypot(a_weave, a_climb), a_dive = hypot(a_dive_lat, a_dive_up);
    p->a_cruise = a_weave;
    p->a_bound = fmax(a_first, a_dive);
    double lim = c->max_g * VG_G0;
    if (p->a_bound > lim && a_first >= a_dive)
        return vg_diag_set(why, VG_ERANGE,
                           "the climb and weave need up to %.2f g, above max_g %g (weave "
                           "A·(2π/T)² = %.2f g: lengthen weave.period_s or reduce "
                           "weave.amplitude_m; or lower climb_deg)",
                           a_first / VG_G0, c->max_g, a_weave / VG_G0);
    if (p->a_bound > lim)
        return vg_diag_set(why, VG_ERANGE,
                           "the dive needs up to %.2f g, above max_g %g (start it further out "
                           "with dive.start_m, or weave less)",
                           a_dive / VG_G0, c->max_g);
    return 0;
}

void vg_fpv_path_eval(const struct vg_fpv_path *p, double t, double pos[3], double vel[3],
                      double acc[3])
{
    double s = p->v * (t - p->t0);
    s = s < 0.0 ? 0.0 : s > p->len ? p->len : s;
    double y[3], z[3];
    double x = p->len - s, D = p->dive_len;
    if (x >= D) {
        weave(p, s, y);
    } else {
        /* dy/dx = −dy/ds: the Hermite runs in ξ = x/D, so d/ds = −(1/D)·d/dξ. */
        double xi = x / D, f, d1, d2, g, e1, e2;
        h01(xi, &f, &d1, &d2);
        h11(xi, &g, &e1, &e2);
        double slope_x = -p->dive_dy;
        y[0] = f * p->dive_y + g * D * slope_x;
        y[1] = -(d1 * p->dive_y + e1 * D * slope_x) / D;
        y[2] = (d2 * p->dive_y + e2 * D * slope_x) / (D * D);
    }
    if (s < p->climb_len) {
        double f, d1, d2, dh = p->h_cruise - p->h0, L = p->climb_len;
        h01(s / L, &f, &d1, &d2);
        z[0] = p->h0 + dh * f;
        z[1] = dh * d1 / L;
        z[2] = dh * d2 / (L * L);
    } else if (x >= D) {
        z[0] = p->h_cruise;
        z[1] = z[2] = 0.0;
    } else {
        double xi = x / D, f, d1, d2, g, e1, e2, dh = p->h_cruise - p->h_aim;
        h10(xi, &g, &e1, &e2);
        h01(xi, &f, &d1, &d2);
        double slope = D * p->tan_dive;
        z[0] = p->h_aim + g * slope + f * dh;
        z[1] = -(e1 * slope + d1 * dh) / D;
        z[2] = (e2 * slope + d2 * dh) / (D * D);
    }
    double V = p->v, V2 = V * V;
    for (int i = 0; i < 2; i++) {
        pos[i] = p->start[i] + s * p->u[i] + y[0] * p->w[i];
        vel[i] = V * (p->u[i] + y[1] * p->w[i]);
        if (acc)
            acc[i] = V2 * y[2] * p->w[i];
    }
    pos[2] = z[0];
    vel[2] = V * z[1];
    if (acc)
        acc[2] = V2 * z[2];
}
