/* Tests for src/domain/email_tokens.c: the secrets (shape, hashes), the mail texts and links,
 * and the token rules against a real SQLite database (write jobs with chosen clocks): wrong codes
 * counted until the token dies, single use, expiry, a newer token replacing the older, kinds kept
 * apart, and a token whose address is no longer the account's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/errors.h"
#include "core/id.h"
#include "domain/email_tokens.h"
#include "store/db.h"
#include "db_fixture.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- pure ------------------------------------------------------------------------------ */

static void test_hash_is_sha256_hex(void **state)
{
    (void)state;
    char h[OC_EMAIL_HASH_LEN + 1];
    oc_email_hash("abc", 3, h);
    assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void test_secret_shape(void **state)
{
    (void)state;
    oc_email_secret_t a, b;
    oc_email_secret_new(&a);
    oc_email_secret_new(&b);
    assert_int_equal(strlen(a.token), OC_EMAIL_TOKEN_LEN);
    assert_true(oc_email_token_valid(a.token, strlen(a.token)));
    assert_true(oc_email_code_valid(a.code));
    assert_string_not_equal(a.token, b.token);
    char h[OC_EMAIL_HASH_LEN + 1];
    oc_email_hash(a.token, strlen(a.token), h);
    assert_string_equal(h, a.token_hash);
    oc_email_hash(a.code, strlen(a.code), h);
    assert_string_equal(h, a.code_hash);
}

static void test_validity(void **state)
{
    (void)state;
    assert_true(oc_email_code_valid("000000"));
    assert_true(oc_email_code_valid("123456"));
    assert_false(oc_email_code_valid("12345"));
    assert_false(oc_email_code_valid("1234567"));
    assert_false(oc_email_code_valid("12345a"));
    assert_false(oc_email_code_valid(""));
    const char *t = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123-_x";
    assert_true(oc_email_token_valid(t, strlen(t)));
    assert_false(oc_email_token_valid(t, strlen(t) - 1));
    assert_false(oc_email_token_valid("abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123+/x", 43));
    assert_string_equal(oc_email_kind_name(OC_EMAIL_VERIFY), "verify");
    assert_string_equal(oc_email_kind_name(OC_EMAIL_RESET), "reset");
}

static char *text_of(oc_buf_t *b)
{
    oc_buf_append_char(b, '\0');
    return b->data;
}

static void test_durations(void **state)
{
    (void)state;
    const struct {
        int64_t ms;
        const char *text;
    } cases[] = {{OC_EMAIL_VERIFY_TTL_MS, "24 hours"},
                 {OC_EMAIL_RESET_TTL_MS, "1 hour"},
                 {90 * 60 * 1000, "90 minutes"},
                 {60 * 1000, "1 minute"},
                 {1000, "1 second"},
                 {2500, "2500 milliseconds"},
                 {1, "1 millisecond"}};
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        oc_buf_t b = OC_BUF_INIT;
        oc_email_duration(&b, cases[i].ms);
        assert_string_equal(text_of(&b), cases[i].text);
        oc_buf_free(&b);
    }
}

static void test_links_and_texts(void **state)
{
    (void)state;
    oc_buf_t link = OC_BUF_INIT, subject = OC_BUF_INIT, text = OC_BUF_INIT;
    oc_email_verify_link(&link, "https://chat.example.com", "TOKEN");
    assert_string_equal(text_of(&link), "https://chat.example.com/api/v1/auth/verify-email?"
                                        "token=TOKEN");
    oc_email_compose(&subject, &text, OC_EMAIL_VERIFY, "Zoë", "012345", link.data,
                     OC_EMAIL_VERIFY_TTL_MS);
    assert_string_equal(text_of(&subject), "Confirm your e-mail address for OpenChat");
    assert_string_equal(text_of(&text),
                        "Welcome to OpenChat, Zoë.\n\n"
                        "Your code is 012345, or open this link:\n\n"
                        "https://chat.example.com/api/v1/auth/verify-email?token=TOKEN\n\n"
                        "It expires in 24 hours.\n");
    oc_buf_free(&link);
    oc_buf_free(&subject);
    oc_buf_free(&text);

    oc_email_reset_link(&link, "http://localhost:4000", "T");
    assert_string_equal(text_of(&link), "http://localhost:4000/reset-password?token=T");
    oc_email_compose(&subject, &text, OC_EMAIL_RESET, "", "999999", link.data,
                     OC_EMAIL_RESET_TTL_MS);
    assert_string_equal(text_of(&subject), "Reset your OpenChat password");
    assert_string_equal(text_of(&text),
                        "Hello,\n\n"
                        "Someone asked to reset the password of your OpenChat account. Your "
                        "code is 999999, or open this link:\n\n"
                        "http://localhost:4000/reset-password?token=T\n\n"
                        "It expires in 1 hour. If you did not ask for this, ignore this mail: "
                        "your password stays as it is.\n");
    oc_buf_free(&link);
    oc_buf_free(&subject);
    oc_buf_free(&text);
}

/* ---- the database ---------------------------------------------------------------------- */

/* One step of a scenario, run as a job on the writer's connection. */
typedef struct step {
    enum { ADD_USER, ISSUE, BY_CODE, BY_TOKEN, SET_EMAIL, VERIFY, READ_VERIFIED } what;
    int64_t user_id;
    oc_email_kind_t kind;
    const char *text; /* the e-mail address, code or token */
    int64_t now_ms;
    int64_t ttl_ms;
    oc_email_secret_t secret;
    oc_email_result_t result;
    int64_t verified;
} step_t;

static int run_step(oc_dbc_t *c, void *arg)
{
    step_t *s = arg;
    switch (s->what) {
    case ADD_USER:
        return oc_dbc_run(c,
                          "INSERT INTO users (id, username, email, display_name, created_at) "
                          "VALUES (?, ?, ?, 'U', 0)",
                          NULL, "iss", s->user_id, s->text, s->text);
    case ISSUE:
        oc_email_secret_new(&s->secret);
        return oc_email_token_issue(c, s->user_id, s->kind, s->text, &s->secret, s->now_ms,
                                    s->ttl_ms);
    case BY_CODE:
        return oc_email_redeem_code(c, s->user_id, s->kind, s->text, s->now_ms, &s->result);
    case BY_TOKEN: return oc_email_redeem_token(c, s->kind, s->text, s->now_ms, &s->result);
    case SET_EMAIL:
        return oc_dbc_run(c, "UPDATE users SET email = ? WHERE id = ?", NULL, "si", s->text,
                          s->user_id);
    case VERIFY: return oc_email_mark_verified(c, s->user_id, s->text);
    case READ_VERIFIED: {
        oc_stmt_t *st = oc_dbc_prepare(c, "SELECT email_verified FROM users WHERE id = ?");
        if (st == NULL)
            return OC_EIO;
        oc_stmt_bind_i64(st, 1, s->user_id);
        int rc = oc_stmt_step(st);
        s->verified = rc == OC_DB_ROW ? oc_stmt_i64(st, 0) : -1;
        oc_stmt_reset(st);
        return rc == OC_DB_ROW ? 0 : OC_EIO;
    }
    }
    return OC_EINVAL;
}

/* Runs one step as a write job and waits for it (asserts stay on this thread). */
static step_t step(step_t s)
{
    assert_int_equal(run(true, run_step, &s), 0);
    return s;
}

static int setup_db(void **state)
{
    (void)state;
    return db_fixture_open();
}

static int teardown_db(void **state)
{
    (void)state;
    return db_fixture_close();
}

static int64_t add_user(const char *email)
{
    int64_t id = oc_id_next();
    step((step_t){.what = ADD_USER, .user_id = id, .text = email});
    return id;
}

static oc_email_secret_t issue(int64_t user, oc_email_kind_t kind, const char *email, int64_t now,
                               int64_t ttl)
{
    return step((step_t){.what = ISSUE,
                         .user_id = user,
                         .kind = kind,
                         .text = email,
                         .now_ms = now,
                         .ttl_ms = ttl})
        .secret;
}

static oc_email_result_t by_code(int64_t user, oc_email_kind_t kind, const char *code, int64_t now)
{
    return step((step_t){
                    .what = BY_CODE, .user_id = user, .kind = kind, .text = code, .now_ms = now})
        .result;
}

static oc_email_result_t by_token(oc_email_kind_t kind, const char *token, int64_t now)
{
    return step((step_t){.what = BY_TOKEN, .kind = kind, .text = token, .now_ms = now}).result;
}

/* A code that is not the right one. */
static const char *wrong(const oc_email_secret_t *s)
{
    return strcmp(s->code, "000000") == 0 ? "111111" : "000000";
}

static void test_wrong_codes_until_dead(void **state)
{
    (void)state;
    int64_t u = add_user("dead@example.test");
    oc_email_secret_t s = issue(u, OC_EMAIL_VERIFY, "dead@example.test", 1000, 5000);
    for (int left = OC_EMAIL_MAX_ATTEMPTS - 1; left >= 0; left--) {
        oc_email_result_t r = by_code(u, OC_EMAIL_VERIFY, wrong(&s), 1001);
        assert_int_equal(r.check, OC_EMAIL_WRONG_CODE);
        assert_int_equal(r.attempts_left, left);
        assert_int_equal(r.user_id, u);
    }
    /* Dead: the right code and the link no longer work. */
    assert_int_equal(by_code(u, OC_EMAIL_VERIFY, s.code, 1002).check, OC_EMAIL_DEAD);
    assert_int_equal(by_token(OC_EMAIL_VERIFY, s.token, 1002).check, OC_EMAIL_DEAD);
    /* A new token starts afresh. */
    oc_email_secret_t s2 = issue(u, OC_EMAIL_VERIFY, "dead@example.test", 1003, 5000);
    oc_email_result_t r = by_code(u, OC_EMAIL_VERIFY, s2.code, 1004);
    assert_int_equal(r.check, OC_EMAIL_OK);
    assert_string_equal(r.email, "dead@example.test");
}

static void test_single_use_and_replacement(void **state)
{
    (void)state;
    int64_t u = add_user("once@example.test");
    oc_email_secret_t old = issue(u, OC_EMAIL_RESET, "once@example.test", 1000, 5000);
    oc_email_secret_t s = issue(u, OC_EMAIL_RESET, "once@example.test", 1001, 5000);
    /* The older token is gone; its code is just a wrong code for the new one. */
    assert_int_equal(by_token(OC_EMAIL_RESET, old.token, 1002).check, OC_EMAIL_UNKNOWN);
    if (strcmp(old.code, s.code) != 0)
        assert_int_equal(by_code(u, OC_EMAIL_RESET, old.code, 1002).check, OC_EMAIL_WRONG_CODE);
    oc_email_result_t r = by_token(OC_EMAIL_RESET, s.token, 1003);
    assert_int_equal(r.check, OC_EMAIL_OK);
    assert_int_equal(r.user_id, u);
    /* Used: neither the link nor the code works again. */
    assert_int_equal(by_token(OC_EMAIL_RESET, s.token, 1004).check, OC_EMAIL_UNKNOWN);
    assert_int_equal(by_code(u, OC_EMAIL_RESET, s.code, 1004).check, OC_EMAIL_UNKNOWN);
    /* Malformed and unknown tokens. */
    assert_int_equal(by_token(OC_EMAIL_RESET, "short", 1004).check, OC_EMAIL_UNKNOWN);
    oc_email_secret_t never;
    oc_email_secret_new(&never);
    assert_int_equal(by_token(OC_EMAIL_RESET, never.token, 1004).check, OC_EMAIL_UNKNOWN);
}

static void test_expiry(void **state)
{
    (void)state;
    int64_t u = add_user("late@example.test");
    oc_email_secret_t s = issue(u, OC_EMAIL_VERIFY, "late@example.test", 1000, 500);
    assert_int_equal(by_code(u, OC_EMAIL_VERIFY, s.code, 1500).check, OC_EMAIL_EXPIRED);
    assert_int_equal(by_token(OC_EMAIL_VERIFY, s.token, 1500).check, OC_EMAIL_EXPIRED);
    /* An expired token counts no attempts. */
    assert_int_equal(by_code(u, OC_EMAIL_VERIFY, wrong(&s), 1500).check, OC_EMAIL_EXPIRED);
    /* One millisecond before, it still works. */
    assert_int_equal(by_token(OC_EMAIL_VERIFY, s.token, 1499).check, OC_EMAIL_OK);
}

static void test_kinds_apart_and_address_changes(void **state)
{
    (void)state;
    int64_t u = add_user("old@example.test");
    oc_email_secret_t v = issue(u, OC_EMAIL_VERIFY, "old@example.test", 1000, 5000);
    oc_email_secret_t r = issue(u, OC_EMAIL_RESET, "old@example.test", 1000, 5000);
    /* Each kind has its own token: issuing a reset did not replace the verification. */
    assert_int_equal(by_token(OC_EMAIL_RESET, v.token, 1001).check, OC_EMAIL_UNKNOWN);
    assert_int_equal(by_token(OC_EMAIL_VERIFY, r.token, 1001).check, OC_EMAIL_UNKNOWN);
    /* The address changes: tokens sent to the old one prove nothing now. */
    step((step_t){.what = SET_EMAIL, .user_id = u, .text = "new@example.test"});
    assert_int_equal(by_token(OC_EMAIL_VERIFY, v.token, 1002).check, OC_EMAIL_UNKNOWN);
    assert_int_equal(by_code(u, OC_EMAIL_RESET, r.code, 1002).check, OC_EMAIL_UNKNOWN);
    /* Marking verified needs the current address. */
    step((step_t){.what = VERIFY, .user_id = u, .text = "old@example.test"});
    assert_int_equal(step((step_t){.what = READ_VERIFIED, .user_id = u}).verified, 0);
    step((step_t){.what = VERIFY, .user_id = u, .text = "new@example.test"});
    assert_int_equal(step((step_t){.what = READ_VERIFIED, .user_id = u}).verified, 1);
    /* A user with no token at all. */
    int64_t none = add_user("none@example.test");
    assert_int_equal(by_code(none, OC_EMAIL_VERIFY, "123456", 1003).check, OC_EMAIL_UNKNOWN);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    const struct CMUnitTest pure[] = {
        cmocka_unit_test(test_hash_is_sha256_hex), cmocka_unit_test(test_secret_shape),
        cmocka_unit_test(test_validity),           cmocka_unit_test(test_durations),
        cmocka_unit_test(test_links_and_texts),
    };
    const struct CMUnitTest stored[] = {
        cmocka_unit_test(test_wrong_codes_until_dead),
        cmocka_unit_test(test_single_use_and_replacement),
        cmocka_unit_test(test_expiry),
        cmocka_unit_test(test_kinds_apart_and_address_changes),
    };
    int failed = cmocka_run_group_tests_name("pure", pure, NULL, NULL);
    failed += cmocka_run_group_tests_name("stored", stored, setup_db, teardown_db);
    return failed;
}
