/* SPDX-License-Identifier: MIT */
/* sapient_internal.h — what the SAPIENT files share: the session state, the generated nanopb
 * types under short names, and the helpers each file provides.
 *
 * sapient.c        the decoder ops and the session state machine (registration, acks)
 * sapient_detect.c DetectionReport → struct vg_detection; StatusReport → node position
 * sapient_json.c   a decoded message as JSON (`describe`)
 * sapient_write.c  messages Vigil sends: RegistrationAck, and a simulated node's
 *                  Registration, StatusReport and DetectionReports (`hello`, `encode`) */
#ifndef VG_SENSE_SAPIENT_INTERNAL_H
#define VG_SENSE_SAPIENT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <pb.h>

#include "sapient_message.pb.h"
#include "sense/decoder.h"

/* The generated names carry the whole package; SAP(x) spells them. */
#define SAP(x) sapient_msg_bsi_flex_335_v2_0_##x
#define SAP_TAG(m, f) sapient_msg_bsi_flex_335_v2_0_##m##_##f##_tag

#define SAPIENT_UUID_LEN 36 /* "8-4-4-4-12" hex digits and hyphens (RFC 9562) */
#define SAPIENT_ULID_LEN 26 /* Crockford base32, 48-bit ms time + 80 bits */
#define SAPIENT_JSON_MAX ((size_t)64 << 10) /* describe output, bytes */

/* One connection's session. Allocated once at open; decoding a message allocates nothing. */
struct sapient_state {
    struct vg_site *site;
    int fixed_sensor;           /* the input's `sensor` option as an index, or -1 */
    char self_id[SAPIENT_UUID_LEN + 1]; /* Vigil's own node id on this input (acks' node_id) */

    /* The registered node (registered == 0 before its Registration). */
    int registered;
    char node_id[SAPIENT_UUID_LEN + 1];
    int sensor;                 /* index in site->sensors */
    int node_type;              /* SAP(Registration_NodeType) of its first node_definition */
    int has_pos;                /* the sensor's position is known (declared, or reported) */
    char mode[64];              /* mode of the last StatusReport */

    /* A simulated node (hello/encode). */
    char sim_id[SAPIENT_UUID_LEN + 1];
    int sim_sensor;             /* index, or -1 when the input names no sensor */
    uint64_t sim_seq;           /* reports sent, for ULIDs */

    SAP(SapientMessage) msg;    /* decode scratch, ~4 KB */
    char json[SAPIENT_JSON_MAX];
};

/* sapient_detect.c: the report in s->msg as a detection of sensor s->sensor at time t.
 * Returns 1 with *det filled, or a negative VG_E* with d. */
int vg__sapient_detection(struct sapient_state *s, double t, struct vg_detection *det,
                          struct vg_diag *d);
/* The node position in a StatusReport's node_location, if any, onto the sensor (only for
 * undeclared sensors: a surveyed site position wins). Returns 0 or a negative VG_E*. */
int vg__sapient_status(struct sapient_state *s, const SAP(StatusReport) *st, struct vg_diag *d);
/* A Location in WGS-84 degrees/metres. Returns 0 or a negative VG_E* naming `what`. */
int vg__sapient_location_lla(const SAP(Location) *l, const char *what, double lla[3],
                             struct vg_diag *d);
/* A classification type name (case-insensitive) as enum vg_class, or -1 if Vigil has none. */
int vg__sapient_class_from_name(const char *name);
const char *vg__sapient_class_name(int cls); /* the name encode writes, e.g. "UAV" */

/* sapient_json.c: s->msg as one JSON object into s->json; returns its length (0 if it did
 * not fit, which cannot happen within the bounds of sapient.options). */
size_t vg__sapient_describe(struct sapient_state *s);

/* sapient_write.c. Each writes one length-prefixed SapientMessage into buf and returns the
 * bytes written, or a negative VG_E* (VG_ERANGE: cap too small). */
int vg__sapient_frame(const SAP(SapientMessage) *m, uint8_t *buf, size_t cap);
int vg__sapient_ack(const struct sapient_state *s, double t, int accepted, const char *reason,
                    uint8_t *buf, size_t cap);
int vg__sapient_hello(struct sapient_state *s, uint8_t *buf, size_t cap, struct vg_diag *d);
int vg__sapient_encode(struct sapient_state *s, const struct vg_detection *det, uint8_t *buf,
                       size_t cap, struct vg_diag *d);
/* A name-based UUID (RFC 9562 version 8) from text: the same text, the same id. */
void vg__sapient_uuid(const char *text, char out[SAPIENT_UUID_LEN + 1]);
int vg__sapient_is_uuid(const char *s);
void vg__sapient_timestamp(double t, google_protobuf_Timestamp *ts);

#endif
