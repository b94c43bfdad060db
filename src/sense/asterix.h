/* SPDX-License-Identifier: MIT */
/* asterix.h — EUROCONTROL ASTERIX surveillance data in: data blocks, Cat 048 monoradar
 * target reports and Cat 034 monoradar service messages; Cat 048 out.
 *
 * A UDP datagram holds one or more data blocks (Part 1, 4.2: CAT, LEN of the whole block
 * including those 3 octets, then records). A record has no length of its own: its end is
 * found only by walking its FSPEC and every present item's length rule (asterix_items.c), so
 * one record the decoder cannot cut loses the rest of its block — but never the next block,
 * which starts where LEN says. The structs below hold the items in engineering units; the
 * decoder (decoder_asterix.c) turns them into detections and JSON descriptions.
 *
 * Editions: Cat 048 1.2x UAP (1.21 … 1.32 share it), Cat 034 1.27+, Cat 015 1.1 (INCS
 * target reports: the category meant for non-cooperative sensors such as drone radars). */
#ifndef VG_SENSE_ASTERIX_H
#define VG_SENSE_ASTERIX_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

/* One data block of a unit. */
struct vg_asterix_block {
    uint8_t cat;
    size_t offset;   /* of the CAT octet in the unit */
    size_t len;      /* LEN: the whole block, ≥ 3 */
};

/* The data block starting at buf[*pos] (len = the unit's length): 1 with b filled and *pos
 * moved past it, 0 at the end of the unit, or VG_ETRUNC / VG_EPARSE (d = "byte N: reason")
 * when the header or LEN does not fit — the rest of the unit cannot be framed then. */
int vg_asterix_next_block(const uint8_t *buf, size_t len, size_t *pos,
                          struct vg_asterix_block *b, struct vg_diag *d);

/* Cat 048 items present (bits of vg_asterix048.present). */
enum {
    VG_A048_010 = 1u << 0,  VG_A048_140 = 1u << 1,  VG_A048_020 = 1u << 2,
    VG_A048_040 = 1u << 3,  VG_A048_070 = 1u << 4,  VG_A048_090 = 1u << 5,
    VG_A048_130 = 1u << 6,  VG_A048_220 = 1u << 7,  VG_A048_240 = 1u << 8,
    VG_A048_250 = 1u << 9,  VG_A048_161 = 1u << 10, VG_A048_042 = 1u << 11,
    VG_A048_200 = 1u << 12, VG_A048_170 = 1u << 13, VG_A048_210 = 1u << 14,
    VG_A048_030 = 1u << 15, VG_A048_080 = 1u << 16, VG_A048_100 = 1u << 17,
    VG_A048_110 = 1u << 18, VG_A048_120 = 1u << 19, VG_A048_230 = 1u << 20,
    VG_A048_260 = 1u << 21, VG_A048_055 = 1u << 22, VG_A048_050 = 1u << 23,
    VG_A048_065 = 1u << 24, VG_A048_060 = 1u << 25, VG_A048_SP = 1u << 26,
    VG_A048_RE = 1u << 27,
};

/* One Cat 048 record in engineering units; only the fields of present items are set. */
struct vg_asterix048 {
    size_t offset, len;     /* the record (FSPEC first) in the unit */
    uint32_t present;       /* VG_A048_* */
    uint8_t sac, sic;       /* I048/010 */
    double tod_s;           /* I048/140: s since midnight UTC, LSB 1/128 s */
    uint8_t typ;            /* I048/020 TYP: 0 none, 1 PSR, 2 SSR, 3 SSR+PSR, 4 Mode S all-call,
                               5 Mode S roll-call, 6 all-call+PSR, 7 roll-call+PSR */
    uint8_t sim, rdp, spi, rab; /* I048/020 first-octet flags */
    uint8_t tst;            /* I048/020 TST (test target), 0 when no extension */
    double rho_nm;          /* I048/040: slant range, NM, LSB 1/256 */
    double theta_deg;       /* I048/040: azimuth from north, clockwise, LSB 360/2^16 */
    uint16_t mode3a;        /* I048/070: 12 bits, 4 octal digits A B C D */
    uint8_t mode3a_v, mode3a_g, mode3a_l;
    double fl;              /* I048/090: flight level, 14-bit two's complement, LSB 1/4 */
    uint8_t fl_v, fl_g;
    uint32_t icao;          /* I048/220: 24-bit Mode S address */
    char callsign[9];       /* I048/240: 8 IA-5 characters, trailing spaces kept */
    uint8_t bds_count;      /* I048/250: Mode S MB data blocks */
    uint16_t track;         /* I048/161: 12-bit track number */
    double x_nm, y_nm;      /* I048/042: calculated Cartesian position, LSB 1/128 NM */
    double gs_kt, hdg_deg;  /* I048/200: ground speed (LSB 2^-14 NM/s) and heading */
    uint8_t cnf, rad, dou, mah, cdm; /* I048/170 first octet: CNF 1 = tentative */
    uint8_t tre, gho;       /* I048/170 extension: track end, ghost; 0 when absent */
    double height_ft;       /* I048/110: 3D radar height, 14-bit signed, LSB 25 ft */
    double doppler_ms;      /* I048/120 CAL: radial Doppler speed, m/s (10-bit signed) */
    uint8_t has_doppler;    /* I048/120 with CAL present and valid (D = 0) */
    uint16_t comms;         /* I048/230 raw (COM, STAT, SI, MSSC, ARC, AIC, B1A, B1B) */
};

/* Cat 034 items present (bits of vg_asterix034.present). */
enum {
    VG_A034_010 = 1u << 0, VG_A034_000 = 1u << 1, VG_A034_030 = 1u << 2,
    VG_A034_020 = 1u << 3, VG_A034_041 = 1u << 4, VG_A034_050 = 1u << 5,
    VG_A034_060 = 1u << 6, VG_A034_070 = 1u << 7, VG_A034_100 = 1u << 8,
    VG_A034_110 = 1u << 9, VG_A034_120 = 1u << 10, VG_A034_090 = 1u << 11,
    VG_A034_RE = 1u << 12, VG_A034_SP = 1u << 13,
};

/* I034/000 message types. */
enum {
    VG_A034_NORTH_MARKER = 1, VG_A034_SECTOR_CROSSING = 2, VG_A034_GEO_FILTER = 3,
    VG_A034_JAMMING_STROBE = 4, VG_A034_SOLAR_STORM = 5, VG_A034_SSR_JAMMING = 6,
    VG_A034_MODES_JAMMING = 7,
};

/* One Cat 034 record. I034/050 and /060 subfields are kept raw (bit meanings in the JSON
 * description); a subfield's has_* bit tells whether it was sent. */
struct vg_asterix034 {
    size_t offset, len;
    uint32_t present;       /* VG_A034_* */
    uint8_t sac, sic;       /* I034/010 */
    uint8_t msg_type;       /* I034/000 */
    double tod_s;           /* I034/030: s since midnight UTC, LSB 1/128 s */
    double sector_deg;      /* I034/020: LSB 360/2^8 */
    double rotation_s;      /* I034/041: antenna rotation period, LSB 1/128 s */
    uint8_t has050;         /* bits 0 COM, 1 PSR, 2 SSR, 3 MDS */
    uint8_t com050, psr050, ssr050;
    uint16_t mds050;
    uint8_t has060;         /* bits 0 COM, 1 PSR, 2 SSR, 3 MDS */
    uint8_t com060, psr060, ssr060, mds060;
    uint8_t count_n;        /* I034/070: message count values */
    uint16_t counts[32];    /* TYP (5 bits) << 11 | COUNTER (11 bits), the first 32 */
    double h_m, lat_deg, lon_deg; /* I034/120: data source position (WGS-84, height in m) */
    double coll_range_nm, coll_az_deg; /* I034/090: collimation error */
};

/* Cat 015 (INCS target reports, edition 1.1): the fields Vigil uses. present has bit
 * (FRN - 1) set for each item sent; has marks the subfields read (VG_A015_*). */
enum {
    VG_A015_P84 = 1u << 0,  VG_A015_HPP = 1u << 1,  VG_A015_GH = 1u << 2,
    VG_A015_SDGH = 1u << 3, VG_A015_HV = 1u << 4,   VG_A015_VV = 1u << 5,
    VG_A015_R = 1u << 6,    VG_A015_SDR = 1u << 7,  VG_A015_RR = 1u << 8,
    VG_A015_SDRR = 1u << 9, VG_A015_DV = 1u << 10,  VG_A015_AZ = 1u << 11,
    VG_A015_SDAZ = 1u << 12, VG_A015_EL = 1u << 13, VG_A015_SDEL = 1u << 14,
    VG_A015_RPS = 1u << 15,
};

struct vg_asterix015 {
    size_t offset, len;
    uint32_t present;       /* bit FRN-1 per item of the Cat 015 UAP */
    uint32_t has;           /* VG_A015_* */
    uint8_t sac, sic;       /* I015/010 */
    uint8_t mt, rg;         /* I015/000: message type (1 measurement plot … 5 track end), RG */
    uint8_t momu, ttax;     /* I015/020: 0 mono-static …; 0 actual target, 1 reference,
                               2 synthetic, 3 simulated/replayed */
    double tod_s;           /* I015/145: time of applicability, s since midnight, LSB 1/128 */
    uint16_t track;         /* I015/161 */
    uint8_t cnf, cstp;      /* I015/170: tentative (1), position coasted (1) */
    double lat_deg, lon_deg; /* I015/600 P84, LSB 180/2^31 */
    double sd_x_m, sd_y_m;  /* I015/600 HPP, LSB 0.25 m */
    double gh_m, sd_gh_m;   /* I015/601 GH, SDGH: height above the ellipsoid, LSB 0.01 m */
    double vx_ms, vy_ms;    /* I015/602 HV, LSB 0.01 m/s (east, north) */
    double vv_ms;           /* I015/604 VV, LSB 0.01 m/s, + climbing */
    double range_m, sd_range_m; /* I015/625 R (signed), SDR, LSB 0.1 m */
    double rr_ms, sd_rr_ms; /* I015/625 RR, SDRR, LSB 0.1 m/s */
    double dv_ms;           /* I015/626 DV (Doppler velocity), LSB 0.01 m/s */
    double az_deg, sd_az_deg; /* I015/627 AZ (LSB 360/2^16), SDASZ (LSB 45/2^16) */
    double el_deg, sd_el_deg; /* I015/628 EL (LSB 180/2^16, signed), SDEL (LSB 45/2^16) */
    int8_t rps_db;          /* I015/630 RPS: reflected-path SNR, dB */
    uint8_t ncls;           /* I015/300 classifications (the first 4 kept) */
    uint16_t cls[4];        /* CLS (9 bits, meaning set by the sensor's ICD) */
    uint8_t prb[4];         /* PRB (7 bits, percent) */
};

/* Decode the Cat 015 record at buf[pos]; as vg_asterix048_decode. */
int vg_asterix015_decode(const uint8_t *buf, size_t pos, size_t end, struct vg_asterix015 *r,
                         size_t *next, struct vg_diag *d);

/* Decode the Cat 048 record at buf[pos] (end = its block's end). 0 with r filled and
 * *next = the next record's offset, or VG_ETRUNC / VG_EPARSE with d = "byte N: reason". */
int vg_asterix048_decode(const uint8_t *buf, size_t pos, size_t end, struct vg_asterix048 *r,
                         size_t *next, struct vg_diag *d);

/* The same for a Cat 034 record. */
int vg_asterix034_decode(const uint8_t *buf, size_t pos, size_t end, struct vg_asterix034 *r,
                         size_t *next, struct vg_diag *d);

/* Write one Cat 048 data block with one record: I048/010, 140, 020 (TYP as given, 1 = PSR),
 * 040, and, where flagged in present, 110 (3D height) and 161. Fields are rounded to their
 * LSB and range-checked. Returns the bytes written, VG_ERANGE if cap is too small, or
 * VG_EINVAL for a value outside its field (range ≥ 256 NM, negative ToD …). */
int vg_asterix048_encode(const struct vg_asterix048 *r, uint8_t *buf, size_t cap);

/* Name of a Cat 034 message type ("north-marker" …), "unknown" otherwise. */
const char *vg_asterix034_msg_name(int type);

#endif
