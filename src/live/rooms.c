/* Rooms of the live layer and the changes the REST API reports: see live.h.
 *
 *   user:<id>        every socket of a user (their own events, presence of friends)
 *   dm:<chat>        the two members of a DM chat, unless one blocked the other
 *   zone:<zone>      every member of a zone (member and channel changes)
 *   channel:<id>     every member of the channel's zone (messages, typing)
 *
 * A membership change that needs data (a zone's channels) reads it in one job and then
 * moves every socket of the user; the others are pure room moves. */
#include "live/live_internal.h"

#include "core/alloc.h"
#include "core/errors.h"
#include "core/json_writer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t oc__live_room(char *buf, const char *kind, int64_t id)
{
    return (size_t)snprintf(buf, LIVE_ROOM_MAX, "%s:%lld", kind, (long long)id);
}

size_t oc__live_conv_room(char *buf, const oc_conv_t *conv)
{
    return conv->kind == OC_CONV_DM ? oc__live_room(buf, "dm", conv->chat_id)
                                    : oc__live_room(buf, "channel", conv->channel_id);
}

void oc__live_channel_put(oc_live_t *live, int64_t channel_id, int64_t zone_id, bool text)
{
    live_channel_t *ch = oc_map_get(&live->channels, (const char *)&channel_id, 8);
    if (ch == NULL) {
        ch = oc_xcalloc(1, sizeof(*ch));
        ch->id = channel_id;
        oc_map_put(&live->channels, (const char *)&ch->id, 8, ch);
    }
    ch->zone_id = zone_id;
    ch->text = text;
}

const live_channel_t *oc__live_channel(oc_live_t *live, int64_t channel_id)
{
    return oc_map_get(&live->channels, (const char *)&channel_id, 8);
}

static void channel_forget(oc_live_t *live, int64_t channel_id)
{
    free(oc_map_del(&live->channels, (const char *)&channel_id, 8));
}

static void join(oc_sio_socket_t *s, const char *kind, int64_t id)
{
    char room[LIVE_ROOM_MAX];
    size_t n = oc__live_room(room, kind, id);
    oc_sio_join(s, room, n);
}

static void leave(oc_sio_socket_t *s, const char *kind, int64_t id)
{
    char room[LIVE_ROOM_MAX];
    size_t n = oc__live_room(room, kind, id);
    oc_sio_leave(s, room, n);
}

void oc__live_join_places(live_socket_t *ls, const oc_places_t *p)
{
    oc_sio_socket_t *s = ls->sio;
    /* A socket that came back through connection state recovery has its old rooms: start
     * from what the user belongs to now. */
    while (oc_sio_socket_room_count(s) > 0) {
        size_t len;
        const char *room = oc_sio_socket_room(s, 0, &len);
        char copy[LIVE_ROOM_MAX + 32];
        if (len >= sizeof(copy))
            len = sizeof(copy) - 1;
        memcpy(copy, room, len);
        oc_sio_leave(s, copy, len);
    }
    join(s, "user", p->user.id);
    for (size_t i = 0; i < p->num_dms; i++) {
        if (!p->dms[i].blocked)
            join(s, "dm", p->dms[i].chat_id);
    }
    for (size_t i = 0; i < p->num_zones; i++)
        join(s, "zone", p->zones[i]);
    for (size_t i = 0; i < p->num_channels; i++) {
        const oc_place_channel_t *ch = &p->channels[i];
        oc__live_channel_put(ls->live, ch->id, ch->zone_id, ch->text);
        join(s, "channel", ch->id);
    }
}

void oc__live_emit_room(oc_live_t *live, const char *room, const char *event, const char *json,
                        size_t len)
{
    oc_sio_broadcast_t b;
    oc_sio_broadcast_init(&b, live->nsp);
    oc_sio_broadcast_to(&b, room, strlen(room));
    oc_sio_broadcast(&b, event, json, len);
}

void oc__live_emit_user(oc_live_t *live, int64_t user_id, const char *event, const char *json,
                        size_t len)
{
    char room[LIVE_ROOM_MAX];
    oc__live_room(room, "user", user_id);
    oc__live_emit_room(live, room, event, json, len);
}

void oc_live_user_event(oc_live_t *live, int64_t user_id, const char *event, const char *json,
                        size_t len)
{
    oc__live_emit_user(live, user_id, event, json, len);
}

void oc_live_zone_event(oc_live_t *live, int64_t zone_id, const char *event, const char *json,
                        size_t len)
{
    char room[LIVE_ROOM_MAX];
    oc__live_room(room, "zone", zone_id);
    oc__live_emit_room(live, room, event, json, len);
}

/* Calls fn for every connected socket of a user. */
static void each_socket(oc_live_t *live, int64_t user_id, void (*fn)(oc_sio_socket_t *, void *),
                        void *arg)
{
    live_user_t *u = oc__live_user(live, user_id);
    if (u == NULL)
        return;
    oc_list_t *pos, *tmp;
    OC_LIST_FOREACH_SAFE(pos, tmp, &u->sockets)
    {
        fn(OC_LIST_ENTRY(pos, live_socket_t, user_link)->sio, arg);
    }
}

/* ---- zones ----------------------------------------------------------------------------- */

typedef struct zone_job {
    oc_live_t *live;
    int64_t zone_id, user_id;
    const oc_place_channel_t *channels;
    size_t num_channels;
} zone_job_t;

static void join_zone(oc_sio_socket_t *s, void *arg)
{
    const zone_job_t *j = arg;
    join(s, "zone", j->zone_id);
    for (size_t i = 0; i < j->num_channels; i++)
        join(s, "channel", j->channels[i].id);
}

void oc_live_zone_joined(oc_live_t *live, int64_t zone_id, int64_t user_id,
                         const oc_place_channel_t *channels, size_t num_channels)
{
    for (size_t i = 0; i < num_channels; i++)
        oc__live_channel_put(live, channels[i].id, zone_id, channels[i].text);
    zone_job_t j = {live, zone_id, user_id, channels, num_channels};
    each_socket(live, user_id, join_zone, &j);
    char json[96];
    int n = snprintf(json, sizeof(json), "{\"zone_id\":\"%lld\",\"user_id\":\"%lld\"}",
                     (long long)zone_id, (long long)user_id);
    oc__live_emit_user(live, user_id, "zone:joined", json, (size_t)n);
    oc_live_zone_event(live, zone_id, "zone:member_joined", json, (size_t)n);
}

/* Leaves the zone's room and every room of its channels. */
static void leave_zone(oc_sio_socket_t *s, void *arg)
{
    const zone_job_t *j = arg;
    leave(s, "zone", j->zone_id);
    for (size_t i = oc_sio_socket_room_count(s); i-- > 0;) {
        size_t len;
        const char *room = oc_sio_socket_room(s, i, &len);
        if (len <= 8 || memcmp(room, "channel:", 8) != 0)
            continue;
        int64_t id = strtoll(room + 8, NULL, 10);
        const live_channel_t *ch = oc__live_channel(j->live, id);
        if (ch != NULL && ch->zone_id == j->zone_id)
            leave(s, "channel", id);
    }
}

void oc_live_zone_left(oc_live_t *live, int64_t zone_id, int64_t user_id, const char *reason)
{
    zone_job_t j = {live, zone_id, user_id, NULL, 0};
    each_socket(live, user_id, leave_zone, &j);
    oc_buf_t b = OC_BUF_INIT;
    oc_buf_printf(&b, "{\"zone_id\":\"%lld\",\"user_id\":\"%lld\",\"reason\":", (long long)zone_id,
                  (long long)user_id);
    oc_json_append_cstr(&b, reason);
    oc_buf_append_char(&b, '}');
    oc__live_emit_user(live, user_id, "zone:left", b.data, b.len);
    oc_live_zone_event(live, zone_id, "zone:member_left", b.data, b.len);
    oc_buf_free(&b);
}

/* "zone:left" names the user it is for, as after a kick: here each socket's own. */
static void tell_deleted(oc_sio_socket_t *s, void *arg)
{
    const zone_job_t *j = arg;
    const live_socket_t *ls = oc_sio_socket_data(s);
    oc_assert(ls != NULL); /* every connected socket of the namespace is a user's */
    char json[128];
    int n = snprintf(json, sizeof(json),
                     "{\"zone_id\":\"%lld\",\"user_id\":\"%lld\",\"reason\":\"deleted\"}",
                     (long long)j->zone_id, (long long)ls->user_id);
    oc_sio_emit(s, "zone:left", json, (size_t)n);
    leave_zone(s, arg);
}

void oc_live_zone_deleted(oc_live_t *live, int64_t zone_id)
{
    zone_job_t j = {live, zone_id, 0, NULL, 0};
    char room[LIVE_ROOM_MAX];
    size_t n = oc__live_room(room, "zone", zone_id);
    oc_sio_room_foreach(live->nsp, room, n, tell_deleted, &j);
    /* The zone's channels are gone with it. */
    size_t count = 0;
    int64_t *gone = NULL;
    const oc_map_entry_t *e;
    for (uint32_t it = 0; oc_map_next(&live->channels, &it, &e);) {
        const live_channel_t *ch = e->value;
        if (ch->zone_id != zone_id)
            continue;
        gone = oc_xrealloc(gone, (count + 1) * sizeof(*gone));
        gone[count++] = ch->id;
    }
    for (size_t i = 0; i < count; i++)
        channel_forget(live, gone[i]);
    free(gone);
}

/* ---- channels -------------------------------------------------------------------------- */

typedef struct channel_move {
    int64_t channel_id;
} channel_move_t;

static void join_channel(oc_sio_socket_t *s, void *arg)
{
    join(s, "channel", ((channel_move_t *)arg)->channel_id);
}

static void leave_channel(oc_sio_socket_t *s, void *arg)
{
    leave(s, "channel", ((channel_move_t *)arg)->channel_id);
}

static void channel_event(oc_live_t *live, int64_t zone_id, int64_t channel_id, const char *event)
{
    char json[96];
    int n = snprintf(json, sizeof(json), "{\"zone_id\":\"%lld\",\"channel_id\":\"%lld\"}",
                     (long long)zone_id, (long long)channel_id);
    oc_live_zone_event(live, zone_id, event, json, (size_t)n);
}

void oc_live_channel_created(oc_live_t *live, int64_t zone_id, int64_t channel_id, bool text)
{
    oc__live_channel_put(live, channel_id, zone_id, text);
    channel_move_t m = {channel_id};
    char room[LIVE_ROOM_MAX];
    size_t n = oc__live_room(room, "zone", zone_id);
    oc_sio_room_foreach(live->nsp, room, n, join_channel, &m);
    channel_event(live, zone_id, channel_id, "channel:created");
}

void oc_live_channel_deleted(oc_live_t *live, int64_t zone_id, int64_t channel_id)
{
    channel_move_t m = {channel_id};
    char room[LIVE_ROOM_MAX];
    size_t n = oc__live_room(room, "channel", channel_id);
    oc_sio_room_foreach(live->nsp, room, n, leave_channel, &m);
    channel_forget(live, channel_id);
    channel_event(live, zone_id, channel_id, "channel:deleted");
}

/* ---- DMs, blocks ----------------------------------------------------------------------- */

static oc_place_dm_t *dm_with(live_user_t *u, int64_t peer_id)
{
    for (size_t i = 0; u != NULL && i < u->num_dms; i++) {
        if (u->dms[i].peer_id == peer_id)
            return &u->dms[i];
    }
    return NULL;
}

static void dm_record(oc_live_t *live, int64_t user_id, int64_t peer_id, int64_t chat_id)
{
    live_user_t *u = oc__live_user(live, user_id);
    if (u == NULL || dm_with(u, peer_id) != NULL)
        return;
    if (u->num_dms == u->cap_dms) {
        u->cap_dms = u->cap_dms ? u->cap_dms * 2 : 4;
        u->dms = oc_xrealloc(u->dms, u->cap_dms * sizeof(*u->dms));
    }
    u->dms[u->num_dms++] = (oc_place_dm_t){chat_id, peer_id, false};
}

typedef struct dm_move {
    int64_t chat_id;
} dm_move_t;

static void join_dm(oc_sio_socket_t *s, void *arg)
{
    join(s, "dm", ((dm_move_t *)arg)->chat_id);
}

static void leave_dm(oc_sio_socket_t *s, void *arg)
{
    leave(s, "dm", ((dm_move_t *)arg)->chat_id);
}

void oc_live_dm_opened(oc_live_t *live, int64_t chat_id, int64_t a, int64_t b)
{
    dm_record(live, a, b, chat_id);
    dm_record(live, b, a, chat_id);
    dm_move_t m = {chat_id};
    each_socket(live, a, join_dm, &m);
    each_socket(live, b, join_dm, &m);
    char json[96];
    int n = snprintf(json, sizeof(json), "{\"chat_id\":\"%lld\",\"user_id\":\"%lld\"}",
                     (long long)chat_id, (long long)b);
    oc__live_emit_user(live, a, "dm:opened", json, (size_t)n);
    n = snprintf(json, sizeof(json), "{\"chat_id\":\"%lld\",\"user_id\":\"%lld\"}",
                 (long long)chat_id, (long long)a);
    oc__live_emit_user(live, b, "dm:opened", json, (size_t)n);
}

/* Sets the blocked flag of the a-b DM for whichever of the two is online, and moves their
 * sockets. */
static void set_blocked(oc_live_t *live, int64_t a, int64_t b, bool blocked)
{
    int64_t users[2] = {a, b}, peers[2] = {b, a};
    for (int i = 0; i < 2; i++) {
        oc_place_dm_t *d = dm_with(oc__live_user(live, users[i]), peers[i]);
        if (d == NULL)
            continue;
        d->blocked = blocked;
        dm_move_t m = {d->chat_id};
        each_socket(live, users[i], blocked ? leave_dm : join_dm, &m);
    }
}

void oc_live_blocked(oc_live_t *live, int64_t blocker, int64_t blocked)
{
    set_blocked(live, blocker, blocked, true);
    /* A block ends the friendship. */
    oc_live_friends_changed(live, blocker, blocked, false);
}

void oc_live_unblocked(oc_live_t *live, int64_t a, int64_t b)
{
    set_blocked(live, a, b, false);
}
