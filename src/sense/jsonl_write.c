/* SPDX-License-Identifier: MIT */
/* jsonl_write.c — struct vg_detection → one formats.md JSON line (see jsonl_write.h).
 *
 * Everything is checked before the first byte is written (sensor index, kind, nz against the
 * flags, finite values, a positive diagonal of R), so a line is either written whole or not at
 * all, short of an I/O error. Numbers use the shortest round-trip form: about 3 snprintf and
 * strtod calls per number, ~1 µs, which is fine for simulator and recorder output.
 *
 * Cooperative reports (adsb, remoteid) hold ENU metres; the line holds what the receiver
 * decoded, lat, lon and alt_m (ellipsoidal), converted back through the site's frame
 * (base/geo.h, nanometre-exact), so reading the line gives z to within about 1e-9 m, not to
 * the bit: the conversion is not exactly invertible in binary. sigma is in metres. */
#include "sense/jsonl_write.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"

#define PI 3.14159265358979323846
#define RAD2DEG (180.0 / PI)
#define DEG2RAD (PI / 180.0) /* what readers multiply degrees by (sense/jsonl.c) */

/* "12" → "12.0", so that every reader sees a float. */
static int as_float(char *buf, int len)
{
    if (!strpbrk(buf, ".e")) {
        memcpy(buf + len, ".0", 3);
        len += 2;
    }
    return len;
}

static double image(double d, double f1, double f2, int squared)
{
    return squared ? (d * f1) * (d * f1) : d * f1 * f2;
}

/* Prints shown, a finite value in file units, as the shortest of %.15g..%.17g whose image in
 * the reader — squared ? (d·f1)² : d·f1·f2 — is exactly target; −1 if none is. */
static int shortest(char *buf, double shown, double target, double f1, double f2, int squared)
{
    for (int prec = 15; prec <= 17; prec++) {
        int len = snprintf(buf, VG_JSONL_NUM_MAX, "%.*g", prec, shown);
        if (image(strtod(buf, NULL), f1, f2, squared) == target)
            return as_float(buf, len);
    }
    return -1;
}

int vg_jsonl_format_double(char *buf, double x)
{
    /* %.17g always reads back exactly (IEEE 754 binary64 needs at most 17 digits). */
    return isfinite(x) ? shortest(buf, x, x, 1.0, 1.0, 0) : VG_ERANGE;
}

/* A value the reader converts before use: degrees to radians (f1, f2 = DEG2RAD), sigma to
 * variance (squared), written so that the reader's image of it is exactly target when a
 * decimal of at most 17 digits can do it: an angle of 120° held in radians is written "120.0",
 * not "119.99999999999999". Otherwise shown's own shortest form, and the reader is an ulp
 * off, which for about a tenth of all angles no decimal can avoid (near 100°, one ulp of
 * degrees times π/180 exceeds one ulp of radians). */
static int format_for(char *buf, double shown, double target, double f1, double f2, int squared)
{
    if (!isfinite(shown))
        return VG_ERANGE;
    int len = shortest(buf, shown, target, f1, f2, squared);
    return len >= 0 ? len : vg_jsonl_format_double(buf, shown);
}

/* The same for a float: the shortest of %.6g .. %.9g that strtof reads back. */
static int format_float(char *buf, float x)
{
    if (!isfinite(x))
        return VG_ERANGE;
    int len = 0;
    for (int prec = 6; prec <= 9; prec++) {
        len = snprintf(buf, VG_JSONL_NUM_MAX, "%.*g", prec, (double)x);
        if (strtof(buf, NULL) == x)
            break;
    }
    return as_float(buf, len);
}

int vg_jsonl_write_string(FILE *f, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    int bad = putc('"', f) == EOF;
    for (const unsigned char *p = (const unsigned char *)s; *p && !bad; p++) {
        if (*p == '"' || *p == '\\')
            bad = putc('\\', f) == EOF || putc(*p, f) == EOF;
        else if (*p < 0x20 || *p == 0x7f)
            bad = fprintf(f, "\\u00%c%c", hex[*p >> 4], hex[*p & 15]) < 0;
        else
            bad = putc(*p, f) == EOF;
    }
    if (bad || putc('"', f) == EOF)
        return VG_EIO;
    return 0;
}

/* Components of each kind, and the unit scale from z's units to the file's (rad → deg). */
static int layout(const struct vg_detection *det, double scale[VG_DET_NZ_MAX])
{
    int has_el = (det->flags & VG_DET_HAS_EL) != 0, has_rr = (det->flags & VG_DET_HAS_RR) != 0;
    for (int i = 0; i < VG_DET_NZ_MAX; i++)
        scale[i] = 1.0;
    switch (det->kind) {
    case VG_DET_XYZ:
        return det->nz == 3 ? 0 : VG_EINVAL;
    case VG_DET_POLAR: /* [range, az, el(, rr)]: formats.md requires el */
        scale[1] = scale[2] = RAD2DEG;
        return has_el && det->nz == 3 + has_rr ? 0 : VG_EINVAL;
    case VG_DET_BEARING: /* [az(, el)] */
        scale[0] = scale[1] = RAD2DEG;
        return !has_rr && det->nz == 1 + has_el ? 0 : VG_EINVAL;
    case VG_DET_SCAN: /* (sector [from, to]) */
        scale[0] = scale[1] = RAD2DEG;
        return det->nz == 0 || det->nz == 2 ? 0 : VG_EINVAL;
    case VG_DET_ADSB:
    case VG_DET_REMOTEID:
        return det->nz == 3 ? 0 : VG_EINVAL;
    default:
        return VG_EINVAL;
    }
}

/* Every number of the line, formatted up front so that a bad value writes nothing. */
struct numbers {
    char t[VG_JSONL_NUM_MAX];
    char z[VG_DET_NZ_MAX][VG_JSONL_NUM_MAX]; /* adsb, remoteid: lat, lon, alt_m */
    char r[VG_DET_NZ_MAX * VG_DET_NZ_MAX][VG_JSONL_NUM_MAX]; /* sigma (n) or cov (n×n) */
    int full_cov;
    char snr[VG_JSONL_NUM_MAX], rcs[VG_JSONL_NUM_MAX], p[VG_JSONL_NUM_MAX];
    char vel[3][VG_JSONL_NUM_MAX], op[2][VG_JSONL_NUM_MAX]; /* coop_vel; coop_op as lat, lon */
};

/* Whether s (at most cap bytes, NUL included) has n_min..n_max characters of set (NULL:
 * printable ASCII) and, with nonblank, one that is not a space: the reader's checks. */
static int text_ok(const char *s, size_t cap, size_t n_min, size_t n_max, const char *set,
                   int nonblank)
{
    size_t n = strnlen(s, cap);
    int blank = 1;
    if (n == cap || n < n_min || n > n_max)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (set ? !strchr(set, c) : c < 0x20 || c > 0x7e)
            return 0;
        blank &= c == ' ';
    }
    return !(nonblank && blank);
}

#define HEX "0123456789abcdefABCDEF"

/* A cooperative report's geodetic numbers: lat, lon, alt_m of z, and the operator's lat, lon
 * for the reader's convention (the point at the origin's height h0 whose [e, n] is coop_op).
 * That point's up coordinate u is not 0 but about −d²/2R (Earth's curvature: −0.7 m at 3 km),
 * and taking lat, lon at u = 0 would move [e, n] by u·d/R (0.3 mm there, a float's ulp), so u
 * is found by fixed-point iteration: u ← up of (lat, lon, h0) for the lat, lon of [e, n, u];
 * each round gains a factor ~d/R (5e-4 at 3 km), three leave nothing. */
static int format_coop(const struct vg_enu_frame *fr, const struct vg_detection *det,
                       struct numbers *o)
{
    double lat, lon, h;
    if (det->kind == VG_DET_ADSB ? !text_ok(det->coop_id, sizeof det->coop_id, 6, 6, HEX, 0)
                                 : !text_ok(det->coop_id, sizeof det->coop_id, 1, 20, NULL, 1))
        return VG_EINVAL;
    vg_enu_to_geo(fr, det->z, &lat, &lon, &h);
    if (vg_jsonl_format_double(o->z[0], lat) < 0 || vg_jsonl_format_double(o->z[1], lon) < 0 ||
        vg_jsonl_format_double(o->z[2], h) < 0)
        return VG_EINVAL;
    for (int i = 0; (det->flags & VG_DET_HAS_COOP_VEL) && i < 3; i++)
        if (!(fabsf(det->coop_vel[i]) <= 2000.0f) || format_float(o->vel[i], det->coop_vel[i]) < 0)
            return VG_EINVAL; /* the reader's bound, ±2000 m/s */
    if (det->kind != VG_DET_REMOTEID || !(det->flags & VG_DET_HAS_COOP_OP))
        return 0;
    double enu[3] = {det->coop_op[0], det->coop_op[1], 0.0}, back[3];
    if (!isfinite(enu[0]) || !isfinite(enu[1]))
        return VG_EINVAL;
    for (int it = 0; it < 3; it++) {
        vg_enu_to_geo(fr, enu, &lat, &lon, &h);
        vg_enu_from_geo(fr, lat, lon, fr->h0_m, back);
        enu[2] = back[2];
    }
    return vg_jsonl_format_double(o->op[0], lat) < 0 || vg_jsonl_format_double(o->op[1], lon) < 0
               ? VG_EINVAL
               : 0;
}

static int format_all(const struct vg_detection *det, const double *scale, struct numbers *o)
{
    int n = det->nz, rc = vg_jsonl_format_double(o->t, det->t);
    int az = det->kind == VG_DET_POLAR ? 1 : det->kind == VG_DET_BEARING ? 0 : -1;
    for (int i = 0; rc >= 0 && i < n; i++) {
        double v = det->z[i] * scale[i], f = scale[i] == 1.0 ? 1.0 : DEG2RAD;
        if (i == az && isfinite(v)) { /* azimuth written in [0, 360) */
            v = fmod(v, 360.0);
            v = v < 0.0 ? v + 360.0 : v;
            v = v >= 360.0 ? 0.0 : v;
        }
        rc = f == 1.0 ? vg_jsonl_format_double(o->z[i], v)
                      : format_for(o->z[i], v, det->z[i], f, 1.0, 0);
    }
    o->full_cov = 0;
    if (det->kind == VG_DET_SCAN) { /* a sector: angles in [0, 360], no covariance */
        for (int i = 0; rc >= 0 && i < n; i++) {
            double v = fmod(det->z[i] * RAD2DEG, 360.0);
            v = v < 0.0 ? v + 360.0 : v;
            rc = isfinite(v) ? format_for(o->z[i], v, det->z[i], DEG2RAD, 1.0, 0) : -1;
        }
        /* An empty sector (from = to as written) is one the reader refuses. */
        if (rc >= 0 && n == 2 &&
            fmod(strtod(o->z[1], NULL) - strtod(o->z[0], NULL) + 360.0, 360.0) == 0.0)
            rc = -1;
        return rc < 0 ? VG_EINVAL : 0;
    }
    for (int i = 0; i < n; i++) {
        if (!(det->R[i * n + i] > 0.0))
            return VG_EINVAL;
        for (int j = 0; j < n; j++)
            if (i != j && det->R[i * n + j] != 0.0)
                o->full_cov = 1;
    }
    for (int i = 0; rc >= 0 && i < n; i++)
        for (int j = 0; rc >= 0 && j < n; j++) {
            double fi = scale[i] == 1.0 ? 1.0 : DEG2RAD, fj = scale[j] == 1.0 ? 1.0 : DEG2RAD;
            double r = det->R[i * n + j];
            if (o->full_cov)
                rc = format_for(o->r[i * n + j], r * scale[i] * scale[j], r, fi, fj, 0);
            else if (i == j)
                rc = format_for(o->r[i], sqrt(r) * scale[i], r, fi, fi, 1);
        }
    if (rc >= 0 && (det->flags & VG_DET_HAS_SNR))
        rc = format_float(o->snr, det->snr_db);
    if (rc >= 0 && (det->flags & VG_DET_HAS_RCS))
        rc = format_float(o->rcs, det->rcs_dbsm);
    if (rc >= 0 && (det->flags & VG_DET_HAS_HINT)) {
        if (det->class_hint >= VG_CLASS_COUNT || !(det->class_p >= 0.0f && det->class_p <= 1.0f))
            return VG_EINVAL;
        rc = format_float(o->p, det->class_p);
    }
    return rc < 0 ? VG_EINVAL : 0;
}

static int put_array(FILE *f, const char *key, char (*v)[VG_JSONL_NUM_MAX], int n)
{
    int bad = fprintf(f, ",\"%s\":[", key) < 0;
    for (int i = 0; i < n && !bad; i++)
        bad = fprintf(f, "%s%s", i ? "," : "", v[i]) < 0;
    return bad || putc(']', f) == EOF ? VG_EIO : 0;
}

void vg_jsonl_extra_init(struct vg_jsonl_extra *x)
{
    x->truth = NULL;
    x->arrival = NAN;
    x->link = NULL;
    x->band_mhz = 0.0;
    x->callsign = NULL;
    x->squawk = NULL;
}

/* adsb: "icao"(, "callsign", "squawk"), "lat", "lon", "alt_m"(, "vel");
 * remoteid: "uas_id", "lat", "lon", "alt_m"(, "vel")(, "operator": {"lat", "lon"}). */
static int write_coop(FILE *f, const struct vg_detection *det, const struct numbers *num,
                      const char *callsign, const char *squawk)
{
    int bad = fputs(det->kind == VG_DET_ADSB ? ",\"icao\":" : ",\"uas_id\":", f) == EOF ||
              vg_jsonl_write_string(f, det->coop_id) < 0;
    if (!bad && callsign)
        bad = fputs(",\"callsign\":", f) == EOF || vg_jsonl_write_string(f, callsign) < 0;
    if (!bad && squawk)
        bad = fputs(",\"squawk\":", f) == EOF || vg_jsonl_write_string(f, squawk) < 0;
    if (!bad)
        bad = fprintf(f, ",\"lat\":%s,\"lon\":%s,\"alt_m\":%s", num->z[0], num->z[1],
                      num->z[2]) < 0;
    if (!bad && (det->flags & VG_DET_HAS_COOP_VEL))
        bad = fprintf(f, ",\"vel\":[%s,%s,%s]", num->vel[0], num->vel[1], num->vel[2]) < 0;
    if (!bad && det->kind == VG_DET_REMOTEID && (det->flags & VG_DET_HAS_COOP_OP))
        bad = fprintf(f, ",\"operator\":{\"lat\":%s,\"lon\":%s}", num->op[0], num->op[1]) < 0;
    return bad ? VG_EIO : 0;
}

int vg_jsonl_write_detection(FILE *f, const struct vg_site *site, const struct vg_detection *det,
                             const char *truth_id)
{
    struct vg_jsonl_extra x;
    vg_jsonl_extra_init(&x);
    x.truth = truth_id;
    return vg_jsonl_write_detection_ex(f, site, det, &x);
}

int vg_jsonl_write_detection_ex(FILE *f, const struct vg_site *site,
                                const struct vg_detection *det, const struct vg_jsonl_extra *x)
{
    double scale[VG_DET_NZ_MAX];
    struct numbers num;
    struct vg_jsonl_extra none;
    if (!x) {
        vg_jsonl_extra_init(&none);
        x = &none;
    }
    int rc = layout(det, scale);
    if (rc < 0)
        return rc;
    if (det->sensor >= site->nsensors)
        return VG_EINVAL;
    if ((rc = format_all(det, scale, &num)) < 0)
        return rc;
    int adsb = det->kind == VG_DET_ADSB, coop = adsb || det->kind == VG_DET_REMOTEID;
    if (coop && (rc = format_coop(&site->frame, det, &num)) < 0)
        return rc;
    const char *callsign = adsb ? x->callsign : NULL, *squawk = adsb ? x->squawk : NULL;
    if ((callsign && !text_ok(callsign, 9, 1, 8, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ", 1)) ||
        (squawk && !text_ok(squawk, 5, 4, 4, "01234567", 0)))
        return VG_EINVAL;
    char arrival[VG_JSONL_NUM_MAX], band[VG_JSONL_NUM_MAX];
    if (!isnan(x->arrival) && vg_jsonl_format_double(arrival, x->arrival) < 0)
        return VG_EINVAL;
    if (x->link && (!(x->band_mhz > 0.0) || vg_jsonl_format_double(band, x->band_mhz) < 0))
        return VG_EINVAL;

    int n = det->nz;
    if (fprintf(f, "{\"t\":%s", num.t) < 0 ||
        (!isnan(x->arrival) && fprintf(f, ",\"arrival\":%s", arrival) < 0) ||
        fputs(",\"sensor\":", f) == EOF ||
        vg_jsonl_write_string(f, site->sensors[det->sensor].id) < 0 ||
        fprintf(f, ",\"kind\":\"%s\"", vg_det_kind_name(det->kind)) < 0)
        return VG_EIO;
    switch (det->kind) {
    case VG_DET_XYZ:
        rc = put_array(f, "pos", num.z, 3);
        break;
    case VG_DET_POLAR:
        rc = fprintf(f, ",\"range\":%s,\"az\":%s,\"el\":%s", num.z[0], num.z[1], num.z[2]) < 0 ||
                     (n == 4 && fprintf(f, ",\"rr\":%s", num.z[3]) < 0)
                 ? VG_EIO
                 : 0;
        break;
    case VG_DET_BEARING:
        rc = fprintf(f, ",\"az\":%s", num.z[0]) < 0 ||
                     (n == 2 && fprintf(f, ",\"el\":%s", num.z[1]) < 0)
                 ? VG_EIO
                 : 0;
        break;
    case VG_DET_ADSB:
    case VG_DET_REMOTEID:
        rc = write_coop(f, det, &num, callsign, squawk);
        break;
    default: /* scan */
        if (n == 2)
            rc = put_array(f, "sector", num.z, 2);
        break;
    }
    if (rc == 0 && n > 0 && det->kind != VG_DET_SCAN)
        rc = num.full_cov ? put_array(f, "cov", num.r, n * n) : put_array(f, "sigma", num.r, n);
    if (rc == 0 && x->link &&
        (fprintf(f, ",\"emitter\":{\"band_mhz\":%s,\"link\":", band) < 0 ||
         vg_jsonl_write_string(f, x->link) < 0 || putc('}', f) == EOF))
        rc = VG_EIO;
    if (rc == 0 && (det->flags & VG_DET_HAS_SNR) && fprintf(f, ",\"snr_db\":%s", num.snr) < 0)
        rc = VG_EIO;
    if (rc == 0 && (det->flags & VG_DET_HAS_RCS) && fprintf(f, ",\"rcs_dbsm\":%s", num.rcs) < 0)
        rc = VG_EIO;
    if (rc == 0 && (det->flags & VG_DET_HAS_HINT) &&
        fprintf(f, ",\"class_hint\":\"%s\",\"p\":%s", vg_class_name(det->class_hint), num.p) < 0)
        rc = VG_EIO;
    if (rc == 0 && x->truth &&
        (fputs(",\"truth\":", f) == EOF || vg_jsonl_write_string(f, x->truth) < 0))
        rc = VG_EIO;
    if (rc == 0 && fputs("}\n", f) == EOF)
        rc = VG_EIO;
    return rc;
}
