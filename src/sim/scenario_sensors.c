/* SPDX-License-Identifier: MIT */
/* scenario_sensors.c — the scenario's sensors: `radars:` and `sensors:` (docs/scenario.md).
 *
 * Each entry is checked against its table (the tables are the schema; docs/scenario.md
 * repeats their docs), then the checks that span fields (rate or period, coverage limits in
 * order, jitter within half the interval), then it becomes a declared sensor of the site, so
 * that site.geojson lists it: radar i is sensor i, bearing sensor j (rf, acoustic) is sensor
 * nradars + j, cooperative receiver k (adsb, remoteid) nradars + nbearing_sensors + k. A
 * sensor's bias is always applied to its reports; the site declares it (bias_range_m,
 * bias_az_deg, bias_el_deg) only with `registration: known`, for a tracker to subtract.
 * Bias, delay and registration are read by the same small tables for every kind of sensor
 * (macros below, one table per struct); receivers have a delay but no bias. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/scenario_yaml.h"

#define COORD_MAX VG__COORD_MAX

static const char *const registration_names[] = {"unknown", "known", NULL};

/* The keys every sensor shares, for a sensor held at member m of struct st: bias angles
 * (a radar adds range_m), the delay mapping and registration. */
#define BIAS_ANGLES(st, m)                                                                     \
    VG__Y_NUMF("az_deg", st, m.az_deg, 0, 0, -180, 180,                                        \
               "azimuth bias, deg: reported = true + bias"),                                   \
    VG__Y_NUMF("el_deg", st, m.el_deg, 0, 0, -90, 90, "elevation bias, deg")
#define DELAY_FIELDS(st, m)                                                                    \
    VG__Y_NUMF("mean_s", st, m.mean_s, 0, 0, 0, 3600, "mean reporting latency, s"),            \
    VG__Y_NUMF("jitter_s", st, m.jitter_s, 0, 0, 0, 3600,                                      \
               "latency uniform in mean +- this (clamped at 0), s"),                           \
    {"in_order", VG__Y_BOOL, offsetof(st, m.in_order), 0, 0, 0, 0, NULL, 0,                    \
     "a FIFO link: no report overtakes an earlier one of the sensor"}
#define REGISTRATION(st, m)                                                                    \
    {"registration", VG__Y_ENUM, offsetof(st, m.registration), 0, VG_REG_UNKNOWN, 0, 0,        \
     registration_names, 0, "known: site.geojson declares the bias; unknown: it does not"}

/* ---- radars ------------------------------------------------------------------------------ */

static const char *const scan_names[] = {"rotating", "electronic", NULL};

struct radar_in {
    struct vg_sim_radar r;
    double rate_hz;
};

static const struct vg__yfield pd_fields[] = {
    VG__Y_NUMF("ref", struct radar_in, r.pd_ref, VG__Y_REQUIRED | VG__Y_GT | VG__Y_LT, 0, 0, 1,
               "detection probability at range_m for a target of rcs_dbsm"),
    VG__Y_NUMF("range_m", struct radar_in, r.pd_range_m, VG__Y_REQUIRED | VG__Y_GT, 0, 0,
               COORD_MAX, "reference range, m"),
    VG__Y_NUMF("rcs_dbsm", struct radar_in, r.pd_rcs_dbsm, 0, -15, -100, 100,
               "reference radar cross-section, dBsm"),
    VG__Y_NUMF("pfa", struct radar_in, r.pfa, VG__Y_GT, 1e-6, 0, 0.1,
               "false-alarm probability per cell: the Swerling I curve's shape"),
};
static const struct vg__ytable pd_table = {pd_fields, sizeof pd_fields / sizeof *pd_fields};

static const struct vg__yfield sigma_fields[] = {
    VG__Y_NUMF("range_m", struct radar_in, r.sigma_range_m, VG__Y_REQUIRED | VG__Y_GT, 0, 0, 1e4,
               "range noise, 1 sigma, m"),
    VG__Y_NUMF("az_deg", struct radar_in, r.sigma_az_deg, VG__Y_REQUIRED | VG__Y_GT, 0, 0, 45,
               "azimuth noise, 1 sigma, deg"),
    VG__Y_NUMF("el_deg", struct radar_in, r.sigma_el_deg, VG__Y_REQUIRED | VG__Y_GT, 0, 0, 45,
               "elevation noise, 1 sigma, deg"),
    VG__Y_NUMF("rr_mps", struct radar_in, r.sigma_rr_mps, 0, 0, 0, 100,
               "range-rate noise, 1 sigma, m/s; given and > 0: range rate is reported"),
};
static const struct vg__ytable sigma_table = {sigma_fields,
                                              sizeof sigma_fields / sizeof *sigma_fields};

static const struct vg__yfield radar_bias_fields[] = {
    VG__Y_NUMF("range_m", struct radar_in, r.bias.range_m, 0, 0, -1e4, 1e4, "range bias, m"),
    BIAS_ANGLES(struct radar_in, r.bias),
};
static const struct vg__ytable radar_bias_table = {radar_bias_fields, 3};

static const struct vg__yfield md_fields[] = {
    VG__Y_NUMF("p_correct", struct radar_in, r.md_p_correct, VG__Y_REQUIRED | VG__Y_GT, 0, 0, 1,
               "probability that a hint names the object's true class"),
    VG__Y_NUMF("min_snr_db", struct radar_in, r.md_min_snr_db, 0, 13, -20, 100,
               "hints only on plots with at least this SNR, dB"),
};
static const struct vg__ytable md_table = {md_fields, 2};

static const struct vg__yfield radar_delay_fields[] = {DELAY_FIELDS(struct radar_in, r.delay)};
static const struct vg__ytable radar_delay_table = {radar_delay_fields, 3};

static const struct vg__yfield radar_fields[] = {
    {"id", VG__Y_ID, offsetof(struct radar_in, r.id), VG__Y_REQUIRED, 0, 0, 0, NULL, 0,
     "sensor id, as in the detections"},
    {"position", VG__Y_VEC3, offsetof(struct radar_in, r.pos), VG__Y_REQUIRED, 0, -COORD_MAX,
     COORD_MAX, NULL, 0, "[e, n, u] ENU m"},
    {"scan", VG__Y_ENUM, offsetof(struct radar_in, r.scan), 0, VG_SCAN_ROTATING, 0, 0,
     scan_names, 0, "rotating: seen when the beam passes; electronic: all at the scan's end"},
    VG__Y_NUMF("rate_hz", struct radar_in, rate_hz, VG__Y_GT, 0, 0, 1000,
               "scans per second (or give period_s)"),
    VG__Y_NUMF("period_s", struct radar_in, r.period_s, VG__Y_GT, 0, 0, 3600,
               "scan period, s (or give rate_hz)"),
    VG__Y_NUMF("start_s", struct radar_in, r.start_s, 0, 0, 0, 86400,
               "time the first scan starts, s"),
    {"sectors", VG__Y_INT, offsetof(struct radar_in, r.sectors), 0, 1, 1, 256, NULL, 0,
     "rotating: scan markers per rotation, one closing each equal sector (1: per scan)"},
    VG__Y_NUMF("range_min_m", struct radar_in, r.range_min_m, 0, 0, 0, COORD_MAX,
               "blind range, m"),
    VG__Y_NUMF("range_max_m", struct radar_in, r.range_max_m, VG__Y_REQUIRED | VG__Y_GT, 0, 0,
               COORD_MAX, "instrumented range, m"),
    VG__Y_NUMF("el_min_deg", struct radar_in, r.el_min_deg, 0, -5, -90, 90,
               "lowest elevation covered, deg"),
    VG__Y_NUMF("el_max_deg", struct radar_in, r.el_max_deg, 0, 70, -90, 90,
               "highest elevation covered, deg"),
    {"pd", VG__Y_MAP, 0, VG__Y_REQUIRED, 0, 0, 0, &pd_table, 0, "detection model anchor"},
    {"sigma", VG__Y_MAP, 0, VG__Y_REQUIRED, 0, 0, 0, &sigma_table, 0, "measurement noise"},
    {"report_rcs", VG__Y_BOOL, offsetof(struct radar_in, r.report_rcs), 0, 0, 0, 0, NULL, 0,
     "plots carry the RCS estimated from the echo power (rcs_dbsm)"},
    {"micro_doppler", VG__Y_MAP, 0, 0, 0, 0, 0, &md_table, 0,
     "{p_correct, min_snr_db}: the radar's micro-Doppler class hints (default none)"},
    VG__Y_NUMF("clutter_per_scan", struct radar_in, r.clutter_per_scan, 0, 0, 0, 1e5,
               "mean false detections per scan (Poisson)"),
    VG__Y_NUMF("clutter_rr_max_mps", struct radar_in, r.clutter_rr_max_mps, VG__Y_GT, 60, 0,
               1000, "clutter range rate uniform in +-this, m/s"),
    {"bias", VG__Y_MAP, 0, 0, 0, 0, 0, &radar_bias_table, 0,
     "{range_m, az_deg, el_deg}: systematic error of the reports (default none)"},
    REGISTRATION(struct radar_in, r.bias),
    {"delay", VG__Y_MAP, 0, 0, 0, 0, 0, &radar_delay_table, 0,
     "{mean_s, jitter_s, in_order}: reporting latency (default none)"},
};
static const struct vg__ytable radar_table = {radar_fields,
                                              sizeof radar_fields / sizeof *radar_fields};

/* ---- RF direction finders and acoustic arrays -------------------------------------------- */

/* The `type` of a `sensors:` entry, in this order. */
static const char *const sensor_type_names[] = {"rf", "acoustic", "adsb", "remoteid", NULL};
enum { SENSOR_RF, SENSOR_ACOUSTIC, SENSOR_ADSB, SENSOR_REMOTEID };

struct bearing_in {
    struct vg_sim_bearing_sensor s;
    double rate_hz;
    int kind;                 /* index in sensor_type_names */
};

static const struct vg__yfield bsigma_fields[] = {
    VG__Y_NUMF("az_deg", struct bearing_in, s.sigma_az_deg, VG__Y_REQUIRED | VG__Y_GT, 0, 0, 45,
               "azimuth noise, 1 sigma, deg"),
    VG__Y_NUMF("el_deg", struct bearing_in, s.sigma_el_deg, 0, 0, 0, 45,
               "elevation noise, 1 sigma, deg; given and > 0: elevation is reported"),
};
static const struct vg__ytable bsigma_table = {bsigma_fields, 2};

static const struct vg__yfield bbias_fields[] = {BIAS_ANGLES(struct bearing_in, s.bias)};
static const struct vg__ytable bbias_table = {bbias_fields, 2};

static const struct vg__yfield bdelay_fields[] = {DELAY_FIELDS(struct bearing_in, s.delay)};
static const struct vg__ytable bdelay_table = {bdelay_fields, 3};

/* The keys of both kinds; `markers` (its default differs) and `sound_mps` follow. */
#define BEARING_COMMON(range_doc)                                                                  \
    {"type", VG__Y_ENUM, offsetof(struct bearing_in, kind), VG__Y_REQUIRED, 0, 0, 0,               \
     sensor_type_names, 0, "rf (direction finder) or acoustic (microphone array)"},                \
    {"id", VG__Y_ID, offsetof(struct bearing_in, s.id), VG__Y_REQUIRED, 0, 0, 0, NULL, 0,          \
     "sensor id, unique among all sensors"},                                                       \
    {"position", VG__Y_VEC3, offsetof(struct bearing_in, s.pos), VG__Y_REQUIRED, 0,                \
     -COORD_MAX, COORD_MAX, NULL, 0, "[e, n, u] ENU m"},                                           \
    VG__Y_NUMF("rate_hz", struct bearing_in, rate_hz, VG__Y_GT, 0, 0, 1000,                        \
               "reports per second (or give period_s)"),                                           \
    VG__Y_NUMF("period_s", struct bearing_in, s.period_s, VG__Y_GT, 0, 0, 3600,                    \
               "reporting interval, s (or give rate_hz)"),                                         \
    VG__Y_NUMF("start_s", struct bearing_in, s.start_s, 0, 0, 0, 86400,                            \
               "time the first interval starts, s"),                                               \
    VG__Y_NUMF("range_m", struct bearing_in, s.range_m, VG__Y_REQUIRED | VG__Y_GT, 0, 0,           \
               COORD_MAX, range_doc),                                                              \
    VG__Y_NUMF("el_min_deg", struct bearing_in, s.el_min_deg, 0, -10, -90, 90,                     \
               "lowest elevation covered, deg"),                                                   \
    VG__Y_NUMF("el_max_deg", struct bearing_in, s.el_max_deg, 0, 90, -90, 90,                      \
               "highest elevation covered, deg"),                                                  \
    VG__Y_NUMF("pd", struct bearing_in, s.pd, VG__Y_GT, 0.9, 0, 1,                                 \
               "detection probability per interval within coverage"),                              \
    {"sigma", VG__Y_MAP, 0, VG__Y_REQUIRED, 0, 0, 0, &bsigma_table, 0,                             \
     "{az_deg, el_deg}: bearing noise"},                                                           \
    VG__Y_NUMF("clutter_rate_hz", struct bearing_in, s.clutter_rate_hz, 0, 0, 0, 1e4,              \
               "mean false bearings per second (Poisson per interval)"),                           \
    {"bias", VG__Y_MAP, 0, 0, 0, 0, 0, &bbias_table, 0,                                            \
     "{az_deg, el_deg}: systematic error of the bearings (default none)"},                         \
    REGISTRATION(struct bearing_in, s.bias),                                                       \
    {"delay", VG__Y_MAP, 0, 0, 0, 0, 0, &bdelay_table, 0,                                          \
     "{mean_s, jitter_s, in_order}: reporting latency (default none)"}

static const struct vg__yfield rf_fields[] = {
    BEARING_COMMON("farthest emitter reported, m"),
    {"markers", VG__Y_BOOL, offsetof(struct bearing_in, s.markers), 0, 1, 0, 0, NULL, 0,
     "end each interval with a scan marker (default true; false: asynchronous reports)"},
};
static const struct vg__ytable rf_table = {rf_fields, sizeof rf_fields / sizeof *rf_fields};

static const struct vg__yfield acoustic_fields[] = {
    BEARING_COMMON("farthest drone heard (where its sound left it), m"),
    {"markers", VG__Y_BOOL, offsetof(struct bearing_in, s.markers), 0, 1, 0, 0, NULL, 0,
     "end each interval (audio frame) with a scan marker (default true)"},
    VG__Y_NUMF("sound_mps", struct bearing_in, s.sound_mps, VG__Y_GT, 343, 200, 400,
               "speed of sound, m/s: bearings point where the drone was range/c ago"),
};
static const struct vg__ytable acoustic_table = {acoustic_fields,
                                                 sizeof acoustic_fields / sizeof *acoustic_fields};

/* ---- checks and the site's sensor table --------------------------------------------------- */

/* Exactly one of rate_hz and period_s; the period from it. */
static int rate_or_period(const struct vg__yctx *c, yaml_node_t *map, const struct vg__ytable *t,
                          const struct vg__yseen *s, double rate_hz, double *period_s)
{
    int i_rate = vg__y_index(t, "rate_hz"), i_per = vg__y_index(t, "period_s");
    int has_rate = (s->bits >> i_rate) & 1, has_per = (s->bits >> i_per) & 1;
    if (has_rate && has_per)
        return vg__y_fail(c, s->line[i_rate > i_per ? i_rate : i_per], VG_EINVAL,
                          "give 'rate_hz' or 'period_s', not both");
    if (!has_rate && !has_per)
        return vg__y_fail(c, vg__y_line(map), VG_EPARSE, "missing 'rate_hz' (or 'period_s')");
    if (has_rate)
        *period_s = 1.0 / rate_hz;
    return 0;
}

static int el_order(const struct vg__yctx *c, yaml_node_t *map, double lo, double hi)
{
    if (!(lo < hi))
        return vg__y_fail(c, vg__y_line(map), VG_ERANGE,
                          "'el_max_deg' %g must be above 'el_min_deg' %g", hi, lo);
    return 0;
}

/* Declare a sensor in the site; the bias only when it is registered (b may be NULL). */
static int add_to_site(const struct vg__yctx *c, int line, struct vg_scenario *sc,
                       const char *id, int type, const double pos[3], double range_m,
                       double period_s, const struct vg_sim_bias *b)
{
    struct vg_sensor sen;
    memset(&sen, 0, sizeof sen);
    memcpy(sen.id, id, sizeof sen.id);
    sen.type = type;
    memcpy(sen.pos, pos, sizeof sen.pos);
    vg_enu_to_geo(&sc->site.frame, sen.pos, &sen.lat_deg, &sen.lon_deg, &sen.h_m);
    sen.range_m = range_m;
    sen.rate_hz = 1.0 / period_s;
    if (b && b->registration == VG_REG_KNOWN) {
        sen.bias_range_m = b->range_m;
        sen.bias_az_deg = b->az_deg;
        sen.bias_el_deg = b->el_deg;
    }
    sen.declared = 1;
    int rc = vg_site_add_sensor(&sc->site, &sen);
    if (rc == VG_EEXIST)
        return vg__y_fail(c, line, rc, "duplicate radar id");
    if (rc < 0)
        return vg__y_fail(c, line, rc, "%s", vg_strerror(rc));
    return 0;
}

/* A `sensors:` entry's id against the radars and the entries before it. */
static int unique_id(const struct vg__yctx *c, yaml_node_t *map, const struct vg_scenario *sc,
                     const char *id)
{
    int dup = vg_site_find_sensor(&sc->site, id) >= 0;
    for (size_t i = 0; !dup && i < sc->nbearing_sensors; i++)
        dup = strcmp(sc->bearing_sensors[i].id, id) == 0;
    for (size_t i = 0; !dup && i < sc->ncoop_receivers; i++)
        dup = strcmp(sc->coop_receivers[i].id, id) == 0;
    return dup ? vg__y_fail(c, vg__y_line(map), VG_EEXIST,
                            "duplicate sensor id (ids are unique among all sensors)")
               : 0;
}

static int check_radar(const struct vg__yctx *c, yaml_node_t *map, const struct vg__yseen *s,
                       struct radar_in *in)
{
    struct vg_sim_radar *r = &in->r;
    int rc = rate_or_period(c, map, &radar_table, s, in->rate_hz, &r->period_s);
    if (rc < 0)
        return rc;
    if (!(r->range_min_m < r->range_max_m))
        return vg__y_fail(c, s->line[vg__y_index(&radar_table, "range_max_m")], VG_ERANGE,
                          "'range_max_m' %g must be above 'range_min_m' %g", r->range_max_m,
                          r->range_min_m);
    if ((rc = el_order(c, map, r->el_min_deg, r->el_max_deg)) < 0)
        return rc;
    if (!(r->pd_ref > r->pfa))
        return vg__y_fail(c, s->line[vg__y_index(&radar_table, "pd")], VG_ERANGE,
                          "'pd.ref' %g must be above 'pd.pfa' %g", r->pd_ref, r->pfa);
    if (r->scan == VG_SCAN_ELECTRONIC)
        r->sectors = 1; /* the whole field of view at once */
    r->line = vg__y_line(map);
    return 0;
}

int vg__load_radars(const struct vg__yctx *c, yaml_node_t *list, struct vg_scenario *sc)
{
    int rc = vg__y_need_list(c, list, "radars");
    if (rc < 0)
        return rc;
    size_t n = vg__y_seq_len(list);
    if (n == 0)
        return vg__y_fail(c, vg__y_line(list), VG_EPARSE, "'radars' is empty");
    sc->radars = calloc(n, sizeof *sc->radars);
    if (!sc->radars)
        return vg__y_fail(c, vg__y_line(list), VG_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *map = vg__y_item(c, list, i);
        struct vg__yctx rcx = vg__y_entry_ctx(c, map, "radar", i);
        struct radar_in in;
        memset(&in, 0, sizeof in);
        vg__y_defaults(&radar_table, &in);
        struct vg__yseen seen;
        if ((rc = vg__y_map(&rcx, map, &radar_table, &in, &seen)) < 0 ||
            (rc = check_radar(&rcx, map, &seen, &in)) < 0 ||
            (rc = add_to_site(&rcx, vg__y_line(map), sc, in.r.id, VG_SENSOR_RADAR, in.r.pos,
                              in.r.range_max_m, in.r.period_s, &in.r.bias)) < 0)
            return rc;
        sc->radars[sc->nradars++] = in.r;
    }
    return 0;
}

/* ---- ADS-B and Remote ID receivers ------------------------------------------------------- */

struct coop_in {
    struct vg_sim_coop_receiver r;
    double rate_hz;
    int kind;                 /* index in sensor_type_names */
};

static const struct vg__yfield cdelay_fields[] = {DELAY_FIELDS(struct coop_in, r.delay)};
static const struct vg__ytable cdelay_table = {cdelay_fields, 3};

/* The sigma table of each kind, with its defaults: 1 σ horizontal, vertical, velocity. */
#define COOP_SIGMA(h, v, vel)                                                                  \
    VG__Y_NUMF("horizontal_m", struct coop_in, r.sigma_h_m, VG__Y_GT, h, 0, 1e4,               \
               "position error per horizontal axis, 1 sigma, m"),                              \
    VG__Y_NUMF("vertical_m", struct coop_in, r.sigma_v_m, VG__Y_GT, v, 0, 1e4,                 \
               "height error, 1 sigma, m"),                                                    \
    VG__Y_NUMF("vel_mps", struct coop_in, r.sigma_vel_mps, 0, vel, 0, 100,                     \
               "velocity error per axis, 1 sigma, m/s")
static const struct vg__yfield adsb_sigma_fields[] = {COOP_SIGMA(15, 30, 1)};
static const struct vg__ytable adsb_sigma_table = {adsb_sigma_fields, 3};
static const struct vg__yfield rid_sigma_fields[] = {COOP_SIGMA(10, 15, 1)};
static const struct vg__ytable rid_sigma_table = {rid_sigma_fields, 3};

#define COOP_FIELDS(sigma_table, sigma_doc)                                                      \
    {"type", VG__Y_ENUM, offsetof(struct coop_in, kind), VG__Y_REQUIRED, 0, 0, 0,                \
     sensor_type_names, 0, "adsb (1090ES ground station) or remoteid (F3411 receiver)"},         \
    {"id", VG__Y_ID, offsetof(struct coop_in, r.id), VG__Y_REQUIRED, 0, 0, 0, NULL, 0,           \
     "sensor id, unique among all sensors"},                                                     \
    {"position", VG__Y_VEC3, offsetof(struct coop_in, r.pos), VG__Y_REQUIRED, 0, -COORD_MAX,     \
     COORD_MAX, NULL, 0, "[e, n, u] ENU m (its height sets the radio horizon)"},                 \
    VG__Y_NUMF("rate_hz", struct coop_in, rate_hz, VG__Y_GT, 0, 0, 1000,                         \
               "updates per second of each object (or give period_s)"),                          \
    VG__Y_NUMF("period_s", struct coop_in, r.period_s, VG__Y_GT, 0, 0, 3600,                     \
               "update interval of each object, s (or give rate_hz)"),                           \
    VG__Y_NUMF("jitter_s", struct coop_in, r.jitter_s, 0, 0.1, 0, 1800,                          \
               "each update uniform in +-this about its slot, s (at most half the period)"),     \
    VG__Y_NUMF("range_m", struct coop_in, r.range_m, VG__Y_REQUIRED | VG__Y_GT, 0, 0,            \
               COORD_MAX, "farthest broadcast received, m (the radio horizon also applies)"),    \
    {"sigma", VG__Y_MAP, 0, 0, 0, 0, 0, &sigma_table, 0, sigma_doc},                             \
    VG__Y_NUMF("loss", struct coop_in, r.loss, VG__Y_LT, 0, 0, 1,                                \
               "probability that an update is lost"),                                            \
    {"delay", VG__Y_MAP, 0, 0, 0, 0, 0, &cdelay_table, 0,                                        \
     "{mean_s, jitter_s, in_order}: reporting latency (default none)"}

static const struct vg__yfield adsb_fields[] = {
    COOP_FIELDS(adsb_sigma_table, "{horizontal_m, vertical_m, vel_mps}: error of what the "
                                  "aircraft reports (defaults 15, 30, 1)"),
};
static const struct vg__ytable adsb_table = {adsb_fields, sizeof adsb_fields / sizeof *adsb_fields};
static const struct vg__yfield rid_fields[] = {
    COOP_FIELDS(rid_sigma_table, "{horizontal_m, vertical_m, vel_mps}: error of what the "
                                 "drone reports (defaults 10, 15, 1)"),
};
static const struct vg__ytable rid_table = {rid_fields, sizeof rid_fields / sizeof *rid_fields};

static int load_coop_receiver(const struct vg__yctx *c, yaml_node_t *map, struct vg_scenario *sc,
                              int kind)
{
    const struct vg__ytable *t = kind == SENSOR_ADSB ? &adsb_table : &rid_table;
    struct coop_in in;
    memset(&in, 0, sizeof in);
    vg__y_defaults(t, &in);
    struct vg__yseen seen;
    int rc = vg__y_map(c, map, t, &in, &seen);
    if (rc < 0 || (rc = rate_or_period(c, map, t, &seen, in.rate_hz, &in.r.period_s)) < 0 ||
        (rc = unique_id(c, map, sc, in.r.id)) < 0)
        return rc;
    if (in.r.jitter_s > 0.5 * in.r.period_s)
        return vg__y_fail(c, seen.line[vg__y_index(t, "jitter_s")], VG_ERANGE,
                          "'jitter_s' %g must be at most half the update interval (%g s)",
                          in.r.jitter_s, in.r.period_s);
    in.r.type = kind == SENSOR_ADSB ? VG_SENSOR_ADSB : VG_SENSOR_REMOTEID;
    in.r.line = vg__y_line(map);
    sc->coop_receivers[sc->ncoop_receivers++] = in.r;
    return 0;
}

/* ---- the `sensors:` list ---------------------------------------------------------------- */

static int load_bearing_sensor(const struct vg__yctx *c, yaml_node_t *map,
                               struct vg_scenario *sc, int kind)
{
    const struct vg__ytable *t = kind == SENSOR_RF ? &rf_table : &acoustic_table;
    struct bearing_in in;
    memset(&in, 0, sizeof in);
    vg__y_defaults(t, &in);
    struct vg__yseen seen;
    int rc = vg__y_map(c, map, t, &in, &seen);
    if (rc < 0 || (rc = rate_or_period(c, map, t, &seen, in.rate_hz, &in.s.period_s)) < 0 ||
        (rc = el_order(c, map, in.s.el_min_deg, in.s.el_max_deg)) < 0 ||
        (rc = unique_id(c, map, sc, in.s.id)) < 0)
        return rc;
    in.s.type = kind == SENSOR_RF ? VG_SENSOR_RF : VG_SENSOR_ACOUSTIC;
    in.s.line = vg__y_line(map);
    sc->bearing_sensors[sc->nbearing_sensors++] = in.s;
    return 0;
}

static const char *const kind_what[] = {"rf sensor", "acoustic sensor", "adsb receiver",
                                        "remoteid receiver"};

/* Every entry is read and checked in file order; then the site declares the bearing sensors
 * and after them the receivers, each group in file order (scenario.h's sensor numbering). */
int vg__load_sensors(const struct vg__yctx *c, yaml_node_t *list, struct vg_scenario *sc)
{
    int rc = vg__y_need_list(c, list, "sensors");
    if (rc < 0)
        return rc;
    size_t n = vg__y_seq_len(list);
    sc->bearing_sensors = calloc(n ? n : 1, sizeof *sc->bearing_sensors);
    sc->coop_receivers = calloc(n ? n : 1, sizeof *sc->coop_receivers);
    if (!sc->bearing_sensors || !sc->coop_receivers)
        return vg__y_fail(c, vg__y_line(list), VG_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *map = vg__y_item(c, list, i);
        struct vg__yctx ec = vg__y_entry_ctx(c, map, "sensor", i);
        if (map->type != YAML_MAPPING_NODE)
            return vg__y_fail(&ec, vg__y_line(map), VG_EPARSE, "must be a mapping (key: value)");
        yaml_node_t *tn = vg__y_get(c->doc, map, "type");
        const char *type = vg__y_scalar(tn);
        int kind = -1;
        for (int k = 0; type && sensor_type_names[k]; k++)
            if (strcmp(type, sensor_type_names[k]) == 0)
                kind = k;
        if (!tn)
            return vg__y_fail(&ec, vg__y_line(map), VG_EPARSE,
                              "missing 'type' (rf, acoustic, adsb or remoteid)");
        if (kind < 0)
            return vg__y_fail(&ec, vg__y_line(tn), VG_EPARSE,
                              "'type' must be one of rf, acoustic, adsb, remoteid (radars go "
                              "under 'radars')");
        ec = vg__y_entry_ctx(c, map, kind_what[kind], i);
        rc = kind <= SENSOR_ACOUSTIC ? load_bearing_sensor(&ec, map, sc, kind)
                                     : load_coop_receiver(&ec, map, sc, kind);
        if (rc < 0)
            return rc;
    }
    for (size_t i = 0; i < sc->nbearing_sensors; i++) {
        const struct vg_sim_bearing_sensor *b = &sc->bearing_sensors[i];
        if ((rc = add_to_site(c, b->line, sc, b->id, b->type, b->pos, b->range_m, b->period_s,
                              &b->bias)) < 0)
            return rc;
    }
    for (size_t i = 0; i < sc->ncoop_receivers; i++) {
        const struct vg_sim_coop_receiver *r = &sc->coop_receivers[i];
        if ((rc = add_to_site(c, r->line, sc, r->id, r->type, r->pos, r->range_m, r->period_s,
                              NULL)) < 0)
            return rc;
    }
    return 0;
}
