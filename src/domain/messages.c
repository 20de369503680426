/* Messages: the validators of messages.h, and the raw rows (oc_message_insert,
 * oc_message_page) the benchmarks use. JSON and history pages are in message_json.c, the
 * actions in message_actions.c. */
#include "domain/messages_internal.h"

#include "core/alloc.h"
#include "core/errors.h"
#include "core/id.h"
#include "core/utf8.h"

#include <stdlib.h>
#include <string.h>

/* ---- validation ------------------------------------------------------------------------ */

/* Unicode's White_Space property. */
static bool is_space(uint32_t c)
{
    return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
           c == 0x205F || c == 0x3000;
}

/* Characters that show nothing on their own (zero-width space, joiners, word joiner, BOM,
 * Mongolian vowel separator): a text of these and spaces is empty to a reader. */
static bool is_invisible(uint32_t c)
{
    return (c >= 0x200B && c <= 0x200D) || c == 0x2060 || c == 0xFEFF || c == 0x180E;
}

const char *oc_message_content_error(const char *s, size_t len, size_t attachments)
{
    if (len > 0 && (memchr(s, '\0', len) != NULL || !oc_utf8_valid(s, len)))
        return "content must be UTF-8 text without NUL characters.";
    size_t chars = 0;
    bool blank = true;
    for (size_t i = 0; i < len;) {
        uint32_t c = oc__char_next(s, &i);
        chars++;
        if (blank && !is_space(c) && !is_invisible(c))
            blank = false;
    }
    if (chars > OC_MESSAGE_MAX_CHARS)
        return "content must be at most 4000 characters.";
    if (blank && attachments == 0)
        return "content must not be empty.";
    return NULL;
}

bool oc_message_nonce_valid(const char *s, size_t len)
{
    if (s == NULL || len == 0 || len > OC_NONCE_MAX)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-'))
            return false;
    }
    return true;
}

bool oc_emoji_valid(const char *s, size_t len)
{
    if (s == NULL || len == 0 || len > OC_EMOJI_MAX_BYTES || !oc_utf8_valid(s, len))
        return false;
    size_t chars = 0;
    for (size_t i = 0; i < len;) {
        uint32_t c = oc__char_next(s, &i);
        if (++chars > 16)
            return false;
        bool ascii_word =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        bool control = c < 0x20 || (c >= 0x7F && c <= 0x9F);
        if (ascii_word || control || is_space(c))
            return false;
    }
    return true;
}

size_t oc_message_mentions_parse(const char *s, size_t len, int64_t *ids, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; n < max && i + 3 < len; i++) {
        if (s[i] != '<' || s[i + 1] != '@')
            continue;
        size_t j = i + 2;
        while (j < len && s[j] >= '0' && s[j] <= '9' && j - (i + 2) <= 19)
            j++;
        int64_t id;
        if (j >= len || s[j] != '>' || !oc_id_parse(s + i + 2, j - (i + 2), &id))
            continue;
        bool seen = false;
        for (size_t k = 0; k < n && !seen; k++)
            seen = ids[k] == id;
        if (!seen)
            ids[n++] = id;
        i = j;
    }
    return n;
}

/* ---- raw rows -------------------------------------------------------------------------- */

#define COLUMNS                                                                                    \
    "id, chat_id, COALESCE(channel_id, 0), COALESCE(author_id, 0), content, "                      \
    "COALESCE(reply_to, 0), created_at, COALESCE(edited_at, 0), COALESCE(deleted_at, 0), pinned"

/* Zone channels are keyed by channel (index messages_by_channel), DMs by chat
 * (messages_by_chat): each query is one index range scan. Newest-first queries read the
 * page backwards and are reversed in memory. */
static const char SQL_CH_LATEST[] = "SELECT " COLUMNS " FROM messages WHERE channel_id = ? "
                                    "ORDER BY id DESC LIMIT ?";
static const char SQL_CH_BEFORE[] = "SELECT " COLUMNS " FROM messages WHERE channel_id = ? "
                                    "AND id < ? ORDER BY id DESC LIMIT ?";
static const char SQL_CH_AFTER[] = "SELECT " COLUMNS " FROM messages WHERE channel_id = ? "
                                   "AND id > ? ORDER BY id ASC LIMIT ?";
static const char SQL_DM_LATEST[] = "SELECT " COLUMNS " FROM messages WHERE chat_id = ? "
                                    "AND channel_id IS NULL ORDER BY id DESC LIMIT ?";
static const char SQL_DM_BEFORE[] = "SELECT " COLUMNS " FROM messages WHERE chat_id = ? "
                                    "AND channel_id IS NULL AND id < ? ORDER BY id DESC LIMIT ?";
static const char SQL_DM_AFTER[] = "SELECT " COLUMNS " FROM messages WHERE chat_id = ? "
                                   "AND channel_id IS NULL AND id > ? ORDER BY id ASC LIMIT ?";

static const char SQL_INSERT[] = OC__MSG_INSERT;
/* The same insert answering with the row as OC__MSG_COLUMNS would read it (oc__msg_read):
 * the author and the replied-to message by primary key, without a second round trip. */
static const char SQL_INSERT_READ[] = OC__MSG_INSERT
    " RETURNING id, chat_id, COALESCE(channel_id, 0), COALESCE(author_id, 0), "
    "content, COALESCE(reply_to, 0), nonce, created_at, 0, 0, pinned, "
    "(SELECT u.username FROM users u WHERE u.id = messages.author_id), "
    "(SELECT u.display_name FROM users u WHERE u.id = messages.author_id), "
    "(SELECT COALESCE(u.avatar, '') FROM users u WHERE u.id = messages.author_id), "
    "(SELECT COALESCE(u.deleted_at, 0) FROM users u WHERE u.id = messages.author_id), "
    "COALESCE((SELECT r.id FROM messages r WHERE r.id = messages.reply_to), 0), "
    "COALESCE((SELECT r.author_id FROM messages r WHERE r.id = messages.reply_to), 0), "
    "COALESCE((SELECT ru.deleted_at FROM messages r JOIN users ru ON ru.id = "
    "r.author_id WHERE r.id = messages.reply_to), 0), "
    "(SELECT r.content FROM messages r WHERE r.id = messages.reply_to), "
    "COALESCE((SELECT r.deleted_at FROM messages r WHERE r.id = messages.reply_to), 0)";

static oc_stmt_t *prepare_insert(oc_dbc_t *c, const char *sql, const oc_message_row_t *m,
                                 const char *nonce)
{
    oc_stmt_t *st = oc_dbc_prepare(c, sql);
    if (st == NULL)
        return NULL;
    oc_stmt_bind_i64(st, 1, m->id);
    oc_stmt_bind_i64(st, 2, m->chat_id);
    if (m->channel_id)
        oc_stmt_bind_i64(st, 3, m->channel_id);
    else
        oc_stmt_bind_null(st, 3);
    oc_stmt_bind_i64(st, 4, m->author_id);
    oc_stmt_bind_text(st, 5, m->content, m->content_len);
    if (m->reply_to)
        oc_stmt_bind_i64(st, 6, m->reply_to);
    else
        oc_stmt_bind_null(st, 6);
    oc_stmt_bind_str(st, 7, nonce);
    oc_stmt_bind_i64(st, 8, m->created_at);
    return st;
}

int oc_message_insert(oc_dbc_t *c, const oc_message_row_t *m, const char *nonce)
{
    oc_stmt_t *st = prepare_insert(c, SQL_INSERT, m, nonce);
    if (st == NULL)
        return OC_EIO;
    int rc = oc_stmt_step(st);
    /* Ids are unique by construction: the only conflict is (author_id, nonce). */
    if (rc == 0 && oc_stmt_changes(st) == 0)
        rc = OC_EEXIST;
    oc_stmt_reset(st);
    return rc;
}

int oc__msg_insert_read(oc_dbc_t *c, const oc_message_row_t *m, const char *nonce,
                        oc__msg_list_t *list)
{
    oc_stmt_t *st = prepare_insert(c, SQL_INSERT_READ, m, nonce);
    if (st == NULL)
        return OC_EIO;
    int rc = oc_stmt_step(st);
    if (rc == OC_DB_ROW) {
        oc__msg_read(st, list);
        rc = 0;
    } else if (rc == OC_DB_DONE) {
        rc = OC_EEXIST; /* nothing returned: the nonce was taken */
    }
    oc_stmt_reset(st);
    return rc;
}

typedef struct page {
    oc_message_row_t *rows;
    char **texts;
    int count;
} page_t;

/* Runs one page query; rows are collected (the statement is reused by the AROUND case). */
static int fetch(oc_dbc_t *c, const char *sql, int64_t key, bool cursor, int64_t at, int limit,
                 page_t *out)
{
    oc_stmt_t *st = oc_dbc_prepare(c, sql);
    if (st == NULL)
        return OC_EIO;
    int i = 1;
    oc_stmt_bind_i64(st, i++, key);
    if (cursor)
        oc_stmt_bind_i64(st, i++, at);
    oc_stmt_bind_i64(st, i, limit);
    int rc;
    while ((rc = oc_stmt_step(st)) == OC_DB_ROW) {
        oc_message_row_t *m = &out->rows[out->count];
        size_t len;
        const char *t = oc_stmt_text(st, 4, &len);
        out->texts[out->count] = oc_xstrndup(t ? t : "", len);
        m->id = oc_stmt_i64(st, 0);
        m->chat_id = oc_stmt_i64(st, 1);
        m->channel_id = oc_stmt_i64(st, 2);
        m->author_id = oc_stmt_i64(st, 3);
        m->content = out->texts[out->count];
        m->content_len = len;
        m->reply_to = oc_stmt_i64(st, 5);
        m->created_at = oc_stmt_i64(st, 6);
        m->edited_at = oc_stmt_i64(st, 7);
        m->deleted_at = oc_stmt_i64(st, 8);
        m->pinned = oc_stmt_i64(st, 9) != 0;
        out->count++;
    }
    oc_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

static void reverse(page_t *p, int from, int to)
{
    for (int i = from, j = to - 1; i < j; i++, j--) {
        oc_message_row_t r = p->rows[i];
        p->rows[i] = p->rows[j];
        p->rows[j] = r;
        char *t = p->texts[i];
        p->texts[i] = p->texts[j];
        p->texts[j] = t;
    }
}

int oc_message_page(oc_dbc_t *c, int64_t chat_id, int64_t channel_id, oc_page_dir_t dir,
                    int64_t cursor, int limit, void (*row)(const oc_message_row_t *m, void *arg),
                    void *arg)
{
    if (limit < 1 || limit > OC_PAGE_SIZE)
        limit = OC_PAGE_SIZE;
    bool ch = channel_id != 0;
    int64_t key = ch ? channel_id : chat_id;
    page_t p = {oc_xcalloc((size_t)limit + 1, sizeof(oc_message_row_t)),
                oc_xcalloc((size_t)limit + 1, sizeof(char *)), 0};
    int rc;
    switch (dir) {
    case OC_PAGE_LATEST:
        rc = fetch(c, ch ? SQL_CH_LATEST : SQL_DM_LATEST, key, false, 0, limit, &p);
        reverse(&p, 0, p.count);
        break;
    case OC_PAGE_BEFORE:
        rc = fetch(c, ch ? SQL_CH_BEFORE : SQL_DM_BEFORE, key, true, cursor, limit, &p);
        reverse(&p, 0, p.count);
        break;
    case OC_PAGE_AFTER:
        rc = fetch(c, ch ? SQL_CH_AFTER : SQL_DM_AFTER, key, true, cursor, limit, &p);
        break;
    default: {
        /* Around: the half before (newest first, reversed), then the message and after. */
        int half = limit / 2;
        rc = fetch(c, ch ? SQL_CH_BEFORE : SQL_DM_BEFORE, key, true, cursor, half, &p);
        reverse(&p, 0, p.count);
        if (rc == 0)
            rc = fetch(c, ch ? SQL_CH_AFTER : SQL_DM_AFTER, key, true, cursor - 1, limit - p.count,
                       &p);
        break;
    }
    }
    for (int i = 0; rc == 0 && i < p.count; i++)
        row(&p.rows[i], arg);
    for (int i = 0; i < p.count; i++)
        free(p.texts[i]);
    free(p.rows);
    free(p.texts);
    return rc;
}
