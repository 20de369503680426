/* The session gate: what a session token is worth right now, for the REST API and the
 * real-time sockets alike.
 *
 * A token (jwt.h) names a session; the gate checks its signature and expiry, then the
 * session's row through the cache (sessions.h), loading it with one read job on a miss. Every
 * revocation goes through the gate too, so the cache is marked at once and the listener (the
 * socket layer) can disconnect the sockets that session opened. Loop thread only. */
#ifndef OC_AUTH_GATE_H
#define OC_AUTH_GATE_H

#include "auth/jwt.h"
#include "auth/sessions.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

typedef struct oc_gate oc_gate_t;

/* Told about every revocation: one session (user_id 0), or every session of user_id except
 * `keep` (session_id 0). */
typedef void (*oc_gate_revoke_fn)(void *arg, int64_t session_id, int64_t user_id, int64_t keep);

/* Loads the signing key (see oc_jwt_key_load). db is borrowed and outlives the gate. Returns
 * NULL with a message in err. */
oc_gate_t *oc_gate_new(oc_db_t *db, const char *jwt_secret, const char *data_dir, char *err,
                       size_t err_len);
void oc_gate_free(oc_gate_t *g);

const oc_jwt_key_t *oc_gate_key(const oc_gate_t *g);
void oc_gate_on_revoke(oc_gate_t *g, oc_gate_revoke_fn fn, void *arg);

/* The answer for a token: 0 for a live session (claims filled), OC_EACCES for a token that is
 * not valid (malformed, bad signature, expired), OC_EPERM for a revoked or unknown session,
 * or another negative error when the database failed (OC_ECANCELED: closing). */
typedef void (*oc_gate_fn)(int status, const oc_jwt_claims_t *claims, void *arg);

/* Checks a token; fn runs before this returns when the answer needs no database (a bad token,
 * a cached session), else later on the loop. token is borrowed for the call only. A live
 * session's use is recorded (at most once a minute). */
void oc_gate_check(oc_gate_t *g, const char *token, size_t len, oc_gate_fn fn, void *arg);

/* Revocations already written to the database: mark the cache and tell the listener. */
void oc_gate_revoked(oc_gate_t *g, int64_t session_id);
void oc_gate_revoked_user(oc_gate_t *g, int64_t user_id, int64_t keep);

#endif
