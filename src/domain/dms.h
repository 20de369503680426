/* Direct-message chats: one chat of type 'dm' per pair of users, opened between friends.
 *
 * dm_pairs holds at most one chat per pair (smaller id first); both users are rows of
 * `members`, like zone members, so message delivery needs a single membership table. Opening
 * runs in one write job that selects the pair's chat or creates it: the single writer makes
 * that atomic, so parallel opens for one pair all get the same chat. Messages are not this
 * module's business. Functions run inside database jobs (store/db.h). */
#ifndef OC_DOMAIN_DMS_H
#define OC_DOMAIN_DMS_H

#include "core/buf.h"
#include "domain/friends.h"
#include "store/db.h"

#include <stdbool.h>
#include <stdint.h>

/* Opens the DM between user_id and other: refusals (OC_EPERM, *why) SELF, NO_USER, BLOCKED
 * (either way), NOT_FRIENDS, in that order. On success out gets the chat JSON
 * {"id","type":"dm","user":<other, public with presence>,"created_at"} and *created says
 * whether this call created it. */
int oc_dm_open(oc_dbc_t *c, int64_t user_id, int64_t other, int64_t now_ms, oc_buf_t *out,
               bool *created, oc_friend_refusal_t *why);

/* {"chats":[<chat JSON>...]}: user_id's DMs with live users, newest chat first. */
int oc_dms_list(oc_dbc_t *c, int64_t user_id, oc_buf_t *out);

#endif
