/* SPDX-License-Identifier: MIT */
/* test_initiator_mofn.c — new tracks and M-of-N confirmation.
 *
 * Confirmation is checked by truth tables: a row is the hit (H) / miss (M) history of one
 * tentative track from its initiating detection on, and the answer vg__mofn_confirm must
 * give after each covering scan ("0001": confirmed at the fourth). The history is advanced
 * exactly as tracker.c does (hist = hist << 1 | hit, nhist + 1). A sweep over every M ≤ N ≤ 10
 * and every history then checks the rule itself: confirmed iff at least M hits so far.
 * Initiation is checked for the state and covariance it starts from — the measured position
 * with its covariance, a zero-mean velocity prior, or, with a range rate, the velocity
 * rr·û along the line of sight with variance σrr² along û and σv² across it. */
#include "test.h"

#include "base/angle.h"
#include "base/mat.h"
#include "track/internal.h"

static void advance(struct vg_track *k, int hit)
{
    k->hist = (k->hist << 1) | (uint32_t)hit;
    if (k->nhist < 255)
        k->nhist++;
}

/* A tentative track whose history is seq ("HMH..."; seq[0] is the initiating detection). */
static void start(struct vg_track *k)
{
    memset(k, 0, sizeof *k);
    k->status = VG_TRACK_TENTATIVE;
    k->hist = 1;
    k->nhist = 1;
}

static const struct {
    int m, n;
    const char *seq;   /* H = hit, M = miss; the first H is the initiating detection */
    const char *want;  /* vg__mofn_confirm after each scan */
} confirm_table[] = {
    {1, 1, "H", "1"},
    {1, 3, "H", "1"},
    {2, 2, "HH", "01"},
    {2, 2, "HM", "00"},
    {2, 3, "HH", "01"},
    {2, 3, "HMH", "001"},
    {2, 3, "HMM", "000"},
    {3, 4, "HHH", "001"},
    {3, 4, "HHMH", "0001"},
    {3, 4, "HMHH", "0001"},
    {3, 4, "HHMM", "0000"},
    {3, 4, "HMHM", "0000"},
    {3, 4, "HMMH", "0000"},
    {3, 5, "HMMHH", "00001"},
    {3, 5, "HMHMH", "00001"},
    {3, 5, "HMMMH", "00000"},
    {5, 5, "HHHHH", "00001"},
    {5, 5, "HHHHM", "00000"},
};

static void case_confirm_truth_table(void)
{
    struct vg_tracker_config cfg;
    vg_tracker_config_default(&cfg);
    for (size_t c = 0; c < sizeof confirm_table / sizeof confirm_table[0]; c++) {
        cfg.confirm_m = confirm_table[c].m;
        cfg.confirm_n = confirm_table[c].n;
        const char *seq = confirm_table[c].seq;
        char got[40] = {0};
        struct vg_track k;
        start(&k);
        for (size_t i = 0; seq[i]; i++) {
            if (i > 0)
                advance(&k, seq[i] == 'H');
            got[i] = vg__mofn_confirm(&cfg, &k) ? '1' : '0';
        }
        if (strcmp(got, confirm_table[c].want) != 0)
            fprintf(stderr, "  %d/%d %s: got %s, want %s\n", confirm_table[c].m,
                    confirm_table[c].n, seq, got, confirm_table[c].want);
        CHECK(strcmp(got, confirm_table[c].want) == 0);
    }
}

/* Every M ≤ N ≤ 10 and every history of up to N scans: confirmed iff hits ≥ M. */
static void case_confirm_sweep(void)
{
    struct vg_tracker_config cfg;
    vg_tracker_config_default(&cfg);
    int wrong = 0, rows = 0;
    for (int n = 1; n <= 10; n++)
        for (int m = 1; m <= n; m++) {
            cfg.confirm_m = m;
            cfg.confirm_n = n;
            for (int len = 1; len <= n; len++)
                for (unsigned bits = 0; bits < (1u << (len - 1)); bits++) {
                    struct vg_track k;
                    start(&k);
                    int hits = 1;
                    for (int i = 0; i < len - 1; i++) {
                        int hit = (bits >> i) & 1u;
                        advance(&k, hit);
                        hits += hit;
                    }
                    rows++;
                    wrong += vg__mofn_confirm(&cfg, &k) != (hits >= m);
                }
        }
    fprintf(stderr, "  %d histories, %d wrong\n", rows, wrong);
    CHECK_INT(wrong, 0);
    /* The window is capped at 32 scans (the history's width). */
    cfg.confirm_m = 32;
    cfg.confirm_n = 32;
    struct vg_track k;
    start(&k);
    for (int i = 1; i < 32; i++) {
        CHECK_INT(vg__mofn_confirm(&cfg, &k), 0);
        advance(&k, 1);
    }
    CHECK_INT(vg__mofn_confirm(&cfg, &k), 1);
}

static struct vg_detection polar(double r, double az_deg, double el_deg, int with_rr,
                                 double rr)
{
    struct vg_detection d;
    memset(&d, 0, sizeof d);
    d.kind = VG_DET_POLAR;
    d.t = 12.5;
    d.flags = VG_DET_HAS_EL | (with_rr ? VG_DET_HAS_RR : 0);
    d.nz = with_rr ? 4 : 3;
    d.z[0] = r;
    d.z[1] = az_deg * VG_DEG;
    d.z[2] = el_deg * VG_DEG;
    d.z[3] = rr;
    double sig[4] = {5.0, 0.3 * VG_DEG, 0.3 * VG_DEG, 0.5};
    for (int i = 0; i < d.nz; i++)
        d.R[i * d.nz + i] = sig[i] * sig[i];
    return d;
}

static void case_initiate_xyz(void)
{
    struct vg_tracker_config cfg;
    vg_tracker_config_default(&cfg);
    struct vg_detection d;
    memset(&d, 0, sizeof d);
    d.kind = VG_DET_XYZ;
    d.nz = 3;
    d.t = 3.25;
    d.z[0] = 10;
    d.z[1] = -20;
    d.z[2] = 30;
    double Ppos[9] = {25, 1, 0, 1, 36, 2, 0, 2, 49}, s[3] = {0};
    struct vg_track k;
    memset(&k, 0xA5, sizeof k);
    vg__initiate(&cfg, &d, s, d.z, Ppos, &k);
    CHECK_INT(k.status, VG_TRACK_TENTATIVE);
    CHECK_INT(k.hist, 1);
    CHECK_INT(k.nhist, 1);
    CHECK_INT(k.hits, 1);
    CHECK_INT(k.misses, 0);
    CHECK_NEAR(k.t, 3.25, 0);
    CHECK_NEAR(k.t_first, 3.25, 0);
    for (int i = 0; i < 3; i++) {
        CHECK_NEAR(k.x[i], d.z[i], 0);
        CHECK_NEAR(k.x[i + 3], 0, 0);
        for (int j = 0; j < 3; j++) {
            CHECK_NEAR(k.P[i * 6 + j], Ppos[i * 3 + j], 0);
            CHECK_NEAR(k.P[i * 6 + j + 3], 0, 0); /* position and velocity uncorrelated */
        }
    }
    double sv2 = cfg.init_speed_sigma * cfg.init_speed_sigma;
    CHECK_NEAR(k.P[3 * 6 + 3], sv2, 0);
    CHECK_NEAR(k.P[4 * 6 + 4], sv2, 0);
    CHECK_NEAR(k.P[5 * 6 + 5], cfg.init_vz_sigma * cfg.init_vz_sigma, 0);
    CHECK_NEAR(k.P[3 * 6 + 4], 0, 0);
    /* A polar report without range rate gets the same zero-mean prior. */
    struct vg_detection p = polar(2000, 30, 3, 0, 0);
    double pos[3];
    CHECK_INT(vg__meas_position(&p, s, pos, Ppos), 0);
    vg__initiate(&cfg, &p, s, pos, Ppos, &k);
    CHECK_NEAR(k.x[3] * k.x[3] + k.x[4] * k.x[4] + k.x[5] * k.x[5], 0, 0);
    CHECK_NEAR(k.P[3 * 6 + 3], sv2, 0);
}

/* With range rate: v = rr·û, variance σrr² along û and σv² across it horizontally. */
static const struct {
    const char *name;
    double range, az_deg, el_deg, rr;
} rr_cases[] = {
    {"level, north, receding", 2000, 0, 0, 12},
    {"level, east, approaching", 1500, 90, 0, -25},
    {"level, south-west", 3000, 225, 0, 7},
    {"2 degrees up", 2000, 40, 2, -15},
    {"10 degrees up", 2000, 300, 10, 20},
    {"30 degrees up", 800, 135, 30, -8},
};

static void case_initiate_range_rate(void)
{
    struct vg_tracker_config cfg;
    vg_tracker_config_default(&cfg);
    double s[3] = {150, -250, 12}, sv2 = cfg.init_speed_sigma * cfg.init_speed_sigma;
    for (size_t c = 0; c < sizeof rr_cases / sizeof rr_cases[0]; c++) {
        struct vg_detection d = polar(rr_cases[c].range, rr_cases[c].az_deg, rr_cases[c].el_deg,
                                      1, rr_cases[c].rr);
        double pos[3], Ppos[9], u[3];
        CHECK_INT(vg__meas_position(&d, s, pos, Ppos), 0);
        struct vg_track k;
        vg__initiate(&cfg, &d, s, pos, Ppos, &k);
        double a = rr_cases[c].az_deg * VG_DEG, e = rr_cases[c].el_deg * VG_DEG;
        u[0] = sin(a) * cos(e);
        u[1] = cos(a) * cos(e);
        u[2] = sin(e);
        const double *v = k.x + 3;
        for (int i = 0; i < 3; i++)
            CHECK_NEAR(v[i], rr_cases[c].rr * u[i], 1e-9);
        double Pv[9], Pu[3] = {0};
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                Pv[i * 3 + j] = k.P[(i + 3) * 6 + j + 3];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                Pu[i] += Pv[i * 3 + j] * u[j];
        /* The horizontal direction across the line of sight keeps the full prior. */
        double w[3] = {cos(a), -sin(a), 0}, wPw = 0;
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                wPw += w[i] * Pv[i * 3 + j] * w[j];
        CHECK_NEAR(wPw, sv2, 1e-6 * sv2);
        if (rr_cases[c].el_deg == 0) {
            /* Level: û is an eigenvector with the range-rate variance. */
            for (int i = 0; i < 3; i++)
                CHECK_NEAR(Pu[i], d.R[15] * u[i], 1e-9);
        }
        /* Whatever the elevation, the prior must be a covariance: positive definite. */
        double L[9];
        int rc = vg_mat_chol(L, Pv, 3);
        if (rc) {
            double uPu = u[0] * Pu[0] + u[1] * Pu[1] + u[2] * Pu[2];
            fprintf(stderr, "  %s: velocity prior not positive definite, u'Pu = %.3f m²/s², "
                            "Pv = [%.2f %.2f %.2f; %.2f %.2f %.2f; %.2f %.2f %.2f]\n",
                    rr_cases[c].name, uPu, Pv[0], Pv[1], Pv[2], Pv[3], Pv[4], Pv[5], Pv[6],
                    Pv[7], Pv[8]);
        }
        /* Regression, 2026-11-21 (initiator_mofn.c, fixed by projecting D off the line of
         * sight; the "Keep the vertical prior no wider than
         * configured" clamp): lowering Pv[8] alone after forming σv²(I − ûû') + σrr² ûû'
         * leaves û'Pv û = σrr² − (Pv[8] − σvz² − σrr²) uz² < 0 for any elevation above
         * about 1° with the defaults (σv 30, σvz 10 m/s), so the prior is indefinite.
         * Both checks below fail for the 2°, 10° and 30° rows. */
        CHECK_INT(rc, 0);
        double L6[36];
        CHECK_INT(vg_mat_chol(L6, k.P, 6), 0); /* the whole state covariance likewise */
    }
}

int main(void)
{
    RUN(case_confirm_truth_table);
    RUN(case_confirm_sweep);
    RUN(case_initiate_xyz);
    RUN(case_initiate_range_rate);
    return test_report();
}
