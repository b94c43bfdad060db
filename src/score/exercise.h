/* SPDX-License-Identifier: MIT */
/* exercise.h — scoring a counter-drone exercise: how early each attacker was alerted, how
 * many alerts were false, how well tracks held the truth and named what they held.
 *
 * An exercise is a simulated scenario (sim/sim.h) played through the pipeline
 * (engine/pipeline.h). The scorer is fed the pipeline's output as it comes — the tracks of
 * each processed time (one emission per time: publish/coalesce.h) and every alert event —
 * and, at the end, judges it against the simulator's truth. The definitions, exactly:
 *
 * Matching. At each emission time t the confirmed and coasting tracks are assigned one to
 * one to the objects alive at t (positions from vg_sim_object_state at t). A track may be
 * paired with an object when their 3-D distance d is at most match_m (default 50 m), or when
 * d ≤ match_max_m (default 250 m) and the object lies inside the track's own position gate:
 * (p − x)' P⁻¹ (p − x) ≤ the χ²(3) quantile of gate_p (default 0.99: 11.34), P the track's
 * 3×3 position covariance. The fixed distance alone would disown a young track at 3 km
 * (0.5° of azimuth there is 26 m) that the tracker rightly reports with its uncertainty; the
 * cap keeps a coasting track's swollen gate from claiming birds. Among the allowed pairs the
 * assignment minimises the summed distance, each track free to stay on nothing at a cost of
 * match_max_m (base/assign.h: optimal). A track assigned to an object is "on" it at t.
 * Tentative tracks are never on anything. Of several emissions at one time (the tracker
 * emits a time again when a late report makes it re-process that scan) only the last
 * counts, everywhere below.
 *
 * Per hostile object (hostile = 1 and alive at some truth time of the run):
 *   first_detectable  the first truth time (the sim's scan-marker times) at which some
 *                     sensor's detection probability for it is ≥ pd_min (default 0.1), by
 *                     the sim's own models: a radar's vg_radar_pd at the object's position
 *                     and RCS; a bearing sensor's pd when vg_bearing_senses it and
 *                     vg_bearing_covers where its signal left it (vg_bearing_source: for an
 *                     acoustic array, range/c earlier). A detection proves detectability,
 *                     so it is never later than first_detected.
 *   first_detected    the earliest measurement time t of a detection the sim attributes to
 *                     it (det_object).
 *   first_confirmed   the first emission time at which a confirmed or coasting track is on it.
 *   first_alert       the earliest "raised" alert event that credits it: a single-track
 *                     alert whose track was on it at the raise time, or a swarm alert with a
 *                     member track on it then. "On it at the raise time" is judged at the
 *                     track's latest emission at or before the alert's time.
 *   zone_reached      an FPV whose path ends (t_end ≤ duration) inside a zone's prism:
 *                     t_end; any other hostile: the first truth time it is inside a zone.
 *   lead_s            zone_reached − first_alert (negative: alerted after it arrived);
 *   lead_fraction     lead_s / (zone_reached − first_detectable): the share of the time the
 *                     sensors gave that the alert gave the defence;
 *   detect_to_alert_s first_alert − first_detected.
 *   second_look       when the sensors had first located it twice — the earliest any
 *                     tracker that confirms on more than one report could: its second plot
 *                     (a report with range: radar, EO), or a bearing that crosses another
 *                     sensor's bearing of it from the second before (a triangulation),
 *                     whichever is first. With one 1 Hz radar it is a revisit after the
 *                     first plot; a DF that hears the link before the radar sees the drone
 *                     makes first_detected earlier and no second look.
 *   look_to_alert_s   first_alert − second_look: the engine's own part of detect_to_alert
 *                     (the batch waiting for its sector to close, and the evidence a
 *                     classifier needs beyond the second look).
 * Times that did not happen are NAN, and so is every quantity derived from one.
 * never_alerted counts the hostiles no alert credits.
 *
 * False alerts: "raised" single-track alerts whose track was on no hostile object at the
 * raise time (on a bird, a hobby drone, an aircraft — or on nothing: clutter, a false
 * track), and swarm alerts none of whose members was on a hostile object. Per hour: count
 * / (duration_s / 3600).
 *
 * GOSPA: score.h's vg_score_run with c = gospa_c (default 50 m), p = gospa_p (default 1),
 * α = 2, on the sim's truth and the confirmed and coasting tracks, at the truth times, track
 * times and scan-marker times — what `vigil score --c 50 --scans` gives on the written
 * files. (GOSPA's own assignment, with its fixed cut-off, is separate from the matching.)
 *
 * Classification: over every emission time and every (object, track) pair on each other,
 * confusion[true class][track class] counts pair-times (a track not yet assessed counts as
 * unknown). drone_bird_accuracy: among pair-times whose true class is drone or bird, the
 * share whose track class is the true class (unknown, aircraft, ... count as wrong).
 *
 * Ownership: vg_exercise_new/free; the scenario and sim output must outlive the scorer;
 * a result is plain data freed with vg_exercise_result_fini. */
#ifndef VG_SCORE_EXERCISE_H
#define VG_SCORE_EXERCISE_H

#include <stddef.h>
#include <stdint.h>

#include "assess/alerts.h"
#include "score/score.h"
#include "sim/sim.h"
#include "track/track.h"

struct vg_exercise_params {
    double match_m;     /* m, > 0: a track this close to an object may be on it */
    double gate_p;      /* [0, 1): ... or one inside the track's gate of this probability */
    double match_max_m; /* m, ≥ match_m: ... but never one farther than this */
    double gospa_c;     /* m, > 0: GOSPA cut-off */
    double gospa_p;     /* GOSPA order, ≥ 1 */
    double pd_min;      /* detectable when some sensor's detection probability is ≥ this */
};

/* match_m = 50 m, gate_p = 0.99, match_max_m = 250 m, gospa_c = 50 m, gospa_p = 1,
 * pd_min = 0.1. */
void vg_exercise_params_default(struct vg_exercise_params *p);

/* One hostile object's timeline (times in s since scenario start, NAN: never). */
struct vg_exercise_hostile {
    uint32_t object;          /* index into the sim's objects */
    char id[VG_ID_MAX];
    uint8_t cls;              /* enum vg_class of the object */
    int zone;                 /* site zone it reached, -1 none */
    double t_start;           /* launch (start of its life) */
    double t_detectable, t_detected, t_confirmed, t_alerted, t_zone;
    double t_second_look;     /* located twice (see above) */
    uint64_t track;           /* the track first on it (0 none) */
    char alert[VG_ALERT_ID_MAX]; /* id of the first alert crediting it, "" none */
    int alert_swarm;          /* 1 if that alert was a swarm alert */
    double lead_s;            /* t_zone − t_alerted */
    double lead_fraction;     /* lead_s / (t_zone − t_detectable) */
    double detect_to_alert_s; /* t_alerted − t_detected */
    double look_to_alert_s;   /* t_alerted − t_second_look */
};

/* One raised alert, judged. */
struct vg_exercise_alert {
    char id[VG_ALERT_ID_MAX];
    double t;                 /* raise time, s */
    uint64_t track;           /* its track, or VG_ALERT_SWARM_BIT | zone for a swarm */
    int zone;                 /* site zone index */
    int swarm;                /* 1: a swarm alert */
    size_t nmembers;          /* swarm: member tracks */
    int32_t object;           /* single: the object its track was on, -1 none; swarm: the
                                 first hostile member's object, else the first member's on
                                 an object, else -1 */
    int hostile;              /* 1 if it credits a hostile object; 0: a false alert */
};

/* A confirmed or coasting track at one emission time: the map's tracks and the matching. */
struct vg_exercise_sample {
    uint64_t track;
    double t;                 /* s */
    uint32_t emission;        /* which call of vg_exercise_tracks it came from, from 0 */
    double pos[3];            /* ENU m */
    int32_t object;           /* the object it is on, -1 none */
    uint8_t status;           /* enum vg_track_status */
    uint8_t cls;              /* enum vg_class the pipeline gave it (unknown if unassessed) */
};

/* GOSPA at one scored time. */
struct vg_exercise_gospa {
    double t;                 /* s */
    double gospa, loc, missed, false_; /* m (the parts are m^p; equal to m for p = 1) */
    int truths, tracks;
};

struct vg_exercise_result {
    char scenario[64];
    uint64_t seed;
    double duration_s;
    struct vg_exercise_params prm;
    struct vg_exercise_hostile *hostiles; /* scenario order */
    size_t nhostiles;
    struct vg_exercise_alert *alerts;     /* raised alerts in event order */
    size_t nalerts;
    size_t false_alerts;
    double false_alerts_per_hour;
    size_t never_alerted;
    struct vg_score_result gospa;         /* means over the run */
    struct vg_exercise_gospa *gospa_t;    /* per scored time, in time order */
    size_t ngospa_t;
    uint64_t confusion[VG_CLASS_COUNT][VG_CLASS_COUNT]; /* [true][track], pair-times */
    double drone_bird_accuracy;           /* NAN without drone or bird pair-times */
    uint64_t drone_bird_n;                /* pair-times behind it */
    struct vg_exercise_sample *samples;   /* sorted by track, then time */
    size_t nsamples;
};

void vg_exercise_result_init(struct vg_exercise_result *r);
void vg_exercise_result_fini(struct vg_exercise_result *r); /* safe on an initialised result */

struct vg_exercise; /* opaque */

/* sc and sim must outlive the scorer (sim: vg_sim_run of sc). prm may be NULL (defaults).
 * 0, VG_ENOMEM, or VG_EINVAL with d set (bad parameters). */
int vg_exercise_new(struct vg_exercise **out, const struct vg_scenario *sc,
                    const struct vg_sim_output *sim, const struct vg_exercise_params *prm,
                    struct vg_diag *d);
void vg_exercise_free(struct vg_exercise *ex);

/* The tracks of one processed time, as the pipeline emits them (identity filled). Times
 * may come out of order, and again (the last emission of a time supersedes the earlier).
 * 0 or VG_ENOMEM / VG_EINVAL (non-finite t) / VG_ERANGE (2³² emissions). */
int vg_exercise_tracks(struct vg_exercise *ex, double t, const struct vg_track *trk, size_t n);

/* One alert event (only "raised" ones are scored) with, for a swarm, its members. 0 or
 * VG_ENOMEM. May come before or after the tracks of its time. */
int vg_exercise_alert(struct vg_exercise *ex, const struct vg_alert *e, const uint64_t *members,
                      size_t nmembers);

/* Judge everything fed so far into an initialised, empty result (the scorer may then be
 * freed). 0, VG_ENOMEM, or an error of vg_score_run with d set. */
int vg_exercise_finish(struct vg_exercise *ex, struct vg_exercise_result *r, struct vg_diag *d);

/* The sensor models behind first_detectable (exercise_truth.c). */

/* The highest detection probability any of sc's sensors has for object o at time t (o at
 * pos, its position at t): radars by vg_radar_pd, bearing sensors pd when they sense and
 * cover it (acoustic arrays where the sound they hear at t left it). 0 if none. */
double vg_exercise_best_pd(const struct vg_scenario *sc, const struct vg_sim_object *o, double t,
                           const double pos[3]);

/* When and where hostile object k reached a zone (see above): 1 with *t and *zone, or 0. */
int vg_exercise_zone_reached(const struct vg_scenario *sc, const struct vg_sim_output *sim,
                             uint32_t k, double *t, int *zone);

#endif
