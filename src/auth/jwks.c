/* JSON Web Key Sets: see jwks.h. */
#include "auth/jwks.h"

#include "core/alloc.h"
#include "core/base64.h"
#include "core/errors.h"

#include <cjson/cJSON.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/param_build.h>
#include <stdlib.h>
#include <string.h>

typedef struct jwk {
    char kid[OC_JWK_KID_MAX + 1];
    bool has_kid;
    EVP_PKEY *key;
} jwk_t;

struct oc_jwks {
    jwk_t keys[OC_JWKS_MAX_KEYS];
    size_t count;
};

/* base64url text of at most max decoded bytes into a new buffer. */
static int decode(const char *s, size_t len, size_t max, uint8_t **out, size_t *out_len)
{
    if (len == 0 || (len + 3) / 4 * 3 > max + 3)
        return OC_EPROTO;
    uint8_t *buf = oc_xmalloc((len + 3) / 4 * 3);
    if (oc_base64url_decode(s, len, buf, out_len) != 0) {
        free(buf);
        return OC_EPROTO;
    }
    *out = buf;
    return 0;
}

int oc_jwk_rsa_key(const char *n, size_t n_len, const char *e, size_t e_len, EVP_PKEY **out)
{
    uint8_t *nb = NULL, *eb = NULL;
    size_t nb_len = 0, eb_len = 0;
    int rc = OC_EPROTO;
    if (decode(n, n_len, OC_JWK_RSA_MAX / 8 + 1, &nb, &nb_len) != 0 ||
        decode(e, e_len, 8, &eb, &eb_len) != 0)
        goto done;
    rc = OC_EINVAL;
    BIGNUM *bn_n = BN_bin2bn(nb, (int)nb_len, NULL);
    BIGNUM *bn_e = BN_bin2bn(eb, (int)eb_len, NULL);
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    OSSL_PARAM *params = NULL;
    EVP_PKEY_CTX *ctx = NULL;
    int bits = bn_n ? BN_num_bits(bn_n) : 0;
    /* An even or tiny exponent is no RSA key anyone should sign with. */
    if (bn_n == NULL || bn_e == NULL || bld == NULL || bits < OC_JWK_RSA_MIN ||
        bits > OC_JWK_RSA_MAX || !BN_is_odd(bn_e) || BN_is_one(bn_e))
        goto fail;
    if (!OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn_n) ||
        !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, bn_e))
        goto fail;
    params = OSSL_PARAM_BLD_to_param(bld);
    ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
    *out = NULL;
    if (params != NULL && ctx != NULL && EVP_PKEY_fromdata_init(ctx) == 1 &&
        EVP_PKEY_fromdata(ctx, out, EVP_PKEY_PUBLIC_KEY, params) == 1)
        rc = 0;
fail:
    ERR_clear_error(); /* a refused key leaves reasons in this thread's queue: not needed */
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    BN_free(bn_n);
    BN_free(bn_e);
done:
    free(nb);
    free(eb);
    return rc;
}

static const char *string_member(const cJSON *obj, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Adds one JWK to the set if it is an RSA signing key we can use. */
static void add_key(oc_jwks_t *set, const cJSON *k)
{
    const char *kty = string_member(k, "kty");
    const char *use = string_member(k, "use");
    const char *alg = string_member(k, "alg");
    const char *kid = string_member(k, "kid");
    const char *n = string_member(k, "n");
    const char *e = string_member(k, "e");
    const cJSON *kid_item = cJSON_GetObjectItemCaseSensitive(k, "kid");
    if (kty == NULL || strcmp(kty, "RSA") != 0 || (use != NULL && strcmp(use, "sig") != 0) ||
        (alg != NULL && strcmp(alg, "RS256") != 0) || n == NULL || e == NULL)
        return;
    if (kid_item != NULL && (kid == NULL || strlen(kid) > OC_JWK_KID_MAX))
        return;
    jwk_t *j = &set->keys[set->count];
    if (oc_jwk_rsa_key(n, strlen(n), e, strlen(e), &j->key) != 0)
        return;
    j->has_kid = kid != NULL;
    if (kid != NULL)
        strcpy(j->kid, kid);
    set->count++;
}

int oc_jwks_parse(const char *json, size_t len, oc_jwks_t **out)
{
    cJSON *root = cJSON_ParseWithLength(json, len);
    const cJSON *keys =
        cJSON_IsObject(root) ? cJSON_GetObjectItemCaseSensitive(root, "keys") : NULL;
    if (!cJSON_IsArray(keys)) {
        cJSON_Delete(root);
        return OC_EPROTO;
    }
    oc_jwks_t *set = oc_xcalloc(1, sizeof(*set));
    const cJSON *k;
    cJSON_ArrayForEach(k, keys)
    {
        if (set->count == OC_JWKS_MAX_KEYS)
            break;
        if (cJSON_IsObject(k))
            add_key(set, k);
    }
    cJSON_Delete(root);
    *out = set;
    return 0;
}

void oc_jwks_free(oc_jwks_t *set)
{
    if (set == NULL)
        return;
    for (size_t i = 0; i < set->count; i++)
        EVP_PKEY_free(set->keys[i].key);
    free(set);
}

size_t oc_jwks_count(const oc_jwks_t *set)
{
    return set->count;
}

EVP_PKEY *oc_jwks_find(const oc_jwks_t *set, const char *kid)
{
    if (kid == NULL)
        return set->count == 1 ? set->keys[0].key : NULL;
    for (size_t i = 0; i < set->count; i++)
        if (set->keys[i].has_kid && strcmp(set->keys[i].kid, kid) == 0)
            return set->keys[i].key;
    return NULL;
}

int oc_jwks_verify_rs256(EVP_PKEY *key, const void *data, size_t len, const uint8_t *sig,
                         size_t sig_len)
{
    if (key == NULL || sig_len != (size_t)EVP_PKEY_get_size(key))
        return OC_EPERM;
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    int ok = md != NULL &&
             EVP_DigestVerifyInit_ex(md, NULL, "SHA256", NULL, NULL, key, NULL) == 1 &&
             EVP_DigestVerify(md, sig, sig_len, data, len) == 1;
    EVP_MD_CTX_free(md);
    ERR_clear_error();
    return ok ? 0 : OC_EPERM;
}
