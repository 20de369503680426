/* Tests for src/core/json_scan.c: RFC 8259 acceptance and rejection (JSONTestSuite-style y_/n_
 * cases), the nesting limit, array splitting, string decoding and comparison. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/errors.h"
#include "core/json_scan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A test text with its exact length: several cases hold NUL bytes. */
typedef struct {
    const char *s;
    size_t len;
} text_t;

// clang-format off
#define T(lit) {lit, sizeof(lit) - 1}
// clang-format on

typedef struct {
    text_t text;
    oc_json_type_t type;
} accept_case_t;

static const accept_case_t accepted[] = {
    {T("[]"), OC_JSON_ARRAY},
    {T("{}"), OC_JSON_OBJECT},
    {T("[[]]"), OC_JSON_ARRAY},
    {T(" \t\r\n[ \t\r\n1 \t\r\n, \t\r\n2 \t\r\n] \t\r\n"), OC_JSON_ARRAY},
    {T("{ \"a\" : 1 , \"b\" : [ ] }"), OC_JSON_OBJECT},
    {T("{\"a\":[1,{\"b\":null}],\"a\":2}"), OC_JSON_OBJECT}, /* duplicate names are allowed */
    {T("{\"\":0}"), OC_JSON_OBJECT},
    {T("\"a\""), OC_JSON_STRING},
    {T("\"\""), OC_JSON_STRING},
    {T("0"), OC_JSON_NUMBER},
    {T("-0"), OC_JSON_NUMBER},
    {T("-0.0e+1"), OC_JSON_NUMBER},
    {T("1E5"), OC_JSON_NUMBER},
    {T("1e-5"), OC_JSON_NUMBER},
    {T("1E+05"), OC_JSON_NUMBER},
    {T("123.456e789"), OC_JSON_NUMBER},
    {T("-1234567890123456789012345678901234567890"), OC_JSON_NUMBER},
    {T("10"), OC_JSON_NUMBER},
    {T(" 7 "), OC_JSON_NUMBER},
    {T("true"), OC_JSON_TRUE},
    {T("false"), OC_JSON_FALSE},
    {T("null"), OC_JSON_NULL},
    {T("[true,false,null]"), OC_JSON_ARRAY},
    {T("[\"\\u0000\"]"), OC_JSON_ARRAY},
    {T("[\"\\ud800\"]"), OC_JSON_ARRAY}, /* lone surrogates are valid syntax */
    {T("[\"\\uDFAA\"]"), OC_JSON_ARRAY},
    {T("[\"\\ud800\\ud800\"]"), OC_JSON_ARRAY},
    {T("[\"\\uD834\\uDD1E\"]"), OC_JSON_ARRAY},
    {T("[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"]"), OC_JSON_ARRAY},
    {T("[\"\\u0041\\u00e9\\uABCD\\uabcd\"]"), OC_JSON_ARRAY},
    {T("[\"\xc3\xa9\"]"), OC_JSON_ARRAY},                     /* U+00E9 */
    {T("[\"\xe2\x82\xac\"]"), OC_JSON_ARRAY},                 /* U+20AC */
    {T("[\"\xf0\x9d\x84\x9e\"]"), OC_JSON_ARRAY},             /* U+1D11E */
    {T("[\"\xef\xbf\xbf\xef\xbf\xbe\"]"), OC_JSON_ARRAY},     /* non-characters are valid */
    {T("[\"\xf4\x8f\xbf\xbf\"]"), OC_JSON_ARRAY},             /* U+10FFFF */
    {T("[\"\xed\x9f\xbf\xee\x80\x80\"]"), OC_JSON_ARRAY},     /* around the surrogates */
    {T("[\"\xe0\xa0\x80\xf0\x90\x80\x80\"]"), OC_JSON_ARRAY}, /* shortest 3 and 4 bytes */
    {T("[\"\x7f\"]"), OC_JSON_ARRAY},                         /* DEL needs no escape */
    {T("[\"a/*b*/c\"]"), OC_JSON_ARRAY},
    {T("\"0123456789abcdefghijklmnopqrstuvwxyz0123456789\""), OC_JSON_STRING},
    {T("\"0123456\\\"0123456\\\\01234567\xc3\xa9\""), OC_JSON_STRING},
};

static const text_t rejected[] = {
    T(""),
    T(" "),
    T("\t\r\n"),
    T("[1,]"),
    T("[01]"),
    T("[-01]"),
    T("01"),
    T("[\"\\u00\"]"),
    T("[\"\\u00G0\"]"),
    T("[\"\\u"),
    T("[\"\\uD800\\u\"]"),
    T("[1e]"),
    T("[1e+]"),
    T("[1E-]"),
    T("[1.]"),
    T("[1.e1]"),
    T("[2.]"),
    T("[.1]"),
    T("[+1]"),
    T("[--1]"),
    T("[1e1.5]"),
    T("[0x10]"),
    T("[-]"),
    T("[- 1]"),
    T("[NaN]"),
    T("[Infinity]"),
    T("[-Infinity]"),
    T("{\"a\" 1}"),
    T("{\"a\":1,}"),
    T("{\"a\":}"),
    T("{\"a\"}"),
    T("{1:2}"),
    T("{'a':2}"),
    T("{,}"),
    T("{\"a\":1 \"b\":2}"),
    T("[1 2]"),
    T("[,1]"),
    T("[1,,2]"),
    T("['a']"),
    T("[\"a\x01\"]"),
    T("[\"a\x1f\"]"),
    T("[\"a\tb\"]"),
    T("[\"a\nb\"]"),
    T("[\"a\x00\"]"),
    T("[\"\\a\"]"),
    T("[\"\\x41\"]"),
    T("[\"\\U0041\"]"),
    T("[\"\\'\"]"),
    T("[\"abc"),
    T("\"abc"),
    T("\""),
    T("\"\\"),
    T("\"\\\""),
    T("["),
    T("]"),
    T("{"),
    T("[[]"),
    T("[]]"),
    T("{\"a\":[}"),
    T("[}"),
    T("{]"),
    T("[1] x"),
    T("[1][2]"),
    T("[1]\x00"),
    T("\x00[1]"),
    T("1 2"),
    T("\"a\" \"b\""),
    T("\xef\xbb\xbf[]"), /* a byte order mark is not JSON (RFC 8259 section 8.1) */
    T("\x0b[]"),         /* vertical tab is not white space */
    T("\x0c[]"),         /* nor is form feed */
    T("\xc2\xa0[]"),     /* nor is NO-BREAK SPACE */
    T("[tru]"),
    T("[True]"),
    T("[nul]"),
    T("[nulll]"),
    T("truefalse"),
    T("[\"\xc0\x80\"]"),                 /* overlong NUL */
    T("[\"\xc1\xbf\"]"),                 /* overlong 0x7F */
    T("[\"\xe0\x80\x80\"]"),             /* overlong 3-byte */
    T("[\"\xe0\x9f\xbf\"]"),             /* overlong 3-byte, largest */
    T("[\"\xf0\x80\x80\x80\"]"),         /* overlong 4-byte */
    T("[\"\xf0\x8f\xbf\xbf\"]"),         /* overlong 4-byte, largest */
    T("[\"\xed\xa0\x80\"]"),             /* U+D800 encoded */
    T("[\"\xed\xbf\xbf\"]"),             /* U+DFFF encoded */
    T("[\"\xed\xa0\xbd\xed\xb8\x80\"]"), /* CESU-8 surrogate pair */
    T("[\"\xf4\x90\x80\x80\"]"),         /* U+110000 */
    T("[\"\xf5\x80\x80\x80\"]"),
    T("[\"\xf8\x88\x80\x80\x80\"]"),
    T("[\"\xff\"]"),
    T("[\"\xfe\"]"),
    T("[\"\x80\"]"), /* lone continuation byte */
    T("[\"\xbf\"]"),
    T("[\"\xc3\"]"), /* truncated sequences */
    T("[\"\xe2\x82\"]"),
    T("[\"\xf0\x9d\x84\"]"),
    T("[\"\xe2\x82"),
    T("[\"\xc3\xa9\xc3"),
    T("[\"\xe2\x28\xa1\"]"), /* bad continuation */
    T("[\"\xf0\x9d\x28\x9e\"]"),
    T("[\xc3\xa9]"), /* non-ASCII outside a string */
};

static void test_accepts_valid(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(accepted) / sizeof(accepted[0]); i++) {
        const accept_case_t *c = &accepted[i];
        oc_json_slice_t v = {NULL, 0, OC_JSON_NONE};
        int rc = oc_json_validate(c->text.s, c->text.len, &v);
        if (rc != 0)
            fail_msg("case %zu rejected: %.*s", i, (int)c->text.len, c->text.s);
        assert_int_equal(v.type, c->type);
        assert_int_equal(oc_json_validate(c->text.s, c->text.len, NULL), 0);
    }
}

static void test_rejects_invalid(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(rejected) / sizeof(rejected[0]); i++) {
        const text_t *c = &rejected[i];
        oc_json_slice_t v = {NULL, 0, OC_JSON_NONE};
        int rc = oc_json_validate(c->s, c->len, &v);
        if (rc != OC_EPROTO)
            fail_msg("case %zu gave %d: %.*s", i, rc, (int)c->len, c->s);
        /* out is left alone on failure */
        assert_null(v.ptr);
    }
}

static void test_validate_slice_excludes_white_space(void **state)
{
    (void)state;
    const char *s = " \t[1, 2]\r\n ";
    oc_json_slice_t v;
    assert_int_equal(oc_json_validate(s, strlen(s), &v), 0);
    assert_ptr_equal(v.ptr, s + 2);
    assert_int_equal(v.len, 6);
    assert_int_equal(v.type, OC_JSON_ARRAY);

    const char *num = "  -12.5e3 ";
    assert_int_equal(oc_json_validate(num, strlen(num), &v), 0);
    assert_ptr_equal(v.ptr, num + 2);
    assert_int_equal(v.len, 7);
    assert_int_equal(v.type, OC_JSON_NUMBER);
}

static void test_validate_only_reads_len_bytes(void **state)
{
    (void)state;
    /* The text continues past len: the scanner must stop at len. */
    const char *s = "[1]]]]";
    assert_int_equal(oc_json_validate(s, 3, NULL), 0);
    assert_int_equal(oc_json_validate(s, 2, NULL), OC_EPROTO);
    const char *t = "truex";
    assert_int_equal(oc_json_validate(t, 4, NULL), 0);
    assert_int_equal(oc_json_validate(t, 3, NULL), OC_EPROTO);
    assert_int_equal(oc_json_validate(NULL, 0, NULL), OC_EPROTO);
}

/* Builds open^n + middle + close^n. Caller frees. */
static char *nest(size_t n, const char *open, const char *middle, const char *close,
                  size_t *len_out)
{
    size_t lo = strlen(open), lm = strlen(middle), lc = strlen(close);
    size_t len = n * (lo + lc) + lm;
    char *s = malloc(len + 1);
    char *w = s;
    for (size_t i = 0; i < n; i++, w += lo)
        memcpy(w, open, lo);
    memcpy(w, middle, lm);
    w += lm;
    for (size_t i = 0; i < n; i++, w += lc)
        memcpy(w, close, lc);
    *w = '\0';
    *len_out = len;
    return s;
}

static void test_depth_limit(void **state)
{
    (void)state;
    size_t len;
    char *s;

    s = nest(OC_JSON_MAX_DEPTH, "[", "", "]", &len);
    assert_int_equal(oc_json_validate(s, len, NULL), 0);
    free(s);
    s = nest(OC_JSON_MAX_DEPTH + 1, "[", "", "]", &len);
    assert_int_equal(oc_json_validate(s, len, NULL), OC_EPROTO);
    free(s);

    s = nest(OC_JSON_MAX_DEPTH, "{\"a\":", "1", "}", &len);
    assert_int_equal(oc_json_validate(s, len, NULL), 0);
    free(s);
    s = nest(OC_JSON_MAX_DEPTH + 1, "{\"a\":", "1", "}", &len);
    assert_int_equal(oc_json_validate(s, len, NULL), OC_EPROTO);
    free(s);

    /* Mixed, with siblings: depth is the nesting, not the count of containers. */
    s = nest(OC_JSON_MAX_DEPTH / 2 - 1, "[{\"k\":[0],\"a\":", "[[]]", "}]", &len);
    assert_int_equal(oc_json_validate(s, len, NULL), 0);
    free(s);
    s = nest(OC_JSON_MAX_DEPTH / 2 - 1, "[{\"k\":[0],\"a\":", "[[[]]]", "}]", &len);
    assert_int_equal(oc_json_validate(s, len, NULL), OC_EPROTO);
    free(s);

    /* Array split counts the outer array as one level, like validate. */
    size_t count;
    s = nest(OC_JSON_MAX_DEPTH, "[", "", "]", &len);
    assert_int_equal(oc_json_array_split(s, len, NULL, 0, &count), 0);
    assert_int_equal(count, 1);
    free(s);
    s = nest(OC_JSON_MAX_DEPTH + 1, "[", "", "]", &len);
    assert_int_equal(oc_json_array_split(s, len, NULL, 0, &count), OC_EPROTO);
    free(s);

    /* A hostile run of brackets fails quickly and without deep recursion. */
    s = nest(1000000, "[", "", "", &len);
    assert_int_equal(oc_json_validate(s, len, NULL), OC_EPROTO);
    free(s);
}

/* Every special byte at every offset of a string, so both the 8-byte loop and the byte loop
 * meet it, at and across word boundaries. */
static void test_string_specials_at_every_offset(void **state)
{
    (void)state;
    char s[64];
    for (size_t pos = 0; pos < 24; pos++) {
        for (size_t tail = 0; tail < 10; tail++) {
            size_t len = 0;
            s[len++] = '"';
            memset(s + len, 'a', pos);
            len += pos;
            size_t at = len;
            s[len++] = 'x';
            memset(s + len, 'b', tail);
            len += tail;
            s[len++] = '"';

            static const struct {
                const char *bytes;
                size_t n;
                int ok;
            } subst[] = {
                {"x", 1, 1},
                {"\x01", 1, 0},
                {"\x1f", 1, 0},
                {"\0", 1, 0},
                {" ", 1, 1},
                {"\x7f", 1, 1},
                {"\\n", 2, 1},
                {"\\u12aF", 6, 1},
                {"\\q", 2, 0},
                {"\\u12g4", 6, 0},
                {"\xc3\xa9", 2, 1},
                {"\xe2\x82\xac", 3, 1},
                {"\xed\xa0\x80", 3, 0},
                {"\xc3", 1, 0},
                {"\xf0\x9f\x98\x80", 4, 1},
                {"\x80", 1, 0},
            };
            for (size_t k = 0; k < sizeof(subst) / sizeof(subst[0]); k++) {
                char buf[80];
                memcpy(buf, s, at);
                memcpy(buf + at, subst[k].bytes, subst[k].n);
                memcpy(buf + at + subst[k].n, s + at + 1, len - at - 1);
                size_t blen = len - 1 + subst[k].n;
                int rc = oc_json_validate(buf, blen, NULL);
                if (rc != (subst[k].ok ? 0 : OC_EPROTO))
                    fail_msg("pos %zu tail %zu subst %zu: %d", pos, tail, k, rc);
            }
            /* An early quote leaves trailing garbage; a missing quote leaves it open. */
            s[at] = '"';
            assert_int_equal(oc_json_validate(s, len, NULL), OC_EPROTO);
            s[at] = 'x';
            assert_int_equal(oc_json_validate(s, len, NULL), 0);
            assert_int_equal(oc_json_validate(s, len - 1, NULL), OC_EPROTO);
        }
    }
}

static void check_slice(const oc_json_slice_t *v, const char *text, oc_json_type_t type)
{
    assert_int_equal(v->type, type);
    assert_int_equal(v->len, strlen(text));
    assert_memory_equal(v->ptr, text, v->len);
}

static void test_array_split(void **state)
{
    (void)state;
    const char *s = " [ \"msg\" ,{\"a\":[1,2]}, [3,[4]] ,\t5.5e1,true,false,null,\"x\\\"y\",{} ] ";
    oc_json_slice_t items[16];
    size_t count = 99;
    assert_int_equal(oc_json_array_split(s, strlen(s), items, 16, &count), 0);
    assert_int_equal(count, 9);
    check_slice(&items[0], "\"msg\"", OC_JSON_STRING);
    assert_ptr_equal(items[0].ptr, s + 3);
    check_slice(&items[1], "{\"a\":[1,2]}", OC_JSON_OBJECT);
    check_slice(&items[2], "[3,[4]]", OC_JSON_ARRAY);
    check_slice(&items[3], "5.5e1", OC_JSON_NUMBER);
    check_slice(&items[4], "true", OC_JSON_TRUE);
    check_slice(&items[5], "false", OC_JSON_FALSE);
    check_slice(&items[6], "null", OC_JSON_NULL);
    check_slice(&items[7], "\"x\\\"y\"", OC_JSON_STRING);
    check_slice(&items[8], "{}", OC_JSON_OBJECT);
}

static void test_array_split_beyond_max_items(void **state)
{
    (void)state;
    const char *s = "[1,2,3,4,5]";
    oc_json_slice_t items[3];
    memset(items, 0xA5, sizeof(items));
    size_t count = 0;
    assert_int_equal(oc_json_array_split(s, strlen(s), items, 2, &count), 0);
    assert_int_equal(count, 5);
    check_slice(&items[0], "1", OC_JSON_NUMBER);
    check_slice(&items[1], "2", OC_JSON_NUMBER);
    /* Nothing written past max_items. */
    unsigned char untouched[sizeof(items[2])];
    memset(untouched, 0xA5, sizeof(untouched));
    assert_memory_equal(&items[2], untouched, sizeof(untouched));

    assert_int_equal(oc_json_array_split(s, strlen(s), NULL, 0, &count), 0);
    assert_int_equal(count, 5);
}

static void test_array_split_empty_and_invalid(void **state)
{
    (void)state;
    size_t count = 99;
    oc_json_slice_t items[4];
    assert_int_equal(oc_json_array_split("[]", 2, items, 4, &count), 0);
    assert_int_equal(count, 0);
    count = 99;
    assert_int_equal(oc_json_array_split(" [ \n ] ", 7, items, 4, &count), 0);
    assert_int_equal(count, 0);

    static const char *const bad[] = {
        "",    " ",     "{\"a\":1}",   "\"[1]\"", "1",    "[1,]", "[1", "[1] 2", "[1]]",
        "[,]", "[1 2]", "[\"a\x01\"]", "]",       "[[1]", "[01]", "[}", "x[1]",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        count = 99;
        int rc = oc_json_array_split(bad[i], strlen(bad[i]), items, 4, &count);
        if (rc != OC_EPROTO)
            fail_msg("case %zu (%s) gave %d", i, bad[i], rc);
        assert_int_equal(count, 0);
    }
}

/* Decodes the JSON string text `json` and checks the bytes. */
static void check_decode(const char *json, const char *want, size_t want_len)
{
    oc_json_slice_t v;
    assert_int_equal(oc_json_validate(json, strlen(json), &v), 0);
    oc_buf_t b = OC_BUF_INIT;
    oc_buf_append(&b, "prefix", 6);
    assert_int_equal(oc_json_string_decode(&v, &b), 0);
    assert_int_equal(b.len, 6 + want_len);
    assert_memory_equal(b.data, "prefix", 6);
    if (want_len > 0)
        assert_memory_equal(b.data + 6, want, want_len);
    oc_buf_free(&b);
}

static void test_string_decode(void **state)
{
    (void)state;
    check_decode("\"abc\"", "abc", 3);
    check_decode("\"\"", "", 0);
    check_decode("\"a\\\"b\\\\c\\/d\\be\\ff\\ng\\rh\\ti\"", "a\"b\\c/d\be\ff\ng\rh\ti", 17);
    check_decode("\"\\u0041\\u00e9\\u20AC\"", "A\xc3\xa9\xe2\x82\xac", 6);
    check_decode("\"\\u07ff\\u0800\\uffff\"", "\xdf\xbf\xe0\xa0\x80\xef\xbf\xbf", 8);
    check_decode("\"\\ud834\\udd1e\"", "\xf0\x9d\x84\x9e", 4);
    check_decode("\"\\uD834\\uDD1E\"", "\xf0\x9d\x84\x9e", 4);
    check_decode("\"\\ud800\\udc00\\udbff\\udfff\"", "\xf0\x90\x80\x80\xf4\x8f\xbf\xbf", 8);
    check_decode("\"\\u0000\"", "\0", 1);
    check_decode("\"x\\u0000y\"", "x\0y", 3);
    check_decode("\"caf\xc3\xa9 \xf0\x9f\x98\x80\"", "caf\xc3\xa9 \xf0\x9f\x98\x80", 10);
    check_decode("\"a long run of plain bytes then \\n and more plain bytes\"",
                 "a long run of plain bytes then \n and more plain bytes", 53);
}

static void test_string_decode_errors(void **state)
{
    (void)state;
    static const char *const lone[] = {
        "\"\\ud800\"",          "\"\\udc00\"",        "\"\\udfff\"",        "\"\\ud800\\u0041\"",
        "\"\\ud800x\"",         "\"\\ud800\\ud800\"", "\"\\udc00\\ud800\"", "\"a\\ud800\\n\"",
        "\"\\ud800\\\\udc00\"", "\"\\udc00\\udc00\"", "\"\\udbff\\ue000\"", "\"\\ud800\\u00dc\"",
        "\"x\\udfff\"",
    };
    for (size_t i = 0; i < sizeof(lone) / sizeof(lone[0]); i++) {
        oc_json_slice_t v;
        assert_int_equal(oc_json_validate(lone[i], strlen(lone[i]), &v), 0);
        oc_buf_t b = OC_BUF_INIT;
        oc_buf_append(&b, "keep", 4);
        if (oc_json_string_decode(&v, &b) != OC_EPROTO)
            fail_msg("case %zu (%s) decoded", i, lone[i]);
        /* Nothing is appended on error. */
        assert_int_equal(b.len, 4);
        assert_memory_equal(b.data, "keep", 4);
        assert_false(oc_json_string_equals(&v, ""));
        oc_buf_free(&b);
    }

    /* Slices that are not strings. */
    oc_buf_t b = OC_BUF_INIT;
    static const char *const not_strings[] = {"[\"a\"]", "1", "null", "{}"};
    for (size_t i = 0; i < sizeof(not_strings) / sizeof(not_strings[0]); i++) {
        oc_json_slice_t v;
        assert_int_equal(oc_json_validate(not_strings[i], strlen(not_strings[i]), &v), 0);
        assert_int_equal(oc_json_string_decode(&v, &b), OC_EPROTO);
        assert_false(oc_json_string_equals(&v, "a"));
    }
    oc_json_slice_t one_quote = {"\"", 1, OC_JSON_STRING};
    assert_int_equal(oc_json_string_decode(&one_quote, &b), OC_EPROTO);
    /* An unvalidated slice with a dangling escape still fails cleanly. */
    oc_json_slice_t dangling = {"\"ab\\\"", 5, OC_JSON_STRING};
    assert_int_equal(oc_json_string_decode(&dangling, &b), OC_EPROTO);
    oc_json_slice_t short_u = {"\"\\u12\"", 6, OC_JSON_STRING};
    assert_int_equal(oc_json_string_decode(&short_u, &b), OC_EPROTO);
    assert_int_equal(b.len, 0);
    oc_buf_free(&b);
}

static bool equals(const char *json, const char *s)
{
    oc_json_slice_t v;
    assert_int_equal(oc_json_validate(json, strlen(json), &v), 0);
    return oc_json_string_equals(&v, s);
}

static void test_string_equals(void **state)
{
    (void)state;
    assert_true(equals("\"hello\"", "hello"));
    assert_false(equals("\"hello\"", "hell"));
    assert_false(equals("\"hello\"", "helloo"));
    assert_false(equals("\"hello\"", "hellp"));
    assert_false(equals("\"hello\"", ""));
    assert_true(equals("\"\"", ""));
    assert_false(equals("\"\"", "a"));
    assert_true(equals("\"h\\u0065llo\"", "hello"));
    assert_true(equals("\"a\\\"b\\\\c\\/\"", "a\"b\\c/"));
    assert_true(equals("\"\\ud834\\udd1e\"", "\xf0\x9d\x84\x9e"));
    assert_false(equals("\"\\ud834\\udd1e\"", "\xf0\x9d\x84"));
    assert_true(equals("\"caf\xc3\xa9\"", "caf\xc3\xa9"));
    assert_true(equals("\"caf\\u00e9\"", "caf\xc3\xa9"));
    /* A C string cannot hold U+0000, so it never equals a string that contains it. */
    assert_false(equals("\"\\u0000\"", ""));
    assert_false(equals("\"a\\u0000\"", "a"));
    oc_json_slice_t not_string = {"12", 2, OC_JSON_NUMBER};
    assert_false(oc_json_string_equals(&not_string, "12"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accepts_valid),
        cmocka_unit_test(test_rejects_invalid),
        cmocka_unit_test(test_validate_slice_excludes_white_space),
        cmocka_unit_test(test_validate_only_reads_len_bytes),
        cmocka_unit_test(test_depth_limit),
        cmocka_unit_test(test_string_specials_at_every_offset),
        cmocka_unit_test(test_array_split),
        cmocka_unit_test(test_array_split_beyond_max_items),
        cmocka_unit_test(test_array_split_empty_and_invalid),
        cmocka_unit_test(test_string_decode),
        cmocka_unit_test(test_string_decode_errors),
        cmocka_unit_test(test_string_equals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
