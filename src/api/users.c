/* /api/v1 user routes: the caller's own account and other people's public profiles. */
#include "api/api_internal.h"

#include "core/alloc.h"
#include "domain/users.h"

#include <stdlib.h>

typedef struct me_op {
    oc_user_t user;
    int64_t user_id;
} me_op_t;

static int load_me(oc_dbc_t *c, void *arg)
{
    me_op_t *op = arg;
    return oc_user_load(c, op->user_id, &op->user);
}

static void me_loaded(oc_call_t *call, int status)
{
    me_op_t *op = call->data;
    if (status != 0) {
        oc_call_reply_status(call, status);
        return;
    }
    oc_buf_t out = OC_BUF_INIT;
    oc_user_json_self(&out, &op->user);
    oc_call_reply_json(call, 200, &out);
    oc_buf_free(&out);
}

/* GET /users/me */
static void get_me(oc_call_t *call)
{
    me_op_t *op = oc_xcalloc(1, sizeof(*op));
    op->user_id = call->user_id;
    call->data = op;
    oc_call_read(call, load_me, me_loaded);
}

void oc__api_users(oc_api_t *api)
{
    oc_api_route(api, OC_HTTP_GET, "/users/me", get_me, OC_ROUTE_AUTH);
}
