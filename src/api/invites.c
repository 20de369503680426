/* /api/v1 invite routes: a zone's invites (create, list, revoke) and the public side of a
 * code (the invite page's preview, joining). The rules are the domain's: domain/invites.h. */
#include "api/zones_internal.h"

#include <stdio.h>
#include <string.h>

/* The :code path parameter; replies 404 invite_not_found unless it has a code's shape. */
static bool path_code(oc_call_t *call, oc__zone_op_t *op)
{
    size_t len;
    const char *v = oc_http_request_param(call->req, "code", &len);
    if (v == NULL || !oc_invite_code_valid(v, len)) {
        oc__zone_refuse(call, OC_ZR_INVITE_NOT_FOUND);
        return false;
    }
    memcpy(op->code, v, len);
    op->code[len] = '\0';
    return true;
}

static int create_job(oc_dbc_t *c, void *arg)
{
    oc__zone_op_t *op = arg;
    oc_buf_append_str(&op->out, "{\"invite\":");
    int rc = oc_invite_create(c, &op->actor, op->zone_id, op->expires_at, op->max_uses,
                              op->public_url, &op->out);
    oc_buf_append_char(&op->out, '}');
    return rc;
}

/* POST /zones/:id/invites {expires_in_s?, max_uses?} */
static void create_invite(oc_call_t *call)
{
    oc__zone_op_t *op = oc__zone_op(call, 201);
    if (!oc__zone_path(call, op, NULL, NULL))
        return;
    int64_t ttl = OC_INVITE_TTL_DEFAULT_S, uses = 0;
    bool present;
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(call->body, "expires_in_s");
    int64_t min_ttl = call->api->cfg->invite_min_ttl_s;
    if (!oc_call_int(call, "expires_in_s", min_ttl, OC_INVITE_TTL_MAX_S, &ttl, &present) ||
        !oc_call_int(call, "max_uses", 1, OC_INVITE_MAX_USES_LIMIT, &uses, &present))
        return;
    /* Absent: the default lifetime; null: an invite that never expires. */
    op->expires_at = cJSON_IsNull(v) ? 0 : op->actor.now + ttl * 1000;
    op->max_uses = uses;
    oc_call_write(call, create_job, oc__zone_done);
}

static int list_job(oc_dbc_t *c, void *arg)
{
    oc__zone_op_t *op = arg;
    oc_buf_append_str(&op->out, "{\"invites\":");
    int rc = oc_invite_list_json(c, &op->actor, op->zone_id, op->public_url, &op->out);
    oc_buf_append_char(&op->out, '}');
    return rc;
}

/* GET /zones/:id/invites */
static void list_invites(oc_call_t *call)
{
    oc__zone_op_t *op = oc__zone_op(call, 200);
    if (oc__zone_path(call, op, NULL, NULL))
        oc_call_read(call, list_job, oc__zone_done);
}

static int revoke_job(oc_dbc_t *c, void *arg)
{
    oc__zone_op_t *op = arg;
    return oc_invite_revoke(c, &op->actor, op->zone_id, op->code);
}

/* DELETE /zones/:id/invites/:code */
static void revoke_invite(oc_call_t *call)
{
    oc__zone_op_t *op = oc__zone_op(call, 204);
    if (oc__zone_path(call, op, NULL, NULL) && path_code(call, op))
        oc_call_write(call, revoke_job, oc__zone_done);
}

static int preview_job(oc_dbc_t *c, void *arg)
{
    oc__zone_op_t *op = arg;
    oc_buf_append_str(&op->out, "{\"invite\":");
    int rc = oc_invite_preview_json(c, &op->actor, op->code, &op->out);
    oc_buf_append_char(&op->out, '}');
    return rc;
}

/* GET /invites/:code (public) */
static void preview(oc_call_t *call)
{
    oc__zone_op_t *op = oc__zone_op(call, 200);
    /* Codes cannot be guessed in practice, and the limit keeps it so. */
    if (oc_call_rate(call, "invite", NULL) && path_code(call, op))
        oc_call_read(call, preview_job, oc__zone_done);
}

static int join_job(oc_dbc_t *c, void *arg)
{
    oc__zone_op_t *op = arg;
    bool joined = false;
    int rc = oc_invite_join(c, &op->actor, op->code, &op->zone_id, &joined);
    op->flag = joined;
    if (rc == 0 && joined)
        rc = oc__zone_load_channels(c, op);
    if (rc != 0)
        return rc;
    oc_buf_append_str(&op->out, "{\"zone\":");
    rc = oc_zone_json_load(c, op->zone_id, op->actor.role, true, &op->out);
    oc_buf_append_char(&op->out, '}');
    return rc;
}

static void joined(oc_call_t *call, int status)
{
    oc__zone_op_t *op = call->data;
    if (status == 0 && op->flag == 1)
        oc__zone_joined(call, op->actor.user_id);
    oc__zone_done(call, status);
}

/* POST /invites/:code/join */
static void join(oc_call_t *call)
{
    oc__zone_op_t *op = oc__zone_op(call, 200);
    if (oc_call_rate_user(call, "join") && path_code(call, op))
        oc_call_write(call, join_job, joined);
}

void oc__api_invites(oc_api_t *api)
{
    oc_api_route(api, OC_HTTP_POST, "/zones/:id/invites", create_invite,
                 OC_ROUTE_AUTH | OC_ROUTE_JSON);
    oc_api_route(api, OC_HTTP_GET, "/zones/:id/invites", list_invites, OC_ROUTE_AUTH);
    oc_api_route(api, OC_HTTP_DELETE, "/zones/:id/invites/:code", revoke_invite, OC_ROUTE_AUTH);
    oc_api_route(api, OC_HTTP_GET, "/invites/:code", preview, OC_ROUTE_PUBLIC);
    oc_api_route(api, OC_HTTP_POST, "/invites/:code/join", join, OC_ROUTE_AUTH);
}
