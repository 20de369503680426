/* /api/v1 routes for signing in with an OpenID provider ("Continue with Google").
 *
 *   GET /auth/oidc           is it on, and the button's label
 *   GET /auth/oidc/start     302 to the provider; the state goes into a short-lived cookie
 *   GET /auth/oidc/callback  the provider's 302 back: code + state ─► verified identity
 *                            (auth/oidc.c) ─► user + session (domain/identities.c) ─► 302
 *
 * Both redirects are browser navigations, so failures of the callback are not JSON: the browser
 * goes to <PUBLIC_URL>/login?oidc_error=<code> (docs/API.md lists the codes). The state
 * cookie ties the callback to the browser that started: a callback carrying someone else's
 * state (login CSRF) finds no matching cookie and is refused. */
#include "api/api_internal.h"

#include "auth/oidc.h"
#include "auth/oidc_logins.h"
#include "core/alloc.h"
#include "core/errors.h"
#include "core/id.h"
#include "core/json_writer.h"
#include "core/log.h"
#include "domain/identities.h"
#include "http/parser.h"

#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define STATE_COOKIE    "oc_oidc_state"
#define COOKIE_PATH     "/api/v1/auth/oidc"
#define REDIRECT_MAX    512 /* bytes of the return path */
#define QUERY_VALUE_MAX 2048
#define COOKIE_GRACE_S  60 /* the cookie outlives the sign-in: late is "expired", not "mismatch" */
#define OIDC_CALLBACK   "/api/v1/auth/oidc/callback"

/* ---- responses ------------------------------------------------------------------------- */

static void redirect_to(oc_call_t *call, const char *location)
{
    oc_call_header(call, "Location", location);
    oc_buf_t body = OC_BUF_INIT;
    oc_buf_append_str(&body, "{\"location\":");
    oc_json_append_cstr(&body, location);
    oc_buf_append_char(&body, '}');
    oc_call_reply_json(call, 302, &body);
    oc_buf_free(&body);
}

/* A failed sign-in sends the browser to the login page with a code it can explain. */
static void redirect_error(oc_call_t *call, const char *code)
{
    char url[600];
    snprintf(url, sizeof(url), "%s/login?oidc_error=%s", call->api->public_url, code);
    redirect_to(call, url);
}

static void state_cookie(oc_call_t *call, const char *state, unsigned max_age_s)
{
    char v[200];
    snprintf(v, sizeof(v),
             STATE_COOKIE "=%s; Path=" COOKIE_PATH "; Max-Age=%u; HttpOnly; "
                          "SameSite=Lax%s",
             state, max_age_s, call->api->secure_cookies ? "; Secure" : "");
    oc_call_header(call, "Set-Cookie", v);
}

static void disabled(oc_call_t *call)
{
    oc_call_reply_error(call, 404, "oidc_disabled", "Sign-in with a provider is not set up here.");
}

/* ---- input ----------------------------------------------------------------------------- */

/* A query parameter, percent-decoded into a new string; NULL when absent, too long, or when it
 * decodes to a NUL or bad escape. */
static char *query_param(oc_call_t *call, const char *name)
{
    const char *raw;
    size_t len;
    if (!oc_http_request_query(call->req, name, &raw, &len) || len > QUERY_VALUE_MAX)
        return NULL;
    oc_buf_t out = OC_BUF_INIT;
    if (oc_http_url_decode(raw, len, true, &out) != 0 ||
        (out.len > 0 && memchr(out.data, '\0', out.len) != NULL)) {
        oc_buf_free(&out);
        return NULL;
    }
    oc_buf_append_char(&out, '\0');
    return out.data;
}

/* A path on this site: "/" then printable ASCII, never "//" or "/\" (which browsers read as
 * another host). */
static bool same_site_path(const char *p)
{
    size_t len = strlen(p);
    if (len == 0 || len > REDIRECT_MAX || p[0] != '/' || p[1] == '/' || p[1] == '\\')
        return false;
    for (size_t i = 0; i < len; i++)
        if (p[i] <= ' ' || p[i] > '~' || p[i] == '\\')
            return false;
    return true;
}

/* The value of our state cookie, copied into out (false when absent or oversized). */
static bool state_from_cookie(oc_call_t *call, char *out, size_t cap)
{
    const oc_http_request_head_t *h = &call->req->head;
    size_t nlen = strlen(STATE_COOKIE);
    for (size_t i = 0; i < h->num_headers; i++) {
        if (h->headers[i].name_len != 6 || strncasecmp(h->headers[i].name, "Cookie", 6) != 0)
            continue;
        const char *p = h->headers[i].value, *end = p + h->headers[i].value_len;
        while (p < end) {
            while (p < end && (*p == ' ' || *p == ';'))
                p++;
            const char *semi = memchr(p, ';', (size_t)(end - p));
            const char *stop = semi ? semi : end;
            if ((size_t)(stop - p) > nlen && memcmp(p, STATE_COOKIE, nlen) == 0 && p[nlen] == '=') {
                size_t vlen = (size_t)(stop - p) - nlen - 1;
                if (vlen >= cap)
                    return false;
                memcpy(out, p + nlen + 1, vlen);
                out[vlen] = '\0';
                return true;
            }
            p = stop;
        }
    }
    return false;
}

/* ---- GET /auth/oidc -------------------------------------------------------------------- */

static void get_config(oc_call_t *call)
{
    oc_buf_t out = OC_BUF_INIT;
    oc_buf_printf(&out, "{\"enabled\":%s,\"name\":", call->api->oidc ? "true" : "false");
    oc_json_append_cstr(&out, call->api->cfg->oidc_name);
    oc_buf_append_char(&out, '}');
    oc_call_reply_json(call, 200, &out);
    oc_buf_free(&out);
}

/* ---- GET /auth/oidc/start -------------------------------------------------------------- */

static void started(int status, const char *authorize_url, const char *state, void *arg)
{
    oc_call_t *call = arg;
    if (status != 0) {
        redirect_error(call, "provider_unavailable");
        return;
    }
    unsigned ttl_s = (unsigned)((call->api->cfg->oidc_login_ttl_ms + 999) / 1000);
    state_cookie(call, state, ttl_s + COOKIE_GRACE_S);
    redirect_to(call, authorize_url);
}

static void start(oc_call_t *call)
{
    if (call->api->oidc == NULL) {
        disabled(call);
        return;
    }
    if (!oc_call_rate(call, "oidc", NULL))
        return;
    const char *raw;
    size_t len;
    char *redirect = NULL;
    if (oc_http_request_query(call->req, "redirect", &raw, &len)) {
        redirect = query_param(call, "redirect");
        if (redirect == NULL || !same_site_path(redirect)) {
            free(redirect);
            oc_call_reply_invalid(call, "redirect",
                                  "redirect must be a path on this site, like /channels.");
            return;
        }
    }
    oc_oidc_begin(call->api->oidc, redirect ? redirect : "/", started, call);
    free(redirect);
}

/* ---- GET /auth/oidc/callback ----------------------------------------------------------- */

typedef struct sign_in_op {
    oc_identity_sign_in_t in;
    oc_id_claims_t claims;
    char redirect[REDIRECT_MAX + 1];
    char user_agent[256];
    char ip[64];
} sign_in_op_t;

static int sign_in_job(oc_dbc_t *c, void *arg)
{
    sign_in_op_t *op = arg;
    return oc_identity_sign_in(c, &op->in);
}

static void signed_in(oc_call_t *call, int status)
{
    sign_in_op_t *op = call->data;
    switch (status) {
    case 0: break;
    case OC_EINVAL: redirect_error(call, "email_missing"); return;
    case OC_EPERM: redirect_error(call, "email_not_verified"); return;
    case OC_EEXIST: redirect_error(call, "email_unavailable"); return;
    default:
        oc_log_error("oidc", "sign-in of %s failed: %s", op->claims.subject, oc_strerror(status));
        redirect_error(call, "server_error");
        return;
    }
    oc_log_info("oidc", "user %lld signed in with the provider%s", (long long)op->in.user_id,
                op->in.created  ? " (new account)"
                : op->in.linked ? " (linked by e-mail)"
                                : "");
    if (op->in.took_over)
        oc_gate_revoked_user(call->api->gate, op->in.user_id, op->in.session_id);
    oc__api_set_session_cookie(call, op->in.session_id, op->in.user_id);
    char url[sizeof(op->redirect) + 256];
    snprintf(url, sizeof(url), "%s%s", call->api->public_url, op->redirect);
    redirect_to(call, url);
}

static void finished(const oc_oidc_result_t *r, void *arg)
{
    oc_call_t *call = arg;
    if (r->error != OC_OIDC_OK) {
        redirect_error(call, oc_oidc_error_name(r));
        return;
    }
    sign_in_op_t *op = oc_xcalloc(1, sizeof(*op));
    op->claims = r->claims;
    snprintf(op->redirect, sizeof(op->redirect), "%s", r->redirect ? r->redirect : "/");
    snprintf(op->user_agent, sizeof(op->user_agent), "%s", oc_call_user_agent(call));
    snprintf(op->ip, sizeof(op->ip), "%s", oc_call_ip(call));
    op->in.issuer = call->api->cfg->oidc_issuer;
    op->in.subject = op->claims.subject;
    op->in.email = op->claims.email;
    op->in.email_verified = op->claims.email_verified;
    op->in.name = op->claims.name;
    op->in.user_agent = op->user_agent;
    op->in.ip = op->ip;
    op->in.now_ms = oc_now_ms();
    call->data = op;
    oc_call_write(call, sign_in_job, signed_in);
}

static void callback(oc_call_t *call)
{
    oc_oidc_t *oidc = call->api->oidc;
    if (oidc == NULL) {
        disabled(call);
        return;
    }
    /* Whatever happens, the state is used up. */
    state_cookie(call, "", 0);
    char *state = query_param(call, "state");
    char *code = query_param(call, "code");
    char *error = query_param(call, "error");
    char cookie[OC_OIDC_RANDOM_LEN + 1];
    bool bound = state != NULL && state_from_cookie(call, cookie, sizeof(cookie)) &&
                 strlen(cookie) == strlen(state) &&
                 CRYPTO_memcmp(cookie, state, strlen(state)) == 0;
    if (error != NULL) {
        /* The user declined, or the provider refused: forget the sign-in this browser began. */
        if (bound)
            free(oc_oidc_cancel(oidc, state));
        redirect_error(call,
                       strcmp(error, "access_denied") == 0 ? "access_denied" : "provider_error");
    } else if (state == NULL || code == NULL || *state == '\0' || *code == '\0') {
        redirect_error(call, "invalid_request");
    } else if (!bound) {
        redirect_error(call, "state_mismatch");
    } else {
        oc_oidc_finish(oidc, state, code, finished, call);
    }
    free(state);
    free(code);
    free(error);
}

/* ---- registration ---------------------------------------------------------------------- */

/* Sets up sign-in with the provider when one is configured. A configuration that cannot work
 * stops the start rather than silently hiding the button. */
static int create(oc_api_t *api, char *err, size_t err_len)
{
    const oc_config_t *cfg = api->cfg;
    if (cfg->oidc_issuer == NULL || cfg->oidc_issuer[0] == '\0')
        return 0;
    char redirect_uri[1024];
    snprintf(redirect_uri, sizeof(redirect_uri), "%s" OIDC_CALLBACK, api->public_url);
    oc_oidc_config_t oc = {
        .issuer = cfg->oidc_issuer,
        .client_id = cfg->oidc_client_id,
        .client_secret = cfg->oidc_client_secret,
        .redirect_uri = redirect_uri,
        .login_ttl_ms = cfg->oidc_login_ttl_ms,
    };
    api->oidc = oc_oidc_new(api->loop, &oc, err, err_len);
    if (api->oidc == NULL)
        return OC_EINVAL;
    oc_log_info("oidc", "sign-in with %s (%s) is on", cfg->oidc_name, cfg->oidc_issuer);
    return 0;
}

int oc__api_oidc(oc_api_t *api, char *err, size_t err_len)
{
    int rc = create(api, err, err_len);
    if (rc != 0)
        return rc;
    oc_api_route(api, OC_HTTP_GET, "/auth/oidc", get_config, OC_ROUTE_PUBLIC);
    oc_api_route(api, OC_HTTP_GET, "/auth/oidc/start", start, OC_ROUTE_PUBLIC);
    oc_api_route(api, OC_HTTP_GET, "/auth/oidc/callback", callback, OC_ROUTE_PUBLIC);
    return 0;
}
