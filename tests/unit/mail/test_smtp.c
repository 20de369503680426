/* Tests for src/mail/smtp.c's pure parts: which SMTP_URL values are accepted, and that the
 * URL shown in logs never holds the credentials. Talking to a server is the integration
 * suite's (tests/integration/api/email.test.mjs with a local aiosmtpd). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/errors.h"
#include "mail/mail_internal.h"

static void test_url_check(void **state)
{
    (void)state;
    const char *good[] = {"smtp://localhost", "smtp://127.0.0.1:2525", "SMTP://mail.example.com",
                          "smtps://user:p%40ss@mail.example.com:465",
                          "smtp://mail.example.com:587/client.example.com"};
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
        assert_int_equal(oc__smtp_url_check(good[i]), 0);
    const char *bad[] = {"",
                         "mail.example.com",
                         "http://mail.example.com",
                         "smtp://",
                         "smtp://user:pw@",
                         "smtp://:25",
                         "smtp:///x",
                         "smtp://mail.example.com\r\nRCPT TO:<x@y.z>",
                         "smtp://mail example.com"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(oc__smtp_url_check(bad[i]), OC_EINVAL);
}

static void test_url_redact(void **state)
{
    (void)state;
    char out[128];
    oc__smtp_url_redact("smtps://user:secret@mail.example.com:465", out, sizeof(out));
    assert_string_equal(out, "smtps://mail.example.com:465");
    oc__smtp_url_redact("smtp://mail.example.com:587", out, sizeof(out));
    assert_string_equal(out, "smtp://mail.example.com:587");
    /* An '@' after the host is part of the path, not credentials. */
    oc__smtp_url_redact("smtp://mail.example.com/a@b", out, sizeof(out));
    assert_string_equal(out, "smtp://mail.example.com/a@b");
    oc__smtp_url_redact("smtp://u%40x:p@h/d", out, sizeof(out));
    assert_string_equal(out, "smtp://h/d");
    /* An unencoded '@' in the password: nothing of it shows. */
    oc__smtp_url_redact("smtp://u:p@ss@h:25", out, sizeof(out));
    assert_string_equal(out, "smtp://h:25");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_url_check),
        cmocka_unit_test(test_url_redact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
