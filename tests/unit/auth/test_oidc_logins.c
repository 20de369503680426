/* Tests for src/auth/oidc_logins.c: pending sign-ins are found once by their state, expire at
 * their deadline, are swept and bounded as new ones start; and the PKCE S256 challenge against
 * RFC 7636's example. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "auth/oidc_logins.h"
#include "core/errors.h"

#include <stdlib.h>
#include <string.h>

static bool base64url_text(const char *s)
{
    if (strlen(s) != OC_OIDC_RANDOM_LEN)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '-' || *s == '_'))
            return false;
    return true;
}

static int take(oc_oidc_logins_t *set, const char *state, int64_t now, oc_oidc_login_t **out)
{
    return oc_oidc_logins_take(set, state, strlen(state), now, out);
}

static void test_start_and_take_once(void **state)
{
    (void)state;
    oc_oidc_logins_t set;
    oc_oidc_logins_init(&set, 10);
    oc_oidc_login_t *l = oc_oidc_logins_start(&set, "/channels", 1000, 600000);
    assert_true(base64url_text(l->state));
    assert_true(base64url_text(l->nonce));
    assert_true(base64url_text(l->verifier));
    assert_string_not_equal(l->state, l->nonce);
    assert_string_not_equal(l->nonce, l->verifier);
    assert_string_equal(l->redirect, "/channels");
    assert_int_equal(l->expires_at, 601000);
    oc_oidc_login_t *other = oc_oidc_logins_start(&set, "/", 1000, 600000);
    assert_string_not_equal(other->state, l->state);
    assert_int_equal(oc_oidc_logins_count(&set), 2);

    char state_copy[OC_OIDC_RANDOM_LEN + 1];
    strcpy(state_copy, l->state);
    oc_oidc_login_t *got;
    assert_int_equal(take(&set, state_copy, 2000, &got), 0);
    assert_ptr_equal(got, l);
    assert_int_equal(oc_oidc_logins_count(&set), 1);
    oc_oidc_login_free(got);
    /* Once only. */
    assert_int_equal(take(&set, state_copy, 2000, &got), OC_ENOENT);
    assert_null(got);
    /* Unknown, a prefix, or longer: none. */
    assert_int_equal(take(&set, "nope", 2000, &got), OC_ENOENT);
    char prefix[OC_OIDC_RANDOM_LEN];
    memcpy(prefix, other->state, OC_OIDC_RANDOM_LEN - 1);
    prefix[OC_OIDC_RANDOM_LEN - 1] = '\0';
    assert_int_equal(take(&set, prefix, 2000, &got), OC_ENOENT);
    assert_int_equal(oc_oidc_logins_count(&set), 1);
    oc_oidc_logins_free(&set);
    oc_oidc_login_free(NULL);
}

static void test_expiry(void **state)
{
    (void)state;
    oc_oidc_logins_t set;
    oc_oidc_logins_init(&set, 10);
    char a[OC_OIDC_RANDOM_LEN + 1], b[OC_OIDC_RANDOM_LEN + 1], z[OC_OIDC_RANDOM_LEN + 1];
    strcpy(a, oc_oidc_logins_start(&set, "/a", 0, 1000)->state);
    strcpy(b, oc_oidc_logins_start(&set, "/b", 0, 1000)->state);
    oc_oidc_login_t *got;
    assert_int_equal(take(&set, a, 999, &got), 0);
    oc_oidc_login_free(got);
    /* At the deadline it is expired, and gone afterwards. */
    assert_int_equal(take(&set, b, 1000, &got), OC_ETIMEDOUT);
    assert_null(got);
    assert_int_equal(take(&set, b, 1000, &got), OC_ENOENT);
    /* A lifetime of 0 expires at once. */
    strcpy(z, oc_oidc_logins_start(&set, "/", 5000, 0)->state);
    assert_int_equal(take(&set, z, 5000, &got), OC_ETIMEDOUT);
    assert_int_equal(oc_oidc_logins_count(&set), 0);
    oc_oidc_logins_free(&set);
}

static void test_sweep_and_bound(void **state)
{
    (void)state;
    oc_oidc_logins_t set;
    oc_oidc_logins_init(&set, 3);
    char first[OC_OIDC_RANDOM_LEN + 1];
    strcpy(first, oc_oidc_logins_start(&set, "/1", 0, 100)->state);
    oc_oidc_logins_start(&set, "/2", 10, 100);
    /* Starting at 105 sweeps the first (expired at 100), not the second. */
    oc_oidc_logins_start(&set, "/3", 105, 100);
    assert_int_equal(oc_oidc_logins_count(&set), 2);
    oc_oidc_login_t *got;
    assert_int_equal(take(&set, first, 105, &got), OC_ENOENT);

    /* Full: the oldest live one makes room. */
    oc_oidc_logins_t full;
    oc_oidc_logins_init(&full, 3);
    char states[5][OC_OIDC_RANDOM_LEN + 1];
    for (int i = 0; i < 5; i++)
        strcpy(states[i], oc_oidc_logins_start(&full, "/", i, 1000)->state);
    assert_int_equal(oc_oidc_logins_count(&full), 3);
    assert_int_equal(take(&full, states[0], 10, &got), OC_ENOENT);
    assert_int_equal(take(&full, states[1], 10, &got), OC_ENOENT);
    for (int i = 2; i < 5; i++) {
        assert_int_equal(take(&full, states[i], 10, &got), 0);
        oc_oidc_login_free(got);
    }
    oc_oidc_logins_free(&full);
    oc_oidc_logins_free(&set);
}

static void test_pkce_challenge_rfc7636(void **state)
{
    (void)state;
    char out[OC_OIDC_RANDOM_LEN + 1];
    oc_oidc_pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", out);
    assert_string_equal(out, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_start_and_take_once),
        cmocka_unit_test(test_expiry),
        cmocka_unit_test(test_sweep_and_bound),
        cmocka_unit_test(test_pkce_challenge_rfc7636),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
