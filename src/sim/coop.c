/* SPDX-License-Identifier: MIT */
/* coop.c — simulated ADS-B and Remote ID receivers: objects that say where they are.
 *
 * A cooperative object broadcasts its own GNSS position, velocity and identity: a manned
 * aircraft's Mode S transponder in ADS-B Extended Squitter on 1090 MHz (RTCA DO-260B: airborne
 * position and velocity twice a second each), a drone's ASTM F3411 Remote ID over Wi-Fi or
 * Bluetooth (location message at least once a second). A receiver decodes those, so:
 *  - it hears only objects that broadcast, and never reports anything else: no clutter, no
 *    misses to count (the tracker does not count them either, by sensor type);
 *  - each object has its own schedule, independent of the receiver: updates at
 *    t_k = φ + k·P + U[−j, +j] with φ uniform in [0, P) per object and receiver (P the
 *    update interval the receiver outputs, j ≤ P/2 the jitter, so t_k never overtakes
 *    t_k+1), each lost with probability `loss` (collisions, fading, a bad CRC);
 *  - it hears within range_m and the radio horizon — line of sight over the 4/3 Earth,
 *    d ≤ 4.12 km·(√h_rx + √h_tx) with heights in m above the ground, so a helicopter at 150 m
 *    is heard to ~63 km by a mast at 10 m, however sensitive the receiver;
 *  - the error is the object's own navigation error, Gaussian and independent per update:
 *    σh per horizontal axis, σv up, σvel per velocity axis, and the report states it
 *    (R = diag(σh², σh², σv²)), as a NACp / F3411 accuracy field would.
 * The operator position of a Remote ID broadcast is reported as configured (the controller
 * does not move). Random numbers come from a stream per receiver and object, seeded from the
 * object's id, so adding an object or a receiver changes no other object's updates. */
#include "sim/coop.h"

#include <math.h>
#include <string.h>

#include "sim/internal.h"

#define KR_M (4.0 / 3.0 * 6371000.0) /* effective Earth radius for radio, standard refraction */

int vg_coop_hears(const struct vg_sim_coop_receiver *r, const struct vg_sim_object *o)
{
    return r->type == VG_SENSOR_ADSB ? (o->coop & VG_SIM_COOP_ADSB) != 0
                                     : (o->coop & VG_SIM_COOP_REMOTEID) != 0;
}

double vg_coop_horizon_m(double h1_m, double h2_m)
{
    return sqrt(2.0 * KR_M * fmax(h1_m, 0.0)) + sqrt(2.0 * KR_M * fmax(h2_m, 0.0));
}

int vg_coop_reaches(const struct vg_sim_coop_receiver *r, const double pos[3])
{
    double de = pos[0] - r->pos[0], dn = pos[1] - r->pos[1], du = pos[2] - r->pos[2];
    double d = sqrt(de * de + dn * dn + du * du);
    return d <= r->range_m && hypot(de, dn) <= vg_coop_horizon_m(r->pos[2], pos[2]);
}

uint64_t vg_coop_seed(uint64_t rx_seed, const char *id)
{
    uint64_t h = 0xcbf29ce484222325ULL; /* FNV-1a, 64-bit */
    for (const unsigned char *p = (const unsigned char *)id; *p; p++)
        h = (h ^ *p) * 0x100000001b3ULL;
    return vg__mix64(rx_seed ^ vg__mix64(h));
}

void vg_coop_observe(const struct vg_sim_coop_receiver *r, struct vg_rng *rng,
                     const struct vg_sim_object *o, const double pos[3], const double vel[3],
                     struct vg_detection *det)
{
    memset(det, 0, sizeof *det);
    det->kind = r->type == VG_SENSOR_ADSB ? VG_DET_ADSB : VG_DET_REMOTEID;
    det->nz = 3;
    double sd[3] = {r->sigma_h_m, r->sigma_h_m, r->sigma_v_m};
    for (int i = 0; i < 3; i++) {
        det->z[i] = pos[i] + sd[i] * vg_rng_normal(rng);
        det->R[4 * i] = sd[i] * sd[i];
    }
    for (int i = 0; i < 3; i++)
        det->coop_vel[i] = (float)(vel[i] + r->sigma_vel_mps * vg_rng_normal(rng));
    det->flags = VG_DET_HAS_COOP_VEL;
    memcpy(det->coop_id, o->coop_id, sizeof det->coop_id);
    if (det->kind == VG_DET_REMOTEID && (o->coop & VG_SIM_COOP_OPERATOR)) {
        det->coop_op[0] = (float)o->op[0];
        det->coop_op[1] = (float)o->op[1];
        det->flags |= VG_DET_HAS_COOP_OP;
    }
}
