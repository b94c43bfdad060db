/* SPDX-License-Identifier: MIT */
/* decoder_asterix.c — ASTERIX over UDP as a Vigil input: Cat 048 plots become polar
 * detections, Cat 034 north markers and sector crossings become scan markers (whole scans
 * or sectors), Cat 015 (INCS) reports become polar, bearing or xyz detections (decoder.h;
 * Cat 015 rules at report015 below).
 *
 * Sensor: the input's `sensor` option, else the site sensor whose id is "SAC/SIC" (I048/010,
 * e.g. "25/201"), else an undeclared radar of that id is added. An undeclared sensor has no
 * position until its Cat 034 I034/120 gives one, so its plots and markers are described but
 * not emitted (a plot measured from an unknown place would put the target anywhere, and its
 * markers would count misses for every track): they are counted in dropped.
 *
 * Time: I048/140 and I034/030 are seconds since midnight UTC. The date is taken from the
 * arrival time t_rx, and the day that puts the report closest to t_rx (within ±12 h) is
 * chosen, so a report of 23:59:59.9 arriving at 00:00:00.1 belongs to the day before. Without
 * t_rx (0) t is the time of day itself.
 *
 * Measurement: range = RHO (slant range, 1/256 NM = 7.2 m), az = THETA. Elevation is not
 * measured by an SSR; it is derived from the target's height — the 3D radar height I048/110
 * if present, else the flight level I048/090 when valid (V = 0) and not garbled (G = 0) —
 * and the sensor's height, on a sphere of the mean Earth radius Re without refraction:
 *   (Re + h_t)² = (Re + h_s)² + r² + 2 r (Re + h_s) sin(el).
 * Approximations, covered by the elevation's sigma: a flight level is pressure altitude
 * (standard atmosphere, not QNH-corrected) taken as height above the ellipsoid, and the
 * 3D height is above mean sea level taken the same way (geoid separation ignored): σ_h is
 * 100 m for a flight level and 50 m for a 3D height; σ_el = σ_h / r.
 * Accuracy defaults (the site file has no per-sensor accuracy yet): σ_range 70 m; σ_az
 * 0.08° for reports with an SSR or Mode S reply, 0.15° for primary-only plots — the order of
 * the EUROCONTROL radar surveillance standard's en-route figures; both exceed the LSBs.
 * Not emitted: TYP 0 (no detection: a track extrapolation), and test (TST) or simulated
 * (SIM) targets. The radial Doppler speed of I048/120 is described, not used as range rate
 * (its sign convention is not fixed by the spec).
 *
 * Errors: a malformed block or record makes decode() return its error, but the detections
 * of the unit's good records (before it, and in later blocks that LEN still frames) have
 * been emitted already: a datagram's good plots are not thrown away with a bad one. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"
#include "sense/asterix.h"
#include "sense/asterix_internal.h"
#include "base/angle.h"
#include "sense/decoder.h"

#define NM_M 1852.0
#define FT_M 0.3048
#define RE_M 6371008.8 /* IUGG mean Earth radius */
#define DEG (3.14159265358979323846 / 180.0)
#define SIGMA_RANGE_M 70.0
#define SIGMA_AZ_SSR_DEG 0.08
#define SIGMA_AZ_PSR_DEG 0.15
#define SIGMA_H_FL_M 100.0
#define SIGMA_H_3D_M 50.0

struct sen {
    uint8_t placed;  /* position known: declared, or given by I034/120 */
    uint8_t north;   /* a north marker was seen: sector-0 crossings are not markers then */
    uint8_t crossed; /* a sector crossing (other than at north) was seen */
    uint8_t has_last;
    double last_deg; /* azimuth of the last crossing (north = 0) */
    double last_t;   /* and its time */
};

struct ax_state {
    struct vg_site *site;
    int forced;              /* sensor index from the options, or -1 */
    struct sen *sen;         /* per site sensor index */
    size_t sen_cap;
    struct vg__jb jb;
    uint64_t dropped;        /* plots and markers of radars without a position */
    int added;               /* undeclared radars added to the site */
};

/* Undeclared radars one input may add: a garbled feed must not grow the site (and every
 * per-sensor table downstream) by one sensor per random SAC/SIC. */
#define ADDED_MAX 64

static int ax_open(void **state, struct vg_site *site, const struct vg_decoder_options *o,
                   struct vg_diag *d)
{
    int forced = -1;
    if (o && o->sensor && (forced = vg_site_find_sensor(site, o->sensor)) < 0)
        return vg_diag_set(d, VG_EUNKSENSOR, "asterix: sensor '%s' is not in the site",
                           o->sensor);
    struct ax_state *s = calloc(1, sizeof *s);
    if (!s)
        return vg_diag_set(d, VG_ENOMEM, "out of memory");
    s->site = site;
    s->forced = forced;
    *state = s;
    return 0;
}

static void ax_close(void *state)
{
    struct ax_state *s = state;
    if (!s)
        return;
    vg__jb_free(&s->jb);
    free(s->sen);
    free(s);
}

/* The per-sensor entry of index k, grown to cover the site (allocates only when the site
 * gained sensors). NULL when out of memory. */
static struct sen *sen_of(struct ax_state *s, int k)
{
    size_t old = s->sen_cap, need = s->site->nsensors;
    if (need > old) {
        struct sen *np = realloc(s->sen, need * sizeof *np);
        if (!np)
            return NULL;
        s->sen = np;
        s->sen_cap = need;
        memset(s->sen + old, 0, (need - old) * sizeof *np);
        for (size_t i = old; i < need; i++)
            s->sen[i].placed = (uint8_t)(s->site->sensors[i].declared != 0);
    }
    return &s->sen[k];
}

/* The sensor of SAC/SIC: index ≥ 0, or a negative VG_E*. */
static int resolve(struct ax_state *s, int has010, unsigned sac, unsigned sic)
{
    if (s->forced >= 0)
        return s->forced;
    if (!has010)
        return VG_EUNKSENSOR;
    char id[16];
    snprintf(id, sizeof id, "%u/%u", sac, sic);
    int k = vg_site_find_sensor(s->site, id);
    if (k >= 0)
        return k;
    if (s->added >= ADDED_MAX)
        return VG_EFULL;
    struct vg_sensor sen = {.type = VG_SENSOR_RADAR, .declared = 0};
    memcpy(sen.id, id, strlen(id) + 1);
    sen.lat_deg = s->site->frame.lat0_deg;
    sen.lon_deg = s->site->frame.lon0_deg;
    sen.h_m = s->site->frame.h0_m;
    k = vg_site_add_sensor(s->site, &sen);
    s->added += k >= 0;
    return k;
}

/* Time of day (s since midnight UTC) on the UTC day that puts it nearest to t_rx. */
static double day_time(double tod, double t_rx)
{
    if (!(t_rx > 0))
        return tod;
    double t = floor(t_rx / 86400.0) * 86400.0 + tod;
    if (t - t_rx > 43200.0)
        t -= 86400.0;
    else if (t_rx - t > 43200.0)
        t += 86400.0;
    return t;
}

/* Elevation of a target of height ht seen at slant range r from height hs (spherical
 * Earth, see the header); 0 with *el, or -1 when the heights and range are inconsistent. */
static int elevation(double r, double hs, double ht, double *el)
{
    if (!(r > 0))
        return -1;
    double a = RE_M + hs;
    double sn = ((ht - hs) * (2 * RE_M + ht + hs) - r * r) / (2 * r * a);
    if (!(fabs(sn) <= 1.0))
        return -1;
    *el = asin(sn);
    return 0;
}

/* A Cat 048 plot as a detection: 1 filled, 0 not a plot (why says so). */
static int plot(const struct ax_state *s, const struct vg_asterix048 *r, int k, double t,
                struct vg_detection *det, const char **why)
{
    if (!(r->present & VG_A048_040))
        return *why = "no I048/040 position", 0;
    if ((r->present & VG_A048_020) && r->typ == 0)
        return *why = "TYP 0: no detection", 0;
    if (r->sim || r->tst)
        return *why = "simulated or test target", 0;
    memset(det, 0, sizeof *det);
    det->t = t;
    det->sensor = (uint32_t)k;
    det->kind = VG_DET_POLAR;
    det->z[0] = r->rho_nm * NM_M;
    det->z[1] = r->theta_deg * DEG;
    double saz = ((r->present & VG_A048_020) && r->typ == 1 ? SIGMA_AZ_PSR_DEG
                                                            : SIGMA_AZ_SSR_DEG) * DEG;
    double ht = 0, sh = 0, el;
    if (r->present & VG_A048_110) {
        ht = r->height_ft * FT_M;
        sh = SIGMA_H_3D_M;
    } else if ((r->present & VG_A048_090) && !r->fl_v && !r->fl_g) {
        ht = r->fl * 100.0 * FT_M;
        sh = SIGMA_H_FL_M;
    }
    int nz = 2;
    if (sh > 0 && !elevation(det->z[0], s->site->sensors[k].h_m, ht, &el)) {
        det->z[2] = el;
        det->flags |= VG_DET_HAS_EL;
        nz = 3;
        double sel = sh / det->z[0];
        if (sel > 10 * DEG)
            sel = 10 * DEG;
        det->R[2 * nz + 2] = sel * sel;
    }
    det->nz = (uint8_t)nz;
    det->R[0] = SIGMA_RANGE_M * SIGMA_RANGE_M;
    det->R[nz + 1] = saz * saz;
    return 1;
}

static void record_common(struct vg__jb *j, int idx, size_t off, size_t len)
{
    vg__jb_open(j, NULL, '{');
    vg__jb_int(j, "record", idx);
    vg__jb_int(j, "payload_offset", (long long)off);
    vg__jb_int(j, "record_len", (long long)len);
}

/* The end of one record: its description closed with the sensor, whether it gave a
 * detection (flag) and of what kind or why not; then the detection itself. Returns n. */
static int record_done(const struct ax_state *s, struct vg__jb *j, int k, const char *flag,
                       int n, const char *kind, const char *why, const struct vg_decode_io *io,
                       const struct vg_detection *det)
{
    if (j) {
        if (k >= 0)
            vg__jb_str(j, "sensor", s->site->sensors[k].id);
        vg__jb_bool(j, flag, n);
        if (kind)
            vg__jb_str(j, "kind", kind);
        else if (!n && why)
            vg__jb_str(j, "not_emitted", why);
        vg__jb_close(j, '}');
    }
    if (n && io->emit)
        io->emit(io->user, det);
    return n;
}

/* One Cat 048 record: described, and emitted when it is a plot of a placed sensor. */
static int on048(struct ax_state *s, const struct vg_asterix048 *r, int idx,
                 const struct vg_decode_io *io, struct vg__jb *j)
{
    int k = resolve(s, (r->present & VG_A048_010) != 0, r->sac, r->sic);
    double t = (r->present & VG_A048_140) ? day_time(r->tod_s, io->t_rx) : io->t_rx;
    struct vg_detection det;
    const char *why = NULL;
    int n = 0;
    if (k < 0)
        why = k == VG_EUNKSENSOR ? "no I048/010 and no sensor option"
              : k == VG_EFULL    ? "too many undeclared radars on this input"
                                 : "cannot add sensor";
    else if (plot(s, r, k, t, &det, &why)) {
        struct sen *se = sen_of(s, k);
        if (!se)
            why = "out of memory";
        else if (!se->placed)
            why = "sensor position unknown (not in the site)";
        else
            n = 1;
        if (!n)
            s->dropped++;
    }
    if (j) {
        record_common(j, idx, r->offset, r->len);
        vg__ax_json048(j, r);
    }
    return record_done(s, j, k, "detection", n, NULL, why, io, &det);
}

/* One Cat 034 record: described, and the antenna's progress turned into scan markers. A
 * radar that sends sector crossings (I034/000 = 2 with I034/020, typically every 11.25°)
 * closes its scan sector by sector: the crossing at azimuth A closes the sector swept since
 * the previous crossing, [previous, A] (a scan marker with a sector, detection.h), so the
 * tracker processes each sector as soon as the beam has passed it instead of a rotation
 * later; a north marker is the crossing at 0°. A radar that sends only north markers closes
 * whole scans. Repeats of the last crossing (the same message from a second source) close
 * nothing. */
static int crossing(struct sen *se, const struct vg_asterix034 *r, double t, double *from,
                    double *to)
{
    double a;
    if (r->msg_type == VG_A034_NORTH_MARKER)
        a = 0.0;
    else if (r->msg_type == VG_A034_SECTOR_CROSSING && (r->present & VG_A034_020))
        a = r->sector_deg;
    else
        return 0; /* not a crossing */
    /* A crossing older than the last one arrived late (another path, a reordering link):
     * its sector was closed by the later crossing already. */
    if (se->has_last && !(t > se->last_t))
        return 0;
    se->last_t = t;
    int sectored = se->crossed || (r->msg_type == VG_A034_SECTOR_CROSSING && a != 0.0);
    int had = se->has_last;
    double last = se->last_deg;
    se->has_last = 1;
    se->last_deg = a;
    if (r->msg_type == VG_A034_SECTOR_CROSSING && a != 0.0)
        se->crossed = 1;
    if (!sectored) /* north markers only (or sector-0 crossings only): whole scans */
        return r->msg_type == VG_A034_NORTH_MARKER || !se->north ? 1 : 0;
    if (!had || a == last)
        return 0; /* the first crossing starts the first sector; a repeat closes nothing */
    *from = last;
    *to = a;
    return 2;
}
static int on034(struct ax_state *s, const struct vg_asterix034 *r, int idx,
                 const struct vg_decode_io *io, struct vg__jb *j)
{
    int k = resolve(s, (r->present & VG_A034_010) != 0, r->sac, r->sic);
    struct sen *se = k >= 0 ? sen_of(s, k) : NULL;
    const char *why = NULL;
    int n = 0;
    if (se && (r->present & VG_A034_120) && !s->site->sensors[k].declared) {
        /* The radar says where it is: place the undeclared sensor there. */
        struct vg_sensor *sn = &s->site->sensors[k];
        sn->lat_deg = r->lat_deg;
        sn->lon_deg = r->lon_deg;
        sn->h_m = r->h_m;
        vg_enu_from_geo(&s->site->frame, r->lat_deg, r->lon_deg, r->h_m, sn->pos);
        se->placed = 1;
    }
    double from = 0.0, to = 0.0;
    double t_mk = (r->present & VG_A034_030) ? day_time(r->tod_s, io->t_rx) : io->t_rx;
    int marker = se ? crossing(se, r, t_mk, &from, &to) : r->msg_type == VG_A034_NORTH_MARKER;
    if (se && r->msg_type == VG_A034_NORTH_MARKER)
        se->north = 1;
    struct vg_detection det;
    if (marker) {
        if (!se)
            why = "no sensor";
        else if (!se->placed)
            why = "sensor position unknown (not in the site)";
        else {
            memset(&det, 0, sizeof det);
            det.t = t_mk;
            det.sensor = (uint32_t)k;
            det.kind = VG_DET_SCAN;
            if (marker == 2) {
                det.nz = 2;
                det.z[0] = from * (VG_PI / 180.0);
                det.z[1] = to * (VG_PI / 180.0);
            }
            n = 1;
        }
        if (!n)
            s->dropped++;
    }
    if (j) {
        record_common(j, idx, r->offset, r->len);
        vg__ax_json034(j, r);
    }
    return record_done(s, j, k, "scan", n, NULL, why, io, &det);
}

/* A Cat 015 report as a detection: 1 filled, 0 not (why says so). Polar from a mono-static
 * sensor's range and azimuth (+ elevation, + range rate), a bearing from an azimuth without
 * range (passive and electro-optic sensors), else a position from I015/600 P84 and I015/601
 * GH. σ from the report's own precisions (SDR, SDASZ, SDEL, SDRR, HPP, SDGH), at least one
 * LSB; without them 10 m, 1°, 2°, 1 m/s, 10 m horizontal and 20 m vertical — the order of
 * small drone-surveillance radars' figures. A polar or bearing report needs the sensor's
 * position (placed); a P84 position does not. Bi-/multi-static ranges (MoMu ≠ 0) are not a
 * distance from the sensor, so such reports give no polar detection. */
#define AT_LEAST(x, lsb) ((x) > (lsb) ? (x) : (lsb))
static int report015(const struct ax_state *s, const struct vg_asterix015 *r, int k,
                     int placed, double t, struct vg_detection *det, const char **why)
{
    uint32_t h = r->has;
    if ((r->present & 2u) && r->mt == 5)
        return *why = "track end message", 0;
    if (r->ttax)
        return *why = "reference, synthetic or simulated target", 0;
    memset(det, 0, sizeof *det);
    det->t = t;
    det->sensor = (uint32_t)k;
    double sig[4];
    int n = 0;
    int polar = (h & VG_A015_R) && (h & VG_A015_AZ) && r->momu == 0 && r->range_m >= 0;
    int bearing = !(h & VG_A015_R) && (h & VG_A015_AZ);
    if ((polar || bearing) && placed) {
        det->kind = polar ? VG_DET_POLAR : VG_DET_BEARING;
        if (polar) {
            det->z[n] = r->range_m;
            sig[n++] = (h & VG_A015_SDR) ? AT_LEAST(r->sd_range_m, 0.1) : 10.0;
        }
        det->z[n] = r->az_deg * DEG;
        sig[n++] = ((h & VG_A015_SDAZ) ? AT_LEAST(r->sd_az_deg, 360.0 / 65536) : 1.0) * DEG;
        if (h & VG_A015_EL) {
            det->z[n] = r->el_deg * DEG;
            sig[n++] = ((h & VG_A015_SDEL) ? AT_LEAST(r->sd_el_deg, 180.0 / 65536) : 2.0) * DEG;
            det->flags |= VG_DET_HAS_EL;
        }
        if (polar && (h & VG_A015_RR)) {
            det->z[n] = r->rr_ms;
            sig[n++] = (h & VG_A015_SDRR) ? AT_LEAST(r->sd_rr_ms, 0.1) : 1.0;
            det->flags |= VG_DET_HAS_RR;
        }
    } else if ((h & VG_A015_P84) && (h & VG_A015_GH)) {
        det->kind = VG_DET_XYZ;
        vg_enu_from_geo(&s->site->frame, r->lat_deg, r->lon_deg, r->gh_m, det->z);
        n = 3;
        sig[0] = (h & VG_A015_HPP) ? AT_LEAST(r->sd_x_m, 0.25) : 10.0;
        sig[1] = (h & VG_A015_HPP) ? AT_LEAST(r->sd_y_m, 0.25) : 10.0;
        sig[2] = (h & VG_A015_SDGH) ? AT_LEAST(r->sd_gh_m, 0.01) : 20.0;
    } else if (polar || bearing) {
        return *why = "sensor position unknown (not in the site)", 0;
    } else {
        return *why = "no usable position (range+azimuth, azimuth, or P84+GH)", 0;
    }
    det->nz = (uint8_t)n;
    for (int i = 0; i < n; i++)
        det->R[i * n + i] = sig[i] * sig[i];
    if (h & VG_A015_RPS) {
        det->snr_db = r->rps_db;
        det->flags |= VG_DET_HAS_SNR;
    }
    return 1;
}

static int on015(struct ax_state *s, const struct vg_asterix015 *r, int idx,
                 const struct vg_decode_io *io, struct vg__jb *j)
{
    int k = resolve(s, (r->present & 1u) != 0, r->sac, r->sic);
    double t = (r->present & (1u << 5)) ? day_time(r->tod_s, io->t_rx) : io->t_rx;
    struct vg_detection det;
    const char *why = NULL;
    int n = 0;
    struct sen *se = k >= 0 ? sen_of(s, k) : NULL;
    if (k < 0)
        why = k == VG_EUNKSENSOR ? "no I015/010 and no sensor option"
              : k == VG_EFULL    ? "too many undeclared radars on this input"
                                 : "cannot add sensor";
    else if (!se)
        why = "out of memory";
    else if (!(n = report015(s, r, k, se->placed, t, &det, &why)))
        s->dropped += why && !strncmp(why, "sensor position", 15);
    if (j) {
        record_common(j, idx, r->offset, r->len);
        vg__ax_json015(j, r);
    }
    return record_done(s, j, k, "detection", n, n ? vg_det_kind_name(det.kind) : NULL, why, io,
                       &det);
}

/* The records of one Cat 048, 034 or 015 block; 0, or the first record's error (then the rest
 * of the block is lost: a record's end is known only by decoding it). */
static int block_records(struct ax_state *s, const uint8_t *buf, const struct vg_asterix_block *b,
                         const struct vg_decode_io *io, struct vg__jb *j, int *ndet,
                         struct vg_diag *d)
{
    size_t at = b->offset + 3, end = b->offset + b->len;
    if (at == end)
        return vg_diag_set(d, VG_EPARSE, "byte %zu: data block without records", b->offset);
    if (j)
        vg__jb_open(j, "records", '[');
    int rc = 0;
    for (int idx = 1; at < end && !rc; idx++) {
        size_t next;
        if (b->cat == 48) {
            struct vg_asterix048 r;
            if (!(rc = vg_asterix048_decode(buf, at, end, &r, &next, d)))
                *ndet += on048(s, &r, idx, io, j);
        } else if (b->cat == 15) {
            struct vg_asterix015 r;
            if (!(rc = vg_asterix015_decode(buf, at, end, &r, &next, d)))
                *ndet += on015(s, &r, idx, io, j);
        } else {
            struct vg_asterix034 r;
            if (!(rc = vg_asterix034_decode(buf, at, end, &r, &next, d)))
                *ndet += on034(s, &r, idx, io, j);
        }
        if (rc) {
            struct vg_diag why = *d;
            vg_diag_set(d, rc, "%s (Cat %03u block at byte %zu, record %d)", why.msg, b->cat,
                        b->offset, idx);
        } else {
            at = next;
        }
    }
    if (j)
        vg__jb_close(j, ']');
    return rc;
}

static int ax_decode(void *state, const uint8_t *buf, size_t len, const struct vg_decode_io *io,
                     struct vg_diag *d)
{
    struct ax_state *s = state;
    struct vg__jb *j = io->describe ? &s->jb : NULL;
    struct vg_diag bd, first = {""};
    int ndet = 0, err = 0, nb = 0;
    if (j) {
        vg__jb_reset(j);
        vg__jb_open(j, NULL, '{');
        vg__jb_open(j, "blocks", '[');
    }
    if (len == 0)
        err = vg_diag_set(&first, VG_ETRUNC, "byte 0: empty datagram");
    size_t pos = 0;
    while (len > 0) {
        struct vg_asterix_block b;
        int rc = vg_asterix_next_block(buf, len, &pos, &b, &bd);
        if (rc == 0)
            break;
        if (rc < 0) {
            if (!err) {
                err = rc;
                first = bd;
            }
            break;
        }
        nb++;
        if (j) {
            vg__jb_open(j, NULL, '{');
            vg__jb_int(j, "block", nb);
            vg__jb_int(j, "cat", b.cat);
            vg__jb_int(j, "offset", (long long)b.offset);
            vg__jb_int(j, "len", (long long)b.len);
        }
        if (b.cat == 48 || b.cat == 34 || b.cat == 15) {
            bd.msg[0] = '\0';
            rc = block_records(s, buf, &b, io, j, &ndet, &bd);
            if (rc < 0) {
                if (j)
                    vg__jb_str(j, "error", bd.msg);
                if (!err) {
                    err = rc;
                    first = bd;
                }
            }
        } else if (j) {
            vg__jb_str(j, "not_decoded", "category not read by Vigil");
        }
        if (j)
            vg__jb_close(j, '}');
    }
    if (j) {
        vg__jb_close(j, ']');
        if (err)
            vg__jb_str(j, "error", first.msg);
        vg__jb_close(j, '}');
        if (!j->err)
            io->describe(io->user, j->p, j->n);
    }
    if (err) {
        /* Detections of the good blocks before and after were emitted already. */
        return vg_diag_set(d, err, "%s", first.msg);
    }
    return ndet;
}

/* SAC/SIC of a sensor: its id when that reads "SAC/SIC", else SAC 0 and SIC = index + 1. */
static void sac_sic(const struct vg_site *site, uint32_t k, uint8_t *sac, uint8_t *sic)
{
    unsigned a, b;
    char tail;
    if (sscanf(site->sensors[k].id, "%u/%u%c", &a, &b, &tail) == 2 && a <= 255 && b <= 255) {
        *sac = (uint8_t)a;
        *sic = (uint8_t)b;
    } else {
        *sac = 0;
        *sic = (uint8_t)(k + 1);
    }
}

/* Cat 034 north marker: I034/010, 000 = 1, 030. */
static int encode_marker(uint8_t sac, uint8_t sic, double tod, uint8_t *buf, size_t cap)
{
    long q = lround(tod * 128);
    if (q >= 86400L * 128)
        q -= 86400L * 128;
    if (cap < 10)
        return VG_ERANGE;
    const uint8_t b[10] = {34, 0, 10, 0xE0, sac, sic, VG_A034_NORTH_MARKER,
                           (uint8_t)(q >> 16), (uint8_t)(q >> 8), (uint8_t)q};
    memcpy(buf, b, sizeof b);
    return 10;
}

static int ax_encode(void *state, const struct vg_detection *det, uint8_t *buf, size_t cap,
                     struct vg_diag *d)
{
    struct ax_state *s = state;
    if (det->kind != VG_DET_POLAR && det->kind != VG_DET_SCAN)
        return 0;
    if (det->sensor >= s->site->nsensors)
        return vg_diag_set(d, VG_EINVAL, "asterix: sensor index %u not in the site",
                           (unsigned)det->sensor);
    if (!isfinite(det->t) || det->t < 0)
        return vg_diag_set(d, VG_EINVAL, "asterix: time %g cannot be a time of day", det->t);
    struct vg_asterix048 r;
    memset(&r, 0, sizeof r);
    sac_sic(s->site, det->sensor, &r.sac, &r.sic);
    r.tod_s = fmod(det->t, 86400.0);
    if (det->kind == VG_DET_SCAN) {
        int n = encode_marker(r.sac, r.sic, r.tod_s, buf, cap);
        return n < 0 ? vg_diag_set(d, n, "asterix: buffer of %zu bytes too small", cap) : n;
    }
    if (floor(r.tod_s * 128 + 0.5) >= 86400.0 * 128)
        r.tod_s = 0; /* rounds up to the next midnight */
    r.typ = 1; /* single PSR detection: what a drone surveillance radar sees */
    r.rho_nm = det->z[0] / NM_M;
    r.theta_deg = det->z[1] / DEG;
    if ((det->flags & VG_DET_HAS_EL) && det->nz >= 3) {
        double hs = s->site->sensors[det->sensor].h_m, rr = det->z[0], a = RE_M + hs;
        double ht = sqrt(a * a + rr * rr + 2 * rr * a * sin(det->z[2])) - RE_M;
        r.height_ft = ht / FT_M;
        r.present |= VG_A048_110;
    }
    int n = vg_asterix048_encode(&r, buf, cap);
    if (n == VG_ERANGE)
        return vg_diag_set(d, n, "asterix: buffer of %zu bytes too small", cap);
    if (n < 0)
        return vg_diag_set(d, n, "asterix: range %.1f m or height outside Cat 048's fields "
                           "(range < 256 NM, |height| < 204 800 ft)", det->z[0]);
    return n;
}

const struct vg_decoder_ops vg_decoder_asterix = {
    .name = "asterix",
    .framing = VG_FRAMING_DATAGRAM,
    .unit_max = 65535, /* the largest UDP payload; LEN is 16 bits too */
    .open = ax_open,
    .decode = ax_decode,
    .close = ax_close,
    .encode = ax_encode,
};
