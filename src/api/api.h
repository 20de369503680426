/* The REST API (/api/v1): wiring of the storage, the account machinery and every route.
 *
 * The routes themselves live one area per file (accounts.c, email.c, oidc.c, users.c,
 * friends.c, zones.c), each registering its handlers through call.h. */
#ifndef OC_API_API_H
#define OC_API_API_H

#include "auth/gate.h"
#include "core/config.h"
#include "http/server.h"
#include "live/live.h"
#include "store/db.h"

#include <stddef.h>
#include <uv.h>

typedef struct oc_api oc_api_t;

/* Sets up the area services (mail, sign-in provider) and registers every route on http. cfg,
 * db, gate and http are borrowed and outlive the API. Returns NULL with a message in err when
 * the configuration cannot work. */
oc_api_t *oc_api_new(uv_loop_t *loop, const oc_config_t *cfg, oc_db_t *db, oc_gate_t *gate,
                     oc_http_server_t *http, char *err, size_t err_len);
/* The live layer the routes tell about changes (rooms to move, events to send). Borrowed; set
 * before the server listens. */
void oc_api_set_live(oc_api_t *api, oc_live_t *live);
void oc_api_free(oc_api_t *api);

#endif
