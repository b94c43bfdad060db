/* SPDX-License-Identifier: MIT */
/* internal.h — names shared by the files of record/: the database's opening and schema
 * (record_schema.c), row encoding (record_rows.c) and the exact settings text
 * (record_config.c). Not for use outside record/. */
#ifndef VG_RECORD_INTERNAL_H
#define VG_RECORD_INTERNAL_H

#include <sqlite3.h>
#include <stdint.h>

#include "base/err.h"

/* open modes */
#define VG__DB_WRITE 1       /* create if missing, create the schema if empty */
#define VG__DB_READ 0        /* an existing recording only */

/* Open path, check that it is a Vigil recording of this schema (or an empty file, which in
 * write mode gets the schema) and apply the pragmas (WAL, synchronous = NORMAL). In write
 * mode, truncate empties the tables of an existing recording. 0 with *db open, or an error
 * with d = "PATH: reason" and *db NULL. */
int vg__record_db_open(sqlite3 **db, const char *path, int mode, int truncate,
                       struct vg_diag *d);

/* An SQLite result code as a VG_E* (SQLITE_FULL, SQLITE_IOERR → VG_EIO, ...). */
int vg__record_sqlite_err(int rc);

/* Little-endian float64 and float32 arrays in blobs (the schema's byte order, whatever the
 * host's). */
void vg__put_f64(uint8_t *out, const double *v, size_t n);
void vg__get_f64(double *v, const uint8_t *in, size_t n);
void vg__put_f32(uint8_t *out, const float *v, size_t n);
void vg__get_f32(float *v, const uint8_t *in, size_t n);


/* ---- queue slots and their rows (record_rows.c) */
#include "assess/alerts.h"
#include "base/geo.h"
#include "base/site.h"
#include "sense/detection.h"
#include "track/track.h"

enum { VG__REC_DET = 0, VG__REC_TRACK, VG__REC_ALERT, VG__REC_ACTION, VG__REC_META,
       VG__REC_KINDS };

/* One queued record. Detections and tracks are copied whole into the slot; the rare kinds
 * carry one heap block (text), freed by whoever consumes the slot. */
struct vg__slot {
    uint8_t kind;                        /* VG__REC_* */
    int64_t seq;                         /* recording-wide sequence number (the rowid) */
    union {
        struct {
            struct vg_detection det;
            char sensor[VG_ID_MAX];
        } det;
        struct {
            double t;                    /* emission time */
            int64_t emit;                /* emission number */
            struct vg_track trk;
        } trk;
        struct {
            struct vg_alert a;
            char zone_id[VG_ID_MAX];
            int swarm;                   /* members were given (not NULL) */
            char *text;                  /* "ADVICE_JSON\0MEMBERS_JSON_OR_EMPTY\0" */
        } alert;
        struct {
            double t;
            char *text;                  /* "who\0what\0alert_id\0detail\0" */
        } action;
        struct {
            char *text;                  /* "key\0value\0" */
        } meta;
    } u;
};

/* Release a slot's heap block. */
void vg__slot_release(struct vg__slot *s);

struct vg__rec_stmts {
    sqlite3_stmt *ins[VG__REC_KINDS];
};

int vg__rec_prepare(sqlite3 *db, struct vg__rec_stmts *s);
void vg__rec_finalize(struct vg__rec_stmts *s);
/* Insert one slot (frame: for tracks' lat/lon/alt, or NULL). An SQLITE_* code. */
int vg__rec_insert(struct vg__rec_stmts *s, const struct vg__slot *slot,
                   const struct vg_enu_frame *frame);

/* ---- reading rows back (record_rows.c). Each takes a statement positioned on a row of
 * the column list named beside it, and returns 0 or VG_EPARSE (d: "seq N: reason"). */
#define VG__DET_COLS "seq,t,sensor,kind,nz,flags,z,R,snr_db,rcs_dbsm,class_hint,class_p," \
                     "coop_id,coop_vel,coop_op,band_mhz,link,src_line"
#define VG__TRK_COLS "seq,t,emit,id,status,e,n,u,ve,vn,vu,P,t_track,t_first,nhist,misses," \
                     "hist,hits,last_sensor,link,assessed,class,cooperative,p_class,threat," \
                     "coop_id,lat,lon,alt_m"
#define VG__ALERT_COLS "seq,t,alert_id,track,swarm,zone,zone_id,level,state,t_raised,threat," \
                       "time_to_zone_s,acknowledged,ack_by,t_ack,advice,members"
#define VG__ACTION_COLS "seq,t,who,what,alert_id,detail"

/* sensor: the row's sensor id (valid until the next step); det->sensor is left 0. */
int vg__row_detection(sqlite3_stmt *st, struct vg_detection *det, const char **sensor,
                      struct vg_diag *d);
/* *t the emission time, *emit its number; geo[3] = lat, lon, alt (NAN when NULL). */
int vg__row_track(sqlite3_stmt *st, double *t, int64_t *emit, struct vg_track *trk,
                  double geo[3], struct vg_diag *d);
/* The site's ENU positions, exact (record_config.c): text for the "site_enu" metadata, and
 * laid over a site read from the "site" GeoJSON. */
char *vg__site_enu_text(const struct vg_site *s);
void vg__site_enu_apply(struct vg_site *s, const char *text);

struct vg_record_alert;
struct vg_record_action;
int vg__row_alert(sqlite3_stmt *st, struct vg_record_alert *al, struct vg_diag *d);
int vg__row_action(sqlite3_stmt *st, struct vg_record_action *ac);

/* Advice and members as the alerts table holds them (JSON arrays): a heap block
 * "ADVICE\0MEMBERS\0" (MEMBERS empty for a single-track alert), or NULL. */
char *vg__alert_text(const struct vg_advice *advice, size_t nadvice, const uint64_t *members,
                     size_t nmembers);

#endif
