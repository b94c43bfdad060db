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
 * bearing (direction finder, acoustic array, camera): the polar model without range,
 *     z = [az, el] or [az],  H = the polar model's ∂az/∂p and ∂el/∂p rows;
 * one helper (azel_rows) computes those rows for both kinds. The innovation's azimuth is
 * wrapped to (−π, π] for both. A single bearing has no range, so it has no position:
 * vg__meas_position returns VG_EUNSUPPORTED for it; positions come from triangulating the
 * bearings of several sensors (initiator_bearing.c).
 * The azimuth is undefined straight above the sensor (ρ → 0): such geometry returns
 * VG_ERANGE and the report is not used for that track, rather than producing a huge gain. */
#include <math.h>
#include <string.h>

#include "base/angle.h"
#include "base/err.h"
#include "track/internal.h"

#define MIN_RHO_M 1.0 /* below this horizontal distance azimuth is meaningless */

/* Azimuth (in [0, 2π)) and, when el is not NULL, elevation of d = p − s, with their
 * Jacobian rows ∂az/∂p, ∂el/∂p written into the first three entries of haz and hel (the
 * velocity columns are left alone). VG_ERANGE when ρ < MIN_RHO_M. */
static int azel_rows(const double d[3], double *az, double *haz, double *el, double *hel)
{
    double de = d[0], dn = d[1], du = d[2];
    double rho2 = de * de + dn * dn, rho = sqrt(rho2);
    if (rho < MIN_RHO_M)
        return VG_ERANGE;
    *az = atan2(de, dn);
    if (*az < 0)
        *az += 2.0 * VG_PI;
    haz[0] = dn / rho2;
    haz[1] = -de / rho2;
    haz[2] = 0.0;
    if (el) {
        double r2 = rho2 + du * du;
        *el = atan2(du, rho);
        hel[0] = -de * du / (r2 * rho);
        hel[1] = -dn * du / (r2 * rho);
        hel[2] = rho / r2;
    }
    return 0;
}

static int polar_predict(const struct vg_detection *det, const double s[3],
                         const double x[VG_NX], struct vg__meas *m)
{
    double d[3] = {x[0] - s[0], x[1] - s[1], x[2] - s[2]};
    double r2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2], r = sqrt(r2);
    int has_el = (det->flags & VG_DET_HAS_EL) != 0;
    int has_rr = (det->flags & VG_DET_HAS_RR) != 0;
    memset(m->H, 0, sizeof m->H);
    double *H = m->H;
    int rc = azel_rows(d, &m->zhat[1], H + 6, has_el ? &m->zhat[2] : NULL, H + 12);
    if (rc)
        return rc;
    m->nz = det->nz;
    m->zhat[0] = r;
    H[0] = d[0] / r;
    H[1] = d[1] / r;
    H[2] = d[2] / r;
    int row = 2 + has_el;
    if (has_rr) {
        const double *v = x + 3;
        double dv = d[0] * v[0] + d[1] * v[1] + d[2] * v[2];
        double *h = H + row * 6;
        m->zhat[row] = dv / r;
        for (int i = 0; i < 3; i++) {
            h[i] = v[i] / r - dv * d[i] / (r2 * r);
            h[3 + i] = d[i] / r;
        }
        row++;
    }
    return row == det->nz ? 0 : VG_EINVAL;
}

#define VG_SOUND_MPS 343.0 /* speed of sound in air at 20 °C */

static int bearing_predict(const struct vg_detection *det, const double s[3],
                           const double x[VG_NX], struct vg__meas *m)
{
    int has_el = (det->flags & VG_DET_HAS_EL) != 0;
    if (det->nz != 1 + has_el)
        return VG_EINVAL;
    double d[3] = {x[0] - s[0], x[1] - s[1], x[2] - s[2]};
    /* An acoustic array hears where the source was when the sound left it: τ = r/c earlier.
     * To first order the source was at p − v τ, so the bearing is taken to d − v τ and,
     * with τ held constant over the Jacobian (its own derivative is O(v/c) smaller), the
     * velocity columns are −τ times the position columns. At 500 m and 45 m/s this is a
     * 65 m shift — larger than the array's angular error. */
    double tau = 0.0;
    if (det->flags & VG_DET_ACOUSTIC) {
        tau = sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]) / VG_SOUND_MPS;
        for (int i = 0; i < 3; i++)
            d[i] -= x[3 + i] * tau;
    }
    memset(m->H, 0, sizeof m->H);
    int rc = azel_rows(d, &m->zhat[0], m->H, has_el ? &m->zhat[1] : NULL, m->H + 6);
    if (rc)
        return rc;
    m->nz = det->nz;
    if (tau > 0.0)
        for (int r = 0; r < m->nz; r++)
            for (int i = 0; i < 3; i++)
                m->H[r * 6 + 3 + i] = -tau * m->H[r * 6 + i];
    return 0;
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
    case VG_DET_BEARING:
        return bearing_predict(det, sensor_pos, x, m);
    default:
        return VG_EUNSUPPORTED;
    }
}

void vg__meas_innovation(const struct vg_detection *det, const struct vg__meas *m,
                         double y[VG_DET_NZ_MAX])
{
    for (int i = 0; i < m->nz; i++)
        y[i] = det->z[i] - m->zhat[i];
    /* Azimuth; elevation stays within ±π/2 and needs no wrap. */
    if (det->kind == VG_DET_POLAR)
        y[1] = vg_wrap_pi(y[1]);
    else if (det->kind == VG_DET_BEARING)
        y[0] = vg_wrap_pi(y[0]);
}

/* Polar to ENU: p = s + r [sin az cos el, cos az cos el, sin el]; the position covariance
 * is J R J' with J the Jacobian of that map (first-order, as in the classic converted
 * measurement; Bar-Shalom et al. 2001 §10.4). Without elevation the target is assumed at
 * the sensor's height with the elevation sigma of a 10° beam. A bearing (or anything else)
 * has no position of its own: VG_EUNSUPPORTED. */
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
