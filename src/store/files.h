/* Files kept under a folder of the data directory (uploads), written, read and removed off
 * the loop thread.
 *
 * Every operation runs in libuv's thread pool and reports back on the loop. Names are single
 * path components chosen by the server (storage keys); a name that is empty, starts with a
 * dot or holds a '/' or '\\' is never touched, so no caller can be talked into a path outside
 * the folder. This module knows nothing of rows, users or content types: the caller decides
 * what a file is and when it may go. */
#ifndef OC_STORE_FILES_H
#define OC_STORE_FILES_H

#include "core/frame.h"

#include <stdbool.h>
#include <stddef.h>
#include <uv.h>

/* True if name is a single, plain path component (see above). */
bool oc_files_name_ok(const char *name);

/* ---- writing --------------------------------------------------------------------------- */

/* Runs on a pool thread with the bytes before they are written, for work that must see all of
 * them without holding up the loop (sniffing the type). */
typedef void (*oc_files_inspect_fn)(const void *bytes, size_t len, void *arg);
/* Runs on the loop: 0, or a negative error (the file is not there then). */
typedef void (*oc_files_done_fn)(int status, void *arg);

/* Writes bytes[0..len) to <folder>/<name> (the folder is created when missing; its parent
 * must exist) as a new file: an existing one is never overwritten (OC_EEXIST). The data is
 * flushed to disk before cb runs; a failed write leaves no file. inspect (may be NULL) runs
 * first, on the pool thread. folder and name are copied; bytes are borrowed until cb. Returns
 * 0, or a negative error without calling cb (OC_EINVAL for a bad name). */
int oc_files_write(uv_loop_t *loop, const char *folder, const char *name, const void *bytes,
                   size_t len, oc_files_inspect_fn inspect, oc_files_done_fn cb, void *arg);

/* ---- reading --------------------------------------------------------------------------- */

/* Runs on the loop: 0 and a frame with the file's bytes (the callee owns the reference), or a
 * negative error and NULL (OC_ENOENT: no such regular file; OC_E2BIG: larger than max). */
typedef void (*oc_files_read_fn)(int status, oc_frame_t *frame, void *arg);

/* Reads <folder>/<name> whole (at most max bytes; a symbolic link is refused as missing).
 * Returns 0, or a negative error without calling cb. */
int oc_files_read(uv_loop_t *loop, const char *folder, const char *name, size_t max,
                  oc_files_read_fn cb, void *arg);

/* ---- removing -------------------------------------------------------------------------- */

/* Removes <folder>/<names[i]> for i < n. Takes ownership of names (a malloc'ed array of
 * malloc'ed strings) whatever the result; folder is copied. Missing files count as removed;
 * bad names are skipped (and reported as OC_EINVAL). cb (may be NULL) gets 0 or the first
 * error. Returns 0, or a negative error without calling cb (nothing removed). */
int oc_files_remove(uv_loop_t *loop, const char *folder, char **names, size_t n,
                    oc_files_done_fn cb, void *arg);

#endif
