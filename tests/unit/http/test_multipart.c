/* Tests for src/http/multipart.c: the boundary from a Content-Type, whole bodies (parts,
 * names, file names in both spellings, content in place), the same bodies fed split at every
 * point and byte by byte (the result must not depend on how the bytes arrive), and one body
 * per refusal with its exact code, the limits included. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/buf.h"
#include "core/errors.h"
#include "http/multipart.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the boundary ---------------------------------------------------------------------- */

static int boundary(const char *ct, char *out)
{
    size_t len = 0;
    int rc = oc_multipart_boundary(ct, strlen(ct), out, &len);
    if (rc == 0)
        assert_int_equal(len, strlen(out));
    return rc;
}

static void test_boundary_found(void **state)
{
    (void)state;
    char b[OC_MULTIPART_BOUNDARY_MAX + 1];
    assert_int_equal(boundary("multipart/form-data; boundary=abc", b), 0);
    assert_string_equal(b, "abc");
    assert_int_equal(boundary("Multipart/Form-Data;BOUNDARY=\"a b:c?\"", b), 0);
    assert_string_equal(b, "a b:c?");
    assert_int_equal(
        boundary("multipart/form-data; charset=utf-8; boundary=----WebKitFormBoundaryX1", b), 0);
    assert_string_equal(b, "----WebKitFormBoundaryX1");
    assert_int_equal(boundary("multipart/form-data; boundary=\"q\\\"\"; x=\"long\"", b),
                     OC_EINVAL); /* '"' is no boundary character */
    char max[80];
    memset(max, 'x', 70);
    max[70] = '\0';
    char ct[160];
    snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%s", max);
    assert_int_equal(boundary(ct, b), 0);
    assert_string_equal(b, max);
    /* another parameter may be as long as it likes */
    char other[400];
    snprintf(other, sizeof(other), "multipart/form-data; x=\"%s%s%s%s\"; boundary=z", max, max, max,
             max);
    assert_int_equal(boundary(other, b), 0);
    assert_string_equal(b, "z");
}

static void test_boundary_refused(void **state)
{
    (void)state;
    char b[OC_MULTIPART_BOUNDARY_MAX + 1];
    assert_int_equal(boundary("application/json", b), OC_ENOTSUP);
    assert_int_equal(boundary("multipart/mixed; boundary=abc", b), OC_ENOTSUP);
    assert_int_equal(boundary("multipart", b), OC_ENOTSUP);
    assert_int_equal(boundary("", b), OC_ENOTSUP);
    assert_int_equal(boundary("multipart/form-data", b), OC_EINVAL);
    assert_int_equal(boundary("multipart/form-data; charset=utf-8", b), OC_EINVAL);
    assert_int_equal(boundary("multipart/form-data; boundary=", b), OC_EINVAL);
    assert_int_equal(boundary("multipart/form-data; boundary=\"\"", b), OC_EINVAL);
    assert_int_equal(boundary("multipart/form-data; boundary=\"ab \"", b), OC_EINVAL);
    assert_int_equal(boundary("multipart/form-data; boundary=\"a\x01\"", b), OC_EINVAL);
    assert_int_equal(boundary("multipart/form-data; boundary=\"a;b\"", b), OC_EINVAL);
    assert_int_equal(boundary("multipart/form-data; boundary=a; boundary=b", b), OC_EINVAL);
    assert_int_equal(boundary("multipart/form-data; boundary=\"abc", b), OC_EINVAL);
    assert_int_equal(boundary("multipart/form-data boundary=abc", b), OC_EINVAL);
    assert_int_equal(boundary("multipart/form-data; boundary", b), OC_EINVAL);
    assert_int_equal(boundary("multipart/form-data; =abc", b), OC_EINVAL);
    char ct[160], long_b[80];
    memset(long_b, 'x', 71);
    long_b[71] = '\0';
    snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%s", long_b);
    assert_int_equal(boundary(ct, b), OC_EINVAL);
}

/* ---- a recorder ------------------------------------------------------------------------ */

/* What the callbacks saw, as text, so two runs compare with one string comparison. */
typedef struct record {
    oc_buf_t log;
    int stop_at; /* on_part of this index returns OC_EPERM (-1: never) */
    uint64_t offsets[8], lens[8];
} record_t;

static int rec_part(const oc_multipart_part_t *p, void *arg)
{
    record_t *r = arg;
    oc_buf_printf(&r->log, "<part %u name=[%s] file=%d[%s] type=[%s]>", p->index, p->name,
                  p->has_filename, p->filename, p->content_type);
    return (int)p->index == r->stop_at ? OC_EPERM : 0;
}

static int rec_data(const oc_multipart_part_t *p, const char *data, size_t len, void *arg)
{
    (void)p;
    record_t *r = arg;
    oc_buf_append(&r->log, data, len);
    return 0;
}

static int rec_end(const oc_multipart_part_t *p, void *arg)
{
    record_t *r = arg;
    oc_buf_printf(&r->log, "</part %u len=%llu>", p->index, (unsigned long long)p->data_len);
    if (p->index < 8) {
        r->offsets[p->index] = p->data_offset;
        r->lens[p->index] = p->data_len;
    }
    return 0;
}

static const oc_multipart_callbacks_t REC = {rec_part, rec_data, rec_end};

typedef struct outcome {
    int rc;
    oc_multipart_error_t error;
    char *log;
} outcome_t;

/* Parses body in pieces cut at the given points (ascending, inside the body). */
static outcome_t run_cuts(const char *body, size_t len, const size_t *cuts, size_t num_cuts,
                          unsigned max_parts, record_t *r)
{
    oc_multipart_t *p = malloc(sizeof(*p));
    assert_int_equal(oc_multipart_init(p, "XyZ", 3, max_parts, &REC, r), 0);
    int rc = 0;
    size_t at = 0;
    for (size_t i = 0; i <= num_cuts && rc == 0; i++) {
        size_t end = i < num_cuts ? cuts[i] : len;
        /* Each piece in its own exact-size buffer, so a read past it is caught. */
        char *piece = malloc(end - at + 1);
        memcpy(piece, body + at, end - at);
        rc = oc_multipart_feed(p, piece, end - at);
        free(piece);
        at = end;
    }
    if (rc == 0)
        rc = oc_multipart_finish(p);
    outcome_t o = {rc, p->error, NULL};
    oc_buf_append_char(&r->log, '\0');
    o.log = oc_buf_steal(&r->log, NULL);
    free(p);
    return o;
}

static outcome_t run(const char *body, size_t len, unsigned max_parts)
{
    record_t r = {.stop_at = -1};
    return run_cuts(body, len, NULL, 0, max_parts, &r);
}

/* The body parses the same whole, cut once at every point, cut twice at every pair of points
 * (short bodies) and fed byte by byte; returns the whole-body outcome. */
static outcome_t run_every_way(const char *body, size_t len, unsigned max_parts)
{
    outcome_t whole = run(body, len, max_parts);
    for (size_t k = 0; k <= len; k++) {
        record_t r = {.stop_at = -1};
        outcome_t o = run_cuts(body, len, &k, 1, max_parts, &r);
        assert_int_equal(o.rc, whole.rc);
        assert_int_equal(o.error, whole.error);
        if (whole.rc == 0)
            assert_string_equal(o.log, whole.log);
        free(o.log);
    }
    if (len <= 400) {
        for (size_t a = 1; a < len; a++) {
            for (size_t b = a; b < len; b++) {
                size_t cuts[2] = {a, b};
                record_t r = {.stop_at = -1};
                outcome_t o = run_cuts(body, len, cuts, 2, max_parts, &r);
                assert_int_equal(o.rc, whole.rc);
                if (whole.rc == 0)
                    assert_string_equal(o.log, whole.log);
                free(o.log);
            }
        }
    }
    size_t *bytes = malloc((len ? len : 1) * sizeof(*bytes));
    for (size_t i = 0; i + 1 < len; i++)
        bytes[i] = i + 1;
    record_t r = {.stop_at = -1};
    outcome_t o = run_cuts(body, len, bytes, len ? len - 1 : 0, max_parts, &r);
    free(bytes);
    assert_int_equal(o.rc, whole.rc);
    assert_int_equal(o.error, whole.error);
    if (whole.rc == 0)
        assert_string_equal(o.log, whole.log);
    free(o.log);
    return whole;
}

#define BODY(s) s, sizeof(s) - 1

/* ---- whole bodies ---------------------------------------------------------------------- */

static void test_two_parts(void **state)
{
    (void)state;
    static const char body[] =
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=\"note\"\r\n"
        "\r\n"
        "hello\r\n"
        "--XyZ\r\n"
        "content-disposition: form-data; name=\"file\"; filename=\"a b.txt\"\r\n"
        "Content-Type: text/plain\r\n"
        "X-Other: ignored\r\n"
        "\r\n"
        "line\r\n--XyX\r\n-\r\r\n--Xy\r\n\r\n--\r\n"
        "\r\n"
        "--XyZ--\r\n";
    outcome_t o = run_every_way(BODY(body), 4);
    assert_int_equal(o.rc, 0);
    assert_string_equal(o.log, "<part 0 name=[note] file=0[] type=[]>hello</part 0 len=5>"
                               "<part 1 name=[file] file=1[a b.txt] type=[text/plain]>"
                               "line\r\n--XyX\r\n-\r\r\n--Xy\r\n\r\n--\r\n</part 1 len=29>");
    free(o.log);
}

static void test_offsets_point_into_the_body(void **state)
{
    (void)state;
    static const char body[] = "--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n"
                               "first\r\n--XyZ\r\nContent-Disposition: form-data; name=b\r\n\r\n"
                               "\r\n--XyZ--";
    record_t r = {.stop_at = -1};
    outcome_t o = run_cuts(BODY(body), NULL, 0, 4, &r);
    assert_int_equal(o.rc, 0);
    free(o.log);
    assert_int_equal(r.lens[0], 5);
    assert_memory_equal(body + r.offsets[0], "first", 5);
    assert_int_equal(r.lens[1], 0); /* an empty part */
    assert_memory_equal(body + r.offsets[1], "\r\n--XyZ--", 9);
}

static void test_preamble_padding_epilogue(void **state)
{
    (void)state;
    static const char body[] = "This is the preamble.\r\n--XyZ not quite\r\n"
                               "--XyZ \t\r\n"
                               "Content-Disposition: form-data; name=x\r\n\r\n"
                               "1\r\n"
                               "--XyZ-- \r\n"
                               "epilogue --XyZ garbage";
    (void)body;
    /* "--XyZ not quite" is a boundary followed by something else: refused even in the
     * preamble, since the boundary may occur nowhere else. */
    outcome_t o = run_every_way(BODY(body), 4);
    assert_int_equal(o.rc, OC_EPROTO);
    assert_int_equal(o.error, OC_MP_BAD_DELIMITER);
    free(o.log);

    static const char ok[] = "preamble\r\n"
                             "--XyZ \t\r\n"
                             "Content-Disposition: form-data; name=x\r\n\r\n"
                             "1\r\n"
                             "--XyZ-- \r\n"
                             "epilogue --XyZ garbage";
    o = run_every_way(BODY(ok), 4);
    assert_int_equal(o.rc, 0);
    assert_string_equal(o.log, "<part 0 name=[x] file=0[] type=[]>1</part 0 len=1>");
    free(o.log);
}

static void test_no_parts_and_bare_close(void **state)
{
    (void)state;
    outcome_t o = run_every_way(BODY("--XyZ--"), 4);
    assert_int_equal(o.rc, 0);
    assert_string_equal(o.log, "");
    free(o.log);
    o = run_every_way(BODY("--XyZ--\r"), 4); /* a CRLF begun and not finished */
    assert_int_equal(o.error, OC_MP_TRUNCATED);
    free(o.log);
}

static void test_filenames(void **state)
{
    (void)state;
    /* filename* wins in either order; ISO-8859-1 becomes UTF-8; curl's escapes; raw UTF-8
     * and a backslash path as browsers send them. */
    static const char body[] =
        "--XyZ\r\nContent-Disposition: form-data; name=a; filename*=UTF-8''%C3%A9t%C3%A9.txt; "
        "filename=\"plain.txt\"\r\n\r\n\r\n"
        "--XyZ\r\nContent-Disposition: form-data; name=b; filename=\"plain\"; "
        "filename*=iso-8859-1'en'caf%E9\r\n\r\n\r\n"
        "--XyZ\r\nContent-Disposition: form-data; name=c; filename=\"q\\\"uote\\\\d\"\r\n\r\n\r\n"
        "--XyZ\r\nContent-Disposition: form-data; name=d; filename=\"C:\\dir\\\xc3\xa9.png\";\r\n"
        "\r\n\r\n"
        "--XyZ\r\nContent-Disposition: form-data; name=\"\"; filename=\"\"\r\n\r\n\r\n"
        "--XyZ--";
    outcome_t o = run_every_way(BODY(body), 8);
    assert_int_equal(o.rc, 0);
    assert_string_equal(o.log, "<part 0 name=[a] file=1[\xc3\xa9t\xc3\xa9.txt] type=[]></part 0 "
                               "len=0>"
                               "<part 1 name=[b] file=1[caf\xc3\xa9] type=[]></part 1 len=0>"
                               "<part 2 name=[c] file=1[q\"uote\\d] type=[]></part 2 len=0>"
                               "<part 3 name=[d] file=1[C:\\dir\\\xc3\xa9.png] type=[]></part 3 "
                               "len=0>"
                               "<part 4 name=[] file=1[] type=[]></part 4 len=0>");
    free(o.log);
}

/* ---- refusals -------------------------------------------------------------------------- */

static void refused(const char *body, size_t len, int rc, oc_multipart_error_t e)
{
    outcome_t o = run_every_way(body, len, 4);
    if (o.rc != rc || o.error != e)
        fail_msg("expected %d/%d, got %d/%d for: %s", rc, e, o.rc, o.error, body);
    free(o.log);
}

#define CD "Content-Disposition: form-data; name=f"

static void test_malformed(void **state)
{
    (void)state;
    refused(BODY(""), OC_EPROTO, OC_MP_TRUNCATED);
    refused(BODY("no boundary here"), OC_EPROTO, OC_MP_TRUNCATED);
    refused(BODY("--XyZ\r\n" CD "\r\n\r\ncontent"), OC_EPROTO, OC_MP_TRUNCATED);
    refused(BODY("--XyZ\r\n" CD "\r\n\r\ncontent\r\n--XyZ"), OC_EPROTO, OC_MP_TRUNCATED);
    refused(BODY("--XyZ\r\n" CD "\r\n"), OC_EPROTO, OC_MP_TRUNCATED);
    refused(BODY("--XyZ\r\n" CD "\r\n\r\nx\r\n--XyZ-\r\n"), OC_EPROTO, OC_MP_BAD_DELIMITER);
    refused(BODY("--XyZ\r\n" CD "\r\n\r\nx\r\n--XyZZ\r\n--XyZ--"), OC_EPROTO, OC_MP_BAD_DELIMITER);
    refused(BODY("--XyZ\n" CD "\r\n\r\nx\r\n--XyZ--"), OC_EPROTO, OC_MP_BAD_DELIMITER);
    refused(BODY("--XyZ\r\r\n"), OC_EPROTO, OC_MP_BAD_DELIMITER);
    refused(BODY("--XyZ--x"), OC_EPROTO, OC_MP_BAD_DELIMITER);
    refused(BODY("--XyZ--\r\r"), OC_EPROTO, OC_MP_BAD_DELIMITER);
    refused(BODY("--XyZ\r\n" CD "\n\r\nx\r\n--XyZ--"), OC_EPROTO, OC_MP_BAD_HEADER);
    refused(BODY("--XyZ\r\n" CD "\r\r\nx\r\n--XyZ--"), OC_EPROTO, OC_MP_BAD_HEADER);
    refused(BODY("--XyZ\r\n" CD "\r\n folded\r\n\r\nx\r\n--XyZ--"), OC_EPROTO, OC_MP_BAD_HEADER);
    refused(BODY("--XyZ\r\n" CD "\r\nno colon\r\n\r\n--XyZ--"), OC_EPROTO, OC_MP_BAD_HEADER);
    refused(BODY("--XyZ\r\n" CD "\r\n: empty name\r\n\r\n--XyZ--"), OC_EPROTO, OC_MP_BAD_HEADER);
    refused(BODY("--XyZ\r\n" CD "\r\nBad Name: x\r\n\r\n--XyZ--"), OC_EPROTO, OC_MP_BAD_HEADER);
    refused(BODY("--XyZ\r\n" CD "\x01\r\n\r\n--XyZ--"), OC_EPROTO, OC_MP_BAD_HEADER);
    refused(BODY("--XyZ\r\n\r\nx\r\n--XyZ--"), OC_EPROTO, OC_MP_NO_DISPOSITION);
    refused(BODY("--XyZ\r\nContent-Type: text/plain\r\n\r\nx\r\n--XyZ--"), OC_EPROTO,
            OC_MP_NO_DISPOSITION);
    refused(BODY("--XyZ\r\n" CD "\r\n" CD "\r\n\r\n--XyZ--"), OC_EPROTO, OC_MP_DUPLICATE_HEADER);
    refused(BODY("--XyZ\r\n" CD "\r\nContent-Type: a/b\r\ncontent-type: a/b\r\n\r\n--XyZ--"),
            OC_EPROTO, OC_MP_DUPLICATE_HEADER);
    refused(BODY("--XyZ\r\nContent-Disposition: attachment; name=f\r\n\r\n--XyZ--"), OC_EPROTO,
            OC_MP_BAD_DISPOSITION);
    refused(BODY("--XyZ\r\nContent-Disposition: form-data\r\n\r\n--XyZ--"), OC_EPROTO,
            OC_MP_BAD_DISPOSITION);
    refused(BODY("--XyZ\r\nContent-Disposition: form-data; name=a; name=b\r\n\r\n--XyZ--"),
            OC_EPROTO, OC_MP_BAD_DISPOSITION);
    refused(BODY("--XyZ\r\nContent-Disposition: form-data; name=\"a\r\n\r\n--XyZ--"), OC_EPROTO,
            OC_MP_BAD_DISPOSITION);
    refused(BODY("--XyZ\r\nContent-Disposition: form-data; name=a filename=b\r\n\r\n--XyZ--"),
            OC_EPROTO, OC_MP_BAD_DISPOSITION);
    refused(BODY("--XyZ\r\nContent-Disposition: form-data; name=a; filename=x; filename=y\r\n"
                 "\r\n--XyZ--"),
            OC_EPROTO, OC_MP_BAD_DISPOSITION);
    refused(BODY("--XyZ\r\n" CD "; filename*=UTF-8''%ZZ\r\n\r\n--XyZ--"), OC_EPROTO,
            OC_MP_BAD_FILENAME);
    refused(BODY("--XyZ\r\n" CD "; filename*=UTF-8''a%00b\r\n\r\n--XyZ--"), OC_EPROTO,
            OC_MP_BAD_FILENAME);
    refused(BODY("--XyZ\r\n" CD "; filename*=UTF-8''%C3\r\n\r\n--XyZ--"), OC_EPROTO,
            OC_MP_BAD_FILENAME);
    refused(BODY("--XyZ\r\n" CD "; filename*=KOI8-R''abc\r\n\r\n--XyZ--"), OC_EPROTO,
            OC_MP_BAD_FILENAME);
    refused(BODY("--XyZ\r\n" CD "; filename*=abc\r\n\r\n--XyZ--"), OC_EPROTO, OC_MP_BAD_FILENAME);
    refused(BODY("--XyZ\r\n" CD "; filename*=\"UTF-8''abc\"\r\n\r\n--XyZ--"), OC_EPROTO,
            OC_MP_BAD_FILENAME);
    refused(BODY("--XyZ\r\n" CD "; filename*=UTF-8'e\"n'abc\r\n\r\n--XyZ--"), OC_EPROTO,
            OC_MP_BAD_FILENAME); /* '"' ends the token: "UTF-8'e" lacks its second quote */
    refused(BODY("--XyZ\r\n" CD "; filename*=UTF-8'e n'abc\r\n\r\n--XyZ--"), OC_EPROTO,
            OC_MP_BAD_FILENAME);
    refused(BODY("--XyZ\r\n" CD "\r\nContent-Transfer-Encoding: base64\r\n\r\n--XyZ--"), OC_EPROTO,
            OC_MP_BAD_ENCODING);
}

static void test_encodings_allowed(void **state)
{
    (void)state;
    outcome_t o = run_every_way(
        BODY("--XyZ\r\n" CD "\r\nContent-Transfer-Encoding: Binary\r\n\r\nx\r\n--XyZ--"), 4);
    assert_int_equal(o.rc, 0);
    free(o.log);
}

static char *repeat(const char *head, char c, size_t n, const char *tail)
{
    size_t hl = strlen(head), tl = strlen(tail);
    char *s = malloc(hl + n + tl + 1);
    memcpy(s, head, hl);
    memset(s + hl, c, n);
    memcpy(s + hl + n, tail, tl + 1);
    return s;
}

static void test_limits(void **state)
{
    (void)state;
    /* The header block: exactly at the limit passes, one byte more is refused. */
    const char *pre = "--XyZ\r\n" CD "\r\nX-Pad: ";
    size_t fixed = strlen(CD "\r\nX-Pad: \r\n\r\n");
    char *at = repeat(pre, 'a', OC_MULTIPART_HEAD_MAX - fixed, "\r\n\r\nx\r\n--XyZ--");
    outcome_t o = run(at, strlen(at), 4);
    assert_int_equal(o.rc, 0);
    free(o.log);
    free(at);
    char *over = repeat(pre, 'a', OC_MULTIPART_HEAD_MAX - fixed + 1, "\r\n\r\nx\r\n--XyZ--");
    o = run(over, strlen(over), 4);
    assert_int_equal(o.rc, OC_E2BIG);
    assert_int_equal(o.error, OC_MP_HEADER_TOO_LARGE);
    free(o.log);
    free(over);
    /* Headers that never end. */
    char *endless = repeat("--XyZ\r\n", 'a', 10000, "");
    o = run(endless, strlen(endless), 4);
    assert_int_equal(o.error, OC_MP_HEADER_TOO_LARGE);
    free(o.log);
    free(endless);
    /* A field name over its limit, and one exactly at it. */
    char *name = repeat("--XyZ\r\nContent-Disposition: form-data; name=", 'n',
                        OC_MULTIPART_NAME_MAX + 1, "\r\n\r\n--XyZ--");
    o = run(name, strlen(name), 4);
    assert_int_equal(o.rc, OC_E2BIG);
    assert_int_equal(o.error, OC_MP_VALUE_TOO_LONG);
    free(o.log);
    free(name);
    name = repeat("--XyZ\r\nContent-Disposition: form-data; name=", 'n', OC_MULTIPART_NAME_MAX,
                  "\r\n\r\n\r\n--XyZ--");
    o = run(name, strlen(name), 4);
    assert_int_equal(o.rc, 0);
    free(o.log);
    free(name);
    char *file = repeat("--XyZ\r\n" CD "; filename=\"", 'f', OC_MULTIPART_FILENAME_MAX + 1,
                        "\"\r\n\r\n--XyZ--");
    o = run(file, strlen(file), 4);
    assert_int_equal(o.error, OC_MP_VALUE_TOO_LONG);
    free(o.log);
    free(file);
    char *type = repeat("--XyZ\r\n" CD "\r\nContent-Type: a/", 't', OC_MULTIPART_TYPE_MAX,
                        "\r\n\r\n--XyZ--");
    o = run(type, strlen(type), 4);
    assert_int_equal(o.error, OC_MP_VALUE_TOO_LONG);
    free(o.log);
    free(type);
    /* Parts: two allowed, the third refused. */
    static const char three[] = "--XyZ\r\n" CD "\r\n\r\n\r\n--XyZ\r\n" CD "\r\n\r\n\r\n"
                                "--XyZ\r\n" CD "\r\n\r\n\r\n--XyZ--";
    o = run(BODY(three), 3);
    assert_int_equal(o.rc, 0);
    free(o.log);
    o = run(BODY(three), 2);
    assert_int_equal(o.rc, OC_E2BIG);
    assert_int_equal(o.error, OC_MP_TOO_MANY_PARTS);
    free(o.log);
}

static void test_callback_stops(void **state)
{
    (void)state;
    static const char body[] = "--XyZ\r\n" CD "\r\n\r\n1\r\n--XyZ\r\n" CD "\r\n\r\n2\r\n--XyZ--";
    record_t r = {.stop_at = 1};
    outcome_t o = run_cuts(BODY(body), NULL, 0, 4, &r);
    assert_int_equal(o.rc, OC_EPERM);
    assert_int_equal(o.error, OC_MP_STOPPED);
    free(o.log);
    /* Sticky: feeding more repeats the error. */
    oc_multipart_t *p = malloc(sizeof(*p));
    record_t r2 = {.stop_at = 0};
    assert_int_equal(oc_multipart_init(p, "XyZ", 3, 4, &REC, &r2), 0);
    assert_int_equal(oc_multipart_feed(p, BODY(body)), OC_EPERM);
    assert_int_equal(oc_multipart_feed(p, "x", 1), OC_EPERM);
    assert_int_equal(oc_multipart_finish(p), OC_EPERM);
    assert_false(oc_multipart_done(p));
    oc_buf_free(&r2.log);
    free(p);
}

static void test_init_and_messages(void **state)
{
    (void)state;
    oc_multipart_t *p = malloc(sizeof(*p));
    assert_int_equal(oc_multipart_init(p, "", 0, 4, NULL, NULL), OC_EINVAL);
    char long_b[80];
    memset(long_b, 'b', sizeof(long_b));
    assert_int_equal(oc_multipart_init(p, long_b, 71, 4, NULL, NULL), OC_EINVAL);
    assert_int_equal(oc_multipart_init(p, "a\rb", 3, 4, NULL, NULL), OC_EINVAL);
    /* No callbacks at all is fine. */
    static const char body[] = "--b\r\n" CD "\r\n\r\nx\r\n--b--";
    assert_int_equal(oc_multipart_parse(p, "b", 1, 4, NULL, NULL, BODY(body)), 0);
    assert_true(oc_multipart_done(p));
    for (int e = 0; e < OC_MP_ERROR_COUNT; e++)
        assert_non_null(oc_multipart_error_message((oc_multipart_error_t)e));
    assert_string_equal(oc_multipart_error_message(OC_MP_TRUNCATED),
                        "the body ends before its final boundary");
    assert_string_equal(oc_multipart_error_message((oc_multipart_error_t)99), "unknown error");
    free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_boundary_found),
        cmocka_unit_test(test_boundary_refused),
        cmocka_unit_test(test_two_parts),
        cmocka_unit_test(test_offsets_point_into_the_body),
        cmocka_unit_test(test_preamble_padding_epilogue),
        cmocka_unit_test(test_no_parts_and_bare_close),
        cmocka_unit_test(test_filenames),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_encodings_allowed),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_callback_stops),
        cmocka_unit_test(test_init_and_messages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
