/* The HTTP requests the server makes to an OpenID provider (discovery document, key set, token
 * exchange), with libcurl.
 *
 * These calls BLOCK: they run in libuv's thread pool (oidc.c queues them), never on the loop.
 * Every request has a connect and a total timeout, a cap on the response size, no redirects,
 * and only https (or plain http to this machine, for tests and local providers). */
#ifndef OC_AUTH_OIDC_HTTP_H
#define OC_AUTH_OIDC_HTTP_H

#include "core/buf.h"

#include <stdbool.h>
#include <stddef.h>

#define OC_OIDC_HTTP_CONNECT_MS 5000
#define OC_OIDC_HTTP_TOTAL_MS   10000

/* Process-wide set-up of libcurl (call on the main thread before the loop runs); paired. */
void oc_oidc_http_global_init(void);
void oc_oidc_http_global_cleanup(void);

/* True if url may be fetched: https://..., or http:// to 127.0.0.1, [::1] or localhost. */
bool oc_oidc_url_allowed(const char *url);

/* Appends s percent-encoded for a query string or form body (all but A-Z a-z 0-9 - . _ ~). */
void oc_oidc_url_encode(oc_buf_t *out, const char *s);

/* One response: status and body (owned by the caller, free with oc_buf_free). */
typedef struct oc_oidc_response {
    long status;
    oc_buf_t body;
    char error[256]; /* why the request failed, for logs */
} oc_oidc_response_t;

/* GET url, accepting JSON. Returns 0 when an HTTP response arrived (any status), OC_E2BIG
 * when its body exceeded max_bytes, OC_EINVAL for a url that is not allowed, UV_EIO for a
 * network failure or timeout. */
int oc_oidc_http_get(const char *url, size_t max_bytes, oc_oidc_response_t *res);

/* POST form (application/x-www-form-urlencoded, already encoded) to url. With basic_user not
 * NULL, authenticates with HTTP Basic (RFC 6749 2.3.1: both parts form-encoded first).
 * Returns as oc_oidc_http_get. */
int oc_oidc_http_post_form(const char *url, const char *form, const char *basic_user,
                           const char *basic_password, size_t max_bytes, oc_oidc_response_t *res);

#endif
