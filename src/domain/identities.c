/* Provider identities and signing in with them: see identities.h.
 *
 * PostgreSQL aborts a transaction (here: the job's savepoint) at the first failed statement,
 * so nothing below relies on a constraint refusing a row: names and addresses are looked up
 * before the insert that needs them free. */
#include "domain/identities.h"

#include "auth/sessions.h"
#include "domain/accounts.h"
#include "core/errors.h"
#include "core/id.h"
#include "core/utf8.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static const char SQL_FIND[] =
    "SELECT i.user_id, COALESCE(u.deleted_at, 0) FROM oauth_identities i "
    "JOIN users u ON u.id = i.user_id WHERE i.issuer = ? AND i.subject = ?";
static const char SQL_UNLINK[] = "DELETE FROM oauth_identities WHERE issuer = ? AND subject = ?";
static const char SQL_LINK[] = "INSERT INTO oauth_identities (issuer, subject, user_id, email, "
                               "created_at) VALUES (?, ?, ?, ?, ?)";
static const char SQL_EMAIL_OWNER[] =
    "SELECT id, COALESCE(deleted_at, 0) FROM users WHERE email = ?";
static const char SQL_MARK_VERIFIED[] =
    "UPDATE users SET email_verified = 1 WHERE id = ? AND email_verified = 0";
static const char SQL_DROP_PASSWORD[] = "DELETE FROM credentials WHERE user_id = ?";
static const char SQL_REVOKE_SESSIONS[] =
    "UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL";
static const char SQL_NAME_TAKEN[] = "SELECT 1 FROM users WHERE username = ?";

/* ---- names ----------------------------------------------------------------------------- */

void oc_identity_username_stem(const char *email, char out[OC_USERNAME_MAX + 1])
{
    size_t n = 0;
    for (const char *p = email; *p && *p != '@' && n < OC_USERNAME_MAX; p++) {
        char ch = *p;
        if (ch >= 'A' && ch <= 'Z')
            ch = (char)(ch - 'A' + 'a');
        if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '.')
            out[n++] = ch;
    }
    out[n] = '\0';
    if (n < OC_USERNAME_MIN || oc_username_reserved(out)) {
        char stem[OC_USERNAME_MAX + 1];
        memcpy(stem, out, n + 1);
        snprintf(out, OC_USERNAME_MAX + 1, "user%.28s", stem);
    }
}

void oc_identity_username_with_suffix(const char *stem, uint64_t suffix,
                                      char out[OC_USERNAME_MAX + 1])
{
    char digits[24];
    int dn = snprintf(digits, sizeof(digits), "%llu", (unsigned long long)suffix);
    size_t keep = strlen(stem);
    if (keep + (size_t)dn > OC_USERNAME_MAX)
        keep = OC_USERNAME_MAX - (size_t)dn;
    snprintf(out, OC_USERNAME_MAX + 1, "%.*s%s", (int)keep, stem, digits);
}

void oc_identity_display_name(const char *name, const char *username, char *out, size_t cap)
{
    size_t len = strlen(name), n = 0, chars = 0;
    if (oc_utf8_valid(name, len)) {
        const unsigned char *p = (const unsigned char *)name, *end = p + len;
        while (p < end && chars < OC_DISPLAY_NAME_MAX) {
            size_t seq = *p < 0x80 ? 1 : (size_t)oc_utf8_sequence(p, end);
            /* C0 and C1 controls (U+0080..U+009F is C2 80..C2 9F) have no place in a name. */
            bool control = *p < 0x20 || *p == 0x7f || (p[0] == 0xc2 && p[1] < 0xa0);
            bool leading_space = *p == ' ' && n == 0;
            if (!control && !leading_space && n + seq < cap) {
                memcpy(out + n, p, seq);
                n += seq;
                chars++;
            }
            p += seq;
        }
    }
    while (n > 0 && out[n - 1] == ' ')
        n--;
    out[n] = '\0';
    if (n == 0)
        snprintf(out, cap, "%s", username);
}

/* ---- database -------------------------------------------------------------------------- */

/* Looks a row up by one text parameter and reads two integers from it. */
static int lookup2(oc_dbc_t *c, const char *sql, const char *a, const char *b, int64_t *x,
                   int64_t *y)
{
    oc_stmt_t *st = oc_dbc_prepare(c, sql);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_str(st, 1, a);
    if (b != NULL)
        oc_stmt_bind_str(st, 2, b);
    int rc = oc_stmt_step(st);
    if (rc == OC_DB_ROW) {
        *x = oc_stmt_i64(st, 0);
        *y = oc_stmt_i64(st, 1);
        rc = 0;
    } else if (rc == OC_DB_DONE) {
        rc = OC_ENOENT;
    }
    oc_stmt_reset(st);
    return rc;
}

static int name_taken(oc_dbc_t *c, const char *username, bool *taken)
{
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_NAME_TAKEN);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_str(st, 1, username);
    int rc = oc_stmt_step(st);
    oc_stmt_reset(st);
    if (rc < 0)
        return rc;
    *taken = rc == OC_DB_ROW;
    return 0;
}

/* A free username from the stem: the stem, then numbered, then randomly numbered. */
static int free_username(oc_dbc_t *c, const char *stem, char out[OC_USERNAME_MAX + 1])
{
    snprintf(out, OC_USERNAME_MAX + 1, "%s", stem);
    for (int i = 0; i < OC_IDENTITY_SUFFIX_TRIES + 20; i++) {
        if (i > 0) {
            uint64_t n = i <= OC_IDENTITY_SUFFIX_TRIES ? (uint64_t)i + 1
                                                       : 100 + randombytes_uniform(1000000);
            oc_identity_username_with_suffix(stem, n, out);
        }
        bool taken;
        int rc = name_taken(c, out, &taken);
        if (rc != 0 || !taken)
            return rc;
    }
    return OC_EIO;
}

/* The address as stored (lower case), or false when it is not one registration would take. */
static bool normalize_email(const char *email, char out[OC_EMAIL_MAX + 1])
{
    size_t len = strlen(email);
    if (len == 0 || len > OC_EMAIL_MAX)
        return false;
    memcpy(out, email, len + 1);
    oc_ascii_lower(out);
    return oc_email_plausible(out);
}

static int link_identity(oc_dbc_t *c, const oc_identity_sign_in_t *s, int64_t user_id,
                         const char *email)
{
    return oc_dbc_run(c, SQL_LINK, NULL, "ssisi", s->issuer, s->subject, user_id, email, s->now_ms);
}

static int create_user(oc_dbc_t *c, oc_identity_sign_in_t *s, const char *email)
{
    oc_user_t u;
    memset(&u, 0, sizeof(u));
    char stem[OC_USERNAME_MAX + 1];
    oc_identity_username_stem(email, stem);
    int rc = free_username(c, stem, u.username);
    if (rc != 0)
        return rc;
    u.id = oc_id_next();
    snprintf(u.email, sizeof(u.email), "%s", email);
    oc_identity_display_name(s->name, u.username, u.display_name, sizeof(u.display_name));
    u.email_verified = s->email_verified;
    u.created_at = s->now_ms;
    rc = oc_user_insert(c, &u);
    if (rc != 0)
        return rc;
    s->user_id = u.id;
    s->created = true;
    return 0;
}

/* Picks the user for the identity, linking or creating as identities.h says. */
static int find_or_make_user(oc_dbc_t *c, oc_identity_sign_in_t *s)
{
    int64_t user_id, deleted_at;
    int rc = lookup2(c, SQL_FIND, s->issuer, s->subject, &user_id, &deleted_at);
    if (rc == 0 && deleted_at == 0) {
        s->user_id = user_id;
        return 0;
    }
    if (rc == 0) {
        /* The account it was linked to is gone: the identity starts afresh. */
        rc = oc_dbc_run(c, SQL_UNLINK, NULL, "ss", s->issuer, s->subject);
        if (rc != 0)
            return rc;
    } else if (rc != OC_ENOENT) {
        return rc;
    }
    char email[OC_EMAIL_MAX + 1];
    if (!normalize_email(s->email, email))
        return OC_EINVAL;
    rc = lookup2(c, SQL_EMAIL_OWNER, email, NULL, &user_id, &deleted_at);
    if (rc == 0) {
        if (deleted_at != 0)
            return OC_EEXIST;
        /* Linking on an address the provider did not check would let anyone who types a
         * victim's address at the provider into the victim's account. */
        if (!s->email_verified)
            return OC_EPERM;
        int64_t changed = 0;
        rc = oc_dbc_run(c, SQL_MARK_VERIFIED, &changed, "i", user_id);
        if (rc == 0 && changed > 0) {
            /* The account never proved it owns this address: whoever registered it may not be
             * its owner (an attacker can pre-register a victim's address). The provider just
             * proved ownership, so the unproven password and every session of the account
             * go; the owner can set a password again by e-mail. */
            rc = oc_dbc_run(c, SQL_DROP_PASSWORD, NULL, "i", user_id);
            if (rc == 0)
                rc = oc_dbc_run(c, SQL_REVOKE_SESSIONS, NULL, "ii", s->now_ms, user_id);
            s->took_over = true;
        }
        s->user_id = user_id;
        s->linked = true;
    } else if (rc == OC_ENOENT) {
        rc = create_user(c, s, email);
    }
    if (rc != 0)
        return rc;
    return link_identity(c, s, s->user_id, email);
}

int oc_identity_sign_in(oc_dbc_t *c, oc_identity_sign_in_t *s)
{
    s->user_id = s->session_id = 0;
    s->created = s->linked = s->took_over = false;
    int rc = find_or_make_user(c, s);
    if (rc != 0)
        return rc;
    s->session_id = oc_id_next();
    return oc_session_create(c, s->session_id, s->user_id, s->user_agent, s->ip, s->now_ms);
}
