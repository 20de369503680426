/* Friend requests, friendships and blocks: see friends.h. */
#include "domain/friends.h"

#include "core/alloc.h"
#include "core/errors.h"
#include "core/id.h"
#include "core/json_writer.h"

#include <string.h>

#define U OC_USER_PUBLIC_COLUMNS("u")

static int refuse(oc_friend_refusal_t *why, oc_friend_refusal_t reason)
{
    *why = reason;
    return OC_EPERM;
}

static const char SQL_USER[] = "SELECT " U " FROM users u WHERE u.id = ? AND u.deleted_at IS NULL";
static const char SQL_USER_BY_NAME[] =
    "SELECT " U " FROM users u WHERE u.username = ? AND u.deleted_at IS NULL";

/* Reads one user row from a prepared and bound statement, then resets it. */
static int one_user(oc_stmt_t *st, oc_user_t *out)
{
    int rc = oc_stmt_step(st);
    if (rc == OC_DB_ROW) {
        oc_user_read_public(st, 0, out);
        rc = 0;
    } else if (rc == OC_DB_DONE) {
        rc = OC_ENOENT;
    }
    oc_stmt_reset(st);
    return rc;
}

int oc_friend_load_user(oc_dbc_t *c, int64_t id, oc_user_t *out)
{
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_USER);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, id);
    return one_user(st, out);
}

static int load_user_by_name(oc_dbc_t *c, const char *name, oc_user_t *out)
{
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_USER_BY_NAME);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_str(st, 1, name);
    return one_user(st, out);
}

/* Runs a query bound with the int64 parameters and says whether it returned a row. */
static int any_row(oc_dbc_t *c, const char *sql, bool *out, int n, const int64_t *params)
{
    oc_stmt_t *st = oc_dbc_prepare(c, sql);
    if (st == NULL)
        return OC_EIO;
    for (int i = 0; i < n; i++)
        oc_stmt_bind_i64(st, i + 1, params[i]);
    int rc = oc_stmt_step(st);
    oc_stmt_reset(st);
    if (rc < 0)
        return rc;
    *out = rc == OC_DB_ROW;
    return 0;
}

static const char SQL_FRIENDS_ARE[] =
    "SELECT 1 FROM friendships WHERE user_low = ? AND user_high = ?";
static const char SQL_BLOCKED_EITHER[] =
    "SELECT 1 FROM blocks WHERE (blocker = ? AND blocked = ?) OR (blocker = ? AND blocked = ?)";

int oc_friends_are(oc_dbc_t *c, int64_t a, int64_t b, bool *out)
{
    int64_t p[2] = {a < b ? a : b, a < b ? b : a};
    return any_row(c, SQL_FRIENDS_ARE, out, 2, p);
}

int oc_blocked_either(oc_dbc_t *c, int64_t a, int64_t b, bool *out)
{
    int64_t p[4] = {a, b, b, a};
    return any_row(c, SQL_BLOCKED_EITHER, out, 4, p);
}

void oc_friend_json(oc_buf_t *out, const oc_user_t *u, int64_t since)
{
    oc_buf_append_str(out, "{\"user\":");
    oc_user_json_public(out, u, true);
    oc_buf_printf(out, ",\"since\":%lld}", (long long)since);
}

static void request_json(oc_buf_t *out, int64_t id, const oc_user_t *u, int64_t created_at)
{
    oc_buf_printf(out, "{\"id\":\"%lld\",\"user\":", (long long)id);
    oc_user_json_public(out, u, false);
    oc_buf_printf(out, ",\"created_at\":%lld}", (long long)created_at);
}

/* ---- friends --------------------------------------------------------------------------- */

/* Both halves use an index: the primary key for user_low, friendships_high for user_high. */
static const char SQL_FRIENDS[] =
    "SELECT " U ", f.created_at FROM friendships f JOIN users u ON u.id = f.user_high "
    "WHERE f.user_low = ? AND u.deleted_at IS NULL "
    "UNION ALL "
    "SELECT " U ", f.created_at FROM friendships f JOIN users u ON u.id = f.user_low "
    "WHERE f.user_high = ? AND u.deleted_at IS NULL "
    "ORDER BY 2, 1";

int oc_friends_list(oc_dbc_t *c, int64_t user_id, oc_buf_t *out)
{
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_FRIENDS);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, user_id);
    oc_stmt_bind_i64(st, 2, user_id);
    oc_buf_append_str(out, "{\"friends\":[");
    int rc, n = 0;
    oc_user_t u;
    while ((rc = oc_stmt_step(st)) == OC_DB_ROW) {
        oc_user_read_public(st, 0, &u);
        if (n++)
            oc_buf_append_char(out, ',');
        oc_friend_json(out, &u, oc_stmt_i64(st, OC_USER_PUBLIC_NCOLS));
    }
    oc_stmt_reset(st);
    oc_buf_append_str(out, "]}");
    return rc < 0 ? rc : 0;
}

static const char SQL_UNFRIEND[] = "DELETE FROM friendships WHERE user_low = ? AND user_high = ?";

int oc_friend_remove(oc_dbc_t *c, int64_t user_id, int64_t other, oc_friend_refusal_t *why)
{
    int64_t changes = 0;
    int rc =
        oc_dbc_run(c, SQL_UNFRIEND, &changes, "ii", OC_MIN(user_id, other), OC_MAX(user_id, other));
    if (rc < 0)
        return rc;
    return changes ? 0 : refuse(why, OC_FRIEND_NOT_FRIENDS);
}

/* ---- requests -------------------------------------------------------------------------- */

static const char SQL_INCOMING[] =
    "SELECT r.id, r.created_at, " U " FROM friend_requests r JOIN users u ON u.id = r.from_user "
    "WHERE r.to_user = ? AND u.deleted_at IS NULL ORDER BY r.id";
static const char SQL_OUTGOING[] =
    "SELECT r.id, r.created_at, " U " FROM friend_requests r JOIN users u ON u.id = r.to_user "
    "WHERE r.from_user = ? AND u.deleted_at IS NULL ORDER BY r.id";

static int requests_array(oc_dbc_t *c, const char *sql, int64_t user_id, oc_buf_t *out)
{
    oc_stmt_t *st = oc_dbc_prepare(c, sql);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, user_id);
    oc_buf_append_char(out, '[');
    int rc, n = 0;
    oc_user_t u;
    while ((rc = oc_stmt_step(st)) == OC_DB_ROW) {
        oc_user_read_public(st, 2, &u);
        if (n++)
            oc_buf_append_char(out, ',');
        request_json(out, oc_stmt_i64(st, 0), &u, oc_stmt_i64(st, 1));
    }
    oc_stmt_reset(st);
    oc_buf_append_char(out, ']');
    return rc < 0 ? rc : 0;
}

int oc_friend_requests_list(oc_dbc_t *c, int64_t user_id, oc_buf_t *out)
{
    oc_buf_append_str(out, "{\"incoming\":");
    int rc = requests_array(c, SQL_INCOMING, user_id, out);
    if (rc != 0)
        return rc;
    oc_buf_append_str(out, ",\"outgoing\":");
    rc = requests_array(c, SQL_OUTGOING, user_id, out);
    oc_buf_append_char(out, '}');
    return rc;
}

static const char SQL_VERIFIED[] =
    "SELECT email_verified FROM users WHERE id = ? AND deleted_at IS NULL";
static const char SQL_REQUEST_FROM_TO[] =
    "SELECT id FROM friend_requests WHERE from_user = ? AND to_user = ?";
static const char SQL_REQUEST_INSERT[] =
    "INSERT INTO friend_requests (id, from_user, to_user, created_at) VALUES (?, ?, ?, ?)";
static const char SQL_REQUESTS_DELETE_PAIR[] =
    "DELETE FROM friend_requests WHERE (from_user = ? AND to_user = ?) "
    "OR (from_user = ? AND to_user = ?)";
static const char SQL_FRIENDSHIP_INSERT[] =
    "INSERT INTO friendships (user_low, user_high, created_at) VALUES (?, ?, ?) "
    "ON CONFLICT (user_low, user_high) DO NOTHING";

static int verified(oc_dbc_t *c, int64_t user_id, bool *out)
{
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_VERIFIED);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, user_id);
    int rc = oc_stmt_step(st);
    if (rc == OC_DB_ROW) {
        *out = oc_stmt_i64(st, 0) != 0;
        rc = 0;
    } else if (rc == OC_DB_DONE) {
        rc = OC_ENOENT;
    }
    oc_stmt_reset(st);
    return rc;
}

/* Makes a and b friends: their requests (both ways) go, the friendship row comes. */
static int befriend(oc_dbc_t *c, int64_t a, int64_t b, int64_t now_ms)
{
    int rc = oc_dbc_run(c, SQL_REQUESTS_DELETE_PAIR, NULL, "iiii", a, b, b, a);
    if (rc < 0)
        return rc;
    rc = oc_dbc_run(c, SQL_FRIENDSHIP_INSERT, NULL, "iii", OC_MIN(a, b), OC_MAX(a, b), now_ms);
    return rc < 0 ? rc : 0;
}

int oc_friend_request_send(oc_dbc_t *c, int64_t user_id, int64_t to, const char *to_name,
                           int64_t now_ms, oc_buf_t *out, bool *befriended,
                           oc_friend_refusal_t *why)
{
    *befriended = false;
    bool ok = false;
    int rc = verified(c, user_id, &ok);
    if (rc != 0)
        return rc;
    if (!ok)
        return refuse(why, OC_FRIEND_UNVERIFIED);
    oc_user_t other;
    rc = to != 0 ? oc_friend_load_user(c, to, &other) : load_user_by_name(c, to_name, &other);
    if (rc == OC_ENOENT)
        return refuse(why, OC_FRIEND_NO_USER);
    if (rc != 0)
        return rc;
    if (other.id == user_id)
        return refuse(why, OC_FRIEND_SELF);
    bool yes = false;
    if ((rc = oc_blocked_either(c, user_id, other.id, &yes)) != 0)
        return rc;
    if (yes)
        return refuse(why, OC_FRIEND_BLOCKED);
    if ((rc = oc_friends_are(c, user_id, other.id, &yes)) != 0)
        return rc;
    if (yes)
        return refuse(why, OC_FRIEND_ALREADY);
    int64_t reverse[2] = {other.id, user_id};
    if ((rc = any_row(c, SQL_REQUEST_FROM_TO, &yes, 2, reverse)) != 0)
        return rc;
    if (yes) {
        if ((rc = befriend(c, user_id, other.id, now_ms)) != 0)
            return rc;
        *befriended = true;
        oc_friend_json(out, &other, now_ms);
        return 0;
    }
    int64_t forward[2] = {user_id, other.id};
    if ((rc = any_row(c, SQL_REQUEST_FROM_TO, &yes, 2, forward)) != 0)
        return rc;
    if (yes)
        return refuse(why, OC_FRIEND_REQUEST_EXISTS);
    int64_t id = oc_id_next();
    rc = oc_dbc_run(c, SQL_REQUEST_INSERT, NULL, "iiii", id, user_id, other.id, now_ms);
    if (rc < 0)
        return rc;
    request_json(out, id, &other, now_ms);
    return 0;
}

static const char SQL_REQUEST_TO_ME[] =
    "SELECT r.from_user FROM friend_requests r JOIN users u ON u.id = r.from_user "
    "WHERE r.id = ? AND r.to_user = ? AND u.deleted_at IS NULL";

int oc_friend_request_accept(oc_dbc_t *c, int64_t user_id, int64_t id, int64_t now_ms,
                             oc_buf_t *out, oc_friend_refusal_t *why)
{
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_REQUEST_TO_ME);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, id);
    oc_stmt_bind_i64(st, 2, user_id);
    int rc = oc_stmt_step(st);
    int64_t from = rc == OC_DB_ROW ? oc_stmt_i64(st, 0) : 0;
    oc_stmt_reset(st);
    if (rc < 0)
        return rc;
    if (from == 0)
        return refuse(why, OC_FRIEND_NO_REQUEST);
    oc_user_t other;
    if ((rc = oc_friend_load_user(c, from, &other)) != 0)
        return rc;
    if ((rc = befriend(c, user_id, from, now_ms)) != 0)
        return rc;
    oc_friend_json(out, &other, now_ms);
    return 0;
}

static const char SQL_REQUEST_REJECT[] =
    "DELETE FROM friend_requests WHERE id = ? AND to_user = ? RETURNING from_user";
static const char SQL_REQUEST_CANCEL[] =
    "DELETE FROM friend_requests WHERE id = ? AND from_user = ? RETURNING to_user";

static int delete_request(oc_dbc_t *c, const char *sql, int64_t user_id, int64_t id, int64_t *other,
                          oc_friend_refusal_t *why)
{
    oc_stmt_t *st = oc_dbc_prepare(c, sql);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, id);
    oc_stmt_bind_i64(st, 2, user_id);
    int rc = oc_stmt_step(st);
    *other = rc == OC_DB_ROW ? oc_stmt_i64(st, 0) : 0;
    oc_stmt_reset(st);
    if (rc < 0)
        return rc;
    return *other != 0 ? 0 : refuse(why, OC_FRIEND_NO_REQUEST);
}

int oc_friend_request_reject(oc_dbc_t *c, int64_t user_id, int64_t id, int64_t *from,
                             oc_friend_refusal_t *why)
{
    return delete_request(c, SQL_REQUEST_REJECT, user_id, id, from, why);
}

int oc_friend_request_cancel(oc_dbc_t *c, int64_t user_id, int64_t id, int64_t *to,
                             oc_friend_refusal_t *why)
{
    return delete_request(c, SQL_REQUEST_CANCEL, user_id, id, to, why);
}

/* ---- blocks ---------------------------------------------------------------------------- */

static const char SQL_BLOCKS[] =
    "SELECT " U " FROM blocks b JOIN users u ON u.id = b.blocked "
    "WHERE b.blocker = ? AND u.deleted_at IS NULL ORDER BY b.created_at, u.id";
static const char SQL_BLOCK_INSERT[] =
    "INSERT INTO blocks (blocker, blocked, created_at) VALUES (?, ?, ?) "
    "ON CONFLICT (blocker, blocked) DO NOTHING";
static const char SQL_BLOCK_DELETE[] = "DELETE FROM blocks WHERE blocker = ? AND blocked = ?";

int oc_blocks_list(oc_dbc_t *c, int64_t user_id, oc_buf_t *out)
{
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_BLOCKS);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, user_id);
    oc_buf_append_str(out, "{\"blocked\":[");
    int rc, n = 0;
    oc_user_t u;
    while ((rc = oc_stmt_step(st)) == OC_DB_ROW) {
        oc_user_read_public(st, 0, &u);
        if (n++)
            oc_buf_append_char(out, ',');
        oc_user_json_public(out, &u, false);
    }
    oc_stmt_reset(st);
    oc_buf_append_str(out, "]}");
    return rc < 0 ? rc : 0;
}

int oc_block_add(oc_dbc_t *c, int64_t user_id, int64_t other, int64_t now_ms,
                 oc_friend_refusal_t *why)
{
    if (other == user_id)
        return refuse(why, OC_FRIEND_SELF);
    oc_user_t u;
    int rc = oc_friend_load_user(c, other, &u);
    if (rc == OC_ENOENT)
        return refuse(why, OC_FRIEND_NO_USER);
    if (rc != 0)
        return rc;
    rc = oc_dbc_run(c, SQL_BLOCK_INSERT, NULL, "iii", user_id, other, now_ms);
    if (rc < 0)
        return rc;
    rc = oc_dbc_run(c, SQL_UNFRIEND, NULL, "ii", OC_MIN(user_id, other), OC_MAX(user_id, other));
    if (rc < 0)
        return rc;
    rc = oc_dbc_run(c, SQL_REQUESTS_DELETE_PAIR, NULL, "iiii", user_id, other, other, user_id);
    return rc < 0 ? rc : 0;
}

int oc_block_remove(oc_dbc_t *c, int64_t user_id, int64_t other, oc_friend_refusal_t *why)
{
    int64_t changes = 0;
    int rc = oc_dbc_run(c, SQL_BLOCK_DELETE, &changes, "ii", user_id, other);
    if (rc < 0)
        return rc;
    return changes ? 0 : refuse(why, OC_FRIEND_NOT_BLOCKED);
}
