/* SPDX-License-Identifier: MIT */
/* sim_live.h — `vigil sim --live`: a simulated scenario sent to a running engine. */
#ifndef VG_CLI_SIM_LIVE_H
#define VG_CLI_SIM_LIVE_H

#include <stddef.h>

#include "sim/scenario.h"
#include "sim/sim.h"

struct vg_sim_live_options {
    const char *config;        /* the engine's configuration file: its [input] sections */
    const char *const *sets;   /* --set overrides, as `vigil run` takes them */
    size_t nsets;
    double speed;              /* × real time; 0: as fast as possible */
    double epoch;              /* added to every time (UNIX time of scenario t = 0) */
    double connect_timeout_s;  /* TCP: wait this long for the engine (or, for a tcp-client
                                  input, for the engine to connect to us) */
    int quiet;
};

/* Send out's detections, in arrival order, to the inputs of the engine configured in
 * o->config: each sensor to the input naming it (else the first input without a sensor),
 * encoded by the input's format (its decoder's encode; hello first on a stream), over the
 * input's transport. Returns 0, or 1 with a message on stderr. */
int vg_sim_live_send(struct vg_scenario *sc, const struct vg_sim_output *out,
                     const struct vg_sim_live_options *o);

#endif
