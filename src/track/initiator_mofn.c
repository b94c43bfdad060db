/* SPDX-License-Identifier: MIT */
/* initiator_mofn.c — new tracks from unassociated detections, confirmed by M-of-N.
 *
 * A detection no track claimed starts a tentative track at its position, with the
 * position covariance of the measurement (J R J' for polar reports) and a velocity prior
 * N(0, diag(σv², σv², σvz²)). When the report carries a range rate, the velocity along the
 * line of sight is known: the prior becomes v = rr·û with covariance
 *     (I − ûû') D (I − ûû') + σrr² ûû',  D = diag(σv², σv², σvz²),
 * so a radar with Doppler halves the unknowns of the first velocity estimate. The second
 * detection then fixes the rest through the ordinary Kalman update — the classic two-point
 * initiation (Bar-Shalom et al. 2001, §5.5.3) expressed as a filter.
 * Tentative tracks are confirmed when M of their first N covering scans held a detection
 * (Blackman & Popoli 1999, §3.3, "M/N logic") and deleted once M can no longer be reached. */
#include <math.h>
#include <string.h>

#include "track/internal.h"

void vg__initiate(const struct vg_tracker_config *cfg, const struct vg_detection *det,
                  const double sensor_pos[3], const double pos[3], const double Ppos[9],
                  struct vg_track *trk)
{
    memset(trk->x, 0, sizeof trk->x);
    memset(trk->P, 0, sizeof trk->P);
    for (int i = 0; i < 3; i++) {
        trk->x[i] = pos[i];
        for (int j = 0; j < 3; j++)
            trk->P[i * 6 + j] = Ppos[i * 3 + j];
    }
    double sv2 = cfg->init_speed_sigma * cfg->init_speed_sigma;
    double svz2 = cfg->init_vz_sigma * cfg->init_vz_sigma;
    double Pv[9] = {sv2, 0, 0, 0, sv2, 0, 0, 0, svz2};
    if (det->kind == VG_DET_POLAR && (det->flags & VG_DET_HAS_RR)) {
        double u[3], r = 0;
        for (int i = 0; i < 3; i++) {
            u[i] = pos[i] - sensor_pos[i];
            r += u[i] * u[i];
        }
        r = sqrt(r);
        if (r > 1.0) {
            int irr = det->nz - 1;
            double rr = det->z[irr], srr2 = det->R[irr * det->nz + irr];
            for (int i = 0; i < 3; i++) {
                u[i] /= r;
                trk->x[3 + i] = rr * u[i];
            }
            /* Σ = (I − ûû') D (I − ûû') + σrr² ûû', D = diag(σv², σv², σvz²): the prior
             * across the line of sight projected off it, plus the measured component along
             * it. Positive definite by construction, and the vertical prior stays bounded. */
            double Pr[9], DPr[9];
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++)
                    Pr[i * 3 + j] = (i == j) - u[i] * u[j];
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++)
                    DPr[i * 3 + j] = Pv[i * 3 + i] * Pr[i * 3 + j];
            double out[9];
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++) {
                    double acc = srr2 * u[i] * u[j];
                    for (int k = 0; k < 3; k++)
                        acc += Pr[i * 3 + k] * DPr[k * 3 + j];
                    out[i * 3 + j] = acc;
                }
            for (int i = 0; i < 9; i++)
                Pv[i] = out[i];
        }
    }
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            trk->P[(i + 3) * 6 + j + 3] = Pv[i * 3 + j];
    trk->status = VG_TRACK_TENTATIVE;
    trk->hist = 1;
    trk->nhist = 1;
    trk->hits = 1;
    trk->misses = 0;
    trk->t = det->t;
    trk->t_first = det->t;
    trk->var0 = fmax(Ppos[0], fmax(Ppos[4], Ppos[8]));
    trk->ray_sensor = UINT32_MAX;
    trk->ray_t = 0.0;
    trk->link = (det->flags & VG_DET_HAS_EMITTER) ? det->link : VG_LINK_NONE;
}

int vg__mofn_confirm(const struct vg_tracker_config *cfg, const struct vg_track *trk)
{
    int n = cfg->confirm_n < 32 ? cfg->confirm_n : 32;
    uint32_t window = trk->nhist < n ? trk->hist : trk->hist & (uint32_t)((1ull << n) - 1);
    return __builtin_popcount(window) >= cfg->confirm_m;
}
