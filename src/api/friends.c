/* /api/v1 relation routes: friends, friend requests and blocks. Handlers check their input
 * and run one database job each (SQL and rules in domain/friends.c); a refusal comes back as
 * a reason that maps to its own error code here. Direct messages are in dms.c. */
#include "api/api_internal.h"

#include "core/alloc.h"
#include "core/errors.h"
#include "core/id.h"
#include "domain/friends.h"
#include "domain/users.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct friend_op {
    int64_t user_id;    /* the caller */
    int64_t target;     /* the other user or the request, from the path or the body */
    char *username;     /* POST /friends/requests by name (lower case) */
    bool befriended;    /* the request became a friendship at once */
    bool still_blocked; /* after an unblock: the other user blocks the caller */
    int64_t other;      /* after a request was rejected or cancelled: its other user */
    oc_friend_refusal_t why;
    oc_buf_t out;
} friend_op_t;

static void op_free(void *data)
{
    friend_op_t *op = data;
    free(op->username);
    oc_buf_free(&op->out);
    free(op);
}

static friend_op_t *op_new(oc_call_t *call)
{
    friend_op_t *op = oc_xcalloc(1, sizeof(*op));
    op->user_id = call->user_id;
    call->data = op;
    call->data_free = op_free;
    return op;
}

/* The id in path parameter `name`, or a 404 with the route's own code. */
static bool param_id(oc_call_t *call, const char *name, const char *code, const char *message)
{
    friend_op_t *op = call->data;
    size_t len;
    const char *v = oc_http_request_param(call->req, name, &len);
    if (v == NULL || !oc_id_parse(v, len, &op->target)) {
        oc_call_reply_error(call, 404, code, message);
        return false;
    }
    return true;
}

/* Replies with the refusal's status and code. self_code names the route's own "not with
 * yourself" error. */
static void refused(oc_call_t *call, oc_friend_refusal_t why, const char *self_code)
{
    switch (why) {
    case OC_FRIEND_NO_USER:
        oc_call_reply_error(call, 404, "user_not_found", "No such user.");
        break;
    case OC_FRIEND_SELF:
        oc_call_reply_error(call, 422, self_code, "You cannot do this with yourself.");
        break;
    case OC_FRIEND_UNVERIFIED:
        oc_call_reply_error(call, 403, "email_unverified",
                            "Verify your e-mail address before sending friend requests.");
        break;
    case OC_FRIEND_BLOCKED:
        oc_call_reply_error(call, 403, "blocked", "You cannot add this user.");
        break;
    case OC_FRIEND_ALREADY:
        oc_call_reply_error(call, 409, "already_friends", "You are already friends.");
        break;
    case OC_FRIEND_REQUEST_EXISTS:
        oc_call_reply_error(call, 409, "request_exists", "You already sent this user a request.");
        break;
    case OC_FRIEND_NOT_FRIENDS:
        oc_call_reply_error(call, 404, "not_friends", "You are not friends with this user.");
        break;
    case OC_FRIEND_NO_REQUEST:
        oc_call_reply_error(call, 404, "request_not_found", "No such friend request.");
        break;
    case OC_FRIEND_NOT_BLOCKED:
        oc_call_reply_error(call, 404, "not_blocked", "You have not blocked this user.");
        break;
    default: oc_call_reply_status(call, OC_EPERM); break;
    }
}

static bool failed(oc_call_t *call, int status, const char *self_code)
{
    friend_op_t *op = call->data;
    if (status == 0)
        return false;
    if (status == OC_EPERM && op->why != OC_FRIEND_OK)
        refused(call, op->why, self_code);
    else
        oc_call_reply_status(call, status);
    return true;
}

/* Continuations: the body as built by the job, 204, or {"<key>": body}. */
static void reply_out(oc_call_t *call, int status)
{
    friend_op_t *op = call->data;
    if (!failed(call, status, "invalid"))
        oc_call_reply_json(call, 200, &op->out);
}

static void reply_empty(oc_call_t *call, int status)
{
    if (!failed(call, status, "invalid"))
        oc_call_reply_empty(call);
}

static void reply_wrapped(oc_call_t *call, int status, const char *self_code)
{
    friend_op_t *op = call->data;
    if (failed(call, status, self_code))
        return;
    oc_buf_t b = OC_BUF_INIT;
    bool request = !op->befriended;
    oc_buf_append_str(&b, request ? "{\"request\":" : "{\"friend\":");
    oc_buf_append(&b, op->out.data, op->out.len);
    oc_buf_append_char(&b, '}');
    oc_call_reply_json(call, request ? 201 : 200, &b);
    oc_buf_free(&b);
}

/* The id at key (or at key inside object `in`) of the JSON the job wrote. */
static int64_t id_in(const oc_buf_t *json, const char *in, const char *key)
{
    cJSON *root = cJSON_ParseWithLength(json->data ? json->data : "", json->len);
    const cJSON *obj = in ? cJSON_GetObjectItemCaseSensitive(root, in) : root;
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    int64_t id = 0;
    if (cJSON_IsString(v))
        oc_id_parse(v->valuestring, strlen(v->valuestring), &id);
    cJSON_Delete(root);
    return id;
}

/* A request sent or accepted: the other user's sockets hear of it. */
static void reply_sent(oc_call_t *call, int status)
{
    friend_op_t *op = call->data;
    if (status == 0 && op->befriended) {
        oc_live_friends_changed(call->api->live, op->user_id, id_in(&op->out, "user", "id"), true);
    } else if (status == 0) {
        char json[96];
        int n = snprintf(json, sizeof(json), "{\"id\":\"%lld\",\"user_id\":\"%lld\"}",
                         (long long)id_in(&op->out, NULL, "id"), (long long)op->user_id);
        oc_live_user_event(call->api->live, id_in(&op->out, "user", "id"), "friend:request", json,
                           (size_t)n);
    }
    reply_wrapped(call, status, "cannot_befriend_self");
}

static void reply_blocked(oc_call_t *call, int status)
{
    friend_op_t *op = call->data;
    if (status == 0)
        oc_live_blocked(call->api->live, op->user_id, op->target);
    if (!failed(call, status, "cannot_block_self"))
        oc_call_reply_empty(call);
}

static void reply_unfriended(oc_call_t *call, int status)
{
    friend_op_t *op = call->data;
    if (status == 0)
        oc_live_friends_changed(call->api->live, op->user_id, op->target, false);
    reply_empty(call, status);
}

static void reply_unblocked(oc_call_t *call, int status)
{
    friend_op_t *op = call->data;
    if (status == 0 && !op->still_blocked)
        oc_live_unblocked(call->api->live, op->user_id, op->target);
    reply_empty(call, status);
}

/* ---- friends --------------------------------------------------------------------------- */

static int list_friends(oc_dbc_t *c, void *arg)
{
    friend_op_t *op = arg;
    return oc_friends_list(c, op->user_id, &op->out);
}

static void get_friends(oc_call_t *call)
{
    op_new(call);
    oc_call_read(call, list_friends, reply_out);
}

static int unfriend(oc_dbc_t *c, void *arg)
{
    friend_op_t *op = arg;
    return oc_friend_remove(c, op->user_id, op->target, &op->why);
}

static void delete_friend(oc_call_t *call)
{
    op_new(call);
    if (param_id(call, "user_id", "not_friends", "You are not friends with this user."))
        oc_call_write(call, unfriend, reply_unfriended);
}

/* ---- requests -------------------------------------------------------------------------- */

static int list_requests(oc_dbc_t *c, void *arg)
{
    friend_op_t *op = arg;
    return oc_friend_requests_list(c, op->user_id, &op->out);
}

static void get_requests(oc_call_t *call)
{
    op_new(call);
    oc_call_read(call, list_requests, reply_out);
}

static int send_request(oc_dbc_t *c, void *arg)
{
    friend_op_t *op = arg;
    return oc_friend_request_send(c, op->user_id, op->target, op->username, oc_now_ms(), &op->out,
                                  &op->befriended, &op->why);
}

static void post_request(oc_call_t *call)
{
    friend_op_t *op = op_new(call);
    if (!oc_call_id(call, "user_id", false, &op->target) ||
        !oc_call_string(call, "username", false, 1, OC_USERNAME_MAX, &op->username))
        return;
    if (op->target == 0 && op->username == NULL) {
        oc_call_reply_invalid(call, "username", "Give the username or the user_id to add.");
        return;
    }
    if (op->target != 0 && op->username != NULL) {
        oc_call_reply_invalid(call, "user_id", "Give the username or the user_id, not both.");
        return;
    }
    if (op->username != NULL)
        oc_ascii_lower(op->username);
    /* Per account, not per address: people behind one NAT should not share a budget. Every
     * attempt counts, refused ones too, so the route cannot be used to probe usernames. */
    char key[40];
    unsigned retry = 0;
    snprintf(key, sizeof(key), "account:%lld", (long long)op->user_id);
    if (!oc_ratelimit_take(call->api->rates, "friend_request", key, oc_now_ms(), &retry)) {
        oc_call_reply_rate_limited(call, retry);
        return;
    }
    oc_call_write(call, send_request, reply_sent);
}

static int accept_request(oc_dbc_t *c, void *arg)
{
    friend_op_t *op = arg;
    op->befriended = true;
    return oc_friend_request_accept(c, op->user_id, op->target, oc_now_ms(), &op->out, &op->why);
}

static void post_accept(oc_call_t *call)
{
    op_new(call);
    if (param_id(call, "id", "request_not_found", "No such friend request."))
        oc_call_write(call, accept_request, reply_sent);
}

static int reject_request(oc_dbc_t *c, void *arg)
{
    friend_op_t *op = arg;
    return oc_friend_request_reject(c, op->user_id, op->target, &op->other, &op->why);
}

/* A request is gone: both users' sockets hear it, each with the other user's id. */
static void reply_request_removed(oc_call_t *call, int status)
{
    friend_op_t *op = call->data;
    if (status == 0) {
        int64_t users[2] = {op->user_id, op->other}, others[2] = {op->other, op->user_id};
        for (int i = 0; i < 2; i++) {
            char json[96];
            int n = snprintf(json, sizeof(json), "{\"id\":\"%lld\",\"user_id\":\"%lld\"}",
                             (long long)op->target, (long long)others[i]);
            oc_live_user_event(call->api->live, users[i], "friend:request_removed", json,
                               (size_t)n);
        }
    }
    reply_empty(call, status);
}

static void post_reject(oc_call_t *call)
{
    op_new(call);
    if (param_id(call, "id", "request_not_found", "No such friend request."))
        oc_call_write(call, reject_request, reply_request_removed);
}

static int cancel_request(oc_dbc_t *c, void *arg)
{
    friend_op_t *op = arg;
    return oc_friend_request_cancel(c, op->user_id, op->target, &op->other, &op->why);
}

static void delete_request(oc_call_t *call)
{
    op_new(call);
    if (param_id(call, "id", "request_not_found", "No such friend request."))
        oc_call_write(call, cancel_request, reply_request_removed);
}

/* ---- blocks ---------------------------------------------------------------------------- */

static int list_blocks(oc_dbc_t *c, void *arg)
{
    friend_op_t *op = arg;
    return oc_blocks_list(c, op->user_id, &op->out);
}

static void get_blocks(oc_call_t *call)
{
    op_new(call);
    oc_call_read(call, list_blocks, reply_out);
}

static int block(oc_dbc_t *c, void *arg)
{
    friend_op_t *op = arg;
    return oc_block_add(c, op->user_id, op->target, oc_now_ms(), &op->why);
}

static void put_block(oc_call_t *call)
{
    op_new(call);
    if (param_id(call, "user_id", "user_not_found", "No such user."))
        oc_call_write(call, block, reply_blocked);
}

static int unblock(oc_dbc_t *c, void *arg)
{
    friend_op_t *op = arg;
    int rc = oc_block_remove(c, op->user_id, op->target, &op->why);
    /* Read in the same job so the DM opens again on the live side before the answer leaves:
     * a message sent as soon as the client sees 204 must reach the other member. */
    if (rc == 0)
        rc = oc_blocked_either(c, op->user_id, op->target, &op->still_blocked);
    return rc;
}

static void delete_block(oc_call_t *call)
{
    op_new(call);
    if (param_id(call, "user_id", "not_blocked", "You have not blocked this user."))
        oc_call_write(call, unblock, reply_unblocked);
}

void oc__api_friends(oc_api_t *api)
{
    const unsigned auth = OC_ROUTE_AUTH;
    /* The /friends/requests routes come before /friends/:user_id. */
    oc_api_route(api, OC_HTTP_GET, "/friends/requests", get_requests, auth);
    oc_api_route(api, OC_HTTP_POST, "/friends/requests", post_request, auth | OC_ROUTE_JSON);
    oc_api_route(api, OC_HTTP_POST, "/friends/requests/:id/accept", post_accept, auth);
    oc_api_route(api, OC_HTTP_POST, "/friends/requests/:id/reject", post_reject, auth);
    oc_api_route(api, OC_HTTP_DELETE, "/friends/requests/:id", delete_request, auth);
    oc_api_route(api, OC_HTTP_GET, "/friends", get_friends, auth);
    oc_api_route(api, OC_HTTP_DELETE, "/friends/:user_id", delete_friend, auth);
    oc_api_route(api, OC_HTTP_GET, "/blocks", get_blocks, auth);
    oc_api_route(api, OC_HTTP_PUT, "/blocks/:user_id", put_block, auth);
    oc_api_route(api, OC_HTTP_DELETE, "/blocks/:user_id", delete_block, auth);
    oc__api_dms(api);
}
