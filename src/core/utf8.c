/* UTF-8 validation: see utf8.h.
 *
 * Each lead byte fixes how many continuation bytes follow and the range allowed for the
 * first of them; that range is what rules out overlongs (E0, F0), surrogates (ED) and code
 * points above U+10FFFF (F4) without decoding. Later continuation bytes are always 80..BF.
 * Chat text is mostly ASCII, so runs of it are skipped eight bytes at a time. */
#include "core/utf8.h"

#include "core/errors.h"

#include <string.h>

#define ASCII_MASK 0x8080808080808080ull

void oc_utf8_init(oc_utf8_state_t *st)
{
    st->need = 0;
    st->lo = 0x80;
    st->hi = 0xBF;
    st->failed = false;
}

/* Continuation bytes that follow the non-ASCII lead byte c, with the range allowed for the
 * first of them in *lo..*hi; 0 if c cannot start a sequence (a stray continuation byte,
 * C0/C1 overlongs, F5..FF). */
static unsigned sequence_start(unsigned c, unsigned *lo, unsigned *hi)
{
    *lo = 0x80;
    *hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        return 1;
    if (c >= 0xE0 && c <= 0xEF) {
        if (c == 0xE0)
            *lo = 0xA0; /* below is an overlong 2-byte form */
        else if (c == 0xED)
            *hi = 0x9F; /* above is U+D800..U+DFFF */
        return 2;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (c == 0xF0)
            *lo = 0x90; /* below is an overlong 3-byte form */
        else if (c == 0xF4)
            *hi = 0x8F; /* above is past U+10FFFF */
        return 3;
    }
    return 0;
}

int oc_utf8_feed(oc_utf8_state_t *st, const void *data, size_t len)
{
    const uint8_t *p = data;
    const uint8_t *end = p + len;
    /* Locals, not st's fields: stores through st could alias the bytes being read and
     * would force the compiler to reload state on every byte. */
    unsigned need = st->need, lo = st->lo, hi = st->hi;

    if (st->failed)
        return OC_EPROTO;
    while (p < end) {
        unsigned c = *p++;
        if (need > 0) {
            if (c < lo || c > hi)
                goto fail;
            lo = 0x80;
            hi = 0xBF;
            need--;
        } else if (c < 0x80) {
            while (end - p >= 8) {
                uint64_t w;
                memcpy(&w, p, 8); /* unaligned load; compiles to one instruction */
                if (w & ASCII_MASK)
                    break;
                p += 8;
            }
        } else if ((need = sequence_start(c, &lo, &hi)) == 0) {
            goto fail;
        }
    }
    st->need = (uint8_t)need;
    st->lo = (uint8_t)lo;
    st->hi = (uint8_t)hi;
    return 0;

fail:
    st->failed = true;
    return OC_EPROTO;
}

bool oc_utf8_complete(const oc_utf8_state_t *st)
{
    return !st->failed && st->need == 0;
}

bool oc_utf8_valid(const void *data, size_t len)
{
    oc_utf8_state_t st;
    oc_utf8_init(&st);
    return oc_utf8_feed(&st, data, len) == 0 && oc_utf8_complete(&st);
}

size_t oc_utf8_truncate(const void *s, size_t len, size_t max)
{
    const uint8_t *p = s;
    if (len <= max)
        return len;
    /* p[max] is the first byte cut off; if it continues a character, that character starts
     * at most three bytes earlier and must go too. */
    size_t n = max;
    while (n > 0 && max - n < 3 && (p[n] & 0xC0) == 0x80)
        n--;
    return n;
}
