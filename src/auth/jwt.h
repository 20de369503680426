/* Session tokens: compact JWTs signed with HMAC-SHA-256 (HS256).
 *
 * A token names a session and its user; it proves nothing on its own beyond "this server
 * issued it": the session is still checked against the sessions table (sessions.h), so a
 * revoked session stops working at once. Only our own header is accepted, so an "alg"
 * switch (none, RS256 with our key as a public key) cannot be played. */
#ifndef OC_AUTH_JWT_H
#define OC_AUTH_JWT_H

#include "core/buf.h"

#include <stddef.h>
#include <stdint.h>

#define OC_JWT_KEY_MAX 128

typedef struct oc_jwt_key {
    unsigned char bytes[OC_JWT_KEY_MAX];
    size_t len;
} oc_jwt_key_t;

typedef struct oc_jwt_claims {
    int64_t session_id;
    int64_t user_id;
    int64_t issued_at;  /* seconds since the epoch */
    int64_t expires_at; /* seconds since the epoch */
} oc_jwt_claims_t;

/* The signing key: from secret (any text, at least 32 bytes) when not empty, else from
 * <data_dir>/jwt_secret, created with 32 random bytes (mode 0600) on first use. Returns 0,
 * or a negative error with a message in err. */
int oc_jwt_key_load(oc_jwt_key_t *key, const char *secret, const char *data_dir, char *err,
                    size_t err_len);

/* Appends the signed token for claims to out. */
void oc_jwt_sign(const oc_jwt_key_t *key, const oc_jwt_claims_t *claims, oc_buf_t *out);

/* Checks the token's form, header and signature, and that it has not expired at now
 * (seconds). Returns 0 with claims filled, or OC_EPERM. */
int oc_jwt_verify(const oc_jwt_key_t *key, const char *token, size_t len, int64_t now,
                  oc_jwt_claims_t *claims);

#endif
