#pragma once
// Administration of accounts (issue #6): the user directory, creating users, password resets,
// account bans, timeouts, address bans, the audit log and the overview numbers. Every successful
// change writes one audit row. Runs on worker threads (password hashing, storage commits).

#include <boost/json/object.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/event_sink.hpp"
#include "core/principal.hpp"
#include "features/auth/auth_service.hpp"
#include "net/ip_network.hpp"
#include "storage/stores.hpp"

namespace chatter::admin {

/// Error(kForbidden, "admin_required") unless the principal is an admin or superadmin; `what`
/// completes "Only administrators can …".
void require_admin(const Principal& principal, std::string_view what);

/// Error(kForbidden, "superadmin_required") unless the principal is a superadmin.
void require_superadmin(const Principal& principal, std::string_view what);

inline constexpr int64_t kMaxTimeoutSeconds = int64_t{30} * 86400;
inline constexpr size_t kMaxReasonChars = 500;

struct UserPage {
    std::vector<boost::json::object> users;  // {id, username, role, banned, ban_reason, timeout_until, created_at}
    int64_t total = 0;
};

class AdminService {
  public:
    /// `online` counts connected users for the overview. `bans_changed` runs after each change of
    /// the stored address bans (the composition root reloads them on every node and ends the
    /// connections they now cover).
    AdminService(
        storage::Backend& backend,
        EventSink& sink,
        auth::AuthService& auth,
        net::NetworkSet& address_bans,
        std::function<int64_t()> online,
        std::function<void()> bans_changed
    );

    /// Loads the stored address bans into the shared set (at start-up).
    void load_address_bans();

    /// `q` is a name prefix (0–32 characters), `limit` 1–200, `offset` ≥ 0 (400 invalid_query).
    UserPage list_users(const Principal& caller, const std::string& q, int limit, int offset);

    /// Same validation as registration; a role other than "user" needs a superadmin.
    /// Errors: invalid_username, weak_password, invalid_role (400); superadmin_required (403);
    /// username_taken (409).
    boost::json::object create_user(
        const Principal& caller, const std::string& username, const std::string& password, const std::string& role
    );

    /// Sets a new password, revokes every session of the user and ends their live connections.
    /// Only a superadmin may reset an admin's or superadmin's password.
    void reset_password(const Principal& caller, const std::string& username, const std::string& password);

    /// Bans an account: its sessions and API tokens stop authenticating and its sockets are
    /// disconnected at once. Admins may ban users; a superadmin may also ban admins; nobody bans a
    /// superadmin, themselves or System. Errors: user_not_found (404), superadmin_required /
    /// cannot_moderate (403), already_banned (409), invalid_reason (400).
    void ban(const Principal& caller, const std::string& username, const std::string& reason);
    /// Errors: user_not_found (404), not_banned (409).
    void unban(const Principal& caller, const std::string& username);

    /// Mutes the user for `seconds` (1 to 30 days) in channels, DMs and groups; stored with its end
    /// time, so it survives restarts. Same hierarchy as ban. Returns the end time (unix seconds).
    int64_t timeout(const Principal& caller, const std::string& username, int64_t seconds, const std::string& reason);
    /// Errors: user_not_found, timeout_not_found (404).
    void remove_timeout(const Principal& caller, const std::string& username);

    std::vector<storage::AddressBanRecord> address_bans(const Principal& caller);
    /// `address` is an IPv4/IPv6 address or CIDR. Refused (400 address_refused) when it would
    /// match a loopback address or the caller's own `caller_ip`; 400 invalid_address when it does
    /// not parse; 409 address_already_banned. Live connections from the banned addresses end.
    storage::AddressBanRecord ban_address(
        const Principal& caller, const std::string& address, const std::string& reason, const std::string& caller_ip
    );
    /// Errors: ban_not_found (404).
    void unban_address(const Principal& caller, int64_t id);

    /// Newest first; `limit` 1–200.
    std::vector<storage::AuditRecord> audit(const Principal& caller, std::optional<int64_t> before, int limit);

    /// `{users, online, messages_today, files, storage_bytes, messages_per_day: [{day, count}]}`.
    boost::json::object overview(const Principal& caller);

  private:
    storage::UserRecord target(const std::string& username);
    void check_can_moderate(const Principal& caller, const storage::UserRecord& target, std::string_view what);
    void audit_action(
        const Principal& caller, const std::string& action, const std::string& target, const boost::json::object& detail
    );

    storage::Backend& backend_;
    EventSink& sink_;
    auth::AuthService& auth_;
    net::NetworkSet& address_bans_set_;
    std::function<int64_t()> online_;
    std::function<void()> bans_changed_;
};

/// Replaces `set` with the stored address bans (at start-up, after a change, on every node).
void load_address_bans(storage::Backend& backend, net::NetworkSet& set);

/// `{id, actor, action, target, detail, created_at}` (detail parsed back into JSON).
boost::json::object audit_json(const storage::AuditRecord& record);

/// A reason or note: at most 500 characters after trimming (400 `code` otherwise).
std::string checked_reason(const std::string& text, std::string_view code);

}  // namespace chatter::admin
