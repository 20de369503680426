/* TCP connections, write queues and safe-point reaping: see conn.h. */
#include "net/conn.h"

#include "core/alloc.h"
#include "core/errors.h"
#include "core/log.h"
#include "core/metrics.h"
#include "core/parallel.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>

enum {
    F_CLOSING = 1 << 0,   /* a close was requested */
    F_DROP = 1 << 1,      /* close without sending what is queued */
    F_IN_TODO = 1 << 2,   /* in net->todo or net->next_turn */
    F_WRITING = 1 << 3,   /* an asynchronous uv_write is in flight */
    F_PAUSE_APP = 1 << 4, /* the handler asked not to read */
    F_PAUSE_OUT = 1 << 5, /* backpressure: too much queued output */
    F_READING = 1 << 6,   /* uv_read_start is active */
    F_KICK = 1 << 7,      /* offer buffered input to the handler again */
    F_REAPED = 1 << 8,    /* uv_close was called */
    F_SHUT = 1 << 9,      /* FIN sent; reading only to discard until the peer's FIN */
    F_IN_WRITE = 1 << 10, /* in this round's write slots (a socket is written by one thread) */
};

#define IOV_BATCH   64
#define TURN_BUDGET (1u << 20) /* bytes per connection per loop turn */
#define READ_BUF    (64u * 1024)
/* Fewer connections to write than this stay on the loop thread: waking a helper costs about
 * as much as a few loopback writes. */
#define PARALLEL_MIN_WRITES 8

/* A flat array rather than a list threaded through the connections: queuing output then
 * touches only the connection itself, not a neighbour's list node. */
typedef struct conn_vec {
    oc_conn_t **items;
    size_t count, cap;
} conn_vec_t;

/* One connection's writes of a round, done on any thread (write_queued), applied on the
 * loop thread (apply_write). */
typedef struct write_slot {
    oc_conn_t *c;
    size_t written; /* bytes the kernel took */
    int err;        /* errno of a failed writev, or 0 */
    bool blocked;   /* the kernel took less than offered: its send buffer is full */
} write_slot_t;

typedef struct slot_vec {
    write_slot_t *items;
    size_t count, cap;
} slot_vec_t;

static void vec_push(conn_vec_t *v, oc_conn_t *c)
{
    if (v->count == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 64;
        v->items = oc_xrealloc(v->items, v->cap * sizeof(*v->items));
    }
    v->items[v->count++] = c;
}

struct oc_net {
    uv_loop_t *loop;
    oc_net_config_t cfg;
    uv_prepare_t prepare;
    uv_idle_t idle;
    oc_list_t conns;
    conn_vec_t todo;      /* connections with work for the safe point, in arrival order */
    conn_vec_t next_turn; /* connections whose output budget ran out this turn */
    slot_vec_t slots;     /* the writes of the current round */
    oc_parallel_t *writers;
    oc_list_t defers;
    size_t count;
    char *rbuf;
    bool rbuf_busy;
    oc_timeout_list_t linger_list;
    void (*empty_cb)(void *arg);
    void *empty_arg;
};

static void on_prepare(uv_prepare_t *p);
static void on_read(uv_stream_t *s, ssize_t n, const uv_buf_t *buf);
static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf);

static void add_todo(oc_conn_t *c)
{
    if (c->flags & (F_IN_TODO | F_REAPED))
        return;
    c->flags |= F_IN_TODO;
    vec_push(&c->net->todo, c);
}

static void update_reading(oc_conn_t *c)
{
    bool want =
        (c->flags & F_SHUT) || !(c->flags & (F_CLOSING | F_PAUSE_APP | F_PAUSE_OUT | F_REAPED));
    if (c->flags & F_REAPED)
        want = false;
    if (want && !(c->flags & F_READING)) {
        if (uv_read_start((uv_stream_t *)&c->tcp, on_alloc, on_read) == 0)
            c->flags |= F_READING;
    } else if (!want && (c->flags & F_READING)) {
        uv_read_stop((uv_stream_t *)&c->tcp);
        c->flags &= ~F_READING;
    }
}

static void on_linger(oc_timeout_list_t *list, oc_timeout_t *t)
{
    OC_UNUSED(list);
    oc_conn_t *c = OC_CONTAINER_OF(t, oc_conn_t, linger);
    c->flags |= F_DROP;
    add_todo(c);
}

oc_net_t *oc_net_new(uv_loop_t *loop, const oc_net_config_t *config)
{
    oc_net_t *net = oc_xcalloc(1, sizeof(*net));
    net->loop = loop;
    net->cfg = *config;
    oc_list_init(&net->conns);
    oc_list_init(&net->defers);
    net->rbuf = oc_xmalloc(READ_BUF);
    net->writers = oc_parallel_new(config->write_threads);
    uv_prepare_init(loop, &net->prepare);
    net->prepare.data = net;
    uv_prepare_start(&net->prepare, on_prepare);
    uv_unref((uv_handle_t *)&net->prepare);
    uv_idle_init(loop, &net->idle);
    net->idle.data = net;
    oc_timeout_list_init(loop, &net->linger_list, config->linger_ms ? config->linger_ms : 5000,
                         on_linger);
    return net;
}

static void run_defers(oc_net_t *net);

void oc_net_close(oc_net_t *net)
{
    /* Deferred work (session teardown) must still run: nothing will call it later. */
    run_defers(net);
    oc_timeout_list_close(&net->linger_list);
    uv_close((uv_handle_t *)&net->prepare, NULL);
    uv_close((uv_handle_t *)&net->idle, NULL);
}

void oc_net_free(oc_net_t *net)
{
    if (net == NULL)
        return;
    oc_assert(net->count == 0);
    free(net->todo.items);
    free(net->next_turn.items);
    free(net->slots.items);
    oc_parallel_free(net->writers);
    free(net->rbuf);
    free(net);
}

uv_loop_t *oc_net_loop(const oc_net_t *net)
{
    return net->loop;
}

size_t oc_net_conn_count(const oc_net_t *net)
{
    return net->count;
}

void oc_net_set_empty_cb(oc_net_t *net, void (*cb)(void *arg), void *arg)
{
    net->empty_cb = cb;
    net->empty_arg = arg;
}

void oc_net_foreach(oc_net_t *net, void (*fn)(oc_conn_t *c, void *arg), void *arg)
{
    oc_list_t *pos, *tmp;
    OC_LIST_FOREACH_SAFE(pos, tmp, &net->conns)
    {
        fn(OC_CONTAINER_OF(pos, oc_conn_t, link), arg);
    }
}

static void free_refused(uv_handle_t *h)
{
    free(h);
}

int oc_net_accept(oc_net_t *net, uv_stream_t *server, const oc_conn_handler_t *handler, void *ctx)
{
    if (net->count >= net->cfg.max_connections) {
        uv_tcp_t *t = oc_xmalloc(sizeof(*t));
        uv_tcp_init(net->loop, t);
        int rc = uv_accept(server, (uv_stream_t *)t);
        uv_close((uv_handle_t *)t, free_refused);
        if (rc == 0)
            oc_metrics.connections_refused++;
        return rc;
    }
    oc_conn_t *c = oc_xcalloc(1, sizeof(*c));
    uv_tcp_init(net->loop, &c->tcp);
    c->tcp.data = c;
    int rc = uv_accept(server, (uv_stream_t *)&c->tcp);
    if (rc != 0) {
        uv_close((uv_handle_t *)&c->tcp, free_refused);
        return rc;
    }
    uv_tcp_nodelay(&c->tcp, 1);
    uv_os_fd_t fd;
    uv_fileno((uv_handle_t *)&c->tcp, &fd);
    c->fd = fd;
    c->net = net;
    c->handler = handler;
    c->ctx = ctx;
    oc_timeout_init(&c->linger);
    oc_list_insert_tail(&net->conns, &c->link);
    net->count++;
    oc_metrics.connections_accepted++;
    oc_metrics.connections_open++;
    if (handler->on_open)
        handler->on_open(c);
    update_reading(c);
    return 0;
}

void oc_conn_set_handler(oc_conn_t *c, const oc_conn_handler_t *handler, void *ctx)
{
    c->handler = handler;
    c->ctx = ctx;
}

bool oc_conn_closing(const oc_conn_t *c)
{
    return (c->flags & (F_CLOSING | F_REAPED)) != 0;
}

/* ---- output ---------------------------------------------------------------------------- */

static void wq_grow(oc_conn_t *c)
{
    if (c->wq_cap == 0) {
        c->wq = c->inline_wq;
        c->wq_cap = OC_CONN_INLINE_WQ;
        c->wq_head = 0;
        return;
    }
    uint32_t cap = c->wq_cap * 4;
    oc_wq_entry_t *wq = oc_xmalloc(cap * sizeof(*wq));
    /* Unwrap the ring into the new array so head starts at 0. */
    for (uint32_t i = 0; i < c->wq_count; i++)
        wq[i] = c->wq[(c->wq_head + i) & (c->wq_cap - 1)];
    if (c->wq != c->inline_wq)
        free(c->wq);
    c->wq = wq;
    c->wq_cap = cap;
    c->wq_head = 0;
}

static void check_limits(oc_conn_t *c)
{
    const oc_net_config_t *cfg = &c->net->cfg;
    if (c->wq_bytes > cfg->output_hard_limit) {
        oc_metrics.write_queue_drops++;
        oc_log_warn("net", "closing a %s connection: %zu bytes queued (hard limit %zu)",
                    c->handler->name, c->wq_bytes, cfg->output_hard_limit);
        oc_conn_close(c);
        return;
    }
    if (c->wq_bytes > cfg->output_soft_limit) {
        uint64_t now = uv_now(c->net->loop);
        if (c->soft_since == 0) {
            c->soft_since = now ? now : 1;
        } else if (now - c->soft_since >= (uint64_t)cfg->output_soft_seconds * 1000) {
            oc_metrics.write_queue_drops++;
            oc_log_warn("net", "closing a %s connection: over the soft output limit for %us",
                        c->handler->name, cfg->output_soft_seconds);
            oc_conn_close(c);
            return;
        }
    }
    if (c->wq_bytes > cfg->read_pause_bytes && !(c->flags & F_PAUSE_OUT)) {
        c->flags |= F_PAUSE_OUT;
        oc_metrics.read_pauses++;
        update_reading(c);
    }
}

void oc_conn_write_frame_owned(oc_conn_t *c, oc_frame_t *frame, uint32_t off, uint32_t len)
{
    if ((c->flags & (F_CLOSING | F_REAPED)) || len == 0) {
        oc_frame_unref(frame);
        return;
    }
    oc_assert((uint64_t)off + len <= frame->len);
    if (c->wq_count == c->wq_cap)
        wq_grow(c);
    oc_wq_entry_t *e = &c->wq[(c->wq_head + c->wq_count) & (c->wq_cap - 1)];
    e->frame = frame;
    e->off = off;
    e->len = len;
    c->wq_count++;
    c->wq_bytes += len;
    add_todo(c);
    check_limits(c);
}

void oc_conn_write_frame(oc_conn_t *c, oc_frame_t *frame, uint32_t off, uint32_t len)
{
    oc_conn_write_frame_owned(c, oc_frame_ref(frame), off, len);
}

void oc_conn_write_copy(oc_conn_t *c, const void *data, size_t len)
{
    if ((c->flags & (F_CLOSING | F_REAPED)) || len == 0)
        return;
    oc_conn_write_frame_owned(c, oc_frame_from(data, len), 0, (uint32_t)len);
}

/* Drops n written bytes from the head of the queue. */
static void advance(oc_conn_t *c, size_t n)
{
    oc_metrics.bytes_out += n;
    while (n > 0) {
        oc_wq_entry_t *e = &c->wq[c->wq_head];
        if (n >= e->len) {
            n -= e->len;
            c->wq_bytes -= e->len;
            oc_frame_unref(e->frame);
            c->wq_head = (c->wq_head + 1) & (c->wq_cap - 1);
            c->wq_count--;
        } else {
            e->off += (uint32_t)n;
            e->len -= (uint32_t)n;
            c->wq_bytes -= n;
            n = 0;
        }
    }
    if (c->wq_count == 0) {
        c->wq_head = 0;
        /* Back to the inline ring: an idle connection keeps no queue memory. */
        if (c->wq != c->inline_wq) {
            free(c->wq);
            c->wq = c->inline_wq;
            c->wq_cap = OC_CONN_INLINE_WQ;
        }
    }
    const oc_net_config_t *cfg = &c->net->cfg;
    if (c->wq_bytes <= cfg->output_soft_limit)
        c->soft_since = 0;
    if ((c->flags & F_PAUSE_OUT) && c->wq_bytes <= cfg->read_pause_bytes / 2) {
        c->flags &= ~F_PAUSE_OUT;
        update_reading(c);
        if (c->in.len > 0) {
            c->flags |= F_KICK;
            add_todo(c);
        }
        if (c->handler->on_drain && !(c->flags & F_CLOSING))
            c->handler->on_drain(c);
    }
}

/* Fills iov with queue entries from the at-th on, up to IOV_BATCH of them and about budget
 * bytes (the entry that crosses it is included). Reads the queue only: safe on a helper
 * thread while the loop thread waits. */
static size_t fill_iov(const oc_conn_t *c, uint32_t at, uv_buf_t *iov, unsigned *n_out,
                       size_t budget)
{
    unsigned n = 0;
    size_t total = 0;
    for (uint32_t i = at; i < c->wq_count && n < IOV_BATCH && total < budget; i++) {
        const oc_wq_entry_t *e = &c->wq[(c->wq_head + i) & (c->wq_cap - 1)];
        iov[n++] = uv_buf_init(e->frame->data + e->off, e->len);
        total += e->len;
    }
    *n_out = n;
    return total;
}

static void on_write(uv_write_t *req, int status)
{
    oc_conn_t *c = req->handle->data;
    size_t bytes = (size_t)(uintptr_t)req->data;
    free(req);
    c->flags &= ~F_WRITING;
    if (status == UV_ECANCELED)
        return; /* the connection is being closed; its close callback frees the queue */
    if (status < 0) {
        c->flags |= F_DROP;
        oc_conn_close(c);
        return;
    }
    advance(c, bytes);
    if (c->wq_count > 0 || (c->flags & F_CLOSING))
        add_todo(c);
}

/* Writes slot i's connection's queue with writev, one batch after another, until it is
 * empty, the kernel takes less than offered, or TURN_BUDGET bytes went out. Runs on the
 * loop thread or a helper (oc_parallel_run) while the loop thread changes no queue: it
 * only reads the queue and records the outcome, which apply_write acts on. */
static void write_queued(size_t i, void *arg)
{
    write_slot_t *s = &((write_slot_t *)arg)[i];
    const oc_conn_t *c = s->c;
    uv_buf_t iov[IOV_BATCH];
    unsigned n;
    uint32_t at = 0;
    while (at < c->wq_count && s->written < TURN_BUDGET) {
        size_t total = fill_iov(c, at, iov, &n, TURN_BUDGET - s->written);
        /* writev straight on the socket (libuv's uv_buf_t is laid out as struct iovec):
         * no asynchronous write is in flight here, so nothing in libuv's queue can be
         * overtaken. */
        ssize_t rc;
        do
            rc = writev(c->fd, (const struct iovec *)iov, (int)n);
        while (rc < 0 && errno == EINTR);
        if (rc < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                s->blocked = true;
            else
                s->err = errno;
            return;
        }
        s->written += (size_t)rc;
        if ((size_t)rc < total) {
            s->blocked = true;
            return;
        }
        at += n;
    }
}

/* Acts on a write's outcome: drops what was written; what the kernel refused goes to an
 * asynchronous uv_write that waits for the socket to become writable. Returns true if data
 * is left for a later turn with the socket still writable (the turn's budget ran out). */
static bool apply_write(oc_conn_t *c, const write_slot_t *s)
{
    if (s->err != 0) {
        c->flags |= F_DROP;
        oc_conn_close(c);
        return false;
    }
    advance(c, s->written);
    if (c->wq_count == 0 || (c->flags & (F_DROP | F_WRITING)))
        return false;
    if (!s->blocked)
        return true;
    uv_buf_t iov[IOV_BATCH];
    unsigned n;
    size_t total = fill_iov(c, 0, iov, &n, SIZE_MAX);
    uv_write_t *req = oc_xmalloc(sizeof(*req));
    req->data = (void *)(uintptr_t)total;
    if (uv_write(req, (uv_stream_t *)&c->tcp, iov, n, on_write) < 0) {
        free(req);
        c->flags |= F_DROP;
        oc_conn_close(c);
        return false;
    }
    c->flags |= F_WRITING;
    return false;
}

/* Writes the queued output of todo[from, to): each connection's writev runs on the loop
 * thread or a helper, since on a busy turn the kernel's loopback TCP work per write is most
 * of the turn; the outcomes are then applied here, in order. */
static void write_round(oc_net_t *net, size_t from, size_t to)
{
    slot_vec_t *v = &net->slots;
    v->count = 0;
    for (size_t i = from; i < to; i++) {
        oc_conn_t *c = net->todo.items[i];
        if (c->wq_count == 0 || (c->flags & (F_REAPED | F_DROP | F_WRITING | F_IN_WRITE)))
            continue;
        if (v->count == v->cap) {
            v->cap = v->cap ? v->cap * 2 : 64;
            v->items = oc_xrealloc(v->items, v->cap * sizeof(*v->items));
        }
        c->flags |= F_IN_WRITE;
        v->items[v->count++] = (write_slot_t){.c = c};
    }
    oc_parallel_run(net->writers, v->count, PARALLEL_MIN_WRITES, write_queued, v->items);
    /* Applying may run handlers (on_drain) that queue output and append to todo, never to
     * the slots. */
    for (size_t k = 0; k < v->count; k++) {
        oc_conn_t *c = v->items[k].c;
        c->flags &= ~F_IN_WRITE;
        if (c->flags & F_REAPED)
            continue;
        if (apply_write(c, &v->items[k])) {
            c->flags |= F_IN_TODO;
            vec_push(&net->next_turn, c);
        }
    }
}

/* ---- closing --------------------------------------------------------------------------- */

void oc_conn_close(oc_conn_t *c)
{
    if (c->flags & F_REAPED)
        return;
    c->flags |= F_CLOSING | F_DROP;
    update_reading(c);
    add_todo(c);
}

void oc_conn_close_after_flush(oc_conn_t *c)
{
    if (c->flags & (F_CLOSING | F_REAPED))
        return;
    c->flags |= F_CLOSING;
    update_reading(c);
    oc_timeout_arm(&c->net->linger_list, &c->linger);
    add_todo(c);
}

static void on_closed(uv_handle_t *h)
{
    oc_conn_t *c = h->data;
    oc_net_t *net = c->net;
    for (uint32_t i = 0; i < c->wq_count; i++)
        oc_frame_unref(c->wq[(c->wq_head + i) & (c->wq_cap - 1)].frame);
    if (c->wq != c->inline_wq)
        free(c->wq);
    oc_buf_free(&c->in);
    free(c);
    net->count--;
    oc_metrics.connections_open--;
    if (net->count == 0 && net->empty_cb)
        net->empty_cb(net->empty_arg);
}

static void reap(oc_conn_t *c)
{
    c->flags |= F_REAPED;
    oc_timeout_disarm(&c->linger);
    oc_list_unlink(&c->link);
    if (c->flags & F_READING) {
        uv_read_stop((uv_stream_t *)&c->tcp);
        c->flags &= ~F_READING;
    }
    if (c->handler->on_close)
        c->handler->on_close(c);
    uv_close((uv_handle_t *)&c->tcp, on_closed);
}

static void on_shutdown(uv_shutdown_t *req, int status)
{
    oc_conn_t *c = req->handle->data;
    free(req);
    if (status < 0 && !(c->flags & F_REAPED)) {
        c->flags |= F_DROP;
        add_todo(c);
    }
}

/* A graceful close sends FIN once the queue is empty and then reads (discarding) until the
 * peer's FIN: closing a socket with unread input makes the kernel send RST, which can
 * destroy a response the peer has not read yet (e.g. a 413 sent mid-upload). */
static void finish_close(oc_conn_t *c)
{
    if (c->flags & F_DROP) {
        reap(c);
        return;
    }
    if (c->wq_count > 0 || (c->flags & F_WRITING))
        return; /* on_write brings it back */
    if (c->flags & F_SHUT)
        return; /* waiting for the peer's FIN or the linger deadline */
    uv_shutdown_t *req = oc_xmalloc(sizeof(*req));
    if (uv_shutdown(req, (uv_stream_t *)&c->tcp, on_shutdown) != 0) {
        free(req);
        reap(c);
        return;
    }
    c->flags |= F_SHUT;
    update_reading(c);
}

/* ---- input ----------------------------------------------------------------------------- */

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
    OC_UNUSED(suggested);
    oc_conn_t *c = h->data;
    if (c->in.len > 0 && !(c->flags & F_SHUT)) {
        /* A partial frame or request is pending: read right behind it, no copy. */
        oc_buf_reserve(&c->in, 16 * 1024);
        *buf = uv_buf_init(c->in.data + c->in.len, (unsigned)(c->in.cap - c->in.len));
        return;
    }
    /* Reads are handled synchronously in on_read, so one loop-wide buffer serves all. */
    oc_assert(!c->net->rbuf_busy);
    c->net->rbuf_busy = true;
    *buf = uv_buf_init(c->net->rbuf, READ_BUF);
}

/* Offers data[0..len) to the handler chain; returns the bytes used. */
static size_t deliver(oc_conn_t *c, char *data, size_t len)
{
    size_t off = 0;
    while (off < len && !(c->flags & (F_CLOSING | F_PAUSE_APP))) {
        const oc_conn_handler_t *h = c->handler;
        size_t used = h->on_data(c, data + off, len - off);
        oc_assert(used <= len - off);
        off += used;
        if (c->handler == h)
            break;
    }
    return off;
}

static void keep_tail(oc_conn_t *c, const char *tail, size_t len)
{
    if (len > c->net->cfg.max_input_bytes) {
        oc_log_warn("net", "closing a %s connection: %zu unparsed input bytes", c->handler->name,
                    len);
        oc_conn_close(c);
        return;
    }
    oc_buf_append(&c->in, tail, len);
}

static void on_read(uv_stream_t *s, ssize_t n, const uv_buf_t *buf)
{
    oc_conn_t *c = s->data;
    bool shared = buf->base == c->net->rbuf;
    if (shared)
        c->net->rbuf_busy = false;
    if (n == 0)
        return;
    if (n < 0) {
        if (c->flags & F_SHUT) {
            c->flags |= F_DROP;
            add_todo(c);
        } else if (n == UV_EOF) {
            oc_conn_close_after_flush(c);
        } else {
            oc_conn_close(c);
        }
        return;
    }
    oc_metrics.bytes_in += (uint64_t)n;
    if (c->flags & (F_SHUT | F_CLOSING))
        return; /* discarding until the peer's FIN */
    if (shared) {
        size_t used = deliver(c, buf->base, (size_t)n);
        if (used < (size_t)n && !(c->flags & F_CLOSING))
            keep_tail(c, buf->base + used, (size_t)n - used);
    } else {
        c->in.len += (size_t)n;
        size_t used = deliver(c, c->in.data, c->in.len);
        oc_buf_consume(&c->in, used);
        if (c->in.len == 0)
            oc_buf_free(&c->in);
        else if (c->in.len > c->net->cfg.max_input_bytes)
            keep_tail(c, NULL, c->in.len); /* closes */
    }
}

/* Re-offers buffered input after a pause ends (no read event would bring it). */
static void kick(oc_conn_t *c)
{
    if (c->in.len == 0 || (c->flags & (F_CLOSING | F_PAUSE_APP)))
        return;
    /* deliver() may append nothing to c->in (only on_read does), so parsing in place is
     * safe; consume afterwards. */
    size_t used = deliver(c, c->in.data, c->in.len);
    oc_buf_consume(&c->in, used);
    if (c->in.len == 0)
        oc_buf_free(&c->in);
}

void oc_conn_kick(oc_conn_t *c)
{
    if (c->in.len > 0 && !(c->flags & (F_CLOSING | F_REAPED))) {
        c->flags |= F_KICK;
        add_todo(c);
    }
}

void oc_conn_pause_read(oc_conn_t *c)
{
    c->flags |= F_PAUSE_APP;
    update_reading(c);
}

void oc_conn_resume_read(oc_conn_t *c)
{
    if (!(c->flags & F_PAUSE_APP))
        return;
    c->flags &= ~F_PAUSE_APP;
    update_reading(c);
    if (c->in.len > 0) {
        c->flags |= F_KICK;
        add_todo(c);
    }
}

int oc_conn_peer_ip(const oc_conn_t *c, char *out, size_t out_len)
{
    struct sockaddr_storage ss;
    int len = sizeof(ss);
    int rc = uv_tcp_getpeername(&c->tcp, (struct sockaddr *)&ss, &len);
    if (rc != 0)
        return rc;
    if (ss.ss_family == AF_INET6)
        return uv_ip6_name((struct sockaddr_in6 *)&ss, out, out_len);
    return uv_ip4_name((struct sockaddr_in *)&ss, out, out_len);
}

/* ---- the safe point -------------------------------------------------------------------- */

static void on_idle(uv_idle_t *h)
{
    OC_UNUSED(h);
}

/* Runs right before the loop polls: re-offers input, flushes every connection that queued
 * output this turn with one writev each, and reaps closed connections. */
void oc_net_defer(oc_net_t *net, oc_defer_t *d)
{
    if (!oc_list_linked(&d->link))
        oc_list_insert_tail(&net->defers, &d->link);
}

static void run_defers(oc_net_t *net)
{
    oc_list_t *node;
    while ((node = oc_list_first(&net->defers)) != NULL) {
        oc_list_unlink(node);
        oc_defer_t *d = OC_CONTAINER_OF(node, oc_defer_t, link);
        d->cb(d);
    }
}

static void process_todo(oc_net_t *net)
{
    /* Work done here may append to the array (and move it): index, do not hold pointers. A
     * connection reaped here is freed only by its close callback, after this pass. A round
     * takes what is in the array: input first (a kicked handler may queue output anywhere),
     * then one write per connection, then closes; what a round appends is the next one's. */
    size_t from = 0;
    while (from < net->todo.count) {
        for (size_t i = from; i < net->todo.count; i++) {
            oc_conn_t *c = net->todo.items[i];
            c->flags &= ~F_IN_TODO;
            if ((c->flags & (F_KICK | F_REAPED)) == F_KICK) {
                c->flags &= ~F_KICK;
                kick(c);
            }
        }
        size_t to = net->todo.count;
        write_round(net, from, to);
        for (size_t i = from; i < to; i++) {
            oc_conn_t *c = net->todo.items[i];
            /* Queued again (for this turn or the next): closed when that comes. */
            if ((c->flags & (F_CLOSING | F_IN_TODO | F_REAPED)) == F_CLOSING)
                finish_close(c);
        }
        from = to;
    }
    net->todo.count = 0;
}

static void on_prepare(uv_prepare_t *p)
{
    oc_net_t *net = p->data;
    /* Deferred work may queue output and connection work may defer more: run both until
     * neither has anything left, so nothing waits for the next wake-up. */
    do {
        run_defers(net);
        process_todo(net);
    } while (!oc_list_empty(&net->defers));
    if (net->next_turn.count > 0) {
        /* Budget-limited connections continue next turn; an active idle handle makes the
         * poll return at once instead of sleeping on them. */
        conn_vec_t swap = net->todo;
        net->todo = net->next_turn;
        net->next_turn = swap;
        uv_idle_start(&net->idle, on_idle);
    } else {
        uv_idle_stop(&net->idle);
    }
}
