/* What users change about themselves and how they find each other: profile fields (display
 * name, bio, status), the avatar's file name, profiles as others see them, and search by
 * username prefix.
 *
 * Functions taking an oc_dbc_t run inside database jobs (store/db.h); the input rules are pure.
 * The avatar's file itself is images.h's business; this module only keeps its name. What a
 * viewer sees (presence only between friends, never an e-mail address) follows
 * oc_user_json_public. */
#ifndef OC_DOMAIN_PROFILES_H
#define OC_DOMAIN_PROFILES_H

#include "core/buf.h"
#include "domain/users.h"
#include "store/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OC_SEARCH_MAX_CHARS     32 /* a username is never longer */
#define OC_SEARCH_LIMIT_MAX     50
#define OC_SEARCH_LIMIT_DEFAULT 20

/* True for the statuses a user may set: online, idle, dnd, invisible. */
bool oc_profile_status_valid(const char *status);
/* True if s has no control characters (a bio may have line breaks when multiline). */
bool oc_profile_text_ok(const char *s, bool multiline);
/* The username range [lo, hi) holding exactly the names that start with prefix (already
 * lower-cased): hi is prefix followed by DEL, above every character a username may have.
 * Returns false when prefix has a character no username has (nothing can match). lo and hi
 * need strlen(prefix) + 2 bytes. */
bool oc_profile_search_range(const char *prefix, char *lo, char *hi);

/* Changes the fields that are not NULL (already checked) and reads the user back into *out.
 * OC_ENOENT if the user is gone. */
int oc_profile_update(oc_dbc_t *c, int64_t user_id, const char *display_name, const char *bio,
                      const char *status, oc_user_t *out);
/* Sets (name) or clears (NULL) the avatar's file name; the previous name goes to old ("" if
 * none; OC_USER_AVATAR_CAP bytes) and the updated user to *out. OC_ENOENT if the user is
 * gone. */
int oc_profile_set_avatar(oc_dbc_t *c, int64_t user_id, const char *name, char *old,
                          oc_user_t *out);
#define OC_USER_AVATAR_CAP sizeof(((oc_user_t *)0)->avatar)

/* The public JSON of user `id` as `viewer` sees it (presence if they are friends) into out.
 * OC_ENOENT if there is no such live user. */
int oc_profile_view(oc_dbc_t *c, int64_t viewer, int64_t id, oc_buf_t *out);
/* {"users":[<public user>...]}: live users other than viewer whose username starts with
 * prefix (lower case), by username, at most limit. */
int oc_profile_search(oc_dbc_t *c, int64_t viewer, const char *prefix, int limit, oc_buf_t *out);

#endif
