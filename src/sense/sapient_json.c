/* SPDX-License-Identifier: MIT */
/* sapient_json.c — a decoded SapientMessage as one JSON object, for `vigil decode`.
 *
 * The shape is protobuf's JSON mapping with the .proto field names kept (protoc's
 * preserving_proto_field_names): enums by name (their number when the name is unknown),
 * Timestamps as RFC 3339 UTC strings, absent optional fields left out. Only what Vigil decodes
 * is shown: fields sapient.options leaves as skipped callbacks (free text, associated files,
 * sub-classes, regions, ...) do not appear. Written into the session's fixed buffer; strings
 * from the wire are escaped, and bytes that are not UTF-8 become U+FFFD. */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "sense/sapient_internal.h"

struct jb {
    char *p;
    size_t n, cap;
    int full; /* something did not fit */
};

static void put(struct jb *j, const char *s, size_t n)
{
    if (j->full || n >= j->cap - j->n) {
        j->full = 1;
        return;
    }
    memcpy(j->p + j->n, s, n);
    j->n += n;
    j->p[j->n] = '\0';
}

static void putf(struct jb *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(struct jb *j, const char *fmt, ...)
{
    char tmp[64];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    put(j, tmp, n < 0 ? 0 : (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* A comma unless this is the first member or element. */
static void sep(struct jb *j)
{
    char c = j->n ? j->p[j->n - 1] : '{';
    if (c != '{' && c != '[' && c != ':')
        put(j, ",", 1);
}

static void key(struct jb *j, const char *k)
{
    sep(j);
    putf(j, "\"%s\":", k);
}

static void open_(struct jb *j, const char *k, char c)
{
    if (k)
        key(j, k);
    else
        sep(j);
    put(j, &c, 1);
}

static void close_(struct jb *j, char c) { put(j, &c, 1); }

/* Length of the UTF-8 sequence at s (RFC 3629: no overlongs, surrogates or > U+10FFFF), or 0. */
static size_t utf8_len(const unsigned char *s)
{
    unsigned c = s[0];
    size_t n = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3
             : (c & 0xf8) == 0xf0 ? 4 : 0;
    if (n == 0 || (n == 2 && c < 0xc2) || (n == 4 && c > 0xf4))
        return 0;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    if ((n == 3 && c == 0xe0 && s[1] < 0xa0) || (n == 3 && c == 0xed && s[1] >= 0xa0) ||
        (n == 4 && c == 0xf0 && s[1] < 0x90) || (n == 4 && c == 0xf4 && s[1] >= 0x90))
        return 0;
    return n;
}

static void str(struct jb *j, const char *s)
{
    put(j, "\"", 1);
    for (const unsigned char *u = (const unsigned char *)s; *u;) {
        size_t n = utf8_len(u);
        if (n == 0) {
            put(j, "\\ufffd", 6);
            u++;
        } else if (*u == '"' || *u == '\\') {
            put(j, "\\", 1);
            put(j, (const char *)u++, 1);
        } else if (*u < 0x20 || *u == 0x7f) {
            putf(j, "\\u%04x", *u++);
        } else {
            put(j, (const char *)u, n);
            u += n;
        }
    }
    put(j, "\"", 1);
}

static void num(struct jb *j, double v)
{
    if (isfinite(v))
        putf(j, "%.17g", v);
    else
        put(j, isnan(v) ? "\"NaN\"" : v > 0 ? "\"Infinity\"" : "\"-Infinity\"",
            isnan(v) ? 5 : v > 0 ? 10 : 11);
}

static void enum_(struct jb *j, const char *name, int v)
{
    if (strcmp(name, "unknown") != 0)
        putf(j, "\"%s\"", name);
    else
        putf(j, "%d", v);
}

#define OPT(j, o, f, write)                                                             \
    do {                                                                                \
        if ((o)->has_##f) {                                                             \
            key(j, #f);                                                                 \
            write;                                                                      \
        }                                                                               \
    } while (0)
#define OPT_STR(j, o, f) OPT(j, o, f, str(j, (o)->f))
#define OPT_NUM(j, o, f) OPT(j, o, f, num(j, (o)->f))
#define OPT_INT(j, o, f) OPT(j, o, f, putf(j, "%d", (int)(o)->f))
#define OPT_BOOL(j, o, f) OPT(j, o, f, put(j, (o)->f ? "true" : "false", (o)->f ? 4 : 5))
#define OPT_ENUM(j, o, f, T) OPT(j, o, f, enum_(j, SAP(T##_name)((o)->f), (int)(o)->f))
#define ENUM(j, k, v, T) (key(j, k), enum_(j, SAP(T##_name)(v), (int)(v)))

static void timestamp(struct jb *j, const char *k, const google_protobuf_Timestamp *ts)
{
    key(j, k);
    struct tm tm;
    time_t t = (time_t)ts->seconds;
    /* RFC 3339 needs years 0001-9999 (protobuf's Timestamp range). */
    if (ts->seconds < -62135596800LL || ts->seconds > 253402300799LL || ts->nanos < 0 ||
        ts->nanos > 999999999 || !gmtime_r(&t, &tm)) {
        putf(j, "{\"seconds\":\"%" PRId64 "\",\"nanos\":%" PRId32 "}", ts->seconds, ts->nanos);
        return;
    }
    char frac[16] = "";
    if (ts->nanos % 1000000 == 0 && ts->nanos)
        snprintf(frac, sizeof frac, ".%03d", (int)(ts->nanos / 1000000));
    else if (ts->nanos % 1000 == 0 && ts->nanos)
        snprintf(frac, sizeof frac, ".%06d", (int)(ts->nanos / 1000));
    else if (ts->nanos)
        snprintf(frac, sizeof frac, ".%09d", (int)ts->nanos);
    putf(j, "\"%04d-%02d-%02dT%02d:%02d:%02d%sZ\"", tm.tm_year + 1900, tm.tm_mon + 1,
         tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, frac);
}

static void location(struct jb *j, const char *k, const SAP(Location) *l)
{
    open_(j, k, '{');
    OPT_NUM(j, l, x);
    OPT_NUM(j, l, y);
    OPT_NUM(j, l, z);
    OPT_NUM(j, l, x_error);
    OPT_NUM(j, l, y_error);
    OPT_NUM(j, l, z_error);
    OPT_ENUM(j, l, coordinate_system, LocationCoordinateSystem);
    OPT_ENUM(j, l, datum, LocationDatum);
    OPT_STR(j, l, utm_zone);
    close_(j, '}');
}

static void range_bearing(struct jb *j, const char *k, const SAP(RangeBearing) *r)
{
    open_(j, k, '{');
    OPT_NUM(j, r, elevation);
    OPT_NUM(j, r, azimuth);
    OPT_NUM(j, r, range);
    OPT_NUM(j, r, elevation_error);
    OPT_NUM(j, r, azimuth_error);
    OPT_NUM(j, r, range_error);
    OPT_ENUM(j, r, coordinate_system, RangeBearingCoordinateSystem);
    OPT_ENUM(j, r, datum, RangeBearingDatum);
    close_(j, '}');
}

static void location_list(struct jb *j, const char *k, const SAP(LocationList) *l)
{
    open_(j, k, '{');
    open_(j, "locations", '[');
    for (pb_size_t i = 0; i < l->locations_count; i++)
        location(j, NULL, &l->locations[i]);
    close_(j, ']');
    close_(j, '}');
}

static void location_or_rb(struct jb *j, const char *k, const SAP(LocationOrRangeBearing) *l)
{
    open_(j, k, '{');
    if (l->which_fov_oneof == SAP_TAG(LocationOrRangeBearing, location_list))
        location_list(j, "location_list", &l->fov_oneof.location_list);
    if (l->which_fov_oneof == SAP_TAG(LocationOrRangeBearing, range_bearing)) {
        const SAP(RangeBearingCone) *c = &l->fov_oneof.range_bearing;
        open_(j, "range_bearing", '{');
        OPT_NUM(j, c, elevation);
        OPT_NUM(j, c, azimuth);
        OPT_NUM(j, c, range);
        OPT_NUM(j, c, horizontal_extent);
        OPT_NUM(j, c, vertical_extent);
        OPT_ENUM(j, c, coordinate_system, RangeBearingCoordinateSystem);
        OPT_ENUM(j, c, datum, RangeBearingDatum);
        close_(j, '}');
    }
    close_(j, '}');
}

static void strings(struct jb *j, const char *k, const char *a, size_t stride, pb_size_t n)
{
    if (!n)
        return;
    open_(j, k, '[');
    for (pb_size_t i = 0; i < n; i++) {
        sep(j);
        str(j, a + i * stride);
    }
    close_(j, ']');
}

static void registration(struct jb *j, const SAP(Registration) *r)
{
    if (r->node_definition_count) {
        open_(j, "node_definition", '[');
        for (pb_size_t i = 0; i < r->node_definition_count; i++) {
            open_(j, NULL, '{');
            OPT_ENUM(j, &r->node_definition[i], node_type, Registration_NodeType);
            close_(j, '}');
        }
        close_(j, ']');
    }
    OPT_STR(j, r, icd_version);
    OPT_STR(j, r, name);
    OPT_STR(j, r, short_name);
    if (r->has_status_definition) {
        const SAP(Registration_StatusDefinition) *sd = &r->status_definition;
        open_(j, "status_definition", '{');
        if (sd->has_status_interval) {
            open_(j, "status_interval", '{');
            OPT_ENUM(j, &sd->status_interval, units, Registration_TimeUnits);
            OPT_NUM(j, &sd->status_interval, value);
            close_(j, '}');
        }
        if (sd->has_location_definition) {
            const SAP(Registration_LocationType) *lt = &sd->location_definition;
            open_(j, "location_definition", '{');
            if (lt->which_coordinates_oneof == SAP_TAG(Registration_LocationType, location_units))
                ENUM(j, "location_units", lt->coordinates_oneof.location_units,
                     LocationCoordinateSystem);
            else if (lt->which_coordinates_oneof)
                ENUM(j, "range_bearing_units", lt->coordinates_oneof.range_bearing_units,
                     RangeBearingCoordinateSystem);
            if (lt->which_datum_oneof == SAP_TAG(Registration_LocationType, location_datum))
                ENUM(j, "location_datum", lt->datum_oneof.location_datum, LocationDatum);
            else if (lt->which_datum_oneof)
                ENUM(j, "range_bearing_datum", lt->datum_oneof.range_bearing_datum,
                     RangeBearingDatum);
            OPT_STR(j, lt, zone);
            close_(j, '}');
        }
        close_(j, '}');
    }
}

static void status_report(struct jb *j, const SAP(StatusReport) *s)
{
    OPT_STR(j, s, report_id);
    OPT_ENUM(j, s, system, StatusReport_System);
    OPT_ENUM(j, s, info, StatusReport_Info);
    OPT_STR(j, s, active_task_id);
    OPT_STR(j, s, mode);
    if (s->has_power) {
        open_(j, "power", '{');
        OPT_INT(j, &s->power, level);
        if (s->power.source)
            ENUM(j, "source", s->power.source, StatusReport_PowerSource);
        if (s->power.status)
            ENUM(j, "status", s->power.status, StatusReport_PowerStatus);
        close_(j, '}');
    }
    if (s->has_node_location)
        location(j, "node_location", &s->node_location);
    if (s->has_field_of_view)
        location_or_rb(j, "field_of_view", &s->field_of_view);
}

static void detection_report(struct jb *j, const SAP(DetectionReport) *r)
{
    OPT_STR(j, r, report_id);
    OPT_STR(j, r, object_id);
    OPT_STR(j, r, task_id);
    OPT_STR(j, r, state);
    if (r->which_location_oneof == SAP_TAG(DetectionReport, range_bearing))
        range_bearing(j, "range_bearing", &r->location_oneof.range_bearing);
    if (r->which_location_oneof == SAP_TAG(DetectionReport, location))
        location(j, "location", &r->location_oneof.location);
    OPT_NUM(j, r, detection_confidence);
    if (r->has_prediction_location) {
        const SAP(DetectionReport_PredictedLocation) *p = &r->prediction_location;
        open_(j, "prediction_location", '{');
        if (p->which_predicted_location_oneof ==
            SAP_TAG(DetectionReport_PredictedLocation, range_bearing))
            range_bearing(j, "range_bearing", &p->predicted_location_oneof.range_bearing);
        if (p->which_predicted_location_oneof ==
            SAP_TAG(DetectionReport_PredictedLocation, location))
            location(j, "location", &p->predicted_location_oneof.location);
        if (p->has_predicted_timestamp)
            timestamp(j, "predicted_timestamp", &p->predicted_timestamp);
        close_(j, '}');
    }
    if (r->classification_count) {
        open_(j, "classification", '[');
        for (pb_size_t i = 0; i < r->classification_count; i++) {
            open_(j, NULL, '{');
            OPT_STR(j, &r->classification[i], type);
            OPT_NUM(j, &r->classification[i], confidence);
            close_(j, '}');
        }
        close_(j, ']');
    }
    if (r->behaviour_count) {
        open_(j, "behaviour", '[');
        for (pb_size_t i = 0; i < r->behaviour_count; i++) {
            open_(j, NULL, '{');
            OPT_STR(j, &r->behaviour[i], type);
            OPT_NUM(j, &r->behaviour[i], confidence);
            close_(j, '}');
        }
        close_(j, ']');
    }
    if (r->signal_count) {
        open_(j, "signal", '[');
        for (pb_size_t i = 0; i < r->signal_count; i++) {
            const SAP(DetectionReport_Signal) *s = &r->signal[i];
            open_(j, NULL, '{');
            OPT_NUM(j, s, amplitude);
            OPT_NUM(j, s, start_frequency);
            OPT_NUM(j, s, centre_frequency);
            OPT_NUM(j, s, stop_frequency);
            OPT_NUM(j, s, pulse_duration);
            close_(j, '}');
        }
        close_(j, ']');
    }
    if (r->which_velocity_oneof == SAP_TAG(DetectionReport, enu_velocity)) {
        const SAP(ENUVelocity) *v = &r->velocity_oneof.enu_velocity;
        open_(j, "enu_velocity", '{');
        OPT_NUM(j, v, east_rate);
        OPT_NUM(j, v, north_rate);
        OPT_NUM(j, v, up_rate);
        OPT_NUM(j, v, east_rate_error);
        OPT_NUM(j, v, north_rate_error);
        OPT_NUM(j, v, up_rate_error);
        close_(j, '}');
    }
    OPT_STR(j, r, colour);
    OPT_STR(j, r, id);
}

static void task(struct jb *j, const SAP(Task) *t)
{
    OPT_STR(j, t, task_id);
    OPT_STR(j, t, task_name);
    if (t->has_task_start_time)
        timestamp(j, "task_start_time", &t->task_start_time);
    if (t->has_task_end_time)
        timestamp(j, "task_end_time", &t->task_end_time);
    OPT_ENUM(j, t, control, Task_Control);
    if (!t->has_command)
        return;
    const SAP(Task_Command) *c = &t->command;
    open_(j, "command", '{');
    switch (c->which_command) {
    case SAP_TAG(Task_Command, request): key(j, "request"); str(j, c->command.request); break;
    case SAP_TAG(Task_Command, mode_change):
        key(j, "mode_change");
        str(j, c->command.mode_change);
        break;
    case SAP_TAG(Task_Command, detection_threshold):
        ENUM(j, "detection_threshold", c->command.detection_threshold, Task_DiscreteThreshold);
        break;
    case SAP_TAG(Task_Command, detection_report_rate):
        ENUM(j, "detection_report_rate", c->command.detection_report_rate,
             Task_DiscreteThreshold);
        break;
    case SAP_TAG(Task_Command, classification_threshold):
        ENUM(j, "classification_threshold", c->command.classification_threshold,
             Task_DiscreteThreshold);
        break;
    case SAP_TAG(Task_Command, look_at): location_or_rb(j, "look_at", &c->command.look_at); break;
    case SAP_TAG(Task_Command, move_to): location_list(j, "move_to", &c->command.move_to); break;
    case SAP_TAG(Task_Command, patrol): location_list(j, "patrol", &c->command.patrol); break;
    case SAP_TAG(Task_Command, follow):
        open_(j, "follow", '{');
        key(j, "follow_object_id");
        str(j, c->command.follow.follow_object_id);
        close_(j, '}');
        break;
    default: break;
    }
    OPT_STR(j, c, command_parameter);
    close_(j, '}');
}

static void content(struct jb *j, const SAP(SapientMessage) *m)
{
    switch (m->which_content) {
    case SAP_TAG(SapientMessage, registration):
        open_(j, "registration", '{');
        registration(j, &m->content.registration);
        break;
    case SAP_TAG(SapientMessage, registration_ack): {
        const SAP(RegistrationAck) *a = &m->content.registration_ack;
        open_(j, "registration_ack", '{');
        OPT_BOOL(j, a, acceptance);
        strings(j, "ack_response_reason", a->ack_response_reason[0],
                sizeof a->ack_response_reason[0], a->ack_response_reason_count);
        break;
    }
    case SAP_TAG(SapientMessage, status_report):
        open_(j, "status_report", '{');
        status_report(j, &m->content.status_report);
        break;
    case SAP_TAG(SapientMessage, detection_report):
        open_(j, "detection_report", '{');
        detection_report(j, &m->content.detection_report);
        break;
    case SAP_TAG(SapientMessage, task):
        open_(j, "task", '{');
        task(j, &m->content.task);
        break;
    case SAP_TAG(SapientMessage, task_ack): {
        const SAP(TaskAck) *a = &m->content.task_ack;
        open_(j, "task_ack", '{');
        OPT_STR(j, a, task_id);
        OPT_ENUM(j, a, task_status, TaskAck_TaskStatus);
        if (a->has_associated_file) {
            open_(j, "associated_file", '{');
            OPT_STR(j, &a->associated_file, type);
            OPT_STR(j, &a->associated_file, url);
            close_(j, '}');
        }
        strings(j, "reason", a->reason[0], sizeof a->reason[0], a->reason_count);
        break;
    }
    case SAP_TAG(SapientMessage, alert): {
        const SAP(Alert) *a = &m->content.alert;
        open_(j, "alert", '{');
        OPT_STR(j, a, alert_id);
        OPT_ENUM(j, a, alert_type, Alert_AlertType);
        OPT_ENUM(j, a, status, Alert_AlertStatus);
        OPT_STR(j, a, description);
        if (a->which_location_oneof == SAP_TAG(Alert, range_bearing))
            range_bearing(j, "range_bearing", &a->location_oneof.range_bearing);
        if (a->which_location_oneof == SAP_TAG(Alert, location))
            location(j, "location", &a->location_oneof.location);
        OPT_STR(j, a, region_id);
        OPT_ENUM(j, a, priority, Alert_DiscretePriority);
        OPT_NUM(j, a, ranking);
        OPT_NUM(j, a, confidence);
        break;
    }
    case SAP_TAG(SapientMessage, alert_ack): {
        const SAP(AlertAck) *a = &m->content.alert_ack;
        open_(j, "alert_ack", '{');
        OPT_STR(j, a, alert_id);
        strings(j, "reason", a->reason[0], sizeof a->reason[0], a->reason_count);
        OPT_ENUM(j, a, alert_ack_status, AlertAck_AlertAckStatus);
        break;
    }
    case SAP_TAG(SapientMessage, error): {
        const SAP(Error) *e = &m->content.error;
        open_(j, "error", '{');
        strings(j, "error_message", e->error_message[0], sizeof e->error_message[0],
                e->error_message_count);
        break;
    }
    default:
        return;
    }
    close_(j, '}');
}

size_t vg__sapient_describe(struct sapient_state *s)
{
    struct jb j = {s->json, 0, sizeof s->json, 0};
    const SAP(SapientMessage) *m = &s->msg;
    put(&j, "{", 1);
    if (m->has_timestamp)
        timestamp(&j, "timestamp", &m->timestamp);
    OPT_STR(&j, m, node_id);
    OPT_STR(&j, m, destination_id);
    content(&j, m);
    put(&j, "}", 1);
    return j.full ? 0 : j.n;
}
