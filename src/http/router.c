/* Method + path routing: see router.h. */
#include "http/router.h"

#include "core/alloc.h"
#include "core/errors.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SEGMENTS 16

typedef struct segment {
    char *text; /* literal text, or the parameter name without ':' */
    size_t len;
    bool param;
} segment_t;

typedef struct route {
    int method;
    segment_t segs[MAX_SEGMENTS];
    size_t num_segs;
    bool prefix; /* the last pattern segment was a lone star */
    oc_http_handler_fn fn;
    void *ctx;
} route_t;

struct oc_router {
    route_t *routes;
    size_t count;
};

oc_router_t *oc_router_new(void)
{
    return oc_xcalloc(1, sizeof(oc_router_t));
}

void oc_router_free(oc_router_t *r)
{
    if (r == NULL)
        return;
    for (size_t i = 0; i < r->count; i++) {
        for (size_t j = 0; j < r->routes[i].num_segs; j++)
            free(r->routes[i].segs[j].text);
    }
    free(r->routes);
    free(r);
}

int oc_router_add(oc_router_t *r, int method, const char *pattern, oc_http_handler_fn fn, void *ctx)
{
    if (pattern[0] != '/')
        return OC_EINVAL;
    route_t rt = {.method = method, .fn = fn, .ctx = ctx};
    const char *p = pattern + 1;
    size_t params = 0;
    while (*p) {
        const char *end = strchr(p, '/');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == 1 && *p == '*' && end == NULL) {
            rt.prefix = true;
            break;
        }
        if (rt.num_segs == MAX_SEGMENTS || len == 0)
            goto fail;
        segment_t *s = &rt.segs[rt.num_segs++];
        s->param = *p == ':';
        if (s->param && (len == 1 || ++params > OC_HTTP_MAX_PARAMS))
            goto fail;
        s->text = oc_xstrndup(p + s->param, len - s->param);
        s->len = len - s->param;
        p += len;
        if (*p == '/')
            p++;
    }
    r->routes = oc_xrealloc(r->routes, (r->count + 1) * sizeof(route_t));
    r->routes[r->count++] = rt;
    return 0;
fail:
    for (size_t j = 0; j < rt.num_segs; j++)
        free(rt.segs[j].text);
    return OC_EINVAL;
}

/* Matches path against rt's segments, collecting parameters into m. */
static bool path_matches(const route_t *rt, const char *path, size_t len, oc_route_match_t *m)
{
    const char *p = path + 1, *end = path + len;
    m->num_params = 0;
    for (size_t i = 0; i < rt->num_segs; i++) {
        if (p > end)
            return false;
        const char *slash = memchr(p, '/', (size_t)(end - p));
        const char *seg_end = slash ? slash : end;
        size_t seg_len = (size_t)(seg_end - p);
        const segment_t *s = &rt->segs[i];
        if (s->param) {
            if (seg_len == 0)
                return false;
            oc_http_param_t *prm = &m->params[m->num_params++];
            prm->name = s->text;
            prm->value = p;
            prm->value_len = seg_len;
        } else if (seg_len != s->len || memcmp(p, s->text, seg_len) != 0) {
            return false;
        }
        p = seg_end + 1;
    }
    if (rt->prefix)
        return p <= end || (rt->num_segs == 0 && len >= 1);
    /* Exact match: nothing left, allowing one trailing slash. */
    return p >= end;
}

int oc_router_match(const oc_router_t *r, oc_http_method_t method, const char *path, size_t len,
                    oc_route_match_t *m)
{
    if (len == 0 || path[0] != '/')
        return OC_ENOENT;
    oc_http_method_t want = method == OC_HTTP_HEAD ? OC_HTTP_GET : method;
    m->allowed = 0;
    bool path_found = false;
    for (size_t i = 0; i < r->count; i++) {
        const route_t *rt = &r->routes[i];
        if (!path_matches(rt, path, len, m))
            continue;
        if (rt->method == OC_ROUTE_ANY_METHOD || rt->method == (int)want ||
            rt->method == (int)method) {
            m->fn = rt->fn;
            m->ctx = rt->ctx;
            return 0;
        }
        path_found = true;
        m->allowed |= 1u << rt->method;
        if (rt->method == OC_HTTP_GET)
            m->allowed |= 1u << OC_HTTP_HEAD;
    }
    m->num_params = 0;
    return path_found ? OC_EPERM : OC_ENOENT;
}

void oc_router_allow_header(unsigned allowed, char *out, size_t out_len)
{
    size_t n = 0;
    out[0] = '\0';
    for (int m = 0; m <= OC_HTTP_OTHER && n < out_len; m++) {
        if (allowed & (1u << m))
            n += (size_t)snprintf(out + n, out_len - n, "%s%s", n ? ", " : "",
                                  oc_http_method_name((oc_http_method_t)m));
    }
}
