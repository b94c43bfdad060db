/* SPDX-License-Identifier: MIT */
/* live_config.c — the live engine's configuration file (live.h, docs/run.md).
 *
 * An INI-like superset of base/config's `key = value` files: sections [engine], [pipeline],
 * [input NAME] and [output NAME]; keys before any section are pipeline keys, so a tracker
 * settings file is also a valid engine file. The text is first cut into sections of raw
 * key/value lines (each remembering its line), the --set overrides are applied to those,
 * and only then is each section interpreted, so an override is checked exactly like a line
 * and every error names its line. Pipeline keys go through vg_pipeline_config_set (the
 * tracker's, classifier's and alerts' tables: same ranges, same messages). */
#include "engine/live.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "base/config.h"
#include "base/log.h"
#include "engine/live_internal.h"
#include "engine/live_output.h"
#include "publish/cop.h"

enum sec_type { SEC_PIPELINE = 0, SEC_ENGINE, SEC_INPUT, SEC_OUTPUT };

struct raw_section {
    int type;
    char name[VG_LIVE_NAME_MAX];
    int line;
    struct vg_live_kv kv[VG_LIVE_MAX_KV];
    size_t nkv;
};

#define MAX_SECTIONS (2 + VG_LIVE_MAX_INPUTS + VG_LIVE_MAX_OUTPUTS)

struct parse {
    const char *file;
    struct raw_section *sec;  /* sec[0] pipeline, sec[1] engine, then inputs/outputs */
    size_t nsec;
};

static const char *const transport_names[] = {"udp", "tcp-server", "tcp-client", "file", "none"};

const char *vg_live_transport_name(int t)
{
    return t >= 0 && t <= VG_LIVE_NONE ? transport_names[t] : "?";
}

int vg_live_transport_from_name(const char *s)
{
    for (int i = 0; i <= VG_LIVE_NONE; i++)
        if (!strcmp(s, transport_names[i]))
            return i;
    return -1;
}

void vg_live_config_default(struct vg_live_config *c)
{
    memset(c, 0, sizeof *c);
    c->log_level = VG_LOG_INFO;
    c->stats_interval_s = 60;
    snprintf(c->metrics_address, sizeof c->metrics_address, "127.0.0.1");
    c->metrics_port = -1;
    c->malformed_log_per_s = 5;
    c->drain_s = 2.0;
    c->final_counters = 1;
    vg_pipeline_config_default(&c->pipeline);
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\r')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

static int valid_name(const char *s)
{
    if (!*s || strlen(s) >= VG_LIVE_NAME_MAX)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '-' || *s == '_'))
            return 0;
    return 1;
}

/* "FILE:LINE: " or "--set: " as the place of a key. */
static const char *where(const struct parse *p, int line, char *buf, size_t cap)
{
    if (line > 0)
        snprintf(buf, cap, "%s:%d", p->file, line);
    else
        snprintf(buf, cap, "--set");
    return buf;
}

static int put_kv(struct parse *p, struct raw_section *s, const char *key, const char *value,
                  int line, struct vg_diag *d)
{
    char w[VG_LIVE_PATH_MAX + 32];
    if (strlen(key) >= VG_LIVE_NAME_MAX || strlen(value) >= VG_LIVE_PATH_MAX)
        return vg_diag_set(d, VG_ERANGE, "%s: key or value too long", where(p, line, w, sizeof w));
    for (size_t i = 0; i < s->nkv; i++)
        if (!strcmp(s->kv[i].key, key)) {
            if (line > 0) /* the file sets a key twice: a mistake; --set overrides */
                return vg_diag_set(d, VG_EINVAL, "%s: '%s' already set on line %d",
                                   where(p, line, w, sizeof w), key, s->kv[i].line);
            snprintf(s->kv[i].value, sizeof s->kv[i].value, "%s", value);
            s->kv[i].line = 0;
            return 0;
        }
    if (s->nkv == VG_LIVE_MAX_KV)
        return vg_diag_set(d, VG_ERANGE, "%s: more than %d keys in one section",
                           where(p, line, w, sizeof w), VG_LIVE_MAX_KV);
    struct vg_live_kv *kv = &s->kv[s->nkv++];
    snprintf(kv->key, sizeof kv->key, "%s", key);
    snprintf(kv->value, sizeof kv->value, "%s", value);
    kv->line = line;
    kv->used = 0;
    return 0;
}

static int split(struct parse *p, const char *text, size_t len, struct vg_diag *d)
{
    char buf[VG_LIVE_PATH_MAX + 128];
    struct raw_section *cur = &p->sec[SEC_PIPELINE];
    int lineno = 0;
    for (size_t pos = 0; pos < len;) {
        lineno++;
        size_t end = pos;
        while (end < len && text[end] != '\n')
            end++;
        if (end - pos >= sizeof buf)
            return vg_diag_set(d, VG_EPARSE, "%s:%d: line longer than %zu bytes", p->file,
                               lineno, sizeof buf - 1);
        memcpy(buf, text + pos, end - pos);
        buf[end - pos] = '\0';
        pos = end + 1;
        char *h = strchr(buf, '#');
        if (h)
            *h = '\0';
        char *s = trim(buf);
        if (!*s)
            continue;
        if (*s == '[') {
            char *close = strchr(s, ']');
            if (!close || *trim(close + 1))
                return vg_diag_set(d, VG_EPARSE, "%s:%d: expected '[section]'", p->file, lineno);
            *close = '\0';
            char *inner = trim(s + 1), *name = inner + strcspn(inner, " \t");
            if (*name)
                *name++ = '\0';
            name = trim(name);
            int type = !strcmp(inner, "engine") ? SEC_ENGINE
                       : !strcmp(inner, "pipeline") ? SEC_PIPELINE
                       : !strcmp(inner, "input")   ? SEC_INPUT
                       : !strcmp(inner, "output")  ? SEC_OUTPUT
                                                   : -1;
            if (type < 0)
                return vg_diag_set(d, VG_EPARSE,
                                   "%s:%d: unknown section '%s' (engine, pipeline, input NAME, "
                                   "output NAME)", p->file, lineno, inner);
            if (type == SEC_ENGINE || type == SEC_PIPELINE) {
                if (*name)
                    return vg_diag_set(d, VG_EPARSE, "%s:%d: [%s] takes no name", p->file,
                                       lineno, inner);
                cur = &p->sec[type];
                continue;
            }
            if (!valid_name(name))
                return vg_diag_set(d, VG_EPARSE,
                                   "%s:%d: [%s NAME]: NAME of 1-%d letters, digits, '-' or '_'",
                                   p->file, lineno, inner, VG_LIVE_NAME_MAX - 1);
            for (size_t i = 2; i < p->nsec; i++)
                if (p->sec[i].type == type && !strcmp(p->sec[i].name, name))
                    return vg_diag_set(d, VG_EINVAL, "%s:%d: [%s %s] already on line %d",
                                       p->file, lineno, inner, name, p->sec[i].line);
            size_t count = 0;
            for (size_t i = 2; i < p->nsec; i++)
                count += p->sec[i].type == type;
            if (count == (type == SEC_INPUT ? VG_LIVE_MAX_INPUTS : VG_LIVE_MAX_OUTPUTS))
                return vg_diag_set(d, VG_ERANGE, "%s:%d: too many [%s] sections", p->file,
                                   lineno, inner);
            cur = &p->sec[p->nsec++];
            memset(cur, 0, sizeof *cur);
            cur->type = type;
            cur->line = lineno;
            snprintf(cur->name, sizeof cur->name, "%s", name);
            continue;
        }
        char *eq = strchr(s, '=');
        if (!eq)
            return vg_diag_set(d, VG_EPARSE, "%s:%d: expected 'key = value'", p->file, lineno);
        *eq = '\0';
        int rc = put_kv(p, cur, trim(s), trim(eq + 1), lineno, d);
        if (rc)
            return rc;
    }
    return 0;
}

static int apply_set(struct parse *p, const char *kv, struct vg_diag *d)
{
    char buf[VG_LIVE_PATH_MAX + 128];
    if (strlen(kv) >= sizeof buf)
        return vg_diag_set(d, VG_ERANGE, "--set: too long");
    snprintf(buf, sizeof buf, "%s", kv);
    char *eq = strchr(buf, '=');
    if (!eq)
        return vg_diag_set(d, VG_EINVAL, "--set '%s': expected KEY=VALUE", kv);
    *eq = '\0';
    char *key = trim(buf), *value = trim(eq + 1);
    struct raw_section *s = &p->sec[SEC_PIPELINE];
    char *dot = strchr(key, '.');
    if (dot) {
        *dot = '\0';
        char *rest = dot + 1;
        if (!strcmp(key, "engine")) {
            s = &p->sec[SEC_ENGINE];
            key = rest;
        } else if (!strcmp(key, "input") || !strcmp(key, "output")) {
            int type = key[0] == 'i' ? SEC_INPUT : SEC_OUTPUT;
            char *dot2 = strchr(rest, '.');
            if (!dot2)
                return vg_diag_set(d, VG_EINVAL, "--set '%s': expected %s.NAME.KEY=VALUE", kv,
                                   key);
            *dot2 = '\0';
            s = NULL;
            for (size_t i = 2; i < p->nsec; i++)
                if (p->sec[i].type == type && !strcmp(p->sec[i].name, rest))
                    s = &p->sec[i];
            if (!s)
                return vg_diag_set(d, VG_EINVAL, "--set '%s': no [%s %s] in %s", kv, key, rest,
                                   p->file);
            key = dot2 + 1;
        } else {
            return vg_diag_set(d, VG_EINVAL,
                               "--set '%s': expected KEY, engine.KEY, input.NAME.KEY or "
                               "output.NAME.KEY", kv);
        }
    }
    return put_kv(p, s, key, value, 0, d);
}

/* ---- values ---- */

static int get_int(const struct parse *p, const struct vg_live_kv *kv, long lo, long hi, int *out,
                   struct vg_diag *d)
{
    char w[VG_LIVE_PATH_MAX + 32];
    char *end;
    errno = 0;
    long v = strtol(kv->value, &end, 10);
    if (end == kv->value || *end || errno)
        return vg_diag_set(d, VG_EPARSE, "%s: %s: '%s' is not an integer",
                           where(p, kv->line, w, sizeof w), kv->key, kv->value);
    if (v < lo || v > hi)
        return vg_diag_set(d, VG_ERANGE, "%s: %s: %ld is outside [%ld, %ld]",
                           where(p, kv->line, w, sizeof w), kv->key, v, lo, hi);
    *out = (int)v;
    return 0;
}

static int get_double(const struct parse *p, const struct vg_live_kv *kv, double lo, double hi,
                      double *out, struct vg_diag *d)
{
    char w[VG_LIVE_PATH_MAX + 32];
    char *end;
    errno = 0;
    double v = strtod(kv->value, &end);
    if (end == kv->value || *end || errno || !isfinite(v))
        return vg_diag_set(d, VG_EPARSE, "%s: %s: '%s' is not a number",
                           where(p, kv->line, w, sizeof w), kv->key, kv->value);
    if (v < lo || v > hi)
        return vg_diag_set(d, VG_ERANGE, "%s: %s: %g is outside [%g, %g]",
                           where(p, kv->line, w, sizeof w), kv->key, v, lo, hi);
    *out = v;
    return 0;
}

static int get_str(const struct parse *p, const struct vg_live_kv *kv, char *out, size_t cap,
                   struct vg_diag *d)
{
    char w[VG_LIVE_PATH_MAX + 32];
    if (strlen(kv->value) >= cap || !*kv->value)
        return vg_diag_set(d, VG_EINVAL, "%s: %s: %s", where(p, kv->line, w, sizeof w), kv->key,
                           *kv->value ? "too long" : "empty");
    snprintf(out, cap, "%s", kv->value);
    return 0;
}

static int get_address(const struct parse *p, const struct vg_live_kv *kv, char *out, size_t cap,
                       struct vg_diag *d)
{
    char w[VG_LIVE_PATH_MAX + 32];
    struct sockaddr_in6 a6;
    struct sockaddr_in a4;
    int rc = get_str(p, kv, out, cap, d);
    if (rc)
        return rc;
    if (uv_ip4_addr(out, 0, &a4) && uv_ip6_addr(out, 0, &a6))
        return vg_diag_set(d, VG_EINVAL, "%s: %s: '%s' is not an IPv4 or IPv6 address",
                           where(p, kv->line, w, sizeof w), kv->key, out);
    return 0;
}

/* A path relative to the configuration file's directory. */
static int get_path(const struct parse *p, const struct vg_live_kv *kv, const char *dir,
                    char *out, size_t cap, struct vg_diag *d)
{
    char w[VG_LIVE_PATH_MAX + 32];
    int n = kv->value[0] == '/' || !*dir ? snprintf(out, cap, "%s", kv->value)
                                         : snprintf(out, cap, "%s/%s", dir, kv->value);
    if (!*kv->value || n < 0 || (size_t)n >= cap)
        return vg_diag_set(d, VG_EINVAL, "%s: %s: %s", where(p, kv->line, w, sizeof w), kv->key,
                           *kv->value ? "path too long" : "empty");
    return 0;
}

static int unknown(const struct parse *p, const struct vg_live_kv *kv, const char *sec,
                   const char *known, struct vg_diag *d)
{
    char w[VG_LIVE_PATH_MAX + 32];
    return vg_diag_set(d, VG_EINVAL, "%s: unknown key '%s' in %s (%s)",
                       where(p, kv->line, w, sizeof w), kv->key, sec, known);
}

/* ---- sections ---- */

static int do_pipeline(struct parse *p, struct vg_live_config *c, struct vg_diag *d)
{
    const struct raw_section *s = &p->sec[SEC_PIPELINE];
    for (size_t i = 0; i < s->nkv; i++) {
        char kv[VG_LIVE_PATH_MAX + VG_LIVE_NAME_MAX + 2], w[VG_LIVE_PATH_MAX + 32];
        struct vg_diag sub;
        snprintf(kv, sizeof kv, "%s=%s", s->kv[i].key, s->kv[i].value);
        int rc = vg_pipeline_config_set(&c->pipeline, kv, &sub);
        if (rc)
            return vg_diag_set(d, rc, "%s: %s", where(p, s->kv[i].line, w, sizeof w), sub.msg);
    }
    return 0;
}

static int do_engine(struct parse *p, struct vg_live_config *c, const char *dir,
                     struct vg_diag *d)
{
    static const char known[] = "site, log_level, stats_interval_s, metrics_port, "
                                "metrics_address, malformed_log_per_s, drain_s, record, "
                                "state_dir";
    const struct raw_section *s = &p->sec[SEC_ENGINE];
    for (size_t i = 0; i < s->nkv; i++) {
        const struct vg_live_kv *kv = &s->kv[i];
        char w[VG_LIVE_PATH_MAX + 32];
        int rc = 0;
        if (!strcmp(kv->key, "site"))
            rc = get_path(p, kv, dir, c->site, sizeof c->site, d);
        else if (!strcmp(kv->key, "log_level")) {
            c->log_level = vg_log_level_from_name(kv->value);
            if (c->log_level < 0)
                rc = vg_diag_set(d, VG_EINVAL, "%s: log_level: '%s' is not error, warn, info "
                                 "or debug", where(p, kv->line, w, sizeof w), kv->value);
        } else if (!strcmp(kv->key, "stats_interval_s"))
            rc = get_double(p, kv, 0, 86400, &c->stats_interval_s, d);
        else if (!strcmp(kv->key, "metrics_port"))
            rc = get_int(p, kv, -1, 65535, &c->metrics_port, d);
        else if (!strcmp(kv->key, "metrics_address"))
            rc = get_address(p, kv, c->metrics_address, sizeof c->metrics_address, d);
        else if (!strcmp(kv->key, "malformed_log_per_s"))
            rc = get_int(p, kv, 0, 1000, &c->malformed_log_per_s, d);
        else if (!strcmp(kv->key, "drain_s"))
            rc = get_double(p, kv, 0, 60, &c->drain_s, d);
        else if (!strcmp(kv->key, "record"))
            rc = !strcmp(kv->value, "off") ? get_str(p, kv, c->record, sizeof c->record, d)
                                           : get_path(p, kv, dir, c->record, sizeof c->record, d);
        else if (!strcmp(kv->key, "state_dir"))
            rc = get_path(p, kv, dir, c->state_dir, sizeof c->state_dir, d);
        else
            rc = unknown(p, kv, "[engine]", known, d);
        if (rc)
            return rc;
    }
    return 0;
}

static int do_input(struct parse *p, const struct raw_section *s, struct vg_live_input_config *in,
                    struct vg_diag *d)
{
    static const char known[] = "format, transport, address, port, sensor, linktype, rcvbuf, "
                                "reconnect_min_s, reconnect_max_s, max_connections";
    char w[VG_LIVE_PATH_MAX + 32];
    memset(in, 0, sizeof *in);
    snprintf(in->name, sizeof in->name, "%s", s->name);
    in->line = s->line;
    in->transport = -1;
    snprintf(in->address, sizeof in->address, "127.0.0.1");
    in->reconnect_min_s = 0.5;
    in->reconnect_max_s = 30;
    in->max_connections = 64;
    int have_port = 0;
    for (size_t i = 0; i < s->nkv; i++) {
        const struct vg_live_kv *kv = &s->kv[i];
        int rc = 0;
        if (!strcmp(kv->key, "format")) {
            if (!(in->dec = vg_decoder_find(kv->value))) {
                char names[256] = "";
                for (size_t k = 0; vg_decoders[k]; k++)
                    snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s",
                             k ? ", " : "", vg_decoders[k]->name);
                rc = vg_diag_set(d, VG_EINVAL, "%s: format: unknown format '%s' (this build "
                                 "has: %s)", where(p, kv->line, w, sizeof w), kv->value, names);
            }
        } else if (!strcmp(kv->key, "transport")) {
            in->transport = vg_live_transport_from_name(kv->value);
            if (in->transport != VG_LIVE_UDP && in->transport != VG_LIVE_TCP_SERVER &&
                in->transport != VG_LIVE_TCP_CLIENT)
                rc = vg_diag_set(d, VG_EINVAL, "%s: transport: '%s' is not udp, tcp-server or "
                                 "tcp-client", where(p, kv->line, w, sizeof w), kv->value);
        } else if (!strcmp(kv->key, "address"))
            rc = get_address(p, kv, in->address, sizeof in->address, d);
        else if (!strcmp(kv->key, "port")) {
            rc = get_int(p, kv, 0, 65535, &in->port, d);
            have_port = 1;
        } else if (!strcmp(kv->key, "sensor"))
            rc = get_str(p, kv, in->sensor, sizeof in->sensor, d);
        else if (!strcmp(kv->key, "linktype"))
            rc = get_int(p, kv, 0, 65535, &in->linktype, d);
        else if (!strcmp(kv->key, "rcvbuf"))
            rc = get_int(p, kv, 0, 1 << 30, &in->rcvbuf, d);
        else if (!strcmp(kv->key, "reconnect_min_s"))
            rc = get_double(p, kv, 0.01, 3600, &in->reconnect_min_s, d);
        else if (!strcmp(kv->key, "reconnect_max_s"))
            rc = get_double(p, kv, 0.01, 3600, &in->reconnect_max_s, d);
        else if (!strcmp(kv->key, "max_connections"))
            rc = get_int(p, kv, 1, 10000, &in->max_connections, d);
        else
            rc = unknown(p, kv, "[input]", known, d);
        if (rc)
            return rc;
    }
    if (!in->dec)
        return vg_diag_set(d, VG_EINVAL, "%s:%d: [input %s]: no format", p->file, s->line,
                           s->name);
    if (in->transport < 0)
        return vg_diag_set(d, VG_EINVAL, "%s:%d: [input %s]: no transport (udp, tcp-server, "
                           "tcp-client)", p->file, s->line, s->name);
    if (!have_port || (in->transport == VG_LIVE_TCP_CLIENT && in->port == 0))
        return vg_diag_set(d, VG_EINVAL, "%s:%d: [input %s]: no port", p->file, s->line,
                           s->name);
    if (in->reconnect_max_s < in->reconnect_min_s)
        return vg_diag_set(d, VG_EINVAL, "%s:%d: [input %s]: reconnect_max_s < reconnect_min_s",
                           p->file, s->line, s->name);
    return 0;
}

int vg_live_output_path(const struct vg_live_output_ctx *ctx, const char *key, char *out,
                        size_t cap)
{
    const char *v = vg_live_output_key(ctx->cfg, key);
    if (!v)
        return 0;
    const char *dir = ctx->engine ? vg_live_config_of(ctx->engine)->dir : "";
    int n = v[0] == '/' || !*dir ? snprintf(out, cap, "%s", v) : snprintf(out, cap, "%s/%s", dir, v);
    return n < 0 || (size_t)n >= cap ? VG_ERANGE : 1;
}

/* Recording by default: with no record output in the file, one named "record" (or
 * "record-default" if that name is taken) at [engine] record, else STATE_DIR/run.db, unless
 * record = off. */
static int default_record(struct vg_live_config *c, struct vg_diag *d)
{
    const struct vg_live_output_ops *rec = vg_live_output_find("record");
    if (!rec || !strcmp(c->record, "off"))
        return 0;
    int named = 0;
    for (size_t i = 0; i < c->noutputs; i++) {
        if (c->outputs[i].kind == rec)
            return 0;
        named |= !strcmp(c->outputs[i].name, "record");
    }
    if (c->noutputs == VG_LIVE_MAX_OUTPUTS)
        return vg_diag_set(d, VG_ERANGE, "%s: no room for the default record output (%d "
                           "outputs): add record = off or a [output] of kind record", c->path,
                           VG_LIVE_MAX_OUTPUTS);
    struct vg_live_output_config *o = &c->outputs[c->noutputs];
    memset(o, 0, sizeof *o);
    snprintf(o->name, sizeof o->name, "%s", named ? "record-default" : "record");
    o->kind = rec;
    o->transport = VG_LIVE_NONE;
    o->port = -1;
    snprintf(o->address, sizeof o->address, "127.0.0.1");
    int n;
    if (c->record[0]) {
        n = snprintf(o->path, sizeof o->path, "%s", c->record);
    } else {
        char sd[VG_LIVE_PATH_MAX];
        n = snprintf(o->path, sizeof o->path, "%s/run.db",
                     c->state_dir[0] ? c->state_dir : vg_cop_state_dir(sd, sizeof sd));
    }
    if (n < 0 || (size_t)n >= sizeof o->path)
        return vg_diag_set(d, VG_ERANGE, "%s: the default recording's path is too long",
                           c->path);
    c->noutputs++;
    return 0;
}

const char *vg_live_output_key(struct vg_live_output_config *c, const char *key)
{
    for (size_t i = 0; i < c->nkv; i++)
        if (!strcmp(c->kv[i].key, key)) {
            c->kv[i].used = 1;
            return c->kv[i].value;
        }
    return NULL;
}

static int do_output(struct parse *p, const struct raw_section *s, const char *dir,
                     struct vg_live_output_config *o, struct vg_diag *d)
{
    static const char known[] = "kind, transport, path, address, port, client_buffer, "
                                "max_clients, datagram_max, or the kind's own keys";
    char w[VG_LIVE_PATH_MAX + 32];
    memset(o, 0, sizeof *o);
    snprintf(o->name, sizeof o->name, "%s", s->name);
    o->line = s->line;
    o->transport = -1;
    o->port = -1;
    snprintf(o->address, sizeof o->address, "127.0.0.1");
    o->client_buffer = 4u << 20;
    o->max_clients = 64;
    o->datagram_max = 1400;
    memcpy(o->kv, s->kv, s->nkv * sizeof *s->kv);
    o->nkv = s->nkv;
    for (size_t i = 0; i < o->nkv; i++) {
        struct vg_live_kv *kv = &o->kv[i];
        int rc = 0, v;
        double x;
        kv->used = 1;
        if (!strcmp(kv->key, "kind")) {
            if (!(o->kind = vg_live_output_find(kv->value))) {
                char names[256] = "";
                for (size_t k = 0; vg_live_outputs[k]; k++)
                    snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s",
                             k ? ", " : "", vg_live_outputs[k]->name);
                rc = vg_diag_set(d, VG_EINVAL, "%s: kind: unknown output kind '%s' (this "
                                 "build has: %s)", where(p, kv->line, w, sizeof w), kv->value,
                                 names);
            }
        } else if (!strcmp(kv->key, "transport")) {
            o->transport = vg_live_transport_from_name(kv->value);
            if (o->transport < 0 || o->transport == VG_LIVE_TCP_CLIENT)
                rc = vg_diag_set(d, VG_EINVAL, "%s: transport: '%s' is not file, udp, "
                                 "tcp-server or none", where(p, kv->line, w, sizeof w),
                                 kv->value);
        } else if (!strcmp(kv->key, "path"))
            rc = get_path(p, kv, dir, o->path, sizeof o->path, d);
        else if (!strcmp(kv->key, "address"))
            rc = get_address(p, kv, o->address, sizeof o->address, d);
        else if (!strcmp(kv->key, "port"))
            rc = get_int(p, kv, 0, 65535, &o->port, d);
        else if (!strcmp(kv->key, "client_buffer")) {
            rc = get_double(p, kv, 4096, 1 << 30, &x, d);
            o->client_buffer = (size_t)x;
        } else if (!strcmp(kv->key, "max_clients"))
            rc = get_int(p, kv, 1, 10000, &o->max_clients, d);
        else if (!strcmp(kv->key, "datagram_max")) {
            rc = get_int(p, kv, 512, 65507, &v, d);
            o->datagram_max = (size_t)v;
        } else
            kv->used = 0; /* the kind's, checked below */
        if (rc)
            return rc;
    }
    if (!o->kind)
        return vg_diag_set(d, VG_EINVAL, "%s:%d: [output %s]: no kind", p->file, s->line,
                           s->name);
    for (size_t i = 0; i < o->nkv; i++) {
        int ok = o->kv[i].used;
        for (size_t k = 0; !ok && o->kind->keys && o->kind->keys[k]; k++)
            ok = !strcmp(o->kind->keys[k], o->kv[i].key);
        if (!ok)
            return unknown(p, &o->kv[i], "[output]", known, d);
    }
    if (o->transport < 0)
        o->transport = o->kind->no_sink ? VG_LIVE_NONE : -1;
    if (o->transport < 0)
        return vg_diag_set(d, VG_EINVAL, "%s:%d: [output %s]: no transport (file, udp, "
                           "tcp-server)", p->file, s->line, s->name);
    if ((o->transport == VG_LIVE_NONE) != (o->kind->no_sink != 0))
        return vg_diag_set(d, VG_EINVAL, "%s:%d: [output %s]: kind %s %s", p->file, s->line,
                           s->name, o->kind->name,
                           o->kind->no_sink ? "does its own I/O: transport must be none"
                                            : "needs a transport (file, udp, tcp-server)");
    if (o->transport == VG_LIVE_FILE && !o->path[0])
        return vg_diag_set(d, VG_EINVAL, "%s:%d: [output %s]: transport file needs path",
                           p->file, s->line, s->name);
    if ((o->transport == VG_LIVE_UDP && o->port <= 0) ||
        (o->transport == VG_LIVE_TCP_SERVER && o->port < 0))
        return vg_diag_set(d, VG_EINVAL, "%s:%d: [output %s]: no port", p->file, s->line,
                           s->name);
    /* Keys the kind reads are marked used again when it opens. */
    for (size_t i = 0; i < o->nkv; i++)
        if (o->kind->keys)
            for (size_t k = 0; o->kind->keys[k]; k++)
                if (!strcmp(o->kind->keys[k], o->kv[i].key))
                    o->kv[i].used = 0;
    return 0;
}

int vg_live_config_parse(struct vg_live_config *c, const char *name, const char *text,
                         size_t len, const char *const *sets, size_t nsets, struct vg_diag *d)
{
    return vg__live_config_parse_dir(c, name, "", text, len, sets, nsets, d);
}

int vg__live_config_parse_dir(struct vg_live_config *c, const char *name, const char *dir,
                              const char *text, size_t len, const char *const *sets,
                              size_t nsets, struct vg_diag *d)
{
    struct parse p = {name, calloc(MAX_SECTIONS, sizeof(struct raw_section)), 2};
    if (!p.sec)
        return vg_diag_set(d, VG_ENOMEM, "out of memory");
    if (memchr(text, '\0', len)) {
        free(p.sec);
        return vg_diag_set(d, VG_EPARSE, "%s: holds a NUL byte: not a text file", name);
    }
    p.sec[SEC_PIPELINE].type = SEC_PIPELINE;
    p.sec[SEC_ENGINE].type = SEC_ENGINE;
    snprintf(c->path, sizeof c->path, "%s", name);
    snprintf(c->dir, sizeof c->dir, "%s", dir);
    int rc = split(&p, text, len, d);
    for (size_t i = 0; !rc && i < nsets; i++)
        rc = apply_set(&p, sets[i], d);
    if (!rc)
        rc = do_pipeline(&p, c, d);
    if (!rc)
        rc = do_engine(&p, c, dir, d);
    for (size_t i = 2; !rc && i < p.nsec; i++) {
        if (p.sec[i].type == SEC_INPUT)
            rc = do_input(&p, &p.sec[i], &c->inputs[c->ninputs++], d);
        else
            rc = do_output(&p, &p.sec[i], dir, &c->outputs[c->noutputs++], d);
    }
    if (!rc && c->ninputs == 0)
        rc = vg_diag_set(d, VG_EINVAL, "%s: no [input NAME] section: nothing to listen to", name);
    if (!rc)
        rc = default_record(c, d);
    /* Two inputs may not bind one address and port of one protocol. */
    for (size_t i = 0; !rc && i < c->ninputs; i++)
        for (size_t j = 0; !rc && j < i; j++) {
            const struct vg_live_input_config *a = &c->inputs[i], *b = &c->inputs[j];
            int udp_a = a->transport == VG_LIVE_UDP, udp_b = b->transport == VG_LIVE_UDP;
            if (a->transport != VG_LIVE_TCP_CLIENT && b->transport != VG_LIVE_TCP_CLIENT &&
                udp_a == udp_b && a->port && a->port == b->port && !strcmp(a->address, b->address))
                rc = vg_diag_set(d, VG_EINVAL, "%s:%d: [input %s]: %s:%d is also [input %s]'s",
                                 name, a->line, a->name, a->address, a->port, b->name);
        }
    free(p.sec);
    return rc;
}

int vg_live_config_load(struct vg_live_config *c, const char *path, const char *const *sets,
                        size_t nsets, struct vg_diag *d)
{
    char *buf;
    size_t len;
    int rc = vg_cfg_read_text(path, &buf, &len, d);
    if (rc)
        return rc;
    char dir[VG_LIVE_PATH_MAX] = "";
    const char *slash = strrchr(path, '/');
    if (slash && (size_t)(slash - path) < sizeof dir)
        snprintf(dir, sizeof dir, "%.*s", (int)((slash - path) ? (slash - path) : 1), path);
    rc = vg__live_config_parse_dir(c, path, dir, buf, len, sets, nsets, d);
    free(buf);
    return rc;
}

int vg_live_config_input_for(const struct vg_live_config *c, const char *sensor)
{
    for (size_t i = 0; i < c->ninputs; i++)
        if (!strcmp(c->inputs[i].sensor, sensor))
            return (int)i;
    for (size_t i = 0; i < c->ninputs; i++)
        if (!c->inputs[i].sensor[0])
            return (int)i;
    return -1;
}

void vg_live_config_write(FILE *f, const struct vg_live_config *c)
{
    fprintf(f, "# %s, resolved\n[engine]\n", c->path);
    if (c->site[0])
        fprintf(f, "site = %s\n", c->site);
    fprintf(f, "log_level = %s\nstats_interval_s = %g\nmetrics_address = %s\nmetrics_port = %d\n"
               "malformed_log_per_s = %d\ndrain_s = %g\n",
            vg_log_level_name(c->log_level), c->stats_interval_s, c->metrics_address,
            c->metrics_port, c->malformed_log_per_s, c->drain_s);
    if (c->state_dir[0])
        fprintf(f, "state_dir = %s\n", c->state_dir);
    if (!strcmp(c->record, "off"))
        fprintf(f, "record = off\n");
    for (size_t i = 0; i < c->ninputs; i++) {
        const struct vg_live_input_config *in = &c->inputs[i];
        fprintf(f, "\n[input %s]\nformat = %s   # framing %s, units up to %zu bytes\n"
                   "transport = %s\naddress = %s\nport = %d\n",
                in->name, in->dec->name,
                in->dec->framing == VG_FRAMING_LINE      ? "line"
                : in->dec->framing == VG_FRAMING_LEN32LE ? "len32le"
                : in->dec->framing == VG_FRAMING_FRAME   ? "frame"
                                                         : "datagram",
                in->dec->unit_max, vg_live_transport_name(in->transport), in->address, in->port);
        if (in->sensor[0])
            fprintf(f, "sensor = %s\n", in->sensor);
        if (in->linktype)
            fprintf(f, "linktype = %d\n", in->linktype);
        if (in->transport == VG_LIVE_UDP && in->rcvbuf)
            fprintf(f, "rcvbuf = %d\n", in->rcvbuf);
        if (in->transport == VG_LIVE_TCP_CLIENT)
            fprintf(f, "reconnect_min_s = %g\nreconnect_max_s = %g\n", in->reconnect_min_s,
                    in->reconnect_max_s);
        if (in->transport == VG_LIVE_TCP_SERVER)
            fprintf(f, "max_connections = %d\n", in->max_connections);
    }
    for (size_t i = 0; i < c->noutputs; i++) {
        const struct vg_live_output_config *o = &c->outputs[i];
        fprintf(f, "\n[output %s]\nkind = %s\ntransport = %s\n", o->name, o->kind->name,
                vg_live_transport_name(o->transport));
        if (o->transport == VG_LIVE_FILE || (o->transport == VG_LIVE_NONE && o->path[0]))
            fprintf(f, "path = %s\n", o->path);
        if (o->transport == VG_LIVE_UDP || o->transport == VG_LIVE_TCP_SERVER)
            fprintf(f, "address = %s\nport = %d\n", o->address, o->port);
        else if (o->port >= 0)
            fprintf(f, "port = %d\n", o->port);
        if (o->transport == VG_LIVE_UDP)
            fprintf(f, "datagram_max = %zu\n", o->datagram_max);
        if (o->transport == VG_LIVE_TCP_SERVER)
            fprintf(f, "client_buffer = %zu\nmax_clients = %d\n", o->client_buffer,
                    o->max_clients);
        for (size_t k = 0; k < o->nkv; k++)
            for (size_t j = 0; o->kind->keys && o->kind->keys[j]; j++)
                if (!strcmp(o->kind->keys[j], o->kv[k].key))
                    fprintf(f, "%s = %s\n", o->kv[k].key, o->kv[k].value);
    }
    fputs("\n[pipeline]\n", f);
    vg_pipeline_config_write(f, &c->pipeline);
}
