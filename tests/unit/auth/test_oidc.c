/* Tests for src/auth/oidc.c and oidc_http.c, the parts that need no network: which issuers and
 * endpoints may be used (https, or http to this machine), the discovery URL, reading the
 * discovery document (issuer must match exactly, endpoints, client authentication method),
 * URL encoding and the error names. The .c is included to reach parse_discovery. */
#include "auth/oidc.c"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

static void test_url_allowed(void **state)
{
    (void)state;
    const char *ok[] = {"https://accounts.google.com",
                        "https://accounts.google.com/o/oauth2/v2/auth?x=1",
                        "HTTPS://Example.com:8443/",
                        "http://127.0.0.1:9000",
                        "http://127.0.0.1/jwks",
                        "http://localhost:8080/x",
                        "http://LOCALHOST",
                        "http://[::1]:9000/token"};
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
        assert_true(oc_oidc_url_allowed(ok[i]));
    const char *bad[] = {"http://accounts.google.com",
                         "http://127.0.0.2/",
                         "http://127.0.0.1.evil.example/",
                         "http://localhost.evil.example/",
                         "http://127.0.0.1@evil.example/",
                         "https://user@accounts.google.com/",
                         "ftp://127.0.0.1/",
                         "https://",
                         "https:///path",
                         "https://exa mple.com/",
                         "https://example.com/\r\nX: y",
                         "//example.com",
                         "",
                         "http://[::2]/"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_false(oc_oidc_url_allowed(bad[i]));
}

static void test_url_encode(void **state)
{
    (void)state;
    oc_buf_t b = OC_BUF_INIT;
    oc_oidc_url_encode(&b, "aZ09-._~ /?&=+:%\xc3\xa9");
    oc_buf_append_char(&b, '\0');
    assert_string_equal(b.data, "aZ09-._~%20%2F%3F%26%3D%2B%3A%25%C3%A9");
    oc_buf_free(&b);
}

static oc_oidc_t *service(const char *issuer, const char *client_id, char *err, size_t len)
{
    oc_oidc_config_t cfg = {issuer, client_id, "secret", "http://localhost:4000/cb", 600000};
    return oc_oidc_new(uv_default_loop(), &cfg, err, len);
}

static void test_new_checks_the_configuration(void **state)
{
    (void)state;
    char err[512];
    assert_null(service("http://accounts.example.com", "c", err, sizeof(err)));
    assert_string_equal(err, "OIDC_ISSUER must be an https:// URL (http:// only to 127.0.0.1 or "
                             "localhost): \"http://accounts.example.com\"");
    assert_null(service("https://issuer.example/?tenant=1", "c", err, sizeof(err)));
    assert_null(service("accounts.google.com", "c", err, sizeof(err)));
    assert_null(service("https://accounts.google.com", "", err, sizeof(err)));
    assert_string_equal(err, "OIDC_CLIENT_ID is required when OIDC_ISSUER is set");

    oc_oidc_t *o = service("https://accounts.google.com", "c", err, sizeof(err));
    assert_non_null(o);
    assert_string_equal(o->discovery_url,
                        "https://accounts.google.com/.well-known/openid-configuration");
    oc_oidc_free(o);
    o = service("https://login.example/tenant/v2.0/", "c", err, sizeof(err));
    assert_string_equal(o->discovery_url,
                        "https://login.example/tenant/v2.0/.well-known/openid-configuration");
    oc_oidc_free(o);
    o = service("http://127.0.0.1:9999", "c", err, sizeof(err));
    assert_non_null(o);
    oc_oidc_free(o);
    oc_oidc_free(NULL);
}

static provider_t *discover(oc_oidc_t *o, const char *json, char *err)
{
    err[0] = '\0';
    return parse_discovery(o, json, strlen(json), err, 300);
}

#define ENDPOINTS(base)                                                                            \
    "\"authorization_endpoint\":\"" base "/auth\",\"token_endpoint\":\"" base                      \
    "/token\",\"jwks_uri\":\"" base "/certs\""

static void test_discovery_document(void **state)
{
    (void)state;
    char err[300];
    oc_oidc_t *o = service("https://accounts.google.com", "c", err, sizeof(err));
    provider_t *p = discover(
        o, "{\"issuer\":\"https://accounts.google.com\"," ENDPOINTS("https://oauth2.example") "}",
        err);
    assert_non_null(p);
    assert_string_equal(p->authorization_endpoint, "https://oauth2.example/auth");
    assert_string_equal(p->token_endpoint, "https://oauth2.example/token");
    assert_string_equal(p->jwks_uri, "https://oauth2.example/certs");
    assert_true(p->basic_auth); /* the default when the document does not say */
    provider_unref(p);

    /* The issuer must be exactly the configured one: not with a trailing slash. */
    assert_null(discover(
        o, "{\"issuer\":\"https://accounts.google.com/\"," ENDPOINTS("https://x.example") "}",
        err));
    assert_string_equal(err, "discovery: issuer \"https://accounts.google.com/\" does not match "
                             "OIDC_ISSUER");
    assert_null(discover(o, "{" ENDPOINTS("https://x.example") "}", err));
    assert_string_equal(err, "discovery: issuer (none) does not match OIDC_ISSUER");
    assert_null(discover(o, "[]", err));
    assert_string_equal(err, "discovery: the document is not a JSON object");
    /* Every endpoint is required, and https for an https issuer. */
    assert_null(discover(o,
                         "{\"issuer\":\"https://accounts.google.com\",\"authorization_endpoint\":"
                         "\"https://x/a\",\"jwks_uri\":\"https://x/k\"}",
                         err));
    assert_string_equal(err, "discovery: token_endpoint is missing or not an allowed URL");
    assert_null(discover(
        o, "{\"issuer\":\"https://accounts.google.com\"," ENDPOINTS("http://127.0.0.1:1") "}",
        err));

    /* Client authentication. */
    const char *methods[][2] = {
        {"[\"client_secret_post\"]", "post"},
        {"[\"client_secret_basic\",\"client_secret_post\"]", "basic"},
        {"[\"client_secret_post\",\"private_key_jwt\"]", "post"},
        {"[\"private_key_jwt\"]", "basic"},
        {"\"client_secret_post\"", "basic"},
    };
    for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
        char json[600];
        snprintf(json, sizeof(json),
                 "{\"issuer\":\"https://accounts.google.com\"," ENDPOINTS(
                     "https://x.example") ",\"token_endpoint_auth_methods_supported\":%s}",
                 methods[i][0]);
        p = discover(o, json, err);
        assert_non_null(p);
        assert_int_equal(p->basic_auth, strcmp(methods[i][1], "basic") == 0);
        provider_unref(p);
    }
    oc_oidc_free(o);

    /* A local issuer may use local http endpoints. */
    o = service("http://127.0.0.1:9999", "c", err, sizeof(err));
    p = discover(o, "{\"issuer\":\"http://127.0.0.1:9999\"," ENDPOINTS("http://127.0.0.1:9999") "}",
                 err);
    assert_non_null(p);
    provider_unref(p);
    oc_oidc_free(o);
}

static void test_error_names(void **state)
{
    (void)state;
    oc_oidc_result_t r = {0};
    const char *names[] = {"ok", "state_unknown", "state_expired", "provider_unavailable",
                           "token_exchange_failed"};
    for (int i = OC_OIDC_OK; i <= OC_OIDC_TOKEN_EXCHANGE; i++) {
        r.error = (oc_oidc_error_t)i;
        assert_string_equal(oc_oidc_error_name(&r), names[i]);
    }
    r.error = OC_OIDC_TOKEN_FAULT;
    r.fault = OC_ID_TOKEN_NONCE;
    assert_string_equal(oc_oidc_error_name(&r), "token_nonce");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_url_allowed),
        cmocka_unit_test(test_url_encode),
        cmocka_unit_test(test_new_checks_the_configuration),
        cmocka_unit_test(test_discovery_document),
        cmocka_unit_test(test_error_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
