/* SPDX-License-Identifier: MIT */
/* remoteid.c — ASTM F3411-22a broadcast messages (types 0-5) and the message pack (0xF):
 * decoding into remoteid.h's structures and encoding back, for the simulator.
 *
 * Table and section numbers are those of F3411-22a; the field layout did not move between
 * protocol versions 0 (F3411-19), 1 and 2, so one decoder serves all three. The unknown
 * encodings: direction 361°, speed 255 m/s, vertical speed 63 m/s, latitude and longitude
 * both 0, altitudes 0 (= −1000 m), location timestamp 0xFFFF (Table 6). */
#include "sense/remoteid.h"

#include <math.h>
#include <string.h>

static unsigned le16(const uint8_t *p) { return (unsigned)p[0] | (unsigned)p[1] << 8; }
static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static void put16(uint8_t *p, unsigned v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}
static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> 8 * i);
}

/* Altitudes (pressure, geodetic, height, area ceiling/floor, operator): 0.5 m steps from
 * −1000 m; raw 0 (−1000 m) means unknown (Table 6). */
static double alt_m(unsigned raw) { return raw ? raw * 0.5 - 1000.0 : NAN; }

/* A fixed-width string field: bytes up to the first NUL, kept as sent. */
static void text(char *dst, const uint8_t *src, size_t n)
{
    size_t k = 0;
    while (k < n && src[k])
        k++;
    memcpy(dst, src, k);
    dst[k] = '\0';
}

static void latlon(int32_t lat_raw, int32_t lon_raw, double *lat, double *lon)
{
    /* Both zero is "unknown" (Table 6, Table 11); one zero is a real equator or meridian. */
    if (lat_raw == 0 && lon_raw == 0) {
        *lat = *lon = NAN;
        return;
    }
    *lat = lat_raw * 1e-7;
    *lon = lon_raw * 1e-7;
}

static void decode_location(const uint8_t *b, struct vg_rid_location *l)
{
    l->status = b[1] >> 4;
    l->height_type = (b[1] >> 2) & 1;
    l->ew_flag = (b[1] >> 1) & 1;
    l->speed_mult = b[1] & 1;
    l->direction_raw = b[2];
    l->speed_raw = b[3];
    l->vspeed_raw = (int8_t)b[4];
    l->lat_raw = (int32_t)le32(b + 5);
    l->lon_raw = (int32_t)le32(b + 9);
    l->alt_baro_raw = (uint16_t)le16(b + 13);
    l->alt_geo_raw = (uint16_t)le16(b + 15);
    l->height_raw = (uint16_t)le16(b + 17);
    l->v_accuracy = b[19] >> 4;
    l->h_accuracy = b[19] & 15;
    l->baro_accuracy = b[20] >> 4;
    l->speed_accuracy = b[20] & 15;
    l->timestamp_raw = (uint16_t)le16(b + 21);
    l->timestamp_accuracy = b[23] & 15;

    /* Direction: 0-179 in the byte, +180 with the E/W segment bit; 361 is unknown. */
    unsigned dir = l->direction_raw + (l->ew_flag ? 180u : 0u);
    l->direction_deg = dir <= 359 ? (double)dir : NAN;
    /* Speed: 0.25 m/s steps up to 63.75, then 0.75 m/s steps from 63.75 with the multiplier
     * bit; 255 m/s (raw 255 with the multiplier) is unknown. */
    double s = l->speed_mult ? l->speed_raw * 0.75 + 63.75 : l->speed_raw * 0.25;
    l->speed_mps = s == 255.0 ? NAN : s;
    double vs = l->vspeed_raw * 0.5; /* 0.5 m/s steps, ±62 m/s; 63 m/s is unknown */
    l->vspeed_mps = vs == 63.0 ? NAN : vs;
    latlon(l->lat_raw, l->lon_raw, &l->lat_deg, &l->lon_deg);
    l->alt_baro_m = alt_m(l->alt_baro_raw);
    l->alt_geo_m = alt_m(l->alt_geo_raw);
    l->height_m = alt_m(l->height_raw);
    l->timestamp_s = l->timestamp_raw == 0xFFFF ? NAN : l->timestamp_raw * 0.1;
}

static void decode_system(const uint8_t *b, struct vg_rid_system *s)
{
    s->operator_location_type = b[1] & 3;
    s->classification_type = (b[1] >> 2) & 7;
    s->operator_lat_raw = (int32_t)le32(b + 2);
    s->operator_lon_raw = (int32_t)le32(b + 6);
    s->area_count = (uint16_t)le16(b + 10);
    s->area_radius_raw = b[12];
    s->area_ceiling_raw = (uint16_t)le16(b + 13);
    s->area_floor_raw = (uint16_t)le16(b + 15);
    s->category = b[17] >> 4;
    s->class_ = b[17] & 15;
    s->operator_alt_geo_raw = (uint16_t)le16(b + 18);
    s->timestamp = le32(b + 20);
    latlon(s->operator_lat_raw, s->operator_lon_raw, &s->operator_lat_deg, &s->operator_lon_deg);
    s->area_radius_m = s->area_radius_raw * 10.0;
    s->area_ceiling_m = alt_m(s->area_ceiling_raw);
    s->area_floor_m = alt_m(s->area_floor_raw);
    s->operator_alt_geo_m = alt_m(s->operator_alt_geo_raw);
}

static void decode_auth(const uint8_t *b, struct vg_rid_auth *a)
{
    a->auth_type = b[1] >> 4;
    a->page = b[1] & 15;
    if (a->page == 0) {
        a->last_page_index = b[2];
        a->length = b[3];
        a->timestamp = le32(b + 4);
        a->data_len = VG_RID_AUTH_PAGE0;
        memcpy(a->data, b + 8, VG_RID_AUTH_PAGE0);
    } else {
        a->data_len = VG_RID_AUTH_PAGEN;
        memcpy(a->data, b + 2, VG_RID_AUTH_PAGEN);
    }
}

int vg_rid_decode_msg(const uint8_t *b, size_t len, struct vg_rid_msg *m, struct vg_diag *d)
{
    if (len < VG_RID_MSG_SIZE)
        return vg_diag_set(d, VG_ETRUNC, "byte %zu: message truncated (%d bytes needed)", len,
                           VG_RID_MSG_SIZE);
    memset(m, 0, sizeof *m);
    memcpy(m->raw, b, VG_RID_MSG_SIZE);
    m->type = b[0] >> 4;
    m->version = b[0] & 15;
    switch (m->type) {
    case VG_RID_BASIC_ID:
        m->u.basic.id_type = b[1] >> 4;
        m->u.basic.ua_type = b[1] & 15;
        memcpy(m->u.basic.uas_id_raw, b + 2, VG_RID_ID_MAX);
        text(m->u.basic.uas_id, b + 2, VG_RID_ID_MAX);
        return 0;
    case VG_RID_LOCATION:
        decode_location(b, &m->u.loc);
        return 0;
    case VG_RID_AUTH:
        decode_auth(b, &m->u.auth);
        return 0;
    case VG_RID_SELF_ID:
        m->u.self.desc_type = b[1];
        text(m->u.self.desc, b + 2, VG_RID_DESC_MAX);
        return 0;
    case VG_RID_SYSTEM:
        decode_system(b, &m->u.sys);
        return 0;
    case VG_RID_OPERATOR_ID:
        m->u.op.id_type = b[1];
        text(m->u.op.id, b + 2, VG_RID_ID_MAX);
        return 0;
    case VG_RID_PACK:
        return vg_diag_set(d, VG_EUNSUPPORTED, "byte 0: a message pack where one message was "
                           "expected");
    default:
        return vg_diag_set(d, VG_EUNSUPPORTED, "byte 0: reserved message type %u", m->type);
    }
}

int vg_rid_decode_payload(const uint8_t *buf, size_t len, struct vg_rid_msg *msgs,
                          struct vg_rid_payload *p, struct vg_diag *d)
{
    memset(p, 0, sizeof *p);
    if (len < 1)
        return vg_diag_set(d, VG_ETRUNC, "byte 0: empty Remote ID payload");
    if (buf[0] >> 4 != VG_RID_PACK) {
        int rc = vg_rid_decode_msg(buf, len, &msgs[0], d);
        if (rc < 0)
            return rc;
        p->nmsgs = 1;
        p->slot[0] = 1;
        return 0;
    }
    /* Message pack (§5.4.5.22): 0xF_ header, single message size, quantity. */
    if (len < 3)
        return vg_diag_set(d, VG_ETRUNC, "byte %zu: message pack header truncated", len);
    p->pack = 1;
    p->pack_msg_size = buf[1];
    p->pack_qty = buf[2];
    if (buf[1] != VG_RID_MSG_SIZE)
        return vg_diag_set(d, VG_EPARSE, "byte 1: pack message size %u, not %d", buf[1],
                           VG_RID_MSG_SIZE);
    if (buf[2] > VG_RID_PACK_MAX)
        return vg_diag_set(d, VG_EPARSE, "byte 2: pack of %u messages, at most %d", buf[2],
                           VG_RID_PACK_MAX);
    size_t need = 3 + (size_t)buf[2] * VG_RID_MSG_SIZE;
    if (need > len)
        return vg_diag_set(d, VG_ETRUNC, "byte %zu: pack of %u messages needs %zu bytes", len,
                           buf[2], need);
    for (unsigned i = 0; i < buf[2]; i++) {
        const uint8_t *m = buf + 3 + (size_t)i * VG_RID_MSG_SIZE;
        /* A pack holds single messages only (no pack within a pack). */
        if (m[0] >> 4 == VG_RID_PACK)
            return vg_diag_set(d, VG_EPARSE, "byte %zu: message pack inside a message pack",
                               (size_t)(m - buf));
        if (vg_rid_decode_msg(m, VG_RID_MSG_SIZE, &msgs[p->nmsgs], NULL) < 0) {
            p->reserved++;
            continue;
        }
        p->slot[p->nmsgs++] = (uint8_t)(i + 1);
    }
    return 0;
}

/* ---- encoding ----------------------------------------------------------------------------- */

static int fits(unsigned v, unsigned bits) { return v < 1u << bits; }

int vg_rid_encode_msg(const struct vg_rid_msg *m, uint8_t b[VG_RID_MSG_SIZE])
{
    memset(b, 0, VG_RID_MSG_SIZE);
    if (!fits(m->version, 4))
        return VG_EINVAL;
    b[0] = (uint8_t)(m->type << 4 | m->version);
    switch (m->type) {
    case VG_RID_BASIC_ID: {
        const struct vg_rid_basic_id *x = &m->u.basic;
        if (!fits(x->id_type, 4) || !fits(x->ua_type, 4))
            return VG_EINVAL;
        b[1] = (uint8_t)(x->id_type << 4 | x->ua_type);
        memcpy(b + 2, x->uas_id_raw, VG_RID_ID_MAX);
        return 0;
    }
    case VG_RID_LOCATION: {
        const struct vg_rid_location *x = &m->u.loc;
        if (!fits(x->status, 4) || x->height_type > 1 || x->ew_flag > 1 || x->speed_mult > 1 ||
            !fits(x->h_accuracy, 4) || !fits(x->v_accuracy, 4) || !fits(x->baro_accuracy, 4) ||
            !fits(x->speed_accuracy, 4) || !fits(x->timestamp_accuracy, 4))
            return VG_EINVAL;
        b[1] = (uint8_t)(x->status << 4 | x->height_type << 2 | x->ew_flag << 1 | x->speed_mult);
        b[2] = x->direction_raw;
        b[3] = x->speed_raw;
        b[4] = (uint8_t)x->vspeed_raw;
        put32(b + 5, (uint32_t)x->lat_raw);
        put32(b + 9, (uint32_t)x->lon_raw);
        put16(b + 13, x->alt_baro_raw);
        put16(b + 15, x->alt_geo_raw);
        put16(b + 17, x->height_raw);
        b[19] = (uint8_t)(x->v_accuracy << 4 | x->h_accuracy);
        b[20] = (uint8_t)(x->baro_accuracy << 4 | x->speed_accuracy);
        put16(b + 21, x->timestamp_raw);
        b[23] = x->timestamp_accuracy;
        return 0;
    }
    case VG_RID_AUTH: {
        const struct vg_rid_auth *x = &m->u.auth;
        if (!fits(x->auth_type, 4) || !fits(x->page, 4))
            return VG_EINVAL;
        b[1] = (uint8_t)(x->auth_type << 4 | x->page);
        if (x->page == 0) {
            b[2] = x->last_page_index;
            b[3] = x->length;
            put32(b + 4, x->timestamp);
            memcpy(b + 8, x->data, VG_RID_AUTH_PAGE0);
        } else {
            memcpy(b + 2, x->data, VG_RID_AUTH_PAGEN);
        }
        return 0;
    }
    case VG_RID_SELF_ID:
        b[1] = m->u.self.desc_type;
        memcpy(b + 2, m->u.self.desc, strnlen(m->u.self.desc, VG_RID_DESC_MAX));
        return 0;
    case VG_RID_SYSTEM: {
        const struct vg_rid_system *x = &m->u.sys;
        if (!fits(x->operator_location_type, 2) || !fits(x->classification_type, 3) ||
            !fits(x->category, 4) || !fits(x->class_, 4))
            return VG_EINVAL;
        b[1] = (uint8_t)(x->classification_type << 2 | x->operator_location_type);
        put32(b + 2, (uint32_t)x->operator_lat_raw);
        put32(b + 6, (uint32_t)x->operator_lon_raw);
        put16(b + 10, x->area_count);
        b[12] = x->area_radius_raw;
        put16(b + 13, x->area_ceiling_raw);
        put16(b + 15, x->area_floor_raw);
        b[17] = (uint8_t)(x->category << 4 | x->class_);
        put16(b + 18, x->operator_alt_geo_raw);
        put32(b + 20, x->timestamp);
        return 0;
    }
    case VG_RID_OPERATOR_ID:
        b[1] = m->u.op.id_type;
        memcpy(b + 2, m->u.op.id, strnlen(m->u.op.id, VG_RID_ID_MAX));
        return 0;
    default:
        return VG_EINVAL;
    }
}

int vg_rid_encode_pack(const uint8_t *msgs, size_t n, uint8_t *out, size_t cap)
{
    if (n < 1 || n > VG_RID_PACK_MAX)
        return VG_EINVAL;
    size_t need = 3 + n * VG_RID_MSG_SIZE;
    if (cap < need)
        return VG_ERANGE;
    out[0] = (uint8_t)(VG_RID_PACK << 4 | 2); /* protocol version 2: F3411-22a */
    out[1] = VG_RID_MSG_SIZE;
    out[2] = (uint8_t)n;
    memcpy(out + 3, msgs, n * VG_RID_MSG_SIZE);
    return (int)need;
}

void vg_rid_set_direction(struct vg_rid_location *l, double deg)
{
    unsigned dir = 361; /* unknown */
    if (isfinite(deg)) {
        double r = fmod(round(deg), 360.0);
        dir = (unsigned)(r < 0 ? r + 360.0 : r);
        dir %= 360;
    }
    l->ew_flag = dir >= 180;
    l->direction_raw = (uint8_t)(dir >= 180 ? dir - 180 : dir);
}

void vg_rid_set_speed(struct vg_rid_location *l, double mps)
{
    if (!isfinite(mps)) { /* 255 m/s: raw 255 with the multiplier */
        l->speed_mult = 1;
        l->speed_raw = 255;
    } else if (mps <= 63.75) {
        l->speed_mult = 0;
        l->speed_raw = (uint8_t)lround(fmax(mps, 0.0) / 0.25);
    } else {
        l->speed_mult = 1; /* at most 254.25 m/s: raw 255 would read as unknown */
        l->speed_raw = (uint8_t)fmin(254.0, (double)lround((mps - 63.75) / 0.75));
    }
}

int8_t vg_rid_enc_vspeed(double mps)
{
    if (!isfinite(mps))
        return 126; /* 63 m/s: unknown */
    return (int8_t)lround(fmax(-62.0, fmin(62.0, mps)) / 0.5);
}

uint16_t vg_rid_enc_alt(double m)
{
    if (!isfinite(m))
        return 0;
    double raw = round((m + 1000.0) / 0.5);
    return (uint16_t)fmax(1.0, fmin(65535.0, raw)); /* raw 0 would read as unknown */
}

int32_t vg_rid_enc_latlon(double deg)
{
    if (!isfinite(deg))
        return 0;
    return (int32_t)lround(fmax(-180.0, fmin(180.0, deg)) * 1e7);
}

/* Accuracy classes, 95 % bounds. Horizontal (Table 7, RTCA DO-260B's NACp): codes 1-12 are
 * < 10, 4, 2, 1, 0.5, 0.3, 0.1, 0.05 NM, < 30, 10, 3, 1 m. Vertical and barometric (Table 8):
 * codes 1-6 are < 150, 45, 25, 10, 3, 1 m. Speed (Table 9): codes 1-4 are < 10, 3, 1,
 * 0.3 m/s. Code 0 is "≥ the largest, or unknown"; higher codes are reserved. */
static const double h_acc_m[13] = {0,     18520, 7408, 3704, 1852, 926, 555.6,
                                   185.2, 92.6,  30,   10,   3,    1};
static const double v_acc_m[7] = {0, 150, 45, 25, 10, 3, 1};
static const double speed_acc_mps[5] = {0, 10, 3, 1, 0.3};

double vg_rid_h_accuracy_m(unsigned c) { return c < 13 ? h_acc_m[c] : 0; }
double vg_rid_v_accuracy_m(unsigned c) { return c < 7 ? v_acc_m[c] : 0; }
double vg_rid_speed_accuracy_mps(unsigned c) { return c < 5 ? speed_acc_mps[c] : 0; }

/* The highest code whose bound is above the 95 % value k·σ (k = 2.448 for a 2-D radius,
 * 1.96 in one dimension). */
static uint8_t code_for(const double *bound, unsigned n, double v95)
{
    uint8_t c = 0;
    if (!(v95 >= 0))
        return 0;
    for (unsigned i = 1; i < n; i++)
        if (v95 < bound[i])
            c = (uint8_t)i;
    return c;
}

uint8_t vg_rid_h_accuracy_code(double s) { return code_for(h_acc_m, 13, 2.448 * s); }
uint8_t vg_rid_v_accuracy_code(double s) { return code_for(v_acc_m, 7, 1.96 * s); }
uint8_t vg_rid_speed_accuracy_code(double s) { return code_for(speed_acc_mps, 5, 1.96 * s); }

const char *vg_rid_type_name(unsigned t)
{
    static const char *const names[] = {"Basic ID", "Location/Vector", "Authentication",
                                        "Self ID",  "System",          "Operator ID"};
    if (t < 6)
        return names[t];
    return t == VG_RID_PACK ? "Message Pack" : "Reserved";
}
