/* Attachments: uploading a file for a message (POST /attachments, multipart/form-data),
 * fetching it (GET/HEAD /attachments/:id/:name), taking back an unused upload (DELETE
 * /attachments/:id), and the clean-up of uploads no message used (domain/attachments.h).
 *
 *   POST: rate limit ─► multipart, parsed in place ─► checks ─► pool: sniff the type, write
 *         uploads/<random key>, fsync ─► write job: the row ─► 201 {"attachment"}
 *   GET:  read job: the row, if the caller may see it ─► ETag matches? 304 ─► pool: read
 *         the file ─► 200 with the sniffed type, nosniff, a sandbox CSP and a disposition
 *
 * The file is on disk before a row names it (a failed insert removes it again), and a row
 * goes before its file, so a name that is served always has its bytes. The body is used in
 * place: it stays put until the call is answered. */
#include "api/api_internal.h"

#include "core/alloc.h"
#include "core/errors.h"
#include "core/id.h"
#include "core/log.h"
#include "domain/attachments.h"
#include "domain/file_types.h"
#include "http/multipart.h"
#include "http/parser.h"
#include "http/server.h"
#include "store/files.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PARTS 16
/* Multipart framing allowed on top of the file: part headers and a few small fields. */
#define FRAMING_BYTES (MAX_PARTS * (OC_MULTIPART_HEAD_MAX + 2 * OC_MULTIPART_BOUNDARY_MAX + 16))
/* Abandoned uploads removed per write job; a full batch is followed by another at once. */
#define SWEEP_BATCH    200
#define SWEEP_EVERY_MS (10 * 60 * 1000)

static void folder_of(const oc_api_t *api, char *out, size_t cap)
{
    snprintf(out, cap, "%s/" OC_UPLOADS_DIR, api->data_dir);
}

static void reply_not_found(oc_call_t *call)
{
    oc_call_reply_error(call, 404, "attachment_not_found", "No such attachment.");
}

/* ---- uploading ------------------------------------------------------------------------- */

typedef struct upload {
    unsigned files;    /* parts named "file" */
    bool has_filename; /* the first of them had a file name */
    uint64_t offset;   /* its content in the body */
    uint64_t len;
    oc_attachment_t att;
    char folder[PATH_MAX];
} upload_t;

static int part_end(const oc_multipart_part_t *part, void *arg)
{
    upload_t *up = arg;
    if (part->name_len != 4 || memcmp(part->name, "file", 4) != 0)
        return 0; /* other fields are allowed and ignored */
    if (up->files++ > 0)
        return 0;
    up->has_filename = part->has_filename;
    up->offset = part->data_offset;
    up->len = part->data_len;
    oc_attachment_name_clean(part->filename, part->filename_len, up->att.file_name);
    return 0;
}

/* Pool thread, before the file is written: the type from all of its bytes. */
static void sniff(const void *bytes, size_t len, void *arg)
{
    oc_call_t *call = arg; /* the loop leaves it alone until the write is back */
    upload_t *up = call->data;
    snprintf(up->att.mime, sizeof(up->att.mime), "%s", oc_file_type_sniff(bytes, len));
}

static int insert_row(oc_dbc_t *c, void *arg)
{
    upload_t *up = arg;
    return oc_attachment_insert(c, &up->att);
}

static char **one_key(const char *key)
{
    char **keys = oc_xmalloc(sizeof(*keys));
    keys[0] = oc_xstrdup(key);
    return keys;
}

static void inserted(oc_call_t *call, int status)
{
    upload_t *up = call->data;
    if (status != 0) {
        oc_log_error("attachments", "cannot record upload %s: %s", up->att.storage_key,
                     oc_strerror(status));
        oc_files_remove(call->api->loop, up->folder, one_key(up->att.storage_key), 1, NULL, NULL);
        oc_call_reply_status(call, status);
        return;
    }
    oc_buf_t out = OC_BUF_INIT;
    oc_buf_append_str(&out, "{\"attachment\":");
    oc_attachment_json(&out, up->att.id, up->att.file_name, up->att.mime, up->att.size);
    oc_buf_append_char(&out, '}');
    oc_call_reply_json(call, 201, &out);
    oc_buf_free(&out);
}

static void written(int status, void *arg)
{
    oc_call_t *call = arg;
    upload_t *up = call->data;
    if (status != 0) {
        oc_log_error("attachments", "cannot store an upload in %s: %s", up->folder,
                     oc_strerror(status));
        oc_call_reply_error(call, 500, "storage_failed", "The file could not be saved.");
        return;
    }
    up->att.id = oc_id_next();
    up->att.uploader_id = call->user_id;
    up->att.size = (int64_t)up->len;
    up->att.created_at = oc_now_ms();
    oc_call_write(call, insert_row, inserted);
}

/* POST /attachments */
static void post_attachment(oc_call_t *call)
{
    oc_api_t *api = call->api;
    if (!oc_call_rate_user(call, "upload"))
        return;
    size_t ct_len;
    const char *ct = oc_http_request_header(call->req, "Content-Type", &ct_len);
    char boundary[OC_MULTIPART_BOUNDARY_MAX + 1];
    size_t boundary_len = 0;
    int rc = ct ? oc_multipart_boundary(ct, ct_len, boundary, &boundary_len) : OC_ENOTSUP;
    if (rc == OC_ENOTSUP) {
        oc_call_reply_error(call, 415, "unsupported_media_type",
                            "Send the file as multipart/form-data.");
        return;
    }
    if (rc != 0) {
        oc_call_reply_error(call, 400, "malformed_multipart",
                            "The multipart boundary is missing or malformed.");
        return;
    }
    upload_t *up = oc_xcalloc(1, sizeof(*up));
    call->data = up;
    folder_of(api, up->folder, sizeof(up->folder));
    const oc_buf_t *body = &call->req->body;
    static const oc_multipart_callbacks_t cb = {.on_part_end = part_end};
    oc_multipart_t *mp = oc_xmalloc(sizeof(*mp));
    rc = oc_multipart_parse(mp, boundary, boundary_len, MAX_PARTS, &cb, up,
                            body->data ? body->data : "", body->len);
    if (rc != 0) {
        char msg[128];
        snprintf(msg, sizeof(msg), "The multipart body is malformed: %s.",
                 oc_multipart_error_message(mp->error));
        free(mp);
        oc_call_reply_error(call, 400, "malformed_multipart", msg);
        return;
    }
    free(mp);
    const char *problem = NULL;
    if (up->files == 0)
        problem = "Send the file in a part named \"file\".";
    else if (up->files > 1)
        problem = "Send one file at a time.";
    else if (!up->has_filename)
        problem = "The file part needs a file name.";
    else if (up->len == 0)
        problem = "The file is empty.";
    if (problem != NULL) {
        oc_call_reply_invalid(call, "file", problem);
        return;
    }
    if (up->len > api->cfg->upload_max_bytes) {
        char msg[96];
        snprintf(msg, sizeof(msg), "The file is larger than %zu bytes.",
                 api->cfg->upload_max_bytes);
        oc_call_reply_error(call, 413, "payload_too_large", msg);
        return;
    }
    oc_attachment_key_new(up->att.storage_key);
    rc = oc_files_write(api->loop, up->folder, up->att.storage_key, body->data + up->offset,
                        (size_t)up->len, sniff, written, call);
    if (rc != 0)
        oc_call_reply_status(call, rc);
}

/* ---- fetching -------------------------------------------------------------------------- */

typedef struct fetch {
    int64_t id;
    int64_t viewer_id;
    oc_buf_t name; /* the :name part, percent-decoded */
    oc_attachment_t att;
} fetch_t;

static void fetch_free(void *data)
{
    fetch_t *f = data;
    oc_buf_free(&f->name);
    free(f);
}

static int load_row(oc_dbc_t *c, void *arg)
{
    fetch_t *f = arg;
    return oc_attachment_load_for(c, f->viewer_id, f->id, &f->att);
}

/* Content-Disposition: an ASCII stand-in in filename (anything else becomes '_') and the
 * exact name in filename* (RFC 6266, RFC 8187). */
static void disposition(oc_http_response_t *r, const char *name, bool inline_ok)
{
    oc_buf_t v = OC_BUF_INIT;
    oc_buf_append_str(&v, inline_ok ? "inline; filename=\"" : "attachment; filename=\"");
    for (const unsigned char *p = (const unsigned char *)name; *p;) {
        if (*p >= 0x80) {
            oc_buf_append_char(&v, '_');
            p++;
            while ((*p & 0xC0) == 0x80)
                p++;
            continue;
        }
        bool plain = *p >= 0x20 && *p < 0x7F && *p != '"' && *p != '\\' && *p != '%';
        oc_buf_append_char(&v, plain ? (char)*p : '_');
        p++;
    }
    oc_buf_append_str(&v, "\"; filename*=UTF-8''");
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        bool attr = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
                    (*p >= '0' && *p <= '9') || strchr("!#$&+-.^_`|~", *p) != NULL;
        if (attr) {
            oc_buf_append_char(&v, (char)*p);
        } else {
            char esc[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            oc_buf_append(&v, esc, 3);
        }
    }
    oc_buf_append_char(&v, '\0');
    oc_http_response_header(r, "Content-Disposition", v.data);
    oc_buf_free(&v);
}

/* The headers of every answer with (or about) the file. */
static void file_response(oc_http_response_t *r, int status, const fetch_t *f)
{
    const char *mime = f->att.mime;
    /* text/plain gets its charset, so no browser guesses another one. */
    oc_http_response_init(r, status,
                          strcmp(mime, "text/plain") == 0 ? "text/plain; charset=utf-8" : mime);
    oc_http_response_headerf(r, "ETag", "\"%lld\"", (long long)f->att.id);
    /* The bytes of an id never change; whether the caller may still see them can, so a cached
     * copy is checked again each time (a 304 costs no file read). */
    oc_http_response_header(r, "Cache-Control", "private, no-cache");
    if (status != 200)
        return;
    disposition(r, f->att.file_name, oc_file_type_inline(mime));
    /* On top of the page policy every response has: opened on its own, a file runs nothing. */
    oc_http_response_header(r, "Content-Security-Policy",
                            "default-src 'none'; img-src 'self'; media-src 'self'; "
                            "style-src 'unsafe-inline'; sandbox");
    oc_http_response_header(r, "Cross-Origin-Resource-Policy", "same-origin");
}

static void file_read(int status, oc_frame_t *frame, void *arg)
{
    oc_call_t *call = arg;
    fetch_t *f = call->data;
    if (status == 0 && frame->len != (uint64_t)f->att.size)
        status = UV_EIO;
    if (status == OC_ENOENT) {
        /* The message was deleted between the row's check and the read. */
        reply_not_found(call);
        return;
    }
    if (status != 0) {
        oc_frame_unref(frame);
        oc_log_error("attachments", "cannot read upload %s: %s", f->att.storage_key,
                     oc_strerror(status));
        oc_call_reply_error(call, 500, "read_failed", "The file could not be read.");
        return;
    }
    oc_http_response_t r;
    file_response(&r, 200, f);
    oc_call_reply_frame(call, &r, frame, 0, frame->len);
    oc_frame_unref(frame);
}

/* Whether If-None-Match names this attachment's ETag (or is "*"). */
static bool not_modified(oc_call_t *call, int64_t id)
{
    size_t len;
    const char *inm = oc_http_request_header(call->req, "If-None-Match", &len);
    if (inm == NULL)
        return false;
    char tag[32];
    int n = snprintf(tag, sizeof(tag), "\"%lld\"", (long long)id);
    for (size_t i = 0; i < len; i++) {
        if (inm[i] == '*' && len == 1)
            return true;
        if (len - i >= (size_t)n && memcmp(inm + i, tag, (size_t)n) == 0)
            return true;
    }
    return false;
}

static void row_loaded(oc_call_t *call, int status)
{
    fetch_t *f = call->data;
    if (status == OC_ENOENT ||
        (status == 0 && (f->name.len != strlen(f->att.file_name) ||
                         memcmp(f->name.data, f->att.file_name, f->name.len) != 0))) {
        reply_not_found(call);
        return;
    }
    if (status != 0) {
        oc_call_reply_status(call, status);
        return;
    }
    oc_http_response_t r;
    if (not_modified(call, f->id)) {
        file_response(&r, 304, f);
        oc_call_reply_frame(call, &r, NULL, 0, 0);
        return;
    }
    if (call->req->head.method == OC_HTTP_HEAD) {
        file_response(&r, 200, f);
        oc_call_reply_frame(call, &r, NULL, 0, (uint32_t)f->att.size);
        return;
    }
    char folder[PATH_MAX];
    folder_of(call->api, folder, sizeof(folder));
    int rc = oc_files_read(call->api->loop, folder, f->att.storage_key, (size_t)f->att.size,
                           file_read, call);
    if (rc != 0) {
        oc_log_error("attachments", "cannot read upload %s: %s", f->att.storage_key,
                     oc_strerror(rc));
        oc_call_reply_error(call, 500, "read_failed", "The file could not be read.");
    }
}

/* The :id parameter; replies attachment_not_found when it is not an id. */
static bool param_id(oc_call_t *call, int64_t *id)
{
    size_t len;
    const char *v = oc_http_request_param(call->req, "id", &len);
    if (v == NULL || !oc_id_parse(v, len, id)) {
        reply_not_found(call);
        return false;
    }
    return true;
}

/* GET and HEAD /attachments/:id/:name */
static void get_attachment(oc_call_t *call)
{
    int64_t id;
    if (!param_id(call, &id))
        return;
    fetch_t *f = oc_xcalloc(1, sizeof(*f));
    call->data = f;
    call->data_free = fetch_free;
    f->id = id;
    f->viewer_id = call->user_id;
    size_t len;
    const char *name = oc_http_request_param(call->req, "name", &len);
    if (name == NULL || oc_http_url_decode(name, len, false, &f->name) != 0 || f->name.len == 0 ||
        f->name.len > OC_FILE_NAME_MAX) {
        reply_not_found(call);
        return;
    }
    oc_call_read(call, load_row, row_loaded);
}

/* ---- taking back ----------------------------------------------------------------------- */

typedef struct removal {
    int64_t id;
    int64_t user_id;
    char key[OC_STORAGE_KEY_MAX + 1];
} removal_t;

static int delete_row(oc_dbc_t *c, void *arg)
{
    removal_t *rm = arg;
    return oc_attachment_delete_pending(c, rm->user_id, rm->id, rm->key);
}

static void file_removed(int status, void *arg)
{
    oc_call_t *call = arg;
    removal_t *rm = call->data;
    if (status != 0)
        oc_log_warn("attachments", "cannot delete upload %s: %s", rm->key, oc_strerror(status));
    oc_call_reply_empty(call);
}

static void row_deleted(oc_call_t *call, int status)
{
    removal_t *rm = call->data;
    if (status == OC_ENOENT) {
        reply_not_found(call);
        return;
    }
    if (status != 0) {
        oc_call_reply_status(call, status);
        return;
    }
    /* Answer once the file is gone too. */
    char folder[PATH_MAX];
    folder_of(call->api, folder, sizeof(folder));
    if (oc_files_remove(call->api->loop, folder, one_key(rm->key), 1, file_removed, call) != 0)
        oc_call_reply_empty(call);
}

/* DELETE /attachments/:id */
static void delete_attachment(oc_call_t *call)
{
    removal_t *rm = oc_xcalloc(1, sizeof(*rm));
    call->data = rm;
    if (!param_id(call, &rm->id))
        return;
    rm->user_id = call->user_id;
    oc_call_write(call, delete_row, row_deleted);
}

/* ---- clean-up of abandoned uploads ----------------------------------------------------- */

/* One timer, unreferenced (it never keeps the loop alive), closed when the HTTP server begins
 * to stop or when the API goes, whichever comes first. A sweep in flight keeps the struct
 * alive until its job is back. */
typedef struct oc_upload_sweep {
    uv_timer_t timer;
    oc_api_t *api; /* NULL once closing */
    oc_db_t *db;
    uv_loop_t *loop;
    uint64_t pending_ms;
    char folder[PATH_MAX];
    bool busy;   /* a sweep job is out */
    bool closed; /* the timer's close callback ran */
    /* the job's results */
    char **keys;
    size_t num_keys;
} oc_upload_sweep_t;

static void sweep_tick(uv_timer_t *t);

static void sweep_free_if_done(oc_upload_sweep_t *sw)
{
    if (sw->closed && !sw->busy)
        free(sw);
}

static void sweep_closed(uv_handle_t *h)
{
    oc_upload_sweep_t *sw = h->data;
    sw->closed = true;
    sweep_free_if_done(sw);
}

static int sweep_work(oc_dbc_t *c, void *arg)
{
    oc_upload_sweep_t *sw = arg;
    int64_t before = oc_now_ms() - (int64_t)sw->pending_ms;
    return oc_attachments_expire(c, before, SWEEP_BATCH, &sw->keys, &sw->num_keys);
}

static void sweep_done(int status, void *arg)
{
    oc_upload_sweep_t *sw = arg;
    sw->busy = false;
    char **keys = sw->keys;
    size_t n = sw->num_keys;
    sw->keys = NULL;
    sw->num_keys = 0;
    if (status != 0) {
        /* Rolled back: the rows stay, and so must their files. */
        if (status != OC_ECANCELED)
            oc_log_warn("attachments", "clean-up of unused uploads failed: %s",
                        oc_strerror(status));
        oc_attachment_keys_free(keys, n);
    } else if (n > 0) {
        oc_log_info("attachments", "removing %zu unused uploads", n);
        oc_files_remove(sw->loop, sw->folder, keys, n, NULL, NULL);
    } else {
        oc_attachment_keys_free(keys, n);
    }
    if (sw->api == NULL) {
        sweep_free_if_done(sw);
        return;
    }
    /* A full batch means there may be more: go on at once. */
    if (status == 0 && n == SWEEP_BATCH)
        uv_timer_start(&sw->timer, sweep_tick, 0, 0);
}

static void sweep_tick(uv_timer_t *t)
{
    oc_upload_sweep_t *sw = t->data;
    if (sw->busy || sw->api == NULL)
        return;
    sw->busy = true;
    if (oc_db_write(sw->db, sweep_work, sweep_done, sw) != 0)
        sw->busy = false;
}

static void sweep_stop(void *arg)
{
    oc_upload_sweep_t *sw = arg;
    sw->api->uploads = NULL;
    sw->api = NULL;
    uv_timer_stop(&sw->timer);
    uv_close((uv_handle_t *)&sw->timer, sweep_closed);
}

static void sweep_start(oc_api_t *api)
{
    oc_upload_sweep_t *sw = oc_xcalloc(1, sizeof(*sw));
    sw->api = api;
    sw->db = api->db;
    sw->loop = api->loop;
    sw->pending_ms = api->cfg->upload_pending_ms;
    folder_of(api, sw->folder, sizeof(sw->folder));
    uv_timer_init(api->loop, &sw->timer);
    sw->timer.data = sw;
    /* Often enough that an upload outlives its time by a fraction of it at most. */
    uint64_t every = OC_MIN((uint64_t)SWEEP_EVERY_MS, sw->pending_ms / 4);
    if (every < 20)
        every = 20;
    uv_timer_start(&sw->timer, sweep_tick, every, every);
    uv_unref((uv_handle_t *)&sw->timer);
    api->uploads = sw;
    oc_http_server_on_shutdown(api->http, sweep_stop, sw);
}

void oc__api_attachments_stop(oc_api_t *api)
{
    oc_upload_sweep_t *sw = api->uploads;
    if (sw == NULL)
        return;
    /* The HTTP server has not stopped yet (it would have stopped the sweep): it must not call
     * the sweep after it is gone. */
    oc_http_server_off_shutdown(api->http, sweep_stop, sw);
    sweep_stop(sw);
}

/* ---- registration ---------------------------------------------------------------------- */

int oc__api_attachments(oc_api_t *api, char *err, size_t err_len)
{
    size_t max = api->cfg->upload_max_bytes;
    if (max == 0 || max > (size_t)UINT32_MAX - FRAMING_BYTES) {
        snprintf(err, err_len, "OPENCHAT_MAX_UPLOAD must be between 1 byte and 4 GiB");
        return OC_EINVAL;
    }
    if (api->cfg->upload_pending_ms == 0) {
        snprintf(err, err_len, "OPENCHAT_UPLOAD_PENDING_MS must be above 0");
        return OC_EINVAL;
    }
    oc_api_route(api, OC_HTTP_POST, "/attachments", post_attachment, OC_ROUTE_AUTH);
    oc_api_route(api, OC_HTTP_GET, "/attachments/:id/:name", get_attachment, OC_ROUTE_AUTH);
    oc_api_route(api, OC_HTTP_DELETE, "/attachments/:id", delete_attachment, OC_ROUTE_AUTH);
    int rc = oc_http_server_body_limit(api->http, OC_HTTP_POST, "/api/v1/attachments",
                                       max + FRAMING_BYTES);
    oc_assert(rc == 0);
    sweep_start(api);
    return 0;
}
