/* Message events: send, edit, delete, pin, unpin and reactions (docs/PROTOCOL.md).
 *
 * Each event is checked on the loop (payload, rate limit), carried out by one write job
 * (domain/messages.h: the rules, the rows, the JSON clients get) and answered only after
 * that job's transaction committed; then the change goes to the conversation's room, except
 * the socket that acted (it has the acknowledgement). The single writer commits jobs in the
 * order they were queued and their callbacks run in that order, so every room sees a
 * conversation's messages in the order they were stored. */
#include "live/live_internal.h"

#include "core/alloc.h"
#include "core/errors.h"
#include "core/id.h"
#include "core/json_fields.h"
#include "domain/messages.h"
#include "store/files.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { SEND, EDIT, DELETE, PIN, UNPIN, REACT_ADD, REACT_REMOVE } action_t;

typedef struct msg_job {
    oc_live_t *live;
    oc_sio_socket_t *sio; /* referenced until done */
    int64_t ack_id;
    int64_t user_id;
    action_t action;
    /* input */
    int64_t chat_id, channel_id, reply_to, message_id;
    char *content;
    size_t content_len;
    int64_t attachments[OC_MESSAGE_MAX_ATTACHMENTS];
    size_t num_attachments;
    char nonce[OC_NONCE_MAX + 1];
    char emoji[OC_EMOJI_MAX_BYTES + 1];
    int64_t now;
    /* output */
    oc_message_result_t result;
} msg_job_t;

static oc_message_draft_t draft_of(const msg_job_t *j)
{
    return (oc_message_draft_t){
        .author_id = j->user_id,
        .chat_id = j->chat_id,
        .channel_id = j->channel_id,
        .content = j->content,
        .content_len = j->content_len,
        .reply_to = j->reply_to,
        .attachments = j->attachments,
        .num_attachments = j->num_attachments,
        .nonce = j->nonce[0] ? j->nonce : NULL,
        .now = j->now,
    };
}

static int work(oc_dbc_t *c, void *arg)
{
    msg_job_t *j = arg;
    switch (j->action) {
    case SEND: {
        /* A merged attempt (merge_sends) that was rolled back may have left a result. */
        oc_message_result_free(&j->result);
        memset(&j->result, 0, sizeof(j->result));
        oc_message_draft_t d = draft_of(j);
        return oc_message_send(c, &d, &j->result);
    }
    case EDIT:
        return oc_message_edit(c, j->user_id, j->message_id, j->content, j->content_len, j->now,
                               &j->result);
    case DELETE: return oc_message_delete(c, j->user_id, j->message_id, j->now, &j->result);
    case PIN:
    case UNPIN:
        return oc_message_pin(c, j->user_id, j->message_id, j->action == PIN, j->now, &j->result);
    default:
        return oc_reaction_set(c, j->user_id, j->message_id, j->emoji, j->action == REACT_ADD,
                               j->now, &j->result);
    }
}

/* The acknowledgement: {"<key>": <result JSON>}. */
static void ack_result(msg_job_t *j, const char *key)
{
    if (j->ack_id < 0)
        return;
    oc_buf_t b = OC_BUF_INIT;
    oc_buf_printf(&b, "{\"%s\":", key);
    oc_buf_append(&b, j->result.json.data, j->result.json.len);
    oc_buf_append_char(&b, '}');
    oc_sio_ack(j->sio, j->ack_id, b.data, b.len);
    oc_buf_free(&b);
}

/* The change to everyone in the conversation but the socket that made it. */
static void broadcast(msg_job_t *j, const char *event)
{
    char room[LIVE_ROOM_MAX];
    size_t n = oc__live_conv_room(room, &j->result.conv);
    oc_sio_broadcast_t b;
    oc_sio_broadcast_init(&b, j->live->nsp);
    oc_sio_broadcast_to(&b, room, n);
    const char *id = oc_sio_socket_id(j->sio);
    oc_sio_broadcast_except(&b, id, strlen(id));
    oc_sio_broadcast(&b, event, j->result.json.data, j->result.json.len);
}

static void done(int status, void *arg)
{
    msg_job_t *j = arg;
    oc_message_result_t *r = &j->result;
    if (status == OC_EPERM) {
        oc__live_ack_refusal(j->sio, j->ack_id, r->why);
    } else if (status != 0) {
        oc__live_ack_status(j->sio, j->ack_id, status);
    } else {
        switch (j->action) {
        case SEND:
            ack_result(j, "message");
            if (!r->duplicate) {
                oc__live_typing_stop(j->live, &r->conv, j->user_id);
                broadcast(j, "message:new");
            }
            break;
        case EDIT:
            ack_result(j, "message");
            broadcast(j, "message:updated");
            break;
        case DELETE:
            ack_result(j, "deleted");
            broadcast(j, "message:deleted");
            if (r->num_removed_files > 0) {
                oc_files_remove(j->live->loop, j->live->uploads_dir, r->removed_files,
                                r->num_removed_files, NULL, NULL);
                r->removed_files = NULL; /* taken */
                r->num_removed_files = 0;
            }
            break;
        case PIN:
        case UNPIN:
            ack_result(j, "message");
            if (r->changed)
                broadcast(j, "message:updated");
            break;
        default:
            ack_result(j, "reaction");
            if (r->changed)
                broadcast(j, "reaction:updated");
            break;
        }
    }
    oc_message_result_free(r);
    oc_sio_socket_unref(j->sio);
    free(j->content);
    free(j);
}

static msg_job_t *job_new(live_socket_t *ls, const oc_sio_event_t *ev, action_t action)
{
    msg_job_t *j = oc_xcalloc(1, sizeof(*j));
    j->live = ls->live;
    j->sio = ls->sio;
    oc_sio_socket_ref(ls->sio);
    j->ack_id = ev->ack_id;
    j->user_id = ls->user_id;
    j->action = action;
    j->now = oc_now_ms();
    return j;
}

/* Sends queued next to each other, all at once (oc_db_merge_fn): on PostgreSQL one statement
 * instead of one round trip per message. */
static int merge_sends(oc_dbc_t *c, void **args, int *statuses, size_t n)
{
    oc_message_draft_t drafts[OC_DB_MERGE_MAX];
    oc_message_result_t *results[OC_DB_MERGE_MAX];
    oc_assert(n <= OC_DB_MERGE_MAX);
    for (size_t i = 0; i < n; i++) {
        msg_job_t *j = args[i];
        drafts[i] = draft_of(j);
        results[i] = &j->result;
    }
    return oc_message_send_many(c, drafts, results, statuses, n);
}

static void submit(msg_job_t *j)
{
    oc_message_draft_t d = draft_of(j);
    bool merge = j->action == SEND && oc_db_kind(j->live->db) == OC_DB_POSTGRES &&
                 oc_message_send_many_takes(&d);
    int rc = merge ? oc_db_write_merged(j->live->db, work, merge_sends, done, j)
                   : oc_db_write(j->live->db, work, done, j);
    if (rc != 0)
        done(rc, j);
}

static void job_drop(msg_job_t *j)
{
    oc_sio_socket_unref(j->sio);
    free(j->content);
    free(j);
}

/* The payload of an event, or NULL after answering invalid_field. */
static cJSON *payload(oc_sio_socket_t *s, const oc_sio_event_t *ev)
{
    cJSON *p = oc__live_payload(ev);
    if (p == NULL)
        oc__live_ack_invalid(s, ev->ack_id, "payload", "The event needs a JSON object.");
    return p;
}

/* Reads and checks "content" into j (attachments: how many the message will carry). */
static bool read_content(msg_job_t *j, const cJSON *p, size_t attachments)
{
    const char *text;
    size_t len;
    char msg[128];
    if (oc_field_text(p, "content", attachments == 0, &text, &len, msg, sizeof(msg)) != 0) {
        oc__live_ack_invalid(j->sio, j->ack_id, "content", msg);
        return false;
    }
    if (text == NULL) {
        text = "";
        len = 0;
    }
    const char *err = oc_message_content_error(text, len, attachments);
    if (err != NULL) {
        oc__live_ack_invalid(j->sio, j->ack_id, "content", err);
        return false;
    }
    j->content = oc_xstrndup(text, len);
    j->content_len = len;
    return true;
}

static bool read_message_id(msg_job_t *j, const cJSON *p)
{
    char msg[128];
    if (oc_field_id(p, "message_id", true, &j->message_id, msg, sizeof(msg)) != 0) {
        oc__live_ack_invalid(j->sio, j->ack_id, "message_id", msg);
        return false;
    }
    return true;
}

/* ---- message:send ---------------------------------------------------------------------- */

static bool read_send(msg_job_t *j, const cJSON *p)
{
    char msg[128];
    if (!oc__live_target(j->sio, j->ack_id, p, &j->chat_id, &j->channel_id))
        return false;
    if (oc_field_ids(p, "attachments", j->attachments, OC_MESSAGE_MAX_ATTACHMENTS,
                     &j->num_attachments, msg, sizeof(msg)) != 0) {
        oc__live_ack_invalid(j->sio, j->ack_id, "attachments", msg);
        return false;
    }
    if (!read_content(j, p, j->num_attachments))
        return false;
    if (oc_field_id(p, "reply_to", false, &j->reply_to, msg, sizeof(msg)) != 0) {
        oc__live_ack_invalid(j->sio, j->ack_id, "reply_to", msg);
        return false;
    }
    const char *nonce;
    size_t nlen;
    if (oc_field_text(p, "nonce", false, &nonce, &nlen, msg, sizeof(msg)) != 0 ||
        (nonce != NULL && !oc_message_nonce_valid(nonce, nlen))) {
        oc__live_ack_invalid(j->sio, j->ack_id, "nonce",
                             "nonce must be 1 to 64 characters of A-Z, a-z, 0-9, _ and -.");
        return false;
    }
    if (nonce != NULL)
        memcpy(j->nonce, nonce, nlen + 1);
    return true;
}

/* Reads an event's payload into a new job, takes a token of the rate limit `rate` (none when
 * NULL) and submits the job; a refusal has been answered by then. */
static void start(oc_sio_socket_t *s, const oc_sio_event_t *ev, action_t action,
                  bool (*read)(msg_job_t *j, const cJSON *p), const char *rate)
{
    live_socket_t *ls = oc__live_socket(s);
    if (ls == NULL)
        return;
    cJSON *p = payload(s, ev);
    if (p == NULL)
        return;
    msg_job_t *j = job_new(ls, ev, action);
    bool ok = read(j, p) && (rate == NULL || oc__live_rate(ls, ev->ack_id, rate));
    cJSON_Delete(p);
    if (ok)
        submit(j);
    else
        job_drop(j);
}

static void on_send(oc_sio_socket_t *s, const oc_sio_event_t *ev, void *ctx)
{
    (void)ctx;
    start(s, ev, SEND, read_send, "message");
}

/* ---- message:edit, message:delete, message:pin, message:unpin -------------------------- */

/* An edit keeps some text: taking all of it away is a delete. */
static bool read_edit(msg_job_t *j, const cJSON *p)
{
    return read_message_id(j, p) && read_content(j, p, 0);
}

static void on_edit(oc_sio_socket_t *s, const oc_sio_event_t *ev, void *ctx)
{
    (void)ctx;
    start(s, ev, EDIT, read_edit, "message");
}

static void on_delete(oc_sio_socket_t *s, const oc_sio_event_t *ev, void *ctx)
{
    (void)ctx;
    start(s, ev, DELETE, read_message_id, NULL);
}

static void on_pin(oc_sio_socket_t *s, const oc_sio_event_t *ev, void *ctx)
{
    (void)ctx;
    start(s, ev, PIN, read_message_id, NULL);
}

static void on_unpin(oc_sio_socket_t *s, const oc_sio_event_t *ev, void *ctx)
{
    (void)ctx;
    start(s, ev, UNPIN, read_message_id, NULL);
}

/* ---- reaction:add, reaction:remove ----------------------------------------------------- */

static bool read_reaction(msg_job_t *j, const cJSON *p)
{
    if (!read_message_id(j, p))
        return false;
    const char *emoji;
    size_t len;
    char msg[128];
    if (oc_field_text(p, "emoji", true, &emoji, &len, msg, sizeof(msg)) != 0 ||
        !oc_emoji_valid(emoji, len)) {
        oc__live_ack_invalid(j->sio, j->ack_id, "emoji", "emoji must be one emoji.");
        return false;
    }
    memcpy(j->emoji, emoji, len + 1);
    return true;
}

static void on_react_add(oc_sio_socket_t *s, const oc_sio_event_t *ev, void *ctx)
{
    (void)ctx;
    start(s, ev, REACT_ADD, read_reaction, "reaction");
}

static void on_react_remove(oc_sio_socket_t *s, const oc_sio_event_t *ev, void *ctx)
{
    (void)ctx;
    start(s, ev, REACT_REMOVE, read_reaction, "reaction");
}

void oc__live_messages_register(oc_live_t *live)
{
    oc_sio_on(live->nsp, "message:send", on_send, live);
    oc_sio_on(live->nsp, "message:edit", on_edit, live);
    oc_sio_on(live->nsp, "message:delete", on_delete, live);
    oc_sio_on(live->nsp, "message:pin", on_pin, live);
    oc_sio_on(live->nsp, "message:unpin", on_unpin, live);
    oc_sio_on(live->nsp, "reaction:add", on_react_add, live);
    oc_sio_on(live->nsp, "reaction:remove", on_react_remove, live);
}
