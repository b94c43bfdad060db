/* SPDX-License-Identifier: MIT */
/* recorder.c — the bounded queue between the engine and the writer thread (see recorder.h).
 *
 * The queue is a ring of fixed slots allocated at open. A producer takes the mutex only to
 * copy its record into the ring (a few hundred bytes; a whole emission at once for tracks);
 * the writer takes it only to copy out up to CHUNK slots at a time, so neither holds it for
 * more than a few microseconds and no disk I/O ever happens under it. The writer then
 * inserts those rows with prepared statements inside one transaction, and commits when the
 * transaction has been open commit_ms, or when the queue is empty and a close or a sync
 * waits. Sequence numbers are given under the mutex, so they follow the queue order.
 *
 * Checkpoints (copying the WAL into the database, with its fsync) run in a third thread on
 * its own connection, once a second (PASSIVE: they never block the writer), because SQLite's
 * automatic checkpoint runs inside a COMMIT: on a loaded disk it made one commit in fifty take
 * 100-170 ms, which would have stretched the loss window of a crash past 100 ms. */
#include "record/recorder.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "record/internal.h"

#define CHUNK 256
#define WAL_MAX_FRAMES 16384 /* pages (64 MB at 4 KiB) before a checkpoint makes the WAL restart */

struct vg_recorder {
    sqlite3 *db;
    char path[512];
    struct vg__rec_stmts stmts;
    struct vg_enu_frame frame;
    int have_frame;
    double commit_ms;
    pthread_t thread;
    sqlite3 *ckpt_db;            /* the checkpointer's own connection, or NULL */
    pthread_t ckpt_thread;
    pthread_cond_t ckpt_wake;    /* close() wakes the checkpointer to end it */
    pthread_mutex_t mu;
    pthread_cond_t more;         /* the writer waits here for records */
    pthread_cond_t synced;       /* sync() waits here for commits */
    pthread_cond_t room;         /* blocking producers (VG_RECORDER_BLOCK) wait here */
    int block;
    struct vg__slot *ring;
    size_t cap, head, len;       /* slots, first queued, queued */
    int64_t next_seq, next_emit;
    int urgent;                  /* sync() waits: commit as soon as the queue is empty */
    int stop;
    struct vg_recorder_stats st;
};

void vg_recorder_opts_default(struct vg_recorder_opts *o)
{
    memset(o, 0, sizeof *o);
    o->queue_slots = 32768;
    o->commit_ms = 50.0;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return 1e3 * (double)ts.tv_sec + 1e-6 * (double)ts.tv_nsec;
}

static void writer_error(struct vg_recorder *r, int rc, const char *what)
{
    r->st.last_error = vg__record_sqlite_err(rc);
    /* (truncation of a long path is fine: the return value is checked to say so) */
    if (snprintf(r->st.last_msg, sizeof r->st.last_msg, "%s: %s: %s", r->path, what,
                 sqlite3_errmsg(r->db)) >= (int)sizeof r->st.last_msg)
        r->st.last_msg[sizeof r->st.last_msg - 2] = '~';
}

/* Copy up to CHUNK queued slots into buf; the count. Called with the mutex held. */
static size_t take(struct vg_recorder *r, struct vg__slot *buf)
{
    size_t n = r->len < CHUNK ? r->len : CHUNK;
    for (size_t i = 0; i < n; i++)
        buf[i] = r->ring[(r->head + i) % r->cap];
    r->head = (r->head + n) % r->cap;
    r->len -= n;
    if (n && r->block)
        pthread_cond_broadcast(&r->room);
    return n;
}

static void deadline_ts(double ms_from_now, struct timespec *ts)
{
    clock_gettime(CLOCK_REALTIME, ts);
    long long ns = ts->tv_nsec + (long long)(ms_from_now * 1e6);
    ts->tv_sec += (time_t)(ns / 1000000000LL);
    ts->tv_nsec = (long)(ns % 1000000000LL);
}

/* One transaction: from the first record taken until commit_ms later or until nothing is
 * left and somebody waits (close, sync). */
static void transaction(struct vg_recorder *r, struct vg__slot *buf)
{
    double t0 = now_ms();
    int rc = sqlite3_exec(r->db, "BEGIN", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        writer_error(r, rc, "BEGIN");
    uint64_t taken[VG__REC_KINDS] = {0}, ntaken = 0;
    int failed = rc != SQLITE_OK;
    pthread_mutex_lock(&r->mu);
    for (;;) {
        size_t n = take(r, buf);
        if (n == 0) {
            double left = r->commit_ms - (now_ms() - t0);
            if (r->stop || r->urgent || left <= 0)
                break;
            struct timespec ts;
            deadline_ts(left, &ts);
            pthread_cond_timedwait(&r->more, &r->mu, &ts);
            continue;
        }
        pthread_mutex_unlock(&r->mu);
        for (size_t i = 0; i < n; i++) {
            if (!failed && (rc = vg__rec_insert(&r->stmts, &buf[i],
                                                r->have_frame ? &r->frame : NULL)) != SQLITE_OK) {
                writer_error(r, rc, "insert");
                failed = 1;
            }
            taken[buf[i].kind]++;
            ntaken++;
            vg__slot_release(&buf[i]);
        }
        pthread_mutex_lock(&r->mu);
        if (now_ms() - t0 >= r->commit_ms)
            break;
    }
    pthread_mutex_unlock(&r->mu);
    double tc = now_ms();
    if (!failed && (rc = sqlite3_exec(r->db, "COMMIT", NULL, NULL, NULL)) != SQLITE_OK) {
        writer_error(r, rc, "COMMIT");
        failed = 1;
    }
    if (failed)
        sqlite3_exec(r->db, "ROLLBACK", NULL, NULL, NULL);
    double ms = now_ms() - tc;
    pthread_mutex_lock(&r->mu);
    if (failed) {
        r->st.lost += ntaken;
    } else {
        for (int k = 0; k < VG__REC_KINDS; k++)
            r->st.written[k] += taken[k];
        r->st.commits++;
        if (ms > r->st.commit_ms_max)
            r->st.commit_ms_max = ms;
    }
    pthread_cond_broadcast(&r->synced);
    pthread_mutex_unlock(&r->mu);
}

static void *checkpointer(void *arg)
{
    struct vg_recorder *r = arg;
    pthread_mutex_lock(&r->mu);
    while (!r->stop) {
        struct timespec ts;
        deadline_ts(1000.0, &ts);
        pthread_cond_timedwait(&r->ckpt_wake, &r->mu, &ts);
        if (r->stop)
            break;
        pthread_mutex_unlock(&r->mu);
        int nlog = 0, nckpt = 0;
        int rc = sqlite3_wal_checkpoint_v2(r->ckpt_db, NULL, SQLITE_CHECKPOINT_PASSIVE, &nlog,
                                           &nckpt);
        /* Under a sustained load the writer appends while a passive checkpoint copies, so
         * the WAL might never be wholly copied and restarted; past WAL_MAX_FRAMES this one
         * waits for the writer between two transactions (the engine is not held: the queue
         * absorbs the pause) so that the WAL starts over. */
        if (rc == SQLITE_OK && nlog > WAL_MAX_FRAMES)
            rc = sqlite3_wal_checkpoint_v2(r->ckpt_db, NULL, SQLITE_CHECKPOINT_RESTART, NULL,
                                           NULL);
        pthread_mutex_lock(&r->mu);
        r->st.checkpoints += rc == SQLITE_OK;
    }
    pthread_mutex_unlock(&r->mu);
    return NULL;
}

static void *writer(void *arg)
{
    struct vg_recorder *r = arg;
    struct vg__slot *buf = malloc(CHUNK * sizeof *buf);
    pthread_mutex_lock(&r->mu);
    for (;;) {
        while (r->len == 0 && !r->stop)
            pthread_cond_wait(&r->more, &r->mu);
        if (r->len == 0 && r->stop)
            break;
        pthread_mutex_unlock(&r->mu);
        if (buf) {
            transaction(r, buf);
        } else {
            /* No memory for the chunk buffer: count what is queued as lost, keep the
             * engine unblocked. */
            pthread_mutex_lock(&r->mu);
            while (r->len) {
                vg__slot_release(&r->ring[r->head]);
                r->head = (r->head + 1) % r->cap;
                r->len--;
                r->st.lost++;
            }
            r->st.last_error = VG_ENOMEM;
            pthread_cond_broadcast(&r->synced);
            pthread_cond_broadcast(&r->room);
            pthread_mutex_unlock(&r->mu);
        }
        pthread_mutex_lock(&r->mu);
    }
    pthread_cond_broadcast(&r->synced);
    pthread_mutex_unlock(&r->mu);
    free(buf);
    return NULL;
}

int vg_recorder_open(struct vg_recorder **out, const char *path,
                     const struct vg_recorder_opts *opts, struct vg_diag *d)
{
    *out = NULL;
    struct vg_recorder_opts o;
    vg_recorder_opts_default(&o);
    if (opts) {
        o = *opts;
        if (!o.queue_slots)
            o.queue_slots = 32768;
        if (!(o.commit_ms > 0))
            o.commit_ms = 50.0;
    }
    if (o.queue_slots > ((size_t)1 << 24) || o.commit_ms > 60000.0)
        return vg_diag_set(d, VG_EINVAL, "%s: queue of %zu slots or commit every %g ms is "
                           "out of range (at most 16777216 slots, 60 s)", path, o.queue_slots,
                           o.commit_ms);
    struct vg_recorder *r = calloc(1, sizeof *r);
    if (!r || !(r->ring = malloc(o.queue_slots * sizeof *r->ring))) {
        free(r);
        return vg_diag_set(d, VG_ENOMEM, "%s: no memory for a queue of %zu records", path,
                           o.queue_slots);
    }
    r->cap = o.queue_slots;
    r->block = (o.flags & VG_RECORDER_BLOCK) != 0;
    r->commit_ms = o.commit_ms;
    snprintf(r->path, sizeof r->path, "%s", path);
    if (o.site) {
        r->frame = o.site->frame;
        r->have_frame = 1;
    }
    int rc = vg__record_db_open(&r->db, path, VG__DB_WRITE,
                                (o.flags & VG_RECORDER_TRUNCATE) != 0, d);
    if (rc) {
        free(r->ring);
        free(r);
        return rc;
    }
    sqlite3_stmt *st;
    /* Sequence numbers continue an existing recording's. */
    r->next_seq = 1;
    if (sqlite3_prepare_v2(r->db, "SELECT max(m) FROM (SELECT max(seq) m FROM detections "
                           "UNION ALL SELECT max(seq) FROM tracks UNION ALL SELECT max(seq) "
                           "FROM alerts UNION ALL SELECT max(seq) FROM actions)", -1, &st,
                           NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW)
            r->next_seq = sqlite3_column_int64(st, 0) + 1;
        sqlite3_finalize(st);
    }
    if (sqlite3_prepare_v2(r->db, "SELECT max(emit) FROM tracks", -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW)
            r->next_emit = sqlite3_column_int64(st, 0) + 1;
        sqlite3_finalize(st);
    }
    if ((rc = vg__rec_prepare(r->db, &r->stmts)) != SQLITE_OK) {
        vg_diag_set(d, vg__record_sqlite_err(rc), "%s: %s", path, sqlite3_errmsg(r->db));
        sqlite3_close(r->db);
        free(r->ring);
        free(r);
        return vg__record_sqlite_err(rc);
    }
    pthread_mutex_init(&r->mu, NULL);
    pthread_cond_init(&r->more, NULL);
    pthread_cond_init(&r->synced, NULL);
    pthread_cond_init(&r->room, NULL);
    pthread_cond_init(&r->ckpt_wake, NULL);
    /* Checkpoints off the commit path (see the top). Without the second connection, SQLite's
     * automatic checkpoint stays on: slower worst-case commits, nothing lost. */
    if (sqlite3_open_v2(path, &r->ckpt_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                        NULL) == SQLITE_OK) {
        sqlite3_busy_timeout(r->ckpt_db, 1000);
        if (pthread_create(&r->ckpt_thread, NULL, checkpointer, r) == 0)
            sqlite3_exec(r->db, "PRAGMA wal_autocheckpoint=0", NULL, NULL, NULL);
        else {
            sqlite3_close(r->ckpt_db);
            r->ckpt_db = NULL;
        }
    } else {
        sqlite3_close(r->ckpt_db);
        r->ckpt_db = NULL;
    }
    if (pthread_create(&r->thread, NULL, writer, r)) {
        if (r->ckpt_db) {
            pthread_mutex_lock(&r->mu);
            r->stop = 1;
            pthread_cond_signal(&r->ckpt_wake);
            pthread_mutex_unlock(&r->mu);
            pthread_join(r->ckpt_thread, NULL);
            sqlite3_close(r->ckpt_db);
        }
        pthread_cond_destroy(&r->ckpt_wake);
        vg__rec_finalize(&r->stmts);
        sqlite3_close(r->db);
        pthread_mutex_destroy(&r->mu);
        pthread_cond_destroy(&r->more);
        pthread_cond_destroy(&r->synced);
        pthread_cond_destroy(&r->room);
        free(r->ring);
        free(r);
        return vg_diag_set(d, VG_ENOMEM, "%s: cannot start the writer thread", path);
    }
    *out = r;
    return 0;
}

/* Reserve n consecutive slots; NULL (and n counted dropped) when they are not free.
 * On success the mutex stays held: fill the slots, then call push_end. */
static struct vg__slot *push_begin(struct vg_recorder *r, size_t n, size_t *first)
{
    pthread_mutex_lock(&r->mu);
    while (r->block && n <= r->cap && r->cap - r->len < n && !r->st.last_error)
        pthread_cond_wait(&r->room, &r->mu);
    if (r->cap - r->len < n) {
        r->st.dropped += n;
        pthread_mutex_unlock(&r->mu);
        return NULL;
    }
    *first = (r->head + r->len) % r->cap;
    return r->ring;
}

static void push_end(struct vg_recorder *r, size_t n)
{
    r->len += n;
    r->st.queued += n;
    if (r->len > r->st.depth_max)
        r->st.depth_max = r->len;
    pthread_cond_signal(&r->more);
    pthread_mutex_unlock(&r->mu);
}

int vg_recorder_detection(struct vg_recorder *r, const struct vg_detection *det,
                          const struct vg_site *site)
{
    if (!site || det->sensor >= site->nsensors)
        return VG_EINVAL;
    size_t i;
    struct vg__slot *ring = push_begin(r, 1, &i);
    if (!ring)
        return VG_EFULL;
    struct vg__slot *s = &ring[i];
    s->kind = VG__REC_DET;
    s->seq = r->next_seq++;
    s->u.det.det = *det;
    memcpy(s->u.det.sensor, site->sensors[det->sensor].id, VG_ID_MAX);
    s->u.det.sensor[VG_ID_MAX - 1] = '\0';
    push_end(r, 1);
    return 0;
}

int vg_recorder_tracks(struct vg_recorder *r, double t, const struct vg_track *trk, size_t n)
{
    size_t first;
    struct vg__slot *ring = push_begin(r, n, &first);
    if (!ring)
        return VG_EFULL;
    int64_t emit = r->next_emit++;
    for (size_t k = 0; k < n; k++) {
        struct vg__slot *s = &ring[(first + k) % r->cap];
        s->kind = VG__REC_TRACK;
        s->seq = r->next_seq++;
        s->u.trk.t = t;
        s->u.trk.emit = emit;
        s->u.trk.trk = trk[k];
    }
    push_end(r, n);
    return 0;
}

/* Queue one slot carrying a heap block (ownership moves to the queue on success). */
static int push_text(struct vg_recorder *r, struct vg__slot *proto)
{
    size_t i;
    struct vg__slot *ring = push_begin(r, 1, &i);
    if (!ring) {
        vg__slot_release(proto);
        return VG_EFULL;
    }
    ring[i] = *proto;
    if (proto->kind != VG__REC_META)
        ring[i].seq = r->next_seq++;
    push_end(r, 1);
    return 0;
}

int vg_recorder_alert(struct vg_recorder *r, const struct vg_alert *e, const char *zone_id,
                      const struct vg_advice *advice, size_t nadvice, const uint64_t *members,
                      size_t nmembers)
{
    struct vg__slot s;
    memset(&s, 0, sizeof s);
    s.kind = VG__REC_ALERT;
    s.u.alert.a = *e;
    s.u.alert.swarm = members != NULL;
    snprintf(s.u.alert.zone_id, sizeof s.u.alert.zone_id, "%s", zone_id ? zone_id : "");
    if (!(s.u.alert.text = vg__alert_text(advice, nadvice, members, nmembers))) {
        pthread_mutex_lock(&r->mu);
        r->st.dropped++;
        pthread_mutex_unlock(&r->mu);
        return VG_ENOMEM;
    }
    return push_text(r, &s);
}

/* strings joined with their NULs into one heap block */
static char *join(const char *const *v, int n)
{
    size_t len = 0;
    for (int i = 0; i < n; i++)
        len += strlen(v[i] ? v[i] : "") + 1;
    char *out = malloc(len), *p = out;
    for (int i = 0; out && i < n; i++) {
        size_t k = strlen(v[i] ? v[i] : "") + 1;
        memcpy(p, v[i] ? v[i] : "", k);
        p += k;
    }
    return out;
}

int vg_recorder_action(struct vg_recorder *r, double t, const char *who, const char *what,
                       const char *alert_id, const char *detail)
{
    const char *v[4] = {who, what, alert_id, detail};
    struct vg__slot s;
    memset(&s, 0, sizeof s);
    s.kind = VG__REC_ACTION;
    s.u.action.t = t;
    if (!(s.u.action.text = join(v, 4)))
        return VG_ENOMEM;
    return push_text(r, &s);
}

int vg_recorder_meta(struct vg_recorder *r, const char *key, const char *value)
{
    if (!key || !*key || !value)
        return VG_EINVAL;
    const char *v[2] = {key, value};
    struct vg__slot s;
    memset(&s, 0, sizeof s);
    s.kind = VG__REC_META;
    if (!(s.u.meta.text = join(v, 2)))
        return VG_ENOMEM;
    return push_text(r, &s);
}

void vg_recorder_stats(struct vg_recorder *r, struct vg_recorder_stats *st)
{
    pthread_mutex_lock(&r->mu);
    *st = r->st;
    st->depth = r->len;
    pthread_mutex_unlock(&r->mu);
}

int vg_recorder_sync(struct vg_recorder *r)
{
    pthread_mutex_lock(&r->mu);
    uint64_t target = r->st.queued;
    /* Ask the writer to commit as soon as the queue is empty rather than linger. */
    r->urgent++;
    pthread_cond_signal(&r->more);
    while (r->st.written[0] + r->st.written[1] + r->st.written[2] + r->st.written[3] +
           r->st.written[4] + r->st.lost < target)
        pthread_cond_wait(&r->synced, &r->mu);
    r->urgent--;
    int err = r->st.last_error;
    pthread_mutex_unlock(&r->mu);
    return err;
}

int vg_recorder_close(struct vg_recorder *r)
{
    if (!r)
        return 0;
    pthread_mutex_lock(&r->mu);
    r->stop = 1;
    pthread_cond_signal(&r->more);
    pthread_cond_signal(&r->ckpt_wake);
    pthread_mutex_unlock(&r->mu);
    pthread_join(r->thread, NULL);
    if (r->ckpt_db) {
        pthread_join(r->ckpt_thread, NULL);
        sqlite3_close(r->ckpt_db);
    }
    int err = r->st.last_error;
    vg__rec_finalize(&r->stmts);
    /* Fold the WAL into the database so the file stands alone (copyable without -wal). */
    sqlite3_wal_checkpoint_v2(r->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
    if (sqlite3_close(r->db) != SQLITE_OK && !err)
        err = VG_EIO;
    pthread_mutex_destroy(&r->mu);
    pthread_cond_destroy(&r->more);
    pthread_cond_destroy(&r->synced);
    pthread_cond_destroy(&r->room);
    pthread_cond_destroy(&r->ckpt_wake);
    free(r->ring);
    free(r);
    return err;
}
