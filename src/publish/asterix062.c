/* SPDX-License-Identifier: MIT */
/* asterix062.c — tracks as ASTERIX Cat 062 records (asterix062.h).
 *
 * Layouts: EUROCONTROL-SPEC-0149-9, Cat 062 edition 1.18 (1.19 keeps them). Each value is
 * rounded to its LSB; a value outside its field omits the item rather than wrapping (a
 * wrapped position is a track in the wrong place). Accuracies saturate at their field's
 * largest value, which is the honest reading of "at least this uncertain".
 *
 * Geometry. I062/100 is specified in the SDPS's system plane (a stereographic projection);
 * Vigil sends its site ENU plane (east, north from the site origin), which agrees with a
 * stereographic plane tangent at the origin to 1 part in 10⁶ within 10 km — the scale of a
 * counter-drone site. I062/105 is exact WGS-84 from the ENU state; I062/130 is the
 * ellipsoidal height of the state (geometric altitude, Cat 062 definition). I062/500:
 * APC = (√P_ee, √P_nn), COV = sign(P_en) √|P_en|, AGA = √P_uu, ATV = (√P_ve, √P_vn). */
#include <math.h>
#include <string.h>

#include "publish/asterix062.h"

#define FT_M 0.3048

void vg_asterix062_cfg_default(struct vg_asterix062_cfg *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->sic = 1;
    cfg->service_id = 1;
    cfg->block_max = VG_ASTERIX062_BLOCK_MAX;
    cfg->monosensor = -1;
    cfg->alt_source = 2;
}

/* round(x / lsb) if it lies in [lo, hi]: 0, else -1. */
static int fit(double x, double lsb, double lo, double hi, long *q)
{
    double r = floor(x / lsb + 0.5);
    if (!isfinite(r) || r < lo || r > hi)
        return -1;
    *q = (long)r;
    return 0;
}

/* round(x / lsb) saturated to [0, hi] (x ≥ 0: an accuracy). */
static long sat(double x, double lsb, long hi)
{
    double r = floor(x / lsb + 0.5);
    if (!(r >= 0))
        return isnan(r) ? hi : 0;
    return r > (double)hi ? hi : (long)r;
}

static uint8_t *put16(uint8_t *p, long v)
{
    p[0] = (uint8_t)((unsigned long)v >> 8);
    p[1] = (uint8_t)v;
    return p + 2;
}

static uint8_t *put24(uint8_t *p, long v)
{
    p[0] = (uint8_t)((unsigned long)v >> 16);
    return put16(p + 1, v);
}

static uint8_t *put32(uint8_t *p, long v)
{
    p[0] = (uint8_t)((unsigned long)v >> 24);
    return put24(p + 1, v);
}

/* FRNs of the Cat 062 UAP used here. */
enum { FRN_010 = 1, FRN_015 = 3, FRN_070 = 4, FRN_105 = 5, FRN_100 = 6, FRN_185 = 7,
       FRN_040 = 12, FRN_080 = 13, FRN_130 = 18, FRN_220 = 20, FRN_500 = 27, FRN_MAX = 28 };

#define REC_MAX 64

/* One record into rec; its length, or 0 for a track that cannot be written. */
static size_t record(const struct vg_asterix062_cfg *cfg, const struct vg_site *site,
                     long tod, int mono, const struct vg_track *tk, uint8_t *rec)
{
    for (int i = 0; i < VG_NX; i++)
        if (!isfinite(tk->x[i]))
            return 0;
    uint8_t items[REC_MAX], *p = items;
    uint8_t fspec[4] = {0};
#define SET(frn) (fspec[((frn) - 1) / 7] |= (uint8_t)(0x80 >> (((frn) - 1) % 7)))
    /* In FRN order: 010, 015, 070, 105, 100, 185, 040, 080, 130, 220, 500. */
    SET(FRN_010);
    *p++ = cfg->sac;
    *p++ = cfg->sic;
    SET(FRN_015);
    *p++ = cfg->service_id;
    SET(FRN_070);
    p = put24(p, tod);
    double lat, lon, h;
    vg_enu_to_geo(&site->frame, tk->x, &lat, &lon, &h);
    long a, b;
    const double wgs_lsb = 180.0 / 33554432.0; /* 180 / 2^25 degrees */
    if (!fit(lat, wgs_lsb, -16777216, 16777216, &a) &&
        !fit(lon, wgs_lsb, -33554432, 33554431, &b)) {
        SET(FRN_105);
        p = put32(p, a);
        p = put32(p, b);
    }
    if (!fit(tk->x[0], 0.5, -8388608, 8388607, &a) &&
        !fit(tk->x[1], 0.5, -8388608, 8388607, &b)) {
        SET(FRN_100);
        p = put24(p, a);
        p = put24(p, b);
    }
    if (!fit(tk->x[3], 0.25, -32768, 32767, &a) && !fit(tk->x[4], 0.25, -32768, 32767, &b)) {
        SET(FRN_185);
        p = put16(p, a);
        p = put16(p, b);
    }
    SET(FRN_040);
    p = put16(p, (long)(tk->id & 0xffff));
    /* I062/080: MON, SPI 0, MRH 0 (barometric), SRC, CNF (0 confirmed, 1 tentative); a
     * coasting track adds octets 2-4 for CST (octet 4, bit 8). */
    SET(FRN_080);
    uint8_t o1 = (uint8_t)((mono ? 0x80 : 0) | (cfg->alt_source & 7) << 2 |
                           (tk->status == VG_TRACK_TENTATIVE ? 0x02 : 0));
    if (tk->status == VG_TRACK_COASTING) {
        *p++ = o1 | 1;
        *p++ = 1;
        *p++ = 1;
        *p++ = 0x80;
    } else {
        *p++ = o1;
    }
    if (!fit(h / FT_M, 6.25, -32768, 32767, &a)) {
        SET(FRN_130);
        p = put16(p, a);
    }
    if (!fit(tk->x[5] / FT_M * 60.0, 6.25, -32768, 32767, &a)) {
        SET(FRN_220);
        p = put16(p, a);
    }
    /* I062/500: APC, COV, AGA, ATV (primary subfield bits 8, 7, 5, 3). */
    SET(FRN_500);
    const double *P = tk->P;
    *p++ = 0x80 | 0x40 | 0x10 | 0x04;
    p = put16(p, sat(sqrt(P[0]), 0.5, 65535));
    p = put16(p, sat(sqrt(P[7]), 0.5, 65535));
    double cov = P[1];
    long c = sat(sqrt(fabs(cov)), 0.5, 32767);
    p = put16(p, cov < 0 ? -c : c);
    *p++ = (uint8_t)sat(sqrt(P[14]) / FT_M, 6.25, 255);
    *p++ = (uint8_t)sat(sqrt(P[21]), 0.25, 255);
    *p++ = (uint8_t)sat(sqrt(P[28]), 0.25, 255);
#undef SET
    size_t nf = 4;
    while (nf > 1 && !fspec[nf - 1])
        nf--;
    for (size_t i = 0; i + 1 < nf; i++)
        fspec[i] |= 1;
    memcpy(rec, fspec, nf);
    memcpy(rec + nf, items, (size_t)(p - items));
    return nf + (size_t)(p - items);
}

size_t vg_asterix062_encode(const struct vg_asterix062_cfg *cfg, const struct vg_site *site,
                            double t, const struct vg_track *trk, size_t n, size_t *consumed,
                            uint8_t *buf, size_t cap)
{
    *consumed = 0;
    size_t max = cfg->block_max ? cfg->block_max : VG_ASTERIX062_BLOCK_MAX;
    if (max > 65535)
        max = 65535;
    if (cap < max)
        max = cap;
    if (n == 0 || max < 3 || !isfinite(t))
        return 0;
    double tod_s = fmod(t, 86400.0);
    if (tod_s < 0)
        tod_s += 86400.0;
    long tod = (long)floor(tod_s * 128 + 0.5) % (86400L * 128);
    int mono = cfg->monosensor >= 0 ? cfg->monosensor : site->nsensors <= 1;
    size_t len = 3, i = 0;
    for (; i < n; i++) {
        uint8_t rec[REC_MAX + 4];
        size_t rl = record(cfg, site, tod, mono, &trk[i], rec);
        if (len + rl > max)
            break;
        memcpy(buf + len, rec, rl);
        len += rl;
    }
    if (len == 3) {
        /* Nothing written: either no room, or only unwritable tracks (consume those). */
        *consumed = i;
        return 0;
    }
    *consumed = i;
    buf[0] = 62;
    buf[1] = (uint8_t)(len >> 8);
    buf[2] = (uint8_t)len;
    return len;
}
