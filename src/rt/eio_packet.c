/* Engine.IO v4 packet codec: see eio_packet.h. */
#include "rt/eio_packet.h"

#include "core/base64.h"
#include "core/errors.h"
#include "core/json_writer.h"

#include <stdint.h>
#include <string.h>

/* pos value of an iterator that hit a malformed packet: keeps the error sticky. */
#define ITER_FAILED SIZE_MAX

/* Shared by both transports: a type digit then the payload, borrowed from s. */
static int decode_typed(const char *s, size_t len, oc_eio_packet_t *out)
{
    if (len == 0 || s[0] < '0' || s[0] > '6')
        return OC_EPROTO;
    out->type = (oc_eio_type_t)(s[0] - '0');
    out->binary = false;
    out->data = s + 1;
    out->len = len - 1;
    return 0;
}

int oc_eio_decode_text(const char *s, size_t len, oc_eio_packet_t *out)
{
    return decode_typed(s, len, out);
}

void oc_eio_payload_iter_init(oc_eio_payload_iter_t *it, const char *body, size_t len)
{
    it->body = body;
    it->len = len;
    it->pos = 0;
    it->done = false;
}

static int fail(oc_eio_payload_iter_t *it)
{
    it->done = true;
    it->pos = ITER_FAILED;
    return OC_EPROTO;
}

int oc_eio_payload_next(oc_eio_payload_iter_t *it, oc_eio_packet_t *out, oc_buf_t *scratch)
{
    if (it->done)
        return it->pos == ITER_FAILED ? OC_EPROTO : 0;

    /* Like engine.io-parser's split on 0x1e, an empty body is one empty packet (an error),
     * not zero packets, and a trailing separator announces one more (empty) packet. */
    /* An empty body may come as NULL, and NULL + 0 is still undefined in C. */
    const char *start = it->body ? it->body + it->pos : NULL;
    size_t rest = it->len - it->pos;
    const char *sep = rest ? memchr(start, OC_EIO_SEPARATOR, rest) : NULL;
    size_t plen = sep ? (size_t)(sep - start) : rest;
    if (sep) {
        it->pos += plen + 1;
    } else {
        it->pos = it->len;
        it->done = true;
    }

    if (plen > 0 && start[0] == 'b') {
        /* The decoder needs len / 4 * 3 bytes; one spare keeps data non-NULL when empty. */
        size_t b64_len = plen - 1;
        scratch->len = 0;
        oc_buf_reserve(scratch, b64_len / 4 * 3 + 1);
        size_t n = 0;
        if (oc_base64_decode(start + 1, b64_len, (uint8_t *)scratch->data, &n) != 0)
            return fail(it);
        scratch->len = n;
        out->type = OC_EIO_MESSAGE;
        out->binary = true;
        out->data = scratch->data;
        out->len = n;
        return 1;
    }
    if (decode_typed(start, plen, out) != 0)
        return fail(it);
    return 1;
}

void oc_eio_encode_open(oc_buf_t *out, const char *sid, bool upgrade_websocket,
                        unsigned ping_interval_ms, unsigned ping_timeout_ms, unsigned max_payload)
{
    oc_buf_append_str(out, "0{\"sid\":");
    oc_json_append_cstr(out, sid);
    oc_buf_append_str(out,
                      upgrade_websocket ? ",\"upgrades\":[\"websocket\"]" : ",\"upgrades\":[]");
    oc_buf_append_str(out, ",\"pingInterval\":");
    oc_buf_append_u64(out, ping_interval_ms);
    oc_buf_append_str(out, ",\"pingTimeout\":");
    oc_buf_append_u64(out, ping_timeout_ms);
    oc_buf_append_str(out, ",\"maxPayload\":");
    oc_buf_append_u64(out, max_payload);
    oc_buf_append_char(out, '}');
}
