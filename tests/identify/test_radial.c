/* SPDX-License-Identifier: MIT */
/* test_radial.c — a first plot's range rate as speed evidence (vg__lik_radial in
 * likelihood.c, vg_classify_radial in classify.c).
 *
 * The model: |r| = v·|cos φ| with φ uniform, so p(|r| | c) = (2/π) ∫ p_c(v)/√(v² − r²) dv
 * over v > |r|, tabulated once. The cases: each class's table is a density on [0, ∞)
 * (integrates to 1); the closed form of the flat outlier matches the integral it stands
 * for; the evidence points the right way (a gull does not close at 45 m/s; at 8 m/s a
 * radial speed says little; only aircraft close at 100 m/s), and the outlier bounds it;
 * and through the classifier, one fast first plot makes a track lean drone. */
#include "test.h"

#include "base/angle.h"
#include "identify/internal.h"

static const char *const NAMES[VG_CLASS_NHYP] = {"unknown", "drone", "bird", "aircraft"};

static void is_a_density(void)
{
    /* Midpoint rule on 0.01 m/s steps to 400 m/s: the log singularity at 0 is floored at
     * 0.25 m/s by the table, a mass of well under 1 % for every class. The speed models
     * put a little mass below 0 m/s, which no radial speed can carry (the drone's N(8, 6):
     * 2.7 %), so a class may integrate to a little less than 1, never more. */
    double sum[VG_CLASS_NHYP] = {0};
    const double dr = 0.01;
    for (double r = 0.5 * dr; r < 400.0; r += dr) {
        double ll[VG_CLASS_NHYP];
        vg__lik_radial(r, 0.0, ll);
        for (int h = 0; h < VG_CLASS_NHYP; h++)
            sum[h] += exp(ll[h]) * dr;
    }
    fprintf(stderr, "  integral of p(|r| | c):");
    for (int h = 0; h < VG_CLASS_NHYP; h++) {
        fprintf(stderr, " %s %.4f", NAMES[h], sum[h]);
        CHECK(sum[h] > 0.96 && sum[h] < 1.01);
    }
    fprintf(stderr, "\n");
}

/* The outlier's closed form (2/π)/V·acosh(V/|r|) against (1/V)(2/π)∫ dv/√(v² − r²) over
 * (|r|, V), integrated numerically with v = |r| cosh u. */
static void outlier_closed_form(void)
{
    const double V = 150.0;
    const double rs[] = {1.0, 10.0, 45.0, 120.0};
    for (size_t i = 0; i < sizeof rs / sizeof rs[0]; i++) {
        double r = rs[i], top = acosh(V / r), n = 20000, acc = 0.0;
        for (int k = 0; k < n; k++) {
            double u = (k + 0.5) * top / n;
            acc += (r * sinh(u)) / sqrt(pow(r * cosh(u), 2) - r * r) * (top / n);
        }
        double want = (2.0 / VG_PI) / V * acc, ll[VG_CLASS_NHYP];
        vg__lik_radial(r, 1.0, ll); /* eps = 1: the outlier alone */
        for (int h = 0; h < VG_CLASS_NHYP; h++)
            CHECK_NEAR(exp(ll[h]), want, 1e-6 * want);
    }
}

static double lr(double r, int a, int b, double eps)
{
    double ll[VG_CLASS_NHYP];
    vg__lik_radial(r, eps, ll);
    return exp(ll[a] - ll[b]);
}

static void evidence_points_the_right_way(void)
{
    double fast = lr(45.0, VG_CLASS_DRONE, VG_CLASS_BIRD, 0.02);
    double slow = lr(8.0, VG_CLASS_DRONE, VG_CLASS_BIRD, 0.02);
    double jet = lr(100.0, VG_CLASS_AIRCRAFT, VG_CLASS_DRONE, 0.02);
    double sign = lr(-45.0, VG_CLASS_DRONE, VG_CLASS_BIRD, 0.02);
    double pure = lr(45.0, VG_CLASS_DRONE, VG_CLASS_BIRD, 0.0);
    fprintf(stderr, "  drone:bird at 45 m/s %.0f:1 (%.2g:1 without the outlier), at 8 m/s "
                    "%.2f:1; aircraft:drone at 100 m/s %.0f:1\n", fast, pure, slow, jet);
    CHECK(fast > 20.0);            /* a gull does not close at 45 m/s ... */
    CHECK(fast < 1000.0);          /* ... but a folded Doppler is not proof */
    CHECK(pure > 100.0 * fast);    /* the bound is the outlier's doing */
    CHECK(slow > 1.0 / 3.0 && slow < 3.0); /* any of them may close at 8 m/s */
    CHECK(jet > 3.0);
    CHECK_NEAR(sign, fast, 1e-12 * fast); /* opening or closing, the same speed */
}

static void classifier_leans_drone(void)
{
    struct vg_classifier cls;
    vg_classifier_default(&cls);
    struct vg_class_state fast, slow;
    vg_class_state_init(&fast, &cls);
    vg_class_state_init(&slow, &cls);
    CHECK_INT(vg_classify_radial(&cls, &fast, 1.0, -45.0), 0);
    CHECK_INT(vg_classify_radial(&cls, &slow, 1.0, -6.0), 0);
    double pf[VG_CLASS_COUNT], ps[VG_CLASS_COUNT];
    vg_class_probs(&fast, pf);
    vg_class_probs(&slow, ps);
    fprintf(stderr, "  after one plot at 45 m/s: drone %.2f bird %.3f; at 6 m/s: drone %.2f "
                    "bird %.2f\n", pf[VG_CLASS_DRONE], pf[VG_CLASS_BIRD], ps[VG_CLASS_DRONE],
            ps[VG_CLASS_BIRD]);
    /* The prior leans bird (most things that fly are) and the classifier tempers evidence
     * correlated in time, so the check is on the odds: one plot moves drone:bird by more
     * than 20 between closing at 45 and at 6 m/s, and past even at 45. */
    double of = pf[VG_CLASS_DRONE] / pf[VG_CLASS_BIRD];
    double os = ps[VG_CLASS_DRONE] / ps[VG_CLASS_BIRD];
    CHECK(of > 1.0);
    CHECK(of > 20.0 * os);
    CHECK_INT(vg_classify_radial(&cls, &fast, NAN, 1.0), VG_EINVAL);
    CHECK_INT(vg_classify_radial(&cls, &fast, 2.0, INFINITY), VG_EINVAL);
}

int main(void)
{
    RUN(is_a_density);
    RUN(outlier_closed_form);
    RUN(evidence_points_the_right_way);
    RUN(classifier_leans_drone);
    return test_report();
}
