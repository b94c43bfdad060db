/* SPDX-License-Identifier: MIT */
/* test_deleter.c — when tracks end: tentative tracks that can no longer reach M of N,
 * confirmed tracks after too many consecutive misses, any track whose position sigma has
 * grown past the limit.
 *
 * Tentative deletion is a truth table in the style of test_initiator_mofn.c: a row is the
 * hit (H) / miss (M) history from the initiating detection on, and the answer after each
 * covering scan ("001": deleted at the third). A sweep over every M ≤ N ≤ 10 then checks the
 * rule itself — delete iff hits + scans left < M — and that no history is both confirmed
 * and deleted, and none of length N is neither (the tentative phase always ends by N). */
#include "test.h"

#include "track/internal.h"

static void advance(struct vg_track *k, int hit)
{
    k->hist = (k->hist << 1) | (uint32_t)hit;
    if (k->nhist < 255)
        k->nhist++;
    k->misses = hit ? 0 : (uint16_t)(k->misses + 1);
    k->located += hit; /* the hits here are plots: each locates the object */
}

static void start(struct vg_track *k, int status)
{
    memset(k, 0, sizeof *k);
    k->status = (uint8_t)status;
    k->hist = 1;
    k->nhist = 1;
    k->located = 1;
    for (int i = 0; i < VG_NX; i++)
        k->P[i * VG_NX + i] = i < 3 ? 100.0 : 25.0;
}

static const struct {
    int m, n;
    const char *seq;
    const char *want; /* vg__delete_check after each scan */
} tentative_table[] = {
    {1, 1, "H", "0"},
    {2, 2, "HM", "01"},
    {2, 2, "HH", "00"},
    {2, 3, "HM", "00"},
    {2, 3, "HMM", "001"},
    {2, 3, "HMH", "000"},
    {2, 3, "HH", "00"},
    {3, 3, "HM", "01"},
    {3, 4, "HM", "00"},
    {3, 4, "HMM", "001"},
    {3, 4, "HMH", "000"},
    {3, 4, "HMHM", "0001"},
    {3, 4, "HHMM", "0001"},
    {3, 4, "HHMH", "0000"},
    {3, 4, "HHH", "000"},
    {4, 6, "HMHMM", "00001"},
    {4, 6, "HMHMH", "00000"},
};

static void case_tentative_truth_table(void)
{
    struct vg_tracker_config cfg;
    vg_tracker_config_default(&cfg);
    for (size_t c = 0; c < sizeof tentative_table / sizeof tentative_table[0]; c++) {
        cfg.confirm_m = tentative_table[c].m;
        cfg.confirm_n = tentative_table[c].n;
        const char *seq = tentative_table[c].seq;
        char got[40] = {0};
        struct vg_track k;
        start(&k, VG_TRACK_TENTATIVE);
        for (size_t i = 0; seq[i]; i++) {
            if (i > 0)
                advance(&k, seq[i] == 'H');
            got[i] = vg__delete_check(&cfg, &k, k.P, 1) ? '1' : '0';
        }
        if (strcmp(got, tentative_table[c].want) != 0)
            fprintf(stderr, "  %d/%d %s: got %s, want %s\n", tentative_table[c].m,
                    tentative_table[c].n, seq, got, tentative_table[c].want);
        CHECK(strcmp(got, tentative_table[c].want) == 0);
    }
}

static void case_tentative_sweep(void)
{
    struct vg_tracker_config cfg;
    vg_tracker_config_default(&cfg);
    int wrong = 0, both = 0, neither = 0, rows = 0;
    for (int n = 1; n <= 10; n++)
        for (int m = 1; m <= n; m++) {
            cfg.confirm_m = m;
            cfg.confirm_n = n;
            for (int len = 1; len <= n; len++)
                for (unsigned bits = 0; bits < (1u << (len - 1)); bits++) {
                    struct vg_track k;
                    start(&k, VG_TRACK_TENTATIVE);
                    int hits = 1;
                    for (int i = 0; i < len - 1; i++) {
                        advance(&k, (bits >> i) & 1u);
                        hits += (bits >> i) & 1u;
                    }
                    int del = vg__delete_check(&cfg, &k, k.P, 1);
                    int conf = vg__mofn_confirm(&cfg, &k);
                    rows++;
                    wrong += del != (hits + (n - len) < m);
                    both += del && conf;
                    neither += len == n && !del && !conf;
                }
        }
    fprintf(stderr, "  %d histories: %d wrong, %d both confirmed and deleted, %d undecided "
                    "at N\n", rows, wrong, both, neither);
    CHECK_INT(wrong, 0);
    CHECK_INT(both, 0);
    CHECK_INT(neither, 0);
}

/* A tentative track located once (a plot) and then hit only by one sensor's bearings: M-of-N
 * is met but it is never confirmed (tracker.c), so it ends with its N scans, not later. */
static void case_tentative_never_located_twice(void)
{
    struct vg_tracker_config cfg;
    vg_tracker_config_default(&cfg); /* 3 of 4 */
    struct vg_track k;
    start(&k, VG_TRACK_TENTATIVE);
    char got[8] = {0};
    for (int i = 0; i < 4; i++) {
        if (i > 0) {
            advance(&k, 1);
            k.located = 1; /* a bearing's hit: located no more */
        }
        got[i] = vg__delete_check(&cfg, &k, k.P, 1) ? '1' : '0';
    }
    CHECK(strcmp(got, "0001") == 0);
    k.located = 2; /* the same history with a second plot: kept (and confirmed) */
    CHECK_INT(vg__delete_check(&cfg, &k, k.P, 1), 0);
}

static const struct {
    const char *name;
    int status, delete_misses, misses, want;
} miss_table[] = {
    {"confirmed, no miss", VG_TRACK_CONFIRMED, 4, 0, 0},
    {"coasting, 3 of 4", VG_TRACK_COASTING, 4, 3, 0},
    {"coasting, 4 of 4", VG_TRACK_COASTING, 4, 4, 1},
    {"coasting, past the limit", VG_TRACK_COASTING, 4, 9, 1},
    {"confirmed, 1 of 1", VG_TRACK_CONFIRMED, 1, 1, 1},
    {"coasting, 999 of 1000", VG_TRACK_COASTING, 1000, 999, 0},
    {"coasting, 1000 of 1000", VG_TRACK_COASTING, 1000, 1000, 1},
};

static void case_confirmed_misses(void)
{
    struct vg_tracker_config cfg;
    vg_tracker_config_default(&cfg);
    for (size_t c = 0; c < sizeof miss_table / sizeof miss_table[0]; c++) {
        cfg.delete_misses = miss_table[c].delete_misses;
        struct vg_track k;
        start(&k, miss_table[c].status);
        k.nhist = 200;
        k.hist = 0; /* an old confirmed track's history does not matter */
        k.misses = (uint16_t)miss_table[c].misses;
        int got = vg__delete_check(&cfg, &k, k.P, 1);
        if (got != miss_table[c].want)
            fprintf(stderr, "  case '%s'\n", miss_table[c].name);
        CHECK_INT(got, miss_table[c].want);
        /* Misses are charged only where a sensor looked: unseen, only P can end it. */
        CHECK_INT(vg__delete_check(&cfg, &k, k.P, 0), 0);
    }
}

static const struct {
    const char *name;
    int status;
    double var[VG_NX]; /* diagonal of P; limit 500 m, so 250000 m² */
    int want;
    double var0; /* largest position variance at birth (0: small) */
} sigma_table[] = {
    {"small", VG_TRACK_CONFIRMED, {100, 100, 100, 25, 25, 25}, 0, 0},
    {"east just under", VG_TRACK_CONFIRMED, {249999, 1, 1, 1, 1, 1}, 0, 0},
    {"east just over", VG_TRACK_CONFIRMED, {250001, 1, 1, 1, 1, 1}, 1, 0},
    {"north over", VG_TRACK_COASTING, {1, 260000, 1, 1, 1, 1}, 1, 0},
    {"up over", VG_TRACK_CONFIRMED, {1, 1, 1e9, 1, 1, 1}, 1, 0},
    {"velocity only is not position", VG_TRACK_CONFIRMED, {1, 1, 1, 1e9, 1e9, 1e9}, 0, 0},
    {"tentative over", VG_TRACK_TENTATIVE, {1, 1e6, 1, 1, 1, 1}, 1, 0},
    {"not a number", VG_TRACK_CONFIRMED, {NAN, 1, 1, 1, 1, 1}, 1, 0},
    {"infinite", VG_TRACK_COASTING, {1, 1, INFINITY, 1, 1, 1}, 1, 0},
    /* A triangulation 3 km out is born ~540 m wide: it lives until its sigma doubles. */
    {"tentative born wide", VG_TRACK_TENTATIVE, {291600, 250000, 1, 900, 900, 100}, 0, 291600},
    {"tentative born wide, grown 1.9x", VG_TRACK_TENTATIVE, {1052676, 1, 1, 1, 1, 1}, 0, 291600},
    {"tentative born wide, grown 2.1x", VG_TRACK_TENTATIVE, {1285956, 1, 1, 1, 1, 1}, 1, 291600},
    /* Confirmed, the limit is the limit whatever it was born as. */
    {"confirmed born wide", VG_TRACK_CONFIRMED, {291600, 1, 1, 1, 1, 1}, 1, 291600},
};

static void case_position_sigma(void)
{
    struct vg_tracker_config cfg;
    vg_tracker_config_default(&cfg);
    cfg.delete_pos_sigma_m = 500.0;
    cfg.confirm_m = 2;
    cfg.confirm_n = 3;
    for (size_t c = 0; c < sizeof sigma_table / sizeof sigma_table[0]; c++) {
        struct vg_track k;
        start(&k, sigma_table[c].status); /* one scan, no misses: nothing else deletes */
        k.var0 = sigma_table[c].var0;
        double P[VG_NX * VG_NX] = {0};
        for (int i = 0; i < VG_NX; i++)
            P[i * VG_NX + i] = sigma_table[c].var[i];
        int got = vg__delete_check(&cfg, &k, P, 1);
        if (got != sigma_table[c].want)
            fprintf(stderr, "  case '%s'\n", sigma_table[c].name);
        CHECK_INT(got, sigma_table[c].want);
        /* The same when no sensor looked: a track out of every sensor's cover still ends
         * once its uncertainty has grown past the limit. */
        CHECK_INT(vg__delete_check(&cfg, &k, P, 0), sigma_table[c].want);
    }
}

int main(void)
{
    RUN(case_tentative_truth_table);
    RUN(case_tentative_sweep);
    RUN(case_tentative_never_located_twice);
    RUN(case_confirmed_misses);
    RUN(case_position_sigma);
    return test_report();
}
