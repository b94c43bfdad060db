/* SPDX-License-Identifier: MIT */
/* scoreset.c — the objects of one truth or tracks file, with interned ids, sorted by time.
 *
 * A scored file holds one line per object per time: swarm100 has 20,000 truth lines over
 * 100 ids, a long exercise maybe a million over thousands. Ids are interned once through an
 * open-addressing table (FNV-1a, linear probing, load <= 1/2), so the per-time scoring and
 * the id switch count compare small integers. Arrays double as they fill; sorting uses an
 * index permutation, applied to each array in turn. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "score/score.h"

void vg_score_set_init(struct vg_score_set *s)
{
    memset(s, 0, sizeof *s);
}

void vg_score_set_fini(struct vg_score_set *s)
{
    free(s->t);
    free(s->pos);
    free(s->id);
    free(s->line);
    for (int k = 0; k < s->nnames; k++)
        free(s->names[k]);
    free(s->names);
    free(s->slots);
    free(s->t_only);
    vg_score_set_init(s);
}

static uint64_t fnv1a(const char *str)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (const unsigned char *q = (const unsigned char *)str; *q; q++)
        h = (h ^ *q) * 0x100000001b3ULL;
    return h;
}

/* Rebuilds the slot table with room for twice the names. */
static int rehash(struct vg_score_set *s, size_t cap)
{
    int *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return VG_ENOMEM;
    for (int k = 0; k < s->nnames; k++) {
        size_t h = (size_t)fnv1a(s->names[k]) & (cap - 1);
        while (slots[h])
            h = (h + 1) & (cap - 1);
        slots[h] = k + 1;
    }
    free(s->slots);
    s->slots = slots;
    s->slots_cap = cap;
    return 0;
}

/* Index of name, added if new; negative VG_E* on failure. */
static int intern(struct vg_score_set *s, const char *name)
{
    if ((size_t)s->nnames * 2 >= s->slots_cap) {
        if (s->slots_cap > SIZE_MAX / 2 / sizeof(int))
            return VG_ENOMEM;
        int rc = rehash(s, s->slots_cap ? 2 * s->slots_cap : 64);
        if (rc)
            return rc;
    }
    size_t mask = s->slots_cap - 1, h = (size_t)fnv1a(name) & mask;
    for (; s->slots[h]; h = (h + 1) & mask)
        if (!strcmp(s->names[s->slots[h] - 1], name))
            return s->slots[h] - 1;
    if (s->nnames == s->names_cap) {
        if (s->names_cap > (1 << 29))
            return VG_ENOMEM;
        int cap = s->names_cap ? 2 * s->names_cap : 16;
        char **nn = realloc(s->names, (size_t)cap * sizeof *nn);
        if (!nn)
            return VG_ENOMEM;
        s->names = nn;
        s->names_cap = cap;
    }
    size_t len = strlen(name);
    char *copy = malloc(len + 1);
    if (!copy)
        return VG_ENOMEM;
    memcpy(copy, name, len + 1);
    s->names[s->nnames] = copy;
    s->slots[h] = ++s->nnames;
    return s->nnames - 1;
}

/* Makes room for one more object. Each array is replaced only once all have grown. */
static int reserve_one(struct vg_score_set *s)
{
    if (s->n < s->cap)
        return 0;
    size_t cap = s->cap ? 2 * s->cap : 256;
    if (cap > SIZE_MAX / (3 * sizeof(double)))
        return VG_ENOMEM;
    double *t = realloc(s->t, cap * sizeof *t);
    if (!t)
        return VG_ENOMEM;
    s->t = t;
    double *pos = realloc(s->pos, 3 * cap * sizeof *pos);
    if (!pos)
        return VG_ENOMEM;
    s->pos = pos;
    int *id = realloc(s->id, cap * sizeof *id);
    if (!id)
        return VG_ENOMEM;
    s->id = id;
    unsigned *line = realloc(s->line, cap * sizeof *line);
    if (!line)
        return VG_ENOMEM;
    s->line = line;
    s->cap = cap;
    return 0;
}

int vg_score_set_add(struct vg_score_set *s, double t, const double pos[3], const char *id,
                     unsigned line)
{
    int rc = reserve_one(s);
    if (rc)
        return rc;
    int k = intern(s, id);
    if (k < 0)
        return k;
    s->t[s->n] = t;
    memcpy(s->pos + 3 * s->n, pos, 3 * sizeof(double));
    s->id[s->n] = k;
    s->line[s->n] = line;
    s->n++;
    return 0;
}

int vg_score_set_add_time(struct vg_score_set *s, double t)
{
    if (s->n_t_only == s->t_only_cap) {
        size_t cap = s->t_only_cap ? 2 * s->t_only_cap : 64;
        if (cap > SIZE_MAX / sizeof(double))
            return VG_ENOMEM;
        double *nt = realloc(s->t_only, cap * sizeof *nt);
        if (!nt)
            return VG_ENOMEM;
        s->t_only = nt;
        s->t_only_cap = cap;
    }
    s->t_only[s->n_t_only++] = t;
    return 0;
}

struct key {
    double t;
    unsigned line;
    size_t k;
};

static int key_cmp(const void *pa, const void *pb)
{
    const struct key *a = pa, *b = pb;
    if (a->t != b->t)
        return a->t < b->t ? -1 : 1;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    return a->k < b->k ? -1 : a->k > b->k;
}

int vg_score_set_sort(struct vg_score_set *s)
{
    if (s->n < 2)
        return 0;
    struct key *keys = malloc(s->n * sizeof *keys);
    double *tmp = malloc(3 * s->n * sizeof *tmp);
    if (!keys || !tmp) {
        free(keys);
        free(tmp);
        return VG_ENOMEM;
    }
    for (size_t k = 0; k < s->n; k++)
        keys[k] = (struct key){s->t[k], s->line[k], k};
    qsort(keys, s->n, sizeof *keys, key_cmp);

    /* Apply the permutation array by array through one scratch buffer. */
    for (size_t k = 0; k < s->n; k++)
        memcpy(tmp + 3 * k, s->pos + 3 * keys[k].k, 3 * sizeof(double));
    memcpy(s->pos, tmp, 3 * s->n * sizeof(double));
    int *itmp = (int *)tmp;
    for (size_t k = 0; k < s->n; k++)
        itmp[k] = s->id[keys[k].k];
    memcpy(s->id, itmp, s->n * sizeof(int));
    for (size_t k = 0; k < s->n; k++) {
        s->t[k] = keys[k].t;
        s->line[k] = keys[k].line;
    }
    free(keys);
    free(tmp);
    return 0;
}
