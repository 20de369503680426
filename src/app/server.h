/* The assembled server process: listeners, connections, HTTP, real time, shutdown.
 *
 * Both programs (openchat and openchat-fixture) are this plus their own routes and
 * namespaces. It wires the layers together from the configuration, serves /healthz and
 * /metrics, and runs the graceful stop on SIGINT/SIGTERM: stop accepting, close real-time
 * sessions with a proper close (WebSocket close frame 1001, long-polling close packet), let
 * HTTP responses finish, drain output, then exit 0 (or cut what is left after the shutdown
 * timeout). */
#ifndef OC_APP_SERVER_H
#define OC_APP_SERVER_H

#include "core/config.h"
#include "http/cors.h"
#include "http/server.h"
#include "http/static_files.h"
#include "net/conn.h"
#include "net/listener.h"
#include "rt/eio.h"
#include "rt/sio.h"

#include <uv.h>

#define OC_SERVER_MAX_LISTENERS 4

typedef struct oc_server {
    uv_loop_t *loop;
    const oc_config_t *cfg; /* borrowed */
    oc_net_t *net;
    oc_cors_t cors;
    oc_http_server_t *http;
    oc_sio_server_t *sio; /* when real time is served through Socket.IO */
    oc_eio_server_t *eio; /* a bare Engine.IO server (the protocol fixture) */
    oc_static_t *files;
    oc_listener_t *listeners[OC_SERVER_MAX_LISTENERS];
    int num_listeners;
    uv_signal_t sigint, sigterm;
    uv_timer_t stop_timer;
    bool stopping;
    uint64_t started_ms;
    /* Called once every connection is gone, before the loop's handles close: the place to
     * stop services that still run loop callbacks (the database pool). */
    void (*on_drained)(void *arg);
    void *on_drained_arg;
} oc_server_t;

/* Sets up connections and HTTP (with /healthz and /metrics) from cfg (borrowed; outlives
 * the server). Returns 0 or OC_EINVAL (bad allowed-origins list, message logged). */
int oc_server_init(oc_server_t *s, uv_loop_t *loop, const oc_config_t *cfg);
/* Serves Socket.IO at path (e.g. "/socket.io/"). */
oc_sio_server_t *oc_server_use_sio(oc_server_t *s, const char *path, const oc_sio_config_t *sio);
/* Serves a bare Engine.IO server at path with the given callbacks. */
oc_eio_server_t *oc_server_use_engine(oc_server_t *s, const char *path,
                                      const oc_eio_callbacks_t *cb, void *ctx);
/* Serves the files under root for GET/HEAD requests no route takes. */
void oc_server_use_static(oc_server_t *s, const char *root);
/* Listens on host:port. Returns 0 or a libuv error (logged). */
int oc_server_listen(oc_server_t *s, const char *host, int port);
/* Runs the loop until the server stops; tears everything down. Returns the exit status. */
int oc_server_run(oc_server_t *s);
/* Starts the graceful stop (what SIGINT/SIGTERM do). */
void oc_server_stop(oc_server_t *s);

/* The Engine.IO settings the configuration implies. */
void oc_server_eio_config(const oc_config_t *cfg, oc_eio_config_t *out);

#endif
