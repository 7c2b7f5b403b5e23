#pragma once

#include "storage/postgres/pg_database.hpp"
#include "storage/profile_store.hpp"

namespace chatter::storage::postgres {

class PgProfileStore final : public ProfileStore {
  public:
    explicit PgProfileStore(PgDatabase& db) : db_(db) {}

    std::optional<ProfileRecord> fetch(int64_t user_id) override;
    bool save(const ProfileRecord& profile) override;
    std::optional<std::string> replace_avatar(int64_t user_id, const std::optional<std::string>& avatar) override;

  private:
    PgDatabase& db_;
};

}  // namespace chatter::storage::postgres
