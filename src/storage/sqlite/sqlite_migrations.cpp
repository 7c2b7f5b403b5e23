#include "storage/sqlite/sqlite_migrations.hpp"

#include <spdlog/spdlog.h>

#include <string>

#include "core/time.hpp"
#include "storage/sqlite/sqlite_database.hpp"

namespace chatter::storage::sqlite {

namespace {

constexpr std::string_view kCreateMigrationsTable = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT,
    applied_at INTEGER
)
)sql";

Error schema_too_new(int found) {
    spdlog::error(
        "sqlite: the database has schema version {} but this chatterd knows only up to {}",
        found,
        latest_schema_version()
    );
    return Error(
        Errc::kInternal,
        "The database was created by a newer version of chatterd (schema " + std::to_string(found) +
            ", this binary supports up to " + std::to_string(latest_schema_version()) + "). Upgrade chatterd.",
        "schema_too_new"
    );
}

}  // namespace

int current_schema_version(Connection& conn) {
    conn.exec(kCreateMigrationsTable);
    auto stmt = conn.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    stmt.step();
    return static_cast<int>(stmt.column_int64(0));
}

int migrate(Connection& conn) {
    if (const int found = current_schema_version(conn); found > latest_schema_version()) {
        throw schema_too_new(found);
    }
    for (const Migration& migration : migrations()) {
        // BEGIN IMMEDIATE takes the write lock before the version check, so two processes
        // migrating the same file at once cannot both apply a step.
        conn.exec("BEGIN IMMEDIATE");
        try {
            const int current = current_schema_version(conn);
            if (current > latest_schema_version()) {
                throw schema_too_new(current);
            }
            if (migration.version <= current) {
                conn.exec("COMMIT");
                continue;
            }
            conn.exec(migration.sql);
            conn.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)")
                .bind(1, migration.version)
                .bind(2, migration.name)
                .bind(3, unix_now())
                .run();
            conn.exec("COMMIT");
        } catch (...) {
            if (!conn.in_autocommit()) {
                conn.exec("ROLLBACK");
            }
            throw;
        }
        spdlog::info("sqlite: applied migration {:04} {}", migration.version, migration.name);
    }
    return current_schema_version(conn);
}

int migrate(const std::filesystem::path& data_dir) {
    Connection conn(database_file(data_dir));
    return migrate(conn);
}

}  // namespace chatter::storage::sqlite
