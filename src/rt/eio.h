/* The Engine.IO v4 server: sessions over HTTP long-polling and WebSocket.
 *
 * Owns the handshake (sid, upgrades, pingInterval, pingTimeout, maxPayload), the
 * server-driven heartbeat, the polling transport (GET long-polls, POST payloads, one of each
 * at a time), the upgrade from polling to WebSocket (probe, noop, upgrade) and closing. The
 * layer above (Socket.IO) sees sessions that deliver whole messages in order and accept
 * frames to send, whatever the transport. Behaviour and status codes follow the
 * engine.io-protocol document and its test suite.
 *
 * Frames given to oc_eio_send are WebSocket-framed Engine.IO packets (oc_eio_frame_*): the
 * WebSocket transport sends them as they are, the polling transport sends their payload. */
#ifndef OC_RT_EIO_H
#define OC_RT_EIO_H

#include "core/frame.h"
#include "http/request.h"
#include "net/conn.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct oc_eio_server oc_eio_server_t;
typedef struct oc_eio_session oc_eio_session_t;

typedef struct oc_eio_config {
    unsigned ping_interval_ms;
    unsigned ping_timeout_ms;
    size_t max_payload;          /* largest message or polling body accepted */
    unsigned upgrade_timeout_ms; /* time to finish a started upgrade */
    size_t max_buffered;         /* polling: bytes queued for a client that does not poll */
} oc_eio_config_t;

typedef struct oc_eio_callbacks {
    /* A session is opening. req is the handshake request (headers, peer address), valid for
     * the call only. Return 0 to accept; a negative error refuses it with 403. */
    int (*on_open)(oc_eio_session_t *s, oc_http_request_t *req, void *ctx);
    /* One message, in order; data is valid for the call only. */
    void (*on_message)(oc_eio_session_t *s, bool binary, const char *data, size_t len, void *ctx);
    /* The session ended (reason as in engine.io: "transport close", "transport error",
     * "ping timeout", "forced close", "server shutting down"). Called once, from a safe point;
     * the session is freed right after. */
    void (*on_close)(oc_eio_session_t *s, const char *reason, void *ctx);
    /* Optional: the session's WebSocket connection changed (opened, upgraded to, or gone:
     * NULL). A layer above may cache it to queue frames on it directly; it stays valid until
     * the next call. */
    void (*on_transport)(oc_eio_session_t *s, oc_conn_t *conn, void *ctx);
} oc_eio_callbacks_t;

/* cb and ctx are borrowed and outlive the server. */
oc_eio_server_t *oc_eio_server_new(oc_net_t *net, const oc_eio_config_t *cfg,
                                   const oc_eio_callbacks_t *cb, void *ctx);
/* Teardown in two steps, as for any libuv handle owner: _close stops the timers, and _free,
 * called after the loop has run the closes, releases the memory. Every session must be
 * closed by then (oc_eio_session_count == 0). */
void oc_eio_server_close(oc_eio_server_t *srv);
void oc_eio_server_free(oc_eio_server_t *srv);
/* Closes every session with the reason "server shutting down". */
void oc_eio_server_shutdown(oc_eio_server_t *srv);
size_t oc_eio_session_count(const oc_eio_server_t *srv);

/* The HTTP route handler for the Engine.IO path (ctx = the server): handshakes, polling
 * requests and WebSocket upgrades. */
void oc_eio_handle_request(oc_http_request_t *req, void *ctx);

/* A WebSocket-framed message packet ("4" + data, or a binary frame), one reference. */
oc_frame_t *oc_eio_frame_message(const char *data, size_t len);
oc_frame_t *oc_eio_frame_binary(const void *data, size_t len);

/* Queues a frame (borrowed reference) for the session; ignored once it is closed. */
void oc_eio_send(oc_eio_session_t *s, oc_frame_t *frame);
/* Ends the session: the client is told (close frame or close packet) when possible. */
void oc_eio_close(oc_eio_session_t *s, const char *reason);

bool oc_eio_closed(const oc_eio_session_t *s);
const char *oc_eio_sid(const oc_eio_session_t *s);
bool oc_eio_websocket(const oc_eio_session_t *s);
void *oc_eio_user(const oc_eio_session_t *s);
void oc_eio_set_user(oc_eio_session_t *s, void *user);
oc_net_t *oc_eio_net(const oc_eio_server_t *srv);

#endif
