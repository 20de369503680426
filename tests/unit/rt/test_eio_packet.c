/* Unit tests for the Engine.IO v4 packet codec (src/rt/eio_packet.c).
 *
 * Every packet and payload of the protocol README and of the official test suite (both the
 * Engine.IO one and the Engine.IO part of the Socket.IO one), then the malformed bodies a
 * long-polling POST may carry, then the handshake packet byte for byte. */
#include "rt/eio_packet.h"

#include "core/alloc.h"
#include "core/errors.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static void assert_packet(const oc_eio_packet_t *p, oc_eio_type_t type, bool binary,
                          const char *data, size_t len)
{
    assert_int_equal(p->type, type);
    assert_int_equal(p->binary, binary);
    assert_int_equal(p->len, len);
    if (len > 0)
        assert_memory_equal(p->data, data, len);
}

/* A text frame decodes to its type and the rest of the frame, borrowed. */
static void test_decode_text_examples(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        oc_eio_type_t type;
        const char *data;
    } cases[] = {
        {"4hello", OC_EIO_MESSAGE, "hello"},
        {"2", OC_EIO_PING, ""},
        {"3", OC_EIO_PONG, ""},
        {"2probe", OC_EIO_PING, "probe"},
        {"3probe", OC_EIO_PONG, "probe"},
        {"5", OC_EIO_UPGRADE, ""},
        {"6", OC_EIO_NOOP, ""},
        {"1", OC_EIO_CLOSE, ""},
        {"0{\"sid\":\"lv_VI97HAXpY6yYWAAAC\",\"upgrades\":[\"websocket\"],\"pingInterval\":25000,"
         "\"pingTimeout\":5000,\"maxPayload\":1000000}",
         OC_EIO_OPEN,
         "{\"sid\":\"lv_VI97HAXpY6yYWAAAC\",\"upgrades\":[\"websocket\"],\"pingInterval\":25000,"
         "\"pingTimeout\":5000,\"maxPayload\":1000000}"},
        /* Socket.IO packets ride in message packets. */
        {"40", OC_EIO_MESSAGE, "0"},
        {"41", OC_EIO_MESSAGE, "1"},
        {"40/custom,", OC_EIO_MESSAGE, "0/custom,"},
        {"42[\"hello\"]", OC_EIO_MESSAGE, "2[\"hello\"]"},
        {"461-/admin,1[{\"_placeholder\":true,\"num\":0}]", OC_EIO_MESSAGE,
         "61-/admin,1[{\"_placeholder\":true,\"num\":0}]"},
        /* The Engine.IO layer does not look inside: "4abc" is a fine message. */
        {"4abc", OC_EIO_MESSAGE, "abc"},
        {"4", OC_EIO_MESSAGE, ""},
        {"4\x1e", OC_EIO_MESSAGE, "\x1e"},
    };
    for (size_t i = 0; i < OC_ARRAY_LEN(cases); i++) {
        oc_eio_packet_t p;
        size_t len = strlen(cases[i].in);
        assert_int_equal(oc_eio_decode_text(cases[i].in, len, &p), 0);
        assert_packet(&p, cases[i].type, false, cases[i].data, strlen(cases[i].data));
        assert_ptr_equal(p.data, cases[i].in + 1);
    }
}

static void test_decode_text_malformed(void **state)
{
    (void)state;
    static const char *const bad[] = {"", "abc", "7", "9", "/", ":", "bAQIDBA==", " 4hello"};
    for (size_t i = 0; i < OC_ARRAY_LEN(bad); i++) {
        oc_eio_packet_t p;
        assert_int_equal(oc_eio_decode_text(bad[i], strlen(bad[i]), &p), OC_EPROTO);
    }
    /* Reads only len bytes: a NUL or a digit beyond them does not count. */
    oc_eio_packet_t p;
    assert_int_equal(oc_eio_decode_text("4", 0, &p), OC_EPROTO);
    assert_int_equal(oc_eio_decode_text("4hello", 3, &p), 0);
    assert_packet(&p, OC_EIO_MESSAGE, false, "he", 2);
}

typedef struct expected_eio {
    oc_eio_type_t type;
    bool binary;
    const char *data;
    size_t len;
} expected_eio_t;

/* Iterates body[0..len) and checks the packets, then the final return code (0 or OC_EPROTO)
 * and that the iterator stays at it. */
static void check_payload(const char *body, size_t len, const expected_eio_t *want, size_t n,
                          int final_rc)
{
    oc_eio_payload_iter_t it;
    oc_buf_t scratch = OC_BUF_INIT;
    oc_eio_packet_t p;
    oc_eio_payload_iter_init(&it, body, len);
    for (size_t i = 0; i < n; i++) {
        int rc = oc_eio_payload_next(&it, &p, &scratch);
        if (rc != 1) {
            print_error("body \"%.*s\" packet %zu: got %d\n", (int)len, body, i, rc);
            fail();
        }
        assert_packet(&p, want[i].type, want[i].binary, want[i].data, want[i].len);
        if (want[i].binary)
            assert_ptr_equal(p.data, scratch.data);
        else
            assert_true(p.data >= body && p.data + p.len <= body + len);
    }
    assert_int_equal(oc_eio_payload_next(&it, &p, &scratch), final_rc);
    assert_int_equal(oc_eio_payload_next(&it, &p, &scratch), final_rc);
    assert_true(it.done);
    oc_buf_free(&scratch);
}

#define CHECK_PAYLOAD(body, want, final_rc)                                                        \
    check_payload(body, sizeof(body) - 1, want, OC_ARRAY_LEN(want), final_rc)

static void test_payload_examples(void **state)
{
    (void)state;
    /* README "HTTP long-polling" examples. */
    const expected_eio_t three[] = {
        {OC_EIO_MESSAGE, false, "hello", 5},
        {OC_EIO_PING, false, "", 0},
        {OC_EIO_MESSAGE, false, "world", 5},
    };
    CHECK_PAYLOAD("4hello\x1e"
                  "2\x1e"
                  "4world",
                  three, 0);
    const expected_eio_t mixed[] = {
        {OC_EIO_MESSAGE, false, "hello", 5},
        {OC_EIO_MESSAGE, true, "\x01\x02\x03\x04", 4},
    };
    CHECK_PAYLOAD("4hello\x1e"
                  "bAQIDBA==",
                  mixed, 0);

    /* Engine.IO test suite bodies. */
    const expected_eio_t hello[] = {{OC_EIO_MESSAGE, false, "hello", 5}};
    CHECK_PAYLOAD("4hello", hello, 0);
    const expected_eio_t tests[] = {
        {OC_EIO_MESSAGE, false, "test1", 5},
        {OC_EIO_MESSAGE, false, "test2", 5},
        {OC_EIO_MESSAGE, false, "test3", 5},
    };
    CHECK_PAYLOAD("4test1\x1e"
                  "4test2\x1e"
                  "4test3",
                  tests, 0);
    const expected_eio_t pong[] = {{OC_EIO_PONG, false, "", 0}};
    CHECK_PAYLOAD("3", pong, 0);
    const expected_eio_t close[] = {{OC_EIO_CLOSE, false, "", 0}};
    CHECK_PAYLOAD("1", close, 0);
    const expected_eio_t noop[] = {{OC_EIO_NOOP, false, "", 0}};
    CHECK_PAYLOAD("6", noop, 0);

    /* Socket.IO sample session: two events in one POST. */
    const expected_eio_t events[] = {
        {OC_EIO_MESSAGE, false, "2[\"hello\"]", 10},
        {OC_EIO_MESSAGE, false, "2[\"world\"]", 10},
    };
    CHECK_PAYLOAD("42[\"hello\"]\x1e"
                  "42[\"world\"]",
                  events, 0);
    const expected_eio_t connect[] = {{OC_EIO_MESSAGE, false, "0", 1}};
    CHECK_PAYLOAD("40", connect, 0);
}

static void test_payload_binary(void **state)
{
    (void)state;
    /* An empty binary message, a one-byte one, and two in a row sharing the scratch. */
    const expected_eio_t empty[] = {{OC_EIO_MESSAGE, true, "", 0}};
    CHECK_PAYLOAD("b", empty, 0);
    const expected_eio_t pair[] = {
        {OC_EIO_MESSAGE, true, "\xff", 1},
        {OC_EIO_MESSAGE, true, "\x01\x02", 2},
        {OC_EIO_PING, false, "", 0},
    };
    CHECK_PAYLOAD("b/w==\x1e"
                  "bAQI=\x1e"
                  "2",
                  pair, 0);

    /* The scratch buffer is emptied, not appended to, on every binary packet. */
    oc_eio_payload_iter_t it;
    oc_buf_t scratch = OC_BUF_INIT;
    oc_eio_packet_t p;
    oc_buf_append_str(&scratch, "leftover");
    const char body[] = "bAQIDBA==\x1e"
                        "bBQ==";
    oc_eio_payload_iter_init(&it, body, sizeof(body) - 1);
    assert_int_equal(oc_eio_payload_next(&it, &p, &scratch), 1);
    assert_int_equal(scratch.len, 4);
    assert_int_equal(oc_eio_payload_next(&it, &p, &scratch), 1);
    assert_int_equal(scratch.len, 1);
    assert_packet(&p, OC_EIO_MESSAGE, true, "\x05", 1);
    assert_int_equal(oc_eio_payload_next(&it, &p, &scratch), 0);
    oc_buf_free(&scratch);
}

static void test_payload_malformed(void **state)
{
    (void)state;
    const expected_eio_t none[1] = {{0}};
    const expected_eio_t hello[] = {{OC_EIO_MESSAGE, false, "hello", 5}};

    /* The Engine.IO test suite's invalid body, an empty body and unknown types. */
    check_payload("abc", 3, none, 0, OC_EPROTO);
    check_payload("", 0, none, 0, OC_EPROTO);
    check_payload(NULL, 0, none, 0, OC_EPROTO);
    check_payload("9", 1, none, 0, OC_EPROTO);
    check_payload("7hello", 6, none, 0, OC_EPROTO);
    CHECK_PAYLOAD("4hello\x1e"
                  "9",
                  hello, OC_EPROTO);
    /* Empty packets: between two separators, at the start, at the end, alone. */
    CHECK_PAYLOAD("4hello\x1e\x1e"
                  "4world",
                  hello, OC_EPROTO);
    check_payload("\x1e"
                  "4hello",
                  7, none, 0, OC_EPROTO);
    CHECK_PAYLOAD("4hello\x1e", hello, OC_EPROTO);
    check_payload("\x1e", 1, none, 0, OC_EPROTO);
    /* Bad base64: alphabet, length, padding, trailing bits, a type digit after 'b'. */
    CHECK_PAYLOAD("4hello\x1e"
                  "bAQID!A==",
                  hello, OC_EPROTO);
    check_payload("bAQIDB", 6, none, 0, OC_EPROTO);
    check_payload("bAQ=", 4, none, 0, OC_EPROTO);
    check_payload("bAR==", 5, none, 0, OC_EPROTO);
    check_payload("b4AQIDBA==", 10, none, 0, OC_EPROTO);
    check_payload("bAQIDBA==\n", 10, none, 0, OC_EPROTO);
    /* v3 length-prefixed framing is not recognised: like engine.io-parser, "6:4hello" reads
     * as a noop with data, and the session layer ignores it. */
    const expected_eio_t v3[] = {{OC_EIO_NOOP, false, ":4hello", 7}};
    CHECK_PAYLOAD("6:4hello", v3, 0);

    /* Packets after an error are never reached, even valid ones. */
    oc_eio_payload_iter_t it;
    oc_buf_t scratch = OC_BUF_INIT;
    oc_eio_packet_t p;
    const char body[] = "4a\x1e"
                        "x\x1e"
                        "4b";
    oc_eio_payload_iter_init(&it, body, sizeof(body) - 1);
    assert_int_equal(oc_eio_payload_next(&it, &p, &scratch), 1);
    assert_int_equal(oc_eio_payload_next(&it, &p, &scratch), OC_EPROTO);
    assert_int_equal(oc_eio_payload_next(&it, &p, &scratch), OC_EPROTO);
    oc_buf_free(&scratch);
}

static void test_encode_open(void **state)
{
    (void)state;
    oc_buf_t out = OC_BUF_INIT;

    /* The README's sample session handshake, byte for byte. */
    oc_eio_encode_open(&out, "lv_VI97HAXpY6yYWAAAC", true, 25000, 5000, 1000000);
    static const char polling[] =
        "0{\"sid\":\"lv_VI97HAXpY6yYWAAAC\",\"upgrades\":[\"websocket\"],\"pingInterval\":25000,"
        "\"pingTimeout\":5000,\"maxPayload\":1000000}";
    assert_int_equal(out.len, sizeof(polling) - 1);
    assert_memory_equal(out.data, polling, out.len);

    /* Over WebSocket there is nothing to upgrade to; the buffer is appended to. */
    out.len = 0;
    oc_buf_append_str(&out, "x");
    oc_eio_encode_open(&out, "abc", false, 300, 200, 1000000);
    static const char ws[] = "x0{\"sid\":\"abc\",\"upgrades\":[],\"pingInterval\":300,"
                             "\"pingTimeout\":200,\"maxPayload\":1000000}";
    assert_int_equal(out.len, sizeof(ws) - 1);
    assert_memory_equal(out.data, ws, out.len);

    /* The sid is written as a JSON string, escaped; numbers cover the unsigned range. */
    out.len = 0;
    oc_eio_encode_open(&out, "a\"b\\", false, 0, 4294967295u, 0);
    static const char esc[] = "0{\"sid\":\"a\\\"b\\\\\",\"upgrades\":[],\"pingInterval\":0,"
                              "\"pingTimeout\":4294967295,\"maxPayload\":0}";
    assert_int_equal(out.len, sizeof(esc) - 1);
    assert_memory_equal(out.data, esc, out.len);

    /* The text decodes back as an open packet. */
    oc_eio_packet_t p;
    assert_int_equal(oc_eio_decode_text(out.data, out.len, &p), 0);
    assert_int_equal(p.type, OC_EIO_OPEN);
    assert_int_equal(p.len, out.len - 1);
    oc_buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decode_text_examples), cmocka_unit_test(test_decode_text_malformed),
        cmocka_unit_test(test_payload_examples),     cmocka_unit_test(test_payload_binary),
        cmocka_unit_test(test_payload_malformed),    cmocka_unit_test(test_encode_open),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
