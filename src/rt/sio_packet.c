/* Socket.IO v5 packet codec: see sio_packet.h.
 *
 * socket.io-parser's Decoder.decodeString is the model for what is accepted. Where it leans
 * on JavaScript's loose Number() (" 1-", "1e0-", an ack id of " " or of 30 digits), this
 * decoder wants plain ASCII digits and bounded lengths instead. */
#include "rt/sio_packet.h"

#include "core/alloc.h"
#include "core/errors.h"

#include <stdbool.h>
#include <string.h>

/* Event names that socket.io gives a meaning of its own; a peer may not emit them. */
static const char *const reserved_events[] = {
    "connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener",
};

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_json_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static const char *skip_ws(const char *p, const char *end)
{
    while (p < end && is_json_ws(*p))
        p++;
    return p;
}

/* p is at a '"'. Returns the byte after the closing quote, or NULL if there is none. */
static const char *skip_string(const char *p, const char *end)
{
    for (p++; p < end; p++) {
        if (*p == '\\') {
            if (++p == end)
                break;
        } else if (*p == '"') {
            return p + 1;
        }
    }
    return NULL;
}

/* A number or literal runs until a JSON delimiter. */
static const char *skip_scalar(const char *p, const char *end)
{
    while (p < end && !is_json_ws(*p) && *p != ',' && *p != ']' && *p != '}' && *p != ':')
        p++;
    return p;
}

/* The object member key at p (a '"'), as a slice; NULL if p is not at a string. */
static const char *read_key(const char *p, const char *end, oc_json_slice_t *key)
{
    if (p >= end || *p != '"')
        return NULL;
    const char *after = skip_string(p, end);
    if (after == NULL)
        return NULL;
    key->ptr = p;
    key->len = (size_t)(after - p);
    key->type = OC_JSON_STRING;
    return after;
}

int oc_sio_placeholder_num(const oc_json_slice_t *value)
{
    if (value == NULL || value->ptr == NULL || value->type != OC_JSON_OBJECT)
        return -1;
    const char *p = value->ptr, *end = value->ptr + value->len;
    if (p >= end || *p != '{')
        return -1;
    p++;

    bool flagged = false;
    int num = -1;
    for (;;) {
        oc_json_slice_t key;
        p = read_key(skip_ws(p, end), end, &key);
        if (p == NULL)
            return -1;
        p = skip_ws(p, end);
        if (p >= end || *p != ':')
            return -1;
        p = skip_ws(p + 1, end);
        const char *val = p;
        p = skip_scalar(p, end);
        size_t val_len = (size_t)(p - val);

        /* Each key at most once: a duplicate could smuggle a second num past a reader that
         * keeps the first one while JavaScript keeps the last. */
        if (oc_json_string_equals(&key, "_placeholder")) {
            if (flagged || val_len != 4 || memcmp(val, "true", 4) != 0)
                return -1;
            flagged = true;
        } else if (oc_json_string_equals(&key, "num")) {
            /* Nine digits always fit an int; "1.0", "1e0" and "-1" stop early and fail. */
            if (num >= 0 || val_len == 0 || val_len > 9 || (val[0] == '0' && val_len > 1))
                return -1;
            int n = 0;
            for (size_t i = 0; i < val_len; i++) {
                if (!is_digit(val[i]))
                    return -1;
                n = n * 10 + (val[i] - '0');
            }
            num = n;
        } else {
            return -1;
        }

        p = skip_ws(p, end);
        if (p < end && *p == ',') {
            p++;
            continue;
        }
        if (p < end && *p == '}')
            break;
        return -1;
    }
    if (skip_ws(p + 1, end) != end || !flagged)
        return -1;
    return num;
}

typedef struct placeholder_tally {
    unsigned count;
    uint32_t seen; /* bit n set: num n was met */
} placeholder_tally_t;

/* Walks one value of already validated JSON starting at p and tallies the placeholders in
 * it. Returns the byte after the value, or NULL to reject. The bounds checks only guard
 * against a scanner bug: validation has already vouched for the structure and depth. */
static const char *walk_value(const char *p, const char *end, placeholder_tally_t *tally,
                              unsigned depth)
{
    /* Scalars inside the deepest container the scanner allows sit one level lower. */
    if (depth > OC_JSON_MAX_DEPTH + 1)
        return NULL;
    p = skip_ws(p, end);
    if (p >= end)
        return NULL;

    if (*p == '"')
        return skip_string(p, end);

    if (*p == '[') {
        p = skip_ws(p + 1, end);
        if (p < end && *p == ']')
            return p + 1;
        for (;;) {
            p = walk_value(p, end, tally, depth + 1);
            if (p == NULL)
                return NULL;
            p = skip_ws(p, end);
            if (p < end && *p == ',')
                p++;
            else if (p < end && *p == ']')
                return p + 1;
            else
                return NULL;
        }
    }

    if (*p == '{') {
        const char *start = p;
        bool flagged = false;
        p = skip_ws(p + 1, end);
        if (p < end && *p == '}')
            return p + 1;
        for (;;) {
            oc_json_slice_t key;
            p = read_key(skip_ws(p, end), end, &key);
            if (p == NULL)
                return NULL;
            p = skip_ws(p, end);
            if (p >= end || *p != ':')
                return NULL;
            const char *val = skip_ws(p + 1, end);
            p = walk_value(val, end, tally, depth + 1);
            if (p == NULL)
                return NULL;
            if (p - val == 4 && memcmp(val, "true", 4) == 0 &&
                oc_json_string_equals(&key, "_placeholder"))
                flagged = true;
            p = skip_ws(p, end);
            if (p < end && *p == ',')
                p++;
            else if (p < end && *p == '}')
                break;
            else
                return NULL;
        }
        p++;
        if (flagged) {
            /* socket.io-parser swaps any object whose _placeholder is true for a buffer, so
             * a near-miss ({"_placeholder":true,"num":"0"}) must not slip through as data.
             * {"_placeholder":false} is plain data to it, and to us. */
            oc_json_slice_t obj = {start, (size_t)(p - start), OC_JSON_OBJECT};
            int num = oc_sio_placeholder_num(&obj);
            if (num < 0 || num >= OC_SIO_MAX_ATTACHMENTS || (tally->seen & (1u << num)))
                return NULL;
            tally->seen |= 1u << num;
            tally->count++;
        }
        return p;
    }

    const char *after = skip_scalar(p, end);
    return after == p ? NULL : after;
}

int oc_sio_placeholders_check(const char *json, size_t len)
{
    if (json == NULL || oc_json_validate(json, len, NULL) != 0)
        return OC_EPROTO;
    placeholder_tally_t tally = {0, 0};
    const char *end = json + len;
    const char *p = walk_value(json, end, &tally, 1);
    if (p == NULL || skip_ws(p, end) != end)
        return OC_EPROTO;
    /* Distinct nums below the limit fill 0..count-1 only when none is missing. */
    if (tally.seen != (1u << tally.count) - 1)
        return OC_EPROTO;
    return (int)tally.count;
}

static bool is_reserved_event(const oc_json_slice_t *name)
{
    /* Every reserved name starts with c, d, n or r: a name that starts otherwise, without
     * an escape, cannot be one, which spares the comparisons for nearly every event. */
    char first = name->len > 2 ? name->ptr[1] : '\0';
    if (first != 'c' && first != 'd' && first != 'n' && first != 'r' && first != '\\')
        return false;
    for (size_t i = 0; i < OC_ARRAY_LEN(reserved_events); i++) {
        if (oc_json_string_equals(name, reserved_events[i]))
            return true;
    }
    return false;
}

/* Checks the payload text s[0..len) (not empty) against the packet type and fills
 * out->data/data_len (white space trimmed) and, for events and acks, argc/argv. */
static int decode_payload(const char *s, size_t len, oc_sio_packet_t *out)
{
    oc_json_slice_t value;

    switch (out->type) {
    case OC_SIO_CONNECT:
    case OC_SIO_CONNECT_ERROR:
        if (oc_json_validate(s, len, &value) != 0)
            return OC_EPROTO;
        if (value.type != OC_JSON_OBJECT &&
            !(out->type == OC_SIO_CONNECT_ERROR && value.type == OC_JSON_STRING))
            return OC_EPROTO;
        out->data = value.ptr;
        out->data_len = value.len;
        return 0;

    case OC_SIO_DISCONNECT: return OC_EPROTO;

    case OC_SIO_EVENT:
    case OC_SIO_ACK:
    case OC_SIO_BINARY_EVENT:
    case OC_SIO_BINARY_ACK:
        if (oc_json_array_split(s, len, out->argv, OC_SIO_MAX_ARGS, &out->argc) != 0)
            return OC_EPROTO;
        break;
    }

    /* The split vouched for one array amid white space; keep just the array. */
    const char *end = s + len;
    s = skip_ws(s, end);
    while (end > s && is_json_ws(end[-1]))
        end--;
    out->data = s;
    out->data_len = (size_t)(end - s);

    if (out->type == OC_SIO_EVENT || out->type == OC_SIO_BINARY_EVENT) {
        if (out->argc == 0)
            return OC_EPROTO;
        const oc_json_slice_t *name = &out->argv[0];
        if (name->type != OC_JSON_NUMBER &&
            (name->type != OC_JSON_STRING || is_reserved_event(name)))
            return OC_EPROTO;
    }
    if (out->attachments > 0 &&
        oc_sio_placeholders_check(out->data, out->data_len) != (int)out->attachments)
        return OC_EPROTO;
    return 0;
}

int oc_sio_decode(const char *s, size_t len, oc_sio_packet_t *out)
{
    if (len == 0 || s[0] < '0' || s[0] > '6')
        return OC_EPROTO;
    out->type = (oc_sio_type_t)(s[0] - '0');
    out->attachments = 0;
    out->nsp = "/";
    out->nsp_len = 1;
    out->id = -1;
    out->data = NULL;
    out->data_len = 0;
    out->argc = 0;
    size_t i = 1;

    if (out->type == OC_SIO_BINARY_EVENT || out->type == OC_SIO_BINARY_ACK) {
        /* Two digits cover OC_SIO_MAX_ATTACHMENTS; a third is already too many. */
        size_t start = i;
        uint32_t n = 0;
        while (i < len && is_digit(s[i]) && i - start < 3)
            n = n * 10 + (uint32_t)(s[i++] - '0');
        if (i == start || s[start] == '0' || n > OC_SIO_MAX_ATTACHMENTS || i >= len || s[i] != '-')
            return OC_EPROTO;
        out->attachments = n;
        i++;
    }

    if (i < len && s[i] == '/') {
        /* "0/admin" and "0/admin," name the same namespace: the comma is only needed when
         * an id or a payload follows. */
        const char *comma = memchr(s + i, ',', len - i);
        size_t nsp_end = comma ? (size_t)(comma - s) : len;
        if (nsp_end - i > OC_SIO_MAX_NSP_LEN)
            return OC_EPROTO;
        out->nsp = s + i;
        out->nsp_len = nsp_end - i;
        i = comma ? nsp_end + 1 : len;
    }

    if (i < len && is_digit(s[i])) {
        size_t start = i;
        int64_t id = 0;
        while (i < len && is_digit(s[i])) {
            if (i - start == OC_SIO_MAX_ID_DIGITS)
                return OC_EPROTO;
            id = id * 10 + (s[i++] - '0');
        }
        out->id = id;
    }

    if (i == len) {
        /* No payload: fine for CONNECT (no auth data) and DISCONNECT; events and acks need
         * their array and CONNECT_ERROR its message. */
        if (out->type == OC_SIO_CONNECT || out->type == OC_SIO_DISCONNECT)
            return 0;
        return OC_EPROTO;
    }
    return decode_payload(s + i, len - i, out);
}

void oc_sio_encode_head(oc_buf_t *out, oc_sio_type_t type, uint32_t attachments, const char *nsp,
                        size_t nsp_len, int64_t id)
{
    oc_assert((unsigned)type <= OC_SIO_BINARY_ACK);
    oc_buf_append_char(out, (char)('0' + type));
    if (attachments > 0) {
        oc_buf_append_u64(out, attachments);
        oc_buf_append_char(out, '-');
    }
    if (nsp_len > 0 && !(nsp_len == 1 && nsp[0] == '/')) {
        oc_buf_append(out, nsp, nsp_len);
        oc_buf_append_char(out, ',');
    }
    if (id >= 0)
        oc_buf_append_i64(out, id);
}
