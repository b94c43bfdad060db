/* SPDX-License-Identifier: MIT */
/* sim_fixture.h — the simulator tests' common steps: load or parse a scenario, run it, and
 * say on stderr why when a step fails (the failing check then names where). */
#ifndef VG_TESTS_SIM_FIXTURE_H
#define VG_TESTS_SIM_FIXTURE_H

#include <stdio.h>
#include <string.h>

#include "sim/scenario.h"
#include "sim/sim.h"

static inline int load(struct vg_scenario *sc, const char *path)
{
    struct vg_diag d;
    vg_scenario_init(sc);
    int rc = vg_scenario_load(sc, path, &d);
    if (rc < 0)
        fprintf(stderr, "  load: %s\n", d.msg);
    return rc;
}

static inline int parse(struct vg_scenario *sc, const char *text)
{
    struct vg_diag d;
    vg_scenario_init(sc);
    int rc = vg_scenario_parse(sc, "t.yaml", text, strlen(text), &d);
    if (rc < 0)
        fprintf(stderr, "  parse: %s\n", d.msg);
    return rc;
}

static inline int run(const struct vg_scenario *sc, struct vg_sim_output *out)
{
    struct vg_diag d;
    int rc = vg_sim_run(sc, out, &d);
    if (rc < 0)
        fprintf(stderr, "  run: %s\n", d.msg);
    return rc;
}

#endif
