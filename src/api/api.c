/* API set-up and the dispatcher every route goes through: see api.h and call.h.
 *
 *   request ─► JSON body? ─► token (cookie or Bearer) ─► session gate (auth/gate.h: JWT,
 *           cache, one read job on a miss) ─► CSRF (cookie + unsafe method) ─► handler
 */
#include "api/api_internal.h"

#include "auth/oidc.h"
#include "core/alloc.h"
#include "core/errors.h"
#include "core/id.h"
#include "core/json_fields.h"
#include "core/log.h"
#include "http/response.h"
#include "http/server.h"
#include "mail/mail.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct route {
    struct route *next;
    oc_api_t *api;
    oc_call_fn fn;
    unsigned flags;
} route_t;

static route_t *all_routes;

void oc__call_free(oc_call_t *call); /* call.c */
oc_call_t *oc__call_new(oc_api_t *api, oc_http_request_t *req);

/* ---- cookies --------------------------------------------------------------------------- */

void oc__api_set_session_cookie(oc_call_t *call, int64_t session_id, int64_t user_id)
{
    oc_api_t *api = call->api;
    int64_t now = oc_now_ms() / 1000;
    oc_jwt_claims_t claims = {session_id, user_id, now, now + OC_SESSION_LIFETIME_S};
    oc_buf_t v = OC_BUF_INIT;
    oc_buf_append_str(&v, OC_SESSION_COOKIE "=");
    oc_jwt_sign(oc_gate_key(api->gate), &claims, &v);
    oc_buf_printf(&v, "; Path=/; Max-Age=%d; HttpOnly; SameSite=Lax%s", OC_SESSION_LIFETIME_S,
                  api->secure_cookies ? "; Secure" : "");
    oc_buf_append_char(&v, '\0');
    oc_call_header(call, "Set-Cookie", v.data);
    oc_buf_free(&v);
}

void oc__api_clear_session_cookie(oc_call_t *call)
{
    char v[128];
    snprintf(v, sizeof(v), OC_SESSION_COOKIE "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax%s",
             call->api->secure_cookies ? "; Secure" : "");
    oc_call_header(call, "Set-Cookie", v);
}

/* The session token from the Cookie header, or from "Authorization: Bearer". */
static const char *find_token(oc_http_request_t *req, size_t *len, bool *via_cookie)
{
    size_t alen;
    const char *auth = oc_http_request_header(req, "Authorization", &alen);
    if (auth != NULL && alen > 7 && strncasecmp(auth, "Bearer ", 7) == 0) {
        *via_cookie = false;
        *len = alen - 7;
        return auth + 7;
    }
    for (size_t i = 0; i < req->head.num_headers; i++) {
        const oc_http_header_t *h = &req->head.headers[i];
        if (h->name_len != 6 || strncasecmp(h->name, "Cookie", 6) != 0)
            continue;
        const char *p = h->value, *end = h->value + h->value_len;
        size_t nlen = strlen(OC_SESSION_COOKIE);
        while (p < end) {
            while (p < end && (*p == ' ' || *p == ';'))
                p++;
            const char *semi = memchr(p, ';', (size_t)(end - p));
            const char *stop = semi ? semi : end;
            if ((size_t)(stop - p) > nlen && memcmp(p, OC_SESSION_COOKIE, nlen) == 0 &&
                p[nlen] == '=') {
                *via_cookie = true;
                *len = (size_t)(stop - p - (ptrdiff_t)nlen - 1);
                return p + nlen + 1;
            }
            p = stop;
        }
    }
    return NULL;
}

/* Cookie-authenticated changes must come from our own pages or an allowed origin: a form on
 * another site could otherwise make the browser act for the user. */
static bool csrf_ok(oc_call_t *call)
{
    oc_http_request_t *req = call->req;
    oc_http_method_t m = req->head.method;
    if (!call->via_cookie || m == OC_HTTP_GET || m == OC_HTTP_HEAD || m == OC_HTTP_OPTIONS)
        return true;
    if (req->origin != NULL)
        return req->same_origin || (req->origin_allowed && !req->cors_any);
    size_t rlen;
    const char *referer = oc_http_request_header(req, "Referer", &rlen);
    size_t plen = strlen(call->api->public_url);
    return referer != NULL && rlen >= plen &&
           strncasecmp(referer, call->api->public_url, plen) == 0 &&
           (rlen == plen || referer[plen] == '/');
}

/* ---- dispatch -------------------------------------------------------------------------- */

static void run_handler(oc_call_t *call, route_t *r)
{
    if (!csrf_ok(call)) {
        oc_call_reply_error(call, 403, "csrf",
                            "This change must come from the OpenChat page itself.");
        return;
    }
    r->fn(call);
}

typedef struct auth_wait {
    oc_call_t *call;
    route_t *route;
} auth_wait_t;

static void renew_cookie_if_old(oc_call_t *call, const oc_jwt_claims_t *claims, int64_t now_s)
{
    if (claims->issued_at + OC_SESSION_RENEW_S < now_s && call->via_cookie)
        oc__api_set_session_cookie(call, claims->session_id, claims->user_id);
}

/* The gate's answer for the caller's token. */
static void gate_answered(int status, const oc_jwt_claims_t *claims, void *arg)
{
    auth_wait_t *w = arg;
    oc_call_t *call = w->call;
    route_t *r = w->route;
    free(w);
    bool need = r->flags & OC_ROUTE_AUTH;
    if (status == 0) {
        call->user_id = claims->user_id;
        call->session_id = claims->session_id;
        renew_cookie_if_old(call, claims, oc_now_ms() / 1000);
        run_handler(call, r);
        return;
    }
    if (status != OC_EACCES && status != OC_EPERM) {
        oc_call_reply_status(call, status);
        return;
    }
    if (need) {
        if (call->via_cookie)
            oc__api_clear_session_cookie(call);
        oc_call_reply_error(call, 401, "unauthenticated",
                            status == OC_EACCES ? "Your session is not valid."
                                                : "Your session has ended.");
        return;
    }
    call->via_cookie = false; /* an optional session that does not hold: anonymous */
    run_handler(call, r);
}

static bool parse_body(oc_call_t *call)
{
    oc_http_request_t *req = call->req;
    size_t ctlen;
    const char *ct = oc_http_request_header(req, "Content-Type", &ctlen);
    if (ct == NULL || ctlen < 16 || strncasecmp(ct, "application/json", 16) != 0) {
        oc_call_reply_error(call, 415, "unsupported_media_type",
                            "Send the request body as application/json.");
        return false;
    }
    call->body = oc_json_parse_object(req->body.data ? req->body.data : "", req->body.len);
    if (call->body == NULL && req->body.data != NULL &&
        oc_json_has_nul_escape(req->body.data, req->body.len)) {
        oc_call_reply_error(call, 400, "invalid_json", "Text may not contain NUL characters.");
        return false;
    }
    if (call->body == NULL) {
        oc_call_reply_error(call, 400, "invalid_json", "The request body is not a JSON object.");
        return false;
    }
    return true;
}

static void dispatch(oc_http_request_t *req, void *ctx)
{
    route_t *r = ctx;
    oc_call_t *call = oc__call_new(r->api, req);
    if ((r->flags & OC_ROUTE_JSON) && !parse_body(call))
        return;
    size_t tlen = 0;
    const char *token = find_token(req, &tlen, &call->via_cookie);
    bool need = r->flags & OC_ROUTE_AUTH;
    if (token == NULL) {
        if (need) {
            oc_call_reply_error(call, 401, "unauthenticated", "Log in first.");
            return;
        }
        call->via_cookie = false;
        r->fn(call);
        return;
    }
    if (!(r->flags & (OC_ROUTE_AUTH | OC_ROUTE_OPT_AUTH))) {
        call->via_cookie = false; /* a public route does not act for the caller */
        r->fn(call);
        return;
    }
    auth_wait_t *w = oc_xmalloc(sizeof(*w));
    w->call = call;
    w->route = r;
    oc_gate_check(r->api->gate, token, tlen, gate_answered, w);
}

void oc_api_route(oc_api_t *api, int method, const char *pattern, oc_call_fn fn, unsigned flags)
{
    route_t *r = oc_xcalloc(1, sizeof(*r));
    r->api = api;
    r->fn = fn;
    r->flags = flags;
    r->next = all_routes;
    all_routes = r;
    char full[256];
    snprintf(full, sizeof(full), "/api/v1%s", pattern);
    int rc = oc_http_server_route(api->http, method, full, dispatch, r);
    oc_assert(rc == 0);
}

static void not_found(oc_http_request_t *req, void *ctx)
{
    (void)ctx;
    oc_http_reply_error(req, 404, "not_found", "No such API route.");
}

/* ---- set-up ---------------------------------------------------------------------------- */

static char *public_url(const oc_config_t *cfg)
{
    if (cfg->public_url != NULL && *cfg->public_url) {
        char *u = oc_xstrdup(cfg->public_url);
        size_t n = strlen(u);
        while (n > 0 && u[n - 1] == '/')
            u[--n] = '\0';
        return u;
    }
    char buf[64];
    snprintf(buf, sizeof(buf), "http://localhost:%d", cfg->port);
    return oc_xstrdup(buf);
}

oc_api_t *oc_api_new(uv_loop_t *loop, const oc_config_t *cfg, oc_db_t *db, oc_gate_t *gate,
                     oc_http_server_t *http, char *err, size_t err_len)
{
    oc_api_t *api = oc_xcalloc(1, sizeof(*api));
    api->gate = gate;
    api->loop = loop;
    api->cfg = cfg;
    api->db = db;
    api->http = http;
    api->data_dir = oc_xstrdup(cfg->data_dir);
    api->public_url = public_url(cfg);
    api->secure_cookies = strncasecmp(api->public_url, "https://", 8) == 0;
    api->rates = oc_ratelimit_new(cfg->rate_limits, err, (unsigned)err_len);
    if (api->rates == NULL) {
        oc_api_free(api);
        return NULL;
    }
    oc__api_accounts(api);
    if (oc__api_email(api, err, err_len) != 0 || oc__api_oidc(api, err, err_len) != 0) {
        oc_api_free(api);
        return NULL;
    }
    oc__api_users(api);
    oc__api_friends(api);
    oc__api_zones(api);
    oc__api_messages(api);
    if (oc__api_attachments(api, err, err_len) != 0) {
        oc_api_free(api);
        return NULL;
    }
    /* Anything else under /api is a JSON 404, never the web client's index.html. */
    oc_http_server_route(http, OC_ROUTE_ANY_METHOD, "/api/*", not_found, NULL);
    return api;
}

void oc_api_set_live(oc_api_t *api, oc_live_t *live)
{
    api->live = live;
}

void oc_api_free(oc_api_t *api)
{
    if (api == NULL)
        return;
    oc__api_attachments_stop(api);
    while (all_routes != NULL) {
        route_t *next = all_routes->next;
        free(all_routes);
        all_routes = next;
    }
    oc_oidc_free(api->oidc);
    oc_mailer_free(api->mailer);
    oc_ratelimit_free(api->rates);
    free(api->public_url);
    free(api->data_dir);
    free(api);
}
