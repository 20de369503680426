/* Sign-ins in progress with the OpenID provider: what the server must remember between sending
 * the browser to the provider and the provider sending it back.
 *
 * Each pending sign-in is found by its random "state" and holds the nonce the ID token must
 * carry, the PKCE code verifier and the page to return to. It is used at most once and lives
 * a fixed time. The set lives on the loop thread, in memory, and is bounded: expired entries
 * are swept as new ones arrive and, when it is full, the oldest entry is dropped (starting a
 * sign-in is rate limited per address, so a flood cannot churn it quickly). Not persisted: a
 * restart only makes sign-ins that were under way start over. */
#ifndef OC_AUTH_OIDC_LOGINS_H
#define OC_AUTH_OIDC_LOGINS_H

#include "core/list.h"
#include "core/map.h"

#include <stddef.h>
#include <stdint.h>

#define OC_OIDC_RANDOM_LEN 43 /* base64url characters of 32 random bytes */

typedef struct oc_oidc_login {
    char state[OC_OIDC_RANDOM_LEN + 1];
    char nonce[OC_OIDC_RANDOM_LEN + 1];
    char verifier[OC_OIDC_RANDOM_LEN + 1]; /* PKCE code_verifier */
    char *redirect;                        /* owned: a path on this site */
    int64_t expires_at;                    /* ms */
    oc_list_t link;                        /* in the set's age order */
} oc_oidc_login_t;

typedef struct oc_oidc_logins {
    oc_map_t by_state; /* key: login->state */
    oc_list_t by_age;  /* oldest first; the same order as expiry */
    size_t max;
} oc_oidc_logins_t;

void oc_oidc_logins_init(oc_oidc_logins_t *set, size_t max);
/* Frees every pending sign-in. */
void oc_oidc_logins_free(oc_oidc_logins_t *set);

/* Starts a sign-in at now_ms that expires ttl_ms later (at once for 0), with fresh random
 * state, nonce and verifier, returning to redirect (copied). The result belongs to the set. */
oc_oidc_login_t *oc_oidc_logins_start(oc_oidc_logins_t *set, const char *redirect, int64_t now_ms,
                                      int64_t ttl_ms);

/* Removes the sign-in with this state and gives it to the caller (free it with
 * oc_oidc_login_free). Returns 0, OC_ENOENT if there is none, or OC_ETIMEDOUT if it had
 * expired (it is removed and freed then). */
int oc_oidc_logins_take(oc_oidc_logins_t *set, const char *state, size_t len, int64_t now_ms,
                        oc_oidc_login_t **out);

size_t oc_oidc_logins_count(const oc_oidc_logins_t *set);
void oc_oidc_login_free(oc_oidc_login_t *login); /* NULL-safe */

/* Writes the base64url S256 code challenge of verifier into out (44 bytes with the NUL). */
void oc_oidc_pkce_challenge(const char *verifier, char out[OC_OIDC_RANDOM_LEN + 1]);

#endif
