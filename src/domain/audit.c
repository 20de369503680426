/* Zone audit log: see audit.h. */
#include "domain/audit.h"

#include "core/errors.h"
#include "core/id.h"
#include "domain/zones.h"

#include <stdio.h>
#include <string.h>

static const char SQL_INSERT[] = "INSERT INTO audit_log (id, chat_id, actor_id, action, target_id, "
                                 "details, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
static const char SQL_LIST[] =
    "SELECT a.id, a.action, a.target_id, a.details, a.created_at, " OC_USER_PUBLIC_COLUMNS(
        "u") " FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id "
             "WHERE a.chat_id = ? AND a.id < ? ORDER BY a.id DESC LIMIT ?";

int oc_audit_add(oc_dbc_t *c, int64_t zone_id, int64_t actor_id, const char *action,
                 int64_t target_id, const char *details, int64_t now)
{
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_INSERT);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, oc_id_next());
    oc_stmt_bind_i64(st, 2, zone_id);
    if (actor_id)
        oc_stmt_bind_i64(st, 3, actor_id);
    else
        oc_stmt_bind_null(st, 3);
    oc_stmt_bind_str(st, 4, action);
    if (target_id)
        oc_stmt_bind_i64(st, 5, target_id);
    else
        oc_stmt_bind_null(st, 5);
    oc_stmt_bind_str(st, 6, details ? details : "{}");
    oc_stmt_bind_i64(st, 7, now);
    int rc = oc_stmt_step(st);
    oc_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

int oc_audit_list_json(oc_dbc_t *c, int64_t zone_id, int64_t before, int64_t limit, oc_buf_t *out)
{
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_LIST);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, zone_id);
    oc_stmt_bind_i64(st, 2, before > 0 ? before : INT64_MAX);
    oc_stmt_bind_i64(st, 3, limit);
    oc_buf_append_char(out, '[');
    int rc, n = 0;
    while ((rc = oc_stmt_step(st)) == OC_DB_ROW) {
        oc_buf_printf(out, "%s{\"id\":\"%lld\",\"actor\":", n++ ? "," : "",
                      (long long)oc_stmt_i64(st, 0));
        oc_zone_json_user_at(out, st, 5);
        char action[32];
        oc_stmt_copy_text(st, 1, action, sizeof(action));
        oc_buf_printf(out, ",\"action\":\"%s\",\"target_id\":", action); /* our own names */
        if (oc_stmt_null(st, 2))
            oc_buf_append_str(out, "null");
        else
            oc_buf_printf(out, "\"%lld\"", (long long)oc_stmt_i64(st, 2));
        /* details is JSON this module's callers wrote: it goes out as stored. */
        size_t len;
        const char *details = oc_stmt_text(st, 3, &len);
        oc_buf_append_str(out, ",\"details\":");
        if (details != NULL && len > 0)
            oc_buf_append(out, details, len);
        else
            oc_buf_append_str(out, "{}");
        oc_buf_printf(out, ",\"created_at\":%lld}", (long long)oc_stmt_i64(st, 4));
    }
    oc_stmt_reset(st);
    oc_buf_append_char(out, ']');
    return rc < 0 ? rc : 0;
}
