/* A real SQLite database in a temporary folder, with its writer and reader threads, for the
 * domain tests that run SQL: open and close it around a test group, and run() a function as
 * a database job while the test waits on the loop (asserts stay on the test's thread).
 * Included once per test program (everything is static). */
#ifndef OC_TEST_DB_FIXTURE_H
#define OC_TEST_DB_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "store/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define UNUSED __attribute__((unused))

static UNUSED char dir[] = "/tmp/oc-test-db-XXXXXX";
static UNUSED char path[256];
static UNUSED uv_loop_t loop;
static UNUSED oc_db_t *db;

typedef int (*job_fn)(oc_dbc_t *c, void *arg);

static UNUSED bool job_done;
static UNUSED int job_status;

static UNUSED void job_finished(int status, void *arg)
{
    (void)arg;
    job_status = status;
    job_done = true;
}

/* Runs fn as a write (or read) job and waits for it; returns its status. */
static UNUSED int run(bool write, job_fn fn, void *arg)
{
    job_done = false;
    int rc = write ? oc_db_write(db, fn, job_finished, arg) : oc_db_read(db, fn, job_finished, arg);
    assert_int_equal(rc, 0);
    while (!job_done)
        uv_run(&loop, UV_RUN_ONCE);
    return job_status;
}

/* Creates the folder and opens the database (migrations applied): 0, or -1 after saying why. */
static UNUSED int db_fixture_open(void)
{
    if (mkdtemp(dir) == NULL)
        return -1;
    snprintf(path, sizeof(path), "%s/openchat.db", dir);
    uv_loop_init(&loop);
    oc_db_config_t cfg = {.url = NULL, .path = path, .readers = 1};
    char err[512] = "";
    if (oc_db_open(&loop, &cfg, &db, err, sizeof(err)) != 0) {
        fprintf(stderr, "oc_db_open: %s\n", err);
        return -1;
    }
    return 0;
}

/* Closes the database and removes the folder. */
static UNUSED int db_fixture_close(void)
{
    oc_db_close(db);
    uv_run(&loop, UV_RUN_DEFAULT);
    uv_loop_close(&loop);
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    return system(cmd) == 0 ? 0 : -1;
}

#endif
