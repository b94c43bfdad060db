/* SPDX-License-Identifier: MIT */
/* report_svg.h — the drawing primitives of the exercise report (report_svg.c): escaped text,
 * linear axes with round ticks, framed plots, thinned polylines, markers and legends.
 *
 * SVG written by hand, as bench_svg.c does, so the page opens in any browser on a machine
 * with nothing installed and no network. Colours and strokes come from CSS classes defined
 * once in the page (report.c), so each element carries a class, not a style. Names are
 * vg__ because only the report's files share them. */
#ifndef VG_PUBLISH_REPORT_SVG_H
#define VG_PUBLISH_REPORT_SVG_H

#include <stddef.h>
#include <stdio.h>

/* s with & < > " ' escaped, for HTML text and attribute values alike. NULL writes nothing. */
void vg__html_text(FILE *f, const char *s);

/* A linear map from data [lo, hi] to pixels [p0, p1] (p1 < p0 for an upward y axis). */
struct vg__axis {
    double lo, hi;
    double p0, p1;
};

double vg__axis_px(const struct vg__axis *a, double v);

/* A round tick step (1, 2 or 5 × 10^k) giving about n ticks over span > 0. */
double vg__nice_step(double span, int n);

/* Widen [lo, hi] outwards to multiples of a round step for about n ticks; a degenerate or
 * non-finite range becomes [lo, lo + 1] (or [0, 1]). */
void vg__axis_round(struct vg__axis *a, int n);

/* <svg> of w × h px with an accessible label (escaped), and its end. */
void vg__svg_open(FILE *f, int w, int h, const char *label);
void vg__svg_close(FILE *f);

/* The plot frame spanned by ax (x) and ay (y): border, grid and tick labels every step of
 * about nx / ny ticks (none for an axis given 0), and the axis labels (escaped, may be
 * NULL). */
void vg__svg_axes(FILE *f, const struct vg__axis *ax, const struct vg__axis *ay, int nx, int ny,
                  const char *xlabel, const char *ylabel);

/* Text (escaped) at x, y; anchor "start", "middle" or "end"; cls a CSS class or NULL. */
void vg__svg_text(FILE *f, double x, double y, const char *anchor, const char *cls,
                  const char *text);

/* A polyline in pixel coordinates, streamed. A point closer than tol px to the last one kept
 * is skipped (the last point of a run is always kept), so a 25,000-point series draws its
 * shape, spikes included, in far fewer points. With a box [x0, y0, x1, y1], points outside it
 * are dropped: the path is cut into runs, each with the points just outside where it leaves
 * and re-enters, so a close-up map does not carry every path of the whole site. Nothing is
 * written for a run of fewer than two points. */
struct vg__poly {
    FILE *f;
    const char *cls;
    double tol;       /* px */
    int boxed;
    double box[4];
    size_t n;         /* points kept in the current run */
    double x, y;      /* last point kept */
    double first[2];  /* the run's first point, held until a second one comes */
    int skipped;      /* the last point seen was skipped: lx, ly */
    double lx, ly;
    int have_out;     /* a point outside the box is held: ox, oy */
    double ox, oy;
};
void vg__poly_begin(struct vg__poly *p, FILE *f, const char *cls, double tol,
                    const double *box);
void vg__poly_point(struct vg__poly *p, double x, double y);
void vg__poly_end(struct vg__poly *p);

/* Marker shapes, centred on x, y with size r (px), with a tooltip (escaped, may be NULL). */
enum vg__mark { VG__MARK_CIRCLE, VG__MARK_SQUARE, VG__MARK_TRIANGLE, VG__MARK_DIAMOND,
                VG__MARK_CROSS, VG__MARK_BAR };
void vg__svg_mark(FILE *f, int shape, double x, double y, double r, const char *cls,
                  const char *tip);

/* A legend from x, y (its top left): per item a line sample (mark < 0) or a marker, then its
 * label, per_row items to a row, each col_w px wide. */
struct vg__legend {
    const char *label;
    const char *cls;
    int mark;         /* enum vg__mark, or -1 for a line sample */
};
void vg__svg_legend(FILE *f, double x, double y, const struct vg__legend *items, size_t n,
                    int per_row, double col_w);

#endif
