/* SPDX-License-Identifier: MIT */
/* test_exercise.c — the exercise scorer (score/exercise.c) on constructed inputs with known
 * answers.
 *
 * The truth is real (a small scenario simulated in memory); the pipeline's output is made by
 * hand: tracks put at known offsets from the truth at every truth time, with known status
 * and class, and alerts raised at known times on known tracks. So each answer is a
 * subtraction: an attacker alerted at 20 s that reaches its zone at t_end has a lead of
 * t_end − 20; an alert on the bird's track is one false alert; a swarm alert credits its
 * hostile member; an attacker nobody alerted is counted. */
#include "test.h"

#include "assess/assessor.h"
#include "score/exercise.h"
#include "sim/radar.h"

/* One radar (range 1500 m), a 100 × 80 m zone; fpv-1 from 3 km east (out of range at launch),
 * fpv-2 from the north, fpv-3 from the south (never alerted), a friendly FPV (a hobby drone)
 * and two birds. Times: the radar's markers, 1, 2, ..., 90 s. */
static const char yaml[] =
    "name: unit <&>\n"
    "seed: 7\n"
    "duration_s: 90\n"
    "site:\n"
    "  origin: {lat: 48.6, lon: 22.3, h: 100}\n"
    "  zones:\n"
    "    - {id: post, name: Post, priority: 1, floor_m: 0, ceiling_m: 150,\n"
    "       polygon: [[-50, -40], [50, -40], [50, 40], [-50, 40]]}\n"
    "radars:\n"
    "  - id: r1\n"
    "    position: [0, 0, 5]\n"
    "    scan: electronic\n"
    "    rate_hz: 1\n"
    "    range_min_m: 30\n"
    "    range_max_m: 1500\n"
    "    pd: {ref: 0.9, range_m: 1000, rcs_dbsm: -15}\n"
    "    sigma: {range_m: 5, az_deg: 0.5, el_deg: 0.5}\n"
    "    clutter_per_scan: 0\n"
    "targets:\n"
    "  - {type: fpv, id: fpv-1, launch: [3000, 0, 0], launch_s: 2, speed_mps: 40,\n"
    "     height_m: 80, zone: post, dive: {start_m: 300, angle_deg: 30}}\n"
    "  - {type: fpv, id: fpv-2, launch: [0, 1400, 0], launch_s: 5, speed_mps: 35,\n"
    "     height_m: 60, zone: post, dive: {start_m: 250, angle_deg: 30}}\n"
    "  - {type: fpv, id: fpv-3, launch: [0, -1200, 0], launch_s: 10, speed_mps: 40,\n"
    "     height_m: 70, zone: post, dive: {start_m: 250, angle_deg: 30}}\n"
    "  - {type: fpv, id: hobby, hostile: false, launch: [-800, 0, 0], launch_s: 1,\n"
    "     speed_mps: 10, height_m: 50, aim: [-600, 600, 0], dive: {start_m: 100, angle_deg: 20}}\n"
    "  - {type: flock, id: gulls, count: 2, centre: [400, 400], radius_m: 20,\n"
    "     height_m: [40, 60], speed_mps: [5, 8], heading_deg: 90}\n";

enum { FPV1 = 0, FPV2, FPV3, HOBBY, BIRD1, BIRD2 };

static struct vg_scenario sc;
static struct vg_sim_output sim;

static int setup(void)
{
    struct vg_diag d;
    vg_scenario_init(&sc);
    vg_sim_output_init(&sim);
    if (vg_scenario_parse(&sc, "unit.yaml", yaml, sizeof yaml - 1, &d) ||
        vg_sim_run(&sc, &sim, &d)) {
        fprintf(stderr, "setup: %s\n", d.msg);
        return -1;
    }
    return 0;
}

static int alive(int k, double t, double pos[3])
{
    double vel[3];
    return vg_sim_object_state(&sim.objects[k], t, pos, vel);
}

static void put(struct vg_track *trk, size_t *n, uint64_t id, int status, int cls,
                const double pos[3], double de)
{
    struct vg_track *k = &trk[(*n)++];
    memset(k, 0, sizeof *k);
    k->id = id;
    k->status = (uint8_t)status;
    k->assessed = 1;
    k->cls = (uint8_t)cls;
    k->x[0] = pos[0] + de;
    k->x[1] = pos[1];
    k->x[2] = pos[2];
}

/* The hand-made pipeline output at t = 1, 2, ..., 90:
 *   track 1 on fpv-1, 10 m east of it, tentative before 10 s, confirmed from 10 s, "drone";
 *   track 2 exactly on bird-1, confirmed, "bird";
 *   track 3 far from everything (a false track), confirmed;
 *   track 4 on fpv-2 from 30 s, "unknown" before 40 s and "drone" from 40 s;
 *   track 5 on the hobby drone, confirmed, "drone". */
static int feed_tracks(struct vg_exercise *ex)
{
    for (int s = 1; s <= 90; s++) {
        double t = s, p[3];
        struct vg_track trk[8];
        size_t n = 0;
        if (alive(FPV1, t, p))
            put(trk, &n, 1, t < 10 ? VG_TRACK_TENTATIVE : VG_TRACK_CONFIRMED, VG_CLASS_DRONE, p,
                10.0);
        if (alive(BIRD1, t, p))
            put(trk, &n, 2, VG_TRACK_CONFIRMED, VG_CLASS_BIRD, p, 0.0);
        double far[3] = {5000, 5000, 100};
        put(trk, &n, 3, VG_TRACK_CONFIRMED, VG_CLASS_UNKNOWN, far, 0.0);
        if (t >= 30 && alive(FPV2, t, p))
            put(trk, &n, 4, VG_TRACK_CONFIRMED, t < 40 ? VG_CLASS_UNKNOWN : VG_CLASS_DRONE, p,
                0.0);
        if (alive(HOBBY, t, p))
            put(trk, &n, 5, VG_TRACK_CONFIRMED, VG_CLASS_DRONE, p, 0.0);
        int rc = vg_exercise_tracks(ex, t, trk, n);
        if (rc)
            return rc;
    }
    return 0;
}

static int raise_alert(struct vg_exercise *ex, const char *id, double t, uint64_t track,
                 const uint64_t *members, size_t nm)
{
    struct vg_alert e;
    memset(&e, 0, sizeof e);
    snprintf(e.id, sizeof e.id, "%s", id);
    e.t = e.t_raised = t;
    e.track = members ? (VG_ALERT_SWARM_BIT | 0) : track;
    e.state = VG_ALERT_RAISED;
    return vg_exercise_alert(ex, &e, members, nm);
}

/* The alerts: see each case for what they must give. */
static int feed_alerts(struct vg_exercise *ex)
{
    static const uint64_t swarm_hostile[] = {3, 4}, swarm_birds[] = {2, 3};
    int rc = raise_alert(ex, "a-1", 5.0, 1, NULL, 0); /* track 1 still tentative: on nothing */
    rc |= raise_alert(ex, "a-2", 20.0, 1, NULL, 0); /* on fpv-1 */
    rc |= raise_alert(ex, "a-3", 25.0, 2, NULL, 0); /* on a bird */
    rc |= raise_alert(ex, "a-4", 26.0, 3, NULL, 0); /* on a false track */
    rc |= raise_alert(ex, "a-5", 40.0, 0, swarm_hostile, 2); /* credits fpv-2 */
    rc |= raise_alert(ex, "a-6", 41.0, 0, swarm_birds, 2); /* no hostile member */
    rc |= raise_alert(ex, "a-7", 30.0, 5, NULL, 0); /* on the hobby drone */
    rc |= raise_alert(ex, "a-8", 50.0, 1, NULL, 0); /* later than a-2: not fpv-1's first */
    struct vg_alert up;
    memset(&up, 0, sizeof up);
    snprintf(up.id, sizeof up.id, "a-4");
    up.t = 30.0;
    up.track = 3;
    up.state = VG_ALERT_UPDATED; /* only raised events are scored */
    rc |= vg_exercise_alert(ex, &up, NULL, 0);
    return rc;
}

static struct vg_exercise_result res;

/* Alerts before tracks (the scorer must not care which comes first). */
static int run(void)
{
    struct vg_exercise *ex = NULL;
    struct vg_diag d;
    vg_exercise_result_init(&res);
    int rc = vg_exercise_new(&ex, &sc, &sim, NULL, &d);
    if (!rc)
        rc = feed_alerts(ex);
    if (!rc)
        rc = feed_tracks(ex);
    if (!rc)
        rc = vg_exercise_finish(ex, &res, &d);
    if (rc)
        fprintf(stderr, "run: %s\n", d.msg);
    vg_exercise_free(ex);
    return rc;
}

static const struct vg_exercise_hostile *hostile(const char *id)
{
    for (size_t i = 0; i < res.nhostiles; i++)
        if (!strcmp(res.hostiles[i].id, id))
            return &res.hostiles[i];
    return NULL;
}

static const struct vg_exercise_alert *alert(const char *id)
{
    for (size_t i = 0; i < res.nalerts; i++)
        if (!strcmp(res.alerts[i].id, id))
            return &res.alerts[i];
    return NULL;
}

static void hostiles_are_the_attackers(void)
{
    CHECK_INT(res.nhostiles, 3); /* not the hobby drone, not the birds */
    CHECK(hostile("fpv-1") && hostile("fpv-2") && hostile("fpv-3") && !hostile("hobby"));
    CHECK(!strcmp(res.scenario, "unit <&>"));
    CHECK_INT(res.seed, 7);
    CHECK_NEAR(res.duration_s, 90.0, 0);
}

static void lead_of_an_alerted_hostile(void)
{
    const struct vg_exercise_hostile *h = hostile("fpv-1");
    CHECK(h != NULL);
    if (!h)
        return;
    const struct vg_sim_object *o = &sim.objects[FPV1];
    CHECK(o->t_end < 90.0);
    CHECK_NEAR(h->t_zone, o->t_end, 0);
    CHECK_INT(h->zone, 0);
    CHECK_NEAR(h->t_alerted, 20.0, 0);      /* a-2, not a-1 (tentative) nor a-8 (later) */
    CHECK(!strcmp(h->alert, "a-2"));
    CHECK_INT(h->alert_swarm, 0);
    CHECK_NEAR(h->lead_s, o->t_end - 20.0, 1e-9);
    CHECK_NEAR(h->t_confirmed, 10.0, 0);    /* confirmed from 10 s, 10 m off: on it */
    CHECK_INT(h->track, 1);
    CHECK_NEAR(h->lead_fraction, (o->t_end - 20.0) / (o->t_end - h->t_detectable), 1e-12);
    CHECK_NEAR(h->detect_to_alert_s, 20.0 - h->t_detected, 1e-12);
}

/* fpv-1 launches 3 km out, the radar reaches 1500 m: detectable from the first marker time
 * at which it is within range (and above the radar's elevation floor: it flies at 80 m),
 * where the Pd of a −15 dBsm target is ≥ 0.6 ≥ pd_min. */
static void first_detectable_by_the_radar_model(void)
{
    const struct vg_exercise_hostile *h = hostile("fpv-1");
    CHECK(h != NULL);
    if (!h)
        return;
    double want = NAN;
    for (int s = 1; s <= 90 && isnan(want); s++) {
        double p[3];
        if (!alive(FPV1, s, p))
            continue;
        double r = sqrt(p[0] * p[0] + p[1] * p[1] + (p[2] - 5) * (p[2] - 5));
        if (r <= 1500.0)
            want = s;
    }
    CHECK(want > h->t_start + 20.0);
    CHECK_NEAR(h->t_detectable, want, 0);
    CHECK(h->t_detected >= h->t_detectable);
    /* first detected: the earliest detection the sim attributes to it */
    double first = INFINITY;
    for (size_t i = 0; i < sim.ndets; i++)
        if (sim.det_object[i] == FPV1 && sim.dets[i].t < first)
            first = sim.dets[i].t;
    CHECK_NEAR(h->t_detected, first, 0);
    double p[3], rel[3];
    alive(FPV1, want, p);
    for (int a = 0; a < 3; a++)
        rel[a] = p[a] - sc.radars[0].pos[a];
    CHECK(vg_radar_pd(&sc.radars[0], rel, -15.0) >= 0.6);
    CHECK_NEAR(vg_exercise_best_pd(&sc, &sim.objects[FPV1], want, p),
               vg_radar_pd(&sc.radars[0], rel, -15.0), 0);
    alive(FPV1, want - 1.0, p);
    CHECK_NEAR(vg_exercise_best_pd(&sc, &sim.objects[FPV1], want - 1.0, p), 0.0, 0);
}

static void false_alert_on_a_bird_and_others(void)
{
    const struct vg_exercise_alert *a;
    CHECK((a = alert("a-3")) && !a->hostile && a->object == BIRD1 && !a->swarm);
    CHECK((a = alert("a-4")) && !a->hostile && a->object == -1);
    CHECK((a = alert("a-1")) && !a->hostile && a->object == -1);
    CHECK((a = alert("a-7")) && !a->hostile && a->object == HOBBY);
    CHECK((a = alert("a-6")) && !a->hostile && a->swarm && a->nmembers == 2 &&
          a->object == BIRD1);
    CHECK((a = alert("a-2")) && a->hostile && a->object == FPV1);
    CHECK((a = alert("a-8")) && a->hostile);
    CHECK_INT(res.nalerts, 8); /* the update is not an alert */
    CHECK_INT(res.false_alerts, 5);
    CHECK_NEAR(res.false_alerts_per_hour, 5.0 / (90.0 / 3600.0), 1e-9);
}

static void never_alerted_counted(void)
{
    const struct vg_exercise_hostile *h = hostile("fpv-3");
    CHECK(h != NULL);
    if (!h)
        return;
    CHECK(isnan(h->t_alerted) && isnan(h->lead_s) && isnan(h->lead_fraction) &&
          isnan(h->detect_to_alert_s) && isnan(h->t_confirmed));
    CHECK(h->alert[0] == '\0');
    CHECK_NEAR(h->t_zone, sim.objects[FPV3].t_end, 0);
    CHECK_INT(res.never_alerted, 1);
}

static void swarm_member_credited(void)
{
    const struct vg_exercise_hostile *h = hostile("fpv-2");
    CHECK(h != NULL);
    if (!h)
        return;
    CHECK_NEAR(h->t_alerted, 40.0, 0);
    CHECK(!strcmp(h->alert, "a-5"));
    CHECK_INT(h->alert_swarm, 1);
    CHECK_NEAR(h->lead_s, sim.objects[FPV2].t_end - 40.0, 1e-9);
    const struct vg_exercise_alert *a = alert("a-5");
    CHECK(a && a->hostile && a->object == FPV2);
}

static void confusion_and_accuracy(void)
{
    uint64_t dd = 0, du = 0, bb = 0;
    for (int s = 1; s <= 90; s++) {
        double p[3];
        dd += s >= 10 && alive(FPV1, s, p);
        dd += s >= 40 && alive(FPV2, s, p);
        du += s >= 30 && s < 40 && alive(FPV2, s, p);
        dd += alive(HOBBY, s, p);
        bb += alive(BIRD1, s, p);
    }
    CHECK_INT(res.confusion[VG_CLASS_DRONE][VG_CLASS_DRONE], dd);
    CHECK_INT(res.confusion[VG_CLASS_DRONE][VG_CLASS_UNKNOWN], du);
    CHECK_INT(res.confusion[VG_CLASS_BIRD][VG_CLASS_BIRD], bb);
    CHECK_INT(res.confusion[VG_CLASS_BIRD][VG_CLASS_DRONE], 0);
    CHECK_INT(res.drone_bird_n, dd + du + bb);
    CHECK_NEAR(res.drone_bird_accuracy, (double)(dd + bb) / (double)(dd + du + bb), 1e-12);
}

/* At 20 s: track 1 10 m off fpv-1, track 2 on bird-1, track 3 false, every other live
 * object missed: GOSPA (c = 50, p = 1) = 10 + 25 · missed + 25. */
static void gospa_per_time(void)
{
    CHECK(res.ngospa_t == res.gospa.times && res.ngospa_t >= 90);
    CHECK_NEAR(res.gospa.c, 50.0, 0);
    CHECK_NEAR(res.gospa.p, 1.0, 0);
    const struct vg_exercise_gospa *g = NULL;
    for (size_t i = 0; i < res.ngospa_t; i++)
        if (res.gospa_t[i].t == 20.0)
            g = &res.gospa_t[i];
    CHECK(g != NULL);
    if (!g)
        return;
    int live = 0;
    double p[3];
    for (int k = 0; k < (int)sim.nobjects; k++)
        live += alive(k, 20.0, p);
    CHECK_INT(g->truths, live);
    CHECK_INT(g->tracks, 4); /* 1, 2, 3 and the hobby drone's 5 */
    CHECK_NEAR(g->gospa, 10.0 + 25.0 * (live - 3) + 25.0, 1e-9);
    CHECK_NEAR(g->loc, 10.0, 1e-9);
    double sum = 0;
    for (size_t i = 0; i < res.ngospa_t; i++)
        sum += res.gospa_t[i].gospa;
    CHECK_NEAR(res.gospa.gospa, sum / (double)res.ngospa_t, 1e-9);
}

/* Samples hold the confirmed tracks, sorted by track then time, with their objects. */
static void samples_for_the_map(void)
{
    size_t n1 = 0;
    for (size_t i = 0; i < res.nsamples; i++) {
        const struct vg_exercise_sample *s = &res.samples[i];
        CHECK(s->status != VG_TRACK_TENTATIVE);
        if (i)
            CHECK(s[-1].track < s->track || (s[-1].track == s->track && s[-1].t < s->t));
        if (s->track == 1) {
            n1++;
            CHECK_INT(s->object, FPV1);
        }
        if (s->track == 3)
            CHECK_INT(s->object, -1);
    }
    CHECK(n1 > 10);
}

static int32_t object_of(const struct vg_exercise_result *r, uint64_t track, double t)
{
    for (size_t i = 0; i < r->nsamples; i++)
        if (r->samples[i].track == track && r->samples[i].t == t)
            return r->samples[i].object;
    return -2;
}

/* A track farther than match_m is on an object only inside its own 99 % gate and within
 * match_max_m; two tracks never share an object (the closer one gets it). */
static void gate_and_one_to_one(void)
{
    struct vg_exercise *ex = NULL;
    struct vg_diag d;
    CHECK_INT(vg_exercise_new(&ex, &sc, &sim, NULL, &d), 0);
    if (!ex)
        return;
    struct vg_track trk[4];
    size_t n = 0;
    double p[3];
    CHECK(alive(FPV1, 20.0, p));
    put(trk, &n, 11, VG_TRACK_CONFIRMED, VG_CLASS_DRONE, p, 60.0); /* 2 sigma: on it */
    for (int a = 0; a < 3; a++)
        trk[0].P[VG_NX * a + a] = 30.0 * 30.0;
    CHECK(alive(FPV3, 20.0, p));
    put(trk, &n, 12, VG_TRACK_CONFIRMED, VG_CLASS_DRONE, p, 60.0); /* 6 sigma: not */
    for (int a = 0; a < 3; a++)
        trk[1].P[VG_NX * a + a] = 10.0 * 10.0;
    CHECK(alive(FPV2, 20.0, p));
    put(trk, &n, 13, VG_TRACK_COASTING, VG_CLASS_DRONE, p, 300.0); /* beyond 250 m: not */
    for (int a = 0; a < 3; a++)
        trk[2].P[VG_NX * a + a] = 1e6;
    CHECK_INT(vg_exercise_tracks(ex, 20.0, trk, n), 0);
    n = 1; /* track 11 again, now with track 14 5 m off fpv-1 */
    CHECK(alive(FPV1, 21.0, p));
    put(trk, &n, 14, VG_TRACK_CONFIRMED, VG_CLASS_DRONE, p, 5.0);
    trk[0].x[0] = p[0] + 60.0;
    trk[0].x[1] = p[1];
    trk[0].x[2] = p[2];
    CHECK_INT(vg_exercise_tracks(ex, 21.0, trk, n), 0);
    struct vg_exercise_result r;
    CHECK_INT(vg_exercise_finish(ex, &r, &d), 0);
    CHECK_INT(object_of(&r, 11, 20.0), FPV1);
    CHECK_INT(object_of(&r, 12, 20.0), -1);
    CHECK_INT(object_of(&r, 13, 20.0), -1);
    CHECK_INT(object_of(&r, 11, 21.0), -1);
    CHECK_INT(object_of(&r, 14, 21.0), FPV1);
    CHECK_NEAR(r.hostiles[0].t_confirmed, 20.0, 0);
    CHECK_INT(r.hostiles[0].track, 11);
    vg_exercise_result_fini(&r);
    vg_exercise_free(ex);
}

/* A time emitted again (a re-processed scan) supersedes its first emission everywhere. */
static void emission_superseded(void)
{
    struct vg_exercise *ex = NULL;
    struct vg_diag d;
    CHECK_INT(vg_exercise_new(&ex, &sc, &sim, NULL, &d), 0);
    if (!ex)
        return;
    struct vg_track trk[2];
    size_t n = 0;
    double p[3], far[3] = {5000, 5000, 100};
    put(trk, &n, 1, VG_TRACK_CONFIRMED, VG_CLASS_BIRD, far, 0.0); /* on nothing */
    CHECK_INT(vg_exercise_tracks(ex, 20.0, trk, n), 0);
    n = 0;
    CHECK(alive(FPV1, 21.0, p));
    put(trk, &n, 1, VG_TRACK_CONFIRMED, VG_CLASS_DRONE, p, 0.0);
    CHECK_INT(vg_exercise_tracks(ex, 21.0, trk, n), 0);
    n = 0;
    CHECK(alive(FPV1, 20.0, p));
    put(trk, &n, 1, VG_TRACK_CONFIRMED, VG_CLASS_DRONE, p, 3.0); /* 20 s again: on fpv-1 */
    CHECK_INT(vg_exercise_tracks(ex, 20.0, trk, n), 0);
    CHECK_INT(raise_alert(ex, "a-1", 20.0, 1, NULL, 0), 0);
    struct vg_exercise_result r;
    CHECK_INT(vg_exercise_finish(ex, &r, &d), 0);
    CHECK_INT(r.nsamples, 2);
    CHECK_INT(object_of(&r, 1, 20.0), FPV1);
    CHECK_NEAR(r.hostiles[0].t_confirmed, 20.0, 0);
    CHECK_NEAR(r.hostiles[0].t_alerted, 20.0, 0);
    CHECK_INT(r.false_alerts, 0);
    CHECK_INT(r.confusion[VG_CLASS_DRONE][VG_CLASS_DRONE], 2);
    CHECK_INT(r.confusion[VG_CLASS_DRONE][VG_CLASS_BIRD], 0);
    const struct vg_exercise_gospa *g = NULL;
    for (size_t i = 0; i < r.ngospa_t; i++)
        if (r.gospa_t[i].t == 20.0)
            g = &r.gospa_t[i];
    CHECK(g && g->tracks == 1 && fabs(g->loc - 3.0) < 1e-9);
    vg_exercise_result_fini(&r);
    vg_exercise_free(ex);
}

static void bad_parameters_and_order(void)
{
    struct vg_exercise *ex = NULL;
    struct vg_diag d;
    struct vg_exercise_params p;
    vg_exercise_params_default(&p);
    CHECK_NEAR(p.match_m, 50.0, 0);
    p.match_m = 0;
    CHECK_INT(vg_exercise_new(&ex, &sc, &sim, &p, &d), VG_EINVAL);
    CHECK(ex == NULL);
    vg_exercise_params_default(&p);
    p.pd_min = 1.5;
    CHECK_INT(vg_exercise_new(&ex, &sc, &sim, &p, &d), VG_EINVAL);
    vg_exercise_params_default(&p);
    p.match_max_m = 10.0; /* < match_m */
    CHECK_INT(vg_exercise_new(&ex, &sc, &sim, &p, &d), VG_EINVAL);
    vg_exercise_params_default(&p);
    p.gate_p = 1.0;
    CHECK_INT(vg_exercise_new(&ex, &sc, &sim, &p, &d), VG_EINVAL);
    CHECK_INT(vg_exercise_new(&ex, &sc, &sim, NULL, &d), 0);
    struct vg_track none;
    CHECK_INT(vg_exercise_tracks(ex, NAN, &none, 0), VG_EINVAL);
    CHECK_INT(vg_exercise_tracks(ex, 2.0, &none, 0), 0);
    CHECK_INT(vg_exercise_tracks(ex, 1.0, &none, 0), 0); /* out of order: fine */
    struct vg_exercise_result r;
    CHECK_INT(vg_exercise_finish(ex, &r, &d), 0);
    CHECK_INT(r.nhostiles, 3);
    CHECK_INT(r.never_alerted, 3);
    CHECK_INT(r.false_alerts, 0);
    CHECK(isnan(r.drone_bird_accuracy));
    CHECK_INT(vg_exercise_finish(ex, &r, &d) < 0, 1); /* once only; r untouched */
    CHECK_INT(r.nhostiles, 3);
    vg_exercise_result_fini(&r);
    vg_exercise_result_fini(&r); /* safe twice */
    vg_exercise_free(ex);
    vg_exercise_free(NULL);
}

/* Second looks, by brute force over every pair, on a scene of its own: the radar of the
 * unit scene and two RF direction finders 1 km apart (1 Hz, offset 0.25 and 0.5 s) that hear
 * the FPVs from launch, before the radar reaches them. Each hostile's second look is the
 * earlier of its second plot and the first moment two finders' bearings lie within 1 s. */
static const char yaml_df[] =
    "name: second looks\n"
    "seed: 11\n"
    "duration_s: 40\n"
    "site:\n"
    "  origin: {lat: 48.6, lon: 22.3, h: 100}\n"
    "  zones:\n"
    "    - {id: post, name: Post, priority: 1, floor_m: 0, ceiling_m: 150,\n"
    "       polygon: [[-50, -40], [50, -40], [50, 40], [-50, 40]]}\n"
    "radars:\n"
    "  - {id: r1, position: [0, 0, 5], scan: electronic, rate_hz: 1, range_min_m: 30,\n"
    "     range_max_m: 1500, pd: {ref: 0.9, range_m: 1000, rcs_dbsm: -15},\n"
    "     sigma: {range_m: 5, az_deg: 0.5, el_deg: 0.5}, clutter_per_scan: 0}\n"
    "sensors:\n"
    "  - {id: df1, type: rf, position: [0, 0, 10], rate_hz: 1, start_s: 0.25, range_m: 6000,\n"
    "     pd: 0.7, sigma: {az_deg: 3}, clutter_rate_hz: 0}\n"
    "  - {id: df2, type: rf, position: [0, 1000, 10], rate_hz: 1, start_s: 0.5,\n"
    "     range_m: 6000, pd: 0.7, sigma: {az_deg: 3}, clutter_rate_hz: 0}\n"
    "targets:\n"
    "  - {type: fpv, id: fpv-1, link: analog-video, launch: [2500, 0, 0], launch_s: 2,\n"
    "     speed_mps: 40, height_m: 80, zone: post, dive: {start_m: 300, angle_deg: 30}}\n"
    "  - {type: fpv, id: fpv-2, link: fibre, launch: [0, -1400, 0], launch_s: 3,\n"
    "     speed_mps: 35, height_m: 60, zone: post, dive: {start_m: 250, angle_deg: 30}}\n";

static void second_look_brute_force(void)
{
    struct vg_scenario s2;
    struct vg_sim_output o2;
    struct vg_exercise_result r2;
    struct vg_exercise *ex = NULL;
    struct vg_diag d;
    vg_scenario_init(&s2);
    vg_sim_output_init(&o2);
    vg_exercise_result_init(&r2);
    int rc = vg_scenario_parse(&s2, "df.yaml", yaml_df, sizeof yaml_df - 1, &d);
    if (!rc)
        rc = vg_sim_run(&s2, &o2, &d);
    if (!rc)
        rc = vg_exercise_new(&ex, &s2, &o2, NULL, &d);
    if (!rc)
        rc = vg_exercise_finish(ex, &r2, &d);
    CHECK_INT(rc, 0);
    CHECK_INT(r2.nhostiles, 2);
    for (size_t j = 0; !rc && j < r2.nhostiles; j++) {
        const struct vg_exercise_hostile *h = &r2.hostiles[j];
        double want = INFINITY, p1 = INFINITY, p2 = INFINITY;
        int bearings = 0;
        for (size_t a = 0; a < o2.ndets; a++) {
            if (o2.det_object[a] != (int32_t)h->object)
                continue;
            const struct vg_detection *da = &o2.dets[a];
            if (da->kind != VG_DET_BEARING) {
                if (da->t < p1)
                    p2 = p1, p1 = da->t;
                else if (da->t < p2)
                    p2 = da->t;
                continue;
            }
            bearings++;
            for (size_t b = 0; b < o2.ndets; b++) {
                const struct vg_detection *db = &o2.dets[b];
                if (o2.det_object[b] == (int32_t)h->object && db->kind == VG_DET_BEARING &&
                    db->sensor != da->sensor && fabs(db->t - da->t) <= 1.0)
                    want = fmin(want, fmax(da->t, db->t));
            }
        }
        want = fmin(want, p2);
        fprintf(stderr, "  %s: first detected %.2f s, second plot %.2f s, %d bearings, second "
                        "look %.2f s\n", h->id, h->t_detected, p2, bearings, h->t_second_look);
        CHECK_NEAR(h->t_second_look, want, 0);
        CHECK(h->t_second_look >= h->t_detected);
        CHECK(isnan(h->look_to_alert_s)); /* nothing alerted: no tracks were fed */
        if (!strcmp(h->id, "fpv-1")) /* heard by both finders before the radar reaches it */
            CHECK(bearings > 0 && h->t_second_look < p2);
        else /* fibre: silent, radar only */
            CHECK(bearings == 0 && h->t_second_look == p2);
    }
    vg_exercise_free(ex);
    vg_exercise_result_fini(&r2);
    vg_sim_output_fini(&o2);
    vg_scenario_fini(&s2);
}

int main(void)
{
    if (setup() || run()) {
        fprintf(stderr, "cannot set up the exercise\n");
        return 1;
    }
    RUN(hostiles_are_the_attackers);
    RUN(lead_of_an_alerted_hostile);
    RUN(first_detectable_by_the_radar_model);
    RUN(false_alert_on_a_bird_and_others);
    RUN(never_alerted_counted);
    RUN(swarm_member_credited);
    RUN(confusion_and_accuracy);
    RUN(gospa_per_time);
    RUN(samples_for_the_map);
    RUN(gate_and_one_to_one);
    RUN(emission_superseded);
    RUN(bad_parameters_and_order);
    RUN(second_look_brute_force);
    vg_exercise_result_fini(&res);
    vg_sim_output_fini(&sim);
    vg_scenario_fini(&sc);
    return test_report();
}
