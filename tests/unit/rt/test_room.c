/* Tests for src/rt/room.c: join, leave and leave_all keep the two index arrays pointing at
 * each other (member.rooms[k] <-> room.members[i]), rooms exist exactly while they have
 * members, and the error codes. A seeded random walk of thousands of operations is checked
 * after every step against a plain membership matrix. */
#include "rt/room.h"

#include "core/alloc.h"
#include "core/errors.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

enum { NUM_MEMBERS = 24, NUM_ROOMS = 10 };

static const char *const room_names[NUM_ROOMS] = {
    "general", "random", "a", "ab", "abc", "", "zone:1/channel:2", "x\0y", "x\0z", "x",
};
static const size_t room_lens[NUM_ROOMS] = {7, 6, 1, 2, 3, 0, 16, 3, 3, 1};

/* Both directions of every link, and the registry's view of the rooms. */
static void check_links(const oc_room_registry_t *reg, oc_room_member_t *members, size_t n)
{
    size_t links_from_members = 0;
    for (size_t i = 0; i < n; i++) {
        oc_room_member_t *m = &members[i];
        assert_true(m->num_rooms <= m->cap_rooms);
        if (m->num_rooms == 0)
            assert_null(m->rooms);
        for (uint32_t k = 0; k < m->num_rooms; k++) {
            oc_room_t *room = m->rooms[k].room;
            uint32_t idx = m->rooms[k].index;
            assert_true(idx < room->count);
            assert_ptr_equal(room->members[idx].member, m);
            assert_int_equal(room->members[idx].slot, k);
            assert_ptr_equal(oc_room_find(reg, room->name, room->name_len), room);
            /* A member is in a room once. */
            for (uint32_t j = k + 1; j < m->num_rooms; j++)
                assert_ptr_not_equal(m->rooms[j].room, room);
            links_from_members++;
        }
    }
    size_t links_from_rooms = 0;
    const oc_map_entry_t *e;
    for (uint32_t it = 0; oc_map_next(&reg->rooms, &it, &e);) {
        oc_room_t *room = e->value;
        assert_ptr_equal(e->key, room->name); /* the map key lives in the room */
        assert_int_equal(e->key_len, room->name_len);
        assert_int_equal(room->name[room->name_len], '\0');
        assert_true(room->count > 0); /* empty rooms are freed */
        assert_true(room->count <= room->cap);
        for (uint32_t i = 0; i < room->count; i++) {
            oc_room_member_t *m = room->members[i].member;
            uint32_t slot = room->members[i].slot;
            assert_true(slot < m->num_rooms);
            assert_ptr_equal(m->rooms[slot].room, room);
            assert_int_equal(m->rooms[slot].index, i);
            links_from_rooms++;
        }
    }
    assert_int_equal(links_from_members, links_from_rooms);
}

/* Checks the registry and the members against the membership matrix in[m][r]. */
static void check_model(const oc_room_registry_t *reg, oc_room_member_t *members,
                        bool in[NUM_MEMBERS][NUM_ROOMS])
{
    check_links(reg, members, NUM_MEMBERS);
    size_t live_rooms = 0;
    for (int r = 0; r < NUM_ROOMS; r++) {
        uint32_t count = 0;
        for (int m = 0; m < NUM_MEMBERS; m++) {
            count += in[m][r];
            assert_int_equal(oc_room_has(&members[m], room_names[r], room_lens[r]), in[m][r]);
        }
        oc_room_t *room = oc_room_find(reg, room_names[r], room_lens[r]);
        if (count == 0) {
            assert_null(room);
        } else {
            assert_non_null(room);
            assert_int_equal(room->count, count);
            assert_int_equal(room->name_len, room_lens[r]);
            assert_memory_equal(room->name, room_names[r], room_lens[r]);
            live_rooms++;
        }
    }
    assert_int_equal(oc_room_count(reg), live_rooms);
    for (int m = 0; m < NUM_MEMBERS; m++) {
        uint32_t count = 0;
        for (int r = 0; r < NUM_ROOMS; r++)
            count += in[m][r];
        assert_int_equal(members[m].num_rooms, count);
    }
}

static void test_join_leave_basics(void **state)
{
    (void)state;
    oc_room_registry_t reg;
    oc_room_registry_init(&reg);
    oc_room_member_t both[2] = {{0}};
    oc_room_member_t *a = &both[0], *b = &both[1];
    assert_int_equal(oc_room_count(&reg), 0);
    assert_null(oc_room_find(&reg, "general", 7));

    assert_int_equal(oc_room_join(&reg, a, "general", 7), 0);
    assert_int_equal(oc_room_join(&reg, a, "general", 7), OC_EEXIST);
    assert_int_equal(oc_room_join(&reg, b, "general", 7), 0);
    assert_int_equal(oc_room_join(&reg, a, "gen", 3), 0); /* a prefix is another room */
    assert_int_equal(oc_room_count(&reg), 2);
    oc_room_t *general = oc_room_find(&reg, "general", 7);
    assert_non_null(general);
    assert_int_equal(general->count, 2);
    assert_string_equal(general->name, "general");
    assert_ptr_equal(general->members[0].member, a);
    assert_ptr_equal(general->members[1].member, b);
    assert_int_equal(a->num_rooms, 2);
    assert_true(oc_room_has(a, "gen", 3));
    assert_false(oc_room_has(b, "gen", 3));
    assert_false(oc_room_has(a, "genera", 6));
    check_links(&reg, both, 2);

    assert_int_equal(oc_room_leave(&reg, b, "gen", 3), OC_ENOENT);
    assert_int_equal(oc_room_leave(&reg, b, "nowhere", 7), OC_ENOENT);
    assert_int_equal(oc_room_leave(&reg, a, "general", 7), 0);
    assert_int_equal(oc_room_leave(&reg, a, "general", 7), OC_ENOENT);
    /* b moved into a's old place and its link was repointed. */
    assert_int_equal(general->count, 1);
    assert_ptr_equal(general->members[0].member, b);
    assert_int_equal(b->rooms[0].index, 0);
    assert_int_equal(oc_room_leave(&reg, b, "general", 7), 0);
    /* Empty rooms go away; a member in no room holds no memory. */
    assert_null(oc_room_find(&reg, "general", 7));
    assert_int_equal(oc_room_count(&reg), 1);
    assert_null(b->rooms);
    assert_int_equal(b->cap_rooms, 0);
    oc_room_leave_all(&reg, a);
    assert_int_equal(oc_room_count(&reg), 0);
    assert_null(a->rooms);
    assert_int_equal(a->num_rooms, 0);
    oc_room_leave_all(&reg, a); /* nothing left: harmless */
    oc_room_registry_free(&reg);
}

/* The name is copied: the caller's buffer may change after the join. */
static void test_room_name_is_copied(void **state)
{
    (void)state;
    oc_room_registry_t reg;
    oc_room_registry_init(&reg);
    oc_room_member_t a = {0};
    char name[] = "lobby";
    assert_int_equal(oc_room_join(&reg, &a, name, 5), 0);
    memcpy(name, "XXXXX", 5);
    assert_non_null(oc_room_find(&reg, "lobby", 5));
    assert_null(oc_room_find(&reg, "XXXXX", 5));
    assert_true(oc_room_has(&a, "lobby", 5));
    oc_room_leave_all(&reg, &a);
    oc_room_registry_free(&reg);
}

/* Leaving the middle room of a member with three rooms in a room with three members: both
 * swap-removes must fix the other side. */
static void test_swap_remove_fixes_both_sides(void **state)
{
    (void)state;
    oc_room_registry_t reg;
    oc_room_registry_init(&reg);
    oc_room_member_t m[3] = {{0}};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(oc_room_join(&reg, &m[i], "r0", 2), 0);
        assert_int_equal(oc_room_join(&reg, &m[i], "r1", 2), 0);
        assert_int_equal(oc_room_join(&reg, &m[i], "r2", 2), 0);
    }
    check_links(&reg, m, 3);
    /* m[0] leaves r1 (its slot 1, the room's index 0). */
    assert_int_equal(oc_room_leave(&reg, &m[0], "r1", 2), 0);
    check_links(&reg, m, 3);
    oc_room_t *r1 = oc_room_find(&reg, "r1", 2);
    assert_int_equal(r1->count, 2);
    assert_ptr_equal(r1->members[0].member, &m[2]); /* the last moved into the hole */
    assert_ptr_equal(r1->members[1].member, &m[1]);
    assert_int_equal(m[0].num_rooms, 2);
    assert_string_equal(m[0].rooms[1].room->name, "r2"); /* the last slot moved too */
    /* leave_all of a member in every room. */
    oc_room_leave_all(&reg, &m[1]);
    check_links(&reg, m, 3);
    assert_int_equal(oc_room_find(&reg, "r0", 2)->count, 2);
    oc_room_leave_all(&reg, &m[0]);
    oc_room_leave_all(&reg, &m[2]);
    assert_int_equal(oc_room_count(&reg), 0);
    oc_room_registry_free(&reg);
}

static void random_walk(unsigned seed, int steps)
{
    oc_room_registry_t reg;
    oc_room_registry_init(&reg);
    oc_room_member_t *members = oc_xcalloc(NUM_MEMBERS, sizeof(*members));
    bool in[NUM_MEMBERS][NUM_ROOMS];
    memset(in, 0, sizeof(in));
    srand(seed);
    int joins = 0, leaves = 0, leave_alls = 0, eexist = 0, enoent = 0;
    for (int step = 0; step < steps; step++) {
        int m = rand() % NUM_MEMBERS, r = rand() % NUM_ROOMS, op = rand() % 100;
        if (op < 55) {
            int rc = oc_room_join(&reg, &members[m], room_names[r], room_lens[r]);
            assert_int_equal(rc, in[m][r] ? OC_EEXIST : 0);
            eexist += rc == OC_EEXIST;
            joins += rc == 0;
            in[m][r] = true;
        } else if (op < 95) {
            int rc = oc_room_leave(&reg, &members[m], room_names[r], room_lens[r]);
            assert_int_equal(rc, in[m][r] ? 0 : OC_ENOENT);
            enoent += rc == OC_ENOENT;
            leaves += rc == 0;
            in[m][r] = false;
        } else {
            oc_room_leave_all(&reg, &members[m]);
            memset(in[m], 0, sizeof(in[m]));
            assert_null(members[m].rooms);
            leave_alls++;
        }
        check_model(&reg, members, in);
    }
    /* The walk did exercise every path. */
    assert_true(joins > steps / 5);
    assert_true(leaves > steps / 10);
    assert_true(leave_alls > 0);
    assert_true(eexist > 0);
    assert_true(enoent > 0);
    for (int m = 0; m < NUM_MEMBERS; m++)
        oc_room_leave_all(&reg, &members[m]);
    assert_int_equal(oc_room_count(&reg), 0);
    oc_room_registry_free(&reg);
    free(members);
}

static void test_random_operations(void **state)
{
    (void)state;
    random_walk(1, 2500);
    random_walk(20240601, 2500);
    random_walk(7, 2500);
}

/* Freeing a registry whose members never left releases the rooms (the members' own arrays
 * are theirs to free). */
static void test_registry_free_with_members(void **state)
{
    (void)state;
    oc_room_registry_t reg;
    oc_room_registry_init(&reg);
    oc_room_member_t a = {0};
    for (int r = 0; r < NUM_ROOMS; r++)
        assert_int_equal(oc_room_join(&reg, &a, room_names[r], room_lens[r]), 0);
    assert_int_equal(oc_room_count(&reg), NUM_ROOMS);
    oc_room_registry_free(&reg);
    assert_int_equal(oc_room_count(&reg), 0);
    free(a.rooms);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_join_leave_basics),
        cmocka_unit_test(test_room_name_is_copied),
        cmocka_unit_test(test_swap_remove_fixes_both_sides),
        cmocka_unit_test(test_random_operations),
        cmocka_unit_test(test_registry_free_with_members),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
