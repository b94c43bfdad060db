/* SPDX-License-Identifier: MIT */
/* test_assign.c — the assignment solver against exhaustive search and known answers. */
#include <math.h>

#include "base/assign.h"
#include "base/err.h"
#include "base/rng.h"
#include "test.h"

#define MAXN 7

/* Exhaustive minimum over all injective maps of n rows into m columns; INFINITY if none
 * avoids every +inf entry. */
static double brute(const double *c, int n, int m, int row, unsigned used)
{
    if (row == n)
        return 0.0;
    double best = INFINITY;
    for (int j = 0; j < m; j++) {
        if ((used >> j) & 1u || isinf(c[row * m + j]))
            continue;
        double rest = brute(c, n, m, row + 1, used | (1u << j));
        if (c[row * m + j] + rest < best)
            best = c[row * m + j] + rest;
    }
    return best;
}

/* 1 if row_to_col is a valid assignment (distinct columns in range), with its cost in *sum. */
static int valid(const double *c, int n, int m, const int *r2c, double *sum)
{
    unsigned used = 0;
    *sum = 0.0;
    for (int i = 0; i < n; i++) {
        if (r2c[i] < 0 || r2c[i] >= m || ((used >> r2c[i]) & 1u))
            return 0;
        used |= 1u << r2c[i];
        *sum += c[i * m + r2c[i]];
    }
    return 1;
}

static double draw(struct vg_rng *g, int mode)
{
    switch (mode) {
    case 0: /* continuous, no ties */
        return vg_rng_range(g, 0.0, 100.0);
    case 1: /* few distinct values: many ties */
        return (double)(vg_rng_next(g) % 4);
    case 2: /* ties plus forbidden pairs */
        return vg_rng_uniform(g) < 0.3 ? INFINITY : (double)(vg_rng_next(g) % 3);
    case 3: /* negative and positive, sparse forbidden pairs */
        return vg_rng_uniform(g) < 0.15 ? INFINITY : vg_rng_range(g, -50.0, 50.0);
    default: /* mostly forbidden: often infeasible */
        return vg_rng_uniform(g) < 0.6 ? INFINITY : vg_rng_range(g, 0.0, 10.0);
    }
}

static void case_random_vs_brute_force(void)
{
    struct vg_rng g;
    vg_rng_seed(&g, 20160801);
    struct vg_assign a;
    vg_assign_init(&a);
    int feasible = 0, infeasible = 0;
    for (int trial = 0; trial < 20000; trial++) {
        int n = (int)(vg_rng_next(&g) % (MAXN + 1));
        int m = n + (int)(vg_rng_next(&g) % (MAXN - n + 1));
        int mode = trial % 5;
        double c[MAXN * MAXN];
        for (int k = 0; k < n * m; k++)
            c[k] = draw(&g, mode);
        int r2c[MAXN];
        for (int i = 0; i < MAXN; i++)
            r2c[i] = -7;
        double want = brute(c, n, m, 0, 0);
        int rc = vg_assign_solve(&a, c, n, m, r2c);
        if (isinf(want)) {
            infeasible++;
            CHECK_INT(rc, VG_EINVAL);
            for (int i = 0; i < n; i++)
                CHECK_INT(r2c[i], -7); /* untouched on failure */
            continue;
        }
        feasible++;
        CHECK_INT(rc, 0);
        double got;
        CHECK(valid(c, n, m, r2c, &got));
        CHECK_NEAR(got, want, 1e-9 * (1.0 + fabs(want)));
        if (test_failures > 20)
            break;
    }
    CHECK(feasible > 10000);
    CHECK(infeasible > 500);
    vg_assign_fini(&a);
}

struct known {
    const char *name;
    int n, m;
    double c[16];
    double want;
    int r2c[4];
};

static void case_known_answers(void)
{
    const double I = INFINITY;
    static const struct known cases[] = {
        {"3x3", 3, 3, {4, 1, 3, 2, 0, 5, 3, 2, 2}, 5.0, {1, 0, 2}},
        {"2x3", 2, 3, {1, 2, 3, 2, 4, 6}, 4.0, {1, 0}},
        {"1x4 picks min", 1, 4, {5, 3, 9, 4}, 3.0, {1}},
        {"greedy is wrong", 2, 2, {1, 2, 2, 100}, 4.0, {1, 0}},
        {"forced by inf", 3, 3, {1, I, I, 1, 1, I, 1, 1, 1}, 3.0, {0, 1, 2}},
        {"negative costs", 2, 2, {-5, -1, -1, -5}, -10.0, {0, 1}},
        {"4x4 anti-diagonal", 4, 4, {9, 9, 9, 1, 9, 9, 1, 9, 9, 1, 9, 9, 1, 9, 9, 9}, 4.0,
         {3, 2, 1, 0}},
    };
    struct vg_assign a;
    vg_assign_init(&a);
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const struct known *t = &cases[k];
        test_current = t->name;
        int r2c[4];
        CHECK_INT(vg_assign_solve(&a, t->c, t->n, t->m, r2c), 0);
        double sum;
        CHECK(valid(t->c, t->n, t->m, r2c, &sum));
        CHECK_NEAR(sum, t->want, 1e-12);
        for (int i = 0; i < t->n; i++)
            CHECK_INT(r2c[i], t->r2c[i]);
    }
    test_current = "case_known_answers";
    vg_assign_fini(&a);
}

static void case_rejects(void)
{
    const double I = INFINITY;
    struct vg_assign a;
    vg_assign_init(&a);
    int r2c[3] = {-7, -7, -7};
    /* Infeasible: two rows can use only column 0; a row with no allowed column. */
    const double two_on_one[] = {1, I, 2, I};
    CHECK_INT(vg_assign_solve(&a, two_on_one, 2, 2, r2c), VG_EINVAL);
    const double dead_row[] = {I, I, I, 1, 2, 3};
    CHECK_INT(vg_assign_solve(&a, dead_row, 2, 3, r2c), VG_EINVAL);
    CHECK_INT(r2c[0], -7);
    /* n > m. */
    const double tall[] = {1, 2, 3};
    CHECK_INT(vg_assign_solve(&a, tall, 3, 1, r2c), VG_EINVAL);
    /* NaN and -inf anywhere, even where they would not be chosen. */
    const double with_nan[] = {1, 2, NAN, 0};
    CHECK_INT(vg_assign_solve(&a, with_nan, 2, 2, r2c), VG_EINVAL);
    const double with_neg_inf[] = {1, 2, 3, -I};
    CHECK_INT(vg_assign_solve(&a, with_neg_inf, 2, 2, r2c), VG_EINVAL);
    CHECK_INT(vg_assign_solve(&a, tall, -1, 2, r2c), VG_EINVAL);
    CHECK_INT(vg_assign_reserve(&a, -1, 2), VG_EINVAL);
    /* Empty problems are fine, with or without columns. */
    CHECK_INT(vg_assign_solve(&a, NULL, 0, 0, r2c), 0);
    CHECK_INT(vg_assign_solve(&a, tall, 0, 3, r2c), 0);
    CHECK_INT(r2c[0], -7);
    vg_assign_fini(&a);
    vg_assign_fini(&a); /* twice is harmless */
}

static void case_workspace_reuse(void)
{
    struct vg_assign a;
    vg_assign_init(&a);
    CHECK(a.buf == NULL);
    CHECK_INT(vg_assign_reserve(&a, 10, 20), 0);
    void *buf = a.buf;
    CHECK(buf != NULL);
    /* Smaller problems, and reserves within capacity, reuse the block. */
    const double c[] = {3, 1, 2, 1, 3, 2};
    int r2c[2];
    CHECK_INT(vg_assign_solve(&a, c, 2, 3, r2c), 0);
    CHECK_INT(r2c[0], 1);
    CHECK_INT(r2c[1], 0);
    CHECK_INT(vg_assign_reserve(&a, 10, 5), 0);
    CHECK(a.buf == buf);
    CHECK_INT(a.cap_rows, 10);
    CHECK_INT(a.cap_cols, 20);
    /* Growing one dimension keeps the other's capacity. */
    CHECK_INT(vg_assign_reserve(&a, 12, 3), 0);
    CHECK_INT(a.cap_rows, 12);
    CHECK_INT(a.cap_cols, 20);
    /* A solve larger than the capacity grows the workspace itself. */
    double big[25 * 30];
    struct vg_rng g;
    vg_rng_seed(&g, 3);
    for (int k = 0; k < 25 * 30; k++)
        big[k] = vg_rng_uniform(&g);
    int r2c_big[25];
    CHECK_INT(vg_assign_solve(&a, big, 25, 30, r2c_big), 0);
    CHECK(a.cap_rows >= 25 && a.cap_cols >= 30);
    vg_assign_fini(&a);
    CHECK(a.buf == NULL);
}

/* Larger problems, beyond brute force: the result must admit no improving exchange of two
 * rows' columns and no improving move of one row to a free column (necessary conditions). */
static void case_large_locally_optimal(void)
{
    enum { N = 40, M = 55 };
    static double c[N * M];
    struct vg_rng g;
    vg_rng_seed(&g, 99);
    struct vg_assign a;
    vg_assign_init(&a);
    for (int trial = 0; trial < 30; trial++) {
        for (int k = 0; k < N * M; k++)
            c[k] = vg_rng_uniform(&g) < 0.2 ? INFINITY : (double)(vg_rng_next(&g) % 50);
        int r2c[N];
        CHECK_INT(vg_assign_solve(&a, c, N, M, r2c), 0);
        int taken[M] = {0};
        for (int i = 0; i < N; i++) {
            CHECK(r2c[i] >= 0 && r2c[i] < M && !taken[r2c[i]]);
            taken[r2c[i]] = 1;
            CHECK(isfinite(c[i * M + r2c[i]]));
        }
        int improvable = 0;
        for (int i = 0; i < N; i++) {
            double ci = c[i * M + r2c[i]];
            for (int j = 0; j < M; j++)
                if (!taken[j] && c[i * M + j] < ci - 1e-12)
                    improvable++;
            for (int k = i + 1; k < N; k++) {
                double now = ci + c[k * M + r2c[k]];
                double swapped = c[i * M + r2c[k]] + c[k * M + r2c[i]];
                if (swapped < now - 1e-12)
                    improvable++;
            }
        }
        CHECK_INT(improvable, 0);
    }
    vg_assign_fini(&a);
}

int main(void)
{
    RUN(case_random_vs_brute_force);
    RUN(case_known_answers);
    RUN(case_rejects);
    RUN(case_workspace_reuse);
    RUN(case_large_locally_optimal);
    return test_report();
}
