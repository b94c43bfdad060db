/* SPDX-License-Identifier: MIT */
/* live_sink.c — the byte transports of the live engine's outputs: a file, UDP datagrams, a
 * TCP server. None blocks the loop.
 *
 * File: stdio with a 256 KiB buffer, flushed at the end of each emission so `tail -f` sees
 * whole emissions (a local disk write; a file on a stalled network mount would block, so
 * use a TCP output for that). UDP: units (lines) are packed into datagrams of at most
 * datagram_max bytes (1400 by default: one Ethernet frame with room for tunnels), never
 * split; a unit longer than that goes alone, up to 65507 bytes; uv_udp_try_send, and a
 * datagram the socket buffer cannot take is dropped and counted. TCP server: each client has
 * a queue bounded by client_buffer (4 MiB default); a unit that does not fit whole is
 * dropped for that client and counted, so a slow or stalled client loses data instead of
 * stalling the engine or growing its memory; units are never cut, so a client that catches
 * up reads whole lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "engine/live_internal.h"

#define UDP_MAX 65507u

struct sink_client {
    uv_tcp_t tcp;
    struct vg_live_sink *s;
    uint8_t *pend;          /* queued, not yet handed to a write */
    size_t plen, pcap;
    uint8_t *fly;           /* the bytes of the write in flight */
    size_t fcap;
    uv_write_t wr;
    int writing;
    int closing;
    uint64_t dropped;
    char peer[96];
    struct sink_client *next;
};

static void client_closed(uv_handle_t *h)
{
    struct sink_client *c = h->data;
    free(c->pend);
    free(c->fly);
    free(c);
}

static void client_close(struct sink_client *c)
{
    if (c->closing)
        return;
    c->closing = 1;
    struct vg_live_sink *s = c->s;
    for (struct sink_client **pp = &s->clients; *pp; pp = &(*pp)->next)
        if (*pp == c) {
            *pp = c->next;
            s->nclients--;
            break;
        }
    if (c->dropped)
        vg_log_warn("output %s: client %s lost %llu units (too slow)", s->cfg->name, c->peer,
                    (unsigned long long)c->dropped);
    uv_close((uv_handle_t *)&c->tcp, client_closed);
}

static void start_write(struct sink_client *c);

static void on_written(uv_write_t *w, int status)
{
    struct sink_client *c = w->data;
    c->writing = 0;
    if (status < 0) {
        if (!c->closing)
            vg_log_info("output %s: client %s: %s", c->s->cfg->name, c->peer,
                        uv_strerror(status));
        client_close(c);
        return;
    }
    if (c->closing)
        return;
    if (c->plen)
        start_write(c);
    else if (c->s->draining)
        client_close(c);
}

static void start_write(struct sink_client *c)
{
    /* Swap the queue into the in-flight buffer: one write at a time, the queue refills. */
    uint8_t *t = c->fly;
    size_t tc = c->fcap, n = c->plen;
    c->fly = c->pend;
    c->fcap = c->pcap;
    c->pend = t;
    c->pcap = tc;
    c->plen = 0;
    uv_buf_t b = uv_buf_init((char *)c->fly, (unsigned)n);
    c->wr.data = c;
    if (uv_write(&c->wr, (uv_stream_t *)&c->tcp, &b, 1, on_written)) {
        client_close(c);
        return;
    }
    c->writing = 1;
}

static int queue(struct sink_client *c, const uint8_t *buf, size_t len)
{
    size_t limit = c->s->cfg->client_buffer;
    if (!c->writing && c->plen == 0) {
        uv_buf_t b = uv_buf_init((char *)buf, (unsigned)len);
        int n = uv_try_write((uv_stream_t *)&c->tcp, &b, 1);
        if (n == (int)len)
            return 0;
        if (n > 0) {
            buf += n;
            len -= (size_t)n;
        } else if (n != UV_EAGAIN) {
            client_close(c);
            return VG_EIO;
        }
        /* The rest of a started unit must go, or the client would read half a line. */
        limit = len > limit ? len : limit;
    }
    if (c->plen + len > limit) {
        c->dropped++;
        return VG_EFULL;
    }
    if (c->plen + len > c->pcap) {
        size_t cap = c->pcap ? c->pcap : 65536;
        while (cap < c->plen + len)
            cap *= 2;
        uint8_t *nb = realloc(c->pend, cap);
        if (!nb) {
            c->dropped++;
            return VG_ENOMEM;
        }
        c->pend = nb;
        c->pcap = cap;
    }
    memcpy(c->pend + c->plen, buf, len);
    c->plen += len;
    if (!c->writing)
        start_write(c);
    return 0;
}

static void client_alloc(uv_handle_t *h, size_t hint, uv_buf_t *buf)
{
    (void)h;
    (void)hint;
    static char sink_hole[4096]; /* what clients send is read and ignored */
    *buf = uv_buf_init(sink_hole, sizeof sink_hole);
}

static void client_read(uv_stream_t *st, ssize_t nread, const uv_buf_t *buf)
{
    (void)buf;
    struct sink_client *c = st->data;
    if (nread < 0) {
        vg_log_info("output %s: client %s disconnected", c->s->cfg->name, c->peer);
        client_close(c);
    }
}

static void on_client(uv_stream_t *server, int status)
{
    struct vg_live_sink *s = server->data;
    if (status < 0)
        return;
    struct sink_client *c = calloc(1, sizeof *c);
    if (!c)
        return;
    c->s = s;
    uv_tcp_init(s->e->loop, &c->tcp);
    c->tcp.data = c;
    if (uv_accept(server, (uv_stream_t *)&c->tcp)) {
        c->closing = 1;
        uv_close((uv_handle_t *)&c->tcp, client_closed);
        return;
    }
    struct sockaddr_storage ss;
    int len = sizeof ss;
    char host[64] = "?";
    if (!uv_tcp_getpeername(&c->tcp, (struct sockaddr *)&ss, &len)) {
        if (ss.ss_family == AF_INET)
            uv_ip4_name((struct sockaddr_in *)&ss, host, sizeof host);
        else
            uv_ip6_name((struct sockaddr_in6 *)&ss, host, sizeof host);
        snprintf(c->peer, sizeof c->peer, "%s:%d", host,
                 ntohs(ss.ss_family == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port
                                               : ((struct sockaddr_in6 *)&ss)->sin6_port));
    }
    c->next = s->clients;
    s->clients = c;
    s->nclients++;
    if (s->draining || s->nclients > (size_t)s->cfg->max_clients) {
        vg_log_warn("output %s: client %s refused (%s)", s->cfg->name, c->peer,
                    s->draining ? "shutting down" : "too many clients");
        client_close(c);
        return;
    }
    s->st.clients++;
    uv_tcp_nodelay(&c->tcp, 1);
    vg_log_info("output %s: client %s connected", s->cfg->name, c->peer);
    uv_read_start((uv_stream_t *)&c->tcp, client_alloc, client_read);
}

static int resolve(const char *addr, int port, struct sockaddr_storage *ss)
{
    memset(ss, 0, sizeof *ss);
    if (!uv_ip4_addr(addr, port, (struct sockaddr_in *)ss))
        return 0;
    return uv_ip6_addr(addr, port, (struct sockaddr_in6 *)ss) ? VG_EINVAL : 0;
}

int vg__live_sink_open(struct vg_live_sink *s, struct vg_diag *d)
{
    struct vg_live_output_config *c = s->cfg;
    int rc;
    s->port = -1;
    switch (c->transport) {
    case VG_LIVE_FILE:
        if (!(s->file = fopen(c->path, "a")))
            return vg_diag_set(d, -errno, "output %s: %s: %s", c->name, c->path, strerror(errno));
        setvbuf(s->file, NULL, _IOFBF, 1 << 18);
        return 0;
    case VG_LIVE_UDP: {
        if (resolve(c->address, c->port, &s->dest))
            return vg_diag_set(d, VG_EINVAL, "output %s: bad address %s", c->name, c->address);
        if (!(s->dgram = malloc(c->datagram_max)))
            return vg_diag_set(d, VG_ENOMEM, "out of memory");
        if ((rc = uv_udp_init(s->e->loop, &s->udp)))
            return vg_diag_set(d, rc, "output %s: %s", c->name, uv_strerror(rc));
        s->have_udp = 1;
        s->udp.data = s;
        return 0;
    }
    case VG_LIVE_TCP_SERVER: {
        struct sockaddr_storage ss;
        if (resolve(c->address, c->port, &ss))
            return vg_diag_set(d, VG_EINVAL, "output %s: bad address %s", c->name, c->address);
        if ((rc = uv_tcp_init(s->e->loop, &s->listener)))
            return vg_diag_set(d, rc, "output %s: %s", c->name, uv_strerror(rc));
        s->have_listener = 1;
        s->listener.data = s;
        if ((rc = uv_tcp_bind(&s->listener, (const struct sockaddr *)&ss, 0)) ||
            (rc = uv_listen((uv_stream_t *)&s->listener, 64, on_client)))
            return vg_diag_set(d, rc, "output %s: listen on tcp %s:%d: %s", c->name, c->address,
                               c->port, uv_strerror(rc));
        struct sockaddr_storage b;
        int len = sizeof b;
        if (!uv_tcp_getsockname(&s->listener, (struct sockaddr *)&b, &len))
            s->port = ntohs(b.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&b)->sin6_port
                                                    : ((struct sockaddr_in *)&b)->sin_port);
        return 0;
    }
    default:
        return 0;
    }
}

static void udp_send(struct vg_live_sink *s, const uint8_t *buf, size_t len)
{
    uv_buf_t b = uv_buf_init((char *)buf, (unsigned)len);
    int rc = uv_udp_try_send(&s->udp, &b, 1, (const struct sockaddr *)&s->dest);
    if (rc < 0)
        s->st.dropped++; /* counted per datagram: its units are lost */
}

int vg_live_sink_write(struct vg_live_sink *s, const void *buf, size_t len)
{
    if (!s || !len)
        return 0;
    s->st.units++;
    s->st.bytes += len;
    switch (s->cfg->transport) {
    case VG_LIVE_FILE:
        if (fwrite(buf, 1, len, s->file) != len) {
            s->st.dropped++;
            return VG_EIO;
        }
        return 0;
    case VG_LIVE_UDP:
        if (s->dlen && s->dlen + len > s->cfg->datagram_max) {
            udp_send(s, s->dgram, s->dlen);
            s->dlen = 0;
        }
        if (len > s->cfg->datagram_max) {
            if (len > UDP_MAX) {
                s->st.dropped++;
                return VG_ERANGE;
            }
            udp_send(s, buf, len);
            return 0;
        }
        memcpy(s->dgram + s->dlen, buf, len);
        s->dlen += len;
        return 0;
    case VG_LIVE_TCP_SERVER: {
        int lost = 0, n = 0;
        for (struct sink_client *c = s->clients, *next; c; c = next) {
            next = c->next;
            n++;
            lost += queue(c, buf, len) != 0;
        }
        s->st.dropped += (uint64_t)lost;
        return n && lost == n ? VG_EFULL : 0;
    }
    default:
        return 0;
    }
}

void vg__live_sink_flush(struct vg_live_sink *s)
{
    if (s->cfg->transport == VG_LIVE_FILE && s->file && fflush(s->file))
        s->st.dropped++;
    if (s->cfg->transport == VG_LIVE_UDP && s->dlen) {
        udp_send(s, s->dgram, s->dlen);
        s->dlen = 0;
    }
}

void vg__live_sink_close(struct vg_live_sink *s)
{
    vg__live_sink_flush(s);
    if (s->file) {
        if (fclose(s->file))
            vg_log_error("output %s: %s: write error", s->cfg->name, s->cfg->path);
        s->file = NULL;
    }
    if (s->have_udp && !uv_is_closing((uv_handle_t *)&s->udp))
        uv_close((uv_handle_t *)&s->udp, NULL);
    if (s->have_listener && !uv_is_closing((uv_handle_t *)&s->listener))
        uv_close((uv_handle_t *)&s->listener, NULL);
    /* Clients keep what is queued until it is written (or drain_s passes). */
    s->draining = 1;
    for (struct sink_client *c = s->clients, *next; c; c = next) {
        next = c->next;
        if (!c->writing && !c->plen)
            client_close(c);
    }
}

void vg__live_sink_force_close(struct vg_live_sink *s)
{
    while (s->clients)
        client_close(s->clients);
}

void vg__live_sink_free(struct vg_live_sink *s)
{
    free(s->dgram);
    s->dgram = NULL;
}
