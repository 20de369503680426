/* Tests for src/auth/password.c: the acceptance rules (lengths in characters, the bundled list
 * of common passwords in any case) and argon2id hashing and checking in the thread pool,
 * including the dummy check for unknown users and re-hashing after a parameter change. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "auth/password.c"

#include <sodium.h>

static const char *repeat(char *buf, const char *unit, size_t times)
{
    buf[0] = '\0';
    for (size_t i = 0; i < times; i++)
        strcat(buf, unit);
    return buf;
}

static void test_lengths_count_characters(void **state)
{
    (void)state;
    char buf[1024];
    const char *why = "unset";
    assert_false(oc_password_acceptable("", &why));
    assert_string_equal(why, "Use at least 8 characters for your password.");
    assert_false(oc_password_acceptable("zq7#Kp2", &why)); /* 7 */
    assert_true(oc_password_acceptable("zq7#Kp2v", &why)); /* 8 */
    assert_null(why);
    /* é is two bytes: seven of them are 14 bytes but still 7 characters. */
    assert_false(oc_password_acceptable(repeat(buf, "\xc3\xa9", 7), &why));
    assert_string_equal(why, "Use at least 8 characters for your password.");
    assert_true(oc_password_acceptable(repeat(buf, "\xc3\xa9", 8), &why));
    /* 128 four-byte characters (512 bytes) are fine, 129 are not. */
    assert_true(oc_password_acceptable(repeat(buf, "\xf0\x9f\x94\x91", 128), &why));
    assert_false(oc_password_acceptable(repeat(buf, "\xf0\x9f\x94\x91", 129), &why));
    assert_string_equal(why, "Use at most 128 characters for your password.");
    assert_true(oc_password_acceptable(repeat(buf, "k", 128), &why));
    assert_false(oc_password_acceptable(repeat(buf, "k", 129), &why));
}

static void test_invalid_utf8_refused(void **state)
{
    (void)state;
    const char *why;
    assert_false(oc_password_acceptable("abcdefgh\xff", &why));
    assert_string_equal(why, "The password is not valid text.");
    assert_false(oc_password_acceptable("abcdefg\xc3", &why));
}

static void test_common_passwords_refused_in_any_case(void **state)
{
    (void)state;
    const char *why;
    const char *common_ones[] = {
        "password", "PASSWORD", "Password", "12345678", "iloveyou", "qwertyuiop",
        "1qaz2wsx", "trustno1", "Sunshine", "baseball", "07021954" /* the last line of the file */};
    for (size_t i = 0; i < sizeof(common_ones) / sizeof(common_ones[0]); i++) {
        why = NULL;
        assert_false(oc_password_acceptable(common_ones[i], &why));
        assert_string_equal(why, "This password is one of the most commonly used ones: choose "
                                 "one that is harder to guess.");
    }
    /* The notes at the top of the file are not entries. */
    assert_true(oc_password_acceptable("# The passwords people use most, refused at "
                                       "registration and password change",
                                       &why));
    assert_true(oc_password_acceptable("correct horse battery staple", &why));
    assert_true(oc_password_acceptable("password but longer", &why));
}

static void test_list_is_large_and_sorted(void **state)
{
    (void)state;
    const char *why;
    oc_password_acceptable("warm up the index", &why);
    assert_true(common.count >= 10000);
    for (size_t i = 1; i < common.count; i++)
        assert_true(strcmp(common.entries[i - 1], common.entries[i]) <= 0);
    for (size_t i = 0; i < common.count; i++) {
        assert_true(strlen(common.entries[i]) >= 8);
        for (const char *p = common.entries[i]; *p; p++)
            assert_false(*p >= 'A' && *p <= 'Z');
    }
}

/* ---- hashing ----------------------------------------------------------------------------- */

typedef struct result {
    int calls;
    int status;
    bool needs_rehash;
    char hash[crypto_pwhash_STRBYTES];
} result_t;

static void hashed(int status, const char *hash, void *arg)
{
    result_t *r = arg;
    r->calls++;
    r->status = status;
    if (hash != NULL)
        snprintf(r->hash, sizeof(r->hash), "%s", hash);
}

static void verified(int status, bool needs_rehash, void *arg)
{
    result_t *r = arg;
    r->calls++;
    r->status = status;
    r->needs_rehash = needs_rehash;
}

static const oc_password_params_t fast = {1, 64 * 1024};

static void hash_one(uv_loop_t *loop, const oc_password_params_t *p, const char *pw, result_t *r)
{
    memset(r, 0, sizeof(*r));
    oc_password_hash(loop, p, pw, hashed, r);
    assert_int_equal(r->calls, 0); /* never on the caller's stack */
    uv_run(loop, UV_RUN_DEFAULT);
    assert_int_equal(r->calls, 1);
    assert_int_equal(r->status, 0);
}

static void verify_one(uv_loop_t *loop, const oc_password_params_t *p, const char *pw,
                       const char *hash, result_t *r)
{
    memset(r, 0, sizeof(*r));
    oc_password_verify(loop, p, pw, hash, verified, r);
    assert_int_equal(r->calls, 0);
    uv_run(loop, UV_RUN_DEFAULT);
    assert_int_equal(r->calls, 1);
}

static void test_hash_and_verify(void **state)
{
    (void)state;
    uv_loop_t loop;
    assert_int_equal(uv_loop_init(&loop), 0);
    result_t h, v;
    hash_one(&loop, &fast, "correct horse battery staple", &h);
    assert_memory_equal(h.hash, "$argon2id$v=19$m=64,t=1,p=1$", 28);

    verify_one(&loop, &fast, "correct horse battery staple", h.hash, &v);
    assert_int_equal(v.status, 0);
    assert_false(v.needs_rehash);

    verify_one(&loop, &fast, "correct horse battery stapl", h.hash, &v);
    assert_int_equal(v.status, OC_EPERM);
    assert_false(v.needs_rehash);

    /* Same password, new hash: salted. */
    result_t h2;
    hash_one(&loop, &fast, "correct horse battery staple", &h2);
    assert_string_not_equal(h.hash, h2.hash);

    /* Unknown user: checked against the dummy, always refused. */
    verify_one(&loop, &fast, "correct horse battery staple", NULL, &v);
    assert_int_equal(v.status, OC_EPERM);
    verify_one(&loop, &fast, "", NULL, &v);
    assert_int_equal(v.status, OC_EPERM);

    /* A malformed stored hash is a mismatch, not a crash. */
    verify_one(&loop, &fast, "x", "$argon2id$garbage", &v);
    assert_int_equal(v.status, OC_EPERM);
    assert_int_equal(uv_loop_close(&loop), 0);
}

static void test_needs_rehash_after_parameter_change(void **state)
{
    (void)state;
    uv_loop_t loop;
    assert_int_equal(uv_loop_init(&loop), 0);
    result_t h, v;
    hash_one(&loop, &fast, "an old but good password", &h);
    const oc_password_params_t stronger = {2, 128 * 1024};
    verify_one(&loop, &stronger, "an old but good password", h.hash, &v);
    assert_int_equal(v.status, 0);
    assert_true(v.needs_rehash);
    /* A failed check never asks for a re-hash. */
    verify_one(&loop, &stronger, "a wrong password", h.hash, &v);
    assert_int_equal(v.status, OC_EPERM);
    assert_false(v.needs_rehash);
    /* Parameters below libsodium's minimum are raised to it. */
    const oc_password_params_t tiny = {0, 1};
    hash_one(&loop, &tiny, "an old but good password", &h);
    verify_one(&loop, &tiny, "an old but good password", h.hash, &v);
    assert_int_equal(v.status, 0);
    assert_int_equal(uv_loop_close(&loop), 0);
}

static void test_warm_up(void **state)
{
    (void)state;
    uv_loop_t loop;
    assert_int_equal(uv_loop_init(&loop), 0);
    const oc_password_params_t p = {1, 32 * 1024};
    oc_password_warm_up(&loop, &p);
    uv_run(&loop, UV_RUN_DEFAULT);
    assert_true(common.count >= 10000);
    assert_int_equal(dummy.ops, 1);
    assert_int_equal(dummy.mem, 32 * 1024);
    assert_memory_equal(dummy.hash, "$argon2id$v=19$m=32,t=1,p=1$", 28);
    assert_int_equal(uv_loop_close(&loop), 0);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lengths_count_characters),
        cmocka_unit_test(test_invalid_utf8_refused),
        cmocka_unit_test(test_common_passwords_refused_in_any_case),
        cmocka_unit_test(test_list_is_large_and_sorted),
        cmocka_unit_test(test_hash_and_verify),
        cmocka_unit_test(test_needs_rehash_after_parameter_change),
        cmocka_unit_test(test_warm_up),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
