/* The HTTP/1.1 server: connections, request framing, timeouts and dispatch.
 *
 * Reads requests from a connection (keep-alive and pipelining: one request at a time, in
 * order), enforces the limits (head 16 KiB -> 431, body -> 413, slow head or body -> 408,
 * idle keep-alive -> close), answers CORS preflights, and hands each request to a route or
 * to the fallback (static files). Protocol upgrades (WebSocket) take the connection over
 * through oc_http_upgrade. It knows nothing of Engine.IO or of the REST API. */
#ifndef OC_HTTP_SERVER_H
#define OC_HTTP_SERVER_H

#include "http/cors.h"
#include "http/request.h"
#include "http/router.h"
#include "net/conn.h"

typedef struct oc_http_server oc_http_server_t;

typedef struct oc_http_server_config {
    size_t max_head_bytes; /* 16 KiB */
    size_t max_body_bytes;
    unsigned header_timeout_ms;
    unsigned idle_timeout_ms;
    const oc_cors_t *cors; /* borrowed; outlives the server */
} oc_http_server_config_t;

oc_http_server_t *oc_http_server_new(uv_loop_t *loop, const oc_http_server_config_t *cfg);
/* Teardown: _close stops the timers; _free, after the loop has run the closes, releases the
 * memory. All connections must be gone. */
void oc_http_server_close(oc_http_server_t *s);
void oc_http_server_free(oc_http_server_t *s);

/* Adds a route (see router.h); ctx is borrowed. Returns 0 or OC_EINVAL. */
int oc_http_server_route(oc_http_server_t *s, int method, const char *pattern,
                         oc_http_handler_fn fn, void *ctx);
/* Lets requests matching method and pattern (as in router.h) carry bodies of up to max_bytes
 * instead of max_body_bytes, so an upload route can take files without every JSON route
 * taking them too. While such a body arrives the header timeout measures silence, not the
 * whole transfer (a large upload over a slow link is not cut off). Returns 0 or OC_EINVAL. */
int oc_http_server_body_limit(oc_http_server_t *s, int method, const char *pattern,
                              size_t max_bytes);

/* Calls fn(arg) once when oc_http_server_shutdown begins a graceful stop, while the loop
 * still runs, so a layer above can close its timers. _off_shutdown forgets the pair again
 * (for an owner that goes first). arg is borrowed. */
typedef void (*oc_http_shutdown_fn)(void *arg);
void oc_http_server_on_shutdown(oc_http_server_t *s, oc_http_shutdown_fn fn, void *arg);
void oc_http_server_off_shutdown(oc_http_server_t *s, oc_http_shutdown_fn fn, void *arg);

/* Handler for GET/HEAD requests no route matched (static files). */
void oc_http_server_fallback(oc_http_server_t *s, oc_http_handler_fn fn, void *ctx);

/* The connection handler to accept HTTP connections with; its ctx is the server. */
extern const oc_conn_handler_t oc_http_conn_handler;

/* Takes the request's connection over for another protocol: queues the response head
 * (owned reference; e.g. "101 Switching Protocols"), frees the request and gives the
 * connection, with any bytes the client already sent after the head, to handler/ctx.
 * Returns the connection, or NULL if the client is already gone. */
oc_conn_t *oc_http_upgrade(oc_http_request_t *req, oc_frame_t *response_head,
                           const oc_conn_handler_t *handler, void *ctx);

/* Starts a graceful stop: idle connections close now, busy ones after their response. */
void oc_http_server_shutdown(oc_http_server_t *s);

/* The origin policy the server was configured with. */
const oc_cors_t *oc_http_server_cors(const oc_http_server_t *s);

#endif
