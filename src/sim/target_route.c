/* SPDX-License-Identifier: MIT */
/* target_route.c — routes over the ground: manned aircraft and hobby drones going somewhere.
 *
 * A route is flown at constant ground speed V and constant height, the way a pilot flies
 * "fly-by" waypoints (ICAO Doc 8168): straight legs between the waypoints, and at each one a
 * circular turn that leaves the inbound leg and joins the outbound one tangentially, so the
 * path cuts the corner and the velocity is continuous (C¹). Every turn has the radius
 * r = V² / a with a = max_g·g0, i.e. a coordinated turn at bank angle atan(max_g) (0.3 g:
 * 17°, about the standard rate of 3°/s at 60 m/s), and the acceleration is exactly a in the
 * turns and 0 on the legs: bounded by construction, with no check left to fail at run time.
 *
 * A turn through the angle θ between the legs starts T = r·tan(|θ|/2) before its waypoint and
 * ends T after it (the tangent length), so a leg of length L fits its two turns iff
 * T_in + T_out ≤ L; a turn back (|θ| → 180°) needs an infinite T and is refused. The arc's
 * centre is r to the left of the inbound leg for a left turn (θ > 0), to the right for a right
 * one; on it, at distance σ from the entry point,
 *     φ = φ0 + dir·σ/r,  pos = c + r·(cos φ, sin φ),  vel = V·dir·(−sin φ, cos φ),
 *     acc = −(V²/r)·(cos φ, sin φ),
 * with φ measured from east counter-clockwise and dir = sign θ. An open route starts on its
 * first waypoint at t0 and ends on its last at t0 + len/V; a loop (the closing leg back to
 * the first waypoint included) starts where the turn at the first waypoint ends and goes
 * round for ever; an orbit is one turn of 2π. The piece holding s is found by bisection over
 * at most 2·VG_SIM_ROUTE_MAX pieces (7 steps). */
#include "sim/target.h"

#include <math.h>
#include <string.h>

#include "sim/internal.h"

int vg_route_expand(struct vg_sim_route *r, struct vg_diag *why)
{
    if (r->kind != VG_ROUTE_LAWNMOWER)
        return 0;
    if (r->legs < 2 || r->legs % 2 || 2 * r->legs > VG_SIM_ROUTE_MAX)
        return vg_diag_set(why, VG_ERANGE, "'legs' %d must be even, from 2 to %d", r->legs,
                           VG_SIM_ROUTE_MAX / 2);
    /* u along the first leg, w to its right; legs centred on the centre across and along. */
    double h = r->heading_deg * VG__DEG, u[2] = {sin(h), cos(h)}, w[2] = {u[1], -u[0]};
    for (int j = 0; j < r->legs; j++) {
        double across = (j - 0.5 * (r->legs - 1)) * r->spacing_m;
        double along = (j % 2 ? 0.5 : -0.5) * r->length_m; /* even legs run along u */
        for (int k = 0; k < 2; k++, along = -along)
            for (int i = 0; i < 2; i++)
                r->pts[2 * j + k][i] = r->centre[i] + across * w[i] + along * u[i];
    }
    r->npts = 2 * r->legs;
    r->loop = 1;
    return 0;
}

/* The turn at waypoint b between legs a→b and b→c: signed angle θ (left > 0) and tangent
 * length T = r·tan(|θ|/2); 0 for collinear legs. */
static double turn(const double *a, const double *b, const double *c, double r, double *theta)
{
    double d1[2] = {b[0] - a[0], b[1] - a[1]}, d2[2] = {c[0] - b[0], c[1] - b[1]};
    *theta = atan2(d1[0] * d2[1] - d1[1] * d2[0], d1[0] * d2[0] + d1[1] * d2[1]);
    return r * tan(0.5 * fabs(*theta));
}

static void add_leg(struct vg_route_path *p, const double from[2], const double to[2])
{
    double de = to[0] - from[0], dn = to[1] - from[1], len = hypot(de, dn);
    if (len <= 0.0)
        return; /* turns that meet: no leg between them */
    struct vg_route_piece *q = &p->piece[p->npieces++];
    memset(q, 0, sizeof *q);
    q->s0 = p->len;
    q->len = len;
    memcpy(q->p, from, sizeof q->p);
    q->u[0] = de / len;
    q->u[1] = dn / len;
    p->len += len;
}

/* The turn from its entry point with inbound unit direction d_in through the angle theta at
 * radius r: centre r to the left of d_in for a left turn, to the right for a right one. */
static void add_turn(struct vg_route_path *p, const double entry[2], const double d_in[2],
                     double theta, double r)
{
    double dir = theta > 0.0 ? 1.0 : -1.0;
    struct vg_route_piece *q = &p->piece[p->npieces++];
    memset(q, 0, sizeof *q);
    q->s0 = p->len;
    q->len = r * fabs(theta);
    q->r = r;
    q->dir = dir;
    q->p[0] = entry[0] - dir * r * d_in[1];
    q->p[1] = entry[1] + dir * r * d_in[0];
    q->phi0 = atan2(entry[1] - q->p[1], entry[0] - q->p[0]);
    p->len += q->len;
}

static int waypoints(struct vg_route_path *p, const struct vg_sim_route *c, double r,
                     struct vg_diag *why)
{
    int n = c->npts, loop = c->loop, nseg = loop ? n : n - 1;
    double T[VG_SIM_ROUTE_MAX], th[VG_SIM_ROUTE_MAX], L[VG_SIM_ROUTE_MAX];
    double d[VG_SIM_ROUTE_MAX][2]; /* unit direction of the leg from waypoint i */
    if (n < (loop ? 3 : 2))
        return vg_diag_set(why, VG_ERANGE, "a %s needs at least %d waypoints",
                           loop ? "loop" : "route", loop ? 3 : 2);
    for (int i = 0; i < nseg; i++) {
        const double *a = c->pts[i], *b = c->pts[(i + 1) % n];
        if (!((L[i] = hypot(b[0] - a[0], b[1] - a[1])) >= 1.0))
            return vg_diag_set(why, VG_ERANGE, "waypoints %d and %d are less than 1 m apart",
                               i + 1, (i + 1) % n + 1);
        d[i][0] = (b[0] - a[0]) / L[i];
        d[i][1] = (b[1] - a[1]) / L[i];
    }
    for (int i = 0; i < n; i++) {
        T[i] = th[i] = 0.0;
        if (!loop && (i == 0 || i == n - 1))
            continue;
        T[i] = turn(c->pts[(i + n - 1) % n], c->pts[i], c->pts[(i + 1) % n], r, &th[i]);
        if (fabs(th[i]) > 179.0 * VG__DEG)
            return vg_diag_set(why, VG_ERANGE, "the route turns back at waypoint %d (%.1f deg)",
                               i + 1, fabs(th[i]) / VG__DEG);
    }
    for (int i = 0; i < nseg; i++) {
        double need = T[i] + T[(i + 1) % n];
        if (need > L[i] * (1.0 + 1e-9))
            return vg_diag_set(why, VG_ERANGE,
                               "the turns at waypoints %d and %d need %.0f m of the %.0f m "
                               "between them (turn radius %.0f m = speed^2 / (max_g g0)): "
                               "space the waypoints out, fly slower or raise max_g",
                               i + 1, (i + 1) % n + 1, need, L[i], r);
    }
    /* Entry and exit of the turn at each waypoint (both the waypoint where there is none). */
    double E[VG_SIM_ROUTE_MAX][2], X[VG_SIM_ROUTE_MAX][2];
    for (int i = 0; i < n; i++)
        for (int k = 0; k < 2; k++) {
            E[i][k] = X[i][k] = c->pts[i][k];
            if (T[i] > 0.0) {
                E[i][k] -= T[i] * d[(i + n - 1) % n][k];
                X[i][k] += T[i] * d[i][k];
            }
        }
    /* Open: leg from the first waypoint, turn, leg, ..., leg to the last. Loop: from the exit
     * of the turn at the first waypoint: leg, turn at the second, ..., leg, turn at the first. */
    const double *at = loop ? X[0] : c->pts[0];
    for (int i = 1; i < (loop ? n + 1 : n - 1); i++) {
        int k = i % n;
        add_leg(p, at, E[k]);
        if (T[k] > 0.0)
            add_turn(p, E[k], d[i - 1], th[k], r);
        at = X[k];
    }
    if (!loop)
        add_leg(p, at, c->pts[n - 1]);
    return 0;
}

int vg_route_path_init(struct vg_route_path *p, const struct vg_sim_route *c,
                       struct vg_diag *why)
{
    memset(p, 0, sizeof *p);
    double V = c->speed_mps, a = c->max_g * VG_G0;
    if (!(V > 0.0) || !(a > 0.0))
        return vg_diag_set(why, VG_ERANGE, "speed and max_g must be positive");
    double r = V * V / a;
    p->t0 = c->start_s;
    p->v = V;
    p->h = c->height_m;
    p->a_turn = a;
    p->loop = c->loop || c->kind == VG_ROUTE_LOITER;
    if (c->kind == VG_ROUTE_LOITER) {
        if (c->radius_m < r * (1.0 - 1e-9))
            return vg_diag_set(why, VG_ERANGE,
                               "an orbit of radius %g m at %g m/s needs %.2f g, above max_g %g "
                               "(turn radius at max_g: %.0f m)",
                               c->radius_m, V, V * V / c->radius_m / VG_G0, c->max_g, r);
        struct vg_route_piece *q = &p->piece[p->npieces++];
        memset(q, 0, sizeof *q);
        q->len = 2.0 * VG__PI * c->radius_m;
        memcpy(q->p, c->centre, sizeof q->p);
        q->r = c->radius_m;
        q->phi0 = 0.5 * VG__PI; /* starts due north of the centre */
        q->dir = c->clockwise ? -1.0 : 1.0;
        p->len = q->len;
        p->a_turn = V * V / c->radius_m;
    } else {
        int rc = waypoints(p, c, r, why);
        if (rc < 0)
            return rc;
    }
    p->t_end = p->loop ? INFINITY : p->t0 + p->len / V;
    return 0;
}

void vg_route_path_eval(const struct vg_route_path *p, double t, double pos[3], double vel[3],
                        double acc[3])
{
    double s = p->v * (t - p->t0);
    s = s < 0.0 ? 0.0 : s;
    if (p->loop)
        s = fmod(s, p->len);
    else if (s > p->len)
        s = p->len;
    int lo = 0, hi = p->npieces - 1;
    while (lo < hi) { /* the last piece with s0 ≤ s */
        int mid = (lo + hi + 1) / 2;
        if (p->piece[mid].s0 <= s)
            lo = mid;
        else
            hi = mid - 1;
    }
    const struct vg_route_piece *q = &p->piece[lo];
    double sigma = fmin(s - q->s0, q->len), V = p->v;
    if (q->r > 0.0) {
        double phi = q->phi0 + q->dir * sigma / q->r, c = cos(phi), sn = sin(phi);
        pos[0] = q->p[0] + q->r * c;
        pos[1] = q->p[1] + q->r * sn;
        vel[0] = -V * q->dir * sn;
        vel[1] = V * q->dir * c;
        if (acc) {
            acc[0] = -V * V / q->r * c;
            acc[1] = -V * V / q->r * sn;
        }
    } else {
        for (int i = 0; i < 2; i++) {
            pos[i] = q->p[i] + sigma * q->u[i];
            vel[i] = V * q->u[i];
            if (acc)
                acc[i] = 0.0;
        }
    }
    pos[2] = p->h;
    vel[2] = 0.0;
    if (acc)
        acc[2] = 0.0;
}
