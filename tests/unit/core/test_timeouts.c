/* Tests for src/core/timeouts.c on a real libuv loop: nodes fire in arming order, re-arming
 * moves a node to the back, a disarmed node never fires, a callback may re-arm its own node,
 * a node moves between lists, and closing a list unlinks everything. Durations are a few
 * milliseconds; the tests assert the order of events, not their exact timing. The deadline
 * lists' timers do not keep the loop alive, so each test keeps a referenced "guard" timer
 * that ends the run. */
#include "core/timeouts.h"

#include "core/alloc.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define MAX_EVENTS 64

typedef struct item {
    oc_timeout_t t;
    char name;
    int rearm; /* times the callback re-arms the node itself */
    uint64_t armed_at, fired_at;
} item_t;

static struct {
    char order[MAX_EVENTS + 1];
    int n;
    int expect; /* stop the loop after this many firings (0: run until the guard) */
    bool guard_fired;
    oc_timeout_list_t *lists[2];
} ev;

static void record(oc_timeout_list_t *list, oc_timeout_t *t)
{
    item_t *it = OC_CONTAINER_OF(t, item_t, t);
    /* The node is disarmed before the callback. */
    assert_false(oc_timeout_armed(t));
    assert_true(ev.n < MAX_EVENTS);
    /* Upper-case letters mark a firing from the second list. */
    ev.order[ev.n++] = list == ev.lists[1] ? (char)(it->name - 'a' + 'A') : it->name;
    it->fired_at = uv_now(list->timer.loop);
    if (ev.n == ev.expect)
        uv_stop(list->timer.loop);
    /* Never early: deadline = armed time + duration. */
    assert_true(it->fired_at >= it->armed_at + list->duration_ms);
    if (it->rearm > 0) {
        it->rearm--;
        it->armed_at = uv_now(list->timer.loop);
        oc_timeout_arm(list, t);
    }
}

static void arm(oc_timeout_list_t *list, item_t *it)
{
    it->armed_at = uv_now(list->timer.loop);
    oc_timeout_arm(list, &it->t);
}

typedef struct step {
    uv_timer_t timer;
    void (*fn)(void);
} step_t;

static void on_step(uv_timer_t *t)
{
    step_t *s = (step_t *)t;
    s->fn();
}

static void on_guard(uv_timer_t *t)
{
    ev.guard_fired = true;
    uv_stop(t->loop);
}

typedef struct fixture {
    uv_loop_t loop;
    oc_timeout_list_t list, list2;
    uv_timer_t guard;
    step_t steps[4];
    int num_steps;
} fixture_t;

static fixture_t *fx;

static int setup(void **state)
{
    fx = oc_xcalloc(1, sizeof(*fx));
    memset(&ev, 0, sizeof(ev));
    uv_loop_init(&fx->loop);
    oc_timeout_list_init(&fx->loop, &fx->list, 10, record);
    oc_timeout_list_init(&fx->loop, &fx->list2, 20, record);
    ev.lists[0] = &fx->list;
    ev.lists[1] = &fx->list2;
    uv_timer_init(&fx->loop, &fx->guard);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    oc_timeout_list_close(&fx->list);
    oc_timeout_list_close(&fx->list2);
    uv_close((uv_handle_t *)&fx->guard, NULL);
    for (int i = 0; i < fx->num_steps; i++)
        uv_close((uv_handle_t *)&fx->steps[i].timer, NULL);
    uv_run(&fx->loop, UV_RUN_DEFAULT);
    assert_int_equal(uv_loop_close(&fx->loop), 0);
    free(fx);
    fx = NULL;
    return 0;
}

/* Runs fn after ms (from a referenced timer). */
static void after(uint64_t ms, void (*fn)(void))
{
    step_t *s = &fx->steps[fx->num_steps++];
    uv_timer_init(&fx->loop, &s->timer);
    s->fn = fn;
    uv_timer_start(&s->timer, on_step, ms, 0);
}

/* Runs the loop for ms: for checks that something does not fire. */
static void run_for(uint64_t ms)
{
    ev.expect = 0;
    ev.guard_fired = false;
    uv_timer_start(&fx->guard, on_guard, ms, 0);
    uv_run(&fx->loop, UV_RUN_DEFAULT);
    assert_true(ev.guard_fired);
}

/* Runs the loop until the n-th firing in total; fails after a generous second. */
static void run_until(int n)
{
    ev.expect = n;
    ev.guard_fired = false;
    uv_timer_start(&fx->guard, on_guard, 1000, 0);
    uv_run(&fx->loop, UV_RUN_DEFAULT);
    uv_timer_stop(&fx->guard);
    assert_false(ev.guard_fired);
    assert_int_equal(ev.n, n);
}

static item_t items[6];

static void init_items(void)
{
    memset(items, 0, sizeof(items));
    for (int i = 0; i < 6; i++) {
        oc_timeout_init(&items[i].t);
        items[i].name = (char)('a' + i);
        assert_false(oc_timeout_armed(&items[i].t));
    }
}

static void test_fifo_order_within_one_turn(void **state)
{
    (void)state;
    init_items();
    arm(&fx->list, &items[2]);
    arm(&fx->list, &items[0]);
    arm(&fx->list, &items[1]);
    assert_true(oc_timeout_armed(&items[0].t));
    run_until(3);
    assert_string_equal(ev.order, "cab");
    for (int i = 0; i < 3; i++)
        assert_false(oc_timeout_armed(&items[i].t));
}

static void arm_b(void)
{
    arm(&fx->list, &items[1]);
}

static void arm_c(void)
{
    arm(&fx->list, &items[2]);
}

/* Nodes armed at different times fire in deadline order; the timer follows the head. */
static void test_fifo_order_across_turns(void **state)
{
    (void)state;
    init_items();
    arm(&fx->list, &items[0]);
    after(3, arm_b);
    after(6, arm_c);
    run_until(3);
    assert_string_equal(ev.order, "abc");
    assert_true(items[1].fired_at >= items[0].fired_at);
    assert_true(items[2].fired_at >= items[1].fired_at);
}

static void rearm_a(void)
{
    /* a is the head: re-arming moves it behind b. */
    assert_string_equal(ev.order, "");
    arm(&fx->list, &items[0]);
}

static void test_rearm_moves_to_back(void **state)
{
    (void)state;
    init_items();
    arm(&fx->list, &items[0]);
    arm(&fx->list, &items[1]);
    after(5, rearm_a);
    run_until(2);
    assert_string_equal(ev.order, "ba");
    /* a's deadline was pushed out: it fired no earlier than 10 ms after the re-arm. */
    assert_true(items[0].fired_at >= items[0].armed_at + 10);
}

static void disarm_a(void)
{
    oc_timeout_disarm(&items[0].t);
    assert_false(oc_timeout_armed(&items[0].t));
    oc_timeout_disarm(&items[0].t); /* idempotent */
}

static void test_disarm_prevents_firing(void **state)
{
    (void)state;
    init_items();
    arm(&fx->list, &items[0]);
    arm(&fx->list, &items[1]);
    arm(&fx->list, &items[2]);
    /* Disarm the middle one at once and the head just before it would fire. */
    oc_timeout_disarm(&items[1].t);
    after(4, disarm_a);
    run_until(1);
    run_for(20);
    assert_string_equal(ev.order, "c");
}

static void test_disarm_everything_then_rearm(void **state)
{
    (void)state;
    init_items();
    arm(&fx->list, &items[0]);
    oc_timeout_disarm(&items[0].t);
    run_for(30);
    assert_string_equal(ev.order, "");
    /* The list is empty again; arming restarts its timer. */
    arm(&fx->list, &items[3]);
    run_until(1);
    assert_string_equal(ev.order, "d");
}

/* A callback that re-arms its own node: it fires again one duration later, and the others
 * keep their places. */
static void test_callback_rearms_itself(void **state)
{
    (void)state;
    init_items();
    items[0].rearm = 2;
    arm(&fx->list, &items[0]);
    arm(&fx->list, &items[1]);
    run_until(4);
    assert_string_equal(ev.order, "abaa");
    assert_false(oc_timeout_armed(&items[0].t));
}

static void move_a_to_list2(void)
{
    arm(&fx->list2, &items[0]);
}

/* Arming a node on another list takes it out of the first one. */
static void test_move_between_lists(void **state)
{
    (void)state;
    init_items();
    arm(&fx->list, &items[0]);
    arm(&fx->list, &items[1]);
    arm(&fx->list2, &items[2]);
    after(2, move_a_to_list2);
    run_until(3);
    /* b fires from list (10 ms), then C (armed at 0 on the 20 ms list), then A. */
    assert_string_equal(ev.order, "bCA");
}

/* A node re-armed from one list's callback onto the other list. */
static void hop(oc_timeout_list_t *list, oc_timeout_t *t)
{
    record(list, t);
    if (list == &fx->list)
        arm(&fx->list2, OC_CONTAINER_OF(t, item_t, t));
}

static void test_move_from_callback(void **state)
{
    (void)state;
    init_items();
    fx->list.cb = hop;
    fx->list2.cb = hop;
    arm(&fx->list, &items[0]);
    run_until(2);
    assert_string_equal(ev.order, "aA");
}

/* Closing a list unlinks its nodes; they can be armed elsewhere afterwards. */
static void test_close_unlinks(void **state)
{
    (void)state;
    init_items();
    static oc_timeout_list_t extra; /* outlives the test until its close has run */
    oc_timeout_list_init(&fx->loop, &extra, 5, record);
    arm(&extra, &items[0]);
    arm(&extra, &items[1]);
    oc_timeout_list_close(&extra);
    assert_false(oc_timeout_armed(&items[0].t));
    assert_false(oc_timeout_armed(&items[1].t));
    arm(&fx->list, &items[1]);
    run_until(1); /* also runs extra's close */
    assert_string_equal(ev.order, "b");
}

/* The lists' timers are unreferenced: a loop with only armed deadlines returns at once. */
static void test_list_does_not_keep_loop_alive(void **state)
{
    (void)state;
    init_items();
    arm(&fx->list, &items[0]);
    assert_int_equal(uv_run(&fx->loop, UV_RUN_DEFAULT), 0);
    assert_string_equal(ev.order, "");
    assert_true(oc_timeout_armed(&items[0].t));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_fifo_order_within_one_turn, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fifo_order_across_turns, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rearm_moves_to_back, setup, teardown),
        cmocka_unit_test_setup_teardown(test_disarm_prevents_firing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_disarm_everything_then_rearm, setup, teardown),
        cmocka_unit_test_setup_teardown(test_callback_rearms_itself, setup, teardown),
        cmocka_unit_test_setup_teardown(test_move_between_lists, setup, teardown),
        cmocka_unit_test_setup_teardown(test_move_from_callback, setup, teardown),
        cmocka_unit_test_setup_teardown(test_close_unlinks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_does_not_keep_loop_alive, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
