/* Unit test of the load generator's wire formats and latency histogram (bench/loadgen/wire.c,
 * hist.c): exact bytes for what it sends, exact results for what it parses, and no crash or
 * out-of-bounds read on random frames, since a benchmark that misparses under load would
 * report wrong figures rather than fail. Plain C with its own checks so it needs nothing the
 * benchmark does not; registered with CTest by bench/CMakeLists.txt. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loadgen/hist.h"
#include "loadgen/wire.h"

static int passed, failed;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (cond) {                                                                                \
            passed++;                                                                              \
        } else {                                                                                   \
            failed++;                                                                              \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);               \
        }                                                                                          \
    } while (0)

static void test_frame_roundtrip(void)
{
    /* Payload lengths on both sides of the 7-bit and 16-bit length boundaries. */
    static const size_t lens[] = {0, 1, 125, 126, 127, 65535, 65536, 70000};
    static uint8_t payload[70000], frame[70000 + LG_WS_MAX_HEADER];
    for (size_t i = 0; i < sizeof(payload); i++)
        payload[i] = (uint8_t)(i * 7);
    for (size_t k = 0; k < sizeof(lens) / sizeof(lens[0]); k++) {
        size_t n = lg_ws_frame_encode(frame, LG_WS_TEXT, payload, lens[k], 0xa1b2c3d4);
        size_t head = lens[k] < 126 ? 6 : lens[k] <= 0xffff ? 8 : 14;
        CHECK(n == head + lens[k]);
        CHECK(frame[0] == 0x81);
        CHECK(frame[1] & 0x80);
        lg_ws_frame_t f;
        CHECK(lg_ws_frame_parse(frame, n - 1, 1 << 20, &f) == 0); /* one byte short */
        CHECK(lg_ws_frame_parse(frame, n, 1 << 20, &f) == 1);
        CHECK(f.opcode == LG_WS_TEXT && f.fin && f.len == lens[k] && f.frame_len == n);
        CHECK(memcmp(f.payload, payload, lens[k]) == 0); /* unmasked in place */
    }
}

static void test_frame_parse_server(void)
{
    uint8_t small[] = {0x81, 0x03, '4', '2', '['};
    lg_ws_frame_t f;
    CHECK(lg_ws_frame_parse(small, sizeof(small), 100, &f) == 1);
    CHECK(f.len == 3 && f.payload == small + 2 && f.frame_len == 5);
    uint8_t medium[4 + 300] = {0x01, 126, 0x01, 0x2c}; /* FIN clear: a first fragment */
    CHECK(lg_ws_frame_parse(medium, sizeof(medium), 1000, &f) == 1);
    CHECK(!f.fin && f.len == 300 && f.frame_len == 304);
    uint8_t huge[10] = {0x82, 127, 0, 0, 0, 1, 0, 0, 0, 0}; /* 2^32 bytes declared */
    CHECK(lg_ws_frame_parse(huge, sizeof(huge), 1 << 24, &f) == -1);
    CHECK(lg_ws_frame_parse(huge, 5, 1 << 24, &f) == 0); /* length not complete yet */
    uint8_t rsv[] = {0xc1, 0x00};
    CHECK(lg_ws_frame_parse(rsv, sizeof(rsv), 100, &f) == -1);
    CHECK(lg_ws_frame_parse(small, 1, 100, &f) == 0);
}

static void test_random_frames_do_not_crash(void)
{
    uint8_t buf[64];
    unsigned seed = 12345;
    for (int i = 0; i < 200000; i++) {
        size_t n = (size_t)(rand_r(&seed) % (int)sizeof(buf));
        for (size_t j = 0; j < n; j++)
            buf[j] = (uint8_t)rand_r(&seed);
        lg_ws_frame_t f;
        int r = lg_ws_frame_parse(buf, n, 1 << 20, &f);
        if (r == 1) {
            CHECK(f.frame_len <= n && f.payload + f.len == buf + f.frame_len);
            uint64_t t;
            lg_packet_classify(f.payload, f.len);
            lg_event_time(f.payload, f.len, &t);
            lg_event_is(f.payload, f.len, "message:new");
            lg_message_time(f.payload, f.len, &t);
            uint32_t id;
            bool err;
            char code[8];
            lg_ack_parse(f.payload, f.len, &id, &err, code, sizeof(code));
        }
    }
}

static void test_upgrade(void)
{
    char req[512];
    size_t n = lg_http_upgrade_request(req, sizeof(req), "127.0.0.1", 8080);
    CHECK(n > 0 && strncmp(req, "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n", 52) == 0);
    CHECK(strstr(req, "Host: 127.0.0.1:8080\r\n") != NULL);
    CHECK(n >= 4 && memcmp(req + n - 4, "\r\n\r\n", 4) == 0);
    CHECK(lg_http_upgrade_request(req, 10, "127.0.0.1", 8080) == 0);

    const char ok[] = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\x81\x01"
                      "2";
    CHECK(lg_http_upgrade_response((const uint8_t *)ok, sizeof(ok) - 1) == (long)sizeof(ok) - 4);
    CHECK(lg_http_upgrade_response((const uint8_t *)ok, 20) == 0);
    const char bad[] = "HTTP/1.1 400 Bad Request\r\n\r\n";
    CHECK(lg_http_upgrade_response((const uint8_t *)bad, sizeof(bad) - 1) == -1);
}

static void test_packets(void)
{
    const struct {
        const char *text;
        lg_packet_t kind;
    } cases[] = {
        {"0{\"sid\":\"a\"}", LG_PKT_EIO_OPEN},
        {"1", LG_PKT_EIO_CLOSE},
        {"2", LG_PKT_EIO_PING},
        {"40{\"sid\":\"b\"}", LG_PKT_SIO_CONNECT},
        {"42[\"message\",1]", LG_PKT_SIO_EVENT},
        {"44{\"message\":\"no\"}", LG_PKT_SIO_ERROR},
        {"437[{\"message\":{}}]", LG_PKT_SIO_ACK},
        {"4", LG_PKT_OTHER},
        {"6", LG_PKT_OTHER},
        {"", LG_PKT_OTHER},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        CHECK(lg_packet_classify((const uint8_t *)cases[i].text, strlen(cases[i].text)) ==
              cases[i].kind);
}

static int event_time(const char *text, uint64_t *t)
{
    return lg_event_time((const uint8_t *)text, strlen(text), t);
}

static void test_event_time(void)
{
    uint64_t t = 0;
    CHECK(event_time("42[\"message\",{\"t\":123456789012345,\"pad\":\"xx\"}]", &t) == 0);
    CHECK(t == 123456789012345ULL);
    CHECK(event_time("42[\"message\",{\"pad\":\"xx\",\"t\":42}]", &t) == 0 && t == 42);
    CHECK(event_time("42[\"message\",{\"pad\":\"xx\"}]", &t) == -1);
    CHECK(event_time("42[\"message\",{\"t\":\"x\"}]", &t) == -1);
    CHECK(event_time("42[\"message\",{\"t\":", &t) == -1); /* truncated right after the key */
}

static void test_encode_events(void)
{
    char out[256];
    size_t n = lg_broadcast_encode(out, sizeof(out), 7, 1234, 3);
    const char want[] = "42[\"broadcast\",\"r7\",{\"t\":1234,\"pad\":\"xxx\"}]";
    CHECK(n == sizeof(want) - 1 && memcmp(out, want, n) == 0);
    /* The payload object {"t":1234,"pad":"xxx"} is the overhead plus the pad. */
    CHECK(lg_broadcast_payload_overhead(1234) + 3 == strlen("{\"t\":1234,\"pad\":\"xxx\"}"));
    CHECK(lg_broadcast_encode(out, 40, 7, 1234, 3) == 0);
    n = lg_join_encode(out, sizeof(out), 4294967295u);
    CHECK(n == strlen("42[\"join\",\"r4294967295\"]") &&
          memcmp(out, "42[\"join\",\"r4294967295\"]", n) == 0);
}

static void test_chat_encode(void)
{
    char out[512];
    size_t n = lg_sio_connect_encode(out, sizeof(out), "eyJ.a-b_c");
    const char connect[] = "40{\"token\":\"eyJ.a-b_c\"}";
    CHECK(n == sizeof(connect) - 1 && memcmp(out, connect, n) == 0);
    CHECK(lg_sio_connect_encode(out, 20, "eyJ.a-b_c") == 0);

    n = lg_chat_send_encode(out, sizeof(out), 12, "7401", 1234567890123456789ULL, 3, "bff");
    const char send[] = "4212[\"message:send\",{\"channel_id\":\"7401\",\"content\":"
                        "\"1234567890123456789 xxx\",\"nonce\":\"bff-12\"}]";
    CHECK(n == sizeof(send) - 1 && memcmp(out, send, n) == 0);
    CHECK(lg_chat_send_encode(out, 100, 12, "7401", 1, 3, "bff") == 0);
    /* What we send is what a server stores as content: the receiver reads the stamp back. */
    uint64_t t = 0;
    CHECK(lg_message_time((const uint8_t *)out, n, &t) == 0 && t == 1234567890123456789ULL);
}

static bool is_event(const char *text, const char *name)
{
    return lg_event_is((const uint8_t *)text, strlen(text), name);
}

static int message_time(const char *text, uint64_t *t)
{
    return lg_message_time((const uint8_t *)text, strlen(text), t);
}

static void test_chat_events(void)
{
    CHECK(is_event("42[\"message:new\",{\"id\":\"1\"},\"off\"]", "message:new"));
    CHECK(is_event("42[\"ready\",{}]", "ready"));
    CHECK(is_event("4217[\"ready\"]", "ready")); /* with an ack id */
    CHECK(!is_event("42[\"message:newer\",{}]", "message:new"));
    CHECK(!is_event("42[\"message\",{}]", "message:new"));
    CHECK(!is_event("43[\"ready\"]", "ready"));
    CHECK(!is_event("42[\"read", "ready")); /* truncated */
    CHECK(!is_event("42", "ready"));

    /* The message object as the server sends it: content after the author, the stamp first. */
    const char msg[] = "42[\"message:new\",{\"id\":\"7401\",\"chat_id\":\"73\",\"channel_id\":"
                       "\"74\",\"author\":{\"id\":\"9\",\"username\":\"b1\"},\"content\":"
                       "\"1700000000000000001 xx\",\"reply\":null}]";
    uint64_t t = 0;
    CHECK(message_time(msg, &t) == 0 && t == 1700000000000000001ULL);
    CHECK(message_time("42[\"message:new\",{\"content\":\"hello\"}]", &t) == -1);
    CHECK(message_time("42[\"message:new\",{\"id\":\"1\"}]", &t) == -1);
    CHECK(message_time("42[\"message:new\",{\"content\":\"", &t) == -1);
}

static int ack(const char *text, uint32_t *id, bool *err, char *code, size_t cap)
{
    return lg_ack_parse((const uint8_t *)text, strlen(text), id, err, code, cap);
}

static void test_chat_acks(void)
{
    uint32_t id = 0;
    bool err = true;
    char code[16];
    CHECK(ack("4312[{\"message\":{\"content\":\"5 x\"}}]", &id, &err, code, sizeof(code)) == 0);
    CHECK(id == 12 && !err && code[0] == '\0');
    uint64_t t = 0;
    CHECK(lg_message_time((const uint8_t *)"4312[{\"message\":{\"content\":\"5 x\"}}]", 32, &t) ==
              0 &&
          t == 5);
    const char refused[] = "430[{\"error\":{\"code\":\"unknown_event\",\"message\":\"No.\"}}]";
    CHECK(ack(refused, &id, &err, code, sizeof(code)) == 0);
    CHECK(id == 0 && err && strcmp(code, "unknown_event") == 0);
    CHECK(ack(refused, &id, &err, code, 8) == 0 && strcmp(code, "unknown") == 0); /* cut */
    CHECK(ack(refused, &id, &err, NULL, 0) == 0 && err);
    CHECK(ack("43[{}]", &id, &err, code, sizeof(code)) == -1);            /* no id */
    CHECK(ack("4399999999999[{}]", &id, &err, code, sizeof(code)) == -1); /* over 32 bits */
    CHECK(ack("437{}", &id, &err, code, sizeof(code)) == -1);             /* no arguments array */
    CHECK(ack("42[\"x\"]", &id, &err, code, sizeof(code)) == -1);
    CHECK(ack("43", &id, &err, code, sizeof(code)) == -1);
    CHECK(ack("431[{\"error\":{\"code\":\"a\"\"}}]", &id, &err, code, sizeof(code)) == 0 &&
          strcmp(code, "a") == 0);
}

static void test_hist(void)
{
    static lg_hist_t h, other;
    CHECK(lg_hist_percentile(&h, 50) == 0);
    for (uint64_t v = 1; v <= 1000; v++)
        lg_hist_record(&h, v);
    CHECK(lg_hist_percentile(&h, 50) == 501); /* 500 is in the 2 µs bucket 500..501 */
    uint64_t p99 = lg_hist_percentile(&h, 99);
    CHECK(p99 >= 986 && p99 <= 994); /* within 1% of 990 */
    CHECK(lg_hist_percentile(&h, 100) == 1000);
    lg_hist_record(&other, 120000000); /* clamps at 60 s */
    lg_hist_merge(&h, &other);
    CHECK(h.total == 1001 && h.max_us == LG_HIST_MAX_US);
    CHECK(lg_hist_percentile(&h, 100) == LG_HIST_MAX_US);
    uint64_t p50 = lg_hist_percentile(&h, 50);
    CHECK(p50 == 501);
}

int main(void)
{
    test_frame_roundtrip();
    test_frame_parse_server();
    test_random_frames_do_not_crash();
    test_upgrade();
    test_packets();
    test_event_time();
    test_encode_events();
    test_chat_encode();
    test_chat_events();
    test_chat_acks();
    test_hist();
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
