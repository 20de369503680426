/* The Socket.IO v5 server: namespaces, sockets, events, acknowledgements and rooms.
 *
 * Sits on Engine.IO sessions (eio.h): one client per session, one socket per namespace the
 * client joined. Namespaces are registered by the application; a connect middleware may
 * accept, refuse or decide later (asynchronous authentication). Events are dispatched by name
 * to handlers with their arguments as raw JSON slices (json_scan.h) and binary attachments,
 * so handlers parse only what they use. Output is encoded once per broadcast into a shared
 * frame. With connection state recovery on, broadcasts carry offsets and dropped sockets can
 * come back within the window with what they missed (recovery.h).
 *
 * Lifetimes: sockets are reference counted. A handler may keep a socket past its call with
 * oc_sio_socket_ref (e.g. to acknowledge after a database commit) and must drop it with
 * oc_sio_socket_unref; emitting on a disconnected socket does nothing. */
#ifndef OC_RT_SIO_H
#define OC_RT_SIO_H

#include "core/json_scan.h"
#include "http/request.h"
#include "net/conn.h"
#include "rt/eio.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct oc_sio_server oc_sio_server_t;
typedef struct oc_sio_nsp oc_sio_nsp_t;
typedef struct oc_sio_socket oc_sio_socket_t;
typedef struct oc_sio_client oc_sio_client_t;

typedef struct oc_sio_config {
    unsigned connect_timeout_ms; /* time for a new session to join a namespace */
    unsigned ack_timeout_ms;     /* time a client has to answer a server-sent ack */
    unsigned recovery_window_ms; /* 0 disables connection state recovery */
    size_t recovery_max_packets; /* stored broadcasts per namespace */
} oc_sio_config_t;

typedef struct oc_sio_attachment {
    const void *data;
    size_t len;
} oc_sio_attachment_t;

/* One incoming event. Everything is valid only during the handler call. */
typedef struct oc_sio_event {
    const char *name; /* decoded event name (NUL-terminated) */
    size_t name_len;
    size_t argc;                 /* arguments after the name (may exceed argv's capacity) */
    const oc_json_slice_t *argv; /* the first min(argc, OC_SIO_MAX_ARGS - 1) arguments */
    const char *args_json;       /* all arguments as JSON text, comma-separated ("" if none) */
    size_t args_len;
    const oc_sio_attachment_t *attachments; /* binary parts, by placeholder number */
    size_t num_attachments;
    int64_t ack_id; /* -1 when the client did not ask for an acknowledgement */
} oc_sio_event_t;

typedef void (*oc_sio_event_fn)(oc_sio_socket_t *s, const oc_sio_event_t *ev, void *ctx);

/* Result of a connect middleware. */
enum {
    OC_SIO_ACCEPT = 0,
    OC_SIO_PENDING = 1, /* decided later with oc_sio_connect_accept / oc_sio_connect_refuse */
};

typedef struct oc_sio_nsp_callbacks {
    /* Middleware: auth is the CONNECT payload as JSON text ("{}" when absent). Return
     * OC_SIO_ACCEPT, OC_SIO_PENDING, or call oc_sio_connect_refuse and return its result. */
    int (*on_connecting)(oc_sio_socket_t *s, const char *auth, size_t auth_len, void *ctx);
    /* The socket is connected (the CONNECT answer is already queued); join rooms here. */
    void (*on_connect)(oc_sio_socket_t *s, void *ctx);
    /* The socket left: reason as in socket.io ("client namespace disconnect",
     * "server namespace disconnect", "transport close", "ping timeout", ...). */
    void (*on_disconnect)(oc_sio_socket_t *s, const char *reason, void *ctx);
    /* Optional, with connection state recovery: may a returning socket (still connecting,
     * after the middleware accepted) get back this room of its old session? Rooms it may not
     * are dropped before the missed packets are chosen, so a membership that ended while the
     * client was away does not leak what was sent there meanwhile. */
    bool (*may_rejoin)(oc_sio_socket_t *s, const char *room, size_t len, void *ctx);
} oc_sio_nsp_callbacks_t;

/* Server-sent acknowledgement result: err is 0 with the client's answer as a JSON array text,
 * OC_ETIMEDOUT after the ack timeout, or OC_ECANCELED if the socket disconnected first. */
typedef void (*oc_sio_ack_fn)(oc_sio_socket_t *s, int err, const char *args_json, size_t len,
                              void *ctx);

/* ---- server ---------------------------------------------------------------------------- */

oc_sio_server_t *oc_sio_server_new(oc_net_t *net, const oc_eio_config_t *eio,
                                   const oc_sio_config_t *cfg);
/* The Engine.IO server whose oc_eio_handle_request serves the Socket.IO path. */
oc_eio_server_t *oc_sio_engine(oc_sio_server_t *srv);
/* Closes every session ("server shutting down"). */
void oc_sio_server_shutdown(oc_sio_server_t *srv);
/* Two-step teardown as for libuv handle owners. */
void oc_sio_server_close(oc_sio_server_t *srv);
void oc_sio_server_free(oc_sio_server_t *srv);

/* Called for every new Engine.IO session with its handshake request (cookies, address):
 * return 0 to accept or a negative error to refuse with 403. The callback may attach data to
 * the client with oc_sio_client_set_data; data_free (may be NULL) releases it when the
 * session ends. */
typedef int (*oc_sio_handshake_fn)(oc_sio_client_t *c, oc_http_request_t *req, void *ctx);
void oc_sio_server_on_handshake(oc_sio_server_t *srv, oc_sio_handshake_fn fn, void *ctx,
                                void (*data_free)(void *data));

/* ---- namespaces ------------------------------------------------------------------------ */

/* Registers (or returns) a namespace. name starts with '/'. cb is borrowed (static). */
oc_sio_nsp_t *oc_sio_of(oc_sio_server_t *srv, const char *name, const oc_sio_nsp_callbacks_t *cb,
                        void *ctx);
/* Registers an event handler; the name is copied. A later registration replaces it. */
void oc_sio_on(oc_sio_nsp_t *nsp, const char *event, oc_sio_event_fn fn, void *ctx);
/* Handler for events no oc_sio_on matched. Without one, such an event is ignored, and if
 * it asked for an acknowledgement it is answered with an "unknown_event" error. */
void oc_sio_on_any(oc_sio_nsp_t *nsp, oc_sio_event_fn fn, void *ctx);
size_t oc_sio_nsp_socket_count(const oc_sio_nsp_t *nsp);
oc_sio_socket_t *oc_sio_nsp_socket(const oc_sio_nsp_t *nsp, const char *id, size_t len);
const char *oc_sio_nsp_name(const oc_sio_nsp_t *nsp);

/* ---- sockets --------------------------------------------------------------------------- */

const char *oc_sio_socket_id(const oc_sio_socket_t *s);
oc_sio_nsp_t *oc_sio_socket_nsp(const oc_sio_socket_t *s);
oc_sio_client_t *oc_sio_socket_client(const oc_sio_socket_t *s);
bool oc_sio_socket_connected(const oc_sio_socket_t *s);
/* True if the socket came back through connection state recovery. */
bool oc_sio_socket_recovered(const oc_sio_socket_t *s);
void *oc_sio_socket_data(const oc_sio_socket_t *s);
void oc_sio_socket_set_data(oc_sio_socket_t *s, void *data);
/* The CONNECT payload, during on_connecting and on_connect (and while pending). */
const char *oc_sio_socket_auth(const oc_sio_socket_t *s, size_t *len);
void oc_sio_socket_ref(oc_sio_socket_t *s);
void oc_sio_socket_unref(oc_sio_socket_t *s);

/* For an OC_SIO_PENDING middleware: finish the connect. */
void oc_sio_connect_accept(oc_sio_socket_t *s);
/* Refuses the connect with CONNECT_ERROR {"message": message, "data": data_json} (data_json
 * may be NULL). Returns a negative code for a middleware to return. */
int oc_sio_connect_refuse(oc_sio_socket_t *s, const char *message, const char *data_json);

/* Leaves the namespace: sends DISCONNECT; with close_client the whole session ends too. */
void oc_sio_disconnect(oc_sio_socket_t *s, bool close_client);

void *oc_sio_client_data(const oc_sio_client_t *c);
void oc_sio_client_set_data(oc_sio_client_t *c, void *data);
oc_eio_session_t *oc_sio_client_session(const oc_sio_client_t *c);

/* ---- rooms ----------------------------------------------------------------------------- */

int oc_sio_join(oc_sio_socket_t *s, const char *room, size_t len);
int oc_sio_leave(oc_sio_socket_t *s, const char *room, size_t len);
bool oc_sio_in_room(const oc_sio_socket_t *s, const char *room, size_t len);
/* Calls fn for every connected socket in the room (a snapshot taken first: fn may make
 * sockets join or leave rooms, emit, or disconnect them). */
void oc_sio_room_foreach(oc_sio_nsp_t *nsp, const char *room, size_t len,
                         void (*fn)(oc_sio_socket_t *s, void *arg), void *arg);
/* The rooms the socket joined (its own id room not included): count, and the i-th name. */
size_t oc_sio_socket_room_count(const oc_sio_socket_t *s);
const char *oc_sio_socket_room(const oc_sio_socket_t *s, size_t i, size_t *len);

/* ---- sending --------------------------------------------------------------------------- */

/* args_json: the arguments as comma-separated JSON text (NULL or "" for none). */
void oc_sio_emit(oc_sio_socket_t *s, const char *event, const char *args_json, size_t len);
/* Same with binary attachments referenced by {"_placeholder":true,"num":i} in args_json. */
void oc_sio_emit_binary(oc_sio_socket_t *s, const char *event, const char *args_json, size_t len,
                        const oc_sio_attachment_t *att, size_t num_att);
/* Emits and waits for the client's acknowledgement (see oc_sio_ack_fn). */
void oc_sio_emit_with_ack(oc_sio_socket_t *s, const char *event, const char *args_json, size_t len,
                          oc_sio_ack_fn fn, void *ctx);
/* Answers an event's acknowledgement: args_json is comma-separated JSON text. Does nothing
 * for ack_id < 0 or a disconnected socket. */
void oc_sio_ack(oc_sio_socket_t *s, int64_t ack_id, const char *args_json, size_t len);
void oc_sio_ack_binary(oc_sio_socket_t *s, int64_t ack_id, const char *args_json, size_t len,
                       const oc_sio_attachment_t *att, size_t num_att);

#define OC_SIO_MAX_TARGETS 16

/* A broadcast: to rooms (none = the whole namespace), except rooms (a socket id names that
 * socket). Build it on the stack; room names are borrowed until oc_sio_broadcast. */
typedef struct oc_sio_broadcast {
    oc_sio_nsp_t *nsp;
    const char *rooms[OC_SIO_MAX_TARGETS];
    size_t room_lens[OC_SIO_MAX_TARGETS];
    size_t num_rooms;
    const char *except[OC_SIO_MAX_TARGETS];
    size_t except_lens[OC_SIO_MAX_TARGETS];
    size_t num_except;
    bool volatile_; /* not stored for recovery */
} oc_sio_broadcast_t;

void oc_sio_broadcast_init(oc_sio_broadcast_t *b, oc_sio_nsp_t *nsp);
void oc_sio_broadcast_to(oc_sio_broadcast_t *b, const char *room, size_t len);
void oc_sio_broadcast_except(oc_sio_broadcast_t *b, const char *room, size_t len);
/* Encodes the event once and queues it for every target socket. Returns the number of
 * sockets reached. */
size_t oc_sio_broadcast(oc_sio_broadcast_t *b, const char *event, const char *args_json,
                        size_t len);

#endif
