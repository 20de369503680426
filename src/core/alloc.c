/* Allocation wrappers: see alloc.h. */
#include "core/alloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Noreturn void oc_panic(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "openchat: fatal at %s:%d: ", file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}

void *oc_xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (p == NULL)
        oc_panic(__FILE__, __LINE__, "out of memory allocating %zu bytes", size);
    return p;
}

void *oc_xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (p == NULL)
        oc_panic(__FILE__, __LINE__, "out of memory allocating %zu x %zu bytes", count, size);
    return p;
}

void *oc_xrealloc(void *ptr, size_t size)
{
    void *p = realloc(ptr, size ? size : 1);
    if (p == NULL)
        oc_panic(__FILE__, __LINE__, "out of memory reallocating %zu bytes", size);
    return p;
}

char *oc_xstrndup(const char *s, size_t len)
{
    char *p = oc_xmalloc(len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *oc_xstrdup(const char *s)
{
    return oc_xstrndup(s, strlen(s));
}
