/* Event payloads and acknowledgements shared by the live event handlers: see
 * live_internal.h. Every acknowledgement is one JSON object: a result, or
 * {"error":{"code","message"[,"field"]}} as docs/PROTOCOL.md lists. */
#include "live/live_internal.h"

#include "core/errors.h"
#include "core/id.h"
#include "core/json_fields.h"
#include "core/json_writer.h"

#include <stdio.h>
#include <string.h>

live_socket_t *oc__live_socket(oc_sio_socket_t *s)
{
    live_socket_t *ls = oc_sio_socket_data(s);
    if (ls == NULL || ls->user == NULL)
        return NULL;
    ls->last_active = uv_now(ls->live->loop);
    return ls;
}

cJSON *oc__live_payload(const oc_sio_event_t *ev)
{
    if (ev->argc == 0 || ev->argv[0].type != OC_JSON_OBJECT)
        return NULL;
    return oc_json_parse_object(ev->argv[0].ptr, ev->argv[0].len);
}

void oc__live_ack_json(oc_sio_socket_t *s, int64_t ack_id, const char *json, size_t len)
{
    oc_sio_ack(s, ack_id, json, len);
}

static void ack_error(oc_sio_socket_t *s, int64_t ack_id, const char *code, const char *message,
                      const char *field, unsigned retry_after)
{
    if (ack_id < 0)
        return;
    oc_buf_t b = OC_BUF_INIT;
    oc_buf_append_str(&b, "{\"error\":{\"code\":");
    oc_json_append_cstr(&b, code);
    oc_buf_append_str(&b, ",\"message\":");
    oc_json_append_cstr(&b, message);
    if (field != NULL) {
        oc_buf_append_str(&b, ",\"field\":");
        oc_json_append_cstr(&b, field);
    }
    if (retry_after)
        oc_buf_printf(&b, ",\"retry_after\":%u", retry_after);
    oc_buf_append_str(&b, "}}");
    oc_sio_ack(s, ack_id, b.data, b.len);
    oc_buf_free(&b);
}

void oc__live_ack_error(oc_sio_socket_t *s, int64_t ack_id, const char *code, const char *message)
{
    ack_error(s, ack_id, code, message, NULL, 0);
}

void oc__live_ack_invalid(oc_sio_socket_t *s, int64_t ack_id, const char *field,
                          const char *message)
{
    ack_error(s, ack_id, "invalid_field", message, field, 0);
}

void oc__live_ack_refusal(oc_sio_socket_t *s, int64_t ack_id, oc_msg_refusal_t why)
{
    ack_error(s, ack_id, oc_msg_refusal_code(why), oc_msg_refusal_message(why), NULL, 0);
}

void oc__live_ack_status(oc_sio_socket_t *s, int64_t ack_id, int status)
{
    (void)status;
    ack_error(s, ack_id, "unavailable", "The server could not do this right now; try again.", NULL,
              0);
}

bool oc__live_rate(live_socket_t *ls, int64_t ack_id, const char *action)
{
    char key[24];
    snprintf(key, sizeof(key), "%lld", (long long)ls->user_id);
    unsigned retry;
    if (oc_ratelimit_take(ls->live->rates, action, key, oc_now_ms(), &retry))
        return true;
    ack_error(ls->sio, ack_id, "rate_limited", "Too many at once; wait a moment.", NULL, retry);
    return false;
}

bool oc__live_target(oc_sio_socket_t *s, int64_t ack_id, const cJSON *p, int64_t *chat_id,
                     int64_t *channel_id)
{
    char msg[128];
    if (oc_field_id(p, "channel_id", false, channel_id, msg, sizeof(msg)) != 0) {
        oc__live_ack_invalid(s, ack_id, "channel_id", msg);
        return false;
    }
    if (oc_field_id(p, "chat_id", *channel_id == 0, chat_id, msg, sizeof(msg)) != 0) {
        oc__live_ack_invalid(s, ack_id, "chat_id", msg);
        return false;
    }
    return true;
}
