/* Tests for src/domain/attachments.c: display names made safe, the JSON of one attachment,
 * storage keys, and the rows against a real SQLite database: claiming (all or nothing),
 * who may fetch (uploader while pending, members once claimed, nobody after deletion),
 * taking back a pending upload, removing a message's files and expiring abandoned uploads. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/errors.h"
#include "core/id.h"
#include "domain/attachments.h"
#include "store/db.h"
#include "db_fixture.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- names, JSON, keys ----------------------------------------------------------------- */

static void clean(const char *raw, const char *want)
{
    char out[OC_FILE_NAME_MAX + 1];
    size_t n = oc_attachment_name_clean(raw, strlen(raw), out);
    assert_string_equal(out, want);
    assert_int_equal(n, strlen(want));
}

static void test_name_clean(void **state)
{
    (void)state;
    clean("report.pdf", "report.pdf");
    clean("../../etc/passwd", "passwd");
    clean("..\\..\\boot.ini", "boot.ini");
    clean("C:\\Users\\ada\\photo.jpg", "photo.jpg");
    clean("dir/", "file");
    clean("..", "file");
    clean(".", "file");
    clean("", "file");
    clean("   ", "file");
    clean("  padded name.txt  ", "padded name.txt");
    clean(".bashrc", ".bashrc");
    clean("a\x01"
          "b\x7f"
          "c\td.txt",
          "a_b_c_d.txt");
    clean("caf\xc3\xa9 \xe2\x9c\x93.txt", "caf\xc3\xa9 \xe2\x9c\x93.txt");
    clean("bad\xff\xc3(.txt", "bad\xef\xbf\xbd\xef\xbf\xbd(.txt");
    /* U+202E RIGHT-TO-LEFT OVERRIDE would show "evil\u202Etxt.exe" as "evilexe.txt". */
    clean("evil\xe2\x80\xaetxt.exe", "evil_txt.exe");
    clean("line\xe2\x80\xa8"
          "break\xc2\x85.txt",
          "line_break_.txt");
}

static void test_name_clean_cuts_long_names(void **state)
{
    (void)state;
    char raw[1200], out[OC_FILE_NAME_MAX + 1];
    memset(raw, 'a', 600);
    strcpy(raw + 600, ".tar.gz");
    size_t n = oc_attachment_name_clean(raw, strlen(raw), out);
    assert_int_equal(n, OC_FILE_NAME_MAX);
    assert_string_equal(out + OC_FILE_NAME_MAX - 3, ".gz"); /* the extension stays */
    assert_int_equal(out[0], 'a');
    /* Multi-byte characters are never cut in two. */
    for (int i = 0; i < 200; i++)
        memcpy(raw + 2 * i, "\xc3\xa9", 2);
    n = oc_attachment_name_clean(raw, 400, out);
    assert_int_equal(n, 254);
    assert_memory_equal(out + 252, "\xc3\xa9", 2);
    /* A long "extension" is not kept whole. */
    memset(raw, 'b', 300);
    raw[10] = '.';
    n = oc_attachment_name_clean(raw, 300, out);
    assert_int_equal(n, OC_FILE_NAME_MAX);
    assert_memory_equal(out, "bbbbbbbbbb.b", 12);
}

static void test_json(void **state)
{
    (void)state;
    oc_buf_t b = OC_BUF_INIT;
    oc_attachment_json(&b, 42, "a b\"\xc3\xa9<.png", "image/png", 1234);
    oc_buf_append_char(&b, '\0');
    assert_string_equal(b.data, "{\"id\":\"42\",\"file_name\":\"a b\\\"\xc3\xa9\\u003c.png\","
                                "\"content_type\":\"image/png\",\"size\":1234,"
                                "\"url\":\"/api/v1/attachments/42/a%20b%22%C3%A9%3C.png\"}");
    oc_buf_free(&b);
}

static void test_keys(void **state)
{
    (void)state;
    char a[OC_STORAGE_KEY_MAX + 1], b[OC_STORAGE_KEY_MAX + 1];
    oc_attachment_key_new(a);
    oc_attachment_key_new(b);
    assert_int_equal(strlen(a), 32);
    assert_string_not_equal(a, b);
    assert_true(oc_attachment_key_valid(a, strlen(a)));
    assert_false(oc_attachment_key_valid(a, 31));
    assert_false(oc_attachment_key_valid("../../../../../../../../etc/pass", 32));
    assert_false(oc_attachment_key_valid("0123456789ABCDEF0123456789abcdef", 32));
    assert_false(oc_attachment_key_valid(NULL, 0));
}

/* ---- rows ------------------------------------------------------------------------------ */

static int setup_db(void **state)
{
    (void)state;
    return db_fixture_open();
}

static int teardown_db(void **state)
{
    (void)state;
    return db_fixture_close();
}

/* The world: users ada, bob (both in the chat) and eve (not), one message by ada. */
typedef struct world {
    int64_t ada, bob, eve, chat, message, other_message;
} world_t;

static int make_world(oc_dbc_t *c, void *arg)
{
    world_t *w = arg;
    int64_t *users[] = {&w->ada, &w->bob, &w->eve};
    for (int i = 0; i < 3; i++) {
        *users[i] = oc_id_next();
        char name[32];
        snprintf(name, sizeof(name), "u%lld", (long long)*users[i]);
        int rc = oc_dbc_run(c,
                            "INSERT INTO users (id, username, email, display_name, created_at) "
                            "VALUES (?, ?, ?, 'U', 0)",
                            NULL, "iss", *users[i], name, name);
        if (rc != 0)
            return rc;
    }
    w->chat = oc_id_next();
    w->message = oc_id_next();
    w->other_message = oc_id_next();
    int rc = oc_dbc_run(c, "INSERT INTO chats (id, type, created_at) VALUES (?, 'dm', 0)", NULL,
                        "i", w->chat);
    for (int i = 0; i < 2 && rc == 0; i++)
        rc = oc_dbc_run(c,
                        "INSERT INTO members (chat_id, user_id, role, joined_at) "
                        "VALUES (?, ?, 'member', 0)",
                        NULL, "ii", w->chat, *users[i]);
    if (rc == 0)
        rc = oc_dbc_run(c,
                        "INSERT INTO messages (id, chat_id, author_id, content, created_at) "
                        "VALUES (?, ?, ?, 'hi', 0)",
                        NULL, "iii", w->message, w->chat, w->ada);
    if (rc == 0)
        rc = oc_dbc_run(c,
                        "INSERT INTO messages (id, chat_id, author_id, content, created_at) "
                        "VALUES (?, ?, ?, 'other', 0)",
                        NULL, "iii", w->other_message, w->chat, w->ada);
    return rc;
}

typedef struct upload_job {
    oc_attachment_t a;
} upload_job_t;

static int insert_job(oc_dbc_t *c, void *arg)
{
    return oc_attachment_insert(c, &((upload_job_t *)arg)->a);
}

static int64_t upload(int64_t uploader, const char *name, int64_t created_at, char *key_out)
{
    upload_job_t j = {0};
    j.a.id = oc_id_next();
    j.a.uploader_id = uploader;
    snprintf(j.a.file_name, sizeof(j.a.file_name), "%s", name);
    snprintf(j.a.mime, sizeof(j.a.mime), "text/plain");
    j.a.size = (int64_t)strlen(name);
    oc_attachment_key_new(j.a.storage_key);
    j.a.created_at = created_at;
    assert_int_equal(run(true, insert_job, &j), 0);
    if (key_out != NULL)
        strcpy(key_out, j.a.storage_key);
    return j.a.id;
}

typedef struct claim_job {
    int64_t uploader, message;
    int64_t ids[4];
    size_t n;
} claim_job_t;

static int claim_job(oc_dbc_t *c, void *arg)
{
    claim_job_t *j = arg;
    return oc_attachments_claim(c, j->uploader, j->message, j->ids, j->n);
}

typedef struct load_job {
    int64_t viewer, id;
    oc_attachment_t a;
    oc_buf_t json;
    int64_t message;
} load_job_t;

static int load_job(oc_dbc_t *c, void *arg)
{
    load_job_t *j = arg;
    return oc_attachment_load_for(c, j->viewer, j->id, &j->a);
}

static int json_job(oc_dbc_t *c, void *arg)
{
    load_job_t *j = arg;
    return oc_attachments_json_for(c, j->message, &j->json);
}

static int may_load(int64_t viewer, int64_t id)
{
    load_job_t j = {.viewer = viewer, .id = id};
    return run(true, load_job, &j);
}

static int exec_job(oc_dbc_t *c, void *arg)
{
    return oc_dbc_exec(c, arg);
}

static void test_claim_and_fetch(void **state)
{
    (void)state;
    world_t w;
    assert_int_equal(run(true, make_world, &w), 0);
    int64_t a1 = upload(w.ada, "one.txt", 1, NULL);
    int64_t a2 = upload(w.ada, "two.txt", 2, NULL);
    int64_t b1 = upload(w.bob, "bob.txt", 3, NULL);

    /* Pending: only the uploader. */
    assert_int_equal(may_load(w.ada, a1), 0);
    assert_int_equal(may_load(w.bob, a1), OC_ENOENT);
    assert_int_equal(may_load(w.eve, a1), OC_ENOENT);
    assert_int_equal(may_load(w.ada, 12345), OC_ENOENT);

    /* Someone else's upload in the list: nothing is claimed. */
    claim_job_t bad = {w.ada, w.message, {a1, b1}, 2};
    assert_int_equal(run(true, claim_job, &bad), OC_ENOENT);
    assert_int_equal(may_load(w.bob, a1), OC_ENOENT);
    claim_job_t unknown = {w.ada, w.message, {a1, 777}, 2};
    assert_int_equal(run(true, claim_job, &unknown), OC_ENOENT);

    claim_job_t ok = {w.ada, w.message, {a2, a1}, 2};
    assert_int_equal(run(true, claim_job, &ok), 0);
    /* Claimed: the chat's members, not outsiders. */
    load_job_t j = {.viewer = w.bob, .id = a1};
    assert_int_equal(run(true, load_job, &j), 0);
    assert_int_equal(j.a.message_id, w.message);
    assert_int_equal(j.a.chat_id, w.chat);
    assert_int_equal(j.a.uploader_id, w.ada);
    assert_string_equal(j.a.file_name, "one.txt");
    assert_string_equal(j.a.mime, "text/plain");
    assert_int_equal(j.a.size, 7);
    assert_true(oc_attachment_key_valid(j.a.storage_key, strlen(j.a.storage_key)));
    assert_int_equal(may_load(w.ada, a1), 0);
    assert_int_equal(may_load(w.eve, a1), OC_ENOENT);

    /* A used upload cannot be claimed again, not even for another message. */
    claim_job_t again = {w.ada, w.other_message, {a1}, 1};
    assert_int_equal(run(true, claim_job, &again), OC_ENOENT);

    /* The message's attachments in upload order. */
    load_job_t js = {.message = w.message};
    assert_int_equal(run(true, json_job, &js), 0);
    oc_buf_append_char(&js.json, '\0');
    char want[512];
    snprintf(want, sizeof(want),
             "[{\"id\":\"%lld\",\"file_name\":\"one.txt\",\"content_type\":\"text/plain\","
             "\"size\":7,\"url\":\"/api/v1/attachments/%lld/one.txt\"},"
             "{\"id\":\"%lld\",\"file_name\":\"two.txt\",\"content_type\":\"text/plain\","
             "\"size\":7,\"url\":\"/api/v1/attachments/%lld/two.txt\"}]",
             (long long)a1, (long long)a1, (long long)a2, (long long)a2);
    assert_string_equal(js.json.data, want);
    oc_buf_free(&js.json);
    load_job_t none = {.message = w.other_message};
    assert_int_equal(run(true, json_job, &none), 0);
    assert_int_equal(none.json.len, 2);
    assert_memory_equal(none.json.data, "[]", 2);
    oc_buf_free(&none.json);

    /* A deleted message hides its files even from members. */
    char sql[160];
    snprintf(sql, sizeof(sql), "UPDATE messages SET deleted_at = 1 WHERE id = %lld",
             (long long)w.message);
    assert_int_equal(run(true, exec_job, sql), 0);
    assert_int_equal(may_load(w.bob, a1), OC_ENOENT);
    assert_int_equal(may_load(w.ada, a1), OC_ENOENT);
}

typedef struct keys_job {
    int64_t message, user, id, before;
    size_t max;
    char **keys;
    size_t n;
    char key[OC_STORAGE_KEY_MAX + 1];
} keys_job_t;

static int remove_job(oc_dbc_t *c, void *arg)
{
    keys_job_t *j = arg;
    return oc_attachments_remove(c, j->message, &j->keys, &j->n);
}

static int take_back_job(oc_dbc_t *c, void *arg)
{
    keys_job_t *j = arg;
    return oc_attachment_delete_pending(c, j->user, j->id, j->key);
}

static int expire_job(oc_dbc_t *c, void *arg)
{
    keys_job_t *j = arg;
    return oc_attachments_expire(c, j->before, j->max, &j->keys, &j->n);
}

static void test_remove_take_back_expire(void **state)
{
    (void)state;
    world_t w;
    assert_int_equal(run(true, make_world, &w), 0);
    char k1[OC_STORAGE_KEY_MAX + 1], k2[OC_STORAGE_KEY_MAX + 1], k3[OC_STORAGE_KEY_MAX + 1];
    int64_t a1 = upload(w.ada, "1", 100, k1);
    int64_t a2 = upload(w.ada, "2", 200, k2);
    claim_job_t ok = {w.ada, w.message, {a1, a2}, 2};
    assert_int_equal(run(true, claim_job, &ok), 0);

    keys_job_t rm = {.message = w.message};
    assert_int_equal(run(true, remove_job, &rm), 0);
    assert_int_equal(rm.n, 2);
    assert_string_equal(rm.keys[0], k1);
    assert_string_equal(rm.keys[1], k2);
    oc_attachment_keys_free(rm.keys, rm.n);
    assert_int_equal(may_load(w.ada, a1), OC_ENOENT);
    keys_job_t empty = {.message = w.message};
    assert_int_equal(run(true, remove_job, &empty), 0);
    assert_int_equal(empty.n, 0);
    assert_null(empty.keys);

    /* Taking back: the uploader's pending upload only. */
    int64_t a3 = upload(w.ada, "3", 300, k3);
    keys_job_t tb = {.user = w.bob, .id = a3};
    assert_int_equal(run(true, take_back_job, &tb), OC_ENOENT);
    assert_string_equal(tb.key, "");
    tb.user = w.ada;
    assert_int_equal(run(true, take_back_job, &tb), 0);
    assert_string_equal(tb.key, k3);
    assert_int_equal(run(true, take_back_job, &tb), OC_ENOENT);
    int64_t a4 = upload(w.ada, "4", 400, NULL);
    claim_job_t used = {w.ada, w.other_message, {a4}, 1};
    assert_int_equal(run(true, claim_job, &used), 0);
    keys_job_t tb2 = {.user = w.ada, .id = a4};
    assert_int_equal(run(true, take_back_job, &tb2), OC_ENOENT);

    /* Expiry: pending uploads older than the cut, oldest first, a batch at a time; claimed
     * ones and newer ones stay. First the leftovers of the test before (created at 1-3). */
    keys_job_t drain = {.before = 1000, .max = 100};
    assert_int_equal(run(true, expire_job, &drain), 0);
    assert_int_equal(drain.n, 1);
    oc_attachment_keys_free(drain.keys, drain.n);
    char ka[OC_STORAGE_KEY_MAX + 1], kb[OC_STORAGE_KEY_MAX + 1], kc[OC_STORAGE_KEY_MAX + 1];
    int64_t old_b = upload(w.bob, "b", 1001, kb);
    int64_t old_a = upload(w.ada, "a", 1000, ka);
    int64_t fresh = upload(w.ada, "c", 5000, kc);
    keys_job_t ex = {.before = 4000, .max = 1};
    assert_int_equal(run(true, expire_job, &ex), 0);
    assert_int_equal(ex.n, 1);
    assert_string_equal(ex.keys[0], ka);
    oc_attachment_keys_free(ex.keys, ex.n);
    assert_int_equal(may_load(w.ada, old_a), OC_ENOENT);
    assert_int_equal(may_load(w.bob, old_b), 0);
    keys_job_t ex2 = {.before = 4000, .max = 10};
    assert_int_equal(run(true, expire_job, &ex2), 0);
    assert_int_equal(ex2.n, 1);
    assert_string_equal(ex2.keys[0], kb);
    oc_attachment_keys_free(ex2.keys, ex2.n);
    keys_job_t ex3 = {.before = 4000, .max = 10};
    assert_int_equal(run(true, expire_job, &ex3), 0);
    assert_int_equal(ex3.n, 0);
    assert_int_equal(may_load(w.ada, fresh), 0);
    assert_int_equal(may_load(w.ada, a4), 0); /* claimed long ago: never expires */
    (void)kc;
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    const struct CMUnitTest pure[] = {
        cmocka_unit_test(test_name_clean),
        cmocka_unit_test(test_name_clean_cuts_long_names),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_keys),
    };
    const struct CMUnitTest stored[] = {
        cmocka_unit_test(test_claim_and_fetch),
        cmocka_unit_test(test_remove_take_back_expire),
    };
    int failed = cmocka_run_group_tests_name("pure", pure, NULL, NULL);
    failed += cmocka_run_group_tests_name("stored", stored, setup_db, teardown_db);
    return failed;
}
