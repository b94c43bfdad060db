/* SPDX-License-Identifier: MIT */
/* zone.h — a protected zone's geometry: point in polygon, inside the prism, distance, centroid.
 *
 * A zone (base/site.h) is a polygon in the site's ENU plane, npts × [e, n] metres, extruded
 * between floor_m and ceiling_m (heights above the origin): a vertical prism. Polygons may be
 * concave and wound either way; a self-intersecting ring is read by the even–odd rule.
 *
 * The zone is a closed set: a point on an edge, on a vertex, on the floor or on the ceiling is
 * inside. Floating point cannot decide "exactly on an edge" for a computed point, so the
 * boundary is given a thickness of VG_ZONE_EPS_M (1 nm): points within it of an edge are on
 * it. That makes every answer near edges and vertices consistent across calls and with
 * approach.h, whose entry times and CPAs use the same tolerance.
 *
 * Every function checks its zone (vg_zone_check, O(npts)) and its inputs, returns 0 or a
 * negative VG_E* code (base/err.h), writes its results only on success, and never allocates:
 * a track and a zone in, numbers out. */
#ifndef VG_ASSESS_ZONE_H
#define VG_ASSESS_ZONE_H

#include <stddef.h>

#include "base/err.h"
#include "base/site.h"

#define VG_ZONE_EPS_M 1e-9         /* boundary thickness, m: closer to an edge is on it */
#define VG_ZONE_COORD_MAX 1e9      /* largest |coordinate| accepted, m (inputs, vertices) */
#define VG_ZONE_PTS_MAX (1u << 20) /* most vertices accepted in one ring */

/* 0 if z is usable: non-NULL, 3 ≤ npts ≤ VG_ZONE_PTS_MAX, pts non-NULL with finite vertices
 * of magnitude ≤ VG_ZONE_COORD_MAX, floor_m < ceiling_m (either may be infinite, neither
 * NaN). VG_EINVAL otherwise. Repeated or collinear vertices are allowed. */
int vg_zone_check(const struct vg_zone *z);

/* *inside = 1 if the horizontal point p = [e, n] (m) lies in the closed polygon, else 0.
 * Even–odd crossing test with the half-open rule for vertices (Haines, "Point in polygon
 * strategies", Graphics Gems IV, 1994, §1.1; W. R. Franklin's pnpoly), after a boundary
 * test. VG_EINVAL for a bad zone, a NULL or non-finite p, a NULL inside. */
int vg_zone_contains_2d(const struct vg_zone *z, const double p[2], int *inside);

/* *inside = 1 if p = [e, n, u] (m) lies in the closed prism: the polygon and
 * floor_m ≤ u ≤ ceiling_m. Errors as vg_zone_contains_2d. */
int vg_zone_contains(const struct vg_zone *z, const double p[3], int *inside);

/* *dist_m = horizontal distance (m) from p = [e, n] to the polygon: 0 inside or on the
 * boundary, else the least distance to an edge. Errors as vg_zone_contains_2d. */
int vg_zone_distance(const struct vg_zone *z, const double p[2], double *dist_m);

/* c = the polygon's area centroid [e, n] (m), by the shoelace sums (Bourke, "Calculating the
 * area and centroid of a polygon", 1988), taken relative to the first vertex so that a zone
 * far from the origin loses no precision. A ring of (almost) zero area — collinear or
 * repeated vertices — has no area centroid: the mean of its vertices is given instead.
 * VG_EINVAL for a bad zone or a NULL c. */
int vg_zone_centroid(const struct vg_zone *z, double c[2]);

#endif
