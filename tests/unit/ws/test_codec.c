/* Unit tests for src/ws/codec.c: exact header bytes at the length boundaries, the RFC 6455
 * section 5.7 examples, every protocol violation with the close code it must produce, and
 * the reader's promise that any split of the input into reads gives the same events. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/alloc.h"
#include "core/errors.h"
#include "ws/codec.h"

#include <stdlib.h>
#include <string.h>

static const uint8_t mask_key[4] = {0x37, 0xfa, 0x21, 0x3d}; /* the key of RFC 6455 5.7 */

/* ---- building client input ---------------------------------------------------------- */

/* Appends a client frame: b0 is the first byte (FIN, RSV, opcode); len_bits forces a 7-, 16-
 * or 64-bit length field (0 picks the minimal one); masked false leaves the mask out. */
static void put_frame_raw(oc_buf_t *w, uint8_t b0, bool masked, int len_bits, const void *payload,
                          size_t len)
{
    uint8_t hdr[OC_WS_MAX_HEADER];
    size_t n = 0;
    uint8_t m = masked ? 0x80 : 0;

    if (len_bits == 0)
        len_bits = len < 126 ? 7 : len <= 0xFFFF ? 16 : 64;
    hdr[n++] = b0;
    if (len_bits == 7) {
        hdr[n++] = (uint8_t)(m | len);
    } else if (len_bits == 16) {
        hdr[n++] = m | 126;
        hdr[n++] = (uint8_t)(len >> 8);
        hdr[n++] = (uint8_t)len;
    } else {
        hdr[n++] = m | 127;
        for (int i = 0; i < 8; i++)
            hdr[n++] = (uint8_t)((uint64_t)len >> (56 - 8 * i));
    }
    if (masked) {
        memcpy(hdr + n, mask_key, 4);
        n += 4;
    }
    oc_buf_append(w, hdr, n);
    size_t start = w->len;
    oc_buf_append(w, payload, len);
    if (masked) {
        for (size_t i = 0; i < len; i++)
            w->data[start + i] ^= (char)mask_key[i & 3];
    }
}

/* A well-formed masked client frame. */
static void put_frame(oc_buf_t *w, uint8_t b0, const void *payload, size_t len)
{
    put_frame_raw(w, b0, true, 0, payload, len);
}

static void put_str(oc_buf_t *w, uint8_t b0, const char *s)
{
    put_frame(w, b0, s, strlen(s));
}

#define FIN 0x80

/* ---- recording what the reader delivers --------------------------------------------- */

/* Events as text: kind ('T' text, 'B' binary, 'I' ping, 'O' pong, 'C' close + code), ':',
 * payload length, ':', raw payload bytes, '\n'. */
typedef struct recorder {
    oc_buf_t log;
    int events;
    int stop_at; /* the event number whose callback asks the reader to stop; 0 never */
} recorder_t;

static int record(recorder_t *rec, char kind, int code, const void *data, size_t len)
{
    oc_buf_append_char(&rec->log, kind);
    if (code >= 0)
        oc_buf_append_u64(&rec->log, (uint64_t)code);
    oc_buf_printf(&rec->log, ":%zu:", len);
    oc_buf_append(&rec->log, data, len);
    oc_buf_append_char(&rec->log, '\n');
    return ++rec->events == rec->stop_at;
}

static int on_message(void *ctx, bool binary, const uint8_t *data, size_t len)
{
    assert_non_null(data);
    return record(ctx, binary ? 'B' : 'T', -1, data, len);
}

static int on_ping(void *ctx, const uint8_t *data, size_t len)
{
    return record(ctx, 'I', -1, data, len);
}

static int on_pong(void *ctx, const uint8_t *data, size_t len)
{
    return record(ctx, 'O', -1, data, len);
}

static int on_close(void *ctx, uint16_t code, const char *reason, size_t reason_len)
{
    return record(ctx, 'C', code, reason, reason_len);
}

static const oc_ws_reader_callbacks_t callbacks = {on_message, on_ping, on_pong, on_close};

/* ---- driving a reader like a connection would ------------------------------------- */

typedef struct outcome {
    int rc;
    uint16_t close_code;
    oc_buf_t log;
} outcome_t;

/* Feeds wire to a fresh reader as a connection would: the first read brings `first` bytes,
 * each later read `step` bytes; unconsumed bytes stay in a pending buffer. Stops at the
 * first error. Also checks that what is left pending is always part of one frame of
 * bounded size, as codec.h promises. */
static outcome_t run(const oc_buf_t *wire, size_t max_message, size_t first, size_t step)
{
    oc_ws_reader_t r;
    recorder_t rec = {OC_BUF_INIT, 0, 0};
    oc_buf_t pending = OC_BUF_INIT;
    size_t pos = 0, chunk = first;
    int rc = 0;

    oc_ws_reader_init(&r, max_message);
    do {
        size_t n = OC_MIN(chunk, wire->len - pos);
        oc_buf_append(&pending, wire->data + pos, n);
        pos += n;
        chunk = step;
        size_t consumed = 12345;
        rc = oc_ws_reader_feed(&r, (uint8_t *)pending.data, pending.len, &consumed, &callbacks,
                               &rec);
        if (rc != 0)
            break;
        assert_true(consumed <= pending.len);
        oc_buf_consume(&pending, consumed);
        uint64_t need = oc_ws_frame_size((const uint8_t *)pending.data, pending.len);
        assert_true(need == 0 || need > pending.len);
        size_t limit = OC_MAX(max_message, OC_WS_MAX_CONTROL);
        assert_true(need <= limit || need - limit <= OC_WS_MAX_HEADER);
        if (need == 0)
            assert_true(pending.len < OC_WS_MAX_HEADER);
    } while (pos < wire->len);
    oc_ws_reader_free(&r);
    oc_buf_free(&pending);
    return (outcome_t){rc, rc == 0 ? 0 : r.close_code, rec.log};
}

static void assert_outcome(outcome_t *o, int rc, uint16_t close_code, const void *log,
                           size_t log_len)
{
    assert_int_equal(o->rc, rc);
    assert_int_equal(o->close_code, close_code);
    assert_int_equal(o->log.len, log_len);
    if (log_len > 0)
        assert_memory_equal(o->log.data, log, log_len);
    oc_buf_free(&o->log);
}

/* Feeds wire whole, split in two at every point (or at a sample of points for long input)
 * and one byte at a time, and checks each run gives the same result and events. */
static void expect_log_len(const oc_buf_t *wire, size_t max_message, int rc, uint16_t close_code,
                           const void *log, size_t log_len)
{
    outcome_t o = run(wire, max_message, SIZE_MAX, SIZE_MAX);
    assert_outcome(&o, rc, close_code, log, log_len);
    size_t stride = wire->len <= 4096 ? 1 : 997;
    for (size_t cut = 0; cut <= wire->len; cut += (cut < 32 ? 1 : stride)) {
        o = run(wire, max_message, cut, SIZE_MAX);
        assert_outcome(&o, rc, close_code, log, log_len);
    }
    for (size_t step = 1; step <= 3; step++) {
        o = run(wire, max_message, step, step);
        assert_outcome(&o, rc, close_code, log, log_len);
    }
}

static void expect(const oc_buf_t *wire, size_t max_message, int rc, uint16_t close_code,
                   const char *log)
{
    expect_log_len(wire, max_message, rc, close_code, log, strlen(log));
}

/* The error OC_EPROTO / OC_E2BIG that goes with a close code. */
static int err_for(uint16_t close_code)
{
    return close_code == OC_WS_CLOSE_TOO_BIG ? OC_E2BIG : OC_EPROTO;
}

#define MAX_MESSAGE 65536

/* ---- encoding ------------------------------------------------------------------------ */

static void test_header_encode_boundaries(void **state)
{
    (void)state;
    uint8_t out[10];
    static const struct {
        uint64_t len;
        size_t size;
        uint8_t bytes[10];
    } cases[] = {
        {0, 2, {0x82, 0x00}},
        {125, 2, {0x82, 0x7D}},
        {126, 4, {0x82, 0x7E, 0x00, 0x7E}},
        {65535, 4, {0x82, 0x7E, 0xFF, 0xFF}},
        {65536, 10, {0x82, 0x7F, 0, 0, 0, 0, 0, 0x01, 0x00, 0x00}},
        {0x0123456789ABCDEFull, 10, {0x82, 0x7F, 0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF}},
    };
    for (size_t i = 0; i < OC_ARRAY_LEN(cases); i++) {
        memset(out, 0xEE, sizeof(out));
        assert_int_equal(oc_ws_header_encode(out, OC_WS_OP_BINARY, true, cases[i].len),
                         cases[i].size);
        assert_memory_equal(out, cases[i].bytes, cases[i].size);
    }
    /* RFC 6455 5.7: "Hel" + "lo" as an unfinished text frame and a final continuation. */
    assert_int_equal(oc_ws_header_encode(out, OC_WS_OP_TEXT, false, 3), 2);
    assert_memory_equal(out, "\x01\x03", 2);
    assert_int_equal(oc_ws_header_encode(out, OC_WS_OP_CONT, true, 2), 2);
    assert_memory_equal(out, "\x80\x02", 2);
}

static void test_frame_new(void **state)
{
    (void)state;
    uint64_t live = oc_frame_live_count();
    /* RFC 6455 5.7: an unmasked "Hello" text frame and an unmasked "Hello" ping. */
    oc_frame_t *f = oc_ws_frame_new(OC_WS_OP_TEXT, "Hello", 5);
    assert_int_equal(f->len, 7);
    assert_int_equal(f->ws_hdr, 2);
    assert_int_equal(f->binary, 0);
    assert_int_equal(f->refs, 1);
    assert_memory_equal(f->data, "\x81\x05Hello", 7);
    assert_memory_equal(oc_frame_payload(f), "Hello", oc_frame_payload_len(f));
    oc_frame_unref(f);
    f = oc_ws_frame_new(OC_WS_OP_PING, "Hello", 5);
    assert_memory_equal(f->data, "\x89\x05Hello", 7);
    oc_frame_unref(f);
    f = oc_ws_frame_new(OC_WS_OP_PONG, NULL, 0);
    assert_int_equal(f->len, 2);
    assert_memory_equal(f->data, "\x8A\x00", 2);
    oc_frame_unref(f);

    /* RFC 6455 5.7: 256 bytes and 64 KiB of binary data in one unmasked frame. */
    uint8_t *payload = oc_xmalloc(65536);
    for (size_t i = 0; i < 65536; i++)
        payload[i] = (uint8_t)(i * 7);
    f = oc_ws_frame_new(OC_WS_OP_BINARY, payload, 256);
    assert_int_equal(f->len, 4 + 256);
    assert_int_equal(f->ws_hdr, 4);
    assert_int_equal(f->binary, 1);
    assert_memory_equal(f->data, "\x82\x7E\x01\x00", 4);
    assert_memory_equal(f->data + 4, payload, 256);
    oc_frame_unref(f);
    f = oc_ws_frame_new(OC_WS_OP_BINARY, payload, 65536);
    assert_int_equal(f->len, 10 + 65536);
    assert_int_equal(f->ws_hdr, 10);
    assert_memory_equal(f->data, "\x82\x7F\x00\x00\x00\x00\x00\x01\x00\x00", 10);
    assert_memory_equal(f->data + 10, payload, 65536);
    oc_frame_unref(f);
    free(payload);
    assert_int_equal(oc_frame_live_count(), live);
}

static void test_close_frame_new(void **state)
{
    (void)state;
    oc_frame_t *f = oc_ws_close_frame_new(OC_WS_CLOSE_NORMAL, NULL);
    assert_int_equal(f->len, 4);
    assert_memory_equal(f->data, "\x88\x02\x03\xE8", 4);
    oc_frame_unref(f);
    f = oc_ws_close_frame_new(OC_WS_CLOSE_TOO_BIG, "too big");
    assert_int_equal(f->len, 2 + 2 + 7);
    assert_memory_equal(f->data, "\x88\x09\x03\xF1too big", 11);
    oc_frame_unref(f);

    /* 123 bytes of reason fit exactly; a euro sign straddling the limit is dropped whole. */
    char reason[200];
    memset(reason, 'r', 123);
    reason[123] = '\0';
    f = oc_ws_close_frame_new(OC_WS_CLOSE_POLICY, reason);
    assert_int_equal(f->len, 2 + 125);
    assert_int_equal((uint8_t)f->data[1], 125);
    oc_frame_unref(f);
    memcpy(reason + 121, "\xE2\x82\xAC", 4);
    f = oc_ws_close_frame_new(OC_WS_CLOSE_POLICY, reason);
    assert_int_equal(f->len, 2 + 2 + 121);
    assert_int_equal((uint8_t)f->data[1], 123);
    assert_memory_equal(f->data + 2, "\x03\xF0", 2);
    assert_memory_equal(f->data + 4, reason, 121);
    oc_frame_unref(f);
    memset(reason, 'x', 199);
    reason[199] = '\0';
    f = oc_ws_close_frame_new(OC_WS_CLOSE_GOING_AWAY, reason);
    assert_int_equal(f->len, 2 + 125);
    oc_frame_unref(f);
}

/* ---- decoding: the RFC 6455 section 5.7 examples ----------------------------------- */

static void test_rfc_examples(void **state)
{
    (void)state;
    oc_buf_t w = OC_BUF_INIT;

    /* Masked "Hello", byte for byte from the RFC. */
    oc_buf_append(&w, "\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58", 11);
    expect(&w, MAX_MESSAGE, 0, 0, "T:5:Hello\n");
    /* Masked pong "Hello", from the RFC. */
    w.len = 0;
    oc_buf_append(&w, "\x8a\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58", 11);
    expect(&w, MAX_MESSAGE, 0, 0, "O:5:Hello\n");
    /* Fragmented "Hel" + "lo", and a ping. */
    w.len = 0;
    put_str(&w, OC_WS_OP_TEXT, "Hel");
    put_str(&w, FIN | OC_WS_OP_CONT, "lo");
    put_str(&w, FIN | OC_WS_OP_PING, "Hello");
    expect(&w, MAX_MESSAGE, 0, 0, "T:5:Hello\nI:5:Hello\n");
    oc_buf_free(&w);
}

static void test_binary_256_and_64k(void **state)
{
    (void)state;
    oc_buf_t w = OC_BUF_INIT, log = OC_BUF_INIT;
    uint8_t *payload = oc_xmalloc(65536);
    for (size_t i = 0; i < 65536; i++)
        payload[i] = (uint8_t)(i * 31 + 7);

    put_frame(&w, FIN | OC_WS_OP_BINARY, payload, 256);
    assert_memory_equal(w.data, "\x82\xFE\x01\x00", 4);
    put_frame(&w, FIN | OC_WS_OP_BINARY, payload, 65536);
    assert_memory_equal(w.data + 4 + 4 + 256, "\x82\xFF\x00\x00\x00\x00\x00\x01\x00\x00", 10);
    oc_buf_append_str(&log, "B:256:");
    oc_buf_append(&log, payload, 256);
    oc_buf_append_str(&log, "\nB:65536:");
    oc_buf_append(&log, payload, 65536);
    oc_buf_append_char(&log, '\n');
    expect_log_len(&w, MAX_MESSAGE, 0, 0, log.data, log.len);
    /* The same 64 KiB in uneven fragments with pings between them. */
    w.len = 0;
    put_frame(&w, OC_WS_OP_BINARY, payload, 1000);
    put_str(&w, FIN | OC_WS_OP_PING, "p");
    put_frame(&w, OC_WS_OP_CONT, payload + 1000, 0);
    put_frame(&w, OC_WS_OP_CONT, payload + 1000, 40000);
    put_frame(&w, FIN | OC_WS_OP_CONT, payload + 41000, 65536 - 41000);
    log.len = 0;
    oc_buf_append_str(&log, "I:1:p\nB:65536:");
    oc_buf_append(&log, payload, 65536);
    oc_buf_append_char(&log, '\n');
    expect_log_len(&w, MAX_MESSAGE, 0, 0, log.data, log.len);
    free(payload);
    oc_buf_free(&w);
    oc_buf_free(&log);
}

/* Every payload length 0..300 at every alignment of the read buffer, against a byte-wise
 * unmask, so the word loop and its tail both see each phase. */
static void test_unmask_alignment(void **state)
{
    (void)state;
    uint8_t payload[300], buf[8 + 4 + 300 + 8];
    for (size_t i = 0; i < sizeof(payload); i++)
        payload[i] = (uint8_t)(i ^ 0x5A);
    for (size_t len = 0; len <= 300; len++) {
        for (size_t align = 0; align < 8; align++) {
            oc_buf_t w = OC_BUF_INIT;
            put_frame(&w, FIN | OC_WS_OP_BINARY, payload, len);
            memcpy(buf + align, w.data, w.len);
            oc_ws_reader_t r;
            recorder_t rec = {OC_BUF_INIT, 0, 0};
            size_t consumed;
            oc_ws_reader_init(&r, MAX_MESSAGE);
            assert_int_equal(oc_ws_reader_feed(&r, buf + align, w.len, &consumed, &callbacks, &rec),
                             0);
            assert_int_equal(consumed, w.len);
            size_t hdr = w.len - len;
            assert_memory_equal(buf + align + hdr, payload, len); /* unmasked in place */
            assert_int_equal(rec.events, 1);
            oc_ws_reader_free(&r);
            oc_buf_free(&rec.log);
            oc_buf_free(&w);
        }
    }
}

/* ---- decoding: what is allowed -------------------------------------------------------- */

static void test_control_between_fragments(void **state)
{
    (void)state;
    oc_buf_t w = OC_BUF_INIT;
    put_str(&w, OC_WS_OP_TEXT, "frag");
    put_str(&w, FIN | OC_WS_OP_PING, "ping 1");
    put_str(&w, OC_WS_OP_CONT, "ment");
    put_str(&w, FIN | OC_WS_OP_PONG, "");
    put_str(&w, FIN | OC_WS_OP_PING, "ping 2");
    put_str(&w, FIN | OC_WS_OP_CONT, "ed");
    put_str(&w, FIN | OC_WS_OP_BINARY, "");
    put_str(&w, FIN | OC_WS_OP_TEXT, "");
    put_str(&w, OC_WS_OP_TEXT, "");
    put_str(&w, FIN | OC_WS_OP_CONT, "");
    expect(&w, MAX_MESSAGE, 0, 0,
           "I:6:ping 1\nO:0:\nI:6:ping 2\nT:10:fragmented\nB:0:\nT:0:\nT:0:\n");
    oc_buf_free(&w);
}

static void test_utf8_across_fragments(void **state)
{
    (void)state;
    oc_buf_t w = OC_BUF_INIT;
    /* A euro sign and an emoji cut inside their sequences by the fragment boundaries. */
    put_str(&w, OC_WS_OP_TEXT, "\xE2");
    put_str(&w, OC_WS_OP_CONT, "\x82");
    put_str(&w, FIN | OC_WS_OP_PING, "");
    put_str(&w, OC_WS_OP_CONT, "\xAC\xF0\x9F");
    put_str(&w, FIN | OC_WS_OP_CONT, "\x98\x80");
    expect(&w, MAX_MESSAGE, 0, 0, "I:0:\nT:7:\xE2\x82\xAC\xF0\x9F\x98\x80\n");
    /* Binary messages are not UTF-8 checked. */
    w.len = 0;
    put_str(&w, OC_WS_OP_BINARY, "\xFF");
    put_str(&w, FIN | OC_WS_OP_CONT, "\xC0");
    put_str(&w, FIN | OC_WS_OP_BINARY, "\xED\xA0\x80");
    expect(&w, MAX_MESSAGE, 0, 0, "B:2:\xFF\xC0\nB:3:\xED\xA0\x80\n");
    oc_buf_free(&w);
}

static void test_message_at_limit(void **state)
{
    (void)state;
    oc_buf_t w = OC_BUF_INIT;
    put_str(&w, FIN | OC_WS_OP_TEXT, "0123456789");
    put_str(&w, OC_WS_OP_BINARY, "01234");
    put_str(&w, OC_WS_OP_CONT, "");
    put_str(&w, FIN | OC_WS_OP_CONT, "56789");
    expect(&w, 10, 0, 0, "T:10:0123456789\nB:10:0123456789\n");
    oc_buf_free(&w);
}

static void test_close_frames(void **state)
{
    (void)state;
    static const uint16_t valid[] = {1000, 1001, 1002, 1003, 1007, 1008,
                                     1009, 1010, 1011, 3000, 3999, 4999};
    oc_buf_t w = OC_BUF_INIT;
    char expected[64];
    for (size_t i = 0; i < OC_ARRAY_LEN(valid); i++) {
        uint8_t payload[5] = {(uint8_t)(valid[i] >> 8), (uint8_t)valid[i], 'b', 'y', 'e'};
        w.len = 0;
        put_frame(&w, FIN | OC_WS_OP_CLOSE, payload, sizeof(payload));
        snprintf(expected, sizeof(expected), "C%u:3:bye\n", valid[i]);
        expect(&w, MAX_MESSAGE, 0, 0, expected);
    }
    /* No payload: reported as 1005. A 123-byte UTF-8 reason is the most there is room for. */
    w.len = 0;
    put_str(&w, FIN | OC_WS_OP_CLOSE, "");
    expect(&w, MAX_MESSAGE, 0, 0, "C1005:0:\n");
    uint8_t payload[125] = {0x03, 0xE8};
    for (size_t i = 2; i < sizeof(payload); i += 3)
        memcpy(payload + i, "\xE2\x82\xAC", 3);
    w.len = 0;
    put_frame(&w, FIN | OC_WS_OP_CLOSE, payload, sizeof(payload));
    oc_buf_t log = OC_BUF_INIT;
    oc_buf_append_str(&log, "C1000:123:");
    oc_buf_append(&log, payload + 2, 123);
    oc_buf_append_char(&log, '\n');
    expect_log_len(&w, MAX_MESSAGE, 0, 0, log.data, log.len);
    oc_buf_free(&log);
    /* Everything after a close is dropped, even garbage and later calls. */
    w.len = 0;
    put_str(&w, FIN | OC_WS_OP_TEXT, "before");
    put_str(&w, FIN | OC_WS_OP_CLOSE, "\x03\xE8");
    put_str(&w, FIN | OC_WS_OP_TEXT, "after");
    oc_buf_append(&w, "\xFF\xFF\xFF", 3);
    expect(&w, MAX_MESSAGE, 0, 0, "T:6:before\nC1000:0:\n");
    oc_buf_free(&w);
}

/* A callback's non-zero return stops the feed right after the frame it was given. */
static void test_callback_stops(void **state)
{
    (void)state;
    oc_buf_t w = OC_BUF_INIT;
    put_str(&w, FIN | OC_WS_OP_TEXT, "one");
    size_t first = w.len;
    put_str(&w, FIN | OC_WS_OP_PING, "two");
    put_str(&w, FIN | OC_WS_OP_TEXT, "three");

    oc_ws_reader_t r;
    recorder_t rec = {OC_BUF_INIT, 0, 1};
    size_t consumed;
    oc_ws_reader_init(&r, MAX_MESSAGE);
    assert_int_equal(oc_ws_reader_feed(&r, (uint8_t *)w.data, w.len, &consumed, &callbacks, &rec),
                     OC_ECANCELED);
    assert_int_equal(consumed, first);
    assert_int_equal(rec.events, 1);
    rec.stop_at = 0;
    assert_int_equal(oc_ws_reader_feed(&r, (uint8_t *)w.data + first, w.len - first, &consumed,
                                       &callbacks, &rec),
                     0);
    assert_int_equal(consumed, w.len - first);
    assert_int_equal(rec.log.len, strlen("T:3:one\nI:3:two\nT:5:three\n"));
    assert_memory_equal(rec.log.data, "T:3:one\nI:3:two\nT:5:three\n", rec.log.len);
    oc_ws_reader_free(&r);
    oc_buf_free(&rec.log);

    /* NULL callbacks drop their frames. (w was unmasked in place: build it again.) */
    oc_ws_reader_callbacks_t none = {NULL, NULL, NULL, NULL};
    oc_ws_reader_init(&r, MAX_MESSAGE);
    w.len = 0;
    put_str(&w, FIN | OC_WS_OP_TEXT, "one");
    put_str(&w, OC_WS_OP_BINARY, "two");
    put_str(&w, FIN | OC_WS_OP_PING, "");
    put_str(&w, FIN | OC_WS_OP_CONT, "three");
    put_str(&w, FIN | OC_WS_OP_PONG, "");
    put_str(&w, FIN | OC_WS_OP_CLOSE, "");
    assert_int_equal(oc_ws_reader_feed(&r, (uint8_t *)w.data, w.len, &consumed, &none, NULL), 0);
    assert_int_equal(consumed, w.len);
    assert_true(r.closed);
    oc_ws_reader_free(&r);
    oc_buf_free(&w);
}

static void test_frame_size(void **state)
{
    (void)state;
    assert_int_equal(oc_ws_frame_size((const uint8_t *)"\x81", 1), 0);
    assert_int_equal(oc_ws_frame_size((const uint8_t *)"\x81\x85\x37\xfa\x21", 5), 0);
    assert_int_equal(oc_ws_frame_size((const uint8_t *)"\x81\x85\x37\xfa\x21\x3d", 6), 11);
    assert_int_equal(oc_ws_frame_size((const uint8_t *)"\x81\x05", 2), 7); /* unmasked */
    assert_int_equal(oc_ws_frame_size((const uint8_t *)"\x82\xFE\x01", 3), 0);
    assert_int_equal(oc_ws_frame_size((const uint8_t *)"\x82\xFE\x01\x00\0\0\0", 7), 0);
    assert_int_equal(oc_ws_frame_size((const uint8_t *)"\x82\xFE\x01\x00\0\0\0\0", 8), 264);
    const uint8_t big[14] = {0x82, 0xFF, 0, 0, 0, 0, 0, 1, 0, 0};
    assert_int_equal(oc_ws_frame_size(big, 13), 0);
    assert_int_equal(oc_ws_frame_size(big, 14), 14 + 65536);
    const uint8_t huge[14] = {0x82, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
    assert_true(oc_ws_frame_size(huge, 14) == UINT64_MAX);
}

/* ---- decoding: every violation and its close code ----------------------------------- */

static void expect_fail(const oc_buf_t *w, size_t max_message, uint16_t code, const char *log)
{
    expect(w, max_message, err_for(code), code, log);
}

static void test_unmasked_and_reserved_bits(void **state)
{
    (void)state;
    oc_buf_t w = OC_BUF_INIT;
    put_frame_raw(&w, FIN | OC_WS_OP_TEXT, false, 0, "Hello", 5);
    expect_fail(&w, MAX_MESSAGE, OC_WS_CLOSE_PROTOCOL_ERROR, "");
    w.len = 0;
    put_frame_raw(&w, FIN | OC_WS_OP_PING, false, 0, "", 0);
    expect_fail(&w, MAX_MESSAGE, OC_WS_CLOSE_PROTOCOL_ERROR, "");
    for (uint8_t rsv = 0x10; rsv <= 0x70; rsv += 0x10) {
        w.len = 0;
        put_str(&w, FIN | OC_WS_OP_TEXT, "ok");
        put_str(&w, FIN | rsv | OC_WS_OP_TEXT, "Hello");
        expect_fail(&w, MAX_MESSAGE, OC_WS_CLOSE_PROTOCOL_ERROR, "T:2:ok\n");
        w.len = 0;
        put_str(&w, FIN | rsv | OC_WS_OP_PING, "");
        expect_fail(&w, MAX_MESSAGE, OC_WS_CLOSE_PROTOCOL_ERROR, "");
    }
    oc_buf_free(&w);
}

static void test_unknown_opcodes(void **state)
{
    (void)state;
    static const uint8_t reserved[] = {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF};
    oc_buf_t w = OC_BUF_INIT;
    for (size_t i = 0; i < sizeof(reserved); i++) {
        w.len = 0;
        put_str(&w, FIN | reserved[i], "");
        expect_fail(&w, MAX_MESSAGE, OC_WS_CLOSE_PROTOCOL_ERROR, "");
        w.len = 0;
        put_str(&w, OC_WS_OP_TEXT, "a");
        put_str(&w, reserved[i], "b"); /* in the middle of a message */
        expect_fail(&w, MAX_MESSAGE, OC_WS_CLOSE_PROTOCOL_ERROR, "");
    }
    oc_buf_free(&w);
}

static void test_bad_control_frames(void **state)
{
    (void)state;
    static const uint8_t ops[] = {OC_WS_OP_PING, OC_WS_OP_PONG, OC_WS_OP_CLOSE};
    char big[126];
    memset(big, 'x', sizeof(big));
    oc_buf_t w = OC_BUF_INIT;
    for (size_t i = 0; i < sizeof(ops); i++) {
        w.len = 0;
        put_str(&w, ops[i], "\x03\xE8"); /* fragmented control frame */
        expect_fail(&w, MAX_MESSAGE, OC_WS_CLOSE_PROTOCOL_ERROR, "");
        w.len = 0;
        put_frame(&w, FIN | ops[i], big, 126); /* 126 bytes in the 16-bit form */
        expect_fail(&w, MAX_MESSAGE, OC_WS_CLOSE_PROTOCOL_ERROR, "");
        w.len = 0;
        put_frame(&w, FIN | ops[i], "\x03\xE8", 2); /* a good one at 125 works */
        put_frame(&w, FIN | ops[i], big, 0);
        outcome_t o = run(&w, MAX_MESSAGE, SIZE_MAX, SIZE_MAX);
        assert_int_equal(o.rc, 0);
        oc_buf_free(&o.log);
    }
    /* A 125-byte ping is fine; the header alone of a longer one is enough to fail. */
    w.len = 0;
    put_frame(&w, FIN | OC_WS_OP_PING, big, 125);
    outcome_t o = run(&w, MAX_MESSAGE, SIZE_MAX, SIZE_MAX);
    assert_int_equal(o.rc, 0);
    assert_int_equal(o.log.len, 4 + 125 + 1 + 2);
    oc_buf_free(&o.log);
    w.len = 0;
    oc_buf_append(&w, "\x89\xFE\x00\x7E\x37\xfa\x21\x3d", 8);
    expect_fail(&w, MAX_MESSAGE, OC_WS_CLOSE_PROTOCOL_ERROR, "");
    oc_buf_free(&w);
}

static void test_bad_fragmentation(void **state)
{
    (void)state;
    oc_buf_t w = OC_BUF_INIT;
    put_str(&w, FIN | OC_WS_OP_CONT, "lo"); /* continuation with nothing to continue */
    expect_fail(&w, MAX_MESSAGE, OC_WS_CLOSE_PROTOCOL_ERROR, "");
    w.len = 0;
    put_str(&w, OC_WS_OP_CONT, "lo");
    expect_fail(&w, MAX_MESSAGE, OC_WS_CLOSE_PROTOCOL_ERROR, "");
    w.len = 0;
    put_str(&w, FIN | OC_WS_OP_TEXT, "done");
    put_str(&w, FIN | OC_WS_OP_CONT, "more"); /* after the message ended */
    expect_fail(&w, MAX_MESSAGE, OC_WS_CLOSE_PROTOCOL_ERROR, "T:4:done\n");
    w.len = 0;
    put_str(&w, OC_WS_OP_TEXT, "Hel");
    put_str(&w, FIN | OC_WS_OP_TEXT, "lo"); /* new message while one is open */
    expect_fail(&w, MAX_MESSAGE, OC_WS_CLOSE_PROTOCOL_ERROR, "");
    w.len = 0;
    put_str(&w, OC_WS_OP_TEXT, "Hel");
    put_str(&w, FIN | OC_WS_OP_PING, "");
    put_str(&w, OC_WS_OP_BINARY, "lo");
    expect_fail(&w, MAX_MESSAGE, OC_WS_CLOSE_PROTOCOL_ERROR, "I:0:\n");
    w.len = 0;
    put_str(&w, OC_WS_OP_BINARY, "Hel");
    put_str(&w, FIN | OC_WS_OP_BINARY, "lo");
    expect_fail(&w, MAX_MESSAGE, OC_WS_CLOSE_PROTOCOL_ERROR, "");
    oc_buf_free(&w);
}

static void test_bad_lengths(void **state)
{
    (void)state;
    char payload[70000];
    memset(payload, 'a', sizeof(payload));
    oc_buf_t w = OC_BUF_INIT;
    /* Non-minimal forms: 16-bit for < 126, 64-bit for <= 65535. */
    put_frame_raw(&w, FIN | OC_WS_OP_TEXT, true, 16, payload, 5);
    expect_fail(&w, MAX_MESSAGE, OC_WS_CLOSE_PROTOCOL_ERROR, "");
    w.len = 0;
    put_frame_raw(&w, FIN | OC_WS_OP_TEXT, true, 16, payload, 125);
    expect_fail(&w, MAX_MESSAGE, OC_WS_CLOSE_PROTOCOL_ERROR, "");
    w.len = 0;
    put_frame_raw(&w, FIN | OC_WS_OP_TEXT, true, 64, payload, 200);
    expect_fail(&w, MAX_MESSAGE, OC_WS_CLOSE_PROTOCOL_ERROR, "");
    w.len = 0;
    put_frame_raw(&w, FIN | OC_WS_OP_BINARY, true, 64, payload, 65535);
    expect_fail(&w, MAX_MESSAGE, OC_WS_CLOSE_PROTOCOL_ERROR, "");
    w.len = 0;
    put_frame_raw(&w, FIN | OC_WS_OP_PONG, true, 64, payload, 0);
    expect_fail(&w, MAX_MESSAGE, OC_WS_CLOSE_PROTOCOL_ERROR, "");
    /* The smallest lengths of each form are accepted. */
    w.len = 0;
    put_frame_raw(&w, FIN | OC_WS_OP_BINARY, true, 16, payload, 126);
    put_frame_raw(&w, FIN | OC_WS_OP_BINARY, true, 64, payload, 65536);
    outcome_t o = run(&w, 70000, SIZE_MAX, SIZE_MAX);
    assert_int_equal(o.rc, 0);
    assert_int_equal(o.log.len, strlen("B:126:\n") + 126 + strlen("B:65536:\n") + 65536);
    oc_buf_free(&o.log);
    /* The 64-bit length must keep its top bit clear, whatever the limit. */
    w.len = 0;
    oc_buf_append(&w, "\x82\xFF\x80\x00\x00\x00\x00\x00\x00\x00\x37\xfa\x21\x3d", 14);
    expect_fail(&w, SIZE_MAX, OC_WS_CLOSE_PROTOCOL_ERROR, "");
    w.len = 0;
    oc_buf_append(&w, "\x82\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\x37\xfa\x21\x3d", 14);
    expect_fail(&w, SIZE_MAX, OC_WS_CLOSE_PROTOCOL_ERROR, "");
    oc_buf_free(&w);
}

static void test_too_big(void **state)
{
    (void)state;
    oc_buf_t w = OC_BUF_INIT;
    /* Only the 14-byte header of a 1 GiB frame: refused before any payload arrives. */
    oc_buf_append(&w, "\x82\xFF\x00\x00\x00\x00\x40\x00\x00\x00\x37\xfa\x21\x3d", 14);
    expect_fail(&w, MAX_MESSAGE, OC_WS_CLOSE_TOO_BIG, "");
    w.len = 0;
    oc_buf_append(&w, "\x81\xFF\x7F\xFF\xFF\xFF\xFF\xFF\xFF\xFF\x37\xfa\x21\x3d", 14);
    expect_fail(&w, SIZE_MAX / 4, OC_WS_CLOSE_TOO_BIG, "");
    /* One byte over in a single frame, in the 7- and 16-bit forms. */
    w.len = 0;
    put_str(&w, FIN | OC_WS_OP_TEXT, "0123456789a");
    expect_fail(&w, 10, OC_WS_CLOSE_TOO_BIG, "");
    w.len = 0;
    oc_buf_append(&w, "\x81\xFE\x01\x01\x37\xfa\x21\x3d", 8);
    expect_fail(&w, 256, OC_WS_CLOSE_TOO_BIG, "");
    /* Fragments that add up to one byte over fail at the header of the last one. */
    w.len = 0;
    put_str(&w, FIN | OC_WS_OP_TEXT, "fits");
    put_str(&w, OC_WS_OP_TEXT, "01234");
    put_str(&w, FIN | OC_WS_OP_PING, "");
    put_str(&w, OC_WS_OP_CONT, "5678");
    oc_buf_append(&w, "\x80\x82\x37\xfa\x21\x3d", 6); /* header only */
    expect_fail(&w, 10, OC_WS_CLOSE_TOO_BIG, "T:4:fits\nI:0:\n");
    /* A zero limit allows only empty messages. */
    w.len = 0;
    put_str(&w, FIN | OC_WS_OP_BINARY, "");
    put_str(&w, FIN | OC_WS_OP_PING, "control frames do not count");
    put_str(&w, FIN | OC_WS_OP_BINARY, "x");
    expect_fail(&w, 0, OC_WS_CLOSE_TOO_BIG, "B:0:\nI:27:control frames do not count\n");
    oc_buf_free(&w);
}

static void test_invalid_text(void **state)
{
    (void)state;
    oc_buf_t w = OC_BUF_INIT;
    put_str(&w, FIN | OC_WS_OP_TEXT, "\xCE\xBA\xE1\xBD\xB9\xCF\x83\xCE\xBC\xCE\xB5\xED\xA0\x80");
    expect_fail(&w, MAX_MESSAGE, OC_WS_CLOSE_INVALID_DATA, "");
    w.len = 0;
    put_str(&w, FIN | OC_WS_OP_TEXT, "\xC0\xAF");
    expect_fail(&w, MAX_MESSAGE, OC_WS_CLOSE_INVALID_DATA, "");
    w.len = 0;
    put_str(&w, FIN | OC_WS_OP_TEXT, "ends inside \xE2\x82");
    expect_fail(&w, MAX_MESSAGE, OC_WS_CLOSE_INVALID_DATA, "");
    /* Fail fast: the first fragment alone is enough, the rest of the message never comes. */
    w.len = 0;
    put_str(&w, FIN | OC_WS_OP_PING, "");
    put_str(&w, OC_WS_OP_TEXT, "\xCE\xBA\xE1\xBD\xB9\xF4\x90\x80\x80");
    expect_fail(&w, MAX_MESSAGE, OC_WS_CLOSE_INVALID_DATA, "I:0:\n");
    /* A bad second byte in the next fragment, after a control frame. */
    w.len = 0;
    put_str(&w, OC_WS_OP_TEXT, "ok \xF4");
    put_str(&w, FIN | OC_WS_OP_PONG, "");
    put_str(&w, OC_WS_OP_CONT, "\x90");
    expect_fail(&w, MAX_MESSAGE, OC_WS_CLOSE_INVALID_DATA, "O:0:\n");
    /* A message whose last fragment leaves a sequence unfinished. */
    w.len = 0;
    put_str(&w, OC_WS_OP_TEXT, "\xF0\x9F");
    put_str(&w, OC_WS_OP_CONT, "\x98");
    put_str(&w, FIN | OC_WS_OP_CONT, "");
    expect_fail(&w, MAX_MESSAGE, OC_WS_CLOSE_INVALID_DATA, "");
    oc_buf_free(&w);
}

static void test_bad_close_frames(void **state)
{
    (void)state;
    static const uint16_t invalid[] = {0,    999,  1004, 1005, 1006, 1012, 1013, 1014,
                                       1015, 1016, 1100, 2000, 2999, 5000, 65535};
    oc_buf_t w = OC_BUF_INIT;
    put_str(&w, FIN | OC_WS_OP_CLOSE, "\x03"); /* one byte: half a code */
    expect_fail(&w, MAX_MESSAGE, OC_WS_CLOSE_PROTOCOL_ERROR, "");
    for (size_t i = 0; i < OC_ARRAY_LEN(invalid); i++) {
        uint8_t payload[2] = {(uint8_t)(invalid[i] >> 8), (uint8_t)invalid[i]};
        w.len = 0;
        put_frame(&w, FIN | OC_WS_OP_CLOSE, payload, 2);
        expect_fail(&w, MAX_MESSAGE, OC_WS_CLOSE_PROTOCOL_ERROR, "");
    }
    w.len = 0;
    put_str(&w, FIN | OC_WS_OP_CLOSE, "\x03\xE8 bad \xED\xA0\x80 reason");
    expect_fail(&w, MAX_MESSAGE, OC_WS_CLOSE_INVALID_DATA, "");
    w.len = 0;
    put_str(&w, FIN | OC_WS_OP_CLOSE, "\x03\xE8\xE2\x82");
    expect_fail(&w, MAX_MESSAGE, OC_WS_CLOSE_INVALID_DATA, "");
    oc_buf_free(&w);
}

/* After an error the reader keeps refusing, and free releases a half-built message. */
static void test_error_is_sticky(void **state)
{
    (void)state;
    oc_buf_t w = OC_BUF_INIT;
    put_str(&w, OC_WS_OP_BINARY, "partial");
    put_str(&w, FIN | 0x40 | OC_WS_OP_PING, "");
    oc_ws_reader_t r;
    recorder_t rec = {OC_BUF_INIT, 0, 0};
    size_t consumed;
    oc_ws_reader_init(&r, MAX_MESSAGE);
    assert_int_equal(oc_ws_reader_feed(&r, (uint8_t *)w.data, w.len, &consumed, &callbacks, &rec),
                     OC_EPROTO);
    assert_int_equal(r.close_code, OC_WS_CLOSE_PROTOCOL_ERROR);
    w.len = 0;
    put_str(&w, FIN | OC_WS_OP_TEXT, "fine");
    assert_int_equal(oc_ws_reader_feed(&r, (uint8_t *)w.data, w.len, &consumed, &callbacks, &rec),
                     OC_EPROTO);
    assert_int_equal(consumed, 0);
    assert_int_equal(rec.events, 0);
    oc_ws_reader_free(&r);
    oc_ws_reader_free(&r);
    oc_ws_reader_free(NULL);
    oc_buf_free(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_header_encode_boundaries),
        cmocka_unit_test(test_frame_new),
        cmocka_unit_test(test_close_frame_new),
        cmocka_unit_test(test_rfc_examples),
        cmocka_unit_test(test_binary_256_and_64k),
        cmocka_unit_test(test_unmask_alignment),
        cmocka_unit_test(test_control_between_fragments),
        cmocka_unit_test(test_utf8_across_fragments),
        cmocka_unit_test(test_message_at_limit),
        cmocka_unit_test(test_close_frames),
        cmocka_unit_test(test_callback_stops),
        cmocka_unit_test(test_frame_size),
        cmocka_unit_test(test_unmasked_and_reserved_bits),
        cmocka_unit_test(test_unknown_opcodes),
        cmocka_unit_test(test_bad_control_frames),
        cmocka_unit_test(test_bad_fragmentation),
        cmocka_unit_test(test_bad_lengths),
        cmocka_unit_test(test_too_big),
        cmocka_unit_test(test_invalid_text),
        cmocka_unit_test(test_bad_close_frames),
        cmocka_unit_test(test_error_is_sticky),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
