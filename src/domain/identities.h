/* Identities at an OpenID provider (issuer + subject) linked to users, and signing in with
 * one: find the linked user, or link a user whose address the provider vouches for, or create
 * a user, then open a session, all in one database job (so a refusal or failure leaves no
 * half-made account).
 *
 * The functions taking an oc_dbc_t run inside write jobs (store/db.h); the name helpers are
 * pure. Verifying the provider's token is auth/oidc.c's, not this module's. */
#ifndef OC_DOMAIN_IDENTITIES_H
#define OC_DOMAIN_IDENTITIES_H

#include "domain/users.h"
#include "store/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OC_IDENTITY_SUFFIX_TRIES 50 /* "name2" .. "name51" before random suffixes */

typedef struct oc_identity_sign_in {
    /* in (borrowed for the job) */
    const char *issuer;
    const char *subject;
    const char *email; /* as the provider gave it; "" when none */
    bool email_verified;
    const char *name; /* the provider's display name; "" when none */
    const char *user_agent;
    const char *ip;
    int64_t now_ms;
    /* out */
    int64_t user_id;
    int64_t session_id;
    bool created;   /* a new user was made */
    bool linked;    /* the identity was linked to an existing user */
    bool took_over; /* ...whose address was unverified: its password and sessions were dropped */
} oc_identity_sign_in_t;

/* Signs in with a verified identity:
 *   - an identity (issuer, subject) linked to a live user: that user;
 *   - else, when the provider verified the e-mail and a live user has it: link the identity to
 *     them and mark their address verified; if it was not verified before, the account's
 *     password and sessions are dropped (they were set by someone who never proved the
 *     address, possibly not its owner);
 *   - else a new user (username from the address, display name from the name, the address
 *     verified as the provider says, no password) with the identity linked;
 * then inserts a session. Returns 0, or:
 *   OC_EINVAL  the provider gave no e-mail address registration would take (oc_email_plausible);
 *   OC_EPERM   the address belongs to an account and the provider did not verify it;
 *   OC_EEXIST  the address is held by a deleted account (it cannot be reused);
 *   another negative code for a database failure. */
int oc_identity_sign_in(oc_dbc_t *c, oc_identity_sign_in_t *s);

/* The username stem for an address: its local part lower-cased and reduced to [a-z0-9_.], cut
 * to OC_USERNAME_MAX; "user" put in front (the whole cut to OC_USERNAME_MAX) when that is
 * shorter than OC_USERNAME_MIN or a reserved name (oc_username_reserved). */
void oc_identity_username_stem(const char *email, char out[OC_USERNAME_MAX + 1]);
/* stem + decimal suffix, the stem cut so the whole fits OC_USERNAME_MAX. */
void oc_identity_username_with_suffix(const char *stem, uint64_t suffix,
                                      char out[OC_USERNAME_MAX + 1]);
/* The display name: name without control characters, trimmed and cut to OC_DISPLAY_NAME_MAX
 * characters; the username when nothing is left. out has sizeof(oc_user_t.display_name). */
void oc_identity_display_name(const char *name, const char *username, char *out, size_t cap);

#endif
