#pragma once

#include "storage/moderation_store.hpp"
#include "storage/postgres/pg_database.hpp"

namespace chatter::storage::postgres {

class PgModerationStore final : public ModerationStore {
  public:
    explicit PgModerationStore(PgDatabase& db) : db_(db) {}

    AddressBanRecord insert_address_ban(
        const std::string& network, const std::string& reason, const std::string& created_by
    ) override;
    bool remove_address_ban(const std::string& network) override;
    std::vector<AddressBanRecord> address_bans() override;
    void set_timeout(int64_t user_id, int64_t until, const std::string& reason, const std::string& created_by) override;
    bool remove_timeout(int64_t user_id, int64_t now) override;
    std::optional<TimeoutRecord> active_timeout(int64_t user_id, int64_t now) override;

  private:
    PgDatabase& db_;
};

class PgAlertStore final : public AlertStore {
  public:
    explicit PgAlertStore(PgDatabase& db) : db_(db) {}

    AlertRecord insert(
        const std::string& text,
        const std::string& level,
        const std::string& created_by,
        std::optional<int64_t> expires_at
    ) override;
    bool remove(int64_t id) override;
    std::vector<AlertRecord> active(int64_t now) override;

  private:
    PgDatabase& db_;
};

class PgReportStore final : public ReportStore {
  public:
    explicit PgReportStore(PgDatabase& db) : db_(db) {}

    ReportRecord insert(const ReportRecord& report) override;
    std::vector<ReportRecord> list(const std::string& status, int limit) override;
    std::optional<ReportRecord> fetch(int64_t id) override;
    bool resolve(int64_t id, const std::string& by, const std::string& note) override;

  private:
    PgDatabase& db_;
};

class PgAdminQueryStore final : public AdminQueryStore {
  public:
    explicit PgAdminQueryStore(PgDatabase& db) : db_(db) {}

    std::vector<UserRecord> users_page(const std::string& prefix, int limit, int offset) override;
    int64_t users_matching(const std::string& prefix) override;
    std::vector<std::string> staff_usernames() override;
    std::vector<DayCount> messages_per_day(int64_t now, int days) override;

  private:
    PgDatabase& db_;
};

}  // namespace chatter::storage::postgres
