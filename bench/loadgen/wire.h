/* The load generator's view of the wire: client-side WebSocket frames (RFC 6455), Engine.IO v4
 * packets, and the Socket.IO v5 packets of its two scenarios: fan-out (join/broadcast sent,
 * message timed) and chat (a signed-in CONNECT, message:send with an ack, message:new timed). Pure
 * functions over byte ranges, no I/O and no allocation, so they are unit-tested on their own and a
 * received frame is never copied. Not a general WebSocket or Socket.IO implementation: only what a
 * benchmark client needs, and anything else is skipped, never trusted. */
#ifndef LG_WIRE_H
#define LG_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* WebSocket opcodes (RFC 6455 section 5.2). */
#define LG_WS_CONTINUATION 0x0
#define LG_WS_TEXT         0x1
#define LG_WS_BINARY       0x2
#define LG_WS_CLOSE        0x8
#define LG_WS_PING         0x9
#define LG_WS_PONG         0xA

/* Largest client frame header: 2 bytes, 8 bytes of extended length, 4 bytes of mask. */
#define LG_WS_MAX_HEADER 14

/* One frame parsed in place. payload points into the caller's buffer (unmasked in place when
 * the server masked it, which servers must not do but may). */
typedef struct lg_ws_frame {
    uint8_t opcode;
    bool fin;
    uint8_t *payload;
    size_t len;
    size_t frame_len; /* header + payload: how far to advance */
} lg_ws_frame_t;

/* Parses the frame at the start of buf[0..n). Returns 1 with *out filled, 0 if buf holds only
 * part of a frame, -1 if the frame declares a payload longer than max_payload or uses reserved
 * bits (a protocol error: the caller drops the connection). buf is modified only to unmask. */
int lg_ws_frame_parse(uint8_t *buf, size_t n, size_t max_payload, lg_ws_frame_t *out);

/* Writes a masked client frame (FIN set) carrying payload[0..len) into out, which must have
 * room for len + LG_WS_MAX_HEADER bytes. mask is the 32-bit masking key. Returns the frame
 * length. */
size_t lg_ws_frame_encode(uint8_t *out, uint8_t opcode, const void *payload, size_t len,
                          uint32_t mask);

/* Writes the HTTP request that opens an Engine.IO v4 WebSocket at /socket.io/ into out
 * (cap bytes). Returns its length, or 0 if it does not fit. */
size_t lg_http_upgrade_request(char *out, size_t cap, const char *host, int port);

/* Looks for the end of the server's upgrade response in buf[0..n). Returns the length of the
 * response head when it is complete and says 101, 0 when more bytes are needed, -1 for any
 * other status or a head longer than 8 KiB. */
long lg_http_upgrade_response(const uint8_t *buf, size_t n);

/* What an Engine.IO text packet is, as far as the load generator cares. */
typedef enum lg_packet {
    LG_PKT_OTHER = 0,
    LG_PKT_EIO_OPEN,    /* 0{"sid":...}: answer with the Socket.IO connect "40" */
    LG_PKT_EIO_CLOSE,   /* 1 */
    LG_PKT_EIO_PING,    /* 2: answer with pong "3" */
    LG_PKT_SIO_CONNECT, /* 40{...}: connected to the main namespace */
    LG_PKT_SIO_ERROR,   /* 44{...}: connection refused */
    LG_PKT_SIO_EVENT,   /* 42[...] */
    LG_PKT_SIO_ACK,     /* 43<id>[...]: the answer to an event sent with an ack id */
} lg_packet_t;

lg_packet_t lg_packet_classify(const uint8_t *p, size_t n);

/* Finds "t":<digits> in a Socket.IO event and stores the number. Returns 0, or -1 when the
 * event carries no such field. Checks the exact shape the servers send first, so the common
 * case costs one comparison, and scans the event otherwise. */
int lg_event_time(const uint8_t *p, size_t n, uint64_t *t_ns);

/* Writes 42["broadcast","r<room>",{"t":<t_ns>,"pad":"xx..."}] with pad_len pad bytes into out
 * (cap bytes). Returns its length, or 0 if it does not fit. */
size_t lg_broadcast_encode(char *out, size_t cap, uint32_t room, uint64_t t_ns, size_t pad_len);

/* Writes 42["join","r<room>"] into out (cap bytes). Returns its length, or 0. */
size_t lg_join_encode(char *out, size_t cap, uint32_t room);

/* The payload size of a broadcast with no pad, so callers can size pad for a target payload. */
size_t lg_broadcast_payload_overhead(uint64_t t_ns);

/* ---- The chat scenario (docs/PROTOCOL.md, "Events of the main namespace") ---- */

/* Writes the CONNECT to the main namespace with the session token, 40{"token":"<token>"}, into
 * out (cap bytes). token is copied as is, so it must need no JSON escaping (a JWT does not).
 * Returns its length, or 0 if it does not fit. */
size_t lg_sio_connect_encode(char *out, size_t cap, const char *token);

/* Writes 42<ack_id>["message:send",{"channel_id":"<channel_id>","content":"<t_ns> <pad>",
 * "nonce":"<nonce_prefix>-<ack_id>"}] with pad_len pad bytes into out (cap bytes): the content
 * starts with the send stamp that receivers time, and the nonce is unique per sender as long as
 * nonce_prefix is unique per run. channel_id and nonce_prefix need no JSON escaping. Returns
 * its length, or 0 if it does not fit. */
size_t lg_chat_send_encode(char *out, size_t cap, uint32_t ack_id, const char *channel_id,
                           uint64_t t_ns, size_t pad_len, const char *nonce_prefix);

/* Whether an event packet 42[<name>,...] (optionally with an ack id after "42") is named
 * exactly name. */
bool lg_event_is(const uint8_t *p, size_t n, const char *name);

/* Finds the first "content":"<digits> in a packet (a message:new event, or the
 * {"message":{...}} of a message:send ack) and stores the number: the send stamp. Returns 0,
 * or -1 when there is no such field or it does not start with digits. */
int lg_message_time(const uint8_t *p, size_t n, uint64_t *t_ns);

/* Parses an ACK packet 43<id>[<answer>]. Stores the ack id, and whether the answer is an error
 * object {"error":...}; on an error, copies its "code" (letters, digits and '_' only, at most
 * code_cap - 1 of them, NUL-terminated) into code when code_cap > 0. Returns 0, or -1 when the
 * packet is not an ack of that shape. */
int lg_ack_parse(const uint8_t *p, size_t n, uint32_t *ack_id, bool *is_error, char *code,
                 size_t code_cap);

#endif
