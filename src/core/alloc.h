/* Allocation that never returns NULL, and the always-on assertion.
 *
 * A chat server that runs out of memory cannot do anything useful, so these wrappers abort
 * with a message instead of making every caller check for NULL. oc_assert is for internal
 * invariants only, never for network input: bad input is a protocol error, not a crash. */
#ifndef OC_CORE_ALLOC_H
#define OC_CORE_ALLOC_H

#include <stddef.h>

void *oc_xmalloc(size_t size);
void *oc_xcalloc(size_t count, size_t size);
void *oc_xrealloc(void *ptr, size_t size);
/* Copies of a NUL-terminated string, or of len bytes plus a NUL. Caller frees. */
char *oc_xstrdup(const char *s);
char *oc_xstrndup(const char *s, size_t len);

/* Prints the message with file and line, then aborts. */
_Noreturn void oc_panic(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define oc_assert(cond)                                                                            \
    do {                                                                                           \
        if (__builtin_expect(!(cond), 0))                                                          \
            oc_panic(__FILE__, __LINE__, "assertion failed: %s", #cond);                           \
    } while (0)

#define OC_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define OC_MIN(a, b)    ((a) < (b) ? (a) : (b))
#define OC_MAX(a, b)    ((a) > (b) ? (a) : (b))
#define OC_UNUSED(x)    ((void)(x))
#define OC_LIKELY(x)    __builtin_expect(!!(x), 1)
#define OC_UNLIKELY(x)  __builtin_expect(!!(x), 0)
/* Pointer to the struct that holds `ptr` as its member `member`. */
#define OC_CONTAINER_OF(ptr, type, member) ((type *)((char *)(ptr)-offsetof(type, member)))

#endif
