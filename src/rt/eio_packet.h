/* Engine.IO v4 packet codec: the bytes of one packet or one long-polling body, nothing else.
 *
 * A packet is a type digit ('0' open .. '6' noop) followed by its payload. Over WebSocket each
 * text frame holds one packet (binary frames are raw message bytes and need no decoding);
 * over long-polling a body holds packets separated by 0x1e, binary ones as "b" + base64.
 * This module does no I/O and keeps no session state: sessions, heartbeats and upgrades live
 * in the Engine.IO session layer. The Socket.IO packet inside a message is sio_packet.h's. */
#ifndef OC_RT_EIO_PACKET_H
#define OC_RT_EIO_PACKET_H

#include "core/buf.h"

#include <stdbool.h>
#include <stddef.h>

/* The long-polling packet separator (ASCII record separator). */
#define OC_EIO_SEPARATOR '\x1e'

typedef enum {
    OC_EIO_OPEN = 0,
    OC_EIO_CLOSE,
    OC_EIO_PING,
    OC_EIO_PONG,
    OC_EIO_MESSAGE,
    OC_EIO_UPGRADE,
    OC_EIO_NOOP
} oc_eio_type_t;

/* One decoded packet. data/len borrow either the caller's input or the scratch buffer given
 * to oc_eio_payload_next (see there); len is 0 for a packet without payload. */
typedef struct oc_eio_packet {
    oc_eio_type_t type;
    bool binary; /* a MESSAGE whose payload is raw bytes (polling "b<base64>") */
    const char *data;
    size_t len;
} oc_eio_packet_t;

/* Decodes the packet in one WebSocket text frame: a type digit then the payload. s[0..len) is
 * borrowed; out->data points into it. Unlike engine.io-parser, a "b<base64>" text frame is
 * refused: binary data travels in binary frames. Returns 0, or OC_EPROTO for an empty frame
 * or an unknown type. */
int oc_eio_decode_text(const char *s, size_t len, oc_eio_packet_t *out);

/* Iterator over a long-polling request body. The body is borrowed and must outlive it. */
typedef struct oc_eio_payload_iter {
    const char *body;
    size_t len;
    size_t pos;
    bool done;
} oc_eio_payload_iter_t;

void oc_eio_payload_iter_init(oc_eio_payload_iter_t *it, const char *body, size_t len);

/* Decodes the next packet of the body into *out. A text packet borrows the body; a binary
 * message ("b<base64>") is decoded into *scratch (owned by the caller, emptied and reused on
 * every call), so its bytes are valid until the next call or until scratch is freed.
 * Returns 1 for a packet, 0 at the end of the body, or OC_EPROTO if the packet is malformed:
 * empty (an empty body, a leading or trailing separator, two separators in a row), an
 * unknown type or bad base64. An error ends the iteration: later calls return OC_EPROTO
 * again, so the caller must drop the whole body (and, per the protocol, the session). */
int oc_eio_payload_next(oc_eio_payload_iter_t *it, oc_eio_packet_t *out, oc_buf_t *scratch);

/* Appends the handshake "open" packet text to out:
 *   0{"sid":"...","upgrades":["websocket"],"pingInterval":N,"pingTimeout":N,"maxPayload":N}
 * with "upgrades":[] when upgrade_websocket is false. sid is a NUL-terminated string,
 * borrowed for the call, written as an escaped JSON string. */
void oc_eio_encode_open(oc_buf_t *out, const char *sid, bool upgrade_websocket,
                        unsigned ping_interval_ms, unsigned ping_timeout_ms, unsigned max_payload);

#endif
