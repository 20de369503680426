/* Zones: community spaces with members, roles, channels and bans, stored as `chats` rows of
 * type 'zone'.
 *
 * Who may do what is decided here, not in the routes: every action takes the acting user
 * (oc_actor_t), checks their role in the zone, and on refusal returns OC_EPERM with the
 * reason in actor->why (so a write job rolls back). Functions taking an oc_dbc_t run inside
 * database jobs (store/db.h); the role rules and name helpers are pure. Invites live in
 * invites.h, the audit log in audit.h. Implementation: zones.c (roles, zones),
 * zone_members.c (members, ownership, bans), zone_channels.c (channels).
 *
 *   OWNER > ADMIN > MEMBER: nobody acts on an equal or higher role, a role is granted only
 *   below one's own (so only the owner makes admins), the owner hands over ownership. */
#ifndef OC_DOMAIN_ZONES_H
#define OC_DOMAIN_ZONES_H

#include "core/buf.h"
#include "domain/users.h"
#include "store/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OC_ZONE_NAME_MAX     100
#define OC_CHANNEL_NAME_MAX  100
#define OC_CHANNEL_TOPIC_MAX 1024
#define OC_ZONE_MAX_CHANNELS 500
#define OC_BAN_REASON_MAX    512

typedef enum oc_role {
    OC_ROLE_NONE = 0, /* not a member */
    OC_ROLE_MEMBER = 1,
    OC_ROLE_ADMIN = 2,
    OC_ROLE_OWNER = 3,
} oc_role_t;

/* Why an action was refused. The API gives each its own status and error code. */
typedef enum oc_zone_refusal {
    OC_ZR_NONE = 0,
    OC_ZR_ZONE_NOT_FOUND,      /* no such zone, or the caller is not a member */
    OC_ZR_EMAIL_UNVERIFIED,    /* creating a zone needs a verified address */
    OC_ZR_ADMIN_REQUIRED,      /* the action needs ADMIN or OWNER */
    OC_ZR_OWNER_REQUIRED,      /* the action needs OWNER */
    OC_ZR_ROLE_TOO_LOW,        /* the target's role is equal to or above the caller's */
    OC_ZR_ROLE_NOT_GRANTABLE,  /* the new role is not below the caller's */
    OC_ZR_MEMBER_NOT_FOUND,    /* the target user is not a member */
    OC_ZR_USER_NOT_FOUND,      /* the target user does not exist */
    OC_ZR_OWNER_MUST_TRANSFER, /* the owner cannot leave */
    OC_ZR_ALREADY_OWNER,       /* transfer to oneself */
    OC_ZR_CHANNEL_NOT_FOUND,   /* no such channel in this zone */
    OC_ZR_LAST_TEXT_CHANNEL,   /* a zone keeps at least one text channel */
    OC_ZR_CHANNEL_LIMIT,       /* OC_ZONE_MAX_CHANNELS reached */
    OC_ZR_CHANNEL_IDS,         /* a reorder list that is not exactly the zone's channels */
    OC_ZR_INVITE_NOT_FOUND,
    OC_ZR_INVITE_EXPIRED,
    OC_ZR_INVITE_EXHAUSTED,
    OC_ZR_INVITE_REVOKED,
    OC_ZR_BANNED,        /* the caller is banned from the zone */
    OC_ZR_BAN_NOT_FOUND, /* the target user is not banned */
    OC_ZR_COUNT
} oc_zone_refusal_t;

/* The user acting, for one database job. */
typedef struct oc_actor {
    int64_t user_id;
    int64_t now;           /* ms, the time the action is recorded at */
    oc_role_t role;        /* out: the actor's role in the zone once checked */
    oc_zone_refusal_t why; /* out: set with an OC_EPERM return */
} oc_actor_t;

typedef struct oc_zone {
    int64_t id;
    char name[OC_ZONE_NAME_MAX * 4 + 1];
    char icon[64];    /* file name, "" when none */
    int64_t owner_id; /* 0 when the owner's account is gone */
    bool allow_member_invites;
    int64_t created_at;
} oc_zone_t;

/* ---- pure rules ------------------------------------------------------------------------ */

/* "owner", "admin", "member" -> role; anything else OC_ROLE_NONE. */
oc_role_t oc_role_parse(const char *s);
/* The role's name ("" for OC_ROLE_NONE). */
const char *oc_role_name(oc_role_t role);
/* May `actor` act on (kick, ban, change the role of) a member whose role is `target`
 * (OC_ROLE_NONE: not a member, as for a ban)? OC_ZR_NONE, OC_ZR_ADMIN_REQUIRED or
 * OC_ZR_ROLE_TOO_LOW. */
oc_zone_refusal_t oc_role_check_act(oc_role_t actor, oc_role_t target);
/* May `actor` change a member from role `target` to `role` (ADMIN or MEMBER)? As
 * oc_role_check_act, plus OC_ZR_ROLE_NOT_GRANTABLE when role is not below the actor's. */
oc_zone_refusal_t oc_role_check_grant(oc_role_t actor, oc_role_t target, oc_role_t role);

/* A channel name as stored: text channels are lower-cased (ASCII) with each run of white
 * space turned into one '-', like Discord; voice channel names stay as given. Returns a new
 * string (caller frees). */
char *oc_channel_name_normalize(const char *type, const char *name);
/* "text" or "voice". */
bool oc_channel_type_valid(const char *type);

/* ---- zones (inside jobs) --------------------------------------------------------------- */

/* Checks that a->user_id is a member of the zone with at least role `min`: fills a->role;
 * OC_EPERM with why ZONE_NOT_FOUND (not a member, or no such zone), ADMIN_REQUIRED or
 * OWNER_REQUIRED. */
int oc_zone_require(oc_dbc_t *c, oc_actor_t *a, int64_t zone_id, oc_role_t min);
/* The user's role in a zone (OC_ROLE_NONE when not a member). */
int oc_zone_role(oc_dbc_t *c, int64_t zone_id, int64_t user_id, oc_role_t *out);

/* Creates a zone named `name` owned by the actor (who needs a verified e-mail address:
 * EMAIL_UNVERIFIED) with channels "general" (text) and "General" (voice). *zone_id gets its
 * id. */
int oc_zone_create(oc_dbc_t *c, oc_actor_t *a, const char *name, int64_t *zone_id);
/* ADMIN+: renames (name NULL: unchanged) and sets allow_member_invites (-1: unchanged). */
int oc_zone_update(oc_dbc_t *c, oc_actor_t *a, int64_t zone_id, const char *name,
                   int allow_member_invites);
/* ADMIN+: sets (icon a file name) or removes (icon NULL) the icon; old gets the previous
 * file name ("" when none) so the caller can delete the file after the commit. */
int oc_zone_set_icon(oc_dbc_t *c, oc_actor_t *a, int64_t zone_id, const char *icon, char old[64]);
/* OWNER: deletes the zone with everything in it. `icon` gets its icon file name. */
int oc_zone_delete(oc_dbc_t *c, oc_actor_t *a, int64_t zone_id, char icon[64]);

int oc_zone_load(oc_dbc_t *c, int64_t zone_id, oc_zone_t *out);
/* Loads a zone and writes it (with my_role, and its channels when `channels`). */
int oc_zone_json_load(oc_dbc_t *c, int64_t zone_id, oc_role_t role, bool channels, oc_buf_t *out);
/* The same with channels, as member user_id sees it: each text channel also carries their
 * read state (domain/reads.h: last_read_id, last_message_id, unread_count, mention_count). */
int oc_zone_json_load_for(oc_dbc_t *c, int64_t zone_id, int64_t user_id, oc_role_t role,
                          oc_buf_t *out);
/* Writes a JSON array of the user's zones (with my_role, without channels), oldest
 * membership first, each with the user's unread_count and mention_count: sums over its text
 * channels, capped at OC_UNREAD_CAP (domain/reads.h). */
int oc_zone_list_json(oc_dbc_t *c, int64_t user_id, oc_buf_t *out);
/* The zone object without its closing brace (so callers can add channels). */
void oc_zone_json_open(oc_buf_t *out, const oc_zone_t *z, oc_role_t role);
/* The icon URL part: "null" or "\"/api/v1/zone-icons/<file>\"". */
void oc_zone_json_icon(oc_buf_t *out, const char *icon);
int64_t oc_zone_member_count(oc_dbc_t *c, int64_t zone_id);

/* ---- members, ownership, bans (inside jobs) -------------------------------------------- */

/* Any member: writes a JSON array of {user, role, joined_at}, oldest member first. */
int oc_member_list_json(oc_dbc_t *c, oc_actor_t *a, int64_t zone_id, oc_buf_t *out);
/* Writes one member's {user, role, joined_at}; OC_ENOENT if they are not a member. */
int oc_member_json_load(oc_dbc_t *c, int64_t zone_id, int64_t user_id, oc_buf_t *out);
/* Inserts a membership (OC_EEXIST when there is one). */
int oc_member_add(oc_dbc_t *c, int64_t zone_id, int64_t user_id, oc_role_t role, int64_t now);
/* Changes a member's role to ADMIN or MEMBER (see oc_role_check_grant). */
int oc_member_set_role(oc_dbc_t *c, oc_actor_t *a, int64_t zone_id, int64_t user_id,
                       oc_role_t role);
/* Removes a member below the actor's role. */
int oc_member_kick(oc_dbc_t *c, oc_actor_t *a, int64_t zone_id, int64_t user_id);
/* OWNER: makes another member the owner; the actor becomes ADMIN. */
int oc_zone_transfer(oc_dbc_t *c, oc_actor_t *a, int64_t zone_id, int64_t user_id);
/* Leaves a zone (the owner: OWNER_MUST_TRANSFER). */
int oc_zone_leave(oc_dbc_t *c, oc_actor_t *a, int64_t zone_id);

/* Whether the user is banned from the zone. */
int oc_ban_check(oc_dbc_t *c, int64_t zone_id, int64_t user_id, bool *banned);
/* ADMIN+: bans a user (and removes their membership); again: updates the reason. */
int oc_ban_put(oc_dbc_t *c, oc_actor_t *a, int64_t zone_id, int64_t user_id, const char *reason);
/* ADMIN+: lifts a ban (BAN_NOT_FOUND when there is none). */
int oc_ban_delete(oc_dbc_t *c, oc_actor_t *a, int64_t zone_id, int64_t user_id);
/* ADMIN+: writes a JSON array of {user, reason, banned_by, created_at}, newest first. */
int oc_ban_list_json(oc_dbc_t *c, oc_actor_t *a, int64_t zone_id, oc_buf_t *out);

/* ---- channels (inside jobs) ------------------------------------------------------------ */

/* Any member: writes a JSON array of the zone's channels in order. */
int oc_channel_list_json(oc_dbc_t *c, int64_t zone_id, oc_buf_t *out);
/* The same as member user_id sees it: each text channel also carries their read state
 * (domain/reads.h); voice channels have none. */
int oc_channel_list_json_for(oc_dbc_t *c, int64_t zone_id, int64_t user_id, oc_buf_t *out);
/* Writes one channel; OC_ENOENT when it is not in the zone. */
int oc_channel_json_load(oc_dbc_t *c, int64_t zone_id, int64_t channel_id, oc_buf_t *out);
/* ADMIN+: adds a channel at the end (name as given: normalized here). topic may be NULL. */
int oc_channel_create(oc_dbc_t *c, oc_actor_t *a, int64_t zone_id, const char *name,
                      const char *type, const char *topic, int64_t *channel_id);
/* ADMIN+: renames and/or sets the topic (NULL: unchanged). */
int oc_channel_update(oc_dbc_t *c, oc_actor_t *a, int64_t zone_id, int64_t channel_id,
                      const char *name, const char *topic);
/* ADMIN+: deletes a channel and its messages (not the last text channel). */
int oc_channel_delete(oc_dbc_t *c, oc_actor_t *a, int64_t zone_id, int64_t channel_id);
/* ADMIN+: ids must be exactly the zone's channels, in the new order (else CHANNEL_IDS). */
int oc_channel_reorder(oc_dbc_t *c, oc_actor_t *a, int64_t zone_id, const int64_t *ids, size_t n);

/* ---- shared by the zone modules -------------------------------------------------------- */

/* Writes the public user at col, or null when the columns are NULL (a LEFT JOIN miss). */
void oc_zone_json_user_at(oc_buf_t *out, oc_stmt_t *st, int col);
/* Sets a->why and returns OC_EPERM. */
int oc_zone_refuse(oc_actor_t *a, oc_zone_refusal_t why);

#endif
