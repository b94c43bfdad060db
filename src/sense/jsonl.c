/* SPDX-License-Identifier: MIT */
/* jsonl.c — detections from JSON lines (formats.md "Detections") into struct vg_detection.
 *
 * Each line is parsed with jansson, the maintained JSON library Debian ships (libjansson) and
 * the one site.c uses, as the issue requires of this reader. Reading is outside the tracker's
 * no-allocation hot path: the tracker and the benchmark take detections already in memory
 * (struct vg_detection, filled here), so the tree jansson allocates for a line costs only
 * reading time, and json_decref frees it at once before the next line. jansson checks the
 * grammar (RFC 8259, UTF-8 included) and is called with
 *   - JSON_REJECT_DUPLICATES: a key given twice, at any depth, is an error, never "last wins";
 *   - JSON_DECODE_INT_AS_REAL: every number is a double, so "t":3 and "t":3.0 read alike and a
 *     long integer is no "too big integer" error;
 *   - the end-of-input check on (no JSON_DISABLE_EOF_CHECK, no JSON_DECODE_ANY): one object
 *     and nothing after it but whitespace;
 * and it rejects NaN, Infinity, numbers that overflow a double and \u0000 in strings. On top
 * of that this file bounds what one line may cost: a line is at most JSONL_LINE_MAX bytes
 * (1 MiB; the reader does not even buffer the rest of a longer one) and nested at most
 * MAX_DEPTH levels, and NUL bytes are named as such. jansson's message and byte position are
 * kept in the reason ("invalid JSON at byte 17: ..."), made safe to print.
 *
 * Only the fields in the table below are read; the others are ignored. The whole line is
 * parsed before any field is interpreted, so a detection only comes from valid JSON.
 *
 * Interpretation (units per sense/detection.h): degrees become radians, az is normalised to
 * [0, 2π), R = diag(sigma²) or the file's cov (which wins) scaled to the same units, and cov
 * must be symmetric positive definite. The sensor is resolved last, so a sensor is only added
 * implicitly (VG_JSONL_AUTO_SENSOR) for a line that is otherwise good.
 *
 * Cooperative reports (adsb, remoteid) carry what a receiver decoded: an identity checked as
 * the standards write it (ICAO address: 6 hex digits, as readsb's decodeSbsLine demands; UAS
 * ID: ASTM F3411's 20 ASCII bytes; callsign: DO-260B's 8 characters of A-Z, 0-9 and space;
 * squawk: 4 octal digits) and a WGS-84 position (lat, lon in range, a finite height within
 * [-1 km, 100 km], ending within 1000 km of the site), turned into z = [e, n, u] through the
 * site's frame. R is the line's sigma or cov in metres, else from an ADS-B `nacp`, else the
 * defaults below; callsign and squawk are checked but not kept (the record has no room). */
#include "sense/jsonl.h"

#include <float.h>
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/angle.h"
#include "base/mat.h"
#include "sense/jsonl_internal.h"

#define MAX_DEPTH 32   /* nesting levels of a line, the line's own object included */
#define STR_CAP 40     /* a string quoted in a message is cut to STR_CAP - 1 bytes and "..." */
#define JSON_FLAGS (JSON_REJECT_DUPLICATES | JSON_DECODE_INT_AS_REAL)

/* ---- the fields Vigil reads ------------------------------------------------------------- */

/* Bounds on measured values: a finite but absurd number (a range rate of 1e160) would take
 * the tracker's arithmetic to infinity and NaN. 10,000 km and 10 km/s hold every sensor. */
#define POS_MAX_M 1e7
#define RR_MAX_MPS 1e4

enum field { F_T, F_SENSOR, F_KIND, F_POS, F_RANGE, F_AZ, F_EL, F_RR, F_SIGMA, F_COV, F_SNR,
             F_RCS, F_HINT, F_P, F_LAT, F_LON, F_ALT, F_ALT_BARO, F_VEL, F_ICAO, F_CALLSIGN,
             F_SQUAWK, F_UAS_ID, F_NACP, F_SECTOR, F_COUNT }; /* F_COUNT ≤ 32: one bit each in struct line */
enum ftype { NUM, STR, ARR };

static const struct {
    const char *name;
    unsigned char type; /* enum ftype */
    unsigned char slot; /* index into line.str or line.arr */
    unsigned char max;  /* ARR: most values */
} fields[F_COUNT] = {
    [F_T] = {"t", NUM, 0, 0},          [F_SENSOR] = {"sensor", STR, 0, 0},
    [F_KIND] = {"kind", STR, 1, 0},    [F_POS] = {"pos", ARR, 0, 3},
    [F_RANGE] = {"range", NUM, 0, 0},  [F_AZ] = {"az", NUM, 0, 0},
    [F_EL] = {"el", NUM, 0, 0},        [F_RR] = {"rr", NUM, 0, 0},
    [F_SIGMA] = {"sigma", ARR, 1, 4},  [F_COV] = {"cov", ARR, 2, 16},
    [F_SNR] = {"snr_db", NUM, 0, 0},   [F_RCS] = {"rcs_dbsm", NUM, 0, 0},
    [F_HINT] = {"class_hint", STR, 2, 0}, [F_P] = {"p", NUM, 0, 0},
    [F_LAT] = {"lat", NUM, 0, 0},      [F_LON] = {"lon", NUM, 0, 0},
    [F_ALT] = {"alt_m", NUM, 0, 0},    [F_ALT_BARO] = {"alt_baro_m", NUM, 0, 0},
    [F_VEL] = {"vel", ARR, 3, 3},      [F_ICAO] = {"icao", STR, 3, 0},
    [F_CALLSIGN] = {"callsign", STR, 4, 0}, [F_SQUAWK] = {"squawk", STR, 5, 0},
    [F_UAS_ID] = {"uas_id", STR, 6, 0}, [F_NACP] = {"nacp", NUM, 0, 0},
    [F_SECTOR] = {"sector", ARR, 4, 2},
};

/* What one line said, before interpretation. The strings point into the line's jansson
 * tree and live as long as it does. */
struct line {
    uint32_t named;     /* bit per field that appeared (null included) */
    uint32_t seen;      /* bit per field with a non-null value */
    double num[F_COUNT];
    const char *str[7];
    size_t nstr[7];     /* byte length (jansson strings hold no NUL: JSON_ALLOW_NUL is off) */
    double arr[5][16];
    size_t narr[5];
};

/* ---- from jansson's tree ---------------------------------------------------------------- */

/* Bytes that are not printable ASCII become '?', so that no message carries control
 * characters or a UTF-8 sequence jansson's fixed-size text cut in two. */
static void printable(char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
            *s = '?';
}

/* jansson's error as the reason: its message and the byte it stopped at (1-based). */
static int json_failed(const json_error_t *je, struct vg_diag *d)
{
    char text[JSON_ERROR_TEXT_LENGTH];
    snprintf(text, sizeof text, "%s", je->text);
    printable(text);
    switch (json_error_code(je)) {
    case json_error_out_of_memory:
        return vg_diag_set(d, VG_ENOMEM, "out of memory");
    case json_error_numeric_overflow:
        return vg_diag_set(d, VG_ERANGE, "number out of range at byte %d: %s", je->position,
                           text);
    case json_error_invalid_utf8:
        return vg_diag_set(d, VG_EPARSE, "invalid UTF-8 at byte %d: %s", je->position, text);
    default:
        return vg_diag_set(d, VG_EPARSE, "invalid JSON at byte %d: %s", je->position, text);
    }
}

/* Whether v nests deeper than MAX_DEPTH, v being at level depth. jansson itself stops at
 * 2048 levels, so this recursion is bounded either way. */
static int too_deep(json_t *v, int depth)
{
    if (!json_is_object(v) && !json_is_array(v))
        return 0;
    if (depth >= MAX_DEPTH)
        return 1;
    if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++)
            if (too_deep(json_array_get(v, i), depth + 1))
                return 1;
        return 0;
    }
    const char *key;
    json_t *x;
    json_object_foreach(v, key, x)
    {
        (void)key;
        if (too_deep(x, depth + 1))
            return 1;
    }
    return 0;
}

static int find_field(const char *key)
{
    for (int f = 0; f < F_COUNT; f++)
        if (key[0] == fields[f].name[0] && strcmp(key, fields[f].name) == 0)
            return f;
    return -1;
}

/* One known member into L: type and array length checked, null counted as absent. */
static int field_value(struct line *L, int f, json_t *v, struct vg_diag *d)
{
    const char *name = fields[f].name;
    L->named |= 1u << f;
    if (json_is_null(v))
        return 0; /* an optional field given as null is absent */
    L->seen |= 1u << f;
    switch (fields[f].type) {
    case NUM:
        if (!json_is_number(v))
            return vg_diag_set(d, VG_EPARSE, "'%s' is not a number", name);
        L->num[f] = json_number_value(v);
        if (!isfinite(L->num[f]))
            return vg_diag_set(d, VG_ERANGE, "'%s' is out of range", name);
        return 0;
    case STR:
        if (!json_is_string(v))
            return vg_diag_set(d, VG_EPARSE, "'%s' is not a string", name);
        L->str[fields[f].slot] = json_string_value(v);
        L->nstr[fields[f].slot] = json_string_length(v);
        return 0;
    default: {
        double *a = L->arr[fields[f].slot];
        size_t n = json_array_size(v);
        if (!json_is_array(v))
            return vg_diag_set(d, VG_EPARSE, "'%s' is not an array", name);
        for (size_t i = 0; i < n; i++) {
            json_t *x = json_array_get(v, i);
            if (!json_is_number(x))
                return vg_diag_set(d, VG_EPARSE, "'%s' holds a value that is not a number",
                                   name);
            if (i == fields[f].max)
                return vg_diag_set(d, VG_EPARSE, "'%s' has more than %d values", name,
                                   fields[f].max);
            a[i] = json_number_value(x);
            if (!isfinite(a[i]))
                return vg_diag_set(d, VG_ERANGE, "'%s' holds a number out of range", name);
        }
        L->narr[fields[f].slot] = n;
        return 0;
    }
    }
}

/* The line's object, member by member in the order of the line. */
static int read_object(json_t *root, struct line *L, struct vg_diag *d)
{
    if (!json_is_object(root))
        return vg_diag_set(d, VG_EPARSE, "a line must hold one JSON object, not an array");
    const char *key;
    json_t *v;
    json_object_foreach(root, key, v)
    {
        int f = find_field(key), rc;
        if (f >= 0 && (rc = field_value(L, f, v, d)) < 0)
            return rc;
        if (f < 0 && too_deep(v, 1))
            return vg_diag_set(d, VG_EPARSE, "nested deeper than %d levels", MAX_DEPTH);
    }
    return 0;
}

/* ---- interpretation --------------------------------------------------------------------- */

static int missing(const struct line *L, int f, struct vg_diag *d)
{
    return vg_diag_set(d, VG_EPARSE, (L->named & 1u << f) ? "'%s' is null" : "'%s' is missing",
                       fields[f].name);
}

/* A string field made safe to quote in a message: at most STR_CAP - 1 bytes, cut at a UTF-8
 * character boundary and marked "...", control characters as '?'. */
static const char *quoted(const struct line *L, int f, char *buf, size_t cap)
{
    int slot = fields[f].slot;
    const char *s = L->str[slot];
    size_t n = L->nstr[slot], k = n < STR_CAP ? n : STR_CAP - 1;
    if (k < n)
        while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
            k--; /* s[k] is the first byte left out: not inside a character */
    snprintf(buf, cap, "%.*s%s", (int)k, s, k < n ? "..." : "");
    for (char *p = buf; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = '?';
    return buf;
}

/* ---- cooperative reports: adsb and remoteid ---------------------------------------------- */

#define COORD_MAX_M 1e6     /* farthest ENU position accepted, m: as for the site file */
#define ALT_MIN_M (-1000.0) /* heights accepted, m: below the deepest geoid low ... */
#define ALT_MAX_M 1e5       /* ... up to 100 km; an aircraft or a drone flies far below */
#define VEL_MAX_MPS 2000.0  /* |velocity component|: ADS-B encodes up to ~4000 kt */
#define UAS_ID_MAX 20       /* ASTM F3411 Basic ID: 20 bytes of ASCII */
#define CALLSIGN_MAX 8      /* DO-260B identification: 8 characters of A-Z, 0-9, space */
#define CALLSIGN_SET "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 "

/* Default accuracy when a report states none, 1 σ in m: ADS-B horizontally like NACp 8-9
 * (95 % bound 30-93 m), vertically a GNSS height (alt_m) or a pressure altitude (alt_baro_m:
 * read as a height, off by the geoid undulation and the day's pressure, often 50-150 m);
 * Remote ID like F3411's common "< 10 m" horizontal, "< 15 m" vertical accuracy class. */
enum { ADSB_H_M = 15, ADSB_GNSS_M = 30, ADSB_BARO_M = 100, RID_H_M = 10, RID_V_M = 15 };

/* RTCA DO-260B's NACp table: NACp → EPU, the 95 % horizontal position bound (m; 0: unknown),
 * and for NACp 9-11 also the vertical bound (VEPU, m). */
static const double nacp_epu_m[12] = {0,     18520, 7408,  3704, 1852, 926,
                                      555.6, 185.2, 92.6,  30,   10,   3};
static const double nacp_vepu_m[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 45, 15, 4};

/* R = diag(σh², σh², σv²) for a cooperative report without sigma or cov: from its NACp (an
 * ADS-B field, 1-11; σ = EPU / 2.448 horizontally, a 2-D Gaussian's 95 % radius being
 * √(2 ln 20)·σ, and VEPU / 1.96 vertically), or the defaults above. */
static int coop_default_R(const struct line *L, struct vg_detection *det, struct vg_diag *d)
{
    int adsb = det->kind == VG_DET_ADSB, baro = adsb && !(L->seen & 1u << F_ALT);
    double sh = adsb ? ADSB_H_M : RID_H_M, sv = adsb ? (baro ? ADSB_BARO_M : ADSB_GNSS_M) : RID_V_M;
    if (adsb && (L->seen & 1u << F_NACP)) {
        double n = L->num[F_NACP];
        if (!(n >= 0 && n <= 11 && n == floor(n)))
            return vg_diag_set(d, VG_ERANGE, "'nacp' %g is not an integer in [0, 11]", n);
        if (n > 0)
            sh = nacp_epu_m[(int)n] / 2.448;
        if (n >= 9 && !baro)
            sv = nacp_vepu_m[(int)n] / 1.96;
    }
    det->R[0] = det->R[4] = sh * sh;
    det->R[8] = sv * sv;
    return 0;
}

/* Geodetic lat/lon (degrees) at height h_m to ENU via the site's frame; name prefixes the
 * keys in messages ("" or "operator."). */
static int geo_point(const struct vg_site *site, const char *name, double lat, double lon,
                     double h, double enu[3], struct vg_diag *d)
{
    if (!(lat >= -90.0 && lat <= 90.0))
        return vg_diag_set(d, VG_ERANGE, "'%slat' %g is outside [-90, 90]", name, lat);
    if (!(lon >= -180.0 && lon <= 180.0))
        return vg_diag_set(d, VG_ERANGE, "'%slon' %g is outside [-180, 180]", name, lon);
    vg_enu_from_geo(&site->frame, lat, lon, h, enu);
    if (!(hypot(enu[0], enu[1]) <= COORD_MAX_M && fabs(enu[2]) <= COORD_MAX_M))
        return vg_diag_set(d, VG_ERANGE, "'%slat', '%slon' is more than %g km from the site's "
                           "origin", name, name, COORD_MAX_M / 1000);
    return 0;
}

/* z = [e, n, u] from lat, lon and alt_m (or, for ADS-B, alt_baro_m); vel when given. */
static int coop_position(const struct line *L, const struct vg_site *site,
                         struct vg_detection *det, struct vg_diag *d)
{
    int f_alt = F_ALT;
    if (!(L->seen & 1u << F_LAT))
        return missing(L, F_LAT, d);
    if (!(L->seen & 1u << F_LON))
        return missing(L, F_LON, d);
    if (det->kind == VG_DET_ADSB && !(L->seen & 1u << F_ALT) && (L->seen & 1u << F_ALT_BARO))
        f_alt = F_ALT_BARO;
    if (!(L->seen & 1u << f_alt))
        return vg_diag_set(d, VG_EPARSE, det->kind == VG_DET_ADSB
                                             ? "'alt_m' or 'alt_baro_m' is required for kind adsb"
                                             : "'alt_m' is required for kind remoteid");
    double alt = L->num[f_alt];
    if (!(alt >= ALT_MIN_M && alt <= ALT_MAX_M))
        return vg_diag_set(d, VG_ERANGE, "'%s' %g is outside [%g, %g]", fields[f_alt].name, alt,
                           ALT_MIN_M, ALT_MAX_M);
    int rc = geo_point(site, "", L->num[F_LAT], L->num[F_LON], alt, det->z, d);
    if (rc < 0)
        return rc;
    det->nz = 3;
    if (!(L->seen & 1u << F_VEL))
        return 0;
    if (L->narr[3] != 3)
        return vg_diag_set(d, VG_EPARSE, "'vel' has %zu values, not 3 [ve, vn, vu]", L->narr[3]);
    for (int i = 0; i < 3; i++)
        if (!(fabs(det->coop_vel[i] = (float)L->arr[3][i]) <= VEL_MAX_MPS))
            return vg_diag_set(d, VG_ERANGE, "'vel' value %g is beyond +-%g m/s", L->arr[3][i],
                               VEL_MAX_MPS);
    det->flags |= VG_DET_HAS_COOP_VEL;
    return 0;
}

/* Whether s[0..n) holds only characters of set (set NULL: printable ASCII, 0x20-0x7e) and,
 * with nonblank, one that is not a space. */
static int only(const char *s, size_t n, const char *set, int nonblank)
{
    int blank = 1;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (set ? !c || !strchr(set, c) : c < 0x20 || c > 0x7e)
            return 0;
        blank &= c == ' ';
    }
    return !(nonblank && blank);
}

/* coop_id: the ICAO address (6 hex digits, kept in lower case; callsign and squawk are
 * checked, not kept) or the UAS ID (1-20 printable ASCII characters, not all blank). */
static int coop_ident(const struct line *L, struct vg_detection *det, struct vg_diag *d)
{
    char q[STR_CAP + 4];
    if (det->kind == VG_DET_REMOTEID) {
        const char *s = L->str[6];
        size_t n = L->nstr[6];
        if (!(L->seen & 1u << F_UAS_ID))
            return missing(L, F_UAS_ID, d);
        if (n == 0 || n > UAS_ID_MAX || !only(s, n, NULL, 1))
            return vg_diag_set(d, VG_EPARSE, "'uas_id' '%s' is not 1 to %d printable ASCII "
                               "characters", quoted(L, F_UAS_ID, q, sizeof q), UAS_ID_MAX);
        memcpy(det->coop_id, s, n);
        return 0;
    }
    if (!(L->seen & 1u << F_ICAO))
        return missing(L, F_ICAO, d);
    if (L->nstr[3] != 6 || !only(L->str[3], 6, "0123456789abcdefABCDEF", 0))
        return vg_diag_set(d, VG_EPARSE, "'icao' '%s' is not 6 hex digits (a 24-bit address)",
                           quoted(L, F_ICAO, q, sizeof q));
    for (int i = 0; i < 6; i++)
        det->coop_id[i] = (char)(L->str[3][i] | 0x20); /* lower case: digits keep 0x20 */
    if ((L->seen & 1u << F_CALLSIGN) && (L->nstr[4] == 0 || L->nstr[4] > CALLSIGN_MAX ||
                                         !only(L->str[4], L->nstr[4], CALLSIGN_SET, 1)))
        return vg_diag_set(d, VG_EPARSE, "'callsign' '%s' is not 1 to %d of A-Z, 0-9 and space",
                           quoted(L, F_CALLSIGN, q, sizeof q), CALLSIGN_MAX);
    if ((L->seen & 1u << F_SQUAWK) && (L->nstr[5] != 4 || !only(L->str[5], 4, "01234567", 0)))
        return vg_diag_set(d, VG_EPARSE, "'squawk' '%s' is not 4 octal digits",
                           quoted(L, F_SQUAWK, q, sizeof q));
    return 0;
}

/* `operator` {lat, lon} of a Remote ID report (F3411 System message): the pilot, on the
 * ground, taken at the origin's height; coop_op = its [e, n]. */
static int coop_operator(json_t *root, const struct vg_site *site, struct vg_detection *det,
                         struct vg_diag *d)
{
    static const char *const key[2] = {"lat", "lon"};
    json_t *op = json_object_get(root, "operator");
    if (det->kind != VG_DET_REMOTEID || !op || json_is_null(op))
        return 0;
    if (!json_is_object(op))
        return vg_diag_set(d, VG_EPARSE, "'operator' is not an object");
    double v[2], enu[3];
    for (int i = 0; i < 2; i++) {
        json_t *x = json_object_get(op, key[i]);
        if (!x || json_is_null(x))
            return vg_diag_set(d, VG_EPARSE, "'operator.%s' is missing", key[i]);
        if (!json_is_number(x))
            return vg_diag_set(d, VG_EPARSE, "'operator.%s' is not a number", key[i]);
        v[i] = json_number_value(x);
    }
    int rc = geo_point(site, "operator.", v[0], v[1], site->frame.h0_m, enu, d);
    if (rc < 0)
        return rc;
    det->coop_op[0] = (float)enu[0];
    det->coop_op[1] = (float)enu[1];
    det->flags |= VG_DET_HAS_COOP_OP;
    return 0;
}

/* R from sigma or cov, in the units of z: scale[i] converts component i (1 or VG_DEG). */
static int set_covariance(const struct line *L, const double *scale, struct vg_detection *det,
                          struct vg_diag *d)
{
    int n = det->nz;
    if (L->seen & 1u << F_COV) {
        const double *c = L->arr[2];
        if (L->narr[2] != (size_t)(n * n))
            return vg_diag_set(d, VG_EPARSE, "'cov' has %zu values, %s needs %d (%d×%d)",
                               L->narr[2], vg_det_kind_name(det->kind), n * n, n, n);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                double a = c[i * n + j], b = c[j * n + i];
                if (fabs(a - b) > 1e-9 * fmax(fabs(a), fabs(b)))
                    return vg_diag_set(d, VG_ENOTSPD, "'cov' is not symmetric");
                det->R[i * n + j] = 0.5 * (a + b) * scale[i] * scale[j];
            }
        double l[VG_DET_NZ_MAX * VG_DET_NZ_MAX];
        if (vg_mat_chol(l, det->R, n) < 0)
            return vg_diag_set(d, VG_ENOTSPD, "'cov' is not positive definite");
        return 0;
    }
    if (!(L->seen & 1u << F_SIGMA) && (det->kind == VG_DET_ADSB || det->kind == VG_DET_REMOTEID))
        return coop_default_R(L, det, d);
    if (!(L->seen & 1u << F_SIGMA))
        return vg_diag_set(d, VG_EPARSE, "'sigma' or 'cov' is required for kind %s",
                           vg_det_kind_name(det->kind));
    if (L->narr[1] != (size_t)n)
        return vg_diag_set(d, VG_EPARSE, "'sigma' has %zu values, this %s needs %d",
                           L->narr[1], vg_det_kind_name(det->kind), n);
    for (int i = 0; i < n; i++) {
        double sd = L->arr[1][i] * scale[i], var = sd * sd;
        if (!(L->arr[1][i] > 0.0) || !(var > 0.0) || !isfinite(var))
            return vg_diag_set(d, VG_ERANGE, "'sigma' value %g is not a positive variance",
                               L->arr[1][i]);
        det->R[i * n + i] = var;
    }
    return 0;
}

/* A scan marker's optional "sector": [from, to] degrees, swept clockwise from `from` to `to`
 * (through north when to < from); the whole circle is a marker without a sector. */
static int scan_sector(const struct line *L, struct vg_detection *det, struct vg_diag *d)
{
    if (!(L->seen & 1u << F_SECTOR))
        return 0;
    if (L->narr[4] != 2)
        return vg_diag_set(d, VG_EPARSE, "'sector' has %zu values, not 2 [from, to] degrees",
                           L->narr[4]);
    for (int i = 0; i < 2; i++)
        if (!(L->arr[4][i] >= 0.0 && L->arr[4][i] <= 360.0))
            return vg_diag_set(d, VG_ERANGE, "'sector' value %g is outside [0, 360]",
                               L->arr[4][i]);
    if (fmod(L->arr[4][1] - L->arr[4][0] + 360.0, 360.0) == 0.0)
        return vg_diag_set(d, VG_ERANGE, "'sector' [%g, %g] is empty (a whole scan has none)",
                           L->arr[4][0], L->arr[4][1]);
    det->z[0] = vg_wrap_2pi(L->arr[4][0] * VG_DEG);
    det->z[1] = vg_wrap_2pi(L->arr[4][1] * VG_DEG);
    det->nz = 2;
    return 0;
}

static int measurement(const struct line *L, const struct vg_site *site,
                       struct vg_detection *det, double *scale, struct vg_diag *d)
{
    const double *num = L->num;
    switch (det->kind) {
    case VG_DET_XYZ:
        if (!(L->seen & 1u << F_POS))
            return missing(L, F_POS, d);
        if (L->narr[0] != 3)
            return vg_diag_set(d, VG_EPARSE, "'pos' has %zu values, not 3 [e, n, u]",
                               L->narr[0]);
        for (int i = 0; i < 3; i++)
            if (!(fabs(L->arr[0][i]) <= POS_MAX_M))
                return vg_diag_set(d, VG_ERANGE, "'pos' value %g is beyond +-%g m",
                                   L->arr[0][i], POS_MAX_M);
        det->nz = 3;
        memcpy(det->z, L->arr[0], 3 * sizeof *det->z);
        return 0;
    case VG_DET_POLAR:
        if (!(L->seen & 1u << F_RANGE))
            return missing(L, F_RANGE, d);
        if (num[F_RANGE] < 0.0 || num[F_RANGE] > POS_MAX_M)
            return vg_diag_set(d, VG_ERANGE, "'range' %g is outside [0, %g] m", num[F_RANGE],
                               POS_MAX_M);
        det->z[det->nz++] = num[F_RANGE];
        /* fall through - polar goes on like a bearing with a required el */
    case VG_DET_BEARING:
        if (!(L->seen & 1u << F_AZ))
            return missing(L, F_AZ, d);
        scale[det->nz] = VG_DEG;
        /* Reduced in degrees first, where fmod is exact, then wrapped to [0, 2π). */
        det->z[det->nz++] = vg_wrap_2pi(fmod(num[F_AZ], 360.0) * VG_DEG);
        if (det->kind == VG_DET_POLAR && !(L->seen & 1u << F_EL))
            return missing(L, F_EL, d);
        if (L->seen & 1u << F_EL) {
            if (num[F_EL] < -90.0 || num[F_EL] > 90.0)
                return vg_diag_set(d, VG_ERANGE, "'el' %g is outside [-90, 90]", num[F_EL]);
            scale[det->nz] = VG_DEG;
            det->z[det->nz++] = num[F_EL] * VG_DEG;
            det->flags |= VG_DET_HAS_EL;
        }
        if (det->kind == VG_DET_POLAR && (L->seen & 1u << F_RR)) {
            if (!(fabs(num[F_RR]) <= RR_MAX_MPS))
                return vg_diag_set(d, VG_ERANGE, "'rr' %g is beyond +-%g m/s", num[F_RR],
                                   RR_MAX_MPS);
            det->z[det->nz++] = num[F_RR];
            det->flags |= VG_DET_HAS_RR;
        }
        return 0;
    case VG_DET_ADSB:
    case VG_DET_REMOTEID:
        return coop_position(L, site, det, d);
    default:
        return scan_sector(L, det, d);
    }
}

static int attributes(const struct line *L, struct vg_detection *det, struct vg_diag *d)
{
    static const int f_float[2] = {F_SNR, F_RCS};
    for (int i = 0; i < 2; i++) {
        int f = f_float[i];
        if (!(L->seen & 1u << f))
            continue;
        if (fabs(L->num[f]) > FLT_MAX)
            return vg_diag_set(d, VG_ERANGE, "'%s' is out of range", fields[f].name);
        *(f == F_SNR ? &det->snr_db : &det->rcs_dbsm) = (float)L->num[f];
        det->flags |= f == F_SNR ? VG_DET_HAS_SNR : VG_DET_HAS_RCS;
    }
    if (L->seen & 1u << F_HINT) {
        char q[STR_CAP + 4];
        int c = vg_class_from_name(L->str[2]);
        if (c < 0)
            return vg_diag_set(d, VG_EPARSE, "unknown class_hint '%s'",
                               quoted(L, F_HINT, q, sizeof q));
        det->class_hint = (uint8_t)c;
        /* A label without a probability is the sensor's plain assertion. */
        det->class_p = 1.0f;
        if (L->seen & 1u << F_P) {
            if (!(L->num[F_P] >= 0.0 && L->num[F_P] <= 1.0))
                return vg_diag_set(d, VG_ERANGE, "'p' %g is outside [0, 1]", L->num[F_P]);
            det->class_p = (float)L->num[F_P];
        }
        det->flags |= VG_DET_HAS_HINT;
    }
    return 0;
}

/* The sensor's index; adds it when allowed (see VG_JSONL_AUTO_SENSOR). */
static int resolve_sensor(const struct line *L, struct vg_site *site, unsigned flags,
                          struct vg_detection *det, struct vg_diag *d)
{
    const char *id = L->str[0];
    size_t n = L->nstr[0];
    if (!(L->seen & 1u << F_SENSOR))
        return missing(L, F_SENSOR, d);
    if (n == 0)
        return vg_diag_set(d, VG_EPARSE, "'sensor' is empty");
    if (n >= VG_ID_MAX)
        return vg_diag_set(d, VG_EPARSE, "'sensor' is longer than %d bytes", VG_ID_MAX - 1);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)id[i] < 0x20 || id[i] == 0x7f)
            return vg_diag_set(d, VG_EPARSE, "'sensor' contains control characters");
    int k = vg_site_find_sensor(site, id);
    int needs_pos = det->kind == VG_DET_POLAR || det->kind == VG_DET_BEARING;
    if (needs_pos && (k < 0 || !site->sensors[k].declared))
        return vg_diag_set(d, VG_EUNKSENSOR, "%s sensor '%s' (%s needs its position from --site)",
                           k < 0 ? "unknown" : "undeclared", id, vg_det_kind_name(det->kind));
    if (k < 0 && !(flags & VG_JSONL_AUTO_SENSOR))
        return vg_diag_set(d, VG_EUNKSENSOR, "unknown sensor '%s'", id);
    if (k < 0) {
        struct vg_sensor sen = {.type = VG_SENSOR_UNKNOWN, .declared = 0};
        memcpy(sen.id, id, n + 1);
        sen.lat_deg = site->frame.lat0_deg;
        sen.lon_deg = site->frame.lon0_deg;
        sen.h_m = site->frame.h0_m;
        if ((k = vg_site_add_sensor(site, &sen)) < 0)
            return vg_diag_set(d, k, "cannot add sensor '%s': %s", id, vg_strerror(k));
    }
    det->sensor = (uint32_t)k;
    return 0;
}

int vg__jsonl_too_long(size_t n, struct vg_diag *d)
{
    return vg_diag_set(d, VG_ERANGE, "line of %zu bytes is longer than the %zu accepted", n,
                       JSONL_LINE_MAX);
}

/* `emitter` {band_mhz, link} (formats.md): the RF emitter a direction finder heard. Either
 * member may be absent; an unknown link name is kept as "other" (it still radiates). */
static int emitter(json_t *root, struct vg_detection *det, struct vg_diag *d)
{
    json_t *em = json_object_get(root, "emitter");
    if (!em || json_is_null(em))
        return 0;
    if (!json_is_object(em))
        return vg_diag_set(d, VG_EPARSE, "'emitter' is not an object");
    json_t *band = json_object_get(em, "band_mhz"), *link = json_object_get(em, "link");
    det->link = VG_LINK_OTHER;
    if (band && !json_is_null(band)) {
        double b = json_number_value(band);
        if (!json_is_number(band) || !isfinite(b) || b <= 0 || b > 1e6)
            return vg_diag_set(d, VG_ERANGE, "'emitter.band_mhz' is not a frequency in MHz");
        det->band_mhz = (float)b;
    }
    if (link && !json_is_null(link)) {
        if (!json_is_string(link))
            return vg_diag_set(d, VG_EPARSE, "'emitter.link' is not a string");
        det->link = (uint8_t)vg_link_from_name(json_string_value(link));
    }
    det->flags |= VG_DET_HAS_EMITTER;
    return 0;
}

int vg_jsonl_parse_detection(const char *line, size_t len, struct vg_site *site,
                             unsigned flags, struct vg_detection *det, struct vg_diag *d)
{
    size_t n = len; /* without its line end */
    if (n && line[n - 1] == '\n')
        n--;
    if (n && line[n - 1] == '\r')
        n--;
    if (n > JSONL_LINE_MAX)
        return vg__jsonl_too_long(n, d); /* comment or not */
    const char *p = line, *end = line + len;
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
    if (p == end || *p == '#')
        return 0;
    /* jansson stops at a NUL byte with "end of file expected"; say what it is. */
    const char *nul = memchr(line, '\0', len);
    if (nul)
        return vg_diag_set(d, VG_EPARSE, "invalid JSON at byte %zu: NUL byte",
                           (size_t)(nul - line) + 1);

    json_error_t je;
    json_t *root = json_loadb(line, len, JSON_FLAGS, &je);
    if (!root)
        return json_failed(&je, d);
    struct line L;
    L.named = L.seen = 0;
    L.narr[0] = L.narr[1] = L.narr[2] = L.narr[3] = L.narr[4] = 0;
    int rc = read_object(root, &L, d);
    if (rc < 0)
        goto done;

    memset(det, 0, sizeof *det);
    if (!(L.seen & 1u << F_T)) {
        rc = missing(&L, F_T, d);
        goto done;
    }
    det->t = L.num[F_T];
    if (!(L.seen & 1u << F_KIND)) {
        rc = missing(&L, F_KIND, d);
        goto done;
    }
    char q[STR_CAP + 4];
    int kind = vg_det_kind_from_name(L.str[1]);
    if (kind < 0) {
        rc = vg_diag_set(d, VG_EPARSE, "unknown kind '%s'", quoted(&L, F_KIND, q, sizeof q));
        goto done;
    }
    det->kind = (uint8_t)kind;
    int coop = kind == VG_DET_ADSB || kind == VG_DET_REMOTEID;
    if (kind != VG_DET_SCAN && (L.seen & 1u << F_SECTOR)) {
        rc = vg_diag_set(d, VG_EPARSE, "'sector' belongs on scan lines only");
        goto done;
    }
    double scale[VG_DET_NZ_MAX] = {1.0, 1.0, 1.0, 1.0};
    if ((rc = measurement(&L, site, det, scale, d)) < 0 ||
        (coop && ((rc = coop_ident(&L, det, d)) < 0 || (rc = coop_operator(root, site, det,
                                                                           d)) < 0)) ||
        (det->nz && kind != VG_DET_SCAN && (rc = set_covariance(&L, scale, det, d)) < 0) ||
        (rc = attributes(&L, det, d)) < 0 || (rc = emitter(root, det, d)) < 0 ||
        (rc = resolve_sensor(&L, site, flags, det, d)) < 0)
        goto done;
    rc = 1;
done:
    json_decref(root);
    return rc;
}
