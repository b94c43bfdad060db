/* SPDX-License-Identifier: MIT */
/* err.h — Vigil's one error convention: 0 or a negative VG_E* code.
 *
 * Following libuv, system failures are the negated errno; Vigil's own failures take codes
 * below -4000 so they never collide with errno values. Names and messages come from one
 * X-macro list so vg_strerror() and vg_err_name() cannot drift from the enum.
 *
 * Where a failure has a place (file:line, sensor id, byte offset), the callee also writes a
 * one-line message into a caller-owned struct vg_diag (Redis anet.c style: a fixed buffer,
 * never an allocation), so error paths work even when memory is exhausted. */
#ifndef VG_ERR_H
#define VG_ERR_H

#include <errno.h>
#include <stddef.h>

#define VG_ERRNO_MAP(X)                                                        \
    X(NOMEM, -ENOMEM, "out of memory")                                         \
    X(INVAL, -EINVAL, "invalid argument")                                      \
    X(NOENT, -ENOENT, "no such file or directory")                             \
    X(IO, -EIO, "input/output error")                                          \
    X(RANGE, -ERANGE, "value out of range")                                    \
    X(EXIST, -EEXIST, "already exists")                                        \
    X(PARSE, -4001, "malformed input")                                         \
    X(TRUNC, -4002, "truncated input")                                         \
    X(CRC, -4003, "checksum mismatch")                                         \
    X(NOTSPD, -4004, "matrix not symmetric positive definite")                 \
    X(UNKSENSOR, -4005, "unknown sensor")                                      \
    X(FULL, -4006, "capacity exhausted")                                       \
    X(UNSUPPORTED, -4007, "unsupported")

enum vg_err {
    VG_OK = 0,
#define VG_ERR_ENUM(name, code, msg) VG_E##name = (code),
    VG_ERRNO_MAP(VG_ERR_ENUM)
#undef VG_ERR_ENUM
};

/* Human-readable message for a VG_E* code (or any negated errno). Never NULL. */
const char *vg_strerror(int err);
/* Short symbolic name such as "VG_EPARSE". Never NULL. */
const char *vg_err_name(int err);

/* Where and why something failed, written by the callee into the caller's buffer.
 * Convention for msg: "PLACE: reason", e.g. "dets.jsonl:17: 'range' is not a number". */
#define VG_DIAG_MAX 512
struct vg_diag {
    char msg[VG_DIAG_MAX]; /* NUL-terminated, truncated if longer */
};

/* printf-style into d->msg (d may be NULL: then nothing is written). Returns err so that
 * callers can write `return vg_diag_set(d, VG_EPARSE, "%s:%d: ...", ...)`. */
int vg_diag_set(struct vg_diag *d, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
