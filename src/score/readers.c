/* SPDX-License-Identifier: MIT */
/* readers.c — scoring inputs: truth.jsonl, tracks.jsonl and the scan times of detections.
 *
 * formats.md: one JSON object per line; blank lines and lines starting with '#' are
 * skipped; unknown fields are ignored; an offline tool stops at the first bad line and
 * reports "FILE:LINE: reason". Every field used is type- and range-checked: t finite,
 * pos exactly three finite numbers, id a string (at most VG_ID_MAX - 1 bytes) or an
 * integer, status one of the three names. Lines need not be in time order. */
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "score/score.h"

#define VG_ID_MAX 128

struct reader {
    FILE *f;
    const char *path;
    char *buf;
    size_t cap;
    unsigned lineno;
};

static int reader_open(struct reader *r, const char *path, struct vg_diag *d)
{
    memset(r, 0, sizeof *r);
    r->path = path;
    r->f = fopen(path, "r");
    if (!r->f) {
        int err = errno == ENOENT ? VG_ENOENT : errno ? -errno : VG_EIO;
        return vg_diag_set(d, err, "%s: %s", path, vg_strerror(err));
    }
    return 0;
}

static void reader_close(struct reader *r)
{
    if (r->f)
        fclose(r->f);
    free(r->buf);
    r->f = NULL;
    r->buf = NULL;
}

/* Next JSON object into *obj (the caller decrefs it): 1, 0 at end of file, or an error. */
static int reader_next(struct reader *r, json_t **obj, struct vg_diag *d)
{
    for (;;) {
        errno = 0;
        ssize_t len = getline(&r->buf, &r->cap, r->f);
        if (len < 0) {
            if (ferror(r->f))
                return vg_diag_set(d, VG_EIO, "%s:%u: read error", r->path, r->lineno + 1);
            return 0;
        }
        r->lineno++;
        size_t k = 0;
        while (k < (size_t)len && (r->buf[k] == ' ' || r->buf[k] == '\t' ||
                                   r->buf[k] == '\r' || r->buf[k] == '\n'))
            k++;
        if (k == (size_t)len || r->buf[k] == '#')
            continue;
        json_error_t je;
        *obj = json_loadb(r->buf, (size_t)len, JSON_REJECT_DUPLICATES, &je);
        if (!*obj)
            return vg_diag_set(d, VG_EPARSE, "%s:%u: invalid JSON: %s (column %d)", r->path,
                               r->lineno, je.text, je.column);
        if (!json_is_object(*obj)) {
            json_decref(*obj);
            return vg_diag_set(d, VG_EPARSE, "%s:%u: not a JSON object", r->path,
                               r->lineno);
        }
        return 1;
    }
}

static int bad(const struct reader *r, struct vg_diag *d, const char *why)
{
    return vg_diag_set(d, VG_EPARSE, "%s:%u: %s", r->path, r->lineno, why);
}

static int get_time(const struct reader *r, json_t *o, double *t, struct vg_diag *d)
{
    json_t *v = json_object_get(o, "t");
    if (!v)
        return bad(r, d, "missing 't'");
    if (!json_is_number(v) || !isfinite(json_number_value(v)))
        return bad(r, d, "'t' is not a finite number");
    *t = json_number_value(v);
    return 0;
}

static int get_pos(const struct reader *r, json_t *o, double pos[3], struct vg_diag *d)
{
    json_t *v = json_object_get(o, "pos");
    if (!v)
        return bad(r, d, "missing 'pos'");
    if (!json_is_array(v) || json_array_size(v) != 3)
        return bad(r, d, "'pos' is not an array of 3 numbers [e, n, u]");
    for (size_t k = 0; k < 3; k++) {
        json_t *x = json_array_get(v, k);
        if (!json_is_number(x) || !isfinite(json_number_value(x)))
            return bad(r, d, "'pos' has an element that is not a finite number");
        pos[k] = json_number_value(x);
    }
    return 0;
}

static int get_id(const struct reader *r, json_t *o, char id[VG_ID_MAX], struct vg_diag *d)
{
    json_t *v = json_object_get(o, "id");
    if (!v)
        return bad(r, d, "missing 'id'");
    if (json_is_integer(v)) {
        snprintf(id, VG_ID_MAX, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return 0;
    }
    if (!json_is_string(v))
        return bad(r, d, "'id' is neither a string nor an integer");
    size_t len = json_string_length(v);
    if (len >= VG_ID_MAX)
        return bad(r, d, "'id' is longer than 127 bytes");
    if (memchr(json_string_value(v), '\0', len))
        return bad(r, d, "'id' contains a NUL character");
    memcpy(id, json_string_value(v), len + 1);
    return 0;
}

static void set_path(struct vg_score_set *s, const char *path)
{
    snprintf(s->path, sizeof s->path, "%s", path);
}

/* Reads one object line of truth (tracks = 0) or tracks (tracks = 1). */
static int read_line(const struct reader *r, json_t *o, int tracks, struct vg_score_set *out,
                     struct vg_diag *d)
{
    double t, pos[3];
    char id[VG_ID_MAX];
    int rc = get_time(r, o, &t, d);
    if (!rc)
        rc = get_id(r, o, id, d);
    if (!rc)
        rc = get_pos(r, o, pos, d);
    if (rc)
        return rc;
    out->lines++;
    if (tracks) {
        json_t *st = json_object_get(o, "status");
        const char *s = json_string_value(st);
        if (!st)
            return bad(r, d, "missing 'status'");
        if (!s || (strcmp(s, "tentative") && strcmp(s, "confirmed") && strcmp(s, "coasting")))
            return bad(r, d, "'status' is not \"tentative\", \"confirmed\" or \"coasting\"");
        if (!strcmp(s, "tentative"))
            return vg_score_set_add_time(out, t);
    }
    rc = vg_score_set_add(out, t, pos, id, r->lineno);
    return rc ? vg_diag_set(d, rc, "%s:%u: %s", r->path, r->lineno, vg_strerror(rc)) : 0;
}

static int read_objects(const char *path, int tracks, struct vg_score_set *out,
                        struct vg_diag *d)
{
    struct reader r;
    int rc = reader_open(&r, path, d);
    if (rc)
        return rc;
    set_path(out, path);
    json_t *o;
    while ((rc = reader_next(&r, &o, d)) == 1) {
        rc = read_line(&r, o, tracks, out, d);
        json_decref(o);
        if (rc)
            break;
    }
    reader_close(&r);
    if (rc)
        return rc;
    rc = vg_score_set_sort(out);
    return rc ? vg_diag_set(d, rc, "%s: %s", path, vg_strerror(rc)) : 0;
}

int vg_truth_read(const char *path, struct vg_score_set *out, struct vg_diag *d)
{
    return read_objects(path, 0, out, d);
}

int vg_tracks_read(const char *path, struct vg_score_set *out, struct vg_diag *d)
{
    return read_objects(path, 1, out, d);
}

int vg_scan_times_read(const char *path, double **times, size_t *n, struct vg_diag *d)
{
    *times = NULL;
    *n = 0;
    struct reader r;
    int rc = reader_open(&r, path, d);
    if (rc)
        return rc;
    size_t cap = 0;
    json_t *o;
    while ((rc = reader_next(&r, &o, d)) == 1) {
        const char *kind = json_string_value(json_object_get(o, "kind"));
        double t;
        rc = kind && !strcmp(kind, "scan") ? get_time(&r, o, &t, d) : 1;
        json_decref(o);
        if (rc < 0)
            break;
        if (rc)
            continue;
        if (*n == cap) {
            size_t ncap = cap ? 2 * cap : 256;
            double *nt = ncap < ((size_t)-1) / sizeof(double)
                             ? realloc(*times, ncap * sizeof *nt) : NULL;
            if (!nt) {
                rc = vg_diag_set(d, VG_ENOMEM, "%s:%u: %s", path, r.lineno,
                                 vg_strerror(VG_ENOMEM));
                break;
            }
            *times = nt;
            cap = ncap;
        }
        (*times)[(*n)++] = t;
    }
    reader_close(&r);
    return rc;
}
