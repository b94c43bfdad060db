/* SPDX-License-Identifier: MIT */
/* test_scenario_sensors.c — the scenario's sensors (sim/scenario_sensors.c) and the FPV link:
 * malformed YAML for the new keys gives FILE:LINE and a reason; biases are applied to the
 * reports (radar range, azimuth and elevation; bearing azimuth and elevation) and declared in
 * site.geojson exactly when registration is known, read back with vg_site_load; the shipped
 * scenarios hold what they promise. */
#include <unistd.h>

#include "test.h"

#include "sim/sim_fixture.h"

#include "base/site.h"
#include "sim/radar.h"
#include "sim/scenario.h"
#include "sim/sim.h"

#define PI 3.14159265358979323846
#define DEG (PI / 180.0)

static double wrap_pi(double a)
{
    while (a > PI)
        a -= 2 * PI;
    while (a <= -PI)
        a += 2 * PI;
    return a;
}

/* ---- malformed scenarios ------------------------------------------------------------------ */

#define TOP "name: t\nseed: 1\nduration_s: 10\nsite:\n  origin: {lat: 48, lon: 22}\n" /* 1-5 */
#define RADAR                                                                                  \
    "radars:\n  - id: r1\n    position: [0, 0, 5]\n    rate_hz: 1\n    range_max_m: 4000\n"    \
    "    pd: {ref: 0.9, range_m: 3000}\n    sigma: {range_m: 5, az_deg: 0.5, el_deg: 0.5}\n"
/* lines 6-12; radar keys added after RADAR are on line 13 */
#define SENSOR_A(type, id) "sensors:\n  - id: " id "\n    type: " type "\n" /* lines 13-15 */
#define SENSOR_B                                                                               \
    "    position: [0, 0, 5]\n    rate_hz: 1\n    range_m: 5000\n    sigma: {az_deg: 3}\n"
/* lines 16-19; keys added after SENSOR_B are on line 20 */
#define RF SENSOR_A("rf", "df1") SENSOR_B
#define ACOUSTIC SENSOR_A("acoustic", "ac1") SENSOR_B
#define FPV_HEAD "targets:\n  - type: fpv\n    id: fpv-1\n    launch: [2000, 0, 0]\n"
#define FPV_TAIL                                                                               \
    "    aim: [0, 0, 0]\n    speed_mps: 45\n    height_m: 80\n"                                \
    "    dive: {start_m: 300, angle_deg: 30}\n"
/* after TOP RADAR: FPV_HEAD is lines 13-16, a key between head and tail is line 17 */

static void case_malformed(void)
{
    static const struct {
        const char *name, *yaml;
        int line;
        const char *msg;
    } cases[] = {
        {"valid", TOP RADAR RF, 0, NULL},
        {"valid acoustic, all keys", TOP RADAR ACOUSTIC
         "    start_s: 0.1\n    el_min_deg: 0\n    el_max_deg: 80\n    pd: 0.8\n"
         "    clutter_rate_hz: 0.5\n    markers: false\n    sound_mps: 340\n"
         "    bias: {az_deg: 1, el_deg: -1}\n    registration: known\n"
         "    delay: {mean_s: 0.5, jitter_s: 0.2, in_order: true}\n",
         0, NULL},
        {"valid radar bias and delay", TOP RADAR
         "    bias: {range_m: 10, az_deg: 0.5, el_deg: 0.2}\n    registration: unknown\n"
         "    delay: {mean_s: 1}\n",
         0, NULL},
        {"valid links", TOP RADAR FPV_HEAD "    link: elrs\n    band_mhz: 868\n" FPV_TAIL, 0,
         NULL},
        {"sensors not a list", TOP RADAR "sensors: {id: df1}\n", 13, "'sensors' must be a list"},
        {"sensor not a mapping", TOP RADAR "sensors:\n  - df1\n", 14,
         "sensor #1: must be a mapping"},
        {"missing type", TOP RADAR "sensors:\n  - id: df1\n" SENSOR_B, 14,
         "sensor 'df1': missing 'type' (rf, acoustic, adsb or remoteid)"},
        {"bad type", TOP RADAR SENSOR_A("lidar", "x1") SENSOR_B, 15,
         "sensor 'x1': 'type' must be one of rf, acoustic"},
        {"radar under sensors", TOP RADAR SENSOR_A("radar", "x1") SENSOR_B, 15,
         "radars go under 'radars'"},
        {"missing range", TOP RADAR SENSOR_A("rf", "df1")
         "    position: [0, 0, 5]\n    rate_hz: 1\n    sigma: {az_deg: 3}\n",
         14, "rf sensor 'df1': missing 'range_m'"},
        {"missing rate", TOP RADAR SENSOR_A("acoustic", "ac1")
         "    position: [0, 0, 5]\n    range_m: 500\n    sigma: {az_deg: 3}\n",
         14, "acoustic sensor 'ac1': missing 'rate_hz' (or 'period_s')"},
        {"rate and period", TOP RADAR RF "    period_s: 2\n", 20, "not both"},
        {"sound on an rf sensor", TOP RADAR RF "    sound_mps: 343\n", 20,
         "unknown key 'sound_mps'"},
        {"sound too slow", TOP RADAR ACOUSTIC "    sound_mps: 30\n", 20,
         "'sound_mps' must be >"},
        {"zero sigma", TOP RADAR SENSOR_A("rf", "df1")
         "    position: [0, 0, 5]\n    rate_hz: 1\n    range_m: 5000\n    sigma: {az_deg: 0}\n",
         19, "'sigma.az_deg' must be > 0, not 0"},
        {"missing sigma", TOP RADAR SENSOR_A("rf", "df1")
         "    position: [0, 0, 5]\n    rate_hz: 1\n    range_m: 5000\n",
         14, "missing 'sigma'"},
        {"negative el sigma", TOP RADAR SENSOR_A("acoustic", "ac1")
         "    position: [0, 0, 5]\n    rate_hz: 1\n    range_m: 500\n"
         "    sigma: {az_deg: 3, el_deg: -1}\n",
         19, "'sigma.el_deg' must be >= 0"},
        {"pd above 1", TOP RADAR RF "    pd: 1.5\n", 20, "'pd' must be <= 1, not 1.5"},
        {"pd zero", TOP RADAR RF "    pd: 0\n", 20, "'pd' must be > 0"},
        {"elevation order", TOP RADAR RF "    el_min_deg: 30\n    el_max_deg: 10\n", 14,
         "'el_max_deg' 10 must be above 'el_min_deg' 30"},
        {"negative clutter", TOP RADAR ACOUSTIC "    clutter_rate_hz: -1\n", 20,
         "'clutter_rate_hz' must be >= 0"},
        {"markers not bool", TOP RADAR RF "    markers: yes\n", 20,
         "'markers' must be true or false"},
        {"range bias on a bearing", TOP RADAR RF "    bias: {range_m: 5}\n", 20,
         "unknown key 'bias.range_m'"},
        {"bias too large", TOP RADAR "    bias: {az_deg: 200}\n", 13,
         "radar 'r1': 'bias.az_deg' must be <= 180, not 200"},
        {"bias not a mapping", TOP RADAR "    bias: 5\n", 13, "'bias' must be a mapping"},
        {"bad registration", TOP RADAR RF "    registration: maybe\n", 20,
         "'registration' must be one of unknown, known, not 'maybe'"},
        {"negative jitter", TOP RADAR "    delay: {mean_s: 1, jitter_s: -0.5}\n", 13,
         "'delay.jitter_s' must be >= 0"},
        {"unknown delay key", TOP RADAR RF "    delay: {mean: 1}\n", 20,
         "unknown key 'delay.mean'"},
        {"in_order not bool", TOP RADAR ACOUSTIC "    delay:\n      in_order: 1\n", 21,
         "'delay.in_order' must be true or false"},
        {"duplicate sensor id", TOP RADAR SENSOR_A("rf", "r1") SENSOR_B, 14,
         "rf sensor 'r1': duplicate sensor id"},
        {"duplicate between sensors", TOP RADAR RF "  - id: df1\n    type: acoustic\n" SENSOR_B,
         20, "duplicate sensor id"},
        {"bad link", TOP RADAR FPV_HEAD "    link: wifi\n" FPV_TAIL, 17,
         "fpv 'fpv-1': 'link' must be one of analog-video, elrs, dji-ocusync, fibre, "
         "autonomous, not 'wifi'"},
        {"band on a fibre", TOP RADAR FPV_HEAD "    link: fibre\n    band_mhz: 5800\n" FPV_TAIL,
         18, "'band_mhz' given for a 'fibre' link, which emits nothing"},
        {"band on an autonomous", TOP RADAR FPV_HEAD "    band_mhz: 5800\n    link: autonomous\n"
                                                     FPV_TAIL,
         17, "'band_mhz' given for a 'autonomous' link"},
        {"zero band", TOP RADAR FPV_HEAD "    band_mhz: 0\n" FPV_TAIL, 17,
         "'band_mhz' must be > 0"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct vg_scenario sc;
        struct vg_diag d;
        memset(&d, 0, sizeof d);
        vg_scenario_init(&sc);
        int rc = vg_scenario_parse(&sc, "t.yaml", cases[i].yaml, strlen(cases[i].yaml), &d);
        if (!cases[i].msg) {
            CHECK(rc == 0);
            if (rc < 0)
                fprintf(stderr, "  case '%s': %s\n", cases[i].name, d.msg);
            vg_scenario_fini(&sc);
            continue;
        }
        char prefix[32];
        snprintf(prefix, sizeof prefix, "t.yaml:%d: ", cases[i].line);
        int ok = rc < 0 && strncmp(d.msg, prefix, strlen(prefix)) == 0 &&
                 strstr(d.msg, cases[i].msg) != NULL;
        CHECK(ok);
        if (!ok)
            fprintf(stderr, "  case '%s': rc %d, message '%s'\n", cases[i].name, rc, d.msg);
        CHECK(sc.nradars == 0 && sc.nbearing_sensors == 0 && sc.site.nsensors == 0);
        vg_scenario_fini(&sc);
    }
}

/* Defaults: links and bands, markers, registration, no delay; the site's sensor table. */
static void case_defaults(void)
{
    struct vg_scenario sc;
    CHECK(parse(&sc, TOP RADAR RF "  - id: ac1\n    type: acoustic\n" SENSOR_B FPV_HEAD
                                  FPV_TAIL) == 0);
    CHECK_INT(sc.nbearing_sensors, 2);
    CHECK_INT(sc.site.nsensors, 3);
    if (sc.nbearing_sensors == 2 && sc.site.nsensors == 3) {
        const struct vg_sim_bearing_sensor *rf = &sc.bearing_sensors[0],
                                           *ac = &sc.bearing_sensors[1];
        CHECK(rf->type == VG_SENSOR_RF && ac->type == VG_SENSOR_ACOUSTIC);
        CHECK(rf->markers == 1 && ac->markers == 1);
        CHECK(rf->pd == 0.9 && rf->sigma_el_deg == 0 && rf->el_min_deg == -10 &&
              rf->el_max_deg == 90 && rf->clutter_rate_hz == 0 && rf->period_s == 1);
        CHECK(ac->sound_mps == 343);
        CHECK(rf->bias.registration == VG_REG_UNKNOWN && rf->delay.mean_s == 0 &&
              rf->delay.jitter_s == 0 && !rf->delay.in_order);
        CHECK(sc.radars[0].bias.registration == VG_REG_UNKNOWN &&
              sc.radars[0].bias.range_m == 0 && sc.radars[0].delay.mean_s == 0);
        CHECK(strcmp(sc.site.sensors[1].id, "df1") == 0 &&
              sc.site.sensors[1].type == VG_SENSOR_RF && sc.site.sensors[1].range_m == 5000 &&
              sc.site.sensors[1].rate_hz == 1 && sc.site.sensors[1].declared);
        CHECK(strcmp(sc.site.sensors[2].id, "ac1") == 0 &&
              sc.site.sensors[2].type == VG_SENSOR_ACOUSTIC);
    }
    CHECK(sc.nfpvs == 1 && sc.fpvs[0].link == VG_LINK_ANALOG_VIDEO &&
          sc.fpvs[0].band_mhz == 5800);
    CHECK(strcmp(vg_link_name(VG_LINK_DJI_OCUSYNC), "dji-ocusync") == 0 &&
          strcmp(vg_link_name(VG_LINK_NONE), "none") == 0 &&
          strcmp(vg_link_name(-1), "none") == 0);
    CHECK(vg_link_band_mhz(VG_LINK_ELRS) == 915 && vg_link_band_mhz(VG_LINK_FIBRE) == 0);
    vg_scenario_fini(&sc);
}

/* ---- biases and registration -------------------------------------------------------------- */

/* A rotating radar and an RF direction finder at the origin, both biased, over three FPVs;
 * registration is known for the radar and unknown for the direction finder (or as given). */
#define BIAS_YAML(reg_radar, reg_df)                                                           \
    "name: b\nseed: 9\nduration_s: 100\nsite:\n  origin: {lat: 48, lon: 22}\n"                 \
    "radars:\n  - id: r1\n    position: [0, 0, 0]\n    rate_hz: 5\n    range_max_m: 6000\n"    \
    "    el_min_deg: -10\n    el_max_deg: 80\n"                                                \
    "    pd: {ref: 0.99, range_m: 4000}\n    sigma: {range_m: 5, az_deg: 0.5, el_deg: 0.5}\n"   \
    "    bias: {range_m: 30, az_deg: 1.5, el_deg: 0.7}\n    registration: " reg_radar "\n"     \
    "sensors:\n  - id: df1\n    type: rf\n    position: [0, 0, 0]\n    rate_hz: 5\n"           \
    "    range_m: 6000\n    pd: 1\n    sigma: {az_deg: 2, el_deg: 2}\n"                        \
    "    bias: {az_deg: -3, el_deg: 1}\n    registration: " reg_df "\n"                        \
    "targets:\n"                                                                               \
    "  - type: fpv\n    id: a\n    launch: [3000, 500, 0]\n    aim: [-200, -900, 0]\n"        \
    "    speed_mps: 40\n    height_m: 100\n    dive: {start_m: 300, angle_deg: 30}\n"          \
    "  - type: fpv\n    id: b\n    launch: [-800, 3000, 0]\n    aim: [500, -1500, 0]\n"        \
    "    speed_mps: 40\n    height_m: 60\n    dive: {start_m: 300, angle_deg: 20}\n"           \
    "  - type: fpv\n    id: c\n    launch: [-2500, -2500, 0]\n    aim: [1000, 1500, 0]\n"      \
    "    speed_mps: 40\n    height_m: 120\n    dive: {start_m: 300, angle_deg: 30}\n"

/* Mean report error = the configured bias (within 4.5 standard errors of the noise), on
 * every component; the rotating radar's beam passes at the reported (biased) azimuth. */
static void case_bias_applied(void)
{
    struct vg_scenario sc;
    struct vg_sim_output out;
    CHECK(parse(&sc, BIAS_YAML("known", "unknown")) == 0);
    CHECK(run(&sc, &out) == 0);
    const struct vg_sim_radar *r = &sc.radars[0];
    const struct vg_sim_bearing_sensor *df = &sc.bearing_sensors[0];
    double rbias[3] = {30, 1.5 * DEG, 0.7 * DEG}, dbias[2] = {-3 * DEG, 1 * DEG};
    double rsig[3] = {5, 0.5 * DEG, 0.5 * DEG}, dsig[2] = {2 * DEG, 2 * DEG};
    double rsum[3] = {0}, dsum[2] = {0};
    size_t nr = 0, nd = 0;
    double prev_marker = 0, beam_err = 0;
    for (size_t i = 0; i < out.ndets; i++) {
        const struct vg_detection *det = &out.dets[i];
        if (det->sensor == 0 && det->kind == VG_DET_SCAN)
            prev_marker = det->t;
        if (out.det_object[i] < 0 || det->kind == VG_DET_SCAN)
            continue;
        double pos[3], vel[3], z[4];
        vg_sim_object_state(&out.objects[out.det_object[i]], det->t, pos, vel);
        vg_radar_polar(pos, vel, z); /* both sensors are at the origin */
        if (det->sensor == 0) {
            rsum[0] += det->z[0] - z[0];
            rsum[1] += wrap_pi(det->z[1] - z[1]);
            rsum[2] += det->z[2] - z[2];
            double beam = (det->t - prev_marker) / r->period_s * 2 * PI;
            beam_err = fmax(beam_err, fabs(wrap_pi(beam - det->z[1])));
            nr++;
        } else {
            dsum[0] += wrap_pi(det->z[0] - z[1]);
            dsum[1] += det->z[1] - z[2];
            nd++;
        }
    }
    CHECK(nr > 1000 && nd > 1000);
    fprintf(stderr, "  %zu radar reports, %zu bearings\n", nr, nd);
    for (int k = 0; k < 3; k++)
        CHECK(fabs(rsum[k] / (double)nr - rbias[k]) < 4.5 * rsig[k] / sqrt((double)nr));
    for (int k = 0; k < 2; k++)
        CHECK(fabs(dsum[k] / (double)nd - dbias[k]) < 4.5 * dsig[k] / sqrt((double)nd));
    CHECK(beam_err < 5 * r->sigma_az_deg * DEG);
    CHECK(df->bias.az_deg == -3);
    vg_sim_output_fini(&out);
    vg_scenario_fini(&sc);
}

/* site.geojson declares a bias exactly when registration is known (vg_site_load reads it
 * back); an unregistered bias reads back as zero: the tracker does not know it. */
static void case_registration_round_trip(void)
{
    static const struct {
        const char *yaml;
        int radar_known, df_known;
    } cases[] = {
        {BIAS_YAML("known", "unknown"), 1, 0},
        {BIAS_YAML("unknown", "known"), 0, 1},
    };
    for (size_t c = 0; c < 2; c++) {
        struct vg_scenario sc;
        struct vg_sim_output out;
        CHECK(parse(&sc, cases[c].yaml) == 0);
        sc.duration_s = 5;
        CHECK(run(&sc, &out) == 0);
        char dir[] = "/tmp/vigil-reg-XXXXXX", path[256];
        CHECK(mkdtemp(dir) != NULL);
        struct vg_diag d;
        CHECK(vg_sim_write(&sc, &out, dir, &d) == 0);
        struct vg_site site;
        vg_site_init(&site);
        snprintf(path, sizeof path, "%s/site.geojson", dir);
        CHECK(vg_site_load(&site, path, &d) == 0);
        CHECK_INT(site.nsensors, 2);
        if (site.nsensors == 2) {
            const struct vg_sensor *r = &site.sensors[0], *df = &site.sensors[1];
            CHECK(r->type == VG_SENSOR_RADAR && df->type == VG_SENSOR_RF);
            CHECK(strcmp(df->id, "df1") == 0 && df->range_m == 6000 && df->rate_hz == 5);
            int rk = cases[c].radar_known, dk = cases[c].df_known;
            CHECK_NEAR(r->bias_range_m, rk ? 30 : 0, 1e-12);
            CHECK_NEAR(r->bias_az_deg, rk ? 1.5 : 0, 1e-12);
            CHECK_NEAR(r->bias_el_deg, rk ? 0.7 : 0, 1e-12);
            CHECK_NEAR(df->bias_range_m, 0, 0);
            CHECK_NEAR(df->bias_az_deg, dk ? -3 : 0, 1e-12);
            CHECK_NEAR(df->bias_el_deg, dk ? 1 : 0, 1e-12);
        }
        vg_site_fini(&site);
        static const char *const names[] = {"truth.jsonl", "detections.jsonl", "site.geojson"};
        for (int k = 0; k < 3; k++) {
            snprintf(path, sizeof path, "%s/%s", dir, names[k]);
            unlink(path);
        }
        rmdir(dir);
        vg_sim_output_fini(&out);
        vg_scenario_fini(&sc);
    }
}

/* ---- the shipped scenarios ---------------------------------------------------------------- */

/* No two sensors end a scan at the same instant in the shipped scenarios: a tracker emits
 * once per closed scan, and two emissions at one time would give a scorer the same track
 * twice at that time. */
static int by_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void check_distinct_marker_times(const struct vg_sim_output *out, const char *name)
{
    size_t n = 0;
    double *t = malloc((out->nscans + 1) * sizeof *t);
    for (size_t i = 0; t && i < out->ndets; i++)
        if (out->dets[i].kind == VG_DET_SCAN)
            t[n++] = out->dets[i].t;
    if (t)
        qsort(t, n, sizeof *t, by_double);
    size_t dup = 0;
    for (size_t i = 1; t && i < n; i++)
        dup += t[i] == t[i - 1];
    CHECK_INT(dup, 0);
    if (dup)
        fprintf(stderr, "  %s: %zu marker times shared by two sensors\n", name, dup);
    CHECK_INT(n, out->ntimes);
    free(t);
}

static void case_shipped(void)
{
    struct vg_scenario sc;
    struct vg_sim_output out;

    /* border-post: one fibre-optic FPV of five, a direction finder and two acoustic arrays. */
    CHECK(load(&sc, "scenarios/border-post.yaml") == 0);
    size_t fibre = 0;
    for (size_t i = 0; i < sc.nfpvs; i++)
        fibre += sc.fpvs[i].link == VG_LINK_FIBRE;
    CHECK_INT(sc.nfpvs, 5);
    CHECK_INT(fibre, 1);
    CHECK_INT(sc.nradars, 2);
    CHECK_INT(sc.nbearing_sensors, 3);
    size_t nrf = 0, nac = 0;
    for (size_t i = 0; i < sc.nbearing_sensors; i++) {
        nrf += sc.bearing_sensors[i].type == VG_SENSOR_RF;
        nac += sc.bearing_sensors[i].type == VG_SENSOR_ACOUSTIC;
    }
    CHECK(nrf == 1 && nac == 2);
    CHECK(run(&sc, &out) == 0);
    check_distinct_marker_times(&out, "border-post");
    CHECK(!out.delayed);
    vg_sim_output_fini(&out);
    vg_scenario_fini(&sc);

    /* fibre-fpv: one radar, two acoustic arrays, two direction finders; the fibre-optic FPV
     * gets radar and acoustic reports and no RF bearing, the analog one all three. */
    CHECK(load(&sc, "scenarios/fibre-fpv.yaml") == 0);
    CHECK_INT(sc.nradars, 1);
    CHECK_INT(sc.nbearing_sensors, 4);
    CHECK(sc.nfpvs == 2 && sc.fpvs[0].link == VG_LINK_FIBRE &&
          sc.fpvs[1].link == VG_LINK_ANALOG_VIDEO);
    CHECK(run(&sc, &out) == 0);
    check_distinct_marker_times(&out, "fibre-fpv");
    size_t seen[2][3] = {{0}}; /* [fpv][radar, rf, acoustic] */
    for (size_t i = 0; i < out.ndets; i++) {
        int32_t o = out.det_object[i];
        if (o < 0 || o > 1)
            continue;
        int k = out.dets[i].sensor < sc.nradars ? 0
                : sc.site.sensors[out.dets[i].sensor].type == VG_SENSOR_RF ? 1
                                                                            : 2;
        seen[o][k]++;
    }
    CHECK(seen[0][0] > 40 && seen[0][1] == 0 && seen[0][2] > 60);
    CHECK(seen[1][0] > 40 && seen[1][1] > 60 && seen[1][2] > 60);
    vg_sim_output_fini(&out);
    vg_scenario_fini(&sc);

    /* multi-radar: three radars at 1, 2 and 0.5 Hz, one with a registered bias. */
    CHECK(load(&sc, "scenarios/multi-radar.yaml") == 0);
    CHECK_INT(sc.nradars, 3);
    double rates[3] = {1, 2, 0.5};
    int biased = 0;
    for (size_t i = 0; i < sc.nradars && i < 3; i++) {
        CHECK_NEAR(1.0 / sc.radars[i].period_s, rates[i], 1e-12);
        biased += sc.radars[i].bias.range_m != 0 && sc.radars[i].bias.registration == VG_REG_KNOWN;
    }
    CHECK_INT(biased, 1);
    CHECK(sc.nfpvs >= 3 && sc.nflocks >= 1);
    CHECK(run(&sc, &out) == 0);
    check_distinct_marker_times(&out, "multi-radar");
    vg_sim_output_fini(&out);
    vg_scenario_fini(&sc);

    /* jittery: border-post's scene with delays of at most 2 s. */
    CHECK(load(&sc, "scenarios/jittery.yaml") == 0);
    double worst = 0;
    for (size_t i = 0; i < sc.site.nsensors; i++) {
        const struct vg_sim_delay *dl = i < sc.nradars
                                            ? &sc.radars[i].delay
                                            : &sc.bearing_sensors[i - sc.nradars].delay;
        CHECK(dl->mean_s > 0);
        worst = fmax(worst, dl->mean_s + dl->jitter_s);
    }
    CHECK(worst <= 2.0 && worst >= 1.5);
    CHECK(run(&sc, &out) == 0);
    check_distinct_marker_times(&out, "jittery");
    CHECK(out.delayed);
    vg_sim_output_fini(&out);
    vg_scenario_fini(&sc);
}

int main(void)
{
    RUN(case_malformed);
    RUN(case_defaults);
    RUN(case_bias_applied);
    RUN(case_registration_round_trip);
    RUN(case_shipped);
    return test_report();
}
