/* SPDX-License-Identifier: MIT */
/* yaml_table.h — YAML mappings read through one table per struct (sim/ internal).
 *
 * base/config.h's idea (key, type, default, bounds, target field, doc in one table) carried
 * over to YAML, where values are also vectors, identifiers, enumerations and nested
 * mappings, and bounds can be strict ("> 0"). One call checks a mapping against its table:
 * unknown and duplicate keys, missing required keys, types, bounds; messages read
 * "FILE:LINE: WHAT: reason" with LINE from libyaml's marks (1-based). Keys of type NODE are
 * handed back unparsed for the caller (lists of radars, polygons). */
#ifndef VG_SIM_YAML_TABLE_H
#define VG_SIM_YAML_TABLE_H

#include <stddef.h>
#include <stdint.h>
#include <yaml.h>

#include "base/err.h"

enum vg__ytype {
    VG__Y_NUM,  /* double */
    VG__Y_INT,  /* int, written without fraction */
    VG__Y_U64,  /* uint64_t, decimal digits */
    VG__Y_BOOL, /* int: true / false */
    VG__Y_ID,   /* char[VG_ID_MAX]: 1..31 of [A-Za-z0-9_.-] */
    VG__Y_TEXT, /* char[size]: any scalar shorter than size */
    VG__Y_VEC2, /* double[2], each within the bounds */
    VG__Y_VEC3, /* double[3] */
    VG__Y_ENUM, /* int: index of the value in the NULL-terminated list aux */
    VG__Y_MAP,  /* a nested mapping read with table aux into the same target */
    VG__Y_NODE  /* handed back in vg__yseen.node[] */
};

#define VG__Y_REQUIRED (1u << 0)
#define VG__Y_GT (1u << 1)      /* strictly greater than min */
#define VG__Y_LT (1u << 2)      /* strictly less than max */
#define VG__Y_ORDERED (1u << 3) /* VEC2: [low, high] with low ≤ high */

struct vg__yfield {
    const char *key;
    int type;          /* enum vg__ytype */
    size_t off;        /* offsetof the target field (unused for MAP and NODE) */
    unsigned flags;    /* VG__Y_* */
    double def;        /* NUM, INT, BOOL, ENUM, VEC*: default written by vg__y_defaults */
    double min, max;   /* inclusive bounds unless GT / LT */
    const void *aux;   /* ENUM: const char *const names[]; MAP: const struct vg__ytable * */
    size_t size;       /* TEXT: buffer size */
    const char *doc;   /* one sentence, with the unit (docs/scenario.md mirrors it) */
};

/* A NUM entry: key, struct, field, flags, default, bounds, doc. */
#define VG__Y_NUMF(k, st, fld, fl, df, lo, hi, doc)                                           \
    {k, VG__Y_NUM, offsetof(st, fld), fl, df, lo, hi, NULL, 0, doc}

#define VG__COORD_MAX 1e6 /* |ENU coordinate|, m: a site is not a continent */

struct vg__ytable {
    const struct vg__yfield *f;
    size_t n;          /* ≤ 64 */
};

/* Where messages go and what they are about. */
struct vg__yctx {
    const char *file;         /* as the user named it */
    yaml_document_t *doc;
    struct vg_diag *d;
    char what[80];            /* "radar 'r1'", or "" at the top level */
};

/* What a mapping held: a bit, line and node per table entry. */
struct vg__yseen {
    uint64_t bits;
    int line[64];
    yaml_node_t *node[64];
};

/* 1-based line of a node. */
int vg__y_line(const yaml_node_t *n);

/* Writes "FILE:LINE: WHAT: reason" (no "WHAT: " when c->what is empty); returns rc. */
int vg__y_fail(const struct vg__yctx *c, int line, int rc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Write every default of the table (nested tables too) into target. */
void vg__y_defaults(const struct vg__ytable *t, void *target);

/* Read a mapping node into target; seen may be NULL. */
int vg__y_map(const struct vg__yctx *c, yaml_node_t *map, const struct vg__ytable *t,
              void *target, struct vg__yseen *seen);

/* The value of key in a mapping node, or NULL; the plain text of a scalar value, or NULL. */
yaml_node_t *vg__y_get(yaml_document_t *doc, yaml_node_t *map, const char *key);
const char *vg__y_scalar(yaml_node_t *n);

/* A sequence of n numbers each within [min, max], for what the caller reads by hand (polygon
 * vertices); name is the key for messages. */
int vg__y_vec(const struct vg__yctx *c, yaml_node_t *node, const char *name, int n,
              double min, double max, double *out);

/* The index of table entry key (for vg__yseen), or -1. */
int vg__y_index(const struct vg__ytable *t, const char *key);

/* Whether key was in the mapping read into seen. */
int vg__y_has(const struct vg__ytable *t, const struct vg__yseen *seen, const char *key);

/* Sequences: item i, length, and a "'KEY' must be a list" check. */
yaml_node_t *vg__y_item(const struct vg__yctx *c, yaml_node_t *seq, size_t i);
size_t vg__y_seq_len(yaml_node_t *seq);
int vg__y_need_list(const struct vg__yctx *c, yaml_node_t *n, const char *key);

/* The context of the i-th entry of a list: "radar 'r1'", or "radar #2" without a valid id. */
struct vg__yctx vg__y_entry_ctx(const struct vg__yctx *c, yaml_node_t *map, const char *kind,
                                size_t i);

#endif
