/* Client-side WebSocket framing, the upgrade handshake, and the Engine.IO / Socket.IO packets
 * the load generator sends and reads in both scenarios (fan-out and chat). Every function
 * works on the caller's bytes in place: the load generator must spend far less CPU per
 * delivery than the server it measures, so nothing here copies a received frame or
 * allocates. See wire.h for the contracts. */
#include "wire.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

int lg_ws_frame_parse(uint8_t *buf, size_t n, size_t max_payload, lg_ws_frame_t *out)
{
    if (n < 2)
        return 0;
    uint8_t b0 = buf[0], b1 = buf[1];
    if (b0 & 0x70) /* RSV bits: no extension was negotiated */
        return -1;
    size_t head = 2;
    uint64_t len = b1 & 0x7f;
    if (len == 126) {
        if (n < 4)
            return 0;
        len = ((uint64_t)buf[2] << 8) | buf[3];
        head = 4;
    } else if (len == 127) {
        if (n < 10)
            return 0;
        len = 0;
        for (int i = 0; i < 8; i++)
            len = (len << 8) | buf[2 + i];
        head = 10;
    }
    bool masked = b1 & 0x80;
    if (masked)
        head += 4;
    if (len > max_payload)
        return -1;
    if (n < head || n - head < len)
        return 0;
    out->opcode = b0 & 0x0f;
    out->fin = b0 & 0x80;
    out->payload = buf + head;
    out->len = (size_t)len;
    out->frame_len = head + (size_t)len;
    if (masked) {
        const uint8_t *key = buf + head - 4;
        for (size_t i = 0; i < out->len; i++)
            out->payload[i] ^= key[i & 3];
    }
    return 1;
}

size_t lg_ws_frame_encode(uint8_t *out, uint8_t opcode, const void *payload, size_t len,
                          uint32_t mask)
{
    size_t head = 0;
    out[head++] = 0x80 | opcode;
    if (len < 126) {
        out[head++] = 0x80 | (uint8_t)len;
    } else if (len <= 0xffff) {
        out[head++] = 0x80 | 126;
        out[head++] = (uint8_t)(len >> 8);
        out[head++] = (uint8_t)len;
    } else {
        out[head++] = 0x80 | 127;
        for (int i = 7; i >= 0; i--)
            out[head++] = (uint8_t)((uint64_t)len >> (8 * i));
    }
    uint8_t key[4] = {(uint8_t)(mask >> 24), (uint8_t)(mask >> 16), (uint8_t)(mask >> 8),
                      (uint8_t)mask};
    memcpy(out + head, key, 4);
    head += 4;
    const uint8_t *src = payload;
    for (size_t i = 0; i < len; i++)
        out[head + i] = src[i] ^ key[i & 3];
    return head + len;
}

size_t lg_http_upgrade_request(char *out, size_t cap, const char *host, int port)
{
    /* The key is the RFC 6455 example nonce: servers only hash it back, and a benchmark has
     * no cache or proxy in between that a fixed key could confuse. */
    int n = snprintf(out, cap,
                     "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n"
                     "Host: %s:%d\r\n"
                     "Upgrade: websocket\r\n"
                     "Connection: Upgrade\r\n"
                     "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                     "Sec-WebSocket-Version: 13\r\n"
                     "\r\n",
                     host, port);
    return n > 0 && (size_t)n < cap ? (size_t)n : 0;
}

long lg_http_upgrade_response(const uint8_t *buf, size_t n)
{
    const size_t max_head = 8192;
    size_t limit = n < max_head ? n : max_head;
    for (size_t i = 3; i < limit; i++) {
        if (buf[i] == '\n' && buf[i - 1] == '\r' && buf[i - 2] == '\n' && buf[i - 3] == '\r') {
            /* "HTTP/1.1 101 Switching Protocols": only the status code matters. */
            if (i < 12 || memcmp(buf, "HTTP/1.", 7) != 0 || memcmp(buf + 8, " 101", 4) != 0)
                return -1;
            return (long)(i + 1);
        }
    }
    return n < max_head ? 0 : -1;
}

lg_packet_t lg_packet_classify(const uint8_t *p, size_t n)
{
    if (n == 0)
        return LG_PKT_OTHER;
    switch (p[0]) {
    case '0': return LG_PKT_EIO_OPEN;
    case '1': return LG_PKT_EIO_CLOSE;
    case '2': return LG_PKT_EIO_PING;
    case '4':
        if (n < 2)
            return LG_PKT_OTHER;
        switch (p[1]) {
        case '0': return LG_PKT_SIO_CONNECT;
        case '2': return LG_PKT_SIO_EVENT;
        case '3': return LG_PKT_SIO_ACK;
        case '4': return LG_PKT_SIO_ERROR;
        default: return LG_PKT_OTHER;
        }
    default: return LG_PKT_OTHER;
    }
}

static int parse_digits(const uint8_t *p, const uint8_t *end, uint64_t *value)
{
    uint64_t v = 0;
    const uint8_t *start = p;
    while (p < end && *p >= '0' && *p <= '9' && p - start < 20)
        v = v * 10 + (uint64_t)(*p++ - '0');
    if (p == start)
        return -1;
    *value = v;
    return 0;
}

int lg_event_time(const uint8_t *p, size_t n, uint64_t *t_ns)
{
    static const char shape[] = "42[\"message\",{\"t\":";
    const size_t shape_len = sizeof(shape) - 1;
    const uint8_t *end = p + n;
    if (n > shape_len && memcmp(p, shape, shape_len) == 0)
        return parse_digits(p + shape_len, end, t_ns);
    /* Another key order or extra arguments: fall back to a scan of this one event. */
    const uint8_t *hit = memmem(p, n, "\"t\":", 4);
    if (!hit)
        return -1;
    return parse_digits(hit + 4, end, t_ns);
}

/* Writes v in decimal at out and returns the number of digits (at most 20). */
static size_t put_u64(char *out, uint64_t v)
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

static size_t put_str(char *out, const char *s)
{
    size_t n = strlen(s);
    memcpy(out, s, n);
    return n;
}

size_t lg_broadcast_payload_overhead(uint64_t t_ns)
{
    char digits[20];
    /* {"t":<digits>,"pad":""} */
    return 5 + put_u64(digits, t_ns) + 10;
}

size_t lg_broadcast_encode(char *out, size_t cap, uint32_t room, uint64_t t_ns, size_t pad_len)
{
    /* 42["broadcast","r<10 digits>",{"t":<20 digits>,"pad":"<pad>"}] */
    if (cap < 64 + pad_len)
        return 0;
    size_t n = put_str(out, "42[\"broadcast\",\"r");
    n += put_u64(out + n, room);
    n += put_str(out + n, "\",{\"t\":");
    n += put_u64(out + n, t_ns);
    n += put_str(out + n, ",\"pad\":\"");
    memset(out + n, 'x', pad_len);
    n += pad_len;
    n += put_str(out + n, "\"}]");
    return n;
}

size_t lg_join_encode(char *out, size_t cap, uint32_t room)
{
    if (cap < 32)
        return 0;
    size_t n = put_str(out, "42[\"join\",\"r");
    n += put_u64(out + n, room);
    n += put_str(out + n, "\"]");
    return n;
}

size_t lg_sio_connect_encode(char *out, size_t cap, const char *token)
{
    size_t len = strlen(token);
    if (cap < len + 16)
        return 0;
    size_t n = put_str(out, "40{\"token\":\"");
    memcpy(out + n, token, len);
    n += len;
    n += put_str(out + n, "\"}");
    return n;
}

size_t lg_chat_send_encode(char *out, size_t cap, uint32_t ack_id, const char *channel_id,
                           uint64_t t_ns, size_t pad_len, const char *nonce_prefix)
{
    /* 42<10>["message:send",{"channel_id":"<id>","content":"<20> <pad>","nonce":"<p>-<10>"}] */
    if (cap < 96 + strlen(channel_id) + pad_len + strlen(nonce_prefix))
        return 0;
    size_t n = put_str(out, "42");
    n += put_u64(out + n, ack_id);
    n += put_str(out + n, "[\"message:send\",{\"channel_id\":\"");
    n += put_str(out + n, channel_id);
    n += put_str(out + n, "\",\"content\":\"");
    n += put_u64(out + n, t_ns);
    out[n++] = ' ';
    memset(out + n, 'x', pad_len);
    n += pad_len;
    n += put_str(out + n, "\",\"nonce\":\"");
    n += put_str(out + n, nonce_prefix);
    out[n++] = '-';
    n += put_u64(out + n, ack_id);
    n += put_str(out + n, "\"}]");
    return n;
}

/* Skips the "4x" type, an optional ack id and the opening bracket of the arguments: the
 * position of the first argument, or NULL. */
static const uint8_t *sio_args(const uint8_t *p, const uint8_t *end)
{
    if (end - p < 3)
        return NULL;
    p += 2;
    while (p < end && *p >= '0' && *p <= '9')
        p++;
    return p < end && *p == '[' ? p + 1 : NULL;
}

bool lg_event_is(const uint8_t *p, size_t n, const char *name)
{
    const uint8_t *end = p + n;
    if (lg_packet_classify(p, n) != LG_PKT_SIO_EVENT)
        return false;
    const uint8_t *a = sio_args(p, end);
    size_t len = strlen(name);
    if (!a || (size_t)(end - a) < len + 2 || a[0] != '"')
        return false;
    return memcmp(a + 1, name, len) == 0 && a[1 + len] == '"';
}

int lg_message_time(const uint8_t *p, size_t n, uint64_t *t_ns)
{
    static const char key[] = "\"content\":\"";
    const uint8_t *hit = memmem(p, n, key, sizeof(key) - 1);
    if (!hit)
        return -1;
    return parse_digits(hit + sizeof(key) - 1, p + n, t_ns);
}

int lg_ack_parse(const uint8_t *p, size_t n, uint32_t *ack_id, bool *is_error, char *code,
                 size_t code_cap)
{
    const uint8_t *end = p + n;
    uint64_t id;
    if (lg_packet_classify(p, n) != LG_PKT_SIO_ACK || parse_digits(p + 2, end, &id) != 0 ||
        id > UINT32_MAX)
        return -1;
    const uint8_t *a = sio_args(p, end);
    if (!a)
        return -1;
    static const char err[] = "{\"error\":";
    *ack_id = (uint32_t)id;
    *is_error = (size_t)(end - a) >= sizeof(err) - 1 && memcmp(a, err, sizeof(err) - 1) == 0;
    if (code_cap == 0)
        return 0;
    code[0] = '\0';
    if (!*is_error)
        return 0;
    static const char key[] = "\"code\":\"";
    const uint8_t *hit = memmem(a, (size_t)(end - a), key, sizeof(key) - 1);
    if (!hit)
        return 0;
    size_t k = 0;
    for (const uint8_t *c = hit + sizeof(key) - 1; c < end && k + 1 < code_cap; c++) {
        bool word = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
                    (*c >= '0' && *c <= '9') || *c == '_';
        if (!word)
            break;
        code[k++] = (char)*c;
    }
    code[k] = '\0';
    return 0;
}
