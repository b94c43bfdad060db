/* SPDX-License-Identifier: MIT */
/* measure.c — measurement models: what a sensor would report for a state, and its Jacobian.
 *
 * xyz: z = H x with H = [I₃ 0], linear.
 * polar, relative to the sensor position s, with d = p − s, ρ = √(de² + dn²), r = |d|:
 *     range = r,  az = atan2(de, dn) (clockwise from north),  el = atan2(du, ρ),
 *     rr = d·v / r (positive receding).
 * Jacobian (Blackman & Popoli, Design and Analysis of Modern Tracking Systems, 1999, §4.2;
 * written out here because it is easy to get a sign wrong):
 *     ∂r/∂p = dᵀ/r;  ∂az/∂p = [dn, −de, 0]/ρ²;  ∂el/∂p = [−de·du, −dn·du, ρ²]/(r²ρ);
 *     ∂rr/∂p = vᵀ/r − (d·v) dᵀ/r³;  ∂rr/∂v = dᵀ/r.
 * The azimuth is undefined straight above the sensor (ρ → 0): such geometry returns
 * VG_ERANGE and the report is not used for that track, rather than producing a huge gain. */
#include <math.h>
#include <string.h>

#include "base/angle.h"
#include "base/err.h"
#include "track/internal.h"

#define MIN_RHO_M 1.0 /* below this horizontal distance azimuth is meaningless */

static int polar_predict(const struct vg_detection *det, const double s[3],
                         const double x[VG_NX], struct vg__meas *m)
{
    double de = x[0] - s[0], dn = x[1] - s[1], du = x[2] - s[2];
    double rho2 = de * de + dn * dn, rho = sqrt(rho2);
    double r2 = rho2 + du * du, r = sqrt(r2);
    if (rho < MIN_RHO_M)
        return VG_ERANGE;
    int has_rr = (det->flags & VG_DET_HAS_RR) != 0;
    m->nz = det->nz;
    memset(m->H, 0, sizeof m->H);
    double *H = m->H;
    m->zhat[0] = r;
    H[0] = de / r;
    H[1] = dn / r;
    H[2] = du / r;
    m->zhat[1] = atan2(de, dn);
    if (m->zhat[1] < 0)
        m->zhat[1] += 2.0 * VG_PI;
    H[6 + 0] = dn / rho2;
    H[6 + 1] = -de / rho2;
    int row = 2;
    if (det->flags & VG_DET_HAS_EL) {
        m->zhat[2] = atan2(du, rho);
        H[12 + 0] = -de * du / (r2 * rho);
        H[12 + 1] = -dn * du / (r2 * rho);
        H[12 + 2] = rho / r2;
        row = 3;
    }
    if (has_rr) {
        const double *v = x + 3;
        double dv = de * v[0] + dn * v[1] + du * v[2];
        double *h = H + row * 6;
        m->zhat[row] = dv / r;
        h[0] = v[0] / r - dv * de / (r2 * r);
        h[1] = v[1] / r - dv * dn / (r2 * r);
        h[2] = v[2] / r - dv * du / (r2 * r);
        h[3] = de / r;
        h[4] = dn / r;
        h[5] = du / r;
        row++;
    }
    return row == det->nz ? 0 : VG_EINVAL;
}

int vg__meas_predict(const struct vg_detection *det, const double sensor_pos[3],
                     const double x[VG_NX], struct vg__meas *m)
{
    switch (det->kind) {
    case VG_DET_XYZ:
        m->nz = 3;
        memset(m->H, 0, sizeof m->H);
        for (int i = 0; i < 3; i++) {
            m->zhat[i] = x[i];
            m->H[i * 6 + i] = 1.0;
        }
        return 0;
    case VG_DET_POLAR:
        return polar_predict(det, sensor_pos, x, m);
    default:
        return VG_EUNSUPPORTED;
    }
}

void vg__meas_innovation(const struct vg_detection *det, const struct vg__meas *m,
                         double y[VG_DET_NZ_MAX])
{
    for (int i = 0; i < m->nz; i++)
        y[i] = det->z[i] - m->zhat[i];
    if (det->kind == VG_DET_POLAR)
        y[1] = vg_wrap_pi(y[1]); /* azimuth; elevation stays within ±π/2 and needs no wrap */
}

/* Polar to ENU: p = s + r [sin az cos el, cos az cos el, sin el]; the position covariance
 * is J R J' with J the Jacobian of that map (first-order, as in the classic converted
 * measurement; Bar-Shalom et al. 2001 §10.4). Without elevation the target is assumed at
 * the sensor's height with the elevation sigma of a 10° beam. */
int vg__meas_position(const struct vg_detection *det, const double sensor_pos[3],
                      double pos[3], double Ppos[9])
{
    if (det->kind == VG_DET_XYZ) {
        for (int i = 0; i < 3; i++)
            pos[i] = det->z[i];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                Ppos[i * 3 + j] = det->R[i * det->nz + j];
        return 0;
    }
    if (det->kind != VG_DET_POLAR)
        return VG_EUNSUPPORTED;
    int nz = det->nz;
    double r = det->z[0], az = det->z[1];
    double el = (det->flags & VG_DET_HAS_EL) ? det->z[2] : 0.0;
    double sa = sin(az), ca = cos(az), se = sin(el), ce = cos(el);
    pos[0] = sensor_pos[0] + r * sa * ce;
    pos[1] = sensor_pos[1] + r * ca * ce;
    pos[2] = sensor_pos[2] + r * se;
    /* J columns: ∂/∂r, ∂/∂az, ∂/∂el */
    double J[9] = {sa * ce, r * ca * ce, -r * sa * se,
                   ca * ce, -r * sa * ce, -r * ca * se,
                   se, 0.0, r * ce};
    double Rp[9] = {0};
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++)
            Rp[i * 3 + j] = det->R[i * nz + j];
    if (det->flags & VG_DET_HAS_EL) {
        for (int i = 0; i < 3; i++) {
            Rp[i * 3 + 2] = det->R[i * nz + 2];
            Rp[2 * 3 + i] = det->R[2 * nz + i];
        }
    } else {
        double sel = 10.0 * VG_PI / 180.0;
        Rp[8] = sel * sel;
    }
    double JR[9];
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            double s = 0;
            for (int k = 0; k < 3; k++)
                s += J[i * 3 + k] * Rp[k * 3 + j];
            JR[i * 3 + j] = s;
        }
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            double s = 0;
            for (int k = 0; k < 3; k++)
                s += JR[i * 3 + k] * J[j * 3 + k];
            Ppos[i * 3 + j] = s;
        }
    return 0;
}
