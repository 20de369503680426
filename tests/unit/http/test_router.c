/* Tests for src/http/router.c: literal and parameter segments, prefix ("*") routes, the
 * difference between "no such path" (404) and "path exists, wrong method" (405 with the
 * allowed methods), HEAD answered by GET routes, trailing slashes, raw percent-encoded
 * parameters, paths longer or shorter than the pattern, route order, and malformed patterns.
 * Handlers are told apart by their ctx pointer. */
#include "http/router.h"

#include "core/alloc.h"
#include "core/errors.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

static void handler_a(oc_http_request_t *req, void *ctx)
{
    (void)req;
    (void)ctx;
}

static void handler_b(oc_http_request_t *req, void *ctx)
{
    (void)req;
    (void)ctx;
}

static int h_root, h_health, h_zone, h_zone_post, h_members, h_member, h_eio, h_any, h_all,
    h_head_only, h_star_literal;

static oc_router_t *router;

static int setup(void **state)
{
    (void)state;
    router = oc_router_new();
    static const struct {
        int method;
        const char *pattern;
        void *ctx;
    } routes[] = {
        {OC_HTTP_GET, "/", &h_root},
        {OC_HTTP_GET, "/healthz", &h_health},
        {OC_HTTP_GET, "/api/v1/zones/:id", &h_zone},
        {OC_HTTP_PATCH, "/api/v1/zones/:id", &h_zone_post},
        {OC_HTTP_DELETE, "/api/v1/zones/:id", &h_zone_post},
        {OC_HTTP_GET, "/api/v1/zones/:id/members", &h_members},
        {OC_HTTP_PUT, "/api/v1/zones/:zone/members/:user", &h_member},
        {OC_ROUTE_ANY_METHOD, "/socket.io/*", &h_eio},
        {OC_ROUTE_ANY_METHOD, "/any", &h_any},
        {OC_HTTP_HEAD, "/head-only", &h_head_only},
        {OC_HTTP_GET, "/files/*/raw", &h_star_literal}, /* "*" not last: a literal */
    };
    for (size_t i = 0; i < OC_ARRAY_LEN(routes); i++)
        assert_int_equal(
            oc_router_add(router, routes[i].method, routes[i].pattern, handler_a, routes[i].ctx),
            0);
    *state = router;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    oc_router_free(router);
    router = NULL;
    return 0;
}

static int match(oc_http_method_t method, const char *path, oc_route_match_t *m)
{
    memset(m, 0xA5, sizeof(*m));
    return oc_router_match(router, method, path, strlen(path), m);
}

static void assert_param(const oc_route_match_t *m, size_t i, const char *name, const char *value)
{
    assert_true(i < m->num_params);
    assert_string_equal(m->params[i].name, name);
    assert_int_equal(m->params[i].value_len, strlen(value));
    assert_memory_equal(m->params[i].value, value, strlen(value));
}

static void test_literal_routes(void **state)
{
    (void)state;
    oc_route_match_t m;
    assert_int_equal(match(OC_HTTP_GET, "/", &m), 0);
    assert_ptr_equal(m.ctx, &h_root);
    assert_ptr_equal(m.fn, handler_a);
    assert_int_equal(m.num_params, 0);
    assert_int_equal(match(OC_HTTP_GET, "/healthz", &m), 0);
    assert_ptr_equal(m.ctx, &h_health);
    assert_int_equal(m.num_params, 0);
    assert_int_equal(match(OC_HTTP_GET, "/healthzz", &m), OC_ENOENT);
    assert_int_equal(match(OC_HTTP_GET, "/health", &m), OC_ENOENT);
    assert_int_equal(match(OC_HTTP_GET, "/HEALTHZ", &m), OC_ENOENT); /* case matters */
    assert_int_equal(match(OC_HTTP_GET, "/healthz/x", &m), OC_ENOENT);
    assert_int_equal(match(OC_HTTP_GET, "/x/healthz", &m), OC_ENOENT);
    assert_int_equal(match(OC_HTTP_GET, "//", &m), OC_ENOENT);
    assert_int_equal(m.num_params, 0);
}

static void test_params(void **state)
{
    (void)state;
    oc_route_match_t m;
    assert_int_equal(match(OC_HTTP_GET, "/api/v1/zones/42", &m), 0);
    assert_ptr_equal(m.ctx, &h_zone);
    assert_int_equal(m.num_params, 1);
    assert_param(&m, 0, "id", "42");

    assert_int_equal(match(OC_HTTP_GET, "/api/v1/zones/42/members", &m), 0);
    assert_ptr_equal(m.ctx, &h_members);
    assert_int_equal(m.num_params, 1);
    assert_param(&m, 0, "id", "42");

    assert_int_equal(match(OC_HTTP_PUT, "/api/v1/zones/z1/members/u-2", &m), 0);
    assert_ptr_equal(m.ctx, &h_member);
    assert_int_equal(m.num_params, 2);
    assert_param(&m, 0, "zone", "z1");
    assert_param(&m, 1, "user", "u-2");
    /* The value points into the path the caller gave. */
    const char *path = "/api/v1/zones/abc";
    assert_int_equal(oc_router_match(router, OC_HTTP_GET, path, strlen(path), &m), 0);
    assert_ptr_equal(m.params[0].value, path + 14);
}

static void test_params_stay_percent_encoded(void **state)
{
    (void)state;
    oc_route_match_t m;
    assert_int_equal(match(OC_HTTP_GET, "/api/v1/zones/a%2Fb%20c", &m), 0);
    assert_param(&m, 0, "id", "a%2Fb%20c");
    assert_int_equal(match(OC_HTTP_GET, "/api/v1/zones/%E2%9C%93/members", &m), 0);
    assert_param(&m, 0, "id", "%E2%9C%93");
    /* A parameter is one whole segment: "." and ":" are ordinary bytes. */
    assert_int_equal(match(OC_HTTP_GET, "/api/v1/zones/a.b:c", &m), 0);
    assert_param(&m, 0, "id", "a.b:c");
}

static void test_empty_param_segment_does_not_match(void **state)
{
    (void)state;
    oc_route_match_t m;
    /* "/api/v1/zones/" is the zone route with an empty id: not a match. */
    assert_int_equal(match(OC_HTTP_GET, "/api/v1/zones/", &m), OC_ENOENT);
    assert_int_equal(match(OC_HTTP_GET, "/api/v1/zones", &m), OC_ENOENT);
    assert_int_equal(match(OC_HTTP_GET, "/api/v1/zones//members", &m), OC_ENOENT);
    assert_int_equal(m.num_params, 0);
    /* With the user segment empty only the GET members route (trailing slash) matches. */
    assert_int_equal(match(OC_HTTP_PUT, "/api/v1/zones/z/members/", &m), OC_EPERM);
    assert_int_equal(m.allowed, (1u << OC_HTTP_GET) | (1u << OC_HTTP_HEAD));
    assert_int_equal(m.num_params, 0);
}

static void test_more_or_fewer_segments_than_pattern(void **state)
{
    (void)state;
    oc_route_match_t m;
    assert_int_equal(match(OC_HTTP_PUT, "/api/v1/zones/1/members/2/3", &m), OC_ENOENT);
    assert_int_equal(match(OC_HTTP_GET, "/api/v1/zones/1/x", &m), OC_ENOENT);
    assert_int_equal(
        match(OC_HTTP_GET, "/api/v1/zones/1/members/2/3/4/5/6/7/8/9/10/11/12/13/14", &m),
        OC_ENOENT);
    assert_int_equal(match(OC_HTTP_GET, "/api/v1", &m), OC_ENOENT);
    assert_int_equal(match(OC_HTTP_GET, "/api", &m), OC_ENOENT);
    assert_int_equal(match(OC_HTTP_PUT, "/api/v1/zones/z/members", &m), OC_EPERM); /* GET */
}

static void test_trailing_slash(void **state)
{
    (void)state;
    oc_route_match_t m;
    /* One trailing slash is tolerated, two are not. */
    assert_int_equal(match(OC_HTTP_GET, "/healthz/", &m), 0);
    assert_ptr_equal(m.ctx, &h_health);
    assert_int_equal(match(OC_HTTP_GET, "/healthz//", &m), OC_ENOENT);
    assert_int_equal(match(OC_HTTP_GET, "/api/v1/zones/7/", &m), 0);
    assert_ptr_equal(m.ctx, &h_zone);
    assert_param(&m, 0, "id", "7");
    assert_int_equal(match(OC_HTTP_GET, "/api/v1/zones/7/members/", &m), 0);
    assert_ptr_equal(m.ctx, &h_members);
    /* A pattern's own trailing slash is ignored the same way. */
    assert_int_equal(oc_router_add(router, OC_HTTP_POST, "/login/", handler_b, &h_all), 0);
    assert_int_equal(match(OC_HTTP_POST, "/login", &m), 0);
    assert_ptr_equal(m.fn, handler_b);
    assert_int_equal(match(OC_HTTP_POST, "/login/", &m), 0);
    assert_ptr_equal(m.fn, handler_b);
}

static void test_prefix_routes(void **state)
{
    (void)state;
    oc_route_match_t m;
    assert_int_equal(match(OC_HTTP_GET, "/socket.io/", &m), 0);
    assert_ptr_equal(m.ctx, &h_eio);
    assert_int_equal(m.num_params, 0);
    assert_int_equal(match(OC_HTTP_POST, "/socket.io/anything/below/it", &m), 0);
    assert_ptr_equal(m.ctx, &h_eio);
    assert_int_equal(match(OC_HTTP_OPTIONS, "/socket.io/x", &m), 0);
    assert_ptr_equal(m.ctx, &h_eio);
    /* The prefix is a whole segment, and the bare folder name without '/' is not below it. */
    assert_int_equal(match(OC_HTTP_GET, "/socket.iox", &m), OC_ENOENT);
    assert_int_equal(match(OC_HTTP_GET, "/socket.io", &m), OC_ENOENT);
    /* A star that is not the last segment is a literal segment "*". */
    assert_int_equal(match(OC_HTTP_GET, "/files/*/raw", &m), 0);
    assert_ptr_equal(m.ctx, &h_star_literal);
    assert_int_equal(match(OC_HTTP_GET, "/files/x/raw", &m), OC_ENOENT);
}

static void test_catch_all_route(void **state)
{
    (void)state;
    oc_route_match_t m;
    /* Added last, the catch-all "/" + "*" takes what no earlier route took (the web client
     * fallback). */
    assert_int_equal(oc_router_add(router, OC_HTTP_GET, "/*", handler_b, &h_all), 0);
    assert_int_equal(match(OC_HTTP_GET, "/", &m), 0);
    assert_ptr_equal(m.ctx, &h_root); /* earlier routes win */
    assert_int_equal(match(OC_HTTP_GET, "/assets/index-abc.js", &m), 0);
    assert_ptr_equal(m.ctx, &h_all);
    assert_int_equal(match(OC_HTTP_GET, "/nope", &m), 0);
    assert_ptr_equal(m.ctx, &h_all);
    /* Now every path exists for GET: other methods get 405. */
    assert_int_equal(match(OC_HTTP_POST, "/nope", &m), OC_EPERM);
    assert_int_equal(m.allowed, (1u << OC_HTTP_GET) | (1u << OC_HTTP_HEAD));
}

static void test_404_versus_405(void **state)
{
    (void)state;
    oc_route_match_t m;
    assert_int_equal(match(OC_HTTP_GET, "/nowhere", &m), OC_ENOENT);
    assert_int_equal(m.allowed, 0);
    assert_int_equal(m.num_params, 0);

    assert_int_equal(match(OC_HTTP_POST, "/healthz", &m), OC_EPERM);
    assert_int_equal(m.allowed, (1u << OC_HTTP_GET) | (1u << OC_HTTP_HEAD));
    assert_int_equal(m.num_params, 0);

    /* Several routes on one path: the mask gathers all of them. */
    assert_int_equal(match(OC_HTTP_POST, "/api/v1/zones/9", &m), OC_EPERM);
    assert_int_equal(m.allowed, (1u << OC_HTTP_GET) | (1u << OC_HTTP_HEAD) | (1u << OC_HTTP_PATCH) |
                                    (1u << OC_HTTP_DELETE));
    char allow[128];
    oc_router_allow_header(m.allowed, allow, sizeof(allow));
    assert_string_equal(allow, "GET, HEAD, PATCH, DELETE");

    /* The mask is rebuilt on every call. */
    assert_int_equal(match(OC_HTTP_GET, "/api/v1/zones/9/x", &m), OC_ENOENT);
    assert_int_equal(m.allowed, 0);
    assert_int_equal(match(OC_HTTP_GET, "/api/v1/zones/a/members/b", &m), OC_EPERM);
    assert_int_equal(m.allowed, 1u << OC_HTTP_PUT);

    /* A later route with the right method still wins over an earlier wrong-method one. */
    assert_int_equal(match(OC_HTTP_DELETE, "/api/v1/zones/9", &m), 0);
    assert_ptr_equal(m.ctx, &h_zone_post);
    assert_param(&m, 0, "id", "9");

    /* An any-method route never answers 405. */
    assert_int_equal(match(OC_HTTP_OTHER, "/any", &m), 0);
    assert_ptr_equal(m.ctx, &h_any);
}

static void test_head_matches_get(void **state)
{
    (void)state;
    oc_route_match_t m;
    assert_int_equal(match(OC_HTTP_HEAD, "/healthz", &m), 0);
    assert_ptr_equal(m.ctx, &h_health);
    assert_int_equal(match(OC_HTTP_HEAD, "/api/v1/zones/5", &m), 0);
    assert_ptr_equal(m.ctx, &h_zone);
    assert_param(&m, 0, "id", "5");
    /* A HEAD route answers HEAD but not GET. */
    assert_int_equal(match(OC_HTTP_HEAD, "/head-only", &m), 0);
    assert_ptr_equal(m.ctx, &h_head_only);
    assert_int_equal(match(OC_HTTP_GET, "/head-only", &m), OC_EPERM);
    assert_int_equal(m.allowed, 1u << OC_HTTP_HEAD);
    /* HEAD on a PUT-only path: 405 listing PUT. */
    assert_int_equal(match(OC_HTTP_HEAD, "/api/v1/zones/a/members/b", &m), OC_EPERM);
    assert_int_equal(m.allowed, 1u << OC_HTTP_PUT);
}

static void test_paths_that_are_not_origin_form(void **state)
{
    (void)state;
    oc_route_match_t m;
    assert_int_equal(oc_router_match(router, OC_HTTP_GET, "", 0, &m), OC_ENOENT);
    assert_int_equal(match(OC_HTTP_GET, "*", &m), OC_ENOENT);
    assert_int_equal(match(OC_HTTP_GET, "healthz", &m), OC_ENOENT);
    /* The length bounds the path: bytes after it are not looked at. */
    assert_int_equal(oc_router_match(router, OC_HTTP_GET, "/healthz/extra", 8, &m), 0);
    assert_ptr_equal(m.ctx, &h_health);
}

static void test_pattern_errors(void **state)
{
    (void)state;
    oc_router_t *r = oc_router_new();
    static const char *const bad[] = {
        "",
        "healthz",
        "api/v1",
        "//",
        "/a//b",
        "/:",
        "/a/:/b",
        "/:a/:b/:c/:d/:e/:f/:g/:h/:i",                /* nine parameters, eight allowed */
        "/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16/17", /* seventeen segments */
    };
    for (size_t i = 0; i < OC_ARRAY_LEN(bad); i++) {
        if (oc_router_add(r, OC_HTTP_GET, bad[i], handler_a, NULL) != OC_EINVAL)
            fail_msg("pattern \"%s\" was accepted", bad[i]);
    }
    /* Nothing was added. */
    oc_route_match_t m;
    assert_int_equal(oc_router_match(r, OC_HTTP_GET, "/", 1, &m), OC_ENOENT);
    assert_int_equal(oc_router_match(r, OC_HTTP_GET, "/a/b", 4, &m), OC_ENOENT);
    /* The limits themselves are fine. */
    assert_int_equal(oc_router_add(r, OC_HTTP_GET, "/:a/:b/:c/:d/:e/:f/:g/:h", handler_a, NULL), 0);
    assert_int_equal(
        oc_router_add(r, OC_HTTP_GET, "/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16", handler_b, NULL),
        0);
    const char *p8 = "/1/2/3/4/5/6/7/8";
    assert_int_equal(oc_router_match(r, OC_HTTP_GET, p8, strlen(p8), &m), 0);
    assert_ptr_equal(m.fn, handler_a);
    assert_int_equal(m.num_params, 8);
    assert_param(&m, 0, "a", "1");
    assert_param(&m, 7, "h", "8");
    const char *p16 = "/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16";
    assert_int_equal(oc_router_match(r, OC_HTTP_GET, p16, strlen(p16), &m), 0);
    assert_ptr_equal(m.fn, handler_b);
    oc_router_free(r);
    oc_router_free(NULL);
}

static void test_pattern_is_copied(void **state)
{
    (void)state;
    oc_router_t *r = oc_router_new();
    char pattern[] = "/rooms/:room";
    assert_int_equal(oc_router_add(r, OC_HTTP_GET, pattern, handler_a, NULL), 0);
    memset(pattern, 'x', sizeof(pattern) - 1);
    oc_route_match_t m;
    assert_int_equal(oc_router_match(r, OC_HTTP_GET, "/rooms/general", 14, &m), 0);
    assert_param(&m, 0, "room", "general");
    oc_router_free(r);
}

static void test_allow_header(void **state)
{
    (void)state;
    char out[64];
    oc_router_allow_header(0, out, sizeof(out));
    assert_string_equal(out, "");
    oc_router_allow_header(1u << OC_HTTP_POST, out, sizeof(out));
    assert_string_equal(out, "POST");
    unsigned all = 0;
    for (int i = OC_HTTP_GET; i <= OC_HTTP_OPTIONS; i++)
        all |= 1u << i;
    oc_router_allow_header(all, out, sizeof(out));
    assert_string_equal(out, "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
    /* A short buffer gets a truncated, terminated string. */
    char small[10];
    memset(small, '#', sizeof(small));
    oc_router_allow_header(all, small, sizeof(small));
    assert_int_equal(strlen(small), sizeof(small) - 1);
    assert_string_equal(small, "GET, HEAD");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_literal_routes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_params, setup, teardown),
        cmocka_unit_test_setup_teardown(test_params_stay_percent_encoded, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_param_segment_does_not_match, setup, teardown),
        cmocka_unit_test_setup_teardown(test_more_or_fewer_segments_than_pattern, setup, teardown),
        cmocka_unit_test_setup_teardown(test_trailing_slash, setup, teardown),
        cmocka_unit_test_setup_teardown(test_prefix_routes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_catch_all_route, setup, teardown),
        cmocka_unit_test_setup_teardown(test_404_versus_405, setup, teardown),
        cmocka_unit_test_setup_teardown(test_head_matches_get, setup, teardown),
        cmocka_unit_test_setup_teardown(test_paths_that_are_not_origin_form, setup, teardown),
        cmocka_unit_test(test_pattern_errors),
        cmocka_unit_test(test_pattern_is_copied),
        cmocka_unit_test(test_allow_header),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
