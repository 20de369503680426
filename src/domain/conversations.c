/* Conversations: opening a DM chat or a zone text channel for one user, and the refusal
 * codes every message action shares. See conversations.h. */
#include "domain/conversations.h"

#include "core/errors.h"
#include "domain/friends.h"

#include <string.h>

/* ---- refusals -------------------------------------------------------------------------- */

static const struct {
    const char *code;
    const char *message;
} REFUSALS[OC_MR_COUNT] = {
    [OC_MR_NONE] = {"", ""},
    [OC_MR_CHAT_NOT_FOUND] = {"chat_not_found", "No such chat."},
    [OC_MR_CHANNEL_NOT_FOUND] = {"channel_not_found", "No such channel."},
    [OC_MR_CHANNEL_NOT_TEXT] = {"channel_not_text", "Messages go to text channels only."},
    [OC_MR_BLOCKED] = {"blocked", "You cannot write to this user."},
    [OC_MR_MESSAGE_NOT_FOUND] = {"message_not_found", "No such message."},
    [OC_MR_NOT_AUTHOR] = {"not_author", "Only the author can do this."},
    [OC_MR_ADMIN_REQUIRED] = {"admin_required", "Only the zone's admins can do this."},
    [OC_MR_REPLY_NOT_FOUND] = {"reply_not_found",
                               "The message replied to is not in this conversation."},
    [OC_MR_ATTACHMENT_NOT_FOUND] = {"attachment_not_found",
                                    "An attachment is not one of your unused uploads."},
    [OC_MR_PIN_LIMIT] = {"pin_limit", "This conversation has as many pinned messages as it can."},
    [OC_MR_REACTION_LIMIT] = {"reaction_limit",
                              "This message has as many different reactions as it can."},
};

const char *oc_msg_refusal_code(oc_msg_refusal_t why)
{
    return why >= OC_MR_NONE && why < OC_MR_COUNT ? REFUSALS[why].code : "";
}

const char *oc_msg_refusal_message(oc_msg_refusal_t why)
{
    return why >= OC_MR_NONE && why < OC_MR_COUNT ? REFUSALS[why].message : "";
}

static int refuse(oc_msg_refusal_t *why, oc_msg_refusal_t reason)
{
    *why = reason;
    return OC_EPERM;
}

/* ---- opening --------------------------------------------------------------------------- */

/* The channel (primary key) and the user's membership of its zone (primary key). */
static const char SQL_CHANNEL[] =
    "SELECT ch.chat_id, ch.type, m.role FROM channels ch "
    "JOIN members m ON m.chat_id = ch.chat_id AND m.user_id = ? WHERE ch.id = ?";
/* The DM pair (unique chat_id) joined with the user's membership and the other member. */
static const char SQL_DM[] =
    "SELECT p.user_low, p.user_high, COALESCE(u.deleted_at, 0) FROM dm_pairs p "
    "JOIN members m ON m.chat_id = p.chat_id AND m.user_id = ? "
    "JOIN users u ON u.id = CASE WHEN p.user_low = ? THEN p.user_high ELSE p.user_low END "
    "WHERE p.chat_id = ?";

static int open_channel(oc_dbc_t *c, int64_t user_id, int64_t chat_id, int64_t channel_id,
                        bool allow_voice, oc_conv_t *out, oc_msg_refusal_t *why)
{
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_CHANNEL);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, user_id);
    oc_stmt_bind_i64(st, 2, channel_id);
    int rc = oc_stmt_step(st);
    oc_conv_channel_row_t row;
    oc_conv_channel_read(st, rc, 0, &row);
    oc_stmt_reset(st);
    if (rc < 0)
        return rc;
    return oc_conv_channel(chat_id, channel_id, &row, allow_voice, out, why);
}

void oc_conv_channel_read(oc_stmt_t *st, int step_rc, int col, oc_conv_channel_row_t *row)
{
    *row = (oc_conv_channel_row_t){.found = step_rc == OC_DB_ROW};
    if (!row->found)
        return;
    row->zone = oc_stmt_i64(st, col);
    oc_stmt_copy_text(st, col + 1, row->type, sizeof(row->type));
    oc_stmt_copy_text(st, col + 2, row->role, sizeof(row->role));
}

int oc_conv_channel(int64_t chat_id, int64_t channel_id, const oc_conv_channel_row_t *row,
                    bool allow_voice, oc_conv_t *out, oc_msg_refusal_t *why)
{
    oc_role_t role = oc_role_parse(row->role);
    if (!row->found || (chat_id != 0 && chat_id != row->zone) || role == OC_ROLE_NONE)
        return refuse(why, OC_MR_CHANNEL_NOT_FOUND);
    if (!allow_voice && strcmp(row->type, "text") != 0)
        return refuse(why, OC_MR_CHANNEL_NOT_TEXT);
    *out = (oc_conv_t){.kind = OC_CONV_CHANNEL,
                       .id = channel_id,
                       .chat_id = row->zone,
                       .channel_id = channel_id,
                       .role = role};
    return 0;
}

static int open_dm(oc_dbc_t *c, int64_t user_id, int64_t chat_id, oc_conv_t *out,
                   oc_msg_refusal_t *why)
{
    if (chat_id == 0)
        return refuse(why, OC_MR_CHAT_NOT_FOUND);
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_DM);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, user_id);
    oc_stmt_bind_i64(st, 2, user_id);
    oc_stmt_bind_i64(st, 3, chat_id);
    int rc = oc_stmt_step(st);
    int64_t low = 0, high = 0, peer_deleted = 0;
    if (rc == OC_DB_ROW) {
        low = oc_stmt_i64(st, 0);
        high = oc_stmt_i64(st, 1);
        peer_deleted = oc_stmt_i64(st, 2);
    }
    oc_stmt_reset(st);
    if (rc < 0)
        return rc;
    if (rc != OC_DB_ROW)
        return refuse(why, OC_MR_CHAT_NOT_FOUND);
    int64_t peer = low == user_id ? high : low;
    bool blocked = false;
    if (peer_deleted == 0 && (rc = oc_blocked_either(c, user_id, peer, &blocked)) != 0)
        return rc;
    *out = (oc_conv_t){.kind = OC_CONV_DM,
                       .id = chat_id,
                       .chat_id = chat_id,
                       .channel_id = 0,
                       .role = OC_ROLE_MEMBER,
                       .peer_id = peer_deleted ? 0 : peer,
                       .blocked = blocked};
    return 0;
}

int oc_conv_open(oc_dbc_t *c, int64_t user_id, int64_t chat_id, int64_t channel_id,
                 bool allow_voice, oc_conv_t *out, oc_msg_refusal_t *why)
{
    *why = OC_MR_NONE;
    memset(out, 0, sizeof(*out));
    if (channel_id != 0)
        return open_channel(c, user_id, chat_id, channel_id, allow_voice, out, why);
    return open_dm(c, user_id, chat_id, out, why);
}

static const char SQL_MESSAGE[] =
    "SELECT m.chat_id, COALESCE(m.channel_id, 0), COALESCE(m.author_id, 0), "
    "COALESCE(m.deleted_at, 0), COALESCE(u.deleted_at, 0) FROM messages m "
    "LEFT JOIN users u ON u.id = m.author_id WHERE m.id = ?";

int oc_conv_of_message(oc_dbc_t *c, int64_t user_id, int64_t message_id, oc_conv_t *out,
                       int64_t *author_id, oc_msg_refusal_t *why)
{
    *why = OC_MR_NONE;
    memset(out, 0, sizeof(*out));
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_MESSAGE);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, message_id);
    int rc = oc_stmt_step(st);
    int64_t chat = 0, channel = 0, author = 0, deleted = 0, author_gone = 0;
    if (rc == OC_DB_ROW) {
        chat = oc_stmt_i64(st, 0);
        channel = oc_stmt_i64(st, 1);
        author = oc_stmt_i64(st, 2);
        deleted = oc_stmt_i64(st, 3);
        author_gone = oc_stmt_i64(st, 4);
    }
    oc_stmt_reset(st);
    if (rc < 0)
        return rc;
    if (rc != OC_DB_ROW || deleted != 0)
        return refuse(why, OC_MR_MESSAGE_NOT_FOUND);
    /* Voice channels have no messages; a message stays reachable whatever its channel is. */
    rc = oc_conv_open(c, user_id, chat, channel, true, out, why);
    if (rc == OC_EPERM)
        return refuse(why, OC_MR_MESSAGE_NOT_FOUND);
    if (rc != 0)
        return rc;
    if (author_id != NULL)
        *author_id = author_gone ? 0 : author;
    return 0;
}
