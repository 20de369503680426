/* Applying migrations: see migrate.h. */
#include "store/migrate.h"

#include "core/errors.h"
#include "core/log.h"
#include "store/backend.h"

#include <stdio.h>
#include <string.h>
#include <sys/time.h>

static const char SQL_CREATE[] = "CREATE TABLE IF NOT EXISTS schema_migrations ("
                                 "version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                                 "applied_at BIGINT NOT NULL)";
static const char SQL_CURRENT[] = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
static const char SQL_RECORD[] =
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)";

static int64_t now_ms(void)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    return (int64_t)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

int oc__db_migrate(oc_dbc_t *c, char *err, size_t err_len)
{
    bool pg = oc_dbc_kind(c) == OC_DB_POSTGRES;
    const oc_migration_t *list = pg ? oc_migrations_postgres : oc_migrations_sqlite;
    size_t count = pg ? oc_migrations_postgres_count : oc_migrations_sqlite_count;
    int latest = count ? list[count - 1].version : 0;

    if (oc_dbc_exec(c, SQL_CREATE) != 0) {
        snprintf(err, err_len, "cannot create schema_migrations: %s", oc_dbc_error(c));
        return OC_EIO;
    }
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_CURRENT);
    if (st == NULL || oc_stmt_step(st) != OC_DB_ROW) {
        snprintf(err, err_len, "cannot read the schema version: %s", oc_dbc_error(c));
        if (st)
            oc_stmt_reset(st);
        return OC_EIO;
    }
    int current = (int)oc_stmt_i64(st, 0);
    oc_stmt_reset(st);
    if (current > latest) {
        snprintf(err, err_len,
                 "the database schema is at version %d but this openchat knows versions up to "
                 "%d: run a newer openchat (or restore a backup made for this version)",
                 current, latest);
        return OC_ENOTSUP;
    }
    for (size_t i = 0; i < count; i++) {
        const oc_migration_t *m = &list[i];
        if (m->version <= current)
            continue;
        /* One transaction per migration: a failure leaves the schema at the last good
         * version. */
        int rc = oc_dbc_exec(c, "BEGIN");
        if (rc == 0)
            rc = oc_dbc_exec(c, m->sql);
        if (rc == 0)
            rc = oc_dbc_run(c, SQL_RECORD, NULL, "isi", (int64_t)m->version, m->name, now_ms());
        if (rc == 0)
            rc = oc_dbc_exec(c, "COMMIT");
        if (rc != 0) {
            snprintf(err, err_len, "migration %s failed: %s", m->name, oc_dbc_error(c));
            oc_dbc_exec(c, "ROLLBACK");
            return OC_EIO;
        }
        oc_log_info("db", "applied migration %s", m->name);
    }
    return 0;
}
