/* SPDX-License-Identifier: MIT */
/* jsonl.c — detections from JSON lines (formats.md "Detections") into struct vg_detection.
 *
 * Why not jansson here, as for the site file: jansson builds a tree of allocated nodes for
 * every line, and a detection stream is the hot input (tens of thousands of lines a second
 * live, millions offline). So each line goes through a small single-pass scanner that checks
 * the full JSON grammar (RFC 8259: strings with escapes and UTF-8 checked, numbers by the
 * grammar, nesting capped at MAX_DEPTH) and keeps only the fields in the table below; others
 * are validated and skipped. Every read is bounded by the line's end, nothing is allocated,
 * and the whole line is scanned before any field is interpreted, so a detection is only
 * produced from a line that is valid JSON.
 *
 * Interpretation (units per sense/detection.h): degrees become radians, az is normalised to
 * [0, 2π), R = diag(sigma²) or the file's cov (which wins) scaled to the same units, and cov
 * must be symmetric positive definite. The sensor is resolved last, so a sensor is only added
 * implicitly (VG_JSONL_AUTO_SENSOR) for a line that is otherwise good. */
#include "sense/jsonl.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "base/angle.h"
#include "base/mat.h"

#define MAX_DEPTH 32   /* nesting accepted inside skipped values */
#define NUM_MAX 64     /* longest number token, in characters */
#define STR_CAP 40     /* decoded bytes kept of a known string field (ids are < VG_ID_MAX) */

/* ---- the scanner ------------------------------------------------------------------------ */

struct scan {
    const char *p, *end, *start;
    struct vg_diag *d;
};

static int syntax(const struct scan *s, const char *what)
{
    return vg_diag_set(s->d, VG_EPARSE, "invalid JSON at column %zu: %s",
                       (size_t)(s->p - s->start) + 1, what);
}

static void skip_ws(struct scan *s)
{
    while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
        s->p++;
}

static int at(const struct scan *s, char c)
{
    return s->p < s->end && *s->p == c;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int at_number(const struct scan *s)
{
    return s->p < s->end && (*s->p == '-' || is_digit(*s->p));
}

/* Length of the valid UTF-8 sequence at p (RFC 3629 table 3-7 ranges: no overlongs, no
 * surrogates, nothing above U+10FFFF), or 0. */
static size_t utf8_len(const unsigned char *p, const unsigned char *end)
{
    unsigned lo = 0x80, hi = 0xBF;
    size_t n;
    if (p[0] >= 0xC2 && p[0] <= 0xDF)
        n = 2;
    else if (p[0] >= 0xE0 && p[0] <= 0xEF)
        n = 3, lo = p[0] == 0xE0 ? 0xA0 : 0x80, hi = p[0] == 0xED ? 0x9F : 0xBF;
    else if (p[0] >= 0xF0 && p[0] <= 0xF4)
        n = 4, lo = p[0] == 0xF0 ? 0x90 : 0x80, hi = p[0] == 0xF4 ? 0x8F : 0xBF;
    else
        return 0;
    if ((size_t)(end - p) < n || p[1] < lo || p[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if (p[i] < 0x80 || p[i] > 0xBF)
            return 0;
    return n;
}

static int hex4(const struct scan *s, const char *p, uint32_t *v)
{
    if (s->end - p < 4)
        return -1;
    *v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        int x = is_digit(c) ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                                       : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
        if (x < 0)
            return -1;
        *v = *v << 4 | (uint32_t)x;
    }
    return 0;
}

/* The escape at s->p (after the backslash) as a code point; advances past it. */
static int scan_escape(struct scan *s, uint32_t *cp)
{
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    if (s->p >= s->end)
        return syntax(s, "unterminated escape");
    const char *m = *s->p ? strchr(from, *s->p) : NULL;
    if (m) {
        *cp = (unsigned char)to[m - from];
        s->p++;
        return 0;
    }
    if (*s->p != 'u' || hex4(s, s->p + 1, cp) < 0)
        return syntax(s, "invalid escape");
    s->p += 5;
    if (*cp >= 0xDC00 && *cp <= 0xDFFF)
        return syntax(s, "lone low surrogate");
    if (*cp >= 0xD800 && *cp <= 0xDBFF) {
        uint32_t lo;
        if (s->end - s->p < 6 || s->p[0] != '\\' || s->p[1] != 'u' ||
            hex4(s, s->p + 2, &lo) < 0 || lo < 0xDC00 || lo > 0xDFFF)
            return syntax(s, "lone high surrogate");
        *cp = 0x10000 + ((*cp - 0xD800) << 10) + (lo - 0xDC00);
        s->p += 6;
    }
    if (*cp == 0)
        return syntax(s, "\\u0000 in string");
    return 0;
}

static void put(char *out, size_t cap, size_t *k, unsigned char b)
{
    if (*k + 1 < cap)
        out[*k] = (char)b;
    ++*k;
}

/* The string at s->p (at its opening quote), decoded into out[cap] (NUL-terminated, cut at
 * cap - 1 bytes; out may be NULL with cap 0). *n gets the full decoded length. */
static int scan_string(struct scan *s, char *out, size_t cap, size_t *n)
{
    size_t k = 0;
    s->p++;
    for (;;) {
        if (s->p >= s->end)
            return syntax(s, "unterminated string");
        unsigned char c = (unsigned char)*s->p;
        if (c == '"')
            break;
        if (c < 0x20)
            return syntax(s, "control character in string");
        if (c == '\\') {
            s->p++;
            uint32_t cp;
            int rc = scan_escape(s, &cp);
            if (rc < 0)
                return rc;
            if (cp < 0x80) {
                put(out, cap, &k, (unsigned char)cp);
            } else if (cp < 0x800) {
                put(out, cap, &k, (unsigned char)(0xC0 | cp >> 6));
                put(out, cap, &k, (unsigned char)(0x80 | (cp & 0x3F)));
            } else if (cp < 0x10000) {
                put(out, cap, &k, (unsigned char)(0xE0 | cp >> 12));
                put(out, cap, &k, (unsigned char)(0x80 | (cp >> 6 & 0x3F)));
                put(out, cap, &k, (unsigned char)(0x80 | (cp & 0x3F)));
            } else {
                put(out, cap, &k, (unsigned char)(0xF0 | cp >> 18));
                put(out, cap, &k, (unsigned char)(0x80 | (cp >> 12 & 0x3F)));
                put(out, cap, &k, (unsigned char)(0x80 | (cp >> 6 & 0x3F)));
                put(out, cap, &k, (unsigned char)(0x80 | (cp & 0x3F)));
            }
            continue;
        }
        size_t len = c < 0x80 ? 1 : utf8_len((const unsigned char *)s->p,
                                             (const unsigned char *)s->end);
        if (len == 0)
            return syntax(s, "invalid UTF-8 in string");
        for (size_t i = 0; i < len; i++)
            put(out, cap, &k, (unsigned char)s->p[i]);
        s->p += len;
    }
    s->p++;
    if (cap)
        out[k < cap ? k : cap - 1] = '\0';
    *n = k;
    return 0;
}

/* A number per the JSON grammar, converted by strtod (±inf on overflow, checked by callers
 * that keep the value). */
static int scan_number(struct scan *s, double *v)
{
    const char *b = s->p, *p = s->p, *e = s->end;
    if (p < e && *p == '-')
        p++;
    if (p >= e || !is_digit(*p))
        return syntax(s, "invalid number");
    if (*p == '0')
        p++;
    else
        while (p < e && is_digit(*p))
            p++;
    if (p < e && *p == '.') {
        if (++p >= e || !is_digit(*p))
            return syntax(s, "invalid number");
        while (p < e && is_digit(*p))
            p++;
    }
    if (p < e && (*p == 'e' || *p == 'E')) {
        if (++p < e && (*p == '+' || *p == '-'))
            p++;
        if (p >= e || !is_digit(*p))
            return syntax(s, "invalid number");
        while (p < e && is_digit(*p))
            p++;
    }
    char buf[NUM_MAX + 1];
    size_t n = (size_t)(p - b);
    if (n > NUM_MAX)
        return syntax(s, "number longer than 64 characters");
    memcpy(buf, b, n);
    buf[n] = '\0';
    *v = strtod(buf, NULL);
    s->p = p;
    return 0;
}

static int scan_literal(struct scan *s, const char *lit)
{
    size_t n = strlen(lit);
    if ((size_t)(s->end - s->p) < n || memcmp(s->p, lit, n) != 0)
        return syntax(s, "unexpected character");
    s->p += n;
    return 0;
}

/* After a member or element: ',' (then whitespace) → 1, the closing bracket → 0. */
static int next_item(struct scan *s, char close)
{
    skip_ws(s);
    if (at(s, ',')) {
        s->p++;
        skip_ws(s);
        return 1;
    }
    if (at(s, close)) {
        s->p++;
        return 0;
    }
    return syntax(s, close == '}' ? "expected ',' or '}'" : "expected ',' or ']'");
}

static int skip_value(struct scan *s, int depth)
{
    size_t n;
    double v;
    if (s->p >= s->end)
        return syntax(s, "value expected");
    switch (*s->p) {
    case '"':
        return scan_string(s, NULL, 0, &n);
    case 't':
        return scan_literal(s, "true");
    case 'f':
        return scan_literal(s, "false");
    case 'n':
        return scan_literal(s, "null");
    case '{':
    case '[': {
        char close = *s->p == '{' ? '}' : ']';
        if (depth >= MAX_DEPTH)
            return syntax(s, "nested deeper than 32 levels");
        s->p++;
        skip_ws(s);
        if (at(s, close)) {
            s->p++;
            return 0;
        }
        for (int rc = 1; rc == 1;) {
            if (close == '}') {
                if (!at(s, '"'))
                    return syntax(s, "member name expected");
                if ((rc = scan_string(s, NULL, 0, &n)) < 0)
                    return rc;
                skip_ws(s);
                if (!at(s, ':'))
                    return syntax(s, "expected ':'");
                s->p++;
                skip_ws(s);
            }
            if ((rc = skip_value(s, depth + 1)) < 0 || (rc = next_item(s, close)) < 0)
                return rc;
        }
        return 0;
    }
    default:
        return scan_number(s, &v);
    }
}

/* ---- the fields Vigil reads ------------------------------------------------------------- */

enum field { F_T, F_SENSOR, F_KIND, F_POS, F_RANGE, F_AZ, F_EL, F_RR, F_SIGMA, F_COV, F_SNR,
             F_RCS, F_HINT, F_P, F_COUNT };
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
};

/* What one line said, before interpretation. */
struct line {
    unsigned named;     /* bit per field that appeared (null included): duplicate check */
    unsigned seen;      /* bit per field with a non-null value */
    double num[F_COUNT];
    char str[3][STR_CAP];
    size_t nstr[3];     /* full decoded length, may exceed STR_CAP - 1 */
    double arr[3][16];
    size_t narr[3];
};

static int field_value(struct scan *s, struct line *L, int f)
{
    const char *name = fields[f].name;
    if (L->named & 1u << f)
        return vg_diag_set(s->d, VG_EPARSE, "duplicate field '%s'", name);
    L->named |= 1u << f;
    if (at(s, 'n'))
        return scan_literal(s, "null"); /* an optional field given as null is absent */
    L->seen |= 1u << f;
    int rc;
    switch (fields[f].type) {
    case NUM:
        if (!at_number(s))
            return vg_diag_set(s->d, VG_EPARSE, "'%s' is not a number", name);
        if ((rc = scan_number(s, &L->num[f])) < 0)
            return rc;
        if (!isfinite(L->num[f]))
            return vg_diag_set(s->d, VG_ERANGE, "'%s' is out of range", name);
        return 0;
    case STR:
        if (!at(s, '"'))
            return vg_diag_set(s->d, VG_EPARSE, "'%s' is not a string", name);
        return scan_string(s, L->str[fields[f].slot], STR_CAP, &L->nstr[fields[f].slot]);
    default: {
        double *a = L->arr[fields[f].slot];
        size_t *n = &L->narr[fields[f].slot];
        if (!at(s, '['))
            return vg_diag_set(s->d, VG_EPARSE, "'%s' is not an array", name);
        s->p++;
        skip_ws(s);
        if (at(s, ']')) {
            s->p++;
            return 0;
        }
        for (rc = 1; rc == 1; rc = next_item(s, ']')) {
            if (!at_number(s))
                return vg_diag_set(s->d, VG_EPARSE, "'%s' holds a value that is not a number",
                                   name);
            if (*n == fields[f].max)
                return vg_diag_set(s->d, VG_EPARSE, "'%s' has more than %d values", name,
                                   fields[f].max);
            if ((rc = scan_number(s, &a[*n])) < 0)
                return rc;
            if (!isfinite(a[(*n)++]))
                return vg_diag_set(s->d, VG_ERANGE, "'%s' holds a number out of range", name);
        }
        return rc;
    }
    }
}

static int find_field(const char *key, size_t n)
{
    for (int f = 0; f < F_COUNT; f++)
        if (strlen(fields[f].name) == n && memcmp(fields[f].name, key, n) == 0)
            return f;
    return -1;
}

/* The top-level object, member by member. */
static int scan_line(struct scan *s, struct line *L)
{
    if (!at(s, '{'))
        return syntax(s, "a line must hold one JSON object");
    s->p++;
    skip_ws(s);
    int rc = 1;
    if (at(s, '}'))
        s->p++, rc = 0;
    while (rc == 1) {
        char key[16];
        size_t n;
        if (!at(s, '"'))
            return syntax(s, "member name expected");
        if ((rc = scan_string(s, key, sizeof key, &n)) < 0)
            return rc;
        skip_ws(s);
        if (!at(s, ':'))
            return syntax(s, "expected ':'");
        s->p++;
        skip_ws(s);
        int f = n < sizeof key ? find_field(key, n) : -1;
        if ((rc = f >= 0 ? field_value(s, L, f) : skip_value(s, 1)) < 0 ||
            (rc = next_item(s, '}')) < 0)
            return rc;
    }
    skip_ws(s);
    return s->p < s->end ? syntax(s, "text after the object") : 0;
}

/* ---- interpretation --------------------------------------------------------------------- */

static int missing(const struct line *L, int f, struct vg_diag *d)
{
    return vg_diag_set(d, VG_EPARSE, (L->named & 1u << f) ? "'%s' is null" : "'%s' is missing",
                       fields[f].name);
}

/* A string field made safe to quote in a message: control characters become '?', and a cut
 * is marked. */
static const char *quoted(const struct line *L, int f, char *buf, size_t cap)
{
    int slot = fields[f].slot;
    snprintf(buf, cap, "%s%s", L->str[slot], L->nstr[slot] >= STR_CAP ? "..." : "");
    for (char *p = buf; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = '?';
    return buf;
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

static int measurement(const struct line *L, struct vg_detection *det, double *scale,
                       struct vg_diag *d)
{
    const double *num = L->num;
    switch (det->kind) {
    case VG_DET_XYZ:
        if (!(L->seen & 1u << F_POS))
            return missing(L, F_POS, d);
        if (L->narr[0] != 3)
            return vg_diag_set(d, VG_EPARSE, "'pos' has %zu values, not 3 [e, n, u]",
                               L->narr[0]);
        det->nz = 3;
        memcpy(det->z, L->arr[0], 3 * sizeof *det->z);
        return 0;
    case VG_DET_POLAR:
        if (!(L->seen & 1u << F_RANGE))
            return missing(L, F_RANGE, d);
        if (num[F_RANGE] < 0.0)
            return vg_diag_set(d, VG_ERANGE, "'range' %g is negative", num[F_RANGE]);
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
            det->z[det->nz++] = num[F_RR];
            det->flags |= VG_DET_HAS_RR;
        }
        return 0;
    default:
        return 0; /* scan: no measurement */
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
        int c = L->nstr[2] < STR_CAP ? vg_class_from_name(L->str[2]) : -1;
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

int vg_jsonl_parse_detection(const char *line, size_t len, struct vg_site *site,
                             unsigned flags, struct vg_detection *det, struct vg_diag *d)
{
    struct scan s = {.p = line, .end = line + len, .start = line, .d = d};
    skip_ws(&s);
    if (s.p == s.end || *s.p == '#')
        return 0;
    struct line L;
    L.named = L.seen = 0;
    L.narr[0] = L.narr[1] = L.narr[2] = 0;
    int rc = scan_line(&s, &L);
    if (rc < 0)
        return rc;

    memset(det, 0, sizeof *det);
    if (!(L.seen & 1u << F_T))
        return missing(&L, F_T, d);
    det->t = L.num[F_T];
    if (!(L.seen & 1u << F_KIND))
        return missing(&L, F_KIND, d);
    char q[STR_CAP + 4];
    int kind = L.nstr[1] < STR_CAP ? vg_det_kind_from_name(L.str[1]) : -1;
    if (kind < 0)
        return vg_diag_set(d, VG_EPARSE, "unknown kind '%s'", quoted(&L, F_KIND, q, sizeof q));
    if (kind == VG_DET_ADSB || kind == VG_DET_REMOTEID)
        return vg_diag_set(d, VG_EUNSUPPORTED, "kind '%s' is not read from JSON lines yet",
                           L.str[1]);
    det->kind = (uint8_t)kind;
    double scale[VG_DET_NZ_MAX] = {1.0, 1.0, 1.0, 1.0};
    if ((rc = measurement(&L, det, scale, d)) < 0 ||
        (det->nz && (rc = set_covariance(&L, scale, det, d)) < 0) ||
        (rc = attributes(&L, det, d)) < 0 || (rc = resolve_sensor(&L, site, flags, det, d)) < 0)
        return rc;
    return 1;
}

/* ---- the file reader -------------------------------------------------------------------- */

struct vg_jsonl_reader {
    FILE *f;
    int close_f;           /* 0 for stdin */
    struct vg_site *site;
    unsigned flags;
    char *buf;             /* getline's buffer, grown to the longest line */
    size_t cap;
    unsigned long line;    /* lines read so far */
    char path[];           /* as given, for messages */
};

int vg_jsonl_reader_open(struct vg_jsonl_reader **out, const char *path, struct vg_site *site,
                         unsigned flags, struct vg_diag *d)
{
    *out = NULL;
    size_t n = strlen(path);
    struct vg_jsonl_reader *r = calloc(1, sizeof *r + n + 1);
    if (!r)
        return vg_diag_set(d, VG_ENOMEM, "%s: out of memory", path);
    memcpy(r->path, path, n + 1);
    if (strcmp(path, "-") == 0) {
        r->f = stdin;
    } else if ((r->f = fopen(path, "rb")) != NULL) {
        r->close_f = 1;
    } else {
        int e = errno;
        free(r);
        return vg_diag_set(d, -e, "%s: %s", path, strerror(e));
    }
    r->site = site;
    r->flags = flags;
    *out = r;
    return 0;
}

int vg_jsonl_reader_next(struct vg_jsonl_reader *r, struct vg_detection *det,
                         struct vg_diag *d)
{
    for (;;) {
        errno = 0;
        ssize_t n = getline(&r->buf, &r->cap, r->f);
        if (n < 0) {
            if (ferror(r->f) || errno == ENOMEM)
                return vg_diag_set(d, errno == ENOMEM ? VG_ENOMEM : VG_EIO, "%s:%lu: %s",
                                   r->path, r->line + 1,
                                   errno ? strerror(errno) : "read error");
            return 0;
        }
        r->line++;
        struct vg_diag why = {.msg = ""};
        int rc = vg_jsonl_parse_detection(r->buf, (size_t)n, r->site, r->flags, det, &why);
        if (rc < 0)
            return vg_diag_set(d, rc, "%s:%lu: %s", r->path, r->line, why.msg);
        if (rc > 0) {
            det->src_line = r->line > UINT32_MAX ? UINT32_MAX : (uint32_t)r->line;
            return 1;
        }
    }
}

void vg_jsonl_reader_free(struct vg_jsonl_reader *r)
{
    if (!r)
        return;
    if (r->close_f)
        fclose(r->f);
    free(r->buf);
    free(r);
}

int vg_jsonl_read_all(const char *path, struct vg_site *site, unsigned flags,
                      struct vg_detection **out, size_t *n, struct vg_diag *d)
{
    *out = NULL;
    *n = 0;
    struct vg_jsonl_reader *r;
    int rc = vg_jsonl_reader_open(&r, path, site, flags, d);
    if (rc < 0)
        return rc;
    struct vg_detection *a = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            size_t nc = cap ? 2 * cap : 4096;
            struct vg_detection *p = nc <= SIZE_MAX / sizeof *p ? realloc(a, nc * sizeof *p)
                                                                  : NULL;
            if (!p) {
                rc = vg_diag_set(d, VG_ENOMEM, "%s:%lu: out of memory", path, r->line);
                break;
            }
            a = p;
            cap = nc;
        }
        if ((rc = vg_jsonl_reader_next(r, &a[len], d)) <= 0)
            break;
        len++;
    }
    vg_jsonl_reader_free(r);
    if (rc < 0) {
        free(a);
        return rc;
    }
    *out = a;
    *n = len;
    return 0;
}
