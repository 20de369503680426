/* Zones: role rules, the zone rows, their JSON, and the helpers the other zone modules share;
 * see zones.h. */
#include "domain/zones.h"

#include "core/alloc.h"
#include "core/errors.h"
#include "core/id.h"
#include "core/json_writer.h"
#include "domain/audit.h"
#include "domain/reads.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- pure rules ------------------------------------------------------------------------ */

static const char *const ROLE_NAMES[] = {"", "member", "admin", "owner"};

oc_role_t oc_role_parse(const char *s)
{
    for (int r = OC_ROLE_MEMBER; r <= OC_ROLE_OWNER; r++)
        if (s != NULL && strcmp(s, ROLE_NAMES[r]) == 0)
            return (oc_role_t)r;
    return OC_ROLE_NONE;
}

const char *oc_role_name(oc_role_t role)
{
    return role >= OC_ROLE_NONE && role <= OC_ROLE_OWNER ? ROLE_NAMES[role] : "";
}

oc_zone_refusal_t oc_role_check_act(oc_role_t actor, oc_role_t target)
{
    if (actor < OC_ROLE_ADMIN)
        return OC_ZR_ADMIN_REQUIRED;
    if (target >= actor)
        return OC_ZR_ROLE_TOO_LOW;
    return OC_ZR_NONE;
}

oc_zone_refusal_t oc_role_check_grant(oc_role_t actor, oc_role_t target, oc_role_t role)
{
    oc_zone_refusal_t why = oc_role_check_act(actor, target);
    if (why != OC_ZR_NONE)
        return why;
    if (role == OC_ROLE_NONE || role >= actor)
        return OC_ZR_ROLE_NOT_GRANTABLE;
    return OC_ZR_NONE;
}

static bool is_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\v' || ch == '\f';
}

char *oc_channel_name_normalize(const char *type, const char *name)
{
    char *out = oc_xstrdup(name);
    if (strcmp(type, "text") != 0)
        return out;
    size_t o = 0;
    bool in_space = false;
    for (const char *p = name; *p; p++) {
        char ch = *p;
        if (is_space(ch)) {
            if (!in_space)
                out[o++] = '-';
            in_space = true;
            continue;
        }
        in_space = false;
        out[o++] = ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
    }
    out[o] = '\0';
    return out;
}

bool oc_channel_type_valid(const char *type)
{
    return type != NULL && (strcmp(type, "text") == 0 || strcmp(type, "voice") == 0);
}

/* ---- shared helpers -------------------------------------------------------------------- */

int oc_zone_refuse(oc_actor_t *a, oc_zone_refusal_t why)
{
    a->why = why;
    return OC_EPERM;
}

void oc_zone_json_user_at(oc_buf_t *out, oc_stmt_t *st, int col)
{
    if (oc_stmt_null(st, col)) {
        oc_buf_append_str(out, "null");
        return;
    }
    oc_user_t u;
    oc_user_read_public(st, col, &u);
    oc_user_json_public(out, &u, false);
}

/* ---- roles ----------------------------------------------------------------------------- */

static const char SQL_ROLE[] = "SELECT m.role FROM members m JOIN chats z ON z.id = m.chat_id "
                               "WHERE m.chat_id = ? AND m.user_id = ? AND z.type = 'zone'";

int oc_zone_role(oc_dbc_t *c, int64_t zone_id, int64_t user_id, oc_role_t *out)
{
    *out = OC_ROLE_NONE;
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_ROLE);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, zone_id);
    oc_stmt_bind_i64(st, 2, user_id);
    int rc = oc_stmt_step(st);
    if (rc == OC_DB_ROW) {
        char role[16];
        oc_stmt_copy_text(st, 0, role, sizeof(role));
        *out = oc_role_parse(role);
        rc = 0;
    }
    oc_stmt_reset(st);
    return rc;
}

int oc_zone_require(oc_dbc_t *c, oc_actor_t *a, int64_t zone_id, oc_role_t min)
{
    int rc = oc_zone_role(c, zone_id, a->user_id, &a->role);
    if (rc != 0)
        return rc;
    if (a->role == OC_ROLE_NONE)
        return oc_zone_refuse(a, OC_ZR_ZONE_NOT_FOUND);
    if (a->role < min)
        return oc_zone_refuse(a,
                              min == OC_ROLE_OWNER ? OC_ZR_OWNER_REQUIRED : OC_ZR_ADMIN_REQUIRED);
    return 0;
}

/* ---- zones ----------------------------------------------------------------------------- */

#define ZONE_COLUMNS                                                                               \
    "z.id, z.name, COALESCE(z.icon, ''), COALESCE(z.owner_id, 0), z.allow_member_invites, "        \
    "z.created_at"

static const char SQL_LOAD[] = "SELECT " ZONE_COLUMNS " FROM chats z WHERE z.id = ? AND "
                               "z.type = 'zone'";
static const char SQL_MINE[] =
    "SELECT " ZONE_COLUMNS ", m.role, m.joined_at FROM members m JOIN chats z ON z.id = m.chat_id "
    "WHERE m.user_id = ? AND z.type = 'zone' ORDER BY m.joined_at, z.id";
/* A zone's text channels with the user's read position in each (primary keys). */
static const char SQL_TEXT_READ[] =
    "SELECT ch.id, COALESCE(r.last_read_id, 0) FROM channels ch "
    "LEFT JOIN read_states r ON r.user_id = ? AND r.conv_id = ch.id "
    "WHERE ch.chat_id = ? AND ch.type = 'text'";
static const char SQL_INSERT[] = "INSERT INTO chats (id, type, name, owner_id, "
                                 "allow_member_invites, created_at) VALUES (?, 'zone', ?, ?, 0, ?)";
static const char SQL_INSERT_CHANNEL[] = "INSERT INTO channels (id, chat_id, name, type, position, "
                                         "topic, created_at) VALUES (?, ?, ?, ?, ?, '', ?)";
static const char SQL_RENAME[] = "UPDATE chats SET name = ? WHERE id = ?";
static const char SQL_SET_INVITES[] = "UPDATE chats SET allow_member_invites = ? WHERE id = ?";
static const char SQL_SET_ICON[] = "UPDATE chats SET icon = ? WHERE id = ?";
static const char SQL_DELETE[] = "DELETE FROM chats WHERE id = ? AND type = 'zone'";
static const char SQL_COUNT[] = "SELECT COUNT(*) FROM members WHERE chat_id = ?";

static void read_zone(oc_stmt_t *st, oc_zone_t *z)
{
    z->id = oc_stmt_i64(st, 0);
    oc_stmt_copy_text(st, 1, z->name, sizeof(z->name));
    oc_stmt_copy_text(st, 2, z->icon, sizeof(z->icon));
    z->owner_id = oc_stmt_i64(st, 3);
    z->allow_member_invites = oc_stmt_i64(st, 4) != 0;
    z->created_at = oc_stmt_i64(st, 5);
}

int oc_zone_load(oc_dbc_t *c, int64_t zone_id, oc_zone_t *out)
{
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_LOAD);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, zone_id);
    int rc = oc_stmt_step(st);
    if (rc == OC_DB_ROW) {
        read_zone(st, out);
        rc = 0;
    } else if (rc == OC_DB_DONE) {
        rc = OC_ENOENT;
    }
    oc_stmt_reset(st);
    return rc;
}

void oc_zone_json_icon(oc_buf_t *out, const char *icon)
{
    if (icon == NULL || *icon == '\0') {
        oc_buf_append_str(out, "null");
        return;
    }
    oc_buf_append_str(out, "\"/api/v1/zone-icons/");
    oc_buf_append_str(out, icon); /* our own generated file name */
    oc_buf_append_char(out, '"');
}

void oc_zone_json_open(oc_buf_t *out, const oc_zone_t *z, oc_role_t role)
{
    oc_buf_printf(out, "{\"id\":\"%lld\",\"name\":", (long long)z->id);
    oc_json_append_cstr(out, z->name);
    oc_buf_append_str(out, ",\"icon_url\":");
    oc_zone_json_icon(out, z->icon);
    if (z->owner_id)
        oc_buf_printf(out, ",\"owner_id\":\"%lld\"", (long long)z->owner_id);
    else
        oc_buf_append_str(out, ",\"owner_id\":null");
    oc_buf_printf(out, ",\"allow_member_invites\":%s,\"created_at\":%lld,\"my_role\":\"%s\"",
                  z->allow_member_invites ? "true" : "false", (long long)z->created_at,
                  oc_role_name(role));
}

/* viewer_id 0: channels without read states. */
static int zone_json_load(oc_dbc_t *c, int64_t zone_id, int64_t viewer_id, oc_role_t role,
                          bool channels, oc_buf_t *out)
{
    oc_zone_t z;
    int rc = oc_zone_load(c, zone_id, &z);
    if (rc != 0)
        return rc;
    oc_zone_json_open(out, &z, role);
    if (channels) {
        oc_buf_append_str(out, ",\"channels\":");
        rc = viewer_id ? oc_channel_list_json_for(c, zone_id, viewer_id, out)
                       : oc_channel_list_json(c, zone_id, out);
    }
    oc_buf_append_char(out, '}');
    return rc;
}

int oc_zone_json_load(oc_dbc_t *c, int64_t zone_id, oc_role_t role, bool channels, oc_buf_t *out)
{
    return zone_json_load(c, zone_id, 0, role, channels, out);
}

int oc_zone_json_load_for(oc_dbc_t *c, int64_t zone_id, int64_t user_id, oc_role_t role,
                          oc_buf_t *out)
{
    return zone_json_load(c, zone_id, user_id, role, true, out);
}

/* A zone's unread and mention counts for a member: the sums over its text channels, capped
 * at OC_UNREAD_CAP as a whole. What is left of the cap is the next channel's limit, so a
 * zone costs one bounded index range in all, however many channels are unread. */
static int zone_unread(oc_dbc_t *c, int64_t user_id, int64_t zone_id, int64_t joined_at,
                       int64_t *unread, int64_t *mentions)
{
    *unread = *mentions = 0;
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_TEXT_READ);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, user_id);
    oc_stmt_bind_i64(st, 2, zone_id);
    int rc;
    while ((rc = oc_stmt_step(st)) == OC_DB_ROW) {
        if (*unread >= OC_UNREAD_CAP && *mentions >= OC_UNREAD_CAP)
            continue; /* step on to the end so the statement finishes */
        oc_conv_t conv = {.kind = OC_CONV_CHANNEL,
                          .id = oc_stmt_i64(st, 0),
                          .chat_id = zone_id,
                          .channel_id = oc_stmt_i64(st, 0)};
        oc_read_state_t rs;
        rc = oc_read_state_load(c, user_id, &conv, oc_stmt_i64(st, 1), joined_at,
                                OC_UNREAD_CAP - *unread, OC_UNREAD_CAP - *mentions, &rs);
        if (rc != 0)
            break;
        *unread += rs.unread_count;
        *mentions += rs.mention_count;
    }
    oc_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

int oc_zone_list_json(oc_dbc_t *c, int64_t user_id, oc_buf_t *out)
{
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_MINE);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, user_id);
    oc_buf_append_char(out, '[');
    int rc, n = 0;
    while ((rc = oc_stmt_step(st)) == OC_DB_ROW) {
        oc_zone_t z;
        char role[16];
        read_zone(st, &z);
        oc_stmt_copy_text(st, 6, role, sizeof(role));
        int64_t unread, mentions;
        rc = zone_unread(c, user_id, z.id, oc_stmt_i64(st, 7), &unread, &mentions);
        if (rc != 0)
            break;
        if (n++)
            oc_buf_append_char(out, ',');
        oc_zone_json_open(out, &z, oc_role_parse(role));
        oc_buf_printf(out, ",\"unread_count\":%lld,\"mention_count\":%lld}", (long long)unread,
                      (long long)mentions);
    }
    oc_stmt_reset(st);
    oc_buf_append_char(out, ']');
    return rc < 0 ? rc : 0;
}

int64_t oc_zone_member_count(oc_dbc_t *c, int64_t zone_id)
{
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_COUNT);
    if (st == NULL)
        return 0;
    oc_stmt_bind_i64(st, 1, zone_id);
    int64_t n = oc_stmt_step(st) == OC_DB_ROW ? oc_stmt_i64(st, 0) : 0;
    oc_stmt_reset(st);
    return n;
}

int oc_zone_create(oc_dbc_t *c, oc_actor_t *a, const char *name, int64_t *zone_id)
{
    oc_user_t *u = oc_xmalloc(sizeof(*u)); /* large: keep it off the database thread's stack */
    int rc = oc_user_load(c, a->user_id, u);
    bool verified = rc == 0 && u->email_verified;
    free(u);
    if (rc != 0)
        return rc;
    if (!verified)
        return oc_zone_refuse(a, OC_ZR_EMAIL_UNVERIFIED);
    int64_t id = oc_id_next();
    rc = oc_dbc_run(c, SQL_INSERT, NULL, "isii", id, name, a->user_id, a->now);
    if (rc == 0)
        rc = oc_member_add(c, id, a->user_id, OC_ROLE_OWNER, a->now);
    if (rc == 0)
        rc = oc_dbc_run(c, SQL_INSERT_CHANNEL, NULL, "iissii", oc_id_next(), id, "general", "text",
                        (int64_t)0, a->now);
    if (rc == 0)
        rc = oc_dbc_run(c, SQL_INSERT_CHANNEL, NULL, "iissii", oc_id_next(), id, "General", "voice",
                        (int64_t)1, a->now);
    if (rc != 0)
        return rc;
    oc_buf_t d = OC_BUF_INIT;
    oc_buf_append_str(&d, "{\"name\":");
    oc_json_append_cstr(&d, name);
    oc_buf_append(&d, "}", 2); /* with the NUL */
    rc = oc_audit_add(c, id, a->user_id, OC_AUDIT_ZONE_CREATE, id, d.data, a->now);
    oc_buf_free(&d);
    a->role = OC_ROLE_OWNER;
    *zone_id = id;
    return rc;
}

int oc_zone_update(oc_dbc_t *c, oc_actor_t *a, int64_t zone_id, const char *name,
                   int allow_member_invites)
{
    int rc = oc_zone_require(c, a, zone_id, OC_ROLE_ADMIN);
    if (rc != 0)
        return rc;
    oc_zone_t *z = oc_xmalloc(sizeof(*z));
    rc = oc_zone_load(c, zone_id, z);
    oc_buf_t d = OC_BUF_INIT;
    oc_buf_append_char(&d, '{');
    if (rc == 0 && name != NULL && strcmp(name, z->name) != 0) {
        rc = oc_dbc_run(c, SQL_RENAME, NULL, "si", name, zone_id);
        oc_buf_append_str(&d, "\"name\":");
        oc_json_append_cstr(&d, name);
    }
    if (rc == 0 && allow_member_invites >= 0 &&
        (allow_member_invites != 0) != z->allow_member_invites) {
        rc = oc_dbc_run(c, SQL_SET_INVITES, NULL, "ii", (int64_t)(allow_member_invites != 0),
                        zone_id);
        oc_buf_printf(&d, "%s\"allow_member_invites\":%s", d.len > 1 ? "," : "",
                      allow_member_invites ? "true" : "false");
    }
    oc_buf_append(&d, "}", 2); /* with the NUL */
    /* Nothing changed, nothing to record. */
    if (rc == 0 && d.len > 3)
        rc = oc_audit_add(c, zone_id, a->user_id, OC_AUDIT_ZONE_UPDATE, zone_id, d.data, a->now);
    oc_buf_free(&d);
    free(z);
    return rc;
}

int oc_zone_set_icon(oc_dbc_t *c, oc_actor_t *a, int64_t zone_id, const char *icon, char old[64])
{
    old[0] = '\0';
    int rc = oc_zone_require(c, a, zone_id, OC_ROLE_ADMIN);
    if (rc != 0)
        return rc;
    oc_zone_t *z = oc_xmalloc(sizeof(*z));
    rc = oc_zone_load(c, zone_id, z);
    if (rc == 0)
        snprintf(old, 64, "%s", z->icon);
    free(z);
    if (rc == 0)
        rc = oc_dbc_run(c, SQL_SET_ICON, NULL, "si", icon, zone_id);
    if (rc == 0)
        rc = oc_audit_add(c, zone_id, a->user_id, OC_AUDIT_ZONE_ICON, zone_id,
                          icon ? "{\"icon\":true}" : "{\"icon\":false}", a->now);
    return rc;
}

int oc_zone_delete(oc_dbc_t *c, oc_actor_t *a, int64_t zone_id, char icon[64])
{
    icon[0] = '\0';
    int rc = oc_zone_require(c, a, zone_id, OC_ROLE_OWNER);
    if (rc != 0)
        return rc;
    oc_zone_t *z = oc_xmalloc(sizeof(*z));
    rc = oc_zone_load(c, zone_id, z);
    if (rc == 0)
        snprintf(icon, 64, "%s", z->icon);
    free(z);
    /* Members, channels, messages, invites, bans and the audit log go with it (ON DELETE
     * CASCADE): no audit entry can outlive the zone it is about. */
    return rc == 0 ? oc_dbc_run(c, SQL_DELETE, NULL, "i", zone_id) : rc;
}
