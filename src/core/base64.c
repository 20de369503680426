/* Base64 (RFC 4648): see base64.h.
 *
 * Table-driven, three bytes <-> four characters per step. The decoder accepts exactly one
 * spelling of each byte string (the one the encoder produces), so a decoded value can be
 * compared or re-encoded without surprises. */
#include "core/base64.h"

#include "core/alloc.h"

#include "core/errors.h"

#include <stdlib.h>

static const char std_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char url_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* Value of each standard-alphabet character; X (high bit set) for everything else, '='
 * included, so OR-ing four entries tells at once whether a quantum is clean. */
#define X 0xFF
// clang-format off
static const uint8_t sextet[256] = {
     X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,
     X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,
     X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X, 62,  X,  X,  X, 63,
    52, 53, 54, 55, 56, 57, 58, 59, 60, 61,  X,  X,  X,  X,  X,  X,
     X,  0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14,
    15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25,  X,  X,  X,  X,  X,
     X, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
    41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51,  X,  X,  X,  X,  X,
     X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,
     X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,
     X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,
     X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,
     X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,
     X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,
     X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,
     X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,
};
// clang-format on
#undef X

static size_t encode(const uint8_t *in, size_t n, char *out, const char *alphabet, int pad)
{
    char *w = out;
    size_t i = 0;
    for (; n - i >= 3; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
        w[0] = alphabet[v >> 18];
        w[1] = alphabet[(v >> 12) & 63];
        w[2] = alphabet[(v >> 6) & 63];
        w[3] = alphabet[v & 63];
        w += 4;
    }
    if (n - i == 1) {
        uint32_t v = (uint32_t)in[i] << 16;
        *w++ = alphabet[v >> 18];
        *w++ = alphabet[(v >> 12) & 63];
        if (pad) {
            *w++ = '=';
            *w++ = '=';
        }
    } else if (n - i == 2) {
        uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8;
        *w++ = alphabet[v >> 18];
        *w++ = alphabet[(v >> 12) & 63];
        *w++ = alphabet[(v >> 6) & 63];
        if (pad)
            *w++ = '=';
    }
    return (size_t)(w - out);
}

size_t oc_base64_encode(const void *in, size_t n, char *out)
{
    return encode(in, n, out, std_alphabet, 1);
}

size_t oc_base64url_encode(const void *in, size_t n, char *out)
{
    return encode(in, n, out, url_alphabet, 0);
}

int oc_base64_decode(const char *in, size_t len, uint8_t *out, size_t *out_len)
{
    if (len % 4 != 0)
        return OC_EPROTO;
    if (len == 0) {
        *out_len = 0;
        return 0;
    }
    const unsigned char *p = (const unsigned char *)in;
    uint8_t *w = out;
    /* Every quantum but the last is four alphabet characters; only the last may pad. */
    for (size_t i = 0; i < len - 4; i += 4, w += 3) {
        uint32_t a = sextet[p[i]], b = sextet[p[i + 1]], c = sextet[p[i + 2]], d = sextet[p[i + 3]];
        if ((a | b | c | d) & 0x80)
            return OC_EPROTO;
        uint32_t v = a << 18 | b << 12 | c << 6 | d;
        w[0] = (uint8_t)(v >> 16);
        w[1] = (uint8_t)(v >> 8);
        w[2] = (uint8_t)v;
    }
    const unsigned char *q = p + len - 4;
    uint32_t a = sextet[q[0]], b = sextet[q[1]];
    if ((a | b) & 0x80)
        return OC_EPROTO;
    if (q[2] == '=' && q[3] == '=') {
        /* "xx==" carries 8 bits in 12: the 4 left over must be zero, or two different
         * strings would decode to the same byte. */
        if (b & 0x0F)
            return OC_EPROTO;
        *w++ = (uint8_t)(a << 2 | b >> 4);
    } else if (q[3] == '=') {
        uint32_t c = sextet[q[2]];
        if ((c & 0x80) || (c & 0x03))
            return OC_EPROTO;
        uint32_t v = a << 18 | b << 12 | c << 6;
        *w++ = (uint8_t)(v >> 16);
        *w++ = (uint8_t)(v >> 8);
    } else {
        uint32_t c = sextet[q[2]], d = sextet[q[3]];
        if ((c | d) & 0x80)
            return OC_EPROTO;
        uint32_t v = a << 18 | b << 12 | c << 6 | d;
        *w++ = (uint8_t)(v >> 16);
        *w++ = (uint8_t)(v >> 8);
        *w++ = (uint8_t)v;
    }
    *out_len = (size_t)(w - out);
    return 0;
}

int oc_base64url_decode(const char *in, size_t len, uint8_t *out, size_t *out_len)
{
    /* Rewrite into the standard alphabet with padding and let the strict decoder judge it:
     * one set of rules for both alphabets. */
    if (len % 4 == 1)
        return OC_EPROTO;
    if (len == 0) {
        *out_len = 0;
        return 0;
    }
    size_t padded = (len + 3) / 4 * 4;
    char stack[256];
    char *tmp = padded <= sizeof(stack) ? stack : oc_xmalloc(padded);
    for (size_t i = 0; i < len; i++) {
        char c = in[i];
        if (c == '+' || c == '/' || c == '=') {
            if (tmp != stack)
                free(tmp);
            return OC_EPROTO;
        }
        tmp[i] = c == '-' ? '+' : c == '_' ? '/' : c;
    }
    for (size_t i = len; i < padded; i++)
        tmp[i] = '=';
    int rc = oc_base64_decode(tmp, padded, out, out_len);
    if (tmp != stack)
        free(tmp);
    return rc;
}
