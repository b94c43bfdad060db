/* SPDX-License-Identifier: MIT */
/* sim.h — run a scenario: what really flew (truth) and what the sensors reported (detections).
 *
 * vg_sim_run() plays a loaded scenario (sim/scenario.h) into memory, so tests, benchmarks and
 * the demo get detections and truth without files; vg_sim_write() then writes the files of
 * formats.md: truth.jsonl, detections.jsonl and site.geojson. Everything is a function of the
 * scenario and its seed: the same seed gives byte-identical files (with the same C library,
 * whose sin, cos, exp and log the trajectories and the sensor models use).
 *
 * Times: radar i's scan k covers [start + k·P, start + (k+1)·P] and ends with a `scan`
 * marker at its end time; a bearing sensor's interval likewise (with a marker unless it is
 * set not to send them). A cooperative receiver (ADS-B, Remote ID) reports each broadcasting
 * object at that object's own update times, with no markers. Truth is sampled at every
 * distinct marker time of any sensor, from the same double, so a tracker's output at those
 * times can be scored against truth there.
 *
 * Arrival: every report and marker has a measurement time t (struct vg_detection's t) and an
 * arrival time ≥ t, later by its sensor's link delay (scenario.h, struct vg_sim_delay). The
 * output lists detections in arrival order — the order a tracker would receive them — and
 * without delays arrival = t, so that is time order. */
#ifndef VG_SIM_SIM_H
#define VG_SIM_SIM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/err.h"
#include "sense/detection.h"
#include "sim/scenario.h"
#include "sim/target.h"

enum vg_sim_kind { VG_SIM_FPV = 0, VG_SIM_BIRD, VG_SIM_AIRCRAFT, VG_SIM_HOBBY };

/* What an object broadcasts about itself (cooperative receivers hear these only). */
#define VG_SIM_COOP_ADSB (1u << 0)     /* an ADS-B transponder: coop_id is the ICAO address */
#define VG_SIM_COOP_REMOTEID (1u << 1) /* ASTM F3411 Remote ID: coop_id is the UAS ID */
#define VG_SIM_COOP_OPERATOR (1u << 2) /* with Remote ID: the operator's position, op[] */

/* One simulated object and its trajectory. */
struct vg_sim_object {
    char id[VG_ID_MAX];       /* "fpv-1", "heli-1" (as in the scenario), "bird-N" (from 1) */
    uint8_t cls;              /* enum vg_class: drone, bird or aircraft */
    uint8_t hostile;
    uint8_t kind;             /* enum vg_sim_kind: which member of path is valid */
    uint8_t link;             /* enum vg_link: a drone's radio link, VG_LINK_NONE for birds and
                                 aircraft */
    double band_mhz;          /* carrier of an emitting link, MHz, else 0 */
    double rcs_dbsm;
    double t_start, t_end;    /* alive on [t_start, t_end), s (birds: [0, ∞)) */
    double vmax_mps;          /* an upper bound on its speed, m/s: a radar skips the scans in
                                 which it cannot come within range */
    union {
        struct vg_fpv_path fpv;
        struct vg_bird_path bird;
        const struct vg_route_path *route; /* aircraft and hobby drones: in the objects'
                                              own allocation (see vg_sim_objects) */
    } path;
    unsigned coop;            /* VG_SIM_COOP_* */
    char coop_id[24];         /* ICAO address (6 hex digits) or UAS ID; "" without coop */
    char callsign[9];         /* ADS-B callsign, "" none */
    char squawk[5];           /* ADS-B squawk (4 octal digits), "" none */
    double op[2];             /* Remote ID operator position [e, n], ENU m */
};

/* State at t, clamped to the object's life: always fills pos and vel (ENU m, m/s); returns 1
 * if the object is alive at t, else 0. */
int vg_sim_object_state(const struct vg_sim_object *o, double t, double pos[3], double vel[3]);

/* Detections that came from no object: clutter (and the scan markers). */
#define VG_SIM_CLUTTER (-1)

/* What an RF direction finder's report says about the emitter (formats.md "emitter"). */
struct vg_sim_emitter {
    double band_mhz;          /* MHz, > 0 when link emits */
    int link;                 /* enum vg_link; VG_LINK_NONE: not an RF report */
};

struct vg_sim_truth {
    double t;                 /* s, a scan-marker time (of any sensor) */
    uint32_t object;          /* index into vg_sim_output.objects */
    double pos[3], vel[3];    /* ENU m, m/s */
};

/* What a run produced. All arrays belong to the output (vg_sim_output_fini frees them). */
struct vg_sim_output {
    struct vg_sim_object *objects; /* FPVs in scenario order, the birds flock by flock, then
                                      the aircraft and the hobby drones in scenario order */
    size_t nobjects;
    struct vg_detection *dets;     /* sorted by arrival, then t, then generation order (a
                                      sensor's reports before its own marker); scan markers
                                      included; sensor = index in the scenario's site (radars
                                      first, then bearing sensors, then cooperative receivers);
                                      src_line = the line in detections.jsonl */
    int32_t *det_object;           /* per detection: its object, or VG_SIM_CLUTTER */
    double *det_arrival;           /* per detection: arrival time, s, ≥ its t (= t without
                                      delays); non-decreasing */
    struct vg_sim_emitter *det_emitter; /* per detection: the emitter an RF bearing reports
                                      (link VG_LINK_NONE for every other detection) */
    size_t ndets;
    struct vg_sim_truth *truth;    /* sorted by t, then object */
    size_t ntruth;
    size_t nscans;                 /* scan markers */
    size_t nclutter;               /* false detections (and false bearings) */
    size_t ntarget;                /* detections of objects; ndets = nscans + nclutter + ntarget */
    size_t nbearings;              /* of which bearings (clutter included) */
    size_t ncoop;                  /* of which adsb and remoteid reports (all of objects) */
    int delayed;                   /* 1 if some detection arrives after its t */
    size_t ntimes;                 /* distinct truth times */
};

void vg_sim_output_init(struct vg_sim_output *o);
void vg_sim_output_fini(struct vg_sim_output *o); /* safe on an initialised or zeroed output */

/* Build the scenario's objects (trajectories drawn from sc->seed) into *objects, a new array
 * of *n that the caller frees with free(): one allocation, which also holds the route paths
 * the aircraft and hobby drones point to (so the objects must not be moved elsewhere and the
 * originals freed). VG_ENOMEM, or VG_ERANGE with d = "fpv 'x': reason" for an FPV or route
 * whose geometry does not fit (only possible for a scenario not checked by the loader). */
int vg_sim_objects(const struct vg_scenario *sc, struct vg_sim_object **objects, size_t *n,
                   struct vg_diag *d);

/* Play sc (seed sc->seed) into an initialised, empty out. On error out stays empty. */
int vg_sim_run(const struct vg_scenario *sc, struct vg_sim_output *out, struct vg_diag *d);

/* The same, calling fn(ctx, fraction done in [0, 1]) every few scans, for a progress display
 * (fn may be NULL). The output does not depend on it. */
typedef void vg_sim_progress_fn(void *ctx, double fraction);
int vg_sim_run_progress(const struct vg_scenario *sc, struct vg_sim_output *out,
                        vg_sim_progress_fn *fn, void *ctx, struct vg_diag *d);

/* Write truth lines (formats.md "Ground truth") of out to f. Returns 0 or VG_EIO. */
int vg_sim_write_truth(FILE *f, const struct vg_sim_output *out);

/* Write detection lines of out to f in arrival order, each with its "truth" field, RF
 * bearings with their "emitter", and every line with its "arrival" when out->delayed.
 * Returns 0 or VG_E*. */
int vg_sim_write_detections(FILE *f, const struct vg_site *site, const struct vg_sim_output *out);

/* Write DIR/truth.jsonl, DIR/detections.jsonl and DIR/site.geojson, creating DIR (and its
 * parents) if missing. d gets "PATH: reason" on error. */
int vg_sim_write(const struct vg_scenario *sc, const struct vg_sim_output *out, const char *dir,
                 struct vg_diag *d);

#endif
