/* SPDX-License-Identifier: MIT */
/* score.h — comparing tracks with truth: GOSPA per time and over a run, and id switches.
 *
 * GOSPA (generalised optimal sub-pattern assignment, Rahmathullah, García-Fernández &
 * Svensson, "Generalized optimal sub-pattern assignment metric", FUSION 2017) with α = 2,
 * cut-off c > 0 and order 1 <= p < ∞, on 3-D positions (m, site ENU). For truth set X and
 * estimate set Y at one time:
 *
 *     d = ( min over partial assignments γ  Σ_{(x,y)∈γ} d(x,y)^p + c^p/2 (|X| + |Y| − 2|γ|) )^(1/p)
 *
 * where d(x, y) is the Euclidean distance. Pairs at distance >= c count as unassigned (they
 * cost c^p either way). The three parts are the terms inside the p-th power sum:
 *     localisation = Σ over assigned pairs d^p                   (m^p)
 *     missed       = c^p/2 · (truths not assigned)               (m^p)
 *     false        = c^p/2 · (estimates not assigned)            (m^p)
 * so that gospa = (localisation + missed + false)^(1/p); for p = 1 they are plain metres
 * and add up to the GOSPA. Over a run, every part and the GOSPA itself are averaged over the
 * scored times (for p ≠ 1 the mean GOSPA is not the p-th root of the summed mean parts).
 *
 * Files: gospa.c (one time step), scoreset.c (objects of one file, grouped by time),
 * readers.c (truth.jsonl, tracks.jsonl, scan times of detections.jsonl), score.c (a run). */
#ifndef VG_SCORE_H
#define VG_SCORE_H

#include <stddef.h>

#include "base/assign.h"
#include "base/err.h"

#define VG_GOSPA_ALPHA 2      /* the only α for which GOSPA splits into the three parts */
#define VG_SCORE_T_TOL 1e-6   /* s: truth and track times closer than this are one time */

/* One time step (gospa.c). */

struct vg_gospa {
    double gospa;       /* m: (loc_term + missed_term + false_term)^(1/p) */
    double loc_term;    /* m^p: Σ d^p over assigned pairs (d < c) */
    double missed_term; /* m^p: c^p/2 · missed_n */
    double false_term;  /* m^p: c^p/2 · false_n */
    int assigned_n;     /* pairs with d < c in the optimal assignment */
    int missed_n;       /* truths not assigned */
    int false_n;        /* estimates not assigned */
};

/* Reusable workspace: grows to the largest step seen, so a run allocates a few times only. */
struct vg_gospa_ws {
    struct vg_assign assign;
    double *cost;      /* rows × cols, rows = the smaller set */
    size_t cost_cap;   /* doubles in cost */
    int *match;        /* [rows] assignment result */
    size_t match_cap;  /* ints in match */
};

void vg_gospa_init(struct vg_gospa_ws *w);   /* no allocation */
void vg_gospa_fini(struct vg_gospa_ws *w);   /* frees; safe on an initialised workspace */

/* GOSPA between nt truth positions and ne estimate positions (3 doubles each, m). c must be
 * finite and > 0, p finite and >= 1, positions finite: else VG_EINVAL. truth_to_est
 * (OUT, may be NULL) gets for each truth the index of its estimate if assigned with d < c,
 * else -1. 0 or VG_ENOMEM. */
int vg_gospa_step(struct vg_gospa_ws *w, double c, double p, const double *truth, int nt,
                  const double *est, int ne, struct vg_gospa *out, int *truth_to_est);

/* Objects of one file (scoreset.c). */

#define VG_SCORE_PATH_MAX 256

/* Positions with their time and object id (interned to a small index), structure of arrays
 * so that, once sorted by time, the objects at one time are one contiguous slice. */
struct vg_score_set {
    size_t n, cap;     /* objects held, room */
    double *t;         /* [n] s */
    double *pos;       /* [3n] m, site ENU */
    int *id;           /* [n] index into names */
    unsigned *line;    /* [n] source line, for diagnostics (0 if none) */
    char **names;      /* [nnames] interned ids, owned */
    int nnames, names_cap;
    int *slots;        /* open-addressing table: name index + 1, 0 = empty */
    size_t slots_cap;  /* power of two, or 0 */
    double *t_only;    /* times of lines that carry no scored object (tentative tracks) */
    size_t n_t_only, t_only_cap;
    size_t lines;      /* object lines read (scored or not) */
    char path[VG_SCORE_PATH_MAX]; /* source, for diagnostics ("" if none) */
};

void vg_score_set_init(struct vg_score_set *s);
void vg_score_set_fini(struct vg_score_set *s);
/* Appends one object; id is copied and interned. 0 or VG_ENOMEM. */
int vg_score_set_add(struct vg_score_set *s, double t, const double pos[3], const char *id,
                     unsigned line);
/* Records a time at which the file had a line but no object to score. 0 or VG_ENOMEM. */
int vg_score_set_add_time(struct vg_score_set *s, double t);
/* Sorts the objects by time, then by line (stable for equal times). 0 or VG_ENOMEM. */
int vg_score_set_sort(struct vg_score_set *s);

/* Readers (readers.c). */
/* Each reads a JSON lines file (formats.md), skipping blank and '#' lines, and stops at the
 * first bad line with VG_EPARSE and "FILE:LINE: reason" in d (VG_ENOENT / VG_EIO with
 * "FILE: reason" if it cannot be read). On error the output holds what was read before. */

/* truth.jsonl: needs t, id (string or integer) and pos [e, n, u]. */
int vg_truth_read(const char *path, struct vg_score_set *out, struct vg_diag *d);
/* tracks.jsonl: needs t, id (integer or string), status and pos [e, n, u]. Status
 * "confirmed" and "coasting" are scored; "tentative" lines only mark a reported time. */
int vg_tracks_read(const char *path, struct vg_score_set *out, struct vg_diag *d);
/* detections.jsonl: the times t of all kind "scan" lines, in file order, into *times
 * (malloc'd, the caller frees it, also on error) and their count into *n. */
int vg_scan_times_read(const char *path, double **times, size_t *n, struct vg_diag *d);

/* A run (score.c). */

struct vg_score_params {
    double c;       /* m, cut-off, > 0 */
    double p;       /* order, >= 1 */
    double t_tol;   /* s, times closer than this are one time, >= 0 */
};

/* Defaults: c = 10 m, p = 1, t_tol = VG_SCORE_T_TOL (Stone Soup tutorial settings). */
void vg_score_params_default(struct vg_score_params *prm);

/* One scored time, as handed to the per-time callback. */
struct vg_score_time {
    double t;           /* s, earliest time of the group */
    int truths, tracks; /* objects scored at t */
    int id_switches;    /* switches counted at t */
    struct vg_gospa g;
};

struct vg_score_result {
    double c, p;
    int alpha;                   /* VG_GOSPA_ALPHA */
    size_t times;                /* scored times */
    /* Means over the scored times (0 if none). */
    double gospa;                /* m */
    double loc_term;             /* m^p */
    double missed_term;          /* m^p, c^p/2 · missed count */
    double false_term;           /* m^p, c^p/2 · false count */
    double missed_n, false_n, assigned_n; /* objects per time */
    long id_switches;            /* over the run, all truth objects */
};

/* Scores tracks against truth. Scored times are the union of the truth times, the track
 * times (including times of tentative-only lines) and extra_t[n_extra] (e.g. scan times),
 * each merged with others closer than t_tol. Per truth object, an id switch is counted
 * each time the track id it is assigned to (pairs with d < c) differs from the one it was
 * last assigned to. Sorts both sets in place. on_time (may be NULL) is called for each
 * scored time in order; a non-zero return stops the run and is returned. An id at two
 * different times merged into one is scored once, at the later (its newest state; both sets
 * are permuted so). VG_EINVAL for bad parameters, VG_EPARSE if an id appears twice at the
 * very same time (FILE:LINE in d). */
int vg_score_run(struct vg_score_set *truth, struct vg_score_set *tracks,
                 const double *extra_t, size_t n_extra, const struct vg_score_params *prm,
                 int (*on_time)(void *ctx, const struct vg_score_time *st), void *ctx,
                 struct vg_score_result *out, struct vg_diag *d);

#endif
