/* Message search over the full-text index: see search.h. */
#include "domain/search.h"

#include "core/alloc.h"
#include "core/errors.h"
#include "domain/messages_internal.h"

#include <string.h>

/* ---- words ----------------------------------------------------------------------------- */

/* What separates words besides ASCII other than letters and digits: white space, Latin-1
 * punctuation and symbols, general and CJK punctuation, full-width ASCII punctuation, and
 * the emoji blocks (the indexes do not keep symbols either). */
static bool separates(uint32_t c)
{
    if (c < 0x80)
        return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
    if (c <= 0xBF)
        return c != 0xAA && c != 0xB2 && c != 0xB3 && c != 0xB5 && c != 0xB9 && c != 0xBA &&
               !(c >= 0xBC && c <= 0xBE);
    return c == 0xD7 || c == 0xF7 || c == 0x1680 || (c >= 0x2000 && c <= 0x206F) ||
           (c >= 0x2190 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x3004) ||
           (c >= 0x3008 && c <= 0x3020) || c == 0x3030 || (c >= 0x303D && c <= 0x303F) ||
           (c >= 0xFE00 && c <= 0xFE0F) || c == 0xFEFF || (c >= 0xFF01 && c <= 0xFF0F) ||
           (c >= 0xFF1A && c <= 0xFF20) || (c >= 0xFF3B && c <= 0xFF40) ||
           (c >= 0xFF5B && c <= 0xFF65) || (c >= 0x1F000 && c <= 0x1FAFF) ||
           (c >= 0xE0000 && c <= 0xE007F);
}

int oc_search_query(oc_db_kind_t kind, const char *q, size_t len, oc_buf_t *out)
{
    /* Words are slices of q; they never hold a quote, so quoting them needs no escapes. */
    size_t starts[OC_SEARCH_MAX_WORDS], ends[OC_SEARCH_MAX_WORDS];
    int n = 0;
    size_t i = 0;
    while (i < len) {
        size_t at = i;
        uint32_t ch = oc__char_next(q, &i);
        if (separates(ch))
            continue;
        size_t end = i;
        while (end < len) {
            size_t next = end;
            if (separates(oc__char_next(q, &next)))
                break;
            end = next;
        }
        if (n == OC_SEARCH_MAX_WORDS)
            return -1;
        starts[n] = at;
        ends[n++] = end;
        i = end;
    }
    for (int w = 0; w < n; w++) {
        bool last = w == n - 1;
        if (kind == OC_DB_SQLITE) {
            oc_buf_append_str(out, w ? " \"" : "\"");
            oc_buf_append(out, q + starts[w], ends[w] - starts[w]);
            oc_buf_append_str(out, last ? "\"*" : "\"");
        } else {
            oc_buf_append_str(out, w ? " & '" : "'");
            oc_buf_append(out, q + starts[w], ends[w] - starts[w]);
            oc_buf_append_str(out, last ? "':*" : "'");
        }
    }
    return n;
}

/* ---- queries --------------------------------------------------------------------------- */

/* SQLite: the FTS5 table hands out matching rowids newest first from `before` down (its
 * plan line is "SCAN f VIRTUAL TABLE INDEX ..."), each joined to its message by primary key
 * and kept when it is in the conversation. */
#define FTS_FROM  " FROM messages_fts f JOIN messages m ON m.id = f.rowid" OC__MSG_JOINS
#define FTS_WHERE "WHERE f.messages_fts MATCH ? AND f.rowid < ? AND m.deleted_at IS NULL "
#define FTS_ORDER "ORDER BY f.rowid DESC LIMIT ?"
/* PostgreSQL: the expression matches the GIN index messages_fts. */
#define PG_WHERE                                                                                   \
    "WHERE to_tsvector('simple', m.content) @@ to_tsquery('simple', ?) AND m.id < ? "              \
    "AND m.deleted_at IS NULL "
#define PG_ORDER "ORDER BY m.id DESC LIMIT ?"

static const char SQL_LITE_DM[] = "SELECT " OC__MSG_COLUMNS FTS_FROM FTS_WHERE
                                  "AND m.chat_id = ? AND m.channel_id IS NULL " FTS_ORDER;
static const char SQL_LITE_CHANNEL[] =
    "SELECT " OC__MSG_COLUMNS FTS_FROM FTS_WHERE "AND m.channel_id = ? " FTS_ORDER;
static const char SQL_LITE_ZONE[] =
    "SELECT " OC__MSG_COLUMNS FTS_FROM FTS_WHERE "AND m.chat_id = ? " FTS_ORDER;
static const char SQL_PG_DM[] = "SELECT " OC__MSG_COLUMNS OC__MSG_FROM PG_WHERE
                                "AND m.chat_id = ? AND m.channel_id IS NULL " PG_ORDER;
static const char SQL_PG_CHANNEL[] =
    "SELECT " OC__MSG_COLUMNS OC__MSG_FROM PG_WHERE "AND m.channel_id = ? " PG_ORDER;
static const char SQL_PG_ZONE[] =
    "SELECT " OC__MSG_COLUMNS OC__MSG_FROM PG_WHERE "AND m.chat_id = ? " PG_ORDER;

typedef enum { SCOPE_DM, SCOPE_CHANNEL, SCOPE_ZONE } scope_t;

static int search(oc_dbc_t *c, scope_t scope, int64_t key, const char *q, size_t len,
                  int64_t before, int64_t viewer_id, oc_buf_t *out)
{
    bool lite = oc_dbc_kind(c) == OC_DB_SQLITE;
    oc_buf_t expr = OC_BUF_INIT;
    if (oc_search_query(oc_dbc_kind(c), q, len, &expr) <= 0) {
        oc_buf_free(&expr);
        oc_buf_append_str(out, "{\"messages\":[],\"has_more\":false}");
        return 0;
    }
    const char *sql = scope == SCOPE_DM        ? (lite ? SQL_LITE_DM : SQL_PG_DM)
                      : scope == SCOPE_CHANNEL ? (lite ? SQL_LITE_CHANNEL : SQL_PG_CHANNEL)
                                               : (lite ? SQL_LITE_ZONE : SQL_PG_ZONE);
    oc_stmt_t *st = oc_dbc_prepare(c, sql);
    if (st == NULL) {
        oc_buf_free(&expr);
        return OC_EIO;
    }
    oc_stmt_bind_text(st, 1, expr.data, expr.len);
    oc_stmt_bind_i64(st, 2, before > 0 ? before : INT64_MAX);
    oc_stmt_bind_i64(st, 3, key);
    oc_stmt_bind_i64(st, 4, OC_SEARCH_PAGE + 1);
    oc__msg_list_t list = {0};
    int rc = oc__msg_collect(st, &list, OC_SEARCH_PAGE + 1);
    oc_buf_free(&expr);
    if (rc == 0) {
        bool more = list.count > OC_SEARCH_PAGE;
        oc__msg_truncate(&list, OC_SEARCH_PAGE);
        oc_buf_append_str(out, "{\"messages\":");
        rc = oc__msg_list_json(c, &list, 0, list.count, viewer_id, OC__MSG_REACTIONS, out);
        oc_buf_printf(out, ",\"has_more\":%s}", more ? "true" : "false");
    }
    oc__msg_list_free(&list);
    return rc;
}

int oc_search_conv_json(oc_dbc_t *c, const oc_conv_t *conv, const char *q, size_t len,
                        int64_t before, int64_t viewer_id, oc_buf_t *out)
{
    if (conv->kind == OC_CONV_CHANNEL)
        return search(c, SCOPE_CHANNEL, conv->channel_id, q, len, before, viewer_id, out);
    return search(c, SCOPE_DM, conv->chat_id, q, len, before, viewer_id, out);
}

int oc_search_zone_json(oc_dbc_t *c, int64_t zone_id, const char *q, size_t len, int64_t before,
                        int64_t viewer_id, oc_buf_t *out)
{
    oc_role_t role;
    int rc = oc_zone_role(c, zone_id, viewer_id, &role);
    if (rc != 0)
        return rc;
    if (role == OC_ROLE_NONE)
        return OC_ENOENT;
    return search(c, SCOPE_ZONE, zone_id, q, len, before, viewer_id, out);
}
