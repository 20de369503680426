/* E-mail tokens: the secrets that prove someone reads an address (to verify it, or to reset
 * a password), and the text of the mails that carry them.
 *
 * Each mail carries a link token (32 random bytes, base64url) and a 6-digit code; the table
 * email_tokens keeps only their SHA-256 (hex). A token is single use, expires (24 h to verify,
 * 1 h to reset), dies after OC_EMAIL_MAX_ATTEMPTS wrong codes, and a newer token of the same
 * kind replaces the older ones. Functions taking an oc_dbc_t run inside database jobs (write
 * jobs: checking a code counts the attempt); the rest are pure. Sending is mail/mail.h's. */
#ifndef OC_DOMAIN_EMAIL_TOKENS_H
#define OC_DOMAIN_EMAIL_TOKENS_H

#include "core/buf.h"
#include "store/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OC_EMAIL_TOKEN_BYTES   32
#define OC_EMAIL_TOKEN_LEN     43 /* base64url of 32 bytes, unpadded */
#define OC_EMAIL_CODE_LEN      6
#define OC_EMAIL_HASH_LEN      64 /* SHA-256 in hex */
#define OC_EMAIL_MAX_ATTEMPTS  5
#define OC_EMAIL_VERIFY_TTL_MS (24LL * 3600 * 1000)
#define OC_EMAIL_RESET_TTL_MS  (3600LL * 1000)

typedef enum oc_email_kind {
    OC_EMAIL_VERIFY, /* proves the address of an account */
    OC_EMAIL_RESET,  /* lets the reader set a new password */
} oc_email_kind_t;

/* A fresh secret pair as the mail shows it, and the hashes the table keeps. */
typedef struct oc_email_secret {
    char token[OC_EMAIL_TOKEN_LEN + 1];
    char code[OC_EMAIL_CODE_LEN + 1];
    char token_hash[OC_EMAIL_HASH_LEN + 1];
    char code_hash[OC_EMAIL_HASH_LEN + 1];
} oc_email_secret_t;

/* Draws a random token and code (libsodium's generator) and hashes them. */
void oc_email_secret_new(oc_email_secret_t *out);
/* SHA-256 of s[0..len) in lower-case hex. */
void oc_email_hash(const char *s, size_t len, char out[OC_EMAIL_HASH_LEN + 1]);
/* True if s is a well-formed code (6 ASCII digits) or link token (43 base64url characters). */
bool oc_email_code_valid(const char *s);
bool oc_email_token_valid(const char *s, size_t len);
/* "verify" or "reset", as stored. */
const char *oc_email_kind_name(oc_email_kind_t kind);

/* ---- database (inside jobs) ------------------------------------------------------------ */

/* Stores a new token of `kind` for user_id, sent to email, valid for ttl_ms from now_ms, and
 * deletes the user's older tokens of that kind. */
int oc_email_token_issue(oc_dbc_t *c, int64_t user_id, oc_email_kind_t kind, const char *email,
                         const oc_email_secret_t *secret, int64_t now_ms, int64_t ttl_ms);

/* What checking a secret found. */
typedef enum oc_email_check {
    OC_EMAIL_UNKNOWN = 0, /* no such token: never issued, replaced, used, or its address is no
                             longer the account's, or the account is deleted (the zero value,
                             so a result nobody filled in refuses) */
    OC_EMAIL_OK,          /* it matched: the token is now used */
    OC_EMAIL_WRONG_CODE,  /* a wrong code, counted; attempts_left says what remains */
    OC_EMAIL_EXPIRED,     /* past its expiry */
    OC_EMAIL_DEAD,        /* OC_EMAIL_MAX_ATTEMPTS wrong codes were tried */
} oc_email_check_t;

typedef struct oc_email_result {
    oc_email_check_t check;
    int64_t user_id; /* whose token it was (OK, WRONG_CODE, EXPIRED, DEAD) */
    char email[256]; /* the address the token was sent to (idem) */
    int attempts_left;
} oc_email_result_t;

/* Redeems a link token (as it came, unhashed) of `kind`. */
int oc_email_redeem_token(oc_dbc_t *c, oc_email_kind_t kind, const char *token, int64_t now_ms,
                          oc_email_result_t *out);
/* Redeems a typed code against the user's current token of `kind`; a wrong one counts an
 * attempt against that token. */
int oc_email_redeem_code(oc_dbc_t *c, int64_t user_id, oc_email_kind_t kind, const char *code,
                         int64_t now_ms, oc_email_result_t *out);
/* Marks the user's address verified if it is still `email`. */
int oc_email_mark_verified(oc_dbc_t *c, int64_t user_id, const char *email);

/* ---- the mails (pure) ------------------------------------------------------------------ */

/* The link of a verification mail: <public_url>/api/v1/auth/verify-email?token=<token>. */
void oc_email_verify_link(oc_buf_t *out, const char *public_url, const char *token);
/* The link of a reset mail: <public_url>/reset-password?token=<token>. */
void oc_email_reset_link(oc_buf_t *out, const char *public_url, const char *token);
/* "24 hours", "1 hour", "15 minutes", "1 second", "250 milliseconds". */
void oc_email_duration(oc_buf_t *out, int64_t ms);
/* Appends the subject and the plain text of a mail of `kind` to `name` (display name) with
 * the code and link it carries, valid for ttl_ms. */
void oc_email_compose(oc_buf_t *subject, oc_buf_t *text, oc_email_kind_t kind, const char *name,
                      const char *code, const char *link, int64_t ttl_ms);

#endif
