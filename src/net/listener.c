/* Listening sockets: see listener.h. */
#include "net/listener.h"

#include "core/alloc.h"
#include "core/log.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

struct oc_listener {
    uv_tcp_t tcp;
    oc_net_t *net;
    const oc_conn_handler_t *handler;
    void *ctx;
    int port;
};

static void on_connection(uv_stream_t *server, int status)
{
    oc_listener_t *l = server->data;
    if (status < 0) {
        oc_log_warn("net", "accept failed: %s", uv_strerror(status));
        return;
    }
    int rc = oc_net_accept(l->net, server, l->handler, l->ctx);
    if (rc < 0)
        oc_log_warn("net", "accept failed: %s", uv_strerror(rc));
}

static void free_listener(uv_handle_t *h)
{
    free(h->data);
}

int oc_listener_start(oc_net_t *net, const char *host, int port, const oc_conn_handler_t *handler,
                      void *ctx, oc_listener_t **out)
{
    struct sockaddr_storage addr;
    int rc;
    if (strchr(host, ':') != NULL)
        rc = uv_ip6_addr(host, port, (struct sockaddr_in6 *)&addr);
    else
        rc = uv_ip4_addr(host, port, (struct sockaddr_in *)&addr);
    if (rc != 0)
        return rc;
    oc_listener_t *l = oc_xcalloc(1, sizeof(*l));
    l->net = net;
    l->handler = handler;
    l->ctx = ctx;
    uv_tcp_init(oc_net_loop(net), &l->tcp);
    l->tcp.data = l;
    /* An IPv6 listener accepts only IPv6, so "::1" and "127.0.0.1" can share a port. */
    unsigned flags = addr.ss_family == AF_INET6 ? UV_TCP_IPV6ONLY : 0;
    rc = uv_tcp_bind(&l->tcp, (struct sockaddr *)&addr, flags);
    if (rc == 0)
        rc = uv_listen((uv_stream_t *)&l->tcp, 4096, on_connection);
    if (rc != 0) {
        uv_close((uv_handle_t *)&l->tcp, free_listener);
        return rc;
    }
    struct sockaddr_storage bound;
    int len = sizeof(bound);
    uv_tcp_getsockname(&l->tcp, (struct sockaddr *)&bound, &len);
    l->port = ntohs(bound.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&bound)->sin6_port
                                                : ((struct sockaddr_in *)&bound)->sin_port);
    *out = l;
    return 0;
}

int oc_listener_port(const oc_listener_t *l)
{
    return l->port;
}

void oc_listener_stop(oc_listener_t *l)
{
    if (l == NULL)
        return;
    uv_close((uv_handle_t *)&l->tcp, free_listener);
}

void oc_raise_fd_limit(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
}
