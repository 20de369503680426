/* Profiles and search: see profiles.h. */
#include "domain/profiles.h"

#include "core/errors.h"
#include "domain/friends.h"

#include <stdio.h>
#include <string.h>

#define U OC_USER_PUBLIC_COLUMNS("u")

/* 1 when u and the viewer (bound twice) are friends. */
#define IS_FRIEND                                                                                  \
    "CASE WHEN EXISTS (SELECT 1 FROM friendships f WHERE (f.user_low = ? AND f.user_high = u.id) " \
    "OR (f.user_low = u.id AND f.user_high = ?)) THEN 1 ELSE 0 END"

bool oc_profile_status_valid(const char *status)
{
    return status != NULL && (strcmp(status, "online") == 0 || strcmp(status, "idle") == 0 ||
                              strcmp(status, "dnd") == 0 || strcmp(status, "invisible") == 0);
}

bool oc_profile_text_ok(const char *s, bool multiline)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (multiline && *p == '\n')
            continue;
        if (*p < 0x20 || *p == 0x7F)
            return false;
        /* C1 controls (U+0080-U+009F) are C2 80 - C2 9F in UTF-8. */
        if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
            return false;
    }
    return true;
}

bool oc_profile_search_range(const char *prefix, char *lo, char *hi)
{
    size_t n = 0;
    for (const char *p = prefix; *p; p++, n++) {
        char ch = *p;
        if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '.'))
            return false;
        lo[n] = hi[n] = ch;
    }
    lo[n] = '\0';
    hi[n] = 0x7f;
    hi[n + 1] = '\0';
    return true;
}

static const char SQL_UPDATE[] =
    "UPDATE users SET display_name = COALESCE(?, display_name), bio = COALESCE(?, bio), "
    "status = COALESCE(?, status) WHERE id = ? AND deleted_at IS NULL";

int oc_profile_update(oc_dbc_t *c, int64_t user_id, const char *display_name, const char *bio,
                      const char *status, oc_user_t *out)
{
    int64_t changes = 0;
    int rc = oc_dbc_run(c, SQL_UPDATE, &changes, "sssi", display_name, bio, status, user_id);
    if (rc < 0)
        return rc;
    if (changes == 0)
        return OC_ENOENT;
    return oc_user_load(c, user_id, out);
}

static const char SQL_SET_AVATAR[] =
    "UPDATE users SET avatar = ? WHERE id = ? AND deleted_at IS NULL";

int oc_profile_set_avatar(oc_dbc_t *c, int64_t user_id, const char *name, char *old, oc_user_t *out)
{
    /* The single writer runs this read and the update with nothing in between, so the old
     * name is exactly the one this change replaces. */
    int rc = oc_user_load(c, user_id, out);
    if (rc != 0)
        return rc;
    snprintf(old, OC_USER_AVATAR_CAP, "%s", out->avatar);
    rc = oc_dbc_run(c, SQL_SET_AVATAR, NULL, "si", name, user_id);
    if (rc < 0)
        return rc;
    snprintf(out->avatar, sizeof(out->avatar), "%s", name ? name : "");
    return 0;
}

static const char SQL_VIEW[] =
    "SELECT " U ", " IS_FRIEND " FROM users u WHERE u.id = ? AND u.deleted_at IS NULL";

int oc_profile_view(oc_dbc_t *c, int64_t viewer, int64_t id, oc_buf_t *out)
{
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_VIEW);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, viewer);
    oc_stmt_bind_i64(st, 2, viewer);
    oc_stmt_bind_i64(st, 3, id);
    int rc = oc_stmt_step(st);
    if (rc == OC_DB_ROW) {
        oc_user_t u;
        oc_user_read_public(st, 0, &u);
        oc_user_json_public(out, &u, oc_stmt_i64(st, OC_USER_PUBLIC_NCOLS) != 0);
        rc = 0;
    } else if (rc == OC_DB_DONE) {
        rc = OC_ENOENT;
    }
    oc_stmt_reset(st);
    return rc;
}

/* A prefix is a range of the username index: an index search, never a scan. PostgreSQL
 * compares in the byte order of the "C" collation (its own index, migration 0002) because
 * the database's locale may order '_' and '.' differently from the bytes; SQLite's unique
 * index already compares bytes. */
static const char SQL_SEARCH_LITE[] = "SELECT " U ", " IS_FRIEND " FROM users u "
                                      "WHERE u.username >= ? AND u.username < ? "
                                      "AND u.deleted_at IS NULL AND u.id <> ? "
                                      "ORDER BY u.username LIMIT ?";
static const char SQL_SEARCH_PG[] = "SELECT " U ", " IS_FRIEND " FROM users u "
                                    "WHERE u.username COLLATE \"C\" >= ? "
                                    "AND u.username COLLATE \"C\" < ? "
                                    "AND u.deleted_at IS NULL AND u.id <> ? "
                                    "ORDER BY u.username COLLATE \"C\" LIMIT ?";

int oc_profile_search(oc_dbc_t *c, int64_t viewer, const char *prefix, int limit, oc_buf_t *out)
{
    char lo[OC_SEARCH_MAX_CHARS * 4 + 2], hi[OC_SEARCH_MAX_CHARS * 4 + 2];
    if (strlen(prefix) > OC_SEARCH_MAX_CHARS * 4)
        return OC_EINVAL;
    oc_buf_append_str(out, "{\"users\":[");
    if (!oc_profile_search_range(prefix, lo, hi)) {
        oc_buf_append_str(out, "]}"); /* no username has such a character */
        return 0;
    }
    bool pg = oc_dbc_kind(c) == OC_DB_POSTGRES;
    oc_stmt_t *st = oc_dbc_prepare(c, pg ? SQL_SEARCH_PG : SQL_SEARCH_LITE);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, viewer);
    oc_stmt_bind_i64(st, 2, viewer);
    oc_stmt_bind_str(st, 3, lo);
    oc_stmt_bind_str(st, 4, hi);
    oc_stmt_bind_i64(st, 5, viewer);
    oc_stmt_bind_i64(st, 6, limit);
    int rc, n = 0;
    oc_user_t u;
    while ((rc = oc_stmt_step(st)) == OC_DB_ROW) {
        oc_user_read_public(st, 0, &u);
        if (n++)
            oc_buf_append_char(out, ',');
        oc_user_json_public(out, &u, oc_stmt_i64(st, OC_USER_PUBLIC_NCOLS) != 0);
    }
    oc_stmt_reset(st);
    oc_buf_append_str(out, "]}");
    return rc < 0 ? rc : 0;
}
