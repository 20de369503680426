/* Connection pool, group-committing writer and loop-side completion: see db.h.
 *
 *   loop ──oc_db_read──►  read queue  ──► reader threads ─┐
 *   loop ──oc_db_write─►  write queue ──► writer thread  ─┼─► done queue ──uv_async──► loop
 *                                        (BEGIN; per job: SAVEPOINT, work, RELEASE or
 *                                         ROLLBACK TO; COMMIT; the statements between two
 *                                         jobs sent as one)
 *
 * Queues are singly linked lists under one mutex; the loop is woken with one uv_async_t
 * and runs all finished callbacks in the order they finished. */
#define _GNU_SOURCE /* pthread_setname_np */
#include "store/backend.h"

#include "core/alloc.h"
#include "core/errors.h"
#include "core/log.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct job {
    struct job *next;
    oc_db_work_fn work;
    oc_db_merge_fn merge; /* NULL: never merged */
    oc_db_done_fn done;
    void *arg;
    int status;
} job_t;

typedef struct job_queue {
    job_t *head, *tail;
} job_queue_t;

struct oc_db {
    uv_loop_t *loop;
    uv_async_t async;
    const oc_db_backend_t *be;
    oc_db_config_t cfg;
    char *url, *path;
    uv_mutex_t mu;
    uv_cond_t read_cv, write_cv;
    job_queue_t reads, writes, done;
    bool stopping;
    size_t outstanding; /* jobs queued by the loop and not yet called back (loop thread) */
    unsigned nreaders;
    uv_thread_t *reader_threads;
    oc_dbc_t **reader_conns;
    uv_thread_t writer_thread;
    oc_dbc_t *writer_conn;
};

static void push(job_queue_t *q, job_t *j)
{
    j->next = NULL;
    if (q->tail)
        q->tail->next = j;
    else
        q->head = j;
    q->tail = j;
}

static job_t *pop(job_queue_t *q)
{
    job_t *j = q->head;
    if (j) {
        q->head = j->next;
        if (q->head == NULL)
            q->tail = NULL;
    }
    return j;
}

/* ---- statements ------------------------------------------------------------------------ */

oc_db_kind_t oc_dbc_kind(const oc_dbc_t *c)
{
    return c->be->kind;
}

const char *oc_dbc_error(const oc_dbc_t *c)
{
    return c->be->error(c);
}

int oc_dbc_exec(oc_dbc_t *c, const char *sql)
{
    return c->be->exec(c, sql);
}

int oc_dbc_exec_deferred(oc_dbc_t *c, const char *sql)
{
    return c->be->exec_deferred ? c->be->exec_deferred(c, sql) : c->be->exec(c, sql);
}

oc_stmt_t *oc_dbc_prepare(oc_dbc_t *c, const char *sql)
{
    oc_stmt_t *st = oc_map_get(&c->stmts, (const char *)&sql, sizeof(sql));
    if (st != NULL)
        return st;
    st = c->be->prepare(c, sql);
    if (st == NULL) {
        oc_log_error("db", "cannot prepare: %s (%s)", oc_dbc_error(c), sql);
        return NULL;
    }
    st->conn = c;
    st->sql = sql;
    oc_map_put(&c->stmts, (const char *)&st->sql, sizeof(st->sql), st);
    return st;
}

void oc_stmt_bind_null(oc_stmt_t *st, int i)
{
    st->conn->be->bind_null(st, i);
}

void oc_stmt_bind_i64(oc_stmt_t *st, int i, int64_t v)
{
    st->conn->be->bind_i64(st, i, v);
}

void oc_stmt_bind_text(oc_stmt_t *st, int i, const char *s, size_t len)
{
    st->conn->be->bind_text(st, i, s, len);
}

void oc_stmt_bind_str(oc_stmt_t *st, int i, const char *s)
{
    if (s == NULL)
        oc_stmt_bind_null(st, i);
    else
        oc_stmt_bind_text(st, i, s, strlen(s));
}

int oc_stmt_step(oc_stmt_t *st)
{
    return st->conn->be->step(st);
}

bool oc_stmt_null(oc_stmt_t *st, int col)
{
    return st->conn->be->is_null(st, col);
}

int64_t oc_stmt_i64(oc_stmt_t *st, int col)
{
    return st->conn->be->col_i64(st, col);
}

const char *oc_stmt_text(oc_stmt_t *st, int col, size_t *len)
{
    return st->conn->be->col_text(st, col, len);
}

void oc_stmt_copy_text(oc_stmt_t *st, int col, char *dst, size_t cap)
{
    size_t len;
    const char *t = oc_stmt_text(st, col, &len);
    if (t == NULL)
        len = 0;
    if (len >= cap)
        len = cap - 1;
    if (len)
        memcpy(dst, t, len);
    dst[len] = '\0';
}

int64_t oc_stmt_changes(oc_stmt_t *st)
{
    return st->conn->be->changes(st);
}

void oc_stmt_reset(oc_stmt_t *st)
{
    st->conn->be->reset(st);
}

int oc_dbc_run(oc_dbc_t *c, const char *sql, int64_t *changes, const char *fmt, ...)
{
    oc_stmt_t *st = oc_dbc_prepare(c, sql);
    if (st == NULL)
        return OC_EIO;
    va_list ap;
    va_start(ap, fmt);
    for (int i = 0; fmt[i]; i++) {
        switch (fmt[i]) {
        case 'i': oc_stmt_bind_i64(st, i + 1, va_arg(ap, int64_t)); break;
        case 's': oc_stmt_bind_str(st, i + 1, va_arg(ap, const char *)); break;
        default: oc_stmt_bind_null(st, i + 1); break;
        }
    }
    va_end(ap);
    int rc;
    while ((rc = oc_stmt_step(st)) == OC_DB_ROW)
        ;
    if (changes != NULL)
        *changes = rc == OC_DB_DONE ? oc_stmt_changes(st) : 0;
    oc_stmt_reset(st);
    return rc;
}

static void conn_close(oc_dbc_t *c)
{
    if (c == NULL)
        return;
    const oc_map_entry_t *e;
    for (uint32_t it = 0; oc_map_next(&c->stmts, &it, &e);)
        c->be->finalize(e->value);
    oc_map_free(&c->stmts);
    c->be->disconnect(c);
}

/* ---- threads --------------------------------------------------------------------------- */

static void finish(oc_db_t *db, job_t *first)
{
    uv_mutex_lock(&db->mu);
    for (job_t *j = first, *next; j != NULL; j = next) {
        next = j->next;
        push(&db->done, j);
    }
    uv_mutex_unlock(&db->mu);
    uv_async_send(&db->async);
}

typedef struct reader_start {
    oc_db_t *db;
    oc_dbc_t *conn;
} reader_start_t;

static void reader_main(void *arg)
{
    reader_start_t *start = arg;
    pthread_setname_np(pthread_self(), "oc-db-read"); /* for top -H, perf */
    oc_db_t *db = start->db;
    oc_dbc_t *c = start->conn;
    free(start);
    for (;;) {
        uv_mutex_lock(&db->mu);
        while (db->reads.head == NULL && !db->stopping)
            uv_cond_wait(&db->read_cv, &db->mu);
        job_t *j = pop(&db->reads);
        uv_mutex_unlock(&db->mu);
        if (j == NULL)
            return; /* stopping and drained */
        j->status = j->work(c, j->arg);
        j->next = NULL;
        finish(db, j);
    }
}

/* One transaction for a batch of write jobs, each in a savepoint so one failing job does
 * not undo the others. Returns the commit's status.
 *
 * The transaction-control statements between two jobs go out as one string: with a
 * client/server backend each exec is a round trip, and a message send is only a handful of
 * statements, so BEGIN+SAVEPOINT, RELEASE+SAVEPOINT and the final COMMIT (which releases the
 * last savepoint itself) save two or three of them per job. They are deferred: PostgreSQL
 * sends them in one pipeline with the job's first statement, so a one-statement job is one
 * round trip. A failure of a deferred statement shows up as that statement's. */
/* Runs the jobs from j on that share j's merge function (at most OC_DB_MERGE_MAX) with one merge
 * call. Returns how many it ran, or 0 when there are fewer than two or merge asked for them
 * to run one by one (it then wrote nothing that the caller has not rolled back). */
static size_t run_merged(oc_dbc_t *c, job_t *j)
{
    void *args[OC_DB_MERGE_MAX];
    int statuses[OC_DB_MERGE_MAX];
    size_t n = 0;
    for (job_t *k = j; k != NULL && n < OC_DB_MERGE_MAX && k->merge == j->merge; k = k->next)
        args[n++] = k->arg;
    if (n < 2)
        return 0;
    if (j->merge(c, args, statuses, n) != 0) {
        if (oc_dbc_exec_deferred(c, "ROLLBACK TO SAVEPOINT job") != 0)
            oc_log_error("db", "rollback to savepoint failed: %s", oc_dbc_error(c));
        return 0;
    }
    job_t *k = j;
    for (size_t i = 0; i < n; i++, k = k->next)
        k->status = statuses[i];
    oc_log_debug("db", "%zu write jobs ran as one", n);
    return n;
}

static int run_batch(oc_db_t *db, job_t *batch)
{
    oc_dbc_t *c = db->writer_conn;
    char open[64];
    snprintf(open, sizeof(open), "%s; SAVEPOINT job", db->be->begin_write);
    const char *next = open;
    bool in_tx = false;
    for (job_t *j = batch; j != NULL; j = j->next) {
        if (oc_dbc_exec_deferred(c, next) != 0) {
            if (!in_tx) {
                oc_log_error("db", "cannot begin a transaction: %s", oc_dbc_error(c));
                oc_dbc_exec(c, "ROLLBACK");
                return OC_EIO;
            }
            /* The savepoint could not be set: this job does not run; the next one retries. */
            j->status = OC_EIO;
            next = "SAVEPOINT job";
            continue;
        }
        in_tx = true;
        size_t merged = j->merge ? run_merged(c, j) : 0;
        if (merged > 0) {
            /* A merged job that failed wrote nothing (oc_db_merge_fn). */
            while (--merged > 0)
                j = j->next;
            next = "RELEASE SAVEPOINT job; SAVEPOINT job";
            continue;
        }
        j->status = j->work(c, j->arg);
        next = j->status < 0 ? "ROLLBACK TO SAVEPOINT job; RELEASE SAVEPOINT job; SAVEPOINT job"
                             : "RELEASE SAVEPOINT job; SAVEPOINT job";
        if (j->next == NULL && j->status < 0 && oc_dbc_exec(c, "ROLLBACK TO SAVEPOINT job") != 0)
            oc_log_error("db", "rollback to savepoint failed: %s", oc_dbc_error(c));
    }
    if (!in_tx)
        return OC_EIO;
    int rc = db->be->before_commit ? oc_dbc_exec(c, db->be->before_commit) : 0;
    if (rc != 0) {
        oc_log_error("db", "the work before commit failed: %s", oc_dbc_error(c));
        oc_dbc_exec(c, "ROLLBACK");
        return rc;
    }
    rc = oc_dbc_exec(c, "COMMIT");
    if (rc != 0) {
        oc_log_error("db", "commit failed: %s", oc_dbc_error(c));
        oc_dbc_exec(c, "ROLLBACK");
    }
    return rc;
}

static void writer_main(void *arg)
{
    oc_db_t *db = arg;
    pthread_setname_np(pthread_self(), "oc-db-write");
    for (;;) {
        uv_mutex_lock(&db->mu);
        while (db->writes.head == NULL && !db->stopping)
            uv_cond_wait(&db->write_cv, &db->mu);
        /* Everything that queued up while the last commit ran goes into this one. */
        job_t *batch = NULL, **tail = &batch;
        unsigned n = 0;
        job_t *j;
        while (n < db->cfg.max_batch && (j = pop(&db->writes)) != NULL) {
            *tail = j;
            tail = &j->next;
            j->next = NULL;
            n++;
        }
        uv_mutex_unlock(&db->mu);
        if (batch == NULL)
            return;
        int rc = run_batch(db, batch);
        if (rc != 0) {
            for (j = batch; j != NULL; j = j->next)
                if (j->status >= 0)
                    j->status = rc;
        }
        finish(db, batch);
    }
}

static void on_async(uv_async_t *a)
{
    oc_db_t *db = a->data;
    uv_mutex_lock(&db->mu);
    job_t *j = db->done.head;
    db->done.head = db->done.tail = NULL;
    uv_mutex_unlock(&db->mu);
    while (j != NULL) {
        job_t *next = j->next;
        if (j->done)
            j->done(j->status, j->arg);
        free(j);
        j = next;
        /* Outstanding jobs keep the loop alive; an idle pool must not. */
        if (--db->outstanding == 0)
            uv_unref((uv_handle_t *)&db->async);
    }
}

static int enqueue(oc_db_t *db, bool write, oc_db_work_fn work, oc_db_merge_fn merge,
                   oc_db_done_fn done, void *arg)
{
    job_t *j = oc_xcalloc(1, sizeof(*j));
    j->work = work;
    j->merge = merge;
    j->done = done;
    j->arg = arg;
    uv_mutex_lock(&db->mu);
    if (db->stopping) {
        uv_mutex_unlock(&db->mu);
        free(j);
        return OC_ECANCELED;
    }
    push(write ? &db->writes : &db->reads, j);
    uv_cond_signal(write ? &db->write_cv : &db->read_cv);
    uv_mutex_unlock(&db->mu);
    if (db->outstanding++ == 0)
        uv_ref((uv_handle_t *)&db->async);
    return 0;
}

int oc_db_read(oc_db_t *db, oc_db_work_fn work, oc_db_done_fn done, void *arg)
{
    return enqueue(db, false, work, NULL, done, arg);
}

int oc_db_write(oc_db_t *db, oc_db_work_fn work, oc_db_done_fn done, void *arg)
{
    return enqueue(db, true, work, NULL, done, arg);
}

int oc_db_write_merged(oc_db_t *db, oc_db_work_fn work, oc_db_merge_fn merge, oc_db_done_fn done,
                       void *arg)
{
    return enqueue(db, true, work, merge, done, arg);
}

oc_db_kind_t oc_db_kind(const oc_db_t *db)
{
    return db->be->kind;
}

/* ---- lifetime -------------------------------------------------------------------------- */

int oc_db_open(uv_loop_t *loop, const oc_db_config_t *cfg, oc_db_t **out, char *err, size_t err_len)
{
    oc_db_t *db = oc_xcalloc(1, sizeof(*db));
    db->loop = loop;
    db->cfg = *cfg;
    if (db->cfg.readers == 0)
        db->cfg.readers = 2;
    if (db->cfg.max_batch == 0)
        db->cfg.max_batch = 256;
    db->url = cfg->url ? oc_xstrdup(cfg->url) : NULL;
    db->path = cfg->path ? oc_xstrdup(cfg->path) : NULL;
    db->cfg.url = db->url;
    db->cfg.path = db->path;
    db->be = db->url ? &oc_db_postgres : &oc_db_sqlite;
    uv_mutex_init(&db->mu);
    uv_cond_init(&db->read_cv);
    uv_cond_init(&db->write_cv);

    int rc = db->be->connect(&db->cfg, true, &db->writer_conn, err, err_len);
    if (rc == 0)
        rc = oc__db_migrate(db->writer_conn, err, err_len);
    db->reader_conns = oc_xcalloc(db->cfg.readers, sizeof(oc_dbc_t *));
    for (unsigned i = 0; rc == 0 && i < db->cfg.readers; i++)
        rc = db->be->connect(&db->cfg, false, &db->reader_conns[i], err, err_len);
    if (rc != 0) {
        for (unsigned i = 0; i < db->cfg.readers; i++)
            conn_close(db->reader_conns[i]);
        conn_close(db->writer_conn);
        free(db->reader_conns);
        uv_cond_destroy(&db->read_cv);
        uv_cond_destroy(&db->write_cv);
        uv_mutex_destroy(&db->mu);
        free(db->url);
        free(db->path);
        free(db);
        return rc;
    }
    uv_async_init(loop, &db->async, on_async);
    db->async.data = db;
    uv_unref((uv_handle_t *)&db->async); /* referenced only while jobs are outstanding */
    db->reader_threads = oc_xcalloc(db->cfg.readers, sizeof(uv_thread_t));
    for (unsigned i = 0; i < db->cfg.readers; i++) {
        reader_start_t *start = oc_xmalloc(sizeof(*start));
        start->db = db;
        start->conn = db->reader_conns[i];
        uv_thread_create(&db->reader_threads[i], reader_main, start);
    }
    uv_thread_create(&db->writer_thread, writer_main, db);
    db->nreaders = db->cfg.readers;
    oc_log_info("db", "%s storage ready (%u readers, 1 writer)", db->be->name, db->nreaders);
    *out = db;
    return 0;
}

static void free_db(uv_handle_t *h)
{
    free(h->data);
}

void oc_db_close(oc_db_t *db)
{
    if (db == NULL)
        return;
    uv_mutex_lock(&db->mu);
    db->stopping = true;
    uv_cond_broadcast(&db->read_cv);
    uv_cond_broadcast(&db->write_cv);
    uv_mutex_unlock(&db->mu);
    for (unsigned i = 0; i < db->nreaders; i++)
        uv_thread_join(&db->reader_threads[i]);
    uv_thread_join(&db->writer_thread);
    on_async(&db->async); /* callbacks of the jobs finished since the last wake-up */
    for (unsigned i = 0; i < db->nreaders; i++)
        conn_close(db->reader_conns[i]);
    conn_close(db->writer_conn);
    free(db->reader_conns);
    free(db->reader_threads);
    uv_cond_destroy(&db->read_cv);
    uv_cond_destroy(&db->write_cv);
    uv_mutex_destroy(&db->mu);
    free(db->url);
    free(db->path);
    uv_close((uv_handle_t *)&db->async, free_db);
}
