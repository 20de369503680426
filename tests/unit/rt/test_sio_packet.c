/* Unit tests for the Socket.IO v5 packet codec (src/rt/sio_packet.c).
 *
 * The accepted packets are every example of the protocol README and every Socket.IO packet
 * the official test suite sends or expects (without the Engine.IO '4'), decoded field by
 * field. The rejected ones are the suite's malformed packets plus the limits this decoder
 * adds on top of socket.io-parser. */
#include "rt/sio_packet.h"

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

#define MAX_EXPECTED_ARGS 4

typedef struct expected_arg {
    const char *text; /* the element's exact JSON text */
    oc_json_type_t type;
} expected_arg_t;

typedef struct expected_packet {
    const char *in;
    oc_sio_type_t type;
    uint32_t attachments;
    const char *nsp;
    int64_t id;
    const char *data; /* NULL: no payload */
    size_t argc;
    expected_arg_t argv[MAX_EXPECTED_ARGS];
} expected_packet_t;

#define PH0 "{\"_placeholder\":true,\"num\":0}"
#define PH1 "{\"_placeholder\":true,\"num\":1}"

/* Compares a slice of known length with a C string, for assert messages that name both. */
static void assert_slice_eq(const char *ptr, size_t len, const char *want, const char *in)
{
    if (len != strlen(want) || memcmp(ptr, want, len) != 0) {
        print_error("input %s: got \"%.*s\", want \"%s\"\n", in, (int)len, ptr, want);
        fail();
    }
}

static void check_packet(const expected_packet_t *e)
{
    oc_sio_packet_t p;
    size_t len = strlen(e->in);
    int rc = oc_sio_decode(e->in, len, &p);
    if (rc != 0) {
        print_error("input %s: decode returned %d\n", e->in, rc);
        fail();
    }
    assert_int_equal(p.type, e->type);
    assert_int_equal(p.attachments, e->attachments);
    assert_slice_eq(p.nsp, p.nsp_len, e->nsp, e->in);
    assert_true(p.id == e->id);
    if (e->data == NULL) {
        assert_null(p.data);
        assert_int_equal(p.data_len, 0);
    } else {
        assert_non_null(p.data);
        assert_slice_eq(p.data, p.data_len, e->data, e->in);
        /* Borrowed from the input, not copied. */
        assert_true(p.data >= e->in && p.data + p.data_len <= e->in + len);
    }
    assert_int_equal(p.argc, e->argc);
    for (size_t i = 0; i < e->argc && i < MAX_EXPECTED_ARGS; i++) {
        if (e->argv[i].text == NULL) /* the entry checks only the first ones */
            continue;
        assert_slice_eq(p.argv[i].ptr, p.argv[i].len, e->argv[i].text, e->in);
        assert_int_equal(p.argv[i].type, e->argv[i].type);
    }
}

static void check_packets(const expected_packet_t *table, size_t n)
{
    for (size_t i = 0; i < n; i++)
        check_packet(&table[i]);
}

static void check_rejected(const char *const *inputs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        oc_sio_packet_t p;
        int rc = oc_sio_decode(inputs[i], strlen(inputs[i]), &p);
        if (rc != OC_EPROTO) {
            print_error("input \"%s\": decode returned %d, want OC_EPROTO\n", inputs[i], rc);
            fail();
        }
    }
}

/* The "Packet encoding" examples and the sample session of the protocol README. */
static void test_readme_examples(void **state)
{
    (void)state;
    static const expected_packet_t table[] = {
        {"0", OC_SIO_CONNECT, 0, "/", -1, NULL, 0, {{0}}},
        {"0/admin,{\"sid\":\"oSO0OpakMV_3jnilAAAA\"}",
         OC_SIO_CONNECT,
         0,
         "/admin",
         -1,
         "{\"sid\":\"oSO0OpakMV_3jnilAAAA\"}",
         0,
         {{0}}},
        {"4{\"message\":\"Not authorized\"}",
         OC_SIO_CONNECT_ERROR,
         0,
         "/",
         -1,
         "{\"message\":\"Not authorized\"}",
         0,
         {{0}}},
        {"2[\"foo\"]", OC_SIO_EVENT, 0, "/", -1, "[\"foo\"]", 1, {{"\"foo\"", OC_JSON_STRING}}},
        {"2/admin,[\"bar\"]",
         OC_SIO_EVENT,
         0,
         "/admin",
         -1,
         "[\"bar\"]",
         1,
         {{"\"bar\"", OC_JSON_STRING}}},
        {"51-[\"baz\"," PH0 "]",
         OC_SIO_BINARY_EVENT,
         1,
         "/",
         -1,
         "[\"baz\"," PH0 "]",
         2,
         {{"\"baz\"", OC_JSON_STRING}, {PH0, OC_JSON_OBJECT}}},
        {"52-/admin,[\"baz\"," PH0 "," PH1 "]",
         OC_SIO_BINARY_EVENT,
         2,
         "/admin",
         -1,
         "[\"baz\"," PH0 "," PH1 "]",
         3,
         {{"\"baz\"", OC_JSON_STRING}, {PH0, OC_JSON_OBJECT}, {PH1, OC_JSON_OBJECT}}},
        {"212[\"foo\"]", OC_SIO_EVENT, 0, "/", 12, "[\"foo\"]", 1, {{"\"foo\"", OC_JSON_STRING}}},
        {"3/admin,13[\"bar\"]",
         OC_SIO_ACK,
         0,
         "/admin",
         13,
         "[\"bar\"]",
         1,
         {{"\"bar\"", OC_JSON_STRING}}},
        {"61-15[\"bar\"," PH0 "]",
         OC_SIO_BINARY_ACK,
         1,
         "/",
         15,
         "[\"bar\"," PH0 "]",
         2,
         {{"\"bar\"", OC_JSON_STRING}, {PH0, OC_JSON_OBJECT}}},
        {"1", OC_SIO_DISCONNECT, 0, "/", -1, NULL, 0, {{0}}},
        {"1/admin,", OC_SIO_DISCONNECT, 0, "/admin", -1, NULL, 0, {{0}}},
        /* Sample session. */
        {"0{\"sid\":\"wZX3oN0bSVIhsaknAAAI\"}",
         OC_SIO_CONNECT,
         0,
         "/",
         -1,
         "{\"sid\":\"wZX3oN0bSVIhsaknAAAI\"}",
         0,
         {{0}}},
        {"2[\"hey\",\"Jude\"]",
         OC_SIO_EVENT,
         0,
         "/",
         -1,
         "[\"hey\",\"Jude\"]",
         2,
         {{"\"hey\"", OC_JSON_STRING}, {"\"Jude\"", OC_JSON_STRING}}},
        {"2[\"hello\"]",
         OC_SIO_EVENT,
         0,
         "/",
         -1,
         "[\"hello\"]",
         1,
         {{"\"hello\"", OC_JSON_STRING}}},
        {"2[\"world\"]",
         OC_SIO_EVENT,
         0,
         "/",
         -1,
         "[\"world\"]",
         1,
         {{"\"world\"", OC_JSON_STRING}}},
        {"0/admin,", OC_SIO_CONNECT, 0, "/admin", -1, NULL, 0, {{0}}},
        {"0/admin,{\"sid\":\"-G5j-67EZFp-q59rADQM\"}",
         OC_SIO_CONNECT,
         0,
         "/admin",
         -1,
         "{\"sid\":\"-G5j-67EZFp-q59rADQM\"}",
         0,
         {{0}}},
        {"2/admin,1[\"tellme\"]",
         OC_SIO_EVENT,
         0,
         "/admin",
         1,
         "[\"tellme\"]",
         1,
         {{"\"tellme\"", OC_JSON_STRING}}},
        {"61-/admin,1[" PH0 "]",
         OC_SIO_BINARY_ACK,
         1,
         "/admin",
         1,
         "[" PH0 "]",
         1,
         {{PH0, OC_JSON_OBJECT}}},
    };
    check_packets(table, OC_ARRAY_LEN(table));
}

/* Every Socket.IO packet that test-suite/test-suite.js sends or expects to receive. */
static void test_test_suite_packets(void **state)
{
    (void)state;
    static const expected_packet_t table[] = {
        {"0", OC_SIO_CONNECT, 0, "/", -1, NULL, 0, {{0}}},
        {"2[\"auth\",{}]",
         OC_SIO_EVENT,
         0,
         "/",
         -1,
         "[\"auth\",{}]",
         2,
         {{"\"auth\"", OC_JSON_STRING}, {"{}", OC_JSON_OBJECT}}},
        {"0{\"token\":\"123\"}", OC_SIO_CONNECT, 0, "/", -1, "{\"token\":\"123\"}", 0, {{0}}},
        {"2[\"auth\",{\"token\":\"123\"}]",
         OC_SIO_EVENT,
         0,
         "/",
         -1,
         "[\"auth\",{\"token\":\"123\"}]",
         2,
         {{"\"auth\"", OC_JSON_STRING}, {"{\"token\":\"123\"}", OC_JSON_OBJECT}}},
        {"0/custom,", OC_SIO_CONNECT, 0, "/custom", -1, NULL, 0, {{0}}},
        {"2/custom,[\"auth\",{}]",
         OC_SIO_EVENT,
         0,
         "/custom",
         -1,
         "[\"auth\",{}]",
         2,
         {{"\"auth\"", OC_JSON_STRING}, {"{}", OC_JSON_OBJECT}}},
        {"0/custom,{\"token\":\"abc\"}",
         OC_SIO_CONNECT,
         0,
         "/custom",
         -1,
         "{\"token\":\"abc\"}",
         0,
         {{0}}},
        {"2/custom,[\"auth\",{\"token\":\"abc\"}]",
         OC_SIO_EVENT,
         0,
         "/custom",
         -1,
         "[\"auth\",{\"token\":\"abc\"}]",
         2,
         {{"\"auth\"", OC_JSON_STRING}, {"{\"token\":\"abc\"}", OC_JSON_OBJECT}}},
        {"0/random", OC_SIO_CONNECT, 0, "/random", -1, NULL, 0, {{0}}},
        {"4/random,{\"message\":\"Invalid namespace\"}",
         OC_SIO_CONNECT_ERROR,
         0,
         "/random",
         -1,
         "{\"message\":\"Invalid namespace\"}",
         0,
         {{0}}},
        {"1", OC_SIO_DISCONNECT, 0, "/", -1, NULL, 0, {{0}}},
        {"0/custom", OC_SIO_CONNECT, 0, "/custom", -1, NULL, 0, {{0}}},
        {"1/custom", OC_SIO_DISCONNECT, 0, "/custom", -1, NULL, 0, {{0}}},
        {"2[\"message\",\"message to main namespace\"]",
         OC_SIO_EVENT,
         0,
         "/",
         -1,
         "[\"message\",\"message to main namespace\"]",
         2,
         {{"\"message\"", OC_JSON_STRING}, {"\"message to main namespace\"", OC_JSON_STRING}}},
        {"2[\"message-back\",\"message to main namespace\"]",
         OC_SIO_EVENT,
         0,
         "/",
         -1,
         "[\"message-back\",\"message to main namespace\"]",
         2,
         {{"\"message-back\"", OC_JSON_STRING}, {"\"message to main namespace\"", OC_JSON_STRING}}},
        {"2[\"message\",1,\"2\",{\"3\":[true]}]",
         OC_SIO_EVENT,
         0,
         "/",
         -1,
         "[\"message\",1,\"2\",{\"3\":[true]}]",
         4,
         {{"\"message\"", OC_JSON_STRING},
          {"1", OC_JSON_NUMBER},
          {"\"2\"", OC_JSON_STRING},
          {"{\"3\":[true]}", OC_JSON_OBJECT}}},
        {"2[\"message-back\",1,\"2\",{\"3\":[true]}]",
         OC_SIO_EVENT,
         0,
         "/",
         -1,
         "[\"message-back\",1,\"2\",{\"3\":[true]}]",
         4,
         {{"\"message-back\"", OC_JSON_STRING},
          {"1", OC_JSON_NUMBER},
          {"\"2\"", OC_JSON_STRING},
          {"{\"3\":[true]}", OC_JSON_OBJECT}}},
        {"52-[\"message\"," PH0 "," PH1 "]",
         OC_SIO_BINARY_EVENT,
         2,
         "/",
         -1,
         "[\"message\"," PH0 "," PH1 "]",
         3,
         {{"\"message\"", OC_JSON_STRING}, {PH0, OC_JSON_OBJECT}, {PH1, OC_JSON_OBJECT}}},
        {"52-[\"message-back\"," PH0 "," PH1 "]",
         OC_SIO_BINARY_EVENT,
         2,
         "/",
         -1,
         "[\"message-back\"," PH0 "," PH1 "]",
         3,
         {{"\"message-back\"", OC_JSON_STRING}, {PH0, OC_JSON_OBJECT}, {PH1, OC_JSON_OBJECT}}},
        {"2456[\"message-with-ack\",1,\"2\",{\"3\":[false]}]",
         OC_SIO_EVENT,
         0,
         "/",
         456,
         "[\"message-with-ack\",1,\"2\",{\"3\":[false]}]",
         4,
         {{"\"message-with-ack\"", OC_JSON_STRING},
          {"1", OC_JSON_NUMBER},
          {"\"2\"", OC_JSON_STRING},
          {"{\"3\":[false]}", OC_JSON_OBJECT}}},
        {"3456[1,\"2\",{\"3\":[false]}]",
         OC_SIO_ACK,
         0,
         "/",
         456,
         "[1,\"2\",{\"3\":[false]}]",
         3,
         {{"1", OC_JSON_NUMBER}, {"\"2\"", OC_JSON_STRING}, {"{\"3\":[false]}", OC_JSON_OBJECT}}},
        {"52-789[\"message-with-ack\"," PH0 "," PH1 "]",
         OC_SIO_BINARY_EVENT,
         2,
         "/",
         789,
         "[\"message-with-ack\"," PH0 "," PH1 "]",
         3,
         {{"\"message-with-ack\"", OC_JSON_STRING}, {PH0, OC_JSON_OBJECT}, {PH1, OC_JSON_OBJECT}}},
        {"62-789[" PH0 "," PH1 "]",
         OC_SIO_BINARY_ACK,
         2,
         "/",
         789,
         "[" PH0 "," PH1 "]",
         2,
         {{PH0, OC_JSON_OBJECT}, {PH1, OC_JSON_OBJECT}}},
    };
    check_packets(table, OC_ARRAY_LEN(table));

    /* "4abc", "42{}" and "42abc[...]" on the wire. */
    static const char *const bad[] = {
        "abc",
        "2{}",
        "2abc[\"message-with-ack\",1,\"2\",{\"3\":[false]}]",
    };
    check_rejected(bad, OC_ARRAY_LEN(bad));
}

/* Valid packets at the edges of the grammar. */
static void test_edge_cases_accepted(void **state)
{
    (void)state;
    static const expected_packet_t table[] = {
        /* Number event names are allowed, as is the empty string. */
        {"2[1]", OC_SIO_EVENT, 0, "/", -1, "[1]", 1, {{"1", OC_JSON_NUMBER}}},
        {"2[-1.5e3,null]",
         OC_SIO_EVENT,
         0,
         "/",
         -1,
         "[-1.5e3,null]",
         2,
         {{"-1.5e3", OC_JSON_NUMBER}, {"null", OC_JSON_NULL}}},
        {"2[\"\"]", OC_SIO_EVENT, 0, "/", -1, "[\"\"]", 1, {{"\"\"", OC_JSON_STRING}}},
        /* A reserved name that differs in case is just a name. */
        {"2[\"Connect\"]",
         OC_SIO_EVENT,
         0,
         "/",
         -1,
         "[\"Connect\"]",
         1,
         {{"\"Connect\"", OC_JSON_STRING}}},
        {"2[\"message\",\"connect\"]",
         OC_SIO_EVENT,
         0,
         "/",
         -1,
         "[\"message\",\"connect\"]",
         2,
         {{"\"message\"", OC_JSON_STRING}, {"\"connect\"", OC_JSON_STRING}}},
        /* An ACK may carry no values. */
        {"3[]", OC_SIO_ACK, 0, "/", -1, "[]", 0, {{0}}},
        {"37[]", OC_SIO_ACK, 0, "/", 7, "[]", 0, {{0}}},
        {"4\"not allowed\"", OC_SIO_CONNECT_ERROR, 0, "/", -1, "\"not allowed\"", 0, {{0}}},
        {"0{}", OC_SIO_CONNECT, 0, "/", -1, "{}", 0, {{0}}},
        /* White space around the payload is JSON's and is trimmed from data. */
        {"2 [ \"x\" , 1 ]\n",
         OC_SIO_EVENT,
         0,
         "/",
         -1,
         "[ \"x\" , 1 ]",
         2,
         {{"\"x\"", OC_JSON_STRING}, {"1", OC_JSON_NUMBER}}},
        {"0/admin,\t{\"a\":1} ", OC_SIO_CONNECT, 0, "/admin", -1, "{\"a\":1}", 0, {{0}}},
        /* Namespace edge cases: "/" written out, ids after it, odd bytes inside it. */
        {"0/", OC_SIO_CONNECT, 0, "/", -1, NULL, 0, {{0}}},
        {"2/,[\"x\"]", OC_SIO_EVENT, 0, "/", -1, "[\"x\"]", 1, {{"\"x\"", OC_JSON_STRING}}},
        {"2/admin,12[\"x\"]",
         OC_SIO_EVENT,
         0,
         "/admin",
         12,
         "[\"x\"]",
         1,
         {{"\"x\"", OC_JSON_STRING}}},
        {"1/a12", OC_SIO_DISCONNECT, 0, "/a12", -1, NULL, 0, {{0}}},
        {"0/a b/c", OC_SIO_CONNECT, 0, "/a b/c", -1, NULL, 0, {{0}}},
        /* Ids: zero, leading zeros (as socket.io-parser reads them), 15 digits. */
        {"20[\"x\"]", OC_SIO_EVENT, 0, "/", 0, "[\"x\"]", 1, {{"\"x\"", OC_JSON_STRING}}},
        {"2012[\"x\"]", OC_SIO_EVENT, 0, "/", 12, "[\"x\"]", 1, {{"\"x\"", OC_JSON_STRING}}},
        {"2999999999999999[\"x\"]",
         OC_SIO_EVENT,
         0,
         "/",
         INT64_C(999999999999999),
         "[\"x\"]",
         1,
         {{"\"x\"", OC_JSON_STRING}}},
        {"3/admin,123456789012345[]",
         OC_SIO_ACK,
         0,
         "/admin",
         INT64_C(123456789012345),
         "[]",
         0,
         {{0}}},
        /* socket.io-parser accepts ids on any type; the session layer ignores them. */
        {"15", OC_SIO_DISCONNECT, 0, "/", 5, NULL, 0, {{0}}},
        /* Ten attachments, the most allowed, numbered in any order. */
        {"510-[\"f\",[{\"_placeholder\":true,\"num\":9},{\"_placeholder\":true,\"num\":8}],"
         "{\"_placeholder\":true,\"num\":7},{\"_placeholder\":true,\"num\":6},"
         "{\"_placeholder\":true,\"num\":5},{\"_placeholder\":true,\"num\":4},"
         "{\"_placeholder\":true,\"num\":3},{\"_placeholder\":true,\"num\":2},"
         "{\"a\":{\"_placeholder\":true,\"num\":1}}," PH0 "]",
         OC_SIO_BINARY_EVENT,
         10,
         "/",
         -1,
         "[\"f\",[{\"_placeholder\":true,\"num\":9},{\"_placeholder\":true,\"num\":8}],"
         "{\"_placeholder\":true,\"num\":7},{\"_placeholder\":true,\"num\":6},"
         "{\"_placeholder\":true,\"num\":5},{\"_placeholder\":true,\"num\":4},"
         "{\"_placeholder\":true,\"num\":3},{\"_placeholder\":true,\"num\":2},"
         "{\"a\":{\"_placeholder\":true,\"num\":1}}," PH0 "]",
         10,
         {{"\"f\"", OC_JSON_STRING}}},
        /* Key order and spacing inside a placeholder do not matter. */
        {"61-[{ \"num\" : 0 , \"_placeholder\" : true }]",
         OC_SIO_BINARY_ACK,
         1,
         "/",
         -1,
         "[{ \"num\" : 0 , \"_placeholder\" : true }]",
         1,
         {{"{ \"num\" : 0 , \"_placeholder\" : true }", OC_JSON_OBJECT}}},
    };
    check_packets(table, OC_ARRAY_LEN(table));
}

static void test_malformed_rejected(void **state)
{
    (void)state;
    static const char *const bad[] = {
        /* Type. */
        "",
        "7",
        "9",
        "a",
        "-1",
        " 2[\"x\"]",
        /* Attachments: missing count, count without '-', count on a non-binary type, zero,
         * leading zero, too many, not digits, no payload. */
        "5-[\"x\"," PH0 "]",
        "5[\"x\"]",
        "51[\"x\"," PH0 "]",
        "21-[\"x\"]",
        "01-{}",
        "31-[" PH0 "]",
        "50-[\"x\"]",
        "601-[" PH0 "]",
        "511-[\"x\"]",
        "5100-[\"x\"]",
        "5 1-[\"x\"," PH0 "]",
        "51e0-[\"x\"," PH0 "]",
        "51-",
        "51-/admin,",
        "61-7",
        /* Declared attachments that do not match the placeholders. */
        "51-[\"x\"]",
        "52-[\"x\"," PH0 "]",
        "51-[\"x\"," PH1 "]",
        "52-[\"x\"," PH0 "," PH0 "]",
        "51-[\"x\",{\"_placeholder\":true,\"num\":\"0\"}]",
        "51-[\"x\",{\"_placeholder\":true,\"num\":0,\"extra\":1}]",
        "61-[{\"_placeholder\":true}]",
        /* Reserved event names, plain, escaped and in binary events. */
        "2[\"connect\"]",
        "2[\"connect_error\"]",
        "2[\"disconnect\"]",
        "2[\"disconnecting\"]",
        "2[\"newListener\"]",
        "2[\"removeListener\"]",
        "2[\"\\u0063onnect\"]",
        "2/admin,5[\"disconnect\",1]",
        "51-[\"disconnect\"," PH0 "]",
        /* Event names that are neither strings nor numbers, and empty events. */
        "2[]",
        "2[ ]",
        "5[]",
        "2[{}]",
        "2[null]",
        "2[true]",
        "2[[\"x\"]]",
        /* Missing or wrongly typed payloads. */
        "2",
        "2/admin,",
        "212",
        "3",
        "37",
        "3{}",
        "3\"x\"",
        "4",
        "4/admin,",
        "4[]",
        "4null",
        "412",
        "1{}",
        "1/admin,{}",
        "1[]",
        "1 ",
        "0[]",
        "0[\"x\"]",
        "0\"x\"",
        "0null",
        "01.5",
        "0 ",
        "0/admin,[]",
        /* Bad JSON. */
        "2[\"x\"",
        "2[\"x\"]]",
        "2[\"x\",]",
        "2[\"x\"] [1]",
        "2['x']",
        "0{\"a\":1,}",
        "0{a:1}",
        "2[\"x\"]\x1e",
        /* Ack ids: 16 digits, digits then junk, space before the digits. */
        "21234567890123456[\"x\"]",
        "2/admin,0000000000000001[\"x\"]",
        "21a[\"x\"]",
        "2 1[\"x\"]",
        "2/admin, 1[\"x\"]",
        /* A namespace must start with '/' and stops at the first ','. */
        "2admin,[\"x\"]",
        "2/admin[\"x\"]",
        "0/a,/b,{}",
    };
    check_rejected(bad, OC_ARRAY_LEN(bad));
}

static void test_namespace_length_limit(void **state)
{
    (void)state;
    char in[400];
    oc_sio_packet_t p;

    /* "0" + "/" + 255 'a' + "," : 256 bytes of namespace, the most allowed. */
    in[0] = '0';
    in[1] = '/';
    memset(in + 2, 'a', 255);
    in[257] = ',';
    assert_int_equal(oc_sio_decode(in, 258, &p), 0);
    assert_int_equal(p.nsp_len, 256);
    assert_ptr_equal(p.nsp, in + 1);
    /* Without the comma too. */
    assert_int_equal(oc_sio_decode(in, 257, &p), 0);
    assert_int_equal(p.nsp_len, 256);

    /* One byte more, with or without the comma, with a payload after it. */
    memset(in + 2, 'a', 256);
    in[258] = ',';
    assert_int_equal(oc_sio_decode(in, 259, &p), OC_EPROTO);
    assert_int_equal(oc_sio_decode(in, 258, &p), OC_EPROTO);
    memcpy(in + 259, "{}", 2);
    assert_int_equal(oc_sio_decode(in, 261, &p), OC_EPROTO);
}

/* More elements than argv holds: argc counts them all, argv keeps the first ones. */
static void test_many_arguments(void **state)
{
    (void)state;
    oc_buf_t in = OC_BUF_INIT;
    oc_buf_append_str(&in, "2[\"many\"");
    for (int i = 1; i < 40; i++)
        oc_buf_printf(&in, ",%d", i);
    oc_buf_append_char(&in, ']');

    oc_sio_packet_t p;
    assert_int_equal(oc_sio_decode(in.data, in.len, &p), 0);
    assert_int_equal(p.argc, 40);
    assert_slice_eq(p.argv[0].ptr, p.argv[0].len, "\"many\"", "many");
    assert_slice_eq(p.argv[OC_SIO_MAX_ARGS - 1].ptr, p.argv[OC_SIO_MAX_ARGS - 1].len, "31", "many");
    assert_int_equal(p.argv[OC_SIO_MAX_ARGS - 1].type, OC_JSON_NUMBER);
    assert_int_equal(p.data_len, in.len - 1);
    oc_buf_free(&in);
}

/* Input that is not NUL-terminated: the decoder reads only len bytes. */
static void test_reads_only_len_bytes(void **state)
{
    (void)state;
    const char in[] = "212[\"x\"]9999";
    oc_sio_packet_t p;
    assert_int_equal(oc_sio_decode(in, 8, &p), 0);
    assert_int_equal(p.id, 12);
    assert_int_equal(p.data_len, 5);
    /* Cut inside the namespace, the id and the payload. */
    assert_int_equal(oc_sio_decode("0/admin,{}", 4, &p), 0);
    assert_slice_eq(p.nsp, p.nsp_len, "/ad", "cut nsp");
    assert_int_equal(oc_sio_decode("1234[]", 3, &p), 0);
    assert_int_equal(p.id, 23);
    assert_int_equal(oc_sio_decode("2[\"x\"]", 5, &p), OC_EPROTO);
    assert_int_equal(oc_sio_decode("51-[]", 2, &p), OC_EPROTO);
}

static int placeholder_num_of(const char *json)
{
    oc_json_slice_t v;
    assert_int_equal(oc_json_validate(json, strlen(json), &v), 0);
    return oc_sio_placeholder_num(&v);
}

static void test_placeholder_num(void **state)
{
    (void)state;
    assert_int_equal(placeholder_num_of(PH0), 0);
    assert_int_equal(placeholder_num_of(PH1), 1);
    assert_int_equal(placeholder_num_of("{\"num\":7,\"_placeholder\":true}"), 7);
    assert_int_equal(placeholder_num_of(" {\n\"_placeholder\" :\ttrue ,\r\"num\": 42 } "), 42);
    assert_int_equal(placeholder_num_of("{\"\\u005fplaceholder\":true,\"n\\u0075m\":3}"), 3);
    assert_int_equal(placeholder_num_of("{\"_placeholder\":true,\"num\":123456789}"), 123456789);

    assert_int_equal(placeholder_num_of("{\"_placeholder\":true,\"num\":1234567890}"), -1);
    assert_int_equal(placeholder_num_of("{\"_placeholder\":false,\"num\":0}"), -1);
    assert_int_equal(placeholder_num_of("{\"_placeholder\":1,\"num\":0}"), -1);
    assert_int_equal(placeholder_num_of("{\"_placeholder\":\"true\",\"num\":0}"), -1);
    assert_int_equal(placeholder_num_of("{\"_placeholder\":true}"), -1);
    assert_int_equal(placeholder_num_of("{\"num\":0}"), -1);
    assert_int_equal(placeholder_num_of("{}"), -1);
    assert_int_equal(placeholder_num_of("{\"_placeholder\":true,\"num\":0,\"x\":1}"), -1);
    assert_int_equal(placeholder_num_of("{\"_placeholder\":true,\"num\":0,\"num\":1}"), -1);
    assert_int_equal(placeholder_num_of("{\"_placeholder\":true,\"_placeholder\":true}"), -1);
    assert_int_equal(placeholder_num_of("{\"_placeholder\":true,\"num\":-1}"), -1);
    assert_int_equal(placeholder_num_of("{\"_placeholder\":true,\"num\":-0}"), -1);
    assert_int_equal(placeholder_num_of("{\"_placeholder\":true,\"num\":1.0}"), -1);
    assert_int_equal(placeholder_num_of("{\"_placeholder\":true,\"num\":1e0}"), -1);
    assert_int_equal(placeholder_num_of("{\"_placeholder\":true,\"num\":\"0\"}"), -1);
    assert_int_equal(placeholder_num_of("{\"_placeholder\":true,\"num\":[0]}"), -1);
    assert_int_equal(placeholder_num_of("{\"_Placeholder\":true,\"num\":0}"), -1);
    assert_int_equal(placeholder_num_of("[" PH0 "]"), -1);
    assert_int_equal(placeholder_num_of("\"{\\\"_placeholder\\\":true,\\\"num\\\":0}\""), -1);
    assert_int_equal(placeholder_num_of("0"), -1);
    assert_int_equal(oc_sio_placeholder_num(NULL), -1);

    /* A slice that lies about its type is refused, not misread. */
    oc_json_slice_t lie = {"[1]", 3, OC_JSON_OBJECT};
    assert_int_equal(oc_sio_placeholder_num(&lie), -1);
}

static int placeholders_in(const char *json)
{
    return oc_sio_placeholders_check(json, strlen(json));
}

static void test_placeholders_check(void **state)
{
    (void)state;
    assert_int_equal(placeholders_in("[]"), 0);
    assert_int_equal(placeholders_in("[\"x\",{\"a\":[1,2]},null]"), 0);
    assert_int_equal(placeholders_in("{}"), 0);
    assert_int_equal(placeholders_in("\"text\""), 0);
    assert_int_equal(placeholders_in("3"), 0);
    /* Placeholder look-alikes that are plain data: inside a string, or _placeholder false. */
    assert_int_equal(placeholders_in("[\"{\\\"_placeholder\\\":true,\\\"num\\\":0}\"]"), 0);
    assert_int_equal(placeholders_in("[{\"_placeholder\":false,\"num\":0}]"), 0);
    assert_int_equal(placeholders_in("[{\"_placeholder\":\"true\"}]"), 0);
    assert_int_equal(placeholders_in("[{\"x\":{\"_placeholder\":0}}]"), 0);

    assert_int_equal(placeholders_in(PH0), 1);
    assert_int_equal(placeholders_in("[\"x\"," PH0 "]"), 1);
    assert_int_equal(placeholders_in("{\"a\":" PH0 "}"), 1);
    assert_int_equal(placeholders_in("[{\"a\":[" PH1 "]}, " PH0 "]"), 2);
    assert_int_equal(placeholders_in(" [[[[" PH0 "]]]] "), 1);

    /* Gaps, duplicates, out of range, too many, near-misses, bad JSON. */
    assert_int_equal(placeholders_in("[" PH1 "]"), OC_EPROTO);
    assert_int_equal(placeholders_in("[" PH0 "," PH0 "]"), OC_EPROTO);
    assert_int_equal(placeholders_in("[{\"_placeholder\":true,\"num\":10}]"), OC_EPROTO);
    assert_int_equal(placeholders_in("[{\"_placeholder\":true,\"num\":31}]"), OC_EPROTO);
    assert_int_equal(placeholders_in("[{\"_placeholder\":true,\"num\":99999}]"), OC_EPROTO);
    assert_int_equal(placeholders_in("[{\"_placeholder\":true,\"num\":0,\"x\":1}]"), OC_EPROTO);
    assert_int_equal(placeholders_in("[{\"_placeholder\":true,\"num\":\"0\"}]"), OC_EPROTO);
    assert_int_equal(placeholders_in("[{\"_placeholder\":true}]"), OC_EPROTO);
    assert_int_equal(placeholders_in("[{\"\\u005fplaceholder\":true,\"num\":-1}]"), OC_EPROTO);
    assert_int_equal(placeholders_in("[" PH0), OC_EPROTO);
    assert_int_equal(placeholders_in(""), OC_EPROTO);
    assert_int_equal(oc_sio_placeholders_check(NULL, 0), OC_EPROTO);

    /* Ten is the limit; an eleventh is refused even though its num is fresh. */
    oc_buf_t json = OC_BUF_INIT;
    oc_buf_append_char(&json, '[');
    for (int i = 0; i < 10; i++)
        oc_buf_printf(&json, "%s{\"_placeholder\":true,\"num\":%d}", i ? "," : "", i);
    oc_buf_append_char(&json, ']');
    assert_int_equal(oc_sio_placeholders_check(json.data, json.len), 10);
    json.len--;
    oc_buf_append_str(&json, ",{\"_placeholder\":true,\"num\":10}]");
    assert_int_equal(oc_sio_placeholders_check(json.data, json.len), OC_EPROTO);
    oc_buf_free(&json);

    /* The deepest nesting the scanner allows still works. */
    oc_buf_t deep = OC_BUF_INIT;
    for (int i = 0; i < OC_JSON_MAX_DEPTH - 1; i++)
        oc_buf_append_char(&deep, '[');
    oc_buf_append_str(&deep, PH0);
    for (int i = 0; i < OC_JSON_MAX_DEPTH - 1; i++)
        oc_buf_append_char(&deep, ']');
    assert_int_equal(oc_sio_placeholders_check(deep.data, deep.len), 1);
    oc_buf_free(&deep);
}

static void test_encode_head(void **state)
{
    (void)state;
    oc_buf_t out = OC_BUF_INIT;
    struct {
        oc_sio_type_t type;
        uint32_t attachments;
        const char *nsp;
        int64_t id;
        const char *want;
    } cases[] = {
        {OC_SIO_CONNECT, 0, "/", -1, "0"},
        {OC_SIO_CONNECT, 0, "/admin", -1, "0/admin,"},
        {OC_SIO_DISCONNECT, 0, "/", -1, "1"},
        {OC_SIO_EVENT, 0, "", -1, "2"},
        {OC_SIO_EVENT, 0, "/", 12, "212"},
        {OC_SIO_ACK, 0, "/admin", 13, "3/admin,13"},
        {OC_SIO_ACK, 0, "/", 0, "30"},
        {OC_SIO_CONNECT_ERROR, 0, "/random", -1, "4/random,"},
        {OC_SIO_BINARY_EVENT, 1, "/", -1, "51-"},
        {OC_SIO_BINARY_EVENT, 2, "/admin", -1, "52-/admin,"},
        {OC_SIO_BINARY_ACK, 1, "/", 15, "61-15"},
        {OC_SIO_BINARY_ACK, 10, "/admin", 999999999999999, "610-/admin,999999999999999"},
    };
    for (size_t i = 0; i < OC_ARRAY_LEN(cases); i++) {
        out.len = 0;
        oc_sio_encode_head(&out, cases[i].type, cases[i].attachments, cases[i].nsp,
                           strlen(cases[i].nsp), cases[i].id);
        assert_slice_eq(out.data, out.len, cases[i].want, cases[i].want);
    }

    /* Appends: what is already in the buffer stays. */
    out.len = 0;
    oc_buf_append_char(&out, '4');
    oc_sio_encode_head(&out, OC_SIO_EVENT, 0, "/chat", 5, 3);
    oc_buf_append_str(&out, "[\"x\"]");
    assert_slice_eq(out.data, out.len, "42/chat,3[\"x\"]", "append");
    oc_buf_free(&out);
}

/* encode_head + payload decodes back to the same fields. */
static void test_round_trip(void **state)
{
    (void)state;
    struct {
        oc_sio_type_t type;
        uint32_t attachments;
        const char *nsp;
        int64_t id;
        const char *data; /* "" for none */
        size_t argc;
    } cases[] = {
        {OC_SIO_CONNECT, 0, "/", -1, "", 0},
        {OC_SIO_CONNECT, 0, "/admin", -1, "{\"token\":\"123\"}", 0},
        {OC_SIO_CONNECT, 0, "/admin", 7, "", 0},
        {OC_SIO_DISCONNECT, 0, "/chat", -1, "", 0},
        {OC_SIO_EVENT, 0, "/", -1, "[\"x\"]", 1},
        {OC_SIO_EVENT, 0, "/admin", 12, "[\"x\",1,{\"a\":[]}]", 3},
        {OC_SIO_EVENT, 0, "/zone/42,", 5, "[7]", 1},
        {OC_SIO_ACK, 0, "/", 999999999999999, "[]", 0},
        {OC_SIO_CONNECT_ERROR, 0, "/x", -1, "{\"message\":\"no\"}", 0},
        {OC_SIO_CONNECT_ERROR, 0, "/", -1, "\"no\"", 0},
        {OC_SIO_BINARY_EVENT, 1, "/", 0, "[\"up\"," PH0 "]", 2},
        {OC_SIO_BINARY_ACK, 2, "/a", 3, "[" PH1 "," PH0 "]", 2},
    };
    oc_buf_t out = OC_BUF_INIT;
    for (size_t i = 0; i < OC_ARRAY_LEN(cases); i++) {
        /* A namespace with a ',' cannot be written; the test's one stops before it. */
        const char *nsp = cases[i].nsp;
        size_t nsp_len = strcspn(nsp, ",");
        out.len = 0;
        oc_sio_encode_head(&out, cases[i].type, cases[i].attachments, nsp, nsp_len, cases[i].id);
        oc_buf_append_str(&out, cases[i].data);

        oc_sio_packet_t p;
        assert_int_equal(oc_sio_decode(out.data, out.len, &p), 0);
        assert_int_equal(p.type, cases[i].type);
        assert_int_equal(p.attachments, cases[i].attachments);
        assert_int_equal(p.nsp_len, nsp_len);
        assert_memory_equal(p.nsp, nsp, nsp_len);
        assert_true(p.id == cases[i].id);
        if (cases[i].data[0] == '\0') {
            assert_null(p.data);
        } else {
            assert_slice_eq(p.data, p.data_len, cases[i].data, cases[i].data);
        }
        assert_int_equal(p.argc, cases[i].argc);
    }
    oc_buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_readme_examples),
        cmocka_unit_test(test_test_suite_packets),
        cmocka_unit_test(test_edge_cases_accepted),
        cmocka_unit_test(test_malformed_rejected),
        cmocka_unit_test(test_namespace_length_limit),
        cmocka_unit_test(test_many_arguments),
        cmocka_unit_test(test_reads_only_len_bytes),
        cmocka_unit_test(test_placeholder_num),
        cmocka_unit_test(test_placeholders_check),
        cmocka_unit_test(test_encode_head),
        cmocka_unit_test(test_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
