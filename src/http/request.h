/* One HTTP request as route handlers see it, and the handler signature.
 *
 * The server copies the request head out of the connection's input (so a handler may answer
 * later, from another callback) and collects the body. A handler must eventually answer with
 * one of the oc_http_reply* / oc_http_send* functions (response.h), or take the connection
 * over with a protocol upgrade. If the client goes away first, on_abort (when set) is called
 * and the request is freed: the handler must forget it. */
#ifndef OC_HTTP_REQUEST_H
#define OC_HTTP_REQUEST_H

#include "core/buf.h"
#include "http/parser.h"

#include <stdbool.h>
#include <stddef.h>

#define OC_HTTP_MAX_PARAMS 8

typedef struct oc_http_conn oc_http_conn_t;
typedef struct oc_http_request oc_http_request_t;

typedef void (*oc_http_handler_fn)(oc_http_request_t *req, void *ctx);

typedef struct oc_http_param {
    const char *name; /* from the route pattern, without ':' (static storage of the router) */
    const char *value;
    size_t value_len; /* raw path segment, still percent-encoded */
} oc_http_param_t;

struct oc_http_request {
    oc_http_conn_t *hc;          /* the connection; owned by the server */
    oc_http_request_head_t head; /* slices into raw */
    char *raw;                   /* owned copy of the head bytes */
    oc_buf_t body;
    oc_http_param_t params[OC_HTTP_MAX_PARAMS];
    size_t num_params;
    const char *origin; /* Origin header or NULL */
    size_t origin_len;
    bool origin_allowed; /* the Origin is in the allowed list (CORS headers are added) */
    bool cors_any;       /* allowed through "*": no credentials */
    bool same_origin;    /* the Origin is this server's own (scheme://Host) */
    /* For handlers that answer later: */
    void (*on_abort)(oc_http_request_t *req, void *ctx);
    void *abort_ctx;
};

/* Header value by case-insensitive name; NULL if absent (len set to 0). */
const char *oc_http_request_header(const oc_http_request_t *req, const char *name, size_t *len);
/* Raw query parameter (see oc_http_query_get). */
bool oc_http_request_query(const oc_http_request_t *req, const char *name, const char **val,
                           size_t *len);
/* Path parameter from the route pattern, or NULL. */
const char *oc_http_request_param(const oc_http_request_t *req, const char *name, size_t *len);
/* The peer IP address as text. */
int oc_http_request_peer_ip(const oc_http_request_t *req, char *out, size_t out_len);

#endif
