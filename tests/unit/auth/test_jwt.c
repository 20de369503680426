/* Tests for src/auth/jwt.c: sign/verify round trip, and the refusals that matter: a changed
 * payload or signature, another key, an expired token, a header other than our own (alg
 * "none", HS512), malformed tokens; and the key's sources (secret, data-dir file). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "auth/jwt.h"
#include "core/base64.h"
#include "core/errors.h"

#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SECRET  "0123456789abcdef0123456789abcdef"
#define SECRET2 "0123456789abcdef0123456789abcdeF"

static oc_jwt_key_t key_from(const char *secret)
{
    oc_jwt_key_t key;
    char err[128];
    assert_int_equal(oc_jwt_key_load(&key, secret, "/nonexistent", err, sizeof(err)), 0);
    return key;
}

static const oc_jwt_claims_t claims = {7205759403792793600LL, 42, 1750000000, 1750003600};

/* The signed token as a NUL-terminated string (caller frees). */
static char *sign(const oc_jwt_key_t *key, const oc_jwt_claims_t *c)
{
    oc_buf_t b = OC_BUF_INIT;
    oc_jwt_sign(key, c, &b);
    oc_buf_append_char(&b, '\0');
    return b.data;
}

static int verify(const oc_jwt_key_t *key, const char *token, int64_t now, oc_jwt_claims_t *out)
{
    return oc_jwt_verify(key, token, strlen(token), now, out);
}

static void test_round_trip(void **state)
{
    (void)state;
    oc_jwt_key_t key = key_from(SECRET);
    char *token = sign(&key, &claims);
    assert_memory_equal(token, "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.", 37);
    oc_jwt_claims_t got;
    memset(&got, 0, sizeof(got));
    assert_int_equal(verify(&key, token, claims.issued_at, &got), 0);
    assert_int_equal(got.session_id, claims.session_id);
    assert_int_equal(got.user_id, claims.user_id);
    assert_int_equal(got.issued_at, claims.issued_at);
    assert_int_equal(got.expires_at, claims.expires_at);
    /* The payload says what we signed, ids as strings. */
    const char *payload = token + 37;
    const char *dot = strchr(payload, '.');
    assert_non_null(dot);
    uint8_t json[256];
    size_t json_len;
    assert_int_equal(oc_base64url_decode(payload, (size_t)(dot - payload), json, &json_len), 0);
    json[json_len] = '\0';
    assert_string_equal((const char *)json, "{\"sid\":\"7205759403792793600\",\"uid\":\"42\","
                                            "\"iat\":1750000000,\"exp\":1750003600}");
    free(token);
}

static void test_tampered_payload_and_signature(void **state)
{
    (void)state;
    oc_jwt_key_t key = key_from(SECRET);
    char *token = sign(&key, &claims);
    oc_jwt_claims_t got;
    /* Another user id in a payload signed for user 42, with the original signature. */
    oc_jwt_claims_t other = claims;
    other.user_id = 43;
    char *forged = sign(&key, &other);
    char *sig = strrchr(token, '.');
    char *forged_sig = strrchr(forged, '.');
    assert_int_equal(strlen(sig), strlen(forged_sig));
    memcpy(forged_sig, sig, strlen(sig));
    assert_int_equal(verify(&key, forged, claims.issued_at, &got), OC_EPERM);
    /* One flipped character anywhere. */
    size_t n = strlen(token);
    for (size_t i = 0; i < n; i++) {
        char saved = token[i];
        token[i] = saved == 'A' ? 'B' : 'A';
        assert_int_equal(verify(&key, token, claims.issued_at, &got), OC_EPERM);
        token[i] = saved;
    }
    assert_int_equal(verify(&key, token, claims.issued_at, &got), 0);
    /* Cut short, or with bytes added. */
    assert_int_equal(oc_jwt_verify(&key, token, n - 1, claims.issued_at, &got), OC_EPERM);
    char longer[1200];
    snprintf(longer, sizeof(longer), "%sA", token);
    assert_int_equal(verify(&key, longer, claims.issued_at, &got), OC_EPERM);
    free(forged);
    free(token);
}

static void test_wrong_key(void **state)
{
    (void)state;
    oc_jwt_key_t key = key_from(SECRET), other = key_from(SECRET2);
    char *token = sign(&other, &claims);
    oc_jwt_claims_t got;
    assert_int_equal(verify(&key, token, claims.issued_at, &got), OC_EPERM);
    assert_int_equal(verify(&other, token, claims.issued_at, &got), 0);
    free(token);
}

static void test_expired(void **state)
{
    (void)state;
    oc_jwt_key_t key = key_from(SECRET);
    char *token = sign(&key, &claims);
    oc_jwt_claims_t got;
    assert_int_equal(verify(&key, token, claims.expires_at - 1, &got), 0);
    assert_int_equal(verify(&key, token, claims.expires_at, &got), OC_EPERM);
    assert_int_equal(verify(&key, token, claims.expires_at + 86400, &got), OC_EPERM);
    free(token);
}

/* A token with the given header JSON, our payload, and a valid HS256 MAC over both. */
static char *with_header(const oc_jwt_key_t *key, const char *header_json, bool signature)
{
    char *good = sign(key, &claims);
    const char *payload = strchr(good, '.') + 1;
    size_t plen = (size_t)(strrchr(good, '.') - payload);
    char *out = calloc(1, 1024);
    size_t n = oc_base64url_encode(header_json, strlen(header_json), out);
    out[n++] = '.';
    memcpy(out + n, payload, plen);
    n += plen;
    out[n++] = '.';
    if (signature) {
        unsigned char mac[crypto_auth_hmacsha256_BYTES];
        crypto_auth_hmacsha256_state st;
        crypto_auth_hmacsha256_init(&st, key->bytes, key->len);
        crypto_auth_hmacsha256_update(&st, (const unsigned char *)out, n - 1);
        crypto_auth_hmacsha256_final(&st, mac);
        n += oc_base64url_encode(mac, sizeof(mac), out + n);
    }
    out[n] = '\0';
    free(good);
    return out;
}

static void test_other_headers_refused(void **state)
{
    (void)state;
    oc_jwt_key_t key = key_from(SECRET);
    oc_jwt_claims_t got;
    char *t = with_header(&key, "{\"alg\":\"none\",\"typ\":\"JWT\"}", false);
    assert_int_equal(verify(&key, t, claims.issued_at, &got), OC_EPERM);
    free(t);
    t = with_header(&key, "{\"alg\":\"none\",\"typ\":\"JWT\"}", true);
    assert_int_equal(verify(&key, t, claims.issued_at, &got), OC_EPERM);
    free(t);
    t = with_header(&key, "{\"alg\":\"HS512\",\"typ\":\"JWT\"}", true);
    assert_int_equal(verify(&key, t, claims.issued_at, &got), OC_EPERM);
    free(t);
    /* Our header spelt differently (spaces) is not our header either. */
    t = with_header(&key, "{\"alg\": \"HS256\", \"typ\": \"JWT\"}", true);
    assert_int_equal(verify(&key, t, claims.issued_at, &got), OC_EPERM);
    free(t);
    /* The control: the exact header, MAC'd the same way, passes. */
    t = with_header(&key, "{\"alg\":\"HS256\",\"typ\":\"JWT\"}", true);
    assert_int_equal(verify(&key, t, claims.issued_at, &got), 0);
    free(t);
}

static void test_malformed(void **state)
{
    (void)state;
    oc_jwt_key_t key = key_from(SECRET);
    oc_jwt_claims_t got;
    const char *bad[] = {"",
                         ".",
                         "..",
                         "abc",
                         "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9",
                         "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.",
                         "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9..",
                         "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30.AAAA"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(verify(&key, bad[i], claims.issued_at, &got), OC_EPERM);
    /* A signed payload missing a claim or with a number id. */
    oc_buf_t b = OC_BUF_INIT;
    const char *payloads[] = {"{\"sid\":\"1\",\"uid\":\"2\",\"iat\":1}",
                              "{\"sid\":1,\"uid\":\"2\",\"iat\":1,\"exp\":9999999999}", "[]",
                              "not json"};
    for (size_t i = 0; i < sizeof(payloads) / sizeof(payloads[0]); i++) {
        b.len = 0;
        oc_buf_append_str(&b, "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.");
        oc_buf_reserve(&b, 256);
        b.len += oc_base64url_encode(payloads[i], strlen(payloads[i]), b.data + b.len);
        unsigned char mac[crypto_auth_hmacsha256_BYTES];
        crypto_auth_hmacsha256_state st;
        crypto_auth_hmacsha256_init(&st, key.bytes, key.len);
        crypto_auth_hmacsha256_update(&st, (const unsigned char *)b.data, b.len);
        crypto_auth_hmacsha256_final(&st, mac);
        oc_buf_append_char(&b, '.');
        oc_buf_reserve(&b, 64);
        b.len += oc_base64url_encode(mac, sizeof(mac), b.data + b.len);
        assert_int_equal(oc_jwt_verify(&key, b.data, b.len, 1, &got), OC_EPERM);
    }
    oc_buf_free(&b);
}

static void test_key_sources(void **state)
{
    (void)state;
    oc_jwt_key_t key;
    char err[256];
    assert_int_equal(oc_jwt_key_load(&key, "too short", "/nonexistent", err, sizeof(err)),
                     OC_EINVAL);
    char dir[] = "/tmp/oc-test-jwt-XXXXXX";
    assert_non_null(mkdtemp(dir));
    oc_jwt_key_t first, again;
    assert_int_equal(oc_jwt_key_load(&first, "", dir, err, sizeof(err)), 0);
    assert_int_equal(first.len, 32);
    char path[300];
    snprintf(path, sizeof(path), "%s/jwt_secret", dir);
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    assert_int_equal(oc_jwt_key_load(&again, NULL, dir, err, sizeof(err)), 0);
    assert_int_equal(again.len, 32);
    assert_memory_equal(first.bytes, again.bytes, 32);
    /* A token from the first load verifies with the reloaded key. */
    char *token = sign(&first, &claims);
    oc_jwt_claims_t got;
    assert_int_equal(verify(&again, token, claims.issued_at, &got), 0);
    free(token);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_tampered_payload_and_signature),
        cmocka_unit_test(test_wrong_key),
        cmocka_unit_test(test_expired),
        cmocka_unit_test(test_other_headers_refused),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_key_sources),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
