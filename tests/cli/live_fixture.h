/* SPDX-License-Identifier: MIT */
/* live_fixture.h — running `vigil run` ($VIGIL_BIN) as a child on loopback for the live
 * engine's tests: free ports, start and wait for "running", stop with SIGTERM, read its log,
 * GET /metrics, send over UDP and TCP, read a TCP output. */
#ifndef VG_TEST_LIVE_FIXTURE_H
#define VG_TEST_LIVE_FIXTURE_H

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double lf_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void lf_sleep(double s)
{
    struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
    nanosleep(&ts, NULL);
}

static const char *lf_bin(void)
{
    const char *b = getenv("VIGIL_BIN");
    return b ? b : "./build/vigil";
}

/* A port nobody listens on now (the kernel's pick for port 0). */
static int lf_free_port(int type)
{
    int fd = socket(AF_INET, type, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    int port = -1;
    if (fd >= 0 && !bind(fd, (struct sockaddr *)&a, sizeof a) &&
        !getsockname(fd, (struct sockaddr *)&a, &len))
        port = ntohs(a.sin_port);
    if (fd >= 0)
        close(fd);
    return port;
}

/* The whole file (static buffer, NUL-terminated; large enough for the tests' outputs). */
static char *lf_slurp(const char *path, size_t *n_out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap);
    for (;;) {
        n += fread(b + n, 1, cap - 1 - n, f);
        if (n < cap - 1)
            break;
        b = realloc(b, cap *= 2);
    }
    fclose(f);
    b[n] = '\0';
    if (n_out)
        *n_out = n;
    return b;
}

/* Run `vigil ARGS` with stdout and stderr into DIR/cmd.out; *out (may be NULL) gets that
 * output (lf_slurp's buffer, to free). The exit status, −1 if it did not exit. */
static int lf_vigil(const char *dir, const char *args, char **out)
{
    char cmd[4096], path[512];
    snprintf(path, sizeof path, "%s/cmd.out", dir);
    snprintf(cmd, sizeof cmd, "%s %s >%s 2>&1", lf_bin(), args, path);
    int st = system(cmd);
    if (out)
        *out = lf_slurp(path, NULL);
    return st == -1 || !WIFEXITED(st) ? -1 : WEXITSTATUS(st);
}

/* Write text to path (a failure to open is a failed check). */
static void lf_write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

struct lf_engine {
    pid_t pid;
    char log[512];
};

/* Start `vigil run --config conf ARGS...` with stderr into log; wait for "running:". */
static int lf_start(struct lf_engine *e, const char *conf, const char *log, const char *arg1)
{
    snprintf(e->log, sizeof e->log, "%s", log);
    e->pid = fork();
    if (e->pid == 0) {
        int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(fd, 2);
        dup2(fd, 1);
        execl(lf_bin(), "vigil", "run", "--config", conf, arg1, (char *)NULL);
        _exit(127);
    }
    for (double t0 = lf_now(); lf_now() - t0 < 10;) {
        char *txt = lf_slurp(log, NULL);
        int up = txt && strstr(txt, "running:"), dead = waitpid(e->pid, NULL, WNOHANG) != 0;
        free(txt);
        if (up)
            return 0;
        if (dead) {
            e->pid = -1;
            return -1;
        }
        lf_sleep(0.02);
    }
    return -1;
}

/* SIGTERM, then wait (10 s at most). Returns the exit status, or -1 (killed, or crashed). */
static int lf_stop(struct lf_engine *e, double *took_s)
{
    if (e->pid <= 0)
        return -1;
    double t0 = lf_now();
    kill(e->pid, SIGTERM);
    int st = 0;
    while (waitpid(e->pid, &st, WNOHANG) == 0) {
        if (lf_now() - t0 > 10) {
            kill(e->pid, SIGKILL);
            waitpid(e->pid, &st, 0);
            e->pid = -1;
            return -1;
        }
        lf_sleep(0.01);
    }
    e->pid = -1;
    if (took_s)
        *took_s = lf_now() - t0;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* A TCP client of 127.0.0.1:port; rcvbuf > 0 sets its receive buffer before the handshake
 * (after it, the window scale is already agreed and the peer may keep sending megabytes). */
static int lf_connect_rcvbuf(int port, int rcvbuf)
{
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd >= 0 && rcvbuf > 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
    if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof a)) {
        close(fd);
        fd = -1;
    }
    return fd;
}

static int lf_connect(int port)
{
    return lf_connect_rcvbuf(port, 0);
}

static int lf_udp(int port)
{
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof a)) {
        close(fd);
        fd = -1;
    }
    return fd;
}

static int lf_send_all(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    while (n) {
        ssize_t k = send(fd, p, n, MSG_NOSIGNAL);
        if (k <= 0)
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

/* A growing buffer fed from a socket. */
struct lf_buf {
    char *p;
    size_t n, cap;
};

/* Read what fd has now (wait up to wait_s for the first bytes). Returns 0 at EOF, 1 else. */
static int lf_drain(int fd, struct lf_buf *b, double wait_s)
{
    struct pollfd p = {fd, POLLIN, 0};
    int ms = wait_s > 0 ? (int)(wait_s * 1000) : 0; /* never negative: poll would wait forever */
    while (poll(&p, 1, ms) == 1) {
        if (b->cap - b->n < 65537) {
            b->cap = b->cap ? b->cap * 2 : 1 << 20;
            b->p = realloc(b->p, b->cap);
        }
        ssize_t k = recv(fd, b->p + b->n, b->cap - b->n - 1, 0);
        if (k <= 0)
            return 0;
        b->n += (size_t)k;
        b->p[b->n] = '\0';
        ms = 0;
    }
    return 1;
}

/* GET /metrics into a static buffer; NULL on failure. */
static const char *lf_metrics(int port)
{
    static char buf[1 << 16];
    int fd = lf_connect(port);
    if (fd < 0)
        return NULL;
    const char req[] = "GET /metrics HTTP/1.0\r\n\r\n";
    lf_send_all(fd, req, sizeof req - 1);
    struct lf_buf b = {0};
    while (lf_drain(fd, &b, 2.0))
        ;
    close(fd);
    const char *body = b.p ? strstr(b.p, "\r\n\r\n") : NULL;
    snprintf(buf, sizeof buf, "%s", body && !strncmp(b.p, "HTTP/1.0 200", 12) ? body + 4 : "");
    free(b.p);
    return buf[0] ? buf : NULL;
}

/* The number after "key": in the object of input `name` in a metrics body, or -1. */
static long long lf_input_counter(const char *metrics, const char *name, const char *key)
{
    char pat[128];
    snprintf(pat, sizeof pat, "{\"name\":\"%s\"", name);
    const char *o = metrics ? strstr(metrics, pat) : NULL;
    if (!o)
        return -1;
    const char *end = strchr(o, '}');
    snprintf(pat, sizeof pat, "\"%s\":", key);
    const char *k = strstr(o, pat);
    return k && k < end ? strtoll(k + strlen(pat), NULL, 10) : -1;
}

#endif
