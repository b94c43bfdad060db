/* SPDX-License-Identifier: MIT */
/* site.h — where things are: the site's origin, its sensors, protected zones and effectors.
 *
 * Loaded from site.geojson (formats.md: a GeoJSON FeatureCollection with a foreign member
 * "origin": [lon, lat, h]) and written by the simulator. Geometry is converted once to the
 * site's ENU frame at load time; everything downstream works in ENU metres.
 * Ownership: vg_site_init/vg_site_fini; the arrays belong to the site. */
#ifndef VG_SITE_H
#define VG_SITE_H

#include <stddef.h>
#include <stdio.h>

#include "base/err.h"
#include "base/geo.h"

#define VG_ID_MAX 32

enum vg_sensor_type {
    VG_SENSOR_UNKNOWN = 0,
    VG_SENSOR_RADAR,
    VG_SENSOR_RF,
    VG_SENSOR_ACOUSTIC,
    VG_SENSOR_EO,
    VG_SENSOR_ADSB,
    VG_SENSOR_REMOTEID,
    VG_SENSOR_TYPE_COUNT
};

struct vg_sensor {
    char id[VG_ID_MAX];       /* unique id, as used in detections' "sensor" */
    int type;                 /* enum vg_sensor_type */
    double pos[3];            /* ENU m in the site frame */
    double lat_deg, lon_deg, h_m; /* the same position, WGS-84 */
    double range_m;           /* maximum range; 0 = unlimited/unknown */
    double fov_deg[2];        /* azimuth sector [from, to] clockwise; from == to: all round */
    double rate_hz;           /* scan or report rate; 0 = unknown */
    /* Registration: the sensor's known systematic errors, subtracted from its reports
     * before use (a surveyed or estimated bias: reported = true + bias). */
    double bias_range_m;      /* range bias, m */
    double bias_az_deg;       /* azimuth bias (north alignment error), degrees */
    double bias_el_deg;       /* elevation bias, degrees */
    int declared;             /* 1 if it came from the site file, 0 if added implicitly */
};

struct vg_zone {
    char id[VG_ID_MAX];
    char name[64];
    double floor_m, ceiling_m; /* above the origin's height */
    int priority;              /* 1 = highest */
    size_t npts;               /* vertices of the outer ring, closing vertex not repeated */
    double *pts;               /* npts × [e, n] in m */
};

struct vg_effector {
    char id[VG_ID_MAX];
    char type[16];             /* rf-jammer, gnss-jammer, interceptor, gun, laser, net */
    double pos[3];             /* ENU m */
    double lat_deg, lon_deg, h_m;
    double range_m;
};

struct vg_site {
    struct vg_enu_frame frame; /* origin and ENU rotation */
    struct vg_sensor *sensors;
    size_t nsensors, sensors_cap;
    struct vg_zone *zones;
    size_t nzones;
    struct vg_effector *effectors;
    size_t neffectors;
};

/* An empty site with its origin at lat 0, lon 0, h 0 (for files that use only `xyz`). */
void vg_site_init(struct vg_site *s);
void vg_site_fini(struct vg_site *s); /* safe on an initialised or zeroed site */

/* Load a site.geojson into an initialised, empty site. On error, fills d with
 * "PATH: reason" or "PATH: feature N (id 'x'): reason" (N is the 0-based index in
 * "features", as in jq's .features[N]) and leaves s unchanged. Features of unknown kind, and
 * properties Vigil does not know, are ignored (formats.md). */
int vg_site_load(struct vg_site *s, const char *path, struct vg_diag *d);

/* The same from len bytes in memory; name stands for PATH in messages. */
int vg_site_load_buffer(struct vg_site *s, const char *name, const char *buf, size_t len,
                        struct vg_diag *d);

/* Index of the sensor with this id, or -1. */
int vg_site_find_sensor(const struct vg_site *s, const char *id);

/* Append a copy of *sen; returns its index (≥ 0) or VG_EEXIST / VG_ENOMEM / VG_EINVAL. */
int vg_site_add_sensor(struct vg_site *s, const struct vg_sensor *sen);

/* Write the site as GeoJSON (formats.md), one feature per line, coordinates converted from
 * the ENU positions with %.17g, so vg_site_load reads back the same site. Implicit sensors
 * (declared == 0) are not written. Returns 0, VG_EIO, or VG_EINVAL if a value is not
 * finite or a string is not valid UTF-8. */
int vg_site_write_geojson(const struct vg_site *s, FILE *f);

const char *vg_sensor_type_name(int type);      /* "radar", ... */
int vg_sensor_type_from_name(const char *name); /* enum value or -1 */

#endif
