/* Uploaded pictures (avatars, zone icons): recognising the format from the bytes themselves,
 * and keeping the files under the data folder.
 *
 * A picture is accepted only if its content is a PNG, JPEG, GIF or WebP with a plausible
 * structure; the declared Content-Type and any file name are ignored. Stored files get a
 * random name "<32 hex digits>.<ext>" in a folder of their kind, so the name says nothing
 * about the uploader and the extension always matches the sniffed type. File system work
 * runs in libuv's thread pool; the callbacks run on the loop thread. This module does not
 * decode or resize pictures and knows nothing of users or the database. */
#ifndef OC_DOMAIN_IMAGES_H
#define OC_DOMAIN_IMAGES_H

#include "store/files.h"

#include <stdbool.h>
#include <stddef.h>
#include <uv.h>

/* "<32 hex>.webp" plus the NUL. */
#define OC_IMAGE_NAME_MAX 38
/* Files larger than this are never read back into memory (no upload limit allows them). */
#define OC_IMAGE_READ_MAX (16u * 1024 * 1024)

typedef struct oc_image_format {
    const char *mime; /* "image/png" */
    const char *ext;  /* "png", without the dot */
} oc_image_format_t;

/* The format of bytes[0..len) by content, or NULL when it is not a PNG, JPEG, GIF or WebP
 * (or is one too damaged to show). The result is static. */
const oc_image_format_t *oc_image_sniff(const void *bytes, size_t len);

/* The format a stored file's name stands for, or NULL unless name[0..len) is exactly
 * [0-9a-f]{32}\.(png|jpg|gif|webp): the only names oc_image_store gives, and the only ones
 * the other functions accept (so no path can be smuggled in). */
const oc_image_format_t *oc_image_name_format(const char *name, size_t len);

/* Called on the loop thread: status 0 and the new file's name (valid during the call), or a
 * negative error (OC_EINVAL for a bad extension, a libuv file system code) and NULL. */
typedef void (*oc_image_stored_fn)(int status, const char *name, void *arg);

/* Writes a copy of bytes[0..len) to <folder>/<random name>.<ext> (folder is created when
 * missing; its parent must exist) through the thread pool, then calls cb. ext must be a
 * sniffed format's. folder and bytes are copied; arg is the caller's. The writing is
 * oc_files_write's. Returns 0, or a negative error without calling cb. */
int oc_image_store(uv_loop_t *loop, const char *folder, const void *bytes, size_t len,
                   const char *ext, oc_image_stored_fn cb, void *arg);

/* Called on the loop thread: status 0 or a negative error (OC_ENOENT: no such file). */
typedef void (*oc_image_removed_fn)(int status, void *arg);

/* Deletes <folder>/<name> through the thread pool; cb (may be NULL) runs afterwards. A name
 * oc_image_name_format refuses is never touched (cb gets OC_EINVAL). Returns 0, or a
 * negative error without calling cb. */
int oc_image_remove(uv_loop_t *loop, const char *folder, const char *name, oc_image_removed_fn cb,
                    void *arg);

/* Called on the loop thread with status 0 and a frame holding the file's bytes (the callee
 * owns the reference), or a negative error (OC_ENOENT, OC_E2BIG above OC_IMAGE_READ_MAX) and
 * NULL. */
typedef oc_files_read_fn oc_image_loaded_fn;

/* Reads <folder>/<name> through the thread pool (oc_files_read). Returns 0, or a negative
 * error without calling cb (OC_EINVAL for a name that is not a stored image's). */
int oc_image_load(uv_loop_t *loop, const char *folder, const char *name, oc_image_loaded_fn cb,
                  void *arg);

#endif
