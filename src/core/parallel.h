/* A parallel for-loop for the loop thread.
 *
 * oc_parallel_run(p, n, fn, arg) calls fn(i, arg) once for every i in [0, n), on the calling
 * thread and on the pool's helper threads, and returns when every call has returned. Items
 * are claimed one at a time from a shared cursor, so a helper the scheduler has not run yet
 * delays nothing: the calling thread takes whatever is left. It exists for the socket writes
 * of a loop turn (net/conn.c), where one item is one connection's writev and the kernel's
 * TCP work, not our code, is what takes the time. It is not a general task queue: one run at
 * a time, always from the same thread. */
#ifndef OC_CORE_PARALLEL_H
#define OC_CORE_PARALLEL_H

#include <stddef.h>

typedef struct oc_parallel oc_parallel_t;

typedef void (*oc_parallel_fn)(size_t i, void *arg);

/* A pool of `helpers` threads (0: every item runs on the caller). Aborts if a thread cannot
 * be started. Free with oc_parallel_free. */
oc_parallel_t *oc_parallel_new(unsigned helpers);
/* Stops and joins the helpers. NULL-safe. */
void oc_parallel_free(oc_parallel_t *p);
/* The number of helper threads. */
unsigned oc_parallel_helpers(const oc_parallel_t *p);
/* Runs fn(i, arg) for i in [0, n). fn runs concurrently with itself for different i, so it
 * may only touch what item i owns; everything it wrote is visible to the caller on return.
 * Runs of fewer than min_items items stay on the caller (waking a helper costs more). */
void oc_parallel_run(oc_parallel_t *p, size_t n, size_t min_items, oc_parallel_fn fn, void *arg);

#endif
