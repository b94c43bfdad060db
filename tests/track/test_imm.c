/* SPDX-License-Identifier: MIT */
/* test_imm.c — the IMM against each of its models alone, on an FPV that weaves at ~3 g and
 * dives, seen by a radar; and the consistency of the coordinated-turn model alone.
 *
 * The FPV comes from the simulator's closed-form path (sim/target_fpv.c): 45 m/s at 60 m,
 * sinusoidal weave A = 15 m, T = 4.5 s (peak lateral acceleration A(2π/T)² = 29 m/s² ≈ 3 g),
 * 30° terminal dive over its last 250 m. A radar 1–2.8 km away reports range, azimuth,
 * elevation and range rate at 2 Hz. Each filter starts from the same state; position RMSE
 * is taken over all runs and steps after a 3 s settling time.
 * The claim checked: the IMM beats the best single model overall (issue 3), with a precise
 * 3-D drone radar (σ = 2.5 m, 0.15°, 0.15°, 0.3 m/s). With a coarser one (5 m, 0.3°) the
 * error is dominated by measurement noise (≈ 10 m across the beam at 2 km) and every
 * filter lands within a few per cent of the others; those numbers are printed, not tested. */
#include "test.h"

#include "base/rng.h"
#include "sim/target.h"
#include "base/chi2.h"
#include "base/mat.h"
#include "track/imm.h"

#define DEG (3.14159265358979323846 / 180.0)
#define RUNS 40
#define HZ 2.0

static struct vg_fpv_path make_path(void)
{
    struct vg_sim_fpv f;
    memset(&f, 0, sizeof f);
    snprintf(f.id, sizeof f.id, "fpv");
    f.hostile = 1;
    f.launch[0] = 2500;
    f.launch[1] = 1200;
    f.launch_s = 0;
    f.speed_mps = 45;
    f.height_m = 60;
    f.climb_deg = 20;
    f.aim[0] = 0;
    f.aim[1] = 0;
    f.aim[2] = 0;
    f.weave = VG_WEAVE_SINE;
    f.weave_amp_m = 15;
    f.weave_period_s = 4.5;
    f.dive_start_m = 250;
    f.dive_angle_deg = 30;
    f.max_g = 6;
    struct vg_fpv_path p;
    struct vg_diag why;
    int rc = vg_fpv_path_init(&p, &f, 1, &why);
    if (rc)
        fprintf(stderr, "path: %s\n", why.msg);
    CHECK_INT(rc, 0);
    return p;
}

static double g_scale = 1.0; /* scales the range and angle sigmas */

static void measure(struct vg_rng *r, const double s[3], const double pos[3],
                    const double vel[3], double t, struct vg_detection *d)
{
    const double sig[4] = {5.0 * g_scale, 0.3 * DEG * g_scale, 0.3 * DEG * g_scale, 0.3};
    double de = pos[0] - s[0], dn = pos[1] - s[1], du = pos[2] - s[2];
    double rho = hypot(de, dn), rng = hypot(rho, du);
    memset(d, 0, sizeof *d);
    d->t = t;
    d->kind = VG_DET_POLAR;
    d->nz = 4;
    d->flags = VG_DET_HAS_EL | VG_DET_HAS_RR;
    d->z[0] = rng;
    d->z[1] = atan2(de, dn);
    d->z[2] = atan2(du, rho);
    d->z[3] = (de * vel[0] + dn * vel[1] + du * vel[2]) / rng;
    for (int i = 0; i < 4; i++) {
        d->z[i] += sig[i] * vg_rng_normal(r);
        d->R[i * 4 + i] = sig[i] * sig[i];
    }
}

enum { F_CV, F_CT, F_MAN, F_IMM, NF };
static const char *names[NF] = {"CV alone", "coordinated turn alone", "manoeuvre alone", "IMM"};

/* Position RMSE of each filter; returns 1 if the IMM beat every single model. */
static int compare(double scale)
{
    g_scale = scale;
    struct vg_tracker_config cfg;
    vg_tracker_config_default(&cfg);
    struct vg_fpv_path path = make_path();
    const double s[3] = {800, -900, 10};
    double se[NF] = {0};
    long n = 0;
    struct vg_rng r;
    vg_rng_seed(&r, 2026);
    for (int run = 0; run < RUNS; run++) {
        double pos[3], vel[3];
        vg_fpv_path_eval(&path, path.t0, pos, vel, NULL);
        /* The same start for every filter: truth plus noise of its covariance. */
        double x0[6], P0[36] = {0};
        for (int i = 0; i < 3; i++) {
            x0[i] = pos[i] + 10.0 * vg_rng_normal(&r);
            x0[i + 3] = vel[i] + 5.0 * vg_rng_normal(&r);
            P0[i * 6 + i] = 100.0;
            P0[(i + 3) * 6 + i + 3] = 25.0;
        }
        double x[3][7], P[3][49];
        for (int f = 0; f < 3; f++) {
            memset(P[f], 0, sizeof P[f]);
            for (int a = 0; a < 6; a++) {
                x[f][a] = x0[a];
                for (int b = 0; b < 6; b++)
                    P[f][a * 7 + b] = P0[a * 6 + b];
            }
            x[f][6] = 0;
            P[f][48] = cfg.init_turn_sigma * cfg.init_turn_sigma;
        }
        struct vg__imm imm;
        vg__imm_start(&cfg, x0, P0, &imm);
        double t_prev = path.t0;
        for (double t = path.t0 + 1.0 / HZ; t <= path.t_end; t += 1.0 / HZ) {
            vg_fpv_path_eval(&path, t, pos, vel, NULL);
            struct vg_detection d;
            measure(&r, s, pos, vel, t, &d);
            double T = t - t_prev;
            t_prev = t;
            double xp[7], Pp[49];
            vg__cv7_predict(x[F_CV], P[F_CV], T, cfg.q_h, cfg.q_v, xp, Pp);
            CHECK(vg__kf_update_nx(&d, s, xp, Pp, 7, NULL, NULL) == 0);
            memcpy(x[F_CV], xp, sizeof xp), memcpy(P[F_CV], Pp, sizeof Pp);
            vg__ct_predict(x[F_CT], P[F_CT], T, cfg.q_ct, cfg.q_v, cfg.q_turn, xp, Pp);
            CHECK(vg__kf_update_nx(&d, s, xp, Pp, 7, NULL, NULL) == 0);
            memcpy(x[F_CT], xp, sizeof xp), memcpy(P[F_CT], Pp, sizeof Pp);
            vg__cv7_predict(x[F_MAN], P[F_MAN], T, cfg.q_manoeuvre, cfg.q_manoeuvre, xp, Pp);
            CHECK(vg__kf_update_nx(&d, s, xp, Pp, 7, NULL, NULL) == 0);
            memcpy(x[F_MAN], xp, sizeof xp), memcpy(P[F_MAN], Pp, sizeof Pp);
            struct vg__imm pr;
            vg__imm_predict(&cfg, &imm, T, &pr);
            CHECK(vg__imm_update(&d, s, &pr) == 0);
            imm = pr;
            double xc[6], Pc[36];
            vg__imm_combine(&imm, xc, Pc);
            if (t - path.t0 < 3.0)
                continue;
            const double *est[NF] = {x[F_CV], x[F_CT], x[F_MAN], xc};
            for (int f = 0; f < NF; f++)
                for (int i = 0; i < 3; i++)
                    se[f] += (est[f][i] - pos[i]) * (est[f][i] - pos[i]);
            n++;
        }
    }
    double best_single = INFINITY;
    for (int f = 0; f < NF; f++) {
        double rmse = sqrt(se[f] / (double)n);
        fprintf(stderr, "  %-24s position RMSE %.2f m\n", names[f], rmse);
        if (f != F_IMM && rmse < best_single)
            best_single = rmse;
    }
    double imm_rmse = sqrt(se[F_IMM] / (double)n);
    CHECK(isfinite(imm_rmse));
    fprintf(stderr, "  flight %.1f s, peak acceleration bound %.1f m/s², %ld samples\n",
            path.t_end - path.t0, path.a_bound, n);
    return imm_rmse < best_single;
}

static void imm_beats_every_single_model(void)
{
    fprintf(stderr, "  radar sigma 2.5 m, 0.15 deg:\n");
    CHECK(compare(0.5));
    fprintf(stderr, "  radar sigma 5 m, 0.3 deg (reported only):\n");
    compare(1.0);
}

/* NEES of one 7-D model alone on truth drawn from that model itself (Bar-Shalom et al.
 * 2001 §5.4): the average over runs must lie in the 95 % χ²(7·runs)/runs interval.
 * ct = 1: the coordinated turn (a target that truly turns, ω = 0.15 rad/s, with turn-rate
 * noise); ct = 0: the nearly-constant-velocity 7-D predictor that both IMM CV models use
 * (q = 50 m²/s³ here; the manoeuvre model is the same predictor with a larger q). */
static void model_consistent(int ct)
{
    const double q = ct ? 0.5 : 50.0, qw = 1e-4, T = 0.5;
    const int runs = 200, steps = 60;
    struct vg_rng r;
    vg_rng_seed(&r, 7);
    double nees_sum = 0;
    const double s[3] = {0, 0, 0};
    for (int run = 0; run < runs; run++) {
        double xt[7] = {1500, 500, 80, -30, 10, 0, ct ? 0.15 : 0.0};
        double x[7], P[49] = {0};
        for (int i = 0; i < 7; i++) {
            double sd = i < 3 ? 10.0 : i < 6 ? 3.0 : 0.05;
            P[i * 7 + i] = sd * sd;
            x[i] = xt[i] + sd * vg_rng_normal(&r);
        }
        for (int k = 0; k < steps; k++) {
            /* Truth: exact CT step plus process noise drawn from the model's own Q. */
            double Z[49] = {0}, xn[7], Qd[49];
            if (ct) {
                vg__ct_predict(xt, Z, T, q, q, qw, xn, Qd);
            } else {
                vg__cv7_predict(xt, Z, T, q, q, xn, Qd);
                Qd[48] = 1e-12; /* ω is carried without noise: keep Q factorable */
            }
            double L[49];
            CHECK(vg_mat_chol(L, Qd, 7) == 0);
            double w[7];
            for (int i = 0; i < 7; i++)
                w[i] = vg_rng_normal(&r);
            for (int i = 0; i < 7; i++) {
                xt[i] = xn[i];
                for (int j = 0; j <= i; j++)
                    xt[i] += L[i * 7 + j] * w[j];
            }
            struct vg_detection d;
            double pos[3] = {xt[0], xt[1], xt[2]}, vel[3] = {xt[3], xt[4], xt[5]};
            measure(&r, s, pos, vel, (k + 1) * T, &d);
            double xp[7], Pp[49];
            if (ct)
                vg__ct_predict(x, P, T, q, q, qw, xp, Pp);
            else
                vg__cv7_predict(x, P, T, q, q, xp, Pp);
            CHECK(vg__kf_update_nx(&d, s, xp, Pp, 7, NULL, NULL) == 0);
            memcpy(x, xp, sizeof x);
            memcpy(P, Pp, sizeof P);
        }
        double e[7], L[49];
        for (int i = 0; i < 7; i++)
            e[i] = x[i] - xt[i];
        CHECK(vg_mat_chol(L, P, 7) == 0);
        nees_sum += vg_mat_chol_mahal2(L, e, 7);
    }
    double nees = nees_sum / runs;
    double lo = vg_chi2_quantile(0.025, 7 * runs) / runs, hi = vg_chi2_quantile(0.975, 7 * runs) / runs;
    fprintf(stderr, "  %s model NEES %.3f, 95 %% interval [%.3f, %.3f]\n",
            ct ? "coordinated-turn" : "7-D CV", nees, lo, hi);
    CHECK(nees >= lo && nees <= hi);
}

static void ct_model_consistent_on_a_turn(void)
{
    model_consistent(1);
}

static void manoeuvre_model_consistent(void)
{
    model_consistent(0);
}

int main(void)
{
    RUN(imm_beats_every_single_model);
    RUN(ct_model_consistent_on_a_turn);
    RUN(manoeuvre_model_consistent);
    return test_report();
}
