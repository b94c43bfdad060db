/* SPDX-License-Identifier: MIT */
/* tracker_jpda.c — the JPDA stage: confirmed tracks updated with every gated report,
 * weighted by its marginal association probability (cfg.jpda).
 *
 * For each gated pair the likelihood ratio l_tj = P_D N(y_tj; 0, S_tj) / λ_t, with the
 * clutter density λ_t estimated non-parametrically from the track's own gate — the number
 * of reports in it over its volume V_t = c_nz γ^(nz/2) √det S (Bar-Shalom, Willett & Tian,
 * Tracking and Data Fusion, 2011, §3.4.3: the "non-parametric" PDA, which needs no clutter
 * map and whose units cancel whatever the measurement space: m³ for positions, m·rad² for
 * radar plots). The miss weight is 1 − P_D P_G. associator_jpda.c gives the marginals
 * β_tj, β_t0; updater_pda.c combines the reports (PDAF update with the spread of the
 * innovations). With the IMM, every model takes the PDA update with the same β's and the
 * mode probabilities follow the IMM-PDAF model likelihood
 *     Λ_j ∝ (1 − P_D P_G) + Σ_i P_D N(y_ij; 0, S_ij) / λ_t
 * (Bar-Shalom, Li & Kirubarajan 2001, §11.6.6 with the PDAF's measurement likelihood).
 * A report in any confirmed track's gate is spent: it starts no new track. */
#include <math.h>
#include <string.h>

#include "base/angle.h"
#include "track/tracker_impl.h"

#define MAX_PER_TRACK 64 /* gated reports one track combines (dense clutter beyond: first 64) */

static double ball_volume(int nz)
{
    static const double c[5] = {0, 2.0, VG_PI, 4.0 * VG_PI / 3.0, VG_PI * VG_PI / 2.0};
    return nz >= 1 && nz <= 4 ? c[nz] : 1.0;
}

/* Update one track's filter with its reports. 0 or an error with the track unchanged. */
static int update(struct vg_tracker *tr, size_t ti, const struct vg_detection *const *dp,
                  const double *beta, size_t n, double beta0, double lam, const double *spos)
{
    struct vg_track *k = &tr->c.trk[ti];
    double t = dp[0]->t, pd = tr->cfg.pd, w0 = 1.0 - pd * tr->cfg.gate_prob;
    if (!tr->cfg.imm) {
        double x[VG_NX], P[VG_NX * VG_NX];
        vg__cv_predict(k->x, k->P, t - k->t, tr->cfg.q_h, tr->cfg.q_v, x, P);
        int rc = vg__pda_update(dp, beta, n, beta0, spos, VG_NX, x, P);
        if (rc)
            return rc;
        memcpy(k->x, x, sizeof x);
        memcpy(k->P, P, sizeof P);
    } else {
        struct vg__imm pr;
        vg__imm_predict(&tr->cfg, &tr->c.imm[ti], t - k->t, &pr);
        double lik[VG_IMM_MODELS], sum = 0.0;
        for (int j = 0; j < VG_IMM_MODELS; j++) {
            lik[j] = w0;
            for (size_t i = 0; i < n; i++) {
                double d2, ld;
                if (vg__pda_distance(dp[i], spos, VG_IMM_NX, pr.x[j], pr.P[j], &d2, &ld) == 0)
                    lik[j] += vg__pda_lr(pd, lam, dp[i]->nz, d2, ld);
            }
            int rc = vg__pda_update(dp, beta, n, beta0, spos, VG_IMM_NX, pr.x[j], pr.P[j]);
            if (rc)
                return rc;
            pr.mu[j] *= lik[j];
            sum += pr.mu[j];
        }
        if (!(sum > 0.0) || !isfinite(sum))
            return VG_ERANGE;
        for (int j = 0; j < VG_IMM_MODELS; j++)
            pr.mu[j] = fmax(pr.mu[j] / sum, 1e-6);
        sum = pr.mu[0] + pr.mu[1] + pr.mu[2];
        for (int j = 0; j < VG_IMM_MODELS; j++)
            pr.mu[j] /= sum;
        tr->c.imm[ti] = pr;
        vg__imm_combine(&pr, k->x, k->P);
    }
    k->t = t;
    return 0;
}

int vg__tracker_jpda(struct vg_tracker *tr, const struct vg_detection *det, size_t ndet,
                     const double *spos, size_t nstage, size_t np)
{
    VG_GROW(tr->jp, tr->jp_cap, np ? np : 1);
    /* jbeta follows jp's capacity; the per-track arrays follow the stage size. */
    double *b = realloc(tr->jbeta, tr->jp_cap * sizeof *b);
    if (!b)
        return VG_ENOMEM;
    tr->jbeta = b;
    if (nstage > tr->jt_cap || !tr->jbeta0) {
        size_t cap = nstage > 64 ? nstage : 64;
        double *p0 = realloc(tr->jbeta0, cap * sizeof *p0);
        if (!p0)
            return VG_ENOMEM;
        tr->jbeta0 = p0;
        double *p1 = realloc(tr->jw0, cap * sizeof *p1);
        if (!p1)
            return VG_ENOMEM;
        tr->jw0 = p1;
        double *p2 = realloc(tr->jlam, cap * sizeof *p2);
        if (!p2)
            return VG_ENOMEM;
        tr->jlam = p2;
        tr->jt_cap = cap;
    }
    double pd = tr->cfg.pd;
    /* Pass 1: d² and log det S per pair; reports and gate volume per track. The pairs of
     * one track are consecutive (gating visits the stage track by track). */
    for (size_t t = 0; t < nstage; t++) {
        tr->jw0[t] = 1.0 - pd * tr->cfg.gate_prob;
        tr->jlam[t] = 0.0; /* volume, then density */
        tr->jbeta0[t] = 0.0; /* count for now */
    }
    for (size_t k = 0; k < np; k++) {
        const struct vg__pair *pr = &tr->pairs[k];
        size_t ti = (size_t)tr->stage[pr->trk];
        const struct vg_detection *d = &det[pr->det];
        double x[VG_NX], P[VG_NX * VG_NX], d2 = 0, ld = 0;
        if (tr->pred[ti].t == d->t) {
            memcpy(x, tr->pred[ti].x, sizeof x);
            memcpy(P, tr->pred[ti].P, sizeof P);
        } else {
            vg__tracker_predict(tr, ti, d->t, x, P);
        }
        vg__kf_distance(d, spos, x, P, &d2, &ld);
        tr->jp[k] = (struct vg__jpda_pair){pr->trk, pr->det, 0.0};
        tr->jbeta[k] = d2;
        tr->jbeta0[pr->trk] += 1.0;
        if (tr->jlam[pr->trk] == 0.0) {
            double g = tr->gamma[d->nz];
            tr->jlam[pr->trk] = ball_volume(d->nz) * pow(g, 0.5 * d->nz) * exp(0.5 * ld);
        }
        tr->jp[k].lr = ld; /* kept here until pass 2 */
    }
    for (size_t t = 0; t < nstage; t++)
        if (tr->jlam[t] > 0.0)
            tr->jlam[t] = tr->jbeta0[t] / tr->jlam[t];
    for (size_t k = 0; k < np; k++) {
        int32_t t = tr->jp[k].trk;
        tr->jp[k].lr = vg__pda_lr(pd, tr->jlam[t], det[tr->jp[k].det].nz, tr->jbeta[k],
                                  tr->jp[k].lr);
    }
    int rc = vg__jpda_marginals(&tr->jpda, nstage, ndet, tr->jp, np, tr->jw0, tr->jbeta,
                                tr->jbeta0);
    if (rc)
        return rc;
    /* Every gated report is spent; each track with reports is updated by them. */
    for (size_t k = 0; k < np; k++)
        tr->dflag[tr->jp[k].det] |= DF_USED;
    size_t k = 0;
    while (k < np) {
        int32_t t = tr->jp[k].trk;
        size_t e = k;
        while (e < np && tr->jp[e].trk == t)
            e++;
        const struct vg_detection *dp[MAX_PER_TRACK];
        double beta[MAX_PER_TRACK];
        size_t n = 0;
        for (size_t i = k; i < e && n < MAX_PER_TRACK; i++) {
            dp[n] = &det[tr->jp[i].det];
            beta[n++] = tr->jbeta[i];
        }
        size_t ti = (size_t)tr->stage[t];
        /* Updated either way; a hit for M-of-N and deletion only when detection is the
         * likelier event — else a track that clutter keeps feeding would never end. */
        if (update(tr, ti, dp, beta, n, tr->jbeta0[t], tr->jlam[t], spos) == 0) {
            tr->trk_det[ti] = tr->jbeta0[t] < 0.5 ? VG__UPDATED_BY_JPDA : VG__UPDATED_NO_HIT;
            /* The likeliest report, if it is likelier than not, carries the signature. */
            size_t best = 0;
            for (size_t i = 1; i < n; i++)
                best = beta[i] > beta[best] ? i : best;
            if (n && beta[best] > 0.5) {
                struct vg_track *trk = &tr->c.trk[ti];
                if (dp[best]->flags & VG_DET_HAS_EMITTER)
                    trk->link = dp[best]->link;
                if (tr->on_update && vg__tracker_reports_updates(tr))
                    tr->on_update(tr->on_update_user, trk, dp[best]);
            }
        }
        k = e;
    }
    return 0;
}
