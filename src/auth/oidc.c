/* Sign-in with an OpenID provider: see oidc.h.
 *
 * Two immutable, reference-counted snapshots live on the loop and are lent to pool jobs:
 *
 *   provider  {authorization, token and jwks endpoints}   replaced after each discovery
 *   keyset    {oc_jwks_t, the uri it came from}            replaced when a job fetched keys
 *
 * Reference counts change on the loop thread only; a job reads its snapshots and hands back
 * anything new it fetched in its after-work callback. Concurrent discoveries are coalesced:
 * callers wait in a list for the one fetch under way. */
#include "auth/oidc.h"

#include "auth/oidc_http.h"
#include "auth/oidc_logins.h"
#include "core/alloc.h"
#include "core/errors.h"
#include "core/id.h"
#include "core/list.h"
#include "core/log.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct provider {
    int refs;
    char *authorization_endpoint;
    char *token_endpoint;
    char *jwks_uri;
    bool basic_auth; /* client_secret_basic, else client_secret_post */
    int64_t fetched_at;
} provider_t;

typedef struct keyset {
    int refs;
    oc_jwks_t *jwks;
    char *uri;
    int64_t fetched_at;
} keyset_t;

typedef void (*provider_fn)(oc_oidc_t *o, provider_t *p, void *arg);

typedef struct waiter {
    oc_list_t link;
    provider_fn fn;
    void *arg;
} waiter_t;

struct oc_oidc {
    uv_loop_t *loop;
    /* Immutable after oc_oidc_new: read by pool jobs too. */
    char *issuer;
    char *client_id;
    char *client_secret;
    char *redirect_uri;
    char *discovery_url;
    int64_t login_ttl_ms;
    /* Loop thread only. */
    provider_t *provider;
    bool discovering;
    oc_list_t waiters;
    keyset_t *keys;
    oc_oidc_logins_t logins;
};

static void provider_unref(provider_t *p)
{
    if (p == NULL || --p->refs > 0)
        return;
    free(p->authorization_endpoint);
    free(p->token_endpoint);
    free(p->jwks_uri);
    free(p);
}

static void keyset_unref(keyset_t *k)
{
    if (k == NULL || --k->refs > 0)
        return;
    oc_jwks_free(k->jwks);
    free(k->uri);
    free(k);
}

/* ---- configuration --------------------------------------------------------------------- */

static bool is_https(const char *url)
{
    return strncasecmp(url, "https://", 8) == 0;
}

oc_oidc_t *oc_oidc_new(uv_loop_t *loop, const oc_oidc_config_t *cfg, char *err, size_t err_len)
{
    if (!oc_oidc_url_allowed(cfg->issuer) || strchr(cfg->issuer, '?') || strchr(cfg->issuer, '#')) {
        snprintf(err, err_len,
                 "OIDC_ISSUER must be an https:// URL (http:// only to 127.0.0.1 or localhost): "
                 "\"%s\"",
                 cfg->issuer);
        return NULL;
    }
    if (cfg->client_id == NULL || cfg->client_id[0] == '\0') {
        snprintf(err, err_len, "OIDC_CLIENT_ID is required when OIDC_ISSUER is set");
        return NULL;
    }
    oc_oidc_t *o = oc_xcalloc(1, sizeof(*o));
    o->loop = loop;
    o->issuer = oc_xstrdup(cfg->issuer);
    o->client_id = oc_xstrdup(cfg->client_id);
    o->client_secret = oc_xstrdup(cfg->client_secret ? cfg->client_secret : "");
    o->redirect_uri = oc_xstrdup(cfg->redirect_uri);
    o->login_ttl_ms = cfg->login_ttl_ms;
    /* OpenID Connect Discovery 4: the issuer without a trailing slash, then the well-known
     * path. */
    size_t n = strlen(o->issuer);
    while (n > 0 && o->issuer[n - 1] == '/')
        n--;
    oc_buf_t url = OC_BUF_INIT;
    oc_buf_printf(&url, "%.*s/.well-known/openid-configuration%c", (int)n, o->issuer, '\0');
    o->discovery_url = url.data;
    oc_list_init(&o->waiters);
    oc_oidc_logins_init(&o->logins, OC_OIDC_MAX_PENDING);
    oc_oidc_http_global_init();
    return o;
}

void oc_oidc_free(oc_oidc_t *o)
{
    if (o == NULL)
        return;
    oc_assert(oc_list_empty(&o->waiters) && !o->discovering);
    oc_oidc_logins_free(&o->logins);
    provider_unref(o->provider);
    keyset_unref(o->keys);
    free(o->issuer);
    free(o->client_id);
    free(o->client_secret);
    free(o->redirect_uri);
    free(o->discovery_url);
    free(o);
    oc_oidc_http_global_cleanup();
}

/* ---- discovery ------------------------------------------------------------------------- */

typedef struct discovery_job {
    uv_work_t work;
    oc_oidc_t *o;
    provider_t *result;
    char error[400];
} discovery_job_t;

static char *endpoint(const cJSON *doc, const char *name, bool https_only, char *err,
                      size_t err_len)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(doc, name);
    if (!cJSON_IsString(v) || !oc_oidc_url_allowed(v->valuestring) ||
        (https_only && !is_https(v->valuestring))) {
        snprintf(err, err_len, "discovery: %s is missing or not an allowed URL", name);
        return NULL;
    }
    return oc_xstrdup(v->valuestring);
}

static bool lists(const cJSON *array, const char *value)
{
    const cJSON *v;
    cJSON_ArrayForEach(v, array)
    {
        if (cJSON_IsString(v) && strcmp(v->valuestring, value) == 0)
            return true;
    }
    return false;
}

/* Reads the provider's metadata (OpenID Connect Discovery 3) into a new provider. */
static provider_t *parse_discovery(const oc_oidc_t *o, const char *json, size_t len, char *err,
                                   size_t err_len)
{
    cJSON *doc = cJSON_ParseWithLength(json, len);
    provider_t *p = NULL;
    const cJSON *iss = cJSON_GetObjectItemCaseSensitive(doc, "issuer");
    if (!cJSON_IsObject(doc)) {
        snprintf(err, err_len, "discovery: the document is not a JSON object");
        goto done;
    }
    /* Discovery 4.3: the issuer in the document must be exactly the one configured. */
    if (!cJSON_IsString(iss) || strcmp(iss->valuestring, o->issuer) != 0) {
        snprintf(err, err_len, "discovery: issuer %s%s%s does not match OIDC_ISSUER",
                 cJSON_IsString(iss) ? "\"" : "", cJSON_IsString(iss) ? iss->valuestring : "(none)",
                 cJSON_IsString(iss) ? "\"" : "");
        goto done;
    }
    bool https_only = is_https(o->issuer);
    p = oc_xcalloc(1, sizeof(*p));
    p->refs = 1;
    p->authorization_endpoint = endpoint(doc, "authorization_endpoint", https_only, err, err_len);
    p->token_endpoint = endpoint(doc, "token_endpoint", https_only, err, err_len);
    p->jwks_uri = endpoint(doc, "jwks_uri", https_only, err, err_len);
    if (p->authorization_endpoint == NULL || p->token_endpoint == NULL || p->jwks_uri == NULL) {
        provider_unref(p);
        p = NULL;
        goto done;
    }
    /* Client authentication: Basic unless the provider says it only takes the form fields
     * (Discovery 3: client_secret_basic is the default when the list is absent). */
    const cJSON *methods =
        cJSON_GetObjectItemCaseSensitive(doc, "token_endpoint_auth_methods_supported");
    p->basic_auth = !cJSON_IsArray(methods) || lists(methods, "client_secret_basic") ||
                    !lists(methods, "client_secret_post");
    p->fetched_at = oc_now_ms();
done:
    cJSON_Delete(doc);
    return p;
}

static void discovery_work(uv_work_t *w)
{
    discovery_job_t *job = w->data;
    oc_oidc_response_t res;
    int rc = oc_oidc_http_get(job->o->discovery_url, OC_OIDC_DOCUMENT_MAX, &res);
    if (rc != 0)
        snprintf(job->error, sizeof(job->error), "discovery: %s", res.error);
    else if (res.status != 200)
        snprintf(job->error, sizeof(job->error), "discovery: %s answered %ld",
                 job->o->discovery_url, res.status);
    else
        job->result = parse_discovery(job->o, res.body.data ? res.body.data : "", res.body.len,
                                      job->error, sizeof(job->error));
    oc_buf_free(&res.body);
}

static void discovery_done(uv_work_t *w, int status)
{
    discovery_job_t *job = w->data;
    oc_oidc_t *o = job->o;
    o->discovering = false;
    if (job->result != NULL) {
        provider_unref(o->provider);
        o->provider = job->result;
        /* Keys fetched from another address belong to another configuration. */
        if (o->keys != NULL && strcmp(o->keys->uri, o->provider->jwks_uri) != 0) {
            keyset_unref(o->keys);
            o->keys = NULL;
        }
    } else {
        oc_log_warn("oidc", "%s%s", status == UV_ECANCELED ? "discovery cancelled" : job->error,
                    o->provider ? " (still using the previous document)" : "");
    }
    free(job);
    /* A failed refresh keeps the last good document: the provider's endpoints rarely move. */
    while (!oc_list_empty(&o->waiters)) {
        waiter_t *wt = OC_LIST_ENTRY(oc_list_first(&o->waiters), waiter_t, link);
        oc_list_unlink(&wt->link);
        wt->fn(o, o->provider, wt->arg);
        free(wt);
    }
}

/* Calls fn with the provider's metadata (NULL if it cannot be had), fetching it first when it
 * is missing or old. */
static void with_provider(oc_oidc_t *o, provider_fn fn, void *arg)
{
    if (o->provider != NULL && oc_now_ms() - o->provider->fetched_at < OC_OIDC_DISCOVERY_TTL) {
        fn(o, o->provider, arg);
        return;
    }
    waiter_t *wt = oc_xcalloc(1, sizeof(*wt));
    wt->fn = fn;
    wt->arg = arg;
    oc_list_insert_tail(&o->waiters, &wt->link);
    if (o->discovering)
        return;
    discovery_job_t *job = oc_xcalloc(1, sizeof(*job));
    job->o = o;
    job->work.data = job;
    o->discovering = true;
    int rc = uv_queue_work(o->loop, &job->work, discovery_work, discovery_done);
    if (rc != 0) {
        snprintf(job->error, sizeof(job->error), "discovery: %s", uv_strerror(rc));
        discovery_done(&job->work, rc);
    }
}

/* ---- begin ----------------------------------------------------------------------------- */

typedef struct begin_op {
    char *redirect;
    oc_oidc_begin_cb done;
    void *arg;
} begin_op_t;

static void begin_with(oc_oidc_t *o, provider_t *p, void *arg)
{
    begin_op_t *op = arg;
    if (p == NULL) {
        op->done(UV_EIO, NULL, NULL, op->arg);
    } else {
        oc_oidc_login_t *login =
            oc_oidc_logins_start(&o->logins, op->redirect, oc_now_ms(), o->login_ttl_ms);
        char challenge[OC_OIDC_RANDOM_LEN + 1];
        oc_oidc_pkce_challenge(login->verifier, challenge);
        oc_buf_t url = OC_BUF_INIT;
        oc_buf_append_str(&url, p->authorization_endpoint);
        oc_buf_append_str(&url, strchr(p->authorization_endpoint, '?') ? "&" : "?");
        oc_buf_append_str(&url, "response_type=code&client_id=");
        oc_oidc_url_encode(&url, o->client_id);
        oc_buf_append_str(&url, "&redirect_uri=");
        oc_oidc_url_encode(&url, o->redirect_uri);
        oc_buf_printf(&url,
                      "&scope=openid%%20email%%20profile&state=%s&nonce=%s&code_challenge=%s"
                      "&code_challenge_method=S256%c",
                      login->state, login->nonce, challenge, '\0');
        op->done(0, url.data, login->state, op->arg);
        oc_buf_free(&url);
    }
    free(op->redirect);
    free(op);
}

void oc_oidc_begin(oc_oidc_t *o, const char *redirect, oc_oidc_begin_cb done, void *arg)
{
    begin_op_t *op = oc_xcalloc(1, sizeof(*op));
    op->redirect = oc_xstrdup(redirect);
    op->done = done;
    op->arg = arg;
    with_provider(o, begin_with, op);
}

char *oc_oidc_cancel(oc_oidc_t *o, const char *state)
{
    oc_oidc_login_t *login;
    if (oc_oidc_logins_take(&o->logins, state, strlen(state), oc_now_ms(), &login) != 0)
        return NULL;
    char *redirect = login->redirect;
    login->redirect = NULL;
    oc_oidc_login_free(login);
    return redirect;
}

/* ---- finish ---------------------------------------------------------------------------- */

typedef struct finish_job {
    uv_work_t work;
    oc_oidc_t *o;
    provider_t *provider; /* references held for the job */
    keyset_t *keys;       /* NULL when none is cached */
    oc_jwks_t *fresh;     /* keys the job fetched, handed to the cache afterwards */
    oc_oidc_login_t *login;
    char *code;
    oc_oidc_finish_cb done;
    void *arg;
    oc_oidc_result_t result;
    char error[400]; /* for the log */
} finish_job_t;

static void finish_now(oc_oidc_t *o, oc_oidc_result_t *r, oc_oidc_finish_cb done, void *arg)
{
    r->issuer = o->issuer;
    done(r, arg);
}

static char *token_form(const finish_job_t *job)
{
    const oc_oidc_t *o = job->o;
    oc_buf_t f = OC_BUF_INIT;
    oc_buf_append_str(&f, "grant_type=authorization_code&code=");
    oc_oidc_url_encode(&f, job->code);
    oc_buf_append_str(&f, "&redirect_uri=");
    oc_oidc_url_encode(&f, o->redirect_uri);
    oc_buf_append_str(&f, "&code_verifier=");
    oc_oidc_url_encode(&f, job->login->verifier);
    if (!job->provider->basic_auth || o->client_secret[0] == '\0') {
        oc_buf_append_str(&f, "&client_id=");
        oc_oidc_url_encode(&f, o->client_id);
        if (o->client_secret[0] != '\0') {
            oc_buf_append_str(&f, "&client_secret=");
            oc_oidc_url_encode(&f, o->client_secret);
        }
    }
    oc_buf_append_char(&f, '\0');
    return f.data;
}

/* POSTs the code to the token endpoint; returns the compact ID token (caller frees). */
static char *exchange_code(finish_job_t *job)
{
    const oc_oidc_t *o = job->o;
    char *form = token_form(job);
    bool basic = job->provider->basic_auth && o->client_secret[0] != '\0';
    oc_oidc_response_t res;
    int rc =
        oc_oidc_http_post_form(job->provider->token_endpoint, form, basic ? o->client_id : NULL,
                               o->client_secret, OC_OIDC_TOKEN_RESP_MAX, &res);
    free(form);
    char *id_token = NULL;
    if (rc != 0) {
        job->result.error = rc == OC_E2BIG ? OC_OIDC_TOKEN_EXCHANGE : OC_OIDC_PROVIDER_UNAVAILABLE;
        snprintf(job->error, sizeof(job->error), "token endpoint: %s", res.error);
        return NULL;
    }
    cJSON *doc = cJSON_ParseWithLength(res.body.data ? res.body.data : "", res.body.len);
    const cJSON *tok = cJSON_GetObjectItemCaseSensitive(doc, "id_token");
    const cJSON *err = cJSON_GetObjectItemCaseSensitive(doc, "error");
    if (res.status != 200 || !cJSON_IsString(tok)) {
        job->result.error = OC_OIDC_TOKEN_EXCHANGE;
        snprintf(job->error, sizeof(job->error), "token endpoint answered %ld%s%.100s%s",
                 res.status, cJSON_IsString(err) ? " (" : " without an id_token",
                 cJSON_IsString(err) ? err->valuestring : "", cJSON_IsString(err) ? ")" : "");
    } else {
        id_token = oc_xstrdup(tok->valuestring);
    }
    cJSON_Delete(doc);
    oc_buf_free(&res.body);
    return id_token;
}

static bool fetch_keys(finish_job_t *job)
{
    oc_oidc_response_t res;
    int rc = oc_oidc_http_get(job->provider->jwks_uri, OC_OIDC_DOCUMENT_MAX, &res);
    if (rc == 0 && res.status == 200)
        rc = oc_jwks_parse(res.body.data ? res.body.data : "", res.body.len, &job->fresh);
    else if (rc == 0)
        rc = UV_EIO;
    if (rc != 0) {
        job->result.error = OC_OIDC_PROVIDER_UNAVAILABLE;
        snprintf(job->error, sizeof(job->error), "key set %s: %s", job->provider->jwks_uri,
                 res.error[0] ? res.error : "not a JWKS document (or not 200)");
    }
    oc_buf_free(&res.body);
    return rc == 0;
}

static void finish_work(uv_work_t *w)
{
    finish_job_t *job = w->data;
    oc_oidc_result_t *r = &job->result;
    char *compact = exchange_code(job);
    if (compact == NULL)
        return;
    oc_id_token_t tok;
    r->fault = oc_id_token_parse(compact, strlen(compact), &tok);
    if (r->fault != OC_ID_TOKEN_VALID) {
        r->error = OC_OIDC_TOKEN_FAULT;
        free(compact);
        return;
    }
    int64_t now = oc_now_ms();
    const oc_jwks_t *keys = job->keys ? job->keys->jwks : NULL;
    if (keys == NULL || now - job->keys->fetched_at > OC_OIDC_KEYS_TTL) {
        if (!fetch_keys(job))
            goto done;
        keys = job->fresh;
    }
    r->fault = oc_id_token_verify(&tok, keys);
    /* The provider rotated its keys: fetch them again, once per sign-in. */
    if (r->fault == OC_ID_TOKEN_UNKNOWN_KEY && job->fresh == NULL) {
        if (!fetch_keys(job))
            goto done;
        r->fault = oc_id_token_verify(&tok, job->fresh);
    }
    if (r->fault == OC_ID_TOKEN_VALID) {
        oc_id_token_expect_t expect = {job->o->issuer, job->o->client_id, job->login->nonce,
                                       now / 1000};
        r->fault = oc_id_token_check(&tok, &expect, &r->claims);
    }
    r->error = r->fault == OC_ID_TOKEN_VALID ? OC_OIDC_OK : OC_OIDC_TOKEN_FAULT;
done:
    oc_id_token_free(&tok);
    free(compact);
}

static void finish_done(uv_work_t *w, int status)
{
    finish_job_t *job = w->data;
    oc_oidc_t *o = job->o;
    if (status != 0) {
        job->result.error = OC_OIDC_PROVIDER_UNAVAILABLE;
        snprintf(job->error, sizeof(job->error), "token exchange: %s", uv_strerror(status));
    }
    if (job->fresh != NULL) {
        keyset_t *k = oc_xcalloc(1, sizeof(*k));
        k->refs = 1;
        k->jwks = job->fresh;
        k->uri = oc_xstrdup(job->provider->jwks_uri);
        k->fetched_at = oc_now_ms();
        keyset_unref(o->keys);
        o->keys = k;
    }
    if (job->result.error == OC_OIDC_TOKEN_FAULT)
        oc_log_warn("oidc", "ID token refused: %s", oc_id_token_fault_name(job->result.fault));
    else if (job->result.error != OC_OIDC_OK)
        oc_log_warn("oidc", "%s", job->error);
    keyset_unref(job->keys);
    provider_unref(job->provider);
    job->result.redirect = job->login->redirect;
    finish_now(o, &job->result, job->done, job->arg);
    oc_oidc_login_free(job->login);
    free(job->code);
    free(job);
}

static void finish_with(oc_oidc_t *o, provider_t *p, void *arg)
{
    finish_job_t *job = arg;
    if (p == NULL) {
        job->result.error = OC_OIDC_PROVIDER_UNAVAILABLE;
        job->result.redirect = job->login->redirect;
        finish_now(o, &job->result, job->done, job->arg);
        oc_oidc_login_free(job->login);
        free(job->code);
        free(job);
        return;
    }
    job->provider = p;
    p->refs++;
    job->keys = o->keys;
    if (job->keys != NULL)
        job->keys->refs++;
    job->work.data = job;
    int rc = uv_queue_work(o->loop, &job->work, finish_work, finish_done);
    if (rc != 0)
        finish_done(&job->work, rc);
}

void oc_oidc_finish(oc_oidc_t *o, const char *state, const char *code, oc_oidc_finish_cb done,
                    void *arg)
{
    oc_oidc_login_t *login;
    int rc = oc_oidc_logins_take(&o->logins, state, strlen(state), oc_now_ms(), &login);
    if (rc != 0) {
        oc_oidc_result_t r = {0};
        r.error = rc == OC_ETIMEDOUT ? OC_OIDC_STATE_EXPIRED : OC_OIDC_STATE_UNKNOWN;
        finish_now(o, &r, done, arg);
        return;
    }
    finish_job_t *job = oc_xcalloc(1, sizeof(*job));
    job->o = o;
    job->login = login;
    job->code = oc_xstrdup(code);
    job->done = done;
    job->arg = arg;
    with_provider(o, finish_with, job);
}

const char *oc_oidc_error_name(const oc_oidc_result_t *result)
{
    switch (result->error) {
    case OC_OIDC_OK: return "ok";
    case OC_OIDC_STATE_UNKNOWN: return "state_unknown";
    case OC_OIDC_STATE_EXPIRED: return "state_expired";
    case OC_OIDC_PROVIDER_UNAVAILABLE: return "provider_unavailable";
    case OC_OIDC_TOKEN_EXCHANGE: return "token_exchange_failed";
    case OC_OIDC_TOKEN_FAULT: return oc_id_token_fault_name(result->fault);
    }
    return "provider_unavailable";
}
