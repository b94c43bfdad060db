/* SPDX-License-Identifier: MIT */
/* scenario_yaml.h — the scenario reader's parts shared by its files (sim/ internal).
 *
 * scenario_yaml.c reads the top level, the site and the targets; scenario_sensors.c the
 * `radars:` and `sensors:` lists, each entry checked against its table and added to the
 * site's sensor table (radars first, then the bearing sensors, in file order). */
#ifndef VG_SIM_SCENARIO_YAML_H
#define VG_SIM_SCENARIO_YAML_H

#include "sim/scenario.h"
#include "sim/yaml_table.h"

/* Read the `radars:` list (at least one) into sc->radars and sc->site. */
int vg__load_radars(const struct vg__yctx *c, yaml_node_t *list, struct vg_scenario *sc);

/* Read the `sensors:` list (RF direction finders, acoustic arrays) into sc->bearing_sensors
 * and sc->site; call after vg__load_radars. */
int vg__load_bearing_sensors(const struct vg__yctx *c, yaml_node_t *list,
                             struct vg_scenario *sc);

#endif
