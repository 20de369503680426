/* Zone invites: short random codes that let anyone holding the link join a zone, limited in
 * time and in uses, revocable.
 *
 * An invite is never deleted while its zone lives: a revoked, expired or used-up invite stays
 * so that a late visitor is told which of these happened. A join takes one use with a single
 * conditional UPDATE in the same job as the membership insert, so concurrent joins can
 * never exceed max_uses. Who may create or revoke invites is decided here (zones.h roles).
 * Functions taking an oc_dbc_t run inside database jobs. */
#ifndef OC_DOMAIN_INVITES_H
#define OC_DOMAIN_INVITES_H

#include "core/buf.h"
#include "domain/zones.h"
#include "store/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OC_INVITE_CODE_LEN       10
#define OC_INVITE_TTL_DEFAULT_S  (7 * 24 * 3600)
#define OC_INVITE_TTL_MAX_S      (30 * 24 * 3600)
#define OC_INVITE_TTL_MIN_S      60 /* the default of the invite-min-ttl-s setting */
#define OC_INVITE_MAX_USES_LIMIT 1000

/* Fills out with OC_INVITE_CODE_LEN random characters of [A-Za-z0-9] and a NUL. */
void oc_invite_code_new(char out[OC_INVITE_CODE_LEN + 1]);
/* True if s[0..len) has the shape of a code (so anything else is not looked up). */
bool oc_invite_code_valid(const char *s, size_t len);

/* ADMIN+, or any member when the zone allows member invites: creates an invite expiring at
 * expires_at (0: never) for max_uses joins (0: unlimited) and writes it as JSON (URLs built
 * on public_url, borrowed). */
int oc_invite_create(oc_dbc_t *c, oc_actor_t *a, int64_t zone_id, int64_t expires_at,
                     int64_t max_uses, const char *public_url, oc_buf_t *out);
/* ADMIN+: writes a JSON array of the zone's invites that are not revoked, newest first. */
int oc_invite_list_json(oc_dbc_t *c, oc_actor_t *a, int64_t zone_id, const char *public_url,
                        oc_buf_t *out);
/* ADMIN+ or the invite's creator: revokes it (again: no change). INVITE_NOT_FOUND when the
 * code is not one of this zone's. */
int oc_invite_revoke(oc_dbc_t *c, oc_actor_t *a, int64_t zone_id, const char *code);
/* Anyone: writes {code, zone: {id, name, icon_url, member_count}, expires_at, inviter} for a
 * usable invite; refuses with INVITE_NOT_FOUND, INVITE_REVOKED, INVITE_EXPIRED or
 * INVITE_EXHAUSTED (a->now decides expiry; a->user_id is unused). */
int oc_invite_preview_json(oc_dbc_t *c, oc_actor_t *a, const char *code, oc_buf_t *out);
/* Joins the invite's zone as MEMBER, using the invite up by one; a member already: no use
 * taken (*joined false). *zone_id gets the zone, a->role the actor's role in it. Refuses with
 * INVITE_NOT_FOUND, BANNED, INVITE_REVOKED, INVITE_EXPIRED or INVITE_EXHAUSTED. */
int oc_invite_join(oc_dbc_t *c, oc_actor_t *a, const char *code, int64_t *zone_id, bool *joined);

#endif
