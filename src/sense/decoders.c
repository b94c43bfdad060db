/* SPDX-License-Identifier: MIT */
/* decoders.c — the table of wire-format decoders (decoder.h). */
#include <string.h>

#include "sense/decoder.h"

extern const struct vg_decoder_ops vg_decoder_jsonl;
extern const struct vg_decoder_ops vg_decoder_asterix;
extern const struct vg_decoder_ops vg_decoder_sbs;
extern const struct vg_decoder_ops vg_decoder_remoteid;
extern const struct vg_decoder_ops vg_decoder_sapient;

const struct vg_decoder_ops *const vg_decoders[] = {
    &vg_decoder_jsonl,
    &vg_decoder_asterix,
    &vg_decoder_sbs,
    &vg_decoder_remoteid,
    &vg_decoder_sapient,
    NULL,
};

const struct vg_decoder_ops *vg_decoder_find(const char *name)
{
    for (size_t i = 0; vg_decoders[i]; i++)
        if (!strcmp(vg_decoders[i]->name, name))
            return vg_decoders[i];
    return NULL;
}
