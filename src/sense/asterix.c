/* SPDX-License-Identifier: MIT */
/* asterix.c — ASTERIX data blocks: CAT, LEN, records (EUROCONTROL ASTERIX Part 1, 4.2).
 *
 * LEN counts the whole block including its three header octets, so a block shorter than 3
 * or longer than what is left of the datagram cannot be framed; everything after it in the
 * datagram is lost (there is no resynchronisation marker in ASTERIX). A block whose records
 * are malformed is still framed by LEN, so the next block is found. */
#include "sense/asterix.h"
#include "sense/asterix_internal.h"

int vg_asterix_next_block(const uint8_t *buf, size_t len, size_t *pos,
                          struct vg_asterix_block *b, struct vg_diag *d)
{
    size_t at = *pos;
    if (at >= len)
        return 0;
    if (len - at < 3)
        return vg_diag_set(d, VG_ETRUNC, "byte %zu: data block header needs 3 bytes, %zu left",
                           at, len - at);
    size_t blen = vg__ax_u16(buf + at + 1);
    if (blen < 3)
        return vg_diag_set(d, VG_EPARSE, "byte %zu: data block LEN %zu < 3", at + 1, blen);
    if (blen > len - at)
        return vg_diag_set(d, VG_ETRUNC, "byte %zu: data block LEN %zu, %zu bytes left", at + 1,
                           blen, len - at);
    b->cat = buf[at];
    b->offset = at;
    b->len = blen;
    *pos = at + blen;
    return 1;
}
