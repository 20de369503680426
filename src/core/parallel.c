/* The parallel for-loop: see parallel.h.
 *
 * A run publishes (n, fn, arg) under the mutex with a new generation number and wakes the
 * helpers. Everyone claims items by compare-and-swap on one 64-bit cursor that holds the
 * generation in its high half and the next index in its low half: a helper that wakes late,
 * after its run ended and another began, fails the swap instead of claiming an item of a run
 * it knows nothing about. The caller returns once the count of finished items reaches n;
 * a helper can only finish items it claimed in the current run, so no stale count leaks
 * into the next one. A caller left waiting for a helper's last item spins briefly, then
 * sleeps until that helper signals: on a machine with as many busy threads as cores,
 * spinning would take the CPU from the very thread it waits for. */
#define _GNU_SOURCE /* pthread_setname_np */
#include "core/parallel.h"

#include "core/alloc.h"
#include "core/log.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <uv.h>

struct oc_parallel {
    unsigned helpers;
    uv_thread_t *threads;
    uv_mutex_t mu;
    uv_cond_t cv;      /* a run began, or stop */
    uv_cond_t done_cv; /* the last item of a run returned */
    /* Under mu: the current run, and whether the pool is shutting down. */
    uint32_t gen;
    bool stop;
    size_t n;
    oc_parallel_fn fn;
    void *arg;
    _Atomic uint64_t cursor; /* gen << 32 | next unclaimed index */
    _Atomic size_t done;     /* items of the current run that have returned */
};

/* Claims and runs items of run `gen` until none is left or another run has begun. */
static void work(oc_parallel_t *p, uint32_t gen, size_t n, oc_parallel_fn fn, void *arg)
{
    uint64_t cur = atomic_load_explicit(&p->cursor, memory_order_acquire);
    for (;;) {
        if ((uint32_t)(cur >> 32) != gen || (cur & 0xFFFFFFFFu) >= n)
            return;
        if (!atomic_compare_exchange_weak_explicit(&p->cursor, &cur, cur + 1, memory_order_acq_rel,
                                                   memory_order_acquire))
            continue; /* cur now holds the current value */
        fn((size_t)(cur & 0xFFFFFFFFu), arg);
        if (atomic_fetch_add_explicit(&p->done, 1, memory_order_acq_rel) + 1 == n) {
            /* Under the mutex, so a caller that saw done < n under it is already waiting. */
            uv_mutex_lock(&p->mu);
            uv_cond_signal(&p->done_cv);
            uv_mutex_unlock(&p->mu);
        }
        cur = atomic_load_explicit(&p->cursor, memory_order_acquire);
    }
}

static void helper_main(void *data)
{
    oc_parallel_t *p = data;
    pthread_setname_np(pthread_self(), "oc-parallel"); /* for top -H, perf */
    uint32_t seen = 0;
    uv_mutex_lock(&p->mu);
    for (;;) {
        while (!p->stop && p->gen == seen)
            uv_cond_wait(&p->cv, &p->mu);
        if (p->stop)
            break;
        seen = p->gen;
        size_t n = p->n;
        oc_parallel_fn fn = p->fn;
        void *arg = p->arg;
        uv_mutex_unlock(&p->mu);
        work(p, seen, n, fn, arg);
        uv_mutex_lock(&p->mu);
    }
    uv_mutex_unlock(&p->mu);
}

oc_parallel_t *oc_parallel_new(unsigned helpers)
{
    oc_parallel_t *p = oc_xcalloc(1, sizeof(*p));
    p->helpers = helpers;
    uv_mutex_init(&p->mu);
    uv_cond_init(&p->cv);
    uv_cond_init(&p->done_cv);
    atomic_init(&p->cursor, 0);
    atomic_init(&p->done, 0);
    p->threads = helpers ? oc_xcalloc(helpers, sizeof(*p->threads)) : NULL;
    for (unsigned i = 0; i < helpers; i++) {
        int rc = uv_thread_create(&p->threads[i], helper_main, p);
        if (rc != 0) {
            oc_log_error("parallel", "cannot start a helper thread: %s", uv_strerror(rc));
            abort();
        }
    }
    return p;
}

void oc_parallel_free(oc_parallel_t *p)
{
    if (p == NULL)
        return;
    uv_mutex_lock(&p->mu);
    p->stop = true;
    uv_cond_broadcast(&p->cv);
    uv_mutex_unlock(&p->mu);
    for (unsigned i = 0; i < p->helpers; i++)
        uv_thread_join(&p->threads[i]);
    free(p->threads);
    uv_cond_destroy(&p->cv);
    uv_cond_destroy(&p->done_cv);
    uv_mutex_destroy(&p->mu);
    free(p);
}

unsigned oc_parallel_helpers(const oc_parallel_t *p)
{
    return p->helpers;
}

void oc_parallel_run(oc_parallel_t *p, size_t n, size_t min_items, oc_parallel_fn fn, void *arg)
{
    if (p->helpers == 0 || n < min_items || n < 2) {
        for (size_t i = 0; i < n; i++)
            fn(i, arg);
        return;
    }
    oc_assert(n <= 0xFFFFFFFFu);
    uv_mutex_lock(&p->mu);
    uint32_t gen = ++p->gen;
    if (gen == 0) /* helpers start having seen 0: skip it when the count wraps */
        gen = ++p->gen;
    p->n = n;
    p->fn = fn;
    p->arg = arg;
    atomic_store_explicit(&p->done, 0, memory_order_relaxed);
    atomic_store_explicit(&p->cursor, (uint64_t)gen << 32, memory_order_release);
    uv_cond_broadcast(&p->cv);
    uv_mutex_unlock(&p->mu);
    work(p, gen, n, fn, arg);
    /* What is left are items a helper is in the middle of, each about one write. */
    for (unsigned spins = 0; spins < 200; spins++)
        if (atomic_load_explicit(&p->done, memory_order_acquire) >= n)
            return;
    uv_mutex_lock(&p->mu);
    while (atomic_load_explicit(&p->done, memory_order_acquire) < n)
        uv_cond_wait(&p->done_cv, &p->mu);
    uv_mutex_unlock(&p->mu);
}
