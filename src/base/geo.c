/* SPDX-License-Identifier: MIT */
/* geo.c — WGS-84 geodetic ↔ ECEF ↔ local ENU conversions.
 *
 * Geodetic → ECEF is the textbook closed form (NIMA TR8350.2, §4.1):
 *     N = a / √(1 − e² sin²φ),
 *     X = (N + h) cos φ cos λ,   Y = (N + h) cos φ sin λ,   Z = (N (1 − e²) + h) sin φ.
 *
 * ECEF → geodetic is Vermeille's exact closed form (H. Vermeille, "An analytical method to
 * transform geocentric into geodetic coordinates", J. Geodesy 85:105–117, 2011), which unlike
 * his 2002 paper and Bowring's one-step formula stays exact everywhere, including inside the
 * evolute near the Earth's centre. With p = (X² + Y²)/a², q = (1 − e²) Z²/a², r = (p + q − e⁴)/6,
 * s = e⁴ p q / (4 r³), t = ∛(1 + s ± √(s (2 + s))), u = r (1 + t + 1/t), v = √(u² + e⁴ q),
 * w = e² (u + v − q) / (2 v), k = √(u + v + w²) − w, D = k √(X² + Y²) / (k + e²):
 *     tan φ = Z / D,   h = (k + e² − 1)/k · √(D² + Z²).
 * The formulas are evaluated as rearranged by C. F. F. Karney in GeographicLib
 * (Geocentric::IntReverse, MIT licence) to avoid cancellation: r³ and r are multiplied
 * through so r = 0 is harmless, the cube-root sign is chosen to maximise |t³|, the
 * trigonometric root is used when the discriminant is negative (inside the evolute), u + v
 * is computed as e⁴q/(v − u) when u < 0, and the equatorial plane inside the evolute is taken
 * as a limit. The result is accurate to a few nanometres at any height; there is no iteration
 * to converge and no loop, so the cost is fixed (one cbrt, a few sqrt, one atan2).
 *
 * ENU: enu = R (x − x0) with R's rows the east, north and up unit vectors at the origin
 * (x0 = origin in ECEF); the inverse is x = x0 + R' enu.
 *
 * Angles are reduced in degrees before conversion to radians (remquo by 90°, as GeographicLib's
 * Math::sincosd), so 90°, 180° and 360° give exact zeros and longitudes in [180, 360] are as
 * accurate as in [-180, 180]. Longitudes come back in [-180, 180]. */
#include "base/geo.h"

#include "base/err.h"

#include <float.h>
#include <math.h>

#define PI 3.14159265358979323846
#define DEG (PI / 180.0)

/* WGS-84 derived constants: e² = f (2 − f), 1 − e² = (1 − f)². */
#define E2 (VG_WGS84_F * (2.0 - VG_WGS84_F))
#define E2M ((1.0 - VG_WGS84_F) * (1.0 - VG_WGS84_F))
#define E4 (E2 * E2)

/* sin and cos of x degrees, exact at multiples of 90°: remquo leaves |r| ≤ 45 exactly. */
static void sincosd(double x, double *s, double *c)
{
    int q = 0;
    double r = remquo(x, 90.0, &q) * DEG;
    double sr = sin(r), cr = cos(r);
    switch ((unsigned)q & 3u) {
    case 0:
        *s = sr;
        *c = cr;
        break;
    case 1:
        *s = cr;
        *c = -sr;
        break;
    case 2:
        *s = -sr;
        *c = -cr;
        break;
    default:
        *s = -cr;
        *c = sr;
        break;
    }
}

void vg_geo_to_ecef(double lat_deg, double lon_deg, double h_m, double ecef[3])
{
    double sphi, cphi, slam, clam;
    sincosd(lat_deg, &sphi, &cphi);
    sincosd(lon_deg, &slam, &clam);
    double n = VG_WGS84_A / sqrt(1.0 - E2 * sphi * sphi);
    double rho = (n + h_m) * cphi;
    ecef[0] = rho * clam;
    ecef[1] = rho * slam;
    ecef[2] = (n * E2M + h_m) * sphi;
}

void vg_ecef_to_geo(const double ecef[3], double *lat_deg, double *lon_deg, double *h_m)
{
    const double a = VG_WGS84_A;
    /* Beyond this distance (~5.7e22 m) p, q and the discriminant could overflow; the Earth is
     * then a point and the geocentric direction is the geodetic one to within ε. */
    const double maxrad = 2.0 * a / DBL_EPSILON;
    double x = ecef[0], y = ecef[1], z = ecef[2];
    double rxy = hypot(x, y);
    double h = hypot(rxy, z);
    double sphi, cphi;

    *lon_deg = rxy != 0.0 ? atan2(y, x) / DEG : 0.0;
    if (h > maxrad) {
        double r2 = hypot(x / 2, y / 2), hh = hypot(z / 2, r2);
        sphi = (z / 2) / hh;
        cphi = r2 / hh;
    } else {
        double p = (rxy / a) * (rxy / a);
        double q = E2M * (z / a) * (z / a);
        double r = (p + q - E4) / 6.0;
        if (!(E4 * q == 0.0 && r <= 0.0)) {
            double s = E4 * p * q / 4.0; /* s r³ */
            double r2 = r * r, r3 = r * r2;
            double disc = s * (2.0 * r3 + s);
            double u = r;
            if (disc >= 0.0) {
                double t3 = s + r3; /* (r t)³, root sign chosen to maximise |t3| */
                t3 += t3 < 0.0 ? -sqrt(disc) : sqrt(disc);
                double t = cbrt(t3); /* r t */
                u += t + (t != 0.0 ? r2 / t : 0.0);
            } else {
                /* Inside the evolute: three real roots; take the one without cancellation. */
                double ang = atan2(sqrt(-disc), -(s + r3));
                u += 2.0 * r * cos(ang / 3.0);
            }
            double v = sqrt(u * u + E4 * q);
            double uv = u < 0.0 ? E4 * q / (v - u) : u + v; /* u + v > 0 */
            double w = fmax(0.0, E2 * (uv - q) / (2.0 * v));
            double k = uv / (sqrt(uv + w * w) + w);
            double k2 = k + E2;
            double d = k * rxy / k2;
            double hh = hypot(z / k, rxy / k2);
            sphi = (z / k) / hh;
            cphi = (rxy / k2) / hh;
            h = (1.0 - E2M / k) * hypot(d, z);
        } else {
            /* z = 0 inside the evolute: the limit k → e² √q / √(e⁴ − p). */
            double zz = sqrt((E4 - p) / E2M), xx = sqrt(p), hh = hypot(zz, xx);
            sphi = zz / hh;
            cphi = xx / hh;
            if (z < 0.0)
                sphi = -sphi;
            h = -a * E2M * hh / E2;
        }
    }
    *lat_deg = atan2(sphi, cphi) / DEG;
    *h_m = h;
}

int vg_enu_frame_init(struct vg_enu_frame *f, double lat_deg, double lon_deg, double h_m)
{
    if (!(lat_deg >= -90.0 && lat_deg <= 90.0) || !(lon_deg >= -180.0 && lon_deg <= 360.0) ||
        !isfinite(h_m))
        return VG_ERANGE;
    double sphi, cphi, slam, clam;
    sincosd(lat_deg, &sphi, &cphi);
    sincosd(lon_deg, &slam, &clam);
    f->lat0_deg = lat_deg;
    f->lon0_deg = lon_deg;
    f->h0_m = h_m;
    vg_geo_to_ecef(lat_deg, lon_deg, h_m, f->ecef0);
    /* Rows: east (−sin λ, cos λ, 0), north (−sin φ cos λ, −sin φ sin λ, cos φ),
     * up (cos φ cos λ, cos φ sin λ, sin φ). */
    f->r[0] = -slam;
    f->r[1] = clam;
    f->r[2] = 0.0;
    f->r[3] = -sphi * clam;
    f->r[4] = -sphi * slam;
    f->r[5] = cphi;
    f->r[6] = cphi * clam;
    f->r[7] = cphi * slam;
    f->r[8] = sphi;
    return 0;
}

void vg_enu_from_ecef(const struct vg_enu_frame *f, const double ecef[3], double enu[3])
{
    double d[3] = {ecef[0] - f->ecef0[0], ecef[1] - f->ecef0[1], ecef[2] - f->ecef0[2]};
    for (int i = 0; i < 3; i++)
        enu[i] = f->r[3 * i] * d[0] + f->r[3 * i + 1] * d[1] + f->r[3 * i + 2] * d[2];
}

void vg_enu_to_ecef(const struct vg_enu_frame *f, const double enu[3], double ecef[3])
{
    double e[3] = {enu[0], enu[1], enu[2]}; /* enu may alias ecef */
    for (int i = 0; i < 3; i++)
        ecef[i] = f->ecef0[i] + f->r[i] * e[0] + f->r[3 + i] * e[1] + f->r[6 + i] * e[2];
}

void vg_enu_from_geo(const struct vg_enu_frame *f, double lat_deg, double lon_deg, double h_m,
                     double enu[3])
{
    double x[3];
    vg_geo_to_ecef(lat_deg, lon_deg, h_m, x);
    vg_enu_from_ecef(f, x, enu);
}

void vg_enu_to_geo(const struct vg_enu_frame *f, const double enu[3], double *lat_deg,
                   double *lon_deg, double *h_m)
{
    double x[3];
    vg_enu_to_ecef(f, enu, x);
    vg_ecef_to_geo(x, lat_deg, lon_deg, h_m);
}
