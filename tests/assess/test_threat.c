/* SPDX-License-Identifier: MIT */
/* test_threat.c — threat score ordering, swarm grouping and countermeasure advice. */
#include "test.h"

#include "assess/threat.h"

static void case_score_orders_threats(void)
{
    struct vg_threat_config c;
    vg_threat_config_default(&c);
    struct vg_threat_in fpv = {0.95, 0, 0, 15.0, 0, 45.0, 1};
    struct vg_threat_in far = fpv, bird = fpv, coop = fpv, passing = fpv, inside = fpv;
    far.time_to_zone_s = 120.0;
    bird.p_drone = 0.02;
    coop.cooperative = 1;
    passing.time_to_zone_s = INFINITY;
    passing.cpa_m = 800.0;
    inside.inside = 1;
    double s_fpv = vg_threat_score(&c, &fpv), s_far = vg_threat_score(&c, &far);
    double s_bird = vg_threat_score(&c, &bird), s_coop = vg_threat_score(&c, &coop);
    double s_pass = vg_threat_score(&c, &passing), s_in = vg_threat_score(&c, &inside);
    fprintf(stderr, "  inside %.3f, FPV 15 s out %.3f, 120 s out %.3f, cooperative %.3f, "
                    "passing 800 m %.3f, bird %.3f\n",
            s_in, s_fpv, s_far, s_coop, s_pass, s_bird);
    CHECK(s_in > s_fpv && s_fpv > s_far && s_far > s_pass);
    CHECK(s_fpv > s_coop && s_fpv > 10 * s_bird);
    CHECK(s_fpv >= 0.5);       /* raises with the default raise_threat */
    CHECK(s_bird < 0.3);       /* never raises */
    CHECK(s_coop < 0.3);       /* a registered drone 15 s out: noted, not alerted */
    struct vg_threat_in prio2 = fpv;
    prio2.priority = 2;
    CHECK_NEAR(vg_threat_score(&c, &prio2), s_fpv / 2, 1e-12);
    struct vg_threat_in bad = fpv;
    bad.p_drone = NAN;
    CHECK(isfinite(vg_threat_score(&c, &bad)));
}

static void case_swarm_grouping(void)
{
    /* Zone 0: five arrivals at 20–28 s (a swarm) and one at 90 s; zone 1: two at 30 s. */
    struct vg_swarm_in in[] = {{1, 0, 20}, {2, 0, 22}, {3, 1, 30}, {4, 0, 25},
                               {5, 0, 90}, {6, 0, 28}, {7, 1, 31}, {8, 0, 26},
                               {9, 0, INFINITY}};
    int g[9];
    int ng = vg_swarm_group(in, 9, 15.0, 3, g);
    CHECK_INT(ng, 1);
    int members = 0;
    for (int i = 0; i < 9; i++)
        members += g[i] == 0;
    CHECK_INT(members, 5);
    CHECK_INT(g[4], -1); /* 90 s: outside the window */
    CHECK_INT(g[2], -1); /* zone 1 has only two */
    CHECK_INT(g[8], -1); /* not heading in */
    CHECK_INT(vg_swarm_group(in, 9, 15.0, 2, g), 2); /* with two members zone 1 counts */
}

static void case_advice(void)
{
    struct vg_effector_in eff[] = {{"jam-1", "rf-jammer", 2.0, 40.0},
                                   {"gnss-1", "gnss-jammer", 0.0, 60.0},
                                   {"gun-1", "gun", 25.0, 30.0},
                                   {"net-1", "net", 5.0, 9.0},
                                   {"far-1", "interceptor", INFINITY, INFINITY}};
    struct vg_advice out[8];
    size_t n = vg_advise(eff, 5, 20.0, 1, out, 8); /* analog FPV 20 s out */
    CHECK_INT(n, 2);
    CHECK(!strcmp(out[0].effector, "jam-1") && !strcmp(out[0].effect, "rf-link"));
    CHECK(!strcmp(out[1].effector, "net-1"));
    n = vg_advise(eff, 5, 20.0, 0, out, 8); /* fibre-optic: no RF jamming */
    for (size_t i = 0; i < n; i++)
        CHECK(strcmp(out[i].effector, "jam-1") != 0);
    CHECK_INT(n, 2); /* gnss-1 and net-1 */
    /* 1 s left: nothing of an RF-linked FPV's list reaches it in time... */
    CHECK_INT(vg_advise(eff, 5, 1.0, 1, out, 8), 0);
    /* ...while a silent one is already within the GNSS jammer's range. */
    CHECK_INT(vg_advise(eff, 5, 1.0, 0, out, 8), 1);
    CHECK(!strcmp(out[0].effector, "gnss-1"));
}

int main(void)
{
    RUN(case_score_orders_threats);
    RUN(case_swarm_grouping);
    RUN(case_advice);
    return test_report();
}
