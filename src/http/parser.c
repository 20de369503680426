/* HTTP/1.1 request parser: see parser.h. */
#include "http/parser.h"

#include "core/alloc.h"
#include "core/errors.h"

#include <string.h>

/* Byte classes, one table lookup per byte on the hot path. Built at compile time from the
 * RFC 9110 grammar so the table cannot drift from its definition. */
enum {
    C_TOKEN = 1,  /* tchar: VCHAR except delimiters */
    C_TARGET = 2, /* VCHAR: what a request-target may hold (no CTL, SP or obs-text) */
    C_VALUE = 4,  /* field-vchar, SP and HTAB: what a field value may hold */
};
#define IS_DELIM(c)                                                                                \
    ((c) == '"' || (c) == '(' || (c) == ')' || (c) == ',' || (c) == '/' || (c) == ':' ||           \
     (c) == ';' || (c) == '<' || (c) == '=' || (c) == '>' || (c) == '?' || (c) == '@' ||           \
     (c) == '[' || (c) == '\\' || (c) == ']' || (c) == '{' || (c) == '}')
#define IS_VCHAR(c) ((c) > 0x20 && (c) < 0x7f)
#define CLASS(c)                                                                                   \
    ((IS_VCHAR(c) && !IS_DELIM(c) ? C_TOKEN : 0) | (IS_VCHAR(c) ? C_TARGET : 0) |                  \
     (((c) >= 0x20 && (c) != 0x7f) || (c) == '\t' ? C_VALUE : 0))
#define CLASS4(c)  CLASS(c), CLASS((c) + 1), CLASS((c) + 2), CLASS((c) + 3)
#define CLASS16(c) CLASS4(c), CLASS4((c) + 4), CLASS4((c) + 8), CLASS4((c) + 12)
#define CLASS64(c) CLASS16(c), CLASS16((c) + 16), CLASS16((c) + 32), CLASS16((c) + 48)
static const uint8_t char_class[256] = {CLASS64(0), CLASS64(64), CLASS64(128), CLASS64(192)};

static inline bool is_class(char c, uint8_t cls)
{
    return (char_class[(unsigned char)c] & cls) != 0;
}

static inline bool is_ows(char c)
{
    return c == ' ' || c == '\t';
}

/* ASCII only: header names and tokens are ASCII, and the C library's version follows the
 * locale. */
static inline char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c + ('a' - 'A')) : c;
}

static bool eq_nocase(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (lower(a[i]) != lower(b[i]))
            return false;
    return true;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = lower(c);
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

static const struct {
    const char *name;
    size_t len;
} method_names[] = {
    [OC_HTTP_GET] = {"GET", 3},         [OC_HTTP_HEAD] = {"HEAD", 4},
    [OC_HTTP_POST] = {"POST", 4},       [OC_HTTP_PUT] = {"PUT", 3},
    [OC_HTTP_PATCH] = {"PATCH", 5},     [OC_HTTP_DELETE] = {"DELETE", 6},
    [OC_HTTP_OPTIONS] = {"OPTIONS", 7},
};

const char *oc_http_method_name(oc_http_method_t m)
{
    if ((size_t)m < OC_ARRAY_LEN(method_names))
        return method_names[m].name;
    return "OTHER";
}

/* ---- request head ---------------------------------------------------------------------- */

static const char *skip_class(const char *p, const char *end, uint8_t cls)
{
    while (p < end && is_class(*p, cls))
        p++;
    return p;
}

/* skip_class for the long runs, values and targets (cookies, user agents, URLs are most of a
 * head): tests 8 bytes per step. A word is taken whole when no byte is below `lowest`, none is
 * DEL, and (unless high_ok) none is 0x80 or above; those are exact tests, see "Determine if a
 * word has a byte less than n" in Bit Twiddling Hacks. A word holding HTAB or the line end
 * falls back to the table. */
static const char *skip_run(const char *p, const char *end, uint8_t cls, uint8_t lowest,
                            bool high_ok)
{
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    while (end - p >= 8) {
        uint64_t w;
        memcpy(&w, p, 8); /* one unaligned load */
        uint64_t del = w ^ (ones * 0x7f);
        uint64_t bad = ((w - ones * lowest) & ~w) | ((del - ones) & ~del) | (high_ok ? 0 : w);
        if (bad & highs)
            break;
        p += 8;
    }
    return skip_class(p, end, cls);
}

/* Consumes a CRLF at *pp. A bare CR or LF is an error, never a line end: a proxy that read it
 * differently would see other headers than we do. */
static int expect_crlf(const char **pp, const char *end)
{
    const char *p = *pp;
    if (p == end)
        return OC_EAGAIN;
    if (*p != '\r')
        return OC_EPROTO;
    if (p + 1 == end)
        return OC_EAGAIN;
    if (p[1] != '\n')
        return OC_EPROTO;
    *pp = p + 2;
    return 0;
}

static oc_http_method_t method_from(const char *s, size_t len)
{
    for (size_t m = 0; m < OC_ARRAY_LEN(method_names); m++)
        if (method_names[m].len == len && memcmp(method_names[m].name, s, len) == 0)
            return (oc_http_method_t)m;
    return OC_HTTP_OTHER;
}

/* Splits the target into path and query. Origin-form ("/p?q") is what browsers send;
 * absolute-form ("http://host/p?q") must be accepted from proxies (RFC 9112 3.2.2); "*" only
 * makes sense for OPTIONS. Authority-form (CONNECT) is not served. */
static int split_target(oc_http_request_head_t *out)
{
    const char *t = out->target, *end = t + out->target_len;
    const char *path = t;
    if (*t == '*' && out->target_len == 1) {
        if (out->method != OC_HTTP_OPTIONS)
            return OC_EPROTO;
        out->path = t;
        out->path_len = 1;
        return 0;
    }
    if (*t != '/') {
        size_t skip;
        if (out->target_len > 7 && eq_nocase(t, "http://", 7))
            skip = 7;
        else if (out->target_len > 8 && eq_nocase(t, "https://", 8))
            skip = 8;
        else
            return OC_EPROTO;
        path = t + skip;
        while (path < end && *path != '/' && *path != '?')
            path++;
        if (path == t + skip)
            return OC_EPROTO; /* no host */
    }
    const char *q = memchr(path, '?', (size_t)(end - path));
    out->path = path;
    out->path_len = (size_t)((q ? q : end) - path);
    if (q) {
        out->query = q + 1;
        out->query_len = (size_t)(end - q - 1);
    }
    return 0;
}

/* request-line = method SP request-target SP HTTP-version CRLF, exactly one SP each. */
static int parse_request_line(const char **pp, const char *end, oc_http_request_head_t *out)
{
    const char *p = *pp;
    int rc;
    /* RFC 9112 2.2: some clients send a CRLF after a POST body; skip empty lines. */
    while (p < end && *p == '\r')
        if ((rc = expect_crlf(&p, end)) != 0)
            return rc;

    const char *start = p;
    p = skip_class(p, end, C_TOKEN);
    if (p == end)
        return OC_EAGAIN;
    if (p == start || *p != ' ')
        return OC_EPROTO;
    out->method_str = start;
    out->method_len = (size_t)(p - start);
    out->method = method_from(start, out->method_len);

    start = ++p;
    p = skip_run(p, end, C_TARGET, 0x21, false);
    if (p == end)
        return OC_EAGAIN;
    if (p == start || *p != ' ')
        return OC_EPROTO;
    out->target = start;
    out->target_len = (size_t)(p - start);
    p++;

    /* Check each byte as it arrives so garbage fails now rather than after max_head bytes. */
    static const char version[] = "HTTP/9.9";
    for (size_t i = 0; i < sizeof(version) - 1; i++) {
        if (p + i == end)
            return OC_EAGAIN;
        bool ok = version[i] == '9' ? p[i] >= '0' && p[i] <= '9' : p[i] == version[i];
        if (!ok)
            return OC_EPROTO;
    }
    int major = p[5] - '0', minor = p[7] - '0';
    p += sizeof(version) - 1;
    if ((rc = expect_crlf(&p, end)) != 0)
        return rc;
    if (major != 1 || minor > 1)
        return OC_ENOTSUP;
    out->minor_version = minor;
    *pp = p;
    return split_target(out);
}

/* What the framing headers said, gathered while parsing and judged once the head is whole,
 * because their order in the head does not matter. */
typedef struct framing {
    unsigned te_count;
    bool te_chunked;
    bool host_seen;
    bool conn_close, conn_keep_alive, conn_upgrade;
    bool upgrade_header;
    bool expect_continue;
} framing_t;

static bool name_is(const oc_http_header_t *h, const char *lower_name, size_t len)
{
    return h->name_len == len && eq_nocase(h->name, lower_name, len);
}

static int apply_header(const oc_http_header_t *h, oc_http_request_head_t *out, framing_t *f)
{
    if (name_is(h, "content-length", 14)) {
        /* Digits only: "+5", "5 5" and "5, 5" are each read differently by some parser. */
        if (h->value_len == 0 || h->value_len > 18)
            return OC_EPROTO;
        int64_t v = 0;
        for (size_t i = 0; i < h->value_len; i++) {
            if (h->value[i] < '0' || h->value[i] > '9')
                return OC_EPROTO;
            v = v * 10 + (h->value[i] - '0');
        }
        if (out->content_length >= 0 && out->content_length != v)
            return OC_EPROTO;
        out->content_length = v;
    } else if (name_is(h, "transfer-encoding", 17)) {
        if (h->value_len == 0)
            return OC_EPROTO;
        /* A second header makes the list "chunked, ...", which is never exactly "chunked". */
        f->te_count++;
        f->te_chunked = f->te_count == 1 && h->value_len == 7 && eq_nocase(h->value, "chunked", 7);
    } else if (name_is(h, "connection", 10)) {
        f->conn_close |= oc_http_value_has_token(h->value, h->value_len, "close");
        f->conn_keep_alive |= oc_http_value_has_token(h->value, h->value_len, "keep-alive");
        f->conn_upgrade |= oc_http_value_has_token(h->value, h->value_len, "upgrade");
    } else if (name_is(h, "host", 4)) {
        if (f->host_seen) /* RFC 9112 3.2: two hosts could route the request two ways */
            return OC_EPROTO;
        f->host_seen = true;
    } else if (name_is(h, "upgrade", 7)) {
        f->upgrade_header = true;
    } else if (name_is(h, "expect", 6)) {
        f->expect_continue |= h->value_len == 12 && eq_nocase(h->value, "100-continue", 12);
    }
    return 0;
}

/* One header line per iteration until the empty line. A line that starts with SP or HTAB is
 * obs-fold (or whitespace before the first header): both are rejected (RFC 9112 5.2, 2.2). */
static int parse_headers(const char **pp, const char *end, oc_http_request_head_t *out,
                         framing_t *f)
{
    const char *p = *pp;
    int rc;
    for (;;) {
        if (p == end)
            return OC_EAGAIN;
        if (*p == '\r')
            break;
        if (out->num_headers == OC_HTTP_MAX_HEADERS)
            return OC_E2BIG;
        oc_http_header_t *h = &out->headers[out->num_headers];

        const char *start = p;
        p = skip_class(p, end, C_TOKEN);
        if (p == end)
            return OC_EAGAIN;
        if (p == start || *p != ':') /* also catches "Name :", which RFC 9112 5.1 forbids */
            return OC_EPROTO;
        h->name = start;
        h->name_len = (size_t)(p - start);

        p++;
        while (p < end && is_ows(*p))
            p++;
        start = p;
        p = skip_run(p, end, C_VALUE, 0x20, true);
        const char *value_end = p;
        if ((rc = expect_crlf(&p, end)) != 0)
            return rc;
        while (value_end > start && is_ows(value_end[-1]))
            value_end--;
        h->value = start;
        h->value_len = (size_t)(value_end - start);
        out->num_headers++;
        if ((rc = apply_header(h, out, f)) != 0)
            return rc;
    }
    if ((rc = expect_crlf(&p, end)) != 0)
        return rc;
    *pp = p;
    return 0;
}

int oc_http_parse_head(const char *buf, size_t len, size_t max_head, oc_http_request_head_t *out,
                       size_t *head_len)
{
    /* Fields the parse may not reach; headers[] is left alone, num_headers bounds it. */
    out->target = out->path = out->query = NULL;
    out->target_len = out->path_len = out->query_len = 0;
    out->minor_version = -1; /* stays -1 on a 505, so the caller can tell it from a 501 */
    out->num_headers = 0;
    out->content_length = -1;
    out->chunked = out->keep_alive = out->upgrade = out->expect_continue = false;

    if (len == 0) /* buf may be NULL */
        return max_head == 0 ? OC_E2BIG : OC_EAGAIN;
    /* Never look past max_head: a head that ends at max_head + 1 is too long, whatever
     * follows. */
    const char *p = buf, *end = buf + OC_MIN(len, max_head);
    framing_t f = {0};
    int rc = parse_request_line(&p, end, out);
    if (rc == 0)
        rc = parse_headers(&p, end, out, &f);
    if (rc == OC_EAGAIN && len >= max_head)
        return OC_E2BIG;
    if (rc != 0)
        return rc;

    /* RFC 9112 6.1-6.3: Transfer-Encoding with Content-Length, or in HTTP/1.0, is how requests
     * get smuggled past a proxy; refuse rather than pick one. */
    if (f.te_count > 0) {
        if (out->minor_version == 0 || out->content_length >= 0)
            return OC_EPROTO;
        if (!f.te_chunked)
            return OC_ENOTSUP;
        out->chunked = true;
    }
    if (out->minor_version == 1)
        out->keep_alive = !f.conn_close;
    else
        out->keep_alive = f.conn_keep_alive && !f.conn_close;
    /* RFC 9110 7.8 and 10.1.1: a server ignores Upgrade and Expect from HTTP/1.0. */
    out->upgrade = out->minor_version == 1 && f.conn_upgrade && f.upgrade_header;
    out->expect_continue = out->minor_version == 1 && f.expect_continue;
    *head_len = (size_t)(p - buf);
    return 0;
}

/* ---- chunked body ---------------------------------------------------------------------- */

/*   chunk      = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
 *   last-chunk = 1*"0" [ chunk-ext ] CRLF, then trailer lines, then CRLF
 *
 *   SIZE -> SIZE_WS -> EXT -> SIZE_LF -> DATA -> DATA_CR -> DATA_LF -> SIZE ...
 *                                     \-(size 0)-> TRAILER_START -> NAME -> VALUE -> TRAILER_LF
 *                                                        \-> END_LF -> DONE */
enum {
    CH_SIZE,
    CH_SIZE_WS, /* BWS after the size: only a ';' may follow */
    CH_EXT,
    CH_SIZE_LF,
    CH_DATA,
    CH_DATA_CR,
    CH_DATA_LF,
    CH_TRAILER_START,
    CH_TRAILER_NAME,
    CH_TRAILER_VALUE,
    CH_TRAILER_LF,
    CH_END_LF,
    CH_DONE,
};

void oc_http_chunked_init(oc_http_chunked_t *st)
{
    memset(st, 0, sizeof(*st));
    st->state = CH_SIZE;
}

/* Handles one framing byte (anything but chunk data). Returns 0 to go on, or the result. */
static int chunked_step(oc_http_chunked_t *st, char c, size_t max_body)
{
    switch (st->state) {
    case CH_SIZE:
    case CH_SIZE_WS:
    case CH_EXT:
        if (c != '\r' && ++st->line_len > OC_HTTP_MAX_CHUNK_LINE)
            return OC_E2BIG;
        break;
    case CH_TRAILER_START:
    case CH_TRAILER_NAME:
    case CH_TRAILER_VALUE:
    case CH_TRAILER_LF:
    case CH_END_LF:
        if (++st->trailer_len > OC_HTTP_MAX_TRAILERS)
            return OC_E2BIG;
        break;
    }

    int d;
    switch (st->state) {
    case CH_SIZE:
        if ((d = hex_value(c)) >= 0) {
            /* 16 digits fill a uint64_t, so the value cannot wrap. */
            if (st->digits == 16)
                return OC_EPROTO;
            st->digits++;
            st->remaining = st->remaining * 16 + (uint64_t)d;
            if (st->remaining > max_body - st->body_len)
                return OC_E2BIG;
            return 0;
        }
        if (st->digits == 0)
            return OC_EPROTO;
        if (c == '\r')
            st->state = CH_SIZE_LF;
        else if (c == ';')
            st->state = CH_EXT;
        else if (is_ows(c))
            st->state = CH_SIZE_WS;
        else
            return OC_EPROTO;
        return 0;
    case CH_SIZE_WS:
        if (c == ';')
            st->state = CH_EXT;
        else if (!is_ows(c))
            return OC_EPROTO;
        return 0;
    case CH_EXT:
        /* Extensions are ignored; only make sure no CTL hides a line end. */
        if (c == '\r')
            st->state = CH_SIZE_LF;
        else if (!is_class(c, C_VALUE))
            return OC_EPROTO;
        return 0;
    case CH_SIZE_LF:
        if (c != '\n')
            return OC_EPROTO;
        st->state = st->remaining ? CH_DATA : CH_TRAILER_START;
        st->digits = st->line_len = 0;
        return 0;
    case CH_DATA_CR:
        if (c != '\r')
            return OC_EPROTO;
        st->state = CH_DATA_LF;
        return 0;
    case CH_DATA_LF:
        if (c != '\n')
            return OC_EPROTO;
        st->state = CH_SIZE;
        return 0;
    case CH_TRAILER_START:
        if (c == '\r')
            st->state = CH_END_LF;
        else if (is_class(c, C_TOKEN))
            st->state = CH_TRAILER_NAME;
        else
            return OC_EPROTO; /* obs-fold, bare LF or not a field name */
        return 0;
    case CH_TRAILER_NAME:
        if (c == ':')
            st->state = CH_TRAILER_VALUE;
        else if (!is_class(c, C_TOKEN))
            return OC_EPROTO;
        return 0;
    case CH_TRAILER_VALUE:
        if (c == '\r')
            st->state = CH_TRAILER_LF;
        else if (!is_class(c, C_VALUE))
            return OC_EPROTO;
        return 0;
    case CH_TRAILER_LF:
        if (c != '\n')
            return OC_EPROTO;
        st->state = CH_TRAILER_START;
        return 0;
    case CH_END_LF:
        if (c != '\n')
            return OC_EPROTO;
        st->state = CH_DONE;
        return 0;
    }
    oc_panic(__FILE__, __LINE__, "chunked decoder in state %d", st->state);
}

int oc_http_chunked_decode(oc_http_chunked_t *st, const char *in, size_t len, size_t *consumed,
                           oc_buf_t *out, size_t max_body)
{
    size_t i = 0;
    int rc = st->error;
    while (rc == 0 && st->state != CH_DONE && i < len) {
        if (st->state == CH_DATA) {
            /* The one bulk copy: the chunk size was checked against max_body already. */
            size_t n = (size_t)OC_MIN(st->remaining, (uint64_t)(len - i));
            oc_buf_append(out, in + i, n);
            i += n;
            st->remaining -= n;
            st->body_len += n;
            if (st->remaining == 0)
                st->state = CH_DATA_CR;
            continue;
        }
        rc = chunked_step(st, in[i++], max_body);
    }
    *consumed = i;
    if (rc != 0) {
        st->error = rc;
        return rc;
    }
    return st->state == CH_DONE ? 0 : OC_EAGAIN;
}

/* ---- helpers ----------------------------------------------------------------------------- */

const oc_http_header_t *oc_http_header_find(const oc_http_request_head_t *h, const char *name)
{
    size_t len = strlen(name);
    for (size_t i = 0; i < h->num_headers; i++)
        if (h->headers[i].name_len == len && eq_nocase(h->headers[i].name, name, len))
            return &h->headers[i];
    return NULL;
}

bool oc_http_value_has_token(const char *value, size_t len, const char *token)
{
    size_t token_len = strlen(token);
    size_t i = 0;
    while (i < len) {
        const char *comma = memchr(value + i, ',', len - i);
        size_t next = comma ? (size_t)(comma - value) : len;
        size_t s = i, e = next;
        while (s < e && is_ows(value[s]))
            s++;
        while (e > s && is_ows(value[e - 1]))
            e--;
        if (e - s == token_len && eq_nocase(value + s, token, token_len))
            return true;
        i = next + 1;
    }
    return false;
}

bool oc_http_query_get(const char *query, size_t query_len, const char *name, const char **val,
                       size_t *val_len)
{
    size_t name_len = strlen(name);
    size_t i = 0;
    while (i < query_len) {
        const char *amp = memchr(query + i, '&', query_len - i);
        size_t next = amp ? (size_t)(amp - query) : query_len;
        const char *eq = memchr(query + i, '=', next - i);
        size_t key_end = eq ? (size_t)(eq - query) : next;
        if (key_end - i == name_len && memcmp(query + i, name, name_len) == 0) {
            size_t v = eq ? key_end + 1 : key_end;
            *val = query + v;
            *val_len = next - v;
            return true;
        }
        i = next + 1;
    }
    return false;
}

int oc_http_url_decode(const char *s, size_t len, bool form, oc_buf_t *out)
{
    if (len == 0) /* out->data may be NULL */
        return 0;
    oc_buf_reserve(out, len); /* decoding never grows the text */
    char *dst = out->data + out->len;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '%') {
            int hi = len - i > 2 ? hex_value(s[i + 1]) : -1;
            int lo = len - i > 2 ? hex_value(s[i + 2]) : -1;
            if (hi < 0 || lo < 0)
                return OC_EPROTO; /* out->len not yet moved: out is as it was */
            c = (char)(hi << 4 | lo);
            i += 2;
        } else if (c == '+' && form) {
            c = ' ';
        }
        *dst++ = c;
    }
    out->len = (size_t)(dst - out->data);
    return 0;
}
