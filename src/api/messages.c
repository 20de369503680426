/* /api/v1 routes that read messages: history pages of a DM chat or a zone channel, pinned
 * messages, one message, and search in a DM chat or a zone. Writing messages goes over the
 * socket (docs/PROTOCOL.md). Who may read what is decided by the domain (conversations.h);
 * these handlers check the query, run one read job and map a refusal to its status and code
 * (the same codes the socket events use). */
#include "api/api_internal.h"

#include "core/alloc.h"
#include "core/errors.h"
#include "core/id.h"
#include "core/utf8.h"
#include "domain/messages.h"
#include "domain/search.h"
#include "http/parser.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct msg_op {
    int64_t user_id;
    int64_t chat_id;    /* a DM chat (0: none) */
    int64_t channel_id; /* a zone channel (0: none) */
    int64_t zone_id;    /* zone search */
    int64_t message_id; /* GET /messages/:id */
    oc_page_dir_t dir;
    int64_t cursor; /* before / after / around, or search's before (0: none) */
    int64_t limit;
    char *q; /* search text, decoded and trimmed */
    size_t q_len;
    oc_msg_refusal_t why;
    bool no_zone; /* zone search: not a member of such a zone */
    oc_buf_t out;
} msg_op_t;

static void op_free(void *data)
{
    msg_op_t *op = data;
    free(op->q);
    oc_buf_free(&op->out);
    free(op);
}

static msg_op_t *op_new(oc_call_t *call)
{
    msg_op_t *op = oc_xcalloc(1, sizeof(*op));
    op->user_id = call->user_id;
    op->limit = OC_PAGE_SIZE;
    call->data = op;
    call->data_free = op_free;
    return op;
}

/* The status each refusal gets over REST. */
static int refusal_status(oc_msg_refusal_t why)
{
    switch (why) {
    case OC_MR_CHAT_NOT_FOUND:
    case OC_MR_CHANNEL_NOT_FOUND:
    case OC_MR_MESSAGE_NOT_FOUND: return 404;
    case OC_MR_CHANNEL_NOT_TEXT:
    case OC_MR_REPLY_NOT_FOUND:
    case OC_MR_ATTACHMENT_NOT_FOUND: return 422;
    case OC_MR_PIN_LIMIT:
    case OC_MR_REACTION_LIMIT: return 409;
    default: return 403;
    }
}

static void refuse(oc_call_t *call, oc_msg_refusal_t why)
{
    oc_call_reply_error(call, refusal_status(why), oc_msg_refusal_code(why),
                        oc_msg_refusal_message(why));
}

static void done(oc_call_t *call, int status)
{
    msg_op_t *op = call->data;
    if (op->why != OC_MR_NONE)
        refuse(call, op->why);
    else if (op->no_zone)
        oc_call_reply_error(call, 404, "zone_not_found", "No such zone.");
    else if (status != 0)
        oc_call_reply_status(call, status);
    else
        oc_call_reply_json(call, 200, &op->out);
}

/* ---- input ----------------------------------------------------------------------------- */

/* A path parameter that must be an id; else replies 404 with the refusal. */
static bool path_id(oc_call_t *call, const char *name, oc_msg_refusal_t why, int64_t *out)
{
    size_t len;
    const char *v = oc_http_request_param(call->req, name, &len);
    if (v == NULL || !oc_id_parse(v, len, out)) {
        refuse(call, why);
        return false;
    }
    return true;
}

/* An optional query parameter that must be an id: *present says whether it was given. */
static bool query_id(oc_call_t *call, const char *name, int64_t *out, bool *present)
{
    const char *v;
    size_t len;
    *present = oc_http_request_query(call->req, name, &v, &len);
    if (!*present)
        return true;
    if (!oc_id_parse(v, len, out)) {
        char msg[96];
        snprintf(msg, sizeof(msg), "%s must be a message id.", name);
        oc_call_reply_invalid(call, name, msg);
        return false;
    }
    return true;
}

/* ?before= | ?after= | ?around= (at most one) and ?limit=1..50. */
static bool page_query(oc_call_t *call, msg_op_t *op)
{
    static const struct {
        const char *name;
        oc_page_dir_t dir;
    } CURSORS[] = {
        {"before", OC_PAGE_BEFORE}, {"after", OC_PAGE_AFTER}, {"around", OC_PAGE_AROUND}};
    op->dir = OC_PAGE_LATEST;
    for (size_t i = 0; i < sizeof(CURSORS) / sizeof(CURSORS[0]); i++) {
        int64_t id = 0;
        bool present;
        if (!query_id(call, CURSORS[i].name, &id, &present))
            return false;
        if (!present)
            continue;
        if (op->dir != OC_PAGE_LATEST) {
            oc_call_reply_invalid(call, CURSORS[i].name,
                                  "Give at most one of before, after and around.");
            return false;
        }
        op->dir = CURSORS[i].dir;
        op->cursor = id;
    }
    const char *v;
    size_t len;
    if (!oc_http_request_query(call->req, "limit", &v, &len))
        return true;
    int64_t n = 0;
    bool ok = len > 0 && len <= 2;
    for (size_t i = 0; ok && i < len; i++) {
        ok = v[i] >= '0' && v[i] <= '9';
        n = n * 10 + (v[i] - '0');
    }
    if (!ok || n < 1 || n > OC_PAGE_SIZE) {
        oc_call_reply_invalid(call, "limit", "limit must be a whole number from 1 to 50.");
        return false;
    }
    op->limit = n;
    return true;
}

static bool is_ascii_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* ?q=: text of 1..OC_SEARCH_MAX_CHARS characters with 1..OC_SEARCH_MAX_WORDS words. */
static bool search_text(oc_call_t *call, msg_op_t *op)
{
    const char *v;
    size_t len;
    oc_buf_t b = OC_BUF_INIT;
    const char *why = "q must be the text to search for.";
    bool ok = oc_http_request_query(call->req, "q", &v, &len) &&
              oc_http_url_decode(v, len, true, &b) == 0 &&
              (b.len == 0 || (memchr(b.data, '\0', b.len) == NULL && oc_utf8_valid(b.data, b.len)));
    size_t from = 0, to = ok ? b.len : 0;
    while (from < to && is_ascii_space(b.data[from]))
        from++;
    while (to > from && is_ascii_space(b.data[to - 1]))
        to--;
    size_t chars = 0;
    for (size_t i = from; i < to; i++)
        chars += ((unsigned char)b.data[i] & 0xC0) != 0x80;
    if (ok && (chars == 0 || chars > OC_SEARCH_MAX_CHARS)) {
        ok = false;
        why = "q must be 1 to 200 characters.";
    }
    if (ok) {
        oc_buf_t expr = OC_BUF_INIT;
        int words = oc_search_query(oc_db_kind(call->api->db), b.data + from, to - from, &expr);
        oc_buf_free(&expr);
        if (words <= 0) {
            ok = false;
            why = words == 0 ? "q must contain a word." : "q must have at most 16 words.";
        }
    }
    if (!ok) {
        oc_buf_free(&b);
        oc_call_reply_invalid(call, "q", why);
        return false;
    }
    op->q = oc_xstrndup(b.data + from, to - from);
    op->q_len = to - from;
    oc_buf_free(&b);
    return true;
}

/* ---- history and pins ------------------------------------------------------------------ */

static int page_job(oc_dbc_t *c, void *arg)
{
    msg_op_t *op = arg;
    oc_conv_t conv;
    int rc = oc_conv_open(c, op->user_id, op->chat_id, op->channel_id, false, &conv, &op->why);
    if (rc == 0)
        rc = oc_message_page_json(c, &conv, op->dir, op->cursor, (int)op->limit, op->user_id,
                                  &op->out);
    return rc;
}

static int pins_job(oc_dbc_t *c, void *arg)
{
    msg_op_t *op = arg;
    oc_conv_t conv;
    int rc = oc_conv_open(c, op->user_id, op->chat_id, op->channel_id, false, &conv, &op->why);
    return rc != 0 ? rc : oc_message_pins_json(c, &conv, op->user_id, &op->out);
}

/* GET /chats/:chat_id/messages?before|after|around=&limit= */
static void get_chat_messages(oc_call_t *call)
{
    msg_op_t *op = op_new(call);
    if (path_id(call, "chat_id", OC_MR_CHAT_NOT_FOUND, &op->chat_id) && page_query(call, op))
        oc_call_read(call, page_job, done);
}

/* GET /channels/:channel_id/messages?before|after|around=&limit= */
static void get_channel_messages(oc_call_t *call)
{
    msg_op_t *op = op_new(call);
    if (path_id(call, "channel_id", OC_MR_CHANNEL_NOT_FOUND, &op->channel_id) &&
        page_query(call, op))
        oc_call_read(call, page_job, done);
}

/* GET /chats/:chat_id/pins */
static void get_chat_pins(oc_call_t *call)
{
    msg_op_t *op = op_new(call);
    if (path_id(call, "chat_id", OC_MR_CHAT_NOT_FOUND, &op->chat_id))
        oc_call_read(call, pins_job, done);
}

/* GET /channels/:channel_id/pins */
static void get_channel_pins(oc_call_t *call)
{
    msg_op_t *op = op_new(call);
    if (path_id(call, "channel_id", OC_MR_CHANNEL_NOT_FOUND, &op->channel_id))
        oc_call_read(call, pins_job, done);
}

static int message_job(oc_dbc_t *c, void *arg)
{
    msg_op_t *op = arg;
    oc_buf_append_str(&op->out, "{\"message\":");
    int rc = oc_message_json_load(c, op->user_id, op->message_id, &op->out, &op->why);
    oc_buf_append_char(&op->out, '}');
    return rc;
}

/* GET /messages/:id */
static void get_message(oc_call_t *call)
{
    msg_op_t *op = op_new(call);
    if (path_id(call, "id", OC_MR_MESSAGE_NOT_FOUND, &op->message_id))
        oc_call_read(call, message_job, done);
}

/* ---- search ---------------------------------------------------------------------------- */

static int chat_search_job(oc_dbc_t *c, void *arg)
{
    msg_op_t *op = arg;
    oc_conv_t conv;
    int rc = oc_conv_open(c, op->user_id, op->chat_id, 0, false, &conv, &op->why);
    return rc != 0
               ? rc
               : oc_search_conv_json(c, &conv, op->q, op->q_len, op->cursor, op->user_id, &op->out);
}

/* GET /chats/:chat_id/search?q=&before= */
static void search_chat(oc_call_t *call)
{
    msg_op_t *op = op_new(call);
    bool present;
    if (path_id(call, "chat_id", OC_MR_CHAT_NOT_FOUND, &op->chat_id) && search_text(call, op) &&
        query_id(call, "before", &op->cursor, &present) && oc_call_rate_user(call, "search"))
        oc_call_read(call, chat_search_job, done);
}

static int zone_search_job(oc_dbc_t *c, void *arg)
{
    msg_op_t *op = arg;
    if (op->channel_id == 0) {
        int rc = oc_search_zone_json(c, op->zone_id, op->q, op->q_len, op->cursor, op->user_id,
                                     &op->out);
        op->no_zone = rc == OC_ENOENT;
        return rc;
    }
    /* The zone first, so a non-member hears "no such zone" whatever the channel. */
    oc_role_t role;
    int rc = oc_zone_role(c, op->zone_id, op->user_id, &role);
    if (rc != 0)
        return rc;
    if (role == OC_ROLE_NONE) {
        op->no_zone = true;
        return OC_ENOENT;
    }
    oc_conv_t conv;
    rc = oc_conv_open(c, op->user_id, op->zone_id, op->channel_id, false, &conv, &op->why);
    return rc != 0
               ? rc
               : oc_search_conv_json(c, &conv, op->q, op->q_len, op->cursor, op->user_id, &op->out);
}

/* GET /zones/:id/search?q=&channel_id=&before= */
static void search_zone(oc_call_t *call)
{
    msg_op_t *op = op_new(call);
    size_t len;
    const char *v = oc_http_request_param(call->req, "id", &len);
    if (v == NULL || !oc_id_parse(v, len, &op->zone_id)) {
        oc_call_reply_error(call, 404, "zone_not_found", "No such zone.");
        return;
    }
    bool present;
    if (!search_text(call, op) || !query_id(call, "before", &op->cursor, &present) ||
        !oc_call_rate_user(call, "search"))
        return;
    const char *ch;
    if (oc_http_request_query(call->req, "channel_id", &ch, &len) &&
        !oc_id_parse(ch, len, &op->channel_id)) {
        oc_call_reply_invalid(call, "channel_id", "channel_id must be a channel id.");
        return;
    }
    oc_call_read(call, zone_search_job, done);
}

void oc__api_messages(oc_api_t *api)
{
    oc_api_route(api, OC_HTTP_GET, "/chats/:chat_id/messages", get_chat_messages, OC_ROUTE_AUTH);
    oc_api_route(api, OC_HTTP_GET, "/channels/:channel_id/messages", get_channel_messages,
                 OC_ROUTE_AUTH);
    oc_api_route(api, OC_HTTP_GET, "/chats/:chat_id/pins", get_chat_pins, OC_ROUTE_AUTH);
    oc_api_route(api, OC_HTTP_GET, "/channels/:channel_id/pins", get_channel_pins, OC_ROUTE_AUTH);
    oc_api_route(api, OC_HTTP_GET, "/messages/:id", get_message, OC_ROUTE_AUTH);
    oc_api_route(api, OC_HTTP_GET, "/chats/:chat_id/search", search_chat, OC_ROUTE_AUTH);
    oc_api_route(api, OC_HTTP_GET, "/zones/:id/search", search_zone, OC_ROUTE_AUTH);
}
