/* SPDX-License-Identifier: MIT */
/* config.h — configuration as one table (Redis static_configs[], Stone Soup Property).
 *
 * A component describes its settings once: key, type, default, minimum, maximum, the field
 * of its settings struct it fills, and a sentence of documentation. The same table drives
 * defaults, the file parser (FILE:LINE: reason on a bad line), range checks, `--help` and
 * the man page, so they cannot disagree.
 *
 * File syntax: one `key = value` per line; `#` starts a comment; blank lines ignored.
 * Numbers are parsed with strtod/strtol with end-pointer and range checks. */
#ifndef VG_CONFIG_H
#define VG_CONFIG_H

#include <stddef.h>
#include <stdio.h>

#include "base/err.h"

enum vg_cfg_type { VG_CFG_DOUBLE, VG_CFG_INT, VG_CFG_BOOL };

struct vg_cfg_entry {
    const char *key;       /* as written in the file */
    enum vg_cfg_type type;
    size_t offset;         /* offsetof(target struct, field): double, int or int (bool) */
    double def, min, max;  /* default and inclusive bounds */
    const char *unit;      /* "m", "m^2/s^3", "" */
    const char *doc;       /* one sentence */
};

/* Several components' tables read from one file: a key goes to the first group that has
 * it (keys are unique across the groups that are combined). */
struct vg_cfg_group {
    void *target;
    const struct vg_cfg_entry *tab;
    size_t n;
};

int vg_cfg_set_groups(const struct vg_cfg_group *g, size_t ng, const char *key,
                      const char *value, struct vg_diag *d);
int vg_cfg_parse_groups(const struct vg_cfg_group *g, size_t ng, const char *name,
                        const char *text, size_t len, struct vg_diag *d);
int vg_cfg_load_groups(const struct vg_cfg_group *g, size_t ng, const char *path,
                       struct vg_diag *d);

/* A settings file's whole text (at most 1 MiB, no NUL byte), NUL-terminated in *buf for the
 * caller to free. 0, or a negative VG_E* with d = "PATH: reason". */
int vg_cfg_read_text(const char *path, char **buf, size_t *len, struct vg_diag *d);

/* Write every default into the target struct. */
void vg_cfg_defaults(void *target, const struct vg_cfg_entry *tab, size_t n);

/* Set one key from its text value. d gets "key: reason" on failure (VG_EINVAL unknown key,
 * VG_EPARSE not a number, VG_ERANGE out of bounds). */
int vg_cfg_set(void *target, const struct vg_cfg_entry *tab, size_t n, const char *key,
               const char *value, struct vg_diag *d);

/* Parse len bytes of configuration text over the current values; name stands for the file in
 * messages ("NAME:LINE: reason"). */
int vg_cfg_parse(void *target, const struct vg_cfg_entry *tab, size_t n, const char *name,
                 const char *text, size_t len, struct vg_diag *d);

/* Load a file over the current values. d gets "PATH:LINE: reason". */
int vg_cfg_load(void *target, const struct vg_cfg_entry *tab, size_t n, const char *path,
                struct vg_diag *d);

/* Print "key = value   # doc [min..max] unit" lines for every entry: a complete,
 * loadable config file of the current values. */
void vg_cfg_write(FILE *f, const void *target, const struct vg_cfg_entry *tab, size_t n);

#endif
