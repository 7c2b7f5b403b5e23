#pragma once
// Column lists and row readers of the account tables (users, sessions, api_tokens, audit_log),
// shared by every backend. `Row` is anything with the column getters of sqlite::Statement
// (column_int64, column_text, column_bool, column_opt_int64, column_opt_text).

#include <string_view>

#include "storage/session_store.hpp"
#include "storage/settings_store.hpp"
#include "storage/token_store.hpp"
#include "storage/user_store.hpp"

namespace chatter::storage::common {

inline constexpr std::string_view kUserColumns =
    "SELECT id, username, password_hash, role, email, created_at, banned, ban_reason FROM users ";

/// The row an insert of `user` stores (before its id is known).
inline UserRecord record_of(const NewUser& user, int64_t created_at) {
    return UserRecord{
        .username = user.username,
        .password_hash = user.password_hash,
        .role = user.role,
        .email = user.email,
        .created_at = created_at,
    };
}

template <class Row>
UserRecord read_user(const Row& row) {
    return UserRecord{
        .id = row.column_int64(0),
        .username = row.column_text(1),
        .password_hash = row.column_text(2),
        .role = row.column_text(3),
        .email = row.column_opt_text(4),
        .created_at = row.column_int64(5),
        .banned = row.column_bool(6),
        .ban_reason = row.column_opt_text(7),
    };
}

inline constexpr std::string_view kSessionColumns =
    "SELECT id, user_id, token_hash, created_at, last_seen_at, expires_at, user_agent, ip FROM sessions ";

/// The row an insert of `session` stored as `id` at `now`.
inline SessionRecord record_of(const NewSession& session, int64_t id, int64_t now) {
    return SessionRecord{
        .id = id,
        .user_id = session.user_id,
        .token_hash = session.token_hash,
        .created_at = now,
        .last_seen_at = now,
        .expires_at = session.expires_at,
        .user_agent = session.user_agent,
        .ip = session.ip,
    };
}

template <class Row>
SessionRecord read_session(const Row& row) {
    return SessionRecord{
        .id = row.column_int64(0),
        .user_id = row.column_int64(1),
        .token_hash = row.column_text(2),
        .created_at = row.column_int64(3),
        .last_seen_at = row.column_int64(4),
        .expires_at = row.column_int64(5),
        .user_agent = row.column_text(6),
        .ip = row.column_text(7),
    };
}

inline constexpr std::string_view kTokenColumns =
    "SELECT id, user_id, name, token_hash, created_at, last_used_at FROM api_tokens ";

template <class Row>
ApiTokenRecord read_token(const Row& row) {
    return ApiTokenRecord{
        .id = row.column_int64(0),
        .user_id = row.column_int64(1),
        .name = row.column_text(2),
        .token_hash = row.column_text(3),
        .created_at = row.column_int64(4),
        .last_used_at = row.column_opt_int64(5),
    };
}

inline constexpr std::string_view kAuditColumns =
    "SELECT id, actor, action, target, details, created_at FROM audit_log ";

template <class Row>
AuditRecord read_audit(const Row& row) {
    return AuditRecord{
        .id = row.column_int64(0),
        .actor = row.column_text(1),
        .action = row.column_text(2),
        .target = row.column_text(3),
        .details = row.column_text(4),
        .created_at = row.column_int64(5),
    };
}

}  // namespace chatter::storage::common
