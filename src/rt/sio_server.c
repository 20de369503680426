/* Socket.IO server: clients, namespaces, connects, disconnects and incoming packets. See
 * sio.h; encoding and sending live in sio_emit.c.
 *
 * Life of an incoming event (WebSocket transport):
 *
 *   ws frame ─► eio ws_message ─► on_message (client) ─► oc_sio_decode ─► dispatch_event
 *        ─► handler(socket, event) ─► oc_sio_emit / oc_sio_broadcast ─► frames queued
 */
#include "rt/sio_internal.h"

#include "core/alloc.h"
#include "core/base64.h"
#include "core/errors.h"
#include "core/json_writer.h"
#include "core/log.h"
#include "core/metrics.h"

#include <cjson/cJSON.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static void socket_disconnect(oc_sio_socket_t *s, const char *reason, bool send_packet);

/* ---- ids ------------------------------------------------------------------------------- */

static void random_id(char out[OC_SIO_ID_LEN + 1])
{
    unsigned char raw[15];
    randombytes_buf(raw, sizeof(raw));
    oc_base64url_encode(raw, sizeof(raw), out);
    out[OC_SIO_ID_LEN] = '\0';
}

/* ---- sockets --------------------------------------------------------------------------- */

void oc_sio_socket_ref(oc_sio_socket_t *s)
{
    s->refs++;
}

void oc_sio_socket_unref(oc_sio_socket_t *s)
{
    oc_assert(s->refs > 0);
    if (--s->refs > 0)
        return;
    oc_assert(s->state == OC_SIO_DISCONNECTED);
    free(s->auth);
    free(s);
}

const char *oc_sio_socket_id(const oc_sio_socket_t *s)
{
    return s->id;
}

oc_sio_nsp_t *oc_sio_socket_nsp(const oc_sio_socket_t *s)
{
    return s->nsp;
}

oc_sio_client_t *oc_sio_socket_client(const oc_sio_socket_t *s)
{
    return s->client;
}

bool oc_sio_socket_connected(const oc_sio_socket_t *s)
{
    return s->state == OC_SIO_CONNECTED;
}

bool oc_sio_socket_recovered(const oc_sio_socket_t *s)
{
    return s->recovered;
}

void *oc_sio_socket_data(const oc_sio_socket_t *s)
{
    return s->data;
}

void oc_sio_socket_set_data(oc_sio_socket_t *s, void *data)
{
    s->data = data;
}

const char *oc_sio_socket_auth(const oc_sio_socket_t *s, size_t *len)
{
    if (len)
        *len = s->auth_len;
    return s->auth;
}

void *oc_sio_client_data(const oc_sio_client_t *c)
{
    return c->data;
}

void oc_sio_client_set_data(oc_sio_client_t *c, void *data)
{
    c->data = data;
}

oc_eio_session_t *oc_sio_client_session(const oc_sio_client_t *c)
{
    return c->eio;
}

int oc_sio_join(oc_sio_socket_t *s, const char *room, size_t len)
{
    if (s->state != OC_SIO_CONNECTED)
        return OC_EPIPE;
    return oc_room_join(&s->nsp->rooms, &s->member, room, len);
}

int oc_sio_leave(oc_sio_socket_t *s, const char *room, size_t len)
{
    return oc_room_leave(&s->nsp->rooms, &s->member, room, len);
}

void oc_sio_room_foreach(oc_sio_nsp_t *nsp, const char *room, size_t len,
                         void (*fn)(oc_sio_socket_t *s, void *arg), void *arg)
{
    oc_room_t *r = oc_room_find(&nsp->rooms, room, len);
    if (r == NULL || r->count == 0)
        return;
    /* A snapshot with references: fn may make sockets leave this very room. */
    size_t n = r->count;
    oc_sio_socket_t **all = oc_xmalloc(n * sizeof(*all));
    for (size_t i = 0; i < n; i++) {
        all[i] = oc__sio_member_socket(r->members[i].member);
        oc_sio_socket_ref(all[i]);
    }
    for (size_t i = 0; i < n; i++) {
        if (all[i]->state == OC_SIO_CONNECTED)
            fn(all[i], arg);
        oc_sio_socket_unref(all[i]);
    }
    free(all);
}

bool oc_sio_in_room(const oc_sio_socket_t *s, const char *room, size_t len)
{
    if (len == OC_SIO_ID_LEN && memcmp(room, s->id, len) == 0)
        return true;
    return oc_room_has(&s->member, room, len);
}

size_t oc_sio_socket_room_count(const oc_sio_socket_t *s)
{
    return s->member.num_rooms;
}

const char *oc_sio_socket_room(const oc_sio_socket_t *s, size_t i, size_t *len)
{
    oc_assert(i < s->member.num_rooms);
    const oc_room_t *room = s->member.rooms[i].room;
    *len = room->name_len;
    return room->name;
}

/* ---- namespaces ------------------------------------------------------------------------ */

oc_sio_nsp_t *oc_sio_of(oc_sio_server_t *srv, const char *name, const oc_sio_nsp_callbacks_t *cb,
                        void *ctx)
{
    oc_assert(name[0] == '/');
    oc_sio_nsp_t *nsp = oc_map_get(&srv->nsps, name, strlen(name));
    if (nsp != NULL)
        return nsp;
    nsp = oc_xcalloc(1, sizeof(*nsp));
    nsp->srv = srv;
    nsp->name = oc_xstrdup(name);
    nsp->name_len = strlen(name);
    nsp->cb = cb;
    nsp->ctx = ctx;
    oc_room_registry_init(&nsp->rooms);
    if (srv->cfg.recovery_window_ms > 0)
        nsp->recovery = oc_recovery_new(oc_net_loop(srv->net), srv->cfg.recovery_window_ms,
                                        srv->cfg.recovery_max_packets);
    oc_map_put(&srv->nsps, nsp->name, nsp->name_len, nsp);
    return nsp;
}

void oc_sio_on(oc_sio_nsp_t *nsp, const char *event, oc_sio_event_fn fn, void *ctx)
{
    oc_sio_handler_t *h = oc_map_get(&nsp->handlers, event, strlen(event));
    if (h == NULL) {
        h = oc_xcalloc(1, sizeof(*h));
        h->name = oc_xstrdup(event);
        oc_map_put(&nsp->handlers, h->name, strlen(h->name), h);
    }
    h->fn = fn;
    h->ctx = ctx;
}

void oc_sio_on_any(oc_sio_nsp_t *nsp, oc_sio_event_fn fn, void *ctx)
{
    nsp->any_fn = fn;
    nsp->any_ctx = ctx;
}

size_t oc_sio_nsp_socket_count(const oc_sio_nsp_t *nsp)
{
    return oc_map_count(&nsp->sockets);
}

oc_sio_socket_t *oc_sio_nsp_socket(const oc_sio_nsp_t *nsp, const char *id, size_t len)
{
    return oc_map_get(&nsp->sockets, id, len);
}

const char *oc_sio_nsp_name(const oc_sio_nsp_t *nsp)
{
    return nsp->name;
}

static void nsp_free(oc_sio_nsp_t *nsp)
{
    const oc_map_entry_t *e;
    for (uint32_t it = 0; oc_map_next(&nsp->handlers, &it, &e);) {
        oc_sio_handler_t *h = e->value;
        free(h->name);
        free(h);
    }
    oc_map_free(&nsp->handlers);
    oc_map_free(&nsp->sockets);
    oc_room_registry_free(&nsp->rooms);
    oc_recovery_free(nsp->recovery);
    free(nsp->name);
    free(nsp);
}

/* ---- connecting ------------------------------------------------------------------------ */

static oc_sio_socket_t *client_socket(oc_sio_client_t *c, const char *nsp, size_t len)
{
    for (oc_sio_socket_t *s = c->sockets; s != NULL; s = s->next) {
        if (s->nsp->name_len == len && memcmp(s->nsp->name, nsp, len) == 0)
            return s;
    }
    return NULL;
}

static void send_connect_error(oc_sio_client_t *c, const char *nsp, size_t nsp_len,
                               const char *message, const char *data_json)
{
    oc_buf_t *b = &c->srv->scratch;
    b->len = 0;
    oc_sio_encode_head(b, OC_SIO_CONNECT_ERROR, 0, nsp, nsp_len, -1);
    oc_buf_append_str(b, "{\"message\":");
    oc_json_append_cstr(b, message);
    if (data_json != NULL) {
        oc_buf_append_str(b, ",\"data\":");
        oc_buf_append_str(b, data_json);
    }
    oc_buf_append_char(b, '}');
    oc_frame_t *f = oc_eio_frame_message(b->data, b->len);
    oc_eio_send(c->eio, f);
    oc_frame_unref(f);
}

/* A stored session being taken over by a reconnecting socket. */
typedef struct restore {
    oc_sio_socket_t *socket;
    oc_recovery_session_t *session;
    oc_frame_t **missed;
    size_t num_missed;
} restore_t;

static void collect_missed(oc_frame_t *frame, void *ctx)
{
    restore_t *r = ctx;
    r->missed = oc_xrealloc(r->missed, (r->num_missed + 1) * sizeof(*r->missed));
    r->missed[r->num_missed++] = oc_frame_ref(frame);
}

static bool keep_room(const char *room, size_t len, void *ctx)
{
    restore_t *r = ctx;
    oc_sio_nsp_t *nsp = r->socket->nsp;
    return nsp->cb->may_rejoin(r->socket, room, len, nsp->ctx);
}

/* Reads {pid, offset} from a CONNECT payload and takes the matching stored session. */
static void try_restore(oc_sio_socket_t *s, restore_t *r)
{
    cJSON *root = cJSON_ParseWithLength(s->auth, s->auth_len);
    if (root == NULL)
        return;
    const cJSON *pid = cJSON_GetObjectItemCaseSensitive(root, "pid");
    const cJSON *offset = cJSON_GetObjectItemCaseSensitive(root, "offset");
    if (cJSON_IsString(pid) && cJSON_IsString(offset))
        r->session = oc_recovery_restore(
            s->nsp->recovery, pid->valuestring, strlen(pid->valuestring), offset->valuestring,
            strlen(offset->valuestring), s->nsp->cb && s->nsp->cb->may_rejoin ? keep_room : NULL,
            collect_missed, r);
    cJSON_Delete(root);
}

void oc_sio_connect_accept(oc_sio_socket_t *s)
{
    if (s->state != OC_SIO_CONNECTING || s->client == NULL)
        return;
    oc_sio_nsp_t *nsp = s->nsp;
    oc_sio_client_t *c = s->client;
    /* The stored session is taken now, not when the CONNECT arrived: an asynchronous
     * middleware may have kept the socket waiting, outside its rooms, while broadcasts it
     * must still receive went out. */
    restore_t r = {.socket = s};
    if (nsp->recovery != NULL && s->auth != NULL)
        try_restore(s, &r);
    if (r.session != NULL) {
        /* Same socket id, same private id, same rooms: the client continues where it was. */
        strcpy(s->id, r.session->sid);
        strcpy(s->pid, r.session->pid);
        s->recovered = true;
    }
    while (r.session == NULL && oc_map_get(&nsp->sockets, s->id, OC_SIO_ID_LEN) != NULL)
        random_id(s->id);
    oc_map_put(&nsp->sockets, s->id, OC_SIO_ID_LEN, s);
    s->state = OC_SIO_CONNECTED;
    oc_timeout_disarm(&c->connect_deadline);
    if (r.session != NULL) {
        for (size_t i = 0; i < r.session->num_rooms; i++) {
            const char *room = r.session->rooms[i];
            if (strcmp(room, s->id) != 0)
                oc_room_join(&nsp->rooms, &s->member, room, strlen(room));
        }
        /* Like socket.io, the missed packets go out before the CONNECT answer; the client
         * buffers them and emits them when the connect completes. */
        for (size_t i = 0; i < r.num_missed; i++) {
            oc__sio_send(s, r.missed[i]);
            oc_frame_unref(r.missed[i]);
        }
        free(r.missed);
        oc_recovery_session_free(r.session);
    }

    oc_buf_t *b = &nsp->srv->scratch;
    b->len = 0;
    oc_sio_encode_head(b, OC_SIO_CONNECT, 0, nsp->name, nsp->name_len, -1);
    oc_buf_append_str(b, "{\"sid\":\"");
    oc_buf_append(b, s->id, OC_SIO_ID_LEN);
    if (nsp->recovery != NULL) {
        oc_buf_append_str(b, "\",\"pid\":\"");
        oc_buf_append(b, s->pid, OC_SIO_ID_LEN);
    }
    oc_buf_append_str(b, "\"}");
    oc__sio_send_scratch(s, NULL, 0);

    oc_sio_socket_ref(s);
    if (nsp->cb != NULL && nsp->cb->on_connect != NULL)
        nsp->cb->on_connect(s, nsp->ctx);
    free(s->auth);
    s->auth = NULL;
    s->auth_len = 0;
    oc_sio_socket_unref(s);
}

int oc_sio_connect_refuse(oc_sio_socket_t *s, const char *message, const char *data_json)
{
    if (s->state != OC_SIO_CONNECTING)
        return OC_EPERM;
    if (s->client != NULL)
        send_connect_error(s->client, s->nsp->name, s->nsp->name_len, message, data_json);
    socket_disconnect(s, "connect refused", false);
    return OC_EPERM;
}

static void handle_connect(oc_sio_client_t *c, const oc_sio_packet_t *p)
{
    oc_sio_nsp_t *nsp = oc_map_get(&c->srv->nsps, p->nsp, p->nsp_len);
    if (nsp == NULL) {
        send_connect_error(c, p->nsp, p->nsp_len, "Invalid namespace", NULL);
        return;
    }
    oc_sio_socket_t *s = oc_xcalloc(1, sizeof(*s));
    s->refs = 1; /* the client's */
    s->nsp = nsp;
    s->client = c;
    s->eio = c->eio;
    s->conn = c->conn;
    s->state = OC_SIO_CONNECTING;
    random_id(s->id);
    if (nsp->recovery != NULL)
        random_id(s->pid);
    s->next = c->sockets;
    c->sockets = s;
    const char *auth = p->data ? p->data : "{}";
    s->auth_len = p->data ? p->data_len : 2;
    s->auth = oc_xstrndup(auth, s->auth_len);

    int rc = OC_SIO_ACCEPT;
    oc_sio_socket_ref(s);
    if (nsp->cb != NULL && nsp->cb->on_connecting != NULL)
        rc = nsp->cb->on_connecting(s, s->auth, s->auth_len, nsp->ctx);
    if (rc == OC_SIO_ACCEPT)
        oc_sio_connect_accept(s);
    else if (rc < 0 && s->state == OC_SIO_CONNECTING)
        oc_sio_connect_refuse(s, "Connection refused", NULL);
    oc_sio_socket_unref(s);
}

/* ---- disconnecting --------------------------------------------------------------------- */

static bool recoverable(const char *reason)
{
    static const char *const reasons[] = {"transport error",      "transport close",
                                          "forced close",         "ping timeout",
                                          "server shutting down", "forced server close"};
    for (size_t i = 0; i < OC_ARRAY_LEN(reasons); i++) {
        if (strcmp(reason, reasons[i]) == 0)
            return true;
    }
    return false;
}

static void persist(oc_sio_socket_t *s)
{
    const oc_room_member_t *m = &s->member;
    const char **names = oc_xmalloc((m->num_rooms + 1) * sizeof(char *));
    size_t *lens = oc_xmalloc((m->num_rooms + 1) * sizeof(size_t));
    for (uint32_t i = 0; i < m->num_rooms; i++) {
        names[i] = m->rooms[i].room->name;
        lens[i] = m->rooms[i].room->name_len;
    }
    oc_recovery_persist(s->nsp->recovery, s->pid, s->id, names, lens, m->num_rooms);
    free(names);
    free(lens);
}

static void unlink_from_client(oc_sio_socket_t *s)
{
    oc_sio_client_t *c = s->client;
    for (oc_sio_socket_t **pp = &c->sockets; *pp != NULL; pp = &(*pp)->next) {
        if (*pp == s) {
            *pp = s->next;
            break;
        }
    }
    s->next = NULL;
    s->client = NULL;
}

static void socket_disconnect(oc_sio_socket_t *s, const char *reason, bool send_packet)
{
    if (s->state == OC_SIO_DISCONNECTED)
        return;
    oc_sio_nsp_t *nsp = s->nsp;
    bool was_connected = s->state == OC_SIO_CONNECTED;
    if (send_packet && s->client != NULL) {
        oc_buf_t *b = &nsp->srv->scratch;
        b->len = 0;
        oc_sio_encode_head(b, OC_SIO_DISCONNECT, 0, nsp->name, nsp->name_len, -1);
        oc__sio_send_scratch(s, NULL, 0);
    }
    s->state = OC_SIO_DISCONNECTED;
    s->conn = NULL;
    oc_sio_socket_ref(s);
    if (was_connected) {
        if (nsp->recovery != NULL && recoverable(reason))
            persist(s);
        oc_map_del(&nsp->sockets, s->id, OC_SIO_ID_LEN);
        oc_room_leave_all(&nsp->rooms, &s->member);
        oc__sio_acks_cancel(s);
        if (nsp->cb != NULL && nsp->cb->on_disconnect != NULL)
            nsp->cb->on_disconnect(s, reason, nsp->ctx);
    }
    if (s->client != NULL) {
        unlink_from_client(s);
        oc_sio_socket_unref(s); /* the client's reference */
    }
    oc_sio_socket_unref(s);
}

void oc_sio_disconnect(oc_sio_socket_t *s, bool close_client)
{
    oc_sio_client_t *c = s->client;
    socket_disconnect(s, "server namespace disconnect", true);
    if (close_client && c != NULL)
        oc_eio_close(c->eio, "forced server close");
}

/* ---- incoming packets ------------------------------------------------------------------ */

/* Closes the client's session after a protocol violation. */
static void client_error(oc_sio_client_t *c, const char *what)
{
    oc_log_debug("sio", "closing session %s: %s", oc_eio_sid(c->eio), what);
    oc_eio_close(c->eio, "forced close");
}

static void answer_unknown(oc_sio_socket_t *s, const oc_sio_event_t *ev)
{
    if (ev->ack_id < 0)
        return;
    oc_buf_t body = OC_BUF_INIT;
    oc_buf_append_str(&body, "{\"error\":{\"code\":\"unknown_event\",\"message\":");
    oc_buf_t msg = OC_BUF_INIT;
    oc_buf_printf(&msg, "No handler for the event \"%s\".", ev->name);
    oc_json_append_string(&body, msg.data, msg.len);
    oc_buf_append_str(&body, "}}");
    oc_sio_ack(s, ev->ack_id, body.data, body.len);
    oc_buf_free(&msg);
    oc_buf_free(&body);
}

static void dispatch_event(oc_sio_socket_t *s, const oc_sio_packet_t *p,
                           const oc_sio_attachment_t *atts, size_t num_atts)
{
    oc_sio_nsp_t *nsp = s->nsp;
    const oc_json_slice_t *first = &p->argv[0];
    oc_buf_t name = OC_BUF_INIT;
    char small[64];
    oc_sio_event_t ev = {0};
    if (first->type == OC_JSON_STRING) {
        /* Names without escapes (all real ones) are copied without decoding. */
        if (first->len - 2 < sizeof(small) && memchr(first->ptr, '\\', first->len) == NULL) {
            memcpy(small, first->ptr + 1, first->len - 2);
            small[first->len - 2] = '\0';
            ev.name = small;
            ev.name_len = first->len - 2;
        } else {
            if (oc_json_string_decode(first, &name) != 0 || memchr(name.data, 0, name.len)) {
                oc_buf_free(&name);
                client_error(s->client, "bad event name");
                return;
            }
            ev.name_len = name.len;
            oc_buf_append_char(&name, '\0');
            ev.name = name.data;
        }
    } else {
        /* A numeric event name is dispatched by its text. */
        size_t n = OC_MIN(first->len, sizeof(small) - 1);
        memcpy(small, first->ptr, n);
        small[n] = '\0';
        ev.name = small;
        ev.name_len = n;
    }
    ev.argc = p->argc - 1;
    ev.argv = p->argv + 1;
    if (ev.argc > 0) {
        /* Arguments run from the second element to the array's closing bracket. */
        const char *end = p->data + p->data_len;
        while (end > p->data && end[-1] != ']')
            end--;
        end--;
        while (end > p->argv[1].ptr &&
               (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' || end[-1] == '\r'))
            end--;
        ev.args_json = p->argv[1].ptr;
        ev.args_len = (size_t)(end - p->argv[1].ptr);
    } else {
        ev.args_json = "";
    }
    ev.attachments = atts;
    ev.num_attachments = num_atts;
    ev.ack_id = p->id;
    oc_metrics.messages_in++;

    oc_sio_handler_t *h = oc_map_get(&nsp->handlers, ev.name, ev.name_len);
    oc_sio_socket_ref(s);
    if (h != NULL)
        h->fn(s, &ev, h->ctx);
    else if (nsp->any_fn != NULL)
        nsp->any_fn(s, &ev, nsp->any_ctx);
    else
        answer_unknown(s, &ev);
    oc_sio_socket_unref(s);
    oc_buf_free(&name);
}

static void handle_packet(oc_sio_client_t *c, const oc_sio_packet_t *p,
                          const oc_sio_attachment_t *atts, size_t num_atts)
{
    oc_sio_socket_t *s = client_socket(c, p->nsp, p->nsp_len);
    if (p->type == OC_SIO_CONNECT) {
        if (s != NULL)
            client_error(c, "second CONNECT for a namespace");
        else
            handle_connect(c, p);
        return;
    }
    if (s == NULL || s->state != OC_SIO_CONNECTED) {
        client_error(c, "packet for a namespace that is not connected");
        return;
    }
    switch (p->type) {
    case OC_SIO_DISCONNECT: socket_disconnect(s, "client namespace disconnect", false); break;
    case OC_SIO_EVENT:
    case OC_SIO_BINARY_EVENT: dispatch_event(s, p, atts, num_atts); break;
    case OC_SIO_ACK:
    case OC_SIO_BINARY_ACK: oc__sio_ack_received(s, p->id, p->data, p->data_len); break;
    default: client_error(c, "unexpected packet type"); break;
    }
}

static void free_pending(oc_sio_client_t *c)
{
    for (uint32_t i = 0; i < c->atts_have; i++)
        free((void *)c->atts[i].data);
    free(c->atts);
    free(c->pending);
    c->atts = NULL;
    c->pending = NULL;
    c->atts_have = c->atts_need = 0;
}

static void on_binary(oc_sio_client_t *c, const char *data, size_t len)
{
    if (c->pending == NULL) {
        client_error(c, "binary data without a packet");
        return;
    }
    c->atts[c->atts_have].data = oc_xstrndup(data, len);
    c->atts[c->atts_have].len = len;
    if (++c->atts_have < c->atts_need)
        return;
    oc_sio_packet_t p;
    int rc = oc_sio_decode(c->pending, c->pending_len, &p);
    oc_assert(rc == 0); /* it decoded when it arrived */
    handle_packet(c, &p, c->atts, c->atts_have);
    free_pending(c);
}

static void on_message(oc_eio_session_t *eio, bool binary, const char *data, size_t len, void *ctx)
{
    OC_UNUSED(ctx);
    oc_sio_client_t *c = oc_eio_user(eio);
    if (binary) {
        on_binary(c, data, len);
        return;
    }
    if (c->pending != NULL) {
        client_error(c, "text packet while binary attachments were expected");
        return;
    }
    oc_sio_packet_t p;
    if (oc_sio_decode(data, len, &p) != 0) {
        client_error(c, "malformed packet");
        return;
    }
    if (p.type == OC_SIO_BINARY_EVENT || p.type == OC_SIO_BINARY_ACK) {
        /* The decoder checked that the placeholders match the attachment count. */
        c->pending = oc_xstrndup(data, len);
        c->pending_len = len;
        c->atts = oc_xcalloc(p.attachments, sizeof(*c->atts));
        c->atts_need = p.attachments;
        return;
    }
    handle_packet(c, &p, NULL, 0);
}

/* ---- sessions -------------------------------------------------------------------------- */

static void on_connect_timeout(oc_timeout_list_t *list, oc_timeout_t *t)
{
    OC_UNUSED(list);
    oc_sio_client_t *c = OC_CONTAINER_OF(t, oc_sio_client_t, connect_deadline);
    for (oc_sio_socket_t *s = c->sockets; s != NULL; s = s->next) {
        if (s->state == OC_SIO_CONNECTED)
            return;
    }
    client_error(c, "no namespace joined in time");
}

static int on_open(oc_eio_session_t *eio, oc_http_request_t *req, void *ctx)
{
    oc_sio_server_t *srv = ctx;
    oc_sio_client_t *c = oc_xcalloc(1, sizeof(*c));
    c->srv = srv;
    c->eio = eio;
    oc_timeout_init(&c->connect_deadline);
    if (srv->handshake != NULL && srv->handshake(c, req, srv->handshake_ctx) != 0) {
        free(c);
        return OC_EPERM;
    }
    oc_eio_set_user(eio, c);
    oc_timeout_arm(&srv->connect_list, &c->connect_deadline);
    srv->clients++;
    return 0;
}

static void on_close(oc_eio_session_t *eio, const char *reason, void *ctx)
{
    oc_sio_server_t *srv = ctx;
    oc_sio_client_t *c = oc_eio_user(eio);
    if (c == NULL)
        return;
    while (c->sockets != NULL)
        socket_disconnect(c->sockets, reason, false);
    free_pending(c);
    oc_timeout_disarm(&c->connect_deadline);
    if (srv->client_data_free != NULL && c->data != NULL)
        srv->client_data_free(c->data);
    free(c);
    srv->clients--;
}

static void on_transport(oc_eio_session_t *eio, oc_conn_t *conn, void *ctx)
{
    OC_UNUSED(ctx);
    oc_sio_client_t *c = oc_eio_user(eio);
    if (c == NULL)
        return;
    c->conn = conn;
    for (oc_sio_socket_t *s = c->sockets; s != NULL; s = s->next)
        s->conn = s->state == OC_SIO_DISCONNECTED ? NULL : conn;
}

static const oc_eio_callbacks_t eio_callbacks = {on_open, on_message, on_close, on_transport};

/* ---- server ---------------------------------------------------------------------------- */

static void collect_metrics(oc_buf_t *out, void *ctx)
{
    oc_sio_server_t *srv = ctx;
    oc_buf_append_str(out, "# HELP openchat_sio_sockets Connected Socket.IO sockets by "
                           "namespace.\n# TYPE openchat_sio_sockets gauge\n");
    const oc_map_entry_t *e;
    for (uint32_t it = 0; oc_map_next(&srv->nsps, &it, &e);) {
        const oc_sio_nsp_t *nsp = e->value;
        oc_buf_append_str(out, "openchat_sio_sockets{namespace=");
        oc_json_append_string(out, nsp->name, nsp->name_len);
        oc_buf_printf(out, "} %u\n", oc_map_count(&nsp->sockets));
    }
    oc_buf_append_str(out, "# HELP openchat_sio_rooms Socket.IO rooms by namespace.\n"
                           "# TYPE openchat_sio_rooms gauge\n");
    for (uint32_t it = 0; oc_map_next(&srv->nsps, &it, &e);) {
        const oc_sio_nsp_t *nsp = e->value;
        oc_buf_append_str(out, "openchat_sio_rooms{namespace=");
        oc_json_append_string(out, nsp->name, nsp->name_len);
        oc_buf_printf(out, "} %zu\n", oc_room_count(&nsp->rooms));
    }
}

oc_sio_server_t *oc_sio_server_new(oc_net_t *net, const oc_eio_config_t *eio,
                                   const oc_sio_config_t *cfg)
{
    oc_sio_server_t *srv = oc_xcalloc(1, sizeof(*srv));
    srv->net = net;
    srv->cfg = *cfg;
    if (srv->cfg.recovery_max_packets == 0)
        srv->cfg.recovery_max_packets = 100000;
    srv->eio = oc_eio_server_new(net, eio, &eio_callbacks, srv);
    uv_loop_t *loop = oc_net_loop(net);
    oc_timeout_list_init(loop, &srv->connect_list, cfg->connect_timeout_ms, on_connect_timeout);
    oc_timeout_list_init(loop, &srv->ack_list, cfg->ack_timeout_ms, oc__sio_ack_timeout);
    oc_metrics_register(collect_metrics, srv);
    return srv;
}

oc_eio_server_t *oc_sio_engine(oc_sio_server_t *srv)
{
    return srv->eio;
}

void oc_sio_server_on_handshake(oc_sio_server_t *srv, oc_sio_handshake_fn fn, void *ctx,
                                void (*data_free)(void *data))
{
    srv->handshake = fn;
    srv->handshake_ctx = ctx;
    srv->client_data_free = data_free;
}

void oc_sio_server_shutdown(oc_sio_server_t *srv)
{
    oc_eio_server_shutdown(srv->eio);
}

void oc_sio_server_close(oc_sio_server_t *srv)
{
    oc_metrics_unregister(collect_metrics, srv);
    oc_eio_server_close(srv->eio);
    oc_timeout_list_close(&srv->connect_list);
    oc_timeout_list_close(&srv->ack_list);
    const oc_map_entry_t *e;
    for (uint32_t it = 0; oc_map_next(&srv->nsps, &it, &e);) {
        oc_sio_nsp_t *nsp = e->value;
        if (nsp->recovery != NULL)
            oc_recovery_close(nsp->recovery);
    }
}

void oc_sio_server_free(oc_sio_server_t *srv)
{
    if (srv == NULL)
        return;
    oc_eio_server_free(srv->eio);
    const oc_map_entry_t *e;
    for (uint32_t it = 0; oc_map_next(&srv->nsps, &it, &e);)
        nsp_free(e->value);
    oc_map_free(&srv->nsps);
    oc_buf_free(&srv->scratch);
    free(srv);
}
