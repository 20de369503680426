/* Tests for the pure parts of src/domain/identities.c: the username made from a provider's
 * e-mail address (reduced alphabet, length limits, reserved names, numeric suffixes) and the
 * display name made from its "name" claim (controls dropped, trimmed, 32 characters, fallback).
 * Signing in against a database is covered by tests/integration/api/oidc.test.mjs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/identities.h"

#include <string.h>

static const char *stem(const char *email)
{
    static char out[OC_USERNAME_MAX + 1];
    oc_identity_username_stem(email, out);
    assert_true(oc_username_valid(out));
    return out;
}

static void test_username_stem(void **state)
{
    (void)state;
    assert_string_equal(stem("Ada.Lovelace@example.com"), "ada.lovelace");
    assert_string_equal(stem("ada+chat-2@example.com"), "adachat2");
    assert_string_equal(stem("j_o.e@x.example"), "j_o.e");
    assert_string_equal(stem("J\xc3\xb6rg.M\xc3\xbcller@example.de"), "jrg.mller");
    /* Too short after reduction: "user" in front. */
    assert_string_equal(stem("x@example.com"), "userx");
    assert_string_equal(stem("ab@example.com"), "userab");
    assert_string_equal(stem("+-!@example.com"), "user");
    assert_string_equal(stem("abc@example.com"), "abc");
    /* Reserved for deleted accounts. */
    assert_string_equal(stem("deleted_bob@example.com"), "userdeleted_bob");
    assert_string_equal(stem("Deleted_Bob@example.com"), "userdeleted_bob");
    /* Cut to 32. */
    assert_string_equal(stem("abcdefghijklmnopqrstuvwxyz0123456789@example.com"),
                        "abcdefghijklmnopqrstuvwxyz012345");
    assert_string_equal(stem("deleted_abcdefghijklmnopqrstuvwxyz0123@example.com"),
                        "userdeleted_abcdefghijklmnopqrst");
    /* No '@': the whole text. */
    assert_string_equal(stem("plain"), "plain");
}

static void test_username_suffix(void **state)
{
    (void)state;
    char out[OC_USERNAME_MAX + 1];
    oc_identity_username_with_suffix("ada", 2, out);
    assert_string_equal(out, "ada2");
    oc_identity_username_with_suffix("ada", 51, out);
    assert_string_equal(out, "ada51");
    const char *full = "abcdefghijklmnopqrstuvwxyz012345"; /* 32 */
    oc_identity_username_with_suffix(full, 2, out);
    assert_string_equal(out, "abcdefghijklmnopqrstuvwxyz012342");
    oc_identity_username_with_suffix(full, 123456, out);
    assert_string_equal(out, "abcdefghijklmnopqrstuvwxyz123456");
    assert_int_equal(strlen(out), OC_USERNAME_MAX);
}

static const char *display(const char *name)
{
    static char out[OC_DISPLAY_NAME_MAX * 4 + 1];
    oc_identity_display_name(name, "fallback_user", out, sizeof(out));
    return out;
}

static void test_display_name(void **state)
{
    (void)state;
    assert_string_equal(display("Ada Lovelace"), "Ada Lovelace");
    assert_string_equal(display("  Ada  "), "Ada");
    assert_string_equal(display("A\tda\x7f\n"), "Ada");
    assert_string_equal(display("J\xc3\xb6rg \xc2\x85"
                                "M\xc3\xbcller"),
                        "J\xc3\xb6rg M\xc3\xbcller");
    assert_string_equal(display(""), "fallback_user");
    assert_string_equal(display(" \n\t "), "fallback_user");
    assert_string_equal(display("bad \xff utf-8"), "fallback_user");
    /* 32 characters, counted as characters: 40 "é" keep 32 (64 bytes). */
    char many[100] = "";
    for (int i = 0; i < 40; i++)
        strcat(many, "\xc3\xa9");
    assert_int_equal(strlen(display(many)), 64);
    assert_string_equal(display("An extremely long display name that keeps going"),
                        "An extremely long display name t");
    /* Cut right after a space: the space goes too. */
    assert_string_equal(display("abcdefghijklmnopqrstuvwxyz01234 x"),
                        "abcdefghijklmnopqrstuvwxyz01234");
    /* A small buffer is never overrun. */
    char small[6];
    oc_identity_display_name("Ada Lovelace", "u", small, sizeof(small));
    assert_string_equal(small, "Ada L");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_username_stem),
        cmocka_unit_test(test_username_suffix),
        cmocka_unit_test(test_display_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
