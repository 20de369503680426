/* Zone members, ownership and bans: who belongs to a zone with which role, and who may not
 * come back; see zones.h. */
#include "domain/audit.h"
#include "domain/zones.h"

#include "core/alloc.h"
#include "core/errors.h"
#include "core/json_writer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MEMBER_SELECT                                                                              \
    "SELECT m.role, m.joined_at, " OC_USER_PUBLIC_COLUMNS("u") " FROM members m "                  \
                                                               "JOIN users u ON u.id = m.user_id "

static const char SQL_MEMBERS[] = MEMBER_SELECT "WHERE m.chat_id = ? AND u.deleted_at IS NULL "
                                                "ORDER BY m.joined_at, m.user_id";
static const char SQL_MEMBER[] = MEMBER_SELECT "WHERE m.chat_id = ? AND m.user_id = ?";
static const char SQL_ADD[] =
    "INSERT INTO members (chat_id, user_id, role, joined_at) VALUES (?, ?, ?, ?)";
static const char SQL_SET_ROLE[] = "UPDATE members SET role = ? WHERE chat_id = ? AND user_id = ?";
static const char SQL_REMOVE[] = "DELETE FROM members WHERE chat_id = ? AND user_id = ?";
static const char SQL_SET_OWNER[] = "UPDATE chats SET owner_id = ? WHERE id = ?";
static const char SQL_BANNED[] = "SELECT 1 FROM bans WHERE chat_id = ? AND user_id = ?";
static const char SQL_BAN[] =
    "INSERT INTO bans (chat_id, user_id, banned_by, reason, created_at) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (chat_id, user_id) DO UPDATE SET banned_by = excluded.banned_by, "
    "reason = excluded.reason";
static const char SQL_UNBAN[] = "DELETE FROM bans WHERE chat_id = ? AND user_id = ?";
static const char SQL_BANS[] =
    "SELECT b.reason, b.created_at, " OC_USER_PUBLIC_COLUMNS("u") ", " OC_USER_PUBLIC_COLUMNS(
        "bb") " FROM bans b JOIN users u ON u.id = b.user_id LEFT JOIN users bb ON bb.id = "
              "b.banned_by "
              "WHERE b.chat_id = ? ORDER BY b.created_at DESC, b.user_id";

/* ---- members --------------------------------------------------------------------------- */

static void member_json(oc_buf_t *out, oc_stmt_t *st)
{
    char role[16];
    oc_stmt_copy_text(st, 0, role, sizeof(role));
    oc_buf_append_str(out, "{\"user\":");
    oc_zone_json_user_at(out, st, 2);
    oc_buf_append_str(out, ",\"role\":");
    oc_json_append_cstr(out, oc_role_name(oc_role_parse(role)));
    oc_buf_printf(out, ",\"joined_at\":%lld}", (long long)oc_stmt_i64(st, 1));
}

int oc_member_list_json(oc_dbc_t *c, oc_actor_t *a, int64_t zone_id, oc_buf_t *out)
{
    int rc = oc_zone_require(c, a, zone_id, OC_ROLE_MEMBER);
    if (rc != 0)
        return rc;
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_MEMBERS);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, zone_id);
    oc_buf_append_char(out, '[');
    int n = 0;
    while ((rc = oc_stmt_step(st)) == OC_DB_ROW) {
        if (n++)
            oc_buf_append_char(out, ',');
        member_json(out, st);
    }
    oc_stmt_reset(st);
    oc_buf_append_char(out, ']');
    return rc < 0 ? rc : 0;
}

int oc_member_json_load(oc_dbc_t *c, int64_t zone_id, int64_t user_id, oc_buf_t *out)
{
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_MEMBER);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, zone_id);
    oc_stmt_bind_i64(st, 2, user_id);
    int rc = oc_stmt_step(st);
    if (rc == OC_DB_ROW) {
        member_json(out, st);
        rc = 0;
    } else if (rc == OC_DB_DONE) {
        rc = OC_ENOENT;
    }
    oc_stmt_reset(st);
    return rc;
}

int oc_member_add(oc_dbc_t *c, int64_t zone_id, int64_t user_id, oc_role_t role, int64_t now)
{
    return oc_dbc_run(c, SQL_ADD, NULL, "iisi", zone_id, user_id, oc_role_name(role), now);
}

/* The actor's role (checked to be at least ADMIN) and the target's (a member). */
static int load_pair(oc_dbc_t *c, oc_actor_t *a, int64_t zone_id, int64_t user_id, oc_role_t min,
                     oc_role_t *target)
{
    int rc = oc_zone_require(c, a, zone_id, min);
    if (rc != 0)
        return rc;
    rc = oc_zone_role(c, zone_id, user_id, target);
    if (rc != 0)
        return rc;
    if (*target == OC_ROLE_NONE)
        return oc_zone_refuse(a, OC_ZR_MEMBER_NOT_FOUND);
    return 0;
}

int oc_member_set_role(oc_dbc_t *c, oc_actor_t *a, int64_t zone_id, int64_t user_id, oc_role_t role)
{
    oc_role_t target;
    int rc = load_pair(c, a, zone_id, user_id, OC_ROLE_ADMIN, &target);
    if (rc != 0)
        return rc;
    oc_zone_refusal_t why = oc_role_check_grant(a->role, target, role);
    if (why != OC_ZR_NONE)
        return oc_zone_refuse(a, why);
    if (target == role)
        return 0;
    rc = oc_dbc_run(c, SQL_SET_ROLE, NULL, "sii", oc_role_name(role), zone_id, user_id);
    if (rc != 0)
        return rc;
    char details[64];
    snprintf(details, sizeof(details), "{\"role\":\"%s\",\"previous\":\"%s\"}", oc_role_name(role),
             oc_role_name(target));
    return oc_audit_add(c, zone_id, a->user_id, OC_AUDIT_MEMBER_ROLE, user_id, details, a->now);
}

int oc_member_kick(oc_dbc_t *c, oc_actor_t *a, int64_t zone_id, int64_t user_id)
{
    oc_role_t target;
    int rc = load_pair(c, a, zone_id, user_id, OC_ROLE_ADMIN, &target);
    if (rc != 0)
        return rc;
    oc_zone_refusal_t why = oc_role_check_act(a->role, target);
    if (why != OC_ZR_NONE)
        return oc_zone_refuse(a, why);
    rc = oc_dbc_run(c, SQL_REMOVE, NULL, "ii", zone_id, user_id);
    if (rc != 0)
        return rc;
    return oc_audit_add(c, zone_id, a->user_id, OC_AUDIT_MEMBER_KICK, user_id, NULL, a->now);
}

int oc_zone_transfer(oc_dbc_t *c, oc_actor_t *a, int64_t zone_id, int64_t user_id)
{
    oc_role_t target;
    int rc = load_pair(c, a, zone_id, user_id, OC_ROLE_OWNER, &target);
    if (rc != 0)
        return rc;
    if (user_id == a->user_id)
        return oc_zone_refuse(a, OC_ZR_ALREADY_OWNER);
    rc = oc_dbc_run(c, SQL_SET_ROLE, NULL, "sii", oc_role_name(OC_ROLE_OWNER), zone_id, user_id);
    if (rc == 0)
        rc = oc_dbc_run(c, SQL_SET_ROLE, NULL, "sii", oc_role_name(OC_ROLE_ADMIN), zone_id,
                        a->user_id);
    if (rc == 0)
        rc = oc_dbc_run(c, SQL_SET_OWNER, NULL, "ii", user_id, zone_id);
    if (rc == 0)
        rc = oc_audit_add(c, zone_id, a->user_id, OC_AUDIT_ZONE_TRANSFER, user_id, NULL, a->now);
    a->role = OC_ROLE_ADMIN;
    return rc;
}

int oc_zone_leave(oc_dbc_t *c, oc_actor_t *a, int64_t zone_id)
{
    int rc = oc_zone_require(c, a, zone_id, OC_ROLE_MEMBER);
    if (rc != 0)
        return rc;
    if (a->role == OC_ROLE_OWNER)
        return oc_zone_refuse(a, OC_ZR_OWNER_MUST_TRANSFER);
    rc = oc_dbc_run(c, SQL_REMOVE, NULL, "ii", zone_id, a->user_id);
    if (rc != 0)
        return rc;
    return oc_audit_add(c, zone_id, a->user_id, OC_AUDIT_MEMBER_LEAVE, a->user_id, NULL, a->now);
}

/* ---- bans ------------------------------------------------------------------------------ */

int oc_ban_check(oc_dbc_t *c, int64_t zone_id, int64_t user_id, bool *banned)
{
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_BANNED);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, zone_id);
    oc_stmt_bind_i64(st, 2, user_id);
    int rc = oc_stmt_step(st);
    *banned = rc == OC_DB_ROW;
    oc_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

int oc_ban_put(oc_dbc_t *c, oc_actor_t *a, int64_t zone_id, int64_t user_id, const char *reason)
{
    int rc = oc_zone_require(c, a, zone_id, OC_ROLE_ADMIN);
    if (rc != 0)
        return rc;
    oc_user_t *u = oc_xmalloc(sizeof(*u));
    rc = oc_user_load(c, user_id, u);
    free(u);
    if (rc == OC_ENOENT)
        return oc_zone_refuse(a, OC_ZR_USER_NOT_FOUND);
    oc_role_t target = OC_ROLE_NONE;
    if (rc == 0)
        rc = oc_zone_role(c, zone_id, user_id, &target);
    if (rc != 0)
        return rc;
    /* Oneself counts as an equal role: nobody bans themselves. */
    if (user_id == a->user_id)
        target = a->role;
    oc_zone_refusal_t why = oc_role_check_act(a->role, target);
    if (why != OC_ZR_NONE)
        return oc_zone_refuse(a, why);
    if (target != OC_ROLE_NONE)
        rc = oc_dbc_run(c, SQL_REMOVE, NULL, "ii", zone_id, user_id);
    if (rc == 0)
        rc = oc_dbc_run(c, SQL_BAN, NULL, "iiisi", zone_id, user_id, a->user_id,
                        reason ? reason : "", a->now);
    if (rc != 0)
        return rc;
    oc_buf_t d = OC_BUF_INIT;
    oc_buf_append_str(&d, "{\"reason\":");
    oc_json_append_cstr(&d, reason ? reason : "");
    oc_buf_append(&d, "}", 2); /* with the NUL */
    rc = oc_audit_add(c, zone_id, a->user_id, OC_AUDIT_BAN_ADD, user_id, d.data, a->now);
    oc_buf_free(&d);
    return rc;
}

int oc_ban_delete(oc_dbc_t *c, oc_actor_t *a, int64_t zone_id, int64_t user_id)
{
    int rc = oc_zone_require(c, a, zone_id, OC_ROLE_ADMIN);
    if (rc != 0)
        return rc;
    int64_t changes = 0;
    rc = oc_dbc_run(c, SQL_UNBAN, &changes, "ii", zone_id, user_id);
    if (rc != 0)
        return rc;
    if (changes == 0)
        return oc_zone_refuse(a, OC_ZR_BAN_NOT_FOUND);
    return oc_audit_add(c, zone_id, a->user_id, OC_AUDIT_BAN_REMOVE, user_id, NULL, a->now);
}

int oc_ban_list_json(oc_dbc_t *c, oc_actor_t *a, int64_t zone_id, oc_buf_t *out)
{
    int rc = oc_zone_require(c, a, zone_id, OC_ROLE_ADMIN);
    if (rc != 0)
        return rc;
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_BANS);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, zone_id);
    oc_buf_append_char(out, '[');
    int n = 0;
    while ((rc = oc_stmt_step(st)) == OC_DB_ROW) {
        oc_buf_append_str(out, n++ ? ",{\"user\":" : "{\"user\":");
        oc_zone_json_user_at(out, st, 2);
        size_t len;
        const char *reason = oc_stmt_text(st, 0, &len);
        oc_buf_append_str(out, ",\"reason\":");
        oc_json_append_string(out, reason ? reason : "", reason ? len : 0);
        oc_buf_append_str(out, ",\"banned_by\":");
        oc_zone_json_user_at(out, st, 2 + OC_USER_PUBLIC_NCOLS);
        oc_buf_printf(out, ",\"created_at\":%lld}", (long long)oc_stmt_i64(st, 1));
    }
    oc_stmt_reset(st);
    oc_buf_append_char(out, ']');
    return rc < 0 ? rc : 0;
}
