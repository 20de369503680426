/* A hash map from byte-string keys to pointers.
 *
 * Open addressing with linear probing and backward-shift deletion: one flat array, no
 * per-entry allocation, which keeps per-connection memory small when every session and room
 * is indexed. The map does not own keys: a key must stay valid and unchanged while its entry
 * is in the map (callers point it at the name stored inside the value itself). */
#ifndef OC_CORE_MAP_H
#define OC_CORE_MAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct oc_map_entry {
    const char *key; /* NULL marks an empty slot */
    uint32_t key_len;
    uint32_t hash;
    void *value;
} oc_map_entry_t;

typedef struct oc_map {
    oc_map_entry_t *slots;
    uint32_t cap; /* power of two, or 0 */
    uint32_t count;
} oc_map_t;

#define OC_MAP_INIT                                                                                \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }

void oc_map_free(oc_map_t *m);
/* The value stored under the key, or NULL. */
void *oc_map_get(const oc_map_t *m, const char *key, size_t len);
/* Stores value under key (borrowed, see above), replacing any previous value, which is
 * returned (NULL if none). */
void *oc_map_put(oc_map_t *m, const char *key, size_t len, void *value);
/* Removes the key; returns its value or NULL. */
void *oc_map_del(oc_map_t *m, const char *key, size_t len);

static inline uint32_t oc_map_count(const oc_map_t *m)
{
    return m->count;
}

/* Iteration: `for (uint32_t i = 0; oc_map_next(m, &i, &e);)` visits every entry once.
 * The map must not change during iteration. */
int oc_map_next(const oc_map_t *m, uint32_t *iter, const oc_map_entry_t **entry);

uint32_t oc_hash_bytes(const void *data, size_t len);

#endif
