/* SPDX-License-Identifier: MIT */
/* geo.h — WGS-84 geodetic ↔ ECEF ↔ local ENU (east, north, up) conversions.
 *
 * Every Vigil position downstream of the decoders is in one site's ENU frame (formats.md),
 * whose origin is a WGS-84 point. Geodetic coordinates are degrees and ellipsoidal metres.
 * Accuracy goal: < 1 mm against PROJ within 100 km of the origin (tests/base/test_geo.c). */
#ifndef VG_GEO_H
#define VG_GEO_H

#define VG_WGS84_A 6378137.0               /* semi-major axis, m (NIMA TR8350.2) */
#define VG_WGS84_F (1.0 / 298.257223563)   /* flattening */

/* Geodetic (lat, lon in degrees, h ellipsoidal m) → ECEF (m). */
void vg_geo_to_ecef(double lat_deg, double lon_deg, double h_m, double ecef[3]);

/* ECEF (m) → geodetic. Exact to well under a millimetre at any height from the Earth's
 * centre region outwards (closed form or converged iteration; see geo.c for the method). */
void vg_ecef_to_geo(const double ecef[3], double *lat_deg, double *lon_deg, double *h_m);

/* A local tangent-plane frame at an origin. Plain data: init once, use by value or pointer. */
struct vg_enu_frame {
    double lat0_deg, lon0_deg, h0_m; /* origin, WGS-84 */
    double ecef0[3];                 /* origin in ECEF, m */
    double r[9];                     /* rotation ECEF→ENU, rows are e, n, u unit vectors */
};

/* Returns 0, or VG_ERANGE if lat is outside [-90, 90], lon outside [-180, 360] or any
 * value is not finite. */
int vg_enu_frame_init(struct vg_enu_frame *f, double lat_deg, double lon_deg, double h_m);

void vg_enu_from_ecef(const struct vg_enu_frame *f, const double ecef[3], double enu[3]);
void vg_enu_to_ecef(const struct vg_enu_frame *f, const double enu[3], double ecef[3]);
void vg_enu_from_geo(const struct vg_enu_frame *f, double lat_deg, double lon_deg, double h_m,
                     double enu[3]);
void vg_enu_to_geo(const struct vg_enu_frame *f, const double enu[3], double *lat_deg,
                   double *lon_deg, double *h_m);

#endif
