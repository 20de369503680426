/* Tests for the pure parts of src/domain/profiles.c: the statuses a user may set, the text
 * rules for display names and bios, and the username range a search prefix covers. */
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

static void test_search_range(void **state)
{
    (void)state;
    char lo[64], hi[64];
    assert_true(oc_profile_search_range("ada", lo, hi));
    assert_string_equal(lo, "ada");
    assert_string_equal(hi, "ada\x7f");
    /* Every username starting with the prefix sorts inside [lo, hi), every other outside. */
    static const char *const in[] = {"ada", "ada.l", "ada_", "ada9", "adazzz"};
    static const char *const out[] = {"ad", "adb", "ac", "b", "ad_a"};
    for (size_t i = 0; i < 5; i++) {
        if (!(strcmp(in[i], lo) >= 0 && strcmp(in[i], hi) < 0))
            fail_msg("%s should be in the range", in[i]);
        if (strcmp(out[i], lo) >= 0 && strcmp(out[i], hi) < 0)
            fail_msg("%s should not be in the range", out[i]);
    }
    /* Characters no username has: nothing can match, and no wildcard leaks through. */
    assert_false(oc_profile_search_range("a%", lo, hi));
    assert_false(oc_profile_search_range("a b", lo, hi));
    assert_false(oc_profile_search_range("A", lo, hi));
    assert_true(oc_profile_search_range("", lo, hi));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status),
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_search_range),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
