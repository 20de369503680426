/* The WebSocket opening handshake's key check and digest (RFC 6455 section 4.2).
 *
 * The HTTP layer parses the upgrade request and writes the 101 response; this module only
 * says whether Sec-WebSocket-Key is well formed and computes the Sec-WebSocket-Accept value
 * that proves the server read it. It does no I/O and keeps no state. */
#ifndef OC_WS_HANDSHAKE_H
#define OC_WS_HANDSHAKE_H

#include <stdbool.h>
#include <stddef.h>

/* Length of a Sec-WebSocket-Accept value: base64 of a 20-byte SHA-1 digest. */
#define OC_WS_ACCEPT_LEN 28

/* Writes base64(SHA-1(client_key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")) into out as a
 * NUL-terminated string of OC_WS_ACCEPT_LEN characters. client_key[0..key_len) is the
 * header value as received (the caller checks it with oc_ws_key_valid first); it is only
 * read during the call. */
void oc_ws_accept_key(const char *client_key, size_t key_len, char out[29]);

/* True if key[0..len) is a valid Sec-WebSocket-Key: the canonical base64 of exactly 16
 * bytes, i.e. 24 characters, the last two "==". */
bool oc_ws_key_valid(const char *key, size_t len);

#endif
