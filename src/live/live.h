/* Live chat: the main Socket.IO namespace of signed-in users — messages, typing, read
 * receipts and presence, and the rooms that decide who hears what.
 *
 *   socket event ─► payload check ─► rate limit ─► database job (domain rules, commit)
 *        ─► acknowledgement ─► broadcast to the conversation's room
 *
 * Every socket belongs to one session of one user. Rooms: "user:<id>" (all of a user's
 * sockets), "dm:<chat>", "zone:<zone>" and "channel:<channel>"; they are set when the socket
 * connects and changed at once when the REST API reports a change (the oc_live_* calls
 * below). Presence lives here, in memory: a user is online while any socket is. The protocol
 * is docs/PROTOCOL.md. Loop thread only. */
#ifndef OC_LIVE_LIVE_H
#define OC_LIVE_LIVE_H

#include "auth/gate.h"
#include "core/config.h"
#include "domain/places.h"
#include "rt/sio.h"
#include "store/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

typedef struct oc_live oc_live_t;

/* Registers the main namespace "/" on sio with its handlers and starts the presence sweep.
 * cfg, db, gate and sio are borrowed and outlive the live layer. NULL with a message in err
 * for a configuration that cannot work. */
oc_live_t *oc_live_new(uv_loop_t *loop, const oc_config_t *cfg, oc_db_t *db, oc_gate_t *gate,
                       oc_sio_server_t *sio, char *err, size_t err_len);
/* Stops the timers (the loop closes them); call when the server drains. */
void oc_live_close(oc_live_t *live);
/* After the loop ran the closes. NULL-safe. */
void oc_live_free(oc_live_t *live);

/* ---- changes made through the REST API, after they committed --------------------------- */

/* user_id joined (or created) the zone, which has these channels: their sockets join its
 * rooms and get "zone:joined"; the zone's members get "zone:member_joined". */
void oc_live_zone_joined(oc_live_t *live, int64_t zone_id, int64_t user_id,
                         const oc_place_channel_t *channels, size_t num_channels);
/* user_id is no longer a member (reason "left", "kicked" or "banned"): their sockets leave
 * the zone's rooms and get "zone:left"; the members get "zone:member_left". */
void oc_live_zone_left(oc_live_t *live, int64_t zone_id, int64_t user_id, const char *reason);
/* The zone is gone: "zone:left" (reason "deleted") to every member, rooms left. */
void oc_live_zone_deleted(oc_live_t *live, int64_t zone_id);
/* A change the zone's members are told about with a small payload (JSON object text):
 * "zone:updated", "zone:member_updated", "channel:updated", "channel:reordered". */
void oc_live_zone_event(oc_live_t *live, int64_t zone_id, const char *event, const char *json,
                        size_t len);
/* A channel was created (members' sockets join its room) or deleted (they leave it);
 * the members get "channel:created" / "channel:deleted". */
void oc_live_channel_created(oc_live_t *live, int64_t zone_id, int64_t channel_id, bool text);
void oc_live_channel_deleted(oc_live_t *live, int64_t zone_id, int64_t channel_id);

/* A DM chat was opened between a and b: their sockets join its room; both get "dm:opened". */
void oc_live_dm_opened(oc_live_t *live, int64_t chat_id, int64_t a, int64_t b);
/* blocker blocked blocked: the DM room is left by both and their friendship (if any) ended. */
void oc_live_blocked(oc_live_t *live, int64_t blocker, int64_t blocked);
/* a and b no longer block each other either way (the caller checked, in the job that removed
 * the block): their sockets join the DM room again at once. */
void oc_live_unblocked(oc_live_t *live, int64_t a, int64_t b);
/* a and b became friends (each sees the other's presence) or stopped being friends (each
 * sees the other go offline); both get "friend:added" / "friend:removed". */
void oc_live_friends_changed(oc_live_t *live, int64_t a, int64_t b, bool friends);
/* An event for all of one user's sockets (JSON object text), e.g. "friend:request". */
void oc_live_user_event(oc_live_t *live, int64_t user_id, const char *event, const char *json,
                        size_t len);
/* The user chose a presence status (online, idle, dnd, invisible) through the REST API. */
void oc_live_status_changed(oc_live_t *live, int64_t user_id, const char *status);

#endif
