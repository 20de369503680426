/* libFuzzer harness for what turns a request target into names: query parameters,
 * percent-decoding, static-file path normalisation and route matching. Invariants: slices
 * stay inside the input, a normalised path never has a segment starting with a dot (so no
 * ".." or hidden names), a NUL or a backslash, and decoding never reads past the input. */
#include "core/alloc.h"
#include "core/buf.h"
#include "http/parser.h"
#include "http/router.h"
#include "http/static_files.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void noop(oc_http_request_t *req, void *ctx)
{
    (void)req;
    (void)ctx;
}

static oc_router_t *router(void)
{
    static oc_router_t *r;
    if (r == NULL) {
        r = oc_router_new();
        oc_router_add(r, OC_HTTP_GET, "/api/v1/zones/:id", noop, NULL);
        oc_router_add(r, OC_HTTP_POST, "/api/v1/zones/:id/channels/:channel", noop, NULL);
        oc_router_add(r, OC_ROUTE_ANY_METHOD, "/socket.io/*", noop, NULL);
    }
    return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* An exact-size copy, so any read past the end is caught. */
    char *in = malloc(size ? size : 1);
    memcpy(in, data, size);
    const char *q = memchr(in, '?', size);
    size_t path_len = q ? (size_t)(q - in) : size;

    char *rel = NULL;
    if (oc_static_normalize(in, path_len, &rel) == 0) {
        oc_assert(rel[0] != '.' && strstr(rel, "/.") == NULL);
        oc_assert(strchr(rel, '\\') == NULL);
        oc_assert(strlen(rel) <= path_len);
        free(rel);
    }

    oc_buf_t out = OC_BUF_INIT;
    if (oc_http_url_decode(in, size, size & 1, &out) == 0)
        oc_assert(out.len <= size);
    oc_buf_free(&out);

    if (q != NULL) {
        const char *v;
        size_t vlen;
        static const char *const names[] = {"EIO", "transport", "sid", "t", ""};
        for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
            if (oc_http_query_get(q + 1, size - path_len - 1, names[i], &v, &vlen))
                oc_assert(v >= q + 1 && v + vlen <= in + size);
        }
    }

    oc_route_match_t m;
    if (oc_router_match(router(), (oc_http_method_t)(size % 7), in, path_len, &m) == 0) {
        for (size_t i = 0; i < m.num_params; i++)
            oc_assert(m.params[i].value >= in &&
                      m.params[i].value + m.params[i].value_len <= in + path_len);
    }
    free(in);
    return 0;
}
