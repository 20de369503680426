/* Sessions and their cache: see sessions.h. */
#include "auth/sessions.h"

#include "core/alloc.h"
#include "core/errors.h"

#include <stdlib.h>

typedef struct entry {
    oc_session_info_t info;
    int64_t cached_at;
} entry_t;

struct oc_session_cache {
    oc_map_t by_id; /* key: the entry's info.id bytes */
};

oc_session_cache_t *oc_session_cache_new(void)
{
    return oc_xcalloc(1, sizeof(oc_session_cache_t));
}

void oc_session_cache_free(oc_session_cache_t *c)
{
    if (c == NULL)
        return;
    const oc_map_entry_t *e;
    for (uint32_t it = 0; oc_map_next(&c->by_id, &it, &e);)
        free(e->value);
    oc_map_free(&c->by_id);
    free(c);
}

const oc_session_info_t *oc_session_cache_get(oc_session_cache_t *c, int64_t id, int64_t now_ms)
{
    entry_t *e = oc_map_get(&c->by_id, (const char *)&id, sizeof(id));
    if (e == NULL)
        return NULL;
    /* A revoked entry stays authoritative until it ages out; a live one is re-checked
     * after the cache time so a revocation made elsewhere is seen. */
    if (now_ms - e->cached_at > OC_SESSION_CACHE_MS) {
        oc_map_del(&c->by_id, (const char *)&e->info.id, sizeof(e->info.id));
        free(e);
        return NULL;
    }
    return &e->info;
}

void oc_session_cache_put(oc_session_cache_t *c, const oc_session_info_t *info, int64_t now_ms)
{
    entry_t *e = oc_map_get(&c->by_id, (const char *)&info->id, sizeof(info->id));
    if (e == NULL) {
        /* Bound the cache: a flood of distinct tokens must not grow it without limit. */
        if (oc_map_count(&c->by_id) >= 100000) {
            const oc_map_entry_t *me;
            for (uint32_t it = 0; oc_map_next(&c->by_id, &it, &me);)
                free(me->value);
            oc_map_free(&c->by_id);
        }
        e = oc_xcalloc(1, sizeof(*e));
        e->info = *info;
        oc_map_put(&c->by_id, (const char *)&e->info.id, sizeof(e->info.id), e);
    } else {
        /* Revocation only goes one way: a lookup that started before the session was
         * revoked here must not bring it back to life when its answer arrives. */
        bool revoked = e->info.revoked;
        e->info = *info;
        e->info.revoked = e->info.revoked || revoked;
    }
    e->cached_at = now_ms;
}

void oc_session_cache_revoke(oc_session_cache_t *c, int64_t session_id)
{
    entry_t *e = oc_map_get(&c->by_id, (const char *)&session_id, sizeof(session_id));
    if (e != NULL)
        e->info.revoked = true;
}

void oc_session_cache_revoke_user(oc_session_cache_t *c, int64_t user_id, int64_t keep)
{
    const oc_map_entry_t *me;
    for (uint32_t it = 0; oc_map_next(&c->by_id, &it, &me);) {
        entry_t *e = me->value;
        if (e->info.user_id == user_id && e->info.id != keep)
            e->info.revoked = true;
    }
}

/* ---- database -------------------------------------------------------------------------- */

static const char SQL_CREATE[] = "INSERT INTO sessions (id, user_id, created_at, last_used_at, "
                                 "user_agent, ip) VALUES (?, ?, ?, ?, ?, ?)";
static const char SQL_LOAD[] =
    "SELECT user_id, revoked_at, last_used_at FROM sessions WHERE id = ?";
static const char SQL_TOUCH[] = "UPDATE sessions SET last_used_at = ? WHERE id = ?";
static const char SQL_REVOKE[] = "UPDATE sessions SET revoked_at = ? "
                                 "WHERE id = ? AND user_id = ? AND revoked_at IS NULL";
static const char SQL_REVOKE_ALL[] = "UPDATE sessions SET revoked_at = ? "
                                     "WHERE user_id = ? AND id <> ? AND revoked_at IS NULL";

int oc_session_create(oc_dbc_t *c, int64_t id, int64_t user_id, const char *user_agent,
                      const char *ip, int64_t now_ms)
{
    return oc_dbc_run(c, SQL_CREATE, NULL, "iiiiss", id, user_id, now_ms, now_ms,
                      user_agent ? user_agent : "", ip ? ip : "");
}

int oc_session_load(oc_dbc_t *c, int64_t id, oc_session_info_t *out)
{
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_LOAD);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, id);
    int rc = oc_stmt_step(st);
    if (rc == OC_DB_ROW) {
        out->id = id;
        out->user_id = oc_stmt_i64(st, 0);
        out->revoked = !oc_stmt_null(st, 1);
        out->last_used_at = oc_stmt_i64(st, 2);
        rc = 0;
    } else if (rc == OC_DB_DONE) {
        rc = OC_ENOENT;
    }
    oc_stmt_reset(st);
    return rc;
}

int oc_session_touch(oc_dbc_t *c, int64_t id, int64_t now_ms)
{
    return oc_dbc_run(c, SQL_TOUCH, NULL, "ii", now_ms, id);
}

int oc_session_revoke(oc_dbc_t *c, int64_t user_id, int64_t id, int64_t now_ms)
{
    int64_t changes = 0;
    int rc = oc_dbc_run(c, SQL_REVOKE, &changes, "iii", now_ms, id, user_id);
    if (rc == 0 && changes == 0)
        return OC_ENOENT;
    return rc;
}

int oc_session_revoke_all(oc_dbc_t *c, int64_t user_id, int64_t keep, int64_t now_ms)
{
    return oc_dbc_run(c, SQL_REVOKE_ALL, NULL, "iii", now_ms, user_id, keep);
}
