/* SPDX-License-Identifier: MIT */
/* remoteid.h — ASTM F3411-22a / ASD-STAN EN 4709-002 broadcast Remote ID messages: the
 * 25-byte messages and the message pack, decoded into plain structures and encoded back.
 *
 * Every message is 25 bytes: a header byte (message type in the high nibble, protocol
 * version in the low nibble, F3411-22a §5.4.5.2) and 24 bytes of content, little-endian.
 * Each decoded structure keeps the raw wire fields (so a test can compare them with another
 * decoder's) and the physical values in SI units, NAN where the spec's "unknown" encoding is
 * on the wire. The conversions are those of F3411-22a Table 6 (Location/Vector) and Table 11
 * (System); ../shared/testdata/remoteid/README.md lists each one.
 *
 * The link layers that carry the messages (Wi-Fi beacon and NAN, Bluetooth LE legacy and
 * extended advertising) are in remoteid_frames.c; the detections in decoder_remoteid.c. */
#ifndef VG_SENSE_REMOTEID_H
#define VG_SENSE_REMOTEID_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

#define VG_RID_MSG_SIZE 25     /* every message, header byte included */
#define VG_RID_PACK_MAX 9      /* messages in one pack (F3411-22a §5.4.5.22) */
#define VG_RID_ID_MAX 20       /* UAS ID and Operator ID: 20 bytes */
#define VG_RID_DESC_MAX 23     /* Self-ID description: 23 bytes */
#define VG_RID_AUTH_PAGE0 17   /* authentication data bytes in page 0 ... */
#define VG_RID_AUTH_PAGEN 23   /* ... and in pages 1-15 */

enum vg_rid_type {
    VG_RID_BASIC_ID = 0,
    VG_RID_LOCATION = 1,
    VG_RID_AUTH = 2,
    VG_RID_SELF_ID = 3,
    VG_RID_SYSTEM = 4,
    VG_RID_OPERATOR_ID = 5,
    VG_RID_PACK = 0xF,
};

/* Basic ID (type 0, Table 4). */
struct vg_rid_basic_id {
    uint8_t id_type;                   /* 0 none, 1 serial (CTA-2063-A), 2 CAA registration,
                                          3 UTM UUID, 4 specific session ID */
    uint8_t ua_type;                   /* 0 none ... 2 helicopter/multirotor ... 15 other */
    uint8_t uas_id_raw[VG_RID_ID_MAX]; /* the 20 bytes as sent */
    char uas_id[VG_RID_ID_MAX + 1];    /* up to the first NUL (bytes as sent, NUL-terminated) */
};

/* Location/Vector (type 1, Table 6). Physical values are NAN when unknown. */
struct vg_rid_location {
    uint8_t status;                    /* 0 undeclared, 1 ground, 2 airborne, 3 emergency,
                                          4 remote ID system failure */
    uint8_t height_type;               /* 0 above takeoff, 1 above ground level */
    uint8_t ew_flag;                   /* 1: direction is raw + 180 */
    uint8_t speed_mult;                /* 1: speed is raw × 0.75 + 63.75 */
    uint8_t direction_raw, speed_raw;
    int8_t vspeed_raw;
    int32_t lat_raw, lon_raw;          /* 1e-7 degrees; both 0: unknown */
    uint16_t alt_baro_raw, alt_geo_raw, height_raw; /* × 0.5 − 1000 m; 0: unknown */
    uint8_t h_accuracy, v_accuracy, baro_accuracy, speed_accuracy; /* codes, Table 7-9 */
    uint16_t timestamp_raw;            /* 1/10 s after the hour; 0xFFFF: unknown */
    uint8_t timestamp_accuracy;        /* 1/10 s (0: unknown) */
    double direction_deg;              /* track over ground, clockwise from true north [0, 360) */
    double speed_mps;                  /* ground speed */
    double vspeed_mps;                 /* up positive */
    double lat_deg, lon_deg;           /* WGS-84 */
    double alt_baro_m;                 /* pressure altitude (1013.25 hPa datum) */
    double alt_geo_m;                  /* geodetic: WGS-84 height above the ellipsoid */
    double height_m;                   /* above takeoff or ground (height_type) */
    double timestamp_s;                /* seconds after the full hour */
};

/* Authentication (type 2, Table 12), any page. */
struct vg_rid_auth {
    uint8_t auth_type;                 /* 0 none, 1 UAS ID signature, 2 operator ID sig., ... */
    uint8_t page;                      /* 0-15 */
    uint8_t last_page_index;           /* page 0 only */
    uint8_t length;                    /* page 0 only: bytes of auth data over all pages */
    uint32_t timestamp;                /* page 0 only: s since 2019-01-01T00:00:00Z */
    uint8_t data_len;                  /* 17 (page 0) or 23 */
    uint8_t data[VG_RID_AUTH_PAGEN];
};

/* Self-ID (type 3, Table 10). */
struct vg_rid_self_id {
    uint8_t desc_type;                 /* 0 text, 1 emergency, 2 extended status, ... */
    char desc[VG_RID_DESC_MAX + 1];    /* up to the first NUL */
};

/* System (type 4, Table 11). Physical values are NAN when unknown. */
struct vg_rid_system {
    uint8_t operator_location_type;    /* 0 takeoff, 1 live GNSS, 2 fixed */
    uint8_t classification_type;       /* 0 undeclared, 1 EU */
    int32_t operator_lat_raw, operator_lon_raw;
    uint16_t area_count;
    uint8_t area_radius_raw;           /* × 10 m */
    uint16_t area_ceiling_raw, area_floor_raw, operator_alt_geo_raw; /* × 0.5 − 1000 m */
    uint8_t category, class_;          /* EU: category (high nibble) and class (low nibble) */
    uint32_t timestamp;                /* s since 2019-01-01T00:00:00Z; 0: unknown */
    double operator_lat_deg, operator_lon_deg;
    double area_radius_m, area_ceiling_m, area_floor_m, operator_alt_geo_m;
};

/* Operator ID (type 5, Table 13). */
struct vg_rid_operator_id {
    uint8_t id_type;                   /* 0 operator ID */
    char id[VG_RID_ID_MAX + 1];        /* up to the first NUL */
};

struct vg_rid_msg {
    uint8_t type;                      /* enum vg_rid_type */
    uint8_t version;                   /* protocol version: 0 (F3411-19), 1 (-20), 2 (-22a) */
    uint8_t raw[VG_RID_MSG_SIZE];      /* the bytes as received (decode) or written (encode) */
    union {
        struct vg_rid_basic_id basic;
        struct vg_rid_location loc;
        struct vg_rid_auth auth;
        struct vg_rid_self_id self;
        struct vg_rid_system sys;
        struct vg_rid_operator_id op;
    } u;
};

/* Seconds from 1970-01-01 to F3411's epoch 2019-01-01T00:00:00Z. */
#define VG_RID_EPOCH_UNIX 1546300800.0

/* Decode one message from buf (len ≥ 25; the first 25 bytes are used). Returns 0, VG_ETRUNC
 * (fewer than 25 bytes), VG_EUNSUPPORTED (a reserved type 6-14, or 15: a pack is not a
 * single message) with d = "byte N: reason". */
int vg_rid_decode_msg(const uint8_t *buf, size_t len, struct vg_rid_msg *m, struct vg_diag *d);

/* What was around the messages of one ODID payload. */
struct vg_rid_payload {
    int pack;                 /* 1: a message pack, 0: one bare message */
    uint8_t pack_msg_size;    /* pack: its declared message size (always 25 when accepted) */
    uint8_t pack_qty;         /* pack: its declared quantity */
    size_t nmsgs;             /* messages decoded into msgs[] */
    uint8_t slot[VG_RID_PACK_MAX]; /* 1-based pack slot of msgs[i] (1 for a bare message) */
    size_t reserved;          /* slots skipped for a reserved message type */
};

/* Decode a payload that is one message or one pack (F3411-22a §5.4.5.22: header 0xF_, message
 * size, quantity, then quantity × 25 bytes). A pack must declare size 25 and at most 9
 * messages, and quantity × size must fit in len; a slot of reserved type is skipped (counted
 * in p->reserved). msgs has room for VG_RID_PACK_MAX. Returns 0 or a negative VG_E* with
 * d = "byte N: reason" (offsets within buf). */
int vg_rid_decode_payload(const uint8_t *buf, size_t len, struct vg_rid_msg *msgs,
                          struct vg_rid_payload *p, struct vg_diag *d);

/* Encode m's raw fields (type, version and the *_raw / code fields of u; the physical values
 * are ignored) into out[25]; reserved bits are 0. Returns 0, or VG_EINVAL for a type this
 * encoder does not write or a field out of its bit width. */
int vg_rid_encode_msg(const struct vg_rid_msg *m, uint8_t out[VG_RID_MSG_SIZE]);
/* A pack of n (1-9) messages already encoded (n × 25 bytes in msgs) into out: 3 + 25 n
 * bytes. Returns the bytes written, or VG_EINVAL / VG_ERANGE (cap too small). */
int vg_rid_encode_pack(const uint8_t *msgs, size_t n, uint8_t *out, size_t cap);

/* Physical value → raw fields, rounded to the nearest step and clamped to the encodable
 * range (F3411-22a Table 6); NAN gives the "unknown" encoding. */
void vg_rid_set_direction(struct vg_rid_location *l, double deg);
void vg_rid_set_speed(struct vg_rid_location *l, double mps);
int8_t vg_rid_enc_vspeed(double mps);
uint16_t vg_rid_enc_alt(double m);
int32_t vg_rid_enc_latlon(double deg);
/* Accuracy codes from a 1-σ value: the best class whose 95 % bound holds it (Tables 7-9). */
uint8_t vg_rid_h_accuracy_code(double sigma_m);
uint8_t vg_rid_v_accuracy_code(double sigma_m);
uint8_t vg_rid_speed_accuracy_code(double sigma_mps);
/* The 95 % bounds of the codes (m or m/s), or 0 for unknown/reserved. */
double vg_rid_h_accuracy_m(unsigned code);
double vg_rid_v_accuracy_m(unsigned code);
double vg_rid_speed_accuracy_mps(unsigned code);

const char *vg_rid_type_name(unsigned type); /* "Basic ID", ..., "Message Pack", "Reserved" */

#endif
