/* SPDX-License-Identifier: MIT */
/* common.h — small helpers shared by the subcommands. */
#ifndef VG_CLI_COMMON_H
#define VG_CLI_COMMON_H

#include <errno.h>

#include "base/config.h"

/* Apply "KEY=VALUE" to a settings struct through its table. 0 or error with d set. */
int vg_cli_set_option(void *target, const struct vg_cfg_entry *tab, size_t n, const char *kv,
                      struct vg_diag *d);

#endif
