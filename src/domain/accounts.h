/* Accounts: what registration, login, password change, the session list and account deletion
 * do to the database, and the input rules they share (e-mail addresses, reserved names).
 *
 * Functions taking an oc_dbc_t run inside database jobs (store/db.h); the rest are pure and
 * run anywhere. Hashing passwords is not done here (auth/password.h): these functions store
 * and compare the argon2id strings they are given. Sessions' own rows and cache live in
 * auth/sessions.h; this module lists them for their owner. */
#ifndef OC_DOMAIN_ACCOUNTS_H
#define OC_DOMAIN_ACCOUNTS_H

#include "core/buf.h"
#include "domain/users.h"
#include "store/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OC_PASSWORD_HASH_MAX    128 /* libsodium's crypto_pwhash_STRBYTES, NUL included */
#define OC_SESSIONS_LIST_MAX    100 /* sessions listed at most, newest first */
#define OC_DELETED_DISPLAY_NAME "Deleted user"

/* True if email looks deliverable: local@domain.tld, at most 254 bytes, a local part of at most
 * 64 of the characters RFC 5322 allows unquoted (no leading, trailing or double dot), domain
 * labels of letters, digits and inner hyphens, a top-level label of at least two letters (or
 * an xn-- label), and not under .invalid (where deleted accounts' addresses live). Any case. */
bool oc_email_plausible(const char *email);
/* True if a (lower-case) username may not be taken by a person: "deleted_..." names belong to
 * deleted accounts. */
bool oc_username_reserved(const char *username);

/* The stored password hash of a user into hash (OC_PASSWORD_HASH_MAX bytes): 0, or OC_ENOENT
 * when the user has none (signs in with an identity provider only). */
int oc_account_password_hash(oc_dbc_t *c, int64_t user_id, char *hash);

/* Registration: checks that neither the username nor the e-mail of u is taken (OC_EEXIST with
 * *taken = "username" or "email"), then inserts the user (oc_user_insert), its credentials
 * (hash) and a first session. Strings are borrowed. */
int oc_account_register(oc_dbc_t *c, const oc_user_t *u, const char *hash, int64_t session_id,
                        const char *user_agent, const char *ip, const char **taken);

/* Login after the password was checked against verified_hash: OC_EPERM if the account was
 * deleted or its password changed since (the check no longer holds); otherwise stores
 * new_hash when not NULL (parameters upgraded) and creates the session. */
int oc_account_login(oc_dbc_t *c, int64_t user_id, const char *verified_hash, const char *new_hash,
                     int64_t session_id, const char *user_agent, const char *ip, int64_t now_ms);

/* Sets a user's password to new_hash if the stored one is still old_hash (NULL: the user had
 * none), else OC_EAGAIN; then revokes every other session of the user but `keep`. */
int oc_account_set_password(oc_dbc_t *c, int64_t user_id, const char *old_hash,
                            const char *new_hash, int64_t keep_session, int64_t now_ms);

/* Deletes an account: OC_EPERM while the user owns a zone; OC_EAGAIN if the stored password is
 * no longer old_hash (NULL: none); OC_ENOENT if already deleted. Otherwise scrubs the user row
 * (username "deleted_<id>", e-mail "<id>@deleted.invalid", display name "Deleted user", no
 * avatar, bio or last-seen time), deletes credentials, identities, friend requests,
 * friendships, blocks, memberships, read states and e-mail tokens, and revokes every session.
 * Messages stay, still pointing at the row. */
int oc_account_delete(oc_dbc_t *c, int64_t user_id, const char *old_hash, int64_t now_ms);

typedef struct oc_session_row {
    int64_t id;
    int64_t created_at;
    int64_t last_used_at;
    char user_agent[256];
    char ip[64];
} oc_session_row_t;

/* The live sessions of a user (not revoked, used within the session lifetime), newest first,
 * at most max into rows; *count gets how many. */
int oc_account_sessions(oc_dbc_t *c, int64_t user_id, int64_t now_ms, oc_session_row_t *rows,
                        size_t max, size_t *count);
/* {"sessions":[{"id","created_at","last_used_at","user_agent","ip","current"}]}; `current` is
 * the caller's session id. */
void oc_account_sessions_json(oc_buf_t *out, const oc_session_row_t *rows, size_t count,
                              int64_t current);

#endif
