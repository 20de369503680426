/* Messages: writing, changing and reading the messages of a conversation (conversations.h).
 *
 * Every action takes the acting user, opens the conversation for them and checks the rule
 * (author only, ADMIN+ in a zone, not between blocked users), so a refused action changes
 * nothing: it returns OC_EPERM with the reason in out->why and the write job rolls back.
 * Results come back as the JSON the clients receive (see docs/PROTOCOL.md, "Message"), built
 * inside the job so the loop only copies bytes into frames.
 *
 * Ids are time-ordered, so the id is the keyset-pagination cursor: "before X" is the newest
 * messages with id < X, "after X" the oldest with id > X, "around X" X with the messages on
 * both sides; pages never overlap and leave no gaps. Deleted messages are not in pages.
 * Functions taking an oc_dbc_t run inside database jobs; the validators are pure. */
#ifndef OC_DOMAIN_MESSAGES_H
#define OC_DOMAIN_MESSAGES_H

#include "core/buf.h"
#include "domain/conversations.h"
#include "store/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OC_MESSAGE_MAX_CHARS       4000 /* Unicode code points */
#define OC_MESSAGE_MAX_ATTACHMENTS 10
#define OC_MESSAGE_MAX_MENTIONS    50 /* distinct users counted per message */
#define OC_NONCE_MAX               64 /* bytes of [A-Za-z0-9_-] */
#define OC_PAGE_SIZE               50
#define OC_PINS_MAX                50 /* per conversation */
#define OC_REACTIONS_MAX           20 /* distinct emoji per message */
#define OC_EMOJI_MAX_BYTES         64
#define OC_REPLY_PREVIEW_CHARS     200 /* code points of the replied-to text in "reply" */

/* ---- validation (pure, on the loop before any job) ------------------------------------- */

/* Checks message text: valid UTF-8 without NUL, at most OC_MESSAGE_MAX_CHARS code points,
 * not empty or white space only unless attachments > 0. Returns NULL when fine, else a
 * message for the user (the field is "content"). */
const char *oc_message_content_error(const char *s, size_t len, size_t attachments);
/* A client nonce: 1..OC_NONCE_MAX bytes of [A-Za-z0-9_-]. */
bool oc_message_nonce_valid(const char *s, size_t len);
/* A reaction: valid UTF-8 of 1..OC_EMOJI_MAX_BYTES bytes, at most 16 code points, without
 * ASCII letters, digits, white space or control characters (so emoji and their sequences,
 * not words). */
bool oc_emoji_valid(const char *s, size_t len);
/* The users a text mentions as <@id>, in order of first appearance, without repeats, at most
 * max; returns how many were written to ids. */
size_t oc_message_mentions_parse(const char *s, size_t len, int64_t *ids, size_t max);

/* ---- actions (inside write jobs) ------------------------------------------------------- */

/* What an action produced. json is owned by the caller: oc_buf_free it after use (also on
 * errors; it is empty then). */
typedef struct oc_message_result {
    oc_conv_t conv;       /* the conversation acted in (rooms to tell) */
    int64_t message_id;   /* the message acted on */
    oc_msg_refusal_t why; /* with an OC_EPERM return */
    bool duplicate;       /* send: the nonce was used before; json is that message */
    bool changed;         /* pin/reaction: false when it was already so (nothing to tell) */
    oc_buf_t json;        /* the event payload, see each action */
    char **removed_files; /* delete: attachment storage keys to remove after the commit */
    size_t num_removed_files;
} oc_message_result_t;

void oc_message_result_free(oc_message_result_t *r);

typedef struct oc_message_draft {
    int64_t author_id;
    int64_t chat_id;    /* a DM chat (or the zone of channel_id, or 0) */
    int64_t channel_id; /* a zone text channel, or 0 for a DM */
    const char *content;
    size_t content_len;         /* checked with oc_message_content_error */
    int64_t reply_to;           /* 0: none; else a live message of the same conversation */
    const int64_t *attachments; /* the author's pending uploads (attachments.h) */
    size_t num_attachments;     /* at most OC_MESSAGE_MAX_ATTACHMENTS, no repeats */
    const char *nonce;          /* NULL or checked with oc_message_nonce_valid */
    int64_t now;                /* ms: created_at */
} oc_message_draft_t;

/* Sends: opens the conversation (refusals CHAT_NOT_FOUND, CHANNEL_NOT_FOUND,
 * CHANNEL_NOT_TEXT, BLOCKED), returns the earlier message when the author already used this
 * nonce (out->duplicate; even after a block since, and out->conv is then that message's own
 * conversation), checks reply_to (REPLY_NOT_FOUND) and claims the attachments
 * (ATTACHMENT_NOT_FOUND), stores the message with a new id (oc_id_next) and its mentions
 * (only of users who belong to the conversation, not the author), and moves the author's
 * read position to it (reads.h: what one wrote is read). out->json: the message. */
int oc_message_send(oc_dbc_t *c, const oc_message_draft_t *d, oc_message_result_t *out);
/* Whether oc_message_send_many takes d: a zone text channel send without reply or
 * attachments. */
bool oc_message_send_many_takes(const oc_message_draft_t *d);
/* n sends at once, as oc_message_send each (status[i] its return, out[i] its result), with
 * one statement for all on PostgreSQL where each statement is a round trip. A negative
 * status[i] is a refusal that wrote nothing. Returns 0, or OC_ENOTSUP (another backend, or
 * a draft it does not take) or a database error, having then possibly written some of them:
 * the caller rolls back and sends them one by one (an oc_db_merge_fn). */
int oc_message_send_many(oc_dbc_t *c, const oc_message_draft_t *d, oc_message_result_t **out,
                         int *status, size_t n);

/* Edits the text (author only: NOT_AUTHOR; BLOCKED in a blocked DM; content checked by the
 * caller, never empty: taking all the text away is a delete) and recomputes its mentions.
 * out->json: the message without "reactions" (for message:updated). */
int oc_message_edit(oc_dbc_t *c, int64_t user_id, int64_t message_id, const char *content,
                    size_t len, int64_t now, oc_message_result_t *out);

/* Deletes (the author, or ADMIN+ in a zone: ADMIN_REQUIRED; NOT_AUTHOR in a DM): the text,
 * attachments, reactions, mentions and pin go; the row stays as a tombstone so replies can
 * say so. out->json: {"id","chat_id","channel_id"}; out->removed_files: the attachments'
 * files. */
int oc_message_delete(oc_dbc_t *c, int64_t user_id, int64_t message_id, int64_t now,
                      oc_message_result_t *out);

/* Pins or unpins (ADMIN+ in a zone: ADMIN_REQUIRED; either member in a DM, not while one
 * blocked the other: BLOCKED; at most OC_PINS_MAX: PIN_LIMIT). out->changed is false when it
 * already was. out->json: the message without "reactions". */
int oc_message_pin(oc_dbc_t *c, int64_t user_id, int64_t message_id, bool pinned, int64_t now,
                   oc_message_result_t *out);

/* Adds or removes the user's reaction (any member who can write there: BLOCKED in a blocked
 * DM; a new emoji beyond OC_REACTIONS_MAX: REACTION_LIMIT). out->changed is false when
 * nothing changed. out->json: {"message_id","chat_id","channel_id","emoji","user_id",
 * "count","added"} with count the emoji's count after the change. */
int oc_reaction_set(oc_dbc_t *c, int64_t user_id, int64_t message_id, const char *emoji, bool add,
                    int64_t now, oc_message_result_t *out);

/* ---- reading (inside read jobs) -------------------------------------------------------- */

typedef enum { OC_PAGE_LATEST, OC_PAGE_BEFORE, OC_PAGE_AFTER, OC_PAGE_AROUND } oc_page_dir_t;

/* One page of an opened conversation as {"messages":[...], "has_more_before":bool,
 * "has_more_after":bool}, oldest first, with reactions' "me" for viewer_id. limit 1..
 * OC_PAGE_SIZE (AROUND: up to limit/2 before the cursor, the rest from it on). */
int oc_message_page_json(oc_dbc_t *c, const oc_conv_t *conv, oc_page_dir_t dir, int64_t cursor,
                         int limit, int64_t viewer_id, oc_buf_t *out);

/* {"messages":[...]}: the conversation's pinned messages, most recently pinned first. */
int oc_message_pins_json(oc_dbc_t *c, const oc_conv_t *conv, int64_t viewer_id, oc_buf_t *out);

/* One message as JSON for viewer_id (who must see the conversation: MESSAGE_NOT_FOUND). */
int oc_message_json_load(oc_dbc_t *c, int64_t viewer_id, int64_t message_id, oc_buf_t *out,
                         oc_msg_refusal_t *why);

/* ---- raw rows (benchmarks, tests) ------------------------------------------------------ */

typedef struct oc_message_row {
    int64_t id;
    int64_t chat_id;
    int64_t channel_id;  /* 0 in a DM */
    int64_t author_id;   /* 0 when the author's account is gone */
    const char *content; /* valid during the row callback only */
    size_t content_len;
    int64_t reply_to;
    int64_t created_at;
    int64_t edited_at;
    int64_t deleted_at;
    bool pinned;
} oc_message_row_t;

/* Inserts a message row as given (no checks). OC_EEXIST, and nothing written, when the author
 * already stored a message with this nonce. */
int oc_message_insert(oc_dbc_t *c, const oc_message_row_t *m, const char *nonce);

/* Calls row(m, arg) for each message of one page of the conversation, in ascending id order.
 * limit is at most OC_PAGE_SIZE (for AROUND: up to limit/2 on each side plus the message). */
int oc_message_page(oc_dbc_t *c, int64_t chat_id, int64_t channel_id, oc_page_dir_t dir,
                    int64_t cursor, int limit, void (*row)(const oc_message_row_t *m, void *arg),
                    void *arg);

#endif
