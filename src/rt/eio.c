/* Engine.IO v4 sessions and transports: see eio.h.
 *
 * A session's transport is long-polling or WebSocket; during an upgrade it also holds the
 * probe WebSocket:
 *
 *   polling ──ws with sid──► polling + probe ──"2probe"/"3probe"──► upgrading ──"5"──► websocket
 *
 * While polling, outgoing frames wait in the session's queue until a GET takes them (one
 * response per loop turn, built at the safe point). Closing marks the session, detaches its
 * transports and defers the on_close callback and the free to the safe point. */
#include "rt/eio.h"

#include "core/alloc.h"
#include "core/base64.h"
#include "core/errors.h"
#include "core/log.h"
#include "core/map.h"
#include "core/metrics.h"
#include "core/timeouts.h"
#include "http/response.h"
#include "rt/eio_packet.h"
#include "ws/codec.h"
#include "ws/ws.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define SID_BYTES 15
#define SID_LEN   20 /* base64url of SID_BYTES */

enum { T_POLLING, T_WEBSOCKET };

/* Upgrade state, allocated only while a session is being upgraded. */
typedef struct probe {
    oc_ws_t *ws;
    oc_eio_session_t *session;
    oc_timeout_t deadline;
} probe_t;

struct oc_eio_session {
    /* The WebSocket transport's connection while it is open: a broadcast's frame goes
     * straight to its write queue (oc_eio_send), touching nothing else of the session. */
    oc_conn_t *conn;
    char sid[SID_LEN + 1];
    uint8_t transport;
    bool closed;
    bool notified;  /* the layer above got on_close */
    bool lingering; /* closed, waiting for a last GET to carry the close packet */
    bool awaiting_pong;
    bool upgrading; /* the probe answered: polling requests get noop */
    oc_eio_server_t *srv;
    void *user;
    oc_ws_t *ws;             /* the WebSocket transport */
    struct probe *probe;     /* a WebSocket being probed for an upgrade */
    oc_http_request_t *poll; /* the pending long-polling GET */
    oc_frame_t **queue;      /* polling output, oldest first */
    uint32_t q_count, q_cap;
    size_t q_bytes;
    const char *close_reason;
    oc_timeout_t heartbeat;
    oc_defer_t defer;
};

struct oc_eio_server {
    oc_net_t *net;
    oc_eio_config_t cfg;
    const oc_eio_callbacks_t *cb;
    void *ctx;
    oc_map_t sessions;
    size_t ws_sessions;
    oc_timeout_list_t ping_list;
    oc_timeout_list_t pong_list;
    oc_timeout_list_t upgrade_list;
    oc_frame_t *ping, *noop, *close, *pong_probe;
};

static void close_session(oc_eio_session_t *s, const char *reason, bool tell_client);
static void finish_linger(oc_eio_session_t *s);

static void set_conn(oc_eio_session_t *s, oc_conn_t *conn)
{
    s->conn = conn;
    if (s->srv->cb->on_transport != NULL)
        s->srv->cb->on_transport(s, conn, s->srv->ctx);
}

/* ---- frames ---------------------------------------------------------------------------- */

oc_frame_t *oc_eio_frame_message(const char *data, size_t len)
{
    /* Encode "4" + data straight behind a WebSocket header sized for 1 + len bytes. */
    uint8_t hdr[10];
    size_t hlen = oc_ws_header_encode(hdr, OC_WS_OP_TEXT, true, (uint64_t)len + 1);
    oc_frame_t *f = oc_frame_new(hlen + 1 + len);
    memcpy(f->data, hdr, hlen);
    f->data[hlen] = '4';
    memcpy(f->data + hlen + 1, data, len);
    f->ws_hdr = (uint8_t)hlen;
    return f;
}

oc_frame_t *oc_eio_frame_binary(const void *data, size_t len)
{
    return oc_ws_frame_new(OC_WS_OP_BINARY, data, len);
}

static oc_frame_t *control_frame(const char *text)
{
    return oc_ws_frame_new(OC_WS_OP_TEXT, text, strlen(text));
}

/* ---- errors ---------------------------------------------------------------------------- */

static void reply_error(oc_http_request_t *req, int status, const char *code, const char *msg)
{
    oc_http_reply_error(req, status, code, msg);
}

/* ---- polling --------------------------------------------------------------------------- */

static void respond_poll(oc_eio_session_t *s, const char *body, size_t len)
{
    oc_http_request_t *req = s->poll;
    s->poll = NULL;
    req->on_abort = NULL;
    oc_http_response_t r;
    oc_http_response_init(&r, 200, "text/plain; charset=UTF-8");
    oc_http_response_header(&r, "Cache-Control", "no-store");
    oc_http_send(req, &r, body, len);
}

/* Sends every queued frame to the pending GET as one payload. */
static void flush_poll(oc_eio_session_t *s)
{
    oc_buf_t body = OC_BUF_INIT;
    for (uint32_t i = 0; i < s->q_count; i++) {
        oc_frame_t *f = s->queue[i];
        if (i > 0)
            oc_buf_append_char(&body, OC_EIO_SEPARATOR);
        if (f->binary) {
            size_t n = oc_frame_payload_len(f);
            oc_buf_append_char(&body, 'b');
            oc_buf_reserve(&body, oc_base64_encoded_len(n));
            body.len += oc_base64_encode(oc_frame_payload(f), n, body.data + body.len);
        } else {
            oc_buf_append(&body, oc_frame_payload(f), oc_frame_payload_len(f));
        }
        oc_frame_unref(f);
    }
    free(s->queue);
    s->queue = NULL;
    s->q_count = s->q_cap = 0;
    s->q_bytes = 0;
    respond_poll(s, body.data, body.len);
    oc_buf_free(&body);
}

static void drop_queue(oc_eio_session_t *s)
{
    for (uint32_t i = 0; i < s->q_count; i++)
        oc_frame_unref(s->queue[i]);
    free(s->queue);
    s->queue = NULL;
    s->q_count = s->q_cap = 0;
    s->q_bytes = 0;
}

static void on_poll_abort(oc_http_request_t *req, void *ctx)
{
    OC_UNUSED(req);
    oc_eio_session_t *s = ctx;
    s->poll = NULL;
    /* engine.io: "poll connection closed prematurely". */
    close_session(s, "transport error", false);
}

static void handle_poll(oc_eio_session_t *s, oc_http_request_t *req)
{
    if (s->lingering) {
        /* The last GET of a closed session: what was left, then the close packet. */
        if (s->poll != NULL) {
            reply_error(req, 400, "bad_request", "A long-polling request is already pending.");
            return;
        }
        s->poll = req;
        flush_poll(s);
        finish_linger(s);
        return;
    }
    if (s->poll != NULL) {
        /* Two GETs at once break ordering: refuse the second and end the session, telling
         * the first one with a close packet. */
        reply_error(req, 400, "bad_request", "A long-polling request is already pending.");
        close_session(s, "transport error", true);
        return;
    }
    s->poll = req;
    req->on_abort = on_poll_abort;
    req->abort_ctx = s;
    if (s->upgrading) {
        respond_poll(s, "6", 1);
        return;
    }
    if (s->q_count > 0)
        oc_net_defer(s->srv->net, &s->defer);
}

static void heartbeat_pong(oc_eio_session_t *s)
{
    if (s->awaiting_pong) {
        s->awaiting_pong = false;
        oc_timeout_arm(&s->srv->ping_list, &s->heartbeat);
    }
}

static void handle_post(oc_eio_session_t *s, oc_http_request_t *req)
{
    oc_eio_server_t *srv = s->srv;
    if (req->body.len > srv->cfg.max_payload) {
        reply_error(req, 413, "payload_too_large", "The payload is larger than maxPayload.");
        close_session(s, "transport error", true);
        return;
    }
    oc_eio_payload_iter_t it;
    oc_eio_packet_t p;
    oc_buf_t scratch = OC_BUF_INIT;
    oc_eio_payload_iter_init(&it, req->body.data ? req->body.data : "", req->body.len);
    int rc = 0;
    while (!s->closed && (rc = oc_eio_payload_next(&it, &p, &scratch)) == 1) {
        switch (p.type) {
        case OC_EIO_MESSAGE: srv->cb->on_message(s, p.binary, p.data, p.len, srv->ctx); break;
        case OC_EIO_PONG: heartbeat_pong(s); break;
        case OC_EIO_CLOSE:
            /* The client ends the session: a pending GET gets a noop to finish cleanly. */
            if (s->poll != NULL)
                respond_poll(s, "6", 1);
            close_session(s, "transport close", false);
            break;
        case OC_EIO_PING:
        case OC_EIO_NOOP: break;
        default: rc = OC_EPROTO; break;
        }
        if (rc == OC_EPROTO)
            break;
    }
    oc_buf_free(&scratch);
    if (rc == OC_EPROTO) {
        reply_error(req, 400, "bad_request", "The payload is malformed.");
        close_session(s, "transport error", true);
        return;
    }
    oc_http_response_t r;
    oc_http_response_init(&r, 200, "text/html");
    oc_http_response_header(&r, "Cache-Control", "no-store");
    oc_http_send(req, &r, "ok", 2);
}

/* ---- WebSocket transport --------------------------------------------------------------- */

static void ws_message(oc_ws_t *ws, void *ctx, bool binary, const uint8_t *data, size_t len);
static void ws_closed(oc_ws_t *ws, void *ctx, uint16_t code);
static void probe_message(oc_ws_t *ws, void *ctx, bool binary, const uint8_t *data, size_t len);
static void orphan_message(oc_ws_t *ws, void *ctx, bool binary, const uint8_t *data, size_t len);
static void orphan_closed(oc_ws_t *ws, void *ctx, uint16_t code);

static const oc_ws_callbacks_t ws_cbs = {ws_message, ws_closed};
static const oc_ws_callbacks_t probe_cbs = {probe_message, ws_closed};
static const oc_ws_callbacks_t orphan_cbs = {orphan_message, orphan_closed};

/* Ends the upgrade attempt's bookkeeping; returns its WebSocket (or NULL) for the caller
 * to adopt or drop. */
static oc_ws_t *take_probe(oc_eio_session_t *s)
{
    probe_t *p = s->probe;
    s->upgrading = false;
    if (p == NULL)
        return NULL;
    oc_ws_t *ws = p->ws;
    oc_timeout_disarm(&p->deadline);
    free(p);
    s->probe = NULL;
    return ws;
}

static void orphan_message(oc_ws_t *ws, void *ctx, bool binary, const uint8_t *data, size_t len)
{
    OC_UNUSED(ws);
    OC_UNUSED(ctx);
    OC_UNUSED(binary);
    OC_UNUSED(data);
    OC_UNUSED(len);
}

static void orphan_closed(oc_ws_t *ws, void *ctx, uint16_t code)
{
    OC_UNUSED(ws);
    OC_UNUSED(ctx);
    OC_UNUSED(code);
}

/* Detaches a WebSocket from its session and ends it. */
static void drop_ws(oc_ws_t *ws, uint16_t code)
{
    oc_ws_set_ctx(ws, &orphan_cbs, NULL);
    oc_ws_close(ws, code, NULL);
}

static void ws_message(oc_ws_t *ws, void *ctx, bool binary, const uint8_t *data, size_t len)
{
    OC_UNUSED(ws);
    oc_eio_session_t *s = ctx;
    oc_eio_server_t *srv = s->srv;
    if (binary) {
        srv->cb->on_message(s, true, (const char *)data, len, srv->ctx);
        return;
    }
    oc_eio_packet_t p;
    if (oc_eio_decode_text((const char *)data, len, &p) != 0) {
        close_session(s, "transport error", true);
        return;
    }
    switch (p.type) {
    case OC_EIO_MESSAGE: srv->cb->on_message(s, false, p.data, p.len, srv->ctx); break;
    case OC_EIO_PONG: heartbeat_pong(s); break;
    case OC_EIO_CLOSE: close_session(s, "transport close", true); break;
    case OC_EIO_PING:
    case OC_EIO_NOOP:
    case OC_EIO_UPGRADE: break;
    default: close_session(s, "transport error", true); break;
    }
}

static void ws_closed(oc_ws_t *ws, void *ctx, uint16_t code)
{
    OC_UNUSED(code);
    oc_eio_session_t *s = ctx;
    if (s->probe != NULL && s->probe->ws == ws) {
        take_probe(s);
        return;
    }
    if (s->ws == ws) {
        s->ws = NULL;
        set_conn(s, NULL);
        close_session(s, "transport close", false);
    }
}

static void fail_upgrade(oc_eio_session_t *s)
{
    oc_ws_t *probe = take_probe(s);
    if (probe != NULL)
        drop_ws(probe, OC_WS_CLOSE_NORMAL);
}

static void complete_upgrade(oc_eio_session_t *s)
{
    oc_eio_server_t *srv = s->srv;
    oc_ws_t *ws = take_probe(s);
    s->transport = T_WEBSOCKET;
    s->ws = ws;
    set_conn(s, oc_ws_conn(ws));
    srv->ws_sessions++;
    oc_ws_set_ctx(ws, &ws_cbs, s);
    if (s->poll != NULL)
        respond_poll(s, "6", 1);
    /* What was queued for polling leaves over the WebSocket, in order. */
    for (uint32_t i = 0; i < s->q_count; i++)
        oc_ws_send_frame(ws, s->queue[i]);
    drop_queue(s);
}

static void probe_message(oc_ws_t *ws, void *ctx, bool binary, const uint8_t *data, size_t len)
{
    oc_eio_session_t *s = ctx;
    oc_eio_packet_t p;
    if (binary || oc_eio_decode_text((const char *)data, len, &p) != 0) {
        fail_upgrade(s);
        return;
    }
    if (p.type == OC_EIO_PING && p.len == 5 && memcmp(p.data, "probe", 5) == 0) {
        oc_ws_send_frame(ws, s->srv->pong_probe);
        s->upgrading = true;
        if (s->poll != NULL)
            respond_poll(s, "6", 1);
    } else if (p.type == OC_EIO_UPGRADE && s->upgrading) {
        complete_upgrade(s);
    } else {
        fail_upgrade(s);
    }
}

/* ---- sessions -------------------------------------------------------------------------- */

static void on_defer(oc_defer_t *d)
{
    oc_eio_session_t *s = OC_CONTAINER_OF(d, oc_eio_session_t, defer);
    oc_eio_server_t *srv = s->srv;
    if (s->closed) {
        if (!s->notified) {
            s->notified = true;
            srv->cb->on_close(s, s->close_reason, srv->ctx);
            s->user = NULL; /* the layer above has let go of it */
        }
        if (!s->lingering)
            free(s);
        return;
    }
    if (s->poll != NULL && s->q_count > 0 && !s->upgrading)
        flush_poll(s);
}

static oc_eio_session_t *session_new(oc_eio_server_t *srv)
{
    oc_eio_session_t *s = oc_xcalloc(1, sizeof(*s));
    s->srv = srv;
    oc_timeout_init(&s->heartbeat);
    oc_defer_init(&s->defer, on_defer);
    do {
        unsigned char raw[SID_BYTES];
        randombytes_buf(raw, sizeof(raw));
        oc_base64url_encode(raw, sizeof(raw), s->sid);
        s->sid[SID_LEN] = '\0';
    } while (oc_map_get(&srv->sessions, s->sid, SID_LEN) != NULL);
    return s;
}

static void queue_push(oc_eio_session_t *s, oc_frame_t *frame)
{
    if (s->q_count == s->q_cap) {
        s->q_cap = s->q_cap ? s->q_cap * 2 : 8;
        s->queue = oc_xrealloc(s->queue, s->q_cap * sizeof(*s->queue));
    }
    s->queue[s->q_count++] = oc_frame_ref(frame);
}

/* Ends a lingering session: it leaves the table and is freed at the safe point. */
static void finish_linger(oc_eio_session_t *s)
{
    s->lingering = false;
    oc_timeout_disarm(&s->heartbeat);
    oc_map_del(&s->srv->sessions, s->sid, SID_LEN);
    drop_queue(s);
    oc_net_defer(s->srv->net, &s->defer);
}

/* linger: the server itself decided to end the session (oc_eio_close), so a polling
 * client is told on its next GET, after what was still queued (engine.io's shouldClose).
 * Protocol errors and timeouts end the session at once: its next request gets 400. */
static void close_session_as(oc_eio_session_t *s, const char *reason, bool tell_client, bool linger)
{
    if (s->closed)
        return;
    oc_eio_server_t *srv = s->srv;
    s->closed = true;
    s->close_reason = reason;
    set_conn(s, NULL);
    oc_timeout_disarm(&s->heartbeat);
    bool shutting_down = strcmp(reason, "server shutting down") == 0;
    bool polling = s->transport == T_POLLING;
    if (s->ws != NULL) {
        srv->ws_sessions--;
        drop_ws(s->ws, shutting_down ? OC_WS_CLOSE_GOING_AWAY : OC_WS_CLOSE_NORMAL);
        s->ws = NULL;
    }
    oc_ws_t *probe = take_probe(s);
    if (probe != NULL)
        drop_ws(probe, OC_WS_CLOSE_NORMAL);
    if (linger && polling && !shutting_down && (s->poll == NULL || s->q_count > 0)) {
        /* As engine.io does: what was queued before the close (a DISCONNECT, an error)
         * leaves first, and the close packet goes to the next GET, so the client sees the
         * DISCONNECT before its transport closes. The session stays findable by its sid
         * until that GET or the ping timeout. */
        if (s->poll != NULL)
            flush_poll(s);
        queue_push(s, srv->close);
        s->lingering = true;
        oc_timeout_arm(&srv->pong_list, &s->heartbeat);
        oc_net_defer(srv->net, &s->defer);
        return;
    }
    if (s->poll != NULL) {
        /* A close packet tells a polling client the session is over (it reconnects); a
         * noop ends a GET the client's own close made pointless. */
        if (tell_client)
            respond_poll(s, "1", 1);
        else
            respond_poll(s, "6", 1);
    }
    oc_map_del(&srv->sessions, s->sid, SID_LEN);
    drop_queue(s);
    oc_net_defer(srv->net, &s->defer);
}

static void close_session(oc_eio_session_t *s, const char *reason, bool tell_client)
{
    close_session_as(s, reason, tell_client, false);
}

void oc_eio_close(oc_eio_session_t *s, const char *reason)
{
    close_session_as(s, reason ? reason : "forced close", true, true);
}

static void on_ping_due(oc_timeout_list_t *list, oc_timeout_t *t)
{
    oc_eio_server_t *srv = list->data;
    oc_eio_session_t *s = OC_CONTAINER_OF(t, oc_eio_session_t, heartbeat);
    s->awaiting_pong = true;
    oc_timeout_arm(&srv->pong_list, &s->heartbeat);
    oc_eio_send(s, srv->ping);
}

static void on_pong_missed(oc_timeout_list_t *list, oc_timeout_t *t)
{
    OC_UNUSED(list);
    oc_eio_session_t *s = OC_CONTAINER_OF(t, oc_eio_session_t, heartbeat);
    if (s->lingering) {
        finish_linger(s); /* the client never came back for the close packet */
        return;
    }
    close_session(s, "ping timeout", true);
}

static void on_upgrade_late(oc_timeout_list_t *list, oc_timeout_t *t)
{
    OC_UNUSED(list);
    fail_upgrade(OC_CONTAINER_OF(t, probe_t, deadline)->session);
}

/* Registers an accepted session and starts its heartbeat. */
static void session_start(oc_eio_session_t *s)
{
    oc_map_put(&s->srv->sessions, s->sid, SID_LEN, s);
    oc_timeout_arm(&s->srv->ping_list, &s->heartbeat);
}

void oc_eio_send(oc_eio_session_t *s, oc_frame_t *frame)
{
    if (OC_LIKELY(s->conn != NULL)) {
        oc_conn_write_frame(s->conn, frame, 0, frame->len);
        return;
    }
    if (s->closed || s->transport == T_WEBSOCKET)
        return;
    oc_eio_server_t *srv = s->srv;
    s->q_bytes += oc_frame_payload_len(frame);
    if (s->q_bytes > srv->cfg.max_buffered) {
        oc_metrics.write_queue_drops++;
        oc_log_warn("eio", "closing polling session %s: %zu bytes waiting for a poll", s->sid,
                    s->q_bytes);
        close_session(s, "transport error", true);
        return;
    }
    queue_push(s, frame);
    if (s->poll != NULL && !s->upgrading)
        oc_net_defer(srv->net, &s->defer);
}

/* ---- handshake and routing ------------------------------------------------------------- */

static bool query_is(oc_http_request_t *req, const char *name, const char *want)
{
    const char *v;
    size_t len;
    return oc_http_request_query(req, name, &v, &len) && len == strlen(want) &&
           memcmp(v, want, len) == 0;
}

static void open_packet(oc_eio_server_t *srv, oc_eio_session_t *s, bool upgrades, oc_buf_t *out)
{
    oc_eio_encode_open(out, s->sid, upgrades, srv->cfg.ping_interval_ms, srv->cfg.ping_timeout_ms,
                       (unsigned)srv->cfg.max_payload);
}

static void handshake(oc_eio_server_t *srv, oc_http_request_t *req, bool websocket)
{
    if (req->head.method != OC_HTTP_GET) {
        reply_error(req, 400, "bad_handshake_method", "A session starts with a GET request.");
        return;
    }
    if (websocket && oc_ws_check(req) != 0)
        return;
    oc_eio_session_t *s = session_new(srv);
    if (srv->cb->on_open(s, req, srv->ctx) != 0) {
        free(s);
        reply_error(req, 403, "forbidden", "The session was refused.");
        return;
    }
    oc_buf_t open = OC_BUF_INIT;
    open_packet(srv, s, !websocket, &open);
    if (websocket) {
        s->transport = T_WEBSOCKET;
        s->ws = oc_ws_accept(req, srv->cfg.max_payload, &ws_cbs, s);
        if (s->ws == NULL) {
            /* The client left during the handshake: the session ends before it starts. */
            oc_buf_free(&open);
            s->closed = true;
            s->close_reason = "transport close";
            oc_net_defer(srv->net, &s->defer);
            return;
        }
        srv->ws_sessions++;
        set_conn(s, oc_ws_conn(s->ws));
        oc_ws_send(s->ws, false, open.data, open.len);
    } else {
        oc_http_response_t r;
        oc_http_response_init(&r, 200, "text/plain; charset=UTF-8");
        oc_http_response_header(&r, "Cache-Control", "no-store");
        oc_http_send(req, &r, open.data, open.len);
    }
    oc_buf_free(&open);
    session_start(s);
}

void oc_eio_handle_request(oc_http_request_t *req, void *ctx)
{
    oc_eio_server_t *srv = ctx;
    if (!query_is(req, "EIO", "4")) {
        reply_error(req, 400, "unsupported_protocol_version",
                    "Unsupported protocol version (EIO=4 expected).");
        return;
    }
    bool websocket;
    if (query_is(req, "transport", "polling"))
        websocket = false;
    else if (query_is(req, "transport", "websocket"))
        websocket = true;
    else {
        reply_error(req, 400, "unknown_transport", "Transport unknown.");
        return;
    }
    if (websocket && !req->head.upgrade) {
        reply_error(req, 400, "bad_request", "The websocket transport needs an upgrade.");
        return;
    }
    const char *sid;
    size_t sid_len;
    if (!oc_http_request_query(req, "sid", &sid, &sid_len)) {
        handshake(srv, req, websocket);
        return;
    }
    oc_eio_session_t *s = oc_map_get(&srv->sessions, sid, sid_len);
    if (s == NULL) {
        reply_error(req, 400, "unknown_sid", "Session ID unknown.");
        return;
    }
    if (s->lingering && (websocket || req->head.method != OC_HTTP_GET)) {
        reply_error(req, 400, "session_closed", "The session is closed.");
        return;
    }
    if (websocket) {
        if (oc_ws_check(req) != 0)
            return;
        if (s->transport != T_POLLING || s->probe != NULL) {
            /* As engine.io does: a second WebSocket for a session is accepted, then closed
             * at once, leaving the session as it was. */
            oc_ws_t *extra = oc_ws_accept(req, srv->cfg.max_payload, &orphan_cbs, NULL);
            if (extra != NULL)
                oc_ws_close(extra, OC_WS_CLOSE_NORMAL, NULL);
            return;
        }
        oc_ws_t *ws = oc_ws_accept(req, srv->cfg.max_payload, &probe_cbs, s);
        if (ws != NULL) {
            s->probe = oc_xcalloc(1, sizeof(*s->probe));
            s->probe->ws = ws;
            s->probe->session = s;
            oc_timeout_init(&s->probe->deadline);
            oc_timeout_arm(&srv->upgrade_list, &s->probe->deadline);
        }
        return;
    }
    if (s->transport != T_POLLING) {
        reply_error(req, 400, "bad_request", "The session was upgraded to a WebSocket.");
        return;
    }
    if (req->head.method == OC_HTTP_GET)
        handle_poll(s, req);
    else if (req->head.method == OC_HTTP_POST)
        handle_post(s, req);
    else
        reply_error(req, 400, "bad_request", "Long-polling takes GET and POST requests.");
}

/* ---- server ---------------------------------------------------------------------------- */

static void collect_metrics(oc_buf_t *out, void *ctx)
{
    oc_eio_server_t *srv = ctx;
    size_t total = oc_map_count(&srv->sessions);
    oc_buf_printf(out,
                  "# HELP openchat_eio_sessions Engine.IO sessions by transport.\n"
                  "# TYPE openchat_eio_sessions gauge\n"
                  "openchat_eio_sessions{transport=\"websocket\"} %zu\n"
                  "openchat_eio_sessions{transport=\"polling\"} %zu\n",
                  srv->ws_sessions, total - srv->ws_sessions);
}

oc_eio_server_t *oc_eio_server_new(oc_net_t *net, const oc_eio_config_t *cfg,
                                   const oc_eio_callbacks_t *cb, void *ctx)
{
    oc_eio_server_t *srv = oc_xcalloc(1, sizeof(*srv));
    srv->net = net;
    srv->cfg = *cfg;
    if (srv->cfg.upgrade_timeout_ms == 0)
        srv->cfg.upgrade_timeout_ms = 10000;
    srv->cb = cb;
    srv->ctx = ctx;
    uv_loop_t *loop = oc_net_loop(net);
    oc_timeout_list_init(loop, &srv->ping_list, cfg->ping_interval_ms, on_ping_due);
    oc_timeout_list_init(loop, &srv->pong_list, cfg->ping_timeout_ms, on_pong_missed);
    oc_timeout_list_init(loop, &srv->upgrade_list, srv->cfg.upgrade_timeout_ms, on_upgrade_late);
    srv->ping_list.data = srv;
    srv->pong_list.data = srv;
    srv->upgrade_list.data = srv;
    srv->ping = control_frame("2");
    srv->noop = control_frame("6");
    srv->close = control_frame("1");
    srv->pong_probe = control_frame("3probe");
    oc_metrics_register(collect_metrics, srv);
    return srv;
}

size_t oc_eio_session_count(const oc_eio_server_t *srv)
{
    return oc_map_count(&srv->sessions);
}

void oc_eio_server_shutdown(oc_eio_server_t *srv)
{
    size_t n = oc_map_count(&srv->sessions);
    if (n == 0)
        return;
    oc_eio_session_t **all = oc_xmalloc(n * sizeof(*all));
    const oc_map_entry_t *e;
    size_t i = 0;
    for (uint32_t it = 0; oc_map_next(&srv->sessions, &it, &e);)
        all[i++] = e->value;
    for (i = 0; i < n; i++) {
        if (all[i]->lingering)
            finish_linger(all[i]);
        else
            close_session(all[i], "server shutting down", true);
    }
    free(all);
}

void oc_eio_server_close(oc_eio_server_t *srv)
{
    oc_metrics_unregister(collect_metrics, srv);
    oc_timeout_list_close(&srv->ping_list);
    oc_timeout_list_close(&srv->pong_list);
    oc_timeout_list_close(&srv->upgrade_list);
}

void oc_eio_server_free(oc_eio_server_t *srv)
{
    if (srv == NULL)
        return;
    oc_assert(oc_map_count(&srv->sessions) == 0);
    oc_map_free(&srv->sessions);
    oc_frame_unref(srv->ping);
    oc_frame_unref(srv->noop);
    oc_frame_unref(srv->close);
    oc_frame_unref(srv->pong_probe);
    free(srv);
}

bool oc_eio_closed(const oc_eio_session_t *s)
{
    return s->closed;
}

const char *oc_eio_sid(const oc_eio_session_t *s)
{
    return s->sid;
}

bool oc_eio_websocket(const oc_eio_session_t *s)
{
    return s->transport == T_WEBSOCKET;
}

void *oc_eio_user(const oc_eio_session_t *s)
{
    return s->user;
}

void oc_eio_set_user(oc_eio_session_t *s, void *user)
{
    s->user = user;
}

oc_net_t *oc_eio_net(const oc_eio_server_t *srv)
{
    return srv->net;
}
