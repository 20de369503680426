/* Unit tests for the pure parts of src/domain/messages.c and search.c: message text (UTF-8
 * edge cases, the 4,000 code point limit, blank texts, NUL), nonces, reaction emoji, mention
 * parsing (repeats, malformed and out-of-range ids, the cap) and the search words handed to
 * each backend's full-text query language. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/alloc.h"
#include "domain/messages.h"
#include "domain/search.h"

#include <stdlib.h>
#include <string.h>

static const char *content_error(const char *s, size_t attachments)
{
    return oc_message_content_error(s, strlen(s), attachments);
}

/* n copies of the UTF-8 character ch. */
static char *repeat(const char *ch, size_t n)
{
    size_t w = strlen(ch);
    char *s = oc_xmalloc(w * n + 1);
    for (size_t i = 0; i < n; i++)
        memcpy(s + i * w, ch, w);
    s[w * n] = '\0';
    return s;
}

static void test_content_plain(void **state)
{
    (void)state;
    assert_null(content_error("hello", 0));
    assert_null(content_error("x", 0));
    assert_null(content_error(" padded ", 0));
    assert_null(content_error("line one\nline two", 0));
    assert_null(content_error("Zoë 日本語 👍🏽 👨‍👩‍👧", 0));
    assert_null(content_error("tab\there", 0));
}

static void test_content_blank(void **state)
{
    (void)state;
    const char *blank[] = {"",
                           " ",
                           "\t\n\r\v\f ",
                           "\xC2\xA0",                 /* U+00A0 no-break space */
                           "\xE3\x80\x80",             /* U+3000 ideographic space */
                           "\xE2\x80\x8B\xE2\x80\x8D", /* zero-width space, joiner */
                           "\xEF\xBB\xBF",             /* U+FEFF */
                           "\xE2\x80\xA8\xE2\x80\xA9", /* line / paragraph separators */
                           " \xE2\x80\x83 \xC2\x85 "};
    for (size_t i = 0; i < sizeof(blank) / sizeof(blank[0]); i++) {
        assert_string_equal(content_error(blank[i], 0), "content must not be empty.");
        /* With an attachment a blank text is fine. */
        assert_null(content_error(blank[i], 1));
    }
    assert_null(content_error(" . ", 0));
    assert_null(content_error("\xE2\x80\x8B"
                              "a",
                              0));
}

static void test_content_length(void **state)
{
    (void)state;
    const char *chars[] = {"a", "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80"};
    for (size_t i = 0; i < 4; i++) {
        char *ok = repeat(chars[i], OC_MESSAGE_MAX_CHARS);
        char *over = repeat(chars[i], OC_MESSAGE_MAX_CHARS + 1);
        assert_null(content_error(ok, 0));
        assert_string_equal(content_error(over, 0), "content must be at most 4000 characters.");
        assert_string_equal(content_error(over, 3), "content must be at most 4000 characters.");
        free(ok);
        free(over);
    }
    /* 4,000 four-byte characters are 16,000 bytes: the limit counts characters. */
    char *mixed = repeat("a\xF0\x9F\x98\x80", OC_MESSAGE_MAX_CHARS / 2);
    assert_null(content_error(mixed, 0));
    free(mixed);
}

static void test_content_bad_utf8(void **state)
{
    (void)state;
    const char *bad[] = {
        "\x80",             /* lone continuation */
        "a\xC3",            /* truncated two-byte sequence */
        "\xC0\xAF",         /* overlong '/' */
        "\xE0\x80\xAF",     /* overlong, three bytes */
        "\xED\xA0\x80",     /* surrogate U+D800 */
        "\xF4\x90\x80\x80", /* above U+10FFFF */
        "\xF8\x88\x80\x80\x80",
        "\xFF",
        "ok\xE2\x82", /* cut in the middle of a character at the end */
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_string_equal(content_error(bad[i], 0),
                            "content must be UTF-8 text without NUL characters.");
    const char nul[] = {'a', '\0', 'b'};
    assert_string_equal(oc_message_content_error(nul, 3, 0),
                        "content must be UTF-8 text without NUL characters.");
    assert_string_equal(oc_message_content_error(nul, 2, 1),
                        "content must be UTF-8 text without NUL characters.");
    /* The largest code point and the last one before the surrogates are fine. */
    assert_null(content_error("\xF4\x8F\xBF\xBF \xED\x9F\xBF", 0));
}

static void test_nonce(void **state)
{
    (void)state;
    assert_true(oc_message_nonce_valid("a", 1));
    assert_true(oc_message_nonce_valid("Az09_-", 6));
    char *max = repeat("n", OC_NONCE_MAX);
    assert_true(oc_message_nonce_valid(max, OC_NONCE_MAX));
    assert_false(oc_message_nonce_valid(max, 0));
    free(max);
    char *over = repeat("n", OC_NONCE_MAX + 1);
    assert_false(oc_message_nonce_valid(over, OC_NONCE_MAX + 1));
    free(over);
    assert_false(oc_message_nonce_valid("", 0));
    assert_false(oc_message_nonce_valid(NULL, 0));
    const char *bad[] = {"a b", "a.b", "a/b", "a+b", "é", "a\nb", "\"", "a=b", "~"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_false(oc_message_nonce_valid(bad[i], strlen(bad[i])));
    assert_false(oc_message_nonce_valid("a\0b", 3));
}

static bool emoji(const char *s)
{
    return oc_emoji_valid(s, strlen(s));
}

static void test_emoji(void **state)
{
    (void)state;
    assert_true(emoji("👍"));
    assert_true(emoji("👍🏽"));
    assert_true(emoji("❤️"));
    assert_true(emoji("👨‍👩‍👧‍👦")); /* a family: 7 code points joined */
    assert_true(emoji("🇫🇷"));
    assert_true(emoji("🏳️‍🌈"));
    assert_true(emoji("!"));
    assert_true(emoji("♥"));
    assert_false(emoji(""));
    assert_false(emoji("a"));
    assert_false(emoji("ok"));
    assert_false(emoji("1"));
    assert_false(emoji("1️⃣")); /* a keycap starts with an ASCII digit */
    assert_false(emoji("👍 "));
    assert_false(emoji(" 👍"));
    assert_false(emoji("👍\n"));
    assert_false(emoji("\t"));
    assert_false(emoji("\x7F"));
    assert_false(emoji("\xC2\x80"));     /* C1 control */
    assert_false(emoji("\xC2\xA0"));     /* no-break space */
    assert_false(emoji("\xE3\x80\x80")); /* ideographic space */
    assert_false(emoji("\xF0\x9F\x91")); /* cut short */
    assert_false(emoji("\xED\xA0\x80")); /* surrogate */
    assert_false(oc_emoji_valid("\xF0\x9F\x91\x8D\0", 5));
    assert_false(oc_emoji_valid(NULL, 0));
    /* 16 code points at most, 64 bytes at most. */
    char *sixteen = repeat("★", 16), *seventeen = repeat("★", 17);
    assert_true(emoji(sixteen));
    assert_false(emoji(seventeen));
    free(sixteen);
    free(seventeen);
    char *bytes64 = repeat("😀", 16), *bytes65 = repeat("!", 65);
    assert_int_equal(strlen(bytes64), 64);
    assert_true(emoji(bytes64));
    assert_false(emoji(bytes65));
    free(bytes64);
    free(bytes65);
}

static size_t mentions(const char *s, int64_t *ids, size_t max)
{
    return oc_message_mentions_parse(s, strlen(s), ids, max);
}

static void test_mentions(void **state)
{
    (void)state;
    int64_t ids[64];
    assert_int_equal(mentions("", ids, 64), 0);
    assert_int_equal(mentions("no mentions here", ids, 64), 0);
    assert_int_equal(mentions("<@1>", ids, 64), 1);
    assert_int_equal(ids[0], 1);
    /* In order of first appearance, without repeats. */
    assert_int_equal(mentions("hi <@30> and <@20>, <@30> again <@10><@20>", ids, 64), 3);
    assert_int_equal(ids[0], 30);
    assert_int_equal(ids[1], 20);
    assert_int_equal(ids[2], 10);
    /* Malformed ones are text. */
    const char *bad[] = {"<@>",
                         "<@0>",
                         "<@-1>",
                         "<@ 1>",
                         "<@1 >",
                         "<@1",
                         "@1>",
                         "<1>",
                         "<@abc>",
                         "<@1a>",
                         "< @1>",
                         "<@@1>",
                         "<@+1>",
                         "<@0x1>",
                         "<@１>",
                         "<#123>",
                         "<@!1>",
                         "<@99999999999999999999>", /* 20 digits */
                         "<@9223372036854775808>"}; /* INT64_MAX + 1 */
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(mentions(bad[i], ids, 64), 0);
    assert_int_equal(mentions("<@9223372036854775807>", ids, 64), 1);
    assert_int_equal(ids[0], INT64_MAX);
    assert_int_equal(mentions("<@0001>", ids, 64), 1);
    assert_int_equal(ids[0], 1);
    /* A bad one does not hide a good one right after it. */
    assert_int_equal(mentions("<@<@7>", ids, 64), 1);
    assert_int_equal(ids[0], 7);
    assert_int_equal(mentions("<@12<@8>>", ids, 64), 1);
    assert_int_equal(ids[0], 8);
    /* The cap counts distinct users. */
    char text[2048] = "";
    for (int i = 1; i <= 60; i++) {
        char one[32];
        snprintf(one, sizeof(one), "<@%d> <@%d> ", i, i);
        strcat(text, one);
    }
    assert_int_equal(mentions(text, ids, OC_MESSAGE_MAX_MENTIONS), OC_MESSAGE_MAX_MENTIONS);
    for (int i = 0; i < OC_MESSAGE_MAX_MENTIONS; i++)
        assert_int_equal(ids[i], i + 1);
    assert_int_equal(mentions(text, ids, 3), 3);
    assert_int_equal(ids[2], 3);
    assert_int_equal(mentions(text, ids, 0), 0);
    /* A length shorter than the string is respected. */
    assert_int_equal(oc_message_mentions_parse("<@12>", 4, ids, 64), 0);
}

/* ---- search words ---------------------------------------------------------------------- */

static char *query(oc_db_kind_t kind, const char *q, int *words)
{
    oc_buf_t out = OC_BUF_INIT;
    *words = oc_search_query(kind, q, strlen(q), &out);
    oc_buf_append_char(&out, '\0');
    return oc_buf_steal(&out, NULL);
}

static void expect_query(const char *q, int words, const char *fts5, const char *tsquery)
{
    int n;
    char *a = query(OC_DB_SQLITE, q, &n);
    assert_int_equal(n, words);
    assert_string_equal(a, fts5);
    free(a);
    char *b = query(OC_DB_POSTGRES, q, &n);
    assert_int_equal(n, words);
    assert_string_equal(b, tsquery);
    free(b);
}

static void test_search_words(void **state)
{
    (void)state;
    expect_query("hello", 1, "\"hello\"*", "'hello':*");
    expect_query("  hello   wor ", 2, "\"hello\" \"wor\"*", "'hello' & 'wor':*");
    /* The index languages' syntax is only ever words. */
    expect_query("\"a\" OR b* NOT c:* & !d | (e)", 7,
                 "\"a\" \"OR\" \"b\" \"NOT\" \"c\" \"d\" \"e\"*",
                 "'a' & 'OR' & 'b' & 'NOT' & 'c' & 'd' & 'e':*");
    expect_query("don't", 2, "\"don\" \"t\"*", "'don' & 't':*");
    expect_query("it's-a_test", 4, "\"it\" \"s\" \"a\" \"test\"*", "'it' & 's' & 'a' & 'test':*");
    expect_query("'; DROP TABLE messages; --", 3, "\"DROP\" \"TABLE\" \"messages\"*",
                 "'DROP' & 'TABLE' & 'messages':*");
    expect_query("Café crème", 2, "\"Café\" \"crème\"*", "'Café' & 'crème':*");
    expect_query("日本語", 1, "\"日本語\"*", "'日本語':*");
    expect_query("«quoted» — text", 2, "\"quoted\" \"text\"*", "'quoted' & 'text':*");
    expect_query("a\xC2\xA0"
                 "b",
                 2, "\"a\" \"b\"*", "'a' & 'b':*");
    expect_query("v2 3.5", 3, "\"v2\" \"3\" \"5\"*", "'v2' & '3' & '5':*");
    /* Nothing to look for. */
    expect_query("", 0, "", "");
    expect_query("   ", 0, "", "");
    expect_query("!!! ??? ***", 0, "", "");
    expect_query("👍 🎉", 0, "", "");
    expect_query("“”", 0, "", "");
    /* Sixteen words at most. */
    expect_query("a b c d e f g h i j k l m n o p", 16,
                 "\"a\" \"b\" \"c\" \"d\" \"e\" \"f\" \"g\" \"h\" \"i\" \"j\" \"k\" \"l\" \"m\" "
                 "\"n\" \"o\" \"p\"*",
                 "'a' & 'b' & 'c' & 'd' & 'e' & 'f' & 'g' & 'h' & 'i' & 'j' & 'k' & 'l' & 'm' "
                 "& 'n' & 'o' & 'p':*");
    int n;
    free(query(OC_DB_SQLITE, "a b c d e f g h i j k l m n o p q", &n));
    assert_int_equal(n, -1);
    free(query(OC_DB_POSTGRES, "a b c d e f g h i j k l m n o p q", &n));
    assert_int_equal(n, -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_content_plain),  cmocka_unit_test(test_content_blank),
        cmocka_unit_test(test_content_length), cmocka_unit_test(test_content_bad_utf8),
        cmocka_unit_test(test_nonce),          cmocka_unit_test(test_emoji),
        cmocka_unit_test(test_mentions),       cmocka_unit_test(test_search_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
