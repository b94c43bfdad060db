/* SPDX-License-Identifier: MIT */
/* err.c — messages and names for the VG_E* codes, and the diagnostic buffer writer. */
#include "base/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *vg_strerror(int err)
{
    switch (err) {
    case VG_OK:
        return "success";
#define VG_ERR_MSG(name, code, msg) \
    case code:                      \
        return msg;
        VG_ERRNO_MAP(VG_ERR_MSG)
#undef VG_ERR_MSG
    default:
        return err < 0 && err > -4000 ? strerror(-err) : "unknown error";
    }
}

const char *vg_err_name(int err)
{
    switch (err) {
    case VG_OK:
        return "VG_OK";
#define VG_ERR_NAME(name, code, msg) \
    case code:                       \
        return "VG_E" #name;
        VG_ERRNO_MAP(VG_ERR_NAME)
#undef VG_ERR_NAME
    default:
        return "VG_E?";
    }
}

int vg_diag_set(struct vg_diag *d, int err, const char *fmt, ...)
{
    if (d) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(d->msg, sizeof d->msg, fmt, ap);
        va_end(ap);
    }
    return err;
}
