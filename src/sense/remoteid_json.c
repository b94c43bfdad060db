/* SPDX-License-Identifier: MIT */
/* remoteid_json.c — one Remote ID message as one JSON object, for `vigil decode remoteid`.
 *
 * The keys are those of ../shared/testdata/remoteid/README.md (themselves the Wireshark
 * opendroneid dissector's fields), so a user can put Vigil's output beside the dissector's:
 * raw fields as `*_raw`, physical values in SI units, null where F3411 says "unknown". */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "sense/remoteid_frames.h"

struct jb {
    char *buf;
    size_t cap, n;
    int over;
};

static void put(struct jb *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct jb *j, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(j->buf + j->n, j->n < j->cap ? j->cap - j->n : 0, fmt, ap);
    va_end(ap);
    if (k < 0 || (size_t)k >= j->cap - j->n)
        j->over = 1;
    else
        j->n += (size_t)k;
}

static void kint(struct jb *j, const char *k, long long v) { put(j, ",\"%s\":%lld", k, v); }

/* A physical value: 15 significant digits reproduce every step of these encodings (1e-7°,
 * 0.25 m/s, 0.5 m) without binary noise; NAN is JSON null. */
static void knum(struct jb *j, const char *k, double v)
{
    if (isfinite(v))
        put(j, ",\"%s\":%.15g", k, v);
    else
        put(j, ",\"%s\":null", k);
}

/* A string field: printable ASCII as is, other bytes escaped; bytes ≥ 0x80 (not UTF-8 in
 * F3411, which is ASCII) shown as U+FFFD, as tshark does. */
static void kstr(struct jb *j, const char *k, const char *s)
{
    put(j, ",\"%s\":\"", k);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            put(j, "\\%c", *p);
        else if (*p >= 0x20 && *p < 0x7f)
            put(j, "%c", *p);
        else if (*p >= 0x80)
            put(j, "\\ufffd");
        else
            put(j, "\\u%04x", *p);
    }
    put(j, "\"");
}

static void khex(struct jb *j, const char *k, const uint8_t *b, size_t n)
{
    put(j, ",\"%s\":\"", k);
    for (size_t i = 0; i < n; i++)
        put(j, "%02x", b[i]);
    put(j, "\"");
}

static const char *const transport_name[] = {"beacon", "nan", "bt", "bt"};

static void location(struct jb *j, const struct vg_rid_location *l)
{
    kint(j, "status", l->status);
    kint(j, "height_type", l->height_type);
    kint(j, "ew_direction_segment", l->ew_flag);
    kint(j, "speed_multiplier_flag", l->speed_mult);
    kint(j, "direction_raw", l->direction_raw);
    knum(j, "direction_deg", l->direction_deg);
    kint(j, "speed_raw", l->speed_raw);
    knum(j, "speed_mps", l->speed_mps);
    kint(j, "vspeed_raw", l->vspeed_raw);
    knum(j, "vspeed_mps", l->vspeed_mps);
    kint(j, "lat_raw", l->lat_raw);
    knum(j, "lat", l->lat_deg);
    kint(j, "lon_raw", l->lon_raw);
    knum(j, "lon", l->lon_deg);
    kint(j, "alt_baro_raw", l->alt_baro_raw);
    knum(j, "alt_baro_m", l->alt_baro_m);
    kint(j, "alt_geo_raw", l->alt_geo_raw);
    knum(j, "alt_geo_m", l->alt_geo_m);
    kint(j, "height_raw", l->height_raw);
    knum(j, "height_m", l->height_m);
    kint(j, "h_accuracy", l->h_accuracy);
    kint(j, "v_accuracy", l->v_accuracy);
    kint(j, "baro_accuracy", l->baro_accuracy);
    kint(j, "speed_accuracy", l->speed_accuracy);
    kint(j, "timestamp_ds", l->timestamp_raw);
    knum(j, "timestamp_s", l->timestamp_s);
    kint(j, "timestamp_accuracy_ds", l->timestamp_accuracy);
}

static void system_msg(struct jb *j, const struct vg_rid_system *s)
{
    kint(j, "classification_type", s->classification_type);
    kint(j, "operator_location_type", s->operator_location_type);
    kint(j, "operator_lat_raw", s->operator_lat_raw);
    knum(j, "operator_lat", s->operator_lat_deg);
    kint(j, "operator_lon_raw", s->operator_lon_raw);
    knum(j, "operator_lon", s->operator_lon_deg);
    kint(j, "area_count", s->area_count);
    kint(j, "area_radius_raw", s->area_radius_raw);
    knum(j, "area_radius_m", s->area_radius_m);
    kint(j, "area_ceiling_raw", s->area_ceiling_raw);
    knum(j, "area_ceiling_m", s->area_ceiling_m);
    kint(j, "area_floor_raw", s->area_floor_raw);
    knum(j, "area_floor_m", s->area_floor_m);
    if (s->classification_type == 1) { /* EU: category and class */
        kint(j, "eu_category", s->category);
        kint(j, "eu_class", s->class_);
    } else {
        kint(j, "ua_classification_raw", s->category << 4 | s->class_);
    }
    kint(j, "operator_alt_geo_raw", s->operator_alt_geo_raw);
    knum(j, "operator_alt_geo_m", s->operator_alt_geo_m);
    kint(j, "timestamp", s->timestamp);
    kint(j, "timestamp_unix", (long long)s->timestamp + (long long)VG_RID_EPOCH_UNIX);
}

int vg_rid_describe(const struct vg_rid_frame *f, const struct vg_rid_payload *p,
                    const struct vg_rid_msg *m, size_t i, char *buf, size_t cap)
{
    struct jb j = {buf, cap, 0, 0};
    put(&j, "{\"transport\":\"%s\"", transport_name[f->transport & 3]);
    if (f->has_mac)
        put(&j, ",\"mac\":\"%02x:%02x:%02x:%02x:%02x:%02x\"", f->mac[0], f->mac[1], f->mac[2],
            f->mac[3], f->mac[4], f->mac[5]);
    if (f->crc >= 0)
        put(&j, ",\"crc_ok\":%s", f->crc ? "true" : "false");
    if (f->has_rssi)
        kint(&j, "rssi_dbm", f->rssi_dbm);
    kint(&j, "counter", f->counter);
    put(&j, ",\"pack\":%s", p->pack ? "true" : "false");
    if (p->pack) {
        kint(&j, "pack_qty", p->pack_qty);
        kint(&j, "pack_msg_size", p->pack_msg_size);
    }
    if (!m) { /* an empty pack */
        put(&j, ",\"pack_index\":null,\"msg_type\":15,\"msg_type_name\":\"Message Pack\"}");
        return j.over ? VG_ERANGE : (int)j.n;
    }
    kint(&j, "pack_index", p->slot[i]);
    kint(&j, "msg_type", m->type);
    put(&j, ",\"msg_type_name\":\"%s\"", vg_rid_type_name(m->type));
    kint(&j, "proto_version", m->version);
    khex(&j, "raw", m->raw, VG_RID_MSG_SIZE);
    switch (m->type) {
    case VG_RID_BASIC_ID:
        kint(&j, "id_type", m->u.basic.id_type);
        kint(&j, "ua_type", m->u.basic.ua_type);
        if (m->u.basic.id_type == 4 || m->u.basic.id_type == 3) /* binary IDs */
            khex(&j, "uas_id_hex", m->u.basic.uas_id_raw, VG_RID_ID_MAX);
        else
            kstr(&j, "uas_id", m->u.basic.uas_id);
        break;
    case VG_RID_LOCATION:
        location(&j, &m->u.loc);
        break;
    case VG_RID_AUTH:
        kint(&j, "auth_type", m->u.auth.auth_type);
        kint(&j, "page_number", m->u.auth.page);
        if (m->u.auth.page == 0) {
            kint(&j, "last_page_index", m->u.auth.last_page_index);
            kint(&j, "auth_length", m->u.auth.length);
            kint(&j, "auth_timestamp", m->u.auth.timestamp);
        }
        khex(&j, "auth_data_hex", m->u.auth.data, m->u.auth.data_len);
        break;
    case VG_RID_SELF_ID:
        kint(&j, "desc_type", m->u.self.desc_type);
        kstr(&j, "desc", m->u.self.desc);
        break;
    case VG_RID_SYSTEM:
        system_msg(&j, &m->u.sys);
        break;
    case VG_RID_OPERATOR_ID:
        kint(&j, "operator_id_type", m->u.op.id_type);
        kstr(&j, "operator_id", m->u.op.id);
        break;
    default:
        break;
    }
    put(&j, "}");
    return j.over ? VG_ERANGE : (int)j.n;
}
