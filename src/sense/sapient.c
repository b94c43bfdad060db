/* SPDX-License-Identifier: MIT */
/* sapient.c — SAPIENT (BSI Flex 335 v2.0) as a decoder: one session per TCP connection.
 *
 * SAPIENT nodes (radars, RF detectors, cameras, spotters) talk to a fusion node over TCP; each
 * message is a protobuf SapientMessage after a 4-byte little-endian length (the framing of the
 * Dstl/Roke Apex middleware, sapient_apex_server/trio_util.py). Vigil is the fusion node. The
 * session follows the standard's handshake:
 *
 *   unregistered --Registration(node_id a UUID)--> registered, reply RegistrationAck(true)
 *   unregistered --anything else--> dropped: VG_EUNKSENSOR "before its Registration"
 *   registered   --Registration(same node_id)--> re-registered, RegistrationAck(true) again
 *   registered   --message with another node_id--> VG_EPARSE (a connection is one node)
 *   registered   --DetectionReport--> one detection (sapient_detect.c)
 *   registered   --StatusReport--> node position/mode noted; SYSTEM_GOODBYE ends the session
 *   registered   --TaskAck, Alert, AlertAck, Error, ...--> understood, no detection
 *
 * A Registration whose node_id is not a UUID is answered with RegistrationAck(false) and a
 * reason, and counted malformed. Messages before registration are not answered (as Apex's
 * "Registration message expected", a silent error), only counted. The node maps to a site
 * sensor: the input's `sensor` option; else the site sensor whose id is the node_id (its
 * first VG_ID_MAX - 1 characters: site ids are shorter than a UUID); else the one whose id is
 * the registration's short_name; else an undeclared sensor added under the node_id. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pb_decode.h>

#include "sense/sapient.h"
#include "sense/sapient_internal.h"

#define SENSOR_ID_CAP (sizeof(((struct vg_sensor *)0)->id))

static int sapient_open(void **state, struct vg_site *site, const struct vg_decoder_options *o,
                        struct vg_diag *d)
{
    struct sapient_state *s = calloc(1, sizeof *s);
    if (!s)
        return vg_diag_set(d, VG_ENOMEM, "out of memory");
    s->site = site;
    s->fixed_sensor = s->sim_sensor = s->sensor = -1;
    if (o && o->sensor) {
        int k = vg_site_find_sensor(site, o->sensor);
        if (k < 0) {
            free(s);
            return vg_diag_set(d, VG_EUNKSENSOR, "sensor '%s' is not in the site", o->sensor);
        }
        s->fixed_sensor = s->sim_sensor = k;
    }
    /* Stable ids: the same input (or simulated sensor) keeps its node id across restarts,
     * so the peer's logs and middleware routing tables stay meaningful. */
    char text[160];
    snprintf(text, sizeof text, "vigil fusion node %s", o && o->name ? o->name : "sapient");
    vg__sapient_uuid(text, s->self_id);
    snprintf(text, sizeof text, "vigil simulated node %s",
             s->sim_sensor >= 0 ? site->sensors[s->sim_sensor].id : "sim");
    vg__sapient_uuid(text, s->sim_id);
    *state = s;
    return 0;
}

static void sapient_close(void *state) { free(state); }

/* A node id from the wire for a message: printable ASCII only (logs are read by people and
 * parsed by tools), at most 40 characters. */
static const char *shown(const char *id, char out[44])
{
    size_t i = 0;
    for (; id[i] && i < 40; i++)
        out[i] = id[i] >= 0x20 && id[i] < 0x7f ? id[i] : '?';
    out[i] = '\0';
    return out;
}

static int sensor_type(int node_type)
{
    switch (node_type) {
    case SAP(Registration_NodeType_NODE_TYPE_RADAR):
        return VG_SENSOR_RADAR;
    case SAP(Registration_NodeType_NODE_TYPE_PASSIVE_RF):
        return VG_SENSOR_RF;
    case SAP(Registration_NodeType_NODE_TYPE_ACOUSTIC):
        return VG_SENSOR_ACOUSTIC;
    case SAP(Registration_NodeType_NODE_TYPE_CAMERA):
    case SAP(Registration_NodeType_NODE_TYPE_LIDAR):
        return VG_SENSOR_EO;
    default:
        return VG_SENSOR_UNKNOWN;
    }
}

/* The site sensor of a registering node (see the header comment for the order). */
static int resolve_sensor(struct sapient_state *s, const SAP(Registration) *reg,
                          struct vg_diag *d)
{
    if (s->fixed_sensor >= 0)
        return s->fixed_sensor;
    char id[SENSOR_ID_CAP] = "";
    memcpy(id, s->msg.node_id, strnlen(s->msg.node_id, sizeof id - 1)); /* truncated on purpose */
    int k = vg_site_find_sensor(s->site, id);
    if (k < 0 && reg->has_short_name && reg->short_name[0] &&
        strlen(reg->short_name) < SENSOR_ID_CAP)
        k = vg_site_find_sensor(s->site, reg->short_name);
    if (k >= 0)
        return k;
    struct vg_sensor sen = {.declared = 0};
    memcpy(sen.id, id, sizeof id);
    sen.type = reg->node_definition_count
                   ? sensor_type(reg->node_definition[0].node_type) : VG_SENSOR_UNKNOWN;
    sen.lat_deg = s->site->frame.lat0_deg;
    sen.lon_deg = s->site->frame.lon0_deg;
    sen.h_m = s->site->frame.h0_m;
    k = vg_site_add_sensor(s->site, &sen);
    if (k < 0)
        return vg_diag_set(d, k, "cannot add sensor '%s': %s", id, vg_strerror(k));
    return k;
}

static int reply_ack(struct sapient_state *s, const struct vg_decode_io *io, int accepted,
                     const char *reason, struct vg_diag *d)
{
    if (!io->reply)
        return 0;
    uint8_t buf[512];
    int n = vg__sapient_ack(s, io->t_rx, accepted, reason, buf, sizeof buf);
    if (n < 0)
        return vg_diag_set(d, n, "cannot encode RegistrationAck");
    int rc = io->reply(io->user, buf, (size_t)n);
    return rc < 0 ? vg_diag_set(d, rc, "cannot send RegistrationAck: %s", vg_strerror(rc)) : 0;
}

static int on_registration(struct sapient_state *s, const struct vg_decode_io *io,
                           struct vg_diag *d)
{
    const SAP(Registration) *reg = &s->msg.content.registration;
    char id[44];
    if (!vg__sapient_is_uuid(s->msg.node_id)) {
        int rc = reply_ack(s, io, 0, "node_id is not a UUID", d);
        return rc < 0 ? rc
                      : vg_diag_set(d, VG_EPARSE, "registration: node_id '%s' is not a UUID",
                                    shown(s->msg.node_id, id));
    }
    if (s->registered && strcmp(s->node_id, s->msg.node_id) != 0) {
        int rc = reply_ack(s, io, 0, "this connection is registered to another node_id", d);
        return rc < 0 ? rc
                      : vg_diag_set(d, VG_EPARSE, "registration of node %s on the connection "
                                    "of node %s", s->msg.node_id, s->node_id);
    }
    int k = resolve_sensor(s, reg, d);
    if (k < 0)
        return k;
    s->registered = 1;
    memcpy(s->node_id, s->msg.node_id, sizeof s->node_id);
    s->sensor = k;
    s->has_pos = s->site->sensors[k].declared;
    s->node_type = reg->node_definition_count ? (int)reg->node_definition[0].node_type : 0;
    s->mode[0] = '\0';
    return reply_ack(s, io, 1, NULL, d);
}

static double msg_time(const SAP(SapientMessage) *m, const struct vg_decode_io *io)
{
    if (!m->has_timestamp)
        return io->t_rx;
    return (double)m->timestamp.seconds + m->timestamp.nanos * 1e-9;
}

static const char *content_name(pb_size_t which)
{
    switch (which) {
    case SAP_TAG(SapientMessage, registration): return "registration";
    case SAP_TAG(SapientMessage, registration_ack): return "registration_ack";
    case SAP_TAG(SapientMessage, status_report): return "status_report";
    case SAP_TAG(SapientMessage, detection_report): return "detection_report";
    case SAP_TAG(SapientMessage, task): return "task";
    case SAP_TAG(SapientMessage, task_ack): return "task_ack";
    case SAP_TAG(SapientMessage, alert): return "alert";
    case SAP_TAG(SapientMessage, alert_ack): return "alert_ack";
    case SAP_TAG(SapientMessage, error): return "error";
    default: return "?";
    }
}

static int sapient_decode(void *state, const uint8_t *buf, size_t len,
                          const struct vg_decode_io *io, struct vg_diag *d)
{
    struct sapient_state *s = state;
    if (len > VG_SAPIENT_UNIT_MAX)
        return vg_diag_set(d, VG_ERANGE, "message of %zu bytes is longer than the %zu accepted",
                           len, (size_t)VG_SAPIENT_UNIT_MAX);
    pb_istream_t in = pb_istream_from_buffer(buf, len);
    if (!pb_decode(&in, SAP(SapientMessage_fields), &s->msg))
        return vg_diag_set(d, VG_EPARSE, "byte %zu: %s", len - in.bytes_left, PB_GET_ERROR(&in));
    const SAP(SapientMessage) *m = &s->msg;
    if (m->which_content == 0)
        return vg_diag_set(d, VG_EPARSE, "byte 0: SapientMessage without content");
    if (!m->has_node_id || !m->node_id[0])
        return vg_diag_set(d, VG_EPARSE, "byte 0: %s without node_id",
                           content_name(m->which_content));
    if (io->describe) {
        size_t n = vg__sapient_describe(s);
        if (n)
            io->describe(io->user, s->json, n);
    }
    if (m->which_content == SAP_TAG(SapientMessage, registration))
        return on_registration(s, io, d);
    char id[44];
    if (!s->registered)
        return vg_diag_set(d, VG_EUNKSENSOR, "%s from node %s before its registration "
                           "(BSI Flex 335: a node registers first); dropped",
                           content_name(m->which_content), shown(m->node_id, id));
    if (strcmp(m->node_id, s->node_id) != 0)
        return vg_diag_set(d, VG_EPARSE, "%s from node %s on the connection of node %s",
                           content_name(m->which_content), shown(m->node_id, id), s->node_id);
    switch (m->which_content) {
    case SAP_TAG(SapientMessage, detection_report): {
        struct vg_detection det;
        int rc = vg__sapient_detection(s, msg_time(m, io), &det, d);
        if (rc <= 0)
            return rc;
        io->emit(io->user, &det);
        return 1;
    }
    case SAP_TAG(SapientMessage, status_report): {
        const SAP(StatusReport) *st = &m->content.status_report;
        int rc = vg__sapient_status(s, st, d);
        if (rc < 0)
            return rc;
        if (st->has_mode)
            memcpy(s->mode, st->mode, sizeof s->mode);
        /* A node says goodbye before it disconnects; a new Registration must follow. */
        if (st->has_system && st->system == SAP(StatusReport_System_SYSTEM_GOODBYE))
            s->registered = 0;
        return 0;
    }
    default:
        return 0; /* acknowledgements, alerts, errors: no detection */
    }
}

static int sapient_encode(void *state, const struct vg_detection *det, uint8_t *buf, size_t cap,
                          struct vg_diag *d)
{
    return vg__sapient_encode(state, det, buf, cap, d);
}

static int sapient_hello(void *state, uint8_t *buf, size_t cap, struct vg_diag *d)
{
    return vg__sapient_hello(state, buf, cap, d);
}

const struct vg_decoder_ops vg_decoder_sapient = {
    .name = "sapient",
    .framing = VG_FRAMING_LEN32LE,
    .unit_max = VG_SAPIENT_UNIT_MAX,
    .open = sapient_open,
    .decode = sapient_decode,
    .close = sapient_close,
    .encode = sapient_encode,
    .hello = sapient_hello,
};
