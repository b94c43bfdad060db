/* SPDX-License-Identifier: MIT */
/* common.h — small helpers shared by the subcommands. */
#ifndef VG_CLI_COMMON_H
#define VG_CLI_COMMON_H

#include <errno.h>
#include <stdint.h>

#include "base/config.h"

/* Apply "KEY=VALUE" to a settings struct through its table. 0 or error with d set. */
int vg_cli_set_option(void *target, const struct vg_cfg_entry *tab, size_t n, const char *kv,
                      struct vg_diag *d);

/* A seed: a decimal integer 0 .. 2⁶⁴ − 1, digits only (no sign, no spaces). 0 or −1. */
int vg_cli_parse_seed(const char *s, uint64_t *out);

/* A number option: all of s a finite number in [lo, hi]. 0 or −1. */
int vg_cli_parse_double(const char *s, double lo, double hi, double *out);

#endif
