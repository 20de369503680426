/* Client JSON field readers: see json_fields.h. */
#include "core/json_fields.h"

#include "core/errors.h"
#include "core/id.h"

#include <stdio.h>
#include <string.h>

bool oc_json_has_nul_escape(const char *s, size_t len)
{
    for (size_t i = 0; i + 1 < len; i++) {
        if (s[i] != '\\')
            continue;
        if (s[i + 1] == 'u' && i + 5 < len && memcmp(s + i + 2, "0000", 4) == 0)
            return true;
        i++; /* skip the escaped character (an escaped backslash included) */
    }
    return false;
}

cJSON *oc_json_parse_object(const char *s, size_t len)
{
    if (s == NULL || oc_json_has_nul_escape(s, len))
        return NULL;
    cJSON *v = cJSON_ParseWithLength(s, len);
    if (!cJSON_IsObject(v)) {
        cJSON_Delete(v);
        return NULL;
    }
    return v;
}

static const cJSON *field_of(const cJSON *obj, const char *field)
{
    const cJSON *v = obj ? cJSON_GetObjectItemCaseSensitive(obj, field) : NULL;
    return cJSON_IsNull(v) ? NULL : v;
}

static bool id_value(const cJSON *v, int64_t *out)
{
    if (cJSON_IsString(v))
        return oc_id_parse(v->valuestring, strlen(v->valuestring), out);
    if (cJSON_IsNumber(v) && v->valuedouble >= 1 && v->valuedouble < 9007199254740992.0 &&
        (double)(int64_t)v->valuedouble == v->valuedouble) {
        *out = (int64_t)v->valuedouble;
        return true;
    }
    return false;
}

int oc_field_id(const cJSON *obj, const char *field, bool required, int64_t *out, char *msg,
                size_t cap)
{
    *out = 0;
    const cJSON *v = field_of(obj, field);
    if (v == NULL) {
        if (!required)
            return 0;
        snprintf(msg, cap, "%s is required.", field);
        return OC_EINVAL;
    }
    if (id_value(v, out))
        return 0;
    *out = 0;
    snprintf(msg, cap, "%s must be an id.", field);
    return OC_EINVAL;
}

int oc_field_text(const cJSON *obj, const char *field, bool required, const char **out, size_t *len,
                  char *msg, size_t cap)
{
    *out = NULL;
    *len = 0;
    const cJSON *v = field_of(obj, field);
    if (v == NULL) {
        if (!required)
            return 0;
        snprintf(msg, cap, "%s is required.", field);
        return OC_EINVAL;
    }
    if (!cJSON_IsString(v)) {
        snprintf(msg, cap, "%s must be a string.", field);
        return OC_EINVAL;
    }
    *out = v->valuestring;
    *len = strlen(v->valuestring);
    return 0;
}

int oc_field_ids(const cJSON *obj, const char *field, int64_t *out, size_t max, size_t *n,
                 char *msg, size_t cap)
{
    *n = 0;
    const cJSON *v = field_of(obj, field);
    if (v == NULL)
        return 0;
    if (!cJSON_IsArray(v)) {
        snprintf(msg, cap, "%s must be an array of ids.", field);
        return OC_EINVAL;
    }
    if ((size_t)cJSON_GetArraySize(v) > max) {
        snprintf(msg, cap, "%s may hold at most %zu ids.", field, max);
        return OC_EINVAL;
    }
    const cJSON *item;
    cJSON_ArrayForEach(item, v)
    {
        int64_t id;
        if (!id_value(item, &id)) {
            snprintf(msg, cap, "%s must be an array of ids.", field);
            return OC_EINVAL;
        }
        for (size_t i = 0; i < *n; i++) {
            if (out[i] == id) {
                snprintf(msg, cap, "%s names the same id twice.", field);
                return OC_EINVAL;
            }
        }
        out[(*n)++] = id;
    }
    return 0;
}
