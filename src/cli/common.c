/* SPDX-License-Identifier: MIT */
/* common.c — small helpers shared by the subcommands. */
#include "cli/common.h"

#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int vg_cli_set_option(void *target, const struct vg_cfg_entry *tab, size_t n, const char *kv,
                      struct vg_diag *d)
{
    char buf[256];
    const char *eq = strchr(kv, '=');
    if (!eq || (size_t)(eq - kv) >= sizeof buf)
        return vg_diag_set(d, VG_EINVAL, "'%s': expected KEY=VALUE", kv);
    memcpy(buf, kv, (size_t)(eq - kv));
    buf[eq - kv] = '\0';
    return vg_cfg_set(target, tab, n, buf, eq + 1, d);
}

int vg_cli_parse_seed(const char *s, uint64_t *out)
{
    char *end;
    if (*s < '0' || *s > '9')
        return -1;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (*end || errno == ERANGE)
        return -1;
    *out = (uint64_t)v;
    return 0;
}

int vg_cli_parse_double(const char *s, double lo, double hi, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || !isfinite(v) || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}
