/* Avatars: uploading (PUT /users/me/avatar, the raw picture as the body), removing (DELETE
 * /users/me/avatar) and serving them (GET /avatars/:file, public).
 *
 *   PUT: size and type by content ─► file written (thread pool) ─► users.avatar = new name
 *        (write job, returns the old name) ─► old file deleted (thread pool) ─► 200 {user}
 *
 * The file is written before the row points at it, so a served name always has its file;
 * if the row cannot be updated the new file is deleted again. Pictures are kept as uploaded
 * (no re-encoding); what makes serving them safe is the sniffed type, the random name and
 * X-Content-Type-Options: nosniff. */
#include "api/api_internal.h"

#include "core/alloc.h"
#include "core/errors.h"
#include "core/log.h"
#include "domain/images.h"
#include "domain/profiles.h"
#include "http/response.h"
#include "http/server.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AVATARS "avatars"

typedef struct avatar_op {
    oc_call_t *call;
    int64_t user_id;
    char folder[1024];            /* DATA_DIR/avatars */
    char name[OC_IMAGE_NAME_MAX]; /* the new file; "" when removing */
    char old[OC_USER_AVATAR_CAP];
    oc_user_t user;
} avatar_op_t;

static avatar_op_t *op_new(oc_call_t *call)
{
    avatar_op_t *op = oc_xcalloc(1, sizeof(*op));
    op->call = call;
    op->user_id = call->user_id;
    snprintf(op->folder, sizeof(op->folder), "%s/" AVATARS, call->api->data_dir);
    call->data = op;
    return op;
}

static void reply_user(oc_call_t *call)
{
    avatar_op_t *op = call->data;
    oc_buf_t out = OC_BUF_INIT;
    oc_user_json_self(&out, &op->user);
    oc_call_reply_json(call, 200, &out);
    oc_buf_free(&out);
}

static void old_removed(int status, void *arg)
{
    oc_call_t *call = arg;
    avatar_op_t *op = call->data;
    if (status != 0 && status != OC_ENOENT)
        oc_log_warn("avatars", "cannot delete %s/%s: %s", op->folder, op->old, oc_strerror(status));
    reply_user(call);
}

static void forgotten(int status, void *arg)
{
    char *name = arg;
    if (status != 0 && status != OC_ENOENT)
        oc_log_warn("avatars", "cannot delete %s: %s", name, oc_strerror(status));
    free(name);
}

void oc__api_avatar_forget(oc_api_t *api, const char *name)
{
    char folder[1024];
    snprintf(folder, sizeof(folder), "%s/" AVATARS, api->data_dir);
    char *copy = oc_xstrdup(name);
    if (oc_image_remove(api->loop, folder, name, forgotten, copy) != 0)
        free(copy);
}

static int set_avatar(oc_dbc_t *c, void *arg)
{
    avatar_op_t *op = arg;
    return oc_profile_set_avatar(c, op->user_id, op->name[0] ? op->name : NULL, op->old, &op->user);
}

static void avatar_set(oc_call_t *call, int status)
{
    avatar_op_t *op = call->data;
    oc_api_t *api = call->api;
    if (status != 0) {
        if (op->name[0])
            oc_image_remove(api->loop, op->folder, op->name, NULL, NULL);
        if (status == OC_ENOENT)
            oc_call_reply_error(call, 404, "user_not_found", "No such user.");
        else
            oc_call_reply_status(call, status);
        return;
    }
    /* Answer once the old file is gone: whoever sees the new profile no longer finds it. */
    if (op->old[0] && strcmp(op->old, op->name) != 0 &&
        oc_image_remove(api->loop, op->folder, op->old, old_removed, call) == 0)
        return;
    reply_user(call);
}

static void stored(int status, const char *name, void *arg)
{
    oc_call_t *call = arg;
    avatar_op_t *op = call->data;
    if (status != 0) {
        oc_log_error("avatars", "cannot store an avatar in %s: %s", op->folder,
                     oc_strerror(status));
        oc_call_reply_error(call, 500, "storage_failed", "The picture could not be saved.");
        return;
    }
    snprintf(op->name, sizeof(op->name), "%s", name);
    oc_call_write(call, set_avatar, avatar_set);
}

/* PUT /users/me/avatar */
static void put_avatar(oc_call_t *call)
{
    avatar_op_t *op = op_new(call);
    const oc_buf_t *body = &call->req->body;
    if (body->len > call->api->cfg->avatar_max_bytes) {
        char msg[96];
        snprintf(msg, sizeof(msg), "The picture is larger than %zu bytes.",
                 call->api->cfg->avatar_max_bytes);
        oc_call_reply_error(call, 413, "avatar_too_large", msg);
        return;
    }
    const oc_image_format_t *f = oc_image_sniff(body->data, body->len);
    if (f == NULL) {
        oc_call_reply_error(call, 415, "unsupported_image",
                            "Send a PNG, JPEG, GIF or WebP picture.");
        return;
    }
    int rc =
        oc_image_store(call->api->loop, op->folder, body->data, body->len, f->ext, stored, call);
    if (rc != 0)
        oc_call_reply_status(call, rc == UV_ECANCELED ? OC_ECANCELED : rc);
}

/* DELETE /users/me/avatar */
static void delete_avatar(oc_call_t *call)
{
    op_new(call);
    oc_call_write(call, set_avatar, avatar_set);
}

/* ---- serving --------------------------------------------------------------------------- */

typedef struct serve_job {
    oc_http_request_t *req;
    const oc_image_format_t *format;
} serve_job_t;

static void loaded(int status, oc_frame_t *frame, void *arg)
{
    serve_job_t *job = arg;
    oc_http_request_t *req = job->req;
    if (status == 0) {
        oc_http_response_t r;
        oc_http_response_init(&r, 200, job->format->mime);
        oc_http_response_header(&r, "Cache-Control", "public, max-age=31536000, immutable");
        oc_http_send_frame(req, &r, frame, 0, frame->len);
    } else if (status == OC_ENOENT || status == OC_EINVAL) {
        oc_http_reply_error(req, 404, "not_found", "No such picture.");
    } else {
        oc_http_reply_error(req, 500, "read_failed", "The picture could not be read.");
    }
    oc_frame_unref(frame);
    free(job);
}

void oc__api_serve_image(oc_http_request_t *req, oc_api_t *api, const char *folder)
{
    size_t len;
    const char *name = oc_http_request_param(req, "file", &len);
    const oc_image_format_t *f = oc_image_name_format(name, name ? len : 0);
    char path[1024], file[OC_IMAGE_NAME_MAX];
    if (f == NULL || len >= sizeof(file)) {
        oc_http_reply_error(req, 404, "not_found", "No such picture.");
        return;
    }
    memcpy(file, name, len);
    file[len] = '\0';
    snprintf(path, sizeof(path), "%s/%s", api->data_dir, folder);
    serve_job_t *job = oc_xcalloc(1, sizeof(*job));
    job->req = req;
    job->format = f;
    /* The request stays ours until we answer, even if the client leaves (no on_abort). */
    if (oc_image_load(api->loop, path, file, loaded, job) != 0) {
        free(job);
        oc_http_reply_error(req, 503, "unavailable", "The server is busy.");
    }
}

static void get_avatar(oc_http_request_t *req, void *ctx)
{
    oc__api_serve_image(req, ctx, AVATARS);
}

void oc__api_avatars(oc_api_t *api)
{
    oc_api_route(api, OC_HTTP_PUT, "/users/me/avatar", put_avatar, OC_ROUTE_AUTH);
    oc_api_route(api, OC_HTTP_DELETE, "/users/me/avatar", delete_avatar, OC_ROUTE_AUTH);
    int rc = oc_http_server_route(api->http, OC_HTTP_GET, "/api/v1/avatars/:file", get_avatar, api);
    oc_assert(rc == 0);
}
