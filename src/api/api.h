/* The REST API (/api/v1): wiring of the storage, the account machinery and every route.
 *
 * The routes themselves live one area per file (accounts.c, email.c, oidc.c, users.c,
 * friends.c, zones.c), each registering its handlers through call.h. */
#ifndef OC_API_API_H
#define OC_API_API_H

#include "core/config.h"
#include "http/server.h"
#include "store/db.h"

#include <stddef.h>
#include <uv.h>

typedef struct oc_api oc_api_t;

/* Loads the session key and the area services (mail, sign-in provider), and registers
 * every route on http. cfg, db and http are borrowed and outlive the API. Returns NULL with
 * a message in err when the configuration cannot work. */
oc_api_t *oc_api_new(uv_loop_t *loop, const oc_config_t *cfg, oc_db_t *db, oc_http_server_t *http,
                     char *err, size_t err_len);
void oc_api_free(oc_api_t *api);

#endif
