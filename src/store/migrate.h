/* Versioned schema migrations, embedded in the binary (src/store/migrations/<backend>/
 * NNNN_name.sql, compiled in by cmake/embed_migrations.cmake). At start-up the pending ones
 * are applied in order, each in a transaction, and recorded in schema_migrations; a database
 * whose schema is newer than this binary knows is refused with a clear message. */
#ifndef OC_STORE_MIGRATE_H
#define OC_STORE_MIGRATE_H

#include <stddef.h>

typedef struct oc_migration {
    int version;
    const char *name;
    const char *sql;
} oc_migration_t;

extern const oc_migration_t oc_migrations_sqlite[];
extern const size_t oc_migrations_sqlite_count;
extern const oc_migration_t oc_migrations_postgres[];
extern const size_t oc_migrations_postgres_count;

#endif
