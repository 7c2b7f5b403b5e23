#include "storage/postgres/pg_migrations.hpp"

#include <spdlog/spdlog.h>

#include <string>

#include "core/error.hpp"
#include "core/time.hpp"

namespace chatter::storage::postgres {

namespace {

// Any constant shared by every chatterd: the key of the advisory lock migrations hold.
constexpr int64_t kMigrationLock = 0x43686174746572;  // "Chatter"

constexpr std::string_view kCreateMigrationsTable = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT,
    applied_at BIGINT
)
)sql";

Error schema_too_new(int found) {
    spdlog::error(
        "postgres: the database has schema version {} but this chatterd knows only up to {}",
        found,
        pg_latest_schema_version()
    );
    return Error(
        Errc::kInternal,
        "The database was created by a newer version of chatterd (schema " + std::to_string(found) +
            ", this binary supports up to " + std::to_string(pg_latest_schema_version()) + "). Upgrade chatterd.",
        "schema_too_new"
    );
}

int current_version(Tx& tx) {
    return static_cast<int>(tx.scalar("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
}

}  // namespace

int pg_latest_schema_version() {
    return pg_migrations().back().version;
}

int migrate(PgDatabase& db) {
    for (const PgMigration& migration : pg_migrations()) {
        // DDL is transactional in PostgreSQL: a step is applied and recorded together or not at all.
        const bool applied = db.write([&](Tx& tx) {
            tx.run("SELECT pg_advisory_xact_lock($1)", kMigrationLock);
            tx.exec_script(std::string(kCreateMigrationsTable));
            const int current = current_version(tx);
            if (current > pg_latest_schema_version()) {
                throw schema_too_new(current);
            }
            if (migration.version <= current) {
                return false;
            }
            tx.exec_script(std::string(migration.sql));
            tx.run(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                migration.version,
                migration.name,
                unix_now()
            );
            return true;
        });
        if (applied) {
            spdlog::info("postgres: applied migration {:04} {}", migration.version, migration.name);
        }
    }
    return db.read([](Tx& tx) { return current_version(tx); });
}

}  // namespace chatter::storage::postgres
