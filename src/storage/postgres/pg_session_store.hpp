#pragma once

#include "storage/postgres/pg_database.hpp"
#include "storage/session_store.hpp"
#include "storage/token_store.hpp"

namespace chatter::storage::postgres {

class PgSessionStore final : public SessionStore {
  public:
    explicit PgSessionStore(PgDatabase& db) : db_(db) {}

    SessionRecord insert(const NewSession& session) override;
    std::optional<SessionRecord> fetch_by_hash(const std::string& token_hash, int64_t now) override;
    std::vector<SessionRecord> fetch_for_user(int64_t user_id, int64_t now) override;
    void update_last_seen(int64_t id, int64_t last_seen_at) override;
    bool delete_for_user(int64_t id, int64_t user_id) override;
    int64_t delete_all_for_user(int64_t user_id, std::optional<int64_t> keep_id) override;
    int64_t delete_expired(int64_t now) override;

  private:
    PgDatabase& db_;
};

class PgTokenStore final : public TokenStore {
  public:
    explicit PgTokenStore(PgDatabase& db) : db_(db) {}

    ApiTokenRecord insert(int64_t user_id, const std::string& name, const std::string& token_hash, int64_t max_per_user)
        override;
    std::optional<ApiTokenRecord> fetch_by_hash(const std::string& token_hash) override;
    std::vector<ApiTokenRecord> fetch_for_user(int64_t user_id) override;
    int64_t count_for_user(int64_t user_id) override;
    void update_last_used(int64_t id, int64_t last_used_at) override;
    bool delete_for_user(int64_t id, int64_t user_id) override;

  private:
    PgDatabase& db_;
};

}  // namespace chatter::storage::postgres
