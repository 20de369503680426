/* multipart/form-data bodies (RFC 7578, framed as RFC 2046 says): the boundary from the
 * Content-Type, then the parts with their names, file names and types.
 *
 * The parser is incremental: feed it the body in pieces of any size (the whole buffer at once
 * is one piece) and it calls back as parts begin, as content arrives and as parts end. It
 * keeps one part's header block in a fixed buffer and nothing else: content is handed out as
 * slices of the input (bytes of a delimiter that turned out to be content come from the
 * delimiter itself), so nothing is allocated or copied per byte. Each part's place in the
 * body (data_offset, data_len) lets a caller that holds the whole body use it in place.
 *
 * It is strict: header lines end in CRLF (no bare CR or LF, no folding, no control
 * characters), every part has Content-Disposition: form-data with a name, a boundary line
 * is followed only by "--", white space and CRLF, and the body must end with the close
 * delimiter. Each refusal has its own code (oc_multipart_error_t). It does not decode
 * Content-Transfer-Encoding (anything but 7bit, 8bit or binary is refused) or charsets of
 * field values, and knows nothing of HTTP beyond the Content-Type value. */
#ifndef OC_HTTP_MULTIPART_H
#define OC_HTTP_MULTIPART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OC_MULTIPART_BOUNDARY_MAX 70   /* RFC 2046 */
#define OC_MULTIPART_HEAD_MAX     4096 /* bytes of one part's header block, CRLFs included */
#define OC_MULTIPART_NAME_MAX     256  /* bytes of a field name */
#define OC_MULTIPART_FILENAME_MAX 1024 /* bytes of a file name (decoded, UTF-8) */
#define OC_MULTIPART_TYPE_MAX     128  /* bytes of a part's Content-Type */

/* Finds the boundary in a Content-Type value: "multipart/form-data; boundary=..." (the
 * parameter quoted or not, in any order among others; names case-insensitive). Writes it
 * NUL-terminated into out. Returns 0; OC_ENOTSUP when the type is not multipart/form-data;
 * OC_EINVAL when the parameters are malformed or the boundary is missing, repeated, empty,
 * longer than 70 characters, ends in a space or holds a character RFC 2046 does not allow. */
int oc_multipart_boundary(const char *content_type, size_t len,
                          char out[OC_MULTIPART_BOUNDARY_MAX + 1], size_t *out_len);

/* Why a body was refused. */
typedef enum oc_multipart_error {
    OC_MP_OK = 0,
    OC_MP_BAD_DELIMITER,    /* a boundary followed by something else than "--", white space
                               and CRLF (the boundary occurs inside content) */
    OC_MP_BAD_HEADER,       /* a part header line that is not "Name: value" CRLF */
    OC_MP_HEADER_TOO_LARGE, /* one part's headers over OC_MULTIPART_HEAD_MAX bytes */
    OC_MP_DUPLICATE_HEADER, /* Content-Disposition, -Type or -Transfer-Encoding twice */
    OC_MP_NO_DISPOSITION,   /* a part without Content-Disposition */
    OC_MP_BAD_DISPOSITION,  /* not form-data, malformed or repeated parameters, no name */
    OC_MP_BAD_FILENAME,     /* filename* that is not an RFC 5987 value in UTF-8 or
                               ISO-8859-1, or holds a NUL */
    OC_MP_VALUE_TOO_LONG,   /* a name, file name or content type over its limit */
    OC_MP_BAD_ENCODING,     /* a Content-Transfer-Encoding other than 7bit, 8bit, binary */
    OC_MP_TOO_MANY_PARTS,   /* more parts than the parser was set up for */
    OC_MP_TRUNCATED,        /* the body ended before the close delimiter */
    OC_MP_STOPPED,          /* a callback returned an error */
    OC_MP_ERROR_COUNT
} oc_multipart_error_t;

/* A short English description of an error, for logs and error messages. Never NULL. */
const char *oc_multipart_error_message(oc_multipart_error_t e);

/* The part being read. Text fields are NUL-terminated and hold no NUL. */
typedef struct oc_multipart_part {
    unsigned index; /* 0 for the first part */
    char name[OC_MULTIPART_NAME_MAX + 1];
    size_t name_len;
    bool has_filename;                            /* filename or filename* was given */
    char filename[OC_MULTIPART_FILENAME_MAX + 1]; /* raw: filename* decoded, else filename
                                                     unquoted; any bytes but NUL */
    size_t filename_len;
    char content_type[OC_MULTIPART_TYPE_MAX + 1]; /* as sent; "" when absent */
    uint64_t data_offset;                         /* where its content starts in the body */
    uint64_t data_len;                            /* content bytes so far (all at the end) */
} oc_multipart_part_t;

/* Each may be NULL. part is valid during the call. A non-zero return (a negative error code)
 * stops the parser: OC_MP_STOPPED, and the feed returns that code. */
typedef struct oc_multipart_callbacks {
    int (*on_part)(const oc_multipart_part_t *part, void *arg); /* headers read */
    int (*on_data)(const oc_multipart_part_t *part, const char *data, size_t len, void *arg);
    int (*on_part_end)(const oc_multipart_part_t *part, void *arg);
} oc_multipart_callbacks_t;

/* Parser state: a plain struct (about 5.5 KiB, most of it the header buffer) that may live
 * anywhere; no resources to free. Fields are private. */
typedef struct oc_multipart {
    const oc_multipart_callbacks_t *cb;
    void *arg;
    unsigned max_parts;
    unsigned parts;
    int status; /* sticky: 0, or the error every later call returns */
    oc_multipart_error_t error;
    uint8_t state;
    uint8_t delim_len; /* "\r\n--" + boundary */
    uint8_t matched;   /* delimiter bytes matched so far */
    char delim[4 + OC_MULTIPART_BOUNDARY_MAX];
    uint64_t offset; /* body bytes consumed before the current feed */
    size_t head_len;
    size_t line_start;
    oc_multipart_part_t part;
    char head[OC_MULTIPART_HEAD_MAX];
} oc_multipart_t;

/* Starts a body with boundary[0..len) (from oc_multipart_boundary), allowing at most
 * max_parts parts. cb and arg are borrowed for the parser's life. Returns 0 or OC_EINVAL for
 * a boundary of a bad length. */
int oc_multipart_init(oc_multipart_t *p, const char *boundary, size_t len, unsigned max_parts,
                      const oc_multipart_callbacks_t *cb, void *arg);

/* Parses the next len bytes of the body. Returns 0 (all consumed; more may follow), or a
 * negative error that every later call repeats: OC_EPROTO for malformed input, OC_E2BIG for
 * a limit (header block, value length, parts), or a callback's code; p->error says which. */
int oc_multipart_feed(oc_multipart_t *p, const char *data, size_t len);

/* The body ended: 0 if it was complete (the close delimiter seen, and a CRLF after it whole
 * when one began), else OC_EPROTO with OC_MP_TRUNCATED (or the earlier error). */
int oc_multipart_finish(oc_multipart_t *p);

/* True once the close delimiter was read (what follows it is ignored). */
bool oc_multipart_done(const oc_multipart_t *p);

/* A whole body in one call: init, feed and finish. */
int oc_multipart_parse(oc_multipart_t *p, const char *boundary, size_t boundary_len,
                       unsigned max_parts, const oc_multipart_callbacks_t *cb, void *arg,
                       const char *body, size_t len);

#endif
