/* SPDX-License-Identifier: MIT */
/* live_out_asterix.c — the `asterix062` output kind of the live engine: each emission as
 * EUROCONTROL ASTERIX Cat 062 (SDPS system tracks, publish/asterix062.h) data blocks.
 *
 * Every track of the emission goes out (I062/080 CNF marks the tentative ones, CST the
 * coasting ones), in data blocks of at most min(block_max, the UDP output's datagram_max)
 * bytes, 1400 by default: one block is one sink unit, so over UDP a block never straddles
 * two datagrams and a console reading one datagram gets whole blocks (ASTERIX allows
 * several blocks in one datagram; the sink packs small ones together up to datagram_max).
 * Over TCP or into a file the blocks follow each other, each self-delimited by its LEN.
 * Keys: sac, sic (I062/010: this engine as a data source, 0-255 each), service_id
 * (I062/015), block_max (bytes per block, 256-65535), monosensor (true/false: I062/080 MON;
 * default: mono when the site has one sensor), alt_source (I062/080 SRC of I062/130). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "engine/live_output.h"
#include "publish/asterix062.h"

struct ast_out {
    struct vg_live_sink *sink;
    const struct vg_site *site;
    struct vg_asterix062_cfg cfg;
    uint8_t *buf;
    size_t cap;
    uint64_t unencodable;
    char name[VG_LIVE_NAME_MAX];
};

static const char *const ast_keys[] = {"sac",        "sic",        "service_id", "block_max",
                                       "monosensor", "alt_source", NULL};

static int int_key(struct vg_live_output_config *c, const char *key, long lo, long hi,
                   long *out, struct vg_diag *d)
{
    const char *v = vg_live_output_key(c, key);
    if (!v)
        return 0;
    char *end;
    long x = strtol(v, &end, 10);
    if (end == v || *end || x < lo || x > hi)
        return vg_diag_set(d, VG_EINVAL, "output %s: %s: '%s' is not an integer in [%ld, %ld]",
                           c->name, key, v, lo, hi);
    *out = x;
    return 0;
}

static int ast_open(void **state, const struct vg_live_output_ctx *ctx, struct vg_diag *d)
{
    struct vg_live_output_config *c = ctx->cfg;
    struct vg_asterix062_cfg cfg;
    vg_asterix062_cfg_default(&cfg);
    long sac = cfg.sac, sic = cfg.sic, svc = cfg.service_id, bmax = (long)cfg.block_max,
         src = cfg.alt_source;
    int rc;
    if ((rc = int_key(c, "sac", 0, 255, &sac, d)) || (rc = int_key(c, "sic", 0, 255, &sic, d)) ||
        (rc = int_key(c, "service_id", 0, 255, &svc, d)) ||
        (rc = int_key(c, "block_max", 256, 65535, &bmax, d)) ||
        (rc = int_key(c, "alt_source", 0, 7, &src, d)))
        return rc;
    const char *mono = vg_live_output_key(c, "monosensor");
    if (mono) {
        if (!strcmp(mono, "true") || !strcmp(mono, "1"))
            cfg.monosensor = 1;
        else if (!strcmp(mono, "false") || !strcmp(mono, "0"))
            cfg.monosensor = 0;
        else
            return vg_diag_set(d, VG_EINVAL, "output %s: monosensor: '%s' is not true or false",
                               c->name, mono);
    }
    /* A block is one datagram's worth at most: never cut by the UDP sink. */
    if (c->transport == VG_LIVE_UDP && (size_t)bmax > c->datagram_max)
        bmax = (long)c->datagram_max;
    cfg.sac = (uint8_t)sac;
    cfg.sic = (uint8_t)sic;
    cfg.service_id = (uint8_t)svc;
    cfg.block_max = (size_t)bmax;
    cfg.alt_source = (uint8_t)src;
    struct ast_out *o = calloc(1, sizeof *o);
    if (!o || !(o->buf = malloc((size_t)bmax))) {
        free(o);
        return vg_diag_set(d, VG_ENOMEM, "out of memory");
    }
    o->sink = ctx->sink;
    o->site = ctx->site;
    o->cfg = cfg;
    o->cap = (size_t)bmax;
    snprintf(o->name, sizeof o->name, "%s", c->name);
    *state = o;
    return 0;
}

static void ast_tracks(void *state, double t, const struct vg_track *trk, size_t n)
{
    struct ast_out *o = state;
    for (size_t done = 0, used = 0; done < n; done += used) {
        size_t len = vg_asterix062_encode(&o->cfg, o->site, t, trk + done, n - done, &used,
                                          o->buf, o->cap);
        if (!used) { /* not even one record fits: cannot happen with block_max ≥ 256 */
            if (o->unencodable++ == 0)
                vg_log_error("output %s: a track does not fit in %zu bytes", o->name, o->cap);
            break;
        }
        if (len)
            vg_live_sink_write(o->sink, o->buf, len);
    }
}

static void ast_close(void *state)
{
    struct ast_out *o = state;
    if (!o)
        return;
    free(o->buf);
    free(o);
}

const struct vg_live_output_ops vg__live_out_asterix062 = {
    .name = "asterix062",
    .keys = ast_keys,
    .open = ast_open,
    .tracks = ast_tracks,
    .close = ast_close,
};
