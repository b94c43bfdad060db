/* SPDX-License-Identifier: MIT */
/* sim_live.c — `vigil sim --live`: play a simulated scenario into a running engine over
 * its real sockets, as the sensors would.
 *
 * Each detection goes, at its arrival time scaled by 1/speed (or at once with speed 0), to
 * the input its sensor maps to in the engine's configuration, encoded by that input's
 * format (the decoder's encode; a stream first gets the decoder's hello when it has one):
 * UDP inputs get datagrams of whole units packed up to 1400 bytes (a framing of one unit
 * per datagram gets one each; LEN32LE units carry their prefix), tcp-server inputs a TCP
 * connection from us, and a tcp-client input (the engine dials out, as to dump1090) finds us
 * listening on its address and port. Units waiting for a datagram or a write are sent
 * before each pause, so pacing is exact to the scheduler's resolution. Plain blocking
 * sockets: this is a test and demonstration source, one process, no event loop needed. */
#include "cli/sim_live.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "engine/live.h"

#define DGRAM_MAX 1400u
#define UNIT_MAX 65536u

struct dest {
    const struct vg_live_input_config *cfg;
    void *enc;               /* the decoder's state, for encode and hello */
    int fd;
    uint8_t *buf;            /* units not yet sent */
    size_t len, cap;
    size_t units, bytes;
};

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int sockaddr_of(const char *addr, int port, struct sockaddr_storage *ss, socklen_t *len)
{
    memset(ss, 0, sizeof *ss);
    struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
    struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
    if (inet_pton(AF_INET, addr, &a4->sin_addr) == 1) {
        a4->sin_family = AF_INET;
        a4->sin_port = htons((uint16_t)port);
        *len = sizeof *a4;
        return 0;
    }
    if (inet_pton(AF_INET6, addr, &a6->sin6_addr) == 1) {
        a6->sin6_family = AF_INET6;
        a6->sin6_port = htons((uint16_t)port);
        *len = sizeof *a6;
        return 0;
    }
    return -1;
}

static int send_all(int fd, const uint8_t *p, size_t n)
{
    while (n) {
        ssize_t k = send(fd, p, n, MSG_NOSIGNAL);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

static int flush_dest(struct dest *x)
{
    if (!x->len)
        return 0;
    int rc = 0;
    if (x->cfg->transport == VG_LIVE_UDP)
        rc = send(x->fd, x->buf, x->len, 0) < 0 && errno != ECONNREFUSED ? -1 : 0;
    else
        rc = send_all(x->fd, x->buf, x->len);
    x->len = 0;
    return rc;
}

/* Queue one unit (with its framing) for x. */
static int put_unit(struct dest *x, const uint8_t *u, size_t n)
{
    int framing = x->cfg->dec->framing, prefix = framing == VG_FRAMING_LEN32LE ? 4 : 0;
    int one_per_dgram = x->cfg->transport == VG_LIVE_UDP &&
                        (framing == VG_FRAMING_DATAGRAM || framing == VG_FRAMING_FRAME);
    size_t need = n + (size_t)prefix;
    if (x->len && (one_per_dgram || (x->cfg->transport == VG_LIVE_UDP && x->len + need > DGRAM_MAX) ||
                   x->len + need > x->cap))
        if (flush_dest(x))
            return -1;
    if (need > x->cap) {
        uint8_t *nb = realloc(x->buf, need);
        if (!nb)
            return -1;
        x->buf = nb;
        x->cap = need;
    }
    if (prefix) {
        x->buf[x->len++] = (uint8_t)n;
        x->buf[x->len++] = (uint8_t)(n >> 8);
        x->buf[x->len++] = (uint8_t)(n >> 16);
        x->buf[x->len++] = (uint8_t)(n >> 24);
    }
    memcpy(x->buf + x->len, u, n);
    x->len += n;
    x->units++;
    x->bytes += need;
    return one_per_dgram ? flush_dest(x) : 0;
}

static int open_dest(struct dest *x, double timeout_s)
{
    const struct vg_live_input_config *c = x->cfg;
    struct sockaddr_storage ss;
    socklen_t sl;
    if (sockaddr_of(c->address, c->port, &ss, &sl) || c->port == 0) {
        fprintf(stderr, "vigil sim: input %s: cannot send to %s:%d\n", c->name, c->address,
                c->port);
        return -1;
    }
    if (c->transport == VG_LIVE_UDP) {
        x->fd = socket(ss.ss_family, SOCK_DGRAM, 0);
        if (x->fd < 0 || connect(x->fd, (struct sockaddr *)&ss, sl)) {
            fprintf(stderr, "vigil sim: input %s: udp %s:%d: %s\n", c->name, c->address,
                    c->port, strerror(errno));
            return -1;
        }
        return 0;
    }
    double t_end = mono() + timeout_s;
    if (c->transport == VG_LIVE_TCP_SERVER) {
        for (;;) { /* the engine may still be starting: retry until the timeout */
            x->fd = socket(ss.ss_family, SOCK_STREAM, 0);
            if (x->fd >= 0 && !connect(x->fd, (struct sockaddr *)&ss, sl))
                break;
            int err = errno;
            if (x->fd >= 0)
                close(x->fd);
            x->fd = -1;
            if (mono() > t_end) {
                fprintf(stderr, "vigil sim: input %s: connect to %s:%d: %s\n", c->name,
                        c->address, c->port, strerror(err));
                return -1;
            }
            struct timespec ts = {0, 100000000L};
            nanosleep(&ts, NULL);
        }
    } else { /* tcp-client input: the engine dials us */
        int ls = socket(ss.ss_family, SOCK_STREAM, 0), one = 1;
        setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (ls < 0 || bind(ls, (struct sockaddr *)&ss, sl) || listen(ls, 1)) {
            fprintf(stderr, "vigil sim: input %s: listen on %s:%d for the engine: %s\n",
                    c->name, c->address, c->port, strerror(errno));
            if (ls >= 0)
                close(ls);
            return -1;
        }
        struct pollfd p = {ls, POLLIN, 0};
        int r = poll(&p, 1, (int)(timeout_s * 1000));
        x->fd = r == 1 ? accept(ls, NULL, NULL) : -1;
        close(ls);
        if (x->fd < 0) {
            fprintf(stderr, "vigil sim: input %s: the engine did not connect to %s:%d within "
                            "%.0f s\n", c->name, c->address, c->port, timeout_s);
            return -1;
        }
    }
    int one = 1;
    setsockopt(x->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (c->dec->hello) {
        uint8_t h[UNIT_MAX];
        struct vg_diag d;
        int n = c->dec->hello(x->enc, h, sizeof h, &d);
        if (n < 0) {
            fprintf(stderr, "vigil sim: input %s: hello: %s\n", c->name, d.msg);
            return -1;
        }
        if (n > 0 && (put_unit(x, h, (size_t)n) || flush_dest(x)))
            return -1;
    }
    return 0;
}

int vg_sim_live_send(struct vg_scenario *sc, const struct vg_sim_output *out,
                     const struct vg_sim_live_options *o)
{
    static struct vg_live_config cfg;
    struct vg_diag d;
    vg_live_config_default(&cfg);
    if (vg_live_config_load(&cfg, o->config, o->sets, o->nsets, &d)) {
        fprintf(stderr, "vigil sim: %s\n", d.msg);
        return 1;
    }
    struct dest *dst = calloc(cfg.ninputs, sizeof *dst);
    int *route = calloc(sc->site.nsensors ? sc->site.nsensors : 1, sizeof *route);
    int status = 1;
    size_t unrouted = 0, unencodable = 0, sent = 0;
    if (!dst || !route)
        goto done;
    for (size_t i = 0; i < cfg.ninputs; i++)
        dst[i].fd = -1;
    /* Which input each sensor of the scenario goes to; open only inputs that get some. */
    for (size_t s = 0; s < sc->site.nsensors; s++) {
        route[s] = vg_live_config_input_for(&cfg, sc->site.sensors[s].id);
        if (route[s] < 0) {
            fprintf(stderr, "vigil sim: warning: sensor %s has no input in %s: not sent\n",
                    sc->site.sensors[s].id, o->config);
            continue;
        }
        struct dest *x = &dst[route[s]];
        if (x->cfg)
            continue;
        x->cfg = &cfg.inputs[route[s]];
        if (!x->cfg->dec->encode) {
            fprintf(stderr, "vigil sim: input %s: format %s cannot be written (no encoder)\n",
                    x->cfg->name, x->cfg->dec->name);
            goto done;
        }
        struct vg_decoder_options opt = {x->cfg->sensor[0] ? x->cfg->sensor : NULL, x->cfg->name,
                                         x->cfg->linktype};
        if (x->cfg->dec->open(&x->enc, &sc->site, &opt, &d)) {
            fprintf(stderr, "vigil sim: input %s: %s\n", x->cfg->name, d.msg);
            goto done;
        }
        x->cap = x->cfg->transport == VG_LIVE_UDP ? DGRAM_MAX : 1u << 16;
        if (!(x->buf = malloc(x->cap)) || open_dest(x, o->connect_timeout_s))
            goto done;
    }
    double t0 = mono(), a0 = out->ndets ? out->det_arrival[0] : 0.0;
    uint8_t unit[UNIT_MAX];
    for (size_t i = 0; i < out->ndets; i++) {
        const struct vg_detection *src = &out->dets[i];
        if (src->sensor >= sc->site.nsensors || route[src->sensor] < 0) {
            unrouted++;
            continue;
        }
        struct dest *x = &dst[route[src->sensor]];
        if (o->speed > 0) {
            double due = t0 + (out->det_arrival[i] - a0) / o->speed, now = mono();
            if (due > now + 1e-4) {
                for (size_t k = 0; k < cfg.ninputs; k++)
                    if (dst[k].cfg && flush_dest(&dst[k]))
                        goto io_error;
                double w = due - mono();
                if (w > 0) {
                    struct timespec ts = {(time_t)w, (long)((w - (double)(time_t)w) * 1e9)};
                    nanosleep(&ts, NULL);
                }
            }
        }
        struct vg_detection det = *src;
        det.t += o->epoch;
        if (vg_link_emits(out->det_emitter[i].link)) {
            det.flags |= VG_DET_HAS_EMITTER;
            det.link = (uint8_t)out->det_emitter[i].link;
            det.band_mhz = (float)out->det_emitter[i].band_mhz;
        }
        int n = x->cfg->dec->encode(x->enc, &det, unit, sizeof unit, &d);
        if (n < 0) {
            fprintf(stderr, "vigil sim: detection %zu (sensor %s): %s\n", i,
                    sc->site.sensors[src->sensor].id, d.msg);
            goto done;
        }
        if (n == 0) { /* no form in this format (a bearing in ADS-B) */
            unencodable++;
            continue;
        }
        if (put_unit(x, unit, (size_t)n))
            goto io_error;
        sent++;
    }
    for (size_t k = 0; k < cfg.ninputs; k++)
        if (dst[k].cfg && flush_dest(&dst[k]))
            goto io_error;
    if (!o->quiet) {
        fprintf(stderr, "vigil sim: %s: %zu detections sent in %.2f s", sc->name, sent,
                mono() - t0);
        if (unrouted || unencodable)
            fprintf(stderr, " (%zu without an input, %zu with no form in their format)",
                    unrouted, unencodable);
        fputc('\n', stderr);
        for (size_t k = 0; k < cfg.ninputs; k++)
            if (dst[k].cfg)
                fprintf(stderr, "vigil sim:   input %s (%s over %s %s:%d): %zu units, %zu "
                                "bytes\n", dst[k].cfg->name, dst[k].cfg->dec->name,
                        vg_live_transport_name(dst[k].cfg->transport), dst[k].cfg->address,
                        dst[k].cfg->port, dst[k].units, dst[k].bytes);
    }
    status = 0;
    goto done;
io_error:
    fprintf(stderr, "vigil sim: send: %s\n", strerror(errno));
done:
    for (size_t k = 0; dst && k < cfg.ninputs; k++) {
        if (dst[k].fd >= 0) {
            if (dst[k].cfg->transport != VG_LIVE_UDP)
                shutdown(dst[k].fd, SHUT_WR);
            close(dst[k].fd);
        }
        if (dst[k].enc)
            dst[k].cfg->dec->close(dst[k].enc);
        free(dst[k].buf);
    }
    free(dst);
    free(route);
    return status;
}
