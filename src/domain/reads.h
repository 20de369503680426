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

#include <stdint.h>

#define OC_UNREAD_CAP 1000

/* Marks conv read up to message_id, which must be a message of conv (else OC_EPERM with
 * *why MESSAGE_NOT_FOUND). *last_read gets the position afterwards (the newer of the stored
 * one and message_id); *moved says whether it changed. */
int oc_read_mark(oc_dbc_t *c, int64_t user_id, const oc_conv_t *conv, int64_t message_id,
                 int64_t *last_read, bool *moved, oc_msg_refusal_t *why);

/* Writes the read-state fields of one conversation for user_id, to be spliced into its JSON
 * object: "last_read_id":"<id>"|null,"last_message_id":"<id>"|null,"unread_count":N,
 * "mention_count":N (no surrounding braces, no leading comma). */
int oc_read_state_json(oc_dbc_t *c, int64_t user_id, const oc_conv_t *conv, oc_buf_t *out);

#endif
