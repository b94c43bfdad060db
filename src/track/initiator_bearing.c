/* SPDX-License-Identifier: MIT */
/* initiator_bearing.c — positions for new tracks by triangulating bearings of several sensors.
 *
 * A bearing has no range, so bearing-only sensors (RF direction finders, acoustic arrays, EO
 * cameras) start tracks in pairs or more: unassociated bearings wait in a buffer for a window
 * W (about one report interval: 1 s); each new one is tried against the buffered bearings of
 * OTHER sensors, and the best consistent combination becomes a position and covariance at
 * the new bearing's time. Its bearings are consumed, so one pair forms one candidate.
 *
 * Seed, two rays: sᵢ + tᵢ uᵢ with uᵢ = [sin azᵢ, cos azᵢ] (horizontal), b = s₂ − s₁ and
 * a × c = a_e c_n − a_n c_e, meet at
 *     t₁ = (b × u₂) / (u₁ × u₂),  t₂ = (b × u₁) / (u₁ × u₂),  |u₁ × u₂| = sin γ,
 * γ the crossing angle. A pair is a candidate only if γ ≥ min_cross (near-parallel rays
 * meet anywhere along them), the crossing is at least 1 m in front of both sensors
 * (t₁, t₂ > 0: a ray does not look backwards) and within max_range_m of each. Heights come
 * from the elevations, where measured.
 * Position, any number of rays: weighted least squares on the angular residuals,
 *     χ²(p) = Σᵢ yᵢ' Wᵢ yᵢ,  yᵢ = zᵢ − h(p; sᵢ) (azimuth wrapped),  Wᵢ = (Rᵢ + Mᵢ)⁻¹,
 * with h and Hᵢ = ∂h/∂p the bearing model of measure.c, solved by Gauss–Newton from the seed:
 *     (Σ Hᵢ' Wᵢ Hᵢ) δ = Σ Hᵢ' Wᵢ yᵢ,  p ← p + δ,   then  P = (Σ Hᵢ' Wᵢ Hᵢ)⁻¹.
 * This is the iterated (maximum-likelihood) form of Stansfield's linearised estimator
 * (R. G. Stansfield, "Statistical theory of d.f. fixing", J. IEE 94(15), 1947; D. J. Torrieri,
 * "Statistical theory of passive location systems", IEEE TAES 20(2), 1984); iterating removes
 * the one-step form's range bias (M. Gavish & A. J. Weiss, IEEE TAES 28(3), 1992). For two
 * bearings without elevation it is the ray intersection itself and P is exactly the
 * first-order J R J' of it. Without any elevation the height is unobserved: it is put at the
 * sensors' mean height with the sigma of a 10° beam at the nearest sensor's range (as
 * measure.c does for a polar report without elevation), uncorrelated with the horizontal.
 * Consistency: with more components than unknowns, χ² at the solution must pass the χ²
 * test of probability gate_prob with Σnzᵢ − 3 (2 without elevation) degrees of freedom —
 * three or more rays, or two rays whose elevations must agree on one height.
 * Time: a bearing Δt older than the newest saw the target up to v_max Δt away from where it
 * is now, an angular error of up to v_max Δt / ρ in azimuth (ρ its horizontal range) and
 * v_max Δt / r in elevation; Mᵢ adds those squared as if a standard deviation, so both the
 * test and P allow for it (conservative for targets slower than max_speed).
 *
 * Several targets: a new bearing is tried with every buffered bearing of another sensor as
 * seed; each seed that passes is extended greedily by the buffered bearing of a further
 * sensor that fits it best (χ² gate against the current estimate, then the joint χ² test),
 * one bearing per sensor, up to VG__BEARING_SET_MAX. The combination with the most bearings
 * wins, then the most measured components, then the smallest χ², then the smallest trace P.
 * What is left (the known weakness of triangulation, "ghosts"): k targets seen by two
 * sensors give k² crossings, k² − k of them ghosts that no test of two azimuth-only rays can
 * tell apart (χ² is 0 for every pair); elevations help only a little at long range. With
 * three sensors overlapping, min_bearings = 3 removes ghosts of pairs, but the choice is
 * made when the new bearing arrives, so with min_bearings = 2 a pair forms before the third
 * sensor reports (its bearing then goes to the track as an update). Combinations of buffered
 * bearings without the new one are not searched (they were when their newest arrived), and
 * the greedy extension is not a global S-D assignment over all sensors (Pattipati et al.,
 * IEEE TAC 37(2), 1992), which is what would resolve ghosts properly. The tracker's M-of-N
 * confirmation is the remaining guard against a ghost track.
 * Work: for n buffered bearings an offer tries ≤ n seeds, each extended in ≤ 3·SET_MAX
 * scans of the buffer: O(n²) gate tests at worst, n bounded by max_obs. In practice pairs
 * form at once and n stays small (8 sensors × 64 targets for 20 s: 24 bearings left in the
 * buffer, 17 µs per offer on average, unoptimised build). The buffer grows to its largest
 * size once, not per detection. */
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/angle.h"
#include "base/chi2.h"
#include "base/err.h"
#include "base/mat.h"
#include "track/bearing.h"
#include "track/internal.h"

#define MIN_RANGE_M 1.0             /* rays must meet at least this far from each sensor */
#define NO_EL_SIGMA (10.0 * VG_DEG) /* height sigma without elevation: a 10° beam */
#define GN_MAX_IT 30                /* Gauss–Newton iterations; 2–5 are usual */
#define GN_TOL_M 1e-7               /* a step shorter than this has converged */
#define OBS_MIN_CAP 16
#define MAX_TRIES (2 * VG__BEARING_SET_MAX) /* rejected extensions before giving up */

/* One combination of bearings and its triangulation. */
struct combo {
    int n;                                         /* bearings */
    int nz;                                        /* measured components, Σ nzᵢ */
    const struct vg__bearing_obs *o[VG__BEARING_SET_MAX];
    ptrdiff_t idx[VG__BEARING_SET_MAX];            /* buffer index; −1: the offered bearing */
    double p[3], P[9];                             /* ENU m, m² */
    double chi2;
    int dof;
};

void vg__bearing_init_setup(struct vg__bearing_init *b, double window_s, double max_range_m,
                            double max_speed, double min_cross_deg)
{
    assert(window_s > 0 && max_range_m > 0 && max_speed >= 0);
    assert(min_cross_deg > 0 && min_cross_deg < 90);
    memset(b, 0, sizeof *b);
    b->window_s = window_s;
    b->max_range_m = max_range_m;
    b->max_speed = max_speed;
    b->min_cross_rad = min_cross_deg * VG_DEG;
    b->gate_prob = 0.99;
    b->min_bearings = 2;
    b->max_obs = 1024;
}

void vg__bearing_init_fini(struct vg__bearing_init *b)
{
    free(b->obs);
    b->obs = NULL;
    b->nobs = b->cap = 0;
}

static int valid_bearing(const struct vg_detection *d)
{
    int has_el = (d->flags & VG_DET_HAS_EL) != 0;
    if (d->kind != VG_DET_BEARING || d->nz != 1 + has_el || !isfinite(d->t) ||
        !isfinite(d->z[0]) || !(d->R[0] > 0) || !isfinite(d->R[0]))
        return 0;
    if (!has_el)
        return 1;
    const double *R = d->R;
    return fabs(d->z[1]) < 0.5 * VG_PI && R[3] > 0 && isfinite(R[3]) && isfinite(R[1]) &&
           fabs(R[1] - R[2]) <= 1e-9 * sqrt(R[0] * R[3]) && R[0] * R[3] - R[1] * R[1] > 0;
}

void vg__bearing_init_expire(struct vg__bearing_init *b, double t_now)
{
    double t_min = t_now - b->window_s;
    size_t k = 0;
    for (size_t i = 0; i < b->nobs; i++) {
        if (b->obs[i].det.t < t_min)
            b->expired++;
        else
            b->obs[k++] = b->obs[i];
    }
    b->nobs = k;
}

/* Wᵢ = (Rᵢ + Mᵢ)⁻¹ for a bearing at horizontal range rho, range r, dt from the reference. */
static int weight(const struct vg__bearing_init *b, const struct vg__bearing_obs *o, double rho,
                  double r, double t_ref, double W[4])
{
    double m = b->max_speed * fabs(t_ref - o->det.t);
    if (o->det.nz == 1) {
        W[0] = 1.0 / (o->det.R[0] + (m / rho) * (m / rho));
        return 0;
    }
    double a = o->det.R[0] + (m / rho) * (m / rho), c = o->det.R[1];
    double e = o->det.R[3] + (m / r) * (m / r), det = a * e - c * c;
    if (!(det > 0))
        return VG_ENOTSPD;
    W[0] = e / det;
    W[1] = W[2] = -c / det;
    W[3] = a / det;
    return 0;
}

/* Normal equations at p over the first np coordinates: A = Σ H'WH, g = Σ H'Wy, χ² = Σ y'Wy. */
static int normal_eq(const struct vg__bearing_init *b, const struct combo *c, const double p[3],
                     double t_ref, int np, double A[9], double g[3], double *chi2)
{
    double x[VG_NX] = {p[0], p[1], p[2], 0, 0, 0};
    memset(A, 0, 9 * sizeof *A);
    memset(g, 0, 3 * sizeof *g);
    *chi2 = 0;
    for (int i = 0; i < c->n; i++) {
        const struct vg__bearing_obs *o = c->o[i];
        struct vg__meas m;
        double y[VG_DET_NZ_MAX], W[4];
        int rc = vg__meas_predict(&o->det, o->s, x, &m);
        if (rc)
            return rc;
        vg__meas_innovation(&o->det, &m, y);
        double d[3] = {p[0] - o->s[0], p[1] - o->s[1], p[2] - o->s[2]};
        double rho = hypot(d[0], d[1]), r = sqrt(rho * rho + d[2] * d[2]);
        if ((rc = weight(b, o, rho, r, t_ref, W)))
            return rc;
        int nz = m.nz;
        double WH[2 * 3], Wy[2];
        for (int k = 0; k < nz; k++) {
            Wy[k] = 0;
            for (int l = 0; l < nz; l++)
                Wy[k] += W[k * nz + l] * y[l];
            *chi2 += y[k] * Wy[k];
            for (int j = 0; j < np; j++) {
                WH[k * 3 + j] = 0;
                for (int l = 0; l < nz; l++)
                    WH[k * 3 + j] += W[k * nz + l] * m.H[l * VG_NX + j];
            }
        }
        for (int a = 0; a < np; a++) {
            for (int k = 0; k < nz; k++)
                g[a] += m.H[k * VG_NX + a] * Wy[k];
            for (int j = 0; j < np; j++)
                for (int k = 0; k < nz; k++)
                    A[a * np + j] += m.H[k * VG_NX + a] * WH[k * 3 + j];
        }
    }
    return 0;
}

/* Gauss–Newton from c->p; on success c->p, c->P, c->chi2, c->dof describe a triangulation
 * that passes every test. VG_ERANGE (or VG_ENOTSPD) otherwise. */
static int solve(const struct vg__bearing_init *b, struct combo *c, double t_ref)
{
    int has_el = 0;
    c->nz = 0;
    double hmean = 0;
    for (int i = 0; i < c->n; i++) {
        has_el |= (c->o[i]->det.flags & VG_DET_HAS_EL) != 0;
        c->nz += c->o[i]->det.nz;
        hmean += c->o[i]->s[2] / c->n;
    }
    int np = has_el ? 3 : 2, rc;
    double p[3] = {c->p[0], c->p[1], has_el ? c->p[2] : hmean}, A[9], g[3], chi2;
    double step = INFINITY;
    for (int it = 0;; it++) {
        if ((rc = normal_eq(b, c, p, t_ref, np, A, g, &chi2)))
            return rc;
        if (step < GN_TOL_M)
            break;
        if (it == GN_MAX_IT)
            return VG_ERANGE;
        double dp[3];
        if ((rc = vg_mat_spd_solve(dp, A, g, np, 1)))
            return rc;
        step = 0;
        for (int k = 0; k < np; k++) {
            p[k] += dp[k];
            step += dp[k] * dp[k];
        }
        step = sqrt(step);
        if (!isfinite(step))
            return VG_ERANGE;
    }
    double Ai[9];
    if ((rc = vg_mat_spd_inv(Ai, A, np)))
        return rc;
    /* Every ray must look at the solution from in front, within range. */
    double rho_min = INFINITY;
    for (int i = 0; i < c->n; i++) {
        const struct vg__bearing_obs *o = c->o[i];
        double de = p[0] - o->s[0], dn = p[1] - o->s[1], rho = hypot(de, dn);
        if (rho < MIN_RANGE_M || rho > b->max_range_m ||
            de * sin(o->det.z[0]) + dn * cos(o->det.z[0]) <= 0)
            return VG_ERANGE;
        rho_min = fmin(rho_min, rho);
    }
    c->dof = c->nz - np;
    if (c->dof > 0 && !(chi2 <= b->gate_chi2[c->dof]))
        return VG_ERANGE;
    memset(c->P, 0, sizeof c->P);
    for (int i = 0; i < np; i++)
        for (int j = 0; j < np; j++)
            c->P[i * 3 + j] = Ai[i * np + j];
    if (!has_el) {
        double su = rho_min * tan(NO_EL_SIGMA);
        c->P[8] = su * su;
    }
    memcpy(c->p, p, sizeof p);
    c->chi2 = chi2;
    return 0;
}

/* The two-ray seed of o1 (the new bearing) and o2: crossing angle, in front, in range. */
static int pair_seed(const struct vg__bearing_init *b, const struct vg__bearing_obs *o1,
                     const struct vg__bearing_obs *o2, double p[3])
{
    double u1[2] = {sin(o1->det.z[0]), cos(o1->det.z[0])};
    double u2[2] = {sin(o2->det.z[0]), cos(o2->det.z[0])};
    double bl[2] = {o2->s[0] - o1->s[0], o2->s[1] - o1->s[1]};
    double cr = u1[0] * u2[1] - u1[1] * u2[0];
    if (!(fabs(cr) >= sin(b->min_cross_rad)))
        return 0;
    double t1 = (bl[0] * u2[1] - bl[1] * u2[0]) / cr;
    double t2 = (bl[0] * u1[1] - bl[1] * u1[0]) / cr;
    if (!(t1 >= MIN_RANGE_M && t2 >= MIN_RANGE_M && t1 <= b->max_range_m &&
          t2 <= b->max_range_m))
        return 0;
    p[0] = o1->s[0] + t1 * u1[0];
    p[1] = o1->s[1] + t1 * u1[1];
    double h = 0;
    int nh = 0;
    if (o1->det.flags & VG_DET_HAS_EL) {
        h += o1->s[2] + t1 * tan(o1->det.z[1]);
        nh++;
    }
    if (o2->det.flags & VG_DET_HAS_EL) {
        h += o2->s[2] + t2 * tan(o2->det.z[1]);
        nh++;
    }
    p[2] = nh ? h / nh : 0.5 * (o1->s[2] + o2->s[2]);
    return 1;
}

static int in_combo_sensor(const struct combo *c, uint32_t sensor)
{
    for (int i = 0; i < c->n; i++)
        if (c->o[i]->det.sensor == sensor)
            return 1;
    return 0;
}

/* χ² distance of buffered bearing o from the combination's estimate (p, P):
 * d² = y' (H P H' + R + M)⁻¹ y. Returns INFINITY when it cannot be computed. */
static double gate_d2(const struct vg__bearing_init *b, const struct combo *c,
                      const struct vg__bearing_obs *o, double t_ref)
{
    double x[VG_NX] = {c->p[0], c->p[1], c->p[2], 0, 0, 0};
    struct vg__meas m;
    if (vg__meas_predict(&o->det, o->s, x, &m))
        return INFINITY;
    double y[VG_DET_NZ_MAX], W[4] = {0}, S[4], HP[2 * 3];
    vg__meas_innovation(&o->det, &m, y);
    double d[3] = {c->p[0] - o->s[0], c->p[1] - o->s[1], c->p[2] - o->s[2]};
    double rho = hypot(d[0], d[1]), r = sqrt(rho * rho + d[2] * d[2]);
    if (weight(b, o, rho, r, t_ref, W))
        return INFINITY;
    int nz = m.nz;
    /* S = H P H' + W⁻¹, W⁻¹ being R + M rebuilt from the weight's inverse. */
    double Rm[4];
    if (nz == 1) {
        Rm[0] = 1.0 / W[0];
    } else {
        double det = W[0] * W[3] - W[1] * W[2];
        Rm[0] = W[3] / det;
        Rm[1] = Rm[2] = -W[1] / det;
        Rm[3] = W[0] / det;
    }
    for (int k = 0; k < nz; k++)
        for (int j = 0; j < 3; j++) {
            HP[k * 3 + j] = 0;
            for (int l = 0; l < 3; l++)
                HP[k * 3 + j] += m.H[k * VG_NX + l] * c->P[l * 3 + j];
        }
    for (int k = 0; k < nz; k++)
        for (int l = 0; l < nz; l++) {
            S[k * nz + l] = Rm[k * nz + l];
            for (int j = 0; j < 3; j++)
                S[k * nz + l] += HP[k * 3 + j] * m.H[l * VG_NX + j];
        }
    double L[4];
    if (vg_mat_chol(L, S, nz))
        return INFINITY;
    return vg_mat_chol_mahal2(L, y, nz);
}

/* Add, best-fitting first, the buffered bearings of further sensors that keep the joint
 * χ² test passing. */
static void extend(const struct vg__bearing_init *b, struct combo *c, double t_ref)
{
    ptrdiff_t tried[MAX_TRIES];
    int ntried = 0;
    while (c->n < VG__BEARING_SET_MAX && ntried < MAX_TRIES) {
        ptrdiff_t best = -1;
        double best_d2 = INFINITY;
        for (size_t j = 0; j < b->nobs; j++) {
            const struct vg__bearing_obs *o = &b->obs[j];
            if (fabs(o->det.t - t_ref) > b->window_s || in_combo_sensor(c, o->det.sensor))
                continue;
            int seen = 0;
            for (int k = 0; k < ntried && !seen; k++)
                seen = tried[k] == (ptrdiff_t)j;
            if (seen)
                continue;
            double d2 = gate_d2(b, c, o, t_ref);
            if (d2 <= b->gate_chi2[o->det.nz] && d2 < best_d2) {
                best_d2 = d2;
                best = (ptrdiff_t)j;
            }
        }
        if (best < 0)
            return;
        struct combo t = *c;
        t.o[t.n] = &b->obs[best];
        t.idx[t.n] = best;
        t.n++;
        if (solve(b, &t, t_ref) == 0)
            *c = t;
        else
            tried[ntried++] = best;
    }
}

static double trace3(const double P[9])
{
    return P[0] + P[4] + P[8];
}

static int better(const struct combo *a, const struct combo *b)
{
    if (b->n == 0 || a->n != b->n)
        return a->n > b->n;
    if (a->nz != b->nz)
        return a->nz > b->nz;
    if (a->chi2 != b->chi2)
        return a->chi2 < b->chi2;
    return trace3(a->P) < trace3(b->P);
}

static int push(struct vg__bearing_init *b, const struct vg__bearing_obs *o)
{
    if (b->nobs == b->cap && b->cap < b->max_obs) {
        size_t cap = b->cap ? 2 * b->cap : OBS_MIN_CAP;
        if (cap > b->max_obs)
            cap = b->max_obs;
        void *p = realloc(b->obs, cap * sizeof *b->obs);
        if (!p)
            return VG_ENOMEM;
        b->obs = p;
        b->cap = cap;
    }
    if (b->nobs == b->cap) { /* full at max_obs: the oldest goes */
        memmove(b->obs, b->obs + 1, (b->nobs - 1) * sizeof *b->obs);
        b->nobs--;
        b->dropped++;
    }
    b->obs[b->nobs++] = *o;
    return 0;
}

int vg__bearing_init_offer(struct vg__bearing_init *b, const struct vg_detection *det,
                           const double sensor_pos[3], double pos[3], double Ppos[9])
{
    if (!valid_bearing(det) || !isfinite(sensor_pos[0]) || !isfinite(sensor_pos[1]) ||
        !isfinite(sensor_pos[2]) || !(b->gate_prob > 0 && b->gate_prob < 1) || b->max_obs < 1)
        return VG_EINVAL;
    if (b->gate_p_cached != b->gate_prob) {
        for (int k = 1; k <= 2 * VG__BEARING_SET_MAX; k++)
            b->gate_chi2[k] = vg_chi2_quantile(b->gate_prob, k);
        b->gate_p_cached = b->gate_prob;
    }
    int min_n = b->min_bearings < 2 ? 2 : b->min_bearings;
    if (min_n > VG__BEARING_SET_MAX)
        min_n = VG__BEARING_SET_MAX;
    double t = det->t;
    vg__bearing_init_expire(b, t);

    struct vg__bearing_obs nb;
    nb.det = *det;
    memcpy(nb.s, sensor_pos, sizeof nb.s);
    struct combo best;
    best.n = 0;
    for (size_t j = 0; j < b->nobs; j++) {
        const struct vg__bearing_obs *o = &b->obs[j];
        if (o->det.sensor == det->sensor || fabs(o->det.t - t) > b->window_s)
            continue;
        struct combo c;
        c.n = 2;
        c.o[0] = &nb;
        c.idx[0] = -1;
        c.o[1] = o;
        c.idx[1] = (ptrdiff_t)j;
        if (!pair_seed(b, &nb, o, c.p) || solve(b, &c, t) != 0)
            continue;
        extend(b, &c, t);
        if (c.n >= min_n && better(&c, &best))
            best = c;
    }
    if (best.n == 0)
        return push(b, &nb);

    memcpy(pos, best.p, sizeof best.p);
    memcpy(Ppos, best.P, sizeof best.P);
    b->last_n = best.n;
    b->last_chi2 = best.chi2;
    b->last_dof = best.dof;
    b->formed++;
    /* Consume the partners: at most VG__BEARING_SET_MAX − 1, so mark by index. */
    size_t k = 0;
    for (size_t i = 0; i < b->nobs; i++) {
        int used = 0;
        for (int m = 1; m < best.n && !used; m++)
            used = best.idx[m] == (ptrdiff_t)i;
        if (!used)
            b->obs[k++] = b->obs[i];
    }
    b->nobs = k;
    return 1;
}
