#pragma once

#include "storage/settings_store.hpp"
#include "storage/sqlite/sqlite_database.hpp"

namespace chatter::storage::sqlite {

class SqliteSettingsStore final : public SettingsStore {
  public:
    explicit SqliteSettingsStore(Database& db) : db_(db) {}

    std::map<std::string, std::string> fetch_all() override;
    std::optional<std::string> fetch(const std::string& key) override;
    void upsert(const std::map<std::string, std::string>& values) override;

  private:
    Database& db_;
};

class SqliteAuditStore final : public AuditStore {
  public:
    explicit SqliteAuditStore(Database& db) : db_(db) {}

    AuditRecord insert(
        const std::string& actor, const std::string& action, const std::string& target, const std::string& details
    ) override;
    std::vector<AuditRecord> fetch_page(std::optional<int64_t> before_id, int limit) override;

  private:
    Database& db_;
};

}  // namespace chatter::storage::sqlite
