#pragma once
// Accounts. Usernames are unique case-insensitively; the stored spelling is the one registered.
// A deleted account keeps its row (messages keep their author, the name stays reserved) but is
// invisible to every read below and cannot be changed any more.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chatter::storage {

struct UserRecord {
    int64_t id = 0;
    std::string username;
    std::string password_hash;
    std::string role;  // "user" | "admin" | "superadmin"
    std::optional<std::string> email;
    int64_t created_at = 0;  // unix seconds UTC
    bool banned = false;
    std::optional<std::string> ban_reason;
};

struct NewUser {
    std::string username;
    std::string password_hash;
    std::string role = "user";
    std::optional<std::string> email;
};

/// Outcome of a change guarded by the "at least one superadmin" rule.
enum class AccountChange { kDone, kNotFound, kLastSuperadmin };

class UserStore {
  public:
    virtual ~UserStore() = default;

    /// Inserts a user and returns the stored row. When `first_becomes_superadmin` is true and the
    /// table is empty, the row gets role "superadmin" regardless of `user.role`; the check and the
    /// insert happen in one transaction, so two racing first registrations cannot both win.
    /// Throws Error(kConflict, code "username_taken") when the name exists in any letter case.
    virtual UserRecord insert(const NewUser& user, bool first_becomes_superadmin) = 0;

    /// The user with this id, if any.
    virtual std::optional<UserRecord> fetch_by_id(int64_t id) = 0;

    /// The user with this name compared case-insensitively, if any.
    virtual std::optional<UserRecord> fetch_by_name(std::string_view username) = 0;

    /// Users whose name starts with `prefix` (case-insensitive), ordered by name, at most `limit`.
    virtual std::vector<UserRecord> fetch_by_prefix(std::string_view prefix, int limit) = 0;

    /// Number of accounts.
    virtual int64_t count() = 0;

    /// Replaces the password hash. Returns false when the user does not exist.
    virtual bool update_password(int64_t id, const std::string& password_hash) = 0;

    /// Sets the role ("user", "admin", "superadmin"). Returns false when the user does not exist.
    virtual bool update_role(int64_t id, const std::string& role) = 0;

    /// Bans or unbans. Returns false when the user does not exist.
    virtual bool update_banned(int64_t id, bool banned, const std::optional<std::string>& reason) = 0;

    /// Deletes an account in one transaction: the row stays as a tombstone (deleted_at set, password
    /// hash, email and role cleared, ban kept) and its sessions, API tokens, settings and profile go.
    /// kLastSuperadmin (nothing changed) when it is the only live superadmin.
    virtual AccountChange delete_account(int64_t id, int64_t now) = 0;

    /// Sets the role unless that would leave no live superadmin (checked in the same transaction).
    virtual AccountChange change_role(int64_t id, const std::string& role) = 0;
};

}  // namespace chatter::storage
