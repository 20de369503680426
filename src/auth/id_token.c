/* ID tokens: see id_token.h. */
#include "auth/id_token.h"

#include "core/alloc.h"
#include "core/base64.h"
#include "core/utf8.h"

#include <stdlib.h>
#include <string.h>

#define HEADER_MAX 1024 /* decoded bytes */
#define SIG_MAX    (OC_JWK_RSA_MAX / 8)

/* Decodes one base64url segment into a new NUL-terminated buffer of at most max bytes. */
static uint8_t *segment(const char *s, size_t len, size_t max, size_t *out_len)
{
    if (len == 0 || len / 4 * 3 > max)
        return NULL;
    uint8_t *buf = oc_xmalloc((len + 3) / 4 * 3 + 1);
    if (oc_base64url_decode(s, len, buf, out_len) != 0) {
        free(buf);
        return NULL;
    }
    buf[*out_len] = '\0';
    return buf;
}

static cJSON *json_segment(const char *s, size_t len, size_t max)
{
    size_t n;
    uint8_t *text = segment(s, len, max, &n);
    if (text == NULL)
        return NULL;
    cJSON *v = cJSON_ParseWithLength((const char *)text, n);
    free(text);
    if (!cJSON_IsObject(v)) {
        cJSON_Delete(v);
        return NULL;
    }
    return v;
}

oc_id_token_fault_t oc_id_token_parse(const char *token, size_t len, oc_id_token_t *out)
{
    memset(out, 0, sizeof(*out));
    if (len > OC_ID_TOKEN_MAX)
        return OC_ID_TOKEN_MALFORMED;
    const char *dot1 = memchr(token, '.', len);
    const char *dot2 = dot1 ? memchr(dot1 + 1, '.', (size_t)(token + len - dot1 - 1)) : NULL;
    if (dot2 == NULL || memchr(dot2 + 1, '.', (size_t)(token + len - dot2 - 1)) != NULL)
        return OC_ID_TOKEN_MALFORMED;
    cJSON *header = json_segment(token, (size_t)(dot1 - token), HEADER_MAX);
    if (header == NULL)
        return OC_ID_TOKEN_MALFORMED;
    oc_id_token_fault_t fault = OC_ID_TOKEN_MALFORMED;
    const cJSON *alg = cJSON_GetObjectItemCaseSensitive(header, "alg");
    const cJSON *kid = cJSON_GetObjectItemCaseSensitive(header, "kid");
    /* A "crit" header names extensions we would have to understand: we understand none. */
    if (!cJSON_IsString(alg) || cJSON_GetObjectItemCaseSensitive(header, "crit") != NULL)
        goto fail;
    if (strcmp(alg->valuestring, "RS256") != 0) {
        fault = OC_ID_TOKEN_ALGORITHM;
        goto fail;
    }
    if (kid != NULL) {
        if (!cJSON_IsString(kid) || strlen(kid->valuestring) > OC_JWK_KID_MAX)
            goto fail;
        strcpy(out->kid, kid->valuestring);
        out->has_kid = true;
    }
    out->claims = json_segment(dot1 + 1, (size_t)(dot2 - dot1 - 1), OC_ID_TOKEN_MAX);
    out->sig = segment(dot2 + 1, (size_t)(token + len - dot2 - 1), SIG_MAX, &out->sig_len);
    if (out->claims == NULL || out->sig == NULL) {
        oc_id_token_free(out);
        goto fail;
    }
    out->signing_input = token;
    out->signing_len = (size_t)(dot2 - token);
    cJSON_Delete(header);
    return OC_ID_TOKEN_VALID;
fail:
    cJSON_Delete(header);
    return fault;
}

void oc_id_token_free(oc_id_token_t *t)
{
    free(t->sig);
    cJSON_Delete(t->claims);
    memset(t, 0, sizeof(*t));
}

oc_id_token_fault_t oc_id_token_verify(const oc_id_token_t *t, const oc_jwks_t *keys)
{
    EVP_PKEY *key = keys ? oc_jwks_find(keys, t->has_kid ? t->kid : NULL) : NULL;
    if (key == NULL)
        return OC_ID_TOKEN_UNKNOWN_KEY;
    if (oc_jwks_verify_rs256(key, t->signing_input, t->signing_len, t->sig, t->sig_len) != 0)
        return OC_ID_TOKEN_SIGNATURE;
    return OC_ID_TOKEN_VALID;
}

static const cJSON *member(const oc_id_token_t *t, const char *name)
{
    return cJSON_GetObjectItemCaseSensitive(t->claims, name);
}

static bool string_is(const cJSON *v, const char *want)
{
    return cJSON_IsString(v) && strcmp(v->valuestring, want) == 0;
}

static bool audience_ok(const oc_id_token_t *t, const char *client_id)
{
    const cJSON *aud = member(t, "aud");
    const cJSON *azp = member(t, "azp");
    int count = 0;
    bool found = false;
    if (cJSON_IsString(aud)) {
        count = 1;
        found = strcmp(aud->valuestring, client_id) == 0;
    } else if (cJSON_IsArray(aud)) {
        const cJSON *a;
        cJSON_ArrayForEach(a, aud)
        {
            count++;
            found = found || string_is(a, client_id);
        }
    }
    if (!found)
        return false;
    /* Several audiences: the token must say it was issued to us (Core 3.1.3.7 items 4-5). */
    if (count > 1 && azp == NULL)
        return false;
    return azp == NULL || string_is(azp, client_id);
}

/* A whole number of seconds in a sane range, else false. */
static bool seconds(const cJSON *v, int64_t *out)
{
    if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 1e13)
        return false;
    *out = (int64_t)v->valuedouble;
    return true;
}

static bool copy_text(const cJSON *v, char *dst, size_t cap, bool truncate)
{
    if (v == NULL || cJSON_IsNull(v)) {
        dst[0] = '\0';
        return true;
    }
    if (!cJSON_IsString(v))
        return false;
    size_t len = strlen(v->valuestring);
    if (!oc_utf8_valid(v->valuestring, len))
        return false;
    if (len >= cap) {
        if (!truncate)
            return false;
        len = oc_utf8_truncate(v->valuestring, len, cap - 1);
    }
    memcpy(dst, v->valuestring, len);
    dst[len] = '\0';
    return true;
}

oc_id_token_fault_t oc_id_token_check(const oc_id_token_t *t, const oc_id_token_expect_t *expect,
                                      oc_id_claims_t *out)
{
    memset(out, 0, sizeof(*out));
    if (!string_is(member(t, "iss"), expect->issuer))
        return OC_ID_TOKEN_ISSUER;
    if (!audience_ok(t, expect->client_id))
        return OC_ID_TOKEN_AUDIENCE;
    int64_t exp, iat;
    if (!seconds(member(t, "exp"), &exp) || !seconds(member(t, "iat"), &iat))
        return OC_ID_TOKEN_MALFORMED;
    if (expect->now_s >= exp + OC_ID_EXP_LEEWAY_S)
        return OC_ID_TOKEN_EXPIRED;
    if (iat > expect->now_s + OC_ID_IAT_FUTURE_MAX)
        return OC_ID_TOKEN_ISSUED_IN_FUTURE;
    if (!string_is(member(t, "nonce"), expect->nonce))
        return OC_ID_TOKEN_NONCE;
    const cJSON *sub = member(t, "sub");
    if (!cJSON_IsString(sub) || sub->valuestring[0] == '\0' ||
        !copy_text(sub, out->subject, sizeof(out->subject), false))
        return OC_ID_TOKEN_MALFORMED;
    if (!copy_text(member(t, "email"), out->email, sizeof(out->email), false) ||
        !copy_text(member(t, "name"), out->name, sizeof(out->name), true))
        return OC_ID_TOKEN_MALFORMED;
    const cJSON *verified = member(t, "email_verified");
    /* Some providers send the boolean as a string. */
    out->email_verified = cJSON_IsTrue(verified) || string_is(verified, "true");
    return OC_ID_TOKEN_VALID;
}

const char *oc_id_token_fault_name(oc_id_token_fault_t f)
{
    switch (f) {
    case OC_ID_TOKEN_VALID: return "valid";
    case OC_ID_TOKEN_MALFORMED: return "token_malformed";
    case OC_ID_TOKEN_ALGORITHM: return "token_algorithm";
    case OC_ID_TOKEN_UNKNOWN_KEY: return "token_unknown_key";
    case OC_ID_TOKEN_SIGNATURE: return "token_signature";
    case OC_ID_TOKEN_ISSUER: return "token_issuer";
    case OC_ID_TOKEN_AUDIENCE: return "token_audience";
    case OC_ID_TOKEN_EXPIRED: return "token_expired";
    case OC_ID_TOKEN_ISSUED_IN_FUTURE: return "token_issued_in_future";
    case OC_ID_TOKEN_NONCE: return "token_nonce";
    }
    return "token_malformed";
}
