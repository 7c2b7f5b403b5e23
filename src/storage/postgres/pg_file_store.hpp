#pragma once

#include "storage/file_store.hpp"
#include "storage/postgres/pg_database.hpp"

namespace chatter::storage::postgres {

class PgFileStore final : public FileStore {
  public:
    explicit PgFileStore(PgDatabase& db) : db_(db) {}

    bool insert_within_quota(const FileRecord& record, int64_t quota, int64_t now) override;
    std::optional<FileRecord> find(const std::string& id, int64_t now) override;
    std::vector<FileRecord> list(std::optional<int64_t> owner_id, int64_t now) override;
    bool remove(const std::string& id) override;
    std::vector<std::string> expired(int64_t now, int limit) override;
    int64_t total_bytes(int64_t now) override;

  private:
    PgDatabase& db_;
};

}  // namespace chatter::storage::postgres
