/* SPDX-License-Identifier: MIT */
/* rcs_floor.c — per-sensor detection thresholds from the SNRs reported (see rcs_floor.h). */
#include "identify/rcs_floor.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"

void vg_rcs_floor_init(struct vg_rcs_floor *f)
{
    memset(f, 0, sizeof *f);
}

void vg_rcs_floor_fini(struct vg_rcs_floor *f)
{
    free(f->s);
    memset(f, 0, sizeof *f);
}

int vg_rcs_floor_observe(struct vg_rcs_floor *f, const struct vg_detection *det)
{
    if (!(det->flags & VG_DET_HAS_SNR) || !isfinite(det->snr_db) ||
        det->sensor >= VG_RCS_FLOOR_MAX_SENSORS)
        return 0;
    if (det->sensor >= f->n) {
        VG_GROW(f->s, f->cap, (size_t)det->sensor + 1);
        for (size_t i = f->n; i <= det->sensor; i++)
            f->s[i] = (struct vg_rcs_floor_sensor){INFINITY, 0};
        f->n = (size_t)det->sensor + 1;
    }
    struct vg_rcs_floor_sensor *e = &f->s[det->sensor];
    if (det->snr_db < e->snr_min_db)
        e->snr_min_db = det->snr_db;
    if (e->n < UINT32_MAX)
        e->n++;
    return 0;
}

double vg_rcs_floor_dbsm(const struct vg_rcs_floor *f, const struct vg_detection *det)
{
    if ((det->flags & (VG_DET_HAS_SNR | VG_DET_HAS_RCS)) != (VG_DET_HAS_SNR | VG_DET_HAS_RCS) ||
        !isfinite(det->snr_db) || !isfinite(det->rcs_dbsm) || det->sensor >= f->n ||
        f->s[det->sensor].n < VG_RCS_FLOOR_MIN_PLOTS)
        return NAN;
    /* Powers in units of the noise: P the plot's echo, T the threshold (P ≥ T by the
     * estimate). The signal part of each is what less the noise. */
    double P = pow(10.0, det->snr_db / 10.0);
    double T = pow(10.0, f->s[det->sensor].snr_min_db / 10.0);
    if (!(T > 1.0))
        return NAN; /* a threshold at or below the noise: no signal part to scale */
    if (!(P > T))
        return det->rcs_dbsm; /* the weakest plot yet: it is its own floor */
    return det->rcs_dbsm + 10.0 * log10((T - 1.0) / (P - 1.0));
}
