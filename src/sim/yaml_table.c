/* SPDX-License-Identifier: MIT */
/* yaml_table.c — check and read YAML mappings through a field table (see yaml_table.h).
 *
 * Scalars are taken only in plain style for numbers and booleans ("5" in quotes is text, as
 * YAML says), converted with strtod/strtoll/strtoull with end-pointer, overflow and
 * finiteness checks. User text quoted in a message is cut at 40 bytes and stripped of
 * control characters, so a hostile file cannot forge lines on a terminal. */
#include "sim/yaml_table.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/site.h"

int vg__y_line(const yaml_node_t *n)
{
    return n ? (int)n->start_mark.line + 1 : 0;
}

int vg__y_fail(const struct vg__yctx *c, int line, int rc, const char *fmt, ...)
{
    char reason[VG_DIAG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    return vg_diag_set(c->d, rc, "%s:%d: %s%s%s", c->file, line, c->what,
                       c->what[0] ? ": " : "", reason);
}

/* User text made safe and short for a message. */
static const char *quote(const char *s, char buf[48])
{
    size_t i = 0;
    for (; s[i] && i < 40; i++)
        buf[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
    memcpy(buf + i, s[i] ? "..." : "", s[i] ? 4 : 1);
    return buf;
}

const char *vg__y_scalar(yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static int plain(yaml_node_t *n)
{
    return n->type == YAML_SCALAR_NODE && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
}

yaml_node_t *vg__y_get(yaml_document_t *doc, yaml_node_t *map, const char *key)
{
    if (!map || map->type != YAML_MAPPING_NODE)
        return NULL;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        const char *k = vg__y_scalar(yaml_document_get_node(doc, p->key));
        if (k && strcmp(k, key) == 0)
            return yaml_document_get_node(doc, p->value);
    }
    return NULL;
}

int vg__y_index(const struct vg__ytable *t, const char *key)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->f[i].key, key) == 0)
            return (int)i;
    return -1;
}

int vg__y_has(const struct vg__ytable *t, const struct vg__yseen *seen, const char *key)
{
    int i = vg__y_index(t, key);
    return i >= 0 && ((seen->bits >> i) & 1);
}

yaml_node_t *vg__y_item(const struct vg__yctx *c, yaml_node_t *seq, size_t i)
{
    return yaml_document_get_node(c->doc, seq->data.sequence.items.start[i]);
}

size_t vg__y_seq_len(yaml_node_t *seq)
{
    return (size_t)(seq->data.sequence.items.top - seq->data.sequence.items.start);
}

int vg__y_need_list(const struct vg__yctx *c, yaml_node_t *n, const char *key)
{
    if (n->type != YAML_SEQUENCE_NODE)
        return vg__y_fail(c, vg__y_line(n), VG_EPARSE, "'%s' must be a list", key);
    return 0;
}

struct vg__yctx vg__y_entry_ctx(const struct vg__yctx *c, yaml_node_t *map, const char *kind,
                                size_t i)
{
    struct vg__yctx e = *c;
    const char *id = vg__y_scalar(vg__y_get(c->doc, map, "id"));
    int ok = id && *id && strlen(id) < VG_ID_MAX;
    for (const char *p = id; ok && *p; p++)
        ok = (unsigned char)*p >= 0x20 && *p != 0x7f;
    if (ok)
        snprintf(e.what, sizeof e.what, "%s '%s'", kind, id);
    else
        snprintf(e.what, sizeof e.what, "%s #%zu", kind, i + 1);
    return e;
}

void vg__y_defaults(const struct vg__ytable *t, void *target)
{
    for (size_t i = 0; i < t->n; i++) {
        const struct vg__yfield *f = &t->f[i];
        char *p = (char *)target + f->off;
        switch (f->type) {
        case VG__Y_NUM:
            *(double *)p = f->def;
            break;
        case VG__Y_VEC2:
        case VG__Y_VEC3:
            for (int k = 0; k < (f->type == VG__Y_VEC2 ? 2 : 3); k++)
                ((double *)p)[k] = f->def;
            break;
        case VG__Y_INT:
        case VG__Y_BOOL:
        case VG__Y_ENUM:
            *(int *)p = (int)f->def;
            break;
        case VG__Y_MAP:
            vg__y_defaults(f->aux, target);
            break;
        default:
            break;
        }
    }
}

/* 0 if v is within the field's bounds, else a message naming the bound: "must be > 0". */
static int check_bounds(const struct vg__yctx *c, int line, const char *name,
                        const struct vg__yfield *f, double v)
{
    int low = (f->flags & VG__Y_GT) ? !(v > f->min) : !(v >= f->min);
    int high = (f->flags & VG__Y_LT) ? !(v < f->max) : !(v <= f->max);
    if (low)
        return vg__y_fail(c, line, VG_ERANGE, "'%s' must be %s %g, not %g", name,
                          (f->flags & VG__Y_GT) ? ">" : ">=", f->min, v);
    if (high)
        return vg__y_fail(c, line, VG_ERANGE, "'%s' must be %s %g, not %g", name,
                          (f->flags & VG__Y_LT) ? "<" : "<=", f->max, v);
    return 0;
}

static int number(const struct vg__yctx *c, yaml_node_t *n, const char *name, double *out)
{
    char q[48];
    if (n->type != YAML_SCALAR_NODE)
        return vg__y_fail(c, vg__y_line(n), VG_EPARSE, "'%s' must be a number, not a %s",
                          name, n->type == YAML_SEQUENCE_NODE ? "list" : "mapping");
    const char *s = vg__y_scalar(n);
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (!plain(n) || end == s || *end || isspace((unsigned char)*s) || errno == ERANGE ||
        !isfinite(v))
        return vg__y_fail(c, vg__y_line(n), VG_EPARSE, "'%s' must be a number, not '%s'",
                          name, quote(s, q));
    *out = v;
    return 0;
}

int vg__y_vec(const struct vg__yctx *c, yaml_node_t *node, const char *name, int n,
              double min, double max, double *out)
{
    if (node->type != YAML_SEQUENCE_NODE ||
        node->data.sequence.items.top - node->data.sequence.items.start != n)
        return vg__y_fail(c, vg__y_line(node), VG_EPARSE, "'%s' must be a list of %d numbers",
                          name, n);
    for (int i = 0; i < n; i++) {
        yaml_node_t *item = yaml_document_get_node(c->doc, node->data.sequence.items.start[i]);
        int rc = number(c, item, name, &out[i]);
        if (rc < 0)
            return rc;
        if (out[i] < min || out[i] > max)
            return vg__y_fail(c, vg__y_line(item), VG_ERANGE,
                              "'%s' values must be within [%g, %g], not %g", name, min, max,
                              out[i]);
    }
    return 0;
}

static int read_id(const struct vg__yctx *c, yaml_node_t *n, const char *name, char *out)
{
    const char *s = vg__y_scalar(n);
    char q[48];
    if (!s)
        return vg__y_fail(c, vg__y_line(n), VG_EPARSE, "'%s' must be an identifier", name);
    size_t len = strlen(s);
    if (len == 0 || len >= VG_ID_MAX)
        return vg__y_fail(c, vg__y_line(n), VG_EPARSE, "'%s' must have 1 to %d characters",
                          name, VG_ID_MAX - 1);
    for (size_t i = 0; i < len; i++)
        if (!isalnum((unsigned char)s[i]) && !strchr("_.-", s[i]))
            return vg__y_fail(c, vg__y_line(n), VG_EPARSE,
                              "'%s' '%s' may only contain letters, digits, '_', '.' and '-'",
                              name, quote(s, q));
    memcpy(out, s, len + 1);
    return 0;
}

static int read_enum(const struct vg__yctx *c, yaml_node_t *n, const struct vg__yfield *f,
                     const char *name, int *out)
{
    const char *const *names = f->aux;
    const char *s = vg__y_scalar(n);
    for (int i = 0; s && names[i]; i++)
        if (strcmp(s, names[i]) == 0) {
            *out = i;
            return 0;
        }
    char list[160] = "", q[48];
    for (int i = 0; names[i]; i++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "",
                 names[i]);
    return vg__y_fail(c, vg__y_line(n), VG_EPARSE, "'%s' must be one of %s, not '%s'", name,
                      list, s ? quote(s, q) : "a collection");
}

static int map_prefixed(const struct vg__yctx *c, yaml_node_t *map, const struct vg__ytable *t,
                        void *target, struct vg__yseen *seen, const char *prefix);

static int read_value(const struct vg__yctx *c, yaml_node_t *n, const struct vg__yfield *f,
                      const char *name, void *target)
{
    char *p = target ? (char *)target + f->off : NULL; /* NULL: a table of NODE keys */
    char q[48];
    double v;
    int rc = 0;
    switch (f->type) {
    case VG__Y_NUM:
        if ((rc = number(c, n, name, &v)) == 0 && (rc = check_bounds(c, vg__y_line(n), name,
                                                                     f, v)) == 0)
            *(double *)p = v;
        return rc;
    case VG__Y_INT:
        if ((rc = number(c, n, name, &v)) < 0)
            return rc;
        if (v != floor(v) || fabs(v) > 1e9)
            return vg__y_fail(c, vg__y_line(n), VG_EPARSE, "'%s' must be an integer, not %g",
                              name, v);
        if ((rc = check_bounds(c, vg__y_line(n), name, f, v)) == 0)
            *(int *)p = (int)v;
        return rc;
    case VG__Y_U64: {
        const char *s = vg__y_scalar(n);
        char *end;
        errno = 0;
        unsigned long long u = s && isdigit((unsigned char)*s) ? strtoull(s, &end, 10) : 0;
        if (!s || !plain(n) || !isdigit((unsigned char)*s) || *end || errno == ERANGE)
            return vg__y_fail(c, vg__y_line(n), VG_EPARSE,
                              "'%s' must be an integer from 0 to 2^64-1, not '%s'", name,
                              s ? quote(s, q) : "a collection");
        *(uint64_t *)p = (uint64_t)u;
        return 0;
    }
    case VG__Y_BOOL: {
        const char *s = vg__y_scalar(n);
        if (s && plain(n) && (!strcmp(s, "true") || !strcmp(s, "false"))) {
            *(int *)p = s[0] == 't';
            return 0;
        }
        return vg__y_fail(c, vg__y_line(n), VG_EPARSE, "'%s' must be true or false", name);
    }
    case VG__Y_ID:
        return read_id(c, n, name, p);
    case VG__Y_TEXT: {
        const char *s = vg__y_scalar(n);
        if (!s || strlen(s) >= f->size)
            return vg__y_fail(c, vg__y_line(n), VG_EPARSE,
                              "'%s' must be a text of at most %zu bytes", name, f->size - 1);
        memcpy(p, s, strlen(s) + 1);
        return 0;
    }
    case VG__Y_VEC2:
    case VG__Y_VEC3: {
        int k = f->type == VG__Y_VEC2 ? 2 : 3;
        double w[3];
        if ((rc = vg__y_vec(c, n, name, k, -INFINITY, INFINITY, w)) < 0)
            return rc;
        for (int i = 0; i < k; i++)
            if ((rc = check_bounds(c, vg__y_line(n), name, f, w[i])) < 0)
                return rc;
        if ((f->flags & VG__Y_ORDERED) && w[0] > w[1])
            return vg__y_fail(c, vg__y_line(n), VG_ERANGE,
                              "'%s' must be [low, high] with low <= high, not [%g, %g]", name,
                              w[0], w[1]);
        memcpy(p, w, (size_t)k * sizeof *w);
        return 0;
    }
    case VG__Y_ENUM:
        return read_enum(c, n, f, name, (int *)p);
    case VG__Y_MAP:
        return map_prefixed(c, n, f->aux, target, NULL, name);
    default:
        return 0; /* NODE: the caller reads it */
    }
}

static int map_prefixed(const struct vg__yctx *c, yaml_node_t *map, const struct vg__ytable *t,
                        void *target, struct vg__yseen *seen, const char *prefix)
{
    struct vg__yseen local;
    if (!seen)
        seen = &local;
    memset(seen, 0, sizeof *seen);
    if (map->type != YAML_MAPPING_NODE)
        return vg__y_fail(c, vg__y_line(map), VG_EPARSE, "%s%s%smust be a mapping (key: value)",
                          prefix ? "'" : "", prefix ? prefix : "", prefix ? "' " : "");
    char name[96], q[48];
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        yaml_node_t *kn = yaml_document_get_node(c->doc, p->key);
        yaml_node_t *vn = yaml_document_get_node(c->doc, p->value);
        const char *key = vg__y_scalar(kn);
        if (!key)
            return vg__y_fail(c, vg__y_line(kn), VG_EPARSE, "keys must be plain words");
        int i = vg__y_index(t, key);
        if (i < 0) {
            char list[400] = "";
            for (size_t j = 0; j < t->n; j++)
                snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", j ? ", " : "",
                         t->f[j].key);
            return vg__y_fail(c, vg__y_line(kn), VG_EINVAL, "unknown key '%s%s%s' (known: %s)",
                              prefix ? prefix : "", prefix ? "." : "", quote(key, q), list);
        }
        snprintf(name, sizeof name, "%s%s%s", prefix ? prefix : "", prefix ? "." : "", key);
        if (seen->bits & (1ull << i))
            return vg__y_fail(c, vg__y_line(kn), VG_EPARSE,
                              "duplicate key '%s' (first on line %d)", name, seen->line[i]);
        seen->bits |= 1ull << i;
        seen->line[i] = vg__y_line(kn);
        seen->node[i] = vn;
        int rc = read_value(c, vn, &t->f[i], name, target);
        if (rc < 0)
            return rc;
    }
    for (size_t i = 0; i < t->n; i++)
        if ((t->f[i].flags & VG__Y_REQUIRED) && !(seen->bits & (1ull << i)))
            return vg__y_fail(c, vg__y_line(map), VG_EPARSE, "missing '%s%s%s'",
                              prefix ? prefix : "", prefix ? "." : "", t->f[i].key);
    return 0;
}

int vg__y_map(const struct vg__yctx *c, yaml_node_t *map, const struct vg__ytable *t,
              void *target, struct vg__yseen *seen)
{
    return map_prefixed(c, map, t, target, seen, NULL);
}
