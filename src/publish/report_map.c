/* SPDX-License-Identifier: MIT */
/* report_map.c — the exercise map: what flew, what Vigil held, where it alerted, in the site's
 * ENU plane (east right, north up, one scale on both axes).
 *
 * The extent is the truth's, the sensors' and the zones' (tracks far off — a false track
 * running away — are clipped, not allowed to shrink the picture). Paths are drawn in order of
 * interest: zones, other objects' truth, hostile truth, tracks, then alerts and sensors on
 * top. The truth is regrouped per object by one counting sort of the sim's (time, object)
 * samples, so the drawing is linear in the truth's size; polylines are thinned to a pixel
 * (hostiles) or a few (the background) and cut at the frame (report_svg.c), which keeps an
 * hour of two hundred birds to a page of a few megabytes. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "assess/zone.h"
#include "publish/report_plots.h"
#include "publish/report_svg.h"

#define AREA_W 640.0 /* largest plot area, px */
#define AREA_H 560.0
#define ML 62.0
#define MT 12.0
#define MB 44.0
#define TOL_KEY_PX 1.0   /* path thinning (report_svg.h) of hostiles and their tracks, px */
#define TOL_OTHER_PX 2.5 /* ... of birds, other objects and other tracks: background */
#define CLOSE_M 600 /* the close-up shows the zones and this much around them, m */
#define VG__STR_(x) #x
#define VG__STR(x) VG__STR_(x)

struct box {
    double lo[2], hi[2];
};

static void grow_box(struct box *b, double e, double n)
{
    if (!isfinite(e) || !isfinite(n))
        return;
    b->lo[0] = e < b->lo[0] ? e : b->lo[0];
    b->hi[0] = e > b->hi[0] ? e : b->hi[0];
    b->lo[1] = n < b->lo[1] ? n : b->lo[1];
    b->hi[1] = n > b->hi[1] ? n : b->hi[1];
}

/* What the overall map shows: the truth, within the sensors' reach (a bird that drifts
 * 50 km away in an hour would otherwise shrink the site to a dot), plus the sensors and the
 * zones. The reach is each sensor's position ± its range; a sensor of unknown range (0)
 * lifts the limit. */
static struct box extent(const struct vg_scenario *sc, const struct vg_sim_output *sim)
{
    struct box b = {{INFINITY, INFINITY}, {-INFINITY, -INFINITY}};
    struct box reach = {{INFINITY, INFINITY}, {-INFINITY, -INFINITY}};
    for (size_t i = 0; i < sc->site.nsensors; i++) {
        const struct vg_sensor *s = &sc->site.sensors[i];
        double r = s->range_m > 0.0 ? s->range_m : INFINITY;
        grow_box(&reach, s->pos[0] - r, s->pos[1] - r);
        grow_box(&reach, s->pos[0] + r, s->pos[1] + r);
        if (!(s->range_m > 0.0)) {
            reach.lo[0] = reach.lo[1] = -INFINITY;
            reach.hi[0] = reach.hi[1] = INFINITY;
        }
        grow_box(&b, s->pos[0], s->pos[1]);
    }
    if (sc->site.nsensors == 0) {
        reach.lo[0] = reach.lo[1] = -INFINITY;
        reach.hi[0] = reach.hi[1] = INFINITY;
    }
    for (size_t i = 0; i < sim->ntruth; i++) {
        const double *p = sim->truth[i].pos;
        if (p[0] >= reach.lo[0] && p[0] <= reach.hi[0] && p[1] >= reach.lo[1] &&
            p[1] <= reach.hi[1])
            grow_box(&b, p[0], p[1]);
    }
    for (size_t z = 0; z < sc->site.nzones; z++)
        for (size_t k = 0; k < sc->site.zones[z].npts; k++)
            grow_box(&b, sc->site.zones[z].pts[2 * k], sc->site.zones[z].pts[2 * k + 1]);
    for (int a = 0; a < 2; a++) {
        if (!(b.hi[a] >= b.lo[a])) {
            b.lo[a] = -500.0;
            b.hi[a] = 500.0;
        }
        double pad = 0.05 * (b.hi[a] - b.lo[a]) + 50.0;
        b.lo[a] -= pad;
        b.hi[a] += pad;
    }
    return b;
}

int vg__report_track_at(const struct vg_exercise_result *r, uint64_t track, double t,
                        double pos[3])
{
    size_t lo = 0, hi = r->nsamples;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const struct vg_exercise_sample *s = &r->samples[mid];
        if (s->track < track || (s->track == track && s->t <= t + 1e-6))
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0 || r->samples[lo - 1].track != track)
        return 0;
    memcpy(pos, r->samples[lo - 1].pos, 3 * sizeof(double));
    return 1;
}

/* Zone outlines (their names come later, unclipped: zone_labels). */
static void zones(FILE *f, const struct vg_site *site, const struct vg__axis *ax,
                  const struct vg__axis *ay)
{
    for (size_t z = 0; z < site->nzones; z++) {
        const struct vg_zone *zn = &site->zones[z];
        fputs("<polygon class=\"zone\" points=\"", f);
        for (size_t k = 0; k < zn->npts; k++)
            fprintf(f, "%s%.1f,%.1f", k ? " " : "", vg__axis_px(ax, zn->pts[2 * k]),
                    vg__axis_px(ay, zn->pts[2 * k + 1]));
        fputs("\"><title>zone ", f);
        vg__html_text(f, zn->id);
        fputs(": ", f);
        vg__html_text(f, zn->name);
        fputs("</title></polygon>\n", f);
    }
}

/* The plot frame, a few pixels wider: what a path may be drawn in. */
static void frame_box(const struct vg__axis *ax, const struct vg__axis *ay, double box[4])
{
    box[0] = fmin(ax->p0, ax->p1) - 4;
    box[1] = fmin(ay->p0, ay->p1) - 4;
    box[2] = fmax(ax->p0, ax->p1) + 4;
    box[3] = fmax(ay->p0, ay->p1) + 4;
}

static int inside(const struct vg__axis *ax, const struct vg__axis *ay, double x, double y)
{
    return x >= fmin(ax->p0, ax->p1) && x <= fmax(ax->p0, ax->p1) && y >= fmin(ay->p0, ay->p1) &&
           y <= fmax(ay->p0, ay->p1);
}

/* The truth, per object: others first, then the hostiles with a cross where they ended; or,
 * with labels (drawn outside the clipped group), only the hostiles' ids, each where it first
 * appears in the view — its launch point, or where it enters a close-up. order groups the
 * sim's truth samples by object (counting sort). */
static int truth_paths(FILE *f, const struct vg_sim_output *sim, const struct vg__axis *ax,
                       const struct vg__axis *ay, int labels)
{
    size_t no = sim->nobjects;
    size_t *start = calloc(no + 1, sizeof *start);
    size_t *order = malloc((sim->ntruth ? sim->ntruth : 1) * sizeof *order);
    if (!start || !order) {
        free(start);
        free(order);
        return VG_ENOMEM;
    }
    for (size_t i = 0; i < sim->ntruth; i++)
        start[sim->truth[i].object + 1]++;
    for (size_t k = 0; k < no; k++)
        start[k + 1] += start[k];
    for (size_t i = 0; i < sim->ntruth; i++)
        order[start[sim->truth[i].object]++] = i;
    for (size_t k = no; k > 0; k--) /* back to the starts */
        start[k] = start[k - 1];
    start[0] = 0;
    for (int pass = 0; pass < 2; pass++)
        for (size_t k = 0; k < no; k++) {
            const struct vg_sim_object *o = &sim->objects[k];
            if ((pass == 1) != (o->hostile != 0) || start[k] == start[k + 1])
                continue;
            if (labels) {
                for (size_t i = start[k]; o->hostile && i < start[k + 1]; i++) {
                    const double *q = sim->truth[order[i]].pos;
                    double x = vg__axis_px(ax, q[0]), y = vg__axis_px(ay, q[1]);
                    if (inside(ax, ay, x, y)) {
                        /* Inwards from the frame's edges, so the name stays whole. */
                        int right = x > (ax->p0 + ax->p1) / 2;
                        double ty = y - 6 < fmin(ay->p0, ay->p1) + 12 ? y + 16 : y - 6;
                        vg__svg_text(f, right ? x - 6 : x + 6, ty, right ? "end" : "start",
                                     "hostile-label", o->id);
                        break;
                    }
                }
                continue;
            }
            struct vg__poly p;
            double box[4];
            frame_box(ax, ay, box);
            vg__poly_begin(&p, f, o->hostile ? "t-hostile" : o->cls == VG_CLASS_BIRD ? "t-bird"
                                                                                  : "t-other",
                           o->hostile ? TOL_KEY_PX : TOL_OTHER_PX, box);
            for (size_t i = start[k]; i < start[k + 1]; i++)
                vg__poly_point(&p, vg__axis_px(ax, sim->truth[order[i]].pos[0]),
                               vg__axis_px(ay, sim->truth[order[i]].pos[1]));
            vg__poly_end(&p);
            if (!o->hostile)
                continue;
            const double *b = sim->truth[order[start[k + 1] - 1]].pos;
            char tip[64];
            snprintf(tip, sizeof tip, "%s ends here", o->id);
            vg__svg_mark(f, VG__MARK_CROSS, vg__axis_px(ax, b[0]), vg__axis_px(ay, b[1]), 5,
                         "impact", tip);
        }
    free(start);
    free(order);
    return 0;
}

/* Confirmed tracks: those that were ever on a hostile drawn darker, on top. */
static void tracks(FILE *f, const struct vg_sim_output *sim, const struct vg_exercise_result *r,
                   const struct vg__axis *ax, const struct vg__axis *ay)
{
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < r->nsamples;) {
            size_t e = i;
            int on_hostile = 0;
            for (; e < r->nsamples && r->samples[e].track == r->samples[i].track; e++)
                on_hostile |= r->samples[e].object >= 0 &&
                              sim->objects[r->samples[e].object].hostile;
            if (on_hostile == pass) {
                struct vg__poly p;
                double box[4];
                frame_box(ax, ay, box);
                vg__poly_begin(&p, f, on_hostile ? "k-hostile" : "k-other",
                               on_hostile ? TOL_KEY_PX : TOL_OTHER_PX, box);
                for (size_t j = i; j < e; j++)
                    vg__poly_point(&p, vg__axis_px(ax, r->samples[j].pos[0]),
                                   vg__axis_px(ay, r->samples[j].pos[1]));
                vg__poly_end(&p);
            }
            i = e;
        }
}

/* Single-track alerts where their track was when raised. */
static void alerts(FILE *f, const struct vg_sim_output *sim, const struct vg_exercise_result *r,
                   const struct vg__axis *ax, const struct vg__axis *ay)
{
    for (size_t i = 0; i < r->nalerts; i++) {
        const struct vg_exercise_alert *a = &r->alerts[i];
        double pos[3];
        if (a->swarm || !vg__report_track_at(r, a->track, a->t, pos))
            continue;
        char tip[160];
        snprintf(tip, sizeof tip, "alert %s at %.1f s on track %llu: %s%s", a->id, a->t,
                 (unsigned long long)a->track, a->object >= 0 ? sim->objects[a->object].id
                                                              : "no object",
                 a->hostile ? "" : " (false alert)");
        vg__svg_mark(f, VG__MARK_TRIANGLE, vg__axis_px(ax, pos[0]), vg__axis_px(ay, pos[1]), 6,
                     a->hostile ? "a-true" : "a-false", tip);
    }
}

static void sensors(FILE *f, const struct vg_scenario *sc, const struct vg__axis *ax,
                    const struct vg__axis *ay)
{
    for (size_t i = 0; i < sc->site.nsensors; i++) {
        const struct vg_sensor *s = &sc->site.sensors[i];
        double x = vg__axis_px(ax, s->pos[0]), y = vg__axis_px(ay, s->pos[1]);
        char tip[96];
        snprintf(tip, sizeof tip, "%s sensor %s", vg_sensor_type_name(s->type), s->id);
        vg__svg_mark(f, s->type == VG_SENSOR_RADAR ? VG__MARK_SQUARE : VG__MARK_DIAMOND, x, y,
                     5, "sensor", tip);
    }
}

static void zone_labels(FILE *f, const struct vg_site *site, const struct vg__axis *ax,
                        const struct vg__axis *ay)
{
    for (size_t z = 0; z < site->nzones; z++) {
        const struct vg_zone *zn = &site->zones[z];
        double c[2], top = INFINITY; /* the name just above the zone's highest vertex */
        for (size_t k = 0; k < zn->npts; k++)
            top = fmin(top, vg__axis_px(ay, zn->pts[2 * k + 1]));
        if (vg_zone_centroid(zn, c) == 0 && inside(ax, ay, vg__axis_px(ax, c[0]), top))
            vg__svg_text(f, vg__axis_px(ax, c[0]), top - 4, "middle", "zone-label",
                         zn->name[0] ? zn->name : zn->id);
    }
}

static void sensor_labels(FILE *f, const struct vg_scenario *sc, const struct vg__axis *ax,
                          const struct vg__axis *ay)
{
    for (size_t i = 0; i < sc->site.nsensors; i++) {
        const struct vg_sensor *s = &sc->site.sensors[i];
        double x = vg__axis_px(ax, s->pos[0]), y = vg__axis_px(ay, s->pos[1]);
        if (inside(ax, ay, x, y))
            vg__svg_text(f, x + 8, y + 12, "start", "sensor-label", s->id);
    }
}

/* One map of the box b, scaled to fit area_w × area_h. Labels are drawn last, unclipped,
 * so that a name near the edge stays whole. */
static int draw(FILE *f, const struct vg_scenario *sc, const struct vg_sim_output *sim,
                const struct vg_exercise_result *r, struct box b, double area_w, double area_h,
                const char *label, const char *clip_id, int legend)
{
    double de = b.hi[0] - b.lo[0], dn = b.hi[1] - b.lo[1];
    double scale = fmin(area_w / de, area_h / dn), pw = de * scale, ph = dn * scale;
    struct vg__axis ax = {b.lo[0], b.hi[0], ML, ML + pw};
    struct vg__axis ay = {b.lo[1], b.hi[1], MT + ph, MT};
    static const struct vg__legend items[] = {
        {"hostile, truth", "t-hostile", -1},
        {"bird, truth", "t-bird", -1},
        {"other object, truth", "t-other", -1},
        {"track on a hostile", "k-hostile", -1},
        {"other confirmed track", "k-other", -1},
        {"alert on a hostile", "a-true", VG__MARK_TRIANGLE},
        {"false alert", "a-false", VG__MARK_TRIANGLE},
        {"hostile's end", "impact", VG__MARK_CROSS},
        {"radar", "sensor", VG__MARK_SQUARE},
        {"bearing sensor", "sensor", VG__MARK_DIAMOND},
    };
    size_t nleg = legend ? sizeof items / sizeof items[0] : 0;
    int w = (int)ceil(ML + area_w + 70), rows = (int)((nleg + 3) / 4);
    int h = (int)ceil(MT + ph + MB + 18.0 * rows + 8);
    vg__svg_open(f, w, h, label);
    vg__svg_axes(f, &ax, &ay, (int)fmax(2.0, round(8.0 * pw / area_w)),
                 (int)fmax(2.0, round(8.0 * ph / area_w)), "east, m", "north, m");
    fprintf(f, "<clipPath id=\"%s\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
               "height=\"%.1f\"/></clipPath>\n<g clip-path=\"url(#%s)\">\n",
            clip_id, ML, MT, pw, ph, clip_id);
    zones(f, &sc->site, &ax, &ay);
    int rc = truth_paths(f, sim, &ax, &ay, 0);
    tracks(f, sim, r, &ax, &ay);
    alerts(f, sim, r, &ax, &ay);
    sensors(f, sc, &ax, &ay);
    fputs("</g>\n", f);
    zone_labels(f, &sc->site, &ax, &ay);
    sensor_labels(f, sc, &ax, &ay);
    if (!rc)
        rc = truth_paths(f, sim, &ax, &ay, 1);
    if (legend)
        vg__svg_legend(f, ML, MT + ph + MB - 4, items, nleg, 4, 175);
    vg__svg_close(f);
    return rc;
}

int vg__report_map(FILE *f, const struct vg_scenario *sc, const struct vg_sim_output *sim,
                   const struct vg_exercise_result *r)
{
    int rc = draw(f, sc, sim, r, extent(sc, sim), AREA_W, AREA_H,
                  "Map of truth paths, confirmed tracks, alerts, zones and sensors", "map-all", 1);
    if (rc || sc->site.nzones == 0)
        return rc;
    /* The close-up: the zones and CLOSE_M around them, where the attacks end. */
    struct box b = {{INFINITY, INFINITY}, {-INFINITY, -INFINITY}};
    for (size_t z = 0; z < sc->site.nzones; z++)
        for (size_t k = 0; k < sc->site.zones[z].npts; k++)
            grow_box(&b, sc->site.zones[z].pts[2 * k], sc->site.zones[z].pts[2 * k + 1]);
    for (int a = 0; a < 2; a++) {
        b.lo[a] -= CLOSE_M;
        b.hi[a] += CLOSE_M;
    }
    fputs("<p>Close to the zones (each zone and " VG__STR(CLOSE_M) " m around):</p>\n", f);
    return draw(f, sc, sim, r, b, 560.0, 560.0, "Close-up of the protected zones", "map-zones",
                0);
}
