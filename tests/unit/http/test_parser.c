/* Unit tests for src/http/parser.c: request heads (slices, derived fields, every rejection
 * rule, size limits, split input), chunked bodies fed whole, byte by byte and in random splits,
 * and the query/header/percent-decoding helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/errors.h"
#include "http/parser.h"

#include <dirent.h>

/* The fuzz harness, so the committed seed corpus is replayed with its invariants on every test
 * run (h2o does the same), not only when someone runs the fuzzer. */
#include "../../../fuzz/fuzz_http_parser.c"

#define MAX_HEAD 8192

/* A byte string that may hold NULs. */
#define BYTES(s) s, sizeof(s) - 1

static void assert_slice(const char *ptr, size_t len, const char *expected)
{
    assert_non_null(ptr);
    assert_int_equal(len, strlen(expected));
    assert_memory_equal(ptr, expected, len);
}

static void assert_inside(const char *buf, size_t buf_len, const char *ptr, size_t len)
{
    assert_true(ptr >= buf);
    assert_true(ptr + len <= buf + buf_len);
}

static int parse(const char *s, oc_http_request_head_t *h, size_t *head_len)
{
    return oc_http_parse_head(s, strlen(s), MAX_HEAD, h, head_len);
}

/* ---- request head ---------------------------------------------------------------------- */

static void test_simple_get(void **state)
{
    (void)state;
    const char *req = "GET /index.html?x=1&y=%20 HTTP/1.1\r\n"
                      "Host: example.com\r\n"
                      "User-Agent: \t curl/8.0 \t\r\n"
                      "Empty:\r\n"
                      "\r\n"
                      "trailing bytes";
    oc_http_request_head_t h;
    size_t head_len = 0;
    assert_int_equal(parse(req, &h, &head_len), 0);
    assert_int_equal(head_len, strlen(req) - strlen("trailing bytes"));
    assert_int_equal(h.method, OC_HTTP_GET);
    assert_ptr_equal(h.method_str, req);
    assert_slice(h.method_str, h.method_len, "GET");
    assert_ptr_equal(h.target, req + 4);
    assert_slice(h.target, h.target_len, "/index.html?x=1&y=%20");
    assert_ptr_equal(h.path, req + 4);
    assert_slice(h.path, h.path_len, "/index.html");
    assert_ptr_equal(h.query, req + 16);
    assert_slice(h.query, h.query_len, "x=1&y=%20");
    assert_int_equal(h.minor_version, 1);
    assert_int_equal(h.num_headers, 3);
    assert_slice(h.headers[0].name, h.headers[0].name_len, "Host");
    assert_slice(h.headers[0].value, h.headers[0].value_len, "example.com");
    assert_slice(h.headers[1].name, h.headers[1].name_len, "User-Agent");
    assert_slice(h.headers[1].value, h.headers[1].value_len, "curl/8.0");
    assert_slice(h.headers[2].name, h.headers[2].name_len, "Empty");
    assert_int_equal(h.headers[2].value_len, 0);
    for (size_t i = 0; i < h.num_headers; i++) {
        assert_inside(req, head_len, h.headers[i].name, h.headers[i].name_len);
        assert_inside(req, head_len, h.headers[i].value, h.headers[i].value_len);
    }
    assert_int_equal(h.content_length, -1);
    assert_false(h.chunked);
    assert_true(h.keep_alive);
    assert_false(h.upgrade);
    assert_false(h.expect_continue);
}

static void test_pipelined(void **state)
{
    (void)state;
    const char *buf = "GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
                      "HEAD /b?q HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                      "GET /c HTTP/1.1\r\nHo";
    size_t len = strlen(buf), off = 0, head_len = 0;
    oc_http_request_head_t h;

    assert_int_equal(oc_http_parse_head(buf, len, MAX_HEAD, &h, &head_len), 0);
    assert_int_equal(head_len, 28);
    assert_slice(h.path, h.path_len, "/a");
    assert_true(h.keep_alive);
    off += head_len;

    assert_int_equal(oc_http_parse_head(buf + off, len - off, MAX_HEAD, &h, &head_len), 0);
    assert_int_equal(head_len, 50);
    assert_int_equal(h.method, OC_HTTP_HEAD);
    assert_slice(h.path, h.path_len, "/b");
    assert_slice(h.query, h.query_len, "q");
    assert_false(h.keep_alive);
    off += head_len;

    head_len = 12345;
    assert_int_equal(oc_http_parse_head(buf + off, len - off, MAX_HEAD, &h, &head_len), OC_EAGAIN);
    assert_int_equal(head_len, 12345); /* untouched unless 0 is returned */
}

static void test_post_content_length(void **state)
{
    (void)state;
    const char *buf = "POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                      "Content-Type: text/plain\r\n\r\nhelloGET / HTTP/1.1\r\n\r\n";
    oc_http_request_head_t h;
    size_t head_len;
    assert_int_equal(parse(buf, &h, &head_len), 0);
    assert_int_equal(h.method, OC_HTTP_POST);
    assert_int_equal(h.content_length, 5);
    assert_false(h.chunked);
    assert_null(h.query);
    assert_int_equal(h.query_len, 0);
    assert_memory_equal(buf + head_len, "helloGET", 8);

    /* Repeats with the same value are one value; 18 digits is the longest accepted. */
    assert_int_equal(
        parse("PUT / HTTP/1.1\r\nContent-Length: 7\r\ncontent-length: 007\r\n\r\n", &h, &head_len),
        0);
    assert_int_equal(h.content_length, 7);
    assert_int_equal(
        parse("PUT / HTTP/1.1\r\nContent-Length: 999999999999999999\r\n\r\n", &h, &head_len), 0);
    assert_int_equal(h.content_length, 999999999999999999LL);
    assert_int_equal(parse("PUT / HTTP/1.1\r\nContent-Length: 0\r\n\r\n", &h, &head_len), 0);
    assert_int_equal(h.content_length, 0);
}

static void test_methods(void **state)
{
    (void)state;
    static const struct {
        const char *req;
        oc_http_method_t method;
        const char *name;
    } cases[] = {
        {"GET / HTTP/1.1\r\n\r\n", OC_HTTP_GET, "GET"},
        {"HEAD / HTTP/1.1\r\n\r\n", OC_HTTP_HEAD, "HEAD"},
        {"POST / HTTP/1.1\r\n\r\n", OC_HTTP_POST, "POST"},
        {"PUT / HTTP/1.1\r\n\r\n", OC_HTTP_PUT, "PUT"},
        {"PATCH / HTTP/1.1\r\n\r\n", OC_HTTP_PATCH, "PATCH"},
        {"DELETE / HTTP/1.1\r\n\r\n", OC_HTTP_DELETE, "DELETE"},
        {"OPTIONS / HTTP/1.1\r\n\r\n", OC_HTTP_OPTIONS, "OPTIONS"},
        {"PROPFIND / HTTP/1.1\r\n\r\n", OC_HTTP_OTHER, "PROPFIND"},
        {"get / HTTP/1.1\r\n\r\n", OC_HTTP_OTHER, "get"}, /* methods are case-sensitive */
        {"GETS / HTTP/1.1\r\n\r\n", OC_HTTP_OTHER, "GETS"},
        {"X-!#$%&'*+.^_`|~ / HTTP/1.1\r\n\r\n", OC_HTTP_OTHER, "X-!#$%&'*+.^_`|~"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        oc_http_request_head_t h;
        size_t head_len;
        assert_int_equal(parse(cases[i].req, &h, &head_len), 0);
        assert_int_equal(h.method, cases[i].method);
        assert_slice(h.method_str, h.method_len, cases[i].name);
    }
    assert_string_equal(oc_http_method_name(OC_HTTP_GET), "GET");
    assert_string_equal(oc_http_method_name(OC_HTTP_DELETE), "DELETE");
    assert_string_equal(oc_http_method_name(OC_HTTP_OPTIONS), "OPTIONS");
    assert_string_equal(oc_http_method_name(OC_HTTP_OTHER), "OTHER");
    assert_string_equal(oc_http_method_name((oc_http_method_t)99), "OTHER");
}

static void test_keep_alive(void **state)
{
    (void)state;
    static const struct {
        const char *req;
        int minor;
        bool keep_alive;
    } cases[] = {
        {"GET / HTTP/1.1\r\n\r\n", 1, true},
        {"GET / HTTP/1.1\r\nConnection: close\r\n\r\n", 1, false},
        {"GET / HTTP/1.1\r\nConnection: Keep-Alive, CLOSE\r\n\r\n", 1, false},
        {"GET / HTTP/1.1\r\nConnection: keep-alive\r\nConnection: close\r\n\r\n", 1, false},
        {"GET / HTTP/1.1\r\nConnection: closed\r\n\r\n", 1, true},
        {"GET / HTTP/1.0\r\n\r\n", 0, false},
        {"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", 0, true},
        {"GET / HTTP/1.0\r\nconnection:  Keep-Alive \r\n\r\n", 0, true},
        {"GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n", 0, false},
        {"GET / HTTP/1.0\r\nKeep-Alive: timeout=5\r\n\r\n", 0, false},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        oc_http_request_head_t h;
        size_t head_len;
        assert_int_equal(parse(cases[i].req, &h, &head_len), 0);
        assert_int_equal(h.minor_version, cases[i].minor);
        assert_int_equal(h.keep_alive, cases[i].keep_alive);
    }
}

static void test_upgrade_and_expect(void **state)
{
    (void)state;
    static const struct {
        const char *req;
        bool upgrade, expect_continue;
    } cases[] = {
        {"GET /ws HTTP/1.1\r\nConnection: keep-alive, Upgrade\r\nUpgrade: websocket\r\n\r\n", true,
         false},
        {"GET /ws HTTP/1.1\r\nUpgrade: websocket\r\nConnection: upgrade\r\n\r\n", true, false},
        {"GET /ws HTTP/1.1\r\nConnection: upgrade\r\n\r\n", false, false},
        {"GET /ws HTTP/1.1\r\nUpgrade: websocket\r\n\r\n", false, false},
        {"GET /ws HTTP/1.1\r\nConnection: upgraded\r\nUpgrade: websocket\r\n\r\n", false, false},
        {"GET /ws HTTP/1.0\r\nConnection: upgrade\r\nUpgrade: websocket\r\n\r\n", false, false},
        {"PUT / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n", false, true},
        {"PUT / HTTP/1.1\r\nExpect: 100-Continue \r\nContent-Length: 3\r\n\r\n", false, true},
        {"PUT / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n", false, false},
        {"PUT / HTTP/1.1\r\nExpect: 100-continue-x\r\nContent-Length: 3\r\n\r\n", false, false},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        oc_http_request_head_t h;
        size_t head_len;
        assert_int_equal(parse(cases[i].req, &h, &head_len), 0);
        assert_int_equal(h.upgrade, cases[i].upgrade);
        assert_int_equal(h.expect_continue, cases[i].expect_continue);
    }
}

static void test_chunked_head(void **state)
{
    (void)state;
    oc_http_request_head_t h;
    size_t head_len;
    assert_int_equal(parse("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", &h, &head_len),
                     0);
    assert_true(h.chunked);
    assert_int_equal(h.content_length, -1);
    assert_int_equal(
        parse("POST / HTTP/1.1\r\ntransfer-encoding:  Chunked \r\n\r\n", &h, &head_len), 0);
    assert_true(h.chunked);
}

static void test_target_forms(void **state)
{
    (void)state;
    static const struct {
        const char *req;
        const char *path;
        const char *query; /* NULL: no '?' */
    } cases[] = {
        {"GET / HTTP/1.1\r\n\r\n", "/", NULL},
        {"GET /a/b/ HTTP/1.1\r\n\r\n", "/a/b/", NULL},
        {"GET /a? HTTP/1.1\r\n\r\n", "/a", ""},
        {"GET /a?b?c=/d HTTP/1.1\r\n\r\n", "/a", "b?c=/d"},
        {"GET /%7Euser/~x HTTP/1.1\r\n\r\n", "/%7Euser/~x", NULL},
        {"GET http://example.com/a/b?c=d HTTP/1.1\r\n\r\n", "/a/b", "c=d"},
        {"GET HTTPS://example.com:8443/ HTTP/1.1\r\n\r\n", "/", NULL},
        {"GET http://user@h HTTP/1.1\r\n\r\n", "", NULL},
        {"GET http://h?x=1 HTTP/1.1\r\n\r\n", "", "x=1"},
        {"OPTIONS * HTTP/1.1\r\n\r\n", "*", NULL},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        oc_http_request_head_t h;
        size_t head_len;
        const char *req = cases[i].req;
        assert_int_equal(parse(req, &h, &head_len), 0);
        assert_int_equal(h.path_len, strlen(cases[i].path));
        assert_memory_equal(h.path, cases[i].path, h.path_len);
        assert_inside(h.target, h.target_len, h.path, h.path_len);
        if (cases[i].query == NULL) {
            assert_null(h.query);
            assert_int_equal(h.query_len, 0);
        } else {
            assert_slice(h.query, h.query_len, cases[i].query);
            assert_ptr_equal(h.query + h.query_len, h.target + h.target_len);
        }
    }
}

static void test_leading_empty_lines(void **state)
{
    (void)state;
    const char *req = "\r\n\r\nGET / HTTP/1.1\r\n\r\n";
    oc_http_request_head_t h;
    size_t head_len;
    assert_int_equal(parse(req, &h, &head_len), 0);
    assert_int_equal(head_len, strlen(req));
    assert_ptr_equal(h.method_str, req + 4);
}

static void test_obs_text_value(void **state)
{
    (void)state;
    const char req[] = "GET / HTTP/1.1\r\nX-Name: caf\xc3\xa9 \xff\x80\r\nX-Tab: a\tb\r\n\r\n";
    oc_http_request_head_t h;
    size_t head_len;
    assert_int_equal(oc_http_parse_head(BYTES(req), MAX_HEAD, &h, &head_len), 0);
    assert_slice(h.headers[0].value, h.headers[0].value_len, "caf\xc3\xa9 \xff\x80");
    assert_slice(h.headers[1].value, h.headers[1].value_len, "a\tb");
}

typedef struct bad_case {
    const char *req;
    size_t len;
    int rc;
} bad_case_t;

#define BAD(s, rc)                                                                                 \
    {                                                                                              \
        s, sizeof(s) - 1, rc                                                                       \
    }

static const bad_case_t bad_cases[] = {
    /* request line */
    BAD("G(T / HTTP/1.1\r\n\r\n", OC_EPROTO),
    BAD(" GET / HTTP/1.1\r\n\r\n", OC_EPROTO),
    BAD("GET  / HTTP/1.1\r\n\r\n", OC_EPROTO),
    BAD("GET /  HTTP/1.1\r\n\r\n", OC_EPROTO),
    BAD("GET\t/ HTTP/1.1\r\n\r\n", OC_EPROTO),
    BAD("GET /\tHTTP/1.1\r\n\r\n", OC_EPROTO),
    BAD("GET / HTTP/1.1 \r\n\r\n", OC_EPROTO),
    BAD("GET /\r\n\r\n", OC_EPROTO), /* HTTP/0.9 */
    BAD("GET / http/1.1\r\n\r\n", OC_EPROTO),
    BAD("GET / HTTP/1\r\n\r\n", OC_EPROTO),
    BAD("GET / HTTP/1.1x\r\n\r\n", OC_EPROTO),
    BAD("GET / HTTP/11.1\r\n\r\n", OC_EPROTO),
    BAD("GET / HTTP/1.a\r\n\r\n", OC_EPROTO),
    BAD("GET / HTTP/2.0\r\n\r\n", OC_ENOTSUP),
    BAD("GET / HTTP/1.2\r\n\r\n", OC_ENOTSUP),
    BAD("GET / HTTP/0.9\r\n\r\n", OC_ENOTSUP),
    BAD("GET / HTTP/3.0\r\nHost: x\r\n\r\n", OC_ENOTSUP),
    /* request-target */
    BAD("GET a HTTP/1.1\r\n\r\n", OC_EPROTO),
    BAD("GET /a\x01z HTTP/1.1\r\n\r\n", OC_EPROTO),
    BAD("GET /a\x7fz HTTP/1.1\r\n\r\n", OC_EPROTO),
    BAD("GET /a\0z HTTP/1.1\r\n\r\n", OC_EPROTO),
    BAD("GET /caf\xc3\xa9 HTTP/1.1\r\n\r\n", OC_EPROTO),
    BAD("GET * HTTP/1.1\r\n\r\n", OC_EPROTO),
    BAD("OPTIONS *x HTTP/1.1\r\n\r\n", OC_EPROTO),
    BAD("GET http:// HTTP/1.1\r\n\r\n", OC_EPROTO),
    BAD("GET http:///x HTTP/1.1\r\n\r\n", OC_EPROTO),
    BAD("GET ftp://h/x HTTP/1.1\r\n\r\n", OC_EPROTO),
    BAD("CONNECT h:443 HTTP/1.1\r\n\r\n", OC_EPROTO),
    /* line endings */
    BAD("GET / HTTP/1.1\nHost: x\r\n\r\n", OC_EPROTO),
    BAD("GET / HTTP/1.1\rHost: x\r\n\r\n", OC_EPROTO),
    BAD("GET / HTTP/1.1\r\nHost: x\n\r\n", OC_EPROTO),
    BAD("GET / HTTP/1.1\r\nHost: x\r\n\n", OC_EPROTO),
    BAD("GET / HTTP/1.1\r\nHost: x\r\n\rX", OC_EPROTO),
    BAD("GET / HTTP/1.1\r\nHost: x\ry\r\n\r\n", OC_EPROTO),
    BAD("GET / HTTP/1.1\r\n\n", OC_EPROTO),
    BAD("\nGET / HTTP/1.1\r\n\r\n", OC_EPROTO),
    BAD("\rGET / HTTP/1.1\r\n\r\n", OC_EPROTO),
    /* header names */
    BAD("GET / HTTP/1.1\r\nHost : x\r\n\r\n", OC_EPROTO),
    BAD("GET / HTTP/1.1\r\nHost\t: x\r\n\r\n", OC_EPROTO),
    BAD("GET / HTTP/1.1\r\nHo st: x\r\n\r\n", OC_EPROTO),
    BAD("GET / HTTP/1.1\r\n: x\r\n\r\n", OC_EPROTO),
    BAD("GET / HTTP/1.1\r\nHost x\r\n\r\n", OC_EPROTO),
    BAD("GET / HTTP/1.1\r\n[x]: y\r\n\r\n", OC_EPROTO),
    BAD("GET / HTTP/1.1\r\nX\xc3\xa9: y\r\n\r\n", OC_EPROTO),
    BAD("GET / HTTP/1.1\r\nX\0: y\r\n\r\n", OC_EPROTO),
    /* header values */
    BAD("GET / HTTP/1.1\r\nX: a\x01z\r\n\r\n", OC_EPROTO),
    BAD("GET / HTTP/1.1\r\nX: a\0z\r\n\r\n", OC_EPROTO),
    BAD("GET / HTTP/1.1\r\nX: a\x7fz\r\n\r\n", OC_EPROTO),
    BAD("GET / HTTP/1.1\r\nX: a\x1bz\r\n\r\n", OC_EPROTO),
    /* obs-fold and whitespace before the first header */
    BAD("GET / HTTP/1.1\r\nX: a\r\n b\r\n\r\n", OC_EPROTO),
    BAD("GET / HTTP/1.1\r\nX: a\r\n\tb\r\n\r\n", OC_EPROTO),
    BAD("GET / HTTP/1.1\r\n Host: x\r\n\r\n", OC_EPROTO),
    /* Content-Length */
    BAD("POST / HTTP/1.1\r\nContent-Length: +5\r\n\r\n", OC_EPROTO),
    BAD("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", OC_EPROTO),
    BAD("POST / HTTP/1.1\r\nContent-Length: 5 5\r\n\r\n", OC_EPROTO),
    BAD("POST / HTTP/1.1\r\nContent-Length: 5, 5\r\n\r\n", OC_EPROTO),
    BAD("POST / HTTP/1.1\r\nContent-Length: 0x10\r\n\r\n", OC_EPROTO),
    BAD("POST / HTTP/1.1\r\nContent-Length: \r\n\r\n", OC_EPROTO),
    BAD("POST / HTTP/1.1\r\nContent-Length: 1234567890123456789\r\n\r\n", OC_EPROTO),
    BAD("POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", OC_EPROTO),
    /* Transfer-Encoding */
    BAD("POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", OC_EPROTO),
    BAD("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n", OC_EPROTO),
    BAD("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\nContent-Length: 5\r\n\r\n", OC_EPROTO),
    BAD("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", OC_EPROTO),
    BAD("POST / HTTP/1.1\r\nTransfer-Encoding: \r\n\r\n", OC_EPROTO),
    BAD("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", OC_ENOTSUP),
    BAD("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", OC_ENOTSUP),
    BAD("POST / HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", OC_ENOTSUP),
    BAD("POST / HTTP/1.1\r\nTransfer-Encoding: identity\r\n\r\n", OC_ENOTSUP),
    BAD("POST / HTTP/1.1\r\nTransfer-Encoding: \"chunked\"\r\n\r\n", OC_ENOTSUP),
    BAD("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
        OC_ENOTSUP),
    /* Host */
    BAD("GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n", OC_EPROTO),
};

static void test_malformed(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
        oc_http_request_head_t h;
        size_t head_len = 777;
        int rc = oc_http_parse_head(bad_cases[i].req, bad_cases[i].len, MAX_HEAD, &h, &head_len);
        if (rc != bad_cases[i].rc)
            fail_msg("case %zu (%s): got %d, want %d", i, bad_cases[i].req, rc, bad_cases[i].rc);
        assert_int_equal(head_len, 777);
    }
}

/* Both 505 and 501 are OC_ENOTSUP; minor_version tells them apart. */
static void test_notsup_kinds(void **state)
{
    (void)state;
    oc_http_request_head_t h;
    size_t head_len;
    assert_int_equal(parse("GET / HTTP/1.2\r\n\r\n", &h, &head_len), OC_ENOTSUP);
    assert_int_equal(h.minor_version, -1);
    assert_int_equal(parse("POST / HTTP/1.1\r\nTransfer-Encoding: br\r\n\r\n", &h, &head_len),
                     OC_ENOTSUP);
    assert_int_equal(h.minor_version, 1);
}

/* Every prefix of a malformed head either waits for more or already fails the same way: more
 * bytes never turn an error into something else. */
static void test_malformed_prefixes(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
        bool failed = false;
        for (size_t n = 0; n <= bad_cases[i].len; n++) {
            oc_http_request_head_t h;
            size_t head_len;
            int rc = oc_http_parse_head(bad_cases[i].req, n, MAX_HEAD, &h, &head_len);
            if (failed || rc != OC_EAGAIN) {
                if (rc != bad_cases[i].rc)
                    fail_msg("case %zu prefix %zu: got %d, want %d", i, n, rc, bad_cases[i].rc);
                failed = true;
            }
        }
    }
}

static const char *const good_heads[] = {
    "GET / HTTP/1.1\r\n\r\n",
    "\r\nGET /a?b=c HTTP/1.0\r\nHost: x\r\nConnection: keep-alive\r\n\r\n",
    "POST http://h/p HTTP/1.1\r\nContent-Length: 12\r\nX:\r\nY:  v v \r\n\r\n",
    "PUT /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n",
    "OPTIONS * HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n",
};

static void test_incomplete_every_split(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(good_heads) / sizeof(good_heads[0]); i++) {
        const char *req = good_heads[i];
        size_t len = strlen(req), head_len = 0;
        oc_http_request_head_t h;
        assert_int_equal(oc_http_parse_head(req, len, MAX_HEAD, &h, &head_len), 0);
        assert_int_equal(head_len, len);
        for (size_t n = 0; n < len; n++) {
            int rc = oc_http_parse_head(req, n, MAX_HEAD, &h, &head_len);
            if (rc != OC_EAGAIN)
                fail_msg("head %zu prefix %zu: got %d", i, n, rc);
        }
        /* The same prefixes at a max_head equal to their length: too big, not incomplete. */
        for (size_t n = 0; n < len; n++)
            assert_int_equal(oc_http_parse_head(req, n, n, &h, &head_len), OC_E2BIG);
    }
}

static void test_head_size_limit(void **state)
{
    (void)state;
    /* A 200-byte head: "GET /" + 'a' * pad + " HTTP/1.1\r\n\r\n". */
    char req[256];
    size_t fixed = strlen("GET / HTTP/1.1\r\n\r\n"), pad = 200 - fixed;
    memcpy(req, "GET /", 5);
    memset(req + 5, 'a', pad);
    memcpy(req + 5 + pad, " HTTP/1.1\r\n\r\nBODY", 17);
    size_t head = 200, len = head + 4;
    oc_http_request_head_t h;
    size_t head_len = 0;

    assert_int_equal(oc_http_parse_head(req, head, 200, &h, &head_len), 0);
    assert_int_equal(head_len, 200);
    /* Bytes after the head do not count against the limit. */
    assert_int_equal(oc_http_parse_head(req, len, 200, &h, &head_len), 0);
    assert_int_equal(head_len, 200);
    /* One byte over: 431 as soon as max_head bytes are in, whatever follows. */
    assert_int_equal(oc_http_parse_head(req, head, 199, &h, &head_len), OC_E2BIG);
    assert_int_equal(oc_http_parse_head(req, 199, 199, &h, &head_len), OC_E2BIG);
    assert_int_equal(oc_http_parse_head(req, 198, 199, &h, &head_len), OC_EAGAIN);
    assert_int_equal(oc_http_parse_head(req, 199, 200, &h, &head_len), OC_EAGAIN);
    /* A malformed byte inside the limit is still a 400, not a 431. */
    req[10] = '\x01';
    assert_int_equal(oc_http_parse_head(req, head, 100, &h, &head_len), OC_EPROTO);
    assert_int_equal(oc_http_parse_head(req, head, 10, &h, &head_len), OC_E2BIG);
    assert_int_equal(oc_http_parse_head(NULL, 0, 0, &h, &head_len), OC_E2BIG);
    assert_int_equal(oc_http_parse_head(NULL, 0, 1, &h, &head_len), OC_EAGAIN);
}

static size_t build_headers(char *buf, size_t cap, size_t count)
{
    size_t n = (size_t)snprintf(buf, cap, "GET / HTTP/1.1\r\n");
    for (size_t i = 0; i < count; i++)
        n += (size_t)snprintf(buf + n, cap - n, "X-%zu: %zu\r\n", i, i);
    n += (size_t)snprintf(buf + n, cap - n, "\r\n");
    return n;
}

static void test_too_many_headers(void **state)
{
    (void)state;
    char buf[4096];
    oc_http_request_head_t h;
    size_t head_len;
    size_t len = build_headers(buf, sizeof(buf), OC_HTTP_MAX_HEADERS);
    assert_int_equal(oc_http_parse_head(buf, len, MAX_HEAD, &h, &head_len), 0);
    assert_int_equal(h.num_headers, OC_HTTP_MAX_HEADERS);
    assert_slice(h.headers[63].name, h.headers[63].name_len, "X-63");
    assert_slice(h.headers[63].value, h.headers[63].value_len, "63");
    len = build_headers(buf, sizeof(buf), OC_HTTP_MAX_HEADERS + 1);
    assert_int_equal(oc_http_parse_head(buf, len, MAX_HEAD, &h, &head_len), OC_E2BIG);
}

/* ---- helpers ----------------------------------------------------------------------------- */

static void test_header_find(void **state)
{
    (void)state;
    const char *req = "GET / HTTP/1.1\r\nHost: a\r\nX-Dup: 1\r\nx-dup: 2\r\n\r\n";
    oc_http_request_head_t h;
    size_t head_len;
    assert_int_equal(parse(req, &h, &head_len), 0);
    const oc_http_header_t *f = oc_http_header_find(&h, "HOST");
    assert_ptr_equal(f, &h.headers[0]);
    f = oc_http_header_find(&h, "x-dup");
    assert_ptr_equal(f, &h.headers[1]);
    assert_slice(f->value, f->value_len, "1");
    assert_null(oc_http_header_find(&h, "X-Du"));
    assert_null(oc_http_header_find(&h, "X-Dupe"));
    assert_null(oc_http_header_find(&h, ""));
}

static void test_value_has_token(void **state)
{
    (void)state;
    const char *v = "keep-alive, Upgrade";
    assert_true(oc_http_value_has_token(v, strlen(v), "upgrade"));
    assert_true(oc_http_value_has_token(v, strlen(v), "KEEP-ALIVE"));
    assert_false(oc_http_value_has_token(v, strlen(v), "keep"));
    assert_false(oc_http_value_has_token(v, strlen(v), "alive, upgrade"));
    v = " ,\tclose\t , ,x";
    assert_true(oc_http_value_has_token(v, strlen(v), "close"));
    assert_true(oc_http_value_has_token(v, strlen(v), "x"));
    assert_false(oc_http_value_has_token(v, strlen(v), "clos"));
    /* Only the first len bytes count. */
    assert_false(oc_http_value_has_token("closed", 4, "closed"));
    assert_true(oc_http_value_has_token("close,x", 5, "close"));
    assert_false(oc_http_value_has_token(NULL, 0, "close"));
}

static void test_query_get(void **state)
{
    (void)state;
    const char *q = "a&b=1&c=&d=x%20y+z&b=2&&ab=3&=e";
    size_t n = strlen(q);
    const char *val;
    size_t val_len;
    assert_true(oc_http_query_get(q, n, "a", &val, &val_len));
    assert_int_equal(val_len, 0);
    assert_ptr_equal(val, q + 1);
    assert_true(oc_http_query_get(q, n, "b", &val, &val_len));
    assert_slice(val, val_len, "1");
    assert_true(oc_http_query_get(q, n, "c", &val, &val_len));
    assert_int_equal(val_len, 0);
    assert_true(oc_http_query_get(q, n, "d", &val, &val_len));
    assert_slice(val, val_len, "x%20y+z");
    assert_true(oc_http_query_get(q, n, "ab", &val, &val_len));
    assert_slice(val, val_len, "3");
    assert_false(oc_http_query_get(q, n, "A", &val, &val_len));
    assert_false(oc_http_query_get(q, n, "x", &val, &val_len));
    assert_false(oc_http_query_get(q, n, "a&b", &val, &val_len));
    /* Only query_len bytes count. */
    assert_false(oc_http_query_get("a=1&b=2", 3, "b", &val, &val_len));
    assert_true(oc_http_query_get("a=12", 3, "a", &val, &val_len));
    assert_slice(val, val_len, "1");
    assert_false(oc_http_query_get(NULL, 0, "a", &val, &val_len));
}

static void test_url_decode(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        bool form;
        const char *out;
        size_t out_len;
    } ok[] = {
        {"a%20b+c", false, "a b+c", 5},     {"a%20b+c", true, "a b c", 5},
        {"%41%4a%4A%7e", false, "AJJ~", 4}, {"%00x", false, "\0x", 2},
        {"%C3%A9", false, "\xc3\xa9", 2},   {"%25", false, "%", 1},
        {"plain", true, "plain", 5},        {"", false, "", 0},
    };
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        oc_buf_t out = OC_BUF_INIT;
        oc_buf_append(&out, "pre:", 4);
        assert_int_equal(oc_http_url_decode(ok[i].in, strlen(ok[i].in), ok[i].form, &out), 0);
        assert_int_equal(out.len, 4 + ok[i].out_len);
        assert_memory_equal(out.data, "pre:", 4);
        if (ok[i].out_len)
            assert_memory_equal(out.data + 4, ok[i].out, ok[i].out_len);
        oc_buf_free(&out);
    }
    static const char *const bad[] = {"%", "%2", "a%zz", "%2g", "x%g2", "abc%"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        oc_buf_t out = OC_BUF_INIT;
        oc_buf_append(&out, "keep", 4);
        assert_int_equal(oc_http_url_decode(bad[i], strlen(bad[i]), true, &out), OC_EPROTO);
        assert_int_equal(out.len, 4);
        assert_memory_equal(out.data, "keep", 4);
        oc_buf_free(&out);
    }
    /* Only len bytes count: "%4" followed by a digit outside the slice is a bad escape. */
    oc_buf_t out = OC_BUF_INIT;
    assert_int_equal(oc_http_url_decode("%41", 2, false, &out), OC_EPROTO);
    assert_int_equal(oc_http_url_decode(NULL, 0, false, &out), 0);
    assert_int_equal(out.len, 0);
    oc_buf_free(&out);
}

/* ---- chunked body ---------------------------------------------------------------------- */

typedef struct chunk_case {
    const char *in;
    size_t len;
    size_t max_body;
    int rc;
    const char *body; /* decoded bytes expected in out, also on errors */
    size_t consumed;  /* expected *consumed in total */
} chunk_case_t;

#define CHUNK(s, max, rc, body, consumed)                                                          \
    {                                                                                              \
        s, sizeof(s) - 1, max, rc, body, consumed                                                  \
    }
#define ALL(s) (sizeof(s) - 1)

static const chunk_case_t chunk_cases[] = {
    CHUNK("5\r\nhello\r\n0\r\n\r\n", 100, 0, "hello", 15),
    CHUNK("5\r\nhello\r\n0\r\n\r\n", 5, 0, "hello", 15),
    CHUNK("3\r\nabc\r\nA\r\n0123456789\r\na\r\nabcdefghij\r\n0\r\n\r\n", 100, 0,
          "abc0123456789abcdefghij", 43),
    CHUNK("005\r\nhello\r\n000\r\n\r\n", 100, 0, "hello", 19),
    CHUNK("0\r\n\r\n", 0, 0, "", 5),
    /* extensions, with BWS before ';' */
    CHUNK("5;name=value\r\nhello\r\n0;last\r\n\r\n", 100, 0, "hello", 31),
    CHUNK("5 ; a=b;c\t;d=\"q s\"\r\nhello\r\n0\r\n\r\n", 100, 0, "hello", 32),
    /* trailers */
    CHUNK("5\r\nhello\r\n0\r\nX-Sum: abc\r\nY:\r\nZ: \xff\r\n\r\n", 100, 0, "hello", 37),
    /* the rest is the next request */
    CHUNK("1\r\nx\r\n0\r\n\r\nGET / HTTP/1.1\r\n\r\n", 100, 0, "x", 11),
    /* incomplete */
    CHUNK("5\r\nhel", 100, OC_EAGAIN, "hel", 6),
    CHUNK("5\r\nhello\r\n0\r\nX: y\r\n", 100, OC_EAGAIN, "hello", 19),
    CHUNK("FFFFFFFFFFFFFFFF\r\nab", SIZE_MAX, OC_EAGAIN, "ab", 20),
    /* malformed: consumed counts up to and including the bad byte */
    CHUNK("\r\n", 100, OC_EPROTO, "", 1),
    CHUNK(";x\r\n", 100, OC_EPROTO, "", 1),
    CHUNK("g\r\n", 100, OC_EPROTO, "", 1),
    CHUNK("-5\r\n", 100, OC_EPROTO, "", 1),
    CHUNK("0x5\r\n", 100, OC_EPROTO, "", 2),
    CHUNK("5 \r\nhello\r\n0\r\n\r\n", 100, OC_EPROTO, "", 3),
    CHUNK("5\nhello\r\n0\r\n\r\n", 100, OC_EPROTO, "", 2),
    CHUNK("5\rhello\r\n0\r\n\r\n", 100, OC_EPROTO, "", 3),
    CHUNK("5\r\nhelloX\r\n0\r\n\r\n", 100, OC_EPROTO, "hello", 9),
    CHUNK("5\r\nhello\n0\r\n\r\n", 100, OC_EPROTO, "hello", 9),
    CHUNK("5\r\nhello\r0\r\n\r\n", 100, OC_EPROTO, "hello", 10),
    CHUNK("5;a\x01\r\nhello\r\n0\r\n\r\n", 100, OC_EPROTO, "", 4),
    CHUNK("5;a\rb\nhello\r\n0\r\n\r\n", 100, OC_EPROTO, "", 5),
    CHUNK("5;a\nhello\r\n0\r\n\r\n", 100, OC_EPROTO, "", 4),
    CHUNK("10000000000000000\r\n", SIZE_MAX, OC_EPROTO, "", 17), /* 17 digits */
    CHUNK("00000000000000001\r\n", SIZE_MAX, OC_EPROTO, "", 17), /* 17 digits */
    CHUNK("1FFFFFFFFFFFFFFFF\r\n", SIZE_MAX, OC_EPROTO, "", 17), /* would overflow */
    CHUNK("0\r\nX: a\r\n b\r\n\r\n", 100, OC_EPROTO, "", 10),    /* obs-fold */
    CHUNK("0\r\nX a\r\n\r\n", 100, OC_EPROTO, "", 5),            /* no colon */
    CHUNK("0\r\nX: a\n\r\n", 100, OC_EPROTO, "", 8),             /* bare LF */
    CHUNK("0\r\nX: a\x01\r\n\r\n", 100, OC_EPROTO, "", 8),       /* CTL */
    CHUNK("0\r\n\n", 100, OC_EPROTO, "", 4),                     /* bare LF ends */
    CHUNK("0\r\n\rX", 100, OC_EPROTO, "", 5),                    /* bare CR ends */
    /* over max_body: refused at the size, before any of the chunk is copied */
    CHUNK("6\r\nhello!\r\n0\r\n\r\n", 5, OC_E2BIG, "", 1),
    CHUNK("3\r\nabc\r\n3\r\ndef\r\n0\r\n\r\n", 5, OC_E2BIG, "abc", 9),
    CHUNK("3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n", 5, 0, "abcde", 20),
    CHUNK("FFFFFFFF\r\n", 1 << 20, OC_E2BIG, "", 6), /* 0xFFFFFF > 1 MiB at the 6th digit */
    CHUNK("1\r\nx\r\n0\r\n\r\n", 0, OC_E2BIG, "", 1),
};

static size_t rng_state = 12345;

static size_t rng_next(void)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (size_t)(rng_state >> 33);
}

/* Feeds in[] in pieces whose sizes come from split(); stops at the first non-EAGAIN. */
static int feed(const chunk_case_t *c, size_t (*split)(size_t left), oc_buf_t *out,
                size_t *consumed)
{
    oc_http_chunked_t st;
    oc_http_chunked_init(&st);
    size_t off = 0;
    int rc = OC_EAGAIN;
    *consumed = 0;
    while (off < c->len) {
        size_t n = split(c->len - off), used = 99999;
        rc = oc_http_chunked_decode(&st, c->in + off, n, &used, out, c->max_body);
        assert_true(used <= n);
        if (rc == OC_EAGAIN)
            assert_int_equal(used, n);
        *consumed += used;
        off += n;
        if (rc != OC_EAGAIN)
            break;
    }
    return rc;
}

static size_t split_whole(size_t left)
{
    return left;
}

static size_t split_bytes(size_t left)
{
    (void)left;
    return 1;
}

static size_t split_random(size_t left)
{
    return 1 + rng_next() % left;
}

static void check_chunk_case(size_t i, const char *how, size_t (*split)(size_t))
{
    const chunk_case_t *c = &chunk_cases[i];
    oc_buf_t out = OC_BUF_INIT;
    size_t consumed;
    int rc = feed(c, split, &out, &consumed);
    if (rc != c->rc || consumed != c->consumed || out.len != strlen(c->body) ||
        (out.len && memcmp(out.data, c->body, out.len) != 0))
        fail_msg("chunk case %zu (%s): rc %d want %d, consumed %zu want %zu, body %zu bytes want "
                 "%zu",
                 i, how, rc, c->rc, consumed, c->consumed, out.len, strlen(c->body));
    oc_buf_free(&out);
}

static void test_chunked_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(chunk_cases) / sizeof(chunk_cases[0]); i++) {
        check_chunk_case(i, "whole", split_whole);
        check_chunk_case(i, "byte by byte", split_bytes);
        for (int round = 0; round < 50; round++)
            check_chunk_case(i, "random", split_random);
    }
}

static void test_chunked_every_two_way_split(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(chunk_cases) / sizeof(chunk_cases[0]); i++) {
        const chunk_case_t *c = &chunk_cases[i];
        for (size_t cut = 0; cut <= c->len; cut++) {
            oc_http_chunked_t st;
            oc_http_chunked_init(&st);
            oc_buf_t out = OC_BUF_INIT;
            size_t used1 = 0, used2 = 0;
            int rc = oc_http_chunked_decode(&st, c->in, cut, &used1, &out, c->max_body);
            if (rc == OC_EAGAIN)
                rc = oc_http_chunked_decode(&st, c->in + cut, c->len - cut, &used2, &out,
                                            c->max_body);
            if (rc != c->rc || used1 + used2 != c->consumed)
                fail_msg("chunk case %zu cut %zu: rc %d, consumed %zu", i, cut, rc, used1 + used2);
            assert_int_equal(out.len, strlen(c->body));
            oc_buf_free(&out);
        }
    }
}

static void test_chunked_done_and_sticky(void **state)
{
    (void)state;
    oc_http_chunked_t st;
    oc_buf_t out = OC_BUF_INIT;
    size_t used;
    oc_http_chunked_init(&st);
    assert_int_equal(
        oc_http_chunked_decode(&st, BYTES("2\r\nhi\r\n0\r\n\r\nNEXT"), &used, &out, 10), 0);
    assert_int_equal(used, 12);
    assert_int_equal(oc_http_chunked_decode(&st, BYTES("NEXT"), &used, &out, 10), 0);
    assert_int_equal(used, 0);
    assert_int_equal(out.len, 2);
    assert_memory_equal(out.data, "hi", 2);

    /* An error stays: the connection must not resync on attacker-chosen bytes. */
    oc_http_chunked_init(&st);
    assert_int_equal(oc_http_chunked_decode(&st, BYTES("z"), &used, &out, 10), OC_EPROTO);
    assert_int_equal(oc_http_chunked_decode(&st, BYTES("1\r\nx\r\n0\r\n\r\n"), &used, &out, 10),
                     OC_EPROTO);
    assert_int_equal(used, 0);
    assert_int_equal(out.len, 2);

    /* init resets everything, including the decoded-bytes count checked against max_body. */
    oc_http_chunked_init(&st);
    assert_int_equal(
        oc_http_chunked_decode(&st, BYTES("a\r\n0123456789\r\n0\r\n\r\n"), &used, &out, 10), 0);
    assert_int_equal(out.len, 12);
    oc_http_chunked_init(&st);
    assert_int_equal(
        oc_http_chunked_decode(&st, BYTES("a\r\n0123456789\r\n0\r\n\r\n"), &used, &out, 10), 0);
    assert_int_equal(out.len, 22);
    oc_buf_free(&out);
}

static void run_chunked(const char *in, size_t len, size_t max_body, int want_rc, size_t want_body)
{
    chunk_case_t c = {in, len, max_body, want_rc, NULL, 0};
    for (int how = 0; how < 2; how++) {
        oc_buf_t out = OC_BUF_INIT;
        size_t consumed;
        assert_int_equal(feed(&c, how ? split_bytes : split_whole, &out, &consumed), want_rc);
        assert_int_equal(out.len, want_body);
        oc_buf_free(&out);
    }
}

static void test_chunked_limits(void **state)
{
    (void)state;
    char buf[12000];
    size_t n;

    /* Size line: OC_HTTP_MAX_CHUNK_LINE bytes are fine, one more is not. */
    n = 0;
    buf[n++] = '1';
    buf[n++] = ';';
    memset(buf + n, 'x', OC_HTTP_MAX_CHUNK_LINE - 2);
    n += OC_HTTP_MAX_CHUNK_LINE - 2;
    memcpy(buf + n, "\r\nx\r\n0\r\n\r\n", 10);
    run_chunked(buf, n + 10, 100, 0, 1);
    memmove(buf + n + 1, buf + n, 10);
    buf[n] = 'x';
    run_chunked(buf, n + 11, 100, OC_E2BIG, 0);

    /* Trailers: OC_HTTP_MAX_TRAILERS bytes from after "0\r\n" to the end are fine. */
    n = 0;
    memcpy(buf, "0\r\n", 3);
    n = 3;
    size_t value = OC_HTTP_MAX_TRAILERS - strlen("X:\r\n\r\n");
    memcpy(buf + n, "X:", 2);
    n += 2;
    memset(buf + n, 'v', value);
    n += value;
    memcpy(buf + n, "\r\n\r\n", 4);
    run_chunked(buf, n + 4, 100, 0, 0);
    memmove(buf + n + 1, buf + n, 4);
    buf[n] = 'v';
    run_chunked(buf, n + 5, 100, OC_E2BIG, 0);

    /* Many small trailers add up too. */
    n = 0;
    memcpy(buf, "0\r\n", 3);
    n = 3;
    while (n < 9000)
        n += (size_t)snprintf(buf + n, sizeof(buf) - n, "T: 1234\r\n");
    memcpy(buf + n, "\r\n", 2);
    run_chunked(buf, n + 2, 100, OC_E2BIG, 0);

    /* Body exactly max_body over many chunks, then one byte over. */
    n = 0;
    for (int i = 0; i < 100; i++)
        n += (size_t)snprintf(buf + n, sizeof(buf) - n, "a\r\n0123456789\r\n");
    memcpy(buf + n, "0\r\n\r\n", 5);
    run_chunked(buf, n + 5, 1000, 0, 1000);
    run_chunked(buf, n + 5, 999, OC_E2BIG, 990);
}

/* ---- seed corpus ------------------------------------------------------------------------ */

static void test_corpus_replay(void **state)
{
    (void)state;
    /* The corpus sits at fuzz/corpus/http_parser relative to the repository root, which is
     * where this file's path ends in tests/unit/http/test_parser.c. */
    static const char self[] = "tests/unit/http/test_parser.c";
    const char *file = __FILE__;
    size_t root_len = strlen(file) - (sizeof(self) - 1);
    assert_string_equal(file + root_len, self);
    char dir[4096];
    snprintf(dir, sizeof(dir), "%.*sfuzz/corpus/http_parser", (int)root_len, file);
    DIR *d = opendir(dir);
    if (d == NULL)
        fail_msg("cannot open %s", dir);
    size_t seeds = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[8192];
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        static uint8_t data[65536];
        size_t n = fread(data, 1, sizeof(data), f);
        fclose(f);
        LLVMFuzzerTestOneInput(data, n);
        seeds++;
    }
    closedir(d);
    assert_true(seeds >= 20);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_simple_get),
        cmocka_unit_test(test_pipelined),
        cmocka_unit_test(test_post_content_length),
        cmocka_unit_test(test_methods),
        cmocka_unit_test(test_keep_alive),
        cmocka_unit_test(test_upgrade_and_expect),
        cmocka_unit_test(test_chunked_head),
        cmocka_unit_test(test_target_forms),
        cmocka_unit_test(test_leading_empty_lines),
        cmocka_unit_test(test_obs_text_value),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_notsup_kinds),
        cmocka_unit_test(test_malformed_prefixes),
        cmocka_unit_test(test_incomplete_every_split),
        cmocka_unit_test(test_head_size_limit),
        cmocka_unit_test(test_too_many_headers),
        cmocka_unit_test(test_header_find),
        cmocka_unit_test(test_value_has_token),
        cmocka_unit_test(test_query_get),
        cmocka_unit_test(test_url_decode),
        cmocka_unit_test(test_chunked_cases),
        cmocka_unit_test(test_chunked_every_two_way_split),
        cmocka_unit_test(test_chunked_done_and_sticky),
        cmocka_unit_test(test_chunked_limits),
        cmocka_unit_test(test_corpus_replay),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
