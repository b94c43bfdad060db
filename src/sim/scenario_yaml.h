/* SPDX-License-Identifier: MIT */
/* scenario_yaml.h — the scenario reader's parts shared by its files (sim/ internal).
 *
 * scenario_yaml.c reads the top level, the site and the FPVs and flocks; scenario_vehicles.c
 * the aircraft and hobby drones; scenario_sensors.c the `radars:` and `sensors:` lists, each
 * entry checked against its table and added to the site's sensor table (radars first, then
 * the bearing sensors, then the cooperative receivers, each group in file order). */
#ifndef VG_SIM_SCENARIO_YAML_H
#define VG_SIM_SCENARIO_YAML_H

#include "sim/scenario.h"
#include "sim/yaml_table.h"

/* Read the `radars:` list (at least one) into sc->radars and sc->site. */
int vg__load_radars(const struct vg__yctx *c, yaml_node_t *list, struct vg_scenario *sc);

/* Read the `sensors:` list — RF direction finders and acoustic arrays into
 * sc->bearing_sensors, ADS-B and Remote ID receivers into sc->coop_receivers — and declare
 * them in sc->site, the bearing sensors first; call after vg__load_radars. */
int vg__load_sensors(const struct vg__yctx *c, yaml_node_t *list, struct vg_scenario *sc);

/* Read one `targets:` entry of type aircraft or hobby (scenario_vehicles.c) into
 * sc->aircraft or sc->hobbies, which have room for it; ids are checked by the caller. */
int vg__load_aircraft(const struct vg__yctx *c, yaml_node_t *map, struct vg_scenario *sc);
int vg__load_hobby(const struct vg__yctx *c, yaml_node_t *map, struct vg_scenario *sc);

#endif
