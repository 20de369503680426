/* Relations between two users: friend requests, friendships and blocks.
 *
 *   A ──request──► B      one friend_requests row per direction
 *   A ◄──friends──► B     one friendships row per pair, smaller id first
 *   A ──blocks──► B       one blocks row per direction; either direction forbids
 *                         requests and direct messages; blocking ends the friendship
 *                         and the requests
 *
 * Functions taking an oc_dbc_t run inside database jobs (store/db.h). A refusal returns
 * OC_EPERM with the reason in *why (nothing changed; in a write job the error also rolls
 * back the job's savepoint); other negative codes are database failures. The listing and
 * result functions write their JSON straight into a buffer: rows never pile up in memory. */
#ifndef OC_DOMAIN_FRIENDS_H
#define OC_DOMAIN_FRIENDS_H

#include "core/buf.h"
#include "domain/users.h"
#include "store/db.h"

#include <stdbool.h>
#include <stdint.h>

/* Why a relation change was refused. */
typedef enum oc_friend_refusal {
    OC_FRIEND_OK = 0,
    OC_FRIEND_NO_USER,        /* the other user does not exist (or was deleted) */
    OC_FRIEND_SELF,           /* the other user is the caller */
    OC_FRIEND_UNVERIFIED,     /* the caller has not verified their e-mail address */
    OC_FRIEND_BLOCKED,        /* one of the two blocked the other (not saying which) */
    OC_FRIEND_ALREADY,        /* already friends */
    OC_FRIEND_REQUEST_EXISTS, /* the caller already asked */
    OC_FRIEND_NOT_FRIENDS,    /* not friends */
    OC_FRIEND_NO_REQUEST,     /* no such request addressed to / sent by the caller */
    OC_FRIEND_NOT_BLOCKED,    /* the caller has not blocked that user */
} oc_friend_refusal_t;

/* ---- shared by the social modules (friends, dms, profiles) ----------------------------- */

/* Loads a live user's public fields; OC_ENOENT if there is none. */
int oc_friend_load_user(oc_dbc_t *c, int64_t id, oc_user_t *out);

/* Whether a and b are friends / whether either blocked the other. */
int oc_friends_are(oc_dbc_t *c, int64_t a, int64_t b, bool *out);
int oc_blocked_either(oc_dbc_t *c, int64_t a, int64_t b, bool *out);

/* {"user":<public user with presence>,"since":ms} */
void oc_friend_json(oc_buf_t *out, const oc_user_t *u, int64_t since);

/* ---- friends --------------------------------------------------------------------------- */

/* {"friends":[<friend JSON>...]} for user_id, by username. */
int oc_friends_list(oc_dbc_t *c, int64_t user_id, oc_buf_t *out);
/* Ends a friendship (NOT_FRIENDS when there is none). */
int oc_friend_remove(oc_dbc_t *c, int64_t user_id, int64_t other, oc_friend_refusal_t *why);

/* ---- requests -------------------------------------------------------------------------- */

/* {"incoming":[<request>...],"outgoing":[<request>...]}, oldest first, where a request is
 * {"id","user":<the other user, public>,"created_at"}. */
int oc_friend_requests_list(oc_dbc_t *c, int64_t user_id, oc_buf_t *out);

/* user_id asks the user with id `to` (when not 0) or username `to_name` (lower case) to be
 * friends. Refusals, in the order checked: UNVERIFIED, NO_USER, SELF, BLOCKED, ALREADY,
 * REQUEST_EXISTS. If the other user had already asked user_id, they become friends at once:
 * *befriended is set and out gets the friend JSON; otherwise out gets the new request. */
int oc_friend_request_send(oc_dbc_t *c, int64_t user_id, int64_t to, const char *to_name,
                           int64_t now_ms, oc_buf_t *out, bool *befriended,
                           oc_friend_refusal_t *why);
/* The recipient accepts request `id` (NO_REQUEST unless it is addressed to user_id from a live
 * user): out gets the friend JSON. */
int oc_friend_request_accept(oc_dbc_t *c, int64_t user_id, int64_t id, int64_t now_ms,
                             oc_buf_t *out, oc_friend_refusal_t *why);
/* The recipient rejects (*from: the sender), or the sender cancels (*to: the recipient),
 * request `id` (NO_REQUEST otherwise). */
int oc_friend_request_reject(oc_dbc_t *c, int64_t user_id, int64_t id, int64_t *from,
                             oc_friend_refusal_t *why);
int oc_friend_request_cancel(oc_dbc_t *c, int64_t user_id, int64_t id, int64_t *to,
                             oc_friend_refusal_t *why);

/* ---- blocks ---------------------------------------------------------------------------- */

/* {"blocked":[<public user>...]}, in the order they were blocked. */
int oc_blocks_list(oc_dbc_t *c, int64_t user_id, oc_buf_t *out);
/* Blocks `other` (NO_USER, SELF; blocking twice is no error) and ends the friendship and the
 * requests between the two in both directions. */
int oc_block_add(oc_dbc_t *c, int64_t user_id, int64_t other, int64_t now_ms,
                 oc_friend_refusal_t *why);
/* Lifts a block (NOT_BLOCKED when there is none). Nothing else comes back. */
int oc_block_remove(oc_dbc_t *c, int64_t user_id, int64_t other, oc_friend_refusal_t *why);

#endif
