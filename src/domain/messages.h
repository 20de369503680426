/* Messages as stored: one row per message in a DM chat or a zone channel, read back in
 * pages by id (ids are time-ordered, so the id is the keyset-pagination cursor).
 *
 * A conversation is a DM chat (channel_id 0) or one channel of a zone. Pages never overlap
 * and leave no gaps: "before X" is the newest messages with id < X, "after X" the oldest with
 * id > X, "around X" is X with the messages on both sides. The functions run inside database
 * jobs. */
#ifndef OC_DOMAIN_MESSAGES_H
#define OC_DOMAIN_MESSAGES_H

#include "store/db.h"

#include <stdbool.h>
#include <stdint.h>

#define OC_MESSAGE_MAX_CHARS 4000
#define OC_PAGE_SIZE         50

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

typedef enum { OC_PAGE_LATEST, OC_PAGE_BEFORE, OC_PAGE_AFTER, OC_PAGE_AROUND } oc_page_dir_t;

/* Inserts a message row (id from oc_id_next()). */
int oc_message_insert(oc_dbc_t *c, const oc_message_row_t *m, const char *nonce);

/* Calls row(m, arg) for each message of one page of the conversation, in ascending id order.
 * limit is at most OC_PAGE_SIZE (for AROUND: up to limit/2 on each side plus the message). */
int oc_message_page(oc_dbc_t *c, int64_t chat_id, int64_t channel_id, oc_page_dir_t dir,
                    int64_t cursor, int limit, void (*row)(const oc_message_row_t *m, void *arg),
                    void *arg);

#endif
