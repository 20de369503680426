/* OpenID Connect ID tokens: splitting the compact JWT, checking its RS256 signature against a
 * key set, and validating the claims a relying party must check (OpenID Connect Core 3.1.3.7):
 * issuer, audience and authorized party, expiry, issue time and nonce.
 *
 * Pure functions on bytes and a clock value, so every refusal is unit-tested; fetching the
 * token and the keys is oidc.c's. A token is checked in this order and the first fault found
 * is reported: form, algorithm, key, signature, issuer, audience, expiry, issue time, nonce,
 * subject. */
#ifndef OC_AUTH_ID_TOKEN_H
#define OC_AUTH_ID_TOKEN_H

#include "auth/jwks.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OC_ID_TOKEN_MAX      16384 /* bytes of compact JWT */
#define OC_ID_SUBJECT_MAX    255   /* OpenID Connect Core 2: at most 255 ASCII characters */
#define OC_ID_EMAIL_MAX      254
#define OC_ID_NAME_MAX       255 /* bytes kept of the "name" claim (cut on a character) */
#define OC_ID_EXP_LEEWAY_S   60  /* clock skew allowed past "exp" */
#define OC_ID_IAT_FUTURE_MAX 300 /* how far in the future "iat" may be */

typedef enum oc_id_token_fault {
    OC_ID_TOKEN_VALID = 0,
    OC_ID_TOKEN_MALFORMED,        /* not a JWS compact token, bad JSON, mistyped claims */
    OC_ID_TOKEN_ALGORITHM,        /* "alg" is not RS256 */
    OC_ID_TOKEN_UNKNOWN_KEY,      /* no key with the token's "kid" */
    OC_ID_TOKEN_SIGNATURE,        /* the signature does not verify */
    OC_ID_TOKEN_ISSUER,           /* "iss" is not the expected issuer */
    OC_ID_TOKEN_AUDIENCE,         /* "aud" lacks the client id, or "azp" is another client */
    OC_ID_TOKEN_EXPIRED,          /* "exp" has passed */
    OC_ID_TOKEN_ISSUED_IN_FUTURE, /* "iat" is too far ahead */
    OC_ID_TOKEN_NONCE,            /* "nonce" is missing or not ours */
} oc_id_token_fault_t;

/* A split token. signing_input points into the caller's token text. */
typedef struct oc_id_token {
    const char *signing_input; /* "header.payload" */
    size_t signing_len;
    char kid[OC_JWK_KID_MAX + 1];
    bool has_kid;
    uint8_t *sig; /* owned */
    size_t sig_len;
    cJSON *claims; /* owned: the payload object */
} oc_id_token_t;

/* What the checks expect. Strings are borrowed for the call. */
typedef struct oc_id_token_expect {
    const char *issuer;
    const char *client_id;
    const char *nonce;
    int64_t now_s; /* seconds since the epoch */
} oc_id_token_expect_t;

/* The identity claims of a valid token, copied. */
typedef struct oc_id_claims {
    char subject[OC_ID_SUBJECT_MAX + 1];
    char email[OC_ID_EMAIL_MAX + 1]; /* "" when absent (as given: not lower-cased) */
    bool email_verified;             /* true or "true" */
    char name[OC_ID_NAME_MAX + 1];   /* "" when absent */
} oc_id_claims_t;

/* Splits token[0..len) (borrowed while *out is used) and decodes its header and payload.
 * Returns OC_ID_TOKEN_VALID with *out filled (release with oc_id_token_free), or MALFORMED /
 * ALGORITHM (then *out owns nothing). */
oc_id_token_fault_t oc_id_token_parse(const char *token, size_t len, oc_id_token_t *out);
void oc_id_token_free(oc_id_token_t *t);

/* Finds the token's key in keys and checks the signature: VALID, UNKNOWN_KEY or SIGNATURE. */
oc_id_token_fault_t oc_id_token_verify(const oc_id_token_t *t, const oc_jwks_t *keys);

/* Validates the claims of a verified token and copies the identity into *out. */
oc_id_token_fault_t oc_id_token_check(const oc_id_token_t *t, const oc_id_token_expect_t *expect,
                                      oc_id_claims_t *out);

/* The fault's name in error codes: "token_malformed", "token_signature", ... */
const char *oc_id_token_fault_name(oc_id_token_fault_t f);

#endif
