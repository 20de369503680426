/* Socket.IO v5 packet codec: the text of one packet, as carried in an Engine.IO message.
 *
 *   <type>[<attachments>-][<namespace>,][<ack id>][<JSON payload>]
 *   e.g.  2["hello","world"]   52-/admin,7["up",{"_placeholder":true,"num":0},{...}]
 *
 * Decoding validates the packet like socket.io-parser (stricter where it is sloppy) and
 * returns borrowed slices: it never allocates and never builds a JSON tree. Encoding writes
 * only the head; the caller appends the JSON payload it already has. The binary attachments
 * that follow a BINARY_* packet, namespaces, acks and events are the Socket.IO session
 * layer's business, not this module's. */
#ifndef OC_RT_SIO_PACKET_H
#define OC_RT_SIO_PACKET_H

#include "core/buf.h"
#include "core/json_scan.h"

#include <stddef.h>
#include <stdint.h>

typedef enum {
    OC_SIO_CONNECT = 0,
    OC_SIO_DISCONNECT,
    OC_SIO_EVENT,
    OC_SIO_ACK,
    OC_SIO_CONNECT_ERROR,
    OC_SIO_BINARY_EVENT,
    OC_SIO_BINARY_ACK
} oc_sio_type_t;

#define OC_SIO_MAX_ARGS        32
#define OC_SIO_MAX_ATTACHMENTS 10
/* Longest namespace name accepted, in bytes, leading '/' included. */
#define OC_SIO_MAX_NSP_LEN 256
/* Most digits in an ack id: 15 keep it below 2^53, an exact integer for JavaScript peers. */
#define OC_SIO_MAX_ID_DIGITS 15

/* A decoded packet. Every pointer borrows the input given to oc_sio_decode (except the static
 * "/" of an absent namespace), so it lives as long as that input. */
typedef struct oc_sio_packet {
    oc_sio_type_t type;
    uint32_t attachments; /* BINARY_* only (1..OC_SIO_MAX_ATTACHMENTS), else 0 */
    const char *nsp;      /* "/" (static string) when absent; not NUL-terminated */
    size_t nsp_len;
    int64_t id;                            /* ack id, -1 when absent */
    const char *data;                      /* the JSON payload value, NULL when absent */
    size_t data_len;                       /* 0 when absent */
    size_t argc;                           /* EVENT/ACK (and BINARY_*): number of array elements,
                                              may exceed OC_SIO_MAX_ARGS; 0 for other types */
    oc_json_slice_t argv[OC_SIO_MAX_ARGS]; /* the first elements; for events argv[0] is the
                                              event name */
} oc_sio_packet_t;

/* Decodes one Socket.IO packet: s[0..len) is the Engine.IO message payload, without the
 * leading '4', borrowed for as long as *out is used. Checks, like socket.io-parser:
 *  - the type digit is 0-6;
 *  - "<n>-" attachments appear for BINARY_* only, n is 1..OC_SIO_MAX_ATTACHMENTS written
 *    without leading zeros, and the payload holds exactly n placeholders numbered 0..n-1
 *    (oc_sio_placeholders_check);
 *  - the namespace runs from '/' to ',' or the end, at most OC_SIO_MAX_NSP_LEN bytes;
 *  - the ack id is 1..OC_SIO_MAX_ID_DIGITS ASCII digits;
 *  - the payload is one valid JSON value (white space around it allowed; out->data excludes
 *    it) that suits the type: CONNECT an object or absent; DISCONNECT absent; EVENT and
 *    BINARY_EVENT a non-empty array whose first element is a number or a string other than
 *    a reserved event name ("connect", "connect_error", "disconnect", "disconnecting",
 *    "newListener", "removeListener"); ACK and BINARY_ACK an array; CONNECT_ERROR an object
 *    or a string.
 * Returns 0, or OC_EPROTO for anything else (*out is then unspecified). */
int oc_sio_decode(const char *s, size_t len, oc_sio_packet_t *out);

/* Appends the packet head to out: the type digit, "<n>-" when attachments > 0, "<nsp>," when
 * nsp is neither "/" nor empty, then the ack id when id >= 0. nsp[0..nsp_len) is borrowed for
 * the call. The caller appends the JSON payload. */
void oc_sio_encode_head(oc_buf_t *out, oc_sio_type_t type, uint32_t attachments, const char *nsp,
                        size_t nsp_len, int64_t id);

/* If the slice is a binary placeholder object {"_placeholder":true,"num":N} (exactly these two
 * members in any order, white space allowed, N a non-negative integer without fraction or
 * exponent), returns N; else -1 (also when N does not fit an int). The slice must come from
 * the JSON scanner (validated text), e.g. an argv element of a decoded packet. */
int oc_sio_placeholder_num(const oc_json_slice_t *value);

/* Counts the placeholders anywhere inside json[0..len) (nested arrays and objects) and checks
 * their nums are exactly 0..n-1, each once. Returns n (0..OC_SIO_MAX_ATTACHMENTS), or
 * OC_EPROTO for invalid JSON, a num used twice or missing, more than OC_SIO_MAX_ATTACHMENTS
 * placeholders, or an object whose "_placeholder" member is true but that is not an exact
 * placeholder (socket.io-parser would treat it as one). Does not allocate. */
int oc_sio_placeholders_check(const char *json, size_t len);

#endif
