/* SPDX-License-Identifier: MIT */
/* record_schema.c — the recording's tables, its version stamp, and opening a file safely.
 *
 * A recording is marked twice: PRAGMA application_id = "VGL1" says it is Vigil's, PRAGMA
 * user_version says which schema (https://sqlite.org/pragma.html#pragma_application_id), so
 * `file` and any SQLite tool can tell, and so a newer Vigil's recording or somebody else's
 * database is refused with a sentence rather than a failed query deep in a replay. Every
 * table's rowid is `seq`, a recording-wide sequence number given in queue order; every table
 * is indexed on time `t` (the index holds the rowid, so `ORDER BY t, seq` reads the index in
 * order, no sort). Angles inside z/R are radians, as in struct vg_detection. docs/record.md
 * has this schema with each column's meaning. */
#include <string.h>

#include "record/internal.h"
#include "record/recorder.h"

static const char schema_sql[] =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL, t_wall REAL);"
    "CREATE TABLE detections("
    " seq INTEGER PRIMARY KEY, t REAL NOT NULL, sensor TEXT NOT NULL, kind TEXT NOT NULL,"
    " nz INTEGER NOT NULL, flags INTEGER NOT NULL, z BLOB, R BLOB,"
    " snr_db REAL, rcs_dbsm REAL, class_hint TEXT, class_p REAL, coop_id TEXT,"
    " coop_vel BLOB, coop_op BLOB, band_mhz REAL, link TEXT, src_line INTEGER);"
    "CREATE INDEX detections_t ON detections(t);"
    "CREATE TABLE tracks("
    " seq INTEGER PRIMARY KEY, t REAL NOT NULL, emit INTEGER NOT NULL, id INTEGER NOT NULL,"
    " status TEXT NOT NULL, lat REAL, lon REAL, alt_m REAL,"
    " e REAL, n REAL, u REAL, ve REAL, vn REAL, vu REAL, P BLOB NOT NULL,"
    " t_track REAL, t_first REAL, nhist INTEGER, misses INTEGER, hist INTEGER, hits INTEGER,"
    " last_sensor INTEGER, link TEXT, assessed INTEGER, class TEXT, cooperative INTEGER,"
    " p_class BLOB, threat REAL, coop_id TEXT);"
    "CREATE INDEX tracks_t ON tracks(t);"
    "CREATE TABLE alerts("
    " seq INTEGER PRIMARY KEY, t REAL NOT NULL, alert_id TEXT NOT NULL, track INTEGER,"
    " swarm INTEGER NOT NULL, zone INTEGER, zone_id TEXT, level TEXT, state TEXT,"
    " t_raised REAL, threat REAL, time_to_zone_s REAL, acknowledged INTEGER, ack_by TEXT,"
    " t_ack REAL, advice TEXT, members TEXT);"
    "CREATE INDEX alerts_t ON alerts(t);"
    "CREATE TABLE actions("
    " seq INTEGER PRIMARY KEY, t REAL NOT NULL, who TEXT, what TEXT, alert_id TEXT,"
    " detail TEXT);"
    "CREATE INDEX actions_t ON actions(t);";

int vg__record_sqlite_err(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_OK:
        return 0;
    case SQLITE_NOMEM:
        return VG_ENOMEM;
    case SQLITE_CANTOPEN:
        return VG_ENOENT;
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
        return VG_EINVAL;
    default:
        return VG_EIO;
    }
}

static int pragma_int(sqlite3 *db, const char *sql, int *out)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return rc;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *out = sqlite3_column_int(st, 0);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return rc;
}

static int fail(sqlite3 **db, struct vg_diag *d, int err, const char *path, const char *why)
{
    vg_diag_set(d, err, "%s: %s", path, why);
    sqlite3_close(*db);
    *db = NULL;
    return err;
}

/* What the file is: 0 a recording of this schema, 1 empty (no tables), or an error. */
static int identify(sqlite3 **db, const char *path, struct vg_diag *d, int *empty)
{
    int app = 0, ver = 0, ntab = 0, rc;
    char why[200];
    if ((rc = pragma_int(*db, "PRAGMA application_id", &app)) != SQLITE_OK) {
        snprintf(why, sizeof why, "not a Vigil recording: %s", sqlite3_errmsg(*db));
        return fail(db, d, rc == SQLITE_NOTADB ? VG_EINVAL : vg__record_sqlite_err(rc), path,
                    why);
    }
    if ((rc = pragma_int(*db, "PRAGMA user_version", &ver)) != SQLITE_OK ||
        (rc = pragma_int(*db, "SELECT count(*) FROM sqlite_master", &ntab)) != SQLITE_OK)
        return fail(db, d, vg__record_sqlite_err(rc), path, sqlite3_errmsg(*db));
    *empty = ntab == 0 && app == 0;
    if (*empty)
        return 0;
    if (app != VG_RECORD_APP_ID) {
        snprintf(why, sizeof why, "not a Vigil recording (an SQLite database with application_id "
                 "0x%08x and %d tables; a recording has 0x%08x)", (unsigned)app, ntab,
                 (unsigned)VG_RECORD_APP_ID);
        return fail(db, d, VG_EINVAL, path, why);
    }
    if (ver != VG_RECORD_SCHEMA_VERSION) {
        snprintf(why, sizeof why, "a Vigil recording of schema %d; this vigil reads schema %d%s",
                 ver, VG_RECORD_SCHEMA_VERSION, ver > VG_RECORD_SCHEMA_VERSION ?
                 " (made by a newer vigil: use that version)" : "");
        return fail(db, d, VG_EUNSUPPORTED, path, why);
    }
    return 0;
}

static int exec(sqlite3 **db, const char *path, const char *sql, struct vg_diag *d)
{
    char *msg = NULL;
    int rc = sqlite3_exec(*db, sql, NULL, NULL, &msg);
    if (rc == SQLITE_OK)
        return 0;
    char why[200];
    snprintf(why, sizeof why, "%s", msg ? msg : sqlite3_errstr(rc));
    sqlite3_free(msg);
    return fail(db, d, vg__record_sqlite_err(rc), path, why);
}

int vg__record_db_open(sqlite3 **db, const char *path, int mode, int truncate,
                       struct vg_diag *d)
{
    *db = NULL;
    int flags = SQLITE_OPEN_READWRITE | (mode == VG__DB_WRITE ? SQLITE_OPEN_CREATE : 0);
    int rc = sqlite3_open_v2(path, db, flags | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK && mode == VG__DB_READ) {
        /* A read-only file or directory: read what is there (a WAL left by a crash is then
         * only readable if its -shm is). */
        sqlite3_close(*db);
        rc = sqlite3_open_v2(path, db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
    }
    if (rc != SQLITE_OK) {
        char why[200];
        snprintf(why, sizeof why, "%s", *db ? sqlite3_errmsg(*db) : sqlite3_errstr(rc));
        return fail(db, d, rc == SQLITE_CANTOPEN ? VG_ENOENT : vg__record_sqlite_err(rc), path,
                    why);
    }
    sqlite3_busy_timeout(*db, 2000);
    int empty = 0;
    if ((rc = identify(db, path, d, &empty)) != 0)
        return rc;
    if (empty && mode == VG__DB_READ)
        return fail(db, d, VG_EINVAL, path, "not a Vigil recording (an empty database)");
    if (mode == VG__DB_READ)
        return 0;
    /* WAL: readers (a replay of a live recording) never block the writer, and a commit is one
     * append; NORMAL: no fsync per commit (see recorder.h for what that survives). */
    if ((rc = exec(db, path, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", d)))
        return rc;
    if (empty) {
        char stamp[128];
        snprintf(stamp, sizeof stamp, "PRAGMA application_id=%d; PRAGMA user_version=%d;",
                 VG_RECORD_APP_ID, VG_RECORD_SCHEMA_VERSION);
        if ((rc = exec(db, path, "BEGIN", d)) || (rc = exec(db, path, schema_sql, d)) ||
            (rc = exec(db, path, stamp, d)) || (rc = exec(db, path, "COMMIT", d)))
            return rc;
    } else if (truncate) {
        if ((rc = exec(db, path, "BEGIN; DELETE FROM meta; DELETE FROM detections; "
                                 "DELETE FROM tracks; DELETE FROM alerts; DELETE FROM actions; "
                                 "COMMIT; VACUUM;", d)))
            return rc;
    }
    return 0;
}

/* Blobs are little-endian whatever the host: a recording moves between machines. */
void vg__put_f64(uint8_t *out, const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint64_t b;
        memcpy(&b, &v[i], 8);
        for (int k = 0; k < 8; k++)
            out[8 * i + k] = (uint8_t)(b >> (8 * k));
    }
}

void vg__get_f64(double *v, const uint8_t *in, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint64_t b = 0;
        for (int k = 0; k < 8; k++)
            b |= (uint64_t)in[8 * i + k] << (8 * k);
        memcpy(&v[i], &b, 8);
    }
}

void vg__put_f32(uint8_t *out, const float *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t b;
        memcpy(&b, &v[i], 4);
        for (int k = 0; k < 4; k++)
            out[4 * i + k] = (uint8_t)(b >> (8 * k));
    }
}

void vg__get_f32(float *v, const uint8_t *in, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t b = 0;
        for (int k = 0; k < 4; k++)
            b |= (uint32_t)in[4 * i + k] << (8 * k);
        memcpy(&v[i], &b, 4);
    }
}
