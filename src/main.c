/* openchat: the OpenChat server.
 *
 * Reads the configuration (flags over environment over defaults, see --help), opens the
 * database (SQLite in the data folder, or PostgreSQL with DATABASE_URL), serves the REST API,
 * the real-time Socket.IO endpoint and the web client on one port, and stops gracefully on
 * SIGINT/SIGTERM. */
#include "api/api.h"
#include "app/server.h"
#include "auth/gate.h"
#include "core/alloc.h"
#include "core/config.h"
#include "core/id.h"
#include "core/log.h"
#include "live/live.h"
#include "store/db.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* mkdir -p for the data folder. */
static int make_dir(const char *path)
{
    char buf[4096];
    snprintf(buf, sizeof(buf), "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            if (mkdir(buf, 0700) != 0 && errno != EEXIST)
                return -1;
            *p = '/';
        }
    }
    return mkdir(buf, 0700) != 0 && errno != EEXIST ? -1 : 0;
}

typedef struct app {
    oc_db_t *db;
    oc_live_t *live;
} app_t;

/* Every connection is gone: stop the live layer's timers, then finish the database's jobs. */
static void drained(void *arg)
{
    app_t *app = arg;
    oc_live_close(app->live);
    oc_db_close(app->db);
}

int main(int argc, char **argv)
{
    oc_config_t cfg;
    int rc = oc_config_load(&cfg, argc, argv, stdout, stderr);
    if (rc != 0) {
        oc_config_free(&cfg);
        return rc > 0 ? 0 : 2;
    }
    oc_log_set_level(cfg.log_level);
    umask(0077); /* the database, keys and uploads are this user's alone */
    if (sodium_init() < 0) {
        oc_log_error("main", "libsodium failed to initialise");
        return 1;
    }
    oc_raise_fd_limit();
    oc_id_set_node(cfg.node_id);
    if (make_dir(cfg.data_dir) != 0) {
        oc_log_error("main", "cannot create the data folder %s: %s", cfg.data_dir, strerror(errno));
        oc_config_free(&cfg);
        return 1;
    }

    uv_loop_t *loop = uv_default_loop();
    char err[1024] = "";
    char db_path[4200];
    snprintf(db_path, sizeof(db_path), "%s/openchat.db", cfg.data_dir);
    oc_db_config_t dbc = {
        .url = *cfg.database_url ? cfg.database_url : NULL,
        .path = db_path,
        .readers = cfg.db_readers,
    };
    oc_db_t *db = NULL;
    if (oc_db_open(loop, &dbc, &db, err, sizeof(err)) != 0) {
        oc_log_error("main", "%s", err);
        oc_config_free(&cfg);
        return 1;
    }

    app_t app = {.db = db};
    oc_server_t server;
    if (oc_server_init(&server, loop, &cfg) != 0) {
        oc_db_close(db);
        uv_run(loop, UV_RUN_DEFAULT);
        oc_config_free(&cfg);
        return 2;
    }
    server.on_drained = drained;
    server.on_drained_arg = &app;
    oc_gate_t *gate = oc_gate_new(db, cfg.jwt_secret, cfg.data_dir, err, sizeof(err));
    oc_api_t *api = gate ? oc_api_new(loop, &cfg, db, gate, server.http, err, sizeof(err)) : NULL;
    oc_sio_config_t sio = {
        .connect_timeout_ms = cfg.connect_timeout_ms,
        .ack_timeout_ms = cfg.ack_timeout_ms,
        .recovery_window_ms = cfg.recovery_window_ms,
    };
    oc_sio_server_t *rt = oc_server_use_sio(&server, "/socket.io/", &sio);
    if (api != NULL)
        app.live = oc_live_new(loop, &cfg, db, gate, rt, err, sizeof(err));
    if (app.live == NULL) {
        oc_log_error("main", "%s", err);
        oc_server_stop(&server);
        oc_server_run(&server);
        oc_api_free(api);
        oc_gate_free(gate);
        oc_config_free(&cfg);
        return 2;
    }
    oc_api_set_live(api, app.live);
    oc_server_use_static(&server, cfg.web_root);
    rc = oc_server_listen(&server, cfg.host, cfg.port) != 0 ? 1 : 0;
    if (rc != 0)
        oc_server_stop(&server);
    int run_rc = oc_server_run(&server);
    oc_live_free(app.live);
    oc_api_free(api);
    oc_gate_free(gate);
    oc_config_free(&cfg);
    return rc != 0 ? rc : run_rc;
}
