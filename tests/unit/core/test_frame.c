/* Tests for src/core/frame.c: a new frame's fields, copies, reference counting down to the
 * free, and the live-frame counter that leak checks rely on. */
#include "core/frame.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

static void test_new_frame_fields(void **state)
{
    (void)state;
    uint64_t live = oc_frame_live_count();
    oc_frame_t *f = oc_frame_new(10);
    assert_int_equal(f->refs, 1);
    assert_int_equal(f->len, 10);
    assert_int_equal(f->ws_hdr, 0);
    assert_int_equal(f->binary, 0);
    assert_int_equal(oc_frame_live_count(), live + 1);
    memcpy(f->data, "\x81\x08payload!", 10);
    f->ws_hdr = 2;
    assert_ptr_equal(oc_frame_payload(f), f->data + 2);
    assert_int_equal(oc_frame_payload_len(f), 8);
    assert_memory_equal(oc_frame_payload(f), "payload!", 8);
    oc_frame_unref(f);
    assert_int_equal(oc_frame_live_count(), live);
}

static void test_from_copies_bytes(void **state)
{
    (void)state;
    char src[] = "4hello\0x";
    oc_frame_t *f = oc_frame_from(src, 8);
    src[0] = '!';
    assert_int_equal(f->len, 8);
    assert_int_equal(f->refs, 1);
    assert_int_equal(f->ws_hdr, 0);
    assert_memory_equal(f->data, "4hello\0x", 8);
    assert_int_equal(oc_frame_payload_len(f), 8);
    oc_frame_unref(f);

    oc_frame_t *empty = oc_frame_from("", 0);
    assert_int_equal(empty->len, 0);
    assert_int_equal(oc_frame_payload_len(empty), 0);
    oc_frame_unref(empty);
}

static void test_refcount_and_live_count(void **state)
{
    (void)state;
    uint64_t live = oc_frame_live_count();
    oc_frame_t *a = oc_frame_from("abc", 3);
    oc_frame_t *b = oc_frame_new(0);
    assert_int_equal(oc_frame_live_count(), live + 2);

    assert_ptr_equal(oc_frame_ref(a), a);
    assert_ptr_equal(oc_frame_ref(a), a);
    assert_int_equal(a->refs, 3);
    oc_frame_unref(a);
    assert_int_equal(a->refs, 2);
    oc_frame_unref(a);
    assert_int_equal(a->refs, 1);
    assert_memory_equal(a->data, "abc", 3); /* still alive and intact */
    assert_int_equal(oc_frame_live_count(), live + 2);
    oc_frame_unref(a); /* last reference: freed (ASan would flag any later use) */
    assert_int_equal(oc_frame_live_count(), live + 1);

    oc_frame_unref(NULL);
    assert_int_equal(oc_frame_live_count(), live + 1);
    oc_frame_unref(b);
    assert_int_equal(oc_frame_live_count(), live);
}

static void test_many_frames(void **state)
{
    (void)state;
    uint64_t live = oc_frame_live_count();
    oc_frame_t *frames[100];
    for (int i = 0; i < 100; i++)
        frames[i] = oc_frame_new((size_t)i);
    assert_int_equal(oc_frame_live_count(), live + 100);
    for (int i = 0; i < 100; i += 2)
        oc_frame_unref(frames[i]);
    assert_int_equal(oc_frame_live_count(), live + 50);
    for (int i = 1; i < 100; i += 2)
        oc_frame_unref(frames[i]);
    assert_int_equal(oc_frame_live_count(), live);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_new_frame_fields),
        cmocka_unit_test(test_from_copies_bytes),
        cmocka_unit_test(test_refcount_and_live_count),
        cmocka_unit_test(test_many_frames),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
