/* The SQLite backend: the embedded default, one database file in DATA_DIR in WAL mode so
 * readers never block the writer. The writer commits with synchronous=FULL: a job's callback
 * (and so any acknowledgement to a client) comes after the commit reached the disk. */
#include "store/backend.h"

#include "core/alloc.h"
#include "core/errors.h"
#include "core/log.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXEC_CACHE     8   /* exec strings kept prepared per connection */
#define EXEC_MAX_STMTS 4   /* statements in one of them */
#define EXEC_MAX_LEN   512 /* longer strings (migrations) run through sqlite3_exec */

/* A short exec string kept prepared: the writer runs the same few transaction-control strings
 * around every job, and parsing them each time was a tenth of its work. */
typedef struct exec_entry {
    char *sql;
    sqlite3_stmt *stmts[EXEC_MAX_STMTS];
    int count;
} exec_entry_t;

typedef struct lite_conn {
    oc_dbc_t base;
    sqlite3 *db;
    exec_entry_t execs[EXEC_CACHE];
    int num_execs;
} lite_conn_t;

typedef struct lite_stmt {
    oc_stmt_t base;
    sqlite3_stmt *st;
    int64_t changes;
} lite_stmt_t;

static int map_error(int code)
{
    switch (code & 0xff) {
    case SQLITE_CONSTRAINT:
        if (code == SQLITE_CONSTRAINT_FOREIGNKEY)
            return OC_ENOENT;
        if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY)
            return OC_EEXIST;
        return OC_EINVAL;
    default: return OC_EIO;
    }
}

/* Prepares every statement of sql into e; false (nothing kept) when one does not prepare
 * yet (it names a table an earlier one creates) or there are too many. */
static bool exec_prepare(sqlite3 *db, const char *sql, exec_entry_t *e)
{
    e->count = 0;
    const char *tail = sql;
    while (*tail) {
        sqlite3_stmt *st = NULL;
        if (e->count == EXEC_MAX_STMTS ||
            sqlite3_prepare_v3(db, tail, -1, SQLITE_PREPARE_PERSISTENT, &st, &tail) != SQLITE_OK) {
            sqlite3_finalize(st);
            for (int i = 0; i < e->count; i++)
                sqlite3_finalize(e->stmts[i]);
            e->count = 0;
            return false;
        }
        if (st != NULL) /* NULL: only a comment or white space was left */
            e->stmts[e->count++] = st;
    }
    e->sql = oc_xstrdup(sql);
    return true;
}

static exec_entry_t *exec_lookup(lite_conn_t *lc, const char *sql)
{
    for (int i = 0; i < lc->num_execs; i++)
        if (strcmp(lc->execs[i].sql, sql) == 0)
            return &lc->execs[i];
    if (lc->num_execs == EXEC_CACHE || strlen(sql) > EXEC_MAX_LEN)
        return NULL;
    exec_entry_t *e = &lc->execs[lc->num_execs];
    if (!exec_prepare(lc->db, sql, e))
        return NULL;
    lc->num_execs++;
    return e;
}

static int lite_exec(oc_dbc_t *c, const char *sql)
{
    lite_conn_t *lc = (lite_conn_t *)c;
    exec_entry_t *e = exec_lookup(lc, sql);
    if (e == NULL) {
        int rc = sqlite3_exec(lc->db, sql, NULL, NULL, NULL);
        return rc == SQLITE_OK ? 0 : map_error(sqlite3_extended_errcode(lc->db));
    }
    /* As sqlite3_exec: in order, stopping at the first failure. */
    for (int i = 0; i < e->count; i++) {
        int rc;
        while ((rc = sqlite3_step(e->stmts[i])) == SQLITE_ROW)
            ;
        sqlite3_reset(e->stmts[i]);
        if (rc != SQLITE_DONE)
            return map_error(sqlite3_extended_errcode(lc->db));
    }
    return 0;
}

static int lite_connect(const oc_db_config_t *cfg, bool writer, oc_dbc_t **out, char *err,
                        size_t err_len)
{
    lite_conn_t *lc = oc_xcalloc(1, sizeof(*lc));
    lc->base.be = &oc_db_sqlite;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(cfg->path, &lc->db, flags, NULL);
    if (rc != SQLITE_OK) {
        snprintf(err, err_len, "cannot open the SQLite database %s: %s", cfg->path,
                 lc->db ? sqlite3_errmsg(lc->db) : sqlite3_errstr(rc));
        sqlite3_close(lc->db);
        free(lc);
        return OC_EIO;
    }
    sqlite3_extended_result_codes(lc->db, 1);
    sqlite3_busy_timeout(lc->db, 10000);
    /* WAL lets readers run beside the writer; FULL makes each commit durable before its
     * callbacks run. Foreign keys are off by default in SQLite. */
    const char *setup = writer ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                                 "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;"
                               : "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;"
                                 "PRAGMA query_only=ON;";
    if (sqlite3_exec(lc->db, setup, NULL, NULL, NULL) != SQLITE_OK) {
        snprintf(err, err_len, "cannot set up the SQLite database %s: %s", cfg->path,
                 sqlite3_errmsg(lc->db));
        sqlite3_close(lc->db);
        free(lc);
        return OC_EIO;
    }
    *out = &lc->base;
    return 0;
}

static void lite_disconnect(oc_dbc_t *c)
{
    lite_conn_t *lc = (lite_conn_t *)c;
    for (int i = 0; i < lc->num_execs; i++) {
        for (int k = 0; k < lc->execs[i].count; k++)
            sqlite3_finalize(lc->execs[i].stmts[k]);
        free(lc->execs[i].sql);
    }
    sqlite3_close(lc->db);
    free(lc);
}

/* With OPENCHAT_EXPLAIN set, every statement's plan is checked once when it is prepared and
 * any full table or index scan is logged: the test suites run with it to keep every list and
 * history query an index search. */
static void explain(sqlite3 *db, const char *sql)
{
    static int enabled = -1;
    if (enabled < 0)
        enabled = getenv("OPENCHAT_EXPLAIN") != NULL;
    if (!enabled || strncmp(sql, "SELECT", 6) != 0)
        return;
    char *q = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", sql);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, q, -1, &st, NULL) == SQLITE_OK) {
        while (sqlite3_step(st) == SQLITE_ROW) {
            const char *detail = (const char *)sqlite3_column_text(st, 3);
            /* A virtual table's "scan" is its own index (FTS5 MATCH): not a table scan. */
            if (detail != NULL && strncmp(detail, "SCAN ", 5) == 0 &&
                strstr(detail, "CONSTANT ROW") == NULL &&
                strstr(detail, "VIRTUAL TABLE INDEX") == NULL)
                oc_log_warn("db", "query plan scans (%s): %s", detail, sql);
        }
        sqlite3_finalize(st);
    }
    sqlite3_free(q);
}

static oc_stmt_t *lite_prepare(oc_dbc_t *c, const char *sql)
{
    lite_conn_t *lc = (lite_conn_t *)c;
    sqlite3_stmt *st;
    explain(lc->db, sql);
    if (sqlite3_prepare_v3(lc->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK)
        return NULL;
    lite_stmt_t *ls = oc_xcalloc(1, sizeof(*ls));
    ls->st = st;
    return &ls->base;
}

static void lite_finalize(oc_stmt_t *st)
{
    lite_stmt_t *ls = (lite_stmt_t *)st;
    sqlite3_finalize(ls->st);
    free(ls);
}

static void lite_bind_null(oc_stmt_t *st, int i)
{
    sqlite3_bind_null(((lite_stmt_t *)st)->st, i);
}

static void lite_bind_i64(oc_stmt_t *st, int i, int64_t v)
{
    sqlite3_bind_int64(((lite_stmt_t *)st)->st, i, v);
}

static void lite_bind_text(oc_stmt_t *st, int i, const char *s, size_t len)
{
    sqlite3_bind_text64(((lite_stmt_t *)st)->st, i, s, len, SQLITE_TRANSIENT, SQLITE_UTF8);
}

static int lite_step(oc_stmt_t *st)
{
    lite_stmt_t *ls = (lite_stmt_t *)st;
    int rc = sqlite3_step(ls->st);
    if (rc == SQLITE_ROW)
        return OC_DB_ROW;
    if (rc == SQLITE_DONE) {
        ls->changes = sqlite3_changes64(sqlite3_db_handle(ls->st));
        return OC_DB_DONE;
    }
    return map_error(sqlite3_extended_errcode(sqlite3_db_handle(ls->st)));
}

static bool lite_is_null(oc_stmt_t *st, int col)
{
    return sqlite3_column_type(((lite_stmt_t *)st)->st, col) == SQLITE_NULL;
}

static int64_t lite_col_i64(oc_stmt_t *st, int col)
{
    return sqlite3_column_int64(((lite_stmt_t *)st)->st, col);
}

static const char *lite_col_text(oc_stmt_t *st, int col, size_t *len)
{
    sqlite3_stmt *s = ((lite_stmt_t *)st)->st;
    const char *t = (const char *)sqlite3_column_text(s, col);
    if (len)
        *len = t ? (size_t)sqlite3_column_bytes(s, col) : 0;
    return t;
}

static int64_t lite_changes(oc_stmt_t *st)
{
    return ((lite_stmt_t *)st)->changes;
}

static void lite_reset(oc_stmt_t *st)
{
    sqlite3_stmt *s = ((lite_stmt_t *)st)->st;
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
}

static const char *lite_error(const oc_dbc_t *c)
{
    return sqlite3_errmsg(((const lite_conn_t *)c)->db);
}

const oc_db_backend_t oc_db_sqlite = {
    .name = "SQLite",
    .kind = OC_DB_SQLITE,
    .connect = lite_connect,
    .disconnect = lite_disconnect,
    .exec = lite_exec,
    .prepare = lite_prepare,
    .finalize = lite_finalize,
    .bind_null = lite_bind_null,
    .bind_i64 = lite_bind_i64,
    .bind_text = lite_bind_text,
    .step = lite_step,
    .is_null = lite_is_null,
    .col_i64 = lite_col_i64,
    .col_text = lite_col_text,
    .changes = lite_changes,
    .reset = lite_reset,
    .error = lite_error,
    .begin_write = "BEGIN IMMEDIATE",
    /* Search indexing, once per commit (migration 0004_search_per_commit). */
    .before_commit = "INSERT INTO messages_fts(rowid, content) SELECT m.id, m.content "
                     "FROM messages_fts_pending p JOIN messages m ON m.id = p.id; "
                     "DELETE FROM messages_fts_pending",
};
