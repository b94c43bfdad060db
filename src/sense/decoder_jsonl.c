/* SPDX-License-Identifier: MIT */
/* decoder_jsonl.c — formats.md's detection lines as a decoder (one line per unit). */
#include <stdio.h>
#include <stdlib.h>

#include "sense/decoder.h"
#include "sense/jsonl.h"

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

const struct vg_decoder_ops vg_decoder_jsonl = {
    .name = "jsonl",
    .framing = VG_FRAMING_LINE,
    .unit_max = (size_t)1 << 20,
    .open = jsonl_open,
    .decode = jsonl_decode,
    .close = jsonl_close,
};
