/* The audit log of a zone: one row per change an actor made (who, what, on whom, details as
 * JSON), kept with the zone and read by its admins newest first.
 *
 * The zone modules write an entry in the same job as the change it records, so an entry
 * exists exactly when the change committed. This module only stores and lists entries; it
 * decides nothing about who may read them (zones.h does). */
#ifndef OC_DOMAIN_AUDIT_H
#define OC_DOMAIN_AUDIT_H

#include "core/buf.h"
#include "store/db.h"

#include <stdint.h>

#define OC_AUDIT_PAGE_MAX     100
#define OC_AUDIT_PAGE_DEFAULT 50

/* Actions (target_id in brackets). */
#define OC_AUDIT_ZONE_CREATE     "zone.create"     /* [zone] {name} */
#define OC_AUDIT_ZONE_UPDATE     "zone.update"     /* [zone] {name?, allow_member_invites?} */
#define OC_AUDIT_ZONE_ICON       "zone.icon"       /* [zone] {icon: true|false} */
#define OC_AUDIT_ZONE_TRANSFER   "zone.transfer"   /* [new owner] {} */
#define OC_AUDIT_MEMBER_JOIN     "member.join"     /* [user] {code} */
#define OC_AUDIT_MEMBER_LEAVE    "member.leave"    /* [user] {} */
#define OC_AUDIT_MEMBER_KICK     "member.kick"     /* [user] {} */
#define OC_AUDIT_MEMBER_ROLE     "member.role"     /* [user] {role, previous} */
#define OC_AUDIT_BAN_ADD         "ban.add"         /* [user] {reason} */
#define OC_AUDIT_BAN_REMOVE      "ban.remove"      /* [user] {} */
#define OC_AUDIT_CHANNEL_CREATE  "channel.create"  /* [channel] {name, type} */
#define OC_AUDIT_CHANNEL_UPDATE  "channel.update"  /* [channel] {name?, topic?} */
#define OC_AUDIT_CHANNEL_DELETE  "channel.delete"  /* [channel] {name} */
#define OC_AUDIT_CHANNEL_REORDER "channel.reorder" /* [zone] {channel_ids} */
#define OC_AUDIT_INVITE_CREATE   "invite.create"   /* [-] {code, expires_at, max_uses} */
#define OC_AUDIT_INVITE_REVOKE   "invite.revoke"   /* [-] {code} */

/* Appends an entry. target_id 0 stores NULL; details is a JSON object's text (NULL: "{}"),
 * borrowed. */
int oc_audit_add(oc_dbc_t *c, int64_t zone_id, int64_t actor_id, const char *action,
                 int64_t target_id, const char *details, int64_t now);

/* Writes a JSON array of the zone's entries with ids below `before` (0: from the newest),
 * newest first, at most `limit`: {id, actor (public user or null), action, target_id,
 * details, created_at}. */
int oc_audit_list_json(oc_dbc_t *c, int64_t zone_id, int64_t before, int64_t limit, oc_buf_t *out);

#endif
