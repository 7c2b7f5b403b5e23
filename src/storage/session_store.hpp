#pragma once
// Browser sessions. Only the SHA-256 of a session token is stored; the token itself lives only in
// the user's cookie.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace chatter::storage {

struct SessionRecord {
    int64_t id = 0;
    int64_t user_id = 0;
    std::string token_hash;
    int64_t created_at = 0;
    int64_t last_seen_at = 0;
    int64_t expires_at = 0;
    std::string user_agent;
    std::string ip;
};

struct NewSession {
    int64_t user_id = 0;
    std::string token_hash;
    int64_t expires_at = 0;
    std::string user_agent;
    std::string ip;
};

class SessionStore {
  public:
    virtual ~SessionStore() = default;

    /// Inserts a session (created_at = last_seen_at = now) and returns the stored row.
    virtual SessionRecord insert(const NewSession& session) = 0;

    /// The session with this token hash if it exists and `expires_at > now`.
    virtual std::optional<SessionRecord> fetch_by_hash(const std::string& token_hash, int64_t now) = 0;

    /// All unexpired sessions of a user, newest first.
    virtual std::vector<SessionRecord> fetch_for_user(int64_t user_id, int64_t now) = 0;

    /// Records activity. Callers throttle this (at most once a minute per session).
    virtual void update_last_seen(int64_t id, int64_t last_seen_at) = 0;

    /// Deletes session `id` if it belongs to `user_id`; returns whether a row was deleted.
    virtual bool delete_for_user(int64_t id, int64_t user_id) = 0;

    /// Deletes every session of `user_id` except `keep_id` (all of them when nullopt); returns the count.
    virtual int64_t delete_all_for_user(int64_t user_id, std::optional<int64_t> keep_id) = 0;

    /// Deletes expired sessions; returns the count.
    virtual int64_t delete_expired(int64_t now) = 0;
};

}  // namespace chatter::storage
