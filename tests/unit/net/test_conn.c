/* Tests for src/net/conn.c over real loopback TCP: an OpenChat listener and plain libuv
 * clients share one loop. Covered: queued frames arrive in order and leave in few writev
 * calls, the hard and soft output limits close a client that does not read (and count in
 * write_queue_drops), reading pauses above read_pause_bytes and resumes after the drain,
 * close_after_flush delivers everything and then FIN (or drops after the linger time),
 * on_close runs exactly once, an unconsumed input tail is offered again with the next bytes,
 * max_input_bytes, handler switches, the connection limit, deferred work running before
 * the flush, and a fan-out written by helper threads (write_threads) arriving whole and in
 * order on every connection. The .c is included to count writev calls and to read
 * connection flags.
 * Clients that must not drain use a small receive buffer (and the server a small send
 * buffer) so that the kernel cannot absorb the queued output. */
#include <pthread.h>
#include <stdatomic.h>
#include <sys/uio.h>
#include <uv.h>

/* Helper threads write too (write_threads), hence atomic counts. */
static _Atomic int try_write_calls;
static _Atomic int helper_write_calls;
static pthread_t loop_thread;

static ssize_t counted_writev(int fd, const struct iovec *iov, int n)
{
    try_write_calls++;
    if (!pthread_equal(pthread_self(), loop_thread))
        helper_write_calls++;
    return writev(fd, iov, n);
}

#define writev counted_writev
#include "net/conn.c"
#undef writev

#include "net/listener.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#define MAX_SERVERS 16
#define MAX_CLIENTS 16

/* ---- server side ----------------------------------------------------------------------- */

typedef struct server {
    oc_conn_t *conn; /* NULL once on_close ran */
    int opens, closes, drains;
    uint64_t closed_at;
    int data_calls;
    oc_buf_t offered; /* every on_data input, each followed by '|' */
    oc_buf_t lines;   /* complete lines consumed, each followed by '|' */
} server_t;

typedef size_t (*data_fn)(server_t *s, char *data, size_t len);

static struct fixture {
    uv_loop_t loop;
    oc_net_t *net;
    oc_net_config_t cfg;
    oc_listener_t *listener;
    int port;
    bool small_send_buffer;
    data_fn on_data;
    server_t servers[MAX_SERVERS];
    int num_servers;
    uv_timer_t deadline, poll;
    uv_check_t check;
    bool (*until)(void);
    bool timed_out;
    uint64_t frames_before;
    oc_metrics_t metrics_before;
} fx;

static void srv_on_open(oc_conn_t *c)
{
    assert_ptr_equal(c->ctx, &fx); /* the listener's ctx */
    assert_true(fx.num_servers < MAX_SERVERS);
    server_t *s = &fx.servers[fx.num_servers++];
    s->conn = c;
    s->opens++;
    c->ctx = s;
    if (fx.small_send_buffer) {
        int size = 16 * 1024;
        assert_int_equal(uv_send_buffer_size((uv_handle_t *)&c->tcp, &size), 0);
    }
}

static size_t srv_on_data(oc_conn_t *c, char *data, size_t len)
{
    server_t *s = c->ctx;
    assert_ptr_equal(s->conn, c);
    assert_true(len > 0);
    s->data_calls++;
    oc_buf_append(&s->offered, data, len);
    oc_buf_append_char(&s->offered, '|');
    return fx.on_data ? fx.on_data(s, data, len) : len;
}

static void srv_on_close(oc_conn_t *c)
{
    server_t *s = c->ctx;
    assert_ptr_equal(s->conn, c);
    s->closes++;
    s->closed_at = uv_now(&fx.loop);
    s->conn = NULL;
}

static void srv_on_drain(oc_conn_t *c)
{
    server_t *s = c->ctx;
    s->drains++;
}

static const oc_conn_handler_t test_handler = {
    .name = "test",
    .on_open = srv_on_open,
    .on_data = srv_on_data,
    .on_close = srv_on_close,
    .on_drain = srv_on_drain,
};

/* Consumes complete lines; the rest waits for more input. */
static size_t consume_lines(server_t *s, char *data, size_t len)
{
    size_t used = 0;
    for (;;) {
        char *nl = memchr(data + used, '\n', len - used);
        if (nl == NULL)
            return used;
        oc_buf_append(&s->lines, data + used, (size_t)(nl - (data + used)));
        oc_buf_append_char(&s->lines, '|');
        used = (size_t)(nl - data) + 1;
    }
}

static size_t consume_nothing(server_t *s, char *data, size_t len)
{
    (void)s;
    (void)data;
    (void)len;
    return 0;
}

/* ---- client side ----------------------------------------------------------------------- */

typedef struct client {
    uv_tcp_t tcp;
    uv_connect_t connect_req;
    bool connected, eof, closed, reading;
    int read_error;
    oc_buf_t got;
} client_t;

static client_t clients[MAX_CLIENTS];
static char client_rbuf[64 * 1024];

static void on_client_connect(uv_connect_t *req, int status)
{
    client_t *cl = req->data;
    assert_int_equal(status, 0);
    cl->connected = true;
}

/* Connects a client; rcvbuf > 0 makes its receive buffer (and so its window) small. */
static client_t *client_connect(int index, int rcvbuf)
{
    client_t *cl = &clients[index];
    memset(cl, 0, sizeof(*cl));
    assert_int_equal(uv_tcp_init_ex(&fx.loop, &cl->tcp, AF_INET), 0);
    cl->tcp.data = cl;
    if (rcvbuf > 0)
        assert_int_equal(uv_recv_buffer_size((uv_handle_t *)&cl->tcp, &rcvbuf), 0);
    uv_tcp_nodelay(&cl->tcp, 1);
    struct sockaddr_in addr;
    uv_ip4_addr("127.0.0.1", fx.port, &addr);
    cl->connect_req.data = cl;
    assert_int_equal(
        uv_tcp_connect(&cl->connect_req, &cl->tcp, (struct sockaddr *)&addr, on_client_connect), 0);
    return cl;
}

static void on_client_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
    (void)h;
    (void)suggested;
    *buf = uv_buf_init(client_rbuf, sizeof(client_rbuf));
}

static void on_client_read(uv_stream_t *s, ssize_t n, const uv_buf_t *buf)
{
    client_t *cl = s->data;
    if (n > 0) {
        assert_false(cl->eof);
        oc_buf_append(&cl->got, buf->base, (size_t)n);
    } else if (n == UV_EOF) {
        cl->eof = true;
    } else if (n < 0) {
        cl->read_error = (int)n;
    }
    if (n < 0)
        uv_read_stop(s);
}

static void client_read(client_t *cl)
{
    cl->reading = true;
    assert_int_equal(uv_read_start((uv_stream_t *)&cl->tcp, on_client_alloc, on_client_read), 0);
}

typedef struct client_write_req {
    uv_write_t req;
    char data[];
} client_write_req_t;

static void on_client_write(uv_write_t *req, int status)
{
    (void)status;
    free(req);
}

static void client_send(client_t *cl, const void *data, size_t len)
{
    client_write_req_t *w = oc_xmalloc(sizeof(*w) + len);
    memcpy(w->data, data, len);
    uv_buf_t b = uv_buf_init(w->data, (unsigned)len);
    assert_int_equal(uv_write(&w->req, (uv_stream_t *)&cl->tcp, &b, 1, on_client_write), 0);
}

static void client_send_str(client_t *cl, const char *s)
{
    client_send(cl, s, strlen(s));
}

static void on_client_closed(uv_handle_t *h)
{
    client_t *cl = h->data;
    cl->closed = true;
}

static void client_close(client_t *cl)
{
    if (!uv_is_closing((uv_handle_t *)&cl->tcp))
        uv_close((uv_handle_t *)&cl->tcp, on_client_closed);
}

/* ---- running the loop ------------------------------------------------------------------ */

static void stop_if_done(uv_loop_t *loop)
{
    if (fx.until != NULL && fx.until())
        uv_stop(loop);
}

static void on_check(uv_check_t *h)
{
    stop_if_done(h->loop);
}

static void on_poll(uv_timer_t *t)
{
    stop_if_done(t->loop);
}

static void on_deadline(uv_timer_t *t)
{
    fx.timed_out = true;
    uv_stop(t->loop);
}

/* Runs the loop until pred() holds; fails after ms. */
static void run_until_ms(bool (*pred)(void), uint64_t ms)
{
    if (pred())
        return;
    fx.until = pred;
    fx.timed_out = false;
    uv_timer_start(&fx.deadline, on_deadline, ms, 0);
    uv_timer_start(&fx.poll, on_poll, 1, 1);
    uv_check_start(&fx.check, on_check);
    uv_run(&fx.loop, UV_RUN_DEFAULT);
    uv_check_stop(&fx.check);
    uv_timer_stop(&fx.poll);
    uv_timer_stop(&fx.deadline);
    fx.until = NULL;
    if (fx.timed_out)
        fail_msg("condition not reached within %llu ms", (unsigned long long)ms);
}

#define run_until(pred) run_until_ms((pred), 3000)

static bool never(void)
{
    return false;
}

/* Runs the loop for ms, whatever happens. */
static void run_for(uint64_t ms)
{
    fx.until = never;
    uv_timer_start(&fx.deadline, on_deadline, ms, 0);
    uv_run(&fx.loop, UV_RUN_DEFAULT);
    uv_timer_stop(&fx.deadline);
    fx.until = NULL;
    fx.timed_out = false;
}

static bool c0_connected_and_accepted(void)
{
    return clients[0].connected && fx.num_servers == 1;
}

static bool s0_has_data(void)
{
    return fx.servers[0].data_calls > 0;
}

static bool s0_closed(void)
{
    return fx.servers[0].closes > 0;
}

static bool c0_eof_or_error(void)
{
    return clients[0].eof || clients[0].read_error != 0;
}

/* ---- fixture --------------------------------------------------------------------------- */

static void start_net(void)
{
    fx.net = oc_net_new(&fx.loop, &fx.cfg);
    assert_int_equal(oc_listener_start(fx.net, "127.0.0.1", 0, &test_handler, &fx, &fx.listener),
                     0);
    fx.port = oc_listener_port(fx.listener);
    assert_true(fx.port > 0);
}

static int setup(void **state)
{
    (void)state;
    memset(&fx, 0, sizeof(fx));
    memset(clients, 0, sizeof(clients));
    for (int i = 0; i < MAX_CLIENTS; i++)
        clients[i].closed = true; /* not in use */
    assert_int_equal(uv_loop_init(&fx.loop), 0);
    uv_timer_init(&fx.loop, &fx.deadline);
    uv_timer_init(&fx.loop, &fx.poll);
    uv_check_init(&fx.loop, &fx.check);
    fx.cfg = (oc_net_config_t){
        .output_hard_limit = 16u << 20,
        .output_soft_limit = 16u << 20,
        .output_soft_seconds = 60,
        .read_pause_bytes = 16u << 20,
        .max_input_bytes = 1u << 20,
        .max_connections = 100,
        .linger_ms = 2000,
    };
    fx.frames_before = oc_frame_live_count();
    fx.metrics_before = oc_metrics;
    try_write_calls = 0;
    helper_write_calls = 0;
    loop_thread = pthread_self();
    return 0;
}

static bool all_gone(void)
{
    for (int i = 0; i < MAX_CLIENTS; i++) {
        if (!clients[i].closed)
            return false;
    }
    return fx.net == NULL || oc_net_conn_count(fx.net) == 0;
}

static void close_leftover(uv_handle_t *h, void *arg)
{
    (void)arg;
    if (!uv_is_closing(h))
        uv_close(h, NULL);
}

static int teardown(void **state)
{
    (void)state;
    for (int i = 0; i < MAX_CLIENTS; i++) {
        if (!clients[i].closed)
            client_close(&clients[i]);
    }
    for (int i = 0; i < fx.num_servers; i++) {
        if (fx.servers[i].conn != NULL)
            oc_conn_close(fx.servers[i].conn);
    }
    run_until(all_gone);
    for (int i = 0; i < fx.num_servers; i++) {
        /* Every accepted connection was closed exactly once. */
        assert_int_equal(fx.servers[i].opens, 1);
        assert_int_equal(fx.servers[i].closes, 1);
        oc_buf_free(&fx.servers[i].offered);
        oc_buf_free(&fx.servers[i].lines);
    }
    for (int i = 0; i < MAX_CLIENTS; i++)
        oc_buf_free(&clients[i].got);
    if (fx.net != NULL) {
        oc_listener_stop(fx.listener);
        oc_net_close(fx.net);
    }
    /* The fixture's own handles, and any a failed test left open. */
    uv_walk(&fx.loop, close_leftover, NULL);
    uv_run(&fx.loop, UV_RUN_DEFAULT);
    oc_net_free(fx.net);
    assert_int_equal(uv_loop_close(&fx.loop), 0);
    /* Every queued frame reference was released. */
    assert_int_equal(oc_frame_live_count(), fx.frames_before);
    assert_int_equal(oc_metrics.connections_open, fx.metrics_before.connections_open);
    return 0;
}

/* ---- payloads -------------------------------------------------------------------------- */

static uint8_t pattern_byte(size_t i)
{
    return (uint8_t)(i % 251 + i / 251);
}

/* A frame carrying pattern bytes [from, from + len). */
static oc_frame_t *pattern_frame(size_t from, size_t len)
{
    oc_frame_t *f = oc_frame_new(len);
    for (size_t i = 0; i < len; i++)
        f->data[i] = (char)pattern_byte(from + i);
    return f;
}

static void assert_pattern(const oc_buf_t *b, size_t len)
{
    assert_int_equal(b->len, len);
    for (size_t i = 0; i < len; i++) {
        if ((uint8_t)b->data[i] != pattern_byte(i))
            fail_msg("byte %zu is %u, want %u", i, (uint8_t)b->data[i], pattern_byte(i));
    }
}

/* Queues pattern bytes [from, from + len) in frames of chunk bytes. */
static size_t queue_pattern(oc_conn_t *c, size_t from, size_t len, size_t chunk)
{
    for (size_t off = 0; off < len; off += chunk) {
        size_t n = OC_MIN(chunk, len - off);
        oc_frame_t *f = pattern_frame(from + off, n);
        oc_conn_write_frame_owned(c, f, 0, (uint32_t)n);
    }
    return from + len;
}

/* Connects client 0 and waits until the server has the connection. */
static client_t *connect_one(int rcvbuf)
{
    client_t *cl = client_connect(0, rcvbuf);
    run_until(c0_connected_and_accepted);
    return cl;
}

/* ---- ordering and batching ------------------------------------------------------------- */

static size_t write_order_total;

static size_t write_mixed_frames(server_t *s, char *data, size_t len)
{
    (void)data;
    oc_conn_t *c = s->conn;
    /* A shared frame sent in two slices, an owned frame, a copy, and a zero-length write. */
    oc_frame_t *shared = oc_frame_from("0123456789", 10);
    oc_conn_write_frame(c, shared, 0, 4);
    oc_conn_write_frame(c, shared, 4, 6);
    assert_int_equal(shared->refs, 3); /* ours and two in the queue */
    oc_frame_unref(shared);
    oc_conn_write_frame_owned(c, oc_frame_from("abc", 3), 1, 2);
    oc_conn_write_copy(c, "XYZ", 3);
    oc_conn_write_copy(c, "", 0);
    oc_conn_write_frame_owned(c, oc_frame_from("nope", 4), 0, 0); /* ignored, ref dropped */
    assert_int_equal(oc_conn_queued_bytes(c), write_order_total);
    return len;
}

static bool c0_got_order_total(void)
{
    return clients[0].got.len >= write_order_total;
}

static void test_frames_arrive_in_order(void **state)
{
    (void)state;
    fx.on_data = write_mixed_frames;
    write_order_total = 10 + 2 + 3;
    start_net();
    client_t *cl = connect_one(0);
    client_read(cl);
    client_send_str(cl, "go\n");
    run_until(c0_got_order_total);
    assert_int_equal(cl->got.len, 15);
    assert_memory_equal(cl->got.data, "0123456789bcXYZ", 15);
    assert_int_equal(oc_conn_queued_bytes(fx.servers[0].conn), 0);
    /* An idle connection keeps no queue memory: it is back on its inline ring. */
    assert_ptr_equal(fx.servers[0].conn->wq, fx.servers[0].conn->inline_wq);
    char ip[64];
    assert_int_equal(oc_conn_peer_ip(fx.servers[0].conn, ip, sizeof(ip)), 0);
    assert_string_equal(ip, "127.0.0.1");
}

enum { SMALL_FRAMES = 2000, SMALL_FRAME_LEN = 10 };

static size_t write_many_small(server_t *s, char *data, size_t len)
{
    (void)data;
    try_write_calls = 0;
    queue_pattern(s->conn, 0, SMALL_FRAMES * SMALL_FRAME_LEN, SMALL_FRAME_LEN);
    assert_int_equal(try_write_calls, 0); /* nothing is written from the callback */
    assert_int_equal(s->conn->wq_count, SMALL_FRAMES);
    return len;
}

static bool c0_got_small_frames(void)
{
    return clients[0].got.len >= SMALL_FRAMES * SMALL_FRAME_LEN;
}

/* Many frames queued in one turn are gathered: one writev per IOV_BATCH frames at most. */
static void test_many_small_frames_leave_in_few_writes(void **state)
{
    (void)state;
    fx.on_data = write_many_small;
    start_net();
    client_t *cl = connect_one(0);
    client_read(cl);
    client_send_str(cl, "go\n");
    run_until(c0_got_small_frames);
    assert_pattern(&cl->got, SMALL_FRAMES * SMALL_FRAME_LEN);
    assert_true(try_write_calls >= 1);
    /* 2000 frames: at most one writev per 64 of them. */
    assert_true(try_write_calls <= (SMALL_FRAMES + 63) / 64);
}

/* More than the per-turn budget still arrives, in order, over several turns. */
enum { BIG_TOTAL = 3 * TURN_BUDGET + 12345 };

static size_t write_over_budget(server_t *s, char *data, size_t len)
{
    (void)data;
    queue_pattern(s->conn, 0, BIG_TOTAL, 64 * 1024 + 7);
    return len;
}

static bool c0_got_big_total(void)
{
    return clients[0].got.len >= BIG_TOTAL;
}

static void test_output_over_the_turn_budget(void **state)
{
    (void)state;
    fx.on_data = write_over_budget;
    start_net();
    client_t *cl = connect_one(0);
    client_read(cl);
    client_send_str(cl, "go\n");
    run_until(c0_got_big_total);
    assert_pattern(&cl->got, BIG_TOTAL);
    assert_int_equal(oc_conn_queued_bytes(fx.servers[0].conn), 0);
}

/* ---- output limits --------------------------------------------------------------------- */

typedef struct writer {
    uv_timer_t timer;
    size_t next; /* pattern position */
    size_t chunk;
    int ticks;
} writer_t;

static writer_t writer;

static void on_writer_tick(uv_timer_t *t)
{
    writer_t *w = (writer_t *)t;
    oc_conn_t *c = fx.servers[0].conn;
    if (c == NULL) {
        uv_timer_stop(t);
        return;
    }
    w->ticks++;
    w->next = queue_pattern(c, w->next, w->chunk, w->chunk);
}

static void writer_start(uint64_t every_ms, size_t chunk)
{
    memset(&writer, 0, sizeof(writer));
    writer.chunk = chunk;
    uv_timer_init(&fx.loop, &writer.timer);
    uv_timer_start(&writer.timer, on_writer_tick, every_ms, every_ms);
}

static void writer_stop(void)
{
    uv_close((uv_handle_t *)&writer.timer, NULL);
}

/* A client that never reads: queued output grows past the hard limit and the connection is
 * closed at once, counted once in write_queue_drops. */
static void test_hard_limit_closes_a_client_that_never_reads(void **state)
{
    (void)state;
    fx.cfg.output_hard_limit = 256 * 1024;
    fx.cfg.output_soft_limit = 256 * 1024;
    fx.small_send_buffer = true;
    start_net();
    client_t *cl = connect_one(4096);
    writer_start(1, 32 * 1024);
    run_until(s0_closed);
    writer_stop();
    assert_int_equal(oc_metrics.write_queue_drops, fx.metrics_before.write_queue_drops + 1);
    assert_int_equal(fx.servers[0].closes, 1);
    /* Not before the queue could have passed the limit. */
    assert_true(writer.next > 256 * 1024);
    /* The client sees the end of the stream once it reads, with a prefix of the bytes. */
    client_read(cl);
    run_until(c0_eof_or_error);
    assert_true(cl->got.len < writer.next);
    for (size_t i = 0; i < cl->got.len; i++)
        assert_int_equal((uint8_t)cl->got.data[i], pattern_byte(i));
    assert_int_equal(oc_net_conn_count(fx.net), 0);
}

static uint64_t soft_first_write_at;

static size_t write_over_soft(server_t *s, char *data, size_t len)
{
    (void)data;
    soft_first_write_at = uv_now(&fx.loop);
    queue_pattern(s->conn, 0, 512 * 1024, 32 * 1024);
    assert_int_not_equal(s->conn->soft_since, 0);
    return len;
}

static bool writer_ticked_4(void)
{
    return writer.ticks >= 4;
}

/* Above the soft limit for output_soft_seconds: closed at the next write after that. */
static void test_soft_limit_closes_after_the_soft_time(void **state)
{
    (void)state;
    fx.cfg.output_soft_limit = 64 * 1024;
    fx.cfg.output_soft_seconds = 1;
    fx.small_send_buffer = true;
    fx.on_data = write_over_soft;
    start_net();
    client_t *cl = connect_one(4096);
    client_send_str(cl, "go\n");
    run_until(s0_has_data);
    writer_start(100, 1);
    /* Still open after a few small writes well within the second. */
    run_until(writer_ticked_4);
    assert_non_null(fx.servers[0].conn);
    assert_true(oc_conn_queued_bytes(fx.servers[0].conn) > 64 * 1024);
    assert_int_equal(oc_metrics.write_queue_drops, fx.metrics_before.write_queue_drops);
    run_until(s0_closed);
    writer_stop();
    uint64_t held = fx.servers[0].closed_at - soft_first_write_at;
    assert_true(held >= 1000);
    assert_true(held < 2500);
    assert_int_equal(oc_metrics.write_queue_drops, fx.metrics_before.write_queue_drops + 1);
}

static size_t want_bytes;

static bool c0_got_want_and_s0_idle(void)
{
    return clients[0].got.len >= want_bytes && oc_conn_queued_bytes(fx.servers[0].conn) == 0;
}

/* Going back under the soft limit resets the clock. */
static void test_soft_limit_clock_resets_below_the_limit(void **state)
{
    (void)state;
    fx.cfg.output_soft_limit = 64 * 1024;
    fx.cfg.output_soft_seconds = 0; /* the second write above the limit closes */
    start_net();
    client_t *cl = connect_one(0);
    client_read(cl);
    oc_conn_t *c = fx.servers[0].conn;
    queue_pattern(c, 0, 100 * 1024, 100 * 1024);
    assert_int_not_equal(c->soft_since, 0);
    /* The client reads everything: the queue empties and the clock stops. */
    want_bytes = 100 * 1024;
    run_until(c0_got_want_and_s0_idle);
    assert_int_equal(c->soft_since, 0);
    assert_false(oc_conn_closing(c));
    queue_pattern(c, 100 * 1024, 100 * 1024, 100 * 1024);
    assert_false(oc_conn_closing(c)); /* above the limit again: the clock starts over */
    queue_pattern(c, 200 * 1024, 1, 1);
    assert_true(oc_conn_closing(c)); /* second write above it, zero seconds later: closed */
    run_until(s0_closed);
    assert_int_equal(oc_metrics.write_queue_drops, fx.metrics_before.write_queue_drops + 1);
}

/* ---- read pausing ---------------------------------------------------------------------- */

static size_t pause_total;

static size_t write_over_pause_mark(server_t *s, char *data, size_t len)
{
    if (memcmp(data, "fill\n", 5) == 0) {
        queue_pattern(s->conn, 0, pause_total, 16 * 1024);
        assert_true(s->conn->flags & F_PAUSE_OUT);
        assert_false(s->conn->flags & F_READING);
        return 5;
    }
    return consume_lines(s, data, len);
}

static bool c0_got_pause_total(void)
{
    return clients[0].got.len >= pause_total;
}

static bool s0_got_ping_line(void)
{
    return fx.servers[0].lines.len > 0;
}

static void test_reading_pauses_above_the_mark_and_resumes_after_drain(void **state)
{
    (void)state;
    fx.cfg.read_pause_bytes = 64 * 1024;
    fx.small_send_buffer = true;
    fx.on_data = write_over_pause_mark;
    pause_total = 1024 * 1024;
    start_net();
    client_t *cl = connect_one(4096);
    client_send_str(cl, "fill\n");
    run_until(s0_has_data);
    oc_conn_t *c = fx.servers[0].conn;
    assert_int_equal(oc_metrics.read_pauses, fx.metrics_before.read_pauses + 1);
    /* Input sent now is not read while the queue stays above the mark. */
    client_send_str(cl, "ping\n");
    run_for(30);
    assert_int_equal(fx.servers[0].data_calls, 1);
    assert_true(oc_conn_queued_bytes(c) > 64 * 1024);
    assert_true(c->flags & F_PAUSE_OUT);
    assert_int_equal(fx.servers[0].drains, 0);
    /* Once the client reads, the queue drains below half the mark, on_drain runs and the
     * waiting input is read. */
    client_read(cl);
    run_until(s0_got_ping_line);
    assert_int_equal(fx.servers[0].drains, 1);
    assert_false(c->flags & F_PAUSE_OUT);
    assert_true(c->flags & F_READING);
    assert_true(oc_conn_queued_bytes(c) <= 32 * 1024);
    assert_memory_equal(fx.servers[0].lines.data, "ping|", 5);
    run_until(c0_got_pause_total);
    assert_pattern(&cl->got, pause_total);
    assert_int_equal(oc_metrics.read_pauses, fx.metrics_before.read_pauses + 1);
}

/* ---- closing --------------------------------------------------------------------------- */

static size_t flush_total;

static size_t write_then_close_after_flush(server_t *s, char *data, size_t len)
{
    (void)data;
    queue_pattern(s->conn, 0, flush_total, 48 * 1024);
    oc_conn_close_after_flush(s->conn);
    assert_true(oc_conn_closing(s->conn));
    /* Output after the close request is dropped, and so is further input. */
    oc_conn_write_copy(s->conn, "late", 4);
    oc_conn_write_frame_owned(s->conn, oc_frame_from("x", 1), 0, 1);
    assert_int_equal(oc_conn_queued_bytes(s->conn), flush_total);
    oc_conn_close_after_flush(s->conn); /* twice is harmless */
    return len;
}

static void test_close_after_flush_delivers_then_fin(void **state)
{
    (void)state;
    fx.on_data = write_then_close_after_flush;
    flush_total = 600 * 1024 + 3;
    start_net();
    client_t *cl = connect_one(0);
    client_read(cl);
    client_send_str(cl, "bye\n");
    run_until(c0_eof_or_error);
    assert_true(cl->eof);
    assert_int_equal(cl->read_error, 0);
    assert_pattern(&cl->got, flush_total);
    /* The server half-closed and waits for the client's FIN before letting go. */
    assert_int_equal(fx.servers[0].closes, 0);
    oc_conn_t *c = fx.servers[0].conn;
    assert_true(c->flags & F_SHUT);
    client_send_str(cl, "ignored\n"); /* read and discarded */
    client_close(cl);
    run_until(s0_closed);
    assert_int_equal(fx.servers[0].data_calls, 1);
}

static size_t close_after_flush_stuck(server_t *s, char *data, size_t len)
{
    (void)data;
    queue_pattern(s->conn, 0, 1024 * 1024, 64 * 1024);
    oc_conn_close_after_flush(s->conn);
    return len;
}

/* A client that never reads cannot hold a closing connection beyond the linger time. */
static void test_close_after_flush_gives_up_after_linger(void **state)
{
    (void)state;
    fx.cfg.linger_ms = 40;
    fx.small_send_buffer = true;
    fx.on_data = close_after_flush_stuck;
    start_net();
    client_t *cl = connect_one(4096);
    uint64_t start = uv_now(&fx.loop);
    client_send_str(cl, "bye\n");
    run_until(s0_closed);
    uint64_t took = fx.servers[0].closed_at - start;
    assert_true(took >= 40);
    assert_true(took < 2000);
    /* Not an output-limit drop. */
    assert_int_equal(oc_metrics.write_queue_drops, fx.metrics_before.write_queue_drops);
    client_read(cl);
    run_until(c0_eof_or_error);
    assert_true(cl->got.len < 1024 * 1024);
}

static size_t close_many_ways(server_t *s, char *data, size_t len)
{
    (void)data;
    oc_conn_write_copy(s->conn, "dropped", 7);
    oc_conn_close(s->conn);
    oc_conn_close(s->conn);
    oc_conn_close_after_flush(s->conn);
    assert_int_equal(oc_conn_queued_bytes(s->conn), 7); /* freed with the connection */
    return len;
}

/* on_close runs once however many times and ways a close is requested, even with the peer
 * closing at the same moment. */
static void test_on_close_runs_exactly_once(void **state)
{
    (void)state;
    fx.on_data = close_many_ways;
    start_net();
    client_t *cl = connect_one(0);
    client_read(cl);
    client_send_str(cl, "x");
    client_close(cl);
    run_until(s0_closed);
    run_for(20);
    assert_int_equal(fx.servers[0].closes, 1);
    assert_int_equal(oc_net_conn_count(fx.net), 0);
    assert_int_equal(oc_metrics.write_queue_drops, fx.metrics_before.write_queue_drops);
}

static bool c0_closed_and_s0_closed(void)
{
    return clients[0].closed && fx.servers[0].closes > 0;
}

static int empty_calls;

static void on_net_empty(void *arg)
{
    assert_ptr_equal(arg, &fx);
    empty_calls++;
}

/* The peer closing first: EOF, then the server's own close, then on_close and the empty
 * callback once. */
static void test_peer_close(void **state)
{
    (void)state;
    start_net();
    empty_calls = 0;
    oc_net_set_empty_cb(fx.net, on_net_empty, &fx);
    client_t *cl = connect_one(0);
    assert_int_equal(oc_net_conn_count(fx.net), 1);
    assert_int_equal(oc_metrics.connections_open, fx.metrics_before.connections_open + 1);
    client_close(cl);
    run_until(c0_closed_and_s0_closed);
    run_for(10);
    assert_int_equal(fx.servers[0].closes, 1);
    assert_int_equal(empty_calls, 1);
    assert_int_equal(oc_net_conn_count(fx.net), 0);
}

/* ---- input ----------------------------------------------------------------------------- */

static int split_step;

/* Each reply is sent only after the server has seen the previous piece, so every piece
 * arrives in its own read. */
static size_t lines_then_send_next(server_t *s, char *data, size_t len)
{
    size_t used = consume_lines(s, data, len);
    static const char *const pieces[] = {"lo\nwor", "ld\n!", NULL};
    if (pieces[split_step] != NULL)
        client_send_str(&clients[0], pieces[split_step++]);
    return used;
}

static bool s0_three_calls(void)
{
    return fx.servers[0].data_calls >= 3;
}

static void test_unconsumed_tail_is_offered_again(void **state)
{
    (void)state;
    split_step = 0;
    fx.on_data = lines_then_send_next;
    start_net();
    client_t *cl = connect_one(0);
    client_send_str(cl, "hel");
    run_until(s0_three_calls);
    run_for(10);
    server_t *s = &fx.servers[0];
    assert_int_equal(s->data_calls, 3);
    oc_buf_append_char(&s->offered, '\0');
    assert_string_equal(s->offered.data, "hel|hello\nwor|world\n!|");
    assert_memory_equal(s->lines.data, "hello|world|", 12);
    assert_int_equal(s->lines.len, 12);
    /* The tail "!" stays buffered in the connection. */
    assert_int_equal(s->conn->in.len, 1);
    assert_memory_equal(s->conn->in.data, "!", 1);
}

static server_t upgraded;
static int upgrade_calls;

static size_t after_upgrade(oc_conn_t *c, char *data, size_t len)
{
    assert_ptr_equal(c->ctx, &upgraded);
    upgrade_calls++;
    oc_buf_append(&upgraded.offered, data, len);
    return len;
}

static void upgraded_on_close(oc_conn_t *c)
{
    /* Give the fixture its usual bookkeeping. */
    server_t *s = &fx.servers[0];
    assert_ptr_equal(s->conn, c);
    s->closes++;
    s->conn = NULL;
}

static const oc_conn_handler_t upgraded_handler = {
    .name = "upgraded",
    .on_data = after_upgrade,
    .on_close = upgraded_on_close,
};

static size_t switch_on_upgrade_line(server_t *s, char *data, size_t len)
{
    assert_true(len >= 8);
    assert_memory_equal(data, "UPGRADE\n", 8);
    oc_conn_set_handler(s->conn, &upgraded_handler, &upgraded);
    return 8;
}

static bool upgraded_got_rest(void)
{
    return upgraded.offered.len >= 12;
}

/* A handler that replaces itself returns what it used; the new one gets the rest at once. */
static void test_handler_switch_offers_the_rest(void **state)
{
    (void)state;
    memset(&upgraded, 0, sizeof(upgraded));
    upgrade_calls = 0;
    fx.on_data = switch_on_upgrade_line;
    start_net();
    client_t *cl = connect_one(0);
    client_send_str(cl, "UPGRADE\nrest-of-data");
    run_until(upgraded_got_rest);
    assert_int_equal(fx.servers[0].data_calls, 1);
    assert_int_equal(upgrade_calls, 1);
    assert_int_equal(upgraded.offered.len, 12);
    assert_memory_equal(upgraded.offered.data, "rest-of-data", 12);
    oc_buf_free(&upgraded.offered);
}

static size_t one_line_then_pause(server_t *s, char *data, size_t len)
{
    char *nl = memchr(data, '\n', len);
    assert_non_null(nl);
    oc_buf_append(&s->lines, data, (size_t)(nl - data));
    oc_buf_append_char(&s->lines, '|');
    oc_conn_pause_read(s->conn);
    return (size_t)(nl - data) + 1;
}

static bool s0_two_calls(void)
{
    return fx.servers[0].data_calls >= 2;
}

/* A handler that pauses keeps the rest buffered; resuming offers it at the next safe point
 * without any new input. */
static void test_pause_and_resume_reoffer_buffered_input(void **state)
{
    (void)state;
    fx.on_data = one_line_then_pause;
    start_net();
    client_t *cl = connect_one(0);
    client_send_str(cl, "one\ntwo\nthree\n");
    run_until(s0_has_data);
    run_for(20);
    server_t *s = &fx.servers[0];
    assert_int_equal(s->data_calls, 1);
    assert_false(s->conn->flags & F_READING);
    assert_int_equal(s->conn->in.len, 10); /* "two\nthree\n" */
    oc_conn_resume_read(s->conn);
    run_until(s0_two_calls);
    run_for(20);
    assert_int_equal(s->data_calls, 2); /* paused again after "two" */
    assert_int_equal(s->lines.len, 8);
    assert_memory_equal(s->lines.data, "one|two|", 8);
    oc_conn_resume_read(s->conn);
    oc_conn_resume_read(s->conn); /* harmless */
    run_until(s0_three_calls);
    assert_memory_equal(s->lines.data, "one|two|three|", 14);
    assert_int_equal(s->conn->in.len, 0);
}

static bool handler_busy;

/* While busy, takes nothing (and does not pause): the bytes wait in the connection. */
static size_t lines_unless_busy(server_t *s, char *data, size_t len)
{
    return handler_busy ? 0 : consume_lines(s, data, len);
}

/* A busy handler that left input unconsumed gets it again after oc_conn_kick, without any
 * new bytes from the peer. */
static void test_kick_reoffers_buffered_input(void **state)
{
    (void)state;
    handler_busy = true;
    fx.on_data = lines_unless_busy;
    start_net();
    client_t *cl = connect_one(0);
    client_send_str(cl, "a\nb\n");
    run_until(s0_has_data);
    run_for(10);
    server_t *s = &fx.servers[0];
    assert_int_equal(s->data_calls, 1);
    assert_int_equal(s->conn->in.len, 4);
    assert_true(s->conn->flags & F_READING); /* not paused: still reading */
    handler_busy = false;
    oc_conn_kick(s->conn);
    assert_int_equal(s->data_calls, 1); /* not from inside the caller: at the safe point */
    run_until(s0_two_calls);
    assert_int_equal(s->lines.len, 4);
    assert_memory_equal(s->lines.data, "a|b|", 4);
    assert_int_equal(s->conn->in.len, 0);
    assert_null(s->conn->in.data);
    /* Nothing buffered: a kick offers nothing. */
    oc_conn_kick(s->conn);
    run_for(10);
    assert_int_equal(s->data_calls, 2);
}

/* Input that never completes a frame is bounded by max_input_bytes. */
static void test_max_input_closes_when_exceeded_across_reads(void **state)
{
    (void)state;
    fx.cfg.max_input_bytes = 100;
    fx.on_data = consume_nothing;
    start_net();
    client_t *cl = connect_one(0);
    char chunk[60];
    memset(chunk, 'a', sizeof(chunk));
    client_send(cl, chunk, sizeof(chunk));
    run_until(s0_has_data);
    run_for(10);
    assert_non_null(fx.servers[0].conn); /* 60 <= 100: kept */
    assert_int_equal(fx.servers[0].conn->in.len, 60);
    memset(chunk, 'b', sizeof(chunk));
    client_send(cl, chunk, sizeof(chunk));
    run_until(s0_closed);
    assert_int_equal(fx.servers[0].data_calls, 2);
    /* The second offer was the kept 60 bytes plus the new 60. */
    assert_int_equal(fx.servers[0].offered.len, 60 + 1 + 120 + 1);
    assert_int_equal(fx.servers[0].offered.data[61], 'a');
    assert_int_equal(fx.servers[0].offered.data[61 + 60], 'b');
}

static void test_max_input_closes_on_one_big_read(void **state)
{
    (void)state;
    fx.cfg.max_input_bytes = 100;
    fx.on_data = consume_nothing;
    start_net();
    client_t *cl = connect_one(0);
    char chunk[101];
    memset(chunk, 'x', sizeof(chunk));
    client_send(cl, chunk, sizeof(chunk));
    run_until(s0_closed);
    assert_int_equal(fx.servers[0].data_calls, 1);
}

static void test_max_input_allows_exactly_the_limit(void **state)
{
    (void)state;
    fx.cfg.max_input_bytes = 100;
    fx.on_data = consume_nothing;
    start_net();
    client_t *cl = connect_one(0);
    char chunk[50];
    memset(chunk, 'x', sizeof(chunk));
    client_send(cl, chunk, sizeof(chunk));
    run_until(s0_has_data);
    client_send(cl, chunk, sizeof(chunk));
    run_until(s0_two_calls);
    run_for(10);
    assert_non_null(fx.servers[0].conn);
    assert_int_equal(fx.servers[0].conn->in.len, 100);
}

/* ---- deferred work --------------------------------------------------------------------- */

typedef struct deferred {
    oc_defer_t d;
    oc_conn_t *conn;
    int runs;
    size_t queued_at_run;
} deferred_t;

static deferred_t def_a, def_b, def_cancelled;

static void on_deferred(oc_defer_t *d)
{
    deferred_t *x = OC_CONTAINER_OF(d, deferred_t, d);
    x->runs++;
    x->queued_at_run = oc_conn_queued_bytes(x->conn);
    oc_conn_write_copy(x->conn, x == &def_a ? "B" : "C", 1);
    /* Deferring more from deferred work runs in the same safe point. */
    if (x == &def_a)
        oc_net_defer(x->conn->net, &def_b.d);
}

static size_t write_and_defer(server_t *s, char *data, size_t len)
{
    (void)data;
    oc_conn_write_copy(s->conn, "A", 1);
    def_a.conn = def_b.conn = def_cancelled.conn = s->conn;
    oc_net_defer(s->conn->net, &def_a.d);
    oc_net_defer(s->conn->net, &def_a.d); /* scheduled twice: runs once */
    oc_net_defer(s->conn->net, &def_cancelled.d);
    oc_defer_cancel(&def_cancelled.d);
    return len;
}

static bool c0_got_three(void)
{
    return clients[0].got.len >= 3;
}

static void test_defer_runs_before_the_flush(void **state)
{
    (void)state;
    oc_defer_init(&def_a.d, on_deferred);
    oc_defer_init(&def_b.d, on_deferred);
    oc_defer_init(&def_cancelled.d, on_deferred);
    def_a.runs = def_b.runs = def_cancelled.runs = 0;
    fx.on_data = write_and_defer;
    start_net();
    client_t *cl = connect_one(0);
    client_read(cl);
    try_write_calls = 0;
    client_send_str(cl, "go");
    run_until(c0_got_three);
    run_for(10);
    assert_int_equal(def_a.runs, 1);
    assert_int_equal(def_b.runs, 1);
    assert_int_equal(def_cancelled.runs, 0);
    /* "A" was still queued when the deferred work ran: it had not been flushed yet. */
    assert_int_equal(def_a.queued_at_run, 1);
    assert_int_equal(def_b.queued_at_run, 2);
    assert_int_equal(cl->got.len, 3);
    assert_memory_equal(cl->got.data, "ABC", 3);
    assert_int_equal(try_write_calls, 1); /* all three in one writev */
}

/* ---- accepting ------------------------------------------------------------------------- */

static bool c1_eof_or_error(void)
{
    return clients[1].eof || clients[1].read_error != 0;
}

static void test_connection_limit(void **state)
{
    (void)state;
    fx.cfg.max_connections = 1;
    start_net();
    connect_one(0);
    client_t *second = client_connect(1, 0);
    client_read(second);
    run_until(c1_eof_or_error);
    assert_int_equal(second->got.len, 0);
    assert_int_equal(oc_net_conn_count(fx.net), 1);
    assert_int_equal(fx.num_servers, 1); /* the handler never saw it */
    assert_int_equal(oc_metrics.connections_refused, fx.metrics_before.connections_refused + 1);
    assert_int_equal(oc_metrics.connections_accepted, fx.metrics_before.connections_accepted + 1);
}

static void count_conn(oc_conn_t *c, void *arg)
{
    assert_ptr_equal(c->handler, &test_handler);
    (*(int *)arg)++;
}

static bool two_accepted(void)
{
    return fx.num_servers == 2;
}

static void close_each(oc_conn_t *c, void *arg)
{
    (void)arg;
    oc_conn_close(c);
}

static bool both_closed(void)
{
    return fx.servers[0].closes == 1 && fx.servers[1].closes == 1;
}

static void test_foreach_visits_every_connection(void **state)
{
    (void)state;
    start_net();
    client_connect(0, 0);
    client_connect(1, 0);
    run_until(two_accepted);
    int n = 0;
    oc_net_foreach(fx.net, count_conn, &n);
    assert_int_equal(n, 2);
    oc_net_foreach(fx.net, close_each, NULL); /* closing from the callback is fine */
    run_until(both_closed);
    n = 0;
    oc_net_foreach(fx.net, count_conn, &n);
    assert_int_equal(n, 0);
}

/* ---- helper threads -------------------------------------------------------------------- */

/* Over one turn's budget, so some connections continue in a later turn; the server's small
 * send buffer makes most writes partial, so the rest goes through uv_write. */
enum { FAN_CLIENTS = MAX_CLIENTS, FAN_BYTES = 3 * TURN_BUDGET / 2 + 777, FAN_CHUNK = 4000 };

static size_t fan_out(server_t *s, char *data, size_t len)
{
    (void)s;
    (void)data;
    for (size_t off = 0; off < FAN_BYTES; off += FAN_CHUNK) {
        size_t n = OC_MIN((size_t)FAN_CHUNK, FAN_BYTES - off);
        oc_frame_t *f = pattern_frame(off, n); /* one frame, a reference per connection */
        for (int i = 0; i < fx.num_servers; i++)
            oc_conn_write_frame(fx.servers[i].conn, f, 0, (uint32_t)n);
        oc_frame_unref(f);
    }
    return len;
}

static bool all_fan_accepted(void)
{
    for (int i = 0; i < FAN_CLIENTS; i++)
        if (!clients[i].connected)
            return false;
    return fx.num_servers == FAN_CLIENTS;
}

static bool all_fan_received(void)
{
    for (int i = 0; i < FAN_CLIENTS; i++)
        if (clients[i].got.len < FAN_BYTES)
            return false;
    return true;
}

static void test_fan_out_written_by_helper_threads(void **state)
{
    (void)state;
    fx.cfg.write_threads = 2;
    fx.small_send_buffer = true;
    fx.on_data = fan_out;
    start_net();
    for (int i = 0; i < FAN_CLIENTS; i++)
        client_connect(i, 0);
    run_until(all_fan_accepted);
    for (int i = 0; i < FAN_CLIENTS; i++)
        client_read(&clients[i]);
    client_send_str(&clients[0], "go\n");
    run_until(all_fan_received);
    for (int i = 0; i < FAN_CLIENTS; i++) {
        assert_pattern(&clients[i].got, FAN_BYTES);
        assert_int_equal(oc_conn_queued_bytes(fx.servers[i].conn), 0);
        assert_false(fx.servers[i].conn->flags & (F_IN_WRITE | F_WRITING));
    }
    /* Not asserted: which thread wrote what is the scheduler's choice. */
    print_message("writev calls %d, on helpers %d\n", (int)try_write_calls,
                  (int)helper_write_calls);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_frames_arrive_in_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_many_small_frames_leave_in_few_writes, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_output_over_the_turn_budget, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hard_limit_closes_a_client_that_never_reads, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_soft_limit_closes_after_the_soft_time, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_soft_limit_clock_resets_below_the_limit, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_reading_pauses_above_the_mark_and_resumes_after_drain,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_close_after_flush_delivers_then_fin, setup, teardown),
        cmocka_unit_test_setup_teardown(test_close_after_flush_gives_up_after_linger, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_on_close_runs_exactly_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_peer_close, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unconsumed_tail_is_offered_again, setup, teardown),
        cmocka_unit_test_setup_teardown(test_handler_switch_offers_the_rest, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pause_and_resume_reoffer_buffered_input, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_kick_reoffers_buffered_input, setup, teardown),
        cmocka_unit_test_setup_teardown(test_max_input_closes_when_exceeded_across_reads, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_max_input_closes_on_one_big_read, setup, teardown),
        cmocka_unit_test_setup_teardown(test_max_input_allows_exactly_the_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_defer_runs_before_the_flush, setup, teardown),
        cmocka_unit_test_setup_teardown(test_connection_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fan_out_written_by_helper_threads, setup, teardown),
        cmocka_unit_test_setup_teardown(test_foreach_visits_every_connection, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
