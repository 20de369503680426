/* Reading the fields of a client's JSON object (parsed with cJSON) the same way everywhere:
 * REST bodies and socket event payloads.
 *
 * Each reader returns 0, or OC_EINVAL with a message for the user in msg (naming the field);
 * an absent or null optional field is 0 with the "none" value. Not for trusted JSON. */
#ifndef OC_CORE_JSON_FIELDS_H
#define OC_CORE_JSON_FIELDS_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True if JSON text holds a \u0000 escape. */
bool oc_json_has_nul_escape(const char *s, size_t len);
/* Parses text that must be one JSON object; NULL when it is not one or when it holds a
 * \u0000 escape (cJSON would cut the string there, so what is checked would not be what the
 * client sent). The caller frees with cJSON_Delete. */
cJSON *oc_json_parse_object(const char *s, size_t len);

/* An id given as a decimal string, or a number below 2^53 (0 when absent). */
int oc_field_id(const cJSON *obj, const char *field, bool required, int64_t *out, char *msg,
                size_t cap);
/* A string as given (no trimming): *out borrows from obj, *len its bytes (NULL when
 * absent). */
int oc_field_text(const cJSON *obj, const char *field, bool required, const char **out, size_t *len,
                  char *msg, size_t cap);
/* An array of at most max ids (no repeats); *n gets the count (0 when absent). */
int oc_field_ids(const cJSON *obj, const char *field, int64_t *out, size_t max, size_t *n,
                 char *msg, size_t cap);

#endif
