/* SPDX-License-Identifier: MIT */
/* report_svg.c — drawing primitives of the exercise report (see report_svg.h).
 *
 * Coordinates are written with one decimal (a tenth of a pixel is below what a screen
 * shows), which keeps a page of a few thousand points small. Ticks follow the 1-2-5 rule
 * (Heckbert, "Nice numbers for graph labels", Graphics Gems, 1990). */
#include "publish/report_svg.h"

#include <math.h>

void vg__html_text(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&':
            fputs("&amp;", f);
            break;
        case '<':
            fputs("&lt;", f);
            break;
        case '>':
            fputs("&gt;", f);
            break;
        case '"':
            fputs("&quot;", f);
            break;
        case '\'':
            fputs("&#39;", f);
            break;
        default:
            fputc(*s, f);
        }
    }
}

double vg__axis_px(const struct vg__axis *a, double v)
{
    return a->p0 + (v - a->lo) / (a->hi - a->lo) * (a->p1 - a->p0);
}

double vg__nice_step(double span, int n)
{
    if (!(span > 0.0) || !isfinite(span) || n < 1)
        return 1.0;
    double raw = span / n, mag = pow(10.0, floor(log10(raw))), r = raw / mag;
    return (r < 1.5 ? 1.0 : r < 3.5 ? 2.0 : r < 7.5 ? 5.0 : 10.0) * mag;
}

void vg__axis_round(struct vg__axis *a, int n)
{
    if (!isfinite(a->lo) || !isfinite(a->hi)) {
        a->lo = 0.0;
        a->hi = 1.0;
    }
    if (!(a->hi > a->lo))
        a->hi = a->lo + 1.0;
    double step = vg__nice_step(a->hi - a->lo, n);
    a->lo = floor(a->lo / step + 1e-9) * step;
    a->hi = ceil(a->hi / step - 1e-9) * step;
}

void vg__svg_open(FILE *f, int w, int h, const char *label)
{
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
               "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"", w, h, w, h);
    vg__html_text(f, label);
    fputs("\">\n", f);
}

void vg__svg_close(FILE *f)
{
    fputs("</svg>\n", f);
}

void vg__svg_text(FILE *f, double x, double y, const char *anchor, const char *cls,
                  const char *text)
{
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\"", x, y);
    if (anchor && *anchor && anchor[0] != 's')
        fprintf(f, " text-anchor=\"%s\"", anchor);
    if (cls)
        fprintf(f, " class=\"%s\"", cls);
    fputc('>', f);
    vg__html_text(f, text);
    fputs("</text>\n", f);
}

/* A tick label: integers without decimals, others with as many as the step needs. */
static void tick_label(char *buf, size_t cap, double v, double step)
{
    int dec = step >= 1.0 ? 0 : (int)ceil(-log10(step) - 1e-9);
    if (fabs(v) < step * 1e-9)
        v = 0.0;
    snprintf(buf, cap, "%.*f", dec > 6 ? 6 : dec, v);
}

void vg__svg_axes(FILE *f, const struct vg__axis *ax, const struct vg__axis *ay, int nx, int ny,
                  const char *xlabel, const char *ylabel)
{
    double x0 = ax->p0 < ax->p1 ? ax->p0 : ax->p1, x1 = ax->p0 < ax->p1 ? ax->p1 : ax->p0;
    double y0 = ay->p0 < ay->p1 ? ay->p0 : ay->p1, y1 = ay->p0 < ay->p1 ? ay->p1 : ay->p0;
    char buf[32];
    double sx = vg__nice_step(ax->hi - ax->lo, nx), sy = vg__nice_step(ay->hi - ay->lo, ny);
    fputs("<g class=\"axes\">\n", f);
    for (double v = ceil(ax->lo / sx - 1e-9) * sx; nx > 0 && v <= ax->hi + sx * 1e-9; v += sx) {
        double px = vg__axis_px(ax, v);
        fprintf(f, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n", px,
                y0, px, y1);
        tick_label(buf, sizeof buf, v, sx);
        vg__svg_text(f, px, y1 + 14, "middle", "tick", buf);
    }
    for (double v = ceil(ay->lo / sy - 1e-9) * sy; ny > 0 && v <= ay->hi + sy * 1e-9; v += sy) {
        double py = vg__axis_px(ay, v);
        fprintf(f, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n", x0,
                py, x1, py);
        tick_label(buf, sizeof buf, v, sy);
        vg__svg_text(f, x0 - 5, py + 4, "end", "tick", buf);
    }
    fprintf(f, "<rect class=\"frame\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>\n",
            x0, y0, x1 - x0, y1 - y0);
    if (xlabel)
        vg__svg_text(f, (x0 + x1) / 2, y1 + 32, "middle", "label", xlabel);
    if (ylabel) {
        fprintf(f, "<text transform=\"translate(%.1f,%.1f) rotate(-90)\" text-anchor=\"middle\" "
                   "class=\"label\">", x0 - 48, (y0 + y1) / 2);
        vg__html_text(f, ylabel);
        fputs("</text>\n", f);
    }
    fputs("</g>\n", f);
}

void vg__poly_begin(struct vg__poly *p, FILE *f, const char *cls, double tol,
                    const double *box)
{
    p->f = f;
    p->cls = cls;
    p->tol = tol;
    p->boxed = box != NULL;
    for (int k = 0; k < 4; k++)
        p->box[k] = box ? box[k] : 0.0;
    p->n = 0;
    p->skipped = p->have_out = 0;
}

/* Add a point to the current run; force: even if close to the last one. */
static void run_add(struct vg__poly *p, double x, double y, int force)
{
    if (p->n == 0) {
        p->first[0] = p->x = x;
        p->first[1] = p->y = y;
        p->n = 1;
        p->skipped = 0;
        return;
    }
    if (!force && hypot(x - p->x, y - p->y) < p->tol) {
        p->skipped = 1;
        p->lx = x;
        p->ly = y;
        return;
    }
    if (p->n == 1)
        fprintf(p->f, "<polyline class=\"%s\" points=\"%.1f,%.1f", p->cls, p->first[0],
                p->first[1]);
    fprintf(p->f, " %.1f,%.1f", x, y);
    p->x = x;
    p->y = y;
    p->n++;
    p->skipped = 0;
}

static void run_end(struct vg__poly *p)
{
    if (p->skipped)
        run_add(p, p->lx, p->ly, 1);
    if (p->n >= 2)
        fputs("\"/>\n", p->f);
    p->n = 0;
    p->skipped = 0;
}

void vg__poly_point(struct vg__poly *p, double x, double y)
{
    if (!isfinite(x) || !isfinite(y))
        return;
    int in = !p->boxed || (x >= p->box[0] && x <= p->box[2] && y >= p->box[1] && y <= p->box[3]);
    if (!in) {
        if (p->n) { /* leaving: draw to this point, then stop */
            if (p->skipped)
                run_add(p, p->lx, p->ly, 1);
            run_add(p, x, y, 1);
            run_end(p);
        }
        p->have_out = 1;
        p->ox = x;
        p->oy = y;
        return;
    }
    if (p->n == 0 && p->have_out) /* entering: from the point outside */
        run_add(p, p->ox, p->oy, 1);
    p->have_out = 0;
    run_add(p, x, y, 0);
}

void vg__poly_end(struct vg__poly *p)
{
    run_end(p);
    p->have_out = 0;
}

void vg__svg_mark(FILE *f, int shape, double x, double y, double r, const char *cls,
                  const char *tip)
{
    switch (shape) {
    case VG__MARK_SQUARE:
        fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"", x - r, y - r,
                2 * r, 2 * r);
        break;
    case VG__MARK_TRIANGLE:
        fprintf(f, "<path d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1fZ\"", x, y - 1.2 * r, x + r,
                y + 0.8 * r, x - r, y + 0.8 * r);
        break;
    case VG__MARK_DIAMOND:
        fprintf(f, "<path d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1fL%.1f %.1fZ\"", x, y - 1.3 * r,
                x + r, y, x, y + 1.3 * r, x - r, y);
        break;
    case VG__MARK_CROSS:
        fprintf(f, "<path d=\"M%.1f %.1fL%.1f %.1fM%.1f %.1fL%.1f %.1f\"", x - r, y - r, x + r,
                y + r, x - r, y + r, x + r, y - r);
        break;
    case VG__MARK_BAR:
        fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"3\" height=\"%.1f\"", x - 1.5, y - 1.5 * r,
                3 * r);
        break;
    default:
        fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\"", x, y, r);
    }
    if (cls)
        fprintf(f, " class=\"%s\"", cls);
    if (tip && *tip) {
        fputs("><title>", f);
        vg__html_text(f, tip);
        fputs(shape == VG__MARK_SQUARE || shape == VG__MARK_BAR ? "</title></rect>\n"
              : shape == VG__MARK_CIRCLE                        ? "</title></circle>\n"
                                                                : "</title></path>\n",
              f);
    } else {
        fputs("/>\n", f);
    }
}

void vg__svg_legend(FILE *f, double x, double y, const struct vg__legend *items, size_t n,
                    int per_row, double col_w)
{
    if (per_row < 1)
        per_row = 1;
    fputs("<g class=\"legend\">\n", f);
    for (size_t i = 0; i < n; i++) {
        double cx = x + (double)(i % (size_t)per_row) * col_w;
        double cy = y + 8 + (double)(i / (size_t)per_row) * 18;
        if (items[i].mark < 0)
            fprintf(f, "<line class=\"%s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
                    items[i].cls, cx, cy, cx + 22, cy);
        else
            vg__svg_mark(f, items[i].mark, cx + 11, cy, 5, items[i].cls, NULL);
        vg__svg_text(f, cx + 28, cy + 4, "start", NULL, items[i].label);
    }
    fputs("</g>\n", f);
}
