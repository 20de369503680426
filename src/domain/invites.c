/* Zone invites: see invites.h. */
#include "domain/invites.h"

#include "core/errors.h"
#include "core/json_writer.h"
#include "domain/audit.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static const char CODE_ALPHABET[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

#define INVITE_SELECT                                                                              \
    "SELECT i.code, i.chat_id, i.created_at, i.expires_at, i.max_uses, i.uses, "                   \
    " " OC_USER_PUBLIC_COLUMNS("u") " FROM invites i LEFT JOIN users u ON u.id = i.creator_id "

static const char SQL_ONE[] = INVITE_SELECT "WHERE i.code = ?";
static const char SQL_LIST[] = INVITE_SELECT "WHERE i.chat_id = ? AND i.revoked_at IS NULL "
                                             "ORDER BY i.created_at DESC, i.code";
static const char SQL_STATE[] =
    "SELECT chat_id, COALESCE(creator_id, 0), COALESCE(expires_at, 0), COALESCE(max_uses, 0), "
    "uses, COALESCE(revoked_at, 0) FROM invites WHERE code = ?";
static const char SQL_INSERT[] = "INSERT INTO invites (code, chat_id, creator_id, created_at, "
                                 "expires_at, max_uses, uses) VALUES (?, ?, ?, ?, ?, ?, 0)";
static const char SQL_REVOKE[] =
    "UPDATE invites SET revoked_at = ? WHERE code = ? AND revoked_at IS NULL";
static const char SQL_USE[] =
    "UPDATE invites SET uses = uses + 1 WHERE code = ? AND revoked_at IS NULL AND "
    "(max_uses IS NULL OR uses < max_uses) AND (expires_at IS NULL OR expires_at > ?)";
static const char SQL_PREVIEW[] =
    "SELECT z.id, z.name, COALESCE(z.icon, ''), i.expires_at, u.username, u.display_name "
    "FROM invites i JOIN chats z ON z.id = i.chat_id LEFT JOIN users u ON u.id = i.creator_id "
    "WHERE i.code = ?";

typedef struct invite {
    int64_t zone_id;
    int64_t creator_id; /* 0: the account is gone */
    int64_t expires_at; /* 0: never */
    int64_t max_uses;   /* 0: unlimited */
    int64_t uses;
    int64_t revoked_at; /* 0: live */
} invite_t;

void oc_invite_code_new(char out[OC_INVITE_CODE_LEN + 1])
{
    for (int i = 0; i < OC_INVITE_CODE_LEN; i++)
        out[i] = CODE_ALPHABET[randombytes_uniform(sizeof(CODE_ALPHABET) - 1)];
    out[OC_INVITE_CODE_LEN] = '\0';
}

bool oc_invite_code_valid(const char *s, size_t len)
{
    if (len != OC_INVITE_CODE_LEN)
        return false;
    for (size_t i = 0; i < len; i++) {
        char ch = s[i];
        if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')))
            return false;
    }
    return true;
}

static void json_opt(oc_buf_t *out, const char *name, oc_stmt_t *st, int col)
{
    if (oc_stmt_null(st, col))
        oc_buf_printf(out, ",\"%s\":null", name);
    else
        oc_buf_printf(out, ",\"%s\":%lld", name, (long long)oc_stmt_i64(st, col));
}

/* One row of INVITE_SELECT. */
static void invite_json(oc_buf_t *out, oc_stmt_t *st, const char *public_url)
{
    char code[OC_INVITE_CODE_LEN + 1];
    oc_stmt_copy_text(st, 0, code, sizeof(code));
    oc_buf_printf(out, "{\"code\":\"%s\",\"url\":", code); /* [A-Za-z0-9] only */
    oc_buf_t url = OC_BUF_INIT;
    oc_buf_printf(&url, "%s/invite/%s", public_url, code);
    oc_json_append_string(out, url.data, url.len);
    oc_buf_free(&url);
    oc_buf_printf(out, ",\"zone_id\":\"%lld\",\"creator\":", (long long)oc_stmt_i64(st, 1));
    oc_zone_json_user_at(out, st, 6);
    oc_buf_printf(out, ",\"created_at\":%lld", (long long)oc_stmt_i64(st, 2));
    json_opt(out, "expires_at", st, 3);
    json_opt(out, "max_uses", st, 4);
    oc_buf_printf(out, ",\"uses\":%lld}", (long long)oc_stmt_i64(st, 5));
}

static int load_state(oc_dbc_t *c, const char *code, invite_t *inv)
{
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_STATE);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_str(st, 1, code);
    int rc = oc_stmt_step(st);
    if (rc == OC_DB_ROW) {
        inv->zone_id = oc_stmt_i64(st, 0);
        inv->creator_id = oc_stmt_i64(st, 1);
        inv->expires_at = oc_stmt_i64(st, 2);
        inv->max_uses = oc_stmt_i64(st, 3);
        inv->uses = oc_stmt_i64(st, 4);
        inv->revoked_at = oc_stmt_i64(st, 5);
        rc = 0;
    } else if (rc == OC_DB_DONE) {
        rc = OC_ENOENT;
    }
    oc_stmt_reset(st);
    return rc;
}

/* Why an invite cannot be used at `now`, in the order a visitor is told. */
static oc_zone_refusal_t unusable(const invite_t *inv, int64_t now)
{
    if (inv->revoked_at)
        return OC_ZR_INVITE_REVOKED;
    if (inv->expires_at && inv->expires_at <= now)
        return OC_ZR_INVITE_EXPIRED;
    if (inv->max_uses && inv->uses >= inv->max_uses)
        return OC_ZR_INVITE_EXHAUSTED;
    return OC_ZR_NONE;
}

static int write_one(oc_dbc_t *c, const char *code, const char *public_url, oc_buf_t *out)
{
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_ONE);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_str(st, 1, code);
    int rc = oc_stmt_step(st);
    if (rc == OC_DB_ROW) {
        invite_json(out, st, public_url);
        rc = 0;
    } else if (rc == OC_DB_DONE) {
        rc = OC_ENOENT;
    }
    oc_stmt_reset(st);
    return rc;
}

static void bind_opt(oc_stmt_t *st, int i, int64_t v)
{
    if (v)
        oc_stmt_bind_i64(st, i, v);
    else
        oc_stmt_bind_null(st, i);
}

int oc_invite_create(oc_dbc_t *c, oc_actor_t *a, int64_t zone_id, int64_t expires_at,
                     int64_t max_uses, const char *public_url, oc_buf_t *out)
{
    int rc = oc_zone_require(c, a, zone_id, OC_ROLE_MEMBER);
    if (rc != 0)
        return rc;
    if (a->role < OC_ROLE_ADMIN) {
        oc_zone_t z;
        rc = oc_zone_load(c, zone_id, &z);
        if (rc != 0)
            return rc;
        if (!z.allow_member_invites)
            return oc_zone_refuse(a, OC_ZR_ADMIN_REQUIRED);
    }
    /* 62^10 codes: a collision is rare, but look before inserting (a failed INSERT would
     * abort a PostgreSQL transaction). The writer is alone, so nobody takes it meanwhile. */
    char code[OC_INVITE_CODE_LEN + 1];
    invite_t taken;
    for (int attempt = 0;; attempt++) {
        oc_invite_code_new(code);
        rc = load_state(c, code, &taken);
        if (rc != 0 || attempt == 3)
            break;
    }
    if (rc != OC_ENOENT)
        return rc == 0 ? OC_EEXIST : rc;
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_INSERT);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_str(st, 1, code);
    oc_stmt_bind_i64(st, 2, zone_id);
    oc_stmt_bind_i64(st, 3, a->user_id);
    oc_stmt_bind_i64(st, 4, a->now);
    bind_opt(st, 5, expires_at);
    bind_opt(st, 6, max_uses);
    rc = oc_stmt_step(st);
    oc_stmt_reset(st);
    if (rc < 0)
        return rc;
    char details[128];
    int n = snprintf(details, sizeof(details), "{\"code\":\"%s\",\"expires_at\":", code);
    n += snprintf(details + n, sizeof(details) - (size_t)n, expires_at ? "%lld" : "null",
                  (long long)expires_at);
    snprintf(details + n, sizeof(details) - (size_t)n,
             max_uses ? ",\"max_uses\":%lld}" : ",\"max_uses\":null}", (long long)max_uses);
    rc = oc_audit_add(c, zone_id, a->user_id, OC_AUDIT_INVITE_CREATE, 0, details, a->now);
    return rc == 0 ? write_one(c, code, public_url, out) : rc;
}

int oc_invite_list_json(oc_dbc_t *c, oc_actor_t *a, int64_t zone_id, const char *public_url,
                        oc_buf_t *out)
{
    int rc = oc_zone_require(c, a, zone_id, OC_ROLE_ADMIN);
    if (rc != 0)
        return rc;
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_LIST);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, zone_id);
    oc_buf_append_char(out, '[');
    int n = 0;
    while ((rc = oc_stmt_step(st)) == OC_DB_ROW) {
        if (n++)
            oc_buf_append_char(out, ',');
        invite_json(out, st, public_url);
    }
    oc_stmt_reset(st);
    oc_buf_append_char(out, ']');
    return rc < 0 ? rc : 0;
}

int oc_invite_revoke(oc_dbc_t *c, oc_actor_t *a, int64_t zone_id, const char *code)
{
    int rc = oc_zone_require(c, a, zone_id, OC_ROLE_MEMBER);
    if (rc != 0)
        return rc;
    invite_t inv;
    rc = load_state(c, code, &inv);
    if (rc == OC_ENOENT || (rc == 0 && inv.zone_id != zone_id))
        return oc_zone_refuse(a, OC_ZR_INVITE_NOT_FOUND);
    if (rc != 0)
        return rc;
    if (a->role < OC_ROLE_ADMIN && inv.creator_id != a->user_id)
        return oc_zone_refuse(a, OC_ZR_ADMIN_REQUIRED);
    int64_t changes = 0;
    rc = oc_dbc_run(c, SQL_REVOKE, &changes, "is", a->now, code);
    if (rc != 0 || changes == 0)
        return rc;
    char details[64];
    snprintf(details, sizeof(details), "{\"code\":\"%s\"}", code);
    return oc_audit_add(c, zone_id, a->user_id, OC_AUDIT_INVITE_REVOKE, 0, details, a->now);
}

int oc_invite_preview_json(oc_dbc_t *c, oc_actor_t *a, const char *code, oc_buf_t *out)
{
    invite_t inv;
    int rc = load_state(c, code, &inv);
    if (rc == OC_ENOENT)
        return oc_zone_refuse(a, OC_ZR_INVITE_NOT_FOUND);
    if (rc != 0)
        return rc;
    oc_zone_refusal_t why = unusable(&inv, a->now);
    if (why != OC_ZR_NONE)
        return oc_zone_refuse(a, why);
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_PREVIEW);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_str(st, 1, code);
    rc = oc_stmt_step(st);
    if (rc == OC_DB_ROW) {
        size_t len;
        const char *s;
        oc_buf_printf(out, "{\"code\":\"%s\",\"zone\":{\"id\":\"%lld\",\"name\":", code,
                      (long long)oc_stmt_i64(st, 0));
        s = oc_stmt_text(st, 1, &len);
        oc_json_append_string(out, s ? s : "", s ? len : 0);
        char icon[64];
        oc_stmt_copy_text(st, 2, icon, sizeof(icon));
        oc_buf_append_str(out, ",\"icon_url\":");
        oc_zone_json_icon(out, icon);
        oc_buf_printf(out, ",\"member_count\":%lld}",
                      (long long)oc_zone_member_count(c, inv.zone_id));
        json_opt(out, "expires_at", st, 3);
        if (oc_stmt_null(st, 4)) {
            oc_buf_append_str(out, ",\"inviter\":null}");
        } else {
            oc_buf_append_str(out, ",\"inviter\":{\"username\":");
            s = oc_stmt_text(st, 4, &len);
            oc_json_append_string(out, s ? s : "", s ? len : 0);
            oc_buf_append_str(out, ",\"display_name\":");
            s = oc_stmt_text(st, 5, &len);
            oc_json_append_string(out, s ? s : "", s ? len : 0);
            oc_buf_append_str(out, "}}");
        }
        rc = 0;
    } else if (rc == OC_DB_DONE) {
        rc = oc_zone_refuse(a, OC_ZR_INVITE_NOT_FOUND);
    }
    oc_stmt_reset(st);
    return rc;
}

int oc_invite_join(oc_dbc_t *c, oc_actor_t *a, const char *code, int64_t *zone_id, bool *joined)
{
    *joined = false;
    invite_t inv;
    int rc = load_state(c, code, &inv);
    if (rc == OC_ENOENT)
        return oc_zone_refuse(a, OC_ZR_INVITE_NOT_FOUND);
    if (rc != 0)
        return rc;
    *zone_id = inv.zone_id;
    rc = oc_zone_role(c, inv.zone_id, a->user_id, &a->role);
    if (rc != 0 || a->role != OC_ROLE_NONE)
        return rc; /* a member already: nothing to use up */
    bool banned;
    rc = oc_ban_check(c, inv.zone_id, a->user_id, &banned);
    if (rc != 0)
        return rc;
    if (banned)
        return oc_zone_refuse(a, OC_ZR_BANNED);
    /* One conditional UPDATE takes the use: of concurrent joins only max_uses get a row. */
    int64_t changes = 0;
    rc = oc_dbc_run(c, SQL_USE, &changes, "si", code, a->now);
    if (rc != 0)
        return rc;
    if (changes == 0) {
        rc = load_state(c, code, &inv);
        if (rc != 0)
            return rc;
        oc_zone_refusal_t why = unusable(&inv, a->now);
        return oc_zone_refuse(a, why != OC_ZR_NONE ? why : OC_ZR_INVITE_EXHAUSTED);
    }
    rc = oc_member_add(c, inv.zone_id, a->user_id, OC_ROLE_MEMBER, a->now);
    if (rc != 0)
        return rc;
    a->role = OC_ROLE_MEMBER;
    *joined = true;
    char details[64];
    snprintf(details, sizeof(details), "{\"code\":\"%s\"}", code);
    return oc_audit_add(c, inv.zone_id, a->user_id, OC_AUDIT_MEMBER_JOIN, a->user_id, details,
                        a->now);
}
