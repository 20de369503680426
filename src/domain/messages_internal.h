/* What the message modules share (messages.c, message_json.c, message_actions.c, search.c):
 * decoding text, reading message rows with their author and reply preview, and writing lists of
 * them as the Message JSON of docs/PROTOCOL.md with few queries per list. Nothing outside
 * src/domain includes this. */
#ifndef OC_DOMAIN_MESSAGES_INTERNAL_H
#define OC_DOMAIN_MESSAGES_INTERNAL_H

#include "domain/messages.h"
#include "domain/users.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The code point at s[*i] of valid UTF-8 text, advancing *i past it. */
static inline uint32_t oc__char_next(const char *s, size_t *i)
{
    const unsigned char *p = (const unsigned char *)s + *i;
    int n = p[0] < 0x80 ? 1 : p[0] < 0xE0 ? 2 : p[0] < 0xF0 ? 3 : 4;
    uint32_t c = n == 1 ? p[0] : (uint32_t)(p[0] & (0x7F >> n));
    for (int k = 1; k < n; k++)
        c = (c << 6) | (p[k] & 0x3F);
    *i += (size_t)n;
    return c;
}

/* The tables a message query reads: the message m, its author u, the message it replies to
 * r and r's author ru (every join a primary-key lookup). */
#define OC__MSG_JOINS                                                                              \
    " LEFT JOIN users u ON u.id = m.author_id LEFT JOIN messages r ON r.id = m.reply_to "          \
    "LEFT JOIN users ru ON ru.id = r.author_id "
#define OC__MSG_FROM " FROM messages m" OC__MSG_JOINS
/* The columns oc__msg_read reads, starting at column 0. */
#define OC__MSG_COLUMNS                                                                            \
    "m.id, m.chat_id, COALESCE(m.channel_id, 0), COALESCE(m.author_id, 0), m.content, "            \
    "COALESCE(m.reply_to, 0), m.nonce, m.created_at, COALESCE(m.edited_at, 0), "                   \
    "COALESCE(m.deleted_at, 0), m.pinned, u.username, u.display_name, COALESCE(u.avatar, ''), "    \
    "COALESCE(u.deleted_at, 0), COALESCE(r.id, 0), COALESCE(r.author_id, 0), "                     \
    "COALESCE(ru.deleted_at, 0), r.content, COALESCE(r.deleted_at, 0)"

/* Inserting a message; ON CONFLICT: a nonce the author already used writes nothing (ids are
 * unique by construction). Parameters: id, chat_id, channel_id, author_id, content, reply_to,
 * nonce, created_at. */
#define OC__MSG_INSERT                                                                             \
    "INSERT INTO messages (id, chat_id, channel_id, author_id, content, reply_to, nonce, "         \
    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"

/* One message as read for its JSON. */
typedef struct oc__msg {
    int64_t id;
    int64_t chat_id;
    int64_t channel_id; /* 0 in a DM */
    int64_t author_id;  /* 0: no author to show (account gone) */
    char *content;      /* owned, NUL-terminated */
    size_t content_len;
    char *nonce; /* owned; NULL when none */
    int64_t created_at;
    int64_t edited_at; /* 0: never */
    int64_t deleted_at;
    bool pinned;
    char username[OC_USERNAME_MAX + 1];
    char display_name[OC_DISPLAY_NAME_MAX * 4 + 1];
    char avatar[64];
    int64_t reply_to;     /* 0: not a reply */
    bool reply_found;     /* the replied-to row exists */
    int64_t reply_author; /* 0: none to show */
    bool reply_deleted;   /* the replied-to message was deleted (or is gone) */
    char *reply_preview;  /* owned: its first OC_REPLY_PREVIEW_CHARS code points */
    size_t reply_len;
} oc__msg_t;

/* A growable list of messages. */
typedef struct oc__msg_list {
    oc__msg_t *items;
    size_t count;
    size_t cap;
} oc__msg_list_t;

/* Appends the row st is on (columns OC__MSG_COLUMNS from 0) to list. */
void oc__msg_read(oc_stmt_t *st, oc__msg_list_t *list);
/* Steps st (bound by the caller) and appends at most max rows; resets st. 0 or an error. */
int oc__msg_collect(oc_stmt_t *st, oc__msg_list_t *list, size_t max);
/* Reverses items [from, to). */
void oc__msg_reverse(oc__msg_list_t *list, size_t from, size_t to);
/* Drops items from index n on. */
void oc__msg_truncate(oc__msg_list_t *list, size_t n);
void oc__msg_list_free(oc__msg_list_t *list);

/* Inserts m (as oc_message_insert) and appends the stored row, author and replied-to message
 * included, to list in one statement. OC_EEXIST when the nonce was already used. */
int oc__msg_insert_read(oc_dbc_t *c, const oc_message_row_t *m, const char *nonce,
                        oc__msg_list_t *list);

enum {
    OC__MSG_REACTIONS = 1 << 0,      /* with "reactions" ("me" for the viewer) */
    OC__MSG_NEW = 1 << 1,            /* just stored: no reactions yet (no query) */
    OC__MSG_NO_ATTACHMENTS = 1 << 2, /* known to have none (no query) */
};

/* Writes items [from, from + n) as a JSON array of Message objects: the attachments,
 * reactions and mentions of all of them come from one query each (per 64 messages). */
int oc__msg_list_json(oc_dbc_t *c, const oc__msg_list_t *list, size_t from, size_t n,
                      int64_t viewer_id, unsigned flags, oc_buf_t *out);
/* Writes the first item of list as a Message object. */
int oc__msg_first_json(oc_dbc_t *c, const oc__msg_list_t *list, int64_t viewer_id, unsigned flags,
                       oc_buf_t *out);
/* Writes one stored message (deleted or not) as a Message object; OC_ENOENT when there is
 * no such row. No permission check: the caller has opened its conversation. */
int oc__msg_load_json(oc_dbc_t *c, int64_t message_id, int64_t viewer_id, unsigned flags,
                      oc_buf_t *out);

#endif
