/* Direct-message chats: see dms.h. */
#include "domain/dms.h"

#include "core/alloc.h"
#include "core/errors.h"
#include "core/id.h"
#include "domain/reads.h"

#define U OC_USER_PUBLIC_COLUMNS("u")

/* The chat object up to its read-state fields, which the caller appends with the closing
 * brace. */
static void chat_json_open(oc_buf_t *out, int64_t id, const oc_user_t *other, bool friend,
                           int64_t created_at)
{
    oc_buf_printf(out, "{\"id\":\"%lld\",\"type\":\"dm\",\"user\":", (long long)id);
    oc_user_json_public(out, other, friend);
    oc_buf_printf(out, ",\"created_at\":%lld,", (long long)created_at);
}

static oc_conv_t dm_conv(int64_t chat_id, int64_t other)
{
    return (oc_conv_t){.kind = OC_CONV_DM,
                       .id = chat_id,
                       .chat_id = chat_id,
                       .role = OC_ROLE_MEMBER,
                       .peer_id = other};
}

static const char SQL_PAIR[] = "SELECT c.id, c.created_at FROM dm_pairs p "
                               "JOIN chats c ON c.id = p.chat_id "
                               "WHERE p.user_low = ? AND p.user_high = ?";
static const char SQL_CHAT_INSERT[] =
    "INSERT INTO chats (id, type, created_at) VALUES (?, 'dm', ?)";
static const char SQL_PAIR_INSERT[] =
    "INSERT INTO dm_pairs (user_low, user_high, chat_id) VALUES (?, ?, ?)";
static const char SQL_MEMBER_INSERT[] =
    "INSERT INTO members (chat_id, user_id, role, joined_at) VALUES (?, ?, 'member', ?)";

static int find_pair(oc_dbc_t *c, int64_t low, int64_t high, int64_t *id, int64_t *created_at)
{
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_PAIR);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, low);
    oc_stmt_bind_i64(st, 2, high);
    int rc = oc_stmt_step(st);
    *id = 0;
    if (rc == OC_DB_ROW) {
        *id = oc_stmt_i64(st, 0);
        *created_at = oc_stmt_i64(st, 1);
    }
    oc_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

static int create_chat(oc_dbc_t *c, int64_t low, int64_t high, int64_t id, int64_t now_ms)
{
    int rc = oc_dbc_run(c, SQL_CHAT_INSERT, NULL, "ii", id, now_ms);
    if (rc == 0)
        rc = oc_dbc_run(c, SQL_PAIR_INSERT, NULL, "iii", low, high, id);
    if (rc == 0)
        rc = oc_dbc_run(c, SQL_MEMBER_INSERT, NULL, "iii", id, low, now_ms);
    if (rc == 0)
        rc = oc_dbc_run(c, SQL_MEMBER_INSERT, NULL, "iii", id, high, now_ms);
    return rc;
}

/* ,"peer_last_read_id":"<id>"|null */
static void peer_read_write(oc_buf_t *out, int64_t last_read_id)
{
    oc_buf_append_str(out, ",\"peer_last_read_id\":");
    if (last_read_id > 0)
        oc_buf_printf(out, "\"%lld\"", (long long)last_read_id);
    else
        oc_buf_append_str(out, "null");
}

static const char SQL_PEER_READ[] =
    "SELECT last_read_id FROM read_states WHERE user_id = ? AND conv_id = ?";

/* The other member's read position in chat_id (0 when they never marked one). */
static int peer_read_load(oc_dbc_t *c, int64_t other, int64_t chat_id, int64_t *last_read_id)
{
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_PEER_READ);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, other);
    oc_stmt_bind_i64(st, 2, chat_id);
    int rc = oc_stmt_step(st);
    *last_read_id = rc == OC_DB_ROW ? oc_stmt_i64(st, 0) : 0;
    oc_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

int oc_dm_open(oc_dbc_t *c, int64_t user_id, int64_t other, int64_t now_ms, oc_buf_t *out,
               bool *created, oc_friend_refusal_t *why)
{
    *created = false;
    if (other == user_id) {
        *why = OC_FRIEND_SELF;
        return OC_EPERM;
    }
    oc_user_t u;
    int rc = oc_friend_load_user(c, other, &u);
    if (rc == OC_ENOENT)
        *why = OC_FRIEND_NO_USER;
    if (rc != 0)
        return rc == OC_ENOENT ? OC_EPERM : rc;
    bool yes = false;
    if ((rc = oc_blocked_either(c, user_id, other, &yes)) != 0)
        return rc;
    if (yes) {
        *why = OC_FRIEND_BLOCKED;
        return OC_EPERM;
    }
    if ((rc = oc_friends_are(c, user_id, other, &yes)) != 0)
        return rc;
    if (!yes) {
        *why = OC_FRIEND_NOT_FRIENDS;
        return OC_EPERM;
    }
    int64_t low = OC_MIN(user_id, other), high = OC_MAX(user_id, other);
    int64_t id, created_at = now_ms;
    if ((rc = find_pair(c, low, high, &id, &created_at)) != 0)
        return rc;
    if (id == 0) {
        id = oc_id_next();
        if ((rc = create_chat(c, low, high, id, now_ms)) != 0)
            return rc;
        *created = true;
    }
    chat_json_open(out, id, &u, true, created_at);
    int64_t peer_read = 0;
    if (*created) {
        oc_read_state_t none = {0};
        oc_read_state_write(out, &none);
    } else {
        oc_conv_t conv = dm_conv(id, other);
        if ((rc = oc_read_state_json(c, user_id, &conv, out)) != 0)
            return rc;
        if ((rc = peer_read_load(c, other, id, &peer_read)) != 0)
            return rc;
    }
    peer_read_write(out, peer_read);
    oc_buf_append_char(out, '}');
    return 0;
}

/* Through the caller's memberships (an index) to their DM chats, the other member and both
 * read positions (primary keys): the other's is the "seen" shown under the caller's messages. */
static const char SQL_LIST[] =
    "SELECT c.id, c.created_at, " U ", CASE WHEN EXISTS (SELECT 1 FROM friendships f "
    "WHERE f.user_low = p.user_low AND f.user_high = p.user_high) THEN 1 ELSE 0 END, "
    "COALESCE(r.last_read_id, 0), COALESCE(pr.last_read_id, 0) "
    "FROM members m JOIN chats c ON c.id = m.chat_id AND c.type = 'dm' "
    "JOIN dm_pairs p ON p.chat_id = c.id "
    "JOIN users u ON u.id = CASE WHEN p.user_low = ? THEN p.user_high ELSE p.user_low END "
    "LEFT JOIN read_states r ON r.user_id = m.user_id AND r.conv_id = c.id "
    "LEFT JOIN read_states pr ON pr.user_id = u.id AND pr.conv_id = c.id "
    "WHERE m.user_id = ? AND u.deleted_at IS NULL ORDER BY c.id DESC";

int oc_dms_list(oc_dbc_t *c, int64_t user_id, oc_buf_t *out)
{
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_LIST);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, user_id);
    oc_stmt_bind_i64(st, 2, user_id);
    oc_buf_append_str(out, "{\"chats\":[");
    int rc, n = 0;
    oc_user_t u;
    while ((rc = oc_stmt_step(st)) == OC_DB_ROW) {
        oc_user_read_public(st, 2, &u);
        if (n++)
            oc_buf_append_char(out, ',');
        int64_t id = oc_stmt_i64(st, 0);
        chat_json_open(out, id, &u, oc_stmt_i64(st, 2 + OC_USER_PUBLIC_NCOLS) != 0,
                       oc_stmt_i64(st, 1));
        /* The counts run while the list statement is open: a different statement, which
         * both backends allow (PostgreSQL holds the whole list result already). */
        oc_conv_t conv = dm_conv(id, u.id);
        oc_read_state_t rs;
        rc = oc_read_state_load(c, user_id, &conv, oc_stmt_i64(st, 3 + OC_USER_PUBLIC_NCOLS), 0,
                                OC_UNREAD_CAP, OC_UNREAD_CAP, &rs);
        if (rc != 0)
            break;
        oc_read_state_write(out, &rs);
        peer_read_write(out, oc_stmt_i64(st, 4 + OC_USER_PUBLIC_NCOLS));
        oc_buf_append_char(out, '}');
    }
    oc_stmt_reset(st);
    oc_buf_append_str(out, "]}");
    return rc < 0 ? rc : 0;
}
