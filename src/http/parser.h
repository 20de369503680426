/* HTTP/1.1 request parsing: the request head, chunked bodies, and small helpers for headers,
 * query strings and percent-encoding.
 *
 * Pure code, no I/O and no allocation in head parsing: the connection code buffers bytes and
 * calls in here, and every slice handed back points into the caller's buffer. It is strict on
 * purpose (RFC 9112/9110): anything two parsers could read differently (bare CR/LF, obs-fold,
 * conflicting Content-Length, Transfer-Encoding with Content-Length) is rejected, because a
 * proxy in front of us might read it the other way (request smuggling). It does not parse
 * responses, and it does not decide the body framing policy beyond reporting what the head
 * says. */
#ifndef OC_HTTP_PARSER_H
#define OC_HTTP_PARSER_H

#include "core/buf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OC_HTTP_MAX_HEADERS 64
/* Bytes allowed in one chunk-size line (size digits plus extensions, without the CRLF). */
#define OC_HTTP_MAX_CHUNK_LINE 1024
/* Bytes allowed in the whole trailer section of a chunked body, final CRLF included. */
#define OC_HTTP_MAX_TRAILERS 8192

typedef enum oc_http_method {
    OC_HTTP_GET,
    OC_HTTP_HEAD,
    OC_HTTP_POST,
    OC_HTTP_PUT,
    OC_HTTP_PATCH,
    OC_HTTP_DELETE,
    OC_HTTP_OPTIONS,
    OC_HTTP_OTHER, /* any other valid token; method_str has its spelling */
} oc_http_method_t;

/* One header field. name and value point into the parsed buffer; value has its leading and
 * trailing whitespace trimmed and may be empty. Neither is NUL-terminated. */
typedef struct oc_http_header {
    const char *name;
    size_t name_len;
    const char *value;
    size_t value_len;
} oc_http_header_t;

/* A parsed request head. Every pointer points into the buffer given to oc_http_parse_head and
 * is valid only as long as those bytes stay where they are. */
typedef struct oc_http_request_head {
    oc_http_method_t method;
    const char *method_str;
    size_t method_len;
    const char *target; /* raw request-target */
    size_t target_len;
    const char *path; /* origin-form: target up to '?'; absolute-form: the path part after the
                         authority (may be empty, e.g. "http://host"); "*" for asterisk-form */
    size_t path_len;
    const char *query; /* after '?', without it; NULL/0 if there is no '?' */
    size_t query_len;
    int minor_version; /* HTTP/1.0 -> 0, HTTP/1.1 -> 1 */
    oc_http_header_t headers[OC_HTTP_MAX_HEADERS];
    size_t num_headers;
    /* derived while parsing: */
    int64_t content_length; /* -1 when absent */
    bool chunked;           /* Transfer-Encoding: chunked */
    bool keep_alive;        /* from version + Connection header */
    bool upgrade;           /* HTTP/1.1, Connection has the token "upgrade" and an Upgrade header */
    bool expect_continue;   /* HTTP/1.1 and Expect: 100-continue (1.0 must ignore it) */
} oc_http_request_head_t;

/* Parses one request head from buf[0..len); only the first max_head bytes are looked at.
 * Empty lines before the request line are skipped (RFC 9112 2.2) and count in *head_len.
 * At most one Host header is accepted. The request-target must be printable ASCII (clients
 * percent-encode anything else); methods are case-sensitive ("get" is OC_HTTP_OTHER).
 *
 * Returns 0 when a whole head was found: *head_len is its size including the final CRLFCRLF,
 * the body or the next pipelined request starts at buf + *head_len, and every slice in *out
 * points into buf. On any other return *out is partly written and *head_len is untouched.
 *   OC_EAGAIN  incomplete and len < max_head: call again with more bytes (from the start).
 *   OC_E2BIG   no complete head within max_head bytes, or more than OC_HTTP_MAX_HEADERS
 *              headers (answer 431).
 *   OC_EPROTO  malformed (answer 400).
 *   OC_ENOTSUP a version other than HTTP/1.0 or 1.1 (answer 505; out->minor_version is -1),
 *              or a Transfer-Encoding other than exactly "chunked" (answer 501;
 *              out->minor_version is 0 or 1).
 * An error is reported as soon as the bytes so far prove it, so feeding more bytes never turns
 * an error into success. */
int oc_http_parse_head(const char *buf, size_t len, size_t max_head, oc_http_request_head_t *out,
                       size_t *head_len);

/* State of an incremental chunked-body decoder. Embed it in the connection and treat the
 * fields as private. */
typedef struct oc_http_chunked {
    uint8_t state;
    int error;          /* sticky: once set, every later call returns it */
    uint64_t remaining; /* chunk-size being read, then data bytes left in the chunk */
    uint32_t digits;    /* hex digits read in the current size */
    uint32_t line_len;  /* bytes of the current size line */
    uint32_t trailer_len;
    uint64_t body_len; /* decoded bytes so far */
} oc_http_chunked_t;

/* Prepares st for a new body. */
void oc_http_chunked_init(oc_http_chunked_t *st);

/* Consumes bytes from in[0..len) (borrowed for the call) and appends the decoded body bytes to
 * out (owned by the caller; existing bytes are kept). Works with any split of the input,
 * down to one byte per call. *consumed is always set.
 *   0          body complete, trailers consumed; *consumed may be < len: the rest is the next
 *              pipelined request. Later calls return 0 and consume nothing.
 *   OC_EAGAIN  need more input; all of in was consumed.
 *   OC_EPROTO  malformed.
 *   OC_E2BIG   the decoded body would exceed max_body bytes, a chunk-size line is longer than
 *              OC_HTTP_MAX_CHUNK_LINE, or the trailers exceed OC_HTTP_MAX_TRAILERS.
 * Errors are sticky; out may hold part of the body when one is returned. */
int oc_http_chunked_decode(oc_http_chunked_t *st, const char *in, size_t len, size_t *consumed,
                           oc_buf_t *out, size_t max_body);

/* Case-insensitive header lookup by NUL-terminated name: the first match or NULL. The result
 * points into h. */
const oc_http_header_t *oc_http_header_find(const oc_http_request_head_t *h, const char *name);

/* True if a comma-separated header value contains the NUL-terminated token (case-insensitive,
 * whitespace around each element ignored). "keep-alive, Upgrade" has "upgrade". */
bool oc_http_value_has_token(const char *value, size_t len, const char *token);

/* Finds the first parameter called name (NUL-terminated, compared raw and case-sensitively) in
 * a query string without its '?'. On a match sets *val and *val_len to the raw, still
 * percent-encoded value inside query and returns true; "a&b=1" gives a the empty value. A NULL
 * query has no parameters. */
bool oc_http_query_get(const char *query, size_t query_len, const char *name, const char **val,
                       size_t *val_len);

/* Appends the percent-decoded s[0..len) to out; with form true, '+' becomes ' '
 * (application/x-www-form-urlencoded). The result may contain any byte, NUL included.
 * Returns 0, or OC_EPROTO on a bad escape, in which case out is left as it was. */
int oc_http_url_decode(const char *s, size_t len, bool form, oc_buf_t *out);

/* The method's name ("GET", ...), "OTHER" for OC_HTTP_OTHER or an unknown value. Never NULL. */
const char *oc_http_method_name(oc_http_method_t m);

#endif
