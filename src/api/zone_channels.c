/* /api/v1 zone channel routes: list, create, update, delete and reorder the channels of a
 * zone. Naming rules and who may change channels are the domain's: domain/zones.h. */
#include "api/zones_internal.h"

#include "core/alloc.h"
#include "core/id.h"

#include <stdlib.h>
#include <string.h>

static int list_job(oc_dbc_t *c, void *arg)
{
    oc__zone_op_t *op = arg;
    int rc = oc_zone_require(c, &op->actor, op->zone_id, OC_ROLE_MEMBER);
    if (rc != 0)
        return rc;
    oc_buf_append_str(&op->out, "{\"channels\":");
    rc = oc_channel_list_json_for(c, op->zone_id, op->actor.user_id, &op->out);
    oc_buf_append_char(&op->out, '}');
    return rc;
}

/* GET /zones/:id/channels */
static void list_channels(oc_call_t *call)
{
    oc__zone_op_t *op = oc__zone_op(call, 200);
    if (oc__zone_path(call, op, NULL, NULL))
        oc_call_read(call, list_job, oc__zone_done);
}

/* {"channel": <target_id>} */
static int write_channel(oc_dbc_t *c, oc__zone_op_t *op)
{
    oc_buf_append_str(&op->out, "{\"channel\":");
    int rc = oc_channel_json_load(c, op->zone_id, op->target_id, &op->out);
    oc_buf_append_char(&op->out, '}');
    return rc;
}

static int create_job(oc_dbc_t *c, void *arg)
{
    oc__zone_op_t *op = arg;
    int rc = oc_channel_create(c, &op->actor, op->zone_id, op->name, op->type, op->topic,
                               &op->target_id);
    return rc == 0 ? write_channel(c, op) : rc;
}

static void created(oc_call_t *call, int status)
{
    oc__zone_op_t *op = call->data;
    if (status == 0)
        oc_live_channel_created(call->api->live, op->zone_id, op->target_id,
                                strcmp(op->type, "text") == 0);
    oc__zone_done(call, status);
}

/* Tells the zone's members about a change of channel_id (0: of the channel order). */
static void channels_changed(oc_call_t *call, const char *event, int64_t channel_id)
{
    oc__zone_op_t *op = call->data;
    char json[96];
    int n = channel_id
                ? snprintf(json, sizeof(json), "{\"zone_id\":\"%lld\",\"channel_id\":\"%lld\"}",
                           (long long)op->zone_id, (long long)channel_id)
                : snprintf(json, sizeof(json), "{\"zone_id\":\"%lld\"}", (long long)op->zone_id);
    oc_live_zone_event(call->api->live, op->zone_id, event, json, (size_t)n);
}

static void updated(oc_call_t *call, int status)
{
    oc__zone_op_t *op = call->data;
    if (status == 0)
        channels_changed(call, "channel:updated", op->target_id);
    oc__zone_done(call, status);
}

static void deleted(oc_call_t *call, int status)
{
    oc__zone_op_t *op = call->data;
    if (status == 0)
        oc_live_channel_deleted(call->api->live, op->zone_id, op->target_id);
    oc__zone_done(call, status);
}

static void reordered(oc_call_t *call, int status)
{
    if (status == 0)
        channels_changed(call, "channel:reordered", 0);
    oc__zone_done(call, status);
}

/* POST /zones/:id/channels {name, type, topic?} */
static void create_channel(oc_call_t *call)
{
    oc__zone_op_t *op = oc__zone_op(call, 201);
    if (!oc__zone_path(call, op, NULL, NULL) ||
        !oc_call_string(call, "name", true, 1, OC_CHANNEL_NAME_MAX, &op->name) ||
        !oc_call_string(call, "type", true, 1, 8, &op->type) ||
        !oc_call_string(call, "topic", false, 0, OC_CHANNEL_TOPIC_MAX, &op->topic))
        return;
    if (!oc_channel_type_valid(op->type)) {
        oc_call_reply_invalid(call, "type", "type must be \"text\" or \"voice\".");
        return;
    }
    oc_call_write(call, create_job, created);
}

static int update_job(oc_dbc_t *c, void *arg)
{
    oc__zone_op_t *op = arg;
    int rc = oc_channel_update(c, &op->actor, op->zone_id, op->target_id, op->name, op->topic);
    return rc == 0 ? write_channel(c, op) : rc;
}

/* PATCH /zones/:id/channels/:channel_id {name?, topic?} */
static void update_channel(oc_call_t *call)
{
    oc__zone_op_t *op = oc__zone_op(call, 200);
    if (oc__zone_path(call, op, "channel_id", "channel_not_found") &&
        oc_call_string(call, "name", false, 1, OC_CHANNEL_NAME_MAX, &op->name) &&
        oc_call_string(call, "topic", false, 0, OC_CHANNEL_TOPIC_MAX, &op->topic))
        oc_call_write(call, update_job, updated);
}

static int delete_job(oc_dbc_t *c, void *arg)
{
    oc__zone_op_t *op = arg;
    return oc_channel_delete(c, &op->actor, op->zone_id, op->target_id);
}

/* DELETE /zones/:id/channels/:channel_id */
static void delete_channel(oc_call_t *call)
{
    oc__zone_op_t *op = oc__zone_op(call, 204);
    if (oc__zone_path(call, op, "channel_id", "channel_not_found"))
        oc_call_write(call, delete_job, deleted);
}

static int reorder_job(oc_dbc_t *c, void *arg)
{
    oc__zone_op_t *op = arg;
    int rc = oc_channel_reorder(c, &op->actor, op->zone_id, op->ids, op->n_ids);
    if (rc != 0)
        return rc;
    oc_buf_append_str(&op->out, "{\"channels\":");
    rc = oc_channel_list_json(c, op->zone_id, &op->out);
    oc_buf_append_char(&op->out, '}');
    return rc;
}

/* channel_ids: an array of ids (strings, or numbers below 2^53), at most the channel limit. */
static bool parse_ids(oc_call_t *call, oc__zone_op_t *op)
{
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(call->body, "channel_ids");
    int n = cJSON_IsArray(arr) ? cJSON_GetArraySize(arr) : -1;
    if (n < 1 || n > OC_ZONE_MAX_CHANNELS) {
        oc_call_reply_invalid(call, "channel_ids", "channel_ids must be a list of channel ids.");
        return false;
    }
    op->ids = oc_xmalloc((size_t)n * sizeof(*op->ids));
    const cJSON *v;
    cJSON_ArrayForEach(v, arr)
    {
        int64_t id = 0;
        bool ok = cJSON_IsString(v) && oc_id_parse(v->valuestring, strlen(v->valuestring), &id);
        if (!ok && cJSON_IsNumber(v) && v->valuedouble >= 1 &&
            v->valuedouble < 9007199254740992.0 &&
            (double)(int64_t)v->valuedouble == v->valuedouble) {
            id = (int64_t)v->valuedouble;
            ok = true;
        }
        if (!ok) {
            oc_call_reply_invalid(call, "channel_ids",
                                  "channel_ids must be a list of channel ids.");
            return false;
        }
        op->ids[op->n_ids++] = id;
    }
    return true;
}

/* PUT /zones/:id/channels/order {channel_ids} */
static void reorder(oc_call_t *call)
{
    oc__zone_op_t *op = oc__zone_op(call, 200);
    if (oc__zone_path(call, op, NULL, NULL) && parse_ids(call, op))
        oc_call_write(call, reorder_job, reordered);
}

void oc__api_zone_channels(oc_api_t *api)
{
    oc_api_route(api, OC_HTTP_GET, "/zones/:id/channels", list_channels, OC_ROUTE_AUTH);
    oc_api_route(api, OC_HTTP_POST, "/zones/:id/channels", create_channel,
                 OC_ROUTE_AUTH | OC_ROUTE_JSON);
    /* Before the :channel_id routes, so "order" is never read as an id. */
    oc_api_route(api, OC_HTTP_PUT, "/zones/:id/channels/order", reorder,
                 OC_ROUTE_AUTH | OC_ROUTE_JSON);
    oc_api_route(api, OC_HTTP_PATCH, "/zones/:id/channels/:channel_id", update_channel,
                 OC_ROUTE_AUTH | OC_ROUTE_JSON);
    oc_api_route(api, OC_HTTP_DELETE, "/zones/:id/channels/:channel_id", delete_channel,
                 OC_ROUTE_AUTH);
}
