/* Users: see users.h. */
#include "domain/users.h"

#include "core/errors.h"
#include "core/json_writer.h"

#include <stdio.h>
#include <string.h>

#define USER_COLUMNS                                                                               \
    "id, username, email, display_name, COALESCE(avatar, ''), bio, email_verified, status, "       \
    "created_at, COALESCE(last_seen, 0)"

static const char SQL_BY_ID[] =
    "SELECT " USER_COLUMNS " FROM users WHERE id = ? AND deleted_at IS NULL";
static const char SQL_BY_LOGIN[] =
    "SELECT " USER_COLUMNS " FROM users WHERE (username = ? OR email = ?) "
    "AND deleted_at IS NULL";

void oc_user_read_public(oc_stmt_t *st, int col, oc_user_t *u)
{
    memset(u, 0, sizeof(*u));
    u->id = oc_stmt_i64(st, col);
    oc_stmt_copy_text(st, col + 1, u->username, sizeof(u->username));
    oc_stmt_copy_text(st, col + 2, u->display_name, sizeof(u->display_name));
    oc_stmt_copy_text(st, col + 3, u->avatar, sizeof(u->avatar));
    oc_stmt_copy_text(st, col + 4, u->bio, sizeof(u->bio));
    u->created_at = oc_stmt_i64(st, col + 5);
    oc_stmt_copy_text(st, col + 6, u->status, sizeof(u->status));
    u->last_seen = oc_stmt_i64(st, col + 7);
    u->online = oc_stmt_i64(st, col + 8) != 0;
}

static const char SQL_ONLINE[] = "UPDATE users SET online = 1 WHERE id = ?";
static const char SQL_OFFLINE[] = "UPDATE users SET online = 0, last_seen = ? WHERE id = ?";
static const char SQL_ALL_OFFLINE[] = "UPDATE users SET online = 0, last_seen = ? WHERE online = 1";

int oc_user_set_online(oc_dbc_t *c, int64_t id, bool online, int64_t now_ms)
{
    if (online)
        return oc_dbc_run(c, SQL_ONLINE, NULL, "i", id);
    return oc_dbc_run(c, SQL_OFFLINE, NULL, "ii", now_ms, id);
}

int oc_users_all_offline(oc_dbc_t *c, int64_t now_ms)
{
    return oc_dbc_run(c, SQL_ALL_OFFLINE, NULL, "i", now_ms);
}

static int read_user(oc_stmt_t *st, oc_user_t *u)
{
    int rc = oc_stmt_step(st);
    if (rc == OC_DB_ROW) {
        u->id = oc_stmt_i64(st, 0);
        oc_stmt_copy_text(st, 1, u->username, sizeof(u->username));
        oc_stmt_copy_text(st, 2, u->email, sizeof(u->email));
        oc_stmt_copy_text(st, 3, u->display_name, sizeof(u->display_name));
        oc_stmt_copy_text(st, 4, u->avatar, sizeof(u->avatar));
        oc_stmt_copy_text(st, 5, u->bio, sizeof(u->bio));
        u->email_verified = oc_stmt_i64(st, 6) != 0;
        oc_stmt_copy_text(st, 7, u->status, sizeof(u->status));
        u->created_at = oc_stmt_i64(st, 8);
        u->last_seen = oc_stmt_i64(st, 9);
        rc = 0;
    } else if (rc == OC_DB_DONE) {
        rc = OC_ENOENT;
    }
    oc_stmt_reset(st);
    return rc;
}

static const char SQL_INSERT[] = "INSERT INTO users (id, username, email, display_name, "
                                 "email_verified, created_at) VALUES (?, ?, ?, ?, ?, ?)";
static const char SQL_NAME_TAKEN[] = "SELECT 1 FROM users WHERE username = ?";
static const char SQL_EMAIL_TAKEN[] = "SELECT 1 FROM users WHERE email = ?";

int oc_user_insert(oc_dbc_t *c, const oc_user_t *u)
{
    return oc_dbc_run(c, SQL_INSERT, NULL, "isssii", u->id, u->username, u->email, u->display_name,
                      (int64_t)u->email_verified, u->created_at);
}

static bool exists(oc_dbc_t *c, const char *sql, const char *value)
{
    oc_stmt_t *st = oc_dbc_prepare(c, sql);
    if (st == NULL)
        return false;
    oc_stmt_bind_str(st, 1, value);
    bool found = oc_stmt_step(st) == OC_DB_ROW;
    oc_stmt_reset(st);
    return found;
}

const char *oc_user_taken(oc_dbc_t *c, const char *username, const char *email)
{
    if (exists(c, SQL_NAME_TAKEN, username))
        return "username";
    if (exists(c, SQL_EMAIL_TAKEN, email))
        return "email";
    return NULL;
}

int oc_user_load(oc_dbc_t *c, int64_t id, oc_user_t *out)
{
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_BY_ID);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, id);
    return read_user(st, out);
}

int oc_user_load_by_login(oc_dbc_t *c, const char *login, oc_user_t *out)
{
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_BY_LOGIN);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_str(st, 1, login);
    oc_stmt_bind_str(st, 2, login);
    return read_user(st, out);
}

void oc_user_json_avatar(oc_buf_t *out, const char *avatar)
{
    if (avatar == NULL || *avatar == '\0') {
        oc_buf_append_str(out, "null");
        return;
    }
    oc_buf_append_str(out, "\"/api/v1/avatars/");
    oc_buf_append_str(out, avatar); /* our own generated file name: [0-9a-f.]+ */
    oc_buf_append_char(out, '"');
}

static void common(oc_buf_t *out, const oc_user_t *u)
{
    oc_buf_printf(out, "{\"id\":\"%lld\",\"username\":", (long long)u->id);
    oc_json_append_cstr(out, u->username);
    oc_buf_append_str(out, ",\"display_name\":");
    oc_json_append_cstr(out, u->display_name);
    oc_buf_append_str(out, ",\"avatar_url\":");
    oc_user_json_avatar(out, u->avatar);
    oc_buf_append_str(out, ",\"bio\":");
    oc_json_append_cstr(out, u->bio);
    oc_buf_printf(out, ",\"created_at\":%lld", (long long)u->created_at);
}

void oc_user_json_self(oc_buf_t *out, const oc_user_t *u)
{
    common(out, u);
    oc_buf_append_str(out, ",\"email\":");
    oc_json_append_cstr(out, u->email);
    oc_buf_printf(out, ",\"email_verified\":%s,\"status\":", u->email_verified ? "true" : "false");
    oc_json_append_cstr(out, u->status);
    oc_buf_append_char(out, '}');
}

void oc_user_json_public(oc_buf_t *out, const oc_user_t *u, bool friend)
{
    common(out, u);
    if (friend) {
        /* "invisible" looks offline to everyone else; so does a user with no socket. */
        bool invisible = strcmp(u->status, "invisible") == 0;
        bool shown = u->online && !invisible;
        oc_buf_append_str(out, ",\"status\":");
        oc_json_append_cstr(out, shown ? u->status : "offline");
        if (u->last_seen && !shown && !invisible)
            oc_buf_printf(out, ",\"last_seen\":%lld", (long long)u->last_seen);
        else
            oc_buf_append_str(out, ",\"last_seen\":null");
    }
    oc_buf_append_char(out, '}');
}

bool oc_username_valid(const char *s)
{
    size_t n = strlen(s);
    if (n < OC_USERNAME_MIN || n > OC_USERNAME_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '.'))
            return false;
    }
    return true;
}

void oc_ascii_lower(char *s)
{
    for (; *s; s++)
        if (*s >= 'A' && *s <= 'Z')
            *s = (char)(*s - 'A' + 'a');
}
