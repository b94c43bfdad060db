/* SPDX-License-Identifier: MIT */
/* likelihood.c — what each class looks like: one likelihood model per feature and class.
 *
 * Every continuous model is a small mixture of Gaussians N(mean, sd), uniforms U(lo, hi) and
 * (heading only) exponentials Exp(scale) on [0, ∞). The feature's own estimation error
 * (sd s) is convolved in exactly for the Gaussian (sd → √(sd² + s²)) and uniform (difference
 * of normal CDFs) parts, and for the exponential by widening its scale by the expected noise
 * part; a noisy estimate therefore decides less. Each named class keeps a few per cent of
 * broad uniform mass — the behaviour nobody modelled (a stooping falcon, a helicopter in a
 * hover, a split radar return) — so one odd value can never give an unbounded ratio. The
 * remainder hypothesis (unknown) is flat over the physically possible range of each feature.
 *
 * The numbers, and where they come from:
 *  - Speed (3-D, over ground; the track's newest estimate). Birds: cruising airspeeds of 138
 *    species measured by tracking radar span 8–23 m/s (Alerstam et al. 2007, PLoS Biol
 *    5:e197); local flights are slower and wind adds or takes a few m/s, hence N(12, 4.5)
 *    (95 % in 3–21 m/s). Drones: camera multirotors cruise below ~20 m/s (DJI Mavic 3:
 *    21 m/s maximum) and hover, small fixed wings 15–30 m/s, FPV attack drones 30–60 m/s
 *    (DESIGN.md): N(8, 6), N(22, 6), N(45, 10), weighted toward the FPV threat this engine
 *    is built for (so a hovering track leans drone, 2.4:1 at 0 m/s). Manned aircraft: light aircraft cannot fly below stall (Cessna 172: 48 kt =
 *    25 m/s) and cruise near 120 kt = 62 m/s; faster traffic below 10,000 ft is limited to
 *    250 kt = 129 m/s; helicopters also hover (the uniform part).
 *  - Height above ground. Drones: EU open category ≤ 120 m (Reg. (EU) 2019/947, UAS.OPEN.010);
 *    FPV attack runs cruise 10–150 m. Birds: local flights mostly near the ground; nocturnal
 *    migrants have 50 % below 700 m and their 90 % quantile at 1.4–2.1 km above ground
 *    (Bruderer, Peter & Korner-Nievergelt 2018, J Ornithol 159:315). Manned aircraft: at
 *    least 150 m (500 ft) above ground outside take-off and landing (SERA.5005(f)), 300 m over
 *    towns; the uniform part is take-off, landing and helicopters.
 *  - Vertical speed (the newest estimate). Level flight, N(0, 1.5), is common to all three
 *    (drones and aircraft hold altitude on autopilot), so it says little; climbs and dives
 *    separate them. Birds: sustained climb rates of 15 migrant species averaged 0.3–1.6 m/s,
 *    at most 2.1 m/s (Hedenström & Alerstam 1992, J Exp Biol 164:19): 97 % level. Drones:
 *    camera multirotors climb and sink at up to 6–8 m/s, an FPV (thrust 4–10 times its
 *    weight) climbs out at 20 m/s and more, and its terminal dive at 25–40° and 40–55 m/s
 *    sinks at 17–35 m/s: 30 % U(−45, 30). Manned aircraft: a light aircraft climbs
 *    at ~700 ft/min = 3.6 m/s, a 3° approach at 60 m/s sinks 3.1 m/s: 35 % N(0, 5).
 *  - Heading circular variance over the window (1 − mean resultant length of the horizontal
 *    velocities: 0 straight, 1 no direction). A weak cue, and meant to be: migrating geese
 *    and eiders fly paths only 0.7–1.6 % longer than straight lines (Desholm 2003, J Avian
 *    Biol 34:155), but foraging and soaring birds wander and circle (a thermalling loop takes
 *    ~18 s: Weinzierl et al. 2016, Ecol Evol 6:8706), whereas drones fly straight or weaving
 *    legs (a ±20° weave gives a variance of ~0.03). Birds: half straight Exp(0.02), half
 *    U(0, 1); drones: Exp(0.03) with 10 % U(0, 1) (orbits, loiter). Between drone and bird
 *    the ratio stays within 5:1 either way.
 *  - RCS (dBsm, one look). Small drones −20…−10 dBsm (review: Patel, Fioranelli & Anderson
 *    2018, IET Radar Sonar Navig 12:911; five DJI, Parrot and 3DR drones measured at 24 GHz
 *    averaged −19.1…−8.1 dBsm, IEICE Commun Express 9:262, 2020); birds from sparrow to
 *    pigeon size −30…−20 dBsm at X band (measurements reviewed by Vaughn 1985, Proc IEEE
 *    73:205); light aircraft about 1 m², airliners 10–100 m² (Skolnik, Introduction to Radar
 *    Systems, Table 2.2): N(−15, 4), N(−25, 5), N(5, 6) for the mean RCS, each with
 *    3 % U(−50, 40). One look at a Swerling I target reads 2.5 dB low on average and
 *    spreads by 5.6 dB; both are convolved in. A look is reported only if it was detected:
 *    given its detection floor x₀ (rcs_floor.h), the model is the class's look density
 *    truncated there, p(x | c) / P(X > x₀ | c) — without it a weak bird far out, whose
 *    every detected look sits just above the floor, reads as a drone (measured on the
 *    dawn-birds exercise: gulls at 4.5 km reported at −17 dBsm, true −25). The remainder
 *    spans U(−100, 60): besides vehicles and ships it is the noise plot, whose "RCS" is
 *    whatever a threshold crossing at its range reads (−79 dBsm at 130 m for the exercises'
 *    radar) — a track built of such plots near the radar is nothing that flies.
 *  - Class hint: P(hint h | class c) = q if h names c, with K = 6 labels (formats.md) and
 *    q = trust·p + (1 − trust)/K: the sensor's own p, shrunk toward a guess because a
 *    classifier's stated confidence is rarely calibrated. A classifier's errors are not
 *    spread evenly over the labels: a micro-Doppler classifier (blade flash against wing
 *    beat) mistakes drones and birds for each other (Rahman & Robertson 2018, IET RSN
 *    12:1329: most of a 95 % classifier's errors are the drone/bird pair), so of a drone's
 *    or a bird's 1 − q, HINT_PARTNER goes to the other of the pair and the rest evenly to
 *    the other four labels; the remainder's and an aircraft's errors are even,
 *    (1 − q)/(K − 1). With even errors, a bird's wrong "drone" read 15:1 drone at p = 0.9;
 *    it reads 3.8:1 — three in a row from a flock over the radar (whose young track chains
 *    several birds' plots) no longer make a drone (dawn-birds, seed 11). A weak hint
 *    (q below the partner's share) says "drone or bird": even between the two. Person and vehicle
 *    hints name the remainder; an "unknown" hint says nothing.
 *  - Radial speed (one Doppler plot: the range rate r, before a track has a velocity). Its
 *    object flies at speed v, horizontally in a direction uniform to the radar's line of
 *    sight (low elevations), so r = v cos φ and |r| has density (2/π)/√(v² − r²) on
 *    [0, v): p(|r| | c) = ∫ p_c(v) (2/π)/√(v² − r²) dv over v > |r|, which v = |r| cosh u
 *    makes smooth: (2/π) ∫₀^∞ p_c(|r| cosh u) du. The speed models above, tabulated once
 *    (Simpson's rule, RADIAL_STEPS on u up to SPEED_TOP) on a 0.5 m/s grid. A radial speed
 *    is at most the speed, so it can only rule slow classes out: a gull (95 % below
 *    21 m/s) does not close at 45 m/s. The outlier model of speed (a folded or wrong
 *    Doppler) bounds the ratio.
 *  - Emitter: a drone control or video link associated with the track is lr times more
 *    likely from a drone than from anything else (a bearing crossing a bird is the usual
 *    false association); any other emitter makes a bird 3 times less likely. */
#include "identify/internal.h"

#include <math.h>
#include <pthread.h>

#include "base/angle.h"

enum { GAU = 1, UNI, EXPO };

struct comp {
    int kind;    /* GAU, UNI, EXPO; 0: unused slot */
    double w;    /* weight; a model's weights sum to 1 */
    double a, b; /* GAU: mean, sd; UNI: lo, hi; EXPO: scale, unused */
};

#define NCOMP 4
struct model {
    struct comp c[NCOMP];
};

/* Indexed by enum vg_class: unknown, drone, bird, aircraft. */
static const struct model SPEED[VG_CLASS_NHYP] = {
    {{{UNI, 1.0, 0.0, 350.0}}},
    {{{GAU, 0.30, 8.0, 6.0}, {GAU, 0.15, 22.0, 6.0}, {GAU, 0.50, 45.0, 10.0},
      {UNI, 0.05, 0.0, 120.0}}},
    {{{GAU, 0.95, 12.0, 4.5}, {UNI, 0.05, 0.0, 40.0}}},
    {{{UNI, 0.15, 0.0, 80.0}, {GAU, 0.55, 65.0, 15.0}, {GAU, 0.30, 140.0, 50.0}}},
};

static const struct model HEIGHT[VG_CLASS_NHYP] = {
    {{{UNI, 1.0, -50.0, 5000.0}}},
    {{{GAU, 0.80, 60.0, 45.0}, {UNI, 0.20, 0.0, 1000.0}}},
    {{{GAU, 0.60, 50.0, 50.0}, {UNI, 0.40, 0.0, 2000.0}}},
    {{{GAU, 0.75, 900.0, 500.0}, {UNI, 0.25, 0.0, 3000.0}}},
};

static const struct model CLIMB[VG_CLASS_NHYP] = {
    {{{UNI, 1.0, -60.0, 60.0}}},
    {{{GAU, 0.70, 0.0, 1.5}, {UNI, 0.30, -45.0, 30.0}}},
    {{{GAU, 0.97, 0.0, 1.5}, {UNI, 0.03, -40.0, 15.0}}},
    {{{GAU, 0.60, 0.0, 1.5}, {GAU, 0.35, 0.0, 5.0}, {UNI, 0.05, -30.0, 30.0}}},
};

static const struct model HEADING[VG_CLASS_NHYP] = {
    {{{UNI, 1.0, 0.0, 1.0}}},
    {{{EXPO, 0.90, 0.03, 0.0}, {UNI, 0.10, 0.0, 1.0}}},
    {{{EXPO, 0.50, 0.02, 0.0}, {UNI, 0.50, 0.0, 1.0}}},
    {{{EXPO, 0.90, 0.02, 0.0}, {UNI, 0.10, 0.0, 1.0}}},
};

static const struct model RCS[VG_CLASS_NHYP] = {
    {{{UNI, 1.0, -100.0, 60.0}}},
    {{{GAU, 0.97, -15.0, 4.0}, {UNI, 0.03, -50.0, 40.0}}},
    {{{GAU, 0.97, -25.0, 5.0}, {UNI, 0.03, -50.0, 40.0}}},
    {{{GAU, 0.97, 5.0, 6.0}, {UNI, 0.03, -50.0, 40.0}}},
};

/* One look at a Swerling I target: power X·σ̄ with X exponential (mean 1), so in dB the
 * look is the mean RCS plus 10·log10 X: mean −10·γ/ln 10 = −2.51 dB (γ Euler's constant)
 * and sd (10/ln 10)·π/√6 = 5.57 dB. */
#define SWERLING1_DB_MEAN (-2.51)
#define SWERLING1_DB_SD 5.57
#define HINT_LABELS 6        /* drone, bird, aircraft, person, vehicle, unknown */
#define HINT_PARTNER 0.8     /* share of a drone's or bird's errors that name the other */
#define OTHER_EMITTER_LR 3.0

static const double SQRT2 = 1.4142135623730951;
static const double INV_SQRT_2PI = 0.3989422804014327;

static double normal_cdf(double z)
{
    return 0.5 * erfc(-z / SQRT2);
}

/* Density of one component at x, with the feature's error sd s convolved in. */
static double comp_pdf(const struct comp *c, double x, double s)
{
    switch (c->kind) {
    case GAU: {
        double sd = sqrt(c->b * c->b + s * s), z = (x - c->a) / sd;
        return INV_SQRT_2PI / sd * exp(-0.5 * z * z);
    }
    case UNI:
        /* More than 8 sd from both edges the blur changes nothing (Φ(−8) ≈ 6e−16): two
         * erfc() calls saved in the common case. */
        if (s <= 0.0 || (x - c->a > 8.0 * s && c->b - x > 8.0 * s) || c->a - x > 8.0 * s ||
            x - c->b > 8.0 * s)
            return x >= c->a && x <= c->b ? 1.0 / (c->b - c->a) : 0.0;
        return (normal_cdf((x - c->a) / s) - normal_cdf((x - c->b) / s)) / (c->b - c->a);
    case EXPO: {
        double sc = c->a + s;
        return x < 0.0 ? 0.0 : exp(-x / sc) / sc;
    }
    default:
        return 0.0;
    }
}

/* P(X > x) for one component with error sd s convolved in. Uniform: with G(z) = zΦ(z) + φ(z),
 * P(U + N > x) = s/(b − a) · [G((b − x)/s) − G((a − x)/s)] (integrate Φ((u − x)/s) over u). */
static double comp_sf(const struct comp *c, double x, double s)
{
    switch (c->kind) {
    case GAU:
        return normal_cdf(-(x - c->a) / sqrt(c->b * c->b + s * s));
    case UNI: {
        if (s <= 0.0)
            return x <= c->a ? 1.0 : x >= c->b ? 0.0 : (c->b - x) / (c->b - c->a);
        double zb = (c->b - x) / s, za = (c->a - x) / s;
        double gb = zb * normal_cdf(zb) + INV_SQRT_2PI * exp(-0.5 * zb * zb);
        double ga = za * normal_cdf(za) + INV_SQRT_2PI * exp(-0.5 * za * za);
        return s / (c->b - c->a) * (gb - ga);
    }
    case EXPO: {
        double sc = c->a + s;
        return x <= 0.0 ? 1.0 : exp(-x / sc);
    }
    default:
        return 0.0;
    }
}

/* The smallest density a model may return, so that log() stays finite; far below any
 * floor component's density (≥ 0.03/350). */
#define PDF_FLOOR 1e-12

/* One class's mixture at x, with error sd s: its density (sf 0) or survival P(X > x) (1). */
static double mix(const struct model *m, double x, double s, int sf)
{
    double p = 0.0;
    for (int k = 0; k < NCOMP; k++)
        if (m->c[k].kind)
            p += m->c[k].w * (sf ? comp_sf(&m->c[k], x, s) : comp_pdf(&m->c[k], x, s));
    return p;
}

static void eval(const struct model m[VG_CLASS_NHYP], double x, double s,
                 double out[VG_CLASS_NHYP])
{
    for (int h = 0; h < VG_CLASS_NHYP; h++) {
        double p = mix(&m[h], x, s, 0);
        out[h] = log(p > PDF_FLOOR ? p : PDF_FLOOR);
    }
}

/* The outlier model's flat densities: speeds 0..150 m/s, vertical speeds ±60 m/s (what a
 * pairing of two unrelated plots a second apart near a radar typically yields). */
#define OUTLIER_SPEED_MAX 150.0
#define OUTLIER_CLIMB_MAX 60.0

/* log p → log((1 − eps)·p + eps·flat). */
static void contaminate(double out[VG_CLASS_NHYP], double eps, double flat)
{
    if (!(eps > 0.0))
        return;
    eps = eps < 1.0 ? eps : 1.0;
    for (int h = 0; h < VG_CLASS_NHYP; h++)
        out[h] = log((1.0 - eps) * exp(out[h]) + eps * flat);
}

void vg__lik_speed(double v, double sd, double eps, double out[VG_CLASS_NHYP])
{
    eval(SPEED, v, sd, out);
    contaminate(out, eps, v >= 0.0 && v <= OUTLIER_SPEED_MAX ? 1.0 / OUTLIER_SPEED_MAX : 0.0);
}

/* The radial-speed table: log p(|r| | c) at |r| = k·RADIAL_DR, k < RADIAL_N. */
#define RADIAL_DR 0.5
#define RADIAL_N 801      /* 0 .. 400 m/s = SPEED_TOP: beyond, the last (≈ 0) */
#define RADIAL_MIN 0.25   /* |r| below: taken as this (the density grows as log(1/|r|)) */
#define RADIAL_STEPS 256  /* Simpson intervals on u */
#define SPEED_TOP 400.0   /* above every speed model's mass */

static double radial_tab[RADIAL_N][VG_CLASS_NHYP];
static pthread_once_t radial_once = PTHREAD_ONCE_INIT;

static void radial_build(void)
{
    for (int i = 0; i < RADIAL_N; i++) {
        double r = i * RADIAL_DR;
        r = r > RADIAL_MIN ? r : RADIAL_MIN;
        double top = acosh(SPEED_TOP / r), du = top / RADIAL_STEPS;
        for (int h = 0; h < VG_CLASS_NHYP; h++) {
            double acc = mix(&SPEED[h], r, 0.0, 0) + mix(&SPEED[h], r * cosh(top), 0.0, 0);
            for (int k = 1; k < RADIAL_STEPS; k++)
                acc += (k & 1 ? 4.0 : 2.0) * mix(&SPEED[h], r * cosh(k * du), 0.0, 0);
            radial_tab[i][h] = (2.0 / VG_PI) * acc * du / 3.0;
        }
    }
}

void vg__lik_radial(double rr, double eps, double out[VG_CLASS_NHYP])
{
    pthread_once(&radial_once, radial_build);
    double x = fabs(rr) / RADIAL_DR;
    int i = x < RADIAL_N - 1 ? (int)x : RADIAL_N - 2;
    double f = x - i < 1.0 ? x - i : 1.0; /* past the table: its last entry */
    /* The outlier: a radial speed of a flat speed on 0..OUTLIER_SPEED_MAX, by the same
     * integral in closed form: (2/π)/V · acosh(V/|r|). */
    double r = fabs(rr) > RADIAL_MIN ? fabs(rr) : RADIAL_MIN;
    double flat = r < OUTLIER_SPEED_MAX
                      ? (2.0 / VG_PI) / OUTLIER_SPEED_MAX * acosh(OUTLIER_SPEED_MAX / r)
                      : 0.0;
    eps = eps > 0.0 ? (eps < 1.0 ? eps : 1.0) : 0.0;
    for (int h = 0; h < VG_CLASS_NHYP; h++) {
        double p = (1.0 - f) * radial_tab[i][h] + f * radial_tab[i + 1][h];
        p = (1.0 - eps) * p + eps * flat;
        out[h] = log(p > PDF_FLOOR ? p : PDF_FLOOR);
    }
}

void vg__lik_height(double h, double sd, double out[VG_CLASS_NHYP])
{
    eval(HEIGHT, h, sd, out);
}

void vg__lik_climb(double vz, double sd, double eps, double out[VG_CLASS_NHYP])
{
    eval(CLIMB, vz, sd, out);
    contaminate(out, eps,
                fabs(vz) <= OUTLIER_CLIMB_MAX ? 0.5 / OUTLIER_CLIMB_MAX : 0.0);
}

void vg__lik_heading(double var, double noise, double out[VG_CLASS_NHYP])
{
    eval(HEADING, var, noise, out);
}

void vg__lik_rcs(double rcs_dbsm, double floor_dbsm, double out[VG_CLASS_NHYP])
{
    eval(RCS, rcs_dbsm - SWERLING1_DB_MEAN, SWERLING1_DB_SD, out);
    if (!isfinite(floor_dbsm) || floor_dbsm > rcs_dbsm)
        return;
    for (int h = 0; h < VG_CLASS_NHYP; h++) {
        double sf = mix(&RCS[h], floor_dbsm - SWERLING1_DB_MEAN, SWERLING1_DB_SD, 1);
        out[h] -= log(sf > PDF_FLOOR ? sf : PDF_FLOOR);
    }
}

/* The drone/bird partner of a class, or −1. */
static int partner(int c)
{
    return c == VG_CLASS_DRONE ? VG_CLASS_BIRD : c == VG_CLASS_BIRD ? VG_CLASS_DRONE : -1;
}

int vg__lik_hint(int hint, double p, double trust, double out[VG_CLASS_NHYP])
{
    if (hint <= VG_CLASS_UNKNOWN || hint >= VG_CLASS_COUNT || !(p == p))
        return -1;
    p = p < 0.0 ? 0.0 : p > 1.0 ? 1.0 : p;
    double q = trust * p + (1.0 - trust) / HINT_LABELS;
    int named = hint <= VG_CLASS_AIRCRAFT ? hint : VG_CLASS_UNKNOWN; /* person, vehicle */
    for (int h = 0; h < VG_CLASS_NHYP; h++) {
        double l;
        if (h == named)
            l = q;
        else if (partner(h) < 0)
            l = (1.0 - q) / (HINT_LABELS - 1);
        else if (partner(h) == hint) /* a weak hint names the pair, not the other one */
            l = fmin((1.0 - q) * HINT_PARTNER, q);
        else
            l = (1.0 - q) * (1.0 - HINT_PARTNER) / (HINT_LABELS - 2);
        out[h] = log(l);
    }
    return 0;
}

int vg__lik_emitter(int emitter, double lr, double out[VG_CLASS_NHYP])
{
    for (int h = 0; h < VG_CLASS_NHYP; h++)
        out[h] = 0.0;
    if (emitter == VG_EMITTER_DRONE_LINK)
        out[VG_CLASS_DRONE] = log(lr);
    else if (emitter == VG_EMITTER_OTHER)
        out[VG_CLASS_BIRD] = -log(OTHER_EMITTER_LR);
    else
        return -1;
    return 0;
}
