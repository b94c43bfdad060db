/* SPDX-License-Identifier: MIT */
/* test_alerts.c — the alert lifecycle: named sequences of assessments and the events they
 * must (and must not) produce — raising after the hold, no flapping around a threshold,
 * updates on level and time-to-zone changes, acknowledgement, clearing after the hold or
 * when the track ends — and the alerts.jsonl line. */
#include "test.h"

#include <unistd.h>

#include "assess/alerts.h"

#define MAXE 256

struct log {
    int n;
    struct vg_alert e[MAXE];
};

static void on_event(void *user, const struct vg_alert *e)
{
    struct log *l = user;
    if (l->n < MAXE)
        l->e[l->n++] = *e;
}

static int count(const struct log *l, int state)
{
    int c = 0;
    for (int i = 0; i < l->n; i++)
        c += l->e[i].state == state;
    return c;
}

static struct vg_alerts *make(struct log *l, double raise_hold)
{
    struct vg_alert_config cfg;
    vg_alert_config_default(&cfg);
    cfg.raise_hold_s = raise_hold;
    cfg.raise_threat = 0.5; /* the cases below are written for these thresholds */
    cfg.clear_threat = 0.3;
    cfg.clear_hold_s = 5.0;
    cfg.critical_ttz_s = 20.0;
    struct vg_alerts *a;
    struct vg_diag d;
    memset(l, 0, sizeof *l);
    CHECK(vg_alerts_new(&a, &cfg, on_event, l, &d) == 0);
    return a;
}

/* A threat that rises, holds, comes close and ends: raised once, updated, cleared once. */
static void case_lifecycle(void)
{
    static struct log l;
    struct vg_alerts *a = make(&l, 1.0);
    for (int k = 0; k <= 60; k++) {
        double t = k * 0.5;
        if (t < 20) {
            double threat = t < 2 ? 0.2 : 0.9, ttz = 30 - t;
            CHECK(vg_alerts_observe(a, t, 7, 0, threat, ttz) == 0);
        }
        CHECK(vg_alerts_step(a, t) == 0);
    }
    CHECK_INT(count(&l, VG_ALERT_RAISED), 1);
    CHECK_INT(count(&l, VG_ALERT_CLEARED), 1);
    CHECK(count(&l, VG_ALERT_UPDATED) >= 3);
    CHECK_NEAR(l.e[0].t, 3.0, 1e-12); /* above from t = 2, held 1 s */
    CHECK(strcmp(l.e[0].id, "a-1") == 0);
    CHECK_INT(l.e[0].level, VG_ALERT_WARNING); /* 27 s out */
    int critical = 0;
    for (int i = 0; i < l.n; i++)
        critical |= l.e[i].level == VG_ALERT_CRITICAL && l.e[i].state == VG_ALERT_UPDATED;
    CHECK(critical); /* time to zone fell below 20 s */
    /* Track ended at t = 19.5: cleared clear_hold_s (5 s) after the first step without it. */
    CHECK_NEAR(l.e[l.n - 1].t, 25.0, 1e-12);
    CHECK_INT(vg_alerts_live(a), 0);
    vg_alerts_free(a);
}

/* A score oscillating between the thresholds never flaps: one alert, never cleared. */
static void case_no_flapping(void)
{
    static struct log l;
    struct vg_alerts *a = make(&l, 0.0);
    for (int k = 0; k < 200; k++) {
        double t = k * 0.5, threat = k % 2 ? 0.55 : 0.35; /* above raise / above clear */
        CHECK(vg_alerts_observe(a, t, 3, 1, threat, 100.0) == 0);
        CHECK(vg_alerts_step(a, t) == 0);
    }
    CHECK_INT(count(&l, VG_ALERT_RAISED), 1);
    CHECK_INT(count(&l, VG_ALERT_CLEARED), 0);
    CHECK_INT(count(&l, VG_ALERT_UPDATED), 0); /* nothing changed */
    /* Dipping below clear_threat for less than clear_hold_s does not clear either. */
    for (int k = 200; k < 220; k++) {
        double t = k * 0.5, threat = (k / 4) % 2 ? 0.1 : 0.6; /* 2 s below, 2 s above */
        CHECK(vg_alerts_observe(a, t, 3, 1, threat, 100.0) == 0);
        CHECK(vg_alerts_step(a, t) == 0);
    }
    CHECK_INT(count(&l, VG_ALERT_CLEARED), 0);
    vg_alerts_free(a);
}

/* A brief spike shorter than the raise hold raises nothing. */
static void case_spike_not_raised(void)
{
    static struct log l;
    struct vg_alerts *a = make(&l, 2.0);
    for (int k = 0; k < 40; k++) {
        double t = k * 0.5, threat = (k >= 10 && k < 13) ? 0.9 : 0.1;
        CHECK(vg_alerts_observe(a, t, 1, 0, threat, 50.0) == 0);
        CHECK(vg_alerts_step(a, t) == 0);
    }
    CHECK_INT(l.n, 0);
    vg_alerts_free(a);
}

/* Acknowledgement: recorded with who and when, survives updates, does not clear. */
static void case_acknowledge(void)
{
    static struct log l;
    struct vg_alerts *a = make(&l, 0.0);
    CHECK(vg_alerts_observe(a, 0, 5, 0, 0.8, 60) == 0);
    CHECK(vg_alerts_step(a, 0) == 0);
    CHECK_INT(vg_alerts_ack(a, "a-9", "op", 1.0), VG_ENOENT);
    CHECK_INT(vg_alerts_ack(a, "a-1", "sgt.kovacs", 1.5), 0);
    CHECK_INT(l.e[l.n - 1].state, VG_ALERT_ACKNOWLEDGED);
    CHECK(strcmp(l.e[l.n - 1].ack_by, "sgt.kovacs") == 0);
    CHECK(vg_alerts_observe(a, 5, 5, 0, 0.8, 10) == 0); /* critical now */
    CHECK(vg_alerts_step(a, 5) == 0);
    CHECK_INT(l.e[l.n - 1].state, VG_ALERT_UPDATED);
    CHECK(l.e[l.n - 1].acknowledged);
    CHECK_NEAR(l.e[l.n - 1].t_ack, 1.5, 0);
    CHECK_INT(vg_alerts_live(a), 1);
    vg_alerts_free(a);
}

/* Several pairs: independent alerts, events in (track, zone) order, ids in raise order. */
static void case_many_pairs(void)
{
    static struct log l;
    struct vg_alerts *a = make(&l, 0.0);
    CHECK(vg_alerts_observe(a, 0, 9, 1, 0.9, 30) == 0);
    CHECK(vg_alerts_observe(a, 0, 2, 0, 0.9, 30) == 0);
    CHECK(vg_alerts_observe(a, 0, 9, 0, 0.2, 30) == 0); /* below: no record */
    CHECK(vg_alerts_observe(a, 0, 2, 1, 0.7, 30) == 0);
    CHECK(vg_alerts_step(a, 0) == 0);
    CHECK_INT(l.n, 3);
    CHECK(l.e[0].track == 2 && l.e[0].zone == 0 && !strcmp(l.e[0].id, "a-1"));
    CHECK(l.e[1].track == 2 && l.e[1].zone == 1 && !strcmp(l.e[1].id, "a-2"));
    CHECK(l.e[2].track == 9 && l.e[2].zone == 1 && !strcmp(l.e[2].id, "a-3"));
    CHECK_INT(vg_alerts_observe(a, 1, 1, 0, NAN, 3), VG_EINVAL);
    struct vg_alert_config bad;
    vg_alert_config_default(&bad);
    bad.clear_threat = 0.9;
    struct vg_alerts *b;
    struct vg_diag d;
    CHECK(vg_alerts_new(&b, &bad, NULL, NULL, &d) == VG_EINVAL);
    vg_alerts_free(a);
}

/* The alerts.jsonl line: fields of formats.md, strings escaped, infinite ttz as null. */
static void case_jsonl_line(void)
{
    struct vg_alert e;
    memset(&e, 0, sizeof e);
    snprintf(e.id, sizeof e.id, "a-12");
    e.track = 17;
    e.t = 12.5;
    e.level = VG_ALERT_WARNING;
    e.state = VG_ALERT_RAISED;
    e.threat = 0.83;
    e.time_to_zone_s = 14.2;
    struct vg_advice adv[2] = {{"jam-1", "rf-link"}, {"net\"1", "net"}};
    char buf[1024] = "";
    FILE *f = tmpfile();
    CHECK(f != NULL);
    if (!f)
        return;
    CHECK(vg_alert_write_jsonl(f, &e, "gate-north", adv, 2, NULL, 0) == 0);
    e.time_to_zone_s = INFINITY;
    e.acknowledged = 1;
    snprintf(e.ack_by, sizeof e.ack_by, "op");
    CHECK(vg_alert_write_jsonl(f, &e, "gate-north", NULL, 0, NULL, 0) == 0);
    rewind(f);
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    CHECK(strstr(buf, "{\"t\":12.5,\"id\":\"a-12\",\"track\":17,\"zone\":\"gate-north\","
                      "\"level\":\"warning\",\"state\":\"raised\",\"threat\":0.8300,"
                      "\"time_to_zone_s\":14.200,\"advice\":[{\"effector\":\"jam-1\","
                      "\"effect\":\"rf-link\"},{\"effector\":\"net\\\"1\",\"effect\":\"net\"}]}")
          != NULL);
    CHECK(strstr(buf, "\"time_to_zone_s\":null,\"acknowledged_by\":\"op\"") != NULL);
}

int main(void)
{
    RUN(case_lifecycle);
    RUN(case_no_flapping);
    RUN(case_spike_not_raised);
    RUN(case_acknowledge);
    RUN(case_many_pairs);
    RUN(case_jsonl_line);
    return test_report();
}
