/* Accounts: see accounts.h. */
#include "domain/accounts.h"

#include "auth/sessions.h"
#include "core/errors.h"
#include "core/json_writer.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* ---- input rules ----------------------------------------------------------------------- */

static bool is_alnum(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
}

static bool local_part_ok(const char *s, size_t len)
{
    if (len == 0 || len > 64 || s[0] == '.' || s[len - 1] == '.')
        return false;
    for (size_t i = 0; i < len; i++) {
        char ch = s[i];
        if (ch == '.' && s[i + 1] == '.')
            return false;
        if (!is_alnum(ch) && strchr("!#$%&'*+/=?^_`{|}~-.", ch) == NULL)
            return false;
    }
    return true;
}

static bool top_label_ok(const char *s, size_t len)
{
    if (len >= 5 && strncasecmp(s, "xn--", 4) == 0)
        return true;
    if (len < 2 || (len == 7 && strncasecmp(s, "invalid", 7) == 0))
        return false;
    for (size_t i = 0; i < len; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
            return false;
    return true;
}

static bool domain_ok(const char *s, size_t len)
{
    if (len == 0 || len > 253)
        return false;
    size_t labels = 0;
    const char *p = s, *end = s + len;
    for (;;) {
        const char *dot = memchr(p, '.', (size_t)(end - p));
        const char *stop = dot ? dot : end;
        size_t n = (size_t)(stop - p);
        if (n == 0 || n > 63 || p[0] == '-' || stop[-1] == '-')
            return false;
        for (const char *q = p; q < stop; q++)
            if (!is_alnum(*q) && *q != '-')
                return false;
        labels++;
        if (dot == NULL)
            return labels >= 2 && top_label_ok(p, n);
        p = dot + 1;
    }
}

bool oc_email_plausible(const char *email)
{
    size_t n = strlen(email);
    if (n > OC_EMAIL_MAX)
        return false;
    const char *at = strchr(email, '@');
    if (at == NULL || strchr(at + 1, '@') != NULL)
        return false;
    return local_part_ok(email, (size_t)(at - email)) &&
           domain_ok(at + 1, n - (size_t)(at + 1 - email));
}

bool oc_username_reserved(const char *username)
{
    return strncmp(username, "deleted_", 8) == 0;
}

/* ---- credentials ----------------------------------------------------------------------- */

static const char SQL_HASH[] = "SELECT password_hash FROM credentials WHERE user_id = ?";
static const char SQL_INSERT_CREDENTIALS[] =
    "INSERT INTO credentials (user_id, password_hash, updated_at) VALUES (?, ?, ?)";
static const char SQL_UPDATE_HASH[] = "UPDATE credentials SET password_hash = ?, updated_at = ? "
                                      "WHERE user_id = ? AND password_hash = ?";
static const char SQL_USER_LIVE[] = "SELECT 1 FROM users WHERE id = ? AND deleted_at IS NULL";

int oc_account_password_hash(oc_dbc_t *c, int64_t user_id, char *hash)
{
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_HASH);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, user_id);
    int rc = oc_stmt_step(st);
    if (rc == OC_DB_ROW) {
        size_t len;
        const char *t = oc_stmt_text(st, 0, &len);
        if (t == NULL || len >= OC_PASSWORD_HASH_MAX) {
            rc = OC_EIO; /* not a hash we wrote */
        } else {
            memcpy(hash, t, len);
            hash[len] = '\0';
            rc = 0;
        }
    } else if (rc == OC_DB_DONE) {
        rc = OC_ENOENT;
    }
    oc_stmt_reset(st);
    return rc;
}

/* OC_EAGAIN unless the stored hash is expected (NULL: none stored). */
static int expect_hash(oc_dbc_t *c, int64_t user_id, const char *expected)
{
    char now[OC_PASSWORD_HASH_MAX];
    int rc = oc_account_password_hash(c, user_id, now);
    if (rc == OC_ENOENT)
        return expected == NULL ? 0 : OC_EAGAIN;
    if (rc != 0)
        return rc;
    return expected != NULL && strcmp(now, expected) == 0 ? 0 : OC_EAGAIN;
}

static bool user_live(oc_dbc_t *c, int64_t user_id, int *err)
{
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_USER_LIVE);
    if (st == NULL) {
        *err = OC_EIO;
        return false;
    }
    oc_stmt_bind_i64(st, 1, user_id);
    int rc = oc_stmt_step(st);
    oc_stmt_reset(st);
    *err = rc < 0 ? rc : 0;
    return rc == OC_DB_ROW;
}

/* ---- registration and login ------------------------------------------------------------ */

int oc_account_register(oc_dbc_t *c, const oc_user_t *u, const char *hash, int64_t session_id,
                        const char *user_agent, const char *ip, const char **taken)
{
    /* Every write goes through the one writer, so nothing can take the name between this
     * check and the insert; the insert's own OC_EEXIST stays as the backstop. */
    *taken = oc_user_taken(c, u->username, u->email);
    if (*taken != NULL)
        return OC_EEXIST;
    int rc = oc_user_insert(c, u);
    if (rc == 0)
        rc = oc_dbc_run(c, SQL_INSERT_CREDENTIALS, NULL, "isi", u->id, hash, u->created_at);
    if (rc == 0)
        rc = oc_session_create(c, session_id, u->id, user_agent, ip, u->created_at);
    return rc;
}

int oc_account_login(oc_dbc_t *c, int64_t user_id, const char *verified_hash, const char *new_hash,
                     int64_t session_id, const char *user_agent, const char *ip, int64_t now_ms)
{
    int rc;
    if (!user_live(c, user_id, &rc))
        return rc != 0 ? rc : OC_EPERM;
    rc = expect_hash(c, user_id, verified_hash);
    if (rc == OC_EAGAIN)
        return OC_EPERM;
    if (rc == 0 && new_hash != NULL)
        rc = oc_dbc_run(c, SQL_UPDATE_HASH, NULL, "siis", new_hash, now_ms, user_id, verified_hash);
    if (rc == 0)
        rc = oc_session_create(c, session_id, user_id, user_agent, ip, now_ms);
    return rc;
}

static const char SQL_DROP_RESETS[] =
    "DELETE FROM email_tokens WHERE user_id = ? AND kind = 'reset'";

int oc_account_set_password(oc_dbc_t *c, int64_t user_id, const char *old_hash,
                            const char *new_hash, int64_t keep_session, int64_t now_ms)
{
    int rc = expect_hash(c, user_id, old_hash);
    if (rc != 0)
        return rc;
    if (old_hash != NULL)
        rc = oc_dbc_run(c, SQL_UPDATE_HASH, NULL, "siis", new_hash, now_ms, user_id, old_hash);
    else
        rc = oc_dbc_run(c, SQL_INSERT_CREDENTIALS, NULL, "isi", user_id, new_hash, now_ms);
    if (rc == 0)
        rc = oc_session_revoke_all(c, user_id, keep_session, now_ms);
    /* A reset mail asked for before the change must not undo it. */
    if (rc == 0)
        rc = oc_dbc_run(c, SQL_DROP_RESETS, NULL, "i", user_id);
    return rc;
}

/* ---- deletion -------------------------------------------------------------------------- */

static const char SQL_OWNS_ZONE[] =
    "SELECT 1 FROM chats WHERE owner_id = ? AND type = 'zone' LIMIT 1";
static const char SQL_SCRUB[] =
    "UPDATE users SET username = ?, email = ?, display_name = ?, avatar = NULL, bio = '', "
    "email_verified = 0, last_seen = NULL, deleted_at = ? WHERE id = ? AND deleted_at IS NULL";

/* What goes with the account; each statement takes the user id once or twice. */
static const struct {
    const char *sql;
    int uses;
} PURGE[] = {
    {"DELETE FROM credentials WHERE user_id = ?", 1},
    {"DELETE FROM oauth_identities WHERE user_id = ?", 1},
    {"DELETE FROM friend_requests WHERE from_user = ? OR to_user = ?", 2},
    {"DELETE FROM friendships WHERE user_low = ? OR user_high = ?", 2},
    {"DELETE FROM blocks WHERE blocker = ? OR blocked = ?", 2},
    {"DELETE FROM members WHERE user_id = ?", 1},
    {"DELETE FROM read_states WHERE user_id = ?", 1},
    {"DELETE FROM email_tokens WHERE user_id = ?", 1},
};

int oc_account_delete(oc_dbc_t *c, int64_t user_id, const char *old_hash, int64_t now_ms)
{
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_OWNS_ZONE);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, user_id);
    int rc = oc_stmt_step(st);
    oc_stmt_reset(st);
    if (rc < 0)
        return rc;
    if (rc == OC_DB_ROW)
        return OC_EPERM;
    rc = expect_hash(c, user_id, old_hash);
    if (rc != 0)
        return rc;
    char username[OC_USERNAME_MAX + 1], email[OC_EMAIL_MAX + 1];
    snprintf(username, sizeof(username), "deleted_%lld", (long long)user_id);
    snprintf(email, sizeof(email), "%lld@deleted.invalid", (long long)user_id);
    int64_t changes = 0;
    rc = oc_dbc_run(c, SQL_SCRUB, &changes, "sssii", username, email, OC_DELETED_DISPLAY_NAME,
                    now_ms, user_id);
    if (rc == 0 && changes == 0)
        return OC_ENOENT;
    for (size_t i = 0; rc == 0 && i < sizeof(PURGE) / sizeof(PURGE[0]); i++)
        rc = PURGE[i].uses == 1 ? oc_dbc_run(c, PURGE[i].sql, NULL, "i", user_id)
                                : oc_dbc_run(c, PURGE[i].sql, NULL, "ii", user_id, user_id);
    if (rc == 0)
        rc = oc_session_revoke_all(c, user_id, 0, now_ms);
    return rc;
}

/* ---- the session list ------------------------------------------------------------------ */

static const char SQL_SESSIONS[] =
    "SELECT id, created_at, last_used_at, user_agent, ip FROM sessions "
    "WHERE user_id = ? AND revoked_at IS NULL AND last_used_at > ? ORDER BY id DESC LIMIT ?";

int oc_account_sessions(oc_dbc_t *c, int64_t user_id, int64_t now_ms, oc_session_row_t *rows,
                        size_t max, size_t *count)
{
    *count = 0;
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_SESSIONS);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, user_id);
    oc_stmt_bind_i64(st, 2, now_ms - (int64_t)OC_SESSION_LIFETIME_S * 1000);
    oc_stmt_bind_i64(st, 3, (int64_t)max);
    int rc;
    while ((rc = oc_stmt_step(st)) == OC_DB_ROW && *count < max) {
        oc_session_row_t *r = &rows[(*count)++];
        r->id = oc_stmt_i64(st, 0);
        r->created_at = oc_stmt_i64(st, 1);
        r->last_used_at = oc_stmt_i64(st, 2);
        oc_stmt_copy_text(st, 3, r->user_agent, sizeof(r->user_agent));
        oc_stmt_copy_text(st, 4, r->ip, sizeof(r->ip));
    }
    oc_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

void oc_account_sessions_json(oc_buf_t *out, const oc_session_row_t *rows, size_t count,
                              int64_t current)
{
    oc_buf_append_str(out, "{\"sessions\":[");
    for (size_t i = 0; i < count; i++) {
        const oc_session_row_t *r = &rows[i];
        oc_buf_printf(out, "%s{\"id\":\"%lld\",\"created_at\":%lld,\"last_used_at\":%lld",
                      i ? "," : "", (long long)r->id, (long long)r->created_at,
                      (long long)r->last_used_at);
        oc_buf_append_str(out, ",\"user_agent\":");
        oc_json_append_cstr(out, r->user_agent);
        oc_buf_append_str(out, ",\"ip\":");
        oc_json_append_cstr(out, r->ip);
        oc_buf_printf(out, ",\"current\":%s}", r->id == current ? "true" : "false");
    }
    oc_buf_append_str(out, "]}");
}
