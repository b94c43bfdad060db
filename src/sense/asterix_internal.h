/* SPDX-License-Identifier: MIT */
/* asterix_internal.h — the UAP-driven item codec shared by the ASTERIX categories.
 *
 * EUROCONTROL's ASTERIX Part 1 (SUR.ET1.ST05.2000-STD-01-01, section 4) gives every data item
 * one of five length rules: fixed, extended (octets chained by an FX bit), repetitive (a
 * one-octet count REP then REP fixed elements), compound (a primary subfield of presence bits
 * chained by FX, then the present subfields, each with its own rule) and explicit (a
 * one-octet length that counts itself: SP and RE). A category's User Application Profile
 * (UAP) lists its items by field reference number (FRN). Knowing only those rules, a record
 * can be cut into its items — which is how unknown or uninteresting items are skipped
 * without losing the record boundary. Each category file then reads the items it cares
 * about from the spans found here. */
#ifndef VG_SENSE_ASTERIX_INTERNAL_H
#define VG_SENSE_ASTERIX_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

enum vg__ax_rule {
    VG__AX_NONE = 0,   /* spare FRN or subfield: its bit must not be set */
    VG__AX_FIXED,      /* len bytes */
    VG__AX_EXTENDED,   /* len-byte parts while the last bit of a part is FX = 1 */
    VG__AX_REPETITIVE, /* REP (1 byte), then REP × len bytes */
    VG__AX_COMPOUND,   /* primary subfield, then subfields subs[0..nsubs) */
    VG__AX_EXPLICIT,   /* length byte (counting itself, ≥ 1), then the rest */
};

struct vg__ax_item {
    const char *name;               /* "I048/040" (for messages) */
    uint8_t rule;                   /* enum vg__ax_rule */
    uint8_t len;                    /* fixed/extended/repetitive: bytes (of a part/element) */
    uint8_t nsubs;                  /* compound: subfields in the primary's bit order */
    const struct vg__ax_item *subs; /* compound: the subfields' rules */
};

/* FRNs a UAP may have: Cat 062 has 35; 7 per FSPEC octet. */
#define VG__AX_FRN_MAX 56
#define VG__AX_FSPEC_MAX (VG__AX_FRN_MAX / 7)

struct vg__ax_uap {
    uint8_t cat;
    uint8_t nfrn;                    /* FRNs 1..nfrn */
    const struct vg__ax_item *items; /* items[frn - 1] */
};

/* Where each item of one record lies: off[frn] is its byte offset in the unit, len[frn] its
 * length (0 = absent). */
struct vg__ax_record {
    size_t start, len;              /* the whole record (FSPEC first) in the unit */
    uint32_t off[VG__AX_FRN_MAX + 1];
    uint16_t ilen[VG__AX_FRN_MAX + 1];
};

/* Cut the record that starts at buf[pos] (end = its data block's end) into items by the UAP.
 * 0 with r filled, or VG_ETRUNC / VG_EPARSE with d = "byte N: reason" (N in buf). */
int vg__ax_record_split(const struct vg__ax_uap *uap, const uint8_t *buf, size_t pos,
                        size_t end, struct vg__ax_record *r, struct vg_diag *d);

/* Length of one item at buf[pos] by its rule (end bounds it). 0 or VG_ETRUNC / VG_EPARSE. */
int vg__ax_item_len(const struct vg__ax_item *it, const uint8_t *buf, size_t pos, size_t end,
                    size_t *len, struct vg_diag *d);

/* Compound item at buf[pos] of length len: the offset (in buf) of subfield k (0-based in
 * the primary's bit order), or 0 when it is absent. The item must have been validated by
 * vg__ax_item_len. */
size_t vg__ax_subfield(const struct vg__ax_item *it, const uint8_t *buf, size_t pos, int k);

static inline uint32_t vg__ax_u16(const uint8_t *p) { return (uint32_t)p[0] << 8 | p[1]; }
static inline uint32_t vg__ax_u24(const uint8_t *p)
{
    return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
}
static inline uint32_t vg__ax_u32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
/* Two's complement of the low `bits` bits of v. */
static inline int32_t vg__ax_signed(uint32_t v, int bits)
{
    uint32_t m = (uint32_t)1 << (bits - 1);
    v &= (m << 1) - 1;
    return (int32_t)(v ^ m) - (int32_t)m;
}

/* A JSON text built in a buffer that only grows (asterix_json.c): the describe output of a
 * datagram, without an allocation per unit once it is warm. Errors stick in err. */
#define VG__JB_DEPTH 8
struct vg__jb {
    char *p;
    size_t n, cap;
    int err;                        /* VG_ENOMEM once an append failed */
    int depth;
    uint8_t first[VG__JB_DEPTH];    /* nothing written yet in the open object/array */
};
void vg__jb_reset(struct vg__jb *j);
void vg__jb_free(struct vg__jb *j);
void vg__jb_open(struct vg__jb *j, const char *key, char c);  /* key NULL inside arrays */
void vg__jb_close(struct vg__jb *j, char c);
void vg__jb_int(struct vg__jb *j, const char *key, long long v);
void vg__jb_num(struct vg__jb *j, const char *key, double v);
void vg__jb_str(struct vg__jb *j, const char *key, const char *s);
void vg__jb_bool(struct vg__jb *j, const char *key, int v);

struct vg_asterix048;
struct vg_asterix034;
struct vg_asterix015;
/* The record's items as members of the open object (asterix_json.c). */
void vg__ax_json048(struct vg__jb *j, const struct vg_asterix048 *r);
void vg__ax_json034(struct vg__jb *j, const struct vg_asterix034 *r);
void vg__ax_json015(struct vg__jb *j, const struct vg_asterix015 *r);

/* UAPs (asterix048.c, asterix034.c). */
extern const struct vg__ax_uap vg__ax_uap048;
extern const struct vg__ax_uap vg__ax_uap034;
extern const struct vg__ax_uap vg__ax_uap015;

#endif
