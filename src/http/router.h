/* Maps a method and a path to a handler.
 *
 * Patterns are literal segments and ":name" parameters ("/api/v1/zones/:id/members"); a
 * last segment of a single star matches a whole prefix (Engine.IO's path). Routes are tried in the
 * order they were added; HEAD matches GET routes. The router never allocates while matching. */
#ifndef OC_HTTP_ROUTER_H
#define OC_HTTP_ROUTER_H

#include "http/request.h"

typedef struct oc_router oc_router_t;

#define OC_ROUTE_ANY_METHOD (-1)

typedef struct oc_route_match {
    oc_http_handler_fn fn;
    void *ctx;
    oc_http_param_t params[OC_HTTP_MAX_PARAMS];
    size_t num_params;
    unsigned allowed; /* bit (1 << method) for each method the path accepts (405 answers) */
} oc_route_match_t;

oc_router_t *oc_router_new(void);
void oc_router_free(oc_router_t *r);
/* Adds a route; method is an oc_http_method_t or OC_ROUTE_ANY_METHOD. The pattern is copied;
 * ctx is borrowed. Returns 0 or OC_EINVAL for a malformed pattern. */
int oc_router_add(oc_router_t *r, int method, const char *pattern, oc_http_handler_fn fn,
                  void *ctx);
/* 0 with m filled; OC_ENOENT when no pattern matches the path; OC_EPERM when a pattern
 * matches but not for this method (m->allowed says which methods would). */
int oc_router_match(const oc_router_t *r, oc_http_method_t method, const char *path, size_t len,
                    oc_route_match_t *m);
/* "GET, POST" for an allowed mask, into out. */
void oc_router_allow_header(unsigned allowed, char *out, size_t out_len);

#endif
