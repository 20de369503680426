/* Leveled logging to standard error.
 *
 * One line per record: UTC time, level, module, message. Records below the configured level
 * cost one comparison. This is for operators reading a terminal or a journal; metrics live in
 * metrics.h. */
#ifndef OC_CORE_LOG_H
#define OC_CORE_LOG_H

typedef enum oc_log_level {
    OC_LOG_DEBUG = 0,
    OC_LOG_INFO = 1,
    OC_LOG_WARN = 2,
    OC_LOG_ERROR = 3,
} oc_log_level_t;

extern oc_log_level_t oc_log_level;

void oc_log_set_level(oc_log_level_t level);
/* Parses "debug", "info", "warn" or "error". Returns 0 or OC_EINVAL. */
int oc_log_parse_level(const char *name, oc_log_level_t *out);
const char *oc_log_level_name(oc_log_level_t level);

void oc_log_write(oc_log_level_t level, const char *module, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define OC_LOG(level, module, ...)                                                                 \
    do {                                                                                           \
        if ((level) >= oc_log_level)                                                               \
            oc_log_write((level), (module), __VA_ARGS__);                                          \
    } while (0)
#define oc_log_debug(module, ...) OC_LOG(OC_LOG_DEBUG, module, __VA_ARGS__)
#define oc_log_info(module, ...)  OC_LOG(OC_LOG_INFO, module, __VA_ARGS__)
#define oc_log_warn(module, ...)  OC_LOG(OC_LOG_WARN, module, __VA_ARGS__)
#define oc_log_error(module, ...) OC_LOG(OC_LOG_ERROR, module, __VA_ARGS__)

#endif
