/* SPDX-License-Identifier: MIT */
/* cop_token.c — the COP's access token: where it lives, how it is made, how it is compared.
 *
 * One token per installation, 32 bytes (256 bits) from /dev/urandom written as 64 lowercase
 * hex digits, in STATE_DIR/cop.token created with O_EXCL and mode 0600 (the directory 0700),
 * so two starts cannot race to two tokens and no other local user can read it. A file that
 * others can read is refused rather than trusted: someone may have copied it around. The
 * comparison looks at every byte whatever the first difference, so the time a refusal takes
 * says nothing about how much of a guess was right. */
#include "publish/cop.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *vg_cop_state_dir(char *buf, size_t cap)
{
    const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
    if (xdg && xdg[0] == '/')
        snprintf(buf, cap, "%s/vigil", xdg);
    else if (home && home[0] == '/')
        snprintf(buf, cap, "%s/.local/state/vigil", home);
    else
        snprintf(buf, cap, "./vigil-state");
    return buf;
}

/* mkdir -p with mode 0700 for what it creates. */
static int make_dirs(const char *dir, struct vg_diag *d)
{
    char p[4096];
    size_t n = strlen(dir);
    if (n == 0 || n >= sizeof p)
        return vg_diag_set(d, VG_EINVAL, "COP: state directory '%s': bad path", dir);
    memcpy(p, dir, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (p[i] != '/' && p[i] != '\0')
            continue;
        char c = p[i];
        p[i] = '\0';
        if (mkdir(p, 0700) && errno != EEXIST)
            return vg_diag_set(d, -errno, "COP: cannot create %s: %s", p, strerror(errno));
        p[i] = c;
    }
    return 0;
}

static int is_hex_token(const char *s, size_t n)
{
    if (n != VG_COP_TOKEN_HEX)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return 0;
    return 1;
}

static int read_token(const char *path, char out[VG_COP_TOKEN_HEX + 1], struct vg_diag *d)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return vg_diag_set(d, -errno, "COP: %s: %s", path, strerror(errno));
    struct stat st;
    char buf[VG_COP_TOKEN_HEX + 2];
    ssize_t n = -1;
    int rc = 0;
    if (fstat(fd, &st) || !S_ISREG(st.st_mode))
        rc = vg_diag_set(d, VG_EINVAL, "COP: %s: not a regular file", path);
    else if (st.st_mode & 077)
        rc = vg_diag_set(d, VG_EINVAL, "COP: %s: readable by others (mode %03o): chmod 600 "
                         "it, or delete it for a new token", path, (unsigned)(st.st_mode & 0777));
    else if ((n = read(fd, buf, sizeof buf)) < 0)
        rc = vg_diag_set(d, -errno, "COP: %s: %s", path, strerror(errno));
    close(fd);
    if (rc)
        return rc;
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
        n--;
    if (!is_hex_token(buf, (size_t)n))
        return vg_diag_set(d, VG_EINVAL, "COP: %s: not a token (64 hex digits): delete it for "
                           "a new one", path);
    memcpy(out, buf, VG_COP_TOKEN_HEX);
    out[VG_COP_TOKEN_HEX] = '\0';
    return 0;
}

static int new_token(char out[VG_COP_TOKEN_HEX + 1], struct vg_diag *d)
{
    unsigned char raw[VG_COP_TOKEN_HEX / 2];
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    size_t got = 0;
    while (fd >= 0 && got < sizeof raw) {
        ssize_t n = read(fd, raw + got, sizeof raw - got);
        if (n <= 0 && errno != EINTR)
            break;
        if (n > 0)
            got += (size_t)n;
    }
    if (fd >= 0)
        close(fd);
    if (got < sizeof raw)
        return vg_diag_set(d, VG_EIO, "COP: cannot read /dev/urandom");
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < sizeof raw; i++) {
        out[2 * i] = hex[raw[i] >> 4];
        out[2 * i + 1] = hex[raw[i] & 15];
    }
    out[VG_COP_TOKEN_HEX] = '\0';
    return 0;
}

int vg_cop_token_load(const char *dir, char out[VG_COP_TOKEN_HEX + 1], int *created,
                      struct vg_diag *d)
{
    char path[4200];
    *created = 0;
    int rc = make_dirs(dir, d);
    if (rc)
        return rc;
    snprintf(path, sizeof path, "%s/cop.token", dir);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST)
            return read_token(path, out, d);
        return vg_diag_set(d, -errno, "COP: %s: %s", path, strerror(errno));
    }
    if ((rc = new_token(out, d))) {
        close(fd);
        unlink(path);
        return rc;
    }
    char line[VG_COP_TOKEN_HEX + 1];
    memcpy(line, out, VG_COP_TOKEN_HEX);
    line[VG_COP_TOKEN_HEX] = '\n';
    if (write(fd, line, sizeof line) != (ssize_t)sizeof line || fsync(fd)) {
        rc = vg_diag_set(d, VG_EIO, "COP: %s: write failed", path);
        close(fd);
        unlink(path);
        return rc;
    }
    close(fd);
    *created = 1;
    return 0;
}

int vg_cop_token_equal(const char *presented, size_t len, const char *expected)
{
    /* Accumulate every difference over the expected length; a wrong length is folded in
     * too, and the loop does not stop early on either. */
    size_t n = strlen(expected);
    unsigned diff = len != n;
    for (size_t i = 0; i < n; i++) {
        unsigned char p = i < len ? (unsigned char)presented[i] : 0;
        diff |= (unsigned)(p ^ (unsigned char)expected[i]);
    }
    return diff == 0;
}
