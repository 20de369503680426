/* Rooms: see room.h. */
#include "rt/room.h"

#include "core/alloc.h"
#include "core/errors.h"

#include <stdlib.h>
#include <string.h>

void oc_room_registry_init(oc_room_registry_t *reg)
{
    reg->rooms = (oc_map_t)OC_MAP_INIT;
}

static void room_free(oc_room_t *room)
{
    free(room->members);
    free(room->name);
    free(room);
}

void oc_room_registry_free(oc_room_registry_t *reg)
{
    const oc_map_entry_t *e;
    for (uint32_t it = 0; oc_map_next(&reg->rooms, &it, &e);)
        room_free(e->value);
    oc_map_free(&reg->rooms);
}

oc_room_t *oc_room_find(const oc_room_registry_t *reg, const char *name, size_t len)
{
    return oc_map_get(&reg->rooms, name, len);
}

size_t oc_room_count(const oc_room_registry_t *reg)
{
    return oc_map_count(&reg->rooms);
}

bool oc_room_has(const oc_room_member_t *m, const char *name, size_t len)
{
    for (uint32_t i = 0; i < m->num_rooms; i++) {
        const oc_room_t *r = m->rooms[i].room;
        if (r->name_len == len && memcmp(r->name, name, len) == 0)
            return true;
    }
    return false;
}

int oc_room_join(oc_room_registry_t *reg, oc_room_member_t *m, const char *name, size_t len)
{
    if (oc_room_has(m, name, len))
        return OC_EEXIST;
    oc_room_t *room = oc_map_get(&reg->rooms, name, len);
    if (room == NULL) {
        room = oc_xcalloc(1, sizeof(*room));
        room->name = oc_xstrndup(name, len);
        room->name_len = len;
        oc_map_put(&reg->rooms, room->name, len, room);
    }
    if (room->count == room->cap) {
        room->cap = room->cap ? room->cap * 2 : 4;
        room->members = oc_xrealloc(room->members, room->cap * sizeof(*room->members));
    }
    if (m->num_rooms == m->cap_rooms) {
        m->cap_rooms = m->cap_rooms ? m->cap_rooms * 2 : 2;
        m->rooms = oc_xrealloc(m->rooms, m->cap_rooms * sizeof(*m->rooms));
    }
    room->members[room->count] = (oc_room_slot_t){m, m->num_rooms};
    m->rooms[m->num_rooms] = (oc_room_link_t){room, room->count};
    room->count++;
    m->num_rooms++;
    return 0;
}

/* Removes the k-th room link of m, keeping both index arrays consistent. */
static void unlink_at(oc_room_registry_t *reg, oc_room_member_t *m, uint32_t k)
{
    oc_room_t *room = m->rooms[k].room;
    uint32_t i = m->rooms[k].index;

    /* Swap the room's last member into the hole and repoint that member's link. */
    oc_room_slot_t last = room->members[--room->count];
    if (i != room->count) {
        room->members[i] = last;
        last.member->rooms[last.slot].index = i;
    }
    /* Same on the member's side. */
    oc_room_link_t lastl = m->rooms[--m->num_rooms];
    if (k != m->num_rooms) {
        m->rooms[k] = lastl;
        lastl.room->members[lastl.index].slot = k;
    }
    if (room->count == 0) {
        oc_map_del(&reg->rooms, room->name, room->name_len);
        room_free(room);
    }
}

int oc_room_leave(oc_room_registry_t *reg, oc_room_member_t *m, const char *name, size_t len)
{
    for (uint32_t k = 0; k < m->num_rooms; k++) {
        const oc_room_t *r = m->rooms[k].room;
        if (r->name_len == len && memcmp(r->name, name, len) == 0) {
            unlink_at(reg, m, k);
            if (m->num_rooms == 0) {
                free(m->rooms);
                m->rooms = NULL;
                m->cap_rooms = 0;
            }
            return 0;
        }
    }
    return OC_ENOENT;
}

void oc_room_leave_all(oc_room_registry_t *reg, oc_room_member_t *m)
{
    while (m->num_rooms > 0)
        unlink_at(reg, m, m->num_rooms - 1);
    free(m->rooms);
    m->rooms = NULL;
    m->cap_rooms = 0;
}
