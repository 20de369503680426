/* /api/v1 zone member routes: the member list, roles, kicks, ownership transfer, leaving,
 * and bans. The rules (who may act on whom) are the domain's: domain/zones.h. */
#include "api/zones_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- members --------------------------------------------------------------------------- */

static int members_job(oc_dbc_t *c, void *arg)
{
    oc__zone_op_t *op = arg;
    oc_buf_append_str(&op->out, "{\"members\":");
    int rc = oc_member_list_json(c, &op->actor, op->zone_id, &op->out);
    oc_buf_append_char(&op->out, '}');
    return rc;
}

/* GET /zones/:id/members */
static void list_members(oc_call_t *call)
{
    oc__zone_op_t *op = oc__zone_op(call, 200);
    if (oc__zone_path(call, op, NULL, NULL))
        oc_call_read(call, members_job, oc__zone_done);
}

static int set_role_job(oc_dbc_t *c, void *arg)
{
    oc__zone_op_t *op = arg;
    int rc = oc_member_set_role(c, &op->actor, op->zone_id, op->target_id, op->role);
    if (rc != 0)
        return rc;
    oc_buf_append_str(&op->out, "{\"member\":");
    rc = oc_member_json_load(c, op->zone_id, op->target_id, &op->out);
    oc_buf_append_char(&op->out, '}');
    return rc;
}

/* Tells the zone's members that a member's role changed. */
static void role_changed(oc_call_t *call, int64_t zone_id, int64_t user_id, oc_role_t role)
{
    char json[128];
    int n =
        snprintf(json, sizeof(json), "{\"zone_id\":\"%lld\",\"user_id\":\"%lld\",\"role\":\"%s\"}",
                 (long long)zone_id, (long long)user_id, oc_role_name(role));
    oc_live_zone_event(call->api->live, zone_id, "zone:member_updated", json, (size_t)n);
}

static void role_set(oc_call_t *call, int status)
{
    oc__zone_op_t *op = call->data;
    if (status == 0)
        role_changed(call, op->zone_id, op->target_id, op->role);
    oc__zone_done(call, status);
}

/* PATCH /zones/:id/members/:user_id {role} */
static void set_role(oc_call_t *call)
{
    oc__zone_op_t *op = oc__zone_op(call, 200);
    char *role = NULL;
    if (!oc__zone_path(call, op, "user_id", "member_not_found") ||
        !oc_call_string(call, "role", true, 1, 16, &role))
        return;
    op->role = oc_role_parse(role);
    free(role);
    if (op->role != OC_ROLE_ADMIN && op->role != OC_ROLE_MEMBER) {
        oc_call_reply_invalid(call, "role",
                              "role must be \"admin\" or \"member\" (ownership is transferred).");
        return;
    }
    oc_call_write(call, set_role_job, role_set);
}

static int kick_job(oc_dbc_t *c, void *arg)
{
    oc__zone_op_t *op = arg;
    return oc_member_kick(c, &op->actor, op->zone_id, op->target_id);
}

static void kicked(oc_call_t *call, int status)
{
    oc__zone_op_t *op = call->data;
    if (status == 0)
        oc_live_zone_left(call->api->live, op->zone_id, op->target_id, "kicked");
    oc__zone_done(call, status);
}

/* DELETE /zones/:id/members/:user_id */
static void kick(oc_call_t *call)
{
    oc__zone_op_t *op = oc__zone_op(call, 204);
    if (oc__zone_path(call, op, "user_id", "member_not_found"))
        oc_call_write(call, kick_job, kicked);
}

static int transfer_job(oc_dbc_t *c, void *arg)
{
    oc__zone_op_t *op = arg;
    return oc_zone_transfer(c, &op->actor, op->zone_id, op->target_id);
}

static void transferred(oc_call_t *call, int status)
{
    oc__zone_op_t *op = call->data;
    if (status == 0) {
        role_changed(call, op->zone_id, op->target_id, OC_ROLE_OWNER);
        role_changed(call, op->zone_id, op->actor.user_id, OC_ROLE_ADMIN);
    }
    oc__zone_done(call, status);
}

/* POST /zones/:id/transfer {user_id} */
static void transfer(oc_call_t *call)
{
    oc__zone_op_t *op = oc__zone_op(call, 204);
    if (oc__zone_path(call, op, NULL, NULL) && oc_call_id(call, "user_id", true, &op->target_id))
        oc_call_write(call, transfer_job, transferred);
}

static int leave_job(oc_dbc_t *c, void *arg)
{
    oc__zone_op_t *op = arg;
    return oc_zone_leave(c, &op->actor, op->zone_id);
}

static void left(oc_call_t *call, int status)
{
    oc__zone_op_t *op = call->data;
    if (status == 0)
        oc_live_zone_left(call->api->live, op->zone_id, op->actor.user_id, "left");
    oc__zone_done(call, status);
}

/* POST /zones/:id/leave */
static void leave(oc_call_t *call)
{
    oc__zone_op_t *op = oc__zone_op(call, 204);
    if (oc__zone_path(call, op, NULL, NULL))
        oc_call_write(call, leave_job, left);
}

/* ---- bans ------------------------------------------------------------------------------ */

static int bans_job(oc_dbc_t *c, void *arg)
{
    oc__zone_op_t *op = arg;
    oc_buf_append_str(&op->out, "{\"bans\":");
    int rc = oc_ban_list_json(c, &op->actor, op->zone_id, &op->out);
    oc_buf_append_char(&op->out, '}');
    return rc;
}

/* GET /zones/:id/bans */
static void list_bans(oc_call_t *call)
{
    oc__zone_op_t *op = oc__zone_op(call, 200);
    if (oc__zone_path(call, op, NULL, NULL))
        oc_call_read(call, bans_job, oc__zone_done);
}

static int ban_job(oc_dbc_t *c, void *arg)
{
    oc__zone_op_t *op = arg;
    oc_role_t was = OC_ROLE_NONE;
    int rc = oc_zone_role(c, op->zone_id, op->target_id, &was);
    op->flag = was != OC_ROLE_NONE; /* a member until now: their sockets leave the zone */
    return rc != 0 ? rc : oc_ban_put(c, &op->actor, op->zone_id, op->target_id, op->reason);
}

static void banned(oc_call_t *call, int status)
{
    oc__zone_op_t *op = call->data;
    if (status == 0 && op->flag == 1)
        oc_live_zone_left(call->api->live, op->zone_id, op->target_id, "banned");
    oc__zone_done(call, status);
}

/* PUT /zones/:id/bans/:user_id {reason?} */
static void ban(oc_call_t *call)
{
    oc__zone_op_t *op = oc__zone_op(call, 204);
    if (oc__zone_path(call, op, "user_id", "user_not_found") &&
        oc_call_string(call, "reason", false, 0, OC_BAN_REASON_MAX, &op->reason))
        oc_call_write(call, ban_job, banned);
}

static int unban_job(oc_dbc_t *c, void *arg)
{
    oc__zone_op_t *op = arg;
    return oc_ban_delete(c, &op->actor, op->zone_id, op->target_id);
}

/* DELETE /zones/:id/bans/:user_id */
static void unban(oc_call_t *call)
{
    oc__zone_op_t *op = oc__zone_op(call, 204);
    if (oc__zone_path(call, op, "user_id", "ban_not_found"))
        oc_call_write(call, unban_job, oc__zone_done);
}

void oc__api_zone_members(oc_api_t *api)
{
    oc_api_route(api, OC_HTTP_GET, "/zones/:id/members", list_members, OC_ROUTE_AUTH);
    oc_api_route(api, OC_HTTP_PATCH, "/zones/:id/members/:user_id", set_role,
                 OC_ROUTE_AUTH | OC_ROUTE_JSON);
    oc_api_route(api, OC_HTTP_DELETE, "/zones/:id/members/:user_id", kick, OC_ROUTE_AUTH);
    oc_api_route(api, OC_HTTP_POST, "/zones/:id/transfer", transfer, OC_ROUTE_AUTH | OC_ROUTE_JSON);
    oc_api_route(api, OC_HTTP_POST, "/zones/:id/leave", leave, OC_ROUTE_AUTH);
    oc_api_route(api, OC_HTTP_GET, "/zones/:id/bans", list_bans, OC_ROUTE_AUTH);
    oc_api_route(api, OC_HTTP_PUT, "/zones/:id/bans/:user_id", ban, OC_ROUTE_AUTH | OC_ROUTE_JSON);
    oc_api_route(api, OC_HTTP_DELETE, "/zones/:id/bans/:user_id", unban, OC_ROUTE_AUTH);
}
