/* SPDX-License-Identifier: MIT */
/* decoder_jsonl.c — formats.md's detection lines as a decoder (one line per unit). */
#include <stdio.h>
#include <stdlib.h>

#include "sense/decoder.h"
#include "sense/jsonl.h"
#include "sense/jsonl_write.h"

struct jsonl_state {
    struct vg_site *site;
};

static int jsonl_open(void **state, struct vg_site *site, const struct vg_decoder_options *o,
                      struct vg_diag *d)
{
    (void)o;
    struct jsonl_state *s = calloc(1, sizeof *s);
    if (!s)
        return vg_diag_set(d, VG_ENOMEM, "out of memory");
    s->site = site;
    *state = s;
    return 0;
}

static int jsonl_decode(void *state, const uint8_t *buf, size_t len,
                        const struct vg_decode_io *io, struct vg_diag *d)
{
    struct jsonl_state *s = state;
    struct vg_detection det;
    int rc = vg_jsonl_parse_detection((const char *)buf, len, s->site, VG_JSONL_AUTO_SENSOR,
                                      &det, d);
    if (rc <= 0)
        return rc;
    if (io->describe)
        io->describe(io->user, (const char *)buf, len);
    io->emit(io->user, &det);
    return 1;
}

static void jsonl_close(void *state) { free(state); }

/* One detection as one line (with its "\n"), for senders (`vigil sim --live`): the writer of
 * sense/jsonl_write.h into the caller's buffer through a memory stream. */
static int jsonl_encode(void *state, const struct vg_detection *det, uint8_t *buf, size_t cap,
                        struct vg_diag *d)
{
    struct jsonl_state *s = state;
    FILE *f = cap ? fmemopen(buf, cap, "w") : NULL;
    if (!f)
        return vg_diag_set(d, cap ? VG_ENOMEM : VG_ERANGE, "cannot write into the buffer");
    setvbuf(f, NULL, _IONBF, 0);
    struct vg_jsonl_extra x;
    vg_jsonl_extra_init(&x);
    if (det->flags & VG_DET_HAS_EMITTER) { /* what decode reads back into the same flags */
        x.link = vg_link_name(det->link);
        x.band_mhz = det->band_mhz;
    }
    int rc = vg_jsonl_write_detection_ex(f, s->site, det, &x);
    long n = ftell(f);
    fclose(f);
    if (rc == VG_EIO || n < 0 || (size_t)n >= cap || (n > 0 && buf[n - 1] != '\n'))
        return vg_diag_set(d, VG_ERANGE, "line longer than the %zu-byte buffer", cap);
    if (rc)
        return vg_diag_set(d, rc, "detection cannot be written as a line: %s", vg_strerror(rc));
    return (int)n;
}

const struct vg_decoder_ops vg_decoder_jsonl = {
    .name = "jsonl",
    .framing = VG_FRAMING_LINE,
    .unit_max = (size_t)1 << 20,
    .open = jsonl_open,
    .decode = jsonl_decode,
    .close = jsonl_close,
    .encode = jsonl_encode,
};
