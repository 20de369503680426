/* Rooms: named sets of members within one namespace.
 *
 * A member (embedded in a Socket.IO socket) keeps the list of rooms it is in and each room
 * keeps its members in an array; both sides store the other's index, so join and leave are
 * O(1) and a broadcast walks a flat array. A room exists while it has members. The `mark`
 * field lets one broadcast to several rooms reach each member once.
 *
 *   member.rooms[k] = {room, index}  <───►  room.members[index] = {member, slot = k}
 */
#ifndef OC_RT_ROOM_H
#define OC_RT_ROOM_H

#include "core/map.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct oc_room oc_room_t;
typedef struct oc_room_member oc_room_member_t;

typedef struct oc_room_link {
    oc_room_t *room;
    uint32_t index; /* position of the member in room->members */
} oc_room_link_t;

struct oc_room_member {
    oc_room_link_t *rooms; /* owned; NULL when in no room */
    uint32_t num_rooms;
    uint32_t cap_rooms;
    uint32_t mark; /* broadcast generation that last reached or excluded this member */
};

typedef struct oc_room_slot {
    oc_room_member_t *member;
    uint32_t slot; /* position of this room in member->rooms */
} oc_room_slot_t;

struct oc_room {
    char *name; /* owned, NUL-terminated */
    size_t name_len;
    oc_room_slot_t *members;
    uint32_t count;
    uint32_t cap;
};

typedef struct oc_room_registry {
    oc_map_t rooms; /* name -> oc_room_t */
} oc_room_registry_t;

void oc_room_registry_init(oc_room_registry_t *reg);
/* Frees every room; members must have left (or be freed without leaving). */
void oc_room_registry_free(oc_room_registry_t *reg);

/* Adds m to the room (created if needed). Returns 0, or OC_EEXIST if already a member. */
int oc_room_join(oc_room_registry_t *reg, oc_room_member_t *m, const char *name, size_t len);
/* Removes m from the room (freed when empty). Returns 0 or OC_ENOENT. */
int oc_room_leave(oc_room_registry_t *reg, oc_room_member_t *m, const char *name, size_t len);
/* Removes m from every room and frees its room list. */
void oc_room_leave_all(oc_room_registry_t *reg, oc_room_member_t *m);
oc_room_t *oc_room_find(const oc_room_registry_t *reg, const char *name, size_t len);
bool oc_room_has(const oc_room_member_t *m, const char *name, size_t len);
size_t oc_room_count(const oc_room_registry_t *reg);

#endif
