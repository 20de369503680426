/* WebSocket connections: see ws.h. */
#include "ws/ws.h"

#include "core/alloc.h"
#include "core/errors.h"
#include "core/log.h"
#include "http/parser.h"
#include "http/response.h"
#include "http/server.h"
#include "ws/codec.h"
#include "ws/handshake.h"

#include <stdlib.h>
#include <string.h>

struct oc_ws {
    oc_conn_t *conn;
    const oc_ws_callbacks_t *cb;
    void *ctx;
    oc_ws_reader_t reader;
    uint16_t close_code; /* sent or received; 0 while open */
};

static size_t ws_on_data(oc_conn_t *c, char *data, size_t len);
static void ws_on_close(oc_conn_t *c);

static const oc_conn_handler_t ws_handler = {
    .name = "websocket",
    .on_data = ws_on_data,
    .on_close = ws_on_close,
};

int oc_ws_check(oc_http_request_t *req)
{
    size_t len;
    const char *v;
    const char *problem = NULL;
    if (req->head.method != OC_HTTP_GET || req->head.minor_version < 1)
        problem = "A WebSocket handshake must be an HTTP/1.1 GET.";
    else if ((v = oc_http_request_header(req, "Upgrade", &len)) == NULL ||
             !oc_http_value_has_token(v, len, "websocket"))
        problem = "Missing \"Upgrade: websocket\".";
    else if ((v = oc_http_request_header(req, "Connection", &len)) == NULL ||
             !oc_http_value_has_token(v, len, "upgrade"))
        problem = "Missing \"Connection: Upgrade\".";
    if (problem != NULL) {
        oc_http_reply_error(req, 400, "bad_handshake", problem);
        return OC_EPROTO;
    }
    v = oc_http_request_header(req, "Sec-WebSocket-Version", &len);
    if (v == NULL || len != 2 || memcmp(v, "13", 2) != 0) {
        oc_http_response_t r;
        oc_http_response_init(&r, 426, "application/json");
        oc_http_response_header(&r, "Sec-WebSocket-Version", "13");
        static const char body[] = "{\"error\":{\"code\":\"unsupported_version\",\"message\":"
                                   "\"Only WebSocket version 13 is supported.\"}}";
        oc_http_send(req, &r, body, sizeof(body) - 1);
        return OC_ENOTSUP;
    }
    v = oc_http_request_header(req, "Sec-WebSocket-Key", &len);
    if (v == NULL || !oc_ws_key_valid(v, len)) {
        oc_http_reply_error(req, 400, "bad_handshake", "Missing or invalid Sec-WebSocket-Key.");
        return OC_EPROTO;
    }
    /* Browsers always send Origin; other clients (bots, CLI tools) may not and cannot be
     * driven by a third-party page, so only a present, foreign, unlisted Origin is refused. */
    if (req->origin != NULL && !req->same_origin && !req->origin_allowed) {
        oc_http_reply_error(req, 403, "origin_not_allowed",
                            "This origin may not open a WebSocket to this server.");
        return OC_EPERM;
    }
    return 0;
}

oc_ws_t *oc_ws_accept(oc_http_request_t *req, size_t max_message, const oc_ws_callbacks_t *cb,
                      void *ctx)
{
    size_t key_len;
    const char *key = oc_http_request_header(req, "Sec-WebSocket-Key", &key_len);
    char accept[29];
    oc_ws_accept_key(key, key_len, accept);
    static const char head1[] = "HTTP/1.1 101 Switching Protocols\r\n"
                                "Upgrade: websocket\r\n"
                                "Connection: Upgrade\r\n"
                                "Sec-WebSocket-Accept: ";
    size_t n = sizeof(head1) - 1;
    oc_frame_t *resp = oc_frame_new(n + OC_WS_ACCEPT_LEN + 4);
    memcpy(resp->data, head1, n);
    memcpy(resp->data + n, accept, OC_WS_ACCEPT_LEN);
    memcpy(resp->data + n + OC_WS_ACCEPT_LEN, "\r\n\r\n", 4);

    oc_ws_t *ws = oc_xcalloc(1, sizeof(*ws));
    ws->cb = cb;
    ws->ctx = ctx;
    oc_ws_reader_init(&ws->reader, max_message);
    ws->conn = oc_http_upgrade(req, resp, &ws_handler, ws);
    if (ws->conn == NULL) {
        oc_ws_reader_free(&ws->reader);
        free(ws);
        return NULL;
    }
    return ws;
}

void oc_ws_set_ctx(oc_ws_t *ws, const oc_ws_callbacks_t *cb, void *ctx)
{
    ws->cb = cb;
    ws->ctx = ctx;
}

oc_conn_t *oc_ws_conn(oc_ws_t *ws)
{
    return ws->conn;
}

bool oc_ws_closing(const oc_ws_t *ws)
{
    return ws->close_code != 0 || oc_conn_closing(ws->conn);
}

void oc_ws_send_frame(oc_ws_t *ws, oc_frame_t *frame)
{
    oc_conn_write_frame(ws->conn, frame, 0, frame->len);
}

void oc_ws_send(oc_ws_t *ws, bool binary, const void *data, size_t len)
{
    oc_frame_t *f = oc_ws_frame_new(binary ? OC_WS_OP_BINARY : OC_WS_OP_TEXT, data, len);
    oc_conn_write_frame_owned(ws->conn, f, 0, f->len);
}

void oc_ws_close(oc_ws_t *ws, uint16_t code, const char *reason)
{
    if (ws->close_code != 0 || oc_conn_closing(ws->conn))
        return;
    ws->close_code = code;
    oc_frame_t *f = oc_ws_close_frame_new(code, reason);
    oc_conn_write_frame_owned(ws->conn, f, 0, f->len);
    /* The server closes TCP first (RFC 6455 7.1.1): FIN after the close frame, then the
     * connection layer waits (bounded) for the client's FIN. */
    oc_conn_close_after_flush(ws->conn);
}

/* ---- reading --------------------------------------------------------------------------- */

static int rd_message(void *ctx, bool binary, const uint8_t *data, size_t len)
{
    oc_ws_t *ws = ctx;
    ws->cb->on_message(ws, ws->ctx, binary, data, len);
    return oc_ws_closing(ws) ? 1 : 0;
}

static int rd_ping(void *ctx, const uint8_t *data, size_t len)
{
    oc_ws_t *ws = ctx;
    oc_frame_t *f = oc_ws_frame_new(OC_WS_OP_PONG, data, len);
    oc_conn_write_frame_owned(ws->conn, f, 0, f->len);
    return 0;
}

static int rd_pong(void *ctx, const uint8_t *data, size_t len)
{
    OC_UNUSED(ctx);
    OC_UNUSED(data);
    OC_UNUSED(len);
    return 0;
}

static int rd_close(void *ctx, uint16_t code, const char *reason, size_t reason_len)
{
    OC_UNUSED(reason);
    OC_UNUSED(reason_len);
    oc_ws_t *ws = ctx;
    /* Echo the code (RFC 6455 5.5.1); a close without a code is answered with 1000. */
    oc_ws_close(ws, code == OC_WS_CLOSE_NO_STATUS ? OC_WS_CLOSE_NORMAL : code, NULL);
    return 1;
}

static const oc_ws_reader_callbacks_t reader_cbs = {
    .on_message = rd_message,
    .on_ping = rd_ping,
    .on_pong = rd_pong,
    .on_close = rd_close,
};

static size_t ws_on_data(oc_conn_t *c, char *data, size_t len)
{
    oc_ws_t *ws = c->ctx;
    size_t consumed = 0;
    int rc = oc_ws_reader_feed(&ws->reader, (uint8_t *)data, len, &consumed, &reader_cbs, ws);
    if (rc == OC_EPROTO || rc == OC_E2BIG) {
        oc_log_debug("ws", "closing with %u: protocol violation", ws->reader.close_code);
        oc_ws_close(ws, ws->reader.close_code, rc == OC_E2BIG ? "message too big" : NULL);
        return len;
    }
    if (oc_ws_closing(ws))
        return len; /* nothing after a close matters */
    return consumed;
}

static void ws_on_close(oc_conn_t *c)
{
    oc_ws_t *ws = c->ctx;
    uint16_t code = ws->close_code ? ws->close_code : 1006;
    if (ws->cb->on_close)
        ws->cb->on_close(ws, ws->ctx, code);
    oc_ws_reader_free(&ws->reader);
    free(ws);
}
