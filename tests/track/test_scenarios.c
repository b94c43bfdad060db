/* SPDX-License-Identifier: MIT */
/* test_scenarios.c — the tracker on the simulator's multi-sensor scenarios, end to end in
 * memory (sim → tracker), checked per object against the truth:
 *   - scenarios/fibre-fpv.yaml: a fibre-optic FPV (no RF emission: the RF direction finders
 *     never hear it) is still held from the radar and the acoustic arrays, as is an analog
 *     one;
 *   - scenarios/multi-radar.yaml: three radars at different positions, rates (1, 2, 0.5 Hz)
 *     and accuracies, one biased with its registration declared: one track per object —
 *     almost never two confirmed tracks on one FPV;
 *   - scenarios/jittery.yaml: border-post's scene over links delaying reports up to 2 s.
 * "Held": a confirmed track nearest to the object (within 50 m) at a processed time, counted
 * from 3 s after the object's first detection (initiation takes a few scans) until it
 * reaches its zone; "doubled": two or more confirmed tracks nearest to it. */
#include "test.h"

#include "sim/sim.h"
#include "track/track.h"

#define HOLD_M 50.0

struct follow {
    double first_det;
    int times, held, doubled;
};

struct ctx {
    const struct vg_sim_output *sim;
    struct follow *fl;
};

/* Each confirmed track goes to its nearest live object within 50 m; an object is held when
 * at least one track went to it, doubled when two or more did. */
static void on_emit(void *user, double t, const struct vg_track *trk, size_t n)
{
    struct ctx *c = user;
    size_t no = c->sim->nobjects;
    int near[512] = {0};
    double pos[512][3];
    int alive[512];
    for (size_t k = 0; k < no && k < 512; k++) {
        double vel[3];
        alive[k] = vg_sim_object_state(&c->sim->objects[k], t, pos[k], vel);
    }
    for (size_t i = 0; i < n; i++) {
        if (trk[i].status == VG_TRACK_TENTATIVE)
            continue;
        double best = HOLD_M;
        size_t bk = no;
        for (size_t k = 0; k < no && k < 512; k++) {
            if (!alive[k])
                continue;
            double e = hypot(hypot(trk[i].x[0] - pos[k][0], trk[i].x[1] - pos[k][1]),
                             trk[i].x[2] - pos[k][2]);
            if (e < best) {
                best = e;
                bk = k;
            }
        }
        if (bk < no)
            near[bk]++;
    }
    for (size_t k = 0; k < no && k < 512; k++) {
        struct follow *f = &c->fl[k];
        if (!alive[k] || !(t >= f->first_det + 3))
            continue;
        f->times++;
        f->held += near[k] > 0;
        f->doubled += near[k] > 1;
    }
}

/* Runs a scenario; fills per-object results (caller frees *fl). */
static int run(const char *path, struct vg_sim_output *sim, struct vg_scenario *sc,
               struct follow **fl)
{
    struct vg_diag d;
    vg_scenario_init(sc);
    vg_sim_output_init(sim);
    if (vg_scenario_load(sc, path, &d) || vg_sim_run(sc, sim, &d)) {
        fprintf(stderr, "%s\n", d.msg);
        return -1;
    }
    *fl = calloc(sim->nobjects, sizeof **fl);
    for (size_t k = 0; k < sim->nobjects; k++)
        (*fl)[k].first_det = INFINITY;
    for (size_t i = 0; i < sim->ndets; i++) {
        int32_t o = sim->det_object[i];
        if (o >= 0 && sim->dets[i].t < (*fl)[o].first_det)
            (*fl)[o].first_det = sim->dets[i].t;
    }
    struct vg_tracker_config cfg;
    vg_tracker_config_default(&cfg);
    struct vg_tracker *tr;
    if (vg_tracker_new(&tr, &cfg, &sc->site, &d)) {
        fprintf(stderr, "%s\n", d.msg);
        return -1;
    }
    struct ctx c = {sim, *fl};
    vg_tracker_on_emit(tr, on_emit, &c);
    for (size_t i = 0; i < sim->ndets; i++)
        CHECK(vg_tracker_add(tr, &sim->dets[i]) == 0);
    CHECK(vg_tracker_flush(tr) == 0);
    vg_tracker_free(tr);
    return 0;
}

static void report(const char *name, const struct vg_sim_output *sim, const struct follow *fl,
                   double min_held, double max_doubled)
{
    for (size_t k = 0; k < sim->nobjects; k++) {
        const struct vg_sim_object *o = &sim->objects[k];
        if (o->kind != VG_SIM_FPV)
            continue;
        double held = fl[k].times ? (double)fl[k].held / fl[k].times : 0;
        double dbl = fl[k].times ? (double)fl[k].doubled / fl[k].times : 0;
        fprintf(stderr, "  %s %-6s %-12s held %5.1f %% of %d times, two tracks %4.1f %%\n", name,
                o->id, vg_link_name(o->link), 100 * held, fl[k].times, 100 * dbl);
        CHECK(fl[k].times > 10);
        CHECK(held >= min_held);
        CHECK(dbl <= max_doubled);
    }
}

static void fibre_fpv_held_without_rf(void)
{
    struct vg_sim_output sim;
    struct vg_scenario sc;
    struct follow *fl = NULL;
    CHECK(run("scenarios/fibre-fpv.yaml", &sim, &sc, &fl) == 0);
    int fibre = 0;
    for (size_t k = 0; k < sim.nobjects; k++)
        fibre += sim.objects[k].kind == VG_SIM_FPV && !vg_link_emits(sim.objects[k].link);
    CHECK(fibre >= 1);
    if (fl)
        report("fibre-fpv", &sim, fl, 0.90, 0.05);
    free(fl);
    vg_sim_output_fini(&sim);
    vg_scenario_fini(&sc);
}

static void multi_radar_one_track_per_object(void)
{
    struct vg_sim_output sim;
    struct vg_scenario sc;
    struct follow *fl = NULL;
    CHECK(run("scenarios/multi-radar.yaml", &sim, &sc, &fl) == 0);
    CHECK(sc.nradars == 3);
    if (fl)
        report("multi-radar", &sim, fl, 0.90, 0.02);
    free(fl);
    vg_sim_output_fini(&sim);
    vg_scenario_fini(&sc);
}

static void jittery_links_still_held(void)
{
    struct vg_sim_output sim;
    struct vg_scenario sc;
    struct follow *fl = NULL;
    CHECK(run("scenarios/jittery.yaml", &sim, &sc, &fl) == 0);
    CHECK(sim.delayed);
    if (fl)
        report("jittery", &sim, fl, 0.85, 0.05);
    free(fl);
    vg_sim_output_fini(&sim);
    vg_scenario_fini(&sc);
}

int main(void)
{
    RUN(fibre_fpv_held_without_rf);
    RUN(multi_radar_one_track_per_object);
    RUN(jittery_links_still_held);
    return test_report();
}
