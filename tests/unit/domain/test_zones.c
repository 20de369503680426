/* Unit tests for the pure rules of src/domain/zones.c and invites.c: the role hierarchy (who
 * may act on whom, which roles may be granted), role names, channel name normalization, and
 * the shape of invite codes. The database side is covered by the API integration tests. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/invites.h"
#include "domain/zones.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static void test_role_names(void **state)
{
    (void)state;
    assert_int_equal(oc_role_parse("owner"), OC_ROLE_OWNER);
    assert_int_equal(oc_role_parse("admin"), OC_ROLE_ADMIN);
    assert_int_equal(oc_role_parse("member"), OC_ROLE_MEMBER);
    assert_int_equal(oc_role_parse("Admin"), OC_ROLE_NONE);
    assert_int_equal(oc_role_parse(""), OC_ROLE_NONE);
    assert_int_equal(oc_role_parse(NULL), OC_ROLE_NONE);
    assert_string_equal(oc_role_name(OC_ROLE_OWNER), "owner");
    assert_string_equal(oc_role_name(OC_ROLE_ADMIN), "admin");
    assert_string_equal(oc_role_name(OC_ROLE_MEMBER), "member");
    assert_string_equal(oc_role_name(OC_ROLE_NONE), "");
    assert_string_equal(oc_role_name((oc_role_t)9), "");
}

/* Every (actor, target) pair against the rule written out: ADMIN+ acts only on lower roles. */
static void test_act_matrix(void **state)
{
    (void)state;
    for (int actor = OC_ROLE_NONE; actor <= OC_ROLE_OWNER; actor++) {
        for (int target = OC_ROLE_NONE; target <= OC_ROLE_OWNER; target++) {
            oc_zone_refusal_t want = actor < OC_ROLE_ADMIN ? OC_ZR_ADMIN_REQUIRED
                                     : target >= actor     ? OC_ZR_ROLE_TOO_LOW
                                                           : OC_ZR_NONE;
            assert_int_equal(oc_role_check_act((oc_role_t)actor, (oc_role_t)target), want);
        }
    }
    /* The cases the product talks about, spelled out. */
    assert_int_equal(oc_role_check_act(OC_ROLE_OWNER, OC_ROLE_ADMIN), OC_ZR_NONE);
    assert_int_equal(oc_role_check_act(OC_ROLE_ADMIN, OC_ROLE_MEMBER), OC_ZR_NONE);
    assert_int_equal(oc_role_check_act(OC_ROLE_ADMIN, OC_ROLE_NONE), OC_ZR_NONE);
    assert_int_equal(oc_role_check_act(OC_ROLE_ADMIN, OC_ROLE_ADMIN), OC_ZR_ROLE_TOO_LOW);
    assert_int_equal(oc_role_check_act(OC_ROLE_ADMIN, OC_ROLE_OWNER), OC_ZR_ROLE_TOO_LOW);
    assert_int_equal(oc_role_check_act(OC_ROLE_MEMBER, OC_ROLE_MEMBER), OC_ZR_ADMIN_REQUIRED);
    assert_int_equal(oc_role_check_act(OC_ROLE_OWNER, OC_ROLE_OWNER), OC_ZR_ROLE_TOO_LOW);
}

static void test_grant(void **state)
{
    (void)state;
    /* Only the owner makes admins. */
    assert_int_equal(oc_role_check_grant(OC_ROLE_OWNER, OC_ROLE_MEMBER, OC_ROLE_ADMIN), OC_ZR_NONE);
    assert_int_equal(oc_role_check_grant(OC_ROLE_ADMIN, OC_ROLE_MEMBER, OC_ROLE_ADMIN),
                     OC_ZR_ROLE_NOT_GRANTABLE);
    /* Demotions: the owner demotes an admin; an admin cannot touch another admin. */
    assert_int_equal(oc_role_check_grant(OC_ROLE_OWNER, OC_ROLE_ADMIN, OC_ROLE_MEMBER), OC_ZR_NONE);
    assert_int_equal(oc_role_check_grant(OC_ROLE_ADMIN, OC_ROLE_ADMIN, OC_ROLE_MEMBER),
                     OC_ZR_ROLE_TOO_LOW);
    /* Setting a member to member is allowed (a no-op) for an admin. */
    assert_int_equal(oc_role_check_grant(OC_ROLE_ADMIN, OC_ROLE_MEMBER, OC_ROLE_MEMBER),
                     OC_ZR_NONE);
    /* Ownership is never granted, only transferred. */
    assert_int_equal(oc_role_check_grant(OC_ROLE_OWNER, OC_ROLE_ADMIN, OC_ROLE_OWNER),
                     OC_ZR_ROLE_NOT_GRANTABLE);
    assert_int_equal(oc_role_check_grant(OC_ROLE_OWNER, OC_ROLE_MEMBER, OC_ROLE_NONE),
                     OC_ZR_ROLE_NOT_GRANTABLE);
    /* The hierarchy is checked before the grant. */
    assert_int_equal(oc_role_check_grant(OC_ROLE_MEMBER, OC_ROLE_MEMBER, OC_ROLE_MEMBER),
                     OC_ZR_ADMIN_REQUIRED);
    assert_int_equal(oc_role_check_grant(OC_ROLE_ADMIN, OC_ROLE_OWNER, OC_ROLE_MEMBER),
                     OC_ZR_ROLE_TOO_LOW);
}

static void check_name(const char *type, const char *in, const char *want)
{
    char *got = oc_channel_name_normalize(type, in);
    assert_string_equal(got, want);
    free(got);
}

static void test_channel_names(void **state)
{
    (void)state;
    check_name("text", "general", "general");
    check_name("text", "Off Topic", "off-topic");
    check_name("text", "Big   News\tToday", "big-news-today");
    /* Only ASCII letters change case: other letters stay as typed. */
    check_name("text", "\xc3\x89T\xc3\x89 Caf\xc3\xa9", "\xc3\x89t\xc3\x89-caf\xc3\xa9");
    check_name("text", "a-B_c.9", "a-b_c.9");
    check_name("voice", "General Voice", "General Voice");
    check_name("voice", "Lounge  2", "Lounge  2");
    assert_true(oc_channel_type_valid("text"));
    assert_true(oc_channel_type_valid("voice"));
    assert_false(oc_channel_type_valid("Text"));
    assert_false(oc_channel_type_valid("stage"));
    assert_false(oc_channel_type_valid(NULL));
}

static void test_invite_codes(void **state)
{
    (void)state;
    char seen[64][OC_INVITE_CODE_LEN + 1];
    for (int i = 0; i < 64; i++) {
        oc_invite_code_new(seen[i]);
        assert_int_equal(strlen(seen[i]), OC_INVITE_CODE_LEN);
        assert_true(oc_invite_code_valid(seen[i], OC_INVITE_CODE_LEN));
        for (int j = 0; j < i; j++)
            assert_string_not_equal(seen[i], seen[j]);
    }
    assert_true(oc_invite_code_valid("AbCdEf0129", 10));
    assert_false(oc_invite_code_valid("AbCdEf012", 9));
    assert_false(oc_invite_code_valid("AbCdEf01234", 11));
    assert_false(oc_invite_code_valid("AbCdEf01-9", 10));
    assert_false(oc_invite_code_valid("AbCdEf01%9", 10));
    assert_false(oc_invite_code_valid("../../etc/", 10));
    assert_false(oc_invite_code_valid("", 0));
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_role_names),   cmocka_unit_test(test_act_matrix),
        cmocka_unit_test(test_grant),        cmocka_unit_test(test_channel_names),
        cmocka_unit_test(test_invite_codes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
