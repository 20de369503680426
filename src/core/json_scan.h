/* Validating JSON scanner for the hot path.
 *
 * Socket.IO packets carry JSON. The server rarely needs a tree: it needs to know the text is
 * valid JSON, to find the top-level array elements (event name, arguments), and to copy the
 * argument bytes verbatim into outgoing packets. This scanner does that in one pass without
 * allocating. Code that needs structure parses a slice with cJSON instead. It is strict
 * RFC 8259: no comments, no trailing commas, no leading zeros, no NaN, valid UTF-8, no
 * unescaped control characters, nesting at most OC_JSON_MAX_DEPTH. */
#ifndef OC_CORE_JSON_SCAN_H
#define OC_CORE_JSON_SCAN_H

#include "core/buf.h"

#include <stdbool.h>
#include <stddef.h>

#define OC_JSON_MAX_DEPTH 64

typedef enum oc_json_type {
    OC_JSON_NONE = 0,
    OC_JSON_NULL,
    OC_JSON_FALSE,
    OC_JSON_TRUE,
    OC_JSON_NUMBER,
    OC_JSON_STRING,
    OC_JSON_ARRAY,
    OC_JSON_OBJECT,
} oc_json_type_t;

/* A borrowed view of one JSON value inside a larger text: ptr/len cover the value exactly
 * (no surrounding white space; a string includes its quotes). */
typedef struct oc_json_slice {
    const char *ptr;
    size_t len;
    oc_json_type_t type;
} oc_json_slice_t;

/* Checks that s[0..len) is exactly one JSON value, optionally surrounded by white space.
 * Returns 0 or OC_EPROTO. If out is not NULL it receives the value's slice. */
int oc_json_validate(const char *s, size_t len, oc_json_slice_t *out);

/* Splits a top-level JSON array into its elements. s[0..len) must be one valid JSON array
 * (white space around it allowed). Writes at most max_items slices to items and the element
 * count to *count (which may exceed max_items: the caller decides whether that is an
 * error). Returns 0 or OC_EPROTO (invalid JSON, or not an array). */
int oc_json_array_split(const char *s, size_t len, oc_json_slice_t *items, size_t max_items,
                        size_t *count);

/* Decodes a JSON string slice (with its quotes, already validated) into UTF-8 bytes appended
 * to out; \u escapes (with surrogate pairs) become UTF-8. Returns 0 or OC_EPROTO (a lone
 * surrogate, or not a string). */
int oc_json_string_decode(const oc_json_slice_t *str, oc_buf_t *out);

/* True if the string slice `str` equals the C string `s` after unescaping. */
bool oc_json_string_equals(const oc_json_slice_t *str, const char *s);

#endif
