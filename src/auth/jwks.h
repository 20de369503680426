/* JSON Web Key Sets: the public keys an OpenID provider signs its ID tokens with.
 *
 * Parses a JWKS document ({"keys":[{"kty":"RSA","kid":...,"n":...,"e":...}, ...]}) into
 * OpenSSL public keys, finds a key by its "kid", and checks RS256 signatures (RSASSA-PKCS1-v1_5
 * with SHA-256). Keys of other types or uses (EC, "use":"enc", "alg" other than RS256) are
 * skipped, not refused, so a provider adding new kinds of keys does not break sign-in. A parsed
 * set is immutable and may be read from several threads at once. No I/O here: fetching and
 * caching the set is oidc.c's. */
#ifndef OC_AUTH_JWKS_H
#define OC_AUTH_JWKS_H

#include <openssl/evp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OC_JWK_KID_MAX   128  /* longer key ids are skipped */
#define OC_JWKS_MAX_KEYS 32   /* later keys are ignored */
#define OC_JWK_RSA_MIN   2048 /* modulus bits */
#define OC_JWK_RSA_MAX   8192

typedef struct oc_jwks oc_jwks_t;

/* Parses a JWKS document (json[0..len), borrowed for the call). Returns 0 with a new set in
 * *out (possibly with no usable key; free with oc_jwks_free), or OC_EPROTO when the text is
 * not a JSON object with a "keys" array. */
int oc_jwks_parse(const char *json, size_t len, oc_jwks_t **out);
void oc_jwks_free(oc_jwks_t *set); /* NULL-safe */

/* Number of usable keys in the set. */
size_t oc_jwks_count(const oc_jwks_t *set);
/* The key with this kid (NUL-terminated); with kid NULL, the set's key if it has exactly one.
 * NULL when there is none. The key belongs to the set. */
EVP_PKEY *oc_jwks_find(const oc_jwks_t *set, const char *kid);

/* An RSA public key from the base64url big-endian modulus and exponent of a JWK. Returns 0
 * with a new key in *out (EVP_PKEY_free it), OC_EPROTO for bad base64url, or OC_EINVAL for a
 * modulus outside OC_JWK_RSA_MIN..OC_JWK_RSA_MAX bits or an unusable exponent. */
int oc_jwk_rsa_key(const char *n, size_t n_len, const char *e, size_t e_len, EVP_PKEY **out);

/* Checks an RS256 signature of data[0..len) with key. Returns 0 when it verifies, else
 * OC_EPERM (including a signature whose length is not the modulus size). */
int oc_jwks_verify_rs256(EVP_PKEY *key, const void *data, size_t len, const uint8_t *sig,
                         size_t sig_len);

#endif
