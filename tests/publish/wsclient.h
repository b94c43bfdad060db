/* SPDX-License-Identifier: MIT */
/* wsclient.h — a minimal HTTP/1.1 and WebSocket (RFC 6455) client over plain sockets, for the
 * COP's tests: written from the RFC, not with libwebsockets, so the server is checked by a
 * peer that does not share its code. Loopback only; every wait is bounded by a timeout. */
#ifndef VG_TEST_WSCLIENT_H
#define VG_TEST_WSCLIENT_H

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

static int ws_connect(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a)) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

static int send_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n) {
        ssize_t k = send(fd, c, n, MSG_NOSIGNAL);
        if (k <= 0)
            return -1;
        c += k;
        n -= (size_t)k;
    }
    return 0;
}

/* Read exactly n bytes within timeout_ms in all; 0, or -1 on timeout, error or close. */
static int recv_all(int fd, void *p, size_t n, int timeout_ms)
{
    char *c = p;
    while (n) {
        struct pollfd pf = {fd, POLLIN, 0};
        if (poll(&pf, 1, timeout_ms) <= 0)
            return -1;
        ssize_t k = recv(fd, c, n, 0);
        if (k <= 0)
            return -1;
        c += k;
        n -= (size_t)k;
    }
    return 0;
}

/* Read a response head (to the blank line) into buf; returns the status code or -1. */
static int read_head(int fd, char *buf, size_t cap, int timeout_ms)
{
    size_t n = 0;
    while (n + 1 < cap) {
        if (recv_all(fd, buf + n, 1, timeout_ms))
            return -1;
        n++;
        buf[n] = '\0';
        if (n >= 4 && !memcmp(buf + n - 4, "\r\n\r\n", 4))
            break;
    }
    int code = -1;
    return sscanf(buf, "HTTP/1.%*d %d", &code) == 1 ? code : -1;
}

static const char *find_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (!strncasecmp(hay, needle, n))
            return hay;
    return NULL;
}

/* GET path with extra header lines (each ending \r\n); the status, the head in head and the
 * body (by Content-Length) in a malloc'd *body (caller frees), its length in *blen. */
static int http_get(int port, const char *path, const char *extra, char *head, size_t hcap,
                    char **body, size_t *blen)
{
    int fd = ws_connect(port);
    if (fd < 0)
        return -1;
    char req[2048];
    snprintf(req, sizeof req,
             "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n%sConnection: close\r\n\r\n", path, port,
             extra ? extra : "");
    int code = send_all(fd, req, strlen(req)) ? -1 : read_head(fd, head, hcap, 5000);
    if (body) {
        *body = NULL;
        *blen = 0;
        const char *cl = code > 0 ? find_ci(head, "content-length:") : NULL;
        size_t len = cl ? strtoul(cl + 15, NULL, 10) : 0;
        *body = malloc(len + 1);
        if (*body && recv_all(fd, *body, len, 5000) == 0) {
            (*body)[len] = '\0';
            *blen = len;
        }
    }
    close(fd);
    return code;
}

/* Open a WebSocket: the handshake's status (101 when accepted); *fd the socket (closed
 * unless 101). */
static int ws_open(int port, const char *path, const char *extra, int *fd)
{
    *fd = ws_connect(port);
    if (*fd < 0)
        return -1;
    char req[2048], head[4096];
    snprintf(req, sizeof req,
             "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\n"
             "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
             "Sec-WebSocket-Version: 13\r\n%s\r\n", path, port, extra ? extra : "");
    int code = send_all(*fd, req, strlen(req)) ? -1 : read_head(*fd, head, sizeof head, 5000);
    if (code != 101) {
        close(*fd);
        *fd = -1;
    }
    return code;
}

/* Read one whole message (reassembling fragments; answering nothing) into a growing *buf.
 * Returns its length, or -1 on timeout, close or a protocol error. */
static long ws_read(int fd, char **buf, size_t *cap, int timeout_ms)
{
    size_t n = 0;
    for (;;) {
        unsigned char h[2];
        if (recv_all(fd, h, 2, timeout_ms))
            return -1;
        int fin = h[0] & 0x80, op = h[0] & 0x0f;
        uint64_t len = h[1] & 0x7f;
        if (h[1] & 0x80)
            return -1; /* a server must not mask (RFC 6455 5.1) */
        if (len == 126) {
            unsigned char e[2];
            if (recv_all(fd, e, 2, timeout_ms))
                return -1;
            len = (uint64_t)e[0] << 8 | e[1];
        } else if (len == 127) {
            unsigned char e[8];
            if (recv_all(fd, e, 8, timeout_ms))
                return -1;
            len = 0;
            for (int i = 0; i < 8; i++)
                len = len << 8 | e[i];
        }
        if (len > (64u << 20))
            return -1;
        if (n + len + 1 > *cap) {
            size_t c = *cap ? *cap : 4096;
            while (c < n + len + 1)
                c *= 2;
            char *p = realloc(*buf, c);
            if (!p)
                return -1;
            *buf = p;
            *cap = c;
        }
        if (recv_all(fd, *buf + n, len, timeout_ms))
            return -1;
        if (op == 8)
            return -1; /* close */
        if (op == 9 || op == 10)
            continue;  /* ping/pong: not expected, skipped */
        n += len;
        (*buf)[n] = '\0';
        if (fin)
            return (long)n;
    }
}

/* Send one masked text message (clients must mask, RFC 6455 5.3). */
static int ws_send_text(int fd, const char *s)
{
    size_t n = strlen(s);
    unsigned char h[8 + 4];
    size_t k = 0;
    h[k++] = 0x81;
    if (n < 126) {
        h[k++] = (unsigned char)(0x80 | n);
    } else {
        h[k++] = 0x80 | 126;
        h[k++] = (unsigned char)(n >> 8);
        h[k++] = (unsigned char)n;
    }
    static const unsigned char mask[4] = {0x12, 0x34, 0x56, 0x78};
    memcpy(h + k, mask, 4);
    k += 4;
    char *m = malloc(n ? n : 1);
    if (!m)
        return -1;
    for (size_t i = 0; i < n; i++)
        m[i] = (char)(s[i] ^ mask[i % 4]);
    int rc = send_all(fd, h, k) || send_all(fd, m, n) ? -1 : 0;
    free(m);
    return rc;
}

#endif
