/* SPDX-License-Identifier: MIT */
/* scenario.h — what the simulator is asked to play: site, sensors and targets, as plain data.
 *
 * A scenario is read from YAML (docs/scenario.md; sim/scenario_yaml.c) into these structs,
 * checked once at load time — every value against its bounds, every FPV's geometry against
 * its acceleration limit — so that vg_sim_run() (sim/sim.h) cannot fail on the scenario's
 * content. Units are in the field names; positions are ENU metres in the site frame.
 * Ownership: vg_scenario_init/vg_scenario_fini; every array belongs to the scenario. */
#ifndef VG_SIM_SCENARIO_H
#define VG_SIM_SCENARIO_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/site.h"
#include "sense/detection.h"

#define VG_G0 9.80665 /* standard gravity, m/s² (the unit of max_g) */

enum vg_scan_mode {
    VG_SCAN_ROTATING = 0, /* a target is seen when the beam passes its azimuth */
    VG_SCAN_ELECTRONIC    /* every detection of a scan carries the scan's end time */
};

enum vg_weave { VG_WEAVE_NONE = 0, VG_WEAVE_SINE, VG_WEAVE_RANDOM };

/* An FPV's radio link, as an RF direction finder sees it: the first three emit (on the
 * FPV's band_mhz), a fibre-optic or autonomous FPV emits nothing; birds have no link. */

/* enum vg_link, vg_link_name and vg_link_emits live in sense/detection.h. */
double vg_link_band_mhz(int link);    /* default band of an emitting link, else 0 */

/* A sensor's systematic error, added to every report of a real object: reported = true +
 * bias + noise. registration says whether site.geojson declares it (so that a tracker
 * subtracts it) or not. */
enum vg_registration { VG_REG_UNKNOWN = 0, VG_REG_KNOWN };

struct vg_sim_bias {
    double range_m;           /* radars only */
    double az_deg, el_deg;
    int registration;         /* enum vg_registration */
};

/* Reporting latency of a sensor's link: each report and scan marker arrives at
 * t + max(0, mean_s + U[-jitter_s, +jitter_s]); in_order keeps the link FIFO (a report never
 * overtakes an earlier one of the same sensor: arrival = max(that, previous arrival)). */
struct vg_sim_delay {
    double mean_s;            /* ≥ 0 */
    double jitter_s;          /* ≥ 0 */
    int in_order;             /* 1: FIFO link */
};

struct vg_sim_radar {
    char id[VG_ID_MAX];
    double pos[3];            /* ENU m */
    int scan;                 /* enum vg_scan_mode */
    double period_s;          /* scan period, > 0 (the file may give rate_hz instead) */
    double start_s;           /* first scan starts here, ≥ 0; scan k ends at start+(k+1)·period */
    double range_min_m;       /* blind range, ≥ 0 */
    double range_max_m;       /* instrumented range, > range_min_m */
    double el_min_deg, el_max_deg; /* elevation coverage, -90 ≤ min < max ≤ 90 */
    double pd_ref;            /* detection probability of a pd_rcs_dbsm target at pd_range_m */
    double pd_range_m;        /* > 0 */
    double pd_rcs_dbsm;
    double pfa;               /* false-alarm probability per cell: shapes the Pd curve */
    double sigma_range_m;     /* measurement noise, one standard deviation, > 0 */
    double sigma_az_deg;      /* > 0 */
    double sigma_el_deg;      /* > 0 */
    double sigma_rr_mps;      /* > 0 reports range rate, 0 does not */
    int sectors;              /* rotating: a marker closes each of this many equal sectors
                                 of a scan (as ASTERIX Cat 034 sector crossings do); 1: one
                                 marker per scan. Electronic scans: always 1 */
    int report_rcs;           /* 1: each plot carries the RCS the radar estimates from its
                                 echo's power (a single look: Swerling-I spread included) */
    double md_p_correct;      /* micro-Doppler classifier: probability its class hint is
                                 right; 0: the radar gives no class hints */
    double md_min_snr_db;     /* hints only on plots at least this strong */
    double clutter_per_scan;  /* mean false detections per scan (Poisson), ≥ 0 */
    double clutter_rr_max_mps; /* clutter range rate uniform in ±this */
    struct vg_sim_bias bias;  /* range, azimuth and elevation bias of its reports */
    struct vg_sim_delay delay;
    int line;                 /* where it was declared in the scenario file */
};

/* A passive, bearing-only sensor: an RF direction finder (bearings to emitting drones) or an
 * acoustic array (bearings to drones it hears, from where they were when the sound left).
 * Each reporting interval k covers [start + k·P, start + (k+1)·P] and its reports carry its
 * end time (sim/bearing.h has the model). */
struct vg_sim_bearing_sensor {
    char id[VG_ID_MAX];
    int type;                 /* VG_SENSOR_RF or VG_SENSOR_ACOUSTIC (base/site.h) */
    double pos[3];            /* ENU m */
    double period_s;          /* reporting interval, > 0 */
    double start_s;           /* ≥ 0 */
    double range_m;           /* nothing further away is reported, > 0 */
    double el_min_deg, el_max_deg; /* elevation coverage, -90 ≤ min < max ≤ 90 */
    double pd;                /* detection probability per interval within coverage, (0, 1] */
    double sigma_az_deg;      /* azimuth noise, > 0 */
    double sigma_el_deg;      /* elevation noise; 0: azimuth only */
    double clutter_rate_hz;   /* mean false bearings per second (Poisson per interval) */
    double sound_mps;         /* acoustic: speed of sound, m/s (the propagation delay) */
    int markers;              /* 1: a scan marker ends each interval */
    struct vg_sim_bias bias;  /* azimuth and elevation bias (range_m unused) */
    struct vg_sim_delay delay;
    int line;
};

struct vg_sim_fpv {
    char id[VG_ID_MAX];
    int hostile;              /* 1 = attacker */
    double rcs_dbsm;
    double launch[3];         /* ENU m; launch[2] is the launch height */
    double launch_s;          /* launch time, ≥ 0 */
    double speed_mps;         /* along-track (horizontal) cruise speed */
    double height_m;          /* cruise height, ENU up */
    double climb_deg;         /* steepest climb angle from launch to cruise height */
    char zone[VG_ID_MAX];     /* target zone id, "" when aim was given directly */
    double aim[3];            /* impact point: the zone's centroid at its floor, or as given */
    int weave;                /* enum vg_weave */
    double weave_amp_m;       /* lateral offset amplitude A */
    double weave_period_s;    /* T; lateral acceleration ≤ A·(2π/T)² */
    double dive_start_m;      /* horizontal distance from aim where the dive begins */
    double dive_angle_deg;    /* flight-path angle below horizontal at impact */
    double max_g;             /* acceleration limit the geometry was checked against, g */
    int link;                 /* enum vg_link (default analog video) */
    double band_mhz;          /* emitting links: carrier, MHz; 0 for silent ones */
    int line;
};

struct vg_sim_flock {
    char id[VG_ID_MAX];       /* names the flock in messages; birds are "bird-N" */
    int hostile;
    double rcs_dbsm;
    int count;                /* birds, ≥ 1 */
    double centre[2];         /* ENU [e, n] m at t = 0 */
    double radius_m;          /* birds stay within this of the flock centre */
    double height_m[2];       /* [low, high] band of flight heights, ENU up */
    double speed_mps[2];      /* [low, high]: every bird's speed stays in this band */
    double heading_deg;       /* mean drift direction, clockwise from north */
    int line;
};

/* A cooperative receiver: an ADS-B ground station (1090 MHz Extended Squitter) or a Remote
 * ID receiver (ASTM F3411 over Wi-Fi / Bluetooth). It decodes what equipped objects broadcast
 * — their own GNSS position, velocity and identity — so its reports are adsb or remoteid
 * detections at each object's own broadcast times, not a sweep: no scan markers, no false
 * reports, and silence about everything that does not broadcast (sim/coop.h has the model). */
struct vg_sim_coop_receiver {
    char id[VG_ID_MAX];
    int type;                 /* VG_SENSOR_ADSB or VG_SENSOR_REMOTEID (base/site.h) */
    double pos[3];            /* ENU m */
    double period_s;          /* update interval of each object, > 0 */
    double jitter_s;          /* each update U[-jitter, +jitter] off its slot, ≤ period/2 */
    double range_m;           /* nothing farther away is received, > 0 */
    double sigma_h_m;         /* position error per horizontal axis, 1 σ, > 0 */
    double sigma_v_m;         /* height error, 1 σ, > 0 */
    double sigma_vel_mps;     /* velocity error per axis, 1 σ, ≥ 0 */
    double loss;              /* probability that an update is lost, [0, 1) */
    struct vg_sim_delay delay;
    int line;
};

/* A constant-speed, constant-height route over the ground (aircraft and hobby drones): fly-by
 * waypoints joined by straight legs and circular turns of radius V²/(max_g·g0), an orbit, or
 * a lawn-mower survey expanded into waypoints at load time (sim/target_route.c). */
#define VG_SIM_ROUTE_MAX 64   /* waypoints of one route */

enum vg_route_kind { VG_ROUTE_WAYPOINTS = 0, VG_ROUTE_LOITER, VG_ROUTE_LAWNMOWER };

struct vg_sim_route {
    int kind;                 /* enum vg_route_kind */
    int npts;                 /* waypoints (loiter: 0), ≤ VG_SIM_ROUTE_MAX */
    double pts[VG_SIM_ROUTE_MAX][2]; /* [e, n] ENU m */
    int loop;                 /* 1: a closed circuit flown over and over (loiter: always) */
    double centre[2];         /* loiter: orbit centre; lawn-mower: centre of the area, ENU m */
    double radius_m;          /* loiter: orbit radius */
    int clockwise;            /* loiter: direction, seen from above */
    int legs;                 /* lawn-mower: parallel legs, even (back where it began) */
    double length_m;          /* lawn-mower: leg length */
    double spacing_m;         /* lawn-mower: distance between legs */
    double heading_deg;       /* lawn-mower: direction of the first leg, clockwise from north */
    double speed_mps;         /* ground speed, constant */
    double height_m;          /* ENU up, constant */
    double start_s;           /* at the route's start at this time, s (may be < 0: under way) */
    double end_s;             /* gone at this time (INFINITY: at the route's end or never) */
    double max_g;             /* turn acceleration, g: turn radius V²/(max_g·g0) */
};

/* A manned aircraft or helicopter: class aircraft, with an ADS-B transponder or none. */
struct vg_sim_aircraft {
    char id[VG_ID_MAX];
    int hostile;
    double rcs_dbsm;
    struct vg_sim_route route;
    int adsb;                 /* 1: transponder fitted (Mode S Extended Squitter) */
    char icao[8];             /* 6 hex digits, lower case */
    char callsign[9];         /* 1-8 of A-Z, 0-9, space; "" none */
    char squawk[5];           /* 4 octal digits; "" none */
    int line;
};

/* A hobby or commercial drone going about its business: class drone, not hostile. */
struct vg_sim_hobby {
    char id[VG_ID_MAX];
    int hostile;
    double rcs_dbsm;
    struct vg_sim_route route;
    int link;                 /* enum vg_link (default dji-ocusync) */
    double band_mhz;          /* emitting links: carrier, MHz; 0 for silent ones */
    int remoteid;             /* 1: broadcasts ASTM F3411 Remote ID */
    char uas_id[24];          /* 1-20 printable ASCII characters */
    int has_operator;         /* 1: the broadcast carries the operator's position */
    double operator_pos[2];   /* [e, n] ENU m */
    int line;
};

struct vg_scenario {
    char name[64];
    uint64_t seed;
    double duration_s;        /* > 0 */
    struct vg_site site;      /* origin, zones, effectors and sensors: radar i as sensor i,
                                 bearing sensor j as sensor nradars + j, cooperative receiver
                                 k as nradars + nbearing_sensors + k (all declared) */
    struct vg_sim_radar *radars;
    size_t nradars;
    struct vg_sim_bearing_sensor *bearing_sensors; /* rf and acoustic of `sensors:`, in order */
    size_t nbearing_sensors;
    struct vg_sim_coop_receiver *coop_receivers;   /* adsb and remoteid of `sensors:` */
    size_t ncoop_receivers;
    struct vg_sim_fpv *fpvs;
    size_t nfpvs;
    struct vg_sim_flock *flocks;
    size_t nflocks;
    struct vg_sim_aircraft *aircraft;
    size_t naircraft;
    struct vg_sim_hobby *hobbies;
    size_t nhobbies;
};

void vg_scenario_init(struct vg_scenario *sc);
void vg_scenario_fini(struct vg_scenario *sc); /* safe on an initialised or zeroed scenario */

/* Load a YAML scenario into an initialised, empty scenario. On error returns a negative
 * VG_E*, fills d with "PATH:LINE: reason" and leaves sc empty. */
int vg_scenario_load(struct vg_scenario *sc, const char *path, struct vg_diag *d);

/* The same from len bytes in memory; name stands for PATH in messages. */
int vg_scenario_parse(struct vg_scenario *sc, const char *name, const char *text, size_t len,
                      struct vg_diag *d);

#endif
