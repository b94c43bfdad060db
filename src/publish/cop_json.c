/* SPDX-License-Identifier: MIT */
/* cop_json.c — the picture as one compact JSON frame (docs/cop.md "Wire").
 *
 * Sized for 1,000 tracks at 10 frames/s: a track is a positional array of numbers, not an
 * object with keys (about 70 bytes instead of 200), positions in degrees to 6 decimals
 * (0.11 m north, 0.07 m east at 48°N: far below a radar's σ), heights and speeds to 0.1, the
 * threat to 0.01; class, status and link are small integers whose names the page has from
 * the frame's "names". Numbers are formatted by hand from a rounded integer (printf's %f
 * made the whole frame three times slower), and every frame reuses one buffer. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess/assessor.h"
#include "publish/cop_internal.h"
#include "sense/detection.h"

void vg__cop_buf_init(struct vg__cop_buf *b, size_t pre)
{
    memset(b, 0, sizeof *b);
    b->pre = pre;
}

void vg__cop_buf_fini(struct vg__cop_buf *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}

void vg__cop_buf_reset(struct vg__cop_buf *b)
{
    b->n = 0;
    b->oom = 0;
}

static int reserve(struct vg__cop_buf *b, size_t more)
{
    if (b->oom)
        return 0;
    size_t need = b->pre + b->n + more + 1;
    if (need <= b->cap)
        return 1;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < need)
        cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) {
        b->oom = 1;
        return 0;
    }
    b->p = p;
    b->cap = cap;
    return 1;
}

void vg__cop_buf_put(struct vg__cop_buf *b, const char *s, size_t n)
{
    if (!reserve(b, n))
        return;
    memcpy(b->p + b->pre + b->n, s, n);
    b->n += n;
    b->p[b->pre + b->n] = '\0';
}

void vg__cop_buf_puts(struct vg__cop_buf *b, const char *s)
{
    vg__cop_buf_put(b, s, strlen(s));
}

void vg__cop_buf_u64(struct vg__cop_buf *b, uint64_t v)
{
    char tmp[24];
    size_t i = sizeof tmp;
    do {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    vg__cop_buf_put(b, tmp + i, sizeof tmp - i);
}

void vg__cop_buf_fixed(struct vg__cop_buf *b, double v, int decimals)
{
    static const double scale[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8};
    if (decimals < 0)
        decimals = 0;
    if (decimals > 8)
        decimals = 8;
    if (!isfinite(v)) {
        vg__cop_buf_put(b, "null", 4);
        return;
    }
    /* Beyond 2^53 the integer route loses digits: such values (absurd in a picture, but
     * never to be written wrong) go out in exponent form, at most 24 characters (%f would
     * need 300 for 1e300: fuzz/cop.c found that). */
    if (fabs(v) * scale[decimals] > 9.0e15) {
        char tmp[32];
        int k = snprintf(tmp, sizeof tmp, "%.17g", v);
        vg__cop_buf_put(b, tmp, k > 0 && (size_t)k < sizeof tmp ? (size_t)k : 0);
        return;
    }
    long long q = llround(v * scale[decimals]);
    char tmp[40];
    size_t i = sizeof tmp;
    unsigned long long u = q < 0 ? (unsigned long long)(-q) : (unsigned long long)q;
    int frac = decimals, any = 0;
    /* Fraction digits, trailing zeros dropped. */
    for (; frac > 0; frac--) {
        unsigned dgt = (unsigned)(u % 10);
        u /= 10;
        if (dgt || any) {
            tmp[--i] = (char)('0' + dgt);
            any = 1;
        }
    }
    if (any)
        tmp[--i] = '.';
    do {
        tmp[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (q < 0)
        tmp[--i] = '-';
    vg__cop_buf_put(b, tmp + i, sizeof tmp - i);
}

/* Length of the valid UTF-8 sequence at p (RFC 3629 section 4: no overlongs, no
 * surrogates, nothing past U+10FFFF), or 0 if it is not one. */
static size_t utf8_len(const unsigned char *p)
{
    if (p[0] < 0x80)
        return 1;
    size_t n = p[0] >= 0xc2 && p[0] <= 0xdf ? 2 : p[0] >= 0xe0 && p[0] <= 0xef ? 3
             : p[0] >= 0xf0 && p[0] <= 0xf4 ? 4 : 0;
    for (size_t i = 1; i < n; i++)
        if ((p[i] & 0xc0) != 0x80)
            return 0;
    if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] > 0x9f) ||
        (p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] > 0x8f))
        return 0;
    return n;
}

/* A JSON string. Strings can come from the air (a Remote ID UAS ID, an ADS-B callsign):
 * bytes that are not UTF-8 become U+FFFD, so a frame always parses. */
void vg__cop_buf_str(struct vg__cop_buf *b, const char *s)
{
    vg__cop_buf_put(b, "\"", 1);
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        char esc[8];
        size_t n = utf8_len(p);
        if (n == 0) {
            vg__cop_buf_put(b, "\\ufffd", 6);
            p++;
        } else if (*p == '"' || *p == '\\') {
            esc[0] = '\\';
            esc[1] = (char)*p++;
            vg__cop_buf_put(b, esc, 2);
        } else if (*p < 0x20) {
            snprintf(esc, sizeof esc, "\\u%04x", *p++);
            vg__cop_buf_put(b, esc, 6);
        } else {
            vg__cop_buf_put(b, (const char *)p, n);
            p += n;
        }
    }
    vg__cop_buf_put(b, "\"", 1);
}

static void write_names(struct vg__cop_buf *b)
{
    vg__cop_buf_puts(b, "\"names\":{\"class\":[");
    for (int c = 0; c < VG_CLASS_COUNT; c++) {
        vg__cop_buf_puts(b, c ? "," : "");
        vg__cop_buf_str(b, vg_class_name((enum vg_class)c));
    }
    vg__cop_buf_puts(b, "],\"status\":[");
    for (int s = 0; s <= VG_TRACK_COASTING; s++) {
        vg__cop_buf_puts(b, s ? "," : "");
        vg__cop_buf_str(b, vg_track_status_name(s));
    }
    vg__cop_buf_puts(b, "],\"link\":[");
    for (int l = 0; l < VG_LINK_COUNT; l++) {
        vg__cop_buf_puts(b, l ? "," : "");
        vg__cop_buf_str(b, vg_link_name(l));
    }
    vg__cop_buf_puts(b, "]}");
}

static void write_alert(struct vg__cop_buf *b, const struct vg__cop_alert *x)
{
    const struct vg_alert *a = &x->a;
    int swarm = (a->track & VG_ALERT_SWARM_BIT) != 0;
    vg__cop_buf_puts(b, "{\"id\":");
    vg__cop_buf_str(b, a->id);
    vg__cop_buf_puts(b, ",\"track\":");
    if (swarm)
        vg__cop_buf_puts(b, "null");
    else
        vg__cop_buf_u64(b, a->track);
    vg__cop_buf_puts(b, ",\"swarm\":");
    vg__cop_buf_puts(b, swarm ? "true" : "false");
    vg__cop_buf_puts(b, ",\"zone\":");
    vg__cop_buf_str(b, x->zone);
    vg__cop_buf_puts(b, ",\"level\":");
    vg__cop_buf_str(b, vg_alert_level_name(a->level));
    vg__cop_buf_puts(b, ",\"state\":");
    vg__cop_buf_str(b, vg_alert_state_name(a->state));
    vg__cop_buf_puts(b, ",\"t_raised\":");
    vg__cop_buf_fixed(b, a->t_raised, 1);
    vg__cop_buf_puts(b, ",\"t\":");
    vg__cop_buf_fixed(b, a->t, 1);
    vg__cop_buf_puts(b, ",\"threat\":");
    vg__cop_buf_fixed(b, a->threat, 2);
    vg__cop_buf_puts(b, ",\"ttz\":");
    vg__cop_buf_fixed(b, a->time_to_zone_s, 1); /* null when not heading in (∞) */
    vg__cop_buf_puts(b, ",\"ack\":");
    if (a->acknowledged) {
        vg__cop_buf_puts(b, "{\"by\":");
        vg__cop_buf_str(b, a->ack_by);
        vg__cop_buf_puts(b, ",\"t\":");
        vg__cop_buf_fixed(b, a->t_ack, 1);
        vg__cop_buf_puts(b, "}");
    } else {
        vg__cop_buf_puts(b, "null");
    }
    vg__cop_buf_puts(b, ",\"advice\":[");
    for (size_t i = 0; i < x->nadv; i++) {
        vg__cop_buf_puts(b, i ? ",[" : "[");
        vg__cop_buf_str(b, x->adv[i].effector);
        vg__cop_buf_puts(b, ",");
        vg__cop_buf_str(b, x->adv[i].effect);
        vg__cop_buf_puts(b, "]");
    }
    vg__cop_buf_puts(b, "],\"members\":[");
    for (size_t i = 0; i < x->nmem; i++) {
        vg__cop_buf_puts(b, i ? "," : "");
        vg__cop_buf_u64(b, x->mem[i]);
    }
    vg__cop_buf_puts(b, "],\"nmembers\":");
    vg__cop_buf_u64(b, x->nmem_total);
    vg__cop_buf_puts(b, "}");
}

void vg__cop_frame_write(struct vg__cop_buf *b, uint64_t seq, double t, double wall,
                         const struct vg_enu_frame *frame, const struct vg__cop_track *trk,
                         size_t n, const struct vg__cop_alert *al, size_t nal)
{
    vg__cop_buf_reset(b);
    vg__cop_buf_puts(b, "{\"type\":\"picture\",\"seq\":");
    vg__cop_buf_u64(b, seq);
    vg__cop_buf_puts(b, ",\"t\":");
    vg__cop_buf_fixed(b, t, 2);
    vg__cop_buf_puts(b, ",\"wall\":");
    vg__cop_buf_fixed(b, wall, 3);
    if (seq == 1 || seq % 50 == 0) { /* the names now and then, for a page that joins late */
        vg__cop_buf_puts(b, ",");
        write_names(b);
    }
    vg__cop_buf_puts(b, ",\"fields\":\"id,class,status,coop,lat,lon,alt,ve,vn,vu,threat,"
                        "link[,coop_id]\",\"tracks\":[");
    for (size_t i = 0; i < n; i++) {
        const struct vg__cop_track *k = &trk[i];
        double lat, lon, h;
        vg_enu_to_geo(frame, k->x, &lat, &lon, &h);
        vg__cop_buf_puts(b, i ? ",[" : "[");
        vg__cop_buf_u64(b, k->id);
        char small[16];
        int m = snprintf(small, sizeof small, ",%u,%u,%d,", k->cls, k->status, k->coop);
        vg__cop_buf_put(b, small, (size_t)m);
        vg__cop_buf_fixed(b, lat, 6);
        vg__cop_buf_put(b, ",", 1);
        vg__cop_buf_fixed(b, lon, 6);
        vg__cop_buf_put(b, ",", 1);
        vg__cop_buf_fixed(b, k->x[2], 1); /* height above the site's origin */
        for (int j = 3; j < 6; j++) {
            vg__cop_buf_put(b, ",", 1);
            vg__cop_buf_fixed(b, k->x[j], 1);
        }
        vg__cop_buf_put(b, ",", 1);
        vg__cop_buf_fixed(b, k->threat, 2);
        m = snprintf(small, sizeof small, ",%u", k->link);
        vg__cop_buf_put(b, small, (size_t)m);
        if (k->coop == 1 && k->coop_id[0]) {
            vg__cop_buf_put(b, ",", 1);
            vg__cop_buf_str(b, k->coop_id);
        }
        vg__cop_buf_put(b, "]", 1);
    }
    vg__cop_buf_puts(b, "],\"alerts\":[");
    for (size_t i = 0; i < nal; i++) {
        if (i)
            vg__cop_buf_put(b, ",", 1);
        write_alert(b, &al[i]);
    }
    vg__cop_buf_puts(b, "]}");
}
