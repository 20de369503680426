/* Read positions and unread counts: see reads.h.
 *
 * Every count is one bounded index range: unread messages are a range of messages_by_channel
 * (channel_id, id) or messages_by_chat (chat_id, id) after the read position, mentions a range
 * of the mentions primary key (user_id, conv_id, message_id), each stopped by a LIMIT at the
 * cap (see SQL_CH_COUNTS for how each backend counts a LIMITed range). */
#include "domain/reads.h"

#include "core/alloc.h"
#include "core/errors.h"
#include "core/id.h"

static const char SQL_CH_HAS[] = "SELECT 1 FROM messages WHERE id = ? AND channel_id = ?";
static const char SQL_DM_HAS[] =
    "SELECT 1 FROM messages WHERE id = ? AND chat_id = ? AND channel_id IS NULL";

/* Forward only: the WHERE of DO UPDATE keeps a newer stored position, and then changes 0 rows. */
static const char SQL_MARK[] =
    "INSERT INTO read_states (user_id, conv_id, last_read_id) VALUES (?, ?, ?) "
    "ON CONFLICT (user_id, conv_id) DO UPDATE SET last_read_id = excluded.last_read_id "
    "WHERE read_states.last_read_id < excluded.last_read_id";
static const char SQL_POSITION[] =
    "SELECT last_read_id FROM read_states WHERE user_id = ? AND conv_id = ?";
/* Always one row (NULLs read as 0): when the user joined the zone, and the stored position. */
static const char SQL_MEMBER_POSITION[] =
    "SELECT (SELECT joined_at FROM members WHERE chat_id = ? AND user_id = ?), "
    "(SELECT last_read_id FROM read_states WHERE user_id = ? AND conv_id = ?)";

/* One statement gives the newest live message, the unread messages (by others, not deleted)
 * after the position and the mentions of the user after it, each count stopped by a LIMIT.
 * Mentions need no look at the messages: deleting a message deletes its mentions.
 *
 * PostgreSQL counts a LIMITed FROM subquery. SQLite would plan that as a co-routine whose
 * rows it "SCAN"s (which OPENCHAT_EXPLAIN reports), so there the LIMITed range is an IN list
 * of rowids that the outer COUNT looks up by primary key: the same bounded work. ORDER BY
 * key, id names the (key, id) index's order so PostgreSQL walks that index and stops. */
/* clang-format off */
#define LAST_LIVE(WHERE, KEY)                                                                      \
    "(SELECT id FROM messages WHERE " WHERE " AND deleted_at IS NULL "                             \
    "ORDER BY " KEY " DESC, id DESC LIMIT 1)"
#define UNREAD_RANGE(WHERE, KEY)                                                                   \
    "SELECT id FROM messages WHERE " WHERE " AND id > ? AND deleted_at IS NULL "                   \
    "AND (author_id IS NULL OR author_id <> ?) ORDER BY " KEY ", id LIMIT ?"
#define COUNTS_LITE(WHERE, KEY)                                                                    \
    "SELECT " LAST_LIVE(WHERE, KEY) ", "                                                           \
    "(SELECT COUNT(*) FROM messages WHERE id IN (" UNREAD_RANGE(WHERE, KEY) ")), "                 \
    "(SELECT COUNT(*) FROM mentions WHERE rowid IN (SELECT rowid FROM mentions "                   \
    "WHERE user_id = ? AND conv_id = ? AND message_id > ? ORDER BY message_id LIMIT ?))"
#define COUNTS_PG(WHERE, KEY)                                                                      \
    "SELECT " LAST_LIVE(WHERE, KEY) ", "                                                           \
    "(SELECT COUNT(*) FROM (" UNREAD_RANGE(WHERE, KEY) ") AS u), "                                 \
    "(SELECT COUNT(*) FROM (SELECT 1 FROM mentions WHERE user_id = ? AND conv_id = ? "             \
    "AND message_id > ? ORDER BY message_id LIMIT ?) AS n)"
/* clang-format on */
#define CH_WHERE "channel_id = ?"
#define DM_WHERE "chat_id = ? AND channel_id IS NULL"
static const char SQL_CH_COUNTS[] = COUNTS_LITE(CH_WHERE, "channel_id");
static const char SQL_DM_COUNTS[] = COUNTS_LITE(DM_WHERE, "chat_id");
static const char SQL_CH_COUNTS_PG[] = COUNTS_PG(CH_WHERE, "channel_id");
static const char SQL_DM_COUNTS_PG[] = COUNTS_PG(DM_WHERE, "chat_id");

/* The message key of a conversation in messages: its channel, or the DM chat. */
static int64_t message_key(const oc_conv_t *conv)
{
    return conv->kind == OC_CONV_CHANNEL ? conv->channel_id : conv->chat_id;
}

static int message_in(oc_dbc_t *c, const oc_conv_t *conv, int64_t message_id, bool *found)
{
    oc_stmt_t *st = oc_dbc_prepare(c, conv->kind == OC_CONV_CHANNEL ? SQL_CH_HAS : SQL_DM_HAS);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, message_id);
    oc_stmt_bind_i64(st, 2, message_key(conv));
    int rc = oc_stmt_step(st);
    *found = rc == OC_DB_ROW;
    oc_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

int oc_read_mark_own(oc_dbc_t *c, int64_t user_id, const oc_conv_t *conv, int64_t message_id)
{
    return oc_dbc_run(c, SQL_MARK, NULL, "iii", user_id, conv->id, message_id);
}

int oc_read_mark(oc_dbc_t *c, int64_t user_id, const oc_conv_t *conv, int64_t message_id,
                 int64_t *last_read, bool *moved, oc_msg_refusal_t *why)
{
    *last_read = 0;
    *moved = false;
    bool found = false;
    int rc = message_in(c, conv, message_id, &found);
    if (rc != 0)
        return rc;
    if (!found) {
        *why = OC_MR_MESSAGE_NOT_FOUND;
        return OC_EPERM;
    }
    int64_t changes = 0;
    rc = oc_dbc_run(c, SQL_MARK, &changes, "iii", user_id, conv->id, message_id);
    if (rc != 0)
        return rc;
    if (changes > 0) {
        *moved = true;
        *last_read = message_id;
        return 0;
    }
    /* A newer position was stored (by another tab, or a later message sent). */
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_POSITION);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, user_id);
    oc_stmt_bind_i64(st, 2, conv->id);
    rc = oc_stmt_step(st);
    if (rc == OC_DB_ROW) {
        *last_read = oc_stmt_i64(st, 0);
        rc = 0;
    } else if (rc == OC_DB_DONE) {
        rc = OC_EIO; /* the upsert left a row: cannot happen */
    }
    oc_stmt_reset(st);
    return rc;
}

int64_t oc_read_from(const oc_conv_t *conv, int64_t last_read_id, int64_t joined_at)
{
    if (conv->kind != OC_CONV_CHANNEL || joined_at < OC_ID_EPOCH_MS)
        return last_read_id;
    /* Ids are (ms since the epoch) << 22 | node | sequence: every id of a later millisecond
     * is above this one. 41 bits of milliseconds last until 2094; beyond, nothing is unread. */
    int64_t ms = joined_at - OC_ID_EPOCH_MS;
    int64_t floor = ms >= (INT64_C(1) << 41) ? INT64_MAX : (ms << 22) | ((INT64_C(1) << 22) - 1);
    return OC_MAX(last_read_id, floor);
}

int oc_read_state_load(oc_dbc_t *c, int64_t user_id, const oc_conv_t *conv, int64_t last_read_id,
                       int64_t joined_at, int64_t unread_cap, int64_t mention_cap,
                       oc_read_state_t *rs)
{
    int64_t from = oc_read_from(conv, last_read_id, joined_at);
    *rs = (oc_read_state_t){.last_read_id = last_read_id};
    bool channel = conv->kind == OC_CONV_CHANNEL;
    const char *sql = oc_dbc_kind(c) == OC_DB_POSTGRES
                          ? (channel ? SQL_CH_COUNTS_PG : SQL_DM_COUNTS_PG)
                          : (channel ? SQL_CH_COUNTS : SQL_DM_COUNTS);
    oc_stmt_t *st = oc_dbc_prepare(c, sql);
    if (st == NULL)
        return OC_EIO;
    int64_t key = message_key(conv);
    oc_stmt_bind_i64(st, 1, key);
    oc_stmt_bind_i64(st, 2, key);
    oc_stmt_bind_i64(st, 3, from);
    oc_stmt_bind_i64(st, 4, user_id);
    oc_stmt_bind_i64(st, 5, OC_MAX(0, OC_MIN(unread_cap, OC_UNREAD_CAP)));
    oc_stmt_bind_i64(st, 6, user_id);
    oc_stmt_bind_i64(st, 7, conv->id);
    oc_stmt_bind_i64(st, 8, from);
    oc_stmt_bind_i64(st, 9, OC_MAX(0, OC_MIN(mention_cap, OC_UNREAD_CAP)));
    int rc = oc_stmt_step(st);
    if (rc == OC_DB_ROW) {
        rs->last_message_id = oc_stmt_i64(st, 0);
        rs->unread_count = oc_stmt_i64(st, 1);
        rs->mention_count = oc_stmt_i64(st, 2);
        rc = 0;
    } else if (rc == OC_DB_DONE) {
        rc = OC_EIO; /* a SELECT without FROM always has its row */
    }
    oc_stmt_reset(st);
    return rc;
}

static void id_or_null(oc_buf_t *out, int64_t id)
{
    if (id > 0)
        oc_buf_printf(out, "\"%lld\"", (long long)id);
    else
        oc_buf_append_str(out, "null");
}

void oc_read_state_write(oc_buf_t *out, const oc_read_state_t *rs)
{
    oc_buf_append_str(out, "\"last_read_id\":");
    id_or_null(out, rs->last_read_id);
    oc_buf_append_str(out, ",\"last_message_id\":");
    id_or_null(out, rs->last_message_id);
    oc_buf_printf(out, ",\"unread_count\":%lld,\"mention_count\":%lld", (long long)rs->unread_count,
                  (long long)rs->mention_count);
}

int oc_read_state_json(oc_dbc_t *c, int64_t user_id, const oc_conv_t *conv, oc_buf_t *out)
{
    bool channel = conv->kind == OC_CONV_CHANNEL;
    oc_stmt_t *st = oc_dbc_prepare(c, channel ? SQL_MEMBER_POSITION : SQL_POSITION);
    if (st == NULL)
        return OC_EIO;
    int i = 1;
    if (channel) {
        oc_stmt_bind_i64(st, i++, conv->chat_id);
        oc_stmt_bind_i64(st, i++, user_id);
    }
    oc_stmt_bind_i64(st, i++, user_id);
    oc_stmt_bind_i64(st, i, conv->id);
    int64_t joined_at = 0, last_read_id = 0;
    int rc = oc_stmt_step(st);
    if (rc == OC_DB_ROW) {
        joined_at = channel ? oc_stmt_i64(st, 0) : 0;
        last_read_id = oc_stmt_i64(st, channel ? 1 : 0);
    }
    oc_stmt_reset(st);
    if (rc < 0)
        return rc;
    oc_read_state_t rs;
    rc = oc_read_state_load(c, user_id, conv, last_read_id, joined_at, OC_UNREAD_CAP, OC_UNREAD_CAP,
                            &rs);
    if (rc == 0)
        oc_read_state_write(out, &rs);
    return rc;
}
