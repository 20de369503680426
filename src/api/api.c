/* API set-up and the dispatcher every route goes through: see api.h and call.h.
 *
 *   request ─► JSON body? ─► token (cookie or Bearer) ─► JWT check ─► session cache
 *           (miss: one read job) ─► revoked? ─► CSRF (cookie + unsafe method) ─► handler
 */
#include "api/api_internal.h"

#include "auth/oidc.h"
#include "core/alloc.h"
#include "core/errors.h"
#include "core/id.h"
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
    oc_jwt_sign(&api->jwt, &claims, &v);
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

typedef struct auth_job {
    oc_call_t *call;
    route_t *route;
    oc_session_info_t info;
    bool renew;
} auth_job_t;

static void renew_cookie_if_old(oc_call_t *call, const oc_jwt_claims_t *claims, int64_t now_s)
{
    if (claims->issued_at + OC_SESSION_RENEW_S < now_s && call->via_cookie)
        oc__api_set_session_cookie(call, claims->session_id, claims->user_id);
}

static int load_session(oc_dbc_t *c, void *arg)
{
    auth_job_t *j = arg;
    return oc_session_load(c, j->info.id, &j->info);
}

static void touch_done(int status, void *arg)
{
    (void)status;
    free(arg);
}

static int touch_session(oc_dbc_t *c, void *arg)
{
    oc_session_info_t *info = arg;
    return oc_session_touch(c, info->id, info->last_used_at);
}

/* Records that a session is in use, at most once per cache period (the list of sessions
 * shows when each was last used; to the minute is precise enough). */
static void note_use(oc_api_t *api, const oc_session_info_t *info, int64_t now_ms)
{
    if (now_ms - info->last_used_at < 60 * 1000)
        return;
    oc_session_info_t *copy = oc_xmalloc(sizeof(*copy));
    *copy = *info;
    copy->last_used_at = now_ms;
    oc_session_info_t updated = *info;
    updated.last_used_at = now_ms;
    oc_session_cache_put(api->sessions, &updated, now_ms);
    if (oc_db_write(api->db, touch_session, touch_done, copy) != 0)
        free(copy);
}

static void authenticated(oc_call_t *call, route_t *r, const oc_session_info_t *info)
{
    int64_t now = oc_now_ms();
    if (info->revoked || info->user_id != call->user_id) {
        if (r->flags & OC_ROUTE_AUTH) {
            if (call->via_cookie)
                oc__api_clear_session_cookie(call);
            oc_call_reply_error(call, 401, "unauthenticated", "Your session has ended.");
            return;
        }
        call->user_id = call->session_id = 0;
        run_handler(call, r);
        return;
    }
    note_use(call->api, info, now);
    run_handler(call, r);
}

static void session_loaded(int status, void *arg)
{
    auth_job_t *j = arg;
    oc_call_t *call = j->call;
    route_t *r = j->route;
    if (status == 0)
        oc_session_cache_put(call->api->sessions, &j->info, oc_now_ms());
    else
        j->info.revoked = true; /* unknown session: treated like a revoked one */
    oc_session_info_t info = j->info;
    free(j);
    if (status != 0 && status != OC_ENOENT) {
        oc_call_reply_status(call, status);
        return;
    }
    authenticated(call, r, &info);
}

/* True if the JSON text holds a \u0000 escape: cJSON would cut the string there, so what a
 * handler checked would not be what the client sent. */
static bool has_nul_escape(const char *s, size_t len)
{
    for (size_t i = 0; i + 1 < len; i++) {
        if (s[i] != '\\')
            continue;
        if (s[i + 1] == 'u' && i + 5 < len && memcmp(s + i + 2, "0000", 4) == 0)
            return true;
        i++; /* skip the escaped character (an escaped backslash included) */
    }
    return false;
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
    call->body = cJSON_ParseWithLength(req->body.data ? req->body.data : "", req->body.len);
    if (cJSON_IsObject(call->body) && has_nul_escape(req->body.data, req->body.len)) {
        oc_call_reply_error(call, 400, "invalid_json", "Text may not contain NUL characters.");
        return false;
    }
    if (!cJSON_IsObject(call->body)) {
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
    oc_jwt_claims_t claims;
    int64_t now_ms = oc_now_ms();
    if (oc_jwt_verify(&r->api->jwt, token, tlen, now_ms / 1000, &claims) != 0) {
        if (need) {
            if (call->via_cookie)
                oc__api_clear_session_cookie(call);
            oc_call_reply_error(call, 401, "unauthenticated", "Your session is not valid.");
            return;
        }
        call->via_cookie = false;
        r->fn(call);
        return;
    }
    call->user_id = claims.user_id;
    call->session_id = claims.session_id;
    renew_cookie_if_old(call, &claims, now_ms / 1000);
    const oc_session_info_t *cached =
        oc_session_cache_get(r->api->sessions, claims.session_id, now_ms);
    if (cached != NULL) {
        oc_session_info_t info = *cached;
        authenticated(call, r, &info);
        return;
    }
    auth_job_t *j = oc_xcalloc(1, sizeof(*j));
    j->call = call;
    j->route = r;
    j->info.id = claims.session_id;
    if (oc_db_read(r->api->db, load_session, session_loaded, j) != 0) {
        free(j);
        oc_call_reply_status(call, OC_ECANCELED);
    }
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

oc_api_t *oc_api_new(uv_loop_t *loop, const oc_config_t *cfg, oc_db_t *db, oc_http_server_t *http,
                     char *err, size_t err_len)
{
    oc_api_t *api = oc_xcalloc(1, sizeof(*api));
    api->loop = loop;
    api->cfg = cfg;
    api->db = db;
    api->http = http;
    api->data_dir = oc_xstrdup(cfg->data_dir);
    api->public_url = public_url(cfg);
    api->secure_cookies = strncasecmp(api->public_url, "https://", 8) == 0;
    if (oc_jwt_key_load(&api->jwt, cfg->jwt_secret, cfg->data_dir, err, err_len) != 0) {
        oc_api_free(api);
        return NULL;
    }
    api->rates = oc_ratelimit_new(cfg->rate_limits, err, (unsigned)err_len);
    if (api->rates == NULL) {
        oc_api_free(api);
        return NULL;
    }
    api->sessions = oc_session_cache_new();
    oc__api_accounts(api);
    if (oc__api_email(api, err, err_len) != 0 || oc__api_oidc(api, err, err_len) != 0) {
        oc_api_free(api);
        return NULL;
    }
    oc__api_users(api);
    oc__api_friends(api);
    oc__api_zones(api);
    /* Anything else under /api is a JSON 404, never the web client's index.html. */
    oc_http_server_route(http, OC_ROUTE_ANY_METHOD, "/api/*", not_found, NULL);
    return api;
}

void oc_api_free(oc_api_t *api)
{
    if (api == NULL)
        return;
    while (all_routes != NULL) {
        route_t *next = all_routes->next;
        free(all_routes);
        all_routes = next;
    }
    oc_session_cache_free(api->sessions);
    oc_oidc_free(api->oidc);
    oc_mailer_free(api->mailer);
    oc_ratelimit_free(api->rates);
    free(api->public_url);
    free(api->data_dir);
    free(api);
}
