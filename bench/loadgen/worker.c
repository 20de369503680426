/* A worker's event loop and the per-client state machine:
 *
 *   connect -> upgrade (HTTP 101) -> Engine.IO open "0{..}" -> send "40"
 *           -> Socket.IO connect "40{..}" -> send join -> JOINED: send broadcasts when paced,
 *              time every "message" received, answer pings
 *
 * and in the chat scenario (--chat):
 *
 *   ... Engine.IO open -> send 40{"token":..} -> Socket.IO connect -> AWAIT_READY
 *       -> "ready" -> JOINED: send message:send with an ack id when paced, time each ack and
 *          every "message:new" received from the send stamp at the start of its content
 *
 * It is built for low CPU per delivery, so the server, not the load generator, is what the
 * benchmark measures: all clients of a worker read into one big shared buffer and frames are
 * parsed where they land; only the tail of a partial frame is copied aside, into a per-client
 * buffer that exists only while it is needed. Timing uses one clock read per read call. */
#include "worker.h"

#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "wire.h"

#define READ_CHUNK     (256 * 1024)
#define MAX_FRAME      (16u * 1024 * 1024) /* larger frames are a protocol error */
#define MAX_HANDSHAKES 256                 /* per worker, to keep the server's backlog short */
#define TICK_MS        1 /* while sending: broadcasts go out at most this far apart */
#define IDLE_TICK_MS   5 /* otherwise: connection pacing and the stop flag need no more */

enum client_state {
    CS_NEW,
    CS_CONNECTING,
    CS_UPGRADING,
    CS_EIO_OPENING,
    CS_SIO_CONNECTING,
    CS_AWAIT_READY, /* chat: signed in, waiting for the server's "ready" */
    CS_JOINED,
    CS_CLOSED,
};

struct lg_client {
    uv_tcp_t tcp;
    uv_connect_t connect_req;
    lg_worker_t *worker;
    const lg_client_spec_t *spec; /* the coordinator's, lives as long as the run */
    uint32_t room;
    uint32_t next_ack; /* chat: the ack id (and nonce suffix) of the next message:send */
    uint8_t state;
    uint8_t *pending; /* owned: the start of a frame still arriving, NULL when none */
    uint32_t pending_len;
    uint32_t pending_cap;
};

typedef struct write_req {
    uv_write_t req;
    uint8_t data[];
} write_req_t;

static uint32_t next_mask(lg_worker_t *w)
{
    /* xorshift32: masking keys need only be non-constant here, not unpredictable. */
    uint32_t x = w->rng;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    w->rng = x;
    return x;
}

static void on_close(uv_handle_t *h)
{
    lg_client_t *c = h->data;
    free(c->pending);
    c->pending = NULL;
    c->pending_len = c->pending_cap = 0;
}

/* Drops a client, counting it as a connect error before it joined and a disconnect after.
 * The struct lives in the worker's array; only its handle closes here, asynchronously. */
static void client_fail(lg_client_t *c)
{
    lg_worker_t *w = c->worker;
    if (c->state == CS_CLOSED)
        return;
    if (c->state == CS_JOINED) {
        w->count[LG_C_DISCONNECTS]++;
        atomic_fetch_sub_explicit(&w->shared->room_members[c->room], 1, memory_order_relaxed);
    } else {
        w->count[LG_C_CONNECT_ERRORS]++;
        w->handshaking--;
    }
    bool has_handle = c->state != CS_NEW;
    c->state = CS_CLOSED;
    if (has_handle)
        uv_close((uv_handle_t *)&c->tcp, on_close);
}

static void on_write(uv_write_t *req, int status)
{
    (void)status; /* a failed write shows up as a read error or lost deliveries */
    free(req);
}

static void client_write(lg_client_t *c, const uint8_t *buf, size_t len)
{
    if (c->state == CS_CLOSED)
        return;
    uv_buf_t b = uv_buf_init((char *)buf, (unsigned)len);
    int r = uv_try_write((uv_stream_t *)&c->tcp, &b, 1);
    if (r == (int)len)
        return;
    if (r == UV_EAGAIN)
        r = 0;
    if (r < 0) {
        client_fail(c);
        return;
    }
    /* The socket is full: queue a copy of the rest behind whatever libuv already holds. */
    size_t rest = len - (size_t)r;
    write_req_t *wr = lg_xcalloc(1, sizeof(*wr) + rest);
    memcpy(wr->data, buf + r, rest);
    b = uv_buf_init((char *)wr->data, (unsigned)rest);
    if (uv_write(&wr->req, (uv_stream_t *)&c->tcp, &b, 1, on_write) != 0) {
        free(wr);
        client_fail(c);
    }
}

static void client_send_frame(lg_client_t *c, uint8_t opcode, const void *payload, size_t len)
{
    lg_worker_t *w = c->worker;
    size_t n = lg_ws_frame_encode(w->sbuf, opcode, payload, len, next_mask(w));
    client_write(c, w->sbuf, n);
}

/* The client is in its room (fan-out: join sent; chat: "ready" received) and may send. */
static void client_joined(lg_client_t *c)
{
    lg_worker_t *w = c->worker;
    if (!w->shared->cfg->chat) {
        char join[32];
        size_t n = lg_join_encode(join, sizeof(join), c->room);
        client_send_frame(c, LG_WS_TEXT, join, n);
        if (c->state == CS_CLOSED)
            return;
    }
    c->state = CS_JOINED;
    w->handshaking--;
    w->count[LG_C_JOINED]++;
    atomic_fetch_add_explicit(&w->shared->room_members[c->room], 1, memory_order_relaxed);
}

/* The hot path: one "message" (chat: "message:new") event, timed if its send was stamped inside
 * the window. */
static void client_on_event(lg_client_t *c, const uint8_t *p, size_t n, uint64_t now, uint64_t ms,
                            uint64_t me)
{
    lg_worker_t *w = c->worker;
    uint64_t t;
    if (w->shared->cfg->chat) {
        if (!lg_event_is(p, n, "message:new") || lg_message_time(p, n, &t) != 0)
            return;
    } else if (lg_event_time(p, n, &t) != 0) {
        return;
    }
    w->count[LG_C_RECEIVED]++;
    if (ms == 0 || t < ms || t >= me)
        return;
    w->count[LG_C_RECEIVED_MEASURED]++;
    lg_hist_record(&w->hist, now > t ? (now - t) / 1000 : 0);
}

/* Chat: the acknowledgement of one message:send, timed from the stamp in the stored message's
 * content; an error answer is counted, and the first one's code kept for the report. */
static void client_on_ack(lg_client_t *c, const uint8_t *p, size_t n, uint64_t now, uint64_t ms,
                          uint64_t me)
{
    lg_worker_t *w = c->worker;
    uint32_t id;
    bool is_error;
    char code[sizeof(w->ack_error)];
    if (lg_ack_parse(p, n, &id, &is_error, code, sizeof(code)) != 0)
        return;
    if (is_error) {
        w->count[LG_C_ACK_ERRORS]++;
        if (!w->ack_error[0])
            snprintf(w->ack_error, sizeof(w->ack_error), "%s", code[0] ? code : "unknown");
        return;
    }
    uint64_t t;
    w->count[LG_C_ACKED]++;
    if (lg_message_time(p, n, &t) != 0 || ms == 0 || t < ms || t >= me)
        return;
    w->count[LG_C_ACKED_MEASURED]++;
    lg_hist_record(&w->ack_hist, now > t ? (now - t) / 1000 : 0);
}

static void client_sio_connect(lg_client_t *c)
{
    lg_worker_t *w = c->worker;
    c->state = CS_SIO_CONNECTING;
    if (!w->shared->cfg->chat) {
        client_send_frame(c, LG_WS_TEXT, "40", 2);
        return;
    }
    char *text = (char *)w->sbuf + w->sbuf_cap / 2;
    size_t n = lg_sio_connect_encode(text, w->sbuf_cap / 2, c->spec->token);
    client_send_frame(c, LG_WS_TEXT, text, n);
}

static void client_on_packet(lg_client_t *c, const uint8_t *p, size_t n, uint64_t now, uint64_t ms,
                             uint64_t me)
{
    switch (lg_packet_classify(p, n)) {
    case LG_PKT_SIO_EVENT:
        if (c->state == CS_JOINED)
            client_on_event(c, p, n, now, ms, me);
        else if (c->state == CS_AWAIT_READY && lg_event_is(p, n, "ready"))
            client_joined(c);
        break;
    case LG_PKT_SIO_ACK:
        if (c->state == CS_JOINED)
            client_on_ack(c, p, n, now, ms, me);
        break;
    case LG_PKT_EIO_PING: client_send_frame(c, LG_WS_TEXT, "3", 1); break;
    case LG_PKT_EIO_OPEN:
        if (c->state == CS_EIO_OPENING)
            client_sio_connect(c);
        break;
    case LG_PKT_SIO_CONNECT:
        if (c->state != CS_SIO_CONNECTING)
            break;
        if (c->worker->shared->cfg->chat)
            c->state = CS_AWAIT_READY;
        else
            client_joined(c);
        break;
    case LG_PKT_EIO_CLOSE:
    case LG_PKT_SIO_ERROR: client_fail(c); break;
    case LG_PKT_OTHER: break;
    }
}

static void client_on_frame(lg_client_t *c, const lg_ws_frame_t *f, uint64_t now, uint64_t ms,
                            uint64_t me)
{
    switch (f->opcode) {
    case LG_WS_TEXT:
        /* A fragmented message (FIN clear, then continuations) is skipped whole: no server
         * here sends one, and skipping keeps reassembly out of the hot path. */
        if (f->fin)
            client_on_packet(c, f->payload, f->len, now, ms, me);
        break;
    case LG_WS_PING:
        if (f->len <= 125)
            client_send_frame(c, LG_WS_PONG, f->payload, f->len);
        break;
    case LG_WS_CLOSE: client_fail(c); break;
    default: break;
    }
}

/* Consumes whole frames (and the upgrade response) from data[0..n); returns how many bytes it
 * used. The rest is the start of a frame still arriving. */
static size_t client_consume(lg_client_t *c, uint8_t *data, size_t n, uint64_t now)
{
    size_t off = 0;
    if (c->state == CS_UPGRADING) {
        long head = lg_http_upgrade_response(data, n);
        if (head == 0)
            return 0;
        if (head < 0) {
            client_fail(c);
            return n;
        }
        off = (size_t)head;
        c->state = CS_EIO_OPENING;
    }
    lg_shared_t *s = c->worker->shared;
    uint64_t ms = atomic_load_explicit(&s->t_measure_start, memory_order_acquire);
    uint64_t me = atomic_load_explicit(&s->t_measure_end, memory_order_acquire);
    while (off < n && c->state != CS_CLOSED) {
        lg_ws_frame_t f;
        int r = lg_ws_frame_parse(data + off, n - off, MAX_FRAME, &f);
        if (r == 0)
            break;
        if (r < 0) {
            client_fail(c);
            return n;
        }
        client_on_frame(c, &f, now, ms, me);
        off += f.frame_len;
    }
    return off;
}

/* Every read of every client of this worker lands in the worker's one buffer, behind a copy
 * of the client's partial frame if it has one, so a frame is parsed in one piece without a
 * per-client buffer for the common case of reads that end on a frame boundary. */
static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
    (void)suggested;
    lg_client_t *c = h->data;
    lg_worker_t *w = c->worker;
    size_t need = (size_t)c->pending_len + READ_CHUNK;
    if (w->rbuf_cap < need) {
        w->rbuf = lg_xrealloc(w->rbuf, need);
        w->rbuf_cap = need;
    }
    if (c->pending_len)
        memcpy(w->rbuf, c->pending, c->pending_len);
    *buf = uv_buf_init((char *)w->rbuf + c->pending_len, (unsigned)(w->rbuf_cap - c->pending_len));
}

static void keep_partial(lg_client_t *c, const uint8_t *rest, size_t len)
{
    if (len > c->pending_cap) {
        size_t cap = c->pending_cap ? 2 * (size_t)c->pending_cap : 256;
        while (cap < len)
            cap *= 2;
        c->pending = lg_xrealloc(c->pending, cap);
        c->pending_cap = (uint32_t)cap;
    }
    if (len)
        memcpy(c->pending, rest, len);
    c->pending_len = (uint32_t)len;
}

static void on_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf)
{
    (void)buf;
    lg_client_t *c = stream->data;
    if (nread == 0)
        return;
    if (nread < 0) {
        client_fail(c);
        return;
    }
    lg_worker_t *w = c->worker;
    w->count[LG_C_BYTES_RECEIVED] += (uint64_t)nread;
    size_t n = (size_t)c->pending_len + (size_t)nread;
    size_t used = client_consume(c, w->rbuf, n, uv_hrtime());
    if (c->state != CS_CLOSED)
        keep_partial(c, w->rbuf + used, n - used);
}

static void on_connect(uv_connect_t *req, int status)
{
    lg_client_t *c = req->data;
    lg_worker_t *w = c->worker;
    if (c->state == CS_CLOSED)
        return;
    if (status < 0) {
        client_fail(c);
        return;
    }
    w->count[LG_C_CONNECTED]++;
    uv_tcp_nodelay(&c->tcp, 1);
    c->state = CS_UPGRADING;
    if (uv_read_start((uv_stream_t *)&c->tcp, on_alloc, on_read) != 0) {
        client_fail(c);
        return;
    }
    char request[512];
    const lg_config_t *cfg = w->shared->cfg;
    size_t n = lg_http_upgrade_request(request, sizeof(request), cfg->host, cfg->port);
    client_write(c, (const uint8_t *)request, n);
}

static void client_connect(lg_client_t *c)
{
    lg_worker_t *w = c->worker;
    w->handshaking++;
    if (uv_tcp_init(&w->loop, &c->tcp) != 0) {
        client_fail(c);
        return;
    }
    c->tcp.data = c;
    c->connect_req.data = c;
    c->state = CS_CONNECTING;
    const struct sockaddr *addr = (const struct sockaddr *)&w->shared->cfg->addr;
    if (uv_tcp_connect(&c->connect_req, &c->tcp, addr, on_connect) != 0)
        client_fail(c);
}

static void connect_due(lg_worker_t *w, uint64_t now)
{
    if (w->next_connect == w->nclients)
        return;
    if (w->t_connect_start == 0)
        w->t_connect_start = now;
    double elapsed = (double)(now - w->t_connect_start) / 1e9;
    uint64_t due = (uint64_t)(elapsed * w->connect_rate) + 1;
    while (w->next_connect < w->nclients && w->next_connect < due &&
           w->handshaking < MAX_HANDSHAKES)
        client_connect(&w->clients[w->next_connect++]);
}

static lg_client_t *next_sender(lg_worker_t *w)
{
    for (uint32_t tries = 0; tries < w->nclients; tries++) {
        lg_client_t *c = &w->clients[w->next_sender];
        w->next_sender = (w->next_sender + 1) % w->nclients;
        if (c->state == CS_JOINED)
            return c;
    }
    return NULL;
}

static void send_broadcast(lg_worker_t *w, lg_client_t *c, uint64_t t)
{
    char *text = (char *)w->sbuf + w->sbuf_cap / 2;
    size_t cap = w->sbuf_cap / 2, n;
    if (w->shared->cfg->chat)
        n = lg_chat_send_encode(text, cap, c->next_ack++, c->spec->channel_id, t, w->pad_len,
                                w->shared->nonce_prefix);
    else
        n = lg_broadcast_encode(text, cap, c->room, t, w->pad_len);
    client_send_frame(c, LG_WS_TEXT, text, n);
}

/* Sends the broadcasts due by now at this worker's rate, each from the next joined client in
 * the sending order and stamped with the time it is written. */
static void send_due(lg_worker_t *w, uint64_t now)
{
    lg_shared_t *s = w->shared;
    uint64_t start = atomic_load_explicit(&s->t_send_start, memory_order_acquire);
    if (start == 0 || s->cfg->idle || w->count[LG_C_SEND_DONE])
        return;
    uint64_t ms = atomic_load_explicit(&s->t_measure_start, memory_order_acquire);
    uint64_t me = atomic_load_explicit(&s->t_measure_end, memory_order_acquire);
    uint64_t due = (uint64_t)((double)(now - start) * w->rate / 1e9);
    while (w->count[LG_C_SENT] < due) {
        uint64_t t = uv_hrtime();
        if (t >= me) {
            w->count[LG_C_SEND_DONE] = 1;
            return;
        }
        lg_client_t *c = next_sender(w);
        if (!c)
            return;
        send_broadcast(w, c, t);
        w->count[LG_C_SENT]++;
        if (t >= ms) {
            /* Fan-out delivers to the sender too; chat to every member but the sender. */
            uint32_t members =
                atomic_load_explicit(&s->room_members[c->room], memory_order_relaxed);
            w->count[LG_C_SENT_MEASURED]++;
            w->count[LG_C_EXPECTED] += s->cfg->chat && members ? members - 1 : members;
        }
    }
    if (now >= me)
        w->count[LG_C_SEND_DONE] = 1;
}

static void publish(lg_worker_t *w)
{
    for (int i = 0; i < LG_C_COUNT; i++)
        atomic_store_explicit(&w->published[i], w->count[i], memory_order_release);
}

static void on_tick(uv_timer_t *timer)
{
    lg_worker_t *w = timer->data;
    if (atomic_load_explicit(&w->shared->stop, memory_order_acquire)) {
        publish(w);
        uv_stop(&w->loop);
        return;
    }
    uint64_t now = uv_hrtime();
    connect_due(w, now);
    send_due(w, now);
    publish(w);
    /* Every wakeup costs the load generator CPU that it reports against the server's, so the
     * fast tick runs only while there are broadcasts to pace. */
    bool sending = atomic_load_explicit(&w->shared->t_send_start, memory_order_relaxed) &&
                   !w->shared->cfg->idle && !w->count[LG_C_SEND_DONE];
    uint64_t want = sending ? TICK_MS : IDLE_TICK_MS;
    if (uv_timer_get_repeat(timer) != want) {
        uv_timer_stop(timer);
        uv_timer_start(timer, on_tick, want, want);
    }
}

/* The coordinator's specs are in sending order (rooms before members, so consecutive sends go
 * to different rooms); worker id takes every threads-th entry. */
static void assign_clients(lg_worker_t *w)
{
    const lg_config_t *cfg = w->shared->cfg;
    w->clients = lg_xcalloc(cfg->clients / cfg->threads + 1, sizeof(lg_client_t));
    for (uint32_t pos = w->id; pos < cfg->clients; pos += cfg->threads) {
        lg_client_t *c = &w->clients[w->nclients++];
        c->worker = w;
        c->spec = &w->shared->specs[pos];
        c->room = c->spec->room;
    }
}

int lg_worker_init(lg_worker_t *w, unsigned id, lg_shared_t *shared)
{
    const lg_config_t *cfg = shared->cfg;
    w->id = id;
    w->shared = shared;
    w->rate = cfg->rate / cfg->threads;
    w->connect_rate = cfg->connect_rate / cfg->threads;
    w->rng = 0x9e3779b9u ^ (id * 0x85ebca6bu);
    /* Chat: the content is "<stamp> <pad>", the stamp 19 digits for years to come. */
    size_t overhead = cfg->chat ? 20 : lg_broadcast_payload_overhead(uv_hrtime());
    w->pad_len = cfg->payload > overhead ? cfg->payload - overhead : 0;
    w->sbuf_cap = 2 * (w->pad_len + shared->spec_text_max + 256 + LG_WS_MAX_HEADER);
    w->sbuf = lg_xcalloc(1, w->sbuf_cap);
    w->rbuf_cap = READ_CHUNK;
    w->rbuf = lg_xcalloc(1, w->rbuf_cap);
    assign_clients(w);
    int r = uv_loop_init(&w->loop);
    if (r != 0)
        return r;
    uv_timer_init(&w->loop, &w->tick);
    w->tick.data = w;
    return 0;
}

static void worker_main(void *arg)
{
    lg_worker_t *w = arg;
    uv_timer_start(&w->tick, on_tick, IDLE_TICK_MS, IDLE_TICK_MS);
    uv_run(&w->loop, UV_RUN_DEFAULT);
    publish(w);
}

int lg_worker_start(lg_worker_t *w)
{
    return uv_thread_create(&w->thread, worker_main, w);
}

void lg_worker_join(lg_worker_t *w)
{
    uv_thread_join(&w->thread);
}

uint64_t lg_worker_counter(lg_worker_t *w, enum lg_counter c)
{
    return atomic_load_explicit(&w->published[c], memory_order_acquire);
}
