/* What a REST route handler works with: one call = one HTTP request under /api/v1.
 *
 * The dispatcher (api.c) authenticates the caller (session token from the cookie or an
 * Authorization: Bearer header, checked against the sessions table through the cache),
 * enforces CSRF rules for cookie-authenticated changes, parses JSON bodies, and then calls the
 * route's handler with a call. The handler validates input, runs database work through
 * oc_call_read/oc_call_write (work on a database thread, the continuation back on the loop)
 * and finishes with exactly one oc_call_reply_* (which frees the call).
 *
 * Errors always have the shape {"error":{"code":"...","message":"..."}}, plus "field" for a
 * validation error naming the input field at fault. */
#ifndef OC_API_CALL_H
#define OC_API_CALL_H

#include "core/buf.h"
#include "core/frame.h"
#include "http/request.h"
#include "http/response.h"
#include "store/db.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct oc_api oc_api_t;
typedef struct oc_call oc_call_t;

typedef void (*oc_call_fn)(oc_call_t *call);
typedef void (*oc_call_done_fn)(oc_call_t *call, int status);

struct oc_call {
    oc_http_request_t *req;
    oc_api_t *api;
    int64_t user_id;    /* the authenticated user (0: none, on public routes) */
    int64_t session_id; /* the caller's session (0: none) */
    bool via_cookie;    /* authenticated by the browser cookie (CSRF rules apply) */
    cJSON *body;        /* the parsed JSON object of an OC_ROUTE_JSON route, else NULL */
    void *data;         /* the handler's state; released with data_free (or free) at the end */
    void (*data_free)(void *data);
    oc_buf_t headers; /* extra response header lines ("Name: value\r\n"), e.g. Set-Cookie */
    /* private to call.c */
    oc_db_work_fn work;
    oc_call_done_fn done;
};

enum {
    OC_ROUTE_PUBLIC = 0,
    OC_ROUTE_AUTH = 1 << 0,     /* 401 without a valid session */
    OC_ROUTE_JSON = 1 << 1,     /* the body must be a JSON object (400/415 otherwise) */
    OC_ROUTE_OPT_AUTH = 1 << 2, /* authenticate when a token is present, else anonymous */
};

/* Registers a handler under /api/v1 (pattern as in router.h, without the prefix). */
void oc_api_route(oc_api_t *api, int method, const char *pattern, oc_call_fn fn, unsigned flags);

/* ---- finishing (each frees the call) --------------------------------------------------- */

void oc_call_reply_json(oc_call_t *call, int status, const oc_buf_t *json);
void oc_call_reply_empty(oc_call_t *call); /* 204 */
void oc_call_reply_error(oc_call_t *call, int status, const char *code, const char *message);
/* 422 {"error":{"code":"invalid_field","message":...,"field":field}} */
void oc_call_reply_invalid(oc_call_t *call, const char *field, const char *message);
/* A generic answer for an error code: OC_ENOENT 404 not_found, OC_EPERM 403 forbidden,
 * OC_EEXIST 409 conflict, OC_EINVAL 422, OC_ECANCELED 503, anything else 500. */
void oc_call_reply_status(oc_call_t *call, int err);
/* 429 with Retry-After. */
void oc_call_reply_rate_limited(oc_call_t *call, unsigned retry_after_s);
/* A response the handler built (a file): r's status, type and headers plus the call's own
 * (Set-Cookie), with frame->data[off .. off+len) as the body (the caller keeps its reference).
 * frame may be NULL only when no body goes out (HEAD, 304); len is still the Content-Length.
 * Consumes r's headers. */
void oc_call_reply_frame(oc_call_t *call, oc_http_response_t *r, oc_frame_t *frame, uint32_t off,
                         uint32_t len);

/* Adds "Name: value" to the response (e.g. Set-Cookie). */
void oc_call_header(oc_call_t *call, const char *name, const char *value);

/* ---- database work --------------------------------------------------------------------- */

/* Runs work(conn, call->data) on a reader (or in the writer's group commit) and then
 * done(call, status) on the loop. If the client left meanwhile, done still runs (its reply
 * is dropped). */
void oc_call_read(oc_call_t *call, oc_db_work_fn work, oc_call_done_fn done);
void oc_call_write(oc_call_t *call, oc_db_work_fn work, oc_call_done_fn done);

/* ---- input ----------------------------------------------------------------------------- */

/* A path parameter that must be an id; replies 404 and returns false when it is not. */
bool oc_call_param_id(oc_call_t *call, const char *name, int64_t *out);
/* A string field of the JSON body, trimmed of surrounding white space and copied into *out
 * (caller frees; NULL when absent and optional). Lengths count Unicode code points. On a bad
 * value replies 422 naming the field and returns false. */
bool oc_call_string(oc_call_t *call, const char *field, bool required, size_t min_chars,
                    size_t max_chars, char **out);
/* An id given as a decimal string (or a number below 2^53). */
bool oc_call_id(oc_call_t *call, const char *field, bool required, int64_t *out);
/* A boolean or integer field; *present says whether it was given. */
bool oc_call_bool(oc_call_t *call, const char *field, bool *out, bool *present);
bool oc_call_int(oc_call_t *call, const char *field, int64_t min, int64_t max, int64_t *out,
                 bool *present);

/* Rate limit: consumes one token of `action` for the caller's IP and, when account is not
 * NULL, for that account name too. Replies 429 and returns false when exhausted. */
bool oc_call_rate(oc_call_t *call, const char *action, const char *account);

/* Rate limit for a signed-in caller: one token of `action` for the user's id. Replies 429 and
 * returns false when exhausted. */
bool oc_call_rate_user(oc_call_t *call, const char *action);

/* The caller's address, User-Agent ("" when absent). */
const char *oc_call_ip(oc_call_t *call);
const char *oc_call_user_agent(oc_call_t *call);

#endif
