/* Error codes shared by every OpenChat module.
 *
 * Functions return 0 on success or one of these negative codes. They reuse libuv's values
 * where the meaning matches, so a code from a libuv call passes through unchanged and
 * uv_strerror() names it. This header holds no logic. */
#ifndef OC_CORE_ERRORS_H
#define OC_CORE_ERRORS_H

#include <uv.h>

#define OC_OK        0
#define OC_EAGAIN    UV_EAGAIN    /* not enough input yet: call again with more bytes */
#define OC_EINVAL    UV_EINVAL    /* invalid argument or configuration */
#define OC_EPROTO    UV_EPROTO    /* malformed input from the network */
#define OC_E2BIG     UV_E2BIG     /* input over a size limit */
#define OC_ENOENT    UV_ENOENT    /* no such thing (file, session, namespace) */
#define OC_EEXIST    UV_EEXIST    /* already exists */
#define OC_EPERM     UV_EPERM     /* refused by policy */
#define OC_ETIMEDOUT UV_ETIMEDOUT /* a deadline passed */
#define OC_ECANCELED UV_ECANCELED /* the operation was cancelled (shutdown, close) */
#define OC_ENOTSUP   UV_ENOTSUP   /* valid but not supported */
#define OC_EPIPE     UV_EPIPE     /* the peer or the connection is gone */
#define OC_ENOBUFS   UV_ENOBUFS   /* an output buffer limit was hit */
#define OC_EACCES    UV_EACCES    /* credentials that are not valid */

/* Name of an error code, for logs. Never NULL. */
static inline const char *oc_strerror(int err)
{
    return uv_strerror(err);
}

#endif
