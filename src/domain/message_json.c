/* Messages as JSON: reading rows with their author and reply preview, adding attachments,
 * reactions and mentions for a whole list at once, and the reading functions of messages.h
 * (history pages, pins, one message). Writing messages is message_actions.c's business. */
#include "domain/messages_internal.h"

#include "core/alloc.h"
#include "core/errors.h"
#include "core/json_writer.h"
#include "domain/attachments.h"

#include <stdlib.h>
#include <string.h>

/* ---- rows ------------------------------------------------------------------------------ */

/* The byte length of the first max code points of valid UTF-8 s[0..len). */
static size_t prefix_chars(const char *s, size_t len, size_t max)
{
    size_t chars = 0;
    for (size_t i = 0; i < len; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80 && chars++ == max)
            return i;
    }
    return len;
}

static char *copy_text(oc_stmt_t *st, int col, size_t max_chars, size_t *len)
{
    size_t n = 0;
    const char *t = oc_stmt_text(st, col, &n);
    if (t == NULL)
        n = 0;
    if (max_chars)
        n = prefix_chars(t, n, max_chars);
    if (len != NULL)
        *len = n;
    return oc_xstrndup(t ? t : "", n);
}

void oc__msg_read(oc_stmt_t *st, oc__msg_list_t *list)
{
    if (list->count == list->cap) {
        list->cap = list->cap ? list->cap * 2 : 16;
        list->items = oc_xrealloc(list->items, list->cap * sizeof(*list->items));
    }
    oc__msg_t *m = &list->items[list->count++];
    memset(m, 0, sizeof(*m));
    m->id = oc_stmt_i64(st, 0);
    m->chat_id = oc_stmt_i64(st, 1);
    m->channel_id = oc_stmt_i64(st, 2);
    m->author_id = oc_stmt_i64(st, 3);
    m->content = copy_text(st, 4, 0, &m->content_len);
    m->reply_to = oc_stmt_i64(st, 5);
    m->nonce = oc_stmt_null(st, 6) ? NULL : copy_text(st, 6, 0, NULL);
    m->created_at = oc_stmt_i64(st, 7);
    m->edited_at = oc_stmt_i64(st, 8);
    m->deleted_at = oc_stmt_i64(st, 9);
    m->pinned = oc_stmt_i64(st, 10) != 0;
    if (m->author_id != 0 && !oc_stmt_null(st, 11) && oc_stmt_i64(st, 14) == 0) {
        oc_stmt_copy_text(st, 11, m->username, sizeof(m->username));
        oc_stmt_copy_text(st, 12, m->display_name, sizeof(m->display_name));
        oc_stmt_copy_text(st, 13, m->avatar, sizeof(m->avatar));
    } else {
        m->author_id = 0;
    }
    if (m->reply_to != 0) {
        m->reply_found = oc_stmt_i64(st, 15) != 0;
        m->reply_author = oc_stmt_i64(st, 17) == 0 ? oc_stmt_i64(st, 16) : 0;
        m->reply_deleted = !m->reply_found || oc_stmt_i64(st, 19) != 0;
        if (m->reply_deleted)
            m->reply_preview = oc_xstrdup("");
        else
            m->reply_preview = copy_text(st, 18, OC_REPLY_PREVIEW_CHARS, &m->reply_len);
    }
}

int oc__msg_collect(oc_stmt_t *st, oc__msg_list_t *list, size_t max)
{
    int rc = OC_DB_DONE;
    for (size_t n = 0; n < max && (rc = oc_stmt_step(st)) == OC_DB_ROW; n++)
        oc__msg_read(st, list);
    oc_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

void oc__msg_reverse(oc__msg_list_t *list, size_t from, size_t to)
{
    for (size_t i = from, j = to; i + 1 < j; i++, j--) {
        oc__msg_t t = list->items[i];
        list->items[i] = list->items[j - 1];
        list->items[j - 1] = t;
    }
}

static void msg_free(oc__msg_t *m)
{
    free(m->content);
    free(m->nonce);
    free(m->reply_preview);
}

void oc__msg_truncate(oc__msg_list_t *list, size_t n)
{
    while (list->count > n)
        msg_free(&list->items[--list->count]);
}

void oc__msg_list_free(oc__msg_list_t *list)
{
    oc__msg_truncate(list, 0);
    free(list->items);
    *list = (oc__msg_list_t){0};
}

/* ---- what belongs to a list of messages ------------------------------------------------ */

/* Up to CHUNK message ids per query (the PostgreSQL backend binds at most 32 parameters;
 * the reactions query has one more); unused placeholders repeat the first id, so one
 * statement (cached by its text) serves every list. */
#define CHUNK 31
#define Q8    "?,?,?,?,?,?,?,?"
#define IN31  "(" Q8 "," Q8 "," Q8 ",?,?,?,?,?,?,?)"

static const char SQL_ATTACHMENTS[] =
    "SELECT message_id, id, file_name, mime, size "
    "FROM attachments WHERE message_id IN " IN31 " ORDER BY message_id, id";
static const char SQL_REACTIONS[] =
    "SELECT message_id, emoji, COUNT(*), MIN(created_at), "
    "SUM(CASE WHEN user_id = ? THEN 1 ELSE 0 END) FROM reactions WHERE message_id IN " IN31
    " GROUP BY message_id, emoji";
static const char SQL_MENTIONS[] =
    "SELECT message_id, user_id FROM mentions WHERE message_id IN " IN31;

typedef struct reaction {
    size_t idx; /* the message's index in the list */
    char *emoji;
    size_t len;
    int64_t count;
    int64_t first; /* when it was first used on the message */
    bool me;
} reaction_t;

typedef struct mention {
    size_t idx;
    int64_t user_id;
} mention_t;

/* What the extra queries found for a range of the list, per message. */
typedef struct extras {
    size_t from, n;
    oc_buf_t *attachments; /* n buffers: the objects, comma-separated */
    reaction_t *reactions;
    size_t num_reactions, cap_reactions;
    mention_t *mentions;
    size_t num_mentions, cap_mentions;
} extras_t;

static size_t index_of(const oc__msg_list_t *list, size_t from, size_t n, int64_t id)
{
    for (size_t i = from; i < from + n; i++)
        if (list->items[i].id == id)
            return i - from;
    return SIZE_MAX;
}

static oc_stmt_t *bind_ids(oc_dbc_t *c, const char *sql, int first_param,
                           const oc__msg_list_t *list, size_t from, size_t n)
{
    oc_stmt_t *st = oc_dbc_prepare(c, sql);
    if (st == NULL)
        return NULL;
    for (size_t i = 0; i < CHUNK; i++)
        oc_stmt_bind_i64(st, first_param + (int)i, list->items[from + (i < n ? i : 0)].id);
    return st;
}

static int load_attachments(oc_dbc_t *c, const oc__msg_list_t *list, size_t from, size_t n,
                            extras_t *x)
{
    oc_stmt_t *st = bind_ids(c, SQL_ATTACHMENTS, 1, list, from, n);
    if (st == NULL)
        return OC_EIO;
    int rc;
    while ((rc = oc_stmt_step(st)) == OC_DB_ROW) {
        size_t i = index_of(list, from, n, oc_stmt_i64(st, 0));
        if (i == SIZE_MAX)
            continue;
        char name[OC_FILE_NAME_MAX + 1], mime[128];
        oc_stmt_copy_text(st, 2, name, sizeof(name));
        oc_stmt_copy_text(st, 3, mime, sizeof(mime));
        oc_buf_t *b = &x->attachments[from + i - x->from];
        if (b->len)
            oc_buf_append_char(b, ',');
        oc_attachment_json(b, oc_stmt_i64(st, 1), name, mime, oc_stmt_i64(st, 4));
    }
    oc_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

static int load_reactions(oc_dbc_t *c, const oc__msg_list_t *list, size_t from, size_t n,
                          int64_t viewer_id, extras_t *x)
{
    oc_stmt_t *st = bind_ids(c, SQL_REACTIONS, 2, list, from, n);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, viewer_id);
    int rc;
    while ((rc = oc_stmt_step(st)) == OC_DB_ROW) {
        size_t i = index_of(list, from, n, oc_stmt_i64(st, 0));
        if (i == SIZE_MAX)
            continue;
        if (x->num_reactions == x->cap_reactions) {
            x->cap_reactions = x->cap_reactions ? 2 * x->cap_reactions : 32;
            x->reactions = oc_xrealloc(x->reactions, x->cap_reactions * sizeof(reaction_t));
        }
        reaction_t *r = &x->reactions[x->num_reactions++];
        r->idx = from + i;
        r->emoji = copy_text(st, 1, 0, &r->len);
        r->count = oc_stmt_i64(st, 2);
        r->first = oc_stmt_i64(st, 3);
        r->me = oc_stmt_i64(st, 4) != 0;
    }
    oc_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

static int load_mentions(oc_dbc_t *c, const oc__msg_list_t *list, size_t from, size_t n,
                         extras_t *x)
{
    oc_stmt_t *st = bind_ids(c, SQL_MENTIONS, 1, list, from, n);
    if (st == NULL)
        return OC_EIO;
    int rc;
    while ((rc = oc_stmt_step(st)) == OC_DB_ROW) {
        size_t i = index_of(list, from, n, oc_stmt_i64(st, 0));
        if (i == SIZE_MAX)
            continue;
        if (x->num_mentions == x->cap_mentions) {
            x->cap_mentions = x->cap_mentions ? 2 * x->cap_mentions : 32;
            x->mentions = oc_xrealloc(x->mentions, x->cap_mentions * sizeof(mention_t));
        }
        x->mentions[x->num_mentions++] = (mention_t){from + i, oc_stmt_i64(st, 1)};
    }
    oc_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

/* By message, then first use; the same millisecond is ordered by the emoji's bytes (not by
 * a database collation, which would differ between the backends). */
static int reaction_order(const void *pa, const void *pb)
{
    const reaction_t *a = pa, *b = pb;
    if (a->idx != b->idx)
        return a->idx < b->idx ? -1 : 1;
    if (a->first != b->first)
        return a->first < b->first ? -1 : 1;
    int d = memcmp(a->emoji, b->emoji, OC_MIN(a->len, b->len));
    return d != 0 ? d : (a->len < b->len ? -1 : a->len > b->len);
}

static int mention_order(const void *pa, const void *pb)
{
    const mention_t *a = pa, *b = pb;
    if (a->idx != b->idx)
        return a->idx < b->idx ? -1 : 1;
    return a->user_id < b->user_id ? -1 : a->user_id > b->user_id;
}

static void extras_free(extras_t *x)
{
    for (size_t i = 0; i < x->n; i++)
        oc_buf_free(&x->attachments[i]);
    free(x->attachments);
    for (size_t i = 0; i < x->num_reactions; i++)
        free(x->reactions[i].emoji);
    free(x->reactions);
    free(x->mentions);
}

/* Mentions are stored from the text (and dropped with it), so a text without "<@" has
 * none: most pages need no mentions query. */
static bool may_mention(const oc__msg_list_t *list, size_t from, size_t n)
{
    for (size_t i = from; i < from + n; i++) {
        const char *t = list->items[i].content;
        for (size_t j = 0; j + 1 < list->items[i].content_len; j++)
            if (t[j] == '<' && t[j + 1] == '@')
                return true;
    }
    return false;
}

static int extras_load(oc_dbc_t *c, const oc__msg_list_t *list, size_t from, size_t n,
                       int64_t viewer_id, unsigned flags, extras_t *x)
{
    *x = (extras_t){.from = from, .n = n};
    x->attachments = oc_xcalloc(n ? n : 1, sizeof(oc_buf_t));
    int rc = 0;
    for (size_t at = from; rc == 0 && at < from + n; at += CHUNK) {
        size_t k = OC_MIN((size_t)CHUNK, from + n - at);
        if (!(flags & OC__MSG_NO_ATTACHMENTS))
            rc = load_attachments(c, list, at, k, x);
        if (rc == 0 && (flags & OC__MSG_REACTIONS) && !(flags & OC__MSG_NEW))
            rc = load_reactions(c, list, at, k, viewer_id, x);
        if (rc == 0 && may_mention(list, at, k))
            rc = load_mentions(c, list, at, k, x);
    }
    if (x->num_reactions > 1)
        qsort(x->reactions, x->num_reactions, sizeof(reaction_t), reaction_order);
    if (x->num_mentions > 1)
        qsort(x->mentions, x->num_mentions, sizeof(mention_t), mention_order);
    return rc;
}

/* ---- writing --------------------------------------------------------------------------- */

static void append_id(oc_buf_t *out, int64_t id)
{
    if (id == 0) {
        oc_buf_append_str(out, "null");
        return;
    }
    oc_buf_printf(out, "\"%lld\"", (long long)id);
}

/* The stored mentions of one message: in the order the text names them, then any the text
 * no longer names (by id). */
static void write_mentions(oc_buf_t *out, const oc__msg_t *m, const mention_t *ms, size_t n)
{
    oc_buf_append_char(out, '[');
    bool *used = oc_xcalloc(n ? n : 1, sizeof(bool));
    int64_t named[OC_MESSAGE_MAX_MENTIONS];
    size_t num_named =
        n ? oc_message_mentions_parse(m->content, m->content_len, named, OC_MESSAGE_MAX_MENTIONS)
          : 0;
    size_t written = 0;
    for (size_t i = 0; i < num_named; i++) {
        for (size_t j = 0; j < n; j++) {
            if (!used[j] && ms[j].user_id == named[i]) {
                used[j] = true;
                oc_buf_printf(out, "%s\"%lld\"", written++ ? "," : "", (long long)named[i]);
                break;
            }
        }
    }
    for (size_t j = 0; j < n; j++)
        if (!used[j])
            oc_buf_printf(out, "%s\"%lld\"", written++ ? "," : "", (long long)ms[j].user_id);
    free(used);
    oc_buf_append_char(out, ']');
}

static void write_message(oc_buf_t *out, const oc__msg_t *m, unsigned flags, const oc_buf_t *att,
                          const reaction_t *rx, size_t nrx, const mention_t *ms, size_t nms)
{
    oc_buf_printf(out, "{\"id\":\"%lld\",\"chat_id\":\"%lld\",\"channel_id\":", (long long)m->id,
                  (long long)m->chat_id);
    append_id(out, m->channel_id);
    oc_buf_append_str(out, ",\"author\":");
    if (m->author_id != 0) {
        oc_buf_printf(out, "{\"id\":\"%lld\",\"username\":", (long long)m->author_id);
        oc_json_append_cstr(out, m->username);
        oc_buf_append_str(out, ",\"display_name\":");
        oc_json_append_cstr(out, m->display_name);
        oc_buf_append_str(out, ",\"avatar_url\":");
        oc_user_json_avatar(out, m->avatar);
        oc_buf_append_char(out, '}');
    } else {
        oc_buf_append_str(out, "null");
    }
    oc_buf_append_str(out, ",\"content\":");
    oc_json_append_string(out, m->content, m->content_len);
    oc_buf_append_str(out, ",\"reply\":");
    if (m->reply_to != 0) {
        oc_buf_printf(out, "{\"id\":\"%lld\",\"author_id\":", (long long)m->reply_to);
        append_id(out, m->reply_author);
        oc_buf_append_str(out, ",\"content\":");
        oc_json_append_string(out, m->reply_preview, m->reply_len);
        oc_buf_printf(out, ",\"deleted\":%s}", m->reply_deleted ? "true" : "false");
    } else {
        oc_buf_append_str(out, "null");
    }
    oc_buf_append_str(out, ",\"attachments\":[");
    if (att->len)
        oc_buf_append(out, att->data, att->len);
    oc_buf_append_char(out, ']');
    if (flags & OC__MSG_REACTIONS) {
        oc_buf_append_str(out, ",\"reactions\":[");
        for (size_t i = 0; i < nrx; i++) {
            oc_buf_append_str(out, i ? ",{\"emoji\":" : "{\"emoji\":");
            oc_json_append_string(out, rx[i].emoji, rx[i].len);
            oc_buf_printf(out, ",\"count\":%lld,\"me\":%s}", (long long)rx[i].count,
                          rx[i].me ? "true" : "false");
        }
        oc_buf_append_char(out, ']');
    }
    oc_buf_append_str(out, ",\"mentions\":");
    write_mentions(out, m, ms, nms);
    oc_buf_printf(out, ",\"pinned\":%s,\"nonce\":", m->pinned ? "true" : "false");
    if (m->nonce != NULL)
        oc_json_append_cstr(out, m->nonce);
    else
        oc_buf_append_str(out, "null");
    oc_buf_printf(out, ",\"created_at\":%lld,\"edited_at\":", (long long)m->created_at);
    if (m->edited_at != 0)
        oc_buf_append_i64(out, m->edited_at);
    else
        oc_buf_append_str(out, "null");
    oc_buf_append_char(out, '}');
}

int oc__msg_list_json(oc_dbc_t *c, const oc__msg_list_t *list, size_t from, size_t n,
                      int64_t viewer_id, unsigned flags, oc_buf_t *out)
{
    extras_t x = {0};
    int rc = n ? extras_load(c, list, from, n, viewer_id, flags, &x) : 0;
    oc_buf_append_char(out, '[');
    size_t r = 0, k = 0;
    for (size_t i = from; rc == 0 && i < from + n; i++) {
        size_t r0 = r, k0 = k;
        while (r < x.num_reactions && x.reactions[r].idx == i)
            r++;
        while (k < x.num_mentions && x.mentions[k].idx == i)
            k++;
        if (i > from)
            oc_buf_append_char(out, ',');
        write_message(out, &list->items[i], flags, &x.attachments[i - from], x.reactions + r0,
                      r - r0, x.mentions + k0, k - k0);
    }
    oc_buf_append_char(out, ']');
    extras_free(&x);
    return rc;
}

static const char SQL_ONE[] = "SELECT " OC__MSG_COLUMNS OC__MSG_FROM "WHERE m.id = ?";

int oc__msg_first_json(oc_dbc_t *c, const oc__msg_list_t *list, int64_t viewer_id, unsigned flags,
                       oc_buf_t *out)
{
    /* The list writer's brackets are cut off: one object is wanted. */
    oc_buf_t tmp = OC_BUF_INIT;
    int rc = oc__msg_list_json(c, list, 0, 1, viewer_id, flags, &tmp);
    if (rc == 0)
        oc_buf_append(out, tmp.data + 1, tmp.len - 2);
    oc_buf_free(&tmp);
    return rc;
}

int oc__msg_load_json(oc_dbc_t *c, int64_t message_id, int64_t viewer_id, unsigned flags,
                      oc_buf_t *out)
{
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_ONE);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, message_id);
    oc__msg_list_t list = {0};
    int rc = oc__msg_collect(st, &list, 1);
    if (rc == 0 && list.count == 0)
        rc = OC_ENOENT;
    if (rc == 0)
        rc = oc__msg_first_json(c, &list, viewer_id, flags, out);
    oc__msg_list_free(&list);
    return rc;
}

/* ---- reading (messages.h) -------------------------------------------------------------- */

/* History is one index range: zone channels by messages_by_channel (channel_id, id), DMs by
 * messages_by_chat (chat_id, id). Deleted messages are skipped inside the range. */
#define LIVE " AND m.deleted_at IS NULL "
static const char SQL_CH_BEFORE[] =
    "SELECT " OC__MSG_COLUMNS OC__MSG_FROM "WHERE m.channel_id = ? AND m.id < ?" LIVE
    "ORDER BY m.id DESC LIMIT ?";
static const char SQL_CH_AFTER[] =
    "SELECT " OC__MSG_COLUMNS OC__MSG_FROM "WHERE m.channel_id = ? AND m.id > ?" LIVE
    "ORDER BY m.id ASC LIMIT ?";
static const char SQL_DM_BEFORE[] =
    "SELECT " OC__MSG_COLUMNS OC__MSG_FROM
    "WHERE m.chat_id = ? AND m.channel_id IS NULL AND m.id < ?" LIVE "ORDER BY m.id DESC LIMIT ?";
static const char SQL_DM_AFTER[] =
    "SELECT " OC__MSG_COLUMNS OC__MSG_FROM
    "WHERE m.chat_id = ? AND m.channel_id IS NULL AND m.id > ?" LIVE "ORDER BY m.id ASC LIMIT ?";
/* Whether any live message lies beyond a point (one index probe, or a short walk over
 * deleted ones). */
static const char SQL_CH_ANY_BEFORE[] =
    "SELECT 1 FROM messages m WHERE m.channel_id = ? AND m.id < ?" LIVE "LIMIT 1";
static const char SQL_CH_ANY_AFTER[] =
    "SELECT 1 FROM messages m WHERE m.channel_id = ? AND m.id > ?" LIVE "LIMIT 1";
static const char SQL_DM_ANY_BEFORE[] = "SELECT 1 FROM messages m WHERE m.chat_id = ? "
                                        "AND m.channel_id IS NULL AND m.id < ?" LIVE "LIMIT 1";
static const char SQL_DM_ANY_AFTER[] = "SELECT 1 FROM messages m WHERE m.chat_id = ? "
                                       "AND m.channel_id IS NULL AND m.id > ?" LIVE "LIMIT 1";

/* Appends up to limit messages of conv on one side of `at` (exclusive): newest first when
 * before, oldest first otherwise. */
static int fetch_side(oc_dbc_t *c, const oc_conv_t *conv, bool before, int64_t at, int64_t limit,
                      oc__msg_list_t *list)
{
    if (limit <= 0)
        return 0;
    bool ch = conv->kind == OC_CONV_CHANNEL;
    const char *sql =
        before ? (ch ? SQL_CH_BEFORE : SQL_DM_BEFORE) : (ch ? SQL_CH_AFTER : SQL_DM_AFTER);
    oc_stmt_t *st = oc_dbc_prepare(c, sql);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, conv->id);
    oc_stmt_bind_i64(st, 2, at);
    oc_stmt_bind_i64(st, 3, limit);
    return oc__msg_collect(st, list, (size_t)limit);
}

/* Whether a live message of conv lies before (or after) `at`, exclusive. */
static int any_side(oc_dbc_t *c, const oc_conv_t *conv, bool before, int64_t at, bool *out)
{
    bool ch = conv->kind == OC_CONV_CHANNEL;
    const char *sql = before ? (ch ? SQL_CH_ANY_BEFORE : SQL_DM_ANY_BEFORE)
                             : (ch ? SQL_CH_ANY_AFTER : SQL_DM_ANY_AFTER);
    oc_stmt_t *st = oc_dbc_prepare(c, sql);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, conv->id);
    oc_stmt_bind_i64(st, 2, at);
    int rc = oc_stmt_step(st);
    oc_stmt_reset(st);
    if (rc < 0)
        return rc;
    *out = rc == OC_DB_ROW;
    return 0;
}

/* Each side is read with one row more than it keeps: that row says whether there is more. */
static int page_rows(oc_dbc_t *c, const oc_conv_t *conv, oc_page_dir_t dir, int64_t cursor,
                     int limit, oc__msg_list_t *list, bool *more_before, bool *more_after)
{
    int rc = 0;
    *more_before = *more_after = false;
    switch (dir) {
    case OC_PAGE_LATEST:
    case OC_PAGE_BEFORE: {
        int64_t at = dir == OC_PAGE_LATEST ? INT64_MAX : cursor;
        rc = fetch_side(c, conv, true, at, limit + 1, list);
        *more_before = list->count > (size_t)limit;
        oc__msg_truncate(list, (size_t)limit);
        oc__msg_reverse(list, 0, list->count);
        /* Nothing live lies between the page and the cursor, so "after the page" is "from
         * the cursor on". */
        if (rc == 0 && dir == OC_PAGE_BEFORE)
            rc = any_side(c, conv, false, cursor - 1, more_after);
        break;
    }
    case OC_PAGE_AFTER:
        rc = fetch_side(c, conv, false, cursor, limit + 1, list);
        *more_after = list->count > (size_t)limit;
        oc__msg_truncate(list, (size_t)limit);
        if (rc == 0)
            rc = any_side(c, conv, true, cursor < INT64_MAX ? cursor + 1 : cursor, more_before);
        break;
    case OC_PAGE_AROUND: {
        int half = limit / 2;
        rc = fetch_side(c, conv, true, cursor, half + 1, list);
        *more_before = list->count > (size_t)half;
        oc__msg_truncate(list, (size_t)half);
        oc__msg_reverse(list, 0, list->count);
        size_t kept = list->count;
        size_t rest = (size_t)limit - kept;
        if (rc == 0)
            rc = fetch_side(c, conv, false, cursor - 1, (int64_t)rest + 1, list);
        *more_after = list->count - kept > rest;
        oc__msg_truncate(list, kept + rest);
        break;
    }
    }
    return rc;
}

int oc_message_page_json(oc_dbc_t *c, const oc_conv_t *conv, oc_page_dir_t dir, int64_t cursor,
                         int limit, int64_t viewer_id, oc_buf_t *out)
{
    if (limit < 1 || limit > OC_PAGE_SIZE)
        limit = OC_PAGE_SIZE;
    oc__msg_list_t list = {0};
    bool before = false, after = false;
    int rc = page_rows(c, conv, dir, cursor, limit, &list, &before, &after);
    if (rc == 0) {
        oc_buf_append_str(out, "{\"messages\":");
        rc = oc__msg_list_json(c, &list, 0, list.count, viewer_id, OC__MSG_REACTIONS, out);
        oc_buf_printf(out, ",\"has_more_before\":%s,\"has_more_after\":%s}",
                      before ? "true" : "false", after ? "true" : "false");
    }
    oc__msg_list_free(&list);
    return rc;
}

/* The partial indexes messages_pins_by_channel / messages_pins_by_chat hold only pinned
 * messages, in pin order. A DM chat's id names DM messages only. */
static const char SQL_CH_PINS[] =
    "SELECT " OC__MSG_COLUMNS OC__MSG_FROM "WHERE m.channel_id = ? AND m.pinned = 1" LIVE
    "ORDER BY m.pinned_at DESC, m.id DESC LIMIT ?";
static const char SQL_DM_PINS[] =
    "SELECT " OC__MSG_COLUMNS OC__MSG_FROM "WHERE m.chat_id = ? AND m.pinned = 1" LIVE
    "ORDER BY m.pinned_at DESC, m.id DESC LIMIT ?";

int oc_message_pins_json(oc_dbc_t *c, const oc_conv_t *conv, int64_t viewer_id, oc_buf_t *out)
{
    oc_stmt_t *st = oc_dbc_prepare(c, conv->kind == OC_CONV_CHANNEL ? SQL_CH_PINS : SQL_DM_PINS);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, conv->id);
    oc_stmt_bind_i64(st, 2, OC_PINS_MAX);
    oc__msg_list_t list = {0};
    int rc = oc__msg_collect(st, &list, OC_PINS_MAX);
    if (rc == 0) {
        oc_buf_append_str(out, "{\"messages\":");
        rc = oc__msg_list_json(c, &list, 0, list.count, viewer_id, OC__MSG_REACTIONS, out);
        oc_buf_append_char(out, '}');
    }
    oc__msg_list_free(&list);
    return rc;
}

int oc_message_json_load(oc_dbc_t *c, int64_t viewer_id, int64_t message_id, oc_buf_t *out,
                         oc_msg_refusal_t *why)
{
    oc_conv_t conv;
    int rc = oc_conv_of_message(c, viewer_id, message_id, &conv, NULL, why);
    if (rc != 0)
        return rc;
    return oc__msg_load_json(c, message_id, viewer_id, OC__MSG_REACTIONS, out);
}
