/* SPDX-License-Identifier: MIT */
/* test_classify_sim.c — the classifier on the simulator's scenes, behind the real tracker:
 * how much of the confirmed-track time is labelled with the right class, drone or bird.
 *
 * Scenes: scenarios/border-post.yaml (five FPVs at 38–55 m/s among 20 birds) and a
 * bird-heavy scene built here (200 birds in seven flocks at 5–20 m/s, 10–400 m up, no
 * attack). One tracker run (default settings) per scene feeds several classifier variants:
 * every track, tentative ones included, is classified from its updated states (time, state,
 * covariance). At each processed time, each confirmed or coasting track is matched to its
 * nearest live object within 50 m and scored: label == the object's class (an unknown label
 * counts as wrong). Variants: the defaults; the defaults plus RF drone-link bearings, each
 * given to the one confirmed track within 3σ of it in azimuth and to none when two or more
 * are there (a bearing has no range: giving it to the nearest in azimuth instead labelled
 * 2.3 % of border-post's bird time drone, birds that happened to sit on an FPV's bearing);
 * broken on purpose (no evidence: the prior decides), which must fail the check; and
 * ablations (speed alone, all but speed) that show what carries the decision. Also each
 * object's true trajectory with white noise (position σ 10 m, velocity σ 2 m/s) at 1 Hz.
 *
 * What is left wrong behind the tracker (about 0.2 %): the first second or two of an FPV's
 * confirmed track, which the two-plot rule (tracker confirm_fast) confirms at its second
 * plot while the classifier still doubts its velocity (kin_young: a first velocity may be
 * two objects' plots paired, and this scene has no RCS or hints to help — the exercises,
 * which have them, label 99.9 %); tracks that hop between birds of a dense flock; and
 * matching at crossings (a bird track that an FPV flies through is scored as the FPV).
 * The bar behind the tracker is the issue's, 98 % of drone and of bird time; 99 % for
 * noisy truth, where velocities are one object's. */
#include "test.h"

#include "base/rng.h"
#include "identify/classify.h"
#include "sim/sim.h"
#include "track/track.h"

#define MATCH_M 50.0
#define PI 3.14159265358979323846

struct tally {
    long n[VG_CLASS_COUNT], ok[VG_CLASS_COUNT], unknown[VG_CLASS_COUNT]; /* by true class */
};

static double frac(const struct tally *t, int cls)
{
    return t->n[cls] ? (double)t->ok[cls] / t->n[cls] : 1.0;
}

static double frac_both(const struct tally *t)
{
    long n = t->n[VG_CLASS_DRONE] + t->n[VG_CLASS_BIRD];
    return n ? (double)(t->ok[VG_CLASS_DRONE] + t->ok[VG_CLASS_BIRD]) / n : 1.0;
}

/* One classifier under test: its settings, its per-track states and its score. */
struct variant {
    const char *name;
    struct vg_classifier cls;
    int use_rf;                /* RF drone-link bearings as report evidence */
    struct vg_class_state *st; /* by track id */
    size_t nst;
    struct tally tal;
};

#define MAX_VARIANTS 8

struct ctx {
    const struct vg_sim_output *sim;
    struct vg_tracker *tr;
    struct variant *v;
    int nv;
    double (*pos)[3];          /* per object, at the emitted time */
    int *alive;
};

static struct vg_class_state *state_of(struct variant *v, uint64_t id)
{
    if (id >= v->nst) {
        size_t n = v->nst ? v->nst : 256;
        while (n <= id)
            n *= 2;
        struct vg_class_state *p = realloc(v->st, n * sizeof *p);
        if (!p)
            abort();
        for (size_t k = v->nst; k < n; k++)
            p[k].nkin = UINT32_MAX; /* not started */
        v->st = p;
        v->nst = n;
    }
    struct vg_class_state *s = &v->st[id];
    if (s->nkin == UINT32_MAX)
        vg_class_state_init(s, &v->cls);
    return s;
}

/* The object nearest to a track within MATCH_M, or nobjects. */
static size_t nearest(const struct ctx *c, const struct vg_track *trk)
{
    double best = MATCH_M * MATCH_M;
    size_t no = c->sim->nobjects, bk = no;
    for (size_t k = 0; k < no; k++) {
        if (!c->alive[k])
            continue;
        double de = trk->x[0] - c->pos[k][0], dn = trk->x[1] - c->pos[k][1];
        double du = trk->x[2] - c->pos[k][2], d = de * de + dn * dn + du * du;
        if (d < best) {
            best = d;
            bk = k;
        }
    }
    return bk;
}

static void on_emit(void *user, double t, const struct vg_track *trk, size_t n)
{
    struct ctx *c = user;
    size_t nu, no = c->sim->nobjects;
    const struct vg_track *upd = vg_tracker_tracks(c->tr, &nu);
    for (size_t k = 0; k < no; k++) {
        double vel[3];
        c->alive[k] = vg_sim_object_state(&c->sim->objects[k], t, c->pos[k], vel);
    }
    for (size_t i = 0; i < n; i++) {
        /* Classify from the last update (the emitted copy is a prediction to t). */
        const struct vg_track *u = i < nu && upd[i].id == trk[i].id ? &upd[i] : &trk[i];
        size_t k = trk[i].status == VG_TRACK_TENTATIVE ? no : nearest(c, &trk[i]);
        for (int j = 0; j < c->nv; j++) {
            struct variant *v = &c->v[j];
            struct vg_class_state *s = state_of(v, trk[i].id);
            CHECK(vg_classify_state(&v->cls, s, u->t, u->x, u->P) == 0);
            if (k == no)
                continue;
            int label = vg_class_best(s, NULL), truth = c->sim->objects[k].cls;
            v->tal.n[truth]++;
            v->tal.ok[truth] += label == truth;
            v->tal.unknown[truth] += label == VG_CLASS_UNKNOWN;
        }
    }
}

/* An RF bearing reporting a drone link goes to a confirmed track (predicted to the
 * bearing's time) within 3σ in azimuth — only when exactly one is there: a bearing has no
 * range, so any other track on the line could have been the emitter. */
static void associate_rf(struct ctx *c, const struct vg_site *site, const struct vg_detection *d)
{
    const double *sp = site->sensors[d->sensor].pos;
    double gate = 3.0 * sqrt(d->R[0]);
    size_t n, bi = SIZE_MAX, inside = 0;
    const struct vg_track *trk = vg_tracker_tracks(c->tr, &n);
    for (size_t i = 0; i < n; i++) {
        if (trk[i].status == VG_TRACK_TENTATIVE)
            continue;
        double dt = d->t - trk[i].t;
        double e = trk[i].x[0] + trk[i].x[3] * dt - sp[0];
        double nn = trk[i].x[1] + trk[i].x[4] * dt - sp[1];
        if (fabs(remainder(atan2(e, nn) - d->z[0], 2 * PI)) < gate) {
            bi = i;
            inside++;
        }
    }
    if (inside != 1)
        return;
    for (int j = 0; j < c->nv; j++)
        if (c->v[j].use_rf)
            CHECK(vg_classify_report(&c->v[j].cls, state_of(&c->v[j], trk[bi].id), d,
                                     VG_EMITTER_DRONE_LINK, NAN) == 0);
}

/* One tracker run on the scene; every variant classifies its tracks. */
static void run_tracker(const struct vg_scenario *sc, const struct vg_sim_output *sim,
                        struct variant *v, int nv)
{
    struct ctx c = {sim, NULL, v, nv, NULL, NULL};
    struct vg_tracker_config cfg;
    struct vg_diag d;
    vg_tracker_config_default(&cfg);
    if (vg_tracker_new(&c.tr, &cfg, &sc->site, &d)) {
        fprintf(stderr, "%s\n", d.msg);
        CHECK(0);
        return;
    }
    c.pos = calloc(sim->nobjects + 1, sizeof *c.pos);
    c.alive = calloc(sim->nobjects + 1, sizeof *c.alive);
    vg_tracker_on_emit(c.tr, on_emit, &c);
    for (size_t i = 0; i < sim->ndets; i++) {
        CHECK(vg_tracker_add(c.tr, &sim->dets[i]) == 0);
        if (sim->dets[i].kind == VG_DET_BEARING && vg_link_emits(sim->det_emitter[i].link))
            associate_rf(&c, &sc->site, &sim->dets[i]);
    }
    CHECK(vg_tracker_flush(c.tr) == 0);
    vg_tracker_free(c.tr);
    for (int j = 0; j < nv; j++)
        free(v[j].st);
    free(c.pos);
    free(c.alive);
}

/* Each object's true trajectory, 1 Hz, white noise: position σ 10 m, velocity σ 2 m/s. These
 * states are never a pairing of two objects' plots, so the young-track outlier weight
 * (kin_young) is set to the old-track one: the models alone are on test here. */
static struct tally run_noisy_truth(const struct vg_scenario *sc, const struct vg_sim_output *sim,
                                    const struct vg_classifier *cls_in)
{
    struct vg_classifier one_object = *cls_in;
    one_object.kin_young = one_object.kin_outlier;
    const struct vg_classifier *cls = &one_object;
    struct tally tal = {{0}, {0}, {0}};
    struct vg_rng rng;
    vg_rng_seed(&rng, 2024);
    for (size_t k = 0; k < sim->nobjects; k++) {
        const struct vg_sim_object *o = &sim->objects[k];
        struct vg_class_state st;
        vg_class_state_init(&st, cls);
        double t_end = fmin(o->t_end, sc->duration_s);
        for (double t = o->t_start; t < t_end; t += 1.0) {
            double pos[3], vel[3], x[6];
            vg_sim_object_state(o, t, pos, vel);
            for (int i = 0; i < 3; i++) {
                x[i] = pos[i] + 10.0 * vg_rng_normal(&rng);
                x[3 + i] = vel[i] + 2.0 * vg_rng_normal(&rng);
            }
            CHECK(vg_classify_state(cls, &st, t, x, NULL) == 0);
            int label = vg_class_best(&st, NULL);
            tal.n[o->cls]++;
            tal.ok[o->cls] += label == o->cls;
            tal.unknown[o->cls] += label == VG_CLASS_UNKNOWN;
        }
    }
    return tal;
}

static void print(const char *scene, const char *how, const struct tally *t)
{
    fprintf(stderr, "  %-12s %-26s drone %6.2f %% of %6ld, bird %6.2f %% of %6ld (unknown "
            "%.2f %%), both %6.2f %%\n", scene, how, 100 * frac(t, VG_CLASS_DRONE),
            t->n[VG_CLASS_DRONE], 100 * frac(t, VG_CLASS_BIRD), t->n[VG_CLASS_BIRD],
            t->n[VG_CLASS_BIRD] ? 100.0 * t->unknown[VG_CLASS_BIRD] / t->n[VG_CLASS_BIRD] : 0.0,
            100 * frac_both(t));
}

static const char BIRDS_YAML[] =
    "name: birds-200\n"
    "seed: 77\n"
    "duration_s: 120\n"
    "site:\n"
    "  origin: {lat: 48.6105, lon: 22.3120, h: 120}\n"
    "radars:\n"
    "  - {id: r1, position: [0, -20, 8], scan: rotating, rate_hz: 1, range_min_m: 30,\n"
    "     range_max_m: 5000, el_min_deg: -5, el_max_deg: 60,\n"
    "     pd: {ref: 0.9, range_m: 3000, rcs_dbsm: -15, pfa: 1.0e-6},\n"
    "     sigma: {range_m: 5, az_deg: 0.5, el_deg: 0.5, rr_mps: 0.3}, clutter_per_scan: 3}\n"
    "  - {id: r2, position: [450, 400, 15], scan: electronic, rate_hz: 1, start_s: 0.5,\n"
    "     range_min_m: 20, range_max_m: 2500, el_min_deg: -10, el_max_deg: 70,\n"
    "     pd: {ref: 0.9, range_m: 1500, rcs_dbsm: -15},\n"
    "     sigma: {range_m: 8, az_deg: 1.0, el_deg: 1.0, rr_mps: 0.5}, clutter_per_scan: 2}\n"
    "sensors:\n"
    "  - {id: df1, type: rf, position: [460, 390, 12], rate_hz: 1, start_s: 0.25,\n"
    "     range_m: 6000, pd: 0.9, sigma: {az_deg: 3}, clutter_rate_hz: 0.05}\n"
    "targets:\n"
    "  - {type: flock, id: gulls, count: 30, centre: [800, 500], radius_m: 80,\n"
    "     height_m: [30, 120], speed_mps: [6, 14], heading_deg: 230, rcs_dbsm: -25}\n"
    "  - {type: flock, id: crows, count: 25, centre: [-600, 900], radius_m: 60,\n"
    "     height_m: [20, 80], speed_mps: [5, 12], heading_deg: 120, rcs_dbsm: -28}\n"
    "  - {type: flock, id: starlings, count: 40, centre: [1200, -600], radius_m: 50,\n"
    "     height_m: [40, 150], speed_mps: [8, 16], heading_deg: 300, rcs_dbsm: -32}\n"
    "  - {type: flock, id: pigeons, count: 30, centre: [300, 1200], radius_m: 60,\n"
    "     height_m: [30, 100], speed_mps: [12, 20], heading_deg: 180, rcs_dbsm: -22}\n"
    "  - {type: flock, id: geese, count: 20, centre: [-400, -800], radius_m: 80,\n"
    "     height_m: [200, 400], speed_mps: [12, 18], heading_deg: 45, rcs_dbsm: -18}\n"
    "  - {type: flock, id: swallows, count: 25, centre: [100, 300], radius_m: 100,\n"
    "     height_m: [10, 60], speed_mps: [5, 15], heading_deg: 90, rcs_dbsm: -35}\n"
    "  - {type: flock, id: ducks, count: 30, centre: [1500, 900], radius_m: 60,\n"
    "     height_m: [50, 200], speed_mps: [10, 20], heading_deg: 270, rcs_dbsm: -22}\n";

static int load(struct vg_scenario *sc, struct vg_sim_output *sim, const char *path,
                const char *text)
{
    struct vg_diag d;
    vg_scenario_init(sc);
    vg_sim_output_init(sim);
    int rc = path ? vg_scenario_load(sc, path, &d)
                  : vg_scenario_parse(sc, "birds-200", text, strlen(text), &d);
    if (rc == 0)
        rc = vg_sim_run(sc, sim, &d);
    if (rc)
        fprintf(stderr, "%s\n", d.msg);
    return rc;
}

/* The variants every scene runs: [0] the defaults, [1] with RF bearings, [2] broken on
 * purpose (no evidence counts: the prior, leaning to `lean`, decides), then ablations. */
static int variants(struct variant *v, int lean)
{
    struct vg_classifier def;
    vg_classifier_default(&def);
    memset(v, 0, MAX_VARIANTS * sizeof *v);
    for (int j = 0; j < 5; j++)
        v[j].cls = def;
    v[0].name = "tracker";
    v[1].name = "tracker + RF bearings";
    v[1].use_rf = 1;
    v[2].name = "broken (prior only)";
    v[2].cls.g_speed = v[2].cls.g_height = v[2].cls.g_climb = v[2].cls.g_heading = 0;
    if (lean == VG_CLASS_BIRD) {
        v[2].cls.prior_bird = 0.4;
        v[2].cls.prior_drone = 0.3;
    } else { /* a prior leaning the wrong way, whatever the defaults */
        v[2].cls.prior_drone = 0.4;
        v[2].cls.prior_bird = 0.3;
    }
    v[3].name = "speed alone";
    v[3].cls.g_height = v[3].cls.g_climb = v[3].cls.g_heading = 0;
    v[4].name = "all but speed";
    v[4].cls.g_speed = 0;
    return 5;
}

static void border_post_drones_and_birds(void)
{
    struct vg_scenario sc;
    struct vg_sim_output sim;
    CHECK(load(&sc, &sim, "scenarios/border-post.yaml", NULL) == 0);
    struct variant v[MAX_VARIANTS];
    int nv = variants(v, VG_CLASS_BIRD);
    run_tracker(&sc, &sim, v, nv);
    for (int j = 0; j < nv; j++)
        print("border-post", v[j].name, &v[j].tal);
    struct tally nt = run_noisy_truth(&sc, &sim, &v[0].cls);
    print("border-post", "noisy truth, 1 Hz", &nt);

    const struct tally *t = &v[0].tal, *rf = &v[1].tal, *br = &v[2].tal;
    CHECK(t->n[VG_CLASS_DRONE] > 300 && t->n[VG_CLASS_BIRD] > 1000);
    CHECK(frac(t, VG_CLASS_DRONE) >= 0.98 && frac(t, VG_CLASS_BIRD) >= 0.98);
    CHECK(frac(rf, VG_CLASS_DRONE) >= 0.98 && frac(rf, VG_CLASS_BIRD) >= 0.98);
    CHECK(frac(&nt, VG_CLASS_DRONE) >= 0.99 && frac(&nt, VG_CLASS_BIRD) >= 0.99);
    CHECK(frac(br, VG_CLASS_DRONE) < 0.98); /* the check can fail */
    vg_sim_output_fini(&sim);
    vg_scenario_fini(&sc);
}

static void two_hundred_birds_no_attack(void)
{
    struct vg_scenario sc;
    struct vg_sim_output sim;
    CHECK(load(&sc, &sim, NULL, BIRDS_YAML) == 0);
    CHECK_INT(sim.nobjects, 200);
    struct variant v[MAX_VARIANTS];
    int nv = variants(v, VG_CLASS_DRONE);
    run_tracker(&sc, &sim, v, nv);
    for (int j = 0; j < nv; j++)
        print("birds-200", v[j].name, &v[j].tal);
    struct tally nt = run_noisy_truth(&sc, &sim, &v[0].cls);
    print("birds-200", "noisy truth, 1 Hz", &nt);

    CHECK(v[0].tal.n[VG_CLASS_BIRD] > 10000);
    CHECK(frac(&v[0].tal, VG_CLASS_BIRD) >= 0.99);
    CHECK(frac(&v[1].tal, VG_CLASS_BIRD) >= 0.99);
    CHECK(frac(&nt, VG_CLASS_BIRD) >= 0.99);
    CHECK(frac(&v[2].tal, VG_CLASS_BIRD) < 0.98);
    vg_sim_output_fini(&sim);
    vg_scenario_fini(&sc);
}

int main(void)
{
    RUN(border_post_drones_and_birds);
    RUN(two_hundred_birds_no_attack);
    return test_report();
}
