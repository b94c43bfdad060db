/* SPDX-License-Identifier: MIT */
/* test_tracker.c — the tracker as a whole on small synthetic scenes built here.
 *
 * Each case builds a site in code (vg_site_init + vg_site_add_sensor), feeds detections and
 * scan markers generated from a known truth with seeded noise, and checks what a user of the
 * tracker sees: how many tracks, their status and ids, where they are, when they are emitted,
 * and the counters. The parts themselves are tested in the other test_*.c of this directory;
 * here it is their sequencing: confirmation after M scans, ids that survive a crossing, misses
 * that only count where the sensor looked, reports from a radar at its own position, the
 * batching of sensors with and without scan markers, one track from two sensors, and input
 * the tracker cannot use. */
#include "test.h"

#include "base/angle.h"
#include "base/chi2.h"
#include "base/err.h"
#include "base/mat.h"
#include "base/rng.h"
#include "track/internal.h"
#include "track/track.h"

#define MAXT 512

struct collect {
    int emits;
    double t;                 /* time of the last emit */
    size_t n;                 /* tracks in it */
    struct vg_track trk[MAXT];
    int stale;                /* emitted tracks whose time is not the emit time */
    double times[64];         /* the first emit times */
};

static void on_emit(void *user, double t, const struct vg_track *trk, size_t n)
{
    struct collect *c = user;
    if (c->emits < 64)
        c->times[c->emits] = t;
    c->emits++;
    c->t = t;
    c->n = n < MAXT ? n : MAXT;
    memcpy(c->trk, trk, c->n * sizeof *trk);
    for (size_t i = 0; i < n; i++)
        c->stale += trk[i].t != t;
}

static size_t count_status(const struct collect *c, int status)
{
    size_t k = 0;
    for (size_t i = 0; i < c->n; i++)
        k += c->trk[i].status == status;
    return k;
}

static int add_sensor(struct vg_site *s, const char *id, int type, double e, double n, double u,
                      double range_m)
{
    struct vg_sensor sen;
    memset(&sen, 0, sizeof sen);
    snprintf(sen.id, sizeof sen.id, "%s", id);
    sen.type = type;
    sen.pos[0] = e;
    sen.pos[1] = n;
    sen.pos[2] = u;
    sen.range_m = range_m;
    sen.declared = 1;
    int idx = vg_site_add_sensor(s, &sen);
    CHECK(idx >= 0);
    return idx;
}

static struct vg_detection xyz(struct vg_rng *r, double t, int sensor, const double *p,
                               double sigma)
{
    struct vg_detection d;
    memset(&d, 0, sizeof d);
    d.t = t;
    d.sensor = (uint32_t)sensor;
    d.kind = VG_DET_XYZ;
    d.nz = 3;
    for (int i = 0; i < 3; i++) {
        d.z[i] = p[i] + sigma * vg_rng_normal(r);
        d.R[i * 3 + i] = sigma * sigma;
    }
    return d;
}

/* Radar report of truth x (position and velocity) from a sensor at s. */
static struct vg_detection polar(struct vg_rng *r, double t, int sensor, const double *s,
                                 const double *x, int with_rr)
{
    static const double sig[4] = {5.0, 0.3 * VG_DEG, 0.3 * VG_DEG, 0.5};
    struct vg_detection d;
    memset(&d, 0, sizeof d);
    d.t = t;
    d.sensor = (uint32_t)sensor;
    d.kind = VG_DET_POLAR;
    d.flags = VG_DET_HAS_EL | (with_rr ? VG_DET_HAS_RR : 0);
    d.nz = with_rr ? 4 : 3;
    double de = x[0] - s[0], dn = x[1] - s[1], du = x[2] - s[2];
    double rho = hypot(de, dn), rng = sqrt(rho * rho + du * du);
    double h[4] = {rng, atan2(de, dn), atan2(du, rho), (de * x[3] + dn * x[4] + du * x[5]) / rng};
    for (int i = 0; i < d.nz; i++) {
        d.z[i] = h[i] + sig[i] * vg_rng_normal(r);
        d.R[i * d.nz + i] = sig[i] * sig[i];
    }
    d.z[1] = vg_wrap_2pi(d.z[1]);
    return d;
}

static struct vg_detection scan(double t, int sensor)
{
    struct vg_detection d;
    memset(&d, 0, sizeof d);
    d.t = t;
    d.sensor = (uint32_t)sensor;
    d.kind = VG_DET_SCAN;
    return d;
}

static double dist3(const double *a, const double *b)
{
    return sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) +
                (a[2] - b[2]) * (a[2] - b[2]));
}

/* The state error normalised by the track's own covariance, x̃' P⁻¹ x̃ (∞ if P is not
 * positive definite). A consistent or conservative track gives at most χ²(6); NEES_MAX is its
 * 0.9999 quantile, so a check fails by chance once in 10⁴ while a biased or overconfident
 * track, or a P that is not a covariance, fails it. */
#define NEES_MAX vg_chi2_quantile(0.9999, 6)
static double nees(const struct vg_track *k, const double xt[6])
{
    double L[36], e[6];
    for (int i = 0; i < 6; i++)
        e[i] = xt[i] - k->x[i];
    if (vg_mat_chol(L, k->P, 6))
        return INFINITY;
    return vg_mat_chol_mahal2(L, e, 6);
}

static struct vg_tracker *new_tracker(const struct vg_tracker_config *cfg,
                                      const struct vg_site *site, struct collect *col)
{
    struct vg_tracker *tr = NULL;
    struct vg_diag d;
    int rc = vg_tracker_new(&tr, cfg, site, &d);
    CHECK_INT(rc, 0);
    if (rc)
        return NULL;
    memset(col, 0, sizeof *col);
    vg_tracker_on_emit(tr, on_emit, col);
    return tr;
}

/* One target seen every second by an xyz sensor with scan markers: tentative for M − 1
 * scans, then one confirmed track whose id never changes. */
static void case_single_target_confirms(void)
{
    static const struct {
        const char *name;
        int m, n;
    } mofn[] = {{"3 of 4", 3, 4}, {"2 of 3", 2, 3}, {"1 of 1", 1, 1}, {"5 of 6", 5, 6}};
    static struct collect col;
    for (size_t c = 0; c < sizeof mofn / sizeof mofn[0]; c++) {
        struct vg_site site;
        vg_site_init(&site);
        int s = add_sensor(&site, "eo", VG_SENSOR_EO, 0, 0, 0, 0);
        struct vg_tracker_config cfg;
        vg_tracker_config_default(&cfg);
        cfg.confirm_m = mofn[c].m;
        cfg.confirm_n = mofn[c].n;
        cfg.confirm_fast = 0; /* M-of-N alone here; the two-plot rule has its own case */
        struct vg_tracker *tr = new_tracker(&cfg, &site, &col);
        struct vg_rng r;
        vg_rng_seed(&r, 11 + c);
        double x[6] = {100, 200, 50, 15, -10, 1};
        uint64_t id = 0;
        int wrong_count = 0, id_changed = 0, wrong_status = 0;
        for (int k = 0; k < 20; k++) {
            double t = k, p[3];
            for (int i = 0; i < 3; i++)
                p[i] = x[i] + t * x[i + 3];
            struct vg_detection d = xyz(&r, t, s, p, 5.0);
            CHECK_INT(vg_tracker_add(tr, &d), 0);
            d = scan(t, s);
            CHECK_INT(vg_tracker_add(tr, &d), 0);
            CHECK_INT(col.emits, k + 1);
            wrong_count += col.n != 1;
            if (col.n != 1)
                continue;
            if (k == 0)
                id = col.trk[0].id;
            id_changed += col.trk[0].id != id;
            int want = k + 1 >= mofn[c].m ? VG_TRACK_CONFIRMED : VG_TRACK_TENTATIVE;
            wrong_status += col.trk[0].status != want;
            if (k == 19) {
                double xt[6] = {p[0], p[1], p[2], x[3], x[4], x[5]};
                CHECK(dist3(col.trk[0].x, p) < 15.0);
                CHECK(nees(&col.trk[0], xt) < NEES_MAX);
            }
        }
        struct vg_tracker_stats st;
        vg_tracker_get_stats(tr, &st);
        if (wrong_count || id_changed || wrong_status)
            fprintf(stderr, "  %s: %d scans with other than one track, %d id changes, %d with "
                            "the wrong status\n",
                    mofn[c].name, wrong_count, id_changed, wrong_status);
        CHECK_INT(wrong_count, 0);
        CHECK_INT(id_changed, 0);
        CHECK_INT(wrong_status, 0);
        CHECK_INT(id, 1);
        CHECK_INT(st.scans, 20);
        CHECK_INT(st.batches, 20);
        CHECK_INT(st.detections, 20);
        CHECK_INT(st.updates, 19);
        CHECK_INT(st.tracks_created, 1);
        CHECK_INT(st.tracks_confirmed, 1);
        CHECK_INT(st.tracks_deleted, 0);
        CHECK_INT(st.live, 1);
        CHECK_INT(col.stale, 0);
        vg_tracker_free(tr);
        vg_site_fini(&site);
    }
}

/* The two-plot rule (confirm_fast): a radar target alone, with range rate, is confirmed at
 * its second plot; two targets 25 m apart (each plot inside both young tracks' gates) are
 * left to M-of-N, as are a lone target missed once between its first two plots and one
 * whose plots carry no range rate; with the rule off, M-of-N (3 of 4). Two targets 110 m
 * apart are outside each other's gate but inside the crowd's (3 gates), also for a rotating
 * radar whose plots precede its marker — where the crowd was once judged around the updated
 * state, a few metres wide, and let a flock over the radar confirm two birds' plots as one
 * 66 m/s "drone" (dawn-birds, seed 13). */
static void case_two_plot_confirmation(void)
{
    static const struct {
        const char *name;
        int fast, ntarget, miss_scan1, with_rr, want_scan; /* want: the scan that confirms */
        double apart, lag; /* m between the targets; s from the plots to their marker */
    } rows[] = {
        {"alone", 1, 1, 0, 1, 1, 25, 0},
        {"alone, rule off", 0, 1, 0, 1, 2, 25, 0},
        {"two 25 m apart", 1, 2, 0, 1, 2, 25, 0},
        {"alone, missed at scan 1", 1, 1, 1, 1, 3, 25, 0},
        {"alone, no range rate", 1, 1, 0, 0, 2, 25, 0},
        {"alone, rotating", 1, 1, 0, 1, 1, 25, 0.06},
        {"two 110 m apart", 1, 2, 0, 1, 2, 110, 0},
        {"two 110 m apart, rotating", 1, 2, 0, 1, 2, 110, 0.06},
    };
    static struct collect col;
    for (size_t c = 0; c < sizeof rows / sizeof rows[0]; c++) {
        struct vg_site site;
        vg_site_init(&site);
        const double spos[3] = {0, 0, 10};
        int s = add_sensor(&site, "r1", VG_SENSOR_RADAR, spos[0], spos[1], spos[2], 5000);
        struct vg_tracker_config cfg;
        vg_tracker_config_default(&cfg);
        cfg.confirm_fast = rows[c].fast;
        struct vg_tracker *tr = new_tracker(&cfg, &site, &col);
        struct vg_rng r;
        vg_rng_seed(&r, 31 + c);
        const double x[2][6] = {{800, 900, 60, -30, -20, 0},
                                {800 + rows[c].apart, 900, 60, -30, -20, 0}};
        int confirmed_at = -1;
        for (int k = 0; k < 6 && confirmed_at < 0; k++) {
            double t = k - rows[c].lag; /* a rotating radar: the plots precede the marker */
            for (int j = 0; j < rows[c].ntarget && !(k == 1 && rows[c].miss_scan1); j++) {
                double xt[6];
                for (int i = 0; i < 3; i++) {
                    xt[i] = x[j][i] + t * x[j][i + 3];
                    xt[i + 3] = x[j][i + 3];
                }
                struct vg_detection d = polar(&r, t, s, spos, xt, rows[c].with_rr);
                CHECK_INT(vg_tracker_add(tr, &d), 0);
            }
            struct vg_detection d = scan(k, s);
            CHECK_INT(vg_tracker_add(tr, &d), 0);
            if ((int)col.n == rows[c].ntarget && count_status(&col, VG_TRACK_CONFIRMED) == col.n)
                confirmed_at = k;
        }
        if (confirmed_at != rows[c].want_scan)
            fprintf(stderr, "  %s: confirmed at scan %d, want %d\n", rows[c].name, confirmed_at,
                    rows[c].want_scan);
        CHECK_INT(confirmed_at, rows[c].want_scan);
        vg_tracker_free(tr);
        vg_site_fini(&site);
    }
}

/* Two targets crossing at right angles through the same point at the same time keep their
 * ids: their velocities, not their positions, tell them apart at the crossing. */
static void case_crossing_targets_keep_ids(void)
{
    static struct collect col;
    struct vg_site site;
    vg_site_init(&site);
    int s = add_sensor(&site, "eo", VG_SENSOR_EO, 0, 0, 0, 0);
    struct vg_tracker_config cfg;
    vg_tracker_config_default(&cfg);
    struct vg_tracker *tr = new_tracker(&cfg, &site, &col);
    struct vg_rng r;
    vg_rng_seed(&r, 4711);
    const double a0[6] = {-400, 0, 100, 20, 0, 0}, b0[6] = {0, -400, 100, 0, 20, 0};
    uint64_t id_a = 0, id_b = 0;
    int swaps = 0, not_two = 0;
    double worst = 0;
    for (int k = 0; k <= 40; k++) {
        double t = k, pa[3], pb[3];
        for (int i = 0; i < 3; i++) {
            pa[i] = a0[i] + t * a0[i + 3];
            pb[i] = b0[i] + t * b0[i + 3];
        }
        /* Report order alternates so that nothing depends on it. */
        struct vg_detection da = xyz(&r, t, s, pa, 3.0), db = xyz(&r, t, s, pb, 3.0);
        CHECK_INT(vg_tracker_add(tr, k % 2 ? &da : &db), 0);
        CHECK_INT(vg_tracker_add(tr, k % 2 ? &db : &da), 0);
        struct vg_detection m = scan(t, s);
        CHECK_INT(vg_tracker_add(tr, &m), 0);
        if (k < cfg.confirm_m - 1)
            continue;
        if (col.n != 2 || count_status(&col, VG_TRACK_CONFIRMED) != 2) {
            not_two++;
            continue;
        }
        const struct vg_track *ta = dist3(col.trk[0].x, pa) < dist3(col.trk[1].x, pa)
                                        ? &col.trk[0] : &col.trk[1];
        const struct vg_track *tb = ta == &col.trk[0] ? &col.trk[1] : &col.trk[0];
        if (!id_a) {
            id_a = ta->id;
            id_b = tb->id;
        }
        /* By id: the track that started on A must still be on A. */
        const struct vg_track *by_a = col.trk[0].id == id_a ? &col.trk[0] : &col.trk[1];
        const struct vg_track *by_b = by_a == &col.trk[0] ? &col.trk[1] : &col.trk[0];
        if (by_b->id != id_b || dist3(by_a->x, pa) > 20.0 || dist3(by_b->x, pb) > 20.0) {
            if (swaps++ < 3)
                fprintf(stderr, "  t %g: id %llu at %.0f m from A, id %llu at %.0f m from B\n",
                        t, (unsigned long long)by_a->id, dist3(by_a->x, pa),
                        (unsigned long long)by_b->id, dist3(by_b->x, pb));
        }
        worst = fmax(worst, fmax(dist3(by_a->x, pa), dist3(by_b->x, pb)));
    }
    fprintf(stderr, "  ids %llu (A) and %llu (B); worst position error %.1f m\n",
            (unsigned long long)id_a, (unsigned long long)id_b, worst);
    CHECK(id_a != 0 && id_b != 0 && id_a != id_b);
    CHECK_INT(not_two, 0);
    CHECK_INT(swaps, 0);
    vg_tracker_free(tr);
    vg_site_fini(&site);
}

/* Scans without detections: each is a miss (the track coasts), and delete_misses of them
 * in a row delete it. A hit in between resets the count. */
static void case_misses_coast_then_delete(void)
{
    static struct collect col;
    struct vg_site site;
    vg_site_init(&site);
    int s = add_sensor(&site, "eo", VG_SENSOR_EO, 0, 0, 0, 0);
    struct vg_tracker_config cfg;
    vg_tracker_config_default(&cfg);
    cfg.delete_misses = 4;
    struct vg_tracker *tr = new_tracker(&cfg, &site, &col);
    struct vg_rng r;
    vg_rng_seed(&r, 99);
    /* H H H H M M H M M M M: confirmed at scan 3, coasting twice, back, then deleted. */
    const char *seq = "HHHHMMHMMMM";
    const double x[6] = {-300, 400, 80, 10, 5, 0};
    for (int k = 0; seq[k]; k++) {
        double t = k, p[3];
        for (int i = 0; i < 3; i++)
            p[i] = x[i] + t * x[i + 3];
        if (seq[k] == 'H') {
            struct vg_detection d = xyz(&r, t, s, p, 5.0);
            CHECK_INT(vg_tracker_add(tr, &d), 0);
        }
        struct vg_detection m = scan(t, s);
        CHECK_INT(vg_tracker_add(tr, &m), 0);
        size_t n;
        const struct vg_track *trk = vg_tracker_tracks(tr, &n);
        int misses_so_far = 0;
        for (int j = k; j >= 0 && seq[j] == 'M'; j--)
            misses_so_far++;
        if (k == 10) {
            CHECK_INT(n, 0); /* the fourth miss in a row */
            CHECK_INT(col.n, 0);
            continue;
        }
        CHECK_INT(n, 1);
        if (n != 1)
            return;
        CHECK_INT(trk[0].misses, misses_so_far);
        if (k >= 2)
            CHECK_INT(trk[0].status, seq[k] == 'H' ? VG_TRACK_CONFIRMED : VG_TRACK_COASTING);
        CHECK_INT(trk[0].id, 1);
    }
    struct vg_tracker_stats st;
    vg_tracker_get_stats(tr, &st);
    CHECK_INT(st.tracks_deleted, 1);
    CHECK_INT(st.live, 0);
    CHECK_INT(st.live_max, 1);
    vg_tracker_free(tr);
    vg_site_fini(&site);
}

/* A scan of a sensor that cannot see the track (out of its range or its sector) is neither
 * a hit nor a miss. */
static void case_uncovered_scans_are_not_misses(void)
{
    static struct collect col;
    struct vg_site site;
    vg_site_init(&site);
    int s = add_sensor(&site, "wide", VG_SENSOR_EO, 0, 0, 0, 0);
    int near = add_sensor(&site, "short", VG_SENSOR_RADAR, 0, 0, 0, 500.0);
    struct vg_sensor sec;
    memset(&sec, 0, sizeof sec);
    snprintf(sec.id, sizeof sec.id, "sector");
    sec.type = VG_SENSOR_RADAR;
    sec.fov_deg[0] = 0;
    sec.fov_deg[1] = 90; /* north-east quarter; the target is to the south-west */
    int sector = vg_site_add_sensor(&site, &sec);
    CHECK(sector >= 0);
    struct vg_tracker_config cfg;
    vg_tracker_config_default(&cfg);
    struct vg_tracker *tr = new_tracker(&cfg, &site, &col);
    struct vg_rng r;
    vg_rng_seed(&r, 5);
    const double p[3] = {-1500, -1500, 100};
    for (int k = 0; k < 4; k++) {
        struct vg_detection d = xyz(&r, k, s, p, 3.0), m = scan(k, s);
        CHECK_INT(vg_tracker_add(tr, &d), 0);
        CHECK_INT(vg_tracker_add(tr, &m), 0);
    }
    for (int k = 4; k < 12; k++) {
        struct vg_detection m = scan(k, k % 2 ? near : sector);
        CHECK_INT(vg_tracker_add(tr, &m), 0);
    }
    size_t n;
    const struct vg_track *trk = vg_tracker_tracks(tr, &n);
    CHECK_INT(n, 1);
    if (n == 1) {
        CHECK_INT(trk[0].status, VG_TRACK_CONFIRMED);
        CHECK_INT(trk[0].misses, 0);
        CHECK_INT(trk[0].nhist, 4);
    }
    vg_tracker_free(tr);
    vg_site_fini(&site);
}

/* A polar radar away from the site origin, its position taken from the vg_site: a target
 * 2 km from it is tracked where it is, not where it would be if the radar sat at the origin
 * (that would be ~580 m off). The last rows put the target 5° and 31° above the radar's
 * horizon, where the range-rate velocity prior of a new track has a vertical part. */
static void case_polar_radar_from_site(void)
{
    static const struct {
        const char *name;
        int with_rr;
        double rel[3]; /* target start relative to the radar, m */
    } variants[] = {
        {"2 km, r/az/el", 0, {1200, 1500, 150}},
        {"2 km, r/az/el/rr", 1, {1200, 1500, 150}},
        {"1.5 km, 5 deg up, r/az/el/rr", 1, {1262.2, 810.5, 131.2}},
        {"1 km, 31 deg up, r/az/el", 0, {-600, 570, 500}},
        {"1 km, 31 deg up, r/az/el/rr", 1, {-600, 570, 500}},
    };
    static struct collect col;
    for (size_t c = 0; c < sizeof variants / sizeof variants[0]; c++) {
        struct vg_site site;
        vg_site_init(&site);
        add_sensor(&site, "other", VG_SENSOR_EO, 0, 0, 0, 0); /* so the radar is index 1 */
        int s = add_sensor(&site, "radar", VG_SENSOR_RADAR, 500, -300, 20, 10000);
        const double *spos = site.sensors[s].pos;
        struct vg_tracker_config cfg;
        vg_tracker_config_default(&cfg);
        struct vg_tracker *tr = new_tracker(&cfg, &site, &col);
        struct vg_rng r;
        vg_rng_seed(&r, 2000 + c);
        double x[6] = {spos[0] + variants[c].rel[0], spos[1] + variants[c].rel[1],
                       spos[2] + variants[c].rel[2], -10, 12, 0.5};
        int bad = 0;
        for (int k = 0; k < 25; k++) {
            double xt[6];
            for (int i = 0; i < 3; i++) {
                xt[i] = x[i] + k * x[i + 3];
                xt[i + 3] = x[i + 3];
            }
            struct vg_detection d = polar(&r, k, s, spos, xt, variants[c].with_rr);
            struct vg_detection m = scan(k, s);
            CHECK_INT(vg_tracker_add(tr, &d), 0);
            CHECK_INT(vg_tracker_add(tr, &m), 0);
            if (k >= cfg.confirm_m - 1 &&
                (col.n != 1 || col.trk[0].status != VG_TRACK_CONFIRMED || col.trk[0].id != 1))
                bad++;
            if (k == 24 && col.n >= 1) {
                double ep = dist3(col.trk[0].x, xt), ev = dist3(col.trk[0].x + 3, xt + 3);
                double e = nees(&col.trk[0], xt);
                fprintf(stderr, "  %-28s %.1f m, %.2f m/s from the truth at %.0f m; NEES %.2f\n",
                        variants[c].name, ep, ev, dist3(xt, spos), e);
                /* Regression, 2026-11-21 (initiator_mofn.c, fixed by projecting D off the line of
         * sight; vertical clamp of the range-rate velocity
                 * prior; see test_initiator_mofn.c): with range rate and elevation above
                 * ~1°, a new track's P is indefinite, S = H P H' + R is then not SPD, the
                 * track is never gated or updated, and every scan starts another tentative
                 * track. The "5 deg up" and "31 deg up ... rr" rows fail here and below. */
                CHECK(ep < 30.0);
                CHECK(ev < 10.0);
                CHECK(e < NEES_MAX);
            }
        }
        struct vg_tracker_stats st;
        vg_tracker_get_stats(tr, &st);
        if (bad)
            fprintf(stderr, "  %s: %d of 23 scans without exactly one confirmed track with "
                            "id 1; %llu tracks created, %llu updates\n",
                    variants[c].name, bad, (unsigned long long)st.tracks_created,
                    (unsigned long long)st.updates);
        CHECK_INT(bad, 0);
        vg_tracker_free(tr);
        vg_site_fini(&site);
    }
}

/* Two sensors on one target, their scans interleaved half a second apart (an xyz sensor
 * at the origin and a radar elsewhere): one track, updated by both, never duplicated. */
static void case_two_sensors_one_track(void)
{
    static struct collect col;
    struct vg_site site;
    vg_site_init(&site);
    int eo = add_sensor(&site, "eo", VG_SENSOR_EO, 0, 0, 0, 0);
    int rad = add_sensor(&site, "radar", VG_SENSOR_RADAR, -800, 600, 10, 0);
    const double *spos = site.sensors[rad].pos;
    struct vg_tracker_config cfg;
    vg_tracker_config_default(&cfg);
    struct vg_tracker *tr = new_tracker(&cfg, &site, &col);
    struct vg_rng r;
    vg_rng_seed(&r, 77);
    const double x[6] = {900, 1300, 40, -12, -6, 0};
    int bad = 0, by_eo = 0, by_radar = 0;
    for (int k = 0; k < 30; k++) {
        double t = 0.5 * k, xt[6];
        for (int i = 0; i < 3; i++) {
            xt[i] = x[i] + t * x[i + 3];
            xt[i + 3] = x[i + 3];
        }
        int s = k % 2 ? rad : eo;
        struct vg_detection d = s == eo ? xyz(&r, t, s, xt, 8.0) : polar(&r, t, s, spos, xt, 0);
        struct vg_detection m = scan(t, s);
        CHECK_INT(vg_tracker_add(tr, &d), 0);
        CHECK_INT(vg_tracker_add(tr, &m), 0);
        if (col.n != 1 || col.trk[0].id != 1) {
            bad++;
            continue;
        }
        by_eo += col.trk[0].last_sensor == (uint32_t)eo && col.trk[0].t == t;
        by_radar += col.trk[0].last_sensor == (uint32_t)rad && col.trk[0].t == t;
        if (k == 29) {
            CHECK_INT(col.trk[0].status, VG_TRACK_CONFIRMED);
            CHECK(dist3(col.trk[0].x, xt) < 30.0);
            CHECK(nees(&col.trk[0], xt) < NEES_MAX);
        }
    }
    CHECK_INT(bad, 0);
    CHECK_INT(by_eo, 15);
    CHECK_INT(by_radar, 15);
    vg_tracker_free(tr);
    vg_site_fini(&site);
}

/* A rotating radar reports each target some time before closing its scan: the track is
 * updated at the report's own time and emitted predicted to the scan time. */
static void case_emitted_tracks_predicted_to_scan_time(void)
{
    static struct collect col;
    struct vg_site site;
    vg_site_init(&site);
    int s = add_sensor(&site, "eo", VG_SENSOR_EO, 0, 0, 0, 0);
    struct vg_tracker_config cfg;
    vg_tracker_config_default(&cfg);
    cfg.imm = 0; /* the reference below is the CV predictor; the IMM case is in test_imm.c */
    struct vg_tracker *tr = new_tracker(&cfg, &site, &col);
    struct vg_rng r;
    vg_rng_seed(&r, 31);
    const double x[6] = {1000, -500, 60, -20, 25, 2};
    int checked = 0;
    for (int k = 0; k < 8; k++) {
        double td = k + 0.3, tm = k + 1.0, p[3];
        if (k == 7)
            tm = k + 0.1; /* a marker stamped before the report: the report is the next
                             scan's (formats.md: a marker closes reports with time ≤ its t) */
        for (int i = 0; i < 3; i++)
            p[i] = x[i] + td * x[i + 3];
        struct vg_detection d = xyz(&r, td, s, p, 4.0), m = scan(tm, s);
        CHECK_INT(vg_tracker_add(tr, &d), 0);
        CHECK_INT(vg_tracker_add(tr, &m), 0);
        double tb = tm;
        CHECK_NEAR(col.t, tb, 0);
        size_t n;
        const struct vg_track *trk = vg_tracker_tracks(tr, &n);
        CHECK_INT(n, 1);
        CHECK_INT(col.n, 1);
        if (n != 1 || col.n != 1)
            break;
        CHECK_NEAR(trk[0].t, k == 7 ? td - 1.0 : td, 0); /* updated at the report time */
        CHECK_NEAR(col.trk[0].t, tb, 0);   /* emitted at the scan time */
        double xo[6], Po[36];
        vg__cv_predict(trk[0].x, trk[0].P, tb - trk[0].t, cfg.q_h, cfg.q_v, xo, Po);
        for (int i = 0; i < 6; i++)
            CHECK_NEAR(col.trk[0].x[i], xo[i], 1e-9 * (1 + fabs(xo[i])));
        for (int i = 0; i < 36; i++)
            CHECK_NEAR(col.trk[0].P[i], Po[i], 1e-9 * (1 + fabs(Po[i])));
        CHECK_INT(col.trk[0].id, trk[0].id);
        CHECK_INT(col.trk[0].status, trk[0].status);
        checked++;
    }
    CHECK_INT(checked, 8);
    CHECK_INT(col.stale, 0);
    vg_tracker_free(tr);
    vg_site_fini(&site);
}

/* A sensor that never sends markers: its reports are batched by time — a batch closes when
 * a report with a new time arrives, and flush closes the rest, oldest sensor batch first. */
static void case_markerless_sensor_batched_by_time(void)
{
    static struct collect col;
    struct vg_site site;
    vg_site_init(&site);
    int a = add_sensor(&site, "a", VG_SENSOR_RF, 0, 0, 0, 0);
    int b = add_sensor(&site, "b", VG_SENSOR_RF, 0, 0, 0, 0);
    struct vg_tracker_config cfg;
    vg_tracker_config_default(&cfg);
    struct vg_tracker *tr = new_tracker(&cfg, &site, &col);
    struct vg_rng r;
    vg_rng_seed(&r, 8);
    const double tgt[3][3] = {{0, 1000, 50}, {1000, 0, 50}, {-1000, -1000, 50}};
    struct vg_tracker_stats st;
    for (int k = 1; k <= 5; k++) {
        for (int j = 0; j < 3; j++) {
            struct vg_detection d = xyz(&r, k, a, tgt[j], 3.0);
            CHECK_INT(vg_tracker_add(tr, &d), 0);
            /* The batch at k − 1 closed on the first report at k, not before or after. */
            CHECK_INT(col.emits, k - 1);
        }
        vg_tracker_get_stats(tr, &st);
        CHECK_INT(st.batches, k - 1);
        if (k > 1) {
            CHECK_NEAR(col.t, k - 1, 0);
            CHECK_INT(col.n, 3); /* three reports in one batch: three tracks, not merged */
        }
    }
    /* Sensor b's open batch at 4.5 is older than a's at 5: flush closes b's first. */
    struct vg_detection d = xyz(&r, 4.5, b, tgt[0], 3.0);
    CHECK_INT(vg_tracker_add(tr, &d), 0);
    CHECK_INT(col.emits, 4);
    CHECK_INT(vg_tracker_flush(tr), 0);
    CHECK_INT(col.emits, 6);
    CHECK_NEAR(col.times[4], 4.5, 0);
    CHECK_NEAR(col.times[5], 5.0, 0);
    vg_tracker_get_stats(tr, &st);
    CHECK_INT(st.batches, 6);
    CHECK_INT(st.scans, 0);
    CHECK_INT(st.detections, 16);
    CHECK_INT(st.tracks_created, 3);
    CHECK_INT(count_status(&col, VG_TRACK_CONFIRMED), 3);
    CHECK_INT(vg_tracker_flush(tr), 0); /* nothing left: no emit */
    CHECK_INT(col.emits, 6);
    vg_tracker_free(tr);
    vg_site_fini(&site);
}

/* Reports the tracker cannot use are counted and skipped; a bad sensor index is refused. */
static void case_unsupported_and_invalid_input(void)
{
    static struct collect col;
    struct vg_site site;
    vg_site_init(&site);
    int s = add_sensor(&site, "df", VG_SENSOR_RF, 10, 10, 0, 0);
    struct vg_tracker_config cfg;
    vg_tracker_config_default(&cfg);
    struct vg_tracker *tr = new_tracker(&cfg, &site, &col);
    struct vg_rng r;
    vg_rng_seed(&r, 1);
    const double p[3] = {500, 500, 30};
    for (int k = 0; k < 5; k++) {
        struct vg_detection bearing;
        memset(&bearing, 0, sizeof bearing);
        bearing.t = k;
        bearing.sensor = (uint32_t)s;
        bearing.kind = VG_DET_ADSB; /* a kind the tracker does not use (yet) */
        bearing.nz = 1;
        bearing.z[0] = 0.785;
        bearing.R[0] = 1e-4;
        struct vg_detection d = xyz(&r, k, s, p, 3.0), m = scan(k, s);
        CHECK_INT(vg_tracker_add(tr, &bearing), 0);
        CHECK_INT(vg_tracker_add(tr, &d), 0);
        CHECK_INT(vg_tracker_add(tr, &m), 0);
    }
    struct vg_tracker_stats st;
    vg_tracker_get_stats(tr, &st);
    CHECK_INT(st.unsupported, 5);
    CHECK_INT(st.detections, 5);
    CHECK_INT(st.tracks_created, 1);
    CHECK_INT(st.live, 1);
    /* Out-of-range sensor index, for a report and for a marker: refused, nothing changes. */
    struct vg_detection bad = xyz(&r, 6, s, p, 3.0);
    bad.sensor = (uint32_t)site.nsensors;
    CHECK_INT(vg_tracker_add(tr, &bad), VG_EINVAL);
    bad = scan(6, 0);
    bad.sensor = UINT32_MAX;
    CHECK_INT(vg_tracker_add(tr, &bad), VG_EINVAL);
    struct vg_tracker_stats st2;
    vg_tracker_get_stats(tr, &st2);
    CHECK(memcmp(&st, &st2, sizeof st) == 0);
    vg_tracker_free(tr);
    vg_site_fini(&site);
    /* Bad settings are refused with a message; freeing NULL is a no-op. */
    struct vg_diag dg;
    vg_tracker_config_default(&cfg);
    cfg.confirm_m = 5;
    cfg.confirm_n = 4;
    vg_site_init(&site);
    tr = (struct vg_tracker *)&cfg; /* any non-NULL value: it must come back NULL */
    CHECK_INT(vg_tracker_new(&tr, &cfg, &site, &dg), VG_EINVAL);
    CHECK(tr == NULL);
    CHECK(strstr(dg.msg, "confirm_m") != NULL);
    vg_tracker_free(NULL);
    vg_site_fini(&site);
}

/* 200 targets 300 m apart, all seen every scan, no clutter: exactly 200 tracks are ever
 * created, all confirm, none is deleted, and the live count never exceeds 200. */
static void case_two_hundred_targets(void)
{
    static struct collect col;
    struct vg_site site;
    vg_site_init(&site);
    int s = add_sensor(&site, "eo", VG_SENSOR_EO, 0, 0, 0, 0);
    struct vg_tracker_config cfg;
    vg_tracker_config_default(&cfg);
    struct vg_tracker *tr = new_tracker(&cfg, &site, &col);
    struct vg_rng r;
    vg_rng_seed(&r, 200);
    enum { NT = 200, SCANS = 30 };
    static double x[NT][6];
    for (int j = 0; j < NT; j++) {
        double hdg = vg_rng_range(&r, 0, 2 * VG_PI), speed = vg_rng_range(&r, 10, 30);
        x[j][0] = 300.0 * (j % 20) - 3000;
        x[j][1] = 300.0 * (j / 20) - 1500;
        x[j][2] = vg_rng_range(&r, 50, 300);
        x[j][3] = speed * sin(hdg);
        x[j][4] = speed * cos(hdg);
        x[j][5] = vg_rng_range(&r, -1, 1);
    }
    int wrong = 0;
    for (int k = 0; k < SCANS; k++) {
        for (int j = 0; j < NT; j++) {
            double p[3];
            for (int i = 0; i < 3; i++)
                p[i] = x[j][i] + k * x[j][i + 3];
            struct vg_detection d = xyz(&r, k, s, p, 5.0);
            CHECK_INT(vg_tracker_add(tr, &d), 0);
        }
        struct vg_detection m = scan(k, s);
        CHECK_INT(vg_tracker_add(tr, &m), 0);
        size_t want = k >= cfg.confirm_m - 1 ? NT : 0; /* xyz reports: M-of-N only */
        wrong += col.n != NT || count_status(&col, VG_TRACK_CONFIRMED) != want;
    }
    struct vg_tracker_stats st;
    vg_tracker_get_stats(tr, &st);
    fprintf(stderr, "  live %zu, live_max %zu, created %llu, confirmed %llu, deleted %llu, "
                    "updates %llu\n",
            st.live, st.live_max, (unsigned long long)st.tracks_created,
            (unsigned long long)st.tracks_confirmed, (unsigned long long)st.tracks_deleted,
            (unsigned long long)st.updates);
    CHECK_INT(wrong, 0);
    CHECK_INT(st.live, NT);
    CHECK_INT(st.live_max, NT);
    CHECK_INT(st.tracks_created, NT);
    CHECK_INT(st.tracks_confirmed, NT);
    CHECK_INT(st.tracks_deleted, 0);
    CHECK_INT(st.detections, NT * SCANS);
    CHECK_INT(st.updates, NT * (SCANS - 1));
    /* Ids are unique and sorted (the table is compacted in order). */
    size_t n;
    const struct vg_track *trk = vg_tracker_tracks(tr, &n);
    int unsorted = 0;
    for (size_t i = 1; i < n; i++)
        unsorted += !(trk[i].id > trk[i - 1].id);
    CHECK_INT(unsorted, 0);
    vg_tracker_free(tr);
    vg_site_fini(&site);
}

int main(void)
{
    RUN(case_single_target_confirms);
    RUN(case_two_plot_confirmation);
    RUN(case_crossing_targets_keep_ids);
    RUN(case_misses_coast_then_delete);
    RUN(case_uncovered_scans_are_not_misses);
    RUN(case_polar_radar_from_site);
    RUN(case_two_sensors_one_track);
    RUN(case_emitted_tracks_predicted_to_scan_time);
    RUN(case_markerless_sensor_batched_by_time);
    RUN(case_unsupported_and_invalid_input);
    RUN(case_two_hundred_targets);
    return test_report();
}
