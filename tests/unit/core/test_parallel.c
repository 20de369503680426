/* Tests for src/core/parallel.c: every item runs exactly once per run and its writes are
 * visible when the run returns; helpers really take items (the caller's first item waits
 * until a helper has run one); small runs and a pool without helpers stay on the caller;
 * thousands of back-to-back runs of changing sizes never lose or repeat an item (the
 * generation check on the shared cursor); freeing an idle pool joins its threads. */
#include "core/parallel.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

enum { MAX_ITEMS = 4096 };

typedef struct run_state {
    unsigned calls[MAX_ITEMS]; /* item i writes only calls[i] and ran_on_caller[i] */
    bool ran_on_caller[MAX_ITEMS];
    pthread_t caller;
    _Atomic int helper_items;
    bool wait_for_helper;
} run_state_t;

static run_state_t st;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void count_item(size_t i, void *arg)
{
    run_state_t *s = arg;
    bool on_caller = pthread_equal(pthread_self(), s->caller);
    s->calls[i]++;
    s->ran_on_caller[i] = on_caller;
    if (!on_caller) {
        atomic_fetch_add(&s->helper_items, 1);
    } else if (s->wait_for_helper) {
        /* Holds the caller inside an item until a helper has taken one (5 s at most). */
        double until = now_s() + 5;
        while (atomic_load(&s->helper_items) == 0 && now_s() < until)
            ;
    }
}

static void reset(void)
{
    memset(&st, 0, sizeof(st));
    st.caller = pthread_self();
}

static void assert_each_once(size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (st.calls[i] != 1)
            fail_msg("item %zu ran %u times", i, st.calls[i]);
    for (size_t i = n; i < MAX_ITEMS; i++)
        assert_int_equal(st.calls[i], 0);
}

static void test_without_helpers_everything_runs_on_the_caller(void **state)
{
    (void)state;
    oc_parallel_t *p = oc_parallel_new(0);
    assert_int_equal(oc_parallel_helpers(p), 0);
    reset();
    oc_parallel_run(p, 1000, 1, count_item, &st);
    assert_each_once(1000);
    for (size_t i = 0; i < 1000; i++)
        assert_true(st.ran_on_caller[i]);
    oc_parallel_free(p);
    oc_parallel_free(NULL);
}

static void test_helpers_take_items(void **state)
{
    (void)state;
    oc_parallel_t *p = oc_parallel_new(2);
    assert_int_equal(oc_parallel_helpers(p), 2);
    reset();
    st.wait_for_helper = true;
    oc_parallel_run(p, 64, 2, count_item, &st);
    assert_each_once(64);
    assert_true(atomic_load(&st.helper_items) > 0);
    size_t on_helpers = 0;
    for (size_t i = 0; i < 64; i++)
        on_helpers += !st.ran_on_caller[i];
    assert_int_equal(on_helpers, (size_t)atomic_load(&st.helper_items));
    oc_parallel_free(p);
}

static void test_small_runs_stay_on_the_caller(void **state)
{
    (void)state;
    oc_parallel_t *p = oc_parallel_new(2);
    reset();
    oc_parallel_run(p, 7, 8, count_item, &st);
    assert_each_once(7);
    assert_int_equal(atomic_load(&st.helper_items), 0);
    reset();
    oc_parallel_run(p, 0, 0, count_item, &st);
    assert_each_once(0);
    oc_parallel_free(p);
}

static void test_back_to_back_runs_lose_and_repeat_nothing(void **state)
{
    (void)state;
    oc_parallel_t *p = oc_parallel_new(3);
    size_t total_helper = 0;
    for (unsigned r = 0; r < 3000; r++) {
        size_t n = (r * 7919u) % MAX_ITEMS;
        reset();
        oc_parallel_run(p, n, 2, count_item, &st);
        assert_each_once(n);
        total_helper += (size_t)atomic_load(&st.helper_items);
    }
    /* Not asserted: how much the helpers took depends on the scheduler. */
    print_message("items run by helpers over 3000 runs: %zu\n", total_helper);
    oc_parallel_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_without_helpers_everything_runs_on_the_caller),
        cmocka_unit_test(test_helpers_take_items),
        cmocka_unit_test(test_small_runs_stay_on_the_caller),
        cmocka_unit_test(test_back_to_back_runs_lose_and_repeat_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
