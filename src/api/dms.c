/* /api/v1 direct-message routes: opening the DM with a friend (POST /dms, idempotent) and
 * listing one's DMs (GET /dms). Rules and SQL in domain/dms.c; messages are another file's. */
#include "api/api_internal.h"

#include "core/alloc.h"
#include "core/errors.h"
#include "core/id.h"
#include "domain/dms.h"
#include "domain/places.h"

#include <stdlib.h>

typedef struct dm_op {
    int64_t user_id; /* the caller */
    int64_t other;
    int64_t chat_id; /* set when this call created the chat */
    bool created;
    oc_friend_refusal_t why;
    oc_buf_t out;
} dm_op_t;

static void op_free(void *data)
{
    dm_op_t *op = data;
    oc_buf_free(&op->out);
    free(op);
}

static dm_op_t *op_new(oc_call_t *call)
{
    dm_op_t *op = oc_xcalloc(1, sizeof(*op));
    op->user_id = call->user_id;
    call->data = op;
    call->data_free = op_free;
    return op;
}

static void refused(oc_call_t *call, oc_friend_refusal_t why)
{
    switch (why) {
    case OC_FRIEND_SELF:
        oc_call_reply_error(call, 422, "cannot_dm_self", "You cannot message yourself here.");
        break;
    case OC_FRIEND_NO_USER:
        oc_call_reply_error(call, 404, "user_not_found", "No such user.");
        break;
    case OC_FRIEND_BLOCKED:
        oc_call_reply_error(call, 403, "blocked", "You cannot message this user.");
        break;
    case OC_FRIEND_NOT_FRIENDS:
        oc_call_reply_error(call, 403, "not_friends", "You can only message your friends.");
        break;
    default: oc_call_reply_status(call, OC_EPERM); break;
    }
}

static int open_dm(oc_dbc_t *c, void *arg)
{
    dm_op_t *op = arg;
    int rc = oc_dm_open(c, op->user_id, op->other, oc_now_ms(), &op->out, &op->created, &op->why);
    if (rc == 0 && op->created)
        rc = oc_places_dm_between(c, op->user_id, op->other, &op->chat_id);
    return rc;
}

static void dm_opened(oc_call_t *call, int status)
{
    dm_op_t *op = call->data;
    if (status == OC_EPERM && op->why != OC_FRIEND_OK) {
        refused(call, op->why);
        return;
    }
    if (status != 0) {
        oc_call_reply_status(call, status);
        return;
    }
    if (op->created)
        oc_live_dm_opened(call->api->live, op->chat_id, op->user_id, op->other);
    oc_buf_t b = OC_BUF_INIT;
    oc_buf_append_str(&b, "{\"chat\":");
    oc_buf_append(&b, op->out.data, op->out.len);
    oc_buf_append_char(&b, '}');
    oc_call_reply_json(call, op->created ? 201 : 200, &b);
    oc_buf_free(&b);
}

/* POST /dms {user_id} */
static void post_dm(oc_call_t *call)
{
    dm_op_t *op = op_new(call);
    if (!oc_call_id(call, "user_id", true, &op->other))
        return;
    oc_call_write(call, open_dm, dm_opened);
}

static int list_dms(oc_dbc_t *c, void *arg)
{
    dm_op_t *op = arg;
    return oc_dms_list(c, op->user_id, &op->out);
}

static void dms_listed(oc_call_t *call, int status)
{
    dm_op_t *op = call->data;
    if (status != 0)
        oc_call_reply_status(call, status);
    else
        oc_call_reply_json(call, 200, &op->out);
}

/* GET /dms */
static void get_dms(oc_call_t *call)
{
    op_new(call);
    oc_call_read(call, list_dms, dms_listed);
}

void oc__api_dms(oc_api_t *api)
{
    oc_api_route(api, OC_HTTP_POST, "/dms", post_dm, OC_ROUTE_AUTH | OC_ROUTE_JSON);
    oc_api_route(api, OC_HTTP_GET, "/dms", get_dms, OC_ROUTE_AUTH);
}
