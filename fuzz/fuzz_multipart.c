/* libFuzzer harness for the multipart/form-data parser (src/http/multipart.c).
 *
 * An input whose first line holds a '=' is "Content-Type value\n" + body; any other input is a
 * body with the boundary "XyZ". The body is parsed whole from an exact-size copy, and what
 * must hold for any input is checked: content slices lie inside the input or inside the
 * delimiter, each part's content is exactly the bytes at data_offset, names carry no NUL, and
 * a UTF-8 filename* stays valid. Then the body is parsed again split at two points taken from
 * the data and byte by byte, and the result (status, error and every callback) must be the
 * same each way. */
#include "core/alloc.h"
#include "core/utf8.h"
#include "http/multipart.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A running digest of the callbacks, so runs compare cheaply. */
typedef struct trace {
    const char *body;
    size_t len;
    const oc_multipart_t *p;
    uint64_t hash;
    uint64_t content; /* bytes of the current part checked so far */
} trace_t;

static void mix(trace_t *t, const void *data, size_t len)
{
    const unsigned char *s = data;
    for (size_t i = 0; i < len; i++)
        t->hash = (t->hash ^ s[i]) * 1099511628211ull;
}

static int on_part(const oc_multipart_part_t *part, void *arg)
{
    trace_t *t = arg;
    oc_assert(strlen(part->name) == part->name_len && part->name_len <= OC_MULTIPART_NAME_MAX);
    oc_assert(strlen(part->filename) == part->filename_len);
    oc_assert(part->filename_len <= OC_MULTIPART_FILENAME_MAX);
    oc_assert(part->has_filename || part->filename_len == 0);
    oc_assert(strlen(part->content_type) <= OC_MULTIPART_TYPE_MAX);
    oc_assert(part->data_offset <= t->len && part->data_len == 0);
    t->content = 0;
    mix(t, "P", 1);
    mix(t, part, offsetof(oc_multipart_part_t, data_offset));
    mix(t, &part->data_offset, sizeof(part->data_offset));
    return 0;
}

static int on_data(const oc_multipart_part_t *part, const char *data, size_t len, void *arg)
{
    trace_t *t = arg;
    oc_assert(len > 0);
    const char *delim = t->p->delim;
    bool in_body = data >= t->body && (size_t)(data - t->body) <= t->len - len;
    bool in_delim = data >= delim && data + len <= delim + sizeof(t->p->delim);
    oc_assert(in_body || in_delim);
    /* The content is the body's bytes at data_offset, however it was handed out. */
    uint64_t at = part->data_offset + t->content;
    oc_assert(at + len <= t->len && memcmp(t->body + at, data, len) == 0);
    t->content += len;
    oc_assert(part->data_len == t->content);
    mix(t, data, len);
    return 0;
}

static int on_part_end(const oc_multipart_part_t *part, void *arg)
{
    trace_t *t = arg;
    oc_assert(part->data_len == t->content);
    oc_assert(part->data_offset + part->data_len <= t->len);
    mix(t, "E", 1);
    mix(t, &part->data_len, sizeof(part->data_len));
    return 0;
}

static const oc_multipart_callbacks_t CB = {on_part, on_data, on_part_end};

typedef struct result {
    int rc;
    oc_multipart_error_t error;
    uint64_t hash;
    bool done;
} result_t;

/* Parses body (a copy of exactly len bytes the caller owns) in pieces ending at cuts. */
static result_t parse(const char *boundary, size_t blen, const char *body, size_t len,
                      const size_t *cuts, size_t num_cuts)
{
    oc_multipart_t *p = oc_xmalloc(sizeof(*p));
    trace_t t = {body, len, p, 14695981039346656037ull, 0};
    result_t r = {0};
    r.rc = oc_multipart_init(p, boundary, blen, 8, &CB, &t);
    oc_assert(r.rc == 0);
    size_t at = 0;
    for (size_t i = 0; i <= num_cuts && r.rc == 0; i++) {
        size_t end = i < num_cuts ? cuts[i] : len;
        oc_assert(end >= at && end <= len);
        r.rc = oc_multipart_feed(p, body + at, end - at);
        at = end;
    }
    r.done = oc_multipart_done(p);
    if (r.rc == 0)
        r.rc = oc_multipart_finish(p);
    oc_assert((r.rc == 0) == (p->error == OC_MP_OK));
    r.error = p->error;
    r.hash = t.hash;
    free(p);
    return r;
}

static bool same(result_t a, result_t b)
{
    return a.rc == b.rc && a.error == b.error && a.done == b.done &&
           (a.rc != 0 || a.hash == b.hash);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *in = (const char *)data;
    char boundary[OC_MULTIPART_BOUNDARY_MAX + 1] = "XyZ";
    size_t blen = 3;
    const char *nl = memchr(in, '\n', size < 256 ? size : 256);
    if (nl != NULL && memchr(in, '=', (size_t)(nl - in)) != NULL) {
        size_t ct_len = (size_t)(nl - in);
        char *ct = oc_xmalloc(ct_len ? ct_len : 1);
        memcpy(ct, in, ct_len);
        int rc = oc_multipart_boundary(ct, ct_len, boundary, &blen);
        free(ct);
        if (rc != 0)
            return 0;
        oc_assert(blen >= 1 && blen <= OC_MULTIPART_BOUNDARY_MAX && strlen(boundary) == blen);
        in = nl + 1;
        size -= ct_len + 1;
    }
    char *body = oc_xmalloc(size ? size : 1);
    memcpy(body, in, size);

    result_t whole = parse(boundary, blen, body, size, NULL, 0);
    size_t cuts[2] = {size ? (size_t)data[0] % (size + 1) : 0,
                      size ? (size_t)data[size - 1] * 7 % (size + 1) : 0};
    if (cuts[0] > cuts[1]) {
        size_t tmp = cuts[0];
        cuts[0] = cuts[1];
        cuts[1] = tmp;
    }
    oc_assert(same(whole, parse(boundary, blen, body, size, cuts, 2)));
    if (size <= 4096) {
        size_t *each = oc_xmalloc((size ? size : 1) * sizeof(*each));
        for (size_t i = 0; i < size; i++)
            each[i] = i;
        oc_assert(same(whole, parse(boundary, blen, body, size, each, size)));
        free(each);
    }
    free(body);
    return 0;
}
