/* SPDX-License-Identifier: MIT */
/* test_classify.c — the per-track classifier on synthetic tracks: each feature's likelihood
 * points the right way, whole tracks get the right label (a 45 m/s straight track is a
 * drone, an 8 m/s wandering one a bird, 70 m/s at 600 m an aircraft), forgetting lets a
 * mislabelled track recover, an RF drone link is strong evidence and its absence none, a
 * sensor's class hint counts with its confusion, and the result does not depend on the
 * update rate. Tracks are flown in 0.05 s steps and reported with estimation noise
 * (position σ 10 m, velocity σ 2 m/s), as a tracker would give them. */
#include "test.h"

#include "base/rng.h"
#include "identify/classify.h"
#include "identify/internal.h"

#define PI 3.14159265358979323846

/* A flyer: heading and speed follow scripted functions of time. */
struct flyer {
    double pos[3], hdg, speed, vz;
    double turn_amp, turn_period_s; /* heading wander: hdg' = amp·sin(2πt/period) */
    double t;
};

static void fly(struct flyer *f, double t_to)
{
    while (f->t < t_to - 1e-9) {
        double dt = fmin(0.05, t_to - f->t);
        if (f->turn_amp > 0)
            f->hdg += dt * f->turn_amp * sin(2 * PI * f->t / f->turn_period_s);
        f->pos[0] += dt * f->speed * sin(f->hdg);
        f->pos[1] += dt * f->speed * cos(f->hdg);
        f->pos[2] += dt * f->vz;
        f->t += dt;
    }
}

/* x with tracker-like noise: position σ 10 m, velocity σ 2 m/s. */
static void observe(const struct flyer *f, struct vg_rng *rng, double x[6])
{
    double v[3] = {f->speed * sin(f->hdg), f->speed * cos(f->hdg), f->vz};
    for (int i = 0; i < 3; i++) {
        x[i] = f->pos[i] + 10.0 * vg_rng_normal(rng);
        x[3 + i] = v[i] + 2.0 * vg_rng_normal(rng);
    }
}

/* Flies f to t_end, classifying every dt; returns the last label. */
static int track(const struct vg_classifier *c, struct vg_class_state *st, struct flyer *f,
                 struct vg_rng *rng, double t_end, double dt)
{
    double x[6];
    for (double t = f->t + dt; t <= t_end + 1e-9; t += dt) {
        fly(f, t);
        observe(f, rng, x);
        CHECK(vg_classify_state(c, st, t, x, NULL) == 0);
    }
    return vg_class_best(st, NULL);
}

static struct flyer straight(double speed, double height)
{
    struct flyer f = {{-2000, 0, height}, 1.0, speed, 0, 0, 1, 0};
    return f;
}

static struct flyer wanderer(double speed, double height)
{
    struct flyer f = {{0, 0, height}, 0.3, speed, 0, 0.5, 12.0, 0}; /* ±~55° swings */
    return f;
}

static void likelihoods_point_the_right_way(void)
{
    double ll[VG_CLASS_NHYP];
    vg__lik_speed(45, 2, 0.0, ll);
    CHECK(ll[VG_CLASS_DRONE] > ll[VG_CLASS_BIRD] + 1.5 && ll[VG_CLASS_DRONE] > ll[VG_CLASS_AIRCRAFT]);
    vg__lik_speed(8, 2, 0.0, ll);
    CHECK(ll[VG_CLASS_BIRD] > ll[VG_CLASS_DRONE] + 0.5 && ll[VG_CLASS_BIRD] > ll[0] + 2);
    vg__lik_speed(70, 2, 0.0, ll);
    CHECK(ll[VG_CLASS_AIRCRAFT] > ll[VG_CLASS_DRONE] + 2);
    vg__lik_speed(8, 30, 0.0, ll); /* a new track's velocity: nearly no evidence */
    CHECK(fabs(ll[VG_CLASS_BIRD] - ll[VG_CLASS_DRONE]) < 0.7);
    vg__lik_height(600, 10, ll);
    CHECK(ll[VG_CLASS_AIRCRAFT] > ll[VG_CLASS_DRONE] + 1);
    CHECK(ll[VG_CLASS_AIRCRAFT] > ll[VG_CLASS_BIRD]);
    vg__lik_height(80, 10, ll);
    CHECK(ll[VG_CLASS_DRONE] > ll[VG_CLASS_AIRCRAFT] + 2);
    vg__lik_climb(-25, 2, 0.0, ll); /* a terminal dive */
    CHECK(ll[VG_CLASS_DRONE] > ll[VG_CLASS_BIRD] + 1.5 && ll[VG_CLASS_DRONE] > ll[VG_CLASS_AIRCRAFT]);
    vg__lik_climb(0.5, 1, 0.0, ll);
    CHECK(ll[VG_CLASS_BIRD] > ll[VG_CLASS_DRONE]);
    /* A young track's velocity may be two birds' plots paired: the outlier model bounds what
     * one observation can say. 55 m/s and a 27 m/s dive from a first update (ε = ½) say
     * "drone" at under 8:1 together; the same from an old track (ε = 2 %) at over 400:1. */
    double young = 0.0, old = 0.0;
    vg__lik_speed(55, 7, 0.5, ll);
    young += ll[VG_CLASS_DRONE] - ll[VG_CLASS_BIRD];
    vg__lik_climb(-27, 3, 0.5, ll);
    young += ll[VG_CLASS_DRONE] - ll[VG_CLASS_BIRD];
    vg__lik_speed(55, 7, 0.02, ll);
    old += ll[VG_CLASS_DRONE] - ll[VG_CLASS_BIRD];
    vg__lik_climb(-27, 3, 0.02, ll);
    old += ll[VG_CLASS_DRONE] - ll[VG_CLASS_BIRD];
    fprintf(stderr, "  55 m/s diving at 27 m/s, drone:bird: young track %.1f:1, old %.0f:1\n",
            exp(young), exp(old));
    CHECK(young > 0.0 && young < log(8.0));
    CHECK(old > log(400.0));
    /* ε = 1: the velocity says nothing at all. */
    vg__lik_speed(55, 7, 1.0, ll);
    CHECK_NEAR(ll[VG_CLASS_DRONE], ll[VG_CLASS_BIRD], 1e-12);
    vg__lik_heading(0.3, 0.01, ll); /* wandering */
    CHECK(ll[VG_CLASS_BIRD] > ll[VG_CLASS_DRONE] + 1);
    vg__lik_heading(0.01, 0.01, ll); /* straight: only a weak cue */
    CHECK(ll[VG_CLASS_DRONE] > ll[VG_CLASS_BIRD] && ll[VG_CLASS_DRONE] < ll[VG_CLASS_BIRD] + 1);
    vg__lik_rcs(-15, NAN, ll);
    CHECK(ll[VG_CLASS_DRONE] > ll[VG_CLASS_BIRD] && ll[VG_CLASS_DRONE] > ll[VG_CLASS_AIRCRAFT]);
    vg__lik_rcs(-28, NAN, ll);
    CHECK(ll[VG_CLASS_BIRD] > ll[VG_CLASS_DRONE]);
    vg__lik_rcs(8, NAN, ll);
    CHECK(ll[VG_CLASS_AIRCRAFT] > ll[VG_CLASS_DRONE] + 3);
    CHECK(vg__lik_hint(VG_CLASS_UNKNOWN, 0.9, 0.8, ll) == -1);
    CHECK(vg__lik_hint(VG_CLASS_BIRD, 1.0, 0.8, ll) == 0);
    CHECK(isfinite(ll[VG_CLASS_DRONE]) && ll[VG_CLASS_BIRD] > ll[VG_CLASS_DRONE]);
    CHECK(vg__lik_emitter(VG_EMITTER_NONE, 20, ll) == -1);
    CHECK(vg__lik_emitter(VG_EMITTER_DRONE_LINK, 20, ll) == 0);
    CHECK_NEAR(ll[VG_CLASS_DRONE] - ll[VG_CLASS_BIRD], log(20.0), 1e-12);
}

static void whole_tracks_get_their_class(void)
{
    struct vg_classifier c;
    vg_classifier_default(&c);
    struct vg_rng rng;
    vg_rng_seed(&rng, 7);
    struct vg_class_state st;
    double p;

    struct flyer fpv = straight(45, 80);
    vg_class_state_init(&st, &c);
    CHECK_INT(track(&c, &st, &fpv, &rng, 30, 1.0), VG_CLASS_DRONE);
    CHECK_INT(vg_class_best(&st, &p), VG_CLASS_DRONE);
    CHECK(p > 0.95);

    struct flyer bird = wanderer(8, 50);
    vg_class_state_init(&st, &c);
    CHECK_INT(track(&c, &st, &bird, &rng, 30, 1.0), VG_CLASS_BIRD);
    vg_class_best(&st, &p);
    CHECK(p > 0.9);

    struct flyer plane = straight(70, 600);
    vg_class_state_init(&st, &c);
    CHECK_INT(track(&c, &st, &plane, &rng, 30, 1.0), VG_CLASS_AIRCRAFT);
    vg_class_best(&st, &p);
    CHECK(p > 0.9);

    /* An FPV's terminal dive (45 m/s along track, sinking 25 m/s) stays a drone. */
    vg_class_state_init(&st, &c);
    fpv = straight(45, 80);
    track(&c, &st, &fpv, &rng, 20, 1.0);
    fpv.vz = -25;
    CHECK_INT(track(&c, &st, &fpv, &rng, 23, 1.0), VG_CLASS_DRONE);

    double pr[VG_CLASS_COUNT], sum = 0;
    vg_class_probs(&st, pr);
    for (int k = 0; k < VG_CLASS_COUNT; k++)
        sum += pr[k];
    CHECK_NEAR(sum, 1.0, 1e-12);
    CHECK(pr[VG_CLASS_PERSON] == 0 && pr[VG_CLASS_VEHICLE] == 0);
}

/* Seconds from the switch until a bird-like track flying off at 45 m/s reads drone. */
static double recovery_s(double tau_s, double llr_max)
{
    struct vg_classifier c;
    vg_classifier_default(&c);
    c.tau_s = tau_s;
    c.llr_max = llr_max;
    struct vg_rng rng;
    vg_rng_seed(&rng, 11);
    struct vg_class_state st;
    vg_class_state_init(&st, &c);
    struct flyer f = wanderer(8, 60);
    CHECK_INT(track(&c, &st, &f, &rng, 120, 1.0), VG_CLASS_BIRD);
    f.turn_amp = 0;
    f.speed = 45; /* a track swap, or a drone that loitered like a bird */
    double x[6];
    for (double t = 121; t <= 240; t += 1) {
        fly(&f, t);
        observe(&f, &rng, x);
        vg_classify_state(&c, &st, t, x, NULL);
        if (vg_class_best(&st, NULL) == VG_CLASS_DRONE)
            return t - 120;
    }
    return INFINITY;
}

static void forgetting_lets_a_mislabelled_track_recover(void)
{
    double both = recovery_s(20, 12), bound = recovery_s(1e9, 12);
    double forget = recovery_s(20, 100), neither = recovery_s(1e9, 100);
    fprintf(stderr, "  recovery after 120 s as a bird: %.0f s (defaults: tau 20 s, bound 12), "
            "%.0f s (bound alone), %.0f s (forgetting alone), %.0f s (neither)\n",
            both, bound, forget, neither);
    CHECK(both <= 6);
    CHECK(forget <= 10);
    CHECK(neither > 2 * forget);
}

static void an_emitter_is_strong_evidence_and_its_absence_none(void)
{
    struct vg_classifier c;
    vg_classifier_default(&c);
    struct vg_rng rng;
    vg_rng_seed(&rng, 3);
    struct vg_class_state st, ref;
    /* 12 m/s at 60 m, straight: a slow drone or a bird. */
    struct flyer f = straight(12, 60), g = f;
    vg_class_state_init(&st, &c);
    vg_class_state_init(&ref, &c);
    struct vg_rng rng2 = rng;
    track(&c, &st, &f, &rng, 20, 1.0);
    track(&c, &ref, &g, &rng2, 20, 1.0);
    CHECK_INT(vg_class_best(&st, NULL), VG_CLASS_BIRD);

    struct vg_detection det;
    memset(&det, 0, sizeof det);
    det.t = 20; /* an RF bearing with nothing in it, then one with no emitter field */
    CHECK(vg_classify_report(&c, &st, &det, VG_EMITTER_NONE, NAN) == 0);
    CHECK(memcmp(st.l, ref.l, sizeof st.l) == 0);

    /* Six seconds of a direction finder hearing ELRS outweigh the kinematics, which hold
     * bird at the bound (12 nats: ln 20 ≈ 3 nats per report). */
    for (int k = 0; k < 6; k++) {
        det.t = 20.5 + k;
        CHECK(vg_classify_report(&c, &st, &det, vg_emitter_from_link("elrs"), NAN) == 0);
    }
    double p;
    CHECK_INT(vg_class_best(&st, &p), VG_CLASS_DRONE);
    CHECK(p > 0.9);
    /* Silence afterwards is no evidence, but the link's evidence fades (tau 20 s). */
    track(&c, &st, &f, &rng, 90, 1.0);
    CHECK_INT(vg_class_best(&st, NULL), VG_CLASS_BIRD);

    CHECK_INT(vg_emitter_from_link(NULL), VG_EMITTER_NONE);
    CHECK_INT(vg_emitter_from_link(""), VG_EMITTER_NONE);
    CHECK_INT(vg_emitter_from_link("analog-video"), VG_EMITTER_DRONE_LINK);
    CHECK_INT(vg_emitter_from_link("dji-ocusync"), VG_EMITTER_DRONE_LINK);
    CHECK_INT(vg_emitter_from_link("ads-b"), VG_EMITTER_OTHER);
}

static void class_hints_count_with_their_confusion(void)
{
    struct vg_classifier c;
    vg_classifier_default(&c);
    struct vg_rng rng;
    vg_rng_seed(&rng, 5);
    struct vg_class_state st;
    struct vg_detection det;
    memset(&det, 0, sizeof det);
    det.flags = VG_DET_HAS_HINT;

    /* A fast FPV that a micro-Doppler classifier calls a bird at p = 0.6: still a drone. */
    struct flyer f = straight(45, 80);
    vg_class_state_init(&st, &c);
    for (int t = 1; t <= 20; t++) {
        track(&c, &st, &f, &rng, t, 1.0);
        det.t = t;
        det.class_hint = VG_CLASS_BIRD;
        det.class_p = 0.6f;
        CHECK(vg_classify_report(&c, &st, &det, 0, NAN) == 0);
    }
    CHECK_INT(vg_class_best(&st, NULL), VG_CLASS_DRONE);

    /* At the prior: a confident drone hint moves it, a weak one barely. */
    double p0[VG_CLASS_COUNT], p1[VG_CLASS_COUNT], p2[VG_CLASS_COUNT];
    vg_class_state_init(&st, &c);
    vg_class_probs(&st, p0);
    struct vg_class_state weak = st;
    det.t = 10;
    det.class_hint = VG_CLASS_DRONE;
    det.class_p = 0.95f;
    vg_classify_report(&c, &st, &det, 0, NAN);
    vg_class_probs(&st, p1);
    det.class_p = 0.2f; /* barely above a guess among 6 labels */
    vg_classify_report(&c, &weak, &det, 0, NAN);
    vg_class_probs(&weak, p2);
    fprintf(stderr, "  p(drone): prior %.2f, hint p 0.95 → %.2f, hint p 0.2 → %.2f\n",
            p0[VG_CLASS_DRONE], p1[VG_CLASS_DRONE], p2[VG_CLASS_DRONE]);
    /* By its likelihood ratios: hint_trust 0.8 makes p 0.95 a label right q = 0.79 of the
     * time; of the rest 80 % names the drone/bird partner, so drone:bird moves by
     * 0.79 / (0.21 · 0.8) ≈ 4.8 and drone:aircraft by 0.79 / (0.21 / 5) ≈ 19. */
    double db0 = p0[VG_CLASS_DRONE] / p0[VG_CLASS_BIRD];
    double db1 = p1[VG_CLASS_DRONE] / p1[VG_CLASS_BIRD];
    double da0 = p0[VG_CLASS_DRONE] / p0[VG_CLASS_AIRCRAFT];
    double da1 = p1[VG_CLASS_DRONE] / p1[VG_CLASS_AIRCRAFT];
    fprintf(stderr, "  a p 0.95 drone hint moves drone:bird x%.1f, drone:aircraft x%.1f\n",
            db1 / db0, da1 / da0);
    CHECK(db1 > 4 * db0 && db1 < 6 * db0);
    CHECK(da1 > 15 * da0 && da1 < 25 * da0);
    /* A weak one (q 0.19) names the pair: drone and bird alike, both above the rest. */
    CHECK_NEAR(p2[VG_CLASS_DRONE] / p2[VG_CLASS_BIRD], db0, 1e-6 * db0);
    CHECK(p2[VG_CLASS_DRONE] > p0[VG_CLASS_DRONE]);
    CHECK(p2[VG_CLASS_DRONE] < p0[VG_CLASS_DRONE] + 0.05);
    /* p = 1 is shrunk by hint_trust: a finite step, and repeats within report_corr_s add
     * nothing more. */
    det.t = 11;
    det.class_p = 1.0f;
    vg_classify_report(&c, &st, &det, 0, NAN);
    CHECK(isfinite(st.l[VG_CLASS_DRONE]) && isfinite(st.l[VG_CLASS_BIRD]));
    struct vg_class_state before = st;
    vg_classify_report(&c, &st, &det, 0, NAN);
    CHECK(memcmp(st.l, before.l, sizeof st.l) == 0);
    /* "unknown" says nothing; "vehicle" speaks for the remainder. */
    det.t = 12;
    before = st;
    det.class_hint = VG_CLASS_UNKNOWN;
    struct vg_class_state same = st;
    vg_classify_report(&c, &same, &det, 0, NAN);
    det.class_hint = VG_CLASS_VEHICLE;
    vg_classify_report(&c, &st, &det, 0, NAN);
    vg_class_probs(&before, p0);
    vg_class_probs(&same, p1);
    vg_class_probs(&st, p2);
    CHECK(p1[VG_CLASS_UNKNOWN] >= p0[VG_CLASS_UNKNOWN]); /* only forgetting toward the prior */
    CHECK(p2[VG_CLASS_UNKNOWN] > 10 * p1[VG_CLASS_UNKNOWN]);
}

static void rcs_separates_drone_bird_and_aircraft(void)
{
    struct vg_classifier c;
    vg_classifier_default(&c);
    struct vg_rng rng;
    vg_rng_seed(&rng, 9);
    double rcs[3] = {-15, -27, 8};
    int want[3] = {VG_CLASS_DRONE, VG_CLASS_BIRD, VG_CLASS_AIRCRAFT};
    for (int k = 0; k < 3; k++) {
        struct vg_class_state st;
        vg_class_state_init(&st, &c);
        struct flyer f = straight(20, 120); /* ambiguous kinematics */
        struct vg_detection det;
        memset(&det, 0, sizeof det);
        det.flags = VG_DET_HAS_RCS;
        for (int t = 1; t <= 20; t++) {
            track(&c, &st, &f, &rng, t, 1.0);
            det.t = t; /* Swerling I looks: exponential power about the mean */
            det.rcs_dbsm = (float)(rcs[k] + 10 * log10(-log(1 - vg_rng_uniform(&rng))));
            vg_classify_report(&c, &st, &det, 0, NAN);
        }
        CHECK_INT(vg_class_best(&st, NULL), want[k]);
    }
}

static void the_update_rate_does_not_matter(void)
{
    struct vg_classifier c;
    vg_classifier_default(&c);
    double l[2][VG_CLASS_NHYP];
    double dt[2] = {1.0, 0.1};
    for (int k = 0; k < 2; k++) {
        struct vg_rng rng;
        vg_rng_seed(&rng, 13);
        struct vg_class_state st;
        vg_class_state_init(&st, &c);
        struct flyer f = straight(18, 100); /* weakly decided: the ratio is informative */
        track(&c, &st, &f, &rng, 60, dt[k]);
        memcpy(l[k], st.l, sizeof st.l);
    }
    for (int h = 1; h < VG_CLASS_NHYP; h++) {
        fprintf(stderr, "  l[%d]: %.2f at 1 Hz, %.2f at 10 Hz\n", h, l[0][h], l[1][h]);
        CHECK_NEAR(l[0][h], l[1][h], 1.0 + 0.25 * fabs(l[0][h]));
    }
}

static void settings_and_bad_input(void)
{
    struct vg_classifier c;
    struct vg_diag d;
    vg_classifier_default(&c);
    CHECK(vg_classifier_check(&c, &d) == 0);
    const char *text = "tau_s = 5\nprior_bird = 0.5\n";
    CHECK(vg_cfg_parse(&c, vg_classifier_cfg, vg_classifier_cfg_count, "t.conf", text,
                       strlen(text), &d) == 0);
    CHECK_NEAR(c.tau_s, 5, 0);
    CHECK(vg_cfg_parse(&c, vg_classifier_cfg, vg_classifier_cfg_count, "t.conf", "g_rcs = -1",
                       10, &d) == VG_ERANGE);
    c.prior_unknown = 0;
    CHECK(vg_classifier_check(&c, &d) == VG_EINVAL);
    CHECK(strstr(d.msg, "prior_unknown") != NULL);

    vg_classifier_default(&c);
    struct vg_class_state st, before;
    vg_class_state_init(&st, &c);
    double x[6] = {0, 0, 50, 10, 0, 0}, P[36] = {0};
    CHECK(vg_classify_state(&c, &st, 1.0, x, NULL) == 0);
    before = st;
    x[3] = NAN;
    CHECK(vg_classify_state(&c, &st, 2.0, x, NULL) == VG_EINVAL);
    x[3] = 10;
    P[20] = INFINITY;
    CHECK(vg_classify_state(&c, &st, 2.0, x, P) == VG_EINVAL);
    CHECK(vg_classify_state(&c, &st, NAN, x, NULL) == VG_EINVAL);
    CHECK(memcmp(&st, &before, sizeof st) == 0);
    CHECK(vg_classify_state(&c, &st, 0.5, x, NULL) == 0); /* older: nothing */
    CHECK(memcmp(&st, &before, sizeof st) == 0);
    struct vg_detection det;
    memset(&det, 0, sizeof det);
    det.t = NAN;
    CHECK(vg_classify_report(&c, &st, &det, VG_EMITTER_DRONE_LINK, NAN) == VG_EINVAL);
}

int main(void)
{
    RUN(likelihoods_point_the_right_way);
    RUN(whole_tracks_get_their_class);
    RUN(forgetting_lets_a_mislabelled_track_recover);
    RUN(an_emitter_is_strong_evidence_and_its_absence_none);
    RUN(class_hints_count_with_their_confusion);
    RUN(rcs_separates_drone_bird_and_aircraft);
    RUN(the_update_rate_does_not_matter);
    RUN(settings_and_bad_input);
    return test_report();
}
