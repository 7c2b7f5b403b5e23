#include "storage/sqlite/sqlite_reaction_store.hpp"

#include <algorithm>

#include "core/time.hpp"

namespace chatter::storage::sqlite {

bool SqliteReactionStore::add(const MessageKind& kind, int64_t message_id, int64_t user_id, const std::string& emoji) {
    return db_.write([&](Connection& conn) {
        return conn.prepare(
                       "INSERT OR IGNORE INTO message_reactions (kind, message_id, user_id, emoji, created_at) "
                       "VALUES (?, ?, ?, ?, ?)"
               )
                   .bind(1, kind)
                   .bind(2, message_id)
                   .bind(3, user_id)
                   .bind(4, emoji)
                   .bind(5, unix_now())
                   .run() > 0;
    });
}

bool SqliteReactionStore::remove(
    const MessageKind& kind, int64_t message_id, int64_t user_id, const std::string& emoji
) {
    return db_.write([&](Connection& conn) {
        return conn.prepare(
                       "DELETE FROM message_reactions WHERE kind = ? AND message_id = ? AND user_id = ? AND emoji = ?"
               )
                   .bind(1, kind)
                   .bind(2, message_id)
                   .bind(3, user_id)
                   .bind(4, emoji)
                   .run() > 0;
    });
}

std::map<std::string, std::vector<std::string>> SqliteReactionStore::fetch(
    const MessageKind& kind, int64_t message_id
) {
    return db_.read([&](Connection& conn) {
        auto stmt = conn.prepare(
            "SELECT r.emoji, u.username FROM message_reactions r JOIN users u ON u.id = r.user_id "
            "WHERE r.kind = ? AND r.message_id = ? ORDER BY r.created_at, u.username_key"
        );
        stmt.bind(1, kind).bind(2, message_id);
        std::map<std::string, std::vector<std::string>> out;
        while (stmt.step()) {
            out[stmt.column_text(0)].push_back(stmt.column_text(1));
        }
        return out;
    });
}

bool SqlitePinStore::pin(const MessageKind& kind, int64_t message_id, int64_t user_id) {
    return db_.write([&](Connection& conn) {
        return conn.prepare(
                       "INSERT OR IGNORE INTO message_pins (kind, message_id, pinned_by, pinned_at) VALUES (?, ?, ?, ?)"
               )
                   .bind(1, kind)
                   .bind(2, message_id)
                   .bind(3, user_id)
                   .bind(4, unix_now())
                   .run() > 0;
    });
}

bool SqlitePinStore::unpin(const MessageKind& kind, int64_t message_id) {
    return db_.write([&](Connection& conn) {
        return conn.prepare("DELETE FROM message_pins WHERE kind = ? AND message_id = ?")
                   .bind(1, kind)
                   .bind(2, message_id)
                   .run() > 0;
    });
}

std::vector<PinRecord> SqlitePinStore::list(const MessageKind& kind, int64_t conversation_id, int64_t other_user) {
    std::string sql =
        "SELECT p.message_id, u.username, p.pinned_at FROM message_pins p JOIN users u ON u.id = p.pinned_by ";
    if (kind == "public") {
        sql += "JOIN channel_messages m ON m.id = p.message_id WHERE p.kind = 'public' AND m.channel_id = :a";
    } else if (kind == "gdm") {
        sql += "JOIN gdm_messages m ON m.id = p.message_id WHERE p.kind = 'gdm' AND m.thread_id = :a";
    } else {
        sql +=
            "JOIN dm_messages m ON m.id = p.message_id WHERE p.kind = 'dm' AND m.user_lo = MIN(:a, :b) AND "
            "m.user_hi = MAX(:a, :b)";
    }
    sql += " ORDER BY p.pinned_at, p.message_id";
    return db_.read([&](Connection& conn) {
        auto stmt = conn.prepare(sql);
        stmt.bind(":a", conversation_id);
        if (kind == "dm") {
            stmt.bind(":b", other_user);
        }
        std::vector<PinRecord> pins;
        while (stmt.step()) {
            pins.push_back(PinRecord{
                .message_id = stmt.column_int64(0),
                .pinned_by = stmt.column_text(1),
                .pinned_at = stmt.column_int64(2),
            });
        }
        return pins;
    });
}

std::string fts_match_expression(const std::string& query) {
    std::string out;
    size_t i = 0;
    while (i < query.size()) {
        while (i < query.size() && (query[i] == ' ' || query[i] == '\t' || query[i] == '\n' || query[i] == '\r')) {
            ++i;
        }
        std::string word;
        while (i < query.size() && !(query[i] == ' ' || query[i] == '\t' || query[i] == '\n' || query[i] == '\r')) {
            if (query[i] == '"') {
                word += "\"\"";
            } else {
                word += query[i];
            }
            ++i;
        }
        if (!word.empty()) {
            if (!out.empty()) {
                out += " AND ";
            }
            out += "\"" + word + "\"*";
        }
    }
    return out;
}

std::vector<SearchHit> SqliteSearchStore::search(int64_t user_id, const std::string& query, int limit) {
    const std::string match = fts_match_expression(query);
    if (match.empty() || limit <= 0) {
        return {};
    }
    return db_.read([&](Connection& conn) {
        auto stmt = conn.prepare(
            "SELECT * FROM ("
            " SELECT 'public' AS kind, m.id, m.channel_id AS conv, u.username, '' AS to_name, m.text, m.created_at "
            " FROM channel_messages_fts f JOIN channel_messages m ON m.id = f.rowid JOIN users u ON u.id = m.user_id "
            " WHERE channel_messages_fts MATCH :q"
            " UNION ALL"
            " SELECT 'dm', m.id, 0, u.username, t.username, m.text, m.created_at "
            " FROM dm_messages_fts f JOIN dm_messages m ON m.id = f.rowid JOIN users u ON u.id = m.from_id "
            " JOIN users t ON t.id = m.to_id WHERE dm_messages_fts MATCH :q AND (m.from_id = :me OR m.to_id = :me)"
            " UNION ALL"
            " SELECT 'gdm', m.id, m.thread_id, u.username, '', m.text, m.created_at "
            " FROM gdm_messages_fts f JOIN gdm_messages m ON m.id = f.rowid JOIN users u ON u.id = m.user_id "
            " JOIN gdm_members gm ON gm.thread_id = m.thread_id AND gm.user_id = :me WHERE gdm_messages_fts MATCH :q"
            ") ORDER BY created_at DESC, id DESC LIMIT :limit"
        );
        stmt.bind(":q", match).bind(":me", user_id).bind(":limit", limit);
        std::vector<SearchHit> hits;
        while (stmt.step()) {
            hits.push_back(SearchHit{
                .kind = stmt.column_text(0),
                .id = stmt.column_int64(1),
                .conversation_id = stmt.column_int64(2),
                .username = stmt.column_text(3),
                .to_username = stmt.column_text(4),
                .text = stmt.column_text(5),
                .created_at = stmt.column_int64(6),
            });
        }
        return hits;
    });
}

}  // namespace chatter::storage::sqlite
