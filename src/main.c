/* openchat: the OpenChat server.
 *
 * Reads the configuration (flags over environment over defaults, see --help), serves the
 * REST API, the real-time Socket.IO endpoint and the web client on one port, and stops
 * gracefully on SIGINT/SIGTERM. */
#include "app/server.h"
#include "core/alloc.h"
#include "core/config.h"
#include "core/log.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    oc_config_t cfg;
    int rc = oc_config_load(&cfg, argc, argv, stdout, stderr);
    if (rc != 0) {
        oc_config_free(&cfg);
        return rc > 0 ? 0 : 2;
    }
    oc_log_set_level(cfg.log_level);
    if (sodium_init() < 0) {
        oc_log_error("main", "libsodium failed to initialise");
        return 1;
    }
    oc_raise_fd_limit();

    uv_loop_t *loop = uv_default_loop();
    oc_server_t server;
    if (oc_server_init(&server, loop, &cfg) != 0) {
        oc_config_free(&cfg);
        return 2;
    }
    oc_sio_config_t sio = {
        .connect_timeout_ms = cfg.connect_timeout_ms,
        .ack_timeout_ms = cfg.ack_timeout_ms,
        .recovery_window_ms = cfg.recovery_window_ms,
    };
    oc_sio_server_t *rt = oc_server_use_sio(&server, "/socket.io/", &sio);
    oc_sio_of(rt, "/", NULL, NULL);
    oc_server_use_static(&server, cfg.web_root);
    if (oc_server_listen(&server, cfg.host, cfg.port) != 0) {
        oc_server_stop(&server);
        oc_server_run(&server);
        oc_config_free(&cfg);
        return 1;
    }
    rc = oc_server_run(&server);
    oc_config_free(&cfg);
    return rc;
}
