/* /api/v1 e-mail routes: proving an address (with the code or the link of the verification
 * mail) and resetting a forgotten password, plus the verification mail registration sends.
 *
 * The rules of tokens (hashes, expiry, attempts, single use) are domain/email_tokens.c's;
 * delivery is mail/mail.h's and never delays an answer: a route replies once the token is
 * committed, and the mail goes out from the thread pool. */
#include "api/api_internal.h"

#include "auth/password.h"
#include "core/alloc.h"
#include "core/errors.h"
#include "core/id.h"
#include "core/json_writer.h"
#include "core/log.h"
#include "domain/accounts.h"
#include "domain/email_tokens.h"
#include "domain/users.h"
#include "http/parser.h"
#include "mail/mail.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct email_op {
    oc_api_t *api;
    oc_email_kind_t kind;
    int64_t user_id;
    int64_t ttl_ms;
    bool found;   /* reset: the address belongs to a live account */
    bool already; /* verification: the address was verified before */
    bool by_link; /* reset confirmation: with the link token (else address and code) */
    char email[OC_EMAIL_MAX + 1];
    char name[OC_DISPLAY_NAME_MAX * 4 + 1];
    char token[OC_EMAIL_TOKEN_LEN + 1];
    char code[OC_EMAIL_CODE_LEN + 1];
    char *password; /* reset confirmation: the new password (wiped when freed) */
    char hash[OC_PASSWORD_HASH_MAX];
    oc_email_secret_t secret; /* a token being issued */
    oc_email_result_t result; /* a token being redeemed */
} email_op_t;

static void op_free(void *data)
{
    email_op_t *op = data;
    if (op->password != NULL) {
        sodium_memzero(op->password, strlen(op->password));
        free(op->password);
    }
    sodium_memzero(op, sizeof(*op));
    free(op);
}

static int64_t token_ttl(const oc_api_t *api, oc_email_kind_t kind)
{
    if (api->cfg->email_token_ttl_ms != 0)
        return api->cfg->email_token_ttl_ms;
    return kind == OC_EMAIL_VERIFY ? OC_EMAIL_VERIFY_TTL_MS : OC_EMAIL_RESET_TTL_MS;
}

static email_op_t *op_new(oc_api_t *api, oc_email_kind_t kind)
{
    email_op_t *op = oc_xcalloc(1, sizeof(*op));
    op->api = api;
    op->kind = kind;
    op->ttl_ms = token_ttl(api, kind);
    return op;
}

static email_op_t *call_op(oc_call_t *call, oc_email_kind_t kind)
{
    email_op_t *op = op_new(call->api, kind);
    op->user_id = call->user_id;
    call->data = op;
    call->data_free = op_free;
    return op;
}

static const char *cstr(oc_buf_t *b)
{
    oc_buf_append_char(b, '\0');
    b->len--;
    return b->data;
}

/* ---- issuing and sending --------------------------------------------------------------- */

/* Mails op's fresh secret to op->email. Failures are logged by the mailer. */
static void send_mail(const email_op_t *op)
{
    oc_api_t *api = op->api;
    if (api->mailer == NULL) {
        oc_log_error("email", "mail to %s not sent: the mailer is not configured (see above)",
                     op->email);
        return;
    }
    oc_buf_t link = OC_BUF_INIT, subject = OC_BUF_INIT, text = OC_BUF_INIT;
    if (op->kind == OC_EMAIL_VERIFY)
        oc_email_verify_link(&link, api->public_url, op->secret.token);
    else
        oc_email_reset_link(&link, api->public_url, op->secret.token);
    oc_email_compose(&subject, &text, op->kind, op->name, op->secret.code, cstr(&link), op->ttl_ms);
    oc_mail_t mail = {op->email, op->name, cstr(&subject), cstr(&text), link.data};
    oc_mailer_send(api->mailer, &mail, NULL, NULL);
    sodium_memzero(text.data, text.len);
    sodium_memzero(link.data, link.len);
    oc_buf_free(&link);
    oc_buf_free(&subject);
    oc_buf_free(&text);
}

/* Inside a write job: replaces the user's tokens of op->kind with op's fresh secret. */
static int issue(oc_dbc_t *c, email_op_t *op)
{
    oc_email_secret_new(&op->secret);
    return oc_email_token_issue(c, op->user_id, op->kind, op->email, &op->secret, oc_now_ms(),
                                op->ttl_ms);
}

static void fill_user(email_op_t *op, const oc_user_t *u)
{
    op->user_id = u->id;
    snprintf(op->email, sizeof(op->email), "%s", u->email);
    snprintf(op->name, sizeof(op->name), "%s", u->display_name);
}

static int registered_work(oc_dbc_t *c, void *arg)
{
    return issue(c, arg);
}

static void registered_done(int status, void *arg)
{
    email_op_t *op = arg;
    if (status == 0)
        send_mail(op);
    else
        oc_log_error("email", "no verification token for user %lld: %s", (long long)op->user_id,
                     oc_strerror(status));
    op_free(op);
}

void oc__api_send_verification(oc_api_t *api, int64_t user_id, const char *email,
                               const char *display_name)
{
    email_op_t *op = op_new(api, OC_EMAIL_VERIFY);
    op->user_id = user_id;
    snprintf(op->email, sizeof(op->email), "%s", email);
    snprintf(op->name, sizeof(op->name), "%s", display_name ? display_name : "");
    if (oc_db_write(api->db, registered_work, registered_done, op) != 0) {
        oc_log_warn("email", "no verification mail for user %lld: shutting down",
                    (long long)user_id);
        op_free(op);
    }
}

/* ---- rate limits ----------------------------------------------------------------------- */

/* "verify" per account: code attempts and resends share it. */
static bool rate_account(oc_call_t *call)
{
    char key[40];
    snprintf(key, sizeof(key), "user:%lld", (long long)call->user_id);
    unsigned retry = 0;
    if (oc_ratelimit_take(call->api->rates, "verify", key, oc_now_ms(), &retry))
        return true;
    oc_call_reply_rate_limited(call, retry);
    return false;
}

static void reply_already_verified(oc_call_t *call)
{
    oc_call_reply_error(call, 409, "already_verified", "Your e-mail address is already verified.");
}

/* ---- POST /auth/verify-email/resend ---------------------------------------------------- */

static int resend_work(oc_dbc_t *c, void *arg)
{
    email_op_t *op = arg;
    oc_user_t u;
    int rc = oc_user_load(c, op->user_id, &u);
    if (rc != 0)
        return rc;
    if (u.email_verified) {
        op->already = true;
        return 0;
    }
    fill_user(op, &u);
    return issue(c, op);
}

static void resend_done(oc_call_t *call, int status)
{
    email_op_t *op = call->data;
    if (status != 0) {
        oc_call_reply_status(call, status);
        return;
    }
    if (op->already) {
        reply_already_verified(call);
        return;
    }
    send_mail(op);
    oc_buf_t out = OC_BUF_INIT;
    oc_buf_append_str(&out, "{\"email\":");
    oc_json_append_cstr(&out, op->email);
    oc_buf_append_char(&out, '}');
    oc_call_reply_json(call, 202, &out);
    oc_buf_free(&out);
}

static void resend(oc_call_t *call)
{
    call_op(call, OC_EMAIL_VERIFY);
    if (!rate_account(call))
        return;
    oc_call_write(call, resend_work, resend_done);
}

/* ---- POST /auth/verify-email {code} ---------------------------------------------------- */

static int verify_code_work(oc_dbc_t *c, void *arg)
{
    email_op_t *op = arg;
    oc_user_t u;
    int rc = oc_user_load(c, op->user_id, &u);
    if (rc != 0)
        return rc;
    if (u.email_verified) {
        op->already = true;
        return 0;
    }
    rc = oc_email_redeem_code(c, op->user_id, OC_EMAIL_VERIFY, op->code, oc_now_ms(), &op->result);
    if (rc == 0 && op->result.check == OC_EMAIL_OK)
        rc = oc_email_mark_verified(c, op->user_id, op->result.email);
    return rc;
}

static void verify_code_done(oc_call_t *call, int status)
{
    email_op_t *op = call->data;
    if (status != 0) {
        oc_call_reply_status(call, status);
        return;
    }
    if (op->already) {
        reply_already_verified(call);
        return;
    }
    char msg[160];
    switch (op->result.check) {
    case OC_EMAIL_OK: oc_call_reply_empty(call); return;
    case OC_EMAIL_WRONG_CODE:
        if (op->result.attempts_left > 0)
            snprintf(msg, sizeof(msg), "That code is not right. %d attempt%s left.",
                     op->result.attempts_left, op->result.attempts_left == 1 ? "" : "s");
        else
            snprintf(msg, sizeof(msg),
                     "That code is not right. No attempts left: ask for a "
                     "new code.");
        oc_call_reply_error(call, 422, "invalid_code", msg);
        return;
    case OC_EMAIL_DEAD:
        oc_call_reply_error(call, 410, "too_many_attempts",
                            "Too many wrong codes were tried: ask for a new code.");
        return;
    case OC_EMAIL_EXPIRED:
    case OC_EMAIL_UNKNOWN:
        oc_call_reply_error(call, 410, "code_expired",
                            "This code has expired or was replaced: ask for a new one.");
        return;
    }
}

/* A code field: 6 digits (spaces around are forgiven by oc_call_string). */
static bool code_field(oc_call_t *call, char *out)
{
    char *code = NULL;
    if (!oc_call_string(call, "code", true, 1, 16, &code))
        return false;
    bool ok = oc_email_code_valid(code);
    if (ok)
        memcpy(out, code, OC_EMAIL_CODE_LEN + 1);
    free(code);
    if (!ok)
        oc_call_reply_invalid(call, "code", "code must be the 6 digits from the mail.");
    return ok;
}

static void verify_code(oc_call_t *call)
{
    email_op_t *op = call_op(call, OC_EMAIL_VERIFY);
    if (!code_field(call, op->code) || !rate_account(call))
        return;
    oc_call_write(call, verify_code_work, verify_code_done);
}

/* ---- GET /auth/verify-email?token= (the link in the mail) ------------------------------ */

/* Sends the browser to the web client with the outcome in the query. */
static void redirect(oc_call_t *call, const char *query)
{
    oc_buf_t loc = OC_BUF_INIT;
    oc_buf_printf(&loc, "%s/?%s", call->api->public_url, query);
    oc_call_header(call, "Location", cstr(&loc));
    oc_buf_t body = OC_BUF_INIT;
    oc_buf_append_str(&body, "{\"location\":");
    oc_json_append_cstr(&body, loc.data);
    oc_buf_append_char(&body, '}');
    oc_call_reply_json(call, 302, &body);
    oc_buf_free(&body);
    oc_buf_free(&loc);
}

static int verify_link_work(oc_dbc_t *c, void *arg)
{
    email_op_t *op = arg;
    int rc = oc_email_redeem_token(c, OC_EMAIL_VERIFY, op->token, oc_now_ms(), &op->result);
    if (rc == 0 && op->result.check == OC_EMAIL_OK)
        rc = oc_email_mark_verified(c, op->result.user_id, op->result.email);
    return rc;
}

static void verify_link_done(oc_call_t *call, int status)
{
    email_op_t *op = call->data;
    if (status != 0)
        redirect(call, "email_verify_error=server_error");
    else if (op->result.check == OC_EMAIL_OK)
        redirect(call, "email_verified=1");
    else if (op->result.check == OC_EMAIL_EXPIRED)
        redirect(call, "email_verify_error=token_expired");
    else
        redirect(call, "email_verify_error=invalid_token");
}

/* The token query parameter, decoded, if it has a token's shape. */
static bool query_token(oc_call_t *call, char out[OC_EMAIL_TOKEN_LEN + 1])
{
    const char *raw;
    size_t len;
    if (!oc_http_request_query(call->req, "token", &raw, &len) || len > 3 * OC_EMAIL_TOKEN_LEN)
        return false;
    oc_buf_t v = OC_BUF_INIT;
    bool ok = oc_http_url_decode(raw, len, true, &v) == 0 && oc_email_token_valid(v.data, v.len);
    if (ok) {
        memcpy(out, v.data, OC_EMAIL_TOKEN_LEN);
        out[OC_EMAIL_TOKEN_LEN] = '\0';
    }
    oc_buf_free(&v);
    return ok;
}

static void verify_link(oc_call_t *call)
{
    email_op_t *op = call_op(call, OC_EMAIL_VERIFY);
    if (!query_token(call, op->token)) {
        redirect(call, "email_verify_error=invalid_token");
        return;
    }
    oc_call_write(call, verify_link_work, verify_link_done);
}

/* ---- POST /auth/password-reset {email} ------------------------------------------------- */

/* Runs whether or not the address has an account, in the writer either way, so the answer
 * takes about as long. */
static int reset_request_work(oc_dbc_t *c, void *arg)
{
    email_op_t *op = arg;
    oc_user_t u;
    int rc = oc_user_load_by_login(c, op->email, &u);
    if (rc == OC_ENOENT)
        return 0;
    if (rc != 0)
        return rc;
    op->found = true;
    fill_user(op, &u);
    return issue(c, op);
}

static void reset_request_done(oc_call_t *call, int status)
{
    email_op_t *op = call->data;
    if (status != 0) {
        oc_call_reply_status(call, status);
        return;
    }
    if (op->found)
        send_mail(op);
    oc_buf_t out = OC_BUF_INIT;
    oc_buf_append_str(&out, "{}");
    oc_call_reply_json(call, 202, &out);
    oc_buf_free(&out);
}

/* An e-mail address field, lower-cased into out. */
static bool email_field(oc_call_t *call, char out[OC_EMAIL_MAX + 1])
{
    char *email = NULL;
    if (!oc_call_string(call, "email", true, 1, OC_EMAIL_MAX, &email))
        return false;
    oc_ascii_lower(email);
    bool ok = strlen(email) <= OC_EMAIL_MAX && oc_email_plausible(email);
    if (ok)
        snprintf(out, OC_EMAIL_MAX + 1, "%s", email);
    free(email);
    if (!ok)
        oc_call_reply_invalid(call, "email", "email must be an e-mail address.");
    return ok;
}

static void reset_request(oc_call_t *call)
{
    email_op_t *op = call_op(call, OC_EMAIL_RESET);
    if (!email_field(call, op->email) || !oc_call_rate(call, "reset", op->email))
        return;
    oc_call_write(call, reset_request_work, reset_request_done);
}

/* ---- POST /auth/password-reset/confirm ------------------------------------------------- */

static int confirm_work(oc_dbc_t *c, void *arg)
{
    email_op_t *op = arg;
    int64_t now = oc_now_ms();
    int rc;
    op->result.check = OC_EMAIL_UNKNOWN;
    if (op->by_link) {
        rc = oc_email_redeem_token(c, OC_EMAIL_RESET, op->token, now, &op->result);
    } else {
        oc_user_t u;
        rc = oc_user_load_by_login(c, op->email, &u);
        if (rc == OC_ENOENT)
            return 0; /* result stays OC_EMAIL_UNKNOWN */
        if (rc == 0)
            rc = oc_email_redeem_code(c, u.id, OC_EMAIL_RESET, op->code, now, &op->result);
    }
    if (rc != 0 || op->result.check != OC_EMAIL_OK)
        return rc;
    int64_t user = op->result.user_id;
    char old[OC_PASSWORD_HASH_MAX];
    rc = oc_account_password_hash(c, user, old);
    if (rc != 0 && rc != OC_ENOENT)
        return rc;
    rc = oc_account_set_password(c, user, rc == 0 ? old : NULL, op->hash, 0, now);
    sodium_memzero(old, sizeof(old));
    if (rc == 0)
        rc = oc_email_mark_verified(c, user, op->result.email);
    return rc;
}

static void confirm_done(oc_call_t *call, int status)
{
    email_op_t *op = call->data;
    if (status != 0) {
        oc_call_reply_status(call, status);
        return;
    }
    oc_email_check_t check = op->result.check;
    if (check == OC_EMAIL_OK) {
        oc_gate_revoked_user(call->api->gate, op->result.user_id, 0);
        oc_log_info("email", "user %lld reset their password", (long long)op->result.user_id);
        oc_call_reply_empty(call);
    } else if (!op->by_link) {
        /* One answer for every failure of the address-and-code form: telling an expired code
         * from an unknown address would tell which addresses have accounts. */
        oc_call_reply_error(call, 422, "invalid_code",
                            "That code is not right or no longer valid: check it, or ask for a "
                            "new one.");
    } else if (check == OC_EMAIL_EXPIRED) {
        oc_call_reply_error(call, 410, "token_expired",
                            "This reset link has expired: ask for a new one.");
    } else {
        oc_call_reply_error(call, 422, "invalid_token",
                            "This reset link is not valid (it may have been used or replaced): "
                            "ask for a new one.");
    }
}

static void confirm_hashed(int status, const char *hash, void *arg)
{
    oc_call_t *call = arg;
    email_op_t *op = call->data;
    if (status != 0 || strlen(hash) >= sizeof(op->hash)) {
        oc_log_error("email", "password hashing failed: %s", oc_strerror(status));
        oc_call_reply_status(call, status != 0 ? status : OC_EIO);
        return;
    }
    snprintf(op->hash, sizeof(op->hash), "%s", hash);
    oc_call_write(call, confirm_work, confirm_done);
}

/* new_password: taken as it is (never trimmed), under the rules every password follows. */
static bool new_password_field(oc_call_t *call, email_op_t *op)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(call->body, "new_password");
    if (!cJSON_IsString(v)) {
        oc_call_reply_invalid(call, "new_password",
                              v == NULL || cJSON_IsNull(v) ? "new_password is required."
                                                           : "new_password must be a string.");
        return false;
    }
    const char *why = NULL;
    if (!oc_password_acceptable(v->valuestring, &why)) {
        oc_call_reply_invalid(call, "new_password", why);
        return false;
    }
    op->password = oc_xstrdup(v->valuestring);
    return true;
}

static void reset_confirm(oc_call_t *call)
{
    email_op_t *op = call_op(call, OC_EMAIL_RESET);
    const cJSON *token = cJSON_GetObjectItemCaseSensitive(call->body, "token");
    op->by_link = token != NULL && !cJSON_IsNull(token);
    if (op->by_link) {
        if (!cJSON_IsString(token)) {
            oc_call_reply_invalid(call, "token", "token must be a string.");
            return;
        }
        if (!oc_email_token_valid(token->valuestring, strlen(token->valuestring))) {
            oc_call_reply_error(call, 422, "invalid_token",
                                "This reset link is not valid: ask for a new one.");
            return;
        }
        memcpy(op->token, token->valuestring, OC_EMAIL_TOKEN_LEN + 1);
    } else if (!email_field(call, op->email) || !code_field(call, op->code)) {
        return;
    }
    if (!new_password_field(call, op))
        return;
    if (!oc_call_rate(call, "verify", op->by_link ? NULL : op->email))
        return;
    const oc_config_t *cfg = call->api->cfg;
    oc_password_params_t params = {cfg->argon2_ops, cfg->argon2_mem};
    oc_password_hash(call->api->loop, &params, op->password, confirm_hashed, call);
}

/* ---- set-up ---------------------------------------------------------------------------- */

int oc__api_email(oc_api_t *api, char *err, size_t err_len)
{
    /* A mail setting that cannot work stops the start: an operator would otherwise find out
     * only when users say their verification mail never came. */
    api->mailer = oc_mailer_new(api->loop, api->cfg, err, err_len);
    if (api->mailer == NULL)
        return OC_EINVAL;
    oc_api_route(api, OC_HTTP_POST, "/auth/verify-email", verify_code,
                 OC_ROUTE_AUTH | OC_ROUTE_JSON);
    oc_api_route(api, OC_HTTP_GET, "/auth/verify-email", verify_link, OC_ROUTE_PUBLIC);
    oc_api_route(api, OC_HTTP_POST, "/auth/verify-email/resend", resend, OC_ROUTE_AUTH);
    oc_api_route(api, OC_HTTP_POST, "/auth/password-reset", reset_request, OC_ROUTE_JSON);
    oc_api_route(api, OC_HTTP_POST, "/auth/password-reset/confirm", reset_confirm, OC_ROUTE_JSON);
    return 0;
}
