/* SPDX-License-Identifier: MIT */
/* live_input.c — the live engine's inputs: UDP sockets, TCP servers and TCP clients, each
 * cutting its bytes into units by the decoder's framing (sense/decoder.h) and handing every
 * unit to the decoder.
 *
 * Framing. UDP: a datagram is one unit for DATAGRAM and FRAME framing; for LINE it holds one
 * or more lines (the datagram's end also ends a line); for LEN32LE one or more
 * length-prefixed messages. TCP: LINE and LEN32LE cut the stream; DATAGRAM and FRAME formats
 * have no boundaries in a stream and are refused on TCP at start-up.
 *
 * Bounds. No unit longer than the decoder's unit_max is decoded. A datagram or message over
 * it is counted malformed (and `overlong`). On a TCP LINE stream the bytes of an over-long
 * line are dropped up to its newline and reading resumes with the next line (the stream
 * resynchronises at the next "\n"); on a LEN32LE stream a length over unit_max means the
 * peer is not speaking the format (or has lost sync, which a length-prefixed stream cannot
 * recover): the connection is closed, and a TCP client reconnects. A stream's buffer
 * therefore never holds more than unit_max plus one read (64 KiB).
 *
 * Each TCP stream has its own decoder state (a SAPIENT session registers per connection);
 * a UDP input has one. Replies a decoder makes (io->reply) go back on the stream. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "base/log.h"
#include "engine/live_internal.h"

#ifndef SO_RCVBUFFORCE
#define SO_RCVBUFFORCE 33 /* Linux: SO_RCVBUF past rmem_max, for CAP_NET_ADMIN */
#endif

#define READ_CHUNK 65536u
#define UDP_BUF 65536u

struct unit_ctx {
    struct live_input *in;
    struct live_conn *c;
    uint64_t read_ns;
    const char *peer;
    uint64_t unit_no;
};

static void warn_unit(struct live_input *in, const char *peer, uint64_t unit_no, const char *why);

static void on_det(void *user, const struct vg_detection *det)
{
    struct unit_ctx *u = user;
    struct live_input *in = u->in;
    in->st.dec.decoded++;
    int rc = vg__live_ingest(in->e, in, det, u->read_ns);
    if (rc) {
        in->st.dec.dropped++;
        if (rc == 2) {
            char why[160];
            const struct vg_site *site = &in->e->site;
            snprintf(why, sizeof why, "report of sensor '%s' on an input bound to '%s': dropped",
                     det->sensor < site->nsensors ? site->sensors[det->sensor].id : "?",
                     in->cfg->sensor);
            warn_unit(in, u->peer, u->unit_no, why);
        }
    }
}

static void on_reply_written(uv_write_t *w, int status)
{
    (void)status;
    free(w);
}

/* A decoder's bytes back to the peer (rare: registration acknowledgements). */
static int on_reply(void *user, const void *buf, size_t len)
{
    struct unit_ctx *u = user;
    if (!u->c || !u->c->connected)
        return VG_EUNSUPPORTED;
    uv_buf_t b = uv_buf_init((char *)buf, (unsigned)len);
    int n = uv_try_write((uv_stream_t *)&u->c->tcp, &b, 1);
    if (n == (int)len)
        return 0;
    size_t done = n > 0 ? (size_t)n : 0;
    uv_write_t *w = malloc(sizeof *w + len - done);
    if (!w)
        return VG_ENOMEM;
    memcpy(w + 1, (const uint8_t *)buf + done, len - done);
    b = uv_buf_init((char *)(w + 1), (unsigned)(len - done));
    if (uv_write(w, (uv_stream_t *)&u->c->tcp, &b, 1, on_reply_written)) {
        free(w);
        return VG_EIO;
    }
    return 0;
}

/* A warning for a bad unit, at most malformed_log_per_s a second per input (burst 10): a
 * flood of garbage cannot fill the disk. The counters are never limited. */
static void warn_unit(struct live_input *in, const char *peer, uint64_t unit_no, const char *why)
{
    int rate = in->e->cfg.malformed_log_per_s;
    double burst = rate > 10 ? rate : 10;
    uint64_t now = vg__live_mono_ns();
    in->rl_tokens += (double)(now - in->rl_last_ns) * 1e-9 * rate;
    if (in->rl_tokens > burst)
        in->rl_tokens = burst;
    in->rl_last_ns = now;
    if (rate == 0 || in->rl_tokens < 1.0) {
        in->suppressed++;
        return;
    }
    in->rl_tokens -= 1.0;
    if (in->suppressed)
        vg_log_warn("input %s: %s unit %llu: %s (%llu earlier warnings suppressed)",
                    in->cfg->name, peer, (unsigned long long)unit_no, why,
                    (unsigned long long)in->suppressed);
    else
        vg_log_warn("input %s: %s unit %llu: %s", in->cfg->name, peer,
                    (unsigned long long)unit_no, why);
    in->suppressed = 0;
}

static void unit(struct live_input *in, struct live_conn *c, void *dec, const uint8_t *p,
                 size_t n, uint64_t read_ns, double t_rx, const char *peer, uint64_t unit_no)
{
    struct vg_decoder_stats *st = &in->st.dec;
    st->units++;
    const struct vg_decoder_ops *ops = in->cfg->dec;
    if (n > ops->unit_max) {
        st->malformed++;
        in->st.overlong++;
        char why[96];
        snprintf(why, sizeof why, "%zu bytes, longer than the %s unit limit of %zu", n,
                 ops->name, ops->unit_max);
        warn_unit(in, peer, unit_no, why);
        return;
    }
    struct unit_ctx u = {in, c, read_ns, peer, unit_no};
    struct vg_decode_io io = {on_det, NULL, c ? on_reply : NULL, &u, t_rx};
    struct vg_diag d;
    d.msg[0] = '\0';
    int rc = ops->decode(dec, p, n, &io, &d);
    if (rc < 0) {
        st->malformed++;
        warn_unit(in, peer, unit_no, d.msg[0] ? d.msg : vg_strerror(rc));
    } else if (rc == 0) {
        st->skipped++;
    }
}

static void format_peer(const struct sockaddr *a, char *out, size_t cap)
{
    char host[64] = "?";
    int port = 0;
    if (a && a->sa_family == AF_INET) {
        uv_ip4_name((const struct sockaddr_in *)a, host, sizeof host);
        port = ntohs(((const struct sockaddr_in *)a)->sin_port);
        snprintf(out, cap, "%s:%d", host, port);
    } else if (a && a->sa_family == AF_INET6) {
        uv_ip6_name((const struct sockaddr_in6 *)a, host, sizeof host);
        port = ntohs(((const struct sockaddr_in6 *)a)->sin6_port);
        snprintf(out, cap, "[%s]:%d", host, port);
    } else {
        snprintf(out, cap, "?");
    }
}

static int resolve(const char *addr, int port, struct sockaddr_storage *ss)
{
    memset(ss, 0, sizeof *ss);
    if (!uv_ip4_addr(addr, port, (struct sockaddr_in *)ss))
        return 0;
    return uv_ip6_addr(addr, port, (struct sockaddr_in6 *)ss) ? VG_EINVAL : 0;
}

static int bound_port(const uv_handle_t *h, int udp)
{
    struct sockaddr_storage ss;
    int len = sizeof ss;
    int rc = udp ? uv_udp_getsockname((const uv_udp_t *)h, (struct sockaddr *)&ss, &len)
                 : uv_tcp_getsockname((const uv_tcp_t *)h, (struct sockaddr *)&ss, &len);
    if (rc)
        return -1;
    return ss.ss_family == AF_INET6 ? ntohs(((struct sockaddr_in6 *)&ss)->sin6_port)
                                    : ntohs(((struct sockaddr_in *)&ss)->sin_port);
}

/* ---- UDP ---- */

static void udp_alloc(uv_handle_t *h, size_t hint, uv_buf_t *buf)
{
    (void)hint;
    struct live_input *in = h->data;
    *buf = uv_buf_init((char *)in->rbuf, UDP_BUF);
}

static void udp_datagram(struct live_input *in, ssize_t nread, const uv_buf_t *buf,
                         const struct sockaddr *addr, unsigned flags)
{
    uint64_t read_ns = vg__live_mono_ns();
    double t_rx = vg__live_unix_s();
    char peer[80];
    format_peer(addr, peer, sizeof peer);
    in->st.dec.bytes += (uint64_t)nread;
    const uint8_t *p = (const uint8_t *)buf->base;
    size_t n = (size_t)nread;
    const struct vg_decoder_ops *ops = in->cfg->dec;
    if (flags & UV_UDP_PARTIAL) {
        /* Larger than our 64 KiB buffer: cannot be a whole unit. */
        in->st.dec.units++;
        in->st.dec.malformed++;
        in->st.overlong++;
        warn_unit(in, peer, ++in->unit_no, "datagram truncated (over 65536 bytes)");
        return;
    }
    if (ops->framing == VG_FRAMING_LINE) {
        size_t pos = 0;
        while (pos < n) {
            const uint8_t *nl = memchr(p + pos, '\n', n - pos);
            size_t end = nl ? (size_t)(nl - p) : n, len = end - pos;
            if (len && p[pos + len - 1] == '\r')
                len--;
            unit(in, NULL, in->dec, p + pos, len, read_ns, t_rx, peer, ++in->unit_no);
            pos = end + 1;
        }
    } else if (ops->framing == VG_FRAMING_LEN32LE) {
        size_t pos = 0;
        while (pos < n) {
            if (n - pos < 4) {
                in->st.dec.units++;
                in->st.dec.malformed++;
                warn_unit(in, peer, ++in->unit_no, "truncated length prefix");
                break;
            }
            uint32_t len = (uint32_t)p[pos] | (uint32_t)p[pos + 1] << 8 |
                           (uint32_t)p[pos + 2] << 16 | (uint32_t)p[pos + 3] << 24;
            if (len > n - pos - 4) {
                in->st.dec.units++;
                in->st.dec.malformed++;
                char why[96];
                snprintf(why, sizeof why, "byte %zu: length %u exceeds the %zu bytes left", pos,
                         len, n - pos - 4);
                warn_unit(in, peer, ++in->unit_no, why);
                break;
            }
            unit(in, NULL, in->dec, p + pos + 4, len, read_ns, t_rx, peer, ++in->unit_no);
            pos += 4 + (size_t)len;
        }
    } else {
        unit(in, NULL, in->dec, p, n, read_ns, t_rx, peer, ++in->unit_no);
    }
}

static void udp_recv(uv_udp_t *h, ssize_t nread, const uv_buf_t *buf, const struct sockaddr *addr,
                     unsigned flags)
{
    struct live_input *in = h->data;
    if (nread == 0 && !addr)
        return;
    if (nread < 0) {
        vg_log_warn("input %s: receive: %s", in->cfg->name, uv_strerror((int)nread));
        return;
    }
    udp_datagram(in, nread, buf, addr, flags);
}

/* At shutdown: decode what the socket buffer already holds (sent before the stop), without
 * waiting for more. */
static void udp_drain(struct live_input *in)
{
    uv_os_fd_t fd;
    if (!in->rbuf || uv_fileno((uv_handle_t *)&in->udp, &fd))
        return;
    for (int i = 0; i < 1000000; i++) {
        struct sockaddr_storage ss;
        socklen_t sl = sizeof ss;
        ssize_t n = recvfrom(fd, in->rbuf, UDP_BUF, MSG_DONTWAIT | MSG_TRUNC,
                             (struct sockaddr *)&ss, &sl);
        if (n < 0)
            break;
        uv_buf_t b = uv_buf_init((char *)in->rbuf, UDP_BUF);
        unsigned flags = (size_t)n > UDP_BUF ? UV_UDP_PARTIAL : 0;
        udp_datagram(in, (size_t)n > UDP_BUF ? (ssize_t)UDP_BUF : n, &b,
                     (struct sockaddr *)&ss, flags);
    }
}

static int open_udp(struct live_input *in, struct vg_diag *d)
{
    const struct vg_live_input_config *c = in->cfg;
    struct sockaddr_storage ss;
    if (resolve(c->address, c->port, &ss))
        return vg_diag_set(d, VG_EINVAL, "input %s: bad address %s", c->name, c->address);
    if (!(in->rbuf = malloc(UDP_BUF)))
        return vg_diag_set(d, VG_ENOMEM, "out of memory");
    int rc = uv_udp_init(in->e->loop, &in->udp);
    if (rc)
        return vg_diag_set(d, rc, "input %s: %s", c->name, uv_strerror(rc));
    in->have_udp = 1;
    in->udp.data = in;
    if ((rc = uv_udp_bind(&in->udp, (const struct sockaddr *)&ss, 0)))
        return vg_diag_set(d, rc, "input %s: bind udp %s:%d: %s", c->name, c->address, c->port,
                           uv_strerror(rc));
    if (c->rcvbuf) {
        int v = c->rcvbuf;
        uv_os_fd_t fd;
        /* As root SO_RCVBUFFORCE passes rmem_max; otherwise the kernel caps the request. */
        if (!uv_fileno((uv_handle_t *)&in->udp, &fd) &&
            setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &v, sizeof v))
            uv_recv_buffer_size((uv_handle_t *)&in->udp, &v);
    }
    uv_os_fd_t fd;
    struct stat sb;
    if (!uv_fileno((uv_handle_t *)&in->udp, &fd) && !fstat(fd, &sb))
        in->ino = (uint64_t)sb.st_ino;
    in->port = bound_port((uv_handle_t *)&in->udp, 1);
    return 0;
}

/* Datagrams the kernel dropped on the socket with this inode: /proc/net/udp's last column
 * ("drops"), summed over udp and udp6. 0 when unknown. */
uint64_t vg__live_udp_drops(uint64_t ino)
{
    static const char *const files[] = {"/proc/net/udp", "/proc/net/udp6"};
    uint64_t drops = 0;
    for (size_t k = 0; k < 2 && ino; k++) {
        FILE *f = fopen(files[k], "r");
        char line[512];
        while (f && fgets(line, sizeof line, f)) {
            /* sl local rem st tx:rx tr:when retr uid timeout inode ref ptr drops */
            unsigned long long inode, dr;
            char ptr[32];
            int ref;
            if (sscanf(line, "%*s %*s %*s %*s %*s %*s %*s %*s %*s %llu %d %31s %llu", &inode,
                       &ref, ptr, &dr) == 4 && inode == ino)
                drops += dr;
        }
        if (f)
            fclose(f);
    }
    return drops;
}

/* ---- TCP streams ---- */

static void conn_closed(uv_handle_t *h)
{
    struct live_conn *c = h->data;
    free(c->buf);
    free(c);
}

static void schedule_retry(struct live_input *in);

static void conn_close(struct live_conn *c)
{
    struct live_input *in = c->in;
    for (struct live_conn **pp = &in->conns; *pp; pp = &(*pp)->next)
        if (*pp == c) {
            *pp = c->next;
            in->nconns--;
            break;
        }
    if (c->connected)
        in->st.disconnects++;
    if (c->dec)
        in->cfg->dec->close(c->dec);
    c->dec = NULL;
    if (!uv_is_closing((uv_handle_t *)&c->tcp))
        uv_close((uv_handle_t *)&c->tcp, conn_closed);
    if (in->cfg->transport == VG_LIVE_TCP_CLIENT && !in->e->stopping)
        schedule_retry(in);
}

static void conn_alloc(uv_handle_t *h, size_t hint, uv_buf_t *buf)
{
    (void)hint;
    struct live_conn *c = h->data;
    size_t limit = c->in->cfg->dec->unit_max + 4 + READ_CHUNK;
    if (c->cap - c->len < READ_CHUNK && c->cap < limit) {
        size_t cap = c->cap ? c->cap * 2 : 2 * READ_CHUNK;
        if (cap > limit)
            cap = limit;
        uint8_t *nb = realloc(c->buf, cap);
        if (nb) {
            c->buf = nb;
            c->cap = cap;
        }
    }
    *buf = uv_buf_init((char *)c->buf + c->len, (unsigned)(c->cap - c->len));
}

/* Cut the buffered bytes into units. Returns 0, or -1 if the connection must close. */
static int frame_stream(struct live_conn *c, int eof, uint64_t read_ns, double t_rx)
{
    struct live_input *in = c->in;
    const struct vg_decoder_ops *ops = in->cfg->dec;
    size_t pos = 0;
    int rc = 0;
    if (ops->framing == VG_FRAMING_LINE) {
        for (;;) {
            const uint8_t *nl = memchr(c->buf + pos, '\n', c->len - pos);
            if (c->skipping) {
                if (!nl) {
                    pos = c->len;
                    break;
                }
                pos = (size_t)(nl - c->buf) + 1;
                c->skipping = 0;
                continue;
            }
            size_t end = nl ? (size_t)(nl - c->buf) : c->len;
            if (!nl && (end - pos <= ops->unit_max || eof) && !(eof && end > pos))
                break; /* a partial line: wait for the rest */
            size_t len = end - pos;
            if (len > ops->unit_max) {
                in->st.dec.units++;
                in->st.dec.malformed++;
                in->st.overlong++;
                char why[128];
                snprintf(why, sizeof why, "line longer than the %s unit limit of %zu bytes: "
                         "dropped up to its end", ops->name, ops->unit_max);
                warn_unit(in, c->peer, ++c->unit_no, why);
                if (!nl) {
                    c->skipping = 1;
                    pos = c->len;
                    break;
                }
                pos = end + 1;
                continue;
            }
            if (len && c->buf[pos + len - 1] == '\r')
                len--;
            unit(in, c, c->dec, c->buf + pos, len, read_ns, t_rx, c->peer, ++c->unit_no);
            pos = nl ? end + 1 : end;
            if (!nl)
                break;
        }
    } else { /* LEN32LE */
        while (c->len - pos >= 4) {
            const uint8_t *p = c->buf + pos;
            uint32_t len = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
                           (uint32_t)p[3] << 24;
            if (len > ops->unit_max) {
                in->st.dec.units++;
                in->st.dec.malformed++;
                in->st.overlong++;
                char why[128];
                snprintf(why, sizeof why, "length %u over the %s unit limit of %zu: "
                         "closing the connection", len, ops->name, ops->unit_max);
                warn_unit(in, c->peer, ++c->unit_no, why);
                rc = -1;
                break;
            }
            if (c->len - pos - 4 < len)
                break;
            unit(in, c, c->dec, p + 4, len, read_ns, t_rx, c->peer, ++c->unit_no);
            pos += 4 + (size_t)len;
        }
        if (eof && c->len > pos) {
            in->st.dec.units++;
            in->st.dec.malformed++;
            warn_unit(in, c->peer, ++c->unit_no, "stream ended inside a message");
            pos = c->len;
        }
    }
    if (pos) {
        memmove(c->buf, c->buf + pos, c->len - pos);
        c->len -= pos;
    }
    return rc;
}

static void conn_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf)
{
    (void)buf;
    struct live_conn *c = s->data;
    struct live_input *in = c->in;
    uint64_t read_ns = vg__live_mono_ns();
    double t_rx = vg__live_unix_s();
    if (nread > 0) {
        in->st.dec.bytes += (uint64_t)nread;
        c->len += (size_t)nread;
        if (frame_stream(c, 0, read_ns, t_rx))
            conn_close(c);
        return;
    }
    if (nread == 0)
        return;
    if (nread != UV_EOF)
        vg_log_warn("input %s: %s: %s", in->cfg->name, c->peer, uv_strerror((int)nread));
    frame_stream(c, 1, read_ns, t_rx);
    vg_log_info("input %s: %s disconnected", in->cfg->name, c->peer);
    conn_close(c);
}

static struct live_conn *conn_new(struct live_input *in, struct vg_diag *d)
{
    struct live_conn *c = calloc(1, sizeof *c);
    if (!c) {
        vg_diag_set(d, VG_ENOMEM, "out of memory");
        return NULL;
    }
    c->in = in;
    struct vg_decoder_options o = {in->cfg->sensor[0] ? in->cfg->sensor : NULL, in->cfg->name,
                                   in->cfg->linktype};
    int rc = in->cfg->dec->open(&c->dec, &in->e->site, &o, d);
    if (rc) {
        free(c);
        return NULL;
    }
    uv_tcp_init(in->e->loop, &c->tcp);
    c->tcp.data = c;
    c->connect.data = c;
    c->next = in->conns;
    in->conns = c;
    in->nconns++;
    return c;
}

static void on_accept(uv_stream_t *server, int status)
{
    struct live_input *in = server->data;
    if (status < 0) {
        vg_log_warn("input %s: accept: %s", in->cfg->name, uv_strerror(status));
        return;
    }
    struct vg_diag d;
    struct live_conn *c = conn_new(in, &d);
    if (!c) {
        vg_log_error("input %s: %s", in->cfg->name, d.msg);
        return;
    }
    if (uv_accept(server, (uv_stream_t *)&c->tcp)) {
        conn_close(c);
        return;
    }
    struct sockaddr_storage ss;
    int len = sizeof ss;
    if (!uv_tcp_getpeername(&c->tcp, (struct sockaddr *)&ss, &len))
        format_peer((struct sockaddr *)&ss, c->peer, sizeof c->peer);
    if (in->nconns > (size_t)in->cfg->max_connections) {
        vg_log_warn("input %s: %s refused: already %d connections", in->cfg->name, c->peer,
                    in->cfg->max_connections);
        in->st.dec.dropped++;
        conn_close(c);
        return;
    }
    c->connected = 1;
    in->st.connections++;
    uv_tcp_nodelay(&c->tcp, 1);
    vg_log_info("input %s: %s connected", in->cfg->name, c->peer);
    uv_read_start((uv_stream_t *)&c->tcp, conn_alloc, conn_read);
}

static int open_tcp_server(struct live_input *in, struct vg_diag *d)
{
    const struct vg_live_input_config *c = in->cfg;
    struct sockaddr_storage ss;
    if (resolve(c->address, c->port, &ss))
        return vg_diag_set(d, VG_EINVAL, "input %s: bad address %s", c->name, c->address);
    int rc = uv_tcp_init(in->e->loop, &in->listener);
    if (rc)
        return vg_diag_set(d, rc, "input %s: %s", c->name, uv_strerror(rc));
    in->have_listener = 1;
    in->listener.data = in;
    if ((rc = uv_tcp_bind(&in->listener, (const struct sockaddr *)&ss, 0)) ||
        (rc = uv_listen((uv_stream_t *)&in->listener, 64, on_accept)))
        return vg_diag_set(d, rc, "input %s: listen on tcp %s:%d: %s", c->name, c->address,
                           c->port, uv_strerror(rc));
    in->port = bound_port((uv_handle_t *)&in->listener, 0);
    return 0;
}

/* ---- TCP client ---- */

static void connect_now(struct live_input *in);

static void on_retry(uv_timer_t *t)
{
    connect_now(t->data);
}

static void schedule_retry(struct live_input *in)
{
    if (!in->have_retry || in->e->stopping)
        return;
    vg_log_info("input %s: reconnecting to %s:%d in %.1f s", in->cfg->name, in->cfg->address,
                in->cfg->port, in->backoff_s);
    uv_timer_start(&in->retry, on_retry, (uint64_t)(in->backoff_s * 1000.0), 0);
    /* Exponential back-off: a peer that is down is not hammered, one that returns is
     * reached within reconnect_max_s. */
    in->backoff_s *= 2;
    if (in->backoff_s > in->cfg->reconnect_max_s)
        in->backoff_s = in->cfg->reconnect_max_s;
}

static void on_connect(uv_connect_t *req, int status)
{
    struct live_conn *c = req->data;
    struct live_input *in = c->in;
    if (status < 0) {
        if (status != UV_ECANCELED)
            vg_log_warn("input %s: connect to %s:%d: %s", in->cfg->name, in->cfg->address,
                        in->cfg->port, uv_strerror(status));
        conn_close(c);
        return;
    }
    c->connected = 1;
    in->st.connections++;
    in->backoff_s = in->cfg->reconnect_min_s;
    uv_tcp_nodelay(&c->tcp, 1);
    vg_log_info("input %s: connected to %s", in->cfg->name, c->peer);
    uv_read_start((uv_stream_t *)&c->tcp, conn_alloc, conn_read);
}

static void connect_now(struct live_input *in)
{
    if (in->e->stopping)
        return;
    struct vg_diag d;
    struct live_conn *c = conn_new(in, &d);
    if (!c) {
        vg_log_error("input %s: %s", in->cfg->name, d.msg);
        schedule_retry(in);
        return;
    }
    snprintf(c->peer, sizeof c->peer, "%s:%d", in->cfg->address, in->cfg->port);
    struct sockaddr_storage ss;
    resolve(in->cfg->address, in->cfg->port, &ss);
    int rc = uv_tcp_connect(&c->connect, &c->tcp, (const struct sockaddr *)&ss, on_connect);
    if (rc) {
        vg_log_warn("input %s: connect to %s: %s", in->cfg->name, c->peer, uv_strerror(rc));
        conn_close(c);
    }
}

/* ---- lifecycle ---- */

int vg__live_input_open(struct live_input *in, struct vg_diag *d)
{
    const struct vg_live_input_config *c = in->cfg;
    in->sensor = -1;
    in->rl_tokens = 10;
    in->rl_last_ns = vg__live_mono_ns();
    in->backoff_s = c->reconnect_min_s;
    if (c->sensor[0]) {
        int si = vg_site_find_sensor(&in->e->site, c->sensor);
        if (si < 0) {
            /* Not in the site: known only by id (enough for xyz, adsb and remoteid). */
            struct vg_sensor s;
            memset(&s, 0, sizeof s);
            if (strlen(c->sensor) >= sizeof s.id)
                return vg_diag_set(d, VG_EINVAL, "input %s: sensor id '%s' longer than %zu",
                                   c->name, c->sensor, sizeof s.id - 1);
            memcpy(s.id, c->sensor, strlen(c->sensor) + 1);
            si = vg_site_add_sensor(&in->e->site, &s);
            if (si < 0)
                return vg_diag_set(d, si, "input %s: sensor '%s': %s", c->name, c->sensor,
                                   vg_strerror(si));
            vg_log_warn("input %s: sensor '%s' is not in the site: its position is unknown, "
                        "so only xyz, adsb and remoteid reports can be used", c->name,
                        c->sensor);
        }
        in->sensor = si;
    }
    int framing = c->dec->framing;
    if (c->transport != VG_LIVE_UDP && framing != VG_FRAMING_LINE &&
        framing != VG_FRAMING_LEN32LE)
        return vg_diag_set(d, VG_EINVAL, "%s:%d: [input %s]: format %s is framed by datagrams: "
                           "use transport udp", in->e->cfg.path, c->line, c->name, c->dec->name);
    if (c->transport == VG_LIVE_UDP) {
        struct vg_decoder_options o = {c->sensor[0] ? c->sensor : NULL, c->name, c->linktype};
        int rc = c->dec->open(&in->dec, &in->e->site, &o, d);
        if (rc)
            return rc;
        return open_udp(in, d);
    }
    if (c->transport == VG_LIVE_TCP_SERVER)
        return open_tcp_server(in, d);
    int rc = uv_timer_init(in->e->loop, &in->retry);
    if (rc)
        return vg_diag_set(d, rc, "input %s: %s", c->name, uv_strerror(rc));
    in->retry.data = in;
    in->have_retry = 1;
    in->port = c->port;
    return 0;
}

/* Start reading (called once the whole engine is built). */
int vg__live_input_start(struct live_input *in, struct vg_diag *d)
{
    const struct vg_live_input_config *c = in->cfg;
    if (in->have_udp) {
        int rc = uv_udp_recv_start(&in->udp, udp_alloc, udp_recv);
        if (rc)
            return vg_diag_set(d, rc, "input %s: %s", c->name, uv_strerror(rc));
        vg_log_info("input %s: %s on udp %s:%d", c->name, c->dec->name, c->address, in->port);
    } else if (in->have_listener) {
        vg_log_info("input %s: %s on tcp %s:%d", c->name, c->dec->name, c->address, in->port);
    } else if (in->have_retry) {
        vg_log_info("input %s: %s from tcp %s:%d (client)", c->name, c->dec->name, c->address,
                    c->port);
        connect_now(in);
    }
    return 0;
}

void vg__live_input_close(struct live_input *in)
{
    if (in->have_udp && !uv_is_closing((uv_handle_t *)&in->udp)) {
        udp_drain(in);
        uv_close((uv_handle_t *)&in->udp, NULL);
    }
    if (in->have_listener && !uv_is_closing((uv_handle_t *)&in->listener))
        uv_close((uv_handle_t *)&in->listener, NULL);
    if (in->have_retry && !uv_is_closing((uv_handle_t *)&in->retry))
        uv_close((uv_handle_t *)&in->retry, NULL);
    while (in->conns) {
        struct live_conn *c = in->conns;
        if (c->connected)
            frame_stream(c, 1, vg__live_mono_ns(), vg__live_unix_s());
        conn_close(c);
    }
}

void vg__live_input_free(struct live_input *in)
{
    if (in->dec)
        in->cfg->dec->close(in->dec);
    in->dec = NULL;
    free(in->rbuf);
    in->rbuf = NULL;
}
