/* Login sessions: the rows behind session tokens, and the loop-side cache that makes checking
 * a token cost no database work on most requests.
 *
 * The cache maps a session id to its user and whether it is revoked, for at most
 * OC_SESSION_CACHE_MS; revoking through this module marks the entry at once, so a revoked
 * session is refused from the next request on. The SQL helpers run inside database jobs. */
#ifndef OC_AUTH_SESSIONS_H
#define OC_AUTH_SESSIONS_H

#include "core/map.h"
#include "store/db.h"

#include <stdbool.h>
#include <stdint.h>

#define OC_SESSION_CACHE_MS   (30 * 1000)
#define OC_SESSION_LIFETIME_S (30 * 24 * 3600) /* sliding: renewed while used */
#define OC_SESSION_RENEW_S    (24 * 3600)      /* a token older than this is re-issued */

typedef struct oc_session_cache oc_session_cache_t;

typedef struct oc_session_info {
    int64_t id;
    int64_t user_id;
    bool revoked;
    int64_t last_used_at;
} oc_session_info_t;

oc_session_cache_t *oc_session_cache_new(void);
void oc_session_cache_free(oc_session_cache_t *c);
/* The cached entry for a session if it is fresh at now_ms, else NULL. */
const oc_session_info_t *oc_session_cache_get(oc_session_cache_t *c, int64_t id, int64_t now_ms);
void oc_session_cache_put(oc_session_cache_t *c, const oc_session_info_t *info, int64_t now_ms);
/* Marks sessions revoked in the cache: one session, or every session of a user (except
 * `keep`, 0 for none). */
void oc_session_cache_revoke(oc_session_cache_t *c, int64_t session_id);
void oc_session_cache_revoke_user(oc_session_cache_t *c, int64_t user_id, int64_t keep);

/* ---- database (inside jobs) ------------------------------------------------------------ */

/* Inserts a session row. */
int oc_session_create(oc_dbc_t *c, int64_t id, int64_t user_id, const char *user_agent,
                      const char *ip, int64_t now_ms);
/* Reads a session; OC_ENOENT if there is none. */
int oc_session_load(oc_dbc_t *c, int64_t id, oc_session_info_t *out);
int oc_session_touch(oc_dbc_t *c, int64_t id, int64_t now_ms);
/* Revokes one session of a user (OC_ENOENT if it is not theirs or already revoked). */
int oc_session_revoke(oc_dbc_t *c, int64_t user_id, int64_t id, int64_t now_ms);
/* Revokes every live session of a user except `keep` (0: all). */
int oc_session_revoke_all(oc_dbc_t *c, int64_t user_id, int64_t keep, int64_t now_ms);

#endif
