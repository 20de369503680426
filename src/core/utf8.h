/* UTF-8 validation (RFC 3629), whole-buffer and incremental.
 *
 * WebSocket text messages, close reasons and JSON text must be well-formed UTF-8: no
 * overlong forms, no surrogates (U+D800..U+DFFF), nothing above U+10FFFF. The incremental
 * form carries a half-read sequence across fragments, so a text message split over many
 * frames is checked as it arrives and a bad byte fails at once. This module validates only;
 * it does not decode code points or normalise. */
#ifndef OC_CORE_UTF8_H
#define OC_CORE_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Progress through a byte stream. Plain value: copy it, no resources to free. */
typedef struct oc_utf8_state {
    uint8_t need;   /* continuation bytes still expected by the current sequence */
    uint8_t lo, hi; /* allowed range of the next continuation byte */
    bool failed;    /* an invalid byte was seen; sticky until oc_utf8_init */
} oc_utf8_state_t;

/* Starts a new stream (between two characters). */
void oc_utf8_init(oc_utf8_state_t *st);

/* Validates the next len bytes of the stream (data is only read during the call). Returns 0
 * if everything seen so far can begin valid UTF-8, or OC_EPROTO at the first bad byte (and
 * from then on until oc_utf8_init). */
int oc_utf8_feed(oc_utf8_state_t *st, const void *data, size_t len);

/* True if the stream so far is valid and does not end inside a multi-byte sequence. */
bool oc_utf8_complete(const oc_utf8_state_t *st);

/* True if data[0..len) is complete, valid UTF-8. */
bool oc_utf8_valid(const void *data, size_t len);

/* Length of the longest prefix of the valid UTF-8 text s[0..len) that is at most max bytes
 * and does not cut a character in two, for truncating reasons and previews. */
size_t oc_utf8_truncate(const void *s, size_t len, size_t max);

/* The UTF-8 sequence at p (lead byte >= 0x80, p < end): its length (2-4) if well-formed per RFC
 * 3629 (no overlongs, surrogates or code points above U+10FFFF), else minus the length of its
 * "maximal subpart", the bytes Unicode (section 3.9, U+FFFD substitution) says to replace with
 * one U+FFFD, as browsers' TextDecoder does. */
static inline int oc_utf8_sequence(const unsigned char *p, const unsigned char *end)
{
    unsigned char c = p[0], lo = 0x80, hi = 0xBF;
    int n;
    if (c < 0xC2)
        return -1;
    if (c < 0xE0) {
        n = 2;
    } else if (c < 0xF0) {
        n = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c < 0xF5) {
        n = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else {
        return -1;
    }
    if (end - p < 2 || p[1] < lo || p[1] > hi)
        return -1;
    for (int i = 2; i < n; i++)
        if (end - p <= i || (p[i] & 0xC0) != 0x80)
            return -i;
    return n;
}

#endif
