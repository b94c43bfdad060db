/* SPDX-License-Identifier: MIT */
/* replay_internal.h — the replay's state and the pieces replay.c and replay_rerun.c share:
 * cursors over one table's window, emission reading, pacing and progress. */
#ifndef VG_RECORD_REPLAY_INTERNAL_H
#define VG_RECORD_REPLAY_INTERNAL_H

#include <sqlite3.h>

#include "record/replay.h"

struct vg__meta {
    char *key, *value;
};

struct vg_replay {
    sqlite3 *db;
    char path[512];
    struct vg_site site;          /* from the "site" metadata, plus implicit sensors */
    struct vg__meta *meta;
    size_t nmeta, meta_cap;
    struct vg_track *emit;        /* one emission read back */
    size_t emit_cap;
};

/* A statement over one table's rows, positioned on the next row (has = 1) or done. Column 0
 * is seq, column 1 t. */
struct vg__cursor {
    sqlite3_stmt *st;
    int has;
    double t;
    int64_t seq;
};

int vg__cursor_open(struct vg_replay *rp, struct vg__cursor *c, const char *sql, double from,
                    double to, struct vg_diag *d);
int vg__cursor_next(struct vg_replay *rp, struct vg__cursor *c, struct vg_diag *d);
void vg__cursor_close(struct vg__cursor *c);

/* The emission at the cursor into rp->emit (n tracks at *t); the cursor moves past it. */
int vg__read_emission(struct vg_replay *rp, struct vg__cursor *c, double *t, size_t *n,
                      struct vg_diag *d);

/* The site index of a recorded sensor id (added as implicit when new), or a VG_E*. */
int vg__replay_sensor(struct vg_replay *rp, const char *id);

struct vg__pace {
    double speed, lo, hi;         /* window clipped to the recording */
    double wall0, t0;             /* wall clock (s) and record time of the first record */
    double last_report;
    double t_latest;
    int have_latest;
    uint64_t records;
};

void vg__window(struct vg_replay *rp, const struct vg_replay_opts *o, double *lo, double *hi);
void vg__pace_init(struct vg__pace *p, const struct vg_replay_opts *o, double lo, double hi);
/* Sleep until the record at t is due. */
void vg__pace_wait(struct vg__pace *p, double t);
/* nrec records at t delivered: count them, report progress when due (or when done). */
void vg__pace_done(struct vg__pace *p, const struct vg_replay_sink *sink, double t,
                   uint64_t nrec, int done);

int vg__replay_rerun(struct vg_replay *rp, const struct vg_replay_opts *o,
                     const struct vg_replay_sink *sink, struct vg_replay_compare *cmp,
                     struct vg_diag *d);

#endif
