/* Pending sign-ins: see oidc_logins.h. */
#include "auth/oidc_logins.h"

#include "core/alloc.h"
#include "core/base64.h"
#include "core/errors.h"

#include <openssl/sha.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static void random_text(char out[OC_OIDC_RANDOM_LEN + 1])
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof(raw));
    size_t n = oc_base64url_encode(raw, sizeof(raw), out);
    oc_assert(n == OC_OIDC_RANDOM_LEN);
    out[n] = '\0';
}

void oc_oidc_pkce_challenge(const char *verifier, char out[OC_OIDC_RANDOM_LEN + 1])
{
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256((const unsigned char *)verifier, strlen(verifier), digest);
    out[oc_base64url_encode(digest, sizeof(digest), out)] = '\0';
}

void oc_oidc_logins_init(oc_oidc_logins_t *set, size_t max)
{
    memset(set, 0, sizeof(*set));
    oc_list_init(&set->by_age);
    set->max = max > 0 ? max : 1;
}

void oc_oidc_login_free(oc_oidc_login_t *login)
{
    if (login == NULL)
        return;
    free(login->redirect);
    /* The verifier and nonce are secrets of one sign-in: do not leave them in freed memory. */
    sodium_memzero(login, sizeof(*login));
    free(login);
}

static void drop(oc_oidc_logins_t *set, oc_oidc_login_t *login)
{
    oc_map_del(&set->by_state, login->state, OC_OIDC_RANDOM_LEN);
    oc_list_unlink(&login->link);
}

void oc_oidc_logins_free(oc_oidc_logins_t *set)
{
    oc_list_t *pos, *tmp;
    OC_LIST_FOREACH_SAFE(pos, tmp, &set->by_age)
    {
        oc_oidc_login_t *login = OC_LIST_ENTRY(pos, oc_oidc_login_t, link);
        drop(set, login);
        oc_oidc_login_free(login);
    }
    oc_map_free(&set->by_state);
}

oc_oidc_login_t *oc_oidc_logins_start(oc_oidc_logins_t *set, const char *redirect, int64_t now_ms,
                                      int64_t ttl_ms)
{
    /* Every entry lives the same time, so the oldest are the first to expire. */
    oc_list_t *first;
    while ((first = oc_list_first(&set->by_age)) != NULL) {
        oc_oidc_login_t *old = OC_LIST_ENTRY(first, oc_oidc_login_t, link);
        if (old->expires_at > now_ms && oc_map_count(&set->by_state) < set->max)
            break;
        drop(set, old);
        oc_oidc_login_free(old);
    }
    oc_oidc_login_t *login = oc_xcalloc(1, sizeof(*login));
    oc_list_init(&login->link);
    do
        random_text(login->state);
    while (oc_map_get(&set->by_state, login->state, OC_OIDC_RANDOM_LEN) != NULL);
    random_text(login->nonce);
    random_text(login->verifier);
    login->redirect = oc_xstrdup(redirect);
    login->expires_at = now_ms + ttl_ms;
    oc_map_put(&set->by_state, login->state, OC_OIDC_RANDOM_LEN, login);
    oc_list_insert_tail(&set->by_age, &login->link);
    return login;
}

int oc_oidc_logins_take(oc_oidc_logins_t *set, const char *state, size_t len, int64_t now_ms,
                        oc_oidc_login_t **out)
{
    *out = NULL;
    oc_oidc_login_t *login =
        len == OC_OIDC_RANDOM_LEN ? oc_map_get(&set->by_state, state, len) : NULL;
    if (login == NULL)
        return OC_ENOENT;
    drop(set, login);
    if (now_ms >= login->expires_at) {
        oc_oidc_login_free(login);
        return OC_ETIMEDOUT;
    }
    *out = login;
    return 0;
}

size_t oc_oidc_logins_count(const oc_oidc_logins_t *set)
{
    return oc_map_count(&set->by_state);
}
