/* Tests for src/core/json_writer.c: exact escaping, U+FFFD replacement, numbers, and round
 * trips through json_scan (write, validate, decode gives back the input). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/json_scan.h"
#include "core/json_writer.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Writes s[0..len) as a JSON string and checks the output bytes exactly. */
static void check_string(const char *s, size_t len, const char *want)
{
    oc_buf_t b = OC_BUF_INIT;
    oc_json_append_string(&b, s, len);
    if (b.len != strlen(want) || memcmp(b.data, want, b.len) != 0)
        fail_msg("got %.*s want %s", (int)b.len, b.data, want);
    assert_int_equal(oc_json_validate(b.data, b.len, NULL), 0);
    oc_buf_free(&b);
}

#define CHECK_STRING(lit, want) check_string(lit, sizeof(lit) - 1, want)

static void test_string_plain_and_escapes(void **state)
{
    (void)state;
    CHECK_STRING("", "\"\"");
    CHECK_STRING("hello", "\"hello\"");
    CHECK_STRING("a\"b\\c/d", "\"a\\\"b\\\\c/d\"");
    CHECK_STRING("\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"");
    CHECK_STRING("\x00\x01\x0b\x1f\x7f", "\"\\u0000\\u0001\\u000b\\u001f\x7f\"");
    CHECK_STRING("<script>&amp;</script>",
                 "\"\\u003cscript\\u003e\\u0026amp;\\u003c/script\\u003e\"");
    CHECK_STRING("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
                 "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");
    CHECK_STRING("a\xe2\x80\xa8"
                 "b\xe2\x80\xa9"
                 "c\xe2\x80\xaa",
                 "\"a\\u2028b\\u2029c\xe2\x80\xaa\"");
    CHECK_STRING("\xef\xbf\xbf\xf4\x8f\xbf\xbf", "\"\xef\xbf\xbf\xf4\x8f\xbf\xbf\"");
}

static void test_string_invalid_utf8_replaced(void **state)
{
    (void)state;
#define FFFD "\xef\xbf\xbd"
    CHECK_STRING("\xff", "\"" FFFD "\"");
    CHECK_STRING("a\x80z", "\"a" FFFD "z\"");
    /* C0 and C1 can never start a sequence: each byte is its own U+FFFD. */
    CHECK_STRING("a\xc0\x80z", "\"a" FFFD FFFD "z\"");
    /* A truncated sequence is one U+FFFD (its maximal subpart), then what follows. */
    CHECK_STRING("\xe2\x82", "\"" FFFD "\"");
    CHECK_STRING("\xe2\x82x", "\"" FFFD "x\"");
    CHECK_STRING("\xf0\x9f\x98", "\"" FFFD "\"");
    CHECK_STRING("\xf0\x9f\x98<", "\"" FFFD "\\u003c\"");
    CHECK_STRING("\xc3", "\"" FFFD "\"");
    /* Surrogates and out-of-range: the second byte is already wrong, so one per byte. */
    CHECK_STRING("\xed\xa0\x80", "\"" FFFD FFFD FFFD "\"");
    CHECK_STRING("\xf4\x90\x80\x80", "\"" FFFD FFFD FFFD FFFD "\"");
    CHECK_STRING("\xe0\x80\xaf", "\"" FFFD FFFD FFFD "\"");
    CHECK_STRING("\xf5\x80", "\"" FFFD FFFD "\"");
    CHECK_STRING("\xe2\x82\xac\xe2\x82", "\"\xe2\x82\xac" FFFD "\"");
#undef FFFD
}

/* Each byte that needs care at each offset of a longer string, so the 8-byte loop and the
 * byte loop both meet it. */
static void test_string_specials_at_every_offset(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        const char *out;
    } special[] = {
        {"\"", "\\\""},
        {"\\", "\\\\"},
        {"\n", "\\n"},
        {"\x01", "\\u0001"},
        {"<", "\\u003c"},
        {">", "\\u003e"},
        {"&", "\\u0026"},
        {"\xc3\xa9", "\xc3\xa9"},
        {"\xe2\x80\xa8", "\\u2028"},
        {"\xff", "\xef\xbf\xbd"},
        {"/", "/"},
    };
    for (size_t k = 0; k < sizeof(special) / sizeof(special[0]); k++) {
        for (size_t pos = 0; pos < 20; pos++) {
            for (size_t tail = 0; tail < 10; tail++) {
                char in[64], want[80];
                size_t n = 0, w = 0;
                want[w++] = '"';
                for (size_t i = 0; i < pos; i++)
                    in[n++] = want[w++] = (char)('a' + i % 26);
                size_t sl = strlen(special[k].in), ol = strlen(special[k].out);
                memcpy(in + n, special[k].in, sl);
                n += sl;
                memcpy(want + w, special[k].out, ol);
                w += ol;
                for (size_t i = 0; i < tail; i++)
                    in[n++] = want[w++] = (char)('A' + i % 26);
                want[w++] = '"';
                want[w] = '\0';
                check_string(in, n, want);
            }
        }
    }
}

static void test_string_appends(void **state)
{
    (void)state;
    oc_buf_t b = OC_BUF_INIT;
    oc_buf_append_char(&b, '[');
    oc_json_append_cstr(&b, "a");
    oc_buf_append_char(&b, ',');
    oc_json_append_string(&b, "b\0c", 3);
    oc_buf_append_char(&b, ',');
    oc_json_append_string(&b, NULL, 0);
    oc_buf_append_char(&b, ']');
    const char *want = "[\"a\",\"b\\u0000c\",\"\"]";
    assert_int_equal(b.len, strlen(want));
    assert_memory_equal(b.data, want, b.len);
    oc_buf_free(&b);
}

static void check_text(void (*write)(oc_buf_t *), const char *want)
{
    oc_buf_t b = OC_BUF_INIT;
    write(&b);
    if (b.len != strlen(want) || memcmp(b.data, want, b.len) != 0)
        fail_msg("got %.*s want %s", (int)b.len, b.data, want);
    oc_buf_free(&b);
}

static void write_ints(oc_buf_t *b)
{
    oc_json_append_i64(b, 0);
    oc_buf_append_char(b, ' ');
    oc_json_append_i64(b, -1);
    oc_buf_append_char(b, ' ');
    oc_json_append_i64(b, INT64_MIN);
    oc_buf_append_char(b, ' ');
    oc_json_append_i64(b, INT64_MAX);
    oc_buf_append_char(b, ' ');
    oc_json_append_u64(b, 0);
    oc_buf_append_char(b, ' ');
    oc_json_append_u64(b, UINT64_MAX);
    oc_buf_append_char(b, ' ');
    oc_json_append_bool(b, 1);
    oc_buf_append_char(b, ' ');
    oc_json_append_bool(b, 0);
    oc_buf_append_char(b, ' ');
    oc_json_append_bool(b, 42);
}

static void test_integers_and_bools(void **state)
{
    (void)state;
    check_text(write_ints, "0 -1 -9223372036854775808 9223372036854775807 0 "
                           "18446744073709551615 true false true");
}

static void check_double(double v, const char *want)
{
    oc_buf_t b = OC_BUF_INIT;
    oc_json_append_double(&b, v);
    if (b.len != strlen(want) || memcmp(b.data, want, b.len) != 0)
        fail_msg("%.17g: got %.*s want %s", v, (int)b.len, b.data, want);
    oc_json_slice_t s;
    assert_int_equal(oc_json_validate(b.data, b.len, &s), 0);
    if (isfinite(v)) {
        assert_int_equal(s.type, OC_JSON_NUMBER);
        char *text = oc_buf_steal(&b, NULL);
        assert_true(strtod(text, NULL) == v);
        free(text);
    } else {
        assert_int_equal(s.type, OC_JSON_NULL);
    }
    oc_buf_free(&b);
}

static void test_doubles(void **state)
{
    (void)state;
    check_double(0.0, "0");
    check_double(-0.0, "0");
    check_double(1.0, "1");
    check_double(-1.0, "-1");
    check_double(100.0, "100");
    check_double(1.5, "1.5");
    check_double(-2.5e-3, "-0.0025");
    check_double(0.1, "0.1");
    check_double(0.1 + 0.2, "0.30000000000000004");
    check_double(1.0 / 3.0, "0.3333333333333333");
    check_double(2.0 / 3.0, "0.6666666666666666");
    check_double(999999999999999.0, "999999999999999");
    check_double(-999999999999999.0, "-999999999999999");
    check_double(1e14 + 0.5, "100000000000000.5");
    check_double(1e15, "1e+15");
    check_double(9007199254740993.0, "9007199254740992");
    check_double(123456789012345678.0, "1.2345678901234568e+17");
    check_double(1e21, "1e+21");
    check_double(1e-7, "1e-07");
    check_double(1.7976931348623157e308, "1.7976931348623157e+308");
    check_double(2.2250738585072014e-308, "2.2250738585072014e-308");
    check_double(5e-324, "5e-324");     /* smallest subnormal: shortest is 1 digit */
    check_double(1.5e-323, "1.5e-323"); /* subnormal */
    check_double(3.14159, "3.14159");
    check_double(NAN, "null");
    check_double(INFINITY, "null");
    check_double(-INFINITY, "null");
}

/* Shortest form: no precision below the one chosen may round-trip. Checked on a spread of
 * doubles from a fixed pseudo-random sequence. */
static void test_doubles_shortest(void **state)
{
    (void)state;
    uint64_t x = 0x9E3779B97F4A7C15u;
    for (int i = 0; i < 20000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        double v;
        memcpy(&v, &x, sizeof(v));
        if (!isfinite(v))
            continue;
        if (i % 2)
            v = (double)(x >> 11) / (double)(1u << (x % 30)); /* friendlier magnitudes */
        oc_buf_t b = OC_BUF_INIT;
        oc_json_append_double(&b, v);
        char *text = oc_buf_steal(&b, NULL);
        assert_int_equal(oc_json_validate(text, strlen(text), NULL), 0);
        assert_true(strtod(text, NULL) == v || (v == 0 && strtod(text, NULL) == 0));
        if (strchr(text, 'e') != NULL || strchr(text, '.') != NULL) {
            for (int p = 1; p <= 17; p++) {
                char tmp[40];
                snprintf(tmp, sizeof(tmp), "%.*g", p, v);
                if (strtod(tmp, NULL) == v) {
                    if (strcmp(tmp, text) != 0)
                        fail_msg("%.17g: wrote %s, %s is as short", v, text, tmp);
                    break;
                }
            }
        }
        free(text);
    }
}

/* Appends the UTF-8 form of code point cp. */
static size_t put_utf8(char *w, uint32_t cp)
{
    if (cp < 0x80) {
        w[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        w[0] = (char)(0xC0 | cp >> 6);
        w[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        w[0] = (char)(0xE0 | cp >> 12);
        w[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        w[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    w[0] = (char)(0xF0 | cp >> 18);
    w[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    w[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    w[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Write, validate, decode: gives back the input. */
static void round_trip(const char *s, size_t len)
{
    oc_buf_t json = OC_BUF_INIT, back = OC_BUF_INIT;
    oc_json_append_string(&json, s, len);
    oc_json_slice_t v;
    assert_int_equal(oc_json_validate(json.data, json.len, &v), 0);
    assert_int_equal(v.type, OC_JSON_STRING);
    assert_int_equal(v.len, json.len);
    assert_int_equal(oc_json_string_decode(&v, &back), 0);
    assert_int_equal(back.len, len);
    if (len > 0)
        assert_memory_equal(back.data, s, len);
    if (memchr(s, '\0', len) == NULL) {
        char *c = malloc(len + 1);
        memcpy(c, s, len);
        c[len] = '\0';
        assert_true(oc_json_string_equals(&v, c));
        free(c);
    }
    oc_buf_free(&json);
    oc_buf_free(&back);
}

static void test_round_trip_every_code_point(void **state)
{
    (void)state;
    /* Every scalar value, 256 to a string, with a plain byte between them so runs and
     * escapes alternate. */
    char s[256 * 5];
    size_t n = 0;
    for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        n += put_utf8(s + n, cp);
        s[n++] = 'x';
        if (n >= sizeof(s) - 5) {
            round_trip(s, n);
            n = 0;
        }
    }
    round_trip(s, n);
    round_trip("", 0);
    round_trip("\0\0", 2);
}

static void test_invalid_input_gives_valid_json(void **state)
{
    (void)state;
    uint32_t x = 12345;
    for (int i = 0; i < 5000; i++) {
        unsigned char s[64];
        size_t len = (size_t)(i % 64);
        for (size_t j = 0; j < len; j++) {
            x = x * 1103515245u + 12345u;
            /* Bias towards bytes that start or continue UTF-8 sequences. */
            s[j] = (unsigned char)((x >> 16) % 3 == 0 ? 0x80 | (x >> 8) : x >> 24);
        }
        oc_buf_t b = OC_BUF_INIT;
        oc_json_append_string(&b, (const char *)s, len);
        oc_json_slice_t v;
        assert_int_equal(oc_json_validate(b.data, b.len, &v), 0);
        assert_int_equal(v.len, b.len);
        oc_buf_t back = OC_BUF_INIT;
        assert_int_equal(oc_json_string_decode(&v, &back), 0);
        oc_buf_free(&back);
        oc_buf_free(&b);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_string_plain_and_escapes),
        cmocka_unit_test(test_string_invalid_utf8_replaced),
        cmocka_unit_test(test_string_specials_at_every_offset),
        cmocka_unit_test(test_string_appends),
        cmocka_unit_test(test_integers_and_bools),
        cmocka_unit_test(test_doubles),
        cmocka_unit_test(test_doubles_shortest),
        cmocka_unit_test(test_round_trip_every_code_point),
        cmocka_unit_test(test_invalid_input_gives_valid_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
