/* Tests for src/store: migrations, read and write jobs, group commit with per-job
 * savepoints, error mapping and the newer-schema refusal. Runs against SQLite in a temporary
 * folder, and against PostgreSQL too when OC_TEST_DATABASE_URL names a server (make test
 * starts one). */
#include "core/errors.h"
#include "core/id.h"
#include "store/db.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

static char dir[] = "/tmp/oc-test-db-XXXXXX";
static char path[256];
static uv_loop_t loop;
static int pending;

static const char SQL_INSERT_USER[] =
    "INSERT INTO users (id, username, email, display_name, created_at) VALUES (?, ?, ?, ?, ?)";
static const char SQL_COUNT_USERS[] = "SELECT COUNT(*) FROM users";
static const char SQL_GET_NAME[] = "SELECT display_name, bio, last_seen FROM users WHERE id = ?";
static const char SQL_INSERT_CRED[] =
    "INSERT INTO credentials (user_id, password_hash, updated_at) VALUES (?, 'x', 0)";
static const char SQL_VERSION[] = "SELECT MAX(version) FROM schema_migrations";
static const char SQL_RENAME[] = "UPDATE users SET display_name = ? WHERE id = ?";

typedef struct user_job {
    int64_t id;
    char name[32];
    int status;
    int64_t count;
    char got[64];
    bool got_null_last_seen;
    bool got_empty_bio;
    bool done;
} user_job_t;

static int insert_user(oc_dbc_t *c, void *arg)
{
    user_job_t *j = arg;
    char email[64];
    snprintf(email, sizeof(email), "%s@example.test", j->name);
    return oc_dbc_run(c, SQL_INSERT_USER, NULL, "isssi", j->id, j->name, email, j->name,
                      oc_now_ms());
}

static int insert_then_fail(oc_dbc_t *c, void *arg)
{
    /* This job inserts, then fails: its insert must be rolled back. (No cmocka asserts on
     * database threads: a failure would longjmp across threads.) */
    return insert_user(c, arg) == 0 ? OC_EINVAL : OC_EIO;
}

/* Merged write jobs: one call inserts the whole group, or inserts it and then fails, which
 * must undo those inserts and run each job's work alone (insert_user) instead. Written and
 * read on the writer thread, read by the test after the callbacks. */
static int merge_calls, merged_jobs;
static bool merge_fails;

static int insert_users(oc_dbc_t *c, void **args, int *statuses, size_t n)
{
    merge_calls++;
    for (size_t i = 0; i < n; i++) {
        statuses[i] = insert_user(c, args[i]);
        if (statuses[i] != 0)
            return statuses[i];
    }
    merged_jobs += (int)n;
    return merge_fails ? OC_EIO : 0;
}

static int count_users(oc_dbc_t *c, void *arg)
{
    user_job_t *j = arg;
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_COUNT_USERS);
    if (st == NULL || oc_stmt_step(st) != OC_DB_ROW)
        return OC_EIO;
    j->count = oc_stmt_i64(st, 0);
    oc_stmt_reset(st);
    return 0;
}

static int read_user(oc_dbc_t *c, void *arg)
{
    user_job_t *j = arg;
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_GET_NAME);
    oc_stmt_bind_i64(st, 1, j->id);
    int rc = oc_stmt_step(st);
    if (rc == OC_DB_ROW) {
        size_t len;
        const char *t = oc_stmt_text(st, 0, &len);
        snprintf(j->got, sizeof(j->got), "%.*s", (int)len, t);
        size_t bio_len = 99;
        const char *bio = oc_stmt_text(st, 1, &bio_len);
        j->got_empty_bio = bio != NULL && bio_len == 0; /* '' is not NULL */
        j->got_null_last_seen = oc_stmt_null(st, 2);
        rc = 0;
    } else if (rc == OC_DB_DONE) {
        rc = OC_ENOENT;
    }
    oc_stmt_reset(st);
    return rc;
}

static void job_done(int status, void *arg)
{
    user_job_t *j = arg;
    j->status = status;
    j->done = true;
    pending--;
}

static void run_until_done(void)
{
    while (pending > 0)
        uv_run(&loop, UV_RUN_ONCE);
}

static oc_db_t *open_db(const char *url)
{
    oc_db_config_t cfg = {.url = url, .path = path, .readers = 2};
    char err[512] = "";
    oc_db_t *db = NULL;
    int rc = oc_db_open(&loop, &cfg, &db, err, sizeof(err));
    if (rc != 0)
        fail_msg("oc_db_open: %s", err);
    return db;
}

static void close_db(oc_db_t *db)
{
    oc_db_close(db);
    uv_run(&loop, UV_RUN_DEFAULT);
}

static void exercise(const char *url)
{
    oc_db_t *db = open_db(url);

    /* Migrations ran: the latest version is recorded. */
    user_job_t v = {0};
    pending = 1;
    oc_db_read(db, count_users, job_done, &v);
    run_until_done();
    assert_int_equal(v.status, 0);
    assert_int_equal(v.count, 0);

    /* A burst of writes queued at once: one transaction, all committed; the failing job in
     * the middle leaves nothing behind and does not hurt the others, nor does the one whose
     * statement the database refuses (a taken name: on PostgreSQL that aborts the
     * transaction until the rollback to its savepoint, which travels with the next job's
     * statement). */
    enum { N = 60 };
    user_job_t jobs[N];
    memset(jobs, 0, sizeof(jobs));
    pending = N;
    for (int i = 0; i < N; i++) {
        jobs[i].id = oc_id_next();
        snprintf(jobs[i].name, sizeof(jobs[i].name), "user%d", i == 40 ? 1 : i);
        oc_db_write(db, i == 30 ? insert_then_fail : insert_user, job_done, &jobs[i]);
    }
    run_until_done();
    for (int i = 0; i < N; i++)
        assert_int_equal(jobs[i].status, i == 30 ? OC_EINVAL : i == 40 ? OC_EEXIST : 0);
    user_job_t count = {0};
    pending = 1;
    oc_db_read(db, count_users, job_done, &count);
    run_until_done();
    assert_int_equal(count.count, N - 2);

    /* Merged jobs: queued together they run as one call; when that call fails after
     * writing, its writes are undone and each job runs alone (no name is taken twice). */
    for (int round = 0; round < 2; round++) {
        enum { M = 12 };
        user_job_t mj[M];
        memset(mj, 0, sizeof(mj));
        merge_calls = merged_jobs = 0;
        merge_fails = round == 1;
        pending = M;
        for (int i = 0; i < M; i++) {
            mj[i].id = oc_id_next();
            snprintf(mj[i].name, sizeof(mj[i].name), "merged%d_%d", round, i);
            oc_db_write_merged(db, insert_user, insert_users, job_done, &mj[i]);
        }
        run_until_done();
        for (int i = 0; i < M; i++)
            assert_int_equal(mj[i].status, 0);
        assert_true(merge_calls >= 1);
        if (round == 0)
            assert_true(merged_jobs >= 2);
        user_job_t total = {0};
        pending = 1;
        oc_db_read(db, count_users, job_done, &total);
        run_until_done();
        assert_int_equal(total.count, N - 2 + (round + 1) * M);
    }

    /* Unique and foreign-key violations map to OC_EEXIST and OC_ENOENT. */
    user_job_t dup = {.id = oc_id_next()};
    strcpy(dup.name, "user1");
    pending = 1;
    oc_db_write(db, insert_user, job_done, &dup);
    run_until_done();
    assert_int_equal(dup.status, OC_EEXIST);

    /* Read back text, the empty string and NULL. */
    user_job_t r = {.id = jobs[5].id};
    pending = 1;
    oc_db_read(db, read_user, job_done, &r);
    run_until_done();
    assert_int_equal(r.status, 0);
    assert_string_equal(r.got, "user5");
    assert_true(r.got_null_last_seen);
    assert_true(r.got_empty_bio);
    user_job_t missing = {.id = 42};
    pending = 1;
    oc_db_read(db, read_user, job_done, &missing);
    run_until_done();
    assert_int_equal(missing.status, OC_ENOENT);
    close_db(db);
}

static int fk_violation(oc_dbc_t *c, void *arg)
{
    (void)arg;
    return oc_dbc_run(c, SQL_INSERT_CRED, NULL, "i", (int64_t)123456789);
}

static int rename_user(oc_dbc_t *c, void *arg)
{
    user_job_t *j = arg;
    int64_t changes = -1;
    int rc = oc_dbc_run(c, SQL_RENAME, &changes, "si", "renamed", j->id);
    j->count = changes;
    return rc;
}

static int read_version(oc_dbc_t *c, void *arg)
{
    user_job_t *j = arg;
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_VERSION);
    int rc = oc_stmt_step(st);
    j->count = rc == OC_DB_ROW ? oc_stmt_i64(st, 0) : -1;
    oc_stmt_reset(st);
    return 0;
}

static void more_checks(const char *url)
{
    oc_db_t *db = open_db(url);
    user_job_t fk = {0};
    pending = 1;
    oc_db_write(db, fk_violation, job_done, &fk);
    run_until_done();
    assert_int_equal(fk.status, OC_ENOENT);

    user_job_t u = {.id = oc_id_next()};
    strcpy(u.name, "renameme");
    pending = 1;
    oc_db_write(db, insert_user, job_done, &u);
    run_until_done();
    pending = 1;
    oc_db_write(db, rename_user, job_done, &u);
    run_until_done();
    assert_int_equal(u.status, 0);
    assert_int_equal(u.count, 1);

    user_job_t ver = {0};
    pending = 1;
    oc_db_read(db, read_version, job_done, &ver);
    run_until_done();
    assert_true(ver.count >= 1);
    close_db(db);
}

static void test_sqlite(void **state)
{
    (void)state;
    snprintf(path, sizeof(path), "%s/a.db", dir);
    exercise(NULL);
    snprintf(path, sizeof(path), "%s/b.db", dir);
    more_checks(NULL);
}

static int bump_version(oc_dbc_t *c, void *arg)
{
    (void)arg;
    return oc_dbc_run(c,
                      "INSERT INTO schema_migrations (version, name, applied_at) "
                      "VALUES (9999, 'future', 0)",
                      NULL, "");
}

static void test_sqlite_newer_schema_refused(void **state)
{
    (void)state;
    snprintf(path, sizeof(path), "%s/c.db", dir);
    oc_db_t *db = open_db(NULL);
    user_job_t j = {0};
    pending = 1;
    oc_db_write(db, bump_version, job_done, &j);
    run_until_done();
    assert_int_equal(j.status, 0);
    close_db(db);
    oc_db_config_t cfg = {.path = path, .readers = 1};
    char err[512] = "";
    assert_int_equal(oc_db_open(&loop, &cfg, &db, err, sizeof(err)), OC_ENOTSUP);
    assert_non_null(strstr(err, "version 9999"));
}

static void test_postgres(void **state)
{
    (void)state;
    const char *url = getenv("OC_TEST_DATABASE_URL");
    if (url == NULL || *url == '\0') {
        skip();
        return;
    }
    exercise(url);
    more_checks(url);
}

static int setup(void **state)
{
    (void)state;
    assert_non_null(mkdtemp(dir));
    uv_loop_init(&loop);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    uv_loop_close(&loop);
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sqlite),
        cmocka_unit_test(test_sqlite_newer_schema_refused),
        cmocka_unit_test(test_postgres),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
