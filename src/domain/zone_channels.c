/* Zone channels: the text and voice channels of a zone, their names, topics and order; see
 * zones.h. Messages belong to the messages module and go with their channel (ON DELETE
 * CASCADE). */
#include "domain/audit.h"
#include "domain/reads.h"
#include "domain/zones.h"

#include "core/alloc.h"
#include "core/errors.h"
#include "core/id.h"
#include "core/json_writer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHANNEL_COLUMNS "id, name, type, position, topic"

static const char SQL_LIST[] =
    "SELECT " CHANNEL_COLUMNS " FROM channels WHERE chat_id = ? ORDER BY position, id";
/* The same with the viewer's read position of each channel (read_states primary key). */
static const char SQL_LIST_READ[] =
    "SELECT ch.id, ch.name, ch.type, ch.position, ch.topic, COALESCE(r.last_read_id, 0) "
    "FROM channels ch LEFT JOIN read_states r ON r.user_id = ? AND r.conv_id = ch.id "
    "WHERE ch.chat_id = ? ORDER BY ch.position, ch.id";
static const char SQL_JOINED[] = "SELECT joined_at FROM members WHERE chat_id = ? AND user_id = ?";
static const char SQL_ONE[] = "SELECT " CHANNEL_COLUMNS " FROM channels WHERE id = ? AND "
                              "chat_id = ?";
static const char SQL_COUNT[] =
    "SELECT COUNT(*), COALESCE(MAX(position), -1) FROM channels WHERE chat_id = ?";
static const char SQL_COUNT_TEXT[] =
    "SELECT COUNT(*) FROM channels WHERE chat_id = ? AND type = 'text'";
static const char SQL_INSERT[] = "INSERT INTO channels (id, chat_id, name, type, position, topic, "
                                 "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
static const char SQL_UPDATE[] = "UPDATE channels SET name = ?, topic = ? WHERE id = ?";
static const char SQL_DELETE[] = "DELETE FROM channels WHERE id = ? AND chat_id = ?";
static const char SQL_IDS[] = "SELECT id FROM channels WHERE chat_id = ?";
static const char SQL_MOVE[] = "UPDATE channels SET position = ? WHERE id = ? AND chat_id = ?";

typedef struct channel {
    int64_t id;
    char name[OC_CHANNEL_NAME_MAX * 4 + 1];
    char type[8];
    int64_t position;
    char topic[OC_CHANNEL_TOPIC_MAX * 4 + 1];
} channel_t;

/* The channel object without its closing brace. */
static void channel_json_open(oc_buf_t *out, oc_stmt_t *st)
{
    size_t len;
    const char *s;
    oc_buf_printf(out, "{\"id\":\"%lld\",\"name\":", (long long)oc_stmt_i64(st, 0));
    s = oc_stmt_text(st, 1, &len);
    oc_json_append_string(out, s ? s : "", s ? len : 0);
    oc_buf_append_str(out, ",\"type\":");
    s = oc_stmt_text(st, 2, &len);
    oc_json_append_string(out, s ? s : "", s ? len : 0);
    oc_buf_printf(out, ",\"position\":%lld,\"topic\":", (long long)oc_stmt_i64(st, 3));
    s = oc_stmt_text(st, 4, &len);
    oc_json_append_string(out, s ? s : "", s ? len : 0);
}

static void channel_json(oc_buf_t *out, oc_stmt_t *st)
{
    channel_json_open(out, st);
    oc_buf_append_char(out, '}');
}

int oc_channel_list_json(oc_dbc_t *c, int64_t zone_id, oc_buf_t *out)
{
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_LIST);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, zone_id);
    oc_buf_append_char(out, '[');
    int rc, n = 0;
    while ((rc = oc_stmt_step(st)) == OC_DB_ROW) {
        if (n++)
            oc_buf_append_char(out, ',');
        channel_json(out, st);
    }
    oc_stmt_reset(st);
    oc_buf_append_char(out, ']');
    return rc < 0 ? rc : 0;
}

static int joined_at(oc_dbc_t *c, int64_t zone_id, int64_t user_id, int64_t *out)
{
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_JOINED);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, zone_id);
    oc_stmt_bind_i64(st, 2, user_id);
    int rc = oc_stmt_step(st);
    *out = rc == OC_DB_ROW ? oc_stmt_i64(st, 0) : 0;
    oc_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

int oc_channel_list_json_for(oc_dbc_t *c, int64_t zone_id, int64_t user_id, oc_buf_t *out)
{
    int64_t joined = 0;
    int rc = joined_at(c, zone_id, user_id, &joined);
    if (rc != 0)
        return rc;
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_LIST_READ);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, user_id);
    oc_stmt_bind_i64(st, 2, zone_id);
    oc_buf_append_char(out, '[');
    int n = 0;
    while ((rc = oc_stmt_step(st)) == OC_DB_ROW) {
        if (n++)
            oc_buf_append_char(out, ',');
        channel_json_open(out, st);
        size_t len;
        const char *type = oc_stmt_text(st, 2, &len);
        if (type != NULL && len == 4 && memcmp(type, "text", 4) == 0) {
            /* A different statement while the list is open: both backends allow it. */
            oc_conv_t conv = {.kind = OC_CONV_CHANNEL,
                              .id = oc_stmt_i64(st, 0),
                              .chat_id = zone_id,
                              .channel_id = oc_stmt_i64(st, 0)};
            oc_read_state_t rs;
            rc = oc_read_state_load(c, user_id, &conv, oc_stmt_i64(st, 5), joined, OC_UNREAD_CAP,
                                    OC_UNREAD_CAP, &rs);
            if (rc != 0)
                break;
            oc_buf_append_char(out, ',');
            oc_read_state_write(out, &rs);
        }
        oc_buf_append_char(out, '}');
    }
    oc_stmt_reset(st);
    oc_buf_append_char(out, ']');
    return rc < 0 ? rc : 0;
}

int oc_channel_json_load(oc_dbc_t *c, int64_t zone_id, int64_t channel_id, oc_buf_t *out)
{
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_ONE);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, channel_id);
    oc_stmt_bind_i64(st, 2, zone_id);
    int rc = oc_stmt_step(st);
    if (rc == OC_DB_ROW) {
        channel_json(out, st);
        rc = 0;
    } else if (rc == OC_DB_DONE) {
        rc = OC_ENOENT;
    }
    oc_stmt_reset(st);
    return rc;
}

static int load_channel(oc_dbc_t *c, int64_t zone_id, int64_t channel_id, channel_t *ch)
{
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_ONE);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, channel_id);
    oc_stmt_bind_i64(st, 2, zone_id);
    int rc = oc_stmt_step(st);
    if (rc == OC_DB_ROW) {
        ch->id = oc_stmt_i64(st, 0);
        oc_stmt_copy_text(st, 1, ch->name, sizeof(ch->name));
        oc_stmt_copy_text(st, 2, ch->type, sizeof(ch->type));
        ch->position = oc_stmt_i64(st, 3);
        oc_stmt_copy_text(st, 4, ch->topic, sizeof(ch->topic));
        rc = 0;
    } else if (rc == OC_DB_DONE) {
        rc = OC_ENOENT;
    }
    oc_stmt_reset(st);
    return rc;
}

static int count(oc_dbc_t *c, const char *sql, int64_t zone_id, int64_t *n, int64_t *max)
{
    oc_stmt_t *st = oc_dbc_prepare(c, sql);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, zone_id);
    int rc = oc_stmt_step(st);
    if (rc == OC_DB_ROW) {
        *n = oc_stmt_i64(st, 0);
        if (max != NULL)
            *max = oc_stmt_i64(st, 1);
        rc = 0;
    }
    oc_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

int oc_channel_create(oc_dbc_t *c, oc_actor_t *a, int64_t zone_id, const char *name,
                      const char *type, const char *topic, int64_t *channel_id)
{
    int rc = oc_zone_require(c, a, zone_id, OC_ROLE_ADMIN);
    if (rc != 0)
        return rc;
    int64_t n = 0, last = -1;
    rc = count(c, SQL_COUNT, zone_id, &n, &last);
    if (rc != 0)
        return rc;
    if (n >= OC_ZONE_MAX_CHANNELS)
        return oc_zone_refuse(a, OC_ZR_CHANNEL_LIMIT);
    char *stored = oc_channel_name_normalize(type, name);
    int64_t id = oc_id_next();
    rc = oc_dbc_run(c, SQL_INSERT, NULL, "iissisi", id, zone_id, stored, type, last + 1,
                    topic ? topic : "", a->now);
    if (rc == 0) {
        oc_buf_t d = OC_BUF_INIT;
        oc_buf_append_str(&d, "{\"name\":");
        oc_json_append_cstr(&d, stored);
        oc_buf_printf(&d, ",\"type\":\"%s\"", type); /* checked: text or voice */
        oc_buf_append(&d, "}", 2);                   /* with the NUL */
        rc = oc_audit_add(c, zone_id, a->user_id, OC_AUDIT_CHANNEL_CREATE, id, d.data, a->now);
        oc_buf_free(&d);
    }
    free(stored);
    *channel_id = id;
    return rc;
}

int oc_channel_update(oc_dbc_t *c, oc_actor_t *a, int64_t zone_id, int64_t channel_id,
                      const char *name, const char *topic)
{
    int rc = oc_zone_require(c, a, zone_id, OC_ROLE_ADMIN);
    if (rc != 0)
        return rc;
    channel_t *ch = oc_xmalloc(sizeof(*ch));
    rc = load_channel(c, zone_id, channel_id, ch);
    if (rc != 0) {
        free(ch);
        return rc == OC_ENOENT ? oc_zone_refuse(a, OC_ZR_CHANNEL_NOT_FOUND) : rc;
    }
    oc_buf_t d = OC_BUF_INIT;
    oc_buf_append_char(&d, '{');
    if (name != NULL) {
        char *stored = oc_channel_name_normalize(ch->type, name);
        if (strcmp(stored, ch->name) != 0) {
            snprintf(ch->name, sizeof(ch->name), "%s", stored);
            oc_buf_append_str(&d, "\"name\":");
            oc_json_append_cstr(&d, stored);
        }
        free(stored);
    }
    if (topic != NULL && strcmp(topic, ch->topic) != 0) {
        snprintf(ch->topic, sizeof(ch->topic), "%s", topic);
        oc_buf_append_str(&d, d.len > 1 ? ",\"topic\":" : "\"topic\":");
        oc_json_append_cstr(&d, topic);
    }
    oc_buf_append(&d, "}", 2); /* with the NUL */
    if (d.len > 3) {
        rc = oc_dbc_run(c, SQL_UPDATE, NULL, "ssi", ch->name, ch->topic, channel_id);
        if (rc == 0)
            rc = oc_audit_add(c, zone_id, a->user_id, OC_AUDIT_CHANNEL_UPDATE, channel_id, d.data,
                              a->now);
    }
    oc_buf_free(&d);
    free(ch);
    return rc;
}

int oc_channel_delete(oc_dbc_t *c, oc_actor_t *a, int64_t zone_id, int64_t channel_id)
{
    int rc = oc_zone_require(c, a, zone_id, OC_ROLE_ADMIN);
    if (rc != 0)
        return rc;
    channel_t *ch = oc_xmalloc(sizeof(*ch));
    rc = load_channel(c, zone_id, channel_id, ch);
    if (rc == OC_ENOENT)
        rc = oc_zone_refuse(a, OC_ZR_CHANNEL_NOT_FOUND);
    int64_t texts = 0;
    if (rc == 0 && strcmp(ch->type, "text") == 0) {
        rc = count(c, SQL_COUNT_TEXT, zone_id, &texts, NULL);
        if (rc == 0 && texts <= 1)
            rc = oc_zone_refuse(a, OC_ZR_LAST_TEXT_CHANNEL);
    }
    if (rc == 0)
        rc = oc_dbc_run(c, SQL_DELETE, NULL, "ii", channel_id, zone_id);
    if (rc == 0) {
        oc_buf_t d = OC_BUF_INIT;
        oc_buf_append_str(&d, "{\"name\":");
        oc_json_append_cstr(&d, ch->name);
        oc_buf_append(&d, "}", 2); /* with the NUL */
        rc = oc_audit_add(c, zone_id, a->user_id, OC_AUDIT_CHANNEL_DELETE, channel_id, d.data,
                          a->now);
        oc_buf_free(&d);
    }
    free(ch);
    return rc;
}

static int cmp_id(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return a < b ? -1 : a > b;
}

/* Whether ids (n of them, any order) are exactly the zone's channel ids. */
static int same_set(oc_dbc_t *c, int64_t zone_id, const int64_t *ids, size_t n, bool *same)
{
    *same = false;
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_IDS);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, zone_id);
    int64_t *have = oc_xmalloc((n + 1) * sizeof(*have));
    size_t k = 0;
    int rc;
    bool more = false;
    while ((rc = oc_stmt_step(st)) == OC_DB_ROW) {
        if (k == n) {
            more = true;
            break;
        }
        have[k++] = oc_stmt_i64(st, 0);
    }
    oc_stmt_reset(st);
    if (rc >= 0 && !more && k == n) {
        int64_t *want = oc_xmalloc((n + 1) * sizeof(*want));
        memcpy(want, ids, n * sizeof(*want));
        qsort(have, n, sizeof(*have), cmp_id);
        qsort(want, n, sizeof(*want), cmp_id);
        *same = memcmp(have, want, n * sizeof(*want)) == 0;
        free(want);
    }
    free(have);
    return rc < 0 ? rc : 0;
}

int oc_channel_reorder(oc_dbc_t *c, oc_actor_t *a, int64_t zone_id, const int64_t *ids, size_t n)
{
    int rc = oc_zone_require(c, a, zone_id, OC_ROLE_ADMIN);
    if (rc != 0)
        return rc;
    bool same;
    rc = same_set(c, zone_id, ids, n, &same);
    if (rc != 0)
        return rc;
    if (!same)
        return oc_zone_refuse(a, OC_ZR_CHANNEL_IDS);
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = oc_dbc_run(c, SQL_MOVE, NULL, "iii", (int64_t)i, ids[i], zone_id);
    if (rc != 0)
        return rc;
    oc_buf_t d = OC_BUF_INIT;
    oc_buf_append_str(&d, "{\"channel_ids\":[");
    for (size_t i = 0; i < n; i++)
        oc_buf_printf(&d, "%s\"%lld\"", i ? "," : "", (long long)ids[i]);
    oc_buf_append(&d, "]}", 3); /* with the NUL */
    rc = oc_audit_add(c, zone_id, a->user_id, OC_AUDIT_CHANNEL_REORDER, zone_id, d.data, a->now);
    oc_buf_free(&d);
    return rc;
}
