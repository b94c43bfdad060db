/* SPDX-License-Identifier: MIT */
/* cooperative.c — correlation of ADS-B and Remote ID reports with tracks (cooperative.h).
 *
 * Gating: d² = Δ' (P_pos + (σ_rep² + (v_d·age)²) I)⁻¹ Δ < γ, Δ the track's position minus
 * the report's extrapolated to the track's time (by its own velocity when it gives one).
 * Assignment: all gated (identity, track) pairs sorted by d², taken greedily — nearest
 * first, each side once. Greedy is exact here in practice: cooperative objects are few and
 * far apart compared with their gates (aircraft, registered drones); the tracker's own
 * association, where crowding is the rule, uses the optimal solver. */
#include "identify/cooperative.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/grow.h"
#include "base/mat.h"

void vg_coop_config_default(struct vg_coop_config *c)
{
    c->max_age_s = 5.0;
    c->gate_chi2 = 16.27; /* χ²(3) at 0.999 */
    c->drift_mps = 5.0;
}

void vg_coop_init(struct vg_coop *c, const struct vg_coop_config *cfg)
{
    memset(c, 0, sizeof *c);
    c->cfg = *cfg;
}

void vg_coop_fini(struct vg_coop *c)
{
    free(c->e);
    free(c->cand);
    free(c->taken);
    memset(c, 0, sizeof *c);
}

int vg_coop_report(struct vg_coop *c, const struct vg_detection *det)
{
    if ((det->kind != VG_DET_ADSB && det->kind != VG_DET_REMOTEID) || !det->coop_id[0] ||
        det->nz != 3)
        return VG_EINVAL;
    size_t i = 0;
    while (i < c->n && strncmp(c->e[i].id, det->coop_id, sizeof c->e[i].id) != 0)
        i++;
    if (i == c->n) {
        if (c->n == c->cap) {
            size_t cap = c->cap ? 2 * c->cap : 16;
            struct vg_coop_entry *e = realloc(c->e, cap * sizeof *e);
            if (!e)
                return VG_ENOMEM;
            c->e = e;
            c->cap = cap;
        }
        memset(&c->e[i], 0, sizeof c->e[i]);
        snprintf(c->e[i].id, sizeof c->e[i].id, "%s", det->coop_id);
        c->n++;
    } else if (det->t < c->e[i].t) {
        return 0; /* an older report than the one held */
    }
    struct vg_coop_entry *e = &c->e[i];
    e->kind = det->kind;
    e->t = det->t;
    for (int k = 0; k < 3; k++)
        e->pos[k] = det->z[k];
    e->var = (det->R[0] + det->R[4] + det->R[8]) / 3.0;
    e->has_vel = (det->flags & VG_DET_HAS_COOP_VEL) != 0;
    for (int k = 0; k < 3; k++)
        e->vel[k] = e->has_vel ? det->coop_vel[k] : 0.0;
    return 0;
}

struct vg__coop_cand {
    double d2;
    int e, k;
};

static int by_d2(const void *a, const void *b)
{
    const struct vg__coop_cand *x = a, *y = b;
    if (x->d2 != y->d2)
        return x->d2 < y->d2 ? -1 : 1;
    return x->e != y->e ? x->e - y->e : x->k - y->k;
}

int vg_coop_match(struct vg_coop *c, double t, const struct vg_track *trk, size_t n,
                  int *match)
{
    for (size_t k = 0; k < n; k++)
        match[k] = -1;
    /* Drop expired identities (order kept: stable output). */
    size_t w = 0;
    for (size_t i = 0; i < c->n; i++)
        if (t - c->e[i].t <= c->cfg.max_age_s)
            c->e[w++] = c->e[i];
    c->n = w;
    if (c->n == 0 || n == 0)
        return 0;
    size_t nc = 0;
    for (size_t i = 0; i < c->n; i++) {
        const struct vg_coop_entry *e = &c->e[i];
        double age = fabs(t - e->t), p[3];
        for (int a = 0; a < 3; a++)
            p[a] = e->pos[a] + (e->has_vel ? e->vel[a] * (t - e->t) : 0.0);
        double extra = e->var + (c->cfg.drift_mps * age) * (c->cfg.drift_mps * age);
        for (size_t k = 0; k < n; k++) {
            if (trk[k].status == VG_TRACK_TENTATIVE)
                continue;
            double S[9], L[9], d[3];
            for (int a = 0; a < 3; a++) {
                d[a] = trk[k].x[a] - p[a];
                for (int b = 0; b < 3; b++)
                    S[a * 3 + b] = trk[k].P[a * 6 + b] + (a == b ? extra : 0.0);
            }
            if (fabs(d[0]) + fabs(d[1]) > 5000.0 || vg_mat_chol(L, S, 3))
                continue;
            double d2 = vg_mat_chol_mahal2(L, d, 3);
            if (!(d2 < c->cfg.gate_chi2))
                continue;
            VG_GROW(c->cand, c->cand_cap, nc + 1);
            c->cand[nc++] = (struct vg__coop_cand){d2, (int)i, (int)k};
        }
    }
    if (nc == 0)
        return 0;
    struct vg__coop_cand *cd = c->cand;
    qsort(cd, nc, sizeof *cd, by_d2);
    VG_GROW(c->taken, c->taken_cap, c->n);
    memset(c->taken, 0, c->n);
    for (size_t j = 0; j < nc; j++)
        if (!c->taken[cd[j].e] && match[cd[j].k] < 0) {
            c->taken[cd[j].e] = 1;
            match[cd[j].k] = cd[j].e;
        }
    return 0;
}
