/* Listening sockets that feed accepted connections to the connection layer.
 *
 * One listener per address; the server listens on the configured host, the protocol
 * fixture on both 127.0.0.1 and ::1. A listener only accepts: what a connection speaks is
 * decided by the handler it is given. */
#ifndef OC_NET_LISTENER_H
#define OC_NET_LISTENER_H

#include "net/conn.h"

typedef struct oc_listener oc_listener_t;

/* Binds host:port (IPv4 or IPv6 literal; port 0 picks a free port) and starts accepting.
 * Accepted connections start with `handler`/`ctx` (borrowed; must outlive the listener's
 * connections). On success *out is the listener. Returns 0 or a libuv error. */
int oc_listener_start(oc_net_t *net, const char *host, int port, const oc_conn_handler_t *handler,
                      void *ctx, oc_listener_t **out);
/* The port actually bound (useful with port 0). */
int oc_listener_port(const oc_listener_t *l);
/* Stops accepting and frees the listener (asynchronously). NULL-safe. */
void oc_listener_stop(oc_listener_t *l);

/* Raises the open-file limit to its hard maximum so many connections fit. */
void oc_raise_fd_limit(void);

#endif
