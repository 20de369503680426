/* Conversations: the places messages are written to, and who may read and write there.
 *
 * A conversation is either a DM chat (two members, channel_id 0) or one text channel of a
 * zone (every member of the zone). Its id — the channel id, or the DM chat's id — keys read
 * positions and mentions. Every message action starts by opening the conversation for the
 * acting user: a user who is not a member gets the same answer as for a conversation that
 * does not exist, so ids cannot be probed. Refusals carry a reason (oc_msg_refusal_t) that
 * the REST API and the socket events turn into the same error codes. Functions taking an
 * oc_dbc_t run inside database jobs. */
#ifndef OC_DOMAIN_CONVERSATIONS_H
#define OC_DOMAIN_CONVERSATIONS_H

#include "domain/zones.h"
#include "store/db.h"

#include <stdbool.h>
#include <stdint.h>

/* Why a message action was refused. Each has its own error code (oc_msg_refusal_code). */
typedef enum oc_msg_refusal {
    OC_MR_NONE = 0,
    OC_MR_CHAT_NOT_FOUND,       /* chat_not_found: no such DM, or not one of its members */
    OC_MR_CHANNEL_NOT_FOUND,    /* channel_not_found: no such channel, or not a zone member */
    OC_MR_CHANNEL_NOT_TEXT,     /* channel_not_text: a voice channel has no messages */
    OC_MR_BLOCKED,              /* blocked: one of the two DM members blocked the other */
    OC_MR_MESSAGE_NOT_FOUND,    /* message_not_found: not in a conversation the user sees */
    OC_MR_NOT_AUTHOR,           /* not_author: only the author may edit */
    OC_MR_ADMIN_REQUIRED,       /* admin_required: needs ADMIN or OWNER in the zone */
    OC_MR_REPLY_NOT_FOUND,      /* reply_not_found: reply_to is not in this conversation */
    OC_MR_ATTACHMENT_NOT_FOUND, /* attachment_not_found: not the sender's pending upload */
    OC_MR_PIN_LIMIT,            /* pin_limit: OC_PINS_MAX pins in the conversation */
    OC_MR_REACTION_LIMIT,       /* reaction_limit: OC_REACTIONS_MAX emoji on the message */
    OC_MR_COUNT
} oc_msg_refusal_t;

/* The error code and an English message for a refusal. */
const char *oc_msg_refusal_code(oc_msg_refusal_t why);
const char *oc_msg_refusal_message(oc_msg_refusal_t why);

typedef enum oc_conv_kind { OC_CONV_DM = 1, OC_CONV_CHANNEL = 2 } oc_conv_kind_t;

/* A conversation as seen by one user. */
typedef struct oc_conv {
    oc_conv_kind_t kind;
    int64_t id;         /* channel_id for a channel, chat_id for a DM */
    int64_t chat_id;    /* the DM chat, or the zone */
    int64_t channel_id; /* 0 for a DM */
    oc_role_t role;     /* the user's role in the zone; OC_ROLE_MEMBER in a DM */
    int64_t peer_id;    /* DM: the other member (0 when their account is gone) */
    bool blocked;       /* DM: either member blocked the other */
} oc_conv_t;

/* Opens a conversation for user_id: channel_id != 0 names a zone channel (chat_id, when not
 * 0, must be its zone), else chat_id names a DM chat. Returns 0, or OC_EPERM with *why
 * CHAT_NOT_FOUND, CHANNEL_NOT_FOUND or CHANNEL_NOT_TEXT (voice channels are refused unless
 * allow_voice). A blocked DM opens (reading is allowed) with out->blocked set. */
int oc_conv_open(oc_dbc_t *c, int64_t user_id, int64_t chat_id, int64_t channel_id,
                 bool allow_voice, oc_conv_t *out, oc_msg_refusal_t *why);
/* What a channel query found for a user: the channel's zone and type and the user's role
 * there (found is false when there is no channel or the user has no row in its zone). */
typedef struct oc_conv_channel_row {
    bool found;
    int64_t zone;
    char type[16];
    char role[16];
} oc_conv_channel_row_t;

/* Reads row from the three columns from col on (zone, type, role) of the row st is on;
 * step_rc is what oc_stmt_step returned (no row: not found). */
void oc_conv_channel_read(oc_stmt_t *st, int step_rc, int col, oc_conv_channel_row_t *row);
/* oc_conv_open's rule for a channel, applied to what a query found: for a caller that
 * fetched it in a statement of its own (the PostgreSQL send). Returns 0 with out filled, or
 * OC_EPERM with *why as oc_conv_open. */
int oc_conv_channel(int64_t chat_id, int64_t channel_id, const oc_conv_channel_row_t *row,
                    bool allow_voice, oc_conv_t *out, oc_msg_refusal_t *why);

/* Opens the conversation a message is in, for user_id: OC_EPERM MESSAGE_NOT_FOUND when the
 * message does not exist, is deleted, or is in a conversation the user is not part of.
 * author_id (may be NULL) gets the message's author (0 when the account is gone). */
int oc_conv_of_message(oc_dbc_t *c, int64_t user_id, int64_t message_id, oc_conv_t *out,
                       int64_t *author_id, oc_msg_refusal_t *why);

#endif
