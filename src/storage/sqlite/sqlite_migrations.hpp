#pragma once
// Numbered schema migrations for the SQLite backend. The SQL lives only in sqlite_schema.cpp.

#include <filesystem>
#include <span>
#include <string_view>

#include "storage/sqlite/sqlite_connection.hpp"

namespace chatter::storage::sqlite {

struct Migration {
    int version;
    std::string_view name;
    std::string_view sql;
};

/// Every migration this binary knows, ordered by version (1, 2, 3, ... without gaps).
std::span<const Migration> migrations();

/// The highest version in migrations().
int latest_schema_version();

/// The highest applied version (0 for an empty database).
int current_schema_version(Connection& conn);

/// Applies the missing migrations in order, each in its own transaction, and returns the schema
/// version now in effect (latest_schema_version()). Re-running applies nothing. Throws
/// Error(kInternal, code "schema_too_new") when the database was migrated by a newer chatterd.
int migrate(Connection& conn);

/// Opens (creating when missing) `<data_dir>/chatter.db` and migrates it; for `chatterd migrate`
/// and start-up.
int migrate(const std::filesystem::path& data_dir);

}  // namespace chatter::storage::sqlite
