/* A TCP connection with a bounded, shared-frame write queue.
 *
 * This is the byte layer under HTTP, WebSocket and Engine.IO. Input is read into one
 * loop-wide buffer and handed to the connection's current handler; only an unparsed tail is
 * copied into the connection, so an idle connection holds no input buffer. Output is a queue
 * of references to immutable frames (core/frame.h) that is flushed with one writev() per
 * connection per loop turn, just before the loop sleeps (Redis's beforeSleep).
 *
 *   read ──► on_data(handler) ──► ... ──► oc_conn_write_frame ──► queue ──► writev at prepare
 *
 * Every queue has limits: above the hard limit, or above the soft limit for longer than the
 * soft time, the connection is closed; above the read-pause mark the connection is not read
 * until its queue drains. Connections are never freed from their own callbacks: closing
 * marks them and a safe point (the prepare phase) calls the handler's on_close and frees. */
#ifndef OC_NET_CONN_H
#define OC_NET_CONN_H

#include "core/buf.h"
#include "core/frame.h"
#include "core/list.h"
#include "core/timeouts.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

typedef struct oc_conn oc_conn_t;
typedef struct oc_net oc_net_t;

typedef struct oc_conn_handler {
    const char *name; /* for logs: "http", "websocket" */
    /* Optional: a connection was just accepted with this handler; c->ctx is the listener's
     * ctx and the handler may replace it with per-connection state. */
    void (*on_open)(oc_conn_t *c);
    /* Bytes arrived: data[0..len) is writable (WebSocket unmasks in place) and valid only
     * during the call. Returns how many bytes were used; the rest is kept and offered again
     * with more input. A handler that replaces itself (oc_conn_set_handler) returns the
     * bytes it used and the new handler is offered the rest at once. */
    size_t (*on_data)(oc_conn_t *c, char *data, size_t len);
    /* The connection is gone (closed by either side). Called exactly once, from a safe
     * point; the handler releases its state and must not touch c afterwards. */
    void (*on_close)(oc_conn_t *c);
    /* Optional: the output queue drained below half the read-pause mark. */
    void (*on_drain)(oc_conn_t *c);
} oc_conn_handler_t;

typedef struct oc_net_config {
    size_t output_hard_limit; /* queued bytes that close the connection at once */
    size_t output_soft_limit; /* queued bytes tolerated for output_soft_seconds */
    unsigned output_soft_seconds;
    size_t read_pause_bytes; /* stop reading above this much queued output */
    size_t max_input_bytes;  /* unparsed input a handler may leave buffered */
    unsigned max_connections;
    unsigned linger_ms;     /* time to flush before a graceful close becomes abrupt */
    unsigned write_threads; /* helper threads sharing a busy turn's socket writes (0: none) */
} oc_net_config_t;

typedef struct oc_wq_entry {
    oc_frame_t *frame; /* one reference held by the queue */
    uint32_t off;      /* first byte of frame->data to send */
    uint32_t len;      /* bytes to send from off */
} oc_wq_entry_t;

#define OC_CONN_INLINE_WQ 2

struct oc_conn {
    /* What queuing a frame touches comes first, so a fan-out reaches each recipient's
     * connection through as few cache lines as possible. */
    uint16_t flags;
    int fd; /* the socket, written with writev directly on the hot path */
    uint32_t wq_head, wq_count, wq_cap;
    oc_wq_entry_t *wq; /* ring buffer: inline_wq, or a heap array when that is too small */
    size_t wq_bytes;   /* bytes queued and not yet written */
    oc_net_t *net;
    const oc_conn_handler_t *handler;
    void *ctx;                                  /* the handler's state */
    oc_wq_entry_t inline_wq[OC_CONN_INLINE_WQ]; /* no allocation for a frame or two a turn */
    oc_buf_t in;         /* unparsed input; empty (no allocation) most of the time */
    uint64_t soft_since; /* loop time the queue first exceeded the soft limit, or 0 */
    oc_list_t link;      /* net->conns */
    oc_timeout_t linger; /* graceful-close deadline */
    uv_tcp_t tcp;        /* tcp.data points back to the connection */
};

/* Work deferred to the safe point, run right before connections are flushed: protocol
 * layers use it to batch (one long-polling response per turn) and to free objects outside
 * their own callback chains. Embed one per object; scheduling twice runs it once. */
typedef struct oc_defer {
    oc_list_t link;
    void (*cb)(struct oc_defer *d);
} oc_defer_t;

static inline void oc_defer_init(oc_defer_t *d, void (*cb)(oc_defer_t *d))
{
    oc_list_init(&d->link);
    d->cb = cb;
}

void oc_net_defer(oc_net_t *net, oc_defer_t *d);
static inline void oc_defer_cancel(oc_defer_t *d)
{
    oc_list_unlink(&d->link);
}

/* Creates the connection layer for a loop. The config is copied. */
oc_net_t *oc_net_new(uv_loop_t *loop, const oc_net_config_t *config);
/* Teardown once every connection has been freed (oc_net_conn_count == 0): _close closes the
 * loop handles; _free, after the loop has run the closes, releases the memory. */
void oc_net_close(oc_net_t *net);
void oc_net_free(oc_net_t *net);
uv_loop_t *oc_net_loop(const oc_net_t *net);
size_t oc_net_conn_count(const oc_net_t *net);
/* Calls fn for every open connection (fn may close it). */
void oc_net_foreach(oc_net_t *net, void (*fn)(oc_conn_t *c, void *arg), void *arg);
/* cb runs (from a safe point) whenever the last connection has been freed. */
void oc_net_set_empty_cb(oc_net_t *net, void (*cb)(void *arg), void *arg);

/* Accepts one pending connection from server and gives it to handler. Over the connection
 * limit the connection is accepted and closed at once. Returns 0 or a libuv error. */
int oc_net_accept(oc_net_t *net, uv_stream_t *server, const oc_conn_handler_t *handler, void *ctx);

/* Replaces the handler (protocol switch, e.g. HTTP -> WebSocket). */
void oc_conn_set_handler(oc_conn_t *c, const oc_conn_handler_t *handler, void *ctx);

/* Queues frame->data[off .. off+len) for sending. The queue takes its own reference; the
 * caller keeps theirs. Ignored once the connection is closing. May close the connection if
 * an output limit is exceeded (the close happens at the next safe point). */
void oc_conn_write_frame(oc_conn_t *c, oc_frame_t *frame, uint32_t off, uint32_t len);
/* Same, but takes over the caller's reference. */
void oc_conn_write_frame_owned(oc_conn_t *c, oc_frame_t *frame, uint32_t off, uint32_t len);
/* Copies the bytes into a new frame and queues it. */
void oc_conn_write_copy(oc_conn_t *c, const void *data, size_t len);

/* Closes at once, dropping queued output. */
void oc_conn_close(oc_conn_t *c);
/* Stops reading, sends what is queued, then closes (abruptly after the linger time). */
void oc_conn_close_after_flush(oc_conn_t *c);
bool oc_conn_closing(const oc_conn_t *c);

/* A handler stops or restarts reading. On resume, input already buffered is offered again
 * at the next safe point. */
void oc_conn_pause_read(oc_conn_t *c);
void oc_conn_resume_read(oc_conn_t *c);
/* Offers buffered input to the handler again at the next safe point (a handler that left
 * bytes unconsumed while busy calls this when it can take them). */
void oc_conn_kick(oc_conn_t *c);

static inline size_t oc_conn_queued_bytes(const oc_conn_t *c)
{
    return c->wq_bytes;
}

/* The peer's address as text ("127.0.0.1", "::1") into out; returns 0 or a libuv error. */
int oc_conn_peer_ip(const oc_conn_t *c, char *out, size_t out_len);

#endif
