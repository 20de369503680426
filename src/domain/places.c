/* Places of a signed-in user: see places.h. */
#include "domain/places.h"

#include "core/alloc.h"
#include "core/errors.h"

#include <stdlib.h>
#include <string.h>

static const char SQL_DMS[] =
    "SELECT p.chat_id, CASE WHEN p.user_low = ? THEN p.user_high ELSE p.user_low END, "
    "CASE WHEN EXISTS (SELECT 1 FROM blocks b WHERE (b.blocker = p.user_low AND "
    "b.blocked = p.user_high) OR (b.blocker = p.user_high AND b.blocked = p.user_low)) "
    "THEN 1 ELSE 0 END "
    "FROM members m JOIN dm_pairs p ON p.chat_id = m.chat_id WHERE m.user_id = ?";
static const char SQL_ZONES[] = "SELECT m.chat_id FROM members m JOIN chats c ON c.id = m.chat_id "
                                "WHERE m.user_id = ? AND c.type = 'zone'";
static const char SQL_CHANNELS[] =
    "SELECT ch.id, ch.chat_id, CASE WHEN ch.type = 'text' THEN 1 ELSE 0 END "
    "FROM members m JOIN channels ch ON ch.chat_id = m.chat_id WHERE m.user_id = ?";
static const char SQL_ZONE_CHANNELS[] =
    "SELECT id, chat_id, CASE WHEN type = 'text' THEN 1 ELSE 0 END FROM channels "
    "WHERE chat_id = ?";
static const char SQL_FRIENDS[] =
    "SELECT u.id, u.status, COALESCE(u.last_seen, 0), u.online FROM friendships f "
    "JOIN users u ON u.id = f.user_high WHERE f.user_low = ? AND u.deleted_at IS NULL "
    "UNION ALL "
    "SELECT u.id, u.status, COALESCE(u.last_seen, 0), u.online FROM friendships f "
    "JOIN users u ON u.id = f.user_low WHERE f.user_high = ? AND u.deleted_at IS NULL";
static const char SQL_DM_BETWEEN[] =
    "SELECT chat_id FROM dm_pairs WHERE user_low = ? AND user_high = ?";
static const char SQL_FRIEND[] =
    "SELECT id, status, COALESCE(last_seen, 0), online FROM users WHERE id = ? "
    "AND deleted_at IS NULL";

/* A growing array: *items of *n elements of size `size`, room for *cap. */
static void *grow(void *items, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return items;
    *cap = *cap ? *cap * 2 : 8;
    return oc_xrealloc(items, *cap * size);
}

static int load_dms(oc_dbc_t *c, int64_t user_id, oc_places_t *out)
{
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_DMS);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, user_id);
    oc_stmt_bind_i64(st, 2, user_id);
    size_t cap = 0;
    int rc;
    while ((rc = oc_stmt_step(st)) == OC_DB_ROW) {
        out->dms = grow(out->dms, &cap, out->num_dms, sizeof(*out->dms));
        oc_place_dm_t *d = &out->dms[out->num_dms++];
        d->chat_id = oc_stmt_i64(st, 0);
        d->peer_id = oc_stmt_i64(st, 1);
        d->blocked = oc_stmt_i64(st, 2) != 0;
    }
    oc_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

static int load_zones(oc_dbc_t *c, int64_t user_id, oc_places_t *out)
{
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_ZONES);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, user_id);
    size_t cap = 0;
    int rc;
    while ((rc = oc_stmt_step(st)) == OC_DB_ROW) {
        out->zones = grow(out->zones, &cap, out->num_zones, sizeof(*out->zones));
        out->zones[out->num_zones++] = oc_stmt_i64(st, 0);
    }
    oc_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

/* Runs a channel query bound to one id. */
static int load_channels(oc_dbc_t *c, const char *sql, int64_t id, oc_place_channel_t **out,
                         size_t *n)
{
    oc_stmt_t *st = oc_dbc_prepare(c, sql);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, id);
    size_t cap = 0;
    int rc;
    while ((rc = oc_stmt_step(st)) == OC_DB_ROW) {
        *out = grow(*out, &cap, *n, sizeof(**out));
        oc_place_channel_t *ch = &(*out)[(*n)++];
        ch->id = oc_stmt_i64(st, 0);
        ch->zone_id = oc_stmt_i64(st, 1);
        ch->text = oc_stmt_i64(st, 2) != 0;
    }
    oc_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

static void read_friend(oc_stmt_t *st, oc_place_friend_t *f)
{
    f->id = oc_stmt_i64(st, 0);
    oc_stmt_copy_text(st, 1, f->status, sizeof(f->status));
    f->last_seen = oc_stmt_i64(st, 2);
    f->online = oc_stmt_i64(st, 3) != 0;
}

static int load_friends(oc_dbc_t *c, int64_t user_id, oc_places_t *out)
{
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_FRIENDS);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, user_id);
    oc_stmt_bind_i64(st, 2, user_id);
    size_t cap = 0;
    int rc;
    while ((rc = oc_stmt_step(st)) == OC_DB_ROW) {
        out->friends = grow(out->friends, &cap, out->num_friends, sizeof(*out->friends));
        read_friend(st, &out->friends[out->num_friends++]);
    }
    oc_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

int oc_places_load(oc_dbc_t *c, int64_t user_id, oc_places_t *out)
{
    memset(out, 0, sizeof(*out));
    int rc = oc_user_load(c, user_id, &out->user);
    if (rc == 0)
        rc = load_dms(c, user_id, out);
    if (rc == 0)
        rc = load_zones(c, user_id, out);
    if (rc == 0)
        rc = load_channels(c, SQL_CHANNELS, user_id, &out->channels, &out->num_channels);
    if (rc == 0)
        rc = load_friends(c, user_id, out);
    if (rc != 0)
        oc_places_free(out);
    return rc;
}

int oc_places_zone_channels(oc_dbc_t *c, int64_t zone_id, oc_place_channel_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    int rc = load_channels(c, SQL_ZONE_CHANNELS, zone_id, out, n);
    if (rc != 0) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

int oc_places_dm_between(oc_dbc_t *c, int64_t a, int64_t b, int64_t *chat_id)
{
    *chat_id = 0;
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_DM_BETWEEN);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, a < b ? a : b);
    oc_stmt_bind_i64(st, 2, a < b ? b : a);
    int rc = oc_stmt_step(st);
    if (rc == OC_DB_ROW)
        *chat_id = oc_stmt_i64(st, 0);
    oc_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

int oc_places_friend(oc_dbc_t *c, int64_t user_id, oc_place_friend_t *out)
{
    memset(out, 0, sizeof(*out));
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_FRIEND);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, user_id);
    int rc = oc_stmt_step(st);
    if (rc == OC_DB_ROW)
        read_friend(st, out);
    oc_stmt_reset(st);
    return rc < 0 ? rc : rc == OC_DB_ROW ? 0 : OC_ENOENT;
}

void oc_places_free(oc_places_t *p)
{
    free(p->dms);
    free(p->zones);
    free(p->channels);
    free(p->friends);
    p->dms = NULL;
    p->zones = NULL;
    p->channels = NULL;
    p->friends = NULL;
    p->num_dms = p->num_zones = p->num_channels = p->num_friends = 0;
}
