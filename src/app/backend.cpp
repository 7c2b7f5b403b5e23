#include "app/backend.hpp"

#include <filesystem>

#include "storage/postgres/pg_backend.hpp"
#include "storage/postgres/pg_migrations.hpp"
#include "storage/sqlite/sqlite_backend.hpp"
#include "storage/sqlite/sqlite_migrations.hpp"

namespace chatter::app {

namespace {

storage::postgres::PgOptions postgres_options(const Config& config) {
    return storage::postgres::PgOptions{.url = config.database, .pool_size = config.database_pool};
}

}  // namespace

std::unique_ptr<storage::Backend> open_backend(const Config& config) {
    if (!config.database.empty()) {
        return storage::postgres::PgBackend::open(postgres_options(config));
    }
    return storage::sqlite::SqliteBackend::open(std::filesystem::path(config.data_dir));
}

int migrate_backend(const Config& config) {
    if (!config.database.empty()) {
        storage::postgres::PgDatabase db(postgres_options(config));
        return storage::postgres::migrate(db);
    }
    return storage::sqlite::migrate(std::filesystem::path(config.data_dir));
}

std::string describe_backend(const Config& config) {
    if (!config.database.empty()) {
        return "PostgreSQL " + storage::postgres::redact_url(config.database);
    }
    return "SQLite " + (std::filesystem::path(config.data_dir) / "chatter.db").string();
}

}  // namespace chatter::app
