/* Reference-counted frames: see frame.h. */
#include "core/frame.h"

#include "core/alloc.h"

#include <stdlib.h>
#include <string.h>

static uint64_t live_frames;

oc_frame_t *oc_frame_new(size_t len)
{
    oc_assert(len <= UINT32_MAX);
    oc_frame_t *f = oc_xmalloc(sizeof(*f) + len);
    f->refs = 1;
    f->len = (uint32_t)len;
    f->ws_hdr = 0;
    f->binary = 0;
    /* Frames may be built on thread-pool workers (file reads): count atomically. */
    __atomic_fetch_add(&live_frames, 1, __ATOMIC_RELAXED);
    return f;
}

oc_frame_t *oc_frame_from(const void *data, size_t len)
{
    oc_frame_t *f = oc_frame_new(len);
    memcpy(f->data, data, len);
    return f;
}

void oc_frame_unref(oc_frame_t *f)
{
    if (f == NULL)
        return;
    oc_assert(f->refs > 0);
    if (--f->refs == 0) {
        __atomic_fetch_sub(&live_frames, 1, __ATOMIC_RELAXED);
        free(f);
    }
}

uint64_t oc_frame_live_count(void)
{
    return __atomic_load_n(&live_frames, __ATOMIC_RELAXED);
}
