/* Response writing: see response.h. The connection side lives in server.c, reached through
 * oc__http_conn_* (server_internal.h). */
#include "http/response.h"

#include "core/alloc.h"
#include "core/json_writer.h"
#include "http/server_internal.h"

#include <stdarg.h>
#include <string.h>

const char oc_http_security_headers[] =
    "Content-Security-Policy: default-src 'self'; script-src 'self'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; media-src 'self' blob:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'\r\n"
    "X-Content-Type-Options: nosniff\r\n"
    "X-Frame-Options: DENY\r\n"
    "Referrer-Policy: same-origin\r\n"
    "Cross-Origin-Opener-Policy: same-origin\r\n";

const char *oc_http_status_reason(int status)
{
    switch (status) {
    case 100: return "Continue";
    case 101: return "Switching Protocols";
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 206: return "Partial Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 411: return "Length Required";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 416: return "Range Not Satisfiable";
    case 417: return "Expectation Failed";
    case 422: return "Unprocessable Content";
    case 426: return "Upgrade Required";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
    }
}

void oc_http_response_init(oc_http_response_t *r, int status, const char *content_type)
{
    r->status = status;
    r->content_type = content_type;
    r->headers = (oc_buf_t)OC_BUF_INIT;
}

void oc_http_response_header(oc_http_response_t *r, const char *name, const char *value)
{
    oc_assert(strpbrk(name, "\r\n") == NULL && strpbrk(value, "\r\n") == NULL);
    oc_buf_append_str(&r->headers, name);
    oc_buf_append(&r->headers, ": ", 2);
    oc_buf_append_str(&r->headers, value);
    oc_buf_append(&r->headers, "\r\n", 2);
}

void oc_http_response_headerf(oc_http_response_t *r, const char *name, const char *fmt, ...)
{
    oc_buf_t value = OC_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    oc_buf_vprintf(&value, fmt, ap);
    va_end(ap);
    oc_buf_append_char(&value, '\0');
    oc_http_response_header(r, name, value.data);
    oc_buf_free(&value);
}

/* Writes the head for a body of body_len bytes into out. */
static void build_head(const oc_http_request_t *req, const oc_http_response_t *r, size_t body_len,
                       bool keep_alive, oc_buf_t *out)
{
    oc_buf_printf(out, "HTTP/1.1 %d %s\r\n", r->status, oc_http_status_reason(r->status));
    if (r->content_type)
        oc_buf_printf(out, "Content-Type: %s\r\n", r->content_type);
    /* 1xx, 204 and 304 responses carry no Content-Length (RFC 9110 8.6). */
    if (r->status >= 200 && r->status != 204 && r->status != 304) {
        oc_buf_append_str(out, "Content-Length: ");
        oc_buf_append_u64(out, body_len);
        oc_buf_append(out, "\r\n", 2);
    }
    oc_buf_append_str(out, keep_alive ? "Connection: keep-alive\r\n" : "Connection: close\r\n");
    oc_buf_append(out, oc_http_security_headers, sizeof(oc_http_security_headers) - 1);
    if (req->origin_allowed) {
        if (req->cors_any) {
            oc_buf_append_str(out, "Access-Control-Allow-Origin: *\r\n");
        } else {
            oc_buf_append_str(out, "Access-Control-Allow-Origin: ");
            oc_buf_append(out, req->origin, req->origin_len);
            oc_buf_append_str(out, "\r\nAccess-Control-Allow-Credentials: true\r\n");
        }
    }
    if (req->origin != NULL && !req->cors_any)
        oc_buf_append_str(out, "Vary: Origin\r\n");
    oc_buf_append(out, r->headers.data, r->headers.len);
    oc_buf_append(out, "\r\n", 2);
}

static bool wants_body(const oc_http_request_t *req, const oc_http_response_t *r)
{
    return req->head.method != OC_HTTP_HEAD && r->status >= 200 && r->status != 204 &&
           r->status != 304;
}

void oc_http_send(oc_http_request_t *req, oc_http_response_t *r, const void *body, size_t len)
{
    bool keep_alive = oc__http_conn_keep_alive(req);
    oc_buf_t out = OC_BUF_INIT;
    build_head(req, r, len, keep_alive, &out);
    if (wants_body(req, r))
        oc_buf_append(&out, body, len);
    oc_frame_t *f = oc_frame_from(out.data, out.len);
    oc_buf_free(&out);
    oc_buf_free(&r->headers);
    oc__http_conn_finish(req, f, NULL, 0, 0, keep_alive);
}

void oc_http_send_frame(oc_http_request_t *req, oc_http_response_t *r, oc_frame_t *frame,
                        uint32_t off, uint32_t len)
{
    bool keep_alive = oc__http_conn_keep_alive(req);
    oc_buf_t out = OC_BUF_INIT;
    build_head(req, r, len, keep_alive, &out);
    oc_frame_t *head = oc_frame_from(out.data, out.len);
    oc_buf_free(&out);
    oc_buf_free(&r->headers);
    bool body = wants_body(req, r) && len > 0;
    oc__http_conn_finish(req, head, body ? frame : NULL, off, len, keep_alive);
}

void oc_http_reply(oc_http_request_t *req, int status, const char *content_type, const void *body,
                   size_t len)
{
    oc_http_response_t r;
    oc_http_response_init(&r, status, content_type);
    oc_http_send(req, &r, body, len);
}

void oc_http_reply_json(oc_http_request_t *req, int status, const oc_buf_t *json)
{
    oc_http_response_t r;
    oc_http_response_init(&r, status, "application/json");
    oc_http_response_header(&r, "Cache-Control", "no-store");
    oc_http_send(req, &r, json->data, json->len);
}

void oc_http_reply_error(oc_http_request_t *req, int status, const char *code, const char *message)
{
    oc_buf_t json = OC_BUF_INIT;
    oc_buf_append_str(&json, "{\"error\":{\"code\":");
    oc_json_append_cstr(&json, code);
    oc_buf_append_str(&json, ",\"message\":");
    oc_json_append_cstr(&json, message);
    oc_buf_append_str(&json, "}}");
    oc_http_reply_json(req, status, &json);
    oc_buf_free(&json);
}
