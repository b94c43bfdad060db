/* SPDX-License-Identifier: MIT */
/* asterix048.c — Cat 048 monoradar target reports: the UAP, a record's items in engineering
 * units, and one record written back.
 *
 * UAP and item layouts: EUROCONTROL-SPEC-0149-4, Cat 048 edition 1.2x (1.21 to 1.32 keep
 * one UAP; zoranbosnjak/asterix-specs cat048 1.32 was the cross-check). Items that carry no
 * meaning for Vigil (130 plot characteristics, 250 BDS registers, 210 track quality, 030
 * warnings, 080/100 confidences, 260 ACAS RA, 055/050/065/060 military modes, SP, RE) are
 * skipped by their length rule only. */
#include <math.h>
#include <string.h>

#include "sense/asterix.h"
#include "sense/asterix_internal.h"

#define F(n, l) {n, VG__AX_FIXED, l, 0, NULL}

/* I048/130 radar plot characteristics: seven one-octet subfields (SRL SRR SAM PRL PAM RPD
 * APD). */
static const struct vg__ax_item sub130[] = {
    F("I048/130 SRL", 1), F("I048/130 SRR", 1), F("I048/130 SAM", 1), F("I048/130 PRL", 1),
    F("I048/130 PAM", 1), F("I048/130 RPD", 1), F("I048/130 APD", 1),
};

/* I048/120 radial Doppler speed: CAL (2 octets), RDS (REP × 6 octets), five spare bits
 * (zeroed slots: VG__AX_NONE). */
static const struct vg__ax_item sub120[7] = {
    F("I048/120 CAL", 2),
    {"I048/120 RDS", VG__AX_REPETITIVE, 6, 0, NULL},
};

static const struct vg__ax_item items048[28] = {
    F("I048/010", 2),                                   /* FRN 1 data source */
    F("I048/140", 3),                                   /* 2 time of day */
    {"I048/020", VG__AX_EXTENDED, 1, 0, NULL},          /* 3 target report descriptor */
    F("I048/040", 4),                                   /* 4 polar position */
    F("I048/070", 2),                                   /* 5 Mode 3/A */
    F("I048/090", 2),                                   /* 6 flight level */
    {"I048/130", VG__AX_COMPOUND, 0, 7, sub130},        /* 7 plot characteristics */
    F("I048/220", 3),                                   /* 8 aircraft address */
    F("I048/240", 6),                                   /* 9 aircraft identification */
    {"I048/250", VG__AX_REPETITIVE, 8, 0, NULL},        /* 10 Mode S MB data */
    F("I048/161", 2),                                   /* 11 track number */
    F("I048/042", 4),                                   /* 12 Cartesian position */
    F("I048/200", 4),                                   /* 13 polar velocity */
    {"I048/170", VG__AX_EXTENDED, 1, 0, NULL},          /* 14 track status */
    F("I048/210", 4),                                   /* 15 track quality */
    {"I048/030", VG__AX_EXTENDED, 1, 0, NULL},          /* 16 warning/error conditions */
    F("I048/080", 2),                                   /* 17 Mode 3/A confidence */
    F("I048/100", 4),                                   /* 18 Mode C and confidence */
    F("I048/110", 2),                                   /* 19 3D height */
    {"I048/120", VG__AX_COMPOUND, 0, 7, sub120},        /* 20 radial Doppler speed */
    F("I048/230", 2),                                   /* 21 comms/ACAS capability */
    F("I048/260", 7),                                   /* 22 ACAS RA report */
    F("I048/055", 1),                                   /* 23 Mode 1 */
    F("I048/050", 2),                                   /* 24 Mode 2 */
    F("I048/065", 1),                                   /* 25 Mode 1 confidence */
    F("I048/060", 2),                                   /* 26 Mode 2 confidence */
    {"I048/SP", VG__AX_EXPLICIT, 0, 0, NULL},           /* 27 special purpose */
    {"I048/RE", VG__AX_EXPLICIT, 0, 0, NULL},           /* 28 reserved expansion */
};

const struct vg__ax_uap vg__ax_uap048 = {48, 28, items048};

/* ICAO Annex 10 vol. IV, 3.1.2.9: the 6-bit IA-5 subset of I048/240. Code 0 (unset, sent
 * by transponders without a flight identity) is shown as a space, as tshark does. */
static char ia5(unsigned c)
{
    if (c == 0)
        return ' ';
    if (c >= 1 && c <= 26)
        return (char)('A' + c - 1);
    if (c == 32)
        return ' ';
    if (c >= 48 && c <= 57)
        return (char)('0' + c - 48);
    return '?';
}

int vg_asterix048_decode(const uint8_t *buf, size_t pos, size_t end, struct vg_asterix048 *r,
                         size_t *next, struct vg_diag *d)
{
    struct vg__ax_record rec;
    int rc = vg__ax_record_split(&vg__ax_uap048, buf, pos, end, &rec, d);
    if (rc)
        return rc;
    memset(r, 0, sizeof *r);
    r->offset = pos;
    r->len = rec.len;
    static const uint32_t bit[29] = {
        0, VG_A048_010, VG_A048_140, VG_A048_020, VG_A048_040, VG_A048_070, VG_A048_090,
        VG_A048_130, VG_A048_220, VG_A048_240, VG_A048_250, VG_A048_161, VG_A048_042,
        VG_A048_200, VG_A048_170, VG_A048_210, VG_A048_030, VG_A048_080, VG_A048_100,
        VG_A048_110, VG_A048_120, VG_A048_230, VG_A048_260, VG_A048_055, VG_A048_050,
        VG_A048_065, VG_A048_060, VG_A048_SP, VG_A048_RE,
    };
    for (int f = 1; f <= 28; f++)
        if (rec.ilen[f])
            r->present |= bit[f];
    const uint8_t *p;
    if (rec.ilen[1]) {
        p = buf + rec.off[1];
        r->sac = p[0];
        r->sic = p[1];
    }
    if (rec.ilen[2])
        r->tod_s = vg__ax_u24(buf + rec.off[2]) / 128.0;
    if (rec.ilen[3]) {
        p = buf + rec.off[3];
        r->typ = p[0] >> 5;
        r->sim = p[0] >> 4 & 1;
        r->rdp = p[0] >> 3 & 1;
        r->spi = p[0] >> 2 & 1;
        r->rab = p[0] >> 1 & 1;
        if (rec.ilen[3] > 1)
            r->tst = p[1] >> 7;
    }
    if (rec.ilen[4]) {
        p = buf + rec.off[4];
        r->rho_nm = vg__ax_u16(p) / 256.0;
        r->theta_deg = vg__ax_u16(p + 2) * 360.0 / 65536.0;
    }
    if (rec.ilen[5]) {
        uint32_t v = vg__ax_u16(buf + rec.off[5]);
        r->mode3a_v = v >> 15;
        r->mode3a_g = v >> 14 & 1;
        r->mode3a_l = v >> 13 & 1;
        r->mode3a = (uint16_t)(v & 0x0fff);
    }
    if (rec.ilen[6]) {
        uint32_t v = vg__ax_u16(buf + rec.off[6]);
        r->fl_v = v >> 15;
        r->fl_g = v >> 14 & 1;
        r->fl = vg__ax_signed(v, 14) / 4.0;
    }
    if (rec.ilen[8])
        r->icao = vg__ax_u24(buf + rec.off[8]);
    if (rec.ilen[9]) {
        p = buf + rec.off[9];
        /* 48 bits, 8 characters of 6 bits, first character in the high bits. */
        uint64_t v = 0;
        for (int i = 0; i < 6; i++)
            v = v << 8 | p[i];
        for (int i = 0; i < 8; i++)
            r->callsign[i] = ia5((unsigned)(v >> (42 - 6 * i)) & 0x3f);
        r->callsign[8] = '\0';
    }
    if (rec.ilen[10])
        r->bds_count = buf[rec.off[10]];
    if (rec.ilen[11])
        r->track = (uint16_t)(vg__ax_u16(buf + rec.off[11]) & 0x0fff);
    if (rec.ilen[12]) {
        p = buf + rec.off[12];
        r->x_nm = vg__ax_signed(vg__ax_u16(p), 16) / 128.0;
        r->y_nm = vg__ax_signed(vg__ax_u16(p + 2), 16) / 128.0;
    }
    if (rec.ilen[13]) {
        p = buf + rec.off[13];
        r->gs_kt = vg__ax_u16(p) * 3600.0 / 16384.0;
        r->hdg_deg = vg__ax_u16(p + 2) * 360.0 / 65536.0;
    }
    if (rec.ilen[14]) {
        p = buf + rec.off[14];
        r->cnf = p[0] >> 7;
        r->rad = p[0] >> 5 & 3;
        r->dou = p[0] >> 4 & 1;
        r->mah = p[0] >> 3 & 1;
        r->cdm = p[0] >> 1 & 3;
        if (rec.ilen[14] > 1) {
            r->tre = p[1] >> 7;
            r->gho = p[1] >> 6 & 1;
        }
    }
    if (rec.ilen[19])
        r->height_ft = vg__ax_signed(vg__ax_u16(buf + rec.off[19]), 14) * 25.0;
    if (rec.ilen[20]) {
        size_t at = vg__ax_subfield(&items048[19], buf, rec.off[20], 0);
        if (at) {
            uint32_t v = vg__ax_u16(buf + at);
            if (!(v >> 15)) { /* D = 0: the Doppler speed is valid */
                r->has_doppler = 1;
                r->doppler_ms = vg__ax_signed(v, 10);
            }
        }
    }
    if (rec.ilen[21])
        r->comms = (uint16_t)vg__ax_u16(buf + rec.off[21]);
    *next = pos + rec.len;
    return 0;
}

/* Round x / lsb to an integer in [lo, hi], or fail. */
static int quant(double x, double lsb, long lo, long hi, long *out)
{
    if (!isfinite(x))
        return VG_EINVAL;
    double q = floor(x / lsb + 0.5);
    if (q < (double)lo || q > (double)hi)
        return VG_EINVAL;
    *out = (long)q;
    return 0;
}

int vg_asterix048_encode(const struct vg_asterix048 *r, uint8_t *buf, size_t cap)
{
    uint8_t rec[32];
    size_t n = 0;
    uint8_t fspec[3] = {0x80 | 0x40 | 0x20 | 0x10, 0, 0}; /* FRN 1-4: 010 140 020 040 */
    long tod, rho, theta, trk = 0, h = 0;
    if (quant(r->tod_s, 1.0 / 128, 0, 86400L * 128 - 1, &tod) ||
        quant(r->rho_nm, 1.0 / 256, 0, 65535, &rho))
        return VG_EINVAL;
    double az = fmod(r->theta_deg, 360.0);
    if (az < 0)
        az += 360.0;
    if (quant(az, 360.0 / 65536, 0, 65536, &theta))
        return VG_EINVAL;
    theta &= 0xffff; /* 360° rounds to north */
    if (r->typ > 7)
        return VG_EINVAL;
    if (r->present & VG_A048_161) {
        if (r->track > 0x0fff)
            return VG_EINVAL;
        trk = r->track;
        fspec[1] |= 0x10; /* FRN 11 */
    }
    if (r->present & VG_A048_110) {
        if (quant(r->height_ft, 25.0, -8192, 8191, &h))
            return VG_EINVAL;
        fspec[2] |= 0x08; /* FRN 19 */
    }
    size_t nf = fspec[2] ? 3 : fspec[1] ? 2 : 1;
    for (size_t i = 0; i + 1 < nf; i++)
        fspec[i] |= 1;
    for (size_t i = 0; i < nf; i++)
        rec[n++] = fspec[i];
    rec[n++] = r->sac;
    rec[n++] = r->sic;
    rec[n++] = (uint8_t)(tod >> 16);
    rec[n++] = (uint8_t)(tod >> 8);
    rec[n++] = (uint8_t)tod;
    /* I048/020: TYP, SIM, RDP, SPI, RAB; FX = 0. */
    rec[n++] = (uint8_t)(r->typ << 5 | (r->sim & 1) << 4 | (r->rdp & 1) << 3 |
                         (r->spi & 1) << 2 | (r->rab & 1) << 1);
    rec[n++] = (uint8_t)(rho >> 8);
    rec[n++] = (uint8_t)rho;
    rec[n++] = (uint8_t)(theta >> 8);
    rec[n++] = (uint8_t)theta;
    if (r->present & VG_A048_161) {
        rec[n++] = (uint8_t)(trk >> 8);
        rec[n++] = (uint8_t)trk;
    }
    if (r->present & VG_A048_110) {
        uint32_t v = (uint32_t)h & 0x3fff;
        rec[n++] = (uint8_t)(v >> 8);
        rec[n++] = (uint8_t)v;
    }
    size_t total = 3 + n;
    if (cap < total)
        return VG_ERANGE;
    buf[0] = 48;
    buf[1] = (uint8_t)(total >> 8);
    buf[2] = (uint8_t)total;
    memcpy(buf + 3, rec, n);
    return (int)total;
}
