/* Process assembly and graceful shutdown: see server.h. */
#include "app/server.h"

#include "core/alloc.h"
#include "core/errors.h"
#include "core/json_writer.h"
#include "core/log.h"
#include "core/metrics.h"
#include "core/version.h"
#include "http/response.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#define MAX_HEAD_BYTES (16 * 1024)

void oc_server_eio_config(const oc_config_t *cfg, oc_eio_config_t *out)
{
    memset(out, 0, sizeof(*out));
    out->ping_interval_ms = cfg->ping_interval_ms;
    out->ping_timeout_ms = cfg->ping_timeout_ms;
    out->max_payload = cfg->max_payload_bytes;
    out->upgrade_timeout_ms = 10000;
    out->max_buffered = cfg->output_hard_limit;
}

static void healthz(oc_http_request_t *req, void *ctx)
{
    oc_server_t *s = ctx;
    oc_buf_t out = OC_BUF_INIT;
    uint64_t up = (uv_now(s->loop) - s->started_ms) / 1000;
    oc_buf_printf(&out,
                  "{\"status\":\"%s\",\"version\":\"%s\",\"uptime_seconds\":%llu,"
                  "\"connections\":%zu}",
                  s->stopping ? "stopping" : "ok", OC_VERSION, (unsigned long long)up,
                  oc_net_conn_count(s->net));
    oc_http_reply_json(req, s->stopping ? 503 : 200, &out);
    oc_buf_free(&out);
}

static void metrics(oc_http_request_t *req, void *ctx)
{
    OC_UNUSED(ctx);
    oc_buf_t out = OC_BUF_INIT;
    oc_metrics_render(&out);
    oc_http_response_t r;
    oc_http_response_init(&r, 200, "text/plain; version=0.0.4; charset=utf-8");
    oc_http_response_header(&r, "Cache-Control", "no-store");
    oc_http_send(req, &r, out.data, out.len);
    oc_buf_free(&out);
}

int oc_server_init(oc_server_t *s, uv_loop_t *loop, const oc_config_t *cfg)
{
    memset(s, 0, sizeof(*s));
    s->loop = loop;
    s->cfg = cfg;
    s->started_ms = uv_now(loop);
    if (oc_cors_init(&s->cors, cfg->allowed_origins) != 0) {
        oc_log_error("server", "OPENCHAT_ALLOWED_ORIGINS is not a list of origins: \"%s\"",
                     cfg->allowed_origins);
        return OC_EINVAL;
    }
    oc_net_config_t nc = {
        .output_hard_limit = cfg->output_hard_limit,
        .output_soft_limit = cfg->output_soft_limit,
        .output_soft_seconds = cfg->output_soft_seconds,
        .read_pause_bytes = cfg->read_pause_bytes,
        /* A partial WebSocket frame of up to maxPayload, or a request head, may wait for
         * its end in the connection's input. */
        .max_input_bytes = OC_MAX(cfg->max_payload_bytes, (size_t)MAX_HEAD_BYTES) + 64 * 1024,
        .max_connections = cfg->max_connections,
        .linger_ms = 5000,
        .write_threads = cfg->write_threads,
    };
    s->net = oc_net_new(loop, &nc);
    oc_http_server_config_t hc = {
        .max_head_bytes = MAX_HEAD_BYTES,
        .max_body_bytes = cfg->max_body_bytes,
        .header_timeout_ms = cfg->header_timeout_ms,
        .idle_timeout_ms = cfg->idle_timeout_ms,
        .cors = &s->cors,
    };
    s->http = oc_http_server_new(loop, &hc);
    oc_http_server_route(s->http, OC_HTTP_GET, "/healthz", healthz, s);
    oc_http_server_route(s->http, OC_HTTP_GET, "/metrics", metrics, s);
    oc_metrics_start_lag_probe(loop, 500);
    /* Initialised here, started by oc_server_run: oc_server_stop may run before it (a failed
     * listen) and closes them. */
    uv_signal_init(loop, &s->sigint);
    uv_signal_init(loop, &s->sigterm);
    s->sigint.data = s->sigterm.data = s;
    uv_timer_init(loop, &s->stop_timer);
    s->stop_timer.data = s;
    return 0;
}

oc_sio_server_t *oc_server_use_sio(oc_server_t *s, const char *path, const oc_sio_config_t *sio)
{
    oc_eio_config_t ec;
    oc_server_eio_config(s->cfg, &ec);
    s->sio = oc_sio_server_new(s->net, &ec, sio);
    char pattern[256];
    snprintf(pattern, sizeof(pattern), "%s*", path);
    oc_http_server_route(s->http, OC_ROUTE_ANY_METHOD, pattern, oc_eio_handle_request,
                         oc_sio_engine(s->sio));
    return s->sio;
}

oc_eio_server_t *oc_server_use_engine(oc_server_t *s, const char *path,
                                      const oc_eio_callbacks_t *cb, void *ctx)
{
    oc_eio_config_t ec;
    oc_server_eio_config(s->cfg, &ec);
    s->eio = oc_eio_server_new(s->net, &ec, cb, ctx);
    char pattern[256];
    snprintf(pattern, sizeof(pattern), "%s*", path);
    oc_http_server_route(s->http, OC_ROUTE_ANY_METHOD, pattern, oc_eio_handle_request, s->eio);
    return s->eio;
}

void oc_server_use_static(oc_server_t *s, const char *root)
{
    s->files = oc_static_new(s->loop, root, 64u << 20);
    oc_http_server_fallback(s->http, oc_static_serve, s->files);
}

int oc_server_listen(oc_server_t *s, const char *host, int port)
{
    oc_assert(s->num_listeners < OC_SERVER_MAX_LISTENERS);
    oc_listener_t *l;
    int rc = oc_listener_start(s->net, host, port, &oc_http_conn_handler, s->http, &l);
    if (rc != 0) {
        oc_log_error("server", "cannot listen on %s port %d: %s", host, port, uv_strerror(rc));
        return rc;
    }
    s->listeners[s->num_listeners++] = l;
    oc_log_info("server", "listening on %s%s%s:%d", strchr(host, ':') ? "[" : "", host,
                strchr(host, ':') ? "]" : "", oc_listener_port(l));
    return 0;
}

/* ---- stopping -------------------------------------------------------------------------- */

static void close_conn(oc_conn_t *c, void *arg)
{
    OC_UNUSED(arg);
    oc_conn_close(c);
}

static void finish(oc_server_t *s)
{
    /* Every connection is gone: close the remaining handles so uv_run returns. */
    uv_timer_stop(&s->stop_timer);
    if (s->on_drained != NULL) {
        s->on_drained(s->on_drained_arg);
        s->on_drained = NULL;
    }
    if (s->sio)
        oc_sio_server_close(s->sio);
    if (s->eio)
        oc_eio_server_close(s->eio);
    oc_http_server_close(s->http);
    oc_net_close(s->net);
    oc_metrics_stop_lag_probe();
    uv_close((uv_handle_t *)&s->sigint, NULL);
    uv_close((uv_handle_t *)&s->sigterm, NULL);
    uv_close((uv_handle_t *)&s->stop_timer, NULL);
}

static void on_empty(void *arg)
{
    oc_server_t *s = arg;
    if (s->stopping)
        finish(s);
}

static void on_stop_timeout(uv_timer_t *t)
{
    oc_server_t *s = t->data;
    oc_log_warn("server", "shutdown timeout: closing %zu remaining connections",
                oc_net_conn_count(s->net));
    oc_net_foreach(s->net, close_conn, NULL);
}

void oc_server_stop(oc_server_t *s)
{
    if (s->stopping)
        return;
    s->stopping = true;
    oc_log_info("server", "stopping: %zu connections to close", oc_net_conn_count(s->net));
    for (int i = 0; i < s->num_listeners; i++)
        oc_listener_stop(s->listeners[i]);
    s->num_listeners = 0;
    /* HTTP first: idle keep-alive connections close now, and the answers the real-time layers
     * give below (a close packet to a waiting long-poll) say "Connection: close" and are sent
     * before their connection closes. The other order closes those connections as idle and
     * drops the answer with them. */
    oc_http_server_shutdown(s->http);
    if (s->sio)
        oc_sio_server_shutdown(s->sio);
    if (s->eio)
        oc_eio_server_shutdown(s->eio);
    oc_net_set_empty_cb(s->net, on_empty, s);
    uv_timer_start(&s->stop_timer, on_stop_timeout, s->cfg->shutdown_timeout_ms, 0);
    if (oc_net_conn_count(s->net) == 0)
        finish(s);
}

static void on_signal(uv_signal_t *h, int signum)
{
    oc_server_t *s = h->data;
    if (s->stopping) {
        oc_log_warn("server", "second signal %d: closing everything now", signum);
        oc_net_foreach(s->net, close_conn, NULL);
        return;
    }
    oc_log_info("server", "signal %d received", signum);
    oc_server_stop(s);
}

int oc_server_run(oc_server_t *s)
{
    signal(SIGPIPE, SIG_IGN);
    if (!s->stopping) {
        uv_signal_start(&s->sigint, on_signal, SIGINT);
        uv_signal_start(&s->sigterm, on_signal, SIGTERM);
    }

    uv_run(s->loop, UV_RUN_DEFAULT);
    /* Run the close callbacks and any thread-pool work still completing. */
    uv_run(s->loop, UV_RUN_DEFAULT);

    if (s->sio)
        oc_sio_server_free(s->sio);
    if (s->eio)
        oc_eio_server_free(s->eio);
    oc_http_server_free(s->http);
    oc_static_free(s->files);
    oc_net_free(s->net);
    oc_cors_free(&s->cors);
    int rc = uv_loop_close(s->loop);
    if (rc != 0)
        oc_log_warn("server", "loop closed with handles open: %s", uv_strerror(rc));
    oc_log_info("server", "stopped");
    return 0;
}
