/* SPDX-License-Identifier: MIT */
/* asterix_json.c — ASTERIX records described as JSON for `vigil decode`.
 *
 * Keys follow the item names of the specs in engineering units (rho_nm, theta_deg, fl, …);
 * a key is written only when its item was present, so a reader can tell "absent" from
 * "zero". Cat 048 keys match ../shared/testdata/asterix/expected.jsonl (tshark's fields), so
 * the two can be compared directly. Numbers are the shortest text that reads back to the
 * same double: every value here is an exact binary fraction of its LSB. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sense/asterix.h"
#include "sense/asterix_internal.h"
#include "sense/jsonl_write.h"

static void put(struct vg__jb *j, const char *s, size_t n)
{
    if (j->err)
        return;
    if (j->n + n + 1 > j->cap) {
        size_t nc = j->cap ? j->cap : 4096;
        while (nc < j->n + n + 1)
            nc *= 2;
        char *np = realloc(j->p, nc);
        if (!np) {
            j->err = VG_ENOMEM;
            return;
        }
        j->p = np;
        j->cap = nc;
    }
    memcpy(j->p + j->n, s, n);
    j->n += n;
    j->p[j->n] = '\0';
}

static void puts_(struct vg__jb *j, const char *s) { put(j, s, strlen(s)); }

static void quoted(struct vg__jb *j, const char *s)
{
    put(j, "\"", 1);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            char e[2] = {'\\', (char)c};
            put(j, e, 2);
        } else if (c < 0x20 || c >= 0x7f) {
            char e[8];
            snprintf(e, sizeof e, "\\u%04x", c);
            puts_(j, e);
        } else {
            put(j, s, 1);
        }
    }
    put(j, "\"", 1);
}

/* Comma (unless first in its container) and "key": */
static void key(struct vg__jb *j, const char *k)
{
    if (j->depth > 0) {
        if (!j->first[j->depth - 1])
            put(j, ",", 1);
        j->first[j->depth - 1] = 0;
    }
    if (k) {
        quoted(j, k);
        put(j, ":", 1);
    }
}

void vg__jb_reset(struct vg__jb *j)
{
    j->n = 0;
    j->err = 0;
    j->depth = 0;
    if (j->p)
        j->p[0] = '\0';
}

void vg__jb_free(struct vg__jb *j)
{
    free(j->p);
    memset(j, 0, sizeof *j);
}

void vg__jb_open(struct vg__jb *j, const char *k, char c)
{
    key(j, k);
    put(j, &c, 1);
    if (j->depth < VG__JB_DEPTH)
        j->first[j->depth] = 1;
    j->depth++;
}

void vg__jb_close(struct vg__jb *j, char c)
{
    put(j, &c, 1);
    if (j->depth > 0)
        j->depth--;
}

void vg__jb_int(struct vg__jb *j, const char *k, long long v)
{
    char b[32];
    key(j, k);
    snprintf(b, sizeof b, "%lld", v);
    puts_(j, b);
}

void vg__jb_num(struct vg__jb *j, const char *k, double v)
{
    char b[VG_JSONL_NUM_MAX];
    key(j, k);
    puts_(j, vg_jsonl_format_double(b, v) < 0 ? "null" : b);
}

void vg__jb_str(struct vg__jb *j, const char *k, const char *s)
{
    key(j, k);
    quoted(j, s);
}

void vg__jb_bool(struct vg__jb *j, const char *k, int v)
{
    key(j, k);
    puts_(j, v ? "true" : "false");
}

void vg__ax_json048(struct vg__jb *j, const struct vg_asterix048 *r)
{
    static const char *const names[28] = {
        "010", "140", "020", "040", "070", "090", "130", "220", "240", "250", "161", "042",
        "200", "170", "210", "030", "080", "100", "110", "120", "230", "260", "055", "050",
        "065", "060", "SP", "RE",
    };
    uint32_t pr = r->present;
    vg__jb_open(j, "items", '[');
    for (int i = 0; i < 28; i++)
        if (pr >> i & 1)
            vg__jb_str(j, NULL, names[i]);
    vg__jb_close(j, ']');
    if (pr & VG_A048_010) {
        vg__jb_int(j, "sac", r->sac);
        vg__jb_int(j, "sic", r->sic);
    }
    if (pr & VG_A048_140)
        vg__jb_num(j, "tod_s", r->tod_s);
    if (pr & VG_A048_020) {
        vg__jb_int(j, "typ", r->typ);
        vg__jb_int(j, "sim", r->sim);
        vg__jb_int(j, "rdp", r->rdp);
        vg__jb_int(j, "spi", r->spi);
        vg__jb_int(j, "rab", r->rab);
        vg__jb_int(j, "tst", r->tst);
    }
    if (pr & VG_A048_040) {
        vg__jb_num(j, "rho_nm", r->rho_nm);
        vg__jb_num(j, "theta_deg", r->theta_deg);
    }
    if (pr & VG_A048_070) {
        char oct[8];
        snprintf(oct, sizeof oct, "%04o", r->mode3a & 07777u);
        vg__jb_str(j, "mode3a", oct);
        vg__jb_int(j, "mode3a_v", r->mode3a_v);
        vg__jb_int(j, "mode3a_g", r->mode3a_g);
        vg__jb_int(j, "mode3a_l", r->mode3a_l);
    }
    if (pr & VG_A048_090) {
        vg__jb_num(j, "fl", r->fl);
        vg__jb_int(j, "fl_v", r->fl_v);
        vg__jb_int(j, "fl_g", r->fl_g);
    }
    if (pr & VG_A048_161)
        vg__jb_int(j, "track", r->track);
    if (pr & VG_A048_220) {
        char hex[8];
        snprintf(hex, sizeof hex, "%06X", (unsigned)r->icao & 0xffffffu);
        vg__jb_str(j, "icao", hex);
    }
    if (pr & VG_A048_240)
        vg__jb_str(j, "callsign", r->callsign);
    if (pr & VG_A048_250)
        vg__jb_int(j, "bds_count", r->bds_count);
    if (pr & VG_A048_042) {
        vg__jb_num(j, "x_nm", r->x_nm);
        vg__jb_num(j, "y_nm", r->y_nm);
    }
    if (pr & VG_A048_200) {
        vg__jb_num(j, "gs_kt", r->gs_kt);
        vg__jb_num(j, "hdg_deg", r->hdg_deg);
    }
    if (pr & VG_A048_170) {
        vg__jb_int(j, "cnf", r->cnf);
        vg__jb_int(j, "rad", r->rad);
        vg__jb_int(j, "dou", r->dou);
        vg__jb_int(j, "mah", r->mah);
        vg__jb_int(j, "cdm", r->cdm);
        vg__jb_int(j, "tre", r->tre);
        vg__jb_int(j, "gho", r->gho);
    }
    if (pr & VG_A048_110)
        vg__jb_num(j, "height_ft", r->height_ft);
    if ((pr & VG_A048_120) && r->has_doppler)
        vg__jb_num(j, "doppler_ms", r->doppler_ms);
    if (pr & VG_A048_230)
        vg__jb_int(j, "comms", r->comms);
}

/* Named bits of one octet (or 16-bit word) as an object: {"name":bit,...}; bits[i] is the
 * name of bit (top - i), NULL for spare. Multi-bit fields are given as "name:width". */
static void bits(struct vg__jb *j, const char *k, unsigned v, int top,
                 const char *const *names, int n)
{
    vg__jb_open(j, k, '{');
    int b = top;
    for (int i = 0; i < n; i++) {
        const char *nm = names[i];
        int w = 1;
        char buf[16];
        const char *colon = strchr(nm, ':');
        if (colon) {
            w = colon[1] - '0';
            snprintf(buf, sizeof buf, "%.*s", (int)(colon - nm), nm);
            nm = buf;
        }
        b -= w;
        if (nm[0] != '-')
            vg__jb_int(j, nm, (long long)(v >> b & ((1u << w) - 1)));
    }
    vg__jb_close(j, '}');
}

void vg__ax_json034(struct vg__jb *j, const struct vg_asterix034 *r)
{
    uint32_t pr = r->present;
    if (pr & VG_A034_010) {
        vg__jb_int(j, "sac", r->sac);
        vg__jb_int(j, "sic", r->sic);
    }
    if (pr & VG_A034_000) {
        vg__jb_int(j, "msg_type", r->msg_type);
        vg__jb_str(j, "msg", vg_asterix034_msg_name(r->msg_type));
    }
    if (pr & VG_A034_030)
        vg__jb_num(j, "tod_s", r->tod_s);
    if (pr & VG_A034_020)
        vg__jb_num(j, "sector_deg", r->sector_deg);
    if (pr & VG_A034_041)
        vg__jb_num(j, "rotation_s", r->rotation_s);
    if (pr & VG_A034_050) {
        /* I034/050 system configuration and status (bit layouts of edition 1.27). */
        static const char *const com[] = {"nogo", "rdpc", "rdpr", "ovl_rdp", "ovl_xmt", "msc",
                                          "tsv", "-"};
        static const char *const ps[] = {"ant", "ch_ab:2", "ovl", "msc", "-:3"};
        static const char *const mds[] = {"ant", "ch_ab:2", "ovl_sur", "msc", "scf", "dlf",
                                          "ovl_scf", "ovl_dlf", "-:7"};
        vg__jb_open(j, "status", '{');
        if (r->has050 & 1)
            bits(j, "com", r->com050, 8, com, 8);
        if (r->has050 & 2)
            bits(j, "psr", r->psr050, 8, ps, 5);
        if (r->has050 & 4)
            bits(j, "ssr", r->ssr050, 8, ps, 5);
        if (r->has050 & 8)
            bits(j, "mds", r->mds050, 16, mds, 9);
        vg__jb_close(j, '}');
    }
    if (pr & VG_A034_060) {
        static const char *const com[] = {"-", "red_rdp:3", "red_xmt:3", "-"};
        static const char *const psr[] = {"pol", "red_rad:3", "stc:2", "-:2"};
        static const char *const ssr[] = {"red_rad:3", "-:5"};
        static const char *const mds[] = {"red_rad:3", "clu", "-:4"};
        vg__jb_open(j, "processing", '{');
        if (r->has060 & 1)
            bits(j, "com", r->com060, 8, com, 4);
        if (r->has060 & 2)
            bits(j, "psr", r->psr060, 8, psr, 4);
        if (r->has060 & 4)
            bits(j, "ssr", r->ssr060, 8, ssr, 2);
        if (r->has060 & 8)
            bits(j, "mds", r->mds060, 8, mds, 3);
        vg__jb_close(j, '}');
    }
    if (pr & VG_A034_070) {
        vg__jb_open(j, "counts", '[');
        for (int i = 0; i < r->count_n && i < 32; i++) {
            vg__jb_open(j, NULL, '{');
            vg__jb_int(j, "typ", r->counts[i] >> 11);
            vg__jb_int(j, "count", r->counts[i] & 0x7ff);
            vg__jb_close(j, '}');
        }
        vg__jb_close(j, ']');
    }
    if (pr & VG_A034_120) {
        vg__jb_num(j, "lat", r->lat_deg);
        vg__jb_num(j, "lon", r->lon_deg);
        vg__jb_num(j, "h_m", r->h_m);
    }
    if (pr & VG_A034_090) {
        vg__jb_num(j, "collimation_range_nm", r->coll_range_nm);
        vg__jb_num(j, "collimation_az_deg", r->coll_az_deg);
    }
}

void vg__ax_json015(struct vg__jb *j, const struct vg_asterix015 *r)
{
    static const char *const names[26] = {
        "010", "000", "015", "020", "030", "145", "161", "170", "050", "270", "300", "400",
        "600", "601", "602", "603", "604", "605", "480", "625", "626", "627", "628", "630",
        "631", "SP",
    };
    static const char *const mts[] = {"unknown", "measurement-plot", "measurement-track",
                                      "sensor-centric-plot", "sensor-centric-track",
                                      "track-end"};
    uint32_t pr = r->present, h = r->has;
    vg__jb_open(j, "items", '[');
    for (int i = 0; i < 26; i++)
        if (pr >> i & 1)
            vg__jb_str(j, NULL, names[i]);
    vg__jb_close(j, ']');
    if (pr & 1u << 0) {
        vg__jb_int(j, "sac", r->sac);
        vg__jb_int(j, "sic", r->sic);
    }
    if (pr & 1u << 1) {
        vg__jb_int(j, "mt", r->mt);
        vg__jb_str(j, "msg", r->mt >= 1 && r->mt <= 5 ? mts[r->mt] : mts[0]);
        vg__jb_int(j, "rg", r->rg);
    }
    if (pr & 1u << 3) {
        vg__jb_int(j, "momu", r->momu);
        vg__jb_int(j, "ttax", r->ttax);
    }
    if (pr & 1u << 5)
        vg__jb_num(j, "tod_s", r->tod_s);
    if (pr & 1u << 6)
        vg__jb_int(j, "track", r->track);
    if (pr & 1u << 7) {
        vg__jb_int(j, "cnf", r->cnf);
        vg__jb_int(j, "cstp", r->cstp);
    }
    if (pr & 1u << 10) {
        vg__jb_open(j, "classes", '[');
        for (int i = 0; i < r->ncls && i < 4; i++) {
            vg__jb_open(j, NULL, '{');
            vg__jb_int(j, "cls", r->cls[i]);
            vg__jb_int(j, "prb", r->prb[i]);
            vg__jb_close(j, '}');
        }
        vg__jb_close(j, ']');
    }
    static const struct {
        uint32_t bit;
        const char *key;
        size_t off;
    } nums[] = {
#define N(b, k, f) {b, k, offsetof(struct vg_asterix015, f)}
        N(VG_A015_P84, "lat", lat_deg), N(VG_A015_P84, "lon", lon_deg),
        N(VG_A015_HPP, "sd_x_m", sd_x_m), N(VG_A015_HPP, "sd_y_m", sd_y_m),
        N(VG_A015_GH, "gh_m", gh_m), N(VG_A015_SDGH, "sd_gh_m", sd_gh_m),
        N(VG_A015_HV, "vx_ms", vx_ms), N(VG_A015_HV, "vy_ms", vy_ms),
        N(VG_A015_VV, "vv_ms", vv_ms), N(VG_A015_R, "range_m", range_m),
        N(VG_A015_SDR, "sd_range_m", sd_range_m), N(VG_A015_RR, "rr_ms", rr_ms),
        N(VG_A015_SDRR, "sd_rr_ms", sd_rr_ms), N(VG_A015_DV, "dv_ms", dv_ms),
        N(VG_A015_AZ, "az_deg", az_deg), N(VG_A015_SDAZ, "sd_az_deg", sd_az_deg),
        N(VG_A015_EL, "el_deg", el_deg), N(VG_A015_SDEL, "sd_el_deg", sd_el_deg),
#undef N
    };
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
        if (h & nums[i].bit)
            vg__jb_num(j, nums[i].key, *(const double *)((const char *)r + nums[i].off));
    if (h & VG_A015_RPS)
        vg__jb_int(j, "rps_db", r->rps_db);
}
