/* Writing HTTP responses.
 *
 * Every response leaves through oc_http_send*, which adds what every response must carry:
 * status line, Content-Length, Connection, the security headers (CSP, nosniff,
 * Referrer-Policy, frame-ancestors) and, for an allowed Origin, the CORS headers. Errors use
 * one JSON shape: {"error":{"code":"...","message":"..."}}. Sending completes the request: the
 * request object is freed and must not be used afterwards. */
#ifndef OC_HTTP_RESPONSE_H
#define OC_HTTP_RESPONSE_H

#include "core/buf.h"
#include "core/frame.h"
#include "http/request.h"

typedef struct oc_http_response {
    int status;
    const char *content_type; /* static string or NULL */
    oc_buf_t headers;         /* extra "Name: value\r\n" lines */
} oc_http_response_t;

void oc_http_response_init(oc_http_response_t *r, int status, const char *content_type);
/* Adds a header line; name and value must not contain CR or LF. */
void oc_http_response_header(oc_http_response_t *r, const char *name, const char *value);
void oc_http_response_headerf(oc_http_response_t *r, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Sends the response with a copy of body (len bytes; HEAD requests get headers only) and
 * frees r's header buffer and the request. */
void oc_http_send(oc_http_request_t *req, oc_http_response_t *r, const void *body, size_t len);
/* Same with a shared body: the bytes frame->data[off .. off+len) are queued by reference
 * (the caller keeps its own reference). */
void oc_http_send_frame(oc_http_request_t *req, oc_http_response_t *r, oc_frame_t *frame,
                        uint32_t off, uint32_t len);

/* Shorthands. */
void oc_http_reply(oc_http_request_t *req, int status, const char *content_type, const void *body,
                   size_t len);
void oc_http_reply_json(oc_http_request_t *req, int status, const oc_buf_t *json);
/* {"error":{"code":code,"message":message}} */
void oc_http_reply_error(oc_http_request_t *req, int status, const char *code, const char *message);

const char *oc_http_status_reason(int status);

/* The security headers added to every response, as one block of header lines. */
extern const char oc_http_security_headers[];

#endif
