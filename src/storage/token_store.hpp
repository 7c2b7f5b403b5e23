#pragma once
// API tokens for bots and scripts (`Authorization: Bearer <token>`). Only the SHA-256 is stored.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace chatter::storage {

struct ApiTokenRecord {
    int64_t id = 0;
    int64_t user_id = 0;
    std::string name;
    std::string token_hash;
    int64_t created_at = 0;
    std::optional<int64_t> last_used_at;
};

class TokenStore {
  public:
    virtual ~TokenStore() = default;

    /// Inserts a token and returns the stored row (created_at = now). The count check and the insert
    /// share one transaction: Error(kConflict, "too_many_tokens") when the user has `max_per_user`.
    virtual ApiTokenRecord insert(
        int64_t user_id, const std::string& name, const std::string& token_hash, int64_t max_per_user
    ) = 0;

    /// The token with this hash, if any.
    virtual std::optional<ApiTokenRecord> fetch_by_hash(const std::string& token_hash) = 0;

    /// A user's tokens, newest first.
    virtual std::vector<ApiTokenRecord> fetch_for_user(int64_t user_id) = 0;

    /// Number of tokens a user has.
    virtual int64_t count_for_user(int64_t user_id) = 0;

    /// Records use. Callers throttle this.
    virtual void update_last_used(int64_t id, int64_t last_used_at) = 0;

    /// Deletes token `id` if it belongs to `user_id`; returns whether a row was deleted.
    virtual bool delete_for_user(int64_t id, int64_t user_id) = 0;
};

}  // namespace chatter::storage
