#pragma once
// Numbered schema migrations for the PostgreSQL backend, applied at start-up and recorded in
// schema_migrations as for SQLite. The SQL lives only in pg_schema.cpp.

#include <span>
#include <string_view>

#include "storage/postgres/pg_database.hpp"

namespace chatter::storage::postgres {

struct PgMigration {
    int version;
    std::string_view name;
    std::string_view sql;
};

/// Every migration this binary knows, ordered by version (1, 2, 3, ... without gaps).
std::span<const PgMigration> pg_migrations();

/// The highest version in pg_migrations().
int pg_latest_schema_version();

/// Applies the missing migrations in order, each in its own transaction, and returns the schema
/// version now in effect. Nodes starting together take turns (an advisory lock), so each step is
/// applied once. Re-running applies nothing. Throws Error(kInternal, "schema_too_new") when the
/// database was migrated by a newer chatterd.
int migrate(PgDatabase& db);

}  // namespace chatter::storage::postgres
