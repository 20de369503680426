/* Tests for the session cache in src/auth/sessions.c: freshness window, revocation of one
 * session and of all of a user's but one. */
#include "auth/sessions.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

static void test_cache(void **state)
{
    (void)state;
    oc_session_cache_t *c = oc_session_cache_new();
    oc_session_info_t a = {.id = 1, .user_id = 10}, b = {.id = 2, .user_id = 10},
                      other = {.id = 3, .user_id = 11};
    oc_session_cache_put(c, &a, 1000);
    oc_session_cache_put(c, &b, 1000);
    oc_session_cache_put(c, &other, 1000);
    const oc_session_info_t *got = oc_session_cache_get(c, 1, 1000 + OC_SESSION_CACHE_MS);
    assert_non_null(got);
    assert_int_equal(got->user_id, 10);
    assert_false(got->revoked);
    assert_null(oc_session_cache_get(c, 99, 1000));
    /* Past the window the entry is dropped and must be re-read from the database. */
    assert_null(oc_session_cache_get(c, 1, 1001 + OC_SESSION_CACHE_MS));
    oc_session_cache_put(c, &a, 5000);
    oc_session_cache_revoke(c, 1);
    assert_true(oc_session_cache_get(c, 1, 5000)->revoked);
    oc_session_cache_revoke_user(c, 10, 2); /* keep session 2 */
    assert_false(oc_session_cache_get(c, 2, 5000)->revoked);
    oc_session_cache_revoke_user(c, 10, 0);
    assert_true(oc_session_cache_get(c, 2, 5000)->revoked);
    assert_false(oc_session_cache_get(c, 3, 5000)->revoked);
    /* A database answer that left before the revocation does not undo it. */
    oc_session_info_t stale = {.id = 2, .user_id = 10, .revoked = false};
    oc_session_cache_put(c, &stale, 6000);
    assert_true(oc_session_cache_get(c, 2, 6000)->revoked);
    oc_session_cache_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_cache)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
