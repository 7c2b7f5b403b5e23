#include "storage/postgres/pg_session_store.hpp"

#include "core/time.hpp"
#include "storage/common/account_rows.hpp"
#include "storage/common/store_rules.hpp"

namespace chatter::storage::postgres {

namespace {

using common::kSessionColumns;
using common::kTokenColumns;

SessionRecord session_of(const Row& row) {
    return common::read_session(row);
}

ApiTokenRecord token_of(const Row& row) {
    return common::read_token(row);
}

}  // namespace

// ---- sessions ----

SessionRecord PgSessionStore::insert(const NewSession& session) {
    return db_.write([&](Tx& tx) {
        const int64_t now = unix_now();
        const int64_t id = tx.scalar(
            "INSERT INTO sessions (user_id, token_hash, created_at, last_seen_at, expires_at, user_agent, ip) "
            "VALUES ($1, $2, $3, $3, $4, $5, $6) RETURNING id",
            session.user_id,
            session.token_hash,
            now,
            session.expires_at,
            session.user_agent,
            session.ip
        );
        return common::record_of(session, id, now);
    });
}

std::optional<SessionRecord> PgSessionStore::fetch_by_hash(const std::string& token_hash, int64_t now) {
    return db_.read([&](Tx& tx) -> std::optional<SessionRecord> {
        const auto row =
            tx.first(std::string(kSessionColumns) + "WHERE token_hash = $1 AND expires_at > $2", token_hash, now);
        return row ? std::optional(session_of(*row)) : std::nullopt;
    });
}

std::vector<SessionRecord> PgSessionStore::fetch_for_user(int64_t user_id, int64_t now) {
    return db_.read([&](Tx& tx) {
        return tx.rows(
            session_of,
            std::string(kSessionColumns) + "WHERE user_id = $1 AND expires_at > $2 ORDER BY created_at DESC, id DESC",
            user_id,
            now
        );
    });
}

void PgSessionStore::update_last_seen(int64_t id, int64_t last_seen_at) {
    db_.write([&](Tx& tx) { tx.run("UPDATE sessions SET last_seen_at = $1 WHERE id = $2", last_seen_at, id); });
}

bool PgSessionStore::delete_for_user(int64_t id, int64_t user_id) {
    return db_.write([&](Tx& tx) {
        return tx.run("DELETE FROM sessions WHERE id = $1 AND user_id = $2", id, user_id) > 0;
    });
}

int64_t PgSessionStore::delete_all_for_user(int64_t user_id, std::optional<int64_t> keep_id) {
    return db_.write([&](Tx& tx) {
        return tx.run("DELETE FROM sessions WHERE user_id = $1 AND ($2::bigint IS NULL OR id <> $2)", user_id, keep_id);
    });
}

int64_t PgSessionStore::delete_expired(int64_t now) {
    return db_.write([&](Tx& tx) { return tx.run("DELETE FROM sessions WHERE expires_at <= $1", now); });
}

// ---- API tokens ----

ApiTokenRecord PgTokenStore::insert(
    int64_t user_id, const std::string& name, const std::string& token_hash, int64_t max_per_user
) {
    return db_.write([&](Tx& tx) {
        // The user's row lock makes the count and the insert one step for that user.
        tx.lock_user(user_id);
        if (tx.scalar("SELECT COUNT(*) FROM api_tokens WHERE user_id = $1", user_id) >= max_per_user) {
            throw common::too_many_tokens();
        }
        const int64_t now = unix_now();
        return ApiTokenRecord{
            .id = tx.scalar(
                "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
                user_id,
                name,
                token_hash,
                now
            ),
            .user_id = user_id,
            .name = name,
            .token_hash = token_hash,
            .created_at = now,
        };
    });
}

std::optional<ApiTokenRecord> PgTokenStore::fetch_by_hash(const std::string& token_hash) {
    return db_.read([&](Tx& tx) -> std::optional<ApiTokenRecord> {
        const auto row = tx.first(std::string(kTokenColumns) + "WHERE token_hash = $1", token_hash);
        return row ? std::optional(token_of(*row)) : std::nullopt;
    });
}

std::vector<ApiTokenRecord> PgTokenStore::fetch_for_user(int64_t user_id) {
    return db_.read([&](Tx& tx) {
        return tx.rows(
            token_of, std::string(kTokenColumns) + "WHERE user_id = $1 ORDER BY created_at DESC, id DESC", user_id
        );
    });
}

int64_t PgTokenStore::count_for_user(int64_t user_id) {
    return db_.read([&](Tx& tx) { return tx.scalar("SELECT COUNT(*) FROM api_tokens WHERE user_id = $1", user_id); });
}

void PgTokenStore::update_last_used(int64_t id, int64_t last_used_at) {
    db_.write([&](Tx& tx) { tx.run("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2", last_used_at, id); });
}

bool PgTokenStore::delete_for_user(int64_t id, int64_t user_id) {
    return db_.write([&](Tx& tx) {
        return tx.run("DELETE FROM api_tokens WHERE id = $1 AND user_id = $2", id, user_id) > 0;
    });
}

}  // namespace chatter::storage::postgres
