/* The live layer's shared state, for the files of src/live (live.h is the outside view).
 *
 *   oc_live ── users:    user id ──► live_user ──► its live_sockets (one per tab)
 *           ├─ channels: channel id ──► {zone, text?}   (rooms a zone member is in)
 *           ├─ sockets:  every connected live_socket, for the presence sweep
 *           └─ typing:   (conversation, user) ──► typing entry on an 8 s deadline list
 *
 * A live_socket is the data of one Socket.IO socket of the main namespace; it holds a
 * reference to that socket and is freed when the socket disconnects. A live_user exists while
 * the user has a connected socket. */
#ifndef OC_LIVE_INTERNAL_H
#define OC_LIVE_INTERNAL_H

#include "live/live.h"

#include "core/buf.h"
#include "core/list.h"
#include "core/map.h"
#include "core/ratelimit.h"
#include "core/timeouts.h"
#include "domain/conversations.h"
#include "domain/places.h"

#include <cjson/cJSON.h>

#define LIVE_ROOM_MAX 40 /* "channel:" + 19 digits, with room to spare */

typedef struct live_user live_user_t;

typedef struct live_socket {
    oc_live_t *live;
    oc_sio_socket_t *sio; /* referenced while this exists */
    live_user_t *user;    /* NULL until the connect completed */
    int64_t user_id;
    int64_t session_id;
    uint64_t last_active; /* loop time of the last event (presence sweep) */
    oc_list_t user_link;  /* in user->sockets */
    oc_list_t all_link;   /* in live->sockets */
    oc_places_t *places;  /* loaded while connecting; consumed by the connect */
} live_socket_t;

struct live_user {
    int64_t id; /* the map key points here */
    oc_list_t sockets;
    size_t num_sockets;
    char status[16]; /* as chosen: online, idle, dnd, invisible */
    int64_t *friends;
    size_t num_friends, cap_friends;
    oc_place_dm_t *dms; /* DM chats with the peer, blocked or not */
    size_t num_dms, cap_dms;
    const char *shown; /* the presence friends were last told: a static string */
};

typedef struct live_channel {
    int64_t id; /* the map key points here */
    int64_t zone_id;
    bool text;
} live_channel_t;

struct oc_live {
    uv_loop_t *loop;
    const oc_config_t *cfg;
    oc_db_t *db;
    oc_gate_t *gate;
    oc_sio_server_t *sio;
    oc_sio_nsp_t *nsp;
    oc_ratelimit_t *rates;
    char *uploads_dir;
    oc_map_t users;    /* id -> live_user_t */
    oc_map_t channels; /* id -> live_channel_t */
    oc_list_t sockets; /* connected live_socket_t, oldest first */
    uv_timer_t sweep;
    oc_timeout_list_t typing_list;
    oc_map_t typing; /* (conversation id, user id) -> typing entry (typing.c) */
};

/* ---- live.c ---------------------------------------------------------------------------- */

live_user_t *oc__live_user(oc_live_t *live, int64_t user_id);

/* ---- rooms.c --------------------------------------------------------------------------- */

size_t oc__live_room(char *buf, const char *kind, int64_t id);
/* The room of a conversation: "dm:<chat>" or "channel:<channel>". */
size_t oc__live_conv_room(char *buf, const oc_conv_t *conv);
/* Joins a connecting socket to everything its places name, and records the zone's channels. */
void oc__live_join_places(live_socket_t *ls, const oc_places_t *p);
void oc__live_channel_put(oc_live_t *live, int64_t channel_id, int64_t zone_id, bool text);
const live_channel_t *oc__live_channel(oc_live_t *live, int64_t channel_id);
/* Emits to one room (JSON object text). */
void oc__live_emit_room(oc_live_t *live, const char *room, const char *event, const char *json,
                        size_t len);
void oc__live_emit_user(oc_live_t *live, int64_t user_id, const char *event, const char *json,
                        size_t len);

/* ---- presence.c ------------------------------------------------------------------------ */

void oc__live_presence_start(oc_live_t *live);
/* A user's first socket connected / last socket left. */
void oc__live_presence_online(oc_live_t *live, live_user_t *u);
void oc__live_presence_offline(oc_live_t *live, live_user_t *u);
/* The "ready" payload for a new socket: the user and their friends' presence. */
void oc__live_ready_json(oc_live_t *live, const oc_places_t *p, oc_buf_t *out);
/* The presence others see: "online", "idle", "dnd" or "offline". */
const char *oc__live_shown(const live_user_t *u);
void oc__live_presence_publish(oc_live_t *live, live_user_t *u, int64_t last_seen);

/* ---- events: payload.c ----------------------------------------------------------------- */

/* The first argument of an event as a JSON object (NULL when absent or not an object: the
 * caller answers invalid_payload). Free with cJSON_Delete. */
cJSON *oc__live_payload(const oc_sio_event_t *ev);
/* Acknowledgement helpers: one JSON object argument. */
void oc__live_ack_json(oc_sio_socket_t *s, int64_t ack_id, const char *json, size_t len);
void oc__live_ack_error(oc_sio_socket_t *s, int64_t ack_id, const char *code, const char *message);
void oc__live_ack_invalid(oc_sio_socket_t *s, int64_t ack_id, const char *field,
                          const char *message);
void oc__live_ack_refusal(oc_sio_socket_t *s, int64_t ack_id, oc_msg_refusal_t why);
/* Answers a failed database job: unavailable. */
void oc__live_ack_status(oc_sio_socket_t *s, int64_t ack_id, int status);
/* Takes one token of `action` for the user; answers rate_limited and returns false when
 * exhausted. */
bool oc__live_rate(live_socket_t *ls, int64_t ack_id, const char *action);
/* The conversation named by a payload: {chat_id} or {channel_id} (with an optional
 * chat_id). Answers invalid_field and returns false when neither or a bad one is given. */
bool oc__live_target(oc_sio_socket_t *s, int64_t ack_id, const cJSON *p, int64_t *chat_id,
                     int64_t *channel_id);
/* The socket's live data when it is a connected user's socket, else NULL. Every event
 * handler starts here: it also records the sign of life for the presence sweep. */
live_socket_t *oc__live_socket(oc_sio_socket_t *s);

/* ---- event handlers: messages.c, typing.c, reads.c -------------------------------------- */

void oc__live_messages_register(oc_live_t *live);
void oc__live_typing_register(oc_live_t *live);
void oc__live_reads_register(oc_live_t *live);
void oc__live_presence_register(oc_live_t *live);
/* Stops user_id's typing in conv (a message was sent), telling the others. */
void oc__live_typing_stop(oc_live_t *live, const oc_conv_t *conv, int64_t user_id);
void oc__live_typing_init(oc_live_t *live);
void oc__live_typing_close(oc_live_t *live);

#endif
