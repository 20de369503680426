/* Tests for src/rt/recovery.c on a real libuv loop (it keeps loop time): offsets, which
 * stored packets a restored session gets (target rooms, except rooms, the whole namespace,
 * the socket's own id), the refusals (unknown pid, pruned, future or malformed offset) and
 * that a restore always consumes the session, the max_packets bound, and expiry of sessions
 * and packets after a short window. Every frame reference is accounted for at teardown. */
#include "rt/recovery.h"

#include "core/alloc.h"
#include "core/buf.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static uv_loop_t loop;
static oc_recovery_t *rec;
static oc_buf_t emitted; /* payloads given to emit, comma-separated */
static uint64_t frames_before;

static int setup(void **state)
{
    (void)state;
    assert_int_equal(uv_loop_init(&loop), 0);
    rec = NULL;
    emitted = (oc_buf_t)OC_BUF_INIT;
    frames_before = oc_frame_live_count();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    if (rec != NULL) {
        oc_recovery_close(rec);
        uv_run(&loop, UV_RUN_DEFAULT);
        oc_recovery_free(rec);
        rec = NULL;
    }
    assert_int_equal(uv_loop_close(&loop), 0);
    oc_buf_free(&emitted);
    /* Every frame the stores held was released. */
    assert_int_equal(oc_frame_live_count(), frames_before);
    return 0;
}

/* A NULL-terminated list of names. */
#define NAMES(...) ((const char *const[]){__VA_ARGS__, NULL})
#define NONE       ((const char *const[]){NULL})

static size_t count_names(const char *const *names, size_t *lens)
{
    size_t n = 0;
    for (; names[n] != NULL; n++)
        lens[n] = strlen(names[n]);
    return n;
}

/* Stores payload for rooms minus except (NONE: whole namespace / no exclusion). */
static uint64_t store(const char *payload, const char *const *rooms, const char *const *except)
{
    size_t room_lens[8], except_lens[8];
    oc_recovery_targets_t t = {
        .rooms = rooms,
        .room_lens = room_lens,
        .num_rooms = count_names(rooms, room_lens),
        .except = except,
        .except_lens = except_lens,
        .num_except = count_names(except, except_lens),
    };
    uint64_t offset = oc_recovery_next_offset(rec);
    oc_frame_t *f = oc_frame_from(payload, strlen(payload));
    oc_recovery_store(rec, offset, f, &t);
    assert_int_equal(f->refs, 2); /* the store holds its own reference */
    oc_frame_unref(f);
    assert_int_equal(oc_recovery_next_offset(rec), offset + 1);
    return offset;
}

static void persist(const char *pid, const char *sid, const char *const *rooms)
{
    size_t lens[8];
    size_t n = count_names(rooms, lens);
    oc_recovery_persist(rec, pid, sid, rooms, lens, n);
}

static void on_emit(oc_frame_t *frame, void *ctx)
{
    assert_ptr_equal(ctx, &emitted);
    assert_true(frame->refs >= 1);
    if (emitted.len > 0)
        oc_buf_append_char(&emitted, ',');
    oc_buf_append(&emitted, oc_frame_payload(frame), oc_frame_payload_len(frame));
    oc_buf_append_char(&emitted, '\0');
    emitted.len--; /* keep it a C string for assert_string_equal */
}

/* Restores pid from offset; returns the session (caller frees) with emitted reset first. */
static oc_recovery_session_t *restore(const char *pid, const char *offset)
{
    emitted.len = 0;
    oc_buf_append_char(&emitted, '\0');
    emitted.len = 0;
    return oc_recovery_restore(rec, pid, strlen(pid), offset, strlen(offset), NULL, on_emit,
                               &emitted);
}

static void assert_session(const oc_recovery_session_t *s, const char *pid, const char *sid,
                           const char *const *rooms)
{
    assert_non_null(s);
    assert_string_equal(s->pid, pid);
    assert_string_equal(s->sid, sid);
    size_t lens[8];
    size_t n = count_names(rooms, lens);
    assert_int_equal(s->num_rooms, n + 1);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(s->rooms[i], rooms[i]);
    assert_string_equal(s->rooms[n], sid); /* the socket's own room comes last */
}

/* The packets of socket.io's shouldIncludePacket cases, for a session in room-a as S1. */
static void store_mixed_packets(void)
{
    assert_int_equal(store("p1", NONE, NONE), 1);
    store("p2", NAMES("room-a"), NONE);
    store("p3", NAMES("room-b"), NONE);
    store("p4", NAMES("room-a", "room-b"), NAMES("room-a"));
    store("p5", NONE, NAMES("room-b"));
    store("p6", NONE, NAMES("S1"));
    store("p7", NAMES("S1"), NONE);
    store("p8", NAMES("room-b"), NAMES("room-c"));
    store("p9", NAMES("room-b", "room-a"), NONE);
    store("p10", NAMES("room-b"), NAMES("room-a"));
    store("p11", NAMES("room-aa", "room-"), NONE);
    assert_int_equal(oc_recovery_packet_count(rec), 11);
}

static bool keep_not_b(const char *room, size_t len, void *ctx)
{
    assert_ptr_equal(ctx, &emitted);
    assert_int_equal(strlen(room), len);
    return strcmp(room, "room-b") != 0;
}

/* A room the socket no longer belongs to is dropped before the missed packets are chosen:
 * of room-a and room-b, only what room-a (or the socket itself) would get comes back. */
static void test_restore_drops_rooms_not_kept(void **state)
{
    (void)state;
    rec = oc_recovery_new(&loop, 10000, 100);
    store_mixed_packets();
    persist("pidK", "S1", NAMES("room-a", "room-b"));
    emitted.len = 0;
    oc_buf_append_char(&emitted, '\0');
    emitted.len = 0;
    oc_recovery_session_t *s =
        oc_recovery_restore(rec, "pidK", 4, "1", 1, keep_not_b, on_emit, &emitted);
    assert_session(s, "pidK", "S1", NAMES("room-a"));
    assert_string_equal(emitted.data, "p2,p5,p7,p9");
    oc_recovery_session_free(s);
}

static void test_offsets_start_at_one(void **state)
{
    (void)state;
    rec = oc_recovery_new(&loop, 1000, 10);
    assert_int_equal(oc_recovery_next_offset(rec), 1);
    assert_int_equal(oc_recovery_packet_count(rec), 0);
    assert_int_equal(oc_recovery_session_count(rec), 0);
    assert_int_equal(store("a", NONE, NONE), 1);
    assert_int_equal(store("b", NONE, NONE), 2);
    assert_int_equal(oc_recovery_packet_count(rec), 2);
}

static void test_restore_delivers_what_the_rooms_would_get(void **state)
{
    (void)state;
    rec = oc_recovery_new(&loop, 10000, 100);
    store_mixed_packets();
    persist("pidA", "S1", NAMES("room-a"));
    persist("pidB", "S1", NAMES("room-a"));
    persist("pidC", "S1", NAMES("room-a"));
    assert_int_equal(oc_recovery_session_count(rec), 3);

    oc_recovery_session_t *s = restore("pidA", "1");
    assert_session(s, "pidA", "S1", NAMES("room-a"));
    assert_string_equal(emitted.data, "p2,p5,p7,p9");
    oc_recovery_session_free(s);

    /* A later offset: only what came after it. */
    s = restore("pidB", "6");
    assert_session(s, "pidB", "S1", NAMES("room-a"));
    assert_string_equal(emitted.data, "p7,p9");
    oc_recovery_session_free(s);

    /* The newest offset: nothing missed, but the session comes back. */
    s = restore("pidC", "11");
    assert_session(s, "pidC", "S1", NAMES("room-a"));
    assert_string_equal(emitted.data, "");
    oc_recovery_session_free(s);
    assert_int_equal(oc_recovery_session_count(rec), 0);
    /* Restores leave the packets for other sessions. */
    assert_int_equal(oc_recovery_packet_count(rec), 11);
}

static void test_restore_with_several_rooms_and_none(void **state)
{
    (void)state;
    rec = oc_recovery_new(&loop, 10000, 100);
    store_mixed_packets();
    persist("both", "S2", NAMES("room-a", "room-b"));
    persist("lonely", "S3", NONE);
    oc_recovery_session_t *s = restore("both", "1");
    assert_session(s, "both", "S2", NAMES("room-a", "room-b"));
    /* p4 and p10 exclude room-a, p5 excludes room-b; p8 excludes only room-c. */
    assert_string_equal(emitted.data, "p2,p3,p6,p8,p9");
    oc_recovery_session_free(s);

    s = restore("lonely", "1");
    assert_session(s, "lonely", "S3", NONE);
    /* Only whole-namespace packets that do not exclude S3. */
    assert_string_equal(emitted.data, "p5,p6");
    oc_recovery_session_free(s);
}

static void test_restore_refusals_consume_the_session(void **state)
{
    (void)state;
    rec = oc_recovery_new(&loop, 10000, 3);
    for (int i = 1; i <= 5; i++) {
        char p[4] = {'p', (char)('0' + i), 0};
        store(p, NONE, NONE);
    }
    /* max_packets 3: offsets 3, 4 and 5 remain. */
    assert_int_equal(oc_recovery_packet_count(rec), 3);
    static const char *const bad_offsets[] = {
        "2",                    /* pruned: p3 might have been missed */
        "1",                    /* pruned */
        "0",                    /* never existed */
        "6",                    /* the future */
        "100",                  /* the future */
        "",                     /* malformed from here on */
        "abc",                  /* */
        "3a",                   /* */
        "-3",                   /* */
        "+3",                   /* */
        " 3",                   /* */
        "3 ",                   /* */
        "0x3",                  /* */
        "00000000000000000003", /* twenty digits */
        "99999999999999999999", /* overflow */
    };
    for (size_t i = 0; i < sizeof(bad_offsets) / sizeof(bad_offsets[0]); i++) {
        persist("pid1", "S1", NONE);
        assert_int_equal(oc_recovery_session_count(rec), 1);
        oc_recovery_session_t *s = restore("pid1", bad_offsets[i]);
        if (s != NULL)
            fail_msg("offset \"%s\" was accepted", bad_offsets[i]);
        assert_string_equal(emitted.data, "");
        /* The session is gone either way. */
        assert_int_equal(oc_recovery_session_count(rec), 0);
        assert_null(restore("pid1", "4"));
    }
    /* The oldest stored offset and a zero-padded one still work. */
    persist("pid1", "S1", NONE);
    oc_recovery_session_t *s = restore("pid1", "3");
    assert_non_null(s);
    assert_string_equal(emitted.data, "p4,p5");
    oc_recovery_session_free(s);
    persist("pid1", "S1", NONE);
    s = restore("pid1", "0000000000000000004");
    assert_non_null(s);
    assert_string_equal(emitted.data, "p5");
    oc_recovery_session_free(s);
}

static void test_unknown_pid(void **state)
{
    (void)state;
    rec = oc_recovery_new(&loop, 10000, 10);
    store("p1", NONE, NONE);
    store("p2", NONE, NONE);
    persist("known", "S1", NONE);
    assert_null(restore("unknown", "1"));
    assert_null(restore("know", "1"));   /* a prefix */
    assert_null(restore("known2", "1")); /* an extension */
    assert_null(restore("", "1"));
    assert_string_equal(emitted.data, "");
    /* The known session is untouched. */
    assert_int_equal(oc_recovery_session_count(rec), 1);
    oc_recovery_session_t *s = restore("known", "1");
    assert_non_null(s);
    assert_string_equal(emitted.data, "p2");
    oc_recovery_session_free(s);
    assert_null(restore("known", "1")); /* consumed */
}

static void test_nothing_stored(void **state)
{
    (void)state;
    rec = oc_recovery_new(&loop, 10000, 10);
    persist("pid", "S1", NONE);
    assert_null(restore("pid", "0"));
    persist("pid", "S1", NONE);
    assert_null(restore("pid", "1"));
}

static void test_persist_replaces_same_pid(void **state)
{
    (void)state;
    rec = oc_recovery_new(&loop, 10000, 10);
    store("p1", NONE, NONE);
    store("to-old", NAMES("old-room"), NONE);
    store("to-new", NAMES("new-room"), NONE);
    persist("pid", "OLD", NAMES("old-room"));
    persist("pid", "NEW", NAMES("new-room", "x"));
    assert_int_equal(oc_recovery_session_count(rec), 1);
    oc_recovery_session_t *s = restore("pid", "1");
    assert_session(s, "pid", "NEW", NAMES("new-room", "x"));
    assert_string_equal(emitted.data, "to-new");
    oc_recovery_session_free(s);
    oc_recovery_session_free(NULL);
}

static void test_ids_of_twenty_characters(void **state)
{
    (void)state;
    rec = oc_recovery_new(&loop, 10000, 10);
    store("p1", NONE, NONE);
    store("p2", NAMES("AAAAAAAAAAAAAAAAAAAA"), NONE);
    persist("PPPPPPPPPPPPPPPPPPPP", "AAAAAAAAAAAAAAAAAAAA", NONE);
    oc_recovery_session_t *s = restore("PPPPPPPPPPPPPPPPPPPP", "1");
    assert_session(s, "PPPPPPPPPPPPPPPPPPPP", "AAAAAAAAAAAAAAAAAAAA", NONE);
    assert_string_equal(emitted.data, "p2");
    oc_recovery_session_free(s);
}

static void test_max_packets_drops_the_oldest(void **state)
{
    (void)state;
    rec = oc_recovery_new(&loop, 10000, 100);
    uint64_t live = oc_frame_live_count();
    /* Past the ring's first growth, then wrapping. */
    char payload[16];
    for (int i = 1; i <= 250; i++) {
        snprintf(payload, sizeof(payload), "m%d", i);
        store(payload, NONE, NONE);
        assert_int_equal(oc_recovery_packet_count(rec), i < 100 ? i : 100);
    }
    assert_int_equal(oc_frame_live_count(), live + 100);
    persist("pid", "S", NONE);
    assert_null(restore("pid", "150")); /* dropped */
    persist("pid", "S", NONE);
    oc_recovery_session_t *s = restore("pid", "246");
    assert_non_null(s);
    assert_string_equal(emitted.data, "m247,m248,m249,m250");
    oc_recovery_session_free(s);
    persist("pid", "S", NONE);
    s = restore("pid", "151");
    assert_non_null(s);
    assert_int_equal(strncmp(emitted.data, "m152,m153,", 10), 0);
    assert_int_equal(strcmp(emitted.data + emitted.len - 10, ",m249,m250"), 0);
    oc_recovery_session_free(s);
}

static void test_max_packets_zero_means_one(void **state)
{
    (void)state;
    rec = oc_recovery_new(&loop, 10000, 0);
    store("a", NONE, NONE);
    store("b", NONE, NONE);
    assert_int_equal(oc_recovery_packet_count(rec), 1);
    persist("pid", "S", NONE);
    oc_recovery_session_t *s = restore("pid", "2");
    assert_non_null(s);
    assert_string_equal(emitted.data, "");
    oc_recovery_session_free(s);
}

/* ---- time ------------------------------------------------------------------------------ */

typedef struct probe {
    uv_timer_t timer;
    int ticks;
    size_t sessions_seen[64];
} probe_t;

static void on_probe(uv_timer_t *t)
{
    probe_t *p = (probe_t *)t;
    p->sessions_seen[p->ticks++] = oc_recovery_session_count(rec);
    if (oc_recovery_session_count(rec) == 0 || p->ticks == 64)
        uv_timer_stop(t);
}

static void on_persist_late(uv_timer_t *t)
{
    persist("late", "S2", NONE);
    uv_close((uv_handle_t *)t, NULL);
}

/* Sessions expire one window after they were persisted, each on its own schedule. */
static void test_sessions_expire_after_the_window(void **state)
{
    (void)state;
    rec = oc_recovery_new(&loop, 60, 10);
    store("p1", NONE, NONE);
    store("p2", NONE, NONE);
    persist("early", "S1", NONE);
    static uv_timer_t late;
    uv_timer_init(&loop, &late);
    uv_timer_start(&late, on_persist_late, 30, 0);
    static probe_t probe;
    memset(&probe, 0, sizeof(probe));
    uv_timer_init(&loop, &probe.timer);
    uv_timer_start(&probe.timer, on_probe, 5, 5);
    uint64_t start = uv_now(&loop);
    /* The probe keeps the loop alive until both sessions are gone. */
    uv_run(&loop, UV_RUN_DEFAULT);
    uint64_t took = uv_now(&loop) - start;
    assert_int_equal(oc_recovery_session_count(rec), 0);
    assert_true(took >= 90); /* the late one lived a full window after 30 ms */
    assert_true(probe.ticks < 64);
    /* The count went 1 (early), 2 (both), 1 (late only), 0: never straight from 2 to 0. */
    bool saw_two = false, saw_one_after_two = false;
    for (int i = 0; i < probe.ticks; i++) {
        if (probe.sessions_seen[i] == 2)
            saw_two = true;
        else if (saw_two && probe.sessions_seen[i] == 1)
            saw_one_after_two = true;
    }
    assert_true(saw_two);
    assert_true(saw_one_after_two);
    assert_null(restore("early", "1"));
    assert_null(restore("late", "1"));
    uv_close((uv_handle_t *)&probe.timer, NULL);
}

static void on_stop(uv_timer_t *t)
{
    uv_close((uv_handle_t *)t, NULL);
}

/* Lets loop time pass by ms (a referenced timer keeps the loop running). */
static void wait_ms(uint64_t ms)
{
    static uv_timer_t t;
    uv_timer_init(&loop, &t);
    uv_timer_start(&t, on_stop, ms, 0);
    uv_run(&loop, UV_RUN_DEFAULT);
}

/* Packets older than the window are pruned (here by the restore itself), so an offset that
 * points at one of them can no longer be restored. */
static void test_packets_expire_after_the_window(void **state)
{
    (void)state;
    rec = oc_recovery_new(&loop, 20, 10);
    store("old1", NONE, NONE);
    store("old2", NONE, NONE);
    wait_ms(40);
    store("new3", NONE, NONE);
    store("new4", NONE, NONE);
    assert_int_equal(oc_recovery_packet_count(rec), 4); /* not pruned yet */
    persist("a", "S1", NONE);
    persist("b", "S2", NONE);
    assert_null(restore("a", "2"));
    assert_int_equal(oc_recovery_packet_count(rec), 2);
    oc_recovery_session_t *s = restore("b", "3");
    assert_non_null(s);
    assert_string_equal(emitted.data, "new4");
    oc_recovery_session_free(s);
}

/* The stores' timers do not keep the loop alive, and teardown with live sessions and
 * packets releases everything. */
static void test_close_with_live_state(void **state)
{
    (void)state;
    rec = oc_recovery_new(&loop, 100000, 10);
    store("p1", NAMES("r"), NAMES("x"));
    persist("pid", "S1", NAMES("r", "q"));
    assert_int_equal(uv_run(&loop, UV_RUN_DEFAULT), 0);
    assert_int_equal(oc_recovery_session_count(rec), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_offsets_start_at_one, setup, teardown),
        cmocka_unit_test_setup_teardown(test_restore_drops_rooms_not_kept, setup, teardown),
        cmocka_unit_test_setup_teardown(test_restore_delivers_what_the_rooms_would_get, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_restore_with_several_rooms_and_none, setup, teardown),
        cmocka_unit_test_setup_teardown(test_restore_refusals_consume_the_session, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_pid, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nothing_stored, setup, teardown),
        cmocka_unit_test_setup_teardown(test_persist_replaces_same_pid, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ids_of_twenty_characters, setup, teardown),
        cmocka_unit_test_setup_teardown(test_max_packets_drops_the_oldest, setup, teardown),
        cmocka_unit_test_setup_teardown(test_max_packets_zero_means_one, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sessions_expire_after_the_window, setup, teardown),
        cmocka_unit_test_setup_teardown(test_packets_expire_after_the_window, setup, teardown),
        cmocka_unit_test_setup_teardown(test_close_with_live_state, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
