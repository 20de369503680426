/* Base64 (RFC 4648) encoding and decoding.
 *
 * Engine.IO long-polling carries binary packets as "b" + base64, the WebSocket handshake
 * answers with a base64 digest and session ids are base64url. The decoder is strict: it
 * rejects characters outside the alphabet, bad padding and non-zero trailing bits. */
#ifndef OC_CORE_BASE64_H
#define OC_CORE_BASE64_H

#include <stddef.h>
#include <stdint.h>

/* Length of the padded standard encoding of n bytes. */
static inline size_t oc_base64_encoded_len(size_t n)
{
    return (n + 2) / 3 * 4;
}

/* Encodes n bytes into out (oc_base64_encoded_len(n) bytes, no NUL written) with the
 * standard alphabet and '=' padding. Returns the number of bytes written. */
size_t oc_base64_encode(const void *in, size_t n, char *out);

/* Encodes with the URL-safe alphabet ('-', '_') and no padding. Returns bytes written
 * ((4 * n + 2) / 3). */
size_t oc_base64url_encode(const void *in, size_t n, char *out);

/* Decodes padded standard base64. out needs room for len / 4 * 3 bytes. Returns 0 and sets
 * *out_len, or OC_EPROTO for malformed input. */
int oc_base64_decode(const char *in, size_t len, uint8_t *out, size_t *out_len);

/* Decodes unpadded URL-safe base64 (JWT segments, ids) with the same strictness. out needs
 * room for (len + 3) / 4 * 3 bytes. Returns 0 or OC_EPROTO. */
int oc_base64url_decode(const char *in, size_t len, uint8_t *out, size_t *out_len);

#endif
