/* SPDX-License-Identifier: MIT */
/* radar.c — a simulated surveillance radar: who it sees, how well, and what else it reports.
 *
 * Signal: the radar equation with everything but range and target fixed,
 *     SNR(R, σ) = SNR_ref · 10^((σ − σ_ref)/10) · (R_ref / R)⁴,
 * anchored by the scenario's "Pd = pd_ref for a σ_ref target at R_ref".
 * Detection: a Swerling I target (the RCS fluctuates scan to scan, exponentially distributed
 * power: small drones and birds are far from steady reflectors) and a square-law detector on
 * one look. With the output normalised to the mean noise power, P = (1 + SNR)·E, E ~ Exp(1),
 * and the threshold T = −ln Pfa that noise alone (P = E) exceeds with probability Pfa,
 *     Pd = P(P > T) = exp(−T / (1 + SNR)) = Pfa^(1 / (1 + SNR))
 * (Richards, Fundamentals of Radar Signal Processing, 2nd ed., 2014, §7.3). Hence
 * SNR_ref = ln Pfa / ln pd_ref − 1, and Pd falls from pd_ref smoothly with R⁴ — not a cliff
 * at range_max_m, beyond which the radar does not report at all. The simulator draws E, so a
 * detection's snr_db (10·log10 P) is the detector output that crossed the threshold.
 * Coverage: range_min_m ≤ R ≤ range_max_m and el_min_deg ≤ el ≤ el_max_deg, all round.
 * Noise: independent Gaussian errors with the configured sigmas on range, azimuth, elevation
 * and (optionally) range rate; R = diag(σ²) in the units of z (radians). A configured bias
 * is added to the true range, azimuth and elevation first (reported = true + bias + noise);
 * coverage and Pd are the true geometry's.
 * Clutter: Poisson(clutter_per_scan) false detections per scan, uniform in the measurement
 * space range × azimuth × elevation — what a CFAR detector's constant false-alarm rate per
 * resolution cell gives — with volume
 *     V = (range_max − range_min) · 2π · (el_max − el_min)   [m·rad²],
 * so a tracker's clutter density is κ = clutter_per_scan / V per unit of (r, az, el). Their
 * range rate is uniform in ±clutter_rr_max_mps and their P = T + E (noise above threshold);
 * they carry no bias (being uniform, they would not show it). */
#include "sim/radar.h"

#include <math.h>
#include <string.h>

#include "sim/internal.h"

void vg_radar_polar(const double rel[3], const double vel[3], double z[4])
{
    double ground = hypot(rel[0], rel[1]);
    double range = hypot(ground, rel[2]);
    double az = atan2(rel[0], rel[1]);
    z[0] = range;
    z[1] = az < 0.0 ? az + 2.0 * VG__PI : az;
    z[2] = atan2(rel[2], ground);
    z[3] = range > 0.0 ? (rel[0] * vel[0] + rel[1] * vel[1] + rel[2] * vel[2]) / range : 0.0;
}

static double threshold(const struct vg_sim_radar *r)
{
    return -log(r->pfa);
}

double vg_radar_snr(const struct vg_sim_radar *r, double range_m, double rcs_dbsm)
{
    double snr_ref = log(r->pfa) / log(r->pd_ref) - 1.0;
    double q = r->pd_range_m / range_m;
    return snr_ref * pow(10.0, (rcs_dbsm - r->pd_rcs_dbsm) / 10.0) * (q * q) * (q * q);
}

static int covers(const struct vg_sim_radar *r, const double z[4])
{
    return z[0] >= r->range_min_m && z[0] <= r->range_max_m && z[0] > 0.0 &&
           z[2] >= r->el_min_deg * VG__DEG && z[2] <= r->el_max_deg * VG__DEG;
}

double vg_radar_pd(const struct vg_sim_radar *r, const double rel[3], double rcs_dbsm)
{
    static const double still[3] = {0.0, 0.0, 0.0};
    double z[4];
    vg_radar_polar(rel, still, z);
    if (!covers(r, z))
        return 0.0;
    return exp(-threshold(r) / (1.0 + vg_radar_snr(r, z[0], rcs_dbsm)));
}

double vg_radar_beam_time(const struct vg_sim_radar *r, double ts, double az_rad)
{
    return ts + az_rad / (2.0 * VG__PI) * r->period_s;
}

/* −ln(1 − U), U in [0, 1): an Exp(1) variate, finite. */
static double exp1(struct vg_rng *rng)
{
    return -log1p(-vg_rng_uniform(rng));
}

/* nz, flags and R = diag(σ²) of the radar's polar measurements; every other field zero
 * (a caller's record on the stack holds no stale bytes into the output). */
static void set_layout(const struct vg_sim_radar *r, struct vg_detection *det)
{
    double s[4] = {r->sigma_range_m, r->sigma_az_deg * VG__DEG, r->sigma_el_deg * VG__DEG,
                   r->sigma_rr_mps};
    memset(det, 0, sizeof *det);
    det->kind = VG_DET_POLAR;
    det->nz = r->sigma_rr_mps > 0.0 ? 4 : 3;
    det->flags = VG_DET_HAS_EL | VG_DET_HAS_SNR | (det->nz == 4 ? VG_DET_HAS_RR : 0);
    for (int i = 0; i < det->nz; i++)
        det->R[i * det->nz + i] = s[i] * s[i];
}

/* The RCS a radar reports: its echo power P (in units of the noise) less the noise, through
 * the radar equation at the measured range — σ̂ = σ_ref · (P − 1)/SNR_ref(r). One look at a
 * Swerling-I target spreads it as 10·log10 of an Exp(1) variate (mean −2.5 dB, sd 5.6 dB),
 * which is what identify/'s RCS model expects. No random draw: the measured power is the
 * plot's own. */
static void report_rcs(const struct vg_sim_radar *r, struct vg_detection *det, double P)
{
    if (!r->report_rcs)
        return;
    double snr_ref = vg_radar_snr(r, det->z[0] > 1.0 ? det->z[0] : 1.0, r->pd_rcs_dbsm);
    double rcs = r->pd_rcs_dbsm + 10.0 * log10(fmax(P - 1.0, 1e-3) / snr_ref);
    det->rcs_dbsm = (float)fmax(-80.0, fmin(80.0, rcs));
    det->flags |= VG_DET_HAS_RCS;
}

int vg_radar_observe(const struct vg_sim_radar *r, struct vg_rng *rng, const double rel[3],
                     const double vel[3], double rcs_dbsm, struct vg_detection *det)
{
    double z[4];
    vg_radar_polar(rel, vel, z);
    if (!covers(r, z))
        return 0;
    double P = (1.0 + vg_radar_snr(r, z[0], rcs_dbsm)) * exp1(rng);
    if (!(P > threshold(r)))
        return 0;
    set_layout(r, det);
    double bias[4] = {r->bias.range_m, r->bias.az_deg * VG__DEG, r->bias.el_deg * VG__DEG, 0.0};
    for (int i = 0; i < det->nz; i++)
        det->z[i] = z[i] + bias[i] + sqrt(det->R[i * det->nz + i]) * vg_rng_normal(rng);
    /* Keep the noisy values in the formats' domains; with sigmas far below the coverage
     * limits these folds almost never apply, and then only within a sigma of the edge. */
    det->z[0] = fabs(det->z[0]);
    det->z[1] = fmod(det->z[1], 2.0 * VG__PI);
    det->z[1] += det->z[1] < 0.0 ? 2.0 * VG__PI : 0.0;
    det->z[2] = fmax(-VG__PI / 2, fmin(VG__PI / 2, det->z[2]));
    det->snr_db = (float)(10.0 * log10(P));
    report_rcs(r, det, P);
    return 1;
}

void vg_radar_clutter(const struct vg_sim_radar *r, struct vg_rng *rng, struct vg_detection *det)
{
    set_layout(r, det);
    det->z[0] = vg_rng_range(rng, r->range_min_m, r->range_max_m);
    det->z[1] = vg_rng_range(rng, 0.0, 2.0 * VG__PI);
    det->z[2] = vg_rng_range(rng, r->el_min_deg, r->el_max_deg) * VG__DEG;
    double rr = vg_rng_range(rng, -r->clutter_rr_max_mps, r->clutter_rr_max_mps);
    if (det->nz == 4)
        det->z[3] = rr;
    double P = threshold(r) + exp1(rng);
    det->snr_db = (float)(10.0 * log10(P));
    report_rcs(r, det, P);
}
