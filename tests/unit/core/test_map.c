/* Tests for src/core/map.c: insert, replace and delete against a reference model, probe runs
 * of keys that share a home slot (including runs that wrap past the last slot), deletion in
 * every order of such a run, iteration, and keys that differ only after a NUL byte. After
 * every change the table itself is checked: each entry is reachable from its home slot
 * without crossing an empty slot, which is what backward-shift deletion must preserve. */
#include "core/map.h"

#include "core/alloc.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* Every structural property the map relies on. */
static void check_table(const oc_map_t *m)
{
    if (m->cap == 0) {
        assert_null(m->slots);
        assert_int_equal(m->count, 0);
        return;
    }
    assert_int_equal(m->cap & (m->cap - 1), 0);
    assert_true((uint64_t)m->count * 4 <= (uint64_t)m->cap * 3);
    uint32_t mask = m->cap - 1, used = 0;
    for (uint32_t i = 0; i < m->cap; i++) {
        const oc_map_entry_t *e = &m->slots[i];
        if (e->key == NULL)
            continue;
        used++;
        assert_int_equal(e->hash, oc_hash_bytes(e->key, e->key_len));
        /* No empty slot between the home slot and the entry. */
        for (uint32_t j = e->hash & mask; j != i; j = (j + 1) & mask)
            assert_non_null(m->slots[j].key);
        assert_ptr_equal(oc_map_get(m, e->key, e->key_len), e->value);
    }
    assert_int_equal(used, m->count);
    assert_int_equal(oc_map_count(m), m->count);
}

/* n distinct keys "k<number>" whose home slot in a table of `cap` slots is `home`. */
static void colliding_keys(uint32_t cap, uint32_t home, char keys[][16], size_t n)
{
    size_t found = 0;
    for (unsigned i = 0; found < n; i++) {
        char k[16];
        snprintf(k, sizeof(k), "k%u", i);
        if ((oc_hash_bytes(k, strlen(k)) & (cap - 1)) == home)
            memcpy(keys[found++], k, sizeof(k));
    }
}

static void test_empty_map(void **state)
{
    (void)state;
    oc_map_t m = OC_MAP_INIT;
    assert_int_equal(oc_map_count(&m), 0);
    assert_null(oc_map_get(&m, "a", 1));
    assert_null(oc_map_del(&m, "a", 1));
    uint32_t it = 0;
    const oc_map_entry_t *e = NULL;
    assert_int_equal(oc_map_next(&m, &it, &e), 0);
    assert_null(e);
    oc_map_free(&m);
    oc_map_free(&m); /* twice is fine */
    oc_map_free(NULL);
    check_table(&m);
}

static void test_put_get_replace_del(void **state)
{
    (void)state;
    oc_map_t m = OC_MAP_INIT;
    int a = 1, b = 2, c = 3;
    assert_null(oc_map_put(&m, "alpha", 5, &a));
    assert_null(oc_map_put(&m, "beta", 4, &b));
    assert_int_equal(oc_map_count(&m), 2);
    assert_ptr_equal(oc_map_get(&m, "alpha", 5), &a);
    assert_ptr_equal(oc_map_get(&m, "beta", 4), &b);
    assert_null(oc_map_get(&m, "gamma", 5));

    /* Replacing returns the old value, keeps the count and adopts the new key pointer. */
    char copy[] = "alpha";
    assert_ptr_equal(oc_map_put(&m, copy, 5, &c), &a);
    assert_int_equal(oc_map_count(&m), 2);
    assert_ptr_equal(oc_map_get(&m, "alpha", 5), &c);
    uint32_t it = 0;
    const oc_map_entry_t *e;
    int seen_copy = 0;
    while (oc_map_next(&m, &it, &e)) {
        if (e->value == &c) {
            assert_ptr_equal(e->key, copy);
            seen_copy++;
        }
    }
    assert_int_equal(seen_copy, 1);
    check_table(&m);

    assert_null(oc_map_del(&m, "gamma", 5));
    assert_ptr_equal(oc_map_del(&m, "alpha", 5), &c);
    assert_null(oc_map_del(&m, "alpha", 5));
    assert_int_equal(oc_map_count(&m), 1);
    check_table(&m);
    assert_ptr_equal(oc_map_del(&m, "beta", 4), &b);
    /* The last delete releases the table. */
    assert_int_equal(oc_map_count(&m), 0);
    assert_null(m.slots);
    assert_int_equal(m.cap, 0);
    /* And the map is usable again. */
    assert_null(oc_map_put(&m, "beta", 4, &b));
    assert_ptr_equal(oc_map_get(&m, "beta", 4), &b);
    oc_map_free(&m);
    assert_null(m.slots);
    assert_int_equal(m.count, 0);
}

static void test_empty_key_nul_bytes_and_prefixes(void **state)
{
    (void)state;
    static const struct {
        const char *key;
        size_t len;
    } keys[] = {
        {"", 0},       {"a", 1},      {"a\0", 2},     {"a\0b", 3},     {"a\0c", 3},
        {"\0", 1},     {"\0\0", 2},   {"ab", 2},      {"abc", 3},      {"abcd", 4},
        {"abcd\0", 5}, {"room:1", 6}, {"room:10", 7}, {"room:100", 8}, {"b", 1},
    };
    int values[OC_ARRAY_LEN(keys)];
    oc_map_t m = OC_MAP_INIT;
    for (size_t i = 0; i < OC_ARRAY_LEN(keys); i++)
        assert_null(oc_map_put(&m, keys[i].key, keys[i].len, &values[i]));
    assert_int_equal(oc_map_count(&m), OC_ARRAY_LEN(keys));
    check_table(&m);
    for (size_t i = 0; i < OC_ARRAY_LEN(keys); i++)
        assert_ptr_equal(oc_map_get(&m, keys[i].key, keys[i].len), &values[i]);
    /* Lengths that are not stored do not match a stored prefix or extension. */
    assert_null(oc_map_get(&m, "abcde", 5));
    assert_null(oc_map_get(&m, "a\0\0", 3));
    assert_null(oc_map_get(&m, "room:", 5));
    /* Remove every other key; the rest stay reachable. */
    for (size_t i = 0; i < OC_ARRAY_LEN(keys); i += 2)
        assert_ptr_equal(oc_map_del(&m, keys[i].key, keys[i].len), &values[i]);
    check_table(&m);
    for (size_t i = 0; i < OC_ARRAY_LEN(keys); i++) {
        void *want = i % 2 ? &values[i] : NULL;
        assert_ptr_equal(oc_map_get(&m, keys[i].key, keys[i].len), want);
    }
    oc_map_free(&m);
}

/* A probe run of keys with the same home slot; deleting from the middle must pull the later
 * ones back so none becomes unreachable. */
static void test_colliding_run(void **state)
{
    (void)state;
    char keys[6][16];
    int values[6];
    colliding_keys(8, 3, keys, 6);
    oc_map_t m = OC_MAP_INIT;
    for (int i = 0; i < 6; i++)
        oc_map_put(&m, keys[i], strlen(keys[i]), &values[i]);
    /* Six entries fit in eight slots: all six in one run from slot 3, wrapping past 7. */
    assert_int_equal(m.cap, 8);
    for (uint32_t i = 0; i < 6; i++)
        assert_string_equal(m.slots[(3 + i) & 7].key, keys[i]);
    assert_null(m.slots[1].key);
    assert_null(m.slots[2].key);
    check_table(&m);

    /* Delete the head of the run: every later key shifts back one slot. */
    assert_ptr_equal(oc_map_del(&m, keys[0], strlen(keys[0])), &values[0]);
    for (uint32_t i = 1; i < 6; i++)
        assert_string_equal(m.slots[(3 + i - 1) & 7].key, keys[i]);
    assert_null(m.slots[(3 + 5) & 7].key);
    check_table(&m);
    oc_map_free(&m);
}

/* Runs from neighbouring home slots interleave; an entry may only move back as far as its
 * own home slot. */
static void test_mixed_homes_shift_stops_at_home(void **state)
{
    (void)state;
    char at6[2][16], at7[2][16], at0[1][16];
    colliding_keys(8, 6, at6, 2);
    colliding_keys(8, 7, at7, 2);
    colliding_keys(8, 0, at0, 1);
    int v[5];
    oc_map_t m = OC_MAP_INIT;
    /* Order of insertion decides the layout: 6:a6 7:a6' 0:a7 1:a7' 2:a0. */
    oc_map_put(&m, at6[0], strlen(at6[0]), &v[0]);
    oc_map_put(&m, at6[1], strlen(at6[1]), &v[1]);
    oc_map_put(&m, at7[0], strlen(at7[0]), &v[2]);
    oc_map_put(&m, at7[1], strlen(at7[1]), &v[3]);
    oc_map_put(&m, at0[0], strlen(at0[0]), &v[4]);
    assert_string_equal(m.slots[6].key, at6[0]);
    assert_string_equal(m.slots[7].key, at6[1]);
    assert_string_equal(m.slots[0].key, at7[0]);
    assert_string_equal(m.slots[1].key, at7[1]);
    assert_string_equal(m.slots[2].key, at0[0]);
    check_table(&m);
    /* Deleting at6[0] from slot 6: the whole run shifts back one slot, since the hole stays
     * between each entry's home and its slot. */
    oc_map_del(&m, at6[0], strlen(at6[0]));
    assert_string_equal(m.slots[6].key, at6[1]);
    assert_string_equal(m.slots[7].key, at7[0]);
    assert_string_equal(m.slots[0].key, at7[1]);
    assert_string_equal(m.slots[1].key, at0[0]);
    assert_null(m.slots[2].key);
    check_table(&m);
    /* Deleting at7[0] (slot 7): at7[1] moves home to 7 and at0[0] moves home to 0. */
    oc_map_del(&m, at7[0], strlen(at7[0]));
    assert_string_equal(m.slots[6].key, at6[1]);
    assert_string_equal(m.slots[7].key, at7[1]);
    assert_string_equal(m.slots[0].key, at0[0]);
    assert_null(m.slots[1].key);
    check_table(&m);
    /* Deleting at6[1] (slot 6): at7[1] is at home and must not move into 6. */
    oc_map_del(&m, at6[1], strlen(at6[1]));
    assert_null(m.slots[6].key);
    assert_string_equal(m.slots[7].key, at7[1]);
    assert_string_equal(m.slots[0].key, at0[0]);
    check_table(&m);
    oc_map_free(&m);
}

static int next_permutation(int *a, int n)
{
    int i = n - 2;
    while (i >= 0 && a[i] >= a[i + 1])
        i--;
    if (i < 0)
        return 0;
    int j = n - 1;
    while (a[j] <= a[i])
        j--;
    int t = a[i];
    a[i] = a[j];
    a[j] = t;
    for (int l = i + 1, r = n - 1; l < r; l++, r--) {
        t = a[l];
        a[l] = a[r];
        a[r] = t;
    }
    return 1;
}

/* Six keys in a wrapping run (two homes) deleted in all 720 orders. */
static void test_delete_in_every_order(void **state)
{
    (void)state;
    char keys[6][16];
    colliding_keys(8, 6, keys, 3);
    colliding_keys(8, 7, keys + 3, 3);
    int values[6], order[6] = {0, 1, 2, 3, 4, 5};
    unsigned permutations = 0;
    do {
        oc_map_t m = OC_MAP_INIT;
        for (int i = 0; i < 6; i++)
            assert_null(oc_map_put(&m, keys[i], strlen(keys[i]), &values[i]));
        assert_int_equal(m.cap, 8);
        bool present[6] = {true, true, true, true, true, true};
        for (int d = 0; d < 6; d++) {
            int k = order[d];
            assert_ptr_equal(oc_map_del(&m, keys[k], strlen(keys[k])), &values[k]);
            present[k] = false;
            check_table(&m);
            for (int i = 0; i < 6; i++)
                assert_ptr_equal(oc_map_get(&m, keys[i], strlen(keys[i])),
                                 present[i] ? &values[i] : NULL);
        }
        assert_null(m.slots);
        permutations++;
    } while (next_permutation(order, 6));
    assert_int_equal(permutations, 720);
}

/* Random puts, replaces and deletes against a plain array model, through many grow steps. */
static void test_random_against_model(void **state)
{
    (void)state;
    enum { N = 600 };
    static char names[N][12];
    static int values[N][2];
    static int model[N]; /* 0 absent, 1 or 2: which value */
    memset(model, 0, sizeof(model));
    for (int i = 0; i < N; i++)
        snprintf(names[i], sizeof(names[i]), "user%d", i);
    oc_map_t m = OC_MAP_INIT;
    uint32_t count = 0;
    srand(12345);
    for (int step = 0; step < 20000; step++) {
        int k = rand() % N;
        size_t len = strlen(names[k]);
        if (rand() % 3 != 0) {
            int which = 1 + rand() % 2;
            void *old = oc_map_put(&m, names[k], len, &values[k][which - 1]);
            assert_ptr_equal(old, model[k] ? &values[k][model[k] - 1] : NULL);
            if (!model[k])
                count++;
            model[k] = which;
        } else {
            void *old = oc_map_del(&m, names[k], len);
            assert_ptr_equal(old, model[k] ? &values[k][model[k] - 1] : NULL);
            if (model[k])
                count--;
            model[k] = 0;
        }
        assert_int_equal(oc_map_count(&m), count);
        if (step % 500 == 0)
            check_table(&m);
    }
    check_table(&m);
    for (int k = 0; k < N; k++)
        assert_ptr_equal(oc_map_get(&m, names[k], strlen(names[k])),
                         model[k] ? &values[k][model[k] - 1] : NULL);
    oc_map_free(&m);
}

/* Iteration visits every entry exactly once, after growth and deletions. */
static void test_iteration_visits_each_once(void **state)
{
    (void)state;
    enum { N = 300 };
    static char names[N][8];
    static int seen[N];
    memset(seen, 0, sizeof(seen));
    oc_map_t m = OC_MAP_INIT;
    for (int i = 0; i < N; i++) {
        snprintf(names[i], sizeof(names[i]), "r%d", i);
        oc_map_put(&m, names[i], strlen(names[i]), &seen[i]);
    }
    for (int i = 0; i < N; i += 3)
        oc_map_del(&m, names[i], strlen(names[i]));
    uint32_t it = 0, visits = 0;
    const oc_map_entry_t *e;
    while (oc_map_next(&m, &it, &e)) {
        int *s = e->value;
        int idx = (int)(s - seen);
        assert_true(idx >= 0 && idx < N);
        assert_ptr_equal(e->key, names[idx]);
        assert_int_equal(e->key_len, strlen(names[idx]));
        (*s)++;
        visits++;
    }
    assert_int_equal(visits, oc_map_count(&m));
    assert_int_equal(visits, N - (N + 2) / 3);
    for (int i = 0; i < N; i++)
        assert_int_equal(seen[i], i % 3 ? 1 : 0);
    /* Exhausted iterator stays exhausted. */
    assert_int_equal(oc_map_next(&m, &it, &e), 0);
    oc_map_free(&m);
}

/* The load factor stays at or below 3/4: the seventh entry grows 8 slots to 16. */
static void test_growth_points(void **state)
{
    (void)state;
    static const char *const names[] = {"a", "b", "c", "d", "e", "f", "g",
                                        "h", "i", "j", "k", "l", "m"};
    oc_map_t m = OC_MAP_INIT;
    oc_map_put(&m, names[0], 1, (void *)names[0]);
    assert_int_equal(m.cap, 8);
    for (int i = 1; i < 6; i++)
        oc_map_put(&m, names[i], 1, (void *)names[i]);
    assert_int_equal(m.cap, 8);
    oc_map_put(&m, names[6], 1, (void *)names[6]);
    assert_int_equal(m.cap, 16);
    for (int i = 7; i < 12; i++)
        oc_map_put(&m, names[i], 1, (void *)names[i]);
    assert_int_equal(m.cap, 16);
    oc_map_put(&m, names[12], 1, (void *)names[12]);
    assert_int_equal(m.cap, 32);
    assert_int_equal(oc_map_count(&m), 13);
    check_table(&m);
    for (int i = 0; i < 13; i++)
        assert_ptr_equal(oc_map_get(&m, names[i], 1), names[i]);
    oc_map_free(&m);
}

/* FNV-1a and the final avalanche, written out independently. */
static uint32_t reference_hash(const char *p, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)p[i];
        h *= 16777619u;
    }
    h ^= h >> 16;
    h *= 0x7feb352du;
    h ^= h >> 15;
    return h;
}

static void test_hash_is_fnv1a_with_avalanche(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        size_t len;
    } inputs[] = {{"", 0}, {"a", 1}, {"a\0", 2}, {"\xff\x80", 2}, {"room:general", 12}};
    for (size_t i = 0; i < OC_ARRAY_LEN(inputs); i++)
        assert_int_equal(oc_hash_bytes(inputs[i].s, inputs[i].len),
                         reference_hash(inputs[i].s, inputs[i].len));
    assert_int_not_equal(oc_hash_bytes("a", 1), oc_hash_bytes("a\0", 2));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_map),
        cmocka_unit_test(test_put_get_replace_del),
        cmocka_unit_test(test_empty_key_nul_bytes_and_prefixes),
        cmocka_unit_test(test_colliding_run),
        cmocka_unit_test(test_mixed_homes_shift_stops_at_home),
        cmocka_unit_test(test_delete_in_every_order),
        cmocka_unit_test(test_random_against_model),
        cmocka_unit_test(test_iteration_visits_each_once),
        cmocka_unit_test(test_growth_points),
        cmocka_unit_test(test_hash_is_fnv1a_with_avalanche),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
