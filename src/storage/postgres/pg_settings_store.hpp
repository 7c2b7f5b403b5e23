#pragma once

#include "storage/postgres/pg_database.hpp"
#include "storage/settings_store.hpp"

namespace chatter::storage::postgres {

class PgSettingsStore final : public SettingsStore {
  public:
    explicit PgSettingsStore(PgDatabase& db) : db_(db) {}

    std::map<std::string, std::string> fetch_all() override;
    std::optional<std::string> fetch(const std::string& key) override;
    void upsert(const std::map<std::string, std::string>& values) override;

  private:
    PgDatabase& db_;
};

class PgAuditStore final : public AuditStore {
  public:
    explicit PgAuditStore(PgDatabase& db) : db_(db) {}

    AuditRecord insert(
        const std::string& actor, const std::string& action, const std::string& target, const std::string& details
    ) override;
    std::vector<AuditRecord> fetch_page(std::optional<int64_t> before_id, int limit) override;

  private:
    PgDatabase& db_;
};

}  // namespace chatter::storage::postgres
