/* SPDX-License-Identifier: MIT */
/* detection.h — the one record every sensor format is decoded into.
 *
 * Nothing downstream of sense/ knows a wire format: a decoder fills a caller-owned
 * struct vg_detection (no allocation per detection), with angles already in radians and
 * the measurement covariance R in the same units as z. Sensors are referred to by their
 * index in the site's sensor table (base/site.h), resolved once at decode time. */
#ifndef VG_DETECTION_H
#define VG_DETECTION_H

#include <stdint.h>

enum vg_det_kind {
    VG_DET_XYZ = 0,  /* z = [e, n, u] m in the site frame */
    VG_DET_POLAR,    /* z = [range m, az rad, el rad(, rr m/s)] from the sensor position */
    VG_DET_BEARING,  /* z = [az rad(, el rad)] from the sensor position */
    VG_DET_ADSB,     /* cooperative manned aircraft: z = [e, n, u] m from lat/lon/alt,
                        coop_id = ICAO 24-bit address (hex) */
    VG_DET_REMOTEID, /* ASTM F3411 broadcast: z = [e, n, u] m, coop_id = UAS ID,
                        coop_op = operator position when given */
    VG_DET_SCAN,     /* the sensor closed a scan at t; no measurement (nz = 0), or, for a
                        rotating sensor that reports by sector (ASTERIX Cat 034 sector
                        crossings), z = [az_from, az_to] rad (nz = 2): the sector swept
                        clockwise from az_from to az_to since the previous marker */
    VG_DET_KIND_COUNT
};

enum vg_class {
    VG_CLASS_UNKNOWN = 0,
    VG_CLASS_DRONE,
    VG_CLASS_BIRD,
    VG_CLASS_AIRCRAFT,
    VG_CLASS_PERSON,
    VG_CLASS_VEHICLE,
    VG_CLASS_COUNT
};

/* An RF emitter's link type (formats.md `emitter.link`), as RF direction finders report it
 * and as the simulator's FPVs fly. Fibre-optic and autonomous drones emit nothing. */
enum vg_link {
    VG_LINK_ANALOG_VIDEO = 0, /* analog video downlink, typically 5.8 GHz */
    VG_LINK_ELRS,             /* ExpressLRS control link, typically 868/915 MHz or 2.4 GHz */
    VG_LINK_DJI_OCUSYNC,      /* DJI OcuSync digital link, 2.4/5.8 GHz */
    VG_LINK_FIBRE,            /* fibre-optic spool: silent */
    VG_LINK_AUTONOMOUS,       /* no link at all: silent */
    VG_LINK_NONE,             /* no link known (not an RF report; or not a drone) */
    VG_LINK_OTHER,            /* a link name this build does not know */
    VG_LINK_COUNT
};

/* flags */
#define VG_DET_HAS_EL (1u << 0)   /* polar/bearing: elevation measured */
#define VG_DET_HAS_RR (1u << 1)   /* polar: range rate measured (z[3]) */
#define VG_DET_HAS_SNR (1u << 2)
#define VG_DET_HAS_RCS (1u << 3)
#define VG_DET_HAS_HINT (1u << 4) /* class_hint / class_p valid */
#define VG_DET_HAS_EMITTER (1u << 6) /* band_mhz and link valid (RF reports) */
#define VG_DET_HAS_COOP_VEL (1u << 7) /* adsb/remoteid: coop_vel valid */
#define VG_DET_HAS_COOP_OP (1u << 8)  /* remoteid: coop_op (operator position) valid */
#define VG_DET_ACOUSTIC (1u << 5) /* bearing of a sound: to where the source was range/c ago
                                     (set by the tracker for acoustic sensors) */

#define VG_DET_NZ_MAX 4

struct vg_detection {
    double t;                        /* s; offline: since scenario start, live: UNIX time */
    uint32_t sensor;                 /* index into vg_site.sensors */
    uint8_t kind;                    /* enum vg_det_kind */
    uint8_t nz;                      /* measured components in z (0 for scan) */
    uint16_t flags;                  /* VG_DET_HAS_* */
    double z[VG_DET_NZ_MAX];         /* measurement, units per kind above (angles rad) */
    double R[VG_DET_NZ_MAX * VG_DET_NZ_MAX]; /* nz×nz covariance, row-major, units of z */
    float snr_db;                    /* valid with VG_DET_HAS_SNR */
    float rcs_dbsm;                  /* valid with VG_DET_HAS_RCS */
    uint8_t class_hint;              /* enum vg_class, valid with VG_DET_HAS_HINT */
    float class_p;                   /* probability of class_hint, 0..1 */
    char coop_id[24];                /* adsb: ICAO address (6 hex digits); remoteid: UAS ID */
    float coop_vel[3];               /* adsb/remoteid: reported velocity, ENU m/s */
    float coop_op[2];                /* remoteid: operator position, ENU [e, n] m */
    float band_mhz;                  /* RF emitter carrier, MHz, with VG_DET_HAS_EMITTER */
    uint8_t link;                    /* enum vg_link, with VG_DET_HAS_EMITTER */
    uint32_t src_line;               /* line (or record) number in the source, for diagnostics */
};

const char *vg_det_kind_name(enum vg_det_kind k); /* "xyz", "polar", ... */
const char *vg_class_name(enum vg_class c);       /* "drone", "bird", ... */
/* Returns the enum value, or -1 if the name is unknown. */
int vg_det_kind_from_name(const char *s);
int vg_class_from_name(const char *s);
const char *vg_link_name(int link);      /* "analog-video", ..., "none", "other" */
int vg_link_from_name(const char *s);    /* enum value; VG_LINK_OTHER for unknown names */
int vg_link_emits(int link);             /* 1 for the links that radiate */

#endif
