/* Typing indicators: relayed to the others in a conversation, with no database work.
 *
 * Who may type where is read from the socket's rooms (they are the user's memberships), so a
 * typing event costs a map lookup and, at most every RELAY_EVERY_MS per user and
 * conversation, one broadcast. An indicator that is not refreshed ends by itself after
 * TYPING_MS: the deadline list (one timer for all) sends the "typing:stop" the client never
 * sent. */
#include "live/live_internal.h"

#include "core/alloc.h"
#include "core/errors.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TYPING_MS      8000
#define RELAY_EVERY_MS 3000

typedef struct typing {
    oc_timeout_t deadline;
    int64_t key[2]; /* conversation id, user id: the map key */
    oc_live_t *live;
    int64_t chat_id, channel_id, user_id;
    char room[LIVE_ROOM_MAX];
    uint64_t last_relay; /* loop time */
} typing_t;

static void relay(typing_t *t, const char *event)
{
    oc_live_t *live = t->live;
    char json[128];
    int n;
    if (t->channel_id)
        n = snprintf(json, sizeof(json),
                     "{\"chat_id\":\"%lld\",\"channel_id\":\"%lld\",\"user_id\":\"%lld\"}",
                     (long long)t->chat_id, (long long)t->channel_id, (long long)t->user_id);
    else
        n = snprintf(json, sizeof(json),
                     "{\"chat_id\":\"%lld\",\"channel_id\":null,\"user_id\":\"%lld\"}",
                     (long long)t->chat_id, (long long)t->user_id);
    char self[LIVE_ROOM_MAX];
    size_t sl = oc__live_room(self, "user", t->user_id);
    oc_sio_broadcast_t b;
    oc_sio_broadcast_init(&b, live->nsp);
    oc_sio_broadcast_to(&b, t->room, strlen(t->room));
    oc_sio_broadcast_except(&b, self, sl); /* not to the typing user's own tabs */
    b.volatile_ = true;                    /* a missed indicator is not worth recovering */
    oc_sio_broadcast(&b, event, json, (size_t)n);
}

static void typing_end(typing_t *t, bool tell)
{
    if (tell)
        relay(t, "typing:stop");
    oc_timeout_disarm(&t->deadline);
    oc_map_del(&t->live->typing, (const char *)t->key, sizeof(t->key));
    free(t);
}

static void expired(oc_timeout_list_t *list, oc_timeout_t *node)
{
    (void)list;
    typing_end((typing_t *)node, true);
}

static typing_t *find(oc_live_t *live, int64_t conv_id, int64_t user_id)
{
    int64_t key[2] = {conv_id, user_id};
    return oc_map_get(&live->typing, (const char *)key, sizeof(key));
}

void oc__live_typing_stop(oc_live_t *live, const oc_conv_t *conv, int64_t user_id)
{
    typing_t *t = find(live, conv->id, user_id);
    if (t != NULL)
        typing_end(t, true);
}

/* Resolves the payload's conversation from the socket's rooms; answers the error and
 * returns false when the user is not in it. */
static bool resolve(live_socket_t *ls, const oc_sio_event_t *ev, const cJSON *p, int64_t *chat_id,
                    int64_t *channel_id, char *room)
{
    oc_sio_socket_t *s = ls->sio;
    if (!oc__live_target(s, ev->ack_id, p, chat_id, channel_id))
        return false;
    if (*channel_id != 0) {
        const live_channel_t *ch = oc__live_channel(ls->live, *channel_id);
        size_t n = oc__live_room(room, "channel", *channel_id);
        if (ch == NULL || !oc_sio_in_room(s, room, n) || (*chat_id && *chat_id != ch->zone_id)) {
            oc__live_ack_refusal(s, ev->ack_id, OC_MR_CHANNEL_NOT_FOUND);
            return false;
        }
        if (!ch->text) {
            oc__live_ack_refusal(s, ev->ack_id, OC_MR_CHANNEL_NOT_TEXT);
            return false;
        }
        *chat_id = ch->zone_id;
        return true;
    }
    size_t n = oc__live_room(room, "dm", *chat_id);
    if (oc_sio_in_room(s, room, n))
        return true;
    /* Not in the room: a DM closed by a block, or none of theirs. */
    for (size_t i = 0; i < ls->user->num_dms; i++) {
        if (ls->user->dms[i].chat_id == *chat_id && ls->user->dms[i].blocked) {
            oc__live_ack_refusal(s, ev->ack_id, OC_MR_BLOCKED);
            return false;
        }
    }
    oc__live_ack_refusal(s, ev->ack_id, OC_MR_CHAT_NOT_FOUND);
    return false;
}

static void on_typing(oc_sio_socket_t *s, const oc_sio_event_t *ev, bool start)
{
    live_socket_t *ls = oc__live_socket(s);
    if (ls == NULL)
        return;
    oc_live_t *live = ls->live;
    cJSON *p = oc__live_payload(ev);
    int64_t chat_id = 0, channel_id = 0;
    char room[LIVE_ROOM_MAX];
    bool ok = p != NULL ? resolve(ls, ev, p, &chat_id, &channel_id, room) : false;
    if (p == NULL)
        oc__live_ack_invalid(s, ev->ack_id, "payload", "The event needs a JSON object.");
    cJSON_Delete(p);
    if (!ok)
        return;
    int64_t conv_id = channel_id ? channel_id : chat_id;
    typing_t *t = find(live, conv_id, ls->user_id);
    uint64_t now = uv_now(live->loop);
    if (!start) {
        if (t != NULL)
            typing_end(t, true);
    } else if (t == NULL) {
        t = oc_xcalloc(1, sizeof(*t));
        oc_timeout_init(&t->deadline);
        t->key[0] = conv_id;
        t->key[1] = ls->user_id;
        t->live = live;
        t->chat_id = chat_id;
        t->channel_id = channel_id;
        t->user_id = ls->user_id;
        snprintf(t->room, sizeof(t->room), "%s", room);
        t->last_relay = now;
        oc_map_put(&live->typing, (const char *)t->key, sizeof(t->key), t);
        oc_timeout_arm(&live->typing_list, &t->deadline);
        relay(t, "typing:start");
    } else {
        oc_timeout_arm(&live->typing_list, &t->deadline);
        /* Clients repeat typing:start every few seconds; the others need it less often. */
        if (now - t->last_relay >= RELAY_EVERY_MS) {
            t->last_relay = now;
            relay(t, "typing:start");
        }
    }
    oc__live_ack_json(s, ev->ack_id, "{}", 2);
}

static void on_start(oc_sio_socket_t *s, const oc_sio_event_t *ev, void *ctx)
{
    (void)ctx;
    on_typing(s, ev, true);
}

static void on_stop(oc_sio_socket_t *s, const oc_sio_event_t *ev, void *ctx)
{
    (void)ctx;
    on_typing(s, ev, false);
}

void oc__live_typing_register(oc_live_t *live)
{
    oc_sio_on(live->nsp, "typing:start", on_start, live);
    oc_sio_on(live->nsp, "typing:stop", on_stop, live);
}

void oc__live_typing_init(oc_live_t *live)
{
    oc_timeout_list_init(live->loop, &live->typing_list, TYPING_MS, expired);
    live->typing_list.data = live;
}

void oc__live_typing_close(oc_live_t *live)
{
    const oc_map_entry_t *e;
    uint32_t it = 0;
    while (oc_map_next(&live->typing, &it, &e)) {
        typing_t *t = e->value;
        oc_timeout_disarm(&t->deadline);
        free(t);
    }
    oc_map_free(&live->typing);
    oc_timeout_list_close(&live->typing_list);
}
