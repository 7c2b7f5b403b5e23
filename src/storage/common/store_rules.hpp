#pragma once
// Rules and answers every storage backend shares: the domain errors a store throws, role
// validation and the username-key range of a prefix search. A backend translates its own failures
// (a unique violation, say) into these, so clients see the same answer whatever the database.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "storage/user_store.hpp"

namespace chatter::storage::common {

inline Error username_taken() {
    return Error(Errc::kConflict, "That username is taken.", "username_taken");
}

inline Error channel_exists() {
    return Error(Errc::kConflict, "A channel with that name already exists.", "channel_exists");
}

inline Error last_channel() {
    return Error(Errc::kConflict, "The last channel cannot be deleted.", "last_channel");
}

inline Error too_many_tokens() {
    return Error(Errc::kConflict, "You have too many API tokens. Delete one first.", "too_many_tokens");
}

inline Error invite_exists() {
    return Error(Errc::kConflict, "That invite code exists already.", "invite_exists");
}

inline Error address_already_banned() {
    return Error(Errc::kConflict, "That address is already banned.", "address_already_banned");
}

/// Throws Error(kBadRequest, "invalid_role") unless `role` is user, admin or superadmin.
void check_role(const std::string& role);

/// What the "at least one live superadmin" rule needs to know about an account, read in the
/// transaction that changes it.
struct RoleCheck {
    std::optional<std::string> role;  // the live account's role; nullopt: unknown or deleted
    bool other_superadmin = false;    // another live superadmin exists
};

/// One row (role or NULL, another live superadmin exists) for the account whose id is parameter 1.
inline constexpr std::string_view kRoleCheckSql =
    "SELECT (SELECT role FROM users WHERE id = $1 AND deleted_at IS NULL), EXISTS (SELECT 1 FROM users "
    "WHERE role = 'superadmin' AND deleted_at IS NULL AND id <> $1)";

template <class Row>
RoleCheck read_role_check(const Row& row) {
    return RoleCheck{.role = row.column_opt_text(0), .other_superadmin = row.column_bool(1)};
}

/// Whether the account may get `new_role` (nullopt: be deleted): kDone, kNotFound, or
/// kLastSuperadmin when that would leave no live superadmin.
AccountChange superadmin_rule(const RoleCheck& check, const std::optional<std::string>& new_role);

/// The rows an account deletion removes besides tombstoning `users` (the user's id is parameter 1).
inline constexpr std::array<std::string_view, 4> kAccountRowDeletions{
    "DELETE FROM sessions WHERE user_id = $1",
    "DELETE FROM api_tokens WHERE user_id = $1",
    "DELETE FROM user_settings WHERE user_id = $1",
    "DELETE FROM user_profiles WHERE user_id = $1",
};

/// ASCII lower-casing, used for username keys (usernames are ASCII by rule).
std::string ascii_lower(std::string_view text);

/// The username keys starting with a prefix: `low` <= key < `high` (no upper end when `high` is
/// nullopt), in byte order.
struct KeyRange {
    std::string low;
    std::optional<std::string> high;
};

/// The key range of usernames starting with `prefix` (any letter case), or nullopt when no
/// username can start with it (usernames are printable ASCII, so a prefix with any other byte
/// matches nothing; bounds then stay valid UTF-8 for every database).
std::optional<KeyRange> username_key_range(std::string_view prefix);

}  // namespace chatter::storage::common
