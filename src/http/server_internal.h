/* Private glue between the HTTP connection code (server.c) and response writing
 * (response.c). Nothing outside src/http includes this. */
#ifndef OC_HTTP_SERVER_INTERNAL_H
#define OC_HTTP_SERVER_INTERNAL_H

#include "core/frame.h"
#include "http/request.h"

#include <stdbool.h>

/* Whether the response to req may keep the connection open. */
bool oc__http_conn_keep_alive(const oc_http_request_t *req);
/* Queues head (owned reference) and body (borrowed reference, may be NULL) on req's
 * connection, frees req and readies the connection for the next request. */
void oc__http_conn_finish(oc_http_request_t *req, oc_frame_t *head, oc_frame_t *body, uint32_t off,
                          uint32_t len, bool keep_alive);

#endif
