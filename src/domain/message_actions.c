/* Message actions inside write jobs: send, edit, delete, pin and reactions (messages.h).
 * Each opens the conversation for the acting user and checks its rule before it writes, so
 * a refusal (OC_EPERM with out->why) has changed nothing. */
#include "domain/messages_internal.h"

#include "core/alloc.h"
#include "core/errors.h"
#include "core/id.h"
#include "core/json_writer.h"
#include "domain/attachments.h"
#include "domain/reads.h"

#include <stdlib.h>
#include <string.h>

void oc_message_result_free(oc_message_result_t *r)
{
    if (r == NULL)
        return;
    oc_buf_free(&r->json);
    for (size_t i = 0; i < r->num_removed_files; i++)
        free(r->removed_files[i]);
    free(r->removed_files);
    r->removed_files = NULL;
    r->num_removed_files = 0;
}

static int refuse(oc_message_result_t *out, oc_msg_refusal_t why)
{
    out->why = why;
    return OC_EPERM;
}

static void append_ids(oc_buf_t *out, const oc_conv_t *conv)
{
    oc_buf_printf(out, "\"chat_id\":\"%lld\",\"channel_id\":", (long long)conv->chat_id);
    if (conv->channel_id)
        oc_buf_printf(out, "\"%lld\"", (long long)conv->channel_id);
    else
        oc_buf_append_str(out, "null");
}

/* Opens the conversation of message_id for user_id into out (MESSAGE_NOT_FOUND). */
static int open_message(oc_dbc_t *c, int64_t user_id, int64_t message_id, int64_t *author,
                        oc_message_result_t *out)
{
    out->message_id = message_id;
    return oc_conv_of_message(c, user_id, message_id, &out->conv, author, &out->why);
}

/* ---- mentions -------------------------------------------------------------------------- */

/* A mention counts only for a member of the conversation: the insert selects the membership
 * row (primary key), so a non-member gives no row. */
static const char SQL_MENTION[] = "INSERT INTO mentions (user_id, conv_id, message_id) "
                                  "SELECT user_id, ?, ? FROM members WHERE chat_id = ? AND "
                                  "user_id = ? ON CONFLICT DO NOTHING";
static const char SQL_MENTIONS_DROP[] = "DELETE FROM mentions WHERE message_id = ?";

static int store_mentions(oc_dbc_t *c, const oc_conv_t *conv, int64_t message_id, int64_t author,
                          const char *content, size_t len)
{
    int64_t ids[OC_MESSAGE_MAX_MENTIONS];
    size_t n = oc_message_mentions_parse(content, len, ids, OC_MESSAGE_MAX_MENTIONS);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (ids[i] != author)
            rc = oc_dbc_run(c, SQL_MENTION, NULL, "iiii", conv->id, message_id, conv->chat_id,
                            ids[i]);
    return rc;
}

/* ---- send ------------------------------------------------------------------------------ */

static const char SQL_BY_NONCE[] = "SELECT id, chat_id, COALESCE(channel_id, 0) FROM messages "
                                   "WHERE author_id = ? AND nonce = ?";
static const char SQL_REPLY[] = "SELECT chat_id, COALESCE(channel_id, 0), COALESCE(deleted_at, 0) "
                                "FROM messages WHERE id = ?";

/* The message the author already sent with this nonce: *id 0 when none. */
static int find_nonce(oc_dbc_t *c, int64_t author, const char *nonce, int64_t *id, int64_t *chat_id,
                      int64_t *channel_id)
{
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_BY_NONCE);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, author);
    oc_stmt_bind_str(st, 2, nonce);
    int rc = oc_stmt_step(st);
    *id = 0;
    if (rc == OC_DB_ROW) {
        *id = oc_stmt_i64(st, 0);
        *chat_id = oc_stmt_i64(st, 1);
        *channel_id = oc_stmt_i64(st, 2);
    }
    oc_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

/* Answers a repeated nonce with the message stored the first time. It may be in another
 * conversation than the one named now (a client reusing nonces): out->conv is its own. */
static int send_duplicate(oc_dbc_t *c, const oc_message_draft_t *d, int64_t id, int64_t chat_id,
                          int64_t channel_id, oc_message_result_t *out)
{
    out->duplicate = true;
    out->message_id = id;
    if (out->conv.chat_id != chat_id || out->conv.channel_id != channel_id) {
        oc_msg_refusal_t why;
        if (oc_conv_open(c, d->author_id, chat_id, channel_id, true, &out->conv, &why) != 0) {
            out->conv = (oc_conv_t){.kind = channel_id ? OC_CONV_CHANNEL : OC_CONV_DM,
                                    .id = channel_id ? channel_id : chat_id,
                                    .chat_id = chat_id,
                                    .channel_id = channel_id};
        }
    }
    return oc__msg_load_json(c, id, d->author_id, OC__MSG_REACTIONS, &out->json);
}

static int check_reply(oc_dbc_t *c, const oc_conv_t *conv, int64_t reply_to, bool *ok)
{
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_REPLY);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, reply_to);
    int rc = oc_stmt_step(st);
    *ok = rc == OC_DB_ROW && oc_stmt_i64(st, 0) == conv->chat_id &&
          oc_stmt_i64(st, 1) == conv->channel_id && oc_stmt_i64(st, 2) == 0;
    oc_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

/* Why a new message could not be written here (0: it can). */
static int send_refusal(oc_dbc_t *c, const oc_message_draft_t *d, const oc_conv_t *conv,
                        oc_msg_refusal_t *why)
{
    *why = OC_MR_NONE;
    if (conv->blocked) {
        *why = OC_MR_BLOCKED;
        return 0;
    }
    if (d->reply_to != 0) {
        bool ok = false;
        int rc = check_reply(c, conv, d->reply_to, &ok);
        if (rc != 0)
            return rc;
        if (!ok) {
            *why = OC_MR_REPLY_NOT_FOUND;
            return 0;
        }
    }
    bool bad = d->num_attachments > OC_MESSAGE_MAX_ATTACHMENTS;
    for (size_t i = 0; !bad && i < d->num_attachments; i++)
        for (size_t j = 0; j < i; j++)
            bad = bad || d->attachments[i] == d->attachments[j];
    if (bad)
        *why = OC_MR_ATTACHMENT_NOT_FOUND;
    return 0;
}

/* Answers with the message the author stored earlier with d->nonce, if there is one. */
static int try_duplicate(oc_dbc_t *c, const oc_message_draft_t *d, oc_message_result_t *out,
                         bool *found)
{
    int64_t id, chat_id = 0, channel_id = 0;
    int rc = find_nonce(c, d->author_id, d->nonce, &id, &chat_id, &channel_id);
    *found = rc == 0 && id != 0;
    if (*found)
        rc = send_duplicate(c, d, id, chat_id, channel_id, out);
    return rc;
}

/* The end of a send whose row is in stored: mentions and the message's JSON. */
static int send_finish(oc_dbc_t *c, const oc_message_draft_t *d, oc_message_result_t *out,
                       const oc__msg_list_t *stored)
{
    int64_t id = stored->items[0].id;
    int rc = store_mentions(c, &out->conv, id, d->author_id, d->content, d->content_len);
    if (rc == 0)
        rc = oc__msg_first_json(c, stored, d->author_id,
                                OC__MSG_REACTIONS | OC__MSG_NEW |
                                    (d->num_attachments ? 0 : OC__MSG_NO_ATTACHMENTS),
                                &out->json);
    return rc;
}

/* PostgreSQL, common sends (a zone text channel, no reply, no attachments) in one statement:
 * the checks of oc_conv_open for a channel, the inserts of oc__msg_insert_read, the authors'
 * read positions of oc_read_mark_own, and the stored rows with their authors. Each step of
 * each send is a round trip otherwise, and on a busy server those waits and PostgreSQL's
 * per-statement work are what limit the writer. A send is only written when its checks pass,
 * so a refusal changes nothing. Input: a JSON array of {o: index, id, a: author, ch: channel,
 * z: zone named by the client or 0, c: content, n: nonce, t: created_at}. Output: one row per
 * draft in index order, the stored row as OC__MSG_COLUMNS reads it (0-19) or NULLs, the
 * channel's zone, type and the author's role (20-22, NULLs: no such channel for this user),
 * the index (23). Two drafts of one author with one nonce: the second writes nothing and is
 * answered as a repeat. */
static const char SQL_PG_CHANNEL_SEND_MANY[] =
    "WITH input AS (SELECT * FROM json_to_recordset(?::json) AS t(o int, id bigint, a bigint, "
    "ch bigint, z bigint, c text, n text, t bigint)), "
    "conv AS (SELECT i.o, ch.chat_id, ch.type, m.role FROM input i JOIN channels ch ON ch.id = "
    "i.ch JOIN members m ON m.chat_id = ch.chat_id AND m.user_id = i.a), "
    "ins AS (INSERT INTO messages (id, chat_id, channel_id, author_id, content, reply_to, "
    "nonce, created_at) SELECT i.id, conv.chat_id, i.ch, i.a, i.c, NULL, i.n, i.t FROM input i "
    "JOIN conv ON conv.o = i.o WHERE conv.type = 'text' AND conv.role IN ('member', 'admin', "
    "'owner') AND (i.z = 0 OR conv.chat_id = i.z) ORDER BY i.o ON CONFLICT DO NOTHING "
    "RETURNING id, chat_id, channel_id, author_id, content, nonce, created_at, pinned), "
    "mark AS (INSERT INTO read_states (user_id, conv_id, last_read_id) SELECT author_id, "
    "channel_id, MAX(id) FROM ins GROUP BY author_id, channel_id ON CONFLICT (user_id, "
    "conv_id) DO UPDATE SET last_read_id = excluded.last_read_id WHERE "
    "read_states.last_read_id < excluded.last_read_id) "
    "SELECT ins.id, ins.chat_id, ins.channel_id, ins.author_id, ins.content, 0, ins.nonce, "
    "ins.created_at, 0, 0, ins.pinned, u.username, u.display_name, COALESCE(u.avatar, ''), "
    "COALESCE(u.deleted_at, 0), 0, 0, 0, NULL, 0, conv.chat_id, conv.type, conv.role, i.o "
    "FROM input i LEFT JOIN conv ON conv.o = i.o LEFT JOIN ins ON ins.id = i.id "
    "LEFT JOIN users u ON u.id = ins.author_id ORDER BY i.o";

bool oc_message_send_many_takes(const oc_message_draft_t *d)
{
    return d->channel_id != 0 && d->reply_to == 0 && d->num_attachments == 0;
}

/* The statement's input for drafts d[0..n) with the new ids. */
static void many_input(const oc_message_draft_t *d, const int64_t *ids, size_t n, oc_buf_t *in)
{
    oc_buf_append_char(in, '[');
    for (size_t i = 0; i < n; i++) {
        oc_buf_printf(in, "%s{\"o\":%zu,\"id\":%lld,\"a\":%lld,\"ch\":%lld,\"z\":%lld,\"c\":",
                      i ? "," : "", i, (long long)ids[i], (long long)d[i].author_id,
                      (long long)d[i].channel_id, (long long)d[i].chat_id);
        oc_json_append_string(in, d[i].content, d[i].content_len);
        oc_buf_append_str(in, ",\"n\":");
        if (d[i].nonce)
            oc_json_append_cstr(in, d[i].nonce);
        else
            oc_buf_append_str(in, "null");
        oc_buf_printf(in, ",\"t\":%lld}", (long long)d[i].now);
    }
    oc_buf_append_char(in, ']');
}

int oc_message_send_many(oc_dbc_t *c, const oc_message_draft_t *d, oc_message_result_t **out,
                         int *status, size_t n)
{
    if (oc_dbc_kind(c) != OC_DB_POSTGRES)
        return OC_ENOTSUP;
    for (size_t i = 0; i < n; i++)
        if (!oc_message_send_many_takes(&d[i]))
            return OC_ENOTSUP;
    int64_t *ids = oc_xcalloc(n, sizeof(*ids));
    oc__msg_list_t *stored = oc_xcalloc(n, sizeof(*stored));
    oc_conv_channel_row_t *rows = oc_xcalloc(n, sizeof(*rows));
    for (size_t i = 0; i < n; i++)
        ids[i] = oc_id_next();
    oc_buf_t in = OC_BUF_INIT;
    many_input(d, ids, n, &in);
    int rc = OC_EIO;
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_PG_CHANNEL_SEND_MANY);
    if (st != NULL) {
        oc_stmt_bind_text(st, 1, in.data, in.len);
        while ((rc = oc_stmt_step(st)) == OC_DB_ROW) {
            int64_t o = oc_stmt_i64(st, 23);
            if (o < 0 || (size_t)o >= n)
                continue;
            oc_conv_channel_read(st, oc_stmt_null(st, 20) ? OC_DB_DONE : OC_DB_ROW, 20, &rows[o]);
            if (!oc_stmt_null(st, 0))
                oc__msg_read(st, &stored[o]);
        }
        oc_stmt_reset(st);
    }
    oc_buf_free(&in);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        oc_message_result_t *r = out[i];
        memset(&r->conv, 0, sizeof(r->conv));
        r->why = OC_MR_NONE;
        if (oc_conv_channel(d[i].chat_id, d[i].channel_id, &rows[i], false, &r->conv, &r->why) !=
            0) {
            status[i] = OC_EPERM;
        } else if (stored[i].count == 1) {
            r->message_id = ids[i];
            rc = status[i] = send_finish(c, &d[i], r, &stored[i]);
        } else {
            /* The checks passed and nothing was written: the nonce was used before. */
            bool found = false;
            if (d[i].nonce == NULL || ((rc = try_duplicate(c, &d[i], r, &found)) == 0 && !found))
                rc = OC_EIO;
            status[i] = rc;
        }
    }
    for (size_t i = 0; i < n; i++)
        oc__msg_list_free(&stored[i]);
    free(stored);
    free(rows);
    free(ids);
    return rc;
}

int oc_message_send(oc_dbc_t *c, const oc_message_draft_t *d, oc_message_result_t *out)
{
    if (oc_dbc_kind(c) == OC_DB_POSTGRES && oc_message_send_many_takes(d)) {
        int status;
        int rc = oc_message_send_many(c, d, &out, &status, 1);
        return rc != 0 ? rc : status;
    }
    int rc = oc_conv_open(c, d->author_id, d->chat_id, d->channel_id, false, &out->conv, &out->why);
    if (rc != 0)
        return rc;
    /* A repeated nonce is the same send: it answers even when writing anew would now be
     * refused (a block since), as the first answer was lost, not the message. The common
     * case costs no lookup: the insert itself meets the earlier row (OC_EEXIST below). */
    oc_msg_refusal_t why;
    if ((rc = send_refusal(c, d, &out->conv, &why)) != 0)
        return rc;
    if (why != OC_MR_NONE) {
        bool found = false;
        if (d->nonce != NULL && ((rc = try_duplicate(c, d, out, &found)) != 0 || found))
            return rc;
        return refuse(out, why);
    }
    oc_message_row_t row = {.id = oc_id_next(),
                            .chat_id = out->conv.chat_id,
                            .channel_id = out->conv.channel_id,
                            .author_id = d->author_id,
                            .content = d->content,
                            .content_len = d->content_len,
                            .reply_to = d->reply_to,
                            .created_at = d->now};
    out->message_id = row.id;
    oc__msg_list_t stored = {0};
    rc = oc__msg_insert_read(c, &row, d->nonce, &stored);
    if (rc == OC_EEXIST && d->nonce != NULL) {
        bool found = false;
        if ((rc = try_duplicate(c, d, out, &found)) == 0 && !found)
            rc = OC_EIO; /* the conflicting row cannot vanish inside the transaction */
        return rc;
    }
    if (rc == 0 && d->num_attachments > 0) {
        rc = oc_attachments_claim(c, d->author_id, row.id, d->attachments, d->num_attachments);
        if (rc == OC_ENOENT)
            rc = refuse(out, OC_MR_ATTACHMENT_NOT_FOUND);
    }
    /* What one wrote is read: the author's read position moves to it (reads.h). */
    if (rc == 0)
        rc = oc_read_mark_own(c, d->author_id, &out->conv, row.id);
    if (rc == 0)
        rc = send_finish(c, d, out, &stored);
    oc__msg_list_free(&stored);
    return rc;
}

/* ---- edit, delete ---------------------------------------------------------------------- */

static const char SQL_EDIT[] = "UPDATE messages SET content = ?, edited_at = ? WHERE id = ?";

int oc_message_edit(oc_dbc_t *c, int64_t user_id, int64_t message_id, const char *content,
                    size_t len, int64_t now, oc_message_result_t *out)
{
    int64_t author = 0;
    int rc = open_message(c, user_id, message_id, &author, out);
    if (rc != 0)
        return rc;
    if (author != user_id)
        return refuse(out, OC_MR_NOT_AUTHOR);
    if (out->conv.blocked)
        return refuse(out, OC_MR_BLOCKED);
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_EDIT);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_text(st, 1, content, len);
    oc_stmt_bind_i64(st, 2, now);
    oc_stmt_bind_i64(st, 3, message_id);
    rc = oc_stmt_step(st);
    oc_stmt_reset(st);
    if (rc == 0)
        rc = oc_dbc_run(c, SQL_MENTIONS_DROP, NULL, "i", message_id);
    if (rc == 0)
        rc = store_mentions(c, &out->conv, message_id, author, content, len);
    out->changed = true;
    return rc != 0 ? rc : oc__msg_load_json(c, message_id, user_id, 0, &out->json);
}

/* The row stays so replies can show "deleted"; its nonce stays so a resend is still
 * recognised. */
static const char SQL_TOMBSTONE[] = "UPDATE messages SET content = '', deleted_at = ?, pinned = 0, "
                                    "pinned_at = NULL WHERE id = ?";
static const char SQL_REACTIONS_DROP[] = "DELETE FROM reactions WHERE message_id = ?";

int oc_message_delete(oc_dbc_t *c, int64_t user_id, int64_t message_id, int64_t now,
                      oc_message_result_t *out)
{
    int64_t author = 0;
    int rc = open_message(c, user_id, message_id, &author, out);
    if (rc != 0)
        return rc;
    if (author != user_id) {
        if (out->conv.kind == OC_CONV_DM)
            return refuse(out, OC_MR_NOT_AUTHOR);
        if (out->conv.role < OC_ROLE_ADMIN)
            return refuse(out, OC_MR_ADMIN_REQUIRED);
    }
    rc = oc_dbc_run(c, SQL_TOMBSTONE, NULL, "ii", now, message_id);
    if (rc == 0)
        rc = oc_attachments_remove(c, message_id, &out->removed_files, &out->num_removed_files);
    if (rc == 0)
        rc = oc_dbc_run(c, SQL_REACTIONS_DROP, NULL, "i", message_id);
    if (rc == 0)
        rc = oc_dbc_run(c, SQL_MENTIONS_DROP, NULL, "i", message_id);
    if (rc != 0)
        return rc;
    out->changed = true;
    oc_buf_printf(&out->json, "{\"id\":\"%lld\",", (long long)message_id);
    append_ids(&out->json, &out->conv);
    oc_buf_append_char(&out->json, '}');
    return 0;
}

/* ---- pins ------------------------------------------------------------------------------ */

static const char SQL_PINNED[] = "SELECT pinned FROM messages WHERE id = ?";
static const char SQL_CH_PIN_COUNT[] =
    "SELECT COUNT(*) FROM messages WHERE channel_id = ? AND pinned = 1";
static const char SQL_DM_PIN_COUNT[] =
    "SELECT COUNT(*) FROM messages WHERE chat_id = ? AND pinned = 1";
static const char SQL_PIN[] = "UPDATE messages SET pinned = 1, pinned_at = ? WHERE id = ?";
static const char SQL_UNPIN[] = "UPDATE messages SET pinned = 0, pinned_at = NULL WHERE id = ?";

static int one_i64(oc_dbc_t *c, const char *sql, int64_t param, int64_t *v)
{
    oc_stmt_t *st = oc_dbc_prepare(c, sql);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, param);
    int rc = oc_stmt_step(st);
    *v = rc == OC_DB_ROW ? oc_stmt_i64(st, 0) : 0;
    oc_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

int oc_message_pin(oc_dbc_t *c, int64_t user_id, int64_t message_id, bool pinned, int64_t now,
                   oc_message_result_t *out)
{
    int rc = open_message(c, user_id, message_id, NULL, out);
    if (rc != 0)
        return rc;
    if (out->conv.kind == OC_CONV_CHANNEL && out->conv.role < OC_ROLE_ADMIN)
        return refuse(out, OC_MR_ADMIN_REQUIRED);
    if (out->conv.blocked)
        return refuse(out, OC_MR_BLOCKED);
    int64_t was = 0;
    if ((rc = one_i64(c, SQL_PINNED, message_id, &was)) != 0)
        return rc;
    out->changed = (was != 0) != pinned;
    if (out->changed && pinned) {
        int64_t n = 0;
        rc = one_i64(c, out->conv.kind == OC_CONV_CHANNEL ? SQL_CH_PIN_COUNT : SQL_DM_PIN_COUNT,
                     out->conv.id, &n);
        if (rc != 0)
            return rc;
        if (n >= OC_PINS_MAX)
            return refuse(out, OC_MR_PIN_LIMIT);
        rc = oc_dbc_run(c, SQL_PIN, NULL, "ii", now, message_id);
    } else if (out->changed) {
        rc = oc_dbc_run(c, SQL_UNPIN, NULL, "i", message_id);
    }
    return rc != 0 ? rc : oc__msg_load_json(c, message_id, user_id, 0, &out->json);
}

/* ---- reactions ------------------------------------------------------------------------- */

/* All by the primary key (message_id, emoji, user_id). */
static const char SQL_EMOJI_COUNT[] =
    "SELECT COUNT(*) FROM reactions WHERE message_id = ? AND emoji = ?";
static const char SQL_EMOJI_KINDS[] =
    "SELECT COUNT(DISTINCT emoji) FROM reactions WHERE message_id = ?";
static const char SQL_REACT[] = "INSERT INTO reactions (message_id, user_id, emoji, created_at) "
                                "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING";
static const char SQL_UNREACT[] =
    "DELETE FROM reactions WHERE message_id = ? AND emoji = ? AND user_id = ?";

static int emoji_count(oc_dbc_t *c, int64_t message_id, const char *emoji, int64_t *n)
{
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_EMOJI_COUNT);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, message_id);
    oc_stmt_bind_str(st, 2, emoji);
    int rc = oc_stmt_step(st);
    *n = rc == OC_DB_ROW ? oc_stmt_i64(st, 0) : 0;
    oc_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

int oc_reaction_set(oc_dbc_t *c, int64_t user_id, int64_t message_id, const char *emoji, bool add,
                    int64_t now, oc_message_result_t *out)
{
    int rc = open_message(c, user_id, message_id, NULL, out);
    if (rc != 0)
        return rc;
    if (out->conv.blocked)
        return refuse(out, OC_MR_BLOCKED);
    int64_t count = 0, changes = 0;
    if ((rc = emoji_count(c, message_id, emoji, &count)) != 0)
        return rc;
    if (add && count == 0) {
        int64_t kinds = 0;
        if ((rc = one_i64(c, SQL_EMOJI_KINDS, message_id, &kinds)) != 0)
            return rc;
        if (kinds >= OC_REACTIONS_MAX)
            return refuse(out, OC_MR_REACTION_LIMIT);
    }
    if (add)
        rc = oc_dbc_run(c, SQL_REACT, &changes, "iisi", message_id, user_id, emoji, now);
    else
        rc = oc_dbc_run(c, SQL_UNREACT, &changes, "isi", message_id, emoji, user_id);
    if (rc != 0)
        return rc;
    out->changed = changes > 0;
    count += out->changed ? (add ? 1 : -1) : 0;
    oc_buf_printf(&out->json, "{\"message_id\":\"%lld\",", (long long)message_id);
    append_ids(&out->json, &out->conv);
    oc_buf_append_str(&out->json, ",\"emoji\":");
    oc_json_append_cstr(&out->json, emoji);
    oc_buf_printf(&out->json, ",\"user_id\":\"%lld\",\"count\":%lld,\"added\":%s}",
                  (long long)user_id, (long long)count, add ? "true" : "false");
    return 0;
}
