/* Read receipts: chat:read moves the user's read position (domain/reads.h), then tells the
 * user's other sockets ("chat:read", so a badge clears on every tab) and, in a DM, the other
 * member ("chat:seen"). */
#include "live/live_internal.h"

#include "core/alloc.h"
#include "core/errors.h"
#include "core/json_fields.h"
#include "domain/reads.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct read_job {
    oc_live_t *live;
    oc_sio_socket_t *sio; /* referenced until done */
    int64_t ack_id;
    int64_t user_id;
    int64_t chat_id, channel_id, message_id;
    oc_conv_t conv;
    oc_msg_refusal_t why;
    int64_t last_read;
    bool moved;
} read_job_t;

static int work(oc_dbc_t *c, void *arg)
{
    read_job_t *j = arg;
    int rc = oc_conv_open(c, j->user_id, j->chat_id, j->channel_id, false, &j->conv, &j->why);
    if (rc != 0)
        return rc;
    return oc_read_mark(c, j->user_id, &j->conv, j->message_id, &j->last_read, &j->moved, &j->why);
}

static void done(int status, void *arg)
{
    read_job_t *j = arg;
    if (status == OC_EPERM) {
        oc__live_ack_refusal(j->sio, j->ack_id, j->why);
    } else if (status != 0) {
        oc__live_ack_status(j->sio, j->ack_id, status);
    } else {
        char json[160];
        int n =
            snprintf(json, sizeof(json), "{\"last_read_id\":\"%lld\"}", (long long)j->last_read);
        oc__live_ack_json(j->sio, j->ack_id, json, (size_t)n);
        if (j->moved) {
            const oc_conv_t *cv = &j->conv;
            if (cv->channel_id)
                n = snprintf(json, sizeof(json),
                             "{\"chat_id\":\"%lld\",\"channel_id\":\"%lld\","
                             "\"last_read_id\":\"%lld\"}",
                             (long long)cv->chat_id, (long long)cv->channel_id,
                             (long long)j->last_read);
            else
                n = snprintf(json, sizeof(json),
                             "{\"chat_id\":\"%lld\",\"channel_id\":null,\"last_read_id\":\"%lld\"}",
                             (long long)cv->chat_id, (long long)j->last_read);
            char room[LIVE_ROOM_MAX];
            size_t rl = oc__live_room(room, "user", j->user_id);
            oc_sio_broadcast_t b;
            oc_sio_broadcast_init(&b, j->live->nsp);
            oc_sio_broadcast_to(&b, room, rl);
            const char *id = oc_sio_socket_id(j->sio);
            oc_sio_broadcast_except(&b, id, strlen(id));
            oc_sio_broadcast(&b, "chat:read", json, (size_t)n);
            if (cv->kind == OC_CONV_DM && cv->peer_id != 0 && !cv->blocked) {
                n = snprintf(
                    json, sizeof(json),
                    "{\"chat_id\":\"%lld\",\"user_id\":\"%lld\",\"last_read_id\":\"%lld\"}",
                    (long long)cv->chat_id, (long long)j->user_id, (long long)j->last_read);
                oc__live_emit_user(j->live, cv->peer_id, "chat:seen", json, (size_t)n);
            }
        }
    }
    oc_sio_socket_unref(j->sio);
    free(j);
}

static void on_read(oc_sio_socket_t *s, const oc_sio_event_t *ev, void *ctx)
{
    oc_live_t *live = ctx;
    live_socket_t *ls = oc__live_socket(s);
    if (ls == NULL)
        return;
    cJSON *p = oc__live_payload(ev);
    if (p == NULL) {
        oc__live_ack_invalid(s, ev->ack_id, "payload", "The event needs a JSON object.");
        return;
    }
    read_job_t *j = oc_xcalloc(1, sizeof(*j));
    char msg[128];
    bool ok = oc__live_target(s, ev->ack_id, p, &j->chat_id, &j->channel_id);
    if (ok && oc_field_id(p, "message_id", true, &j->message_id, msg, sizeof(msg)) != 0) {
        oc__live_ack_invalid(s, ev->ack_id, "message_id", msg);
        ok = false;
    }
    cJSON_Delete(p);
    if (!ok || !oc__live_rate(ls, ev->ack_id, "read")) {
        free(j);
        return;
    }
    j->live = live;
    j->sio = s;
    oc_sio_socket_ref(s);
    j->ack_id = ev->ack_id;
    j->user_id = ls->user_id;
    int rc = oc_db_write(live->db, work, done, j);
    if (rc != 0)
        done(rc, j);
}

void oc__live_reads_register(oc_live_t *live)
{
    oc_sio_on(live->nsp, "chat:read", on_read, live);
}
