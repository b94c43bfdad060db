/* SPDX-License-Identifier: MIT */
/* cop_internal.h — what the COP's files share: the picture's records, the frame writer and
 * the embedded files. Not for use outside src/publish/cop*.c (and their tests). */
#ifndef VG_PUBLISH_COP_INTERNAL_H
#define VG_PUBLISH_COP_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "base/geo.h"
#include "publish/cop.h"

/* One track as the picture needs it (the covariance and history stay with the engine). */
struct vg__cop_track {
    uint64_t id;
    double x[6];              /* e, n, u (m), ve, vn, vu (m/s), ENU */
    float threat;             /* 0..1 */
    uint8_t cls, status, link;
    int8_t coop;              /* −1 unknown, 0 no, 1 yes */
    char coop_id[24];
};

/* One live alert with what came with its latest event. */
struct vg__cop_alert {
    struct vg_alert a;
    char zone[VG_ID_MAX];
    struct vg_advice adv[VG_COP_ADVICE];
    size_t nadv;
    uint64_t mem[VG_COP_MEMBERS];
    size_t nmem, nmem_total;  /* kept / reported */
    int cleared_by_operator;  /* 1: a CLEARED event with ack_by set came from the engine */
};

/* A growing byte buffer whose first `pre` bytes are left free (lws needs LWS_PRE bytes
 * before a WebSocket payload). Grows, never shrinks: one buffer serves every frame. */
struct vg__cop_buf {
    char *p;
    size_t pre, n, cap;       /* n counts payload bytes after pre */
    int oom;                  /* a growth failed: the content is incomplete */
};

void vg__cop_buf_init(struct vg__cop_buf *b, size_t pre);
void vg__cop_buf_fini(struct vg__cop_buf *b);
void vg__cop_buf_reset(struct vg__cop_buf *b);
void vg__cop_buf_put(struct vg__cop_buf *b, const char *s, size_t n);
void vg__cop_buf_puts(struct vg__cop_buf *b, const char *s);
void vg__cop_buf_fixed(struct vg__cop_buf *b, double v, int decimals); /* "null" if !finite */
void vg__cop_buf_u64(struct vg__cop_buf *b, uint64_t v);
void vg__cop_buf_str(struct vg__cop_buf *b, const char *s); /* a JSON string, escaped */
static inline char *vg__cop_buf_data(struct vg__cop_buf *b) { return b->p + b->pre; }

/* One picture frame (docs/cop.md "Wire"): tracks converted to WGS-84 in the site frame. */
void vg__cop_frame_write(struct vg__cop_buf *b, uint64_t seq, double t, double wall,
                         const struct vg_enu_frame *frame, const struct vg__cop_track *trk,
                         size_t n, const struct vg__cop_alert *al, size_t nal);

/* One action message from a client, {"op":"ack"|"clear","alert":ID,"who":NAME} (at most a
 * few hundred bytes; the caller bounds n). 0 with a's op, alert and who set (peer and
 * t_wall left to the caller), or -1 with *error a static reason; a->op is then -1 unless
 * the op was understood, a->alert "" unless the id was valid. */
int vg__cop_action_parse(const char *buf, size_t n, struct vg_cop_action *a, const char **error);

/* An embedded file of the page. */
struct vg__cop_file {
    const char *path;         /* URL path, "/" for the page */
    const char *type;         /* Content-Type */
    const unsigned char *data;
    const size_t *len;
};
const struct vg__cop_file *vg__cop_file_find(const char *path);

#endif
