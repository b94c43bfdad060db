/* SPDX-License-Identifier: MIT */
/* cop_start.c — starting and stopping the COP: the token, the snapshots it serves (site,
 * config, basemap), the security policy of its responses, the lws context and the thread.
 *
 * Everything served but the picture is fixed at start, so the service thread only ever
 * reads it. lws is asked for HTTP/1.1 only (the WebSocket is HTTP/1.1's upgrade), IPv4 only
 * when the bind address is one, and an idle policy that pings a silent client. */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "publish/cop_serve.h"
#include "sense/detection.h"

static int site_snapshot(struct vg_cop *cop, const struct vg_site *site, struct vg_diag *d)
{
    FILE *f = open_memstream(&cop->site_json, &cop->site_len);
    if (!f)
        return vg_diag_set(d, VG_ENOMEM, "COP: out of memory");
    int rc = vg_site_write_geojson(site, f);
    if (fclose(f) && !rc)
        rc = VG_ENOMEM;
    return rc ? vg_diag_set(d, rc, "COP: the site cannot be written as GeoJSON: %s",
                            vg_strerror(rc)) : 0;
}

static int config_snapshot(struct vg_cop *cop, const struct vg_cop_config *cfg,
                           const struct vg_site *site)
{
    char title[128];
    snprintf(title, sizeof title, "%s", cfg->title ? cfg->title : "Vigil");
    json_t *o = json_pack("{s:s, s:s, s:s?, s:[f, f], s:f}", "token", cop->token, "title",
                          title, "tiles", cfg->tile_url, "origin", site->frame.lat0_deg,
                          site->frame.lon0_deg, "rate_hz", 1.0 / cop->period_s);
    /* The names of the frames' class, status and link numbers (cop_json.c). */
    json_t *names = json_pack("{s:[], s:[], s:[]}", "class", "status", "link");
    for (int c = 0; names && c < VG_CLASS_COUNT; c++)
        json_array_append_new(json_object_get(names, "class"),
                              json_string(vg_class_name((enum vg_class)c)));
    for (int s = 0; names && s <= VG_TRACK_COASTING; s++)
        json_array_append_new(json_object_get(names, "status"),
                              json_string(vg_track_status_name(s)));
    for (int l = 0; names && l < VG_LINK_COUNT; l++)
        json_array_append_new(json_object_get(names, "link"), json_string(vg_link_name(l)));
    if (o && cfg->basemap)
        json_object_set_new(o, "basemap", json_pack("[[f, f], [f, f]]", cfg->basemap_bounds[0],
                                                    cfg->basemap_bounds[1], cfg->basemap_bounds[2],
                                                    cfg->basemap_bounds[3]));
    if (o && names)
        json_object_set_new(o, "names", names);
    else
        json_decref(names);
    cop->config_json = o && names ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    if (!cop->config_json)
        return VG_ENOMEM;
    cop->config_len = strlen(cop->config_json);
    return 0;
}

/* A site-supplied map image, read once: served at /api/basemap, drawn between the
 * bounds (south, west, north, east) over the grid. */
static int load_basemap(struct vg_cop *cop, const struct vg_cop_config *cfg, struct vg_diag *d)
{
    const char *path = cfg->basemap, *dot = strrchr(path, '.');
    const double *b = cfg->basemap_bounds;
    if (!dot || (strcasecmp(dot, ".png") && strcasecmp(dot, ".jpg") && strcasecmp(dot, ".jpeg")
                 && strcasecmp(dot, ".webp")))
        return vg_diag_set(d, VG_EINVAL, "COP: basemap %s: a .png, .jpg or .webp image", path);
    cop->basemap_type = !strcasecmp(dot, ".png") ? "image/png"
                        : !strcasecmp(dot, ".webp") ? "image/webp" : "image/jpeg";
    if (!(b[0] >= -90 && b[0] < b[2] && b[2] <= 90 && b[1] >= -180 && b[1] < b[3] &&
          b[3] <= 180))
        return vg_diag_set(d, VG_EINVAL, "COP: basemap %s: bounds must be south < north and "
                           "west < east, in degrees", path);
    FILE *f = fopen(path, "rb");
    if (!f)
        return vg_diag_set(d, -errno, "COP: basemap %s: %s", path, strerror(errno));
    long n = -1;
    if (!fseek(f, 0, SEEK_END))
        n = ftell(f);
    int rc = 0;
    if (n <= 0 || n > (64L << 20) || fseek(f, 0, SEEK_SET))
        rc = vg_diag_set(d, VG_ERANGE, "COP: basemap %s: empty, unreadable or over 64 MB", path);
    else if (!(cop->basemap = malloc((size_t)n)))
        rc = vg_diag_set(d, VG_ENOMEM, "COP: out of memory");
    else if (fread(cop->basemap, 1, (size_t)n, f) != (size_t)n)
        rc = vg_diag_set(d, VG_EIO, "COP: basemap %s: read error", path);
    else
        cop->basemap_len = (size_t)n;
    fclose(f);
    return rc;
}

/* The page loads only its own files; tiles from the configured server when there is one. */
static void make_csp(struct vg_cop *cop, const char *tile_url)
{
    char tiles[256] = "";
    const char *s = tile_url ? strstr(tile_url, "://") : NULL;
    if (s) {
        const char *e = strchr(s + 3, '/');
        size_t n = e ? (size_t)(e - tile_url) : strlen(tile_url);
        if (n < sizeof tiles - 2) {
            tiles[0] = ' ';
            memcpy(tiles + 1, tile_url, n);
            tiles[n + 1] = '\0';
            /* {s}.tile.example: any subdomain. */
            char *brace = strstr(tiles, "{s}.");
            if (brace) {
                brace[0] = '*';
                memmove(brace + 1, brace + 3, strlen(brace + 3) + 1);
            }
        }
    }
    snprintf(cop->csp, sizeof cop->csp,
             "default-src 'self'; img-src 'self' data:%s; connect-src 'self' ws: wss:; "
             "style-src 'self'; script-src 'self'; frame-ancestors 'none'", tiles);
}

int vg_cop_start(struct vg_cop **out, const struct vg_cop_config *cfg, const struct vg_site *site,
                 struct vg_diag *d)
{
    struct vg_cop_config def;
    if (!cfg) {
        vg_cop_config_default(&def);
        cfg = &def;
    }
    *out = NULL;
    struct vg_cop *cop = calloc(1, sizeof *cop);
    if (!cop)
        return vg_diag_set(d, VG_ENOMEM, "COP: out of memory");
    pthread_mutex_init(&cop->mu, NULL);
    vg__cop_buf_init(&cop->frame, LWS_PRE);
    int rc = 0;
    if (cfg->token) {
        if (strlen(cfg->token) != VG_COP_TOKEN_HEX) {
            rc = vg_diag_set(d, VG_EINVAL, "COP: a token is %d hex digits", VG_COP_TOKEN_HEX);
            goto err;
        }
        memcpy(cop->token, cfg->token, VG_COP_TOKEN_HEX + 1);
    } else {
        char dir[4096];
        if ((rc = vg_cop_token_load(cfg->state_dir ? cfg->state_dir
                                                   : vg_cop_state_dir(dir, sizeof dir),
                                    cop->token, &cop->token_created, d)))
            goto err;
    }
    cop->site_frame = site->frame;
    cop->period_s = 1.0 / (cfg->max_rate_hz > 0 ? cfg->max_rate_hz : 10.0);
    cop->tls = cfg->tls_cert && cfg->tls_key;
    snprintf(cop->bind, sizeof cop->bind, "%s", cfg->bind ? cfg->bind : "127.0.0.1");
    make_csp(cop, cfg->tile_url);
    cop->al = calloc(VG_COP_ALERTS, sizeof *cop->al);
    cop->al_work = calloc(VG_COP_ALERTS, sizeof *cop->al_work);
    if (!cop->al || !cop->al_work || config_snapshot(cop, cfg, site)) {
        rc = vg_diag_set(d, VG_ENOMEM, "COP: out of memory");
        goto err;
    }
    if ((rc = site_snapshot(cop, site, d)) || (cfg->basemap && (rc = load_basemap(cop, cfg, d))))
        goto err;

    const char *tls_files[2] = {cfg->tls_cert, cfg->tls_key};
    for (int i = 0; cop->tls && i < 2; i++)
        if (access(tls_files[i], R_OK)) {
            rc = vg_diag_set(d, -errno, "COP: TLS %s %s: %s", i ? "key" : "certificate",
                             tls_files[i], strerror(errno));
            goto err;
        }
    cop->protocols[0] = (struct lws_protocols){
        .name = "vigil-cop", .callback = vg__cop_callback,
        .per_session_data_size = vg__cop_client_size, .rx_buffer_size = VG__COP_RX_MAX};
    struct lws_context_creation_info info;
    memset(&info, 0, sizeof info);
    info.port = cfg->port;
    info.iface = cop->bind;
    info.protocols = cop->protocols;
    info.user = cop;
    info.vhost_name = "vigil";
    info.alpn = "http/1.1"; /* the WebSocket is HTTP/1.1's upgrade */
    info.timeout_secs = 10;
    /* A browser that vanished without closing (a pulled cable) is pinged after 20 s of
     * silence and dropped after 60. */
    static const lws_retry_bo_t idle = {.secs_since_valid_ping = 20,
                                        .secs_since_valid_hangup = 60};
    info.retry_and_idle_policy = &idle;
    if (!strchr(cop->bind, ':'))
        info.options |= LWS_SERVER_OPTION_DISABLE_IPV6;
    if (cop->tls) {
        info.options |= LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
        info.ssl_cert_filepath = cfg->tls_cert;
        info.ssl_private_key_filepath = cfg->tls_key;
    }
    lws_set_log_level(LLL_ERR, NULL);
    if (!(cop->ctx = lws_create_context(&info))) {
        rc = vg_diag_set(d, VG_EIO, "COP: cannot listen on %s:%d%s", cop->bind, cfg->port,
                         cop->tls ? " (or the TLS certificate and key cannot be used)" : "");
        goto err;
    }
    struct lws_vhost *vh = lws_get_vhost_by_name(cop->ctx, "vigil");
    cop->port = vh ? lws_get_vhost_listen_port(vh) : cfg->port;
    if ((rc = vg__cop_thread_start(cop))) {
        vg_diag_set(d, rc, "COP: cannot start its thread");
        goto err;
    }
    *out = cop;
    return 0;
err:
    if (cop->ctx)
        lws_context_destroy(cop->ctx);
    cop->ctx = NULL;
    vg_cop_stop(cop);
    return rc;
}

void vg_cop_stop(struct vg_cop *cop)
{
    if (!cop)
        return;
    if (cop->ctx) {
        vg__cop_thread_stop(cop);
        lws_sul_cancel(&cop->sul);
        lws_context_destroy(cop->ctx);
    }
    free(cop->pend);
    free(cop->work);
    free(cop->al);
    free(cop->al_work);
    free(cop->site_json);
    free(cop->config_json);
    free(cop->basemap);
    vg__cop_buf_fini(&cop->frame);
    pthread_mutex_destroy(&cop->mu);
    free(cop);
}

int vg_cop_port(const struct vg_cop *cop)
{
    return cop->port;
}

const char *vg_cop_token(const struct vg_cop *cop)
{
    return cop->token;
}

int vg_cop_token_created(const struct vg_cop *cop)
{
    return cop->token_created;
}

void vg_cop_url(const struct vg_cop *cop, char *buf, size_t cap)
{
    const char *host = !strcmp(cop->bind, "0.0.0.0") || !strcmp(cop->bind, "::")
                           ? "127.0.0.1" : cop->bind;
    int v6 = strchr(host, ':') != NULL;
    snprintf(buf, cap, "%s://%s%s%s:%d/?token=%s", cop->tls ? "https" : "http", v6 ? "[" : "",
             host, v6 ? "]" : "", cop->port, cop->token);
}
