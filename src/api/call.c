/* Calls: replies, database continuations and input checks; see call.h. */
#include "api/api_internal.h"

#include "core/alloc.h"
#include "core/errors.h"
#include "core/id.h"
#include "core/json_fields.h"
#include "core/json_writer.h"
#include "core/utf8.h"
#include "http/response.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

oc_call_t *oc__call_new(oc_api_t *api, oc_http_request_t *req);
void oc__call_free(oc_call_t *call);

oc_call_t *oc__call_new(oc_api_t *api, oc_http_request_t *req)
{
    oc_call_t *call = oc_xcalloc(1, sizeof(*call));
    call->api = api;
    call->req = req;
    return call;
}

void oc__call_free(oc_call_t *call)
{
    if (call->data != NULL) {
        if (call->data_free)
            call->data_free(call->data);
        else
            free(call->data);
    }
    cJSON_Delete(call->body);
    oc_buf_free(&call->headers);
    free(call);
}

void oc_call_header(oc_call_t *call, const char *name, const char *value)
{
    oc_buf_printf(&call->headers, "%s: %s\r\n", name, value);
}

static void reply_with(oc_call_t *call, int status, const char *type, const void *body, size_t len)
{
    oc_http_response_t r;
    oc_http_response_init(&r, status, type);
    oc_http_response_header(&r, "Cache-Control", "no-store");
    oc_buf_append(&r.headers, call->headers.data, call->headers.len);
    oc_http_send(call->req, &r, body, len);
    oc__call_free(call);
}

void oc_call_reply_json(oc_call_t *call, int status, const oc_buf_t *json)
{
    reply_with(call, status, "application/json", json->data, json->len);
}

void oc_call_reply_empty(oc_call_t *call)
{
    reply_with(call, 204, NULL, NULL, 0);
}

static void error_body(oc_buf_t *b, const char *code, const char *message, const char *field)
{
    oc_buf_append_str(b, "{\"error\":{\"code\":");
    oc_json_append_cstr(b, code);
    oc_buf_append_str(b, ",\"message\":");
    oc_json_append_cstr(b, message);
    if (field != NULL) {
        oc_buf_append_str(b, ",\"field\":");
        oc_json_append_cstr(b, field);
    }
    oc_buf_append_str(b, "}}");
}

void oc_call_reply_error(oc_call_t *call, int status, const char *code, const char *message)
{
    oc_buf_t b = OC_BUF_INIT;
    error_body(&b, code, message, NULL);
    oc_call_reply_json(call, status, &b);
    oc_buf_free(&b);
}

void oc_call_reply_invalid(oc_call_t *call, const char *field, const char *message)
{
    oc_buf_t b = OC_BUF_INIT;
    error_body(&b, "invalid_field", message, field);
    oc_call_reply_json(call, 422, &b);
    oc_buf_free(&b);
}

void oc_call_reply_status(oc_call_t *call, int err)
{
    switch (err) {
    case OC_ENOENT: oc_call_reply_error(call, 404, "not_found", "Not found."); break;
    case OC_EPERM:
        oc_call_reply_error(call, 403, "forbidden", "You are not allowed to do this.");
        break;
    case OC_EEXIST: oc_call_reply_error(call, 409, "conflict", "That already exists."); break;
    case OC_EINVAL: oc_call_reply_error(call, 422, "invalid", "The request is not valid."); break;
    case OC_ECANCELED:
        oc_call_reply_error(call, 503, "unavailable", "The server is shutting down.");
        break;
    default:
        oc_call_reply_error(call, 500, "internal", "Something went wrong on the server.");
        break;
    }
}

void oc_call_reply_rate_limited(oc_call_t *call, unsigned retry_after_s)
{
    char v[16];
    snprintf(v, sizeof(v), "%u", retry_after_s);
    oc_call_header(call, "Retry-After", v);
    char msg[96];
    snprintf(msg, sizeof(msg), "Too many attempts. Try again in %u seconds.", retry_after_s);
    oc_call_reply_error(call, 429, "rate_limited", msg);
}

void oc_call_reply_frame(oc_call_t *call, oc_http_response_t *r, oc_frame_t *frame, uint32_t off,
                         uint32_t len)
{
    oc_buf_append(&r->headers, call->headers.data, call->headers.len);
    if (frame != NULL)
        oc_http_send_frame(call->req, r, frame, off, len);
    else
        oc_http_send(call->req, r, NULL, len);
    oc__call_free(call);
}

/* ---- database -------------------------------------------------------------------------- */

static int call_work(oc_dbc_t *c, void *arg)
{
    oc_call_t *call = arg;
    return call->work(c, call->data);
}

static void call_done(int status, void *arg)
{
    oc_call_t *call = arg;
    call->done(call, status);
}

static void submit(oc_call_t *call, bool write, oc_db_work_fn work, oc_call_done_fn done)
{
    call->work = work;
    call->done = done;
    int rc = write ? oc_db_write(call->api->db, call_work, call_done, call)
                   : oc_db_read(call->api->db, call_work, call_done, call);
    if (rc != 0)
        oc_call_reply_status(call, rc);
}

void oc_call_read(oc_call_t *call, oc_db_work_fn work, oc_call_done_fn done)
{
    submit(call, false, work, done);
}

void oc_call_write(oc_call_t *call, oc_db_work_fn work, oc_call_done_fn done)
{
    submit(call, true, work, done);
}

/* ---- input ----------------------------------------------------------------------------- */

bool oc_call_param_id(oc_call_t *call, const char *name, int64_t *out)
{
    size_t len;
    const char *v = oc_http_request_param(call->req, name, &len);
    if (v == NULL || !oc_id_parse(v, len, out)) {
        oc_call_reply_error(call, 404, "not_found", "Not found.");
        return false;
    }
    return true;
}

static size_t code_points(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

bool oc_call_string(oc_call_t *call, const char *field, bool required, size_t min_chars,
                    size_t max_chars, char **out)
{
    *out = NULL;
    const cJSON *v = call->body ? cJSON_GetObjectItemCaseSensitive(call->body, field) : NULL;
    char msg[128];
    if (v == NULL || cJSON_IsNull(v)) {
        if (!required)
            return true;
        snprintf(msg, sizeof(msg), "%s is required.", field);
        oc_call_reply_invalid(call, field, msg);
        return false;
    }
    if (!cJSON_IsString(v)) {
        snprintf(msg, sizeof(msg), "%s must be a string.", field);
        oc_call_reply_invalid(call, field, msg);
        return false;
    }
    const char *s = v->valuestring;
    size_t len = strlen(s);
    while (len > 0 &&
           (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n' || s[len - 1] == '\r'))
        len--;
    while (len > 0 && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')) {
        s++;
        len--;
    }
    size_t n = code_points(s, len);
    if (!oc_utf8_valid(s, len)) {
        snprintf(msg, sizeof(msg), "%s is not valid text.", field);
        oc_call_reply_invalid(call, field, msg);
        return false;
    }
    if (n < min_chars) {
        if (min_chars <= 1)
            snprintf(msg, sizeof(msg), "%s must not be empty.", field);
        else
            snprintf(msg, sizeof(msg), "%s must be at least %zu characters.", field, min_chars);
        oc_call_reply_invalid(call, field, msg);
        return false;
    }
    if (n > max_chars) {
        snprintf(msg, sizeof(msg), "%s must be at most %zu characters.", field, max_chars);
        oc_call_reply_invalid(call, field, msg);
        return false;
    }
    *out = oc_xstrndup(s, len);
    return true;
}

bool oc_call_id(oc_call_t *call, const char *field, bool required, int64_t *out)
{
    char msg[128];
    if (oc_field_id(call->body, field, required, out, msg, sizeof(msg)) == 0)
        return true;
    oc_call_reply_invalid(call, field, msg);
    return false;
}

bool oc_call_bool(oc_call_t *call, const char *field, bool *out, bool *present)
{
    const cJSON *v = call->body ? cJSON_GetObjectItemCaseSensitive(call->body, field) : NULL;
    *present = v != NULL;
    if (v == NULL)
        return true;
    if (!cJSON_IsBool(v)) {
        char msg[128];
        snprintf(msg, sizeof(msg), "%s must be true or false.", field);
        oc_call_reply_invalid(call, field, msg);
        return false;
    }
    *out = cJSON_IsTrue(v);
    return true;
}

bool oc_call_int(oc_call_t *call, const char *field, int64_t min, int64_t max, int64_t *out,
                 bool *present)
{
    const cJSON *v = call->body ? cJSON_GetObjectItemCaseSensitive(call->body, field) : NULL;
    *present = v != NULL && !cJSON_IsNull(v);
    if (!*present)
        return true;
    if (!cJSON_IsNumber(v) || v->valuedouble != (double)(int64_t)v->valuedouble ||
        v->valuedouble < (double)min || v->valuedouble > (double)max) {
        char msg[160];
        snprintf(msg, sizeof(msg), "%s must be a whole number from %lld to %lld.", field,
                 (long long)min, (long long)max);
        oc_call_reply_invalid(call, field, msg);
        return false;
    }
    *out = (int64_t)v->valuedouble;
    return true;
}

const char *oc_call_ip(oc_call_t *call)
{
    static char ip[64];
    if (oc_http_request_peer_ip(call->req, ip, sizeof(ip)) != 0)
        strcpy(ip, "unknown");
    return ip;
}

const char *oc_call_user_agent(oc_call_t *call)
{
    static char ua[256];
    size_t len;
    const char *v = oc_http_request_header(call->req, "User-Agent", &len);
    if (v == NULL)
        return "";
    snprintf(ua, sizeof(ua), "%.*s", (int)len, v);
    return ua;
}

bool oc_call_rate(oc_call_t *call, const char *action, const char *account)
{
    unsigned retry = 0;
    int64_t now = oc_now_ms();
    char key[300];
    snprintf(key, sizeof(key), "ip:%s", oc_call_ip(call));
    bool ok = oc_ratelimit_take(call->api->rates, action, key, now, &retry);
    if (ok && account != NULL) {
        snprintf(key, sizeof(key), "account:%s", account);
        ok = oc_ratelimit_take(call->api->rates, action, key, now, &retry);
    }
    if (!ok)
        oc_call_reply_rate_limited(call, retry);
    return ok;
}

bool oc_call_rate_user(oc_call_t *call, const char *action)
{
    char key[40];
    unsigned retry = 0;
    snprintf(key, sizeof(key), "user:%lld", (long long)call->user_id);
    if (oc_ratelimit_take(call->api->rates, action, key, oc_now_ms(), &retry))
        return true;
    oc_call_reply_rate_limited(call, retry);
    return false;
}
