/* SPDX-License-Identifier: MIT */
/* jsonl_internal.h — what jsonl.c (the line parser) and jsonl_reader.c (the file reader)
 * share. */
#ifndef VG_SENSE_JSONL_INTERNAL_H
#define VG_SENSE_JSONL_INTERNAL_H

#include <stddef.h>

#include "base/err.h"

#define JSONL_LINE_MAX ((size_t)1 << 20) /* bytes of one line, its "\n" or "\r\n" not counted */

/* VG_ERANGE with "line of N bytes is longer than the M accepted". */
int vg__jsonl_too_long(size_t n, struct vg_diag *d);

#endif
