/* The session gate: see gate.h.
 *
 *   token ─► JWT check ─► session cache ─(miss)─► one read job ─► cache ─► answer
 */
#include "auth/gate.h"

#include "core/alloc.h"
#include "core/errors.h"
#include "core/id.h"

#include <stdlib.h>

struct oc_gate {
    oc_db_t *db;
    oc_jwt_key_t key;
    oc_session_cache_t *sessions;
    oc_gate_revoke_fn on_revoke;
    void *on_revoke_arg;
};

typedef struct check_job {
    oc_gate_t *gate;
    oc_jwt_claims_t claims;
    oc_session_info_t info;
    oc_gate_fn fn;
    void *arg;
} check_job_t;

oc_gate_t *oc_gate_new(oc_db_t *db, const char *jwt_secret, const char *data_dir, char *err,
                       size_t err_len)
{
    oc_gate_t *g = oc_xcalloc(1, sizeof(*g));
    g->db = db;
    if (oc_jwt_key_load(&g->key, jwt_secret, data_dir, err, err_len) != 0) {
        free(g);
        return NULL;
    }
    g->sessions = oc_session_cache_new();
    return g;
}

void oc_gate_free(oc_gate_t *g)
{
    if (g == NULL)
        return;
    oc_session_cache_free(g->sessions);
    free(g);
}

const oc_jwt_key_t *oc_gate_key(const oc_gate_t *g)
{
    return &g->key;
}

void oc_gate_on_revoke(oc_gate_t *g, oc_gate_revoke_fn fn, void *arg)
{
    g->on_revoke = fn;
    g->on_revoke_arg = arg;
}

static void touch_done(int status, void *arg)
{
    (void)status;
    free(arg);
}

static int touch_session(oc_dbc_t *c, void *arg)
{
    oc_session_info_t *info = arg;
    return oc_session_touch(c, info->id, info->last_used_at);
}

/* Records that a session is in use, at most once a minute (the list of sessions shows when
 * each was last used; to the minute is precise enough). */
static void note_use(oc_gate_t *g, const oc_session_info_t *info, int64_t now_ms)
{
    if (now_ms - info->last_used_at < 60 * 1000)
        return;
    oc_session_info_t updated = *info;
    updated.last_used_at = now_ms;
    oc_session_cache_put(g->sessions, &updated, now_ms);
    oc_session_info_t *copy = oc_xmalloc(sizeof(*copy));
    *copy = updated;
    if (oc_db_write(g->db, touch_session, touch_done, copy) != 0)
        free(copy);
}

static void answer(oc_gate_t *g, const oc_session_info_t *info, const oc_jwt_claims_t *claims,
                   oc_gate_fn fn, void *arg)
{
    /* A session of another user than the token says is as good as none. */
    if (info->revoked || info->user_id != claims->user_id) {
        fn(OC_EPERM, claims, arg);
        return;
    }
    note_use(g, info, oc_now_ms());
    fn(0, claims, arg);
}

static int load_session(oc_dbc_t *c, void *arg)
{
    check_job_t *j = arg;
    return oc_session_load(c, j->info.id, &j->info);
}

static void session_loaded(int status, void *arg)
{
    check_job_t *j = arg;
    if (status == 0)
        oc_session_cache_put(j->gate->sessions, &j->info, oc_now_ms());
    if (status == OC_ENOENT)
        j->fn(OC_EPERM, &j->claims, j->arg);
    else if (status != 0)
        j->fn(status, &j->claims, j->arg);
    else
        answer(j->gate, &j->info, &j->claims, j->fn, j->arg);
    free(j);
}

void oc_gate_check(oc_gate_t *g, const char *token, size_t len, oc_gate_fn fn, void *arg)
{
    oc_jwt_claims_t claims;
    int64_t now_ms = oc_now_ms();
    if (oc_jwt_verify(&g->key, token, len, now_ms / 1000, &claims) != 0) {
        fn(OC_EACCES, NULL, arg);
        return;
    }
    const oc_session_info_t *cached = oc_session_cache_get(g->sessions, claims.session_id, now_ms);
    if (cached != NULL) {
        oc_session_info_t info = *cached;
        answer(g, &info, &claims, fn, arg);
        return;
    }
    check_job_t *j = oc_xcalloc(1, sizeof(*j));
    j->gate = g;
    j->claims = claims;
    j->info.id = claims.session_id;
    j->fn = fn;
    j->arg = arg;
    int rc = oc_db_read(g->db, load_session, session_loaded, j);
    if (rc != 0) {
        free(j);
        fn(rc, &claims, arg);
    }
}

void oc_gate_revoked(oc_gate_t *g, int64_t session_id)
{
    oc_session_cache_revoke(g->sessions, session_id);
    if (g->on_revoke != NULL)
        g->on_revoke(g->on_revoke_arg, session_id, 0, 0);
}

void oc_gate_revoked_user(oc_gate_t *g, int64_t user_id, int64_t keep)
{
    oc_session_cache_revoke_user(g->sessions, user_id, keep);
    if (g->on_revoke != NULL)
        g->on_revoke(g->on_revoke_arg, 0, user_id, keep);
}
