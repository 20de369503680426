/* /api/v1 user routes: the caller's own profile (GET/PATCH /users/me), other people's public
 * profiles (GET /users/:id) and search by username (GET /users). The avatar routes live in
 * avatars.c; account deletion (DELETE /users/me) in accounts.c. SQL in domain/profiles.c. */
#include "api/api_internal.h"

#include "core/alloc.h"
#include "core/errors.h"
#include "core/id.h"
#include "domain/profiles.h"
#include "domain/users.h"
#include "http/parser.h"

#include <stdlib.h>
#include <string.h>

typedef struct user_op {
    int64_t user_id; /* the caller */
    int64_t target;  /* GET /users/:id */
    oc_user_t user;
    char *display_name; /* PATCH: NULL when not given */
    char *bio;
    char *status;
    char *search; /* GET /users: the lower-cased prefix */
    int limit;
    oc_buf_t out;
} user_op_t;

static void op_free(void *data)
{
    user_op_t *op = data;
    free(op->display_name);
    free(op->bio);
    free(op->status);
    free(op->search);
    oc_buf_free(&op->out);
    free(op);
}

static user_op_t *op_new(oc_call_t *call)
{
    user_op_t *op = oc_xcalloc(1, sizeof(*op));
    op->user_id = call->user_id;
    call->data = op;
    call->data_free = op_free;
    return op;
}

static void reply_user_gone(oc_call_t *call, int status)
{
    if (status == OC_ENOENT)
        oc_call_reply_error(call, 404, "user_not_found", "No such user.");
    else
        oc_call_reply_status(call, status);
}

/* Replies 200 with the caller's own JSON, or the error. */
static void reply_self(oc_call_t *call, int status)
{
    user_op_t *op = call->data;
    if (status != 0) {
        reply_user_gone(call, status);
        return;
    }
    oc_buf_t out = OC_BUF_INIT;
    oc_user_json_self(&out, &op->user);
    oc_call_reply_json(call, 200, &out);
    oc_buf_free(&out);
}

static void reply_out(oc_call_t *call, int status)
{
    user_op_t *op = call->data;
    if (status != 0) {
        reply_user_gone(call, status);
        return;
    }
    oc_call_reply_json(call, 200, &op->out);
}

/* ---- GET /users/me --------------------------------------------------------------------- */

static int load_me(oc_dbc_t *c, void *arg)
{
    user_op_t *op = arg;
    return oc_user_load(c, op->user_id, &op->user);
}

static void get_me(oc_call_t *call)
{
    op_new(call);
    oc_call_read(call, load_me, reply_self);
}

/* ---- PATCH /users/me ------------------------------------------------------------------- */

static int update_me(oc_dbc_t *c, void *arg)
{
    user_op_t *op = arg;
    return oc_profile_update(c, op->user_id, op->display_name, op->bio, op->status, &op->user);
}

static void patched(oc_call_t *call, int status)
{
    user_op_t *op = call->data;
    if (status == 0 && op->status != NULL)
        oc_live_status_changed(call->api->live, op->user_id, op->status);
    reply_self(call, status);
}

static void patch_me(oc_call_t *call)
{
    user_op_t *op = op_new(call);
    if (!oc_call_string(call, "display_name", false, 1, OC_DISPLAY_NAME_MAX, &op->display_name))
        return;
    if (op->display_name != NULL && !oc_profile_text_ok(op->display_name, false)) {
        oc_call_reply_invalid(call, "display_name",
                              "display_name must not contain control "
                              "characters or line breaks.");
        return;
    }
    if (!oc_call_string(call, "bio", false, 0, OC_BIO_MAX, &op->bio))
        return;
    if (op->bio != NULL && !oc_profile_text_ok(op->bio, true)) {
        oc_call_reply_invalid(call, "bio", "bio must not contain control characters.");
        return;
    }
    if (!oc_call_string(call, "status", false, 1, 16, &op->status))
        return;
    if (op->status != NULL && !oc_profile_status_valid(op->status)) {
        oc_call_reply_invalid(call, "status", "status must be online, idle, dnd or invisible.");
        return;
    }
    oc_call_write(call, update_me, patched);
}

/* ---- GET /users/:id -------------------------------------------------------------------- */

static int view_user(oc_dbc_t *c, void *arg)
{
    user_op_t *op = arg;
    return oc_profile_view(c, op->user_id, op->target, &op->out);
}

static void get_user(oc_call_t *call)
{
    user_op_t *op = op_new(call);
    size_t len;
    const char *v = oc_http_request_param(call->req, "id", &len);
    if (v == NULL || !oc_id_parse(v, len, &op->target)) {
        oc_call_reply_error(call, 404, "user_not_found", "No such user.");
        return;
    }
    oc_call_read(call, view_user, reply_out);
}

/* ---- GET /users?search=&limit= --------------------------------------------------------- */

static int search_users(oc_dbc_t *c, void *arg)
{
    user_op_t *op = arg;
    return oc_profile_search(c, op->user_id, op->search, op->limit, &op->out);
}

/* A query parameter, percent-decoded into a NUL-terminated string (caller frees), or NULL
 * when absent; *bad is set when it is present but not decodable text without NULs. */
static char *query_param(oc_call_t *call, const char *name, bool *bad)
{
    const char *v;
    size_t len;
    *bad = false;
    if (!oc_http_request_query(call->req, name, &v, &len))
        return NULL;
    oc_buf_t b = OC_BUF_INIT;
    if (oc_http_url_decode(v, len, true, &b) != 0 || memchr(b.data ? b.data : "", '\0', b.len)) {
        oc_buf_free(&b);
        *bad = true;
        return NULL;
    }
    oc_buf_append_char(&b, '\0');
    return oc_buf_steal(&b, NULL);
}

static void get_users(oc_call_t *call)
{
    user_op_t *op = op_new(call);
    bool bad;
    op->search = query_param(call, "search", &bad);
    size_t n = op->search ? strlen(op->search) : 0;
    while (n > 0 && op->search[n - 1] == ' ')
        op->search[--n] = '\0';
    size_t lead = 0;
    while (lead < n && op->search[lead] == ' ')
        lead++;
    if (lead) {
        memmove(op->search, op->search + lead, n - lead + 1);
        n -= lead;
    }
    if (bad || op->search == NULL || n == 0 || n > OC_SEARCH_MAX_CHARS) {
        oc_call_reply_invalid(call, "search", "search must be 1 to 32 characters.");
        return;
    }
    oc_ascii_lower(op->search);
    op->limit = OC_SEARCH_LIMIT_DEFAULT;
    char *limit = query_param(call, "limit", &bad);
    if (limit != NULL || bad) {
        char *end = NULL;
        long v = limit != NULL && limit[0] >= '0' && limit[0] <= '9' ? strtol(limit, &end, 10) : 0;
        bool ok = end != NULL && *end == '\0' && v >= 1 && v <= OC_SEARCH_LIMIT_MAX;
        free(limit);
        if (!ok) {
            oc_call_reply_invalid(call, "limit", "limit must be a whole number from 1 to 50.");
            return;
        }
        op->limit = (int)v;
    }
    oc_call_read(call, search_users, reply_out);
}

void oc__api_users(oc_api_t *api)
{
    /* /users/me before /users/:id: routes match in the order they were added. */
    oc_api_route(api, OC_HTTP_GET, "/users/me", get_me, OC_ROUTE_AUTH);
    oc_api_route(api, OC_HTTP_PATCH, "/users/me", patch_me, OC_ROUTE_AUTH | OC_ROUTE_JSON);
    oc_api_route(api, OC_HTTP_GET, "/users", get_users, OC_ROUTE_AUTH);
    oc_api_route(api, OC_HTTP_GET, "/users/:id", get_user, OC_ROUTE_AUTH);
    oc__api_avatars(api);
}
