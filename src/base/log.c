/* SPDX-License-Identifier: MIT */
/* log.c — leveled, timestamped log lines on stderr (see log.h). Each line is formatted into
 * one buffer and written with one fputs, so lines from a helper thread never interleave
 * inside a line. */
#include "base/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static int log_level = VG_LOG_INFO;

static const char *const names[] = {"error", "warn", "info", "debug"};

void vg_log_set_level(int level)
{
    log_level = level < VG_LOG_ERROR ? VG_LOG_ERROR : level > VG_LOG_DEBUG ? VG_LOG_DEBUG : level;
}

int vg_log_level(void) { return log_level; }

int vg_log_level_from_name(const char *name)
{
    for (int i = 0; i <= VG_LOG_DEBUG; i++)
        if (!strcmp(name, names[i]))
            return i;
    if (!strcmp(name, "warning"))
        return VG_LOG_WARN;
    return -1;
}

const char *vg_log_level_name(int level)
{
    return level >= 0 && level <= VG_LOG_DEBUG ? names[level] : "?";
}

int vg_log_enabled(int level) { return level <= log_level; }

static void vlog(int level, const char *fmt, va_list ap)
{
    char line[2048];
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    size_t n = strftime(line, sizeof line, "%Y-%m-%dT%H:%M:%S", &tm);
    n += (size_t)snprintf(line + n, sizeof line - n, ".%03ldZ %-5s ", ts.tv_nsec / 1000000L,
                          vg_log_level_name(level));
    int m = vsnprintf(line + n, sizeof line - n - 1, fmt, ap);
    /* Truncated messages keep their start; the line always ends in one newline. */
    n = m < 0 ? n : n + (size_t)m > sizeof line - 2 ? sizeof line - 2 : n + (size_t)m;
    line[n++] = '\n';
    line[n] = '\0';
    fputs(line, stderr);
}

void vg_log(int level, const char *fmt, ...)
{
    if (level > log_level)
        return;
    va_list ap;
    va_start(ap, fmt);
    vlog(level, fmt, ap);
    va_end(ap);
}

void vg_log_always(int level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vlog(level, fmt, ap);
    va_end(ap);
}
