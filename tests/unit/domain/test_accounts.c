/* Tests for the pure parts of src/domain/accounts.c: which e-mail addresses are plausible, which
 * usernames are reserved, and the session list's JSON. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/accounts.h"

#include <string.h>

static void test_plausible_addresses(void **state)
{
    (void)state;
    const char *good[] = {
        "a@b.co",
        "alice@example.com",
        "Alice.Smith+tag@Mail.Example.COM",
        "o'brien@example.ie",
        "x_y-z!#$%&*/=?^`{|}~@sub-domain.example.org",
        "user@xn--bcher-kva.example",
        "user@example.xn--p1ai",
        "1@2.io",
    };
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        if (!oc_email_plausible(good[i]))
            fail_msg("refused %s", good[i]);
    }
    const char *bad[] = {
        "",
        "alice",
        "@example.com",
        "alice@",
        "alice@example",
        "alice@example.c",
        "alice@example.c0m",
        "alice@@example.com",
        "al@ice@example.com",
        "al ice@example.com",
        "alice@exa mple.com",
        ".alice@example.com",
        "alice.@example.com",
        "al..ice@example.com",
        "alice@.example.com",
        "alice@example..com",
        "alice@example.com.",
        "alice@-example.com",
        "alice@example-.com",
        "alice@exa_mple.com",
        "\"alice\"@example.com",
        "alice(comment)@example.com",
        "ålice@example.com",
        "alice@exämple.com",
        "1@deleted.invalid",
        "a@b.INVALID",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        if (oc_email_plausible(bad[i]))
            fail_msg("accepted %s", bad[i]);
    }
}

/* local_len letters, '@', then labels of 49 letters up to total bytes, ending in ".test". */
static const char *address(char *buf, size_t local_len, size_t total)
{
    memset(buf, 'a', local_len);
    size_t n = local_len;
    buf[n++] = '@';
    while (n < total - 5) {
        size_t label = total - 5 - n < 49 ? total - 5 - n : 49;
        memset(buf + n, 'c', label);
        n += label;
        buf[n++] = '.';
    }
    strcpy(buf + n, "test");
    assert_int_equal(strlen(buf), total);
    return buf;
}

static void test_address_lengths(void **state)
{
    (void)state;
    char buf[400];
    /* Local part: 64 is the most. */
    memset(buf, 'a', 64);
    strcpy(buf + 64, "@example.com");
    assert_true(oc_email_plausible(buf));
    memset(buf, 'a', 65);
    strcpy(buf + 65, "@example.com");
    assert_false(oc_email_plausible(buf));
    /* A domain label: 63 is the most. */
    strcpy(buf, "a@");
    memset(buf + 2, 'b', 63);
    strcpy(buf + 65, ".com");
    assert_true(oc_email_plausible(buf));
    strcpy(buf, "a@");
    memset(buf + 2, 'b', 64);
    strcpy(buf + 66, ".com");
    assert_false(oc_email_plausible(buf));
    /* The whole address: 254 is the most. */
    assert_true(oc_email_plausible(address(buf, 1, 254)));
    assert_false(oc_email_plausible(address(buf, 2, 255)));
}

static void test_reserved_usernames(void **state)
{
    (void)state;
    assert_true(oc_username_reserved("deleted_123"));
    assert_true(oc_username_reserved("deleted_"));
    assert_false(oc_username_reserved("deleted"));
    assert_false(oc_username_reserved("deleted.123"));
    assert_false(oc_username_reserved("undeleted_1"));
    assert_false(oc_username_reserved("alice"));
}

static void test_sessions_json(void **state)
{
    (void)state;
    oc_session_row_t rows[2] = {
        {.id = 22,
         .created_at = 1000,
         .last_used_at = 2000,
         .user_agent = "Mozilla \"5\"",
         .ip = "203.0.113.7"},
        {.id = 11, .created_at = 500, .last_used_at = 500, .user_agent = "", .ip = "::1"},
    };
    oc_buf_t b = OC_BUF_INIT;
    oc_account_sessions_json(&b, rows, 2, 11);
    oc_buf_append_char(&b, '\0');
    assert_string_equal(b.data, "{\"sessions\":["
                                "{\"id\":\"22\",\"created_at\":1000,\"last_used_at\":2000,"
                                "\"user_agent\":\"Mozilla \\\"5\\\"\",\"ip\":\"203.0.113.7\","
                                "\"current\":false},"
                                "{\"id\":\"11\",\"created_at\":500,\"last_used_at\":500,"
                                "\"user_agent\":\"\",\"ip\":\"::1\",\"current\":true}]}");
    b.len = 0;
    oc_account_sessions_json(&b, rows, 0, 11);
    oc_buf_append_char(&b, '\0');
    assert_string_equal(b.data, "{\"sessions\":[]}");
    oc_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plausible_addresses),
        cmocka_unit_test(test_address_lengths),
        cmocka_unit_test(test_reserved_usernames),
        cmocka_unit_test(test_sessions_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
