#pragma once
// Accounts, sessions and API tokens: the rules behind /api/auth/* and the socket handshake.
// Runs on worker threads (argon2id is slow on purpose; storage calls block on commit).

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/config.hpp"
#include "core/principal.hpp"
#include "core/rate_limiter.hpp"
#include "net/ip_network.hpp"
#include "storage/stores.hpp"

namespace chatter::auth {

struct ClientInfo {
    std::string ip;
    std::string user_agent;
};

/// A new signed-in session: the raw token goes into the cookie and is never stored.
struct SessionGrant {
    Principal principal;
    std::string token;
    int64_t expires_at = 0;
};

struct CreatedToken {
    storage::ApiTokenRecord record;
    std::string token;  // shown once
};

/// The System account that posts alerts and System messages: it has no password and is never
/// signed into, reset or moderated.
bool is_system_account(const storage::UserRecord& user);

class AuthService {
  public:
    AuthService(storage::Backend& backend, const Config& config, RateLimiter& limiter);

    /// Creates an account (first on an empty database: superadmin) and signs it in.
    /// Errors: invalid_username, weak_password, invalid_email (400); registration_closed, address_banned (403);
    /// username_taken (409); rate_limited (429).
    SessionGrant register_user(
        const std::string& username,
        const std::string& password,
        const std::optional<std::string>& email,
        const ClientInfo& client
    );

    /// Signs in. Errors: invalid_credentials (401, same for unknown names), banned, address_banned (403),
    /// rate_limited (429 with retry_after_s) after too many failures per account or address.
    SessionGrant login(const std::string& username, const std::string& password, const ClientInfo& client);

    /// Ends the caller's current session (no-op for token callers).
    void logout(const Principal& principal);

    /// The principal behind a session cookie value; nullopt if unknown, expired or banned.
    std::optional<Principal> authenticate_session(std::string_view token);

    /// The principal behind an API token; nullopt if unknown or banned.
    std::optional<Principal> authenticate_token(std::string_view token);

    std::vector<storage::SessionRecord> list_sessions(const Principal& principal);

    /// Errors: not_found (404) when the id is not one of the caller's sessions.
    void revoke_session(const Principal& principal, int64_t session_id);

    /// Changes the password and revokes every other session; returns how many were revoked.
    /// Errors: invalid_credentials (403) for a wrong current password; weak_password (400);
    /// rate_limited (429) once wrong passwords have used up the account's failed sign-in budget.
    int64_t change_password(const Principal& principal, const std::string& current, const std::string& next);

    /// Errors: invalid_field (400) for an empty or long name; too_many_tokens (409).
    CreatedToken create_token(const Principal& principal, const std::string& name);
    std::vector<storage::ApiTokenRecord> list_tokens(const Principal& principal);

    /// Errors: not_found (404) when the id is not one of the caller's tokens.
    void delete_token(const Principal& principal, int64_t token_id);

    /// Addresses refused at sign-in and registration (403 address_banned); owned by the caller,
    /// updated by the admin area. Unset: nothing is refused.
    void set_address_bans(const net::NetworkSet* bans) { address_bans_ = bans; }

    /// Creates an account without signing in (CLI and admin). Same validation as registration.
    storage::UserRecord create_user(const std::string& username, const std::string& password, const std::string& role);

    /// Sets `password` (same rules as registration: weak_password 400) and revokes every session
    /// of `user`; returns how many. The shared step of the admin's and the operator's resets.
    int64_t replace_password(const storage::UserRecord& user, const std::string& password);

    /// The operator's way back into an account (`chatterd user password`): sets `password`,
    /// revokes every session of the account and records it in the audit log as done by
    /// "(command line)"; returns the account's name as stored and how many sessions were revoked. Live connections of a
    /// running server end at their next request or reconnect. Errors: user_not_found (404) for an unknown name or the
    /// System account (which has no password); weak_password (400).
    std::pair<std::string, int64_t> reset_password(const std::string& username, const std::string& password);

  private:
    SessionGrant open_session(const storage::UserRecord& user, const ClientInfo& client);
    const std::string& dummy_hash();
    void check_address(const ClientInfo& client) const;

    storage::Backend& backend_;
    const Config& config_;
    RateLimiter& limiter_;
    std::once_flag dummy_once_;
    std::string dummy_hash_;
    const net::NetworkSet* address_bans_ = nullptr;
};

}  // namespace chatter::auth
