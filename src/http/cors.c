/* Origin allow-list: see cors.h. */
#include "http/cors.h"

#include "core/alloc.h"
#include "core/errors.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool is_origin(const char *s, size_t len)
{
    const char *rest;
    if (len > 7 && strncasecmp(s, "http://", 7) == 0)
        rest = s + 7;
    else if (len > 8 && strncasecmp(s, "https://", 8) == 0)
        rest = s + 8;
    else
        return false;
    for (const char *p = rest; p < s + len; p++) {
        if (!isalnum((unsigned char)*p) && *p != '.' && *p != '-' && *p != ':' && *p != '[' &&
            *p != ']')
            return false;
    }
    return rest < s + len;
}

int oc_cors_init(oc_cors_t *cors, const char *list)
{
    memset(cors, 0, sizeof(*cors));
    const char *p = list;
    while (*p) {
        while (*p == ' ' || *p == ',' || *p == '\t')
            p++;
        const char *start = p;
        while (*p && *p != ',')
            p++;
        const char *end = p;
        while (end > start && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '/'))
            end--;
        size_t len = (size_t)(end - start);
        if (len == 0)
            continue;
        if (len == 1 && *start == '*') {
            cors->any = true;
            continue;
        }
        if (!is_origin(start, len)) {
            oc_cors_free(cors);
            return OC_EINVAL;
        }
        cors->origins = oc_xrealloc(cors->origins, (cors->count + 1) * sizeof(char *));
        char *o = oc_xstrndup(start, len);
        for (char *q = o; *q; q++)
            *q = (char)tolower((unsigned char)*q);
        cors->origins[cors->count++] = o;
    }
    return 0;
}

void oc_cors_free(oc_cors_t *cors)
{
    if (cors == NULL)
        return;
    for (size_t i = 0; i < cors->count; i++)
        free(cors->origins[i]);
    free(cors->origins);
    memset(cors, 0, sizeof(*cors));
}

oc_cors_match_t oc_cors_match(const oc_cors_t *cors, const char *origin, size_t len)
{
    for (size_t i = 0; i < cors->count; i++) {
        if (strlen(cors->origins[i]) == len && strncasecmp(cors->origins[i], origin, len) == 0)
            return OC_CORS_LISTED;
    }
    return cors->any ? OC_CORS_ANY : OC_CORS_NONE;
}

bool oc_cors_same_origin(const char *origin, size_t origin_len, const char *host, size_t host_len)
{
    size_t skip;
    if (origin_len > 7 && strncasecmp(origin, "http://", 7) == 0)
        skip = 7;
    else if (origin_len > 8 && strncasecmp(origin, "https://", 8) == 0)
        skip = 8;
    else
        return false;
    return host_len > 0 && origin_len - skip == host_len &&
           strncasecmp(origin + skip, host, host_len) == 0;
}
