#include "storage/postgres/pg_reaction_store.hpp"

#include "core/time.hpp"

namespace chatter::storage::postgres {

bool PgReactionStore::add(const MessageKind& kind, int64_t message_id, int64_t user_id, const std::string& emoji) {
    return db_.write([&](Tx& tx) {
        return tx.run(
                   "INSERT INTO message_reactions (kind, message_id, user_id, emoji, created_at) "
                   "VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
                   kind,
                   message_id,
                   user_id,
                   emoji,
                   unix_now()
               ) > 0;
    });
}

bool PgReactionStore::remove(const MessageKind& kind, int64_t message_id, int64_t user_id, const std::string& emoji) {
    return db_.write([&](Tx& tx) {
        return tx.run(
                   "DELETE FROM message_reactions WHERE kind = $1 AND message_id = $2 AND user_id = $3 AND emoji = $4",
                   kind,
                   message_id,
                   user_id,
                   emoji
               ) > 0;
    });
}

std::map<std::string, std::vector<std::string>> PgReactionStore::fetch(const MessageKind& kind, int64_t message_id) {
    return db_.read([&](Tx& tx) {
        std::map<std::string, std::vector<std::string>> out;
        for (const auto& row : tx.exec(
                 "SELECT r.emoji, u.username FROM message_reactions r JOIN users u ON u.id = r.user_id "
                 "WHERE r.kind = $1 AND r.message_id = $2 ORDER BY r.created_at, u.username_key",
                 kind,
                 message_id
             )) {
            const Row view(row);
            out[view.column_text(0)].push_back(view.column_text(1));
        }
        return out;
    });
}

bool PgPinStore::pin(const MessageKind& kind, int64_t message_id, int64_t user_id) {
    return db_.write([&](Tx& tx) {
        return tx.run(
                   "INSERT INTO message_pins (kind, message_id, pinned_by, pinned_at) VALUES ($1, $2, $3, $4) "
                   "ON CONFLICT DO NOTHING",
                   kind,
                   message_id,
                   user_id,
                   unix_now()
               ) > 0;
    });
}

bool PgPinStore::unpin(const MessageKind& kind, int64_t message_id) {
    return db_.write([&](Tx& tx) {
        return tx.run("DELETE FROM message_pins WHERE kind = $1 AND message_id = $2", kind, message_id) > 0;
    });
}

std::vector<PinRecord> PgPinStore::list(const MessageKind& kind, int64_t conversation_id, int64_t other_user) {
    std::string sql =
        "SELECT p.message_id, u.username, p.pinned_at FROM message_pins p JOIN users u ON u.id = p.pinned_by ";
    if (kind == "public") {
        sql += "JOIN channel_messages m ON m.id = p.message_id WHERE p.kind = 'public' AND m.channel_id = $1";
    } else if (kind == "gdm") {
        sql += "JOIN gdm_messages m ON m.id = p.message_id WHERE p.kind = 'gdm' AND m.thread_id = $1";
    } else {
        sql +=
            "JOIN dm_messages m ON m.id = p.message_id WHERE p.kind = 'dm' AND m.user_lo = LEAST($1::bigint, "
            "$2::bigint) AND "
            "m.user_hi = GREATEST($1::bigint, $2::bigint)";
    }
    sql += " ORDER BY p.pinned_at, p.message_id";
    const auto read_pin = [](const Row& row) {
        return PinRecord{
            .message_id = row.column_int64(0),
            .pinned_by = row.column_text(1),
            .pinned_at = row.column_int64(2),
        };
    };
    return db_.read([&](Tx& tx) {
        return kind == "dm" ? tx.rows(read_pin, sql, conversation_id, other_user)
                            : tx.rows(read_pin, sql, conversation_id);
    });
}

std::vector<SearchHit> PgSearchStore::search(int64_t user_id, const std::string& query, int limit) {
    if (query.find_first_not_of(" \t\r\n") == std::string::npos || limit <= 0) {
        return {};
    }
    // The query text only ever reaches to_tsvector, as data: its words become lexemes the same way
    // message texts do, and each lexeme a prefix term (lexeme:*), all of them required. Quoting
    // each lexeme (quotes and backslashes doubled) keeps tsquery syntax out of user input.
    return db_.read([&](Tx& tx) {
        return tx.rows(
            [](const Row& row) {
                return SearchHit{
                    .kind = row.column_text(0),
                    .id = row.column_int64(1),
                    .conversation_id = row.column_int64(2),
                    .username = row.column_text(3),
                    .to_username = row.column_text(4),
                    .text = row.column_text(5),
                    .created_at = row.column_int64(6),
                };
            },
            "WITH q AS (SELECT to_tsquery('simple', string_agg(''''"
            " || replace(replace(lexeme, '\\', '\\\\'), '''', '''''') || ''':*', ' & ')) AS query"
            " FROM unnest(to_tsvector('simple', $1)))"
            " SELECT * FROM ("
            " SELECT 'public' AS kind, m.id, m.channel_id AS conv, u.username, '' AS to_name, m.text, m.created_at"
            " FROM q, channel_messages m JOIN users u ON u.id = m.user_id"
            " WHERE to_tsvector('simple', m.text) @@ q.query"
            " UNION ALL"
            " SELECT 'dm', m.id, 0, u.username, t.username, m.text, m.created_at"
            " FROM q, dm_messages m JOIN users u ON u.id = m.from_id JOIN users t ON t.id = m.to_id"
            " WHERE to_tsvector('simple', m.text) @@ q.query AND (m.from_id = $2 OR m.to_id = $2)"
            " UNION ALL"
            " SELECT 'gdm', m.id, m.thread_id, u.username, '', m.text, m.created_at"
            " FROM q, gdm_messages m JOIN users u ON u.id = m.user_id"
            " JOIN gdm_members gm ON gm.thread_id = m.thread_id AND gm.user_id = $2"
            " WHERE to_tsvector('simple', m.text) @@ q.query"
            ") hits ORDER BY created_at DESC, id DESC LIMIT $3",
            query,
            user_id,
            limit
        );
    });
}

}  // namespace chatter::storage::postgres
