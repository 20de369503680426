/* Static file serving: see static_files.h. */
#include "http/static_files.h"

#include "core/alloc.h"
#include "core/errors.h"
#include "core/frame.h"
#include "core/log.h"
#include "http/response.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

struct oc_static {
    uv_loop_t *loop;
    char *root;
    size_t max_file_bytes;
};

typedef struct job {
    uv_work_t work;
    oc_static_t *st;
    oc_http_request_t *req; /* NULL once the client left */
    char *rel;              /* normalised relative path */
    bool spa_allowed;       /* the path may fall back to index.html */
    char etag_in[80];       /* If-None-Match from the request */
    /* results */
    int status;
    char *file; /* the path actually served, relative */
    oc_frame_t *body;
    char etag[64];
    bool not_modified;
} job_t;

/* ---- names ----------------------------------------------------------------------------- */

static const struct {
    const char *ext;
    const char *type;
} mime_types[] = {
    {"html", "text/html; charset=utf-8"},
    {"js", "text/javascript; charset=utf-8"},
    {"mjs", "text/javascript; charset=utf-8"},
    {"css", "text/css; charset=utf-8"},
    {"json", "application/json"},
    {"map", "application/json"},
    {"webmanifest", "application/manifest+json"},
    {"txt", "text/plain; charset=utf-8"},
    {"svg", "image/svg+xml"},
    {"png", "image/png"},
    {"jpg", "image/jpeg"},
    {"jpeg", "image/jpeg"},
    {"gif", "image/gif"},
    {"webp", "image/webp"},
    {"avif", "image/avif"},
    {"ico", "image/x-icon"},
    {"woff", "font/woff"},
    {"woff2", "font/woff2"},
    {"ttf", "font/ttf"},
    {"otf", "font/otf"},
    {"wasm", "application/wasm"},
    {"mp3", "audio/mpeg"},
    {"ogg", "audio/ogg"},
    {"wav", "audio/wav"},
    {"mp4", "video/mp4"},
    {"webm", "video/webm"},
    {"pdf", "application/pdf"},
};

static const char *extension(const char *name, size_t len, size_t *ext_len)
{
    for (size_t i = len; i > 0; i--) {
        if (name[i - 1] == '.') {
            *ext_len = len - i;
            return name + i;
        }
        if (name[i - 1] == '/')
            break;
    }
    *ext_len = 0;
    return NULL;
}

const char *oc_static_mime_type(const char *name, size_t len)
{
    size_t ext_len;
    const char *ext = extension(name, len, &ext_len);
    if (ext != NULL) {
        for (size_t i = 0; i < OC_ARRAY_LEN(mime_types); i++) {
            if (strlen(mime_types[i].ext) == ext_len &&
                strncasecmp(mime_types[i].ext, ext, ext_len) == 0)
                return mime_types[i].type;
        }
    }
    return "application/octet-stream";
}

bool oc_static_is_hashed(const char *name, size_t len)
{
    /* Vite writes bundles to assets/ as "<name>-<8-character base64url hash>.<ext>" (and
     * source maps as that plus ".map"). Only there is a name a promise that the content never
     * changes: "logo-1024x1024.png" elsewhere is an ordinary file. */
    if (len < 7 || memcmp(name, "assets/", 7) != 0)
        return false;
    if (len > 4 && memcmp(name + len - 4, ".map", 4) == 0)
        len -= 4;
    size_t ext_len;
    const char *ext = extension(name, len, &ext_len);
    if (ext == NULL || ext_len == 0)
        return false;
    const char *dot = ext - 1;
    if (dot - name < 7 + 10 || dot[-9] != '-')
        return false;
    /* A word like "manifest" is not a hash: a hash has some character besides a-z (a real
     * one lacks them with probability (26/64)^8, and then only loses the long cache). */
    bool word = true;
    for (const char *q = dot - 8; q < dot; q++) {
        char c = *q;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-'))
            return false;
        word = word && c >= 'a' && c <= 'z';
    }
    return !word;
}

static int hex(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int oc_static_normalize(const char *path, size_t len, char **out)
{
    char *buf = oc_xmalloc(len + 1);
    size_t n = 0;
    /* Decode first, then judge segments: "%2e%2e" must be caught as "..". */
    for (size_t i = 0; i < len; i++) {
        char c = path[i];
        if (c == '%') {
            int hi = i + 2 < len ? hex(path[i + 1]) : -1, lo = i + 2 < len ? hex(path[i + 2]) : -1;
            if (hi < 0 || lo < 0)
                goto refuse;
            c = (char)(hi * 16 + lo);
            i += 2;
        }
        if (c == '\0' || c == '\\')
            goto refuse;
        buf[n++] = c;
    }
    buf[n] = '\0';
    char *res = oc_xmalloc(n + 1);
    size_t r = 0;
    for (char *seg = buf; *seg;) {
        char *slash = strchr(seg, '/');
        size_t seg_len = slash ? (size_t)(slash - seg) : strlen(seg);
        if (seg_len > 0) {
            /* "..", "." and hidden names (".env", ".git") are never served. */
            if (seg[0] == '.') {
                free(res);
                goto refuse;
            }
            if (r > 0)
                res[r++] = '/';
            memcpy(res + r, seg, seg_len);
            r += seg_len;
        }
        seg += seg_len;
        if (*seg == '/')
            seg++;
    }
    res[r] = '\0';
    free(buf);
    *out = res;
    return 0;
refuse:
    free(buf);
    return OC_EPERM;
}

/* ---- worker ---------------------------------------------------------------------------- */

/* Opens rel under root without following a link out of it; fills st. Returns fd or -errno. */
static int open_inside(const char *root_real, const char *rel, struct stat *st, char **real_out)
{
    char path[PATH_MAX];
    if (snprintf(path, sizeof(path), "%s/%s", root_real, rel) >= (int)sizeof(path))
        return -ENAMETOOLONG;
    char *real = realpath(path, NULL);
    if (real == NULL)
        return -errno;
    size_t rl = strlen(root_real);
    if (strncmp(real, root_real, rl) != 0 || (real[rl] != '/' && real[rl] != '\0')) {
        free(real);
        return -EACCES;
    }
    int fd = open(real, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fstat(fd, st) != 0) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        free(real);
        return -e;
    }
    *real_out = real;
    return fd;
}

static void work(uv_work_t *w)
{
    job_t *job = w->data;
    job->status = 404;
    char *root_real = realpath(job->st->root, NULL);
    if (root_real == NULL)
        return;
    struct stat st;
    char *real = NULL;
    char *rel = oc_xstrdup(job->rel);
    int fd = open_inside(root_real, rel, &st, &real);
    if (fd >= 0 && S_ISDIR(st.st_mode)) {
        close(fd);
        free(real);
        char *idx = oc_xmalloc(strlen(rel) + 12);
        sprintf(idx, "%s%sindex.html", rel, *rel ? "/" : "");
        free(rel);
        rel = idx;
        fd = open_inside(root_real, rel, &st, &real);
    }
    if (fd < 0 && job->spa_allowed) {
        free(rel);
        rel = oc_xstrdup("index.html");
        fd = open_inside(root_real, rel, &st, &real);
    }
    free(root_real);
    if (fd < 0 || !S_ISREG(st.st_mode)) {
        if (fd >= 0) {
            close(fd);
            free(real);
        }
        job->status = fd == -EACCES ? 403 : 404;
        free(rel);
        return;
    }
    free(real);
    job->file = rel;
    /* A weak validator from size and modification time: it changes whenever the file does
     * and costs no read. */
    snprintf(job->etag, sizeof(job->etag), "W/\"%llx-%llx%09lx\"", (unsigned long long)st.st_size,
             (unsigned long long)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec);
    if (job->etag_in[0] != '\0' && strstr(job->etag_in, job->etag + 2) != NULL) {
        job->not_modified = true;
        job->status = 304;
        close(fd);
        return;
    }
    if ((uint64_t)st.st_size > job->st->max_file_bytes) {
        job->status = 413;
        close(fd);
        return;
    }
    oc_frame_t *f = oc_frame_new((size_t)st.st_size);
    size_t got = 0;
    while (got < (size_t)st.st_size) {
        ssize_t n = read(fd, f->data + got, (size_t)st.st_size - got);
        if (n <= 0) {
            if (n < 0 && errno == EINTR)
                continue;
            break;
        }
        got += (size_t)n;
    }
    close(fd);
    if (got != (size_t)st.st_size) {
        /* The file changed under us; answer with what it is now on the next request. */
        oc_frame_unref(f);
        job->status = 500;
        return;
    }
    job->body = f;
    job->status = 200;
}

static void job_free(job_t *job)
{
    free(job->rel);
    free(job->file);
    oc_frame_unref(job->body);
    free(job);
}

static void after_work(uv_work_t *w, int status)
{
    job_t *job = w->data;
    oc_http_request_t *req = job->req;
    if (req == NULL || status == UV_ECANCELED) {
        if (req != NULL)
            oc_http_reply_error(req, 503, "unavailable", "The server is shutting down.");
        job_free(job);
        return;
    }
    req->on_abort = NULL;
    switch (job->status) {
    case 200:
    case 304: {
        oc_http_response_t r;
        const char *name = job->file;
        oc_http_response_init(&r, job->status, oc_static_mime_type(name, strlen(name)));
        oc_http_response_header(&r, "ETag", job->etag);
        oc_http_response_header(&r, "Cache-Control",
                                oc_static_is_hashed(name, strlen(name))
                                    ? "public, max-age=31536000, immutable"
                                    : "no-cache");
        if (job->status == 304)
            oc_http_send(req, &r, NULL, 0);
        else
            oc_http_send_frame(req, &r, job->body, 0, job->body->len);
        break;
    }
    case 403: oc_http_reply_error(req, 403, "forbidden", "This path may not be served."); break;
    case 413:
        oc_http_reply_error(req, 500, "file_too_large", "The file is too large to serve.");
        break;
    case 500: oc_http_reply_error(req, 500, "read_failed", "The file could not be read."); break;
    default: oc_http_reply_error(req, 404, "not_found", "No such file."); break;
    }
    job_free(job);
}

static void on_abort(oc_http_request_t *req, void *ctx)
{
    OC_UNUSED(req);
    job_t *job = ctx;
    job->req = NULL;
}

void oc_static_serve(oc_http_request_t *req, void *ctx)
{
    oc_static_t *st = ctx;
    char *rel;
    if (oc_static_normalize(req->head.path, req->head.path_len, &rel) != 0) {
        oc_http_reply_error(req, 403, "forbidden", "This path may not be served.");
        return;
    }
    job_t *job = oc_xcalloc(1, sizeof(*job));
    job->st = st;
    job->req = req;
    job->rel = rel;
    /* Client-side routes (/zones/42, /invite/abc) get the app; a missing asset (a name with
     * an extension) is a real 404, and so is anything under the API prefixes. */
    size_t ext_len;
    bool api = strncmp(rel, "api/", 4) == 0 || strcmp(rel, "api") == 0 ||
               strncmp(rel, "socket.io", 9) == 0;
    job->spa_allowed = !api && extension(rel, strlen(rel), &ext_len) == NULL;
    size_t inm_len;
    const char *inm = oc_http_request_header(req, "If-None-Match", &inm_len);
    if (inm != NULL && inm_len < sizeof(job->etag_in)) {
        memcpy(job->etag_in, inm, inm_len);
        job->etag_in[inm_len] = '\0';
    }
    req->on_abort = on_abort;
    req->abort_ctx = job;
    job->work.data = job;
    int rc = uv_queue_work(st->loop, &job->work, work, after_work);
    if (rc != 0) {
        req->on_abort = NULL;
        job_free(job);
        oc_http_reply_error(req, 503, "unavailable", "The server is busy.");
    }
}

oc_static_t *oc_static_new(uv_loop_t *loop, const char *root, size_t max_file_bytes)
{
    oc_static_t *st = oc_xcalloc(1, sizeof(*st));
    st->loop = loop;
    st->root = oc_xstrdup(root);
    st->max_file_bytes = max_file_bytes;
    return st;
}

void oc_static_free(oc_static_t *st)
{
    if (st == NULL)
        return;
    free(st->root);
    free(st);
}
