#pragma once
// The column list and row reader of `users`, shared by the user store and the admin queries.

#include <string_view>

#include "storage/sqlite/sqlite_connection.hpp"
#include "storage/user_store.hpp"

namespace chatter::storage::sqlite {

inline constexpr std::string_view kUserColumns =
    "SELECT id, username, password_hash, role, email, created_at, banned, ban_reason FROM users ";

inline UserRecord read_user(const Statement& stmt) {
    return UserRecord{
        .id = stmt.column_int64(0),
        .username = stmt.column_text(1),
        .password_hash = stmt.column_text(2),
        .role = stmt.column_text(3),
        .email = stmt.column_opt_text(4),
        .created_at = stmt.column_int64(5),
        .banned = stmt.column_bool(6),
        .ban_reason = stmt.column_opt_text(7),
    };
}

}  // namespace chatter::storage::sqlite
