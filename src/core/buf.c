/* Growable byte buffer: see buf.h. */
#include "core/buf.h"

#include "core/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void oc_buf_free(oc_buf_t *b)
{
    if (b == NULL)
        return;
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void oc_buf_reserve(oc_buf_t *b, size_t extra)
{
    size_t need = b->len + extra;
    if (need <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    b->data = oc_xrealloc(b->data, cap);
    b->cap = cap;
}

void oc_buf_append(oc_buf_t *b, const void *data, size_t len)
{
    if (len == 0)
        return;
    oc_buf_reserve(b, len);
    memcpy(b->data + b->len, data, len);
    b->len += len;
}

void oc_buf_append_str(oc_buf_t *b, const char *s)
{
    oc_buf_append(b, s, strlen(s));
}

void oc_buf_append_char(oc_buf_t *b, char c)
{
    oc_buf_reserve(b, 1);
    b->data[b->len++] = c;
}

size_t oc_u64_to_dec(uint64_t v, char *out)
{
    char tmp[20];
    size_t n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    for (size_t i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    return n;
}

void oc_buf_append_u64(oc_buf_t *b, uint64_t v)
{
    oc_buf_reserve(b, 20);
    b->len += oc_u64_to_dec(v, b->data + b->len);
}

void oc_buf_append_i64(oc_buf_t *b, int64_t v)
{
    if (v < 0) {
        oc_buf_append_char(b, '-');
        oc_buf_append_u64(b, (uint64_t)0 - (uint64_t)v);
    } else {
        oc_buf_append_u64(b, (uint64_t)v);
    }
}

void oc_buf_vprintf(oc_buf_t *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n <= 0)
        return;
    oc_buf_reserve(b, (size_t)n + 1);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void oc_buf_printf(oc_buf_t *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    oc_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void oc_buf_consume(oc_buf_t *b, size_t n)
{
    oc_assert(n <= b->len);
    if (n == b->len) {
        b->len = 0;
        return;
    }
    memmove(b->data, b->data + n, b->len - n);
    b->len -= n;
}

char *oc_buf_steal(oc_buf_t *b, size_t *len_out)
{
    oc_buf_append_char(b, '\0');
    char *p = b->data;
    if (len_out)
        *len_out = b->len - 1;
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}
