/* SPDX-License-Identifier: MIT */
/* test_assessor.c — the assess stage end to end on constructed tracks: an FPV heading for
 * a zone is alerted with lead time and advice (RF jamming only with a link heard), a bird
 * on the same course is not, a cooperative drone passing by is not, four drones arriving
 * together raise one swarm alert naming all four, and alerts clear once the tracks end. */
#include "test.h"

#include "assess/assessor.h"

#define MAXE 512

struct event {
    struct vg_alert e;
    char zone[32];
    size_t nadv, nmem;
    struct vg_advice adv[4];
    uint64_t mem[8];
};

static struct event events[MAXE];
static int nev;

static void on_event(void *user, const struct vg_alert *e, const char *zone_id,
                     const struct vg_advice *adv, size_t nadv, const uint64_t *mem, size_t nmem)
{
    (void)user;
    if (nev >= MAXE)
        return;
    struct event *v = &events[nev++];
    v->e = *e;
    snprintf(v->zone, sizeof v->zone, "%s", zone_id);
    v->nadv = nadv < 4 ? nadv : 4;
    memcpy(v->adv, adv, v->nadv * sizeof *adv);
    v->nmem = nmem < 8 ? nmem : 8;
    if (nmem)
        memcpy(v->mem, mem, v->nmem * sizeof *mem);
}

static void make_site(struct vg_site *s)
{
    vg_site_init(s);
    static double pts[8] = {-50, -40, 50, -40, 50, 40, -50, 40};
    s->zones = calloc(1, sizeof *s->zones);
    s->nzones = 1;
    snprintf(s->zones[0].id, sizeof s->zones[0].id, "post");
    s->zones[0].floor_m = 0;
    s->zones[0].ceiling_m = 150;
    s->zones[0].priority = 1;
    s->zones[0].npts = 4;
    s->zones[0].pts = malloc(sizeof pts);
    memcpy(s->zones[0].pts, pts, sizeof pts);
    s->effectors = calloc(2, sizeof *s->effectors);
    s->neffectors = 2;
    snprintf(s->effectors[0].id, sizeof s->effectors[0].id, "jam-1");
    snprintf(s->effectors[0].type, sizeof s->effectors[0].type, "rf-jammer");
    s->effectors[0].range_m = 1500;
    snprintf(s->effectors[1].id, sizeof s->effectors[1].id, "net-1");
    snprintf(s->effectors[1].type, sizeof s->effectors[1].type, "net");
    s->effectors[1].range_m = 300;
}

/* A track at time t on a straight course towards the origin from (e0, n0) at speed v. */
static struct vg_track course(uint64_t id, double e0, double n0, double u, double v, double t,
                              int link)
{
    struct vg_track k;
    memset(&k, 0, sizeof k);
    k.id = id;
    k.status = VG_TRACK_CONFIRMED;
    double r = hypot(e0, n0);
    double ve = -v * e0 / r, vn = -v * n0 / r;
    k.x[0] = e0 + ve * t;
    k.x[1] = n0 + vn * t;
    k.x[2] = u;
    k.x[3] = ve;
    k.x[4] = vn;
    for (int i = 0; i < 3; i++) {
        k.P[i * 7] = 25.0;
        k.P[(i + 3) * 7] = 4.0;
    }
    k.link = (uint8_t)link;
    return k;
}

static struct vg_assessor *make(const struct vg_site *site)
{
    struct vg_assessor_config cfg;
    vg_assessor_config_default(&cfg);
    struct vg_assessor *as;
    struct vg_diag d;
    CHECK(vg_assessor_new(&as, &cfg, site, on_event, NULL, &d) == 0);
    nev = 0;
    return as;
}

static void fpv_alerted_bird_not(void)
{
    struct vg_site site;
    make_site(&site);
    struct vg_assessor *as = make(&site);
    /* FPV (ELRS link) from 2.5 km at 45 m/s; a bird and a cooperative drone likewise. */
    double raised_t = -1;
    for (int k = 0; k <= 80; k++) {
        double t = k * 1.0;
        struct vg_track trk[3] = {course(1, 2500, 0, 60, 45, t, VG_LINK_ELRS),
                                  course(2, 0, 2500, 40, 45, t, VG_LINK_NONE),
                                  course(3, -1800, 1800, 50, 20, t, VG_LINK_NONE)};
        struct vg_track_identity id[3] = {{0.97, 0}, {0.03, 0}, {0.9, 1}};
        size_t n = t < 55 ? 3 : 0; /* the FPV reaches the zone at ~54 s and ends */
        CHECK(vg_assessor_step(as, t, trk, n, id) == 0);
        for (int i = 0; i < nev; i++)
            if (events[i].e.state == VG_ALERT_RAISED && events[i].e.track == 1 && raised_t < 0)
                raised_t = events[i].e.t;
    }
    int raised[4] = {0}, cleared = 0, jam = 0, net = 0;
    for (int i = 0; i < nev; i++) {
        struct event *v = &events[i];
        if (v->e.state == VG_ALERT_RAISED && v->e.track < 4)
            raised[v->e.track]++;
        cleared += v->e.state == VG_ALERT_CLEARED;
        for (size_t a = 0; a < v->nadv; a++) {
            jam += !strcmp(v->adv[a].effector, "jam-1");
            net += !strcmp(v->adv[a].effector, "net-1");
        }
        CHECK(!strcmp(v->zone, "post"));
    }
    double lead = 2450.0 / 45.0 - raised_t;
    fprintf(stderr, "  FPV alerted at %.0f s, %.0f s before the zone; bird %d, cooperative %d "
                    "alerts; advice jam %d, net %d\n",
            raised_t, lead, raised[2], raised[3], jam, net);
    CHECK_INT(raised[1], 1);
    CHECK(lead >= 50.0);     /* heading in from first sight: alerted at once */
    CHECK_INT(raised[2], 0); /* bird */
    CHECK_INT(raised[3], 0); /* cooperative drone */
    CHECK_INT(cleared, 1);
    CHECK(jam > 0);          /* an ELRS link was heard: jamming can act */
    CHECK(net > 0);          /* within 300 m before impact */
    vg_assessor_free(as);
    vg_site_fini(&site);
}

static void fibre_fpv_gets_no_jamming(void)
{
    struct vg_site site;
    make_site(&site);
    struct vg_assessor *as = make(&site);
    for (int k = 0; k <= 50; k++) {
        struct vg_track trk = course(7, 0, -2400, 50, 50, k, VG_LINK_NONE);
        struct vg_track_identity id = {0.95, 0};
        CHECK(vg_assessor_step(as, k, &trk, 1, &id) == 0);
    }
    int raised = 0;
    for (int i = 0; i < nev; i++) {
        raised += events[i].e.state == VG_ALERT_RAISED;
        for (size_t a = 0; a < events[i].nadv; a++)
            CHECK(strcmp(events[i].adv[a].effector, "jam-1") != 0);
    }
    CHECK_INT(raised, 1);
    vg_assessor_free(as);
    vg_site_fini(&site);
}

static void swarm_of_four(void)
{
    struct vg_site site;
    make_site(&site);
    struct vg_assessor *as = make(&site);
    static const double dir[4][2] = {{2000, 0}, {0, 2100}, {-2050, 0}, {0, -1950}};
    for (int k = 0; k <= 10; k++) {
        struct vg_track trk[4];
        struct vg_track_identity id[4];
        for (int i = 0; i < 4; i++) {
            trk[i] = course(10 + i, dir[i][0], dir[i][1], 60, 45, k, VG_LINK_ANALOG_VIDEO);
            id[i] = (struct vg_track_identity){0.95, 0};
        }
        CHECK(vg_assessor_step(as, k, trk, 4, id) == 0);
    }
    int swarms = 0;
    for (int i = 0; i < nev; i++)
        if ((events[i].e.track & VG_ALERT_SWARM_BIT) && events[i].e.state == VG_ALERT_RAISED) {
            swarms++;
            CHECK_INT(events[i].nmem, 4);
            CHECK_NEAR(events[i].e.t, 0, 0); /* at once: the arrivals are known */
        }
    CHECK_INT(swarms, 1);
    size_t n;
    const double *s = vg_assessor_scores(as, &n);
    CHECK_INT(n, 4);
    CHECK(s && s[0] > 0 && s[0] <= 1);
    vg_assessor_free(as);
    vg_site_fini(&site);
}

int main(void)
{
    RUN(fpv_alerted_bird_not);
    RUN(fibre_fpv_gets_no_jamming);
    RUN(swarm_of_four);
    return test_report();
}
