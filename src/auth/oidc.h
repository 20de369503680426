/* Sign-in with an OpenID Connect provider (Google, or any provider with discovery): the
 * authorization code flow with PKCE, as a relying party.
 *
 *   begin:  discovery (cached) ─► pending sign-in {state, nonce, verifier, redirect}
 *           ─► authorization URL for the browser
 *   finish: take the pending sign-in by state ─► POST token endpoint (code, verifier, client
 *           credentials) ─► ID token: RS256 against the provider's keys (cached, fetched
 *           again once when the token names an unknown key) ─► claims checked ─► identity
 *
 * The provider's documents and the token exchange are fetched in libuv's thread pool; every
 * callback comes back on the loop. This module knows nothing of users, sessions or HTTP
 * routes: it turns a callback's code and state into a verified identity (src/api/oidc.c and
 * src/domain/identities.c do the rest). */
#ifndef OC_AUTH_OIDC_H
#define OC_AUTH_OIDC_H

#include "auth/id_token.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#define OC_OIDC_MAX_PENDING    10000 /* sign-ins under way at once */
#define OC_OIDC_DISCOVERY_TTL  (3600 * 1000LL)
#define OC_OIDC_KEYS_TTL       (24 * 3600 * 1000LL) /* also fetched again on an unknown kid */
#define OC_OIDC_DOCUMENT_MAX   (64 * 1024)          /* discovery document and key set, bytes */
#define OC_OIDC_TOKEN_RESP_MAX (64 * 1024)

typedef struct oc_oidc oc_oidc_t;

typedef struct oc_oidc_config {
    const char *issuer;        /* exactly as the provider names itself */
    const char *client_id;     /* not empty */
    const char *client_secret; /* "" for a public client */
    const char *redirect_uri;  /* <PUBLIC_URL>/api/v1/auth/oidc/callback */
    int64_t login_ttl_ms;      /* how long a started sign-in stays valid */
} oc_oidc_config_t;

/* Why a sign-in failed; each has a name used as the error code (oc_oidc_error_name). */
typedef enum oc_oidc_error {
    OC_OIDC_OK = 0,
    OC_OIDC_STATE_UNKNOWN,        /* no pending sign-in with this state (or used already) */
    OC_OIDC_STATE_EXPIRED,        /* it took longer than login_ttl_ms */
    OC_OIDC_PROVIDER_UNAVAILABLE, /* discovery or key set could not be fetched or used */
    OC_OIDC_TOKEN_EXCHANGE,       /* the token endpoint refused the code or answered badly */
    OC_OIDC_TOKEN_FAULT,          /* the ID token was refused: see oc_oidc_result_t.fault */
} oc_oidc_error_t;

/* A verified sign-in. */
typedef struct oc_oidc_result {
    oc_oidc_error_t error;
    oc_id_token_fault_t fault; /* with OC_OIDC_TOKEN_FAULT */
    const char *issuer;        /* the configured issuer */
    oc_id_claims_t claims;     /* with OC_OIDC_OK */
    const char *redirect;      /* the path given to begin (also on most errors), or NULL */
} oc_oidc_result_t;

/* Checks the configuration (issuer and endpoints must be https, except http to this machine;
 * a client id is required) and creates the service. cfg's strings are copied. Returns NULL
 * with a message in err when it cannot work. Call before the loop runs. */
oc_oidc_t *oc_oidc_new(uv_loop_t *loop, const oc_oidc_config_t *cfg, char *err, size_t err_len);
/* Frees the service. Call once the loop has stopped (no request may still run). NULL-safe. */
void oc_oidc_free(oc_oidc_t *o);

/* Starts a sign-in that will return to redirect (a path, copied). Calls done on the loop (maybe
 * before returning) with status 0, the provider URL to send the browser to and the state to
 * bind to the browser (both valid during the call), or UV_EIO when the provider's discovery
 * document cannot be had. */
typedef void (*oc_oidc_begin_cb)(int status, const char *authorize_url, const char *state,
                                 void *arg);
void oc_oidc_begin(oc_oidc_t *o, const char *redirect, oc_oidc_begin_cb done, void *arg);

/* Finishes the sign-in with this state using the provider's code (both copied). The pending
 * sign-in is used up whatever the outcome. Calls done on the loop (maybe before returning)
 * with the result (valid during the call). */
typedef void (*oc_oidc_finish_cb)(const oc_oidc_result_t *result, void *arg);
void oc_oidc_finish(oc_oidc_t *o, const char *state, const char *code, oc_oidc_finish_cb done,
                    void *arg);

/* Forgets the sign-in with this state (the provider reported an error). Returns its redirect
 * path (caller frees), or NULL if there was none. */
char *oc_oidc_cancel(oc_oidc_t *o, const char *state);

/* The error's code: "state_unknown", ..., or the token fault's name. */
const char *oc_oidc_error_name(const oc_oidc_result_t *result);

#endif
