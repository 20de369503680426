/* 64-bit time-ordered ids (snowflake style).
 *
 *   | 41 bits: ms since 2025-01-01 | 10 bits: node | 12 bits: sequence |
 *
 * Ids sort by creation time, so they double as keyset-pagination cursors and as index
 * order. They are sent as decimal strings in JSON (JavaScript numbers lose precision above
 * 2^53). Safe to call from any thread. */
#ifndef OC_CORE_ID_H
#define OC_CORE_ID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OC_ID_EPOCH_MS 1735689600000LL /* 2025-01-01T00:00:00Z */

/* Sets this process's node number (0-1023); default 0. */
void oc_id_set_node(unsigned node);
/* A new id, greater than every id this process generated before. */
int64_t oc_id_next(void);
/* The creation time of an id, ms since the Unix epoch. */
int64_t oc_id_time_ms(int64_t id);
/* Milliseconds since the Unix epoch (wall clock). */
int64_t oc_now_ms(void);

/* Parses a decimal id (1-19 digits, > 0). */
bool oc_id_parse(const char *s, size_t len, int64_t *out);

#endif
