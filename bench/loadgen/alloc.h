/* Allocation for the benchmark programs, which do not link oc_core: like oc_xmalloc, these
 * abort on out-of-memory so callers never check for NULL. A load generator that cannot
 * allocate has no meaningful figure left to report. */
#ifndef LG_ALLOC_H
#define LG_ALLOC_H

#include <stdio.h>
#include <stdlib.h>

static inline void *lg_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) {
        fputs("openchat-loadgen: out of memory\n", stderr);
        abort();
    }
    return p;
}

static inline void *lg_xrealloc(void *p, size_t size)
{
    p = realloc(p, size ? size : 1);
    if (!p) {
        fputs("openchat-loadgen: out of memory\n", stderr);
        abort();
    }
    return p;
}

#endif
