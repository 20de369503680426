/* Static files for the web client.
 *
 * Serves GET/HEAD requests from a folder: correct MIME types, ETag / If-None-Match (304),
 * a year-long immutable cache for content-hashed assets and no-cache for the rest, and the
 * single-page-app fallback (an unknown path without a file extension gets index.html). Paths
 * are decoded and normalised before they touch the file system; "..", hidden segments, NUL
 * and backslashes are refused and symbolic links cannot lead outside the folder. File system
 * calls run in the libuv thread pool, never on the loop thread. */
#ifndef OC_HTTP_STATIC_FILES_H
#define OC_HTTP_STATIC_FILES_H

#include "http/request.h"

#include <stddef.h>
#include <uv.h>

typedef struct oc_static oc_static_t;

/* root is copied. max_file_bytes bounds what one response may read into memory. File reads
 * run on loop's thread pool. */
oc_static_t *oc_static_new(uv_loop_t *loop, const char *root, size_t max_file_bytes);
/* Frees; no request may be in flight (the loop has run to completion). NULL-safe. */
void oc_static_free(oc_static_t *st);

/* Route handler (ctx = the oc_static_t). */
void oc_static_serve(oc_http_request_t *req, void *ctx);

/* The MIME type for a file name, by extension ("application/octet-stream" if unknown). */
const char *oc_static_mime_type(const char *name, size_t len);
/* True if the relative path is a content-hashed build output (Vite's
 * "assets/<name>-<8 base64url chars>.<ext>", or its ".map"), whose content can never change
 * under that name. */
bool oc_static_is_hashed(const char *name, size_t len);
/* Decodes and normalises a URL path into a relative file path ("a/b.js"); "" means the
 * root. Returns 0 or OC_EPERM for a path that may not be served. Caller frees *out. */
int oc_static_normalize(const char *path, size_t len, char **out);

#endif
