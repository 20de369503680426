/* Open-addressing hash map: see map.h. */
#include "core/map.h"

#include "core/alloc.h"

#include <stdlib.h>
#include <string.h>

uint32_t oc_hash_bytes(const void *data, size_t len)
{
    /* FNV-1a, then a final avalanche: keys are short ids and room names, where this is fast
     * and spreads well enough for linear probing. */
    const unsigned char *p = data;
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 16777619u;
    }
    h ^= h >> 16;
    h *= 0x7feb352du;
    h ^= h >> 15;
    return h;
}

static oc_map_entry_t *find_slot(const oc_map_t *m, const char *key, size_t len, uint32_t hash)
{
    uint32_t mask = m->cap - 1;
    for (uint32_t i = hash & mask;; i = (i + 1) & mask) {
        oc_map_entry_t *e = &m->slots[i];
        if (e->key == NULL)
            return e;
        if (e->hash == hash && e->key_len == len && memcmp(e->key, key, len) == 0)
            return e;
    }
}

static void grow(oc_map_t *m)
{
    uint32_t old_cap = m->cap;
    oc_map_entry_t *old = m->slots;
    m->cap = old_cap ? old_cap * 2 : 8;
    m->slots = oc_xcalloc(m->cap, sizeof(*m->slots));
    for (uint32_t i = 0; i < old_cap; i++) {
        if (old[i].key != NULL)
            *find_slot(m, old[i].key, old[i].key_len, old[i].hash) = old[i];
    }
    free(old);
}

void oc_map_free(oc_map_t *m)
{
    if (m == NULL)
        return;
    free(m->slots);
    m->slots = NULL;
    m->cap = m->count = 0;
}

void *oc_map_get(const oc_map_t *m, const char *key, size_t len)
{
    if (m->count == 0)
        return NULL;
    oc_map_entry_t *e = find_slot(m, key, len, oc_hash_bytes(key, len));
    return e->key ? e->value : NULL;
}

void *oc_map_put(oc_map_t *m, const char *key, size_t len, void *value)
{
    oc_assert(len <= UINT32_MAX);
    /* Keep the load factor at or below 3/4 so probe runs stay short. */
    if ((m->count + 1) * 4 > m->cap * 3)
        grow(m);
    uint32_t hash = oc_hash_bytes(key, len);
    oc_map_entry_t *e = find_slot(m, key, len, hash);
    if (e->key != NULL) {
        void *old = e->value;
        e->key = key; /* the caller may hand a new copy of the same key */
        e->value = value;
        return old;
    }
    e->key = key;
    e->key_len = (uint32_t)len;
    e->hash = hash;
    e->value = value;
    m->count++;
    return NULL;
}

void *oc_map_del(oc_map_t *m, const char *key, size_t len)
{
    if (m->count == 0)
        return NULL;
    oc_map_entry_t *e = find_slot(m, key, len, oc_hash_bytes(key, len));
    if (e->key == NULL)
        return NULL;
    void *value = e->value;
    uint32_t mask = m->cap - 1;
    uint32_t hole = (uint32_t)(e - m->slots);
    /* Backward-shift deletion: move later members of the probe run into the hole so that
     * lookups never need tombstones. */
    for (uint32_t i = (hole + 1) & mask;; i = (i + 1) & mask) {
        oc_map_entry_t *n = &m->slots[i];
        if (n->key == NULL)
            break;
        uint32_t home = n->hash & mask;
        /* n may move to the hole only if its home slot is not between hole and i. */
        if (((i - home) & mask) >= ((i - hole) & mask)) {
            m->slots[hole] = *n;
            hole = i;
        }
    }
    m->slots[hole].key = NULL;
    m->count--;
    if (m->count == 0) {
        free(m->slots);
        m->slots = NULL;
        m->cap = 0;
    }
    return value;
}

int oc_map_next(const oc_map_t *m, uint32_t *iter, const oc_map_entry_t **entry)
{
    while (*iter < m->cap) {
        const oc_map_entry_t *e = &m->slots[(*iter)++];
        if (e->key != NULL) {
            *entry = e;
            return 1;
        }
    }
    return 0;
}
