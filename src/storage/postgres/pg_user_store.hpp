#pragma once

#include "storage/postgres/pg_database.hpp"
#include "storage/user_store.hpp"

namespace chatter::storage::postgres {

class PgUserStore final : public UserStore {
  public:
    explicit PgUserStore(PgDatabase& db) : db_(db) {}

    UserRecord insert(const NewUser& user, bool first_becomes_superadmin) override;
    std::optional<UserRecord> fetch_by_id(int64_t id) override;
    std::optional<UserRecord> fetch_by_name(std::string_view username) override;
    std::vector<UserRecord> fetch_by_prefix(std::string_view prefix, int limit) override;
    int64_t count() override;
    bool update_password(int64_t id, const std::string& password_hash) override;
    bool update_role(int64_t id, const std::string& role) override;
    bool update_banned(int64_t id, bool banned, const std::optional<std::string>& reason) override;
    AccountChange delete_account(int64_t id, int64_t now) override;
    AccountChange change_role(int64_t id, const std::string& role) override;

  private:
    PgDatabase& db_;
};

}  // namespace chatter::storage::postgres
