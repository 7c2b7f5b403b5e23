#pragma once

#include "storage/profile_store.hpp"
#include "storage/sqlite/sqlite_database.hpp"

namespace chatter::storage::sqlite {

class SqliteProfileStore final : public ProfileStore {
  public:
    explicit SqliteProfileStore(Database& db) : db_(db) {}

    std::optional<ProfileRecord> fetch(int64_t user_id) override;
    bool save(const ProfileRecord& profile) override;
    std::optional<std::string> replace_avatar(int64_t user_id, const std::optional<std::string>& avatar) override;

  private:
    Database& db_;
};

}  // namespace chatter::storage::sqlite
