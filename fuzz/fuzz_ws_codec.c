/* libFuzzer harness for the WebSocket reader (src/ws/codec.c) and the UTF-8 validator.
 *
 * Input: byte 0 picks how the rest is cut into reads; bytes 1.. are client bytes. The rest
 * is fed to a reader (max_message 64 KiB) once in a single read and once in reads whose
 * sizes derive from byte 0, the way a connection keeps an unconsumed tail; both runs must
 * report the same events and the same result. Delivered text and close reasons must be
 * UTF-8, and oc_utf8_valid must agree with the incremental validator fed in the same
 * pieces. Bit 2 of byte 0 makes every callback stop the reader, which is then resumed.
 * Any disagreement aborts. Seeds are in fuzz/corpus/ws_codec/. */
#include "core/alloc.h"
#include "core/buf.h"
#include "core/errors.h"
#include "core/utf8.h"
#include "ws/codec.h"

#include <stdlib.h>
#include <string.h>

#define MAX_MESSAGE 65536

/* What one run saw: a running hash of every event, and how it ended. */
typedef struct digest {
    uint64_t hash;
    unsigned events;
    int rc;
    uint16_t close_code;
    bool stop; /* every callback asks the reader to stop, to test resuming */
} digest_t;

static void mix(digest_t *d, uint64_t v)
{
    d->hash = (d->hash ^ v) * 0x100000001B3ull; /* FNV-1a step */
}

static int record(digest_t *d, unsigned kind, const uint8_t *data, size_t len)
{
    mix(d, kind);
    mix(d, len);
    for (size_t i = 0; i < len; i++)
        mix(d, data[i]);
    d->events++;
    return d->stop;
}

static int on_message(void *ctx, bool binary, const uint8_t *data, size_t len)
{
    if (len > MAX_MESSAGE || (!binary && !oc_utf8_valid(data, len)))
        abort();
    /* The server's own framing of it must parse back to its own size. */
    oc_frame_t *f = oc_ws_frame_new(binary ? OC_WS_OP_BINARY : OC_WS_OP_TEXT, data, len);
    if (oc_ws_frame_size((const uint8_t *)f->data, f->len) != f->len ||
        memcmp(oc_frame_payload(f), data, len) != 0)
        abort();
    oc_frame_unref(f);
    return record(ctx, binary ? 1 : 2, data, len);
}

static int on_ping(void *ctx, const uint8_t *data, size_t len)
{
    return record(ctx, 3, data, len);
}

static int on_pong(void *ctx, const uint8_t *data, size_t len)
{
    return record(ctx, 4, data, len);
}

static int on_close(void *ctx, uint16_t code, const char *reason, size_t reason_len)
{
    if (!oc_utf8_valid(reason, reason_len) || reason_len > 123 || code < 1000 || code > 4999)
        abort();
    /* Echoing it back must give a close frame whose reason is a UTF-8 prefix of this one. */
    char *copy = oc_xstrndup(reason, reason_len);
    oc_frame_t *f = oc_ws_close_frame_new(code, copy);
    size_t echoed = oc_frame_payload_len(f) - 2;
    if (f->len > 2 + OC_WS_MAX_CONTROL || echoed > strlen(copy) ||
        memcmp(oc_frame_payload(f) + 2, copy, echoed) != 0 ||
        !oc_utf8_valid(oc_frame_payload(f) + 2, echoed))
        abort();
    oc_frame_unref(f);
    free(copy);
    mix(ctx, code);
    return record(ctx, 5, (const uint8_t *)reason, reason_len);
}

static const oc_ws_reader_callbacks_t callbacks = {on_message, on_ping, on_pong, on_close};

/* Size of the next read: the seed's bits pick lengths from 1 byte to a few KiB, so both
 * byte-by-byte trickles and frames split once or twice are common. */
static size_t next_chunk(uint32_t *rng, uint8_t seed)
{
    *rng = *rng * 1103515245u + 12345u;
    size_t r = *rng >> 16;
    switch (seed & 3) {
    case 0: return 1 + r % 4;
    case 1: return 1 + r % 17;
    case 2: return 1 + r % 300;
    default: return 1 + r % 5000;
    }
}

/* Feeds what is pending, resuming after each callback that asked to stop, and drops the
 * bytes consumed. Returns 0 or the reader's error. */
static int feed(oc_ws_reader_t *r, oc_buf_t *pending, digest_t *d)
{
    int rc;
    do {
        size_t consumed = 0;
        rc = oc_ws_reader_feed(r, (uint8_t *)pending->data, pending->len, &consumed, &callbacks, d);
        if (consumed > pending->len)
            abort();
        if (rc == 0 || rc == OC_ECANCELED)
            oc_buf_consume(pending, consumed);
    } while (rc == OC_ECANCELED);
    return rc;
}

static digest_t run(const uint8_t *wire, size_t len, uint8_t seed, bool split)
{
    digest_t d = {0xCBF29CE484222325ull, 0, 0, 0, seed & 4};
    oc_ws_reader_t r;
    oc_buf_t pending = OC_BUF_INIT;
    uint32_t rng = seed;
    size_t pos = 0;

    oc_ws_reader_init(&r, MAX_MESSAGE);
    do {
        size_t n = split ? next_chunk(&rng, seed) : len;
        n = OC_MIN(n, len - pos);               /* not in one expression: OC_MIN evaluates twice */
        oc_buf_append(&pending, wire + pos, n); /* a copy: the reader unmasks in place */
        pos += n;
        d.rc = feed(&r, &pending, &d);
        if (d.rc != 0) {
            /* An error is final: the next call refuses at once, consuming nothing. */
            size_t consumed = 1;
            if (oc_ws_reader_feed(&r, (uint8_t *)pending.data, pending.len, &consumed, &callbacks,
                                  &d) != d.rc ||
                consumed != 0)
                abort();
            d.close_code = r.close_code;
            break;
        }
        /* What is left must be part of one frame the caller is allowed to hold. */
        uint64_t need = oc_ws_frame_size((const uint8_t *)pending.data, pending.len);
        if ((need != 0 && need <= pending.len) || need > MAX_MESSAGE + OC_WS_MAX_HEADER)
            abort();
    } while (pos < len);
    oc_ws_reader_free(&r);
    oc_buf_free(&pending);
    return d;
}

/* The whole-buffer validator and the incremental one fed in pieces must agree. */
static void check_utf8(const uint8_t *data, size_t len, uint8_t seed)
{
    oc_utf8_state_t st;
    uint32_t rng = seed;
    size_t pos = 0;
    int rc = 0;

    oc_utf8_init(&st);
    while (pos < len && rc == 0) {
        size_t n = next_chunk(&rng, seed);
        n = OC_MIN(n, len - pos);
        rc = oc_utf8_feed(&st, data + pos, n);
        pos += n;
    }
    bool incremental = rc == 0 && oc_utf8_complete(&st);
    if (incremental != oc_utf8_valid(data, len) || (rc != 0 && oc_utf8_complete(&st)))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    uint8_t seed = data[0];
    const uint8_t *wire = data + 1;
    size_t len = size - 1;

    digest_t whole = run(wire, len, seed, false);
    digest_t pieces = run(wire, len, seed, true);
    if (whole.hash != pieces.hash || whole.events != pieces.events || whole.rc != pieces.rc ||
        whole.close_code != pieces.close_code)
        abort();
    check_utf8(wire, len, seed);
    return 0;
}
