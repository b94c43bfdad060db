/* SPDX-License-Identifier: MIT */
/* config.c — table-driven `key = value` configuration files (see config.h). */
#include "base/config.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const struct vg_cfg_entry *find(const struct vg_cfg_entry *tab, size_t n,
                                       const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(tab[i].key, key) == 0)
            return &tab[i];
    return NULL;
}

void vg_cfg_defaults(void *target, const struct vg_cfg_entry *tab, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char *p = (char *)target + tab[i].offset;
        if (tab[i].type == VG_CFG_DOUBLE)
            *(double *)p = tab[i].def;
        else
            *(int *)p = (int)tab[i].def;
    }
}

int vg_cfg_set(void *target, const struct vg_cfg_entry *tab, size_t n, const char *key,
               const char *value, struct vg_diag *d)
{
    const struct vg_cfg_entry *e = find(tab, n, key);
    if (!e)
        return vg_diag_set(d, VG_EINVAL, "unknown setting '%s'", key);
    char *p = (char *)target + e->offset;
    if (e->type == VG_CFG_BOOL) {
        if (!strcmp(value, "true") || !strcmp(value, "yes") || !strcmp(value, "1"))
            *(int *)p = 1;
        else if (!strcmp(value, "false") || !strcmp(value, "no") || !strcmp(value, "0"))
            *(int *)p = 0;
        else
            return vg_diag_set(d, VG_EPARSE, "%s: '%s' is not true or false", key, value);
        return 0;
    }
    char *end;
    errno = 0;
    double v = e->type == VG_CFG_DOUBLE ? strtod(value, &end) : (double)strtol(value, &end, 10);
    if (end == value || *end != '\0' || errno == ERANGE || !isfinite(v))
        return vg_diag_set(d, VG_EPARSE, "%s: '%s' is not a%s number", key, value,
                           e->type == VG_CFG_INT ? "n integer" : "");
    if (v < e->min || v > e->max)
        return vg_diag_set(d, VG_ERANGE, "%s: %s is outside [%g, %g]", key, value, e->min,
                           e->max);
    if (e->type == VG_CFG_DOUBLE)
        *(double *)p = v;
    else
        *(int *)p = (int)v;
    return 0;
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    char *end = s + strlen(s);
    while (end > s && isspace((unsigned char)end[-1]))
        *--end = '\0';
    return s;
}

int vg_cfg_set_groups(const struct vg_cfg_group *g, size_t ng, const char *key,
                      const char *value, struct vg_diag *d)
{
    for (size_t i = 0; i < ng; i++)
        if (find(g[i].tab, g[i].n, key))
            return vg_cfg_set(g[i].target, g[i].tab, g[i].n, key, value, d);
    return vg_diag_set(d, VG_EINVAL, "unknown setting '%s'", key);
}

int vg_cfg_parse_groups(const struct vg_cfg_group *g, size_t ng, const char *name,
                        const char *text, size_t len, struct vg_diag *d)
{
    char line[1024];
    int lineno = 0;
    size_t pos = 0;
    while (pos < len) {
        lineno++;
        size_t end = pos;
        while (end < len && text[end] != '\n')
            end++;
        if (end - pos >= sizeof line)
            return vg_diag_set(d, VG_EPARSE, "%s:%d: line longer than %zu bytes", name, lineno,
                               sizeof line - 1);
        memcpy(line, text + pos, end - pos);
        line[end - pos] = '\0';
        pos = end + 1;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        char *s = trim(line);
        if (!*s)
            continue;
        char *eq = strchr(s, '=');
        if (!eq)
            return vg_diag_set(d, VG_EPARSE, "%s:%d: expected 'key = value'", name, lineno);
        *eq = '\0';
        struct vg_diag sub;
        int rc = vg_cfg_set_groups(g, ng, trim(s), trim(eq + 1), &sub);
        if (rc)
            return vg_diag_set(d, rc, "%s:%d: %s", name, lineno, sub.msg);
    }
    return 0;
}

int vg_cfg_parse(void *target, const struct vg_cfg_entry *tab, size_t n, const char *name,
                 const char *text, size_t len, struct vg_diag *d)
{
    struct vg_cfg_group g = {target, tab, n};
    return vg_cfg_parse_groups(&g, 1, name, text, len, d);
}

int vg_cfg_read_text(const char *path, char **out, size_t *outlen, struct vg_diag *d)
{
    *out = NULL;
    *outlen = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return vg_diag_set(d, -errno, "%s: %s", path, strerror(errno));
    /* Configuration files are small: read the whole file (bounded). */
    enum { MAX = 1 << 20 };
    char *buf = malloc(MAX + 1);
    if (!buf) {
        fclose(f);
        return vg_diag_set(d, VG_ENOMEM, "%s: out of memory", path);
    }
    size_t len = fread(buf, 1, MAX + 1, f);
    int rc = 0;
    if (ferror(f))
        rc = vg_diag_set(d, VG_EIO, "%s: read error", path);
    else if (len > MAX)
        rc = vg_diag_set(d, VG_ERANGE, "%s: larger than %d bytes", path, MAX);
    else if (memchr(buf, '\0', len))
        rc = vg_diag_set(d, VG_EPARSE, "%s: holds a NUL byte: not a text file", path);
    fclose(f);
    if (rc) {
        free(buf);
        return rc;
    }
    buf[len] = '\0';
    *out = buf;
    *outlen = len;
    return 0;
}

int vg_cfg_load_groups(const struct vg_cfg_group *g, size_t ng, const char *path,
                       struct vg_diag *d)
{
    char *buf;
    size_t len;
    int rc = vg_cfg_read_text(path, &buf, &len, d);
    if (rc)
        return rc;
    rc = vg_cfg_parse_groups(g, ng, path, buf, len, d);
    free(buf);
    return rc;
}

int vg_cfg_load(void *target, const struct vg_cfg_entry *tab, size_t n, const char *path,
                struct vg_diag *d)
{
    struct vg_cfg_group g = {target, tab, n};
    return vg_cfg_load_groups(&g, 1, path, d);
}

void vg_cfg_write(FILE *f, const void *target, const struct vg_cfg_entry *tab, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *p = (const char *)target + tab[i].offset;
        char val[64];
        if (tab[i].type == VG_CFG_DOUBLE)
            snprintf(val, sizeof val, "%g", *(const double *)p);
        else if (tab[i].type == VG_CFG_INT)
            snprintf(val, sizeof val, "%d", *(const int *)p);
        else
            snprintf(val, sizeof val, "%s", *(const int *)p ? "true" : "false");
        fprintf(f, "# %s", tab[i].doc);
        if (tab[i].type != VG_CFG_BOOL)
            fprintf(f, " [%g..%g]%s%s", tab[i].min, tab[i].max, *tab[i].unit ? " " : "",
                    tab[i].unit);
        fprintf(f, "\n%s = %s\n", tab[i].key, val);
    }
}
