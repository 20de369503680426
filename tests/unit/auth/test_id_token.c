/* Tests for src/auth/id_token.c: splitting and decoding a compact token (each malformed shape,
 * algorithms other than RS256) and every claim check at its boundary: issuer, audience and
 * authorized party, expiry with its leeway, issue time, nonce, subject, and the identity claims
 * copied out. Signatures are test_jwks.c's; the tokens here carry a dummy one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "auth/id_token.h"
#include "core/base64.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOW    1700000000LL
#define ISSUER "https://issuer.example"
#define CLIENT "client-1"
#define NONCE  "nonce-123"

static char token[OC_ID_TOKEN_MAX * 2];

static size_t b64(const char *s, char *out)
{
    return oc_base64url_encode(s, strlen(s), out);
}

/* header.payload.sig with a 3-byte dummy signature. */
static const char *make(const char *header, const char *payload)
{
    size_t n = b64(header, token);
    token[n++] = '.';
    n += b64(payload, token + n);
    strcpy(token + n, ".c2ln");
    return token;
}

static const char *RS256 = "{\"alg\":\"RS256\",\"kid\":\"k1\"}";

/* A payload with the standard claims, one replaced or added through extra. */
static const char *claims(const char *extra)
{
    static char buf[4096];
    snprintf(buf, sizeof(buf),
             "{\"iss\":\"" ISSUER "\",\"aud\":\"" CLIENT "\",\"sub\":\"42\",\"exp\":%lld,"
             "\"iat\":%lld,\"nonce\":\"" NONCE "\"%s%s}",
             NOW + 600, NOW, extra[0] ? "," : "", extra);
    return buf;
}

static oc_id_token_fault_t parse_fault(const char *t)
{
    oc_id_token_t tok;
    oc_id_token_fault_t f = oc_id_token_parse(t, strlen(t), &tok);
    if (f == OC_ID_TOKEN_VALID)
        oc_id_token_free(&tok);
    else
        assert_null(tok.claims);
    return f;
}

/* Parses a token built from payload (JSON keys may repeat: cJSON takes the first) and checks
 * its claims at now. */
static oc_id_token_fault_t check_at(const char *payload, int64_t now, oc_id_claims_t *out)
{
    const char *t = make(RS256, payload);
    oc_id_token_t tok;
    assert_int_equal(oc_id_token_parse(t, strlen(t), &tok), OC_ID_TOKEN_VALID);
    oc_id_token_expect_t expect = {ISSUER, CLIENT, NONCE, now};
    oc_id_claims_t scratch;
    oc_id_token_fault_t f = oc_id_token_check(&tok, &expect, out ? out : &scratch);
    oc_id_token_free(&tok);
    return f;
}

static oc_id_token_fault_t check(const char *payload)
{
    return check_at(payload, NOW, NULL);
}

static void test_parse_shapes(void **state)
{
    (void)state;
    assert_int_equal(parse_fault(make(RS256, claims(""))), OC_ID_TOKEN_VALID);
    assert_int_equal(parse_fault("abc"), OC_ID_TOKEN_MALFORMED);
    assert_int_equal(parse_fault("a.b"), OC_ID_TOKEN_MALFORMED);
    assert_int_equal(parse_fault("a.b.c.d"), OC_ID_TOKEN_MALFORMED);
    assert_int_equal(parse_fault(".."), OC_ID_TOKEN_MALFORMED);
    /* Padding and the standard alphabet are not base64url. */
    char t[4096];
    snprintf(t, sizeof(t), "%s=", make(RS256, claims("")));
    assert_int_equal(parse_fault(t), OC_ID_TOKEN_MALFORMED);
    /* No signature. */
    snprintf(t, sizeof(t), "%s", make(RS256, claims("")));
    *strrchr(t, '.') = '\0';
    strcat(t, ".");
    assert_int_equal(parse_fault(t), OC_ID_TOKEN_MALFORMED);
    /* Header and payload must be JSON objects. */
    assert_int_equal(parse_fault(make("[1]", claims(""))), OC_ID_TOKEN_MALFORMED);
    assert_int_equal(parse_fault(make("{\"alg\":\"RS256\"", claims(""))), OC_ID_TOKEN_MALFORMED);
    assert_int_equal(parse_fault(make(RS256, "\"sub\"")), OC_ID_TOKEN_MALFORMED);
    assert_int_equal(parse_fault(make(RS256, "{")), OC_ID_TOKEN_MALFORMED);
    /* Too long. */
    char *big = malloc(OC_ID_TOKEN_MAX + 2);
    memset(big, 'A', OC_ID_TOKEN_MAX + 1);
    big[10] = big[20] = '.';
    big[OC_ID_TOKEN_MAX + 1] = '\0';
    assert_int_equal(parse_fault(big), OC_ID_TOKEN_MALFORMED);
    free(big);
}

static void test_parse_header(void **state)
{
    (void)state;
    const char *p = claims("");
    assert_int_equal(parse_fault(make("{\"alg\":\"HS256\"}", p)), OC_ID_TOKEN_ALGORITHM);
    assert_int_equal(parse_fault(make("{\"alg\":\"none\"}", p)), OC_ID_TOKEN_ALGORITHM);
    assert_int_equal(parse_fault(make("{\"alg\":\"rs256\"}", p)), OC_ID_TOKEN_ALGORITHM);
    assert_int_equal(parse_fault(make("{\"alg\":1}", p)), OC_ID_TOKEN_MALFORMED);
    assert_int_equal(parse_fault(make("{\"kid\":\"k\"}", p)), OC_ID_TOKEN_MALFORMED);
    assert_int_equal(parse_fault(make("{\"alg\":\"RS256\",\"kid\":5}", p)), OC_ID_TOKEN_MALFORMED);
    assert_int_equal(parse_fault(make("{\"alg\":\"RS256\",\"crit\":[\"b64\"]}", p)),
                     OC_ID_TOKEN_MALFORMED);
    char header[300];
    snprintf(header, sizeof(header), "{\"alg\":\"RS256\",\"kid\":\"%0129d\"}", 0);
    assert_int_equal(parse_fault(make(header, p)), OC_ID_TOKEN_MALFORMED);
    /* No kid is fine (a provider with one key). */
    const char *t = make("{\"alg\":\"RS256\"}", p);
    oc_id_token_t tok;
    assert_int_equal(oc_id_token_parse(t, strlen(t), &tok), OC_ID_TOKEN_VALID);
    assert_false(tok.has_kid);
    assert_int_equal(tok.signing_len, (size_t)(strrchr(t, '.') - t));
    assert_memory_equal(tok.sig, "sig", 3);
    oc_id_token_free(&tok);
}

static void test_issuer(void **state)
{
    (void)state;
    assert_int_equal(check(claims("")), OC_ID_TOKEN_VALID);
    char p[512];
    snprintf(p, sizeof(p), "{\"iss\":\"" ISSUER "/\",\"aud\":\"" CLIENT "\",\"sub\":\"1\"}");
    assert_int_equal(check(p), OC_ID_TOKEN_ISSUER);
    assert_int_equal(check("{\"aud\":\"" CLIENT "\"}"), OC_ID_TOKEN_ISSUER);
    assert_int_equal(check("{\"iss\":[\"" ISSUER "\"]}"), OC_ID_TOKEN_ISSUER);
}

static const char *with_aud(const char *aud_and_azp)
{
    static char buf[512];
    snprintf(buf, sizeof(buf),
             "{\"iss\":\"" ISSUER "\",%s,\"sub\":\"42\",\"exp\":%lld,\"iat\":%lld,"
             "\"nonce\":\"" NONCE "\"}",
             aud_and_azp, NOW + 600, NOW);
    return buf;
}

static void test_audience_and_authorized_party(void **state)
{
    (void)state;
    assert_int_equal(check(with_aud("\"aud\":\"other\"")), OC_ID_TOKEN_AUDIENCE);
    assert_int_equal(check(with_aud("\"aud\":[\"" CLIENT "\"]")), OC_ID_TOKEN_VALID);
    assert_int_equal(check(with_aud("\"aud\":[\"other\"]")), OC_ID_TOKEN_AUDIENCE);
    assert_int_equal(check(with_aud("\"aud\":[]")), OC_ID_TOKEN_AUDIENCE);
    assert_int_equal(check(with_aud("\"aud\":5")), OC_ID_TOKEN_AUDIENCE);
    assert_int_equal(check(with_aud("\"x\":1")), OC_ID_TOKEN_AUDIENCE);
    /* Several audiences need azp naming us. */
    assert_int_equal(check(with_aud("\"aud\":[\"" CLIENT "\",\"other\"]")), OC_ID_TOKEN_AUDIENCE);
    assert_int_equal(check(with_aud("\"aud\":[\"other\",\"" CLIENT "\"],\"azp\":\"" CLIENT "\"")),
                     OC_ID_TOKEN_VALID);
    assert_int_equal(check(with_aud("\"aud\":[\"" CLIENT "\",\"other\"],\"azp\":\"other\"")),
                     OC_ID_TOKEN_AUDIENCE);
    /* An azp present must be us even with one audience. */
    assert_int_equal(check(with_aud("\"aud\":\"" CLIENT "\",\"azp\":\"other\"")),
                     OC_ID_TOKEN_AUDIENCE);
    assert_int_equal(check(with_aud("\"aud\":\"" CLIENT "\",\"azp\":\"" CLIENT "\"")),
                     OC_ID_TOKEN_VALID);
}

static void test_expiry_and_issue_time(void **state)
{
    (void)state;
    const char *p = claims(""); /* exp = NOW + 600 */
    int64_t last_ok = NOW + 600 + OC_ID_EXP_LEEWAY_S - 1;
    assert_int_equal(check_at(p, last_ok, NULL), OC_ID_TOKEN_VALID);
    assert_int_equal(check_at(p, last_ok + 1, NULL), OC_ID_TOKEN_EXPIRED);
    /* iat may be a little ahead of our clock, not more. */
    assert_int_equal(check_at(p, NOW - OC_ID_IAT_FUTURE_MAX, NULL), OC_ID_TOKEN_VALID);
    assert_int_equal(check_at(p, NOW - OC_ID_IAT_FUTURE_MAX - 1, NULL),
                     OC_ID_TOKEN_ISSUED_IN_FUTURE);
    /* Both are required numbers. */
    char buf[512];
    snprintf(buf, sizeof(buf),
             "{\"iss\":\"" ISSUER "\",\"aud\":\"" CLIENT "\",\"iat\":%lld,\"nonce\":\"" NONCE
             "\",\"sub\":\"1\"}",
             NOW);
    assert_int_equal(check(buf), OC_ID_TOKEN_MALFORMED);
    snprintf(buf, sizeof(buf),
             "{\"iss\":\"" ISSUER "\",\"aud\":\"" CLIENT "\",\"exp\":\"%lld\",\"iat\":%lld,"
             "\"nonce\":\"" NONCE "\",\"sub\":\"1\"}",
             NOW + 600, NOW);
    assert_int_equal(check(buf), OC_ID_TOKEN_MALFORMED);
    snprintf(buf, sizeof(buf),
             "{\"iss\":\"" ISSUER "\",\"aud\":\"" CLIENT "\",\"exp\":%lld,\"nonce\":\"" NONCE
             "\",\"sub\":\"1\"}",
             NOW + 600);
    assert_int_equal(check(buf), OC_ID_TOKEN_MALFORMED);
}

static void test_nonce(void **state)
{
    (void)state;
    char buf[512];
    snprintf(buf, sizeof(buf),
             "{\"iss\":\"" ISSUER "\",\"aud\":\"" CLIENT "\",\"sub\":\"1\",\"exp\":%lld,"
             "\"iat\":%lld%s}",
             NOW + 600, NOW, "");
    assert_int_equal(check(buf), OC_ID_TOKEN_NONCE);
    snprintf(buf, sizeof(buf),
             "{\"iss\":\"" ISSUER "\",\"aud\":\"" CLIENT "\",\"sub\":\"1\",\"exp\":%lld,"
             "\"iat\":%lld,\"nonce\":\"" NONCE "x\"}",
             NOW + 600, NOW);
    assert_int_equal(check(buf), OC_ID_TOKEN_NONCE);
}

static void test_subject(void **state)
{
    (void)state;
    char buf[1024], sub[300];
    const char *subs[] = {"", "{\"x\":1}", "42"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(buf, sizeof(buf),
                 "{\"iss\":\"" ISSUER "\",\"aud\":\"" CLIENT "\",\"exp\":%lld,\"iat\":%lld,"
                 "\"nonce\":\"" NONCE "\",\"sub\":%s%s%s}",
                 NOW + 600, NOW, i == 0 ? "\"" : "", subs[i], i == 0 ? "\"" : "");
        assert_int_equal(check(buf), OC_ID_TOKEN_MALFORMED);
    }
    for (size_t len = 255; len <= 256; len++) {
        memset(sub, 'a', len);
        sub[len] = '\0';
        snprintf(buf, sizeof(buf),
                 "{\"iss\":\"" ISSUER "\",\"aud\":\"" CLIENT "\",\"exp\":%lld,\"iat\":%lld,"
                 "\"nonce\":\"" NONCE "\",\"sub\":\"%s\"}",
                 NOW + 600, NOW, sub);
        assert_int_equal(check(buf), len == 255 ? OC_ID_TOKEN_VALID : OC_ID_TOKEN_MALFORMED);
    }
}

static void test_identity_claims(void **state)
{
    (void)state;
    oc_id_claims_t c;
    assert_int_equal(check_at(claims(""), NOW, &c), OC_ID_TOKEN_VALID);
    assert_string_equal(c.subject, "42");
    assert_string_equal(c.email, "");
    assert_false(c.email_verified);
    assert_string_equal(c.name, "");

    assert_int_equal(check_at(claims("\"email\":\"A@B.example\",\"email_verified\":\"true\","
                                     "\"name\":\"J\\u00f6rg\""),
                              NOW, &c),
                     OC_ID_TOKEN_VALID);
    assert_string_equal(c.email, "A@B.example");
    assert_true(c.email_verified);
    assert_string_equal(c.name, "J\xc3\xb6rg");

    assert_int_equal(
        check_at(claims("\"email\":null,\"email_verified\":false,\"name\":null"), NOW, &c),
        OC_ID_TOKEN_VALID);
    assert_false(c.email_verified);
    assert_int_equal(check_at(claims("\"email_verified\":\"yes\""), NOW, &c), OC_ID_TOKEN_VALID);
    assert_false(c.email_verified);
    assert_int_equal(check(claims("\"email\":5")), OC_ID_TOKEN_MALFORMED);
    assert_int_equal(check(claims("\"name\":[]")), OC_ID_TOKEN_MALFORMED);

    /* An address over 254 bytes is refused; a long name is cut on a character boundary. */
    char extra[1500], local[300];
    memset(local, 'a', 250);
    local[250] = '\0';
    snprintf(extra, sizeof(extra), "\"email\":\"%s@b.co\"", local);
    assert_int_equal(check(claims(extra)), OC_ID_TOKEN_MALFORMED);
    char name[1000] = "";
    for (int i = 0; i < 130; i++)
        strcat(name, "\\u00e9"); /* 2 bytes each: 260 bytes */
    snprintf(extra, sizeof(extra), "\"name\":\"x%s\"", name);
    assert_int_equal(check_at(claims(extra), NOW, &c), OC_ID_TOKEN_VALID);
    assert_int_equal(strlen(c.name), 255); /* "x" + 127 two-byte characters */
    assert_memory_equal(c.name + 253, "\xc3\xa9", 2);
}

static void test_fault_names(void **state)
{
    (void)state;
    assert_string_equal(oc_id_token_fault_name(OC_ID_TOKEN_MALFORMED), "token_malformed");
    assert_string_equal(oc_id_token_fault_name(OC_ID_TOKEN_ALGORITHM), "token_algorithm");
    assert_string_equal(oc_id_token_fault_name(OC_ID_TOKEN_UNKNOWN_KEY), "token_unknown_key");
    assert_string_equal(oc_id_token_fault_name(OC_ID_TOKEN_SIGNATURE), "token_signature");
    assert_string_equal(oc_id_token_fault_name(OC_ID_TOKEN_ISSUER), "token_issuer");
    assert_string_equal(oc_id_token_fault_name(OC_ID_TOKEN_AUDIENCE), "token_audience");
    assert_string_equal(oc_id_token_fault_name(OC_ID_TOKEN_EXPIRED), "token_expired");
    assert_string_equal(oc_id_token_fault_name(OC_ID_TOKEN_ISSUED_IN_FUTURE),
                        "token_issued_in_future");
    assert_string_equal(oc_id_token_fault_name(OC_ID_TOKEN_NONCE), "token_nonce");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_shapes),
        cmocka_unit_test(test_parse_header),
        cmocka_unit_test(test_issuer),
        cmocka_unit_test(test_audience_and_authorized_party),
        cmocka_unit_test(test_expiry_and_issue_time),
        cmocka_unit_test(test_nonce),
        cmocka_unit_test(test_subject),
        cmocka_unit_test(test_identity_claims),
        cmocka_unit_test(test_fault_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
