/* SPDX-License-Identifier: MIT */
/* sapient_detect.c — a SAPIENT DetectionReport as a Vigil detection, and a StatusReport's
 * node position as the sensor's.
 *
 * Location (BSI Flex 335 v2.0 location.proto): LAT_LNG_DEG_M or LAT_LNG_RAD_M with datum
 * WGS84_E become VG_DET_XYZ through the site's ENU frame. Datum WGS84_G (heights above the
 * geoid) is read as ellipsoidal with GEOID_SIGMA_M added to the height's σ, since Vigil has no
 * geoid model (the undulation is within about ±100 m worldwide). UTM_M is not supported. Errors
 * x_error/y_error/z_error are taken as one standard deviation in the coordinates' own units:
 *   σ_e = x_error · N cos φ,  σ_n = y_error · M   (angles in radians; N, M the WGS-84 prime
 *   vertical and meridian radii of curvature at latitude φ), σ_u = z_error.
 * RangeBearing (range_bearing.proto), measured from the node's position, with datum TRUE:
 * range, azimuth and elevation → VG_DET_POLAR; azimuth (and elevation) without a range →
 * VG_DET_BEARING. A range without an elevation gives a bearing too: Vigil's polar measurement
 * is three-dimensional. Magnetic, grid and platform norths are not supported. Missing errors
 * take the defaults below. Classification → class_hint (see the name table). */
#include <math.h>
#include <string.h>
#include <strings.h>

#include <pb_decode.h>

#include "base/angle.h"
#include "base/geo.h"
#include "sense/sapient_internal.h"

#define DEF_SIGMA_H_M 10.0      /* location without x/y_error: horizontal σ, m */
#define DEF_SIGMA_V_M 10.0      /* location with z but no z_error: vertical σ, m */
#define NO_ALT_SIGMA_M 300.0    /* location without z: height unknown, σ about the origin's */
#define GEOID_SIGMA_M 50.0      /* added in quadrature for WGS84_G heights */
#define DEF_SIGMA_RANGE_M 10.0  /* range without range_error */
#define DEF_SIGMA_ANGLE_DEG 1.0 /* azimuth/elevation without an error */
#define MIN_SIGMA_M 0.1         /* floors, so that R stays positive definite */
#define MIN_SIGMA_RAD (0.01 * VG_DEG)
#define MAX_SIGMA_M 1e7         /* errors past these are rejected */
#define DEF_CLASS_P 0.8f        /* a classification without a confidence */

/* Classification types and sub-class types Vigil maps, compared without case. SAPIENT's
 * taxonomy nests them ("Air Vehicle" > "UAV" > "Rotary Wing"); the first-level sub-class is
 * read too (vg__sapient_subclass_cb) and, when mapped, wins over its parent. */
static const struct {
    const char *name;
    int cls;
} class_names[] = {
    {"UAV", VG_CLASS_DRONE},           {"UAS", VG_CLASS_DRONE},
    {"sUAS", VG_CLASS_DRONE},          {"Drone", VG_CLASS_DRONE},
    {"Multirotor", VG_CLASS_DRONE},    {"Quadcopter", VG_CLASS_DRONE},
    {"Unmanned Air Vehicle", VG_CLASS_DRONE}, {"Unmanned Aerial Vehicle", VG_CLASS_DRONE},
    {"Bird", VG_CLASS_BIRD},           {"Human", VG_CLASS_PERSON},
    {"Person", VG_CLASS_PERSON},       {"Vehicle", VG_CLASS_VEHICLE},
    {"Land Vehicle", VG_CLASS_VEHICLE}, {"Aircraft", VG_CLASS_AIRCRAFT},
    {"Manned Aircraft", VG_CLASS_AIRCRAFT}, {"Helicopter", VG_CLASS_AIRCRAFT},
    {"Unknown", VG_CLASS_UNKNOWN},
};

int vg__sapient_class_from_name(const char *name)
{
    for (size_t i = 0; i < sizeof class_names / sizeof *class_names; i++)
        if (!strcasecmp(name, class_names[i].name))
            return class_names[i].cls;
    return -1;
}

const char *vg__sapient_class_name(int cls)
{
    switch (cls) {
    case VG_CLASS_DRONE: return "UAV";
    case VG_CLASS_BIRD: return "Bird";
    case VG_CLASS_AIRCRAFT: return "Aircraft";
    case VG_CLASS_PERSON: return "Human";
    case VG_CLASS_VEHICLE: return "Vehicle";
    default: return "Unknown";
    }
}

/* A classification's sub_class slot (uint32_t, see sapient.options) holds the best mapped
 * first-level sub-class: bits 0-7 class + 1 (0: none), 8-18 confidence in thousandths,
 * bit 19 confidence given. */
#define SUB_CLASS(v) ((int)((v) & 0xffu) - 1)
#define SUB_P(v) ((float)(((v) >> 8) & 0x7ffu) / 1000.0f)
#define SUB_HAS_P(v) (((v) >> 19) & 1u)

bool vg__sapient_subclass_cb(pb_istream_t *istream, pb_ostream_t *ostream,
                             const pb_field_t *field)
{
    if (ostream || !istream || field->tag != SAP_TAG(DetectionReport_DetectionReportClassification,
                                                     sub_class))
        return true; /* Vigil writes no sub-classes */
    SAP(DetectionReport_SubClass) sc = SAP(DetectionReport_SubClass_init_zero);
    if (!pb_decode(istream, SAP(DetectionReport_SubClass_fields), &sc))
        return false;
    int cls = sc.has_type ? vg__sapient_class_from_name(sc.type) : -1;
    if (cls < 0)
        return true;
    uint32_t *slot = field->pData, old = *slot;
    float p = sc.has_confidence && isfinite(sc.confidence)
                  ? fminf(fmaxf(sc.confidence, 0.0f), 1.0f) : -1.0f;
    if (SUB_CLASS(old) >= 0 && (!SUB_HAS_P(old) || p <= SUB_P(old)))
        return true; /* keep the earlier, more confident one */
    *slot = (uint32_t)(cls + 1) | (p >= 0 ? (uint32_t)lrintf(p * 1000.0f) << 8 | 1u << 19 : 0);
    return true;
}

/* The mapped class with the highest confidence. */
static void classification(const SAP(DetectionReport) *r, struct vg_detection *det)
{
    float best = -1.0f;
    for (pb_size_t i = 0; i < r->classification_count; i++) {
        const SAP(DetectionReport_DetectionReportClassification) *c = &r->classification[i];
        int cls = c->has_type ? vg__sapient_class_from_name(c->type) : -1;
        float p = c->has_confidence && isfinite(c->confidence) ? c->confidence : DEF_CLASS_P;
        if (SUB_CLASS(c->sub_class) >= 0) {
            cls = SUB_CLASS(c->sub_class);
            if (SUB_HAS_P(c->sub_class))
                p = SUB_P(c->sub_class);
        }
        p = fminf(fmaxf(p, 0.0f), 1.0f);
        if (cls < 0 || p <= best)
            continue;
        best = p;
        det->class_hint = (uint8_t)cls;
        det->class_p = p;
        det->flags |= VG_DET_HAS_HINT;
    }
}

/* The first signal's centre frequency. The standard leaves its unit to the registration's
 * detection definitions, which Vigil does not read: values from 1e6 up are taken as Hz, from
 * 20 as MHz, below as GHz (counter-UAS links lie between 100 MHz and 6 GHz). */
static void signal(const SAP(DetectionReport) *r, struct vg_detection *det)
{
    for (pb_size_t i = 0; i < r->signal_count; i++) {
        double f = r->signal[i].centre_frequency;
        if (!r->signal[i].has_centre_frequency || !isfinite(f) || f <= 0.0 || f > 1e12)
            continue;
        det->band_mhz = (float)(f >= 1e6 ? f / 1e6 : f >= 20.0 ? f : f * 1e3);
        det->link = VG_LINK_OTHER;
        det->flags |= VG_DET_HAS_EMITTER;
        return;
    }
}

/* An error field as σ in the measurement's units: absent → def, else err·scale, floored. A σ
 * past the measurement's whole span (MAX_SIGMA_M, a full turn) is not an error but garbage. */
static int sigma(int has, double err, double scale, double def, double floor_, double max,
                 double *out, const char *what, struct vg_diag *d)
{
    if (!has) {
        *out = def;
        return 0;
    }
    if (!(err >= 0.0 && err * scale <= max))
        return vg_diag_set(d, VG_ERANGE, "%s %g is not an error", what, err);
    *out = fmax(err * scale, floor_);
    return 0;
}

int vg__sapient_location_lla(const SAP(Location) *l, const char *what, double lla[3],
                             struct vg_diag *d)
{
    double k;
    switch (l->has_coordinate_system ? (int)l->coordinate_system : 0) {
    case SAP(LocationCoordinateSystem_LOCATION_COORDINATE_SYSTEM_LAT_LNG_DEG_M):
        k = 1.0;
        break;
    case SAP(LocationCoordinateSystem_LOCATION_COORDINATE_SYSTEM_LAT_LNG_RAD_M):
        k = 1.0 / VG_DEG;
        break;
    case SAP(LocationCoordinateSystem_LOCATION_COORDINATE_SYSTEM_UTM_M):
        return vg_diag_set(d, VG_EUNSUPPORTED, "%s: UTM coordinates are not supported", what);
    default:
        return vg_diag_set(d, VG_EPARSE, "%s: coordinate_system %d is not a known unit", what,
                           (int)l->coordinate_system);
    }
    int datum = l->has_datum ? (int)l->datum : 0;
    if (datum != SAP(LocationDatum_LOCATION_DATUM_WGS84_E) &&
        datum != SAP(LocationDatum_LOCATION_DATUM_WGS84_G))
        return vg_diag_set(d, VG_EPARSE, "%s: datum %d is not WGS-84", what, datum);
    if (!l->has_x || !l->has_y)
        return vg_diag_set(d, VG_EPARSE, "%s without %s", what, l->has_x ? "y" : "x");
    lla[0] = l->y * k;
    lla[1] = l->x * k;
    lla[2] = l->has_z ? l->z : NAN;
    if (!(fabs(lla[0]) <= 90.0) || !(lla[1] >= -180.0 && lla[1] <= 360.0))
        return vg_diag_set(d, VG_ERANGE, "%s: latitude %g, longitude %g out of range", what,
                           lla[0], lla[1]);
    if (l->has_z && !(fabs(l->z) <= 1e6))
        return vg_diag_set(d, VG_ERANGE, "%s: altitude %g m out of range", what, l->z);
    return 0;
}

static int from_location(struct sapient_state *s, const SAP(Location) *l,
                         struct vg_detection *det, struct vg_diag *d)
{
    double lla[3] = {0, 0, 0};
    int rc = vg__sapient_location_lla(l, "location", lla, d);
    if (rc < 0)
        return rc;
    const struct vg_enu_frame *f = &s->site->frame;
    double h = isnan(lla[2]) ? f->h0_m : lla[2];
    vg_enu_from_geo(f, lla[0], lla[1], h, det->z);
    /* Radii of curvature for the error scaling (header comment). */
    double phi = lla[0] * VG_DEG, e2 = VG_WGS84_F * (2.0 - VG_WGS84_F);
    double w = sqrt(1.0 - e2 * sin(phi) * sin(phi));
    double N = VG_WGS84_A / w, M = VG_WGS84_A * (1.0 - e2) / (w * w * w);
    int deg = l->coordinate_system ==
              SAP(LocationCoordinateSystem_LOCATION_COORDINATE_SYSTEM_LAT_LNG_DEG_M);
    double ang = deg ? VG_DEG : 1.0;
    double se = 0, sn = 0, su = 0;
    if ((rc = sigma(l->has_x_error, l->x_error, ang * (N + h) * cos(phi), DEF_SIGMA_H_M,
                    MIN_SIGMA_M, MAX_SIGMA_M, &se, "location.x_error", d)) < 0 ||
        (rc = sigma(l->has_y_error, l->y_error, ang * (M + h), DEF_SIGMA_H_M, MIN_SIGMA_M,
                    MAX_SIGMA_M, &sn, "location.y_error", d)) < 0 ||
        (rc = sigma(l->has_z_error, l->z_error, 1.0, DEF_SIGMA_V_M, MIN_SIGMA_M, MAX_SIGMA_M,
                    &su, "location.z_error", d)) < 0)
        return rc;
    if (isnan(lla[2]))
        su = NO_ALT_SIGMA_M;
    else if (l->datum == SAP(LocationDatum_LOCATION_DATUM_WGS84_G))
        su = hypot(su, GEOID_SIGMA_M);
    det->kind = VG_DET_XYZ;
    det->nz = 3;
    det->R[0] = se * se;
    det->R[4] = sn * sn;
    det->R[8] = su * su;
    return 0;
}

static int from_range_bearing(struct sapient_state *s, const SAP(RangeBearing) *rb,
                              struct vg_detection *det, struct vg_diag *d)
{
    double ka, kr; /* to radians, to metres */
    switch (rb->has_coordinate_system ? (int)rb->coordinate_system : 0) {
    case SAP(RangeBearingCoordinateSystem_RANGE_BEARING_COORDINATE_SYSTEM_DEGREES_M):
        ka = VG_DEG, kr = 1.0;
        break;
    case SAP(RangeBearingCoordinateSystem_RANGE_BEARING_COORDINATE_SYSTEM_RADIANS_M):
        ka = 1.0, kr = 1.0;
        break;
    case SAP(RangeBearingCoordinateSystem_RANGE_BEARING_COORDINATE_SYSTEM_DEGREES_KM):
        ka = VG_DEG, kr = 1000.0;
        break;
    case SAP(RangeBearingCoordinateSystem_RANGE_BEARING_COORDINATE_SYSTEM_RADIANS_KM):
        ka = 1.0, kr = 1000.0;
        break;
    default:
        return vg_diag_set(d, VG_EPARSE, "range_bearing: coordinate_system %d is not a known "
                           "unit", (int)rb->coordinate_system);
    }
    int datum = rb->has_datum ? (int)rb->datum : 0;
    if (datum == 0 || datum > SAP(RangeBearingDatum_RANGE_BEARING_DATUM_PLATFORM))
        return vg_diag_set(d, VG_EPARSE, "range_bearing: datum %d is not a known north", datum);
    if (datum != SAP(RangeBearingDatum_RANGE_BEARING_DATUM_TRUE))
        return vg_diag_set(d, VG_EUNSUPPORTED, "range_bearing: %s north is not supported",
                           datum == SAP(RangeBearingDatum_RANGE_BEARING_DATUM_MAGNETIC) ? "magnetic"
                           : datum == SAP(RangeBearingDatum_RANGE_BEARING_DATUM_GRID) ? "grid"
                                                                                     : "platform");
    if (!rb->has_azimuth || !isfinite(rb->azimuth))
        return vg_diag_set(d, VG_EPARSE, "range_bearing without a finite azimuth");
    if (!s->has_pos)
        return vg_diag_set(d, VG_EUNKSENSOR, "range_bearing from node %s, whose position is "
                           "unknown (declare it in the site, or send a StatusReport with "
                           "node_location)", s->node_id);
    double el = rb->elevation * ka, r = rb->range * kr;
    if (rb->has_elevation && !(fabs(el) <= VG_PI / 2))
        return vg_diag_set(d, VG_ERANGE, "range_bearing: elevation %g out of range",
                           rb->elevation);
    if (rb->has_range && !(r >= 0.0 && r <= 1e7))
        return vg_diag_set(d, VG_ERANGE, "range_bearing: range %g out of range", rb->range);
    double sr = 0, saz = 0, sel = 0;
    int rc;
    if ((rc = sigma(rb->has_range_error, rb->range_error, kr, DEF_SIGMA_RANGE_M, MIN_SIGMA_M,
                    MAX_SIGMA_M, &sr, "range_bearing.range_error", d)) < 0 ||
        (rc = sigma(rb->has_azimuth_error, rb->azimuth_error, ka, DEF_SIGMA_ANGLE_DEG * VG_DEG,
                    MIN_SIGMA_RAD, 2.0 * VG_PI, &saz, "range_bearing.azimuth_error", d)) < 0 ||
        (rc = sigma(rb->has_elevation_error, rb->elevation_error, ka,
                    DEF_SIGMA_ANGLE_DEG * VG_DEG, MIN_SIGMA_RAD, 2.0 * VG_PI, &sel,
                    "range_bearing.elevation_error", d)) < 0)
        return rc;
    double sd[3];
    int n = 0;
    if (rb->has_range && rb->has_elevation) {
        det->kind = VG_DET_POLAR;
        sd[n] = sr;
        det->z[n++] = r;
    } else {
        det->kind = VG_DET_BEARING;
    }
    sd[n] = saz;
    /* Reduced in the wire's unit first (exact for degrees), then wrapped to [0, 2π). */
    det->z[n++] = vg_wrap_2pi(fmod(rb->azimuth, ka == 1.0 ? 2.0 * VG_PI : 360.0) * ka);
    if (rb->has_elevation) {
        sd[n] = sel;
        det->z[n++] = el;
        det->flags |= VG_DET_HAS_EL;
    }
    det->nz = (uint8_t)n;
    for (int i = 0; i < n; i++)
        det->R[i * n + i] = sd[i] * sd[i];
    return 0;
}

int vg__sapient_detection(struct sapient_state *s, double t, struct vg_detection *det,
                          struct vg_diag *d)
{
    const SAP(DetectionReport) *r = &s->msg.content.detection_report;
    memset(det, 0, sizeof *det);
    det->t = t;
    det->sensor = (uint32_t)s->sensor;
    int rc;
    switch (r->which_location_oneof) {
    case SAP_TAG(DetectionReport, location):
        rc = from_location(s, &r->location_oneof.location, det, d);
        break;
    case SAP_TAG(DetectionReport, range_bearing):
        rc = from_range_bearing(s, &r->location_oneof.range_bearing, det, d);
        break;
    default:
        return vg_diag_set(d, VG_EPARSE, "detection_report without location or range_bearing");
    }
    if (rc < 0)
        return rc;
    classification(r, det);
    signal(r, det);
    return 1;
}

int vg__sapient_status(struct sapient_state *s, const SAP(StatusReport) *st, struct vg_diag *d)
{
    if (!st->has_node_location)
        return 0;
    double lla[3] = {0, 0, 0};
    int rc = vg__sapient_location_lla(&st->node_location, "status_report.node_location", lla, d);
    if (rc < 0)
        return rc;
    struct vg_sensor *sen = &s->site->sensors[s->sensor];
    if (sen->declared)
        return 0; /* the surveyed position wins */
    sen->lat_deg = lla[0];
    sen->lon_deg = lla[1];
    sen->h_m = isnan(lla[2]) ? s->site->frame.h0_m : lla[2];
    vg_enu_from_geo(&s->site->frame, sen->lat_deg, sen->lon_deg, sen->h_m, sen->pos);
    s->has_pos = 1;
    return 0;
}
