/* SPDX-License-Identifier: MIT */
/* test_sbs_dump1090.c — the SBS decoder against a real peer: Debian's dump1090-mutability
 * demodulates the real 1090 MHz recording (../shared/testdata/adsb/modes1_2m4.bin) and serves
 * its port-30003 stream on loopback; this test reads that stream as the live engine would
 * (TCP, split into lines, each decoded on arrival) and checks it against expected.sbs /
 * expected.json, exactly as ../shared/testdata/adsb/README.md step 3 produced them:
 *
 *   dump1090-mutability --ifile <fifo> --throttle --net --net-bind-address 127.0.0.1
 *       --net-sbs-port <port> --net-ri-port 0 --net-ro-port 0 --net-bi-port 0
 *       --net-bo-port 0 --net-heartbeat 0 --quiet
 *
 * fed 1.2 s of silence (I/Q 127/128), the recording and 2 s of silence through a FIFO, played
 * in real time (--throttle at 2.4 MS/s): about 3.5 s. The same leading silence matters: the
 * demodulator works in fixed buffers, and another alignment could change what it finds at a
 * buffer edge. The lines must equal expected.sbs apart from fields 7-10 (wall-clock times).
 *
 * Robustness: a free port is picked by binding port 0 (retried if dump1090 cannot bind it),
 * every wait has a deadline (30 s in all), and the child is killed and reaped on every path.
 * Without dump1090-mutability the test fails and says how to install it. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sbs_fixture.h"

#define DUMP1090 "dump1090-mutability"
#define RATE_BYTES 4800000.0 /* 2.4 MS/s of 8-bit I/Q */
#define DEADLINE_S 30.0

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void nap_ms(int ms)
{
    struct timespec ts = {0, ms * 1000000L};
    nanosleep(&ts, NULL);
}

/* Full path of prog on $PATH into out, or 0 if none is executable. */
static int on_path(const char *prog, char *out, size_t cap)
{
    const char *path = getenv("PATH");
    char dirs[4096];
    snprintf(dirs, sizeof dirs, "%s", path ? path : "/usr/bin:/bin");
    for (char *save = NULL, *dir = strtok_r(dirs, ":", &save); dir;
         dir = strtok_r(NULL, ":", &save)) {
        snprintf(out, cap, "%s/%s", dir, prog);
        if (access(out, X_OK) == 0)
            return 1;
    }
    return 0;
}

static int free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t n = sizeof a;
    int port = -1;
    if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
        getsockname(fd, (struct sockaddr *)&a, &n) == 0)
        port = ntohs(a.sin_port);
    if (fd >= 0)
        close(fd);
    return port;
}

/* The child's end: SIGTERM, a second to exit, then SIGKILL; always reaped. */
static void stop_child(pid_t pid)
{
    int st;
    if (pid <= 0 || waitpid(pid, &st, WNOHANG) == pid)
        return;
    kill(pid, SIGTERM);
    for (int i = 0; i < 100; i++) {
        if (waitpid(pid, &st, WNOHANG) == pid)
            return;
        nap_ms(10);
    }
    kill(pid, SIGKILL);
    waitpid(pid, &st, 0);
}

struct feed {
    const uint8_t *iq;
    size_t n_iq;
    size_t pre, post;  /* silence before and after, bytes */
    size_t done;       /* bytes written so far */
};

/* The next bytes to write to the FIFO: silence, the recording, silence. */
static size_t next_chunk(const struct feed *f, const uint8_t **p)
{
    static uint8_t quiet[65536];
    if (!quiet[0])
        for (size_t i = 0; i < sizeof quiet; i++)
            quiet[i] = i % 2 ? 128 : 127;
    size_t total = f->pre + f->n_iq + f->post, at = f->done;
    if (at >= total)
        return 0;
    if (at >= f->pre && at < f->pre + f->n_iq) {
        *p = f->iq + (at - f->pre);
        return f->pre + f->n_iq - at;
    }
    size_t end = at < f->pre ? f->pre : total, n = end - at;
    *p = quiet + (at % 2); /* keep the I/Q phase */
    return n < sizeof quiet - 1 ? n : sizeof quiet - 1;
}

struct received {
    char *buf;
    size_t n, cap;
};

/* One run of dump1090 on port: 1 done, 0 the port was not usable (retry), -1 failed. */
static int run_dump1090(const char *bin, const char *fifo, int port, struct feed *f,
                        struct received *rx, struct sbs_run *r, int *child_status)
{
    char port_s[16];
    snprintf(port_s, sizeof port_s, "%d", port);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0)
            dup2(null, STDOUT_FILENO);
        execl(bin, bin, "--ifile", fifo, "--throttle", "--net", "--net-bind-address",
              "127.0.0.1", "--net-sbs-port", port_s, "--net-ri-port", "0", "--net-ro-port", "0",
              "--net-bi-port", "0", "--net-bo-port", "0", "--net-heartbeat", "0", "--quiet",
              (char *)NULL);
        _exit(127);
    }
    double deadline = now_s() + DEADLINE_S;
    int wfd = -1, sfd = -1, rc = -1, st;
    /* The FIFO opens for writing once dump1090 has opened it for reading. */
    while ((wfd = open(fifo, O_WRONLY | O_NONBLOCK)) < 0) {
        int gone = waitpid(pid, &st, WNOHANG) == pid;
        if (errno != ENXIO || gone || now_s() > deadline) {
            if (gone) {
                pid = 0; /* reaped: never signal that pid again */
                *child_status = st;
            }
            fprintf(stderr, "%s did not open the FIFO%s\n", bin,
                    gone && WIFEXITED(st) && WEXITSTATUS(st) == 127 ? " (cannot run it)" : "");
            goto out;
        }
        nap_ms(10);
    }
    /* Then its SBS port listens: connect before any sample is written. */
    for (;;) {
        sfd = socket(AF_INET, SOCK_STREAM, 0);
        struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                                .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
        if (sfd >= 0 && connect(sfd, (struct sockaddr *)&a, sizeof a) == 0)
            break;
        if (sfd >= 0)
            close(sfd);
        sfd = -1;
        if (waitpid(pid, &st, WNOHANG) == pid) {
            pid = 0;
            *child_status = st;
            rc = 0; /* most likely the port was taken between free_port and its bind */
            goto out;
        }
        if (now_s() > deadline) {
            fprintf(stderr, "cannot connect to dump1090's SBS port %d\n", port);
            goto out;
        }
        nap_ms(20);
    }
    fcntl(sfd, F_SETFL, O_NONBLOCK);
    size_t line_start = 0;
    for (;;) {
        if (now_s() > deadline) {
            fprintf(stderr, "dump1090 run exceeded %.0f s\n", DEADLINE_S);
            goto out;
        }
        struct pollfd p[2] = {{sfd, POLLIN, 0}, {wfd, POLLOUT, 0}};
        if (poll(p, wfd >= 0 ? 2 : 1, 100) < 0 && errno != EINTR)
            goto out;
        if (wfd >= 0 && (p[1].revents & (POLLOUT | POLLERR | POLLHUP))) {
            const uint8_t *chunk;
            size_t n = next_chunk(f, &chunk);
            ssize_t w = n ? write(wfd, chunk, n) : 0;
            if (w > 0)
                f->done += (size_t)w;
            else if (n && w < 0 && errno != EAGAIN) {
                fprintf(stderr, "writing the FIFO: %s\n", strerror(errno));
                goto out;
            }
            if (f->done == f->pre + f->n_iq + f->post) {
                close(wfd); /* EOF: dump1090 finishes and exits */
                wfd = -1;
            }
        }
        if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            if (rx->n + 65536 > rx->cap) {
                char *nb = realloc(rx->buf, rx->cap = (rx->n + 65536) * 2);
                if (!nb)
                    goto out;
                rx->buf = nb;
            }
            ssize_t k = read(sfd, rx->buf + rx->n, rx->cap - rx->n);
            if (k == 0)
                break; /* dump1090 closed the connection: done */
            if (k < 0 && errno != EAGAIN) {
                fprintf(stderr, "reading the SBS port: %s\n", strerror(errno));
                goto out;
            }
            if (k > 0) {
                rx->n += (size_t)k;
                /* Decode each complete line on arrival, as the live input does. */
                double t = now_s();
                for (char *nl; (nl = memchr(rx->buf + line_start, '\n', rx->n - line_start));) {
                    size_t len = (size_t)(nl - (rx->buf + line_start));
                    if (len > 0 && rx->buf[line_start + len - 1] == '\r')
                        len--;
                    struct vg_diag d = {""};
                    if (sbs_run_unit(r, rx->buf + line_start, len, t, &d) < 0)
                        fprintf(stderr, "live line: %s\n", d.msg);
                    line_start = (size_t)(nl - rx->buf) + 1;
                }
            }
        }
    }
    rc = 1;
out:
    if (wfd >= 0)
        close(wfd);
    if (sfd >= 0)
        close(sfd);
    stop_child(pid);
    return rc;
}

/* Line i with fields 7-10 emptied, CR dropped. */
static void strip_times(const char *line, size_t len, char *out, size_t cap)
{
    size_t o = 0;
    int field = 1;
    for (size_t i = 0; i < len && o + 1 < cap; i++) {
        if (line[i] == '\r')
            continue;
        if (line[i] == ',')
            field++;
        if (line[i] == ',' || field < 7 || field > 10)
            out[o++] = line[i];
    }
    out[o] = '\0';
}

/* Lines of buf with times stripped, at most max, into rows of 256; returns the count. */
static size_t stripped_lines(const char *buf, size_t len, char (*rows)[256], size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < len && n < max;) {
        const char *nl = memchr(buf + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - buf) : len;
        if (e > i && !(e == i + 1 && buf[i] == '\r'))
            strip_times(buf + i, e - i, rows[n++], 256);
        i = e + 1;
    }
    return n;
}

static void case_dump1090_live(void)
{
    char bin[4096];
    if (!on_path(DUMP1090, bin, sizeof bin)) {
        fprintf(stderr, "%s is not installed: this test runs it as the real SBS peer "
                        "(Debian package dump1090-mutability; scripts/deps.sh installs it)\n",
                DUMP1090);
        CHECK(!"dump1090-mutability installed");
        return;
    }
    size_t n_iq = 0, n_exp = 0;
    char *iq = slurp(test_shared("testdata/adsb/modes1_2m4.bin"), &n_iq);
    char *exp = slurp(test_shared("testdata/adsb/expected.sbs"), &n_exp);
    CHECK(iq != NULL && exp != NULL && n_iq == 856484);
    char dir[] = "/tmp/vigil-sbs-XXXXXX", fifo[64];
    CHECK(mkdtemp(dir) != NULL);
    snprintf(fifo, sizeof fifo, "%s/iq", dir);
    CHECK_INT(mkfifo(fifo, 0600), 0);
    signal(SIGPIPE, SIG_IGN);

    struct received rx = {0};
    struct sbs_run r;
    int done = -1, st = 0, opened = 0;
    double t0 = now_s();
    for (int attempt = 0; attempt < 3 && iq && exp; attempt++) {
        struct feed f = {(const uint8_t *)iq, n_iq, (size_t)(1.2 * RATE_BYTES),
                         (size_t)(2.0 * RATE_BYTES), 0};
        rx.n = 0;
        sbs_run_open(&r, NULL);
        opened = 1;
        done = run_dump1090(bin, fifo, free_port(), &f, &rx, &r, &st);
        if (done != 0)
            break;
        sbs_run_close(&r);
        opened = 0;
        fprintf(stderr, "dump1090 exited before listening (status %d); another port\n", st);
    }
    unlink(fifo);
    rmdir(dir);
    CHECK_INT(done, 1);
    if (done == 1) {
        fprintf(stderr, "dump1090 run: %.1f s, %zu bytes of SBS\n", now_s() - t0, rx.n);
        struct vg_sbs_counts c;
        vg_sbs_counts(r.st, &c);
        sbs_check_expected(&r, &c);
        /* The stream line for line, apart from the times. */
        static char a[400][256], b[400][256];
        size_t na = stripped_lines(rx.buf, rx.n, a, 400);
        size_t nb = stripped_lines(exp, n_exp, b, 400);
        CHECK_INT(na, nb);
        int diff = 0;
        for (size_t i = 0; i < na && i < nb; i++)
            if (strcmp(a[i], b[i]) != 0 && diff++ < 5)
                fprintf(stderr, "line %zu differs:\n  live     %s\n  expected %s\n", i + 1,
                        a[i], b[i]);
        CHECK_INT(diff, 0);
        /* Times: each detection at its arrival, within the run. */
        for (size_t i = 0; i < r.ndet && i < RUN_DET_MAX; i++)
            CHECK(r.det[i].t >= t0 && r.det[i].t <= now_s());
    }
    if (opened)
        sbs_run_close(&r);
    free(rx.buf);
    free(iq);
    free(exp);
}

int main(void)
{
    RUN(case_dump1090_live);
    return test_report();
}
