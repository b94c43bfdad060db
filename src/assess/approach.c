/* SPDX-License-Identifier: MIT */
/* approach.c — time to zone with its σ, entry probability, closest approach, effector reach.
 *
 * The path is the tracker's constant-velocity prediction p(t) = p + v t, t ∈ [0, H].
 *
 * Entry time, exact. The prism is the polygon (closed) × [floor, ceiling]. The slab gives one
 * interval [t_lo, t_hi] of the line (a convex set), clipped to [0, H]. If p(t_lo) is over the
 * polygon, the path enters at t_lo (t_lo = 0: inside now; else through the floor or ceiling).
 * If not, the polygon's complement being open, the first time over the polygon is the first
 * time the path touches its boundary: the least t ∈ [t_lo, t_hi] over the edges at which the
 * ray meets an edge. Per edge a + s d, s ∈ [0, 1], with × the 2-D cross product:
 *     t = ((a − p) × d) / (v × d),   s = ((a − p) × v) / (v × d)
 * (Goldman, "Intersection of two lines in three-space", Graphics Gems, 1990); an edge parallel
 * to the path is touched only if collinear, first at its nearer end point. One PIP and one
 * pass over the edges: O(n), not sampling. A ray through a vertex meets both edges there;
 * the one crossed most squarely is reported (its σ is the finite one), s and the collinearity
 * test allow VG_ZONE_EPS_M so that rounding cannot slip a ray between two edges at a vertex.
 *
 * Entry time σ, first order. Entering through a plane face with unit normal n through point
 * a, τ solves nᵀ(p + v τ − a) = 0, so τ(p, v) = nᵀ(a − p) / nᵀv. By the implicit function
 * theorem (valid while perturbations keep the same face: a transversal crossing away from the
 * face's ends)  ∂τ/∂p = −nᵀ / nᵀv,  ∂τ/∂v = −τ nᵀ / nᵀv,  J = −[nᵀ, τ nᵀ] / nᵀv, and by the
 * delta method (Casella & Berger, Statistical Inference, 2nd ed., 2002, §5.5.4) σ² = J P Jᵀ:
 *     σ² = nᵀ (Ppp + τ (Ppv + Pvp) + τ² Pvv) n / (nᵀv)² = nᵀ P_pos(τ) n / (nᵀv)²,
 * the predicted position's variance across the face at the entry time over the approach
 * speed across it, squared: a distance error turned into time. With the tracker's white
 * acceleration q, P_pos(τ) gains q τ³/3 per axis (Bar-Shalom, Li & Kirubarajan, Estimation
 * with Applications to Tracking and Navigation, 2001, eq. 6.2.2-12). To second order the
 * mean entry time is later than the mean path's by nᵀ Ppv(τ) n / (nᵀv)², with the predicted
 * position–velocity covariance Ppv(τ) = Ppv + τ Pvv + q τ²/2 (Jensen: τ is convex in the
 * approach speed, and paths that lag are also the slower): 0.2 s, or 0.07σ, for an FPV 2 km
 * out at 45 m/s with σ 10 m and 3 m/s. t_s is the mean path's time, which is also the median
 * when the speed error dominates (τ is monotone in it), so the Gaussian in
 * vg_approach_entry_prob is centred there.
 *
 * Why not the unscented transform (Julier & Uhlmann, "Unscented filtering and nonlinear
 * estimation", Proc. IEEE 92(3), 2004) with 13 sigma points: those sit at ±√(6+κ) σ, for the
 * FPV above ±7.3 m/s across track with κ = 0, i.e. ±330 m sideways at the zone: on a zone
 * less than ~650 m wide some points miss it (τ = ∞) and the weighted mean and variance are
 * undefined, and points that hit another face sample the kink rather than the slope. The
 * first-order σ costs no extra ray casts (13× cheaper), is exact as P → 0, and fails visibly
 * (σ → ∞ as the path grazes its face). tests/assess/test_approach_sigma.c checks it against
 * Monte Carlo entry times (20,000 states drawn from N(x, P)).
 *
 * Closest approach to the polygon: if the path crosses it, 0 at the first crossing; else the
 * least distance between two disjoint segments is at an end point of one of them, so the
 * candidates are the path's ends (point–polygon distance) and each vertex projected on the
 * path (closed form below). Closest approach to a point c: d²(t) = |p − c + v t|² is least at
 * t* = −(p − c)·v / |v|², clamped to [0, H]. Effector reach: |p − c + v t|² = R², i.e.
 * |v|² t² + 2 b t + (|p − c|² − R²) = 0 with b = (p − c)·v, solved without cancellation by
 * q = −(b + sgn(b) √(b² − |v|² (|p − c|² − R²))), t = q / |v|² and (|p − c|² − R²) / q
 * (Press et al., Numerical Recipes, 3rd ed., 2007, §5.6). */
#include <math.h>

#include "assess/approach.h"
#include "assess/internal.h"

void vg_approach_config_default(struct vg_approach_config *cfg)
{
    cfg->horizon_s = VG_APPROACH_HORIZON_S;
    cfg->q_h = 0.0;
    cfg->q_v = 0.0;
}

/* Copies *cfg (or the defaults) into *c after checking it. */
static int get_cfg(const struct vg_approach_config *cfg, struct vg_approach_config *c)
{
    if (!cfg) {
        vg_approach_config_default(c);
        return 0;
    }
    if (!(cfg->horizon_s > 0.0 && cfg->horizon_s <= VG_APPROACH_HORIZON_MAX) ||
        !(cfg->q_h >= 0.0 && cfg->q_h < INFINITY) || !(cfg->q_v >= 0.0 && cfg->q_v < INFINITY))
        return VG_EINVAL;
    *c = *cfg;
    return 0;
}

static int state_ok(const double *x)
{
    if (!x)
        return 0;
    for (int i = 0; i < 6; i++)
        if (!(fabs(x[i]) <= (i < 3 ? VG_ZONE_COORD_MAX : VG_APPROACH_SPEED_MAX)))
            return 0;
    return 1;
}

static double cross2(double ax, double ay, double bx, double by)
{
    return ax * by - ay * bx;
}

/* 1 if the horizontal path moves more than the boundary's thickness within the horizon; a
 * slower one is treated as standing still (its own boundary test decides), which also keeps
 * 1/|v| and the tie window below finite. */
static int moves(const double v[2], double horizon_s)
{
    return (v[0] * v[0] + v[1] * v[1]) * horizon_s * horizon_s >
           VG_ZONE_EPS_M * VG_ZONE_EPS_M;
}

/* First t ∈ [t_lo, t_hi] at which the horizontal path p + v t (moves(v)) meets the ring's
 * boundary; returns the edge's index and sets *t, or returns −1. */
static long first_touch(const double *pts, size_t n, const double p[2], const double v[2],
                        double t_lo, double t_hi, double *t)
{
    double vv = v[0] * v[0] + v[1] * v[1], vlen = sqrt(vv);
    double tie = VG_ZONE_EPS_M / vlen; /* time to cover the boundary's thickness */
    double best = INFINITY, best_sin = -1.0;
    long best_i = -1;
    for (size_t i = 0; i < n; i++) {
        size_t k = i + 1 == n ? 0 : i + 1;
        double ax = pts[2 * i], ay = pts[2 * i + 1];
        double dx = pts[2 * k] - ax, dy = pts[2 * k + 1] - ay;
        double len = sqrt(dx * dx + dy * dy);
        if (len == 0.0)
            continue; /* a repeated vertex: its neighbours' ends cover it */
        double wx = ax - p[0], wy = ay - p[1];
        double den = cross2(v[0], v[1], dx, dy), sin_a = fabs(den) / (vlen * len), ti;
        if (sin_a > 1e-12) {
            double s = cross2(wx, wy, v[0], v[1]) / den, ds = VG_ZONE_EPS_M / len;
            if (s < -ds || s > 1.0 + ds)
                continue;
            ti = cross2(wx, wy, dx, dy) / den;
        } else {
            /* Parallel: touched only if collinear (within the tolerance), first at the
             * nearer end; if the path starts on the edge, at t_lo. */
            if (fabs(cross2(wx, wy, v[0], v[1])) > VG_ZONE_EPS_M * vlen)
                continue;
            double ta = (wx * v[0] + wy * v[1]) / vv;
            double tb = ((wx + dx) * v[0] + (wy + dy) * v[1]) / vv;
            double t0 = fmin(ta, tb), t1 = fmax(ta, tb);
            if (t1 < t_lo)
                continue;
            ti = fmax(t0, t_lo);
            sin_a = 0.0;
        }
        if (ti < t_lo || ti > t_hi)
            continue;
        if (ti < best - tie || (ti <= best + tie && sin_a > best_sin)) {
            best = ti;
            best_sin = sin_a;
            best_i = (long)i;
        }
    }
    if (best_i >= 0)
        *t = best;
    return best_i;
}

static void entry_none(struct vg_zone_entry *out)
{
    out->t_s = INFINITY;
    out->sigma_s = INFINITY;
    out->pos[0] = out->pos[1] = out->pos[2] = NAN;
    out->face = VG_ENTRY_NONE;
    out->edge = -1;
}

/* σ of the entry time across the unit normal n at time tau (the comment at the top). */
static double entry_sigma(const double x[6], const double *P, const struct vg_approach_config *c,
                          const double n[3], double tau)
{
    double w = n[0] * x[3] + n[1] * x[4] + n[2] * x[5];
    if (w == 0.0)
        return INFINITY;
    double var = (c->q_h * (n[0] * n[0] + n[1] * n[1]) + c->q_v * n[2] * n[2]) *
                 tau * tau * tau / 3.0;
    for (int i = 0; P && i < 3; i++)
        for (int j = 0; j < 3; j++) {
            double pp = P[i * 6 + j], pv = P[i * 6 + j + 3];
            double vp = P[(i + 3) * 6 + j], vv = P[(i + 3) * 6 + j + 3];
            var += n[i] * n[j] * (pp + tau * (pv + vp) + tau * tau * vv);
        }
    return sqrt(fmax(var, 0.0)) / fabs(w);
}

int vg_approach_entry(const struct vg_zone *z, const double x[6], const double P[36],
                      const struct vg_approach_config *cfg, struct vg_zone_entry *out)
{
    struct vg_approach_config c;
    if (vg_zone_check(z) < 0 || !state_ok(x) || !out || get_cfg(cfg, &c) < 0)
        return VG_EINVAL;
    for (int i = 0; P && i < 36; i++)
        if (!isfinite(P[i]))
            return VG_EINVAL;

    /* The slab floor ≤ u + vu t ≤ ceiling, as an interval of t clipped to [0, H]. */
    double t_lo = 0.0, t_hi = c.horizon_s;
    if (x[5] == 0.0) {
        if (!(x[2] >= z->floor_m && x[2] <= z->ceiling_m)) {
            entry_none(out);
            return 0;
        }
    } else {
        double ta = (z->floor_m - x[2]) / x[5], tb = (z->ceiling_m - x[2]) / x[5];
        t_lo = fmax(t_lo, fmin(ta, tb));
        t_hi = fmin(t_hi, fmax(ta, tb));
        if (!(t_lo <= t_hi)) {
            entry_none(out);
            return 0;
        }
    }

    double tau, n[3] = {0.0, 0.0, 1.0};
    int face, edge = -1;
    if (vg__poly_contains(z->pts, z->npts, x[0] + x[3] * t_lo, x[1] + x[4] * t_lo)) {
        tau = t_lo;
        face = t_lo == 0.0 ? VG_ENTRY_INSIDE : x[5] > 0.0 ? VG_ENTRY_FLOOR : VG_ENTRY_CEILING;
    } else {
        const double p[2] = {x[0], x[1]}, v[2] = {x[3], x[4]};
        long i = moves(v, c.horizon_s) ? first_touch(z->pts, z->npts, p, v, t_lo, t_hi, &tau)
                                       : -1;
        if (i < 0) {
            entry_none(out);
            return 0;
        }
        size_t k = (size_t)i + 1 == z->npts ? 0 : (size_t)i + 1;
        double dx = z->pts[2 * k] - z->pts[2 * i], dy = z->pts[2 * k + 1] - z->pts[2 * i + 1];
        double len = sqrt(dx * dx + dy * dy);
        n[0] = dy / len;
        n[1] = -dx / len;
        n[2] = 0.0;
        face = VG_ENTRY_WALL;
        edge = (int)i;
    }
    out->t_s = tau;
    out->sigma_s = face == VG_ENTRY_INSIDE ? 0.0 : entry_sigma(x, P, &c, n, tau);
    for (int i = 0; i < 3; i++)
        out->pos[i] = x[i] + x[i + 3] * tau;
    out->face = face;
    out->edge = edge;
    return 0;
}

double vg_approach_entry_prob(const struct vg_zone_entry *e, double within_s)
{
    if (!e || isnan(within_s))
        return NAN;
    if (e->face == VG_ENTRY_INSIDE)
        return 1.0;
    if (e->face == VG_ENTRY_NONE || !(e->t_s < INFINITY))
        return 0.0;
    if (!(e->sigma_s > 0.0))
        return within_s >= e->t_s ? 1.0 : 0.0;
    /* Φ(z) = erfc(−z / √2) / 2 */
    return 0.5 * erfc((e->t_s - within_s) / (e->sigma_s * 1.4142135623730951));
}

int vg_approach_zone_cpa(const struct vg_zone *z, const double x[6],
                         const struct vg_approach_config *cfg, double *t_s, double *dist_m)
{
    struct vg_approach_config c;
    if (vg_zone_check(z) < 0 || !state_ok(x) || !t_s || !dist_m || get_cfg(cfg, &c) < 0)
        return VG_EINVAL;
    const double *pts = z->pts;
    size_t n = z->npts;
    double H = c.horizon_s, p[2] = {x[0], x[1]}, v[2] = {x[3], x[4]};
    double vv = v[0] * v[0] + v[1] * v[1], t_hit = 0.0;
    if (vg__poly_contains(pts, n, p[0], p[1]) ||
        (moves(v, H) && first_touch(pts, n, p, v, 0.0, H, &t_hit) >= 0)) {
        *t_s = t_hit;
        *dist_m = 0.0;
        return 0;
    }
    /* Disjoint: candidates are the path's two ends and every vertex's foot on the path;
     * on a tie (a path parallel to an edge) the earliest time wins. */
    double best_t = 0.0, best_d = vg__poly_distance(pts, n, p[0], p[1]);
    if (vv > 0.0) {
        double dH = vg__poly_distance(pts, n, p[0] + v[0] * H, p[1] + v[1] * H);
        if (dH < best_d - VG_ZONE_EPS_M) {
            best_t = H;
            best_d = dH;
        }
        for (size_t i = 0; i < n; i++) {
            double wx = pts[2 * i] - p[0], wy = pts[2 * i + 1] - p[1];
            double t = fmin(fmax((wx * v[0] + wy * v[1]) / vv, 0.0), H);
            double d = hypot(wx - v[0] * t, wy - v[1] * t);
            if (d < best_d - VG_ZONE_EPS_M || (d <= best_d + VG_ZONE_EPS_M && t < best_t)) {
                best_t = t;
                best_d = d;
            }
        }
    }
    *t_s = best_t;
    *dist_m = best_d;
    return 0;
}

int vg_approach_point_cpa(const double x[6], const double c[3], int dims,
                          const struct vg_approach_config *cfg, double *t_s, double *dist_m)
{
    struct vg_approach_config k;
    if (!state_ok(x) || !c || (dims != 2 && dims != 3) || !t_s || !dist_m ||
        get_cfg(cfg, &k) < 0)
        return VG_EINVAL;
    for (int i = 0; i < dims; i++)
        if (!(fabs(c[i]) <= VG_ZONE_COORD_MAX))
            return VG_EINVAL;
    double wv = 0.0, vv = 0.0;
    for (int i = 0; i < dims; i++) {
        wv += (x[i] - c[i]) * x[i + 3];
        vv += x[i + 3] * x[i + 3];
    }
    double t = vv > 0.0 ? fmin(fmax(-wv / vv, 0.0), k.horizon_s) : 0.0, d2 = 0.0;
    for (int i = 0; i < dims; i++) {
        double e = x[i] + x[i + 3] * t - c[i];
        d2 += e * e;
    }
    *t_s = t;
    *dist_m = sqrt(d2);
    return 0;
}

int vg_approach_effector_window(const struct vg_effector *ef, const double x[6],
                                const struct vg_approach_config *cfg, double *t_in_s,
                                double *t_out_s)
{
    struct vg_approach_config k;
    if (!ef || !state_ok(x) || !t_in_s || !t_out_s || get_cfg(cfg, &k) < 0 ||
        !(ef->range_m >= 0.0 && ef->range_m <= VG_ZONE_COORD_MAX))
        return VG_EINVAL;
    double vv = 0.0, b = 0.0, ww = 0.0, H = k.horizon_s;
    for (int i = 0; i < 3; i++) {
        if (!(fabs(ef->pos[i]) <= VG_ZONE_COORD_MAX))
            return VG_EINVAL;
        double w = x[i] - ef->pos[i];
        vv += x[i + 3] * x[i + 3];
        b += w * x[i + 3];
        ww += w * w;
    }
    double cc = ww - ef->range_m * ef->range_m, t0, t1;
    if (vv == 0.0) {
        t0 = cc <= 0.0 ? 0.0 : INFINITY;
        t1 = cc <= 0.0 ? H : INFINITY;
    } else {
        double disc = b * b - vv * cc;
        if (disc < 0.0) {
            t0 = t1 = INFINITY;
        } else {
            double q = -(b + copysign(sqrt(disc), b));
            double r0 = q / vv, r1 = q != 0.0 ? cc / q : r0;
            t0 = fmin(r0, r1);
            t1 = fmax(r0, r1);
            if (t1 < 0.0 || t0 > H) {
                t0 = t1 = INFINITY;
            } else {
                t0 = fmax(t0, 0.0);
                t1 = fmin(t1, H);
            }
        }
    }
    *t_in_s = t0;
    *t_out_s = t1;
    return 0;
}
