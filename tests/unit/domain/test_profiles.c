/* Tests for the pure parts of src/domain/profiles.c: the statuses a user may set, the text
 * rules for display names and bios, and escaping a search prefix for LIKE. */
#include "domain/profiles.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

static void test_status(void **state)
{
    (void)state;
    assert_true(oc_profile_status_valid("online"));
    assert_true(oc_profile_status_valid("idle"));
    assert_true(oc_profile_status_valid("dnd"));
    assert_true(oc_profile_status_valid("invisible"));
    assert_false(oc_profile_status_valid("offline"));
    assert_false(oc_profile_status_valid("Online"));
    assert_false(oc_profile_status_valid(""));
    assert_false(oc_profile_status_valid(NULL));
}

static void test_text(void **state)
{
    (void)state;
    assert_true(oc_profile_text_ok("Ada Lovelace", false));
    assert_true(oc_profile_text_ok("Zoë 🚀 日本", false));
    assert_true(oc_profile_text_ok("", false));
    assert_false(oc_profile_text_ok("two\nlines", false));
    assert_true(oc_profile_text_ok("two\nlines", true));
    assert_false(oc_profile_text_ok("tab\there", true));
    assert_false(oc_profile_text_ok("cr\r\n", true));
    assert_false(oc_profile_text_ok("bell\a", true));
    assert_false(oc_profile_text_ok("del\x7f", false));
    assert_false(oc_profile_text_ok("c1\xc2\x85", true));   /* U+0085 NEXT LINE */
    assert_true(oc_profile_text_ok("\xc2\xa0nbsp", false)); /* U+00A0 is printable */
}

static void test_like_prefix(void **state)
{
    (void)state;
    char out[64];
    oc_profile_like_prefix("ada", out);
    assert_string_equal(out, "ada%");
    oc_profile_like_prefix("a_b.c", out);
    assert_string_equal(out, "a\\_b.c%");
    oc_profile_like_prefix("100%", out);
    assert_string_equal(out, "100\\%%");
    oc_profile_like_prefix("back\\slash", out);
    assert_string_equal(out, "back\\\\slash%");
    oc_profile_like_prefix("", out);
    assert_string_equal(out, "%");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status),
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_like_prefix),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
