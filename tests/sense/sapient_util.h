/* SPDX-License-Identifier: MIT */
/* sapient_util.h — what the SAPIENT tests share: a session with captured output, and protoc
 * (the reference protobuf implementation) as the independent peer that reads and writes
 * SapientMessages from the standard's schema in proto/sapient. */
#ifndef VG_TEST_SAPIENT_UTIL_H
#define VG_TEST_SAPIENT_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sense/sapient.h"
#include "test.h"

#define SAPIENT_TYPE "sapient_msg.bsi_flex_335_v2_0.SapientMessage"
#define PROTOC_ARGS "-I proto/sapient proto/sapient/sapient_message.proto"

struct cap {
    struct vg_detection det[16];
    int ndet;
    uint8_t reply[8192];
    size_t nreply;
    int nreplies;
    char json[1 << 16];
    size_t njson;
};

static void cap_emit(void *u, const struct vg_detection *det)
{
    struct cap *c = u;
    if (c->ndet < 16)
        c->det[c->ndet] = *det;
    c->ndet++;
}

static int cap_reply(void *u, const void *buf, size_t len)
{
    struct cap *c = u;
    if (len > sizeof c->reply - c->nreply)
        return VG_ERANGE;
    memcpy(c->reply + c->nreply, buf, len);
    c->nreply += len;
    c->nreplies++;
    return 0;
}

static void cap_describe(void *u, const char *json, size_t len)
{
    struct cap *c = u;
    c->njson = len < sizeof c->json - 1 ? len : sizeof c->json - 1;
    memcpy(c->json, json, c->njson);
    c->json[c->njson] = '\0';
}

/* One unit through the decoder with everything captured (c is reset first). */
static inline int feed(void *st, const uint8_t *buf, size_t len, struct cap *c, struct vg_diag *d)
{
    memset(c, 0, sizeof *c);
    struct vg_decode_io io = {cap_emit, cap_describe, cap_reply, c, 1700000000.0};
    d->msg[0] = '\0';
    return vg_decoder_sapient.decode(st, buf, len, &io, d);
}

static inline uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* A temporary file holding len bytes; returns its path in path[64]. */
static inline int tmp_write(char path[64], const void *buf, size_t len)
{
    snprintf(path, 64, "/tmp/vg_sapient_XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0)
        return -1;
    FILE *f = fdopen(fd, "wb");
    int ok = f && fwrite(buf, 1, len, f) == len;
    if (f)
        fclose(f);
    return ok ? 0 : -1;
}

static inline size_t tmp_read(const char *path, void *buf, size_t cap)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t n = fread(buf, 1, cap - 1, f);
    fclose(f);
    ((char *)buf)[n] = '\0';
    return n;
}

/* protoc's text format of one SapientMessage (no length prefix); 0 on success. */
static inline int protoc_decode(const uint8_t *msg, size_t len, char *text, size_t cap)
{
    char in[64], out[64], cmd[512];
    if (tmp_write(in, msg, len) < 0 || tmp_write(out, "", 0) < 0)
        return -1;
    snprintf(cmd, sizeof cmd, "protoc --decode=%s %s < %s > %s", SAPIENT_TYPE, PROTOC_ARGS,
             in, out);
    int rc = system(cmd);
    tmp_read(out, text, cap);
    unlink(in);
    unlink(out);
    return rc;
}

/* The wire bytes protoc makes of a text-format SapientMessage; returns the length or -1. */
static inline long protoc_encode(const char *text, uint8_t *msg, size_t cap)
{
    char in[64], out[64], cmd[512];
    if (tmp_write(in, text, strlen(text)) < 0 || tmp_write(out, "", 0) < 0)
        return -1;
    snprintf(cmd, sizeof cmd, "protoc --encode=%s %s < %s > %s", SAPIENT_TYPE, PROTOC_ARGS,
             in, out);
    int rc = system(cmd);
    long n = (long)tmp_read(out, msg, cap);
    unlink(in);
    unlink(out);
    return rc == 0 ? n : -1;
}

/* The number after "key: " following the first occurrence of `after` in text (NAN if none). */
static inline double text_num(const char *text, const char *after, const char *key)
{
    const char *p = after ? strstr(text, after) : text;
    if (!p)
        return NAN;
    char k[64];
    snprintf(k, sizeof k, "%s: ", key);
    for (p = strstr(p, k); p; p = strstr(p + 1, k))
        if (p == text || p[-1] == ' ' || p[-1] == '\n')
            return strtod(p + strlen(k), NULL);
    return NAN;
}

#endif
