/* SPDX-License-Identifier: MIT */
/* record_rows.c — one record ↔ one row, both ways.
 *
 * Writing binds a queue slot to its table's prepared INSERT (the writer thread's only work
 * besides committing); reading turns a row back into the struct it came from. Doubles go in
 * REAL columns or little-endian blobs and come back bit for bit; floats widen to double and
 * narrow back exactly. Enums are stored by name ("polar", "confirmed", "drone") so that the
 * file reads well in the sqlite3 shell and does not depend on enum order. A row read back is
 * checked like any input (blob sizes, nz, names): a damaged or hand-edited file gives
 * "seq N: reason", never a read past a blob. */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/mat.h"
#include "record/internal.h"
#include "record/replay.h"

static const char *const insert_sql[VG__REC_KINDS] = {
    "INSERT INTO detections(" VG__DET_COLS ") VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
    "INSERT INTO tracks(" VG__TRK_COLS ") VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,"
    "?,?,?,?,?)",
    "INSERT INTO alerts(" VG__ALERT_COLS ") VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
    "INSERT INTO actions(" VG__ACTION_COLS ") VALUES(?,?,?,?,?,?)",
    "INSERT OR REPLACE INTO meta(key,value,t_wall) VALUES(?,?,julianday('now'))",
};

int vg__rec_prepare(sqlite3 *db, struct vg__rec_stmts *s)
{
    memset(s, 0, sizeof *s);
    for (int k = 0; k < VG__REC_KINDS; k++) {
        int rc = sqlite3_prepare_v3(db, insert_sql[k], -1, SQLITE_PREPARE_PERSISTENT,
                                    &s->ins[k], NULL);
        if (rc != SQLITE_OK) {
            vg__rec_finalize(s);
            return rc;
        }
    }
    return SQLITE_OK;
}

void vg__rec_finalize(struct vg__rec_stmts *s)
{
    for (int k = 0; k < VG__REC_KINDS; k++) {
        sqlite3_finalize(s->ins[k]);
        s->ins[k] = NULL;
    }
}

void vg__slot_release(struct vg__slot *s)
{
    char **p = NULL;
    if (s->kind == VG__REC_ALERT)
        p = &s->u.alert.text;
    else if (s->kind == VG__REC_ACTION)
        p = &s->u.action.text;
    else if (s->kind == VG__REC_META)
        p = &s->u.meta.text;
    if (p) {
        free(*p);
        *p = NULL;
    }
}

static void bind_f64s(sqlite3_stmt *st, int col, const double *v, size_t n)
{
    uint8_t buf[8 * VG_NX * VG_NX];
    vg__put_f64(buf, v, n);
    sqlite3_bind_blob(st, col, buf, (int)(8 * n), SQLITE_TRANSIENT);
}

static void bind_f32s(sqlite3_stmt *st, int col, const float *v, size_t n)
{
    uint8_t buf[4 * 16];
    vg__put_f32(buf, v, n);
    sqlite3_bind_blob(st, col, buf, (int)(4 * n), SQLITE_TRANSIENT);
}

/* A track's covariance: the 21 values of its upper triangle, row by row, when it is exactly
 * symmetric (as the updaters keep it, nearly always), else all 36 — 120 bytes a row saved,
 * a fifth of the file, and still bit for bit. The reader tells the two by the blob's size. */
static void bind_cov(sqlite3_stmt *st, int col, const double *P)
{
    int sym = 1;
    for (int i = 0; i < VG_NX && sym; i++)
        for (int j = i + 1; j < VG_NX && sym; j++)
            sym = !memcmp(&P[i * VG_NX + j], &P[j * VG_NX + i], sizeof *P);
    if (!sym) {
        bind_f64s(st, col, P, VG_NX * VG_NX);
        return;
    }
    double up[VG_NX * (VG_NX + 1) / 2];
    size_t n = 0;
    for (int i = 0; i < VG_NX; i++)
        for (int j = i; j < VG_NX; j++)
            up[n++] = P[i * VG_NX + j];
    bind_f64s(st, col, up, n);
}

/* A double that may be infinite or NaN (SQLite stores NaN as NULL anyway): NULL then. */
static void bind_real(sqlite3_stmt *st, int col, double v)
{
    if (isfinite(v))
        sqlite3_bind_double(st, col, v);
    else
        sqlite3_bind_null(st, col);
}

static void bind_text(sqlite3_stmt *st, int col, const char *s)
{
    if (s && *s)
        sqlite3_bind_text(st, col, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, col);
}

static void bind_det(sqlite3_stmt *st, const struct vg__slot *s)
{
    const struct vg_detection *d = &s->u.det.det;
    unsigned nz = d->nz <= VG_DET_NZ_MAX ? d->nz : VG_DET_NZ_MAX;
    sqlite3_bind_double(st, 2, d->t);
    sqlite3_bind_text(st, 3, s->u.det.sensor, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, vg_det_kind_name(d->kind), -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 5, (int)nz);
    sqlite3_bind_int(st, 6, d->flags);
    if (nz) {
        bind_f64s(st, 7, d->z, nz);
        double R[VG_DET_NZ_MAX * VG_DET_NZ_MAX];
        for (unsigned i = 0; i < nz * nz; i++)
            R[i] = d->R[i];
        bind_f64s(st, 8, R, nz * nz);
    }
    if (d->flags & VG_DET_HAS_SNR)
        sqlite3_bind_double(st, 9, d->snr_db);
    if (d->flags & VG_DET_HAS_RCS)
        sqlite3_bind_double(st, 10, d->rcs_dbsm);
    if (d->flags & VG_DET_HAS_HINT) {
        sqlite3_bind_text(st, 11, vg_class_name(d->class_hint), -1, SQLITE_STATIC);
        sqlite3_bind_double(st, 12, d->class_p);
    }
    bind_text(st, 13, d->coop_id[0] ? d->coop_id : NULL);
    if (d->flags & VG_DET_HAS_COOP_VEL)
        bind_f32s(st, 14, d->coop_vel, 3);
    if (d->flags & VG_DET_HAS_COOP_OP)
        bind_f32s(st, 15, d->coop_op, 2);
    if (d->flags & VG_DET_HAS_EMITTER) {
        sqlite3_bind_double(st, 16, d->band_mhz);
        sqlite3_bind_text(st, 17, vg_link_name(d->link), -1, SQLITE_STATIC);
    }
    sqlite3_bind_int64(st, 18, d->src_line);
}

static void bind_track(sqlite3_stmt *st, const struct vg__slot *s,
                       const struct vg_enu_frame *frame)
{
    const struct vg_track *k = &s->u.trk.trk;
    sqlite3_bind_double(st, 2, s->u.trk.t);
    sqlite3_bind_int64(st, 3, s->u.trk.emit);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)k->id);
    sqlite3_bind_text(st, 5, vg_track_status_name(k->status), -1, SQLITE_STATIC);
    for (int i = 0; i < VG_NX; i++)
        bind_real(st, 6 + i, k->x[i]);
    bind_cov(st, 12, k->P);
    sqlite3_bind_double(st, 13, k->t);
    sqlite3_bind_double(st, 14, k->t_first);
    sqlite3_bind_int(st, 15, k->nhist);
    sqlite3_bind_int(st, 16, k->misses);
    sqlite3_bind_int64(st, 17, k->hist);
    sqlite3_bind_int64(st, 18, k->hits);
    sqlite3_bind_int64(st, 19, k->last_sensor);
    sqlite3_bind_text(st, 20, vg_link_name(k->link), -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 21, k->assessed);
    sqlite3_bind_text(st, 22, vg_class_name(k->cls), -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 23, k->cooperative);
    bind_f32s(st, 24, k->p_class, VG_CLASS_COUNT);
    sqlite3_bind_double(st, 25, k->threat);
    /* Only a cooperative track's identity means anything (tracks.jsonl writes it only then);
     * other tracks may carry stale bytes there from the tracker's reused slots. */
    if (k->cooperative > 0)
        bind_text(st, 26, k->coop_id);
    if (frame) {
        double lat, lon, h;
        vg_enu_to_geo(frame, k->x, &lat, &lon, &h);
        bind_real(st, 27, lat);
        bind_real(st, 28, lon);
        bind_real(st, 29, h);
    }
}

static void bind_alert(sqlite3_stmt *st, const struct vg__slot *s)
{
    const struct vg_alert *a = &s->u.alert.a;
    int swarm = (a->track & VG_ALERT_SWARM_BIT) != 0 || s->u.alert.swarm;
    sqlite3_bind_double(st, 2, a->t);
    sqlite3_bind_text(st, 3, a->id, -1, SQLITE_TRANSIENT);
    /* The swarm bit makes the id negative as an int64: store the bits, read them back. */
    sqlite3_bind_int64(st, 4, (sqlite3_int64)a->track);
    sqlite3_bind_int(st, 5, swarm);
    sqlite3_bind_int(st, 6, a->zone);
    bind_text(st, 7, s->u.alert.zone_id);
    sqlite3_bind_text(st, 8, vg_alert_level_name(a->level), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 9, vg_alert_state_name(a->state), -1, SQLITE_STATIC);
    bind_real(st, 10, a->t_raised);
    bind_real(st, 11, a->threat);
    bind_real(st, 12, a->time_to_zone_s); /* NULL: not heading into the zone (INFINITY) */
    sqlite3_bind_int(st, 13, a->acknowledged);
    bind_text(st, 14, a->ack_by);
    if (a->acknowledged)
        bind_real(st, 15, a->t_ack);
    const char *adv = s->u.alert.text ? s->u.alert.text : "[]";
    sqlite3_bind_text(st, 16, adv, -1, SQLITE_TRANSIENT);
    if (s->u.alert.text)
        bind_text(st, 17, adv + strlen(adv) + 1);
}

static void bind_action(sqlite3_stmt *st, const struct vg__slot *s)
{
    const char *p = s->u.action.text;
    sqlite3_bind_double(st, 2, s->u.action.t);
    for (int col = 3; col <= 6; col++) {
        sqlite3_bind_text(st, col, p, -1, SQLITE_TRANSIENT);
        p += strlen(p) + 1;
    }
}

int vg__rec_insert(struct vg__rec_stmts *s, const struct vg__slot *slot,
                   const struct vg_enu_frame *frame)
{
    sqlite3_stmt *st = s->ins[slot->kind];
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    switch (slot->kind) {
    case VG__REC_DET:
        bind_det(st, slot);
        break;
    case VG__REC_TRACK:
        bind_track(st, slot, frame);
        break;
    case VG__REC_ALERT:
        bind_alert(st, slot);
        break;
    case VG__REC_ACTION:
        bind_action(st, slot);
        break;
    default: {
        const char *key = slot->u.meta.text;
        sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, key + strlen(key) + 1, -1, SQLITE_TRANSIENT);
        int rc = sqlite3_step(st);
        return rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
    }
    sqlite3_bind_int64(st, 1, slot->seq);
    int rc = sqlite3_step(st);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

char *vg__alert_text(const struct vg_advice *advice, size_t nadvice, const uint64_t *members,
                     size_t nmembers)
{
    json_t *adv = json_array();
    for (size_t i = 0; adv && i < nadvice; i++)
        json_array_append_new(adv, json_pack("{s:s,s:s}", "effector", advice[i].effector,
                                             "effect", advice[i].effect));
    char *a = adv ? json_dumps(adv, JSON_COMPACT) : NULL;
    json_decref(adv);
    if (!a)
        return NULL;
    size_t na = strlen(a), cap = na + 2 + 21 * nmembers + 2;
    char *out = malloc(cap);
    if (out) {
        memcpy(out, a, na + 1);
        char *m = out + na + 1;
        size_t len = 0;
        if (nmembers) {
            m[len++] = '[';
            for (size_t i = 0; i < nmembers; i++)
                len += (size_t)snprintf(m + len, cap - (size_t)(m - out) - len, "%s%llu",
                                        i ? "," : "", (unsigned long long)members[i]);
            m[len++] = ']';
        }
        m[len] = '\0';
    }
    free(a);
    return out;
}

/* ---- reading */

static int bad(struct vg_diag *d, sqlite3_stmt *st, const char *why)
{
    return vg_diag_set(d, VG_EPARSE, "seq %lld: %s", (long long)sqlite3_column_int64(st, 0), why);
}

static const char *col_text(sqlite3_stmt *st, int col)
{
    const unsigned char *s = sqlite3_column_text(st, col);
    return s ? (const char *)s : "";
}

static double col_real(sqlite3_stmt *st, int col, double if_null)
{
    return sqlite3_column_type(st, col) == SQLITE_NULL ? if_null : sqlite3_column_double(st, col);
}

/* Blob of exactly n float64 (or float32 with f32) into v; 0 or −1 on a wrong size. */
static int col_f64s(sqlite3_stmt *st, int col, double *v, size_t n)
{
    const void *b = sqlite3_column_blob(st, col);
    if ((size_t)sqlite3_column_bytes(st, col) != 8 * n || (n && !b))
        return -1;
    vg__get_f64(v, b, n);
    return 0;
}

static int col_f32s(sqlite3_stmt *st, int col, float *v, size_t n)
{
    const void *b = sqlite3_column_blob(st, col);
    if ((size_t)sqlite3_column_bytes(st, col) != 4 * n || (n && !b))
        return -1;
    vg__get_f32(v, b, n);
    return 0;
}

static void copy_str(char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

/* vg_link_from_name reads "none" as a name heard on the air ("other"); in a row it is
 * VG_LINK_NONE, as written. */
static uint8_t link_from_name(const char *s)
{
    return (uint8_t)(strcmp(s, "none") ? vg_link_from_name(s) : VG_LINK_NONE);
}

/* The shape a decoder gives each kind (sense/detection.h), so that a row read back can be
 * trusted by the tracker as a decoded detection is: nz against kind and flags, finite
 * values. 1 when it fits. */
static int shape_ok(const struct vg_detection *det)
{
    unsigned el = (det->flags & VG_DET_HAS_EL) != 0, rr = (det->flags & VG_DET_HAS_RR) != 0;
    switch (det->kind) {
    case VG_DET_XYZ:
    case VG_DET_ADSB:
    case VG_DET_REMOTEID:
        if (det->nz != 3 || el || rr)
            return 0;
        break;
    case VG_DET_POLAR:
        if (!el || det->nz != 3 + rr)
            return 0;
        break;
    case VG_DET_BEARING:
        if (rr || det->nz != 1 + el)
            return 0;
        break;
    case VG_DET_SCAN: /* a whole scan, or a sector [from, to] in [0, 2π) */
        if (det->nz == 2)
            return isfinite(det->t) && det->z[0] >= 0.0 && det->z[0] < 7.0 &&
                   det->z[1] >= 0.0 && det->z[1] < 7.0;
        if (det->nz != 0)
            return 0;
        break;
    default:
        if (det->nz != 0)
            return 0;
    }
    /* Finite and within reason: 10⁷ m (or m/s, or rad) and variances up to 10¹⁴; a finite
     * but absurd value (a range rate of 1e160) takes the tracker's gate grid to NaN (found by
     * fuzz/recording.c). */
    for (int i = 0; i < det->nz; i++)
        if (!(fabs(det->z[i]) <= 1e7))
            return 0;
    for (int i = 0; i < det->nz * det->nz; i++)
        if (!(fabs(det->R[i]) <= 1e14))
            return 0;
    /* R symmetric positive definite, as every decoder leaves it (sense/jsonl.c): a damaged R
     * would reach the tracker's gates as NaN (found by fuzz/recording.c). */
    for (int i = 0; i < det->nz; i++)
        for (int j = 0; j < i; j++)
            if (det->R[i * det->nz + j] != det->R[j * det->nz + i])
                return 0;
    double l[VG_DET_NZ_MAX * VG_DET_NZ_MAX];
    if (det->nz && vg_mat_chol(l, det->R, det->nz) < 0)
        return 0;
    return isfinite(det->t) && isfinite(det->snr_db) && isfinite(det->rcs_dbsm) &&
           isfinite(det->class_p) && isfinite(det->band_mhz) && isfinite(det->coop_vel[0]) &&
           isfinite(det->coop_vel[1]) && isfinite(det->coop_vel[2]) &&
           isfinite(det->coop_op[0]) && isfinite(det->coop_op[1]);
}

int vg__row_detection(sqlite3_stmt *st, struct vg_detection *det, const char **sensor,
                      struct vg_diag *d)
{
    memset(det, 0, sizeof *det);
    det->t = sqlite3_column_double(st, 1);
    *sensor = col_text(st, 2);
    int kind = vg_det_kind_from_name(col_text(st, 3));
    int nz = sqlite3_column_int(st, 4);
    if (kind < 0)
        return bad(d, st, "unknown detection kind");
    if (nz < 0 || nz > VG_DET_NZ_MAX)
        return bad(d, st, "nz outside 0..4");
    det->kind = (uint8_t)kind;
    det->nz = (uint8_t)nz;
    det->flags = (uint16_t)sqlite3_column_int(st, 5);
    double R[VG_DET_NZ_MAX * VG_DET_NZ_MAX];
    if (nz && (col_f64s(st, 6, det->z, (size_t)nz) || col_f64s(st, 7, R, (size_t)(nz * nz))))
        return bad(d, st, "z or R blob of the wrong size");
    for (int i = 0; i < nz * nz; i++)
        det->R[i] = R[i];
    if (det->flags & VG_DET_HAS_SNR)
        det->snr_db = (float)sqlite3_column_double(st, 8);
    if (det->flags & VG_DET_HAS_RCS)
        det->rcs_dbsm = (float)sqlite3_column_double(st, 9);
    if (det->flags & VG_DET_HAS_HINT) {
        int c = vg_class_from_name(col_text(st, 10));
        if (c < 0)
            return bad(d, st, "unknown class_hint");
        det->class_hint = (uint8_t)c;
        det->class_p = (float)sqlite3_column_double(st, 11);
    }
    copy_str(det->coop_id, sizeof det->coop_id, col_text(st, 12));
    if ((det->flags & VG_DET_HAS_COOP_VEL) && col_f32s(st, 13, det->coop_vel, 3))
        return bad(d, st, "coop_vel blob of the wrong size");
    if ((det->flags & VG_DET_HAS_COOP_OP) && col_f32s(st, 14, det->coop_op, 2))
        return bad(d, st, "coop_op blob of the wrong size");
    if (det->flags & VG_DET_HAS_EMITTER) {
        det->band_mhz = (float)sqlite3_column_double(st, 15);
        det->link = link_from_name(col_text(st, 16));
    }
    det->src_line = (uint32_t)sqlite3_column_int64(st, 17);
    if (!**sensor)
        return bad(d, st, "detection without a sensor id");
    if (!shape_ok(det))
        return bad(d, st, "measurement does not fit its kind (nz, flags) or is not finite");
    return 0;
}

static int status_from_name(const char *s)
{
    for (int i = VG_TRACK_TENTATIVE; i <= VG_TRACK_COASTING; i++)
        if (!strcmp(s, vg_track_status_name(i)))
            return i;
    return -1;
}

int vg__row_track(sqlite3_stmt *st, double *t, int64_t *emit, struct vg_track *trk,
                  double geo[3], struct vg_diag *d)
{
    memset(trk, 0, sizeof *trk);
    *t = sqlite3_column_double(st, 1);
    *emit = sqlite3_column_int64(st, 2);
    trk->id = (uint64_t)sqlite3_column_int64(st, 3);
    int status = status_from_name(col_text(st, 4));
    if (status < 0)
        return bad(d, st, "unknown track status");
    trk->status = (uint8_t)status;
    for (int i = 0; i < VG_NX; i++)
        trk->x[i] = col_real(st, 5 + i, NAN);
    double up[VG_NX * (VG_NX + 1) / 2];
    if (sqlite3_column_bytes(st, 11) == (int)sizeof up && !col_f64s(st, 11, up, 21)) {
        size_t n = 0;
        for (int i = 0; i < VG_NX; i++)
            for (int j = i; j < VG_NX; j++, n++)
                trk->P[i * VG_NX + j] = trk->P[j * VG_NX + i] = up[n];
    } else if (col_f64s(st, 11, trk->P, VG_NX * VG_NX)) {
        return bad(d, st, "P blob is neither 21 nor 36 float64");
    }
    trk->t = sqlite3_column_double(st, 12);
    trk->t_first = sqlite3_column_double(st, 13);
    trk->nhist = (uint8_t)sqlite3_column_int(st, 14);
    trk->misses = (uint16_t)sqlite3_column_int(st, 15);
    trk->hist = (uint32_t)sqlite3_column_int64(st, 16);
    trk->hits = (uint32_t)sqlite3_column_int64(st, 17);
    trk->last_sensor = (uint32_t)sqlite3_column_int64(st, 18);
    trk->link = link_from_name(col_text(st, 19));
    trk->assessed = (uint8_t)sqlite3_column_int(st, 20);
    int cls = vg_class_from_name(col_text(st, 21));
    if (cls < 0)
        return bad(d, st, "unknown class");
    trk->cls = (uint8_t)cls;
    trk->cooperative = (int8_t)sqlite3_column_int(st, 22);
    if (col_f32s(st, 23, trk->p_class, VG_CLASS_COUNT))
        return bad(d, st, "p_class blob of the wrong size");
    trk->threat = (float)sqlite3_column_double(st, 24);
    copy_str(trk->coop_id, sizeof trk->coop_id, col_text(st, 25));
    for (int i = 0; i < 3; i++)
        geo[i] = col_real(st, 26 + i, NAN);
    return 0;
}

static int level_from_name(const char *s)
{
    for (int i = VG_ALERT_WARNING; i <= VG_ALERT_CRITICAL; i++)
        if (!strcmp(s, vg_alert_level_name(i)))
            return i;
    return -1;
}

static int state_from_name(const char *s)
{
    for (int i = VG_ALERT_RAISED; i <= VG_ALERT_CLEARED; i++)
        if (!strcmp(s, vg_alert_state_name(i)))
            return i;
    return -1;
}

int vg__row_alert(sqlite3_stmt *st, struct vg_record_alert *al, struct vg_diag *d)
{
    struct vg_alert *a = &al->a;
    memset(a, 0, sizeof *a);
    al->nadvice = al->nmembers = 0;
    a->t = sqlite3_column_double(st, 1);
    copy_str(a->id, sizeof a->id, col_text(st, 2));
    a->track = (uint64_t)sqlite3_column_int64(st, 3);
    al->swarm = sqlite3_column_int(st, 4) != 0;
    a->zone = sqlite3_column_int(st, 5);
    copy_str(al->zone_id, sizeof al->zone_id, col_text(st, 6));
    a->level = level_from_name(col_text(st, 7));
    a->state = state_from_name(col_text(st, 8));
    if (a->level < 0 || a->state < 0)
        return bad(d, st, "unknown alert level or state");
    a->t_raised = col_real(st, 9, NAN);
    a->threat = col_real(st, 10, NAN);
    a->time_to_zone_s = col_real(st, 11, INFINITY);
    a->acknowledged = sqlite3_column_int(st, 12);
    copy_str(a->ack_by, sizeof a->ack_by, col_text(st, 13));
    a->t_ack = col_real(st, 14, 0.0);
    json_error_t je;
    json_t *adv = json_loads(col_text(st, 15), 0, &je);
    if (!json_is_array(adv) || json_array_size(adv) > VG_RECORD_ADVICE_MAX) {
        json_decref(adv);
        return bad(d, st, "advice is not a JSON array of at most 32 objects");
    }
    for (size_t i = 0; i < json_array_size(adv); i++) {
        const char *eff = NULL, *what = NULL;
        if (json_unpack(json_array_get(adv, i), "{s:s,s:s}", "effector", &eff, "effect",
                        &what)) {
            json_decref(adv);
            return bad(d, st, "advice item without effector and effect");
        }
        copy_str(al->advice[i].effector, sizeof al->advice[i].effector, eff);
        copy_str(al->advice[i].effect, sizeof al->advice[i].effect, what);
    }
    al->nadvice = json_array_size(adv);
    json_decref(adv);
    if (sqlite3_column_type(st, 16) != SQLITE_NULL) {
        json_t *m = json_loads(col_text(st, 16), 0, &je);
        int ok = json_is_array(m) && json_array_size(m) <= VG_RECORD_MEMBERS_MAX;
        for (size_t i = 0; ok && i < json_array_size(m); i++) {
            json_t *v = json_array_get(m, i);
            ok = json_is_integer(v) && json_integer_value(v) >= 0;
            if (ok)
                al->members[i] = (uint64_t)json_integer_value(v);
        }
        if (ok)
            al->nmembers = json_array_size(m);
        json_decref(m);
        if (!ok)
            return bad(d, st, "members is not a JSON array of at most 1024 track ids");
    }
    return 0;
}

int vg__row_action(sqlite3_stmt *st, struct vg_record_action *ac)
{
    ac->t = sqlite3_column_double(st, 1);
    ac->who = col_text(st, 2);
    ac->what = col_text(st, 3);
    ac->alert_id = col_text(st, 4);
    ac->detail = col_text(st, 5);
    return 0;
}
