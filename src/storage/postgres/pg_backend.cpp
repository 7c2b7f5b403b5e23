#include "storage/postgres/pg_backend.hpp"

#include "storage/postgres/pg_migrations.hpp"

namespace chatter::storage::postgres {

std::unique_ptr<PgBackend> PgBackend::open(const PgOptions& options) {
    auto db = std::make_unique<PgDatabase>(options);
    migrate(*db);
    return std::make_unique<PgBackend>(std::move(db));
}

PgBackend::PgBackend(std::unique_ptr<PgDatabase> db)
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

PgBackend::~PgBackend() = default;

void PgBackend::close() {
    db_->close();
}

}  // namespace chatter::storage::postgres
