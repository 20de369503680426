/* RFC 6455 WebSocket framing for the server side: pure code, no I/O.
 *
 * Encoding builds the unmasked frames a server sends, as refcounted oc_frame_t ready to be
 * shared by many write queues. Decoding is an incremental reader that checks every rule a
 * client frame must follow (masking, reserved bits, opcodes, fragmentation, minimal
 * lengths, size limit, UTF-8, close codes) and turns frames into messages, pings, pongs and
 * a close. The HTTP upgrade lives in handshake.h; sockets, timers and the closing handshake
 * belong to the connection layer. No extensions (permessage-deflate) are supported.
 *
 *    0               1               2               3
 *   +-+-+-+-+-------+-+-------------+-------------------------------+
 *   |F|R|R|R| opcode|M| payload len |  extended payload length     |
 *   |I|S|S|S|  (4)  |A|     (7)     |  (16 if len 126, 64 if 127)   |
 *   |N|V|V|V|       |S|             |                               |
 *   +-+-+-+-+-------+-+-------------+-------------------------------+
 *   |  masking key (4 bytes, client frames only)  |  payload ...    |
 *   +---------------------------------------------+-----------------+
 */
#ifndef OC_WS_CODEC_H
#define OC_WS_CODEC_H

#include "core/buf.h"
#include "core/frame.h"
#include "core/utf8.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OC_WS_OP_CONT   0x0
#define OC_WS_OP_TEXT   0x1
#define OC_WS_OP_BINARY 0x2
#define OC_WS_OP_CLOSE  0x8
#define OC_WS_OP_PING   0x9
#define OC_WS_OP_PONG   0xA

/* Close status codes (RFC 6455 section 7.4.1). */
#define OC_WS_CLOSE_NORMAL         1000
#define OC_WS_CLOSE_GOING_AWAY     1001
#define OC_WS_CLOSE_PROTOCOL_ERROR 1002
#define OC_WS_CLOSE_UNSUPPORTED    1003
#define OC_WS_CLOSE_NO_STATUS      1005 /* never on the wire: a close frame without a code */
#define OC_WS_CLOSE_INVALID_DATA   1007 /* a text message or close reason is not UTF-8 */
#define OC_WS_CLOSE_POLICY         1008
#define OC_WS_CLOSE_TOO_BIG        1009
#define OC_WS_CLOSE_INTERNAL       1011

/* Largest header: 2 bytes, 8 of extended length, 4 of mask. */
#define OC_WS_MAX_HEADER 14
/* Largest payload of a control frame (ping, pong, close). */
#define OC_WS_MAX_CONTROL 125

/* Writes the header of an unmasked server frame into out and returns its length (2, 4 or
 * 10 bytes). The payload follows it unchanged. */
size_t oc_ws_header_encode(uint8_t out[10], uint8_t opcode, bool fin, uint64_t payload_len);

/* A final (FIN) frame holding header + a copy of payload[0..len), with ws_hdr set to the
 * header length and binary set for OC_WS_OP_BINARY. One reference, owned by the caller.
 * payload may be NULL when len is 0. */
oc_frame_t *oc_ws_frame_new(uint8_t opcode, const void *payload, size_t len);

/* A close frame with the given code and reason (UTF-8, NUL-terminated, may be NULL). The
 * reason is cut at a character boundary so the payload stays within 125 bytes. One
 * reference, owned by the caller. */
oc_frame_t *oc_ws_close_frame_new(uint16_t code, const char *reason);

/* What a reader delivers. Each callback may be NULL (that kind of frame is then dropped),
 * returns 0 to go on or non-zero to make oc_ws_reader_feed return OC_ECANCELED at once.
 * Byte pointers are valid only during the call. Callbacks must not free the reader. */
typedef struct oc_ws_reader_callbacks {
    /* A complete message: a whole text message is valid UTF-8 (not NUL-terminated). */
    int (*on_message)(void *ctx, bool binary, const uint8_t *data, size_t len);
    int (*on_ping)(void *ctx, const uint8_t *data, size_t len);
    int (*on_pong)(void *ctx, const uint8_t *data, size_t len);
    /* A valid close frame; code is OC_WS_CLOSE_NO_STATUS when it had no payload. The reason
     * is valid UTF-8, not NUL-terminated. The reader ignores every byte after it. */
    int (*on_close)(void *ctx, uint16_t code, const char *reason, size_t reason_len);
} oc_ws_reader_callbacks_t;

/* Decoding state of one connection. Fields are read-only for callers except close_code. */
typedef struct oc_ws_reader {
    size_t max_message;   /* limit on a message's payload, fragments summed */
    oc_buf_t message;     /* owned: fragments of the message in progress */
    oc_utf8_state_t utf8; /* validation of the text message in progress */
    bool in_message;      /* a fragmented message has started and not finished */
    bool message_binary;  /* ... and it is binary */
    bool closed;          /* a close frame was delivered: ignore the rest */
    uint16_t close_code;  /* after OC_EPROTO / OC_E2BIG: the code the server must send */
} oc_ws_reader_t;

/* Prepares a reader that accepts messages of up to max_message payload bytes. */
void oc_ws_reader_init(oc_ws_reader_t *r, size_t max_message);

/* Releases the fragment buffer. NULL-safe; the reader may be initialised again. */
void oc_ws_reader_free(oc_ws_reader_t *r);

/* Consumes whole frames from buf[0..len), which belongs to the caller and is unmasked in
 * place. An unfragmented data frame is delivered as a pointer into buf (zero copy); a
 * fragmented message is assembled in the reader's buffer. *consumed is set to the bytes of
 * the frames processed, a delivered frame included even when its callback stopped the feed;
 * the caller keeps buf[*consumed..len) (a partial frame) and calls again with it followed
 * by more bytes. A frame's header is checked as soon as it is complete, so an oversized or
 * malformed frame fails without waiting for its payload.
 * Returns 0, OC_ECANCELED if a callback returned non-zero, or OC_EPROTO / OC_E2BIG with
 * r->close_code set to 1002 (protocol error), 1007 (bad UTF-8 in a text message or close
 * reason) or 1009 (message over max_message). After an error *consumed means nothing, every
 * later call returns the same error, and the caller should send that close code and stop
 * reading. */
int oc_ws_reader_feed(oc_ws_reader_t *r, uint8_t *buf, size_t len, size_t *consumed,
                      const oc_ws_reader_callbacks_t *cb, void *ctx);

/* Size (header + payload) of the client frame that starts at buf[0..len), so the caller
 * knows how many bytes to hold before feeding again; 0 if the header itself is still
 * incomplete. Does not validate, and saturates at UINT64_MAX. A frame that
 * oc_ws_reader_feed left unconsumed without an error is at most
 * OC_MAX(max_message, OC_WS_MAX_CONTROL) + OC_WS_MAX_HEADER bytes, so a caller never needs
 * to buffer more than that. */
uint64_t oc_ws_frame_size(const uint8_t *buf, size_t len);

#endif
