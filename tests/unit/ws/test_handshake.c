/* Unit tests for src/ws/handshake.c: the RFC 6455 example digest, digests cross-checked
 * with the openssl command line, and which Sec-WebSocket-Key values are accepted. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ws/handshake.h"

#include <string.h>

static void check_accept(const char *key, const char *want)
{
    char out[29];
    memset(out, 'X', sizeof(out));
    oc_ws_accept_key(key, strlen(key), out);
    assert_int_equal(strlen(want), OC_WS_ACCEPT_LEN);
    assert_string_equal(out, want); /* also proves the NUL is at out[28] */
}

static void test_accept_key(void **state)
{
    (void)state;
    /* RFC 6455 section 1.3 (also MDN's Sec-WebSocket-Accept page). Beware of copies of
     * this example that end in "...Gv9ZKYFTAVXemHVA=": that value is not the digest. */
    check_accept("dGhlIHNhbXBsZSBub25jZQ==", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    /* Keys whose digests were computed independently with
     * printf '%s258EAFA5-E914-47DA-95CA-C5AB0DC85B11' "$key" | openssl sha1 -binary | base64 */
    check_accept("x3JJHMbDL1EzLkh9GBhXDw==", "HSmrc0sMlYUkAGmm5OPpG2HaGWk=");
    check_accept("cjYO5Y/fCUMJEVXrUTnJog==", "GXUZiBe2lI5y8bpGOKT3uVjbTY8=");
    /* Only key_len bytes are hashed, not up to a NUL. */
    char out[29];
    oc_ws_accept_key("dGhlIHNhbXBsZSBub25jZQ==trailing", 24, out);
    assert_string_equal(out, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

static void test_key_valid(void **state)
{
    (void)state;
    assert_true(oc_ws_key_valid("dGhlIHNhbXBsZSBub25jZQ==", 24));
    assert_true(oc_ws_key_valid("x3JJHMbDL1EzLkh9GBhXDw==", 24));
    assert_true(oc_ws_key_valid("AAAAAAAAAAAAAAAAAAAAAA==", 24));
    assert_true(oc_ws_key_valid("/////////////////////w==", 24));
    assert_true(oc_ws_key_valid("++++++++++++++++++++/Q==", 24));

    assert_false(oc_ws_key_valid("", 0));
    assert_false(oc_ws_key_valid("dGhlIHNhbXBsZSBub25jZQ==", 23));
    assert_false(oc_ws_key_valid("dGhlIHNhbXBsZSBub25jZQ===", 25));
    assert_false(oc_ws_key_valid("dGhlIHNhbXBsZSBub25jZQ", 22));   /* no padding */
    assert_false(oc_ws_key_valid("dGhlIHNhbXBsZSBub25jZQA=", 24)); /* 17 bytes */
    assert_false(oc_ws_key_valid("dGhlIHNhbXBsZSBub25jZ===", 24)); /* 15 and a half */
    assert_false(oc_ws_key_valid("dGhlIHNhbXBsZSBub25jZR==", 24)); /* stray low bits */
    assert_false(oc_ws_key_valid("dGhlIHNhbXBsZSBub25j-Q==", 24)); /* base64url */
    assert_false(oc_ws_key_valid("dGhlIHNhbXBsZSBub25j_Q==", 24));
    assert_false(oc_ws_key_valid("dGhlIHNhbXBsZSBub25j Q==", 24));
    assert_false(oc_ws_key_valid("dGhlIHNhbXBsZSBub25j\0Q==", 24));
    assert_false(oc_ws_key_valid("dGhlIHNhbXBsZSBub25jZQ==\r\n", 26));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accept_key),
        cmocka_unit_test(test_key_valid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
