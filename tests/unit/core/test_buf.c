/* Tests for src/core/buf.c: appending bytes, strings and characters across growth, decimal
 * integers at their extremes, printf-style formatting, consuming from the front and handing
 * the bytes over with steal. Every check compares the exact bytes and length. */
#include "core/buf.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static void assert_buf(const oc_buf_t *b, const char *want, size_t len)
{
    assert_int_equal(b->len, len);
    assert_true(b->cap >= b->len);
    if (len > 0)
        assert_memory_equal(b->data, want, len);
}

#define ASSERT_BUF_STR(b, s) assert_buf((b), (s), sizeof(s) - 1)

static void test_zeroed_buffer_is_empty(void **state)
{
    (void)state;
    oc_buf_t b = OC_BUF_INIT;
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    oc_buf_append(&b, "ignored", 0); /* nothing to add: no allocation */
    assert_null(b.data);
    assert_int_equal(b.cap, 0);
    oc_buf_free(&b);
    oc_buf_free(NULL);
    assert_null(b.data);
}

static void test_append_variants_and_growth(void **state)
{
    (void)state;
    oc_buf_t b = OC_BUF_INIT;
    oc_buf_append(&b, "ab\0c", 4);
    oc_buf_append_str(&b, "de");
    oc_buf_append_char(&b, 'f');
    oc_buf_append_char(&b, '\0');
    assert_buf(&b, "ab\0cdef\0", 8);
    assert_int_equal(b.cap, 64);

    /* Grow well past the first allocation; earlier bytes survive the moves. */
    char big[1000];
    for (size_t i = 0; i < sizeof(big); i++)
        big[i] = (char)('a' + i % 26);
    oc_buf_append(&b, big, sizeof(big));
    assert_int_equal(b.len, 1008);
    assert_int_equal(b.cap, 1024);
    assert_memory_equal(b.data, "ab\0cdef\0", 8);
    assert_memory_equal(b.data + 8, big, sizeof(big));

    oc_buf_reserve(&b, 16); /* already room */
    assert_int_equal(b.cap, 1024);
    oc_buf_reserve(&b, 17);
    assert_int_equal(b.cap, 2048);
    assert_int_equal(b.len, 1008);
    oc_buf_free(&b);
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    assert_int_equal(b.cap, 0);
}

static void test_u64_decimal(void **state)
{
    (void)state;
    static const struct {
        uint64_t v;
        const char *dec;
    } cases[] = {
        {0, "0"},
        {7, "7"},
        {10, "10"},
        {99, "99"},
        {100, "100"},
        {4294967295u, "4294967295"},
        {4294967296u, "4294967296"},
        {9999999999999999999u, "9999999999999999999"},
        {10000000000000000000u, "10000000000000000000"},
        {UINT64_MAX, "18446744073709551615"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char out[21];
        memset(out, '#', sizeof(out));
        size_t n = oc_u64_to_dec(cases[i].v, out);
        assert_int_equal(n, strlen(cases[i].dec));
        assert_memory_equal(out, cases[i].dec, n);
        assert_int_equal(out[n], '#'); /* no terminator written */

        oc_buf_t b = OC_BUF_INIT;
        oc_buf_append_char(&b, '[');
        oc_buf_append_u64(&b, cases[i].v);
        oc_buf_append_char(&b, ']');
        assert_int_equal(b.len, n + 2);
        assert_int_equal(b.data[0], '[');
        assert_memory_equal(b.data + 1, cases[i].dec, n);
        assert_int_equal(b.data[n + 1], ']');
        oc_buf_free(&b);
    }
}

static void test_i64_decimal(void **state)
{
    (void)state;
    static const struct {
        int64_t v;
        const char *dec;
    } cases[] = {
        {0, "0"},
        {1, "1"},
        {-1, "-1"},
        {-10, "-10"},
        {INT64_MAX, "9223372036854775807"},
        {-INT64_MAX, "-9223372036854775807"},
        {INT64_MIN, "-9223372036854775808"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        oc_buf_t b = OC_BUF_INIT;
        oc_buf_append_i64(&b, cases[i].v);
        assert_buf(&b, cases[i].dec, strlen(cases[i].dec));
        oc_buf_free(&b);
    }
}

static void test_printf(void **state)
{
    (void)state;
    oc_buf_t b = OC_BUF_INIT;
    oc_buf_append_str(&b, "x=");
    oc_buf_printf(&b, "%d,%s,%05.1f", -42, "abc", 3.14159);
    ASSERT_BUF_STR(&b, "x=-42,abc,003.1");
    oc_buf_printf(&b, "%s", ""); /* empty output appends nothing */
    ASSERT_BUF_STR(&b, "x=-42,abc,003.1");

    /* Output longer than the free space forces a reserve; no terminator counted in len. */
    char big[301];
    memset(big, 'z', 300);
    big[300] = '\0';
    oc_buf_printf(&b, "<%s>", big);
    assert_int_equal(b.len, 15 + 302);
    assert_memory_equal(b.data, "x=-42,abc,003.1<", 16);
    assert_memory_equal(b.data + 16, big, 300);
    assert_int_equal(b.data[316], '>');
    oc_buf_free(&b);
}

static void test_consume(void **state)
{
    (void)state;
    oc_buf_t b = OC_BUF_INIT;
    oc_buf_append_str(&b, "GET / HTTP/1.1\r\n");
    oc_buf_consume(&b, 0);
    ASSERT_BUF_STR(&b, "GET / HTTP/1.1\r\n");
    oc_buf_consume(&b, 4);
    ASSERT_BUF_STR(&b, "/ HTTP/1.1\r\n");
    size_t cap = b.cap;
    oc_buf_consume(&b, b.len);
    assert_int_equal(b.len, 0);
    assert_int_equal(b.cap, cap); /* keeps its memory for the next append */
    oc_buf_append_str(&b, "more");
    ASSERT_BUF_STR(&b, "more");
    oc_buf_free(&b);
}

static void test_steal(void **state)
{
    (void)state;
    oc_buf_t b = OC_BUF_INIT;
    oc_buf_append(&b, "a\0b", 3);
    size_t len = 99;
    char *s = oc_buf_steal(&b, &len);
    assert_int_equal(len, 3);
    assert_memory_equal(s, "a\0b\0", 4);
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    assert_int_equal(b.cap, 0);
    free(s);

    /* An empty buffer gives an empty string, never NULL; len_out may be NULL. */
    s = oc_buf_steal(&b, &len);
    assert_non_null(s);
    assert_int_equal(len, 0);
    assert_string_equal(s, "");
    free(s);
    oc_buf_append_str(&b, "xy");
    s = oc_buf_steal(&b, NULL);
    assert_string_equal(s, "xy");
    free(s);
    assert_null(b.data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_zeroed_buffer_is_empty),
        cmocka_unit_test(test_append_variants_and_growth),
        cmocka_unit_test(test_u64_decimal),
        cmocka_unit_test(test_i64_decimal),
        cmocka_unit_test(test_printf),
        cmocka_unit_test(test_consume),
        cmocka_unit_test(test_steal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
