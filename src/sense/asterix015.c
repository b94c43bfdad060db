/* SPDX-License-Identifier: MIT */
/* asterix015.c — Cat 015 INCS (independent non-cooperative surveillance) target reports.
 *
 * Cat 015 is EUROCONTROL's category for sensors that see targets without a transponder:
 * multi-static primary radars, passive radars, electro-optic sensors — the drone sensors of a
 * counter-UAS site. UAP and layouts: Cat 015 edition 1.1 (2021; zoranbosnjak/asterix-specs
 * cat015 1.1 was the reference, tshark 4.0.17's dissector the cross-check). Most items are
 * compound, with precisions and correlations beside each value; Vigil reads the values and
 * their standard deviations and skips the rest (resolutions, correlations, extents, paths)
 * by their length rules. */
#include <string.h>

#include "sense/asterix.h"
#include "sense/asterix_internal.h"

#define F(n, l) {n, VG__AX_FIXED, l, 0, NULL}
#define C(n, subs) {n, VG__AX_COMPOUND, 0, sizeof subs / sizeof subs[0], subs}

static const struct vg__ax_item s270[] = {F("LEN", 2), F("WDT", 2), F("HGT", 2), F("ORT", 2)};
static const struct vg__ax_item s600[] = {F("P84", 8), F("HPR", 5), F("HPP", 5)};
static const struct vg__ax_item s601[] = {F("GH", 3), F("RSGH", 3), F("SDGH", 3), F("CI6", 3),
                                          F("CI9", 3), F("COGHHP", 2), F("COGHHV", 2),
                                          F("COGHHA", 2)};
static const struct vg__ax_item s602[] = {F("HV", 5), F("RSHV", 5), F("SDHV", 5),
                                          F("COHVHP", 4)};
static const struct vg__ax_item s603[] = {F("HA", 3), F("SDHA", 4), F("COHAHP", 4),
                                          F("COHAHV", 4)};
static const struct vg__ax_item s604[] = {F("VV", 3), F("RSVV", 2), F("SDVV", 3),
                                          F("COVVHP", 2), F("COVVHV", 2), F("COVVHA", 2)};
static const struct vg__ax_item s605[] = {F("VA", 2), F("RSVA", 4), F("COVAHP", 2),
                                          F("COVAHV", 2), F("COVAHA", 2)};
static const struct vg__ax_item s625[] = {F("R", 3), F("RSR", 3), F("SDR", 3), F("RR", 3),
                                          F("RSRR", 3), F("SDRR", 4), F("RA", 2), F("SDRA", 4)};
static const struct vg__ax_item s626[] = {F("DV", 3), F("SDDV", 2), F("DA", 2), F("SDDA", 3),
                                          F("CODVR", 1), F("CODVRR", 1), F("CODVRA", 1),
                                          F("CODAR", 1), F("CODARR", 1), F("CODARA", 1)};
static const struct vg__ax_item s627[] = {F("AZ", 2), F("RSAZ", 2), F("SDASZ", 2), F("AZR", 2),
                                          F("SDAZR", 3), F("AZEX", 4)};
static const struct vg__ax_item s628[] = {F("EL", 2), F("RSEL", 2), F("SDEL", 2), F("ER", 2),
                                          F("SDER", 3), F("ELEX", 4)};
static const struct vg__ax_item s630[] = {F("DPP", 1), F("DPS", 1), F("RPP", 2), F("RPS", 1)};

static const struct vg__ax_item items015[28] = {
    F("I015/010", 2),                               /* FRN 1 data source */
    F("I015/000", 1),                               /* 2 message type */
    F("I015/015", 1),                               /* 3 service identification */
    {"I015/020", VG__AX_EXTENDED, 1, 0, NULL},      /* 4 target report descriptor */
    {"I015/030", VG__AX_EXTENDED, 1, 0, NULL},      /* 5 warnings (repetitive with FX) */
    F("I015/145", 3),                               /* 6 time of applicability */
    F("I015/161", 2),                               /* 7 track/plot number */
    {"I015/170", VG__AX_EXTENDED, 1, 0, NULL},      /* 8 track/plot status */
    F("I015/050", 2),                               /* 9 update period */
    C("I015/270", s270),                            /* 10 size and orientation */
    {"I015/300", VG__AX_REPETITIVE, 2, 0, NULL},    /* 11 object classification */
    F("I015/400", 5),                               /* 12 measurement identifier */
    C("I015/600", s600),                            /* 13 horizontal position */
    C("I015/601", s601),                            /* 14 geometric height */
    C("I015/602", s602),                            /* 15 horizontal velocity */
    C("I015/603", s603),                            /* 16 horizontal acceleration */
    C("I015/604", s604),                            /* 17 vertical velocity */
    C("I015/605", s605),                            /* 18 vertical acceleration */
    {"I015/480", VG__AX_REPETITIVE, 5, 0, NULL},    /* 19 associations */
    C("I015/625", s625),                            /* 20 range */
    C("I015/626", s626),                            /* 21 Doppler */
    C("I015/627", s627),                            /* 22 azimuth */
    C("I015/628", s628),                            /* 23 elevation */
    C("I015/630", s630),                            /* 24 path quality */
    {"I015/631", VG__AX_REPETITIVE, 8, 0, NULL},    /* 25 contour */
    {"I015/SP", VG__AX_EXPLICIT, 0, 0, NULL},       /* 26 special purpose */
    /* 27, 28 spare */
};

const struct vg__ax_uap vg__ax_uap015 = {15, 28, items015};

/* Offset of subfield k of the compound item of FRN frn, or 0 when absent. */
static size_t sub(const struct vg__ax_record *rec, const uint8_t *buf, int frn, int k)
{
    return rec->ilen[frn] ? vg__ax_subfield(&items015[frn - 1], buf, rec->off[frn], k) : 0;
}

int vg_asterix015_decode(const uint8_t *buf, size_t pos, size_t end, struct vg_asterix015 *r,
                         size_t *next, struct vg_diag *d)
{
    struct vg__ax_record rec;
    int rc = vg__ax_record_split(&vg__ax_uap015, buf, pos, end, &rec, d);
    if (rc)
        return rc;
    memset(r, 0, sizeof *r);
    r->offset = pos;
    r->len = rec.len;
    for (int f = 1; f <= 28; f++)
        if (rec.ilen[f])
            r->present |= 1u << (f - 1);
    const uint8_t *p;
    size_t at;
    if (rec.ilen[1]) {
        r->sac = buf[rec.off[1]];
        r->sic = buf[rec.off[1] + 1];
    }
    if (rec.ilen[2]) {
        r->mt = buf[rec.off[2]] >> 1;
        r->rg = buf[rec.off[2]] & 1;
    }
    if (rec.ilen[4]) {
        r->momu = buf[rec.off[4]] >> 6;
        r->ttax = buf[rec.off[4]] >> 4 & 3;
    }
    if (rec.ilen[6])
        r->tod_s = vg__ax_u24(buf + rec.off[6]) / 128.0;
    if (rec.ilen[7])
        r->track = (uint16_t)vg__ax_u16(buf + rec.off[7]);
    if (rec.ilen[8]) {
        r->cstp = buf[rec.off[8]] >> 3 & 1;
        r->cnf = buf[rec.off[8]] >> 1 & 1;
    }
    if (rec.ilen[11]) {
        p = buf + rec.off[11];
        r->ncls = p[0];
        for (int i = 0; i < p[0] && i < 4; i++) {
            uint32_t v = vg__ax_u16(p + 1 + 2 * i);
            r->cls[i] = (uint16_t)(v >> 7);
            r->prb[i] = (uint8_t)(v & 0x7f);
        }
    }
    if ((at = sub(&rec, buf, 13, 0))) { /* P84: two's complement, LSB 180/2^31 deg */
        uint32_t la = vg__ax_u32(buf + at), lo = vg__ax_u32(buf + at + 4);
        r->lat_deg = (double)(int32_t)la * (180.0 / 2147483648.0);
        r->lon_deg = (double)(int32_t)lo * (180.0 / 2147483648.0);
        r->has |= VG_A015_P84;
    }
    if ((at = sub(&rec, buf, 13, 2))) {
        r->sd_x_m = vg__ax_u16(buf + at) / 4.0;
        r->sd_y_m = vg__ax_u16(buf + at + 2) / 4.0;
        r->has |= VG_A015_HPP;
    }
    if ((at = sub(&rec, buf, 14, 0))) {
        r->gh_m = vg__ax_signed(vg__ax_u24(buf + at), 24) / 100.0;
        r->has |= VG_A015_GH;
    }
    if ((at = sub(&rec, buf, 14, 2))) {
        r->sd_gh_m = vg__ax_u24(buf + at) / 100.0;
        r->has |= VG_A015_SDGH;
    }
    if ((at = sub(&rec, buf, 15, 0))) { /* HV: two 20-bit two's complement, LSB 0.01 m/s */
        uint64_t v = 0;
        for (int i = 0; i < 5; i++)
            v = v << 8 | buf[at + i];
        r->vx_ms = vg__ax_signed((uint32_t)(v >> 20), 20) / 100.0;
        r->vy_ms = vg__ax_signed((uint32_t)(v & 0xfffff), 20) / 100.0;
        r->has |= VG_A015_HV;
    }
    if ((at = sub(&rec, buf, 17, 0))) {
        r->vv_ms = vg__ax_signed(vg__ax_u24(buf + at), 24) / 100.0;
        r->has |= VG_A015_VV;
    }
    if ((at = sub(&rec, buf, 20, 0))) {
        r->range_m = vg__ax_signed(vg__ax_u24(buf + at), 24) / 10.0;
        r->has |= VG_A015_R;
    }
    if ((at = sub(&rec, buf, 20, 2))) {
        r->sd_range_m = vg__ax_u24(buf + at) / 10.0;
        r->has |= VG_A015_SDR;
    }
    if ((at = sub(&rec, buf, 20, 3))) {
        r->rr_ms = vg__ax_signed(vg__ax_u24(buf + at), 24) / 10.0;
        r->has |= VG_A015_RR;
    }
    if ((at = sub(&rec, buf, 20, 5))) {
        r->sd_rr_ms = vg__ax_u24(buf + at) / 10.0;
        r->has |= VG_A015_SDRR;
    }
    if ((at = sub(&rec, buf, 21, 0))) {
        r->dv_ms = vg__ax_signed(vg__ax_u24(buf + at), 24) / 100.0;
        r->has |= VG_A015_DV;
    }
    if ((at = sub(&rec, buf, 22, 0))) {
        r->az_deg = vg__ax_u16(buf + at) * (360.0 / 65536.0);
        r->has |= VG_A015_AZ;
    }
    if ((at = sub(&rec, buf, 22, 2))) {
        r->sd_az_deg = vg__ax_u16(buf + at) * (45.0 / 65536.0);
        r->has |= VG_A015_SDAZ;
    }
    if ((at = sub(&rec, buf, 23, 0))) {
        r->el_deg = vg__ax_signed(vg__ax_u16(buf + at), 16) * (180.0 / 65536.0);
        r->has |= VG_A015_EL;
    }
    if ((at = sub(&rec, buf, 23, 2))) {
        r->sd_el_deg = vg__ax_u16(buf + at) * (45.0 / 65536.0);
        r->has |= VG_A015_SDEL;
    }
    if ((at = sub(&rec, buf, 24, 3))) {
        r->rps_db = (int8_t)vg__ax_signed(buf[at], 8);
        r->has |= VG_A015_RPS;
    }
    *next = pos + rec.len;
    return 0;
}
