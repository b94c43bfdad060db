/* SPDX-License-Identifier: MIT */
/* report_json.c — score.json: the exercise's numbers as one JSON object (formats.md
 * "Scores", extended for exercises).
 *
 * Fields: scenario, seed, duration_s, match_m, match_gate_p, match_max_m, pd_min; hostiles
 * (count), hostiles_alerted; per hostile id: first_alert_lead_s, lead_fraction,
 * detection_to_alert_s; lead_fraction_mean and lead_fraction_min (over hostiles that have
 * one); never_alerted (ids); alerts_raised,
 * false_alerts, false_alerts_per_hour, false_alert_list; the GOSPA of formats.md (gospa,
 * gospa_localisation, gospa_missed, gospa_false, c, p, alpha, times, id_switches);
 * drone_bird_accuracy with drone_bird_n; confusion {true class: {track class: pair-times}};
 * timeline {id: every time of exercise.h}. Built as a jansson tree — a few hundred values
 * once per run, where escaping every string correctly matters more than speed; reals with
 * 10 significant digits; NAN (a time that never came) is null. */
#include "publish/report.h"

#include <jansson.h>
#include <math.h>

#include "assess/assessor.h"

static json_t *num(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

/* Set key to v in o; a NULL v (no memory) marks the tree bad. */
static void put(json_t *o, const char *key, json_t *v, int *bad)
{
    if (!v || json_object_set_new(o, key, v))
        *bad = 1;
}

static json_t *timeline(const struct vg_scenario *sc, const struct vg_exercise_hostile *h)
{
    int bad = 0;
    json_t *o = json_object();
    if (!o)
        return NULL;
    put(o, "class", json_string(vg_class_name(h->cls)), &bad);
    put(o, "launch_s", num(h->t_start), &bad);
    put(o, "first_detectable_s", num(h->t_detectable), &bad);
    put(o, "first_detected_s", num(h->t_detected), &bad);
    put(o, "second_look_s", num(h->t_second_look), &bad);
    put(o, "first_confirmed_s", num(h->t_confirmed), &bad);
    put(o, "track", h->track ? json_integer((json_int_t)h->track) : json_null(), &bad);
    put(o, "first_alert_s", num(h->t_alerted), &bad);
    put(o, "alert", h->alert[0] ? json_string(h->alert) : json_null(), &bad);
    put(o, "alert_swarm", json_boolean(h->alert_swarm), &bad);
    put(o, "zone", h->zone >= 0 ? json_string(sc->site.zones[h->zone].id) : json_null(), &bad);
    put(o, "zone_reached_s", num(h->t_zone), &bad);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *false_alert(const struct vg_scenario *sc, const struct vg_sim_output *sim,
                           const struct vg_exercise_alert *a)
{
    int bad = 0;
    json_t *o = json_object();
    if (!o)
        return NULL;
    put(o, "id", json_string(a->id), &bad);
    put(o, "t", num(a->t), &bad);
    put(o, "zone", a->zone >= 0 && (size_t)a->zone < sc->site.nzones
                       ? json_string(sc->site.zones[a->zone].id) : json_null(), &bad);
    put(o, "track", a->swarm ? json_null() : json_integer((json_int_t)a->track), &bad);
    put(o, "swarm", json_boolean(a->swarm), &bad);
    put(o, "object", a->object >= 0 ? json_string(sim->objects[a->object].id) : json_null(),
        &bad);
    put(o, "class", a->object >= 0 ? json_string(vg_class_name(sim->objects[a->object].cls))
                                   : json_string("none"), &bad);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *confusion(const struct vg_exercise_result *r)
{
    int bad = 0;
    json_t *o = json_object();
    if (!o)
        return NULL;
    for (int c = 0; c < VG_CLASS_COUNT; c++) {
        uint64_t row = 0;
        for (int k = 0; k < VG_CLASS_COUNT; k++)
            row += r->confusion[c][k];
        if (!row)
            continue;
        json_t *ro = json_object();
        for (int k = 0; ro && k < VG_CLASS_COUNT; k++)
            put(ro, vg_class_name(k), json_integer((json_int_t)r->confusion[c][k]), &bad);
        put(o, vg_class_name(c), ro, &bad);
    }
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *build(const struct vg_scenario *sc, const struct vg_sim_output *sim,
                     const struct vg_exercise_result *r)
{
    int bad = 0;
    json_t *o = json_object();
    if (!o)
        return NULL;
    put(o, "scenario", json_string(r->scenario), &bad);
    put(o, "seed", json_integer((json_int_t)r->seed), &bad);
    put(o, "duration_s", num(r->duration_s), &bad);
    put(o, "match_m", num(r->prm.match_m), &bad);
    put(o, "match_gate_p", num(r->prm.gate_p), &bad);
    put(o, "match_max_m", num(r->prm.match_max_m), &bad);
    put(o, "pd_min", num(r->prm.pd_min), &bad);
    put(o, "hostiles", json_integer((json_int_t)r->nhostiles), &bad);
    put(o, "hostiles_alerted", json_integer((json_int_t)(r->nhostiles - r->never_alerted)), &bad);
    json_t *lead = json_object(), *frac = json_object(), *dta = json_object();
    json_t *lta = json_object(), *never = json_array(), *tl = json_object();
    double fsum = 0, fmin = INFINITY;
    size_t fn = 0;
    for (size_t i = 0; lead && frac && dta && lta && never && tl && i < r->nhostiles; i++) {
        const struct vg_exercise_hostile *h = &r->hostiles[i];
        put(lead, h->id, num(h->lead_s), &bad);
        put(frac, h->id, num(h->lead_fraction), &bad);
        put(dta, h->id, num(h->detect_to_alert_s), &bad);
        put(lta, h->id, num(h->look_to_alert_s), &bad);
        put(tl, h->id, timeline(sc, h), &bad);
        if (isnan(h->t_alerted) && json_array_append_new(never, json_string(h->id)))
            bad = 1;
        if (isfinite(h->lead_fraction)) {
            fsum += h->lead_fraction;
            fmin = h->lead_fraction < fmin ? h->lead_fraction : fmin;
            fn++;
        }
    }
    put(o, "first_alert_lead_s", lead, &bad);
    put(o, "lead_fraction", frac, &bad);
    put(o, "lead_fraction_mean", fn ? num(fsum / (double)fn) : json_null(), &bad);
    put(o, "lead_fraction_min", fn ? num(fmin) : json_null(), &bad);
    put(o, "detection_to_alert_s", dta, &bad);
    put(o, "second_look_to_alert_s", lta, &bad);
    put(o, "never_alerted", never, &bad);
    put(o, "alerts_raised", json_integer((json_int_t)r->nalerts), &bad);
    put(o, "false_alerts", json_integer((json_int_t)r->false_alerts), &bad);
    put(o, "false_alerts_per_hour", num(r->false_alerts_per_hour), &bad);
    json_t *fl = json_array();
    for (size_t i = 0; fl && i < r->nalerts; i++)
        if (!r->alerts[i].hostile) {
            json_t *a = false_alert(sc, sim, &r->alerts[i]);
            if (!a || json_array_append_new(fl, a))
                bad = 1;
        }
    put(o, "false_alert_list", fl, &bad);
    put(o, "gospa", num(r->gospa.gospa), &bad);
    put(o, "gospa_localisation", num(r->gospa.loc_term), &bad);
    put(o, "gospa_missed", num(r->gospa.missed_term), &bad);
    put(o, "gospa_false", num(r->gospa.false_term), &bad);
    put(o, "c", num(r->gospa.c), &bad);
    put(o, "p", num(r->gospa.p), &bad);
    put(o, "alpha", json_integer(r->gospa.alpha), &bad);
    put(o, "times", json_integer((json_int_t)r->gospa.times), &bad);
    put(o, "id_switches", json_integer((json_int_t)r->gospa.id_switches), &bad);
    put(o, "drone_bird_accuracy", num(r->drone_bird_accuracy), &bad);
    put(o, "drone_bird_n", json_integer((json_int_t)r->drone_bird_n), &bad);
    put(o, "confusion", confusion(r), &bad);
    put(o, "timeline", tl, &bad);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

int vg_report_score_json(FILE *f, const struct vg_scenario *sc, const struct vg_sim_output *sim,
                         const struct vg_exercise_result *r)
{
    json_t *o = build(sc, sim, r);
    if (!o)
        return VG_ENOMEM;
    int bad = json_dumpf(o, f, JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10)) ||
              fputc('\n', f) == EOF;
    json_decref(o);
    return bad || ferror(f) ? VG_EIO : 0;
}
