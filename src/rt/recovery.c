/* Connection state recovery stores: see recovery.h. */
#include "rt/recovery.h"

#include "core/alloc.h"

#include <stdlib.h>
#include <string.h>

typedef struct packet {
    uint64_t offset;
    uint64_t stored_at; /* loop time, ms */
    oc_frame_t *frame;
    char *targets; /* packed: see pack_targets */
} packet_t;

struct oc_recovery {
    uv_loop_t *loop;
    unsigned window_ms;
    size_t max_packets;
    uint64_t next_offset;
    packet_t *ring;
    size_t head, count, cap;
    oc_map_t sessions; /* pid -> oc_recovery_session_t */
    oc_timeout_list_t expiry;
    uv_timer_t prune_timer;
};

/* ---- packed room lists ----------------------------------------------------------------- */

/* Layout: u32 num_rooms, u32 num_except, then for each name u32 length + bytes. One
 * allocation per packet; NULL when the packet went to the whole namespace with no except. */
static char *pack_targets(const oc_recovery_targets_t *t)
{
    if (t->num_rooms == 0 && t->num_except == 0)
        return NULL;
    size_t size = 8;
    for (size_t i = 0; i < t->num_rooms; i++)
        size += 4 + t->room_lens[i];
    for (size_t i = 0; i < t->num_except; i++)
        size += 4 + t->except_lens[i];
    char *p = oc_xmalloc(size), *w = p;
    uint32_t n = (uint32_t)t->num_rooms, e = (uint32_t)t->num_except;
    memcpy(w, &n, 4);
    memcpy(w + 4, &e, 4);
    w += 8;
    for (size_t i = 0; i < t->num_rooms + t->num_except; i++) {
        bool room = i < t->num_rooms;
        uint32_t len = (uint32_t)(room ? t->room_lens[i] : t->except_lens[i - t->num_rooms]);
        memcpy(w, &len, 4);
        memcpy(w + 4, room ? t->rooms[i] : t->except[i - t->num_rooms], len);
        w += 4 + len;
    }
    return p;
}

static bool session_in(const oc_recovery_session_t *s, const char *name, uint32_t len)
{
    for (size_t i = 0; i < s->num_rooms; i++) {
        if (strlen(s->rooms[i]) == len && memcmp(s->rooms[i], name, len) == 0)
            return true;
    }
    return false;
}

/* socket.io's shouldIncludePacket: some session room among the targets (or no targets),
 * and no session room among the exclusions. */
static bool packet_for(const oc_recovery_session_t *s, const char *targets)
{
    if (targets == NULL)
        return true;
    uint32_t n, e, len;
    memcpy(&n, targets, 4);
    memcpy(&e, targets + 4, 4);
    const char *p = targets + 8;
    bool included = n == 0;
    for (uint32_t i = 0; i < n + e; i++) {
        memcpy(&len, p, 4);
        bool hit = session_in(s, p + 4, len);
        if (i < n && hit)
            included = true;
        if (i >= n && hit)
            return false;
        p += 4 + len;
    }
    return included;
}

/* ---- packets --------------------------------------------------------------------------- */

static packet_t *at(oc_recovery_t *r, size_t i)
{
    return &r->ring[(r->head + i) % r->cap];
}

static void drop_oldest(oc_recovery_t *r)
{
    packet_t *p = at(r, 0);
    oc_frame_unref(p->frame);
    free(p->targets);
    r->head = (r->head + 1) % r->cap;
    r->count--;
}

static void prune(oc_recovery_t *r)
{
    uint64_t now = uv_now(r->loop);
    while (r->count > 0 && (at(r, 0)->stored_at + r->window_ms < now || r->count > r->max_packets))
        drop_oldest(r);
}

static void on_prune_timer(uv_timer_t *t)
{
    prune(t->data);
}

uint64_t oc_recovery_next_offset(oc_recovery_t *r)
{
    return r->next_offset;
}

void oc_recovery_store(oc_recovery_t *r, uint64_t offset, oc_frame_t *frame,
                       const oc_recovery_targets_t *targets)
{
    oc_assert(offset == r->next_offset);
    r->next_offset++;
    if (r->count == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 64;
        packet_t *ring = oc_xmalloc(cap * sizeof(*ring));
        for (size_t i = 0; i < r->count; i++)
            ring[i] = *at(r, i);
        free(r->ring);
        r->ring = ring;
        r->cap = cap;
        r->head = 0;
    }
    packet_t *p = at(r, r->count++);
    p->offset = offset;
    p->stored_at = uv_now(r->loop);
    p->frame = oc_frame_ref(frame);
    p->targets = pack_targets(targets);
    if (r->count > r->max_packets)
        drop_oldest(r);
}

size_t oc_recovery_packet_count(const oc_recovery_t *r)
{
    return r->count;
}

/* ---- sessions -------------------------------------------------------------------------- */

void oc_recovery_session_free(oc_recovery_session_t *s)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < s->num_rooms; i++)
        free(s->rooms[i]);
    free(s->rooms);
    free(s);
}

static void on_session_expired(oc_timeout_list_t *list, oc_timeout_t *t)
{
    oc_recovery_t *r = list->data;
    oc_recovery_session_t *s = OC_CONTAINER_OF(t, oc_recovery_session_t, expiry);
    oc_map_del(&r->sessions, s->pid, strlen(s->pid));
    oc_recovery_session_free(s);
}

void oc_recovery_persist(oc_recovery_t *r, const char *pid, const char *sid,
                         const char *const *rooms, const size_t *room_lens, size_t num_rooms)
{
    oc_assert(strlen(pid) <= 20 && strlen(sid) <= 20);
    oc_recovery_session_t *s = oc_xcalloc(1, sizeof(*s));
    strcpy(s->pid, pid);
    strcpy(s->sid, sid);
    s->owner = r;
    s->rooms = oc_xmalloc((num_rooms + 1) * sizeof(char *));
    for (size_t i = 0; i < num_rooms; i++)
        s->rooms[i] = oc_xstrndup(rooms[i], room_lens[i]);
    s->rooms[num_rooms] = oc_xstrdup(sid);
    s->num_rooms = num_rooms + 1;
    oc_timeout_init(&s->expiry);
    oc_recovery_session_t *old = oc_map_put(&r->sessions, s->pid, strlen(s->pid), s);
    if (old != NULL) {
        oc_timeout_disarm(&old->expiry);
        oc_recovery_session_free(old);
    }
    oc_timeout_arm(&r->expiry, &s->expiry);
}

static bool parse_offset(const char *s, size_t len, uint64_t *out)
{
    if (len == 0 || len > 19)
        return false;
    uint64_t v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (uint64_t)(s[i] - '0');
    }
    *out = v;
    return true;
}

oc_recovery_session_t *oc_recovery_restore(oc_recovery_t *r, const char *pid, size_t pid_len,
                                           const char *offset, size_t offset_len,
                                           bool (*keep)(const char *room, size_t len, void *ctx),
                                           void (*emit)(oc_frame_t *frame, void *ctx), void *ctx)
{
    oc_recovery_session_t *s = oc_map_del(&r->sessions, pid, pid_len);
    if (s == NULL)
        return NULL;
    /* The expiry timer may not have run yet for a session just past its window. */
    bool expired = s->expiry.deadline <= uv_now(r->loop);
    oc_timeout_disarm(&s->expiry);
    if (expired) {
        oc_recovery_session_free(s);
        return NULL;
    }
    prune(r);
    uint64_t off;
    /* The offset must still be stored: otherwise packets between it and the oldest stored
     * one are gone and the client would silently miss them. */
    if (!parse_offset(offset, offset_len, &off) || r->count == 0 || off < at(r, 0)->offset ||
        off >= r->next_offset) {
        oc_recovery_session_free(s);
        return NULL;
    }
    for (size_t i = 0; keep != NULL && i < s->num_rooms;) {
        const char *room = s->rooms[i];
        if (strcmp(room, s->sid) == 0 || keep(room, strlen(room), ctx)) {
            i++;
            continue;
        }
        free(s->rooms[i]);
        s->rooms[i] = s->rooms[--s->num_rooms];
    }
    for (size_t i = (size_t)(off - at(r, 0)->offset) + 1; i < r->count; i++) {
        packet_t *p = at(r, i);
        if (packet_for(s, p->targets))
            emit(p->frame, ctx);
    }
    return s;
}

size_t oc_recovery_session_count(const oc_recovery_t *r)
{
    return oc_map_count(&r->sessions);
}

/* ---- lifetime -------------------------------------------------------------------------- */

oc_recovery_t *oc_recovery_new(uv_loop_t *loop, unsigned window_ms, size_t max_packets)
{
    oc_recovery_t *r = oc_xcalloc(1, sizeof(*r));
    r->loop = loop;
    r->window_ms = window_ms;
    r->max_packets = max_packets ? max_packets : 1;
    r->next_offset = 1;
    oc_timeout_list_init(loop, &r->expiry, window_ms, on_session_expired);
    r->expiry.data = r;
    uv_timer_init(loop, &r->prune_timer);
    r->prune_timer.data = r;
    uv_unref((uv_handle_t *)&r->prune_timer);
    unsigned every = window_ms / 4 > 1000 ? window_ms / 4 : 1000;
    uv_timer_start(&r->prune_timer, on_prune_timer, every, every);
    return r;
}

void oc_recovery_close(oc_recovery_t *r)
{
    oc_timeout_list_close(&r->expiry);
    uv_close((uv_handle_t *)&r->prune_timer, NULL);
}

void oc_recovery_free(oc_recovery_t *r)
{
    if (r == NULL)
        return;
    while (r->count > 0)
        drop_oldest(r);
    free(r->ring);
    const oc_map_entry_t *e;
    for (uint32_t it = 0; oc_map_next(&r->sessions, &it, &e);)
        oc_recovery_session_free(e->value);
    oc_map_free(&r->sessions);
    free(r);
}
