/* SPDX-License-Identifier: MIT */
/* sapient_write.c — the SAPIENT messages Vigil sends: its RegistrationAck as a fusion node, and
 * as a simulated node (`vigil sim --live`) a Registration, a StatusReport with its position and
 * one DetectionReport per detection.
 *
 * Each goes out as one SapientMessage after its 4-byte little-endian length. The simulated
 * node registers as a fixed (non-tracking) node in one permanent mode "default": every report
 * carries a fresh object_id, as TRACKING_TYPE_NONE says. Ids: node ids are name-based UUIDs
 * (RFC 9562 version 8, so the same sensor keeps its id), report and object ids are ULIDs (48-bit
 * millisecond time, then 80 bits from the node id and a counter). Polar and bearing
 * measurements go out as range_bearing in degrees and metres from true north; positions as
 * WGS-84 latitude/longitude in degrees with ellipsoidal heights; errors as one σ in those units.
 * A range rate has no SAPIENT field and is left out. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <pb_encode.h>

#include "base/angle.h"
#include "base/geo.h"
#include "sense/sapient_internal.h"

#define ICD_VERSION "BSI Flex 335 v2.0"
#define STATUS_INTERVAL_S 5.0f

static uint64_t fnv1a(const void *p, size_t n, uint64_t h)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 0x100000001b3ull;
    return h;
}

void vg__sapient_uuid(const char *text, char out[SAPIENT_UUID_LEN + 1])
{
    uint8_t u[16];
    uint64_t a = fnv1a(text, strlen(text), 0xcbf29ce484222325ull);
    uint64_t b = fnv1a(text, strlen(text), a ^ 0x9e3779b97f4a7c15ull);
    for (int i = 0; i < 8; i++) {
        u[i] = (uint8_t)(a >> (56 - 8 * i));
        u[8 + i] = (uint8_t)(b >> (56 - 8 * i));
    }
    u[6] = (uint8_t)((u[6] & 0x0f) | 0x80); /* version 8: custom, name-based here */
    u[8] = (uint8_t)((u[8] & 0x3f) | 0x80); /* variant 10 */
    char *o = out;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            *o++ = '-';
        o += sprintf(o, "%02x", u[i]);
    }
}

int vg__sapient_is_uuid(const char *s)
{
    for (int i = 0; i < SAPIENT_UUID_LEN; i++) {
        int hyphen = i == 8 || i == 13 || i == 18 || i == 23;
        char c = s[i];
        if (hyphen ? c != '-'
                   : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            return 0;
    }
    return s[SAPIENT_UUID_LEN] == '\0';
}

/* A ULID: 48-bit ms time then 80 bits, as 26 Crockford base32 digits (2 leading zero bits). */
static void ulid(const struct sapient_state *s, double t, uint64_t seq, char out[32])
{
    static const char digits[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    double ms = isfinite(t) && t > 0 ? floor(t * 1000.0) : 0.0;
    uint64_t ts = ms < 281474976710655.0 ? (uint64_t)ms : 281474976710655ull;
    uint64_t r = fnv1a(&seq, sizeof seq, fnv1a(s->sim_id, SAPIENT_UUID_LEN, 0xcbf29ce484222325ull));
    uint64_t hi = ts << 16 | (r >> 48), lo = r << 16 | (fnv1a(&r, sizeof r, seq) & 0xffff);
    for (int i = 0; i < SAPIENT_ULID_LEN; i++) {
        int shift = 125 - 5 * i; /* of the 5-bit group's lowest bit, in the 128-bit value */
        uint64_t v;
        if (shift >= 64)
            v = hi >> (shift - 64);
        else if (shift > 59)
            v = hi << (64 - shift) | lo >> shift;
        else
            v = lo >> shift;
        out[i] = digits[v & 31];
    }
    out[SAPIENT_ULID_LEN] = '\0';
}

void vg__sapient_timestamp(double t, google_protobuf_Timestamp *ts)
{
    double sec = isfinite(t) ? floor(t) : 0.0;
    long long ns = llround((isfinite(t) ? t - sec : 0.0) * 1e9);
    if (ns >= 1000000000LL) {
        sec += 1.0;
        ns -= 1000000000LL;
    }
    ts->seconds = (int64_t)sec;
    ts->nanos = (int32_t)ns;
}

int vg__sapient_frame(const SAP(SapientMessage) *m, uint8_t *buf, size_t cap)
{
    if (cap < 4)
        return VG_ERANGE;
    if (cap > INT_MAX)
        cap = INT_MAX;
    pb_ostream_t out = pb_ostream_from_buffer(buf + 4, cap - 4);
    if (!pb_encode(&out, SAP(SapientMessage_fields), m))
        return VG_ERANGE;
    size_t n = out.bytes_written;
    for (int i = 0; i < 4; i++)
        buf[i] = (uint8_t)(n >> (8 * i));
    return (int)(n + 4);
}

static void header(SAP(SapientMessage) *m, double t, const char *from, const char *to)
{
    m->has_timestamp = true;
    vg__sapient_timestamp(t, &m->timestamp);
    m->has_node_id = true;
    snprintf(m->node_id, sizeof m->node_id, "%s", from);
    if (to) {
        m->has_destination_id = true;
        snprintf(m->destination_id, sizeof m->destination_id, "%s", to);
    }
}

int vg__sapient_ack(const struct sapient_state *s, double t, int accepted, const char *reason,
                    uint8_t *buf, size_t cap)
{
    SAP(SapientMessage) m = SAP(SapientMessage_init_zero);
    header(&m, t, s->self_id, s->msg.node_id);
    m.which_content = SAP_TAG(SapientMessage, registration_ack);
    SAP(RegistrationAck) *ack = &m.content.registration_ack;
    ack->has_acceptance = true;
    ack->acceptance = accepted != 0;
    if (reason) {
        ack->ack_response_reason_count = 1;
        snprintf(ack->ack_response_reason[0], sizeof ack->ack_response_reason[0], "%s", reason);
    }
    return vg__sapient_frame(&m, buf, cap);
}

/* ---- a simulated node's Registration ---------------------------------------------------- */

static const struct vg_sensor *sim_sensor(const struct sapient_state *s)
{
    return s->sim_sensor >= 0 ? &s->site->sensors[s->sim_sensor] : NULL;
}

static SAP(Registration_LocationType) lla_type(void)
{
    SAP(Registration_LocationType) lt = SAP(Registration_LocationType_init_zero);
    lt.which_coordinates_oneof = SAP_TAG(Registration_LocationType, location_units);
    lt.coordinates_oneof.location_units =
        SAP(LocationCoordinateSystem_LOCATION_COORDINATE_SYSTEM_LAT_LNG_DEG_M);
    lt.which_datum_oneof = SAP_TAG(Registration_LocationType, location_datum);
    lt.datum_oneof.location_datum = SAP(LocationDatum_LOCATION_DATUM_WGS84_E);
    return lt;
}

static SAP(Registration_Duration) seconds(float v)
{
    SAP(Registration_Duration) du = {true, SAP(Registration_TimeUnits_TIME_UNITS_SECONDS), true, v};
    return du;
}

static bool put_capabilities(pb_ostream_t *out, const pb_field_t *f, void *const *arg)
{
    (void)arg;
    SAP(Registration_Capability) c = SAP(Registration_Capability_init_zero);
    c.has_category = c.has_type = c.has_value = true;
    snprintf(c.category, sizeof c.category, "Detection");
    snprintf(c.type, sizeof c.type, "Classification");
    snprintf(c.value, sizeof c.value, "UAV, Bird, Aircraft, Human, Vehicle");
    return pb_encode_tag_for_field(out, f) &&
           pb_encode_submessage(out, SAP(Registration_Capability_fields), &c);
}

static bool put_config(pb_ostream_t *out, const pb_field_t *f, void *const *arg)
{
    (void)arg;
    SAP(Registration_ConfigurationData) c = SAP(Registration_ConfigurationData_init_zero);
    snprintf(c.manufacturer, sizeof c.manufacturer, "Vigil");
    snprintf(c.model, sizeof c.model, "vigil sim");
    return pb_encode_tag_for_field(out, f) &&
           pb_encode_submessage(out, SAP(Registration_ConfigurationData_fields), &c);
}

/* How this node's reports locate objects: range-bearing for radars and direction finders,
 * positions otherwise. */
static bool put_detection_definition(pb_ostream_t *out, const pb_field_t *f, void *const *arg)
{
    const struct sapient_state *s = *arg;
    const struct vg_sensor *sen = sim_sensor(s);
    SAP(Registration_DetectionDefinition) dd = SAP(Registration_DetectionDefinition_init_zero);
    dd.has_location_type = true;
    dd.location_type = lla_type();
    if (sen && sen->type != VG_SENSOR_ADSB && sen->type != VG_SENSOR_REMOTEID) {
        dd.location_type.which_coordinates_oneof =
            SAP_TAG(Registration_LocationType, range_bearing_units);
        dd.location_type.coordinates_oneof.range_bearing_units =
            SAP(RangeBearingCoordinateSystem_RANGE_BEARING_COORDINATE_SYSTEM_DEGREES_M);
        dd.location_type.which_datum_oneof =
            SAP_TAG(Registration_LocationType, range_bearing_datum);
        dd.location_type.datum_oneof.range_bearing_datum =
            SAP(RangeBearingDatum_RANGE_BEARING_DATUM_TRUE);
    }
    return pb_encode_tag_for_field(out, f) &&
           pb_encode_submessage(out, SAP(Registration_DetectionDefinition_fields), &dd);
}

static bool put_mode(pb_ostream_t *out, const pb_field_t *f, void *const *arg)
{
    SAP(Registration_ModeDefinition) md = SAP(Registration_ModeDefinition_init_zero);
    md.has_mode_name = md.has_mode_type = md.has_settle_time = true;
    snprintf(md.mode_name, sizeof md.mode_name, "default");
    md.mode_type = SAP(Registration_ModeType_MODE_TYPE_PERMANENT);
    md.settle_time = seconds(0.0f);
    md.has_scan_type = md.has_tracking_type = true;
    const struct vg_sensor *sen = sim_sensor(*arg);
    /* A radar's beam sweeps its field of view; other nodes see all of it at once. */
    md.scan_type = sen && sen->type == VG_SENSOR_RADAR
                       ? SAP(Registration_ScanType_SCAN_TYPE_SCANNING)
                       : SAP(Registration_ScanType_SCAN_TYPE_FIXED);
    md.tracking_type = SAP(Registration_TrackingType_TRACKING_TYPE_NONE);
    md.detection_definition.funcs.encode = put_detection_definition;
    md.detection_definition.arg = *arg;
    md.has_task = md.task.has_region_definition = true;
    SAP(Registration_RegionDefinition) *rd = &md.task.region_definition;
    rd->region_type_count = 1;
    rd->region_type[0] = SAP(Registration_RegionType_REGION_TYPE_AREA_OF_INTEREST);
    rd->region_area_count = 1;
    rd->region_area[0] = lla_type();
    return pb_encode_tag_for_field(out, f) &&
           pb_encode_submessage(out, SAP(Registration_ModeDefinition_fields), &md);
}

static int node_type(const struct vg_sensor *sen)
{
    switch (sen ? sen->type : VG_SENSOR_UNKNOWN) {
    case VG_SENSOR_RADAR: return SAP(Registration_NodeType_NODE_TYPE_RADAR);
    case VG_SENSOR_RF: return SAP(Registration_NodeType_NODE_TYPE_PASSIVE_RF);
    case VG_SENSOR_ACOUSTIC: return SAP(Registration_NodeType_NODE_TYPE_ACOUSTIC);
    case VG_SENSOR_EO: return SAP(Registration_NodeType_NODE_TYPE_CAMERA);
    default: return SAP(Registration_NodeType_NODE_TYPE_OTHER);
    }
}

static void set_location(SAP(Location) *l, double lat, double lon, double h, const double *sd)
{
    l->has_x = l->has_y = l->has_z = true;
    l->x = lon;
    l->y = lat;
    l->z = h;
    l->has_coordinate_system = l->has_datum = true;
    l->coordinate_system = SAP(LocationCoordinateSystem_LOCATION_COORDINATE_SYSTEM_LAT_LNG_DEG_M);
    l->datum = SAP(LocationDatum_LOCATION_DATUM_WGS84_E);
    if (!sd)
        return;
    /* σ in metres → degrees: the inverse of sapient_detect.c's scaling. */
    double phi = lat * VG_DEG, e2 = VG_WGS84_F * (2.0 - VG_WGS84_F);
    double w = sqrt(1.0 - e2 * sin(phi) * sin(phi));
    double N = VG_WGS84_A / w, M = VG_WGS84_A * (1.0 - e2) / (w * w * w);
    l->has_x_error = l->has_y_error = l->has_z_error = true;
    l->x_error = sd[0] / ((N + h) * cos(phi) * VG_DEG);
    l->y_error = sd[1] / ((M + h) * VG_DEG);
    l->z_error = sd[2];
}

int vg__sapient_hello(struct sapient_state *s, uint8_t *buf, size_t cap, struct vg_diag *d)
{
    const struct vg_sensor *sen = sim_sensor(s);
    SAP(SapientMessage) m = SAP(SapientMessage_init_zero);
    /* hello runs when a live connection opens, so its messages carry the wall clock. */
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    double t = (double)now.tv_sec + now.tv_nsec * 1e-9;
    header(&m, t, s->sim_id, NULL);
    m.which_content = SAP_TAG(SapientMessage, registration);
    SAP(Registration) *reg = &m.content.registration;
    reg->node_definition_count = 1;
    reg->node_definition[0].has_node_type = true;
    reg->node_definition[0].node_type = node_type(sen);
    reg->has_icd_version = reg->has_name = reg->has_short_name = true;
    snprintf(reg->icd_version, sizeof reg->icd_version, ICD_VERSION);
    snprintf(reg->name, sizeof reg->name, "Vigil simulated %s %s",
             sen ? vg_sensor_type_name(sen->type) : "sensor", sen ? sen->id : "sim");
    snprintf(reg->short_name, sizeof reg->short_name, "%s", sen ? sen->id : "vigil-sim");
    reg->capabilities.funcs.encode = put_capabilities;
    reg->has_status_definition = true;
    reg->status_definition.has_status_interval = true;
    reg->status_definition.status_interval = seconds(STATUS_INTERVAL_S);
    reg->status_definition.has_location_definition = true;
    reg->status_definition.location_definition = lla_type();
    reg->mode_definition.funcs.encode = put_mode;
    reg->mode_definition.arg = s;
    reg->config_data.funcs.encode = put_config;
    int n = vg__sapient_frame(&m, buf, cap);
    if (n < 0)
        return vg_diag_set(d, n, "Registration does not fit in %zu bytes", cap);
    if (!sen)
        return n;
    /* Then where the node is, so that a fusion node can place its range-bearing reports. */
    SAP(SapientMessage) st = SAP(SapientMessage_init_zero);
    header(&st, t, s->sim_id, NULL);
    st.which_content = SAP_TAG(SapientMessage, status_report);
    SAP(StatusReport) *sr = &st.content.status_report;
    sr->has_report_id = sr->has_system = sr->has_info = sr->has_mode = true;
    ulid(s, t, s->sim_seq++, sr->report_id);
    sr->system = SAP(StatusReport_System_SYSTEM_OK);
    sr->info = SAP(StatusReport_Info_INFO_NEW);
    snprintf(sr->mode, sizeof sr->mode, "default");
    sr->has_node_location = true;
    set_location(&sr->node_location, sen->lat_deg, sen->lon_deg, sen->h_m, NULL);
    int n2 = vg__sapient_frame(&st, buf + n, cap - (size_t)n);
    if (n2 < 0)
        return vg_diag_set(d, n2, "Registration and StatusReport do not fit in %zu bytes", cap);
    return n + n2;
}

/* ---- a simulated node's DetectionReport ------------------------------------------------- */

static double sd_of(const struct vg_detection *det, int i)
{
    double v = det->R[i * det->nz + i];
    return isfinite(v) && v > 0.0 ? sqrt(v) : 0.0;
}

int vg__sapient_encode(struct sapient_state *s, const struct vg_detection *det, uint8_t *buf,
                       size_t cap, struct vg_diag *d)
{
    SAP(SapientMessage) m = SAP(SapientMessage_init_zero);
    header(&m, det->t, s->sim_id, NULL);
    m.which_content = SAP_TAG(SapientMessage, detection_report);
    SAP(DetectionReport) *r = &m.content.detection_report;
    r->has_report_id = r->has_object_id = true;
    ulid(s, det->t, s->sim_seq++, r->report_id);
    ulid(s, det->t, s->sim_seq++, r->object_id); /* no tracking: a new object each time */
    switch (det->kind) {
    case VG_DET_POLAR:
    case VG_DET_BEARING: {
        SAP(RangeBearing) *rb = &r->location_oneof.range_bearing;
        r->which_location_oneof = SAP_TAG(DetectionReport, range_bearing);
        rb->has_coordinate_system = rb->has_datum = true;
        rb->coordinate_system =
            SAP(RangeBearingCoordinateSystem_RANGE_BEARING_COORDINATE_SYSTEM_DEGREES_M);
        rb->datum = SAP(RangeBearingDatum_RANGE_BEARING_DATUM_TRUE);
        int i = 0, need = det->kind == VG_DET_POLAR ? 2 : 1;
        if (det->flags & VG_DET_HAS_EL)
            need++;
        if (det->nz < need)
            return vg_diag_set(d, VG_EINVAL, "%s detection with %d components",
                               vg_det_kind_name(det->kind), det->nz);
        if (det->kind == VG_DET_POLAR) {
            rb->has_range = rb->has_range_error = true;
            rb->range = det->z[i];
            rb->range_error = sd_of(det, i++);
        }
        rb->has_azimuth = rb->has_azimuth_error = true;
        rb->azimuth = vg_wrap_2pi(det->z[i]) / VG_DEG;
        rb->azimuth_error = sd_of(det, i++) / VG_DEG;
        if (det->flags & VG_DET_HAS_EL) {
            rb->has_elevation = rb->has_elevation_error = true;
            rb->elevation = det->z[i] / VG_DEG;
            rb->elevation_error = sd_of(det, i) / VG_DEG;
        }
        break;
    }
    case VG_DET_XYZ:
    case VG_DET_ADSB:
    case VG_DET_REMOTEID: {
        if (det->nz < 3)
            return vg_diag_set(d, VG_EINVAL, "position detection with %d components", det->nz);
        double lat, lon, h, sd[3] = {sd_of(det, 0), sd_of(det, 1), sd_of(det, 2)};
        vg_enu_to_geo(&s->site->frame, det->z, &lat, &lon, &h);
        r->which_location_oneof = SAP_TAG(DetectionReport, location);
        set_location(&r->location_oneof.location, lat, lon, h, sd);
        if (det->kind != VG_DET_XYZ && det->coop_id[0]) {
            r->has_id = true;
            snprintf(r->id, sizeof r->id, "%.*s", (int)sizeof det->coop_id, det->coop_id);
        }
        if (det->flags & VG_DET_HAS_COOP_VEL) {
            SAP(ENUVelocity) *v = &r->velocity_oneof.enu_velocity;
            r->which_velocity_oneof = SAP_TAG(DetectionReport, enu_velocity);
            v->has_east_rate = v->has_north_rate = v->has_up_rate = true;
            v->east_rate = det->coop_vel[0];
            v->north_rate = det->coop_vel[1];
            v->up_rate = det->coop_vel[2];
        }
        break;
    }
    default:
        return 0; /* a scan marker has no SAPIENT form */
    }
    if (det->flags & VG_DET_HAS_HINT) {
        r->classification_count = 1;
        r->classification[0].has_type = r->classification[0].has_confidence = true;
        snprintf(r->classification[0].type, sizeof r->classification[0].type, "%s",
                 vg__sapient_class_name(det->class_hint));
        r->classification[0].confidence = det->class_p;
    }
    if (det->flags & VG_DET_HAS_EMITTER) {
        r->signal_count = 1;
        r->signal[0].has_centre_frequency = true;
        r->signal[0].centre_frequency = det->band_mhz * 1e6f; /* Hz */
        if (det->flags & VG_DET_HAS_SNR) {
            r->signal[0].has_amplitude = true;
            r->signal[0].amplitude = det->snr_db;
        }
    }
    int n = vg__sapient_frame(&m, buf, cap);
    return n < 0 ? vg_diag_set(d, n, "DetectionReport does not fit in %zu bytes", cap) : n;
}
