/* Deadline lists: many timeouts of one fixed duration on a single libuv timer.
 *
 * Every connection has deadlines (ping interval, pong timeout, header timeout, idle
 * timeout), but within one list all of them have the same duration, so arming one always
 * puts it last: the list is a FIFO ordered by deadline and arm/disarm are O(1). A libuv
 * timer costs 152 bytes; this costs 24 per connection and one timer per list. */
#ifndef OC_CORE_TIMEOUTS_H
#define OC_CORE_TIMEOUTS_H

#include "core/list.h"

#include <stdbool.h>
#include <stdint.h>
#include <uv.h>

typedef struct oc_timeout {
    oc_list_t link;
    uint64_t deadline; /* loop time in ms */
} oc_timeout_t;

typedef struct oc_timeout_list oc_timeout_list_t;

/* Called when t's deadline has passed; t is already disarmed and may be re-armed. */
typedef void (*oc_timeout_cb)(oc_timeout_list_t *list, oc_timeout_t *t);

struct oc_timeout_list {
    uv_timer_t timer;
    oc_list_t items;
    uint64_t duration_ms;
    oc_timeout_cb cb;
    void *data; /* for the owner */
};

/* Call once per node before first use. */
static inline void oc_timeout_init(oc_timeout_t *t)
{
    oc_list_init(&t->link);
    t->deadline = 0;
}

/* The owner keeps the struct alive until the loop has run the close started by
 * oc_timeout_list_close (like any libuv handle). */
void oc_timeout_list_init(uv_loop_t *loop, oc_timeout_list_t *list, uint64_t duration_ms,
                          oc_timeout_cb cb);
void oc_timeout_list_close(oc_timeout_list_t *list);
/* (Re)arms t to expire duration_ms from now. t moves to this list if it was in another. */
void oc_timeout_arm(oc_timeout_list_t *list, oc_timeout_t *t);
void oc_timeout_disarm(oc_timeout_t *t);

static inline bool oc_timeout_armed(const oc_timeout_t *t)
{
    return oc_list_linked(&t->link);
}

#endif
