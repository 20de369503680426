/* Live chat set-up, sign-in of sockets and their lifetimes: see live.h.
 *
 *   CONNECT ─► token (auth.token, else the handshake's cookie) ─► session gate
 *           ─► session row + places (a job on the writer) ─► accept ─► rooms + handlers
 *           ready ─► "ready"
 *
 * The connect stays pending (OC_SIO_PENDING) until the places are loaded, so the client's
 * first event arrives only after its rooms and handlers are in place. */
#include "live/live_internal.h"

#include "core/alloc.h"
#include "core/errors.h"
#include "core/log.h"
#include "core/utf8.h"
#include "http/request.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SESSION_COOKIE "oc_session"
#define TOKEN_MAX      1024

static const char UNAUTHENTICATED[] = "{\"code\":\"unauthenticated\"}";

/* ---- users ----------------------------------------------------------------------------- */

live_user_t *oc__live_user(oc_live_t *live, int64_t user_id)
{
    return oc_map_get(&live->users, (const char *)&user_id, sizeof(user_id));
}

static live_user_t *user_new(oc_live_t *live, const oc_places_t *p)
{
    live_user_t *u = oc_xcalloc(1, sizeof(*u));
    u->id = p->user.id;
    oc_list_init(&u->sockets);
    snprintf(u->status, sizeof(u->status), "%s", p->user.status);
    u->shown = "offline";
    if (p->num_friends) {
        u->friends = oc_xmalloc(p->num_friends * sizeof(*u->friends));
        for (size_t i = 0; i < p->num_friends; i++)
            u->friends[i] = p->friends[i].id;
        u->num_friends = u->cap_friends = p->num_friends;
    }
    if (p->num_dms) {
        u->dms = oc_xmalloc(p->num_dms * sizeof(*u->dms));
        memcpy(u->dms, p->dms, p->num_dms * sizeof(*u->dms));
        u->num_dms = u->cap_dms = p->num_dms;
    }
    oc_map_put(&live->users, (const char *)&u->id, sizeof(u->id), u);
    return u;
}

static void user_free(oc_live_t *live, live_user_t *u)
{
    oc_map_del(&live->users, (const char *)&u->id, sizeof(u->id));
    free(u->friends);
    free(u->dms);
    free(u);
}

/* ---- the handshake's cookie ------------------------------------------------------------ */

/* Keeps the session cookie of the Engine.IO handshake on the client: a browser's socket
 * signs in with it (its JavaScript cannot read an HttpOnly cookie to send it as auth). */
static int on_handshake(oc_sio_client_t *c, oc_http_request_t *req, void *ctx)
{
    (void)ctx;
    for (size_t i = 0; i < req->head.num_headers; i++) {
        const oc_http_header_t *h = &req->head.headers[i];
        if (h->name_len != 6 || strncasecmp(h->name, "Cookie", 6) != 0)
            continue;
        const char *p = h->value, *end = h->value + h->value_len;
        size_t nlen = strlen(SESSION_COOKIE);
        while (p < end) {
            while (p < end && (*p == ' ' || *p == ';'))
                p++;
            const char *semi = memchr(p, ';', (size_t)(end - p));
            const char *stop = semi ? semi : end;
            size_t vlen = (size_t)(stop - p) - nlen - 1;
            if ((size_t)(stop - p) > nlen && memcmp(p, SESSION_COOKIE, nlen) == 0 &&
                p[nlen] == '=' && vlen <= TOKEN_MAX) {
                oc_sio_client_set_data(c, oc_xstrndup(p + nlen + 1, vlen));
                return 0;
            }
            p = stop;
        }
    }
    return 0;
}

/* ---- connecting ------------------------------------------------------------------------ */

static void socket_free(live_socket_t *ls)
{
    if (ls->places != NULL) {
        oc_places_free(ls->places);
        free(ls->places);
    }
    oc_sio_socket_unref(ls->sio);
    free(ls);
}

/* Refuses the connect after a failed gate check or places load, and forgets the socket. */
static void refuse(live_socket_t *ls, int status)
{
    oc_sio_socket_t *s = ls->sio;
    if (status == OC_EACCES || status == OC_EPERM || status == OC_ENOENT)
        oc_sio_connect_refuse(s, "Your session has ended.", UNAUTHENTICATED);
    else
        oc_sio_connect_refuse(s, "The server cannot sign you in right now.",
                              "{\"code\":\"unavailable\"}");
    oc_sio_socket_set_data(s, NULL);
    socket_free(ls);
}

/* Loads the places after a second look at the session row. A write job, though it writes
 * nothing: the single writer runs jobs and their callbacks in order, and every membership
 * change and revocation is a write whose callback moves the rooms (rooms.c) or ends the
 * sockets (on_revoke). So this socket is accepted either before such a change's callback,
 * and is moved or ended by it, or after, and loaded what it made. A reader could load the
 * places just before a kick commits and hand them over after the kick's callback found no
 * socket to move: the socket would hear the zone it was kicked from. */
static int places_work(oc_dbc_t *c, void *arg)
{
    live_socket_t *ls = arg;
    oc_session_info_t session;
    int rc = oc_session_load(c, ls->session_id, &session);
    if (rc == 0 && (session.revoked || session.user_id != ls->user_id))
        rc = OC_EPERM;
    if (rc != 0)
        return rc;
    ls->places = oc_xcalloc(1, sizeof(*ls->places));
    return oc_places_load(c, ls->user_id, ls->places);
}

static void places_done(int status, void *arg)
{
    live_socket_t *ls = arg;
    oc_sio_socket_t *s = ls->sio;
    if (status != 0) {
        refuse(ls, status);
        return;
    }
    oc_sio_connect_accept(s); /* on_connect takes it from here, if the client is still there */
    if (!oc_sio_socket_connected(s)) {
        oc_sio_socket_set_data(s, NULL);
        socket_free(ls);
    }
}

static void gate_done(int status, const oc_jwt_claims_t *claims, void *arg)
{
    live_socket_t *ls = arg;
    if (status == 0) {
        ls->user_id = claims->user_id;
        ls->session_id = claims->session_id;
        if (oc_db_write(ls->live->db, places_work, places_done, ls) == 0)
            return;
        status = OC_ECANCELED;
    }
    refuse(ls, status);
}

/* The session token: auth.token when the CONNECT payload has one (a client that sends one
 * means it, even with a cookie), else the handshake's cookie. NULL when there is neither.
 * Returns a copy to free. */
static char *connect_token(oc_sio_socket_t *s, const char *auth, size_t auth_len)
{
    char *token = NULL;
    cJSON *a = cJSON_ParseWithLength(auth, auth_len);
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(a, "token");
    if (cJSON_IsString(t) && t->valuestring[0] != '\0') {
        /* One longer than any we issue is cut to TOKEN_MAX + 1 bytes: still refused. */
        size_t len = strlen(t->valuestring);
        token = oc_xstrndup(t->valuestring, len > TOKEN_MAX ? TOKEN_MAX + 1 : len);
    }
    cJSON_Delete(a);
    const char *cookie = oc_sio_client_data(oc_sio_socket_client(s));
    if (token == NULL && cookie != NULL && cookie[0] != '\0')
        token = oc_xstrdup(cookie);
    return token;
}

static int on_connecting(oc_sio_socket_t *s, const char *auth, size_t auth_len, void *ctx)
{
    oc_live_t *live = ctx;
    char *token = connect_token(s, auth, auth_len);
    if (token == NULL)
        return oc_sio_connect_refuse(s, "Sign in first.", UNAUTHENTICATED);
    live_socket_t *ls = oc_xcalloc(1, sizeof(*ls));
    ls->live = live;
    ls->sio = s;
    oc_sio_socket_ref(s);
    oc_list_init(&ls->user_link);
    oc_list_init(&ls->all_link);
    oc_sio_socket_set_data(s, ls);
    oc_gate_check(live->gate, token, strlen(token), gate_done, ls);
    free(token);
    return OC_SIO_PENDING;
}

static void on_connect(oc_sio_socket_t *s, void *ctx)
{
    oc_live_t *live = ctx;
    live_socket_t *ls = oc_sio_socket_data(s);
    oc_assert(ls != NULL && ls->places != NULL);
    oc_places_t *p = ls->places;
    live_user_t *u = oc__live_user(live, ls->user_id);
    bool first = u == NULL;
    if (first)
        u = user_new(live, p);
    ls->user = u;
    ls->last_active = uv_now(live->loop);
    oc_list_insert_tail(&u->sockets, &ls->user_link);
    u->num_sockets++;
    oc_list_insert_tail(&live->sockets, &ls->all_link);
    oc__live_join_places(ls, p);

    oc_buf_t ready = OC_BUF_INIT;
    oc__live_ready_json(live, p, &ready);
    oc_sio_emit(s, "ready", ready.data, ready.len);
    oc_buf_free(&ready);
    oc_places_free(p);
    free(p);
    ls->places = NULL;
    if (first)
        oc__live_presence_online(live, u);
}

static void on_disconnect(oc_sio_socket_t *s, const char *reason, void *ctx)
{
    (void)reason;
    oc_live_t *live = ctx;
    live_socket_t *ls = oc_sio_socket_data(s);
    if (ls == NULL)
        return;
    oc_sio_socket_set_data(s, NULL);
    live_user_t *u = ls->user;
    oc_list_unlink(&ls->all_link);
    if (u != NULL) {
        oc_list_unlink(&ls->user_link);
        if (--u->num_sockets == 0) {
            oc__live_presence_offline(live, u);
            user_free(live, u);
        }
    }
    socket_free(ls);
}

/* Whether room (kind:id) is one of the places the user belongs to now. */
static bool in_places(const oc_places_t *p, const char *room, size_t len)
{
    char buf[LIVE_ROOM_MAX];
    if (len >= sizeof(buf))
        return false;
    memcpy(buf, room, len);
    buf[len] = '\0';
    char *colon = strchr(buf, ':');
    if (colon == NULL)
        return false;
    *colon = '\0';
    int64_t id = strtoll(colon + 1, NULL, 10);
    if (strcmp(buf, "user") == 0)
        return id == p->user.id;
    for (size_t i = 0; strcmp(buf, "dm") == 0 && i < p->num_dms; i++) {
        if (p->dms[i].chat_id == id)
            return !p->dms[i].blocked;
    }
    for (size_t i = 0; strcmp(buf, "zone") == 0 && i < p->num_zones; i++) {
        if (p->zones[i] == id)
            return true;
    }
    for (size_t i = 0; strcmp(buf, "channel") == 0 && i < p->num_channels; i++) {
        if (p->channels[i].id == id)
            return true;
    }
    return false;
}

/* A socket back through connection state recovery keeps only the rooms it still belongs
 * to: what was sent to a zone it was kicked from meanwhile is not replayed to it. */
static bool may_rejoin(oc_sio_socket_t *s, const char *room, size_t len, void *ctx)
{
    (void)ctx;
    live_socket_t *ls = oc_sio_socket_data(s);
    return ls != NULL && ls->places != NULL && in_places(ls->places, room, len);
}

static const oc_sio_nsp_callbacks_t callbacks = {on_connecting, on_connect, on_disconnect,
                                                 may_rejoin};

/* ---- revocation ------------------------------------------------------------------------ */

typedef struct revoke {
    int64_t session_id, user_id, keep;
} revoke_t;

static bool revoked(const live_socket_t *ls, const revoke_t *r)
{
    if (r->session_id != 0)
        return ls->session_id == r->session_id;
    return ls->user_id == r->user_id && ls->session_id != r->keep;
}

/* The gate reports a revocation: that session's sockets are told and disconnected now. */
static void on_revoke(void *arg, int64_t session_id, int64_t user_id, int64_t keep)
{
    oc_live_t *live = arg;
    revoke_t r = {session_id, user_id, keep};
    /* Collect first: disconnecting unlinks sockets from the list. */
    size_t n = 0, cap = 0;
    oc_sio_socket_t **victims = NULL;
    oc_list_t *pos, *tmp;
    OC_LIST_FOREACH_SAFE(pos, tmp, &live->sockets)
    {
        live_socket_t *ls = OC_LIST_ENTRY(pos, live_socket_t, all_link);
        if (!revoked(ls, &r))
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 8;
            victims = oc_xrealloc(victims, cap * sizeof(*victims));
        }
        victims[n++] = ls->sio;
        oc_sio_socket_ref(ls->sio);
    }
    for (size_t i = 0; i < n; i++) {
        static const char ended[] = "{\"reason\":\"revoked\"}";
        oc_sio_emit(victims[i], "session:ended", ended, sizeof(ended) - 1);
        oc_sio_disconnect(victims[i], false);
        oc_sio_socket_unref(victims[i]);
    }
    free(victims);
}

/* ---- set-up ---------------------------------------------------------------------------- */

oc_live_t *oc_live_new(uv_loop_t *loop, const oc_config_t *cfg, oc_db_t *db, oc_gate_t *gate,
                       oc_sio_server_t *sio, char *err, size_t err_len)
{
    if (cfg->presence_timeout_ms == 0 || cfg->presence_sweep_ms == 0) {
        snprintf(err, err_len, "the presence timeout and sweep interval must be above 0");
        return NULL;
    }
    oc_ratelimit_t *rates = oc_ratelimit_new(cfg->rate_limits, err, (unsigned)err_len);
    if (rates == NULL)
        return NULL;
    oc_live_t *live = oc_xcalloc(1, sizeof(*live));
    live->loop = loop;
    live->cfg = cfg;
    live->db = db;
    live->gate = gate;
    live->sio = sio;
    live->rates = rates;
    size_t n = strlen(cfg->data_dir) + 16;
    live->uploads_dir = oc_xmalloc(n);
    snprintf(live->uploads_dir, n, "%s/uploads", cfg->data_dir);
    oc_list_init(&live->sockets);
    live->nsp = oc_sio_of(sio, "/", &callbacks, live);
    oc_sio_server_on_handshake(sio, on_handshake, live, free);
    oc_gate_on_revoke(gate, on_revoke, live);
    oc__live_messages_register(live);
    oc__live_typing_register(live);
    oc__live_reads_register(live);
    oc__live_presence_register(live);
    oc__live_typing_init(live);
    oc__live_presence_start(live);
    return live;
}

void oc_live_close(oc_live_t *live)
{
    if (live == NULL)
        return;
    oc_gate_on_revoke(live->gate, NULL, NULL);
    uv_close((uv_handle_t *)&live->sweep, NULL);
    oc__live_typing_close(live);
}

static void free_channels(oc_live_t *live)
{
    const oc_map_entry_t *e;
    for (uint32_t it = 0; oc_map_next(&live->channels, &it, &e);)
        free(e->value);
    oc_map_free(&live->channels);
}

void oc_live_free(oc_live_t *live)
{
    if (live == NULL)
        return;
    /* Sockets are gone by now (the server drained), and users with them. */
    const oc_map_entry_t *e;
    for (uint32_t it = 0; oc_map_next(&live->users, &it, &e);) {
        live_user_t *u = e->value;
        free(u->friends);
        free(u->dms);
        free(u);
    }
    oc_map_free(&live->users);
    free_channels(live);
    oc_ratelimit_free(live->rates);
    free(live->uploads_dir);
    free(live);
}
