/* multipart/form-data parsing: see multipart.h.
 *
 * The body is a sequence of states:
 *
 *   PREAMBLE ─delimiter─► AFTER ─CRLF─► HEAD ─empty line─► DATA ─delimiter─► AFTER ─...
 *                          │ (padding: PAD, then LF)                          │
 *                          └──"--"──► CLOSE ─CRLF─► EPILOGUE ◄────────────────┘
 *
 * The delimiter is "\r\n--" + boundary. In PREAMBLE and DATA the bytes are matched against
 * it; a partial match that fails was content, and those bytes are exactly the delimiter's
 * first bytes, so they are handed out from the delimiter itself. As '\r' occurs in the
 * delimiter only at its start (boundary characters exclude it), a failed match can never
 * hide the start of another one and matching simply restarts at the current byte. The body
 * starts as if just after a CRLF, so a first boundary line at byte 0 is found too. */
#include "http/multipart.h"

#include "core/errors.h"
#include "core/utf8.h"

#include <string.h>
#include <strings.h>

enum {
    S_PREAMBLE,
    S_DATA,
    S_AFTER,    /* a whole delimiter was read */
    S_PAD,      /* transport padding after a boundary */
    S_LF,       /* CR read after a boundary */
    S_DASH,     /* one '-' read after a boundary */
    S_CLOSE,    /* the close delimiter was read */
    S_CLOSE_LF, /* CR read after the close delimiter */
    S_EPILOGUE, /* ignored */
    S_HEAD,     /* a part's header block */
};

static const char *const messages[OC_MP_ERROR_COUNT] = {
    [OC_MP_OK] = "no error",
    [OC_MP_BAD_DELIMITER] = "a boundary line is followed by something else",
    [OC_MP_BAD_HEADER] = "a part header line is malformed",
    [OC_MP_HEADER_TOO_LARGE] = "a part's headers are too large",
    [OC_MP_DUPLICATE_HEADER] = "a part has a header twice",
    [OC_MP_NO_DISPOSITION] = "a part has no Content-Disposition",
    [OC_MP_BAD_DISPOSITION] = "a part's Content-Disposition is not form-data with a name",
    [OC_MP_BAD_FILENAME] = "a part's filename* is malformed",
    [OC_MP_VALUE_TOO_LONG] = "a part's name, file name or type is too long",
    [OC_MP_BAD_ENCODING] = "a part has an unsupported Content-Transfer-Encoding",
    [OC_MP_TOO_MANY_PARTS] = "the body has too many parts",
    [OC_MP_TRUNCATED] = "the body ends before its final boundary",
    [OC_MP_STOPPED] = "the body was refused",
};

const char *oc_multipart_error_message(oc_multipart_error_t e)
{
    return (unsigned)e < OC_MP_ERROR_COUNT ? messages[e] : "unknown error";
}

/* ---- characters ------------------------------------------------------------------------ */

/* tchar (RFC 9110 5.6.2) */
static bool is_tchar(unsigned char c)
{
    if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))
        return true;
    return c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/* bchars (RFC 2046 5.1.1), space included */
static bool is_bchar(unsigned char c)
{
    if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))
        return true;
    return c != 0 && strchr("'()+_,-./:=? ", c) != NULL;
}

/* attr-char (RFC 5987 3.2.1) */
static bool is_attr_char(unsigned char c)
{
    if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))
        return true;
    return c != 0 && strchr("!#$&+-.^_`|~", c) != NULL;
}

static int hex_value(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static bool ieq(const char *s, size_t len, const char *lit)
{
    return strlen(lit) == len && strncasecmp(s, lit, len) == 0;
}

/* A cursor over one header value. */
typedef struct scan {
    const char *s;
    size_t len, pos;
} scan_t;

static void skip_ows(scan_t *sc)
{
    while (sc->pos < sc->len && (sc->s[sc->pos] == ' ' || sc->s[sc->pos] == '\t'))
        sc->pos++;
}

/* A token at the cursor; false when there is none. */
static bool token(scan_t *sc, const char **tok, size_t *tlen)
{
    size_t start = sc->pos;
    while (sc->pos < sc->len && is_tchar((unsigned char)sc->s[sc->pos]))
        sc->pos++;
    *tok = sc->s + start;
    *tlen = sc->pos - start;
    return *tlen > 0;
}

/* A parameter value at the cursor, token or quoted-string, unescaped into out (cap bytes,
 * NUL-terminated); the cursor moves past it in any case. Returns 0, OC_EPROTO when malformed,
 * OC_E2BIG when it does not fit (out then holds a prefix). Browsers send backslashes in file
 * names unescaped (the HTML standard escapes only '"', CR and LF, as %22 %0D %0A) while curl
 * escapes '"' and '\' with a backslash; a backslash is therefore an escape only before '"' or
 * '\'. */
static int param_value(scan_t *sc, char *out, size_t cap, size_t *out_len, bool *quoted)
{
    size_t n = 0;
    bool over = false;
    *quoted = sc->pos < sc->len && sc->s[sc->pos] == '"';
    if (!*quoted) {
        const char *tok;
        size_t tlen;
        if (!token(sc, &tok, &tlen))
            return OC_EPROTO;
        over = tlen >= cap;
        n = over ? cap - 1 : tlen;
        memcpy(out, tok, n);
    } else {
        sc->pos++;
        for (;;) {
            if (sc->pos >= sc->len)
                return OC_EPROTO; /* no closing quote */
            char c = sc->s[sc->pos++];
            if (c == '"')
                break;
            if (c == '\\' && sc->pos < sc->len && (sc->s[sc->pos] == '"' || sc->s[sc->pos] == '\\'))
                c = sc->s[sc->pos++];
            if (n + 1 >= cap)
                over = true;
            else
                out[n++] = c;
        }
    }
    out[n] = '\0';
    *out_len = n;
    return over ? OC_E2BIG : 0;
}

/* ---- the boundary ---------------------------------------------------------------------- */

int oc_multipart_boundary(const char *ct, size_t len, char out[OC_MULTIPART_BOUNDARY_MAX + 1],
                          size_t *out_len)
{
    scan_t sc = {ct, len, 0};
    const char *type, *sub;
    size_t type_len, sub_len;
    skip_ows(&sc);
    if (!token(&sc, &type, &type_len) || sc.pos >= len || ct[sc.pos] != '/')
        return OC_ENOTSUP;
    sc.pos++;
    if (!token(&sc, &sub, &sub_len) || !ieq(type, type_len, "multipart") ||
        !ieq(sub, sub_len, "form-data"))
        return OC_ENOTSUP;
    bool found = false;
    *out_len = 0;
    out[0] = '\0';
    for (;;) {
        skip_ows(&sc);
        if (sc.pos == len)
            break;
        if (ct[sc.pos] != ';')
            return OC_EINVAL;
        sc.pos++;
        skip_ows(&sc);
        const char *name;
        size_t name_len;
        if (!token(&sc, &name, &name_len) || sc.pos >= len || ct[sc.pos] != '=')
            return OC_EINVAL;
        sc.pos++;
        char value[OC_MULTIPART_BOUNDARY_MAX + 2];
        size_t value_len;
        bool quoted;
        bool is_boundary = ieq(name, name_len, "boundary");
        int rc = param_value(&sc, value, sizeof(value), &value_len, &quoted);
        if (rc == OC_EPROTO || (rc != 0 && is_boundary))
            return OC_EINVAL;
        if (!is_boundary)
            continue; /* another parameter (charset): any value */
        if (found || value_len == 0 || value_len > OC_MULTIPART_BOUNDARY_MAX ||
            value[value_len - 1] == ' ')
            return OC_EINVAL;
        for (size_t i = 0; i < value_len; i++)
            if (!is_bchar((unsigned char)value[i]))
                return OC_EINVAL;
        memcpy(out, value, value_len + 1);
        *out_len = value_len;
        found = true;
    }
    return found ? 0 : OC_EINVAL;
}

/* ---- part headers ---------------------------------------------------------------------- */

static int fail(oc_multipart_t *p, oc_multipart_error_t e)
{
    p->error = e;
    p->status =
        (e == OC_MP_HEADER_TOO_LARGE || e == OC_MP_VALUE_TOO_LONG || e == OC_MP_TOO_MANY_PARTS)
            ? OC_E2BIG
            : OC_EPROTO;
    return p->status;
}

/* filename*=charset'lang'value (RFC 5987) into the part's file name. */
static oc_multipart_error_t ext_filename(oc_multipart_part_t *part, const char *v, size_t len)
{
    const char *q1 = memchr(v, '\'', len);
    const char *q2 = q1 ? memchr(q1 + 1, '\'', len - (size_t)(q1 + 1 - v)) : NULL;
    if (q2 == NULL)
        return OC_MP_BAD_FILENAME;
    bool latin1;
    if (ieq(v, (size_t)(q1 - v), "UTF-8"))
        latin1 = false;
    else if (ieq(v, (size_t)(q1 - v), "ISO-8859-1"))
        latin1 = true;
    else
        return OC_MP_BAD_FILENAME;
    for (const char *l = q1 + 1; l < q2; l++)
        if (!((*l >= 'A' && *l <= 'Z') || (*l >= 'a' && *l <= 'z') || (*l >= '0' && *l <= '9') ||
              *l == '-'))
            return OC_MP_BAD_FILENAME;
    size_t n = 0;
    const char *end = v + len;
    for (const char *s = q2 + 1; s < end;) {
        unsigned c = (unsigned char)*s;
        if (c == '%') {
            int hi = end - s > 2 ? hex_value((unsigned char)s[1]) : -1;
            int lo = end - s > 2 ? hex_value((unsigned char)s[2]) : -1;
            if (hi < 0 || lo < 0)
                return OC_MP_BAD_FILENAME;
            c = (unsigned)(hi << 4 | lo);
            s += 3;
        } else if (is_attr_char((unsigned char)c)) {
            s++;
        } else {
            return OC_MP_BAD_FILENAME;
        }
        if (c == 0)
            return OC_MP_BAD_FILENAME;
        size_t need = latin1 && c >= 0x80 ? 2 : 1;
        if (n + need > OC_MULTIPART_FILENAME_MAX)
            return OC_MP_VALUE_TOO_LONG;
        if (need == 2) {
            part->filename[n++] = (char)(0xC0 | c >> 6);
            part->filename[n++] = (char)(0x80 | (c & 0x3F));
        } else {
            part->filename[n++] = (char)c;
        }
    }
    if (!latin1 && !oc_utf8_valid(part->filename, n))
        return OC_MP_BAD_FILENAME;
    part->filename[n] = '\0';
    part->filename_len = n;
    part->has_filename = true;
    return OC_MP_OK;
}

/* Content-Disposition: form-data *( ";" name=value ) with name required; filename* wins over
 * filename whatever their order. */
static oc_multipart_error_t disposition(oc_multipart_part_t *part, const char *v, size_t len)
{
    scan_t sc = {v, len, 0};
    const char *type;
    size_t type_len;
    if (!token(&sc, &type, &type_len) || !ieq(type, type_len, "form-data"))
        return OC_MP_BAD_DISPOSITION;
    bool name = false, plain = false, ext = false;
    for (;;) {
        skip_ows(&sc);
        if (sc.pos == len)
            break;
        if (v[sc.pos] != ';')
            return OC_MP_BAD_DISPOSITION;
        sc.pos++;
        skip_ows(&sc);
        if (sc.pos == len)
            break; /* a trailing ';' */
        const char *pn;
        size_t pn_len;
        if (!token(&sc, &pn, &pn_len) || sc.pos >= len || v[sc.pos] != '=')
            return OC_MP_BAD_DISPOSITION;
        sc.pos++;
        char value[OC_MULTIPART_FILENAME_MAX * 3 + 1];
        size_t value_len;
        bool quoted;
        int rc = param_value(&sc, value, sizeof(value), &value_len, &quoted);
        if (rc == OC_EPROTO)
            return OC_MP_BAD_DISPOSITION;
        bool too_long = rc == OC_E2BIG;
        if (ieq(pn, pn_len, "name")) {
            if (name)
                return OC_MP_BAD_DISPOSITION;
            if (too_long || value_len > OC_MULTIPART_NAME_MAX)
                return OC_MP_VALUE_TOO_LONG;
            memcpy(part->name, value, value_len + 1);
            part->name_len = value_len;
            name = true;
        } else if (ieq(pn, pn_len, "filename")) {
            if (plain)
                return OC_MP_BAD_DISPOSITION;
            plain = true;
            if (too_long || value_len > OC_MULTIPART_FILENAME_MAX)
                return OC_MP_VALUE_TOO_LONG;
            if (!ext) {
                memcpy(part->filename, value, value_len + 1);
                part->filename_len = value_len;
                part->has_filename = true;
            }
        } else if (ieq(pn, pn_len, "filename*")) {
            if (ext)
                return OC_MP_BAD_DISPOSITION;
            ext = true;
            if (quoted)
                return OC_MP_BAD_FILENAME;
            if (too_long)
                return OC_MP_VALUE_TOO_LONG;
            oc_multipart_error_t e = ext_filename(part, value, value_len);
            if (e != OC_MP_OK)
                return e;
        }
        /* Other parameters are allowed and ignored. */
    }
    return name ? OC_MP_OK : OC_MP_BAD_DISPOSITION;
}

/* The header block head[0..len): lines "Name: value" each ending in CRLF (CR and LF only
 * occur as pairs: the reader checked). */
static oc_multipart_error_t parse_head(oc_multipart_part_t *part, const char *head, size_t len)
{
    bool cd = false, ct = false, cte = false;
    size_t pos = 0;
    while (pos < len) {
        const char *line = head + pos;
        const char *cr = memchr(line, '\r', len - pos);
        size_t line_len = (size_t)(cr - line);
        pos += line_len + 2;
        if (line[0] == ' ' || line[0] == '\t')
            return OC_MP_BAD_HEADER; /* obsolete line folding */
        const char *colon = memchr(line, ':', line_len);
        if (colon == NULL || colon == line)
            return OC_MP_BAD_HEADER;
        size_t name_len = (size_t)(colon - line);
        for (size_t i = 0; i < name_len; i++)
            if (!is_tchar((unsigned char)line[i]))
                return OC_MP_BAD_HEADER;
        const char *v = colon + 1, *end = line + line_len;
        for (const char *q = v; q < end; q++) {
            unsigned char c = (unsigned char)*q;
            if ((c < 0x20 && c != '\t') || c == 0x7F)
                return OC_MP_BAD_HEADER;
        }
        while (v < end && (*v == ' ' || *v == '\t'))
            v++;
        while (end > v && (end[-1] == ' ' || end[-1] == '\t'))
            end--;
        size_t vlen = (size_t)(end - v);
        oc_multipart_error_t e = OC_MP_OK;
        if (ieq(line, name_len, "Content-Disposition")) {
            if (cd)
                return OC_MP_DUPLICATE_HEADER;
            cd = true;
            e = disposition(part, v, vlen);
        } else if (ieq(line, name_len, "Content-Type")) {
            if (ct)
                return OC_MP_DUPLICATE_HEADER;
            ct = true;
            if (vlen > OC_MULTIPART_TYPE_MAX)
                return OC_MP_VALUE_TOO_LONG;
            memcpy(part->content_type, v, vlen);
            part->content_type[vlen] = '\0';
        } else if (ieq(line, name_len, "Content-Transfer-Encoding")) {
            if (cte)
                return OC_MP_DUPLICATE_HEADER;
            cte = true;
            if (!ieq(v, vlen, "7bit") && !ieq(v, vlen, "8bit") && !ieq(v, vlen, "binary"))
                return OC_MP_BAD_ENCODING;
        }
        if (e != OC_MP_OK)
            return e;
    }
    return cd ? OC_MP_OK : OC_MP_NO_DISPOSITION;
}

/* ---- the body -------------------------------------------------------------------------- */

int oc_multipart_init(oc_multipart_t *p, const char *boundary, size_t len, unsigned max_parts,
                      const oc_multipart_callbacks_t *cb, void *arg)
{
    static const oc_multipart_callbacks_t none = {0};
    memset(p, 0, offsetof(oc_multipart_t, part));
    if (len == 0 || len > OC_MULTIPART_BOUNDARY_MAX || memchr(boundary, '\r', len) != NULL)
        return p->status = OC_EINVAL;
    p->cb = cb ? cb : &none;
    p->arg = arg;
    p->max_parts = max_parts;
    memcpy(p->delim, "\r\n--", 4);
    memcpy(p->delim + 4, boundary, len);
    p->delim_len = (uint8_t)(4 + len);
    p->state = S_PREAMBLE;
    p->matched = 2; /* the body starts as if after a CRLF */
    return 0;
}

static int stop(oc_multipart_t *p, int rc)
{
    p->error = OC_MP_STOPPED;
    p->status = rc < 0 ? rc : OC_ECANCELED;
    return p->status;
}

/* Content bytes of the current part (or of the preamble, which are dropped). */
static bool emit(oc_multipart_t *p, const char *data, size_t len)
{
    if (p->state != S_DATA || len == 0)
        return true;
    p->part.data_len += len;
    if (p->cb->on_data != NULL) {
        int rc = p->cb->on_data(&p->part, data, len, p->arg);
        if (rc != 0) {
            stop(p, rc);
            return false;
        }
    }
    return true;
}

/* PREAMBLE and DATA: content up to the next delimiter. Returns the bytes used. */
static size_t scan_content(oc_multipart_t *p, const char *d, size_t len, size_t i)
{
    while (i < len) {
        if (p->matched == 0) {
            const char *cr = memchr(d + i, '\r', len - i);
            size_t upto = cr ? (size_t)(cr - d) : len;
            if (!emit(p, d + i, upto - i))
                return len;
            if (cr == NULL)
                return len;
            p->matched = 1;
            i = upto + 1;
            continue;
        }
        if (d[i] == p->delim[p->matched]) {
            i++;
            if (++p->matched < p->delim_len)
                continue;
            p->matched = 0;
            if (p->state == S_DATA && p->cb->on_part_end != NULL) {
                int rc = p->cb->on_part_end(&p->part, p->arg);
                if (rc != 0) {
                    stop(p, rc);
                    return len;
                }
            }
            p->state = S_AFTER;
            return i;
        }
        /* Not a delimiter after all: what matched was content; look at d[i] again. */
        size_t m = p->matched;
        p->matched = 0;
        if (!emit(p, p->delim, m))
            return len;
    }
    return i;
}

static void begin_part(oc_multipart_t *p)
{
    if (p->parts >= p->max_parts) {
        fail(p, OC_MP_TOO_MANY_PARTS);
        return;
    }
    memset(&p->part, 0, sizeof(p->part));
    p->part.index = p->parts++;
    p->head_len = p->line_start = 0;
    p->state = S_HEAD;
}

/* HEAD: collects the header block up to the empty line. Returns the bytes used. */
static size_t read_head(oc_multipart_t *p, const char *d, size_t len, size_t i)
{
    while (i < len) {
        char c = d[i++];
        if (p->head_len == sizeof(p->head)) {
            fail(p, OC_MP_HEADER_TOO_LARGE);
            return len;
        }
        bool after_cr = p->head_len > 0 && p->head[p->head_len - 1] == '\r';
        if (after_cr != (c == '\n')) {
            fail(p, OC_MP_BAD_HEADER); /* a bare CR or LF */
            return len;
        }
        p->head[p->head_len++] = c;
        if (c != '\n')
            continue;
        if (p->head_len - p->line_start > 2) {
            p->line_start = p->head_len;
            continue;
        }
        /* The empty line: the block is complete. */
        oc_multipart_error_t e = parse_head(&p->part, p->head, p->line_start);
        if (e != OC_MP_OK) {
            fail(p, e);
            return len;
        }
        p->part.data_offset = p->offset + i;
        p->state = S_DATA;
        if (p->cb->on_part != NULL) {
            int rc = p->cb->on_part(&p->part, p->arg);
            if (rc != 0) {
                stop(p, rc);
                return len;
            }
        }
        return i;
    }
    return i;
}

/* The states between a delimiter and what follows it, one byte at a time. */
static void after_delimiter(oc_multipart_t *p, char c)
{
    switch (p->state) {
    case S_AFTER:
        if (c == '-')
            p->state = S_DASH;
        else if (c == ' ' || c == '\t')
            p->state = S_PAD;
        else if (c == '\r')
            p->state = S_LF;
        else
            fail(p, OC_MP_BAD_DELIMITER);
        break;
    case S_PAD:
        if (c == '\r')
            p->state = S_LF;
        else if (c != ' ' && c != '\t')
            fail(p, OC_MP_BAD_DELIMITER);
        break;
    case S_LF:
        if (c == '\n')
            begin_part(p);
        else
            fail(p, OC_MP_BAD_DELIMITER);
        break;
    case S_DASH:
        if (c == '-')
            p->state = S_CLOSE;
        else
            fail(p, OC_MP_BAD_DELIMITER);
        break;
    case S_CLOSE:
        if (c == '\r')
            p->state = S_CLOSE_LF;
        else if (c != ' ' && c != '\t')
            fail(p, OC_MP_BAD_DELIMITER);
        break;
    case S_CLOSE_LF:
        if (c == '\n')
            p->state = S_EPILOGUE;
        else
            fail(p, OC_MP_BAD_DELIMITER);
        break;
    default: break;
    }
}

int oc_multipart_feed(oc_multipart_t *p, const char *data, size_t len)
{
    size_t i = 0;
    while (i < len && p->status == 0) {
        switch (p->state) {
        case S_PREAMBLE:
        case S_DATA: i = scan_content(p, data, len, i); break;
        case S_HEAD: i = read_head(p, data, len, i); break;
        case S_EPILOGUE: i = len; break;
        default: after_delimiter(p, data[i++]); break;
        }
    }
    p->offset += len;
    return p->status;
}

int oc_multipart_finish(oc_multipart_t *p)
{
    if (p->status != 0)
        return p->status;
    if (p->state != S_CLOSE && p->state != S_EPILOGUE)
        return fail(p, OC_MP_TRUNCATED);
    return 0;
}

bool oc_multipart_done(const oc_multipart_t *p)
{
    return p->status == 0 &&
           (p->state == S_CLOSE || p->state == S_CLOSE_LF || p->state == S_EPILOGUE);
}

int oc_multipart_parse(oc_multipart_t *p, const char *boundary, size_t boundary_len,
                       unsigned max_parts, const oc_multipart_callbacks_t *cb, void *arg,
                       const char *body, size_t len)
{
    int rc = oc_multipart_init(p, boundary, boundary_len, max_parts, cb, arg);
    if (rc == 0)
        rc = oc_multipart_feed(p, body, len);
    if (rc == 0)
        rc = oc_multipart_finish(p);
    return rc;
}
