/* SPDX-License-Identifier: MIT */
/* test_measure.c — measurement models: known polar and bearing answers, the Jacobian against
 * central finite differences, azimuth wrapping, singular geometry and the polar → ENU round
 * trip.
 *
 * The Jacobian is the part of an EKF that is easiest to get wrong without any test noticing
 * (a filter with a slightly wrong H still converges, just inconsistently). Each analytic row
 * is compared with (h(x + δeⱼ) − h(x − δeⱼ)) / 2δ at 2,000 random states per model (10 m to
 * 10 km, any direction, above and below the sensor), δ = 10⁻⁶ of the range for positions and
 * 10⁻⁴ m/s for velocities: rounding (ε |h| / δ) and truncation (δ² h''' / 6) then stay near
 * 1e-9 of the row's largest entry, so a tolerance of 1e-6 of it catches any wrong sign or
 * missing term. Bearings (az, or az and el) share the polar model's angle rows and get the
 * same treatment, plus their own wrap across north through the updater. */
#include "test.h"

#include "base/angle.h"
#include "base/err.h"
#include "base/rng.h"
#include "track/internal.h"

static struct vg_detection polar_det(unsigned flags)
{
    struct vg_detection d;
    memset(&d, 0, sizeof d);
    d.kind = VG_DET_POLAR;
    d.flags = (uint16_t)flags;
    d.nz = (uint8_t)(2 + !!(flags & VG_DET_HAS_EL) + !!(flags & VG_DET_HAS_RR));
    double sig[4] = {5.0, 0.3 * VG_DEG, 0.3 * VG_DEG, 0.5};
    int k = 0;
    for (int i = 0; i < 4; i++) {
        if ((i == 2 && !(flags & VG_DET_HAS_EL)) || (i == 3 && !(flags & VG_DET_HAS_RR)))
            continue;
        d.R[k * d.nz + k] = sig[i] * sig[i];
        k++;
    }
    return d;
}

/* A bearing report: az (and el with VG_DET_HAS_EL), σ = 1° each. */
static struct vg_detection bearing_det(unsigned flags)
{
    struct vg_detection d;
    memset(&d, 0, sizeof d);
    d.kind = VG_DET_BEARING;
    d.flags = (uint16_t)flags;
    d.nz = (uint8_t)(1 + !!(flags & VG_DET_HAS_EL));
    for (int k = 0; k < d.nz; k++)
        d.R[k * d.nz + k] = VG_DEG * VG_DEG;
    return d;
}

static const double S0[3] = {100.0, 200.0, 10.0}; /* sensor position, ENU m */

static const struct {
    const char *name;
    double rel[3];  /* target position relative to the sensor */
    double v[3];    /* target velocity */
    double range, az_deg, el_deg, rr;
} polar_known[] = {
    {"due north, receding", {0, 1000, 0}, {0, 20, 0}, 1000, 0, 0, 20},
    {"due east, crossing", {1000, 0, 0}, {0, 15, 0}, 1000, 90, 0, 0},
    {"due south, approaching", {0, -2000, 0}, {0, 10, 0}, 2000, 180, 0, -10},
    {"due west", {-500, 0, 0}, {0, 0, 0}, 500, 270, 0, 0},
    {"north-east, 45° up", {0, 1000, 1000}, {0, 0, 7}, 1000 * 1.4142135623730951, 0, 45,
     7 / 1.4142135623730951},
    {"below the sensor", {300, 0, -300}, {0, 0, -3}, 300 * 1.4142135623730951, 90, -45,
     3 / 1.4142135623730951},
    {"3-4-12 triangle", {3, 4, 12}, {3, 4, 12}, 13, 36.86989764584402, 67.38013505195958, 13},
};

static void case_polar_known_answers(void)
{
    for (size_t c = 0; c < sizeof polar_known / sizeof polar_known[0]; c++) {
        int before = test_failures;
        struct vg_detection d = polar_det(VG_DET_HAS_EL | VG_DET_HAS_RR);
        double x[VG_NX];
        for (int i = 0; i < 3; i++) {
            x[i] = S0[i] + polar_known[c].rel[i];
            x[i + 3] = polar_known[c].v[i];
        }
        struct vg__meas m;
        CHECK_INT(vg__meas_predict(&d, S0, x, &m), 0);
        CHECK_INT(m.nz, 4);
        CHECK_NEAR(m.zhat[0], polar_known[c].range, 1e-9);
        CHECK_NEAR(m.zhat[1], polar_known[c].az_deg * VG_DEG, 1e-12);
        CHECK_NEAR(m.zhat[2], polar_known[c].el_deg * VG_DEG, 1e-12);
        CHECK_NEAR(m.zhat[3], polar_known[c].rr, 1e-9);
        if (test_failures != before)
            fprintf(stderr, "  case '%s'\n", polar_known[c].name);
    }
    /* Azimuth is reported in [0, 2π): just west of north is near 2π, not negative. */
    struct vg_detection d = polar_det(0);
    double x[VG_NX] = {S0[0] - 1.0, S0[1] + 1000.0, S0[2], 0, 0, 0};
    struct vg__meas m;
    CHECK_INT(vg__meas_predict(&d, S0, x, &m), 0);
    CHECK_INT(m.nz, 2);
    CHECK(m.zhat[1] > 1.99 * VG_PI && m.zhat[1] < 2.0 * VG_PI);
}

/* A bearing is the polar report's angles: same az and el, same Jacobian rows, no range. */
static void case_bearing_known_answers(void)
{
    for (size_t c = 0; c < sizeof polar_known / sizeof polar_known[0]; c++) {
        int before = test_failures;
        struct vg_detection dp = polar_det(VG_DET_HAS_EL), db = bearing_det(VG_DET_HAS_EL);
        struct vg_detection da = bearing_det(0);
        double x[VG_NX];
        for (int i = 0; i < 3; i++) {
            x[i] = S0[i] + polar_known[c].rel[i];
            x[i + 3] = polar_known[c].v[i];
        }
        struct vg__meas mp, mb, ma;
        CHECK_INT(vg__meas_predict(&dp, S0, x, &mp), 0);
        CHECK_INT(vg__meas_predict(&db, S0, x, &mb), 0);
        CHECK_INT(vg__meas_predict(&da, S0, x, &ma), 0);
        CHECK_INT(mb.nz, 2);
        CHECK_INT(ma.nz, 1);
        CHECK_NEAR(mb.zhat[0], polar_known[c].az_deg * VG_DEG, 1e-12);
        CHECK_NEAR(mb.zhat[1], polar_known[c].el_deg * VG_DEG, 1e-12);
        CHECK_NEAR(ma.zhat[0], polar_known[c].az_deg * VG_DEG, 1e-12);
        for (int j = 0; j < VG_NX; j++) {
            CHECK_NEAR(mb.H[j], mp.H[VG_NX + j], 0.0);
            CHECK_NEAR(mb.H[VG_NX + j], mp.H[2 * VG_NX + j], 0.0);
            CHECK_NEAR(ma.H[j], mp.H[VG_NX + j], 0.0);
            CHECK_NEAR(ma.H[VG_NX + j], 0.0, 0.0); /* rows past nz stay zero */
        }
        if (test_failures != before)
            fprintf(stderr, "  case '%s'\n", polar_known[c].name);
    }
    /* Known Jacobian: due east at 1 km, level: ∂az/∂p = [0, −1/1000, 0] (moving north turns
     * the bearing anticlockwise), ∂el/∂p = [0, 0, 1/1000]. */
    struct vg_detection d = bearing_det(VG_DET_HAS_EL);
    double x[VG_NX] = {S0[0] + 1000, S0[1], S0[2], 0, 0, 0};
    struct vg__meas m;
    CHECK_INT(vg__meas_predict(&d, S0, x, &m), 0);
    CHECK_NEAR(m.zhat[0], 0.5 * VG_PI, 1e-15);
    CHECK_NEAR(m.H[0], 0.0, 1e-18);
    CHECK_NEAR(m.H[1], -1e-3, 1e-18);
    CHECK_NEAR(m.H[2], 0.0, 0.0);
    CHECK_NEAR(m.H[6], 0.0, 1e-18);
    CHECK_NEAR(m.H[7], 0.0, 1e-18);
    CHECK_NEAR(m.H[8], 1e-3, 1e-18);
}

static void case_xyz_model(void)
{
    struct vg_detection d;
    memset(&d, 0, sizeof d);
    d.kind = VG_DET_XYZ;
    d.nz = 3;
    double x[VG_NX] = {1, -2, 3, 4, 5, 6};
    struct vg__meas m;
    CHECK_INT(vg__meas_predict(&d, S0, x, &m), 0);
    CHECK_INT(m.nz, 3);
    for (int i = 0; i < 3; i++) {
        CHECK_NEAR(m.zhat[i], x[i], 0.0);
        for (int j = 0; j < VG_NX; j++)
            CHECK_NEAR(m.H[i * VG_NX + j], i == j ? 1.0 : 0.0, 0.0);
    }
}

/* h(x) for the finite differences: the model itself (the caller wraps the azimuth
 * difference). */
static void h_of(const struct vg_detection *d, const double x[VG_NX], double z[VG_DET_NZ_MAX])
{
    struct vg__meas m;
    int rc = vg__meas_predict(d, S0, x, &m);
    CHECK_INT(rc, 0);
    memcpy(z, m.zhat, sizeof m.zhat);
}

static void case_jacobian_finite_differences(void)
{
    static const struct {
        const char *name;
        int kind;
        unsigned flags;
    } kinds[] = {{"range, azimuth", VG_DET_POLAR, 0},
                 {"range, azimuth, elevation", VG_DET_POLAR, VG_DET_HAS_EL},
                 {"range, azimuth, range rate", VG_DET_POLAR, VG_DET_HAS_RR},
                 {"range, azimuth, elevation, range rate", VG_DET_POLAR,
                  VG_DET_HAS_EL | VG_DET_HAS_RR},
                 {"bearing azimuth", VG_DET_BEARING, 0},
                 {"bearing azimuth, elevation", VG_DET_BEARING, VG_DET_HAS_EL}};
    struct vg_rng r;
    vg_rng_seed(&r, 19990401);
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        int bearing = kinds[k].kind == VG_DET_BEARING;
        struct vg_detection d = bearing ? bearing_det(kinds[k].flags) : polar_det(kinds[k].flags);
        int iaz = bearing ? 0 : 1; /* the azimuth row */
        double worst = 0.0;
        for (int trial = 0; trial < 2000; trial++) {
            double x[VG_NX];
            /* Ranges from 10 m to 10 km, any direction, above and below the sensor. */
            double range = pow(10.0, vg_rng_range(&r, 1.0, 4.0));
            double az = vg_rng_range(&r, 0, 2 * VG_PI), el = vg_rng_range(&r, -1.2, 1.2);
            x[0] = S0[0] + range * sin(az) * cos(el);
            x[1] = S0[1] + range * cos(az) * cos(el);
            x[2] = S0[2] + range * sin(el);
            for (int i = 3; i < 6; i++)
                x[i] = vg_rng_range(&r, -60.0, 60.0);
            struct vg__meas m;
            CHECK_INT(vg__meas_predict(&d, S0, x, &m), 0);
            CHECK_INT(m.nz, d.nz);
            /* Steps relative to the range keep rounding (eps |h| / step) and truncation
             * (step² h''' / 6) both well below 1e-6 of each row's scale. */
            double steps[VG_NX] = {1e-6 * range, 1e-6 * range, 1e-6 * range, 1e-4, 1e-4, 1e-4};
            for (int i = 0; i < d.nz; i++) {
                double scale = 0.0;
                for (int j = 0; j < VG_NX; j++)
                    scale = fmax(scale, fabs(m.H[i * VG_NX + j]));
                for (int j = 0; j < VG_NX; j++) {
                    double xp[VG_NX], xm[VG_NX], zp[VG_DET_NZ_MAX], zm[VG_DET_NZ_MAX];
                    memcpy(xp, x, sizeof x);
                    memcpy(xm, x, sizeof x);
                    xp[j] += steps[j];
                    xm[j] -= steps[j];
                    h_of(&d, xp, zp);
                    h_of(&d, xm, zm);
                    double dz = zp[i] - zm[i];
                    if (i == iaz)
                        dz = vg_wrap_pi(dz); /* azimuth may cross north between the two */
                    double fd = dz / (2 * steps[j]), an = m.H[i * VG_NX + j];
                    double err = fabs(fd - an) / scale;
                    worst = fmax(worst, err);
                    if (!(err < 1e-6)) {
                        fprintf(stderr, "  %s: dh%d/dx%d analytic %.12g, numeric %.12g\n",
                                kinds[k].name, i, j, an, fd);
                        CHECK(err < 1e-6);
                        return;
                    }
                }
            }
        }
        fprintf(stderr, "  %-40s worst relative error %.2g\n", kinds[k].name, worst);
    }
}

static void case_azimuth_wraps_across_north(void)
{
    static const struct {
        const char *name;
        double z_deg, target_deg, want_deg;
    } wraps[] = {
        {"measured 359°, predicted 1°", 359.0, 1.0, -2.0},
        {"measured 1°, predicted 359°", 1.0, 359.0, 2.0},
        {"measured 0°, predicted 180°+ε", 0.0, 180.5, 179.5},
        {"measured 720.5°, predicted 0.5°", 720.5, 0.5, 0.0},
        {"measured −1°, predicted 1°", -1.0, 1.0, -2.0},
    };
    for (size_t c = 0; c < sizeof wraps / sizeof wraps[0]; c++) {
        struct vg_detection d = polar_det(VG_DET_HAS_EL);
        double a = wraps[c].target_deg * VG_DEG;
        double x[VG_NX] = {S0[0] + 3000 * sin(a), S0[1] + 3000 * cos(a), S0[2], 0, 0, 0};
        struct vg__meas m;
        CHECK_INT(vg__meas_predict(&d, S0, x, &m), 0);
        d.z[0] = 3000;
        d.z[1] = wraps[c].z_deg * VG_DEG;
        d.z[2] = 0;
        double y[VG_DET_NZ_MAX];
        vg__meas_innovation(&d, &m, y);
        CHECK_NEAR(y[0], 0.0, 1e-9);
        CHECK_NEAR(y[1], wraps[c].want_deg * VG_DEG, 1e-9);
        CHECK_NEAR(y[2], 0.0, 1e-12);
    }
    /* Through the updater: a 2° innovation across north is a small distance and a small
     * correction, not a 358° one. */
    struct vg_detection d = polar_det(VG_DET_HAS_EL);
    double a = 1.0 * VG_DEG;
    double x[VG_NX] = {S0[0] + 3000 * sin(a), S0[1] + 3000 * cos(a), S0[2], 0, 0, 0};
    double P[VG_NX * VG_NX] = {0};
    for (int i = 0; i < VG_NX; i++)
        P[i * VG_NX + i] = i < 3 ? 100.0 * 100.0 : 100.0;
    d.z[0] = 3000;
    d.z[1] = 359.0 * VG_DEG;
    double d2;
    CHECK_INT(vg__kf_distance(&d, S0, x, P, &d2, NULL), 0);
    CHECK(d2 < 20.0); /* 2° at 3 km is 105 m against a 100 m sigma */
    CHECK_INT(vg__kf_update(&d, S0, x, P), 0);
    CHECK(x[0] < S0[0]); /* moved west of north, towards the measurement */
    CHECK(fabs(x[0] - S0[0]) < 100.0);
}

static void case_bearing_wraps_across_north(void)
{
    static const struct {
        const char *name;
        double z_deg, target_deg, want_deg;
    } wraps[] = {
        {"measured 359°, predicted 1°", 359.0, 1.0, -2.0},
        {"measured 1°, predicted 359°", 1.0, 359.0, 2.0},
        {"measured 0.1°, predicted 359.9°", 0.1, 359.9, 0.2},
        {"measured 0°, predicted 180°+ε", 0.0, 180.5, 179.5},
        {"measured 720.5°, predicted 0.5°", 720.5, 0.5, 0.0},
        {"measured −1°, predicted 1°", -1.0, 1.0, -2.0},
    };
    for (size_t c = 0; c < sizeof wraps / sizeof wraps[0]; c++) {
        for (int el = 0; el < 2; el++) {
            struct vg_detection d = bearing_det(el ? VG_DET_HAS_EL : 0);
            double a = wraps[c].target_deg * VG_DEG;
            double x[VG_NX] = {S0[0] + 3000 * sin(a), S0[1] + 3000 * cos(a), S0[2] + 300,
                               0, 0, 0};
            struct vg__meas m;
            CHECK_INT(vg__meas_predict(&d, S0, x, &m), 0);
            d.z[0] = wraps[c].z_deg * VG_DEG;
            d.z[1] = atan2(300.0, 3000.0) + 0.01;
            double y[VG_DET_NZ_MAX];
            vg__meas_innovation(&d, &m, y);
            CHECK_NEAR(y[0], wraps[c].want_deg * VG_DEG, 1e-9);
            if (el)
                CHECK_NEAR(y[1], 0.01, 1e-12); /* elevation: a plain difference */
        }
    }
    /* Through the updater: a track at 1° seen at 359° by a 1° bearing moves west across
     * north by about the information-weighted share of the 2° (105 m at 3 km), not 358°. */
    struct vg_detection d = bearing_det(0);
    double a = 1.0 * VG_DEG;
    double x[VG_NX] = {S0[0] + 3000 * sin(a), S0[1] + 3000 * cos(a), S0[2], 0, 0, 0};
    double P[VG_NX * VG_NX] = {0};
    for (int i = 0; i < VG_NX; i++)
        P[i * VG_NX + i] = i < 3 ? 100.0 * 100.0 : 100.0;
    d.z[0] = 359.0 * VG_DEG;
    double d2, x0e = x[0];
    CHECK_INT(vg__kf_distance(&d, S0, x, P, &d2, NULL), 0);
    /* S = (100/3000)² + (1°)² rad², y = 2°: d² = 4 / (1 + (100/3000)² / (1°)²). */
    double s2 = pow(100.0 / 3000.0, 2) + VG_DEG * VG_DEG;
    CHECK_NEAR(d2, pow(2 * VG_DEG, 2) / s2, 1e-6);
    CHECK_INT(vg__kf_update(&d, S0, x, P), 0);
    CHECK(x[0] < S0[0]); /* moved to the west of north, towards the measurement */
    /* K y = P H' S⁻¹ y: across the line of sight by (100² / 3000) · 2° / S, east part cos 1°
     * (82 m of the 105 m that 2° make at 3 km: the track's 100 m against the 52 m of 1°). */
    CHECK_NEAR(x0e - x[0], 1e4 / 3000.0 * 2 * VG_DEG / s2 * cos(a), 1e-6);
    CHECK_NEAR(x[1] - S0[1], 3000 * cos(a) + 1e4 / 3000.0 * 2 * VG_DEG / s2 * sin(a), 1e-6);
}

static void case_singular_geometry(void)
{
    static const struct {
        const char *name;
        double rel[3];
        unsigned flags;
        int want;
    } geo[] = {
        {"straight above", {0, 0, 500}, VG_DET_HAS_EL, VG_ERANGE},
        {"straight above, range rate", {0, 0, 500}, VG_DET_HAS_EL | VG_DET_HAS_RR, VG_ERANGE},
        {"straight below", {0, 0, -50}, 0, VG_ERANGE},
        {"on the sensor", {0, 0, 0}, VG_DET_HAS_EL, VG_ERANGE},
        {"half a metre off the vertical", {0.3, 0.4, 800}, VG_DET_HAS_EL, VG_ERANGE},
        {"two metres off the vertical", {0, 2, 800}, VG_DET_HAS_EL, 0},
    };
    for (size_t c = 0; c < sizeof geo / sizeof geo[0]; c++) {
        struct vg_detection d = polar_det(geo[c].flags);
        double x[VG_NX] = {S0[0] + geo[c].rel[0], S0[1] + geo[c].rel[1], S0[2] + geo[c].rel[2],
                           1, 2, 3};
        struct vg__meas m;
        CHECK_INT(vg__meas_predict(&d, S0, x, &m), geo[c].want);
        double P[VG_NX * VG_NX] = {0}, x0[VG_NX], P0[VG_NX * VG_NX], d2 = -1;
        for (int i = 0; i < VG_NX; i++)
            P[i * VG_NX + i] = 25.0;
        memcpy(x0, x, sizeof x);
        memcpy(P0, P, sizeof P);
        d.z[0] = 800;
        CHECK_INT(vg__kf_distance(&d, S0, x, P, &d2, NULL), geo[c].want);
        CHECK_INT(vg__kf_update(&d, S0, x, P), geo[c].want);
        if (geo[c].want) /* an error leaves the state as it was */
            CHECK(memcmp(x, x0, sizeof x) == 0 && memcmp(P, P0, sizeof P) == 0);
    }
}

static void case_unsupported_and_malformed(void)
{
    struct vg_detection d;
    memset(&d, 0, sizeof d);
    d.kind = VG_DET_BEARING;
    d.nz = 1;
    double x[VG_NX] = {1000, 1000, 0, 0, 0, 0}, pos[3], Ppos[9];
    struct vg__meas m;
    /* A bearing has a model but no position: it has no range. */
    CHECK_INT(vg__meas_predict(&d, S0, x, &m), 0);
    CHECK_INT(vg__meas_position(&d, S0, pos, Ppos), VG_EUNSUPPORTED);
    d = bearing_det(VG_DET_HAS_EL);
    CHECK_INT(vg__meas_position(&d, S0, pos, Ppos), VG_EUNSUPPORTED);
    /* nz must match the flags; straight above the sensor has no azimuth. */
    d.nz = 1;
    CHECK_INT(vg__meas_predict(&d, S0, x, &m), VG_EINVAL);
    d = bearing_det(0);
    d.nz = 2;
    CHECK_INT(vg__meas_predict(&d, S0, x, &m), VG_EINVAL);
    d = bearing_det(VG_DET_HAS_EL);
    double above[VG_NX] = {S0[0] + 0.3, S0[1] - 0.4, S0[2] + 500, 0, 0, 0};
    CHECK_INT(vg__meas_predict(&d, S0, above, &m), VG_ERANGE);
    d.kind = VG_DET_ADSB;
    CHECK_INT(vg__meas_predict(&d, S0, x, &m), VG_EUNSUPPORTED);
    d.kind = VG_DET_SCAN;
    d.nz = 0;
    CHECK_INT(vg__meas_predict(&d, S0, x, &m), VG_EUNSUPPORTED);
    /* A polar report whose nz disagrees with its flags is rejected, not read past. */
    d = polar_det(VG_DET_HAS_EL);
    d.nz = 4;
    CHECK_INT(vg__meas_predict(&d, S0, x, &m), VG_EINVAL);
}

/* polar → ENU → h(x) gives back the measurement; the position covariance is J R J'. */
static void case_position_round_trip(void)
{
    struct vg_rng r;
    vg_rng_seed(&r, 104);
    static const unsigned flag_sets[] = {VG_DET_HAS_EL, VG_DET_HAS_EL | VG_DET_HAS_RR};
    for (size_t f = 0; f < 2; f++) {
        for (int trial = 0; trial < 1000; trial++) {
            struct vg_detection d = polar_det(flag_sets[f]);
            d.z[0] = vg_rng_range(&r, 20.0, 20000.0);
            d.z[1] = vg_rng_range(&r, 0.0, 2 * VG_PI);
            d.z[2] = vg_rng_range(&r, -0.3, 1.4);
            d.z[3] = vg_rng_range(&r, -40.0, 40.0);
            double x[VG_NX] = {0}, Ppos[9];
            CHECK_INT(vg__meas_position(&d, S0, x, Ppos), 0);
            struct vg__meas m;
            CHECK_INT(vg__meas_predict(&d, S0, x, &m), 0);
            CHECK_NEAR(m.zhat[0], d.z[0], 1e-9 * d.z[0]);
            CHECK_NEAR(vg_wrap_pi(m.zhat[1] - d.z[1]), 0.0, 1e-10);
            CHECK_NEAR(m.zhat[2], d.z[2], 1e-10);
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++)
                    CHECK_NEAR(Ppos[i * 3 + j], Ppos[j * 3 + i],
                               1e-9 * (1 + fabs(Ppos[i * 3 + j])));
        }
    }
    /* Known covariance: due north, level, R = diag(σr², σa², σe²) gives
     * Ppos = diag((r σa)², σr², (r σe)²). */
    struct vg_detection d = polar_det(VG_DET_HAS_EL);
    d.z[0] = 2000;
    double pos[3], P[9], sa = 0.3 * VG_DEG;
    CHECK_INT(vg__meas_position(&d, S0, pos, P), 0);
    CHECK_NEAR(pos[0], S0[0], 1e-9);
    CHECK_NEAR(pos[1], S0[1] + 2000, 1e-9);
    CHECK_NEAR(pos[2], S0[2], 1e-9);
    CHECK_NEAR(P[0], 2000 * 2000 * sa * sa, 1e-9);
    CHECK_NEAR(P[4], 25.0, 1e-9);
    CHECK_NEAR(P[8], 2000 * 2000 * sa * sa, 1e-9);
    CHECK_NEAR(P[1], 0.0, 1e-9);
    /* Without elevation the target is put at the sensor's height with a 10° beam sigma. */
    d = polar_det(0);
    d.z[0] = 1000;
    d.z[1] = 90 * VG_DEG;
    CHECK_INT(vg__meas_position(&d, S0, pos, P), 0);
    CHECK_NEAR(pos[0], S0[0] + 1000, 1e-9);
    CHECK_NEAR(pos[2], S0[2], 1e-9);
    CHECK_NEAR(P[8], pow(1000 * 10 * VG_DEG, 2), 1e-6);
    /* xyz: the measurement and its R, unchanged. */
    memset(&d, 0, sizeof d);
    d.kind = VG_DET_XYZ;
    d.nz = 3;
    d.z[0] = -5;
    d.z[1] = 6;
    d.z[2] = 7;
    for (int i = 0; i < 9; i++)
        d.R[i] = i + 1;
    CHECK_INT(vg__meas_position(&d, S0, pos, P), 0);
    CHECK_NEAR(pos[0], -5, 0);
    CHECK_NEAR(pos[2], 7, 0);
    for (int i = 0; i < 9; i++)
        CHECK_NEAR(P[i], i + 1, 0);
}

int main(void)
{
    RUN(case_polar_known_answers);
    RUN(case_bearing_known_answers);
    RUN(case_xyz_model);
    RUN(case_jacobian_finite_differences);
    RUN(case_azimuth_wraps_across_north);
    RUN(case_bearing_wraps_across_north);
    RUN(case_singular_geometry);
    RUN(case_unsupported_and_malformed);
    RUN(case_position_round_trip);
    return test_report();
}
