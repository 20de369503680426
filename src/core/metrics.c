/* Counters and Prometheus rendering: see metrics.h. */
#include "core/metrics.h"

#include "core/alloc.h"
#include "core/frame.h"

#include <stdbool.h>

oc_metrics_t oc_metrics;

#define MAX_COLLECTORS 16

static struct {
    oc_metrics_collector_fn fn;
    void *ctx;
} collectors[MAX_COLLECTORS];
static int num_collectors;

static uv_timer_t lag_timer;
static bool lag_running;
static uint64_t lag_expected_ms;
static unsigned lag_interval_ms;

void oc_metrics_register(oc_metrics_collector_fn fn, void *ctx)
{
    oc_assert(num_collectors < MAX_COLLECTORS);
    collectors[num_collectors].fn = fn;
    collectors[num_collectors].ctx = ctx;
    num_collectors++;
}

void oc_metrics_unregister(oc_metrics_collector_fn fn, void *ctx)
{
    for (int i = 0; i < num_collectors; i++) {
        if (collectors[i].fn == fn && collectors[i].ctx == ctx) {
            collectors[i] = collectors[--num_collectors];
            return;
        }
    }
}

void oc_metrics_write(oc_buf_t *out, const char *name, const char *type, const char *help,
                      double value)
{
    oc_buf_printf(out, "# HELP %s %s\n# TYPE %s %s\n%s %.17g\n", name, help, name, type, name,
                  value);
}

void oc_metrics_render(oc_buf_t *out)
{
    const oc_metrics_t *m = &oc_metrics;
    oc_metrics_write(out, "openchat_connections_open", "gauge", "Open TCP connections.",
                     (double)m->connections_open);
    oc_metrics_write(out, "openchat_connections_accepted_total", "counter",
                     "TCP connections accepted.", (double)m->connections_accepted);
    oc_metrics_write(out, "openchat_connections_refused_total", "counter",
                     "TCP connections closed at accept because of the connection limit.",
                     (double)m->connections_refused);
    oc_metrics_write(out, "openchat_http_requests_total", "counter", "HTTP requests parsed.",
                     (double)m->http_requests);
    oc_metrics_write(out, "openchat_bytes_received_total", "counter", "Bytes read from clients.",
                     (double)m->bytes_in);
    oc_metrics_write(out, "openchat_bytes_sent_total", "counter", "Bytes written to clients.",
                     (double)m->bytes_out);
    oc_metrics_write(out, "openchat_messages_received_total", "counter",
                     "Socket.IO packets received from clients.", (double)m->messages_in);
    oc_metrics_write(out, "openchat_messages_sent_total", "counter",
                     "Socket.IO packets queued to clients, counted per recipient.",
                     (double)m->messages_out);
    oc_metrics_write(out, "openchat_write_queue_drops_total", "counter",
                     "Connections closed because their output queue exceeded a limit.",
                     (double)m->write_queue_drops);
    oc_metrics_write(out, "openchat_read_pauses_total", "counter",
                     "Times a connection stopped being read because its output queue was full.",
                     (double)m->read_pauses);
    oc_metrics_write(out, "openchat_frames_live", "gauge",
                     "Shared output frames currently referenced.", (double)oc_frame_live_count());
    oc_metrics_write(out, "openchat_event_loop_lag_seconds", "gauge",
                     "Lateness of the last event-loop lag probe.", m->loop_lag_ms / 1000.0);
    oc_metrics_write(out, "openchat_event_loop_lag_max_seconds", "gauge",
                     "Worst event-loop lag seen since start.", m->loop_lag_max_ms / 1000.0);
    for (int i = 0; i < num_collectors; i++)
        collectors[i].fn(out, collectors[i].ctx);
}

static void on_lag_timer(uv_timer_t *t)
{
    /* uv_now is the loop's cached time, updated at the start of this iteration: how far it
     * is past the due time is how long the loop was busy elsewhere. */
    uv_update_time(t->loop);
    uint64_t now = uv_now(t->loop);
    double lag = now > lag_expected_ms ? (double)(now - lag_expected_ms) : 0.0;
    oc_metrics.loop_lag_ms = lag;
    if (lag > oc_metrics.loop_lag_max_ms)
        oc_metrics.loop_lag_max_ms = lag;
    lag_expected_ms = now + lag_interval_ms;
}

void oc_metrics_start_lag_probe(uv_loop_t *loop, unsigned interval_ms)
{
    uv_timer_init(loop, &lag_timer);
    uv_unref((uv_handle_t *)&lag_timer);
    lag_interval_ms = interval_ms;
    lag_expected_ms = uv_now(loop) + interval_ms;
    uv_timer_start(&lag_timer, on_lag_timer, interval_ms, interval_ms);
    lag_running = true;
}

void oc_metrics_stop_lag_probe(void)
{
    if (lag_running) {
        uv_close((uv_handle_t *)&lag_timer, NULL);
        lag_running = false;
    }
}
