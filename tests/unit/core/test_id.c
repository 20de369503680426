/* Tests for src/core/id.c: ids increase strictly (also across threads), carry their time and
 * node, and parse back from their decimal form. */
#include "core/id.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <uv.h>

#include <cmocka.h>

static void test_increasing_with_time_and_node(void **state)
{
    (void)state;
    oc_id_set_node(5);
    int64_t before = oc_now_ms();
    int64_t prev = 0;
    for (int i = 0; i < 20000; i++) {
        int64_t id = oc_id_next();
        assert_true(id > prev);
        prev = id;
    }
    int64_t after = oc_now_ms();
    int64_t t = oc_id_time_ms(prev);
    assert_true(t >= before && t <= after + 10); /* bursts may borrow a few ms ahead */
    assert_int_equal((prev >> 12) & 1023, 5);
    oc_id_set_node(0);
}

#define THREADS 4
#define PER     5000
static int64_t produced[THREADS][PER];

static void produce(void *arg)
{
    int64_t *out = arg;
    for (int i = 0; i < PER; i++)
        out[i] = oc_id_next();
}

static int cmp(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

static void test_unique_across_threads(void **state)
{
    (void)state;
    uv_thread_t t[THREADS];
    for (int i = 0; i < THREADS; i++)
        uv_thread_create(&t[i], produce, produced[i]);
    for (int i = 0; i < THREADS; i++)
        uv_thread_join(&t[i]);
    int64_t *all = &produced[0][0];
    qsort(all, THREADS * PER, sizeof(int64_t), cmp);
    for (int i = 1; i < THREADS * PER; i++)
        assert_true(all[i] > all[i - 1]);
}

static void test_parse(void **state)
{
    (void)state;
    int64_t v;
    assert_true(oc_id_parse("1", 1, &v));
    assert_int_equal(v, 1);
    assert_true(oc_id_parse("9223372036854775807", 19, &v));
    assert_int_equal(v, INT64_MAX);
    assert_false(oc_id_parse("9223372036854775808", 19, &v));
    assert_false(oc_id_parse("0", 1, &v));
    assert_false(oc_id_parse("", 0, &v));
    assert_false(oc_id_parse("-1", 2, &v));
    assert_false(oc_id_parse("12a", 3, &v));
    assert_false(oc_id_parse("12345678901234567890", 20, &v));
    char buf[24];
    int64_t id = oc_id_next();
    int n = snprintf(buf, sizeof(buf), "%lld", (long long)id);
    assert_true(oc_id_parse(buf, (size_t)n, &v));
    assert_int_equal(v, id);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_increasing_with_time_and_node),
        cmocka_unit_test(test_unique_across_threads),
        cmocka_unit_test(test_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
