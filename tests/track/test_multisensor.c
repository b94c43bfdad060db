/* SPDX-License-Identifier: MIT */
/* test_multisensor.c — fusion of several sensors into one track per object: radars at
 * different positions, rates and accuracies reporting asynchronously, one with a surveyed
 * bias (registration); and bearing-only sensors (acoustic arrays), which alone start tracks
 * by triangulation and, beside a radar, keep a fibre-optic FPV (no RF) tracked.
 *
 * Scenes are built here from closed-form truth (straight and turning flights), so that each
 * check names what it needs; the simulator's own multi-sensor scenarios are exercised by the
 * CLI tests. */
#include "test.h"

#include "base/angle.h"
#include "base/rng.h"
#include "track/track.h"

#define NOBJ 6

struct collect {
    double t;
    size_t n;
    struct vg_track trk[256];
};

static void on_emit(void *user, double t, const struct vg_track *trk, size_t n)
{
    struct collect *c = user;
    c->t = t;
    c->n = n < 256 ? n : 256;
    memcpy(c->trk, trk, c->n * sizeof *trk);
}

/* A tracker with the default settings on the site, emitting into col (emptied). */
static struct vg_tracker *new_tracker(const struct vg_site *site, struct collect *col)
{
    struct vg_tracker_config cfg;
    vg_tracker_config_default(&cfg);
    struct vg_tracker *tr = NULL;
    struct vg_diag d;
    if (vg_tracker_new(&tr, &cfg, site, &d) != 0) { /* the defaults: nothing else to test */
        fprintf(stderr, "vg_tracker_new: %s\n", d.msg);
        exit(1);
    }
    memset(col, 0, sizeof *col);
    vg_tracker_on_emit(tr, on_emit, col);
    return tr;
}

static int add_sensor(struct vg_site *s, const char *id, int type, double e, double n, double u,
                      double range_m, double rate_hz)
{
    struct vg_sensor sen;
    memset(&sen, 0, sizeof sen);
    snprintf(sen.id, sizeof sen.id, "%s", id);
    sen.type = type;
    sen.pos[0] = e;
    sen.pos[1] = n;
    sen.pos[2] = u;
    sen.range_m = range_m;
    sen.rate_hz = rate_hz;
    sen.declared = 1;
    return vg_site_add_sensor(s, &sen);
}

/* Object k at time t: straight flights at 20–50 m/s from different directions, 50–150 m up. */
static void truth(int k, double t, double p[3])
{
    double a = k * 2.0 * VG_PI / NOBJ, v = 20.0 + 6.0 * k;
    double start = 2500.0;
    p[0] = start * sin(a) - v * t * sin(a + 0.3);
    p[1] = start * cos(a) - v * t * cos(a + 0.3);
    p[2] = 50.0 + 20.0 * k;
}

static struct vg_detection polar(struct vg_rng *r, const struct vg_sensor *s, int si, double t,
                                 const double p[3], const double sig[3], const double bias[3])
{
    struct vg_detection d;
    memset(&d, 0, sizeof d);
    double de = p[0] - s->pos[0], dn = p[1] - s->pos[1], du = p[2] - s->pos[2];
    double rho = hypot(de, dn);
    d.t = t;
    d.sensor = (uint32_t)si;
    d.kind = VG_DET_POLAR;
    d.nz = 3;
    d.flags = VG_DET_HAS_EL;
    d.z[0] = hypot(rho, du) + bias[0] + sig[0] * vg_rng_normal(r);
    d.z[1] = vg_wrap_2pi(atan2(de, dn) + bias[1] + sig[1] * vg_rng_normal(r));
    d.z[2] = atan2(du, rho) + bias[2] + sig[2] * vg_rng_normal(r);
    for (int i = 0; i < 3; i++)
        d.R[i * 3 + i] = sig[i] * sig[i];
    return d;
}

static struct vg_detection bearing(struct vg_rng *r, const struct vg_sensor *s, int si,
                                   double t, const double p[3], double sig)
{
    struct vg_detection d;
    memset(&d, 0, sizeof d);
    double de = p[0] - s->pos[0], dn = p[1] - s->pos[1], du = p[2] - s->pos[2];
    d.t = t;
    d.sensor = (uint32_t)si;
    d.kind = VG_DET_BEARING;
    d.nz = 2;
    d.flags = VG_DET_HAS_EL;
    d.z[0] = vg_wrap_2pi(atan2(de, dn) + sig * vg_rng_normal(r));
    d.z[1] = atan2(du, hypot(de, dn)) + sig * vg_rng_normal(r);
    d.R[0] = d.R[3] = sig * sig;
    return d;
}

static struct vg_detection marker(double t, int si)
{
    struct vg_detection d;
    memset(&d, 0, sizeof d);
    d.t = t;
    d.sensor = (uint32_t)si;
    d.kind = VG_DET_SCAN;
    return d;
}

/* Confirmed tracks within `near` m of each object at the last emit: the count per object
 * (duplicates show as 2+) and the largest error. */
static void match(const struct collect *c, double near, int per_obj[NOBJ], int *unmatched,
                  double *worst, double *sum)
{
    *unmatched = 0;
    *worst = 0;
    *sum = 0;
    for (int k = 0; k < NOBJ; k++)
        per_obj[k] = 0;
    for (size_t i = 0; i < c->n; i++) {
        if (c->trk[i].status == VG_TRACK_TENTATIVE)
            continue;
        int hit = 0;
        for (int k = 0; k < NOBJ; k++) {
            double p[3];
            truth(k, c->t, p);
            double e = hypot(hypot(c->trk[i].x[0] - p[0], c->trk[i].x[1] - p[1]),
                             c->trk[i].x[2] - p[2]);
            if (e < near) {
                per_obj[k]++;
                hit = 1;
                *sum += e;
                if (e > *worst)
                    *worst = e;
            }
        }
        *unmatched += !hit;
    }
}

/* Three radars: 1 Hz rotating-like reports (σ 5 m, 0.5°), 2 Hz precise (2 m, 0.2°), 0.5 Hz
 * (10 m, 0.3°) with a bias of 40 m and 1.5° in azimuth — declared in the site (registration) or
 * not. Reports of the three interleave in time; each radar closes its scans with markers. */
static void run_three_radars(int registered, unsigned mask, int *dups, int *missing,
                             int *false_tracks, double *worst, double *mean)
{
    struct vg_site site;
    vg_site_init(&site);
    int r1 = add_sensor(&site, "r1", VG_SENSOR_RADAR, 0, 0, 10, 6000, 1.0);
    int r2 = add_sensor(&site, "r2", VG_SENSOR_RADAR, 800, -600, 20, 6000, 2.0);
    int r3 = add_sensor(&site, "r3", VG_SENSOR_RADAR, -700, 900, 5, 6000, 0.5);
    const double bias3[3] = {40.0, 1.5 * VG_DEG, 0.0}, nobias[3] = {0, 0, 0};
    if (registered) {
        site.sensors[r3].bias_range_m = 40.0;
        site.sensors[r3].bias_az_deg = 1.5;
    }
    const double s1[3] = {5, 0.5 * VG_DEG, 0.5 * VG_DEG}, s2[3] = {2, 0.2 * VG_DEG, 0.2 * VG_DEG};
    const double s3[3] = {10, 0.3 * VG_DEG, 0.3 * VG_DEG};
    static struct collect col;
    struct vg_tracker *tr = new_tracker(&site, &col);
    struct vg_rng r;
    vg_rng_seed(&r, 404);
    *dups = *missing = *false_tracks = 0;
    *worst = 0;
    double sum_all = 0;
    int nsum = 0;
    /* A common 0.25 s clock; each radar reports on its own period. */
    for (int step = 1; step <= 4 * 40; step++) {
        double t = step * 0.25;
        struct { int s; double period; const double *sig, *bias; } rad[3] = {
            {r1, 1.0, s1, nobias}, {r2, 0.5, s2, nobias}, {r3, 2.0, s3, bias3}};
        for (int q = 0; q < 3; q++) {
            if (!(mask & (1u << q)) || fmod(t + 1e-9, rad[q].period) > 1e-6)
                continue;
            for (int k = 0; k < NOBJ; k++) {
                double p[3];
                truth(k, t, p);
                if (vg_rng_uniform(&r) < 0.9) {
                    struct vg_detection det = polar(&r, &site.sensors[rad[q].s], rad[q].s, t, p,
                                                    rad[q].sig, rad[q].bias);
                    CHECK(vg_tracker_add(tr, &det) == 0);
                }
            }
            struct vg_detection m = marker(t, rad[q].s);
            CHECK(vg_tracker_add(tr, &m) == 0);
            if (t < 10.0)
                continue; /* let tracks form */
            int per[NOBJ], un;
            double w, sum;
            match(&col, 60.0, per, &un, &w, &sum);
            for (int k = 0; k < NOBJ; k++) {
                *dups += per[k] > 1;
                *missing += per[k] == 0;
                nsum += per[k];
            }
            sum_all += sum;
            *false_tracks += un;
            if (w > *worst)
                *worst = w;
        }
    }
    *mean = nsum ? sum_all / nsum : NAN;
    vg_tracker_free(tr);
    vg_site_fini(&site);
}

static void three_radars_one_track_per_object(void)
{
    int dups, missing, fals;
    double worst, mean, mean_unreg;
    run_three_radars(1, 7u, &dups, &missing, &fals, &worst, &mean);
    fprintf(stderr, "  registered: %d duplicate, %d missing, %d false (object-scans), error "
                    "mean %.1f m, worst %.1f m\n", dups, missing, fals, mean, worst);
    CHECK_INT(dups, 0);
    CHECK_INT(fals, 0);
    CHECK(missing <= 3);
    CHECK(worst < 40.0);
    run_three_radars(0, 7u, &dups, &missing, &fals, &worst, &mean_unreg);
    fprintf(stderr, "  unregistered: %d duplicate, %d missing, %d false, error mean %.1f m, "
                    "worst %.1f m (the precise radars outweigh the biased one)\n", dups,
            missing, fals, mean_unreg, worst);
}

/* The biased radar alone (40 m, 1.5° ≈ 65 m across the beam at 2.5 km): with its biases
 * declared in the site the tracks sit on the objects; without, they sit off by the bias. */
static void registration_removes_bias(void)
{
    int dups, missing, fals;
    double worst, reg, unreg;
    run_three_radars(1, 4u, &dups, &missing, &fals, &worst, &reg);
    CHECK(missing <= 12);
    run_three_radars(0, 4u, &dups, &missing, &fals, &worst, &unreg);
    fprintf(stderr, "  biased radar alone: mean error %.1f m registered, %.1f m not\n", reg,
            unreg);
    CHECK(reg < 25.0);
    CHECK(!(unreg < 40.0)); /* NAN (nothing within 60 m) also counts as off */
}

/* Two acoustic arrays (az + el, σ 2°, 4 Hz, 800 m; sound at 343 m/s) hear a drone no radar
 * sees: a track is
 * started by triangulation and held. Then a fibre-optic FPV seen by a radar at Pd 0.5 and
 * the two arrays: fused, it is held better than from the radar alone. */
static void drone(double t, double p[3])
{
    p[0] = -500 + 35.0 * t;
    p[1] = 400 - 0.3 * t * t;
    p[2] = 60;
}

static double hold_fraction(int use_radar, int use_acoustic, double *rmse)
{
    struct vg_site site;
    vg_site_init(&site);
    int a1 = add_sensor(&site, "a1", VG_SENSOR_ACOUSTIC, -300, 0, 2, 800, 4.0);
    int a2 = add_sensor(&site, "a2", VG_SENSOR_ACOUSTIC, 300, 0, 2, 800, 4.0);
    int rd = add_sensor(&site, "r1", VG_SENSOR_RADAR, 0, -500, 10, 5000, 1.0);
    static struct collect col;
    struct vg_tracker *tr = new_tracker(&site, &col);
    struct vg_rng r;
    vg_rng_seed(&r, 77);
    const double sr[3] = {5, 0.5 * VG_DEG, 0.5 * VG_DEG}, nob[3] = {0, 0, 0};
    int held = 0, times = 0;
    double se = 0;
    for (int step = 1; step <= 4 * 30; step++) {
        double t = step * 0.25;
        /* A drone crossing between the arrays at 35 m/s, 60 m up, turning gently. */
        double p[3];
        drone(t, p);
        if (use_acoustic) {
            const int arr[2] = {a1, a2};
            for (int q = 0; q < 2; q++)
                if (vg_rng_uniform(&r) < 0.9) {
                    /* Sound: the array hears where the drone was at te = t − |p(te) − s|/c
                     * (fixed point; it converges at once since speed ≪ c). */
                    const double *sp = site.sensors[arr[q]].pos;
                    double te = t, pe[3];
                    for (int it = 0; it < 8; it++) {
                        drone(te, pe);
                        te = t - hypot(hypot(pe[0] - sp[0], pe[1] - sp[1]), pe[2] - sp[2]) / 343.0;
                    }
                    drone(te, pe);
                    struct vg_detection b = bearing(&r, &site.sensors[arr[q]], arr[q], t, pe,
                                                    2.0 * VG_DEG);
                    CHECK(vg_tracker_add(tr, &b) == 0);
                }
        }
        if (use_radar && fmod(t + 1e-9, 1.0) < 1e-6) {
            if (vg_rng_uniform(&r) < 0.5) {
                struct vg_detection det = polar(&r, &site.sensors[rd], rd, t, p, sr, nob);
                CHECK(vg_tracker_add(tr, &det) == 0);
            }
            struct vg_detection m = marker(t, rd);
            CHECK(vg_tracker_add(tr, &m) == 0);
        }
        if (t < 5.0)
            continue;
        CHECK(vg_tracker_flush(tr) == 0);
        times++;
        double best = 50.0;
        for (size_t i = 0; i < col.n; i++)
            if (col.trk[i].status != VG_TRACK_TENTATIVE && fabs(col.t - t) < 1e-9) {
                double e = hypot(hypot(col.trk[i].x[0] - p[0], col.trk[i].x[1] - p[1]),
                                 col.trk[i].x[2] - p[2]);
                if (e < best)
                    best = e;
            }
        if (best < 50.0) {
            held++;
            se += best * best;
        }
    }
    *rmse = held ? sqrt(se / held) : NAN;
    vg_tracker_free(tr);
    vg_site_fini(&site);
    return (double)held / times;
}

static void bearings_start_and_hold_tracks(void)
{
    double rmse_a, rmse_r, rmse_f;
    double acoustic = hold_fraction(0, 1, &rmse_a);
    double radar = hold_fraction(1, 0, &rmse_r);
    double fused = hold_fraction(1, 1, &rmse_f);
    fprintf(stderr, "  held: acoustic only %.0f %% (RMSE %.1f m), radar Pd 0.5 only %.0f %% "
                    "(RMSE %.1f m), both %.0f %% (RMSE %.1f m)\n",
            100 * acoustic, rmse_a, 100 * radar, rmse_r, 100 * fused, rmse_f);
    CHECK(acoustic >= 0.9);
    CHECK(fused >= 0.95);
    CHECK(fused >= radar);
}

static int g_updates;
static void count_update(void *user, const struct vg_track *trk, const struct vg_detection *d)
{
    (void)user;
    (void)trk;
    g_updates += d->kind != VG_DET_SCAN;
}

/* An RF direction finder hears the ELRS link of one drone: its track carries the link; a
 * silent (fibre-optic) drone's track does not. Every update is reported to listeners. */
static void rf_link_carried_by_its_track(void)
{
    struct vg_site site;
    vg_site_init(&site);
    int rd = add_sensor(&site, "r1", VG_SENSOR_RADAR, 0, -500, 10, 5000, 1.0);
    int df = add_sensor(&site, "df1", VG_SENSOR_RF, 0, -500, 12, 6000, 1.0);
    static struct collect col;
    struct vg_tracker *tr = new_tracker(&site, &col);
    g_updates = 0;
    vg_tracker_on_update(tr, count_update, NULL);
    struct vg_rng r;
    vg_rng_seed(&r, 5);
    const double sr[3] = {5, 0.5 * VG_DEG, 0.5 * VG_DEG}, nob[3] = {0, 0, 0};
    for (int k = 1; k <= 20; k++) {
        double t = k;
        double loud[3] = {1500 - 40 * t, 800, 80}, silent[3] = {-1500 + 40 * t, 900, 60};
        struct vg_detection a = polar(&r, &site.sensors[rd], rd, t, loud, sr, nob);
        struct vg_detection b = polar(&r, &site.sensors[rd], rd, t, silent, sr, nob);
        struct vg_detection m = marker(t, rd);
        CHECK(vg_tracker_add(tr, &a) == 0);
        CHECK(vg_tracker_add(tr, &b) == 0);
        CHECK(vg_tracker_add(tr, &m) == 0);
        struct vg_detection rf = bearing(&r, &site.sensors[df], df, t + 0.5, loud, 3 * VG_DEG);
        rf.nz = 1;
        rf.flags = VG_DET_HAS_EMITTER;
        rf.link = VG_LINK_ELRS;
        rf.band_mhz = 915;
        CHECK(vg_tracker_add(tr, &rf) == 0);
    }
    CHECK(vg_tracker_flush(tr) == 0);
    size_t n;
    const struct vg_track *trk = vg_tracker_tracks(tr, &n);
    int loud_ok = 0, silent_ok = 0;
    for (size_t i = 0; i < n; i++) {
        if (trk[i].status == VG_TRACK_TENTATIVE)
            continue;
        if (trk[i].x[0] > 0) /* the loud one comes from the east */
            loud_ok += trk[i].link == VG_LINK_ELRS;
        else
            silent_ok += trk[i].link == VG_LINK_NONE;
    }
    fprintf(stderr, "  %d updates reported; ELRS on the loud track: %d, none on the silent: %d\n",
            g_updates, loud_ok, silent_ok);
    CHECK_INT(loud_ok, 1);
    CHECK_INT(silent_ok, 1);
    CHECK(g_updates >= 50);
    vg_tracker_free(tr);
    vg_site_fini(&site);
}

/* Two RF direction finders 800 m apart hear an FPV's link as it climbs out 3 km away, before
 * the radar sees it: their two rays (σ 3°, no elevation) cross ~500 m wide. That track must
 * live until the radar's first plot narrows it (a regression deleted it by the position-sigma
 * rule at the next batch), take the plot, and confirm at the next bearing: three reports of
 * three sensors in one second. */
static void triangulated_track_takes_the_radar_plot(void)
{
    struct vg_site site;
    vg_site_init(&site);
    int rd = add_sensor(&site, "r1", VG_SENSOR_RADAR, 0, -20, 8, 5000, 1.0);
    int d1 = add_sensor(&site, "df1", VG_SENSOR_RF, 0, -20, 10, 6000, 1.0);
    int d2 = add_sensor(&site, "df2", VG_SENSOR_RF, 300, 700, 25, 6000, 1.0);
    static struct collect col;
    struct vg_tracker *tr = new_tracker(&site, &col);
    struct vg_rng r;
    vg_rng_seed(&r, 17);
    const double sr[3] = {5, 0.5 * VG_DEG, 0.5 * VG_DEG}, nob[3] = {0, 0, 0};
    uint64_t born = 0, plotted = 0;
    double sigma0 = 0;
    int located = 0, confirmed_at = -1;
    for (int step = 1; step <= 4 * 4; step++) {
        double t = step * 0.25;
        double p[3] = {-2200 + 29.7 * t, 2250 - 29.7 * t, 2 + 5 * t};
        int q = step % 4;
        if (q == 1 || q == 2) { /* df1 at .25, df2 at .5 */
            int s = q == 1 ? d1 : d2;
            struct vg_detection b = bearing(&r, &site.sensors[s], s, t, p, 3 * VG_DEG);
            b.nz = 1;
            b.flags = VG_DET_HAS_EMITTER;
            b.link = VG_LINK_ANALOG_VIDEO;
            b.band_mhz = 5800;
            CHECK(vg_tracker_add(tr, &b) == 0);
            struct vg_detection m = marker(t, s);
            CHECK(vg_tracker_add(tr, &m) == 0);
        }
        if (t >= 1.0 && q == 0) { /* the radar first sees it at 1.0 */
            struct vg_detection det = polar(&r, &site.sensors[rd], rd, t, p, sr, nob);
            CHECK(vg_tracker_add(tr, &det) == 0);
        }
        /* The radar closes a 90° sector every 0.25 s (the object's, 270–360°, at x.0):
         * the sectors swept in between are batches that do not look at the track. */
        struct vg_detection m = marker(t, rd);
        m.nz = 2;
        m.z[0] = VG_PI / 2 * ((q + 3) % 4);
        m.z[1] = q == 0 ? 0.0 : VG_PI / 2 * q;
        CHECK(vg_tracker_add(tr, &m) == 0);
        size_t n;
        const struct vg_track *trk = vg_tracker_tracks(tr, &n);
        for (size_t i = 0; i < n; i++) {
            if (fabs(trk[i].x[0] - p[0]) > 1500 || fabs(trk[i].x[1] - p[1]) > 1500)
                continue;
            if (!born) {
                born = trk[i].id;
                sigma0 = sqrt(trk[i].var0);
            }
            if (t >= 1.0 && !plotted)
                plotted = trk[i].id, located = trk[i].located;
            if (trk[i].status != VG_TRACK_TENTATIVE && confirmed_at < 0)
                confirmed_at = step;
        }
    }
    fprintf(stderr, "  born %llu (triangulation, %.0f m wide), plot taken by %llu (located %d), confirmed at "
                    "%.2f s\n", (unsigned long long)born, sigma0, (unsigned long long)plotted, located,
            confirmed_at * 0.25);
    CHECK(born != 0);
    struct vg_tracker_config cfg;
    vg_tracker_config_default(&cfg);
    CHECK(sigma0 > cfg.delete_pos_sigma_m);
    CHECK(plotted == born);
    CHECK(located >= 3);
    CHECK(confirmed_at > 0 && confirmed_at <= 5);
    vg_tracker_free(tr);
    vg_site_fini(&site);
}

int main(void)
{
    RUN(three_radars_one_track_per_object);
    RUN(registration_removes_bias);
    RUN(bearings_start_and_hold_tracks);
    RUN(rf_link_carried_by_its_track);
    RUN(triangulated_track_takes_the_radar_plot);
    return test_report();
}
