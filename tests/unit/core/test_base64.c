/* Tests for src/core/base64.c: the RFC 4648 section 10 vectors in both directions, the URL-safe
 * alphabet, and the strict decoder's refusals. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/base64.h"
#include "core/errors.h"

#include <string.h>

static const struct {
    const char *plain;
    const char *std;
    const char *url;
} vectors[] = {
    {"", "", ""},
    {"f", "Zg==", "Zg"},
    {"fo", "Zm8=", "Zm8"},
    {"foo", "Zm9v", "Zm9v"},
    {"foob", "Zm9vYg==", "Zm9vYg"},
    {"fooba", "Zm9vYmE=", "Zm9vYmE"},
    {"foobar", "Zm9vYmFy", "Zm9vYmFy"},
};

static void test_rfc4648_vectors(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
        const char *plain = vectors[i].plain;
        size_t n = strlen(plain);
        char enc[16];
        uint8_t dec[16];
        size_t dec_len = 99;

        assert_int_equal(oc_base64_encoded_len(n), strlen(vectors[i].std));
        memset(enc, '#', sizeof(enc));
        assert_int_equal(oc_base64_encode(plain, n, enc), strlen(vectors[i].std));
        assert_memory_equal(enc, vectors[i].std, strlen(vectors[i].std));
        assert_int_equal(enc[strlen(vectors[i].std)], '#'); /* no NUL or extra byte */

        memset(enc, '#', sizeof(enc));
        assert_int_equal(oc_base64url_encode(plain, n, enc), strlen(vectors[i].url));
        assert_int_equal(strlen(vectors[i].url), (4 * n + 2) / 3);
        assert_memory_equal(enc, vectors[i].url, strlen(vectors[i].url));
        assert_int_equal(enc[strlen(vectors[i].url)], '#');

        assert_int_equal(oc_base64_decode(vectors[i].std, strlen(vectors[i].std), dec, &dec_len),
                         0);
        assert_int_equal(dec_len, n);
        assert_memory_equal(dec, plain, n);
    }
}

static void test_alphabets_differ_in_62_and_63(void **state)
{
    (void)state;
    const uint8_t in[] = {0xfb, 0xff, 0xbf, 0xfb, 0xef};
    char enc[16];
    assert_int_equal(oc_base64_encode(in, sizeof(in), enc), 8);
    assert_memory_equal(enc, "+/+/++8=", 8);
    assert_int_equal(oc_base64url_encode(in, sizeof(in), enc), 7);
    assert_memory_equal(enc, "-_-_--8", 7);

    uint8_t dec[8];
    size_t dec_len = 0;
    assert_int_equal(oc_base64_decode("+/+/++8=", 8, dec, &dec_len), 0);
    assert_int_equal(dec_len, 5);
    assert_memory_equal(dec, in, 5);
    /* The decoder takes the standard alphabet only. */
    assert_int_equal(oc_base64_decode("-_-_--8=", 8, dec, &dec_len), OC_EPROTO);
}

static void test_round_trip_all_bytes_and_lengths(void **state)
{
    (void)state;
    uint8_t in[300];
    for (size_t i = 0; i < sizeof(in); i++)
        in[i] = (uint8_t)(i * 167 + 13);
    for (size_t n = 0; n <= sizeof(in); n++) {
        char enc[400];
        uint8_t dec[300];
        size_t enc_len = oc_base64_encode(in, n, enc);
        assert_int_equal(enc_len, oc_base64_encoded_len(n));
        size_t dec_len = 0;
        assert_int_equal(oc_base64_decode(enc, enc_len, dec, &dec_len), 0);
        assert_int_equal(dec_len, n);
        if (n > 0)
            assert_memory_equal(dec, in, n);
        assert_int_equal(oc_base64url_encode(in, n, enc), (4 * n + 2) / 3);
    }
}

static void test_rejects_malformed(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        size_t len;
    } bad[] = {
// clang-format off
#define B(lit) {lit, sizeof(lit) - 1}
        /* wrong length */
        B("Z"), B("Zg"), B("Zg="), B("Zm9vY"), B("Zg==="), B("Zm9v\r\nZm9v"),
        /* non-zero bits left over after the last byte */
        B("Zh=="), B("AB=="), B("Zm9="), B("AAB="), B("Zm/="),
        /* padding anywhere but at the end */
        B("=Zm8"), B("Z=m8"), B("Zm=8"), B("===="), B("Z==="), B("Zm9v===="), B("Zg==Zg=="),
        B("Zm8=Zm9v"),
        /* characters outside the standard alphabet */
        B("Zm9-"), B("Zm9_"), B("Zm9 "), B(" Zm9"), B("Zm9\n"), B("Zm\0v"), B("Zm9\xff"),
        B("Zm9\x80"), B("Zm9*"), B("Zm9."), B("Zm9:"), B("Zm9@"), B("Zm9["), B("Zm9`"), B("Zm9{"),
#undef B
        // clang-format on
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        uint8_t out[16];
        size_t out_len = 77;
        int rc = oc_base64_decode(bad[i].s, bad[i].len, out, &out_len);
        if (rc != OC_EPROTO)
            fail_msg("case %zu (%.*s) gave %d", i, (int)bad[i].len, bad[i].s, rc);
        assert_int_equal(out_len, 77);
    }
}

static void test_empty_input(void **state)
{
    (void)state;
    size_t out_len = 77;
    assert_int_equal(oc_base64_decode(NULL, 0, NULL, &out_len), 0);
    assert_int_equal(out_len, 0);
    assert_int_equal(oc_base64_encode(NULL, 0, NULL), 0);
    assert_int_equal(oc_base64url_encode(NULL, 0, NULL), 0);
    assert_int_equal(oc_base64_encoded_len(0), 0);
}

static void test_base64url_decode(void **state)
{
    (void)state;
    /* Round trips of every length, including bytes that use '-' and '_'. */
    unsigned char in[64], out[64];
    char text[100];
    for (size_t n = 0; n < sizeof(in); n++) {
        for (size_t i = 0; i < n; i++)
            in[i] = (unsigned char)(0xfb + i * 37);
        size_t len = oc_base64url_encode(in, n, text);
        size_t got = 999;
        assert_int_equal(oc_base64url_decode(text, len, out, &got), 0);
        assert_int_equal(got, n);
        assert_memory_equal(out, in, n);
    }
    size_t got;
    assert_int_equal(oc_base64url_decode("-_8", 3, out, &got), 0);
    assert_int_equal(got, 2);
    assert_int_equal(out[0], 0xfb);
    assert_int_equal(out[1], 0xff);
    /* The standard alphabet's '+' '/' and padding are not URL-safe base64. */
    assert_int_equal(oc_base64url_decode("+_8", 3, out, &got), OC_EPROTO);
    assert_int_equal(oc_base64url_decode("-/8", 3, out, &got), OC_EPROTO);
    assert_int_equal(oc_base64url_decode("-_8=", 4, out, &got), OC_EPROTO);
    /* A lone character cannot encode a byte; non-zero trailing bits are refused. */
    assert_int_equal(oc_base64url_decode("A", 1, out, &got), OC_EPROTO);
    assert_int_equal(oc_base64url_decode("AB", 2, out, &got), OC_EPROTO);
    assert_int_equal(oc_base64url_decode("", 0, out, &got), 0);
    assert_int_equal(got, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_base64url_decode),
        cmocka_unit_test(test_rfc4648_vectors),
        cmocka_unit_test(test_alphabets_differ_in_62_and_63),
        cmocka_unit_test(test_round_trip_all_bytes_and_lengths),
        cmocka_unit_test(test_rejects_malformed),
        cmocka_unit_test(test_empty_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
