/* The table of functions a storage backend provides (SQLite, PostgreSQL), and the headers
 * every backend's connection and statement structs start with. Private to src/store. */
#ifndef OC_STORE_BACKEND_H
#define OC_STORE_BACKEND_H

#include "core/map.h"
#include "store/db.h"

struct oc_dbc {
    const struct oc_db_backend *be;
    oc_map_t stmts; /* prepared statements by SQL string address */
};

struct oc_stmt {
    oc_dbc_t *conn;
    const char *sql; /* the cache key: its address */
};

typedef struct oc_db_backend {
    const char *name;
    oc_db_kind_t kind;
    /* Opens one connection (the writer gets the durable settings). */
    int (*connect)(const oc_db_config_t *cfg, bool writer, oc_dbc_t **out, char *err,
                   size_t err_len);
    void (*disconnect)(oc_dbc_t *c);
    int (*exec)(oc_dbc_t *c, const char *sql);
    /* Optional (NULL: exec): transaction control that may travel with the next statement. */
    int (*exec_deferred)(oc_dbc_t *c, const char *sql);
    /* A new statement for sql ('?' placeholders), not cached; NULL on error. */
    oc_stmt_t *(*prepare)(oc_dbc_t *c, const char *sql);
    void (*finalize)(oc_stmt_t *st);
    void (*bind_null)(oc_stmt_t *st, int i);
    void (*bind_i64)(oc_stmt_t *st, int i, int64_t v);
    void (*bind_text)(oc_stmt_t *st, int i, const char *s, size_t len);
    int (*step)(oc_stmt_t *st);
    bool (*is_null)(oc_stmt_t *st, int col);
    int64_t (*col_i64)(oc_stmt_t *st, int col);
    const char *(*col_text)(oc_stmt_t *st, int col, size_t *len);
    int64_t (*changes)(oc_stmt_t *st);
    void (*reset)(oc_stmt_t *st);
    const char *(*error)(const oc_dbc_t *c);
    /* The transaction opening the writer uses ("BEGIN IMMEDIATE" takes SQLite's write lock
     * up front). */
    const char *begin_write;
    /* Optional: statements the writer runs after a batch's jobs, in its transaction, right
     * before COMMIT (work kept out of the jobs' savepoints). */
    const char *before_commit;
} oc_db_backend_t;

extern const oc_db_backend_t oc_db_sqlite;
extern const oc_db_backend_t oc_db_postgres;

/* Runs the migrations for the backend on c; see migrate.c. */
int oc__db_migrate(oc_dbc_t *c, char *err, size_t err_len);

#endif
