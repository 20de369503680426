/* Appending JSON values: see json_writer.h.
 *
 * Strings are copied in runs: a run of bytes that need no care (most chat text) costs one
 * memcpy, found 8 bytes at a time. Only the bytes that must change are rewritten, so the
 * output for plain text is the input between quotes. */
#include "core/json_writer.h"

#include "core/utf8.h"

#include "core/alloc.h"

#include <math.h>
#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ONES  UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

/* Bytes that end a plain run: the JSON specials, the HTML-sensitive '<' '>' '&' (so output
 * can sit inside a <script> block) and every non-ASCII byte (checked as UTF-8). */
// clang-format off
static const unsigned char needs_care[256] = {
    [0x00 ... 0x1F] = 1,
    ['"'] = 1, ['\\'] = 1,
    ['<'] = 1, ['>'] = 1, ['&'] = 1,
    [0x80 ... 0xFF] = 1,
};
// clang-format on

/* Short forms JSON allows for some control characters; 0 means write \u00XX. */
static const char short_escape[0x20] = {
    ['\b'] = 'b', ['\f'] = 'f', ['\n'] = 'n', ['\r'] = 'r', ['\t'] = 't',
};

static const char hex_lower[] = "0123456789abcdef";

static inline uint64_t has_byte(uint64_t w, unsigned char c)
{
    uint64_t x = w ^ (ONES * c);
    return (x - ONES) & ~x;
}

/* Non-zero if some byte of w is in needs_care. Exact about "some", which is all we need. */
static inline uint64_t word_needs_care(uint64_t w)
{
    uint64_t below_space = (w - ONES * 0x20) & ~w;
    return (has_byte(w, '"') | has_byte(w, '\\') | has_byte(w, '<') | has_byte(w, '>') |
            has_byte(w, '&') | below_space | w) &
           HIGHS;
}

static void append_escape(oc_buf_t *out, unsigned char c)
{
    char esc[6] = {'\\', 'u', '0', '0', hex_lower[c >> 4], hex_lower[c & 0xF]};
    if (c == '"' || c == '\\') {
        esc[1] = (char)c;
        oc_buf_append(out, esc, 2);
    } else if (c < 0x20 && short_escape[c]) {
        esc[1] = short_escape[c];
        oc_buf_append(out, esc, 2);
    } else {
        oc_buf_append(out, esc, 6);
    }
}

void oc_json_append_string(oc_buf_t *out, const char *s, size_t len)
{
    if (len == 0) {
        oc_buf_append(out, "\"\"", 2);
        return;
    }
    const unsigned char *p = (const unsigned char *)s, *end = p + len, *run = p;
    /* Most strings need no escaping, so this one reservation is usually all. */
    oc_buf_reserve(out, len + 2);
    out->data[out->len++] = '"';
    while (p < end) {
        while (end - p >= 8) {
            uint64_t w;
            memcpy(&w, p, 8);
            if (word_needs_care(w))
                break;
            p += 8;
        }
        while (p < end && !needs_care[*p])
            p++;
        if (p == end)
            break;
        unsigned char c = *p;
        if (c >= 0x80) {
            int n = oc_utf8_sequence(p, end);
            /* U+2028 and U+2029 are E2 80 A8 and E2 80 A9: valid JSON, but line
             * terminators in JavaScript before ES2019. */
            int line_sep = n == 3 && p[0] == 0xE2 && p[1] == 0x80 && (p[2] & 0xFE) == 0xA8;
            if (n > 0 && !line_sep) {
                p += n;
                continue;
            }
            oc_buf_append(out, run, (size_t)(p - run));
            if (n > 0) {
                oc_buf_append(out, p[2] == 0xA8 ? "\\u2028" : "\\u2029", 6);
                p += n;
            } else {
                oc_buf_append(out, "\xEF\xBF\xBD", 3);
                p += -n;
            }
        } else {
            oc_buf_append(out, run, (size_t)(p - run));
            append_escape(out, c);
            p++;
        }
        run = p;
    }
    oc_buf_append(out, run, (size_t)(p - run));
    oc_buf_append_char(out, '"');
}

void oc_json_append_cstr(oc_buf_t *out, const char *s)
{
    oc_json_append_string(out, s, strlen(s));
}

void oc_json_append_i64(oc_buf_t *out, int64_t v)
{
    oc_buf_append_i64(out, v);
}

void oc_json_append_u64(oc_buf_t *out, uint64_t v)
{
    oc_buf_append_u64(out, v);
}

void oc_json_append_bool(oc_buf_t *out, int v)
{
    if (v)
        oc_buf_append(out, "true", 4);
    else
        oc_buf_append(out, "false", 5);
}

void oc_json_append_double(oc_buf_t *out, double v)
{
    if (!isfinite(v)) {
        oc_buf_append(out, "null", 4);
        return;
    }
    /* Whole numbers print like integers ("3", not "3e+00"); -0 becomes "0" since JSON
     * readers differ on "-0". Below 1e15 every such double is an exact int64. */
    if (fabs(v) < 1e15 && v == (double)(int64_t)v) {
        oc_buf_append_i64(out, (int64_t)v);
        return;
    }
    /* Shortest digits that read back as the same double. A normal double survives a trip
     * through any decimal of at most DBL_DIG (15) digits, so if some shorter form round-trips,
     * %.15g (which drops trailing zeros) prints exactly it: trying 15, 16 and 17 digits is
     * enough. Subnormals have fewer digits of precision, so they search from 1. */
    char tmp[40];
    int prec = fabs(v) < DBL_MIN ? 1 : DBL_DIG;
    int n;
    for (;; prec++) {
        n = snprintf(tmp, sizeof(tmp), "%.*g", prec, v);
        if (prec >= 17 || strtod(tmp, NULL) == v)
            break;
    }
    oc_assert(n > 0 && (size_t)n < sizeof(tmp));
    oc_buf_append(out, tmp, (size_t)n);
}
