/* Validating JSON scanner: see json_scan.h.
 *
 * One forward pass per value, no allocation. Nesting is tracked with one bit per level in a
 * uint64_t instead of recursion, so a hostile "[[[[..." costs no C stack and fails at the
 * depth limit. Strings, the bulk of chat traffic, are skipped 8 bytes at a time until a byte
 * that needs a closer look ('"', '\\', a control character or a non-ASCII byte). */
#include "core/json_scan.h"

#include "core/utf8.h"

#include "core/errors.h"

#include <stdint.h>
#include <string.h>

_Static_assert(OC_JSON_MAX_DEPTH >= 1 && OC_JSON_MAX_DEPTH <= 64,
               "the nesting stack holds one bit per level in a uint64_t");

#define WS_MASK                                                                                    \
    ((UINT64_C(1) << ' ') | (UINT64_C(1) << '\t') | (UINT64_C(1) << '\n') | (UINT64_C(1) << '\r'))

#define ONES  UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

/* Hex digit values with bit 4 set, 0 for anything else, so four digits are checked with one
 * AND of their entries. */
static const unsigned char hex_digit[256] = {
    ['0'] = 0x10, ['1'] = 0x11, ['2'] = 0x12, ['3'] = 0x13, ['4'] = 0x14, ['5'] = 0x15,
    ['6'] = 0x16, ['7'] = 0x17, ['8'] = 0x18, ['9'] = 0x19, ['a'] = 0x1a, ['b'] = 0x1b,
    ['c'] = 0x1c, ['d'] = 0x1d, ['e'] = 0x1e, ['f'] = 0x1f, ['A'] = 0x1a, ['B'] = 0x1b,
    ['C'] = 0x1c, ['D'] = 0x1d, ['E'] = 0x1e, ['F'] = 0x1f,
};

static inline const unsigned char *skip_ws(const unsigned char *p, const unsigned char *end)
{
    while (p < end && *p <= ' ' && ((UINT64_C(1) << *p) & WS_MASK))
        p++;
    return p;
}

static inline int is_digit(unsigned char c)
{
    return (unsigned)(c - '0') < 10;
}

/* Non-zero if any of the 8 bytes in w ends a plain run inside a string: '"', '\\', a byte
 * below 0x20 or a byte with the high bit set. The classic has-zero-byte tests are exact about
 * whether some byte matches, which is all the caller needs. */
static inline uint64_t word_has_special(uint64_t w)
{
    uint64_t quote = w ^ (ONES * '"');
    uint64_t bslash = w ^ (ONES * '\\');
    uint64_t zero_quote = (quote - ONES) & ~quote;
    uint64_t zero_bslash = (bslash - ONES) & ~bslash;
    uint64_t below_space = (w - ONES * 0x20) & ~w;
    return (zero_quote | zero_bslash | below_space | w) & HIGHS;
}

/* p is just after an opening quote. Returns the position after the closing quote, or NULL. */
static const unsigned char *scan_string(const unsigned char *p, const unsigned char *end)
{
    for (;;) {
        while (end - p >= 8) {
            uint64_t w;
            memcpy(&w, p, 8); /* one unaligned load on every target we build for */
            if (word_has_special(w))
                break;
            p += 8;
        }
        /* Walk to the special byte (or, near the end, through the tail), handle it and go
         * back to the word loop. */
        for (;;) {
            if (p == end)
                return NULL;
            unsigned char c = *p;
            if (c == '"')
                return p + 1;
            if (c == '\\') {
                if (end - p < 2)
                    return NULL;
                switch (p[1]) {
                case '"':
                case '\\':
                case '/':
                case 'b':
                case 'f':
                case 'n':
                case 'r':
                case 't': p += 2; break;
                case 'u':
                    if (end - p < 6 || !(hex_digit[p[2]] & hex_digit[p[3]] & hex_digit[p[4]] &
                                         hex_digit[p[5]] & 0x10))
                        return NULL;
                    /* A lone surrogate escape is valid syntax (RFC 8259 section 8.2);
                     * oc_json_string_decode is where it becomes an error. */
                    p += 6;
                    break;
                default: return NULL;
                }
                break;
            }
            if (c < 0x20)
                return NULL;
            if (c >= 0x80) {
                int seq = oc_utf8_sequence(p, end);
                size_t n = seq > 0 ? (size_t)seq : 0;
                if (n == 0)
                    return NULL;
                p += n;
                break;
            }
            p++;
        }
    }
}

static const unsigned char *scan_number(const unsigned char *p, const unsigned char *end)
{
    if (*p == '-')
        p++;
    if (p == end)
        return NULL;
    if (*p == '0') {
        p++; /* no leading zeros: "01" ends the number after '0' and fails in the caller */
    } else if (*p >= '1' && *p <= '9') {
        while (++p < end && is_digit(*p))
            ;
    } else {
        return NULL;
    }
    if (p < end && *p == '.') {
        if (++p == end || !is_digit(*p))
            return NULL;
        while (++p < end && is_digit(*p))
            ;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        if (++p < end && (*p == '+' || *p == '-'))
            p++;
        if (p == end || !is_digit(*p))
            return NULL;
        while (++p < end && is_digit(*p))
            ;
    }
    return p;
}

static inline const unsigned char *scan_literal(const unsigned char *p, const unsigned char *end,
                                                const char *word, size_t len)
{
    if ((size_t)(end - p) < len || memcmp(p, word, len) != 0)
        return NULL;
    return p + len;
}

static oc_json_type_t type_of(unsigned char first)
{
    switch (first) {
    case '"': return OC_JSON_STRING;
    case '[': return OC_JSON_ARRAY;
    case '{': return OC_JSON_OBJECT;
    case 't': return OC_JSON_TRUE;
    case 'f': return OC_JSON_FALSE;
    case 'n': return OC_JSON_NULL;
    default: return OC_JSON_NUMBER;
    }
}

/* Scans one value starting exactly at p (no leading white space) with at most max_depth
 * levels of arrays/objects. Returns the position just after it, or NULL if it is not valid.
 *
 * The state machine has three entry points: `value` expects any value, `key` expects a
 * member name and its ':', `next` has just finished a value and looks for ',' or the
 * closing bracket of the innermost container. Bit d of `objects` is set when level d + 1
 * is an object. */
static const unsigned char *scan_value(const unsigned char *p, const unsigned char *end,
                                       unsigned max_depth)
{
    uint64_t objects = 0;
    unsigned depth = 0;

value:
    if (p == end)
        return NULL;
    switch (*p) {
    case '"': p = scan_string(p + 1, end); break;
    case '[':
    case '{': {
        int is_object = *p == '{';
        if (depth == max_depth)
            return NULL;
        if (is_object)
            objects |= UINT64_C(1) << depth;
        else
            objects &= ~(UINT64_C(1) << depth);
        depth++;
        p = skip_ws(p + 1, end);
        if (p < end && *p == (is_object ? '}' : ']')) {
            p++;
            depth--;
            break;
        }
        if (is_object)
            goto key;
        goto value;
    }
    case 't': p = scan_literal(p, end, "true", 4); break;
    case 'f': p = scan_literal(p, end, "false", 5); break;
    case 'n': p = scan_literal(p, end, "null", 4); break;
    case '-':
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7':
    case '8':
    case '9': p = scan_number(p, end); break;
    default: return NULL;
    }
    if (p == NULL)
        return NULL;

next:
    if (depth == 0)
        return p;
    p = skip_ws(p, end);
    if (p == end)
        return NULL;
    int in_object = (objects >> (depth - 1)) & 1;
    if (*p == ',') {
        p = skip_ws(p + 1, end);
        if (in_object)
            goto key;
        goto value;
    }
    if (*p != (in_object ? '}' : ']'))
        return NULL;
    p++;
    depth--;
    goto next;

key:
    if (p == end || *p != '"')
        return NULL;
    p = scan_string(p + 1, end);
    if (p == NULL)
        return NULL;
    p = skip_ws(p, end);
    if (p == end || *p != ':')
        return NULL;
    p = skip_ws(p + 1, end);
    goto value;
}

int oc_json_validate(const char *s, size_t len, oc_json_slice_t *out)
{
    if (len == 0)
        return OC_EPROTO;
    const unsigned char *end = (const unsigned char *)s + len;
    const unsigned char *start = skip_ws((const unsigned char *)s, end);
    const unsigned char *stop = scan_value(start, end, OC_JSON_MAX_DEPTH);
    if (stop == NULL || skip_ws(stop, end) != end)
        return OC_EPROTO;
    if (out != NULL) {
        out->ptr = (const char *)start;
        out->len = (size_t)(stop - start);
        out->type = type_of(*start);
    }
    return 0;
}

int oc_json_array_split(const char *s, size_t len, oc_json_slice_t *items, size_t max_items,
                        size_t *count)
{
    *count = 0;
    if (len == 0)
        return OC_EPROTO;
    const unsigned char *end = (const unsigned char *)s + len;
    const unsigned char *p = skip_ws((const unsigned char *)s, end);
    if (p == end || *p != '[')
        return OC_EPROTO;
    p = skip_ws(p + 1, end);
    size_t n = 0;
    if (p < end && *p == ']') {
        p++;
    } else {
        for (;;) {
            /* The outer array is one level of nesting, so each element gets one less. */
            const unsigned char *stop = scan_value(p, end, OC_JSON_MAX_DEPTH - 1);
            if (stop == NULL)
                return OC_EPROTO;
            if (n < max_items) {
                items[n].ptr = (const char *)p;
                items[n].len = (size_t)(stop - p);
                items[n].type = type_of(*p);
            }
            n++;
            p = skip_ws(stop, end);
            if (p == end)
                return OC_EPROTO;
            if (*p == ']') {
                p++;
                break;
            }
            if (*p != ',')
                return OC_EPROTO;
            p = skip_ws(p + 1, end);
        }
    }
    if (skip_ws(p, end) != end)
        return OC_EPROTO;
    *count = n;
    return 0;
}

/* Content between the quotes of a string slice, or -1 if the slice is not quoted. */
static int string_content(const oc_json_slice_t *str, const unsigned char **p,
                          const unsigned char **end)
{
    if (str == NULL || str->ptr == NULL || str->len < 2 || str->ptr[0] != '"' ||
        str->ptr[str->len - 1] != '"')
        return -1;
    *p = (const unsigned char *)str->ptr + 1;
    *end = (const unsigned char *)str->ptr + str->len - 1;
    return 0;
}

static int read_hex4(const unsigned char *p, const unsigned char *end, unsigned *cp)
{
    if (end - p < 4 ||
        !(hex_digit[p[0]] & hex_digit[p[1]] & hex_digit[p[2]] & hex_digit[p[3]] & 0x10))
        return -1;
    *cp = (unsigned)(hex_digit[p[0]] & 0xF) << 12 | (unsigned)(hex_digit[p[1]] & 0xF) << 8 |
          (unsigned)(hex_digit[p[2]] & 0xF) << 4 | (unsigned)(hex_digit[p[3]] & 0xF);
    return 0;
}

/* Decodes the escape whose backslash is at *pp into 1-4 UTF-8 bytes in utf8[] and advances
 * *pp past it. Returns the byte count, or -1 for a lone surrogate or bad syntax (the latter
 * only if the caller skipped validation: bounds are still checked). */
static int decode_escape(const unsigned char **pp, const unsigned char *end, unsigned char utf8[4])
{
    const unsigned char *p = *pp + 1;
    if (p == end)
        return -1;
    unsigned char c = *p++;
    unsigned cp;
    switch (c) {
    case '"':
    case '\\':
    case '/': utf8[0] = c; break;
    case 'b': utf8[0] = '\b'; break;
    case 'f': utf8[0] = '\f'; break;
    case 'n': utf8[0] = '\n'; break;
    case 'r': utf8[0] = '\r'; break;
    case 't': utf8[0] = '\t'; break;
    case 'u':
        if (read_hex4(p, end, &cp) != 0)
            return -1;
        p += 4;
        if (cp >= 0xD800 && cp <= 0xDFFF) {
            unsigned low;
            /* Only a high surrogate directly followed by an escaped low one is a
             * character; anything else cannot be turned into UTF-8. */
            if (cp >= 0xDC00 || end - p < 6 || p[0] != '\\' || p[1] != 'u' ||
                read_hex4(p + 2, end, &low) != 0 || low < 0xDC00 || low > 0xDFFF)
                return -1;
            p += 6;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        *pp = p;
        if (cp < 0x80) {
            utf8[0] = (unsigned char)cp;
            return 1;
        }
        if (cp < 0x800) {
            utf8[0] = (unsigned char)(0xC0 | cp >> 6);
            utf8[1] = (unsigned char)(0x80 | (cp & 0x3F));
            return 2;
        }
        if (cp < 0x10000) {
            utf8[0] = (unsigned char)(0xE0 | cp >> 12);
            utf8[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
            utf8[2] = (unsigned char)(0x80 | (cp & 0x3F));
            return 3;
        }
        utf8[0] = (unsigned char)(0xF0 | cp >> 18);
        utf8[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
        utf8[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        utf8[3] = (unsigned char)(0x80 | (cp & 0x3F));
        return 4;
    default: return -1;
    }
    *pp = p;
    return 1;
}

int oc_json_string_decode(const oc_json_slice_t *str, oc_buf_t *out)
{
    const unsigned char *p, *end;
    if (string_content(str, &p, &end) != 0)
        return OC_EPROTO;
    if (p == end)
        return 0;
    /* Decoding never lengthens: an escape of 2, 6 or 12 bytes yields 1, at most 3 or 4. So
     * one reservation suffices, and out->len moves only on success: an error appends
     * nothing. */
    oc_buf_reserve(out, (size_t)(end - p));
    unsigned char *w = (unsigned char *)out->data + out->len;
    while (p < end) {
        const unsigned char *bslash = memchr(p, '\\', (size_t)(end - p));
        size_t run = (size_t)((bslash ? bslash : end) - p);
        memcpy(w, p, run);
        w += run;
        p += run;
        if (bslash == NULL)
            break;
        int n = decode_escape(&p, end, w);
        if (n < 0)
            return OC_EPROTO;
        w += n;
    }
    out->len = (size_t)(w - (unsigned char *)out->data);
    return 0;
}

bool oc_json_string_equals(const oc_json_slice_t *str, const char *s)
{
    const unsigned char *p, *end;
    const unsigned char *q = (const unsigned char *)s;
    if (string_content(str, &p, &end) != 0 || s == NULL)
        return false;
    while (p < end) {
        if (*p != '\\') {
            /* Checking for s's terminator first keeps us inside s even if the slice held a
             * raw NUL (it cannot once validated). */
            if (*q == '\0' || *q != *p)
                return false;
            p++;
            q++;
            continue;
        }
        unsigned char utf8[4];
        int n = decode_escape(&p, end, utf8);
        if (n < 0)
            return false;
        for (int i = 0; i < n; i++, q++)
            if (*q == '\0' || *q != utf8[i])
                return false;
    }
    return *q == '\0';
}
