/* SPDX-License-Identifier: MIT */
/* classify.c — per-track class probabilities: features from the track's recent states and
 * its reports, folded into log-odds with forgetting (the recursion is in classify.h, the
 * models in likelihood.c).
 *
 * Cost per call: a pass over at most 16 stored states, four small mixture evaluations (about
 * 40 exp/log/erfc) and one exp() for the forgetting — about 1.2 µs at −O3, no allocation:
 * 10,000 tracks updated at 1 Hz cost about 1 % of a core. The state keeps floats for the
 * stored track states (1 mm at 10 km, 0.01 mm/s at 100 m/s: far below any track's error)
 * and doubles for times, which may be UNIX times. */
#include "identify/classify.h"

#include <math.h>
#include <string.h>

#include "identify/internal.h"

/* One feature observation may make a class at most this much (1000:1) less likely than the
 * class it fits best: a likelihood's tails are where its model is least trustworthy. */
#define FEATURE_LLR_MAX 6.9

/* The heading variance means little when the speed is small or no larger than its noise. */
#define HEADING_MIN_SPEED_MPS 3.0
#define HEADING_MIN_SNR 3.0

/* Known drone control and video links (formats.md names and their usual spellings). */
static const char *const DRONE_LINKS[] = {
    "analog-video", "digital-video", "dji-o3", "hdzero", "walksnail", "elrs", "crossfire",
    "tbs-crossfire", "ghost", "frsky", "flysky", "dji-ocusync", "dji-lightbridge", "mavlink",
};

int vg_emitter_from_link(const char *link)
{
    if (!link || !*link)
        return VG_EMITTER_NONE;
    for (size_t i = 0; i < sizeof DRONE_LINKS / sizeof DRONE_LINKS[0]; i++)
        if (strcmp(link, DRONE_LINKS[i]) == 0)
            return VG_EMITTER_DRONE_LINK;
    return VG_EMITTER_OTHER;
}

/* log prior, shifted so that its largest entry is 0 (all l are up to a common constant). */
static void prior_log(const struct vg_classifier *cls, double l0[VG_CLASS_NHYP])
{
    double p[VG_CLASS_NHYP] = {cls->prior_unknown, cls->prior_drone, cls->prior_bird,
                               cls->prior_aircraft};
    double m = p[0];
    for (int h = 1; h < VG_CLASS_NHYP; h++)
        m = p[h] > m ? p[h] : m;
    for (int h = 0; h < VG_CLASS_NHYP; h++)
        l0[h] = log(p[h] / m);
}

void vg_class_state_init(struct vg_class_state *st, const struct vg_classifier *cls)
{
    memset(st, 0, sizeof *st);
    prior_log(cls, st->l);
    st->t = st->t_kin = st->t_slow = st->t_rcs = st->t_hint = st->t_rf = st->t_push = -INFINITY;
}

/* l ← l0 + exp(−Δt/tau)·(l − l0) up to time t; an earlier t leaves l alone. A constant
 * common to all l stays common, so the posterior is unaffected by where l is pinned. */
static void forget(const struct vg_classifier *cls, struct vg_class_state *st, double t,
                   const double l0[VG_CLASS_NHYP])
{
    if (!(t > st->t))
        return;
    double lam = exp(-(t - st->t) / cls->tau_s); /* 0 on the first call (st->t = −inf) */
    for (int h = 0; h < VG_CLASS_NHYP; h++)
        st->l[h] = l0[h] + lam * (st->l[h] - l0[h]);
    st->t = t;
}

/* Weight of evidence of one kind at t, min(1, Δt/corr) since its last time (which moves on
 * to t); 0 for a time not after the last. */
static double weight(double t, double *t_last, double corr)
{
    if (!(t > *t_last))
        return 0.0;
    double w = (t - *t_last) / corr;
    *t_last = t;
    return w < 1.0 ? w : 1.0;
}

/* l_c += gain·max(log p(z | c) − max_h log p(z | h), −FEATURE_LLR_MAX). */
static void add(struct vg_class_state *st, const double ll[VG_CLASS_NHYP], double gain)
{
    if (gain <= 0.0)
        return;
    double m = ll[0];
    for (int h = 1; h < VG_CLASS_NHYP; h++)
        m = ll[h] > m ? ll[h] : m;
    for (int h = 0; h < VG_CLASS_NHYP; h++) {
        double d = ll[h] - m;
        st->l[h] += gain * (d < -FEATURE_LLR_MAX ? -FEATURE_LLR_MAX : d);
    }
}

/* Shift l so that its largest entry is 0, and hold every entry within llr_max of it: no
 * class is ever more than e^llr_max times less likely than the best. */
static void normalise(const struct vg_classifier *cls, struct vg_class_state *st)
{
    double m = st->l[0];
    for (int h = 1; h < VG_CLASS_NHYP; h++)
        m = st->l[h] > m ? st->l[h] : m;
    for (int h = 0; h < VG_CLASS_NHYP; h++) {
        double d = st->l[h] - m;
        st->l[h] = d < -cls->llr_max ? -cls->llr_max : d;
    }
}

/* Features of the track: the newest state's speed, vertical speed and height (a tracker's
 * estimate is already an average, and its covariance says how good), and the heading's
 * variance over the window ending at the newest stored state. */
struct features {
    double speed, speed_sd; /* 3-D speed, m/s */
    double vz, vz_sd;       /* vertical speed, m/s */
    double h, h_sd;         /* height above ground, m */
    double hvar, hvar_noise; /* heading circular variance and its noise part; hvar < 0: none */
};

static void features(const struct vg_classifier *cls, const struct vg_class_state *st,
                     const double *P, struct features *f)
{
    const struct vg_class_sample *nw = &st->hist[st->head];
    double sum_sh = 0.0, sum_e = 0.0, sum_n = 0.0, t_old = nw->t;
    int n = 0;
    for (int k = 0; k < st->nhist; k++) {
        const struct vg_class_sample *s = &st->hist[(st->head - k + VG_CLASS_HIST) % VG_CLASS_HIST];
        if (nw->t - s->t > cls->window_s)
            break;
        sum_sh += sqrt((double)s->x[3] * s->x[3] + (double)s->x[4] * s->x[4]);
        sum_e += s->x[3];
        sum_n += s->x[4];
        t_old = s->t;
        n++;
    }
    double v[3] = {nw->x[3], nw->x[4], nw->x[5]}, vv = v[0] * v[0] + v[1] * v[1] + v[2] * v[2];
    f->speed = sqrt(vv);
    f->vz = v[2];
    f->h = nw->x[2] - cls->ground_u_m;

    /* Errors: the speed's is the velocity covariance projected on the velocity. */
    double var_e, var_n, var_u, var_h, proj;
    if (P) {
        var_e = P[3 * 6 + 3], var_n = P[4 * 6 + 4], var_u = P[5 * 6 + 5], var_h = P[2 * 6 + 2];
        proj = (var_e + var_n + var_u) / 3.0;
        if (vv > 1e-6) {
            proj = 0.0;
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++)
                    proj += v[i] * P[(3 + i) * 6 + 3 + j] * v[j];
            proj /= vv;
        }
    } else {
        var_e = var_n = var_u = proj = cls->vel_sigma_mps * cls->vel_sigma_mps;
        var_h = cls->pos_sigma_m * cls->pos_sigma_m;
    }
    f->speed_sd = sqrt(fmax(proj, 0.0));
    f->vz_sd = sqrt(fmax(var_u, 0.0));
    f->h_sd = sqrt(fmax(var_h, 0.0));

    /* Heading: 1 − |Σ v_h| / Σ |v_h|, once the window is long enough and the speed is well
     * above its noise; the noise alone gives about σ²/(2·v̄²) per axis variance σ². */
    double vh = sum_sh / n, sig2 = 0.5 * (fmax(var_e, 0.0) + fmax(var_n, 0.0));
    f->hvar = -1.0;
    f->hvar_noise = 0.0;
    if (n >= 3 && nw->t - t_old >= cls->min_span_s && vh >= HEADING_MIN_SPEED_MPS &&
        vh * vh >= HEADING_MIN_SNR * HEADING_MIN_SNR * sig2) {
        f->hvar = fmax(0.0, 1.0 - sqrt(sum_e * sum_e + sum_n * sum_n) / sum_sh);
        f->hvar_noise = fmin(1.0, sig2 / (2.0 * vh * vh));
    }
}

/* Values a site-frame state can hold: finite and |v| ≤ lim (so that floats hold them and
 * the covariance products below cannot overflow). */
static int bounded(const double *v, int n, double lim)
{
    for (int i = 0; i < n; i++)
        if (!(fabs(v[i]) <= lim))
            return 0;
    return 1;
}

int vg_classify_state(const struct vg_classifier *cls, struct vg_class_state *st, double t,
                      const double x[6], const double *P)
{
    if (!isfinite(t) || !bounded(x, 6, 1e9) || (P && !bounded(P, 36, 1e18)))
        return VG_EINVAL;
    if (st->nhist && !(t > st->hist[st->head].t))
        return 0;

    /* A new slot once hist_dt_s has passed since the last new one; otherwise the newest
     * slot follows the latest state, so the window always ends now. */
    if (st->nhist == 0 || t - st->t_push >= cls->hist_dt_s) {
        st->head = st->nhist == 0 ? 0 : (uint8_t)((st->head + 1) % VG_CLASS_HIST);
        if (st->nhist < VG_CLASS_HIST)
            st->nhist++;
        st->t_push = t;
    }
    struct vg_class_sample *s = &st->hist[st->head];
    s->t = t;
    for (int i = 0; i < 6; i++)
        s->x[i] = (float)x[i];

    struct features f;
    features(cls, st, P, &f);

    double l0[VG_CLASS_NHYP], ll[VG_CLASS_NHYP];
    prior_log(cls, l0);
    forget(cls, st, t, l0);
    double w = weight(t, &st->t_kin, cls->kin_corr_s);
    double ws = weight(t, &st->t_slow, cls->slow_corr_s);
    /* ε halves with each update since the track's birth or its last gap. */
    double eps = cls->kin_young * ldexp(1.0, -(int)(st->streak < 60 ? st->streak : 60));
    eps = eps > cls->kin_outlier ? eps : cls->kin_outlier;
    vg__lik_speed(f.speed, f.speed_sd, eps, ll);
    add(st, ll, w * cls->g_speed);
    vg__lik_climb(f.vz, f.vz_sd, eps, ll);
    add(st, ll, w * cls->g_climb);
    vg__lik_height(f.h, f.h_sd, ll);
    add(st, ll, ws * cls->g_height);
    if (f.hvar >= 0.0) {
        vg__lik_heading(f.hvar, f.hvar_noise, ll);
        add(st, ll, ws * cls->g_heading);
    }
    normalise(cls, st);
    st->nkin++;
    st->streak++;
    return 0;
}

int vg_classify_radial(const struct vg_classifier *cls, struct vg_class_state *st, double t,
                       double rr)
{
    if (!isfinite(t) || !isfinite(rr))
        return VG_EINVAL;
    if (st->nhist && !(t > st->hist[st->head].t))
        return 0;
    double l0[VG_CLASS_NHYP], ll[VG_CLASS_NHYP];
    prior_log(cls, l0);
    forget(cls, st, t, l0);
    vg__lik_radial(rr, cls->kin_outlier, ll);
    add(st, ll, weight(t, &st->t_kin, cls->kin_corr_s) * cls->g_speed);
    normalise(cls, st);
    return 0;
}

void vg_class_state_gap(struct vg_class_state *st)
{
    st->streak = 0;
}

int vg_classify_report(const struct vg_classifier *cls, struct vg_class_state *st,
                       const struct vg_detection *det, int emitter, double rcs_floor_dbsm)
{
    if (!isfinite(det->t))
        return VG_EINVAL;
    double l0[VG_CLASS_NHYP], ll[VG_CLASS_NHYP];
    prior_log(cls, l0);
    forget(cls, st, det->t, l0);
    if ((det->flags & VG_DET_HAS_RCS) && isfinite(det->rcs_dbsm)) {
        vg__lik_rcs(det->rcs_dbsm, rcs_floor_dbsm, ll);
        add(st, ll, weight(det->t, &st->t_rcs, cls->report_corr_s) * cls->g_rcs);
    }
    if ((det->flags & VG_DET_HAS_HINT) &&
        vg__lik_hint(det->class_hint, det->class_p, cls->hint_trust, ll) == 0)
        add(st, ll, weight(det->t, &st->t_hint, cls->report_corr_s) * cls->g_hint);
    if (vg__lik_emitter(emitter, cls->emitter_lr, ll) == 0)
        add(st, ll, weight(det->t, &st->t_rf, cls->report_corr_s) * cls->g_emitter);
    normalise(cls, st);
    st->nrep++;
    return 0;
}

void vg_class_probs(const struct vg_class_state *st, double p[VG_CLASS_COUNT])
{
    double m = st->l[0];
    for (int h = 1; h < VG_CLASS_NHYP; h++)
        m = st->l[h] > m ? st->l[h] : m;
    double sum = 0.0;
    for (int c = 0; c < VG_CLASS_COUNT; c++) {
        p[c] = c < VG_CLASS_NHYP ? exp(st->l[c] - m) : 0.0;
        sum += p[c];
    }
    for (int c = 0; c < VG_CLASS_COUNT; c++)
        p[c] /= sum;
}

int vg_class_best(const struct vg_class_state *st, double *p)
{
    double pr[VG_CLASS_COUNT];
    vg_class_probs(st, pr);
    int best = 0;
    for (int h = 1; h < VG_CLASS_NHYP; h++)
        if (pr[h] > pr[best])
            best = h;
    if (p)
        *p = pr[best];
    return best;
}
