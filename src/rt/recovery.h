/* Connection state recovery: what a client that reconnects within the window has missed.
 *
 * Per namespace, two stores with the same time window (socket.io 4.6+ semantics):
 * - every stored broadcast (an EVENT without ack) with its offset, its encoded frame (the
 *   offset is the last argument inside it) and its target and excluded rooms;
 * - the sessions of sockets that dropped for a recoverable reason: private id (pid),
 *   socket id and rooms.
 * A client reconnects with {pid, offset}; if both are still known it gets its socket id and
 * rooms back and every stored packet after the offset that its rooms would have received. */
#ifndef OC_RT_RECOVERY_H
#define OC_RT_RECOVERY_H

#include "core/frame.h"
#include "core/list.h"
#include "core/map.h"
#include "core/timeouts.h"

#include <stddef.h>
#include <stdint.h>
#include <uv.h>

typedef struct oc_recovery oc_recovery_t;

/* Where a stored packet went: rooms (none = the whole namespace) minus except rooms. */
typedef struct oc_recovery_targets {
    const char *const *rooms;
    const size_t *room_lens;
    size_t num_rooms;
    const char *const *except;
    const size_t *except_lens;
    size_t num_except;
} oc_recovery_targets_t;

typedef struct oc_recovery_session {
    char pid[21];
    char sid[21];
    char **rooms; /* owned names, the socket's own id included */
    size_t num_rooms;
    oc_timeout_t expiry;
    struct oc_recovery *owner;
} oc_recovery_session_t;

/* window_ms: how long packets and sessions are kept; max_packets bounds memory. */
oc_recovery_t *oc_recovery_new(uv_loop_t *loop, unsigned window_ms, size_t max_packets);
/* Two-step teardown as for libuv handles: _close stops the timers, _free releases memory
 * after the loop ran the closes. */
void oc_recovery_close(oc_recovery_t *r);
void oc_recovery_free(oc_recovery_t *r);

/* The offset the next stored packet gets; the caller encodes it (decimal) into the packet. */
uint64_t oc_recovery_next_offset(oc_recovery_t *r);
/* Stores frame (a reference is taken) under the offset from oc_recovery_next_offset. */
void oc_recovery_store(oc_recovery_t *r, uint64_t offset, oc_frame_t *frame,
                       const oc_recovery_targets_t *targets);

/* Keeps a dropped socket's session for the window. pid and sid are NUL-terminated ids of at
 * most 20 characters; rooms are the socket's rooms (its own id is added). */
void oc_recovery_persist(oc_recovery_t *r, const char *pid, const char *sid,
                         const char *const *rooms, const size_t *room_lens, size_t num_rooms);

/* Takes the session for pid if it is within the window and the offset is still stored:
 * drops the session's rooms for which keep (when not NULL) says false (memberships that ended
 * while the client was away), then calls emit for every later packet the remaining rooms
 * would have received, in order, and returns the session (free it with
 * oc_recovery_session_free). NULL when recovery is not possible (the session then stays
 * unavailable: it was taken or never existed). */
oc_recovery_session_t *oc_recovery_restore(oc_recovery_t *r, const char *pid, size_t pid_len,
                                           const char *offset, size_t offset_len,
                                           bool (*keep)(const char *room, size_t len, void *ctx),
                                           void (*emit)(oc_frame_t *frame, void *ctx), void *ctx);
void oc_recovery_session_free(oc_recovery_session_t *s);

size_t oc_recovery_packet_count(const oc_recovery_t *r);
size_t oc_recovery_session_count(const oc_recovery_t *r);

#endif
