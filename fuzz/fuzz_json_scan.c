/* libFuzzer harness for core/json_scan, core/json_writer and core/base64.
 *
 * Per input it checks, aborting on any disagreement:
 *  - oc_json_validate and oc_json_array_split agree with each other, and each element slice
 *    is itself exactly one valid value of the reported type;
 *  - whatever we accept, cJSON parses too, to the same end, with the same types, numbers
 *    and strings (cJSON is laxer, so the converse is not checked);
 *  - every string decodes to well-formed UTF-8 (checked by an independent decoder below),
 *    oc_json_string_equals agrees with the decoded bytes, and re-encoding with
 *    oc_json_append_string gives valid JSON that decodes to the same bytes;
 *  - the raw input, quoted (with '"', '\\' and control bytes made plain), is a valid JSON
 *    string exactly when it is well-formed UTF-8; oc_json_append_string of the raw input is
 *    always valid JSON and decodes back to the input when that is well-formed UTF-8;
 *  - what oc_json_append_string writes holds no raw control characters, '<', '>', '&',
 *    U+2028 or U+2029;
 *  - base64 encode/decode round-trips the input, and when the input itself decodes as base64
 *    it re-encodes to exactly the input (the decoder is strict: one spelling per value);
 *  - the first 8 bytes as a double print as the shortest string that reads back the same.
 *
 * The one place cJSON (1.7.15 as Debian 12 ships it) refuses valid RFC 8259 JSON: a \u escape
 * of a lone surrogate ("\ud800") is valid syntax (RFC 8259 section 8.2), but cJSON cannot
 * turn it into UTF-8 and fails the whole parse. walk_tokens finds such escapes so the check
 * stays exact. (Upstream 1.7.15 also refused numbers over 63 characters, from a fixed
 * buffer; this build parses them, so they get no exemption.)
 * Build: see CMakeLists.txt (OC_FUZZ=ON), or
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc fuzz/fuzz_json_scan.c \
 *     src/core/json_scan.c src/core/json_writer.c src/core/base64.c src/core/alloc.c \
 *     src/core/buf.c -lcjson -o /tmp/fuzz_json */
#define _GNU_SOURCE /* memmem */

#include "core/base64.h"
#include "core/buf.h"
#include "core/errors.h"
#include "core/json_scan.h"
#include "core/json_writer.h"

#include <cjson/cJSON.h>

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_ITEMS 16

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);               \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

static bool is_ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Well-formed UTF-8 by decoding each code point and checking its value, a different method
 * from the byte-range tables under test. */
static bool reference_utf8_valid(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        size_t n;
        uint32_t cp, min;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            n = 2, cp = c & 0x1F, min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            n = 3, cp = c & 0x0F, min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            n = 4, cp = c & 0x07, min = 0x10000;
        } else {
            return false;
        }
        if (len - i < n)
            return false;
        for (size_t k = 1; k < n; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return false;
            cp = cp << 6 | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += n;
    }
    return true;
}

/* Checks the output of oc_json_append_string: besides being valid (checked by the caller) it
 * holds no raw control characters, '<', '>', '&', U+2028 or U+2029. */
static void check_written(const oc_buf_t *json)
{
    const unsigned char *p = (const unsigned char *)json->data;
    for (size_t i = 0; i < json->len; i++) {
        CHECK(p[i] >= 0x20 && p[i] != '<' && p[i] != '>' && p[i] != '&');
        if (p[i] == 0xE2 && i + 2 < json->len)
            CHECK(!(p[i + 1] == 0x80 && (p[i + 2] == 0xA8 || p[i + 2] == 0xA9)));
    }
}

/* Checks one string slice (already validated). Returns false if it holds a lone surrogate
 * escape, which oc_json_string_decode refuses. */
static bool check_string(const oc_json_slice_t *str)
{
    oc_buf_t dec = OC_BUF_INIT, json = OC_BUF_INIT, again = OC_BUF_INIT;
    if (oc_json_string_decode(str, &dec) != 0) {
        CHECK(dec.len == 0);
        CHECK(!oc_json_string_equals(str, ""));
        oc_buf_free(&dec);
        return false;
    }
    CHECK(dec.len <= str->len - 2);
    for (size_t i = 0; i < str->len; i++)
        CHECK((unsigned char)str->ptr[i] >= 0x20);
    CHECK(reference_utf8_valid((const unsigned char *)dec.data, dec.len));

    if (dec.len == 0 || memchr(dec.data, '\0', dec.len) == NULL) {
        oc_buf_append_char(&dec, '\0');
        CHECK(oc_json_string_equals(str, dec.data));
        dec.data[dec.len - 1] = 'x';
        oc_buf_append_char(&dec, '\0');
        CHECK(!oc_json_string_equals(str, dec.data));
        dec.len -= 2;
        if (dec.len > 0) {
            dec.data[dec.len] = '\0';
            char last = dec.data[dec.len - 1];
            dec.data[dec.len - 1] = '\0';
            CHECK(!oc_json_string_equals(str, dec.data));
            dec.data[dec.len - 1] = last;
        }
    }

    oc_json_append_string(&json, dec.data, dec.len);
    oc_json_slice_t v;
    CHECK(oc_json_validate(json.data, json.len, &v) == 0);
    CHECK(v.type == OC_JSON_STRING && v.ptr == json.data && v.len == json.len);
    check_written(&json);
    CHECK(oc_json_string_decode(&v, &again) == 0);
    CHECK(again.len == dec.len && (dec.len == 0 || memcmp(again.data, dec.data, dec.len) == 0));

    oc_buf_free(&dec);
    oc_buf_free(&json);
    oc_buf_free(&again);
    return true;
}

/* Walks every string (member names included) of the valid text s[0..len): checks each with
 * check_string, and that outside strings the only bytes below 0x20 are JSON white space.
 * Finding the strings needs no care since the text is valid. Returns true if some string
 * holds a lone surrogate escape. */
static bool walk_tokens(const char *s, size_t len)
{
    bool lone_surrogate = false;
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"') {
            size_t start = i++;
            while (s[i] != '"')
                i += s[i] == '\\' ? 2 : 1;
            i++;
            oc_json_slice_t str = {s + start, i - start, OC_JSON_STRING};
            if (!check_string(&str))
                lone_surrogate = true;
        } else {
            CHECK(c >= 0x20 || is_ws(c));
            i++;
        }
    }
    return lone_surrogate;
}

static bool same_type(const cJSON *item, oc_json_type_t type)
{
    switch (type) {
    case OC_JSON_NULL: return cJSON_IsNull(item);
    case OC_JSON_FALSE: return cJSON_IsFalse(item);
    case OC_JSON_TRUE: return cJSON_IsTrue(item);
    case OC_JSON_NUMBER: return cJSON_IsNumber(item);
    case OC_JSON_STRING: return cJSON_IsString(item);
    case OC_JSON_ARRAY: return cJSON_IsArray(item);
    case OC_JSON_OBJECT: return cJSON_IsObject(item);
    default: return false;
    }
}

/* Compares one of our slices with cJSON's item for the same value. */
static void compare_value(const oc_json_slice_t *v, const cJSON *item)
{
    CHECK(item != NULL);
    CHECK(same_type(item, v->type));
    if (v->type == OC_JSON_NUMBER) {
        char *tmp = malloc(v->len + 1);
        memcpy(tmp, v->ptr, v->len);
        tmp[v->len] = '\0';
        double d = strtod(tmp, NULL);
        CHECK(d == item->valuedouble);
        free(tmp);
    } else if (v->type == OC_JSON_STRING) {
        oc_buf_t dec = OC_BUF_INIT;
        CHECK(oc_json_string_decode(v, &dec) == 0);
        /* cJSON's string ends at the first U+0000. */
        const char *nul = dec.len ? memchr(dec.data, '\0', dec.len) : NULL;
        size_t n = nul ? (size_t)(nul - dec.data) : dec.len;
        CHECK(strlen(item->valuestring) == n);
        CHECK(n == 0 || memcmp(item->valuestring, dec.data, n) == 0);
        oc_buf_free(&dec);
    }
}

static void check_with_cjson(const char *s, size_t len, const oc_json_slice_t *top,
                             const oc_json_slice_t *items, size_t count, bool lone_surrogate)
{
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(s, len, &end, 0);
    if (root == NULL) {
        CHECK(lone_surrogate);
        return;
    }
    /* cJSON stops after the value; only white space may follow (cJSON may have skipped
     * some already). */
    CHECK(end != NULL && end >= s && end <= s + len);
    while (end < s + len && is_ws((unsigned char)*end))
        end++;
    CHECK(end == s + len);
    compare_value(top, root);
    if (top->type == OC_JSON_ARRAY) {
        CHECK((size_t)cJSON_GetArraySize(root) == count);
        const cJSON *child = root->child;
        for (size_t i = 0; i < count && i < MAX_ITEMS; i++, child = child->next)
            compare_value(&items[i], child);
    }
    cJSON_Delete(root);
}

static void check_json(const char *s, size_t size)
{
    oc_json_slice_t top = {NULL, 0, OC_JSON_NONE};
    oc_json_slice_t items[MAX_ITEMS];
    size_t count = 12345;
    int rc = oc_json_validate(s, size, &top);
    int rc_split = oc_json_array_split(s, size, items, MAX_ITEMS, &count);
    CHECK(rc == 0 || rc == OC_EPROTO);
    CHECK(rc_split == 0 || rc_split == OC_EPROTO);
    CHECK(rc_split == 0 || count == 0);
    if (rc_split == 0)
        CHECK(rc == 0 && top.type == OC_JSON_ARRAY);
    if (rc != 0)
        return;
    if (top.type == OC_JSON_ARRAY)
        CHECK(rc_split == 0);

    /* The slice is the value exactly: only white space around it. */
    CHECK(top.ptr >= s && top.len > 0 && top.ptr + top.len <= s + size);
    for (const char *p = s; p < top.ptr; p++)
        CHECK(is_ws((unsigned char)*p));
    for (const char *p = top.ptr + top.len; p < s + size; p++)
        CHECK(is_ws((unsigned char)*p));
    CHECK(!is_ws((unsigned char)top.ptr[top.len - 1]));
    oc_json_slice_t again;
    CHECK(oc_json_validate(top.ptr, top.len, &again) == 0);
    CHECK(again.ptr == top.ptr && again.len == top.len && again.type == top.type);

    const char *prev_end = top.ptr + 1;
    for (size_t i = 0; rc_split == 0 && i < count && i < MAX_ITEMS; i++) {
        const oc_json_slice_t *it = &items[i];
        CHECK(it->ptr >= prev_end && it->ptr + it->len < top.ptr + top.len);
        CHECK(oc_json_validate(it->ptr, it->len, &again) == 0);
        CHECK(again.ptr == it->ptr && again.len == it->len && again.type == it->type);
        /* Between elements: white space and exactly one ',' (none before the first). */
        size_t commas = 0;
        for (const char *p = prev_end; p < it->ptr; p++) {
            CHECK(is_ws((unsigned char)*p) || *p == ',');
            commas += *p == ',';
        }
        CHECK(commas == (i == 0 ? 0 : 1));
        prev_end = it->ptr + it->len;
    }
    if (rc_split == 0 && count > 0 && count <= MAX_ITEMS) {
        /* After the last element: white space, then the closing bracket. */
        for (const char *p = prev_end; p < top.ptr + top.len - 1; p++)
            CHECK(is_ws((unsigned char)*p));
    }
    bool lone_surrogate = walk_tokens(top.ptr, top.len);
    check_with_cjson(s, size, &top, items, count, lone_surrogate);
}

static void check_raw_utf8(const uint8_t *data, size_t size)
{
    bool utf8_ok = reference_utf8_valid(data, size);

    /* Quoted, with the bytes that mean something inside a JSON string ('"', '\\', control
     * characters) made plain: valid exactly when the result is well-formed UTF-8. */
    char *q = malloc(size + 2);
    q[0] = '"';
    for (size_t i = 0; i < size; i++)
        q[i + 1] = data[i] < 0x20 || data[i] == '"' || data[i] == '\\' ? 'a' : (char)data[i];
    q[size + 1] = '"';
    bool quoted_ok = reference_utf8_valid((const unsigned char *)q + 1, size);
    CHECK((oc_json_validate(q, size + 2, NULL) == 0) == quoted_ok);
    free(q);

    oc_buf_t json = OC_BUF_INIT, dec = OC_BUF_INIT;
    oc_json_append_string(&json, (const char *)data, size);
    oc_json_slice_t v;
    CHECK(oc_json_validate(json.data, json.len, &v) == 0);
    CHECK(v.type == OC_JSON_STRING && v.len == json.len);
    check_written(&json);
    CHECK(oc_json_string_decode(&v, &dec) == 0);
    CHECK(reference_utf8_valid((const unsigned char *)dec.data, dec.len));
    if (utf8_ok)
        CHECK(dec.len == size && (size == 0 || memcmp(dec.data, data, size) == 0));
    else
        CHECK(memmem(dec.data, dec.len, "\xef\xbf\xbd", 3) != NULL);
    oc_buf_free(&json);
    oc_buf_free(&dec);
}

static void check_base64(const uint8_t *data, size_t size)
{
    size_t enc_len = oc_base64_encoded_len(size);
    char *enc = malloc(enc_len + 1);
    char *url = malloc(enc_len + 1);
    uint8_t *dec = malloc(enc_len / 4 * 3 + 1);
    CHECK(oc_base64_encode(data, size, enc) == enc_len);
    size_t dec_len = 0;
    CHECK(oc_base64_decode(enc, enc_len, dec, &dec_len) == 0);
    CHECK(dec_len == size && (size == 0 || memcmp(dec, data, size) == 0));

    /* URL-safe: the same text with '-' '_' for '+' '/' and no padding. */
    size_t url_len = oc_base64url_encode(data, size, url);
    CHECK(url_len == (4 * size + 2) / 3);
    for (size_t i = 0; i < enc_len; i++) {
        char want = enc[i] == '+' ? '-' : enc[i] == '/' ? '_' : enc[i];
        if (i < url_len)
            CHECK(url[i] == want);
        else
            CHECK(enc[i] == '=');
    }
    free(enc);
    free(url);
    free(dec);

    /* The input as base64: if accepted, it is the one canonical spelling of its bytes. */
    uint8_t *raw = malloc(size / 4 * 3 + 1);
    size_t raw_len = 0;
    if (oc_base64_decode((const char *)data, size, raw, &raw_len) == 0) {
        CHECK(raw_len <= size / 4 * 3);
        char *back = malloc(oc_base64_encoded_len(raw_len) + 1);
        CHECK(oc_base64_encode(raw, raw_len, back) == size);
        CHECK(size == 0 || memcmp(back, data, size) == 0);
        free(back);
    }
    free(raw);
}

static void check_double(const uint8_t *data, size_t size)
{
    if (size < sizeof(double))
        return;
    double v;
    memcpy(&v, data, sizeof(v));
    oc_buf_t b = OC_BUF_INIT;
    oc_json_append_double(&b, v);
    oc_json_slice_t s;
    CHECK(oc_json_validate(b.data, b.len, &s) == 0);
    char *text = oc_buf_steal(&b, NULL);
    if (!isfinite(v)) {
        CHECK(strcmp(text, "null") == 0);
    } else {
        CHECK(s.type == OC_JSON_NUMBER);
        CHECK(strtod(text, NULL) == v);
        if (strpbrk(text, ".e") != NULL) {
            for (int p = 1; p <= 17; p++) {
                char tmp[40];
                snprintf(tmp, sizeof(tmp), "%.*g", p, v);
                if (strtod(tmp, NULL) == v) {
                    CHECK(strcmp(tmp, text) == 0);
                    break;
                }
            }
        }
    }
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check_json((const char *)data, size);
    check_raw_utf8(data, size);
    check_base64(data, size);
    check_double(data, size);
    return 0;
}
