/* SPDX-License-Identifier: MIT */
/* sbs_parse.c — one SBS-1 BaseStation line into struct vg_sbs_line, every field checked.
 *
 * The line is split at commas into at most 22 fields (sbs.h lists them). Nothing is trusted:
 * the whole line must be printable ASCII and at most VG_SBS_LINE_MAX bytes; numbers are plain
 * decimals (sign, digits, one point: no exponent, no "nan"/"inf", no hex, which strtod alone
 * would take) of at most NUM_MAX characters and range-checked against what Mode S can carry:
 *   altitude −1000..126 750 ft (Gillham code top; DO-260B's 25-ft code ends at 50 175 ft),
 *   accepted as −1500..130 000; ground speed 0..4000 kt (DO-260B supersonic velocity tops at
 *   4092 kt); vertical rate ±40 000 ft/min (coded up to ±32 608); track 0..360; lat ±90,
 *   lon ±180; squawk 4 octal digits; flags −1 (true, BaseStation's convention), 0 or 1.
 * The callsign is DO-260B's 8 characters of A-Z, 0-9 and space (dump1090 pads with spaces:
 * "AMC421  "); trailing spaces are dropped and a blank one counts as absent. Every error
 * names the byte offset of the offending field, so a reader can point at it. */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sense/sbs.h"

#define NUM_MAX 24 /* characters of one number field */

static const char *const type_names[VG_SBS_TYPE_COUNT] = {"MSG", "SEL", "ID", "AIR", "STA",
                                                          "CLK"};
static const char *const field_names[VG_SBS_FIELDS + 1] = {
    "", "message type", "transmission type", "session id", "aircraft id", "icao", "flight id",
    "date generated", "time generated", "date logged", "time logged", "callsign", "altitude",
    "ground speed", "track", "latitude", "longitude", "vertical rate", "squawk", "alert",
    "emergency", "spi", "on ground"};

const char *vg_sbs_type_name(int type)
{
    return type >= 0 && type < VG_SBS_TYPE_COUNT ? type_names[type] : "?";
}

struct field {
    const char *s;
    size_t n;
    size_t off; /* byte offset in the line */
};

/* "byte N: field F (name) 'text' reason". */
static int bad(struct vg_diag *d, int err, const struct field *f, int i, const char *why)
{
    char q[28];
    size_t n = f->n < sizeof q - 4 ? f->n : sizeof q - 4;
    memcpy(q, f->s, n);
    strcpy(q + n, f->n > n ? "..." : "");
    return vg_diag_set(d, err, "byte %zu: field %d (%s) '%s' %s", f->off, i, field_names[i], q,
                       why);
}

/* A plain decimal: [+-]digits[.digits] or [+-].digits; 0 with *v, or -1. */
static int decimal(const struct field *f, double *v)
{
    char tmp[NUM_MAX + 1];
    size_t i = 0, digits = 0, points = 0;
    if (f->n == 0 || f->n > NUM_MAX)
        return -1;
    if (f->s[0] == '-' || f->s[0] == '+')
        i++;
    for (; i < f->n; i++) {
        if (f->s[i] >= '0' && f->s[i] <= '9')
            digits++;
        else if (f->s[i] == '.' && points++ == 0)
            continue;
        else
            return -1;
    }
    if (!digits)
        return -1;
    memcpy(tmp, f->s, f->n);
    tmp[f->n] = '\0';
    *v = strtod(tmp, NULL);
    return 0;
}

/* An optional integer id (fields 3, 4, 6): empty, or [-]digits within ±1e9. */
static int id_field(const struct field *f, int i, long *v, unsigned bit, unsigned *has,
                    struct vg_diag *d)
{
    if (f->n == 0)
        return 0;
    double x;
    if (decimal(f, &x) < 0 || memchr(f->s, '.', f->n) || !(x > -1e9 && x < 1e9))
        return bad(d, VG_EPARSE, f, i, "is not an integer");
    *v = (long)x;
    *has |= bit;
    return 0;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)(c | 0x20);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* "~"? then 6 hex digits. */
static int icao_field(const struct field *f, struct vg_sbs_line *l, struct vg_diag *d)
{
    size_t i = f->n > 0 && f->s[0] == '~';
    if (f->n != i + 6)
        return bad(d, VG_EPARSE, f, 5, "is not 6 hex digits (a 24-bit address)");
    uint32_t a = 0;
    for (; i < f->n; i++) {
        int h = hexval(f->s[i]);
        if (h < 0)
            return bad(d, VG_EPARSE, f, 5, "is not 6 hex digits (a 24-bit address)");
        a = a << 4 | (uint32_t)h;
    }
    l->icao = a;
    l->non_icao = f->s[0] == '~';
    l->has |= VG_SBS_HAS_ICAO;
    return 0;
}

/* Digits s[0..n) as a number (n small), or -1. */
static long digits(const char *s, size_t n)
{
    long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil). */
static long days_from_civil(long y, long m, long dd)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + dd - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* Fields i (YYYY/MM/DD) and i+1 (HH:MM:SS[.fff]) as UTC UNIX seconds: both empty → 0 with
 * no bit set; one empty or a bad value → error at the bad field. */
static int datetime(const struct field *fd, int i, double *t, unsigned bit, unsigned *has,
                    struct vg_diag *d)
{
    const struct field *ft = fd + 1;
    if (fd->n == 0 && ft->n == 0)
        return 0;
    const char *s = fd->s;
    long y = -1, mo = -1, dd = -1;
    if (fd->n == 10 && s[4] == '/' && s[7] == '/') {
        y = digits(s, 4);
        mo = digits(s + 5, 2);
        dd = digits(s + 8, 2);
    }
    static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    if (y < 1970 || mo < 1 || mo > 12 || dd < 1 || dd > mdays[mo - 1] - (mo == 2 && !leap))
        return bad(d, VG_EPARSE, fd, i, "is not a date YYYY/MM/DD");
    s = ft->s;
    long h = -1, mi = -1, sec = -1, frac = 0, scale = 1;
    if (ft->n >= 8 && s[2] == ':' && s[5] == ':' && (ft->n == 8 || (s[8] == '.' && ft->n > 9 &&
                                                                    ft->n <= 18))) {
        h = digits(s, 2);
        mi = digits(s + 3, 2);
        sec = digits(s + 6, 2);
        if (ft->n > 9 && (frac = digits(s + 9, ft->n - 9)) < 0)
            h = -1;
        for (size_t k = 9; k < ft->n; k++)
            scale *= 10;
    }
    if (h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 60)
        return bad(d, VG_EPARSE, ft, i + 1, "is not a time HH:MM:SS[.fff]");
    *t = (double)days_from_civil(y, mo, dd) * 86400.0 + (double)(h * 3600 + mi * 60 + sec) +
         (double)frac / (double)scale;
    *has |= bit;
    return 0;
}

/* A number field within [lo, hi]; empty → nothing. */
static int number(const struct field *f, int i, double lo, double hi, double *v, unsigned bit,
                  unsigned *has, struct vg_diag *d)
{
    if (f->n == 0)
        return 0;
    if (decimal(f, v) < 0)
        return bad(d, VG_EPARSE, f, i, "is not a number");
    if (!(*v >= lo && *v <= hi)) {
        char why[64];
        snprintf(why, sizeof why, "is outside [%g, %g]", lo, hi);
        return bad(d, VG_ERANGE, f, i, why);
    }
    *has |= bit;
    return 0;
}

/* Flags 19-22: -1 true (BaseStation), 0 false, 1 true (some feeders). */
static int flag(const struct field *f, int i, uint8_t *v, unsigned bit, unsigned *has,
                struct vg_diag *d)
{
    if (f->n == 0)
        return 0;
    if ((f->n == 1 && (f->s[0] == '0' || f->s[0] == '1')) ||
        (f->n == 2 && f->s[0] == '-' && f->s[1] == '1'))
        *v = f->s[0] != '0';
    else
        return bad(d, VG_EPARSE, f, i, "is not a flag (-1, 0 or 1)");
    *has |= bit;
    return 0;
}

static int callsign(const struct field *f, struct vg_sbs_line *l, struct vg_diag *d)
{
    size_t n = f->n;
    while (n > 0 && f->s[n - 1] == ' ')
        n--;
    if (n > 8)
        return bad(d, VG_EPARSE, f, 11, "is longer than 8 characters");
    for (size_t i = 0; i < n; i++) {
        char c = f->s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' '))
            return bad(d, VG_EPARSE, f, 11, "is not A-Z, 0-9 and space");
    }
    if (n > 0) {
        memcpy(l->callsign, f->s, n);
        l->callsign[n] = '\0';
        l->has |= VG_SBS_HAS_CALLSIGN;
    }
    return 0;
}

static int altitude(const struct field *f, struct vg_sbs_line *l, struct vg_diag *d)
{
    struct field g = *f;
    if (g.n > 1 && g.s[g.n - 1] == 'H') { /* dump1090 --gnss: GNSS height */
        g.n--;
        l->alt_gnss = 1;
    }
    int rc = number(&g, 12, -1500, 130000, &l->alt_ft, VG_SBS_HAS_ALT, &l->has, d);
    if (rc < 0 && g.n != f->n) /* quote the field as written */
        rc = bad(d, rc, f, 12, rc == VG_ERANGE ? "is outside [-1500, 130000]"
                                                : "is not a number");
    return rc;
}

/* Fields 11-22 of a MSG line. */
static int msg_fields(const struct field *f, struct vg_sbs_line *l, struct vg_diag *d)
{
    int rc;
    unsigned *h = &l->has;
    if ((rc = callsign(&f[11], l, d)) < 0 || (rc = altitude(&f[12], l, d)) < 0 ||
        (rc = number(&f[13], 13, 0, 4000, &l->gs_kt, VG_SBS_HAS_GS, h, d)) < 0 ||
        (rc = number(&f[14], 14, 0, 360, &l->track_deg, VG_SBS_HAS_TRACK, h, d)) < 0 ||
        (rc = number(&f[15], 15, -90, 90, &l->lat_deg, VG_SBS_HAS_POS, h, d)) < 0 ||
        (rc = number(&f[17], 17, -40000, 40000, &l->vr_fpm, VG_SBS_HAS_VR, h, d)) < 0)
        return rc;
    unsigned lat = *h & VG_SBS_HAS_POS;
    *h &= ~VG_SBS_HAS_POS;
    if ((rc = number(&f[16], 16, -180, 180, &l->lon_deg, VG_SBS_HAS_POS, h, d)) < 0)
        return rc;
    if (lat != (*h & VG_SBS_HAS_POS)) /* one of the pair: the empty one is the bad field */
        return bad(d, VG_EPARSE, lat ? &f[16] : &f[15], lat ? 16 : 15,
                   "is missing while the other coordinate is given");
    if (f[18].n) {
        if (f[18].n != 4 || strspn(f[18].s, "01234567") < 4)
            return bad(d, VG_EPARSE, &f[18], 18, "is not 4 octal digits");
        memcpy(l->squawk, f[18].s, 4);
        l->squawk[4] = '\0';
        *h |= VG_SBS_HAS_SQUAWK;
    }
    if ((rc = flag(&f[19], 19, &l->alert, VG_SBS_HAS_ALERT, h, d)) < 0 ||
        (rc = flag(&f[20], 20, &l->emergency, VG_SBS_HAS_EMERGENCY, h, d)) < 0 ||
        (rc = flag(&f[21], 21, &l->spi, VG_SBS_HAS_SPI, h, d)) < 0 ||
        (rc = flag(&f[22], 22, &l->on_ground, VG_SBS_HAS_GROUND, h, d)) < 0)
        return rc;
    return 0;
}

int vg_sbs_parse(const char *buf, size_t len, size_t base, struct vg_sbs_line *l,
                 struct vg_diag *d)
{
    memset(l, 0, sizeof *l);
    if (len > 0 && buf[len - 1] == '\r')
        len--;
    if (len > VG_SBS_LINE_MAX)
        return vg_diag_set(d, VG_ERANGE, "byte %zu: line of %zu bytes is longer than the %d "
                           "accepted", base + VG_SBS_LINE_MAX, len, VG_SBS_LINE_MAX);
    struct field f[VG_SBS_FIELDS + 1] = {{0}};
    int nf = 1;
    f[1].s = buf;
    f[1].off = base;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)buf[i];
        if (c < 0x20 || c > 0x7e)
            return vg_diag_set(d, VG_EPARSE, "byte %zu: byte 0x%02x is not printable ASCII",
                               base + i, c);
        if (c != ',')
            continue;
        f[nf].n = (size_t)(buf + i - f[nf].s);
        if (nf == VG_SBS_FIELDS)
            return vg_diag_set(d, VG_EPARSE, "byte %zu: more than %d fields", base + i,
                               VG_SBS_FIELDS);
        nf++;
        f[nf].s = buf + i + 1;
        f[nf].off = base + i + 1;
    }
    f[nf].n = (size_t)(buf + len - f[nf].s);
    for (int i = nf + 1; i <= VG_SBS_FIELDS; i++) { /* absent fields: empty, at the end */
        f[i].s = buf + len;
        f[i].off = base + len;
    }

    l->type = -1;
    for (int t = 0; t < VG_SBS_TYPE_COUNT; t++)
        if (f[1].n == strlen(type_names[t]) && !memcmp(f[1].s, type_names[t], f[1].n))
            l->type = t;
    if (l->type < 0)
        return bad(d, VG_EPARSE, &f[1], 1, "is not MSG, SEL, ID, AIR, STA or CLK");
    int msg = l->type == VG_SBS_MSG;
    if (msg ? nf != VG_SBS_FIELDS : nf < 10)
        return vg_diag_set(d, VG_EPARSE, "byte %zu: %s line has %d fields, not %s", base + len,
                           type_names[l->type], nf, msg ? "22" : "10 to 22");
    int rc;
    double tt = 0;
    unsigned tt_has = 0;
    if ((rc = number(&f[2], 2, msg ? 1 : 0, msg ? 8 : 1e9, &tt, 1, &tt_has, d)) < 0)
        return rc;
    if (msg && (!tt_has || tt != (int)tt))
        return bad(d, VG_EPARSE, &f[2], 2, "is not a transmission type 1-8");
    l->tt = msg ? (int)tt : 0;
    if ((rc = id_field(&f[3], 3, &l->session, VG_SBS_HAS_SESSION, &l->has, d)) < 0 ||
        (rc = id_field(&f[4], 4, &l->aircraft, VG_SBS_HAS_AIRCRAFT, &l->has, d)) < 0 ||
        (rc = id_field(&f[6], 6, &l->flight, VG_SBS_HAS_FLIGHT, &l->has, d)) < 0)
        return rc;
    if (f[5].n || msg)
        if ((rc = icao_field(&f[5], l, d)) < 0)
            return rc;
    if ((rc = datetime(&f[7], 7, &l->t_gen, VG_SBS_HAS_TGEN, &l->has, d)) < 0 ||
        (rc = datetime(&f[9], 9, &l->t_log, VG_SBS_HAS_TLOG, &l->has, d)) < 0)
        return rc;
    if (msg)
        return msg_fields(f, l, d);
    /* SEL, ID: the callsign; STA: a status word; AIR, CLK: nothing. Kept as text. */
    if (f[11].n > sizeof l->text - 1)
        return bad(d, VG_EPARSE, &f[11], 11, "is longer than 16 characters");
    if (f[11].n) {
        memcpy(l->text, f[11].s, f[11].n);
        l->text[f[11].n] = '\0';
        l->has |= VG_SBS_HAS_TEXT;
    }
    return 0;
}

/* ---- the line as JSON (vigil decode) ----------------------------------------------------- */

struct out {
    char *p;
    size_t cap, n;
    int over;
};

static void put(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(struct out *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(o->p + o->n, o->n < o->cap ? o->cap - o->n : 0, fmt, ap);
    va_end(ap);
    if (k < 0 || (size_t)k >= o->cap - o->n)
        o->over = 1;
    else
        o->n += (size_t)k;
}

/* s is printable ASCII (the parser checked); only '"' and '\' need escaping. */
static void put_str(struct out *o, const char *key, const char *s)
{
    put(o, ",\"%s\":\"", key);
    for (; *s && !o->over; s++)
        put(o, *s == '"' || *s == '\\' ? "\\%c" : "%c", *s);
    put(o, "\"");
}

int vg_sbs_describe(const struct vg_sbs_line *l, char *buf, size_t cap)
{
    struct out o = {buf, cap, 0, cap == 0};
    static const struct {
        unsigned bit;
        const char *key;
        size_t off;
    } nums[] = {
        {VG_SBS_HAS_GS, "ground_speed_kt", offsetof(struct vg_sbs_line, gs_kt)},
        {VG_SBS_HAS_TRACK, "track_deg", offsetof(struct vg_sbs_line, track_deg)},
        {VG_SBS_HAS_POS, "lat", offsetof(struct vg_sbs_line, lat_deg)},
        {VG_SBS_HAS_POS, "lon", offsetof(struct vg_sbs_line, lon_deg)},
        {VG_SBS_HAS_VR, "vertical_rate_fpm", offsetof(struct vg_sbs_line, vr_fpm)},
    };
    put(&o, "{\"type\":\"%s\"", vg_sbs_type_name(l->type));
    if (l->tt)
        put(&o, ",\"transmission_type\":%d", l->tt);
    if (l->has & VG_SBS_HAS_SESSION)
        put(&o, ",\"session_id\":%ld", l->session);
    if (l->has & VG_SBS_HAS_AIRCRAFT)
        put(&o, ",\"aircraft_id\":%ld", l->aircraft);
    if (l->has & VG_SBS_HAS_ICAO)
        put(&o, ",\"icao\":\"%s%06X\"", l->non_icao ? "~" : "", (unsigned)l->icao);
    if (l->has & VG_SBS_HAS_FLIGHT)
        put(&o, ",\"flight_id\":%ld", l->flight);
    if (l->has & VG_SBS_HAS_TGEN)
        put(&o, ",\"time_generated\":%.3f", l->t_gen);
    if (l->has & VG_SBS_HAS_TLOG)
        put(&o, ",\"time_logged\":%.3f", l->t_log);
    if (l->has & VG_SBS_HAS_CALLSIGN)
        put_str(&o, "callsign", l->callsign);
    if (l->has & VG_SBS_HAS_TEXT)
        put_str(&o, l->type == VG_SBS_STA ? "status" : "callsign", l->text);
    if (l->has & VG_SBS_HAS_ALT)
        put(&o, ",\"altitude_ft\":%.10g,\"altitude_source\":\"%s\"", l->alt_ft,
            l->alt_gnss ? "gnss" : "baro");
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
        if (l->has & nums[i].bit)
            put(&o, ",\"%s\":%.10g", nums[i].key,
                *(const double *)(const void *)((const char *)l + nums[i].off));
    if (l->has & VG_SBS_HAS_SQUAWK)
        put(&o, ",\"squawk\":\"%s\"", l->squawk);
    static const char *const flags[4] = {"alert", "emergency", "spi", "on_ground"};
    const uint8_t fv[4] = {l->alert, l->emergency, l->spi, l->on_ground};
    for (int i = 0; i < 4; i++)
        if (l->has & (VG_SBS_HAS_ALERT << i))
            put(&o, ",\"%s\":%s", flags[i], fv[i] ? "true" : "false");
    put(&o, "}");
    return o.over ? VG_ERANGE : (int)o.n;
}
