/* SPDX-License-Identifier: MIT */
/* test_cooperative.c — ADS-B / Remote ID identities paired with tracks: the right track,
 * one each way, not through a gate, not after the report expired, extrapolated by the
 * report's velocity; bad reports refused. */
#include "test.h"

#include "identify/cooperative.h"

static struct vg_track trk_at(uint64_t id, double e, double n, double u, int status)
{
    struct vg_track k;
    memset(&k, 0, sizeof k);
    k.id = id;
    k.status = (uint8_t)status;
    k.x[0] = e;
    k.x[1] = n;
    k.x[2] = u;
    for (int i = 0; i < 6; i++)
        k.P[i * 7] = i < 3 ? 100.0 : 4.0;
    return k;
}

static struct vg_detection rep(int kind, const char *id, double t, double e, double n, double u,
                               double sigma)
{
    struct vg_detection d;
    memset(&d, 0, sizeof d);
    d.kind = (uint8_t)kind;
    d.t = t;
    d.nz = 3;
    d.z[0] = e;
    d.z[1] = n;
    d.z[2] = u;
    d.R[0] = d.R[4] = d.R[8] = sigma * sigma;
    snprintf(d.coop_id, sizeof d.coop_id, "%s", id);
    return d;
}

static void case_pairs(void)
{
    struct vg_coop_config cfg;
    vg_coop_config_default(&cfg);
    struct vg_coop c;
    vg_coop_init(&c, &cfg);
    struct vg_detection a = rep(VG_DET_ADSB, "4ca2b1", 10.0, 1000, 500, 300, 15);
    struct vg_detection r = rep(VG_DET_REMOTEID, "DRONE-42", 10.0, -200, 100, 60, 10);
    CHECK(vg_coop_report(&c, &a) == 0);
    CHECK(vg_coop_report(&c, &r) == 0);
    struct vg_track trk[4] = {trk_at(1, 1010, 495, 305, VG_TRACK_CONFIRMED),  /* the aircraft */
                              trk_at(2, -205, 98, 58, VG_TRACK_CONFIRMED),    /* the drone */
                              trk_at(3, -190, 110, 62, VG_TRACK_TENTATIVE),   /* never */
                              trk_at(4, 3000, 3000, 80, VG_TRACK_CONFIRMED)}; /* nobody */
    int m[4];
    CHECK(vg_coop_match(&c, 10.5, trk, 4, m) == 0);
    CHECK(m[0] >= 0 && !strcmp(c.e[m[0]].id, "4ca2b1") && c.e[m[0]].kind == VG_DET_ADSB);
    CHECK(m[1] >= 0 && !strcmp(c.e[m[1]].id, "DRONE-42"));
    CHECK_INT(m[2], -1);
    CHECK_INT(m[3], -1);
    /* Two tracks near one identity: only the nearer is vouched for. */
    struct vg_track two[2] = {trk_at(5, 1030, 500, 300, VG_TRACK_CONFIRMED),
                              trk_at(6, 1002, 501, 300, VG_TRACK_CONFIRMED)};
    CHECK(vg_coop_match(&c, 10.5, two, 2, m) == 0);
    CHECK_INT(m[0], -1);
    CHECK(m[1] >= 0);
    /* A moving report extrapolated by its velocity; an old one expires. */
    struct vg_detection v = rep(VG_DET_ADSB, "4ca2b1", 12.0, 1000, 500, 300, 15);
    v.flags = VG_DET_HAS_COOP_VEL;
    v.coop_vel[0] = 60.0f;
    CHECK(vg_coop_report(&c, &v) == 0);
    struct vg_track moved = trk_at(7, 1000 + 60 * 3, 500, 300, VG_TRACK_CONFIRMED);
    CHECK(vg_coop_match(&c, 15.0, &moved, 1, m) == 0);
    CHECK(m[0] >= 0);
    CHECK(vg_coop_match(&c, 30.0, &moved, 1, m) == 0);
    CHECK_INT(m[0], -1);
    CHECK_INT(c.n, 0);
    /* Bad reports. */
    struct vg_detection bad = rep(VG_DET_XYZ, "x", 1, 0, 0, 0, 1);
    CHECK_INT(vg_coop_report(&c, &bad), VG_EINVAL);
    bad = rep(VG_DET_ADSB, "", 1, 0, 0, 0, 1);
    CHECK_INT(vg_coop_report(&c, &bad), VG_EINVAL);
    vg_coop_fini(&c);
}

int main(void)
{
    RUN(case_pairs);
    return test_report();
}
