#include "storage/sqlite/sqlite_backend.hpp"

#include "storage/sqlite/sqlite_migrations.hpp"

namespace chatter::storage::sqlite {

std::unique_ptr<SqliteBackend> SqliteBackend::open(const std::filesystem::path& data_dir, int reader_count) {
    migrate(data_dir);
    return std::make_unique<SqliteBackend>(Database::open(data_dir, reader_count));
}

SqliteBackend::SqliteBackend(std::unique_ptr<Database> db)
    : db_(std::move(db)),
      users_(*db_),
      sessions_(*db_),
      tokens_(*db_),
      settings_(*db_),
      audit_(*db_),
      channels_(*db_),
      dms_(*db_),
      gdms_(*db_),
      reactions_(*db_),
      pins_(*db_),
      search_(*db_),
      docs_(*db_),
      files_(*db_),
      voice_channels_(*db_),
      moderation_(*db_),
      alerts_(*db_),
      reports_(*db_),
      admin_queries_(*db_),
      custom_channels_(*db_),
      profiles_(*db_),
      read_markers_(*db_) {}

SqliteBackend::~SqliteBackend() = default;

void SqliteBackend::close() {
    db_->close();
}

}  // namespace chatter::storage::sqlite
