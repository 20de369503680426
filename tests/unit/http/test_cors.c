/* Tests for src/http/cors.c: parsing the allow-list (spaces, tabs, empty entries, trailing
 * slashes, case, "*", refused entries), matching listed, any and unknown origins, and the
 * same-origin check against the Host header with and without ports and over https. */
#include "http/cors.h"

#include "core/errors.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

static oc_cors_match_t match(const oc_cors_t *c, const char *origin)
{
    return oc_cors_match(c, origin, strlen(origin));
}

static bool same(const char *origin, const char *host)
{
    return oc_cors_same_origin(origin, strlen(origin), host, strlen(host));
}

static void test_parse_list(void **state)
{
    (void)state;
    oc_cors_t c;
    assert_int_equal(oc_cors_init(&c, " https://A.Example ,\thttp://localhost:5173/,,"
                                      "HTTP://[::1]:8080//  , https://b-c.example.org"),
                     0);
    assert_false(c.any);
    assert_int_equal(c.count, 4);
    /* Normalised: lower case, no trailing slash, no surrounding blanks. */
    assert_string_equal(c.origins[0], "https://a.example");
    assert_string_equal(c.origins[1], "http://localhost:5173");
    assert_string_equal(c.origins[2], "http://[::1]:8080");
    assert_string_equal(c.origins[3], "https://b-c.example.org");
    oc_cors_free(&c);
    assert_null(c.origins);
    assert_int_equal(c.count, 0);
    oc_cors_free(&c);
    oc_cors_free(NULL);
}

static void test_parse_empty_and_star(void **state)
{
    (void)state;
    oc_cors_t c;
    static const char *const empty[] = {"", " ", ",", " , ,\t", "/", " / , //"};
    for (size_t i = 0; i < sizeof(empty) / sizeof(empty[0]); i++) {
        assert_int_equal(oc_cors_init(&c, empty[i]), 0);
        assert_int_equal(c.count, 0);
        assert_false(c.any);
        assert_int_equal(match(&c, "https://a.example"), OC_CORS_NONE);
        oc_cors_free(&c);
    }
    assert_int_equal(oc_cors_init(&c, "*"), 0);
    assert_true(c.any);
    assert_int_equal(c.count, 0);
    oc_cors_free(&c);
    assert_false(c.any);
    /* "*" beside listed origins: both kept. */
    assert_int_equal(oc_cors_init(&c, "https://a.example, * "), 0);
    assert_true(c.any);
    assert_int_equal(c.count, 1);
    assert_string_equal(c.origins[0], "https://a.example");
    oc_cors_free(&c);
}

static void test_parse_refuses_non_origins(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "a.example",
        "ftp://a.example",
        "http://",
        "https://",
        "http:///",
        "https://a.example/path",
        "https://a.example?x=1",
        "https://user@a.example",
        "https://a .example",
        "https://a.example#",
        "**",
        "null",
        "https://ok.example, bad",
        "bad, https://ok.example",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        oc_cors_t c;
        if (oc_cors_init(&c, bad[i]) != OC_EINVAL)
            fail_msg("\"%s\" was accepted", bad[i]);
        /* A refused list leaves nothing allocated and allows nothing. */
        assert_null(c.origins);
        assert_int_equal(c.count, 0);
        assert_false(c.any);
        oc_cors_free(&c);
    }
}

static void test_match(void **state)
{
    (void)state;
    oc_cors_t c;
    assert_int_equal(oc_cors_init(&c, "https://chat.example, http://localhost:5173"), 0);
    assert_int_equal(match(&c, "https://chat.example"), OC_CORS_LISTED);
    assert_int_equal(match(&c, "HTTPS://Chat.Example"), OC_CORS_LISTED);
    assert_int_equal(match(&c, "http://localhost:5173"), OC_CORS_LISTED);
    /* Scheme, port and host must all agree; no prefix or suffix matches. */
    assert_int_equal(match(&c, "http://chat.example"), OC_CORS_NONE);
    assert_int_equal(match(&c, "https://chat.example:443"), OC_CORS_NONE);
    assert_int_equal(match(&c, "https://chat.example.evil"), OC_CORS_NONE);
    assert_int_equal(match(&c, "https://evilchat.example"), OC_CORS_NONE);
    assert_int_equal(match(&c, "https://chat.exampl"), OC_CORS_NONE);
    assert_int_equal(match(&c, "http://localhost:517"), OC_CORS_NONE);
    assert_int_equal(match(&c, "http://localhost:51730"), OC_CORS_NONE);
    assert_int_equal(match(&c, "http://localhost"), OC_CORS_NONE);
    assert_int_equal(match(&c, "null"), OC_CORS_NONE);
    assert_int_equal(match(&c, ""), OC_CORS_NONE);
    /* Only len bytes count. */
    assert_int_equal(oc_cors_match(&c, "https://chat.example.evil", 20), OC_CORS_LISTED);
    assert_int_equal(oc_cors_match(&c, "https://chat.example\0x", 22), OC_CORS_NONE);
    oc_cors_free(&c);
}

static void test_match_any(void **state)
{
    (void)state;
    oc_cors_t c;
    assert_int_equal(oc_cors_init(&c, "*,https://chat.example"), 0);
    /* Listed origins keep credentials even when "*" is present. */
    assert_int_equal(match(&c, "https://chat.example"), OC_CORS_LISTED);
    assert_int_equal(match(&c, "https://other.example"), OC_CORS_ANY);
    assert_int_equal(match(&c, "null"), OC_CORS_ANY);
    oc_cors_free(&c);
}

static void test_same_origin(void **state)
{
    (void)state;
    assert_true(same("http://localhost:4000", "localhost:4000"));
    assert_true(same("https://chat.example", "chat.example"));
    assert_true(same("http://chat.example", "chat.example"));
    assert_true(same("HTTPS://Chat.Example", "chat.EXAMPLE"));
    assert_true(same("http://[::1]:4000", "[::1]:4000"));
    assert_true(same("https://chat.example:8443", "chat.example:8443"));
    /* Ports must agree exactly, including their presence. */
    assert_false(same("http://localhost:4000", "localhost:4001"));
    assert_false(same("http://localhost:4000", "localhost"));
    assert_false(same("http://localhost", "localhost:4000"));
    assert_false(same("https://chat.example", "chat.example.evil"));
    assert_false(same("https://chat.example.evil", "chat.example"));
    assert_false(same("https://chat.example", "evil.example"));
    /* Not http(s), or nothing after the scheme, or no Host. */
    assert_false(same("ws://chat.example", "chat.example"));
    assert_false(same("chat.example", "chat.example"));
    assert_false(same("http://", ""));
    assert_false(same("https://", ""));
    assert_false(same("https://chat.example", ""));
    assert_false(same("null", "null"));
    assert_false(same("", ""));
    /* Lengths bound both strings. */
    assert_true(oc_cors_same_origin("https://a.example/x", 17, "a.example:1", 9));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_list),
        cmocka_unit_test(test_parse_empty_and_star),
        cmocka_unit_test(test_parse_refuses_non_origins),
        cmocka_unit_test(test_match),
        cmocka_unit_test(test_match_any),
        cmocka_unit_test(test_same_origin),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
