#include "storage/sqlite/sqlite_session_store.hpp"

#include "core/time.hpp"
#include "storage/common/account_rows.hpp"
#include "storage/common/store_rules.hpp"

namespace chatter::storage::sqlite {

namespace {

using common::kSessionColumns;
using common::kTokenColumns;
using common::read_session;
using common::read_token;

}  // namespace

// ---- sessions ----

SessionRecord SqliteSessionStore::insert(const NewSession& session) {
    return db_.write([&](Connection& conn) {
        const int64_t now = unix_now();
        conn.prepare(
                "INSERT INTO sessions (user_id, token_hash, created_at, last_seen_at, expires_at, user_agent, ip) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)"
        )
            .bind(1, session.user_id)
            .bind(2, session.token_hash)
            .bind(3, now)
            .bind(4, now)
            .bind(5, session.expires_at)
            .bind(6, session.user_agent)
            .bind(7, session.ip)
            .run();
        return common::record_of(session, conn.last_insert_rowid(), now);
    });
}

std::optional<SessionRecord> SqliteSessionStore::fetch_by_hash(const std::string& token_hash, int64_t now) {
    return db_.read([&](Connection& conn) -> std::optional<SessionRecord> {
        auto stmt = conn.prepare(std::string(kSessionColumns) + "WHERE token_hash = ? AND expires_at > ?");
        stmt.bind(1, token_hash).bind(2, now);
        if (!stmt.step()) {
            return std::nullopt;
        }
        return read_session(stmt);
    });
}

std::vector<SessionRecord> SqliteSessionStore::fetch_for_user(int64_t user_id, int64_t now) {
    return db_.read([&](Connection& conn) {
        auto stmt = conn.prepare(
            std::string(kSessionColumns) + "WHERE user_id = ? AND expires_at > ? ORDER BY created_at DESC, id DESC"
        );
        stmt.bind(1, user_id).bind(2, now);
        std::vector<SessionRecord> sessions;
        while (stmt.step()) {
            sessions.push_back(read_session(stmt));
        }
        return sessions;
    });
}

void SqliteSessionStore::update_last_seen(int64_t id, int64_t last_seen_at) {
    db_.write([&](Connection& conn) {
        conn.prepare("UPDATE sessions SET last_seen_at = ? WHERE id = ?").bind(1, last_seen_at).bind(2, id).run();
    });
}

bool SqliteSessionStore::delete_for_user(int64_t id, int64_t user_id) {
    return db_.write([&](Connection& conn) {
        return conn.prepare("DELETE FROM sessions WHERE id = ? AND user_id = ?").bind(1, id).bind(2, user_id).run() > 0;
    });
}

int64_t SqliteSessionStore::delete_all_for_user(int64_t user_id, std::optional<int64_t> keep_id) {
    return db_.write([&](Connection& conn) {
        return conn.prepare("DELETE FROM sessions WHERE user_id = :user AND (:keep IS NULL OR id <> :keep)")
            .bind(":user", user_id)
            .bind(":keep", keep_id)
            .run();
    });
}

int64_t SqliteSessionStore::delete_expired(int64_t now) {
    return db_.write([&](Connection& conn) {
        return conn.prepare("DELETE FROM sessions WHERE expires_at <= ?").bind(1, now).run();
    });
}

// ---- API tokens ----

ApiTokenRecord SqliteTokenStore::insert(
    int64_t user_id, const std::string& name, const std::string& token_hash, int64_t max_per_user
) {
    return db_.write([&](Connection& conn) {
        auto count = conn.prepare("SELECT COUNT(*) FROM api_tokens WHERE user_id = ?");
        count.bind(1, user_id);
        count.step();
        if (count.column_int64(0) >= max_per_user) {
            throw common::too_many_tokens();
        }
        const int64_t now = unix_now();
        conn.prepare("INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?)")
            .bind(1, user_id)
            .bind(2, name)
            .bind(3, token_hash)
            .bind(4, now)
            .run();
        return ApiTokenRecord{
            .id = conn.last_insert_rowid(),
            .user_id = user_id,
            .name = name,
            .token_hash = token_hash,
            .created_at = now,
        };
    });
}

std::optional<ApiTokenRecord> SqliteTokenStore::fetch_by_hash(const std::string& token_hash) {
    return db_.read([&](Connection& conn) -> std::optional<ApiTokenRecord> {
        auto stmt = conn.prepare(std::string(kTokenColumns) + "WHERE token_hash = ?");
        stmt.bind(1, token_hash);
        if (!stmt.step()) {
            return std::nullopt;
        }
        return read_token(stmt);
    });
}

std::vector<ApiTokenRecord> SqliteTokenStore::fetch_for_user(int64_t user_id) {
    return db_.read([&](Connection& conn) {
        auto stmt = conn.prepare(std::string(kTokenColumns) + "WHERE user_id = ? ORDER BY created_at DESC, id DESC");
        stmt.bind(1, user_id);
        std::vector<ApiTokenRecord> tokens;
        while (stmt.step()) {
            tokens.push_back(read_token(stmt));
        }
        return tokens;
    });
}

int64_t SqliteTokenStore::count_for_user(int64_t user_id) {
    return db_.read([&](Connection& conn) {
        auto stmt = conn.prepare("SELECT COUNT(*) FROM api_tokens WHERE user_id = ?");
        stmt.bind(1, user_id);
        stmt.step();
        return stmt.column_int64(0);
    });
}

void SqliteTokenStore::update_last_used(int64_t id, int64_t last_used_at) {
    db_.write([&](Connection& conn) {
        conn.prepare("UPDATE api_tokens SET last_used_at = ? WHERE id = ?").bind(1, last_used_at).bind(2, id).run();
    });
}

bool SqliteTokenStore::delete_for_user(int64_t id, int64_t user_id) {
    return db_.write([&](Connection& conn) {
        return conn.prepare("DELETE FROM api_tokens WHERE id = ? AND user_id = ?").bind(1, id).bind(2, user_id).run() >
               0;
    });
}

}  // namespace chatter::storage::sqlite
