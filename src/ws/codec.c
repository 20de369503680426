/* WebSocket framing: see codec.h.
 *
 * The reader never copies an unfragmented frame: it unmasks the payload where it lies in
 * the caller's read buffer and hands out a pointer. Only fragmented messages, rare from
 * browsers, are assembled in the reader's own buffer, which is freed after each message so
 * that idle connections do not each hold max_message bytes. A header is judged as soon as
 * it is complete, before its payload arrives, so a client cannot make the server buffer a
 * frame it will refuse anyway. */
#include "ws/codec.h"

#include "core/errors.h"

#include <string.h>

/* A parsed frame header. */
typedef struct header {
    bool fin;
    bool masked;
    uint8_t rsv; /* RSV1-3 bits, still in place */
    uint8_t opcode;
    uint8_t len7; /* the 7-bit length field: 126 and 127 announce an extended length */
    uint64_t payload_len;
    size_t size; /* header bytes, extended length and mask included */
} header_t;

static uint16_t load_be16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static uint64_t load_be64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = v << 8 | p[i];
    return v;
}

static void store_be16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

size_t oc_ws_header_encode(uint8_t out[10], uint8_t opcode, bool fin, uint64_t payload_len)
{
    out[0] = (uint8_t)((fin ? 0x80 : 0) | (opcode & 0x0F));
    if (payload_len < 126) {
        out[1] = (uint8_t)payload_len;
        return 2;
    }
    if (payload_len <= 0xFFFF) {
        out[1] = 126;
        store_be16(out + 2, (uint16_t)payload_len);
        return 4;
    }
    out[1] = 127;
    for (int i = 0; i < 8; i++)
        out[2 + i] = (uint8_t)(payload_len >> (56 - 8 * i));
    return 10;
}

oc_frame_t *oc_ws_frame_new(uint8_t opcode, const void *payload, size_t len)
{
    uint8_t hdr[10];
    size_t hdr_len = oc_ws_header_encode(hdr, opcode, true, len);
    oc_frame_t *f = oc_frame_new(hdr_len + len);
    memcpy(f->data, hdr, hdr_len);
    if (len > 0)
        memcpy(f->data + hdr_len, payload, len);
    f->ws_hdr = (uint8_t)hdr_len;
    f->binary = opcode == OC_WS_OP_BINARY;
    return f;
}

oc_frame_t *oc_ws_close_frame_new(uint16_t code, const char *reason)
{
    uint8_t payload[OC_WS_MAX_CONTROL];
    size_t reason_len = reason ? strlen(reason) : 0;
    reason_len = oc_utf8_truncate(reason, reason_len, sizeof(payload) - 2);
    store_be16(payload, code);
    if (reason_len > 0)
        memcpy(payload + 2, reason, reason_len);
    return oc_ws_frame_new(OC_WS_OP_CLOSE, payload, 2 + reason_len);
}

/* Parses the header at buf[0..len) without judging it; false while it is incomplete. */
static bool header_parse(const uint8_t *buf, size_t len, header_t *h)
{
    if (len < 2)
        return false;
    h->fin = buf[0] & 0x80;
    h->rsv = buf[0] & 0x70;
    h->opcode = buf[0] & 0x0F;
    h->masked = buf[1] & 0x80;
    h->len7 = buf[1] & 0x7F;
    h->size = 2 + (h->len7 == 126 ? 2 : h->len7 == 127 ? 8 : 0) + (h->masked ? 4 : 0);
    if (len < h->size)
        return false;
    if (h->len7 == 126)
        h->payload_len = load_be16(buf + 2);
    else if (h->len7 == 127)
        h->payload_len = load_be64(buf + 2);
    else
        h->payload_len = h->len7;
    return true;
}

uint64_t oc_ws_frame_size(const uint8_t *buf, size_t len)
{
    header_t h;
    if (!header_parse(buf, len, &h))
        return 0;
    if (h.payload_len > UINT64_MAX - h.size)
        return UINT64_MAX;
    return h.size + h.payload_len;
}

/* The close code a header deserves before its payload is even read, or 0 if it is fine. */
static uint16_t header_check(const oc_ws_reader_t *r, const header_t *h)
{
    /* No extension was negotiated, so no reserved bit may be set. */
    if (h->rsv != 0 || !h->masked)
        return OC_WS_CLOSE_PROTOCOL_ERROR;
    /* Lengths must use the shortest encoding; the 64-bit form keeps its top bit clear. */
    if (h->len7 == 126 && h->payload_len < 126)
        return OC_WS_CLOSE_PROTOCOL_ERROR;
    if (h->len7 == 127 && (h->payload_len <= 0xFFFF || h->payload_len >> 63))
        return OC_WS_CLOSE_PROTOCOL_ERROR;
    switch (h->opcode) {
    case OC_WS_OP_CLOSE:
    case OC_WS_OP_PING:
    case OC_WS_OP_PONG:
        /* Control frames may sit between fragments, so they must be short and whole. */
        if (!h->fin || h->payload_len > OC_WS_MAX_CONTROL)
            return OC_WS_CLOSE_PROTOCOL_ERROR;
        return 0;
    case OC_WS_OP_CONT:
        if (!r->in_message)
            return OC_WS_CLOSE_PROTOCOL_ERROR;
        break;
    case OC_WS_OP_TEXT:
    case OC_WS_OP_BINARY:
        if (r->in_message)
            return OC_WS_CLOSE_PROTOCOL_ERROR;
        break;
    default: return OC_WS_CLOSE_PROTOCOL_ERROR;
    }
    /* message.len <= max_message always holds, so the subtraction cannot wrap. */
    size_t held = r->in_message ? r->message.len : 0;
    if (h->payload_len > r->max_message - held)
        return OC_WS_CLOSE_TOO_BIG;
    return 0;
}

/* Codes a peer may put on the wire (RFC 6455 section 7.4). 1005, 1006 and 1015 only
 * describe a close locally; 1004 and 1012-2999 are reserved or unassigned here. */
static bool close_code_valid(uint16_t code)
{
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1011) ||
           (code >= 3000 && code <= 4999);
}

static int reader_fail(oc_ws_reader_t *r, uint16_t close_code)
{
    r->close_code = close_code;
    return close_code == OC_WS_CLOSE_TOO_BIG ? OC_E2BIG : OC_EPROTO;
}

/* XORs the payload with the 4-byte key, eight bytes at a time. memcpy makes the word loads
 * safe at any alignment and compiles to plain loads where the CPU allows it. Each frame has
 * its own key starting at phase 0 and the reader only unmasks whole frames, so no phase
 * carries over between calls. */
static void unmask(uint8_t *p, size_t len, const uint8_t key[4])
{
    uint8_t key8[8] = {key[0], key[1], key[2], key[3], key[0], key[1], key[2], key[3]};
    uint64_t mask;
    size_t i = 0;

    memcpy(&mask, key8, 8);
    for (; len - i >= 8; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        w ^= mask;
        memcpy(p + i, &w, 8);
    }
    for (; i < len; i++)
        p[i] ^= key8[i & 3];
}

static int deliver_message(const oc_ws_reader_callbacks_t *cb, void *ctx, bool binary,
                           const uint8_t *data, size_t len)
{
    if (cb->on_message == NULL)
        return 0;
    return cb->on_message(ctx, binary, data, len) ? OC_ECANCELED : 0;
}

static int deliver_data(oc_ws_reader_t *r, const header_t *h, const uint8_t *payload, size_t len,
                        const oc_ws_reader_callbacks_t *cb, void *ctx)
{
    if (h->opcode != OC_WS_OP_CONT) {
        if (h->fin) {
            if (h->opcode == OC_WS_OP_TEXT && !oc_utf8_valid(payload, len))
                return reader_fail(r, OC_WS_CLOSE_INVALID_DATA);
            return deliver_message(cb, ctx, h->opcode == OC_WS_OP_BINARY, payload, len);
        }
        r->in_message = true;
        r->message_binary = h->opcode == OC_WS_OP_BINARY;
        oc_utf8_init(&r->utf8);
    }
    /* Validate each fragment as it comes, so bad text fails before the rest arrives. */
    if (!r->message_binary && oc_utf8_feed(&r->utf8, payload, len) != 0)
        return reader_fail(r, OC_WS_CLOSE_INVALID_DATA);
    oc_buf_append(&r->message, payload, len);
    if (!h->fin)
        return 0;
    if (!r->message_binary && !oc_utf8_complete(&r->utf8))
        return reader_fail(r, OC_WS_CLOSE_INVALID_DATA);
    r->in_message = false;
    const uint8_t *data = r->message.data ? (const uint8_t *)r->message.data : payload;
    int rc = deliver_message(cb, ctx, r->message_binary, data, r->message.len);
    oc_buf_free(&r->message);
    return rc;
}

static int deliver_close(oc_ws_reader_t *r, const uint8_t *payload, size_t len,
                         const oc_ws_reader_callbacks_t *cb, void *ctx)
{
    uint16_t code = OC_WS_CLOSE_NO_STATUS;
    if (len == 1)
        return reader_fail(r, OC_WS_CLOSE_PROTOCOL_ERROR);
    if (len >= 2) {
        code = load_be16(payload);
        if (!close_code_valid(code))
            return reader_fail(r, OC_WS_CLOSE_PROTOCOL_ERROR);
        payload += 2;
        len -= 2;
        if (!oc_utf8_valid(payload, len))
            return reader_fail(r, OC_WS_CLOSE_INVALID_DATA);
    }
    r->closed = true;
    if (cb->on_close == NULL)
        return 0;
    return cb->on_close(ctx, code, (const char *)payload, len) ? OC_ECANCELED : 0;
}

static int deliver(oc_ws_reader_t *r, const header_t *h, const uint8_t *payload, size_t len,
                   const oc_ws_reader_callbacks_t *cb, void *ctx)
{
    int (*on_control)(void *, const uint8_t *, size_t);
    switch (h->opcode) {
    case OC_WS_OP_CLOSE: return deliver_close(r, payload, len, cb, ctx);
    case OC_WS_OP_PING: on_control = cb->on_ping; break;
    case OC_WS_OP_PONG: on_control = cb->on_pong; break;
    default: return deliver_data(r, h, payload, len, cb, ctx);
    }
    if (on_control == NULL)
        return 0;
    return on_control(ctx, payload, len) ? OC_ECANCELED : 0;
}

void oc_ws_reader_init(oc_ws_reader_t *r, size_t max_message)
{
    memset(r, 0, sizeof(*r));
    r->max_message = max_message;
    oc_utf8_init(&r->utf8);
}

void oc_ws_reader_free(oc_ws_reader_t *r)
{
    if (r == NULL)
        return;
    oc_buf_free(&r->message);
    r->in_message = false;
}

int oc_ws_reader_feed(oc_ws_reader_t *r, uint8_t *buf, size_t len, size_t *consumed,
                      const oc_ws_reader_callbacks_t *cb, void *ctx)
{
    size_t off = 0;

    *consumed = 0;
    if (r->close_code != 0)
        return reader_fail(r, r->close_code);
    while (!r->closed) {
        header_t h;
        if (len - off < 2 || !header_parse(buf + off, len - off, &h))
            return 0; /* the length test first also spares NULL + 0 for an empty buffer */
        uint16_t code = header_check(r, &h);
        if (code != 0)
            return reader_fail(r, code);
        if (h.payload_len > len - off - h.size)
            return 0; /* header_check bounded payload_len, so it fits in size_t */
        uint8_t *payload = buf + off + h.size;
        size_t payload_len = (size_t)h.payload_len;
        unmask(payload, payload_len, payload - 4);
        off += h.size + payload_len;
        *consumed = off;
        int rc = deliver(r, &h, payload, payload_len, cb, ctx);
        if (rc != 0)
            return rc;
    }
    /* After a close frame the peer must send nothing; whatever it does send is dropped. */
    *consumed = len;
    return 0;
}
