/* SPDX-License-Identifier: MIT */
/* deleter.c — when a track ends.
 *
 * Tentative: when it can no longer collect M hits within its first N covering scans
 * (hits so far + scans left < M), or its N scans are over and it was never located twice
 * (tracker.c confirms only tracks located twice: a plot and one sensor's bearings are not).
 * Confirmed or coasting: after delete_misses consecutive covering scans without a detection, or when its position uncertainty has grown past
 * delete_pos_sigma_m on any axis (Stone Soup's CovarianceBasedDeleter, on position only so
 * that the threshold has a unit an operator understands). The covariance rule holds whether
 * or not the batch's sensor looked at the track: a track that drifts out of every sensor's
 * cover is never charged a miss, and without it would live on, "confirmed", with an
 * uncertainty of kilometres that the assessor would read as a threat. A tentative track is
 * held to the larger of the threshold and twice its sigma at birth: a triangulation of two
 * direction finders 3 km out starts ~500 m wide, and must live until a radar plot or a third
 * ray narrows it (it was deleted by the next batch, before any sensor could look). */
#include <math.h>

#include "track/internal.h"

int vg__delete_check(const struct vg_tracker_config *cfg, const struct vg_track *trk,
                     const double P[VG_NX * VG_NX], int looked)
{
    if (looked && trk->status == VG_TRACK_TENTATIVE) {
        int n = cfg->confirm_n < 32 ? cfg->confirm_n : 32;
        int seen = trk->nhist < n ? trk->nhist : n;
        uint32_t window = trk->hist & (uint32_t)((1ull << seen) - 1);
        int hits = __builtin_popcount(window);
        if (hits + (n - seen) < cfg->confirm_m)
            return 1;
        if (cfg->confirm_m >= 2 && seen >= n && trk->located < 2) /* N over, located once */
            return 1;
    } else if (looked && trk->misses >= cfg->delete_misses) {
        return 1;
    }
    double lim = cfg->delete_pos_sigma_m * cfg->delete_pos_sigma_m;
    if (trk->status == VG_TRACK_TENTATIVE && 4.0 * trk->var0 > lim)
        lim = 4.0 * trk->var0;
    return P[0] > lim || P[7] > lim || P[14] > lim || !isfinite(P[0] + P[7] + P[14]);
}
