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

#define OC_UPLOADS_DIR        "uploads"
#define OC_UPLOAD_PENDING_MS  (24 * 3600 * 1000)
#define OC_FILE_NAME_MAX      255 /* bytes of the name as shown */
#define OC_STORAGE_KEY_MAX    64

/* One attachment's JSON as it appears in a message's "attachments" array:
 * {"id","file_name","content_type","size","url"} with url
 * "/api/v1/attachments/<id>/<file_name, percent-encoded>". */
void oc_attachment_json(oc_buf_t *out, int64_t id, const char *file_name, const char *mime,
                        int64_t size);

/* Writes the attachments of message_id as a JSON array (in upload order). */
int oc_attachments_json_for(oc_dbc_t *c, int64_t message_id, oc_buf_t *out);

/* Claims the uploader's pending uploads for message_id: 0, or OC_ENOENT when any of them
 * is not a pending upload of uploader_id (nothing is claimed then: the job rolls back). */
int oc_attachments_claim(oc_dbc_t *c, int64_t uploader_id, int64_t message_id,
                         const int64_t *ids, size_t n);

/* Deletes the rows of message_id's attachments; *keys gets their storage keys (malloc'ed
 * array of malloc'ed strings, *n of them) so the files can go after the commit. */
int oc_attachments_remove(oc_dbc_t *c, int64_t message_id, char ***keys, size_t *n);

#endif
