/* Tests for src/auth/jwks.c: RSA keys from JWK members (base64url strictness, size and exponent
 * limits), key set parsing (which keys are kept, which skipped, kid lookup) and the RS256 check
 * against a token signed once with openssl (jwks_testdata.h, see make_jwks_testdata.sh). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "auth/id_token.h"
#include "auth/jwks.h"
#include "core/base64.h"
#include "core/errors.h"
#include "jwks_testdata.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int rsa_key(const char *n, const char *e, EVP_PKEY **out)
{
    *out = NULL;
    return oc_jwk_rsa_key(n, strlen(n), e, strlen(e), out);
}

static void test_rsa_key_from_members(void **state)
{
    (void)state;
    EVP_PKEY *k;
    assert_int_equal(rsa_key(TEST_N1, TEST_E, &k), 0);
    assert_non_null(k);
    assert_int_equal(EVP_PKEY_get_bits(k), 2048);
    assert_int_equal(EVP_PKEY_get_size(k), 256);
    EVP_PKEY_free(k);
}

static void test_rsa_key_refusals(void **state)
{
    (void)state;
    EVP_PKEY *k;
    /* base64url only: no padding, no standard alphabet, nothing empty. */
    assert_int_equal(rsa_key(TEST_N1, "AQAB=", &k), OC_EPROTO);
    assert_int_equal(rsa_key("ab+/", TEST_E, &k), OC_EPROTO);
    assert_int_equal(rsa_key("", TEST_E, &k), OC_EPROTO);
    assert_int_equal(rsa_key(TEST_N1, "", &k), OC_EPROTO);
    /* An exponent over 8 bytes is no JWK anyone publishes. */
    assert_int_equal(rsa_key(TEST_N1, "AQEBAQEBAQEBAQ", &k), OC_EPROTO);
    /* Exponents 1 and 2 (even) are refused. */
    assert_int_equal(rsa_key(TEST_N1, "AQ", &k), OC_EINVAL);
    assert_int_equal(rsa_key(TEST_N1, "Ag", &k), OC_EINVAL);
    /* A 1024-bit modulus (the first 128 bytes of key 1) is too small. */
    char small[200];
    snprintf(small, sizeof(small), "%.172s", TEST_N1); /* 129 bytes */
    assert_int_equal(rsa_key(small, TEST_E, &k), OC_EINVAL);
    assert_null(k);
}

static const char SET[] =
    "{\"keys\":["
    "{\"kty\":\"EC\",\"kid\":\"ec\",\"crv\":\"P-256\",\"x\":\"AA\",\"y\":\"AA\"},"
    "{\"kty\":\"RSA\",\"kid\":\"enc\",\"use\":\"enc\",\"n\":\"" TEST_N2 "\",\"e\":\"AQAB\"},"
    "{\"kty\":\"RSA\",\"kid\":\"ps\",\"alg\":\"RS384\",\"n\":\"" TEST_N2 "\",\"e\":\"AQAB\"},"
    "{\"kty\":\"RSA\",\"kid\":\"broken\",\"n\":\"!!\",\"e\":\"AQAB\"},"
    "{\"kty\":\"RSA\",\"kid\":7,\"n\":\"" TEST_N2 "\",\"e\":\"AQAB\"},"
    "{\"kty\":\"RSA\",\"kid\":\"test-key-1\",\"use\":\"sig\",\"alg\":\"RS256\",\"n\":\"" TEST_N1
    "\",\"e\":\"AQAB\"},"
    "{\"kty\":\"RSA\",\"kid\":\"other\",\"n\":\"" TEST_N2 "\",\"e\":\"AQAB\"},"
    "\"not an object\"]}";

static oc_jwks_t *parse(const char *json)
{
    oc_jwks_t *set = NULL;
    assert_int_equal(oc_jwks_parse(json, strlen(json), &set), 0);
    assert_non_null(set);
    return set;
}

static void test_parse_keeps_rsa_signing_keys_only(void **state)
{
    (void)state;
    oc_jwks_t *set = parse(SET);
    assert_int_equal(oc_jwks_count(set), 2);
    assert_non_null(oc_jwks_find(set, "test-key-1"));
    assert_non_null(oc_jwks_find(set, "other"));
    assert_ptr_not_equal(oc_jwks_find(set, "test-key-1"), oc_jwks_find(set, "other"));
    assert_null(oc_jwks_find(set, "enc"));
    assert_null(oc_jwks_find(set, "ps"));
    assert_null(oc_jwks_find(set, "ec"));
    assert_null(oc_jwks_find(set, "broken"));
    assert_null(oc_jwks_find(set, "nope"));
    /* No kid in the token: only a set of one key answers. */
    assert_null(oc_jwks_find(set, NULL));
    oc_jwks_free(set);

    set = parse("{\"keys\":[{\"kty\":\"RSA\",\"n\":\"" TEST_N1 "\",\"e\":\"AQAB\"}]}");
    assert_int_equal(oc_jwks_count(set), 1);
    assert_non_null(oc_jwks_find(set, NULL));
    assert_null(oc_jwks_find(set, "test-key-1")); /* the key has no kid */
    oc_jwks_free(set);

    set = parse("{\"keys\":[]}");
    assert_int_equal(oc_jwks_count(set), 0);
    assert_null(oc_jwks_find(set, NULL));
    oc_jwks_free(set);
    oc_jwks_free(NULL);
}

static void test_parse_refusals(void **state)
{
    (void)state;
    const char *bad[] = {"", "[]", "{}", "{\"keys\":{}}", "{\"keys\":[", "null", "{\"keys\":1}"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        oc_jwks_t *set = (oc_jwks_t *)1;
        assert_int_equal(oc_jwks_parse(bad[i], strlen(bad[i]), &set), OC_EPROTO);
    }
}

static void test_parse_caps_the_number_of_keys(void **state)
{
    (void)state;
    char *json = malloc(64 * 500);
    size_t n = (size_t)sprintf(json, "{\"keys\":[");
    for (int i = 0; i < OC_JWKS_MAX_KEYS + 5; i++)
        n += (size_t)sprintf(json + n,
                             "%s{\"kty\":\"RSA\",\"kid\":\"k%d\",\"n\":\"%s\",\"e\":\"AQAB\"}",
                             i ? "," : "", i, TEST_N1);
    sprintf(json + n, "]}");
    oc_jwks_t *set = parse(json);
    assert_int_equal(oc_jwks_count(set), OC_JWKS_MAX_KEYS);
    assert_non_null(oc_jwks_find(set, "k0"));
    assert_null(oc_jwks_find(set, "k32"));
    oc_jwks_free(set);
    free(json);
}

static void test_openssl_signed_token_verifies(void **state)
{
    (void)state;
    oc_jwks_t *set = parse(SET);
    oc_id_token_t tok;
    assert_int_equal(oc_id_token_parse(TEST_TOKEN, strlen(TEST_TOKEN), &tok), OC_ID_TOKEN_VALID);
    assert_string_equal(tok.kid, TEST_KID);
    assert_int_equal(tok.sig_len, 256);
    assert_int_equal(oc_id_token_verify(&tok, set), OC_ID_TOKEN_VALID);
    EVP_PKEY *key = oc_jwks_find(set, TEST_KID);
    assert_int_equal(
        oc_jwks_verify_rs256(key, tok.signing_input, tok.signing_len, tok.sig, tok.sig_len), 0);
    /* One bit off in the signature, a shorter signature, or other signed bytes: refused. */
    tok.sig[100] ^= 1;
    assert_int_equal(oc_id_token_verify(&tok, set), OC_ID_TOKEN_SIGNATURE);
    tok.sig[100] ^= 1;
    assert_int_equal(oc_jwks_verify_rs256(key, tok.signing_input, tok.signing_len, tok.sig, 255),
                     OC_EPERM);
    assert_int_equal(
        oc_jwks_verify_rs256(key, tok.signing_input, tok.signing_len - 1, tok.sig, tok.sig_len),
        OC_EPERM);
    assert_int_equal(oc_jwks_verify_rs256(NULL, "x", 1, tok.sig, tok.sig_len), OC_EPERM);
    /* The claims are the ones signed. */
    oc_id_token_expect_t expect = {"https://issuer.example", "client-1", "n-0S6_WzA2Mj",
                                   1700000100};
    oc_id_claims_t claims;
    assert_int_equal(oc_id_token_check(&tok, &expect, &claims), OC_ID_TOKEN_VALID);
    assert_string_equal(claims.subject, "110169484474386276334");
    assert_string_equal(claims.email, "Ada@Example.com");
    assert_true(claims.email_verified);
    assert_string_equal(claims.name, "Ada Lovelace");
    oc_id_token_free(&tok);
    oc_jwks_free(set);
}

static void test_wrong_key_or_unknown_kid(void **state)
{
    (void)state;
    oc_id_token_t tok;
    assert_int_equal(oc_id_token_parse(TEST_TOKEN, strlen(TEST_TOKEN), &tok), OC_ID_TOKEN_VALID);
    /* The token's kid names key 2 here: the signature does not verify. */
    oc_jwks_t *impostor =
        parse("{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"test-key-1\",\"n\":\"" TEST_N2
              "\",\"e\":\"AQAB\"}]}");
    assert_int_equal(oc_id_token_verify(&tok, impostor), OC_ID_TOKEN_SIGNATURE);
    oc_jwks_free(impostor);
    /* Right key, other kid: unknown. */
    oc_jwks_t *renamed = parse("{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"key-2\",\"n\":\"" TEST_N1
                               "\",\"e\":\"AQAB\"}]}");
    assert_int_equal(oc_id_token_verify(&tok, renamed), OC_ID_TOKEN_UNKNOWN_KEY);
    assert_int_equal(oc_id_token_verify(&tok, NULL), OC_ID_TOKEN_UNKNOWN_KEY);
    oc_jwks_free(renamed);
    oc_id_token_free(&tok);
}

static void test_other_claims_under_the_same_signature_fail(void **state)
{
    (void)state;
    /* The header and signature of the signed token around claims with one letter changed. */
    const char *claims = TEST_CLAIMS;
    char changed[sizeof(TEST_CLAIMS)];
    memcpy(changed, claims, sizeof(changed));
    char *ada = strstr(changed, "Ada Lovelace");
    assert_non_null(ada);
    ada[0] = 'E';
    const char *dot1 = strchr(TEST_TOKEN, '.');
    const char *dot2 = strchr(dot1 + 1, '.');
    char token[sizeof(TEST_TOKEN) + 8];
    size_t n = (size_t)(dot1 - TEST_TOKEN) + 1;
    memcpy(token, TEST_TOKEN, n);
    n += oc_base64url_encode(changed, strlen(changed), token + n);
    strcpy(token + n, dot2);
    oc_id_token_t tok;
    assert_int_equal(oc_id_token_parse(token, strlen(token), &tok), OC_ID_TOKEN_VALID);
    oc_jwks_t *set = parse(SET);
    assert_int_equal(oc_id_token_verify(&tok, set), OC_ID_TOKEN_SIGNATURE);
    oc_id_token_free(&tok);
    oc_jwks_free(set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rsa_key_from_members),
        cmocka_unit_test(test_rsa_key_refusals),
        cmocka_unit_test(test_parse_keeps_rsa_signing_keys_only),
        cmocka_unit_test(test_parse_refusals),
        cmocka_unit_test(test_parse_caps_the_number_of_keys),
        cmocka_unit_test(test_openssl_signed_token_verifies),
        cmocka_unit_test(test_wrong_key_or_unknown_kid),
        cmocka_unit_test(test_other_claims_under_the_same_signature_fail),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
