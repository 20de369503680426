/* E-mail tokens: see email_tokens.h. */
#include "domain/email_tokens.h"

#include "core/base64.h"
#include "core/errors.h"
#include "core/id.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* ---- secrets --------------------------------------------------------------------------- */

void oc_email_hash(const char *s, size_t len, char out[OC_EMAIL_HASH_LEN + 1])
{
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, (const unsigned char *)s, len);
    sodium_bin2hex(out, OC_EMAIL_HASH_LEN + 1, digest, sizeof(digest));
}

void oc_email_secret_new(oc_email_secret_t *out)
{
    unsigned char raw[OC_EMAIL_TOKEN_BYTES];
    randombytes_buf(raw, sizeof(raw));
    size_t n = oc_base64url_encode(raw, sizeof(raw), out->token);
    out->token[n] = '\0';
    snprintf(out->code, sizeof(out->code), "%06u", (unsigned)randombytes_uniform(1000000));
    oc_email_hash(out->token, n, out->token_hash);
    oc_email_hash(out->code, OC_EMAIL_CODE_LEN, out->code_hash);
    sodium_memzero(raw, sizeof(raw));
}

bool oc_email_code_valid(const char *s)
{
    for (int i = 0; i < OC_EMAIL_CODE_LEN; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return s[OC_EMAIL_CODE_LEN] == '\0';
}

bool oc_email_token_valid(const char *s, size_t len)
{
    if (len != OC_EMAIL_TOKEN_LEN)
        return false;
    for (size_t i = 0; i < len; i++) {
        char ch = s[i];
        if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
              ch == '-' || ch == '_'))
            return false;
    }
    return true;
}

const char *oc_email_kind_name(oc_email_kind_t kind)
{
    return kind == OC_EMAIL_RESET ? "reset" : "verify";
}

/* ---- database -------------------------------------------------------------------------- */

static const char SQL_DELETE_OLDER[] = "DELETE FROM email_tokens WHERE user_id = ? AND kind = ?";
static const char SQL_INSERT[] =
    "INSERT INTO email_tokens (id, user_id, kind, token_hash, code_hash, email, created_at, "
    "expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

#define TOKEN_COLUMNS                                                                              \
    "SELECT t.id, t.user_id, t.email, t.code_hash, t.expires_at, t.attempts, t.used_at, "          \
    "u.email, u.deleted_at FROM email_tokens t JOIN users u ON u.id = t.user_id "
static const char SQL_BY_TOKEN[] = TOKEN_COLUMNS "WHERE t.token_hash = ? AND t.kind = ?";
static const char SQL_BY_USER[] =
    TOKEN_COLUMNS "WHERE t.user_id = ? AND t.kind = ? ORDER BY t.id DESC LIMIT 1";
static const char SQL_COUNT_ATTEMPT[] =
    "UPDATE email_tokens SET attempts = attempts + 1 WHERE id = ?";
static const char SQL_USE[] =
    "UPDATE email_tokens SET used_at = ? WHERE id = ? AND used_at IS NULL";
static const char SQL_MARK_VERIFIED[] = "UPDATE users SET email_verified = 1 "
                                        "WHERE id = ? AND email = ? AND deleted_at IS NULL";

int oc_email_token_issue(oc_dbc_t *c, int64_t user_id, oc_email_kind_t kind, const char *email,
                         const oc_email_secret_t *secret, int64_t now_ms, int64_t ttl_ms)
{
    const char *k = oc_email_kind_name(kind);
    int rc = oc_dbc_run(c, SQL_DELETE_OLDER, NULL, "is", user_id, k);
    if (rc != 0)
        return rc;
    return oc_dbc_run(c, SQL_INSERT, NULL, "iissssii", oc_id_next(), user_id, k, secret->token_hash,
                      secret->code_hash, email, now_ms, now_ms + ttl_ms);
}

/* The token row a redemption looks at, with its account's current address. */
typedef struct token_row {
    int64_t id;
    int64_t expires_at;
    int64_t attempts;
    bool used, address_current;
    char code_hash[OC_EMAIL_HASH_LEN + 1];
} token_row_t;

static void text_col(oc_stmt_t *st, int col, char *out, size_t cap)
{
    size_t len = 0;
    const char *t = oc_stmt_text(st, col, &len);
    if (t == NULL || len >= cap)
        len = 0;
    if (len)
        memcpy(out, t, len);
    out[len] = '\0';
}

/* Steps st (bound by the caller) and fills row and out; OC_ENOENT when there is no row. */
static int read_token(oc_stmt_t *st, token_row_t *row, oc_email_result_t *out)
{
    int rc = oc_stmt_step(st);
    if (rc == OC_DB_ROW) {
        row->id = oc_stmt_i64(st, 0);
        out->user_id = oc_stmt_i64(st, 1);
        text_col(st, 2, out->email, sizeof(out->email));
        text_col(st, 3, row->code_hash, sizeof(row->code_hash));
        row->expires_at = oc_stmt_i64(st, 4);
        row->attempts = oc_stmt_i64(st, 5);
        row->used = !oc_stmt_null(st, 6);
        size_t len;
        const char *now_addr = oc_stmt_text(st, 7, &len);
        row->address_current = now_addr != NULL && oc_stmt_null(st, 8) &&
                               len == strlen(out->email) && memcmp(now_addr, out->email, len) == 0;
        rc = 0;
    } else if (rc == OC_DB_DONE) {
        rc = OC_ENOENT;
    }
    oc_stmt_reset(st);
    return rc;
}

/* The common rules of both redemptions; code is NULL for a link token. */
static int redeem(oc_dbc_t *c, const token_row_t *row, const char *code, int64_t now_ms,
                  oc_email_result_t *out)
{
    if (row->used || !row->address_current) {
        out->check = OC_EMAIL_UNKNOWN;
        return 0;
    }
    if (row->attempts >= OC_EMAIL_MAX_ATTEMPTS) {
        out->check = OC_EMAIL_DEAD;
        return 0;
    }
    if (now_ms >= row->expires_at) {
        out->check = OC_EMAIL_EXPIRED;
        return 0;
    }
    if (code != NULL) {
        char hash[OC_EMAIL_HASH_LEN + 1];
        oc_email_hash(code, strlen(code), hash);
        if (sodium_memcmp(hash, row->code_hash, OC_EMAIL_HASH_LEN) != 0 ||
            strlen(row->code_hash) != OC_EMAIL_HASH_LEN) {
            int rc = oc_dbc_run(c, SQL_COUNT_ATTEMPT, NULL, "i", row->id);
            if (rc != 0)
                return rc;
            out->check = OC_EMAIL_WRONG_CODE;
            out->attempts_left = OC_EMAIL_MAX_ATTEMPTS - (int)row->attempts - 1;
            return 0;
        }
    }
    int64_t changed = 0;
    int rc = oc_dbc_run(c, SQL_USE, &changed, "ii", now_ms, row->id);
    if (rc != 0)
        return rc;
    out->check = changed == 1 ? OC_EMAIL_OK : OC_EMAIL_UNKNOWN;
    return 0;
}

static void result_init(oc_email_result_t *out)
{
    memset(out, 0, sizeof(*out));
    out->check = OC_EMAIL_UNKNOWN;
}

int oc_email_redeem_token(oc_dbc_t *c, oc_email_kind_t kind, const char *token, int64_t now_ms,
                          oc_email_result_t *out)
{
    result_init(out);
    size_t len = strlen(token);
    if (!oc_email_token_valid(token, len))
        return 0;
    char hash[OC_EMAIL_HASH_LEN + 1];
    oc_email_hash(token, len, hash);
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_BY_TOKEN);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_str(st, 1, hash);
    oc_stmt_bind_str(st, 2, oc_email_kind_name(kind));
    token_row_t row;
    int rc = read_token(st, &row, out);
    if (rc == OC_ENOENT)
        return 0;
    return rc != 0 ? rc : redeem(c, &row, NULL, now_ms, out);
}

int oc_email_redeem_code(oc_dbc_t *c, int64_t user_id, oc_email_kind_t kind, const char *code,
                         int64_t now_ms, oc_email_result_t *out)
{
    result_init(out);
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_BY_USER);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, user_id);
    oc_stmt_bind_str(st, 2, oc_email_kind_name(kind));
    token_row_t row;
    int rc = read_token(st, &row, out);
    if (rc == OC_ENOENT)
        return 0;
    return rc != 0 ? rc : redeem(c, &row, code, now_ms, out);
}

int oc_email_mark_verified(oc_dbc_t *c, int64_t user_id, const char *email)
{
    return oc_dbc_run(c, SQL_MARK_VERIFIED, NULL, "is", user_id, email);
}

/* ---- the mails ------------------------------------------------------------------------- */

void oc_email_verify_link(oc_buf_t *out, const char *public_url, const char *token)
{
    oc_buf_printf(out, "%s/api/v1/auth/verify-email?token=%s", public_url, token);
}

void oc_email_reset_link(oc_buf_t *out, const char *public_url, const char *token)
{
    oc_buf_printf(out, "%s/reset-password?token=%s", public_url, token);
}

void oc_email_duration(oc_buf_t *out, int64_t ms)
{
    static const struct {
        int64_t ms;
        const char *unit;
    } units[] = {{3600000, "hour"}, {60000, "minute"}, {1000, "second"}, {1, "millisecond"}};
    for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
        if (ms % units[i].ms == 0 || units[i].ms == 1) {
            long long n = (long long)(ms / units[i].ms);
            oc_buf_printf(out, "%lld %s%s", n, units[i].unit, n == 1 ? "" : "s");
            return;
        }
    }
}

void oc_email_compose(oc_buf_t *subject, oc_buf_t *text, oc_email_kind_t kind, const char *name,
                      const char *code, const char *link, int64_t ttl_ms)
{
    bool named = name != NULL && *name != '\0';
    if (kind == OC_EMAIL_VERIFY) {
        oc_buf_append_str(subject, "Confirm your e-mail address for OpenChat");
        oc_buf_printf(text, "Welcome to OpenChat%s%s.\n\n", named ? ", " : "", named ? name : "");
        oc_buf_printf(text, "Your code is %s, or open this link:\n\n%s\n\nIt expires in ", code,
                      link);
        oc_email_duration(text, ttl_ms);
        oc_buf_append_str(text, ".\n");
    } else {
        oc_buf_append_str(subject, "Reset your OpenChat password");
        oc_buf_printf(text, "Hello%s%s,\n\n", named ? " " : "", named ? name : "");
        oc_buf_printf(text,
                      "Someone asked to reset the password of your OpenChat account. Your code "
                      "is %s, or open this link:\n\n%s\n\nIt expires in ",
                      code, link);
        oc_email_duration(text, ttl_ms);
        oc_buf_append_str(text, ". If you did not ask for this, ignore this mail: your password "
                                "stays as it is.\n");
    }
}
