/* Which origins may talk to the server from a browser.
 *
 * One allow-list serves three checks: CORS response headers on REST and long-polling,
 * preflight answers, and the Origin check of the WebSocket handshake. Same-origin requests
 * (Origin equal to the request's own scheme://Host) are always allowed. "*" allows any
 * origin, but then without credentials, as the CORS specification requires. */
#ifndef OC_HTTP_CORS_H
#define OC_HTTP_CORS_H

#include <stdbool.h>
#include <stddef.h>

typedef struct oc_cors {
    char **origins; /* owned, normalised: scheme://host[:port], lower case, no trailing '/' */
    size_t count;
    bool any;
} oc_cors_t;

/* Parses a comma-separated list ("https://a.example, http://localhost:5173" or "*").
 * Returns 0 or OC_EINVAL for an entry that is not an origin. */
int oc_cors_init(oc_cors_t *cors, const char *list);
void oc_cors_free(oc_cors_t *cors);
typedef enum { OC_CORS_NONE = 0, OC_CORS_ANY, OC_CORS_LISTED } oc_cors_match_t;

/* Whether origin may call: OC_CORS_LISTED if it is in the list, OC_CORS_ANY if only "*"
 * lets it in (no credentials then), OC_CORS_NONE otherwise. */
oc_cors_match_t oc_cors_match(const oc_cors_t *cors, const char *origin, size_t len);
/* True if origin is http(s)://<host> for the given Host header value. */
bool oc_cors_same_origin(const char *origin, size_t origin_len, const char *host, size_t host_len);

#endif
