/* /api/v1 zone routes: zones themselves (create, list, read, update, delete, icon) and their
 * audit log, plus what the other zone route files share (zones_internal.h). Members and bans
 * are in zone_members.c, channels in zone_channels.c, invites in invites.c. Who may do what
 * is decided by the domain (domain/zones.h); these handlers check input shape, run the job
 * and map a refusal to its status and code. */
#include "api/zones_internal.h"

#include "core/alloc.h"
#include "core/errors.h"
#include "core/id.h"
#include "core/log.h"
#include "domain/audit.h"
#include "domain/images.h"
#include "http/server.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- shared ---------------------------------------------------------------------------- */

typedef struct refusal {
    int status;
    const char *code;
    const char *message;
} refusal_t;

static const refusal_t REFUSALS[OC_ZR_COUNT] = {
    [OC_ZR_ZONE_NOT_FOUND] = {404, "zone_not_found", "No such zone."},
    [OC_ZR_EMAIL_UNVERIFIED] = {403, "email_unverified",
                                "Verify your e-mail address before creating a zone."},
    [OC_ZR_ADMIN_REQUIRED] = {403, "admin_required", "Only the zone's admins can do this."},
    [OC_ZR_OWNER_REQUIRED] = {403, "owner_required", "Only the zone's owner can do this."},
    [OC_ZR_ROLE_TOO_LOW] = {403, "role_too_low",
                            "You can only act on members whose role is below yours."},
    [OC_ZR_ROLE_NOT_GRANTABLE] = {403, "role_not_grantable",
                                  "You can only grant roles below your own."},
    [OC_ZR_MEMBER_NOT_FOUND] = {404, "member_not_found", "That user is not a member."},
    [OC_ZR_USER_NOT_FOUND] = {404, "user_not_found", "No such user."},
    [OC_ZR_OWNER_MUST_TRANSFER] = {409, "owner_must_transfer",
                                   "Transfer the ownership to someone else before leaving."},
    [OC_ZR_ALREADY_OWNER] = {409, "already_owner", "You already own this zone."},
    [OC_ZR_CHANNEL_NOT_FOUND] = {404, "channel_not_found", "No such channel in this zone."},
    [OC_ZR_LAST_TEXT_CHANNEL] = {409, "last_text_channel",
                                 "A zone keeps at least one text channel."},
    [OC_ZR_CHANNEL_LIMIT] = {409, "channel_limit", "This zone has as many channels as it can."},
    [OC_ZR_INVITE_NOT_FOUND] = {404, "invite_not_found", "No such invite."},
    [OC_ZR_INVITE_EXPIRED] = {410, "invite_expired", "This invite has expired."},
    [OC_ZR_INVITE_EXHAUSTED] = {410, "invite_exhausted", "This invite has been used up."},
    [OC_ZR_INVITE_REVOKED] = {410, "invite_revoked", "This invite has been revoked."},
    [OC_ZR_BANNED] = {403, "banned", "You are banned from this zone."},
    [OC_ZR_BAN_NOT_FOUND] = {404, "ban_not_found", "That user is not banned."},
};

void oc__zone_refuse(oc_call_t *call, oc_zone_refusal_t why)
{
    if (why == OC_ZR_CHANNEL_IDS) {
        oc_call_reply_invalid(call, "channel_ids",
                              "channel_ids must list each of the zone's channels once.");
        return;
    }
    const refusal_t *r = why > OC_ZR_NONE && why < OC_ZR_COUNT ? &REFUSALS[why] : NULL;
    if (r == NULL || r->code == NULL) {
        oc_call_reply_status(call, OC_EIO);
        return;
    }
    oc_call_reply_error(call, r->status, r->code, r->message);
}

static void op_free(void *data)
{
    oc__zone_op_t *op = data;
    free(op->name);
    free(op->topic);
    free(op->type);
    free(op->reason);
    free(op->ids);
    free(op->extra);
    free(op->channels);
    oc_buf_free(&op->out);
    free(op);
}

oc__zone_op_t *oc__zone_op(oc_call_t *call, int status)
{
    oc__zone_op_t *op = oc_xcalloc(1, sizeof(*op));
    op->actor.user_id = call->user_id;
    op->actor.now = oc_now_ms();
    op->flag = -1;
    op->status = status;
    op->public_url = call->api->public_url;
    call->data = op;
    call->data_free = op_free;
    return op;
}

bool oc__zone_path(oc_call_t *call, oc__zone_op_t *op, const char *param, const char *target_code)
{
    size_t len;
    const char *v = oc_http_request_param(call->req, "id", &len);
    if (v == NULL || !oc_id_parse(v, len, &op->zone_id)) {
        oc__zone_refuse(call, OC_ZR_ZONE_NOT_FOUND);
        return false;
    }
    if (param == NULL)
        return true;
    v = oc_http_request_param(call->req, param, &len);
    if (v == NULL || !oc_id_parse(v, len, &op->target_id)) {
        oc_call_reply_error(call, 404, target_code, "Not found.");
        return false;
    }
    return true;
}

void oc__zone_done(oc_call_t *call, int status)
{
    oc__zone_op_t *op = call->data;
    if (op->actor.why != OC_ZR_NONE) {
        oc__zone_refuse(call, op->actor.why);
        return;
    }
    if (status != 0) {
        oc_call_reply_status(call, status);
        return;
    }
    if (op->status == 204)
        oc_call_reply_empty(call);
    else
        oc_call_reply_json(call, op->status, &op->out);
}

/* {"zone": <the zone with channels and the actor's role>} */
static int write_zone(oc_dbc_t *c, oc__zone_op_t *op)
{
    oc_buf_append_str(&op->out, "{\"zone\":");
    int rc = oc_zone_json_load(c, op->zone_id, op->actor.role, true, &op->out);
    oc_buf_append_char(&op->out, '}');
    return rc;
}

/* ---- zones ----------------------------------------------------------------------------- */

int oc__zone_load_channels(oc_dbc_t *c, oc__zone_op_t *op)
{
    return oc_places_zone_channels(c, op->zone_id, &op->channels, &op->num_channels);
}

void oc__zone_joined(oc_call_t *call, int64_t user_id)
{
    oc__zone_op_t *op = call->data;
    oc_live_zone_joined(call->api->live, op->zone_id, user_id, op->channels, op->num_channels);
}

static int create_job(oc_dbc_t *c, void *arg)
{
    oc__zone_op_t *op = arg;
    int rc = oc_zone_create(c, &op->actor, op->name, &op->zone_id);
    if (rc == 0)
        rc = oc__zone_load_channels(c, op);
    return rc == 0 ? write_zone(c, op) : rc;
}

static void zone_created(oc_call_t *call, int status)
{
    oc__zone_op_t *op = call->data;
    if (status == 0)
        oc__zone_joined(call, op->actor.user_id);
    oc__zone_done(call, status);
}

/* POST /zones {name} */
static void create_zone(oc_call_t *call)
{
    oc__zone_op_t *op = oc__zone_op(call, 201);
    if (!oc_call_string(call, "name", true, 1, OC_ZONE_NAME_MAX, &op->name))
        return;
    oc_call_write(call, create_job, zone_created);
}

static int list_job(oc_dbc_t *c, void *arg)
{
    oc__zone_op_t *op = arg;
    oc_buf_append_str(&op->out, "{\"zones\":");
    int rc = oc_zone_list_json(c, op->actor.user_id, &op->out);
    oc_buf_append_char(&op->out, '}');
    return rc;
}

/* GET /zones */
static void list_zones(oc_call_t *call)
{
    oc__zone_op(call, 200);
    oc_call_read(call, list_job, oc__zone_done);
}

static int get_job(oc_dbc_t *c, void *arg)
{
    oc__zone_op_t *op = arg;
    int rc = oc_zone_require(c, &op->actor, op->zone_id, OC_ROLE_MEMBER);
    if (rc != 0)
        return rc;
    /* With the caller's read state in each text channel. */
    oc_buf_append_str(&op->out, "{\"zone\":");
    rc = oc_zone_json_load_for(c, op->zone_id, op->actor.user_id, op->actor.role, &op->out);
    oc_buf_append_char(&op->out, '}');
    return rc;
}

/* GET /zones/:id */
static void get_zone(oc_call_t *call)
{
    oc__zone_op_t *op = oc__zone_op(call, 200);
    if (oc__zone_path(call, op, NULL, NULL))
        oc_call_read(call, get_job, oc__zone_done);
}

static int update_job(oc_dbc_t *c, void *arg)
{
    oc__zone_op_t *op = arg;
    int rc = oc_zone_update(c, &op->actor, op->zone_id, op->name, op->flag);
    return rc == 0 ? write_zone(c, op) : rc;
}

/* Tells the zone's members its name, icon or settings changed. */
static void zone_changed(oc_call_t *call, int64_t zone_id)
{
    char json[48];
    int n = snprintf(json, sizeof(json), "{\"zone_id\":\"%lld\"}", (long long)zone_id);
    oc_live_zone_event(call->api->live, zone_id, "zone:updated", json, (size_t)n);
}

static void zone_updated(oc_call_t *call, int status)
{
    oc__zone_op_t *op = call->data;
    if (status == 0)
        zone_changed(call, op->zone_id);
    oc__zone_done(call, status);
}

/* PATCH /zones/:id {name?, allow_member_invites?} */
static void update_zone(oc_call_t *call)
{
    oc__zone_op_t *op = oc__zone_op(call, 200);
    bool allow = false, present = false;
    if (!oc__zone_path(call, op, NULL, NULL) ||
        !oc_call_string(call, "name", false, 1, OC_ZONE_NAME_MAX, &op->name) ||
        !oc_call_bool(call, "allow_member_invites", &allow, &present))
        return;
    if (present)
        op->flag = allow;
    oc_call_write(call, update_job, zone_updated);
}

/* ---- icons ----------------------------------------------------------------------------- */

#define ICONS "zone-icons"

static void icon_removed(int status, void *arg)
{
    oc_call_t *call = arg;
    oc__zone_op_t *op = call->data;
    if (status != 0 && status != OC_ENOENT)
        oc_log_warn("zones", "cannot delete the icon %s: %s", op->file, oc_strerror(status));
    oc__zone_done(call, 0);
}

/* Removes an icon file no row names any more (a file left behind costs only disk space).
 * With a call, answers it once the file is gone, so whoever sees the change no longer finds
 * the old picture; returns false when there was nothing to do (the caller answers). */
static bool remove_icon(oc_api_t *api, const char *file, oc_call_t *call)
{
    if (file[0] == '\0')
        return false;
    char folder[1024];
    snprintf(folder, sizeof(folder), "%s/" ICONS, api->data_dir);
    return oc_image_remove(api->loop, folder, file, call ? icon_removed : NULL, call) == 0 &&
           call != NULL;
}

/* op->extra: the new file's name ("" when removing); op->file: the one it replaced. */
static int set_icon_job(oc_dbc_t *c, void *arg)
{
    oc__zone_op_t *op = arg;
    const char *icon = op->extra;
    int rc = oc_zone_set_icon(c, &op->actor, op->zone_id, icon[0] ? icon : NULL, op->file);
    return rc == 0 ? write_zone(c, op) : rc;
}

static void icon_set(oc_call_t *call, int status)
{
    oc__zone_op_t *op = call->data;
    const char *icon = op->extra;
    if (status == 0)
        zone_changed(call, op->zone_id);
    if (status != 0 || op->actor.why != OC_ZR_NONE)
        remove_icon(call->api, icon, NULL);
    else if (strcmp(op->file, icon) != 0 && remove_icon(call->api, op->file, call))
        return;
    oc__zone_done(call, status);
}

static void icon_stored(int status, const char *name, void *arg)
{
    oc_call_t *call = arg;
    oc__zone_op_t *op = call->data;
    if (status != 0) {
        oc_log_error("zones", "cannot store a zone icon: %s", oc_strerror(status));
        oc_call_reply_error(call, 500, "storage_failed", "The picture could not be saved.");
        return;
    }
    snprintf(op->extra, OC_IMAGE_NAME_MAX, "%s", name);
    oc_call_write(call, set_icon_job, icon_set);
}

/* Checked before the file is written, so an outsider's upload never touches the disk (the
 * write job checks again). */
static int may_set_icon(oc_dbc_t *c, void *arg)
{
    oc__zone_op_t *op = arg;
    return oc_zone_require(c, &op->actor, op->zone_id, OC_ROLE_ADMIN);
}

static void icon_allowed(oc_call_t *call, int status)
{
    oc__zone_op_t *op = call->data;
    if (status != 0 || op->actor.why != OC_ZR_NONE) {
        oc__zone_done(call, status);
        return;
    }
    const oc_buf_t *body = &call->req->body;
    const oc_image_format_t *f = oc_image_sniff(body->data, body->len);
    char folder[1024];
    snprintf(folder, sizeof(folder), "%s/" ICONS, call->api->data_dir);
    int rc =
        oc_image_store(call->api->loop, folder, body->data, body->len, f->ext, icon_stored, call);
    if (rc != 0)
        oc_call_reply_status(call, rc == UV_ECANCELED ? OC_ECANCELED : rc);
}

/* PUT /zones/:id/icon (the picture's bytes as the body) */
static void put_icon(oc_call_t *call)
{
    oc__zone_op_t *op = oc__zone_op(call, 200);
    op->extra = oc_xcalloc(1, OC_IMAGE_NAME_MAX);
    if (!oc__zone_path(call, op, NULL, NULL))
        return;
    const oc_buf_t *body = &call->req->body;
    size_t max = call->api->cfg->avatar_max_bytes;
    if (body->len > max) {
        char msg[96];
        snprintf(msg, sizeof(msg), "The picture is larger than %zu bytes.", max);
        oc_call_reply_error(call, 413, "icon_too_large", msg);
        return;
    }
    if (oc_image_sniff(body->data, body->len) == NULL) {
        oc_call_reply_error(call, 415, "unsupported_image",
                            "Send a PNG, JPEG, GIF or WebP picture.");
        return;
    }
    oc_call_read(call, may_set_icon, icon_allowed);
}

/* DELETE /zones/:id/icon */
static void delete_icon(oc_call_t *call)
{
    oc__zone_op_t *op = oc__zone_op(call, 200);
    op->extra = oc_xcalloc(1, OC_IMAGE_NAME_MAX);
    if (oc__zone_path(call, op, NULL, NULL))
        oc_call_write(call, set_icon_job, icon_set);
}

/* GET /zone-icons/:file (public: a random name is the only key) */
static void get_icon(oc_http_request_t *req, void *ctx)
{
    oc__api_serve_image(req, ctx, ICONS);
}

/* ---- deleting -------------------------------------------------------------------------- */

static int delete_job(oc_dbc_t *c, void *arg)
{
    oc__zone_op_t *op = arg;
    return oc_zone_delete(c, &op->actor, op->zone_id, op->file);
}

static void zone_deleted(oc_call_t *call, int status)
{
    oc__zone_op_t *op = call->data;
    if (status == 0)
        oc_live_zone_deleted(call->api->live, op->zone_id);
    if (status == 0 && op->actor.why == OC_ZR_NONE && remove_icon(call->api, op->file, call))
        return;
    oc__zone_done(call, status);
}

/* DELETE /zones/:id */
static void delete_zone(oc_call_t *call)
{
    oc__zone_op_t *op = oc__zone_op(call, 204);
    if (oc__zone_path(call, op, NULL, NULL))
        oc_call_write(call, delete_job, zone_deleted);
}

/* ---- audit log ------------------------------------------------------------------------- */

static int audit_job(oc_dbc_t *c, void *arg)
{
    oc__zone_op_t *op = arg;
    int rc = oc_zone_require(c, &op->actor, op->zone_id, OC_ROLE_ADMIN);
    if (rc != 0)
        return rc;
    oc_buf_append_str(&op->out, "{\"entries\":");
    rc = oc_audit_list_json(c, op->zone_id, op->before, op->limit, &op->out);
    oc_buf_append_char(&op->out, '}');
    return rc;
}

/* A query parameter that must be a whole number in [min, max]; def when absent. */
static bool query_int(oc_call_t *call, const char *name, int64_t min, int64_t max, int64_t def,
                      int64_t *out)
{
    const char *v;
    size_t len;
    *out = def;
    if (!oc_http_request_query(call->req, name, &v, &len))
        return true;
    int64_t n = 0;
    bool ok = len > 0 && len <= 19;
    for (size_t i = 0; ok && i < len; i++) {
        ok = v[i] >= '0' && v[i] <= '9' && n <= (INT64_MAX - (v[i] - '0')) / 10;
        if (ok)
            n = n * 10 + (v[i] - '0');
    }
    if (!ok || n < min || n > max) {
        char msg[128];
        snprintf(msg, sizeof(msg), "%s must be a whole number from %lld to %lld.", name,
                 (long long)min, (long long)max);
        oc_call_reply_invalid(call, name, msg);
        return false;
    }
    *out = n;
    return true;
}

/* GET /zones/:id/audit-log?before=&limit= */
static void get_audit_log(oc_call_t *call)
{
    oc__zone_op_t *op = oc__zone_op(call, 200);
    if (!oc__zone_path(call, op, NULL, NULL) ||
        !query_int(call, "limit", 1, OC_AUDIT_PAGE_MAX, OC_AUDIT_PAGE_DEFAULT, &op->limit) ||
        !query_int(call, "before", 1, INT64_MAX, 0, &op->before))
        return;
    oc_call_read(call, audit_job, oc__zone_done);
}

void oc__api_zones(oc_api_t *api)
{
    oc_api_route(api, OC_HTTP_POST, "/zones", create_zone, OC_ROUTE_AUTH | OC_ROUTE_JSON);
    oc_api_route(api, OC_HTTP_GET, "/zones", list_zones, OC_ROUTE_AUTH);
    oc_api_route(api, OC_HTTP_GET, "/zones/:id", get_zone, OC_ROUTE_AUTH);
    oc_api_route(api, OC_HTTP_PATCH, "/zones/:id", update_zone, OC_ROUTE_AUTH | OC_ROUTE_JSON);
    oc_api_route(api, OC_HTTP_DELETE, "/zones/:id", delete_zone, OC_ROUTE_AUTH);
    oc_api_route(api, OC_HTTP_PUT, "/zones/:id/icon", put_icon, OC_ROUTE_AUTH);
    oc_api_route(api, OC_HTTP_DELETE, "/zones/:id/icon", delete_icon, OC_ROUTE_AUTH);
    oc_api_route(api, OC_HTTP_GET, "/zones/:id/audit-log", get_audit_log, OC_ROUTE_AUTH);
    int rc = oc_http_server_route(api->http, OC_HTTP_GET, "/api/v1/" ICONS "/:file", get_icon, api);
    oc_assert(rc == 0);
    oc__api_zone_members(api);
    oc__api_zone_channels(api);
    oc__api_invites(api);
}
