/* Attachments: files uploaded before the message that carries them.
 *
 * An upload (POST /api/v1/attachments) stores the file under DATA_DIR/uploads with a random
 * name and a row with message_id NULL: a pending upload that only its uploader can use or
 * fetch. Sending a message claims pending uploads (messages.h); from then on whoever sees
 * the message's conversation may fetch the file. Pending uploads older than
 * OC_UPLOAD_PENDING_MS are removed, rows and files. The content type is sniffed from the
 * bytes, never taken from the client. Functions taking an oc_dbc_t run inside database
 * jobs. */
#ifndef OC_DOMAIN_ATTACHMENTS_H
#define OC_DOMAIN_ATTACHMENTS_H

#include "core/buf.h"
#include "store/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OC_UPLOADS_DIR       "uploads"
#define OC_UPLOAD_PENDING_MS (24 * 3600 * 1000)
#define OC_FILE_NAME_MAX     255 /* bytes of the name as shown */
#define OC_STORAGE_KEY_MAX   64

/* One attachment's JSON as it appears in a message's "attachments" array:
 * {"id","file_name","content_type","size","url"} with url
 * "/api/v1/attachments/<id>/<file_name, percent-encoded>". */
void oc_attachment_json(oc_buf_t *out, int64_t id, const char *file_name, const char *mime,
                        int64_t size);

/* Writes the attachments of message_id as a JSON array (in upload order). */
int oc_attachments_json_for(oc_dbc_t *c, int64_t message_id, oc_buf_t *out);

/* Claims the uploader's pending uploads for message_id: 0, or OC_ENOENT when any of them
 * is not a pending upload of uploader_id (nothing is claimed then: the job rolls back). */
int oc_attachments_claim(oc_dbc_t *c, int64_t uploader_id, int64_t message_id, const int64_t *ids,
                         size_t n);

/* Deletes the rows of message_id's attachments; *keys gets their storage keys (malloc'ed
 * array of malloc'ed strings, *n of them) so the files can go after the commit. */
int oc_attachments_remove(oc_dbc_t *c, int64_t message_id, char ***keys, size_t *n);

/* ---- uploads and serving (the REST routes, api/attachments.c) ------------------------- */

/* An attachment row. */
typedef struct oc_attachment {
    int64_t id;
    int64_t message_id;  /* 0 while pending */
    int64_t uploader_id; /* 0 when the account is gone */
    int64_t chat_id;     /* the DM chat or zone of the message (0 while pending) */
    char file_name[OC_FILE_NAME_MAX + 1];
    char mime[64];
    int64_t size;
    char storage_key[OC_STORAGE_KEY_MAX + 1];
    int64_t created_at;
} oc_attachment_t;

/* The name shown for an uploaded file's raw name (from the client, any bytes): the part after
 * the last '/' or '\\', invalid UTF-8 replaced with U+FFFD, control, bidirectional-override
 * and line-separator characters replaced with '_', surrounding spaces trimmed, cut to
 * OC_FILE_NAME_MAX bytes on a character boundary (keeping a short extension); "file" when
 * nothing (or only "." or "..") is left. Writes a C string into out; returns its length. */
size_t oc_attachment_name_clean(const char *raw, size_t len, char out[OC_FILE_NAME_MAX + 1]);

/* A new storage key: 32 lowercase hex digits from libsodium's generator (key has room for
 * OC_STORAGE_KEY_MAX + 1 bytes). */
void oc_attachment_key_new(char key[OC_STORAGE_KEY_MAX + 1]);
/* True if key[0..len) has the shape oc_attachment_key_new gives (so never a path). */
bool oc_attachment_key_valid(const char *key, size_t len);

/* Inserts a pending upload (message_id and chat_id are ignored). */
int oc_attachment_insert(oc_dbc_t *c, const oc_attachment_t *a);

/* Loads attachment id if viewer_id may fetch it: its uploader while it is pending; once a
 * message claimed it, a member of that message's chat while the message is not deleted.
 * OC_ENOENT otherwise (also when it does not exist). */
int oc_attachment_load_for(oc_dbc_t *c, int64_t viewer_id, int64_t id, oc_attachment_t *out);

/* Deletes the pending upload id of uploader_id: 0 with its storage key in key, or OC_ENOENT
 * (no such pending upload of that user: claimed ones stay). */
int oc_attachment_delete_pending(oc_dbc_t *c, int64_t uploader_id, int64_t id,
                                 char key[OC_STORAGE_KEY_MAX + 1]);

/* Deletes at most max pending uploads created before `before` (ms), oldest first; *keys and
 * *n as for oc_attachments_remove (the caller frees them, also on errors). */
int oc_attachments_expire(oc_dbc_t *c, int64_t before, size_t max, char ***keys, size_t *n);

/* Frees an array of storage keys from the functions above. NULL-safe. */
void oc_attachment_keys_free(char **keys, size_t n);

#endif
