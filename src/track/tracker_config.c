/* SPDX-License-Identifier: MIT */
/* tracker_config.c — the tracker's settings table: names, defaults, bounds and meaning.
 *
 * Defaults are for small drones (30–60 m/s, weaving at a few g) seen by a surveillance
 * radar at about 1 Hz: q_h = 50 m²/s³ lets the CV model absorb ≈ √(q/T) ≈ 7 m/s² of
 * unmodelled acceleration per 1 s scan; harder manoeuvres (a 3 g weave, the terminal dive)
 * are the IMM's coordinated-turn and manoeuvre models (on by default). Files such as
 * scenarios/stonesoup-swarm100.conf override them per scenario. */
#include <stddef.h>

#include "track/track.h"

#define F(field) offsetof(struct vg_tracker_config, field)

const struct vg_cfg_entry vg_tracker_cfg[] = {
    {"q_h", VG_CFG_DOUBLE, F(q_h), 50.0, 0.0, 1e6, "m^2/s^3",
     "Horizontal process noise: white-acceleration spectral density of the CV model."},
    {"q_v", VG_CFG_DOUBLE, F(q_v), 10.0, 0.0, 1e6, "m^2/s^3",
     "Vertical process noise: white-acceleration spectral density of the CV model."},
    {"gate_prob", VG_CFG_DOUBLE, F(gate_prob), 0.9997, 0.5, 0.999999999, "",
     "Probability that the true measurement falls inside the chi-square gate."},
    {"init_speed_sigma", VG_CFG_DOUBLE, F(init_speed_sigma), 30.0, 0.01, 1000.0, "m/s",
     "Standard deviation of each horizontal velocity component of a new track."},
    {"init_vz_sigma", VG_CFG_DOUBLE, F(init_vz_sigma), 10.0, 0.0001, 1000.0, "m/s",
     "Standard deviation of the vertical velocity of a new track."},
    {"confirm_m", VG_CFG_INT, F(confirm_m), 3, 1, 32, "",
     "Hits (including the first detection) that confirm a tentative track..."},
    {"confirm_n", VG_CFG_INT, F(confirm_n), 4, 1, 32, "",
     "...within this many covering scans since it began (M-of-N), else it is deleted."},
    {"confirm_fast", VG_CFG_BOOL, F(confirm_fast), 1, 0, 1, "",
     "Also confirm at two plots on consecutive scans when neither pairing was ambiguous."},
    {"implicit_sectors", VG_CFG_BOOL, F(implicit_sectors), 0, 0, 1, "",
     "Process a rotating radar that marks only whole scans by 16 sectors, its beam found "
     "from its plots and markers, when its reports come in order with the others' "
     "(vigil exercise turns it on)."},
    {"delete_misses", VG_CFG_INT, F(delete_misses), 4, 1, 1000, "",
     "Consecutive covering scans without a detection that delete a confirmed track."},
    {"delete_pos_sigma_m", VG_CFG_DOUBLE, F(delete_pos_sigma_m), 500.0, 0.01, 1e7, "m",
     "Delete a track whose position standard deviation on any axis exceeds this."},
    {"max_speed", VG_CFG_DOUBLE, F(max_speed), 150.0, 0.1, 1e4, "m/s",
     "Tentative tracks whose speed estimate exceeds this are dropped."},
    {"suppress_init_near_tracks", VG_CFG_BOOL, F(suppress_init_near_tracks), 1, 0, 1, "",
     "Start no new track from a detection that fell inside a confirmed track's gate."},
    {"imm", VG_CFG_BOOL, F(imm), 1, 0, 1, "",
     "Interacting multiple models (CV, coordinated turn, manoeuvre) instead of CV alone."},
    {"q_ct", VG_CFG_DOUBLE, F(q_ct), 20.0, 0.0, 1e6, "m^2/s^3",
     "IMM coordinated-turn model: white-acceleration spectral density."},
    {"q_turn", VG_CFG_DOUBLE, F(q_turn), 1.0, 0.0, 100.0, "rad^2/s^3",
     "IMM coordinated-turn model: turn-rate random-walk density."},
    {"q_manoeuvre", VG_CFG_DOUBLE, F(q_manoeuvre), 1000.0, 0.0, 1e7, "m^2/s^3",
     "IMM manoeuvre model (weave, pull-up, terminal dive): white-acceleration density."},
    {"init_turn_sigma", VG_CFG_DOUBLE, F(init_turn_sigma), 0.3, 0.0, 10.0, "rad/s",
     "Turn-rate standard deviation of a new track (IMM)."},
    {"imm_sojourn_cv_s", VG_CFG_DOUBLE, F(imm_sojourn_cv_s), 10.0, 0.01, 1e6, "s",
     "IMM: mean time a target stays in straight flight."},
    {"imm_sojourn_ct_s", VG_CFG_DOUBLE, F(imm_sojourn_ct_s), 5.0, 0.01, 1e6, "s",
     "IMM: mean time a target keeps turning."},
    {"imm_sojourn_man_s", VG_CFG_DOUBLE, F(imm_sojourn_man_s), 3.0, 0.01, 1e6, "s",
     "IMM: mean time a target keeps manoeuvring hard."},
    {"late_lag_s", VG_CFG_DOUBLE, F(late_lag_s), 2.0, 0.0, 60.0, "s",
     "Reports up to this late are re-processed within their own scan (0: used on arrival)."},
    {"emit_final", VG_CFG_BOOL, F(emit_final), 0, 0, 1, "",
     "Once reports arrive out of order, emit each scan late_lag_s later as re-processed."},
    {"bearing_window_s", VG_CFG_DOUBLE, F(bearing_window_s), 1.0, 0.01, 60.0, "s",
     "Bearings of different sensors this close in time may be triangulated into a track."},
    {"bearing_max_range_m", VG_CFG_DOUBLE, F(bearing_max_range_m), 5000.0, 1.0, 1e6, "m",
     "Farthest plausible range of a target triangulated from bearings."},
    {"bearing_min_cross_deg", VG_CFG_DOUBLE, F(bearing_min_cross_deg), 5.0, 0.1, 89.0, "deg",
     "Smallest crossing angle of two bearings that may start a track."},
    {"bearing_min_count", VG_CFG_INT, F(bearing_min_count), 2, 2, 8, "",
     "Bearings, one per sensor, needed to start a track (3 suppresses two-ray ghosts)."},
    {"jpda", VG_CFG_BOOL, F(jpda), 0, 0, 1, "",
     "Update confirmed tracks by JPDA (every gated report, weighted) instead of GNN."},
    {"pd", VG_CFG_DOUBLE, F(pd), 0.9, 0.01, 0.999, "",
     "Detection probability the JPDA weights assume."},
};

const size_t vg_tracker_cfg_count = sizeof vg_tracker_cfg / sizeof vg_tracker_cfg[0];

void vg_tracker_config_default(struct vg_tracker_config *cfg)
{
    vg_cfg_defaults(cfg, vg_tracker_cfg, vg_tracker_cfg_count);
}

const char *vg_track_status_name(int status)
{
    switch (status) {
    case VG_TRACK_TENTATIVE:
        return "tentative";
    case VG_TRACK_CONFIRMED:
        return "confirmed";
    case VG_TRACK_COASTING:
        return "coasting";
    default:
        return "?";
    }
}
