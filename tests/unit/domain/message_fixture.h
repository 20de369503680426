/* The fixture the message domain tests share (test_message_actions.c, test_message_pages.c):
 * the temporary database of db_fixture.h, a cast of
 * users, zones, channels and DMs made with plain INSERTs, and act(), which runs one domain
 * function in a job of the right kind and parses the JSON it wrote. Included once per test
 * program (everything is static). */
#ifndef OC_TEST_MESSAGE_FIXTURE_H
#define OC_TEST_MESSAGE_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/alloc.h"
#include "core/errors.h"
#include "core/id.h"
#include "domain/messages.h"
#include "domain/search.h"
#include "store/db.h"
#include "db_fixture.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* One SQL statement with int64 parameters ('i') and texts ('s'), as a write job. */
typedef struct sql_job {
    const char *sql;
    const char *fmt;
    int64_t i[8];
    const char *s[8];
    int64_t value; /* SELECT: the first column of the first row */
} sql_job_t;

static UNUSED int sql_work(oc_dbc_t *c, void *arg)
{
    sql_job_t *j = arg;
    oc_stmt_t *st = oc_dbc_prepare(c, j->sql);
    if (st == NULL)
        return OC_EIO;
    for (int k = 0; j->fmt[k]; k++) {
        if (j->fmt[k] == 'i')
            oc_stmt_bind_i64(st, k + 1, j->i[k]);
        else
            oc_stmt_bind_str(st, k + 1, j->s[k]);
    }
    int rc = oc_stmt_step(st);
    j->value = rc == OC_DB_ROW ? oc_stmt_i64(st, 0) : 0;
    oc_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

static UNUSED int64_t sql(const char *text, const char *fmt, ...)
{
    sql_job_t j = {.sql = text, .fmt = fmt};
    va_list ap;
    va_start(ap, fmt);
    for (int k = 0; fmt[k]; k++) {
        if (fmt[k] == 'i')
            j.i[k] = va_arg(ap, int64_t);
        else
            j.s[k] = va_arg(ap, const char *);
    }
    va_end(ap);
    assert_int_equal(run(true, sql_work, &j), 0);
    return j.value;
}

/* ---- the cast -------------------------------------------------------------------------- */

static UNUSED int64_t owner, admin, member, outsider, peer, stranger, gone;
static UNUSED int64_t zone, general, random_ch, voice, zone2, other_ch;
static UNUSED int64_t dm, dm_blocked, dm_gone;
static UNUSED int64_t now_ms = 1800000000000;

static UNUSED int64_t add_user(const char *name)
{
    int64_t id = oc_id_next();
    char email[64];
    snprintf(email, sizeof(email), "%s@example.test", name);
    sql("INSERT INTO users (id, username, email, display_name, created_at) VALUES (?, ?, ?, ?, 1)",
        "isss", id, name, email, name);
    return id;
}

static UNUSED void add_member(int64_t chat, int64_t user, const char *role)
{
    sql("INSERT INTO members (chat_id, user_id, role, joined_at) VALUES (?, ?, ?, 1)", "iis", chat,
        user, role);
}

static UNUSED int64_t add_zone(int64_t by)
{
    int64_t id = oc_id_next();
    sql("INSERT INTO chats (id, type, name, owner_id, created_at) VALUES (?, 'zone', 'Z', ?, 1)",
        "ii", id, by);
    add_member(id, by, "owner");
    return id;
}

static UNUSED int64_t add_channel(int64_t z, const char *type)
{
    int64_t id = oc_id_next();
    sql("INSERT INTO channels (id, chat_id, name, type, position, created_at) "
        "VALUES (?, ?, 'c', ?, 0, 1)",
        "iis", id, z, type);
    return id;
}

static UNUSED int64_t add_dm(int64_t a, int64_t b)
{
    int64_t id = oc_id_next();
    sql("INSERT INTO chats (id, type, created_at) VALUES (?, 'dm', 1)", "i", id);
    sql("INSERT INTO dm_pairs (user_low, user_high, chat_id) VALUES (?, ?, ?)", "iii", OC_MIN(a, b),
        OC_MAX(a, b), id);
    add_member(id, a, "member");
    add_member(id, b, "member");
    return id;
}

static UNUSED int64_t add_upload(int64_t uploader, const char *name)
{
    int64_t id = oc_id_next();
    char key[40];
    snprintf(key, sizeof(key), "%032llx", (long long)id);
    sql("INSERT INTO attachments (id, uploader_id, file_name, mime, size, storage_key, created_at) "
        "VALUES (?, ?, ?, 'image/png', 123, ?, 1)",
        "iiss", id, uploader, name, key);
    return id;
}

static UNUSED int setup_db(void **state)
{
    (void)state;
    if (db_fixture_open() != 0)
        return -1;
    owner = add_user("owner");
    admin = add_user("admin");
    member = add_user("member");
    outsider = add_user("outsider");
    peer = add_user("peer");
    stranger = add_user("stranger");
    gone = add_user("gone");
    zone = add_zone(owner);
    add_member(zone, admin, "admin");
    add_member(zone, member, "member");
    add_member(zone, gone, "member");
    general = add_channel(zone, "text");
    random_ch = add_channel(zone, "text");
    voice = add_channel(zone, "voice");
    zone2 = add_zone(outsider);
    other_ch = add_channel(zone2, "text");
    dm = add_dm(owner, peer);
    dm_blocked = add_dm(member, stranger);
    sql("INSERT INTO blocks (blocker, blocked, created_at) VALUES (?, ?, 1)", "ii", stranger,
        member);
    dm_gone = add_dm(owner, gone);
    return 0;
}

static UNUSED int teardown_db(void **state)
{
    (void)state;
    return db_fixture_close();
}

/* ---- actions --------------------------------------------------------------------------- */

typedef enum {
    SEND,
    EDIT,
    DELETE,
    PIN,
    UNPIN,
    REACT,
    UNREACT,
    OPEN,
    LOAD,
    PAGE,
    PINS,
    SEARCH,
    SEARCH_ZONE
} what_t;

typedef struct act {
    what_t what;
    int64_t user;
    int64_t chat;    /* SEND, OPEN, PAGE, PINS, SEARCH */
    int64_t channel; /* idem */
    int64_t message; /* EDIT ... LOAD */
    const char *text;
    const char *nonce;
    int64_t reply_to;
    const int64_t *attachments;
    size_t num_attachments;
    bool allow_voice;
    oc_page_dir_t dir;
    int64_t cursor;
    int limit;
    /* results */
    int rc;
    oc_conv_t conv;
    oc_msg_refusal_t why;
    oc_message_result_t r;
    oc_buf_t out; /* LOAD, PAGE, PINS, SEARCH */
    cJSON *json;  /* r.json or out, parsed */
} act_t;

static UNUSED int act_work(oc_dbc_t *c, void *arg)
{
    act_t *a = arg;
    size_t len = a->text ? strlen(a->text) : 0;
    int rc;
    switch (a->what) {
    case SEND: {
        oc_message_draft_t d = {.author_id = a->user,
                                .chat_id = a->chat,
                                .channel_id = a->channel,
                                .content = a->text,
                                .content_len = len,
                                .reply_to = a->reply_to,
                                .attachments = a->attachments,
                                .num_attachments = a->num_attachments,
                                .nonce = a->nonce,
                                .now = now_ms};
        return oc_message_send(c, &d, &a->r);
    }
    case EDIT: return oc_message_edit(c, a->user, a->message, a->text, len, now_ms, &a->r);
    case DELETE: return oc_message_delete(c, a->user, a->message, now_ms, &a->r);
    case PIN:
    case UNPIN: return oc_message_pin(c, a->user, a->message, a->what == PIN, now_ms, &a->r);
    case REACT:
    case UNREACT:
        return oc_reaction_set(c, a->user, a->message, a->text, a->what == REACT, now_ms, &a->r);
    case OPEN:
        return oc_conv_open(c, a->user, a->chat, a->channel, a->allow_voice, &a->conv, &a->why);
    case LOAD: return oc_message_json_load(c, a->user, a->message, &a->out, &a->why);
    case PAGE:
    case PINS:
    case SEARCH:
        rc = oc_conv_open(c, a->user, a->chat, a->channel, false, &a->conv, &a->why);
        if (rc != 0)
            return rc;
        if (a->what == PAGE)
            return oc_message_page_json(c, &a->conv, a->dir, a->cursor, a->limit, a->user, &a->out);
        if (a->what == PINS)
            return oc_message_pins_json(c, &a->conv, a->user, &a->out);
        return oc_search_conv_json(c, &a->conv, a->text, len, a->cursor, a->user, &a->out);
    case SEARCH_ZONE:
        return oc_search_zone_json(c, a->chat, a->text, len, a->cursor, a->user, &a->out);
    }
    return OC_EINVAL;
}

static UNUSED void act_free(act_t *a)
{
    oc_message_result_free(&a->r);
    oc_buf_free(&a->out);
    cJSON_Delete(a->json);
    a->json = NULL;
}

/* Runs an action (writes in the writer, reads in a reader) and parses its JSON. The caller
 * act_free()s the result. */
static UNUSED act_t act(act_t a)
{
    bool write = a.what <= UNREACT;
    a.rc = run(write, act_work, &a);
    if (a.r.why != OC_MR_NONE)
        a.why = a.r.why;
    const oc_buf_t *b = write ? &a.r.json : &a.out;
    if (b->len) {
        a.json = cJSON_ParseWithLength(b->data, b->len);
        if (a.json == NULL)
            fail_msg("not JSON: %.*s", (int)b->len, b->data);
    }
    return a;
}

/* An action that must be refused with `why`. */
static UNUSED void refused(act_t a, oc_msg_refusal_t why)
{
    act_t r = act(a);
    assert_int_equal(r.rc, OC_EPERM);
    assert_int_equal(r.why, why);
    act_free(&r);
}

static UNUSED int64_t id_of(const cJSON *o, const char *field)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, field);
    if (!cJSON_IsString(v))
        return 0;
    return strtoll(v->valuestring, NULL, 10);
}

static UNUSED const char *str_of(const cJSON *o, const char *field)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, field);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static UNUSED const cJSON *get(const cJSON *o, const char *field)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, field);
    if (v == NULL)
        fail_msg("no \"%s\"", field);
    return v;
}

/* Sends text as user to a channel (or a DM when channel is 0) and returns the new id. */
static UNUSED int64_t send_text(int64_t user, int64_t chat, int64_t channel, const char *text)
{
    act_t a =
        act((act_t){.what = SEND, .user = user, .chat = chat, .channel = channel, .text = text});
    assert_int_equal(a.rc, 0);
    int64_t id = a.r.message_id;
    assert_int_equal(id_of(a.json, "id"), id);
    act_free(&a);
    return id;
}

static UNUSED int64_t count_messages(void)
{
    return sql("SELECT COUNT(*) FROM messages WHERE id > ?", "i", (int64_t)0);
}

static UNUSED act_t react(bool add, int64_t user, int64_t message, const char *emoji)
{
    return act(
        (act_t){.what = add ? REACT : UNREACT, .user = user, .message = message, .text = emoji});
}

static UNUSED void expect_reaction(act_t a, int64_t count, bool changed, bool added)
{
    assert_int_equal(a.rc, 0);
    assert_int_equal(a.r.changed, changed);
    assert_int_equal((int64_t)get(a.json, "count")->valuedouble, count);
    assert_int_equal(cJSON_IsTrue(get(a.json, "added")), added);
    act_free(&a);
}

#endif
