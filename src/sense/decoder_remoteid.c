/* SPDX-License-Identifier: MIT */
/* decoder_remoteid.c — broadcast Remote ID frames (ASTM F3411-22a) as remoteid detections.
 *
 * One unit is one link-layer frame (VG_FRAMING_FRAME; options.linktype, default 802.11 with
 * radiotap). F3411 spreads an aircraft's report over several messages tied together only by
 * the transmitter's address (§5.4.4), so the decoder keeps, per MAC address, the last Basic
 * ID (identity), System (operator position) and Operator ID, and turns each Location/Vector
 * message into one VG_DET_REMOTEID detection with what it knows of that transmitter. Within a
 * pack the other messages are applied first, so a pack that carries Basic ID, Location and
 * System yields a complete detection on its own.
 *
 * Frames whose CRC the capture marks bad are described but neither update the state nor give
 * detections: decode returns VG_ECRC (the caller counts them as malformed). A corrupted
 * Basic ID must not rename an aircraft, and a bad position is worse than none.
 *
 * The table of transmitters is fixed (TX_MAX); when it is full the one heard longest ago is
 * replaced. No allocation after open. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/geo.h"
#include "sense/decoder.h"
#include "sense/remoteid.h"
#include "sense/remoteid_frames.h"

#define TX_MAX 256           /* transmitters remembered at once */
#define TS_SKEW_MAX_S 60.0   /* a location timestamp further than this from reception is
                                not believed (sender clock unset, e.g. always 0) */
#define COORD_MAX_M 1e6      /* farthest position accepted from the origin, as jsonl */
/* Accuracy when the code says unknown (0) or is reserved, 1 σ: the same default as a remoteid
 * JSON line without sigma (jsonl.c's RID_H_M / RID_V_M), a typical GNSS module's. */
#define SIGMA_H_DEFAULT_M 10.0
#define SIGMA_V_DEFAULT_M 15.0
/* Pressure altitude as a stand-in for the ellipsoidal height: off by the geoid undulation
 * (−106 to +85 m) and the day's deviation from the 1013.25 hPa standard atmosphere (about
 * 8 m per hPa), so 100 m (1 σ) is added to its own accuracy, as jsonl.c does for ADS-B. */
#define SIGMA_BARO_DATUM_M 100.0

struct tx {
    uint8_t mac[6];
    int used;
    uint64_t seen;                /* decode call count at the last frame: LRU order */
    int id_rank;                  /* preference of the kept Basic ID, 0: none yet */
    char uas_id[24];              /* coop_id */
    int has_op;
    double op_lat, op_lon, op_alt; /* operator (System), degrees and m (NAN alt: unknown) */
    char operator_id[VG_RID_ID_MAX + 1];
};

struct rid_state {
    struct vg_site *site;
    uint32_t sensor;
    int linktype;
    uint64_t calls;
    uint8_t counter;              /* encode: the ODID message counter */
    struct tx tx[TX_MAX];
};

static int rid_open(void **state, struct vg_site *site, const struct vg_decoder_options *o,
                    struct vg_diag *d)
{
    const char *sid = o && o->sensor ? o->sensor : "remoteid";
    int idx = vg_site_find_sensor(site, sid);
    if (idx < 0) { /* an undeclared receiver at the origin, as jsonl adds one */
        struct vg_sensor sen = {.type = VG_SENSOR_REMOTEID};
        if (strlen(sid) >= sizeof sen.id)
            return vg_diag_set(d, VG_EINVAL, "sensor id '%s' is too long", sid);
        memcpy(sen.id, sid, strlen(sid) + 1);
        sen.lat_deg = site->frame.lat0_deg;
        sen.lon_deg = site->frame.lon0_deg;
        sen.h_m = site->frame.h0_m;
        idx = vg_site_add_sensor(site, &sen);
        if (idx < 0)
            return vg_diag_set(d, idx, "cannot add sensor '%s'", sid);
    }
    int lt = o && o->linktype ? o->linktype : VG_DLT_IEEE802_11_RADIO;
    static const uint8_t none[1];
    struct vg_diag probe;
    struct vg_rid_frame f;
    if (vg_rid_frame_find(lt, none, 0, &f, &probe) == VG_EUNSUPPORTED)
        return vg_diag_set(d, VG_EUNSUPPORTED, "%s", probe.msg);
    struct rid_state *s = calloc(1, sizeof *s);
    if (!s)
        return vg_diag_set(d, VG_ENOMEM, "out of memory");
    s->site = site;
    s->sensor = (uint32_t)idx;
    s->linktype = lt;
    *state = s;
    return 0;
}

static void rid_close(void *state) { free(state); }

static struct tx *tx_get(struct rid_state *s, const uint8_t mac[6])
{
    struct tx *old = &s->tx[0];
    for (size_t i = 0; i < TX_MAX; i++) {
        struct tx *t = &s->tx[i];
        if (t->used && !memcmp(t->mac, mac, 6))
            return t;
        if (!t->used || (old->used && t->seen < old->seen))
            old = t;
    }
    memset(old, 0, sizeof *old);
    old->used = 1;
    memcpy(old->mac, mac, 6);
    return old;
}

/* Which Basic ID names the aircraft when it sends several (F3411-22a allows two): a serial
 * number first (fixed to the airframe), then a CAA registration, a UTM UUID, a session ID,
 * and an ID of type "none" last. */
static int id_rank(unsigned id_type)
{
    static const int rank[5] = {1, 5, 4, 3, 2};
    return id_type < 5 ? rank[id_type] : 0;
}

static void apply_basic(struct tx *t, const struct vg_rid_basic_id *b)
{
    int r = id_rank(b->id_type);
    if (r < t->id_rank || r == 0)
        return;
    char id[24] = "";
    if (b->id_type == 3 || b->id_type == 4) { /* binary: the first 11 bytes in hex */
        for (int i = 0; i < 11; i++)
            snprintf(id + 2 * i, 3, "%02x", b->uas_id_raw[i]);
    } else {
        for (size_t i = 0; b->uas_id[i] && i < VG_RID_ID_MAX; i++) /* printable ASCII only */
            id[i] = b->uas_id[i] >= 0x20 && b->uas_id[i] < 0x7f ? b->uas_id[i] : '?';
    }
    if (!id[0])
        return; /* an empty ID names nothing */
    memcpy(t->uas_id, id, sizeof id);
    t->id_rank = r;
}

static void apply_system(struct tx *t, const struct vg_rid_system *sy)
{
    t->has_op = isfinite(sy->operator_lat_deg) && fabs(sy->operator_lat_deg) <= 90 &&
                fabs(sy->operator_lon_deg) <= 180;
    t->op_lat = sy->operator_lat_deg;
    t->op_lon = sy->operator_lon_deg;
    t->op_alt = sy->operator_alt_geo_m;
}

/* The location's time: tenths of a second after the full hour (Table 6), put in the hour of
 * reception nearest to t_rx; the reception time when unknown or implausible. */
static double location_time(double t_rx, double ts_s)
{
    if (!isfinite(ts_s) || ts_s >= 3600.0)
        return t_rx;
    double t = floor(t_rx / 3600.0) * 3600.0 + ts_s;
    if (t - t_rx > 1800.0)
        t -= 3600.0;
    else if (t_rx - t > 1800.0)
        t += 3600.0;
    return fabs(t - t_rx) <= TS_SKEW_MAX_S ? t : t_rx;
}

static double sigma_h(unsigned code)
{
    double b = vg_rid_h_accuracy_m(code);
    return b > 0 ? b / 2.448 : SIGMA_H_DEFAULT_M; /* 95 % radius of a 2-D Gaussian: 2.448 σ */
}

static double sigma_v(unsigned code)
{
    double b = vg_rid_v_accuracy_m(code);
    return b > 0 ? b / 1.96 : SIGMA_V_DEFAULT_M;
}

/* One Location/Vector message as a detection; 1 if det was filled, 0 if it has no usable
 * position (unknown lat/lon or altitude, out of range). */
static int location_det(struct rid_state *s, const struct tx *t, const struct vg_rid_frame *f,
                        const struct vg_rid_location *l, double t_rx, struct vg_detection *det)
{
    if (!isfinite(l->lat_deg) || fabs(l->lat_deg) > 90 || fabs(l->lon_deg) > 180)
        return 0;
    double alt = l->alt_geo_m, sv = sigma_v(l->v_accuracy);
    if (!isfinite(alt)) { /* fall back to the pressure altitude */
        alt = l->alt_baro_m;
        double sb = sigma_v(l->baro_accuracy);
        sv = sqrt(sb * sb + SIGMA_BARO_DATUM_M * SIGMA_BARO_DATUM_M);
    }
    if (!isfinite(alt))
        return 0;
    memset(det, 0, sizeof *det);
    vg_enu_from_geo(&s->site->frame, l->lat_deg, l->lon_deg, alt, det->z);
    if (!(hypot(det->z[0], det->z[1]) <= COORD_MAX_M && fabs(det->z[2]) <= COORD_MAX_M))
        return 0;
    det->t = location_time(t_rx, l->timestamp_s);
    det->sensor = s->sensor;
    det->kind = VG_DET_REMOTEID;
    det->nz = 3;
    double sh = sigma_h(l->h_accuracy);
    det->R[0] = det->R[4] = sh * sh;
    det->R[8] = sv * sv;
    if (t->id_rank) {
        memcpy(det->coop_id, t->uas_id, sizeof det->coop_id);
    } else { /* no Basic ID heard yet: the transmitter's address stands in */
        snprintf(det->coop_id, sizeof det->coop_id, "%02x:%02x:%02x:%02x:%02x:%02x", f->mac[0],
                 f->mac[1], f->mac[2], f->mac[3], f->mac[4], f->mac[5]);
    }
    /* Velocity: track angle clockwise from true north, ground speed, vertical speed up
     * (0 when unknown but the horizontal part is known). The ENU axes at the aircraft differ
     * from the site's by under 0.01° per km, which is neglected. */
    if (isfinite(l->direction_deg) && isfinite(l->speed_mps)) {
        double a = l->direction_deg * (3.14159265358979323846 / 180.0);
        det->coop_vel[0] = (float)(l->speed_mps * sin(a));
        det->coop_vel[1] = (float)(l->speed_mps * cos(a));
        det->coop_vel[2] = (float)(isfinite(l->vspeed_mps) ? l->vspeed_mps : 0.0);
        det->flags |= VG_DET_HAS_COOP_VEL;
    }
    if (t->has_op) { /* the pilot on the ground: at the origin's height when not given */
        double enu[3];
        double h = isfinite(t->op_alt) ? t->op_alt : s->site->frame.h0_m;
        vg_enu_from_geo(&s->site->frame, t->op_lat, t->op_lon, h, enu);
        if (hypot(enu[0], enu[1]) <= COORD_MAX_M) {
            det->coop_op[0] = (float)enu[0];
            det->coop_op[1] = (float)enu[1];
            det->flags |= VG_DET_HAS_COOP_OP;
        }
    }
    return 1;
}

static void describe(const struct vg_decode_io *io, const struct vg_rid_frame *f,
                     const struct vg_rid_payload *p, const struct vg_rid_msg *m, size_t i)
{
    char buf[2048];
    int n = vg_rid_describe(f, p, m, i, buf, sizeof buf);
    if (n > 0)
        io->describe(io->user, buf, (size_t)n);
}

static int rid_decode(void *state, const uint8_t *buf, size_t len,
                      const struct vg_decode_io *io, struct vg_diag *d)
{
    struct rid_state *s = state;
    struct vg_rid_frame f;
    s->calls++;
    int rc = vg_rid_frame_find(s->linktype, buf, len, &f, d);
    if (rc < 0)
        return rc;
    struct vg_rid_msg msgs[VG_RID_PACK_MAX];
    struct vg_rid_payload p = {0};
    struct vg_diag pd = {""};
    if (rc == 1) {
        rc = vg_rid_decode_payload(f.payload, f.len, msgs, &p, &pd);
        if (rc == 0 && f.transport == VG_RID_TR_BT4 && p.pack)
            rc = vg_diag_set(&pd, VG_EPARSE, "byte 0: a message pack in legacy advertising");
    }
    if (rc == 0 && io->describe) {
        for (size_t i = 0; i < p.nmsgs; i++)
            describe(io, &f, &p, &msgs[i], i);
        if (p.pack && p.pack_qty == 0)
            describe(io, &f, &p, NULL, 0);
    }
    /* A frame the receiver found corrupt is dropped whatever it seemed to hold. */
    if (f.crc == 0)
        return vg_diag_set(d, VG_ECRC, "byte %zu: frame CRC bad (as captured); %zu Remote ID "
                           "messages not used", len, p.nmsgs);
    if (rc < 0) /* offsets within the payload → within the frame */
        return vg_diag_set(d, rc, "Remote ID payload at byte %zu: %s", f.offset, pd.msg);
    if (!f.payload)
        return 0; /* no Remote ID in this frame */
    struct tx *t = tx_get(s, f.mac);
    t->seen = s->calls;
    for (size_t i = 0; i < p.nmsgs; i++) {
        const struct vg_rid_msg *m = &msgs[i];
        if (m->type == VG_RID_BASIC_ID)
            apply_basic(t, &m->u.basic);
        else if (m->type == VG_RID_SYSTEM)
            apply_system(t, &m->u.sys);
        else if (m->type == VG_RID_OPERATOR_ID)
            memcpy(t->operator_id, m->u.op.id, sizeof t->operator_id);
    }
    int emitted = 0;
    for (size_t i = 0; i < p.nmsgs; i++) {
        struct vg_detection det;
        if (msgs[i].type != VG_RID_LOCATION ||
            !location_det(s, t, &f, &msgs[i].u.loc, io->t_rx, &det))
            continue;
        io->emit(io->user, &det);
        emitted++;
    }
    return emitted;
}

/* ---- encode: a detection as an 802.11 beacon with a pack --------------------------------- */

static void put_le(uint8_t *p, uint64_t v, int n)
{
    for (int i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> 8 * i);
}

/* Basic ID + Location/Vector + System for det, encoded into out (3 × 25 bytes). */
static int encode_msgs(struct rid_state *s, const struct vg_detection *det, uint8_t *out,
                       struct vg_diag *d)
{
    size_t idlen = strnlen(det->coop_id, sizeof det->coop_id);
    if (idlen == 0 || idlen > VG_RID_ID_MAX)
        return vg_diag_set(d, VG_EINVAL, "coop_id of %zu bytes: a UAS ID has 1 to %d", idlen,
                           VG_RID_ID_MAX);
    struct vg_rid_msg m;
    memset(&m, 0, sizeof m);
    m.type = VG_RID_BASIC_ID;
    m.version = 2;
    m.u.basic.id_type = 1; /* serial number */
    m.u.basic.ua_type = 2; /* helicopter or multirotor */
    memcpy(m.u.basic.uas_id_raw, det->coop_id, idlen);
    int rc = vg_rid_encode_msg(&m, out);
    if (rc < 0)
        return vg_diag_set(d, rc, "Basic ID not encodable");

    memset(&m, 0, sizeof m);
    m.type = VG_RID_LOCATION;
    m.version = 2;
    struct vg_rid_location *l = &m.u.loc;
    double lat, lon, h;
    vg_enu_to_geo(&s->site->frame, det->z, &lat, &lon, &h);
    l->status = 2; /* airborne */
    l->lat_raw = vg_rid_enc_latlon(lat);
    l->lon_raw = vg_rid_enc_latlon(lon);
    l->alt_geo_raw = vg_rid_enc_alt(h);
    double ve = det->coop_vel[0], vn = det->coop_vel[1], vu = det->coop_vel[2];
    int vel = (det->flags & VG_DET_HAS_COOP_VEL) != 0;
    double dir = vel ? atan2(ve, vn) * (180.0 / 3.14159265358979323846) : NAN;
    vg_rid_set_direction(l, dir < 0 ? dir + 360.0 : dir);
    vg_rid_set_speed(l, vel ? hypot(ve, vn) : NAN);
    l->vspeed_raw = vg_rid_enc_vspeed(vel ? vu : NAN);
    l->h_accuracy = vg_rid_h_accuracy_code(sqrt(det->R[0]));
    l->v_accuracy = vg_rid_v_accuracy_code(sqrt(det->R[det->nz * 2 + 2]));
    double ts = fmod(det->t, 3600.0);
    l->timestamp_raw = isfinite(ts) && ts >= 0 ? (uint16_t)(lround(ts * 10.0) % 36000) : 0xFFFF;
    l->timestamp_accuracy = 1; /* 0.1 s */
    rc = vg_rid_encode_msg(&m, out + VG_RID_MSG_SIZE);
    if (rc < 0)
        return vg_diag_set(d, rc, "Location not encodable");

    memset(&m, 0, sizeof m);
    m.type = VG_RID_SYSTEM;
    m.version = 2;
    struct vg_rid_system *sy = &m.u.sys;
    sy->area_count = 1;
    if (det->flags & VG_DET_HAS_COOP_OP) {
        double enu[3] = {det->coop_op[0], det->coop_op[1], 0.0}, ol, oo, oh;
        vg_enu_to_geo(&s->site->frame, enu, &ol, &oo, &oh);
        sy->operator_lat_raw = vg_rid_enc_latlon(ol);
        sy->operator_lon_raw = vg_rid_enc_latlon(oo);
        sy->operator_alt_geo_raw = vg_rid_enc_alt(oh);
    }
    if (det->t > VG_RID_EPOCH_UNIX && det->t < VG_RID_EPOCH_UNIX + 4294967295.0)
        sy->timestamp = (uint32_t)(det->t - VG_RID_EPOCH_UNIX);
    rc = vg_rid_encode_msg(&m, out + 2 * VG_RID_MSG_SIZE);
    return rc < 0 ? vg_diag_set(d, rc, "System not encodable") : 0;
}

static int rid_encode(void *state, const struct vg_detection *det, uint8_t *buf, size_t cap,
                      struct vg_diag *d)
{
    struct rid_state *s = state;
    if (det->kind != VG_DET_REMOTEID || det->nz != 3)
        return 0;
    if (s->linktype != VG_DLT_IEEE802_11_RADIO && s->linktype != VG_DLT_IEEE802_11)
        return vg_diag_set(d, VG_EUNSUPPORTED, "encode writes Wi-Fi beacons only (link type "
                           "105 or 127), not %d", s->linktype);
    uint8_t msgs[3 * VG_RID_MSG_SIZE];
    int rc = encode_msgs(s, det, msgs, d);
    if (rc < 0)
        return rc;
    size_t idlen = strnlen(det->coop_id, sizeof det->coop_id);
    size_t rt = s->linktype == VG_DLT_IEEE802_11_RADIO ? 8 : 0;
    size_t pack = 3 + sizeof msgs;
    size_t need = rt + 24 + 12 + (2 + idlen) + 3 + (2 + 4 + 1 + pack);
    if (cap < need)
        return vg_diag_set(d, VG_ERANGE, "buffer of %zu bytes, the beacon needs %zu", cap, need);
    uint8_t *p = buf;
    if (rt) { /* radiotap: version 0, length 8, no fields */
        memset(p, 0, 8);
        p[2] = 8;
        p += 8;
    }
    /* The transmitter address: locally administered, unicast, from the UAS ID (FNV-1a). */
    uint64_t hsh = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < idlen; i++)
        hsh = (hsh ^ (uint8_t)det->coop_id[i]) * 0x100000001b3ULL;
    uint8_t mac[6];
    put_le(mac, hsh, 6);
    mac[0] = (uint8_t)((mac[0] & 0xFC) | 0x02);
    uint8_t ctr = s->counter++;
    p[0] = 0x80; /* management, beacon */
    p[1] = 0;
    p[2] = p[3] = 0;
    memset(p + 4, 0xFF, 6); /* broadcast */
    memcpy(p + 10, mac, 6);
    memcpy(p + 16, mac, 6); /* BSSID */
    put_le(p + 22, (uint64_t)ctr << 4, 2);
    p += 24;
    double us = det->t > 0 && det->t < 1e12 ? det->t * 1e6 : 0;
    put_le(p, (uint64_t)us, 8); /* TSF timestamp */
    put_le(p + 8, 100, 2);      /* beacon interval, TU */
    put_le(p + 10, 0x0421, 2);  /* ESS, short preamble, short slot time */
    p += 12;
    *p++ = 0; /* SSID: the UAS ID */
    *p++ = (uint8_t)idlen;
    memcpy(p, det->coop_id, idlen);
    p += idlen;
    *p++ = 1; /* supported rates: 6 Mb/s (basic) */
    *p++ = 1;
    *p++ = 0x8C;
    *p++ = 221; /* vendor specific: ASD-STAN OUI, type 0x0D, counter, pack */
    *p++ = (uint8_t)(4 + 1 + pack);
    *p++ = 0xFA;
    *p++ = 0x0B;
    *p++ = 0xBC;
    *p++ = 0x0D;
    *p++ = ctr;
    rc = vg_rid_encode_pack(msgs, 3, p, pack);
    if (rc < 0)
        return vg_diag_set(d, rc, "pack not encodable");
    p += rc;
    return (int)(p - buf);
}

const struct vg_decoder_ops vg_decoder_remoteid = {
    .name = "remoteid",
    .framing = VG_FRAMING_FRAME,
    .unit_max = 4096,
    .open = rid_open,
    .decode = rid_decode,
    .close = rid_close,
    .encode = rid_encode,
};
