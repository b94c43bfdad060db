/* SPDX-License-Identifier: MIT */
/* jsonl_reader.c — detections files read line by line (vg_jsonl_reader_*) or whole
 * (vg_jsonl_read_all), on top of jsonl.c's one-line parser.
 *
 * A line is kept up to JSONL_LINE_MAX + 2 bytes and the rest of a longer one is skipped
 * unbuffered, so a hostile file costs bounded memory; a bad line is reported with PATH:LINE
 * and the reader carries on with the next one (the live engine counts and skips). */
#include "sense/jsonl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sense/jsonl_internal.h"

/* ---- the file reader -------------------------------------------------------------------- */

struct vg_jsonl_reader {
    FILE *f;
    int close_f;           /* 0 for stdin */
    struct vg_site *site;
    unsigned flags;
    char *buf;             /* one line, grown to the longest kept (JSONL_LINE_MAX + 2 at most) */
    size_t cap;
    unsigned long line;    /* lines read so far */
    char path[];           /* as given, for messages */
};

int vg_jsonl_reader_open(struct vg_jsonl_reader **out, const char *path, struct vg_site *site,
                         unsigned flags, struct vg_diag *d)
{
    *out = NULL;
    size_t n = strlen(path);
    struct vg_jsonl_reader *r = calloc(1, sizeof *r + n + 1);
    if (!r)
        return vg_diag_set(d, VG_ENOMEM, "%s: out of memory", path);
    memcpy(r->path, path, n + 1);
    if (strcmp(path, "-") == 0) {
        r->f = stdin;
    } else if ((r->f = fopen(path, "rb")) != NULL) {
        r->close_f = 1;
    } else {
        int e = errno;
        free(r);
        return vg_diag_set(d, -e, "%s: %s", path, strerror(e));
    }
    r->site = site;
    r->flags = flags;
    *out = r;
    return 0;
}

/* The next line into r->buf, at most JSONL_LINE_MAX + 2 bytes of it kept (enough for the
 * longest accepted line and its "\r\n"); the rest of a longer line is read and dropped, so a
 * hostile line costs no memory. *len gets its full length, *body the same without "\n" or
 * "\r\n"; returns 1, 0 at end of file (nothing read), or VG_ENOMEM / VG_EIO. getc_unlocked rather than fread so that a line from
 * a pipe is handled as soon as its "\n" arrives. */
static int read_line(struct vg_jsonl_reader *r, size_t *len, size_t *body)
{
    size_t n = 0;
    int c, prev = EOF, rc = 1;
    flockfile(r->f);
    while ((c = getc_unlocked(r->f)) != EOF) {
        if (n < JSONL_LINE_MAX + 2) {
            if (n == r->cap) {
                size_t nc = r->cap ? 2 * r->cap : 1024;
                if (nc > JSONL_LINE_MAX + 2)
                    nc = JSONL_LINE_MAX + 2;
                char *p = realloc(r->buf, nc);
                if (!p) {
                    rc = VG_ENOMEM;
                    break;
                }
                r->buf = p;
                r->cap = nc;
            }
            r->buf[n] = (char)c;
        }
        n++;
        if (c == '\n')
            break;
        prev = c;
    }
    if (rc == 1 && c == EOF && ferror(r->f))
        rc = VG_EIO;
    funlockfile(r->f);
    *len = n;
    *body = n - (c == '\n') - (c == '\n' && prev == '\r');
    return rc == 1 && n == 0 ? 0 : rc;
}

int vg_jsonl_reader_next(struct vg_jsonl_reader *r, struct vg_detection *det,
                         struct vg_diag *d)
{
    for (;;) {
        size_t n, body;
        int rc = read_line(r, &n, &body);
        if (rc < 0)
            return vg_diag_set(d, rc, "%s:%lu: %s", r->path, r->line + 1,
                               rc == VG_ENOMEM ? "out of memory" : "read error");
        if (rc == 0)
            return 0;
        r->line++;
        struct vg_diag why = {.msg = ""};
        if (n > JSONL_LINE_MAX + 2)
            rc = vg__jsonl_too_long(body, &why); /* not all of it is in r->buf */
        else
            rc = vg_jsonl_parse_detection(r->buf, n, r->site, r->flags, det, &why);
        if (rc < 0)
            return vg_diag_set(d, rc, "%s:%lu: %s", r->path, r->line, why.msg);
        if (rc > 0) {
            det->src_line = r->line > UINT32_MAX ? UINT32_MAX : (uint32_t)r->line;
            return 1;
        }
    }
}

void vg_jsonl_reader_free(struct vg_jsonl_reader *r)
{
    if (!r)
        return;
    if (r->close_f)
        fclose(r->f);
    free(r->buf);
    free(r);
}

int vg_jsonl_read_all(const char *path, struct vg_site *site, unsigned flags,
                      struct vg_detection **out, size_t *n, struct vg_diag *d)
{
    *out = NULL;
    *n = 0;
    struct vg_jsonl_reader *r;
    int rc = vg_jsonl_reader_open(&r, path, site, flags, d);
    if (rc < 0)
        return rc;
    struct vg_detection *a = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            size_t nc = cap ? 2 * cap : 4096;
            struct vg_detection *p = nc <= SIZE_MAX / sizeof *p ? realloc(a, nc * sizeof *p)
                                                                  : NULL;
            if (!p) {
                rc = vg_diag_set(d, VG_ENOMEM, "%s:%lu: out of memory", path, r->line);
                break;
            }
            a = p;
            cap = nc;
        }
        if ((rc = vg_jsonl_reader_next(r, &a[len], d)) <= 0)
            break;
        len++;
    }
    vg_jsonl_reader_free(r);
    if (rc < 0) {
        free(a);
        return rc;
    }
    *out = a;
    *n = len;
    return 0;
}
