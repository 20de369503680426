/* Read positions and unread counts: how far each user has read each conversation.
 *
 * A read position is the id of the newest message the user has seen in a conversation
 * (read_states, keyed by the conversation id of conversations.h); it only moves forward, so
 * two tabs marking different points end at the newer one. Unread counts are the messages
 * after it written by others and not deleted; mention counts the messages after it that
 * mention the user. Both are capped at OC_UNREAD_CAP so a long-unread channel costs one
 * bounded index range. Functions run inside database jobs. */
#ifndef OC_DOMAIN_READS_H
#define OC_DOMAIN_READS_H

#include "core/buf.h"
#include "domain/conversations.h"
#include "store/db.h"

#include <stdbool.h>
#include <stdint.h>

#define OC_UNREAD_CAP 1000

/* Moves user_id's position in conv up to message_id, which the caller just stored there
 * (a message's author has read it): no check that it belongs, no position read back. */
int oc_read_mark_own(oc_dbc_t *c, int64_t user_id, const oc_conv_t *conv, int64_t message_id);

/* Marks conv read up to message_id, which must be a message of conv (else OC_EPERM with
 * *why MESSAGE_NOT_FOUND). *last_read gets the position afterwards (the newer of the stored
 * one and message_id); *moved says whether it changed. */
int oc_read_mark(oc_dbc_t *c, int64_t user_id, const oc_conv_t *conv, int64_t message_id,
                 int64_t *last_read, bool *moved, oc_msg_refusal_t *why);

/* Writes the read-state fields of one conversation for user_id, to be spliced into its JSON
 * object: "last_read_id":"<id>"|null,"last_message_id":"<id>"|null,"unread_count":N,
 * "mention_count":N (no surrounding braces, no leading comma). */
int oc_read_state_json(oc_dbc_t *c, int64_t user_id, const oc_conv_t *conv, oc_buf_t *out);

/* ---- for lists of many conversations (the chat list) ----------------------------------- */

/* One user's read state in one conversation. */
typedef struct oc_read_state {
    int64_t last_read_id;    /* the stored position, 0 when the user never marked one */
    int64_t last_message_id; /* the newest message not deleted, 0 when there is none */
    int64_t unread_count;    /* at most the cap asked for */
    int64_t mention_count;   /* at most the cap asked for */
} oc_read_state_t;

/* The id unread messages start after: the stored position last_read_id (0: none) or, in a
 * zone channel, the last id of the millisecond the user joined the zone (joined_at, ms),
 * whichever is later, so history from before joining is never unread. A DM ignores
 * joined_at. Pure. */
int64_t oc_read_from(const oc_conv_t *conv, int64_t last_read_id, int64_t joined_at);

/* Fills *rs for conv (built by the caller from known ids: kind, id, chat_id, channel_id) from
 * the user's stored position last_read_id (0: none) and joined_at (oc_read_from), counting at
 * most unread_cap unread messages and mention_cap mentions (0..OC_UNREAD_CAP each; 0 skips
 * that count). One statement, index ranges only. */
int oc_read_state_load(oc_dbc_t *c, int64_t user_id, const oc_conv_t *conv, int64_t last_read_id,
                       int64_t joined_at, int64_t unread_cap, int64_t mention_cap,
                       oc_read_state_t *rs);

/* Writes *rs as the fields oc_read_state_json writes. */
void oc_read_state_write(oc_buf_t *out, const oc_read_state_t *rs);

#endif
