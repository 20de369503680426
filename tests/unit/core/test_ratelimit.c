/* Tests for src/core/ratelimit.c: burst, refill over time, per-key independence, overrides
 * and their parse errors, unknown actions. Time is passed in, so nothing waits. */
#include "core/ratelimit.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

static void test_burst_then_refill(void **state)
{
    (void)state;
    char err[128];
    oc_ratelimit_t *rl = oc_ratelimit_new("login=3/60", err, sizeof(err));
    assert_non_null(rl);
    unsigned retry = 0;
    int64_t t = 1000000;
    for (int i = 0; i < 3; i++)
        assert_true(oc_ratelimit_take(rl, "login", "ip:1", t, &retry));
    assert_false(oc_ratelimit_take(rl, "login", "ip:1", t, &retry));
    assert_int_equal(retry, 20); /* one token every 20 s */
    /* Another key has its own bucket. */
    assert_true(oc_ratelimit_take(rl, "login", "ip:2", t, &retry));
    /* 19 s later still empty, 20 s later one token. */
    assert_false(oc_ratelimit_take(rl, "login", "ip:1", t + 19000, &retry));
    assert_int_equal(retry, 1);
    assert_true(oc_ratelimit_take(rl, "login", "ip:1", t + 20000, &retry));
    assert_false(oc_ratelimit_take(rl, "login", "ip:1", t + 20000, &retry));
    /* After a long pause the bucket is full again, but no fuller than the burst. */
    for (int i = 0; i < 3; i++)
        assert_true(oc_ratelimit_take(rl, "login", "ip:1", t + 3600000, &retry));
    assert_false(oc_ratelimit_take(rl, "login", "ip:1", t + 3600000, &retry));
    oc_ratelimit_free(rl);
}

static void test_defaults_and_unknown(void **state)
{
    (void)state;
    char err[128];
    oc_ratelimit_t *rl = oc_ratelimit_new("", err, sizeof(err));
    assert_non_null(rl);
    unsigned retry = 0;
    for (int i = 0; i < 1000; i++)
        assert_true(oc_ratelimit_take(rl, "no-such-action", "k", 0, &retry));
    int allowed = 0;
    for (int i = 0; i < 100; i++)
        allowed += oc_ratelimit_take(rl, "register", "ip:9", 0, &retry);
    assert_int_equal(allowed, 10); /* the default register burst */
    oc_ratelimit_free(rl);
}

static void test_new_action_override(void **state)
{
    (void)state;
    char err[128];
    oc_ratelimit_t *rl = oc_ratelimit_new(" custom=1/10 , login=2/5", err, sizeof(err));
    assert_non_null(rl);
    unsigned retry;
    assert_true(oc_ratelimit_take(rl, "custom", "a", 0, &retry));
    assert_false(oc_ratelimit_take(rl, "custom", "a", 0, &retry));
    assert_int_equal(retry, 10);
    oc_ratelimit_free(rl);
}

static void test_parse_errors(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "login",     "login=", "login=3",   "login=3/0",
        "login=0/5", "=3/5",   "login=x/5", "averyveryveryverylongactionname=1/1"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char err[128] = "";
        oc_ratelimit_t *rl = oc_ratelimit_new(bad[i], err, sizeof(err));
        if (rl != NULL)
            fail_msg("accepted \"%s\"", bad[i]);
        assert_non_null(strstr(err, "rate limit"));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_burst_then_refill),
        cmocka_unit_test(test_defaults_and_unknown),
        cmocka_unit_test(test_new_action_override),
        cmocka_unit_test(test_parse_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
