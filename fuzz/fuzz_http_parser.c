/* libFuzzer harness for the HTTP/1.1 request parser (src/http/parser.c).
 *
 * Parses the input as a request head and checks what must hold for any input: every slice lies
 * inside the head, the limits are honoured, and the answer does not depend on how the bytes
 * were split. Then it runs the chunked decoder on the body (or on the whole input when there is
 * no valid head, so the decoder is fuzzed on raw framing too), whole, split at a point taken from
 * the data, and byte by byte, and requires the same result each way. */
#include "core/alloc.h"
#include "core/errors.h"
#include "http/parser.h"

#include <string.h>

#define FUZZ_MAX_HEAD 2048

static bool inside(const char *base, size_t len, const char *p, size_t n)
{
    return p >= base && n <= len && (size_t)(p - base) <= len - n;
}

static bool is_ows(char c)
{
    return c == ' ' || c == '\t';
}

static void check_head(const char *buf, size_t head_len, const oc_http_request_head_t *h)
{
    oc_assert(head_len >= 16); /* "A / HTTP/1.1\r\n\r\n" */
    oc_assert(memcmp(buf + head_len - 4, "\r\n\r\n", 4) == 0);
    oc_assert(h->method_len > 0 && inside(buf, head_len, h->method_str, h->method_len));
    if (h->method != OC_HTTP_OTHER) {
        const char *name = oc_http_method_name(h->method);
        oc_assert(strlen(name) == h->method_len);
        oc_assert(memcmp(name, h->method_str, h->method_len) == 0);
    }
    oc_assert(h->target_len > 0 && inside(buf, head_len, h->target, h->target_len));
    oc_assert(inside(h->target, h->target_len, h->path, h->path_len));
    if (h->query) {
        oc_assert(inside(h->target, h->target_len, h->query, h->query_len));
        oc_assert(h->query[-1] == '?' && h->query + h->query_len == h->target + h->target_len);
        oc_assert(h->path + h->path_len == h->query - 1);
    } else {
        oc_assert(h->query_len == 0);
    }
    for (size_t i = 0; i < h->target_len; i++)
        oc_assert(h->target[i] > 0x20 && h->target[i] < 0x7f);
    oc_assert(h->minor_version == 0 || h->minor_version == 1);

    oc_assert(h->num_headers <= OC_HTTP_MAX_HEADERS);
    for (size_t i = 0; i < h->num_headers; i++) {
        const oc_http_header_t *f = &h->headers[i];
        oc_assert(f->name_len > 0 && inside(buf, head_len, f->name, f->name_len));
        oc_assert(inside(buf, head_len, f->value, f->value_len));
        oc_assert(f->value > f->name + f->name_len);
        oc_assert(f->name[f->name_len] == ':');
        if (f->value_len > 0)
            oc_assert(!is_ows(f->value[0]) && !is_ows(f->value[f->value_len - 1]));
        for (size_t j = 0; j < f->value_len; j++) {
            unsigned char c = (unsigned char)f->value[j];
            oc_assert((c >= 0x20 && c != 0x7f) || c == '\t');
        }
    }
    oc_assert(h->content_length >= -1 && h->content_length <= 999999999999999999LL);
    oc_assert(!(h->chunked && h->content_length >= 0));
    oc_assert(!h->chunked || h->minor_version == 1);
    oc_assert(!h->upgrade || oc_http_header_find(h, "upgrade") != NULL);
    oc_assert(!h->expect_continue || h->minor_version == 1);
}

static void check_helpers(const oc_http_request_head_t *h)
{
    const char *val;
    size_t val_len;
    if (oc_http_query_get(h->query, h->query_len, "a", &val, &val_len))
        oc_assert(inside(h->query, h->query_len, val, val_len));
    oc_buf_t out = OC_BUF_INIT;
    int rc = oc_http_url_decode(h->path, h->path_len, false, &out);
    oc_assert(rc == 0 || rc == OC_EPROTO);
    oc_assert(out.len <= h->path_len && (rc == 0 || out.len == 0));
    rc = oc_http_url_decode(h->query, h->query_len, true, &out);
    oc_assert(rc == 0 || rc == OC_EPROTO);
    oc_buf_free(&out);
    for (size_t i = 0; i < h->num_headers; i++)
        (void)oc_http_value_has_token(h->headers[i].value, h->headers[i].value_len, "close");
}

typedef struct decoded {
    int rc;
    size_t consumed;
    oc_buf_t body;
} decoded_t;

/* Feeds body[0..len) in pieces: `first` bytes (may be 0), then at most `step` bytes each. */
static void decode(const char *body, size_t len, size_t first, size_t step, size_t max_body,
                   decoded_t *d)
{
    oc_http_chunked_t st;
    oc_http_chunked_init(&st);
    d->rc = OC_EAGAIN;
    d->consumed = 0;
    d->body = (oc_buf_t)OC_BUF_INIT;
    size_t off = 0;
    for (bool first_piece = true; (first_piece || off < len) && d->rc == OC_EAGAIN;
         first_piece = false) {
        size_t n = first_piece ? first : OC_MIN(step, len - off);
        size_t used = SIZE_MAX;
        d->rc = oc_http_chunked_decode(&st, body + off, n, &used, &d->body, max_body);
        oc_assert(used <= n);
        oc_assert(d->rc != OC_EAGAIN || used == n);
        oc_assert(d->rc == 0 || d->rc == OC_EAGAIN || d->rc == OC_EPROTO || d->rc == OC_E2BIG);
        d->consumed += used;
        off += n;
    }
    oc_assert(d->body.len <= max_body);
    if (d->rc == 0) { /* done stays done */
        size_t used = SIZE_MAX;
        oc_assert(oc_http_chunked_decode(&st, "0\r\n\r\n", 5, &used, &d->body, max_body) == 0);
        oc_assert(used == 0);
    }
}

static void check_same(const decoded_t *a, const decoded_t *b)
{
    oc_assert(a->rc == b->rc && a->consumed == b->consumed && a->body.len == b->body.len);
    oc_assert(a->body.len == 0 || memcmp(a->body.data, b->body.data, a->body.len) == 0);
}

static void check_chunked(const char *body, size_t len, size_t cut, size_t max_body)
{
    decoded_t whole, split, bytes;
    decode(body, len, len, len, max_body, &whole);
    oc_assert(whole.consumed <= len);
    decode(body, len, cut, len, max_body, &split);
    check_same(&whole, &split);
    oc_buf_free(&split.body);
    if (len <= 4096) {
        decode(body, len, OC_MIN(len, 1), 1, max_body, &bytes);
        check_same(&whole, &bytes);
        oc_buf_free(&bytes.body);
    }
    oc_buf_free(&whole.body);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *buf = (const char *)data;
    /* A split point and a body limit taken from the data, so the fuzzer can steer them. */
    size_t cut = size ? (size_t)data[size - 1] * size / 256 : 0;
    size_t max_body = size ? (size_t)data[size / 2] * 8 : 0;

    oc_http_request_head_t h, h2;
    size_t head_len = SIZE_MAX, head_len2 = SIZE_MAX;
    int rc = oc_http_parse_head(buf, size, FUZZ_MAX_HEAD, &h, &head_len);
    oc_assert(rc == 0 || rc == OC_EAGAIN || rc == OC_E2BIG || rc == OC_EPROTO || rc == OC_ENOTSUP);
    oc_assert(rc != OC_EAGAIN || size < FUZZ_MAX_HEAD);

    /* A prefix never contradicts the whole: it waits, or it already knows the same answer. */
    int rc2 = oc_http_parse_head(buf, cut, FUZZ_MAX_HEAD, &h2, &head_len2);
    if (rc == 0 && cut < head_len)
        oc_assert(rc2 == OC_EAGAIN);
    else if (rc == 0)
        oc_assert(rc2 == 0 && head_len2 == head_len);
    else
        oc_assert(rc2 == OC_EAGAIN || rc2 == rc);

    if (rc != 0) {
        check_chunked(buf, size, cut, max_body);
        return 0;
    }

    oc_assert(head_len <= size && head_len <= FUZZ_MAX_HEAD);
    check_head(buf, head_len, &h);
    check_helpers(&h);
    /* The head fits a limit of exactly its size, and not one byte less. */
    oc_assert(oc_http_parse_head(buf, size, head_len, &h2, &head_len2) == 0);
    oc_assert(head_len2 == head_len && h2.num_headers == h.num_headers);
    oc_assert(h2.content_length == h.content_length && h2.chunked == h.chunked);
    oc_assert(h2.keep_alive == h.keep_alive && h2.upgrade == h.upgrade);
    oc_assert(oc_http_parse_head(buf, size, head_len - 1, &h2, &head_len2) == OC_E2BIG);

    if (h.chunked) {
        size_t body_len = size - head_len;
        check_chunked(buf + head_len, body_len, body_len ? cut % (body_len + 1) : 0, max_body);
    }
    return 0;
}
