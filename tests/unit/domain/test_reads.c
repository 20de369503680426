/* Tests for src/domain/reads.c against a real SQLite database: read positions only move
 * forward, a message of another conversation cannot be marked, unread counts leave out the
 * user's own and deleted messages and stop at the cap, mention counts, the join rule (zone
 * history from before joining is not unread; a DM without a position is all unread), the JSON
 * fields, the zone list's capped sums, and the query plans (index searches only). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/errors.h"
#include "core/id.h"
#include "domain/messages.h"
#include "domain/zones.h"
#include "db_fixture.h"
#include "domain/reads.c" /* the SQL, for the plan checks */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- pure ------------------------------------------------------------------------------ */

/* The first id of millisecond ms. */
static int64_t id_at(int64_t ms, int64_t seq)
{
    return ((ms - OC_ID_EPOCH_MS) << 22) | seq;
}

static void test_read_from(void **state)
{
    (void)state;
    int64_t t = OC_ID_EPOCH_MS + 1000000;
    oc_conv_t ch = {.kind = OC_CONV_CHANNEL, .id = 5, .chat_id = 4, .channel_id = 5};
    oc_conv_t dm = {.kind = OC_CONV_DM, .id = 4, .chat_id = 4};
    /* A channel: after the join, or the stored position when later. */
    int64_t floor = id_at(t, 0) | 0x3FFFFF;
    assert_int_equal(oc_read_from(&ch, 0, t), floor);
    assert_true(oc_read_from(&ch, 0, t) < id_at(t + 1, 0));
    assert_true(oc_read_from(&ch, 0, t) >= id_at(t, 4095));
    assert_int_equal(oc_read_from(&ch, id_at(t - 5, 0), t), floor);
    assert_int_equal(oc_read_from(&ch, id_at(t + 5, 7), t), id_at(t + 5, 7));
    /* Joined before the id epoch (or unknown): the stored position only. */
    assert_int_equal(oc_read_from(&ch, 0, 0), 0);
    assert_int_equal(oc_read_from(&ch, 42, 1000), 42);
    /* A DM ignores the join time: nothing read until marked. */
    assert_int_equal(oc_read_from(&dm, 0, t), 0);
    assert_int_equal(oc_read_from(&dm, 77, t), 77);
}

static void test_state_write(void **state)
{
    (void)state;
    oc_buf_t b = OC_BUF_INIT;
    oc_read_state_t none = {0};
    oc_read_state_write(&b, &none);
    oc_buf_append_char(&b, '\0');
    assert_string_equal(b.data, "\"last_read_id\":null,\"last_message_id\":null,"
                                "\"unread_count\":0,\"mention_count\":0");
    b.len = 0;
    oc_read_state_t some = {12, 345, 6, 1000};
    oc_read_state_write(&b, &some);
    oc_buf_append_char(&b, '\0');
    assert_string_equal(b.data, "\"last_read_id\":\"12\",\"last_message_id\":\"345\","
                                "\"unread_count\":6,\"mention_count\":1000");
    oc_buf_free(&b);
}

/* ---- the database ---------------------------------------------------------------------- */

static int exec_sql(oc_dbc_t *c, void *arg)
{
    return oc_dbc_exec(c, arg);
}

/* Runs one SQL text (literal values only). */
static void sql(const char *fmt, ...)
{
    char text[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    assert_int_equal(run(true, exec_sql, text), 0);
}

/* The cast: users A, B, C; DM chat D of A and B; zone Z (A, B members from T0, C from TJ)
 * with text channels T1, T2 and voice channel V. */
#define T0 (OC_ID_EPOCH_MS + 86400000LL)
#define TJ (T0 + 3600000LL)
static const int64_t A = 1001, B = 1002, C = 1003, D = 2001, Z = 3001;
static const int64_t T1 = 3002, T2 = 3003, V = 3004;

static int64_t next_ms = T0 + 1000;

typedef struct insert {
    int64_t id, chat, channel, author, created_at;
} insert_t;

static int insert_job(oc_dbc_t *c, void *arg)
{
    insert_t *m = arg;
    oc_message_row_t row = {.id = m->id,
                            .chat_id = m->chat,
                            .channel_id = m->channel,
                            .author_id = m->author,
                            .content = "hi",
                            .content_len = 2,
                            .created_at = m->created_at};
    return oc_message_insert(c, &row, NULL);
}

/* A message at the next millisecond (or at ms when given). */
static int64_t message_at(int64_t chat, int64_t channel, int64_t author, int64_t ms)
{
    insert_t m = {id_at(ms, 1), chat, channel, author, ms};
    assert_int_equal(run(true, insert_job, &m), 0);
    return m.id;
}

static int64_t message(int64_t chat, int64_t channel, int64_t author)
{
    return message_at(chat, channel, author, next_ms++);
}

static void mention(int64_t user, int64_t conv, int64_t message_id)
{
    sql("INSERT INTO mentions (user_id, conv_id, message_id) VALUES (%lld, %lld, %lld)",
        (long long)user, (long long)conv, (long long)message_id);
}

/* As oc_message_delete leaves it: a tombstone without its mentions. */
static void delete_message(int64_t id)
{
    sql("UPDATE messages SET content = '', deleted_at = %lld WHERE id = %lld", (long long)T0,
        (long long)id);
    sql("DELETE FROM mentions WHERE message_id = %lld", (long long)id);
}

static int setup_db(void **state)
{
    (void)state;
    if (db_fixture_open() != 0)
        return -1;
    const int64_t users[] = {A, B, C};
    for (int i = 0; i < 3; i++)
        sql("INSERT INTO users (id, username, email, display_name, created_at) "
            "VALUES (%lld, 'u%d', 'u%d@example.test', 'U', 0)",
            (long long)users[i], i, i);
    sql("INSERT INTO chats (id, type, created_at) VALUES (%lld, 'dm', %lld)", (long long)D,
        (long long)T0);
    sql("INSERT INTO dm_pairs (user_low, user_high, chat_id) VALUES (%lld, %lld, %lld)",
        (long long)A, (long long)B, (long long)D);
    sql("INSERT INTO chats (id, type, name, owner_id, created_at) "
        "VALUES (%lld, 'zone', 'Z', %lld, %lld)",
        (long long)Z, (long long)A, (long long)T0);
    const struct {
        int64_t id;
        const char *name, *type;
    } chans[] = {{T1, "general", "text"}, {T2, "random", "text"}, {V, "General", "voice"}};
    for (int i = 0; i < 3; i++)
        sql("INSERT INTO channels (id, chat_id, name, type, position, created_at) "
            "VALUES (%lld, %lld, '%s', '%s', %d, %lld)",
            (long long)chans[i].id, (long long)Z, chans[i].name, chans[i].type, i, (long long)T0);
    const struct {
        int64_t chat, user, at;
        const char *role;
    } members[] = {{D, A, T0, "member"},
                   {D, B, T0, "member"},
                   {Z, A, T0, "owner"},
                   {Z, B, T0, "member"},
                   {Z, C, TJ, "member"}};
    for (int i = 0; i < 5; i++)
        sql("INSERT INTO members (chat_id, user_id, role, joined_at) VALUES (%lld, %lld, '%s', "
            "%lld)",
            (long long)members[i].chat, (long long)members[i].user, members[i].role,
            (long long)members[i].at);
    return 0;
}

static int teardown_db(void **state)
{
    (void)state;
    return db_fixture_close();
}

static oc_conv_t dm_conv(void)
{
    return (oc_conv_t){.kind = OC_CONV_DM, .id = D, .chat_id = D, .peer_id = B};
}

static oc_conv_t channel_conv(int64_t channel)
{
    return (oc_conv_t){.kind = OC_CONV_CHANNEL, .id = channel, .chat_id = Z, .channel_id = channel};
}

/* ---- marking --------------------------------------------------------------------------- */

typedef struct mark {
    int64_t user, message;
    oc_conv_t conv;
    int64_t last_read;
    bool moved;
    oc_msg_refusal_t why;
} mark_t;

static int mark_job(oc_dbc_t *c, void *arg)
{
    mark_t *m = arg;
    return oc_read_mark(c, m->user, &m->conv, m->message, &m->last_read, &m->moved, &m->why);
}

static mark_t mark(int64_t user, oc_conv_t conv, int64_t message_id, int expect_rc)
{
    mark_t m = {.user = user, .message = message_id, .conv = conv};
    assert_int_equal(run(true, mark_job, &m), expect_rc);
    return m;
}

typedef struct state_job {
    int64_t user;
    oc_conv_t conv;
    oc_buf_t json;
    oc_read_state_t rs;
} state_job_t;

static int json_job(oc_dbc_t *c, void *arg)
{
    state_job_t *s = arg;
    return oc_read_state_json(c, s->user, &s->conv, &s->json);
}

/* oc_read_state_json's text. */
static char *state_json(int64_t user, oc_conv_t conv)
{
    state_job_t s = {.user = user, .conv = conv};
    assert_int_equal(run(true, json_job, &s), 0);
    oc_buf_append_char(&s.json, '\0');
    return s.json.data; /* the caller frees */
}

static void expect_state(int64_t user, oc_conv_t conv, int64_t last_read, int64_t last_message,
                         int64_t unread, int64_t mentions)
{
    oc_buf_t want = OC_BUF_INIT;
    oc_read_state_t rs = {last_read, last_message, unread, mentions};
    oc_read_state_write(&want, &rs);
    oc_buf_append_char(&want, '\0');
    char *got = state_json(user, conv);
    assert_string_equal(got, want.data);
    free(got);
    oc_buf_free(&want);
}

static void test_mark_moves_forward_only(void **state)
{
    (void)state;
    oc_conv_t dm = dm_conv();
    int64_t m1 = message(D, 0, B), m2 = message(D, 0, B), m3 = message(D, 0, B);
    mark_t r = mark(A, dm, m2, 0);
    assert_true(r.moved);
    assert_int_equal(r.last_read, m2);
    /* Again, and backwards: nothing moves, the newer position comes back. */
    r = mark(A, dm, m2, 0);
    assert_false(r.moved);
    assert_int_equal(r.last_read, m2);
    r = mark(A, dm, m1, 0);
    assert_false(r.moved);
    assert_int_equal(r.last_read, m2);
    expect_state(A, dm, m2, m3, 1, 0);
    r = mark(A, dm, m3, 0);
    assert_true(r.moved);
    assert_int_equal(r.last_read, m3);
    expect_state(A, dm, m3, m3, 0, 0);
    /* B's position is B's own. */
    expect_state(B, dm, 0, m3, 0, 0);
    /* A deleted message may still be marked (the client saw it before it went). */
    int64_t m4 = message(D, 0, B);
    message(D, 0, B);
    delete_message(m4);
    r = mark(A, dm, m4, 0);
    assert_true(r.moved);
    assert_int_equal(r.last_read, m4);
}

static void test_mark_refuses_other_conversations(void **state)
{
    (void)state;
    int64_t in_t1 = message(Z, T1, B), in_t2 = message(Z, T2, B), in_dm = message(D, 0, B);
    const struct {
        oc_conv_t conv;
        int64_t message_id;
    } wrong[] = {
        {channel_conv(T1), in_t2}, /* another channel of the same zone */
        {channel_conv(T1), in_dm}, /* a DM message */
        {dm_conv(), in_t1},        /* a channel message in a DM */
        {channel_conv(T1), 999},   /* no such message */
        {dm_conv(), 999},
    };
    for (size_t i = 0; i < sizeof(wrong) / sizeof(wrong[0]); i++) {
        mark_t r = mark(A, wrong[i].conv, wrong[i].message_id, OC_EPERM);
        assert_int_equal(r.why, OC_MR_MESSAGE_NOT_FOUND);
        assert_false(r.moved);
    }
    /* Nothing was stored for T1: its state is still the join rule's. */
    expect_state(A, channel_conv(T1), 0, in_t1, 1, 0);
    mark_t r = mark(A, channel_conv(T1), in_t1, 0);
    assert_true(r.moved);
    expect_state(A, channel_conv(T1), in_t1, in_t1, 0, 0);
}

static void test_counts_leave_out_own_and_deleted(void **state)
{
    (void)state;
    oc_conv_t dm = dm_conv();
    int64_t start = message(D, 0, A);
    mark(A, dm, start, 0);
    mark(B, dm, start, 0);
    int64_t b1 = message(D, 0, B);
    message(D, 0, A);
    int64_t b2 = message(D, 0, B);
    int64_t b3 = message(D, 0, B);
    int64_t a2 = message(D, 0, A);
    delete_message(b2);
    expect_state(A, dm, start, a2, 2, 0);
    expect_state(B, dm, start, a2, 2, 0);
    /* The newest live message: deleting the last one moves last_message_id back. */
    delete_message(a2);
    expect_state(A, dm, start, b3, 2, 0);
    mark(A, dm, b1, 0);
    expect_state(A, dm, b1, b3, 1, 0);
    /* A message whose author's account is gone counts as someone else's. */
    sql("UPDATE messages SET author_id = NULL WHERE id = %lld", (long long)b3);
    expect_state(A, dm, b1, b3, 1, 0);
    expect_state(B, dm, start, b3, 2, 0);
}

static void test_mentions(void **state)
{
    (void)state;
    oc_conv_t t2 = channel_conv(T2);
    int64_t first = message(Z, T2, A);
    mark(B, t2, first, 0);
    int64_t m1 = message(Z, T2, A), m2 = message(Z, T2, A), m3 = message(Z, T2, C);
    mention(B, T2, m1);
    mention(B, T2, m2);
    mention(B, T2, m3);
    mention(A, T2, m3); /* someone else's mention */
    expect_state(B, t2, first, m3, 3, 3);
    mark(B, t2, m1, 0);
    expect_state(B, t2, m1, m3, 2, 2);
    /* A mention in a deleted message no longer counts. */
    delete_message(m2);
    expect_state(B, t2, m1, m3, 1, 1);
    mark(B, t2, m3, 0);
    expect_state(B, t2, m3, m3, 0, 0);
}

/* A zone member sees nothing from before they joined as unread; a DM is all unread until
 * marked. */
static void test_join_rule(void **state)
{
    (void)state;
    oc_conv_t t1 = channel_conv(T1);
    /* T1 so far holds messages from the refusal test (at next_ms, before TJ). */
    int64_t before1 = message_at(Z, T1, A, TJ - 2);
    int64_t before2 = message_at(Z, T1, B, TJ - 1);
    int64_t same_ms = message_at(Z, T1, B, TJ);
    expect_state(C, t1, 0, same_ms, 0, 0);
    int64_t after1 = message_at(Z, T1, A, TJ + 1);
    int64_t after2 = message_at(Z, T1, B, TJ + 2);
    mention(C, T1, after2);
    expect_state(C, t1, 0, after2, 2, 1);
    /* Marking something from before the join stores it but the join still bounds the count. */
    mark_t r = mark(C, t1, before1, 0);
    assert_true(r.moved);
    expect_state(C, t1, before1, after2, 2, 1);
    mark(C, t1, after1, 0);
    expect_state(C, t1, after1, after2, 1, 1);
    /* B, a member since T0 without a position in T1, has every message of others unread:
     * A's two from before C joined and after. */
    (void)before2;
    expect_state(B, t1, 0, after2, 2, 0);
    /* A DM without a position: everything from the other member is unread. */
    sql("INSERT INTO chats (id, type, created_at) VALUES (4001, 'dm', %lld)", (long long)T0);
    sql("INSERT INTO dm_pairs (user_low, user_high, chat_id) VALUES (%lld, %lld, 4001)",
        (long long)A, (long long)C);
    sql("INSERT INTO members (chat_id, user_id, role, joined_at) VALUES (4001, %lld, 'member', "
        "%lld), (4001, %lld, 'member', %lld)",
        (long long)A, (long long)TJ + 100000, (long long)C, (long long)TJ + 100000);
    oc_conv_t dm2 = {.kind = OC_CONV_DM, .id = 4001, .chat_id = 4001, .peer_id = C};
    int64_t old = message_at(4001, 0, C, T0 + 5);
    int64_t newer = message_at(4001, 0, C, TJ + 200000);
    (void)old;
    expect_state(A, dm2, 0, newer, 2, 0);
}

/* ---- caps and the zone list ------------------------------------------------------------ */

typedef struct bulk {
    int64_t chat, channel, author, conv, mentioned;
    int n;
    int64_t first_ms;
} bulk_t;

static int bulk_job(oc_dbc_t *c, void *arg)
{
    bulk_t *b = arg;
    for (int i = 0; i < b->n; i++) {
        int64_t ms = b->first_ms + i;
        oc_message_row_t row = {.id = id_at(ms, 2),
                                .chat_id = b->chat,
                                .channel_id = b->channel,
                                .author_id = b->author,
                                .content = "x",
                                .content_len = 1,
                                .created_at = ms};
        int rc = oc_message_insert(c, &row, NULL);
        if (rc == 0 && b->mentioned)
            rc = oc_dbc_run(c,
                            "INSERT INTO mentions (user_id, conv_id, message_id) "
                            "VALUES (?, ?, ?)",
                            NULL, "iii", b->mentioned, b->conv, row.id);
        if (rc != 0)
            return rc;
    }
    return 0;
}

static int zones_job(oc_dbc_t *c, void *arg)
{
    state_job_t *s = arg;
    return oc_zone_list_json(c, s->user, &s->json);
}

static int channels_job(oc_dbc_t *c, void *arg)
{
    state_job_t *s = arg;
    return oc_channel_list_json_for(c, Z, s->user, &s->json);
}

static char *list_json(job_fn fn, int64_t user)
{
    state_job_t s = {.user = user};
    assert_int_equal(run(true, fn, &s), 0);
    oc_buf_append_char(&s.json, '\0');
    return s.json.data;
}

static void test_caps_and_zone_sums(void **state)
{
    (void)state;
    /* Fresh channels so the counts are exact. */
    const int64_t T3 = 3005, T4 = 3006;
    sql("INSERT INTO channels (id, chat_id, name, type, position, created_at) VALUES "
        "(%lld, %lld, 'three', 'text', 3, %lld), (%lld, %lld, 'four', 'text', 4, %lld)",
        (long long)T3, (long long)Z, (long long)T0, (long long)T4, (long long)Z, (long long)T0);
    int64_t base = TJ + 1000000;
    /* Position B at the start of T1, T2 and T3 so earlier tests' messages do not count. */
    int64_t s1 = message_at(Z, T1, A, base), s2 = message_at(Z, T2, A, base + 1);
    int64_t s3 = message_at(Z, T3, A, base + 2), s4 = message_at(Z, T4, A, base + 3);
    mark(B, channel_conv(T1), s1, 0);
    mark(B, channel_conv(T2), s2, 0);
    mark(B, channel_conv(T3), s3, 0);
    mark(B, channel_conv(T4), s4, 0);
    char *z = list_json(zones_job, B);
    assert_non_null(strstr(z, "\"my_role\":\"member\",\"unread_count\":0,\"mention_count\":0}"));
    free(z);

    bulk_t many = {Z, T3, A, T3, B, OC_UNREAD_CAP + 5, base + 10};
    assert_int_equal(run(true, bulk_job, &many), 0);
    int64_t last = id_at(base + 10 + OC_UNREAD_CAP + 4, 2);
    expect_state(B, channel_conv(T3), s3, last, OC_UNREAD_CAP, OC_UNREAD_CAP);
    /* After marking halfway the rest counts exactly. */
    mark(B, channel_conv(T3), id_at(base + 10 + 499, 2), 0);
    expect_state(B, channel_conv(T3), id_at(base + 10 + 499, 2), last, 505, 505);

    /* T4: 600 more, 3 of them mentioning B; the zone's sum stops at the cap. */
    bulk_t more = {Z, T4, C, T4, 0, 600, base + 5000};
    assert_int_equal(run(true, bulk_job, &more), 0);
    mention(B, T4, id_at(base + 5000, 2));
    mention(B, T4, id_at(base + 5001, 2));
    mention(B, T4, id_at(base + 5002, 2));
    z = list_json(zones_job, B);
    assert_non_null(
        strstr(z, "\"my_role\":\"member\",\"unread_count\":1000,\"mention_count\":508}"));
    free(z);

    /* The channel list: text channels carry the state, the voice channel does not. */
    char *ch = list_json(channels_job, B);
    char want[512];
    snprintf(want, sizeof(want),
             "{\"id\":\"%lld\",\"name\":\"four\",\"type\":\"text\",\"position\":4,\"topic\":\"\","
             "\"last_read_id\":\"%lld\",\"last_message_id\":\"%lld\",\"unread_count\":600,"
             "\"mention_count\":3}",
             (long long)T4, (long long)s4, (long long)id_at(base + 5599, 2));
    assert_non_null(strstr(ch, want));
    snprintf(want, sizeof(want),
             "{\"id\":\"%lld\",\"name\":\"General\",\"type\":\"voice\",\"position\":2,"
             "\"topic\":\"\"}",
             (long long)V);
    assert_non_null(strstr(ch, want));
    free(ch);
}

/* ---- plans ----------------------------------------------------------------------------- */

typedef struct plan {
    const char *sql;
    char *text; /* "EXPLAIN QUERY PLAN <sql>": static, as the statement cache keys on it */
    char scans[512];
} plan_t;

static int plan_job(oc_dbc_t *c, void *arg)
{
    plan_t *p = arg;
    snprintf(p->text, 2048, "EXPLAIN QUERY PLAN %s", p->sql);
    oc_stmt_t *st = oc_dbc_prepare(c, p->text);
    if (st == NULL)
        return OC_EIO;
    int rc;
    while ((rc = oc_stmt_step(st)) == OC_DB_ROW) {
        const char *detail = oc_stmt_text(st, 3, NULL);
        if (detail && strncmp(detail, "SCAN ", 5) == 0 && !strstr(detail, "CONSTANT ROW"))
            snprintf(p->scans, sizeof(p->scans), "%s", detail);
    }
    oc_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

static void test_plans_are_index_searches(void **state)
{
    (void)state;
    const char *const all[] = {SQL_CH_HAS,          SQL_DM_HAS,    SQL_POSITION,
                               SQL_MEMBER_POSITION, SQL_CH_COUNTS, SQL_DM_COUNTS};
    static char texts[sizeof(all) / sizeof(all[0])][2048];
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
        plan_t p = {.sql = all[i], .text = texts[i]};
        assert_int_equal(run(true, plan_job, &p), 0);
        if (p.scans[0])
            fail_msg("%s\n  scans: %s", all[i], p.scans);
    }
}

int main(void)
{
    const struct CMUnitTest pure[] = {
        cmocka_unit_test(test_read_from),
        cmocka_unit_test(test_state_write),
    };
    const struct CMUnitTest stored[] = {
        cmocka_unit_test(test_mark_moves_forward_only),
        cmocka_unit_test(test_mark_refuses_other_conversations),
        cmocka_unit_test(test_counts_leave_out_own_and_deleted),
        cmocka_unit_test(test_mentions),
        cmocka_unit_test(test_join_rule),
        cmocka_unit_test(test_caps_and_zone_sums),
        cmocka_unit_test(test_plans_are_index_searches),
    };
    int failed = cmocka_run_group_tests_name("pure", pure, NULL, NULL);
    failed += cmocka_run_group_tests_name("stored", stored, setup_db, teardown_db);
    return failed;
}
