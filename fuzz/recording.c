/* SPDX-License-Identifier: MIT */
/* recording.c — libFuzzer target for reading recordings (record/replay.c, record_rows.c,
 * export_*.c).
 *
 * A recording is a file from outside like any other: copied from a field station, edited
 * with the sqlite3 shell, truncated by a full disk. The input is written to a temporary file
 * and opened as a recording; when that succeeds it is played back into the JSON lines
 * writers, exported as GeoJSON and KML, and re-run through the pipeline (the rows read back
 * reach the tracker as detections). Every failure must be a clean error with a message. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "publish/tracks_jsonl.h"
#include "record/export.h"
#include "record/replay.h"
#include "sense/jsonl_write.h"

#define CHECK(c)                \
    do {                        \
        if (!(c))               \
            __builtin_trap();   \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *null_out;

static void on_det(void *u, const struct vg_detection *det, const struct vg_site *s)
{
    (void)u;
    vg_jsonl_write_detection(null_out, s, det, NULL);
}

static void on_tracks(void *u, double t, const struct vg_track *trk, size_t n)
{
    (void)u;
    vg_tracks_jsonl_write(null_out, t, trk, n);
}

static void on_alert(void *u, const struct vg_record_alert *al)
{
    (void)u;
    vg_alert_write_jsonl(null_out, &al->a, al->zone_id, al->advice, al->nadvice,
                         al->swarm ? al->members : NULL, al->nmembers);
}

static void remove_db(const char *path)
{
    char side[300];
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[256];
    snprintf(path, sizeof path, "/tmp/vg_fuzz_recording_%d.db", (int)getpid());
    remove_db(path);
    if (!null_out)
        null_out = fopen("/dev/null", "w");
    FILE *f = fopen(path, "wb");
    if (!f || !null_out)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    struct vg_diag d = {""};
    struct vg_replay *rp = NULL;
    int rc = vg_replay_open(&rp, path, &d);
    if (rc < 0) {
        CHECK(d.msg[0] != '\0' && rp == NULL);
        remove_db(path);
        return 0;
    }
    struct vg_replay_sink sink = {on_det, on_tracks, on_alert, NULL, NULL, NULL};
    d.msg[0] = '\0';
    rc = vg_replay_run(rp, NULL, &sink, NULL, &d);
    CHECK(rc == 0 || d.msg[0] != '\0');
    d.msg[0] = '\0';
    rc = vg_export_geojson(rp, -INFINITY, INFINITY, null_out, &d);
    CHECK(rc == 0 || d.msg[0] != '\0');
    d.msg[0] = '\0';
    rc = vg_export_kml(rp, -INFINITY, INFINITY, null_out, &d);
    CHECK(rc == 0 || d.msg[0] != '\0');
    struct vg_replay_opts o;
    vg_replay_opts_default(&o);
    o.rerun = 1;
    struct vg_replay_compare cmp;
    d.msg[0] = '\0';
    rc = vg_replay_run(rp, &o, &sink, &cmp, &d);
    CHECK(rc == 0 || d.msg[0] != '\0');
    vg_replay_close(rp);
    remove_db(path);
    return 0;
}
