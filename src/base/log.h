/* SPDX-License-Identifier: MIT */
/* log.h — leveled log lines on stderr: "2026-11-21T15:10:18.123Z warn  input r1: ...".
 *
 * The live engine is a long-running service whose operators read its stderr (or journald,
 * which takes stderr): one line per event, UTC timestamp with milliseconds, the level, then
 * the message. The level is the process's one setting (like syslog's mask): a file-scope
 * variable set once at start-up from the config or -q/-v, read by every vg_log call. */
#ifndef VG_BASE_LOG_H
#define VG_BASE_LOG_H

enum vg_log_level { VG_LOG_ERROR = 0, VG_LOG_WARN, VG_LOG_INFO, VG_LOG_DEBUG };

void vg_log_set_level(int level);
int vg_log_level(void);
/* "error", "warn", "info", "debug" → level; -1 for anything else. */
int vg_log_level_from_name(const char *name);
const char *vg_log_level_name(int level);

/* 1 if a message at this level would be written (to skip formatting costs). */
int vg_log_enabled(int level);

void vg_log(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The same whatever the level setting (a service's final summary). */
void vg_log_always(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define vg_log_error(...) vg_log(VG_LOG_ERROR, __VA_ARGS__)
#define vg_log_warn(...) vg_log(VG_LOG_WARN, __VA_ARGS__)
#define vg_log_info(...) vg_log(VG_LOG_INFO, __VA_ARGS__)
#define vg_log_debug(...) vg_log(VG_LOG_DEBUG, __VA_ARGS__)

#endif
