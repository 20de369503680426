/* A WebSocket connection (RFC 6455) on top of a TCP connection.
 *
 * Takes an HTTP upgrade request over (handshake checks, Origin policy, 101 answer), turns
 * client frames into messages with the codec (codec.h), answers pings, runs the close
 * handshake with proper codes, and sends frames that are already encoded (shared broadcast
 * frames go out by reference). Knows nothing of Engine.IO: its user gets whole messages and
 * one close notification. */
#ifndef OC_WS_WS_H
#define OC_WS_WS_H

#include "core/frame.h"
#include "http/request.h"
#include "net/conn.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct oc_ws oc_ws_t;

typedef struct oc_ws_callbacks {
    /* One complete message; data is valid only during the call. */
    void (*on_message)(oc_ws_t *ws, void *ctx, bool binary, const uint8_t *data, size_t len);
    /* The connection is gone; called once, from a safe point. code is the close code
     * received or sent (1006 when the TCP connection just ended). ws is freed right after. */
    void (*on_close)(oc_ws_t *ws, void *ctx, uint16_t code);
} oc_ws_callbacks_t;

/* Checks req as a WebSocket handshake. Returns 0, or answers req with the HTTP error
 * (400 bad handshake, 403 origin not allowed, 426 unsupported version) and returns the
 * negative error: the request is gone then. */
int oc_ws_check(oc_http_request_t *req);

/* Completes the handshake for a request that passed oc_ws_check: answers 101, frees req and
 * takes the connection over. cb is borrowed (static), ctx is the caller's. Returns the
 * WebSocket or NULL if the client already left. */
oc_ws_t *oc_ws_accept(oc_http_request_t *req, size_t max_message, const oc_ws_callbacks_t *cb,
                      void *ctx);

/* Queues an encoded WebSocket frame (a reference is taken). */
void oc_ws_send_frame(oc_ws_t *ws, oc_frame_t *frame);
/* Encodes and queues one text or binary message. */
void oc_ws_send(oc_ws_t *ws, bool binary, const void *data, size_t len);
/* Sends a close frame and ends the connection once it is flushed. Later sends are ignored. */
void oc_ws_close(oc_ws_t *ws, uint16_t code, const char *reason);
/* Changes the callbacks' context (the Engine.IO session that owns this socket). */
void oc_ws_set_ctx(oc_ws_t *ws, const oc_ws_callbacks_t *cb, void *ctx);

oc_conn_t *oc_ws_conn(oc_ws_t *ws);
bool oc_ws_closing(const oc_ws_t *ws);

#endif
