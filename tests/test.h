/* SPDX-License-Identifier: MIT */
/* test.h — the smallest test harness that does the job: named cases, checks that report
 * file:line and the values involved, a non-zero exit if anything failed.
 *
 * Usage:  static void case_x(void) { CHECK(a == b); CHECK_NEAR(x, y, 1e-9); }
 *         int main(void) { RUN(case_x); return test_report(); }
 * Tests run with the repository root as working directory; shared data is at
 * "../shared/..." (override with VIGIL_SHARED). The built `vigil` binary is $VIGIL_BIN. */
#ifndef VG_TEST_H
#define VG_TEST_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int test_failures;
static int test_checks;
static const char *test_current = "";

#define CHECK(cond)                                                                    \
    do {                                                                               \
        test_checks++;                                                                 \
        if (!(cond)) {                                                                 \
            test_failures++;                                                           \
            fprintf(stderr, "%s:%d: [%s] check failed: %s\n", __FILE__, __LINE__,       \
                    test_current, #cond);                                              \
        }                                                                              \
    } while (0)

#define CHECK_NEAR(a, b, tol)                                                          \
    do {                                                                               \
        double ca_ = (a), cb_ = (b), ct_ = (tol);                                      \
        test_checks++;                                                                 \
        if (!(fabs(ca_ - cb_) <= ct_)) {                                               \
            test_failures++;                                                           \
            fprintf(stderr, "%s:%d: [%s] %s = %.17g, %s = %.17g, |diff| %.3g > %.3g\n",  \
                    __FILE__, __LINE__, test_current, #a, ca_, #b, cb_, fabs(ca_ - cb_), \
                    ct_);                                                              \
        }                                                                              \
    } while (0)

#define CHECK_INT(a, b)                                                                \
    do {                                                                               \
        long long ca_ = (long long)(a), cb_ = (long long)(b);                          \
        test_checks++;                                                                 \
        if (ca_ != cb_) {                                                              \
            test_failures++;                                                           \
            fprintf(stderr, "%s:%d: [%s] %s = %lld, expected %s = %lld\n", __FILE__,    \
                    __LINE__, test_current, #a, ca_, #b, cb_);                         \
        }                                                                              \
    } while (0)

#define RUN(fn)                                                                        \
    do {                                                                               \
        test_current = #fn;                                                            \
        int before_ = test_failures;                                                   \
        fn();                                                                          \
        fprintf(stderr, "%-40s %s\n", #fn, test_failures == before_ ? "ok" : "FAILED");   \
    } while (0)

static inline int test_report(void)
{
    fprintf(stderr, "%d checks, %d failed\n", test_checks, test_failures);
    return test_failures ? 1 : 0;
}

/* Path of a file under ../shared (or $VIGIL_SHARED) in a static buffer. */
static inline const char *test_shared(const char *rel)
{
    static char buf[4096];
    const char *root = getenv("VIGIL_SHARED");
    snprintf(buf, sizeof buf, "%s/%s", root ? root : "../shared", rel);
    return buf;
}

#endif
