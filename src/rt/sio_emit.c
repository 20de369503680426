/* Socket.IO output: packet encoding, emits, acknowledgements and broadcasts. See sio.h.
 *
 * Every packet is encoded into the server's scratch buffer and wrapped once into a
 * WebSocket-framed Engine.IO message frame; a broadcast hands that one frame to every target
 * session. With recovery on, broadcasts and single-socket emits (sent as a broadcast to the
 * socket's own room, as socket.io does) get an offset as their last argument and are stored. */
#include "rt/sio_internal.h"

#include "core/alloc.h"
#include "core/errors.h"
#include "core/json_writer.h"
#include "core/metrics.h"

#include <stdlib.h>
#include <string.h>

void oc__sio_encode_event(oc_sio_nsp_t *nsp, oc_sio_type_t type, uint32_t num_att, int64_t ack_id,
                          const char *event, size_t event_len, const char *args_json, size_t len,
                          uint64_t offset)
{
    oc_buf_t *b = &nsp->srv->scratch;
    b->len = 0;
    oc_sio_encode_head(b, type, num_att, nsp->name, nsp->name_len, ack_id);
    oc_buf_append_char(b, '[');
    if (event != NULL) {
        oc_json_append_string(b, event, event_len);
        if (len > 0)
            oc_buf_append_char(b, ',');
    }
    oc_buf_append(b, args_json, len);
    if (offset != 0) {
        oc_buf_append_str(b, ",\"");
        oc_buf_append_u64(b, offset);
        oc_buf_append_char(b, '"');
    }
    oc_buf_append_char(b, ']');
}

void oc__sio_send(oc_sio_socket_t *s, oc_frame_t *frame)
{
    if (OC_LIKELY(s->conn != NULL))
        oc_conn_write_frame(s->conn, frame, 0, frame->len);
    else if (s->state != OC_SIO_DISCONNECTED)
        oc_eio_send(s->eio, frame);
}

void oc__sio_send_scratch(oc_sio_socket_t *s, const oc_sio_attachment_t *att, size_t num_att)
{
    oc_buf_t *b = &s->nsp->srv->scratch;
    oc_frame_t *f = oc_eio_frame_message(b->data, b->len);
    oc__sio_send(s, f);
    oc_frame_unref(f);
    for (size_t i = 0; i < num_att; i++) {
        f = oc_eio_frame_binary(att[i].data, att[i].len);
        oc__sio_send(s, f);
        oc_frame_unref(f);
    }
    oc_metrics.messages_out++;
}

static bool can_send(const oc_sio_socket_t *s)
{
    return s->state == OC_SIO_CONNECTED && s->client != NULL;
}

void oc_sio_emit(oc_sio_socket_t *s, const char *event, const char *args_json, size_t len)
{
    if (!can_send(s))
        return;
    if (s->nsp->recovery != NULL) {
        oc_sio_broadcast_t b;
        oc_sio_broadcast_init(&b, s->nsp);
        oc_sio_broadcast_to(&b, s->id, OC_SIO_ID_LEN);
        oc_sio_broadcast(&b, event, args_json, len);
        return;
    }
    oc__sio_encode_event(s->nsp, OC_SIO_EVENT, 0, -1, event, strlen(event), args_json, len, 0);
    oc__sio_send_scratch(s, NULL, 0);
}

void oc_sio_emit_binary(oc_sio_socket_t *s, const char *event, const char *args_json, size_t len,
                        const oc_sio_attachment_t *att, size_t num_att)
{
    if (!can_send(s))
        return;
    if (num_att == 0) {
        oc_sio_emit(s, event, args_json, len);
        return;
    }
    /* Binary packets are not stored for recovery: their attachments are separate frames. */
    oc__sio_encode_event(s->nsp, OC_SIO_BINARY_EVENT, (uint32_t)num_att, -1, event, strlen(event),
                         args_json, len, 0);
    oc__sio_send_scratch(s, att, num_att);
}

static void ack_free(oc_sio_pending_ack_t *a)
{
    oc_timeout_disarm(&a->deadline);
    oc_sio_socket_unref(a->socket);
    free(a);
}

static oc_sio_pending_ack_t *ack_take(oc_sio_socket_t *s, int64_t id)
{
    for (oc_sio_pending_ack_t **pp = &s->acks; *pp != NULL; pp = &(*pp)->next) {
        oc_sio_pending_ack_t *a = *pp;
        if (a->id == id) {
            *pp = a->next;
            return a;
        }
    }
    return NULL;
}

void oc_sio_emit_with_ack(oc_sio_socket_t *s, const char *event, const char *args_json, size_t len,
                          oc_sio_ack_fn fn, void *ctx)
{
    if (!can_send(s)) {
        fn(s, OC_ECANCELED, NULL, 0, ctx);
        return;
    }
    oc_sio_pending_ack_t *a = oc_xcalloc(1, sizeof(*a));
    a->socket = s;
    oc_sio_socket_ref(s);
    a->id = s->next_ack_id++;
    a->fn = fn;
    a->ctx = ctx;
    oc_timeout_init(&a->deadline);
    a->next = s->acks;
    s->acks = a;
    oc_timeout_arm(&s->nsp->srv->ack_list, &a->deadline);
    oc__sio_encode_event(s->nsp, OC_SIO_EVENT, 0, a->id, event, strlen(event), args_json, len, 0);
    oc__sio_send_scratch(s, NULL, 0);
}

void oc__sio_ack_received(oc_sio_socket_t *s, int64_t id, const char *data, size_t len)
{
    oc_sio_pending_ack_t *a = ack_take(s, id);
    if (a == NULL)
        return; /* late (timed out) or unknown: socket.io ignores it too */
    a->fn(s, 0, data, len, a->ctx);
    ack_free(a);
}

void oc__sio_ack_timeout(oc_timeout_list_t *list, oc_timeout_t *t)
{
    OC_UNUSED(list);
    oc_sio_pending_ack_t *a = OC_CONTAINER_OF(t, oc_sio_pending_ack_t, deadline);
    oc_sio_socket_t *s = a->socket;
    ack_take(s, a->id);
    a->fn(s, OC_ETIMEDOUT, NULL, 0, a->ctx);
    ack_free(a);
}

void oc__sio_acks_cancel(oc_sio_socket_t *s)
{
    while (s->acks != NULL) {
        oc_sio_pending_ack_t *a = s->acks;
        s->acks = a->next;
        a->fn(s, OC_ECANCELED, NULL, 0, a->ctx);
        ack_free(a);
    }
}

void oc_sio_ack_binary(oc_sio_socket_t *s, int64_t ack_id, const char *args_json, size_t len,
                       const oc_sio_attachment_t *att, size_t num_att)
{
    if (ack_id < 0 || !can_send(s))
        return;
    oc__sio_encode_event(s->nsp, num_att ? OC_SIO_BINARY_ACK : OC_SIO_ACK, (uint32_t)num_att,
                         ack_id, NULL, 0, args_json, len, 0);
    oc__sio_send_scratch(s, att, num_att);
}

void oc_sio_ack(oc_sio_socket_t *s, int64_t ack_id, const char *args_json, size_t len)
{
    oc_sio_ack_binary(s, ack_id, args_json, len, NULL, 0);
}

/* ---- broadcasts ------------------------------------------------------------------------ */

void oc_sio_broadcast_init(oc_sio_broadcast_t *b, oc_sio_nsp_t *nsp)
{
    b->nsp = nsp;
    b->num_rooms = 0;
    b->num_except = 0;
    b->volatile_ = false;
}

void oc_sio_broadcast_to(oc_sio_broadcast_t *b, const char *room, size_t len)
{
    oc_assert(b->num_rooms < OC_SIO_MAX_TARGETS);
    b->rooms[b->num_rooms] = room;
    b->room_lens[b->num_rooms++] = len;
}

void oc_sio_broadcast_except(oc_sio_broadcast_t *b, const char *room, size_t len)
{
    oc_assert(b->num_except < OC_SIO_MAX_TARGETS);
    b->except[b->num_except] = room;
    b->except_lens[b->num_except++] = len;
}

/* Sends to every socket in the named room once: the room's members and the socket whose id
 * is the name (every socket is implicitly in a room named after its id). */
static size_t for_room(oc_sio_nsp_t *nsp, const char *name, size_t len, uint32_t gen,
                       oc_frame_t *frame)
{
    size_t n = 0;
    oc_room_t *room = oc_room_find(&nsp->rooms, name, len);
    if (room != NULL) {
        const oc_room_slot_t *slots = room->members;
        uint32_t count = room->count;
        for (uint32_t i = 0; i < count; i++) {
            /* Each delivery chases socket -> connection, cold cache lines in a big room:
             * fetch them a member or two ahead so the misses overlap. */
            if (i + 2 < count)
                __builtin_prefetch(slots[i + 2].member);
            if (i + 1 < count)
                __builtin_prefetch(oc__sio_member_socket(slots[i + 1].member)->conn);
            oc_room_member_t *m = slots[i].member;
            if (m->mark == gen)
                continue;
            m->mark = gen;
            if (frame != NULL) {
                oc__sio_send(oc__sio_member_socket(m), frame);
                n++;
            }
        }
    }
    /* The socket named by the id is in its room even when others joined a room of that
     * name: they must not take its emits from it. */
    oc_sio_socket_t *s = len == OC_SIO_ID_LEN ? oc_map_get(&nsp->sockets, name, len) : NULL;
    if (s != NULL && s->member.mark != gen) {
        s->member.mark = gen;
        if (frame != NULL) {
            oc__sio_send(s, frame);
            n++;
        }
    }
    return n;
}

size_t oc_sio_broadcast(oc_sio_broadcast_t *b, const char *event, const char *args_json, size_t len)
{
    oc_sio_nsp_t *nsp = b->nsp;
    bool store = nsp->recovery != NULL && !b->volatile_;
    uint64_t offset = store ? oc_recovery_next_offset(nsp->recovery) : 0;
    oc__sio_encode_event(nsp, OC_SIO_EVENT, 0, -1, event, strlen(event), args_json, len, offset);
    oc_buf_t *scratch = &nsp->srv->scratch;
    oc_frame_t *frame = oc_eio_frame_message(scratch->data, scratch->len);

    /* One generation number per broadcast: excluded sockets are marked first, then each
     * target is sent to once even when it is in several of the rooms. */
    uint32_t gen = ++nsp->bcast_gen;
    if (gen == 0)
        gen = ++nsp->bcast_gen;
    for (size_t i = 0; i < b->num_except; i++)
        for_room(nsp, b->except[i], b->except_lens[i], gen, NULL);
    size_t n = 0;
    if (b->num_rooms == 0) {
        const oc_map_entry_t *e;
        for (uint32_t it = 0; oc_map_next(&nsp->sockets, &it, &e);) {
            oc_sio_socket_t *s = e->value;
            if (s->member.mark != gen) {
                s->member.mark = gen;
                oc__sio_send(s, frame);
                n++;
            }
        }
    } else {
        for (size_t i = 0; i < b->num_rooms; i++)
            n += for_room(nsp, b->rooms[i], b->room_lens[i], gen, frame);
    }
    if (store) {
        oc_recovery_targets_t t = {b->rooms,  b->room_lens,   b->num_rooms,
                                   b->except, b->except_lens, b->num_except};
        oc_recovery_store(nsp->recovery, offset, frame, &t);
    }
    oc_frame_unref(frame);
    oc_metrics.messages_out += n;
    return n;
}
