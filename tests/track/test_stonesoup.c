/* SPDX-License-Identifier: MIT */
/* test_stonesoup.c — Vigil's tracker against Stone Soup's GNN on the same detections.
 *
 * The reference results (../shared/reference/stonesoup/README.md) are GOSPA (c = 10, p = 1,
 * α = 2) averaged over every scan, using the tracks reported at each scan: 49.996 on
 * swarm100 and 6.82 as the mean of tut10's 100 runs. Vigil must be at least as accurate with
 * the settings of scenarios/stonesoup-{swarm100,tut10}.conf; the scorer is score/ (itself checked against a
 * brute-force GOSPA in tests/score). Scan markers define the scored times, as in Stone Soup. */
#include "test.h"

#include "base/site.h"
#include "score/score.h"
#include "sense/jsonl.h"
#include "track/track.h"

struct collect {
    struct vg_score_set *set;
    int err;
};

static void on_emit(void *user, double t, const struct vg_track *trk, size_t n)
{
    struct collect *c = user;
    char id[32];
    int any = 0;
    for (size_t i = 0; i < n; i++) {
        if (trk[i].status == VG_TRACK_TENTATIVE)
            continue;
        snprintf(id, sizeof id, "%llu", (unsigned long long)trk[i].id);
        c->err |= vg_score_set_add(c->set, t, trk[i].x, id, 0);
        any = 1;
    }
    if (!any)
        c->err |= vg_score_set_add_time(c->set, t);
}

/* Track one scenario directory and score it; returns the mean GOSPA or NAN on error. */
static double track_and_score(const char *dir, const struct vg_tracker_config *cfg,
                              struct vg_score_result *res)
{
    char det_path[4096], truth_path[4096];
    snprintf(det_path, sizeof det_path, "%s/detections.jsonl", dir);
    snprintf(truth_path, sizeof truth_path, "%s/truth.jsonl", dir);
    struct vg_diag d;
    struct vg_site site;
    vg_site_init(&site);
    struct vg_detection *det = NULL;
    size_t n = 0;
    if (vg_jsonl_read_all(det_path, &site, VG_JSONL_AUTO_SENSOR, &det, &n, &d)) {
        fprintf(stderr, "%s\n", d.msg);
        return NAN;
    }
    struct vg_score_set truth, tracks;
    vg_score_set_init(&truth);
    vg_score_set_init(&tracks);
    struct collect col = {&tracks, 0};
    struct vg_tracker *tr;
    CHECK(vg_tracker_new(&tr, cfg, &site, &d) == 0);
    vg_tracker_on_emit(tr, on_emit, &col);
    double *scans = malloc(n * sizeof *scans);
    size_t nscans = 0;
    for (size_t i = 0; i < n; i++) {
        CHECK(vg_tracker_add(tr, &det[i]) == 0);
        if (det[i].kind == VG_DET_SCAN)
            scans[nscans++] = det[i].t;
    }
    CHECK(vg_tracker_flush(tr) == 0);
    CHECK(col.err == 0);
    double g = NAN;
    struct vg_score_params prm;
    vg_score_params_default(&prm);
    if (vg_truth_read(truth_path, &truth, &d) == 0 &&
        vg_score_run(&truth, &tracks, scans, nscans, &prm, NULL, NULL, res, &d) == 0)
        g = res->gospa;
    else
        fprintf(stderr, "%s\n", d.msg);
    vg_tracker_free(tr);
    free(scans);
    free(det);
    vg_score_set_fini(&truth);
    vg_score_set_fini(&tracks);
    vg_site_fini(&site);
    return g;
}

static void load_config(struct vg_tracker_config *cfg, const char *path)
{
    struct vg_diag d;
    vg_tracker_config_default(cfg);
    int rc = vg_cfg_load(cfg, vg_tracker_cfg, vg_tracker_cfg_count, path, &d);
    if (rc)
        fprintf(stderr, "%s\n", d.msg);
    CHECK(rc == 0);
}

static void swarm100_beats_stonesoup(void)
{
    struct vg_tracker_config cfg;
    load_config(&cfg, "scenarios/stonesoup-swarm100.conf");
    struct vg_score_result r;
    double g = track_and_score(test_shared("reference/stonesoup/swarm100"), &cfg, &r);
    fprintf(stderr, "  swarm100: GOSPA %.3f (loc %.3f, missed %.3f/scan, false %.3f/scan, "
                    "%zu times, %ld id switches); Stone Soup 49.996\n",
            g, r.loc_term, r.missed_n, r.false_n, r.times, r.id_switches);
    CHECK(g <= 49.99);
    CHECK(r.times == 200);
}

static void tut10_mean_beats_stonesoup(void)
{
    struct vg_tracker_config cfg;
    load_config(&cfg, "scenarios/stonesoup-tut10.conf");
    double sum = 0, missed = 0, fals = 0;
    int runs = 0;
    for (int i = 0; i < 100; i++) {
        char rel[64];
        snprintf(rel, sizeof rel, "reference/stonesoup/tut10/run-%03d", i);
        struct vg_score_result r;
        double g = track_and_score(test_shared(rel), &cfg, &r);
        CHECK(isfinite(g));
        if (!isfinite(g))
            return;
        sum += g;
        missed += r.missed_n;
        fals += r.false_n;
        runs++;
    }
    double mean = sum / runs;
    fprintf(stderr, "  tut10: mean GOSPA %.3f over %d runs (missed %.3f, false %.4f per scan); "
                    "Stone Soup 6.82\n",
            mean, runs, missed / runs, fals / runs);
    CHECK(runs == 100);
    CHECK(mean <= 6.82);
}

int main(void)
{
    RUN(swarm100_beats_stonesoup);
    RUN(tut10_mean_beats_stonesoup);
    return test_report();
}
