/* SPDX-License-Identifier: MIT */
/* asterix_items.c — ASTERIX records cut into items by their UAP (asterix_internal.h).
 *
 * Every length comes from the wire, so every one is checked against the bytes of the data
 * block before it is used, and every FX chain is capped at what the rule can need: the FSPEC
 * at the octets the UAP's FRNs fill, an extended item at 16 parts, a compound's primary
 * subfield at the octets its subfields fill. A bit set for an FRN or subfield the UAP does
 * not define makes the record malformed: its length would be unknown, and guessing would
 * lose the boundary of every following record. */
#include "sense/asterix_internal.h"

#define EXTENDED_PARTS_MAX 16

int vg__ax_item_len(const struct vg__ax_item *it, const uint8_t *buf, size_t pos, size_t end,
                    size_t *len, struct vg_diag *d)
{
    size_t n = 0;
    switch (it->rule) {
    case VG__AX_FIXED:
        n = it->len;
        break;
    case VG__AX_EXTENDED:
        for (int parts = 1;; parts++) {
            n += it->len;
            if (pos + n > end)
                return vg_diag_set(d, VG_ETRUNC, "byte %zu: %s: extension runs past the block",
                                   pos, it->name);
            if (!(buf[pos + n - 1] & 1))
                break;
            if (parts == EXTENDED_PARTS_MAX)
                return vg_diag_set(d, VG_EPARSE, "byte %zu: %s: more than %d extensions", pos,
                                   it->name, EXTENDED_PARTS_MAX);
        }
        break;
    case VG__AX_REPETITIVE:
        if (pos + 1 > end)
            return vg_diag_set(d, VG_ETRUNC, "byte %zu: %s: no repetition count", pos,
                               it->name);
        n = 1 + (size_t)buf[pos] * it->len;
        break;
    case VG__AX_EXPLICIT:
        if (pos + 1 > end)
            return vg_diag_set(d, VG_ETRUNC, "byte %zu: %s: no length byte", pos, it->name);
        n = buf[pos];
        if (n < 1)
            return vg_diag_set(d, VG_EPARSE, "byte %zu: %s: length 0 (counts itself, >= 1)",
                               pos, it->name);
        break;
    case VG__AX_COMPOUND: {
        /* Primary subfield: 7 presence bits per octet, FX last (Part 1, 4.3.3). */
        size_t octets_max = ((size_t)it->nsubs + 6) / 7, np = 0;
        do {
            if (np == octets_max)
                return vg_diag_set(d, VG_EPARSE, "byte %zu: %s: primary subfield longer than "
                                   "%zu octets", pos + np, it->name, octets_max);
            if (pos + np + 1 > end)
                return vg_diag_set(d, VG_ETRUNC, "byte %zu: %s: primary subfield runs past the "
                                   "block", pos + np, it->name);
            np++;
        } while (buf[pos + np - 1] & 1);
        n = np;
        for (size_t o = 0; o < np; o++)
            for (int b = 7; b >= 1; b--) {
                if (!(buf[pos + o] >> b & 1))
                    continue;
                size_t k = o * 7 + (size_t)(7 - b);
                if (k >= it->nsubs || it->subs[k].rule == VG__AX_NONE)
                    return vg_diag_set(d, VG_EPARSE, "byte %zu: %s: subfield %zu is not defined",
                                       pos + o, it->name, k + 1);
                size_t sl;
                int rc = vg__ax_item_len(&it->subs[k], buf, pos + n, end, &sl, d);
                if (rc)
                    return rc;
                n += sl;
            }
        break;
    }
    default:
        return vg_diag_set(d, VG_EPARSE, "byte %zu: %s: not defined in this category", pos,
                           it->name ? it->name : "item");
    }
    if (n > end - pos)
        return vg_diag_set(d, VG_ETRUNC, "byte %zu: %s: %zu bytes, %zu left in the block", pos,
                           it->name, n, end - pos);
    *len = n;
    return 0;
}

size_t vg__ax_subfield(const struct vg__ax_item *it, const uint8_t *buf, size_t pos, int k)
{
    size_t np = 0;
    do
        np++;
    while (buf[pos + np - 1] & 1);
    size_t at = pos + np;
    for (size_t o = 0; o < np; o++)
        for (int b = 7; b >= 1; b--) {
            if (!(buf[pos + o] >> b & 1))
                continue;
            size_t j = o * 7 + (size_t)(7 - b);
            if ((int)j == k)
                return at;
            size_t sl = 0;
            /* Already validated: the rule gives the length without a bound problem. */
            vg__ax_item_len(&it->subs[j], buf, at, (size_t)-1, &sl, NULL);
            at += sl;
        }
    return 0;
}

int vg__ax_record_split(const struct vg__ax_uap *uap, const uint8_t *buf, size_t pos,
                        size_t end, struct vg__ax_record *r, struct vg_diag *d)
{
    /* FSPEC (Part 1, 4.3.2): bit 8 of the first octet is FRN 1; bit 1 of each octet is FX. */
    size_t octets_max = ((size_t)uap->nfrn + 6) / 7, nf = 0;
    do {
        if (nf == octets_max)
            return vg_diag_set(d, VG_EPARSE, "byte %zu: FSPEC longer than the %zu octets of the "
                               "Cat %03u UAP", pos + nf, octets_max, uap->cat);
        if (pos + nf + 1 > end)
            return vg_diag_set(d, VG_ETRUNC, "byte %zu: FSPEC runs past the block", pos + nf);
        nf++;
    } while (buf[pos + nf - 1] & 1);
    r->start = pos;
    for (size_t i = 0; i <= VG__AX_FRN_MAX; i++)
        r->ilen[i] = 0;
    size_t at = pos + nf;
    int any = 0;
    for (size_t o = 0; o < nf; o++)
        for (int b = 7; b >= 1; b--) {
            if (!(buf[pos + o] >> b & 1))
                continue;
            size_t frn = o * 7 + (size_t)(8 - b);
            if (frn > uap->nfrn || uap->items[frn - 1].rule == VG__AX_NONE)
                return vg_diag_set(d, VG_EPARSE, "byte %zu: FSPEC sets FRN %zu, not in the "
                                   "Cat %03u UAP", pos + o, frn, uap->cat);
            size_t il;
            int rc = vg__ax_item_len(&uap->items[frn - 1], buf, at, end, &il, d);
            if (rc)
                return rc;
            r->off[frn] = (uint32_t)at;
            r->ilen[frn] = (uint16_t)il;
            at += il;
            any = 1;
        }
    if (!any)
        return vg_diag_set(d, VG_EPARSE, "byte %zu: empty FSPEC (no item)", pos);
    r->len = at - pos;
    return 0;
}
