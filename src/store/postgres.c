/* The PostgreSQL backend (libpq), used when DATABASE_URL is set. Statements are prepared once
 * per connection under generated names; '?' placeholders become $1..$n; every parameter and
 * result travels as text (the schema only has BIGINT, INTEGER and TEXT columns). Deferred
 * transaction control (the writer's savepoints between jobs) waits for the next statement
 * and goes out with it in one pipeline: one round trip instead of two. */
#include "store/backend.h"

#include "core/alloc.h"
#include "core/buf.h"
#include "core/errors.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PARAMS 32

typedef struct pg_conn {
    oc_dbc_t base;
    PGconn *pg;
    unsigned next_name;
    oc_buf_t deferred; /* transaction control for the next round trip, "; "-separated */
    char error[512];
} pg_conn_t;

typedef struct pg_stmt {
    oc_stmt_t base;
    char name[16];
    int nparams;
    char *values[MAX_PARAMS];
    int lengths[MAX_PARAMS];
    PGresult *res;
    int row, rows;
    int64_t changes;
    int failed; /* the execution's error, returned until reset */
} pg_stmt_t;

static void set_error(pg_conn_t *pc, const char *msg)
{
    snprintf(pc->error, sizeof(pc->error), "%s", msg ? msg : "unknown error");
    size_t n = strlen(pc->error);
    while (n > 0 && (pc->error[n - 1] == '\n' || pc->error[n - 1] == ' '))
        pc->error[--n] = '\0';
}

/* Maps a failed result to an error code, keeping its message. */
static int result_error(pg_conn_t *pc, PGresult *res)
{
    set_error(pc, res ? PQresultErrorMessage(res) : PQerrorMessage(pc->pg));
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    if (state != NULL && strcmp(state, "23505") == 0)
        return OC_EEXIST;
    if (state != NULL && strcmp(state, "23503") == 0)
        return OC_ENOENT;
    if (state != NULL && strncmp(state, "23", 2) == 0)
        return OC_EINVAL;
    return OC_EIO;
}

static int exec_now(pg_conn_t *pc, const char *sql)
{
    PGresult *res = PQexec(pc->pg, sql);
    ExecStatusType s = PQresultStatus(res);
    int rc = (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK) ? 0 : result_error(pc, res);
    PQclear(res);
    return rc;
}

static int pg_exec_deferred(oc_dbc_t *c, const char *sql)
{
    pg_conn_t *pc = (pg_conn_t *)c;
    if (pc->deferred.len > 0)
        oc_buf_append_str(&pc->deferred, "; ");
    oc_buf_append_str(&pc->deferred, sql);
    return 0;
}

/* Runs what was deferred now (before a statement that cannot join a pipeline). */
static int flush_deferred(pg_conn_t *pc)
{
    if (pc->deferred.len == 0)
        return 0;
    char *all = oc_buf_steal(&pc->deferred, NULL);
    int rc = exec_now(pc, all);
    free(all);
    return rc;
}

/* Runs sql after whatever was deferred, both in one simple-query string (the server stops
 * at the first failing statement). */
static int pg_exec(oc_dbc_t *c, const char *sql)
{
    pg_exec_deferred(c, sql);
    return flush_deferred((pg_conn_t *)c);
}

static void ignore_notice(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

static int pg_connect(const oc_db_config_t *cfg, bool writer, oc_dbc_t **out, char *err,
                      size_t err_len)
{
    (void)writer;
    pg_conn_t *pc = oc_xcalloc(1, sizeof(*pc));
    pc->base.be = &oc_db_postgres;
    pc->pg = PQconnectdb(cfg->url);
    if (PQstatus(pc->pg) != CONNECTION_OK) {
        snprintf(err, err_len, "cannot connect to PostgreSQL: %s", PQerrorMessage(pc->pg));
        size_t n = strlen(err);
        while (n > 0 && err[n - 1] == '\n')
            err[--n] = '\0';
        PQfinish(pc->pg);
        free(pc);
        return OC_EIO;
    }
    PQsetNoticeProcessor(pc->pg, ignore_notice, NULL);
    *out = &pc->base;
    if (pg_exec(&pc->base, "SET client_min_messages = warning") != 0) {
        snprintf(err, err_len, "cannot set up the PostgreSQL session: %s", pc->error);
        PQfinish(pc->pg);
        free(pc);
        return OC_EIO;
    }
    return 0;
}

static void pg_disconnect(oc_dbc_t *c)
{
    pg_conn_t *pc = (pg_conn_t *)c;
    oc_buf_free(&pc->deferred);
    PQfinish(pc->pg);
    free(pc);
}

/* '?' -> $1, $2, ... outside quoted strings and identifiers. */
static char *number_placeholders(const char *sql, int *count)
{
    oc_buf_t out = OC_BUF_INIT;
    char quote = 0;
    int n = 0;
    for (const char *p = sql; *p; p++) {
        if (quote) {
            if (*p == quote)
                quote = 0;
            oc_buf_append_char(&out, *p);
        } else if (*p == '\'' || *p == '"') {
            quote = *p;
            oc_buf_append_char(&out, *p);
        } else if (*p == '?') {
            oc_buf_printf(&out, "$%d", ++n);
        } else {
            oc_buf_append_char(&out, *p);
        }
    }
    *count = n;
    return oc_buf_steal(&out, NULL);
}

static oc_stmt_t *pg_prepare(oc_dbc_t *c, const char *sql)
{
    pg_conn_t *pc = (pg_conn_t *)c;
    if (flush_deferred(pc) != 0)
        return NULL;
    int n;
    char *text = number_placeholders(sql, &n);
    if (n > MAX_PARAMS) {
        set_error(pc, "too many parameters");
        free(text);
        return NULL;
    }
    pg_stmt_t *ps = oc_xcalloc(1, sizeof(*ps));
    snprintf(ps->name, sizeof(ps->name), "s%u", pc->next_name++);
    ps->nparams = n;
    PGresult *res = PQprepare(pc->pg, ps->name, text, 0, NULL);
    free(text);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        result_error(pc, res);
        PQclear(res);
        free(ps);
        return NULL;
    }
    PQclear(res);
    return &ps->base;
}

static void clear_values(pg_stmt_t *ps)
{
    for (int i = 0; i < ps->nparams; i++) {
        free(ps->values[i]);
        ps->values[i] = NULL;
    }
}

static void pg_finalize(oc_stmt_t *st)
{
    pg_stmt_t *ps = (pg_stmt_t *)st;
    PQclear(ps->res);
    clear_values(ps);
    free(ps);
}

static void set_value(pg_stmt_t *ps, int i, char *value, int len)
{
    if (i < 1 || i > ps->nparams) {
        free(value);
        return;
    }
    free(ps->values[i - 1]);
    ps->values[i - 1] = value;
    ps->lengths[i - 1] = len;
}

static void pg_bind_null(oc_stmt_t *st, int i)
{
    set_value((pg_stmt_t *)st, i, NULL, 0);
}

static void pg_bind_i64(oc_stmt_t *st, int i, int64_t v)
{
    char *s = oc_xmalloc(24);
    int len = snprintf(s, 24, "%lld", (long long)v);
    set_value((pg_stmt_t *)st, i, s, len);
}

static void pg_bind_text(oc_stmt_t *st, int i, const char *s, size_t len)
{
    set_value((pg_stmt_t *)st, i, oc_xstrndup(s, len), (int)len);
}

/* Reads the rest of the current query's results, up to the NULL that ends them. */
static void drain_query(PGconn *pg)
{
    PGresult *r;
    while ((r = PQgetResult(pg)) != NULL)
        PQclear(r);
}

/* Sends the deferred statements and then ps's execution in one pipeline and returns ps's
 * result, or NULL with *deferred_error when a deferred statement failed (the server then
 * skipped ps). The loops end on a broken connection too: PQgetResult returns NULL. */
static PGresult *exec_pipelined(pg_conn_t *pc, pg_stmt_t *ps, int *deferred_error)
{
    PGconn *pg = pc->pg;
    char *text = oc_buf_steal(&pc->deferred, NULL);
    *deferred_error = 0;
    if (PQenterPipelineMode(pg) != 1) {
        *deferred_error = exec_now(pc, text);
        free(text);
        return *deferred_error
                   ? NULL
                   : PQexecPrepared(pg, ps->name, ps->nparams, (const char *const *)ps->values,
                                    ps->lengths, NULL, 0);
    }
    int sent = 0;
    bool ok = true;
    char *save = NULL;
    for (char *one = strtok_r(text, ";", &save); ok && one; one = strtok_r(NULL, ";", &save)) {
        while (*one == ' ')
            one++;
        if (*one == '\0')
            continue;
        ok = PQsendQueryParams(pg, one, 0, NULL, NULL, NULL, NULL, 0) == 1;
        sent += ok;
    }
    free(text);
    ok = ok && PQsendQueryPrepared(pg, ps->name, ps->nparams, (const char *const *)ps->values,
                                   ps->lengths, NULL, 0) == 1;
    ok = ok && PQpipelineSync(pg) == 1;
    PGresult *res = NULL;
    if (!ok) {
        set_error(pc, PQerrorMessage(pg));
        *deferred_error = OC_EIO;
    }
    for (int i = 0; i < sent; i++) {
        PGresult *r = PQgetResult(pg);
        if (PQresultStatus(r) != PGRES_COMMAND_OK && *deferred_error == 0)
            *deferred_error = result_error(pc, r);
        PQclear(r);
        drain_query(pg);
    }
    if (ok) {
        res = PQgetResult(pg);
        drain_query(pg);
    }
    PGresult *r;
    while ((r = PQgetResult(pg)) != NULL) {
        bool sync = PQresultStatus(r) == PGRES_PIPELINE_SYNC;
        PQclear(r);
        if (sync)
            break;
    }
    PQexitPipelineMode(pg);
    if (*deferred_error != 0) {
        PQclear(res);
        return NULL;
    }
    return res;
}

static int pg_step(oc_stmt_t *st)
{
    pg_stmt_t *ps = (pg_stmt_t *)st;
    pg_conn_t *pc = (pg_conn_t *)st->conn;
    if (ps->failed)
        return ps->failed;
    if (ps->res == NULL) {
        if (pc->deferred.len > 0) {
            int deferred_error;
            ps->res = exec_pipelined(pc, ps, &deferred_error);
            if (deferred_error != 0)
                return ps->failed = deferred_error;
        } else {
            ps->res = PQexecPrepared(pc->pg, ps->name, ps->nparams, (const char *const *)ps->values,
                                     ps->lengths, NULL, 0);
        }
        ExecStatusType s = PQresultStatus(ps->res);
        if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK) {
            ps->failed = result_error(pc, ps->res);
            PQclear(ps->res);
            ps->res = NULL;
            return ps->failed;
        }
        const char *tuples = PQcmdTuples(ps->res);
        ps->changes = *tuples ? strtoll(tuples, NULL, 10) : 0;
        ps->rows = PQntuples(ps->res);
        ps->row = -1;
    }
    if (++ps->row < ps->rows)
        return OC_DB_ROW;
    return OC_DB_DONE;
}

static bool pg_is_null(oc_stmt_t *st, int col)
{
    pg_stmt_t *ps = (pg_stmt_t *)st;
    return PQgetisnull(ps->res, ps->row, col);
}

static int64_t pg_col_i64(oc_stmt_t *st, int col)
{
    pg_stmt_t *ps = (pg_stmt_t *)st;
    if (PQgetisnull(ps->res, ps->row, col))
        return 0;
    return strtoll(PQgetvalue(ps->res, ps->row, col), NULL, 10);
}

static const char *pg_col_text(oc_stmt_t *st, int col, size_t *len)
{
    pg_stmt_t *ps = (pg_stmt_t *)st;
    if (PQgetisnull(ps->res, ps->row, col)) {
        if (len)
            *len = 0;
        return NULL;
    }
    if (len)
        *len = (size_t)PQgetlength(ps->res, ps->row, col);
    return PQgetvalue(ps->res, ps->row, col);
}

static int64_t pg_changes(oc_stmt_t *st)
{
    return ((pg_stmt_t *)st)->changes;
}

static void pg_reset(oc_stmt_t *st)
{
    pg_stmt_t *ps = (pg_stmt_t *)st;
    PQclear(ps->res);
    ps->res = NULL;
    ps->rows = ps->row = 0;
    ps->changes = 0;
    ps->failed = 0;
    clear_values(ps);
}

static const char *pg_error(const oc_dbc_t *c)
{
    return ((const pg_conn_t *)c)->error;
}

const oc_db_backend_t oc_db_postgres = {
    .name = "PostgreSQL",
    .kind = OC_DB_POSTGRES,
    .connect = pg_connect,
    .disconnect = pg_disconnect,
    .exec = pg_exec,
    .exec_deferred = pg_exec_deferred,
    .prepare = pg_prepare,
    .finalize = pg_finalize,
    .bind_null = pg_bind_null,
    .bind_i64 = pg_bind_i64,
    .bind_text = pg_bind_text,
    .step = pg_step,
    .is_null = pg_is_null,
    .col_i64 = pg_col_i64,
    .col_text = pg_col_text,
    .changes = pg_changes,
    .reset = pg_reset,
    .error = pg_error,
    .begin_write = "BEGIN",
};
