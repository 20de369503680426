/* Places: everything a signed-in user's sockets listen to, loaded once when a socket
 * connects — the user, their DM chats, their zones with every channel, and their friends
 * with the presence they chose.
 *
 * The socket layer (src/live) turns this into rooms and a presence snapshot; it is not used
 * to decide what a user may do (every action checks the database again). Functions run
 * inside database read jobs. */
#ifndef OC_DOMAIN_PLACES_H
#define OC_DOMAIN_PLACES_H

#include "domain/users.h"
#include "store/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct oc_place_dm {
    int64_t chat_id;
    int64_t peer_id;
    bool blocked; /* either blocked the other: no room for it */
} oc_place_dm_t;

typedef struct oc_place_channel {
    int64_t id;
    int64_t zone_id;
    bool text; /* else voice */
} oc_place_channel_t;

typedef struct oc_place_friend {
    int64_t id;
    char status[16]; /* as chosen: online, idle, dnd, invisible */
    int64_t last_seen;
    bool online; /* has a connected socket (on any server) */
} oc_place_friend_t;

/* Arrays are malloc'ed and owned by the struct: free with oc_places_free. */
typedef struct oc_places {
    oc_user_t user;
    oc_place_dm_t *dms;
    size_t num_dms;
    int64_t *zones;
    size_t num_zones;
    oc_place_channel_t *channels;
    size_t num_channels;
    oc_place_friend_t *friends;
    size_t num_friends;
} oc_places_t;

/* Loads a live user's places; OC_ENOENT when the user is gone. */
int oc_places_load(oc_dbc_t *c, int64_t user_id, oc_places_t *out);
/* The channels of one zone (for a user who just joined it, or a zone seen anew). */
int oc_places_zone_channels(oc_dbc_t *c, int64_t zone_id, oc_place_channel_t **out, size_t *n);
/* The DM chat between two users, 0 when there is none. */
int oc_places_dm_between(oc_dbc_t *c, int64_t a, int64_t b, int64_t *chat_id);
/* A user's chosen status and last seen time (for a friend who was just added). */
int oc_places_friend(oc_dbc_t *c, int64_t user_id, oc_place_friend_t *out);
void oc_places_free(oc_places_t *p);

#endif
