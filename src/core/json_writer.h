/* Appending JSON to a byte buffer.
 *
 * The counterpart of json_scan.h for output: responses and packets are written straight
 * into an oc_buf_t without building a tree. Callers place the punctuation themselves
 * ('{', ',', ':'); these functions write the values that need care. */
#ifndef OC_CORE_JSON_WRITER_H
#define OC_CORE_JSON_WRITER_H

#include "core/buf.h"

#include <stddef.h>
#include <stdint.h>

/* Appends s[0..len) as a quoted JSON string. '"', '\\' and control characters are escaped;
 * U+2028/U+2029 are escaped too so the output is safe to embed in a <script>; '<', '>' and
 * '&' are escaped as \u003c etc. Invalid UTF-8 bytes are replaced with U+FFFD so the output
 * is always valid JSON. */
void oc_json_append_string(oc_buf_t *out, const char *s, size_t len);
void oc_json_append_cstr(oc_buf_t *out, const char *s);
void oc_json_append_i64(oc_buf_t *out, int64_t v);
void oc_json_append_u64(oc_buf_t *out, uint64_t v);
/* A finite double in shortest round-trip form; NaN and infinities are written as null. */
void oc_json_append_double(oc_buf_t *out, double v);
void oc_json_append_bool(oc_buf_t *out, int v);

#endif
