/* SPDX-License-Identifier: MIT */
/* zone.c — point in polygon, inside the prism, distance to and centroid of a protected zone.
 *
 * Point in polygon is the even–odd crossing test (Haines, "Point in polygon strategies",
 * Graphics Gems IV, 1994, §1.1; W. R. Franklin's pnpoly): a ray from the point towards +e
 * crosses the ring an odd number of times iff the point is inside. An edge counts when its
 * end points lie on opposite sides of the ray under the half-open rule "y > py" — a vertex
 * on the ray belongs to the edges above it only — so a ray through a vertex, or along a
 * horizontal edge, is counted once or not at all, never twice. Concave rings need nothing
 * more. What the crossing test cannot decide is a point on the boundary (the answer there
 * depends on the edge's direction), so each edge is first tested for a point within
 * VG_ZONE_EPS_M of it; those are inside (the zone is closed). One pass, O(n), both tests
 * fused; zones have tens of vertices, so no spatial index is worth its memory.
 *
 * Distance is the least point–segment distance over the edges (0 inside). The centroid is the
 * area-weighted one from the shoelace sums (Bourke, "Calculating the area and centroid of a
 * polygon", 1988):
 *     A = ½ Σ (xᵢ yᵢ₊₁ − xᵢ₊₁ yᵢ),  cx = Σ (xᵢ + xᵢ₊₁)(xᵢ yᵢ₊₁ − xᵢ₊₁ yᵢ) / (6A),  likewise cy,
 * with coordinates taken relative to the first vertex (the sums then cancel less). */
#include <math.h>

#include "assess/internal.h"
#include "assess/zone.h"

int vg_zone_check(const struct vg_zone *z)
{
    if (!z || z->npts < 3 || z->npts > VG_ZONE_PTS_MAX || !z->pts)
        return VG_EINVAL;
    /* NaN fails the comparison; infinite floors and ceilings are allowed. */
    if (!(z->floor_m < z->ceiling_m))
        return VG_EINVAL;
    for (size_t i = 0; i < 2 * z->npts; i++)
        if (!(fabs(z->pts[i]) <= VG_ZONE_COORD_MAX)) /* also rejects NaN and ±∞ */
            return VG_EINVAL;
    return 0;
}

static int point_ok(const double *p, int n)
{
    if (!p)
        return 0;
    for (int i = 0; i < n; i++)
        if (!(fabs(p[i]) <= VG_ZONE_COORD_MAX))
            return 0;
    return 1;
}

double vg__seg_dist2(double ax, double ay, double bx, double by, double px, double py)
{
    double dx = bx - ax, dy = by - ay, qx = px - ax, qy = py - ay;
    double len2 = dx * dx + dy * dy, s = 0.0;
    if (len2 > 0.0) {
        s = (qx * dx + qy * dy) / len2;
        s = s < 0.0 ? 0.0 : s > 1.0 ? 1.0 : s;
    }
    double ex = qx - s * dx, ey = qy - s * dy;
    return ex * ex + ey * ey;
}

/* Walks the ring once: returns 1 if the point is on the boundary (within VG_ZONE_EPS_M),
 * else 0 with *in the even–odd parity and *d2 the least squared distance to an edge. */
static int ring_scan(const double *pts, size_t n, double px, double py, int *in, double *d2)
{
    const double eps2 = VG_ZONE_EPS_M * VG_ZONE_EPS_M;
    int odd = 0;
    double best = INFINITY;
    for (size_t i = 0, j = n - 1; i < n; j = i++) {
        double xi = pts[2 * i], yi = pts[2 * i + 1], xj = pts[2 * j], yj = pts[2 * j + 1];
        double e2 = vg__seg_dist2(xj, yj, xi, yi, px, py);
        if (e2 <= eps2)
            return 1;
        if (e2 < best)
            best = e2;
        /* Half-open rule: (yi > py) != (yj > py) also guarantees yi != yj below. */
        if ((yi > py) != (yj > py) && px < (xj - xi) * (py - yi) / (yj - yi) + xi)
            odd = !odd;
    }
    *in = odd;
    *d2 = best;
    return 0;
}

int vg__poly_contains(const double *pts, size_t n, double px, double py)
{
    int in;
    double d2;
    return ring_scan(pts, n, px, py, &in, &d2) || in;
}

double vg__poly_distance(const double *pts, size_t n, double px, double py)
{
    int in;
    double d2;
    if (ring_scan(pts, n, px, py, &in, &d2) || in)
        return 0.0;
    return sqrt(d2);
}

int vg_zone_contains_2d(const struct vg_zone *z, const double p[2], int *inside)
{
    if (vg_zone_check(z) < 0 || !point_ok(p, 2) || !inside)
        return VG_EINVAL;
    *inside = vg__poly_contains(z->pts, z->npts, p[0], p[1]);
    return 0;
}

int vg_zone_contains(const struct vg_zone *z, const double p[3], int *inside)
{
    if (vg_zone_check(z) < 0 || !point_ok(p, 3) || !inside)
        return VG_EINVAL;
    *inside = p[2] >= z->floor_m && p[2] <= z->ceiling_m &&
              vg__poly_contains(z->pts, z->npts, p[0], p[1]);
    return 0;
}

int vg_zone_distance(const struct vg_zone *z, const double p[2], double *dist_m)
{
    if (vg_zone_check(z) < 0 || !point_ok(p, 2) || !dist_m)
        return VG_EINVAL;
    *dist_m = vg__poly_distance(z->pts, z->npts, p[0], p[1]);
    return 0;
}

int vg_zone_centroid(const struct vg_zone *z, double c[2])
{
    if (vg_zone_check(z) < 0 || !c)
        return VG_EINVAL;
    const double *p = z->pts;
    size_t n = z->npts;
    double x0 = p[0], y0 = p[1];
    double a2 = 0.0, sx = 0.0, sy = 0.0, mx = 0.0, my = 0.0, ext = 0.0;
    for (size_t i = 0; i < n; i++) {
        size_t k = i + 1 == n ? 0 : i + 1;
        double xi = p[2 * i] - x0, yi = p[2 * i + 1] - y0;
        double xk = p[2 * k] - x0, yk = p[2 * k + 1] - y0;
        double cr = xi * yk - xk * yi;
        a2 += cr;
        sx += (xi + xk) * cr;
        sy += (yi + yk) * cr;
        mx += xi;
        my += yi;
        ext = fmax(ext, fmax(fabs(xi), fabs(yi)));
    }
    /* Zero area, up to rounding in sums of n terms of size ext²: no area centroid. */
    if (!(fabs(a2) > 1e-12 * (double)n * ext * ext)) {
        c[0] = x0 + mx / (double)n;
        c[1] = y0 + my / (double)n;
        return 0;
    }
    c[0] = x0 + sx / (3.0 * a2); /* 6A = 3 · (2A) */
    c[1] = y0 + sy / (3.0 * a2);
    return 0;
}
