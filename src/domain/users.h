/* Users as the domain sees them: the row, its limits, loading it and writing it as JSON.
 *
 * Functions taking an oc_dbc_t run inside database jobs (store/db.h); the JSON writers run
 * anywhere. What a user may see of another (profile fields, presence only between friends)
 * is decided here, not in the routes. */
#ifndef OC_DOMAIN_USERS_H
#define OC_DOMAIN_USERS_H

#include "core/buf.h"
#include "store/db.h"

#include <stdbool.h>
#include <stdint.h>

#define OC_USERNAME_MIN     3
#define OC_USERNAME_MAX     32
#define OC_DISPLAY_NAME_MAX 32
#define OC_BIO_MAX          190
#define OC_EMAIL_MAX        254

typedef struct oc_user {
    int64_t id;
    char username[OC_USERNAME_MAX + 1];
    char email[OC_EMAIL_MAX + 1];
    char display_name[OC_DISPLAY_NAME_MAX * 4 + 1]; /* UTF-8: up to 4 bytes a character */
    char avatar[64];                                /* file name, "" when none */
    char bio[OC_BIO_MAX * 4 + 1];
    bool email_verified;
    char status[16]; /* online, idle, dnd, invisible */
    int64_t created_at;
    int64_t last_seen; /* 0 when never */
    bool online;       /* has a connected socket (public columns only) */
} oc_user_t;

/* Inserts a new user row from u (id, username, email, display_name, email_verified,
 * created_at; bio and avatar start empty). OC_EEXIST when the username or e-mail is taken
 * (the caller tells which with oc_user_taken). */
int oc_user_insert(oc_dbc_t *c, const oc_user_t *u);
/* After OC_EEXIST: "username" or "email", whichever is taken (NULL if neither now). */
const char *oc_user_taken(oc_dbc_t *c, const char *username, const char *email);

/* Loads a live (not deleted) user. OC_ENOENT if there is none. */
int oc_user_load(oc_dbc_t *c, int64_t id, oc_user_t *out);
/* Loads by username or e-mail address (lower-cased by the caller). */
int oc_user_load_by_login(oc_dbc_t *c, const char *login, oc_user_t *out);

/* Columns for a user's public JSON with presence, from the users table aliased u, read back
 * with oc_user_read_public starting at the first of them. */
#define OC_USER_PUBLIC_COLUMNS(u)                                                                  \
    u ".id, " u ".username, " u ".display_name, COALESCE(" u ".avatar, ''), " u ".bio, " u         \
      ".created_at, " u ".status, COALESCE(" u ".last_seen, 0), " u ".online"
#define OC_USER_PUBLIC_NCOLS 9
/* Reads those columns into *u (the other fields are cleared). */
void oc_user_read_public(oc_stmt_t *st, int col, oc_user_t *u);

/* Records that a user came online (a first socket) or went offline at now_ms (last_seen). */
int oc_user_set_online(oc_dbc_t *c, int64_t id, bool online, int64_t now_ms);
/* Marks every user offline as of now_ms: at start-up, no socket is connected yet. */
int oc_users_all_offline(oc_dbc_t *c, int64_t now_ms);

/* The user as they see themselves (with e-mail and verification state). */
void oc_user_json_self(oc_buf_t *out, const oc_user_t *u);
/* The user as someone else sees them; presence and last-seen only for a friend. */
void oc_user_json_public(oc_buf_t *out, const oc_user_t *u, bool friend);
/* The avatar URL part: "null" or "\"/api/v1/avatars/<file>\"". */
void oc_user_json_avatar(oc_buf_t *out, const char *avatar);

/* True if s is a valid username: 3-32 of [a-z0-9_.]. */
bool oc_username_valid(const char *s);
/* Lower-cases ASCII in place. */
void oc_ascii_lower(char *s);

#endif
