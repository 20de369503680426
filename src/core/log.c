/* Leveled logging: see log.h. */
#include "core/log.h"

#include "core/errors.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <time.h>

oc_log_level_t oc_log_level = OC_LOG_INFO;

static const char *const level_names[] = {"debug", "info", "warn", "error"};

void oc_log_set_level(oc_log_level_t level)
{
    oc_log_level = level;
}

int oc_log_parse_level(const char *name, oc_log_level_t *out)
{
    for (int i = 0; i < 4; i++) {
        if (strcasecmp(name, level_names[i]) == 0) {
            *out = (oc_log_level_t)i;
            return 0;
        }
    }
    if (strcasecmp(name, "warning") == 0) {
        *out = OC_LOG_WARN;
        return 0;
    }
    return OC_EINVAL;
}

const char *oc_log_level_name(oc_log_level_t level)
{
    return level_names[level <= OC_LOG_ERROR ? level : OC_LOG_ERROR];
}

void oc_log_write(oc_log_level_t level, const char *module, const char *fmt, ...)
{
    char line[2048];
    struct timeval tv;
    struct tm tm;
    gettimeofday(&tv, NULL);
    gmtime_r(&tv.tv_sec, &tm);
    int n = snprintf(line, sizeof(line),
                     "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ %-5s %s: ", tm.tm_year + 1900,
                     tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                     (int)(tv.tv_usec / 1000), oc_log_level_name(level), module);
    va_list ap;
    va_start(ap, fmt);
    int m = vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
    va_end(ap);
    size_t len = (size_t)n + (m < 0 ? 0
                                    : ((size_t)m < sizeof(line) - (size_t)n - 2
                                           ? (size_t)m
                                           : sizeof(line) - (size_t)n - 2));
    line[len++] = '\n';
    /* One write() per record so concurrent processes do not interleave within a line. */
    fwrite(line, 1, len, stderr);
    fflush(stderr);
}
