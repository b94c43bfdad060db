/* SPDX-License-Identifier: MIT */
/* rcs_floor.c — per-sensor detection thresholds from the SNRs reported (see rcs_floor.h). */
#include "identify/rcs_floor.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"

void vg_rcs_floor_init(struct vg_rcs_floor *f)
{
    memset(f, 0, sizeof *f);
}

void vg_rcs_floor_fini(struct vg_rcs_floor *f)
{
    free(f->snr_min_db);
    free(f->n);
    memset(f, 0, sizeof *f);
}

static int reserve(struct vg_rcs_floor *f, size_t need)
{
    if (need <= f->cap)
        return 0;
    size_t cap = f->cap ? f->cap : 8;
    while (cap < need)
        cap *= 2;
    float *s = realloc(f->snr_min_db, cap * sizeof *s);
    if (!s)
        return VG_ENOMEM;
    f->snr_min_db = s;
    uint32_t *n = realloc(f->n, cap * sizeof *n);
    if (!n)
        return VG_ENOMEM;
    f->n = n;
    for (size_t i = f->cap; i < cap; i++) {
        f->snr_min_db[i] = INFINITY;
        f->n[i] = 0;
    }
    f->cap = cap;
    return 0;
}

int vg_rcs_floor_observe(struct vg_rcs_floor *f, const struct vg_detection *det)
{
    if (!(det->flags & VG_DET_HAS_SNR) || !isfinite(det->snr_db) ||
        det->sensor >= VG_RCS_FLOOR_MAX_SENSORS)
        return 0;
    int rc = reserve(f, (size_t)det->sensor + 1);
    if (rc)
        return rc;
    if (det->snr_db < f->snr_min_db[det->sensor])
        f->snr_min_db[det->sensor] = det->snr_db;
    if (f->n[det->sensor] < UINT32_MAX)
        f->n[det->sensor]++;
    return 0;
}

double vg_rcs_floor_dbsm(const struct vg_rcs_floor *f, const struct vg_detection *det)
{
    if ((det->flags & (VG_DET_HAS_SNR | VG_DET_HAS_RCS)) != (VG_DET_HAS_SNR | VG_DET_HAS_RCS) ||
        !isfinite(det->snr_db) || !isfinite(det->rcs_dbsm) || det->sensor >= f->cap ||
        f->n[det->sensor] < VG_RCS_FLOOR_MIN_PLOTS)
        return NAN;
    /* Powers in units of the noise: P the plot's echo, T the threshold (P ≥ T by the
     * estimate). The signal part of each is what less the noise. */
    double P = pow(10.0, det->snr_db / 10.0), T = pow(10.0, f->snr_min_db[det->sensor] / 10.0);
    if (!(T > 1.0))
        return NAN; /* a threshold at or below the noise: no signal part to scale */
    if (!(P > T))
        return det->rcs_dbsm; /* the weakest plot yet: it is its own floor */
    return det->rcs_dbsm + 10.0 * log10((T - 1.0) / (P - 1.0));
}
