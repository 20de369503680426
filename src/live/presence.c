/* Presence: who is online, told to friends only; the sweep of silent sockets; the chosen
 * status. See live.h and docs/PROTOCOL.md.
 *
 * A user is online while any of their sockets is connected. What friends see ("shown") is
 * the chosen status, or "offline" for no socket or "invisible"; friends are told only when
 * it changes. The database keeps users.online and last_seen in step (one write per change),
 * so the REST API shows the same presence. */
#include "live/live_internal.h"

#include "core/alloc.h"
#include "core/errors.h"
#include "core/id.h"
#include "core/json_fields.h"
#include "core/json_writer.h"
#include "domain/profiles.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The statuses as static strings (live_user.shown points at one). */
static const char *canonical(const char *status)
{
    static const char *const all[] = {"online", "idle", "dnd", "invisible", "offline"};
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
        if (strcmp(status, all[i]) == 0)
            return all[i];
    }
    return "online";
}

const char *oc__live_shown(const live_user_t *u)
{
    if (u->num_sockets == 0 || strcmp(u->status, "invisible") == 0)
        return "offline";
    return canonical(u->status);
}

static void presence_json(oc_buf_t *out, int64_t user_id, const char *status, int64_t last_seen)
{
    oc_buf_printf(out, "{\"user_id\":\"%lld\",\"status\":\"%s\",\"last_seen\":", (long long)user_id,
                  status);
    if (last_seen > 0 && strcmp(status, "offline") == 0)
        oc_json_append_i64(out, last_seen);
    else
        oc_buf_append_str(out, "null");
    oc_buf_append_char(out, '}');
}

/* Sends one event to the "user:<id>" rooms of the given users that are online here, encoded
 * once per batch of rooms. */
static void emit_to_users(oc_live_t *live, const int64_t *ids, size_t n, const char *event,
                          const char *json, size_t len)
{
    char rooms[OC_SIO_MAX_TARGETS][LIVE_ROOM_MAX];
    oc_sio_broadcast_t b;
    size_t k = 0;
    for (size_t i = 0; i <= n; i++) {
        if (k > 0 && (i == n || k == OC_SIO_MAX_TARGETS)) {
            oc_sio_broadcast(&b, event, json, len);
            k = 0;
        }
        if (i == n)
            break;
        if (oc__live_user(live, ids[i]) == NULL)
            continue;
        if (k == 0)
            oc_sio_broadcast_init(&b, live->nsp);
        size_t rl = oc__live_room(rooms[k], "user", ids[i]);
        oc_sio_broadcast_to(&b, rooms[k], rl);
        k++;
    }
}

void oc__live_presence_publish(oc_live_t *live, live_user_t *u, int64_t last_seen)
{
    const char *now = oc__live_shown(u);
    if (strcmp(now, u->shown) == 0)
        return;
    u->shown = now;
    oc_buf_t b = OC_BUF_INIT;
    presence_json(&b, u->id, now, last_seen);
    emit_to_users(live, u->friends, u->num_friends, "presence:update", b.data, b.len);
    oc_buf_free(&b);
}

/* ---- online, offline ------------------------------------------------------------------- */

typedef struct seen_job {
    int64_t user_id;
    bool online;
    int64_t at;
} seen_job_t;

static int seen_work(oc_dbc_t *c, void *arg)
{
    seen_job_t *j = arg;
    return oc_user_set_online(c, j->user_id, j->online, j->at);
}

static void seen_done(int status, void *arg)
{
    (void)status;
    free(arg);
}

static void record(oc_live_t *live, int64_t user_id, bool online, int64_t at)
{
    seen_job_t *j = oc_xmalloc(sizeof(*j));
    *j = (seen_job_t){user_id, online, at};
    if (oc_db_write(live->db, seen_work, seen_done, j) != 0)
        free(j);
}

void oc__live_presence_online(oc_live_t *live, live_user_t *u)
{
    record(live, u->id, true, 0);
    oc__live_presence_publish(live, u, 0);
}

void oc__live_presence_offline(oc_live_t *live, live_user_t *u)
{
    int64_t now = oc_now_ms();
    record(live, u->id, false, now);
    oc__live_presence_publish(live, u, now);
}

/* ---- the ready snapshot ---------------------------------------------------------------- */

/* The snapshot takes a friend who is not connected here from users.online (they may be on
 * another server). But the places were read by a reader that does not wait for the writer:
 * when a friend's last socket closed here a moment before, the write of that departure may
 * not have committed, the snapshot says "online", and the presence:update offline went out
 * before this socket was there to hear it. A write job runs after every write queued before
 * it, so it reads those friends again as they are now and the new socket is told of any who
 * are in fact offline. */
typedef struct recheck_job {
    oc_live_t *live;
    oc_sio_socket_t *sio; /* referenced until done */
    size_t n;
    int64_t *ids;
    oc_place_friend_t *now; /* n entries, filled by the job (id 0: account gone) */
} recheck_job_t;

static int recheck_work(oc_dbc_t *c, void *arg)
{
    recheck_job_t *j = arg;
    for (size_t i = 0; i < j->n; i++) {
        int rc = oc_places_friend(c, j->ids[i], &j->now[i]);
        if (rc != 0 && rc != OC_ENOENT)
            return rc;
    }
    return 0;
}

static void recheck_done(int status, void *arg)
{
    recheck_job_t *j = arg;
    for (size_t i = 0; status == 0 && i < j->n; i++) {
        const oc_place_friend_t *f = &j->now[i];
        /* Connected here (again): the socket has heard of it like every friend's. */
        if (f->id == 0 || f->online || oc__live_user(j->live, f->id) != NULL)
            continue;
        oc_buf_t b = OC_BUF_INIT;
        presence_json(&b, f->id, "offline", strcmp(f->status, "invisible") == 0 ? 0 : f->last_seen);
        oc_sio_emit(j->sio, "presence:update", b.data, b.len);
        oc_buf_free(&b);
    }
    oc_sio_socket_unref(j->sio);
    free(j->ids);
    free(j->now);
    free(j);
}

/* Queues the recheck of `ids` for the socket that is getting the snapshot: the user's newest,
 * as on_connect adds it to the user before building "ready". Takes ids. */
static void recheck(oc_live_t *live, int64_t user_id, int64_t *ids, size_t n)
{
    live_user_t *me = oc__live_user(live, user_id);
    if (n == 0 || me == NULL || oc_list_empty(&me->sockets)) {
        free(ids);
        return;
    }
    recheck_job_t *j = oc_xcalloc(1, sizeof(*j));
    j->live = live;
    j->sio = OC_LIST_ENTRY(me->sockets.prev, live_socket_t, user_link)->sio;
    j->n = n;
    j->ids = ids;
    j->now = oc_xcalloc(n, sizeof(*j->now));
    oc_sio_socket_ref(j->sio);
    if (oc_db_write(live->db, recheck_work, recheck_done, j) != 0)
        recheck_done(OC_ECANCELED, j);
}

void oc__live_ready_json(oc_live_t *live, const oc_places_t *p, oc_buf_t *out)
{
    int64_t *elsewhere = NULL; /* shown connected from users.online alone */
    size_t n = 0;
    oc_buf_append_str(out, "{\"user\":");
    oc_user_json_self(out, &p->user);
    oc_buf_append_str(out, ",\"presence\":[");
    for (size_t i = 0; i < p->num_friends; i++) {
        const oc_place_friend_t *f = &p->friends[i];
        const live_user_t *fu = oc__live_user(live, f->id);
        bool invisible = strcmp(f->status, "invisible") == 0;
        const char *status;
        if (fu != NULL) {
            status = oc__live_shown(fu);
        } else if (f->online && !invisible) { /* connected to another server, or just left */
            status = canonical(f->status);
            if (elsewhere == NULL)
                elsewhere = oc_xmalloc(p->num_friends * sizeof(*elsewhere));
            elsewhere[n++] = f->id;
        } else {
            status = "offline";
        }
        if (i)
            oc_buf_append_char(out, ',');
        presence_json(out, f->id, status, invisible ? 0 : f->last_seen);
    }
    oc_buf_append_str(out, "]}");
    recheck(live, p->user.id, elsewhere, n);
}

/* ---- the sweep ------------------------------------------------------------------------- */

/* Disconnects every socket that has been silent for longer than the presence timeout (a
 * frozen tab, a half-open connection the transport has not noticed yet). */
static void sweep(uv_timer_t *t)
{
    oc_live_t *live = t->data;
    uint64_t now = uv_now(live->loop), limit = live->cfg->presence_timeout_ms;
    size_t n = 0, cap = 0;
    oc_sio_socket_t **silent = NULL;
    oc_list_t *pos, *tmp;
    OC_LIST_FOREACH_SAFE(pos, tmp, &live->sockets)
    {
        live_socket_t *ls = OC_LIST_ENTRY(pos, live_socket_t, all_link);
        if (now - ls->last_active <= limit)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            silent = oc_xrealloc(silent, cap * sizeof(*silent));
        }
        silent[n++] = ls->sio;
        oc_sio_socket_ref(ls->sio);
    }
    for (size_t i = 0; i < n; i++) {
        /* The whole session goes: a client that is alive reconnects by itself. */
        oc_sio_disconnect(silent[i], true);
        oc_sio_socket_unref(silent[i]);
    }
    free(silent);
}

static int all_offline_work(oc_dbc_t *c, void *arg)
{
    (void)arg;
    return oc_users_all_offline(c, oc_now_ms());
}

static void all_offline_done(int status, void *arg)
{
    (void)status;
    (void)arg;
}

void oc__live_presence_start(oc_live_t *live)
{
    /* No socket is connected yet: whoever the database still thinks is online is not. */
    oc_db_write(live->db, all_offline_work, all_offline_done, NULL);
    uv_timer_init(live->loop, &live->sweep);
    live->sweep.data = live;
    uv_timer_start(&live->sweep, sweep, live->cfg->presence_sweep_ms, live->cfg->presence_sweep_ms);
}

/* ---- friends --------------------------------------------------------------------------- */

static bool has_friend(const live_user_t *u, int64_t id)
{
    for (size_t i = 0; i < u->num_friends; i++) {
        if (u->friends[i] == id)
            return true;
    }
    return false;
}

static void add_friend(live_user_t *u, int64_t id)
{
    if (u == NULL || has_friend(u, id))
        return;
    if (u->num_friends == u->cap_friends) {
        u->cap_friends = u->cap_friends ? u->cap_friends * 2 : 8;
        u->friends = oc_xrealloc(u->friends, u->cap_friends * sizeof(*u->friends));
    }
    u->friends[u->num_friends++] = id;
}

static bool remove_friend(live_user_t *u, int64_t id)
{
    for (size_t i = 0; u != NULL && i < u->num_friends; i++) {
        if (u->friends[i] == id) {
            u->friends[i] = u->friends[--u->num_friends];
            return true;
        }
    }
    return false;
}

typedef struct friends_job {
    oc_live_t *live;
    int64_t a, b;
    oc_place_friend_t fa, fb;
} friends_job_t;

/* A write job, though it only reads: it then runs after the writes of presence changes queued
 * before it (a departure from this server a moment ago), so it reads them as they are now. */
static int friends_work(oc_dbc_t *c, void *arg)
{
    friends_job_t *j = arg;
    int rc = oc_places_friend(c, j->a, &j->fa);
    return rc == 0 ? oc_places_friend(c, j->b, &j->fb) : rc;
}

/* Tells `to` the presence of a new friend. */
static void tell_presence(oc_live_t *live, int64_t to, const oc_place_friend_t *f)
{
    const live_user_t *fu = oc__live_user(live, f->id);
    bool invisible = strcmp(f->status, "invisible") == 0;
    const char *status = fu != NULL                ? oc__live_shown(fu)
                         : f->online && !invisible ? canonical(f->status)
                                                   : "offline";
    oc_buf_t b = OC_BUF_INIT;
    presence_json(&b, f->id, status, invisible ? 0 : f->last_seen);
    oc__live_emit_user(live, to, "presence:update", b.data, b.len);
    oc_buf_free(&b);
}

static void friends_done(int status, void *arg)
{
    friends_job_t *j = arg;
    if (status == 0) {
        tell_presence(j->live, j->a, &j->fb);
        tell_presence(j->live, j->b, &j->fa);
    }
    free(j);
}

static void friend_event(oc_live_t *live, int64_t to, int64_t other, const char *event)
{
    char json[64];
    int n = snprintf(json, sizeof(json), "{\"user_id\":\"%lld\"}", (long long)other);
    oc__live_emit_user(live, to, event, json, (size_t)n);
}

void oc_live_friends_changed(oc_live_t *live, int64_t a, int64_t b, bool friends)
{
    live_user_t *ua = oc__live_user(live, a), *ub = oc__live_user(live, b);
    if (friends) {
        add_friend(ua, b);
        add_friend(ub, a);
        friend_event(live, a, b, "friend:added");
        friend_event(live, b, a, "friend:added");
        friends_job_t *j = oc_xcalloc(1, sizeof(*j));
        j->live = live;
        j->a = a;
        j->b = b;
        if (oc_db_write(live->db, friends_work, friends_done, j) != 0)
            free(j);
        return;
    }
    /* Both sides are updated, whichever knew of the friendship. */
    bool a_knew = remove_friend(ua, b);
    bool b_knew = remove_friend(ub, a);
    bool were = a_knew || b_knew;
    if (!were)
        return;
    /* No longer a friend: from now on the other looks offline. */
    oc_buf_t j = OC_BUF_INIT;
    presence_json(&j, b, "offline", 0);
    oc__live_emit_user(live, a, "presence:update", j.data, j.len);
    j.len = 0;
    presence_json(&j, a, "offline", 0);
    oc__live_emit_user(live, b, "presence:update", j.data, j.len);
    oc_buf_free(&j);
    friend_event(live, a, b, "friend:removed");
    friend_event(live, b, a, "friend:removed");
}

/* ---- status ---------------------------------------------------------------------------- */

void oc_live_status_changed(oc_live_t *live, int64_t user_id, const char *status)
{
    live_user_t *u = oc__live_user(live, user_id);
    if (u == NULL)
        return;
    snprintf(u->status, sizeof(u->status), "%s", canonical(status));
    oc__live_presence_publish(live, u, 0);
}

typedef struct status_job {
    oc_live_t *live;
    oc_sio_socket_t *sio;
    int64_t ack_id;
    int64_t user_id;
    char status[16];
    oc_user_t user;
} status_job_t;

static int status_work(oc_dbc_t *c, void *arg)
{
    status_job_t *j = arg;
    return oc_profile_update(c, j->user_id, NULL, NULL, j->status, &j->user);
}

static void status_done(int status, void *arg)
{
    status_job_t *j = arg;
    if (status != 0) {
        oc__live_ack_status(j->sio, j->ack_id, status);
    } else {
        oc_live_status_changed(j->live, j->user_id, j->status);
        char json[48];
        int n = snprintf(json, sizeof(json), "{\"status\":\"%s\"}", j->status);
        oc__live_ack_json(j->sio, j->ack_id, json, (size_t)n);
    }
    oc_sio_socket_unref(j->sio);
    free(j);
}

static void on_set(oc_sio_socket_t *s, const oc_sio_event_t *ev, void *ctx)
{
    oc_live_t *live = ctx;
    live_socket_t *ls = oc__live_socket(s);
    if (ls == NULL)
        return;
    cJSON *p = oc__live_payload(ev);
    if (p == NULL) { /* as every event with a payload answers it */
        oc__live_ack_invalid(s, ev->ack_id, "payload", "The event needs a JSON object.");
        return;
    }
    const char *status;
    size_t len;
    char msg[128];
    if (oc_field_text(p, "status", true, &status, &len, msg, sizeof(msg)) != 0 ||
        !oc_profile_status_valid(status)) {
        oc__live_ack_invalid(s, ev->ack_id, "status",
                             "status must be online, idle, dnd or invisible.");
        cJSON_Delete(p);
        return;
    }
    status_job_t *j = oc_xcalloc(1, sizeof(*j));
    j->live = live;
    j->sio = s;
    j->ack_id = ev->ack_id;
    j->user_id = ls->user_id;
    snprintf(j->status, sizeof(j->status), "%s", status);
    cJSON_Delete(p);
    oc_sio_socket_ref(s);
    int rc = oc_db_write(live->db, status_work, status_done, j);
    if (rc != 0)
        status_done(rc, j);
}

static void on_heartbeat(oc_sio_socket_t *s, const oc_sio_event_t *ev, void *ctx)
{
    (void)ctx;
    if (oc__live_socket(s) != NULL)
        oc__live_ack_json(s, ev->ack_id, "{}", 2);
}

void oc__live_presence_register(oc_live_t *live)
{
    oc_sio_on(live->nsp, "presence:heartbeat", on_heartbeat, live);
    oc_sio_on(live->nsp, "presence:set", on_set, live);
}
