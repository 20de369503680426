/* Unit tests for src/core/utf8.c: RFC 3629 edge cases in the style of Markus Kuhn's stress
 * test and Autobahn's section 6, every split point of the incremental form, the ASCII fast
 * path at every offset, and an exhaustive comparison with a decoding reference. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/errors.h"
#include "core/utf8.h"

#include <string.h>

/* Decodes code point by code point: slow, but obviously RFC 3629. */
static bool reference_valid(const uint8_t *s, size_t n)
{
    static const uint32_t min_cp[4] = {0, 0x80, 0x800, 0x10000};
    size_t i = 0;
    while (i < n) {
        uint8_t c = s[i];
        size_t k;
        uint32_t cp;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            k = 1, cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            k = 2, cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            k = 3, cp = c & 0x07;
        } else {
            return false;
        }
        if (n - i - 1 < k)
            return false;
        for (size_t j = 1; j <= k; j++) {
            if ((s[i + j] & 0xC0) != 0x80)
                return false;
            cp = cp << 6 | (s[i + j] & 0x3F);
        }
        if (cp < min_cp[k] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += k + 1;
    }
    return true;
}

/* Checks the whole-buffer form, the incremental form split at every point and fed one byte
 * at a time, and the reference all agree that s is `want`. */
static void check(const char *s, size_t n, bool want)
{
    const uint8_t *p = (const uint8_t *)s;
    assert_int_equal(reference_valid(p, n), want);
    assert_int_equal(oc_utf8_valid(p, n), want);
    for (size_t cut = 0; cut <= n; cut++) {
        oc_utf8_state_t st;
        oc_utf8_init(&st);
        int rc = oc_utf8_feed(&st, p, cut);
        if (rc == 0)
            rc = oc_utf8_feed(&st, p + cut, n - cut);
        assert_int_equal(rc == 0 && oc_utf8_complete(&st), want);
        if (rc != 0)
            assert_int_equal(rc, OC_EPROTO);
    }
    oc_utf8_state_t st;
    oc_utf8_init(&st);
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = oc_utf8_feed(&st, p + i, 1);
    assert_int_equal(rc == 0 && oc_utf8_complete(&st), want);
}

#define VALID(lit)   check(lit, sizeof(lit) - 1, true)
#define INVALID(lit) check(lit, sizeof(lit) - 1, false)

static void test_valid_boundaries(void **state)
{
    (void)state;
    VALID("");
    VALID("hello, world");
    VALID("\x00");             /* NUL is a character like any other */
    VALID("\x7F");             /* U+007F, last 1-byte */
    VALID("\xC2\x80");         /* U+0080, first 2-byte */
    VALID("\xDF\xBF");         /* U+07FF, last 2-byte */
    VALID("\xE0\xA0\x80");     /* U+0800, first 3-byte */
    VALID("\xED\x9F\xBF");     /* U+D7FF, just below the surrogates */
    VALID("\xEE\x80\x80");     /* U+E000, just above them */
    VALID("\xEF\xBF\xBD");     /* U+FFFD */
    VALID("\xEF\xBF\xBF");     /* U+FFFF: a non-character, but valid UTF-8 */
    VALID("\xF0\x90\x80\x80"); /* U+10000, first 4-byte */
    VALID("\xF4\x8F\xBF\xBF"); /* U+10FFFF, the last code point */
    VALID("\xCE\xBA\xE1\xBD\xB9\xCF\x83\xCE\xBC\xCE\xB5"); /* Kuhn's "kosme" */
    VALID("Hello-\xC2\xB5@\xC3\x9F\xC3\xB6\xC3\xA4\xC3\xBC\xC3\xA0\xC3\xA1-UTF-8!!");
    VALID("\xF0\x9F\x98\x80 emoji \xE2\x82\xAC euro");
}

static void test_overlongs(void **state)
{
    (void)state;
    INVALID("\xC0\x80");                 /* U+0000 in 2 bytes */
    INVALID("\xC0\xAF");                 /* '/' in 2 bytes */
    INVALID("\xC1\xBF");                 /* U+007F in 2 bytes */
    INVALID("\xE0\x80\x80");             /* U+0000 in 3 bytes */
    INVALID("\xE0\x80\xAF");             /* '/' in 3 bytes */
    INVALID("\xE0\x9F\xBF");             /* U+07FF in 3 bytes */
    INVALID("\xF0\x80\x80\x80");         /* U+0000 in 4 bytes */
    INVALID("\xF0\x80\x80\xAF");         /* '/' in 4 bytes */
    INVALID("\xF0\x8F\xBF\xBF");         /* U+FFFF in 4 bytes */
    INVALID("\xF8\x88\x80\x80\x80");     /* 5-byte form */
    INVALID("\xFC\x84\x80\x80\x80\x80"); /* 6-byte form */
}

static void test_surrogates_and_range(void **state)
{
    (void)state;
    INVALID("\xED\xA0\x80");             /* U+D800 */
    INVALID("\xED\xAD\xBF");             /* U+DB7F */
    INVALID("\xED\xB0\x80");             /* U+DC00 */
    INVALID("\xED\xBF\xBF");             /* U+DFFF */
    INVALID("\xED\xA0\x80\xED\xB0\x80"); /* a CESU-8 pair for U+10000 */
    INVALID("\xF4\x90\x80\x80");         /* U+110000 */
    INVALID("\xF4\x90");                 /* ... found from its second byte */
    INVALID("\xF5\x80\x80\x80");
    INVALID("\xF7\xBF\xBF\xBF"); /* U+1FFFFF */
    INVALID("\xFE");
    INVALID("\xFF");
    INVALID("\xFE\xFE\xFF\xFF");
    /* Autobahn 6.3.1: text that is valid up to an encoded surrogate. */
    INVALID("\xCE\xBA\xE1\xBD\xB9\xCF\x83\xCE\xBC\xCE\xB5\xED\xA0\x80\x65\x64\x69\x74\x65\x64");
}

static void test_broken_sequences(void **state)
{
    (void)state;
    INVALID("\x80"); /* stray continuation bytes */
    INVALID("\xBF");
    INVALID("a\x80\xBF");
    INVALID("\xC2"); /* truncated at the end */
    INVALID("\xE0\xA0");
    INVALID("\xE2\x82");
    INVALID("\xF0\x90\x80");
    INVALID("\xF4\x8F\xBF");
    INVALID("\xC2\x41"); /* lead byte followed by ASCII */
    INVALID("\xE2\x82\x41");
    INVALID("\xF0\x90\x80 ");
    INVALID("\xC2\xC2\x80");     /* lead byte followed by another lead */
    INVALID("\xE2\x82\xAC\x80"); /* one continuation too many */
    INVALID("\xC0\xC1\xF5\xF6\xF7\xF8\xF9\xFA\xFB\xFC\xFD\xFE\xFF");
}

/* A bad or multi-byte character at every offset of ASCII runs of every length, so the
 * 8-byte fast path and its byte-wise tail see each alignment. */
static void test_ascii_fast_path(void **state)
{
    (void)state;
    char text[48];
    for (size_t n = 1; n <= 40; n++) {
        for (size_t at = 0; at < n; at++) {
            memset(text, 'a', n);
            text[at] = (char)0x80;
            check(text, n, false);
            text[at] = (char)0xFF;
            check(text, n, false);
            if (at + 1 < n) {
                text[at] = (char)0xC3;
                text[at + 1] = (char)0xA9;
                check(text, n, true);
            }
            if (at + 1 == n) {
                text[at] = (char)0xC3;
                check(text, n, false);
            }
        }
    }
}

/* A sequence split across fragments stays pending, and complete() says so. */
static void test_incremental_state(void **state)
{
    (void)state;
    oc_utf8_state_t st;
    oc_utf8_init(&st);
    assert_true(oc_utf8_complete(&st));
    assert_int_equal(oc_utf8_feed(&st, "abc\xE2", 4), 0);
    assert_false(oc_utf8_complete(&st));
    assert_int_equal(oc_utf8_feed(&st, "\x82", 1), 0);
    assert_false(oc_utf8_complete(&st));
    assert_int_equal(oc_utf8_feed(&st, "", 0), 0);
    assert_int_equal(oc_utf8_feed(&st, "\xAC", 1), 0);
    assert_true(oc_utf8_complete(&st));

    /* The second byte of F4 is range-checked even when it comes in a later fragment. */
    oc_utf8_init(&st);
    assert_int_equal(oc_utf8_feed(&st, "\xF4", 1), 0);
    assert_int_equal(oc_utf8_feed(&st, "\x90", 1), OC_EPROTO);
    assert_false(oc_utf8_complete(&st));
    /* Failure is sticky, even for bytes that would be valid on their own. */
    assert_int_equal(oc_utf8_feed(&st, "abc", 3), OC_EPROTO);
    /* A bad lead byte leaves no sequence open, yet the stream is not complete. */
    oc_utf8_init(&st);
    assert_int_equal(oc_utf8_feed(&st, "ok\xFF", 3), OC_EPROTO);
    assert_false(oc_utf8_complete(&st));
    oc_utf8_init(&st);
    assert_int_equal(oc_utf8_feed(&st, "\xED", 1), 0);
    assert_int_equal(oc_utf8_feed(&st, "\xA0", 1), OC_EPROTO);
    oc_utf8_init(&st);
    assert_int_equal(oc_utf8_feed(&st, "\xE0", 1), 0);
    assert_int_equal(oc_utf8_feed(&st, "\x9F", 1), OC_EPROTO);
    oc_utf8_init(&st);
    assert_int_equal(oc_utf8_feed(&st, "\xF0", 1), 0);
    assert_int_equal(oc_utf8_feed(&st, "\x8F", 1), OC_EPROTO);
}

/* Every 1-, 2- and 3-byte string, and every 4-byte string whose last two bytes are at the
 * edges of the continuation range, against the reference decoder. */
static void test_exhaustive(void **state)
{
    (void)state;
    uint8_t s[4];
    for (uint32_t v = 0; v < (1u << 24); v++) {
        s[0] = (uint8_t)(v >> 16), s[1] = (uint8_t)(v >> 8), s[2] = (uint8_t)v;
        if (oc_utf8_valid(s, 3) != reference_valid(s, 3))
            fail_msg("disagree on %02x %02x %02x", s[0], s[1], s[2]);
        if (v < (1u << 16) && oc_utf8_valid(s + 1, 2) != reference_valid(s + 1, 2))
            fail_msg("disagree on %02x %02x", s[1], s[2]);
    }
    static const uint8_t edges[] = {0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF};
    for (unsigned a = 0xC0; a <= 0xFF; a++) {
        for (unsigned b = 0; b <= 0xFF; b++) {
            for (size_t c = 0; c < sizeof(edges); c++) {
                for (size_t d = 0; d < sizeof(edges); d++) {
                    s[0] = (uint8_t)a, s[1] = (uint8_t)b, s[2] = edges[c], s[3] = edges[d];
                    if (oc_utf8_valid(s, 4) != reference_valid(s, 4))
                        fail_msg("disagree on %02x %02x %02x %02x", s[0], s[1], s[2], s[3]);
                }
            }
        }
    }
}

static void test_truncate(void **state)
{
    (void)state;
    const char *euro = "ab\xE2\x82\xAC"; /* "ab", then a euro sign in bytes 2..4 */
    assert_int_equal(oc_utf8_truncate(euro, 5, 10), 5);
    assert_int_equal(oc_utf8_truncate(euro, 5, 5), 5);
    assert_int_equal(oc_utf8_truncate(euro, 5, 4), 2);
    assert_int_equal(oc_utf8_truncate(euro, 5, 3), 2);
    assert_int_equal(oc_utf8_truncate(euro, 5, 2), 2);
    assert_int_equal(oc_utf8_truncate(euro, 5, 1), 1);
    assert_int_equal(oc_utf8_truncate(euro, 5, 0), 0);
    const char *emoji = "\xF0\x9F\x98\x80\xF0\x9F\x98\x80";
    for (size_t max = 0; max < 8; max++)
        assert_int_equal(oc_utf8_truncate(emoji, 8, max), max / 4 * 4);
    assert_int_equal(oc_utf8_truncate(NULL, 0, 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_boundaries),     cmocka_unit_test(test_overlongs),
        cmocka_unit_test(test_surrogates_and_range), cmocka_unit_test(test_broken_sequences),
        cmocka_unit_test(test_ascii_fast_path),      cmocka_unit_test(test_incremental_state),
        cmocka_unit_test(test_exhaustive),           cmocka_unit_test(test_truncate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
