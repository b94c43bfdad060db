/* SPDX-License-Identifier: MIT */
/* sbs.c — the SBS-1 BaseStation decoder (vg_decoder_sbs): dump1090 / readsb port-30003 lines
 * into VG_DET_ADSB detections, and detections back into lines for `vigil sim --live`.
 *
 * What emits a detection. Every well-formed MSG line updates the aircraft's state with the
 * fields it holds (dump1090 sends each Mode S message as its own line: MSG,1 the callsign,
 * MSG,3 altitude and position, MSG,4 velocity, MSG,5/6 altitude and squawk, MSG,7/8 little or
 * nothing). Only a line with a position (lat and lon, in practice MSG,3 airborne and MSG,2
 * surface) emits one detection; altitude-only (MSG,5/7) and velocity-only (MSG,4) lines
 * emit nothing, because a tracker cannot use a report without a horizontal position and the
 * velocity rides on the next position's coop_vel. expected.sbs therefore gives exactly its 75
 * positions. SEL/ID/AIR/STA/CLK lines (BaseStation's own session records) are understood,
 * counted by type and skipped; empty lines (dump1090's heartbeat is a bare CRLF) likewise.
 *
 * The detection (formats.md kind adsb): coop_id = the ICAO address in lower-case hex;
 * z = [e, n, u] of (lat, lon, h) through the site frame. SBS altitude is pressure altitude in
 * feet (referenced to 1013.25 hPa, not a height); as formats.md does for alt_baro_m, Vigil
 * reads it as an ellipsoidal height h = ft × 0.3048 and widens σv to 100 m for what that
 * costs (geoid undulation plus the day's pressure: typically 50-150 m). A GNSS altitude
 * (dump1090 --gnss writes "NNNNH") gets σv 30 m. A position line without an altitude takes
 * the aircraft's altitude if heard ≤ SBS_RECENT_S before; a surface position (MSG,2 or the
 * on-ground flag) without one sits at the site origin's height; otherwise it is skipped and
 * counted (no_altitude). σh is 15 m (formats.md's default; SBS carries no NACp). coop_vel is
 * the aircraft's last ground speed and track, with its last vertical rate (0 when none is
 * recent), if heard ≤ SBS_RECENT_S before the position: ENU = gs·(sin trk, cos trk) kt →
 * m/s, vu = vr ft/min → m/s. A position more than 1000 km from the site origin (a site for
 * another place) is rejected as VG_ERANGE, as the jsonl reader does.
 *
 * Time. A detection's t is io->t_rx, the arrival time on Vigil's clock, when the input gives
 * one (> 0): fields 7-10 are dump1090's own wall clock in its local time zone with no zone
 * written, at millisecond resolution, and that clock is not Vigil's; the loopback/LAN lag
 * (< 0.1 s at 250 m/s is < 25 m) is within σ. Reading a file without arrival times
 * (t_rx = 0), t is field 7-8 (when dump1090 received the message) read as UTC (run the
 * feeder with TZ=UTC for such files), else 9-10, else the previous line's time.
 *
 * State. A fixed open-addressing table of SBS_SLOTS slots holds up to SBS_AIRCRAFT_MAX
 * aircraft (a busy receiver sees 300-500 at once), allocated once at open: no allocation per
 * line. An aircraft not heard for SBS_STALE_S is forgotten: its entry is reset (callsign,
 * squawk, altitude, velocity dropped) when it is next heard, counted as expired; when the
 * table is full, a new aircraft evicts the least recently heard one (an O(n) scan, only then),
 * counted as evicted. Deletion is by backward shift, so lookups stay short.
 *
 * A unit may hold several lines separated by LF or CRLF (encode writes two): each is decoded
 * in turn; the first bad line's error is returned after the others are done, so the
 * detections of the good ones are still emitted. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/angle.h"
#include "sense/decoder.h"
#include "sense/sbs.h"

#define SBS_AIRCRAFT_MAX 1024  /* aircraft kept */
#define SBS_SLOTS 2048         /* table slots: a power of two, load ≤ 0.5 */
#define SBS_STALE_S 60.0       /* not heard this long: forgotten */
#define SBS_RECENT_S 5.0       /* altitude / velocity this old still rides on a position */
#define SBS_UNIT_MAX 4096      /* bytes of one unit (a few lines) */
#define FT_M 0.3048
#define KT_MPS (1852.0 / 3600.0)
#define FPM_MPS (0.3048 / 60.0)
#define SIGMA_H_M 15.0         /* formats.md defaults: horizontal, */
#define SIGMA_BARO_M 100.0     /* pressure altitude read as a height, */
#define SIGMA_GNSS_M 30.0      /* GNSS height */
#define COORD_MAX_M 1e6        /* farthest position accepted from the origin, m */

struct sbs_state {
    struct vg_site *site;
    uint32_t sensor;
    double t_prev;                       /* time of the previous line, s */
    uint32_t line_no;                    /* lines decoded, for det.src_line */
    struct vg_sbs_counts c;
    uint8_t used[SBS_SLOTS];
    struct vg_sbs_aircraft ac[SBS_SLOTS];
};

static uint32_t home(uint32_t icao)
{
    return (icao * 0x9E3779B1u) >> 21; /* Fibonacci hashing to 11 bits = SBS_SLOTS */
}

static int sbs_open(void **state, struct vg_site *site, const struct vg_decoder_options *o,
                    struct vg_diag *d)
{
    const char *id = o && o->sensor ? o->sensor : NULL;
    int k = -1;
    if (id && strlen(id) >= VG_ID_MAX)
        return vg_diag_set(d, VG_EINVAL, "sensor id '%.40s' is longer than %d bytes", id,
                           VG_ID_MAX - 1);
    if (id)
        k = vg_site_find_sensor(site, id);
    for (size_t i = 0; !id && k < 0 && i < site->nsensors; i++)
        if (site->sensors[i].type == VG_SENSOR_ADSB)
            k = (int)i;
    if (!id && k < 0)
        k = vg_site_find_sensor(site, id = "adsb");
    if (k < 0) { /* an implicit receiver at the origin: ADS-B positions need no sensor place */
        struct vg_sensor sen = {.type = VG_SENSOR_ADSB, .declared = 0};
        snprintf(sen.id, sizeof sen.id, "%s", id);
        sen.lat_deg = site->frame.lat0_deg;
        sen.lon_deg = site->frame.lon0_deg;
        sen.h_m = site->frame.h0_m;
        if ((k = vg_site_add_sensor(site, &sen)) < 0)
            return vg_diag_set(d, k, "cannot add sensor '%s': %s", id, vg_strerror(k));
    }
    struct sbs_state *s = calloc(1, sizeof *s);
    if (!s)
        return vg_diag_set(d, VG_ENOMEM, "out of memory");
    s->site = site;
    s->sensor = (uint32_t)k;
    *state = s;
    return 0;
}

static void sbs_close(void *state) { free(state); }

static long find(const struct sbs_state *s, uint32_t icao)
{
    for (uint32_t i = home(icao); s->used[i]; i = (i + 1) & (SBS_SLOTS - 1))
        if (s->ac[i].icao == icao)
            return (long)i;
    return -1;
}

/* Empty slot i, then move later entries of its cluster back into the hole when their home
 * slot allows it: an entry at j with home h may move to the hole i iff i lies on its probe
 * path, i.e. (j - h) mod SLOTS ≥ (j - i) mod SLOTS (Knuth 6.4, Algorithm R). */
static void erase(struct sbs_state *s, uint32_t i)
{
    const uint32_t mask = SBS_SLOTS - 1;
    s->used[i] = 0;
    for (uint32_t j = (i + 1) & mask; s->used[j]; j = (j + 1) & mask) {
        uint32_t h = home(s->ac[j].icao);
        if (((j - h) & mask) >= ((j - i) & mask)) {
            s->ac[i] = s->ac[j];
            s->used[i] = 1;
            s->used[j] = 0;
            i = j;
        }
    }
    s->c.aircraft--;
}

/* The aircraft's entry, made (or reset, if stale) as needed; never fails. */
static struct vg_sbs_aircraft *aircraft(struct sbs_state *s, uint32_t icao, double t)
{
    long k = find(s, icao);
    if (k >= 0) {
        struct vg_sbs_aircraft *a = &s->ac[k];
        if (fabs(t - a->t_last) > SBS_STALE_S) {
            memset(a, 0, sizeof *a);
            a->icao = icao;
            s->c.expired++;
        }
        a->t_last = t;
        return a;
    }
    if (s->c.aircraft >= SBS_AIRCRAFT_MAX) {
        uint32_t old = 0;
        double t_old = INFINITY;
        for (uint32_t i = 0; i < SBS_SLOTS; i++)
            if (s->used[i] && s->ac[i].t_last < t_old)
                t_old = s->ac[old = i].t_last;
        erase(s, old);
        s->c.evicted++;
    }
    uint32_t i = home(icao);
    while (s->used[i])
        i = (i + 1) & (SBS_SLOTS - 1);
    s->used[i] = 1;
    s->c.aircraft++;
    struct vg_sbs_aircraft *a = &s->ac[i];
    memset(a, 0, sizeof *a);
    a->icao = icao;
    a->t_last = t;
    return a;
}

static double line_time(struct sbs_state *s, const struct vg_sbs_line *l,
                        const struct vg_decode_io *io)
{
    double t = s->t_prev;
    if (isfinite(io->t_rx) && io->t_rx > 0)
        t = io->t_rx;
    else if (l->has & VG_SBS_HAS_TGEN)
        t = l->t_gen;
    else if (l->has & VG_SBS_HAS_TLOG)
        t = l->t_log;
    return s->t_prev = t;
}

static void remember(struct vg_sbs_aircraft *a, const struct vg_sbs_line *l, double t)
{
    if (l->has & VG_SBS_HAS_CALLSIGN)
        memcpy(a->callsign, l->callsign, sizeof a->callsign);
    if (l->has & VG_SBS_HAS_SQUAWK)
        memcpy(a->squawk, l->squawk, sizeof a->squawk);
    if (l->has & VG_SBS_HAS_ALT) {
        a->has_alt = 1;
        a->alt_gnss = l->alt_gnss;
        a->alt_ft = l->alt_ft;
        a->t_alt = t;
    }
    /* dump1090 writes a track only when it is valid; at 0 kt there is none to write. */
    if ((l->has & VG_SBS_HAS_GS) && ((l->has & VG_SBS_HAS_TRACK) || l->gs_kt == 0)) {
        a->has_vel = 1;
        a->gs_kt = l->gs_kt;
        a->track_deg = l->has & VG_SBS_HAS_TRACK ? l->track_deg : 0;
        a->t_vel = t;
    }
    if (l->has & VG_SBS_HAS_VR) {
        a->has_vr = 1;
        a->vr_fpm = l->vr_fpm;
        a->t_vr = t;
    }
}

/* A position line → one detection (1), nothing (0: no altitude) or VG_ERANGE. */
static int position(struct sbs_state *s, struct vg_sbs_aircraft *a, const struct vg_sbs_line *l,
                    double t, const struct vg_decode_io *io, size_t base, struct vg_diag *d)
{
    double h, sv = SIGMA_BARO_M;
    int ground = l->tt == 2 || ((l->has & VG_SBS_HAS_GROUND) && l->on_ground);
    if (l->has & VG_SBS_HAS_ALT || (a->has_alt && fabs(t - a->t_alt) <= SBS_RECENT_S)) {
        h = a->alt_ft * FT_M; /* remember() has taken the line's own altitude */
        sv = a->alt_gnss ? SIGMA_GNSS_M : SIGMA_BARO_M;
    } else if (ground) {
        h = s->site->frame.h0_m;
    } else {
        s->c.no_altitude++;
        return 0;
    }
    struct vg_detection det;
    memset(&det, 0, sizeof det);
    vg_enu_from_geo(&s->site->frame, l->lat_deg, l->lon_deg, h, det.z);
    if (!(hypot(det.z[0], det.z[1]) <= COORD_MAX_M && fabs(det.z[2]) <= COORD_MAX_M))
        return vg_diag_set(d, VG_ERANGE, "byte %zu: position %.5f, %.5f is more than %g km "
                           "from the site's origin", base, l->lat_deg, l->lon_deg,
                           COORD_MAX_M / 1000);
    det.t = t;
    det.sensor = s->sensor;
    det.kind = VG_DET_ADSB;
    det.nz = 3;
    det.R[0] = det.R[4] = SIGMA_H_M * SIGMA_H_M;
    det.R[8] = sv * sv;
    snprintf(det.coop_id, sizeof det.coop_id, "%06x", (unsigned)a->icao);
    if (a->has_vel && fabs(t - a->t_vel) <= SBS_RECENT_S) {
        double gs = a->gs_kt * KT_MPS, trk = a->track_deg * VG_DEG;
        det.coop_vel[0] = (float)(gs * sin(trk));
        det.coop_vel[1] = (float)(gs * cos(trk));
        det.coop_vel[2] = a->has_vr && fabs(t - a->t_vr) <= SBS_RECENT_S
                              ? (float)(a->vr_fpm * FPM_MPS) : 0.0f;
        det.flags |= VG_DET_HAS_COOP_VEL;
    }
    det.src_line = s->line_no;
    io->emit(io->user, &det);
    s->c.positions++;
    a->positions++;
    return 1;
}

static int decode_line(struct sbs_state *s, const char *buf, size_t len, size_t base,
                       const struct vg_decode_io *io, struct vg_diag *d)
{
    s->c.lines++;
    s->line_no++;
    if (len > 0 && buf[len - 1] == '\r')
        len--;
    if (len == 0) {
        s->c.empty++;
        return 0;
    }
    struct vg_sbs_line l;
    int rc = vg_sbs_parse(buf, len, base, &l, d);
    if (rc < 0) {
        s->c.malformed++;
        return rc;
    }
    if (io->describe) {
        char json[640];
        int n = vg_sbs_describe(&l, json, sizeof json);
        if (n > 0)
            io->describe(io->user, json, (size_t)n);
    }
    if (l.type != VG_SBS_MSG) {
        s->c.other[l.type]++;
        return 0;
    }
    if (l.non_icao) { /* TIS-B / ADS-R / anonymous: no ICAO address to correlate on */
        s->c.msg[l.tt]++;
        s->c.non_icao++;
        return 0;
    }
    double t = line_time(s, &l, io);
    struct vg_sbs_aircraft *a = aircraft(s, l.icao, t);
    remember(a, &l, t);
    rc = l.has & VG_SBS_HAS_POS ? position(s, a, &l, t, io, base, d) : 0;
    s->c.msg[l.tt] += rc >= 0; /* a line is counted once: good (by type) or malformed */
    s->c.malformed += rc < 0;
    return rc;
}

static int sbs_decode(void *state, const uint8_t *buf, size_t len,
                      const struct vg_decode_io *io, struct vg_diag *d)
{
    struct sbs_state *s = state;
    if (len > SBS_UNIT_MAX) {
        s->c.lines++;
        s->c.malformed++;
        return vg_diag_set(d, VG_ERANGE, "byte %d: unit of %zu bytes is longer than the %d "
                           "accepted", SBS_UNIT_MAX, len, SBS_UNIT_MAX);
    }
    const char *p = (const char *)buf, *end = p + len;
    int n = 0, err = 0;
    struct vg_diag first = {""}, *dd = d ? &first : NULL;
    do {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        int rc = decode_line(s, p, (size_t)(e - p), (size_t)(p - (const char *)buf), io,
                             err ? NULL : dd);
        if (rc < 0 && !err)
            err = rc;
        n += rc > 0 ? rc : 0;
        p = nl ? nl + 1 : end;
    } while (p < end);
    if (err && d)
        *d = first;
    return err ? err : n;
}

/* ---- encode: a detection as dump1090 would write it ------------------------------------ */

/* "YYYY/MM/DD,HH:MM:SS.mmm" of UNIX time t, UTC (fields 7-8 and 9-10). */
static int stamp(double t, char out[64])
{
    if (!(t >= 0 && t < 253402300800.0)) /* years 1970-9999 */
        return VG_ERANGE;
    double sec = floor(t);
    int ms = (int)((t - sec) * 1000.0);
    time_t tt = (time_t)sec;
    struct tm tm;
    if (!gmtime_r(&tt, &tm))
        return VG_ERANGE;
    snprintf(out, 64, "%04d/%02d/%02d,%02d:%02d:%02d.%03d", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms > 999 ? 999 : ms);
    return 0;
}

/* MSG,4 (when the detection has a velocity) then MSG,3, CRLF each: one unit, two lines, in
 * that order so that decoding them gives back one detection carrying the velocity. */
static int sbs_encode(void *state, const struct vg_detection *det, uint8_t *buf, size_t cap,
                      struct vg_diag *d)
{
    struct sbs_state *s = state;
    if (det->kind != VG_DET_ADSB || det->nz != 3)
        return 0;
    char icao[7];
    size_t n = strnlen(det->coop_id, sizeof det->coop_id);
    if (n != 6 || strspn(det->coop_id, "0123456789abcdefABCDEF") != 6)
        return vg_diag_set(d, VG_EINVAL, "coop_id '%.24s' is not 6 hex digits (an ICAO "
                           "address)", det->coop_id);
    for (int i = 0; i < 6; i++)
        icao[i] = (char)(det->coop_id[i] >= 'a' ? det->coop_id[i] - 32 : det->coop_id[i]);
    icao[6] = '\0';
    char ts[64];
    if (stamp(det->t, ts) < 0)
        return vg_diag_set(d, VG_ERANGE, "time %g is not a date in 1970-9999", det->t);
    double lat, lon, h;
    vg_enu_to_geo(&s->site->frame, det->z, &lat, &lon, &h);
    double alt_ft = h / FT_M;
    if (!(alt_ft >= -1500 && alt_ft <= 130000) || !isfinite(lat) || !isfinite(lon))
        return vg_diag_set(d, VG_ERANGE, "height %g m is outside SBS's -1500..130000 ft", h);
    int k = 0;
    if (det->flags & VG_DET_HAS_COOP_VEL) {
        const float *v = det->coop_vel;
        double gs = hypot(v[0], v[1]) / KT_MPS, vr = v[2] / FPM_MPS;
        double trk = fmod(atan2(v[0], v[1]) / VG_DEG + 360.0, 360.0);
        if (!(gs <= 4000) || !(fabs(vr) <= 40000))
            return vg_diag_set(d, VG_ERANGE, "velocity %g kt, %g ft/min is beyond SBS's range",
                               gs, vr);
        if (floor(trk + 0.5) >= 360)
            trk = 0;
        k = snprintf((char *)buf, cap, "MSG,4,1,1,%s,1,%s,%s,,,%.0f,%.0f,,,%.0f,,,,,0\r\n", icao,
                     ts, ts, gs, trk, vr);
        if (k < 0 || (size_t)k >= cap)
            return vg_diag_set(d, VG_ERANGE, "buffer of %zu bytes is too small", cap);
    }
    int m = snprintf((char *)buf + k, cap - (size_t)k,
                     "MSG,3,1,1,%s,1,%s,%s,,%.0f,,,%.6f,%.6f,,,,,,0\r\n", icao, ts, ts, alt_ft,
                     lat, lon);
    if (m < 0 || (size_t)m >= cap - (size_t)k)
        return vg_diag_set(d, VG_ERANGE, "buffer of %zu bytes is too small", cap);
    return k + m;
}

void vg_sbs_counts(const void *state, struct vg_sbs_counts *out)
{
    *out = ((const struct sbs_state *)state)->c;
}

int vg_sbs_aircraft_get(const void *state, uint32_t icao, struct vg_sbs_aircraft *out)
{
    const struct sbs_state *s = state;
    long k = find(s, icao);
    if (k < 0)
        return VG_ENOENT;
    *out = s->ac[k];
    return 0;
}

const struct vg_decoder_ops vg_decoder_sbs = {
    .name = "sbs",
    .framing = VG_FRAMING_LINE,
    .unit_max = SBS_UNIT_MAX,
    .open = sbs_open,
    .decode = sbs_decode,
    .close = sbs_close,
    .encode = sbs_encode,
};
