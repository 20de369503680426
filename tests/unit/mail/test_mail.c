/* Tests for src/mail/mail.c's message builder: the exact bytes of a message, RFC 2047 encoded
 * words for non-ASCII names and subjects (split on character boundaries, at most 75
 * characters), quoting of phrases with specials, refusal of header injection and of lines
 * too long for 8bit transfer, dates, and the parsing of the configured sender. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/base64.h"
#include "core/errors.h"
#include "core/utf8.h"
#include "mail/mail.h"

#include <stdlib.h>
#include <string.h>

#define T0 1741079100000LL /* Tue, 04 Mar 2025 09:05:00 UTC */

static char *built(const char *from_name, const char *from_addr, const oc_mail_t *mail)
{
    oc_buf_t out = OC_BUF_INIT;
    assert_int_equal(oc_mail_build(&out, from_name, from_addr, mail, T0, "abc@example.com"), 0);
    return oc_buf_steal(&out, NULL);
}

static void test_whole_message_bytes(void **state)
{
    (void)state;
    oc_mail_t mail = {"ann@example.org", "Ann", "Hello there", "Line one\nLine two\n", NULL};
    char *msg = built("OpenChat", "no-reply@example.com", &mail);
    assert_string_equal(msg, "From: OpenChat <no-reply@example.com>\r\n"
                             "To: Ann <ann@example.org>\r\n"
                             "Subject: Hello there\r\n"
                             "Date: Tue, 04 Mar 2025 09:05:00 +0000\r\n"
                             "Message-ID: <abc@example.com>\r\n"
                             "MIME-Version: 1.0\r\n"
                             "Content-Type: text/plain; charset=utf-8\r\n"
                             "Content-Transfer-Encoding: 8bit\r\n"
                             "Auto-Submitted: auto-generated\r\n"
                             "\r\n"
                             "Line one\r\n"
                             "Line two\r\n");
    free(msg);
}

static void test_no_names_and_body_line_ends(void **state)
{
    (void)state;
    /* No display names; bare CRs dropped, the last line gets its CRLF, an empty line kept,
     * a leading dot left alone (dot-stuffing is the SMTP client's). */
    oc_mail_t mail = {"ann@example.org", NULL, "S", "a\r\n\n.b\rc", NULL};
    char *msg = built("", "x@y.z", &mail);
    assert_non_null(strstr(msg, "From: <x@y.z>\r\nTo: <ann@example.org>\r\n"));
    const char *body = strstr(msg, "\r\n\r\n") + 4;
    assert_string_equal(body, "a\r\n\r\n.bc\r\n");
    free(msg);
}

static void test_non_ascii_name_and_subject(void **state)
{
    (void)state;
    oc_mail_t mail = {"zoe@example.org", "Zoë", "Bienvenue à OpenChat, Zoë", "Salut\n", NULL};
    char *msg = built("OpenChat", "no-reply@example.com", &mail);
    assert_non_null(strstr(msg, "\r\nTo: =?utf-8?B?Wm/Dqw==?= <zoe@example.org>\r\n"));
    assert_non_null(
        strstr(msg, "\r\nSubject: =?utf-8?B?QmllbnZlbnVlIMOgIE9wZW5DaGF0LCBab8Or?=\r\n"));
    /* The body goes as it is: 8bit. */
    assert_non_null(strstr(msg, "\r\n\r\nSalut\r\n"));
    free(msg);
}

/* Decodes a folded run of encoded words back into text, checking each word on the way. */
static void decode_words(const char *s, oc_buf_t *out)
{
    while (*s) {
        assert_memory_equal(s, "=?utf-8?B?", 10);
        const char *end = strstr(s, "?=");
        assert_non_null(end);
        size_t word_len = (size_t)(end + 2 - s);
        assert_true(word_len <= 75);
        uint8_t bytes[64];
        size_t n;
        assert_int_equal(oc_base64_decode(s + 10, (size_t)(end - s - 10), bytes, &n), 0);
        /* Each word holds whole characters. */
        assert_true(oc_utf8_valid((const char *)bytes, n));
        oc_buf_append(out, bytes, n);
        s = end + 2;
        if (*s) {
            assert_memory_equal(s, "\r\n ", 3);
            s += 3;
        }
    }
}

static void test_long_encoded_text_folds_on_characters(void **state)
{
    (void)state;
    /* 40 three-byte characters and 30 two-byte ones: several words, none splitting one. */
    char text[256] = "";
    for (int i = 0; i < 40; i++)
        strcat(text, "\xe2\x82\xac"); /* € */
    for (int i = 0; i < 30; i++)
        strcat(text, "\xc3\xa9"); /* é */
    oc_buf_t out = OC_BUF_INIT;
    oc_mail_append_header_text(&out, text, false);
    oc_buf_append_char(&out, '\0');
    assert_non_null(strstr(out.data, "\r\n "));
    oc_buf_t back = OC_BUF_INIT;
    decode_words(out.data, &back);
    assert_int_equal(back.len, strlen(text));
    assert_memory_equal(back.data, text, back.len);
    oc_buf_free(&back);
    oc_buf_free(&out);
}

static void test_phrase_quoting(void **state)
{
    (void)state;
    oc_buf_t out = OC_BUF_INIT;
    oc_mail_append_mailbox(&out, "Ann \"the\" O'Neil, Jr.", "ann@example.org");
    oc_buf_append_char(&out, '\0');
    assert_string_equal(out.data, "\"Ann \\\"the\\\" O'Neil, Jr.\" <ann@example.org>");
    oc_buf_free(&out);
    /* Unstructured text (a subject) needs no quoting for the same characters. */
    oc_mail_append_header_text(&out, "Re: a, b. \"c\"", false);
    oc_buf_append_char(&out, '\0');
    assert_string_equal(out.data, "Re: a, b. \"c\"");
    oc_buf_free(&out);
    /* Text that looks like an encoded word is encoded, so it is shown as it was. */
    oc_mail_append_header_text(&out, "=?x?", false);
    oc_buf_append_char(&out, '\0');
    assert_string_equal(out.data, "=?utf-8?B?PT94Pw==?=");
    oc_buf_free(&out);
}

static void test_header_injection_refused(void **state)
{
    (void)state;
    /* A CRLF in a name or subject is encoded, never written raw. */
    oc_mail_t mail = {"ann@example.org", "Ann\r\nBcc: eve@evil.test", "Hi\r\nBcc: eve@evil.test",
                      "x\n", NULL};
    char *msg = built("OpenChat", "a@b.c", &mail);
    assert_null(strstr(msg, "\r\nBcc:"));
    free(msg);
    /* A malformed address is refused and nothing is written. */
    const char *bad[] = {"ann@example.org\r\nBcc: eve@evil.test",
                         "ann",
                         "@example.org",
                         "ann@",
                         "a@b@c",
                         "<ann@example.org>",
                         "ann smith@example.org",
                         "ann@example.org>",
                         "z\xc3\xab@example.org"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        oc_mail_t m = {bad[i], NULL, "S", "x\n", NULL};
        oc_buf_t out = OC_BUF_INIT;
        assert_int_equal(oc_mail_build(&out, NULL, "a@b.c", &m, T0, "id@b.c"), OC_EINVAL);
        assert_int_equal(out.len, 0);
        oc_buf_free(&out);
        assert_false(oc_mail_address_valid(bad[i]));
    }
    assert_true(oc_mail_address_valid("first.last+tag@sub.example.org"));
}

static void test_line_length_limit(void **state)
{
    (void)state;
    char text[1200];
    memset(text, 'a', 998);
    text[998] = '\0';
    oc_mail_t mail = {"ann@example.org", NULL, "S", text, NULL};
    oc_buf_t out = OC_BUF_INIT;
    oc_buf_append_str(&out, "kept");
    assert_int_equal(oc_mail_build(&out, NULL, "a@b.c", &mail, T0, "i@b.c"), 0);
    oc_buf_free(&out);
    text[998] = 'a';
    text[999] = '\0';
    oc_buf_append_str(&out, "kept");
    assert_int_equal(oc_mail_build(&out, NULL, "a@b.c", &mail, T0, "i@b.c"), OC_EINVAL);
    assert_int_equal(out.len, 4);
    oc_buf_free(&out);
}

static void test_dates(void **state)
{
    (void)state;
    char d[40];
    oc_mail_date(d, 0);
    assert_string_equal(d, "Thu, 01 Jan 1970 00:00:00 +0000");
    oc_mail_date(d, T0 + 999);
    assert_string_equal(d, "Tue, 04 Mar 2025 09:05:00 +0000");
    oc_mail_date(d, 951782400000LL);
    assert_string_equal(d, "Tue, 29 Feb 2000 00:00:00 +0000");
}

static void test_parse_sender(void **state)
{
    (void)state;
    char name[64], addr[256];
    assert_int_equal(oc_mail_parse_sender("OpenChat <no-reply@localhost>", name, sizeof(name), addr,
                                          sizeof(addr)),
                     0);
    assert_string_equal(name, "OpenChat");
    assert_string_equal(addr, "no-reply@localhost");
    assert_int_equal(
        oc_mail_parse_sender("  \"Chat, Inc.\"  <a@b.c>  ", name, sizeof(name), addr, sizeof(addr)),
        0);
    assert_string_equal(name, "Chat, Inc.");
    assert_string_equal(addr, "a@b.c");
    assert_int_equal(oc_mail_parse_sender(" a@b.c ", name, sizeof(name), addr, sizeof(addr)), 0);
    assert_string_equal(name, "");
    assert_string_equal(addr, "a@b.c");
    const char *bad[] = {"",          "OpenChat", "OpenChat <x>",         "OpenChat <a@b.c",
                         "<a@b.c> x", "a@b.c>",   "Open\r\nChat <a@b.c>", "a b@c.d"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(oc_mail_parse_sender(bad[i], name, sizeof(name), addr, sizeof(addr)),
                         OC_EINVAL);
    /* A name too long for the caller's buffer is refused, not cut. */
    assert_int_equal(oc_mail_parse_sender("A very long name <a@b.c>", name, 8, addr, sizeof(addr)),
                     OC_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_whole_message_bytes),
        cmocka_unit_test(test_no_names_and_body_line_ends),
        cmocka_unit_test(test_non_ascii_name_and_subject),
        cmocka_unit_test(test_long_encoded_text_folds_on_characters),
        cmocka_unit_test(test_phrase_quoting),
        cmocka_unit_test(test_header_injection_refused),
        cmocka_unit_test(test_line_length_limit),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_parse_sender),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
