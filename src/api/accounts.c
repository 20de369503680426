/* /api/v1 account routes: registration, login and logout, the session list, password change and
 * account deletion (DELETE /users/me). Each handler checks its input, then chains its steps:
 * database reads and writes as call jobs (SQL in domain/accounts.c) and password hashing in
 * the thread pool (auth/password.c), never on the loop. Profiles and e-mail verification are
 * other route files' business. */
#include "api/api_internal.h"

#include "auth/password.h"
#include "core/alloc.h"
#include "core/errors.h"
#include "core/id.h"
#include "core/json_writer.h"
#include "core/log.h"
#include "core/utf8.h"
#include "domain/accounts.h"
#include "domain/users.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One request's state, carried through its steps as call->data. */
typedef struct account_op {
    oc_call_t *call;
    int64_t user_id;
    oc_user_t user;
    char *login;                         /* login: the name or address given, lower-cased */
    char *password;                      /* the password given (wiped when freed) */
    char *new_password;                  /* password change: the new one (wiped when freed) */
    char *confirm;                       /* deletion without a password: the username typed */
    bool found;                          /* login: a live user has that name */
    bool has_hash;                       /* the user has a password */
    char hash[OC_PASSWORD_HASH_MAX];     /* the stored hash (registration: the new one) */
    char new_hash[OC_PASSWORD_HASH_MAX]; /* login: re-hashed; password change: the new one */
    bool rehash;
    const char *taken;  /* registration: "username" or "email" */
    int64_t session_id; /* the session to create, revoke or keep */
    char user_agent[256];
    char ip[64];
    oc_session_row_t *rows;
    size_t count;
} account_op_t;

static void free_secret(char *s)
{
    if (s != NULL) {
        sodium_memzero(s, strlen(s));
        free(s);
    }
}

static void op_free(void *data)
{
    account_op_t *op = data;
    free(op->login);
    free_secret(op->password);
    free_secret(op->new_password);
    free(op->confirm);
    free(op->rows);
    sodium_memzero(op->hash, sizeof(op->hash));
    sodium_memzero(op->new_hash, sizeof(op->new_hash));
    free(op);
}

static account_op_t *op_new(oc_call_t *call)
{
    account_op_t *op = oc_xcalloc(1, sizeof(*op));
    op->call = call;
    op->user_id = call->user_id;
    call->data = op;
    call->data_free = op_free;
    return op;
}

static oc_password_params_t hash_params(const oc_call_t *call)
{
    const oc_config_t *cfg = call->api->cfg;
    return (oc_password_params_t){cfg->argon2_ops, cfg->argon2_mem};
}

/* The client's address and User-Agent for the session list. The header may hold any bytes
 * and be cut mid-character; PostgreSQL stores only valid UTF-8 text. */
static void note_client(oc_call_t *call, account_op_t *op)
{
    snprintf(op->ip, sizeof(op->ip), "%s", oc_call_ip(call));
    snprintf(op->user_agent, sizeof(op->user_agent), "%s", oc_call_user_agent(call));
    size_t len = strlen(op->user_agent);
    bool utf8 = oc_utf8_valid(op->user_agent, len);
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)op->user_agent[i];
        if (ch < 0x20 || ch == 0x7f || (ch >= 0x80 && !utf8))
            op->user_agent[i] = '?';
    }
}

/* ---- input and replies ----------------------------------------------------------------- */

/* A password field: a string taken as it is (never trimmed), at most OC_PASSWORD_MAX
 * characters. An empty string counts as absent. */
static bool password_field(oc_call_t *call, const char *field, bool required, char **out)
{
    *out = NULL;
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(call->body, field);
    char msg[128];
    if (v != NULL && !cJSON_IsNull(v) && !cJSON_IsString(v)) {
        snprintf(msg, sizeof(msg), "%s must be a string.", field);
        oc_call_reply_invalid(call, field, msg);
        return false;
    }
    const char *s = cJSON_IsString(v) ? v->valuestring : "";
    size_t len = strlen(s);
    if (len == 0) {
        if (!required)
            return true;
        snprintf(msg, sizeof(msg), "%s is required.", field);
        oc_call_reply_invalid(call, field, msg);
        return false;
    }
    size_t chars = 0;
    for (size_t i = 0; i < len; i++)
        chars += ((unsigned char)s[i] & 0xC0) != 0x80;
    if (!oc_utf8_valid(s, len) || chars > OC_PASSWORD_MAX) {
        snprintf(msg, sizeof(msg), "%s must be valid text of at most %d characters.", field,
                 OC_PASSWORD_MAX);
        oc_call_reply_invalid(call, field, msg);
        return false;
    }
    *out = oc_xstrdup(s);
    return true;
}

/* 409 naming the field whose value is taken. */
static void reply_taken(oc_call_t *call, const char *code, const char *field, const char *msg)
{
    oc_buf_t b = OC_BUF_INIT;
    oc_buf_append_str(&b, "{\"error\":{\"code\":");
    oc_json_append_cstr(&b, code);
    oc_buf_append_str(&b, ",\"message\":");
    oc_json_append_cstr(&b, msg);
    oc_buf_append_str(&b, ",\"field\":");
    oc_json_append_cstr(&b, field);
    oc_buf_append_str(&b, "}}");
    oc_call_reply_json(call, 409, &b);
    oc_buf_free(&b);
}

static void reply_invalid_credentials(oc_call_t *call)
{
    oc_call_reply_error(call, 401, "invalid_credentials", "The login or the password is wrong.");
}

static void reply_wrong_password(oc_call_t *call)
{
    oc_call_reply_error(call, 403, "wrong_password", "The password is wrong.");
}

static void reply_password_changed(oc_call_t *call)
{
    oc_call_reply_error(call, 409, "password_changed",
                        "The password was changed meanwhile: try again.");
}

/* {"user": <self>, "token": "<session JWT>"} with the session cookie. */
static void reply_session(oc_call_t *call, int status, const oc_user_t *u, int64_t session_id)
{
    oc__api_set_session_cookie(call, session_id, u->id);
    int64_t now = oc_now_ms() / 1000;
    oc_jwt_claims_t claims = {session_id, u->id, now, now + OC_SESSION_LIFETIME_S};
    oc_buf_t out = OC_BUF_INIT;
    oc_buf_append_str(&out, "{\"user\":");
    oc_user_json_self(&out, u);
    oc_buf_append_str(&out, ",\"token\":\"");
    oc_jwt_sign(oc_gate_key(call->api->gate), &claims, &out); /* base64url: nothing to escape */
    oc_buf_append_str(&out, "\"}");
    oc_call_reply_json(call, status, &out);
    oc_buf_free(&out);
}

/* Rate limit for password checks made for a signed-in user (change, deletion): the login
 * budget, per IP and per account. */
static bool rate_password_check(oc_call_t *call)
{
    char account[32];
    snprintf(account, sizeof(account), "id:%lld", (long long)call->user_id);
    return oc_call_rate(call, "login", account);
}

/* ---- POST /auth/register --------------------------------------------------------------- */

static int register_work(oc_dbc_t *c, void *arg)
{
    account_op_t *op = arg;
    return oc_account_register(c, &op->user, op->hash, op->session_id, op->user_agent, op->ip,
                               &op->taken);
}

static void register_done(oc_call_t *call, int status)
{
    account_op_t *op = call->data;
    if (status == OC_EEXIST && op->taken != NULL && strcmp(op->taken, "email") == 0) {
        reply_taken(call, "email_taken", "email",
                    "An account with this e-mail address already exists.");
        return;
    }
    if (status == OC_EEXIST) {
        reply_taken(call, "username_taken", "username", "This username is taken.");
        return;
    }
    if (status != 0) {
        oc_call_reply_status(call, status);
        return;
    }
    oc__api_send_verification(call->api, op->user.id, op->user.email, op->user.display_name);
    reply_session(call, 201, &op->user, op->session_id);
}

static void register_hashed(int status, const char *hash, void *arg)
{
    oc_call_t *call = arg;
    account_op_t *op = call->data;
    if (status != 0) {
        oc_log_error("accounts", "password hashing failed: %s", oc_strerror(status));
        oc_call_reply_status(call, status);
        return;
    }
    snprintf(op->hash, sizeof(op->hash), "%s", hash);
    op->user.id = oc_id_next();
    op->session_id = oc_id_next();
    op->user.created_at = oc_now_ms();
    oc_call_write(call, register_work, register_done);
}

static bool has_control(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return true;
    return false;
}

static void post_register(oc_call_t *call)
{
    account_op_t *op = op_new(call);
    oc_user_t *u = &op->user;
    char *s;
    if (!oc_call_string(call, "username", true, OC_USERNAME_MIN, OC_USERNAME_MAX, &s))
        return;
    oc_ascii_lower(s);
    snprintf(u->username, sizeof(u->username), "%s", s);
    free(s);
    if (!oc_username_valid(u->username)) {
        oc_call_reply_invalid(call, "username",
                              "username may only contain letters, digits, '_' and '.'.");
        return;
    }
    if (oc_username_reserved(u->username)) {
        oc_call_reply_invalid(call, "username", "Usernames starting with deleted_ are reserved.");
        return;
    }
    if (!oc_call_string(call, "email", true, 1, OC_EMAIL_MAX, &s))
        return;
    oc_ascii_lower(s);
    bool plausible = oc_email_plausible(s);
    snprintf(u->email, sizeof(u->email), "%s", s);
    free(s);
    if (!plausible) {
        oc_call_reply_invalid(call, "email", "email must be an address like name@example.com.");
        return;
    }
    if (!password_field(call, "password", true, &op->password))
        return;
    const char *why;
    if (!oc_password_acceptable(op->password, &why)) {
        oc_call_reply_invalid(call, "password", why);
        return;
    }
    if (!oc_call_string(call, "display_name", false, 1, OC_DISPLAY_NAME_MAX, &s))
        return;
    if (s != NULL && has_control(s)) {
        free(s);
        oc_call_reply_invalid(call, "display_name",
                              "display_name must not contain control characters.");
        return;
    }
    snprintf(u->display_name, sizeof(u->display_name), "%s", s ? s : u->username);
    free(s);
    snprintf(u->status, sizeof(u->status), "online");
    if (!oc_call_rate(call, "register", NULL))
        return;
    note_client(call, op);
    oc_password_params_t params = hash_params(call);
    oc_password_hash(call->api->loop, &params, op->password, register_hashed, call);
}

/* ---- POST /auth/login ------------------------------------------------------------------ */

static int login_load(oc_dbc_t *c, void *arg)
{
    account_op_t *op = arg;
    int rc = oc_user_load_by_login(c, op->login, &op->user);
    if (rc == OC_ENOENT)
        return 0;
    if (rc != 0)
        return rc;
    op->found = true;
    rc = oc_account_password_hash(c, op->user.id, op->hash);
    op->has_hash = rc == 0;
    return rc == OC_ENOENT ? 0 : rc;
}

static int login_work(oc_dbc_t *c, void *arg)
{
    account_op_t *op = arg;
    return oc_account_login(c, op->user.id, op->hash, op->rehash ? op->new_hash : NULL,
                            op->session_id, op->user_agent, op->ip, oc_now_ms());
}

static void login_done(oc_call_t *call, int status)
{
    account_op_t *op = call->data;
    if (status == OC_EPERM)
        reply_invalid_credentials(call);
    else if (status != 0)
        oc_call_reply_status(call, status);
    else
        reply_session(call, 200, &op->user, op->session_id);
}

static void login_store(oc_call_t *call)
{
    account_op_t *op = call->data;
    op->session_id = oc_id_next();
    oc_call_write(call, login_work, login_done);
}

static void login_rehashed(int status, const char *hash, void *arg)
{
    oc_call_t *call = arg;
    account_op_t *op = call->data;
    if (status == 0) {
        snprintf(op->new_hash, sizeof(op->new_hash), "%s", hash);
        op->rehash = true;
    } else {
        oc_log_warn("accounts", "re-hashing a password failed: %s", oc_strerror(status));
    }
    login_store(call);
}

static void login_checked(int status, bool needs_rehash, void *arg)
{
    oc_call_t *call = arg;
    account_op_t *op = call->data;
    if (status == OC_EPERM) {
        reply_invalid_credentials(call);
        return;
    }
    if (status != 0) {
        oc_call_reply_status(call, status);
        return;
    }
    if (needs_rehash) {
        oc_password_params_t params = hash_params(call);
        oc_password_hash(call->api->loop, &params, op->password, login_rehashed, call);
        return;
    }
    login_store(call);
}

static void login_loaded(oc_call_t *call, int status)
{
    account_op_t *op = call->data;
    if (status != 0) {
        oc_call_reply_status(call, status);
        return;
    }
    /* Unknown name, deleted account, no password: checked against a dummy hash all the same,
     * so the answer takes as long as a wrong password. */
    oc_password_params_t params = hash_params(call);
    oc_password_verify(call->api->loop, &params, op->password,
                       op->found && op->has_hash ? op->hash : NULL, login_checked, call);
}

static void post_login(oc_call_t *call)
{
    account_op_t *op = op_new(call);
    if (!oc_call_string(call, "login", true, 1, OC_EMAIL_MAX, &op->login))
        return;
    oc_ascii_lower(op->login);
    if (!password_field(call, "password", true, &op->password))
        return;
    if (!oc_call_rate(call, "login", op->login))
        return;
    note_client(call, op);
    oc_call_read(call, login_load, login_loaded);
}

/* ---- sessions -------------------------------------------------------------------------- */

static int revoke_one_work(oc_dbc_t *c, void *arg)
{
    account_op_t *op = arg;
    return oc_session_revoke(c, op->user_id, op->session_id, oc_now_ms());
}

static void logout_done(oc_call_t *call, int status)
{
    account_op_t *op = call->data;
    if (status != 0 && status != OC_ENOENT) { /* ENOENT: revoked meanwhile, fine too */
        oc_call_reply_status(call, status);
        return;
    }
    oc_gate_revoked(call->api->gate, op->session_id);
    oc__api_clear_session_cookie(call);
    oc_call_reply_empty(call);
}

/* POST /auth/logout */
static void post_logout(oc_call_t *call)
{
    account_op_t *op = op_new(call);
    op->session_id = call->session_id;
    oc_call_write(call, revoke_one_work, logout_done);
}

static int sessions_load(oc_dbc_t *c, void *arg)
{
    account_op_t *op = arg;
    return oc_account_sessions(c, op->user_id, oc_now_ms(), op->rows, OC_SESSIONS_LIST_MAX,
                               &op->count);
}

static void sessions_loaded(oc_call_t *call, int status)
{
    account_op_t *op = call->data;
    if (status != 0) {
        oc_call_reply_status(call, status);
        return;
    }
    oc_buf_t out = OC_BUF_INIT;
    oc_account_sessions_json(&out, op->rows, op->count, call->session_id);
    oc_call_reply_json(call, 200, &out);
    oc_buf_free(&out);
}

/* GET /auth/sessions */
static void get_sessions(oc_call_t *call)
{
    account_op_t *op = op_new(call);
    op->rows = oc_xcalloc(OC_SESSIONS_LIST_MAX, sizeof(*op->rows));
    oc_call_read(call, sessions_load, sessions_loaded);
}

static void reply_session_not_found(oc_call_t *call)
{
    oc_call_reply_error(call, 404, "session_not_found", "You have no such active session.");
}

static void revoke_one_done(oc_call_t *call, int status)
{
    account_op_t *op = call->data;
    if (status == OC_ENOENT) {
        reply_session_not_found(call);
        return;
    }
    if (status != 0) {
        oc_call_reply_status(call, status);
        return;
    }
    oc_gate_revoked(call->api->gate, op->session_id);
    if (op->session_id == call->session_id)
        oc__api_clear_session_cookie(call);
    oc_call_reply_empty(call);
}

/* DELETE /auth/sessions/:id */
static void delete_session(oc_call_t *call)
{
    account_op_t *op = op_new(call);
    size_t len;
    const char *v = oc_http_request_param(call->req, "id", &len);
    if (v == NULL || !oc_id_parse(v, len, &op->session_id)) {
        reply_session_not_found(call);
        return;
    }
    oc_call_write(call, revoke_one_work, revoke_one_done);
}

static int revoke_all_work(oc_dbc_t *c, void *arg)
{
    account_op_t *op = arg;
    return oc_session_revoke_all(c, op->user_id, op->session_id, oc_now_ms());
}

static void revoke_all_done(oc_call_t *call, int status)
{
    account_op_t *op = call->data;
    if (status != 0) {
        oc_call_reply_status(call, status);
        return;
    }
    oc_gate_revoked_user(call->api->gate, op->user_id, op->session_id);
    if (op->session_id == 0)
        oc__api_clear_session_cookie(call);
    oc_call_reply_empty(call);
}

/* POST /auth/sessions/revoke-others: every session but the caller's. */
static void post_revoke_others(oc_call_t *call)
{
    account_op_t *op = op_new(call);
    op->session_id = call->session_id;
    oc_call_write(call, revoke_all_work, revoke_all_done);
}

/* POST /auth/logout-everywhere: every session, the caller's too. */
static void post_logout_everywhere(oc_call_t *call)
{
    op_new(call);
    oc_call_write(call, revoke_all_work, revoke_all_done);
}

/* ---- POST /auth/password --------------------------------------------------------------- */

static int hash_load(oc_dbc_t *c, void *arg)
{
    account_op_t *op = arg;
    int rc = oc_account_password_hash(c, op->user_id, op->hash);
    op->has_hash = rc == 0;
    return rc == OC_ENOENT ? 0 : rc;
}

static int password_work(oc_dbc_t *c, void *arg)
{
    account_op_t *op = arg;
    return oc_account_set_password(c, op->user_id, op->has_hash ? op->hash : NULL, op->new_hash,
                                   op->session_id, oc_now_ms());
}

static void password_done(oc_call_t *call, int status)
{
    account_op_t *op = call->data;
    if (status == OC_EAGAIN) {
        reply_password_changed(call);
        return;
    }
    if (status != 0) {
        oc_call_reply_status(call, status);
        return;
    }
    oc_gate_revoked_user(call->api->gate, op->user_id, op->session_id);
    oc_call_reply_empty(call);
}

static void password_hashed(int status, const char *hash, void *arg)
{
    oc_call_t *call = arg;
    account_op_t *op = call->data;
    if (status != 0) {
        oc_log_error("accounts", "password hashing failed: %s", oc_strerror(status));
        oc_call_reply_status(call, status);
        return;
    }
    snprintf(op->new_hash, sizeof(op->new_hash), "%s", hash);
    oc_call_write(call, password_work, password_done);
}

static void hash_new_password(oc_call_t *call)
{
    account_op_t *op = call->data;
    oc_password_params_t params = hash_params(call);
    oc_password_hash(call->api->loop, &params, op->new_password, password_hashed, call);
}

static void current_checked(int status, bool needs_rehash, void *arg)
{
    (void)needs_rehash; /* the hash is replaced anyway */
    oc_call_t *call = arg;
    if (status == OC_EPERM)
        reply_wrong_password(call);
    else if (status != 0)
        oc_call_reply_status(call, status);
    else
        hash_new_password(call);
}

static void password_loaded(oc_call_t *call, int status)
{
    account_op_t *op = call->data;
    if (status != 0) {
        oc_call_reply_status(call, status);
        return;
    }
    if (!op->has_hash) { /* signs in with a provider only: may set a first password */
        hash_new_password(call);
        return;
    }
    if (op->password == NULL) {
        oc_call_reply_invalid(call, "current_password", "current_password is required.");
        return;
    }
    if (!rate_password_check(call))
        return;
    oc_password_params_t params = hash_params(call);
    oc_password_verify(call->api->loop, &params, op->password, op->hash, current_checked, call);
}

static void post_password(oc_call_t *call)
{
    account_op_t *op = op_new(call);
    op->session_id = call->session_id;
    if (!password_field(call, "current_password", false, &op->password))
        return;
    if (!password_field(call, "new_password", true, &op->new_password))
        return;
    const char *why;
    if (!oc_password_acceptable(op->new_password, &why)) {
        oc_call_reply_invalid(call, "new_password", why);
        return;
    }
    oc_call_read(call, hash_load, password_loaded);
}

/* ---- DELETE /users/me ------------------------------------------------------------------ */

static int deletion_load(oc_dbc_t *c, void *arg)
{
    account_op_t *op = arg;
    int rc = oc_user_load(c, op->user_id, &op->user);
    return rc != 0 ? rc : hash_load(c, arg);
}

static int deletion_work(oc_dbc_t *c, void *arg)
{
    account_op_t *op = arg;
    return oc_account_delete(c, op->user_id, op->has_hash ? op->hash : NULL, oc_now_ms());
}

static void deletion_done(oc_call_t *call, int status)
{
    account_op_t *op = call->data;
    if (status == OC_EPERM) {
        oc_call_reply_error(call, 409, "owns_zones",
                            "You own zones: transfer them to someone else or delete them first.");
        return;
    }
    if (status == OC_EAGAIN) {
        reply_password_changed(call);
        return;
    }
    if (status != 0) {
        oc_call_reply_status(call, status);
        return;
    }
    oc_gate_revoked_user(call->api->gate, op->user_id, 0);
    if (op->user.avatar[0] != '\0')
        oc__api_avatar_forget(call->api, op->user.avatar);
    oc__api_clear_session_cookie(call);
    oc_call_reply_empty(call);
}

static void deletion_checked(int status, bool needs_rehash, void *arg)
{
    (void)needs_rehash;
    oc_call_t *call = arg;
    if (status == OC_EPERM)
        reply_wrong_password(call);
    else if (status != 0)
        oc_call_reply_status(call, status);
    else
        oc_call_write(call, deletion_work, deletion_done);
}

static void deletion_loaded(oc_call_t *call, int status)
{
    account_op_t *op = call->data;
    if (status != 0) {
        oc_call_reply_status(call, status);
        return;
    }
    if (op->has_hash) {
        if (op->password == NULL) {
            oc_call_reply_invalid(call, "password", "password is required.");
            return;
        }
        if (!rate_password_check(call))
            return;
        oc_password_params_t params = hash_params(call);
        oc_password_verify(call->api->loop, &params, op->password, op->hash, deletion_checked,
                           call);
        return;
    }
    if (op->confirm == NULL) {
        oc_call_reply_invalid(call, "confirm", "Type your username in confirm.");
        return;
    }
    oc_ascii_lower(op->confirm);
    if (strcmp(op->confirm, op->user.username) != 0) {
        oc_call_reply_error(call, 403, "confirmation_mismatch", "confirm is not your username.");
        return;
    }
    oc_call_write(call, deletion_work, deletion_done);
}

static void delete_me(oc_call_t *call)
{
    account_op_t *op = op_new(call);
    if (!password_field(call, "password", false, &op->password))
        return;
    if (!oc_call_string(call, "confirm", false, 1, OC_USERNAME_MAX, &op->confirm))
        return;
    oc_call_read(call, deletion_load, deletion_loaded);
}

void oc__api_accounts(oc_api_t *api)
{
    oc_password_params_t params = {api->cfg->argon2_ops, api->cfg->argon2_mem};
    oc_password_warm_up(api->loop, &params);
    unsigned json = OC_ROUTE_JSON, auth = OC_ROUTE_AUTH, auth_json = OC_ROUTE_AUTH | OC_ROUTE_JSON;
    oc_api_route(api, OC_HTTP_POST, "/auth/register", post_register, json);
    oc_api_route(api, OC_HTTP_POST, "/auth/login", post_login, json);
    oc_api_route(api, OC_HTTP_POST, "/auth/logout", post_logout, auth);
    oc_api_route(api, OC_HTTP_GET, "/auth/sessions", get_sessions, auth);
    oc_api_route(api, OC_HTTP_DELETE, "/auth/sessions/:id", delete_session, auth);
    oc_api_route(api, OC_HTTP_POST, "/auth/sessions/revoke-others", post_revoke_others, auth);
    oc_api_route(api, OC_HTTP_POST, "/auth/logout-everywhere", post_logout_everywhere, auth);
    oc_api_route(api, OC_HTTP_POST, "/auth/password", post_password, auth_json);
    oc_api_route(api, OC_HTTP_DELETE, "/users/me", delete_me, auth_json);
}
