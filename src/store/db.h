/* The storage interface: a pool of database connections behind one API for two backends.
 *
 * The event loop never touches the database. Domain code hands a job (a function that runs
 * on a database thread with a connection, and a callback that runs back on the loop) to one
 * of two queues:
 *
 *   oc_db_read  ──► reader threads (one connection each, any order)
 *   oc_db_write ──► one writer thread: the jobs waiting when it is free run in ONE
 *                   transaction, each inside its own savepoint (group commit), and every
 *                   job's callback runs only after that transaction committed.
 *
 * Inside a job, statements are prepared once per connection (cached by the SQL string's
 * address) with '?' placeholders, bound, stepped and reset. The SQL is written in the
 * subset SQLite and PostgreSQL share (BIGINT ids, integer booleans and millisecond times,
 * ON CONFLICT, RETURNING); a backend (backend.h) adapts placeholders and error codes. */
#ifndef OC_STORE_DB_H
#define OC_STORE_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

typedef struct oc_db oc_db_t;
typedef struct oc_dbc oc_dbc_t;
typedef struct oc_stmt oc_stmt_t;

/* oc_stmt_step results besides negative errors. */
#define OC_DB_DONE 0
#define OC_DB_ROW  1

/* Errors a statement may return (besides the generic OC_EIO). */
#define OC_EIO UV_EIO /* any other database failure; see oc_dbc_error */
/* A unique or primary key constraint refused the row: OC_EEXIST (core/errors.h).
 * A foreign key constraint refused it: OC_ENOENT. */

typedef enum oc_db_kind { OC_DB_SQLITE, OC_DB_POSTGRES } oc_db_kind_t;

/* Runs on a database thread with a connection; returns 0 or a negative error (for a write
 * job, an error rolls back just this job's changes). arg is the caller's. */
typedef int (*oc_db_work_fn)(oc_dbc_t *c, void *arg);
/* Runs on the loop thread afterwards with the job's status (for a write job: its own
 * status, or the commit's failure). */
typedef void (*oc_db_done_fn)(int status, void *arg);
/* Runs n write jobs that wait next to each other in the queue at once, in one savepoint:
 * args are their args in queue order; statuses[i] gets what job i's work would return, and a
 * negative status must mean that job wrote nothing (a refusal). Returns 0, or a negative
 * value to have the writer roll the group back and run each job's work on its own instead
 * (so work must not depend on what merge may have left in arg). */
typedef int (*oc_db_merge_fn)(oc_dbc_t *c, void **args, int *statuses, size_t n);
#define OC_DB_MERGE_MAX 64 /* n of one merge call at most */

typedef struct oc_db_config {
    const char *url;    /* postgres:// or postgresql:// URL, or NULL for SQLite */
    const char *path;   /* SQLite file (used when url is NULL) */
    unsigned readers;   /* reader threads (and connections) */
    unsigned max_batch; /* write jobs per transaction at most */
} oc_db_config_t;

/* Opens the connections, applies pending migrations (blocking: call before the loop
 * runs) and starts the threads. On failure returns a negative error and writes a message
 * for the operator into err. */
int oc_db_open(uv_loop_t *loop, const oc_db_config_t *cfg, oc_db_t **out, char *err,
               size_t err_len);
/* Finishes every queued job (callbacks included), stops the threads and frees. The loop
 * must still be able to run the async handle's close. NULL-safe. */
void oc_db_close(oc_db_t *db);
oc_db_kind_t oc_db_kind(const oc_db_t *db);

/* Queues a job; arg is borrowed until done runs. Returns 0 or OC_ECANCELED (closing). */
int oc_db_read(oc_db_t *db, oc_db_work_fn work, oc_db_done_fn done, void *arg);
int oc_db_write(oc_db_t *db, oc_db_work_fn work, oc_db_done_fn done, void *arg);
/* A write job that may be merged with its neighbours queued with the same merge function
 * (one statement for many, where each statement is a round trip); work is its way alone. */
int oc_db_write_merged(oc_db_t *db, oc_db_work_fn work, oc_db_merge_fn merge, oc_db_done_fn done,
                       void *arg);

/* ---- inside a job (database threads only) --------------------------------------------- */

oc_db_kind_t oc_dbc_kind(const oc_dbc_t *c);
/* The last error's text, for logs. */
const char *oc_dbc_error(const oc_dbc_t *c);
/* A statement for sql (static storage: the cache is keyed by its address), or NULL on error
 * (see oc_dbc_error). Reset it with oc_stmt_reset when done. */
oc_stmt_t *oc_dbc_prepare(oc_dbc_t *c, const char *sql);
/* Runs statements without parameters or results (DDL, transaction control). */
int oc_dbc_exec(oc_dbc_t *c, const char *sql);
/* Transaction control (sql: ';'-separated statements without parameters, results or quoted
 * ';') that may wait for the connection's next statement and travel with it, one round trip
 * for both (PostgreSQL; SQLite runs it at once). Returns 0, or an error when run at once;
 * a deferred statement that fails makes the next statement fail with its error. */
int oc_dbc_exec_deferred(oc_dbc_t *c, const char *sql);

/* Parameters are numbered from 1. Text is copied. */
void oc_stmt_bind_null(oc_stmt_t *st, int i);
void oc_stmt_bind_i64(oc_stmt_t *st, int i, int64_t v);
void oc_stmt_bind_text(oc_stmt_t *st, int i, const char *s, size_t len);
void oc_stmt_bind_str(oc_stmt_t *st, int i, const char *s); /* NULL binds NULL */
/* OC_DB_ROW, OC_DB_DONE, or a negative error. */
int oc_stmt_step(oc_stmt_t *st);
/* Columns are numbered from 0; valid until the next step or reset. */
bool oc_stmt_null(oc_stmt_t *st, int col);
int64_t oc_stmt_i64(oc_stmt_t *st, int col);
const char *oc_stmt_text(oc_stmt_t *st, int col, size_t *len); /* NULL for NULL */
/* Copies a text column into dst as a C string, truncated to cap - 1 bytes; NULL gives "". */
void oc_stmt_copy_text(oc_stmt_t *st, int col, char *dst, size_t cap);
/* Rows changed by the last INSERT/UPDATE/DELETE stepped to completion. */
int64_t oc_stmt_changes(oc_stmt_t *st);
void oc_stmt_reset(oc_stmt_t *st);

/* Runs a statement that returns no rows (or whose rows are ignored) with the given
 * parameters and resets it: fmt has one letter per parameter, 'i' int64_t, 's' const char *
 * (NULL binds NULL), 'n' NULL. Returns OC_DB_DONE (0) or a negative error; *changes (if
 * not NULL) gets the rows changed. */
int oc_dbc_run(oc_dbc_t *c, const char *sql, int64_t *changes, const char *fmt, ...);

#endif
