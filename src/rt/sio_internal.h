/* Private structures of the Socket.IO server, shared by sio_server.c (sessions, packets,
 * connects) and sio_emit.c (encoding, emits, acks, broadcasts). Nothing outside src/rt/sio_*
 * includes this. */
#ifndef OC_RT_SIO_INTERNAL_H
#define OC_RT_SIO_INTERNAL_H

#include "core/alloc.h"
#include "core/buf.h"
#include "core/map.h"
#include "core/timeouts.h"
#include "rt/recovery.h"
#include "rt/room.h"
#include "rt/sio.h"
#include "rt/sio_packet.h"

#define OC_SIO_ID_LEN 20

struct oc_sio_server {
    oc_net_t *net;
    oc_eio_server_t *eio;
    oc_sio_config_t cfg;
    oc_map_t nsps; /* name -> oc_sio_nsp_t */
    oc_timeout_list_t connect_list;
    oc_timeout_list_t ack_list;
    oc_sio_handshake_fn handshake;
    void *handshake_ctx;
    void (*client_data_free)(void *data);
    oc_buf_t scratch; /* packet encoding, reused (single thread) */
    size_t clients;
};

typedef struct oc_sio_handler {
    char *name;
    oc_sio_event_fn fn;
    void *ctx;
} oc_sio_handler_t;

struct oc_sio_nsp {
    oc_sio_server_t *srv;
    char *name;
    size_t name_len;
    const oc_sio_nsp_callbacks_t *cb;
    void *ctx;
    oc_map_t handlers; /* event name -> oc_sio_handler_t */
    oc_sio_event_fn any_fn;
    void *any_ctx;
    oc_map_t sockets; /* connected sockets by id */
    oc_room_registry_t rooms;
    oc_recovery_t *recovery; /* NULL when recovery is off */
    uint32_t bcast_gen;
};

struct oc_sio_client {
    oc_sio_server_t *srv;
    oc_eio_session_t *eio;
    oc_conn_t *conn;          /* the session's WebSocket connection, if any (on_transport) */
    oc_sio_socket_t *sockets; /* one per namespace joined or joining */
    oc_timeout_t connect_deadline;
    void *data;
    /* A BINARY_EVENT/BINARY_ACK waiting for its attachments. */
    char *pending;
    size_t pending_len;
    oc_sio_attachment_t *atts; /* owned copies */
    uint32_t atts_have;
    uint32_t atts_need;
};

enum { OC_SIO_CONNECTING, OC_SIO_CONNECTED, OC_SIO_DISCONNECTED };

typedef struct oc_sio_pending_ack {
    struct oc_sio_pending_ack *next;
    oc_sio_socket_t *socket;
    int64_t id;
    oc_sio_ack_fn fn;
    void *ctx;
    oc_timeout_t deadline;
} oc_sio_pending_ack_t;

struct oc_sio_socket {
    oc_room_member_t member; /* first: a broadcast reaches mark, state and conn on one line */
    uint8_t state;
    bool recovered;
    oc_conn_t *conn;       /* the client's WebSocket connection: frames go straight to it */
    oc_eio_session_t *eio; /* the client's session, for everything else */
    char id[OC_SIO_ID_LEN + 1];
    char pid[OC_SIO_ID_LEN + 1]; /* private session id, with recovery on */
    uint32_t refs;
    oc_sio_nsp_t *nsp;
    oc_sio_client_t *client; /* NULL once disconnected */
    oc_sio_socket_t *next;   /* in client->sockets */
    void *data;
    char *auth; /* CONNECT payload, kept until the connect is decided */
    size_t auth_len;
    oc_sio_pending_ack_t *acks;
    int64_t next_ack_id;
};

static inline oc_sio_socket_t *oc__sio_member_socket(oc_room_member_t *m)
{
    return OC_CONTAINER_OF(m, oc_sio_socket_t, member);
}

/* sio_emit.c */
/* Encodes head + [event, args(, "offset")] into srv->scratch (reset first). */
void oc__sio_encode_event(oc_sio_nsp_t *nsp, oc_sio_type_t type, uint32_t num_att, int64_t ack_id,
                          const char *event, size_t event_len, const char *args_json, size_t len,
                          uint64_t offset);
/* Sends a frame to one socket's session. */
void oc__sio_send(oc_sio_socket_t *s, oc_frame_t *frame);
/* Sends srv->scratch as one packet, then the attachments as binary frames. */
void oc__sio_send_scratch(oc_sio_socket_t *s, const oc_sio_attachment_t *att, size_t num_att);
/* Completes a server-sent ack with the client's ACK packet data. */
void oc__sio_ack_received(oc_sio_socket_t *s, int64_t id, const char *data, size_t len);
/* Fails every pending server-sent ack of a disconnecting socket. */
void oc__sio_acks_cancel(oc_sio_socket_t *s);
void oc__sio_ack_timeout(oc_timeout_list_t *list, oc_timeout_t *t);

#endif
