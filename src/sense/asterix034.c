/* SPDX-License-Identifier: MIT */
/* asterix034.c — Cat 034 monoradar service messages: north markers, sector crossings, the
 * radar's configuration and status.
 *
 * UAP and layouts: EUROCONTROL-SPEC-0149-2b, Cat 034 edition 1.27 and later (1.29 adds the
 * solar-storm message type, same UAP). These messages carry no plot, but they tell the
 * tracker when a scan is complete (the north marker) and the operator whether the radar is
 * healthy (I034/050), so they are decoded and described, never dropped. */
#include <string.h>

#include "sense/asterix.h"
#include "sense/asterix_internal.h"

#define F(n, l) {n, VG__AX_FIXED, l, 0, NULL}

/* I034/050 system configuration and status: COM, -, -, PSR, SSR, MDS, -. */
static const struct vg__ax_item sub050[7] = {
    F("I034/050 COM", 1), {0}, {0}, F("I034/050 PSR", 1), F("I034/050 SSR", 1),
    F("I034/050 MDS", 2), {0},
};

/* I034/060 system processing mode: COM, -, -, PSR, SSR, MDS, -. */
static const struct vg__ax_item sub060[7] = {
    F("I034/060 COM", 1), {0}, {0}, F("I034/060 PSR", 1), F("I034/060 SSR", 1),
    F("I034/060 MDS", 1), {0},
};

static const struct vg__ax_item items034[14] = {
    F("I034/010", 2),                            /* FRN 1 data source */
    F("I034/000", 1),                            /* 2 message type */
    F("I034/030", 3),                            /* 3 time of day */
    F("I034/020", 1),                            /* 4 sector number */
    F("I034/041", 2),                            /* 5 antenna rotation period */
    {"I034/050", VG__AX_COMPOUND, 0, 7, sub050}, /* 6 configuration and status */
    {"I034/060", VG__AX_COMPOUND, 0, 7, sub060}, /* 7 processing mode */
    {"I034/070", VG__AX_REPETITIVE, 2, 0, NULL}, /* 8 message count values */
    F("I034/100", 8),                            /* 9 generic polar window */
    F("I034/110", 1),                            /* 10 data filter */
    F("I034/120", 8),                            /* 11 3D position of data source */
    F("I034/090", 2),                            /* 12 collimation error */
    {"I034/RE", VG__AX_EXPLICIT, 0, 0, NULL},    /* 13 reserved expansion */
    {"I034/SP", VG__AX_EXPLICIT, 0, 0, NULL},    /* 14 special purpose */
};

const struct vg__ax_uap vg__ax_uap034 = {34, 14, items034};

const char *vg_asterix034_msg_name(int type)
{
    static const char *const names[] = {
        "unknown", "north-marker", "sector-crossing", "geographical-filtering",
        "jamming-strobe", "solar-storm", "ssr-jamming", "mode-s-jamming",
    };
    return type >= 1 && type <= 7 ? names[type] : names[0];
}

int vg_asterix034_decode(const uint8_t *buf, size_t pos, size_t end, struct vg_asterix034 *r,
                         size_t *next, struct vg_diag *d)
{
    struct vg__ax_record rec;
    int rc = vg__ax_record_split(&vg__ax_uap034, buf, pos, end, &rec, d);
    if (rc)
        return rc;
    memset(r, 0, sizeof *r);
    r->offset = pos;
    r->len = rec.len;
    for (int f = 1; f <= 14; f++)
        if (rec.ilen[f]) {
            static const uint32_t bit[15] = {
                0, VG_A034_010, VG_A034_000, VG_A034_030, VG_A034_020, VG_A034_041,
                VG_A034_050, VG_A034_060, VG_A034_070, VG_A034_100, VG_A034_110,
                VG_A034_120, VG_A034_090, VG_A034_RE, VG_A034_SP,
            };
            r->present |= bit[f];
        }
    const uint8_t *p;
    if (rec.ilen[1]) {
        r->sac = buf[rec.off[1]];
        r->sic = buf[rec.off[1] + 1];
    }
    if (rec.ilen[2])
        r->msg_type = buf[rec.off[2]];
    if (rec.ilen[3])
        r->tod_s = vg__ax_u24(buf + rec.off[3]) / 128.0;
    if (rec.ilen[4])
        r->sector_deg = buf[rec.off[4]] * 360.0 / 256.0;
    if (rec.ilen[5])
        r->rotation_s = vg__ax_u16(buf + rec.off[5]) / 128.0;
    if (rec.ilen[6]) {
        const struct vg__ax_item *it = &items034[5];
        size_t at;
        if ((at = vg__ax_subfield(it, buf, rec.off[6], 0))) {
            r->has050 |= 1;
            r->com050 = buf[at];
        }
        if ((at = vg__ax_subfield(it, buf, rec.off[6], 3))) {
            r->has050 |= 2;
            r->psr050 = buf[at];
        }
        if ((at = vg__ax_subfield(it, buf, rec.off[6], 4))) {
            r->has050 |= 4;
            r->ssr050 = buf[at];
        }
        if ((at = vg__ax_subfield(it, buf, rec.off[6], 5))) {
            r->has050 |= 8;
            r->mds050 = (uint16_t)vg__ax_u16(buf + at);
        }
    }
    if (rec.ilen[7]) {
        const struct vg__ax_item *it = &items034[6];
        size_t at;
        if ((at = vg__ax_subfield(it, buf, rec.off[7], 0))) {
            r->has060 |= 1;
            r->com060 = buf[at];
        }
        if ((at = vg__ax_subfield(it, buf, rec.off[7], 3))) {
            r->has060 |= 2;
            r->psr060 = buf[at];
        }
        if ((at = vg__ax_subfield(it, buf, rec.off[7], 4))) {
            r->has060 |= 4;
            r->ssr060 = buf[at];
        }
        if ((at = vg__ax_subfield(it, buf, rec.off[7], 5))) {
            r->has060 |= 8;
            r->mds060 = buf[at];
        }
    }
    if (rec.ilen[8]) {
        p = buf + rec.off[8];
        r->count_n = p[0];
        for (int i = 0; i < p[0] && i < 32; i++)
            r->counts[i] = (uint16_t)vg__ax_u16(p + 1 + 2 * i);
    }
    if (rec.ilen[11]) {
        p = buf + rec.off[11];
        r->h_m = vg__ax_signed(vg__ax_u16(p), 16);
        r->lat_deg = vg__ax_signed(vg__ax_u24(p + 2), 24) * 180.0 / 8388608.0;
        r->lon_deg = vg__ax_signed(vg__ax_u24(p + 5), 24) * 180.0 / 8388608.0;
    }
    if (rec.ilen[12]) {
        p = buf + rec.off[12];
        r->coll_range_nm = vg__ax_signed(p[0], 8) / 128.0;
        r->coll_az_deg = vg__ax_signed(p[1], 8) * 360.0 / 16384.0;
    }
    *next = pos + rec.len;
    return 0;
}
