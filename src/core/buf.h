/* A growable byte buffer.
 *
 * Used to assemble outgoing packets and to keep the unparsed tail of a connection's input.
 * It is a plain owner of its bytes: no reference counting (see frame.h for shared,
 * immutable bytes) and no I/O. A zeroed oc_buf_t is an empty buffer that owns nothing. */
#ifndef OC_CORE_BUF_H
#define OC_CORE_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

typedef struct oc_buf {
    char *data; /* owned; NULL when cap is 0 */
    size_t len;
    size_t cap;
} oc_buf_t;

#define OC_BUF_INIT                                                                                \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }

/* Releases the bytes and leaves an empty buffer. NULL-safe. */
void oc_buf_free(oc_buf_t *b);
/* Makes room for `extra` more bytes after len; may move data. */
void oc_buf_reserve(oc_buf_t *b, size_t extra);
void oc_buf_append(oc_buf_t *b, const void *data, size_t len);
void oc_buf_append_str(oc_buf_t *b, const char *s);
void oc_buf_append_char(oc_buf_t *b, char c);
/* Appends the decimal form of an integer. */
void oc_buf_append_u64(oc_buf_t *b, uint64_t v);
void oc_buf_append_i64(oc_buf_t *b, int64_t v);
void oc_buf_printf(oc_buf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void oc_buf_vprintf(oc_buf_t *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Drops the first n bytes (n <= len). */
void oc_buf_consume(oc_buf_t *b, size_t n);
/* Hands the bytes to the caller (who frees them) and leaves an empty buffer. The result is
 * NUL-terminated; *len_out (if not NULL) gets the length without the NUL. */
char *oc_buf_steal(oc_buf_t *b, size_t *len_out);

/* Writes the decimal form of v into out (at least 20 bytes) and returns the length. */
size_t oc_u64_to_dec(uint64_t v, char *out);

#endif
