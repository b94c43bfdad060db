/* SPDX-License-Identifier: MIT */
/* test_sim_delay.c — reporting delays and arrival order (sim/sim.c, sim/sim_write.c): every
 * report and marker arrives within [t + max(0, mean − jitter), t + mean + jitter]; the
 * output is in arrival order, a FIFO link keeps its sensor's order, others let markers
 * overtake their scan; delays change arrival only (the reports are those of the undelayed
 * scenario); detections.jsonl holds the same lines in the same order with "arrival" beside
 * "t"; without delays there is no "arrival" and the order is time order; the same seed gives
 * the same bytes. */
#include <jansson.h>
#include <unistd.h>

#include "test.h"

#include "sim/sim_fixture.h"

#include "sense/jsonl.h"
#include "sim/scenario.h"
#include "sim/sim.h"

static const struct vg_sim_delay *delay_of(const struct vg_scenario *sc, uint32_t i)
{
    return i < sc->nradars ? &sc->radars[i].delay : &sc->bearing_sensors[i - sc->nradars].delay;
}

static void remove_dir(const char *dir)
{
    static const char *const names[] = {"truth.jsonl", "detections.jsonl", "site.geojson"};
    char p[512];
    for (int i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        unlink(p);
    }
    rmdir(dir);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        char *p = realloc(buf, cap *= 2);
        if (!p)
            free(buf);
        buf = p;
    }
    fclose(f);
    *len = n;
    return buf;
}

/* Bounds, order, FIFO links, overtaking markers, and the delay distribution. */
static void case_arrival_bounds_and_order(void)
{
    struct vg_scenario sc;
    struct vg_sim_output out;
    CHECK(load(&sc, "scenarios/jittery.yaml") == 0);
    CHECK(run(&sc, &out) == 0);
    CHECK(out.delayed);
    size_t ns = sc.site.nsensors, bad_bounds = 0, bad_fifo = 0;
    double *last_t = calloc(ns, sizeof *last_t);
    double *sum = calloc(ns, sizeof *sum);
    size_t *cnt = calloc(ns, sizeof *cnt);
    for (size_t i = 0; i < out.ndets; i++) {
        const struct vg_detection *det = &out.dets[i];
        double a = out.det_arrival[i], d = a - det->t;
        const struct vg_sim_delay *dl = delay_of(&sc, det->sensor);
        if (i > 0)
            CHECK(a >= out.det_arrival[i - 1]);
        bad_bounds += !(d >= fmax(0.0, dl->mean_s - dl->jitter_s) - 1e-12 &&
                        d <= dl->mean_s + dl->jitter_s + 1e-12);
        sum[det->sensor] += d;
        cnt[det->sensor]++;
        CHECK_INT(det->src_line, i + 1);
    }
    CHECK_INT(bad_bounds, 0);
    /* FIFO links: in time order their arrivals never decrease (the output, in arrival order,
     * then lists their reports in time order). Others: some marker overtakes a report of its
     * own scan. */
    size_t overtaken[16] = {0};
    for (size_t i = 0; i < out.ndets; i++) {
        const struct vg_detection *det = &out.dets[i];
        uint32_t s = det->sensor;
        if (delay_of(&sc, s)->in_order) {
            bad_fifo += det->t < last_t[s];
            last_t[s] = det->t;
        } else if (det->kind != VG_DET_SCAN && det->t <= last_t[s] && s < 16) {
            overtaken[s]++; /* a marker at or after this report's time came first */
        } else if (det->kind == VG_DET_SCAN) {
            last_t[s] = fmax(last_t[s], det->t);
        }
    }
    CHECK_INT(bad_fifo, 0);
    size_t fifo = 0;
    for (size_t s = 0; s < ns && s < 16; s++) {
        const struct vg_sim_delay *dl = delay_of(&sc, (uint32_t)s);
        fifo += dl->in_order;
        /* r2's link (0–2 s jitter at 1 Hz) lets markers overtake. */
        if (!dl->in_order && dl->jitter_s >= 1.0)
            CHECK(overtaken[s] > 10);
        /* No clamping at 0 when mean ≥ jitter and no FIFO wait: the mean delay is the mean. */
        if (!dl->in_order && dl->mean_s >= dl->jitter_s && cnt[s] > 100) {
            double sd = 2 * dl->jitter_s / sqrt(12.0);
            CHECK(fabs(sum[s] / (double)cnt[s] - dl->mean_s) < 4.5 * sd / sqrt((double)cnt[s]));
        }
    }
    CHECK(fifo >= 1);
    free(last_t);
    free(sum);
    free(cnt);
    vg_sim_output_fini(&out);
    vg_scenario_fini(&sc);
}

/* Comparable by (sensor, t, kind, z): the order of one run's reports without delays. */
struct keyed {
    struct vg_detection det;
    int32_t object;
};

static int by_key(const void *a, const void *b)
{
    const struct keyed *x = a, *y = b;
    if (x->det.sensor != y->det.sensor)
        return x->det.sensor < y->det.sensor ? -1 : 1;
    if (x->det.t != y->det.t)
        return x->det.t < y->det.t ? -1 : 1;
    if (x->det.kind != y->det.kind)
        return x->det.kind < y->det.kind ? -1 : 1;
    return x->det.z[0] < y->det.z[0] ? -1 : x->det.z[0] > y->det.z[0];
}

/* Field by field (the struct has padding). */
static int same_det(const struct vg_detection *a, const struct vg_detection *b)
{
    if (a->t != b->t || a->sensor != b->sensor || a->kind != b->kind || a->nz != b->nz ||
        a->flags != b->flags || a->snr_db != b->snr_db)
        return 0;
    for (int i = 0; i < a->nz; i++)
        if (a->z[i] != b->z[i])
            return 0;
    for (int i = 0; i < a->nz * a->nz; i++)
        if (a->R[i] != b->R[i])
            return 0;
    return 1;
}

static struct keyed *keyed_copy(const struct vg_sim_output *out)
{
    struct keyed *k = malloc((out->ndets + 1) * sizeof *k);
    for (size_t i = 0; k && i < out->ndets; i++) {
        k[i].det = out->dets[i];
        k[i].det.src_line = 0;
        k[i].object = out->det_object[i];
    }
    if (k)
        qsort(k, out->ndets, sizeof *k, by_key);
    return k;
}

/* jittery.yaml is border-post.yaml plus delays: the same reports, the same truth; only the
 * arrival times (and so the order) differ. Without delays, arrival = t and the order is time
 * order. */
static void case_delays_change_only_arrival(void)
{
    struct vg_scenario a, b;
    struct vg_sim_output oa, ob;
    CHECK(load(&a, "scenarios/border-post.yaml") == 0);
    CHECK(load(&b, "scenarios/jittery.yaml") == 0);
    CHECK(run(&a, &oa) == 0);
    CHECK(run(&b, &ob) == 0);
    CHECK(!oa.delayed && ob.delayed);
    for (size_t i = 0; i < oa.ndets; i++) {
        CHECK(oa.det_arrival[i] == oa.dets[i].t);
        if (i > 0)
            CHECK(oa.dets[i].t >= oa.dets[i - 1].t);
    }
    CHECK_INT(oa.ndets, ob.ndets);
    CHECK_INT(oa.ntruth, ob.ntruth);
    CHECK(oa.ntruth == ob.ntruth && memcmp(oa.truth, ob.truth, oa.ntruth * sizeof *oa.truth) == 0);
    size_t moved = 0;
    for (size_t i = 0; i < oa.ndets && i < ob.ndets; i++)
        moved += oa.dets[i].t != ob.dets[i].t;
    CHECK(moved > oa.ndets / 2);
    struct keyed *ka = keyed_copy(&oa), *kb = keyed_copy(&ob);
    size_t differ = 0;
    for (size_t i = 0; ka && kb && i < oa.ndets && i < ob.ndets; i++)
        differ += !same_det(&ka[i].det, &kb[i].det) || ka[i].object != kb[i].object;
    CHECK_INT(differ, 0);
    free(ka);
    free(kb);
    vg_sim_output_fini(&oa);
    vg_sim_output_fini(&ob);
    vg_scenario_fini(&a);
    vg_scenario_fini(&b);
}

/* The file: the same lines as the output, in its order, "arrival" after "t" on every line
 * when delayed and on none otherwise; the reader gives back the same detections in the same
 * order. The same seed gives the same bytes; another seed does not. */
static void case_file_and_seeds(void)
{
    for (int delayed = 0; delayed < 2; delayed++) {
        struct vg_scenario sc;
        struct vg_sim_output out, again;
        CHECK(load(&sc, delayed ? "scenarios/jittery.yaml" : "scenarios/fibre-fpv.yaml") == 0);
        CHECK(run(&sc, &out) == 0 && run(&sc, &again) == 0);
        char da[] = "/tmp/vigil-delay-XXXXXX", db[] = "/tmp/vigil-delay-XXXXXX",
             dc[] = "/tmp/vigil-delay-XXXXXX", path[256];
        CHECK(mkdtemp(da) && mkdtemp(db) && mkdtemp(dc));
        struct vg_diag d;
        CHECK(vg_sim_write(&sc, &out, da, &d) == 0);
        CHECK(vg_sim_write(&sc, &again, db, &d) == 0);
        struct vg_sim_output other;
        sc.seed += 1;
        CHECK(run(&sc, &other) == 0);
        CHECK(vg_sim_write(&sc, &other, dc, &d) == 0);
        sc.seed -= 1;

        size_t na, nb, nc;
        snprintf(path, sizeof path, "%s/detections.jsonl", da);
        char *fa = slurp(path, &na);
        snprintf(path, sizeof path, "%s/detections.jsonl", db);
        char *fb = slurp(path, &nb);
        snprintf(path, sizeof path, "%s/detections.jsonl", dc);
        char *fc = slurp(path, &nc);
        CHECK(fa && fb && fc && na == nb && memcmp(fa, fb, na) == 0);
        CHECK(fa && fc && (na != nc || memcmp(fa, fc, na) != 0));

        /* Line by line: t, arrival, emitter. */
        size_t line = 0, with_arrival = 0, rf_with_emitter = 0, rf_lines = 0;
        for (char *p = fa, *end = fa ? fa + na : NULL; p && p < end; line++) {
            char *nl = memchr(p, '\n', (size_t)(end - p));
            json_error_t je;
            json_t *j = json_loadb(p, (size_t)(nl - p), 0, &je);
            CHECK(j != NULL);
            if (j && line < out.ndets) {
                CHECK(json_real_value(json_object_get(j, "t")) == out.dets[line].t);
                json_t *a = json_object_get(j, "arrival");
                with_arrival += a != NULL;
                if (a)
                    CHECK(json_real_value(a) == out.det_arrival[line]);
                const char *sid = json_string_value(json_object_get(j, "sensor"));
                int s = vg_site_find_sensor(&sc.site, sid ? sid : "");
                CHECK(s == (int)out.dets[line].sensor);
                if (s >= 0 && sc.site.sensors[s].type == VG_SENSOR_RF &&
                    out.dets[line].kind == VG_DET_BEARING) {
                    rf_lines++;
                    json_t *em = json_object_get(j, "emitter");
                    rf_with_emitter += em && json_is_string(json_object_get(em, "link")) &&
                                       json_real_value(json_object_get(em, "band_mhz")) > 0;
                }
            }
            json_decref(j);
            if (delayed && line == 0)
                CHECK(strncmp(p, "{\"t\":", 5) == 0 && strstr(p, ",\"arrival\":") < nl &&
                      strstr(p, ",\"arrival\":") < strstr(p, "\"sensor\""));
            p = nl + 1;
        }
        CHECK_INT(line, out.ndets);
        CHECK_INT(with_arrival, delayed ? out.ndets : 0);
        CHECK(rf_lines > 50);
        CHECK_INT(rf_with_emitter, rf_lines);

        /* The reader: the same detections in the same (arrival) order. */
        struct vg_site site;
        vg_site_init(&site);
        snprintf(path, sizeof path, "%s/site.geojson", da);
        CHECK(vg_site_load(&site, path, &d) == 0);
        struct vg_detection *dets = NULL;
        size_t n = 0;
        snprintf(path, sizeof path, "%s/detections.jsonl", da);
        CHECK(vg_jsonl_read_all(path, &site, 0, &dets, &n, &d) == 0);
        CHECK_INT(n, out.ndets);
        size_t bad = 0;
        for (size_t i = 0; i < n && i < out.ndets; i++)
            bad += dets[i].t != out.dets[i].t || dets[i].kind != out.dets[i].kind ||
                   dets[i].sensor != out.dets[i].sensor || dets[i].nz != out.dets[i].nz;
        CHECK_INT(bad, 0);
        free(dets);
        vg_site_fini(&site);
        free(fa);
        free(fb);
        free(fc);
        remove_dir(da);
        remove_dir(db);
        remove_dir(dc);
        vg_sim_output_fini(&out);
        vg_sim_output_fini(&again);
        vg_sim_output_fini(&other);
        vg_scenario_fini(&sc);
    }
}

/* A FIFO link with a jitter far above its report interval: never out of order, and the
 * clamp at zero delay holds (mean 0). */
static void case_fifo_and_clamp(void)
{
    struct vg_scenario sc;
    struct vg_sim_output out;
    CHECK(load(&sc, "scenarios/single-fpv.yaml") == 0);
    sc.radars[0].delay = (struct vg_sim_delay){.mean_s = 0.0, .jitter_s = 3.0, .in_order = 1};
    CHECK(run(&sc, &out) == 0);
    CHECK(out.delayed);
    size_t zero = 0;
    for (size_t i = 0; i < out.ndets; i++) {
        CHECK(out.det_arrival[i] >= out.dets[i].t);
        if (i > 0) {
            CHECK(out.dets[i].t >= out.dets[i - 1].t); /* FIFO: time order kept */
            CHECK(out.det_arrival[i] >= out.det_arrival[i - 1]);
        }
        zero += out.det_arrival[i] == out.dets[i].t;
    }
    CHECK(zero > 0); /* half the draws are negative and clamp to no delay */
    vg_sim_output_fini(&out);
    vg_scenario_fini(&sc);
}

int main(void)
{
    RUN(case_arrival_bounds_and_order);
    RUN(case_delays_change_only_arrival);
    RUN(case_file_and_seeds);
    RUN(case_fifo_and_clamp);
    return test_report();
}
