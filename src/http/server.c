/* HTTP/1.1 connections and dispatch: see server.h.
 *
 * A connection is in one of four states:
 *
 *   IDLE ──first byte──► HEAD ──head parsed──► BODY ──body complete──► DISPATCHED
 *    ▲                                      (or straight to DISPATCHED)      │
 *    └──────────────────── response sent (keep-alive) ──────────────────────┘
 *
 * HEAD and BODY run against the header timeout, IDLE against the idle timeout. While a
 * request is DISPATCHED, pipelined bytes wait unparsed in the connection's input (bounded by
 * its input limit), and the connection is still read so a hang-up is seen at once. */
#include "http/server.h"

#include "core/alloc.h"
#include "core/errors.h"
#include "core/log.h"
#include "core/metrics.h"
#include "core/timeouts.h"
#include "http/response.h"
#include "http/server_internal.h"

#include <stdlib.h>
#include <string.h>

enum { ST_IDLE, ST_HEAD, ST_BODY, ST_DISPATCHED };

typedef struct shutdown_watch {
    struct shutdown_watch *next;
    oc_http_shutdown_fn fn;
    void *arg;
} shutdown_watch_t;

struct oc_http_server {
    uv_loop_t *loop;
    oc_http_server_config_t cfg;
    oc_router_t *router;
    oc_router_t *body_limits; /* ctx: the limit, as an integer; NULL when none was set */
    shutdown_watch_t *watches;
    oc_http_handler_fn fallback;
    void *fallback_ctx;
    oc_timeout_list_t header_list;
    oc_timeout_list_t idle_list;
    oc_list_t conns;
    bool shutting_down;
};

struct oc_http_conn {
    oc_conn_t *conn;
    oc_http_server_t *srv;
    oc_http_request_t *req; /* being read or dispatched */
    oc_timeout_t timeout;
    oc_list_t link;
    uint8_t state;
    bool chunked;
    bool large_body; /* a route's own body limit applies (see oc_http_server_body_limit) */
    oc_http_chunked_t chunk;
    uint64_t body_left;
    size_t max_body;
};

static void on_open(oc_conn_t *c);
static size_t on_data(oc_conn_t *c, char *data, size_t len);
static void on_close(oc_conn_t *c);

const oc_conn_handler_t oc_http_conn_handler = {
    .name = "http",
    .on_open = on_open,
    .on_data = on_data,
    .on_close = on_close,
};

/* ---- timeouts -------------------------------------------------------------------------- */

static void send_error_and_close(oc_http_conn_t *hc, int status, const char *code,
                                 const char *message);

static void on_header_timeout(oc_timeout_list_t *list, oc_timeout_t *t)
{
    OC_UNUSED(list);
    oc_http_conn_t *hc = OC_CONTAINER_OF(t, oc_http_conn_t, timeout);
    if (hc->state == ST_IDLE) {
        oc_conn_close(hc->conn); /* connected but never sent a byte */
        return;
    }
    send_error_and_close(hc, 408, "request_timeout", "The request took too long to arrive.");
}

static void on_idle_timeout(oc_timeout_list_t *list, oc_timeout_t *t)
{
    OC_UNUSED(list);
    oc_http_conn_t *hc = OC_CONTAINER_OF(t, oc_http_conn_t, timeout);
    oc_conn_close(hc->conn);
}

/* ---- server ---------------------------------------------------------------------------- */

oc_http_server_t *oc_http_server_new(uv_loop_t *loop, const oc_http_server_config_t *cfg)
{
    oc_http_server_t *s = oc_xcalloc(1, sizeof(*s));
    s->loop = loop;
    s->cfg = *cfg;
    s->router = oc_router_new();
    oc_list_init(&s->conns);
    oc_timeout_list_init(loop, &s->header_list, cfg->header_timeout_ms, on_header_timeout);
    oc_timeout_list_init(loop, &s->idle_list, cfg->idle_timeout_ms, on_idle_timeout);
    return s;
}

void oc_http_server_close(oc_http_server_t *s)
{
    oc_timeout_list_close(&s->header_list);
    oc_timeout_list_close(&s->idle_list);
}

void oc_http_server_free(oc_http_server_t *s)
{
    if (s == NULL)
        return;
    oc_assert(oc_list_empty(&s->conns));
    oc_router_free(s->router);
    oc_router_free(s->body_limits);
    while (s->watches != NULL) {
        shutdown_watch_t *next = s->watches->next;
        free(s->watches);
        s->watches = next;
    }
    free(s);
}

int oc_http_server_route(oc_http_server_t *s, int method, const char *pattern,
                         oc_http_handler_fn fn, void *ctx)
{
    return oc_router_add(s->router, method, pattern, fn, ctx);
}

static void no_handler(oc_http_request_t *req, void *ctx)
{
    OC_UNUSED(req);
    OC_UNUSED(ctx);
}

int oc_http_server_body_limit(oc_http_server_t *s, int method, const char *pattern,
                              size_t max_bytes)
{
    if (s->body_limits == NULL)
        s->body_limits = oc_router_new();
    return oc_router_add(s->body_limits, method, pattern, no_handler, (void *)(uintptr_t)max_bytes);
}

void oc_http_server_on_shutdown(oc_http_server_t *s, oc_http_shutdown_fn fn, void *arg)
{
    shutdown_watch_t *w = oc_xmalloc(sizeof(*w));
    w->fn = fn;
    w->arg = arg;
    w->next = s->watches;
    s->watches = w;
}

void oc_http_server_off_shutdown(oc_http_server_t *s, oc_http_shutdown_fn fn, void *arg)
{
    for (shutdown_watch_t **p = &s->watches; *p != NULL; p = &(*p)->next) {
        if ((*p)->fn == fn && (*p)->arg == arg) {
            shutdown_watch_t *w = *p;
            *p = w->next;
            free(w);
            return;
        }
    }
}

void oc_http_server_fallback(oc_http_server_t *s, oc_http_handler_fn fn, void *ctx)
{
    s->fallback = fn;
    s->fallback_ctx = ctx;
}

const oc_cors_t *oc_http_server_cors(const oc_http_server_t *s)
{
    return s->cfg.cors;
}

static void close_if_idle(oc_http_conn_t *hc)
{
    if (hc->state == ST_IDLE)
        oc_conn_close(hc->conn);
}

void oc_http_server_shutdown(oc_http_server_t *s)
{
    if (!s->shutting_down) {
        /* Each watcher is called once and forgotten: it may free what arg points to. */
        while (s->watches != NULL) {
            shutdown_watch_t *w = s->watches;
            s->watches = w->next;
            w->fn(w->arg);
            free(w);
        }
    }
    s->shutting_down = true;
    oc_list_t *pos, *tmp;
    OC_LIST_FOREACH_SAFE(pos, tmp, &s->conns)
    {
        close_if_idle(OC_CONTAINER_OF(pos, oc_http_conn_t, link));
    }
}

/* ---- requests -------------------------------------------------------------------------- */

static void rebase(const char **p, const char *from, const char *to)
{
    if (*p != NULL)
        *p = to + (*p - from);
}

static oc_http_request_t *request_new(oc_http_conn_t *hc, const char *buf, size_t head_len,
                                      const oc_http_request_head_t *head)
{
    oc_http_request_t *req = oc_xcalloc(1, sizeof(*req));
    req->hc = hc;
    req->raw = oc_xmalloc(head_len);
    memcpy(req->raw, buf, head_len);
    req->head = *head;
    oc_http_request_head_t *h = &req->head;
    rebase(&h->method_str, buf, req->raw);
    rebase(&h->target, buf, req->raw);
    rebase(&h->path, buf, req->raw);
    rebase(&h->query, buf, req->raw);
    for (size_t i = 0; i < h->num_headers; i++) {
        rebase(&h->headers[i].name, buf, req->raw);
        rebase(&h->headers[i].value, buf, req->raw);
    }
    return req;
}

static void request_free(oc_http_request_t *req)
{
    if (req == NULL)
        return;
    oc_buf_free(&req->body);
    free(req->raw);
    free(req);
}

const char *oc_http_request_header(const oc_http_request_t *req, const char *name, size_t *len)
{
    const oc_http_header_t *h = oc_http_header_find(&req->head, name);
    if (len)
        *len = h ? h->value_len : 0;
    return h ? h->value : NULL;
}

bool oc_http_request_query(const oc_http_request_t *req, const char *name, const char **val,
                           size_t *len)
{
    return oc_http_query_get(req->head.query, req->head.query_len, name, val, len);
}

const char *oc_http_request_param(const oc_http_request_t *req, const char *name, size_t *len)
{
    for (size_t i = 0; i < req->num_params; i++) {
        if (strcmp(req->params[i].name, name) == 0) {
            if (len)
                *len = req->params[i].value_len;
            return req->params[i].value;
        }
    }
    return NULL;
}

int oc_http_request_peer_ip(const oc_http_request_t *req, char *out, size_t out_len)
{
    if (req->hc == NULL)
        return OC_EPIPE;
    return oc_conn_peer_ip(req->hc->conn, out, out_len);
}

/* ---- responses (called from response.c) ------------------------------------------------ */

bool oc__http_conn_keep_alive(const oc_http_request_t *req)
{
    return req->hc != NULL && req->head.keep_alive && !req->hc->srv->shutting_down;
}

void oc__http_conn_finish(oc_http_request_t *req, oc_frame_t *head, oc_frame_t *body, uint32_t off,
                          uint32_t len, bool keep_alive)
{
    oc_http_conn_t *hc = req->hc;
    if (hc == NULL) {
        /* The client left while the handler was working: nothing to send. */
        oc_frame_unref(head);
        request_free(req);
        return;
    }
    oc_assert(hc->req == req);
    oc_conn_t *c = hc->conn;
    oc_conn_write_frame_owned(c, head, 0, head->len);
    if (body != NULL)
        oc_conn_write_frame(c, body, off, len);
    request_free(req);
    hc->req = NULL;
    hc->state = ST_IDLE;
    if (!keep_alive) {
        oc_conn_close_after_flush(c);
        return;
    }
    oc_timeout_arm(&hc->srv->idle_list, &hc->timeout);
    /* Pipelined requests that arrived meanwhile wait in the connection's input. */
    oc_conn_kick(c);
}

/* Answers without a parsed request (malformed input, timeouts) and closes. */
static void send_error_and_close(oc_http_conn_t *hc, int status, const char *code,
                                 const char *message)
{
    oc_timeout_disarm(&hc->timeout);
    if (hc->state == ST_DISPATCHED) {
        /* A handler owns the request and will answer; the connection just ends then. */
        return;
    }
    oc_http_request_t *req = hc->req;
    if (req == NULL) {
        req = oc_xcalloc(1, sizeof(*req));
        req->hc = hc;
        req->head.method = OC_HTTP_GET;
        hc->req = req;
    }
    req->head.keep_alive = false;
    hc->state = ST_DISPATCHED;
    oc_http_reply_error(req, status, code, message);
}

/* ---- dispatch -------------------------------------------------------------------------- */

static void answer_preflight(oc_http_request_t *req, bool allowed)
{
    if (!allowed) {
        oc_http_reply_error(req, 403, "origin_not_allowed",
                            "This origin may not call the server from a browser.");
        return;
    }
    oc_http_response_t r;
    oc_http_response_init(&r, 204, NULL);
    oc_http_response_header(&r, "Access-Control-Allow-Methods",
                            "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
    size_t hlen;
    const char *h = oc_http_request_header(req, "Access-Control-Request-Headers", &hlen);
    if (h != NULL && hlen > 0) {
        char *copy = oc_xstrndup(h, hlen);
        oc_http_response_header(&r, "Access-Control-Allow-Headers", copy);
        free(copy);
        oc_http_response_header(&r, "Vary", "Access-Control-Request-Headers");
    }
    oc_http_response_header(&r, "Access-Control-Max-Age", "600");
    oc_http_send(req, &r, NULL, 0);
}

static void dispatch(oc_http_conn_t *hc)
{
    oc_http_server_t *s = hc->srv;
    oc_http_request_t *req = hc->req;
    hc->state = ST_DISPATCHED;
    oc_timeout_disarm(&hc->timeout);
    oc_metrics.http_requests++;

    size_t olen, hlen;
    const char *origin = oc_http_request_header(req, "Origin", &olen);
    bool same_origin = false;
    if (origin != NULL) {
        const char *host = oc_http_request_header(req, "Host", &hlen);
        same_origin = host && oc_cors_same_origin(origin, olen, host, hlen);
        req->origin = origin;
        req->origin_len = olen;
        req->same_origin = same_origin;
        oc_cors_match_t match =
            s->cfg.cors ? oc_cors_match(s->cfg.cors, origin, olen) : OC_CORS_NONE;
        req->origin_allowed = match != OC_CORS_NONE;
        /* "*" grants no credentials; an explicitly listed origin does. */
        req->cors_any = match == OC_CORS_ANY;
    }

    if (req->head.method == OC_HTTP_OPTIONS && origin != NULL &&
        oc_http_request_header(req, "Access-Control-Request-Method", NULL) != NULL) {
        answer_preflight(req, req->origin_allowed || same_origin);
        return;
    }

    oc_route_match_t m;
    int rc = oc_router_match(s->router, req->head.method, req->head.path, req->head.path_len, &m);
    if (rc == 0) {
        memcpy(req->params, m.params, m.num_params * sizeof(m.params[0]));
        req->num_params = m.num_params;
        m.fn(req, m.ctx);
        return;
    }
    if (rc == OC_EPERM) {
        char allow[128];
        oc_router_allow_header(m.allowed, allow, sizeof(allow));
        oc_http_response_t r;
        oc_http_response_init(&r, 405, "application/json");
        oc_http_response_header(&r, "Allow", allow);
        static const char body[] = "{\"error\":{\"code\":\"method_not_allowed\",\"message\":"
                                   "\"This method is not allowed here.\"}}";
        oc_http_send(req, &r, body, sizeof(body) - 1);
        return;
    }
    if (s->fallback != NULL &&
        (req->head.method == OC_HTTP_GET || req->head.method == OC_HTTP_HEAD)) {
        s->fallback(req, s->fallback_ctx);
        return;
    }
    oc_http_reply_error(req, 404, "not_found", "No such resource.");
}

/* ---- reading --------------------------------------------------------------------------- */

static void parse_error(oc_http_conn_t *hc, int rc, const oc_http_request_head_t *head)
{
    switch (rc) {
    case OC_E2BIG:
        send_error_and_close(hc, 431, "headers_too_large",
                             "The request head is larger than 16 KiB.");
        break;
    case OC_ENOTSUP:
        /* The parser leaves minor_version at -1 for an unknown HTTP version; otherwise it
         * was the Transfer-Encoding. */
        if (head->minor_version < 0)
            send_error_and_close(hc, 505, "http_version_not_supported",
                                 "Only HTTP/1.0 and HTTP/1.1 are supported.");
        else
            send_error_and_close(hc, 501, "transfer_encoding_not_supported",
                                 "Only the chunked transfer coding is supported.");
        break;
    default: send_error_and_close(hc, 400, "bad_request", "The request is malformed."); break;
    }
}

static void body_too_large(oc_http_conn_t *hc)
{
    send_error_and_close(hc, 413, "body_too_large", "The request body is too large.");
}

/* Parses a head at data; returns bytes used, or 0 when more input is needed. */
static size_t read_head(oc_http_conn_t *hc, char *data, size_t len)
{
    oc_http_server_t *s = hc->srv;
    oc_http_request_head_t head;
    size_t head_len = 0;
    if (hc->state == ST_IDLE) {
        hc->state = ST_HEAD;
        oc_timeout_arm(&s->header_list, &hc->timeout);
    }
    int rc = oc_http_parse_head(data, len, s->cfg.max_head_bytes, &head, &head_len);
    if (rc == OC_EAGAIN)
        return 0;
    if (rc < 0) {
        parse_error(hc, rc, &head);
        return len;
    }
    hc->req = request_new(hc, data, head_len, &head);
    hc->max_body = s->cfg.max_body_bytes;
    hc->large_body = false;
    oc_route_match_t limit;
    if (s->body_limits != NULL &&
        oc_router_match(s->body_limits, head.method, head.path, head.path_len, &limit) == 0) {
        hc->max_body = (size_t)(uintptr_t)limit.ctx;
        hc->large_body = true;
    }
    if (head.chunked) {
        hc->chunked = true;
        oc_http_chunked_init(&hc->chunk);
        hc->state = ST_BODY;
    } else if (head.content_length > 0) {
        if ((uint64_t)head.content_length > hc->max_body) {
            body_too_large(hc);
            return len;
        }
        hc->chunked = false;
        hc->body_left = (uint64_t)head.content_length;
        /* A large body's memory follows the bytes that arrive, not the promise in the head. */
        size_t reserve = (size_t)head.content_length;
        if (hc->large_body)
            reserve = OC_MIN(reserve, s->cfg.max_body_bytes);
        oc_buf_reserve(&hc->req->body, reserve);
        hc->state = ST_BODY;
    }
    if (hc->state == ST_BODY && head.expect_continue) {
        static const char cont[] = "HTTP/1.1 100 Continue\r\n\r\n";
        oc_conn_write_copy(hc->conn, cont, sizeof(cont) - 1);
    }
    return head_len;
}

/* Collects body bytes; returns bytes used. Dispatches when the body is complete. */
static size_t read_body(oc_http_conn_t *hc, char *data, size_t len)
{
    oc_http_request_t *req = hc->req;
    if (hc->chunked) {
        size_t used = 0;
        int rc = oc_http_chunked_decode(&hc->chunk, data, len, &used, &req->body, hc->max_body);
        if (rc == OC_E2BIG) {
            body_too_large(hc);
            return len;
        }
        if (rc == OC_EPROTO) {
            send_error_and_close(hc, 400, "bad_request", "The chunked body is malformed.");
            return len;
        }
        if (rc == 0)
            dispatch(hc);
        else if (hc->large_body && used > 0)
            oc_timeout_arm(&hc->srv->header_list, &hc->timeout);
        return used;
    }
    size_t n = (size_t)OC_MIN((uint64_t)len, hc->body_left);
    oc_buf_append(&req->body, data, n);
    hc->body_left -= n;
    if (hc->body_left == 0)
        dispatch(hc);
    else if (hc->large_body && n > 0)
        oc_timeout_arm(&hc->srv->header_list, &hc->timeout); /* progress: the clock restarts */
    return n;
}

static size_t on_data(oc_conn_t *c, char *data, size_t len)
{
    oc_http_conn_t *hc = c->ctx;
    size_t used = 0;
    while (used < len && !oc_conn_closing(c)) {
        size_t n;
        if (hc->state == ST_DISPATCHED) {
            /* Pipelined bytes wait (bounded by the connection's input limit) until the
             * current response is out. Reading goes on, so a client that hangs up during a
             * long poll is noticed at once. */
            break;
        }
        if (hc->state == ST_IDLE || hc->state == ST_HEAD) {
            n = read_head(hc, data + used, len - used);
            if (n == 0)
                break;
            used += n;
            if (oc_conn_closing(c))
                break;
            if (hc->state == ST_HEAD) {
                dispatch(hc); /* no body */
            }
        } else {
            n = read_body(hc, data + used, len - used);
            used += n;
        }
        /* A handler may have upgraded the connection: hc is gone then. */
        if (c->handler != &oc_http_conn_handler)
            return used;
    }
    if (!oc_conn_closing(c) && used == len && hc->state == ST_IDLE)
        oc_timeout_arm(&hc->srv->idle_list, &hc->timeout);
    return used;
}

static void on_close(oc_conn_t *c)
{
    oc_http_conn_t *hc = c->ctx;
    oc_timeout_disarm(&hc->timeout);
    oc_list_unlink(&hc->link);
    oc_http_request_t *req = hc->req;
    if (req != NULL) {
        if (hc->state == ST_DISPATCHED) {
            req->hc = NULL;
            if (req->on_abort != NULL) {
                req->on_abort(req, req->abort_ctx);
                request_free(req);
            }
            /* Otherwise the handler still holds req; its reply finds hc == NULL and frees it. */
        } else {
            request_free(req);
        }
    }
    free(hc);
}

/* A new connection arrives with ctx = the server and gets its own state. */
static void on_open(oc_conn_t *c)
{
    oc_http_server_t *s = c->ctx;
    oc_http_conn_t *hc = oc_xcalloc(1, sizeof(*hc));
    hc->conn = c;
    hc->srv = s;
    oc_timeout_init(&hc->timeout);
    oc_list_insert_tail(&s->conns, &hc->link);
    c->ctx = hc;
    if (s->shutting_down) {
        oc_conn_close(c);
        return;
    }
    /* A client that connects and never sends a byte is dropped after the header timeout. */
    oc_timeout_arm(&s->header_list, &hc->timeout);
}

oc_conn_t *oc_http_upgrade(oc_http_request_t *req, oc_frame_t *response_head,
                           const oc_conn_handler_t *handler, void *ctx)
{
    oc_http_conn_t *hc = req->hc;
    if (hc == NULL) {
        oc_frame_unref(response_head);
        request_free(req);
        return NULL;
    }
    oc_conn_t *c = hc->conn;
    oc_conn_write_frame_owned(c, response_head, 0, response_head->len);
    request_free(req);
    oc_timeout_disarm(&hc->timeout);
    oc_list_unlink(&hc->link);
    free(hc);
    oc_conn_set_handler(c, handler, ctx);
    /* Bytes the client sent after the head (already in the connection's input) reach the
     * new handler now or at the next safe point. */
    oc_conn_kick(c);
    return c;
}
